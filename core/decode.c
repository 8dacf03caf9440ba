/* decode.c - raw page bytes to UTF-8: BOM, HTTP charset, <meta> prescan,
 * uchardet, then iconv(3) with one U+FFFD per bad sequence. */
#define _GNU_SOURCE /* memmem */
#include "decode.h"
#include "buf.h"
#include "error.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uchardet.h>

/* ---- labels -------------------------------------------------------- */

enum kind { K_UTF8, K_UTF16, K_SBCS, K_DBCS, K_STATEFUL };

/* Each encoding gisa decodes: its iconv name, how its bad sequences are
 * skipped, and its labels (space-separated, lowercase). The labels are the
 * WHATWG Encoding Standard's, with its supersets (EUC-KR is decoded as
 * windows-949, Shift_JIS as windows-31j, GBK and GB2312 as GB18030,
 * ISO-8859-1 and ASCII as windows-1252); a few extra labels (cp949, uhc,
 * ISO-2022-KR, EUC-TW, IBM852, IBM855...) are names servers or uchardet
 * use. */
static const struct enc {
	const char *name;
	enum kind kind;
	const char *labels;
} encs[] = {
	{ "UTF-8", K_UTF8, "utf-8 utf8 unicode-1-1-utf-8 unicode11utf8 "
	  "unicode20utf8 x-unicode20utf8" },
	{ "CP949", K_DBCS, "euc-kr cseuckr csksc56011987 iso-ir-149 korean "
	  "ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 windows-949 cp949 "
	  "uhc x-windows-949 ms949" },
	{ "CP932", K_DBCS, "shift_jis csshiftjis ms932 ms_kanji shift-jis sjis "
	  "windows-31j x-sjis cp932" },
	{ "GB18030", K_DBCS, "gb18030 gbk chinese csgb2312 csiso58gb231280 "
	  "gb2312 gb_2312 gb_2312-80 iso-ir-58 x-gbk cp936 ms936 windows-936" },
	{ "BIG5-HKSCS", K_DBCS, "big5 big5-hkscs cn-big5 csbig5 x-x-big5 "
	  "cp950" },
	{ "EUC-JP", K_DBCS, "euc-jp cseucpkdfmtjapanese x-euc-jp" },
	{ "EUC-TW", K_DBCS, "euc-tw" },
	{ "ISO-2022-JP", K_STATEFUL, "iso-2022-jp csiso2022jp" },
	{ "ISO-2022-KR", K_STATEFUL, "iso-2022-kr csiso2022kr" },
	{ "UTF-16LE", K_UTF16, "utf-16le utf-16 csunicode iso-10646-ucs-2 "
	  "ucs-2 unicode unicodefeff" },
	{ "UTF-16BE", K_UTF16, "utf-16be unicodefffe" },
	{ "WINDOWS-1252", K_SBCS, "windows-1252 iso-8859-1 latin1 us-ascii "
	  "ascii ansi_x3.4-1968 cp1252 cp819 csisolatin1 ibm819 iso-ir-100 "
	  "iso8859-1 iso88591 iso_8859-1 iso_8859-1:1987 l1 x-cp1252" },
	{ "WINDOWS-1250", K_SBCS, "windows-1250 cp1250 x-cp1250" },
	{ "WINDOWS-1251", K_SBCS, "windows-1251 cp1251 x-cp1251" },
	{ "WINDOWS-1253", K_SBCS, "windows-1253 cp1253 x-cp1253" },
	{ "WINDOWS-1254", K_SBCS, "windows-1254 cp1254 csisolatin5 iso-8859-9 "
	  "iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 latin5 "
	  "x-cp1254" },
	{ "WINDOWS-1255", K_SBCS, "windows-1255 cp1255 x-cp1255" },
	{ "WINDOWS-1256", K_SBCS, "windows-1256 cp1256 x-cp1256" },
	{ "WINDOWS-1257", K_SBCS, "windows-1257 cp1257 x-cp1257" },
	{ "WINDOWS-1258", K_SBCS, "windows-1258 cp1258 x-cp1258" },
	{ "WINDOWS-874", K_SBCS, "windows-874 dos-874 iso-8859-11 iso8859-11 "
	  "iso885911 tis-620" },
	{ "KOI8-R", K_SBCS, "koi8-r cskoi8r koi koi8 koi8_r" },
	{ "KOI8-U", K_SBCS, "koi8-u koi8-ru" },
	{ "IBM866", K_SBCS, "ibm866 866 cp866 csibm866" },
	{ "IBM852", K_SBCS, "ibm852 cp852" },
	{ "IBM855", K_SBCS, "ibm855 cp855" },
	{ "MAC-CYRILLIC", K_SBCS, "x-mac-cyrillic x-mac-ukrainian mac-cyrillic" },
	{ "MACINTOSH", K_SBCS, "macintosh csmacintosh mac x-mac-roman" },
	{ "ISO-8859-2", K_SBCS, "iso-8859-2 csisolatin2 iso-ir-101 iso8859-2 "
	  "iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2" },
	{ "ISO-8859-3", K_SBCS, "iso-8859-3 csisolatin3 iso-ir-109 iso8859-3 "
	  "iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3" },
	{ "ISO-8859-4", K_SBCS, "iso-8859-4 csisolatin4 iso-ir-110 iso8859-4 "
	  "iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4" },
	{ "ISO-8859-5", K_SBCS, "iso-8859-5 csisolatincyrillic cyrillic "
	  "iso-ir-144 iso8859-5 iso88595 iso_8859-5 iso_8859-5:1988" },
	{ "ISO-8859-6", K_SBCS, "iso-8859-6 arabic asmo-708 csiso88596e "
	  "csiso88596i csisolatinarabic ecma-114 iso-8859-6-e iso-8859-6-i "
	  "iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987" },
	{ "ISO-8859-7", K_SBCS, "iso-8859-7 csisolatingreek ecma-118 elot_928 "
	  "greek greek8 iso-ir-126 iso8859-7 iso88597 iso_8859-7 "
	  "iso_8859-7:1987 sun_eu_greek" },
	/* Logical and visual Hebrew differ only in display order. */
	{ "ISO-8859-8", K_SBCS, "iso-8859-8 csiso88598e csisolatinhebrew hebrew "
	  "iso-8859-8-e iso-ir-138 iso8859-8 iso88598 iso_8859-8 "
	  "iso_8859-8:1988 visual iso-8859-8-i csiso88598i logical" },
	{ "ISO-8859-10", K_SBCS, "iso-8859-10 csisolatin6 iso-ir-157 "
	  "iso8859-10 iso885910 l6 latin6" },
	{ "ISO-8859-13", K_SBCS, "iso-8859-13 iso8859-13 iso885913" },
	{ "ISO-8859-14", K_SBCS, "iso-8859-14 iso8859-14 iso885914" },
	{ "ISO-8859-15", K_SBCS, "iso-8859-15 csisolatin9 iso8859-15 iso885915 "
	  "iso_8859-15 l9" },
	{ "ISO-8859-16", K_SBCS, "iso-8859-16" },
};

