/* cli_fetch.c - `gisa fetch`: URLs in, fetch records or articles out.
 *
 * URLs come from the arguments and, for "-", from stdin, one per line.
 * They are fed to the fetcher a window at a time, so a list of a million
 * URLs costs the memory of the window, not of the list. Each result is
 * printed as it comes (JSON Lines on stdout); failures are named on stderr
 * as they happen; the progress display goes to stderr too.
 */
#include "cli.h"
#include "error.h"
#include "extract.h"
#include "fetch.h"
#include "record.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define WINDOW 10000     /* URLs handed to the fetcher ahead of results */
#define MAX_RESOLVE 64
#define USAGE "gisa fetch [--extract] [--out DIR] [OPTIONS] URL...|-"

struct run {
	gisa_fetcher *f;
	int extract, quiet, tty;
	const char *out_dir;
	const char *etag, *last_modified;
	char **args;          /* URL arguments; "-" reads stdin there */
	int nargs, next_arg;
	FILE *in;             /* stdin while it is being read */
	size_t added, done, ok, failed, stopped;
	size_t bytes;
	double started;
	double last_draw;
};

static volatile sig_atomic_t interrupted;
static gisa_fetcher *running_fetcher;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
	gisa_fetcher_stop(running_fetcher);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* --- feeding URLs ------------------------------------------------------ */

/* The next URL line from stdin (trimmed, no blanks or # comments), or
 * NULL at its end. Lines longer than the buffer are skipped whole. */
static char *read_url(struct run *r, char *buf, size_t n)
{
	while (fgets(buf, (int)n, r->in)) {
		size_t len = strlen(buf);
		char *s = buf;

		if (len == n - 1 && buf[len - 1] != '\n') {
			int c;
			while ((c = fgetc(r->in)) != EOF && c != '\n')
				;
			fprintf(stderr, "gisa fetch: skipped a line longer "
				"than %zu bytes\n", n - 2);
			continue;
		}
		while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r' ||
			       buf[len - 1] == ' ' || buf[len - 1] == '\t'))
			buf[--len] = '\0';
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s && *s != '#')
			return s;
	}
	r->in = NULL;
	return NULL;
}

static int add_one(struct run *r, const char *url)
{
	gisa_fetch_req q = { url, r->etag, r->last_modified, NULL };
	int rc = gisa_fetcher_add(r->f, &q);

	if (rc) {
		fprintf(stderr, "gisa fetch: %s: %s\n", url, gisa_strerror(rc));
		r->failed++;
		return rc;
	}
	r->added++;
	return 0;
}

/* Keep up to WINDOW requests in the fetcher. */
static void feed(struct run *r)
{
	char line[GISA_FETCH_MAX_URL + 2];

	while (!interrupted && gisa_fetcher_pending(r->f) < WINDOW) {
		const char *url;

		if (r->in) {
			url = read_url(r, line, sizeof line);
			if (!url)
				continue;
		} else if (r->next_arg < r->nargs) {
			url = r->args[r->next_arg++];
			if (!strcmp(url, "-")) {
				r->in = stdin;
				continue;
			}
		} else {
			return;
		}
		if (add_one(r, url) == GISA_ENOMEM)
			return;
	}
}

/* --- progress ---------------------------------------------------------- */

static int feeding_done(const struct run *r)
{
	return !r->in && r->next_arg >= r->nargs;
}

static void draw_bar(struct run *r, int force)
{
	double t = now_s(), rate;
	char bar[31];
	size_t total = r->added, fill;

	if (!force && t - r->last_draw < 0.1)
		return;
	r->last_draw = t;
	rate = r->done / fmax(t - r->started, 1e-3);
	if (feeding_done(r) && total) {
		fill = r->done * 30 / total;
		memset(bar, '#', fill);
		memset(bar + fill, '.', 30 - fill);
		bar[30] = '\0';
		fprintf(stderr, "\r[%s] %zu/%zu  ok %zu  failed %zu  %.1f MB"
			"  %.1f/s \033[K", bar, r->done, total, r->ok, r->failed,
			r->bytes / 1e6, rate);
	} else {
		fprintf(stderr, "\r%zu done  ok %zu  failed %zu  %.1f MB  "
			"%.1f/s \033[K", r->done, r->ok, r->failed,
			r->bytes / 1e6, rate);
	}
}

