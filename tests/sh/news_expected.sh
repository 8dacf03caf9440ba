# news_expected.sh - the saved pages of ../shared/data/news that come with
# an expected extraction, through the pipeline with the built-in rules:
# per page and per source, title exact, published equal to the minute,
# authors exact and body F1 (the AEB metric: 4-gram shingles over \w+
# tokens, per page). Prints every figure; asserts the floors reached for
# the sources that have rules (reuters, yonhap), so a regression fails.
#
# It runs `gisa explain --json --url URL` (the rule-aware pipeline, the one
# `gisa test` uses) and scores its "record". The dateline is a field of the
# record, not part of the body; the expected bodies start with it, so it is
# put back in front of the body for scoring (\w+ tokens only: the
# separator does not count). So is the subtitle, the deck the page shows
# under its headline: the references count it as the body's first lines.
. tests/sh/lib.sh
NEWS=$SHARED/data/news
[ -f "$NEWS/PROVENANCE.tsv" ] || skip "../shared/data/news not found (set GISA_SHARED)"

n=0
for exp in "$NEWS"/*/*.expected.json; do
  base=${exp%.expected.json}
  page=$base.html
  [ -f "$page" ] || page=$base.html.gz
  [ -f "$page" ] || continue
  slug=$(basename "$base")
  url=$(awk -F'\t' -v s="$slug" '$1 == s { print $3 }' "$NEWS/PROVENANCE.tsv")
  [ -n "$url" ] || url=$(json_get "$exp" "d.get('url','')")
  src=$(basename "$(dirname "$base")")
  # explain reads plain files: inflate .gz pages into $T
  if [ "${page%.gz}" != "$page" ]; then
    gzip -dc "$page" > "$T/$slug.html"; page=$T/$slug.html
  fi
  "$GISA" explain --json --url "$url" "$page" > "$T/$slug.out" 2> "$T/$slug.err" ||
    echo "note: $slug: explain exit $? ($(head -c 200 "$T/$slug.err"))"
  printf '%s\t%s\t%s\t%s\n' "$src" "$slug" "$exp" "$T/$slug.out" >> "$T/list"
  n=$((n + 1))
done
check "found expected pages" test "$n" -ge 10

python3 - "$T/list" > "$T/report" <<'PY'
import json, re, sys
from collections import Counter, defaultdict
TOK = re.compile(r'\w+')

def shingles(text):
    t = TOK.findall(text or '')
    return Counter(tuple(t[i:i + 4]) for i in range(max(1, len(t) - 3)) if t[i:i + 4])

def f1(truth, pred):
    # per page: AEB's precision/recall over shingle multisets
    ts, ps = shingles(truth), shingles(pred)
    tp = sum((ts & ps).values()); fp = sum((ps - ts).values()); fn = sum((ts - ps).values())
    if fp == 0 and fn == 0:
        return 1.0
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0

def minute(s):
    # "2019-08-20T09:31:01+09:00" -> instant to the minute (UTC); date-only stays a date
    if not s:
        return None
    m = re.match(r'(\d{4}-\d\d-\d\d)(?:[T ](\d\d):(\d\d)(?::\d\d(?:\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?', s)
    if not m:
        return s
    if not m.group(2):
        return m.group(1)
    from datetime import datetime, timedelta, timezone
    tz = m.group(4) or 'Z'
    off = 0 if tz == 'Z' else (1 if tz[0] == '+' else -1) * (int(tz[1:3]) * 60 + int(tz[-2:]))
    d = datetime.strptime(m.group(1) + m.group(2) + m.group(3), '%Y-%m-%d%H%M') - timedelta(minutes=off)
    return d.strftime('%Y-%m-%dT%H:%MZ')

per = defaultdict(lambda: defaultdict(list))
for line in open(sys.argv[1], encoding='utf-8'):
    src, slug, exp_path, out_path = line.rstrip('\n').split('\t')
    exp = json.load(open(exp_path, encoding='utf-8'))
    try:
        rec = json.load(open(out_path, encoding='utf-8'))['record']
    except Exception:
        rec = {}
    body = rec.get('body') or ''
    if rec.get('dateline'):
        body = rec['dateline'] + ' - ' + body
    if rec.get('subtitle'):
        body = rec['subtitle'] + '\n\n' + body
    cells = [slug, rec.get('extractor', 'ERROR')]
    s = per[src]
    if 'title' in exp:
        # exact, but for whitespace around it (a few origins kept a
        # trailing space or no-break space from the page)
        ok = (rec.get('title') or '').strip() == exp['title'].strip()
        s['title'].append(ok); cells.append('title=' + ('ok' if ok else 'NO[%s]' % rec.get('title')))
    if 'published' in exp:
        want = minute(exp['published']); got = minute(rec.get('published'))
        if want and len(want) == 10:  # the origin recorded a date only
            got = (rec.get('published') or '')[:10]
        ok = want == got
        s['published'].append(ok); cells.append('published=' + ('ok' if ok else 'NO[%s]' % rec.get('published')))
    if 'authors' in exp:
        ok = (rec.get('authors') or []) == exp['authors']
        s['authors'].append(ok); cells.append('authors=' + ('ok' if ok else 'NO%s' % (rec.get('authors') or [])))
    if 'body' in exp:
        v = f1(exp['body'], body)
        s['f1'].append(v); cells.append('f1=%.3f' % v)
    if 'body_starts_with' in exp:
        ok = TOK.findall(body)[:8] == TOK.findall(exp['body_starts_with'])[:8]
        s['starts'].append(ok); cells.append('starts=' + ('ok' if ok else 'NO'))
    print('page\t' + '\t'.join(cells))

for src, s in sorted(per.items()):
    out = []
    for k in ('title', 'published', 'authors', 'starts'):
        if s[k]:
            out.append('%s %d/%d' % (k, sum(s[k]), len(s[k])))
    if s['f1']:
        out.append('f1 min %.3f mean %.3f (>=0.98: %d/%d)' % (min(s['f1']), sum(s['f1']) / len(s['f1']),
                   sum(v >= 0.98 for v in s['f1']), len(s['f1'])))
    print('source\t%s\t%s' % (src, '; '.join(out)))
    # floors for the asserts below: key=value
    for k in ('title', 'published', 'authors', 'starts'):
        if s[k]:
            print('floor\t%s.%s\t%d\t%d' % (src, k, sum(s[k]), len(s[k])))
    if s['f1']:
        print('floor\t%s.f1min\t%d\t1000' % (src, int(min(s['f1']) * 1000)))
        print('floor\t%s.f1good\t%d\t%d' % (src, sum(v >= 0.98 for v in s['f1']), len(s['f1'])))
PY
check "scored" test -s "$T/report"
grep -E '^(page|source)' "$T/report" | cut -f2-

# got SRC.KEY -> "hits of total"
got() { awk -F'\t' -v k="$1" '$1 == "floor" && $2 == k { print $3 " " $4 }' "$T/report"; }
# The floors reached (see the report above); the issue's targets are
# title and published on all pages, authors on >= 95%, body F1 >= 0.98.
check_eq "reuters title exact"       "$(got reuters.title)"     "3 3"
check_eq "reuters published (minute)" "$(got reuters.published)" "3 3"
check_eq "reuters authors exact"     "$(got reuters.authors)"   "3 3"
check_eq "reuters body starts"       "$(got reuters.starts)"    "1 1"
# other publishers (generic path): at least the figures reached
ge() { [ "$(got "$1" | cut -d' ' -f1)" -ge "$2" ]; }
check "other title exact >= 54"   ge other.title 54
check "other authors exact >= 51" ge other.authors 51
check "other published >= 54"     ge other.published 54
check_eq "korean published (minute)" "$(got korean.published)" "3 3"
check_eq "yonhap title exact"        "$(got yonhap.title)"      "1 1"
check_eq "yonhap published (minute)" "$(got yonhap.published)"  "1 1"
check "yonhap body F1 >= 0.98" test "$(got yonhap.f1min | cut -d' ' -f1)" -ge 980
# the generic extractor on the other publishers: pages at body F1 >= 0.98
check "other: >= 45 pages at body F1 >= 0.98" test "$(got other.f1good | cut -d' ' -f1)" -ge 45
finish
