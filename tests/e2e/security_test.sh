#!/usr/bin/env bash
# Findings of the security review of December 2026 that show at the HTTP layer, over real
# sockets: security headers on every type of response (M1), invalid UTF-8 in addresses and forms
# (L8), form posts from another origin, who may read /metrics, the label PNG's width cap and
# cache (L5), and browser uploads of 4 MiB accepted and 6 MiB refused with a readable page for
# declaration evidence and approval reports. Every failure message starts with the finding.
# Usage: security_test.sh BINARY
set -euo pipefail
bin=$1
# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
here=$(dirname "${BASH_SOURCE[0]}")
HK_METRICS_TOKEN="en hemmelig nøkkel for metrics" start --no-access-log \
  --metrics-token-env HK_METRICS_TOKEN --trusted-proxy 127.0.0.1

user nhn@nhn.example 994598759 "Norsk helsenett SF" approving_body
user lev@leverandor.example 974760673 "Testleverandør AS" supplier
login nhn@nhn.example
login lev@leverandor.example
lev=$(api_key lev@leverandor.example)
[ -n "$lev" ] || fail "could not create an API key"
version=$(product_version "$lev")

# ---- Uploads: a browser's 4 MiB file is taken, 6 MiB is refused with a readable page ----
upload() {  # upload EMAIL PATH BYTES [NAME=VALUE…] — prints the status; the page in $work/body
  local who=$1 path=$2 bytes=$3
  shift 3
  python3 "$here/submit_form.py" "$base" "$work/$who.jar" "$path" "$work/body" \
    "$bytes" "$@"
}
declaration='{"format":"helsekrav-declaration/1","product_version":"'$version'","profile":"helseapp","profile_version":1,"status":"draft","answers":[]}'
[ "$(call POST /api/v1/declarations "$lev" "$declaration")" = 201 ] ||
  fail "create declaration: $(cat "$work/body")"
declaration_id=$(field id)
page lev@leverandor.example "/min-side/erklaeringer/$declaration_id" >/dev/null
answer=$(grep -o 'type="file" id="[^"]*"' "$work/body" | head -1 | sed 's/.*id="//; s/\.file"$/.answer/')
[ -n "$answer" ] || fail "upload: the declaration form has no file field"
status=$(upload lev@leverandor.example "/min-side/erklaeringer/$declaration_id" 4194304 "$answer=meets")
[ "$status" = 303 ] || [ "$status" = 200 ] || fail "upload: 4 MiB evidence gave $status"
page lev@leverandor.example "/min-side/erklaeringer/$declaration_id" >/dev/null
grep -q "rapport.pdf" "$work/body" || fail "upload: the 4 MiB evidence file is not listed"
file_id=$(grep -o 'name="[^"]*\.files" value="[^"]*"' "$work/body" | head -1 | sed 's/.*value="//; s/"$//' || true)
[ -n "$file_id" ] || fail "upload: the uploaded evidence has no id on the form"
status=$(upload lev@leverandor.example "/min-side/erklaeringer/$declaration_id" 6291456 "$answer=meets")
[ "$status" != 200 ] && [ "$status" != 303 ] || fail "upload: 6 MiB evidence was accepted ($status)"
grep -q '<html lang="nb"' "$work/body" || fail "upload: 6 MiB evidence gave no page ($status)"
grep -qE "5 MB|for stor" "$work/body" || fail "upload: the 6 MiB refusal does not say why"

# The form's requirement checkboxes come checked.
approval=(ordning=kjernejournal-api "versjon=$version" gyldig_til=2099-01-01)
status=$(upload nhn@nhn.example /min-side/godkjenninger 6291456 "${approval[@]}")
[ "$status" != 200 ] && [ "$status" != 303 ] || fail "upload: a 6 MiB report was accepted ($status)"
grep -q '<html lang="nb"' "$work/body" || fail "upload: a 6 MiB report gave no page ($status)"
grep -qE "5 MB|for stor" "$work/body" || fail "upload: the 6 MiB report refusal does not say why"
status=$(upload nhn@nhn.example /min-side/godkjenninger 4194304 "${approval[@]}")
[ "$status" = 303 ] || fail "upload: a 4 MiB approval report gave $status: $(grep -o 'ds-error-summary.*' "$work/body" | head -3)"

