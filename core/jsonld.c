/* jsonld.c - lenient JSON-LD reading (see jsonld.h). */
#include "jsonld.h"
#include "buf.h"
#include "error.h"
#include "text.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>

/* --- HTML character references ------------------------------------- */

static int put_utf8(gisa_buf *b, unsigned long c)
{
	char u[4];
	int n;

	if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		c = 0xFFFD;
	if (c < 0x80) {
		u[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xC0 | c >> 6);
		u[1] = (char)(0x80 | (c & 0x3F));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xE0 | c >> 12);
		u[1] = (char)(0x80 | (c >> 6 & 0x3F));
		u[2] = (char)(0x80 | (c & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | c >> 18);
		u[1] = (char)(0x80 | (c >> 12 & 0x3F));
		u[2] = (char)(0x80 | (c >> 6 & 0x3F));
		u[3] = (char)(0x80 | (c & 0x3F));
		n = 4;
	}
	return gisa_buf_append(b, u, (size_t)n);
}

/* One reference at s ("&...;"); returns its length and *c, or 0. */
static size_t char_ref(const char *s, size_t n, unsigned long *c)
{
	char name[32];
	size_t i = 1, k = 0;

	if (n > 1 && s[1] == '#') {
		int hex = n > 2 && (s[2] == 'x' || s[2] == 'X');
		unsigned long v = 0;
		i = hex ? 3 : 2;
		for (; i < n && k < 8 && (hex ? isxdigit((unsigned char)s[i]) :
				isdigit((unsigned char)s[i])); i++, k++)
			v = v * (hex ? 16 : 10) +
			    (unsigned long)(isdigit((unsigned char)s[i]) ?
				s[i] - '0' : (tolower((unsigned char)s[i]) - 'a' + 10));
		if (!k || i >= n || s[i] != ';')
			return 0;
		*c = v;
		return i + 1;
	}
	for (; i < n && k < sizeof name - 1 && isalnum((unsigned char)s[i]);
	     i++)
		name[k++] = s[i];
	name[k] = '\0';
	if (!k || i >= n || s[i] != ';')
		return 0;
	const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
	if (!e)
		return 0;
	*c = e->value;
	return i + 1;
}

char *gisa_html_unescape(const char *s, size_t n)
{
	gisa_buf b = GISA_BUF_INIT;
	size_t i = 0, run = 0, len;
	unsigned long c;

	if (gisa_buf_reserve(&b, n) < 0)
		return NULL;
	while (i < n) {
		if (s[i] == '&' && (len = char_ref(s + i, n - i, &c))) {
			if (gisa_buf_append(&b, s + run, i - run) < 0 ||
			    put_utf8(&b, c) < 0)
				goto nomem;
			i += len;
			run = i;
		} else {
			i++;
		}
	}
	if (gisa_buf_append(&b, s + run, n - run) < 0)
		goto nomem;
	return gisa_buf_detach(&b);
nomem:
	gisa_buf_free(&b);
	return NULL;
}

char *gisa_jsonld_clean(const char *s)
{
	char *u, *out;

	if (!strchr(s, '&'))
		return gisa_text_clean(s, strlen(s));
	if (!(u = gisa_html_unescape(s, strlen(s))))
		return NULL;
	out = gisa_text_clean(u, strlen(u));
	free(u);
	return out;
}

/* --- loading --------------------------------------------------------- */

static int starts(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);
	return n >= k && memcmp(s, p, k) == 0;
}

static int ends(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);
	return n >= k && memcmp(s + n - k, p, k) == 0;
}

/* Drop whitespace, "<!--" / "-->", CDATA markers (also commented out,
 * as in "//<![CDATA[") and trailing semicolons around the JSON. */