#define NENCS (sizeof encs / sizeof encs[0])

static int is_space(unsigned c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static unsigned lower(unsigned c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Whether the space-separated list holds the word w (n bytes). */
static int has_word(const char *list, const char *w, size_t n)
{
	const char *p = list;

	while (*p) {
		size_t l = strcspn(p, " ");
		if (l == n && memcmp(p, w, n) == 0)
			return 1;
		p += l;
		while (*p == ' ')
			p++;
	}
	return 0;
}

static const struct enc *lookup(const char *label)
{
	char norm[48];
	size_t n = 0;

	if (!label)
		return NULL;
	while (is_space((unsigned char)*label))
		label++;
	for (; *label && n < sizeof norm; label++)
		norm[n++] = (char)lower((unsigned char)*label);
	if (*label)
		return NULL; /* longer than any label */
	while (n && is_space((unsigned char)norm[n - 1]))
		n--;
	if (!n)
		return NULL;
	for (size_t i = 0; i < NENCS; i++)
		if (has_word(encs[i].labels, norm, n))
			return &encs[i];
	return NULL;
}

const char *gisa_charset_canonical(const char *label)
{
	const struct enc *e = lookup(label);
	return e ? e->name : NULL;
}

/* ---- Content-Type -------------------------------------------------- */

/* Copy s[0..n) into buf as a string; NULL when empty or too long. */
static const char *put(char *buf, size_t buflen, const char *s, size_t n)
{
	if (!n || n >= buflen)
		return NULL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

/* A quoted-string's content (backslash escapes undone) into buf. p is just
 * after the opening quote; *pp is left after the closing one. */
static const char *quoted(const char **pp, char *buf, size_t buflen)
{
	const char *p = *pp;
	size_t n = 0;
	int fits = 1;

	for (; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1])
			p++;
		if (n + 1 < buflen)
			buf[n++] = *p;
		else
			fits = 0;
	}
	*pp = *p ? p + 1 : p;
	return fits ? put(buf, buflen, buf, n) : NULL;
}

const char *gisa_charset_from_content_type(const char *ctype, char *buf,
					   size_t buflen)
{
	const char *p = ctype ? strchr(ctype, ';') : NULL;

	if (!p || !buf || !buflen)
		return NULL;
	while (*p == ';') {
		p++;
		while (is_space((unsigned char)*p))
			p++;
		size_t nl = strcspn(p, "=;");
		const char *name = p;
		p += nl;
		/* Laxer than RFC 9110 on purpose: servers write
		 * "charset = x" too. */
		while (nl && is_space((unsigned char)name[nl - 1]))
			nl--;
		int is_cs = nl == 7 && strncasecmp(name, "charset", 7) == 0;
		if (*p != '=')
			continue;
		p++;
		while (is_space((unsigned char)*p))
			p++;
		if (*p == '"') {
			p++;
			if (is_cs)
				return quoted(&p, buf, buflen);
			quoted(&p, NULL, 0);
			p += strcspn(p, ";");
			continue;
		}
		size_t vl = strcspn(p, ";");
		if (is_cs) {
			while (vl && is_space((unsigned char)p[vl - 1]))
				vl--;
			return put(buf, buflen, p, vl);
		}
		p += vl;
	}
	return NULL;
}

/* ---- <meta> prescan ------------------------------------------------ */

/* The HTML standard's "prescan a byte stream to determine its encoding",
 * reduced to what finds a label: a cursor over the first bytes. */
typedef struct scan {
	const unsigned char *p, *end;
} scan;

typedef struct attr {
	char name[16];
	char value[128];
	size_t nlen, vlen;
	int long_name, long_value;
} attr;

static void attr_add(char *s, size_t cap, size_t *n, int *over, unsigned c)
{
	if (*n + 1 < cap)
		s[(*n)++] = (char)lower(c);
	else
		*over = 1;
}

/* Unquoted or quoted value after "=". Returns 1, or -1 at end of input. */
static int attr_value(scan *s, attr *a)
{
	unsigned q;

	while (s->p < s->end && is_space(*s->p))
		s->p++;
	if (s->p >= s->end)
		return -1;
	if (*s->p == '"' || *s->p == '\'') {
		q = *s->p++;
		for (; s->p < s->end; s->p++) {
			if (*s->p == q) {
				s->p++;
				return 1;
			}
			attr_add(a->value, sizeof a->value, &a->vlen,
				 &a->long_value, *s->p);
		}
		return -1;
	}
	if (*s->p == '>')
		return 1;
	for (; s->p < s->end; s->p++) {
		if (is_space(*s->p) || *s->p == '>')
			return 1;
		attr_add(a->value, sizeof a->value, &a->vlen, &a->long_value,
			 *s->p);
	}
	return -1;
}

/* "Get an attribute": 1 with *a filled, 0 at '>' (no more), -1 at end of
 * input (the prescan gives up). */
static int get_attr(scan *s, attr *a)
{
	memset(a, 0, sizeof *a);
	while (s->p < s->end && (is_space(*s->p) || *s->p == '/'))
		s->p++;
	if (s->p >= s->end)
		return -1;
	if (*s->p == '>')
		return 0;
	for (; s->p < s->end; s->p++) {
		unsigned c = *s->p;
		if (c == '=' && a->nlen) {
			s->p++;
			return attr_value(s, a);
		}
		if (is_space(c))
			break;
		if (c == '/' || c == '>')
			return 1;
		attr_add(a->name, sizeof a->name, &a->nlen, &a->long_name, c);
	}
	while (s->p < s->end && is_space(*s->p))
		s->p++;
	if (s->p >= s->end)
		return -1;
	if (*s->p != '=')
		return 1;
	s->p++;
	return attr_value(s, a);
}

static int attr_is(const attr *a, const char *name)
{
	return !a->long_name && strcmp(a->name, name) == 0;
}

/* The standard's "extract a character encoding from a meta element" over
 * a content attribute's value; the label goes to out (out_cap bytes). */
static int content_charset(const char *v, char *out, size_t out_cap)
{
	const char *p = v;

	while ((p = strstr(p, "charset"))) { /* v is lowercase already */
		p += 7;
		while (is_space((unsigned char)*p))
			p++;
		if (*p != '=')
			continue;
		p++;
		while (is_space((unsigned char)*p))
			p++;
		size_t n;
		if (*p == '"' || *p == '\'') {
			const char *close = strchr(p + 1, *p);
			if (!close)
				return 0;
			p++;
			n = (size_t)(close - p);
		} else {
			n = strcspn(p, " \t\n\f\r;");
		}
		return put(out, out_cap, p, n) != NULL;
	}
	return 0;
}

/* After "<meta" and a space or slash: read its attributes; copy the label
 * into buf and return 1 when the element declares a known encoding. */
static int meta_charset(scan *s, char *buf, size_t buflen)
{
	char label[128] = "";
	int got_pragma = 0, need_pragma = -1, seen_he = 0, seen_c = 0;
	int seen_cs = 0, r;
	attr a;

	while ((r = get_attr(s, &a)) == 1) {
		if (attr_is(&a, "http-equiv") && !seen_he++) {
			if (strcmp(a.value, "content-type") == 0)
				got_pragma = 1;
		} else if (attr_is(&a, "content") && !seen_c++) {
			if (!a.long_value && need_pragma != 0 && !*label &&
			    content_charset(a.value, label, sizeof label))
				need_pragma = 1;
		} else if (attr_is(&a, "charset") && !seen_cs++) {
			if (a.long_value ||
			    !put(label, sizeof label, a.value, a.vlen))
				label[0] = '\0';
			need_pragma = 0;
		}
	}
	if (r < 0 || need_pragma < 0 || (need_pragma && !got_pragma))
		return 0;
	if (!lookup(label))
		return 0;
	return put(buf, buflen, label, strlen(label)) != NULL;
}

static int starts_ci(const scan *s, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(s->end - s->p) < n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (lower(s->p[i]) != (unsigned char)lit[i])
			return 0;
	return 1;
}

static int is_alpha(unsigned c)
{
	return (c | 32) >= 'a' && (c | 32) <= 'z';
}

/* Past a tag other than <meta>: its name, then its attributes, so that a
 * '>' or "<meta" inside a quoted value is not taken for markup. Returns
 * 0, or -1 at end of input. */
static int skip_tag(scan *s)
{
	attr a;
	int r;

	while (s->p < s->end && !is_space(*s->p) && *s->p != '>')
		s->p++;
	while ((r = get_attr(s, &a)) == 1)
		;
	return r;
}

/* Advance past the next occurrence of lit; 0, or -1 when there is none. */
static int skip_past(scan *s, const char *lit)
{
	size_t n = strlen(lit);
	const unsigned char *q = memmem(s->p, (size_t)(s->end - s->p), lit, n);

	if (!q)
		return -1;
	s->p = q + n;
	return 0;
}

const char *gisa_charset_prescan(const char *bytes, size_t len, char *buf,
				 size_t buflen)
{
	scan s;

	if (!bytes || !buf || !buflen)
		return NULL;
	s.p = (const unsigned char *)bytes;
	s.end = s.p + (len < GISA_DECODE_PRESCAN ? len : GISA_DECODE_PRESCAN);
	while (s.p < s.end) {
		int r = 0;
		if (*s.p != '<') {
			s.p++;
			continue;
		}
		if (starts_ci(&s, "<!--")) {
			/* "-->" may share the dashes of "<!--", as in <!-->. */
			s.p += 2;
			r = skip_past(&s, "-->");
		} else if (starts_ci(&s, "<meta") && s.end - s.p > 5 &&
			   (is_space(s.p[5]) || s.p[5] == '/')) {
			s.p += 6;
			if (meta_charset(&s, buf, buflen))
				return buf;
		} else if (s.end - s.p > 1 && (is_alpha(s.p[1]) ||
			   (s.p[1] == '/' && s.end - s.p > 2 &&
			    is_alpha(s.p[2])))) {
			s.p++;
			r = skip_tag(&s);
		} else if (s.end - s.p > 1 && (s.p[1] == '!' ||
			   s.p[1] == '/' || s.p[1] == '?')) {
			r = skip_past(&s, ">");
		} else {
			s.p++;
		}
		if (r < 0)
			break;
	}
	return NULL;
}

/* ---- UTF-8 ----------------------------------------------------------- */

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

static const char fffd[] = "\xEF\xBF\xBD";

/* Whether some byte of w has its high bit set or is zero. */
static uint64_t not_plain(uint64_t w)
{
	return (w | ((w - ONES) & ~w)) & HIGHS;
}

/* How many bytes from s[0] on are ASCII other than NUL, 32 then eight at
 * a time: a word is plain when no byte has its high bit set and none is
 * zero. Pages are mostly ASCII, and every byte is looked at here. */
static size_t ascii_run(const unsigned char *s, size_t n)
{
	size_t i = 0;
	uint64_t w, x, y, z;

	for (; n - i >= 32; i += 32) {
		memcpy(&w, s + i, 8);
		memcpy(&x, s + i + 8, 8);
		memcpy(&y, s + i + 16, 8);
		memcpy(&z, s + i + 24, 8);
		if (not_plain(w) | not_plain(x) | not_plain(y) | not_plain(z))
			break;
	}
	for (; n - i >= 8; i += 8) {
		memcpy(&w, s + i, 8);
		if (not_plain(w))
			break;
	}
	while (i < n && s[i] && s[i] < 0x80)
		i++;
	return i;
}

/* The length of the well-formed UTF-8 sequence at s (n > 0 bytes, s[0] not
 * ASCII), or 0 with *bad set to the length of its maximal subpart (at least
 * 1): the bytes that one U+FFFD stands for (Unicode 15, section 3.9). */
static size_t utf8_seq(const unsigned char *s, size_t n, size_t *bad)
{
	unsigned c = s[0], lo = 0x80, hi = 0xBF;
	size_t need;

	if (c >= 0xC2 && c <= 0xDF) {
		need = 2;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED) /* no surrogates */
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4) /* nothing above U+10FFFF */
			hi = 0x8F;
	} else {
		*bad = 1;
		return 0;
	}
	for (size_t i = 1; i < need; i++) {
		if (i >= n || s[i] < lo || s[i] > hi) {
			*bad = i;
			return 0;
		}
		lo = 0x80;
		hi = 0xBF;
	}
	return need;
}

