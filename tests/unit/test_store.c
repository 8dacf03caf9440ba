/* test_store.c - the state database: migrations, frontier, leases, pages,
 * article dedupe, export, the outbox, status, runs, the run lock, crashes
 * and faults.
 * Each test works on its own database file in a fresh temporary folder. */
#include "article.h"
#include "error.h"
#include "store.h"
#include "test.h"
#include "urlnorm.h"

#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define T0 1700000000LL

static char tmpdir[256];
static int dbno;

/* new_db - a path for a fresh database file. */
static const char *new_db(void)
{
	static char path[320];
	snprintf(path, sizeof path, "%s/t%d.db", tmpdir, ++dbno);
	return path;
}

/* open_new - a fresh read-write store at a fixed clock. */
static gisa_store *open_new(const char **pathp)
{
	const char *path = new_db();
	gisa_store *st = NULL;
	int rc = gisa_store_open(path, 0, &st);

	T_OKF(rc == 0, "open %s: %s", path, gisa_store_errmsg(st));
	gisa_store_set_clock(st, T0);
	if (pathp)
		*pathp = path;
	return st;
}

static long long q_int(gisa_store *st, const char *sql)
{
	sqlite3 *db = gisa_store_backend_handle(st);
	sqlite3_stmt *s;
	long long v = -999;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return -998;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static char *q_text(gisa_store *st, const char *sql)
{
	sqlite3 *db = gisa_store_backend_handle(st);
	sqlite3_stmt *s;
	char *v = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return NULL;
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		v = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return v;
}

static int integrity_ok(gisa_store *st)
{
	char *r = q_text(st, "PRAGMA integrity_check");
	int ok = r && strcmp(r, "ok") == 0;
	free(r);
	return ok &&
	       q_int(st, "SELECT count(*) FROM pragma_foreign_key_check") == 0;
}

/* stuck - URLs unfinished with nothing scheduled (the schema forbids it) */
static long long stuck(gisa_store *st)
{
	return q_int(st, "SELECT count(*) FROM urls WHERE state NOT IN "
			 "('extracted', 'failed') AND next_attempt_at IS NULL");
}

static long long add1(gisa_store *st, const char *source, const char *url,
		      gisa_url_kind kind)
{
	gisa_store_url u = { url, kind, 0 };
	return gisa_store_add_urls(st, source, &u, 1, 0);
}

static long long url_id(gisa_store *st, const char *url)
{
	char sql[512];
	snprintf(sql, sizeof sql, "SELECT id FROM urls WHERE url = '%s'", url);
	return q_int(st, sql);
}

/* mk - an article with a title and body paragraphs. */
static void mk(gisa_article *a, const char *url, const char *canonical,
	       const char *title, const char *body)
{
	memset(a, 0, sizeof *a);
	gisa_article_set(&a->url, url);
	gisa_article_set(&a->canonical_url, canonical);
	gisa_article_set(&a->title, title);
	gisa_article_set(&a->fetched_at, "2023-11-14T22:13:20Z");
	if (body)
		gisa_strv_push(&a->paragraphs, body);
}

/* ---- schema ---- */

static void test_open_fresh(void)
{
	gisa_store *st;

	t_context("open a fresh database");
	st = open_new(NULL);
	T_INTEQ(gisa_store_schema_version(st), GISA_STORE_SCHEMA_VERSION);
	T_INTEQ(q_int(st, "PRAGMA foreign_keys"), 1);
	T_INTEQ(q_int(st, "SELECT count(*) FROM sqlite_schema WHERE type = "
			  "'table' AND name IN ('sources', 'urls', 'pages', "
			  "'articles', 'runs', 'run_sources', 'outbox')"), 7);
	char *mode = q_text(st, "PRAGMA journal_mode");
	T_STREQ(mode, "wal");
	free(mode);
	T_OK(integrity_ok(st));
	gisa_store_close(st);
}

static void test_migrations(void)
{
	const char *path = new_db();
	gisa_store *st = NULL;
	gisa_article a;
	long long id;

	t_context("migrate from version 1");
	T_INTEQ(gisa_store_open(path, GISA_STORE_NOMIGRATE, &st), 0);
	T_INTEQ(gisa_store_schema_version(st), 0);
	T_INTEQ(gisa_store_migrate(st, 1), 0);
	T_INTEQ(gisa_store_schema_version(st), 1);
	T_INTEQ(q_int(st, "SELECT count(*) FROM sqlite_schema WHERE name = "
			  "'runs'"), 0);
	/* a version-1 database with data in it */
	gisa_store_set_clock(st, T0);
	T_INTEQ(add1(st, "src", "https://example.com/1", GISA_URL_ARTICLE), 1);
	mk(&a, "https://example.com/1", NULL, "One", "Body one.");
	id = url_id(st, "https://example.com/1");
	T_INTEQ(gisa_store_put_article(st, id, &a, NULL), GISA_ARTICLE_NEW);
	gisa_article_clear(&a);
	gisa_store_close(st);

	T_INTEQ(gisa_store_open(path, 0, &st), 0);
	T_INTEQ(gisa_store_schema_version(st), GISA_STORE_SCHEMA_VERSION);
	T_INTEQ(q_int(st, "SELECT count(*) FROM articles"), 1);
	T_INTEQ(q_int(st, "SELECT count(*) FROM urls WHERE state = "
			  "'extracted'"), 1);
	T_INTEQ(gisa_store_run_begin(st, NULL), 0);
	T_INTEQ(gisa_store_run_end(st, "ok", NULL), 0);
	T_OK(integrity_ok(st));
	/* migrating again is a no-op */
	T_INTEQ(gisa_store_migrate(st, 0), 0);
	gisa_store_close(st);

	t_context("a schema from a newer gisa");
	T_INTEQ(gisa_store_open(path, 0, &st), 0);
	sqlite3_exec(gisa_store_backend_handle(st), "PRAGMA user_version = 99",
		     NULL, NULL, NULL);
	gisa_store_close(st);
	T_INTEQ(gisa_store_open(path, 0, &st), GISA_EDB);
	T_OKF(strstr(gisa_store_errmsg(st), "newer"), "%s",
	      gisa_store_errmsg(st));
	gisa_store_close(st);
	T_INTEQ(gisa_store_open(path, GISA_STORE_READONLY, &st), GISA_EDB);
	gisa_store_close(st);
}

/* Migration 3 rebuilds urls (a wider kind CHECK): the pages, articles
 * and frontier state of a version-2 database survive it (a DROP with
 * foreign keys on would cascade), the checks are back on afterwards. */
static void test_migration_3(void)
{
	const char *path = new_db();
	gisa_store_fetch f = { 200, "\"e1\"", NULL, NULL, "text/html", NULL,
			       "<p>page</p>", 11 };
	gisa_store_page p;
	gisa_store *st = NULL;
	gisa_article a;
	long long id, at = -1;

	t_context("migrate from version 2");
	T_INTEQ(gisa_store_open(path, GISA_STORE_NOMIGRATE, &st), 0);
	T_INTEQ(gisa_store_migrate(st, 2), 0);
	gisa_store_set_clock(st, T0);
	T_INTEQ(add1(st, "src", "https://example.com/1", GISA_URL_ARTICLE), 1);
	T_INTEQ(add1(st, "src", "https://example.com/rss", GISA_URL_FEED), 1);
	T_INTEQ(add1(st, "src", "https://example.com/s", GISA_URL_SECTION),
		GISA_EDB); /* version 2 has no section pages */
	id = url_id(st, "https://example.com/1");
	T_INTEQ(gisa_store_fetched(st, id, &f), 0);
	mk(&a, "https://example.com/1", NULL, "One", "Body one.");
	T_INTEQ(gisa_store_put_article(st, id, &a, NULL), GISA_ARTICLE_NEW);
	gisa_article_clear(&a);
	gisa_store_close(st);

	T_INTEQ(gisa_store_open(path, 0, &st), 0);
	gisa_store_set_clock(st, T0 + 10);
	T_INTEQ(gisa_store_schema_version(st), GISA_STORE_SCHEMA_VERSION);
	T_INTEQ(q_int(st, "PRAGMA foreign_keys"), 1);
	T_INTEQ(q_int(st, "SELECT count(*) FROM pages"), 1);
	T_INTEQ(q_int(st, "SELECT count(*) FROM articles WHERE url_id = "
			  "(SELECT id FROM urls WHERE url = "
			  "'https://example.com/1')"), 1);
	T_INTEQ(q_int(st, "SELECT count(*) FROM urls"), 2);
	T_INTEQ(q_int(st, "SELECT etag = '\"e1\"' FROM urls WHERE kind = 0"),
		1);
	T_INTEQ(q_int(st, "SELECT count(*) FROM sqlite_schema WHERE name IN "
			  "('urls_due', 'urls_source_due')"), 2);
	memset(&p, 0, sizeof p);
	T_INTEQ(gisa_store_load_page(st, id, &p), 0);
	T_STREQ(p.body, "<p>page</p>");
	gisa_store_page_clear(&p);
	T_INTEQ(add1(st, "src", "https://example.com/s", GISA_URL_SECTION), 1);
	T_INTEQ(q_int(st, "SELECT kind FROM urls WHERE url = "
			  "'https://example.com/s'"), GISA_URL_SECTION);
	/* deleting a source still cascades */
	T_OK(integrity_ok(st));

	t_context("discovery passes");
	T_INTEQ(gisa_store_source_polled(st, "src", &at), 0);
	T_INTEQ(at, 0);
	T_INTEQ(gisa_store_source_set_polled(st, "src", T0 + 5), 0);
	T_INTEQ(gisa_store_source_polled(st, "src", &at), 0);
	T_INTEQ(at, T0 + 5);
	T_INTEQ(gisa_store_source_polled(st, "nosuch", &at), 0);
	T_INTEQ(at, 0);
	T_INTEQ(gisa_store_source_set_polled(st, "new", T0 + 6), 0);
	T_INTEQ(gisa_store_source_polled(st, "new", &at), 0);
	T_INTEQ(at, T0 + 6);
	T_INTEQ(q_int(st, "DELETE FROM sources WHERE name = 'src' "
			  "RETURNING 1"), 1);
	T_INTEQ(q_int(st, "SELECT count(*) FROM urls"), 0);
	T_INTEQ(q_int(st, "SELECT count(*) FROM pages"), 0);
	T_OK(integrity_ok(st));
	gisa_store_close(st);
}

static void test_open_errors(void)
{
	const char *path;
	gisa_store *st = NULL;
	FILE *f;

	t_context("open errors");
	path = new_db();
	T_INTEQ(gisa_store_open(path, GISA_STORE_READONLY, &st),
		GISA_ENOTFOUND);
	T_OK(strstr(gisa_store_errmsg(st), "no database"));
	gisa_store_close(st);
	T_INTEQ(gisa_store_open(path, GISA_STORE_NOCREATE, &st),
		GISA_ENOTFOUND);
	gisa_store_close(st);

	f = fopen(path, "w");
	fputs("this is not a database, just text long enough to have a "
	      "header that SQLite will look at and reject at once.\n", f);
	fclose(f);
	T_INTEQ(gisa_store_open(path, 0, &st), GISA_EDB);
	gisa_store_close(st);

	/* read-only on an old schema: cannot upgrade, says so */
	path = new_db();
	T_INTEQ(gisa_store_open(path, GISA_STORE_NOMIGRATE, &st), 0);
	T_INTEQ(gisa_store_migrate(st, 1), 0);
	gisa_store_close(st);
	T_INTEQ(gisa_store_open(path, GISA_STORE_READONLY, &st), GISA_EDB);
	T_OKF(strstr(gisa_store_errmsg(st), "upgrade"), "%s",
	      gisa_store_errmsg(st));
	gisa_store_close(st);
}

/* ---- frontier ---- */

static void test_add_urls(void)
{
	gisa_store *st = open_new(NULL);
	gisa_store_url v[] = {
		{ "https://example.com/a?utm_source=x", GISA_URL_ARTICLE, 0 },
		{ "https://EXAMPLE.com/a#top", GISA_URL_ARTICLE, 0 },
		{ "javascript:void(0)", GISA_URL_ARTICLE, 0 },
		{ "https://example.com/b", GISA_URL_ARTICLE, 0 },
		{ "https://example.com/rss", GISA_URL_FEED, 0 },
	};

	t_context("add URLs");
	T_INTEQ(gisa_store_add_urls(st, "ex", v, 5, 0), 3);
	T_INTEQ(gisa_store_add_urls(st, "ex", v, 5, 0), 0);
	T_INTEQ(q_int(st, "SELECT count(*) FROM urls"), 3);
	T_INTEQ(url_id(st, "https://example.com/a") > 0, 1);
	T_INTEQ(q_int(st, "SELECT count(*) FROM urls WHERE state = "
			  "'discovered' AND next_attempt_at = 1700000000"), 3);
	/* a URL belongs to the source that found it first */
	T_INTEQ(gisa_store_add_urls(st, "other", v + 3, 1, 0), 0);
	T_INTEQ(q_int(st, "SELECT count(*) FROM sources"), 2);
	T_INTEQ(gisa_store_add_urls(st, NULL, v, 1, 0), GISA_EINVAL);
	gisa_store_close(st);
}

static void test_claim_and_lease(void)
{
	gisa_store *st = open_new(NULL);
	gisa_claim *c;
	size_t n;

	t_context("claim and lease");
	add1(st, "ex", "https://example.com/1", GISA_URL_ARTICLE);
	add1(st, "ex", "https://example.com/2", GISA_URL_ARTICLE);
	add1(st, "ex", "https://example.com/feed", GISA_URL_FEED);
	add1(st, "other", "https://other.org/1", GISA_URL_ARTICLE);

	T_INTEQ(gisa_store_claim(st, "ex", 2, 600, &c, &n), 2);
	/* feeds come first */
	T_STREQ(n ? c[0].url : NULL, "https://example.com/feed");
	T_INTEQ(n ? (int)c[0].kind : -1, GISA_URL_FEED);
	T_INTEQ(n ? c[0].attempts : -1, 1);
	T_STREQ(n > 1 ? c[1].source : NULL, "ex");
	T_INTEQ(n > 1 ? (int)c[1].state : -1, GISA_URL_DISCOVERED);
	gisa_store_claims_free(c, n);
	/* leased ones are not due; the rest are */
	T_INTEQ(gisa_store_claim(st, NULL, 10, 600, &c, &n), 2);
	gisa_store_claims_free(c, n);
	T_INTEQ(gisa_store_claim(st, NULL, 10, 600, &c, &n), 0);
	T_OK(c == NULL);
	T_INTEQ(gisa_store_claim(st, "nobody", 10, 600, &c, &n), 0);

	/* nobody reported back: after the lease, all are due again */
	gisa_store_set_clock(st, T0 + 599);
	T_INTEQ(gisa_store_claim(st, NULL, 10, 600, &c, &n), 0);
	gisa_store_set_clock(st, T0 + 600);
	T_INTEQ(gisa_store_claim(st, NULL, 10, 600, &c, &n), 4);
	T_INTEQ(n ? c[0].attempts : -1, 2);
	gisa_store_claims_free(c, n);
	T_INTEQ(gisa_store_claim(st, NULL, 10, 0, &c, &n), GISA_EINVAL);
	T_INTEQ(stuck(st), 0);
	gisa_store_close(st);
}

static void test_release(void)
{
	gisa_store *st = open_new(NULL);
	gisa_store_policy pol = { 2, 0, 0 };
	gisa_claim *c;
	size_t n;

	t_context("a claim released by a stopped run");
	gisa_store_set_policy(st, &pol);
	add1(st, "ex", "https://example.com/r", GISA_URL_ARTICLE);
	/* released three times over max_attempts: never given up */
	for (int i = 0; i < 3; i++) {
		gisa_store_set_clock(st, T0 + i);
		T_INTEQ(gisa_store_claim(st, NULL, 5, 600, &c, &n), 1);
		T_INTEQ(n ? c[0].attempts : -1, 1);
		T_INTEQ(gisa_store_release(st, n ? c[0].id : 0), 0);
		gisa_store_claims_free(c, n);
		T_INTEQ(q_int(st, "SELECT attempts FROM urls"), 0);
		T_INTEQ(q_int(st, "SELECT lease_until IS NULL FROM urls"), 1);
		T_INTEQ(q_int(st, "SELECT next_attempt_at FROM urls"), T0 + i);
	}
	T_INTEQ(gisa_store_release(st, 999), GISA_ENOTFOUND);
	T_INTEQ(stuck(st), 0);
	gisa_store_close(st);
}

static void test_give_up_poison(void)
{
	gisa_store *st = open_new(NULL);
	gisa_store_policy pol = { 3, 0, 0 };
	gisa_claim *c;
	size_t n;

	t_context("a URL that never reports back is given up");
	gisa_store_set_policy(st, &pol);
	add1(st, "ex", "https://example.com/poison", GISA_URL_ARTICLE);
	for (int i = 0; i < 3; i++) {
		gisa_store_set_clock(st, T0 + i * 100);
		T_INTEQ(gisa_store_claim(st, NULL, 5, 50, &c, &n), 1);
		gisa_store_claims_free(c, n);
	}
	gisa_store_set_clock(st, T0 + 1000);
	T_INTEQ(gisa_store_claim(st, NULL, 5, 50, &c, &n), 0);
	T_INTEQ(q_int(st, "SELECT count(*) FROM urls WHERE state = 'failed' "
			  "AND next_attempt_at IS NULL AND error LIKE "
			  "'gave up after 3%'"), 1);
	gisa_store_close(st);
}

static void test_fetch_and_pages(void)
{
	gisa_store *st = open_new(NULL);
	gisa_store_fetch f = { 200, "\"v1\"", "Tue, 14 Nov 2023 22:13:20 GMT",
			       "https://example.com/1?x", "text/html",
			       "utf-8", NULL, 0 };
	gisa_store_page p;
	gisa_claim *c;
	size_t n, big = 3u << 20;
	char *body = malloc(big + 1);
	long long id;

	t_context("fetch results and raw pages");
	for (size_t i = 0; i < big; i++)
		body[i] = "<p>news text </p>\n"[i % 18];
	body[big] = 0;
	add1(st, "ex", "https://example.com/1", GISA_URL_ARTICLE);
	id = url_id(st, "https://example.com/1");
	T_INTEQ(gisa_store_claim(st, NULL, 1, 600, &c, &n), 1);
	gisa_store_claims_free(c, n);
	f.body = body;
	f.body_len = big;
	T_INTEQ(gisa_store_fetched(st, id, &f), 0);
	T_INTEQ(q_int(st, "SELECT count(*) FROM urls WHERE state = 'fetched'"
			  " AND etag = '\"v1\"' AND last_status = 200"), 1);
	/* compressed, and much smaller */
	T_OK(q_int(st, "SELECT length(body) FROM pages") < (long long)big / 50);
	T_INTEQ(gisa_store_load_page(st, id, &p), 0);
	T_INTEQ(p.body_len, big);
	T_OK(p.body && memcmp(p.body, body, big) == 0);
	T_STREQ(p.final_url, "https://example.com/1?x");
	T_STREQ(p.charset, "utf-8");
	T_STREQ(p.source, "ex");
	T_INTEQ(p.fetched_at, T0);
	gisa_store_page_clear(&p);

	/* a run that died after the fetch: the URL comes back as FETCHED */
	gisa_store_set_clock(st, T0 + 601);
	T_INTEQ(gisa_store_claim(st, NULL, 1, 600, &c, &n), 1);
	T_INTEQ(n ? (int)c[0].state : -1, GISA_URL_FETCHED);
	T_STREQ(n ? c[0].etag : NULL, "\"v1\"");
	gisa_store_claims_free(c, n);
	T_INTEQ(gisa_store_done(st, id), 0);

	/* 304 after extraction: done again, validators kept */
	T_INTEQ(gisa_store_reschedule(st, id, T0 + 601), 0);
	T_INTEQ(gisa_store_claim(st, NULL, 1, 600, &c, &n), 1);
	gisa_store_claims_free(c, n);
	f.status = 304;
	f.etag = NULL;
	f.body = NULL;
	T_INTEQ(gisa_store_fetched(st, id, &f), 0);
	T_INTEQ(q_int(st, "SELECT count(*) FROM urls WHERE state = "
			  "'extracted' AND next_attempt_at IS NULL AND "
			  "etag = '\"v1\"' AND last_status = 304 AND "
			  "attempts = 0"), 1);

	/* a new page replaces the old one: one raw page per URL */
	f.status = 200;
	f.body = "<p>v2</p>";
	f.body_len = 9;
	T_INTEQ(gisa_store_fetched(st, id, &f), 0);
	T_INTEQ(q_int(st, "SELECT count(*) FROM pages"), 1);
	T_INTEQ(gisa_store_load_page(st, id, &p), 0);
	T_STREQ(p.body, "<p>v2</p>");
	gisa_store_page_clear(&p);

	t_context("fetch result errors");
	f.status = 404;
	T_INTEQ(gisa_store_fetched(st, id, &f), GISA_EINVAL);
	f.status = 200;
	T_INTEQ(gisa_store_fetched(st, 999, &f), GISA_ENOTFOUND);
	f.body_len = GISA_STORE_MAX_PAGE + 1;
	T_INTEQ(gisa_store_fetched(st, id, &f), GISA_ELIMIT);
	T_INTEQ(gisa_store_load_page(st, 999, &p), GISA_ENOTFOUND);
	T_INTEQ(gisa_store_done(st, 999), GISA_ENOTFOUND);
	T_INTEQ(stuck(st), 0);
	T_OK(integrity_ok(st));
	free(body);
	gisa_store_close(st);
}

static void test_failures_backoff(void)
{
	gisa_store *st = open_new(NULL);
	long long id, next[4];
	gisa_claim *c;
	size_t n;

	t_context("failures and backoff");
	add1(st, "ex", "https://example.com/flaky", GISA_URL_ARTICLE);
	id = url_id(st, "https://example.com/flaky");
	for (int i = 0; i < 4; i++) {
		gisa_store_set_clock(st, T0 + i * 100000);
		T_INTEQ(gisa_store_claim(st, NULL, 1, 600, &c, &n), 1);
		gisa_store_claims_free(c, n);
		T_INTEQ(gisa_store_failed(st, id, 503, "503 Service "
					  "Unavailable", 0), 0);
		next[i] = q_int(st, "SELECT next_attempt_at FROM urls") -
			  (T0 + i * 100000);
	}
	T_INTEQ(next[0], 60);
	T_INTEQ(next[1], 240);
	T_INTEQ(next[2], 960);
	T_INTEQ(next[3], 3840);
	gisa_store_set_clock(st, T0 + 500000);
	T_INTEQ(gisa_store_claim(st, NULL, 1, 600, &c, &n), 1);
	gisa_store_claims_free(c, n);
	T_INTEQ(gisa_store_failed(st, id, 503, "again", 0), 0);
	T_INTEQ(q_int(st, "SELECT next_attempt_at IS NULL FROM urls"), 1);

	add1(st, "ex", "https://example.com/gone", GISA_URL_ARTICLE);
	id = url_id(st, "https://example.com/gone");
	T_INTEQ(gisa_store_failed(st, id, 410, "410 Gone", 1), 0);
	T_INTEQ(q_int(st, "SELECT count(*) FROM urls WHERE state = 'failed' "
			  "AND next_attempt_at IS NULL"), 2);
	T_INTEQ(gisa_store_failed(st, 999, 0, NULL, 0), GISA_ENOTFOUND);
	gisa_store_close(st);
}

static void test_refresh_and_lastmod(void)
{
	gisa_store *st = open_new(NULL);
	gisa_store_url feed = { "https://example.com/rss", GISA_URL_FEED, 0 };
	gisa_store_url art = { "https://example.com/1", GISA_URL_ARTICLE, 0 };
	gisa_store_fetch f = { 200, NULL, NULL, NULL, NULL, NULL, "x", 1 };
	gisa_claim *c;
	size_t n;

	t_context("refresh feeds, revisit changed articles");
	gisa_store_add_urls(st, "ex", &feed, 1, GISA_STORE_REFRESH);
	gisa_store_add_urls(st, "ex", &art, 1, 0);
	T_INTEQ(gisa_store_claim(st, NULL, 5, 600, &c, &n), 2);
	gisa_store_claims_free(c, n);
	gisa_store_done(st, url_id(st, feed.url));
	gisa_store_fetched(st, url_id(st, art.url), &f);
	gisa_store_done(st, url_id(st, art.url));

	gisa_store_set_clock(st, T0 + 3600);
	/* without the flag and without a newer lastmod nothing changes */
	gisa_store_add_urls(st, "ex", &feed, 1, 0);
	art.lastmod = T0 - 10;
	gisa_store_add_urls(st, "ex", &art, 1, 0);
	T_INTEQ(gisa_store_claim(st, NULL, 5, 600, &c, &n), 0);
	/* the next run: the feed again, and the article changed since */
	gisa_store_add_urls(st, "ex", &feed, 1, GISA_STORE_REFRESH);
	art.lastmod = T0 + 100;
	gisa_store_add_urls(st, "ex", &art, 1, 0);
	T_INTEQ(gisa_store_claim(st, NULL, 5, 600, &c, &n), 2);
	T_INTEQ(n ? (int)c[0].kind : -1, GISA_URL_FEED);
	T_INTEQ(n > 1 ? (int)c[1].state : -1, GISA_URL_EXTRACTED);
	gisa_store_claims_free(c, n);
	/* leased URLs are left alone by a refresh */
	gisa_store_add_urls(st, "ex", &feed, 1, GISA_STORE_REFRESH);
	T_INTEQ(gisa_store_claim(st, NULL, 5, 600, &c, &n), 0);
	gisa_store_close(st);
}

/* A feed listed by a rule that fails pass after pass (a site down for a
 * while) is tried once per pass, never given up for good; one that never
 * reports back (it kills the process) still is. */
static void test_refresh_failed_feed(void)
{
	gisa_store *st = open_new(NULL);
	gisa_store_policy pol = { 3, 0, 0 };
	gisa_store_url feed = { "https://example.com/rss", GISA_URL_FEED, 0 };
	gisa_store_url bad = { "https://example.com/poison", GISA_URL_FEED, 0 };
	gisa_claim *c;
	size_t n;

	t_context("a failing feed is retried at every pass");
	gisa_store_set_policy(st, &pol);
	for (int pass = 0; pass < 6; pass++) {
		gisa_store_set_clock(st, T0 + pass * 60);
		gisa_store_add_urls(st, "ex", &feed, 1, GISA_STORE_REFRESH);
		T_INTEQ(gisa_store_claim(st, NULL, 5, 30, &c, &n), 1);
		T_INTEQ(gisa_store_failed(st, n ? c[0].id : 0, 503,
					  "503 Service Unavailable",
					  pass % 2), 0);
		gisa_store_claims_free(c, n);
	}
	/* back up: the next pass fetches it and it is done */
	gisa_store_set_clock(st, T0 + 600);
	gisa_store_add_urls(st, "ex", &feed, 1, GISA_STORE_REFRESH);
	T_INTEQ(gisa_store_claim(st, NULL, 5, 30, &c, &n), 1);
	T_INTEQ(gisa_store_done(st, n ? c[0].id : 0), 0);
	gisa_store_claims_free(c, n);

	t_context("a feed that never reports back is given up");
	for (int pass = 0; pass < 4; pass++) {
		gisa_store_set_clock(st, T0 + 1000 + pass * 60);
		gisa_store_add_urls(st, "ex", &bad, 1, GISA_STORE_REFRESH);
		T_INTEQ(gisa_store_claim(st, NULL, 5, 30, &c, &n),
			pass < 3 ? 1 : 0);
		gisa_store_claims_free(c, n);
	}
	T_INTEQ(q_int(st, "SELECT state = 'failed' AND last_status IS NULL "
			  "FROM urls WHERE url = 'https://example.com/poison'"),
		1);
	gisa_store_set_clock(st, T0 + 2000);
	gisa_store_add_urls(st, "ex", &bad, 1, GISA_STORE_REFRESH);
	T_INTEQ(gisa_store_claim(st, NULL, 5, 30, &c, &n), 0);
	T_INTEQ(stuck(st), 0);
	gisa_store_close(st);
}

/* ---- articles ---- */

static void test_articles_dedupe(void)
{
	gisa_store *st = open_new(NULL);
	gisa_article a;
	long long u1, u2, u3, u4, aid = 0, aid2 = 0;

	t_context("article dedupe and history");
	add1(st, "ex", "https://example.com/1", GISA_URL_ARTICLE);
	add1(st, "ex", "https://example.com/1?amp=1", GISA_URL_ARTICLE);
	add1(st, "ex", "https://example.com/copy", GISA_URL_ARTICLE);
	add1(st, "ex", "https://example.com/empty", GISA_URL_ARTICLE);
	u1 = url_id(st, "https://example.com/1");
	u2 = url_id(st, "https://example.com/1?amp=1");
	u3 = url_id(st, "https://example.com/copy");
	u4 = url_id(st, "https://example.com/empty");

	mk(&a, "https://example.com/1", "https://example.com/1",
	   "Title", "First text.");
	T_INTEQ(gisa_store_put_article(st, u1, &a, &aid), GISA_ARTICLE_NEW);
	T_INTEQ(q_int(st, "SELECT count(*) FROM urls WHERE state = "
			  "'extracted'"), 1);
	/* the same again, fetched later: unchanged */
	gisa_article_set(&a.fetched_at, "2023-11-15T00:00:00Z");
	T_INTEQ(gisa_store_put_article(st, u1, &a, &aid2), GISA_ARTICLE_UNCHANGED);
	T_INTEQ(aid2, aid);
	/* the text changed: updated in place, version 2 */
	gisa_store_set_clock(st, T0 + 60);
	gisa_strv_clear(&a.paragraphs);
	gisa_strv_push(&a.paragraphs, "First text, corrected.");
	a.content_hash = NULL;
	T_INTEQ(gisa_store_put_article(st, u1, &a, &aid2), GISA_ARTICLE_UPDATED);
	T_INTEQ(aid2, aid);
	T_INTEQ(q_int(st, "SELECT version FROM articles"), 2);
	T_INTEQ(q_int(st, "SELECT updated_at - first_seen_at FROM articles"),
		60);
	char *rec = q_text(st, "SELECT record FROM articles");
	T_OKF(rec && strstr(rec, "corrected") && strstr(rec, "content_hash"),
	      "%s", rec);
	free(rec);
	/* only the title changes (a rule fix): updated too */
	gisa_article_set(&a.title, "Better title");
	T_INTEQ(gisa_store_put_article(st, u1, &a, NULL), GISA_ARTICLE_UPDATED);
	T_INTEQ(q_int(st, "SELECT version FROM articles"), 3);
	gisa_article_clear(&a);

	/* another URL whose canonical is the first: the same article */
	mk(&a, "https://example.com/1?amp=1", "https://EXAMPLE.com/1#x",
	   "Better title", "First text, corrected.");
	T_INTEQ(gisa_store_put_article(st, u2, &a, &aid2),
		GISA_ARTICLE_UNCHANGED);
	T_INTEQ(aid2, aid);
	gisa_article_clear(&a);

	/* same text under another canonical URL: a duplicate */
	mk(&a, "https://example.com/copy", NULL, "Copied",
	   "First text, corrected.");
	T_INTEQ(gisa_store_put_article(st, u3, &a, &aid2),
		GISA_ARTICLE_DUPLICATE);
	T_INTEQ(aid2, aid);
	T_INTEQ(q_int(st, "SELECT count(*) FROM articles"), 1);
	T_INTEQ(q_int(st, "SELECT state = 'extracted' FROM urls WHERE id = "
			  "(SELECT max(id) FROM urls WHERE url LIKE '%copy')"),
		1);
	gisa_article_clear(&a);

	/* articles without a body all hash alike: never duplicates */
	mk(&a, "https://example.com/empty", NULL, "No body", NULL);
	T_INTEQ(gisa_store_put_article(st, u4, &a, NULL), GISA_ARTICLE_NEW);
	gisa_article_clear(&a);
	mk(&a, "https://example.com/empty2", NULL, "No body either", NULL);
	gisa_article_set(&a.source, "ex");
	T_INTEQ(gisa_store_put_article(st, 0, &a, NULL), GISA_ARTICLE_NEW);
	gisa_article_clear(&a);

	/* the page's canonical URL changes: still the same article */
	mk(&a, "https://example.com/empty", "https://example.com/canon",
	   "No body", "Now with text.");
	T_INTEQ(gisa_store_put_article(st, u4, &a, NULL), GISA_ARTICLE_UPDATED);
	T_INTEQ(q_int(st, "SELECT count(*) FROM articles WHERE canonical_url "
			  "= 'https://example.com/canon'"), 1);
	gisa_article_clear(&a);
	T_INTEQ(q_int(st, "SELECT count(*) FROM articles"), 3);

	t_context("article errors");
	mk(&a, NULL, NULL, "No URL", "x");
	T_INTEQ(gisa_store_put_article(st, u1, &a, NULL), GISA_EINVAL);
	gisa_article_clear(&a);
	mk(&a, "https://example.com/z", NULL, "No source", "x");
	T_INTEQ(gisa_store_put_article(st, 0, &a, NULL), GISA_EINVAL);
	T_INTEQ(gisa_store_put_article(st, 999, &a, NULL), GISA_ENOTFOUND);
	gisa_article_clear(&a);
	T_OK(integrity_ok(st));
	gisa_store_close(st);
}

/* ---- iteration ---- */

struct walk {
	gisa_store *st;
	int seen, stop_at;
	long long last;
	int ordered;
};

/* reextract - what `gisa reextract` does: store an article per page. */
static int reextract(void *ctx, const gisa_store_page *p)
{
	struct walk *w = ctx;
	gisa_article a;
	int rc;

	w->ordered &= p->url_id > w->last;
	w->last = p->url_id;
	mk(&a, p->url, NULL, "T", p->body);
	rc = gisa_store_put_article(w->st, p->url_id, &a, NULL);
	gisa_article_clear(&a);
	if (rc < 0)
		return rc;
	return ++w->seen == w->stop_at ? 42 : 0;
}

static void test_each_page(void)
{
	gisa_store *st = open_new(NULL);
	struct walk w = { st, 0, 0, 0, 1 };
	char url[64], body[64];

	t_context("pages for re-extraction");
	for (int i = 0; i < 150; i++) {
		gisa_store_fetch f = { 200, NULL, NULL, NULL, NULL, NULL,
				       body, 0 };
		snprintf(url, sizeof url, "https://example.com/%d", i);
		snprintf(body, sizeof body, "page %d", i);
		f.body_len = strlen(body);
		gisa_store_set_clock(st, T0 + i);
		add1(st, i % 3 ? "ex" : "other", url, GISA_URL_ARTICLE);
		T_INTEQ(gisa_store_fetched(st, url_id(st, url), &f), 0);
	}
	T_INTEQ(gisa_store_each_page(st, NULL, 0, reextract, &w), 150);
	T_INTEQ(w.seen, 150);
	T_OK(w.ordered);
	T_INTEQ(q_int(st, "SELECT count(*) FROM articles"), 150);
	T_INTEQ(q_int(st, "SELECT count(*) FROM urls WHERE state = "
			  "'extracted'"), 150);
	w.seen = 0;
	T_INTEQ(gisa_store_each_page(st, "other", 0, reextract, &w), 50);
	w.seen = 0;
	T_INTEQ(gisa_store_each_page(st, "ex", T0 + 100, reextract, &w), 34);
	w.seen = 0;
	w.stop_at = 70;
	T_INTEQ(gisa_store_each_page(st, NULL, 0, reextract, &w), 42);
	T_INTEQ(w.seen, 70);
	T_INTEQ(q_int(st, "SELECT max(version) FROM articles"), 1);
	T_OK(integrity_ok(st));
	gisa_store_close(st);
}

static int collect(void *ctx, const gisa_store_article *a)
{
	struct walk *w = ctx;
	w->ordered &= a->id > w->last && a->record && a->record[0] == '{' &&
		      a->version >= 1 && a->source && a->canonical_url;
	w->last = a->id;
	w->seen++;
	return 0;
}

static void test_export(void)
{
	gisa_store *st = open_new(NULL);
	struct walk w = { st, 0, 0, 0, 1 };
	gisa_article a;
	char url[64], body[64];

	t_context("export articles");
	for (int i = 0; i < 200; i++) {
		snprintf(url, sizeof url, "https://example.com/%d", i);
		snprintf(body, sizeof body, "text %d", i);
		mk(&a, url, NULL, "T", body);
		gisa_article_set(&a.source, i < 130 ? "ex" : "other");
		gisa_store_set_clock(st, T0 + i);
		T_INTEQ(gisa_store_put_article(st, 0, &a, NULL),
			GISA_ARTICLE_NEW);
		gisa_article_clear(&a);
	}
	T_INTEQ(gisa_store_each_article(st, NULL, 0, collect, &w), 200);
	T_OK(w.ordered);
	w.seen = 0;
	w.last = 0;
	T_INTEQ(gisa_store_each_article(st, "ex", 0, collect, &w), 130);
	w.last = 0;
	T_INTEQ(gisa_store_each_article(st, "other", T0 + 190, collect, &w),
		10);
	T_INTEQ(gisa_store_each_article(st, "nobody", 0, collect, &w), 0);
	gisa_store_close(st);
}

/* ---- status, runs ---- */

static void test_status_drift(void)
{
	gisa_store *st = open_new(NULL);
	gisa_source_status *s;
	gisa_field drift[GISA_F__COUNT];
	gisa_article a;
	char url[64], body[64];
	size_t n;
	long long id;

	t_context("status and drift");
	for (int i = 0; i < 60; i++) {
		snprintf(url, sizeof url, "https://example.com/%d", i);
		snprintf(body, sizeof body, "text %d", i);
		add1(st, "ex", url, GISA_URL_ARTICLE);
		/* the last 10 lose their title: the layout changed */
		mk(&a, url, NULL, i < 50 ? "Title" : NULL, body);
		gisa_article_set(&a.published, "2023-11-14T22:13:20+09:00");
		gisa_store_set_clock(st, T0 + i);
		gisa_store_put_article(st, url_id(st, url), &a, NULL);
		gisa_article_clear(&a);
	}
	add1(st, "ex", "https://example.com/broken", GISA_URL_ARTICLE);
	id = url_id(st, "https://example.com/broken");
	gisa_store_set_clock(st, T0 + 100);
	gisa_store_failed(st, id, 500, "500 Internal Server Error", 0);
	add1(st, "quiet", "https://quiet.example/1", GISA_URL_ARTICLE);

	T_INTEQ(gisa_store_status(st, 10, 0, &s, &n), 2);
	T_STREQ(n ? s[0].name : NULL, "ex");
	T_INTEQ(n ? s[0].articles : -1, 60);
	T_INTEQ(n ? s[0].urls : -1, 61);
	T_INTEQ(n ? s[0].failed : -1, 1);
	T_INTEQ(n ? s[0].pending : -1, 1);
	T_INTEQ(n ? s[0].last_success : -1, T0 + 59);
	T_INTEQ(n ? s[0].last_failure : -1, T0 + 100);
	T_STREQ(n ? s[0].last_error : NULL, "500 Internal Server Error");
	T_INTEQ(n ? s[0].recent_n : 0, 10);
	T_INTEQ(n ? s[0].base_n : 0, 50);
	T_INTEQ(n ? s[0].recent_empty[GISA_F_TITLE] : 0, 10);
	T_INTEQ(n ? s[0].base_empty[GISA_F_TITLE] : 0, 0);
	T_INTEQ(gisa_store_drift(&s[0], drift, GISA_F__COUNT), 1);
	T_STREQ(gisa_field_name(drift[0]), "title");
	/* subtitle is always empty: never an alert */
	T_INTEQ(n ? s[0].recent_empty[GISA_F_SUBTITLE] : 0, 10);
	T_INTEQ(n > 1 ? s[1].articles : -1, 0);
	T_INTEQ(n > 1 ? s[1].last_success : -1, 0);
	T_INTEQ(n > 1 ? gisa_store_drift(&s[1], drift, GISA_F__COUNT) : -1, 0);
	gisa_store_status_free(s, n);

	/* re-extraction with a fixed rule clears the alert */
	for (int i = 50; i < 60; i++) {
		snprintf(url, sizeof url, "https://example.com/%d", i);
		snprintf(body, sizeof body, "text %d", i);
		mk(&a, url, NULL, "Fixed title", body);
		gisa_article_set(&a.published, "2023-11-14T22:13:20+09:00");
		gisa_store_set_clock(st, T0 + 200 + i);
		T_INTEQ(gisa_store_put_article(st, url_id(st, url), &a, NULL),
			GISA_ARTICLE_UPDATED);
		gisa_article_clear(&a);
	}
	T_INTEQ(gisa_store_status(st, 10, 0, &s, &n), 2);
	T_INTEQ(gisa_store_drift(&s[0], drift, GISA_F__COUNT), 0);
	gisa_store_status_free(s, n);
	gisa_store_close(st);
}

static void test_runs(void)
{
	gisa_store *st = open_new(NULL);
	gisa_store_fetch f = { 200, NULL, NULL, NULL, NULL, NULL, "x", 1 };
	gisa_article a;
	long long run1, run2, id;
	gisa_claim *c;
	size_t n;

	t_context("runs and their counts");
	T_INTEQ(gisa_store_run_end(st, "ok", NULL), GISA_ESTATE);
	T_INTEQ(gisa_store_run_begin(st, &run1), 0);
	/* run 1 dies without ending; run 2 finds it and marks it */
	T_INTEQ(gisa_store_run_begin(st, &run2), 0);
	T_OK(run2 > run1);
	T_INTEQ(q_int(st, "SELECT count(*) FROM runs WHERE status = "
			  "'crashed'"), 1);
	add1(st, "ex", "https://example.com/1", GISA_URL_ARTICLE);
	add1(st, "ex", "https://example.com/2", GISA_URL_ARTICLE);
	T_INTEQ(gisa_store_claim(st, NULL, 5, 600, &c, &n), 2);
	gisa_store_claims_free(c, n);
	id = url_id(st, "https://example.com/1");
	gisa_store_fetched(st, id, &f);
	mk(&a, "https://example.com/1", NULL, "T", "Body.");
	T_INTEQ(gisa_store_put_article(st, id, &a, NULL), GISA_ARTICLE_NEW);
	gisa_article_clear(&a);
	gisa_store_failed(st, url_id(st, "https://example.com/2"), 0,
			  "connection refused", 0);
	T_INTEQ(gisa_store_run_error(st, "ex", "feed: not XML"), 0);
	gisa_store_set_clock(st, T0 + 30);
	T_INTEQ(gisa_store_run_end(st, "ok", NULL), 0);
	T_INTEQ(q_int(st, "SELECT discovered * 1000000 + fetched * 10000 + "
			  "new_articles * 100 + failed FROM run_sources"),
		2010101);
	char *e = q_text(st, "SELECT last_error FROM run_sources");
	T_STREQ(e, "feed: not XML");
	free(e);
	T_INTEQ(q_int(st, "SELECT ended_at - started_at FROM runs WHERE "
			  "status = 'ok'"), 30);
	gisa_store_close(st);
}

/* ---- the outbox ---- */

struct seen {
	int n;
	int stop_at;            /* return 1 at this call (1-based; 0 never) */
	gisa_store *st;         /* store an article during the first call */
	char lines[8][160];
	int versions[8];
};

static int see(void *ctx, const gisa_store_owed *o)
{
	struct seen *v = ctx;
	int i = v->n++;

	if (v->stop_at && v->n == v->stop_at)
		return 1;
	if (i < 8) {
		snprintf(v->lines[i], sizeof v->lines[i], "%s %s %.100s",
			 o->source, o->sink, o->record);
		v->versions[i] = o->version;
	}
	if (v->st && i == 0) {
		gisa_article a;
		mk(&a, "https://example.com/late", NULL, "Late", "Late body.");
		T_INTEQ(gisa_store_put_article(v->st, url_id(v->st,
			"https://example.com/late"), &a, NULL),
			GISA_ARTICLE_NEW);
		gisa_article_clear(&a);
	}
	return 0;
}

static void test_outbox(void)
{
	gisa_store *st = open_new(NULL);
	struct seen v;
	gisa_article a;
	char *rec, big[GISA_URL_MAX + 10];

	t_context("outbox: what is owed");
	add1(st, "ex", "https://example.com/1", GISA_URL_ARTICLE);
	add1(st, "ex", "https://example.com/2", GISA_URL_ARTICLE);
	add1(st, "ex", "https://example.com/late", GISA_URL_ARTICLE);
	T_OK(gisa_store_sink(st) == NULL);
	mk(&a, "https://example.com/1", NULL, "One", "Body one.");
	T_INTEQ(gisa_store_put_article(st, url_id(st, "https://example.com/1"),
				       &a, NULL), GISA_ARTICLE_NEW);
	gisa_article_clear(&a);
	T_INTEQ(q_int(st, "SELECT count(*) FROM outbox"), 0); /* no sink */
	T_INTEQ(gisa_store_set_sink(st, "/out/a.jsonl"), 0);
	T_STREQ(gisa_store_sink(st), "/out/a.jsonl");
	mk(&a, "https://example.com/1", NULL, "One", "Body one, changed.");
	T_INTEQ(gisa_store_put_article(st, url_id(st, "https://example.com/1"),
				       &a, NULL), GISA_ARTICLE_UPDATED);
	/* unchanged: nothing owed */
	T_INTEQ(gisa_store_put_article(st, url_id(st, "https://example.com/1"),
				       &a, NULL), GISA_ARTICLE_UNCHANGED);
	gisa_article_clear(&a);
	/* a duplicate: nothing owed */
	mk(&a, "https://example.com/2", NULL, "One", "Body one, changed.");
	T_INTEQ(gisa_store_put_article(st, url_id(st, "https://example.com/2"),
				       &a, NULL), GISA_ARTICLE_DUPLICATE);
	gisa_article_clear(&a);
	T_INTEQ(gisa_store_set_sink(st, "-"), 0);
	mk(&a, "https://example.com/2", NULL, "Two", "Body two.");
	T_INTEQ(gisa_store_put_article(st, url_id(st, "https://example.com/2"),
				       &a, NULL), GISA_ARTICLE_NEW);
	gisa_article_clear(&a);
	T_INTEQ(q_int(st, "SELECT count(*) FROM outbox"), 2);
	/* the line is the record as stored, at its version */
	T_INTEQ(q_int(st, "SELECT count(*) FROM outbox o JOIN articles a ON "
			  "a.id = o.article_id WHERE o.record = a.record AND "
			  "o.version = a.version"), 2);
	T_INTEQ(q_int(st, "SELECT version FROM outbox WHERE sink = "
			  "'/out/a.jsonl'"), 2);

	t_context("outbox: each_owed reads every sink, marks nothing");
	memset(&v, 0, sizeof v);
	T_INTEQ(gisa_store_each_owed(st, see, &v), 2);
	T_OK(!strncmp(v.lines[0], "ex /out/a.jsonl {", 17));
	T_OK(!strncmp(v.lines[1], "ex - {", 6));
	T_INTEQ(q_int(st, "SELECT count(*) FROM outbox"), 2);

	t_context("outbox: drain");
	memset(&v, 0, sizeof v);
	T_INTEQ(gisa_store_drain(st, "/nowhere", see, &v), 0);
	T_INTEQ(v.n, 0);
	v.stop_at = 1; /* the writer fails: the line stays owed */
	T_INTEQ(gisa_store_drain(st, "/out/a.jsonl", see, &v), 1);
	T_INTEQ(q_int(st, "SELECT count(*) FROM outbox"), 2);
	memset(&v, 0, sizeof v);
	T_INTEQ(gisa_store_drain(st, "/out/a.jsonl", see, &v), 1);
	T_INTEQ(v.versions[0], 2);
	rec = q_text(st, "SELECT record FROM articles WHERE url = "
			 "'https://example.com/1'");
	T_OK(rec && strstr(v.lines[0], "/out/a.jsonl") &&
	     !strncmp(v.lines[0] + strlen("ex /out/a.jsonl "), rec, 100));
	free(rec);
	T_INTEQ(q_int(st, "SELECT count(*) FROM outbox"), 1);
	/* a line owed while draining (the callback stores an article) is
	 * drained too, after the older ones */
	memset(&v, 0, sizeof v);
	v.st = st;
	T_INTEQ(gisa_store_drain(st, "-", see, &v), 2);
	T_OK(strstr(v.lines[1], "Late") != NULL);
	T_INTEQ(v.versions[1], 1);
	T_INTEQ(q_int(st, "SELECT count(*) FROM outbox"), 0);

	t_context("outbox: limits, cascade");
	T_INTEQ(gisa_store_drain(st, NULL, see, &v), GISA_EINVAL);
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	T_INTEQ(gisa_store_set_sink(st, big), GISA_EINVAL);
	T_STREQ(gisa_store_sink(st), "-");
	mk(&a, "https://example.com/2", NULL, "Two", "Body two, again.");
	T_INTEQ(gisa_store_put_article(st, url_id(st, "https://example.com/2"),
				       &a, NULL), GISA_ARTICLE_UPDATED);
	gisa_article_clear(&a);
	T_INTEQ(q_int(st, "DELETE FROM articles WHERE url = "
			  "'https://example.com/2' RETURNING 1"), 1);
	T_INTEQ(q_int(st, "SELECT count(*) FROM outbox"), 0);
	T_INTEQ(gisa_store_set_sink(st, NULL), 0);
	T_OK(gisa_store_sink(st) == NULL);
	T_OK(integrity_ok(st));
	gisa_store_close(st);
}

/* Migration 4 adds the outbox to a version-3 database with articles. */
static void test_migration_4(void)
{
	const char *path = new_db();
	gisa_store *st = NULL;
	gisa_article a;

	t_context("migrate from version 3");
	T_INTEQ(gisa_store_open(path, GISA_STORE_NOMIGRATE, &st), 0);
	T_INTEQ(gisa_store_migrate(st, 3), 0);
	gisa_store_set_clock(st, T0);
	T_INTEQ(add1(st, "src", "https://example.com/1", GISA_URL_ARTICLE), 1);
	mk(&a, "https://example.com/1", NULL, "One", "Body one.");
	T_INTEQ(gisa_store_put_article(st, url_id(st, "https://example.com/1"),
				       &a, NULL), GISA_ARTICLE_NEW);
	gisa_article_clear(&a);
	gisa_store_close(st);

	T_INTEQ(gisa_store_open(path, 0, &st), 0);
	T_INTEQ(gisa_store_schema_version(st), 4);
	T_INTEQ(q_int(st, "SELECT count(*) FROM outbox"), 0);
	T_INTEQ(q_int(st, "SELECT count(*) FROM articles"), 1);
	gisa_store_set_clock(st, T0 + 10);
	T_INTEQ(gisa_store_set_sink(st, "-"), 0);
	mk(&a, "https://example.com/1", NULL, "One", "Body one, new.");
	T_INTEQ(gisa_store_put_article(st, url_id(st, "https://example.com/1"),
				       &a, NULL), GISA_ARTICLE_UPDATED);
	gisa_article_clear(&a);
	T_INTEQ(q_int(st, "SELECT version FROM outbox"), 2);
	T_OK(integrity_ok(st));
	gisa_store_close(st);
}

/* ---- processes: lock, crashes ---- */

static void test_lock(void)
{
	const char *path = new_db();
	gisa_store *st = NULL, *st2 = NULL;
	int ready[2], status;
	pid_t pid;
	char b;

	t_context("run lock between processes");
	T_INTEQ(gisa_store_open(path, 0, &st), 0);
	T_INTEQ(pipe(ready), 0);
	pid = fork();
	if (pid == 0) {
		gisa_store *cs = NULL;
		close(ready[0]);
		if (gisa_store_open(path, 0, &cs) || gisa_store_lock(cs))
			_exit(1);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		pause(); /* hold it until killed */
		_exit(0);
	}
	close(ready[1]);
	T_INTEQ(read(ready[0], &b, 1), 1);
	T_INTEQ(gisa_store_lock(st), GISA_EBUSY);
	T_OKF(strstr(gisa_store_errmsg(st), "in use"), "%s",
	      gisa_store_errmsg(st));
	/* readers need no lock */
	T_INTEQ(gisa_store_open(path, GISA_STORE_READONLY, &st2), 0);
	gisa_store_close(st2);
	/* a crashed holder does not block the next run */
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	close(ready[0]);
	T_INTEQ(gisa_store_lock(st), 0);
	T_INTEQ(gisa_store_lock(st), 0); /* held already: fine */
	gisa_store_unlock(st);
	gisa_store_close(st);
}

/* test_crash_mid_batch - a child claims a batch and is killed while it
 * fetches and stores articles; the parent finds nothing lost or stuck. */
static void test_crash_mid_batch(void)
{
	const char *path = new_db();
	gisa_store *st = NULL;
	gisa_claim *c;
	char url[64];
	int progress[2], status;
	size_t n, done = 0;
	pid_t pid;
	char b;

	t_context("a run killed mid-batch");
	T_INTEQ(gisa_store_open(path, 0, &st), 0);
	gisa_store_set_clock(st, T0);
	for (int i = 0; i < 300; i++) {
		snprintf(url, sizeof url, "https://example.com/%d", i);
		add1(st, "ex", url, GISA_URL_ARTICLE);
	}
	T_INTEQ(pipe(progress), 0);
	pid = fork();
	if (pid == 0) {
		gisa_store *cs = NULL;
		close(progress[0]);
		if (gisa_store_open(path, 0, &cs) || gisa_store_lock(cs))
			_exit(1);
		gisa_store_set_clock(cs, T0);
		gisa_store_run_begin(cs, NULL);
		for (;;) {
			if (gisa_store_claim(cs, NULL, 20, 600, &c, &n) <= 0)
				_exit(0);
			for (size_t i = 0; i < n; i++) {
				gisa_store_fetch f = { 200, NULL, NULL, NULL,
						       NULL, NULL, c[i].url,
						       strlen(c[i].url) };
				gisa_article a;
				gisa_store_fetched(cs, c[i].id, &f);
				mk(&a, c[i].url, NULL, "T", c[i].url);
				gisa_store_put_article(cs, c[i].id, &a, NULL);
				gisa_article_clear(&a);
				if (write(progress[1], "x", 1) != 1)
					_exit(1);
			}
			gisa_store_claims_free(c, n);
		}
	}
	close(progress[1]);
	/* kill it somewhere in the middle of its third batch */
	while (done < 50 && read(progress[0], &b, 1) == 1)
		done++;
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	close(progress[0]);
	T_OK(WIFSIGNALED(status));

	T_OK(integrity_ok(st));
	T_INTEQ(stuck(st), 0);
	T_OK(gisa_store_lock(st) == 0);
	long long stored = q_int(st, "SELECT count(*) FROM articles");
	T_OKF(stored >= 50 && stored < 300, "%lld stored", stored);
	T_INTEQ(q_int(st, "SELECT count(*) FROM urls WHERE state = "
			  "'extracted'"), stored);
	/* the restart: leased URLs wait for their lease, then all finish */
	gisa_store_run_begin(st, NULL);
	T_INTEQ(q_int(st, "SELECT count(*) FROM runs WHERE status = "
			  "'crashed'"), 1);
	for (int round = 0; round < 2; round++) {
		gisa_store_set_clock(st, T0 + 601 * round);
		while (gisa_store_claim(st, NULL, 50, 600, &c, &n) > 0) {
			for (size_t i = 0; i < n; i++) {
				gisa_article a;
				mk(&a, c[i].url, NULL, "T", c[i].url);
				T_OK(gisa_store_put_article(st, c[i].id, &a,
							    NULL) > 0);
				gisa_article_clear(&a);
			}
			gisa_store_claims_free(c, n);
		}
	}
	T_INTEQ(q_int(st, "SELECT count(*) FROM articles"), 300);
	T_INTEQ(q_int(st, "SELECT count(*) FROM urls WHERE state = "
			  "'extracted'"), 300);
	T_INTEQ(q_int(st, "SELECT max(version) FROM articles"), 1);
	T_OK(integrity_ok(st));
	gisa_store_close(st);
}

/* ---- faults ---- */

static void test_disk_full(void)
{
	gisa_store *st = open_new(NULL);
	sqlite3 *db = gisa_store_backend_handle(st);
	gisa_store_fetch f = { 200, NULL, NULL, NULL, NULL, NULL, NULL, 0 };
	size_t big = 1u << 20;
	char *noise = malloc(big), url[64];
	unsigned x = 12345;
	int rc = 0, i;

	t_context("disk full");
	/* incompressible pages, so that the file grows */
	for (size_t k = 0; k < big; k++) {
		x = x * 1103515245u + 12345u;
		noise[k] = (char)(x >> 16);
	}
	f.body = noise;
	f.body_len = big;
	add1(st, "ex", "https://example.com/keep", GISA_URL_ARTICLE);
	sqlite3_exec(db, "PRAGMA max_page_count = 1500", NULL, NULL, NULL);
	for (i = 0; i < 20 && rc == 0; i++) {
		snprintf(url, sizeof url, "https://example.com/%d", i);
		add1(st, "ex", url, GISA_URL_ARTICLE);
		rc = gisa_store_fetched(st, url_id(st, url), &f);
	}
	T_INTEQ(rc, GISA_EIO);
	T_OKF(strstr(gisa_store_errmsg(st), "full"), "%s",
	      gisa_store_errmsg(st));
	/* the failed operation left nothing behind, earlier ones are intact */
	T_INTEQ(q_int(st, "SELECT count(*) FROM pages"), i - 1);
	T_INTEQ(q_int(st, "SELECT count(*) FROM urls WHERE state = "
			  "'fetched'"), i - 1);
	T_OK(integrity_ok(st));
	/* and the store keeps working once there is room */
	sqlite3_exec(db, "PRAGMA max_page_count = 1000000", NULL, NULL, NULL);
	T_INTEQ(gisa_store_fetched(st, url_id(st, url), &f), 0);
	T_INTEQ(stuck(st), 0);
	free(noise);
	gisa_store_close(st);
}

/* SQLite's allocator, wrapped: after fail_after more allocations, every
 * one fails (until fail_after is -1 again). Installed before SQLite
 * initializes, in main(). */
static sqlite3_mem_methods real_mem;
static long fail_after = -1;

static void *faulty_malloc(int n)
{
	if (fail_after == 0)
		return NULL;
	if (fail_after > 0)
		fail_after--;
	return real_mem.xMalloc(n);
}

static void *faulty_realloc(void *p, int n)
{
	if (fail_after == 0)
		return NULL;
	if (fail_after > 0)
		fail_after--;
	return real_mem.xRealloc(p, n);
}

static void install_faulty_malloc(void)
{
	sqlite3_mem_methods m;

	sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem);
	m = real_mem;
	m.xMalloc = faulty_malloc;
	m.xRealloc = faulty_realloc;
	sqlite3_config(SQLITE_CONFIG_MALLOC, &m);
}

