/* test_fetch.c - the fetcher against tests/fetch/server.py on loopback.
 *
 * One fetcher run takes every fault at once (politeness off, short
 * timeouts, so the whole run takes seconds); each must end with the right
 * result or a clear error, exactly one callback per request, and nothing
 * hangs (the server dies by itself after 60 s, ctest's timeout is
 * above that). A second run checks politeness from the server's log.
 */
#define _GNU_SOURCE /* memmem */
#include "error.h"
#include "fetch.h"
#include "test.h"
#include "testserver.h"

#include <stdint.h>

enum {
	C_PAGE, C_SLOW, C_RESET, C_FLAKY, C_RATE, C_RATELONG, C_503, C_404,
	C_LOOP, C_REDIR, C_GOTO_PRIVATE, C_PRIVATE, C_GISAONLY, C_DENY_OK,
	C_ENDLESS, C_BOMB, C_GZIP, C_DEFLATE, C_NOTYPE, C_WRONGTYPE,
	C_EUCKR_H, C_EUCKR_M, C_CHUNKCUT, C_RSLOW1, C_RSLOW2, C_R500,
	C_ETAG_PLAIN, C_ETAG_INM, C_ETAG_IMS, C_BADSCHEME, C_NOTURL,
	C_REFUSED, C_CHILD, C__N
};

static const struct {
	const char *host, *path, *etag, *ims;
} cases[C__N] = {
	[C_PAGE] = { "a.test", "/page/1" },
	[C_SLOW] = { "a.test", "/slow" },
	[C_RESET] = { "a.test", "/reset" },
	[C_FLAKY] = { "a.test", "/flaky/1" },
	[C_RATE] = { "rate.test", "/ratelimit/1" },
	[C_RATELONG] = { "a.test", "/ratelimit-long" },
	[C_503] = { "a.test", "/always503" },
	[C_404] = { "a.test", "/status/404" },
	[C_LOOP] = { "a.test", "/loop/a" },
	[C_REDIR] = { "a.test", "/redirect/3" },
	[C_GOTO_PRIVATE] = { "a.test", NULL }, /* built with the port */
	[C_PRIVATE] = { "deny.test", "/private/y" },
	[C_GISAONLY] = { "deny.test", "/gisa-only/z" },
	[C_DENY_OK] = { "deny.test", "/page/ok" },
	[C_ENDLESS] = { "a.test", "/endless" },
	[C_BOMB] = { "a.test", "/bomb" },
	[C_GZIP] = { "a.test", "/gzip" },
	[C_DEFLATE] = { "a.test", "/deflate" },
	[C_NOTYPE] = { "a.test", "/notype" },
	[C_WRONGTYPE] = { "a.test", "/wrongtype" },
	[C_EUCKR_H] = { "a.test", "/euckr-header" },
	[C_EUCKR_M] = { "a.test", "/euckr-meta" },
	[C_CHUNKCUT] = { "a.test", "/chunked-cut" },
	[C_RSLOW1] = { "robots-slow.test", "/page/1" },
	[C_RSLOW2] = { "robots-slow.test", "/page/2" },
	[C_R500] = { "robots-500.test", "/page/1" },
	[C_ETAG_PLAIN] = { "a.test", "/etag" },
	[C_ETAG_INM] = { "a.test", "/etag", "\"v1\"" },
	[C_ETAG_IMS] = { "a.test", "/etag", NULL,
			 "Wed, 21 Oct 2015 07:28:00 GMT" },
	[C_BADSCHEME] = { NULL, "ftp://a.test/file" },
	[C_NOTURL] = { NULL, "not a url" },
	[C_REFUSED] = { NULL, "http://127.0.0.1:1/page" },
	[C_CHILD] = { "a.test", "/page/child" }, /* added by the callback */
};

#define MAX_BODY ((size_t)1 << 20)

static ts_server srv;
static gisa_fetch_result got[C__N];
static int calls[C__N];
static gisa_fetcher *fetcher;

static void url_of(int i, char *buf, size_t n)
{
	if (!cases[i].host)
		snprintf(buf, n, "%s", cases[i].path);
	else if (i == C_GOTO_PRIVATE)
		snprintf(buf, n, "http://a.test:%d/goto?u=http://deny.test:%d"
			 "/private/x", srv.port, srv.port);
	else
		snprintf(buf, n, "http://%s:%d%s", cases[i].host, srv.port,
			 cases[i].path);
}