/* Whether s is well-formed UTF-8; *nul tells whether it holds NUL bytes
 * (which are well-formed, but replaced on output). */
static int utf8_valid(const unsigned char *s, size_t n, int *nul)
{
	size_t i = 0, k, bad;

	*nul = 0;
	while (i < n) {
		i += ascii_run(s + i, n - i);
		if (i >= n)
			break;
		if (!s[i]) {
			*nul = 1;
			i++;
			continue;
		}
		if (!(k = utf8_seq(s + i, n - i, &bad)))
			return 0;
		i += k;
	}
	return 1;
}

/* Copy s into b with each maximal subpart of an ill-formed sequence and
 * each NUL replaced by U+FFFD. */
static int utf8_repair(const unsigned char *s, size_t n, gisa_buf *b,
		       size_t *replaced)
{
	size_t i = 0, run = 0, k, bad;

	if (gisa_buf_reserve(b, n + 16) < 0)
		return GISA_ENOMEM;
	while (i < n) {
		i += ascii_run(s + i, n - i);
		if (i >= n)
			break;
		bad = 1;
		if (s[i] && (k = utf8_seq(s + i, n - i, &bad))) {
			i += k;
			continue;
		}
		if (gisa_buf_append(b, (const char *)s + run, i - run) < 0 ||
		    gisa_buf_append(b, fffd, 3) < 0)
			return GISA_ENOMEM;
		(*replaced)++;
		i += bad;
		run = i;
	}
	return gisa_buf_append(b, (const char *)s + run, n - run);
}

