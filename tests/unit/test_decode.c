/* test_decode.c - bytes to UTF-8 (core/decode.c).
 *
 * The page cases (tests/data/decode/NAME.cases) hold UTF-8 text and the
 * encoding to write it in; the input bytes are made here with iconv(3), so
 * no page in another encoding is stored in the tree. Fields:
 *   text      the body text, UTF-8 (may span lines)
 *   raw       instead of text: the body bytes as they are, with \xNN, \n
 *             and \\ escapes (for bytes no encoder would write)
 *   want      the decoded body text when it is not text (same escapes;
 *             for raw, the default is raw itself)
 *   parsed    the text libxml2 leaves in <p> when it is not want
 *   encoding  the iconv name the page is written in (default UTF-8)
 *   bom       utf-8 | utf-16le | utf-16be: a byte order mark first
 *   http      the charset passed as the HTTP one
 *   head      markup put in <head> (declarations, comments...)
 *   pad       that many bytes of filler in <head> before it
 *   wrap      "no": the body bytes alone, no HTML around them
 *   charset, source, replaced   what gisa_decode must report
 *   borrowed  yes | no: whether the output must point into the input
 * The decoded page must equal the page written in UTF-8 (less its BOM),
 * and, parsed with gisa_html_parse, its <p> must hold the text.
 */
#include "decode.h"
#include "buf.h"
#include "error.h"
#include "html.h"
#include "test.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- helpers ------------------------------------------------------- */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 32) >= 'a' && (c | 32) <= 'f')
		return (c | 32) - 'a' + 10;
	return -1;
}

/* Append s with \xNN, \n and \\ undone. */
static void unescape(const char *s, gisa_buf *b)
{
	for (; *s; s++) {
		if (s[0] == '\\' && s[1] == 'x' && hexval(s[2]) >= 0 &&
		    hexval(s[3]) >= 0) {
			gisa_buf_putc(b, (char)(hexval(s[2]) * 16 +
						hexval(s[3])));
			s += 3;
		} else if (s[0] == '\\' && s[1] == 'n') {
			gisa_buf_putc(b, '\n');
			s++;
		} else if (s[0] == '\\' && s[1] == '\\') {
			gisa_buf_putc(b, '\\');
			s++;
		} else {
			gisa_buf_putc(b, *s);
		}
	}
}

/* Append UTF-8 s written in encoding to; 0, or -1 when iconv cannot. */
static int encode(const char *to, const char *s, gisa_buf *b)
{
	iconv_t cd = iconv_open(to, "UTF-8");
	char *in = (char *)s, *o;
	size_t il = strlen(s), ol;
	int rc = 0;

	if (cd == (iconv_t)-1)
		return -1;
	gisa_buf_reserve(b, il * 4 + 64);
	o = b->data + b->len;
	ol = b->cap - b->len - 1;
	if (iconv(cd, &in, &il, &o, &ol) == (size_t)-1 ||
	    iconv(cd, NULL, NULL, &o, &ol) == (size_t)-1)
		rc = -1;
	b->len = (size_t)(o - b->data);
	iconv_close(cd);
	return rc;
}

/* Whether s[0..n) is valid UTF-8 without NUL, by utf8proc. */
static int valid_utf8(const char *s, size_t n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t c;

	while (n) {
		utf8proc_ssize_t k = utf8proc_iterate(p, (utf8proc_ssize_t)n,
						      &c);
		if (k <= 0 || c == 0)
			return 0;
		p += k;
		n -= (size_t)k;
	}
	return 1;
}

static xmlNodePtr find_elem(xmlNodePtr n, const char *name)
{
	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, name) == 0)
			return n;
		xmlNodePtr f = find_elem(n->children, name);
		if (f)
			return f;
	}
	return NULL;
}

/* ---- page cases ---------------------------------------------------- */

