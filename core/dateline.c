/* dateline.c - datelines at the start of a story (see dateline.h).
 *
 * A small hand-written scanner rather than regular expressions: the
 * grammar is short, it has to read UTF-8 capitals ("SÃO PAULO"), and a
 * scanner does not depend on the process locale.
 */
#include "dateline.h"
#include "byline.h"
#include "error.h"
#include "ustr.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LOOK 200 /* bytes of a paragraph a dateline may take */

static const char *const months[] = {
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept",
	"oct", "nov", "dec", "january", "february", "march", "april", "june",
	"july", "august", "september", "october", "november", "december",
	NULL };

/* ALL-CAPS words that open sentences or labels, not places. */
static const char *const not_places[] = {
	"UPDATE", "UPDATED", "BREAKING", "EXCLUSIVE", "NOTE", "WARNING",
	"CORRECTION", "ADVISORY", "FILE", "PHOTO", "VIDEO", "WATCH", "LIVE",
	"ANALYSIS", "OPINION", "EDITORIAL", "COMMENT", "FACTBOX", "EXPLAINER",
	"REFILE", "CORRECTED", "URGENT", "FLASH", "ALERT", "NEW", "READ",
	"MORE", "SPONSORED", "ADVERTISEMENT", "AD", "PR", "Q", "A", "I",
	NULL };

struct scan {
	const char *p;
	size_t n;     /* bytes looked at */
	size_t i;     /* position */
};

static int at(const struct scan *s, const char *lit)
{
	size_t l = strlen(lit);
	return s->i + l <= s->n && memcmp(s->p + s->i, lit, l) == 0;
}

static uint32_t peek(const struct scan *s, size_t *len)
{
	uint32_t cp = 0;
	size_t k = s->i < s->n ? gisa_u8_next(s->p + s->i, s->n - s->i, &cp)
			       : 0;
	if (len)
		*len = k;
	return k ? cp : 0;
}

/* One word of a place name. *caps is cleared when the word has a
 * lower-case letter; returns the word's length (0: not a word). */
static size_t place_word(struct scan *s, int *caps)
{
	size_t start = s->i, k, letters = 0;
	uint32_t cp = peek(s, &k);

	if (!gisa_u8_upper(cp))
		return 0;
	while (s->i < s->n) {
		cp = peek(s, &k);
		if (gisa_u8_lower(cp))
			*caps = 0;
		else if (!gisa_u8_upper(cp) && cp != '.' && cp != '\'' &&
			 cp != '-' && cp != 0x2019)
			break;
		letters += cp != '.' && cp != '\'' && cp != '-';
		s->i += k;
	}
	if (!letters) {
		s->i = start;
		return 0;
	}
	return s->i - start;
}

