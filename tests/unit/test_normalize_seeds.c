/* test_normalize_seeds.c - the acceptance check of issue 5: the seeds in
 * ../shared/seeds through `gisa normalize`, with each --source the seed
 * belongs to (the rule's clean patterns, then the generic filters) and
 * without any, give exactly the article's paragraphs, title, authors and
 * dateline written down in tests/data/normalize/seeds.expect. Run through
 * the library and through the gisa binary (JSON and text output).
 * Skipped when ../shared is absent. */
#include "article.h"
#include "buf.h"
#include "error.h"
#include "normalize.h"
#include "record.h"
#include "rules.h"
#include "test.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "<fnv1a64> <words> <first three words>|<last three words>" */
static char *signature(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t words = 1, n = strlen(s), cut = 0, spaces = 0, last = n;
	char *out;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ULL;
		words += *p == ' ';
	}
	for (size_t i = 0; i < n && spaces < 3; i++)
		if (s[i] == ' ' && ++spaces == 3)
			cut = i;
	if (spaces < 3)
		cut = n;
	for (spaces = 0; last > 0; last--)
		if (s[last - 1] == ' ' && ++spaces == 3)
			break;
	out = malloc(n * 2 + 64);
	snprintf(out, n * 2 + 64, "%016llx %zu %.*s|%s",
		 (unsigned long long)h, words, (int)cut, s, s + last);
	return out;
}

static void check_record(const gisa_article *a, const t_case *c)
{
	const char *want = t_case_get(c, "paragraphs");
	const char *authors = t_case_get(c, "authors");
	const char *dateline = t_case_get(c, "dateline");
	char *got, *joined;
	gisa_buf b = GISA_BUF_INIT;

	got = a->title ? signature(a->title) : NULL;
	T_STREQ(got, t_case_get(c, "title"));
	free(got);
	joined = gisa_strv_join(&a->authors, "|");
	T_STREQ(joined, authors ? authors : "");
	free(joined);
	T_STREQ(a->dateline ? a->dateline : "", dateline ? dateline : "");
	for (size_t i = 0; i < a->paragraphs.n; i++) {
		char *sig = signature(a->paragraphs.v[i]);
		if (i)
			gisa_buf_putc(&b, '\n');
		gisa_buf_puts(&b, sig);
		free(sig);
	}
	T_STREQ(gisa_buf_cstr(&b), want);
	gisa_buf_free(&b);
}

static char *run(const char *cmd, size_t *len)
{
	FILE *p = popen(cmd, "r");
	char *out = NULL;
	size_t n = 0, cap = 0, got;

	if (!p)
		return NULL;
	do {
		if (cap - n < 4096 && !(out = realloc(out, cap = cap * 2 + 8192)))
			break;
		got = fread(out + n, 1, cap - n - 1, p);
		n += got;
	} while (got > 0);
	if (pclose(p) != 0 || !out) {
		free(out);
		return NULL;
	}
	out[n] = '\0';
	*len = n;
	return out;
}

static void via_binary(const t_case *c, const char *path, const char *source)
{
	const char *bin = getenv("GISA_BIN");
	char cmd[8192], label[256];
	gisa_article a = GISA_ARTICLE_INIT;
	json_error_t jerr;
	json_t *obj;
	size_t len;
	char *out, *text;

	if (!bin)
		return;
	snprintf(label, sizeof label, "%s via gisa%s%s", c->name,
		 source ? " --source " : "", source ? source : "");
	t_context(label);
	snprintf(cmd, sizeof cmd, "'%s' normalize --format json %s%s '%s'",
		 bin, source ? "--source " : "", source ? source : "", path);
	out = run(cmd, &len);
	T_OKF(out != NULL, "%s failed", cmd);
	if (!out)
		return;
	obj = json_loadb(out, len, 0, &jerr);
	T_OKF(obj && gisa_record_from_json(obj, &a) == 0, "bad JSON: %s",
	      jerr.text);
	check_record(&a, c);
	json_decref(obj);
	free(out);
	/* the text format: title, blank line, paragraphs between blank lines */
	snprintf(cmd, sizeof cmd, "'%s' normalize --format text %s%s '%s'",
		 bin, source ? "--source " : "", source ? source : "", path);
	out = run(cmd, &len);
	text = gisa_strv_join(&a.paragraphs, "\n\n");
	if (out && text) {
		gisa_buf want = GISA_BUF_INIT;
		if (a.title)
			gisa_buf_printf(&want, "%s\n\n", a.title);
		gisa_buf_printf(&want, "%s\n", text);
		T_STREQ(out, gisa_buf_cstr(&want));
		gisa_buf_free(&want);
	} else {
		T_OKF(0, "%s failed", cmd);
	}
	free(text);
	free(out);
	gisa_article_clear(&a);
}

/* What `gisa normalize --source NAME` does, through the library. */
static void via_rule(const t_case *c, const char *data, size_t len,
		     gisa_rules *r, const char *name)
{
	gisa_article a = GISA_ARTICLE_INIT;
	char label[256], err[1024];

	snprintf(label, sizeof label, "%s with rule %s", c->name, name);
	t_context(label);
	T_INTEQ(gisa_rules_normalize_text(r, name, data, len, NULL, &a, err,
					  sizeof err), 0);
	T_STREQ(err, "");
	check_record(&a, c);
	gisa_article_clear(&a);
}

static void run_case(const t_case *c, gisa_rules *r)
{
	const char *file = t_case_get(c, "file");
	const char *path = file ? t_shared(file) : NULL;
	const char *sources = t_case_get(c, "source");
	gisa_article a = GISA_ARTICLE_INIT;
	char *data, full[4096], names[256], *name, *save = NULL;
	size_t len;

	t_context(c->name);
	T_OKF(path != NULL, "seed %s is missing", file ? file : "?");
	if (!path)
		return;
	snprintf(full, sizeof full, "%s", path);
	data = t_read_file(full, &len);
	T_OK(data && gisa_normalize_text(data, len, NULL, &a) == 0);
	check_record(&a, c);
	gisa_article_clear(&a);
	via_binary(c, full, NULL);
	/* source: the rules the seed belongs to, separated by spaces */
	snprintf(names, sizeof names, "%s", sources ? sources : "");
	for (name = strtok_r(names, " ", &save); name;
	     name = strtok_r(NULL, " ", &save)) {
		if (data)
			via_rule(c, data, len, r, name);
		via_binary(c, full, name);
	}
	free(data);
}

int main(void)
{
	t_casefile cf = { 0 };
	gisa_rules *r = NULL;

	if (!t_shared("seeds"))
		t_skip("no ../shared/seeds (set GISA_SHARED)");
	if (t_cases_load(t_path("tests/data/normalize/seeds.expect"), &cf) < 0)
		return 1;
	T_OKF(cf.n == 3, "%zu seeds", cf.n);
	{
		const char *dirs[] = { t_path("scripts/sources") };
		T_INTEQ(gisa_rules_open(dirs, 1, NULL, &r, NULL), 0);
	}
	for (size_t i = 0; r && i < cf.n; i++)
		run_case(&cf.cases[i], r);
	gisa_rules_close(r);
	t_cases_free(&cf);
	return t_done();
}
