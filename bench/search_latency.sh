#!/usr/bin/env bash
# Latency of GET /api/v1/search on the default catalog: wrk --latency at 64 connections for
# DURATION seconds, once for q=kjernejournal alone and once rotating four queries (a plain word,
# a plural that needs stemming, a typo that needs spelling correction, an organisasjonsnummer),
# then the server-side view from /metrics (helsekrav_http_request_duration_seconds, route
# "search"). Also prints the search index build time the server logged at start-up.
# Loopback only. No pass/fail: it prints a Markdown section for docs/BENCHMARKS.md.
#   bash bench/search_latency.sh
#   DURATION=20 CONNECTIONS=32 bash bench/search_latency.sh
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${DURATION:-10}
connections=${CONNECTIONS:-64}
bin=${HELSEKRAV:-build/release/helsekrav}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }
[ -x "$bin" ] || { cmake --preset release >/dev/null && cmake --build --preset release; }
work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$bin" serve --listen 127.0.0.1:0 --data-dir "$work/var" --no-access-log 2>"$work/log" &
pid=$!
port=""
for _ in $(seq 1 600); do
  port=$(grep -o '"url":"http://127.0.0.1:[0-9]*' "$work/log" 2>/dev/null | grep -o '[0-9]*$' || true)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "server did not start" >&2; cat "$work/log" >&2; exit 1; }
base="http://127.0.0.1:$port"

queries=("kjernejournal" "journalsystemer" "kjernejurnal" "983544622")
for q in "${queries[@]}"; do
  status=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/search?q=$q")
  [ "$status" = 200 ] || { echo "q=$q answered $status" >&2; exit 1; }
done

# wrk rotates the queries; each connection starts at a different one.
cat >"$work/rotate.lua" <<EOF
local queries = {$(printf '"%s",' "${queries[@]}")}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/search?q=" .. queries[(i % #queries) + 1])
end
EOF

# Server-side histogram of route="search" as "le count" lines, cumulative.
histogram() {
  curl -s "$base/metrics" |
    awk -F'[{}]' '/^helsekrav_http_request_duration_seconds_bucket/ && $2 ~ /route="search"/ {
      split($2, kv, "le=\""); le = kv[2]; sub(/".*/, "", le); print le, $3 + 0 }'
}
# Summary of the difference between two histograms: count, mean, and the smallest bucket
# bound that holds ≥ 50 % and ≥ 99 % of the requests.
server_side() {  # $1 before-file $2 after-file $3 sum-before $4 sum-after
  paste "$1" "$2" | awk -v sb="$3" -v sa="$4" '
    { le[NR] = $1; n[NR] = $4 - $2 }
    END {
      total = n[NR]
      for (i = NR; i >= 1; i--) {
        bound = le[i] == "+Inf" ? "> " le[i - 1] * 1000 " ms" : "≤ " le[i] * 1000 " ms"
        if (n[i] >= 0.50 * total) p50 = bound
        if (n[i] >= 0.99 * total) p99 = bound
      }
      mean = total > 0 ? (sa - sb) / total * 1e6 : 0
      printf "%d requests, mean %.0f µs, p50 %s, p99 %s", total, mean, p50, p99
    }'
}
search_sum() {
  curl -s "$base/metrics" |
    awk '/^helsekrav_http_request_duration_seconds_sum\{route="search"\}/ { print $2 }'
}

run() {  # $1 label, rest: wrk arguments
  local label=$1
  shift
  local threads=$((connections < 2 ? connections : 2))
  wrk -t"$threads" -c"$connections" -d2s "$@" >/dev/null  # warm-up
  histogram >"$work/before"
  local sum_before
  sum_before=$(search_sum)
  local out
  out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$@")
  histogram >"$work/after"
  local rps p50 p99 server
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  server=$(server_side "$work/before" "$work/after" "$sum_before" "$(search_sum)")
  echo "| $label | $rps | $p50 | $p99 | $server |"
}

build_ms=$(grep -o '"search_index_ms":"[0-9.]*' "$work/log" | grep -o '[0-9.]*$' | tr '\n' ' ')
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
  "load $(cut -d' ' -f1-3 /proc/loadavg) at the start; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "wrk -t2 -c$connections -d${duration}s --latency on loopback; client and server share the cores."
echo "Search index build at start-up (ms, per snapshot published): ${build_ms:-not logged}"
echo
echo "| queries ($connections connections unless said) | req/s | p50 (wrk) | p99 (wrk) | server side (/metrics, route=\"search\") |"
echo "|---|---|---|---|---|"
run "\`q=kjernejournal\`" "$base/api/v1/search?q=kjernejournal"
run "rotating \`$(IFS=,; echo "${queries[*]}")\`" -s "$work/rotate.lua" "$base"
# One connection: the time of a search itself, without waiting behind 63 others.
connections=1 run "rotating, 1 connection" -s "$work/rotate.lua" "$base"
echo
echo "Load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
