#!/usr/bin/env bash
# The account web pages over real sockets, without JavaScript (curl with cookie jars): a
# supplier registers and waits for approval, the authority's admin (created with `helsekrav
# admin create-user`) signs in and approves it, and the supplier then sees «Godkjent». Also: a
# form post without the CSRF field is refused, a wrong password shows an error in the form, the
# supplier cannot open the authority's administration, signing out ends the session, a password
# reset link (read from the log, with --dev-log-mail) sets a new password, an OIDC error returns
# to sign-in, guessing one account's password does not lock out another at the same address,
# and without --dev-log-mail no reset link reaches the log.
# Usage: workspace_test.sh BINARY [--db URL]   (default: SQLite in a temporary data directory)
set -euo pipefail
bin=$1
# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_db "${@:2}"
start --dev-log-mail

admin_password="riktig hest batteri stift"
HK_ADMIN_PASSWORD="$admin_password" "$bin" admin create-user --data-dir "$work/var" "${db_args[@]}" \
  --email admin@helsedir.example --name "Hanne Admin" --org-number 983544622 \
  --org-name Helsedirektoratet --org-kind authority --role admin \
  --password-env HK_ADMIN_PASSWORD >"$work/create-user.log" 2>&1 ||
  fail "admin create-user: $(cat "$work/create-user.log")"

# curl with a cookie jar: req JAR [curl args…]; prints "status location".
req() {
  local jar=$1
  shift
  curl -s -o "$work/body" -b "$jar" -c "$jar" -w '%{http_code} %{redirect_url}' "$@"
}
body_has() { grep -q -- "$1" "$work/body"; }

supplier="$work/supplier.jar"
admin="$work/admin.jar"
guest_probe="$work/probe.jar"

# Signed out, /min-side leads to the sign-in page.
out=$(req "$supplier" "$base/min-side")
[ "$out" = "303 $base/logg-inn?neste=%2Fmin-side" ] || fail "/min-side signed out gave '$out'"

# The header links to Min side on catalog pages too.
curl -fsS -o "$work/front" "$base/" || fail "front page"
grep -q 'href="/min-side"' "$work/front" || fail "no «Min side» link in the header"

# Registration: the form, a post without CSRF, then the real post.
out=$(req "$supplier" "$base/registrer")
[ "${out%% *}" = 200 ] || fail "GET /registrer gave $out"
body_has 'for="orgnr"' || fail "registration form has no labelled orgnr field"
token=$(csrf)
[ -n "$token" ] || fail "registration form has no CSRF token"
form=(--data-urlencode "orgnr=974760673" --data-urlencode "org_name=Testleverandør AS"
  --data-urlencode "kind=supplier" --data-urlencode "website=https://leverandor.example"
  --data-urlencode "name=Siri Leverandør" --data-urlencode "email=siri@leverandor.example"
  --data-urlencode "password=et langt og godt passord")
out=$(req "$supplier" "${form[@]}" "$base/registrer")
[ "${out%% *}" = 403 ] || fail "POST /registrer without csrf gave $out, not 403"

out=$(req "$supplier" --data-urlencode "csrf=$token" --data-urlencode "orgnr=974760673" \
  --data-urlencode "org_name=Testleverandør AS" --data-urlencode "kind=supplier" \
  --data-urlencode "name=Siri Leverandør" --data-urlencode "email=siri@leverandor.example" \
  --data-urlencode "password=kort" "$base/registrer")
[ "${out%% *}" = 422 ] || fail "short password gave $out, not 422"
body_has 'ds-error-summary' || fail "short password: no error summary"
body_has 'href="#password"' || fail "short password: summary does not link to the field"
body_has 'value="Testleverandør AS"' || fail "short password: input not kept"

out=$(req "$supplier" "${form[@]}" --data-urlencode "csrf=$token" "$base/registrer")
[ "$out" = "303 $base/registrer?melding=mottatt" ] || fail "POST /registrer gave '$out'"
if grep -q 'hk_session' "$supplier"; then fail "M5: registration signed in, unlike a taken e-mail"; fi
out=$(req "$supplier" "$base/registrer?melding=mottatt")
body_has 'Registreringen er mottatt' || fail "no confirmation after registering"
# The same e-mail again (another orgnr): the same answer, and nothing tells that it is taken.
out=$(req "$guest_probe" "$base/registrer")
probe_token=$(csrf)
out=$(req "$guest_probe" --data-urlencode "csrf=$probe_token" --data-urlencode "orgnr=914778271" \
  --data-urlencode "org_name=Annen AS" --data-urlencode "kind=supplier" \
  --data-urlencode "name=Noen Andre" --data-urlencode "email=siri@leverandor.example" \
  --data-urlencode "password=et annet langt passord" "$base/registrer")
