# lib.sh - helpers for shell tests (sourced, not run: not a test itself).
#   check "what" CMD...        passes when CMD exits 0
#   check_eq "what" GOT WANT   passes when the strings are equal
#   finish                     prints "N passed, M failed" and exits
#   json_get FILE EXPR, sql DB QUERY, await PID N CMD...   (below)
# Each test gets a private temporary directory in $T, removed at exit.
set -u
GISA=${GISA_BIN:-./build/gisa}
SHARED=${GISA_SHARED:-../shared}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0
failed=0

check() {
  local what=$1; shift
  if "$@" >/dev/null 2>&1; then passed=$((passed + 1))
  else failed=$((failed + 1)); echo "FAIL: $what ($*)" >&2; fi
}

check_eq() {
  if [ "$2" == "$3" ]; then passed=$((passed + 1))
  else failed=$((failed + 1)); printf 'FAIL: %s\n  got:  %s\n  want: %s\n' "$1" "$2" "$3" >&2; fi
}

skip() {
  echo "skipped: $*"
  exit 77
}

finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

# json_get FILE EXPR - evaluate a Python expression on the JSON document
# in FILE bound to `d` (one object, or a list for JSON Lines). Python is
# $PY when tests/fetch/server.sh found it (a pyenv shim costs time).
json_get() {
  "${PY:-python3}" - "$1" "$2" <<'PY'
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

# sql DB QUERY - print the first column of QUERY's first row in the SQLite
# database DB (nothing when no row), then commit (QUERY may write).
sql() {
  "${PY:-python3}" -c 'import sqlite3,sys; c = sqlite3.connect(sys.argv[1]); r = c.execute(sys.argv[2]).fetchone(); c.commit(); print(r[0] if r else "")' "$1" "$2"
}

# await PID N CMD... - run CMD every 0.1 s until it succeeds (0), the
# process PID ends (1) or N tries have failed (2).
await() {
  local pid=$1 n=$2
  shift 2
  for _ in $(seq "$n"); do
    "$@" && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  "$@" && return 0
  return 2
}
