#!/usr/bin/env bash
# Browser tests of the public web: starts the server on a free loopback port with a temporary
# data directory, runs browser.test.mjs (Chromium through playwright-core, axe-core for WCAG 2.1
# A/AA, the veiviser by keyboard alone and without JavaScript, search with a typo), then checks
# the HTML of every page type with the Nu HTML checker. Stops everything on exit.
# Usage: run.sh BINARY   (from the repository root, where node_modules/ is)
set -euo pipefail
bin=$(realpath "$1")
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

"$bin" serve --listen 127.0.0.1:0 --data-dir "$work/var" --no-access-log 2>"$work/log" &
pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(grep -o '"url":"http://127.0.0.1:[0-9]*' "$work/log" 2>/dev/null | grep -o '[0-9]*$' || true)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || fail "server did not start"
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done

# 1. Chromium: axe, keyboard, no JavaScript, search.
export HK_BASE_URL=$base
node_status=0
node tests/e2e/browser/browser.test.mjs >"$work/node.out" 2>&1 || node_status=$?
cat "$work/node.out"
passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$work/node.out" | tail -1)
failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$work/node.out" | tail -1)
passed=${passed:-0}
failed=${failed:-0}
[ "$node_status" -eq 0 ] || failed=$((failed > 0 ? failed : 1))

# 2. The Nu HTML checker on every page type.
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
  "veiviser-feil /veiviser?steg=3&rolle=kjoper"
  "veiviser-resultat /veiviser/resultat?$answers&integrasjon=kjernejournal&integrasjon=e-resept"
  "sok /sok?q=kjernejournal"
  "sok-tom /sok"
  "ikke-funnet /finnes-ikke"
)
mkdir -p "$work/html"
for entry in "${pages[@]}"; do
  name=${entry%% *}
  path=${entry#* }
  curl -sS -o "$work/html/$name.html" "$base$path" || fail "could not fetch $path"
done
vnu_errors=0
if ! java -jar node_modules/vnu-jar/build/dist/vnu.jar --errors-only --format gnu \
    "$work"/html/*.html >"$work/vnu.out" 2>&1; then
  vnu_errors=$(grep -c . "$work/vnu.out" || true)
  sed "s|$work/html/||" "$work/vnu.out" >&2
fi
if [ "$vnu_errors" -eq 0 ]; then
  echo "ok - Nu HTML checker: ${#pages[@]} pages, 0 errors"
  passed=$((passed + 1))
else
  echo "not ok - Nu HTML checker: $vnu_errors errors in ${#pages[@]} pages"
  failed=$((failed + 1))
fi

echo "browser tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
