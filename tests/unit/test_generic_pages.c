/* test_generic_pages.c - the generic extractor over every saved page of
 * the shared data (AEB and news), decoded and parsed as gisa does: no
 * error, no crash (the sanitizer build checks memory), and a body for
 * every AEB article. Exits 77 when GISA_SHARED is absent. */
#include "decode.h"
#include "error.h"
#include "generic.h"
#include "html.h"
#include "test.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static char *gunzip(const char *path, size_t *len)
{
	gzFile f = gzopen(path, "rb");
	size_t cap = 1 << 20, n = 0;
	char *buf = malloc(cap);
	int got;

	if (!f || !buf) {
		if (f)
			gzclose(f);
		free(buf);
		return NULL;
	}
	while ((got = gzread(f, buf + n, (unsigned)(cap - n))) > 0) {
		n += (size_t)got;
		if (n == cap) {
			char *p = realloc(buf, cap *= 2);
			if (!p)
				break;
			buf = p;
		}
	}
	gzclose(f);
	*len = n;
	return buf;
}

static int shared_page(const char *path, int need_body)
{
	size_t len = 0;
	char *raw = gunzip(path, &len); /* reads plain files as they are */
	gisa_decoded dec;
	gisa_doc *doc = NULL;
	gisa_article a = GISA_ARTICLE_INIT;

	t_context(path);
	if (!raw) {
		T_OKF(0, "cannot read");
		return 0;
	}
	T_INTEQ(gisa_decode(raw, len, NULL, &dec), 0);
	if (gisa_html_parse(dec.utf8, dec.len, NULL, &doc) == 0) {
		T_INTEQ(gisa_generic_extract(doc, NULL, &a), 0);
		if (need_body)
			T_OKF(a.paragraphs.n > 0, "no body");
		gisa_article_clear(&a);
		gisa_doc_free(doc);
	}
	gisa_decoded_free(&dec);
	free(raw);
	return 1;
}

static int shared_dir(const char *rel, int need_body)
{
	const char *dir = t_shared(rel);
	char path[4096];
	struct dirent *e;
	DIR *d;
	int n = 0;

	if (!dir || !(d = opendir(dir)))
		return 0;
	snprintf(path, sizeof path, "%s", dir);
	while ((e = readdir(d))) {
		size_t k = strlen(e->d_name);
		if ((k > 5 && !strcmp(e->d_name + k - 5, ".html")) ||
		    (k > 8 && !strcmp(e->d_name + k - 8, ".html.gz"))) {
			char full[8192];
			snprintf(full, sizeof full, "%s/%s", path, e->d_name);
			n += shared_page(full, need_body);
		}
	}
	closedir(d);
	return n;
}

int main(void)
{
	static const char *const news[] = { "data/news/reuters",
		"data/news/yonhap", "data/news/korean", "data/news/other" };
	int pages;

	if (!t_shared("data/aeb/html"))
		t_skip("no AEB pages under GISA_SHARED (../shared)");
	pages = shared_dir("data/aeb/html", 1);
	T_OKF(pages >= 181, "only %d AEB pages read", pages);
	for (size_t i = 0; i < sizeof news / sizeof news[0]; i++)
		pages += shared_dir(news[i], 0);
	printf("%d pages\n", pages);
	return t_done();
}