static void bom_bytes(const char *bom, gisa_buf *in)
{
	if (!bom)
		return;
	if (strcmp(bom, "utf-8") == 0)
		gisa_buf_append(in, "\xEF\xBB\xBF", 3);
	else if (strcmp(bom, "utf-16le") == 0)
		gisa_buf_append(in, "\xFF\xFE", 2);
	else if (strcmp(bom, "utf-16be") == 0)
		gisa_buf_append(in, "\xFE\xFF", 2);
	else
		T_OKF(0, "unknown bom %s", bom);
}

/* The markup before the body text, in UTF-8. */
static void page_head(const t_case *c, gisa_buf *pre)
{
	const char *head = t_case_get(c, "head");
	const char *pad = t_case_get(c, "pad");
	long npad = pad ? strtol(pad, NULL, 10) : 0;

	gisa_buf_puts(pre, "<!DOCTYPE html>\n<html><head>\n");
	if (npad > 40) {
		gisa_buf_puts(pre, "<meta name=\"pad\" content=\"");
		for (long i = 0; i < npad - 40; i++)
			gisa_buf_putc(pre, (char)('a' + i % 26));
		gisa_buf_puts(pre, "\">\n");
	}
	if (head) {
		gisa_buf_puts(pre, head);
		gisa_buf_putc(pre, '\n');
	}
	gisa_buf_puts(pre, "<title>t</title></head>\n<body><p>");
}

/* Check the parsed page's <p> holds want. */
static void check_parse(const gisa_decoded *d, const char *want)
{
	gisa_doc *doc = NULL;
	xmlNodePtr p;
	xmlChar *got;

	T_INTEQ(gisa_html_parse(d->utf8, d->len, NULL, &doc), 0);
	if (!doc)
		return;
	p = find_elem(gisa_html_root(doc), "p");
	T_OK(p != NULL);
	if (p) {
		got = xmlNodeGetContent(p);
		T_STREQ((const char *)got, want);
		xmlFree(got);
	}
	gisa_doc_free(doc);
}

static void run_case(const t_case *c)
{
	const char *enc = t_case_get(c, "encoding");
	const char *text = t_case_get(c, "text");
	const char *raw = t_case_get(c, "raw");
	const char *want_s = t_case_get(c, "want");
	const char *wrap = t_case_get(c, "wrap");
	const char *rep = t_case_get(c, "replaced");
	const char *bor = t_case_get(c, "borrowed");
	int wrapped = !wrap || strcmp(wrap, "no") != 0;
	gisa_buf in = GISA_BUF_INIT, want = GISA_BUF_INIT, page = GISA_BUF_INIT;
	gisa_buf pre = GISA_BUF_INIT;
	const char *post = "</p></body></html>\n";
	gisa_decoded d;
	size_t bomlen;

	if (!enc)
		enc = "UTF-8";
	T_OK(text || raw);
	if (want_s)
		unescape(want_s, &want);
	else if (text)
		gisa_buf_puts(&want, text);
	else if (raw)
		unescape(raw, &want);
	if (wrapped)
		page_head(c, &pre);
	bom_bytes(t_case_get(c, "bom"), &in);
	bomlen = in.len;
	T_OKF(encode(enc, gisa_buf_cstr(&pre), &in) == 0, "encode to %s", enc);
	if (raw)
		unescape(raw, &in);
	else if (text)
		T_OKF(encode(enc, text, &in) == 0, "encode text to %s", enc);
	if (wrapped)
		T_OK(encode(enc, post, &in) == 0);
	gisa_buf_puts(&page, gisa_buf_cstr(&pre));
	gisa_buf_append(&page, gisa_buf_cstr(&want), want.len);
	if (wrapped)
		gisa_buf_puts(&page, post);

	T_INTEQ(gisa_decode(in.len ? in.data : NULL, in.len,
			    t_case_get(c, "http"), &d), 0);
	T_OK(d.utf8 != NULL);
	T_OKF(d.len == page.len && d.utf8 &&
	      memcmp(d.utf8, gisa_buf_cstr(&page), page.len) == 0,
	      "\n  got:  %.*s\n  want: %s", (int)d.len, d.utf8 ? d.utf8 : "",
	      gisa_buf_cstr(&page));
	T_OK(valid_utf8(d.utf8, d.len));
	if (t_case_get(c, "charset"))
		T_STREQ(d.charset, t_case_get(c, "charset"));
	if (t_case_get(c, "source"))
		T_STREQ(d.source, t_case_get(c, "source"));
	T_INTEQ(d.replaced, rep ? strtol(rep, NULL, 10) : 0);
	if (bor && strcmp(bor, "yes") == 0)
		T_OK(d.owned == NULL && d.utf8 == in.data + bomlen);
	else if (bor)
		T_OK(d.owned != NULL && d.utf8 == d.owned);
	if (d.owned)
		T_OK(d.utf8[d.len] == '\0');
	if (wrapped)
		check_parse(&d, t_case_get(c, "parsed") ?
				    t_case_get(c, "parsed") :
				    gisa_buf_cstr(&want));
	gisa_decoded_free(&d);
	gisa_buf_free(&in);
	gisa_buf_free(&want);
	gisa_buf_free(&page);
	gisa_buf_free(&pre);
}

