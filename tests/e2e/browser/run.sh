#!/usr/bin/env bash
# Browser tests of the web: creates an authority administrator with `helsekrav admin
# create-user`, starts the server on a free loopback port with that temporary data directory,
# runs browser.test.mjs (Chromium through playwright-core, axe-core for WCAG 2.1 A/AA, the
# veiviser by keyboard alone and without JavaScript, search with a typo) and register.test.mjs
# (a new supplier registers, is approved, and publishes a declaration with an evidence file, every
# page axe-checked) and approvals.test.mjs (NHN issues and revokes a Kjernejournal API approval
# that shows in the register and on the product passport, every page axe-checked), then checks
# the HTML of every page type and of every page of those flows with the Nu HTML checker. Stops
# everything on exit. With --db (tests/e2e/on_postgres.sh), the server runs on that database and
# only the flows run (register.test.mjs, approvals.test.mjs, with their axe and Nu checks): the
# public page types do not depend on the database and are checked in the SQLite run.
# The server's clock starts at 2026-12-08T09:00:00Z (HELSEKRAV_TEST_NOW), so no result depends
# on the day the tests run.
# Usage: run.sh BINARY [--db URL]   (from the repository root, where node_modules/ is)
set -euo pipefail
# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/../../../scripts/lib/serve.sh"
bin=$(realpath "$1")
db_args=()
if [ $# -gt 1 ]; then
  { [ $# -eq 3 ] && [ "$2" = --db ]; } || { echo "usage: run.sh BINARY [--db URL]" >&2; exit 2; }
  db_args=(--db "$3")
fi
export HELSEKRAV_TEST_NOW=2026-12-08T09:00:00Z
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
cd "$root"
work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$work/log" ] && tail -5 "$work/log" >&2; exit 1; }

for tool in node java curl; do
  command -v "$tool" >/dev/null || fail "$tool is not installed"
done
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is not installed"
[ -d node_modules/playwright-core ] || fail "node_modules/ is missing: run npm ci"

# The authority's administrator, who approves the new supplier in register.test.mjs. The password
# goes through the environment, never the command line.
export HK_ADMIN_EMAIL=admin@helsedirektoratet.example
HK_ADMIN_PASSWORD="e2e-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
export HK_ADMIN_PASSWORD
"$bin" admin create-user --email "$HK_ADMIN_EMAIL" --name "Ada Administrator" \
    --org-number 983544622 --org-name Helsedirektoratet --org-kind authority --role admin \
    --password-env HK_ADMIN_PASSWORD --data-dir "$work/var" "${db_args[@]}" >"$work/admin.out" 2>&1 ||
  { cat "$work/admin.out" >&2; fail "could not create the administrator"; }

"$bin" serve --listen 127.0.0.1:0 --data-dir "$work/var" "${db_args[@]}" --no-access-log \
  2>"$work/log" &
pid=$!
port=$(hk_wait_port "$work/log") || fail "server did not start"
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "$base/readyz" >/dev/null || fail "the server is not ready"

# 1. Chromium: the public pages (axe, keyboard, no JavaScript, search), then the register flow
# from registration to a published declaration. Each file runs alone (one Chromium at a time);
# its TAP summary is added to the counts, and a file that exits non-zero counts at least one
# failure.
export HK_BASE_URL=$base
export HK_HTML_DIR=$work/html
# Admins answer a TOTP code at sign-in; the secrets they enrolled with are kept here between the
# test files (flow.mjs, answerSecondFactor).
export HK_TOTP_DIR=$work/totp
mkdir -p "$HK_HTML_DIR" "$HK_TOTP_DIR"
passed=0
failed=0
skipped=0
run_node() {
  local name=$1 status=0 p f s
  node "tests/e2e/browser/$name.test.mjs" >"$work/$name.out" 2>&1 || status=$?
  cat "$work/$name.out"
  p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$work/$name.out" | tail -1)
  f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$work/$name.out" | tail -1)
  s=$(sed -n 's/^# skipped \([0-9]*\)$/\1/p' "$work/$name.out" | tail -1)
  p=${p:-0}
  f=${f:-0}
  s=${s:-0}
  [ "$status" -eq 0 ] || f=$((f > 0 ? f : 1))
  echo "$name.test.mjs: $p passed, $f failed, $s skipped"
  passed=$((passed + p))
  failed=$((failed + f))
  skipped=$((skipped + s))
}
[ ${#db_args[@]} -gt 0 ] || run_node browser
run_node register
run_node approvals

# 2. The Nu HTML checker on every page type (each fetched with its status checked), and on the
# pages register.test.mjs and approvals.test.mjs saved.
answers="rolle=kjoper&kategori=epj-pleie-omsorg&aktor=municipality"
pages=(
  "forside /"
  "krav /krav"
  "krav-EHDS-01 /krav/EHDS-01"
  "standarder /standarder"
  "standard-hl7-fhir-r4 /standarder/hl7-fhir-r4"
  "profiler /profiler"
  "profil-epj-pleie-omsorg /profiler/epj-pleie-omsorg"
  "godkjenningsordninger /godkjenningsordninger"
  "godkjenningsordning-kjernejournal-api /godkjenningsordninger/kjernejournal-api"
  "organisasjon-norsk-helsenett /organisasjoner/norsk-helsenett"
  "kommuner /kommuner"
  "veiviser-steg-1 /veiviser"
  "veiviser-steg-2 /veiviser?steg=2&rolle=kjoper"
  "veiviser-steg-3 /veiviser?steg=3&rolle=kjoper&kategori=epj-pleie-omsorg"
  "veiviser-steg-4 /veiviser?steg=4&$answers"
  "veiviser-feil /veiviser?steg=3&rolle=kjoper 400"
  "veiviser-resultat /veiviser/resultat?$answers&integrasjon=kjernejournal&integrasjon=e-resept"
  "sok /sok?q=kjernejournal"
  "sok-tom /sok"
  "ikke-funnet /finnes-ikke 404"
  "godkjenninger-tomt-filter /godkjenninger?status=suspended"
)
[ ${#db_args[@]} -eq 0 ] || pages=()
for entry in "${pages[@]}"; do
  read -r name path expected <<<"$entry"
  status=$(curl -sS -o "$work/html/$name.html" -w '%{http_code}' "$base$path") ||
    fail "could not fetch $path"
  [ "$status" = "${expected:-200}" ] || fail "$path answered $status, not ${expected:-200}"
done
# register.test.mjs saved the flow's pages as flyt-*.html in the same directory.
checked=$(find "$work/html" -name '*.html' | wc -l)
vnu_errors=0
if ! java -jar node_modules/vnu-jar/build/dist/vnu.jar --errors-only --format gnu \
    "$work"/html/*.html >"$work/vnu.out" 2>&1; then
  vnu_errors=$(grep -c . "$work/vnu.out" || true)
  sed "s|$work/html/||" "$work/vnu.out" >&2
fi
if [ "$vnu_errors" -eq 0 ]; then
  echo "ok - Nu HTML checker: $checked pages, 0 errors"
  passed=$((passed + 1))
else
  echo "not ok - Nu HTML checker: $vnu_errors errors in $checked pages"
  failed=$((failed + 1))
fi

echo "browser tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
