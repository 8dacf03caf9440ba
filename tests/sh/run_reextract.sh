#!/bin/bash
# run_reextract.sh - `gisa reextract` after a rule change: the stored raw
# pages are extracted again (no network), the changed articles updated
# (version 2), the others reported unchanged; --source limits it.
. "${GISA_SRC:-.}/tests/sh/lib.sh"
. "${GISA_SRC:-.}/tests/fetch/server.sh"
echo '{"alpha": {"pages": 12}, "beta": {"pages": 15, "per_sitemap": 6}}' >"$T/site.json"
start_site "$T/site.json"
site_rules "$T/rules" alpha beta
DB=$T/state.db
q() { sql "$DB" "$1"; }
$GISA run --once -q --rules "$T/rules" --db "$DB" --delay 0 $(resolve alpha.test beta.test)
check_eq "run: 27 articles" "$(q 'select count(*) from articles')" 27
kill $SERVER_PID; wait $SERVER_PID 2>/dev/null # no network from here on

$GISA reextract --db "$DB" --rules "$T/rules" 2>"$T/err0"
check_eq "same rules: exit 0" "$?" 0
check "same rules: all unchanged" grep -q "27 pages: 0 updated, 27 unchanged" "$T/err0"

# The alpha rule now takes the byline paragraph as subtitle.
sed -i 's/domains = { "alpha.test" },/& subtitle = "p.byline",/' "$T/rules/alpha.lua"
$GISA reextract --db "$DB" --rules "$T/rules" --source beta 2>"$T/err1"
check "--source beta: unchanged" grep -q "15 pages: 0 updated, 15 unchanged" "$T/err1"
$GISA reextract --db "$DB" --rules "$T/rules" --out "$T/changed.jsonl" 2>"$T/err2"
check_eq "exit 0" "$?" 0
check "alpha's twelve updated, beta's fifteen not" grep -q "27 pages: 12 updated, 15 unchanged" "$T/err2"
check_eq "changed records out" "$(jget "$T/changed.jsonl" 'sorted(set((r["source"], r.get("subtitle")) for r in d))')" \
  '[["alpha", "By Kim Min-ji"]]'
check_eq "version 2 for alpha" "$(q "select group_concat(distinct a.version) from articles a join sources s on s.id = a.source_id where s.name = 'alpha'")" 2
check_eq "version 1 for beta" "$(q "select group_concat(distinct a.version) from articles a join sources s on s.id = a.source_id where s.name = 'beta'")" 1
$GISA export --db "$DB" --source alpha >"$T/alpha.jsonl" 2>/dev/null
check_eq "export has the new field" "$(jget "$T/alpha.jsonl" 'len([r for r in d if r.get("subtitle") == "By Kim Min-ji"])')" 12
$GISA reextract --db "$DB" --rules "$T/rules" 2>"$T/err3"
check "again: nothing changes" grep -q "27 pages: 0 updated, 27 unchanged" "$T/err3"
check_eq "still 27 articles" "$(q 'select count(*) from articles')" 27
$GISA reextract --db "$T/none.db" 2>/dev/null
check_eq "no database: exit 1" "$?" 1
finish