static int add_case(int i)
{
	char url[512];
	gisa_fetch_req r = { url, cases[i].etag, cases[i].ims,
			     (void *)(uintptr_t)i };

	url_of(i, url, sizeof url);
	return gisa_fetcher_add(fetcher, &r);
}

static void on_result(gisa_fetch_result *res, void *ctx)
{
	size_t i = (size_t)(uintptr_t)res->user;

	if (i >= C__N)
		return;
	if (++calls[i] == 1) {
		got[i] = *res;
		memset(res, 0, sizeof *res);
	}
	/* A crawler adds what it finds: the callback may add requests. */
	if (i == C_PAGE)
		add_case(C_CHILD);
}

static void fast_opts(gisa_fetch_opts *o, const char **resolve)
{
	gisa_fetch_opts_init(o);
	o->delay_ms = 0;
	o->jitter_ms = 0;
	o->max_per_host = 16;
	o->connect_timeout_ms = 2000;
	o->timeout_ms = 8000;
	o->low_speed_limit = 1000;
	o->low_speed_time_s = 1;
	o->robots_timeout_ms = 1000;
	o->max_body = MAX_BODY;
	o->max_retries = 2;
	o->backoff_ms = 100;
	o->max_backoff_ms = 400;
	o->max_retry_after_s = 10;
	o->resolve = resolve;
}

static int has(const gisa_fetch_result *r, const char *needle)
{
	return r->errmsg && strstr(r->errmsg, needle);
}

static int body_has(const gisa_fetch_result *r, const char *needle)
{
	return r->body && memmem(r->body, r->body_len, needle,
				 strlen(needle)) != NULL;
}

/* Arrival time of the k-th request (from 0) for path, or -1. */
static double nth_time(const ts_req *log, size_t n, const char *path,
		       int k)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(log[i].path, path) && k-- == 0)
			return log[i].t;
	return -1;
}

static void check_plain(void)
{
	const gisa_fetch_result *r = &got[C_PAGE];

	t_context("plain page");
	T_INTEQ(r->error, 0);
	T_INTEQ(r->status, 200);
	T_INTEQ(r->attempts, 1);
	T_STREQ(r->content_type, "text/html; charset=utf-8");
	T_STREQ(r->charset, "utf-8");
	T_OK(body_has(r, "<h1>Article /page/1</h1>"));
	T_OK(r->body_len == strlen(r->body));
	T_OK(r->final_url && strstr(r->final_url, "/page/1"));
	T_OK(r->t_total > 0 && r->t_ttfb <= r->t_total);
	T_OK(r->fetched_at > 0);
	T_INTEQ(r->truncated, 0);
	t_context("page added by the callback");
	T_INTEQ(got[C_CHILD].error, 0);
	T_OK(body_has(&got[C_CHILD], "/page/child"));
}

static void check_transport_faults(void)
{
	t_context("slow drip below the low-speed limit");
	T_INTEQ(got[C_SLOW].error, GISA_ETIMEOUT);
	T_INTEQ(got[C_SLOW].attempts, 3);
	T_OK(got[C_SLOW].errmsg != NULL);
	t_context("connection reset mid-body");
	T_INTEQ(got[C_RESET].error, GISA_EFETCH);
	T_INTEQ(got[C_RESET].attempts, 3);
	T_OKF(has(&got[C_RESET], "eset") || has(&got[C_RESET], "Recv"),
	      "message: %s", got[C_RESET].errmsg);
	t_context("truncated chunked encoding");
	T_INTEQ(got[C_CHUNKCUT].error, GISA_EFETCH);
	T_OK(got[C_CHUNKCUT].errmsg != NULL);
	t_context("connection refused");
	T_INTEQ(got[C_REFUSED].error, GISA_EFETCH);
	T_OK(has(&got[C_REFUSED], "robots.txt unreachable"));
	t_context("not http");
	T_INTEQ(got[C_BADSCHEME].error, GISA_EINVAL);
	T_OK(has(&got[C_BADSCHEME], "http"));
	t_context("not a URL");
	T_INTEQ(got[C_NOTURL].error, GISA_EINVAL);
}

