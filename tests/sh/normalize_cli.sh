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
