#!/usr/bin/env bash
# Declaration files built to expand (security review 2026-12, finding H1) against a normal file
# of the same size, posted to POST /api/v1/declarations of a running `helsekrav serve` with a
# supplier's write key: response time and the server's peak memory (VmHWM) before and after.
#
#   bash bench/declaration_bomb.sh                 # from the repository root
#   BIN=build/test/helsekrav ROUNDS=3 bash bench/declaration_bomb.sh
#
# BIN defaults to build/release/helsekrav, else build/test/helsekrav. Each file is posted ROUNDS
# times (default 5); the table shows the median time. The normal file is posted first, so the
# memory column shows what the bombs add on top of an ordinary request. Nothing is asserted
# (tests/e2e/declaration_bomb_test.sh asserts the status and the memory); results are recorded
# in docs/BENCHMARKS.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin=${BIN:-}
if [ -z "$bin" ]; then
  bin="$root/build/release/helsekrav"
  [ -x "$bin" ] || bin="$root/build/test/helsekrav"
fi
[ -x "$bin" ] || { echo "no helsekrav binary; build one or set BIN" >&2; exit 2; }
rounds=${ROUNDS:-5}
# shellcheck source=/dev/null
source "$root/tests/e2e/lib.sh"
start --no-access-log

user lev@leverandor.example 974760673 "Testleverandør AS" supplier
login lev@leverandor.example
key=$(api_key lev@leverandor.example)
[ -n "$key" ] || fail "could not create an API key"
version=$(product_version "$key")
python3 "$root/bench/declaration_bombs.py" "$work/files" "$version" "$root/data/catalog"

hwm_mb() { awk '/^VmHWM:/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status"; }
post_file() {  # post_file FILE [KEY] — prints "STATUS SECONDS"; without KEY the answer is 401
  local auth=()
  [ $# -ge 2 ] && auth=(-H "Authorization: Bearer $2")
  curl -s -o "$work/body" -w '%{http_code} %{time_total}\n' -X POST "${auth[@]}" \
    -H 'Content-Type: application/yaml' --data-binary "@$1" "$base/api/v1/declarations"
}
median_ms() { sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)] * 1000}'; }

echo "binary: $bin ($(uname -m), $(nproc) cores), rounds: $rounds, $(date -u +%F)"
# unauth_ms: the same body without a key, answered 401 before it is parsed — the cost of
# carrying the body alone, as the reference for median_ms.
printf '%-18s %9s %8s %10s %11s %15s %14s\n' file bytes status median_ms unauth_ms \
  peak_before_MB peak_after_MB
start_mb=$(hwm_mb)
for name in normal alias deep huge-string; do
  file="$work/files/$name.yaml"
  before=$(hwm_mb)
  times=()
  statuses=()
  unauth=()
  for _ in $(seq "$rounds"); do
    read -r status seconds < <(post_file "$file" "$key")
    times+=("$seconds")
    statuses+=("$status")
    read -r _ seconds < <(post_file "$file")
    unauth+=("$seconds")
  done
  # A second draft for the same product version may be refused; show every status seen.
  status=$(printf '%s\n' "${statuses[@]}" | awk '!seen[$1]++' | paste -sd/)
  printf '%-18s %9d %8s %10s %11s %15s %14s\n' "$name.yaml" "$(stat -c %s "$file")" "$status" \
    "$(printf '%s\n' "${times[@]}" | median_ms)" "$(printf '%s\n' "${unauth[@]}" | median_ms)" \
    "$before" "$(hwm_mb)"
done
echo "peak memory at start (after set-up): $start_mb MB, at end: $(hwm_mb) MB"
