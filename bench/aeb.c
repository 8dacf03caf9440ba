/* aeb.c - quality and speed of the generic extractor (a program, not a test).
 *
 * Reads the Article Extraction Benchmark pages from $GISA_SHARED/data/aeb
 * (default ../shared), extracts each with gisa_decode + gisa_html_parse +
 * gisa_meta_jsonld_body (when core/meta.h exists) + gisa_generic_extract,
 * writes the predictions as
 * AEB JSON and scores them with shared/tools/aeb-score. In the same run it
 * times bare libxml2 parsing (htmlReadMemory with gisa_html_options()) of
 * the same pages, so the speed ratio is measured on equal terms. The saved
 * news pages in data/news with an expected body are scored the same way,
 * as a second, independent check.
 *
 *   bench-aeb [--jobs N] [--repeat R] [--per-page [N]] [--out FILE]
 *             [--page ID-PREFIX] [--jsonld]
 *
 * --jsonld scores the pages' JSON-LD articleBody alone (what a reader of
 * metadata only would get); --page prints the bodies of matching pages.
 *
 * Timings leave out reading and gunzipping the pages: single-thread figures
 * are the sum of per-page times, the --jobs figure is the busiest worker's
 * time. Peak RSS is getrusage()'s maximum resident set of this process,
 * which also holds the compressed pages (about 6 MB).
 */
#include "article.h"
#include "buf.h"
#include "decode.h"
#include "error.h"
#include "generic.h"
#include "html.h"
#include "extract.h"
#include "meta.h"

#include <dirent.h>
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

struct page {
	char *id;       /* AEB id or news slug */
	char *url;
	unsigned char *gz; /* file bytes (gzip or plain) */
	size_t gz_len;
	int gzipped;
	char *body;     /* prediction (malloc'd) */
	json_t *expect; /* news: the expected.json object */
};

struct set {
	struct page *p;
	size_t n;
};

static const char *shared_dir(void)
{
	const char *s = getenv("GISA_SHARED");
	return s && *s ? s : "../shared";
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (data = malloc((size_t)n + 1))) {
		*len = fread(data, 1, (size_t)n, f);
		data[*len] = 0;
	}
	fclose(f);
	return data;
}

/* The page as HTML bytes (malloc'd, NUL-terminated). */
static char *page_html(const struct page *pg, size_t *len)
{
	z_stream z = { 0 };
	size_t cap = pg->gz_len * 6 + 4096, n = 0;
	char *out;

	if (!pg->gzipped) {
		out = malloc(pg->gz_len + 1);
		if (!out)
			return NULL;
		memcpy(out, pg->gz, pg->gz_len);
		out[pg->gz_len] = 0;
		*len = pg->gz_len;
		return out;
	}
	if (!(out = malloc(cap)) || inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		free(out);
		return NULL;
	}
	z.next_in = pg->gz;
	z.avail_in = (uInt)pg->gz_len;
	for (;;) {
		if (cap - n < 65536) {
			char *p = realloc(out, cap *= 2);
			if (!p)
				break;
			out = p;
		}
		z.next_out = (Bytef *)out + n;
		z.avail_out = (uInt)(cap - n - 1);
		int rc = inflate(&z, Z_NO_FLUSH);
		n = cap - 1 - z.avail_out;
		if (rc == Z_STREAM_END) {
			inflateEnd(&z);
			out[n] = 0;
			*len = n;
			return out;
		}
		if (rc != Z_OK)
			break;
	}
	inflateEnd(&z);
	free(out);
	return NULL;
}

static int has_suffix(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && strcmp(s + a - b, suf) == 0;
}

static int cmp_page(const void *a, const void *b)
{
	return strcmp(((const struct page *)a)->id,
		      ((const struct page *)b)->id);
}

static int add_page(struct set *s, const char *path, const char *id,
		    const char *url, json_t *expect)
{
	struct page *v = realloc(s->p, (s->n + 1) * sizeof *v), *pg;

	if (!v)
		return -1;
	s->p = v;
	pg = &v[s->n];
	memset(pg, 0, sizeof *pg);
	pg->gz = read_all(path, &pg->gz_len);
	if (!pg->gz) {
		fprintf(stderr, "bench-aeb: cannot read %s\n", path);
		return -1;
	}
	pg->gzipped = has_suffix(path, ".gz");
	pg->id = strdup(id);
	pg->url = url ? strdup(url) : NULL;
	pg->expect = expect;
	s->n++;
	return 0;
}