static void test_cases(void)
{
	t_casefile cf = { 0 };
	char label[512];
	int n = t_cases_load_dir(t_path("tests/data/decode"), &cf);

	T_OKF(n >= 30, "%d cases", n);
	for (size_t i = 0; i < cf.n; i++) {
		snprintf(label, sizeof label, "case \"%s\"", cf.cases[i].name);
		t_context(label);
		run_case(&cf.cases[i]);
	}
	t_context(NULL);
	t_cases_free(&cf);
}

/* ---- labels, Content-Type, prescan --------------------------------- */

static void test_labels(void)
{
	static const char *const table[][2] = {
		{ "euc-kr", "CP949" }, { "EUC-KR", "CP949" },
		{ " ks_c_5601-1987\t", "CP949" }, { "windows-949", "CP949" },
		{ "cp949", "CP949" }, { "UHC", "CP949" },
		{ "shift_jis", "CP932" }, { "sjis", "CP932" },
		{ "ms_kanji", "CP932" }, { "Windows-31J", "CP932" },
		{ "gb2312", "GB18030" }, { "gbk", "GB18030" },
		{ "x-gbk", "GB18030" }, { "gb18030", "GB18030" },
		{ "iso-8859-1", "WINDOWS-1252" }, { "latin1", "WINDOWS-1252" },
		{ "us-ascii", "WINDOWS-1252" }, { "ascii", "WINDOWS-1252" },
		{ "windows-1252", "WINDOWS-1252" }, { "big5", "BIG5-HKSCS" },
		{ "euc-jp", "EUC-JP" }, { "iso-2022-jp", "ISO-2022-JP" },
		{ "koi8-r", "KOI8-R" }, { "windows-1251", "WINDOWS-1251" },
		{ "utf-16", "UTF-16LE" }, { "utf-16le", "UTF-16LE" },
		{ "utf-16be", "UTF-16BE" }, { "UTF8", "UTF-8" },
		{ "utf-8", "UTF-8" }, { "iso-8859-9", "WINDOWS-1254" },
		{ "tis-620", "WINDOWS-874" }, { "iso-8859-15", "ISO-8859-15" },
		{ "iso-8859-8-i", "ISO-8859-8" }, { "x-mac-cyrillic",
						     "MAC-CYRILLIC" },
		{ "iso-2022-kr", "ISO-2022-KR" }, { "ibm866", "IBM866" },
		{ "euc-tw", "EUC-TW" }, { "macintosh", "MACINTOSH" },
		{ "iso-8859-2", "ISO-8859-2" }, { "iso-8859-5", "ISO-8859-5" },
		{ "iso-8859-7", "ISO-8859-7" }, { "windows-1250",
						  "WINDOWS-1250" },
		{ "koi8-u", "KOI8-U" }, { "ibm852", "IBM852" },
		{ "ibm855", "IBM855" }, { "iso-8859-16", "ISO-8859-16" },
	};
	static const char *const unknown[] = {
		"", " ", "utf", "euc", "x-user-defined", "klingon",
		"utf-8 utf-8", "euc-kr;", "a-label-far-longer-than-any-known-one-"
		"really-much-longer",
	};

	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		const char *got = gisa_charset_canonical(table[i][0]);
		t_context(table[i][0]);
		T_STREQ(got, table[i][1]);
		/* Every name gisa decodes with must be one iconv knows. */
		iconv_t cd = got ? iconv_open("UTF-8", got) : (iconv_t)-1;
		T_OKF(cd != (iconv_t)-1, "iconv_open(%s)", got ? got : "-");
		if (cd != (iconv_t)-1)
			iconv_close(cd);
	}
	for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
		t_context(unknown[i]);
		T_STREQ(gisa_charset_canonical(unknown[i]), NULL);
	}
	t_context(NULL);
	T_STREQ(gisa_charset_canonical(NULL), NULL);
}

