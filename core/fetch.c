/* fetch.c - the fetcher: a scheduler of requests over libcurl's multi
 * interface.
 *
 * Requests wait in a queue per origin ("host" below). Each turn of the run
 * loop starts what the limits allow: robots.txt first, then pages in
 * order, never more than max_per_host at once per origin nor before the
 * origin's next_at (the politeness clock). Results are queued and handed
 * to the callback from one place in the loop, so a callback adding
 * requests never meets a list being walked.
 */
#include "fetch.h"
#include "buf.h"
#include "decode.h"
#include "error.h"
#include "robots.h"

#include <curl/curl.h>
#include <ctype.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define NEVER INT64_MAX
#define ROBOTS_MAX_REDIRECTS 5 /* RFC 9309 2.3.1.2: at least five */

enum { ROBOTS_NONE, ROBOTS_FETCHING, ROBOTS_READY, ROBOTS_DENY };

struct host;

struct req {
	struct req *next;
	char *url;          /* the URL to fetch now; redirects replace it */
	char *orig_url;
	char *etag, *last_modified;
	void *user;
	int attempts, redirects;
	int64_t not_before; /* a retry waits until then */
	struct host *host;
};

struct host {
	char *key;          /* "scheme://host:port" */
	struct host *hnext; /* hash chain */
	struct host *wprev, *wnext;
	int waiting;        /* in the fetcher's ring of hosts with requests */
	struct req *head, *tail;
	int active;
	int64_t next_at;    /* no new request before this (ms) */
	int robots_state;
	int64_t robots_expires;
	gisa_robots *robots;
	char *robots_msg;   /* why everything is disallowed (ROBOTS_DENY) */
	int robots_err;     /* and the code its requests end with */
	long crawl_delay_ms;
};

/* One transfer in flight: a page (req set) or a robots.txt (req NULL). */
struct xfer {
	struct xfer *prev, *next;
	CURL *easy;
	struct req *req;
	struct host *host;
	gisa_buf body;
	size_t limit;
	int truncated, oom;
	struct curl_slist *hdrs;
	char errbuf[CURL_ERROR_SIZE];
};

struct done {
	struct done *next;
	gisa_fetch_result res;
};

struct gisa_fetcher {
	gisa_fetch_opts o;
	char *ua;
	struct curl_slist *resolve;
	CURLM *multi;
	CURLSH *share;      /* the cookie jar, when cookies are on */
	gisa_fetch_cb cb;
	void *ctx;
	struct host **htab;
	size_t hcap, nhosts;
	struct host *wait_head, *wait_tail;
	size_t nwait;
	struct req *delayed;
	struct xfer *xfers;
	struct done *done_head, *done_tail;
	size_t pending;     /* added and not yet handed to the callback */
	size_t queued;      /* waiting, not in flight */
	int dirty;          /* something changed since the last schedule() */
	int64_t sched_wake; /* when schedule() asked to run again */
	int active;
	uint64_t rng;
	volatile sig_atomic_t stop;
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* xorshift64: jitter needs spread, not secrecy. */
static long jitter(gisa_fetcher *f, long range)
{
	uint64_t x = f->rng;

	if (range <= 0)
		return 0;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	f->rng = x;
	return (long)(x % (uint64_t)(range + 1));
}

void gisa_fetch_opts_init(gisa_fetch_opts *o)
{
	memset(o, 0, sizeof *o);
	o->max_total = 16;
	o->max_per_host = 2;
	o->delay_ms = 1000;
	o->jitter_ms = 250;
	o->max_crawl_delay_ms = 60000;
	o->robots_ttl_s = 86400;
	o->robots_error_ttl_s = 600;
	o->robots_timeout_ms = 10000;
	o->connect_timeout_ms = 10000;
	o->timeout_ms = 60000;
	o->low_speed_limit = 512;
	o->low_speed_time_s = 20;
	o->max_body = (size_t)10 << 20;
	o->max_redirects = 10;
	o->max_retries = 3;
	o->backoff_ms = 1000;
	o->max_backoff_ms = 30000;
	o->max_retry_after_s = 120;
	o->max_queue = 1000000;
}

/* --- small helpers ------------------------------------------------------ */

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* The charset parameter of a Content-Type value (decode.h finds it),
 * lower-cased so results compare simply; NULL when absent. */
static char *ct_charset(const char *ct)
{
	char buf[64];
	char *out;

	if (!ct || !gisa_charset_from_content_type(ct, buf, sizeof buf))
		return NULL;
	out = strdup(buf);
	for (char *c = out; c && *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return out;
}

/* The origin key of an absolute http(s) URL: "scheme://host:port". */
static int origin_of(const char *url, char **key, const char **why)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL;
	int rc = GISA_ENOMEM;
	gisa_buf b = GISA_BUF_INIT;

	*key = NULL;
	*why = NULL;
	if (!u)
		goto out;
	rc = GISA_EINVAL;
	if (strlen(url) > GISA_FETCH_MAX_URL) {
		*why = "URL too long";
		goto out;
	}
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) !=
		    CURLUE_OK) {
		*why = "not an absolute URL";
		goto out;
	}
	if (strcasecmp(scheme, "http") && strcasecmp(scheme, "https")) {
		*why = "not an http or https URL";
		goto out;
	}
	for (char *c = host; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	if (gisa_buf_printf(&b, "%s://%s:%s", scheme, host, port)) {
		rc = GISA_ENOMEM;
		goto out;
	}
	*key = gisa_buf_detach(&b);
	rc = *key ? 0 : GISA_ENOMEM;
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	gisa_buf_free(&b);
	return rc;
}

