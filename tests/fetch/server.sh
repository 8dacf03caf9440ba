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

# start_site STATE - tests/fetch/site.py (a generated news site, its pages
# described by the JSON file STATE) instead of server.py; sets PORT,
# SERVER_LOG, SERVER_PID like start_server.
start_site() {
  unset http_proxy https_proxy HTTPS_PROXY all_proxy ALL_PROXY
  command -v python3 >/dev/null || skip "python3 not found"
  PY=$(python3 -c 'import sys; print(sys.executable)')
  SERVER_LOG=$T/requests.jsonl
  "$PY" "${GISA_SRC:-.}/tests/fetch/site.py" --port-file "$T/port" \
    --log "$SERVER_LOG" --state "$1" --lifetime "${SITE_LIFETIME:-120}" \
    >"$T/server.out" 2>&1 &
  SERVER_PID=$!
  trap 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null; rm -rf "$T"' EXIT
  for _ in $(seq 200); do
    [ -s "$T/port" ] && break
    kill -0 $SERVER_PID 2>/dev/null || skip "the site server did not start"
    sleep 0.1
  done
  [ -s "$T/port" ] || skip "the site server did not start in 20 s"
  PORT=$(cat "$T/port")
}

# site_rules DIR SOURCE... - a rule per SOURCE in DIR serving SOURCE.test:
# odd ones list the RSS feed, even ones the sitemap index.
site_rules() {
  local dir=$1 i=0; shift
  mkdir -p "$dir"
  for s in "$@"; do
    i=$((i + 1))
    if [ $((i % 2)) -eq 1 ]; then
      list="feeds = { \"http://$s.test:$PORT/feed.xml\" }"
    else
      list="sitemaps = { \"http://$s.test:$PORT/sitemap.xml\" }"
    fi
    printf 'return { name = "%s", domains = { "%s.test" }, %s }\n' \
      "$s" "$s" "$list" >"$dir/$s.lua"
  done
}
