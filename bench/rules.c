/* rules.c - what a Lua rule costs per page (a program, not a test).
 *
 * Runs a typical declarative rule (the dozen lines below: selectors with
 * fallbacks, a date, a byline, a body with drop and clean, images) over
 * the 181 pages of the Article Extraction Benchmark in one registry, one
 * Lua state, and compares with the bare core path on the same pages:
 *
 *   bare     gisa_extract without rules: decode, parse, metadata, generic
 *            body, normalize;
 *   rule     gisa_rules_apply alone (the Lua part: the VM, the prelude,
 *            and the C calls it makes: selectors, text, dates);
 *   pipeline decode, parse, metadata, the rule, the generic body only when
 *            the rule found none, normalize.
 *
 * Times are this thread's CPU time, the minimum per page over --repeat
 * rounds (default 3), summed; pages are in memory (no I/O timed). The
 * state is created before timing (its cost is printed separately).
 *
 *   bench-rules [--repeat R] [--per-page] [--rule FILE]
 *
 * --rule runs another rule file (its name must be "typical") instead.
 */
#include "corpus.h"
#include "error.h"
#include "explain.h"
#include "extract.h"
#include "generic.h"
#include "html.h"
#include "meta.h"
#include "normalize.h"
#include "rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char RULE[] =
	"-- A typical declarative rule: a dozen lines, no functions.\n"
	"return {\n"
	"  name = 'typical',\n"
	"  timezone = 'UTC',\n"
	"  title = { 'h1', 'meta[property=\"og:title\"]' },\n"
	"  authors = { '[rel=author]', '.byline', '.author', 'meta[name=author]' },\n"
	"  published = { 'meta[property=\"article:published_time\"]', 'time[datetime]' },\n"
	"  section = 'meta[property=\"article:section\"]',\n"
	"  tags = 'meta[property=\"article:tag\"]',\n"
	"  body = { 'article', 'main', '[itemprop=articleBody]',\n"
	"           drop = { 'figure', 'aside', 'nav', '.related', '.share', '.ad' } },\n"
	"  images = { 'article figure', caption = 'figcaption' },\n"
	"  clean = { '^Advertisement$', '^Read more', '^Share this' },\n"
	"}\n";

struct times {
	double bare, rule, pipe;
	long instr;
	size_t paras;
	int failed;
};

static double now(void)
{
	return bench_cpu();
}

static double run_bare(const bench_page *p)
{
	gisa_article a = GISA_ARTICLE_INIT;
	double t = now();

	gisa_extract(p->data, p->len, NULL, &a);
	t = now() - t;
	gisa_article_clear(&a);
	return t;
}

/* The pipeline with the rule; *rule_t gets the gisa_rules_apply part. */
static double run_rule(gisa_rules *r, const bench_page *p, double *rule_t,
		       struct times *tm)
{
	gisa_article a = GISA_ARTICLE_INIT;
	gisa_doc *doc = NULL;
	char err[1024];
	double t0 = now(), t1, t2;
	int rc;

	if (gisa_page_parse(p->data, p->len, NULL, NULL, &doc, &a) < 0)
		return 0;
	gisa_meta_extract(doc, "UTC", &a);
	t1 = now();
	rc = gisa_rules_apply(r, "typical", doc, &a, NULL, err, sizeof err);
	t2 = now();
	if (rc < 0) {
		tm->failed++;
		fprintf(stderr, "%s: %s\n", p->name, err);
	}
	if (!a.paragraphs.n)
		gisa_generic_extract(doc, NULL, &a);
	gisa_normalize(&a, a.language);
	*rule_t = t2 - t1;
	tm->paras += a.paragraphs.n;
	gisa_doc_free(doc);
	gisa_article_clear(&a);
	return now() - t0;
}

static double min(double a, double b)
{
	return a < b ? a : b;
}

