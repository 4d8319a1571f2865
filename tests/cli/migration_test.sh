#!/usr/bin/env bash
# A database made by the previous release, holding data, is migrated by this binary and serves
# the same data: loads tests/fixtures/previous-release/sqlite.sql into a fresh SQLite file,
# starts `helsekrav serve` on it (which migrates it to the newest schema) and compares what the
# API serves with what the previous release served (expected.json). The fixture's README.md
# says how it was made and which differences are allowed (none yet).
# Usage: migration_test.sh BINARY
set -euo pipefail
bin=$1
fixture="$(cd "$(dirname "${BASH_SOURCE[0]}")/../fixtures/previous-release" && pwd)"
migrations="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../src/store/sqlite/migrations" && pwd)"
# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib.sh"
command -v sqlite3 >/dev/null || fail "sqlite3 is needed to load the fixture"

mkdir -p "$work/var"
sqlite3 "$work/var/helsekrav.db" <"$fixture/sqlite.sql" || fail "could not load the fixture"
# The log's signing key, so that the audit at start can check the stored statements.
mkdir -m 700 "$work/var/keys"
cp "$fixture/keys/"* "$work/var/keys/"
chmod 600 "$work/var/keys/"*.key
before=$(sqlite3 "$work/var/helsekrav.db" 'SELECT count(*) FROM entity')
[ "$before" -gt 0 ] || fail "the fixture holds no data"

start --no-access-log
newest=$(find "$migrations" -name '*.sql' | wc -l)
applied=$(sqlite3 "$work/var/helsekrav.db" 'SELECT count(*) FROM schema_migrations')
[ "$applied" = "$newest" ] ||
  fail "the database has $applied migrations after start, the source tree $newest"

if grep -q '"level":"\(warn\|error\)"' "$work/log"; then
  fail "the server warned on the migrated database: $(grep '"level":"\(warn\|error\)"' "$work/log")"
fi
python3 "$fixture/snapshot.py" "$base" >"$work/actual.json" || fail "snapshot of the migrated data"
diff -u "$fixture/expected.json" "$work/actual.json" >"$work/diff" ||
  fail "the migrated database serves other data than the previous release did:
$(head -60 "$work/diff")"
stop
echo "OK: $before stored entities migrated ($applied migrations) and served as before"
