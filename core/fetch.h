/* fetch.h - polite, concurrent, robust HTTP fetching (libcurl multi).
 *
 * A gisa_fetcher takes a queue of requests and runs them on one thread
 * with libcurl's multi interface: at most max_total transfers at once and
 * max_per_host per origin (scheme, host, port), and at least delay_ms
 * (plus up to jitter_ms) between two requests to one origin, counted from
 * the end of the previous one, or the robots.txt Crawl-delay when larger.
 *
 * robots.txt is fetched once per origin before its first page and cached
 * until it expires (robots_ttl_s); per RFC 9309 a 4xx answer allows
 * everything, a 5xx, 429 or an unreachable server disallows everything
 * for robots_error_ttl_s, after which the file is asked for again. Pages
 * refused that way end with GISA_EROBOTS (a rule, or a 5xx/429 answer) or
 * with the transport's code (GISA_EFETCH, GISA_ETIMEOUT) when robots.txt
 * could not be reached at all; the message says which.
 * Redirects are followed by the fetcher itself (up to max_redirects), so
 * that every hop is checked against robots.txt and counted by politeness.
 *
 * Timeouts, 429 and 5xx answers and transient transport errors are
 * retried up to max_retries times with exponential backoff and jitter, or
 * after the server's Retry-After when longer; other 4xx are not retried.
 * Bodies are decompressed (every Accept-Encoding libcurl supports) and cut
 * at max_body bytes, counted after decompression, so a compression bomb
 * costs at most max_body of memory. Proxies come from the usual
 * environment variables (http_proxy, https_proxy, no_proxy); cookies are
 * off unless asked for; HTTP/2 is used over TLS where the server has it.
 *
 * Every request added ends in exactly one call of the result callback,
 * success or not. The library never prints.
 */
#ifndef GISA_FETCH_H
#define GISA_FETCH_H

#include <stddef.h>
#include <time.h>

/* The product token robots.txt groups are matched against. */
#define GISA_FETCH_AGENT "gisa"
/* Where a site owner reads what the crawler is and how to reach its
 * operator; every default User-Agent carries it. The project has no public
 * home yet, so the built-in value is a reserved (.invalid) placeholder:
 * operators set theirs with opts.contact (gisa fetch --contact URL), or
 * packagers with -DGISA_CONTACT_URL=... */
#ifndef GISA_CONTACT_URL
#define GISA_CONTACT_URL "https://gisa.invalid/crawler"
#endif
#define GISA_FETCH_MAX_URL 8192

typedef struct gisa_fetch_opts {
	int max_total;          /* concurrent transfers (16) */
	int max_per_host;       /* concurrent transfers per origin (2) */
	long delay_ms;          /* politeness delay per origin (1000) */
	long jitter_ms;         /* up to this much added at random (250) */
	long max_crawl_delay_ms;/* a robots.txt Crawl-delay is capped (60000) */
	const char *user_agent; /* NULL: "gisa/VERSION (+GISA_CONTACT_URL)" */
	const char *contact;    /* NULL: GISA_CONTACT_URL; used by the
				 * default User-Agent only */
	int ignore_robots;      /* never the default (0) */
	long robots_ttl_s;      /* cache a robots.txt this long (86400) */
	long robots_error_ttl_s;/* disallow-all after a 5xx/timeout (600) */
	long robots_timeout_ms; /* total time for one robots.txt (10000) */
	long connect_timeout_ms;/* (10000) */
	long timeout_ms;        /* whole transfer (60000) */
	long low_speed_limit;   /* bytes/s; slower than this for ... (512) */
	long low_speed_time_s;  /* ... this many seconds aborts (20) */
	size_t max_body;        /* decompressed bytes kept (10 MiB) */
	int max_redirects;      /* (10) */
	int max_retries;        /* retries after the first attempt (3) */
	long backoff_ms;        /* first retry delay, doubled each time (1000) */
	long max_backoff_ms;    /* cap for one computed backoff (30000) */
	long max_retry_after_s; /* a longer Retry-After fails at once (120) */
	int cookies;            /* keep cookies in memory across requests (0) */
	size_t max_queue;       /* requests waiting at most (1000000) */
	/* "HOST:PORT:ADDRESS" entries, as curl's --resolve: names resolved
	 * without DNS (tests, benchmarks). NULL-terminated, may be NULL;
	 * the strings are copied. */
	const char *const *resolve;
} gisa_fetch_opts;

typedef struct gisa_fetch_req {
	const char *url;           /* absolute http(s) URL */
	const char *etag;          /* sent as If-None-Match, if not NULL */
	const char *last_modified; /* sent as If-Modified-Since, if not NULL */
	void *user;                /* handed back in the result */
} gisa_fetch_req;