static void check_status_faults(void)
{
	t_context("500 then 200");
	T_INTEQ(got[C_FLAKY].error, 0);
	T_INTEQ(got[C_FLAKY].status, 200);
	T_INTEQ(got[C_FLAKY].attempts, 2);
	t_context("429 with Retry-After then 200");
	T_INTEQ(got[C_RATE].error, 0);
	T_INTEQ(got[C_RATE].attempts, 2);
	t_context("429 with a Retry-After over the limit");
	T_INTEQ(got[C_RATELONG].error, GISA_EHTTP);
	T_INTEQ(got[C_RATELONG].attempts, 1);
	T_OK(has(&got[C_RATELONG], "Retry-After"));
	t_context("503 every time");
	T_INTEQ(got[C_503].error, GISA_EHTTP);
	T_INTEQ(got[C_503].status, 503);
	T_INTEQ(got[C_503].attempts, 3);
	t_context("404 is not retried");
	T_INTEQ(got[C_404].error, GISA_EHTTP);
	T_INTEQ(got[C_404].status, 404);
	T_INTEQ(got[C_404].attempts, 1);
	T_OK(has(&got[C_404], "HTTP 404"));
}

static void check_redirects(void)
{
	t_context("redirect loop");
	T_INTEQ(got[C_LOOP].error, GISA_ELIMIT);
	T_INTEQ(got[C_LOOP].redirects, 10);
	T_OK(has(&got[C_LOOP], "redirects"));
	t_context("three redirects");
	T_INTEQ(got[C_REDIR].error, 0);
	T_INTEQ(got[C_REDIR].redirects, 3);
	T_OK(got[C_REDIR].final_url &&
	     strstr(got[C_REDIR].final_url, "/redirect/0"));
	T_OK(got[C_REDIR].url && strstr(got[C_REDIR].url, "/redirect/3"));
	t_context("redirect to a disallowed path on another host");
	T_INTEQ(got[C_GOTO_PRIVATE].error, GISA_EROBOTS);
	T_OK(has(&got[C_GOTO_PRIVATE], "/private/x"));
	T_OK(got[C_GOTO_PRIVATE].final_url &&
	     strstr(got[C_GOTO_PRIVATE].final_url, "deny.test"));
}

static void check_robots(const ts_req *log, size_t n)
{
	t_context("robots.txt disallowing a path");
	T_INTEQ(got[C_PRIVATE].error, GISA_EROBOTS);
	T_OK(has(&got[C_PRIVATE], "robots.txt disallows /private/y"));
	T_INTEQ(got[C_GISAONLY].error, GISA_EROBOTS);
	T_INTEQ(got[C_DENY_OK].error, 0);
	T_INTEQ(ts_count(log, n, "deny.test", "/private"), 0);
	T_INTEQ(ts_count(log, n, "deny.test", "/gisa-only"), 0);
	t_context("robots.txt timing out");
	T_INTEQ(got[C_RSLOW1].error, GISA_ETIMEOUT);
	T_INTEQ(got[C_RSLOW2].error, GISA_ETIMEOUT);
	T_OK(has(&got[C_RSLOW1], "robots.txt unreachable"));
	T_INTEQ(ts_count(log, n, "robots-slow.test", "/page"), 0);
	T_INTEQ(ts_count(log, n, "robots-slow.test", "/robots.txt"), 1);
	t_context("robots.txt answering 500");
	T_INTEQ(got[C_R500].error, GISA_EROBOTS);
	T_OK(has(&got[C_R500], "HTTP 500"));
	T_INTEQ(ts_count(log, n, "robots-500.test", "/page"), 0);
	t_context("robots.txt fetched once per host");
	T_INTEQ(ts_count(log, n, "a.test", "/robots.txt"), 1);
	T_INTEQ(ts_count(log, n, "deny.test", "/robots.txt"), 1);
}

