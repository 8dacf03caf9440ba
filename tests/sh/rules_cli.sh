# rules_cli.sh - `gisa test` and `gisa explain` as a rule author uses them:
# the shipped fixtures pass; a changed page fails with a per-field diff;
# --update rewrites the expected record; a broken or looping rule fails
# loudly; explain names the rule, the selectors and what was removed.
. tests/sh/lib.sh

# The shipped rules pass their fixtures.
check "gisa test passes" "$GISA" test
out=$("$GISA" test yonhap-en)
check_eq "one rule by name" "$(echo "$out" | tail -1)" "3 fixtures, 0 failed"
"$GISA" test no-such-rule >/dev/null 2>"$T/err"
check_eq "unknown rule exit" "$?" "1"
check "unknown rule named" grep -q "no rule named 'no-such-rule'" "$T/err"

# A rule of one's own in --rules DIR, fixtures in DIR/fixtures.
mkdir -p "$T/rules/fixtures/mine"
cat > "$T/rules/mine.lua" <<'EOF'
return {
  domains = { "news.example.com" },
  title = "h1.headline",
  authors = "p.byline",
  body = { "div.article-body", drop = { "figure", ".related", ".promo" } },
  clean = { "^Read more:" },
}
EOF
cp tests/fixtures/example/harbour.html "$T/rules/fixtures/mine/page.html"
"$GISA" test --no-builtin --rules "$T/rules" >"$T/out" 2>&1
check_eq "no expected yet: exit 1" "$?" "1"
check "says how to create it" grep -q "run gisa test --update" "$T/out"
"$GISA" test --no-builtin --rules "$T/rules" --update >"$T/out" 2>&1
check_eq "--update exit" "$?" "0"
check "expected written" test -s "$T/rules/fixtures/mine/page.expected.json"
check_eq "expected title" \
  "$(json_get "$T/rules/fixtures/mine/page.expected.json" "d['title']")" \
  "Ferry service returns to the old harbour"
check_eq "extractor" \
  "$(json_get "$T/rules/fixtures/mine/page.expected.json" "d['extractor']")" \
  "rule:mine"
check "then passes" "$GISA" test --no-builtin --rules "$T/rules"

# The page changes: a per-field diff and exit 1.
sed -e 's/Ferry service returns/Ferries return/' \
    -e 's/Two electric boats/Three electric boats/' \
    "$T/rules/fixtures/mine/page.html" > "$T/p.html"
mv "$T/p.html" "$T/rules/fixtures/mine/page.html"
"$GISA" test --no-builtin --rules "$T/rules" >"$T/out" 2>&1
check_eq "changed page: exit 1" "$?" "1"
check "diff names title" grep -q "^  title:" "$T/out"
check "diff shows old title" grep -q 'expected "Ferry service returns to the old harbour"' "$T/out"
check "diff shows new title" grep -q 'got      "Ferries return to the old harbour"' "$T/out"
check "diff points at the paragraph" grep -q "\[1\] of 4 expected, 4 got" "$T/out"
check "summary" grep -q "1 fixture, 1 failed" "$T/out"
"$GISA" test --no-builtin --rules "$T/rules" --update >"$T/out" 2>&1
check_eq "update after diff: exit 0" "$?" "0"
check "diff shown before update" grep -q "^  title:" "$T/out"
check "updated" grep -q "updated mine/page (diff above)" "$T/out"
check "passes again" "$GISA" test --no-builtin --rules "$T/rules"

# A rule that raises: the fixture fails with file:line and traceback.
cat > "$T/rules/mine.lua" <<'EOF'
return {
  title = "h1.headline",
  body = function(doc)
    local n = doc:select_one(".nothing-here")
    return n:paragraphs()
  end,
}
EOF
"$GISA" test --no-builtin --rules "$T/rules" >"$T/out" 2>&1
check_eq "raising rule: exit 1" "$?" "1"
check "error with file:line" grep -q "FAIL mine/page: rule mine: .*mine.lua:5: attempt to index a nil value (local 'n')" "$T/out"
check "traceback" grep -q "stack traceback:" "$T/out"

# A rule that loops: stopped, reported, exit 1.
printf 'return { title = function() while true do end end }\n' > "$T/rules/mine.lua"
"$GISA" test --no-builtin --rules "$T/rules" >"$T/out" 2>&1
check_eq "looping rule: exit 1" "$?" "1"
check "budget named" grep -q "instruction budget exceeded" "$T/out"