typedef struct gisa_fetch_result {
	char *url;            /* as requested */
	char *final_url;      /* after redirects (NULL if never reached) */
	long status;          /* last HTTP status, 0 when none came */
	int not_modified;     /* 304 to a conditional request: no body */
	char *content_type;   /* the Content-Type header as sent, or NULL */
	char *charset;        /* its charset parameter, lower-case, or NULL */
	char *etag;           /* ETag / Last-Modified headers, or NULL */
	char *last_modified;
	char *body;           /* malloc'd, NUL-terminated, body_len bytes
			       * (decompressed); NULL when empty */
	size_t body_len;
	int truncated;        /* the body was cut at max_body bytes */
	double t_total;       /* seconds, of the last transfer: whole, */
	double t_connect;     /* until connected, */
	double t_ttfb;        /* until the first byte came */
	int attempts;         /* transfers for the last URL (1 + retries) */
	int redirects;        /* hops followed */
	time_t fetched_at;    /* when the result was complete (UTC) */
	int error;            /* 0, or GISA_EFETCH, GISA_EHTTP, GISA_EROBOTS,
			       * GISA_ETIMEOUT, GISA_ELIMIT, GISA_EINVAL,
			       * GISA_ENOMEM, GISA_EINTR */
	char *errmsg;         /* one line saying what failed, or NULL */
	void *user;           /* the request's user pointer */
} gisa_fetch_result;

typedef struct gisa_fetcher gisa_fetcher;

/* gisa_fetch_cb - called once per request, on the thread running
 * gisa_fetcher_run(). res and its strings belong to the fetcher and are
 * freed when the callback returns; to keep the body, take it (copy the
 * pointer and set res->body to NULL). The callback may add requests. */
typedef void (*gisa_fetch_cb)(gisa_fetch_result *res, void *ctx);

/* gisa_fetch_opts_init - fill o with the defaults given above. */
void gisa_fetch_opts_init(gisa_fetch_opts *o);

/* gisa_fetcher_new - a fetcher with options o (copied; NULL: defaults)
 * calling cb(res, ctx) per result. Returns 0 and *out, or GISA_ENOMEM,
 * or GISA_EINVAL for a bad option (a malformed resolve entry, limits
 * below 1) or a libcurl that cannot start. */
int gisa_fetcher_new(const gisa_fetch_opts *o, gisa_fetch_cb cb, void *ctx,
		     gisa_fetcher **out);

/* gisa_fetcher_add - queue a request (all strings are copied). A URL
 * that cannot be fetched (malformed, not http/https, too long) is not an
 * error here: it ends in a failed result like any other. Returns 0,
 * GISA_ENOMEM, GISA_EINVAL (NULL url; an etag or last_modified longer
 * than 512 bytes or holding a line break) or GISA_ELIMIT (max_queue). */
int gisa_fetcher_add(gisa_fetcher *f, const gisa_fetch_req *r);

/* gisa_fetcher_add_url - gisa_fetcher_add for a plain GET. */
int gisa_fetcher_add_url(gisa_fetcher *f, const char *url, void *user);

/* gisa_fetcher_run - fetch until no request is left (including those the
 * callback adds) or gisa_fetcher_stop() is called; then the requests not
 * done end with GISA_EINTR. Returns 0, or GISA_ENOMEM / GISA_EFETCH when
 * libcurl itself failed (every request still gets its callback). */
int gisa_fetcher_run(gisa_fetcher *f);

/* gisa_fetcher_stop - ask a running fetcher to stop soon. Only sets a
 * flag, so it is safe in a signal handler. */
void gisa_fetcher_stop(gisa_fetcher *f);

/* gisa_fetcher_pending - requests queued or in flight. */
size_t gisa_fetcher_pending(const gisa_fetcher *f);

void gisa_fetcher_free(gisa_fetcher *f);

/* gisa_fetch_one - fetch a single URL with options o (NULL: defaults);
 * *out is filled as the callback would see it and then owned by the
 * caller (free with gisa_fetch_result_clear). Returns out->error. */
int gisa_fetch_one(const gisa_fetch_opts *o, const char *url,
		   gisa_fetch_result *out);

/* gisa_fetch_result_clear - free everything res owns and zero it. */
void gisa_fetch_result_clear(gisa_fetch_result *res);

/* gisa_fetch_is_html - whether a response is an HTML page: by its
 * Content-Type (ct, may be NULL), and by the first bytes when that is
 * missing or generic (text/plain, application/octet-stream). */
int gisa_fetch_is_html(const char *ct, const char *body, size_t len);

#endif
