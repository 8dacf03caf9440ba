/* html.c - libxml2's HTML parser, configured for untrusted pages. */
#include "html.h"
#include "error.h"

#include <libxml/parser.h>
#include <stdlib.h>

int gisa_html_options(void)
{
	/* RECOVER: repair, never reject; NONET: no external fetches;
	 * NOERROR/NOWARNING: the library never prints; COMPACT: small text
	 * nodes inline, fewer allocations. Blank text nodes are kept because
	 * they carry the spaces between inline elements. */
	return HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
	       HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT;
}

int gisa_html_parse(const char *utf8, size_t len, const char *url,
		    gisa_doc **out)
{
	gisa_doc *doc;
	int truncated = 0;

	*out = NULL;
	if (len > GISA_HTML_MAX_INPUT) {
		len = GISA_HTML_MAX_INPUT;
		truncated = 1;
	}
	doc = calloc(1, sizeof *doc);
	if (!doc)
		return GISA_ENOMEM;
	doc->arena = gisa_arena_new();
	if (!doc->arena)
		goto nomem;
	if (url && !(doc->url = gisa_arena_strdup(doc->arena, url)))
		goto nomem;
	doc->truncated = truncated;
	doc->xml = htmlReadMemory(utf8, (int)len, url, "UTF-8",
				  gisa_html_options());
	if (!doc->xml) {
		gisa_doc_free(doc);
		return GISA_EPARSE;
	}
	*out = doc;
	return 0;
nomem:
	gisa_doc_free(doc);
	return GISA_ENOMEM;
}

xmlNodePtr gisa_html_root(const gisa_doc *doc)
{
	return doc && doc->xml ? xmlDocGetRootElement(doc->xml) : NULL;
}

void gisa_doc_free(gisa_doc *doc)
{
	if (!doc)
		return;
	if (doc->xml)
		xmlFreeDoc(doc->xml);
	gisa_arena_free(doc->arena);
	free(doc);
}
