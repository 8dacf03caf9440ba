/* test_robots.c - robots.txt parsing and matching (RFC 9309).
 *
 * The table cases are the .cases files of tests/data/robots: each gives a
 * file, a product token and the paths it must allow and disallow.
 */
#include "error.h"
#include "robots.h"
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Check every line of list (NULL: none) against r. */
static void check_paths(const gisa_robots *r, const char *list, int want)
{
	const char *p = list;

	while (p && *p) {
		size_t n = strcspn(p, "\n");
		char path[1024];

		snprintf(path, sizeof path, "%.*s", (int)n, p);
		T_OKF(gisa_robots_allowed(r, path) == want, "%s should be %s",
		      path, want ? "allowed" : "disallowed");
		p += n + (p[n] == '\n');
	}
}

static void run_case(const t_case *c)
{
	const char *agent = t_case_get(c, "agent");
	const char *text = t_case_get(c, "robots");
	const char *v;
	gisa_robots *r = NULL;

	t_context(c->name);
	if (!agent)
		agent = "gisa";
	if (!text)
		text = "";
	T_INTEQ(gisa_robots_parse(text, strlen(text), agent, &r), 0);
	if (!r)
		return;
	check_paths(r, t_case_get(c, "allowed"), 1);
	check_paths(r, t_case_get(c, "disallowed"), 0);
	if ((v = t_case_get(c, "crawl-delay")))
		T_OK(gisa_robots_crawl_delay(r) == strtod(v, NULL));
	if ((v = t_case_get(c, "rules")))
		T_INTEQ(gisa_robots_rule_count(r), strtol(v, NULL, 10));
	if ((v = t_case_get(c, "sitemaps"))) {
		char *joined = gisa_strv_join(gisa_robots_sitemaps(r), "\n");
		size_t n = strlen(v);
		while (n && v[n - 1] == '\n')
			n--; /* the blank line before the next case */
		T_OK(joined && strlen(joined) == n && !strncmp(joined, v, n));
		free(joined);
	}
	gisa_robots_free(r);
}

static void test_cases(void)
{
	t_casefile cf = { 0 };
	int n = t_cases_load_dir(t_path("tests/data/robots"), &cf);

	T_OKF(n >= 30, "%d cases, want at least 30", n);
	for (size_t i = 0; i < cf.n; i++)
		run_case(&cf.cases[i]);
	t_context(NULL);
	printf("%zu robots cases\n", cf.n);
	t_cases_free(&cf);
}

static void test_url_path(void)
{
	char buf[64];

	T_INTEQ(gisa_robots_url_path("http://h.example/a/b?c=d#frag", buf,
				     sizeof buf), 8);
	T_STREQ(buf, "/a/b?c=d");
	T_INTEQ(gisa_robots_url_path("https://h.example", buf, sizeof buf), 1);
	T_STREQ(buf, "/");
	T_INTEQ(gisa_robots_url_path("https://h.example:8080?q=1", buf,
				     sizeof buf), 5);
	T_STREQ(buf, "/?q=1");
	T_INTEQ(gisa_robots_url_path("http://u:p@h.example#x", buf,
				     sizeof buf), 1);
	T_STREQ(buf, "/");
	T_INTEQ(gisa_robots_url_path("http://h/0123456789", buf, 5), 11);
	T_STREQ(buf, "/012");
	T_INTEQ(gisa_robots_url_path("no-scheme", buf, sizeof buf),
		GISA_EINVAL);
}

/* Only the first 500 KiB are read: a rule past them does not apply. */
static void test_size_limit(void)
{
	size_t n = GISA_ROBOTS_MAX_SIZE + 100;
	char *text = malloc(n + 64);
	gisa_robots *r = NULL;

	memset(text, '#', n);
	memcpy(text, "User-agent: *\nDisallow: /a\n", 27);
	text[GISA_ROBOTS_MAX_SIZE - 2] = '\n';
	memcpy(text + n, "\nDisallow: /b\n", 14);
	T_INTEQ(gisa_robots_parse(text, n + 14, "gisa", &r), 0);
	T_INTEQ(gisa_robots_allowed(r, "/a"), 0);
	T_INTEQ(gisa_robots_allowed(r, "/b"), 1);
	T_INTEQ(gisa_robots_rule_count(r), 1);
	gisa_robots_free(r);
	free(text);
}

/* A hostile pattern and a long path end (the walk backtracks only to the
 * last '*'), and over-long paths are judged on their first 8 KiB. */
static void test_hostile(void)
{
	const char *robots = "User-agent: *\n"
			     "Disallow: /*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b$\n";
	char *path = malloc(GISA_ROBOTS_MAX_PATH * 2);

	path[0] = '/';
	memset(path + 1, 'a', GISA_ROBOTS_MAX_PATH * 2 - 2);
	path[GISA_ROBOTS_MAX_PATH * 2 - 1] = '\0';
	T_INTEQ(gisa_robots_check(robots, strlen(robots), "gisa", path), 1);
	path[GISA_ROBOTS_MAX_PATH - 1] = 'b';
	T_INTEQ(gisa_robots_check(robots, strlen(robots), "gisa", path), 0);
	free(path);
}

static void test_api_edges(void)
{
	gisa_robots *r = (gisa_robots *)1;

	T_INTEQ(gisa_robots_parse("", 0, NULL, &r), GISA_EINVAL);
	T_INTEQ(gisa_robots_parse(NULL, 0, "gisa", &r), 0);
	T_INTEQ(gisa_robots_allowed(r, "/x"), 1);
	T_INTEQ(gisa_robots_sitemaps(r)->n, 0);
	gisa_robots_free(r);
	T_INTEQ(gisa_robots_allowed(NULL, "/x"), 1);
	T_OK(gisa_robots_crawl_delay(NULL) < 0);
	/* Text without a final newline, and a NUL byte inside a line. */
	T_INTEQ(gisa_robots_check("User-agent: *\nDisallow: /x", 26, "gisa",
				  "/x"), 0);
	T_INTEQ(gisa_robots_check("User-agent: *\nDisallow: /\0y\n", 27,
				  "gisa", "/z"), 1);
}

int main(void)
{
	test_cases();
	test_url_path();
	test_size_limit();
	test_hostile();
	test_api_edges();
	return t_done();
}
