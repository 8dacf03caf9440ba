#!/usr/bin/env python3
"""site.py - a generated news site on loopback, for `gisa run` tests and
bench/run.sh.

Standard library only; the serving itself is httpbase.py's, as for
server.py: 127.0.0.1 on an ephemeral port written to --port-file, one JSON
line per request in --log (host, path, If-None-Match, If-Modified-Since,
the status answered), and an exit by itself after --lifetime seconds.

Each virtual host (the Host name's first label) is a source. What it
serves comes from the JSON file --state, read again whenever it changes,
so a test edits the site between runs:

  {"alpha": {"pages": 12, "versions": {"3": 2}},   (page 3 at version 2)
   "beta":  {"pages": 500, "kb": 1, "per_sitemap": 10000}}

  /feed.xml              RSS 2.0 of the host's pages (newest 200)
  /sitemap.xml           a sitemap index of the child sitemaps
  /sitemap-K.xml.gz      child sitemap K (gzipped), per_sitemap URLs each,
                         with <lastmod> following the page's version
  /news/N.html           article N (1..pages) at its version (default 1),
                         after "delay" seconds (default 0)
  /section/NAME.html     a section page: a menu of the sections, then a
                         list of links to the articles "sections": {NAME:
                         [N, ...]} names (written as /news/N.html,
                         ../news/N.html or a full URL, in turn, some with
                         a tracking parameter), then a box of
                         "most read" links repeating the first ones
  anything else          404; robots.txt is a 404 (everything allowed)

Every 200 carries an ETag (a hash of the body) and a Last-Modified; a
conditional request whose validator matches is answered 304. A page's body
depends on (host, N, version) only, so unchanged pages hash alike.
"""
import gzip
import hashlib
import json
import os
import random
import sys
import threading
import time
from email.utils import formatdate

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import httpbase  # noqa: E402 (after the line above)
from httpbase import WORDS  # noqa: E402

STATE = {"mtime": None, "data": {}}
STATE_LOCK = threading.Lock()
STATE_PATH = None
BASE_TIME = 1704067200  # 2024-01-01T00:00:00Z: every version 1
CACHE = {}  # sitemaps and feeds by (host, path, state mtime)
CACHE_LOCK = threading.Lock()


def state():
    """The site description, reloaded when the file changed."""
    with STATE_LOCK:
        try:
            st = os.stat(STATE_PATH)
            key = (st.st_mtime_ns, st.st_size)
        except OSError:
            return STATE["mtime"], STATE["data"]
        if key != STATE["mtime"]:
            with open(STATE_PATH, encoding="utf-8") as f:
                STATE["data"] = json.load(f)
            STATE["mtime"] = key
        return STATE["mtime"], STATE["data"]


def site(host):
    key, data = state()
    return key, data.get(host.split(".")[0])


def version(s, n):
    return int(s.get("versions", {}).get(str(n), 1))


def lastmod(v):
    """Version 1 is old; a later version was made when the state file was
    last written (so a client that fetched before sees a newer lastmod)."""
    if v <= 1:
        return BASE_TIME
    key = STATE["mtime"]
    return (key[0] // 10**9 if key else int(time.time())) + v - 2


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def article(host, n, v, kb):
    rnd = random.Random("%s/%d/%d" % (host, n, v))
    label = host.split(".")[0].capitalize()
    host = host.split(":")[0]
    title = "%s story %d" % (label, n) + (" (update %d)" % (v - 1) if v > 1 else "")
    paras, size = [], 0
    while size < kb * 1024:
        s = " ".join(rnd.choices(WORDS, k=rnd.randint(30, 60)))
        p = "%s %d: %s." % (label, n, s[0].upper() + s[1:])
        paras.append(p)
        size += len(p)
    return "\n".join([
        "<!DOCTYPE html><html lang=\"en\"><head>",
        "<title>%s - %s News</title>" % (title, label),
        '<meta property="og:title" content="%s">' % title,
        '<meta name="author" content="Kim Min-ji">',
        '<meta property="article:published_time" content="%s">' % iso(lastmod(1)),
        "</head><body><header><nav><a href=\"/\">Home</a></nav></header>",
        "<main><article><h1>%s</h1>" % title,
        "<p class=\"byline\">By Kim Min-ji</p>",
    ] + ["<p>%s</p>" % p for p in paras] +
        ["</article></main><footer>Copyright %s News</footer>"
         "</body></html>" % label])


def section(host, s, name):
    pages = s.get("sections", {}).get(name)
    if pages is None:
        return None
    label = host.split(".")[0].capitalize()
    forms = ("/news/%d.html", "../news/%d.html?utm_source=section",
             "http://" + host + "/news/%d.html")
    menu = "".join('<a href="/section/%s.html">%s</a> ' % (k, k.title())
                   for k in sorted(s.get("sections", {})))
    items = "".join('<li><a href="%s">%s story %d</a></li>'
                    % (forms[i % 3] % n, label, n) for i, n in enumerate(pages))
    popular = "".join('<a href="/news/%d.html">%d</a>' % (n, n) for n in pages[:2])
    return ("<!DOCTYPE html><html><head><title>%s - %s News</title></head>"
            '<body><nav><a href="/">Home</a> %s</nav><h1>%s</h1>'
            '<ul class="headlines">%s</ul><aside class="popular">%s</aside>'
            "</body></html>" % (name.title(), label, menu, name.title(),
                                items, popular))


def feed(host, s):
    n = int(s.get("pages", 0))
    items = []
    for i in range(n, max(0, n - 200), -1):
        v = version(s, i)
        items.append("<item><title>Story %d</title><link>http://%s/news/%d.html"
                     "</link><pubDate>%s</pubDate></item>"
                     % (i, host, i, formatdate(lastmod(v), usegmt=True)))
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title>'
            "<link>http://%s/</link>%s</channel></rss>"
            % (host, host, "".join(items)))


