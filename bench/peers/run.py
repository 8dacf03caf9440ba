#!/usr/bin/python3
"""bench/peers/run.py - one Python peer of gisa over the AEB pages, in one
long-lived process (driver for bench/peers.sh).

  /usr/bin/python3 bench/peers/run.py TOOL MANIFEST OUT.json [PASSES]

Same protocol as run.mjs: MANIFEST lines are id TAB url TAB path.html.gz;
each page is read and gunzipped untimed, then TOOL's extraction (with the
conversion of its HTML result to text) is timed; OUT gets the AEB
predictions of the first pass, stdout one JSON line with pages, failed,
extract_s, loop_s and cpu_s (the process's CPU time) of the fastest pass.

The modules are Debian's (python3-readability, python3-html-text), so this
runs under /usr/bin/python3, not whatever python3 comes first on PATH.
TOOL is readability-lxml (Document.summary(html_partial=True) turned into
text by html_text, as AEB's run_readability.py does) or html-text (the
whole page's text: AEB's baseline, no extraction at all).
"""
import gzip
import json
import sys
import time


def tool_readability():
    import html_text
    from readability import Document

    def run(html, url):
        summary = Document(html, url=url).summary(html_partial=True)
        return html_text.extract_text(summary)
    return run


def tool_html_text():
    import html_text
    return lambda html, url: html_text.extract_text(html)


TOOLS = {'readability-lxml': tool_readability, 'html-text': tool_html_text}


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in TOOLS:
        sys.exit('usage: run.py {%s} MANIFEST OUT [PASSES]' % '|'.join(TOOLS))
    tool, manifest, out = sys.argv[1:4]
    passes = max(1, int(sys.argv[4])) if len(sys.argv) > 4 else 1
    with open(manifest, encoding='utf-8') as f:
        pages = [line.rstrip('\n').split('\t') for line in f if line.strip()]
    extract = TOOLS[tool]()
    pred, best, failed = {}, None, 0
    for p in range(passes):
        ext = 0.0
        t0, c0 = time.perf_counter(), time.process_time()
        for pid, url, path in pages:
            with open(path, 'rb') as f:
                html = gzip.decompress(f.read()).decode('utf-8', 'replace')
            text = ''
            s = time.perf_counter()
            try:
                text = extract(html, url)
            except Exception as e:  # a peer's failure on one page
                if p == 0:
                    failed += 1
                    print('%s: %s: %.200s' % (tool, pid, e), file=sys.stderr)
            ext += time.perf_counter() - s
            if p == 0:
                pred[pid] = {'articleBody': text or ''}
        loop, cpu = time.perf_counter() - t0, time.process_time() - c0
        if best is None or ext < best[0]:
            best = (ext, loop, cpu)
    with open(out, 'w', encoding='utf-8') as f:
        json.dump(pred, f, ensure_ascii=False)
    print(json.dumps({'pages': len(pages), 'failed': failed,
                      'extract_s': best[0], 'loop_s': best[1],
                      'cpu_s': best[2]}))


if __name__ == '__main__':
    main()
