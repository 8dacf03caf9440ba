#!/usr/bin/env python3
"""bench/peers/table.py - the table of bench/peers.sh (standard library only).

  python3 bench/peers/table.py RUN-DIR

RUN-DIR holds, for each tool named in RUN-DIR/tools (one a line, gisa
first): NAME.version, NAME.stats (the driver's JSON line: pages, failed,
extract_s, loop_s, cpu_s), NAME.score (aeb-score --json) and NAME.rss (peak RSS in
KB, from /usr/bin/time); NAME.skip instead when the tool did not run (its
first line says why). Prints a Markdown table, speeds as pages/s and as a
ratio to gisa's in the same run, then the tools that did not run.
"""
import json
import os
import sys


def read(d, name, ext):
    path = os.path.join(d, name + '.' + ext)
    if not os.path.exists(path):
        return None
    with open(path, encoding='utf-8') as f:
        text = f.read().strip()
    return json.loads(text) if ext in ('stats', 'score') and text else text


def main():
    d = sys.argv[1]
    with open(os.path.join(d, 'tools'), encoding='utf-8') as f:
        tools = [t for t in f.read().split() if t]
    rows, skipped = [], []
    for t in tools:
        skip = read(d, t, 'skip')
        stats, score = read(d, t, 'stats'), read(d, t, 'score')
        if skip is not None or not stats or not score:
            skipped.append((t, (skip or 'no result').splitlines()[0]))
            continue
        rows.append((t, read(d, t, 'version') or '?', stats, score,
                     int(read(d, t, 'rss') or 0) / 1024))
    ref = next((r for r in rows if r[0] == 'gisa'), None)
    ref_speed = ref[2]['pages'] / ref[2]['extract_s'] if ref else None
    print('| tool | version | F1 | P | R | accuracy | pages/s | speed / gisa '
          '| pages/s incl. reading | CPU ms/page | peak RSS MB |')
    print('|---|---|---|---|---|---|---|---|---|---|---|')
    for t, ver, st, sc, rss in sorted(rows, key=lambda r: -r[3]['f1']):
        speed = st['pages'] / st['extract_s']
        ratio = '%.3f' % (speed / ref_speed) if ref_speed else '-'
        fail = ' (%d failed)' % st['failed'] if st.get('failed') else ''
        cpu = '%.1f' % (st['cpu_s'] * 1000 / st['pages']) if 'cpu_s' in st else '-'
        print('| %s%s | %s | %.3f | %.3f | %.3f | %.3f | %.1f | %s | %.1f | %s | %.0f |'
              % (t, fail, ver, sc['f1'], sc['precision'], sc['recall'],
                 sc['accuracy'], speed, ratio, st['pages'] / st['loop_s'],
                 cpu, rss))
    if skipped:
        print()
        for t, why in skipped:
            print('- not run: %s: %s' % (t, why))


if __name__ == '__main__':
    main()
