#!/usr/bin/env python3
"""server.py - the loopback HTTP server the fetch tests and bench/fetch use.

Standard library only; the serving itself is httpbase.py's: 127.0.0.1 on
an ephemeral port written to --port-file, every request one JSON line in
--log (arrival time, Host, path, the headers of interest) so tests can
check politeness, and an exit by itself after --lifetime seconds.

Virtual hosts are distinct Host names (the client resolves them all to
127.0.0.1). The host name's first label picks the robots.txt:

  deny.*          disallows /private for everyone, /gisa-only for gisa
  delay.*         Crawl-delay: 0.4
  robots-slow.*   answers robots.txt only after 30 s (a timeout)
  robots-500.*    robots.txt is a 500
  anything else   robots.txt is a 404 (everything allowed)

Paths (the faults the fetch tests need):

  /page/ANY             an article page, generated from the path (?kb=N size)
  /private/ANY, /gisa-only/ANY   pages robots.txt forbids on deny.*
  /slow                 a body dripped at 20 bytes/s
  /reset                half a body, then a TCP reset
  /flaky/ID             500 on the first request for ID, then the page
  /ratelimit/ID         429 with Retry-After: 1 on the first request, then the page
  /ratelimit-long       429 with Retry-After: 3600
  /always503            503 every time
  /status/N             status N with a small body
  /loop/a, /loop/b      a redirect loop
  /redirect/N           N redirects, then the page
  /goto?u=URL           302 to URL (another host, a disallowed path...)
  /endless              a chunked body that never ends
  /bomb                 gzip of 128 MiB of zeros (about 130 KiB on the wire)
  /gzip, /deflate       the page, compressed
  /notype               the page without Content-Type
  /wrongtype            the page as application/octet-stream
  /euckr-header         a Korean page in EUC-KR, charset only in the header
  /euckr-meta           the same, charset only in <meta>
  /chunked-cut          chunked encoding cut before the last chunk
  /etag                 ETag "v1" + Last-Modified; 304 when either matches
  /sleep/ANY            the page after 0.3 s (to see how many run at once)
  /setcookie            sets the cookie k=v
  /image                a PNG (not HTML)

The log's "path" is the request target as sent: an absolute URL when the
client came through this server as its proxy.
"""
import gzip
import hashlib
import random
import socket
import struct
import sys
import threading
import time
import zlib
from urllib.parse import urlsplit, parse_qs

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import httpbase  # noqa: E402 (after the line above)
from httpbase import WORDS  # noqa: E402

SEEN = {}  # (host, path) -> requests so far, for the first-time faults
SEEN_LOCK = threading.Lock()
BOMB = None
BOMB_LOCK = threading.Lock()
LAST_MODIFIED = "Wed, 21 Oct 2015 07:28:00 GMT"

KO_WORDS = ("정부는 월요일 새로운 정책이 다음 달부터 시행된다고 밝혔다 국회에서 "
            "비용을 둘러싼 긴 논쟁 끝에 야당은 조사를 요구했다 서울의 관계자들은 "
            "무역과 안보 문제로 협상이 중단됐다는 보도에 대해 언급을 피했다").split()


def paragraphs(seed, words):
    """Endless deterministic paragraphs (generated only as far as read)."""
    rnd = random.Random(seed)
    while True:
        s = " ".join(rnd.choices(words, k=rnd.randint(30, 70)))
        yield s[0].upper() + s[1:] + "."


def article(path, kb=12, korean=False, meta_charset=None):
    """An article page: chrome around a headline, byline and paragraphs."""
    seed = int(hashlib.sha1(path.encode()).hexdigest()[:8], 16)
    words = KO_WORDS if korean else WORDS
    title = ("기사 " if korean else "Article ") + path
    paras, body = [], 0
    for p in paragraphs(seed, words):
        paras.append(p)
        body += len(p.encode())
        if body >= kb * 1024:
            break
    meta = ""
    if meta_charset:
        meta = ('<meta http-equiv="Content-Type" content="text/html; '
                'charset=%s">' % meta_charset)
    parts = [
        "<!DOCTYPE html><html lang=\"%s\"><head>%s" % ("ko" if korean else "en", meta),
        "<title>%s - Loopback News</title>" % title,
        '<meta property="og:title" content="%s">' % title,
        '<meta name="author" content="Kim Min-ji">',
        '<meta property="article:published_time" content="2024-03-04T09:30:00+09:00">',
        "</head><body><header><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a>"
        " <a href=\"/login\">Log in</a></nav></header>",
        "<main><article><h1>%s</h1><p class=\"byline\">By Kim Min-ji</p>" % title,
        "<time datetime=\"2024-03-04T09:30:00+09:00\">March 4, 2024</time>",
    ]
    parts += ["<p>%s</p>" % p for p in paras]
    parts.append("</article><aside><h2>Related</h2><ul>")
    parts += ['<li><a href="/page/%d">Related story %d</a></li>' % (i, i)
              for i in range(5)]
    parts.append("</ul></aside></main><footer>Copyright Loopback News</footer>"
                 "</body></html>")
    return "\n".join(parts)


def gzip_bomb():
    global BOMB
    with BOMB_LOCK:
        if BOMB is None:
            c = zlib.compressobj(9, zlib.DEFLATED, 31)
            zeros = bytes(1 << 20)
            BOMB = b"".join(c.compress(zeros) for _ in range(128)) + c.flush()
        return BOMB


def first_time(host, path):
    with SEEN_LOCK:
        n = SEEN.get((host, path), 0)
        SEEN[(host, path)] = n + 1
        return n == 0


