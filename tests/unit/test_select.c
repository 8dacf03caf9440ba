/* test_select.c - CSS selectors and XPath over parsed HTML.
 *
 * Table-driven cases come from the .cases files in tests/data/select (the
 * fields are described at the top of css-1-basic.cases and xpath.cases);
 * each CSS case is also checked for
 * consistency: gisa_select_first is the first of gisa_select, and
 * gisa_selector_matches agrees with gisa_select on every element. Then
 * the limits, the matching budget, and a deterministic fuzz run: a few
 * thousand random and mutated selectors compiled and matched, which must
 * be compiled or rejected with a well-formed message, never crash (run it
 * under the sanitizer build).
 */
#include "buf.h"
#include "error.h"
#include "html.h"
#include "select.h"
#include "test.h"

#include <libxml/tree.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- signatures: how the cases name nodes ---- */

static void sig_element(gisa_buf *b, xmlNodePtr n)
{
	xmlChar *id = xmlGetProp(n, (const xmlChar *)"id");
	xmlChar *cls = xmlGetProp(n, (const xmlChar *)"class");

	gisa_buf_puts(b, (const char *)n->name);
	if (id)
		gisa_buf_printf(b, "#%s", (const char *)id);
	for (const char *p = (const char *)cls; p && *p;) {
		size_t len;
		p += strspn(p, " \t\n\r\f");
		len = strcspn(p, " \t\n\r\f");
		if (len)
			gisa_buf_printf(b, ".%.*s", (int)len, p);
		p += len;
	}
	xmlFree(id);
	xmlFree(cls);
}

static void sig_node(gisa_buf *b, xmlNodePtr n)
{
	xmlChar *s;

	switch (n->type) {
	case XML_ELEMENT_NODE:
		sig_element(b, n);
		break;
	case XML_ATTRIBUTE_NODE:
		s = xmlNodeGetContent(n);
		gisa_buf_printf(b, "@%s=%s", (const char *)n->name,
				s ? (const char *)s : "");
		xmlFree(s);
		break;
	case XML_TEXT_NODE:
		gisa_buf_printf(b, "text:%s", (const char *)n->content);
		break;
	case XML_COMMENT_NODE:
		gisa_buf_printf(b, "comment:%s", (const char *)n->content);
		break;
	case XML_HTML_DOCUMENT_NODE:
	case XML_DOCUMENT_NODE:
		gisa_buf_puts(b, "#document");
		break;
	default:
		gisa_buf_printf(b, "?%d", (int)n->type);
	}
}

/* A case's expected list without the blank lines that end it. */
static char *trimmed(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		n--;
	return s ? strndup(s, n) : NULL;
}

/* The signatures of nodes[0..n), one per line, malloc'd. */
static char *signatures(const gisa_nodes *nl)
{
	gisa_buf b = GISA_BUF_INIT;

	for (size_t i = 0; i < nl->n; i++) {
		if (i)
			gisa_buf_putc(&b, '\n');
		sig_node(&b, nl->v[i]);
	}
	gisa_buf_puts(&b, "");
	return gisa_buf_detach(&b);
}

/* ---- the case runner ---- */

static gisa_doc *parse(const char *html)
{
	gisa_doc *doc = NULL;
	T_INTEQ(gisa_html_parse(html, strlen(html), NULL, &doc), 0);
	return doc;
}

/* The scope a case names (its "scope" field, a selector whose first match
 * is the scope), or the document. */
static xmlNodePtr case_scope(const t_case *c, gisa_doc *doc)
{
	const char *css = t_case_get(c, "scope");
	gisa_selector *sel;
	xmlNodePtr n;
	char err[200];

	if (!css)
		return (xmlNodePtr)doc->xml;
	if (gisa_selector_compile(css, &sel, err, sizeof err) < 0) {
		T_OKF(0, "scope %s: %s", css, err);
		return NULL;
	}
	n = gisa_select_first(sel, (xmlNodePtr)doc->xml);
	gisa_selector_free(sel);
	T_OKF(n != NULL, "scope %s matches nothing", css);
	return n;
}

static int in_nodes(const gisa_nodes *nl, xmlNodePtr n)
{
	for (size_t i = 0; i < nl->n; i++)
		if (nl->v[i] == n)
			return 1;
	return 0;
}