/* ---- iconv ----------------------------------------------------------- */

/* How many bytes the bad sequence at s (n > 0 left) spans, as far as can
 * be told from outside the converter. A double-byte lead followed by a
 * non-ASCII byte goes with it (the WHATWG decoders do the same); an ASCII
 * byte after a lead is kept, so that markup survives a stray lead byte. */
static size_t bad_len(enum kind kind, const unsigned char *s, size_t n)
{
	if (kind == K_UTF16)
		return n < 2 ? n : 2;
	if (kind == K_DBCS && n >= 2 && s[0] >= 0x81 && s[0] <= 0xFE &&
	    s[1] >= 0x80)
		return 2;
	return 1;
}

/* Make room for at least extra more output bytes; point *o and *ol at the
 * free space (one byte is kept for the NUL). */
static int out_room(gisa_buf *b, size_t extra, char **o, size_t *ol)
{
	if (gisa_buf_reserve(b, extra) < 0)
		return GISA_ENOMEM;
	*o = b->data + b->len;
	*ol = b->cap - b->len - 1;
	return 0;
}

static int put_fffd(gisa_buf *b, size_t *replaced)
{
	(*replaced)++;
	return gisa_buf_append(b, fffd, 3);
}

/* Convert s[0..n) from e to UTF-8 into b with iconv(3); every bad or
 * unmappable sequence becomes one U+FFFD and conversion goes on after it.
 * last: s ends the input (else a sequence cut off at the end is taken for
 * a bad one, as it would be with the bytes that follow). */
