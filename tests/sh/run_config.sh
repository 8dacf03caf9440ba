#!/bin/bash
# run_config.sh - gisa run's Lua configuration: settings with relative
# paths, the command line over the file, and clear errors (FILE:LINE) for
# syntax errors, unknown keys, wrong types and io/os use.
. "${GISA_SRC:-.}/tests/sh/lib.sh"
. "${GISA_SRC:-.}/tests/fetch/server.sh"
echo '{"alpha": {"pages": 3}}' >"$T/site.json"
start_site "$T/site.json"
mkdir -p "$T/job"
site_rules "$T/job/rules" alpha
cat >"$T/job/gisa.conf.lua" <<LUA
-- a job
local hosts = { "alpha.test" }
local resolve = {}
for _, h in ipairs(hosts) do resolve[#resolve + 1] = h .. ":$PORT:127.0.0.1" end
return {
  sources = { "alpha" },
  rules = "rules",
  db = "state.db",
  out = "new.jsonl",
  fetch = { delay = 0, concurrency = 4, per_host = 2, resolve = resolve },
}
LUA
(cd / && $GISA run --once -q --config "$T/job/gisa.conf.lua")
check_eq "configured run: exit 0" "$?" 0
check_eq "db and out relative to the file" "$(jget "$T/job/new.jsonl" 'len(d)')" 3
check "database there" test -s "$T/job/state.db"
$GISA run --once -q --config "$T/job/gisa.conf.lua" --db "$T/other.db" --out "$T/other.jsonl"
check_eq "--db and --out outrank the file" "$(jget "$T/other.jsonl" 'len(d)')" 3

# Fetch limits: pages are cut at max_size (and stored so).
printf 'return { fetch = { max_size = "1K", retries = 0, delay = 0 } }\n' >"$T/limits.lua"
$GISA run --once -q --config "$T/limits.lua" --rules "$T/job/rules" --db "$T/cut.db" \
  --resolve "alpha.test:$PORT:127.0.0.1"
check_eq "max_size: exit 0" "$?" 0
check_eq "max_size: stored pages cut at 1 KiB" "$(sql "$T/cut.db" 'select count(*) || "/" || max(raw_len) from pages p join urls u on u.id = p.url_id where u.kind = 0')" "3/1024"

bad() { # bad NAME TEXT EXPECTED-MESSAGE
  printf '%s\n' "$2" >"$T/$1.lua"
  $GISA run --once --config "$T/$1.lua" 2>"$T/$1.err"
  check_eq "$1: exit 1" "$?" 1
  check "$1: message" grep -qF "$3" "$T/$1.err"
}
bad syntax $'return {\n  db = "x"\n  out = "y" }' "$T/syntax.lua:3:"
bad unknown $'return {\n  db = "x",\n  evrey = "10m",\n}' "$T/unknown.lua:3: 'evrey' is not a setting"
bad type $'return {\n  fetch = {\n    delay = "soon" } }' "$T/type.lua:3: 'delay' must be a number"
bad io $'local f = io.open("/etc/passwd")\nreturn {}' "$T/io.lua:1:"
bad os $'return { db = os.getenv("HOME") }' "$T/os.lua:1:"
bad notable 'return 42' "must return a table"
bad loop $'while true do end\nreturn {}' "runs too long"
bad every $'return { every = "soon" }' "'every' must be a duration"
bad size $'return { fetch = { max_size = "huge" } }' "'max_size' must be a size"
bad retries $'return { fetch = { retries = 99 } }' "'retries' must be a number from 0 to 20"
finish
