/* test_chrome.c - the gisa_chrome_*() lines of core/boiler.c against
 * tests/data/chrome: each case is one paragraph and what each function
 * must answer (a missing field means 0). */
#include "boiler.h"
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int want(const t_case *c, const char *field)
{
	const char *v = t_case_get(c, field);
	return v && strcmp(v, "1") == 0;
}

int main(void)
{
	t_casefile cf = { 0 };

	if (t_cases_load_dir(t_path("tests/data/chrome"), &cf) < 20) {
		fprintf(stderr, "expected at least 20 chrome cases\n");
		return 1;
	}
	for (size_t i = 0; i < cf.n; i++) {
		const t_case *c = &cf.cases[i];
		const char *text = t_case_get(c, "text");
		t_context(c->name);
		if (!text) {
			T_OKF(0, "case has no text");
			continue;
		}
		T_INTEQ(gisa_chrome_line(text), want(c, "line"));
		T_INTEQ(gisa_chrome_tail(text), want(c, "tail"));
		T_INTEQ(gisa_chrome_marker(text), want(c, "marker"));
		T_INTEQ(gisa_chrome_summary_label(text), want(c, "summary"));
	}
	t_cases_free(&cf);
	return t_done();
}
