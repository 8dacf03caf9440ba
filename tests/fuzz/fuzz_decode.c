/* fuzz_decode.c - libFuzzer target for core/decode.c (not built by default).
 *
 * Build and run from the project root with clang:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Icore \
 *     tests/fuzz/fuzz_decode.c core/decode.c core/buf.c core/error.c \
 *     $(pkg-config --cflags --libs uchardet) -o fuzz_decode
 *   mkdir -p corpus && ./fuzz_decode -max_len=70000 corpus
 *
 * The first input byte picks the HTTP charset (or none); the rest is the
 * page. Besides the sanitizers' findings, the target aborts when the
 * output is not valid UTF-8, holds a NUL, or is empty for a non-empty
 * input past its byte order mark.
 */
#include "decode.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const charsets[] = {
	NULL, "utf-8", "euc-kr", "shift_jis", "gb18030", "big5", "euc-jp",
	"iso-2022-jp", "iso-2022-kr", "utf-16", "utf-16be", "windows-1252",
	"koi8-r", "klingon",
};

/* Whether s[0..n) is well-formed UTF-8 without NUL (written apart from
 * decode.c's own checker on purpose). */
static int utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		size_t k = c < 0x80 ? 1 : c < 0xC2 ? 0 : c < 0xE0 ? 2 :
			   c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
		uint32_t cp;

		if (!k || k > n - i || c == 0)
			return 0;
		cp = k == 1 ? c : c & (0x7F >> k);
		for (size_t j = 1; j < k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + j] & 0x3F);
		}
		if ((k == 3 && (cp < 0x800 || (cp >= 0xD800 && cp < 0xE000))) ||
		    (k == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
			return 0;
		i += k;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gisa_decoded d;
	char buf[64], *str;
	const char *http;

	if (size == 0)
		return 0;
	http = charsets[data[0] % (sizeof charsets / sizeof charsets[0])];
	data++;
	size--;
	if (gisa_decode((const char *)data, size, http, &d) != 0)
		abort();
	if (!d.utf8 || !utf8_ok((const unsigned char *)d.utf8, d.len))
		abort();
	if (size > 3 && d.len == 0)
		abort();
	gisa_decoded_free(&d);

	gisa_charset_prescan((const char *)data, size, buf, sizeof buf);
	str = malloc(size + 1);
	if (!str)
		return 0;
	memcpy(str, data, size);
	str[size] = '\0';
	gisa_charset_from_content_type(str, buf, sizeof buf);
	gisa_charset_canonical(str);
	free(str);
	return 0;
}
