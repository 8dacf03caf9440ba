/* fuzz_select.c - libFuzzer target for the CSS selector compiler and
 * matcher (and the XPath wrapper). Not part of the CMake build.
 *
 * Input: a selector up to the first newline, then an HTML document (a
 * fixed one when the input has no newline). The selector is compiled; if
 * it compiles it is matched against the document with every entry point;
 * if not, the error message must name a column inside the selector. The
 * same string is also tried as an XPath expression.
 *
 * Build and run by hand from the project root (clang with compiler-rt):
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Icore \
 *       tests/fuzz/fuzz_select.c core/select.c core/html.c core/arena.c \
 *       core/error.c $(pkg-config --cflags --libs libxml-2.0) \
 *       -o /tmp/fuzz_select
 *   mkdir -p /tmp/fuzz-corpus && /tmp/fuzz_select -max_len=4096 \
 *       -max_total_time=60 /tmp/fuzz-corpus
 *
 * A seed corpus can be made from the case files, one selector per file:
 *   grep -h '^--- css: ' tests/data/select/[cx]*.cases | sed 's/^--- css: //' |
 *       split -l 1 - /tmp/fuzz-corpus/seed-
 */
#include "error.h"
#include "html.h"
#include "select.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char fixed_html[] =
	"<html lang=en><head><title>t</title><meta property=og:title "
	"content=x></head><body><article><header><a href=/>h</a></header>"
	"<div id=a class='x y'><p class=x>one <b>two</b></p><p></p><ul>"
	"<li>1<li class=y>2<li>3</ul></div><footer><a href=/f>f</a></footer>"
	"</article></body></html>";

static void check_error(const char *css, const char *err)
{
	unsigned long col = 0;

	if (sscanf(err, "column %lu: ", &col) != 1 || col < 1 ||
	    col > strlen(css) + 1)
		abort();
}

static void run_css(const char *css, gisa_doc *doc)
{
	gisa_selector *sel = NULL;
	gisa_nodes got = GISA_NODES_INIT, all = GISA_NODES_INIT;
	xmlNodePtr root = (xmlNodePtr)doc->xml;
	char err[256];
	int rc = gisa_selector_compile(css, &sel, err, sizeof err);

	if (rc == GISA_ESELECTOR) {
		check_error(css, err);
		return;
	}
	if (rc < 0)
		return;
	gisa_selector_set_budget(sel, 1000000);
	rc = gisa_select(sel, root, &got);
	if (rc < 0 && rc != GISA_ELIMIT)
		abort();
	if (rc >= 0 && got.n && gisa_select_first(sel, root) != got.v[0])
		abort();
	gisa_select_css("*", root, &all, NULL, 0);
	for (size_t i = 0; i < all.n && i < 64; i++) {
		gisa_selector_matches(sel, all.v[i]);
		gisa_select(sel, all.v[i], &got);
	}
	gisa_nodes_clear(&all);
	gisa_nodes_clear(&got);
	gisa_selector_free(sel);
}

static void run_xpath(const char *expr, gisa_doc *doc)
{
	gisa_nodes got = GISA_NODES_INIT;
	char err[256], *val = NULL;

	gisa_xpath(doc->xml, NULL, expr, &got, err, sizeof err);
	gisa_xpath_string(doc->xml, NULL, expr, &val, err, sizeof err);
	free(val);
	gisa_nodes_clear(&got);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t slen = nl ? (size_t)(nl - data) : size;
	const char *html = nl ? (const char *)nl + 1 : fixed_html;
	size_t hlen = nl ? size - slen - 1 : strlen(fixed_html);
	gisa_doc *doc = NULL;
	char *css;

	if (slen > GISA_SELECTOR_MAX_LEN + 16)
		return 0;
	css = malloc(slen + 1);
	if (!css)
		return 0;
	memcpy(css, data, slen);
	css[slen] = '\0';  /* a NUL inside ends the selector early: fine */
	if (gisa_html_parse(html, hlen, NULL, &doc) == 0) {
		run_css(css, doc);
		run_xpath(css, doc);
	}
	gisa_doc_free(doc);
	free(css);
	return 0;
}
