#!/usr/bin/env bash
# helsekrav import: a good catalog imports; a file with one broken record is rejected with the
# file, record and field named, and the database is byte-for-byte unchanged; export round-trips.
# Usage: import_test.sh BINARY CATALOG_DIR [--db URL]   (default: SQLite in a temporary data
# directory; with --db, HK_FRESH_DB names a second, empty database for the round trip, as
# tests/e2e/on_postgres.sh sets it)
set -euo pipefail
bin=$1
catalog=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
export HELSEKRAV_TEST_NOW=2026-12-08T09:00:00Z  # the server's clock: src/cli/common.h MakeClock
db=(--data-dir "$work/var")
fresh=(--data-dir "$work/fresh")
if [ $# -gt 2 ]; then
  { [ $# -eq 4 ] && [ "$3" = --db ] && [ -n "${HK_FRESH_DB:-}" ]; } ||
    fail "usage: import_test.sh BINARY CATALOG_DIR [--db URL] (with HK_FRESH_DB set)"
  db+=(--db "$4")
  fresh+=(--db "$HK_FRESH_DB")
fi

"$bin" --help >/dev/null
"$bin" import --help | grep -q -- "--db" || fail "import --help does not list --db"

out=$("$bin" import "$catalog" "${db[@]}")
echo "$out" | grep -q "Importert" || fail "import did not report success: $out"
"$bin" migrate "${db[@]}" | grep -q "skjemaversjon" || fail "migrate output"
"$bin" export "${db[@]}" -o "$work/before.json"

# One broken field in one record.
cp -r "$catalog" "$work/broken"
python3 - "$work/broken/requirements.json" <<'PY'
import json, sys
path = sys.argv[1]
doc = json.load(open(path, encoding="utf-8"))
doc["requirements"][5]["versions"][0]["area"] = "bogus"
json.dump(doc, open(path, "w", encoding="utf-8"), ensure_ascii=False)
PY
if "$bin" import "$work/broken" "${db[@]}" 2>"$work/err.txt"; then
  fail "a broken file was accepted"
fi
grep -q "requirements.json: requirements\[5\].versions\[0\].area" "$work/err.txt" || fail "error does not name file, record and field: $(cat "$work/err.txt")"
grep -q "bogus" "$work/err.txt" || fail "error does not quote the bad value"
"$bin" export "${db[@]}" -o "$work/after.json"
cmp -s "$work/before.json" "$work/after.json" || fail "database changed after a rejected import"

# A broken reference, found only when the whole catalog is checked.
cp "$catalog/requirements.json" "$work/broken/requirements.json"
python3 - "$work/broken/requirements.json" <<'PY'
import json, sys
path = sys.argv[1]
doc = json.load(open(path, encoding="utf-8"))
doc["requirements"][2]["versions"][0]["owner"] = "finnes-ikke"
print(doc["requirements"][2]["key"], file=open(path + ".key", "w"))
json.dump(doc, open(path, "w", encoding="utf-8"), ensure_ascii=False)
PY
key=$(cat "$work/broken/requirements.json.key")
rm "$work/broken/requirements.json.key"
if "$bin" import "$work/broken" "${db[@]}" 2>"$work/err.txt"; then
  fail "a broken reference was accepted"
fi
grep -q "requirements.json: requirements\[$key\].versions\[0\].owner" "$work/err.txt" || fail "reference error not named: $(cat "$work/err.txt")"
grep -q "databasen er uendret" "$work/err.txt" || fail "no reassurance that nothing changed"
"$bin" export "${db[@]}" -o "$work/after.json"
cmp -s "$work/before.json" "$work/after.json" || fail "database changed after a rejected reference"

# Not JSON at all.
echo "{ ikke json" > "$work/garbage.json"
if "$bin" import "$work/garbage.json" "${db[@]}" 2>"$work/err.txt"; then
  fail "garbage was accepted"
fi
grep -q "garbage.json" "$work/err.txt" || fail "garbage error does not name the file"

# The export is itself importable and round-trips.
"$bin" import "$work/before.json" "${fresh[@]}" >/dev/null
"$bin" export "${fresh[@]}" -o "$work/again.json"
cmp -s "$work/before.json" "$work/again.json" || fail "export → import → export differs"

echo "cli import test (${db[3]:-sqlite}): 1 passed, 0 failed"
