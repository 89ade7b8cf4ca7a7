# Sourced by the CI scripts that start an archive server in the background.
#
# start_server LOG CMD [ARG...] runs CMD with its arguments, each "{port}"
# in them replaced by a random port in 20000-39999, its output in LOG, and
# waits until http://127.0.0.1:PORT/healthz answers (up to 60 s). It sets
# port and server (the process ID). A port another process holds makes the
# server exit at once (bind: address already in use): it then tries
# another port, five times at most, saying why, and fails after that.
start_server() {
  local log=$1
  shift
  local attempt
  for attempt in 1 2 3 4 5; do
    port=$(( 20000 + RANDOM % 20000 ))
    local args=("${@//\{port\}/$port}")
    "${args[@]}" >"$log" 2>&1 &
    server=$!
    local i
    for i in $(seq 1 300); do
      curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
      kill -0 "$server" 2>/dev/null || break
      sleep 0.2
    done
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    echo "the server did not answer on port $port (attempt $attempt of 5); its log ends:" >&2
    tail -3 "$log" >&2
  done
  return 1
}
