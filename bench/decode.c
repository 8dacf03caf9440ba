/* bench/decode.c - how fast decode.c turns pages into UTF-8.
 *
 *   bench-decode [SHARED]      (default: $GISA_SHARED, else ../shared)
 *
 * Reads the AEB pages (data/aeb/html, gzipped) and prints MB/s for:
 *   1. gisa_decode on each page as fetched (mostly the UTF-8 fast path),
 *   2. gisa_html_parse on the decoded pages, to put 1 in proportion,
 *   3. gisa_decode of CP949 pages of the same total volume, made from the
 *      Korean pages in data/news/korean (converted with iconv, characters
 *      CP949 lacks left out), labelled euc-kr: the iconv path.
 * Each figure is the best of a few rounds. Exits 77 when SHARED is absent.
 */
#include "corpus.h"
#include "decode.h"
#include "html.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROUNDS 5

/* Append a page made here (the CP949 copies) to a corpus. */
static void add(bench_corpus *c, char *data, size_t len)
{
	c->pages = realloc(c->pages, (c->n + 1) * sizeof *c->pages);
	c->pages[c->n].name = strdup("cp949");
	c->pages[c->n].data = data;
	c->pages[c->n].len = len;
	c->n++;
	c->bytes += len;
}

/* s in CP949, leaving out what CP949 cannot hold. */
static char *to_cp949(const char *s, size_t n, size_t *len)
{
	iconv_t cd = iconv_open("CP949", "UTF-8");
	char *out = malloc(n + 1), *o = out, *in = (char *)s;
	size_t il = n, ol = n;

	while (il && iconv(cd, &in, &il, &o, &ol) == (size_t)-1 &&
	       errno == EILSEQ) {
		in++; /* into the rest of the character; */
		il--; /* skip its continuation bytes too */
		while (il && (*in & 0xC0) == 0x80) {
			in++;
			il--;
		}
	}
	iconv_close(cd);
	*len = (size_t)(o - out);
	return out;
}

/* Best seconds over ROUNDS of decoding every page (and parsing, if asked). */
static double run(const bench_corpus *ps, const char *http, int parse,
		  size_t *copied)
{
	double best = 1e9;

	for (int r = 0; r < ROUNDS; r++) {
		double t = bench_wall();
		*copied = 0;
		for (size_t i = 0; i < ps->n; i++) {
			gisa_decoded d;
			gisa_doc *doc;
			if (gisa_decode(ps->pages[i].data, ps->pages[i].len, http,
					&d) != 0)
				continue;
			*copied += d.owned != NULL;
			if (parse && gisa_html_parse(d.utf8, d.len, NULL,
						     &doc) == 0)
				gisa_doc_free(doc);
			gisa_decoded_free(&d);
		}
		t = bench_wall() - t;
		if (t < best)
			best = t;
	}
	return best;
}

int main(int argc, char **argv)
{
	const char *shared = argc > 1 ? argv[1] : getenv("GISA_SHARED");
	bench_corpus aeb = { 0 }, ko = { 0 }, cp = { 0 };
	char dir[4096];
	size_t copied, total;
	double t_dec, t_both, t_cp;

	if (!shared)
		shared = "../shared";
	snprintf(dir, sizeof dir, "%s/data/aeb/html", shared);
	if (bench_corpus_load(dir, &aeb) < 0 || !aeb.n) {
		printf("skipped: no AEB pages in %s\n", dir);
		return 77;
	}
	snprintf(dir, sizeof dir, "%s/data/news/korean", shared);
	bench_corpus_load(dir, &ko);

	t_dec = run(&aeb, NULL, 0, &copied);
	printf("AEB pages: %zu, %.1f MB; %zu copied, %zu borrowed\n", aeb.n,
	       aeb.bytes / 1e6, copied, aeb.n - copied);
	printf("decode (as fetched)   %8.1f MB/s  %7.2f ms\n",
	       aeb.bytes / 1e6 / t_dec, t_dec * 1e3);
	t_both = run(&aeb, NULL, 1, &copied);
	printf("decode + parse        %8.1f MB/s  %7.2f ms  "
	       "(decode is %.1f%% of it)\n", aeb.bytes / 1e6 / t_both,
	       t_both * 1e3, 100 * t_dec / t_both);

	if (!ko.n) {
		printf("no Korean pages in %s: CP949 figure skipped\n", dir);
		return 0;
	}
	t_dec = run(&ko, NULL, 0, &copied);
	printf("Korean UTF-8 pages: %zu, %.2f MB: decode %8.1f MB/s\n", ko.n,
	       ko.bytes / 1e6, ko.bytes / 1e6 / t_dec);
	for (total = 0; total < aeb.bytes;) {
		for (size_t i = 0; i < ko.n && total < aeb.bytes; i++) {
			size_t len;
			char *s = to_cp949(ko.pages[i].data, ko.pages[i].len, &len);
			add(&cp, s, len);
			total += len;
		}
	}
	t_cp = run(&cp, "euc-kr", 0, &copied);
	printf("CP949 pages: %zu, %.1f MB: decode %8.1f MB/s  %7.2f ms\n",
	       cp.n, cp.bytes / 1e6, cp.bytes / 1e6 / t_cp, t_cp * 1e3);
	t_both = run(&cp, "euc-kr", 1, &copied);
	printf("CP949 decode + parse  %8.1f MB/s  %7.2f ms  "
	       "(decode is %.1f%% of it)\n", cp.bytes / 1e6 / t_both,
	       t_both * 1e3, 100 * t_cp / t_both);
	return 0;
}