static void test_content_type(void)
{
	static const char *const table[][2] = {
		{ "text/html; charset=EUC-KR", "EUC-KR" },
		{ "text/html;charset=utf-8", "utf-8" },
		{ "text/html; charset=\"Shift_JIS\"", "Shift_JIS" },
		{ "text/html; q=\"a;charset=x\"; charset=gbk", "gbk" },
		{ "text/html; Charset = koi8-r ", "koi8-r" },
		{ "text/html; charset=utf-8; charset=euc-kr", "utf-8" },
		{ "text/html; format=flowed;charset=big5", "big5" },
		{ "text/html; charset=\"a\\\"b\"", "a\"b" },
		{ "text/html", NULL },
		{ "text/html; charset=", NULL },
		{ "text/html; charset=\"\"", NULL },
		{ "text/html; charsetx=utf-8", NULL },
		{ "", NULL },
	};
	char buf[32], small[4];

	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		t_context(table[i][0]);
		T_STREQ(gisa_charset_from_content_type(table[i][0], buf,
						       sizeof buf),
			table[i][1]);
	}
	t_context(NULL);
	T_STREQ(gisa_charset_from_content_type(NULL, buf, sizeof buf), NULL);
	T_STREQ(gisa_charset_from_content_type("text/html; charset=euc-kr",
					       small, sizeof small), NULL);
	T_STREQ(gisa_charset_from_content_type("text/html; charset=gbk",
					       small, sizeof small), "gbk");
}

static void test_prescan(void)
{
	static const char *const table[][2] = {
		{ "<meta charset=EUC-KR>", "euc-kr" },
		{ "<META CHARSET='Shift_JIS'/>", "shift_jis" },
		{ "<meta\tcharset = \"big5\" >", "big5" },
		{ "<meta content=\"text/html; charset=gb2312\" "
		  "http-equiv=\"Content-Type\">", "gb2312" },
		{ "<meta http-equiv=content-type content='text/html;"
		  "charset=\"koi8-r\"'>", "koi8-r" },
		{ "<meta content=\"text/html; charset=gb2312\">", NULL },
		{ "<meta http-equiv=\"Content-Type\" content=\"text/html\">",
		  NULL },
		{ "<!-- <meta charset=euc-kr> -->", NULL },
		{ "<!--><meta charset=euc-kr>", "euc-kr" },
		{ "<a title=\"<meta charset=euc-kr>\"><meta charset=utf-8>",
		  "utf-8" },
		{ "<meta charset=klingon><meta charset=euc-jp>", "euc-jp" },
		{ "<meta charset=utf-8 charset=euc-kr>", "utf-8" },
		{ "<metacharset=euc-kr>", NULL },
		{ "<meta charset=\"euc-kr", NULL },
		{ "<? <meta charset=euc-kr> ?>", NULL },
		{ "<script>var s = \"<meta charset=euc-kr>\";</script>",
		  "euc-kr" },
		{ "", NULL },
	};
	char buf[32], small[4];
	gisa_buf b = GISA_BUF_INIT;

	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		t_context(table[i][0]);
		T_STREQ(gisa_charset_prescan(table[i][0], strlen(table[i][0]),
					     buf, sizeof buf),
			table[i][1]);
	}
	t_context(NULL);
	T_STREQ(gisa_charset_prescan("<meta charset=euc-kr>", 21, small,
				     sizeof small), NULL);
	/* A tag cut by the 4 KB window is not read past it. */
	for (int i = 0; i < GISA_DECODE_PRESCAN - 10; i++)
		gisa_buf_putc(&b, ' ');
	gisa_buf_puts(&b, "<meta charset=euc-kr>");
	T_STREQ(gisa_charset_prescan(b.data, b.len, buf, sizeof buf), NULL);
	gisa_buf_free(&b);
}