/* CITY words joined by a space or "/" (up to six words). */
static int place(struct scan *s, int *caps, int *letters)
{
	int words = 0;
	size_t w;

	*caps = 1;
	*letters = 0;
	while (words < 6 && (w = place_word(s, caps))) {
		words++;
		*letters += (int)w;
		if ((at(s, " ") || at(s, "/")) && s->i + 1 < s->n) {
			struct scan t = *s;
			int c2 = *caps;
			t.i++;
			if (place_word(&t, &c2)) {
				s->i++;
				continue;
			}
		}
		break;
	}
	return words;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int month_word(struct scan *s)
{
	size_t j = s->i;

	while (j < s->n && ((s->p[j] | 0x20) >= 'a' && (s->p[j] | 0x20) <= 'z'))
		j++;
	for (const char *const *m = months; *m; m++)
		if (strlen(*m) == j - s->i &&
		    strncasecmp(s->p + s->i, *m, j - s->i) == 0) {
			s->i = j;
			if (at(s, "."))
				s->i++;
			return 1;
		}
	return 0;
}

static int day(struct scan *s)
{
	size_t j = s->i;

	while (j < s->n && is_digit(s->p[j]) && j - s->i < 2)
		j++;
	if (j == s->i)
		return 0;
	s->i = j;
	return 1;
}

/* ", Nov. 9" / ", November 9, 2023" / ", 9 November". */
static int date(struct scan *s)
{
	struct scan t = *s;

	if (!at(&t, ", "))
		return 0;
	t.i += 2;
	if (month_word(&t) && at(&t, " ") && (t.i++, day(&t))) {
		if (at(&t, ", ") && t.i + 6 <= t.n && is_digit(t.p[t.i + 2]) &&
		    is_digit(t.p[t.i + 5]))
			t.i += 6;
		*s = t;
		return 1;
	}
	t.i = s->i + 2;
	if (day(&t) && at(&t, " ") && (t.i++, month_word(&t))) {
		*s = t;
		return 1;
	}
	return 0;
}

/* ", D.C." / ", Calif." / ", South Korea": a region after an ALL-CAPS
 * city, before the date or the dash. */
static int region(struct scan *s)
{
	struct scan t = *s;
	int caps, letters;

	if (!at(&t, ", "))
		return 0;
	t.i += 2;
	if (month_word(&t))
		return 0;
	t.i = s->i + 2;
	if (!place(&t, &caps, &letters) || letters > 30)
		return 0;
	*s = t;
	return 1;
}

/* " (Reuters)": returns 1 for a known agency, 2 for other bracketed
 * capitalized text, 0 for none. */
static int agency(struct scan *s)
{
	struct scan t = *s;
	const char *open, *close;
	char buf[48];
	size_t len;

	if (at(&t, " "))
		t.i++;
	if (!at(&t, "("))
		return 0;
	open = t.p + t.i + 1;
	close = memchr(open, ')', t.n - t.i - 1);
	if (!close || close - open < 2 || close - open >= (long)sizeof buf ||
	    !gisa_u8_upper((unsigned char)open[0]) || memchr(open, '(',
							  (size_t)(close - open)))
		return 0;
	len = (size_t)(close - open);
	memcpy(buf, open, len);
	buf[len] = '\0';
	s->i = (size_t)(close - s->p) + 1;
	return gisa_byline_agency(buf) ? 1 : 2;
}

/* " -- ", " - ", " – ", " — ", "—", " : " and the spaces after; also
 * " -The" (wire copy often loses the space after the dash). A dash
 * between two letters ("Korea-US") is a hyphen, not a separator. */
static int separator(struct scan *s)
{
	static const char *const seps[] = { "--", "\xE2\x80\x94",
					    "\xE2\x80\x93", "-", ":", NULL };
	struct scan t = *s;
	int spaced = 0;

	if (at(&t, "."))
		t.i++; /* "SEOUL (Reuters). – " */
	while (at(&t, " ")) {
		t.i++;
		spaced = 1;
	}
	for (const char *const *p = seps; *p; p++)
		if (at(&t, *p)) {
			t.i += strlen(*p);
			if (!at(&t, " ") && !spaced &&
			    strcmp(*p, "\xE2\x80\x94"))
				return 0;
			while (at(&t, " "))
				t.i++;
			*s = t;
			return 1;
		}
	return 0;
}

static int in_caps_list(const char *p, size_t n)
{
	for (const char *const *w = not_places; *w; w++)
		if (strlen(*w) == n && memcmp(p, *w, n) == 0)
			return 1;
	return 0;
}

/* The English forms; returns the offset of the body or 0. */
static size_t english(const char *p, size_t n, size_t *dl_end)
{
	struct scan s = { p, n, 0 };
	int caps, letters, words, ag = 0, dated;
	size_t city_end, end;

	words = place(&s, &caps, &letters);
	if (!words || letters < 2)
		return 0;
	city_end = s.i;
	if (caps && words == 1 && in_caps_list(p, city_end))
		return 0;
	if (caps)
		region(&s);
	dated = date(&s);
	if (caps && !dated)
		region(&s);
	ag = agency(&s);
	if (ag == 2 && !caps)
		return 0;
	end = s.i;
	if (!separator(&s)) {
		/* "SEOUL, Nov. 9 (Yonhap) North Korea..." */
		if (!ag || !at(&s, " "))
			return 0;
		s.i++;
	}
	if (!ag && (!caps || letters < 3))
		return 0;
	if (s.i >= n)
		return 0;
	*dl_end = end;
	return s.i;
}

/* "(Reuters) - ": copy that lost its place keeps the agency, and a dash
 * after it. */
static size_t agency_first(const char *p, size_t n, size_t *dl_end)
{
	struct scan s = { p, n, 0 };
	size_t end;

	if (!at(&s, "(") || agency(&s) != 1)
		return 0;
	end = s.i;
	if (!separator(&s) || s.i >= n)
		return 0;
	*dl_end = end;
	return s.i;
}

static size_t bracket_close(const char *p, size_t n, const char **close,
			    size_t *clen)
{
	static const char *const pairs[][2] = {
		{ "(", ")" }, { "[", "]" }, { "\xE3\x80\x90", "\xE3\x80\x91" },
		{ "\xE3\x80\x94", "\xE3\x80\x95" }, { "\xEF\xBC\x88", "\xEF\xBC\x89" },
		{ "\xEF\xBC\xBB", "\xEF\xBC\xBD" } };

	for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
		size_t ol = strlen(pairs[k][0]);
		if (n > ol && memcmp(p, pairs[k][0], ol) == 0) {
			const char *c = strstr(p + ol, pairs[k][1]);
			if (c && (size_t)(c - p) < n) {
				*close = c;
				*clen = strlen(pairs[k][1]);
				return ol;
			}
		}
	}
	return 0;
}

