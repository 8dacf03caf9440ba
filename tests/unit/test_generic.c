/* test_generic.c - core/generic.c against the hand-written pages in
 * tests/data/generic (format in that folder's files), plus the record
 * fields it must leave alone and degenerate documents. */
#include "error.h"
#include "generic.h"
#include "html.h"
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each line of a multi-line field, in turn. */
static const char *next_line(const char **s, char *buf, size_t cap)
{
	const char *p = *s, *e;
	size_t n;

	if (!p || !*p)
		return NULL;
	e = strchr(p, '\n');
	n = e ? (size_t)(e - p) : strlen(p);
	if (n >= cap)
		n = cap - 1;
	memcpy(buf, p, n);
	buf[n] = 0;
	*s = e ? e + 1 : p + strlen(p);
	return buf;
}

static void check_images(const t_case *c, const gisa_article *a)
{
	const char *want = t_case_get(c, "images");
	char line[1024];
	size_t k = 0;

	if (!want)
		return;
	while (next_line(&want, line, sizeof line)) {
		char *cap = strstr(line, " | ");
		if (cap)
			*cap = 0, cap += 3;
		T_OKF(k < a->n_images, "image %zu missing", k);
		if (k >= a->n_images)
			return;
		T_STREQ(a->images[k].url, line);
		T_STREQ(a->images[k].caption, cap);
		k++;
	}
	T_INTEQ(a->n_images, k);
}

static void run_case(const t_case *c)
{
	const char *html = t_case_get(c, "html");
	const char *want = t_case_get(c, "body");
	const char *list;
	gisa_article a = GISA_ARTICLE_INIT;
	gisa_doc *doc = NULL;
	char line[1024], *body;

	t_context(c->name);
	if (!html || gisa_html_parse(html, strlen(html), t_case_get(c, "url"),
				     &doc) < 0) {
		T_OKF(0, "case has no html or it did not parse");
		return;
	}
	T_INTEQ(gisa_generic_extract(doc, t_case_get(c, "jsonld"), &a), 0);
	body = gisa_article_body(&a);
	if (want)
		T_STREQ(body, want);
	list = t_case_get(c, "contains");
	while (next_line(&list, line, sizeof line))
		T_OKF(strstr(body, line) != NULL, "body lacks \"%s\":\n%s",
		      line, body);
	list = t_case_get(c, "excludes");
	while (next_line(&list, line, sizeof line))
		T_OKF(strstr(body, line) == NULL, "body has \"%s\":\n%s", line,
		      body);
	if (t_case_get(c, "warning")) {
		T_OKF(a.paragraphs.n == 0, "expected no body, got:\n%s", body);
		T_OKF(a.warnings.n > 0, "expected a warning");
	} else {
		T_OKF(a.paragraphs.n > 0, "expected a body");
		T_STREQ(a.origin[GISA_F_BODY], "generic");
	}
	if (t_case_get(c, "title"))
		T_STREQ(a.title, t_case_get(c, "title"));
	check_images(c, &a);
	free(body);
	gisa_article_clear(&a);
	gisa_doc_free(doc);
}

/* A title already in the record is left alone, paragraphs are replaced. */
static void test_keeps_title(void)
{
	const char *html = "<html><head><title>T</title></head><body><article>"
		"<h1>Headline here</h1><p>A first paragraph that is long "
		"enough to be read as the start of an article, with words "
		"that matter.</p><p>And a second one, which is also long "
		"enough, and says more about the same thing.</p></article>"
		"</body></html>";
	gisa_article a = GISA_ARTICLE_INIT;
	gisa_doc *doc = NULL;

	t_context("existing title and paragraphs");
	T_INTEQ(gisa_html_parse(html, strlen(html), NULL, &doc), 0);
	gisa_article_set(&a.title, "From a rule");
	gisa_strv_push(&a.paragraphs, "old paragraph");
	T_INTEQ(gisa_generic_extract(doc, NULL, &a), 0);
	T_STREQ(a.title, "From a rule");
	T_INTEQ(a.paragraphs.n, 2);
	gisa_article_clear(&a);
	gisa_doc_free(doc);
}

/* An empty document and one without a body. */
static void test_degenerate(void)
{
	const char *pages[] = { " ", "<html></html>", "<p>x</p>",
				"<body></body>", "<frameset></frameset>" };

	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		gisa_article a = GISA_ARTICLE_INIT;
		gisa_doc *doc = NULL;
		t_context(pages[i]);
		if (gisa_html_parse(pages[i], strlen(pages[i]), NULL, &doc) < 0)
			continue;
		T_INTEQ(gisa_generic_extract(doc, NULL, &a), 0);
		T_INTEQ(a.paragraphs.n, 0);
		T_OK(a.warnings.n == 1);
		gisa_article_clear(&a);
		gisa_doc_free(doc);
	}
}

static void extract_buf(const char *what, const char *html, size_t len)
{
	gisa_article a = GISA_ARTICLE_INIT;
	gisa_doc *doc = NULL;

	t_context(what);
	if (gisa_html_parse(html, len, NULL, &doc) < 0)
		return;
	T_INTEQ(gisa_generic_extract(doc, NULL, &a), 0);
	gisa_article_clear(&a);
	gisa_doc_free(doc);
}

/* Shapes that break naive walkers: very deep nesting, very many
 * siblings, a table of a thousand cells, bytes that are not HTML. */
static void test_shapes(void)
{
	size_t cap = 4 << 20, n = 0;
	char *buf = malloc(cap);

	for (int i = 0; i < 50000 && n + 64 < cap; i++)
		n += (size_t)snprintf(buf + n, cap - n, "<div class=c%d>", i);
	n += (size_t)snprintf(buf + n, cap - n, "deep text, with commas, here.");
	extract_buf("deep nesting", buf, n);

	n = 0;
	for (int i = 0; i < 40000 && n + 128 < cap; i++)
		n += (size_t)snprintf(buf + n, cap - n,
			"<p>Paragraph %d, which says something, at length.</p>", i);
	extract_buf("many siblings", buf, n);

	n = (size_t)snprintf(buf, cap, "<table>");
	for (int i = 0; i < 1000 && n + 64 < cap; i++)
		n += (size_t)snprintf(buf + n, cap - n, "%s<td>cell %d, data</td>",
				      i % 10 ? "" : "<tr>", i);
	extract_buf("big table", buf, n);

	srand(7);
	for (size_t i = 0; i < 200000; i++)
		buf[i] = (char)(rand() & 0xFF);
	extract_buf("random bytes", buf, 200000);
	free(buf);
}

int main(void)
{
	t_casefile cf = { 0 };

	if (t_cases_load_dir(t_path("tests/data/generic"), &cf) < 25) {
		fprintf(stderr, "expected at least 25 generic cases\n");
		return 1;
	}
	for (size_t i = 0; i < cf.n; i++)
		run_case(&cf.cases[i]);
	t_cases_free(&cf);
	test_keeps_title();
	test_degenerate();
	test_shapes();
	return t_done();
}