/* With an index of the document, select and select_first give what they
 * give without: the same nodes, the same result code (budget included). */
static void check_indexed(const gisa_selector *sel, xmlNodePtr scope)
{
	gisa_nodes a = GISA_NODES_INIT, b = GISA_NODES_INIT;
	gisa_select_index *ix = NULL;
	int ra, rb;

	T_INTEQ(gisa_select_index_new(scope->doc, &ix), 0);
	ra = gisa_select(sel, scope, &a);
	rb = gisa_select_indexed(sel, scope, ix, &b);
	T_INTEQ(rb, ra);
	T_OK(a.n == b.n && (!a.n || !memcmp(a.v, b.v, a.n * sizeof *a.v)));
	T_OK(gisa_select_first_indexed(sel, scope, ix) ==
	     gisa_select_first(sel, scope));
	gisa_select_index_free(ix);
	gisa_nodes_clear(&a);
	gisa_nodes_clear(&b);
}

/* Cross-checks: first == select's first; matches() agrees with select()
 * on every element of the scope (not for :scope, which matches() binds
 * to the element itself). */
static void check_consistent(const gisa_selector *sel, const char *css,
			     xmlNodePtr scope, const gisa_nodes *got)
{
	xmlNodePtr first = gisa_select_first(sel, scope);
	gisa_nodes again = GISA_NODES_INIT;

	T_OK(first == (got->n ? got->v[0] : NULL));
	T_INTEQ(gisa_select(sel, scope, &again), got->n);
	T_OK(again.n == got->n &&
	     (!got->n || !memcmp(again.v, got->v, got->n * sizeof *got->v)));
	gisa_nodes_clear(&again);
	check_indexed(sel, scope);
	if (strstr(css, "scope"))
		return;
	gisa_nodes all = GISA_NODES_INIT;
	gisa_select_css("*", scope, &all, NULL, 0);
	for (size_t i = 0; i < all.n; i++)
		T_OKF(gisa_selector_matches(sel, all.v[i]) ==
			      in_nodes(got, all.v[i]),
		      "matches() disagrees on <%s>", all.v[i]->name);
	gisa_nodes_clear(&all);
}

static void run_css(const t_case *c, const char *css, gisa_doc *doc)
{
	const char *want = t_case_get(c, "expect");
	const char *want_err = t_case_get(c, "error");
	gisa_selector *sel = NULL;
	gisa_nodes got = GISA_NODES_INIT;
	xmlNodePtr scope;
	char err[256];
	int rc;

	rc = gisa_selector_compile(css, &sel, err, sizeof err);
	if (want_err) {
		T_INTEQ(rc, GISA_ESELECTOR);
		T_STREQ(err, want_err);
		T_OK(sel == NULL);
		return;
	}
	T_OKF(rc == 0, "compile: %s", err);
	if (rc < 0 || !doc || !(scope = case_scope(c, doc)))
		return;
	rc = gisa_select(sel, scope, &got);
	T_INTEQ(rc, got.n);
	char *sigs = signatures(&got), *w = trimmed(want);
	T_STREQ(sigs, w ? w : "(no expect field)");
	free(sigs);
	free(w);
	check_consistent(sel, css, scope, &got);
	gisa_nodes_clear(&got);
	gisa_selector_free(sel);
}

static void run_xpath(const t_case *c, const char *expr, gisa_doc *doc)
{
	const char *want = t_case_get(c, "expect");
	const char *want_val = t_case_get(c, "value");
	const char *want_err = t_case_get(c, "error");
	const char *ctx_css = t_case_get(c, "scope");
	xmlNodePtr ctx = ctx_css ? case_scope(c, doc) : NULL;
	gisa_nodes got = GISA_NODES_INIT;
	char err[256], *val = NULL;
	int rc;

	if (want_val || (want_err && !want)) {
		rc = gisa_xpath_string(doc->xml, ctx, expr, &val, err,
				       sizeof err);
		if (want_err) {
			T_OK(rc < 0 && val == NULL);
			T_STREQ(err, want_err);
		} else {
			T_OKF(rc == 0, "%s", err);
			T_STREQ(val, want_val);
		}
		free(val);
	}
	if (!want && !(want_err && !want_val))
		return;
	rc = gisa_xpath(doc->xml, ctx, expr, &got, err, sizeof err);
	if (want_err) {
		T_INTEQ(rc, GISA_ESELECTOR);
		T_STREQ(err, want_err);
		T_INTEQ(got.n, 0);
	} else {
		T_OKF(rc >= 0, "%s", err);
		char *sigs = signatures(&got), *w = trimmed(want);
		T_STREQ(sigs, w);
		free(sigs);
		free(w);
	}
	gisa_nodes_clear(&got);
}

