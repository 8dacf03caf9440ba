#!/bin/bash
# fetch_cli.sh - `gisa fetch` against the loopback server: records on
# stdout, failures named on stderr with exit 1, stdin and --out, conditional
# GET, size cap, robots.txt, and politeness seen from the server's log.
. "${GISA_SRC:-.}/tests/sh/lib.sh"
. "${GISA_SRC:-.}/tests/fetch/server.sh"
start_server
R=$(resolve a.test deny.test p.test)
FAST="--retries 1 --retry-wait 0.1 --delay 0 --timeout 10"
U=http://a.test:$PORT

# Two pages, a 404 and a disallowed path: two records, two named failures.
$GISA fetch $R $FAST -q $U/page/1 $U/status/404 http://deny.test:$PORT/private/x \
  $U/euckr-header >"$T/out.jsonl" 2>"$T/err"
check_eq "exit status with failures" "$?" 1
check_eq "records for the successes" "$(jget "$T/out.jsonl" 'len(d)')" 2
check_eq "status" "$(jget "$T/out.jsonl" 'd[0]["status"]')" 200
check_eq "charset from the header" \
  "$(jget "$T/out.jsonl" 'sorted(r.get("charset") for r in d)')" '["euc-kr", "utf-8"]'
check "404 named" grep -q "failed: $U/status/404: HTTP 404" "$T/err"
check "robots named" grep -q "failed: http://deny.test:$PORT/private/x: robots.txt disallows /private/x" "$T/err"
check_eq "disallowed path never requested" \
  "$(grep -c '"path": "/private/x"' "$SERVER_LOG")" 0

# URLs from stdin (comments and blank lines skipped), bodies saved.
printf '%s\n' "# a comment" "" "$U/page/2" "  $U/gzip  " |
  $GISA fetch $R $FAST -q --out "$T/pages" - >"$T/out2.jsonl" 2>"$T/err2"
check_eq "stdin: exit" "$?" 0
check_eq "stdin: two records" "$(jget "$T/out2.jsonl" 'len(d)')" 2
f=$(jget "$T/out2.jsonl" '[r["file"] for r in d if r["url"].endswith("/gzip")][0]')
check "saved body is the decompressed page" grep -q "<h1>Article /gzip</h1>" "$f"
check_eq "saved under the host" "$(dirname "$f")" "$T/pages/a.test_$PORT"

# Conditional GET: 304 is "not modified", not a failure.
$GISA fetch $R $FAST -q --etag '"v1"' $U/etag >"$T/out3.jsonl" 2>/dev/null
check_eq "304: exit" "$?" 0
check_eq "304: not_modified" "$(jget "$T/out3.jsonl" 'd["not_modified"]')" True

# An endless body is cut at --max-size and marked; not a failure.
$GISA fetch $R $FAST -q --max-size 100k $U/endless >"$T/out4.jsonl" 2>"$T/err4"
check_eq "cut: exit" "$?" 0
check_eq "cut: bytes" "$(jget "$T/out4.jsonl" 'd["bytes"]')" 102400
check_eq "cut: truncated" "$(jget "$T/out4.jsonl" 'd["truncated"]')" True
check "cut: said on stderr" grep -q "body cut at 102400 bytes" "$T/err4"

# --ignore-robots exists, and is not the default (above).
$GISA fetch $R $FAST -q --ignore-robots http://deny.test:$PORT/private/y >/dev/null 2>&1
check_eq "--ignore-robots fetches" "$?" 0

# Politeness: per-host 1 and delay 0.3 s, seen by the server.
$GISA fetch $R -q --per-host 1 --delay 0.3 http://p.test:$PORT/page/{1,2,3,4} \
  >/dev/null 2>&1
check_eq "polite run: exit" "$?" 0
gap=$("$PY" - "$SERVER_LOG" <<'PY'
import json, sys
t = [r["t"] for r in map(json.loads, open(sys.argv[1])) if r["host"] == "p.test"]
print("%d %s" % (len(t), min(b - a for a, b in zip(t, t[1:])) >= 0.3))
PY
)
check_eq "polite run: 5 requests, none closer than 0.3 s" "$gap" "5 True"

# Plain progress lines when stderr is not a terminal.
$GISA fetch $R $FAST $U/page/3 >/dev/null 2>"$T/err5"
check "progress line" grep -q "gisa fetch: 200 $U/page/3 (" "$T/err5"
check "summary line" grep -q "1 fetched, 0 failed" "$T/err5"

# Usage errors exit 2.
$GISA fetch >/dev/null 2>&1; check_eq "no URL" "$?" 2
$GISA fetch --delay soon $U/ >/dev/null 2>&1; check_eq "bad delay" "$?" 2
$GISA fetch --resolve nonsense $U/ >/dev/null 2>&1; check_eq "bad resolve" "$?" 2
finish