/* A line on stderr that must not be overwritten by the bar. */
static void say(struct run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(struct run *r, const char *fmt, ...)
{
	va_list ap;

	if (r->tty)
		fputs("\r\033[K", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void fail(struct run *r, const char *url, const char *what)
{
	r->failed++;
	say(r, "gisa fetch: failed: %s: %s", url, what);
}

/* --- output ------------------------------------------------------------ */

/* A JSON string for s; bytes that are not UTF-8 (headers may hold
 * anything) become '?', since JSON text must be UTF-8. */
static json_t *jstr(const char *s)
{
	json_t *j = json_string(s);
	char *copy;

	if (j)
		return j;
	copy = strdup(s);
	if (!copy)
		return NULL;
	for (char *c = copy; *c; c++)
		if ((unsigned char)*c >= 0x80)
			*c = '?';
	j = json_string(copy);
	free(copy);
	return j;
}

static void put_str(json_t *o, const char *key, const char *s)
{
	if (s && *s)
		json_object_set_new(o, key, jstr(s));
}

static void iso_time(time_t t, char *buf, size_t n)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void print_json(json_t *o)
{
	char *s = o ? json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(6)) : NULL;

	if (s) {
		fputs(s, stdout);
		fputc('\n', stdout);
		free(s);
	}
}

/* The fetch record: what happened to one URL. */
static void print_fetch_record(const gisa_fetch_result *res,
			       const char *file)
{
	json_t *o = json_object();
	char when[32];

	if (!o)
		return;
	put_str(o, "url", res->url);
	put_str(o, "final_url", res->final_url);
	if (res->status)
		json_object_set_new(o, "status", json_integer(res->status));
	if (res->not_modified)
		json_object_set_new(o, "not_modified", json_true());
	put_str(o, "content_type", res->content_type);
	put_str(o, "charset", res->charset);
	put_str(o, "etag", res->etag);
	put_str(o, "last_modified", res->last_modified);
	json_object_set_new(o, "bytes", json_integer((json_int_t)res->body_len));
	if (res->truncated)
		json_object_set_new(o, "truncated", json_true());
	json_object_set_new(o, "attempts", json_integer(res->attempts));
	if (res->redirects)
		json_object_set_new(o, "redirects",
				    json_integer(res->redirects));
	json_object_set_new(o, "time_total", json_real(res->t_total));
	json_object_set_new(o, "time_connect", json_real(res->t_connect));
	json_object_set_new(o, "time_ttfb", json_real(res->t_ttfb));
	iso_time(res->fetched_at, when, sizeof when);
	put_str(o, "fetched_at", when);
	put_str(o, "file", file);
	if (res->error) {
		put_str(o, "error", gisa_strerror(res->error));
		put_str(o, "message", res->errmsg);
	}
	print_json(o);
	json_decref(o);
}

static int extract_and_print(struct run *r, const gisa_fetch_result *res)
{
	gisa_article a = GISA_ARTICLE_INIT;
	gisa_extract_opts eo = { 0 };
	json_t *o = NULL;
	char when[32];
	int rc;

	if (!gisa_fetch_is_html(res->content_type, res->body,
				res->body_len)) {
		fail(r, res->url, "not an HTML page");
		return -1;
	}
	iso_time(res->fetched_at, when, sizeof when);
	eo.url = res->final_url ? res->final_url : res->url;
	eo.charset = res->charset;
	eo.fetched_at = when;
	rc = gisa_extract(res->body, res->body_len, &eo, &a);
	if (rc == 0)
		rc = gisa_record_to_json(&a, &o);
	if (rc == 0)
		print_json(o);
	else
		fail(r, res->url, gisa_strerror(rc));
	json_decref(o);
	gisa_article_clear(&a);
	return rc;
}

/* --- saving bodies ----------------------------------------------------- */

static int mkdir_p(const char *dir)
{
	char tmp[8192];
	size_t n = strlen(dir);

	if (n >= sizeof tmp)
		return -1;
	memcpy(tmp, dir, n + 1);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0777) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(tmp, 0777) && errno != EEXIST ? -1 : 0;
}

/* DIR/HOST/SLUG-HASH.html: readable, and distinct for distinct URLs. */
static void body_path(const struct run *r, const char *url, char *out,
		      size_t n)
{
	const char *p = strstr(url, "://");
	char host[256], slug[101];
	size_t h = 0, s = 0;
	uint32_t hash = 2166136261u;

	for (const char *c = url; *c; c++)
		hash = (hash ^ (unsigned char)*c) * 16777619u;
	p = p ? p + 3 : url;
	for (; *p && *p != '/' && *p != '?' && *p != '#' && h < 255; p++)
		host[h++] = *p == ':' ? '_' : *p;
	host[h] = '\0';
	if (!h || !strcmp(host, ".") || !strcmp(host, ".."))
		snprintf(host, sizeof host, "_");
	for (; *p && s < 100; p++) {
		unsigned char c = (unsigned char)*p;
		int keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   (c >= '0' && c <= '9') || c == '-' || c == '_' ||
			   c == '.';
		if (keep || (s && slug[s - 1] != '_'))
			slug[s++] = keep ? (char)c : '_';
	}
	while (s && (slug[s - 1] == '_' || slug[s - 1] == '.'))
		s--;
	slug[s] = '\0';
	snprintf(out, n, "%s/%s/%s%s%08x.html", r->out_dir, host,
		 s ? slug : "", s ? "-" : "", hash);
}

static int save_body(struct run *r, const gisa_fetch_result *res,
		     char *path, size_t n)
{
	char dir[8192];
	FILE *f;
	int ok;

	body_path(r, res->final_url ? res->final_url : res->url, path, n);
	snprintf(dir, sizeof dir, "%s", path);
	*strrchr(dir, '/') = '\0';
	if (mkdir_p(dir)) {
		fail(r, res->url, strerror(errno));
		return -1;
	}
	f = fopen(path, "wb");
	if (!f) {
		fail(r, res->url, strerror(errno));
		return -1;
	}
	ok = fwrite(res->body ? res->body : "", 1, res->body_len, f) ==
	     res->body_len;
	ok &= fclose(f) == 0;
	if (!ok) {
		fail(r, res->url, strerror(errno));
		return -1;
	}
	return 0;
}

/* --- the result callback ----------------------------------------------- */

static void on_result(gisa_fetch_result *res, void *ctx)
{
	struct run *r = ctx;
	char path[8192];
	const char *file = NULL;

	r->done++;
	if (res->error == GISA_EINTR) {
		r->stopped++;
		r->failed++;
		goto out;
	}
	if (res->error) {
		fail(r, res->url, res->errmsg ? res->errmsg :
		     gisa_strerror(res->error));
		goto out;
	}
	r->bytes += res->body_len;
	if (r->out_dir && !res->not_modified) {
		if (save_body(r, res, path, sizeof path))
			goto out;
		file = path;
	}
	if (!r->extract)
		print_fetch_record(res, file);
	else if (!res->not_modified && extract_and_print(r, res))
		goto out;
	r->ok++;
	if (!r->tty && !r->quiet)
		say(r, "gisa fetch: %ld %s (%zu bytes%s, %.2f s)", res->status,
		    res->url, res->body_len, res->truncated ? ", cut" : "",
		    res->t_total);
	else if (res->truncated)
		say(r, "gisa fetch: %s: body cut at %zu bytes", res->url,
		    res->body_len);
out:
	fflush(stdout);
	if (r->tty && !r->quiet)
		draw_bar(r, 0);
	feed(r);
}

/* --- options ----------------------------------------------------------- */

static int usage(const char *msg)
{
	if (msg)
		fprintf(stderr, "gisa fetch: %s\n", msg);
	fprintf(stderr, "usage: %s\n(see 'gisa help fetch')\n", USAGE);
	return GISA_EXIT_USAGE;
}

/* Seconds (decimals allowed) to milliseconds; -1 when malformed. */
static long parse_ms(const char *s, double max_s)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end || !isfinite(v) || v < 0 || v > max_s)
		return -1;
	return (long)(v * 1000 + 0.5);
}

