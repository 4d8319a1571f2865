#!/usr/bin/env bash
# Throughput of helsekrav's JSON API against nginx serving the very same bytes as a static file.
#
#   bash bench/api_vs_nginx.sh            # from the repository root, as root on Debian 12
#
# Environment (defaults in brackets):
#   DURATION [10]        seconds per measured wrk run
#   WARMUP [3]           seconds of warm-up per server before each series
#   ROUNDS [3]           measured runs per server; they alternate nginx, helsekrav, nginx, ...
#   CONNECTIONS [64]     wrk connections
#   THREADS [2]          wrk threads
#   SERVER_THREADS ["1 2"]  server worker counts to test (helsekrav --threads = nginx workers)
#   PIN [1]              with 1 server thread on a machine with ≥ 2 cores: server on CPU 0,
#                        wrk on CPU 1 (taskset). With more server threads nothing is pinned.
#   FILTER_TARGET [/api/v1/requirements?area=security&per_page=50]  the computed request;
#                        must be /api/v1/requirements with a query string
#   CATALOG []           catalog directory for `serve --catalog` (default: the built-in one)
#   HELSEKRAV [build/release/helsekrav]   binary; built with the release preset if missing
#   REBUILD [0]          1 = run the release build first even when the binary exists
#   NICE []              e.g. -10: run servers and wrk at that nice level (root), so that other
#                        work on a shared machine disturbs the measurement less
#   TARGET_RATIO [0.70]  printed next to the ratio; never asserted
#
# Exits 0 whatever the ratios are; non-zero only when a tool or server fails to start, a server
# answers with an error status, or the two servers' bodies differ. Traffic goes to 127.0.0.1 only.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
SERVER_THREADS=${SERVER_THREADS:-"1 2"}
PIN=${PIN:-1}
FILTER_TARGET=${FILTER_TARGET:-"/api/v1/requirements?area=security&per_page=50"}
PLAIN_TARGET=/api/v1/requirements
[[ $FILTER_TARGET == "$PLAIN_TARGET?"?* ]] ||
  { echo "error: FILTER_TARGET must be $PLAIN_TARGET?QUERY" >&2; exit 2; }
CATALOG=${CATALOG:-}
HELSEKRAV=${HELSEKRAV:-build/release/helsekrav}
TARGET_RATIO=${TARGET_RATIO:-0.70}
NICE=${NICE:-}
PRIO=()
[[ -z $NICE ]] || PRIO=(nice -n "$NICE")

