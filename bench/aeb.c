/* aeb.c - quality and speed of the extractor (a program, not a test).
 *
 * Reads the Article Extraction Benchmark pages from $GISA_SHARED/data/aeb
 * (default ../shared) with bench/lib's corpus loader, runs the whole
 * pipeline on each (gisa_extract: decode, parse, metadata, generic body,
 * normalize), writes the predictions as AEB JSON and scores them with
 * shared/tools/aeb-score. In the same run it times bare libxml2 parsing
 * (htmlReadMemory with gisa_html_options()) of the same pages, so the
 * speed ratio is measured on equal terms. The saved news pages in
 * data/news with an expected body are scored the same way, as a second,
 * independent check. Last, the pages go through the gisa binary in one
 * process (`gisa extract --jobs N --format jsonl`, records in input
 * order), with 1 thread and with --jobs, scored the same way, with that
 * process's pages/s and peak RSS.
 *
 *   bench-aeb [--jobs N] [--repeat R] [--per-page [N]] [--out FILE]
 *             [--page ID-PREFIX] [--jsonld | --generic]
 *
 * --generic scores the generic extractor alone (no normalize); --jsonld
 * the pages' JSON-LD articleBody alone (what a reader of metadata only
 * would get); --page prints the bodies of matching pages.
 *
 * In-process timings leave out reading and gunzipping the pages (bench/lib
 * holds them inflated): single-thread figures are the sum of per-page wall
 * times, the --jobs figure is the busiest worker's time. The gisa run's
 * time is the process's wall time, reading and gunzipping included.
 */
#include "article.h"
#include "corpus.h"
#include "buf.h"
#include "decode.h"
#include "error.h"
#include "generic.h"
#include "html.h"
#include "extract.h"
#include "meta.h"

#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

struct page {
	const char *id;   /* AEB id or news slug (the corpus' name) */
	char *url;
	const char *html; /* inflated page, owned by the corpus */
	size_t len;
	char *path;       /* the file, for the run through the gisa binary */
	char *body;       /* prediction (malloc'd) */
	json_t *expect;   /* news: the expected.json object */
};

struct set {
	struct page *p;
	size_t n;
	bench_corpus corp[4]; /* the loaded directories */
	size_t ncorp;
};

static const char *shared_dir(void)
{
	const char *s = getenv("GISA_SHARED");
	return s && *s ? s : "../shared";
}

static int add_page(struct set *s, const bench_page *bp, const char *dir,
		    const char *url, json_t *expect)
{
	struct page *v = realloc(s->p, (s->n + 1) * sizeof *v), *pg;
	char path[8192];

	if (!v)
		return -1;
	s->p = v;
	pg = &v[s->n++];
	memset(pg, 0, sizeof *pg);
	pg->id = bp->name;
	pg->html = bp->data;
	pg->len = bp->len;
	pg->url = url ? strdup(url) : NULL;
	pg->expect = expect;
	/* the corpus drops the suffix: .html.gz for AEB, either for news */
	snprintf(path, sizeof path, "%s/%s.html.gz", dir, bp->name);
	if (access(path, R_OK) != 0)
		snprintf(path, sizeof path, "%s/%s.html", dir, bp->name);
	pg->path = strdup(path);
	return 0;
}

static int load_aeb(struct set *s)
{
	char dir[4096], path[8192];
	json_error_t err;
	json_t *truth;
	bench_corpus *c = &s->corp[s->ncorp];

	snprintf(path, sizeof path, "%s/data/aeb/ground-truth.json",
		 shared_dir());
	truth = json_load_file(path, 0, &err);
	if (!truth) {
		fprintf(stderr, "bench-aeb: %s: %s\n", path, err.text);
		return -1;
	}
	snprintf(dir, sizeof dir, "%s/data/aeb/html", shared_dir());
	if (bench_corpus_load(dir, c) < 0) {
		json_decref(truth);
		return -1;
	}
	s->ncorp++;
	for (size_t i = 0; i < c->n; i++) {
		json_t *rec = json_object_get(truth, c->pages[i].name);
		if (add_page(s, &c->pages[i], dir,
			     json_string_value(json_object_get(rec, "url")),
			     NULL) < 0)
			break;
	}
	json_decref(truth);
	return 0;
}

