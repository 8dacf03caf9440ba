/* fuzz_normalize.c - libFuzzer target for the text filters: plain text
 * through gisa_normalize_text(), then the byline parser and the dateline
 * scanner on each paragraph (not built by default).
 *
 * Build and run from the project root with clang:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Icore \
 *     tests/fuzz/fuzz_normalize.c core/normalize.c core/title.c \
 *     core/boiler.c core/byline.c core/dateline.c core/ustr.c core/text.c \
 *     core/html.c core/arena.c core/article.c core/strv.c core/buf.c \
 *     core/error.c $(pkg-config --cflags --libs libutf8proc libxml-2.0) \
 *     -o fuzz_normalize
 *   mkdir -p corpus && cp tests/data/normalize/ANY.cases corpus/ &&
 *     ./fuzz_normalize -max_len=20000 corpus
 *
 * (ANY: each case file there makes a good seed.)
 *
 * Besides the sanitizers' findings, the target aborts when normalizing
 * the result again changes it, or when an output string is not valid
 * UTF-8.
 */
#include "byline.h"
#include "dateline.h"
#include "normalize.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static void check_utf8(const char *s)
{
	utf8proc_int32_t c;
	size_t n = strlen(s);

	for (size_t i = 0; i < n;) {
		utf8proc_ssize_t k = utf8proc_iterate(
			(const utf8proc_uint8_t *)s + i,
			(utf8proc_ssize_t)(n - i), &c);
		if (k <= 0)
			abort();
		i += (size_t)k;
	}
}

static char *snapshot(const gisa_article *a)
{
	char *body = gisa_strv_join(&a->paragraphs, "\n\n");
	char *authors = gisa_strv_join(&a->authors, "|");
	size_t n = strlen(body) + strlen(authors) + 16 +
		   (a->title ? strlen(a->title) : 0) +
		   (a->dateline ? strlen(a->dateline) : 0);
	char *s = malloc(n);

	snprintf(s, n, "%s\n%s\n%s\n%s", a->title ? a->title : "", authors,
		 a->dateline ? a->dateline : "", body);
	free(body);
	free(authors);
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gisa_article a = GISA_ARTICLE_INIT;
	char *once, *twice;

	if (gisa_normalize_text((const char *)data, size, NULL, &a) < 0)
		return 0;
	once = snapshot(&a);
	check_utf8(once);
	for (size_t i = 0; i < a.paragraphs.n; i++) {
		gisa_strv names = GISA_STRV_INIT;
		char *dl = NULL;
		gisa_byline_parse(a.paragraphs.v[i], &names);
		gisa_byline_match(a.paragraphs.v[i], &names);
		for (size_t k = 0; k < names.n; k++)
			check_utf8(names.v[k]);
		gisa_dateline_split(a.paragraphs.v[i], &dl, &names);
		free(dl);
		gisa_strv_clear(&names);
	}
	if (gisa_normalize(&a, NULL) == 0) {
		twice = snapshot(&a);
		if (strcmp(once, twice))
			abort();
		free(twice);
	}
	free(once);
	gisa_article_clear(&a);
	return 0;
}
