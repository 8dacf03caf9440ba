/* test_rules_adversarial.c - hostile rules end with a clear error, the
 * process alive and bounded, and no effect on other rules
 * (tests/data/rules/adversarial.cases; the format is described there).
 */
#include "error.h"
#include "html.h"
#include "rules.h"
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char PAGE[] =
	"<html><head><title>t</title></head><body><h1>Headline one</h1>"
	"<p>Para one.</p><p>Para two.<br>(END)</p>"
	"<p>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	"aaaaaaaaaaaa</p></body></html>";

static const char GOOD[] =
	"return {\n"
	"  title = 'h1',\n"
	"  fixup = function(a) a.subtitle = a.title:upper() .. "
	"string.rep('!', 2) end,\n"
	"}\n";

static char dir[256];

static void write_file(const char *name, const char *text)
{
	t_write_file(dir, name, text);
}

static void parse_opts(const char *s, gisa_rules_opts *o)
{
	o->instr_limit = 2000000;
	o->time_limit = 10;
	o->mem_limit = (size_t)16 << 20;
	while (s && *s) {
		char key[16];
		double v;
		int n;
		if (sscanf(s, "%15[a-z]=%lf%n", key, &v, &n) != 2)
			break;
		if (!strcmp(key, "instr"))
			o->instr_limit = (long)v;
		else if (!strcmp(key, "time"))
			o->time_limit = v;
		else if (!strcmp(key, "mem"))
			o->mem_limit = (size_t)v << 20;
		s += n;
		while (*s == ' ')
			s++;
	}
}

/* The good rule still works on a fresh copy of the page. */
static void check_good(gisa_rules *r)
{
	gisa_doc *doc;
	gisa_article a = GISA_ARTICLE_INIT;
	char err[512];
	int rc;

	gisa_html_parse(PAGE, sizeof PAGE - 1, "https://example.com/", &doc);
	rc = gisa_rules_apply(r, "good", doc, &a, NULL, err, sizeof err);
	T_OKF(rc == 0, "good rule failed: %s", err);
	T_STREQ(a.title, "Headline one");
	T_STREQ(a.subtitle, "HEADLINE ONE!!");
	gisa_article_clear(&a);
	gisa_doc_free(doc);
}

static int apply_once(gisa_rules *r, char *err, size_t errlen)
{
	gisa_doc *doc;
	gisa_article a = GISA_ARTICLE_INIT;
	int rc;

	gisa_html_parse(PAGE, sizeof PAGE - 1, "https://example.com/", &doc);
	a.title = strdup("from meta");
	rc = gisa_rules_apply(r, "adv", doc, &a, NULL, err, errlen);
	if (rc != 0) /* a failed rule leaves the record as it was */
		T_OKF(a.title && !strcmp(a.title, "from meta") && !a.source,
		      "record touched: title=%s", a.title);
	gisa_article_clear(&a);
	gisa_doc_free(doc);
	return rc;
}

static void check_message(const t_case *c, const char *msg)
{
	const char *want = t_case_get(c, "error");
	const char *where = t_case_get(c, "where");

	T_OKF(strstr(msg, want) != NULL, "error '%s' lacks '%s'", msg, want);
	if (where && !strcmp(where, "yes")) {
		const char *p = strstr(msg, "adv.lua:");
		T_OKF(p && p[8] >= '0' && p[8] <= '9',
		      "no adv.lua:LINE in '%.300s'", msg);
	}
}

static void run_case(const t_case *c)
{
	const char *want = t_case_get(c, "error");
	const char *phase = t_case_get(c, "phase");
	const char *page = t_case_get(c, "page");
	int fail_page = page ? atoi(page) : 1;
	const char *dirs[] = { dir };
	gisa_strv errors = GISA_STRV_INIT;
	gisa_rules_opts o;
	gisa_rules *r;
	char err[8192];

	t_context(c->name);
	if (getenv("GISA_TEST_VERBOSE"))
		fprintf(stderr, "case: %s\n", c->name);
	write_file("adv.lua", t_case_get(c, "rule"));
	parse_opts(t_case_get(c, "opts"), &o);
	T_INTEQ(gisa_rules_open(dirs, 1, &o, &r, &errors), 0);
	if (phase && !strcmp(phase, "load")) {
		T_OK(gisa_rules_file(r, "adv") == NULL);
		T_INTEQ(errors.n, 1);
		if (errors.n) {
			check_message(c, errors.v[0]);
			if (getenv("GISA_TEST_VERBOSE"))
				fprintf(stderr, "  -> %.400s\n", errors.v[0]);
			T_OKF(strstr(errors.v[0], "adv.lua") != NULL,
			      "no file name in '%s'", errors.v[0]);
		}
		check_good(r);
		goto out;
	}
	T_INTEQ(errors.n, 0);
	for (int i = 1; i <= 3; i++) {
		int rc = apply_once(r, err, sizeof err);
		if (!strcmp(want, "ok") || i < fail_page) {
			T_OKF(rc == 0, "page %d: %s", i, err);
		} else {
			T_INTEQ(rc, GISA_ERULE);
			T_OKF(!strncmp(err, "rule adv: ", 10), "prefix: %.200s",
			      err);
			check_message(c, err);
			if (getenv("GISA_TEST_VERBOSE") && i == fail_page)
				fprintf(stderr, "  -> %.400s\n", err);
		}
		check_good(r);
	}
out:
	gisa_rules_close(r);
	gisa_strv_clear(&errors);
}

int main(void)
{
	t_casefile cf = { 0 };
	char path[512];

	snprintf(dir, sizeof dir, "%s/rules-adv-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	write_file("good.lua", GOOD);
	if (t_cases_load(t_path("tests/data/rules/adversarial.cases"), &cf) < 0)
		return 1;
	T_OKF(cf.n >= 25, "only %zu cases", cf.n);
	for (size_t i = 0; i < cf.n; i++)
		run_case(&cf.cases[i]);
	t_context(NULL);
	t_cases_free(&cf);
	snprintf(path, sizeof path, "%s/adv.lua", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/good.lua", dir);
	unlink(path);
	rmdir(dir);
	return t_done();
}
