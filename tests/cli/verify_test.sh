#!/usr/bin/env bash
# helsekrav verify: a statement with its proof, the published keys and two tree heads with a
# consistency proof pass; a proof's consistency proof is checked against a tree head saved
# earlier (--previous-tree-head) and only then; single-byte changes (at a stride) of the statement, the proof (which
# holds the signed tree heads) and the tree heads are rejected; another service's keys are
# rejected; missing or unreadable input exits with 2. The documents come from hk_unit_tests
# (tests/trust/verify_fixture_test.cc), which signs a 42-entry log with a rotated key.
set -euo pipefail
bin=$(realpath "$1")
unit_tests=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
export HELSEKRAV_TEST_NOW=2026-12-08T09:00:00Z  # no result may depend on today

HK_TRUST_FIXTURE_DIR="$work" "$unit_tests" --gtest_filter='VerifyFixtureTest.*' >"$work/fixture.log" ||
  fail "could not write the fixture: $(cat "$work/fixture.log")"
cd "$work"

# run ARGS... — sets $code and $out (stdout and stderr).
run() {
  set +e
  "$bin" verify "$@" >"$work/out" 2>&1
  code=$?
  set -e
  out=$(cat "$work/out")
}

"$bin" verify --help >"$work/help"
grep -q -- "--consistency" "$work/help" || fail "verify --help does not list --consistency"
grep -q -- "--previous-tree-head" "$work/help" || fail "verify --help does not list --previous-tree-head"

run statement.json --proof proof.json --keys keys.json
[ "$code" -eq 0 ] || fail "valid statement and proof: exit $code: $out"
echo "$out" | grep -q "^OK: Signaturen er gyldig (nøkkel [0-9a-f]\{16\}, pensjonert" ||
  fail "signature line: $out"
echo "$out" | grep -q "^OK: Erklæringen er med i loggen som oppføring 18 av 42 (leaf_index 17)" ||
  fail "inclusion line: $out"
# The proof's consistency proof (from size 30) means nothing without a head saved before.
echo "$out" | grep -q "^Ikke kontrollert: at loggen er konsistent.*--previous-tree-head" ||
  fail "consistency not-checked line: $out"
echo "$out" | grep -q "^OK: Loggen er konsistent" && fail "consistency reported without a saved head: $out"

# With the head of size 30 saved earlier, the proof shows the log only grew since.
run statement.json --proof proof.json --keys keys.json --previous-tree-head head_30.json
[ "$code" -eq 0 ] || fail "proof against the saved head: exit $code: $out"
echo "$out" | grep -q "^OK: Det forrige trehodet (30 oppføringer, " || fail "previous head line: $out"
echo "$out" | grep -q "^OK: Loggen er konsistent: treet med 42 oppføringer bygger videre på treet med 30" ||
  fail "consistency line: $out"
# A saved head of another size: the proof must be downloaded again with that size.
run statement.json --proof proof.json --keys keys.json --previous-tree-head head_29.json
[ "$code" -eq 1 ] || fail "saved head of another size: exit $code, expected 1: $out"
echo "$out" | grep -q "^FEIL: proof.json: .*Last ned beviset med ?previous_size=29" ||
  fail "another-size message: $out"
run statement.json --proof proof_plain.json --keys keys.json --previous-tree-head head_30.json
[ "$code" -eq 1 ] || fail "saved head, proof without consistency: exit $code, expected 1: $out"
echo "$out" | grep -q "Last ned beviset med ?previous_size=30" || fail "no-consistency message: $out"
# The saved head's signature is checked: a head with another timestamp is not the one signed.
python3 -c 'import json
h=json.load(open("head_30.json")); h["timestamp"]="2026-11-23T12:00:41Z"
open("head_30_redated.json","w").write(json.dumps(h))'
run statement.json --proof proof.json --keys keys.json --previous-tree-head head_30_redated.json
[ "$code" -eq 1 ] || fail "re-dated saved head: exit $code, expected 1: $out"
echo "$out" | grep -q "^FEIL: head_30_redated.json: Signaturen på trehodet (30 oppføringer) er ugyldig" ||
  fail "saved head signature line: $out"
echo "$out" | grep -q "^Ikke kontrollert: at loggen er konsistent" || fail "re-dated head not-checked line: $out"

# Formatting is not content: the same statement pretty-printed verifies too.
run statement_pretty.json --proof proof_plain.json --keys keys.json
[ "$code" -eq 0 ] || fail "pretty-printed statement: exit $code: $out"