class Handler(httpbase.Handler):
    server_version = "gisa-test/1"

    def handle_get(self):
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        url = urlsplit(self.path)
        path, query = url.path, parse_qs(url.query)
        httpbase.log({"host": host, "path": self.path,
                      "ua": self.headers.get("User-Agent"),
                      "inm": self.headers.get("If-None-Match"),
                      "ims": self.headers.get("If-Modified-Since"),
                      "ae": self.headers.get("Accept-Encoding"),
                      "cookie": self.headers.get("Cookie")})
        if path == "/robots.txt":
            return self.robots(host)
        return self.route(host, path, query)

    def robots(self, host):
        label = host.split(".")[0]
        if label == "deny":
            return self.send(200, "User-agent: *\nDisallow: /private\n\n"
                             "User-agent: gisa\nDisallow: /private\n"
                             "Disallow: /gisa-only\n", "text/plain")
        if label == "delay":
            return self.send(200, "User-agent: *\nCrawl-delay: 0.4\n",
                             "text/plain")
        if label == "robots-slow":
            time.sleep(30)
            return self.send(200, "", "text/plain")
        if label == "robots-500":
            return self.send(500, "oops", "text/plain")
        return self.send(404, "no robots.txt here", "text/plain")

    def route(self, host, path, query):
        kb = int(query.get("kb", ["12"])[0])
        if path.startswith(("/page/", "/private/", "/gisa-only/")):
            return self.send(200, article(path, kb))
        if path.startswith("/sleep/"):
            time.sleep(0.3)
            return self.send(200, article(path))
        if path == "/image":
            return self.send(200, b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
        if path == "/setcookie":
            return self.send(200, "cookie set",
                             headers=[("Set-Cookie", "k=v; Path=/")])
        if path == "/slow":
            return self.drip()
        if path == "/reset":
            return self.reset()
        if path.startswith("/flaky/"):
            if first_time(host, path):
                return self.send(500, "try again")
            return self.send(200, article(path))
        if path.startswith("/ratelimit/"):
            if first_time(host, path):
                return self.send(429, "slow down",
                                 headers=[("Retry-After", "1")])
            return self.send(200, article(path))
        if path == "/ratelimit-long":
            return self.send(429, "come back tomorrow",
                             headers=[("Retry-After", "3600")])
        if path == "/always503":
            return self.send(503, "down")
        if path.startswith("/status/"):
            return self.send(int(path[8:]), "status page")
        if path in ("/loop/a", "/loop/b"):
            other = "/loop/b" if path == "/loop/a" else "/loop/a"
            return self.send(302, "", headers=[("Location", other)])
        if path.startswith("/redirect/"):
            n = int(path[10:])
            if n <= 0:
                return self.send(200, article(path))
            return self.send(301, "", headers=[("Location", "/redirect/%d" % (n - 1))])
        if path == "/goto":
            return self.send(302, "", headers=[("Location", query["u"][0])])
        if path == "/endless":
            return self.endless()
        if path == "/bomb":
            return self.send(200, gzip_bomb(), headers=[("Content-Encoding", "gzip")])
        if path == "/gzip":
            return self.send(200, gzip.compress(article(path).encode()),
                             headers=[("Content-Encoding", "gzip")])
        if path == "/deflate":
            return self.send(200, zlib.compress(article(path).encode()),
                             headers=[("Content-Encoding", "deflate")])
        if path == "/notype":
            return self.send(200, article(path), None)
        if path == "/wrongtype":
            return self.send(200, article(path), "application/octet-stream")
        if path == "/euckr-header":
            return self.send(200, article(path, 4, korean=True).encode("euc-kr"),
                             "text/html; charset=EUC-KR")
        if path == "/euckr-meta":
            return self.send(200, article(path, 4, korean=True,
                                          meta_charset="euc-kr").encode("euc-kr"),
                             "text/html")
        if path == "/chunked-cut":
            return self.chunked_cut()
        if path == "/etag":
            return self.etag()
        return self.send(404, "not found")

    def begin(self, name, value):
        """The head of a 200 HTML answer whose body the caller writes as it
        likes: its length (name Content-Length) or chunked encoding."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header(name, value)
        self.end_headers()

    def drip(self):
        self.begin("Content-Length", "100000")
        for _ in range(600):
            self.wfile.write(b"<p>drip</p>\n"[:10])
            self.wfile.flush()
            time.sleep(0.5)
        self.close_connection = True

    def reset(self):
        self.begin("Content-Length", "100000")
        self.wfile.write(b"<html><body>" + b"x" * 5000)
        self.wfile.flush()
        # SO_LINGER with a zero timeout turns close() into a TCP RST.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                   struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def endless(self):
        self.begin("Transfer-Encoding", "chunked")
        chunk = b"<p>" + b"y" * 65000 + b"</p>\n"
        frame = b"%x\r\n" % len(chunk) + chunk + b"\r\n"
        while True:
            self.wfile.write(frame)

    def chunked_cut(self):
        self.begin("Transfer-Encoding", "chunked")
        for part in (b"<html><body><p>first part</p>", b"<p>second part</p>"):
            self.wfile.write(b"%x\r\n" % len(part) + part + b"\r\n")
        self.wfile.flush()
        self.close_connection = True  # no "0\r\n\r\n": the body is cut

    def etag(self):
        hdrs = [("ETag", '"v1"'), ("Last-Modified", LAST_MODIFIED)]
        if self.not_modified('"v1"', LAST_MODIFIED):
            return self.send(304, headers=hdrs)
        return self.send(200, article("/etag"), headers=hdrs)


def main():
    httpbase.serve(httpbase.arguments(60).parse_args(), Handler, 128)


if __name__ == "__main__":
    main()
