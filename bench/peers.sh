#!/bin/bash
# bench/peers.sh - gisa next to its peers on the Article Extraction
# Benchmark (AEB): quality (F1, precision, recall, accuracy with
# shared/tools/aeb-score) and speed, every tool over the same 181 pages
# read in place from $GISA_SHARED/data/aeb/html (default ../shared), in one
# run. Not a test: nothing here is in ctest.
#
#   bash bench/peers.sh [TOOL...]        (default: every peer; gisa always)
#   Env: GISA_SHARED, GISA_BIN (default build/gisa), PASSES (default 2:
#        each tool runs over the pages N times in its process and the fastest
#        pass counts, so JIT-compiled peers (JVM, V8) are measured warm;
#        PASSES=1 halves the run time), KEEP=1 (keep the run folder:
#        predictions, per-tool stderr).
#
# Peers, installed where missing (a second run reuses them):
#   npm (into bench/peers/node_modules, git-ignored, pinned by
#   bench/peers/package.json; no root needed): @mozilla/readability on jsdom
#   (AEB's readability_js setup) and on linkedom, @extractus/article-extractor,
#   defuddle, unfluff (a port of python-goose).
#   Debian 12 (needs root, so the script prints the one apt-get line):
#   python3-readability (readability-lxml), python3-html-text (AEB's
#   whole-page-text baseline, and readability-lxml's HTML-to-text step as in
#   AEB), libboilerpipe-java (boilerpipe's ArticleExtractor, with java),
#   golang-github-advancedlogic-goose-dev (GoOse, a Go port of goose, built
#   with golang-go into the git-ignored bench/peers/bin on first use).
#   Not to be had here: trafilatura, newspaper3k and goose3 (PyPI only, which
#   is not reachable), @postlight/parser (its npm package pulls two of its
#   dependencies from GitHub repositories, not from the npm registry).
#
# Each peer runs in ONE long-lived process (bench/peers/run.mjs, run.py,
# Boilerpipe.java, goose/main.go) that loops over the pages one at a time,
# single-threaded: start-up and module loading are not timed, nor is reading
# and gunzipping a page; the extraction call (plus turning an HTML result
# into text) is. Predictions and scores are the first pass's. The same kind
# of figure for gisa is bench-aeb's single-thread one (gisa_extract per page
# in process, pages held inflated), run here with --repeat PASSES. The
# "incl. reading" column is each loop's wall time with reading and
# gunzipping; for gisa it is `gisa extract --jobs 1 --format jsonl` over the
# 181 files, the whole process, whose output is also what gets scored (no
# --url: one URL for many inputs is not possible; the in-process run with
# URLs scores the same). "CPU ms/page" is the process's CPU time (all its
# threads: GC and JIT too) over that same loop, per page: less sensitive to
# a busy machine than wall time. Peak RSS is each process's (/usr/bin/time).
# The machine is shared and noisy: read the ratios to gisa, measured in the
# same run, not the absolute pages/s.
set -u
START=$(date +%s)
SRC=$(cd "$(dirname "$0")/.." && pwd)
PEERS=$SRC/bench/peers
SHARED=${GISA_SHARED:-$SRC/../shared}
AEB=$SHARED/data/aeb
GISA=${GISA_BIN:-$SRC/build/gisa}
BENCH_AEB=$(dirname "$GISA")/bench-aeb
PASSES=${PASSES:-2}
JARS=/usr/share/java/boilerpipe.jar:/usr/share/java/nekohtml.jar:/usr/share/java/xercesImpl.jar
JS_TOOLS="readability-jsdom readability-linkedom article-extractor defuddle unfluff"
ALL="$JS_TOOLS readability-lxml boilerpipe goose html-text"
WANT=${*:-$ALL}

if [ ! -f "$AEB/ground-truth.json" ] || [ ! -d "$AEB/html" ] ||
   [ ! -f "$SHARED/tools/aeb-score" ]; then
	echo "peers.sh: no AEB data under $AEB (set GISA_SHARED): skipped"
	exit 77
fi
if [ ! -x "$GISA" ] || [ ! -x "$BENCH_AEB" ]; then
	echo "peers.sh: build gisa first: cmake -S . -B build && make -C build -j2" >&2
	exit 1
fi
for t in $WANT; do
	case " $ALL " in *" $t "*) ;; *) echo "peers.sh: unknown tool $t (one of: $ALL)" >&2; exit 2 ;; esac
done

T=$(mktemp -d /tmp/gisa-peers.XXXXXX)
if [ "${KEEP:-0}" = 1 ]; then
	echo "peers.sh: run folder $T kept"
else
	trap 'rm -rf "$T"' EXIT
fi
echo gisa >"$T/tools"
skip() { echo "$2" >"$T/$1.skip"; }
want() { case " $WANT " in *" $1 "*) return 0 ;; esac; return 1; }

