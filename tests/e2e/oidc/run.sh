#!/usr/bin/env bash
# Sign-in with OpenID Connect against a real provider (npm oidc-provider, tests/e2e/oidc/
# provider.mjs) on loopback: helsekrav sends the browser to the provider with PKCE, the test
# signs in on the provider's login form, and the callback signs the user in to /min-side. A
# tampered state and a replayed callback are refused. A second, misbehaving provider
# (rogue_provider.mjs) checks ID token verification: RS256 and ES256 are accepted; alg none,
# HS256, a wrong audience, issuer or nonce, an expired token, a forged signature and an unknown
# key are refused. An http issuer that is not on loopback is refused at start.
# Usage (from the repository root): run.sh BINARY
set -euo pipefail
bin=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
[ -d node_modules/oidc-provider ] || { echo "FAIL: node_modules/oidc-provider missing: run npm ci" >&2; exit 1; }

work=$(mktemp -d)
hk_pid=""
idp_pid=""
rogue_pid=""
cleanup() {
  [ -n "$hk_pid" ] && kill "$hk_pid" 2>/dev/null
  [ -n "$idp_pid" ] && kill "$idp_pid" 2>/dev/null
  [ -n "$rogue_pid" ] && kill "$rogue_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for f in "$work"/hk.log "$work"/idp.log; do [ -f "$f" ] && { echo "--- $f" >&2; tail -15 "$f" >&2; }; done
  exit 1
}

# Two free loopback ports: the redirect URI must be known before either server starts.
read -r hk_port idp_port rogue_port < <(node -e '
  const net = require("net");
  const servers = [0, 1, 2].map(() => net.createServer());
  Promise.all(servers.map((s) => new Promise((ok) => s.listen(0, "127.0.0.1", ok)))).then(() => {
    console.log(servers.map((s) => s.address().port).join(" "));
    servers.forEach((s) => s.close());
  });')
base="http://127.0.0.1:$hk_port"
issuer="http://127.0.0.1:$idp_port"
redirect_uri="$base/logg-inn/oidc/testidp/tilbake"
rogue="http://127.0.0.1:$rogue_port"
export HK_TEST_OIDC_SECRET="test-secret-$RANDOM$RANDOM$RANDOM"
# helsekrav's clock starts at a fixed instant (src/cli/common.h MakeClock). ID tokens are checked
# against the real time, as the providers issue them (src/http/oidc_client.cc).
export HELSEKRAV_TEST_NOW=2026-12-08T09:00:00Z

node "$here/provider.mjs" "$idp_port" helsekrav-test "$redirect_uri" >"$work/idp.log" 2>&1 &
idp_pid=$!
node "$here/rogue_provider.mjs" "$rogue_port" helsekrav-rogue >"$work/rogue.log" 2>&1 &
rogue_pid=$!

# An http issuer off loopback is refused before the server starts.
if HK_TEST_OIDC_SECRET=x "$bin" serve --listen 127.0.0.1:0 --data-dir "$work/refused" \
  --oidc "id=x,issuer=http://idp.example.com,client_id=c,redirect_uri=$base/x" >/dev/null 2>&1; then
  fail "serve accepted an http issuer that is not on loopback"
fi

"$bin" serve --listen "127.0.0.1:$hk_port" --data-dir "$work/var" --no-access-log \
  --oidc "id=testidp,name=Test-IdP,issuer=$issuer,client_id=helsekrav-test,client_secret_env=HK_TEST_OIDC_SECRET,redirect_uri=$redirect_uri" \
  --oidc "id=rogue,name=Rogue,issuer=$rogue,client_id=helsekrav-rogue,redirect_uri=$base/logg-inn/oidc/rogue/tilbake" \
  2>"$work/hk.log" &
hk_pid=$!
for _ in $(seq 1 150); do
  grep -q "oidc-provider ready" "$work/idp.log" 2>/dev/null && curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
grep -q "oidc-provider ready" "$work/idp.log" || fail "the provider did not start"
grep -q "rogue provider ready" "$work/rogue.log" || fail "the rogue provider did not start"
curl -fsS "$base/readyz" >/dev/null || fail "helsekrav did not start"

jar="$work/cookies"
# request URL [curl args…]: one request with the browser's cookie jar; sets $status, $location
# and leaves the body in $work/body.
request() {
  local url=$1
  shift
  local out
  out=$(curl -sS -b "$jar" -c "$jar" -o "$work/body" -D "$work/headers" -w '%{http_code}' "$@" "$url") || fail "curl $url"
  status=$out
  location=$(tr -d '\r' <"$work/headers" | awk 'tolower($1)=="location:"{print $2}' | tail -1)
  if [ -n "$location" ] && [ "${location#http}" = "$location" ]; then
    location="$(echo "$url" | grep -o '^https\?://[^/]*')$location"  # relative → absolute
  fi
}

# 1. helsekrav sends the browser to the provider's authorisation endpoint with PKCE S256.
request "$base/logg-inn/oidc/testidp?neste=/min-side"
[ "$status" = 303 ] || fail "GET /logg-inn/oidc/testidp gave $status, not 303"
case "$location" in "$issuer"/*) ;; *) fail "not sent to the provider: $location" ;; esac
for p in response_type=code client_id=helsekrav-test code_challenge= code_challenge_method=S256 state= nonce=; do
  echo "$location" | grep -q "[?&]$p" || fail "authorisation URL lacks $p: $location"
done

# 2. Through the provider to its login form.
hops=0
while [ "$status" = 302 ] || [ "$status" = 303 ]; do
  request "$location"
  hops=$((hops + 1))
  [ $hops -lt 10 ] || fail "too many redirects at the provider"
done
[ "$status" = 200 ] || fail "the provider's login page gave $status"
action=$(grep -o 'action="[^"]*"' "$work/body" | head -1 | sed 's/^action="//; s/"$//; s/&amp;/\&/g')
[ -n "$action" ] || fail "no login form at the provider"
[ "${action#http}" = "$action" ] && action="$issuer$action"

# 3. Sign in at the provider; it redirects back to helsekrav with code and state.
request "$action" --data-urlencode prompt=login --data-urlencode login=testbruker \
  --data-urlencode password=hva-som-helst
hops=0
while [ "$status" = 302 ] || [ "$status" = 303 ]; do
  case "$location" in "$redirect_uri"*) break ;; esac
  request "$location"
  hops=$((hops + 1))
  [ $hops -lt 10 ] || fail "too many redirects after signing in at the provider"
done
case "$location" in "$redirect_uri"\?*) ;; *) fail "provider did not return to helsekrav (status $status, location $location)" ;; esac
callback=$location
echo "$callback" | grep -q '[?&]code=' || fail "no code in the callback: $callback"
state=$(echo "$callback" | grep -o '[?&]state=[^&]*' | cut -d= -f2)
[ -n "$state" ] || fail "no state in the callback"

# 4. A tampered state is refused and signs nobody in (checked before the real callback, so the
#    code is still unused).
tampered=$(echo "$callback" | sed "s/state=$state/state=${state}x/")
code=$(curl -sS -b "$jar" -c "$work/tampered-jar" -o "$work/tampered" -D "$work/tampered-headers" -w '%{http_code}' "$tampered")
case "$code" in 4??) ;; *) fail "a tampered state gave $code, not a 4xx" ;; esac
if [ "$code" = 303 ] && tr -d '\r' <"$work/tampered-headers" | grep -qi '^location: .*/min-side'; then
  fail "a tampered state signed in"
fi
if tr -d '\r' <"$work/tampered-headers" | grep -qi '^set-cookie: hk_session=[^;]'; then
  fail "a tampered state set a session cookie"
fi

# 4b. The real callback in another browser (without the cookie that binds the sign-in to the
#     browser that started it) is refused: nobody can make a victim finish the attacker's sign-in.
code=$(curl -sS -o "$work/unbound" -D "$work/unbound-headers" -w '%{http_code}' "$callback")
[ "$code" = 401 ] || fail "a callback from another browser gave $code, not 401"
grep -q "ikke startet i denne nettleseren" "$work/unbound" || fail "no explanation for the unbound callback"
if tr -d '\r' <"$work/unbound-headers" | grep -qi '^set-cookie: hk_session=[^;]'; then
  fail "a callback from another browser set a session cookie"
fi

# 5. The real callback signs in and returns to the stored page.
request "$callback"
[ "$status" = 303 ] || fail "callback gave $status, not 303: $(head -c 300 "$work/body")"
case "$location" in "$base/min-side"|/min-side) ;; *) fail "callback went to $location, not /min-side" ;; esac
tr -d '\r' <"$work/headers" | grep -qi '^set-cookie: hk_session=[^;]' || fail "no hk_session cookie"

