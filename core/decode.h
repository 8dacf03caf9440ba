/* decode.h - raw page bytes to UTF-8, the first stage of every extraction.
 *
 * The encoding is taken from the first of these that gives one:
 *   1. a byte order mark (UTF-8, UTF-16LE, UTF-16BE)          source "bom"
 *   2. the charset the caller got from HTTP (Content-Type)    source "http"
 *   3. a <meta charset> or <meta http-equiv="Content-Type">
 *      in the first GISA_DECODE_PRESCAN bytes                 source "meta"
 *   4. when nothing declared one and the bytes are not valid
 *      UTF-8 (or are 7-bit with escape bytes, which may be
 *      ISO-2022-JP/KR): detection by uchardet                 source "detected"
 *   5. UTF-8                                                  source "default"
 * A label gisa does not know (gisa_charset_canonical() gives NULL) is
 * ignored and the next step is tried. A declaration wins over the bytes, as
 * in browsers: a page declared UTF-8 whose bytes are not is still decoded as
 * UTF-8, and a page whose <meta> says EUC-KR is decoded as CP949 even when
 * its bytes happen to be valid UTF-8.
 *
 * The output always covers the whole input: each invalid or unmappable
 * sequence becomes one U+FFFD (for UTF-8, one per maximal subpart, as the
 * Unicode standard recommends) and decoding goes on after it; a sequence cut
 * off by the end of input becomes one U+FFFD too. NUL bytes become U+FFFD
 * (libxml2 would turn them into spaces; a visible mark is more honest than
 * a silent change). A byte order mark is not part of the output. The output
 * is always valid UTF-8 without NUL bytes.
 *
 * Most pages are valid UTF-8 already: then nothing is copied and utf8
 * points into the caller's bytes, which must outlive the result.
 */
#ifndef GISA_DECODE_H
#define GISA_DECODE_H

#include <stddef.h>

/* The largest input gisa_decode() takes (GISA_ELIMIT above it). */
#define GISA_DECODE_MAX_INPUT ((size_t)64 << 20)
/* How far into the page the <meta> prescan looks. */
#define GISA_DECODE_PRESCAN 4096
/* How many bytes detection looks at, at most. */
#define GISA_DECODE_DETECT_MAX ((size_t)256 << 10)

typedef struct gisa_decoded {
	const char *utf8;   /* the text; points into the input when borrowed */
	size_t len;
	char *owned;        /* non-NULL when utf8 was allocated (free with
			       gisa_decoded_free); then utf8 == owned and
			       utf8[len] == '\0' */
	char charset[32];   /* canonical name used: "UTF-8", "CP949",
			       "WINDOWS-1252", ... (an iconv name) */
	const char *source; /* "bom" | "http" | "meta" | "detected" |
			       "default" (a static string) */
	size_t replaced;    /* invalid sequences and NULs replaced by U+FFFD */
} gisa_decoded;

/* gisa_decode - decode len bytes of a page to UTF-8 (see above for the
 * order of evidence). http_charset is the charset parameter of the HTTP
 * Content-Type (see gisa_charset_from_content_type), or NULL. bytes may be
 * NULL when len is 0. On success returns 0 and fills *out; release it with
 * gisa_decoded_free(). On error returns GISA_EINVAL (NULL out or bytes),
 * GISA_ELIMIT (len > GISA_DECODE_MAX_INPUT) or GISA_ENOMEM, and *out is
 * zeroed. Bad bytes are never an error. */
int gisa_decode(const char *bytes, size_t len, const char *http_charset,
		gisa_decoded *out);

/* gisa_decoded_free - release what gisa_decode() allocated and zero *d
 * (a zeroed or NULL d is fine). */
void gisa_decoded_free(gisa_decoded *d);

/* gisa_charset_canonical - the iconv name gisa decodes label with, or NULL
 * when the label is unknown. Labels follow the WHATWG Encoding Standard's
 * table (case-insensitive, surrounding ASCII whitespace ignored) for the
 * encodings gisa covers, with the browsers' supersets: "euc-kr" ->
 * "CP949", "shift_jis" -> "CP932", "gb2312" and "gbk" -> "GB18030",
 * "iso-8859-1" and "us-ascii" -> "WINDOWS-1252", "big5" -> "BIG5-HKSCS",
 * "utf-16" -> "UTF-16LE". The result is a static string. */
const char *gisa_charset_canonical(const char *label);

/* gisa_charset_from_content_type - the charset parameter of a Content-Type
 * header value ("text/html; charset=EUC-KR" -> "EUC-KR"), unquoted, copied
 * into buf (buflen bytes with the NUL). Returns buf, or NULL when there is
 * no non-empty charset parameter or it does not fit. The value is returned
 * as written, known label or not. */
const char *gisa_charset_from_content_type(const char *ctype, char *buf,
					   size_t buflen);

/* gisa_charset_prescan - the charset declared by a <meta charset=...> or
 * <meta http-equiv="Content-Type" content="...; charset=..."> in the first
 * GISA_DECODE_PRESCAN bytes, found the way the HTML standard's "prescan a
 * byte stream" finds it (comments, other tags' attribute values and
 * unknown labels are skipped; case, quotes and attribute order do not
 * matter). The label, lowercased, is copied into buf. Returns buf, or NULL
 * when there is none or it does not fit. */
const char *gisa_charset_prescan(const char *bytes, size_t len, char *buf,
				 size_t buflen);

#endif
