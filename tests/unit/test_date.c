/* test_date.c - the date parser: the cases in tests/data/date, labelled
 * dates, formatting, zone switching from several threads. */
#include "date.h"
#include "error.h"
#include "test.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int code_of(const char *name)
{
	if (strcmp(name, "einval") == 0)
		return GISA_EINVAL;
	if (strcmp(name, "enotfound") == 0)
		return GISA_ENOTFOUND;
	return 1; /* never returned: makes the case fail visibly */
}

static void run_case(const t_case *c)
{
	const char *in = t_case_get(c, "in"), *tz = t_case_get(c, "tz");
	const char *want = t_case_get(c, "want"), *err = t_case_get(c, "error");
	const char *wunix = t_case_get(c, "unix");
	const char *terr = t_case_get(c, "error-time");
	char out[GISA_DATE_BUFSZ];
	long long when = 0;
	int rc;

	t_context(c->name);
	T_OKF(in && (want || err), "case needs in and want or error");
	if (!in)
		return;
	if (tz && !*tz)
		tz = NULL;
	rc = gisa_date_parse(in, tz, out, sizeof out);
	if (err) {
		T_INTEQ(rc, code_of(err));
	} else {
		T_INTEQ(rc, 0);
		T_STREQ(rc == 0 ? out : NULL, want);
	}
	if (wunix) {
		rc = gisa_date_parse_time(in, tz, &when);
		T_INTEQ(rc, 0);
		T_INTEQ(when, strtoll(wunix, NULL, 10));
	}
	if (terr)
		T_INTEQ(gisa_date_parse_time(in, tz, &when), code_of(terr));
}

/* Whether out has one of the three output shapes. */
static int well_formed(const char *out)
{
	static const char *const shapes[] = { "dddd-dd-dd",
		"dddd-dd-ddTdd:dd:dd", "dddd-dd-ddTdd:dd:dd+dd:dd" };
	size_t n = strlen(out);

	for (int k = 0; k < 3; k++) {
		const char *p = shapes[k];
		if (strlen(p) != n)
			continue;
		for (size_t i = 0; i < n; i++)
			if (p[i] == 'd' ? !(out[i] >= '0' && out[i] <= '9') :
			    p[i] == '+' ? !(out[i] == '+' || out[i] == '-') :
			    out[i] != p[i])
				return 0;
		return 1;
	}
	return 0;
}

/* Every case input cut short at each length and with bytes replaced:
 * no crash (the sanitizer build watches), and only well-formed output. */
static void mutate(const char *in)
{
	static unsigned seed = 12345;
	size_t n = strlen(in);
	char buf[512], out[GISA_DATE_BUFSZ];
	int bad = 0;

	if (n >= sizeof buf)
		return;
	for (size_t cut = 0; cut <= n; cut++) {
		memcpy(buf, in, cut);
		buf[cut] = '\0';
		if (gisa_date_parse(buf, NULL, out, sizeof out) == 0 &&
		    !well_formed(out))
			bad++;
	}
	for (int round = 0; round < 40 && n; round++) {
		memcpy(buf, in, n + 1);
		for (int k = 0; k < 3; k++) {
			seed = seed * 1103515245 + 12345;
			buf[(seed >> 8) % n] = (char)(seed >> 16);
		}
		if (gisa_date_parse(buf, NULL, out, sizeof out) == 0 &&
		    !well_formed(out))
			bad++;
	}
	T_OKF(bad == 0, "%d malformed outputs from mutations of %s", bad, in);
}

static void test_cases(void)
{
	t_casefile cf = { 0 };
	int n = t_cases_load_dir(t_path("tests/data/date"), &cf);

	T_OKF(n >= 50, "only %d date cases", n);
	for (size_t i = 0; i < cf.n; i++)
		run_case(&cf.cases[i]);
	for (size_t i = 0; i < cf.n; i++)
		if (t_case_get(&cf.cases[i], "in"))
			mutate(t_case_get(&cf.cases[i], "in"));
	t_context(NULL);
	t_cases_free(&cf);
}

static void test_labelled(void)
{
	const char *s = "입력 2019.08.20 09:31 수정 2019.08.20 10:00";
	char out[GISA_DATE_BUFSZ];

	T_INTEQ(gisa_date_parse_labelled(s, "수정", "Asia/Seoul", out,
					 sizeof out), 0);
	T_STREQ(out, "2019-08-20T10:00:00+09:00");
	T_INTEQ(gisa_date_parse_labelled(s, "입력", "Asia/Seoul", out,
					 sizeof out), 0);
	T_STREQ(out, "2019-08-20T09:31:00+09:00");
	T_INTEQ(gisa_date_parse_labelled(s, "송고", NULL, out, sizeof out),
		GISA_ENOTFOUND);
	T_INTEQ(gisa_date_parse_labelled("Published: Apr 18, 2022 - 16:41 "
					 "updated: Apr 19, 2022 - 08:00",
					 "UPDATED", "Asia/Seoul", out,
					 sizeof out), 0);
	T_STREQ(out, "2022-04-19T08:00:00+09:00");
	T_INTEQ(gisa_date_parse_labelled("수정 없음", "수정", NULL, out,
					 sizeof out), GISA_EINVAL);
}

