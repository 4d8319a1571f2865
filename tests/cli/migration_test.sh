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

if grep -q '"level":"\(warn\|error\)"' "$work/log"; then
  fail "the server warned on the migrated database: $(grep '"level":"\(warn\|error\)"' "$work/log")"
fi
python3 "$fixture/snapshot.py" "$base" >"$work/actual.json" || fail "snapshot of the migrated data"
diff -u "$fixture/expected.json" "$work/actual.json" >"$work/diff" ||
  fail "the migrated database serves other data than the previous release did:
$(head -60 "$work/diff")"
stop
echo "OK: SQLite: $before stored entities migrated ($applied migrations) and served as before"

# PostgreSQL.
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pgdir=$(mktemp -d /tmp/helsekrav-pg-XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres: "$pgdir"
pg_cleanup() {
  as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$pgdir"
  cleanup
}
trap pg_cleanup EXIT
pgport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg "$pgbin/initdb" -D "$pgdir/data" --auth=trust -U postgres -E UTF8 --locale=C.UTF-8 >"$pgdir/initdb.log"
as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $pgport -k $pgdir -c fsync=off" start >/dev/null
as_pg "$pgbin/createdb" -h 127.0.0.1 -p "$pgport" -U postgres helsekrav
psql_hk() { "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -d helsekrav -v ON_ERROR_STOP=1 -q "$@"; }
psql_hk -f "$fixture/postgres.sql" >"$work/psql.log" 2>&1 ||
  fail "could not load postgres.sql: $(tail -5 "$work/psql.log")"
before=$(psql_hk -tAc 'SELECT count(*) FROM entity')
[ "$before" -gt 0 ] || fail "the PostgreSQL fixture holds no data"

start --no-access-log --db "postgresql://postgres@127.0.0.1:$pgport/helsekrav"
newest=$(find "$store/postgres/migrations" -name '*.sql' | wc -l)
applied=$(psql_hk -tAc 'SELECT count(*) FROM schema_migrations')
[ "$applied" = "$newest" ] ||
  fail "PostgreSQL has $applied migrations after start, the source tree $newest"
if grep -q '"level":"\(warn\|error\)"' "$work/log"; then
  fail "the server warned on the migrated PostgreSQL database: $(grep '"level":"\(warn\|error\)"' "$work/log")"
fi
python3 "$fixture/snapshot.py" "$base" >"$work/actual.json" || fail "snapshot of the PostgreSQL data"
diff -u "$fixture/expected-postgres.json" "$work/actual.json" >"$work/diff" ||
  fail "the migrated PostgreSQL database serves other data than the previous release did:
$(head -60 "$work/diff")"
stop
echo "OK: PostgreSQL: $before stored entities migrated ($applied migrations) and served as before"
