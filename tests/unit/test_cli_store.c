/* test_cli_store.c - `gisa export` and `gisa status` on a database filled
 * through the store API, run as the real binary ($GISA_BIN). */
#include "article.h"
#include "buf.h"
#include "store.h"
#include "test.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define T0 1700000000LL /* 2023-11-14T22:13:20Z */

static char dir[256], db[300];

/* gisa - run the binary with args; stdout into out; the exit status. */
static int gisa(const char *args, gisa_buf *out)
{
	char cmd[1024], buf[4096];
	FILE *p;
	size_t n;
	int st;

	snprintf(cmd, sizeof cmd, "'%s' %s 2>'%s/stderr'", getenv("GISA_BIN"),
		 args, dir);
	gisa_buf_truncate(out, 0);
	if (!(p = popen(cmd, "r")))
		return -1;
	while ((n = fread(buf, 1, sizeof buf, p)) > 0)
		gisa_buf_append(out, buf, n);
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *stderr_text(void)
{
	char path[300];
	snprintf(path, sizeof path, "%s/stderr", dir);
	return t_read_file(path, NULL);
}

static void fill(void)
{
	gisa_store *st = NULL;
	gisa_article a;
	char url[64], body[64];

	T_INTEQ(gisa_store_open(db, 0, &st), 0);
	for (int i = 0; i < 40; i++) {
		memset(&a, 0, sizeof a);
		snprintf(url, sizeof url, "https://%s.example/%d",
			 i < 30 ? "yonhap" : "herald", i);
		snprintf(body, sizeof body, "기사 본문 %d", i);
		gisa_article_set(&a.url, url);
		gisa_article_set(&a.source, i < 30 ? "yonhap" : "herald");
		/* yonhap's last 8 articles lose their titles */
		gisa_article_set(&a.title, i < 22 || i >= 30 ? "제목" : NULL);
		gisa_strv_push(&a.paragraphs, body);
		gisa_store_set_clock(st, T0 + i);
		T_INTEQ(gisa_store_put_article(st, 0, &a, NULL),
			GISA_ARTICLE_NEW);
		gisa_article_clear(&a);
	}
	gisa_store_close(st);
}

static size_t lines(const gisa_buf *b)
{
	size_t n = 0;
	for (size_t i = 0; i < b->len; i++)
		n += b->data[i] == '\n';
	return n;
}

static void test_export(void)
{
	gisa_buf out = GISA_BUF_INIT;
	char args[512];
	json_t *j;

	t_context("export jsonl");
	snprintf(args, sizeof args, "export --db '%s'", db);
	T_INTEQ(gisa(args, &out), 0);
	T_INTEQ(lines(&out), 40);
	j = json_loadb(out.data, strcspn(out.data, "\n"), 0, NULL);
	T_STREQ(json_string_value(json_object_get(j, "url")),
		"https://yonhap.example/0");
	T_STREQ(json_string_value(json_object_get(j, "body")), "기사 본문 0");
	T_OK(json_object_get(j, "content_hash") != NULL);
	json_decref(j);

	t_context("export json, one source");
	snprintf(args, sizeof args, "export --db='%s' --source herald "
		 "--format json", db);
	T_INTEQ(gisa(args, &out), 0);
	j = json_loads(gisa_buf_cstr(&out), 0, NULL);
	T_OK(json_is_array(j));
	T_INTEQ(json_array_size(j), 10);
	json_decref(j);

	t_context("export since");
	snprintf(args, sizeof args, "export --db '%s' --since "
		 "2023-11-14T22:13:50Z", db);
	T_INTEQ(gisa(args, &out), 0);
	T_INTEQ(lines(&out), 10);
	snprintf(args, sizeof args, "export --db '%s' --since "
		 "2023-11-15T07:13:50+09:00 --source yonhap", db);
	T_INTEQ(gisa(args, &out), 0);
	T_INTEQ(lines(&out), 0);
	snprintf(args, sizeof args, "export --db '%s' --since @%lld", db,
		 T0 + 25);
	T_INTEQ(gisa(args, &out), 0);
	T_INTEQ(lines(&out), 15);
	snprintf(args, sizeof args, "export --db '%s' --since 2023-11-15 "
		 "--format json", db);
	T_INTEQ(gisa(args, &out), 0);
	T_STREQ(gisa_buf_cstr(&out), "[]\n");

	t_context("export errors");
	snprintf(args, sizeof args, "export --db '%s' --format xml", db);
	T_INTEQ(gisa(args, &out), 2);
	snprintf(args, sizeof args, "export --db '%s' --since yesterday", db);
	T_INTEQ(gisa(args, &out), 2);
	snprintf(args, sizeof args, "export --db '%s/none.db'", dir);
	T_INTEQ(gisa(args, &out), 1);
	char *err = stderr_text();
	T_OKF(err && strstr(err, "no database"), "%s", err);
	free(err);
	gisa_buf_free(&out);
}

static void test_status(void)
{
	gisa_buf out = GISA_BUF_INIT;
	char args[512];
	json_t *j, *y;

	t_context("status text");
	snprintf(args, sizeof args, "status --db '%s' --recent 10", db);
	T_INTEQ(gisa(args, &out), 0);
	T_OKF(strstr(gisa_buf_cstr(&out), "yonhap") &&
	      strstr(gisa_buf_cstr(&out), "herald"), "%s", out.data);
	T_OKF(strstr(gisa_buf_cstr(&out), "title empty in 8 of the last 10"),
	      "%s", out.data);

	t_context("status json");
	snprintf(args, sizeof args, "status --db '%s' --recent 10 --format "
		 "json", db);
	T_INTEQ(gisa(args, &out), 0);
	j = json_loads(gisa_buf_cstr(&out), 0, NULL);
	T_INTEQ(json_array_size(j), 2);
	y = json_array_get(j, 1);
	T_STREQ(json_string_value(json_object_get(y, "source")), "yonhap");
	T_INTEQ(json_integer_value(json_object_get(y, "articles")), 30);
	T_STREQ(json_string_value(json_array_get(json_object_get(y, "drift"),
						 0)), "title");
	T_STREQ(json_string_value(json_object_get(y, "last_success")), NULL);
	T_INTEQ(json_array_size(json_object_get(json_array_get(j, 0),
						"drift")), 0);
	json_decref(j);

	t_context("status errors");
	snprintf(args, sizeof args, "status --db '%s' --recent 2", db);
	T_INTEQ(gisa(args, &out), 2);
	snprintf(args, sizeof args, "status --db '%s/none.db'", dir);
	T_INTEQ(gisa(args, &out), 1);
	gisa_buf_free(&out);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	char cmd[300];

	if (!getenv("GISA_BIN"))
		t_skip("GISA_BIN is not set (run through ctest)");
	snprintf(dir, sizeof dir, "%s/gisa-cli-XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return 1;
	snprintf(db, sizeof db, "%s/state.db", dir);
	fill();
	test_export();
	test_status();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return t_done();
}