static int conv_span(iconv_t cd, const struct enc *e, const unsigned char *s,
		     size_t n, int last, gisa_buf *b, size_t *replaced)
{
	size_t i = 0, ol;
	char *o;

	/* Most text grows at most by half (two bytes to three); grow
	 * on demand past that. */
	if (out_room(b, n + n / 2 + 16, &o, &ol) < 0)
		return GISA_ENOMEM;
	while (i < n) {
		char *in = (char *)s + i;
		size_t il = n - i;
		size_t r = iconv(cd, &in, &il, &o, &ol);
		b->len = (size_t)(o - b->data);
		i = n - il;
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG) {
			if (out_room(b, il * 2 + 64, &o, &ol) < 0)
				return GISA_ENOMEM;
			continue;
		}
		if (errno == EILSEQ || !last)
			i += bad_len(e->kind, s + i, n - i);
		else /* EINVAL: cut off by the end of input */
			i = n;
		if (put_fffd(b, replaced) < 0 ||
		    out_room(b, 16, &o, &ol) < 0)
			return GISA_ENOMEM;
	}
	b->data[b->len] = '\0';
	return 0;
}

/* Where the span handed to iconv from s[i] (not plain ASCII) should end:
 * inside the next eight bytes of plain ASCII, which are worth copying as
 * they are. In the single- and double-byte encodings gisa uses, no
 * character holds two bytes below 0x80 in a row (a trail byte may be
 * ASCII, a lead byte never is), so the second of two such bytes always
 * starts a character: the span may end there. */
