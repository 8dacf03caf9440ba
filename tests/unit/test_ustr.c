/* test_ustr.c - core/ustr.c: folding (the same string as folding the
 * whole text with utf8proc, whatever the mix of ASCII and other
 * characters), words, phrase patterns and pattern lists (first match,
 * every match, Hangul and ideograph patterns, prefixes and anchors). */
#include "ustr.h"
#include "test.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* The fold as ustr.h defines it, done the plain way: all of s through
 * utf8proc at once (invalid bytes made U+FFFD first), then typographic
 * apostrophes to "'". */
static char *reference_fold(const char *s)
{
	const int opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
			 UTF8PROC_CASEFOLD | UTF8PROC_IGNORE;
	size_t n = strlen(s), k = 0;
	char *clean = malloc(3 * n + 1), *w, *r;
	utf8proc_uint8_t *out = NULL;

	for (size_t i = 0; i < n;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t len = utf8proc_iterate(
			(const utf8proc_uint8_t *)s + i,
			(utf8proc_ssize_t)(n - i), &c);
		if (len <= 0) {
			memcpy(clean + k, "\xEF\xBF\xBD", 3);
			k += 3;
			i++;
		} else {
			memcpy(clean + k, s + i, (size_t)len);
			k += (size_t)len;
			i += (size_t)len;
		}
	}
	clean[k] = '\0';
	if (utf8proc_map((const utf8proc_uint8_t *)clean, (utf8proc_ssize_t)k,
			 &out, opts) < 0) {
		free(clean);
		return NULL;
	}
	free(clean);
	for (w = r = (char *)out; *r;) {
		if (!strncmp(r, "\xE2\x80\x98", 3) ||
		    !strncmp(r, "\xE2\x80\x99", 3) ||
		    !strncmp(r, "\xE2\x80\xB2", 3)) {
			*w++ = '\'';
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return (char *)out;
}

static void check_fold(const char *s)
{
	char *got = gisa_u8_fold(s, strlen(s)), *want = reference_fold(s);

	t_context(s);
	T_OK(got && want);
	if (got && want)
		T_STREQ(got, want);
	free(got);
	free(want);
	t_context(NULL);
}

static void folding(void)
{
	static const char *const cases[] = {
		"", "Plain ASCII, Upper And lower 123.",
		"It\xE2\x80\x99s \xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x80\x94 ok",
		"Cafe\xCC\x81 au lait",             /* e + combining acute */
		"e\xCC\x81", "\xCC\x81" "abc",       /* a mark first */
		"A\xE2\x80\x8B\xCC\x81 b",           /* ZWSP between */
		"\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3 \xEF\xBC\x88x\xEF\xBC\x89",
		"\xEF\xAC\x81le stra\xC3\x9F" "e",   /* fi ligature, sharp s */
		"\xC4\xB0stanbul",                   /* I with dot above */
		"\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB x", /* conjoining jamo */
		"\xE1\x84\x92 \xE1\x85\xA1",         /* split by a space */
		"\xED\x95\x9C\xEA\xB5\xAD \xEA\xB2\xBD\xEC\xA0\x9C, ABC",
		"\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x81\xAE\xE5\xA4\xA9\xE6\xB0\x97",
		"bad \xFF bytes \xC3 and \xE2\x80 cut",
		"\xED\xA0\x80 surrogate", "ends in \xE2\x80",
		"\xE2\x93\x92 2023 \xC2\xA9 Corp",
		"\xC2\xAD" "soft\xC2\xADhyphen",
		"\xF0\x9F\x98\x80 emoji \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD",
		"a\xCC\x8A\xCC\x81 b\xCC\xA3\xCC\x87",  /* marks to reorder */
		/* quotes and dashes, alone, doubled, after capitals, with a
		 * mark after them, next to other characters */
		"\xE2\x80\x98Hello\xE2\x80\x99 \xE2\x80\x93 World "
		"\xE2\x80\x94 \xE2\x80\x9CX\xE2\x80\x9D",
		"A\xE2\x80\x93\xE2\x80\x94" "B", "Q\xE2\x80\x99\xCC\x81s",
		"\xE2\x80\x9C\xC3\x89t\xC3\xA9\xE2\x80\x9D \xE2\x80\xA6 "
		"\xE2\x80\x92\xE2\x80\x95\xE2\x80\x9B\xE2\x80\x9F",
		NULL };
	char big[4096];
	size_t k = 0;

	for (const char *const *c = cases; *c; c++)
		check_fold(*c);
	/* a run longer than the stack buffer of one pass */
	while (k + 8 < sizeof big) {
		memcpy(big + k, "\xEA\xB0\x80\xCC\x81", 5);
		k += 5;
	}
	big[k] = '\0';
	check_fold(big);
	/* the result ends at a NUL inside the given length */
	char *f = gisa_u8_fold("AB\0CD", 5);
	T_STREQ(f, "ab");
	free(f);
}

static size_t put_cp(char *o, uint32_t c)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xC0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	o[0] = (char)(0xE0 | (c >> 12));
	o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
	o[2] = (char)(0x80 | (c & 0x3F));
	return 3;
}

/* Every character the fold copies without utf8proc (ustr.c plain_cp),
 * after a capital, doubled, before a mark, against the whole-text fold;
 * and characters next to them that must still go through utf8proc. */
static void folding_plain(void)
{
	static const uint32_t ranges[][2] = {
		{ 0xE0, 0xFF }, { 0x430, 0x44F }, { 0x2013, 0x2014 },
		{ 0x2018, 0x2019 }, { 0x201C, 0x201D }, { 0x3001, 0x3002 },
		{ 0x3041, 0x3096 }, { 0x30A1, 0x30FA }, { 0x4E00, 0x9FFF },
		{ 0xAC00, 0xD7A3 } };
	size_t bad = 0, tried = 0;

	for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++)
		for (uint32_t c = ranges[r][0]; c <= ranges[r][1]; c++) {
			char s[64];
			size_t k = 0;
			s[k++] = 'Q';
			k += put_cp(s + k, c);
			k += put_cp(s + k, c);
			s[k++] = ' ';
			k += put_cp(s + k, c);
			k += put_cp(s + k, 0x301);   /* a mark after it */
			s[k++] = ' ';
			k += put_cp(s + k, c);
			k += put_cp(s + k, 0x11A8);  /* a trailing jamo */
			k += put_cp(s + k, 0x3099);  /* a voicing mark */
			k += put_cp(s + k, 0xC0);    /* a capital */
			s[k] = '\0';
			char *got = gisa_u8_fold(s, k), *want = reference_fold(s);
			tried++;
			if (!got || !want || strcmp(got, want)) {
				if (!bad++)
					t_check(0, __FILE__, __LINE__, "plain fold",
						"U+%04X", (unsigned)c);
			}
			free(got);
			free(want);
		}
	T_INTEQ(bad, 0);
	T_OK(tried > 30000);
}