static int run_cases(void)
{
	t_casefile cf = { 0 };
	gisa_doc *doc = NULL;
	int ncss = 0, nxpath = 0;
	char label[512];

	if (t_cases_load_dir(t_path("tests/data/select"), &cf) < 0) {
		T_OK(0);
		return 0;
	}
	for (size_t i = 0; i < cf.n; i++) {
		const t_case *c = &cf.cases[i];
		const char *html = t_case_get(c, "html");
		const char *css = t_case_get(c, "css");
		const char *xpath = t_case_get(c, "xpath");

		snprintf(label, sizeof label, "line %d: %s", c->line, c->name);
		t_context(label);
		if (html) {
			gisa_doc_free(doc);
			doc = parse(html);
		}
		if (css) {
			run_css(c, css, doc);
			ncss++;
		} else if (xpath && doc) {
			run_xpath(c, xpath, doc);
			nxpath++;
		} else {
			T_OKF(0, "case has neither css nor xpath");
		}
	}
	t_context(NULL);
	printf("%d css cases, %d xpath cases\n", ncss, nxpath);
	T_OK(ncss >= 100);
	T_OK(nxpath >= 10);
	gisa_doc_free(doc);
	t_cases_free(&cf);
	return 0;
}

/* ---- limits and budget ---- */

static void expect_error(const char *css, const char *want)
{
	gisa_selector *sel = (gisa_selector *)1;
	char err[256];

	T_INTEQ(gisa_selector_compile(css, &sel, err, sizeof err),
		GISA_ESELECTOR);
	T_OK(sel == NULL);
	T_STREQ(err, want);
}

static void test_limits(void)
{
	gisa_buf b = GISA_BUF_INIT;
	gisa_selector *sel;
	char err[256], want[128];
	int i;

	/* length: 4096 bytes compile, 4097 do not */
	gisa_buf_puts(&b, "p");
	while (b.len < GISA_SELECTOR_MAX_LEN)
		gisa_buf_puts(&b, b.len + 2 <= GISA_SELECTOR_MAX_LEN ? ",p" : " ");
	T_INTEQ(b.len, GISA_SELECTOR_MAX_LEN);
	T_INTEQ(gisa_selector_compile(b.data, &sel, err, sizeof err), 0);
	gisa_selector_free(sel);
	gisa_buf_puts(&b, "p");
	snprintf(want, sizeof want, "column %d: selector longer than %d bytes",
		 GISA_SELECTOR_MAX_LEN + 1, GISA_SELECTOR_MAX_LEN);
	expect_error(b.data, want);

	/* nesting: 32 levels compile, 33 do not */
	gisa_buf_truncate(&b, 0);
	for (i = 0; i < GISA_SELECTOR_MAX_DEPTH; i++)
		gisa_buf_puts(&b, i % 2 ? ":is(" : ":not(");
	gisa_buf_puts(&b, "p");
	for (i = 0; i < GISA_SELECTOR_MAX_DEPTH; i++)
		gisa_buf_puts(&b, ")");
	T_INTEQ(gisa_selector_compile(b.data, &sel, err, sizeof err), 0);
	gisa_selector_free(sel);
	gisa_buf_truncate(&b, 0);
	for (i = 0; i <= GISA_SELECTOR_MAX_DEPTH; i++)
		gisa_buf_puts(&b, ":is(");
	gisa_buf_puts(&b, "p");
	for (i = 0; i <= GISA_SELECTOR_MAX_DEPTH; i++)
		gisa_buf_puts(&b, ")");
	snprintf(want, sizeof want, "column %d: nesting deeper than %d levels",
		 4 * GISA_SELECTOR_MAX_DEPTH + 1, GISA_SELECTOR_MAX_DEPTH);
	expect_error(b.data, want);

	/* a long chain of compounds is fine (no recursion per compound in
	 * the parser; matching recursion is bounded by the length) */
	gisa_buf_truncate(&b, 0);
	gisa_buf_puts(&b, "a");
	while (b.len + 2 <= GISA_SELECTOR_MAX_LEN)
		gisa_buf_puts(&b, ">a");
	T_INTEQ(gisa_selector_compile(b.data, &sel, err, sizeof err), 0);
	gisa_selector_free(sel);
	gisa_buf_free(&b);

	T_INTEQ(gisa_selector_compile(NULL, &sel, err, sizeof err), GISA_EINVAL);
	T_INTEQ(gisa_selector_compile("p", NULL, err, sizeof err), GISA_EINVAL);
	/* a NULL or zero-sized message buffer is fine */
	T_INTEQ(gisa_selector_compile("p[", &sel, NULL, 0), GISA_ESELECTOR);
	T_INTEQ(gisa_selector_compile("p[", &sel, err, 0), GISA_ESELECTOR);
	T_INTEQ(gisa_selector_compile("p[", &sel, err, 5), GISA_ESELECTOR);
	T_STREQ(err, "colu");
}

