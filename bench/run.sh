#!/bin/bash
# bench/run.sh - `gisa run` at scale over the loopback site (tests/fetch/
# site.py): a frontier of N URLs (sitemap index, gzipped child sitemaps of
# 10,000 URLs), then fetch-extract-store for SECONDS, stopped by SIGTERM
# (the graceful stop). Prints discovery time, URLs/s, database bytes per
# article and peak RSS. The Python server is single-process, so pages/s
# measures it as much as gisa; gisa's CPU time is printed next to it.
#   bash bench/run.sh [GISA] [N...]       (default: build/gisa 20000 100000)
# Env: SECONDS_FETCH (default 30), PER_HOST (default 8).
set -u
GISA=${1:-build/gisa}; shift || true
SIZES=${*:-20000 100000}
FETCH_S=${SECONDS_FETCH:-30}
SRC=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d /tmp/gisa-bench-run.XXXXXX)
trap 'kill $SERVER_PID 2>/dev/null; rm -rf "$T"' EXIT
unset http_proxy https_proxy HTTPS_PROXY all_proxy ALL_PROXY

for N in $SIZES; do
  rm -f "$T"/port "$T"/state.db*
  echo "{\"bench\": {\"pages\": $N, \"per_sitemap\": 10000, \"kb\": 2}}" >"$T/site.json"
  python3 "$SRC/tests/fetch/site.py" --port-file "$T/port" --log /dev/null \
    --state "$T/site.json" --lifetime $((FETCH_S + 600)) &
  SERVER_PID=$!
  for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.1; done
  PORT=$(cat "$T/port")
  mkdir -p "$T/rules"
  echo "return { name = 'bench', domains = { 'bench.test' },
    sitemaps = { 'http://bench.test:$PORT/sitemap.xml' } }" >"$T/rules/bench.lua"
  /usr/bin/time -f "%e %U %S %M" -o "$T/time" "$GISA" run --once \
    --rules "$T/rules" --db "$T/state.db" --delay 0 --per-host "${PER_HOST:-8}" \
    --concurrency 16 --resolve "bench.test:$PORT:127.0.0.1" 2>"$T/err" &
  PID=$!
  # Discovery ends when the last child sitemap is read.
  kids=$(( (N + 9999) / 10000 ))
  t0=$(date +%s.%N)
  while [ "$(grep -c ': sitemap http' "$T/err")" -lt $kids ] && kill -0 $PID 2>/dev/null; do
    sleep 0.05
  done
  t1=$(date +%s.%N)
  sleep "$FETCH_S"
  # gisa is the child of /usr/bin/time: the signal goes to it.
  kill -TERM "$(pgrep -P $PID)" 2>/dev/null
  wait $PID
  read -r wall user sys rss <"$T/time"
  arts=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from articles").fetchone()[0])' "$T/state.db")
  urls=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from urls").fetchone()[0])' "$T/state.db")
  size=$(( $(stat -c %s "$T/state.db") + $(stat -c %s "$T/state.db-wal" 2>/dev/null || echo 0) ))
  python3 - "$N" "$urls" "$arts" "$t0" "$t1" "$wall" "$user" "$sys" "$rss" "$size" "$FETCH_S" <<'PY'
import sys
n, urls, arts = map(int, sys.argv[1:4])
t0, t1, wall, user, sys_, rss = map(float, sys.argv[4:10])
size, fs = int(sys.argv[10]), float(sys.argv[11])
disc = t1 - t0
fetch_wall = wall - disc
print(f"frontier {n:>7}: {urls} URLs known, discovery {disc:.1f} s; "
      f"{arts} articles in {fetch_wall:.1f} s = {arts / fetch_wall:.0f} URLs/s; "
      f"gisa CPU {user + sys_:.1f} s ({(user + sys_) / max(arts, 1) * 1000:.2f} ms/article); "
      f"db {size / 1e6:.1f} MB = {size / max(arts, 1) / 1024:.1f} KiB/article "
      f"(frontier {n} URLs included); peak RSS {rss / 1024:.0f} MB")
PY
  kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null
done