/* --- hosts ------------------------------------------------------------- */

static size_t hash_key(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

static int host_table_grow(gisa_fetcher *f)
{
	size_t cap = f->hcap ? f->hcap * 2 : 64;
	struct host **t = calloc(cap, sizeof *t);

	if (!t)
		return GISA_ENOMEM;
	for (size_t i = 0; i < f->hcap; i++) {
		struct host *h = f->htab[i], *next;
		for (; h; h = next) {
			size_t k = hash_key(h->key) & (cap - 1);
			next = h->hnext;
			h->hnext = t[k];
			t[k] = h;
		}
	}
	free(f->htab);
	f->htab = t;
	f->hcap = cap;
	return 0;
}

/* The host for key, created on first use; takes key either way. */
static struct host *host_get(gisa_fetcher *f, char *key)
{
	struct host *h;
	size_t k;

	if (f->hcap) {
		k = hash_key(key) & (f->hcap - 1);
		for (h = f->htab[k]; h; h = h->hnext)
			if (strcmp(h->key, key) == 0) {
				free(key);
				return h;
			}
	}
	if (f->nhosts >= f->hcap && host_table_grow(f))
		goto fail;
	h = calloc(1, sizeof *h);
	if (!h)
		goto fail;
	h->key = key;
	k = hash_key(key) & (f->hcap - 1);
	h->hnext = f->htab[k];
	f->htab[k] = h;
	f->nhosts++;
	return h;
fail:
	free(key);
	return NULL;
}

static void wait_link(gisa_fetcher *f, struct host *h)
{
	if (h->waiting)
		return;
	h->waiting = 1;
	h->wnext = NULL;
	h->wprev = f->wait_tail;
	if (f->wait_tail)
		f->wait_tail->wnext = h;
	else
		f->wait_head = h;
	f->wait_tail = h;
	f->nwait++;
}

static void wait_unlink(gisa_fetcher *f, struct host *h)
{
	if (!h->waiting)
		return;
	if (h->wprev)
		h->wprev->wnext = h->wnext;
	else
		f->wait_head = h->wnext;
	if (h->wnext)
		h->wnext->wprev = h->wprev;
	else
		f->wait_tail = h->wprev;
	h->waiting = 0;
	h->wprev = h->wnext = NULL;
	f->nwait--;
}

static void host_free(struct host *h)
{
	free(h->key);
	gisa_robots_free(h->robots);
	free(h->robots_msg);
	free(h);
}

/* The pause after a request to h: ours or the site's Crawl-delay. */
static long host_delay(gisa_fetcher *f, const struct host *h)
{
	long d = f->o.delay_ms;

	if (h->crawl_delay_ms > d)
		d = h->crawl_delay_ms;
	return d + (d > 0 ? jitter(f, f->o.jitter_ms) : 0);
}

/* --- requests and results ---------------------------------------------- */

static void req_free(struct req *r)
{
	if (!r)
		return;
	free(r->url);
	free(r->orig_url);
	free(r->etag);
	free(r->last_modified);
	free(r);
}

void gisa_fetch_result_clear(gisa_fetch_result *res)
{
	free(res->url);
	free(res->final_url);
	free(res->content_type);
	free(res->charset);
	free(res->etag);
	free(res->last_modified);
	free(res->body);
	free(res->errmsg);
	memset(res, 0, sizeof *res);
}

static char *header_value(CURL *e, const char *name)
{
	struct curl_header *h;

	if (curl_easy_header(e, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK)
		return NULL;
	return strdup(h->value);
}

static double info_secs(CURL *e, CURLINFO what)
{
	curl_off_t us = 0;
	curl_easy_getinfo(e, what, &us);
	return (double)us / 1e6;
}

/* Move what the transfer learnt into the result. */
static void fill_result(gisa_fetch_result *res, struct xfer *x)
{
	CURL *e = x->easy;
	char *s = NULL;

	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &res->status);
	if (curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &s) == CURLE_OK && s) {
		free(res->final_url);
		res->final_url = strdup(s);
	}
	s = NULL;
	if (curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &s) == CURLE_OK && s)
		res->content_type = strdup(s);
	res->charset = ct_charset(res->content_type);
	res->etag = header_value(e, "ETag");
	res->last_modified = header_value(e, "Last-Modified");
	res->t_total = info_secs(e, CURLINFO_TOTAL_TIME_T);
	res->t_connect = info_secs(e, CURLINFO_CONNECT_TIME_T);
	res->t_ttfb = info_secs(e, CURLINFO_STARTTRANSFER_TIME_T);
	res->truncated = x->truncated;
	if (x->body.len) {
		res->body_len = x->body.len;
		res->body = gisa_buf_detach(&x->body);
	}
	res->not_modified = res->status == 304;
}