/* A pathological selector (nested :is() with descendant combinators is
 * exponential in the nesting) on a deep document stops at the budget. */
static void test_budget(void)
{
	gisa_buf html = GISA_BUF_INIT, css = GISA_BUF_INIT;
	gisa_nodes got = GISA_NODES_INIT;
	gisa_selector *sel;
	gisa_doc *doc;
	char err[256];
	int i, rc;

	for (i = 0; i < 200; i++)
		gisa_buf_puts(&html, "<div>");
	gisa_buf_puts(&html, "<p>x</p>");
	doc = parse(html.data);
	/* :is(:is(:is(span div) div) div) p: each level walks all the
	 * ancestors and tests the level below on each of them */
	for (i = 0; i < 12; i++)
		gisa_buf_puts(&css, ":is(");
	gisa_buf_puts(&css, "span div");
	for (i = 0; i < 12; i++)
		gisa_buf_puts(&css, ") div");
	gisa_buf_puts(&css, " p");
	T_INTEQ(gisa_selector_compile(css.data, &sel, err, sizeof err), 0);
	gisa_selector_set_budget(sel, 100000);
	gisa_nodes_push(&got, NULL);
	rc = gisa_select(sel, (xmlNodePtr)doc->xml, &got);
	T_INTEQ(rc, GISA_ELIMIT);
	T_INTEQ(got.n, 1); /* left as it was */
	T_OK(gisa_select_first(sel, (xmlNodePtr)doc->xml) == NULL);
	xmlNodePtr p = gisa_select_first(NULL, NULL);
	T_OK(p == NULL);
	gisa_selector_free(sel);

	/* the same shape, satisfiable, within the default budget */
	T_INTEQ(gisa_select_css("div div div div > p", (xmlNodePtr)doc->xml,
				&got, err, sizeof err), 1);
	gisa_nodes_clear(&got);
	gisa_doc_free(doc);
	gisa_buf_free(&html);
	gisa_buf_free(&css);
}

static void test_api(void)
{
	gisa_doc *doc = parse("<div id=a><p class=x>one</p><p>two</p></div>");
	gisa_nodes got = GISA_NODES_INIT;
	xmlNodePtr root = gisa_html_root(doc);
	char err[256], *val;

	T_INTEQ(gisa_select_css("p", (xmlNodePtr)doc->xml, &got, err,
				sizeof err), 2);
	/* appends */
	T_INTEQ(gisa_select_css("p.x", root, &got, err, sizeof err), 1);
	T_INTEQ(got.n, 3);
	T_OK(got.v[2] == got.v[0]);
	T_INTEQ(gisa_select_css("p:bogus", root, &got, err, sizeof err),
		GISA_ESELECTOR);
	T_STREQ(err, "column 2: unknown pseudo-class ':bogus'");
	/* a text node as scope has no elements under it */
	T_INTEQ(gisa_select_css("*", got.v[0]->children, &got, err,
				sizeof err), 0);
	T_INTEQ(gisa_xpath(NULL, got.v[0], "..", &got, err, sizeof err), 1);
	T_STREQ((const char *)got.v[3]->name, "div");
	T_INTEQ(gisa_xpath_string(NULL, got.v[0], "string(.)", &val, err,
				  sizeof err), 0);
	T_STREQ(val, "one");
	free(val);
	T_INTEQ(gisa_xpath(NULL, NULL, "//p", &got, err, sizeof err),
		GISA_EINVAL);
	gisa_nodes_clear(&got);
	T_OK(got.v == NULL && got.n == 0);
	gisa_doc_free(doc);
}