def sitemap_index(host, s):
    n, per = int(s.get("pages", 0)), int(s.get("per_sitemap", 10000))
    kids = ["<sitemap><loc>http://%s/sitemap-%d.xml.gz</loc></sitemap>" % (host, k)
            for k in range((n + per - 1) // per)]
    return ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/'
            'schemas/sitemap/0.9">%s</sitemapindex>' % "".join(kids))


def sitemap(host, s, k):
    n, per = int(s.get("pages", 0)), int(s.get("per_sitemap", 10000))
    if k < 0 or k * per >= n:
        return None
    urls = ["<url><loc>http://%s/news/%d.html</loc><lastmod>%s</lastmod></url>"
            % (host, i, iso(lastmod(version(s, i))))
            for i in range(k * per + 1, min(n, (k + 1) * per) + 1)]
    xml = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
           'sitemap/0.9">%s</urlset>' % "".join(urls))
    return gzip.compress(xml.encode(), mtime=0)


class Handler(httpbase.Handler):
    server_version = "gisa-site/1"

    def answer(self, host, status, body=b"", ctype="text/html; charset=utf-8",
               mtime=None):
        """send(), with an ETag (and a Last-Modified from mtime) on a 200,
        which becomes a 304 when the request's validators match; logged."""
        if isinstance(body, str):
            body = body.encode()
        hdrs = []
        if status == 200:
            etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
            lm = formatdate(mtime, usegmt=True) if mtime is not None else None
            hdrs.append(("ETag", etag))
            if lm is not None:
                hdrs.append(("Last-Modified", lm))
            if self.not_modified(etag, lm):
                status, body = 304, b""
        httpbase.log({"host": host, "path": self.path, "status": status,
                      "inm": self.headers.get("If-None-Match"),
                      "ims": self.headers.get("If-Modified-Since")})
        self.send(status, body, ctype, hdrs)

    def handle_get(self):
        # Links carry the Host header as sent (with its port).
        host = (self.headers.get("Host") or "").lower()
        self.route(host, self.path.split("?")[0])

    def cached(self, host, path, key, make):
        with CACHE_LOCK:
            if (host, path, key) not in CACHE:
                if len(CACHE) > 64:
                    CACHE.clear()
                CACHE[(host, path, key)] = make()
            return CACHE[(host, path, key)]

    def route(self, host, path):
        key, s = site(host)
        if s is None or path == "/robots.txt":
            return self.answer(host, 404, "not found", "text/plain")
        newest = lastmod(max([1] + [int(v) for v in s.get("versions", {}).values()]))
        if path == "/feed.xml":
            return self.answer(host, 200, self.cached(host, path, key,
                               lambda: feed(host, s)),
                               "application/rss+xml", newest)
        if path == "/sitemap.xml":
            return self.answer(host, 200, self.cached(host, path, key,
                               lambda: sitemap_index(host, s)),
                               "application/xml", newest)
        if path.startswith("/sitemap-") and path.endswith(".xml.gz"):
            try:
                k = int(path[9:-7])
            except ValueError:
                k = -1
            body = self.cached(host, path, key, lambda: sitemap(host, s, k))
            if body is None:
                return self.answer(host, 404, "not found", "text/plain")
            return self.answer(host, 200, body, "application/x-gzip", newest)
        if path.startswith("/section/") and path.endswith(".html"):
            body = section(host, s, path[9:-5])
            if body is None:
                return self.answer(host, 404, "not found", "text/plain")
            return self.answer(host, 200, body, mtime=newest)
        if path.startswith("/news/") and path.endswith(".html"):
            try:
                n = int(path[6:-5])
            except ValueError:
                n = 0
            if 1 <= n <= int(s.get("pages", 0)):
                time.sleep(float(s.get("delay", 0)))
                v = version(s, n)
                return self.answer(host, 200, article(host, n, v,
                                   float(s.get("kb", 2))), mtime=lastmod(v))
        return self.answer(host, 404, "not found", "text/plain")


def main():
    global STATE_PATH
    ap = httpbase.arguments(120)
    ap.add_argument("--state", required=True)
    a = ap.parse_args()
    STATE_PATH = a.state
    httpbase.serve(a, Handler, 256)


if __name__ == "__main__":
    main()
