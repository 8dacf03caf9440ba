/* parse.c - bench-parse: what decoding and text extraction cost on top of
 * libxml2's parser.
 *
 * Over every page of the AEB set, in one run, it times (a) the bare
 * libxml2 HTML parse and (b) gisa's decode + parse + text of the whole
 * page, in alternating rounds so that machine noise hits both alike, and
 * prints pages/s, MB/s and the ratio b/a (speed relative to bare parse).
 *
 *   bench-parse [ROUNDS]      (default 5; GISA_SHARED locates the data)
 */
#include "corpus.h"
#include "extract.h"
#include "html.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double run_bare(const bench_corpus *c)
{
	double t0 = bench_cpu();
	for (size_t i = 0; i < c->n; i++) {
		htmlDocPtr d = htmlReadMemory(c->pages[i].data,
					      (int)c->pages[i].len, NULL,
					      "UTF-8", gisa_html_options());
		xmlFreeDoc(d);
	}
	return bench_cpu() - t0;
}

static double run_gisa(const bench_corpus *c, size_t *chars)
{
	double t0 = bench_cpu();
	for (size_t i = 0; i < c->n; i++) {
		gisa_doc *doc = NULL;
		if (gisa_page_parse(c->pages[i].data, c->pages[i].len, NULL,
				    NULL, &doc, NULL) == 0) {
			char *s = gisa_text((xmlNodePtr)doc->xml);
			*chars += s ? strlen(s) : 0;
			free(s);
		}
		gisa_doc_free(doc);
	}
	return bench_cpu() - t0;
}

int main(int argc, char **argv)
{
	const char *dir = bench_shared("data/aeb/html");
	int rounds = argc > 1 ? atoi(argv[1]) : 5;
	bench_corpus c;
	double bare = 0, full = 0, mb;
	size_t chars = 0;

	if (!dir) {
		fprintf(stderr, "bench-parse: ../shared/data/aeb/html not found "
				"(set GISA_SHARED)\n");
		return 77;
	}
	if (bench_corpus_load(dir, &c) < 0 || !c.n)
		return 1;
	xmlInitParser();
	run_bare(&c); /* warm caches and the allocator */
	for (int r = 0; r < rounds; r++) {
		bare += run_bare(&c);
		full += run_gisa(&c, &chars);
	}
	mb = (double)c.bytes * rounds / 1e6;
	printf("pages: %zu (%.1f MB), rounds: %d, CPU time\n", c.n,
	       (double)c.bytes / 1e6, rounds);
	printf("(a) bare libxml2 parse      %8.1f pages/s %7.1f MB/s\n",
	       (double)c.n * rounds / bare, mb / bare);
	printf("(b) decode + parse + text   %8.1f pages/s %7.1f MB/s\n",
	       (double)c.n * rounds / full, mb / full);
	printf("ratio (b)/(a): %.2f   (text out: %.1f MB per round)\n",
	       bare / full, (double)chars / rounds / 1e6);
	printf("peak RSS: %.1f MB\n", bench_peak_rss_mb());
	bench_corpus_free(&c);
	return 0;
}
