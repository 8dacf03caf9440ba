/* fuzz_robots.c - libFuzzer target for core/robots.c (not built by default).
 *
 * Build and run from the project root with clang:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Icore \
 *     tests/fuzz/fuzz_robots.c core/robots.c core/strv.c core/buf.c \
 *     core/error.c -o fuzz_robots
 *   mkdir -p corpus && cp tests/data/robots/[a-z]*.cases corpus/ &&
 *     ./fuzz_robots -max_len=20000 corpus
 *
 * The input's first line is the path to check, the rest is robots.txt.
 * Besides the sanitizers' findings, the target aborts when a decision is
 * not 0 or 1, when /robots.txt is refused, when the same question gets two
 * answers, or when a Crawl-delay is negative other than -1.
 */
#include "robots.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nl = memchr(text, '\n', size);
	size_t plen = nl ? (size_t)(nl - text) : size;
	char *path = malloc(plen + 2);
	gisa_robots *r = NULL;
	int a, b;
	double d;

	if (!path)
		return 0;
	path[0] = '/';
	memcpy(path + 1, text, plen);
	path[plen + 1] = '\0'; /* a NUL inside just shortens the path */
	if (nl) {
		text = nl + 1;
		size -= plen + 1;
	} else {
		size = 0;
	}
	if (gisa_robots_parse(text, size, "gisa", &r) == 0) {
		a = gisa_robots_allowed(r, path);
		b = gisa_robots_allowed(r, path);
		if ((a != 0 && a != 1) || a != b)
			abort();
		if (gisa_robots_allowed(r, "/robots.txt") != 1)
			abort();
		d = gisa_robots_crawl_delay(r);
		if (d < 0 && d != -1)
			abort();
		if (gisa_robots_check(text, size, "gisa", path) != a)
			abort();
		gisa_robots_free(r);
	}
	free(path);
	return 0;
}
