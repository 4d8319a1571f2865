#!/usr/bin/env bash
# Approvals and the transparency log over real sockets, as a body and a supplier would use them
# through the API: Norsk helsenett issues a Kjernejournal API approval to a product version, KS
# cannot; the statement and its proof downloaded from the server pass `helsekrav verify`, and a
# one-byte change to either fails it; revoking appends a new statement, and a proof downloaded
# with ?previous_size passes `verify --previous-tree-head` against the tree head saved before
# (not against a changed copy of it, nor a head of another size); the signing key survives a restart with mode 0600, and after
# `helsekrav keys rotate` the old statement still verifies while new heads use the new key.
# Usage: approval_flow_test.sh BINARY [--db URL]   (default: SQLite in a temporary data directory)
set -euo pipefail
bin=$1
# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_db "${@:2}"
start --no-access-log

user nhn@nhn.example 994598759 "Norsk helsenett SF" approving_body
user ks@ks.example 971032146 "KS" approving_body
user lev@leverandor.example 974760673 "Testleverandør AS" supplier

# API keys with write access, made through the web pages.
login nhn@nhn.example
login ks@ks.example
login lev@leverandor.example
nhn=$(api_key nhn@nhn.example)
ks=$(api_key ks@ks.example)
lev=$(api_key lev@leverandor.example)
[ -n "$nhn" ] && [ -n "$ks" ] && [ -n "$lev" ] || fail "could not create API keys"

version=$(product_version "$lev")

approval='{"scheme":"kjernejournal-api","subject_id":"'$version'","valid_from":"2026-01-01","valid_to":"2099-01-01","conditions":"Gjelder helseindikator og oppslag."}'
status=$(call POST /api/v1/approvals "$ks" "$approval")
[ "$status" = 403 ] || fail "KS issuing a Kjernejournal approval gave $status, not 403"
status=$(call POST /api/v1/approvals "$lev" "$approval")
[ "$status" = 403 ] || fail "a supplier issuing an approval gave $status, not 403"
status=$(call POST /api/v1/approvals "$nhn" "$approval")
[ "$status" = 201 ] || fail "NHN issuing gave $status: $(cat "$work/body")"
id=$(field id)

# A tree head saved now, as a verifier would keep it, to check later that the log only grew.
curl -fsS -o "$work/saved_head.json" "$base/api/v1/log/tree-head" || fail "tree head"
saved=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["tree_size"])' "$work/saved_head.json")
[ "$saved" -gt 0 ] || fail "the log is empty after an approval was issued"

# The statement of the issue, its proof and the keys, downloaded and verified offline.
curl -fsS -o "$work/entries.json" "$base/api/v1/log/entries?start=0&end=100" || fail "log entries"
index=$(python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
print([e["index"] for e in d["entries"] if e["subject_id"]==sys.argv[2]][-1])' "$work/entries.json" "$id") ||
  fail "no log entry for the approval"
curl -fsS -o "$work/statement.json" "$base/api/v1/log/entries/$index?download=1" || fail "statement"
curl -fsS -o "$work/proof1.json" "$base/api/v1/log/entries/$index/proof" || fail "proof"
curl -fsS -o "$work/keys.json" "$base/.well-known/helsekrav-keys.json" || fail "keys"
grep -q '"approval.issued"' "$work/statement.json" || fail "statement is not approval.issued"
"$bin" verify "$work/statement.json" --keys "$work/keys.json" --proof "$work/proof1.json" \
  >"$work/verify.out" 2>&1 || fail "verify rejected the downloaded statement: $(cat "$work/verify.out")"

# One changed byte in the statement or in the proof is rejected.
flip() {  # flip FILE OFFSET OUT
  python3 -c 'import sys
b=bytearray(open(sys.argv[1],"rb").read()); i=int(sys.argv[2])%len(b); b[i]^=0x01
open(sys.argv[3],"wb").write(b)' "$1" "$2" "$3"
}
for offset in 17 101 263; do
  flip "$work/statement.json" "$offset" "$work/bad.json"
  if "$bin" verify "$work/bad.json" --keys "$work/keys.json" --proof "$work/proof1.json" \
    >/dev/null 2>&1; then fail "verify accepted a statement with byte $offset changed"; fi
  flip "$work/proof1.json" "$offset" "$work/bad.json"
  if "$bin" verify "$work/statement.json" --keys "$work/keys.json" --proof "$work/bad.json" \
    >/dev/null 2>&1; then fail "verify accepted a proof with byte $offset changed"; fi
done

# KS cannot revoke NHN's approval; NHN can, with a reason, and the log grows consistently.
status=$(call POST "/api/v1/approvals/$id/revoke" "$ks" '{"reason":"Forsøk"}')
[ "$status" = 403 ] || fail "KS revoking gave $status, not 403"
status=$(call POST "/api/v1/approvals/$id/revoke" "$nhn" '{}')
[ "$status" = 422 ] || fail "revoking without a reason gave $status, not 422"
status=$(call POST "/api/v1/approvals/$id/revoke" "$nhn" '{"reason":"Integrasjonen er endret."}')
[ "$status" = 200 ] || fail "NHN revoking gave $status: $(cat "$work/body")"
[ "$(call GET "/api/v1/approvals/$id" "$nhn")" = 200 ] || fail "GET approval"
[ "$(field status)" = revoked ] || fail "approval is not revoked: $(cat "$work/body")"

curl -fsS -o "$work/head2.json" "$base/api/v1/log/tree-head" || fail "tree head"
second=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["tree_size"])' "$work/head2.json")
[ "$second" -gt "$saved" ] || fail "the log did not grow on revoke ($saved → $second)"