static long parse_long(const char *s, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end || errno || v < lo || v > hi)
		return LONG_MIN;
	return v;
}

/* "10M", "512k", "1G", "4096": bytes; 0 when malformed. */
static size_t parse_size(const char *s)
{
	char *end;
	double v = strtod(s, &end);
	double mult = 1;

	if (end == s || !isfinite(v) || v <= 0)
		return 0;
	switch (*end) {
	case 'k': case 'K': mult = 1024; end++; break;
	case 'm': case 'M': mult = 1024 * 1024; end++; break;
	case 'g': case 'G': mult = 1024.0 * 1024 * 1024; end++; break;
	}
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end || v * mult > 4.0 * 1024 * 1024 * 1024)
		return 0;
	return (size_t)(v * mult);
}

enum {
	O_EXTRACT = 256, O_OUT, O_CONC, O_PERHOST, O_DELAY, O_IGNROBOTS,
	O_UA, O_CONTACT, O_TIMEOUT, O_CTIMEOUT, O_LOWSPEED, O_LOWTIME,
	O_MAXSIZE, O_MAXREDIR, O_RETRIES, O_RETRYWAIT, O_RTIMEOUT,
	O_RESOLVE, O_ETAG, O_IMS, O_COOKIES, O_QUIET, O_HELP
};