# ---- the peers: what is there, what can be installed ----

# npm: install into bench/peers/node_modules unless every pinned version
# is already there.
npm_ready() {
	# shellcheck disable=SC2016 # JavaScript, not shell
	node -e '
		const dir = process.argv[1];
		const want = require(dir + "/package.json").dependencies;
		for (const [name, v] of Object.entries(want)) {
			let got;
			try { got = require(`${dir}/node_modules/${name}/package.json`).version; } catch { got = null; }
			if (got !== v) process.exit(1);
		}' "$PEERS" 2>/dev/null
}
js_skip=
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	js_skip="node and npm missing: as root, apt-get install -y nodejs npm"
elif ! npm_ready; then
	echo "peers.sh: installing the npm peers into bench/peers/node_modules" >&2
	if ! (cd "$PEERS" && npm install --prefix "$PEERS" --no-package-lock \
		--no-audit --no-fund --loglevel=error >"$T/npm.log" 2>&1) || ! npm_ready; then
		js_skip="npm install failed: $(grep -m1 -i error "$T/npm.log")"
	fi
fi
npm_version() {
	node -p "require('$PEERS/node_modules/$1/package.json').version" 2>/dev/null
}

# Debian: tell the one apt-get line; the peers that need it are skipped.
deb_missing=()
deb_ok() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'
}
deb_version() {
	dpkg-query -W -f='${Version}' "$1" 2>/dev/null | sed 's/+.*//; s/-[^-]*$//'
}
need_deb() {
	local p ok=0
	for p in "$@"; do
		if ! deb_ok "$p"; then
			ok=1
			case " ${deb_missing[*]} " in *" $p "*) ;; *) deb_missing+=("$p") ;; esac
		fi
	done
	return $ok
}
want readability-lxml && need_deb python3-readability python3-html-text
want html-text && need_deb python3-html-text
want boilerpipe && need_deb libboilerpipe-java
want goose && need_deb golang-go golang-github-advancedlogic-goose-dev
if want boilerpipe && ! command -v java >/dev/null; then
	deb_missing+=(default-jre-headless)
