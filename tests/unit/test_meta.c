/* test_meta.c - page metadata into the record: the cases in
 * tests/data/meta, plus precedence over fields already set, the JSON-LD
 * body and the lenient JSON-LD reader.
 *
 * A case gives html (and optionally url and tz) and the expected fields:
 * title, subtitle, published, modified, section, language, canonical (one
 * line each); authors, tags (one per line); images (one per line, "URL" or
 * "URL | caption"). A field the case does not name must come out empty.
 * Optional: origins ("field=origin ..." checked for the fields named),
 * warnings (how many), body (gisa_meta_jsonld_body's result).
 */
#include "article.h"
#include "error.h"
#include "html.h"
#include "jsonld.h"
#include "meta.h"
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *join_lines(const gisa_strv *sv)
{
	return sv->n ? gisa_strv_join(sv, "\n") : NULL;
}

static char *images_text(const gisa_article *a)
{
	gisa_strv sv = GISA_STRV_INIT;
	char line[4096], *s;

	for (size_t i = 0; i < a->n_images; i++) {
		if (a->images[i].caption)
			snprintf(line, sizeof line, "%s | %s", a->images[i].url,
				 a->images[i].caption);
		else
			snprintf(line, sizeof line, "%s", a->images[i].url);
		gisa_strv_push(&sv, line);
	}
	s = join_lines(&sv);
	gisa_strv_clear(&sv);
	return s;
}

static const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

/* origins: "field=origin field=origin ..." */
static void check_origins(const t_case *c, const gisa_article *a)
{
	const char *p = t_case_get(c, "origins");
	char name[64], want[64];
	int f, used;

	while (p && sscanf(p, " %63[^= \n]=%63s%n", name, want, &used) == 2) {
		p += used;
		for (f = 0; f < GISA_F__COUNT; f++)
			if (strcmp(gisa_field_name(f), name) == 0)
				break;
		T_OKF(f < GISA_F__COUNT, "no field %s", name);
		if (f < GISA_F__COUNT)
			T_STREQ(a->origin[f], want);
	}
}


/* gisa_meta_scan gives what gisa_meta_extract and gisa_meta_jsonld_body
 * give separately: the same fields, the same body. */
static void same_as_scan(gisa_doc *doc, const char *tz, const gisa_article *a)
{
	gisa_article b = GISA_ARTICLE_INIT;
	char *body = NULL, *want = gisa_meta_jsonld_body(doc);

	T_INTEQ(gisa_meta_scan(doc, tz, &b, &body), 0);
	T_STREQ(body, want);
	T_STREQ(b.title, a->title);
	T_STREQ(b.published, a->published);
	T_STREQ(b.canonical_url, a->canonical_url);
	T_INTEQ(b.authors.n, a->authors.n);
	T_INTEQ(b.n_images, a->n_images);
	free(body);
	free(want);
	gisa_article_clear(&b);
}

static void run_case(const t_case *c)
{
	const char *html = t_case_get(c, "html"), *tz = t_case_get(c, "tz");
	const char *warn = t_case_get(c, "warnings"), *body;
	gisa_doc *doc = NULL;
	gisa_article a = GISA_ARTICLE_INIT;
	char *s;

	t_context(c->name);
	if (!html) {
		T_OKF(0, "case without html");
		return;
	}
	if (gisa_html_parse(html, strlen(html), nz(t_case_get(c, "url")),
			    &doc) != 0) {
		T_OKF(0, "parse failed");
		return;
	}
	T_INTEQ(gisa_meta_extract(doc, nz(tz), &a), 0);
	T_STREQ(a.title, nz(t_case_get(c, "title")));
	T_STREQ(a.subtitle, nz(t_case_get(c, "subtitle")));
	T_STREQ(a.published, nz(t_case_get(c, "published")));
	T_STREQ(a.modified, nz(t_case_get(c, "modified")));
	T_STREQ(a.section, nz(t_case_get(c, "section")));
	T_STREQ(a.language, nz(t_case_get(c, "language")));
	T_STREQ(a.canonical_url, nz(t_case_get(c, "canonical")));
	s = join_lines(&a.authors);
	T_STREQ(s, nz(t_case_get(c, "authors")));
	free(s);
	s = join_lines(&a.tags);
	T_STREQ(s, nz(t_case_get(c, "tags")));
	free(s);
	s = images_text(&a);
	T_STREQ(s, nz(t_case_get(c, "images")));
	free(s);
	check_origins(c, &a);
	if (warn)
		T_INTEQ(a.warnings.n, strtol(warn, NULL, 10));
	if ((body = t_case_get(c, "body"))) {
		s = gisa_meta_jsonld_body(doc);
		T_STREQ(s, nz(body));
		free(s);
	}
	same_as_scan(doc, nz(tz), &a);
	gisa_article_clear(&a);
	gisa_doc_free(doc);
}

/* The case's page cut short at 32 points and with bytes replaced: every
 * variant goes through without error (the sanitizer build watches). */
