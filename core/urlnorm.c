/* urlnorm.c - URL normalization and resolution on top of libcurl's CURLU. */
#include "urlnorm.h"
#include "buf.h"
#include "error.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Query parameters that only identify a campaign, a click or a mail
 * recipient: the same article is reached with or without them, so they
 * must not make two URLs different. Each is documented by the service
 * that adds it; names a site could plausibly use for content ("id",
 * "ref", "source", "page") are deliberately absent. */
static const char *const tracking_exact[] = {
	"fbclid",       /* Facebook outbound click */
	"gclid", "dclid", "gbraid", "wbraid", "_gl", /* Google Ads, GA4 linker */
	"_ga",          /* Google Analytics cross-domain linker (legacy) */
	"msclkid",      /* Microsoft Advertising click */
	"yclid",        /* Yandex Direct click */
	"twclid",       /* Twitter/X ads click */
	"ttclid",       /* TikTok ads click */
	"li_fat_id",    /* LinkedIn first-party ad tracking */
	"igshid", "igsh", /* Instagram share */
	"mc_cid", "mc_eid", /* Mailchimp campaign and recipient */
	"_hsenc", "_hsmi", "__hstc", "__hssc", "__hsfp", "hsctatracking",
			/* HubSpot mail and CTA tracking */
	"mkt_tok",      /* Marketo mail tracking */
	"vero_id", "vero_conv", /* Vero mail tracking */
	"oly_anon_id", "oly_enc_id", /* Omeda/Olytics newsletter ids */
	"rb_clickid",   /* Rakuten/iterable click */
	"wickedid",     /* WickedReports click */
	"s_cid",        /* Adobe Analytics campaign */
	"ocid",         /* Microsoft/MSN syndication campaign */
	"cmpid",        /* campaign id used by many news sites' newsletters */
	"ncid",         /* Yahoo/AOL syndication campaign */
	"sr_share",     /* social share buttons (ShareThis-style) */
	NULL
};

int gisa_url_is_tracking_param(const char *name, size_t n)
{
	if (n > 4 && strncasecmp(name, "utm_", 4) == 0)
		return 1;
	for (const char *const *t = tracking_exact; *t; t++)
		if (strlen(*t) == n && strncasecmp(name, *t, n) == 0)
			return 1;
	return 0;
}

/* clean_input - copy url into b without surrounding whitespace and without
 * tab/CR/LF anywhere (as the WHATWG URL parser does). */
static int clean_input(const char *url, gisa_buf *b)
{
	size_t len, start = 0;

	if (!url)
		return GISA_EINVAL;
	len = strnlen(url, GISA_URL_MAX + 1);
	if (len > GISA_URL_MAX)
		return GISA_ELIMIT;
	while (start < len && (url[start] == ' ' || (url[start] >= '\t' &&
	       url[start] <= '\r')))
		start++;
	while (len > start && (url[len - 1] == ' ' || (url[len - 1] >= '\t' &&
	       url[len - 1] <= '\r')))
		len--;
	if (gisa_buf_reserve(b, len - start))
		return GISA_ENOMEM;
	for (size_t i = start; i < len; i++)
		if (url[i] != '\t' && url[i] != '\r' && url[i] != '\n')
			gisa_buf_putc(b, url[i]); /* room reserved above */
	b->data[b->len] = '\0'; /* also when nothing was appended */
	return 0;
}

static int curl_err(CURLUcode rc)
{
	if (rc == CURLUE_OK)
		return 0;
	return rc == CURLUE_OUT_OF_MEMORY ? GISA_ENOMEM : GISA_EINVAL;
}

/* empty_authority - "http:///x": curl would take "x" as the host. */
static int empty_authority(const char *s)
{
	const char *p = strstr(s, "://");
	return p && p[3] == '/' && strcspn(s, ":") == (size_t)(p - s);
}

/* check_web - the handle holds an http or https URL with a host. */
static int check_web(CURLU *h)
{
	char *scheme = NULL, *host = NULL;
	int rc = GISA_EINVAL;

	if (curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) ||
	    curl_url_get(h, CURLUPART_HOST, &host, 0))
		goto out;
	if ((strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0) &&
	    *host)
		rc = 0;
out:
	curl_free(scheme);
	curl_free(host);
	return rc;
}