static void check_bodies(const ts_req *log, size_t n)
{
	t_context("endless body");
	T_INTEQ(got[C_ENDLESS].error, 0);
	T_INTEQ(got[C_ENDLESS].truncated, 1);
	T_INTEQ(got[C_ENDLESS].body_len, MAX_BODY);
	t_context("gzip bomb");
	T_INTEQ(got[C_BOMB].error, 0);
	T_INTEQ(got[C_BOMB].truncated, 1);
	T_INTEQ(got[C_BOMB].body_len, MAX_BODY);
	t_context("gzip and deflate");
	T_OK(body_has(&got[C_GZIP], "<h1>Article /gzip</h1>"));
	T_OK(body_has(&got[C_DEFLATE], "<h1>Article /deflate</h1>"));
	for (size_t i = 0; i < n; i++)
		if (!strcmp(log[i].path, "/bomb"))
			T_OKF(strstr(log[i].ae, "gzip") != NULL, "sent: %s",
			      log[i].ae);
	t_context("missing and wrong Content-Type");
	T_INTEQ(got[C_NOTYPE].error, 0);
	T_OK(got[C_NOTYPE].content_type == NULL);
	T_OK(got[C_NOTYPE].charset == NULL);
	T_OK(body_has(&got[C_NOTYPE], "<h1>Article /notype</h1>"));
	T_STREQ(got[C_WRONGTYPE].content_type, "application/octet-stream");
	T_OK(body_has(&got[C_WRONGTYPE], "<h1>Article /wrongtype</h1>"));
	t_context("EUC-KR, charset in the header only");
	T_INTEQ(got[C_EUCKR_H].error, 0);
	T_STREQ(got[C_EUCKR_H].charset, "euc-kr");
	T_OK(body_has(&got[C_EUCKR_H], "\xb1\xe2\xbb\xe7")); /* 기사 */
	t_context("EUC-KR, charset in <meta> only");
	T_OK(got[C_EUCKR_M].charset == NULL);
	T_OK(body_has(&got[C_EUCKR_M], "charset=euc-kr"));
	T_OK(body_has(&got[C_EUCKR_M], "\xb1\xe2\xbb\xe7"));
}

static void check_conditional(void)
{
	t_context("validators recorded");
	T_INTEQ(got[C_ETAG_PLAIN].status, 200);
	T_STREQ(got[C_ETAG_PLAIN].etag, "\"v1\"");
	T_STREQ(got[C_ETAG_PLAIN].last_modified,
		"Wed, 21 Oct 2015 07:28:00 GMT");
	t_context("304 on If-None-Match");
	T_INTEQ(got[C_ETAG_INM].error, 0);
	T_INTEQ(got[C_ETAG_INM].status, 304);
	T_INTEQ(got[C_ETAG_INM].not_modified, 1);
	T_OK(got[C_ETAG_INM].body == NULL);
	t_context("304 on If-Modified-Since");
	T_INTEQ(got[C_ETAG_IMS].status, 304);
	T_INTEQ(got[C_ETAG_IMS].not_modified, 1);
}

static void test_faults(void)
{
	char entries[8][64];
	const char *resolve[9];
	static const char *hosts[] = { "a.test", "deny.test", "rate.test",
		"robots-slow.test", "robots-500.test", NULL };
	gisa_fetch_opts o;
	ts_req *log;
	size_t n, i;

	for (i = 0; hosts[i]; i++) {
		snprintf(entries[i], sizeof entries[i], "%s:%d:127.0.0.1",
			 hosts[i], srv.port);
		resolve[i] = entries[i];
	}
	resolve[i] = NULL;
	fast_opts(&o, resolve);
	T_INTEQ(gisa_fetcher_new(&o, on_result, NULL, &fetcher), 0);
	if (!fetcher)
		return;
	for (i = 0; i < C__N; i++)
		if (i != C_CHILD)
			T_INTEQ(add_case((int)i), 0);
	T_INTEQ(gisa_fetcher_run(fetcher), 0);
	T_INTEQ(gisa_fetcher_pending(fetcher), 0);
	gisa_fetcher_free(fetcher);
	for (i = 0; i < C__N; i++) {
		char label[64];
		snprintf(label, sizeof label, "case %zu", i);
		t_context(label);
		T_INTEQ(calls[i], 1);
		T_OK(got[i].url != NULL);
		/* Every failure says what failed. */
		T_OK(got[i].error == 0 || got[i].errmsg != NULL);
	}
	log = ts_log(&srv, &n);
	check_plain();
	check_transport_faults();
	check_status_faults();
	check_redirects();
	check_robots(log, n);
	check_bodies(log, n);
	check_conditional();
	/* The 429's Retry-After (1 s) was waited out before asking again. */
	t_context("Retry-After honoured");
	{
		double t0 = nth_time(log, n, "/ratelimit/1", 0);
		double t1 = nth_time(log, n, "/ratelimit/1", 1);
		T_OKF(t0 >= 0 && t1 >= 0 && t1 - t0 >= 1.0,
		      "retried %.3f s after the 429", t1 - t0);
	}
	t_context("User-Agent names gisa and a contact URL");
	T_OK(n > 0 && strncmp(log[0].ua, "gisa/", 5) == 0 &&
	     strstr(log[0].ua, "(+http"));
	t_context(NULL);
	free(log);
	for (i = 0; i < C__N; i++)
		gisa_fetch_result_clear(&got[i]);
}

