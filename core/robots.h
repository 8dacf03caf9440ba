/* robots.h - robots.txt (RFC 9309): parse once, then match paths.
 *
 * gisa_robots_parse() keeps only what applies to one crawler: the rules of
 * the groups whose user-agent names its product token (merged), or else of
 * the "*" groups (merged), or else nothing (everything allowed). Matching is
 * a pure function of those rules and a path: "*" matches any run of octets,
 * a final "$" anchors the end, the longest matching pattern wins and an
 * allow beats a disallow of equal length. Paths and patterns are compared
 * after percent-encoding normalisation (non-ASCII octets encoded, %XX of an
 * unreserved character decoded, hex digits upper-cased).
 *
 * Beyond RFC 9309 the parser takes Crawl-delay (seconds, from the same
 * group) and Sitemap lines, and the spelling slips Google's parser accepts
 * ("useragent", "dissallow", ...). The fetcher (fetch.h) caches one parsed
 * file per origin; the 4xx/5xx rules for unavailable files live there.
 */
#ifndef GISA_ROBOTS_H
#define GISA_ROBOTS_H

#include <stddef.h>

#include "strv.h"

/* RFC 9309 asks parsers to read at least 500 KiB; the rest is ignored. */
#define GISA_ROBOTS_MAX_SIZE ((size_t)500 << 10)
/* The longest path (with query) gisa_robots_allowed() looks at. */
#define GISA_ROBOTS_MAX_PATH 8192

typedef struct gisa_robots gisa_robots;

/* gisa_robots_parse - parse len bytes of robots.txt for the crawler whose
 * product token is agent (e.g. "gisa"; letters, digits, '-' and '_').
 * text needs no NUL; input beyond GISA_ROBOTS_MAX_SIZE is ignored, and
 * malformed lines are skipped, never rejected. On success *out owns the
 * parsed rules (free with gisa_robots_free); on error *out is NULL and the
 * code is GISA_ENOMEM or GISA_EINVAL (NULL agent or out). */
int gisa_robots_parse(const char *text, size_t len, const char *agent,
		      gisa_robots **out);

/* gisa_robots_allowed - 1 when the crawler may fetch path (the URL's
 * path plus "?query", starting with "/"), 0 when a rule disallows it.
 * "/robots.txt" is always allowed. A NULL r allows everything; a path
 * longer than GISA_ROBOTS_MAX_PATH is judged on its first that many
 * bytes. */
int gisa_robots_allowed(const gisa_robots *r, const char *path);

/* gisa_robots_crawl_delay - the Crawl-delay of the applicable group in
 * seconds, or -1 when it gives none (or r is NULL). */
double gisa_robots_crawl_delay(const gisa_robots *r);

/* gisa_robots_sitemaps - the Sitemap URLs of the whole file, in order
 * (they belong to no group). Never NULL when r is not NULL. */
const gisa_strv *gisa_robots_sitemaps(const gisa_robots *r);

/* gisa_robots_rule_count - how many allow/disallow rules apply. */
size_t gisa_robots_rule_count(const gisa_robots *r);

void gisa_robots_free(gisa_robots *r);

/* gisa_robots_check - parse and match in one call: 1 allowed, 0
 * disallowed, GISA_ENOMEM. For tests and one-off checks; the fetcher
 * parses once per host. */
int gisa_robots_check(const char *text, size_t len, const char *agent,
		      const char *path);

/* gisa_robots_url_path - write the part of an absolute URL that robots
 * rules match (path and query, no fragment; "/" when the path is empty)
 * into out, cut to size - 1 bytes. Returns the full length, like
 * snprintf, or GISA_EINVAL when url has no "scheme://". */
int gisa_robots_url_path(const char *url, char *out, size_t size);

#endif
