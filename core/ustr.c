/* ustr.c - UTF-8 helpers for the text filters (see ustr.h). */
#include "ustr.h"
#include "buf.h"
#include "error.h"

#include <ctype.h>
#include <stdatomic.h>
#include <stdint.h>
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

int gisa_u8_has(const char *s, int (*pred)(uint32_t))
{
	size_t n = strlen(s);
	uint32_t cp;

	for (size_t i = 0; i < n;) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		i += gisa_u8_next(s + i, n - i, &cp);
		if (pred(cp))
			return 1;
	}
	return 0;
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

#define FOLD_OPTS (UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | \
		   UTF8PROC_CASEFOLD | UTF8PROC_IGNORE)

/* utf8proc's fold of s[0..n), malformed sequences made U+FFFD first,
 * appended to b. Short runs decompose into a buffer on the stack;
 * utf8proc_map does the same work with two passes and a malloc. */
static int fold_run(gisa_buf *b, const char *s, size_t n)
{
	utf8proc_int32_t tmp[256];
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t r;
	char *clean;
	int rc;

	/* reencode writes UTF-8 over the code points, plus a NUL: room
	 * for 4 bytes per code point and one more */
	r = utf8proc_decompose((const utf8proc_uint8_t *)s,
			       (utf8proc_ssize_t)n, tmp, 255, FOLD_OPTS);
	if (r >= 0 && r < 255 &&
	    (r = utf8proc_reencode(tmp, r, FOLD_OPTS)) >= 0)
		return gisa_buf_append(b, (const char *)tmp, (size_t)r);
	r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
			 &out, FOLD_OPTS);
	if (r < 0 && r != UTF8PROC_ERROR_NOMEM) {
		if (!(clean = sanitize(s, n)))
			return GISA_ENOMEM;
		r = utf8proc_map((const utf8proc_uint8_t *)clean,
				 (utf8proc_ssize_t)strlen(clean), &out,
				 FOLD_OPTS);
		free(clean);
	}
	if (r < 0)
		return GISA_ENOMEM;
	rc = gisa_buf_append(b, (const char *)out, (size_t)r);
	free(out);
	return rc;
}

/* Whether folding leaves c as it is, whatever stands next to it: no
 * compatibility mapping, no case to fold, and never the second of a
 * composed pair (those are combining marks, conjoining jamo and kana
 * voicing marks, none listed here; a mark after c is not listed either,
 * so c with a mark still goes through utf8proc). Lower-case Latin-1 and
 * Cyrillic letters, dashes and quotation marks, Hangul syllables, kana,
 * CJK ideographs and full stops: the bulk of the non-ASCII text of news
 * pages. test_ustr checks every one of them against utf8proc. */
static int plain_cp(uint32_t c)
{
	return (c >= 0xE0 && c <= 0xFF) || (c >= 0x430 && c <= 0x44F) ||
	       c == 0x2013 || c == 0x2014 || c == 0x2018 || c == 0x2019 ||
	       c == 0x201C || c == 0x201D || c == 0x3001 || c == 0x3002 ||
	       (c >= 0x3041 && c <= 0x3096) || (c >= 0x30A1 && c <= 0x30FA) ||
	       (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7A3);
}

/* A run (see gisa_u8_fold) made of such characters, after at most one
 * ASCII character, is its own fold with the ASCII lower-cased: appended
 * to b (0), or -1 when the run is something else. */
static int plain_run(gisa_buf *b, const char *s, size_t n)
{
	size_t i = (unsigned char)s[0] < 0x80;

	while (i < n) {
		uint32_t cp;
		size_t k = gisa_u8_next(s + i, n - i, &cp);
		if (k == 1 || !plain_cp(cp)) /* malformed, or not plain */
			return -1;
		i += k;
	}
	if (gisa_buf_append(b, s, n) < 0)
		return -1; /* fold_run will say out of memory */
	if ((unsigned char)s[0] < 0x80 && s[0] >= 'A' && s[0] <= 'Z')
		b->data[b->len - n] = (char)(s[0] | 0x20);
	return 0;
}

/* Most text is ASCII with a few other characters (quotes, dashes,
 * accents): ASCII folds to its lower case (NFKC leaves it alone), and
 * only the runs of other characters go through utf8proc, each with the
 * ASCII character before it. Cutting the text before an ASCII
 * character changes nothing: ASCII characters are starters that never
 * compose with what precedes them, while a mark that follows one stays
 * in its run. Folding s as a whole gives the same string. */