# The proof with a consistency proof from the saved size: no tree head for that size is in it
# (the server cannot vouch for its own past), so it is checked against the head saved earlier.
curl -fsS -o "$work/proof2.json" "$base/api/v1/log/entries/$index/proof?previous_size=$saved" ||
  fail "proof with previous size"
python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
assert "previous_tree_head" not in d and d["previous_size"]==int(sys.argv[2]), d' \
  "$work/proof2.json" "$saved" || fail "the proof is not in the expected form: $(cat "$work/proof2.json")"
"$bin" verify "$work/statement.json" --keys "$work/keys.json" --proof "$work/proof2.json" \
  --previous-tree-head "$work/saved_head.json" >"$work/verify.out" 2>&1 ||
  fail "verify rejected the later proof against the saved head: $(cat "$work/verify.out")"
grep -q "^OK: Loggen er konsistent: treet med $second oppføringer bygger videre på treet med $saved oppføringer" \
  "$work/verify.out" || fail "verify did not report consistency: $(cat "$work/verify.out")"
# Without the saved head the proof still verifies, but consistency is said not to be checked.
"$bin" verify "$work/statement.json" --keys "$work/keys.json" --proof "$work/proof2.json" \
  >"$work/verify.out" 2>&1 || fail "verify rejected the later proof: $(cat "$work/verify.out")"
grep -q "^Ikke kontrollert: at loggen er konsistent.*--previous-tree-head" "$work/verify.out" ||
  fail "verify did not say consistency was not checked: $(cat "$work/verify.out")"

# One changed byte in the saved head is rejected (exit 1, or 2 when it is no longer JSON).
size=$(wc -c <"$work/saved_head.json")
for ((offset = 3; offset < size; offset += 11)); do
  flip "$work/saved_head.json" "$offset" "$work/bad_head.json"
  set +e
  "$bin" verify "$work/statement.json" --keys "$work/keys.json" --proof "$work/proof2.json" \
    --previous-tree-head "$work/bad_head.json" >"$work/verify.out" 2>&1
  code=$?
  set -e
  [ "$code" -eq 1 ] || [ "$code" -eq 2 ] ||
    fail "verify gave exit $code for the saved head with byte $offset changed: $(cat "$work/verify.out")"
done
# A valid head of another size does not match the proof's consistency proof: the message says
# how to download the right one.
set +e
"$bin" verify "$work/statement.json" --keys "$work/keys.json" --proof "$work/proof2.json" \
  --previous-tree-head "$work/head2.json" >"$work/verify.out" 2>&1
code=$?
set -e
[ "$code" -eq 1 ] || fail "verify gave exit $code for a head of another size: $(cat "$work/verify.out")"
grep -q "^FEIL: .*proof2.json: .*Last ned beviset med ?previous_size=$second" "$work/verify.out" ||
  fail "the message does not say how to download the proof: $(cat "$work/verify.out")"

# The public pages show the approval and the verification.
curl -fsS -o "$work/page" "$base/godkjenninger/$id" || fail "approval page"
grep -q 'Tilbakekalt' "$work/page" || fail "the approval page does not say «Tilbakekalt»"
curl -fsS -o "$work/page" "$base/verifiser?oppforing=$index" || fail "verification page"
grep -q 'Signaturen er gyldig' "$work/page" || fail "the verification page does not confirm the signature"

# The signing key is private, and the same after a restart.
key_files=("$work"/var/keys/*.key)
[ "$(stat -c %a "${key_files[0]}")" = 600 ] || fail "the private key is not mode 0600"
kid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["keys"][-1]["kid"])' "$work/keys.json")
stop
start --no-access-log
curl -fsS -o "$work/keys2.json" "$base/.well-known/helsekrav-keys.json" || fail "keys after restart"
grep -q "\"$kid\"" "$work/keys2.json" || fail "the key changed on restart"
"$bin" verify "$work/statement.json" --keys "$work/keys2.json" --proof "$work/proof2.json" \
  >/dev/null 2>&1 || fail "verify failed after a restart"
stop

# Rotation: a new active key signs from the next start; the old public key stays published, so
# the statement signed before still verifies, and the old private key is gone.
"$bin" keys rotate --data-dir "$work/var" >"$work/rotate.out" 2>&1 || fail "keys rotate: $(cat "$work/rotate.out")"
[ ! -e "${key_files[0]}" ] || fail "the retired private key was not deleted"
start --no-access-log
curl -fsS -o "$work/keys3.json" "$base/.well-known/helsekrav-keys.json" || fail "keys after rotation"
python3 -c 'import json,sys
keys=json.load(open(sys.argv[1]))["keys"]
assert len(keys)==2 and keys[0]["kid"]==sys.argv[2] and "retired" in keys[0], keys' \
  "$work/keys3.json" "$kid" || fail "the keys document after rotation is wrong: $(cat "$work/keys3.json")"
curl -fsS -o "$work/proof3.json" "$base/api/v1/log/entries/$index/proof" || fail "proof after rotation"
"$bin" verify "$work/statement.json" --keys "$work/keys3.json" --proof "$work/proof3.json" \
  >"$work/verify.out" 2>&1 || fail "an old statement failed after rotation: $(cat "$work/verify.out")"
curl -fsS -o "$work/head3.json" "$base/api/v1/log/tree-head" || fail "tree head after rotation"
grep -q "\"$kid\"" "$work/head3.json" && fail "the tree head is still signed with the retired key"
stop
echo "e2e approval flow test: 1 passed, 0 failed"