static void test_format(void)
{
	char out[GISA_DATE_BUFSZ];

	T_INTEQ(gisa_date_format(1566261061, NULL, out, sizeof out), 0);
	T_STREQ(out, "2019-08-20T00:31:01+00:00");
	T_INTEQ(gisa_date_format(1566261061, "Asia/Seoul", out, sizeof out), 0);
	T_STREQ(out, "2019-08-20T09:31:01+09:00");
	T_INTEQ(gisa_date_format(1699587900, "America/New_York", out,
				 sizeof out), 0);
	T_STREQ(out, "2023-11-09T22:45:00-05:00");
	T_INTEQ(gisa_date_format(0, "-03:30", out, sizeof out), 0);
	T_STREQ(out, "1969-12-31T20:30:00-03:30");
	T_INTEQ(gisa_date_format(1, "No/Such_Zone", out, sizeof out),
		GISA_EINVAL);
	T_INTEQ(gisa_date_format(1566261061, NULL, out, 10), GISA_ELIMIT);
	T_INTEQ(gisa_date_parse("2019-08-20", NULL, out, 10), GISA_ELIMIT);
	T_INTEQ(gisa_date_parse("2019-08-20", NULL, out, 11), 0);
	T_INTEQ(gisa_date_parse(NULL, NULL, out, sizeof out), GISA_EINVAL);
	T_OK(gisa_date_zone_ok("Asia/Seoul"));
	T_OK(gisa_date_zone_ok("KST"));
	T_OK(gisa_date_zone_ok("+0530"));
	T_OK(!gisa_date_zone_ok("Asia/"));
	T_OK(!gisa_date_zone_ok("/etc/localtime"));
	T_OK(!gisa_date_zone_ok(NULL));
}

/* Long inputs: only the first GISA_DATE_MAX_INPUT bytes are looked at. */
static void test_limits(void)
{
	size_t n = GISA_DATE_MAX_INPUT * 4;
	char *s = malloc(n + 32), out[GISA_DATE_BUFSZ];

	memset(s, 'x', n);
	strcpy(s + n, " 2019-08-20");
	T_INTEQ(gisa_date_parse(s, NULL, out, sizeof out), GISA_EINVAL);
	memset(s, ' ', n);
	memcpy(s + 10, "2019-08-20", 10);
	T_INTEQ(gisa_date_parse(s, NULL, out, sizeof out), 0);
	/* Many tokens: the tokenizer stops at its cap without harm. */
	for (size_t i = 0; i + 2 < n; i += 2)
		memcpy(s + i, "1-", 2);
	T_INTEQ(gisa_date_parse(s, NULL, out, sizeof out), GISA_EINVAL);
	free(s);
}

struct job {
	const char *tz, *in, *want;
	int bad;
};

static void *worker(void *arg)
{
	struct job *j = arg;
	char out[GISA_DATE_BUFSZ];

	for (int i = 0; i < 300; i++)
		if (gisa_date_parse(j->in, j->tz, out, sizeof out) != 0 ||
		    strcmp(out, j->want) != 0)
			j->bad++;
	return NULL;
}

/* Four threads switch zones at once; each must see its own. */
static void test_threads(void)
{
	struct job jobs[4] = {
		{ "Asia/Seoul", "2024-07-15 12:00", "2024-07-15T12:00:00+09:00", 0 },
		{ "America/New_York", "2024-07-15 12:00", "2024-07-15T12:00:00-04:00", 0 },
		{ "Europe/London", "2024-01-15 12:00", "2024-01-15T12:00:00+00:00", 0 },
		{ "Australia/Sydney", "2024-01-15 12:00", "2024-01-15T12:00:00+11:00", 0 },
	};
	pthread_t th[4];
	const char *tz;

	setenv("TZ", "Europe/Paris", 1);
	for (int i = 0; i < 4; i++)
		pthread_create(&th[i], NULL, worker, &jobs[i]);
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		T_OKF(jobs[i].bad == 0, "%s: %d wrong", jobs[i].tz, jobs[i].bad);
	}
	tz = getenv("TZ");
	T_STREQ(tz, "Europe/Paris");
	unsetenv("TZ");
	worker(&jobs[0]);
	T_OK(getenv("TZ") == NULL);
}

int main(void)
{
	test_cases();
	test_labelled();
	test_format();
	test_limits();
	test_threads();
	return t_done();
}
