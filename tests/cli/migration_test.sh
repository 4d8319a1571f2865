#!/usr/bin/env bash
# A database made by the previous release, holding data, is migrated by this binary and serves
# the same data: loads tests/fixtures/previous-release/sqlite.sql into a fresh SQLite file,
# starts `helsekrav serve` on it (which migrates it to the newest schema) and compares what the
# API serves with what the previous release served (expected.json); then the same with
# postgres.sql in a throwaway PostgreSQL server (as tests/e2e/serve_postgres_test.sh starts
# one) and expected-postgres.json. The fixture's README.md says how it was made and which
# differences are allowed (none yet).
# Usage: migration_test.sh BINARY
set -euo pipefail
bin=$1
fixture="$(cd "$(dirname "${BASH_SOURCE[0]}")/../fixtures/previous-release" && pwd)"
store="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../src/store" && pwd)"
# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib.sh"
command -v sqlite3 >/dev/null || fail "sqlite3 is needed to load the fixture"
# Warnings and errors in the server's log, except lib.sh's test clock announcing itself.
warnings() { grep '"level":"\(warn\|error\)"' "$work/log" | grep -v HELSEKRAV_TEST_NOW; }

mkdir -p "$work/var"
sqlite3 "$work/var/helsekrav.db" <"$fixture/sqlite.sql" || fail "could not load the fixture"
# The log's signing key, so that the audit at start can check the stored statements.
mkdir -m 700 "$work/var/keys"
cp "$fixture/keys/"* "$work/var/keys/"
chmod 600 "$work/var/keys/"*.key
before=$(sqlite3 "$work/var/helsekrav.db" 'SELECT count(*) FROM entity')
[ "$before" -gt 0 ] || fail "the fixture holds no data"

start --no-access-log
newest=$(find "$store/sqlite/migrations" -name '*.sql' | wc -l)
applied=$(sqlite3 "$work/var/helsekrav.db" 'SELECT count(*) FROM schema_migrations')
[ "$applied" = "$newest" ] ||
  fail "the database has $applied migrations after start, the source tree $newest"

if warnings; then fail "the server warned on the migrated database: $(warnings)"; fi
python3 "$fixture/snapshot.py" "$base" >"$work/actual.json" || fail "snapshot of the migrated data"
diff -u "$fixture/expected.json" "$work/actual.json" >"$work/diff" ||
  fail "the migrated database serves other data than the previous release did:
$(head -60 "$work/diff")"
stop
echo "OK: SQLite: $before stored entities migrated ($applied migrations) and served as before"

# PostgreSQL.
# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/../e2e/pg.sh"
pg_start
psql_hk() { "$pg_bin/psql" "$pg_url" -v ON_ERROR_STOP=1 -q "$@"; }
psql_hk -f "$fixture/postgres.sql" >"$work/psql.log" 2>&1 ||
  fail "could not load postgres.sql: $(tail -5 "$work/psql.log")"
before=$(psql_hk -tAc 'SELECT count(*) FROM entity')
[ "$before" -gt 0 ] || fail "the PostgreSQL fixture holds no data"

start --no-access-log --db "$pg_url"
newest=$(find "$store/postgres/migrations" -name '*.sql' | wc -l)
applied=$(psql_hk -tAc 'SELECT count(*) FROM schema_migrations')
[ "$applied" = "$newest" ] ||
  fail "PostgreSQL has $applied migrations after start, the source tree $newest"
if warnings; then fail "the server warned on the migrated PostgreSQL database: $(warnings)"; fi
python3 "$fixture/snapshot.py" "$base" >"$work/actual.json" || fail "snapshot of the PostgreSQL data"
diff -u "$fixture/expected-postgres.json" "$work/actual.json" >"$work/diff" ||
  fail "the migrated PostgreSQL database serves other data than the previous release did:
$(head -60 "$work/diff")"
stop
echo "OK: PostgreSQL: $before stored entities migrated ($applied migrations) and served as before"
