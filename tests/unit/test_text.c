/* test_text.c - core/text.c against the cases in tests/data/text, plus a
 * very deep tree and gisa_text_clean. */
#include "buf.h"
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

/* gisa_text_visit: the "skip" field names a class whose elements are
 * left out; the paragraphs are joined as gisa_text does, and the names of
 * the blocks they start in are collected for the "blocks" field. */
struct visit {
	const char *skip;
	gisa_strv paras;
	gisa_buf blocks;
};

static int skip_class(xmlNodePtr el, void *ud)
{
	struct visit *v = ud;
	xmlChar *cls = xmlGetProp(el, (const xmlChar *)"class");
	int hit = cls && v->skip && strcmp((const char *)cls, v->skip) == 0;
	xmlFree(cls);
	return hit;
}

static int take_para(char *text, xmlNodePtr block, void *ud)
{
	struct visit *v = ud;
	if (v->blocks.len)
		gisa_buf_putc(&v->blocks, ' ');
	gisa_buf_puts(&v->blocks, (const char *)block->name);
	return gisa_strv_take(&v->paras, text);
}

static void check_visit(const t_case *c, xmlNodePtr node)
{
	const char *expect = t_case_get(c, "expect");
	const char *blocks = t_case_get(c, "blocks");
	struct visit v = { .skip = t_case_get(c, "skip") };
	int n = gisa_text_visit(node, skip_class, take_para, &v);

	T_INTEQ(n, (long)v.paras.n);
	if (expect) {
		char *got = gisa_strv_join(&v.paras, "\n\n");
		T_STREQ(got, expect);
		free(got);
	}
	if (blocks)
		T_STREQ(gisa_buf_cstr(&v.blocks), blocks);
	gisa_strv_clear(&v.paras);
	gisa_buf_free(&v.blocks);
}

static void run_case(const t_case *c)
{
	const char *html = t_case_get(c, "html");
	const char *expect = t_case_get(c, "expect");
	const char *inl = t_case_get(c, "inline");
	const char *count = t_case_get(c, "count");
	int visit = t_case_get(c, "skip") || t_case_get(c, "blocks");
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
	if (visit) {
		check_visit(c, node);
	} else if (expect) {
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
	/* text already clean comes back as it is, and cleaning is
	 * idempotent whatever the input (the second pass of each pair
	 * takes the shortcut for clean text) */
	static const char *const inputs[] = {
		"plain words here", "It\xE2\x80\x99s \xE2\x80\x9Cquoted\xE2\x80\x9D",
		" lead", "trail ", "two  spaces", "tab\there", "nl\nhere",
		"nbsp\xC2\xA0here", "zw\xE2\x80\x8Bsp", "soft\xC2\xADhy",
		"A\xCC\x8A", "\xEA\xB0\x80\xEB\x82\x98 \xE4\xB8\xAD",
		"ctl\x01x", "del\x7Fx", "bad\xC3", "x \xE2\x80\x94 y",
		"\xE2\x80\x83" "em space", "a \xCC\x81", "\xEF\xBB\xBF" "bom", NULL };
	for (const char *const *in = inputs; *in; in++) {
		char *once = gisa_text_clean(*in, strlen(*in)), *twice;
		t_context(*in);
		T_OK(once != NULL);
		twice = once ? gisa_text_clean(once, strlen(once)) : NULL;
		T_STREQ(twice, once);
		free(once);
		free(twice);
	}
	t_context(NULL);
	const char *clean = "It\xE2\x80\x99s a \xE2\x80\x9Ctest\xE2\x80\x9D.";
	s = gisa_text_clean(clean, strlen(clean));
	T_STREQ(s, clean);
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
