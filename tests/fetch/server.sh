# server.sh - start tests/fetch/server.py for a shell test (sourced).
#   start_server       sets PORT, SERVER_LOG; stops the server at exit
#   resolve HOST...    prints --resolve options mapping HOSTs to 127.0.0.1
#   jget FILE EXPR     json_get (lib.sh) with the interpreter found once
# Needs $T (a temporary directory, from tests/sh/lib.sh).
start_server() {
  # Loopback only: a proxy from the environment must not get these.
  unset http_proxy https_proxy HTTPS_PROXY all_proxy ALL_PROXY
  command -v python3 >/dev/null || skip "python3 not found"
  # Wrappers (pyenv shims) can cost a second per start: find the real one.
  PY=$(python3 -c 'import sys; print(sys.executable)')
  SERVER_LOG=$T/requests.jsonl
  "$PY" "${GISA_SRC:-.}/tests/fetch/server.py" --port-file "$T/port" \
    --log "$SERVER_LOG" --lifetime 90 >"$T/server.out" 2>&1 &
  SERVER_PID=$!
  trap 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null; rm -rf "$T"' EXIT
  for _ in $(seq 200); do
    [ -s "$T/port" ] && break
    kill -0 $SERVER_PID 2>/dev/null || skip "the test server did not start"
    sleep 0.1
  done
  [ -s "$T/port" ] || skip "the test server did not start in 20 s"
  PORT=$(cat "$T/port")
}

resolve() {
  for h in "$@"; do printf -- '--resolve %s:%s:127.0.0.1 ' "$h" "$PORT"; done
}

jget() {
  "$PY" - "$1" "$2" <<'PY'
import json, sys
text = open(sys.argv[1], encoding='utf-8').read()
try:
    d = json.loads(text)
except json.JSONDecodeError:
    d = [json.loads(l) for l in text.splitlines() if l.strip()]
v = eval(sys.argv[2])
print(v if not isinstance(v, (dict, list)) else json.dumps(v, ensure_ascii=False))
PY
}