/* Every data/news/SOURCE/SLUG.html[.gz] with a SLUG.expected.json. */
static int load_news(struct set *s)
{
	static const char *const sources[] = { "reuters", "yonhap", "korean",
					       "other", NULL };
	char dir[4096], path[8192];

	for (const char *const *src = sources; *src; src++) {
		bench_corpus *c = &s->corp[s->ncorp];
		snprintf(dir, sizeof dir, "%s/data/news/%s", shared_dir(), *src);
		if (access(dir, R_OK) != 0 || bench_corpus_load(dir, c) < 0)
			continue;
		s->ncorp++;
		for (size_t i = 0; i < c->n; i++) {
			snprintf(path, sizeof path, "%s/%s.expected.json", dir,
				 c->pages[i].name);
			json_t *exp = json_load_file(path, 0, NULL);
			if (!exp)
				continue;
			if (add_page(s, &c->pages[i], dir,
				     json_string_value(json_object_get(exp,
								       "url")),
				     exp) < 0) {
				json_decref(exp);
				break;
			}
		}
	}
	return 0;
}

static void set_free(struct set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->p[i].url);
		free(s->p[i].path);
		free(s->p[i].body);
		json_decref(s->p[i].expect);
	}
	free(s->p);
	for (size_t i = 0; i < s->ncorp; i++)
		bench_corpus_free(&s->corp[i]);
}

/* ---- the work ---- */

static int jsonld_only; /* --jsonld: score the JSON-LD articleBody alone */
static int generic_only; /* --generic: the generic extractor without the
			  * rest of the pipeline (no normalize) */

/* The whole pipeline, as `gisa extract` runs it: the body or NULL. */
static char *extract_full(const char *html, size_t len, const char *url)
{
	gisa_extract_opts o = { .url = url };
	gisa_article a = GISA_ARTICLE_INIT;
	char *body = NULL;

	if (gisa_extract(html, len, &o, &a) == 0)
		body = gisa_article_body(&a);
	gisa_article_clear(&a);
	return body;
}

/* Parse + extract one page; returns the body (malloc'd) or NULL. */
static char *extract(const char *html, size_t len, const char *url)
{
	gisa_doc *doc = NULL;
	gisa_article a = GISA_ARTICLE_INIT;
	char *body = NULL;
	char *jsonld = NULL;

	if (!jsonld_only && !generic_only)
		return extract_full(html, len, url);
	if (gisa_html_parse(html, len, url, &doc) < 0)
		return NULL;
	jsonld = gisa_meta_jsonld_body(doc);
	if (jsonld_only) {
		gisa_doc_free(doc);
		return jsonld ? jsonld : strdup("");
	}
	if (gisa_generic_extract(doc, jsonld, &a) == 0)
		body = gisa_article_body(&a);
	free(jsonld);
	gisa_article_clear(&a);
	gisa_doc_free(doc);
	return body;
}

static void bare_parse(const char *html, size_t len, const char *url)
{
	htmlDocPtr d = htmlReadMemory(html, (int)len, url, "UTF-8",
				      gisa_html_options());
	xmlFreeDoc(d);
}

/* One single-thread round over s: returns bare and extract seconds. */
static void round_single(struct set *s, int keep, double *bare, double *full)
{
	*bare = *full = 0;
	for (size_t i = 0; i < s->n; i++) {
		const char *html = s->p[i].html;
		size_t len = s->p[i].len;
		double t0 = bench_wall();
		bare_parse(html, len, s->p[i].url);
		double t1 = bench_wall();
		char *body = extract(html, len, s->p[i].url);
		double t2 = bench_wall();
		*bare += t1 - t0;
		*full += t2 - t1;
		if (keep) {
			free(s->p[i].body);
			s->p[i].body = body;
		} else {
			free(body);
		}
	}
}