static size_t span_end(const unsigned char *s, size_t i, size_t n)
{
	size_t w = i + 1;
	uint64_t x, m;

	while (w <= n && n - w >= 8) {
		memcpy(&x, s + w, 8);
		m = (x | ((x - ONES) & ~x)) & HIGHS;
		if (!m)
			return w + 1;
		/* Past the last flagged byte: no clean window starts
		 * before it (a zero byte may flag the byte above it too,
		 * which only delays the end a little). */
		w += (size_t)(63 - __builtin_clzll(m)) / 8 + 1;
	}
	return n;
}

/* Convert s from e to UTF-8 into b. ASCII-compatible encodings copy
 * their ASCII runs (most of a page's markup) and hand iconv the rest. */
static int iconv_all(iconv_t cd, const struct enc *e, const unsigned char *s,
		     size_t n, gisa_buf *b, size_t *replaced)
{
	size_t i = 0, a, j;
	char *o;
	size_t ol;

	if (gisa_buf_reserve(b, n + n / 2 + 64) < 0)
		return GISA_ENOMEM;
	if (e->kind != K_SBCS && e->kind != K_DBCS) {
		if (conv_span(cd, e, s, n, 1, b, replaced) < 0)
			return GISA_ENOMEM;
		i = n;
	}
	while (i < n) {
		a = ascii_run(s + i, n - i);
		if (gisa_buf_append(b, (const char *)s + i, a) < 0)
			return GISA_ENOMEM;
		if ((i += a) >= n)
			break;
		j = span_end(s, i, n);
		if (conv_span(cd, e, s + i, j - i, j == n, b, replaced) < 0)
			return GISA_ENOMEM;
		i = j;
	}
	/* A stateful encoding may have output pending (ISO-2022-*). */
	if (out_room(b, 64, &o, &ol) < 0)
		return GISA_ENOMEM;
	iconv(cd, NULL, NULL, &o, &ol);
	b->len = (size_t)(o - b->data);
	b->data[b->len] = '\0';
	return 0;
}

