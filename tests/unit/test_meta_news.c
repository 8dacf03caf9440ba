/* test_meta_news.c - gisa_meta_extract over the saved news pages in
 * $GISA_SHARED/data/news, compared with their .expected.json.
 *
 * Prints per-page disagreements and per-field agreement figures. Asserts
 * only that every page goes through and that titles agree on at least
 * TITLE_FLOOR pages (the figure measured when this test was written; raise
 * it when the extractor gets better, never lower it silently).
 */
#include "date.h"
#include "error.h"
#include "html.h"
#include "meta.h"
#include "test.h"
#include "text.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define TITLE_FLOOR 51

struct tally {
	int n, agree;
};

static struct tally t_title, t_pub, t_auth;
static int pages;

/* The whole file, gunzipped when it is gzip (zlib reads plain files
 * through as they are). */
static char *slurp(const char *path, size_t *len)
{
	gzFile g = gzopen(path, "rb");
	size_t cap = 1 << 20, n = 0;
	char *buf = NULL, *nb;
	int r;

	if (!g)
		return NULL;
	for (;;) {
		if (!buf || n == cap) {
			cap = buf ? cap * 2 : cap;
			if (!(nb = realloc(buf, cap + 1)))
				goto fail;
			buf = nb;
		}
		r = gzread(g, buf + n, (unsigned)(cap - n));
		if (r < 0)
			goto fail;
		if (r == 0)
			break;
		n += (size_t)r;
	}
	gzclose(g);
	buf[n] = '\0';
	*len = n;
	return buf;
fail:
	gzclose(g);
	free(buf);
	return NULL;
}

static int same_text(const char *a, const char *b)
{
	char *x, *y;
	int eq;

	if (!a || !b)
		return 0;
	x = gisa_text_clean(a, strlen(a));
	y = gisa_text_clean(b, strlen(b));
	eq = x && y && strcmp(x, y) == 0;
	free(x);
	free(y);
	return eq;
}

/* Same instant when both carry an offset, else the same date (and time,
 * when the expectation has one). */
static int same_date(const char *got, const char *want)
{
	long long g, w;

	if (!got || !want)
		return 0;
	if (strlen(want) == 10)
		return strncmp(got, want, 10) == 0;
	if (gisa_date_parse_time(got, NULL, &g) == 0 &&
	    gisa_date_parse_time(want, NULL, &w) == 0)
		return g == w;
	return strncmp(got, want, 19) == 0;
}

static int same_authors(const gisa_strv *got, json_t *want)
{
	size_t i;
	json_t *e;

	if (got->n != json_array_size(want))
		return 0;
	json_array_foreach(want, i, e)
		if (gisa_strv_find(got, json_string_value(e)) < 0)
			return 0;
	return 1;
}

static void show_authors(const char *slug, const gisa_strv *got, json_t *want)
{
	char *g = gisa_strv_join(got, "; ");
	printf("  %s authors: got [%s] want ", slug, g ? g : "");
	for (size_t i = 0; i < json_array_size(want); i++)
		printf("%s%s", i ? "; " : "[",
		       json_string_value(json_array_get(want, i)));
	printf("]\n");
	free(g);
}

static void compare(const char *slug, const gisa_article *a, json_t *exp)
{
	const char *title = json_string_value(json_object_get(exp, "title"));
	const char *pub = json_string_value(json_object_get(exp, "published"));
	json_t *auth = json_object_get(exp, "authors");

	if (title) {
		t_title.n++;
		if (same_text(a->title, title))
			t_title.agree++;
		else
			printf("  %s title: got \"%s\" want \"%s\"\n", slug,
			       a->title ? a->title : "(none)", title);
	}
	if (pub) {
		t_pub.n++;
		if (same_date(a->published, pub))
			t_pub.agree++;
		else
			printf("  %s published: got %s want %s\n", slug,
			       a->published ? a->published : "(none)", pub);
	}
	if (json_is_array(auth)) {
		t_auth.n++;
		if (same_authors(&a->authors, auth))
			t_auth.agree++;
		else
			show_authors(slug, &a->authors, auth);
	}
}

static void run_page(const char *dir, const char *name, const char *tz)
{
	char path[4096], exp_path[4096], slug[512];
	size_t len, sl;
	char *html;
	json_t *exp;
	json_error_t err;
	gisa_doc *doc = NULL;
	gisa_article a = GISA_ARTICLE_INIT;

	sl = strcspn(name, ".");
	snprintf(slug, sizeof slug, "%.*s", (int)sl, name);
	if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path ||
	    snprintf(exp_path, sizeof exp_path, "%s/%s.expected.json", dir,
		     slug) >= (int)sizeof exp_path)
		return;
	if (!(exp = json_load_file(exp_path, 0, &err)))
		return;
	html = slurp(path, &len);
	T_OKF(html != NULL, "cannot read %s", path);
	if (html) {
		const char *url = json_string_value(json_object_get(exp, "url"));
		int rc = gisa_html_parse(html, len, url, &doc);
		T_OKF(rc == 0, "%s: parse %d", slug, rc);
		if (rc == 0) {
			T_OKF(gisa_meta_extract(doc, tz, &a) == 0, "%s", slug);
			compare(slug, &a, exp);
			pages++;
		}
	}
	gisa_article_clear(&a);
	gisa_doc_free(doc);
	free(html);
	json_decref(exp);
}

static int is_page(const char *name)
{
	size_t n = strlen(name);
	return (n > 5 && strcmp(name + n - 5, ".html") == 0) ||
	       (n > 8 && strcmp(name + n - 8, ".html.gz") == 0);
}

static int by_name(const struct dirent **x, const struct dirent **y)
{
	return strcmp((*x)->d_name, (*y)->d_name);
}

static void run_dir(const char *sub, const char *tz)
{
	char rel[256];
	const char *dir;
	struct dirent **ents;
	int n;

	snprintf(rel, sizeof rel, "data/news/%s", sub);
	if (!(dir = t_shared(rel)))
		return;
	char dirbuf[4096];
	snprintf(dirbuf, sizeof dirbuf, "%s", dir);
	n = scandir(dirbuf, &ents, NULL, by_name);
	for (int i = 0; i < n; i++) {
		if (is_page(ents[i]->d_name))
			run_page(dirbuf, ents[i]->d_name, tz);
		free(ents[i]);
	}
	if (n >= 0)
		free(ents);
}

static void report(const char *field, const struct tally *t)
{
	printf("%-10s %3d / %3d agree\n", field, t->agree, t->n);
}

int main(void)
{
	if (!t_shared("data/news"))
		t_skip("GISA_SHARED/data/news is absent");
	run_dir("reuters", NULL);
	run_dir("yonhap", "Asia/Seoul");
	run_dir("korean", "Asia/Seoul");
	run_dir("other", NULL);
	printf("pages: %d\n", pages);
	report("title", &t_title);
	report("published", &t_pub);
	report("authors", &t_auth);
	T_OK(pages > 0);
	T_OKF(t_title.agree >= TITLE_FLOOR, "titles agree on %d pages, floor %d",
	      t_title.agree, TITLE_FLOOR);
	return t_done();
}
