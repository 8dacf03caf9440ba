/* bench/store.c - the state database under a run's load, without network:
 * add N URLs, then claim / record a fetch with a raw page / store an
 * article for each, as `gisa run` will. Prints URLs/s per phase, bytes
 * per article on disk and peak RSS.
 *
 *   bench-store [N (default 100000)] [DB (default a temporary file)]
 */
#include "article.h"
#include "buf.h"
#include "corpus.h"
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static long long file_size(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (long long)sb.st_size : 0;
}

/* page - a news-like page of about 30 KB, different for each i. */
static void page(gisa_buf *b, long i)
{
	gisa_buf_truncate(b, 0);
	gisa_buf_printf(b, "<!DOCTYPE html><html><head><title>Story %ld"
			"</title><meta charset=utf-8></head><body><nav>"
			"<a href=/>Home</a><a href=/world>World</a></nav>"
			"<article><h1>Story %ld</h1>", i, i);
	for (int p = 0; p < 40; p++)
		gisa_buf_printf(b, "<p>Paragraph %d of story %ld: officials "
				"said on %ld that the figures for quarter %d "
				"rose by %ld.%d percent, above forecasts of "
				"%d analysts polled.</p>\n", p, i,
				i * 7 % 31 + 1, p % 4 + 1, i % 97, p,
				(int)(i % 40) + p);
	for (int k = 0; k < 200; k++)
		gisa_buf_printf(b, "<li><a href=/related/%d>Related %d</a>"
				"</li>", k, k);
	gisa_buf_puts(b, "</article><footer>(c) Example</footer></body>"
		      "</html>");
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 100000;
	char path[256];
	gisa_store *st = NULL;
	gisa_buf html = GISA_BUF_INIT;
	gisa_store_url *urls;
	char (*names)[64];
	double t, t_add, t_run;
	long done = 0, raw = 0;
	int rc;

	if (argc > 2)
		snprintf(path, sizeof path, "%s", argv[2]);
	else
		snprintf(path, sizeof path, "/tmp/bench-store-%d.db",
			 (int)getpid());
	if (n < 1 || (rc = gisa_store_open(path, 0, &st))) {
		fprintf(stderr, "bench-store: %s\n", gisa_store_errmsg(st));
		return 1;
	}
	gisa_store_lock(st);
	gisa_store_run_begin(st, NULL);
	urls = calloc(1000, sizeof *urls);
	names = calloc(1000, sizeof *names);

	t = bench_wall();
	for (long i = 0; i < n; i += 1000) {
		long k = n - i < 1000 ? n - i : 1000;
		for (long j = 0; j < k; j++) {
			snprintf(names[j], sizeof names[j],
				 "https://news.example.com/a/%ld?utm_source=rss",
				 i + j);
			urls[j].url = names[j];
		}
		gisa_store_add_urls(st, "bench", urls, (size_t)k, 0);
	}
	t_add = bench_wall() - t;

	t = bench_wall();
	for (;;) {
		gisa_claim *c;
		size_t got;
		if (gisa_store_claim(st, NULL, 100, 600, &c, &got) <= 0)
			break;
		for (size_t j = 0; j < got; j++) {
			gisa_store_fetch f = { 200, "\"e\"", NULL, NULL,
					       "text/html", "utf-8", NULL, 0 };
			gisa_article a = GISA_ARTICLE_INIT;
			char p[128];
			page(&html, (long)c[j].id);
			f.body = html.data;
			f.body_len = html.len;
			raw += (long)html.len;
			gisa_store_fetched(st, c[j].id, &f);
			gisa_article_set(&a.url, c[j].url);
			gisa_article_set(&a.title, "Story");
			for (int k = 0; k < 8; k++) {
				snprintf(p, sizeof p, "Paragraph %d of story "
					 "%lld with its own text.", k, c[j].id);
				gisa_strv_push(&a.paragraphs, p);
			}
			if (gisa_store_put_article(st, c[j].id, &a, NULL) > 0)
				done++;
			gisa_article_clear(&a);
		}
		gisa_store_claims_free(c, got);
	}
	t_run = bench_wall() - t;
	gisa_store_run_end(st, "ok", NULL);
	gisa_store_close(st);

	printf("urls             %ld\n", n);
	printf("add              %.0f URLs/s\n", n / t_add);
	printf("claim+fetch+put  %.0f URLs/s (%ld articles)\n", done / t_run,
	       done);
	printf("raw page         %.1f KB average\n", raw / 1024.0 / done);
	printf("db size          %.1f MB, %.0f bytes per article "
	       "(raw page, record, URL row)\n", file_size(path) / 1048576.0,
	       (double)file_size(path) / done);
	printf("peak RSS         %.1f MB\n", bench_peak_rss_mb());
	if (argc <= 2) {
		char aux[300];
		unlink(path);
		snprintf(aux, sizeof aux, "%s-wal", path);
		unlink(aux);
		snprintf(aux, sizeof aux, "%s-shm", path);
		unlink(aux);
		snprintf(aux, sizeof aux, "%s.lock", path);
		unlink(aux);
	}
	free(urls);
	free(names);
	gisa_buf_free(&html);
	return 0;
}
