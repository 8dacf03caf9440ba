/* select.c - a CSS selector compiler and right-to-left matcher over the
 * libxml2 tree; XPath 1.0 through libxml2.
 *
 * A selector list compiles into a small graph held in one pool: each
 * complex selector is a chain of compounds linked from right to left, each
 * compound a list of tests. Matching starts at the rightmost compound and
 * walks parents and previous siblings; it allocates nothing. The chain
 * walk returns, besides "matched", how far a failure reaches (the scheme
 * browsers use), so a failed descendant search is never retried from a
 * higher ancestor where it cannot succeed: this keeps chains of
 * descendant combinators linear instead of exponential.
 */
#define _GNU_SOURCE /* memmem */
#include "select.h"
#include "error.h"

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- pool: every piece of a compiled selector, freed at once ---- */

struct pchunk {
	struct pchunk *next;
	size_t size, used;
	_Alignas(16) unsigned char mem[];
};

struct pool {
	struct pchunk *head;
};

static void *pool_alloc(struct pool *p, size_t n)
{
	struct pchunk *c = p->head;
	void *r;

	n = (n + 15) & ~(size_t)15;
	if (!c || c->size - c->used < n) {
		/* Small first: most selectors need a few hundred bytes. */
		size_t size = c ? c->size * 2 : 512;
		if (size < n)
			size = n;
		c = malloc(sizeof *c + size);
		if (!c)
			return NULL;
		c->size = size;
		c->used = 0;
		c->next = p->head;
		p->head = c;
	}
	r = c->mem + c->used;
	c->used += n;
	memset(r, 0, n);
	return r;
}

static void pool_free(struct pool *p)
{
	while (p->head) {
		struct pchunk *next = p->head->next;
		free(p->head);
		p->head = next;
	}
}

/* ---- the compiled form ---- */

enum comb { C_NONE, C_DESC, C_CHILD, C_NEXT, C_LATER };

enum kind {
	/* cheap tests first: a compound runs them in this order */
	T_TAG, T_ID, T_CLASS, T_ATTR, T_ROOT, T_SCOPE, T_LINK, T_EMPTY,
	T__CHEAP,
	T_NTH, T_ONLY, T_NOT, T_IS, T_HAS, T_LANG, T_CONTAINS,
	T_CONTAINS_OWN
};

enum attr_op {
	A_EXISTS, A_EQ, A_WORD, A_DASH, A_PREFIX, A_SUFFIX, A_SUBSTR, A_NEVER
};

enum { NTH_LAST = 1, NTH_TYPE = 2 };

struct list;

struct test {
	struct test *next;
	unsigned char kind, op, icase, flags;
	const char *name;    /* lowercase tag or attribute name */
	const char *val;     /* id, class, attribute value, text, language */
	size_t vlen;
	size_t *kmp;         /* :contains() failure function */
	long a, b;           /* An+B */
	struct list *sub;    /* :not :is :has, :nth-child(of S) */
};

struct compound {
	struct compound *left; /* the compound to the left, or NULL */
	int comb;              /* how left relates to this one */
	struct test *tests;
};

struct complex {
	struct complex *next;
	struct compound *right;
	int rel;   /* :has() argument: the leading combinator; else 0 */
	int deep;  /* the chain has a ' ' or '>' combinator */
	int sib;   /* the chain has a '+' or '~' combinator */
};

struct list {
	struct complex *first;
};

struct gisa_selector {
	struct pool pool;
	struct list *list;
	unsigned long budget;
};

/* ---- characters ---- */

static int is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int is_name_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       c >= 0x80;
}

static int is_name(unsigned char c)
{
	return is_name_start(c) || is_digit(c) || c == '-';
}