# Without a proof only the signature is checked, and the output says so.
run statement.json --keys keys.json
[ "$code" -eq 0 ] || fail "signature only: exit $code: $out"
echo "$out" | grep -q "^Ikke kontrollert: at erklæringen er med i loggen" || fail "not-checked line: $out"

# Two tree heads and a consistency proof.
run --keys keys.json --consistency head_30.json head_42.json consistency.json
[ "$code" -eq 0 ] || fail "consistency: exit $code: $out"
run --keys keys.json --consistency head_42.json head_30.json consistency.json
[ "$code" -eq 1 ] || fail "heads swapped: exit $code, expected 1: $out"
run --keys keys.json --consistency head_30.json head_42.json
[ "$code" -eq 1 ] || fail "different sizes without a proof: exit $code, expected 1: $out"

# Another valid statement is not the entry the proof is about.
run statement_18.json --proof proof.json --keys keys.json
[ "$code" -eq 1 ] || fail "another statement: exit $code, expected 1: $out"
echo "$out" | grep -q "^FEIL: proof.json: Erklæringen er ikke med i loggen" || fail "wrong-entry line: $out"

# Another service's keys: neither the statement nor the tree head verify.
run statement.json --proof proof.json --keys other_keys.json
[ "$code" -eq 1 ] || fail "other keys: exit $code, expected 1: $out"
echo "$out" | grep -q "finnes ikke i nøkkeldokumentet" || fail "other keys message: $out"

# Unreadable input and missing arguments.
run missing.json --keys keys.json
[ "$code" -eq 2 ] || fail "missing file: exit $code, expected 2"
run statement.json
[ "$code" -eq 2 ] || fail "no --keys: exit $code, expected 2"
run statement.json --keys keys.json --previous-tree-head head_30.json
[ "$code" -eq 2 ] || fail "--previous-tree-head without --proof: exit $code, expected 2"
printf '{"payload":' >truncated.json
run truncated.json --keys keys.json
[ "$code" -eq 2 ] || fail "truncated JSON: exit $code, expected 2"
run --keys keys.json
[ "$code" -eq 2 ] || fail "nothing to verify: exit $code, expected 2"

# Single-byte changes of every document are rejected by the command (exit 1 or 2, never 0, never
# a crash). Every byte is changed in-process by tests/trust/statement_test.cc; here a stride keeps
# the number of processes (each a sanitizer build in CI) small while still reaching every field.
python3 - "$bin" <<'PY'
import concurrent.futures, os, subprocess, sys

bin_path = sys.argv[1]
replacements = b'0Az_ "'
# (file, stride, arguments with {} for the changed copy). Strides are odd so that successive
# changes fall on different characters of base64 and hex values.
cases = [
    ("statement.json", 7, ["{}", "--proof", "proof.json", "--keys", "keys.json"]),
    ("proof.json", 7, ["statement.json", "--proof", "{}", "--keys", "keys.json",
                       "--previous-tree-head", "head_30.json"]),
    ("head_30.json", 5, ["statement.json", "--proof", "proof.json", "--keys", "keys.json",
                         "--previous-tree-head", "{}"]),
    ("head_30.json", 13, ["--keys", "keys.json", "--consistency", "{}", "head_42.json",
                          "consistency.json"]),
    ("head_42.json", 13, ["--keys", "keys.json", "--consistency", "head_30.json", "{}",
                          "consistency.json"]),
    ("consistency.json", 13, ["--keys", "keys.json", "--consistency", "head_30.json",
                              "head_42.json", "{}"]),
]

def check(job):
    name, i, data, args = job
    path = f"flip-{name}-{i}"
    with open(path, "wb") as f:
        f.write(data)
    result = subprocess.run([bin_path, "verify"] + [path if a == "{}" else a for a in args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.remove(path)
    return name, i, result.returncode

jobs = []
for name, stride, args in cases:
    original = open(name, "rb").read()
    for i in range(0, len(original), stride):
        r = replacements[i % len(replacements)]
        if original[i] == r:
            r = replacements[(i + 1) % len(replacements)]
        changed = original[:i] + bytes([r]) + original[i + 1:]
        jobs.append((name, i, changed, args))

failures, codes = [], {}
with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
    for name, i, code in pool.map(check, jobs):
        codes[code] = codes.get(code, 0) + 1
        if code not in (1, 2):
            failures.append(f"{name} byte {i}: exit {code}")
print(f"{len(jobs)} single-byte changes, exit codes {codes}")
if failures:
    sys.exit("FAIL: accepted or crashed on a changed byte:\n" + "\n".join(failures[:20]))
if codes.get(1, 0) < len(jobs) // 4:
    sys.exit("FAIL: too few changes were caught by the checks themselves (exit 1)")
PY

echo "verify_test: OK"