/* End request r (and free it): queue its result for the callback. x is
 * the last transfer, or NULL when none ran for the current URL. */
static void complete(gisa_fetcher *f, struct req *r, struct xfer *x,
		     int error, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void complete(gisa_fetcher *f, struct req *r, struct xfer *x,
		     int error, const char *fmt, ...)
{
	struct done *d = calloc(1, sizeof *d);
	gisa_fetch_result *res;
	va_list ap;
	gisa_buf msg = GISA_BUF_INIT;

	if (!d) {
		/* Nothing to report with; the count still has to go down
		 * or run() would wait for it forever. */
		f->pending--;
		req_free(r);
		return;
	}
	res = &d->res;
	res->url = r->orig_url;
	r->orig_url = NULL;
	res->final_url = r->url;
	r->url = NULL;
	res->attempts = r->attempts;
	res->redirects = r->redirects;
	res->user = r->user;
	if (x)
		fill_result(res, x);
	res->fetched_at = time(NULL);
	res->error = error;
	if (fmt) {
		char tmp[512];
		va_start(ap, fmt);
		vsnprintf(tmp, sizeof tmp, fmt, ap);
		va_end(ap);
		gisa_buf_puts(&msg, tmp);
		if (r->attempts > 1)
			gisa_buf_printf(&msg, " (after %d attempts)",
					r->attempts);
		res->errmsg = gisa_buf_detach(&msg);
	}
	gisa_buf_free(&msg);
	if (f->done_tail)
		f->done_tail->next = d;
	else
		f->done_head = d;
	f->done_tail = d;
	req_free(r);
}

/* Put r in the queue of the origin of its current URL. */
static void enqueue(gisa_fetcher *f, struct req *r, int front)
{
	const char *why;
	char *key;
	struct host *h;
	int rc = origin_of(r->url, &key, &why);

	if (rc) {
		complete(f, r, NULL, rc, "%s: %s", why ? why : "out of memory",
			 r->url);
		return;
	}
	h = host_get(f, key);
	if (!h) {
		complete(f, r, NULL, GISA_ENOMEM, "out of memory");
		return;
	}
	r->host = h;
	if (front) {
		r->next = h->head;
		h->head = r;
		if (!h->tail)
			h->tail = r;
	} else {
		r->next = NULL;
		if (h->tail)
			h->tail->next = r;
		else
			h->head = r;
		h->tail = r;
	}
	f->queued++;
	f->dirty = 1;
	wait_link(f, h);
}

static struct req *dequeue(gisa_fetcher *f, struct host *h)
{
	struct req *r = h->head;

	h->head = r->next;
	if (!h->head)
		h->tail = NULL;
	r->next = NULL;
	f->queued--;
	return r;
}

/* A validator goes into a header line as it is: no line breaks (they
 * would smuggle in headers of their own) and a sane length. */
static int header_value_ok(const char *v)
{
	return !v || (strlen(v) <= 512 && !strpbrk(v, "\r\n"));
}

int gisa_fetcher_add(gisa_fetcher *f, const gisa_fetch_req *in)
{
	struct req *r;

	if (!f || !in || !in->url || !header_value_ok(in->etag) ||
	    !header_value_ok(in->last_modified))
		return GISA_EINVAL;
	if (f->pending >= f->o.max_queue)
		return GISA_ELIMIT;
	r = calloc(1, sizeof *r);
	if (!r)
		return GISA_ENOMEM;
	r->url = strdup(in->url);
	r->orig_url = strdup(in->url);
	r->etag = dup_or_null(in->etag);
	r->last_modified = dup_or_null(in->last_modified);
	r->user = in->user;
	if (!r->url || !r->orig_url || (in->etag && !r->etag) ||
	    (in->last_modified && !r->last_modified)) {
		req_free(r);
		return GISA_ENOMEM;
	}
	f->pending++;
	enqueue(f, r, 0);
	return 0;
}

int gisa_fetcher_add_url(gisa_fetcher *f, const char *url, void *user)
{
	gisa_fetch_req r = { url, NULL, NULL, user };
	return gisa_fetcher_add(f, &r);
}

size_t gisa_fetcher_pending(const gisa_fetcher *f)
{
	return f ? f->pending : 0;
}

void gisa_fetcher_stop(gisa_fetcher *f)
{
	if (f)
		f->stop = 1;
}

/* --- transfers --------------------------------------------------------- */

/* Keep the body up to the limit; past it, stop the transfer (returning
 * less than given makes libcurl abort with CURLE_WRITE_ERROR), so an
 * endless body or a decompression bomb ends here with bounded memory. */
static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	struct xfer *x = ud;
	size_t len = size * n, room = x->limit - x->body.len;

	if (len > room) {
		if (room && gisa_buf_append(&x->body, p, room))
			x->oom = 1;
		x->truncated = 1;
		return 0;
	}
	if (len && gisa_buf_append(&x->body, p, len)) {
		x->oom = 1;
		return 0;
	}
	return len;
}

