#!/usr/bin/env bash
# The real server over real sockets: first start loads the default catalog, the API answers
# with filters, problem+json and 304s, HEAD and keep-alive work, oversized bodies are refused,
# an import by another process is picked up, and SIGTERM stops it cleanly.
# Usage: serve_test.sh BINARY [--db URL]   (default: SQLite in a temporary data directory)
set -euo pipefail
# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib/serve.sh"
bin=$1
shift
db_args=("$@")
export HELSEKRAV_TEST_NOW=2026-12-08T09:00:00Z  # the server's clock: src/cli/common.h MakeClock
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$work/log" ] && tail -5 "$work/log" >&2; exit 1; }

"$bin" serve --listen 127.0.0.1:0 --data-dir "$work/var" "${db_args[@]}" 2>"$work/log" &
pid=$!
port=$(hk_wait_port "$work/log") || fail "server did not start"
base="http://127.0.0.1:$port"
grep -q "loaded the default catalog" "$work/log" || fail "first start did not load the default catalog"
if [ ${#db_args[@]} -gt 0 ]; then
  grep -q '"db":"postgresql://' "$work/log" || fail "server is not on PostgreSQL"
fi

curl -fsS "$base/readyz" | grep -q '"ready"' || fail "/readyz"
# The test clock: warned about in the log, and the Date header of every response comes from it
# (it started at 09:00:00 and advances; this machine's clock is another day).
grep -q "HELSEKRAV_TEST_NOW is set" "$work/log" || fail "no warning about HELSEKRAV_TEST_NOW"
date_header=$(curl -fsS -o /dev/null -D - "$base/healthz" | tr -d '\r' | sed -n 's/^[Dd]ate: //p')
[[ "$date_header" =~ ^Tue,\ 08\ Dec\ 2026\ 09:[0-5][0-9]:[0-5][0-9]\ GMT$ ]] ||
  fail "Date: «$date_header» is not the test clock's"

body=$(curl -fsS "$base/api/v1/requirements?area=security")
echo "$body" | grep -q '"area":"security"' || fail "area=security returned no security requirements"
echo "$body" | grep -q '"source"' || fail "requirements carry no source"
if echo "$body" | grep -q '"area":"eu"'; then fail "area=security leaked other areas"; fi

code=$(curl -s -o "$work/p.json" -w '%{http_code} %{content_type}' "$base/api/v1/requirements?area=bogus")
[ "$code" = "400 application/problem+json" ] || fail "area=bogus gave $code"
grep -q '"allowed"' "$work/p.json" || fail "problem does not list allowed values"

etag=$(curl -fsSI "$base/api/v1/requirements" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
[ -n "$etag" ] || fail "no ETag"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$base/api/v1/requirements")
[ "$code" = 304 ] || fail "If-None-Match gave $code, not 304"

# Two requests on one connection (keep-alive).
out=$(curl -fsS -w '\n%{num_connects}\n' "$base/healthz" "$base/healthz")
[ "$(echo "$out" | tail -1)" = 0 ] || fail "second request opened a new connection"

code=$(head -c 2000000 /dev/zero | curl -s -o /dev/null -w '%{http_code}' --data-binary @- "$base/api/v1/requirements")
[ "$code" = 413 ] || fail "2 MB body gave $code, not 413"

# An import by another process is published by the running server within seconds.
cat > "$work/update.json" <<'JSON'
{"categories": [{"key": "testkategori", "name": "Testkategori", "parent": null, "description": "Lagt til av testen."}]}
JSON
"$bin" import "$work/update.json" --data-dir "$work/var" "${db_args[@]}" >/dev/null
for _ in $(seq 1 50); do
  curl -fsS "$base/api/v1/categories/testkategori" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "$base/api/v1/categories/testkategori" | grep -q Testkategori || fail "running server did not pick up the import"

kill -TERM "$pid"
wait "$pid" || fail "server did not exit cleanly on SIGTERM"
pid=""
grep -q "helsekrav stopped" "$work/log" || fail "no clean shutdown logged"
echo "e2e serve test (${db_args[*]:-sqlite}): 1 passed, 0 failed"