log() { printf '%s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- tools --------------------------------------------------------------------------------------
export PATH="$PATH:/usr/sbin:/sbin"
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || missing+=(nginx-light)
command -v curl >/dev/null || missing+=(curl)
command -v taskset >/dev/null || missing+=(util-linux)
build=${REBUILD:-0}
if [[ ! -x $HELSEKRAV || $build == 1 ]]; then
  [[ $HELSEKRAV == build/release/helsekrav ]] || die "$HELSEKRAV is not an executable"
  build=1
  # What CMakeLists.txt needs, by Debian 12 package name.
  for pkg in cmake ninja-build g++ pkg-config libboost-dev libssl-dev libsqlite3-dev \
             nlohmann-json3-dev libcli11-dev libfmt-dev libpq-dev; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
  done
fi
if ((${#missing[@]})); then
  command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get to install them"
  log "installing ${missing[*]} ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# Installing Debian's nginx package may start a system-wide nginx on port 80; it is not used here.

if ((build)); then
  log "building the release binary ..."
  cmake --preset release >/dev/null
  cmake --build --preset release -j"$(nproc)"
fi
HELSEKRAV=$(realpath "$HELSEKRAV")

# --- temporary state and cleanup -------------------------------------------------------------
TMP=$(mktemp -d /tmp/helsekrav-bench.XXXXXX)
chmod 755 "$TMP"  # nginx workers started by root run as nobody and must read the files
HK_PID=""
NGINX_PID=""

stop_pid() {  # stop_pid PID: TERM, wait up to 5 s, then KILL
  local pid=$1
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
stop_servers() {
  stop_pid "$HK_PID"; HK_PID=""
  stop_pid "$NGINX_PID"; NGINX_PID=""  # the master stops its workers on TERM
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [[ -z ${WRK_PID:-} ]] || kill -KILL "$WRK_PID" 2>/dev/null || true
  stop_servers
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

NPROC=$(nproc)
pin_enabled() { [[ $PIN == 1 && $1 == 1 && $NPROC -ge 2 ]]; }

# A loopback port nobody listens on (nginx binds it right away; a lost race shows as a failed
# start).
free_port() {
  local port
  for _ in $(seq 100); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  die "no free loopback port found"
}

# --- helsekrav ---------------------------------------------------------------------------------
HK_PORT=""
start_helsekrav() {  # start_helsekrav THREADS
  local threads=$1 prefix=() catalog=()
  prefix=("${PRIO[@]}")
  pin_enabled "$threads" && prefix+=(taskset -c 0)
  [[ -n $CATALOG ]] && catalog=(--catalog "$(realpath "$CATALOG")")
  mkdir -p "$TMP/data"
  : >"$TMP/helsekrav.log"
  "${prefix[@]}" "$HELSEKRAV" serve --listen 127.0.0.1:0 --data-dir "$TMP/data" --no-access-log \
    --threads "$threads" "${catalog[@]}" >>"$TMP/helsekrav.log" 2>&1 &
  HK_PID=$!
  HK_PORT=""
  for _ in $(seq 300); do
    kill -0 "$HK_PID" 2>/dev/null || { cat "$TMP/helsekrav.log" >&2; die "helsekrav exited"; }
    if [[ -z $HK_PORT ]]; then
      HK_PORT=$(grep -o '"url":"http://127\.0\.0\.1:[0-9]*"' "$TMP/helsekrav.log" | head -n1 |
                grep -o '[0-9]*"$' | tr -d '"' || true)
    fi
    if [[ -n $HK_PORT ]] && curl -sf -o /dev/null "http://127.0.0.1:$HK_PORT/readyz"; then
      return 0
    fi
    sleep 0.1
  done
  cat "$TMP/helsekrav.log" >&2
  die "helsekrav did not become ready within 30 s"
}

# --- nginx -------------------------------------------------------------------------------------
NGINX_PORT=""
NGINX_V=$(nginx -V 2>&1)
start_nginx() {  # start_nginx WORKERS
  local workers=$1 prefix=() temp="" m
  prefix=("${PRIO[@]}")
  pin_enabled "$workers" && prefix+=(taskset -c 0)
  NGINX_PORT=$(free_port)
  mkdir -p "$TMP/nginx/temp"
  : >"$TMP/nginx/error.log"
  # Temp paths of every compiled-in module point into $TMP (the defaults may not exist).
  temp+="    client_body_temp_path $TMP/nginx/temp/body;"$'\n'
  for m in proxy fastcgi uwsgi scgi; do
    [[ $NGINX_V == *"--without-http_${m}_module"* ]] ||
      temp+="    ${m}_temp_path $TMP/nginx/temp/$m;"$'\n'
  done
  cat >"$TMP/nginx/nginx.conf" <<EOF
worker_processes $workers;
daemon off;
master_process on;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    types {}
    default_type application/json;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65s;
    keepalive_requests 1000000;
    server_tokens off;
$temp
    # The same request target reaches both servers; the query string picks the file.
    map \$args \$bench_file {
        default /plain.json;
        "${FILTER_TARGET#*\?}" /filtered.json;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $TMP/www;
        location = $PLAIN_TARGET {
            # The same extra headers helsekrav sends.
            add_header Cache-Control no-cache;
            add_header X-Content-Type-Options nosniff;
            try_files \$bench_file =404;
        }
    }
}
EOF
  "${prefix[@]}" nginx -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" >>"$TMP/nginx/error.log" 2>&1 &
  NGINX_PID=$!
  for _ in $(seq 100); do
    kill -0 "$NGINX_PID" 2>/dev/null || { cat "$TMP/nginx/error.log" >&2; die "nginx exited"; }
    curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT$PLAIN_TARGET" && return 0
    sleep 0.1
  done
  cat "$TMP/nginx/error.log" >&2
  die "nginx did not answer within 10 s"
}

# --- wrk ---------------------------------------------------------------------------------------
CLK_TCK=$(getconf CLK_TCK)

# Fields of /proc/PID/stat after "(comm)": state ppid ... utime (12th) stime (13th). Pure bash,
# no forks, so that it is quick and does not disturb the measurement.
proc_stat() {  # proc_stat PID → sets STAT (array) or returns 1
  local line
  { read -r line <"/proc/$1/stat"; } 2>/dev/null || return 1
  read -r -a STAT <<<"${line##*) }"
}
# PIDs doing a server's work: helsekrav's process, or nginx's workers (children of the master).
server_pids() {
  if [[ $1 == helsekrav ]]; then echo "$HK_PID"; return; fi
  local d pid
  for d in /proc/[0-9]*; do
    pid=${d#/proc/}
    proc_stat "$pid" && [[ ${STAT[1]} == "$NGINX_PID" ]] && echo "$pid"
  done
  return 0
}
# CPU time (user + system, in clock ticks) used so far by the given PIDs.
cpu_ticks() {
  local total=0 p
  for p in "$@"; do
    proc_stat "$p" && total=$((total + STAT[11] + STAT[12]))
  done
  echo "$total"
}

# run_wrk SERVER_THREADS SECONDS URL SERVER → sets RPS, LAT (average latency) and CPU (server CPU
# µs per request); fails on error responses. wrk runs in the background so that a signal stops the
# script (and the trap kills wrk) at once.
WRK_PID=""
run_wrk() {
  local threads=$1 seconds=$2 url=$3 server=$4 prefix=() out non2xx reqs t0 t1 pids rc=0
  prefix=("${PRIO[@]}")
  pin_enabled "$threads" && prefix+=(taskset -c 1)
  read -r -a pids <<<"$(server_pids "$server" | tr '\n' ' ')"
  t0=$(cpu_ticks "${pids[@]}")
  "${prefix[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" "$url" >"$TMP/wrk.out" 2>&1 &
  WRK_PID=$!
  wait "$WRK_PID" || rc=$?
  WRK_PID=""
  t1=$(cpu_ticks "${pids[@]}")
  out=$(<"$TMP/wrk.out")
  ((rc == 0)) || { log "$out"; die "wrk failed against $url"; }
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$out")
  [[ -z $non2xx ]] || { log "$out"; die "$url answered $non2xx requests with an error status"; }
  if grep -q 'Socket errors' <<<"$out"; then
    log "  warning: $(grep 'Socket errors' <<<"$out" | sed 's/^ *//') ($url)"
  fi
  RPS=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  LAT=$(awk '$1 == "Latency" && NF >= 4 {print $2; exit}' <<<"$out")
  reqs=$(awk '/ requests in / {print $1; exit}' <<<"$out")
  [[ -n $RPS && -n $reqs ]] || { log "$out"; die "no Requests/sec in wrk output"; }
  CPU=$(awk -v t=$((t1 - t0)) -v hz="$CLK_TCK" -v n="$reqs" \
    'BEGIN { if (n > 0) printf "%.1f", t / hz * 1e6 / n; else print "nan" }')
}

median() {  # median [DECIMALS] < numbers separated by blanks
  tr ' ' '\n' | grep . | sort -g | awk -v d="${1:-0}" '{v[NR] = $1} END {
    if (NR == 0) { print "nan"; exit }
    m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%." d "f\n", m }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f\n", a / b; else print "nan" }'; }
loadavg() { cut -d' ' -f1 /proc/loadavg; }

# --- fetch the bytes once, with one server thread ----------------------------------------------
start_helsekrav 1
mkdir -p "$TMP/www"
curl -sf -o "$TMP/www/plain.json" "http://127.0.0.1:$HK_PORT$PLAIN_TARGET" ||
  die "GET $PLAIN_TARGET failed"
curl -sf -o "$TMP/www/filtered.json" "http://127.0.0.1:$HK_PORT$FILTER_TARGET" ||
  die "GET $FILTER_TARGET failed"
chmod 644 "$TMP/www"/*.json
chmod 755 "$TMP/www"
stop_servers
plain_bytes=$(wc -c <"$TMP/www/plain.json")
filtered_bytes=$(wc -c <"$TMP/www/filtered.json")
plain_items=$(grep -o '"total":[0-9]*' "$TMP/www/plain.json" | head -n1 | cut -d: -f2 || true)

cpu_model=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
cat <<EOF
helsekrav vs nginx — $(date -u +%Y-%m-%dT%H:%M:%SZ)
machine:  $NPROC CPU(s), ${cpu_model:-unknown CPU}, Linux $(uname -r)
tools:    $(nginx -v 2>&1 | sed 's/^nginx version: //'), $(wrk -v 2>&1 | head -n1 | awk '{print "wrk " $2}')
binary:   $HELSEKRAV
wrk:      -t$THREADS -c$CONNECTIONS, warm-up ${WARMUP}s per server, $ROUNDS × ${DURATION}s per server, alternating
bodies:   $PLAIN_TARGET → $plain_bytes bytes (catalog total ${plain_items:-?} requirements)
          $FILTER_TARGET → $filtered_bytes bytes
note:     client and server share the machine's $NPROC cores over loopback; with 1 server thread
          the server is pinned to CPU 0 and wrk to CPU 1, with more threads nothing is pinned.
EOF
[[ -z $NICE ]] || echo "priority: servers and wrk run at nice $NICE"
if [[ ${plain_items:-0} =~ ^[0-9]+$ ]] && ((${plain_items:-0} < 50)); then
  echo "warning:  the catalog has fewer than 50 requirements, so the first page is not full;"
  echo "          the numbers say little about a real catalog (set CATALOG=DIR to use another)."
fi

# --- measure -----------------------------------------------------------------------------------
load_before=$(loadavg)
declare -A RESULT
worst_ratio=""
for threads in $SERVER_THREADS; do
  start_helsekrav "$threads"
  start_nginx "$threads"
  for kind in plain filtered; do
    if [[ $kind == plain ]]; then target=$PLAIN_TARGET; else target=$FILTER_TARGET; fi
    hk_url="http://127.0.0.1:$HK_PORT$target"
    ng_url="http://127.0.0.1:$NGINX_PORT$target"
    curl -sf -o "$TMP/hk.body" "$hk_url" || die "GET $hk_url failed"
    curl -sf -o "$TMP/ng.body" "$ng_url" || die "GET $ng_url failed"
    cmp -s "$TMP/hk.body" "$TMP/ng.body" || die "bodies differ for $target (threads=$threads)"
    cmp -s "$TMP/hk.body" "$TMP/www/$kind.json" ||
      die "helsekrav's body for $target changed since it was fetched"
    log "threads=$threads $target: warm-up ..."
    run_wrk "$threads" "$WARMUP" "$ng_url" nginx
    run_wrk "$threads" "$WARMUP" "$hk_url" helsekrav
    ng_all=() hk_all=() ng_cpu=() hk_cpu=()
    for round in $(seq "$ROUNDS"); do
      run_wrk "$threads" "$DURATION" "$ng_url" nginx
      ng_all+=("$RPS"); ng_cpu+=("$CPU")
      log "  round $round nginx     $RPS req/s, avg latency $LAT, server CPU $CPU µs/request"
      run_wrk "$threads" "$DURATION" "$hk_url" helsekrav
      hk_all+=("$RPS"); hk_cpu+=("$CPU")
      log "  round $round helsekrav $RPS req/s, avg latency $LAT, server CPU $CPU µs/request"
    done
    ng=$(median <<<"${ng_all[*]}")
    hk=$(median <<<"${hk_all[*]}")
    r=$(ratio "$hk" "$ng")
    RESULT[$threads,$kind]="$ng|$hk|$r|$(median 1 <<<"${ng_cpu[*]}")|$(median 1 <<<"${hk_cpu[*]}")|${ng_all[*]}|${hk_all[*]}"
    if [[ $kind == plain ]] &&
       { [[ -z $worst_ratio ]] || awk -v a="$r" -v b="$worst_ratio" 'BEGIN { exit !(a < b) }'; }; then
      worst_ratio=$r
    fi
  done
  stop_servers
done
load_after=$(loadavg)

# --- report ------------------------------------------------------------------------------------
echo
printf '%-9s %7s %12s %12s %6s %10s %10s   %s\n' request threads "nginx req/s" \
  "helsekrav" ratio "nginx µs" "helsek. µs" "runs: nginx | helsekrav (req/s)"
for kind in plain filtered; do
  for threads in $SERVER_THREADS; do
    IFS='|' read -r ng hk r ng_cpu hk_cpu ng_runs hk_runs <<<"${RESULT[$threads,$kind]}"
    label=$([[ $kind == plain ]] && echo prepared || echo filtered)
    printf '%-9s %7s %12s %12s %6s %10s %10s   %s | %s\n' "$label" "$threads" "$ng" "$hk" "$r" \
      "$ng_cpu" "$hk_cpu" "$ng_runs" "$hk_runs"
  done
done
cat <<EOF

prepared = GET $PLAIN_TARGET (pre-serialised in memory)
filtered = GET $FILTER_TARGET (computed per request; informational)
req/s are medians of $ROUNDS runs of ${DURATION}s; ratio = helsekrav / nginx.
µs = median server CPU time (user + system) per request, from /proc (all helsekrav threads,
     all nginx workers); it is less sensitive to other load than req/s.
caveat: the client (wrk) and the servers share the machine's $NPROC cores and talk over loopback;
     1-minute load average $load_before before and $load_after after the measurements.
EOF
if awk -v a="$load_before" -v n="$NPROC" 'BEGIN { exit !(a > n / 4) }'; then
  echo "warning: other processes were busy when the measurements started; req/s are noisy."
fi
for threads in $SERVER_THREADS; do
  IFS='|' read -r _ _ r _ _ _ _ <<<"${RESULT[$threads,filtered]}"
  echo "filtered ratio (threads=$threads): $r (informational)"
done
for threads in $SERVER_THREADS; do
  IFS='|' read -r _ _ r _ _ _ _ <<<"${RESULT[$threads,plain]}"
  echo "prepared ratio (threads=$threads): $r"
done
echo "ratio below: prepared path, the lowest over server threads ${SERVER_THREADS// /, }"
echo "ratio: $worst_ratio (target ≥ $TARGET_RATIO)"