fi
if [ ${#deb_missing[@]} -gt 0 ]; then
	echo "peers.sh: some peers need Debian packages; as root run:" >&2
	echo "    apt-get install -y --no-install-recommends ${deb_missing[*]}" >&2
fi

# ---- the pages ----

# id TAB url TAB path, in id order (the ground truth's URLs).
python3 - "$AEB" >"$T/manifest.tsv" <<'PY'
import json, sys
aeb = sys.argv[1]
with open(aeb + '/ground-truth.json', encoding='utf-8') as f:
    truth = json.load(f)
for k in sorted(truth):
    print('%s\t%s\t%s/html/%s.html.gz' % (k, truth[k].get('url', ''), aeb, k))
PY
N=$(wc -l <"$T/manifest.tsv")

score() {
	python3 "$SHARED/tools/aeb-score" "$T/$1.json" --json >"$T/$1.score" 2>>"$T/$1.err" ||
		skip "$1" "aeb-score failed: $(tail -n1 "$T/$1.err")"
}

# ---- gisa ----

echo "peers.sh: gisa over $N pages" >&2
mapfile -t files < <(cut -f3 "$T/manifest.tsv")
for _ in $(seq "$PASSES"); do
	t0=$(date +%s.%N)
	/usr/bin/time -f '%M %U %S' -o "$T/gisa.time" "$GISA" extract --jobs 1 \
		--format jsonl "${files[@]}" >"$T/gisa.jsonl" 2>"$T/gisa.err"
	t1=$(date +%s.%N)
	# wall seconds, peak RSS KB, user and system CPU seconds
	echo "$(echo "$t1 - $t0" | bc) $(tail -n1 "$T/gisa.time")" >>"$T/gisa.passes"
done
# bench-aeb prints "speed whole pipeline  259.8 pages/s (1 thread) ...".
inproc=$(GISA_SHARED=$SHARED "$BENCH_AEB" --jobs 1 --repeat "$PASSES" 2>>"$T/gisa.err" |
	awk '/^speed whole pipeline/ { print $4; exit }')
python3 - "$T" "$inproc" <<'PY'
import json, sys
d, inproc = sys.argv[1], sys.argv[2]
ids = [l.split('\t')[0] for l in open(d + '/manifest.tsv', encoding='utf-8') if l.strip()]
recs = [json.loads(l) for l in open(d + '/gisa.jsonl', encoding='utf-8') if l.strip()]
pred = {i: {'articleBody': r.get('body') or ''} for i, r in zip(ids, recs)}
json.dump(pred, open(d + '/gisa.json', 'w', encoding='utf-8'), ensure_ascii=False)
passes = [list(map(float, l.split())) for l in open(d + '/gisa.passes') if l.strip()]
wall, rss, user, sys_ = min(passes)
print(int(max(p[1] for p in passes)), file=open(d + '/gisa.rss', 'w'))
ext = len(ids) / float(inproc) if inproc else wall
print(json.dumps({'pages': len(ids), 'failed': len(ids) - len(recs),
                  'extract_s': ext, 'loop_s': wall, 'cpu_s': user + sys_}),
      file=open(d + '/gisa.stats', 'w'))
PY
echo "$("$GISA" --version | awk '{print $2}') ($(git -C "$SRC" describe --always --dirty 2>/dev/null || echo '?'))" >"$T/gisa.version"
score gisa

# ---- the peers ----

# GoOse's driver, built once (again when its source changes) in GOPATH
# mode against Debian's Go sources; the build cache stays in bench/peers.
build_goose() {
	local bin=$PEERS/bin/goose-peer
	[ -x "$bin" ] && [ "$bin" -nt "$PEERS/goose/main.go" ] && return 0
	echo "peers.sh: building bench/peers/bin/goose-peer" >&2
	(cd "$PEERS" && GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$PEERS/.gocache" \
		go build -o "$bin" ./goose) >"$T/goose-build.log" 2>&1
}

# run_peer NAME VERSION COMMAND...: the driver gets MANIFEST OUT PASSES.
run_peer() {
	local name=$1 ver=$2
	shift 2
	echo "$ver" >"$T/$name.version"
	echo "peers.sh: $name over $N pages" >&2
	if ! /usr/bin/time -f %M -o "$T/$name.rss" "$@" "$T/manifest.tsv" "$T/$name.json" \
		"$PASSES" >"$T/$name.stats" 2>"$T/$name.err"; then
		skip "$name" "failed: $(grep -v '^\s*$' "$T/$name.err" | tail -n1)"
		return
	fi
	score "$name"
}

for t in $ALL; do
	want "$t" || continue
	echo "$t" >>"$T/tools"
	case $t in
	readability-jsdom|readability-linkedom|article-extractor|defuddle|unfluff)
		if [ -n "$js_skip" ]; then skip "$t" "$js_skip"; continue; fi
		case $t in
		readability-jsdom) v="$(npm_version @mozilla/readability) + jsdom $(npm_version jsdom)" ;;
		readability-linkedom) v="$(npm_version @mozilla/readability) + linkedom $(npm_version linkedom)" ;;
		article-extractor) v=$(npm_version @extractus/article-extractor) ;;
		*) v=$(npm_version "$t") ;;
		esac
		run_peer "$t" "$v (npm)" node "$PEERS/run.mjs" "$t" ;;
	readability-lxml)
		if ! deb_ok python3-readability || ! deb_ok python3-html-text; then
			skip "$t" "needs python3-readability python3-html-text (apt-get line above)"; continue
		fi
		run_peer "$t" "$(deb_version python3-readability) (deb)" /usr/bin/python3 "$PEERS/run.py" "$t" ;;
	html-text)
		if ! deb_ok python3-html-text; then
			skip "$t" "needs python3-html-text (apt-get line above)"; continue
		fi
		run_peer "$t" "$(deb_version python3-html-text) (deb; baseline: all text)" \
			/usr/bin/python3 "$PEERS/run.py" "$t" ;;
	boilerpipe)
		if ! deb_ok libboilerpipe-java || ! command -v java >/dev/null; then
			skip "$t" "needs libboilerpipe-java and java (apt-get line above)"; continue
		fi
		run_peer "$t" "$(deb_version libboilerpipe-java) (deb)" java -cp "$JARS" "$PEERS/Boilerpipe.java" ;;
	goose)
		if ! deb_ok golang-go || ! deb_ok golang-github-advancedlogic-goose-dev; then
			skip "$t" "needs golang-go golang-github-advancedlogic-goose-dev (apt-get line above)"; continue
		fi
		if ! build_goose; then
			skip "$t" "go build failed: $(tail -n1 "$T/goose-build.log")"; continue
		fi
		run_peer "$t" "GoOse $(deb_version golang-github-advancedlogic-goose-dev) (deb)" "$PEERS/bin/goose-peer" ;;
	esac
done
for t in trafilatura newspaper3k goose3; do
	echo "$t" >>"$T/tools"
	skip "$t" "PyPI only, and PyPI is not reachable here"
done
echo postlight-parser >>"$T/tools"
skip postlight-parser "@postlight/parser: its npm package fetches two dependencies from GitHub repositories, not reachable here"

echo
echo "AEB, $N pages, $(date -u +%Y-%m-%d), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); single-threaded, fastest of $PASSES pass(es)"
python3 "$PEERS/table.py" "$T"
echo
echo "pages/s: extraction alone (reading and gunzipping not timed; gisa: bench-aeb in process);"
echo "incl. reading, CPU: the loop with reading and gunzipping (gisa: the whole 'gisa extract' process)."
echo "peers.sh took $(( $(date +%s) - START )) s"