# ---- M1: the headers on one response of each type ----
csp="default-src 'self'; img-src 'self' data:; script-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
check_headers() {  # check_headers WHAT — the security headers in $work/h
  local what=$1
  grep -qixF "content-security-policy: $csp" "$work/h" || fail "M1: $what has no or another CSP"
  grep -qixF "x-frame-options: DENY" "$work/h" || fail "M1: $what has no X-Frame-Options: DENY"
  grep -qixF "referrer-policy: same-origin" "$work/h" || fail "M1: $what has no Referrer-Policy"
  grep -qixF "x-content-type-options: nosniff" "$work/h" || fail "M1: $what has no nosniff"
  if grep -qi "^strict-transport-security:" "$work/h"; then
    fail "M1: $what sends HSTS although the base URL is http"
  fi
}
headers_of() {  # headers_of WHAT EXPECTED_STATUS CURL_ARGS… — checks the security headers
  local what=$1 expected=$2
  shift 2
  local status
  status=$(curl -s -o /dev/null -D "$work/headers" -w '%{http_code}' "$@")
  [ "$status" = "$expected" ] || fail "M1: $what gave $status, not $expected"
  tr -d '\r' <"$work/headers" >"$work/h"
  check_headers "$what"
}
headers_of "a page" 200 "$base/"
headers_of "a prepared API list" 200 "$base/api/v1/requirements"
headers_of "API JSON" 200 "$base/api/v1/requirements?area=security"
headers_of "problem+json" 400 "$base/api/v1/requirements?area=bogus"
headers_of "a 304" 304 -H "If-None-Match: $(curl -fsSI "$base/api/v1/requirements" |
  tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')" "$base/api/v1/requirements"
headers_of "an Atom feed" 200 "$base/godkjenninger/ordning/kjernejournal-api.atom"
headers_of "the label SVG" 200 "$base/pass/$version/merke/helseapp.svg"
headers_of "the label PNG" 200 "$base/pass/$version/merke/helseapp.png?bredde=200"
headers_of "an evidence download" 200 -b "$work/lev@leverandor.example.jar" "$base/bevis/$file_id"
headers_of "an asset" 200 "$base/assets/helsekrav.css"
headers_of "a 404 page" 404 "$base/finnes-ikke"
headers_of "a 404 problem" 404 "$base/api/v1/finnes-ikke"
headers_of "a 413" 413 --data-binary @<(head -c 2000000 /dev/zero) "$base/api/v1/requirements"
headers_of "a 400 for a bad target" 400 "$base/api/v1/products/%FF"
headers_of "a redirect" 303 "$base/min-side"
headers_of "a signed-in page" 200 -b "$work/lev@leverandor.example.jar" "$base/min-side"
headers_of "a HEAD" 200 -I "$base/krav"
# An HTTP error found before routing (a malformed request line).
python3 - "$port" >"$work/h" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"NOT HTTP AT ALL\r\n\r\n")
data = b""
while b"\r\n\r\n" not in data:
    chunk = s.recv(4096)
    if not chunk:
        break
    data += chunk
print(data.split(b"\r\n\r\n")[0].decode().replace("\r", ""))
PY
head -1 "$work/h" | grep -q "^HTTP/1.1 400" || fail "M1: malformed HTTP gave $(head -1 "$work/h")"
check_headers "a 400 for malformed HTTP"
grep -rq 'style="' <(curl -fsS "$base/veiviser") && fail "M1: /veiviser uses style attributes, which the CSP blocks"

# HSTS only when the public base URL is https.
stop
start --no-access-log --base-url https://helsekrav.example
curl -s -o /dev/null -D "$work/h" "$base/healthz"
tr -d '\r' <"$work/h" | grep -qixF "strict-transport-security: max-age=31536000" ||
  fail "M1: no HSTS with an https base URL"
# ---- Origin: a form posted from another site is refused; the configured origin is not ----
curl -s -o "$work/body" -c "$work/anon.jar" "$base/logg-inn"
token=$(csrf)
origin_post() {
  curl -s -o "$work/body" -w '%{http_code}' -b "$work/anon.jar" -H "Origin: $1" \
    --data-urlencode "csrf=$token" --data-urlencode "email=x@y.example" \
    --data-urlencode "password=feil passord her" "$base/logg-inn"
}
status=$(origin_post "https://angriper.example")
[ "$status" = 403 ] || fail "Origin: a post from another site gave $status, not 403"
grep -q "annen nettside" "$work/body" || fail "Origin: the refusal has no readable message"
status=$(origin_post "$base")
[ "$status" = 403 ] || fail "Origin: a post from $base gave $status though the base URL is https"
status=$(origin_post "https://helsekrav.example")
[ "$status" != 403 ] || fail "Origin: a post from the configured origin was refused"
stop
HK_METRICS_TOKEN="en hemmelig nøkkel for metrics" start --no-access-log \
  --metrics-token-env HK_METRICS_TOKEN --trusted-proxy 127.0.0.1
