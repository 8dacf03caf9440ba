/* extract.h - one page in, one article record out.
 *
 * The whole per-page pipeline: decode -> parse -> rule (if one matches) or
 * generic extractor -> normalize. Stages that fail leave a warning in the
 * record and the next fallback runs; only an unusable input is an error.
 */
#ifndef GISA_EXTRACT_H
#define GISA_EXTRACT_H

#include <stddef.h>

#include "article.h"

struct gisa_rules;   /* rules.h: the rule registry (may be NULL) */
struct gisa_explain; /* explain.h: what `gisa explain` shows */

typedef struct gisa_extract_opts {
	const char *url;         /* the page's URL, if known */
	const char *charset;     /* charset from the HTTP Content-Type, if any */
	const char *rule;        /* force this rule by name (NULL: by URL) */
	struct gisa_rules *rules;/* NULL: no rules, generic path only */
	const char *fetched_at;  /* ISO 8601 time of the fetch, if known */
	struct gisa_explain *explain; /* when set: which rule and why, time
				       * per stage, per-field detail */
	int strict;              /* a failing rule fails the page (gisa test)
				  * instead of falling back to generic */
	char *rule_error;        /* when set: the failing rule's full message
				  * with its traceback ("" when none) */
	size_t rule_error_len;
} gisa_extract_opts;

/* gisa_extract - extract the article from len raw bytes (any encoding).
 * out must be zeroed (GISA_ARTICLE_INIT) or cleared; it is filled even on
 * partial failure. The rule is o->rule, else the one serving o->url or
 * the page's own canonical URL; a rule that fails leaves the first line of
 * its error in the record's warnings and the generic path goes on (with
 * o->strict, gisa_extract returns GISA_ERULE instead). Returns 0, or a
 * negative code when the page could not be used at all (GISA_EPARSE,
 * GISA_ENOMEM). */
int gisa_extract(const char *bytes, size_t len, const gisa_extract_opts *o,
		 gisa_article *out);

struct gisa_doc;

/* gisa_page_parse - decode len raw bytes (charset: from HTTP, may be NULL)
 * and parse them: the first two stages of gisa_extract, for commands that
 * work on the tree (select, text, explain). Problems that did not stop
 * the parse (invalid bytes, a cut page) are added to warn when given.
 * Returns 0 with *out owning the document, or a negative code. */
int gisa_page_parse(const char *bytes, size_t len, const char *charset,
		    const char *url, struct gisa_doc **out, gisa_article *warn);

#endif
