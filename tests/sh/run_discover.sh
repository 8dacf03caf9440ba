#!/bin/bash
# run_discover.sh - rules whose discover(doc) misbehaves on their section
# pages, next to one that works, in one `gisa run`: one raises (delta),
# one returns junk and more URLs than a page may give (eps). The run goes
# on and exits 0; each problem is said on stderr, counted against its
# source and noted in the database; the good source is not disturbed.
# Once delta's rule is fixed, the next run reads its unchanged page (the
# server answers 304) from the store with the fixed rule.
. "${GISA_SRC:-.}/tests/sh/lib.sh"
. "${GISA_SRC:-.}/tests/fetch/server.sh"
cat >"$T/site.json" <<'JSON'
{"gamma": {"pages": 4, "sections": {"world": [1, 2, 3, 4]}},
 "delta": {"pages": 3, "sections": {"world": [1, 2, 3]}},
 "eps":   {"pages": 2, "sections": {"world": [1, 2]}}}
JSON
start_site "$T/site.json"
mkdir -p "$T/rules"
# rule NAME DISCOVER-BODY: a rule over NAME.test's world section.
rule() {
  cat >"$T/rules/$1.lua" <<LUA
return {
  domains = { "$1.test" },
  sections = { "http://$1.test:$PORT/section/world.html" },
  discover = function(doc)
$2
  end,
}
LUA
}
HEADLINES='    local urls = {}
    for _, a in ipairs(doc:select("ul.headlines a")) do
      urls[#urls + 1] = a:attr("href")
    end
    return urls'
rule gamma "$HEADLINES"
rule delta '    if not doc:select_one("div.stories") then
      error("no div.stories: the layout changed")
    end'
# eps: 5 values that are not URLs, story 1 (relative), then 1500 more URLs
# on a host that is not served (one robots.txt failure stops them all).
rule eps '    local urls = { 42, true, {}, "mailto:desk@eps.test", "/news/1.html",
      where = "not a list entry" }
    for i = 1, 1500 do urls[#urls + 1] = "http://gone.test:1/" .. i end
    return urls'
DB=$T/state.db
run() {
  $GISA run --once --rules "$T/rules" --db "$DB" --delay 0 --per-host 4 \
    $(resolve gamma.test delta.test eps.test) --resolve gone.test:1:127.0.0.1 "$@"
}
q() { sql "$DB" "$1"; }

run --out "$T/out1.jsonl" 2>"$T/err1"
check_eq "run with broken discovers: exit 0" "$?" 0
check_eq "gamma's four stories out" \
  "$(jget "$T/out1.jsonl" 'sorted(r["title"] for r in d if r["source"] == "gamma")')" \
  '["Gamma story 1", "Gamma story 2", "Gamma story 3", "Gamma story 4"]'
check "delta's error on stderr, with file and line" \
  grep -q "delta: http://delta.test:$PORT/section/world.html: rule delta: $T/rules/delta.lua:6: no div.stories: the layout changed" "$T/err1"
check "delta: one discovery error counted" grep -q "delta: 0 new, .*; 1 discovery error$" "$T/err1"
check "no traceback on the progress lines" bash -c "! grep -q 'stack traceback' '$T/err1'"
check_eq "delta's section page failed, with the message" \
  "$(q "select state || ': ' || error from urls where url like '%delta.test%section%'")" \
  "failed: http://delta.test:$PORT/section/world.html: rule delta: $T/rules/delta.lua:6: no div.stories: the layout changed"
check_eq "noted against delta in the run" \
  "$(q "select count(*) from run_sources r join sources s on s.id = r.source_id where s.name = 'delta' and r.last_error like '%layout changed%' and r.failed = 1")" 1
check "eps: junk and the cap on stderr" grep -q \
  "eps: http://eps.test:$PORT/section/world.html: discover returned 5 values that are not URLs (skipped) and 501 URLs over the limit of 1000 (dropped)" "$T/err1"
check "eps: 1000 URLs kept" grep -q "eps: section http://eps.test:$PORT/section/world.html: 1000 article URLs, 1000 new" "$T/err1"
check_eq "eps: 1000 article URLs in the frontier" \
  "$(q "select count(*) from urls u join sources s on s.id = u.source_id where s.name = 'eps' and kind = 0")" 1000
check_eq "eps: its story stored" "$(jget "$T/out1.jsonl" '[r["title"] for r in d if r["source"] == "eps"]')" '["Eps story 1"]'
check_eq "eps: section page done (junk is not an error)" \
  "$(q "select state from urls where url like '%eps.test%section%'")" extracted
check_eq "run recorded ok" "$(q "select status from runs order by id desc limit 1")" ok
check_eq "integrity_check" "$(q 'pragma integrity_check')" ok

# delta's rule fixed: its section page has not changed (304), and is read
# again from the store with the new rule.
rule delta "$HEADLINES"
: >"$SERVER_LOG"
run --out "$T/out2.jsonl" 2>"$T/err2"
check_eq "second run: exit 0" "$?" 0
check_eq "delta's page asked conditionally, not modified" \
  "$(jget "$SERVER_LOG" '[r["status"] for r in d if r["path"] == "/section/world.html" and r["host"].startswith("delta")]')" "[304]"
check_eq "delta's stories now out" \
  "$(jget "$T/out2.jsonl" 'sorted(r["title"] for r in d)')" \
  '["Delta story 1", "Delta story 2", "Delta story 3"]'
check_eq "delta's section page done" \
  "$(q "select state from urls where url like '%delta.test%section%'")" extracted
finish
