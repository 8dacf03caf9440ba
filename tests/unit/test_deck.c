/* test_deck.c - the deck under the headline (core/deck.c): the cases in
 * tests/data/deck through the whole pipeline (gisa_extract), plus a
 * subtitle a rule set, which the deck never replaces.
 */
#include "article.h"
#include "buf.h"
#include "deck.h"
#include "extract.h"
#include "html.h"
#include "test.h"

#include <stdlib.h>
#include <string.h>

static const char *const story[] = {
	"Ships queued outside the breakwater for most of the week while "
	"engineers checked the cranes, the quay walls and the channel, which "
	"the storm had filled with sand in several places.",
	"The harbour master said on Monday that the first container vessels "
	"had berthed without trouble, and that traffic would be back to its "
	"usual level by the end of the month if the weather held.",
	"Dock workers, who had been sent home on full pay, returned for the "
	"early shift; their union said the company had kept its promise to "
	"pay everyone through the closure, which it had doubted at first.",
	"Fishermen were less fortunate: several boats were lost in the storm, "
	"and the town council has opened a fund to help their owners buy new "
	"ones before the spring season begins in earnest.",
};

/* The case's page with STORY and LONGTEXT filled in. */
static char *page_of(const char *tpl)
{
	gisa_buf b = GISA_BUF_INIT;
	const char *s = tpl, *m;

	while ((m = strpbrk(s, "SL"))) {
		gisa_buf_append(&b, s, (size_t)(m - s));
		if (!strncmp(m, "STORY", 5)) {
			for (size_t i = 0; i < 4; i++) {
				gisa_buf_puts(&b, "<p>");
				gisa_buf_puts(&b, story[i]);
				gisa_buf_puts(&b, "</p>\n");
			}
			s = m + 5;
		} else if (!strncmp(m, "LONGTEXT", 8)) {
			for (int i = 0; i < 5; i++) {
				gisa_buf_puts(&b, story[i % 4]);
				gisa_buf_puts(&b, " ");
			}
			s = m + 8;
		} else {
			gisa_buf_append(&b, m, 1);
			s = m + 1;
		}
	}
	gisa_buf_puts(&b, s);
	return gisa_buf_detach(&b);
}

static void run_case(const t_case *c)
{
	const char *want = t_case_get(c, "subtitle");
	const char *origin = t_case_get(c, "origin");
	const char *first = t_case_get(c, "first");
	char *page = page_of(t_case_get(c, "page"));
	gisa_extract_opts o = { .url = "https://news.example.com/a/1" };
	gisa_article a = GISA_ARTICLE_INIT;

	t_context(c->name);
	T_INTEQ(gisa_extract(page, strlen(page), &o, &a), 0);
	if (want && !*want)
		T_OKF(a.subtitle == NULL, "subtitle %s", a.subtitle);
	else
		T_STREQ(a.subtitle, want);
	if (origin)
		T_STREQ(a.origin[GISA_F_SUBTITLE], origin);
	T_OK(a.paragraphs.n > 0);
	if (a.paragraphs.n && !(first && !strcmp(first, "*")))
		T_STREQ(a.paragraphs.v[0], first ? first : story[0]);
	gisa_article_clear(&a);
	free(page);
}

/* A rule's subtitle is the rule author's word: left as it is, and so is
 * a body that does not start with it. */
static void rule_subtitle_kept(void)
{
	static const char html[] =
		"<html><body><h1>Harbour reopens</h1>"
		"<p class=\"standfirst\">The port handled its first ships "
		"in a week.</p><p>Body text.</p></body></html>";
	gisa_doc *doc = NULL;
	gisa_article a = GISA_ARTICLE_INIT;

	t_context("rule subtitle");
	T_INTEQ(gisa_html_parse(html, sizeof html - 1, NULL, &doc), 0);
	a.subtitle = strdup("What the rule chose");
	a.origin[GISA_F_SUBTITLE] = "rule:selector";
	gisa_strv_push(&a.paragraphs, "The port handled its first ships in "
		       "a week.");
	T_INTEQ(gisa_deck_find(doc, &a), 0);
	T_STREQ(a.subtitle, "What the rule chose");
	T_INTEQ((long)a.paragraphs.n, 1);
	gisa_article_clear(&a);
	gisa_doc_free(doc);
}

/* ... but a body that starts with the rule's subtitle (a line of it, or
 * all of it) loses those paragraphs, and only those. */
static void rule_subtitle_repeat(void)
{
	static const char html[] =
		"<html><body><h1>Harbour reopens</h1><p>x</p></body></html>";
	gisa_doc *doc = NULL;
	gisa_article a = GISA_ARTICLE_INIT;

	t_context("rule subtitle repeated in the body");
	T_INTEQ(gisa_html_parse(html, sizeof html - 1, NULL, &doc), 0);
	a.subtitle = strdup("Ships return to the port\nTrade resumes");
	a.origin[GISA_F_SUBTITLE] = "rule:selector";
	gisa_strv_push(&a.paragraphs, "Ships  return to the port");
	gisa_strv_push(&a.paragraphs, "Trade resumes");
	gisa_strv_push(&a.paragraphs, "The port handled its first ships.");
	gisa_strv_push(&a.paragraphs, "Trade resumes");
	T_INTEQ(gisa_deck_find(doc, &a), 0);
	T_STREQ(a.subtitle, "Ships return to the port\nTrade resumes");
	T_INTEQ((long)a.paragraphs.n, 2);
	T_STREQ(a.paragraphs.v[0], "The port handled its first ships.");
	gisa_article_clear(&a);
	gisa_doc_free(doc);
}

int main(void)
{
	t_casefile cf;

	if (t_cases_load_dir(t_path("tests/data/deck"), &cf) < 1)
		return 1;
	for (size_t i = 0; i < cf.n; i++)
		run_case(&cf.cases[i]);
	t_cases_free(&cf);
	rule_subtitle_kept();
	rule_subtitle_repeat();
	return t_done();
}