static int set_common(gisa_fetcher *f, struct xfer *x, const char *url,
		      long timeout_ms)
{
	CURL *e = x->easy;
	const gisa_fetch_opts *o = &f->o;
	CURLcode c = CURLE_OK;

#define SET(opt, val) if (!c) c = curl_easy_setopt(e, opt, val)
	SET(CURLOPT_URL, url);
	SET(CURLOPT_PRIVATE, x);
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, x);
	SET(CURLOPT_ERRORBUFFER, x->errbuf);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_USERAGENT, f->ua);
	SET(CURLOPT_ACCEPT_ENCODING, ""); /* all libcurl can decode */
	SET(CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
	SET(CURLOPT_TIMEOUT_MS, timeout_ms);
	SET(CURLOPT_LOW_SPEED_LIMIT, o->low_speed_limit);
	SET(CURLOPT_LOW_SPEED_TIME, o->low_speed_time_s);
	SET(CURLOPT_TCP_KEEPALIVE, 1L);
	if (f->resolve)
		SET(CURLOPT_RESOLVE, f->resolve);
	if (f->share) {
		SET(CURLOPT_SHARE, f->share);
		SET(CURLOPT_COOKIEFILE, "");
	}
#undef SET
	return c == CURLE_OK ? 0 : GISA_EINVAL;
}

static struct xfer *xfer_new(gisa_fetcher *f, struct host *h,
			     struct req *r)
{
	struct xfer *x = calloc(1, sizeof *x);

	if (!x)
		return NULL;
	x->host = h;
	x->req = r;
	x->easy = curl_easy_init();
	if (!x->easy) {
		free(x);
		return NULL;
	}
	return x;
}

static void xfer_free(gisa_fetcher *f, struct xfer *x)
{
	if (!x)
		return;
	if (x->easy) {
		curl_multi_remove_handle(f->multi, x->easy);
		curl_easy_cleanup(x->easy);
	}
	curl_slist_free_all(x->hdrs);
	gisa_buf_free(&x->body);
	free(x);
}

/* Hand x to libcurl and count it against the limits. */
static int xfer_start(gisa_fetcher *f, struct xfer *x, int64_t now)
{
	if (curl_multi_add_handle(f->multi, x->easy) != CURLM_OK)
		return GISA_EFETCH;
	x->prev = NULL;
	x->next = f->xfers;
	if (f->xfers)
		f->xfers->prev = x;
	f->xfers = x;
	f->active++;
	x->host->active++;
	x->host->next_at = max64(x->host->next_at, now + host_delay(f, x->host));
	return 0;
}

static void xfer_unlink(gisa_fetcher *f, struct xfer *x)
{
	if (x->prev)
		x->prev->next = x->next;
	else
		f->xfers = x->next;
	if (x->next)
		x->next->prev = x->prev;
	f->active--;
	x->host->active--;
}

static int start_robots(gisa_fetcher *f, struct host *h, int64_t now)
{
	struct xfer *x = xfer_new(f, h, NULL);
	char url[GISA_FETCH_MAX_URL + 64];
	int rc = GISA_ENOMEM;

	if (!x)
		return rc;
	snprintf(url, sizeof url, "%s/robots.txt", h->key);
	x->limit = GISA_ROBOTS_MAX_SIZE;
	rc = set_common(f, x, url, f->o.robots_timeout_ms);
	if (!rc && (curl_easy_setopt(x->easy, CURLOPT_FOLLOWLOCATION, 1L) ||
		    curl_easy_setopt(x->easy, CURLOPT_MAXREDIRS,
				     (long)ROBOTS_MAX_REDIRECTS)))
		rc = GISA_EINVAL;
	if (!rc)
		rc = xfer_start(f, x, now);
	if (rc) {
		xfer_free(f, x);
		return rc;
	}
	h->robots_state = ROBOTS_FETCHING;
	return 0;
}

static int add_header(struct curl_slist **l, const char *name,
		      const char *val)
{
	char line[1024];
	struct curl_slist *n;

	snprintf(line, sizeof line, "%s: %s", name, val);
	n = curl_slist_append(*l, line);
	if (!n)
		return GISA_ENOMEM;
	*l = n;
	return 0;
}

