"""httpbase.py - what the loopback test servers (server.py, site.py) share.

Standard library only. A server listens on 127.0.0.1 on an ephemeral port,
writes the port to --port-file once it accepts connections (written aside
and renamed, so a reader never sees half of it), logs every request as one
JSON line to --log, and exits by itself after --lifetime seconds whatever
happens, so nothing it serves can hang a test.

  arguments(lifetime)         an ArgumentParser with those three options
  serve(args, handler, queue) runs the server until its lifetime is over
  Handler                     the request handler both derive from:
                              handle_get() answers a GET or HEAD
"""
import argparse
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOG_LOCK = threading.Lock()
LOG = None

# The words generated articles are made of.
WORDS = ("the minister said on monday that the new policy would take effect "
         "next month after a long debate in parliament about its costs and "
         "the opposition party called for an inquiry into the decision while "
         "officials in the capital declined to comment on reports that talks "
         "with regional partners had stalled over trade and security").split()


def log(rec):
    """Append rec to the request log, stamped with the arrival time."""
    with LOG_LOCK:
        # Stamped under the lock, so the log is in time order.
        rec["t"] = time.monotonic()
        LOG.write(json.dumps(rec) + "\n")
        LOG.flush()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        try:
            self.handle_get()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def handle_get(self):
        raise NotImplementedError

    def send(self, status, body=b"", ctype="text/html; charset=utf-8",
             headers=()):
        """Answer status with body (str or bytes) and extra headers; a 304
        carries the headers only, a HEAD no body."""
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        if ctype and status != 304:
            self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and status != 304:
            self.wfile.write(body)

    def not_modified(self, etag, last_modified):
        """Whether the request's validators match: If-None-Match when sent,
        else If-Modified-Since (last_modified None never matches)."""
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            return inm == etag
        ims = self.headers.get("If-Modified-Since")
        return last_modified is not None and ims == last_modified


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # Clients hanging up (timeouts, size caps) are the tests' point.
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


def arguments(lifetime):
    """The options every server takes; lifetime is --lifetime's default."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--lifetime", type=float, default=lifetime)
    return ap


def serve(args, handler, queue):
    """Serve handler on 127.0.0.1 (a listen queue of queue) until
    args.lifetime seconds have passed; never returns."""
    global LOG
    LOG = open(args.log, "a", encoding="utf-8")
    class Sized(Server):
        request_queue_size = queue

    srv = Sized(("127.0.0.1", 0), handler)
    # Whatever happens, the process ends: a test can never hang on it.
    threading.Timer(args.lifetime, lambda: os._exit(0)).start()
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, args.port_file)
    srv.serve_forever()