/* Replace the NULs a converter let through (U+0000 in the source) with
 * U+FFFD. */
static int replace_nuls(gisa_buf *b, size_t *replaced)
{
	gisa_buf nb = GISA_BUF_INIT;
	const char *p = b->data, *end = b->data + b->len, *z;

	if (!memchr(p, 0, b->len))
		return 0;
	if (gisa_buf_reserve(&nb, b->len + 64) < 0)
		return GISA_ENOMEM;
	while ((z = memchr(p, 0, (size_t)(end - p)))) {
		if (gisa_buf_append(&nb, p, (size_t)(z - p)) < 0 ||
		    put_fffd(&nb, replaced) < 0)
			goto nomem;
		p = z + 1;
	}
	if (gisa_buf_append(&nb, p, (size_t)(end - p)) < 0)
		goto nomem;
	gisa_buf_free(b);
	*b = nb;
	return 0;
nomem:
	gisa_buf_free(&nb);
	return GISA_ENOMEM;
}

/* Decode s as e into b. GISA_EENCODING when iconv has no such converter. */
static int convert(const struct enc *e, const unsigned char *s, size_t n,
		   gisa_buf *b, size_t *replaced)
{
	iconv_t cd = iconv_open("UTF-8", e->name);
	int rc;

	if (cd == (iconv_t)-1)
		return errno == ENOMEM ? GISA_ENOMEM : GISA_EENCODING;
	rc = iconv_all(cd, e, s, n, b, replaced);
	iconv_close(cd);
	if (rc == 0)
		rc = replace_nuls(b, replaced);
	return rc;
}

/* ---- detection and the whole -------------------------------------- */

/* The encoding uchardet guesses for s, if gisa knows its name. */
static const struct enc *detect(const unsigned char *s, size_t n)
{
	uchardet_t ud = uchardet_new();
	const struct enc *e = NULL;

	if (!ud)
		return NULL;
	if (n > GISA_DECODE_DETECT_MAX)
		n = GISA_DECODE_DETECT_MAX;
	if (uchardet_handle_data(ud, (const char *)s, n) == 0) {
		uchardet_data_end(ud);
		e = lookup(uchardet_get_charset(ud));
	}
	uchardet_delete(ud);
	return e;
}

/* ISO-2022-JP and -KR are 7-bit, so valid UTF-8 too: only their escape
 * sequences tell them apart. The encoding of such a page, else NULL. */
