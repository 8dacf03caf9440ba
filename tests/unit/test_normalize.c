/* test_normalize.c - core/normalize.c against the cases in
 * tests/data/normalize (the .cases files). Each case is normalized twice
 * (idempotence), and text cases are printed as `--format text` would and
 * read again (the same title and paragraphs come back). Plus limits and
 * odd inputs.
 *
 * Case fields:
 *   in          the input: plain text (mode text) or paragraphs separated
 *               by blank lines (mode record)
 *   mode        text (default: gisa_normalize_text) or record (the
 *               paragraphs go straight to gisa_normalize)
 *   lang        the language passed along (default none)
 *   given-title, given-authors ("|"-joined)  record fields before (record
 *               mode)
 *   given-captions  one image caption a line, given to the record's
 *               images before (record mode)
 *   title, authors ("|"-joined), dateline   expected; a field left out
 *               must come out empty
 *   paragraphs  expected paragraphs separated by blank lines; "same" means
 *               exactly the input paragraphs (the false-positive guard)
 */
#include "article.h"
#include "buf.h"
#include "error.h"
#include "normalize.h"
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void split(const char *s, const char *sep, gisa_strv *out)
{
	size_t sl = strlen(sep);

	while (s && *s) {
		const char *e = strstr(s, sep);
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n)
			gisa_strv_pushn(out, s, n);
		s = e ? e + sl : NULL;
		while (s && *s == '\n')
			s++;
	}
}

static char *join(const gisa_strv *sv, const char *sep)
{
	return gisa_strv_join(sv, sep);
}

struct snap {
	char *title, *authors, *dateline, *body;
};

static void take(struct snap *s, const gisa_article *a)
{
	s->title = a->title ? strdup(a->title) : NULL;
	s->authors = join(&a->authors, "|");
	s->dateline = a->dateline ? strdup(a->dateline) : NULL;
	s->body = join(&a->paragraphs, "\n\n");
}

