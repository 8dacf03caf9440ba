/* urlnorm.h - URL normalization (for comparing and deduplicating) and
 * relative URL resolution.
 *
 * Parsing is libcurl's URL API (CURLU); this module adds what curl leaves
 * as given: host case, percent-encoding normalization, tracking parameters.
 * Only absolute http and https URLs are accepted; anything else
 * (mailto:, javascript:, data:, a bare "example.com/x") is GISA_EINVAL, so
 * a caller that collects links gets web pages only.
 *
 * Every input is limited to GISA_URL_MAX bytes (GISA_ELIMIT beyond).
 * ASCII tab, CR and LF are removed wherever they occur and surrounding
 * whitespace is trimmed, as browsers do: feeds often wrap URLs in lines.
 */
#ifndef GISA_URLNORM_H
#define GISA_URLNORM_H

#include <stddef.h>

#define GISA_URL_MAX 8192

/* gisa_url_normalize - the normal form of an absolute http(s) URL:
 *   - scheme and host in lower case (ASCII only: an IDN host is left as
 *     given, neither punycoded nor decoded);
 *   - the default port (80 for http, 443 for https) dropped;
 *   - the fragment dropped;
 *   - an empty path becomes "/"; "." and ".." segments are resolved;
 *   - percent-encoding: hex digits in upper case, escapes of unreserved
 *     characters (A-Z a-z 0-9 - . _ ~) decoded, and bytes not allowed in a
 *     path or query (space, non-ASCII, quotes, backslash...) encoded;
 *   - tracking parameters removed from the query (utm_*, fbclid, gclid,
 *     mc_cid ... see gisa_url_is_tracking_param); the remaining ones keep
 *     their order; empty parameters and an empty query are dropped.
 * Normalizing a normal form gives it back unchanged.
 * On success *out is a malloc'd string (the caller frees it) and 0 is
 * returned; GISA_EINVAL (not an absolute http(s) URL, or no host),
 * GISA_ELIMIT (too long), GISA_ENOMEM. *out is NULL on error. */
int gisa_url_normalize(const char *url, char **out);

/* gisa_url_resolve - the absolute URL that ref (absolute, "//host/x",
 * "/x", "x", "?q", "#f" or "") denotes relative to base, following
 * RFC 3986 section 5. base must be an absolute http(s) URL; the result
 * must be http(s) too. The result is not normalized (its fragment is
 * kept); pass it to gisa_url_normalize() for a comparable form.
 * Returns 0 with a malloc'd *out, or GISA_EINVAL / GISA_ELIMIT /
 * GISA_ENOMEM with *out NULL. */
int gisa_url_resolve(const char *base, const char *ref, char **out);

/* gisa_url_host - the host of an absolute http(s) URL in lower case
 * (IPv6 literals keep their brackets) into host[0..n). Returns 0,
 * GISA_EINVAL, or GISA_ELIMIT when n is too small. */
int gisa_url_host(const char *url, char *host, size_t n);

/* gisa_url_is_tracking_param - whether a query parameter name (n bytes)
 * is one gisa_url_normalize() removes. Matched ASCII case-insensitively. */
int gisa_url_is_tracking_param(const char *name, size_t n);

#endif