static const struct enc *detect_7bit(const unsigned char *s, size_t n)
{
	const struct enc *e;

	if (!memchr(s, 0x1B, n < GISA_DECODE_DETECT_MAX ? n :
		    GISA_DECODE_DETECT_MAX))
		return NULL;
	e = detect(s, n);
	return e && e->kind == K_STATEFUL ? e : NULL;
}

/* The length of a byte order mark at s, with its encoding in *e. */
static size_t bom(const unsigned char *s, size_t n, const struct enc **e)
{
	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
		*e = lookup("utf-8");
		return 3;
	}
	if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
		*e = lookup("utf-16be");
		return 2;
	}
	if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
		*e = lookup("utf-16le");
		return 2;
	}
	return 0;
}

/* Steps 1-3: the encoding the page declares, or NULL. */
static const struct enc *declared(const unsigned char *s, size_t n,
				  const char *http, size_t *skip,
				  const char **source)
{
	const struct enc *e = NULL;
	char label[64];

	if ((*skip = bom(s, n, &e))) {
		*source = "bom";
		return e;
	}
	if ((e = lookup(http))) {
		*source = "http";
		return e;
	}
	if (gisa_charset_prescan((const char *)s, n, label, sizeof label) &&
	    (e = lookup(label))) {
		*source = "meta";
		/* A <meta> read as ASCII cannot be in UTF-16: the standard
		 * reads such pages as UTF-8. */
		return e->kind == K_UTF16 ? &encs[0] : e;
	}
	return NULL;
}

static void finish(gisa_decoded *out, const struct enc *e, const char *src)
{
	size_t n = strlen(e->name);

	if (n >= sizeof out->charset)
		n = sizeof out->charset - 1;
	memcpy(out->charset, e->name, n);
	out->charset[n] = '\0';
	out->source = src;
}

int gisa_decode(const char *bytes, size_t len, const char *http_charset,
		gisa_decoded *out)
{
	const unsigned char *s = (const unsigned char *)bytes;
	const struct enc *e;
	const char *src = "default";
	gisa_buf b = GISA_BUF_INIT;
	size_t skip = 0;
	int nul = 0, valid = -1, rc;

	if (!out)
		return GISA_EINVAL;
	memset(out, 0, sizeof *out);
	if (!bytes && len)
		return GISA_EINVAL;
	if (len > GISA_DECODE_MAX_INPUT)
		return GISA_ELIMIT;
	if (!bytes)
		s = (const unsigned char *)"";
	e = declared(s, len, http_charset, &skip, &src);
	s += skip;
	len -= skip;
	if (!e) {
		valid = utf8_valid(s, len, &nul);
		if (!valid && (e = detect(s, len)))
			src = "detected";
		else if (valid && (e = detect_7bit(s, len)))
			src = "detected";
	}
	if (e && e->kind != K_UTF8) {
		rc = convert(e, s, len, &b, &out->replaced);
		if (rc == 0)
			goto done;
		if (rc != GISA_EENCODING)
			goto fail;
		/* No converter in this libc: UTF-8 it is. */
		gisa_buf_free(&b);
		out->replaced = 0;
		e = NULL;
		src = "default";
	}
	if (!e)
		e = &encs[0];
	if (valid < 0)
		valid = utf8_valid(s, len, &nul);
	if (valid && !nul) {
		out->utf8 = (const char *)s;
		out->len = len;
		finish(out, e, src);
		return 0;
	}
	if ((rc = utf8_repair(s, len, &b, &out->replaced)) < 0)
		goto fail;
done:
	if (!b.data && (rc = gisa_buf_reserve(&b, 0)) < 0)
		goto fail;
	b.data[b.len] = '\0';
	out->len = b.len;
	out->owned = gisa_buf_detach(&b);
	out->utf8 = out->owned;
	finish(out, e, src);
	return 0;
fail:
	gisa_buf_free(&b);
	memset(out, 0, sizeof *out);
	return rc;
}

void gisa_decoded_free(gisa_decoded *d)
{
	if (!d)
		return;
	free(d->owned);
	memset(d, 0, sizeof *d);
}