int main(int argc, char **argv)
{
	const char *dir = bench_shared("data/aeb/html");
	char tmp[] = "/tmp/bench-rules-XXXXXX", path[64];
	const char *dirs[1];
	bench_corpus c;
	gisa_rules *r;
	struct times tot = { 0 };
	double *best_bare, *best_rule, *best_pipe, t;
	int repeat = 3, per_page = 0;
	char *rule_text = NULL;
	long instr;
	size_t mem;
	FILE *f;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--repeat") && i + 1 < argc)
			repeat = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--per-page"))
			per_page = 1;
		else if (!strcmp(argv[i], "--rule") && i + 1 < argc) {
			size_t n;
			FILE *rf = fopen(argv[++i], "r");
			if (!rf || !(rule_text = calloc(1, 1 << 20))) {
				perror(argv[i]);
				return 1;
			}
			n = fread(rule_text, 1, (1 << 20) - 1, rf);
			rule_text[n] = '\0';
			fclose(rf);
		}
		else {
			fprintf(stderr, "usage: bench-rules [--repeat R] "
				"[--per-page] [--rule FILE]\n");
			return 2;
		}
	}
	if (!dir) {
		fprintf(stderr, "bench-rules: no data/aeb/html under "
			"GISA_SHARED: skipped\n");
		return 77;
	}
	if (bench_corpus_load(dir, &c) < 0)
		return 1;
	if (!mkdtemp(tmp))
		return 1;
	snprintf(path, sizeof path, "%s/typical.lua", tmp);
	if (!(f = fopen(path, "w")))
		return 1;
	fputs(rule_text ? rule_text : RULE, f);
	free(rule_text);
	fclose(f);
	dirs[0] = tmp;
	if (gisa_rules_open(dirs, 1, NULL, &r, NULL) < 0 ||
	    gisa_rules_count(r) != 1) {
		fprintf(stderr, "bench-rules: the rule did not load\n");
		return 1;
	}
	/* The state is made on the first page: time it apart. */
	{
		gisa_doc *doc = NULL;
		gisa_article a = GISA_ARTICLE_INIT;
		gisa_html_parse("<p>x</p>", 8, NULL, &doc);
		t = now();
		gisa_rules_apply(r, "typical", doc, &a, NULL, NULL, 0);
		t = now() - t;
		gisa_article_clear(&a);
		gisa_doc_free(doc);
	}
	best_bare = calloc(c.n, sizeof *best_bare);
	best_rule = calloc(c.n, sizeof *best_rule);
	best_pipe = calloc(c.n, sizeof *best_pipe);
	for (int k = 0; k < repeat; k++)
		for (size_t i = 0; i < c.n; i++) {
			double rt = 0, b = run_bare(&c.pages[i]);
			double pt = run_rule(r, &c.pages[i], &rt, &tot);
			gisa_rules_stats(r, "typical", &instr, &mem);
			if (k == 0)
				tot.instr += instr;
			best_bare[i] = k ? min(best_bare[i], b) : b;
			best_rule[i] = k ? min(best_rule[i], rt) : rt;
			best_pipe[i] = k ? min(best_pipe[i], pt) : pt;
		}
	for (size_t i = 0; i < c.n; i++) {
		tot.bare += best_bare[i];
		tot.rule += best_rule[i];
		tot.pipe += best_pipe[i];
		if (per_page)
			printf("%-20.20s bare %7.3f ms  rule %6.3f ms (%4.1f%%)\n",
			       c.pages[i].name, best_bare[i] * 1e3,
			       best_rule[i] * 1e3,
			       100 * best_rule[i] / best_bare[i]);
	}
	gisa_rules_stats(r, "typical", &instr, &mem);
	printf("pages                 %zu (%.1f MB of HTML), %d rounds, "
	       "CPU time, best of rounds\n", c.n, c.bytes / 1e6, repeat);
	printf("bare core path        %.3f ms/page\n", tot.bare * 1e3 / c.n);
	printf("rule (Lua part)       %.3f ms/page = %.1f%% of the bare "
	       "path\n", tot.rule * 1e3 / c.n, 100 * tot.rule / tot.bare);
	printf("pipeline with rule    %.3f ms/page (%.1f%% of bare; the rule's "
	       "body replaces the generic extractor on most pages)\n",
	       tot.pipe * 1e3 / c.n, 100 * tot.pipe / tot.bare);
	printf("VM instructions       about %ld/page (hook granularity %d)\n",
	       tot.instr / (long)c.n, 1000);
	printf("Lua state             made in %.2f ms once; %zu KiB in use "
	       "after the run\n", t * 1e3, mem >> 10);
	printf("rule failures         %d; paragraphs %zu\n", tot.failed,
	       tot.paras / (size_t)repeat);
	printf("peak RSS              %.1f MiB\n", bench_peak_rss_mb());
	gisa_rules_close(r);
	unlink(path);
	rmdir(tmp);
	free(best_bare);
	free(best_rule);
	free(best_pipe);
	bench_corpus_free(&c);
	return tot.failed ? 1 : 0;
}
