# shellcheck shell=bash
# Shared by the e2e scripts that drive `helsekrav serve` over real sockets with curl. Source it
# after setting `bin` (the helsekrav binary): it makes a temporary directory $work (removed on
# exit, together with the server and any process whose id is in $extra_pids) and defines
# functions only. Every response body lands in $work/body; cookie jars are $work/EMAIL.jar.
# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib/serve.sh"

# The server's clock starts at a fixed instant (src/cli/common.h MakeClock), the date the C++
# app tests use, so no result depends on the day the tests run.
export HELSEKRAV_TEST_NOW=2026-12-08T09:00:00Z

work=$(mktemp -d)
pid=""
extra_pids=""
cleanup() {
  local p
  for p in $pid $extra_pids; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$work/log" ] && tail -5 "$work/log" >&2; exit 1; }

# Scripts that run on either database take BINARY [--db URL] and call `use_db "${@:2}"`; then
# db_args holds the --db option for every command that opens the database (start, user, and the
# script's own). Without it: SQLite in $work/var.
db_args=()
use_db() {  # use_db [--db URL]
  [ $# -eq 0 ] && return 0
  { [ $# -eq 2 ] && [ "$1" = --db ]; } || { echo "usage: $0 BINARY [--db URL]" >&2; exit 2; }
  db_args=(--db "$2")
}

start() {  # start [SERVE FLAGS…] — sets $pid, $port and $base
  "$bin" serve --listen 127.0.0.1:0 --data-dir "$work/var" "${db_args[@]}" "$@" 2>"$work/log" &
  pid=$!
  port=$(hk_wait_port "$work/log") || fail "server did not start"
  base="http://127.0.0.1:$port"
}
stop() {
  kill -TERM "$pid"
  wait "$pid" || fail "server did not exit cleanly on SIGTERM"
  pid=""
}

# One admin user per organisation, created as the operator would (the organisation is approved).
user() {  # user EMAIL ORGNR ORGNAME KIND
  HK_PW="et langt og godt passord" "$bin" admin create-user --data-dir "$work/var" "${db_args[@]}" \
    --email "$1" --name "Test Bruker" --org-number "$2" --org-name "$3" --org-kind "$4" \
    --role admin --password-env HK_PW >>"$work/create-user.log" 2>&1 ||
    fail "admin create-user $1: $(cat "$work/create-user.log")"
}

# The CSRF token of the form in the last response body.
csrf() { grep -o 'name="csrf" value="[^"]*"' "$work/body" | head -1 | sed 's/.*value="//; s/"$//'; }
# The TOTP code (RFC 6238) for a base32 secret at the next step this user has not used yet:
# the server refuses a step twice, and accepts the one after now's. "Now" is the server's clock
# (the Date header of /healthz), not this machine's. Remembers the step in $work/EMAIL.totp-step,
# waiting for the server's clock when both allowed steps are used.
totp_code() {  # totp_code EMAIL SECRET
  python3 - "$work/$1.totp-step" "$2" "$base" <<'PY'
import base64, email.utils, hashlib, hmac, os, struct, sys, time, urllib.request
path, secret, base = sys.argv[1], sys.argv[2].replace(" ", ""), sys.argv[3]
def server_now():
    with urllib.request.urlopen(base + "/healthz") as response:
        return int(email.utils.parsedate_to_datetime(response.headers["Date"]).timestamp())
key = base64.b32decode(secret + "=" * (-len(secret) % 8))
last = int(open(path).read()) if os.path.exists(path) else -1
while last + 1 > server_now() // 30 + 1:
    time.sleep(1)
step = max(server_now() // 30, last + 1)
mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
offset = mac[-1] & 15
value = (struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000
open(path, "w").write(str(step))
print("%06d" % value)
PY
}
login() {  # login EMAIL — a user made by `user`; cookies in $work/EMAIL.jar
  local jar="$work/$1.jar"
  curl -s -o "$work/body" -b "$jar" -c "$jar" "$base/logg-inn"
  curl -s -o "$work/body" -b "$jar" -c "$jar" --data-urlencode "csrf=$(csrf)" \
    --data-urlencode "email=$1" --data-urlencode "password=et langt og godt passord" \
    "$base/logg-inn"
  # Admins answer the second factor (TOTP); the first time, they enrol with the shown secret.
  if grep -q 'name="challenge"' "$work/body"; then
    local secret challenge
    secret=$(grep -o 'name="hemmelighet" value="[^"]*"' "$work/body" | sed 's/.*value="//; s/"$//')
    [ -n "$secret" ] && echo "$secret" >"$work/$1.totp-secret"
    challenge=$(grep -o 'name="challenge" value="[^"]*"' "$work/body" | sed 's/.*value="//; s/"$//')
    local code status
    code=$(totp_code "$1" "$(cat "$work/$1.totp-secret")")
    status=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" \
      --data-urlencode "csrf=$(csrf)" --data-urlencode "challenge=$challenge" \
      --data-urlencode "code=$code" "$base/logg-inn/kode")
    [ "$status" = 303 ] || fail "login $1: the TOTP code was refused (HTTP $status)"
  fi
}
page() {  # page EMAIL PATH — prints the status
  curl -s -o "$work/body" -w '%{http_code}' -b "$work/$1.jar" -c "$work/$1.jar" "$base$2"
}
post() {  # post EMAIL PATH [FIELD=VALUE…] — with the CSRF token of the page in $work/body
  local who=$1 path=$2
  shift 2
  local args=(-s -o "$work/body" -w '%{http_code}' -b "$work/$who.jar" -c "$work/$who.jar"
    --data-urlencode "csrf=$(csrf)")
  local field
  for field in "$@"; do args+=(--data-urlencode "$field"); done
  curl "${args[@]}" "$base$path"
}
api_key() {  # api_key EMAIL → prints a read+write key; the user must be logged in
  page "$1" /min-side/api-nokler >/dev/null
  post "$1" /min-side/api-nokler name=test scopes=read scopes=write >/dev/null
  grep -o '<code class="hk-token">[^<]*' "$work/body" | sed 's/.*>//'
}

call() {  # call METHOD PATH KEY [JSON] — the JSON API with a key; prints the status
  local args=(-s -o "$work/body" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $3")
  [ $# -ge 4 ] && args+=(-H 'Content-Type: application/json' --data "$4")
  curl "${args[@]}" "$base$2"
}
field() {  # field NAME — a top-level member of the JSON in $work/body
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$work/body" "$1"
}

product_version() {  # product_version KEY → creates a product with version 1.0.0; prints its id
  [ "$(call POST /api/v1/products "$1" '{"name":"Journal E2E","description":"Et journalsystem."}')" = 201 ] ||
    fail "create product: $(cat "$work/body")"
  local product
  product=$(field id)
  [ "$(call POST "/api/v1/products/$product/versions" "$1" '{"version":"1.0.0"}')" = 201 ] ||
    fail "create version: $(cat "$work/body")"
  field id
}
