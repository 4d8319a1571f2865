#!/usr/bin/env bash
# Fuzzes every target in fuzz/ with clang's libFuzzer (not part of CI; docs/fuzzing.md).
#
#   bench/fuzz.sh [MINUTES_PER_TARGET] [TARGET …]     (default 10 minutes, every target)
#
# Builds build/fuzz (clang, -fsanitize=fuzzer-no-link plus the test build's ASan and UBSan,
# HELSEKRAV_FUZZ=ON links each fuzz/<name>_fuzz.cc as <name>_fuzz), then runs the targets one
# at a time under `nice`, starting from the committed corpus (the pairs in tests/CMakeLists.txt).
# Inputs that add coverage go to a scratch corpus; at the end they are merged against the
# committed corpus so only the new ones are left in $OUT/new/<name>. Crashes, leaks, timeouts
# and out-of-memory inputs are saved in $OUT/crashes/<name>/ and make the script exit 1.
#
# Environment: FUZZ_OUT (default build/fuzz-out), FUZZ_RSS_MB (2048), FUZZ_MAX_LEN (65536),
# FUZZ_TIMEOUT (seconds per input, 25), FUZZ_NICE (10), FUZZ_JOBS (build jobs, 2), FUZZ_BUILD
# (build directory, build/fuzz), FUZZ_NO_BUILD=1 (run the <name>_fuzz binaries already in
# $FUZZ_BUILD, however they were built).
set -euo pipefail

cd "$(dirname "$0")/.."
minutes=${1:-10}
shift || true
out=${FUZZ_OUT:-build/fuzz-out}
rss_mb=${FUZZ_RSS_MB:-2048}
max_len=${FUZZ_MAX_LEN:-65536}
timeout=${FUZZ_TIMEOUT:-25}
niceness=${FUZZ_NICE:-10}
build=${FUZZ_BUILD:-build/fuzz}

# name:corpus pairs, from the replay list so the two cannot drift apart.
mapfile -t pairs < <(sed -n '/^foreach(pair/,/)$/p' tests/CMakeLists.txt | grep -o '"[a-z_]*:[a-z_]*"' | tr -d '"')
if [ $# -gt 0 ]; then
  wanted=" $* "
  selected=()
  for pair in "${pairs[@]}"; do
    [[ $wanted == *" ${pair%%:*} "* ]] && selected+=("$pair")
  done
  pairs=("${selected[@]}")
fi
[ ${#pairs[@]} -gt 0 ] || { echo "no such fuzz target: $*" >&2; exit 2; }

if [ -n "${FUZZ_NO_BUILD:-}" ]; then
  :
elif [ ! -f $build/build.ninja ]; then
  CC=clang CXX=clang++ nice -n "$niceness" cmake -S . -B $build -G Ninja \
    -DCMAKE_BUILD_TYPE=None "-DCMAKE_CXX_FLAGS=-O1 -g -fsanitize=fuzzer-no-link" \
    -DHELSEKRAV_SANITIZE=ON -DHELSEKRAV_TESTS=ON -DHELSEKRAV_FUZZ=ON
fi
if [ -z "${FUZZ_NO_BUILD:-}" ]; then
  targets=()
  for pair in "${pairs[@]}"; do targets+=("${pair%%:*}_fuzz"); done
  nice -n "$niceness" cmake --build $build -j "${FUZZ_JOBS:-2}" --target "${targets[@]}"
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
summary=()
failed=0
for pair in "${pairs[@]}"; do
  name=${pair%%:*}
  corpus=fuzz/corpus/${pair##*:}
  mkdir -p "$out/scratch/$name" "$out/crashes/$name" "$out/new/$name"
  log=$out/$name.log
  echo "== $name: $minutes min over $corpus (log: $log)"
  # The application's JSON log lines ({"ts":…) would fill the disk; everything else is kept.
  set +e
  nice -n "$niceness" "$build/${name}_fuzz" -max_total_time=$((minutes * 60)) \
    -rss_limit_mb="$rss_mb" -malloc_limit_mb="$rss_mb" -max_len="$max_len" -timeout="$timeout" \
    -print_final_stats=1 -artifact_prefix="$out/crashes/$name/" \
    "$out/scratch/$name" "$corpus" 2>&1 | grep -av '^{"ts"' > "$log"
  set -e
  # Keep only what adds coverage beyond the committed corpus.
  tmp=$(mktemp -d)
  cp "$corpus"/* "$tmp"/
  nice -n "$niceness" "$build/${name}_fuzz" -merge=1 -rss_limit_mb="$rss_mb" -max_len="$max_len" \
    "$tmp" "$out/scratch/$name" 2>&1 | grep -av '^{"ts"' >> "$log" || true
  for f in "$tmp"/*; do
    [ -e "$corpus/$(basename "$f")" ] || mv "$f" "$out/new/$name/"
  done
  rm -rf "$tmp"
  execs=$(grep -a 'stat::number_of_executed_units' "$log" | tail -1 | awk '{print $2}')
  speed=$(grep -a 'stat::average_exec_per_sec' "$log" | tail -1 | awk '{print $2}')
  cov=$(grep -aoE 'cov: [0-9]+' "$log" | tail -1 | awk '{print $2}')
  crashes=$(find "$out/crashes/$name" -type f | wc -l)
  new=$(find "$out/new/$name" -type f | wc -l)
  [ "$crashes" -eq 0 ] || failed=1
  summary+=("$(printf '%-16s %4s min %12s execs %6s/s cov %6s new %4s crashes %s' "$name" \
    "$minutes" "${execs:-?}" "${speed:-?}" "${cov:-?}" "$new" "$crashes")")
done

echo
echo "== Summary ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores)"
printf '%s\n' "${summary[@]}"
if [ "$failed" -ne 0 ]; then
  echo "Crashes saved under $out/crashes/; replay one with $build/<name>_fuzz FILE" >&2
  exit 1
fi