/* ---- :nth-*() on long lists, against positions counted here ---- */

static int has_class_x(xmlNodePtr n)
{
	xmlChar *c = xmlGetProp(n, (const xmlChar *)"class");
	int r = c && !strcmp((const char *)c, "x");
	xmlFree(c);
	return r;
}

/* Brute force: c's position among big's children under the variant. */
static long brute_pos(xmlNodePtr c, int last, int type, int ofx)
{
	long pos = 0;
	xmlNodePtr s = c->parent->children;

	for (; s; s = s->next) {
		if (s->type != XML_ELEMENT_NODE)
			continue;
		if ((type && strcmp((const char *)s->name,
				    (const char *)c->name)) ||
		    (ofx && !has_class_x(s)))
			continue;
		if (!last && s == c)
			return pos + 1;
		if (last && pos)
			pos++;
		if (last && s == c)
			pos = 1;
		if (!last)
			pos++;
	}
	return pos;
}

static int brute_ok(long a, long b, long pos)
{
	for (long n = 0; n <= 400; n++)
		if (a * n + b == pos)
			return 1;
	return 0;
}

static void test_nth_long(void)
{
	static const char *const forms[] = {
		"nth-child", "nth-last-child", "nth-of-type", "nth-last-of-type",
		"nth-child", "nth-last-child",
	};
	static const long as[] = { 2, 3, 7, 1, 0, -1, -3 };
	static const long bs[] = { 0, 1, -2, 5, 40 };
	gisa_buf html = GISA_BUF_INIT;
	gisa_nodes got = GISA_NODES_INIT, kids = GISA_NODES_INIT;
	gisa_doc *doc;
	char css[128], err[256];

	gisa_buf_puts(&html, "<div id=big>");
	for (int i = 1; i <= 300; i++) {
		const char *tag = i % 5 == 0 ? "p" : "li";
		gisa_buf_printf(&html, "<%s%s>%d", tag,
				i % 3 == 0 ? " class=x" : "", i);
		if (i % 50 == 7) /* nested lists between, to upset the memo */
			gisa_buf_puts(&html, "<ol><li>a</li><li>b</li><li>c"
					     "</li></ol>");
		gisa_buf_printf(&html, "</%s> ", tag);
	}
	gisa_buf_puts(&html, "</div>");
	doc = parse(html.data);
	gisa_select_css("#big > *", (xmlNodePtr)doc->xml, &kids, NULL, 0);
	T_INTEQ(kids.n, 300);
	for (size_t f = 0; f < 6; f++)
		for (size_t ai = 0; ai < sizeof as / sizeof *as; ai++)
			for (size_t bi = 0; bi < sizeof bs / sizeof *bs; bi++) {
				int last = f % 2, type = f == 2 || f == 3,
				    ofx = f >= 4;
				snprintf(css, sizeof css, "#big > :%s(%ldn%+ld%s)",
					 forms[f], as[ai], bs[bi],
					 ofx ? " of .x" : "");
				got.n = 0;
				T_OKF(gisa_select_css(css, (xmlNodePtr)doc->xml,
						      &got, err, sizeof err) >= 0,
				      "%s: %s", css, err);
				size_t k = 0, bad = 0;
				for (size_t i = 0; i < kids.n; i++) {
					xmlNodePtr c = kids.v[i];
					int want = (!ofx || has_class_x(c)) &&
						   brute_ok(as[ai], bs[bi],
							    brute_pos(c, last, type, ofx));
					int have = k < got.n && got.v[k] == c;
					k += have;
					bad += want != have;
				}
				T_OKF(bad == 0 && k == got.n, "%s: %zu wrong", css,
				      bad);
			}
	gisa_nodes_clear(&got);
	gisa_nodes_clear(&kids);
	gisa_doc_free(doc);
	gisa_buf_free(&html);
}

/* ---- fuzz-ish: random and mutated selectors must never crash ---- */

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 32) % n;
}