/* Bracket contents that name a wire or a report without "=":
 * "【ワシントン共同】", "【环球网报道】", "【新华社讯】". */
static int wire_bracket(const char *s, size_t n)
{
	static const char *const words[] = { "共同", "時事", "报道", "報導",
					     "讯", "訊", "电", "電", NULL };

	for (const char *const *w = words; *w; w++) {
		size_t wl = strlen(*w);
		for (size_t i = 0; i + wl <= n; i++)
			if (!memcmp(s + i, *w, wl))
				return 1;
	}
	return 0;
}

/* The reporter a bracket s..close names after its "=" ("헤럴드경제=이민
 * 지 기자", "워싱턴=홍길동 특파원"), into names (NULL: only asked):
 * gisa_byline_match's 1, 0 or GISA_ENOMEM. */
static int bracket_reporter(const char *s, const char *close,
			    gisa_strv *names)
{
	const char *eq = memchr(s, '=', (size_t)(close - s));
	gisa_strv tmp = GISA_STRV_INIT;
	char seg[96];
	size_t n;
	int rc;

	if (!eq || (n = (size_t)(close - eq - 1)) >= sizeof seg)
		return 0;
	memcpy(seg, eq + 1, n);
	seg[n] = '\0';
	rc = gisa_byline_match(seg, names ? names : &tmp);
	gisa_strv_clear(&tmp);
	return rc;
}

/* Whether the bracket s..close names a reporter (a byline, not a place
 * and a wire). */
static int reporter_bracket(const char *s, const char *close, int *err)
{
	int rc = bracket_reporter(s, close, NULL);

	if (rc < 0)
		*err = rc;
	return rc > 0;
}

