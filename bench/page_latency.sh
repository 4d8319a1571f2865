#!/usr/bin/env bash
# Latency of pages, searches and filtered API lists: p50/p99 with wrk at 64 connections, on the
# default catalog and on a synthetic catalog FACTOR times larger (bench/synthetic_catalog.py).
# Loopback only. No pass/fail: it prints a Markdown table for docs/BENCHMARKS.md.
#   bash bench/page_latency.sh            # default catalog and 1000×
#   FACTOR=100 DURATION=5 bash bench/page_latency.sh
#   FACTOR=1 CONNECTIONS=1 bash bench/page_latency.sh   # server time per request, no queueing
set -euo pipefail
cd "$(dirname "$0")/.."
factor=${FACTOR:-1000}
duration=${DURATION:-10}
connections=${CONNECTIONS:-64}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cmake --preset release >/dev/null && cmake --build --preset release >/dev/null  # incremental
bin=build/release/helsekrav
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

targets=(
  "/krav"
  "/krav?area=security&obligation=mandatory"
  "/krav/EHDS-01"
  "/standarder/hl7-fhir-r4"
  "/profiler/epj-pleie-omsorg"
  "/veiviser/resultat?rolle=kjoper&kategori=epj-pleie-omsorg&aktor=municipality&integrasjon=kjernejournal&integrasjon=e-resept"
  "/sok?q=kjernejournal"
  "/api/v1/search?q=journalsystemer"
  "/api/v1/requirements?area=security"
)

start_server() {  # $1 = catalog dir
  rm -rf "$work/var"
  "$bin" serve --listen 127.0.0.1:0 --data-dir "$work/var" --catalog "$1" --no-access-log \
    2>"$work/log" &
  pid=$!
  for _ in $(seq 1 3000); do
    port=$(grep -o '"url":"http://127.0.0.1:[0-9]*' "$work/log" 2>/dev/null | grep -o '[0-9]*$' || true)
    [ -n "$port" ] && return 0
    sleep 0.1
  done
  echo "server did not start" >&2
  cat "$work/log" >&2
  exit 1
}

measure() {  # $1 = label
  echo
  echo "### $1"
  echo
  echo "| target | status | req/s | p50 | p99 |"
  echo "|---|---|---|---|---|"
  for t in "${targets[@]}"; do
    status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$t")
    out=$(wrk -t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d"${duration}s" --latency "http://127.0.0.1:$port$t")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1=="50%" {print $2}')
    p99=$(echo "$out" | awk '$1=="99%" {print $2}')
    echo "| \`$t\` | $status | $rps | $p50 | $p99 |"
  done
}

echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk -c$connections -d${duration}s on loopback; client and server share the cores."
start_server data/catalog
measure "Default catalog"
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""

[ "$factor" -gt 1 ] || exit 0  # FACTOR=1: the default catalog only
python3 bench/synthetic_catalog.py data/catalog "$work/catalog-x$factor" "$factor" >/dev/null
t0=$(date +%s)
start_server "$work/catalog-x$factor"
echo
echo "Start-up with the ${factor}× catalog (import, snapshot, search index): $(( $(date +%s) - t0 )) s"
measure "Synthetic catalog, ${factor}× ($(( factor * $(python3 -c 'import json;print(len(json.load(open("data/catalog/requirements.json"))["requirements"]))') )) requirements)"
