#!/bin/bash
# run_crash.sh - crash safety of `gisa run`: 600 loopback pages, the run
# killed with SIGKILL at 20 random moments and restarted each time (a
# short lease, so what a dead run held is due again soon); at the end
# every page is extracted exactly once, PRAGMA integrity_check is ok and
# no URL is stuck.
. "${GISA_SRC:-.}/tests/sh/lib.sh"
. "${GISA_SRC:-.}/tests/fetch/server.sh"
N=600
echo "{\"crash\": {\"pages\": $N, \"per_sitemap\": 150, \"kb\": 1}}" >"$T/site.json"
SITE_LIFETIME=240 start_site "$T/site.json"
mkdir -p "$T/rules"
echo "return { name = 'crash', domains = { 'crash.test' },
  sitemaps = { 'http://crash.test:$PORT/sitemap.xml' } }" >"$T/rules/crash.lua"
DB=$T/state.db
# A URL claimed by max_attempts runs that all died before its result is
# taken for one that kills the process and given up (store.h). With 20
# kills a page can be in flight in five of them, so the limit is raised
# above the number of kills: this test is about consistency only.
echo 'return { max_attempts = 25 }' >"$T/conf.lua"
ARGS=(run --once -q --config "$T/conf.lua" --rules "$T/rules" --db "$DB" --delay 0 --per-host 8
  --concurrency 8 --lease 1 $(resolve crash.test) --out "$T/out.jsonl")
run() { $GISA "${ARGS[@]}"; }
q() { sql "$DB" "$1"; }

RANDOM=$$
killed=0
for i in $(seq 20); do
  # gisa itself in the background (not a subshell), so the kill hits it.
  $GISA "${ARGS[@]}" 2>>"$T/err" &
  pid=$!
  # 20..700 ms: from before the sitemaps are read to deep in the pages
  # (a whole run takes some seconds).
  sleep "0.$(printf '%03d' $((20 + RANDOM % 680)))"
  if kill -KILL $pid 2>/dev/null; then killed=$((killed + 1)); fi
  wait $pid 2>/dev/null
done
echo "killed $killed runs of 20 (the others had finished); $(q 'select count(*) from articles') articles so far"
check "most runs were killed mid-way" test $killed -ge 10

# Finish: runs until nothing is due (leases of the dead runs end in 1 s).
for i in $(seq 10); do
  sleep 1.1
  run 2>>"$T/err"
  check_eq "finishing run $i exits 0" "$?" 0
  [ "$(q "select count(*) from urls where state != 'extracted'")" = 0 ] && break
done
check_eq "integrity_check" "$(q 'pragma integrity_check')" ok
check_eq "every page has an article" "$(q 'select count(*) from articles')" $N
check_eq "one per page URL" "$(q 'select count(distinct url) from articles')" $N
check_eq "each stored once (version 1)" "$(q 'select max(version) from articles')" 1
check_eq "every URL extracted" "$(q "select count(*) from urls where state != 'extracted'")" 0
check_eq "no URL stuck with an attempt pending" \
  "$(q 'select count(*) from urls where next_attempt_at is not null')" 0
check_eq "no URL given up" "$(q "select count(*) from urls where state = 'failed'")" 0
# (a run killed before it began is not in the table at all)
check "dead runs recorded as crashed" test "$(q "select count(*) from runs where status = 'crashed'")" -ge 1
check_eq "no run left running" "$(q "select count(*) from runs where status = 'running'")" 0
check_eq "out: each page's record once (new)" \
  "$(jget "$T/out.jsonl" 'len(d) - len(set(r["url"] for r in d))')" 0
finish
