#!/usr/bin/env bash
# Installs what helsekrav needs on Debian 12 (as root): Debian packages with apt-get and npm
# packages from the committed package-lock.json. Idempotent: it only installs what is missing.
#   scripts/setup.sh run    build and run dependencies
#   scripts/setup.sh test   also the test tools (PostgreSQL, GoogleTest, clang tools, Node.js)
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-test}

packages=(
  g++ cmake ninja-build pkg-config git ca-certificates
  libboost-dev libssl-dev libsqlite3-dev libpq-dev nlohmann-json3-dev libcli11-dev
  libxapian-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libxlsxwriter-dev
  libsodium-dev libyaml-dev libcurl4-openssl-dev libqrencode-dev librsvg2-dev libcairo2-dev
  john-data  # /usr/share/john/password.lst: common passwords refused at sign-up (public domain)
)
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)  # the design system's CSS comes from npm
if [ "$mode" = test ]; then
  packages+=(
    googletest libgtest-dev postgresql curl python3 clang-format
    # clang-tidy from LLVM 22 (Debian 12's security archive): it skips the system headers' syntax
    # trees, ~4x faster than Debian 12's default clang-tidy 14 on our sources.
    clang-tidy-22
    sqlite3  # loads the previous release's database dump in tests/cli/migration_test.sh
    chromium default-jre-headless fonts-dejavu-core
    lld  # links the ASan test binaries (~300 MB each) in a third of GNU ld's time
  )
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm ci only when the lock file changed since the last install.
{
  stamp=node_modules/.helsekrav-lock.sha256
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "setup: npm ci"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want" > "$stamp"
  fi
}