/* Per-host limit 1 and delay D: the server never sees two requests to a
 * host closer than D, nor closer than a robots.txt Crawl-delay. */
static void on_polite(gisa_fetch_result *res, void *ctx)
{
	int *failed = ctx;
	if (res->error)
		(*failed)++;
}

static void test_politeness(void)
{
	const long D = 300;
	char e[3][64], url[256];
	const char *resolve[4];
	const char *hosts[3] = { "p1.test", "p2.test", "delay.test" };
	gisa_fetch_opts o;
	gisa_fetcher *f = NULL;
	int failed = 0;
	ts_req *log;
	size_t n;

	for (int i = 0; i < 3; i++) {
		snprintf(e[i], sizeof e[i], "%s:%d:127.0.0.1", hosts[i],
			 srv.port);
		resolve[i] = e[i];
	}
	resolve[3] = NULL;
	fast_opts(&o, resolve);
	o.max_per_host = 1;
	o.delay_ms = D;
	o.jitter_ms = 50;
	T_INTEQ(gisa_fetcher_new(&o, on_polite, &failed, &f), 0);
	if (!f)
		return;
	for (int i = 0; i < 5; i++)
		for (int h = 0; h < 3; h++) {
			snprintf(url, sizeof url, "http://%s:%d/page/p%d",
				 hosts[h], srv.port, i);
			gisa_fetcher_add_url(f, url, NULL);
		}
	T_INTEQ(gisa_fetcher_run(f), 0);
	gisa_fetcher_free(f);
	T_INTEQ(failed, 0);
	log = ts_log(&srv, &n);
	for (int h = 0; h < 3; h++) {
		size_t k;
		double gap = ts_min_gap(log, n, hosts[h], &k), want;

		want = h == 2 ? 0.4 : D / 1000.0; /* delay.test: Crawl-delay */
		t_context(hosts[h]);
		T_INTEQ(k, 6); /* robots.txt and five pages */
		T_OKF(gap >= want, "two requests %.3f s apart, want >= %.3f",
		      gap, want);
	}
	t_context(NULL);
	free(log);
}

/* Arrival times of the logged requests whose path starts with prefix,
 * to host (NULL: any), in order; returns how many (at most max). */
static size_t times_of(const ts_req *log, size_t n, const char *host,
		       const char *prefix, double *out, size_t max)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k < max; i++)
		if ((!host || !strcmp(log[i].host, host)) &&
		    !strncmp(log[i].path, prefix, strlen(prefix)))
			out[k++] = log[i].t;
	return k;
}

/* Concurrency limits seen by the server: each /sleep page takes 0.3 s,
 * so with at most L in flight the (i+L)-th arrival comes at least 0.3 s
 * after the i-th. Global limit 3, per-host limit 2, politeness off. */