static int hexval(int c)
{
	if (is_digit(c))
		return c - '0';
	c = lower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* A backslash that starts an escape (not a line continuation, not the
 * last character). */
static int valid_escape(const char *p)
{
	return p[0] == '\\' && p[1] && p[1] != '\n' && p[1] != '\r' &&
	       p[1] != '\f';
}

static int ident_start(const char *p)
{
	if (p[0] == '-')
		return is_name_start((unsigned char)p[1]) || p[1] == '-' ||
		       valid_escape(p + 1);
	return is_name_start((unsigned char)p[0]) || valid_escape(p);
}

/* Bytes in the UTF-8 sequence at p (1 for a stray byte), never past a NUL. */
static size_t seq_len(const char *p)
{
	size_t n = 1;
	while (n < 4 && ((unsigned char)p[n] & 0xC0) == 0x80)
		n++;
	return n;
}

static size_t put_utf8(char *o, unsigned long cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | cp >> 12);
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | cp >> 18);
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* 1-based column of at in s, counted in characters (UTF-8 lead bytes). */
static size_t column(const char *s, const char *at)
{
	size_t col = 1;
	for (; s < at; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			col++;
	return col;
}

/* ---- the parser ---- */

struct parser {
	const char *s, *p;
	struct pool *pool;
	char *err;
	size_t errlen;
	int failed, nomem;
	int depth, in_has;
	/* decoded identifiers and strings: an escape never yields more than
	 * 1.5 bytes per input byte */
	char tmp[2 * GISA_SELECTOR_MAX_LEN + 16];
};

static void *fail(struct parser *ps, const char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void *fail(struct parser *ps, const char *at, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (ps->failed)
		return NULL;
	ps->failed = 1;
	if (!ps->errlen)
		return NULL;
	n = snprintf(ps->err, ps->errlen, "column %zu: ", column(ps->s, at));
	if (n < 0 || (size_t)n >= ps->errlen)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(ps->err + n, ps->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return NULL;
}

static void *palloc(struct parser *ps, size_t n)
{
	void *r = pool_alloc(ps->pool, n);
	if (!r && !ps->failed) {
		ps->failed = ps->nomem = 1;
		if (ps->errlen)
			snprintf(ps->err, ps->errlen, "out of memory");
	}
	return r;
}

static char *pstrndup(struct parser *ps, const char *s, size_t n)
{
	char *r = palloc(ps, n + 1);
	if (r)
		memcpy(r, s, n);
	return r;
}

/* One well-formed UTF-8 character of len bytes at p. */
static int utf8_ok(const char *p, size_t len)
{
	unsigned char c = (unsigned char)p[0], d = (unsigned char)p[1];

	if (c < 0xC2 || c > 0xF4 || len != (c < 0xE0 ? 2u : c < 0xF0 ? 3u : 4u))
		return 0;
	return !(c == 0xE0 && d < 0xA0) && !(c == 0xED && d >= 0xA0) &&
	       !(c == 0xF0 && d < 0x90) && !(c == 0xF4 && d >= 0x90);
}

/* A printable description of the character at p for messages: it is
 * quoted when printable, else given as a byte value, so that a message
 * is always valid UTF-8 text. */
static const char *describe(const char *p, char *buf, size_t n)
{
	unsigned char c = (unsigned char)*p;
	size_t len = seq_len(p);

	if (!c)
		snprintf(buf, n, "end of selector");
	else if (c >= 0x20 && c < 0x7F)
		snprintf(buf, n, "character '%c'", c);
	else if (utf8_ok(p, len))
		snprintf(buf, n, "character '%.*s'", (int)len, p);
	else
		snprintf(buf, n, "byte 0x%02X", c);
	return buf;
}

static void *unexpected(struct parser *ps, const char *at)
{
	char d[40];
	return fail(ps, at, "unexpected %s", describe(at, d, sizeof d));
}

/* Skip comments (not whitespace): a comment separates nothing in CSS. */
static void skip_comments(struct parser *ps)
{
	while (ps->p[0] == '/' && ps->p[1] == '*') {
		const char *end = strstr(ps->p + 2, "*/");
		if (!end) {
			fail(ps, ps->p, "unterminated comment");
			ps->p += strlen(ps->p);
			return;
		}
		ps->p = end + 2;
	}
}

/* Skip whitespace and comments; 1 when there was whitespace. */
static int skip_ws(struct parser *ps)
{
	int seen = 0;

	for (;;) {
		if (is_ws(*ps->p)) {
			ps->p++;
			seen = 1;
		} else if (ps->p[0] == '/' && ps->p[1] == '*') {
			skip_comments(ps);
		} else {
			return seen;
		}
	}
}

/* Decode the escape at p (a backslash) into o[*n]; return what follows. */
static const char *escape(const char *p, char *o, size_t *n)
{
	unsigned long cp = 0;
	size_t len;
	int i;

	p++;
	if (hexval(*p) < 0) {
		len = seq_len(p);
		memcpy(o + *n, p, len);
		*n += len;
		return p + len;
	}
	for (i = 0; i < 6 && hexval(*p) >= 0; i++, p++)
		cp = cp * 16 + (unsigned long)hexval(*p);
	if (p[0] == '\r' && p[1] == '\n')
		p += 2;
	else if (is_ws(*p))
		p++;
	if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		cp = 0xFFFD;
	*n += put_utf8(o + *n, cp);
	return p;
}

/* An identifier (the caller checked ident_start), decoded; ASCII letters
 * lowercased when fold is set. *len gets its length when len is set. */
static char *ident(struct parser *ps, int fold, size_t *len)
{
	size_t n = 0, start;

	for (;;) {
		unsigned char c = (unsigned char)*ps->p;
		if (is_name(c)) {
			ps->tmp[n++] = (char)(fold ? lower(c) : c);
			ps->p++;
		} else if (valid_escape(ps->p)) {
			start = n;
			ps->p = escape(ps->p, ps->tmp, &n);
			for (; fold && start < n; start++)
				ps->tmp[start] = (char)lower(ps->tmp[start]);
		} else {
			break;
		}
	}
	if (len)
		*len = n;
	return pstrndup(ps, ps->tmp, n);
}

/* A quoted string at ps->p, decoded. */
static char *string(struct parser *ps, size_t *len)
{
	const char *open = ps->p;
	char q = *ps->p++;
	size_t n = 0;

	for (;;) {
		char c = *ps->p;
		if (c == q)
			break;
		if (!c)
			return fail(ps, open, "unterminated string");
		if (c == '\n' || c == '\r' || c == '\f')
			return fail(ps, open, "newline in string");
		if (c == '\\' && !ps->p[1])
			return fail(ps, open, "unterminated string");
		if (c == '\\' && !valid_escape(ps->p)) {
			/* an escaped newline continues the string */
			ps->p += ps->p[1] == '\r' && ps->p[2] == '\n' ? 3 : 2;
			continue;
		}
		if (c == '\\') {
			ps->p = escape(ps->p, ps->tmp, &n);
			continue;
		}
		ps->tmp[n++] = c;
		ps->p++;
	}
	ps->p++;
	*len = n;
	return pstrndup(ps, ps->tmp, n);
}

/* The word w (lowercase ASCII) at p, case-insensitively, not followed by
 * more of a name. */
static int word_at(const char *p, const char *w)
{
	size_t n = strlen(w);
	for (size_t i = 0; i < n; i++)
		if (lower((unsigned char)p[i]) != w[i])
			return 0;
	return !is_name((unsigned char)p[n]) && p[n] != '\\';
}

static struct list *parse_list(struct parser *ps, int relative, char close);

static int comb_of(char c)
{
	return c == '>' ? C_CHILD : c == '+' ? C_NEXT : c == '~' ? C_LATER : 0;
}

static struct test *new_test(struct parser *ps, int kind)
{
	struct test *t = palloc(ps, sizeof *t);
	if (t)
		t->kind = (unsigned char)kind;
	return t;
}

/* [name], [name op value], [name op value i|s] */
static struct test *parse_attr(struct parser *ps)
{
	const char *open = ps->p++, *at;
	struct test *t = new_test(ps, T_ATTR);
	int quoted;
	static const char ops[] = "=~|^$*";
	static const unsigned char op_of[] = {
		A_EQ, A_WORD, A_DASH, A_PREFIX, A_SUFFIX, A_SUBSTR
	};

	if (!t)
		return NULL;
	skip_ws(ps);
	if (*ps->p == '|' || (ps->p[0] == '*' && ps->p[1] == '|'))
		return fail(ps, ps->p, "namespaces are not supported");
	if (!ident_start(ps->p))
		return *ps->p ? fail(ps, ps->p, "expected an attribute name")
			      : fail(ps, open, "unbalanced '['");
	t->name = ident(ps, 1, NULL);
	if (ps->p[0] == '|' && ps->p[1] != '=')
		return fail(ps, ps->p, "namespaces are not supported");
	skip_ws(ps);
	if (*ps->p == ']') {
		ps->p++;
		t->op = A_EXISTS;
		return t;
	}
	at = *ps->p ? strchr(ops, *ps->p) : NULL;
	if (!at || (*at != '=' && ps->p[1] != '='))
		return *ps->p ? unexpected(ps, ps->p)
			      : fail(ps, open, "unbalanced '['");
	t->op = op_of[at - ops];
	ps->p += *at == '=' ? 1 : 2;
	skip_ws(ps);
	quoted = *ps->p == '"' || *ps->p == '\'';
	if (quoted) {
		t->val = string(ps, &t->vlen);
	} else if (is_name((unsigned char)*ps->p) || valid_escape(ps->p)) {
		/* Bare values are read as a run of name characters, digits
		 * first included: [data-id=123] is common in rules even
		 * though CSS wants it quoted. */
		t->val = ident(ps, 0, &t->vlen);
	} else {
		return *ps->p ? fail(ps, ps->p, "expected an attribute value")
			      : fail(ps, open, "unbalanced '['");
	}
	if (ps->failed)
		return NULL;
	if ((skip_ws(ps) || quoted) && ident_start(ps->p)) {
		at = ps->p;
		const char *flag = ident(ps, 1, NULL);
		if (!flag)
			return NULL;
		if (strcmp(flag, "i") && strcmp(flag, "s"))
			return fail(ps, at, "unknown attribute flag '%.16s'", flag);
		t->icase = *flag == 'i';
		skip_ws(ps);
	}
	if (*ps->p != ']')
		return *ps->p ? fail(ps, ps->p, "expected ']'")
			      : fail(ps, open, "unbalanced '['");
	ps->p++;
	return t;
}

/* An+B, odd, even (CSS Syntax 3, section 6). Values are clamped to 2^31-1
 * in magnitude, which changes nothing for any real document. */
static long digits(const char **q)
{
	long v = 0;
	for (; is_digit(**q); (*q)++)
		if (v < 2147483647L)
			v = v * 10 + (**q - '0') > 2147483647L
				    ? 2147483647L
				    : v * 10 + (**q - '0');
	return v;
}

static int parse_anb(struct parser *ps, struct test *t, const char *name)
{
	const char *q = ps->p, *r;
	long a = 0, b = 0, v = 0;
	int sign = 1, num = 0, bsign;

	if (word_at(q, "odd")) {
		a = 2, b = 1, q += 3;
	} else if (word_at(q, "even")) {
		a = 2, b = 0, q += 4;
	} else {
		if (*q == '+' || *q == '-')
			sign = *q++ == '-' ? -1 : 1;
		if (is_digit(*q))
			v = digits(&q), num = 1;
		if (*q == 'n' || *q == 'N') {
			a = sign * (num ? v : 1);
			r = ++q;
			while (is_ws(*r))
				r++;
			if (*r == '+' || *r == '-') {
				bsign = *r++ == '-' ? -1 : 1;
				while (is_ws(*r))
					r++;
				if (!is_digit(*r))
					goto bad;
				b = bsign * digits(&r);
				q = r;
			}
		} else if (num) {
			b = sign * v;
		} else {
			goto bad;
		}
	}
	if (is_name((unsigned char)*q) || *q == '\\')
		goto bad;
	ps->p = q;
	t->a = a;
	t->b = b;
	return 0;
bad:
	fail(ps, ps->p, "invalid An+B expression in ':%s()'", name);
	return -1;
}

/* The argument of :contains(): a quoted string, or bare text up to ')'. */
static int parse_text(struct parser *ps, struct test *t)
{
	const char *start = ps->p, *end;
	size_t k, i;

	if (*ps->p == '"' || *ps->p == '\'') {
		t->val = string(ps, &t->vlen);
	} else {
		end = strchr(start, ')');
		if (!end)
			end = start + strlen(start);
		while (end > start && is_ws(end[-1]))
			end--;
		if (end == start) {
			fail(ps, start, "expected text");
			return -1;
		}
		t->vlen = (size_t)(end - start);
		t->val = pstrndup(ps, start, t->vlen);
		ps->p = end;
	}
	if (!t->val)
		return -1;
	/* Knuth-Morris-Pratt, so that text split over many nodes is
	 * searched in one pass without copying it. */
	t->kmp = palloc(ps, (t->vlen + 1) * sizeof *t->kmp);
	if (!t->kmp)
		return -1;
	for (i = 1, k = 0; i < t->vlen; i++) {
		while (k && t->val[i] != t->val[k])
			k = t->kmp[k - 1];
		if (t->val[i] == t->val[k])
			k++;
		t->kmp[i] = k;
	}
	return 0;
}

enum arg { ARG_NONE, ARG_LIST, ARG_REL, ARG_NTH, ARG_NTH_OF, ARG_TEXT,
	   ARG_LANG };

static const struct pseudo {
	const char *name;
	unsigned char kind, arg, flags;
	long a, b;
} pseudos[] = {
	{ "root", T_ROOT, ARG_NONE, 0, 0, 0 },
	{ "empty", T_EMPTY, ARG_NONE, 0, 0, 0 },
	{ "scope", T_SCOPE, ARG_NONE, 0, 0, 0 },
	{ "any-link", T_LINK, ARG_NONE, 0, 0, 0 },
	{ "link", T_LINK, ARG_NONE, 0, 0, 0 },
	{ "first-child", T_NTH, ARG_NONE, 0, 0, 1 },
	{ "last-child", T_NTH, ARG_NONE, NTH_LAST, 0, 1 },
	{ "only-child", T_ONLY, ARG_NONE, 0, 0, 0 },
	{ "first-of-type", T_NTH, ARG_NONE, NTH_TYPE, 0, 1 },
	{ "last-of-type", T_NTH, ARG_NONE, NTH_TYPE | NTH_LAST, 0, 1 },
	{ "only-of-type", T_ONLY, ARG_NONE, NTH_TYPE, 0, 0 },
	{ "nth-child", T_NTH, ARG_NTH_OF, 0, 0, 0 },
	{ "nth-last-child", T_NTH, ARG_NTH_OF, NTH_LAST, 0, 0 },
	{ "nth-of-type", T_NTH, ARG_NTH, NTH_TYPE, 0, 0 },
	{ "nth-last-of-type", T_NTH, ARG_NTH, NTH_TYPE | NTH_LAST, 0, 0 },
	{ "not", T_NOT, ARG_LIST, 0, 0, 0 },
	{ "is", T_IS, ARG_LIST, 0, 0, 0 },
	{ "where", T_IS, ARG_LIST, 0, 0, 0 },
	{ "matches", T_IS, ARG_LIST, 0, 0, 0 },
	{ "has", T_HAS, ARG_REL, 0, 0, 0 },
	{ "lang", T_LANG, ARG_LANG, 0, 0, 0 },
	{ "contains", T_CONTAINS, ARG_TEXT, 0, 0, 0 },
	{ "-soup-contains", T_CONTAINS, ARG_TEXT, 0, 0, 0 },
	{ "contains-own", T_CONTAINS_OWN, ARG_TEXT, 0, 0, 0 },
	{ "-soup-contains-own", T_CONTAINS_OWN, ARG_TEXT, 0, 0, 0 },
};

static const struct pseudo *find_pseudo(const char *name)
{
	for (size_t i = 0; i < sizeof pseudos / sizeof pseudos[0]; i++)
		if (!strcmp(pseudos[i].name, name))
			return &pseudos[i];
	return NULL;
}

/* At most n bytes of s for a message, cut at a character boundary. */
static int clip(const char *s, int n)
{
	int len = (int)strlen(s);
	if (len <= n)
		return len;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/* The argument of a functional pseudo-class; ps->p is past the '('. */
static int parse_pseudo_arg(struct parser *ps, struct test *t,
			    const struct pseudo *pd, const char *colon)
{
	int save_has = ps->in_has;

	skip_ws(ps);
	switch (pd->arg) {
	case ARG_NTH:
	case ARG_NTH_OF:
		if (parse_anb(ps, t, pd->name) < 0)
			return -1;
		if (pd->arg == ARG_NTH || !skip_ws(ps) || !word_at(ps->p, "of"))
			return 0;
		ps->p += 2;
		__attribute__((fallthrough)); /* to the "of S" list */
	case ARG_LIST:
	case ARG_REL:
		if (++ps->depth > GISA_SELECTOR_MAX_DEPTH) {
			fail(ps, colon, "nesting deeper than %d levels",
			     GISA_SELECTOR_MAX_DEPTH);
			return -1;
		}
		if (pd->kind == T_HAS && ps->in_has) {
			/* :has() inside :has() is quadratic per level; CSS
			 * forbids it for that reason. */
			fail(ps, colon, ":has() cannot be nested");
			return -1;
		}
		if (pd->kind == T_HAS)
			ps->in_has = 1;
		t->sub = parse_list(ps, pd->arg == ARG_REL, ')');
		ps->in_has = save_has;
		ps->depth--;
		return t->sub ? 0 : -1;
	case ARG_TEXT:
		return parse_text(ps, t);
	case ARG_LANG:
		if (*ps->p == '"' || *ps->p == '\'')
			t->val = string(ps, &t->vlen);
		else if (ident_start(ps->p))
			t->val = ident(ps, 0, &t->vlen);
		else
			fail(ps, ps->p, "expected a language");
		return t->val ? 0 : -1;
	}
	return 0;
}

static struct test *parse_pseudo(struct parser *ps)
{
	const char *colon = ps->p++, *open;
	const struct pseudo *pd;
	struct test *t;
	char *name;

	if (!ident_start(ps->p))
		return fail(ps, colon, "expected a pseudo-class name after ':'");
	if (!(name = ident(ps, 1, NULL)))
		return NULL;
	if (!(pd = find_pseudo(name)))
		return fail(ps, colon, "unknown pseudo-class ':%.*s'",
			    clip(name, 64), name);
	if (!(t = new_test(ps, pd->kind)))
		return NULL;
	t->flags = pd->flags;
	t->a = pd->a;
	t->b = pd->b;
	if (*ps->p != '(') {
		if (pd->arg != ARG_NONE)
			return fail(ps, colon, "':%s' needs an argument: ':%s(...)'",
				    name, name);
		return t;
	}
	if (pd->arg == ARG_NONE)
		return fail(ps, ps->p, "':%s' takes no argument", name);
	open = ps->p++;
	if (parse_pseudo_arg(ps, t, pd, colon) < 0)
		return NULL;
	skip_ws(ps);
	if (ps->failed)
		return NULL;
	if (!*ps->p)
		return fail(ps, open, "unbalanced '('");
	if (*ps->p != ')') {
		char d[40];
		return fail(ps, ps->p, "expected ')' instead of %s",
			    describe(ps->p, d, sizeof d));
	}
	ps->p++;
	return t;
}

/* #id .class [attr] :pseudo - one test after the type selector, or NULL
 * with ps->failed clear when the compound ends here. */
static struct test *parse_subclass(struct parser *ps)
{
	const char *at = ps->p;
	struct test *t;

	switch (*ps->p) {
	case '#':
	case '.':
		ps->p++;
		if (!ident_start(ps->p))
			return fail(ps, at, *at == '#' ? "expected an id after '#'"
						       : "expected a class name after '.'");
		if (!(t = new_test(ps, *at == '#' ? T_ID : T_CLASS)))
			return NULL;
		t->name = *at == '#' ? "id" : "class";
		t->op = *at == '#' ? A_EQ : A_WORD;
		t->val = ident(ps, 0, &t->vlen);
		return t->val ? t : NULL;
	case '[':
		return parse_attr(ps);
	case ':':
		if (ps->p[1] == ':')
			return fail(ps, at, "pseudo-elements are not supported");
		return parse_pseudo(ps);
	case '\\':
		return fail(ps, at, "invalid escape");
	case '|':
		return fail(ps, at, "namespaces are not supported");
	}
	return NULL;
}

/* A value that can never be matched is settled at compile time: CSS says
 * [a~=""], [a~="x y"], [a^=""], [a$=""] and [a*=""] match nothing. */
static void settle_never(struct test *t)
{
	if (t->op == A_WORD && (!t->vlen || strpbrk(t->val, " \t\n\r\f")))
		t->op = A_NEVER;
	if ((t->op == A_PREFIX || t->op == A_SUFFIX || t->op == A_SUBSTR) &&
	    !t->vlen)
		t->op = A_NEVER;
}

static struct compound *parse_compound(struct parser *ps)
{
	struct compound *c = palloc(ps, sizeof *c);
	struct test *cheap = NULL, *dear = NULL, **ct = &cheap, **dt = &dear;
	struct test *t;
	int any = 0;

	if (!c)
		return NULL;
	if (*ps->p == '*') {
		ps->p++;
		any = 1;
	} else if (ident_start(ps->p)) {
		if (!(t = new_test(ps, T_TAG)) ||
		    !(t->name = ident(ps, 1, NULL)))
			return NULL;
		*ct = t, ct = &t->next;
		any = 1;
	}
	for (;;) {
		skip_comments(ps);
		if (ps->failed || !(t = parse_subclass(ps)))
			break;
		if (t->kind == T_ID || t->kind == T_CLASS || t->kind == T_ATTR)
			settle_never(t);
		if (t->kind < T__CHEAP)
			*ct = t, ct = &t->next;
		else
			*dt = t, dt = &t->next;
		any = 1;
	}
	if (ps->failed)
		return NULL;
	if (*ps->p == '|')
		return fail(ps, ps->p, "namespaces are not supported");
	if (!any)
		return unexpected(ps, ps->p);
	*ct = dear;
	c->tests = cheap;
	return c;
}

static int at_end(const char *p, char close)
{
	return !*p || *p == ',' || (close && *p == close);
}

static struct complex *parse_complex(struct parser *ps, int relative,
				     char close, const char *comma)
{
	struct complex *cx = palloc(ps, sizeof *cx);
	struct compound *c;
	const char *cp = NULL;
	int comb, ws;

	if (!cx)
		return NULL;
	skip_ws(ps);
	if (comb_of(*ps->p)) {
		if (!relative)
			return fail(ps, ps->p, "selector starts with combinator "
				    "'%c' (write ':scope %c ...' for a relative "
				    "selector)", *ps->p, *ps->p);
		cp = ps->p++;
		cx->rel = comb_of(*cp);
		skip_ws(ps);
	} else if (relative) {
		cx->rel = C_DESC;
	}
	if (at_end(ps->p, close) && !ps->failed) {
		if (cp)
			return fail(ps, cp, "dangling combinator '%c'", *cp);
		if (comma)
			return fail(ps, comma, "expected a selector after ','");
		if (*ps->p == ',')
			return fail(ps, ps->p, "expected a selector before ','");
		return fail(ps, ps->p, "expected a selector");
	}
	if (!(cx->right = parse_compound(ps)))
		return NULL;
	for (;;) {
		ws = skip_ws(ps);
		if (ps->failed)
			return NULL;
		if ((comb = comb_of(*ps->p))) {
			cp = ps->p++;
			skip_ws(ps);
			if (at_end(ps->p, close))
				return fail(ps, cp, "dangling combinator '%c'", *cp);
			if (comb_of(*ps->p))
				return fail(ps, ps->p, "two combinators in a row "
					    "('%c' after '%c')", *ps->p, *cp);
		} else if (ws && !at_end(ps->p, close)) {
			comb = C_DESC;
		} else {
			break;
		}
		if (!(c = parse_compound(ps)))
			return NULL;
		c->left = cx->right;
		c->comb = comb;
		cx->right = c;
		if (comb == C_DESC || comb == C_CHILD)
			cx->deep = 1;
		else
			cx->sib = 1;
	}
	return cx;
}

/* A comma-separated list of (relative) complex selectors, up to close
 * (not consumed) or the end of the string. */
static struct list *parse_list(struct parser *ps, int relative, char close)
{
	struct list *l = palloc(ps, sizeof *l);
	struct complex **tail;
	const char *comma = NULL;

	if (!l)
		return NULL;
	tail = &l->first;
	for (;;) {
		if (!(*tail = parse_complex(ps, relative, close, comma)))
			return NULL;
		tail = &(*tail)->next;
		if (*ps->p != ',')
			break;
		comma = ps->p++;
	}
	return l;
}

static void set_err(char *err, size_t errlen, const char *msg)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", msg);
}

static int compile(struct parser *ps, gisa_selector *sel)
{
	const char *css = ps->s;
	size_t len = strnlen(css, GISA_SELECTOR_MAX_LEN + 1);

	if (len > GISA_SELECTOR_MAX_LEN) {
		fail(ps, css + GISA_SELECTOR_MAX_LEN,
		     "selector longer than %d bytes", GISA_SELECTOR_MAX_LEN);
		return GISA_ESELECTOR;
	}
	skip_ws(ps);
	if (ps->failed)
		return GISA_ESELECTOR;
	if (!*ps->p) {
		fail(ps, css, "empty selector");
		return GISA_ESELECTOR;
	}
	ps->p = css;
	sel->list = parse_list(ps, 0, 0);
	if (!ps->failed && *ps->p) {
		if (*ps->p == ')' || *ps->p == ']')
			fail(ps, ps->p, "unbalanced '%c'", *ps->p);
		else
			unexpected(ps, ps->p);
	}
	if (ps->failed)
		return ps->nomem ? GISA_ENOMEM : GISA_ESELECTOR;
	return 0;
}

int gisa_selector_compile(const char *css, gisa_selector **out, char *err,
			  size_t errlen)
{
	struct parser *ps = NULL;
	gisa_selector *sel = NULL;
	int rc;

	set_err(err, errlen, "");
	if (!out) {
		set_err(err, errlen, "no output");
		return GISA_EINVAL;
	}
	*out = NULL;
	if (!css) {
		set_err(err, errlen, "no selector");
		return GISA_EINVAL;
	}
	ps = calloc(1, sizeof *ps);
	sel = calloc(1, sizeof *sel);
	if (!ps || !sel) {
		set_err(err, errlen, "out of memory");
		rc = GISA_ENOMEM;
		goto out;
	}
	ps->s = ps->p = css;
	ps->pool = &sel->pool;
	ps->err = err;
	ps->errlen = err ? errlen : 0;
	sel->budget = GISA_SELECT_BUDGET;
	rc = compile(ps, sel);
	if (rc == 0) {
		*out = sel;
		sel = NULL;
	}
out:
	if (sel)
		pool_free(&sel->pool);
	free(sel);
	free(ps);
	return rc;
}

void gisa_selector_free(gisa_selector *sel)
{
	if (!sel)
		return;
	pool_free(&sel->pool);
	free(sel);
}

void gisa_selector_set_budget(gisa_selector *sel, unsigned long steps)
{
	if (sel)
		sel->budget = steps ? steps : GISA_SELECT_BUDGET;
}

/* ---- matching ---- */

/* Positions computed by :nth-*() during one call, so that a walk in
 * document order over a long list finds each position from its previous
 * sibling's instead of counting from the start (quadratic otherwise).
 * One slot per test, chosen by its address; a miss only costs time. */
#define NTH_SLOTS 8

struct nth_memo {
	const struct test *pos_t; /* for this test, */
	xmlNodePtr el;            /* el's position counted from the start */
	long pos;
	const struct test *total_t; /* for this test, */
	xmlNodePtr parent;          /* the count of name's kind under parent */
	const xmlChar *name;
	long total;
};

struct mctx {
	xmlNodePtr scope;
	unsigned long budget;
	int over;          /* the budget ran out: everything fails from here */
	struct nth_memo memo[NTH_SLOTS];
};

/* Take one step from the budget; 0 when it is spent. */
static int spend(struct mctx *m)
{
	if (!m->budget) {
		m->over = 1;
		return 0;
	}
	m->budget--;
	return 1;
}

/* The element a :has() argument is anchored to, and where walks stop. */
struct anchor {
	xmlNodePtr el;
	xmlNodePtr up_stop, side_stop;
	int rel;
};

enum { M_YES, M_LATER, M_DESC, M_GLOBAL };

static int match_list(const struct list *l, xmlNodePtr el, struct mctx *m);

static int is_element(xmlNodePtr n)
{
	return n->type == XML_ELEMENT_NODE;
}

static xmlNodePtr prev_el(xmlNodePtr n)
{
	for (n = n->prev; n; n = n->prev)
		if (is_element(n))
			return n;
	return NULL;
}

static xmlNodePtr next_el(xmlNodePtr n)
{
	for (n = n->next; n; n = n->next)
		if (is_element(n))
			return n;
	return NULL;
}

/* The element after n in document order within root's subtree (root
 * excluded), or NULL. */
static xmlNodePtr next_in(xmlNodePtr n, xmlNodePtr root)
{
	xmlNodePtr c;

	for (c = n->children; c; c = c->next)
		if (is_element(c))
			return c;
	while (n && n != root) {
		if ((c = next_el(n)))
			return c;
		n = n->parent;
	}
	return NULL;
}

/* name (from the tree) equals lname (lowercase), ASCII case-insensitively. */
static int name_eq(const xmlChar *name, const char *lname)
{
	const unsigned char *x = name, *y = (const unsigned char *)lname;

	for (; *y; x++, y++)
		if (*x != *y && lower(*x) != *y)
			return 0;
	return *x == 0;
}

static int same_type(xmlNodePtr a, xmlNodePtr b)
{
	const unsigned char *x = a->name, *y = b->name;

	if (x == y)
		return 1;
	for (; *x && lower(*x) == lower(*y); x++, y++)
		;
	return lower(*x) == lower(*y);
}

static xmlAttrPtr find_attr(xmlNodePtr el, const char *lname)
{
	for (xmlAttrPtr a = el->properties; a; a = a->next)
		if (name_eq(a->name, lname))
			return a;
	return NULL;
}

/* The value of a, read in place when it is one text node (always, in a
 * tree from the HTML parser); otherwise a copy in *copy for the caller to
 * xmlFree. An unreadable value counts as empty. */
static const char *attr_value(xmlAttrPtr a, xmlChar **copy)
{
	xmlNodePtr c = a->children;

	*copy = NULL;
	if (!c)
		return "";
	if (!c->next && c->type == XML_TEXT_NODE)
		return c->content ? (const char *)c->content : "";
	*copy = xmlNodeListGetString(a->doc, c, 1);
	return *copy ? (const char *)*copy : "";
}

static int mem_eq(const char *a, const char *b, size_t n, int icase)
{
	if (!icase)
		return memcmp(a, b, n) == 0;
	for (size_t i = 0; i < n; i++)
		if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return 0;
	return 1;
}

static int mem_has(const char *h, size_t hn, const char *nd, size_t nn,
		   int icase)
{
	if (!icase)
		return memmem(h, hn, nd, nn) != NULL;
	for (size_t i = 0; i + nn <= hn; i++)
		if (mem_eq(h + i, nd, nn, 1))
			return 1;
	return 0;
}

static int has_word(const char *v, const char *w, size_t m, int icase)
{
	const char *s;

	while (*v) {
		while (is_ws(*v))
			v++;
		for (s = v; *v && !is_ws(*v); v++)
			;
		if ((size_t)(v - s) == m && m && mem_eq(s, w, m, icase))
			return 1;
	}
	return 0;
}

static int value_ok(const struct test *t, const char *v)
{
	size_t n = strlen(v), m = t->vlen;
	int ic = t->icase;

	switch (t->op) {
	case A_EXISTS:
		return 1;
	case A_EQ:
		return n == m && mem_eq(v, t->val, m, ic);
	case A_WORD:
		return has_word(v, t->val, m, ic);
	case A_DASH:
		return n >= m && mem_eq(v, t->val, m, ic) &&
		       (n == m || v[m] == '-');
	case A_PREFIX:
		return n >= m && mem_eq(v, t->val, m, ic);
	case A_SUFFIX:
		return n >= m && mem_eq(v + n - m, t->val, m, ic);
	case A_SUBSTR:
		return mem_has(v, n, t->val, m, ic);
	}
	return 0;
}

static int match_attr(const struct test *t, xmlNodePtr el)
{
	xmlAttrPtr a;
	xmlChar *copy;
	int ok;

	if (t->op == A_NEVER || !(a = find_attr(el, t->name)))
		return 0;
	if (t->op == A_EXISTS)
		return 1;
	ok = value_ok(t, attr_value(a, &copy));
	xmlFree(copy);
	return ok;
}

static int nth_ok(long a, long b, long pos)
{
	long d = pos - b;

	if (a == 0)
		return d == 0;
	if (d != 0 && (d < 0) != (a < 0))
		return 0;
	return d % a == 0;
}

/* Whether sibling s counts for el's position: an element, of el's type
 * for the -of-type forms, matching the "of S" list if any. */
static int nth_counts(const struct test *t, xmlNodePtr s, xmlNodePtr el,
		      struct mctx *m)
{
	if (!is_element(s) || ((t->flags & NTH_TYPE) && !same_type(s, el)))
		return 0;
	return !t->sub || match_list(t->sub, s, m);
}

static struct nth_memo *nth_slot(const struct test *t, struct mctx *m)
{
	return &m->memo[((uintptr_t)t / 16) % NTH_SLOTS];
}

/* el's 1-based position from the start, resumed from the memo when a
 * counted previous sibling has its position there. */
static long nth_from_start(const struct test *t, xmlNodePtr el,
			   struct mctx *m)
{
	struct nth_memo *memo = nth_slot(t, m);
	long pos = 1;

	for (xmlNodePtr s = el->prev; s && spend(m); s = s->prev) {
		if (!nth_counts(t, s, el, m))
			continue;
		if (memo->pos_t == t && memo->el == s) {
			pos += memo->pos;
			break;
		}
		pos++;
	}
	memo->pos_t = t;
	memo->el = el;
	memo->pos = pos;
	return pos;
}

/* How many children of el's parent count for el's position. */
static long nth_total(const struct test *t, xmlNodePtr el, struct mctx *m)
{
	struct nth_memo *memo = nth_slot(t, m);
	xmlNodePtr first = el->parent ? el->parent->children : el;
	long total = 0;

	if (memo->total_t == t && memo->parent == el->parent && el->parent &&
	    memo->name == el->name)
		return memo->total;
	while (first->prev)
		first = first->prev;
	for (xmlNodePtr s = first; s && spend(m); s = s->next)
		total += nth_counts(t, s, el, m);
	memo->total_t = t;
	memo->parent = el->parent;
	memo->name = el->name;
	memo->total = total;
	return total;
}

/* el's 1-based position among its siblings (of its type, matching the
 * "of S" list), counted from the end for the nth-last forms. When a <= 0
 * only the first b positions can match, so counting stops there; else
 * the memo makes a walk over a whole list linear. */
static long nth_pos(const struct test *t, xmlNodePtr el, struct mctx *m)
{
	int last = t->flags & NTH_LAST;
	long pos = 1;

	if (t->a > 0) {
		pos = nth_from_start(t, el, m);
		return last ? nth_total(t, el, m) - pos + 1 : pos;
	}
	for (xmlNodePtr s = last ? el->next : el->prev; s && spend(m);
	     s = last ? s->next : s->prev)
		if (nth_counts(t, s, el, m) && ++pos > t->b)
			break;
	return pos;
}

static int match_only(const struct test *t, xmlNodePtr el)
{
	for (xmlNodePtr s = el->prev; s; s = s->prev)
		if (is_element(s) && (!t->flags || same_type(s, el)))
			return 0;
	for (xmlNodePtr s = el->next; s; s = s->next)
		if (is_element(s) && (!t->flags || same_type(s, el)))
			return 0;
	return 1;
}

static int match_empty(xmlNodePtr el)
{
	for (xmlNodePtr c = el->children; c; c = c->next) {
		if (is_element(c) || c->type == XML_ENTITY_REF_NODE)
			return 0;
		if ((c->type == XML_TEXT_NODE ||
		     c->type == XML_CDATA_SECTION_NODE) &&
		    c->content && *c->content)
			return 0;
	}
	return 1;
}

static int match_root(xmlNodePtr el)
{
	return el->parent && (el->parent->type == XML_DOCUMENT_NODE ||
			      el->parent->type == XML_HTML_DOCUMENT_NODE);
}

static int match_link(xmlNodePtr el)
{
	return (name_eq(el->name, "a") || name_eq(el->name, "area")) &&
	       find_attr(el, "href");
}

static int match_lang(const struct test *t, xmlNodePtr el)
{
	for (; el && is_element(el); el = el->parent) {
		xmlAttrPtr a = find_attr(el, "lang");
		xmlChar *copy;
		const char *v;
		size_t n;
		int ok;

		if (!a)
			continue;
		v = attr_value(a, &copy);
		n = strlen(v);
		ok = n >= t->vlen && mem_eq(v, t->val, t->vlen, 1) &&
		     (n == t->vlen || v[t->vlen] == '-');
		xmlFree(copy);
		return ok;
	}
	return 0;
}

/* Feed s into the KMP matcher at state *q; 1 when the pattern is found. */
static int kmp_feed(const struct test *t, const xmlChar *s, size_t *q)
{
	size_t k = *q;

	for (; *s; s++) {
		while (k && (unsigned char)t->val[k] != *s)
			k = t->kmp[k - 1];
		if ((unsigned char)t->val[k] == *s && ++k == t->vlen)
			return 1;
	}
	*q = k;
	return 0;
}

/* :contains(): the text of el's subtree (own text nodes only for
 * :contains-own) contains the pattern, across node boundaries. */
static int match_contains(const struct test *t, xmlNodePtr el, int own,
			  struct mctx *m)
{
	xmlNodePtr n = el->children;
	size_t q = 0;

	if (!t->vlen)
		return 1;
	while (n) {
		if ((n->type == XML_TEXT_NODE ||
		     n->type == XML_CDATA_SECTION_NODE) && n->content) {
			if (!spend(m))
				return 0;
			if (kmp_feed(t, n->content, &q))
				return 1;
		}
		if (!own && is_element(n) && n->children) {
			n = n->children;
			continue;
		}
		while (!n->next) {
			n = n->parent;
			if (!n || n == el)
				return 0;
		}
		n = n->next;
	}
	return 0;
}

static int match_has(const struct list *l, xmlNodePtr el, struct mctx *m);

static int match_test(const struct test *t, xmlNodePtr el, struct mctx *m)
{
	switch (t->kind) {
	case T_TAG:
		return name_eq(el->name, t->name);
	case T_ID:
	case T_CLASS:
	case T_ATTR:
		return match_attr(t, el);
	case T_ROOT:
		return match_root(el);
	case T_SCOPE:
		return el == m->scope;
	case T_LINK:
		return match_link(el);
	case T_EMPTY:
		return match_empty(el);
	case T_NTH:
		if (t->sub && !match_list(t->sub, el, m))
			return 0;
		return nth_ok(t->a, t->b, nth_pos(t, el, m));
	case T_ONLY:
		return match_only(t, el);
	case T_NOT:
		return !match_list(t->sub, el, m) && !m->over;
	case T_IS:
		return match_list(t->sub, el, m);
	case T_HAS:
		return match_has(t->sub, el, m);
	case T_LANG:
		return match_lang(t, el);
	case T_CONTAINS:
	case T_CONTAINS_OWN:
		return match_contains(t, el, t->kind == T_CONTAINS_OWN, m);
	}
	return 0;
}

static int match_compound(const struct compound *c, xmlNodePtr el,
			  struct mctx *m)
{
	if (!spend(m))
		return 0;
	for (const struct test *t = c->tests; t; t = t->next)
		if (!match_test(t, el, m))
			return 0;
	return !m->over;
}

/* The next element to try for comb: the parent for ' ' and '>', the
 * previous sibling for '+' and '~'; never past a :has() anchor's bounds. */
static xmlNodePtr step(xmlNodePtr e, int comb, const struct anchor *an)
{
	if (comb == C_DESC || comb == C_CHILD) {
		e = e->parent;
		if (!e || !is_element(e) || (an && e == an->up_stop))
			return NULL;
		return e;
	}
	e = prev_el(e);
	return e && an && e == an->side_stop ? NULL : e;
}

/* Whether x, matched by the leftmost compound of a :has() argument,
 * stands where the leading combinator says relative to the anchor. The
 * walk bounds already keep x inside the anchor's subtree (for ' ' and
 * '>') or after the anchor (for '+' and '~'). */
static int anchored(const struct anchor *an, xmlNodePtr x)
{
	switch (an->rel) {
	case C_CHILD:
		return x->parent == an->el;
	case C_NEXT:
		return prev_el(x) == an->el;
	case C_LATER:
		return x->parent == an->el->parent;
	}
	return 1;
}

/* Match the chain ending at compound c against el, right to left. The
 * result says how far a failure reaches: M_LATER, retry from a later
 * sibling position; M_DESC, from the closest descendant combinator;
 * M_GLOBAL, nothing further left can match. */
static int match_chain(const struct compound *c, xmlNodePtr el,
		       struct mctx *m, const struct anchor *an)
{
	int comb, r, none;
	xmlNodePtr e;

	if (!match_compound(c, el, m))
		return m->over ? M_GLOBAL : M_LATER;
	if (!c->left)
		return !an || anchored(an, el) ? M_YES : M_LATER;
	comb = c->comb;
	none = comb == C_NEXT || comb == C_LATER ? M_DESC : M_GLOBAL;
	for (e = step(el, comb, an); e; e = step(e, comb, an)) {
		r = match_chain(c->left, e, m, an);
		if (r == M_YES || r == M_GLOBAL || comb == C_NEXT)
			return r;
		if (comb == C_CHILD)
			return M_DESC;
		if (r == M_DESC && comb == C_LATER)
			return M_DESC;
	}
	return none;
}

static int match_list(const struct list *l, xmlNodePtr el, struct mctx *m)
{
	for (const struct complex *cx = l->first; cx; cx = cx->next)
		if (match_chain(cx->right, el, m, NULL) == M_YES)
			return 1;
	return 0;
}

/* One relative selector of :has(), anchored at el. Candidates are only
 * where the subject can be: el's children or descendants for ' ' and '>',
 * el's next or later siblings (and their subtrees when the chain goes
 * down) for '+' and '~'. */
static int has_one(const struct complex *cx, xmlNodePtr el, struct mctx *m)
{
	struct anchor an = { el, el, NULL, cx->rel };
	xmlNodePtr n, s;

	if (cx->rel == C_CHILD && !cx->deep) {
		for (n = el->children; n && !m->over; n = n->next)
			if (is_element(n) &&
			    match_chain(cx->right, n, m, &an) == M_YES)
				return 1;
		return 0;
	}
	if (cx->rel == C_DESC || cx->rel == C_CHILD) {
		for (n = next_in(el, el); n && !m->over; n = next_in(n, el))
			if (match_chain(cx->right, n, m, &an) == M_YES)
				return 1;
		return 0;
	}
	an.up_stop = el->parent;
	an.side_stop = el;
	for (s = next_el(el); s && !m->over; s = next_el(s)) {
		if (match_chain(cx->right, s, m, &an) == M_YES)
			return 1;
		for (n = cx->deep ? next_in(s, s) : NULL; n && !m->over;
		     n = next_in(n, s))
			if (match_chain(cx->right, n, m, &an) == M_YES)
				return 1;
		if (cx->rel == C_NEXT && !cx->sib)
			break;
	}
	return 0;
}

static int match_has(const struct list *l, xmlNodePtr el, struct mctx *m)
{
	for (const struct complex *cx = l->first; cx; cx = cx->next)
		if (has_one(cx, el, m))
			return 1;
	return 0;
}

/* ---- selecting ---- */

static int is_container(xmlNodePtr n)
{
	return n->type == XML_ELEMENT_NODE || n->type == XML_DOCUMENT_NODE ||
	       n->type == XML_HTML_DOCUMENT_NODE ||
	       n->type == XML_DOCUMENT_FRAG_NODE;
}

static void mctx_init(struct mctx *m, const gisa_selector *sel,
		      xmlNodePtr scope)
{
	m->scope = scope;
	if (!is_element(scope) && scope->type != XML_DOCUMENT_FRAG_NODE)
		m->scope = xmlDocGetRootElement((xmlDocPtr)scope);
	m->budget = sel->budget;
	m->over = 0;
	memset(m->memo, 0, sizeof m->memo);
}

/* What a select returns: the number of nodes it appended to out, or the
 * error rc (or GISA_ELIMIT when the step budget ran out), with out as it
 * was before. */
static int select_result(gisa_nodes *out, size_t n0, int rc,
			 const struct mctx *m)
{
	if (rc >= 0 && m->over)
		rc = GISA_ELIMIT;
	if (rc < 0) {
		out->n = n0;
		return rc;
	}
	return out->n - n0 > INT32_MAX ? GISA_ELIMIT : (int)(out->n - n0);
}

int gisa_select(const gisa_selector *sel, xmlNodePtr scope, gisa_nodes *out)
{
	struct mctx m;
	size_t n0;
	int rc = 0;

	if (!sel || !scope || !out)
		return GISA_EINVAL;
	if (!is_container(scope))
		return 0;
	mctx_init(&m, sel, scope);
	n0 = out->n;
	for (xmlNodePtr e = next_in(scope, scope); e; e = next_in(e, scope)) {
		if (!match_list(sel->list, e, &m))
			continue;
		if ((rc = gisa_nodes_push(out, e)) < 0)
			goto out;
	}
out:
	return select_result(out, n0, rc, &m);
}

xmlNodePtr gisa_select_first(const gisa_selector *sel, xmlNodePtr scope)
{
	struct mctx m;

	if (!sel || !scope || !is_container(scope))
		return NULL;
	mctx_init(&m, sel, scope);
	for (xmlNodePtr e = next_in(scope, scope); e && !m.over;
	     e = next_in(e, scope))
		if (match_list(sel->list, e, &m))
			return e;
	return NULL;
}

int gisa_selector_matches(const gisa_selector *sel, xmlNodePtr el)
{
	struct mctx m;
	int r;

	if (!sel || !el || !is_element(el))
		return 0;
	mctx_init(&m, sel, el);
	r = match_list(sel->list, el, &m);
	return m.over ? GISA_ELIMIT : r;
}

int gisa_select_css(const char *css, xmlNodePtr scope, gisa_nodes *out,
		    char *err, size_t errlen)
{
	gisa_selector *sel;
	int rc = gisa_selector_compile(css, &sel, err, errlen);

	if (rc < 0)
		return rc;
	rc = gisa_select(sel, scope, out);
	gisa_selector_free(sel);
	return rc;
}

/* ---- the element index (see select.h) ---- */

struct ixel {
	xmlNodePtr x;
	uint64_t name;  /* name_key of its name */
	uint64_t keys;  /* attribute names, class words, id value (key_bit) */
	size_t end;     /* the position past its subtree */
};

struct ixslot {
	xmlNodePtr x;   /* NULL: empty */
	size_t i;
};

struct gisa_select_index {
	xmlNodePtr root;      /* the document node; NULL: empty index */
	struct ixel *el;      /* in document order, as gisa_select walks */
	size_t n, cap;
	size_t *stack;        /* open elements while filling (cap of them) */
	struct ixslot *map;   /* element -> position, mapn slots used */
	size_t mapcap, mapn;
};

/* The keys are cheap on purpose (an index is made for every page a rule
 * reads): equal names have equal keys, which is all a filter needs;
 * match_list decides. A name's key is its length and first six bytes,
 * ASCII case folded. */
static uint64_t name_key(const char *s)
{
	uint64_t k = 0;
	size_t n = 0;

	for (; s[n]; n++)
		if (n < 6)
			k |= (uint64_t)lower((unsigned char)s[n]) << (8 * n);
	return k | (uint64_t)(n < 255 ? n : 255) << 56;
}

/* One bit of 64 for an attribute name (folded), a class word or an id
 * value, from its length and first, second and last bytes: an element
 * lacking the bit cannot pass that test. */
enum { K_ATTR = 1, K_CLASS, K_ID };

static inline uint64_t key_bit(int kind, const char *s, size_t n, int fold)
{
	unsigned a = n ? (unsigned char)s[0] : 0;
	unsigned b = n > 1 ? (unsigned char)s[1] : 0;
	unsigned z = n ? (unsigned char)s[n - 1] : 0;

	if (fold) {
		a = (unsigned)lower((int)a);
		b = (unsigned)lower((int)b);
		z = (unsigned)lower((int)z);
	}
	return (uint64_t)1 << ((a * 31u + b * 7u + z * 131u +
				(unsigned)n * 17u + (unsigned)kind * 97u) & 63u);
}

static size_t map_hash(const void *p)
{
	uintptr_t v = (uintptr_t)p >> 4;
	return (size_t)(v * 0x9E3779B97F4A7C15ull >> 17);
}

/* Whether attribute a's value is not one text node (never, from the
 * HTML parser): match_attr reads such a value another way. */
static int odd_value(xmlAttrPtr a)
{
	return a->children && (a->children->next ||
			       a->children->type != XML_TEXT_NODE);
}

/* The keys of el: every attribute name; the words of its class and its
 * id, read as match_attr reads them (the first attribute of that name).
 * A class or id value that is not one text node sets every bit: no
 * filtering. (Only those two values are read.) */
static uint64_t element_keys(xmlNodePtr el)
{
	xmlAttrPtr cls = NULL, id = NULL;
	uint64_t keys = 0;
	const char *v, *s;

	for (xmlAttrPtr a = el->properties; a; a = a->next) {
		const char *name = (const char *)a->name;
		size_t len = strlen(name);
		keys |= key_bit(K_ATTR, name, len, 1);
		if (len == 5 && !cls && lower((unsigned char)name[0]) == 'c' &&
		    name_eq(a->name, "class"))
			cls = a;
		else if (len == 2 && !id && lower((unsigned char)name[0]) == 'i' &&
			 name_eq(a->name, "id"))
			id = a;
	}
	if ((cls && odd_value(cls)) || (id && odd_value(id)))
		return ~(uint64_t)0;
	if (cls && cls->children) {
		for (v = (const char *)cls->children->content; v && *v;) {
			while (is_ws(*v))
				v++;
			/* white space is at most ' ': most bytes end the
			 * test there */
			for (s = v; *v > ' ' || (*v && !is_ws(*v)); v++)
				;
			if (v > s)
				keys |= key_bit(K_CLASS, s, (size_t)(v - s), 0);
		}
	}
	if (id) {
		v = id->children && id->children->content ?
		    (const char *)id->children->content : "";
		keys |= key_bit(K_ID, v, strlen(v), 0);
	}
	return keys;
}

void gisa_select_index_free(gisa_select_index *ix)
{
	if (!ix)
		return;
	free(ix->el);
	free(ix->stack);
	free(ix->map);
	free(ix);
}

static int index_grow(gisa_select_index *ix)
{
	size_t c = ix->cap ? ix->cap * 2 : 1024;
	struct ixel *v = realloc(ix->el, c * sizeof *v);
	size_t *st;

	if (!v)
		return GISA_ENOMEM;
	ix->el = v;
	if (!(st = realloc(ix->stack, c * sizeof *st)))
		return GISA_ENOMEM;
	ix->stack = st;
	ix->cap = c;
	return 0;
}

/* The elements in the order gisa_select walks them; each one's end is
 * where the walk leaves its subtree: the first later element whose
 * parent is not inside it. */
static int index_fill(gisa_select_index *ix)
{
	xmlNodePtr root = ix->root;
	size_t open = 0; /* ix->stack[0..open): the elements holding e */
	int rc = 0;

	ix->n = 0;
	for (xmlNodePtr e = next_in(root, root); e; e = next_in(e, root)) {
		struct ixel *x;
		/* the walk goes on there: start loading while e is read */
		__builtin_prefetch(e->children);
		__builtin_prefetch(e->next);
		if (ix->n == GISA_SELECT_INDEX_MAX) {
			rc = GISA_ELIMIT;
			break;
		}
		while (open && ix->el[ix->stack[open - 1]].x != e->parent)
			ix->el[ix->stack[--open]].end = ix->n;
		if (ix->n == ix->cap && (rc = index_grow(ix)) < 0)
			break;
		ix->stack[open++] = ix->n;
		x = &ix->el[ix->n++];
		x->x = e;
		x->name = name_key((const char *)e->name);
		x->keys = element_keys(e);
		x->end = 0;
	}
	while (open)
		ix->el[ix->stack[--open]].end = ix->n;
	return rc;
}

/* element -> position, for scopes below the document */
static int index_map(gisa_select_index *ix)
{
	size_t cap = 64, mask;

	while (cap < 2 * ix->n)
		cap *= 2;
	if (cap > ix->mapcap) {
		struct ixslot *m = realloc(ix->map, cap * sizeof *m);
		if (!m)
			return GISA_ENOMEM;
		ix->map = m;
		ix->mapcap = cap;
	}
	ix->mapn = cap;
	memset(ix->map, 0, cap * sizeof *ix->map);
	mask = cap - 1;
	for (size_t i = 0; i < ix->n; i++) {
		size_t h = map_hash(ix->el[i].x) & mask;
		while (ix->map[h].x)
			h = (h + 1) & mask;
		ix->map[h].x = ix->el[i].x;
		ix->map[h].i = i;
	}
	return 0;
}

/* Memory kept from a much bigger document goes back (a worker that
 * met one huge page should not hold its index for good). */
static void index_trim(gisa_select_index *ix)
{
	if (ix->cap > 65536 && ix->n < ix->cap / 4) {
		free(ix->el);
		free(ix->stack);
		free(ix->map);
		ix->el = NULL;
		ix->stack = NULL;
		ix->map = NULL;
		ix->cap = ix->mapcap = ix->mapn = 0;
	}
}

int gisa_select_index_update(gisa_select_index *ix, xmlDocPtr doc)
{
	int rc;

	if (!ix || !doc)
		return GISA_EINVAL;
	index_trim(ix);
	ix->root = (xmlNodePtr)doc;
	if ((rc = index_fill(ix)) < 0 || (rc = index_map(ix)) < 0) {
		ix->root = NULL;
		ix->n = 0;
		return rc;
	}
	return 0;
}

int gisa_select_index_new(xmlDocPtr doc, gisa_select_index **out)
{
	gisa_select_index *ix;
	int rc;

	if (!out)
		return GISA_EINVAL;
	*out = NULL;
	if (!doc)
		return GISA_EINVAL;
	if (!(ix = calloc(1, sizeof *ix)))
		return GISA_ENOMEM;
	if ((rc = gisa_select_index_update(ix, doc)) < 0) {
		gisa_select_index_free(ix);
		return rc;
	}
	*out = ix;
	return 0;
}

/* The positions of scope's elements (scope excluded): 1, or 0 when the
 * index does not hold scope. */
static int ix_range(const gisa_select_index *ix, xmlNodePtr scope,
		    size_t *lo, size_t *hi)
{
	size_t mask = ix->mapn - 1;

	if (!ix->root)
		return 0;
	if (scope == ix->root) {
		*lo = 0;
		*hi = ix->n;
		return 1;
	}
	if (!is_element(scope))
		return 0;
	for (size_t h = map_hash(scope) & mask; ix->map[h].x;
	     h = (h + 1) & mask)
		if (ix->map[h].x == scope) {
			*lo = ix->map[h].i + 1;
			*hi = ix->el[ix->map[h].i].end;
			return 1;
		}
	return 0;
}

/* What an element needs to be worth matching against one complex
 * selector: the tag and attribute tests of its rightmost compound (the
 * cheap tests, which run before any that spends steps). name is
 * compared under nmask (0 when the compound names no tag). */
struct req {
	uint64_t name, nmask, keys;
};

#define MAX_REQ 16

/* The requirement of cx into r; 0 when no element can pass them. */
static int req_of(const struct complex *cx, struct req *r)
{
	memset(r, 0, sizeof *r);
	for (const struct test *t = cx->right->tests; t && t->kind < T__CHEAP;
	     t = t->next) {
		switch (t->kind) {
		case T_TAG:
			r->name = name_key(t->name);
			r->nmask = ~(uint64_t)0;
			break;
		case T_ID:
		case T_CLASS:
		case T_ATTR:
			if (t->op == A_NEVER)
				return 0;
			r->keys |= key_bit(K_ATTR, t->name, strlen(t->name), 1);
			if (t->icase)
				break;
			if (t->op == A_EQ && !strcmp(t->name, "id"))
				r->keys |= key_bit(K_ID, t->val, t->vlen, 0);
			if (t->op == A_WORD && !strcmp(t->name, "class"))
				r->keys |= key_bit(K_CLASS, t->val, t->vlen, 0);
			break;
		}
	}
	return 1;
}

/* The requirements of sel's complex selectors that some element may
 * pass, in r[0..*nr); returns how many complex selectors sel has (each
 * costs a walk one step per element it fails), or 0 when there are too
 * many to be worth it. */
static size_t reqs_of(const gisa_selector *sel, struct req *r, size_t *nr)
{
	size_t k = 0;

	*nr = 0;
	for (const struct complex *cx = sel->list->first; cx; cx = cx->next) {
		if (k++ == MAX_REQ)
			return 0;
		*nr += (size_t)req_of(cx, &r[*nr]);
	}
	return k;
}

static int may_match(const struct ixel *e, const struct req *r, size_t nr)
{
	for (size_t j = 0; j < nr; j++)
		if (!((e->name ^ r[j].name) & r[j].nmask) &&
		    (e->keys & r[j].keys) == r[j].keys)
			return 1;
	return 0;
}

/* The first position from i on (below hi) of an element that may match,
 * or hi. One requirement (the common case) gets a loop of its own. */
static size_t next_candidate(const struct ixel *el, size_t i, size_t hi,
			     const struct req *r, size_t nr)
{
	if (nr == 1) {
		const uint64_t name = r->name, nmask = r->nmask, keys = r->keys;
		while (i < hi && (((el[i].name ^ name) & nmask) ||
				  (el[i].keys & keys) != keys))
			i++;
		return i;
	}
	while (i < hi && !may_match(&el[i], r, nr))
		i++;
	return i;
}

/* What a walk spends on n elements that each fail k complex selectors
 * at a cheap test: one step each (see match_compound); in one go, as
 * nothing is matched between them. */
static void charge(struct mctx *m, size_t n, size_t k)
{
	unsigned long steps = (unsigned long)(n * k);

	if (m->budget >= steps) {
		m->budget -= steps;
	} else {
		m->budget = 0;
		m->over = 1;
	}
}

int gisa_select_indexed(const gisa_selector *sel, xmlNodePtr scope,
			const gisa_select_index *ix, gisa_nodes *out)
{
	struct req r[MAX_REQ];
	struct mctx m;
	size_t lo, hi, k, nr, n0;
	int rc = 0;

	if (!sel || !scope || !out)
		return GISA_EINVAL;
	if (!ix || !is_container(scope) || !ix_range(ix, scope, &lo, &hi) ||
	    !(k = reqs_of(sel, r, &nr)))
		return gisa_select(sel, scope, out);
	mctx_init(&m, sel, scope);
	n0 = out->n;
	for (size_t i = lo, c; i < hi; i = c + 1) {
		xmlNodePtr e;
		c = next_candidate(ix->el, i, hi, r, nr);
		charge(&m, c - i, k);
		if (c == hi)
			break;
		e = ix->el[c].x;
		if (!match_list(sel->list, e, &m))
			continue;
		if ((rc = gisa_nodes_push(out, e)) < 0)
			goto out;
	}
out:
	return select_result(out, n0, rc, &m);
}

xmlNodePtr gisa_select_first_indexed(const gisa_selector *sel,
				     xmlNodePtr scope,
				     const gisa_select_index *ix)
{
	struct req r[MAX_REQ];
	struct mctx m;
	size_t lo, hi, k, nr;

	if (!sel || !scope || !is_container(scope))
		return NULL;
	if (!ix || !ix_range(ix, scope, &lo, &hi) ||
	    !(k = reqs_of(sel, r, &nr)))
		return gisa_select_first(sel, scope);
	mctx_init(&m, sel, scope);
	for (size_t i = lo, c; i < hi; i = c + 1) {
		c = next_candidate(ix->el, i, hi, r, nr);
		charge(&m, c - i, k);
		if (c == hi || m.over)
			return NULL;
		if (match_list(sel->list, ix->el[c].x, &m))
			return ix->el[c].x;
	}
	return NULL;
}

/* ---- node arrays ---- */

int gisa_nodes_push(gisa_nodes *nl, xmlNodePtr n)
{
	if (nl->n == nl->cap) {
		size_t cap = nl->cap ? nl->cap * 2 : 16;
		xmlNodePtr *v;
		if (cap > SIZE_MAX / sizeof *v)
			return GISA_ENOMEM;
		v = realloc(nl->v, cap * sizeof *v);
		if (!v)
			return GISA_ENOMEM;
		nl->v = v;
		nl->cap = cap;
	}
	nl->v[nl->n++] = n;
	return 0;
}

void gisa_nodes_clear(gisa_nodes *nl)
{
	free(nl->v);
	nl->v = NULL;
	nl->n = nl->cap = 0;
}

/* ---- XPath ---- */

/* libxml2 2.9 reports XPath errors to the context's callback by code
 * only (no message), and some evaluation errors through the per-thread
 * generic error function, which prints by default: both are captured. */
static const char *const xpath_messages[] = {
	[XPATH_EXPRESSION_OK] = "ok",
	[XPATH_NUMBER_ERROR] = "invalid number",
	[XPATH_UNFINISHED_LITERAL_ERROR] = "unfinished literal",
	[XPATH_START_LITERAL_ERROR] = "expected the start of a literal",
	[XPATH_VARIABLE_REF_ERROR] = "expected a variable reference",
	[XPATH_UNDEF_VARIABLE_ERROR] = "undefined variable",
	[XPATH_INVALID_PREDICATE_ERROR] = "invalid predicate",
	[XPATH_EXPR_ERROR] = "invalid expression",
	[XPATH_UNCLOSED_ERROR] = "missing closing bracket",
	[XPATH_UNKNOWN_FUNC_ERROR] = "unknown function",
	[XPATH_INVALID_OPERAND] = "invalid operand",
	[XPATH_INVALID_TYPE] = "invalid type",
	[XPATH_INVALID_ARITY] = "wrong number of arguments",
	[XPATH_INVALID_CTXT_SIZE] = "invalid context size",
	[XPATH_INVALID_CTXT_POSITION] = "invalid context position",
	[XPATH_MEMORY_ERROR] = "out of memory",
	[XPTR_SYNTAX_ERROR] = "syntax error",
	[XPTR_RESOURCE_ERROR] = "resource error",
	[XPTR_SUB_RESOURCE_ERROR] = "sub-resource error",
	[XPATH_UNDEF_PREFIX_ERROR] = "undefined namespace prefix",
	[XPATH_ENCODING_ERROR] = "encoding error",
	[XPATH_INVALID_CHAR_ERROR] = "invalid character",
	[XPATH_INVALID_CTXT] = "invalid context",
	[XPATH_STACK_ERROR] = "stack error",
	[XPATH_FORBID_VARIABLE_ERROR] = "variables are not allowed",
	[XPATH_OP_LIMIT_EXCEEDED] = "operation limit exceeded",
	[XPATH_RECURSION_LIMIT_EXCEEDED] = "recursion limit exceeded",
};

struct xerr {
	int code;         /* xmlXPathError + 1, 0 when none */
	int pos;          /* byte offset in the expression, -1 unknown */
	char detail[160]; /* from the generic error function */
};

static void xpath_structured(void *ud, xmlErrorPtr e)
{
	struct xerr *x = ud;

	if (x->code || !e)
		return;
	x->code = e->code - XML_XPATH_EXPRESSION_OK + 1;
	x->pos = e->str1 ? e->int1 : -1;
}

static void xpath_generic(void *ud, const char *fmt, ...)
{
	struct xerr *x = ud;
	const char *colon;
	size_t n;
	va_list ap;

	if (x->detail[0])
		return;
	va_start(ap, fmt);
	vsnprintf(x->detail, sizeof x->detail, fmt, ap);
	va_end(ap);
	/* "xmlXPathCompOpEval: function foo not found\n" */
	colon = strstr(x->detail, ": ");
	if (colon && !strncmp(x->detail, "xmlXPath", 8))
		memmove(x->detail, colon + 2, strlen(colon + 2) + 1);
	n = strlen(x->detail);
	while (n && (x->detail[n - 1] == '\n' || x->detail[n - 1] == ' '))
		x->detail[--n] = '\0';
}

static int xpath_fail(const struct xerr *x, const char *expr, char *err,
		      size_t errlen)
{
	int i = x->code - 1;
	const char *msg = "evaluation failed";
	size_t len = strlen(expr);

	if (i >= 0 && (size_t)i < sizeof xpath_messages / sizeof *xpath_messages &&
	    xpath_messages[i])
		msg = xpath_messages[i];
	if (x->detail[0])
		msg = x->detail;
	if (err && errlen) {
		if (x->pos >= 0 && (size_t)x->pos <= len)
			snprintf(err, errlen, "column %zu: %s",
				 column(expr, expr + x->pos), msg);
		else
			snprintf(err, errlen, "%s", msg);
	}
	if (i == XPATH_MEMORY_ERROR)
		return GISA_ENOMEM;
	if (i == XPATH_OP_LIMIT_EXCEEDED || i == XPATH_RECURSION_LIMIT_EXCEEDED)
		return GISA_ELIMIT;
	return GISA_ESELECTOR;
}

/* Compile and evaluate expr; *res is the result object on success. */
static int xpath_eval(xmlDocPtr doc, xmlNodePtr ctx, const char *expr,
		      xmlXPathObjectPtr *res, char *err, size_t errlen)
{
	xmlGenericErrorFunc old_fn = xmlGenericError;
	void *old_ud = xmlGenericErrorContext;
	xmlXPathContextPtr xc = NULL;
	xmlXPathCompExprPtr comp = NULL;
	struct xerr x = { 0, -1, "" };
	int rc = 0;

	*res = NULL;
	set_err(err, errlen, "");
	if (!doc && ctx)
		doc = ctx->doc;
	if (!expr || !doc) {
		set_err(err, errlen, expr ? "no document" : "no expression");
		return GISA_EINVAL;
	}
	if (strnlen(expr, GISA_SELECTOR_MAX_LEN + 1) > GISA_SELECTOR_MAX_LEN) {
		if (err && errlen)
			snprintf(err, errlen, "column %zu: expression longer "
				 "than %d bytes", column(expr, expr +
				 GISA_SELECTOR_MAX_LEN), GISA_SELECTOR_MAX_LEN);
		return GISA_ESELECTOR;
	}
	if (!(xc = xmlXPathNewContext(doc))) {
		set_err(err, errlen, "out of memory");
		return GISA_ENOMEM;
	}
	xc->node = ctx ? ctx : (xmlNodePtr)doc;
	xc->error = xpath_structured;
	xc->userData = &x;
	xc->opLimit = GISA_XPATH_OP_LIMIT;
	xmlSetGenericErrorFunc(&x, xpath_generic);
	comp = xmlXPathCtxtCompile(xc, (const xmlChar *)expr);
	if (comp)
		*res = xmlXPathCompiledEval(comp, xc);
	xmlSetGenericErrorFunc(old_ud, old_fn);
	if (!*res)
		rc = xpath_fail(&x, expr, err, errlen);
	xmlXPathFreeCompExpr(comp);
	xmlXPathFreeContext(xc);
	return rc;
}

int gisa_xpath(xmlDocPtr doc, xmlNodePtr ctx, const char *expr,
	       gisa_nodes *out, char *err, size_t errlen)
{
	xmlXPathObjectPtr obj;
	xmlNodeSetPtr set;
	size_t n0;
	int rc;

	if (!out)
		return GISA_EINVAL;
	if ((rc = xpath_eval(doc, ctx, expr, &obj, err, errlen)) < 0)
		return rc;
	n0 = out->n;
	if (obj->type != XPATH_NODESET) {
		set_err(err, errlen, "the expression's value is not a "
			"node-set");
		rc = GISA_ESELECTOR;
		goto out;
	}
	set = obj->nodesetval;
	for (int i = 0; set && i < set->nodeNr; i++) {
		/* Namespace nodes are copies owned by the result object. */
		if (set->nodeTab[i]->type == XML_NAMESPACE_DECL)
			continue;
		if ((rc = gisa_nodes_push(out, set->nodeTab[i])) < 0) {
			out->n = n0;
			goto out;
		}
	}
	rc = (int)(out->n - n0);
out:
	xmlXPathFreeObject(obj);
	return rc;
}

int gisa_xpath_string(xmlDocPtr doc, xmlNodePtr ctx, const char *expr,
		      char **value, char *err, size_t errlen)
{
	xmlXPathObjectPtr obj;
	xmlChar *s;
	int rc;

	if (!value)
		return GISA_EINVAL;
	*value = NULL;
	if ((rc = xpath_eval(doc, ctx, expr, &obj, err, errlen)) < 0)
		return rc;
	s = xmlXPathCastToString(obj);
	xmlXPathFreeObject(obj);
	/* a copy, so that the caller frees with free() whatever allocator
	 * libxml2 was set up with */
	*value = s ? strdup((const char *)s) : NULL;
	xmlFree(s);
	if (!*value) {
		set_err(err, errlen, "out of memory");
		return GISA_ENOMEM;
	}
	return 0;
}