[ "$out" = "303 $base/registrer?melding=mottatt" ] ||
  fail "M5: registering a taken e-mail gave '$out', not the same answer as a new one"
out=$(req "$supplier" "$base/logg-inn")
token=$(csrf)
out=$(req "$supplier" --data-urlencode "csrf=$token" --data-urlencode "email=siri@leverandor.example" \
  --data-urlencode "password=et langt og godt passord" "$base/logg-inn")
# Siri is her new organisation's admin: the right password leads to TOTP enrolment (L7).
body_has 'name="challenge"' || fail "L7: sign-in after registering gave '$out', not the code"
siri_secret=$(grep -o 'name="hemmelighet" value="[^"]*"' "$work/body" | sed 's/.*value="//; s/"$//')
[ -n "$siri_secret" ] || fail "L7: the first sign-in of an admin shows no secret to enrol"
challenge=$(grep -o 'name="challenge" value="[^"]*"' "$work/body" | sed 's/.*value="//; s/"$//')
token=$(csrf)
out=$(req "$supplier" --data-urlencode "csrf=$token" --data-urlencode "challenge=$challenge" \
  --data-urlencode "code=$(totp_code siri@leverandor.example "$siri_secret")" "$base/logg-inn/kode")
[ "$out" = "303 $base/min-side" ] || fail "sign-in after registering gave '$out'"
out=$(req "$supplier" "$base/min-side")
[ "${out%% *}" = 200 ] || fail "/min-side after registration gave $out"
body_has 'Testleverandør AS' || fail "/min-side does not name the organisation"
body_has 'venter på godkjenning' || fail "/min-side does not say the organisation awaits approval"

# The supplier may not open the authority's administration.
out=$(req "$supplier" "$base/admin/organisasjoner")
[ "${out%% *}" = 403 ] || fail "supplier on /admin/organisasjoner got $out, not 403"

# The authority's admin: wrong password first, then the right one.
out=$(req "$admin" "$base/logg-inn?neste=/admin/organisasjoner")
token=$(csrf)
[ -n "$token" ] || fail "login form has no CSRF token"
out=$(req "$admin" --data-urlencode "csrf=$token" --data-urlencode "email=admin@helsedir.example" \
  --data-urlencode "password=feil passord her" --data-urlencode "neste=/admin/organisasjoner" \
  "$base/logg-inn")
[ "${out%% *}" = 422 ] || fail "wrong password gave $out"
body_has 'ds-error-summary' || fail "wrong password: no error shown"
body_has 'value="admin@helsedir.example"' || fail "wrong password: e-mail not kept"
if grep -q 'hk_session' "$admin"; then fail "wrong password set a session cookie"; fi
# ASVS 7.2.1: the failure is in the security log with the client, never with what was typed.
grep '"msg":"sign-in failed"' "$work/log" | grep -q '"client":"127.0.0.1"' ||
  fail "7.2.1: a failed sign-in is not logged with its client address"
! grep -q "feil passord her" "$work/log" || fail "7.2.1: the log holds the typed password"

out=$(req "$admin" --data-urlencode "csrf=$token" --data-urlencode "email=admin@helsedir.example" \
  --data-urlencode "password=$admin_password" --data-urlencode "neste=/admin/organisasjoner" \
  "$base/logg-inn")
# An admin's right password is not enough: the page asks for a TOTP code, enrolling first.
[ "${out%% *}" = 200 ] || fail "L7: the admin's right password gave '$out', not the code page"
body_has 'name="challenge"' || fail "L7: no second factor asked of the admin"
body_has 'otpauth://totp/' || fail "L7: enrolment shows no otpauth:// link"
if grep -q 'hk_session' "$admin"; then fail "L7: a session cookie before the TOTP code"; fi
secret=$(grep -o 'name="hemmelighet" value="[^"]*"' "$work/body" | sed 's/.*value="//; s/"$//')
challenge=$(grep -o 'name="challenge" value="[^"]*"' "$work/body" | sed 's/.*value="//; s/"$//')
out=$(req "$admin" --data-urlencode "csrf=$token" --data-urlencode "challenge=$challenge" \
  --data-urlencode "neste=/admin/organisasjoner" --data-urlencode "code=000000x" \
  "$base/logg-inn/kode")