/* parse_web - parse s (already cleaned) as an absolute http(s) URL. */
static int parse_web(CURLU *h, const char *s)
{
	CURLUcode rc;

	if (empty_authority(s))
		return GISA_EINVAL;
	rc = curl_url_set(h, CURLUPART_URL, s, CURLU_ALLOW_SPACE);
	if (rc)
		return curl_err(rc);
	return check_web(h);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int unreserved(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	       c == '~';
}

/* allowed_raw - may byte c stand unescaped in a path (or a query)? */
static int allowed_raw(int c, int query)
{
	if (unreserved(c) || strchr("!$&'()*+,;=:@/", c))
		return c != 0;
	return query && c == '?';
}

/* pct_normalize - append s[0..n) to b with percent-encoding normalized:
 * valid escapes in upper case or decoded when unreserved, stray '%' and
 * disallowed bytes encoded. */
static int pct_normalize(gisa_buf *b, const char *s, size_t n, int query)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		int c = p[i], hi, lo;
		if (c == '%' && i + 2 < n && (hi = hexval(p[i + 1])) >= 0 &&
		    (lo = hexval(p[i + 2])) >= 0) {
			c = hi * 16 + lo;
			i += 2;
			if (unreserved(c))
				rc = gisa_buf_putc(b, (char)c);
			else
				rc = gisa_buf_printf(b, "%%%c%c", hex[c >> 4],
						     hex[c & 15]);
		} else if (c != '%' && allowed_raw(c, query)) {
			rc = gisa_buf_putc(b, (char)c);
		} else {
			rc = gisa_buf_printf(b, "%%%c%c", hex[c >> 4],
					     hex[c & 15]);
		}
	}
	return rc;
}

/* filter_query - append the normalized query q to b, without tracking
 * and empty parameters; a '?' is written before the first one kept. */
static int filter_query(gisa_buf *b, const char *q)
{
	gisa_buf param = GISA_BUF_INIT;
	int rc = 0, first = 1;

	while (*q && !rc) {
		size_t n = strcspn(q, "&");
		gisa_buf_truncate(&param, 0);
		rc = pct_normalize(&param, q, n, 1);
		if (!rc && param.len &&
		    !gisa_url_is_tracking_param(param.data,
						strcspn(param.data, "="))) {
			rc = gisa_buf_putc(b, first ? '?' : '&');
			if (!rc)
				rc = gisa_buf_append(b, param.data, param.len);
			first = 0;
		}
		q += n;
		if (*q == '&')
			q++;
	}
	gisa_buf_free(&param);
	return rc;
}

static void ascii_lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s += 'a' - 'A';
}

/* compose - the normalized URL text of the parsed h into b (dot segments
 * are resolved when b is parsed again). */
static int compose(CURLU *h, gisa_buf *b)
{
	char *scheme = NULL, *user = NULL, *pass = NULL, *host = NULL;
	char *port = NULL, *path = NULL, *query = NULL;
	int rc = GISA_ENOMEM;

	if (curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) ||
	    curl_url_get(h, CURLUPART_HOST, &host, 0) ||
	    curl_url_get(h, CURLUPART_PATH, &path, 0))
		goto out;
	curl_url_get(h, CURLUPART_USER, &user, 0);
	curl_url_get(h, CURLUPART_PASSWORD, &pass, 0);
	curl_url_get(h, CURLUPART_PORT, &port, CURLU_NO_DEFAULT_PORT);
	curl_url_get(h, CURLUPART_QUERY, &query, 0);
	ascii_lower(scheme);
	ascii_lower(host);
	if (gisa_buf_printf(b, "%s://%s%s%s%s%s%s%s", scheme,
			    user ? user : "", pass ? ":" : "",
			    pass ? pass : "", user || pass ? "@" : "", host,
			    port ? ":" : "", port ? port : ""))
		goto out;
	if (*path != '/' && gisa_buf_putc(b, '/'))
		goto out;
	if (pct_normalize(b, path, strlen(path), 0))
		goto out;
	if (query && filter_query(b, query))
		goto out;
	rc = 0;
out:
	curl_free(scheme);
	curl_free(user);
	curl_free(pass);
	curl_free(host);
	curl_free(port);
	curl_free(path);
	curl_free(query);
	return rc;
}

/* get_url - the URL held by h, malloc'd, without its default port. */
static int get_url(CURLU *h, char **out)
{
	char *s = NULL;
	CURLUcode rc = curl_url_get(h, CURLUPART_URL, &s, CURLU_NO_DEFAULT_PORT);

	if (rc)
		return curl_err(rc);
	*out = strdup(s);
	curl_free(s);
	return *out ? 0 : GISA_ENOMEM;
}

