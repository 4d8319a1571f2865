# shellcheck shell=bash
# A throwaway PostgreSQL server for the *_postgres tests. Source it; it defines functions only.
#   pg_start [DATABASE…]  initdb in a temporary directory, start the server on a free loopback
#                         port (trust authentication, fsync off), create each DATABASE (default
#                         helsekrav) and set $pg_base (postgresql://postgres@127.0.0.1:PORT) and
#                         $pg_url ($pg_base/FIRST-DATABASE). Stops and deletes it on exit (it
#                         runs before whatever EXIT trap was set already). Fails, never skips,
#                         when PostgreSQL is not installed.
#   pg_stop               stops and deletes the server now.
# As root (CI containers), the server runs as the postgres user: initdb refuses root.

pg_dir=""
pg_as() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_stop() {
  [ -n "$pg_dir" ] || return 0
  pg_as "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
  pg_dir=""
}

pg_start() {
  local databases=("$@") previous port name
  [ ${#databases[@]} -gt 0 ] || databases=(helsekrav)
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -x "$pg_bin/initdb" ] || { echo "FAIL: PostgreSQL (initdb) is not installed" >&2; return 1; }
  pg_dir=$(mktemp -d /tmp/helsekrav-pg-XXXXXX)
  if [ "$(id -u)" = 0 ]; then chown postgres: "$pg_dir"; fi
  previous=$(trap -p EXIT | sed "s/^trap -- '\(.*\)' EXIT\$/\1/")
  # shellcheck disable=SC2064 # the previous trap is expanded now, on purpose
  trap "pg_stop; ${previous:-:}" EXIT
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  pg_as "$pg_bin/initdb" -D "$pg_dir/data" --auth=trust -U postgres -E UTF8 --locale=C.UTF-8 \
    >"$pg_dir/initdb.log"
  pg_as "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $pg_dir -c fsync=off" start >/dev/null
  for name in "${databases[@]}"; do
    pg_as "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$name"
  done
  pg_base="postgresql://postgres@127.0.0.1:$port"
  pg_url="$pg_base/${databases[0]}"
}