[ "${out%% *}" = 401 ] || fail "L7: a malformed TOTP code gave '$out', not 401"
out=$(req "$admin" --data-urlencode "csrf=$token" --data-urlencode "challenge=$challenge" \
  --data-urlencode "neste=/admin/organisasjoner" \
  --data-urlencode "code=$(totp_code admin@helsedir.example "$secret")" "$base/logg-inn/kode")
[ "$out" = "303 $base/admin/organisasjoner" ] || fail "login gave '$out'"
out=$(req "$admin" --data-urlencode "csrf=x" --data-urlencode "email=x" --data-urlencode "password=y" \
  "$base/logg-inn")
[ "${out%% *}" = 403 ] || fail "POST with a wrong csrf value gave $out, not 403"

out=$(req "$admin" "$base/admin/organisasjoner")
[ "${out%% *}" = 200 ] || fail "/admin/organisasjoner gave $out"
body_has 'Testleverandør AS' || fail "pending registration not listed"
href=$(grep -o 'href="/admin/organisasjoner/[^"]*">Testleverandør AS' "$work/body" | head -1 |
  sed 's/^href="//; s/".*//')
[ -n "$href" ] || fail "no link to the registration"
out=$(req "$admin" "$base$href")
[ "${out%% *}" = 200 ] || fail "GET $href gave $out"
token=$(csrf)
out=$(req "$admin" --data-urlencode "csrf=$token" --data-urlencode "decision=reject" \
  --data-urlencode "note=" "$base$href")
[ "${out%% *}" = 422 ] || fail "reject without a reason gave $out, not 422"
body_has 'href="#note"' || fail "reject without a reason: summary does not link to the field"
out=$(req "$admin" --data-urlencode "csrf=$token" --data-urlencode "decision=approve" \
  --data-urlencode "note=" "$base$href")
[ "$out" = "303 $base/admin/organisasjoner?melding=godkjent" ] || fail "approve gave '$out'"

out=$(req "$admin" "$base/min-side/hendelser")
[ "${out%% *}" = 200 ] || fail "/min-side/hendelser for the authority gave $out"
body_has 'Alle hendelser' || fail "authority's event log is not «Alle hendelser»"
body_has '<caption>Hendelser</caption>' || fail "the authority's event log is empty"

# The supplier now sees «Godkjent», then signs out.
out=$(req "$supplier" "$base/min-side")
[ "${out%% *}" = 200 ] || fail "/min-side gave $out"
body_has '>Godkjent<' || fail "supplier does not see «Godkjent»"
body_has 'href="/min-side/losninger"' || fail "supplier has no link to «Løsninger»"
token=$(csrf)
out=$(req "$supplier" --data-urlencode "csrf=$token" "$base/logg-ut")
[ "$out" = "303 $base/" ] || fail "logout gave '$out'"
out=$(req "$supplier" "$base/min-side")
[ "${out%% *}" = 303 ] || fail "/min-side after logout gave $out, not a redirect to sign in"

# Password reset: the same confirmation for known and unknown addresses; the link from the log
# sets a new password that then works.
guest="$work/guest.jar"
out=$(req "$guest" "$base/glemt-passord")
token=$(csrf)
out=$(req "$guest" --data-urlencode "csrf=$token" --data-urlencode "email=ukjent@example.org" \
  "$base/glemt-passord")
[ "${out%% *}" = 200 ] || fail "reset for an unknown e-mail gave $out"
cp "$work/body" "$work/unknown-reset"
out=$(req "$guest" --data-urlencode "csrf=$token" --data-urlencode "email=siri@leverandor.example" \
  "$base/glemt-passord")
grep -o '<main.*' "$work/body" >"$work/a"; grep -o '<main.*' "$work/unknown-reset" >"$work/b"
cmp -s "$work/a" "$work/b" || fail "reset confirmation differs for known and unknown e-mail"
link=""
for _ in $(seq 1 20); do
  link=$(grep 'password reset link' "$work/log" | grep -o 'nytt-passord?token=[A-Za-z0-9_-]*' | tail -1 || true)
  [ -n "$link" ] && break
  sleep 0.1
