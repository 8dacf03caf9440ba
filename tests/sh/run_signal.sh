#!/bin/bash
# run_signal.sh - SIGTERM and SIGINT stop `gisa run` gracefully: no new
# pages, the ones in flight stored, exit 0, the run recorded as
# interrupted, the database consistent; a second signal exits at once
# (128 + the signal) without waiting for the pages in flight, which are
# due again at once: the next run picks up where they stopped, and the
# output holds every stored article once, in whole lines. A third signal
# ends a process stuck anyway on the spot (_exit, 128 + the signal): one
# stuck writing its output into a pipe nobody reads, which the first two
# cannot end; the line it was writing stays owed, and the next run with
# the same output writes it.
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

# Three SIGTERMs to a run stuck writing --out - into a full pipe (its
# reader stopped reading): the first two leave it stuck (the write is
# retried after each), the third _exits at once.
# A site of its own: 40 pages of some 4 KB lines fill a 64 KiB pipe.
echo '{"stk": {"pages": 40, "kb": 1}}' >"$T/site.json"
echo "return { name = 'stk', domains = { 'stk.test' },
  sitemaps = { 'http://stk.test:$PORT/sitemap.xml' } }" >"$T/rules/stk.lua"
DB=$T/stuck.db
SA=(run --once --rules "$T/rules" --source stk --db "$DB" --delay 0 --per-host 4 $(resolve stk.test) --out -)
mkfifo "$T/fifo"
exec 3<>"$T/fifo" # the pipe stays open, and nothing reads it
$GISA "${SA[@]}" >"$T/fifo" 2>"$T/err4" &
pid=$!
# stuck - blocked in a write to the pipe (the kernel's wait channel), or
# the pipe so full that the next line cannot go in
stuck() {
  grep -Eq 'pipe_wa?[ir]' /proc/$pid/wchan 2>/dev/null && return
  "$PY" -c 'import fcntl, struct, sys, termios
cap = fcntl.fcntl(3, 1032)  # F_GETPIPE_SZ
n = struct.unpack("i", fcntl.ioctl(3, termios.FIONREAD, b"0000"))[0]
sys.exit(n + 2048 < cap)'
}
await $pid 200 stuck
check_eq "the run got stuck in its output" "$?" 0
kill -TERM $pid; sleep 0.2; kill -TERM $pid; sleep 0.3
check "two signals leave it stuck" kill -0 $pid
kill -TERM $pid
wait $pid
check_eq "the third: exit at once (128+SIGTERM)" "$?" 143
check_eq "  without a word (no shutdown ran)" "$(grep -c 'stopped' "$T/err4")" 0
# what a reader would have had: the whole lines in the pipe (a line over
# PIPE_BUF may have gone in partly: the piece is left out)
"$PY" -c 'import os, sys
os.set_blocking(3, False)
b = b""
while True:
    try: k = os.read(3, 65536)
    except BlockingIOError: break
    if not k: break
    b += k
sys.stdout.buffer.write(b[:b.rfind(b"\n") + 1])' >"$T/pipe.jsonl"
exec 3>&-
db=(sql "$DB")
check_eq "  integrity_check" "$("${db[@]}" 'pragma integrity_check')" ok
check_eq "  the line being written still owed, to stdout" \
  "$("${db[@]}" 'select count(*) || " " || sink from outbox')" "1 -"
check_eq "  the run left marked running" "$("${db[@]}" "select status from runs order by id desc limit 1")" running
n_pipe=$(wc -l <"$T/pipe.jsonl")
check_eq "  the pipe held a line per stored article but the owed one" \
  "$(($("${db[@]}" 'select count(*) from articles') - n_pipe))" 1
$GISA "${SA[@]}" -q >"$T/after.jsonl" 2>"$T/err5"
check_eq "the next run: exit 0" "$?" 0
check_eq "  the stuck run recorded as crashed" "$("${db[@]}" "select status from runs order by id limit 1")" crashed
check_eq "  the owed line written first" "$(head -1 "$T/after.jsonl")" \
  "$("${db[@]}" "select record from articles where id = $n_pipe + 1")"
cat "$T/pipe.jsonl" "$T/after.jsonl" >"$T/all.jsonl"
n=$("${db[@]}" 'select count(*) from articles')
check_eq "  pipe and next run: every stored article once, whole lines" \
  "$(jget "$T/all.jsonl" 'str(len(d)) + "/" + str(len(set(r["url"] for r in d)))')" "$n/$n"
check_eq "  nothing owed" "$("${db[@]}" 'select count(*) from outbox')" 0
finish