static int load_aeb(struct set *s)
{
	char dir[4096], path[8192];
	json_error_t err;
	json_t *truth;
	DIR *d;
	struct dirent *e;

	snprintf(path, sizeof path, "%s/data/aeb/ground-truth.json",
		 shared_dir());
	truth = json_load_file(path, 0, &err);
	if (!truth) {
		fprintf(stderr, "bench-aeb: %s: %s\n", path, err.text);
		return -1;
	}
	snprintf(dir, sizeof dir, "%s/data/aeb/html", shared_dir());
	if (!(d = opendir(dir))) {
		json_decref(truth);
		return -1;
	}
	while ((e = readdir(d))) {
		char id[256];
		size_t n = strlen(e->d_name);
		if (!has_suffix(e->d_name, ".html.gz") || n - 8 >= sizeof id)
			continue;
		memcpy(id, e->d_name, n - 8);
		id[n - 8] = 0;
		json_t *rec = json_object_get(truth, id);
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (add_page(s, path, id,
			     json_string_value(json_object_get(rec, "url")),
			     NULL) < 0)
			break;
	}
	closedir(d);
	json_decref(truth);
	qsort(s->p, s->n, sizeof *s->p, cmp_page);
	return 0;
}

/* Every data/news/SOURCE/SLUG.html[.gz] with a SLUG.expected.json. */
static int load_news(struct set *s)
{
	static const char *const sources[] = { "reuters", "yonhap", "korean",
					       "other", NULL };
	char dir[4096], path[8192];

	for (const char *const *src = sources; *src; src++) {
		DIR *d;
		struct dirent *e;
		snprintf(dir, sizeof dir, "%s/data/news/%s", shared_dir(), *src);
		if (!(d = opendir(dir)))
			continue;
		while ((e = readdir(d))) {
			char slug[256];
			size_t cut = has_suffix(e->d_name, ".html.gz") ? 8 :
				     has_suffix(e->d_name, ".html") ? 5 : 0;
			size_t n = strlen(e->d_name);
			if (!cut || n - cut >= sizeof slug)
				continue;
			memcpy(slug, e->d_name, n - cut);
			slug[n - cut] = 0;
			snprintf(path, sizeof path, "%s/%s.expected.json", dir,
				 slug);
			json_t *exp = json_load_file(path, 0, NULL);
			if (!exp)
				continue;
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			if (add_page(s, path, slug,
				     json_string_value(json_object_get(exp,
								       "url")),
				     exp) < 0) {
				json_decref(exp);
				break;
			}
		}
		closedir(d);
	}
	qsort(s->p, s->n, sizeof *s->p, cmp_page);
	return 0;
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
		size_t len;
		char *html = page_html(&s->p[i], &len);
		if (!html)
			continue;
		double t0 = now();
		bare_parse(html, len, s->p[i].url);
		double t1 = now();
		char *body = extract(html, len, s->p[i].url);
		double t2 = now();
		*bare += t1 - t0;
		*full += t2 - t1;
		if (keep) {
			free(s->p[i].body);
			s->p[i].body = body;
		} else {
			free(body);
		}
		free(html);
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
		size_t len;
		char *html = page_html(&w->s->p[i], &len);
		if (!html)
			continue;
		double t0 = now();
		if (w->bare)
			bare_parse(html, len, w->s->p[i].url);
		else
			free(extract(html, len, w->s->p[i].url));
		w->busy += now() - t0;
		free(html);
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

/* Remove the scratch folder and what the run left in it. */
static void remove_tmp(const char *dir)
{
	static const char *const files[] = { "aeb-pred.json", "aeb-pages.tsv",
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
				size_t len;
				if (strncmp(pg->id, only, strlen(only)))
					continue;
				char *html = page_html(pg, &len);
				char *body = html ? extract(html, len, pg->url) : NULL;
				printf("=== %s %s\n%s\n", pg->id,
				       pg->url ? pg->url : "", body ? body : "(null)");
				free(body);
				free(html);
			}
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
	printf("speed parse + generic   %7.1f pages/s (1 thread)  %7.1f pages/s (%d threads, x%.2f)\n",
	       n / full, n / tfull, jobs, full / tfull);
	printf("ratio to bare parse     %.3f (1 thread)\n", bare / full);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("peak RSS                %.1f MB\n", (double)ru.ru_maxrss / 1024);
	if (per_page)
		print_worst("AEB", tsv, per_page);
	remove_tmp(tmp);
	return 0;
}
