#!/bin/bash
# run_outbox.sh - `--out` loses no line and, into a regular file, repeats
# none (core/cli_run.c, "output"): the store owes each new or updated
# article's line from the transaction that stores it until the line is
# written, and the next run with the same --out writes what is owed first.
# First deterministically, with the fault points of GISA_TEST_FAULT (the
# process _exits right after the store commit, in the middle of the
# line's write, or after the write before the line is marked written),
# for `run` and `reextract`, a file and stdout, and an output that is not
# the one owed; then with runs killed (SIGKILL) at random moments among
# their lines or stopped at random fault points, after which the file
# holds each stored article's record exactly once.
. "${GISA_SRC:-.}/tests/sh/lib.sh"
. "${GISA_SRC:-.}/tests/fetch/server.sh"
N=150
echo "{\"fa\": {\"pages\": 8}, \"kill\": {\"pages\": $N, \"per_sitemap\": 50, \"kb\": 2}}" >"$T/site.json"
SITE_LIFETIME=200 start_site "$T/site.json"
mkdir -p "$T/rules"
for s in fa kill; do
  echo "return { name = '$s', domains = { '$s.test' },
    sitemaps = { 'http://$s.test:$PORT/sitemap.xml' } }" >"$T/rules/$s.lua"
done
FAULT_EXIT=99
# lines FILE - its number of lines. fstate FILE - "lines/distinct URLs",
# with " torn" when a line is not a JSON object or the last one lacks its
# newline.
lines() { wc -l <"$1" | tr -d ' '; }
fstate() { "$PY" -c 'import json,sys
t = open(sys.argv[1], encoding="utf-8").read()
try: d = [json.loads(l) for l in t.splitlines()]; ok = t.endswith("\n")
except ValueError: d, ok = [], False
print("%d/%d%s" % (len(d), len(set(r["url"] for r in d)), "" if ok else " torn"))' "$1"; }

# ---- fault points ----
# The pages are fetched once into fa0.db; each case starts from a copy
# whose articles are gone and whose pages are due to be extracted again
# (from the store: no network, the sitemaps not due before an hour). One
# URL at a time, so a process that dies holds no other URL's lease.
DB=$T/fa.db
OUT=$T/fa.jsonl
# state - "articles/owed lines" in the database
state() { sql "$DB" 'select (select count(*) from articles) || "/" || (select count(*) from outbox)'; }
echo 'return { schedule = "1h" }' >"$T/fa.conf.lua"
FA=(run --once --config "$T/fa.conf.lua" --rules "$T/rules" --source fa --db "$DB" --delay 0
  --per-host 1 --concurrency 1 $(resolve fa.test))
$GISA "${FA[@]/#$DB/$T/fa0.db}" -q
fresh() {
  rm -f "$DB"*; cp "$T/fa0.db" "$DB"
  "$PY" -c 'import sqlite3,sys; sqlite3.connect(sys.argv[1]).executescript(sys.argv[2])' "$DB" \
    "delete from articles; update urls set state = 'fetched', next_attempt_at = 0 where kind = 0"
}
fresh

# Killed right after the third article's commit: stored, its line owed.
GISA_TEST_FAULT=before-line:3 $GISA "${FA[@]}" -q --out "$OUT" 2>"$T/err1"
check_eq "before-line: the process died there" "$?" $FAULT_EXIT
check_eq "  three articles stored, one line owed" "$(state)" 3/1
check_eq "  two lines written" "$(lines "$OUT")" 2
check_eq "  owed to the file by its absolute path" "$(sql "$DB" 'select sink from outbox')" "$(realpath "$OUT")"
# A run without --out owes nothing and leaves the line alone, saying so.
$GISA "${FA[@]}" 2>"$T/err2"
check_eq "a run without --out: exit 0" "$?" 0
check_eq "  all eight stored, nothing more owed" "$(state)" 8/1
check "  says a line is owed to the file" grep -q "1 line is owed to $(realpath "$OUT")" "$T/err2"
# The next run with that --out writes it first.
$GISA "${FA[@]}" --out "$OUT" 2>"$T/err3"
check_eq "next run: exit 0" "$?" 0
check "  wrote the owed line first" grep -q "1 line owed by an earlier process written first (0 found" "$T/err3"
check_eq "  nothing owed" "$(state)" 8/0
check_eq "  the file: the three lines, each once, whole" "$(fstate "$OUT")" 3/3
owed=$(sql "$DB" "select record from articles where url like '%/3.html'")
check_eq "  the owed line is the article's record" "$(grep -c -xF "$owed" "$OUT")" 1

# The same file over fresh databases: the kill after the write, before
# the mark; and in the middle of the write.
for point in after-line torn-line; do
  fresh; : >"$OUT"
  GISA_TEST_FAULT=$point:2 $GISA "${FA[@]}" -q --out "$OUT" 2>/dev/null
  check_eq "$point: the process died there" "$?" $FAULT_EXIT
  check_eq "  two articles stored, one line owed" "$(state)" 2/1
  if [ $point = after-line ]; then
    check_eq "  two lines written" "$(fstate "$OUT")" 2/2
    found=1
  else
    check_eq "  one line and a piece written" "$(fstate "$OUT")" "0/0 torn"
    found=0
  fi
  $GISA "${FA[@]}" --out "$OUT" 2>"$T/err4"
  check_eq "  next run: exit 0" "$?" 0
  check "  the owed line: found $found time in the file" \
    grep -q "1 line owed by an earlier process written first ($found found" "$T/err4"
  check_eq "  the file: all eight, each once, whole" "$(fstate "$OUT")" 8/8
done

# stdout: lines owed to "-" go to the next run's stdout.
fresh
GISA_TEST_FAULT=before-line:1 $GISA "${FA[@]}" --out - >"$T/std1" 2>/dev/null
check_eq "stdout, before-line: died" "$?" $FAULT_EXIT
check_eq "  nothing printed, one line owed to -" "$(lines "$T/std1") $(sql "$DB" 'select sink from outbox')" "0 -"
$GISA "${FA[@]}" --out "$OUT" 2>"$T/err5" >/dev/null
check "  another output does not take it" grep -q "1 line is owed to -" "$T/err5"
$GISA "${FA[@]}" --out - >"$T/std2" 2>/dev/null
check_eq "  the next run with --out - prints it" "$(lines "$T/std2")/$(state)" 1/8/0
check_eq "  the article's record" "$(cat "$T/std2")" "$(sql "$DB" 'select record from articles order by id limit 1')"

# reextract shares the path: a rule change updates every article; killed
# after the second update's commit, the next re-extraction (which finds
# that one unchanged) writes its line first.
sed -i "s/domains = { 'fa.test' },/& subtitle = 'p.byline',/" "$T/rules/fa.lua"
RX=(reextract --db "$DB" --rules "$T/rules" --out "$T/re.jsonl")
GISA_TEST_FAULT=before-line:2 $GISA "${RX[@]}" 2>/dev/null
check_eq "reextract, before-line: died" "$?" $FAULT_EXIT
check_eq "  one line written, one owed (version 2)" "$(lines "$T/re.jsonl")/$(sql "$DB" 'select version from outbox')" 1/2
$GISA "${RX[@]}" 2>"$T/err6"
check_eq "  next reextract: exit 0" "$?" 0
check "  updated the other six" grep -q "8 pages: 6 updated, 2 unchanged" "$T/err6"
check_eq "  all eight updates out, each once, nothing owed" "$(fstate "$T/re.jsonl")/$(state)" 8/8/8/0
check_eq "  with the new field" "$(grep -c '"subtitle":"By Kim Min-ji"' "$T/re.jsonl")" 8

# ---- random kills ----
DB=$T/kill.db
OUT=$T/kill.jsonl
: >"$OUT"
echo 'return { max_attempts = 25 }' >"$T/conf.lua"
KA=(run --once --config "$T/conf.lua" --rules "$T/rules" --source kill --db "$DB" --delay 0
  --per-host 8 --concurrency 8 --lease 1 $(resolve kill.test) --out "$OUT")
RANDOM=$$
killed=0
faults=0
points=(before-line torn-line after-line)
for i in $(seq 12); do
  if [ $((i % 2)) = 1 ]; then
    # gisa itself in the background (not a subshell), so the kill hits
    # it: once it has written 1..15 more lines, so the kill lands mid-way
    # through the articles wherever the machine's speed puts them.
    before=$(lines "$OUT")
    k=$((1 + RANDOM % 15))
    $GISA "${KA[@]}" 2>>"$T/kerr" &
    pid=$!
    while kill -0 $pid 2>/dev/null && [ "$(lines "$OUT")" -lt $((before + k)) ]; do
      sleep 0.01
    done
    if kill -KILL $pid 2>/dev/null; then killed=$((killed + 1)); fi
    wait $pid 2>/dev/null
  else
    # a fault point at a random line of the run
    GISA_TEST_FAULT=${points[RANDOM % 3]}:$((1 + RANDOM % 20)) $GISA "${KA[@]}" 2>>"$T/kerr"
    [ $? = $FAULT_EXIT ] && faults=$((faults + 1))
  fi
done
for i in $(seq 10); do
  sleep 1.1
  $GISA "${KA[@]}" 2>>"$T/kerr"
  check_eq "finishing run $i exits 0" "$?" 0
  [ "$(sql "$DB" "select count(*) from urls where state != 'extracted'")" = 0 ] && break
done
$GISA export --db "$DB" >"$T/export.jsonl" 2>/dev/null
owed=$(grep -o '[0-9]* lines\? owed by an earlier process written first ([0-9]* found' "$T/kerr" |
  awk '{ n += $1; f += substr($(NF - 1), 2) } END { print n + 0, f + 0 }')
echo "$killed runs killed of 6, $faults of 6 stopped at a fault point; lines owed after them: ${owed% *} (found written already: ${owed#* })"
check "most runs were killed mid-way" test $killed -ge 3
check_eq "every page stored" "$(sql "$DB" 'select count(*) from articles')" $N
check_eq "nothing owed" "$(sql "$DB" 'select count(*) from outbox')" 0
check_eq "the file: every article, each once, whole lines" "$(fstate "$OUT")" $N/$N
check_eq "the file's lines are the stored records" "$(sort "$OUT" | md5sum)" "$(sort "$T/export.jsonl" | md5sum)"
finish