/* test_out_of_memory - fail SQLite's Nth allocation for N = 0, 1, 2...
 * inside each operation: every failure is a clean code, nothing half
 * done is left, and the database stays intact. */
static void test_out_of_memory(void)
{
	gisa_store *st = open_new(NULL);
	gisa_claim *c;
	gisa_article a;
	char url[64], body[64];
	int fails = 0, ok = 0, bad = 0;
	size_t n;

	t_context("SQLite out of memory");
	T_INTEQ(gisa_store_set_sink(st, "oom"), 0);
	for (long k = 0; k < 400; k++) {
		snprintf(url, sizeof url, "https://example.com/%ld", k);
		snprintf(body, sizeof body, "body %ld", k);
		mk(&a, url, NULL, "T", body);
		gisa_article_set(&a.source, "ex");
		fail_after = k / 2;
		int rc = k % 2 ? add1(st, "ex", url, GISA_URL_ARTICLE)
			       : gisa_store_put_article(st, 0, &a, NULL);
		if (k % 2 == 0 && rc == 0)
			rc = 99;
		fail_after = -1;
		gisa_article_clear(&a);
		if (rc == GISA_ARTICLE_NEW || rc == 1)
			ok++;
		else if (rc == GISA_ENOMEM || rc == GISA_EIO ||
			 rc == GISA_EDB || rc == GISA_EBUSY)
			fails++;
		else
			bad++;
	}
	T_OKF(bad == 0 && fails > 20 && ok > 20,
	      "%d ok, %d clean failures, %d others", ok, fails, bad);
	T_OK(integrity_ok(st));
	T_INTEQ(stuck(st), 0);
	/* each stored article owes exactly its line: never one without */
	T_INTEQ(q_int(st, "SELECT count(*) FROM articles a WHERE (SELECT "
			  "count(*) FROM outbox o WHERE o.article_id = a.id) "
			  "!= 1"), 0);
	T_INTEQ(q_int(st, "SELECT count(*) FROM outbox"),
		q_int(st, "SELECT count(*) FROM articles"));
	/* the handle still works */
	T_INTEQ(add1(st, "ex", "https://example.com/after", GISA_URL_ARTICLE),
		1);
	T_OK(gisa_store_claim(st, NULL, 1000, 60, &c, &n) > 0);
	gisa_store_claims_free(c, n);
	gisa_store_close(st);
}