struct worker {
	struct set *s;
	atomic_size_t *next;
	int bare;
	double busy;
	pthread_t th;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	size_t i;

	while ((i = atomic_fetch_add(w->next, 1)) < w->s->n) {
		const struct page *pg = &w->s->p[i];
		double t0 = bench_wall();
		if (w->bare)
			bare_parse(pg->html, pg->len, pg->url);
		else
			free(extract(pg->html, pg->len, pg->url));
		w->busy += bench_wall() - t0;
	}
	return NULL;
}

/* Seconds for the batch with n workers: the busiest worker's time. */
static double round_threads(struct set *s, int n, int bare)
{
	struct worker w[64];
	atomic_size_t next = 0;
	double worst = 0;

	for (int i = 0; i < n; i++) {
		w[i] = (struct worker){ .s = s, .next = &next, .bare = bare };
		pthread_create(&w[i].th, NULL, work, &w[i]);
	}
	for (int i = 0; i < n; i++) {
		pthread_join(w[i].th, NULL);
		if (w[i].busy > worst)
			worst = w[i].busy;
	}
	return worst;
}

/* ---- scoring ---- */

static int write_predictions(const struct set *s, const char *path)
{
	json_t *o = json_object();

	for (size_t i = 0; i < s->n; i++) {
		json_t *rec = json_object();
		json_object_set_new(rec, "articleBody",
				    json_string(s->p[i].body ? s->p[i].body : ""));
		json_object_set_new(o, s->p[i].id, rec);
	}
	int rc = json_dump_file(o, path, JSON_INDENT(1) | JSON_SORT_KEYS);
	json_decref(o);
	return rc;
}

/* Run aeb-score on pred (with truth, or the AEB truth when NULL) and
 * return its JSON summary. */
static json_t *score(const char *pred, const char *truth, const char *tsv)
{
	char cmd[16384];
	gisa_buf out = GISA_BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *p;

	snprintf(cmd, sizeof cmd, "python3 '%s/tools/aeb-score' '%s' --json%s%s%s%s%s 2>/dev/null",
		 shared_dir(), pred, truth ? " --truth '" : "",
		 truth ? truth : "", truth ? "'" : "",
		 tsv ? " --per-page " : "", tsv ? tsv : "");
	if (!(p = popen(cmd, "r")))
		return NULL;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		gisa_buf_append(&out, chunk, n);
	pclose(p);
	json_t *j = json_loads(gisa_buf_cstr(&out), 0, NULL);
	gisa_buf_free(&out);
	return j;
}

static double num(json_t *j, const char *k)
{
	return json_number_value(json_object_get(j, k));
}

static void print_worst(const char *what, const char *tsv, int limit)
{
	FILE *f = fopen(tsv, "r");
	char line[8192];
	int n = 0;

	if (!f)
		return;
	printf("\nworst %s pages (f1 precision recall true_tokens "
	       "pred_tokens id url):\n", what);
	while (fgets(line, sizeof line, f) && n <= limit) {
		char *col[11], *p = line;
		int k = 0;
		line[strcspn(line, "\n")] = 0;
		while (k < 11) {
			col[k++] = p;
			if (!(p = strchr(p, '\t')))
				break;
			*p++ = 0;
		}
		if (n++ == 0 || k < 11)
			continue;
		printf("  %s %s %s %5s %5s %.12s %s\n", col[1], col[2], col[3],
		       col[8], col[9], col[0], col[10]);
	}
	fclose(f);
}

/* The news pages: expected bodies scored with aeb-score, partial
 * expectations (body_starts_with / body_contains / body_excludes) checked
 * here. */