# 6. Signed in: /min-side shows the provider's user, not the login page.
request "$base/min-side"
[ "$status" = 200 ] || fail "/min-side gave $status after signing in"
grep -q -e 'testbruker@idp.test' -e 'Testbruker Idpsen' "$work/body" || fail "/min-side does not show the signed-in user"
if grep -q 'name="password"' "$work/body"; then fail "/min-side shows a login form"; fi

# 7. Replaying the callback (the state is used up) signs nobody in.
code=$(curl -sS -o /dev/null -D "$work/replay-headers" -w '%{http_code}' "$callback")
case "$code" in 4??) ;; *) fail "a replayed callback gave $code, not a 4xx" ;; esac
if tr -d '\r' <"$work/replay-headers" | grep -qi '^set-cookie: hk_session=[^;]'; then
  fail "a replayed callback set a session cookie"
fi

# 8. ID token verification, against the rogue provider: each sign-in gets a fresh state and
#    the test picks the kind of ID token the token endpoint returns.
for kind in good-rs256 good-es256 alg-none hs256 wrong-aud wrong-iss expired wrong-nonce \
  bad-signature unknown-kid; do
  jar="$work/rogue-$kind"
  request "$base/logg-inn/oidc/rogue?neste=/min-side"
  [ "$status" = 303 ] || fail "rogue: begin gave $status"
  request "$location"
  case "$location" in "$base/logg-inn/oidc/rogue/tilbake?"*) ;; *) fail "rogue: no callback ($location)" ;; esac
  request "$(echo "$location" | sed 's/code=\([0-9]*\)/code=\1%3A'"$kind"'/')"
  signed_in=no
  tr -d '\r' <"$work/headers" | grep -qi '^set-cookie: hk_session=[^;]' && signed_in=yes
  case "$kind" in
    good-*)
      [ "$status" = 303 ] && [ "$signed_in" = yes ] || fail "rogue: $kind was refused ($status)"
      request "$base/min-side"
      grep -q "$kind@rogue.test" "$work/body" || fail "rogue: $kind did not sign in the right user"
      ;;
    *)
      case "$status" in 4??) ;; *) fail "rogue: $kind gave $status, not a 4xx" ;; esac
      [ "$signed_in" = no ] || fail "rogue: $kind signed in"
      ;;
  esac
done
jar="$work/cookies"

# 9. The client secret and tokens never reach helsekrav's log.
if grep -q "$HK_TEST_OIDC_SECRET" "$work/hk.log"; then fail "the client secret is in the log"; fi
if grep -q "$state" "$work/hk.log"; then fail "the OIDC state is in the log"; fi

echo "e2e_oidc_test: OK"