static int start_page(gisa_fetcher *f, struct host *h, struct req *r,
		      int64_t now)
{
	struct xfer *x = xfer_new(f, h, r);
	int rc = GISA_ENOMEM;

	if (!x)
		return rc;
	x->limit = f->o.max_body;
	rc = set_common(f, x, r->url, f->o.timeout_ms);
	if (!rc)
		rc = add_header(&x->hdrs, "Accept", "text/html,application/"
				"xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
	if (!rc && r->etag)
		rc = add_header(&x->hdrs, "If-None-Match", r->etag);
	if (!rc && r->last_modified)
		rc = add_header(&x->hdrs, "If-Modified-Since",
				r->last_modified);
	if (!rc && curl_easy_setopt(x->easy, CURLOPT_HTTPHEADER, x->hdrs))
		rc = GISA_EINVAL;
	if (!rc)
		rc = xfer_start(f, x, now);
	if (rc) {
		x->req = NULL;
		xfer_free(f, x);
	}
	return rc;
}

/* --- scheduling -------------------------------------------------------- */

/* Settle robots.txt for h before its first request. Returns 1 when the
 * head request may go on to the politeness checks, 0 when h must wait. */
static int robots_gate(gisa_fetcher *f, struct host *h, int64_t now,
		       int64_t *wake)
{
	if ((h->robots_state == ROBOTS_READY ||
	     h->robots_state == ROBOTS_DENY) && now >= h->robots_expires) {
		gisa_robots_free(h->robots);
		h->robots = NULL;
		h->robots_state = ROBOTS_NONE;
	}
	if (h->robots_state == ROBOTS_FETCHING)
		return 0;
	if (h->robots_state != ROBOTS_NONE)
		return 1;
	if (h->active > 0 || f->active >= f->o.max_total)
		return 0;
	if (now < h->next_at) {
		*wake = min64(*wake, h->next_at);
		return 0;
	}
	if (start_robots(f, h, now)) {
		/* Cannot even ask: treat as unreachable, briefly. */
		h->robots_state = ROBOTS_DENY;
		h->robots_expires = now + 1000;
		free(h->robots_msg);
		h->robots_msg = strdup("robots.txt could not be requested");
		h->robots_err = GISA_EFETCH;
		return 1;
	}
	return 0;
}

/* Does robots.txt let the head request of h go? Fails it if not. */
static int robots_permits(gisa_fetcher *f, struct host *h, struct req *r)
{
	char path[GISA_ROBOTS_MAX_PATH];

	if (h->robots_state == ROBOTS_DENY) {
		dequeue(f, h);
		complete(f, r, NULL, h->robots_err, "%s",
			 h->robots_msg ? h->robots_msg : "robots.txt unreachable");
		return 0;
	}
	gisa_robots_url_path(r->url, path, sizeof path);
	if (gisa_robots_allowed(h->robots, path))
		return 1;
	dequeue(f, h);
	if (r->redirects)
		complete(f, r, NULL, GISA_EROBOTS, "robots.txt disallows %s "
			 "(reached by a redirect)", path);
	else
		complete(f, r, NULL, GISA_EROBOTS, "robots.txt disallows %s",
			 path);
	return 0;
}

/* Start what host h may start now; lower *wake to when it could next. */
static void service_host(gisa_fetcher *f, struct host *h, int64_t now,
			 int64_t *wake)
{
	while (h->head) {
		struct req *r = h->head;
		int rc;

		if (!f->o.ignore_robots) {
			if (!robots_gate(f, h, now, wake))
				return;
			if (!robots_permits(f, h, r))
				continue;
		}
		if (h->active >= f->o.max_per_host ||
		    f->active >= f->o.max_total)
			return;
		if (now < h->next_at) {
			*wake = min64(*wake, h->next_at);
			return;
		}
		dequeue(f, h);
		rc = start_page(f, h, r, now);
		if (rc)
			complete(f, r, NULL, rc, "could not start the transfer");
		/* Let the other hosts have a turn before this one again. */
		wait_unlink(f, h);
		wait_link(f, h);
	}
	wait_unlink(f, h);
}

static int64_t schedule(gisa_fetcher *f, int64_t now)
{
	int64_t wake = NEVER;
	struct host *h = f->wait_head, *next;
	size_t n = f->nwait;

	for (size_t i = 0; i < n && h; i++, h = next) {
		next = h->wnext;
		service_host(f, h, now, &wake);
	}
	return wake;
}

/* Move due retries back to the front of their host's queue. */
static int64_t promote(gisa_fetcher *f, int64_t now)
{
	struct req **pp = &f->delayed, *r;
	int64_t wake = NEVER;

	while ((r = *pp)) {
		if (r->not_before <= now) {
			*pp = r->next;
			f->queued--; /* enqueue counts it again */
			enqueue(f, r, 1);
		} else {
			wake = min64(wake, r->not_before);
			pp = &r->next;
		}
	}
	return wake;
}

/* Schedule another attempt of r after backoff (at least min_wait_ms).
 * Returns 0 when r has no retries left. */
static int retry(gisa_fetcher *f, struct req *r, long min_wait_ms,
		 int64_t now)
{
	long wait = f->o.backoff_ms;

	if (r->attempts > f->o.max_retries)
		return 0;
	for (int i = 1; i < r->attempts && wait < f->o.max_backoff_ms; i++)
		wait *= 2;
	if (wait > f->o.max_backoff_ms)
		wait = f->o.max_backoff_ms;
	wait += jitter(f, wait / 2);
	if (wait < min_wait_ms)
		wait = min_wait_ms;
	r->not_before = now + wait;
	r->next = f->delayed;
	f->delayed = r;
	f->queued++;
	return 1;
}

/* --- completion -------------------------------------------------------- */

static void robots_done(gisa_fetcher *f, struct xfer *x, CURLcode cc,
			int64_t now)
{
	struct host *h = x->host;
	long status = 0;
	double delay;
	gisa_buf msg = GISA_BUF_INIT;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	if (cc == CURLE_WRITE_ERROR && x->truncated && !x->oom)
		cc = CURLE_OK; /* only the first 500 KiB count anyway */
	h->robots_state = ROBOTS_READY;
	h->robots_expires = now + (int64_t)f->o.robots_ttl_s * 1000;
	if (cc == CURLE_OK && status >= 200 && status < 300) {
		if (gisa_robots_parse(x->body.data, x->body.len,
				      GISA_FETCH_AGENT, &h->robots))
			cc = CURLE_OUT_OF_MEMORY;
	}
	if ((cc != CURLE_OK && cc != CURLE_TOO_MANY_REDIRECTS) ||
	    (cc == CURLE_OK && (status >= 500 || status == 429))) {
		/* RFC 9309 2.3.1.4: unreachable means disallow all. The
		 * pages then fail with the transport's code when the server
		 * could not be reached, GISA_EROBOTS when it answered 5xx. */
		h->robots_state = ROBOTS_DENY;
		h->robots_err = cc == CURLE_OK ? GISA_EROBOTS :
			cc == CURLE_OPERATION_TIMEDOUT ? GISA_ETIMEOUT :
			cc == CURLE_OUT_OF_MEMORY ? GISA_ENOMEM : GISA_EFETCH;
		h->robots_expires = now + (int64_t)f->o.robots_error_ttl_s * 1000;
		if (cc != CURLE_OK)
			gisa_buf_printf(&msg, "robots.txt unreachable (%s)",
					x->errbuf[0] ? x->errbuf :
					curl_easy_strerror(cc));
		else
			gisa_buf_printf(&msg, "robots.txt unreachable "
					"(HTTP %ld)", status);
		gisa_buf_printf(&msg, ": nothing fetched from %s for %ld s",
				h->key, f->o.robots_error_ttl_s);
		free(h->robots_msg);
		h->robots_msg = gisa_buf_detach(&msg);
	}
	/* Other answers (4xx, too many redirects): no file, all allowed. */
	delay = gisa_robots_crawl_delay(h->robots);
	h->crawl_delay_ms = 0;
	if (delay > 0)
		h->crawl_delay_ms = delay * 1000 > f->o.max_crawl_delay_ms ?
			f->o.max_crawl_delay_ms : (long)(delay * 1000);
	h->next_at = max64(h->next_at, now + host_delay(f, h));
	gisa_buf_free(&msg);
}

static int retryable(CURLcode cc)
{
	switch (cc) {
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_COULDNT_CONNECT:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return 1;
	default:
		return 0;
	}
}

static void follow(gisa_fetcher *f, struct xfer *x, const char *loc)
{
	struct req *r = x->req;
	char *url = strdup(loc);

	x->req = NULL;
	if (!url) {
		complete(f, r, x, GISA_ENOMEM, "out of memory");
		return;
	}
	free(r->url);
	r->url = url;
	r->redirects++;
	r->attempts = 0;
	enqueue(f, r, 1);
}

static void transport_failed(gisa_fetcher *f, struct xfer *x, CURLcode cc,
			     int64_t now)
{
	struct req *r = x->req;
	int err = cc == CURLE_OPERATION_TIMEDOUT ? GISA_ETIMEOUT : GISA_EFETCH;

	if (x->oom) {
		complete(f, r, x, GISA_ENOMEM, "out of memory for the body");
		return;
	}
	if (retryable(cc) && retry(f, r, 0, now))
		return;
	complete(f, r, x, err, "%s", x->errbuf[0] ? x->errbuf :
		 curl_easy_strerror(cc));
}

static void page_done(gisa_fetcher *f, struct xfer *x, CURLcode cc,
		      int64_t now)
{
	struct req *r = x->req;
	long status = 0;
	char *loc = NULL;
	curl_off_t ra = 0;

	r->attempts++;
	x->req = NULL;
	if (cc == CURLE_WRITE_ERROR && x->truncated && !x->oom)
		cc = CURLE_OK; /* cut at max_body: a result, marked */
	if (cc != CURLE_OK) {
		x->req = r;
		transport_failed(f, x, cc, now);
		return;
	}
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	if (status >= 300 && status < 400 && status != 304 &&
	    curl_easy_getinfo(x->easy, CURLINFO_REDIRECT_URL, &loc) ==
		    CURLE_OK && loc) {
		if (r->redirects >= f->o.max_redirects) {
			complete(f, r, x, GISA_ELIMIT, "too many redirects "
				 "(more than %d)", f->o.max_redirects);
			return;
		}
		x->req = r;
		follow(f, x, loc);
		return;
	}
	if (status == 429 || status >= 500) {
		curl_easy_getinfo(x->easy, CURLINFO_RETRY_AFTER, &ra);
		if (ra > f->o.max_retry_after_s) {
			complete(f, r, x, GISA_EHTTP, "HTTP %ld with Retry-After "
				 "%ld s, over the %ld s limit", status,
				 (long)ra, f->o.max_retry_after_s);
			return;
		}
		/* The whole origin slows down, not just this URL. */
		if (ra > 0)
			x->host->next_at = max64(x->host->next_at,
						 now + (int64_t)ra * 1000);
		if (retry(f, r, (long)ra * 1000, now))
			return;
		complete(f, r, x, GISA_EHTTP, "HTTP %ld", status);
		return;
	}
	if (status == 304 || (status >= 200 && status < 300))
		complete(f, r, x, 0, NULL);
	else
		complete(f, r, x, GISA_EHTTP, "HTTP %ld", status);
}

/* Collect finished transfers. Returns how many finished. */
static int reap(gisa_fetcher *f)
{
	CURLMsg *m;
	int left, n = 0;

	while ((m = curl_multi_info_read(f->multi, &left))) {
		struct xfer *x = NULL;
		int64_t now = now_ms();

		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &x);
		CURLcode cc = m->data.result; /* m dies with remove_handle */
		xfer_unlink(f, x);
		/* Politeness counts from the end of the previous request. */
		x->host->next_at = max64(x->host->next_at,
					 now + host_delay(f, x->host));
		if (x->req)
			page_done(f, x, cc, now);
		else
			robots_done(f, x, cc, now);
		if (x->host->head)
			wait_link(f, x->host);
		xfer_free(f, x);
		f->dirty = 1;
		n++;
	}
	return n;
}