/* ---- API edges ----------------------------------------------------- */

static void test_api(void)
{
	gisa_decoded d;
	char bomonly[] = "\xEF\xBB\xBF";

	T_INTEQ(gisa_decode(NULL, 0, NULL, &d), 0);
	T_OK(d.utf8 != NULL && d.len == 0 && d.owned == NULL);
	T_STREQ(d.charset, "UTF-8");
	T_STREQ(d.source, "default");
	gisa_decoded_free(&d);
	T_INTEQ(gisa_decode(NULL, 5, NULL, &d), GISA_EINVAL);
	T_OK(d.utf8 == NULL && d.owned == NULL);
	T_INTEQ(gisa_decode("x", 1, NULL, NULL), GISA_EINVAL);
	/* The length is checked before a byte is read. */
	T_INTEQ(gisa_decode("x", GISA_DECODE_MAX_INPUT + 1, NULL, &d),
		GISA_ELIMIT);
	T_INTEQ(gisa_decode(bomonly, 3, "euc-kr", &d), 0);
	T_OK(d.len == 0 && d.utf8 == bomonly + 3);
	T_STREQ(d.source, "bom");
	gisa_decoded_free(&d);
	T_INTEQ(gisa_decode("\xFF\xFE", 2, NULL, &d), 0);
	T_OK(d.len == 0 && d.owned != NULL);
	T_STREQ(d.charset, "UTF-16LE");
	gisa_decoded_free(&d);
	gisa_decoded_free(&d);
	gisa_decoded_free(NULL);
}

/* ---- round trips ---------------------------------------------------- */

static uint32_t rnd(void);

/* Text made of characters whose bytes include ASCII trail bytes (똠, 햏,
 * 表, ソ, 許 end in 'c', 'd', '\\'...), four-byte GB18030 ones, and ASCII
 * runs of every length around the eight bytes decode.c copies without
 * iconv: written in each encoding and decoded back, it must come back
 * as it was. */
static void test_roundtrip(void)
{
	static const struct {
		const char *enc, *label, *pool[12];
	} sets[] = {
		{ "CP949", "euc-kr", { "똠", "햏", "갂", "한국", "펲", "뷁",
				       "쌰", "·", NULL } },
		{ "CP932", "shift_jis", { "表", "ソ", "ｶ", "①", "髙", "あ",
					  "\\", "能", NULL } },
		{ "GB18030", "gbk", { "中", "한", "😀", "€", "é", "ᠮ", "丂",
				      NULL } },
		{ "BIG5", "big5", { "許", "功", "臺", "北", "蓋", NULL } },
		{ "EUC-JP", "euc-jp", { "東", "京", "ｶ", "丂", "あ", NULL } },
		{ "WINDOWS-1252", "latin1", { "€", "é", "“", "ß", NULL } },
	};
	static const char ascii[] = "abcdefghijklmnopqrstuvwxyz0123";
	gisa_buf text = GISA_BUF_INIT, in = GISA_BUF_INIT;
	int bad = 0;

	for (size_t k = 0; k < sizeof sets / sizeof sets[0]; k++) {
		size_t npool = 0;
		while (sets[k].pool[npool])
			npool++;
		t_context(sets[k].enc);
		for (int i = 0; i < 300 && bad < 5; i++) {
			gisa_decoded d;
			gisa_buf_truncate(&text, 0);
			gisa_buf_truncate(&in, 0);
			for (int piece = rnd() % 40; piece >= 0; piece--) {
				if (rnd() % 2)
					gisa_buf_puts(&text,
						      sets[k].pool[rnd() % npool]);
				else
					gisa_buf_append(&text, ascii,
							rnd() % 20);
			}
			if (encode(sets[k].enc, gisa_buf_cstr(&text), &in) < 0) {
				T_OKF(0, "cannot write %s", gisa_buf_cstr(&text));
				bad++;
				continue;
			}
			T_INTEQ(gisa_decode(in.data, in.len, sets[k].label, &d),
				0);
			if (d.len != text.len ||
			    memcmp(d.utf8, gisa_buf_cstr(&text), d.len) != 0) {
				T_OKF(0, "\n  got:  %.*s\n  want: %s",
				      (int)d.len, d.utf8, text.data);
				bad++;
			}
			gisa_decoded_free(&d);
		}
	}
	t_context(NULL);
	T_INTEQ(bad, 0);
	gisa_buf_free(&text);
	gisa_buf_free(&in);
}

