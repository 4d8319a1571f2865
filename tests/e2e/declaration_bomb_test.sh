#!/usr/bin/env bash
# Security review 2026-12, finding H1: declaration files built to expand (the review's 37 kB
# alias file, 100 000 levels of nesting, a 900 kB string), posted with a supplier's write key to
# POST /api/v1/declarations, are refused with 422 and raise the server's peak memory (VmHWM) by
# less than 50 MB; a normal file of the same size is accepted first, as the reference. Times are
# not asserted here: bench/declaration_bomb.sh measures them for docs/BENCHMARKS.md. A file with
# 150 errors is answered with the first 100.
# Usage: declaration_bomb_test.sh BINARY
set -euo pipefail
bin=$1
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=/dev/null
source "$root/tests/e2e/lib.sh"
start --no-access-log

user lev@leverandor.example 974760673 "Testleverandør AS" supplier
login lev@leverandor.example
key=$(api_key lev@leverandor.example)
[ -n "$key" ] || fail "could not create an API key"
version=$(product_version "$key")
python3 "$root/bench/declaration_bombs.py" "$work/files" "$version" "$root/data/catalog"

hwm() { awk '/^VmHWM:/ {print $2}' "/proc/$pid/status"; }  # kB
post_file() {  # post_file FILE — prints the status
  curl -s -o "$work/body" -w '%{http_code}' -X POST -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/yaml' --data-binary "@$1" "$base/api/v1/declarations"
}

status=$(post_file "$work/files/normal.yaml")
[ "$status" = 201 ] || fail "the normal declaration gave $status: $(head -c 600 "$work/body")"
before=$(hwm)

for name in alias deep huge-string; do
  status=$(post_file "$work/files/$name.yaml")
  [ "$status" = 422 ] || fail "H1: $name.yaml gave $status, not 422: $(head -c 600 "$work/body")"
  grep -q '"line"' "$work/body" || fail "H1: $name.yaml: the problem names no line: $(cat "$work/body")"
  after=$(hwm)
  growth=$(((after - before) / 1024))
  echo "$name.yaml: 422, peak memory $((before / 1024)) MB -> $((after / 1024)) MB"
  [ "$growth" -lt 50 ] || fail "H1: $name.yaml raised the server's peak memory by $growth MB (limit 50)"
done
status=$(post_file "$work/files/alias.yaml")
grep -q 'YAML-ankre og -aliaser' "$work/body" ||
  fail "H1: the alias file's problem does not say why: $(cat "$work/body")"

# A file with 150 errors: the answer lists the first 100 and says how many there were.
{
  printf 'format: helsekrav-declaration/1\nproduct_version: %s\nprofile: helseapp\nanswers:\n' "$version"
  for i in $(seq 150); do printf '  - {requirement: GDPR-01, answer: meets, farge%d: blå}\n' "$i"; done
} >"$work/files/many-errors.yaml"
status=$(post_file "$work/files/many-errors.yaml")
[ "$status" = 422 ] || fail "H1: a file with 150 errors gave $status, not 422"
python3 - "$work/body" <<'PY' || fail "H1: the problems of a file with 150 errors are not capped at 100: $(head -c 400 "$work/body")"
import json, sys
body = json.load(open(sys.argv[1]))
assert len(body["invalid_params"]) == 100, len(body["invalid_params"])
assert "De første 100 av 150 feil" in body["detail"], body["detail"]
PY

# Nothing was stored: the supplier has the one normal declaration only.
[ "$(call GET '/api/v1/declarations?status=draft' "$key")" = 200 ] || fail "list declarations"
count=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$work/body")
[ "$count" = 1 ] || fail "H1: $count declarations stored, expected only the normal one"
echo "OK: declaration bombs refused"
