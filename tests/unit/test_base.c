/* test_base.c - buffers, string vectors, arenas, error text, case files. */
#include "arena.h"
#include "buf.h"
#include "error.h"
#include "strv.h"
#include "test.h"

#include <stdlib.h>
#include <string.h>

static void test_buf(void)
{
	gisa_buf b = GISA_BUF_INIT;

	T_STREQ(gisa_buf_cstr(&b), "");
	T_INTEQ(gisa_buf_puts(&b, "abc"), 0);
	T_INTEQ(gisa_buf_printf(&b, "-%d-", 42), 0);
	T_INTEQ(gisa_buf_putc(&b, 'z'), 0);
	T_STREQ(gisa_buf_cstr(&b), "abc-42-z");
	gisa_buf_truncate(&b, 2);
	T_STREQ(b.data, "ab");
	for (int i = 0; i < 10000; i++)
		gisa_buf_putc(&b, 'x');
	T_INTEQ(b.len, 10002);
	T_INTEQ(gisa_buf_reserve(&b, (size_t)-1), GISA_ENOMEM);
	T_INTEQ(b.len, 10002);
	char *s = gisa_buf_detach(&b);
	T_OK(s && strlen(s) == 10002 && b.data == NULL && b.len == 0);
	free(s);
	gisa_buf_free(&b);
}

static void test_strv(void)
{
	gisa_strv sv = GISA_STRV_INIT;
	char *joined;

	for (int i = 0; i < 20; i++)
		gisa_strv_push(&sv, i % 2 ? "odd" : "even");
	gisa_strv_pushn(&sv, "last-and-more", 4);
	T_INTEQ(sv.n, 21);
	T_STREQ(sv.v[20], "last");
	T_INTEQ(gisa_strv_find(&sv, "odd"), 1);
	T_INTEQ(gisa_strv_find(&sv, "none"), -1);
	gisa_strv_remove(&sv, 0);
	T_STREQ(sv.v[0], "odd");
	T_INTEQ(sv.n, 20);
	gisa_strv_clear(&sv);
	gisa_strv_push(&sv, "a");
	gisa_strv_push(&sv, "b");
	joined = gisa_strv_join(&sv, "\n\n");
	T_STREQ(joined, "a\n\nb");
	free(joined);
	gisa_strv_clear(&sv);
	joined = gisa_strv_join(&sv, ",");
	T_STREQ(joined, "");
	free(joined);
}

static void test_arena(void)
{
	gisa_arena *a = gisa_arena_new();
	char *big;

	T_OK(a != NULL);
	for (int i = 0; i < 5000; i++) {
		char *p = gisa_arena_alloc(a, 7);
		T_OK(((size_t)p & 15) == 0);
	}
	big = gisa_arena_alloc(a, 1 << 20);
	T_OK(big != NULL);
	memset(big, 1, 1 << 20);
	T_STREQ(gisa_arena_strndup(a, "hello world", 5), "hello");
	T_OK(gisa_arena_used(a) >= (1 << 20) + 5000 * 16);
	T_OK(gisa_arena_alloc(a, (size_t)-1) == NULL);
	gisa_arena_free(a);
}

static void test_errors(void)
{
	T_STREQ(gisa_strerror(0), "success");
	T_STREQ(gisa_strerror(GISA_ENOMEM), "out of memory");
	T_STREQ(gisa_strerror(GISA_EINTR), "interrupted");
	T_STREQ(gisa_strerror(GISA_E__LAST), "unknown error");
	T_STREQ(gisa_strerror(5), "unknown error");
	for (int c = GISA_EINTR; c < 0; c++)
		T_OKF(strcmp(gisa_strerror(c), "unknown error") != 0,
		      "code %d has no text", c);
}

static void test_casefile(void)
{
	t_casefile cf = { 0 };
	T_INTEQ(t_cases_load(t_path("tests/data/base/casefile.cases"), &cf), 0);
	T_INTEQ(cf.n, 2);
	if (cf.n == 2) {
		T_STREQ(cf.cases[0].name, "first case");
		T_STREQ(t_case_get(&cf.cases[0], "one"), "single line");
		T_STREQ(t_case_get(&cf.cases[0], "multi"), "line 1\n--not a marker\n\nline 3");
		T_STREQ(t_case_get(&cf.cases[1], "empty"), "");
		T_OK(t_case_get(&cf.cases[1], "missing") == NULL);
		T_INTEQ(cf.cases[1].line, 12);
	}
	t_cases_free(&cf);
}

int main(void)
{
	test_buf();
	test_strv();
	test_arena();
	test_errors();
	test_casefile();
	return t_done();
}
