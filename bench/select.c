/* bench/select.c - CSS selector speed on real pages.
 *
 * Parses every page (*.html.gz) of $GISA_SHARED/data/aeb/html (GISA_SHARED
 * defaults to ../shared), then runs a set of typical rule selectors on
 * each and prints per selector the matches, the time, the elements
 * examined per second, and the whole set's time relative to parsing the
 * page. Each time is the minimum over the rounds (the machine may be
 * shared), and each page's tree is walked once before its selectors are
 * timed, as a rule runs right after the parse that built the tree.
 * Usage: bench-select [rounds] (default 5).
 */
#include "html.h"
#include "select.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

static const char *const selectors[] = {
	"article p",
	"div.content > p",
	"meta[property='og:title']",
	"h1",
	":is(header, footer) a",
	"p:not(.caption)",
	"[itemprop=articleBody] p",
	"meta[name=description], meta[name='twitter:title']",
	"link[rel=canonical]",
	"script[type='application/ld+json']",
	"time[datetime]",
	"a[href*=author], [rel=author], .byline, .author",
	"div[class*=article] p",
	"figure figcaption",
	"ul li a",
	"article :is(h1, h2, h3)",
	"main article > div p:first-child",
	"p:has(> a)",
	"div:has(> p) > p:nth-child(2n+1)",
	"body div div div p",
	"[class~=story] :not(script, style)",
	"p:contains(\"Reuters\")",
};
#define NSEL (sizeof selectors / sizeof *selectors)

struct page {
	char *name;
	char *data;
	size_t len;
	gisa_doc *doc;
	size_t elements;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *gunzip_file(const char *path, size_t *len)
{
	gzFile f = gzopen(path, "rb");
	char *data = NULL, *p;
	size_t n = 0, cap = 0;
	int got;

	if (!f)
		return NULL;
	for (;;) {
		if (cap - n < 65536) {
			cap = cap * 2 + 65536;
			if (!(p = realloc(data, cap + 1)))
				goto fail;
			data = p;
		}
		got = gzread(f, data + n, (unsigned)(cap - n));
		if (got < 0)
			goto fail;
		if (got == 0)
			break;
		n += (size_t)got;
	}
	gzclose(f);
	data[n] = '\0';
	*len = n;
	return data;
fail:
	gzclose(f);
	free(data);
	return NULL;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct page *)a)->name,
		      ((const struct page *)b)->name);
}

static size_t load_pages(const char *dir, struct page **out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct page *pages = NULL;
	size_t n = 0;
	char path[4096 + 512];

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		struct page pg = { 0 };
		if (l < 9 || strcmp(e->d_name + l - 8, ".html.gz"))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (!(pg.data = gunzip_file(path, &pg.len)))
			continue;
		pg.name = strdup(e->d_name);
		pages = realloc(pages, (n + 1) * sizeof *pages);
		pages[n++] = pg;
	}
	closedir(d);
	qsort(pages, n, sizeof *pages, by_name);
	*out = pages;
	return n;
}

int main(int argc, char **argv)
{
	const char *shared = getenv("GISA_SHARED");
	int rounds = argc > 1 ? atoi(argv[1]) : 5;
	gisa_selector *sel[NSEL];
	gisa_nodes nodes = GISA_NODES_INIT;
	struct page *pages = NULL;
	double t0, parse_s = 0, sel_s[NSEL] = { 0 }, all_s = 0;
	size_t npages, bytes = 0, elements = 0, matches[NSEL] = { 0 };
	char dir[4096], err[256];

	if (rounds < 1)
		rounds = 1;
	snprintf(dir, sizeof dir, "%s/data/aeb/html",
		 shared ? shared : "../shared");
	npages = load_pages(dir, &pages);
	if (!npages) {
		printf("skipped: no pages in %s (set GISA_SHARED)\n", dir);
		return 77;
	}
	t0 = now();
	for (size_t i = 0; i < NSEL; i++)
		if (gisa_selector_compile(selectors[i], &sel[i], err,
					  sizeof err) < 0) {
			fprintf(stderr, "%s: %s\n", selectors[i], err);
			return 1;
		}
	double compile_s = now() - t0;

	for (size_t p = 0; p < npages; p++) {
		double best = 1e9, t;
		xmlNodePtr root;

		bytes += pages[p].len;
		for (int r = 0; r < rounds; r++) {
			gisa_doc_free(pages[p].doc);
			pages[p].doc = NULL;
			t0 = now();
			gisa_html_parse(pages[p].data, pages[p].len, NULL,
					&pages[p].doc);
			if ((t = now() - t0) < best)
				best = t;
		}
		parse_s += best;
		if (!pages[p].doc)
			continue;
		root = (xmlNodePtr)pages[p].doc->xml;
		nodes.n = 0;
		gisa_select_css("*", root, &nodes, NULL, 0);
		pages[p].elements = nodes.n;
		elements += nodes.n;
		for (size_t i = 0; i < NSEL; i++) {
			best = 1e9;
			for (int r = 0; r < rounds; r++) {
				nodes.n = 0;
				t0 = now();
				int rc = gisa_select(sel[i], root, &nodes);
				if ((t = now() - t0) < best)
					best = t;
				if (rc < 0)
					fprintf(stderr, "%s on %s: %d\n",
						selectors[i], pages[p].name, rc);
				else if (r == 0)
					matches[i] += (size_t)rc;
			}
			sel_s[i] += best;
		}
		/* one tree at a time: the pages' trees together would not
		 * fit in memory as comfortably as one does */
		gisa_doc_free(pages[p].doc);
		pages[p].doc = NULL;
	}

	printf("pages: %zu, %.1f MB of HTML, %zu elements (%.0f per page)\n",
	       npages, (double)bytes / 1e6, elements,
	       (double)elements / (double)npages);
	printf("compile %zu selectors: %.1f us\n", NSEL, compile_s * 1e6);
	printf("parse: %.1f ms for all pages, %.3f ms per page\n\n",
	       parse_s * 1e3, parse_s * 1e3 / (double)npages);
	printf("%-52s %8s %9s %9s %9s\n", "selector", "matches", "us/page",
	       "Melem/s", "% parse");
	for (size_t i = 0; i < NSEL; i++) {
		double s = sel_s[i];
		all_s += s;
		printf("%-52.52s %8zu %9.1f %9.1f %8.2f%%\n", selectors[i],
		       matches[i], s * 1e6 / (double)npages,
		       (double)elements / s / 1e6, 100.0 * s / parse_s);
	}
	size_t total_matches = 0;
	for (size_t i = 0; i < NSEL; i++)
		total_matches += matches[i];
	printf("\nall %zu selectors: %.1f ms for all pages, %.1f us per page, "
	       "%.1f%% of parse time\n", NSEL, all_s * 1e3,
	       all_s * 1e6 / (double)npages, 100.0 * all_s / parse_s);
	printf("throughput: %.2f M matches/s, %.1f M selector-element tests/s, "
	       "%.0f selects/s\n", (double)total_matches / all_s / 1e6,
	       (double)elements * NSEL / all_s / 1e6,
	       (double)npages * NSEL / all_s);

	for (size_t i = 0; i < NSEL; i++)
		gisa_selector_free(sel[i]);
	for (size_t p = 0; p < npages; p++) {
		gisa_doc_free(pages[p].doc);
		free(pages[p].data);
		free(pages[p].name);
	}
	free(pages);
	gisa_nodes_clear(&nodes);
	return 0;
}