static void news_report(struct set *s, const char *tmp, int per_page)
{
	char truth_path[4096], pred_path[4096], tsv[4096];
	json_t *truth = json_object();
	int sw = 0, sw_ok = 0, co = 0, co_ok = 0, ex = 0, ex_ok = 0;

	for (size_t i = 0; i < s->n; i++) {
		struct page *pg = &s->p[i];
		const char *body = pg->body ? pg->body : "";
		const char *v = json_string_value(json_object_get(pg->expect, "body"));
		if (v) {
			json_t *rec = json_object();
			json_object_set_new(rec, "articleBody", json_string(v));
			json_object_set_new(rec, "url", json_string(pg->url ? pg->url : ""));
			json_object_set_new(truth, pg->id, rec);
		}
		if ((v = json_string_value(json_object_get(pg->expect, "body_starts_with")))) {
			sw++;
			sw_ok += strncmp(body, v, strlen(v)) == 0;
		}
		size_t k;
		json_t *x;
		json_array_foreach(json_object_get(pg->expect, "body_contains"), k, x) {
			co++;
			co_ok += strstr(body, json_string_value(x)) != NULL;
		}
		json_array_foreach(json_object_get(pg->expect, "body_excludes"), k, x) {
			ex++;
			ex_ok += strstr(body, json_string_value(x)) == NULL;
		}
	}
	snprintf(truth_path, sizeof truth_path, "%s/news-truth.json", tmp);
	snprintf(pred_path, sizeof pred_path, "%s/news-pred.json", tmp);
	snprintf(tsv, sizeof tsv, "%s/news-pages.tsv", tmp);
	json_dump_file(truth, truth_path, JSON_INDENT(1));
	json_decref(truth);
	write_predictions(s, pred_path);
	json_t *j = score(pred_path, truth_path, per_page ? tsv : NULL);
	if (j)
		printf("news  (%d pages with a body): F1 %.3f  P %.3f  R %.3f"
		       "  empty %d\n", (int)num(j, "pages"), num(j, "f1"),
		       num(j, "precision"), num(j, "recall"),
		       (int)num(j, "empty_predictions"));
	printf("news  partial checks: starts_with %d/%d, contains %d/%d, "
	       "excludes %d/%d\n", sw_ok, sw, co_ok, co, ex_ok, ex);
	json_decref(j);
	if (per_page)
		print_worst("news", tsv, per_page);
}

/* ---- the run through the gisa binary ---- */

/* The gisa program next to this one (or $GISA_BIN). */
static void gisa_path(const char *argv0, char *out, size_t cap)
{
	const char *env = getenv("GISA_BIN");
	const char *slash = strrchr(argv0, '/');

	if (env && *env)
		snprintf(out, cap, "%s", env);
	else if (slash)
		snprintf(out, cap, "%.*s/gisa", (int)(slash - argv0), argv0);
	else
		snprintf(out, cap, "./gisa");
}

/* Run `gisa extract --jobs N --format jsonl` over every page of s in one
 * process, its output to jsonl; *secs is the wall time, *rss_mb the
 * child's peak RSS. Returns 0, or -1 when it could not run. */