/* "(서울=연합뉴스) 홍길동 기자 = ", "【ワシントン=共同】", "[서울=뉴시스]". */
static size_t bracketed(const char *p, size_t n, size_t *dl_end,
			gisa_strv *names, int *err)
{
	const char *close, *eq, *after;
	size_t ol, clen, off;

	if (!(ol = bracket_close(p, n, &close, &clen)) || close - p > 48)
		return 0;
	if (!memchr(p + ol, '=', (size_t)(close - p) - ol) &&
	    !wire_bracket(p + ol, (size_t)(close - p) - ol))
		return 0;
	if (close - p - (long)ol < 2 || reporter_bracket(p + ol, close, err))
		return 0;
	*dl_end = (size_t)(close - p) + clen;
	off = *dl_end;
	after = p + off;
	/* an optional "홍길동 기자 =" before the text */
	eq = memchr(after, '=', n - off < 80 ? n - off : 80);
	if (eq) {
		char seg[96];
		size_t sl = (size_t)(eq - after);
		gisa_strv tmp = GISA_STRV_INIT;
		int rc;
		memcpy(seg, after, sl);
		seg[sl] = '\0';
		rc = gisa_byline_match(seg, &tmp);
		if (rc > 0) {
			for (size_t i = 0; names && i < tmp.n && !*err; i++)
				if (gisa_strv_find(names, tmp.v[i]) < 0 &&
				    gisa_strv_push(names, tmp.v[i]) < 0)
					*err = GISA_ENOMEM;
			off = (size_t)(eq - p) + 1;
		} else if (rc < 0) {
			*err = rc;
		}
		gisa_strv_clear(&tmp);
	}
	while (off < n && p[off] == ' ')
		off++;
	return off < n ? off : 0;
}

/* "新华社北京11月9日电（记者 张三）", "本报讯（记者 李四）". */
static size_t chinese(const char *p, size_t n, size_t *dl_end,
		      gisa_strv *names, int *err)
{
	static const char *const ends[] = { "日电", "日電", "日讯", "日訊",
					    "本报讯", "本報訊", NULL };
	const char *hit = NULL, *close;
	size_t hl = 0, off, ol, clen;

	for (const char *const *e = ends; *e; e++) {
		const char *h = strstr(p, *e);
		if (h && (size_t)(h - p) + strlen(*e) <= 72 &&
		    (!hit || h < hit)) {
			hit = h;
			hl = strlen(*e);
		}
	}
	if (!hit)
		return 0;
	for (const char *q = p; q < hit; q++)
		if (*q == ' ' || !strncmp(q, "，", 3) || !strncmp(q, "。", 3))
			return 0;
	*dl_end = off = (size_t)(hit - p) + hl;
	if ((ol = bracket_close(p + off, n - off, &close, &clen)) &&
	    close - (p + off) < 80) {
		char seg[96];
		size_t sl = (size_t)(close - (p + off)) + clen;
		memcpy(seg, p + off, sl);
		seg[sl] = '\0';
		if (names) {
			int rc = gisa_byline_parse(seg, names);
			if (rc < 0)
				*err = rc;
		}
		off += sl;
	}
	return off < n ? off : 0;
}

int gisa_dateline_byline(const char *p, gisa_strv *names)
{
	const char *close;
	size_t ol, clen, n = strlen(p), off;
	int rc;

	if (!(ol = bracket_close(p, n < LOOK ? n : LOOK, &close, &clen)) ||
	    *p == '(')
		return 0;
	if ((rc = bracket_reporter(p + ol, close, names)) <= 0)
		return rc;
	off = (size_t)(close - p) + clen;
	while (p[off] == ' ')
		off++;
	return p[off] ? (int)off : 0;
}

int gisa_dateline_split(const char *p, char **dateline, gisa_strv *names)
{
	size_t n = strlen(p), dl_end = 0, off;
	int err = 0;
	char *dl;

	if (n > LOOK + 400)
		n = LOOK + 400; /* room for the text after a long dateline */
	off = english(p, n < LOOK ? n : LOOK, &dl_end);
	if (!off)
		off = agency_first(p, n < LOOK ? n : LOOK, &dl_end);
	if (!off)
		off = bracketed(p, n, &dl_end, names, &err);
	if (!off && !err)
		off = chinese(p, n, &dl_end, names, &err);
	if (err)
		return err;
	if (!off || off > LOOK + 100 || !p[off])
		return 0;
	while (dl_end && p[dl_end - 1] == ' ')
		dl_end--;
	if (!(dl = strndup(p, dl_end)))
		return GISA_ENOMEM;
	free(*dateline);
	*dateline = dl;
	return (int)off;
}
