# Shared by the test and benchmark scripts that start `helsekrav serve --listen 127.0.0.1:0`
# with its log on stderr redirected to a file. Source it; it defines functions only.

# hk_wait_port LOG — prints the port the server reports once it listens; fails after ~30 s.
hk_wait_port() {
  local log=$1 port=""
  for _ in $(seq 1 300); do
    port=$(grep -o '"url":"http://127.0.0.1:[0-9]*' "$log" 2>/dev/null | grep -o '[0-9]*$' || true)
    if [ -n "$port" ]; then
      echo "$port"
      return 0
    fi
    sleep 0.1
  done
  return 1
}