static int spawn_gisa(const char *bin, const struct set *s, int jobs,
		      const char *jsonl, double *secs, double *rss_mb)
{
	char jobs_s[16], rss_file[4200];
	char **av = calloc(s->n + 12, sizeof *av);
	int status = 0, fd;
	size_t k = 0;
	pid_t pid;
	FILE *f;

	if (!av)
		return -1;
	snprintf(jobs_s, sizeof jobs_s, "%d", jobs);
	snprintf(rss_file, sizeof rss_file, "%s.rss", jsonl);
	/* A child forked from this (large) process inherits its RSS
	 * high-water mark, and Linux keeps it across exec: /usr/bin/time
	 * forks gisa from a small process and reports gisa's own peak. */
	av[k++] = "/usr/bin/time";
	av[k++] = "-f";
	av[k++] = "%M";
	av[k++] = "-o";
	av[k++] = rss_file;
	av[k++] = (char *)bin;
	av[k++] = "extract";
	av[k++] = "--jobs";
	av[k++] = jobs_s;
	av[k++] = "--format";
	av[k++] = "jsonl";
	for (size_t i = 0; i < s->n; i++)
		av[k++] = s->p[i].path;
	double t0 = bench_wall();
	pid = fork();
	if (pid == 0) {
		fd = open(jsonl, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(127);
		execv(av[0], av);
		_exit(127);
	}
	free(av);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	*secs = bench_wall() - t0;
	*rss_mb = -1;
	if ((f = fopen(rss_file, "r"))) {
		long kb;
		if (fscanf(f, "%ld", &kb) == 1)
			*rss_mb = (double)kb / 1024.0;
		fclose(f);
	}
	unlink(rss_file);
	return WIFEXITED(status) && WEXITSTATUS(status) != 127 ? 0 : -1;
}

/* The records of jsonl, in input order, as the pages' bodies; returns
 * the number of records read. */
static size_t read_records(struct set *s, const char *jsonl)
{
	FILE *f = fopen(jsonl, "r");
	char *line = NULL;
	size_t cap = 0, i = 0;

	if (!f)
		return 0;
	while (i < s->n && getline(&line, &cap, f) > 0) {
		json_t *rec = json_loads(line, 0, NULL);
		const char *body = json_string_value(json_object_get(rec, "body"));
		free(s->p[i].body);
		s->p[i].body = strdup(body ? body : "");
		json_decref(rec);
		i++;
	}
	free(line);
	fclose(f);
	return i;
}

/* The end-to-end figures: the pages through `gisa extract` in one
 * process, scored like the in-process run. The gisa run gives no --url
 * (one URL per input is not possible there). */
static void gisa_report(const char *argv0, struct set *aeb, int jobs,
			const char *tmp)
{
	char bin[4096], jsonl[4096], pred[4096];
	double secs = 0, rss = 0;
	struct set copy = *aeb;
	struct page *pages = calloc(aeb->n, sizeof *pages);

	if (!pages)
		return;
	for (size_t i = 0; i < aeb->n; i++) {
		pages[i] = aeb->p[i];
		pages[i].body = NULL;
	}
	copy.p = pages;
	copy.ncorp = 0;
	gisa_path(argv0, bin, sizeof bin);
	snprintf(jsonl, sizeof jsonl, "%s/gisa.jsonl", tmp);
	snprintf(pred, sizeof pred, "%s/gisa-pred.json", tmp);
	if (access(bin, X_OK) != 0 ||
	    spawn_gisa(bin, &copy, jobs, jsonl, &secs, &rss) < 0) {
		printf("gisa  %s did not run\n", bin);
		goto out;
	}
	size_t got = read_records(&copy, jsonl);
	write_predictions(&copy, pred);
	json_t *j = score(pred, NULL, NULL);
	printf("gisa extract --jobs %d (%zu/%zu records): F1 %.4f  P %.4f  "
	       "R %.4f  %.1f pages/s  peak RSS %.1f MB\n", jobs, got,
	       aeb->n, num(j, "f1"), num(j, "precision"), num(j, "recall"),
	       (double)aeb->n / secs, rss);
	json_decref(j);
out:
	for (size_t i = 0; i < aeb->n; i++)
		free(pages[i].body);
	free(pages);
}

/* Remove the scratch folder and what the run left in it. */
static void remove_tmp(const char *dir)
{
	static const char *const files[] = { "aeb-pred.json", "aeb-pages.tsv",
		"gisa.jsonl", "gisa-pred.json",
		"news-truth.json", "news-pred.json", "news-pages.tsv", NULL };
	char path[4096];

	for (const char *const *f = files; *f; f++) {
		snprintf(path, sizeof path, "%s/%s", dir, *f);
		unlink(path);
	}
	rmdir(dir);
}

static void usage(void)
{
	fprintf(stderr, "usage: bench-aeb [--jobs N] [--repeat R] "
			"[--per-page [N]] [--out FILE] [--page ID-PREFIX]\n"
			"                 [--jsonld | --generic]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int jobs = (int)sysconf(_SC_NPROCESSORS_ONLN), repeat = 3;
	int per_page = 0;
	const char *out = NULL, *only = NULL;
	struct set aeb = { 0 }, news = { 0 };
	char tmp[] = "/tmp/bench-aeb.XXXXXX", pred[4096], tsv[4096];
	double bare = 1e9, full = 1e9, tbare = 1e9, tfull = 1e9;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--jobs") && i + 1 < argc)
			jobs = (int)strtol(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--repeat") && i + 1 < argc)
			repeat = (int)strtol(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--per-page"))
			per_page = i + 1 < argc && argv[i + 1][0] != '-' ?
				   (int)strtol(argv[++i], NULL, 10) : 25;
		else if (!strcmp(argv[i], "--out") && i + 1 < argc)
			out = argv[++i];
		else if (!strcmp(argv[i], "--page") && i + 1 < argc)
			only = argv[++i];
		else if (!strcmp(argv[i], "--generic"))
			generic_only = 1;
		else if (!strcmp(argv[i], "--jsonld"))
			jsonld_only = 1;
		else
			usage();
	}
	if (jobs < 1 || jobs > 64 || repeat < 1)
		usage();
	if (load_aeb(&aeb) < 0 || aeb.n == 0) {
		fprintf(stderr, "bench-aeb: no AEB pages under %s/data/aeb "
				"(set GISA_SHARED)\n", shared_dir());
		return 77;
	}
	load_news(&news);
	xmlInitParser();

	if (only) {
		struct set *sets[] = { &aeb, &news };
		for (int k = 0; k < 2; k++)
			for (size_t i = 0; i < sets[k]->n; i++) {
				struct page *pg = &sets[k]->p[i];
				if (strncmp(pg->id, only, strlen(only)))
					continue;
				char *body = extract(pg->html, pg->len, pg->url);
				printf("=== %s %s\n%s\n", pg->id,
				       pg->url ? pg->url : "", body ? body : "(null)");
				free(body);
			}
		set_free(&aeb);
		set_free(&news);
		return 0;
	}

	for (int r = 0; r < repeat; r++) {
		double b, f;
		round_single(&aeb, r == 0, &b, &f);
		if (b < bare)
			bare = b;
		if (f < full)
			full = f;
		b = round_threads(&aeb, jobs, 1);
		f = round_threads(&aeb, jobs, 0);
		if (b < tbare)
			tbare = b;
		if (f < tfull)
			tfull = f;
	}
	round_single(&news, 1, &(double){ 0 }, &(double){ 0 });

	if (!mkdtemp(tmp)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(pred, sizeof pred, "%s/aeb-pred.json", out ? "" : tmp);
	if (out)
		snprintf(pred, sizeof pred, "%s", out);
	snprintf(tsv, sizeof tsv, "%s/aeb-pages.tsv", tmp);
	write_predictions(&aeb, pred);
	json_t *j = score(pred, NULL, per_page ? tsv : NULL);
	if (!j) {
		fprintf(stderr, "bench-aeb: aeb-score failed\n");
		return 1;
	}
	printf("AEB   (%zu pages): F1 %.4f  P %.4f  R %.4f  accuracy %.3f"
	       "  empty %d\n", aeb.n, num(j, "f1"), num(j, "precision"),
	       num(j, "recall"), num(j, "accuracy"),
	       (int)num(j, "empty_predictions"));
	json_decref(j);
	news_report(&news, tmp, per_page);

	double n = (double)aeb.n;
	printf("speed bare parse        %7.1f pages/s (1 thread)  %7.1f pages/s (%d threads)\n",
	       n / bare, n / tbare, jobs);
	printf("speed whole pipeline    %7.1f pages/s (1 thread)  %7.1f pages/s (%d threads, x%.2f)\n",
	       n / full, n / tfull, jobs, full / tfull);
	printf("ratio to bare parse     %.3f (1 thread)\n", bare / full);
	printf("peak RSS                %.1f MB (this process, pages held "
	       "inflated)\n", bench_peak_rss_mb());
	if (!jsonld_only && !generic_only)
		for (int k = 1; k <= jobs; k *= 2)
			gisa_report(argv[0], &aeb, k, tmp);
	if (per_page)
		print_worst("AEB", tsv, per_page);
	remove_tmp(tmp);
	set_free(&aeb);
	set_free(&news);
	return 0;
}
