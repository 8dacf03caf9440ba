/* ustr.h - UTF-8 helpers for the text filters: code points, character
 * classes, case folding, word tokens and phrase patterns.
 *
 * The boilerplate filters and the byline parser look at text the way a
 * reader skims it: as lower-case words, ignoring punctuation. Patterns are
 * written once, folded, and matched against those words, so "Share this
 * article", "SHARE THIS ARTICLE" and "share: this article" look alike.
 */
#ifndef GISA_USTR_H
#define GISA_USTR_H

#include <stddef.h>
#include <stdint.h>

/* gisa_u8_next - decode the code point at s[0..n) (n > 0) into *cp and
 * return its length in bytes (1-4). A malformed sequence gives U+FFFD and
 * length 1, so a loop always advances. */
size_t gisa_u8_next(const char *s, size_t n, uint32_t *cp);

/* gisa_u8_last - the code point that ends s[0..n) (n > 0) into *cp;
 * returns its length in bytes. */
size_t gisa_u8_last(const char *s, size_t n, uint32_t *cp);

/* Character classes (Unicode general categories through utf8proc). */
int gisa_u8_alnum(uint32_t cp);  /* letters, combining marks, numbers */
int gisa_u8_upper(uint32_t cp);  /* Lu, Lt */
int gisa_u8_lower(uint32_t cp);  /* Ll */
int gisa_u8_hangul(uint32_t cp); /* Hangul syllables and jamo */
/* gisa_u8_ideo - Han ideographs and kana: scripts written without spaces
 * between words. */
int gisa_u8_ideo(uint32_t cp);

/* gisa_u8_has - whether s holds a code point of a class above (pred):
 * for the non-ASCII classes, ASCII is skipped without decoding. */
int gisa_u8_has(const char *s, int (*pred)(uint32_t));

/* gisa_u8_fold - s[0..n) in compatibility form, case-folded (utf8proc
 * NFKC_Casefold-like), with typographic apostrophes made ASCII. Full-width
 * forms become ASCII ("（" -> "("), ligatures split, "ß" -> "ss". Note:
 * compatibility mapping also turns "ⓒ" into "c", so look for such symbols
 * in the original text. malloc'd; NULL when out of memory. */
char *gisa_u8_fold(const char *s, size_t n);

/* gisa_u8_chars - how many characters (code points) UTF-8 s holds. */
size_t gisa_u8_chars(const char *s);

/* gisa_u8_squeeze - s with only its letters and digits, ASCII lowercased
 * (other bytes kept as they are), into buf (cap >= 1 bytes, always
 * terminated; the rest is cut). For comparing a headline or a deck with
 * text that punctuates it differently. Returns the length written. */
size_t gisa_u8_squeeze(const char *s, char *buf, size_t cap);

/* gisa_u8_trim_spaces - drop leading and trailing ASCII spaces of s, in
 * place. */
void gisa_u8_trim_spaces(char *s);

/* A word of a folded text: bytes [off, off + len). */
typedef struct gisa_tok {
	uint32_t off;
	uint32_t len;
} gisa_tok;

/* gisa_u8_tokens - the words of folded text s: maximal runs of letters,
 * marks and digits (an apostrophe between two letters stays inside the
 * word). Everything else separates words. At most max words are kept.
 * *out is malloc'd (NULL when there are none). Returns the count or
 * GISA_ENOMEM. */
int gisa_u8_tokens(const char *s, size_t max, gisa_tok **out);

/* gisa_u8_pattern - whether pattern pat occurs in the folded text s with
 * words t[0..nt).
 *
 * A pattern is folded text too. Without Hangul or ideographs it is a
 * sequence of words separated by spaces, matched against whole words:
 *   "*"      any zero to three words
 *   "word*"  a word beginning with "word"
 *   "^"      (first) anchors at the first word; "$" (last, alone or
 *            ending the last word: "sign in$") at the last.
 * A pattern holding Hangul or ideographs is matched as a substring of s
 * (these scripts attach particles to words or do not space them); "^"
 * then anchors at the first letter of s.
 * Returns 1 or 0. */
int gisa_u8_pattern(const char *s, const gisa_tok *t, size_t nt,
		    const char *pat);

/* gisa_u8_any - 1 + the index of the first pattern of the NULL-terminated
 * list that matches (see gisa_u8_pattern), or 0.
 *
 * list must be a static array that never changes: it is compiled on
 * first use (the words and characters each pattern needs, to rule most
 * patterns out at once) and the compiled form is kept by its address
 * for the life of the process. Safe to call from several threads. */
int gisa_u8_any(const char *s, const gisa_tok *t, size_t nt,
		const char *const *list);

/* gisa_u8_next_match - like gisa_u8_any, from the pattern at index from
 * on: 1 + the index of the first that matches, or 0. For callers that
 * want every match of a list. */
int gisa_u8_next_match(const char *s, const gisa_tok *t, size_t nt,
		       const char *const *list, int from);

/* A folded text and its words, prepared for matching many pattern lists:
 * the keys that rule patterns out are computed once, not per list. s and
 * t must outlive it. */
typedef struct gisa_u8_text {
	const char *s;
	const gisa_tok *t;
	size_t nt;
	uint64_t words[4]; /* keys of its words */
	uint64_t chars[4]; /* keys of its characters of 3 or 4 bytes */
	int high;          /* it has such characters (Hangul, Han, kana...) */
} gisa_u8_text;

/* gisa_u8_text_init - prepare the folded text s with words t[0..nt). */
void gisa_u8_text_init(gisa_u8_text *x, const char *s, const gisa_tok *t,
		       size_t nt);

/* gisa_u8_text_match - gisa_u8_next_match over a prepared text. */
int gisa_u8_text_match(const gisa_u8_text *x, const char *const *list,
		       int from);

#endif