static const char *const tokens[] = {
	"div", "p", "a", "span", "li", "*", "#a", ".x", ".y", "[", "]", "(",
	")", ":", "::", ":not(", ":is(", ":where(", ":has(", ":has(> ",
	":nth-child(", ":nth-last-of-type(", "2n+1", "-n+3", "odd", " of ",
	",", " ", "  ", ">", "+", "~", "\"", "'", "\\", "\\31 ", "\\", "=",
	"~=", "|=", "^=", "$=", "*=", " i", " s", "-", "n", "/*", "*/", "é",
	"\xff", "\xe2\x80", ":contains(", ":contains-own(", ":lang(", "en",
	":first-child", ":last-of-type", ":only-child", ":empty", ":root",
	":scope", ":any-link", "|", "\t", "\n", "0", "999999999999", "-",
	"href", "[href", "[class~=x]", ")", ")", "]",
};

static void fuzz_one(const char *css, xmlNodePtr docnode,
		     const gisa_nodes *all, size_t *compiled)
{
	gisa_selector *sel = NULL;
	gisa_nodes got = GISA_NODES_INIT;
	char err[256];
	int rc = gisa_selector_compile(css, &sel, err, sizeof err);

	if (rc == 0) {
		(*compiled)++;
		gisa_selector_set_budget(sel, 200000);
		rc = gisa_select(sel, docnode, &got);
		T_OKF(rc >= 0 || rc == GISA_ELIMIT, "%s: %d", css, rc);
		gisa_select_first(sel, docnode);
		check_indexed(sel, docnode);
		for (size_t i = 0; i < all->n; i += 7)
			check_indexed(sel, all->v[i]);
		/* budgets that run out part way: the index spends alike */
		for (unsigned long b = 1; b < 80; b += 1 + rnd(9)) {
			gisa_selector_set_budget(sel, b);
			check_indexed(sel, docnode);
		}
		gisa_selector_set_budget(sel, 200000);
		for (size_t i = 0; i < all->n; i += 3) {
			int m = gisa_selector_matches(sel, all->v[i]);
			T_OK(m == 0 || m == 1 || m == GISA_ELIMIT);
		}
		gisa_nodes_clear(&got);
		gisa_selector_free(sel);
		return;
	}
	unsigned long col = 0;
	int ok = rc == GISA_ESELECTOR && sscanf(err, "column %lu: ", &col) == 1 &&
		 col >= 1 && col <= strlen(css) + 1 && strlen(err) > 11;
	T_OKF(ok, "bad error for \"%s\": %d \"%s\"", css, rc, err);
}

static void test_fuzz(void)
{
	static const char html[] =
		"<html lang=en><head><title>t</title></head><body>"
		"<div id=a class='x y'><p class=x>one <b>two</b></p><p></p>"
		"<ul><li>1<li class=y>2<li>3</ul><a href=/>link</a></div>"
		"<div><span lang=ko-KR>셋</span><!-- c --><p id=z>four</p>"
		"</div></body></html>";
	static const char *const seeds[] = {
		"div > p.x", "a[href^='/'] i", ":not(.x, #a)", "li:nth-child(2n+1 of .y)",
		"div:has(> p + p) ~ div", "p:contains(\"one\")", "[class~=x][id|=a]",
		":is(header, footer) a", "ul > li:nth-last-child(-n+2)",
		"a\\:b#c\\31 23", "p:lang(en), span:lang(\"ko\")",
	};
	gisa_doc *doc = parse(html);
	gisa_nodes all = GISA_NODES_INIT;
	gisa_buf b = GISA_BUF_INIT;
	size_t compiled = 0;
	const int rounds = 4000;

	if (!doc)
		return;
	gisa_select_css("*", (xmlNodePtr)doc->xml, &all, NULL, 0);
	for (int r = 0; r < rounds; r++) {
		gisa_buf_truncate(&b, 0);
		if (r % 2) {
			int n = 1 + (int)rnd(12);
			while (n--)
				gisa_buf_puts(&b, tokens[rnd(sizeof tokens /
							 sizeof *tokens)]);
		} else {
			gisa_buf_puts(&b, seeds[rnd(sizeof seeds / sizeof *seeds)]);
			for (int k = 1 + (int)rnd(4); k-- && b.len;) {
				size_t at = rnd((uint32_t)b.len);
				switch (rnd(4)) {
				case 0: /* delete a byte */
					memmove(b.data + at, b.data + at + 1,
						b.len - at);
					b.len--;
					break;
				case 1: /* replace a byte, NUL excluded */
					b.data[at] = (char)(1 + rnd(255));
					break;
				case 2: /* truncate */
					gisa_buf_truncate(&b, at);
					break;
				default: { /* insert a token */
					const char *t = tokens[rnd(sizeof tokens /
								   sizeof *tokens)];
					char *tail = strdup(b.data + at);
					gisa_buf_truncate(&b, at);
					gisa_buf_puts(&b, t);
					gisa_buf_puts(&b, tail);
					free(tail);
				}
				}
			}
		}
		fuzz_one(gisa_buf_cstr(&b), (xmlNodePtr)doc->xml, &all,
			 &compiled);
	}
	printf("fuzz: %d selectors, %zu compiled\n", rounds, compiled);
	/* both outcomes are exercised */
	T_OK(compiled > rounds / 20 && compiled < (size_t)rounds);
	gisa_buf_free(&b);
	gisa_nodes_clear(&all);
	gisa_doc_free(doc);
}