static const struct option longopts[] = {
	{ "extract", no_argument, 0, O_EXTRACT },
	{ "out", required_argument, 0, O_OUT },
	{ "concurrency", required_argument, 0, O_CONC },
	{ "per-host", required_argument, 0, O_PERHOST },
	{ "delay", required_argument, 0, O_DELAY },
	{ "ignore-robots", no_argument, 0, O_IGNROBOTS },
	{ "user-agent", required_argument, 0, O_UA },
	{ "contact", required_argument, 0, O_CONTACT },
	{ "timeout", required_argument, 0, O_TIMEOUT },
	{ "connect-timeout", required_argument, 0, O_CTIMEOUT },
	{ "low-speed-limit", required_argument, 0, O_LOWSPEED },
	{ "low-speed-time", required_argument, 0, O_LOWTIME },
	{ "max-size", required_argument, 0, O_MAXSIZE },
	{ "max-redirects", required_argument, 0, O_MAXREDIR },
	{ "retries", required_argument, 0, O_RETRIES },
	{ "retry-wait", required_argument, 0, O_RETRYWAIT },
	{ "robots-timeout", required_argument, 0, O_RTIMEOUT },
	{ "resolve", required_argument, 0, O_RESOLVE },
	{ "etag", required_argument, 0, O_ETAG },
	{ "if-modified-since", required_argument, 0, O_IMS },
	{ "cookies", no_argument, 0, O_COOKIES },
	{ "quiet", no_argument, 0, O_QUIET },
	{ "help", no_argument, 0, O_HELP },
	{ 0, 0, 0, 0 }
};

/* Apply one option to o / r. Returns 0, or a usage message. */
static const char *set_option(int c, const char *arg, gisa_fetch_opts *o,
			      struct run *r, const char **resolve, int *nres)
{
	long v;

