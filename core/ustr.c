/* ustr.c - UTF-8 helpers for the text filters (see ustr.h). */
#include "ustr.h"
#include "buf.h"
#include "error.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

size_t gisa_u8_next(const char *s, size_t n, uint32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t len;

	if ((unsigned char)s[0] < 0x80) { /* most text: skip the decoder */
		*cp = (unsigned char)s[0];
		return 1;
	}
	len = utf8proc_iterate((const utf8proc_uint8_t *)s,
			       (utf8proc_ssize_t)(n > 4 ? 4 : n), &c);
	if (len <= 0) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = (uint32_t)c;
	return (size_t)len;
}

size_t gisa_u8_last(const char *s, size_t n, uint32_t *cp)
{
	size_t i = n - 1;

	/* back over at most three continuation bytes */
	while (i > 0 && n - i < 4 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	if (gisa_u8_next(s + i, n - i, cp) != n - i) {
		*cp = 0xFFFD;
		return 1;
	}
	return n - i;
}

int gisa_u8_alnum(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' &&
						    (cp | 0x20) <= 'z');
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

int gisa_u8_upper(uint32_t cp)
{
	utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
	return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

int gisa_u8_lower(uint32_t cp)
{
	return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LL;
}

int gisa_u8_hangul(uint32_t cp)
{
	return (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x1100 && cp <= 0x11FF)
	       || (cp >= 0x3130 && cp <= 0x318F);
}

int gisa_u8_ideo(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) ||  /* CJK unified */
	       (cp >= 0x3400 && cp <= 0x4DBF) ||  /* extension A */
	       (cp >= 0xF900 && cp <= 0xFAFF) ||  /* compatibility */
	       (cp >= 0x20000 && cp <= 0x2FA1F) ||
	       (cp >= 0x3040 && cp <= 0x30FF) ||  /* hiragana, katakana */
	       (cp >= 0x31F0 && cp <= 0x31FF) || cp == 0x3005;
}

/* Replace malformed sequences by U+FFFD so utf8proc_map accepts s. */
static char *sanitize(const char *s, size_t n)
{
	gisa_buf b = GISA_BUF_INIT;
	utf8proc_int32_t c;

	for (size_t i = 0; i < n;) {
		utf8proc_ssize_t len = utf8proc_iterate(
			(const utf8proc_uint8_t *)s + i,
			(utf8proc_ssize_t)(n - i), &c);
		int rc;
		if (len <= 0) {
			rc = gisa_buf_append(&b, "\xEF\xBF\xBD", 3);
			len = 1;
		} else {
			rc = gisa_buf_append(&b, s + i, (size_t)len);
		}
		if (rc < 0) {
			gisa_buf_free(&b);
			return NULL;
		}
		i += (size_t)len;
	}
	return gisa_buf_detach(&b);
}

/* Typographic apostrophes and primes to "'", in place (shrinks). */
static void ascii_apostrophes(char *s)
{
	char *w = s;

	for (const char *r = s; *r;) {
		if ((unsigned char)r[0] == 0xE2 && (unsigned char)r[1] == 0x80 &&
		    ((unsigned char)r[2] == 0x98 || (unsigned char)r[2] == 0x99 ||
		     (unsigned char)r[2] == 0xB2)) {
			*w++ = '\'';
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

/* The fold of ASCII text is its lower case (NFKC leaves ASCII alone);
 * NULL when s holds other bytes or a NUL, or out of memory. */
static char *fold_ascii(const char *s, size_t n)
{
	char *out;

	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80 || !s[i])
			return NULL;
	if (!(out = malloc(n + 1)))
		return NULL;
	for (size_t i = 0; i < n; i++)
		out[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] | 0x20) : s[i];
	out[n] = '\0';
	return out;
}

char *gisa_u8_fold(const char *s, size_t n)
{
	utf8proc_uint8_t *out = NULL;
	const int opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
			 UTF8PROC_CASEFOLD | UTF8PROC_IGNORE;
	utf8proc_ssize_t r;
	char *clean;

	if ((clean = fold_ascii(s, n)))
		return clean;

	r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
			 &out, opts);
	if (r == UTF8PROC_ERROR_NOMEM)
		return NULL;
	if (r < 0) {
		clean = sanitize(s, n);
		if (!clean)
			return NULL;
		r = utf8proc_map((const utf8proc_uint8_t *)clean,
				 (utf8proc_ssize_t)strlen(clean), &out, opts);
		free(clean);
		if (r < 0)
			return NULL;
	}
	ascii_apostrophes((char *)out);
	return (char *)out;
}

static int is_apostrophe_at(const char *s)
{
	return *s == '\'';
}

int gisa_u8_tokens(const char *s, size_t max, gisa_tok **out)
{
	gisa_tok *v = NULL;
	size_t n = 0, cap = 0, len = strlen(s), i = 0;
	uint32_t cp;

	*out = NULL;
	while (i < len && n < max) {
		size_t k = gisa_u8_next(s + i, len - i, &cp), start;
		if (!gisa_u8_alnum(cp)) {
			i += k;
			continue;
		}
		start = i;
		i += k;
		while (i < len) {
			k = gisa_u8_next(s + i, len - i, &cp);
			if (gisa_u8_alnum(cp)) {
				i += k;
				continue;
			}
			if (is_apostrophe_at(s + i) && i + 1 < len) {
				uint32_t nx;
				gisa_u8_next(s + i + 1, len - i - 1, &nx);
				if (gisa_u8_alnum(nx)) {
					i++;
					continue;
				}
			}
			break;
		}
		if (n == cap) {
			gisa_tok *p = realloc(v, (cap = cap ? cap * 2 : 16) *
					      sizeof *v);
			if (!p) {
				free(v);
				return GISA_ENOMEM;
			}
			v = p;
		}
		v[n].off = (uint32_t)start;
		v[n].len = (uint32_t)(i - start);
		n++;
	}
	*out = v;
	return (int)n;
}

/* Whether a pattern holds Hangul or ideographs. A byte test, because it
 * runs for every pattern of every paragraph: those scripts start at
 * U+1100, encoded with a lead byte of 0xE1 or more; the patterns hold
 * no other characters that high. */
static int has_cjk(const char *p)
{
	for (; *p; p++)
		if ((unsigned char)*p >= 0xE1)
			return 1;
	return 0;
}

/* The substring form: "^" anchors at the first letter of s. */
static int substring_match(const char *s, const gisa_tok *t, size_t nt,
			   const char *pat)
{
	if (*pat == '^') {
		pat++;
		if (!nt)
			return 0;
		return strncmp(s + t[0].off, pat, strlen(pat)) == 0;
	}
	return strstr(s, pat) != NULL;
}

static int word_eq(const char *s, const gisa_tok *tk, const char *w,
		   size_t wl)
{
	if (wl && w[wl - 1] == '*' && wl > 1)
		return tk->len >= wl - 1 &&
		       memcmp(s + tk->off, w, wl - 1) == 0;
	return tk->len == wl && memcmp(s + tk->off, w, wl) == 0;
}

static int words_at(const char *s, const gisa_tok *t, size_t nt, size_t ti,
		    const char *p)
{
	const char *w;
	size_t wl;

	while (*p == ' ')
		p++;
	if (!*p)
		return 1;
	if (*p == '$' && !p[1])
		return ti == nt;
	w = p;
	while (*p && *p != ' ')
		p++;
	wl = (size_t)(p - w);
	if (wl == 1 && *w == '*') {
		for (size_t k = 0; k <= 3 && ti + k <= nt; k++)
			if (words_at(s, t, nt, ti + k, p))
				return 1;
		return 0;
	}
	if (ti >= nt || !word_eq(s, &t[ti], w, wl))
		return 0;
	return words_at(s, t, nt, ti + 1, p);
}

int gisa_u8_pattern(const char *s, const gisa_tok *t, size_t nt,
		    const char *pat)
{
	int anchored = 0;

	if (has_cjk(pat))
		return substring_match(s, t, nt, pat);
	if (*pat == '^') {
		anchored = 1;
		pat++;
	}
	if (anchored)
		return words_at(s, t, nt, 0, pat);
	for (size_t i = 0; i < nt; i++)
		if (words_at(s, t, nt, i, pat))
			return 1;
	return 0;
}

/* The words of a text as a 256-bit set keyed by their first two bytes:
 * a pattern with a literal word whose key is missing cannot match, which
 * rejects most of a list's patterns without walking the words. */
typedef struct wordset {
	uint64_t bit[4];
} wordset;

static unsigned word_key(const char *w, size_t len)
{
	unsigned a = (unsigned char)w[0];
	unsigned b = len > 1 ? (unsigned char)w[1] : 0;
	return (a * 31u + b * 7u) & 255u;
}

static void wordset_fill(wordset *ws, const char *s, const gisa_tok *t,
			 size_t nt)
{
	memset(ws, 0, sizeof *ws);
	for (size_t i = 0; i < nt; i++) {
		unsigned k = word_key(s + t[i].off, t[i].len);
		ws->bit[k >> 6] |= (uint64_t)1 << (k & 63);
	}
}

/* Whether every literal word of the (non-CJK) pattern p may be in ws. */
static int wordset_may_match(const wordset *ws, const char *p)
{
	while (*p) {
		const char *w;
		size_t wl;
		while (*p == ' ' || *p == '^')
			p++;
		w = p;
		while (*p && *p != ' ')
			p++;
		wl = (size_t)(p - w);
		if (wl && w[wl - 1] == '*')
			wl--; /* a prefix: keyed when two bytes are known */
		if (wl == 0 || (wl == 1 && w[1] == '*') ||
		    (wl == 1 && *w == '$'))
			continue;
		unsigned k = word_key(w, wl);
		if (!(ws->bit[k >> 6] & ((uint64_t)1 << (k & 63))))
			return 0;
	}
	return 1;
}

int gisa_u8_any(const char *s, const gisa_tok *t, size_t nt,
		const char *const *list)
{
	wordset ws;

	wordset_fill(&ws, s, t, nt);
	for (int i = 0; list[i]; i++) {
		if (!has_cjk(list[i]) && !wordset_may_match(&ws, list[i]))
			continue;
		if (gisa_u8_pattern(s, t, nt, list[i]))
			return i + 1;
	}
	return 0;
}

void gisa_u8_trim_spaces(char *s)
{
	size_t n = strlen(s), i = 0;

	while (s[i] == ' ')
		i++;
	while (n > i && s[n - 1] == ' ')
		n--;
	memmove(s, s + i, n - i);
	s[n - i] = '\0';
}