/* The index on real pages (the fixtures): the selectors rules use, from
 * the document and from each of a few hundred elements. */
static void test_index_pages(void)
{
	static const char *const pages[] = {
		"tests/fixtures/example/harbour.html",
		"tests/fixtures/joongang/daily-staff.html",
		"tests/fixtures/koreaherald/article-2025.html",
		"tests/fixtures/reuters/arc-2024.html",
		"tests/fixtures/yonhap-ko/budget.html", NULL };
	static const char *const sels[] = {
		"h1", "meta[property=\"og:title\"]", "[rel=author]", ".byline",
		".author, meta[name=author]", "time[datetime]", "article",
		"main, [itemprop=articleBody]", "figure, aside, nav, .related",
		"article figure", "div > p", "p:first-child", "#main",
		"[class~=article]", "[CLASS*=body i]", "a[href^=http]",
		"li + li", "div:has(> p) ~ div", ":not(div)", "*", "P",
		"[data-x]", "script, style", "div p span, section a", NULL };
	gisa_select_index *kept = NULL; /* one index, updated page by page */
	size_t done = 0;

	for (const char *const *pg = pages; *pg; pg++) {
		size_t len;
		char *html = t_read_file(t_path(*pg), &len);
		gisa_doc *doc;
		gisa_nodes all = GISA_NODES_INIT;

		T_OKF(html != NULL, "%s", *pg);
		if (!html)
			continue;
		doc = parse(html);
		free(html);
		if (!doc)
			continue;
		gisa_select_css("*", (xmlNodePtr)doc->xml, &all, NULL, 0);
		T_INTEQ(kept ? gisa_select_index_update(kept, doc->xml) :
			gisa_select_index_new(doc->xml, &kept), 0);
		for (const char *const *c = sels; *c; c++) {
			gisa_selector *sel;
			gisa_nodes a = GISA_NODES_INIT, b = GISA_NODES_INIT;
			T_INTEQ(gisa_selector_compile(*c, &sel, NULL, 0), 0);
			t_context(*c);
			check_indexed(sel, (xmlNodePtr)doc->xml);
			for (size_t i = 0; i < all.n; i += 5)
				check_indexed(sel, all.v[i]);
			T_INTEQ(gisa_select_indexed(sel, (xmlNodePtr)doc->xml,
						    kept, &b),
				gisa_select(sel, (xmlNodePtr)doc->xml, &a));
			T_OK(a.n == b.n &&
			     (!a.n || !memcmp(a.v, b.v, a.n * sizeof *a.v)));
			gisa_nodes_clear(&a);
			gisa_nodes_clear(&b);
			gisa_selector_free(sel);
			t_context(NULL);
		}
		gisa_nodes_clear(&all);
		gisa_doc_free(doc);
		done++;
	}
	gisa_select_index_free(kept);
	T_INTEQ(done, 5);
}

int main(void)
{
	run_cases();
	test_limits();
	test_budget();
	test_api();
	test_nth_long();
	test_fuzz();
	test_index_pages();
	return t_done();
}
