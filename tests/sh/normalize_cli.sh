# normalize_cli.sh - `gisa normalize`: options, stdin, files, gzip, both
# output formats, and the exit status of each kind of failure.
. "$(dirname "$0")/lib.sh"

cat > "$T/in.txt" <<'TXT'
Home > World > Asia

Port strike ends after deal on pay

By Jane Holloway

BUSAN, March 6 (Reuters) - Dock workers at South Korea's largest port returned to work on Wednesday after the union accepted a pay offer.

Share this article

Operators said it would take a week to clear the backlog.

(Reporting by Jane Holloway; Editing by Tom Graves)
TXT

"$GISA" normalize "$T/in.txt" > "$T/out.json"
check_eq "json exit" "$?" "0"
check_eq "json fields" \
  "$(json_get "$T/out.json" "'/'.join([d['title'], '|'.join(d['authors']), d['dateline'], str(len(d['paragraphs']))])")" \
  "Port strike ends after deal on pay/Jane Holloway/BUSAN, March 6 (Reuters)/2"
check "json content hash" grep -q '"content_hash": "xxh128:' "$T/out.json"

want=$(printf '%s\n\n%s\n\n%s' "Port strike ends after deal on pay" \
  "Dock workers at South Korea's largest port returned to work on Wednesday after the union accepted a pay offer." \
  "Operators said it would take a week to clear the backlog.")
check_eq "text format" "$("$GISA" normalize --format text "$T/in.txt")" "$want"
check_eq "text from stdin" "$("$GISA" normalize --format=text - < "$T/in.txt")" "$want"
check_eq "with --source" \
  "$("$GISA" normalize --source reuters --format text "$T/in.txt")" "$want"
gzip -c "$T/in.txt" > "$T/in.txt.gz"
check_eq "gzip input" "$("$GISA" normalize --format text "$T/in.txt.gz")" "$want"
check_eq "lang option" \
  "$("$GISA" normalize --lang en --format text "$T/in.txt")" "$want"

# --source applies the rule's own clean patterns (before the generic
# filters), with the same code as extraction: a rule in a --rules dir
# removes a line the generic filters keep, on plain text and on a page.
mkdir -p "$T/rules"
cat > "$T/rules/harbour.lua" <<'LUA'
return {
  body = "div.story",
  clean = { "^Ferry tip line:", "^By %u%a+ %u%a+$" },
}
LUA
cat > "$T/harbour.txt" <<'TXT'
Ferry service returns to the old harbour

By Mina Park

GULL ISLAND, March 5 (Example) -- The ferry between the old pier and the island runs again from Tuesday after two years of repairs.

Ferry tip line: tell us about your crossing at 555-0100.

Boats will leave every half hour until nine in the evening, the operator said.
TXT
tip="Ferry tip line: tell us about your crossing at 555-0100."
"$GISA" normalize --format text "$T/harbour.txt" > "$T/plain.txt"
check "generic filters keep the tip line" grep -qF "$tip" "$T/plain.txt"
"$GISA" normalize --rules "$T/rules" --source harbour "$T/harbour.txt" \
  > "$T/clean.json"
check_eq "--source exit" "$?" "0"
check_eq "--source: the rule's clean pattern removed it" \
  "$(json_get "$T/clean.json" "str(any('tip line' in p for p in d['paragraphs'])) + '/' + str(len(d['paragraphs']))")" \
  "False/2"
check_eq "--source: a byline clean removed still names the author" \
  "$(json_get "$T/clean.json" "'|'.join(d['authors']) + '/' + d['dateline']")" \
  "Mina Park/GULL ISLAND, March 5 (Example)"
cat > "$T/harbour.html" <<'HTML'
<html><head><title>Ferry service returns to the old harbour</title></head><body>
<h1>Ferry service returns to the old harbour</h1><div class="story">
<p>By Mina Park</p>
<p>GULL ISLAND, March 5 (Example) -- The ferry between the old pier and the island runs again from Tuesday after two years of repairs.</p>
<p>Ferry tip line: tell us about your crossing at 555-0100.</p>
<p>Boats will leave every half hour until nine in the evening, the operator said.</p>
</div></body></html>
HTML
"$GISA" extract --rules "$T/rules" --rule harbour "$T/harbour.html" \
  > "$T/page.json"
check_eq "extraction removes the same lines" \
  "$(json_get "$T/page.json" "d['paragraphs']")" \
  "$(json_get "$T/clean.json" "d['paragraphs']")"
"$GISA" normalize --source no-such-rule "$T/harbour.txt" >/dev/null \
  2>"$T/err"
check_eq "unknown source exit" "$?" "2"
check_eq "unknown source named" "$(cat "$T/err")" \
  "gisa normalize: no rule named 'no-such-rule'"
check_eq "--rules without --source" \
  "$("$GISA" normalize --rules "$T/rules" "$T/harbour.txt" >/dev/null 2>&1; echo $?)" "2"

printf '' > "$T/empty.txt"
"$GISA" normalize "$T/empty.txt" > "$T/empty.json"
check_eq "empty input" "$?" "0"
check_eq "empty record" "$(cat "$T/empty.json")" "{}"

status() { "$@" >/dev/null 2>&1; echo $?; }
check_eq "no input" "$(status "$GISA" normalize)" "2"
check_eq "bad format" "$(status "$GISA" normalize --format xml "$T/in.txt")" "2"
check_eq "bad source" "$(status "$GISA" normalize --source 'No Such/Rule' "$T/in.txt")" "2"
check_eq "unknown option" "$(status "$GISA" normalize --frobnicate "$T/in.txt")" "2"
check_eq "missing value" "$(status "$GISA" normalize "$T/in.txt" --format)" "2"
check_eq "two inputs" "$(status "$GISA" normalize "$T/in.txt" "$T/in.txt")" "2"
check_eq "missing file" "$(status "$GISA" normalize "$T/nope.txt")" "1"
check "help" "$GISA" help normalize
check "listed" sh -c "'$GISA' help | grep -q normalize"

finish
