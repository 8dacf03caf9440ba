#!/bin/bash
# run_schedule.sh - a source's schedule: its feeds, sitemaps and sections
# are polled at most once per interval (the rule's `schedule`, outranked
# by the configuration's), while its due article pages are fetched on
# every run; and `gisa run --every` as a daemon re-polls a scheduled
# source only when due, polls the others every run, and stops on SIGTERM.
# Time passing is simulated by moving the recorded discovery pass back.
. "${GISA_SRC:-.}/tests/sh/lib.sh"
. "${GISA_SRC:-.}/tests/fetch/server.sh"
echo '{"alpha": {"pages": 3}, "beta": {"pages": 3}}' >"$T/site.json"
start_site "$T/site.json"
site_rules "$T/rules" alpha beta
sed -i 's/^return { /return { schedule = "1h", /' "$T/rules/alpha.lua"
DB=$T/state.db
run() {
  $GISA run --rules "$T/rules" --db "$DB" --delay 0 \
    $(resolve alpha.test beta.test) "$@"
}
q() { sql "$DB" "$1"; }
asked() { jget "$SERVER_LOG" "len([r for r in d if r['path'] == '$1'])"; }
conf() { printf 'return { %s }\n' "$1" >"$T/conf.lua"; }

run --once 2>"$T/err1"
check_eq "first run: exit 0" "$?" 0
check_eq "first run: both sources' articles" "$(q 'select count(*) from articles')" 6

: >"$SERVER_LOG"
run --once 2>"$T/err2"
check_eq "second run: exit 0" "$?" 0
check_eq "alpha's feed not asked within its hour" "$(asked /feed.xml)" 0
check_eq "beta's sitemap asked (no schedule)" "$(asked /sitemap.xml)" 1
check "said so" grep -q "alpha: feeds, sitemaps and sections not due (schedule 3600s, next pass in" "$T/err2"

# A page of alpha due again (a retry) is fetched though its feed is not.
q "update urls set state = 'failed', next_attempt_at = 0 where url like '%alpha.test%/news/2.html'"
: >"$SERVER_LOG"
run --once 2>"$T/err3"
check_eq "alpha's due page fetched" "$(asked /news/2.html)" 1
check_eq "alpha's feed still not asked" "$(asked /feed.xml)" 0

# An hour later (the last pass moved back): alpha's feed is asked again.
q "update sources set polled_at = polled_at - 3600 where name = 'alpha'"
: >"$SERVER_LOG"
run --once 2>"$T/err4"
check_eq "after the interval: alpha's feed asked" "$(asked /feed.xml)" 1

# The configuration outranks the rule: per source, then for all.
conf 'schedule = { alpha = 0 }'
: >"$SERVER_LOG"
run --once --config "$T/conf.lua" 2>"$T/err5"
check_eq "schedule = { alpha = 0 }: alpha every run" "$(asked /feed.xml)" 1
conf 'schedule = "1h"'
: >"$SERVER_LOG"
run --once --config "$T/conf.lua" 2>"$T/err6"
check_eq 'schedule = "1h": alpha not asked' "$(asked /feed.xml)" 0
check_eq 'schedule = "1h": beta not asked either' "$(asked /sitemap.xml)" 0
conf 'schedule = { nosuch = "1h" }'
run --once --config "$T/conf.lua" 2>"$T/err7"
check_eq "schedule for an unknown source: exit 1" "$?" 1
check "named" grep -q "schedule: no rule named 'nosuch'" "$T/err7"
printf 'return {\n  schedule = "soon",\n}\n' >"$T/conf.lua"
run --once --config "$T/conf.lua" 2>"$T/err8"
check_eq "bad schedule: exit 1" "$?" 1
check "bad schedule: file and line" grep -q "conf.lua:2: 'schedule' must be a duration" "$T/err8"

# The daemon: a run every second. alpha (its pass an hour away) is not
# polled, beta is polled by every run; SIGTERM ends it with exit 0.
runs0=$(q 'select count(*) from runs')
: >"$SERVER_LOG"
# gisa itself in the background (not a shell function's subshell), so
# that the signal reaches it.
$GISA run --every 1 --rules "$T/rules" --db "$DB" --delay 0 \
  $(resolve alpha.test beta.test) 2>"$T/err9" &
pid=$!
trap 'kill $pid 2>/dev/null; kill $SERVER_PID 2>/dev/null; wait; rm -rf "$T"' EXIT
three_runs() { [ "$(grep -c 'next run in' "$T/err9")" -ge 3 ]; }
await $pid 300 three_runs
kill -TERM $pid
wait $pid
check_eq "daemon: exit 0 on SIGTERM" "$?" 0
n=$(($(q 'select count(*) from runs') - runs0))
check "daemon: three runs or more" test "$n" -ge 3
check_eq "daemon: no run left running" "$(q "select count(*) from runs where status = 'running'")" 0
check_eq "daemon: alpha's feed never asked" "$(asked /feed.xml)" 0
check "daemon: beta's sitemap asked by each finished run" \
  test "$(asked /sitemap.xml)" -ge "$(q "select count(*) from runs where status = 'ok' and id > $runs0")"
check "daemon: at least three of them" test "$(asked /sitemap.xml)" -ge 3
check "daemon: said it stopped" grep -q "stopped by a signal" "$T/err9"
check_eq "integrity_check" "$(q 'pragma integrity_check')" ok
finish