/* ---- random bytes -------------------------------------------------- */

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

/* Bytes of one of a few shapes: uniform noise, ASCII with some high
 * bytes, broken UTF-8, noise after a <meta>. */
static void random_bytes(gisa_buf *b, size_t n)
{
	static const char *const metas[] = {
		"<meta charset=euc-kr>", "<meta charset=utf-16>",
		"<meta charset=iso-2022-jp>", "<meta charset=gb18030>",
		"<meta charset=shift_jis>", "<meta charset=big5>",
	};
	/* Pieces of 한, U+1F600, é, € to cut and splice. */
	static const char frag[] = "\xED\x95\x9C\xF0\x9F\x98\x80"
				   "\xC3\xA9\xE2\x82\xAC";
	unsigned shape = rnd() % 4;

	gisa_buf_truncate(b, 0);
	if (shape == 3)
		gisa_buf_puts(b, metas[rnd() % 6]);
	while (b->len < n) {
		unsigned r = rnd();
		if (shape == 1 && r % 20)
			gisa_buf_putc(b, (char)(' ' + r % 95));
		else if (shape == 2 && r % 3 == 0)
			gisa_buf_append(b, frag + r % 8, 1 + (r >> 8) % 4);
		else
			gisa_buf_putc(b, (char)(r >> 8));
	}
	gisa_buf_truncate(b, n);
}

static void test_random(void)
{
	static const char *const https[] = {
		NULL, NULL, NULL, "utf-8", "euc-kr", "shift_jis", "gb18030",
		"big5", "euc-jp", "iso-2022-jp", "iso-2022-kr", "utf-16",
		"utf-16be", "windows-1252", "koi8-r", "klingon",
	};
	static const size_t maxes[] = { 16, 600, 8192, 65536 };
	gisa_buf b = GISA_BUF_INIT;
	int bad = 0;

	for (int i = 0; i < 3000 && bad < 5; i++) {
		size_t n = rnd() % maxes[rnd() % 4];
		const char *http = https[rnd() % 16];
		gisa_decoded d;
		int rc;

		random_bytes(&b, n);
		rc = gisa_decode(b.data, n, http, &d);
		int ok = rc == 0 && d.utf8 && valid_utf8(d.utf8, d.len) &&
			 (n <= 3 || d.len > 0);
		if (!ok) {
			bad++;
			T_OKF(0, "random input %d (%zu bytes, %s): rc %d, "
			      "%zu bytes out", i, n, http ? http : "-", rc,
			      d.len);
		}
		gisa_decoded_free(&d);
	}
	T_INTEQ(bad, 0);
	gisa_buf_free(&b);
}

int main(void)
{
	test_labels();
	test_content_type();
	test_prescan();
	test_api();
	test_cases();
	test_roundtrip();
	test_random();
	return t_done();
}