static void test_limits(void)
{
	const char *hosts[3] = { "l1.test", "l2.test", "l3.test" };
	const int pages[3] = { 6, 3, 3 };
	char e[3][64], url[256];
	const char *resolve[4];
	gisa_fetch_opts o;
	gisa_fetcher *f = NULL;
	int failed = 0;
	double t[16];
	size_t n, k;
	ts_req *log;

	for (int h = 0; h < 3; h++) {
		snprintf(e[h], sizeof e[h], "%s:%d:127.0.0.1", hosts[h],
			 srv.port);
		resolve[h] = e[h];
	}
	resolve[3] = NULL;
	fast_opts(&o, resolve);
	o.max_total = 3;
	o.max_per_host = 2;
	T_INTEQ(gisa_fetcher_new(&o, on_polite, &failed, &f), 0);
	if (!f)
		return;
	for (int h = 0; h < 3; h++)
		for (int i = 0; i < pages[h]; i++) {
			snprintf(url, sizeof url, "http://%s:%d/sleep/%d",
				 hosts[h], srv.port, i);
			gisa_fetcher_add_url(f, url, NULL);
		}
	T_INTEQ(gisa_fetcher_run(f), 0);
	gisa_fetcher_free(f);
	T_INTEQ(failed, 0);
	log = ts_log(&srv, &n);
	t_context("per-host limit 2");
	k = times_of(log, n, "l1.test", "/sleep/", t, 16);
	T_INTEQ(k, 6);
	for (size_t i = 0; i + 2 < k; i++)
		T_OKF(t[i + 2] - t[i] >= 0.3, "3 requests to one host within "
		      "%.3f s", t[i + 2] - t[i]);
	t_context("global limit 3");
	k = times_of(log, n, NULL, "/sleep/", t, 16);
	T_INTEQ(k, 12);
	for (size_t i = 0; i + 3 < k; i++)
		T_OKF(t[i + 3] - t[i] >= 0.3, "4 requests within %.3f s",
		      t[i + 3] - t[i]);
	t_context(NULL);
	free(log);
}

/* Cookies are off unless asked for; then they are kept across requests. */
static const char *cookie_sent(int cookies, const char *host)
{
	static char sent[128];
	char e[64], url[256];
	const char *resolve[2] = { e, NULL };
	gisa_fetch_opts o;
	gisa_fetcher *f = NULL;
	int failed = 0;
	ts_req *log;
	size_t n;

	snprintf(e, sizeof e, "%s:%d:127.0.0.1", host, srv.port);
	fast_opts(&o, resolve);
	o.max_per_host = 1; /* in order: the cookie comes first */
	o.cookies = cookies;
	if (gisa_fetcher_new(&o, on_polite, &failed, &f))
		return "(no fetcher)";
	snprintf(url, sizeof url, "http://%s:%d/setcookie", host, srv.port);
	gisa_fetcher_add_url(f, url, NULL);
	snprintf(url, sizeof url, "http://%s:%d/page/c", host, srv.port);
	gisa_fetcher_add_url(f, url, NULL);
	gisa_fetcher_run(f);
	gisa_fetcher_free(f);
	snprintf(sent, sizeof sent, "(not requested)");
	log = ts_log(&srv, &n);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(log[i].host, host) &&
		    !strcmp(log[i].path, "/page/c"))
			snprintf(sent, sizeof sent, "%s", log[i].cookie);
	free(log);
	return failed ? "(failed)" : sent;
}

static void test_cookies(void)
{
	t_context("cookies");
	T_STREQ(cookie_sent(0, "cookie-off.test"), "");
	T_STREQ(cookie_sent(1, "cookie-on.test"), "k=v");
	t_context(NULL);
}

/* The proxy comes from the environment: with http_proxy pointing at the
 * test server, a name no DNS knows is fetched through it. */
static void test_proxy(void)
{
	char proxy[64];
	gisa_fetch_opts o;
	gisa_fetch_result r;
	ts_req *log;
	size_t n, seen = 0;

	snprintf(proxy, sizeof proxy, "http://127.0.0.1:%d", srv.port);
	setenv("http_proxy", proxy, 1);
	unsetenv("no_proxy");
	unsetenv("NO_PROXY");
	fast_opts(&o, NULL);
	t_context("proxy from http_proxy");
	T_INTEQ(gisa_fetch_one(&o, "http://proxied.invalid/page/px", &r), 0);
	unsetenv("http_proxy");
	T_OK(body_has(&r, "<h1>Article /page/px</h1>"));
	gisa_fetch_result_clear(&r);
	log = ts_log(&srv, &n);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(log[i].path, "http://proxied.invalid/page/px"))
			seen++;
	T_INTEQ(seen, 1);
	free(log);
	t_context(NULL);
}

/* gisa_fetcher_stop: what is not done ends with GISA_EINTR, and every
 * request still gets exactly one callback. */
