/* test_byline.c - core/byline.c against the cases in tests/data/byline. */
#include "byline.h"
#include "error.h"
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void run_case(const t_case *c)
{
	const char *in = t_case_get(c, "in");
	const char *want = t_case_get(c, "names");
	const char *strict = t_case_get(c, "strict");
	gisa_strv got = GISA_STRV_INIT;
	char *joined;
	int rc;

	t_context(c->name);
	if (!in || !want) {
		T_OKF(0, "case needs in and names");
		return;
	}
	rc = gisa_byline_parse(in, &got);
	T_OKF(rc >= 0, "rc %d", rc);
	joined = gisa_strv_join(&got, "|");
	T_STREQ(joined, want);
	T_INTEQ(rc, got.n);
	free(joined);
	gisa_strv_clear(&got);
	if (strict) {
		rc = gisa_byline_match(in, &got);
		T_OKF((rc > 0) == (strcmp(strict, "yes") == 0),
		      "strict match gave %d, want %s", rc, strict);
		gisa_strv_clear(&got);
	}
}

static void test_limits(void)
{
	gisa_strv sv = GISA_STRV_INIT;
	char *big = malloc(GISA_BYLINE_MAX + 2);

	t_context("limits");
	memset(big, 'A', GISA_BYLINE_MAX + 1);
	big[GISA_BYLINE_MAX + 1] = '\0';
	T_INTEQ(gisa_byline_parse(big, &sv), GISA_ELIMIT);
	T_INTEQ(gisa_byline_parse(NULL, &sv), GISA_EINVAL);
	T_INTEQ(gisa_byline_parse("", &sv), 0);
	/* malformed UTF-8 is read, never trusted */
	T_OK(gisa_byline_parse("By \xff\xfe Kim \xc3", &sv) >= 0);
	/* a name already present is not added twice */
	gisa_strv_clear(&sv);
	gisa_strv_push(&sv, "Jane Doe");
	T_INTEQ(gisa_byline_parse("By Jane Doe and John Roe", &sv), 1);
	T_INTEQ(sv.n, 2);
	gisa_strv_clear(&sv);
	T_OK(gisa_byline_agency("The Associated Press"));
	T_OK(gisa_byline_agency("연합뉴스"));
	T_OK(!gisa_byline_agency("Jane Doe"));
	free(big);
}

int main(void)
{
	t_casefile cf = { 0 };
	int n = t_cases_load_dir(t_path("tests/data/byline"), &cf);

	T_OKF(n >= 30, "%d cases", n);
	for (size_t i = 0; i < cf.n; i++)
		run_case(&cf.cases[i]);
	t_cases_free(&cf);
	test_limits();
	return t_done();
}
