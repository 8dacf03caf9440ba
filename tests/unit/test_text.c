/* test_text.c - core/text.c against the cases in tests/data/text, plus a
 * very deep tree and gisa_text_clean. */
#include "error.h"
#include "html.h"
#include "test.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static xmlNodePtr find_id(xmlNodePtr n, const char *id)
{
	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE) {
			xmlChar *v = xmlGetProp(n, (const xmlChar *)"id");
			int hit = v && strcmp((const char *)v, id) == 0;
			xmlFree(v);
			if (hit)
				return n;
		}
		xmlNodePtr found = find_id(n->children, id);
		if (found)
			return found;
	}
	return NULL;
}

static void run_case(const t_case *c)
{
	const char *html = t_case_get(c, "html");
	const char *expect = t_case_get(c, "expect");
	const char *inl = t_case_get(c, "inline");
	const char *count = t_case_get(c, "count");
	gisa_doc *doc = NULL;
	xmlNodePtr node;

	t_context(c->name);
	if (!html || gisa_html_parse(html, strlen(html), NULL, &doc) < 0) {
		T_OKF(0, "case has no html or it did not parse");
		return;
	}
	node = find_id(doc->xml->children, "t");
	if (!node)
		node = (xmlNodePtr)doc->xml;
	if (expect) {
		char *got = gisa_text(node);
		T_STREQ(got, expect);
		free(got);
	}
	if (inl) {
		char *got = gisa_text_inline(node);
		T_STREQ(got, inl);
		free(got);
	}
	if (count) {
		gisa_strv sv = GISA_STRV_INIT;
		T_INTEQ(gisa_text_paragraphs(node, &sv), atoi(count));
		gisa_strv_clear(&sv);
	}
	gisa_doc_free(doc);
}

/* libxml2 caps nesting depth; whatever it builds, the iterative walk
 * must get through it without recursion. */
static void test_deep_tree(void)
{
	size_t depth = 100000, len = 0;
	char *html = malloc(depth * 11 + 64);
	gisa_doc *doc = NULL;

	for (size_t i = 0; i < depth; i++)
		len += (size_t)sprintf(html + len, "<span>x");
	t_context("deep tree");
	T_INTEQ(gisa_html_parse(html, len, NULL, &doc), 0);
	if (doc) {
		char *s = gisa_text((xmlNodePtr)doc->xml);
		T_OK(s && strlen(s) > 0 && strspn(s, "x") == strlen(s));
		free(s);
	}
	gisa_doc_free(doc);
	free(html);
}

static void test_clean(void)
{
	char *s;

	t_context("gisa_text_clean");
	s = gisa_text_clean("  a \n\t b\xC2\xA0" "c ", 12);
	T_STREQ(s, "a b c");
	free(s);
	s = gisa_text_clean("bad \xFF byte", 10);
	T_STREQ(s, "bad \xEF\xBF\xBD byte");
	free(s);
	s = gisa_text_clean("", 0);
	T_STREQ(s, "");
	free(s);
	s = gisa_text_clean("e\xCC\x81", 3);
	T_STREQ(s, "\xC3\xA9");
	free(s);
}

int main(void)
{
	t_casefile cf = { 0 };

	if (t_cases_load_dir(t_path("tests/data/text"), &cf) < 20) {
		fprintf(stderr, "expected at least 20 text cases\n");
		return 1;
	}
	for (size_t i = 0; i < cf.n; i++)
		run_case(&cf.cases[i]);
	t_cases_free(&cf);
	test_deep_tree();
	test_clean();
	return t_done();
}
