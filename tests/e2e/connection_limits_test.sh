#!/usr/bin/env bash
# M3 of the security review of December 2026: connections are capped in total and per client,
# and running out of file descriptors makes the server back off instead of spinning. The server
# runs with few file descriptors (ulimit -n); one client holds 300 idle connections. With the
# per-client cap, another client still gets /healthz at once, and the over-limit connections got
# a 503; without caps, the accept loop waits for descriptors on a timer and uses little CPU.
# Usage: connection_limits_test.sh BINARY
set -euo pipefail
bin=$1
# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

serve_with_few_fds() {  # serve_with_few_fds [SERVE FLAGS…] — like start, under ulimit -n 128
  (ulimit -n 128 && exec "$bin" serve --listen 127.0.0.1:0 --data-dir "$work/var" \
    --no-access-log "$@") 2>"$work/log" &
  pid=$!
  port=$(hk_wait_port "$work/log") || fail "server did not start"
  base="http://127.0.0.1:$port"
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
# hold N SECONDS [WANT] — N idle connections from 127.0.0.1 for SECONDS; once all are open,
# counts the ones answered with 503 until WANT (default 0) have been or 10 s have passed (the
# others stay idle, so there is no moment when every answer is known), and writes the count to
# $work/held.
hold() {
  rm -f "$work/held"
  python3 - "$port" "$1" "$2" "${3:-0}" "$work/held" <<'PY' &
import socket, sys, time
port, n, seconds, want, out = (int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]),
                               int(sys.argv[4]), sys.argv[5])
socks = []
for _ in range(n):
    s = socket.socket()
    s.settimeout(0.5)
    s.connect(("127.0.0.1", port))
    socks.append(s)
refused = 0
pending = socks
for s in socks:
    s.setblocking(False)
deadline = time.monotonic() + 10
while refused < want and pending and time.monotonic() < deadline:
    waiting = []
    for s in pending:
        try:
            if s.recv(64).startswith(b"HTTP/1.1 503"):
                refused += 1
        except BlockingIOError:
            waiting.append(s)  # no answer yet
        except OSError:
            pass
    pending = waiting
    time.sleep(0.01)
open(out, "w").write(f"{refused}\n")
time.sleep(seconds)
PY
  hold_pid=$!
  extra_pids="$extra_pids $hold_pid"
  for _ in $(seq 1 100); do [ -s "$work/held" ] && return 0; sleep 0.1; done
  fail "M3: could not open $1 connections"
}
healthz_from_elsewhere() {  # /healthz from 127.0.0.2 within 3 s; prints the status or 000
  curl -s -o /dev/null -m 3 -w '%{http_code}' --interface 127.0.0.2 "$base/healthz" || true
}

# 1. Per-client cap: the idle connections of one client leave room for everyone else.
serve_with_few_fds --max-connections-per-client 16
hold 300 8 250
refused=$(cat "$work/held")
[ "$refused" -ge 250 ] || fail "M3: only $refused of 300 over-limit connections got a 503"
[ "$(healthz_from_elsewhere)" = 200 ] || fail "M3: /healthz from another client failed while one client held 300 connections"
kill "$hold_pid" 2>/dev/null || true
wait "$hold_pid" 2>/dev/null || true
stop

# 2. Out of file descriptors: back off on a timer, do not spin. The server is killed while
# still starved: in the sanitizer build, UBSan's vptr check needs a free descriptor for its
# memory probe and reports a false "invalid vptr" once a session ends with none left.
serve_with_few_fds --max-connections-per-client 1000 --max-connections 1000
hold 300 4
before=$(cpu_ticks)
sleep 2
used=$(($(cpu_ticks) - before))
ticks=$(getconf CLK_TCK)
[ "$used" -lt $((ticks / 2)) ] || fail "M3: the server used $used/$ticks s of CPU in 2 s while out of file descriptors"
grep -q "accept failed, backing off" "$work/log" || fail "M3: no backing off logged"
kill -KILL "$pid"
wait "$pid" 2>/dev/null || true
pid=""
echo "e2e connection limits test: passed"
