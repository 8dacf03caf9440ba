/* html.h - parse UTF-8 HTML into a document.
 *
 * A gisa_doc is the libxml2 tree of one page plus the arena for everything
 * derived from it. gisa_doc_free() releases both at once; no pointer into
 * the document (node, string) may be used after that.
 */
#ifndef GISA_HTML_H
#define GISA_HTML_H

#include <stddef.h>
#include <libxml/HTMLparser.h>

#include "arena.h"

/* The largest page gisa parses; bigger inputs are cut (and flagged). */
#define GISA_HTML_MAX_INPUT ((size_t)32 << 20)

typedef struct gisa_doc {
	xmlDocPtr xml;
	gisa_arena *arena;
	char *url;       /* the page's URL if known (arena), else NULL */
	int truncated;   /* the input was longer than GISA_HTML_MAX_INPUT */
} gisa_doc;

/* gisa_html_parse - parse len bytes of UTF-8 HTML (see decode.h for
 * getting there). Network access is off and parser errors are quiet:
 * malformed HTML is repaired the way libxml2 does, never rejected.
 * url may be NULL. On success *out owns a new document; on error *out is
 * NULL and the code is GISA_ENOMEM or GISA_EPARSE. */
int gisa_html_parse(const char *utf8, size_t len, const char *url,
		    gisa_doc **out);

/* gisa_html_root - the <html> element (or the document's first element). */
xmlNodePtr gisa_html_root(const gisa_doc *doc);

/* gisa_doc_free - free the tree and the arena (NULL is fine). */
void gisa_doc_free(gisa_doc *doc);

/* gisa_html_options - the libxml2 option flags gisa parses with, so that
 * benchmarks can compare against the bare parser on equal terms. */
int gisa_html_options(void);

#endif
