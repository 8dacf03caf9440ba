/* test_urlnorm.c - URL normalization, resolution and host extraction. */
#include "error.h"
#include "test.h"
#include "urlnorm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char rfc_base[] = "http://a/b/c/d;p?q";

/* unescape - \n \t \r \\ and \xHH in a case value (static buffer). */
static const char *unescape(const char *s)
{
	static char buf[1024];
	size_t n = 0;

	for (; s && *s && n + 1 < sizeof buf; s++) {
		if (*s != '\\' || !s[1]) {
			buf[n++] = *s;
			continue;
		}
		s++;
		if (*s == 'n')
			buf[n++] = '\n';
		else if (*s == 't')
			buf[n++] = '\t';
		else if (*s == 'r')
			buf[n++] = '\r';
		else if (*s == 'x' && s[1] && s[2]) {
			char hex[3] = { s[1], s[2], 0 };
			buf[n++] = (char)strtol(hex, NULL, 16);
			s += 2;
		} else {
			buf[n++] = '\\';
			buf[n++] = *s;
		}
	}
	buf[n] = 0;
	return buf;
}

static const char *code_name(int rc)
{
	switch (rc) {
	case GISA_EINVAL: return "EINVAL";
	case GISA_ELIMIT: return "ELIMIT";
	case GISA_ENOMEM: return "ENOMEM";
	default: return "?";
	}
}

/* check_result - compare rc/out with want ("error: NAME" or a URL). */
static void check_result(int rc, const char *out, const char *want)
{
	char got[64];

	if (strncmp(want, "error: ", 7) == 0) {
		snprintf(got, sizeof got, "error: %s", rc ? code_name(rc) : "none");
		T_STREQ(rc ? got : out, want);
		T_OK(out == NULL || rc == 0);
		return;
	}
	T_INTEQ(rc, 0);
	T_STREQ(out, want);
}

static void run_normalize(const t_case *c)
{
	const char *want = t_case_get(c, "want");
	char *in = strdup(unescape(t_case_get(c, "in")));
	char *out = NULL, *again = NULL;
	int rc = gisa_url_normalize(in, &out);

	check_result(rc, out, want);
	if (rc == 0) {
		/* a normal form is a fixed point */
		T_INTEQ(gisa_url_normalize(out, &again), 0);
		T_STREQ(again, out);
	}
	free(again);
	free(out);
	free(in);
}

static void run_resolve(const t_case *c)
{
	const char *base = t_case_get(c, "base");
	char *b = strdup(base ? unescape(base) : rfc_base);
	char *ref = strdup(unescape(t_case_get(c, "in")));
	char *out = NULL;
	int rc = gisa_url_resolve(b, ref, &out);

	check_result(rc, out, t_case_get(c, "want"));
	free(out);
	free(ref);
	free(b);
}

static void run_dir(const char *dir, const char *file,
		    void (*run)(const t_case *), int min)
{
	t_casefile cf = { 0 };
	char path[256];

	snprintf(path, sizeof path, "tests/data/%s/%s", dir, file);
	if (t_cases_load(t_path(path), &cf) < 0) {
		T_OKF(0, "cannot load %s", path);
		return;
	}
	T_OKF(cf.n >= (size_t)min, "%s has %zu cases", path, cf.n);
	for (size_t i = 0; i < cf.n; i++) {
		t_context(cf.cases[i].name);
		run(&cf.cases[i]);
	}
	t_context(NULL);
	t_cases_free(&cf);
}

static void test_host(void)
{
	char host[32], tiny[4];

	T_INTEQ(gisa_url_host("http://WWW.Example.COM:8080/x", host,
			      sizeof host), 0);
	T_STREQ(host, "www.example.com");
	T_INTEQ(gisa_url_host(" https://[::1]/ ", host, sizeof host), 0);
	T_STREQ(host, "[::1]");
	T_INTEQ(gisa_url_host("https://news.Yonhapnews.co.kr/a", tiny,
			      sizeof tiny), GISA_ELIMIT);
	T_INTEQ(gisa_url_host("mailto:a@b.c", host, sizeof host), GISA_EINVAL);
	T_INTEQ(gisa_url_host(NULL, host, sizeof host), GISA_EINVAL);
}

static void test_limits(void)
{
	size_t n = GISA_URL_MAX + 10;
	char *big = malloc(n + 1), *out = (char *)1;

	memcpy(big, "http://example.com/", 19);
	memset(big + 19, 'a', n - 19);
	big[n] = 0;
	T_INTEQ(gisa_url_normalize(big, &out), GISA_ELIMIT);
	T_OK(out == NULL);
	T_INTEQ(gisa_url_resolve("http://example.com/", big, &out),
		GISA_ELIMIT);
	/* within the input limit, but encoding makes it three times longer */
	memset(big + 19, ' ', GISA_URL_MAX - 19);
	big[GISA_URL_MAX - 1] = 'z';
	big[GISA_URL_MAX] = 0;
	T_INTEQ(gisa_url_normalize(big, &out), GISA_ELIMIT);
	T_OK(out == NULL);
	free(big);
	T_INTEQ(gisa_url_normalize(NULL, &out), GISA_EINVAL);
}

static void test_tracking_names(void)
{
	T_OK(gisa_url_is_tracking_param("utm_source", 10));
	T_OK(gisa_url_is_tracking_param("gclid=1", 5));
	T_OK(!gisa_url_is_tracking_param("utm_", 4));
	T_OK(!gisa_url_is_tracking_param("id", 2));
	T_OK(!gisa_url_is_tracking_param("fbclidx", 7));
}

int main(void)
{
	run_dir("urlnorm", "normalize.cases", run_normalize, 40);
	run_dir("urlnorm", "resolve.cases", run_resolve, 25);
	test_host();
	test_limits();
	test_tracking_names();
	return t_done();
}