static void drop(struct snap *s)
{
	free(s->title);
	free(s->authors);
	free(s->dateline);
	free(s->body);
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* What `gisa normalize --format text` prints, read again, gives the same
 * title and paragraphs. */
static void round_trip(const struct snap *s, const char *lang)
{
	gisa_article b = GISA_ARTICLE_INIT;
	gisa_buf text = GISA_BUF_INIT;
	char *body;

	if (s->title)
		gisa_buf_printf(&text, "%s\n\n", s->title);
	gisa_buf_printf(&text, "%s\n", s->body);
	T_INTEQ(gisa_normalize_text(text.data, text.len, lang, &b), 0);
	body = join(&b.paragraphs, "\n\n");
	T_STREQ(body, s->body);
	T_STREQ(or_empty(b.title), or_empty(s->title));
	free(body);
	gisa_buf_free(&text);
	gisa_article_clear(&b);
}

static void run_case(const t_case *c, int *guarded)
{
	const char *in = t_case_get(c, "in");
	const char *mode = t_case_get(c, "mode");
	const char *lang = t_case_get(c, "lang");
	const char *want = t_case_get(c, "paragraphs");
	const char *gt = t_case_get(c, "given-title");
	const char *ga = t_case_get(c, "given-authors");
	const char *gc = t_case_get(c, "given-captions");
	int record = mode && strcmp(mode, "record") == 0;
	gisa_article a = GISA_ARTICLE_INIT;
	struct snap once, twice;
	char *same = NULL;

	t_context(c->name);
	if (!in || !want) {
		T_OKF(0, "case needs in and paragraphs");
		return;
	}
	if (record) {
		split(in, "\n\n", &a.paragraphs);
		same = join(&a.paragraphs, "\n\n");
		if (gt)
			a.title = strdup(gt);
		if (ga)
			split(ga, "|", &a.authors);
		if (gc) {
			gisa_strv caps = GISA_STRV_INIT;
			split(gc, "\n", &caps);
			for (size_t k = 0; k < caps.n; k++) {
				char url[64];
				snprintf(url, sizeof url,
					 "https://example.org/%zu.jpg", k);
				T_INTEQ(gisa_article_add_image(&a, url,
							       caps.v[k]), 0);
			}
			gisa_strv_clear(&caps);
		}
		T_INTEQ(gisa_normalize(&a, lang), 0);
	} else {
		T_INTEQ(gisa_normalize_text(in, strlen(in), lang, &a), 0);
	}
	take(&once, &a);
	if (strcmp(want, "same") == 0) {
		T_STREQ(once.body, same ? same : in);
		*guarded += (int)a.paragraphs.n;
	} else {
		T_STREQ(once.body, want);
	}
	T_STREQ(or_empty(once.title), or_empty(t_case_get(c, "title")));
	T_STREQ(once.authors, or_empty(t_case_get(c, "authors")));
	T_STREQ(or_empty(once.dateline), or_empty(t_case_get(c, "dateline")));
	/* once more: nothing changes */
	T_INTEQ(gisa_normalize(&a, lang), 0);
	take(&twice, &a);
	T_STREQ(twice.body, once.body);
	T_STREQ(or_empty(twice.title), or_empty(once.title));
	T_STREQ(twice.authors, once.authors);
	T_STREQ(or_empty(twice.dateline), or_empty(once.dateline));
	if (!record)
		round_trip(&once, lang);
	drop(&once);
	drop(&twice);
	free(same);
	gisa_article_clear(&a);
}

static void test_limits(void)
{
	gisa_article a = GISA_ARTICLE_INIT;
	gisa_buf b = GISA_BUF_INIT;
	char junk[4096];

	t_context("limits");
	T_INTEQ(gisa_normalize_text(NULL, 0, NULL, &a), GISA_EINVAL);
	T_INTEQ(gisa_normalize_text("x", GISA_NORMALIZE_MAX_TEXT + 1, NULL, &a),
		GISA_ELIMIT);
	T_INTEQ(gisa_normalize_text("", 0, NULL, &a), 0);
	T_INTEQ(a.paragraphs.n, 0);
	T_OK(a.title == NULL);
	gisa_article_clear(&a);
	/* bytes that are not text: no crash, valid UTF-8 out */
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (char)((i * 7919 + 13) % 256);
	T_INTEQ(gisa_normalize_text(junk, sizeof junk, NULL, &a), 0);
	gisa_article_clear(&a);
	/* more paragraphs than are looked at: the rest is kept as is */
	for (int i = 0; i < GISA_NORMALIZE_MAX_PARAS + 5; i++)
		gisa_strv_push(&a.paragraphs, "A sentence of text.");
	T_INTEQ(gisa_normalize(&a, NULL), 0);
	T_INTEQ(a.paragraphs.n, 6); /* repeats go, the unseen five stay */
	gisa_article_clear(&a);
	/* one very long line */
	for (int i = 0; i < 20000; i++)
		gisa_buf_puts(&b, "word ");
	gisa_buf_puts(&b, "end.");
	T_INTEQ(gisa_normalize_text(b.data, b.len, NULL, &a), 0);
	T_INTEQ(a.paragraphs.n, 1);
	gisa_article_clear(&a);
	gisa_buf_free(&b);
	/* labels only: the title is not emptied into nothing */
	{
		char *t = gisa_title_clean("(LEAD)");
		T_STREQ(t, "(LEAD)");
		free(t);
		t = gisa_title_clean("(LEAD) (2nd LD) [속보] Talks resume -Breaking");
		T_STREQ(t, "Talks resume");
		free(t);
	}
}

int main(void)
{
	t_casefile cf = { 0 };
	int n = t_cases_load_dir(t_path("tests/data/normalize"), &cf);
	int guarded = 0;

	T_OKF(n >= 60, "%d cases", n);
	for (size_t i = 0; i < cf.n; i++)
		run_case(&cf.cases[i], &guarded);
	t_context("false-positive guard");
	T_OKF(guarded >= 20, "%d clean paragraphs guarded", guarded);
	t_cases_free(&cf);
	test_limits();
	return t_done();
}
