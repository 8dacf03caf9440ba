/* bench/fetch.c - fetch throughput, CPU and memory on loopback.
 *
 *   bench-fetch [--pages N] [--hosts H] [--kb K] [--concurrency C]
 *
 * Starts tests/fetch/server.py on 127.0.0.1, then fetches N pages (2000)
 * spread over H virtual hosts (20: h00.bench ... resolved to 127.0.0.1)
 * with politeness off (no delay, per-host limit = concurrency; robots.txt
 * is still asked once per host). Two runs, each in its own process so
 * their memory does not mix: fetch alone, and fetch + extract (each body
 * through gisa_extract() and the JSON record, on the fetch thread).
 *
 * Prints pages/s (wall), CPU seconds of the gisa process (user + system),
 * and peak RSS after 1/4 of the pages and at the end: flat means memory
 * does not grow with the page count. The server is Python: on a small
 * machine it, not gisa, bounds pages/s; CPU per page is gisa's own cost.
 */
#include "error.h"
#include "extract.h"
#include "fetch.h"
#include "record.h"
#include "../tests/unit/testserver.h"

#include <sys/resource.h>

struct bench {
	int extract;
	size_t pages, done, failed, bytes, extract_failed;
	long rss_quarter_kb, rss_end_kb;
};

static long peak_rss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static double cpu_s(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static double wall_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void extract_one(struct bench *b, const gisa_fetch_result *res)
{
	gisa_article a = GISA_ARTICLE_INIT;
	gisa_extract_opts eo = { 0 };
	json_t *o = NULL;
	char *s = NULL;

	eo.url = res->final_url;
	eo.charset = res->charset;
	if (gisa_extract(res->body, res->body_len, &eo, &a) ||
	    gisa_record_to_json(&a, &o) || !(s = json_dumps(o, JSON_COMPACT)) ||
	    !a.paragraphs.n)
		b->extract_failed++;
	free(s);
	json_decref(o);
	gisa_article_clear(&a);
}

static void on_result(gisa_fetch_result *res, void *ctx)
{
	struct bench *b = ctx;

	b->done++;
	if (res->error)
		b->failed++;
	else if (b->extract)
		extract_one(b, res);
	b->bytes += res->body_len;
	if (b->done == b->pages / 4)
		b->rss_quarter_kb = peak_rss_kb();
	if (b->done == b->pages)
		b->rss_end_kb = peak_rss_kb();
}

/* One run in a child process; prints its result line. */
static int run(int port, int extract, size_t pages, int hosts, int kb,
	       int conc)
{
	char (*entries)[64] = calloc((size_t)hosts, sizeof *entries);
	const char **resolve = calloc((size_t)hosts + 1, sizeof *resolve);
	struct bench b = { .extract = extract, .pages = pages };
	gisa_fetch_opts o;
	gisa_fetcher *f = NULL;
	char url[256];
	double t0, c0, wall, cpu;

	for (int h = 0; h < hosts; h++) {
		snprintf(entries[h], sizeof entries[h],
			 "h%02d.bench:%d:127.0.0.1", h, port);
		resolve[h] = entries[h];
	}
	gisa_fetch_opts_init(&o);
	o.max_total = conc;
	o.max_per_host = conc;
	o.delay_ms = 0;
	o.jitter_ms = 0;
	o.resolve = resolve;
	if (gisa_fetcher_new(&o, on_result, &b, &f))
		return 1;
	t0 = wall_s();
	c0 = cpu_s();
	for (size_t i = 0; i < pages; i++) {
		snprintf(url, sizeof url, "http://h%02zu.bench:%d/page/%zu?kb=%d",
			 i % (size_t)hosts, port, i, kb);
		gisa_fetcher_add_url(f, url, NULL);
	}
	gisa_fetcher_run(f);
	wall = wall_s() - t0;
	cpu = cpu_s() - c0;
	gisa_fetcher_free(f);
	printf("%-14s %6zu %6zu %8.2f %8.0f %7.2f %9.3f %9.1f %9.1f%s\n",
	       extract ? "fetch+extract" : "fetch", b.done, b.failed, wall,
	       b.done / wall, cpu, cpu * 1000 / (double)b.done,
	       b.rss_quarter_kb / 1024.0, b.rss_end_kb / 1024.0,
	       b.extract_failed ? "  (some extractions failed)" : "");
	fflush(stdout);
	free(entries);
	free(resolve);
	return b.failed ? 1 : 0;
}

static long arg_long(int argc, char **argv, const char *name, long def)
{
	for (int i = 1; i + 1 < argc; i++)
		if (!strcmp(argv[i], name))
			return strtol(argv[i + 1], NULL, 10);
	return def;
}

int main(int argc, char **argv)
{
	size_t pages = (size_t)arg_long(argc, argv, "--pages", 2000);
	int hosts = (int)arg_long(argc, argv, "--hosts", 20);
	int kb = (int)arg_long(argc, argv, "--kb", 12);
	int conc = (int)arg_long(argc, argv, "--concurrency", 16);
	const char *src = getenv("GISA_SRC");
	char script[4096];
	const char *why = NULL;
	ts_server srv;
	int rc = 0;

	/* Loopback only: a proxy from the environment must not get these. */
	unsetenv("http_proxy");
	unsetenv("all_proxy");
	unsetenv("ALL_PROXY");
	if (pages < 4 || hosts < 1 || hosts > 1000 || kb < 1 || conc < 1) {
		fprintf(stderr, "usage: bench-fetch [--pages N>=4] [--hosts H] "
			"[--kb K] [--concurrency C]\n");
		return 2;
	}
	if (src) {
		snprintf(script, sizeof script, "%s/tests/fetch/server.py",
			 src);
	} else {
		/* CMake compiles with absolute paths: .../bench/fetch.c */
		snprintf(script, sizeof script, "%s", __FILE__);
		if (strrchr(script, '/'))
			*strrchr(script, '/') = '\0';
		strncat(script, "/../tests/fetch/server.py",
			sizeof script - strlen(script) - 1);
	}
	if (ts_start(&srv, script, 900, &why)) {
		fprintf(stderr, "bench-fetch: %s\n", why);
		ts_stop(&srv);
		return 77;
	}
	printf("bench/fetch: %zu pages of ~%d KiB over %d hosts, %d transfers "
	       "at once, politeness off\n(loopback; the server is Python, so "
	       "pages/s is bounded by it: cpu ms/page is gisa's cost)\n\n",
	       pages, kb, hosts, conc);
	printf("%-14s %6s %6s %8s %8s %7s %9s %9s %9s\n", "mode", "pages",
	       "failed", "wall s", "pages/s", "cpu s", "cpu ms/pg",
	       "rss@1/4MB", "rss@end");
	fflush(stdout);
	for (int extract = 0; extract <= 1; extract++) {
		pid_t pid = fork();
		int status = 0;

		if (pid == 0)
			_exit(run(srv.port, extract, pages, hosts, kb, conc));
		if (pid < 0 || waitpid(pid, &status, 0) < 0 ||
		    !WIFEXITED(status) || WEXITSTATUS(status))
			rc = 1;
	}
	ts_stop(&srv);
	return rc;
}
