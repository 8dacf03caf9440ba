# lib.sh - helpers for shell tests (sourced, not run: not a test itself).
#   check "what" CMD...        passes when CMD exits 0
#   check_eq "what" GOT WANT   passes when the strings are equal
#   finish                     prints "N passed, M failed" and exits
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
# in FILE bound to `d` (one object, or a list for JSON Lines).
json_get() {
  python3 - "$1" "$2" <<'PY'
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
