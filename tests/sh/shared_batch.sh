# shared_batch.sh - every saved page in ../shared (AEB and news) goes
# through one `gisa extract` run: no crash, no failed input, one record per
# page, and peak RSS within 64 MB for the whole batch.
. tests/sh/lib.sh
[ -d "$SHARED/data/aeb/html" ] && [ -d "$SHARED/data/news" ] ||
  skip "../shared/data not found (set GISA_SHARED)"
command -v /usr/bin/time > /dev/null || skip "/usr/bin/time not installed (package 'time')"

find "$SHARED/data/aeb/html" "$SHARED/data/news" -name '*.html' -o -name '*.html.gz' |
  sort > "$T/pages"
n=$(wc -l < "$T/pages")
check "found pages" test "$n" -ge 240

xargs -d '\n' /usr/bin/time -v -o "$T/time" "$GISA" extract --jobs 2 --format jsonl \
  < "$T/pages" > "$T/out.jsonl" 2> "$T/err"
rc=$?
check_eq "exit status" "$rc" 0
check_eq "no errors on stderr" "$(cat "$T/err")" ""
check_eq "one record per page" "$(wc -l < "$T/out.jsonl")" "$n"
check "every record is JSON" python3 -c "
import json, sys
for line in open('$T/out.jsonl', encoding='utf-8'):
    json.loads(line)"
rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$T/time")
echo "pages: $n, peak RSS: $((rss / 1024)) MB, $(grep 'Elapsed' "$T/time" | sed 's/.*: //') elapsed"
# ASan's shadow memory multiplies RSS: the bound holds for plain builds.
if ldd "$GISA" | grep -q libasan; then
  echo "sanitizer build: RSS bound not checked"
else
  check "peak RSS <= 64 MB (got ${rss} KB)" test "$rss" -le 65536
fi
finish
