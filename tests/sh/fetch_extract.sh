#!/bin/bash
# fetch_extract.sh - `gisa fetch --extract`: article records as JSON Lines,
# the header charset handed to decoding (EUC-KR in the header only, or in
# <meta> only), a wrong Content-Type still extracted, non-HTML refused.
. "${GISA_SRC:-.}/tests/sh/lib.sh"
. "${GISA_SRC:-.}/tests/fetch/server.sh"
start_server
R=$(resolve a.test)
U=http://a.test:$PORT

$GISA fetch --extract $R --delay 0 --retries 0 -q $U/page/1 $U/euckr-header \
  $U/euckr-meta $U/wrongtype $U/notype $U/image $U/status/404 \
  >"$T/out.jsonl" 2>"$T/err"
check_eq "exit status with failures" "$?" 1
check_eq "five articles" "$(jget "$T/out.jsonl" 'len(d)')" 5
pick() { jget "$T/out.jsonl" "[r for r in d if r['url'].endswith('$1')][0]$2"; }
check_eq "title" "$(pick /page/1 '["title"]')" "Article /page/1"
check "body" test "$(pick /page/1 '["body"].count("\n\n")')" -ge 3
check_eq "fetched_at" "$(pick /page/1 '["fetched_at"][:2]')" 20
check_eq "EUC-KR, charset in the header only" \
  "$(pick /euckr-header '["title"]')" "기사 /euckr-header"
check "EUC-KR header: Korean body" grep -q "정부는" <<<"$(pick /euckr-header '["body"]')"
check_eq "EUC-KR, charset in <meta> only" \
  "$(pick /euckr-meta '["title"]')" "기사 /euckr-meta"
check_eq "wrong Content-Type still extracted" "$(pick /wrongtype '["title"]')" "Article /wrongtype"
check_eq "missing Content-Type still extracted" "$(pick /notype '["title"]')" "Article /notype"
check "a PNG is refused by name" grep -q "failed: $U/image: not an HTML page" "$T/err"
check "404 named" grep -q "failed: $U/status/404: HTTP 404" "$T/err"
finish