static void test_read_only(void)
{
	const char *path;
	gisa_store *st = open_new(&path);
	gisa_article a;

	t_context("read-only handle");
	add1(st, "ex", "https://example.com/1", GISA_URL_ARTICLE);
	gisa_store_close(st);
	T_INTEQ(gisa_store_open(path, GISA_STORE_READONLY, &st), 0);
	T_INTEQ(add1(st, "ex", "https://example.com/2", GISA_URL_ARTICLE),
		GISA_EIO);
	mk(&a, "https://example.com/1", NULL, "T", "B");
	T_INTEQ(gisa_store_put_article(st, 1, &a, NULL), GISA_EIO);
	gisa_article_clear(&a);
	T_INTEQ(q_int(st, "SELECT count(*) FROM urls"), 1);
	gisa_store_close(st);
}

int main(void)
{
	const char *base = getenv("TMPDIR");

	snprintf(tmpdir, sizeof tmpdir, "%s/gisa-store-XXXXXX",
		 base ? base : "/tmp");
	install_faulty_malloc();
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_open_fresh();
	test_migrations();
	test_migration_3();
	test_migration_4();
	test_open_errors();
	test_add_urls();
	test_claim_and_lease();
	test_give_up_poison();
	test_release();
	test_fetch_and_pages();
	test_failures_backoff();
	test_refresh_and_lastmod();
	test_refresh_failed_feed();
	test_articles_dedupe();
	test_each_page();
	test_export();
	test_outbox();
	test_status_drift();
	test_runs();
	test_lock();
	test_crash_mid_batch();
	test_disk_full();
	test_out_of_memory();
	test_read_only();
	if (!t_failed) {
		char cmd[300];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", tmpdir);
	} else {
		fprintf(stderr, "databases kept in %s\n", tmpdir);
	}
	return t_done();
}