static void deliver(gisa_fetcher *f)
{
	struct done *d;

	while ((d = f->done_head)) {
		f->done_head = d->next;
		if (!f->done_head)
			f->done_tail = NULL;
		if (f->cb)
			f->cb(&d->res, f->ctx);
		gisa_fetch_result_clear(&d->res);
		free(d);
		f->pending--;
	}
}

/* End every request not yet done with code (a stop, or a libcurl that
 * can no longer run). */
static void abandon_all(gisa_fetcher *f, int code, const char *why)
{
	struct req *r;

	while (f->xfers) {
		struct xfer *x = f->xfers;
		xfer_unlink(f, x);
		if (x->req) {
			r = x->req;
			x->req = NULL;
			complete(f, r, NULL, code, "%s", why);
		} else {
			x->host->robots_state = ROBOTS_NONE;
		}
		xfer_free(f, x);
	}
	while ((r = f->delayed)) {
		f->delayed = r->next;
		f->queued--;
		complete(f, r, NULL, code, "%s", why);
	}
	while (f->wait_head) {
		struct host *h = f->wait_head;
		while (h->head)
			complete(f, dequeue(f, h), NULL, code, "%s", why);
		wait_unlink(f, h);
	}
}

int gisa_fetcher_run(gisa_fetcher *f)
{
	int rc = 0, running;

	if (!f)
		return GISA_EINVAL;
	while (f->pending > 0) {
		int64_t now, wake;
		long ct = -1;
		CURLMcode mc;

		deliver(f);
		if (f->stop) {
			abandon_all(f, GISA_EINTR, "stopped before done");
			deliver(f);
			break;
		}
		if (!f->pending)
			break;
		now = now_ms();
		wake = promote(f, now);
		/* Hosts only become startable when something ends, is
		 * added, or a politeness clock runs out: scan them then,
		 * not on every socket event. */
		if (f->dirty || now >= f->sched_wake) {
			f->dirty = 0;
			f->sched_wake = schedule(f, now);
		}
		wake = min64(wake, f->sched_wake);
		mc = curl_multi_perform(f->multi, &running);
		if (mc != CURLM_OK) {
			rc = mc == CURLM_OUT_OF_MEMORY ? GISA_ENOMEM : GISA_EFETCH;
			abandon_all(f, rc, curl_multi_strerror(mc));
			continue;
		}
		if (reap(f) || f->done_head)
			continue;
		if (f->active == 0 && wake == NEVER) {
			/* Nothing runs and nothing is due: a request would
			 * wait forever. Never hang; say so. */
			abandon_all(f, GISA_ESTATE, "fetcher stalled");
			continue;
		}
		curl_multi_timeout(f->multi, &ct);
		if (ct < 0 || ct > 1000)
			ct = 1000;
		if (wake != NEVER)
			ct = (long)min64(ct, max64(0, wake - now));
		curl_multi_poll(f->multi, NULL, 0, (int)ct, NULL);
	}
	return rc;
}

