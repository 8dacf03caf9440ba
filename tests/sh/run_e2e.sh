#!/bin/bash
# run_e2e.sh - `gisa run --once` over a generated loopback site with three
# sources (alpha: an RSS feed; beta: a sitemap index of gzipped sitemaps;
# gamma: two section pages read by the rule's discover(doc)): the first
# run stores every article once; the second asks conditionally (the
# server answers 304) and adds nothing; after a page changes on the
# server, the third run updates that article (version 2), no duplicate,
# and a story new on a section page is added; `gisa export` and `gisa
# status` show it.
. "${GISA_SRC:-.}/tests/sh/lib.sh"
. "${GISA_SRC:-.}/tests/fetch/server.sh"
# gamma's site: stories 1-9 on two section pages (5 on both), 10 and 11
# on none yet. Its rule reads the list of headlines only: the menu and
# the "most read" box are not its business.
GAMMA='"gamma": {"pages": 11, "sections": {"world": [1, 2, 3, 4, 5], "local": [5, 6, 7, 8, 9]}}'
echo "{\"alpha\": {\"pages\": 12}, \"beta\": {\"pages\": 15, \"per_sitemap\": 6}, $GAMMA}" >"$T/site.json"
start_site "$T/site.json"
site_rules "$T/rules" alpha beta
cat >"$T/rules/gamma.lua" <<LUA
return {
  domains = { "gamma.test" },
  sections = { "http://gamma.test:$PORT/section/world.html",
               "http://gamma.test:$PORT/section/local.html" },
  discover = function(doc)
    local urls = {}
    for _, a in ipairs(doc:select("ul.headlines a")) do
      urls[#urls + 1] = a:attr("href")
    end
    return urls
  end,
}
LUA
DB=$T/state.db
run() {
  $GISA run --once --rules "$T/rules" --db "$DB" --delay 0 \
    $(resolve alpha.test beta.test gamma.test) "$@"
}
q() { sql "$DB" "$1"; }
log_count() { jget "$SERVER_LOG" "len([r for r in d if $1])"; }

# 1: everything is new.
run --out "$T/new1.jsonl" 2>"$T/err1"
check_eq "first run exits 0" "$?" 0
check_eq "first run: 36 new records out" "$(jget "$T/new1.jsonl" 'len(d)')" 36
check_eq "36 distinct URLs out" \
  "$(jget "$T/new1.jsonl" 'len(set(r["url"] for r in d))')" 36
check_eq "36 articles stored" "$(q 'select count(*) from articles')" 36
check_eq "sources named" "$(jget "$T/new1.jsonl" 'sorted(set(r["source"] for r in d))')" '["alpha", "beta", "gamma"]'
check_eq "gamma: the section pages' stories, each once, normalized" \
  "$(jget "$T/new1.jsonl" 'sorted(r["url"].split("/")[-1] for r in d if r["source"] == "gamma")')" \
  '["1.html", "2.html", "3.html", "4.html", "5.html", "6.html", "7.html", "8.html", "9.html"]'
check "section pages named in progress" grep -q "gamma: section http://gamma.test:$PORT/section/local.html: 5 article URLs" "$T/err1"
check_eq "section pages stored as kind 3" "$(q "select count(*) from urls where kind = 3")" 2
check_eq "titles extracted" "$(jget "$T/new1.jsonl" \
  '[r["title"] for r in d if r["url"].endswith("beta.test:%s/news/7.html" % '"$PORT"')][0]')" \
  "Beta story 7"
check "progress per source on stderr" grep -q "alpha: 12 new" "$T/err1"
check "sitemaps named in progress" grep -q "beta: sitemap http://beta.test:$PORT/sitemap-2.xml.gz: 3 entries" "$T/err1"
check_eq "each page fetched once" "$(log_count 'r["path"].startswith("/news/")')" 36
check_eq "run recorded ok" "$(q "select status from runs order by id desc limit 1")" ok

# 2: nothing changed: feeds and sitemaps asked conditionally, all 304.
: >"$SERVER_LOG"
run --out "$T/new2.jsonl" 2>"$T/err2"
check_eq "second run exits 0" "$?" 0
check_eq "second run: nothing out" "$(wc -l <"$T/new2.jsonl")" 0
check_eq "no page fetched again" "$(log_count 'r["path"].startswith("/news/")')" 0
check_eq "seven discovery documents asked" "$(log_count 'r["path"] != "/robots.txt"')" 7
check_eq "all of them conditionally" "$(log_count 'r["path"] != "/robots.txt" and r["inm"]')" 7
check_eq "all answered 304" "$(log_count 'r["status"] == 304')" 7
check_eq "still 36 articles" "$(q 'select count(*) from articles')" 36

# 3: alpha's page 3 and beta's page 8 change on the server; gamma's
# local section now leads with story 10.
sleep 1.1 # the new lastmod must be a later second than the last fetch
GAMMA='"gamma": {"pages": 11, "sections": {"world": [1, 2, 3, 4, 5], "local": [10, 5, 6, 7, 8, 9]}}'
echo "{\"alpha\": {\"pages\": 12, \"versions\": {\"3\": 2}},
       \"beta\": {\"pages\": 15, \"per_sitemap\": 6, \"versions\": {\"8\": 2}}, $GAMMA}" >"$T/site.json"
: >"$SERVER_LOG"
run --out "$T/new3.jsonl" 2>"$T/err3"
check_eq "third run exits 0" "$?" 0
check_eq "two updated records and one new out" "$(jget "$T/new3.jsonl" 'sorted(r["title"] for r in d)')" \
  '["Alpha story 3 (update 1)", "Beta story 8 (update 1)", "Gamma story 10"]'
check_eq "only the changed pages and the new one fetched" \
  "$(jget "$SERVER_LOG" 'sorted(r["path"] for r in d if r["path"].startswith("/news/"))')" \
  '["/news/10.html", "/news/3.html", "/news/8.html"]'
check_eq "changed pages asked conditionally" \
  "$(log_count 'r["path"].startswith("/news/") and r["inm"]')" 2
check_eq "section pages: one changed, one not" \
  "$(jget "$SERVER_LOG" 'sorted((r["path"], r["status"]) for r in d if r["path"].startswith("/section/"))')" \
  '[["/section/local.html", 200], ["/section/world.html", 304]]'
check_eq "37 articles: no duplicate" "$(q 'select count(*) from articles')" 37
check_eq "version 2 for the changed ones" \
  "$(q "select group_concat(version) from articles where version > 1")" "2,2"
check "updated counted" grep -q "alpha: 0 new, 1 updated" "$T/err3"

# export shows the current records; status the sources.
$GISA export --db "$DB" >"$T/export.jsonl" 2>/dev/null
check_eq "export: 37 records" "$(jget "$T/export.jsonl" 'len(d)')" 37
check_eq "export: the updated text" \
  "$(jget "$T/export.jsonl" '[r["title"] for r in d if r["url"].endswith("alpha.test:%s/news/3.html" % '"$PORT"')][0]')" \
  "Alpha story 3 (update 1)"
$GISA export --db "$DB" --source beta >"$T/beta.jsonl" 2>/dev/null
check_eq "export --source beta" "$(jget "$T/beta.jsonl" 'len(d)')" 15
$GISA status --db "$DB" --format json >"$T/status.json"
check_eq "status: articles per source" "$(jget "$T/status.json" '[s["articles"] for s in d]')" "[12, 15, 10]"

# reextract reads the article pages again, not the section pages.
$GISA reextract --db "$DB" --rules "$T/rules" 2>"$T/reex"
check "reextract: the 37 article pages, unchanged" grep -q "37 pages: 0 updated, 37 unchanged, 0 new" "$T/reex"
check_eq "reextract: no article made of a section page" "$(q 'select count(*) from articles')" 37

# 4: a second run on the same database is refused while one holds it.
python3 - "$DB.lock" <<'PY' &
import fcntl, sys, time
f = open(sys.argv[1], "a")
fcntl.flock(f, fcntl.LOCK_EX)
open(sys.argv[1] + ".held", "w").close()
time.sleep(30)
PY
LOCKER=$!
for _ in $(seq 50); do [ -e "$DB.lock.held" ] && break; sleep 0.1; done
run -q 2>"$T/err4"
check_eq "locked database: exit 1" "$?" 1
check "the lock is named" grep -q "in use by another run" "$T/err4"
kill $LOCKER; wait $LOCKER 2>/dev/null

# Usage errors.
$GISA run --rules "$T/rules" --db "$DB" 2>/dev/null
check_eq "neither --once nor --every: usage" "$?" 2
$GISA run --once --source nosuch --rules "$T/rules" --db "$DB" 2>"$T/err5"
check_eq "unknown source: exit 1" "$?" 1
check "unknown source named" grep -q "no rule named 'nosuch'" "$T/err5"
finish
