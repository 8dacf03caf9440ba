#!/bin/bash
# run_signal.sh - SIGTERM and SIGINT stop `gisa run` gracefully: no new
# pages, the ones in flight stored, exit 0, the run recorded as
# interrupted, the database consistent; a second signal exits at once
# (128 + the signal) without waiting for the pages in flight, which are
# due again at once: the next run picks up where they stopped, and the
# output holds every stored article once, in whole lines.
. "${GISA_SRC:-.}/tests/sh/lib.sh"
. "${GISA_SRC:-.}/tests/fetch/server.sh"
N=200
echo "{\"sig\": {\"pages\": $N, \"per_sitemap\": 100, \"kb\": 1}}" >"$T/site.json"
start_site "$T/site.json"
mkdir -p "$T/rules"
echo "return { name = 'sig', domains = { 'sig.test' },
  sitemaps = { 'http://sig.test:$PORT/sitemap.xml' } }" >"$T/rules/sig.lua"
DB=$T/state.db
ARGS=(run --once --rules "$T/rules" --db "$DB" --delay 0 --per-host 4
  --lease 2 $(resolve sig.test) --out "$T/out.jsonl")
q() { sql "$DB" "$1"; }
# wait_articles K - until K articles are stored (at most 20 s).
wait_articles() {
  for _ in $(seq 200); do
    [ -e "$DB" ] && [ "$(q 'select count(*) from articles' 2>/dev/null || echo 0)" -ge "$1" ] && return
    sleep 0.1
  done
}

# One SIGTERM: graceful.
$GISA "${ARGS[@]}" 2>"$T/err1" &
pid=$!
wait_articles 20
kill -TERM $pid
wait $pid
check_eq "SIGTERM: exit 0" "$?" 0
check "said so" grep -q "stopped by a signal" "$T/err1"
n1=$(q 'select count(*) from articles')
check "stopped before the end" test "$n1" -lt $N
check_eq "run recorded as interrupted" "$(q "select status from runs order by id desc limit 1")" interrupted
check_eq "in-flight pages stored and extracted: none left half-done" \
  "$(q "select count(*) from urls where state = 'fetched'")" 0
check_eq "no URL left leased" \
  "$(q "select count(*) from urls where state != 'extracted' and attempts > 0")" 0
check_eq "integrity_check" "$(q 'pragma integrity_check')" ok
check_eq "every stored article went out" "$(jget "$T/out.jsonl" 'len(d)')" "$n1"

# SIGINT twice: the second exits at once. Pages now take a second to
# come, so the first signal's graceful stop is still waiting for them.
echo "{\"sig\": {\"pages\": $N, \"per_sitemap\": 100, \"kb\": 1, \"delay\": 1}}" >"$T/site.json"
$GISA "${ARGS[@]}" 2>"$T/err2" &
pid=$!
wait_articles $((n1 + 4))
kill -INT $pid; sleep 0.1; kill -INT $pid
wait $pid
check_eq "second signal: exit at once (128+SIGINT)" "$?" 130
check "said so" grep -q "stopped at once by a second signal" "$T/err2"
check_eq "integrity_check after the hard stop" "$(q 'pragma integrity_check')" ok
check_eq "run recorded as interrupted" "$(q "select status from runs order by id desc limit 1")" interrupted
check_eq "no page left stored but not extracted" \
  "$(q "select count(*) from urls where state = 'fetched'")" 0
check_eq "the pages in flight released: none leased" \
  "$(q "select count(*) from urls where lease_until is not null and state != 'extracted'")" 0
check_eq "out: every stored article, each once, whole lines" \
  "$(jget "$T/out.jsonl" 'len(d)')/$(jget "$T/out.jsonl" 'len(set(r["url"] for r in d))')" \
  "$(q 'select count(*) from articles')/$(q 'select count(*) from articles')"

# One more run finishes the pages: nothing waits for a lease.
echo "{\"sig\": {\"pages\": $N, \"per_sitemap\": 100, \"kb\": 1}}" >"$T/site.json"
$GISA "${ARGS[@]}" -q 2>"$T/err3"
check_eq "next run exits 0" "$?" 0
check_eq "articles: all pages, each once" "$(q 'select count(distinct url) || "/" || count(*) from articles')" "$N/$N"
check_eq "records out: all, each once" "$(jget "$T/out.jsonl" 'str(len(d)) + "/" + str(len(set(r["url"] for r in d)))')" "$N/$N"
check_eq "no URL given up" "$(q "select count(*) from urls where state = 'failed'")" 0
finish