char *gisa_u8_fold(const char *s, size_t n)
{
	gisa_buf b = GISA_BUF_INIT;
	size_t i = 0;

	n = strnlen(s, n); /* the result is a string: it ends at a NUL */
	if (gisa_buf_reserve(&b, n) < 0)
		return NULL;
	while (i < n) {
		size_t j = i, k;
		while (j < n && (unsigned char)s[j] < 0x80 &&
		       (j + 1 == n || (unsigned char)s[j + 1] < 0x80))
			j++;
		if (gisa_buf_reserve(&b, j - i) < 0)
			goto nomem;
		for (; i < j; i++)
			b.data[b.len++] = s[i] >= 'A' && s[i] <= 'Z' ?
					  (char)(s[i] | 0x20) : s[i];
		if (j == n)
			break;
		for (k = j + 1; k < n && (unsigned char)s[k] >= 0x80; k++)
			;
		if (plain_run(&b, s + j, k - j) < 0 &&
		    fold_run(&b, s + j, k - j) < 0)
			goto nomem;
		i = k;
	}
	b.data[b.len] = '\0';
	ascii_apostrophes(b.data);
	return b.data;
nomem:
	gisa_buf_free(&b);
	return NULL;
}

static int is_apostrophe_at(const char *s)
{
	return *s == '\'';
}

/* Whether the character at s[0..n) (n > 0) is a letter, mark or digit;
 * *k gets its length. ASCII without the decoder. */
static inline int alnum_at(const char *s, size_t n, size_t *k)
{
	unsigned char c = (unsigned char)s[0];
	uint32_t cp;

	if (c < 0x80) {
		*k = 1;
		return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' &&
						  (c | 0x20) <= 'z');
	}
	*k = gisa_u8_next(s, n, &cp);
	return gisa_u8_alnum(cp);
}