static void mutate(const char *html)
{
	static unsigned seed = 777;
	size_t n = strlen(html);
	char *buf = malloc(n + 1);
	int fails = 0;

	for (int round = 0; round < 48 && buf && n; round++) {
		gisa_doc *doc;
		gisa_article a = GISA_ARTICLE_INIT;
		size_t len = n;

		memcpy(buf, html, n + 1);
		if (round < 32) {
			len = n * (size_t)round / 32;
		} else {
			for (int k = 0; k < 4; k++) {
				seed = seed * 1103515245 + 12345;
				buf[(seed >> 8) % n] = "{}[],\"<>&;:\n x"[(seed >> 16) % 15];
			}
		}
		buf[len] = '\0';
		if (gisa_html_parse(buf, len, "https://ex.com/a", &doc) != 0)
			continue;
		fails += gisa_meta_extract(doc, "Asia/Seoul", &a) != 0;
		free(gisa_meta_jsonld_body(doc));
		gisa_article_clear(&a);
		gisa_doc_free(doc);
	}
	T_INTEQ(fails, 0);
	free(buf);
}

static void test_cases(void)
{
	t_casefile cf = { 0 };
	int n = t_cases_load_dir(t_path("tests/data/meta"), &cf);

	T_OKF(n >= 30, "only %d meta cases", n);
	for (size_t i = 0; i < cf.n; i++)
		run_case(&cf.cases[i]);
	for (size_t i = 0; i < cf.n; i++) {
		t_context(cf.cases[i].name);
		if (t_case_get(&cf.cases[i], "html"))
			mutate(t_case_get(&cf.cases[i], "html"));
	}
	t_context(NULL);
	t_cases_free(&cf);
}

/* Fields the caller already has are left alone, origins included. */
static void test_keeps_existing(void)
{
	const char *html = "<html lang=en><head><title>Page</title>"
		"<meta property='og:title' content='OG title'>"
		"<meta name='author' content='Jane Roe'>"
		"<meta property='article:published_time' "
		"content='2023-11-09T10:00:00+09:00'></head></html>";
	gisa_doc *doc;
	gisa_article a = GISA_ARTICLE_INIT;

	t_context("keeps existing fields");
	T_INTEQ(gisa_html_parse(html, strlen(html), NULL, &doc), 0);
	gisa_article_set(&a.title, "Rule title");
	a.origin[GISA_F_TITLE] = "rule:test";
	gisa_strv_push(&a.authors, "Rule Author");
	T_INTEQ(gisa_meta_extract(doc, NULL, &a), 0);
	T_STREQ(a.title, "Rule title");
	T_STREQ(a.origin[GISA_F_TITLE], "rule:test");
	T_INTEQ(a.authors.n, 1);
	T_STREQ(a.authors.v[0], "Rule Author");
	T_STREQ(a.published, "2023-11-09T10:00:00+09:00");
	T_STREQ(a.language, "en");
	/* A second run changes nothing. */
	T_INTEQ(gisa_meta_extract(doc, NULL, &a), 0);
	T_INTEQ(a.authors.n, 1);
	gisa_article_clear(&a);
	gisa_doc_free(doc);
	t_context(NULL);
}

static void test_bad_zone(void)
{
	const char *html = "<meta name='date' content='2023-11-09 10:00'>";
	gisa_doc *doc;
	gisa_article a = GISA_ARTICLE_INIT;

	T_INTEQ(gisa_html_parse(html, strlen(html), NULL, &doc), 0);
	T_INTEQ(gisa_meta_extract(doc, "Nowhere/Land", &a), 0);
	T_STREQ(a.published, "2023-11-09T10:00:00");
	T_INTEQ(a.warnings.n, 1);
	gisa_article_clear(&a);
	gisa_doc_free(doc);
}

static void test_jsonld_reader(void)
{
	static const char *const ok[] = {
		"{\"a\": 1}",
		"  <!-- {\"a\": 1} -->  ",
		"//<![CDATA[\n{\"a\": 1}\n//]]>",
		"{\"a\": 1,}",
		"{\"a\": [1, 2,], }",
		"{\"a\": \"line\none\"}",
		"{\"a\": \"it\\'s\"}",
		"/* comment */ {\"a\": 1} // trailing",
		"{&quot;a&quot;: 1}",
		"[{\"a\": 1}];",
		"{\"a\": 1} {\"b\": 2}",
		NULL };
	static const char *const bad[] = { "", "not json", "{\"a\": }",
		"{\"a\" \"b\"}", NULL };

	for (int i = 0; ok[i]; i++) {
		json_t *v = gisa_jsonld_load(ok[i], strlen(ok[i]));
		T_OKF(v != NULL, "did not load: %s", ok[i]);
		json_decref(v);
	}
	for (int i = 0; bad[i]; i++) {
		json_t *v = gisa_jsonld_load(bad[i], strlen(bad[i]));
		T_OKF(v == NULL, "loaded: %s", bad[i]);
		json_decref(v);
	}
	json_t *v = gisa_jsonld_load("{\"a\": \"x\ny\"}", 12);
	T_STREQ(gisa_jsonld_str(v, "a"), "x\ny");
	json_decref(v);
	char *u = gisa_html_unescape("a &amp; b &#39;c&#x2019; &bogus; &", 34);
	T_STREQ(u, "a & b 'c\xe2\x80\x99 &bogus; &");
	free(u);
}

int main(void)
{
	test_cases();
	test_keeps_existing();
	test_bad_zone();
	test_jsonld_reader();
	return t_done();
}