/* --- life cycle -------------------------------------------------------- */

static int build_resolve(gisa_fetcher *f, const char *const *list)
{
	for (; list && *list; list++) {
		const char *c1 = strchr(*list, ':');
		struct curl_slist *n;

		if (!c1 || !strchr(c1 + 1, ':'))
			return GISA_EINVAL;
		n = curl_slist_append(f->resolve, *list);
		if (!n)
			return GISA_ENOMEM;
		f->resolve = n;
	}
	return 0;
}

static int check_opts(const gisa_fetch_opts *o)
{
	if (o->max_total < 1 || o->max_per_host < 1 || o->max_body < 1 ||
	    o->max_redirects < 0 || o->max_retries < 0 || o->delay_ms < 0 ||
	    o->jitter_ms < 0 || o->max_queue < 1)
		return GISA_EINVAL;
	return 0;
}

static int make_ua(gisa_fetcher *f)
{
	gisa_buf b = GISA_BUF_INIT;

	if (f->o.user_agent) {
		f->ua = strdup(f->o.user_agent);
	} else {
		if (gisa_buf_printf(&b, "gisa/%s (+%s)", GISA_VERSION,
				    f->o.contact ? f->o.contact :
				    GISA_CONTACT_URL))
			return GISA_ENOMEM;
		f->ua = gisa_buf_detach(&b);
	}
	/* The caller's strings are not kept past this call. */
	f->o.user_agent = f->o.contact = NULL;
	f->o.resolve = NULL;
	return f->ua ? 0 : GISA_ENOMEM;
}