/* Clean url and parse it as an http(s) URL into a new handle (*h, which
 * the caller frees with curl_url_cleanup; NULL on error). */
static int open_web(const char *url, CURLU **h)
{
	gisa_buf in = GISA_BUF_INIT;
	int rc = clean_input(url, &in);

	*h = NULL;
	if (rc)
		goto out;
	rc = GISA_ENOMEM;
	if (!(*h = curl_url()))
		goto out;
	rc = parse_web(*h, gisa_buf_cstr(&in));
	if (rc) {
		curl_url_cleanup(*h);
		*h = NULL;
	}
out:
	gisa_buf_free(&in);
	return rc;
}

int gisa_url_normalize(const char *url, char **out)
{
	gisa_buf norm = GISA_BUF_INIT;
	CURLU *h = NULL;
	int rc;

	*out = NULL;
	rc = open_web(url, &h);
	if (rc)
		goto out;
	rc = compose(h, &norm);
	if (rc)
		goto out;
	rc = GISA_ELIMIT;
	if (norm.len > GISA_URL_MAX)
		goto out;
	/* Parsing the composed text again resolves dot segments, including
	 * ones that were percent-encoded ("%2E%2E"), as RFC 3986 6.2.2
	 * orders: percent-encoding first, then path segments. */
	rc = curl_err(curl_url_set(h, CURLUPART_URL, norm.data, 0));
	if (rc)
		goto out;
	rc = get_url(h, out);
out:
	curl_url_cleanup(h);
	gisa_buf_free(&norm);
	return rc;
}

/* with_fragment - base without its fragment, then frag ("" or "#..."):
 * curl 7.88 drops the last path segment for these two kinds of ref. */
static int with_fragment(CURLU *h, const char *frag, char **out)
{
	gisa_buf b = GISA_BUF_INIT;
	char *s = NULL;
	int rc;

	curl_url_set(h, CURLUPART_FRAGMENT, NULL, 0);
	rc = get_url(h, &s);
	if (rc)
		return rc;
	rc = gisa_buf_puts(&b, s);
	if (!rc && frag[0] == '#' && frag[1])
		rc = gisa_buf_puts(&b, frag);
	free(s);
	if (!rc && b.len > GISA_URL_MAX)
		rc = GISA_ELIMIT;
	if (!rc && !(*out = gisa_buf_detach(&b)))
		rc = GISA_ENOMEM;
	gisa_buf_free(&b);
	return rc;
}

int gisa_url_resolve(const char *base, const char *ref, char **out)
{
	gisa_buf b = GISA_BUF_INIT, r = GISA_BUF_INIT;
	CURLU *h = NULL;
	const char *rs;
	int rc;

	*out = NULL;
	rc = clean_input(base, &b);
	if (!rc)
		rc = clean_input(ref, &r);
	if (rc)
		goto out;
	rc = GISA_ENOMEM;
	if (!(h = curl_url()))
		goto out;
	rc = parse_web(h, gisa_buf_cstr(&b));
	if (rc)
		goto out;
	rs = gisa_buf_cstr(&r);
	if (!*rs || *rs == '#') {
		rc = with_fragment(h, rs, out);
		goto out;
	}
	rc = GISA_EINVAL;
	if (empty_authority(rs))
		goto out;
	rc = curl_err(curl_url_set(h, CURLUPART_URL, rs, CURLU_ALLOW_SPACE));
	if (!rc)
		rc = check_web(h);
	if (!rc)
		rc = get_url(h, out);
	if (!rc && strlen(*out) > GISA_URL_MAX) {
		free(*out);
		*out = NULL;
		rc = GISA_ELIMIT;
	}
out:
	curl_url_cleanup(h);
	gisa_buf_free(&b);
	gisa_buf_free(&r);
	return rc;
}

int gisa_url_host(const char *url, char *host, size_t n)
{
	CURLU *h = NULL;
	char *s = NULL;
	int rc;

	rc = open_web(url, &h);
	if (rc)
		goto out;
	rc = curl_err(curl_url_get(h, CURLUPART_HOST, &s, 0));
	if (rc)
		goto out;
	rc = GISA_ELIMIT;
	if (strlen(s) >= n)
		goto out;
	memcpy(host, s, strlen(s) + 1);
	ascii_lower(host);
	rc = 0;
out:
	curl_free(s);
	curl_url_cleanup(h);
	return rc;
}
