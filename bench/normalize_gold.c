/* normalize_gold.c - how much real article text the boilerplate filters
 * keep: every gold body in ../shared (the AEB ground truth and the
 * expected.json bodies of data/news) goes through gisa_normalize() as a
 * record, and a gold paragraph counts as kept when it comes out whole
 * (whitespace folded; a dateline or agency credit cut off its ends still
 * counts). Gold bodies include some credits, captions and link boxes
 * that gisa drops on purpose, so 100% is not the goal; the pages with the
 * most loss are listed to read. Also prints the throughput. */
#include "corpus.h"
#include "normalize.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct page_loss {
	char name[64];
	size_t lost, total;
};

static struct page_loss worst[8];
static size_t total_paras, kept_paras, pages;
static double cpu;

static void fold(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	int space = 0;

	for (; *s && n + 1 < cap; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
			space = n > 0;
			continue;
		}
		if (space && n + 2 < cap)
			out[n++] = ' ';
		space = 0;
		out[n++] = *s;
	}
	out[n] = '\0';
}

static int kept(const gisa_article *a, const char *gold)
{
	static char g[1 << 16], p[1 << 16];

	fold(gold, g, sizeof g);
	for (size_t i = 0; i < a->paragraphs.n; i++) {
		fold(a->paragraphs.v[i], p, sizeof p);
		if (!strcmp(p, g) || (strlen(p) > 20 && strstr(g, p)))
			return 1;
	}
	return 0;
}

static void note(const char *name, size_t lost, size_t total)
{
	size_t k = sizeof worst / sizeof worst[0];

	for (size_t i = 0; i < k; i++)
		if (lost > worst[i].lost) {
			memmove(worst + i + 1, worst + i,
				(k - i - 1) * sizeof *worst);
			if (snprintf(worst[i].name, sizeof worst[i].name, "%s",
				     name) >= (int)sizeof worst[i].name)
				strcpy(worst[i].name + sizeof worst[i].name - 4,
				       "...");
			worst[i].lost = lost;
			worst[i].total = total;
			return;
		}
}

/* Gold paragraphs made of spaces and zero-width characters are not
 * text (gisa drops them); skip them. */
static int visible(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!strncmp(s + i, "\xE2\x80\x8B", 3) ||
		    !strncmp(s + i, "\xC2\xA0", 2)) {
			i += s[i] == '\xC2' ? 1 : 2;
			continue;
		}
		if (!strchr(" \t\r\n", s[i]))
			return 1;
	}
	return 0;
}

static void run_body(const char *name, const char *body, int by_line)
{
	gisa_article a = GISA_ARTICLE_INIT;
	gisa_strv gold = GISA_STRV_INIT;
	size_t lost = 0;
	double t0;

	for (const char *s = body; *s;) {
		const char *e = by_line ? strchr(s, '\n') : strstr(s, "\n\n");
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (visible(s, n))
			gisa_strv_pushn(&gold, s, n);
		s = e ? e + (by_line ? 1 : 2) : s + n;
	}
	for (size_t i = 0; i < gold.n; i++)
		gisa_strv_push(&a.paragraphs, gold.v[i]);
	t0 = bench_cpu();
	if (gisa_normalize(&a, NULL) == 0) {
		cpu += bench_cpu() - t0;
		for (size_t i = 0; i < gold.n; i++)
			lost += !kept(&a, gold.v[i]);
		total_paras += gold.n;
		kept_paras += gold.n - lost;
		pages++;
		note(name, lost, gold.n);
	}
	gisa_article_clear(&a);
	gisa_strv_clear(&gold);
}

static void aeb(void)
{
	const char *path = bench_shared("data/aeb/ground-truth.json");
	json_t *root, *v;
	const char *key;

	if (!path || !(root = json_load_file(path, 0, NULL)))
		return;
	json_object_foreach(root, key, v) {
		const char *body = json_string_value(json_object_get(v,
							   "articleBody"));
		char name[64];
		snprintf(name, sizeof name, "aeb:%.12s", key);
		if (body)
			run_body(name, body, 1);
	}
	json_decref(root);
}

static void news(void)
{
	static const char *const dirs[] = { "reuters", "yonhap", "korean",
					    "other", NULL };
	char cmd[4096], line[4096];

	for (const char *const *d = dirs; *d; d++) {
		char rel[64];
		const char *dir;
		FILE *ls;
		snprintf(rel, sizeof rel, "data/news/%s", *d);
		if (!(dir = bench_shared(rel)))
			continue;
		snprintf(cmd, sizeof cmd, "ls '%s'/*.expected.json 2>/dev/null",
			 dir);
		if (!(ls = popen(cmd, "r")))
			continue;
		while (fgets(line, sizeof line, ls)) {
			json_t *o;
			const char *body, *base;
			line[strcspn(line, "\n")] = '\0';
			if (!(o = json_load_file(line, 0, NULL)))
				continue;
			body = json_string_value(json_object_get(o, "body"));
			base = strrchr(line, '/');
			if (body)
				run_body(base ? base + 1 : line, body, 0);
			json_decref(o);
		}
		pclose(ls);
	}
}

int main(void)
{
	if (!bench_shared("data")) {
		printf("skipped: no ../shared/data (set GISA_SHARED)\n");
		return 0;
	}
	aeb();
	news();
	printf("pages %zu, gold paragraphs %zu, kept %zu (%.1f%%)\n", pages,
	       total_paras, kept_paras,
	       total_paras ? 100.0 * (double)kept_paras / (double)total_paras
			   : 0.0);
	printf("normalize: %.0f paragraphs/s of CPU\n",
	       cpu > 0 ? (double)total_paras / cpu : 0.0);
	printf("pages with the most gold paragraphs dropped:\n");
	for (size_t i = 0; i < sizeof worst / sizeof worst[0]; i++)
		if (worst[i].lost)
			printf("  %-40s %zu of %zu\n", worst[i].name,
			       worst[i].lost, worst[i].total);
	return 0;
}