int gisa_u8_tokens(const char *s, size_t max, gisa_tok **out)
{
	gisa_tok *v = NULL;
	size_t n = 0, cap = 0, len = strlen(s), i = 0;

	*out = NULL;
	while (i < len && n < max) {
		size_t k, start;
		if (!alnum_at(s + i, len - i, &k)) {
			i += k;
			continue;
		}
		start = i;
		i += k;
		while (i < len) {
			if (alnum_at(s + i, len - i, &k)) {
				i += k;
				continue;
			}
			if (is_apostrophe_at(s + i) && i + 1 < len &&
			    alnum_at(s + i + 1, len - i - 1, &k)) {
				i++;
				continue;
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

/* Whether pattern word w[0..wl) carries the end anchor: "login$". */
static int ends_text(const char *w, size_t wl)
{
	return wl > 1 && w[wl - 1] == '$';
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
	if (ti >= nt || !word_eq(s, &t[ti], w, wl - ends_text(w, wl)))
		return 0;
	if (ends_text(w, wl))
		return ti + 1 == nt;
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
	/* A literal first word picks the places worth trying. */
	const char *w = pat, *e;
	while (*w == ' ')
		w++;
	for (e = w; *e && *e != ' '; e++)
		;
	if (e == w || (e - w == 1 && *w == '*') || (*w == '$' && !w[1])) {
		for (size_t i = 0; i < nt; i++)
			if (words_at(s, t, nt, i, pat))
				return 1;
		return 0;
	}
	for (size_t i = 0; i < nt; i++)
		if (s[t[i].off] == *w && words_at(s, t, nt, i, w))
			return 1;
	return 0;
}

/* ---- pattern lists ---- */

/* A text's words as a 256-bit set keyed by their first two bytes, and
 * its characters of three or more bytes (Hangul, ideographs, kana...)
 * as another keyed by their bytes. A pattern needs the key of each of
 * its literal words (or, matched as a substring, of each such
 * character): one missing key rules the pattern out, which rejects
 * most of a list's patterns without walking the words. */
typedef uint64_t keyset[4];

static unsigned word_key(const char *w, size_t len)
{
	unsigned a = (unsigned char)w[0];
	unsigned b = len > 1 ? (unsigned char)w[1] : 0;
	return (a * 31u + b * 7u) & 255u;
}

/* The key of the character at s, whose lead byte is 0xE1 or more
 * (three or four bytes; a string's end is only read up to its NUL). */
static unsigned char_key(const char *s)
{
	unsigned a = (unsigned char)s[1];
	unsigned b = a ? (unsigned char)s[2] : 0;
	return ((unsigned char)s[0] * 131u + a * 31u + b * 7u) & 255u;
}

static void key_set(uint64_t *ks, unsigned k)
{
	ks[k >> 6] |= (uint64_t)1 << (k & 63);
}

/* Whether every key of need is in have. */
static int key_all(const uint64_t *have, const uint64_t *need)
{
	for (int i = 0; i < 4; i++)
		if ((have[i] & need[i]) != need[i])
			return 0;
	return 1;
}

/* One pattern of a list: the keys every match has. */
struct cpat {
	keyset need;
	unsigned char cjk; /* matched as a substring (has_cjk) */
};

struct clist {
	const char *const *list;
	size_t n;
	int has_cjk;
	struct cpat p[];
};

static void compile_words(struct cpat *cp, const char *p)
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
		if (ends_text(w, wl))
			wl--;
		if (wl && w[wl - 1] == '*')
			wl--; /* a prefix: keyed when two bytes are known */
		if (wl == 0 || (wl == 1 && w[1] == '*') ||
		    (wl == 1 && *w == '$'))
			continue;
		key_set(cp->need, word_key(w, wl));
	}
}

static void compile_chars(struct cpat *cp, const char *p)
{
	for (; *p; p++)
		if ((unsigned char)*p >= 0xE1)
			key_set(cp->need, char_key(p));
}

static struct clist *compile_list(const char *const *list)
{
	size_t n = 0;
	struct clist *c;

	while (list[n])
		n++;
	c = calloc(1, sizeof *c + n * sizeof c->p[0]);
	if (!c)
		return NULL;
	c->list = list;
	c->n = n;
	for (size_t i = 0; i < n; i++) {
		c->p[i].cjk = (unsigned char)has_cjk(list[i]);
		if (c->p[i].cjk) {
			c->has_cjk = 1;
			compile_chars(&c->p[i], list[i]);
		} else {
			compile_words(&c->p[i], list[i]);
		}
	}
	return c;
}

/* Compiled lists, found by the list's address: lists are static arrays
 * (see ustr.h), compiled on first use by whichever thread gets there
 * first and kept for the life of the process. Insert-only, so lookups
 * take no lock. */
#define CACHE_SLOTS 256
static _Atomic(struct clist *) cache[CACHE_SLOTS];

static const struct clist *compiled(const char *const *list)
{
	size_t h = (size_t)(((uintptr_t)list >> 3) * 0x9E3779B97F4A7C15ull >>
			    40);

	for (size_t probe = 0; probe < CACHE_SLOTS; probe++) {
		_Atomic(struct clist *) *slot = &cache[(h + probe) %
						       CACHE_SLOTS];
		struct clist *c = atomic_load_explicit(slot,
						       memory_order_acquire);
		if (!c) {
			struct clist *mine = compile_list(list);
			if (!mine)
				return NULL;
			if (atomic_compare_exchange_strong_explicit(slot, &c,
				    mine, memory_order_acq_rel,
				    memory_order_acquire))
				return mine;
			free(mine); /* another thread filled the slot */
		}
		if (c->list == list)
			return c;
	}
	return NULL; /* full: match without the keys */
}

void gisa_u8_text_init(gisa_u8_text *x, const char *s, const gisa_tok *t,
		       size_t nt)
{
	uint64_t *words = x->words, *chars = x->chars;

	x->s = s;
	x->t = t;
	x->nt = nt;
	x->high = 0;
	memset(x->words, 0, sizeof x->words);
	memset(x->chars, 0, sizeof x->chars);
	for (size_t i = 0; i < nt; i++)
		key_set(words, word_key(s + t[i].off, t[i].len));
	for (; *s; s++)
		if ((unsigned char)*s >= 0xE1) {
			key_set(chars, char_key(s));
			x->high = 1;
		}
}

int gisa_u8_text_match(const gisa_u8_text *x, const char *const *list,
		       int from)
{
	const struct clist *c = compiled(list);

	if (from < 0)
		from = 0;
	if (!c) {
		for (int i = from; list[i]; i++)
			if (gisa_u8_pattern(x->s, x->t, x->nt, list[i]))
				return i + 1;
		return 0;
	}
	for (size_t i = (size_t)from; i < c->n; i++) {
		const struct cpat *p = &c->p[i];
		if (!key_all(p->cjk ? x->chars : x->words, p->need))
			continue;
		if (gisa_u8_pattern(x->s, x->t, x->nt, list[i]))
			return (int)i + 1;
	}
	return 0;
}

int gisa_u8_next_match(const char *s, const gisa_tok *t, size_t nt,
		       const char *const *list, int from)
{
	gisa_u8_text x;

	gisa_u8_text_init(&x, s, t, nt);
	return gisa_u8_text_match(&x, list, from);
}

int gisa_u8_any(const char *s, const gisa_tok *t, size_t nt,
		const char *const *list)
{
	return gisa_u8_next_match(s, t, nt, list, 0);
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

size_t gisa_u8_squeeze(const char *s, char *buf, size_t cap)
{
	size_t n = 0;

	for (; *s && n < cap - 1; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch >= 0x80 || isalnum(ch))
			buf[n++] = (char)tolower(ch);
	}
	buf[n] = 0;
	return n;
}

size_t gisa_u8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}
