#!/usr/bin/env bash
# helsekrav check: a complete declaration (YAML and JSON) passes with a summary; an unknown
# requirement fails with the line of its `requirement:` key; bad syntax fails with its line;
# a missing or unreadable file and a missing argument exit with 2.
set -euo pipefail
bin=$1
dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
date=2026-11-23
export HELSEKRAV_TEST_NOW=2026-12-08T09:00:00Z  # "today" without --date: src/cli/common.h MakeClock

# run FILE ARGS... — sets $code, $out (stdout) and $err (stderr).
run() {
  set +e
  "$bin" check "$@" --date "$date" >"$work/out" 2>"$work/err"
  code=$?
  set -e
  out=$(cat "$work/out")
  err=$(cat "$work/err")
}

# (through a file: with pipefail, grep -q closing the pipe early would fail the check)
"$bin" check --help >"$work/help"
grep -q -- "--complete" "$work/help" || fail "check --help does not list --complete"

for f in valid.yaml valid.json; do
  run "$dir/$f" --complete
  [ "$code" -eq 0 ] || fail "$f: exit $code, expected 0: $err"
  echo "$out" | grep -q "^OK: 20 av 20 krav i profilen «Helseapp" || fail "$f: summary: $out"
  [ -z "$err" ] || fail "$f: unexpected problems: $err"
done

# Without --date the checker uses today's (HELSEKRAV_TEST_NOW) catalog; the file pins its versions, so it still passes.
"$bin" check "$dir/valid.yaml" >/dev/null || fail "valid.yaml fails without --date"

# With --catalog the same directory as the built-in catalog gives the same answer.
catalog_dir=$(cd "$dir/../../../data/catalog" && pwd)
run "$dir/valid.yaml" --catalog "$catalog_dir"
[ "$code" -eq 0 ] || fail "--catalog: exit $code: $err"

# Unknown requirement: exit 1, FILE:LINE:COL on the requirement line.
line=$(grep -n "requirement: XX-99" "$dir/unknown_requirement.yaml" | cut -d: -f1)
run "$dir/unknown_requirement.yaml"
[ "$code" -eq 1 ] || fail "unknown requirement: exit $code, expected 1"
echo "$err" | grep -q "unknown_requirement.yaml:$line:[0-9]*: feil: Kravet «XX-99» finnes ikke i profilen" ||
  fail "unknown requirement not reported on line $line: $err"
other=$(grep -n "requirement: SMART-01" "$dir/unknown_requirement.yaml" | cut -d: -f1)
echo "$err" | grep -q ":$other:[0-9]*: feil: Kravet «SMART-01».*hører ikke til denne profilen" ||
  fail "requirement from another profile not reported on line $other: $err"
echo "$err" | grep -q "advarsel: 19 av 20 krav" || fail "missing answers not summarised: $err"
echo "$out" | grep -q "Fant 2 feil" || fail "summary does not count errors: $out"

# Missing answers are errors with --complete.
run "$dir/unknown_requirement.yaml" --complete
[ "$(echo "$err" | grep -c ': feil: Kravet .* er ikke besvart')" -eq 19 ] ||
  fail "--complete does not report every unanswered requirement: $err"

# Bad syntax: exit 1 and the line of the error.
run "$dir/bad_syntax.yaml"
[ "$code" -eq 1 ] || fail "bad syntax: exit $code, expected 1"
echo "$err" | grep -q "bad_syntax.yaml:6:[0-9]*: feil: Syntaksfeil" || fail "syntax error line: $err"

# H1 (security review 2026-12): anchors and aliases are refused at the anchor's line and column.
run "$dir/anchors.yaml"
[ "$code" -eq 1 ] || fail "H1: a file with anchors: exit $code, expected 1"
echo "$err" | grep -q "^.*anchors.yaml:4:5: feil: YAML-ankre og -aliaser" ||
  fail "H1: anchors not refused at line 4, column 5: $err"

# not_applicable without a reason (JSON).
run "$dir/not_applicable_without_reason.json"
[ "$code" -eq 1 ] || fail "n/a without reason: exit $code"
echo "$err" | grep -q "json:6:[0-9]*: feil: Begrunnelse mangler" || fail "n/a reason: $err"

# Usage and unreadable files: exit 2.
run "$work/finnes-ikke.yaml"
[ "$code" -eq 2 ] || fail "missing file: exit $code, expected 2"
echo "$err" | grep -q "Kan ikke lese" || fail "missing file message: $err"
set +e
"$bin" check >/dev/null 2>&1
code=$?
set -e
[ "$code" -eq 2 ] || fail "no file argument: exit $code, expected 2"
run "$dir/valid.yaml" --catalog "$work/ingen-katalog"
[ "$code" -eq 2 ] || fail "unreadable catalog: exit $code, expected 2"

# An invalid HELSEKRAV_TEST_NOW is an error naming the variable, not the real clock.
set +e
HELSEKRAV_TEST_NOW=2026-12-08 "$bin" check "$dir/valid.yaml" >/dev/null 2>"$work/err"
code=$?
set -e
[ "$code" -ne 0 ] || fail "an invalid HELSEKRAV_TEST_NOW was accepted"
grep -q "HELSEKRAV_TEST_NOW" "$work/err" || fail "invalid HELSEKRAV_TEST_NOW: $(cat "$work/err")"

echo "check_test: OK"
