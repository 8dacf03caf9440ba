/* jsonld.h - reading the JSON-LD that pages embed, leniently.
 *
 * Pages get JSON-LD wrong in a few recurring ways: trailing commas, raw
 * newlines and tabs inside strings, invalid escapes ("\'"), JavaScript
 * comments, <!-- --> or CDATA wrappers, a trailing ";", or the whole
 * script HTML-escaped (&quot;). gisa_jsonld_load() parses strictly first,
 * then once more after a repair pass for those faults, then gives up.
 * Objects are jansson values (json_t); the caller owns the references
 * returned by gisa_jsonld_load() and borrows everything else.
 */
#ifndef GISA_JSONLD_H
#define GISA_JSONLD_H

#include <stddef.h>
#include <jansson.h>

/* Scripts larger than this are not parsed. */
#define GISA_JSONLD_MAX_INPUT ((size_t)2 << 20)
/* How deep gisa_jsonld_find() looks through arrays, @graph, mainEntity. */
#define GISA_JSONLD_MAX_DEPTH 16

/* gisa_jsonld_load - parse the text of one <script type=ld+json>. The top
 * level may be an object or an array; text after the first value is
 * ignored. Returns a new reference, or NULL when the text is not JSON even
 * after repair, is larger than GISA_JSONLD_MAX_INPUT, or memory ran out. */
json_t *gisa_jsonld_load(const char *text, size_t len);

enum gisa_jsonld_kind {
	GISA_JSONLD_ARTICLE, /* NewsArticle, Article, BlogPosting, ... */
	GISA_JSONLD_WEBPAGE  /* WebPage, ItemPage */
};

/* gisa_jsonld_find - the first object of that kind in v, depth first,
 * looking into arrays, "@graph" and "mainEntity". Article kinds are
 * "Article" and every type ending in "Article" (NewsArticle,
 * ReportageNewsArticle, AnalysisNewsArticle, OpinionNewsArticle, ...),
 * BlogPosting, LiveBlogPosting and SocialMediaPosting; "@type" may be a
 * string, a schema.org URL, or an array. Borrowed reference or NULL. */
json_t *gisa_jsonld_find(json_t *v, enum gisa_jsonld_kind kind);

/* gisa_jsonld_has_type - whether object o's "@type" names type (exactly,
 * after any "http(s)://schema.org/" prefix). */
int gisa_jsonld_has_type(const json_t *o, const char *type);

/* gisa_jsonld_str - the string at key in o: a string, or the first
 * string of an array, or an object's "@value"/"name". Borrowed, or NULL. */
const char *gisa_jsonld_str(const json_t *o, const char *key);

/* gisa_jsonld_clean - s with HTML entities decoded (&amp; &#39; &#x2019;
 * &nbsp; and the other HTML 4 names) and whitespace cleaned as
 * gisa_text_clean() does. malloc'd; NULL only when out of memory. */
char *gisa_jsonld_clean(const char *s);

/* gisa_html_unescape - s[0..n) with HTML character references decoded;
 * unknown ones are kept as they are. malloc'd (NULL: out of memory). */
char *gisa_html_unescape(const char *s, size_t n);

#endif