int gisa_fetcher_new(const gisa_fetch_opts *o, gisa_fetch_cb cb, void *ctx,
		     gisa_fetcher **out)
{
	gisa_fetcher *f;
	int rc = GISA_ENOMEM;

	*out = NULL;
	if (o && check_opts(o))
		return GISA_EINVAL;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return GISA_EINVAL;
	f = calloc(1, sizeof *f);
	if (!f) {
		curl_global_cleanup();
		return GISA_ENOMEM;
	}
	if (o)
		f->o = *o;
	else
		gisa_fetch_opts_init(&f->o);
	f->cb = cb;
	f->ctx = ctx;
	f->rng = (uint64_t)now_ms() * 0x9E3779B97F4A7C15ULL ^
		 (uint64_t)getpid() ^ (uint64_t)(uintptr_t)f;
	if (!f->rng)
		f->rng = 1;
	if ((rc = build_resolve(f, o ? o->resolve : NULL)) ||
	    (rc = make_ua(f)))
		goto fail;
	rc = GISA_ENOMEM;
	f->multi = curl_multi_init();
	if (!f->multi)
		goto fail;
	curl_multi_setopt(f->multi, CURLMOPT_MAXCONNECTS,
			  (long)(f->o.max_total * 4 > 64 ? f->o.max_total * 4 : 64));
	if (f->o.cookies) {
		f->share = curl_share_init();
		if (!f->share || curl_share_setopt(f->share, CURLSHOPT_SHARE,
						   CURL_LOCK_DATA_COOKIE))
			goto fail;
	}
	*out = f;
	return 0;
fail:
	gisa_fetcher_free(f);
	return rc;
}

void gisa_fetcher_free(gisa_fetcher *f)
{
	if (!f)
		return;
	/* Requests never run: their results are dropped, not delivered. */
	f->cb = NULL;
	abandon_all(f, GISA_EINTR, "fetcher freed");
	deliver(f);
	for (size_t i = 0; i < f->hcap; i++) {
		struct host *h = f->htab[i], *next;
		for (; h; h = next) {
			next = h->hnext;
			host_free(h);
		}
	}
	free(f->htab);
	if (f->multi)
		curl_multi_cleanup(f->multi);
	if (f->share)
		curl_share_cleanup(f->share);
	curl_slist_free_all(f->resolve);
	free(f->ua);
	free(f);
	curl_global_cleanup();
}

static void take_one(gisa_fetch_result *res, void *ctx)
{
	gisa_fetch_result *out = ctx;

	*out = *res;
	memset(res, 0, sizeof *res);
}

int gisa_fetch_one(const gisa_fetch_opts *o, const char *url,
		   gisa_fetch_result *out)
{
	gisa_fetcher *f = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	rc = gisa_fetcher_new(o, take_one, out, &f);
	if (!rc)
		rc = gisa_fetcher_add_url(f, url, NULL);
	if (!rc)
		rc = gisa_fetcher_run(f);
	gisa_fetcher_free(f);
	if (rc)
		return rc;
	return out->error;
}

int gisa_fetch_is_html(const char *ct, const char *body, size_t len)
{
	const unsigned char *p = (const unsigned char *)body;
	size_t n = len < 1024 ? len : 1024, i = 0;

	if (ct && (!strncasecmp(ct, "text/html", 9) ||
		   !strncasecmp(ct, "application/xhtml", 17)))
		return 1;
	if (ct && strncasecmp(ct, "text/", 5) &&
	    strncasecmp(ct, "application/octet-stream", 24))
		return 0;
	if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		i = 3; /* a UTF-8 BOM */
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
			 p[i] == '\n'))
		i++;
	return i < n && p[i] == '<';
}