# A rule that does not load: named with file:line, exit 1.
printf 'return { title = "h1" \n' > "$T/rules/mine.lua"
"$GISA" test --no-builtin --rules "$T/rules" >"$T/out" 2>&1
check_eq "broken rule: exit 1" "$?" "1"
check "load error named" grep -q "mine.lua:2: '}' expected" "$T/out"

# explain: the rule, why, selectors, removals, stages.
"$GISA" explain tests/fixtures/example/harbour.html >"$T/ex" 2>&1
check_eq "explain exit" "$?" "0"
check "explain rule" grep -q "^rule          example: host news.example.com matches domain 'news.example.com'" "$T/ex"
check "explain selector" grep -q "from rule:selector via 'h1.headline' (1 node)" "$T/ex"
check "explain drop" grep -q "removed: drop .promo: Subscribe to The Daily Example" "$T/ex"
check "explain clean" grep -q "removed: clean ^Read more:: Read more: Harbour master plan approved" "$T/ex"
check "explain meta origin" grep -q "from meta:link" "$T/ex"
check "explain time" grep -q "^time          decode+parse" "$T/ex"
check "explain lua cost" grep -q "^lua           about [0-9]* VM instructions" "$T/ex"

# explain with --rule on a page without a matching URL, and a log line.
mkdir -p "$T/r2"
cat > "$T/r2/probe.lua" <<'EOF'
return {
  title = { "h1.missing", "h1" },
  fixup = function(a) print("title is", a.title) end,
}
EOF
"$GISA" explain --no-builtin --rules "$T/r2" --rule probe tests/fixtures/example/harbour.html >"$T/ex" 2>&1
check "forced rule" grep -q "^rule          probe: forced with --rule" "$T/ex"
check "tried selector" grep -q "tried 'h1.missing (0 nodes)'" "$T/ex"
check "log line" grep -q "^log           title is	Ferry service returns to the old harbour" "$T/ex"
"$GISA" explain --no-builtin tests/fixtures/example/harbour.html >"$T/ex" 2>&1
check "no rule: generic" grep -q "^extractor     generic" "$T/ex"
check "no rule: why" grep -q "^rule          none: no rule's domains match" "$T/ex"
"$GISA" explain --rule nope tests/fixtures/example/harbour.html >/dev/null 2>&1
check_eq "explain unknown rule exit" "$?" "1"
"$GISA" explain >/dev/null 2>&1
check_eq "explain usage exit" "$?" "2"

# gisa discover: a section page's article URLs; a failing discover loudly.
mkdir -p "$T/disc"
printf '%s\n' '<ul><li><a href="/a/1?utm_source=x">1</a></li>' \
  '<li><a href="2">2</a></li><li><a href="/a/1">1 again</a></li></ul>' >"$T/section.html"
cat > "$T/disc/sec.lua" <<'EOF'
return {
  domains = { "sec.example.org" },
  sections = { "https://sec.example.org/list/" },
  discover = function(doc)
    local urls = { 7 }
    for _, a in ipairs(doc:select("a")) do urls[#urls + 1] = a:attr("href") end
    if #urls > 10 then error("too many links") end
    return urls
  end,
}
EOF
"$GISA" discover --no-builtin --rules "$T/disc" --url https://sec.example.org/list/ \
  "$T/section.html" >"$T/out" 2>"$T/err"
check_eq "discover: exit 0" "$?" 0
check_eq "discover: resolved, normalized, once each" "$(cat "$T/out")" \
  "https://sec.example.org/a/1
https://sec.example.org/list/2"
check "discover: counts on stderr" grep -q "rule sec: 2 article URLs; 1 values that are not URLs skipped" "$T/err"
for i in $(seq 12); do echo "<a href=/n/$i>$i</a>"; done >"$T/big.html"
"$GISA" discover --no-builtin --rules "$T/disc" --rule sec --url https://other.org/ \
  "$T/big.html" >"$T/out" 2>"$T/err"
check_eq "failing discover: exit 1" "$?" 1
check "failing discover: file, line and traceback" \
  grep -q "sec.lua:7: too many links" "$T/err"
check "failing discover: traceback" grep -q "stack traceback" "$T/err"
"$GISA" discover --no-builtin --rules "$T/disc" "$T/section.html" 2>/dev/null
check_eq "discover without --url: usage" "$?" 2
"$GISA" discover --no-builtin --rules "$T/disc" --url https://nowhere.org/ "$T/section.html" 2>"$T/err"
check_eq "discover: no rule for the URL: exit 1" "$?" 1
check "discover: says so" grep -q "no rule serves https://nowhere.org/" "$T/err"

finish