static void unwrap(const char **s, size_t *n)
{
	static const char *const heads[] = { "<!--", "<![CDATA[",
		"//<![CDATA[", "/*<![CDATA[*/", NULL };
	static const char *const tails[] = { "-->", "]]>", "//]]>",
		"/*]]>*/", ";", NULL };
	const char *p = *s;
	size_t len = *n;
	int again = 1;

	while (again) {
		again = 0;
		while (len && isspace((unsigned char)*p))
			p++, len--;
		while (len && isspace((unsigned char)p[len - 1]))
			len--;
		for (int i = 0; heads[i]; i++)
			if (starts(p, len, heads[i])) {
				p += strlen(heads[i]);
				len -= strlen(heads[i]);
				again = 1;
			}
		for (int i = 0; tails[i]; i++)
			if (ends(p, len, tails[i])) {
				len -= strlen(tails[i]);
				again = 1;
			}
	}
	*s = p;
	*n = len;
}

static json_t *load(const char *s, size_t n)
{
	json_error_t err;
	return json_loadb(s, n, JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK,
			  &err);
}

/* Inside a string: raw control characters become escapes or spaces, and
 * a backslash before a character JSON does not escape is dropped. */
static int repair_in_string(gisa_buf *b, const char *s, size_t n, size_t *i,
			    int *in_str)
{
	unsigned char c = (unsigned char)s[*i];

	if (c == '"') {
		*in_str = 0;
		return gisa_buf_putc(b, '"');
	}
	if (c == '\\' && *i + 1 < n) {
		char e = s[*i + 1];
		if (strchr("\"\\/bfnrt", e) ||
		    (e == 'u' && *i + 5 < n && isxdigit((unsigned char)s[*i + 2]) &&
		     isxdigit((unsigned char)s[*i + 3]) &&
		     isxdigit((unsigned char)s[*i + 4]) &&
		     isxdigit((unsigned char)s[*i + 5]))) {
			(*i)++;
			return gisa_buf_append(b, s + *i - 1, 2);
		}
		return 0; /* "\'" and the like: drop the backslash */
	}
	if (c == '\n')
		return gisa_buf_append(b, "\\n", 2);
	if (c < 0x20)
		return c == '\r' ? 0 : gisa_buf_putc(b, ' ');
	return gisa_buf_putc(b, (char)c);
}

/* Outside strings: skip // and block comments and trailing commas. */
static int repair_outside(gisa_buf *b, const char *s, size_t n, size_t *i,
			  int *in_str)
{
	char c = s[*i];
	size_t j;

	if (c == '"') {
		*in_str = 1;
		return gisa_buf_putc(b, c);
	}
	if (c == '/' && *i + 1 < n && s[*i + 1] == '/') {
		while (*i < n && s[*i] != '\n')
			(*i)++;
		return 0;
	}
	if (c == '/' && *i + 1 < n && s[*i + 1] == '*') {
		const char *e = NULL;
		for (j = *i + 2; j + 1 < n && !e; j++)
			if (s[j] == '*' && s[j + 1] == '/')
				e = s + j;
		*i = e ? (size_t)(e - s) + 1 : n;
		return 0;
	}
	if (c == ',') {
		for (j = *i + 1; j < n && isspace((unsigned char)s[j]); j++)
			;
		if (j < n && (s[j] == '}' || s[j] == ']'))
			return 0;
	}
	return gisa_buf_putc(b, c);
}

static int has_sub(const char *s, size_t n, const char *sub)
{
	size_t k = strlen(sub);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(s + i, sub, k) == 0)
			return 1;
	return 0;
}

static char *repair(const char *s, size_t n, size_t *outlen)
{
	gisa_buf b = GISA_BUF_INIT;
	char *unesc = NULL;
	int in_str = 0, rc = 0;

	/* A script that was HTML-escaped as a whole has no raw quotes. */
	if (!memchr(s, '"', n) && has_sub(s, n, "&quot;")) {
		if (!(unesc = gisa_html_unescape(s, n)))
			return NULL;
		s = unesc;
		n = strlen(unesc);
	}
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = in_str ? repair_in_string(&b, s, n, &i, &in_str) :
			      repair_outside(&b, s, n, &i, &in_str);
	free(unesc);
	if (rc < 0) {
		gisa_buf_free(&b);
		return NULL;
	}
	*outlen = b.len;
	return gisa_buf_detach(&b);
}

