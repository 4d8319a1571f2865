#!/usr/bin/env bash
# Webhooks through `helsekrav serve` and its web pages, over real sockets: a supplier's
# administrator registers a webhook under /min-side/webhooker (the secret is shown once), Norsk
# helsenett issues an approval to the supplier's product version through the API, and serve's
# worker delivers it, signed, to a receiver on 127.0.0.1 within seconds; the delivery page shows
# it as delivered, «Send på nytt» sends it again, and another organisation cannot see it.
# Without --webhook-allow-http-loopback the same address is refused.
# Usage: webhook_flow_test.sh BINARY [--db URL]   (default: SQLite in a temporary data directory)
set -euo pipefail
bin=$1
# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_db "${@:2}"

# A receiver that stores each request's headers and body as $work/got.N.json and answers 200.
cat >"$work/receiver.py" <<'EOF'
import http.server, json, sys
work = sys.argv[1]
count = 0
class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        global count
        body = self.rfile.read(int(self.headers["Content-Length"]))
        count += 1
        with open(f"{work}/got.{count}.json", "w") as f:
            json.dump({"headers": dict(self.headers), "body": body.decode()}, f)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_port, flush=True)
server.serve_forever()
EOF
python3 "$work/receiver.py" "$work" >"$work/receiver.port" &
extra_pids=$!
for _ in $(seq 1 50); do [ -s "$work/receiver.port" ] && break; sleep 0.1; done
hook_url="http://127.0.0.1:$(cat "$work/receiver.port")/varsler"

user nhn@nhn.example 994598759 "Norsk helsenett SF" approving_body
user lev@leverandor.example 974760673 "Testleverandør AS" supplier
user annen@leverandor.example 914778271 "Annen Leverandør AS" supplier
start --no-access-log --webhook-allow-http-loopback

login lev@leverandor.example
login nhn@nhn.example
login annen@leverandor.example
lev=$(api_key lev@leverandor.example)
nhn=$(api_key nhn@nhn.example)
if [ -z "$lev" ] || [ -z "$nhn" ]; then fail "could not create API keys"; fi

# Register through the form: a private address is refused with the field named, then ours.
[ "$(page lev@leverandor.example /min-side/webhooker)" = 200 ] || fail "webhook page"
grep -q "ingen webhooker ennå" "$work/body" || fail "no empty state"
status=$(post lev@leverandor.example /min-side/webhooker "url=https://10.0.0.1/x" \
  event_types=approval.issued)
[ "$status" = 422 ] || fail "a private address gave $status, not 422"
grep -q "internt eller privat nett" "$work/body" || fail "no message for the private address"
status=$(post lev@leverandor.example /min-side/webhooker "url=$hook_url" \
  "description=Journalsystemet" event_types=approval.issued event_types=label.issued)
[ "$status" = 200 ] || fail "registering gave $status"
secret=$(grep -o '<code class="hk-token">[^<]*' "$work/body" | sed 's/.*>//')
[ ${#secret} = 43 ] || fail "the secret was not shown once after registering"
[ "$(page lev@leverandor.example /min-side/webhooker)" = 200 ] || fail "webhook page"
grep -q "$secret" "$work/body" && fail "the secret is shown again"
hook=$(grep -o 'href="/min-side/webhooker/[^"]*"' "$work/body" | head -1 | sed 's/.*webhooker\///; s/"$//')
[ -n "$hook" ] || fail "the new webhook is not listed"

# Norsk helsenett issues an approval of the supplier's product version.
version=$(product_version "$lev")
approval='{"scheme":"kjernejournal-api","subject_id":"'$version'","valid_from":"2026-01-01","valid_to":"2099-01-01"}'
[ "$(call POST /api/v1/approvals "$nhn" "$approval")" = 201 ] || fail "issue: $(cat "$work/body")"
approval_id=$(field id)

# serve's worker delivers it within a few seconds, signed with the secret.
for _ in $(seq 1 100); do [ -f "$work/got.1.json" ] && break; sleep 0.1; done
[ -f "$work/got.1.json" ] || fail "no delivery arrived within 10 seconds"
python3 - "$work/got.1.json" "$secret" "$approval_id" <<'EOF' || fail "bad delivery"
import hashlib, hmac, json, sys
got = json.load(open(sys.argv[1]))
h = {k.lower(): v for k, v in got["headers"].items()}
message = (h["x-helsekrav-timestamp"] + "." + got["body"]).encode()
expected = "sha256=" + hmac.new(sys.argv[2].encode(), message, hashlib.sha256).hexdigest()
assert hmac.compare_digest(expected, h["x-helsekrav-signature"]), "signature"
body = json.loads(got["body"])
assert h["x-helsekrav-event"] == body["type"] == "approval.issued", body["type"]
assert body["data"]["entity_id"] == sys.argv[3], body["data"]
assert h["x-helsekrav-delivery"] == body["id"]
EOF

# The delivery page shows it delivered; «Send på nytt» sends it again.
for _ in $(seq 1 50); do
  page lev@leverandor.example "/min-side/webhooker/$hook" >/dev/null
  grep -q ">Levert<" "$work/body" && break
  sleep 0.1
done
grep -q ">Levert<" "$work/body" || fail "the delivery is not shown as delivered"
grep -q "HTTP 200" "$work/body" || fail "the attempt is not shown"
replay=$(grep -o 'action="/min-side/webhooker/[^"]*/send-paa-nytt"' "$work/body" | head -1 |
  sed 's/action="//; s/"$//')
[ -n "$replay" ] || fail "no replay button"
# Another organisation's administrator can neither see nor replay it.
[ "$(page annen@leverandor.example "/min-side/webhooker/$hook")" = 403 ] ||
  fail "another organisation saw the deliveries"
[ "$(post annen@leverandor.example "$replay")" = 403 ] || fail "another organisation replayed"
page lev@leverandor.example "/min-side/webhooker/$hook" >/dev/null
[ "$(post lev@leverandor.example "$replay")" = 303 ] || fail "replay did not redirect"
for _ in $(seq 1 100); do [ -f "$work/got.2.json" ] && break; sleep 0.1; done
[ -f "$work/got.2.json" ] || fail "the replay did not arrive"
[ -f "$work/got.3.json" ] && fail "another organisation's replay was sent"
stop

# Without the test flag, the loopback address is refused.
start --no-access-log
[ "$(call POST /api/v1/webhooks "$lev" '{"url":"'"$hook_url"'","event_types":["label.issued"]}')" = 422 ] ||
  fail "a loopback address was accepted without --webhook-allow-http-loopback"
stop
echo "webhook_flow_test: OK"