done
[ -n "$link" ] || fail "no reset link in the log"
out=$(req "$guest" "$base/$link")
[ "${out%% *}" = 200 ] || fail "GET reset link gave $out"
reset_token=${link#nytt-passord?token=}
out=$(req "$guest" --data-urlencode "csrf=$token" --data-urlencode "token=$reset_token" \
  --data-urlencode "password=nytt og enda lengre passord" \
  --data-urlencode "password2=noe annet enn det første" "$base/nytt-passord")
[ "${out%% *}" = 422 ] || fail "mismatching passwords gave $out"
body_has 'href="#password2"' || fail "mismatching passwords: summary does not link to the field"
out=$(req "$guest" --data-urlencode "csrf=$token" --data-urlencode "token=$reset_token" \
  --data-urlencode "password=nytt og enda lengre passord" \
  --data-urlencode "password2=nytt og enda lengre passord" "$base/nytt-passord")
[ "$out" = "303 $base/logg-inn?melding=passord-endret" ] || fail "reset gave '$out'"
out=$(req "$guest" "$base/logg-inn?melding=passord-endret")
body_has 'Passordet er endret' || fail "no confirmation after the reset"
token=$(csrf)
out=$(req "$guest" --data-urlencode "csrf=$token" --data-urlencode "email=siri@leverandor.example" \
  --data-urlencode "password=nytt og enda lengre passord" "$base/logg-inn")
# Siri is her organisation's admin, so the right password leads to the TOTP code (L7).
body_has 'name="challenge"' || fail "L7: login with the new password gave '$out', not the code"
# She enrolled at her first sign-in, so no new secret is shown now.
[ -z "$(grep -o 'name="hemmelighet" value="[^"]*"' "$work/body" | sed 's/.*value="//; s/"$//')" ] ||
  fail "L7: an enrolled admin was asked to enrol again"
challenge=$(grep -o 'name="challenge" value="[^"]*"' "$work/body" | sed 's/.*value="//; s/"$//')
token=$(csrf)
out=$(req "$guest" --data-urlencode "csrf=$token" --data-urlencode "challenge=$challenge" \
  --data-urlencode "code=$(totp_code siri@leverandor.example "$siri_secret")" "$base/logg-inn/kode")
[ "$out" = "303 $base/min-side" ] || fail "login with the new password gave '$out'"

# A provider that reports an error sends the browser back to the sign-in page with a message.
out=$(req "$guest" "$base/logg-inn/oidc/ukjent/tilbake?error=access_denied&state=x")
[ "${out%% *}" = 401 ] || fail "OIDC error callback gave $out"
body_has 'Innloggingen ble avbrutt' || fail "OIDC error callback has no message"

# Repeated wrong passwords are slowed down (429 while the delay lasts: 1 s, 2 s, 4 s … after
# five failures) with the message in the form.
out=$(req "$guest" "$base/logg-inn")
token=$(csrf)
for _ in $(seq 1 12); do
  out=$(req "$guest" --data-urlencode "csrf=$token" --data-urlencode "email=siri@leverandor.example" \
    --data-urlencode "password=gjetter feil igjen" "$base/logg-inn")
  [ "${out%% *}" = 429 ] && break
done
[ "${out%% *}" = 429 ] || fail "M2: twelve wrong passwords in a row gave $out, not 429"
body_has 'ds-error-summary' || fail "rate limit: no message in the form"
body_has 'Prøv igjen om' || fail "rate limit: the message does not say how long to wait"
# Another account from the same address still signs in.
other="$work/other.jar"
out=$(req "$other" "$base/logg-inn")
token=$(csrf)
out=$(req "$other" --data-urlencode "csrf=$token" --data-urlencode "email=admin@helsedir.example" \
  --data-urlencode "password=$admin_password" "$base/logg-inn")
# (The admin's right password leads to the TOTP code page: the password was accepted.)
[ "${out%% *}" = 200 ] && body_has 'name="challenge"' ||
  fail "M2: after guesses at another account, sign-in from the same address gave '$out'"

stop

# Without --dev-log-mail no reset link is made, none reaches the log, and the page says why.
start
nomail="$work/nomail.jar"
out=$(req "$nomail" "$base/logg-inn")
token=$(csrf)
out=$(req "$nomail" "$base/glemt-passord")
[ "${out%% *}" = 200 ] || fail "L4: GET /glemt-passord without mail gave $out"
body_has 'E-post er ikke satt opp' || fail "L4: the page does not say that e-mail is not set up"
out=$(req "$nomail" --data-urlencode "csrf=$token" --data-urlencode "email=siri@leverandor.example" \
  "$base/glemt-passord")
[ "${out%% *}" = 503 ] || fail "L4: a reset request without mail gave $out, not 503"
if grep -q 'nytt-passord?token=' "$work/log"; then
  fail "L4: a reset link reached the log without --dev-log-mail"
fi
stop
echo "e2e workspace test: 1 passed, 0 failed"