json_t *gisa_jsonld_load(const char *text, size_t len)
{
	json_t *v;
	char *fixed;
	size_t n;

	if (!text || len > GISA_JSONLD_MAX_INPUT)
		return NULL;
	unwrap(&text, &len);
	if (!len)
		return NULL;
	if ((v = load(text, len)))
		return v;
	if (!(fixed = repair(text, len, &n)))
		return NULL;
	v = load(fixed, n);
	free(fixed);
	return v;
}

/* --- finding things -------------------------------------------------- */

/* The type name without a schema.org prefix. */
static const char *bare_type(const char *t)
{
	const char *slash = strrchr(t, '/');
	if (strncmp(t, "http://schema.org/", 18) == 0 ||
	    strncmp(t, "https://schema.org/", 19) == 0)
		return slash + 1;
	return t;
}

static int type_is_kind(const char *t, enum gisa_jsonld_kind kind)
{
	size_t n;

	t = bare_type(t);
	n = strlen(t);
	if (kind == GISA_JSONLD_WEBPAGE)
		return strcmp(t, "WebPage") == 0 || strcmp(t, "ItemPage") == 0;
	return (n >= 7 && strcmp(t + n - 7, "Article") == 0) ||
	       strcmp(t, "BlogPosting") == 0 ||
	       strcmp(t, "LiveBlogPosting") == 0 ||
	       strcmp(t, "SocialMediaPosting") == 0;
}

static int is_kind(const json_t *o, enum gisa_jsonld_kind kind)
{
	const json_t *t = json_object_get(o, "@type");
	size_t i;
	json_t *e;

	if (json_is_string(t))
		return type_is_kind(json_string_value(t), kind);
	json_array_foreach(t, i, e)
		if (json_is_string(e) && type_is_kind(json_string_value(e), kind))
			return 1;
	return 0;
}

int gisa_jsonld_has_type(const json_t *o, const char *type)
{
	const json_t *t = json_object_get(o, "@type");
	size_t i;
	json_t *e;

	if (json_is_string(t))
		return strcmp(bare_type(json_string_value(t)), type) == 0;
	json_array_foreach(t, i, e)
		if (json_is_string(e) &&
		    strcmp(bare_type(json_string_value(e)), type) == 0)
			return 1;
	return 0;
}

static json_t *find(json_t *v, enum gisa_jsonld_kind kind, int depth)
{
	static const char *const inner[] = { "@graph", "mainEntity", NULL };
	json_t *e, *r;
	size_t i;

	if (depth > GISA_JSONLD_MAX_DEPTH)
		return NULL;
	if (json_is_array(v)) {
		json_array_foreach(v, i, e)
			if ((r = find(e, kind, depth + 1)))
				return r;
		return NULL;
	}
	if (!json_is_object(v))
		return NULL;
	if (is_kind(v, kind))
		return v;
	for (i = 0; inner[i]; i++)
		if ((e = json_object_get(v, inner[i])) &&
		    (r = find(e, kind, depth + 1)))
			return r;
	return NULL;
}

json_t *gisa_jsonld_find(json_t *v, enum gisa_jsonld_kind kind)
{
	return find(v, kind, 0);
}

const char *gisa_jsonld_str(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	size_t i;
	json_t *e;

	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_array(v)) {
		json_array_foreach(v, i, e)
			if (json_is_string(e) && *json_string_value(e))
				return json_string_value(e);
		return NULL;
	}
	if (json_is_object(v)) { /* one level only: {"@value": "..."} */
		const json_t *s = json_object_get(v, "@value");
		if (!json_is_string(s))
			s = json_object_get(v, "name");
		return json_is_string(s) ? json_string_value(s) : NULL;
	}
	return NULL;
}
