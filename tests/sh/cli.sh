# cli.sh - the gisa command line: extract, select, text, help, exit codes.
. tests/sh/lib.sh
demo=examples/yonhap-en.html

# extract: one input gives one pretty object
"$GISA" extract "$demo" > "$T/one.json"; rc=$?
check_eq "extract exit status" "$rc" 0
check_eq "extract title, wire label dropped" "$(json_get "$T/one.json" 'd["title"]')" \
  "Seoul city opens riverside library built from shipping containers"
check_eq "extract dateline" "$(json_get "$T/one.json" 'd["dateline"]')" "SEOUL, March 14 (Yonhap)"
check_eq "extract byline" "$(json_get "$T/one.json" 'd["authors"]')" '["Park Min-ji"]'
check "no end mark in body" bash -c "! grep -q '(END)' '$T/one.json'"
check_eq "extract published" "$(json_get "$T/one.json" 'd["published"]')" "2026-03-14T10:05:00+09:00"
check_eq "extract language" "$(json_get "$T/one.json" 'd["language"]')" "en"
check "extract body has the lede" grep -q 'Seoul opened a public library made of 48 recycled' "$T/one.json"
check "content hash present" grep -q '"content_hash": "xxh128:' "$T/one.json"
check "pretty printed" grep -q '^  "title"' "$T/one.json"

# several inputs: JSON Lines, in input order, also with many jobs
gzip -c "$demo" > "$T/demo.html.gz"
printf '<html><head><title>Second page</title></head><body><p>Hello.</p></body></html>' > "$T/b.html"
"$GISA" extract --jobs 3 "$demo" "$T/b.html" "$T/demo.html.gz" "$T/b.html" > "$T/many.jsonl"
check_eq "jsonl lines" "$(wc -l < "$T/many.jsonl")" 4
check_eq "jsonl order" "$(json_get "$T/many.jsonl" '[r.get("title","")[:6] for r in d]')" \
  '["Seoul ", "Second", "Seoul ", "Second"]'
check_eq "gzip input equals plain" "$(sed -n 1p "$T/many.jsonl")" "$(sed -n 3p "$T/many.jsonl")"
"$GISA" extract --format json "$demo" "$T/b.html" > "$T/array.json"
check_eq "--format json with several inputs is an array" "$(json_get "$T/array.json" 'len(d)')" 2

# stdin and --url
"$GISA" extract --url https://example.com/x - < "$T/b.html" > "$T/stdin.json"
check_eq "stdin + url" "$(json_get "$T/stdin.json" 'd["url"]')" "https://example.com/x"

# failures: named on stderr, exit 1, the other inputs still printed
"$GISA" extract "$T/b.html" "$T/missing.html" > "$T/out" 2> "$T/err"; rc=$?
check_eq "missing input exit status" "$rc" 1
check "missing input named" grep -q "missing.html: No such file" "$T/err"
check_eq "others still extracted" "$(wc -l < "$T/out")" 1
printf '\x1f\x8b\x08\x00garbage' > "$T/bad.gz"
"$GISA" extract "$T/bad.gz" > /dev/null 2> "$T/err"; rc=$?
check_eq "corrupt gzip exit status" "$rc" 1

# usage errors exit 2
"$GISA" extract > /dev/null 2>&1; check_eq "extract without input" "$?" 2
"$GISA" extract --format xml "$demo" > /dev/null 2>&1; check_eq "bad format" "$?" 2
"$GISA" extract --url u a b > /dev/null 2>&1; check_eq "--url with two inputs" "$?" 2
"$GISA" nosuchcommand > /dev/null 2>&1; check_eq "unknown command" "$?" 2
"$GISA" > /dev/null 2>&1; check_eq "no command" "$?" 2

# select
check_eq "select css text" "$("$GISA" select 'h1.tit' "$demo")" \
  "(LEAD) Seoul city opens riverside library built from shipping containers"
check_eq "select count" "$("$GISA" select "article.story-news > p" "$demo" | wc -l)" 9
check_eq "select --html" "$("$GISA" select --html 'span.tag:first-of-type a' "$demo")" \
  '<a href="/search?q=Seoul">#Seoul</a>'
check_eq "select --xpath nodes" "$("$GISA" select --xpath '//strong[@class="tit"]' "$demo")" "Keywords"
check_eq "select --xpath number" "$("$GISA" select --xpath 'count(//li)' "$demo")" 7
"$GISA" select 'p[' "$demo" > /dev/null 2> "$T/err"; rc=$?
check_eq "bad selector exit status" "$rc" 2
check "bad selector names the column" grep -q "column" "$T/err"

# text
"$GISA" text "$demo" > "$T/text"
check "text has body" grep -q "^The library is open from 10 a.m." "$T/text"
check "text skips scripts" bash -c "! grep -q dataLayer '$T/text'"
check "text skips head" bash -c "! grep -q 'Yonhap News Agency</title>' '$T/text'"

# help and version
check "version" bash -c "'$GISA' --version | grep -Eq '^gisa [0-9]+\.[0-9]+'"
check "help lists commands" bash -c "'$GISA' help | grep -q '  extract'"
check "help COMMAND" bash -c "'$GISA' help select | grep -q -- '--xpath'"
# every command answers --help with its usage and exit 0
for c in $("$GISA" help | awk '/^  [a-z]/ { print $1 }'); do
  check "$c --help" bash -c "'$GISA' $c --help | grep -q '^usage: gisa $c'"
done
"$GISA" help nosuch > /dev/null 2>&1; check_eq "help unknown command" "$?" 2
finish