curl -s -o "$work/body" -c "$work/anon.jar" "$base/logg-inn"
token=$(csrf)
status=$(origin_post "https://angriper.example")
[ "$status" = 403 ] || fail "Origin: a post from another site gave $status, not 403 (no base URL)"
status=$(origin_post "http://127.0.0.1:$port")
[ "$status" != 403 ] || fail "Origin: a post from the Host's own origin was refused"
status=$(curl -s -o /dev/null -w '%{http_code}' -b "$work/anon.jar" --data-urlencode "csrf=$token" \
  --data-urlencode "email=x@y.example" --data-urlencode "password=feil passord her" "$base/logg-inn")
[ "$status" != 403 ] || fail "Origin: a post without Origin was refused"

# ---- /metrics: local clients and the token only ----
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/metrics")" = 200 ] || fail "metrics: refused locally"
# Through the trusted proxy (127.0.0.1 here) for a client elsewhere.
status=$(curl -s -o "$work/body" -w '%{http_code}' -H "X-Forwarded-For: 203.0.113.9" "$base/metrics")
[ "$status" = 403 ] || fail "metrics: a remote client got $status, not 403"
if grep -q helsekrav_http_requests_total "$work/body"; then fail "metrics: leaked to a remote client"; fi
status=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Forwarded-For: 203.0.113.9" \
  -H "Authorization: Bearer en hemmelig nøkkel for metrics" "$base/metrics")
[ "$status" = 200 ] || fail "metrics: the token gave $status, not 200"
status=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Forwarded-For: 203.0.113.9" \
  -H "Authorization: Bearer feil" "$base/metrics")
[ "$status" = 403 ] || fail "metrics: a wrong token gave $status, not 403"

# ---- L8: invalid UTF-8 in the address or a form is a 400 with a message, never a 500 ----
for target in /api/v1/requirements/%FF%FE /api/v1/products/%FF "/api/v1/requirements?q=%C3"; do
  code=$(curl -s -o "$work/body" -w '%{http_code} %{content_type}' "$base$target")
  [ "$code" = "400 application/problem+json" ] || fail "L8: $target gave $code"
  grep -q "UTF-8" "$work/body" || fail "L8: $target does not say what is wrong"
done
code=$(curl -s -o "$work/body" -w '%{http_code}' "$base/krav/%FF")
[ "$code" = 400 ] && grep -q "UTF-8" "$work/body" || fail "L8: /krav/%FF gave $code without a message"
curl -s -o "$work/body" -c "$work/anon.jar" "$base/logg-inn"
code=$(curl -s -o "$work/body" -w '%{http_code}' -b "$work/anon.jar" \
  --data "csrf=$(csrf)&email=a%FF%40b.example&password=x" "$base/logg-inn")
[ "$code" = 400 ] || fail "L8: a form with %FF gave $code, not 400"
grep -q "UTF-8" "$work/body" || fail "L8: the form refusal does not say what is wrong"
page lev@leverandor.example /min-side/api-nokler >/dev/null
code=$(curl -s -o "$work/body" -w '%{http_code}' -b "$work/lev@leverandor.example.jar" \
  --data "csrf=$(csrf)&name=Produkt%FF&scopes=read" "$base/min-side/api-nokler")
[ "$code" = 400 ] || fail "L8: a signed-in form with %FF gave $code, not 400"

# ---- L5: the label PNG's width is capped, and it is revalidated rather than re-rendered ----
png="$base/pass/$version/merke/helseapp.png"
code=$(curl -s -o "$work/body" -w '%{http_code}' "$png?bredde=4096")
[ "$code" = 422 ] || fail "L5: bredde=4096 gave $code, not 422"
grep -q "1024" "$work/body" || fail "L5: the refusal does not give the largest width"
code=$(curl -s -o "$work/label.png" -D "$work/h" -w '%{http_code} %{content_type}' "$png?bredde=1024")
[ "$code" = "200 image/png" ] || fail "L5: bredde=1024 gave $code"
python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(); sys.exit(struct.unpack(">I", d[16:20])[0] != 1024)' \
  "$work/label.png" || fail "L5: the PNG is not 1024 pixels wide"
etag=$(tr -d '\r' <"$work/h" | awk -F': ' 'tolower($1)=="etag"{print $2}')
[ -n "$etag" ] || fail "L5: the label PNG has no ETag"
tr -d '\r' <"$work/h" | grep -qi '^cache-control: public, no-cache$' || fail "L5: the label PNG is not cacheable"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$png?bredde=1024")
[ "$code" = 304 ] || fail "L5: revalidating the label PNG gave $code, not 304"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$png?bredde=1000")
[ "$code" = 200 ] || fail "L5: another width matched the ETag ($code)"

stop
echo "e2e security test: passed"