/* Whether list[] matches s, with the words of its fold. */
static int any(const char *s, const char *const *list)
{
	char *f = gisa_u8_fold(s, strlen(s));
	gisa_tok *t = NULL;
	int n = gisa_u8_tokens(f, 512, &t), r;

	r = n < 0 ? -1 : gisa_u8_any(f, t, (size_t)n, list);
	free(t);
	free(f);
	return r;
}

static void lists(void)
{
	static const char *const list[] = {
		"^read more", "share this *", "sign* up", "all rights reserved $",
		"\xEA\xB4\x80\xEB\xA0\xA8\xEA\xB8\xB0\xEC\x82\xAC", /* 관련기사 */
		"^\xE7\x9B\xB8\xE5\x85\xB3", /* ^相关 */
		"photo", NULL };
	static const char *const empty[] = { NULL };

	T_INTEQ(any("Read more: the story", list), 1);
	T_INTEQ(any("Please read more", list), 0);
	T_INTEQ(any("SHARE THIS on Facebook", list), 2);
	T_INTEQ(any("share: this", list), 2);
	T_INTEQ(any("Signing up is easy", list), 3);
	T_INTEQ(any("2024 Corp. All Rights Reserved", list), 4);
	T_INTEQ(any("All rights reserved by us", list), 0);
	T_INTEQ(any("\xE2\x96\xB6 \xEA\xB4\x80\xEB\xA0\xA8\xEA\xB8\xB0"
		    "\xEC\x82\xAC \xEB\x8D\x94", list), 5);
	T_INTEQ(any("\xE7\x9B\xB8\xE5\x85\xB3\xE6\x96\x87\xE7\xAB\xA0", list),
		6);
	T_INTEQ(any("\xE6\x96\x87\xE7\xAB\xA0\xE7\x9B\xB8\xE5\x85\xB3", list),
		0);
	T_INTEQ(any("A photograph", list), 0);
	T_INTEQ(any("The photo", list), 7);
	T_INTEQ(any("", list), 0);
	T_INTEQ(any("anything", empty), 0);

	/* every match, in list order */
	const char *s = "share this photo";
	gisa_tok *t = NULL;
	int n = gisa_u8_tokens(s, 512, &t), m = 0, seen[8], k = 0;
	while ((m = gisa_u8_next_match(s, t, (size_t)n, list, m)) && k < 8)
		seen[k++] = m;
	T_INTEQ(k, 2);
	T_INTEQ(seen[0], 2);
	T_INTEQ(seen[1], 7);
	free(t);
}

/* "$" written onto the last word anchors at the end, as a separate "$"
 * does; lists find such patterns through their keys too. */
static void end_anchor(void)
{
	static const char *const list[] = { "^login$", "^sign in$",
					     "learn more$", "field * media$",
					     NULL };

	T_INTEQ(any("Login", list), 1);
	T_INTEQ(any("Login to comment", list), 0);
	T_INTEQ(any("Sign in", list), 2);
	T_INTEQ(any("Sign in to read", list), 0);
	T_INTEQ(any("Please sign in", list), 0);
	T_INTEQ(any("To find out, learn more", list), 3);
	T_INTEQ(any("Learn more about us", list), 0);
	T_INTEQ(any("By Field Level Media", list), 4);
	T_INTEQ(any("Field Level Media reports", list), 0);
}

/* A class found anywhere in the string, past ASCII and other scripts. */
static void has_class(void)
{
	T_INTEQ(gisa_u8_has("Seoul 서울 (Yonhap)", gisa_u8_hangul), 1);
	T_INTEQ(gisa_u8_has("Tokyo \xE6\x9D\xB1\xE4\xBA\xAC", gisa_u8_hangul), 0);
	T_INTEQ(gisa_u8_has("Tokyo \xE6\x9D\xB1\xE4\xBA\xAC", gisa_u8_ideo), 1);
	T_INTEQ(gisa_u8_has("caf\xC3\xA9 only", gisa_u8_ideo), 0);
	T_INTEQ(gisa_u8_has("", gisa_u8_hangul), 0);
}

int main(void)
{
	has_class();
	folding();
	folding_plain();
	lists();
	end_anchor();
	return t_done();
}