	switch (c) {
	case O_EXTRACT: r->extract = 1; return 0;
	case O_OUT: r->out_dir = arg; return 0;
	case O_IGNROBOTS: o->ignore_robots = 1; return 0;
	case O_UA: o->user_agent = arg; return 0;
	case O_CONTACT: o->contact = arg; return 0;
	case O_ETAG: r->etag = arg; return 0;
	case O_IMS: r->last_modified = arg; return 0;
	case O_COOKIES: o->cookies = 1; return 0;
	case O_QUIET: r->quiet = 1; return 0;
	case O_CONC:
		if ((v = parse_long(arg, 1, 1024)) == LONG_MIN)
			return "--concurrency must be 1..1024";
		o->max_total = (int)v;
		return 0;
	case O_PERHOST:
		if ((v = parse_long(arg, 1, 1024)) == LONG_MIN)
			return "--per-host must be 1..1024";
		o->max_per_host = (int)v;
		return 0;
	case O_DELAY:
		if ((v = parse_ms(arg, 3600)) < 0)
			return "--delay must be 0..3600 seconds";
		o->delay_ms = v;
		o->jitter_ms = v / 4;
		return 0;
	case O_TIMEOUT:
		if ((v = parse_ms(arg, 86400)) <= 0)
			return "--timeout must be a positive number of seconds";
		o->timeout_ms = v;
		return 0;
	case O_CTIMEOUT:
		if ((v = parse_ms(arg, 3600)) <= 0)
			return "--connect-timeout must be positive seconds";
		o->connect_timeout_ms = v;
		return 0;
	case O_RTIMEOUT:
		if ((v = parse_ms(arg, 3600)) <= 0)
			return "--robots-timeout must be positive seconds";
		o->robots_timeout_ms = v;
		return 0;
	case O_LOWSPEED:
		if ((v = parse_long(arg, 0, 1L << 30)) == LONG_MIN)
			return "--low-speed-limit must be bytes per second";
		o->low_speed_limit = v;
		return 0;
	case O_LOWTIME:
		if ((v = parse_long(arg, 1, 3600)) == LONG_MIN)
			return "--low-speed-time must be 1..3600 seconds";
		o->low_speed_time_s = v;
		return 0;
	case O_MAXSIZE:
		if (!(o->max_body = parse_size(arg)))
			return "--max-size must be a size like 10M, 512k";
		return 0;
	case O_MAXREDIR:
		if ((v = parse_long(arg, 0, 50)) == LONG_MIN)
			return "--max-redirects must be 0..50";
		o->max_redirects = (int)v;
		return 0;
	case O_RETRIES:
		if ((v = parse_long(arg, 0, 20)) == LONG_MIN)
			return "--retries must be 0..20";
		o->max_retries = (int)v;
		return 0;
	case O_RETRYWAIT:
		if ((v = parse_ms(arg, 3600)) < 0)
			return "--retry-wait must be 0..3600 seconds";
		o->backoff_ms = v;
		return 0;
	case O_RESOLVE:
		if (*nres >= MAX_RESOLVE)
			return "too many --resolve";
		if (!strchr(arg, ':') || !strchr(strchr(arg, ':') + 1, ':'))
			return "--resolve takes HOST:PORT:ADDRESS";
		resolve[(*nres)++] = arg;
		return 0;
	default:
		return "unknown option";
	}
}

static void summary(struct run *r, double secs)
{
	if (r->tty && !r->quiet) {
		draw_bar(r, 1);
		fputc('\n', stderr);
	}
	if (r->stopped)
		say(r, "gisa fetch: interrupted: %zu URLs not fetched",
		    r->stopped);
	if (!r->quiet || r->failed)
		say(r, "gisa fetch: %zu fetched, %zu failed in %.1f s", r->ok,
		    r->failed, secs);
}

int gisa_cmd_fetch(int argc, char **argv)
{
	gisa_fetch_opts o;
	struct run r = { 0 };
	const char *resolve[MAX_RESOLVE + 1] = { 0 };
	int nres = 0, c, rc;
	struct sigaction sa = { 0 }, old_sa;

	gisa_fetch_opts_init(&o);
	optind = 1;
	while ((c = getopt_long(argc, argv, "q", longopts, NULL)) != -1) {
		const char *err;
		if (c == O_HELP) {
			printf("usage: %s\n(see 'gisa help fetch')\n", USAGE);
			return GISA_EXIT_OK;
		}
		if (c == 'q')
			c = O_QUIET;
		if (c == '?')
			return usage(NULL);
		if ((err = set_option(c, optarg, &o, &r, resolve, &nres)))
			return usage(err);
	}
	if (optind >= argc)
		return usage("no URL given");
	o.resolve = nres ? resolve : NULL;
	r.args = argv + optind;
	r.nargs = argc - optind;
	r.tty = isatty(2);
	r.started = now_s();
	rc = gisa_fetcher_new(&o, on_result, &r, &r.f);
	if (rc) {
		fprintf(stderr, "gisa fetch: %s\n", gisa_strerror(rc));
		return rc == GISA_EINVAL ? GISA_EXIT_USAGE : GISA_EXIT_FAILED;
	}
	running_fetcher = r.f;
	sa.sa_handler = on_sigint;
	sigaction(SIGINT, &sa, &old_sa);
	feed(&r);
	rc = gisa_fetcher_run(r.f);
	sigaction(SIGINT, &old_sa, NULL);
	running_fetcher = NULL;
	if (rc)
		say(&r, "gisa fetch: %s", gisa_strerror(rc));
	summary(&r, now_s() - r.started);
	gisa_fetcher_free(r.f);
	return r.failed || rc ? GISA_EXIT_FAILED : GISA_EXIT_OK;
}
