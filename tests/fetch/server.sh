# server.sh - start tests/fetch/server.py for a shell test (sourced).
#   start_server       sets PORT, SERVER_LOG; stops the server at exit
#   resolve HOST...    prints --resolve options mapping HOSTs to 127.0.0.1
#   jget FILE EXPR     json_get (lib.sh), with the interpreter found once
#   start_site STATE   site.py instead of server.py, the same way
#   site_rules DIR SOURCE...   rules for site.py's sources
# Needs $T (a temporary directory, from tests/sh/lib.sh).
start_server() {
  start_py server.py "test server" --lifetime 90
}

resolve() {
  for h in "$@"; do printf -- '--resolve %s:%s:127.0.0.1 ' "$h" "$PORT"; done
}

jget() {
  json_get "$@"
}

# start_site STATE - tests/fetch/site.py (a generated news site, its pages
# described by the JSON file STATE) instead of server.py; sets PORT,
# SERVER_LOG, SERVER_PID like start_server.
start_site() {
  start_py site.py "site server" --state "$1" --lifetime "${SITE_LIFETIME:-120}"
}

# start_py SCRIPT WHAT ARG... - run tests/fetch/SCRIPT (a server WHAT,
# for the skip messages) with ARGs after the options all servers take
# (httpbase.py), until the test exits; sets PY, PORT, SERVER_LOG,
# SERVER_PID. Skips the test when it does not start.
start_py() {
  local script=$1 what=$2
  shift 2
  # Loopback only: a proxy from the environment must not get these.
  unset http_proxy https_proxy HTTPS_PROXY all_proxy ALL_PROXY
  command -v python3 >/dev/null || skip "python3 not found"
  # Wrappers (pyenv shims) can cost a second per start: find the real one.
  PY=$(python3 -c 'import sys; print(sys.executable)')
  SERVER_LOG=$T/requests.jsonl
  "$PY" "${GISA_SRC:-.}/tests/fetch/$script" --port-file "$T/port" \
    --log "$SERVER_LOG" "$@" >"$T/server.out" 2>&1 &
  SERVER_PID=$!
  trap 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null; rm -rf "$T"' EXIT
  await $SERVER_PID 200 test -s "$T/port"
  case $? in
  1) skip "the $what did not start" ;;
  2) skip "the $what did not start in 20 s" ;;
  esac
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