struct stopper {
	gisa_fetcher *f;
	int results, eintr;
};

static void on_stop(gisa_fetch_result *res, void *ctx)
{
	struct stopper *s = ctx;

	s->results++;
	if (res->error == GISA_EINTR)
		s->eintr++;
	gisa_fetcher_stop(s->f);
}

static void test_stop(void)
{
	char e[64], url[256];
	const char *resolve[2] = { e, NULL };
	gisa_fetch_opts o;
	struct stopper s = { 0 };

	snprintf(e, sizeof e, "stop.test:%d:127.0.0.1", srv.port);
	fast_opts(&o, resolve);
	o.max_per_host = 1;
	o.delay_ms = 200;
	T_INTEQ(gisa_fetcher_new(&o, on_stop, &s, &s.f), 0);
	if (!s.f)
		return;
	for (int i = 0; i < 6; i++) {
		snprintf(url, sizeof url, "http://stop.test:%d/page/s%d",
			 srv.port, i);
		gisa_fetcher_add_url(s.f, url, NULL);
	}
	T_INTEQ(gisa_fetcher_run(s.f), 0);
	t_context("stop");
	T_INTEQ(s.results, 6);
	T_INTEQ(s.eintr, 5);
	T_INTEQ(gisa_fetcher_pending(s.f), 0);
	gisa_fetcher_free(s.f);
	t_context(NULL);
}

static void test_api(void)
{
	gisa_fetch_opts o;
	gisa_fetcher *f = NULL;
	gisa_fetch_result r;
	const char *bad[] = { "no-colons", NULL };

	gisa_fetch_opts_init(&o);
	T_INTEQ(o.max_total, 16);
	T_INTEQ(o.max_per_host, 2);
	T_INTEQ(o.delay_ms, 1000);
	T_INTEQ(o.max_body, 10 << 20);
	T_INTEQ(o.max_redirects, 10);
	T_INTEQ(o.ignore_robots, 0);
	T_INTEQ(o.cookies, 0);
	o.resolve = bad;
	T_INTEQ(gisa_fetcher_new(&o, NULL, NULL, &f), GISA_EINVAL);
	T_OK(f == NULL);
	o.resolve = NULL;
	o.max_total = 0;
	T_INTEQ(gisa_fetcher_new(&o, NULL, NULL, &f), GISA_EINVAL);
	/* A fetcher freed with requests queued drops them quietly. */
	T_INTEQ(gisa_fetcher_new(NULL, NULL, NULL, &f), 0);
	T_INTEQ(gisa_fetcher_add_url(f, "http://a.test/", NULL), 0);
	T_INTEQ(gisa_fetcher_add_url(f, NULL, NULL), GISA_EINVAL);
	{
		gisa_fetch_req q = { "http://a.test/", "\"x\"\r\nX-Evil: 1",
				     NULL, NULL };
		T_INTEQ(gisa_fetcher_add(f, &q), GISA_EINVAL);
		q.etag = NULL;
		q.last_modified = "Wed, 21 Oct 2015\n07:28:00 GMT";
		T_INTEQ(gisa_fetcher_add(f, &q), GISA_EINVAL);
	}
	T_INTEQ(gisa_fetcher_pending(f), 1);
	gisa_fetcher_free(f);
	T_INTEQ(gisa_fetch_one(NULL, "gopher://x/", &r), GISA_EINVAL);
	T_OK(r.errmsg != NULL);
	gisa_fetch_result_clear(&r);
}

int main(void)
{
	const char *why = NULL;

	signal(SIGPIPE, SIG_IGN);
	/* Loopback only: a proxy from the environment must not get these. */
	static const char *proxies[] = { "http_proxy", "https_proxy",
		"HTTPS_PROXY", "all_proxy", "ALL_PROXY", NULL };
	for (int i = 0; proxies[i]; i++)
		unsetenv(proxies[i]);
	test_api();
	if (ts_start(&srv, t_path("tests/fetch/server.py"), 60, &why)) {
		ts_stop(&srv);
		t_skip(why);
	}
	test_faults();
	test_politeness();
	test_limits();
	test_cookies();
	test_proxy();
	test_stop();
	ts_stop(&srv);
	return t_done();
}
