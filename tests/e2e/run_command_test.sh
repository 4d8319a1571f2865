#!/usr/bin/env bash
# The README's run command as a new user meets it: `bash scripts/run.sh` installs, makes the
# release build, and serves the default catalog. Run by scripts/test.sh (so by CI) before the
# test build: if the run command cannot build or start, the test command fails.
#
# It checks that the release build is warning-free, starts run.sh on a free port with a throwaway
# data directory (first start on an empty directory), fetches /readyz, the front page, an API
# list and a label image, stops it, starts it again on the same directory (second start), and
# finally starts it exactly as the README says (127.0.0.1:8080, ./var) when that port is free.
# That last start uses ./var of this checkout, as the README's command does.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
bin=$root/build/release/helsekrav
# shellcheck source=tests/e2e/lib.sh
source tests/e2e/lib.sh

run_cmd() {  # run_cmd LISTEN DATA_DIR — scripts/run.sh in the background; sets $pid
  HELSEKRAV_LISTEN=$1 HELSEKRAV_DATA_DIR=$2 bash scripts/run.sh --no-access-log \
    >"$work/run.out" 2>"$work/log" &
  pid=$!
}
wait_ready() {  # wait_ready BASE — /readyz within the time a cold build may take to start
  for _ in $(seq 1 600); do
    curl -fsS "$1/readyz" 2>/dev/null | grep -q '"ready"' && return 0
    kill -0 "$pid" 2>/dev/null || fail "scripts/run.sh exited: $(tail -20 "$work/run.out")"
    sleep 0.5
  done
  fail "no /readyz from scripts/run.sh"
}

echo "run command: first start on an empty data directory (release build)"
run_cmd 127.0.0.1:0 "$work/var"
port=$(for _ in $(seq 1 3600); do
  p=$(grep -o '"url":"http://127.0.0.1:[0-9]*' "$work/log" 2>/dev/null | grep -o '[0-9]*$' || true)
  [ -n "$p" ] && { echo "$p"; break; }
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.5
done)
[ -n "$port" ] || fail "scripts/run.sh did not start: $(tail -30 "$work/run.out" "$work/log")"
base="http://127.0.0.1:$port"
wait_ready "$base"
# A compiler warning never stops a user's build, but the release build must stay clean of them.
if grep -E "warning:" "$work/run.out" "$work/log" >"$work/warnings"; then
  cat "$work/warnings" >&2
  fail "the release build printed compiler warnings"
fi
grep -q "loaded the default catalog" "$work/log" || fail "first start did not load the catalog"

[ "$(curl -s -o "$work/body" -w '%{http_code}' "$base/")" = 200 ] || fail "front page"
grep -q "helsekrav" "$work/body" || fail "front page has no helsekrav"
[ "$(curl -s -o "$work/body" -w '%{http_code}' "$base/api/v1/requirements?per_page=5")" = 200 ] ||
  fail "API list"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["total"] > 100, d["total"]; assert len(d["items"]) == 5' \
  "$work/body" || fail "API list has not the default catalog: $(head -c 300 "$work/body")"

# A label image needs a product version: a supplier made as the operator would, with a key.
user leverandor@example.no 912345688 "Leverandør Røyk AS" supplier
login leverandor@example.no
key=$(api_key leverandor@example.no)
[ -n "$key" ] || fail "no API key"
version=$(product_version "$key")
[ "$(curl -s -o "$work/label.svg" -w '%{http_code}' "$base/pass/$version/merke/helseapp.svg")" = 200 ] ||
  fail "label SVG: $(head -c 300 "$work/label.svg")"
grep -q "<svg" "$work/label.svg" || fail "label SVG is not an SVG"
[ "$(curl -s -o "$work/label.png" -w '%{http_code}' "$base/pass/$version/merke/helseapp.png")" = 200 ] ||
  fail "label PNG"
[ "$(head -c 8 "$work/label.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
  fail "label PNG is not a PNG"
stop

# Security review 2026-12, L6: the data directory holds password hashes, uploads, webhook secrets
# and signing keys, so only the service's user may read it; older installs are tightened.
[ "$(stat -c %a "$work/var")" = 700 ] || fail "L6: data directory is $(stat -c %a "$work/var"), not 700"
bad=$(find "$work/var" \( \( -type f ! -perm 600 \) -o \( -type d ! -perm 700 \) \) -printf '%m %p\n')
[ -z "$bad" ] || fail "L6: readable by others: $bad"
chmod 755 "$work/var" && chmod 644 "$work/var/helsekrav.db"

echo "run command: second start on the same data directory"
run_cmd 127.0.0.1:0 "$work/var"
port=$(hk_wait_port "$work/log") || fail "second start: $(tail -20 "$work/run.out" "$work/log")"
base="http://127.0.0.1:$port"
wait_ready "$base"
! grep -q "loaded the default catalog" "$work/log" || fail "second start loaded the catalog again"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/pass/$version")" = 200 ] ||
  fail "the product made before the restart is gone"
stop
bad=$(find "$work/var" \( \( -type f ! -perm 600 \) -o \( -type d ! -perm 700 \) \) -printf '%m %p\n')
[ -z "$bad" ] || fail "L6: a restart did not tighten an older data directory: $bad"

if curl -s -o /dev/null "http://127.0.0.1:8080/" 2>/dev/null; then
  echo "run command: port 8080 is in use here, so the README's exact defaults were not started"
else
  echo "run command: the README's defaults (127.0.0.1:8080, ./var)"
  bash scripts/run.sh --no-access-log >"$work/run.out" 2>"$work/log" &
  pid=$!
  wait_ready "http://127.0.0.1:8080"
  [ -f var/helsekrav.db ] || fail "run.sh did not make ./var/helsekrav.db"
  stop
fi
echo "run command: ok"
