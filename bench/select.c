/* bench/select.c - CSS selector speed on real pages.
 *
 * Parses every page of $GISA_SHARED/data/aeb/html (GISA_SHARED defaults
 * to ../shared), then runs a set of typical rule selectors on
 * each and prints per selector the matches, the time, the elements
 * examined per second, and the whole set's time relative to parsing the
 * page. Each time is the minimum over the rounds (the machine may be
 * shared), and each page's tree is walked once before its selectors are
 * timed, as a rule runs right after the parse that built the tree.
 * Usage: bench-select [rounds] (default 5).
 */
#include "corpus.h"
#include "html.h"
#include "select.h"

#include <stdio.h>
#include <stdlib.h>

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

int main(int argc, char **argv)
{
	const char *dir = bench_shared("data/aeb/html");
	int rounds = argc > 1 ? atoi(argv[1]) : 5;
	gisa_selector *sel[NSEL];
	gisa_nodes nodes = GISA_NODES_INIT;
	bench_corpus corpus;
	bench_page *pages;
	double t0, parse_s = 0, sel_s[NSEL] = { 0 }, all_s = 0;
	size_t npages, bytes = 0, elements = 0, matches[NSEL] = { 0 };
	char err[256];

	if (rounds < 1)
		rounds = 1;
	if (!dir || bench_corpus_load(dir, &corpus) < 0 || !corpus.n) {
		printf("skipped: no AEB pages (set GISA_SHARED)\n");
		return 77;
	}
	pages = corpus.pages;
	npages = corpus.n;
	t0 = bench_wall();
	for (size_t i = 0; i < NSEL; i++)
		if (gisa_selector_compile(selectors[i], &sel[i], err,
					  sizeof err) < 0) {
			fprintf(stderr, "%s: %s\n", selectors[i], err);
			return 1;
		}
	double compile_s = bench_wall() - t0;

	for (size_t p = 0; p < npages; p++) {
		double best = 1e9, t;
		gisa_doc *doc = NULL;
		xmlNodePtr root;

		bytes += pages[p].len;
		for (int r = 0; r < rounds; r++) {
			gisa_doc_free(doc);
			doc = NULL;
			t0 = bench_wall();
			gisa_html_parse(pages[p].data, pages[p].len, NULL, &doc);
			if ((t = bench_wall() - t0) < best)
				best = t;
		}
		parse_s += best;
		if (!doc)
			continue;
		root = (xmlNodePtr)doc->xml;
		nodes.n = 0;
		gisa_select_css("*", root, &nodes, NULL, 0);
		elements += nodes.n;
		for (size_t i = 0; i < NSEL; i++) {
			best = 1e9;
			for (int r = 0; r < rounds; r++) {
				nodes.n = 0;
				t0 = bench_wall();
				int rc = gisa_select(sel[i], root, &nodes);
				if ((t = bench_wall() - t0) < best)
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
		gisa_doc_free(doc);
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
	bench_corpus_free(&corpus);
	gisa_nodes_clear(&nodes);
	return 0;
}
