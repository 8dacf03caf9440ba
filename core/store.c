/* store.c - the SQLite backend of store.h.
 *
 * Every public operation is one BEGIN IMMEDIATE ... COMMIT: taking the
 * write lock up front means a transaction never has to be upgraded from
 * read to write halfway (SQLITE_BUSY that no timeout can cure), and a
 * failure anywhere rolls the whole operation back. Statements are
 * prepared once per handle and reused.
 */
#include "store.h"
#include "buf.h"
#include "error.h"
#include "record.h"
#include "urlnorm.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zstd.h>

/* core/schema.sql, embedded by cmake/embed.cmake */
struct gisa_embedded {
	const char *name;
	const char *data;
	size_t len;
};
extern const struct gisa_embedded gisa_schema[];

#define BUSY_TIMEOUT_MS 5000
#define BATCH 64

/* Run counters (columns of run_sources). */
enum counter {
	C_DISCOVERED, C_FETCHED, C_NOT_MODIFIED, C_NEW, C_UPDATED,
	C_UNCHANGED, C_DUPLICATES, C_FAILED, C__COUNT
};

#define COUNT_SQL(col)                                                     \
	"INSERT INTO run_sources (run_id, source_id, " col ") "            \
	"VALUES (?1, ?2, ?3) ON CONFLICT DO UPDATE SET " col " = " col     \
	" + excluded." col

enum query {
	Q_SOURCE_GET, Q_SOURCE_ADD, Q_SOURCE_POLLED, Q_SOURCE_SET_POLLED,
	Q_URL_ADD, Q_URL_REFRESH, Q_URL_GET,
	Q_CLAIM, Q_CLAIM_SOURCE, Q_CLAIM_SET, Q_GIVE_UP,
	Q_FETCHED, Q_NOT_MODIFIED_DONE, Q_NOT_MODIFIED_PENDING, Q_PAGE_PUT,
	Q_DONE, Q_FAILED, Q_RESCHEDULE, Q_RELEASE,
	Q_PAGE_IDS, Q_PAGE_LOAD,
	Q_ART_BY_CANON, Q_ART_BY_URL, Q_ART_BY_HASH, Q_ART_INSERT,
	Q_ART_UPDATE, Q_ART_BATCH,
	Q_RUN_CRASHED, Q_RUN_BEGIN, Q_RUN_END, Q_RUN_ERROR,
	Q_OWE, Q_OWED_BATCH, Q_OWED_DONE,
	Q_COUNT, /* Q_COUNT + counter */
	Q__COUNT = Q_COUNT + C__COUNT
};

static const char *const sql[Q__COUNT] = {
	[Q_SOURCE_GET] = "SELECT id FROM sources WHERE name = ?1",
	[Q_SOURCE_ADD] = "INSERT INTO sources (name, created_at) "
			 "VALUES (?1, ?2)",
	[Q_SOURCE_POLLED] = "SELECT coalesce(polled_at, 0) FROM sources "
			    "WHERE name = ?1",
	[Q_SOURCE_SET_POLLED] = "UPDATE sources SET polled_at = ?2 "
				"WHERE id = ?1",
	[Q_URL_ADD] = "INSERT INTO urls (url, source_id, kind, discovered_at,"
		      " next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?4) "
		      "ON CONFLICT (url) DO NOTHING",
	/* A refresh (a new discovery pass) is a fresh start for a feed
	 * that failed with an answer (its site was down, say): its attempts
	 * start again, so that no run of failures gives it up for good. One
	 * that never answered (last_status NULL: it took its runs down)
	 * stays given up. */
	[Q_URL_REFRESH] =
		"UPDATE urls SET next_attempt_at = "
		"min(coalesce(next_attempt_at, ?2), ?2), attempts = CASE "
		"WHEN ?3 AND state = 'failed' AND last_status IS NOT NULL "
		"THEN 0 ELSE attempts END WHERE url = ?1 "
		"AND (lease_until IS NULL OR lease_until <= ?2) "
		"AND (?3 OR (state = 'extracted' "
		"AND ?4 > coalesce(fetched_at, 0)))",
	[Q_URL_GET] = "SELECT source_id, attempts, extracted_at FROM urls "
		      "WHERE id = ?1",
	[Q_CLAIM] = "SELECT u.id, u.url, s.name, u.kind, u.state, u.attempts,"
		    " u.etag, u.last_modified, u.source_id "
		    "FROM urls u JOIN sources s ON s.id = u.source_id "
		    "WHERE u.next_attempt_at <= ?1 "
		    "ORDER BY (u.kind = 0), u.next_attempt_at LIMIT ?2",
	[Q_CLAIM_SOURCE] =
		"SELECT u.id, u.url, s.name, u.kind, u.state, u.attempts,"
		" u.etag, u.last_modified, u.source_id "
		"FROM urls u JOIN sources s ON s.id = u.source_id "
		"WHERE u.source_id = ?3 AND u.next_attempt_at <= ?1 "
		"ORDER BY (u.kind = 0), u.next_attempt_at LIMIT ?2",
	[Q_CLAIM_SET] = "UPDATE urls SET attempts = attempts + 1, "
			"next_attempt_at = ?2, lease_until = ?2 WHERE id = ?1",
	[Q_GIVE_UP] = "UPDATE urls SET state = 'failed', next_attempt_at = "
		      "NULL, lease_until = NULL, failed_at = ?2, error = ?3, "
		      "last_status = NULL WHERE id = ?1",
	[Q_FETCHED] = "UPDATE urls SET state = 'fetched', last_status = ?2, "
		      "etag = ?3, last_modified = ?4, error = NULL, "
		      "fetched_at = ?5, next_attempt_at = "
		      "coalesce(next_attempt_at, ?5) WHERE id = ?1",
	[Q_NOT_MODIFIED_DONE] =
		"UPDATE urls SET state = 'extracted', last_status = 304, "
		"etag = coalesce(?2, etag), "
		"last_modified = coalesce(?3, last_modified), error = NULL, "
		"fetched_at = ?4, attempts = 0, next_attempt_at = NULL, "
		"lease_until = NULL WHERE id = ?1",
	[Q_NOT_MODIFIED_PENDING] =
		"UPDATE urls SET state = 'fetched', last_status = 304, "
		"etag = coalesce(?2, etag), "
		"last_modified = coalesce(?3, last_modified), error = NULL, "
		"fetched_at = ?4, next_attempt_at = "
		"coalesce(next_attempt_at, ?4) WHERE id = ?1",
	[Q_PAGE_PUT] =
		"INSERT INTO pages (url_id, fetched_at, status, final_url, "
		"content_type, charset, raw_len, codec, body) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'zstd', ?8) "
		"ON CONFLICT (url_id) DO UPDATE SET "
		"fetched_at = excluded.fetched_at, status = excluded.status, "
		"final_url = excluded.final_url, "
		"content_type = excluded.content_type, "
		"charset = excluded.charset, raw_len = excluded.raw_len, "
		"codec = excluded.codec, body = excluded.body",
	[Q_DONE] = "UPDATE urls SET state = 'extracted', attempts = 0, "
		   "next_attempt_at = NULL, lease_until = NULL, error = NULL, "
		   "extracted_at = ?2 WHERE id = ?1",
	[Q_FAILED] = "UPDATE urls SET state = 'failed', last_status = ?2, "
		     "error = ?3, next_attempt_at = ?4, lease_until = NULL, "
		     "failed_at = ?5 WHERE id = ?1",
	[Q_RESCHEDULE] = "UPDATE urls SET next_attempt_at = ?2 WHERE id = ?1",
	[Q_RELEASE] = "UPDATE urls SET next_attempt_at = ?2, lease_until = "
		      "NULL, attempts = max(attempts - 1, 0) WHERE id = ?1",
	[Q_PAGE_IDS] = "SELECT p.url_id FROM pages p "
		       "JOIN urls u ON u.id = p.url_id "
		       "JOIN sources s ON s.id = u.source_id "
		       "WHERE p.url_id > ?1 AND (?2 IS NULL OR s.name = ?2) "
		       "AND p.fetched_at >= ?3 ORDER BY p.url_id LIMIT ?4",
	[Q_PAGE_LOAD] = "SELECT u.url, s.name, p.final_url, p.content_type, "
			"p.charset, p.status, p.fetched_at, p.raw_len, "
			"p.body, u.kind FROM pages p JOIN urls u ON u.id = p.url_id "
			"JOIN sources s ON s.id = u.source_id "
			"WHERE p.url_id = ?1",
	[Q_ART_BY_CANON] = "SELECT id, record FROM articles "
			   "WHERE canonical_url = ?1",
	[Q_ART_BY_URL] = "SELECT id, record FROM articles WHERE url = ?1 "
			 "ORDER BY id LIMIT 1",
	[Q_ART_BY_HASH] = "SELECT id FROM articles WHERE content_hash = ?1 "
			  "AND has_body ORDER BY id LIMIT 1",
	[Q_ART_INSERT] =
		"INSERT INTO articles (source_id, url_id, url, canonical_url, "
		"content_hash, has_body, title, published, first_seen_at, "
		"updated_at, empty_fields, record) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11)",
	[Q_ART_UPDATE] =
		"UPDATE articles SET url_id = coalesce(?2, url_id), url = ?3, "
		"canonical_url = ?4, content_hash = ?5, has_body = ?6, "
		"title = ?7, published = ?8, updated_at = ?9, "
		"empty_fields = ?10, record = ?11, version = version + 1 "
		"WHERE id = ?1",
	[Q_ART_BATCH] =
		"SELECT a.id, s.name, a.canonical_url, a.content_hash, "
		"a.version, a.first_seen_at, a.updated_at, a.record "
		"FROM articles a JOIN sources s ON s.id = a.source_id "
		"WHERE a.id > ?1 AND (?2 IS NULL OR s.name = ?2) "
		"AND a.updated_at >= ?3 ORDER BY a.id LIMIT ?4",
	[Q_RUN_CRASHED] = "UPDATE runs SET status = 'crashed' "
			  "WHERE status = 'running'",
	[Q_RUN_BEGIN] = "INSERT INTO runs (started_at, pid) VALUES (?1, ?2)",
	[Q_RUN_END] = "UPDATE runs SET ended_at = ?2, status = ?3, error = ?4"
		      " WHERE id = ?1",
	[Q_RUN_ERROR] = "INSERT INTO run_sources (run_id, source_id, "
			"last_error) VALUES (?1, ?2, ?3) ON CONFLICT DO "
			"UPDATE SET last_error = excluded.last_error",
	/* the line is the record just written, at its version */
	[Q_OWE] = "INSERT INTO outbox (sink, article_id, version, "
		  "created_at, record) SELECT ?1, id, version, ?3, record "
		  "FROM articles WHERE id = ?2",
	[Q_OWED_BATCH] =
		"SELECT o.id, o.article_id, o.version, s.name, o.sink, "
		"o.created_at, o.record FROM outbox o "
		"JOIN articles a ON a.id = o.article_id "
		"JOIN sources s ON s.id = a.source_id "
		"WHERE o.id > ?1 AND (?2 IS NULL OR o.sink = ?2) "
		"ORDER BY o.id LIMIT ?3",
	[Q_OWED_DONE] = "DELETE FROM outbox WHERE id = ?1",
	[Q_COUNT + C_DISCOVERED] = COUNT_SQL("discovered"),
	[Q_COUNT + C_FETCHED] = COUNT_SQL("fetched"),
	[Q_COUNT + C_NOT_MODIFIED] = COUNT_SQL("not_modified"),
	[Q_COUNT + C_NEW] = COUNT_SQL("new_articles"),
	[Q_COUNT + C_UPDATED] = COUNT_SQL("updated"),
	[Q_COUNT + C_UNCHANGED] = COUNT_SQL("unchanged"),
	[Q_COUNT + C_DUPLICATES] = COUNT_SQL("duplicates"),
	[Q_COUNT + C_FAILED] = COUNT_SQL("failed"),
};

struct gisa_store {
	sqlite3 *db;
	char *path;
	int flags;
	int lock_fd;
	long long clock;
	long long run_id;
	char *sink;             /* lines are owed to it (NULL: none) */
	gisa_store_policy pol;
	sqlite3_stmt *q[Q__COUNT];
	char errmsg[512];
};

/* ---- errors ---- */

static int set_err(gisa_store *st, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int set_err(gisa_store *st, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(st->errmsg, sizeof st->errmsg, fmt, ap);
	va_end(ap);
	return code;
}

/* db_err - map an SQLite result code to a GISA_E* code, keeping the
 * message. */
static int db_err(gisa_store *st, int rc)
{
	const char *msg = st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);

	snprintf(st->errmsg, sizeof st->errmsg, "%s", msg);
	switch (rc & 0xff) {
	case SQLITE_NOMEM:
		return GISA_ENOMEM;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return GISA_EBUSY;
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
	case SQLITE_PERM:
		return GISA_EIO;
	default:
		return GISA_EDB;
	}
}

const char *gisa_store_errmsg(const gisa_store *st)
{
	return st ? st->errmsg : "out of memory";
}

/* ---- statements ---- */

static sqlite3_stmt *stmt(gisa_store *st, enum query q, int *rc)
{
	int r;

	if (st->q[q])
		return st->q[q];
	r = sqlite3_prepare_v3(st->db, sql[q], -1, SQLITE_PREPARE_PERSISTENT,
			       &st->q[q], NULL);
	if (r != SQLITE_OK) {
		*rc = db_err(st, r);
		st->q[q] = NULL;
	}
	return st->q[q];
}

static void done_with(sqlite3_stmt *s)
{
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
}

static int bind_text(sqlite3_stmt *s, int i, const char *v)
{
	return v ? sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT)
		 : sqlite3_bind_null(s, i);
}

/* run - step a statement that returns no rows; 0 or a GISA code. */
static int run(gisa_store *st, sqlite3_stmt *s)
{
	int r = sqlite3_step(s), rc = 0;

	if (r != SQLITE_DONE)
		rc = db_err(st, r);
	done_with(s);
	return rc;
}

/* row - step a query: 1 with a row (the caller resets), 0 without one
 * (reset here), or a GISA code (reset here). */
static int row(gisa_store *st, sqlite3_stmt *s)
{
	int r = sqlite3_step(s);

	if (r == SQLITE_ROW)
		return 1;
	done_with(s);
	return r == SQLITE_DONE ? 0 : db_err(st, r);
}

static char *col_dup(sqlite3_stmt *s, int i, int *oom)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	char *d;

	if (!t)
		return NULL;
	if (!(d = strdup((const char *)t)))
		*oom = 1;
	return d;
}

static int exec(gisa_store *st, const char *text)
{
	int r = sqlite3_exec(st->db, text, NULL, NULL, NULL);
	return r == SQLITE_OK ? 0 : db_err(st, r);
}

/* ---- transactions ---- */

static int tx_begin(gisa_store *st)
{
	if (st->flags & GISA_STORE_READONLY)
		return set_err(st, GISA_EIO, "the database is open read-only");
	/* a transaction left open: its ROLLBACK failed (out of memory) */
	if (!sqlite3_get_autocommit(st->db) &&
	    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK)
		return db_err(st, sqlite3_errcode(st->db));
	return exec(st, "BEGIN IMMEDIATE");
}

/* tx_end - commit when rc >= 0, else roll back; returns rc or the
 * commit's error. */
static int tx_end(gisa_store *st, int rc)
{
	if (rc >= 0) {
		int r = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
		if (r == SQLITE_OK)
			return rc;
		rc = db_err(st, r);
	}
	/* SQLite may already have rolled back (SQLITE_FULL, NOMEM...) */
	if (!sqlite3_get_autocommit(st->db)) {
		char keep[sizeof st->errmsg];
		memcpy(keep, st->errmsg, sizeof keep);
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		memcpy(st->errmsg, keep, sizeof keep);
	}
	return rc;
}

/* ---- time, policy ---- */

void gisa_store_set_clock(gisa_store *st, long long now)
{
	st->clock = now;
}

long long gisa_store_now(const gisa_store *st)
{
	return st->clock ? st->clock : (long long)time(NULL);
}

void gisa_store_set_policy(gisa_store *st, const gisa_store_policy *p)
{
	st->pol.max_attempts = p && p->max_attempts > 0 ? p->max_attempts : 5;
	st->pol.backoff_base = p && p->backoff_base > 0 ? p->backoff_base : 60;
	st->pol.backoff_max = p && p->backoff_max > 0 ? p->backoff_max : 86400;
}

/* backoff - the delay after failure number n (1-based). */
static long long backoff(const gisa_store *st, int n)
{
	long long d = st->pol.backoff_base;

	for (int i = 1; i < n && d < st->pol.backoff_max; i++)
		d *= 4;
	return d < st->pol.backoff_max ? d : st->pol.backoff_max;
}

/* ---- migrations ---- */

static const char *schema_text(void)
{
	for (const struct gisa_embedded *e = gisa_schema; e->name; e++)
		if (strcmp(e->name, "schema.sql") == 0)
			return e->data;
	return "";
}

/* migration - the text of step n (malloc'd), or NULL when there is no
 * such step; *count gets the number of steps. */
static char *migration(int n, int *count)
{
	static const char marker[] = "\n-- migration ";
	const char *s = schema_text(), *p, *start = NULL, *end = NULL;
	int k = 0;

	for (p = strstr(s, marker); p; p = strstr(p + 1, marker)) {
		k++;
		if (start && !end)
			end = p;
		if (strtol(p + sizeof marker - 1, NULL, 10) == n)
			start = p;
	}
	if (start && !end)
		end = s + strlen(s);
	*count = k;
	return start ? strndup(start, (size_t)(end - start)) : NULL;
}

int gisa_store_schema_version(gisa_store *st)
{
	sqlite3_stmt *s;
	int v = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL))
		return db_err(st, sqlite3_errcode(st->db));
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	else
		v = db_err(st, sqlite3_errcode(st->db));
	sqlite3_finalize(s);
	return v;
}

/* fk_check - 0 when no row breaks a foreign key (a migration that
 * rebuilt a table ran with the checks off). */
static int fk_check(gisa_store *st)
{
	sqlite3_stmt *s;
	int r, rc = 0;

	if (sqlite3_prepare_v2(st->db, "PRAGMA foreign_key_check", -1, &s,
			       NULL))
		return db_err(st, sqlite3_errcode(st->db));
	r = sqlite3_step(s);
	if (r == SQLITE_ROW)
		rc = set_err(st, GISA_EDB, "migration broke a foreign key in "
			     "table %s", sqlite3_column_text(s, 0));
	else if (r != SQLITE_DONE)
		rc = db_err(st, r);
	sqlite3_finalize(s);
	return rc;
}

static int migrate_step(gisa_store *st, int n)
{
	char *text, pragma[48];
	int count, rc, v;

	if (!(text = migration(n, &count)))
		return set_err(st, GISA_EDB, "no migration %d", n);
	rc = tx_begin(st);
	if (rc)
		goto out;
	/* another process may have migrated since we looked */
	v = gisa_store_schema_version(st);
	if (v < 0)
		rc = v;
	else if (v < n) {
		rc = exec(st, text);
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", n);
		if (!rc)
			rc = exec(st, pragma);
		if (!rc)
			rc = fk_check(st);
	}
	rc = tx_end(st, rc);
out:
	free(text);
	return rc;
}

int gisa_store_migrate(gisa_store *st, int target)
{
	int count, v, rc;

	free(migration(0, &count));
	if (target <= 0 || target > count)
		target = count;
	v = gisa_store_schema_version(st);
	if (v < 0)
		return v;
	if (v > count)
		return set_err(st, GISA_EDB, "the database has schema version "
			       "%d, newer than this gisa's %d", v, count);
	if (v >= target)
		return 0;
	/* Rebuilding a table (the only way to change a constraint in
	 * SQLite) with foreign keys on would cascade its DROP into pages
	 * and articles. The pragma is a no-op inside a transaction: set it
	 * around the steps. */
	if ((rc = exec(st, "PRAGMA foreign_keys = OFF")))
		return rc;
	for (int n = v + 1; n <= target && !rc; n++)
		rc = migrate_step(st, n);
	if (sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL,
			 NULL) != SQLITE_OK && !rc)
		rc = db_err(st, sqlite3_errcode(st->db));
	return rc;
}

/* ---- open, close ---- */

/* memory_db - an in-memory or temporary database: nothing to lock.
 * URI filenames are not enabled, so "file:x" is a file named so. */
static int memory_db(const char *path)
{
	return !*path || strcmp(path, ":memory:") == 0;
}

static int configure(gisa_store *st)
{
	int rc;

	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	rc = exec(st, "PRAGMA foreign_keys = ON");
	/* WAL: readers (export, status) never block the run, and a commit
	 * is one append. synchronous=NORMAL is safe against any process
	 * crash; a power loss may lose the last commits, never consistency. */
	if (!rc && !(st->flags & GISA_STORE_READONLY))
		rc = exec(st, "PRAGMA journal_mode = WAL;"
			      "PRAGMA synchronous = NORMAL");
	return rc;
}

static int check_version(gisa_store *st)
{
	int count, v = gisa_store_schema_version(st);

	free(migration(0, &count));
	if (v < 0)
		return v;
	if (v > count)
		return set_err(st, GISA_EDB, "%s has schema version %d, newer "
			       "than this gisa's %d", st->path, v, count);
	if (v < count && (st->flags & GISA_STORE_READONLY) &&
	    !(st->flags & GISA_STORE_NOMIGRATE))
		return set_err(st, GISA_EDB, "%s has schema version %d; open "
			       "it read-write once (gisa run) to upgrade it "
			       "to %d", st->path, v, count);
	if (!(st->flags & (GISA_STORE_READONLY | GISA_STORE_NOMIGRATE)))
		return gisa_store_migrate(st, 0);
	return 0;
}

int gisa_store_open(const char *path, int flags, gisa_store **out)
{
	gisa_store *st;
	struct stat sb;
	int oflags, r, rc;

	*out = NULL;
	if (!path)
		return GISA_EINVAL;
	if (!(st = calloc(1, sizeof *st)) || !(st->path = strdup(path))) {
		free(st);
		return GISA_ENOMEM;
	}
	*out = st;
	st->flags = flags;
	st->lock_fd = -1;
	gisa_store_set_policy(st, NULL);
	if ((flags & (GISA_STORE_NOCREATE | GISA_STORE_READONLY)) &&
	    !memory_db(path) && stat(path, &sb) != 0)
		return set_err(st, GISA_ENOTFOUND, "no database at %s", path);
	oflags = flags & GISA_STORE_READONLY ? SQLITE_OPEN_READONLY
		 : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	r = sqlite3_open_v2(path, &st->db, oflags, NULL);
	if (r != SQLITE_OK) {
		rc = db_err(st, r);
		set_err(st, rc, "%s: %s", path, sqlite3_errstr(r));
		return rc;
	}
	rc = configure(st);
	if (!rc)
		rc = check_version(st);
	return rc;
}

void gisa_store_close(gisa_store *st)
{
	if (!st)
		return;
	gisa_store_unlock(st);
	for (int i = 0; i < Q__COUNT; i++)
		sqlite3_finalize(st->q[i]);
	sqlite3_close(st->db);
	free(st->path);
	free(st->sink);
	free(st);
}

void *gisa_store_backend_handle(gisa_store *st)
{
	return st->db;
}

/* ---- the run lock ---- */

int gisa_store_lock(gisa_store *st)
{
	gisa_buf path = GISA_BUF_INIT;
	char pid[32] = "";
	ssize_t n;
	int fd, rc = 0;

	if (st->lock_fd >= 0 || memory_db(st->path))
		return 0;
	if (gisa_buf_printf(&path, "%s.lock", st->path))
		return GISA_ENOMEM;
	fd = open(path.data, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		rc = set_err(st, GISA_EIO, "%s: %s", path.data,
			     strerror(errno));
		goto out;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EWOULDBLOCK) {
			n = pread(fd, pid, sizeof pid - 1, 0);
			pid[n > 0 ? n : 0] = '\0';
			pid[strcspn(pid, "\n")] = '\0';
			rc = set_err(st, GISA_EBUSY, "%s is in use by another "
				     "run (process %s)", st->path,
				     *pid ? pid : "unknown");
		} else {
			rc = set_err(st, GISA_EIO, "%s: %s", path.data,
				     strerror(errno));
		}
		close(fd);
		goto out;
	}
	snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == 0 &&
	    pwrite(fd, pid, strlen(pid), 0) < 0) {
		/* the pid is only for messages; the lock is what counts */
	}
	st->lock_fd = fd;
out:
	gisa_buf_free(&path);
	return rc;
}

void gisa_store_unlock(gisa_store *st)
{
	if (st->lock_fd < 0)
		return;
	close(st->lock_fd); /* releases the flock */
	st->lock_fd = -1;
}

/* ---- sources and run counters ---- */

/* source_id - the id of source name; created when create is set, else
 * 0 when unknown. */
static int source_id(gisa_store *st, const char *name, int create,
		     long long *id)
{
	sqlite3_stmt *s;
	int rc = 0;

	*id = 0;
	if (!name || !*name || strlen(name) > GISA_URL_MAX)
		return set_err(st, GISA_EINVAL, "a source needs a name");
	if (!(s = stmt(st, Q_SOURCE_GET, &rc)))
		return rc;
	bind_text(s, 1, name);
	rc = row(st, s);
	if (rc == 1) {
		*id = sqlite3_column_int64(s, 0);
		done_with(s);
		return 0;
	}
	if (rc < 0 || !create)
		return rc;
	if (!(s = stmt(st, Q_SOURCE_ADD, &rc)))
		return rc;
	bind_text(s, 1, name);
	sqlite3_bind_int64(s, 2, gisa_store_now(st));
	rc = run(st, s);
	if (!rc)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int gisa_store_source_polled(gisa_store *st, const char *source,
			     long long *at)
{
	sqlite3_stmt *s;
	int rc = 0;

	*at = 0;
	if (!(s = stmt(st, Q_SOURCE_POLLED, &rc)))
		return rc;
	bind_text(s, 1, source);
	rc = row(st, s);
	if (rc == 1) {
		*at = sqlite3_column_int64(s, 0);
		done_with(s);
		rc = 0;
	}
	return rc;
}

int gisa_store_source_set_polled(gisa_store *st, const char *source,
				 long long at)
{
	sqlite3_stmt *s;
	long long src;
	int rc;

	if ((rc = tx_begin(st)))
		return rc;
	if (!(rc = source_id(st, source, 1, &src)) &&
	    (s = stmt(st, Q_SOURCE_SET_POLLED, &rc))) {
		sqlite3_bind_int64(s, 1, src);
		sqlite3_bind_int64(s, 2, at);
		rc = run(st, s);
	}
	return tx_end(st, rc);
}

/* count - add n to counter c of source src in the current run. */
static int count(gisa_store *st, long long src, enum counter c, long long n)
{
	sqlite3_stmt *s;
	int rc = 0;

	if (!st->run_id || !n)
		return 0;
	if (!(s = stmt(st, Q_COUNT + c, &rc)))
		return rc;
	sqlite3_bind_int64(s, 1, st->run_id);
	sqlite3_bind_int64(s, 2, src);
	sqlite3_bind_int64(s, 3, n);
	return run(st, s);
}

/* url_get - the source, attempts and extraction time of URL id. */
static int url_get(gisa_store *st, long long id, long long *src,
		   int *attempts, long long *extracted_at)
{
	sqlite3_stmt *s;
	int rc = 0;

	if (!(s = stmt(st, Q_URL_GET, &rc)))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = row(st, s);
	if (rc == 0)
		return set_err(st, GISA_ENOTFOUND, "no URL with id %lld", id);
	if (rc < 0)
		return rc;
	*src = sqlite3_column_int64(s, 0);
	if (attempts)
		*attempts = sqlite3_column_int(s, 1);
	if (extracted_at)
		*extracted_at = sqlite3_column_int64(s, 2);
	done_with(s);
	return 0;
}

/* ---- runs ---- */

int gisa_store_run_begin(gisa_store *st, long long *run_id)
{
	sqlite3_stmt *s;
	int rc = tx_begin(st);

	if (rc)
		return rc;
	if (!(s = stmt(st, Q_RUN_CRASHED, &rc)) || (rc = run(st, s)))
		goto out;
	if (!(s = stmt(st, Q_RUN_BEGIN, &rc)))
		goto out;
	sqlite3_bind_int64(s, 1, gisa_store_now(st));
	sqlite3_bind_int64(s, 2, (long long)getpid());
	rc = run(st, s);
out:
	rc = tx_end(st, rc);
	if (!rc) {
		st->run_id = sqlite3_last_insert_rowid(st->db);
		if (run_id)
			*run_id = st->run_id;
	}
	return rc;
}

int gisa_store_run_end(gisa_store *st, const char *status, const char *error)
{
	sqlite3_stmt *s;
	int rc;

	if (!st->run_id)
		return set_err(st, GISA_ESTATE, "no run was begun");
	if ((rc = tx_begin(st)))
		return rc;
	if ((s = stmt(st, Q_RUN_END, &rc))) {
		sqlite3_bind_int64(s, 1, st->run_id);
		sqlite3_bind_int64(s, 2, gisa_store_now(st));
		bind_text(s, 3, status ? status : "ok");
		bind_text(s, 4, error);
		rc = run(st, s);
	}
	rc = tx_end(st, rc);
	if (!rc)
		st->run_id = 0;
	return rc;
}

int gisa_store_run_error(gisa_store *st, const char *source, const char *msg)
{
	sqlite3_stmt *s;
	long long src;
	int rc;

	if (!st->run_id)
		return set_err(st, GISA_ESTATE, "no run was begun");
	if ((rc = tx_begin(st)))
		return rc;
	if (!(rc = source_id(st, source, 1, &src)) &&
	    (s = stmt(st, Q_RUN_ERROR, &rc))) {
		sqlite3_bind_int64(s, 1, st->run_id);
		sqlite3_bind_int64(s, 2, src);
		bind_text(s, 3, msg);
		rc = run(st, s);
	}
	return tx_end(st, rc);
}

/* ---- the frontier ---- */

/* add_one - insert or refresh one normalized URL; 1 when new. */
static int add_one(gisa_store *st, long long src, const char *url,
		   const gisa_store_url *u, int flags, long long now)
{
	sqlite3_stmt *s;
	int rc = 0;

	if (!(s = stmt(st, Q_URL_ADD, &rc)))
		return rc;
	bind_text(s, 1, url);
	sqlite3_bind_int64(s, 2, src);
	sqlite3_bind_int(s, 3, u->kind);
	sqlite3_bind_int64(s, 4, now);
	if ((rc = run(st, s)))
		return rc;
	if (sqlite3_changes(st->db))
		return 1;
	if (!(flags & GISA_STORE_REFRESH) && u->lastmod <= 0)
		return 0;
	if (!(s = stmt(st, Q_URL_REFRESH, &rc)))
		return rc;
	bind_text(s, 1, url);
	sqlite3_bind_int64(s, 2, now);
	sqlite3_bind_int(s, 3, !!(flags & GISA_STORE_REFRESH));
	sqlite3_bind_int64(s, 4, u->lastmod);
	return run(st, s);
}

int gisa_store_add_urls(gisa_store *st, const char *source,
			const gisa_store_url *v, size_t n, int flags)
{
	long long src, now = gisa_store_now(st), added = 0;
	int rc;

	if ((rc = tx_begin(st)))
		return rc;
	rc = source_id(st, source, 1, &src);
	for (size_t i = 0; i < n && !rc; i++) {
		char *norm = NULL;
		if (v[i].kind < GISA_URL_ARTICLE || v[i].kind > GISA_URL_SECTION) {
			rc = set_err(st, GISA_EINVAL, "bad URL kind %d",
				     v[i].kind);
			break;
		}
		rc = gisa_url_normalize(v[i].url, &norm);
		if (rc == GISA_EINVAL || rc == GISA_ELIMIT) {
			rc = 0; /* not a web URL: skipped */
			continue;
		}
		if (!rc)
			rc = add_one(st, src, norm, &v[i], flags, now);
		free(norm);
		if (rc > 0) {
			added++;
			rc = 0;
		}
	}
	if (!rc)
		rc = count(st, src, C_DISCOVERED, added);
	rc = tx_end(st, rc);
	if (rc)
		return rc;
	return added > 0x7fffffff ? 0x7fffffff : (int)added;
}

void gisa_store_claims_free(gisa_claim *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].url);
		free(v[i].source);
		free(v[i].etag);
		free(v[i].last_modified);
	}
	free(v);
}

static gisa_url_state state_of(const char *s)
{
	if (!s)
		return GISA_URL_DISCOVERED;
	if (strcmp(s, "fetched") == 0)
		return GISA_URL_FETCHED;
	if (strcmp(s, "extracted") == 0)
		return GISA_URL_EXTRACTED;
	if (strcmp(s, "failed") == 0)
		return GISA_URL_FAILED;
	return GISA_URL_DISCOVERED;
}

/* select_due - read up to max due URLs into v (with their source ids). */
static int select_due(gisa_store *st, long long src, size_t max,
		      gisa_claim *v, long long *srcs, size_t *n)
{
	sqlite3_stmt *s;
	int rc = 0, oom = 0;

	if (!(s = stmt(st, src ? Q_CLAIM_SOURCE : Q_CLAIM, &rc)))
		return rc;
	sqlite3_bind_int64(s, 1, gisa_store_now(st));
	sqlite3_bind_int64(s, 2, (long long)max);
	if (src)
		sqlite3_bind_int64(s, 3, src);
	*n = 0;
	while ((rc = row(st, s)) == 1) {
		gisa_claim *c = &v[(*n)++];
		c->id = sqlite3_column_int64(s, 0);
		c->url = col_dup(s, 1, &oom);
		c->source = col_dup(s, 2, &oom);
		c->kind = (gisa_url_kind)sqlite3_column_int(s, 3);
		c->state = state_of((const char *)sqlite3_column_text(s, 4));
		c->attempts = sqlite3_column_int(s, 5);
		c->etag = col_dup(s, 6, &oom);
		c->last_modified = col_dup(s, 7, &oom);
		srcs[*n - 1] = sqlite3_column_int64(s, 8);
		if (oom) {
			done_with(s);
			return GISA_ENOMEM;
		}
	}
	return rc;
}

/* lease_or_give_up - lease claim c, or give it up when it has had all
 * its attempts; 1 when leased. */
static int lease_or_give_up(gisa_store *st, gisa_claim *c,
			    long long src, long long lease)
{
	long long now = gisa_store_now(st);
	sqlite3_stmt *s;
	char msg[96];
	int rc = 0;

	if (c->attempts >= st->pol.max_attempts) {
		if (!(s = stmt(st, Q_GIVE_UP, &rc)))
			return rc;
		snprintf(msg, sizeof msg, "gave up after %d attempts without "
			 "a result", c->attempts);
		sqlite3_bind_int64(s, 1, c->id);
		sqlite3_bind_int64(s, 2, now);
		bind_text(s, 3, msg);
		if ((rc = run(st, s)))
			return rc;
		return count(st, src, C_FAILED, 1);
	}
	if (!(s = stmt(st, Q_CLAIM_SET, &rc)))
		return rc;
	sqlite3_bind_int64(s, 1, c->id);
	sqlite3_bind_int64(s, 2, now + lease);
	if ((rc = run(st, s)))
		return rc;
	c->attempts++;
	return 1;
}

int gisa_store_claim(gisa_store *st, const char *source, size_t max,
		     long long lease, gisa_claim **out, size_t *n)
{
	gisa_claim *v = NULL;
	long long *srcs = NULL, src = 0;
	size_t got = 0, kept = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!max)
		return 0;
	if (max > 10000)
		max = 10000;
	if (lease <= 0)
		return set_err(st, GISA_EINVAL, "a lease must be positive");
	v = calloc(max, sizeof *v);
	srcs = calloc(max, sizeof *srcs);
	if (!v || !srcs) {
		free(v);
		free(srcs);
		return GISA_ENOMEM;
	}
	if ((rc = tx_begin(st)))
		goto out;
	if (source && (rc = source_id(st, source, 0, &src)) == 0 && !src)
		goto commit; /* unknown source: nothing due */
	if (!rc)
		rc = select_due(st, src, max, v, srcs, &got);
	for (size_t i = 0; i < got && !rc; i++) {
		int r = lease_or_give_up(st, &v[i], srcs[i], lease);
		if (r < 0) {
			rc = r;
		} else if (r == 1) {
			v[kept] = v[i];
			if (kept++ != i)
				memset(&v[i], 0, sizeof v[i]);
		} else {
			gisa_claim gone = v[i];
			memset(&v[i], 0, sizeof v[i]);
			free(gone.url);
			free(gone.source);
			free(gone.etag);
			free(gone.last_modified);
		}
	}
commit:
	rc = tx_end(st, rc);
out:
	free(srcs);
	if (!rc && !kept) {
		free(v);
		return 0;
	}
	if (rc) {
		gisa_store_claims_free(v, got); /* moved slots are zeroed */
		return rc;
	}
	*out = v;
	*n = kept;
	return (int)kept;
}

/* ---- fetch results ---- */

/* compress - zstd frame of body into a malloc'd *z. Done before the
 * transaction: compression is the slow part, the write lock is short. */
static int compress(gisa_store *st, const char *body, size_t len, void **z,
		    size_t *zlen)
{
	size_t cap = ZSTD_compressBound(len), r;

	if (!(*z = malloc(cap ? cap : 1)))
		return GISA_ENOMEM;
	r = ZSTD_compress(*z, cap, body, len, 3);
	if (ZSTD_isError(r)) {
		free(*z);
		*z = NULL;
		return set_err(st, GISA_ENOMEM, "zstd: %s",
			       ZSTD_getErrorName(r));
	}
	*zlen = r;
	return 0;
}

static int put_page(gisa_store *st, long long id, const gisa_store_fetch *f,
		    const void *z, size_t zlen, long long now)
{
	sqlite3_stmt *s;
	int rc = 0;

	if (!(s = stmt(st, Q_PAGE_PUT, &rc)))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, now);
	sqlite3_bind_int(s, 3, f->status);
	bind_text(s, 4, f->final_url);
	bind_text(s, 5, f->content_type);
	bind_text(s, 6, f->charset);
	sqlite3_bind_int64(s, 7, (long long)f->body_len);
	sqlite3_bind_blob64(s, 8, z, zlen, SQLITE_STATIC);
	return run(st, s);
}

static int mark_fetched(gisa_store *st, long long id,
			const gisa_store_fetch *f, long long extracted_at,
			long long now)
{
	sqlite3_stmt *s;
	int rc = 0;

	if (f->status == 304) {
		s = stmt(st, extracted_at ? Q_NOT_MODIFIED_DONE
					  : Q_NOT_MODIFIED_PENDING, &rc);
		if (!s)
			return rc;
		sqlite3_bind_int64(s, 1, id);
		bind_text(s, 2, f->etag);
		bind_text(s, 3, f->last_modified);
		sqlite3_bind_int64(s, 4, now);
		return run(st, s);
	}
	if (!(s = stmt(st, Q_FETCHED, &rc)))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, f->status);
	bind_text(s, 3, f->etag);
	bind_text(s, 4, f->last_modified);
	sqlite3_bind_int64(s, 5, now);
	return run(st, s);
}

int gisa_store_fetched(gisa_store *st, long long id, const gisa_store_fetch *f)
{
	long long src, extracted_at = 0, now = gisa_store_now(st);
	void *z = NULL;
	size_t zlen = 0;
	int rc;

	if (!f || (f->status != 304 && (f->status < 200 || f->status > 299)))
		return set_err(st, GISA_EINVAL, "status %d is not a success",
			       f ? f->status : 0);
	if (f->body && f->body_len > GISA_STORE_MAX_PAGE)
		return set_err(st, GISA_ELIMIT, "page of %zu bytes is over "
			       "the limit", f->body_len);
	if (f->body && f->status != 304 &&
	    (rc = compress(st, f->body, f->body_len, &z, &zlen)))
		return rc;
	if ((rc = tx_begin(st)))
		goto out;
	rc = url_get(st, id, &src, NULL, &extracted_at);
	if (!rc)
		rc = mark_fetched(st, id, f, extracted_at, now);
	if (!rc && z)
		rc = put_page(st, id, f, z, zlen, now);
	if (!rc)
		rc = count(st, src, f->status == 304 ? C_NOT_MODIFIED
						     : C_FETCHED, 1);
	rc = tx_end(st, rc);
out:
	free(z);
	return rc;
}

/* mark_done - URL id EXTRACTED with nothing scheduled (in a transaction). */
static int mark_done(gisa_store *st, long long id)
{
	sqlite3_stmt *s;
	int rc = 0;

	if (!(s = stmt(st, Q_DONE, &rc)))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, gisa_store_now(st));
	if ((rc = run(st, s)))
		return rc;
	return sqlite3_changes(st->db) ? 0 :
	       set_err(st, GISA_ENOTFOUND, "no URL with id %lld", id);
}

int gisa_store_done(gisa_store *st, long long id)
{
	int rc = tx_begin(st);

	if (rc)
		return rc;
	return tx_end(st, mark_done(st, id));
}

int gisa_store_failed(gisa_store *st, long long id, int status,
		      const char *error, int permanent)
{
	long long src, now = gisa_store_now(st);
	sqlite3_stmt *s;
	int attempts = 0, rc;

	if ((rc = tx_begin(st)))
		return rc;
	if ((rc = url_get(st, id, &src, &attempts, NULL)))
		goto out;
	if (!(s = stmt(st, Q_FAILED, &rc)))
		goto out;
	if (attempts < 1)
		attempts = 1; /* failed without a claim: count it as one */
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, status);
	bind_text(s, 3, error);
	if (permanent || attempts >= st->pol.max_attempts)
		sqlite3_bind_null(s, 4);
	else
		sqlite3_bind_int64(s, 4, now + backoff(st, attempts));
	sqlite3_bind_int64(s, 5, now);
	if (!(rc = run(st, s)))
		rc = count(st, src, C_FAILED, 1);
	if (!rc && error && st->run_id && (s = stmt(st, Q_RUN_ERROR, &rc))) {
		sqlite3_bind_int64(s, 1, st->run_id);
		sqlite3_bind_int64(s, 2, src);
		bind_text(s, 3, error);
		rc = run(st, s);
	}
out:
	return tx_end(st, rc);
}

/* set_due - Q_RESCHEDULE or Q_RELEASE of URL id to time at. */
static int set_due(gisa_store *st, enum query q, long long id, long long at)
{
	sqlite3_stmt *s;
	int rc = tx_begin(st);

	if (rc)
		return rc;
	if ((s = stmt(st, q, &rc))) {
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, at);
		rc = run(st, s);
		if (!rc && !sqlite3_changes(st->db))
			rc = set_err(st, GISA_ENOTFOUND, "no URL with id %lld",
				     id);
	}
	return tx_end(st, rc);
}

int gisa_store_reschedule(gisa_store *st, long long id, long long at)
{
	return set_due(st, Q_RESCHEDULE, id, at);
}

int gisa_store_release(gisa_store *st, long long id)
{
	return set_due(st, Q_RELEASE, id, gisa_store_now(st));
}

/* ---- raw pages ---- */

void gisa_store_page_clear(gisa_store_page *p)
{
	free(p->url);
	free(p->source);
	free(p->final_url);
	free(p->content_type);
	free(p->charset);
	free(p->body);
	memset(p, 0, sizeof *p);
}

static int decompress(gisa_store *st, const void *z, size_t zlen,
		      long long raw_len, gisa_store_page *p)
{
	unsigned long long size = ZSTD_getFrameContentSize(z, zlen);
	size_t r;

	if (raw_len < 0 || (unsigned long long)raw_len > GISA_STORE_MAX_PAGE ||
	    size != (unsigned long long)raw_len)
		return set_err(st, GISA_EDB, "stored page %lld is damaged",
			       p->url_id);
	if (!(p->body = malloc((size_t)raw_len + 1)))
		return GISA_ENOMEM;
	r = ZSTD_decompress(p->body, (size_t)raw_len, z, zlen);
	if (ZSTD_isError(r) || r != (size_t)raw_len)
		return set_err(st, GISA_EDB, "stored page %lld is damaged",
			       p->url_id);
	p->body[r] = '\0';
	p->body_len = r;
	return 0;
}

/* load_page - read page id (no transaction of its own: one statement). */
static int load_page(gisa_store *st, long long id, gisa_store_page *p)
{
	sqlite3_stmt *s;
	int rc = 0, oom = 0;

	memset(p, 0, sizeof *p);
	p->url_id = id;
	if (!(s = stmt(st, Q_PAGE_LOAD, &rc)))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = row(st, s);
	if (rc == 0)
		return set_err(st, GISA_ENOTFOUND, "no page stored for URL "
			       "%lld", id);
	if (rc < 0)
		return rc;
	p->url = col_dup(s, 0, &oom);
	p->source = col_dup(s, 1, &oom);
	p->final_url = col_dup(s, 2, &oom);
	p->content_type = col_dup(s, 3, &oom);
	p->charset = col_dup(s, 4, &oom);
	p->status = sqlite3_column_int(s, 5);
	p->fetched_at = sqlite3_column_int64(s, 6);
	p->kind = (gisa_url_kind)sqlite3_column_int(s, 9);
	rc = oom ? GISA_ENOMEM :
	     decompress(st, sqlite3_column_blob(s, 8),
			(size_t)sqlite3_column_bytes(s, 8),
			sqlite3_column_int64(s, 7), p);
	done_with(s);
	if (rc)
		gisa_store_page_clear(p);
	return rc;
}

int gisa_store_load_page(gisa_store *st, long long id, gisa_store_page *p)
{
	return load_page(st, id, p);
}

/* page_ids - the next batch of page ids after `after`. */
static int page_ids(gisa_store *st, long long after, const char *source,
		    long long since, long long *ids, size_t *n)
{
	sqlite3_stmt *s;
	int rc = 0;

	*n = 0;
	if (!(s = stmt(st, Q_PAGE_IDS, &rc)))
		return rc;
	sqlite3_bind_int64(s, 1, after);
	bind_text(s, 2, source);
	sqlite3_bind_int64(s, 3, since);
	sqlite3_bind_int(s, 4, BATCH);
	while ((rc = row(st, s)) == 1)
		ids[(*n)++] = sqlite3_column_int64(s, 0);
	return rc;
}

int gisa_store_each_page(gisa_store *st, const char *source, long long since,
			 gisa_store_page_fn fn, void *ctx)
{
	long long ids[BATCH], after = 0, visited = 0;
	size_t n;
	int rc;

	do {
		if ((rc = page_ids(st, after, source, since, ids, &n)))
			return rc;
		for (size_t i = 0; i < n; i++) {
			gisa_store_page p;
			after = ids[i];
			rc = load_page(st, ids[i], &p);
			if (rc == GISA_ENOTFOUND)
				continue; /* deleted meanwhile */
			if (rc)
				return rc;
			rc = fn(ctx, &p);
			gisa_store_page_clear(&p);
			if (rc)
				return rc;
			visited++;
		}
	} while (n == BATCH);
	return visited > 0x7fffffff ? 0x7fffffff : (int)visited;
}

/* ---- articles ---- */

/* The article as it will be stored, prepared outside the transaction. */
struct art {
	char *canonical;
	char *url;
	char *record;     /* compact JSON */
	json_t *cmp;      /* the record without url, canonical_url and
			     fetched_at, to compare */
	char hash[64];
	int has_body;
	long long empty;  /* bit f: field f empty */
};

static void art_free(struct art *x)
{
	free(x->canonical);
	free(x->url);
	free(x->record);
	json_decref(x->cmp);
}

/* norm_or_copy - the normal form of u, or u itself when it has none. */
static char *norm_or_copy(const char *u)
{
	char *n = NULL;

	if (gisa_url_normalize(u, &n) == 0)
		return n;
	return strdup(u);
}

static int art_prepare(gisa_store *st, const gisa_article *a, struct art *x)
{
	json_t *obj = NULL;
	int rc;

	memset(x, 0, sizeof *x);
	if (!a || !a->url || !*a->url)
		return set_err(st, GISA_EINVAL, "an article needs a URL");
	if (a->content_hash && *a->content_hash)
		snprintf(x->hash, sizeof x->hash, "%s", a->content_hash);
	else
		gisa_record_hash(a, x->hash, sizeof x->hash);
	x->has_body = a->paragraphs.n > 0;
	for (int f = 0; f < GISA_F__COUNT; f++)
		if (!gisa_article_has(a, (gisa_field)f))
			x->empty |= 1LL << f;
	if ((rc = gisa_record_to_json(a, &obj)))
		return rc;
	rc = GISA_ENOMEM;
	if (!json_object_get(obj, "content_hash") &&
	    json_object_set_new(obj, "content_hash", json_string(x->hash)))
		goto out;
	x->record = json_dumps(obj, JSON_COMPACT);
	x->cmp = json_deep_copy(obj);
	x->canonical = norm_or_copy(a->canonical_url && *a->canonical_url ?
				    a->canonical_url : a->url);
	x->url = norm_or_copy(a->url);
	if (!x->record || !x->cmp || !x->canonical || !x->url)
		goto out;
	/* what makes two extractions differ: not where or when the page
	 * was fetched (the canonical URL already matched, normalized) */
	json_object_del(x->cmp, "url");
	json_object_del(x->cmp, "canonical_url");
	json_object_del(x->cmp, "fetched_at");
	rc = 0;
out:
	json_decref(obj);
	return rc;
}

/* find_same - the stored article with x's canonical URL, else with its
 * page URL: *aid (0 if none) and whether its record equals x's. */
static int find_same(gisa_store *st, const struct art *x, long long *aid,
		     int *equal)
{
	enum query qs[2] = { Q_ART_BY_CANON, Q_ART_BY_URL };
	const char *keys[2] = { x->canonical, x->url };
	sqlite3_stmt *s;
	int rc = 0;

	*aid = 0;
	*equal = 0;
	for (int i = 0; i < 2 && !*aid; i++) {
		json_t *old;
		if (!(s = stmt(st, qs[i], &rc)))
			return rc;
		bind_text(s, 1, keys[i]);
		if ((rc = row(st, s)) <= 0) {
			if (rc < 0)
				return rc;
			continue;
		}
		*aid = sqlite3_column_int64(s, 0);
		old = json_loads((const char *)sqlite3_column_text(s, 1), 0,
				 NULL);
		done_with(s);
		if (old) {
			json_object_del(old, "url");
			json_object_del(old, "canonical_url");
			json_object_del(old, "fetched_at");
			*equal = json_equal(old, x->cmp);
			json_decref(old);
		}
	}
	return 0;
}

static int find_hash(gisa_store *st, const struct art *x, long long *aid)
{
	sqlite3_stmt *s;
	int rc = 0;

	*aid = 0;
	if (!x->has_body)
		return 0;
	if (!(s = stmt(st, Q_ART_BY_HASH, &rc)))
		return rc;
	bind_text(s, 1, x->hash);
	if ((rc = row(st, s)) == 1) {
		*aid = sqlite3_column_int64(s, 0);
		done_with(s);
		rc = 0;
	}
	return rc;
}

/* write_art - insert (aid 0) or replace article aid with x. */
static int write_art(gisa_store *st, long long aid, long long src,
		     long long url_id, const gisa_article *a,
		     const struct art *x, long long *out_id)
{
	sqlite3_stmt *s;
	int rc = 0;

	if (!(s = stmt(st, aid ? Q_ART_UPDATE : Q_ART_INSERT, &rc)))
		return rc;
	sqlite3_bind_int64(s, 1, aid ? aid : src);
	if (url_id > 0)
		sqlite3_bind_int64(s, 2, url_id);
	bind_text(s, 3, x->url);
	bind_text(s, 4, x->canonical);
	bind_text(s, 5, x->hash);
	sqlite3_bind_int(s, 6, x->has_body);
	bind_text(s, 7, a->title);
	bind_text(s, 8, a->published);
	sqlite3_bind_int64(s, 9, gisa_store_now(st));
	sqlite3_bind_int64(s, 10, x->empty);
	bind_text(s, 11, x->record);
	if ((rc = run(st, s)))
		return rc;
	*out_id = aid ? aid : sqlite3_last_insert_rowid(st->db);
	return 0;
}

/* store_art - the dedupe decision and its write; the outcome or < 0. */
static int store_art(gisa_store *st, long long src, long long url_id,
		     const gisa_article *a, const struct art *x,
		     long long *aid)
{
	int equal, rc;

	if ((rc = find_same(st, x, aid, &equal)))
		return rc;
	if (*aid && equal)
		return GISA_ARTICLE_UNCHANGED;
	if (*aid) {
		rc = write_art(st, *aid, src, url_id, a, x, aid);
		return rc ? rc : GISA_ARTICLE_UPDATED;
	}
	if ((rc = find_hash(st, x, aid)))
		return rc;
	if (*aid)
		return GISA_ARTICLE_DUPLICATE;
	rc = write_art(st, 0, src, url_id, a, x, aid);
	return rc ? rc : GISA_ARTICLE_NEW;
}

/* owe - record article aid's line as owed to the sink, if any (in the
 * transaction that stored it). */
static int owe(gisa_store *st, long long aid)
{
	sqlite3_stmt *s;
	int rc = 0;

	if (!st->sink)
		return 0;
	if (!(s = stmt(st, Q_OWE, &rc)))
		return rc;
	bind_text(s, 1, st->sink);
	sqlite3_bind_int64(s, 2, aid);
	sqlite3_bind_int64(s, 3, gisa_store_now(st));
	if ((rc = run(st, s)))
		return rc;
	return sqlite3_changes(st->db) ? 0 :
	       set_err(st, GISA_EDB, "article %lld vanished", aid);
}

int gisa_store_put_article(gisa_store *st, long long id,
			   const gisa_article *a, long long *article_id)
{
	static const enum counter counters[] = {
		[GISA_ARTICLE_NEW] = C_NEW, [GISA_ARTICLE_UPDATED] = C_UPDATED,
		[GISA_ARTICLE_UNCHANGED] = C_UNCHANGED,
		[GISA_ARTICLE_DUPLICATE] = C_DUPLICATES
	};
	struct art x;
	long long src = 0, aid = 0;
	int rc, outcome = 0;

	if ((rc = art_prepare(st, a, &x)))
		goto out;
	if ((rc = tx_begin(st)))
		goto out;
	if (id > 0)
		rc = url_get(st, id, &src, NULL, NULL);
	else if (!a->source || !*a->source)
		rc = set_err(st, GISA_EINVAL, "an article outside the "
			     "frontier needs a source");
	else
		rc = source_id(st, a->source, 1, &src);
	if (!rc)
		rc = outcome = store_art(st, src, id, a, &x, &aid);
	if (rc > 0 && id > 0)
		rc = mark_done(st, id);
	if (rc >= 0 && (outcome == GISA_ARTICLE_NEW ||
			outcome == GISA_ARTICLE_UPDATED))
		rc = owe(st, aid);
	if (rc >= 0)
		rc = count(st, src, counters[outcome], 1);
	rc = tx_end(st, rc);
out:
	art_free(&x);
	if (rc < 0)
		return rc;
	if (article_id)
		*article_id = aid;
	return outcome;
}

/* One batch of export rows, copied so that no statement stays open
 * while the callback runs. */
struct art_row {
	gisa_store_article a;
	char *source, *canonical, *hash, *record;
};

static void rows_free(struct art_row *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(r[i].source);
		free(r[i].canonical);
		free(r[i].hash);
		free(r[i].record);
	}
}

static int art_batch(gisa_store *st, long long after, const char *source,
		     long long since, struct art_row *r, size_t *n)
{
	sqlite3_stmt *s;
	int rc = 0, oom = 0;

	*n = 0;
	if (!(s = stmt(st, Q_ART_BATCH, &rc)))
		return rc;
	sqlite3_bind_int64(s, 1, after);
	bind_text(s, 2, source);
	sqlite3_bind_int64(s, 3, since);
	sqlite3_bind_int(s, 4, BATCH);
	while ((rc = row(st, s)) == 1) {
		struct art_row *x = &r[(*n)++];
		memset(x, 0, sizeof *x);
		x->a.id = sqlite3_column_int64(s, 0);
		x->a.source = x->source = col_dup(s, 1, &oom);
		x->a.canonical_url = x->canonical = col_dup(s, 2, &oom);
		x->a.content_hash = x->hash = col_dup(s, 3, &oom);
		x->a.version = sqlite3_column_int(s, 4);
		x->a.first_seen_at = sqlite3_column_int64(s, 5);
		x->a.updated_at = sqlite3_column_int64(s, 6);
		x->a.record = x->record = col_dup(s, 7, &oom);
		if (oom) {
			done_with(s);
			return GISA_ENOMEM;
		}
	}
	return rc;
}

int gisa_store_each_article(gisa_store *st, const char *source,
			    long long since, gisa_store_article_fn fn,
			    void *ctx)
{
	struct art_row r[BATCH];
	long long after = 0, visited = 0;
	size_t n = 0;
	int rc;

	do {
		rc = art_batch(st, after, source, since, r, &n);
		for (size_t i = 0; i < n && !rc; i++) {
			after = r[i].a.id;
			rc = fn(ctx, &r[i].a);
			visited++;
		}
		rows_free(r, n);
		if (rc)
			return rc;
	} while (n == BATCH);
	return visited > 0x7fffffff ? 0x7fffffff : (int)visited;
}

/* ---- the outbox ---- */

int gisa_store_set_sink(gisa_store *st, const char *sink)
{
	char *d = NULL;

	if (sink && strlen(sink) > GISA_URL_MAX)
		return set_err(st, GISA_EINVAL, "the output's name is too long");
	if (sink && !(d = strdup(sink)))
		return GISA_ENOMEM;
	free(st->sink);
	st->sink = d;
	return 0;
}

const char *gisa_store_sink(const gisa_store *st)
{
	return st->sink;
}

/* One batch of owed lines, copied so that no statement stays open while
 * the callback runs (it writes to the store). */
struct owed_row {
	gisa_store_owed o;
	char *source, *sink, *record;
};

static void owed_free(struct owed_row *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(r[i].source);
		free(r[i].sink);
		free(r[i].record);
	}
}

static int owed_batch(gisa_store *st, long long after, const char *sink,
		      struct owed_row *r, size_t *n)
{
	sqlite3_stmt *s;
	int rc = 0, oom = 0;

	*n = 0;
	if (!(s = stmt(st, Q_OWED_BATCH, &rc)))
		return rc;
	sqlite3_bind_int64(s, 1, after);
	bind_text(s, 2, sink);
	sqlite3_bind_int(s, 3, BATCH);
	while ((rc = row(st, s)) == 1) {
		struct owed_row *x = &r[(*n)++];
		memset(x, 0, sizeof *x);
		x->o.id = sqlite3_column_int64(s, 0);
		x->o.article_id = sqlite3_column_int64(s, 1);
		x->o.version = sqlite3_column_int(s, 2);
		x->o.source = x->source = col_dup(s, 3, &oom);
		x->o.sink = x->sink = col_dup(s, 4, &oom);
		x->o.created_at = sqlite3_column_int64(s, 5);
		x->o.record = x->record = col_dup(s, 6, &oom);
		if (oom) {
			done_with(s);
			return GISA_ENOMEM;
		}
	}
	return rc;
}

/* owed_done - the line of outbox row id is written: the row goes. */
static int owed_done(gisa_store *st, long long id)
{
	sqlite3_stmt *s;
	int rc = tx_begin(st);

	if (rc)
		return rc;
	if ((s = stmt(st, Q_OWED_DONE, &rc))) {
		sqlite3_bind_int64(s, 1, id);
		rc = run(st, s);
	}
	return tx_end(st, rc);
}

/* each_owed - the walk of gisa_store_drain (mark) and _each_owed. Rows
 * owed meanwhile have higher ids: the walk goes on until a batch comes
 * back empty. */
static int each_owed(gisa_store *st, const char *sink, int mark,
		     gisa_store_owed_fn fn, void *ctx)
{
	struct owed_row r[BATCH];
	long long after = 0, visited = 0;
	size_t n = 0;
	int rc;

	do {
		rc = owed_batch(st, after, sink, r, &n);
		for (size_t i = 0; i < n && !rc; i++) {
			after = r[i].o.id;
			rc = fn(ctx, &r[i].o);
			if (!rc && mark)
				rc = owed_done(st, r[i].o.id);
			if (!rc)
				visited++;
		}
		owed_free(r, n);
		if (rc)
			return rc;
	} while (n > 0);
	return visited > 0x7fffffff ? 0x7fffffff : (int)visited;
}

int gisa_store_drain(gisa_store *st, const char *sink, gisa_store_owed_fn fn,
		     void *ctx)
{
	if (!sink)
		return set_err(st, GISA_EINVAL, "no output to drain");
	return each_owed(st, sink, 1, fn, ctx);
}

int gisa_store_each_owed(gisa_store *st, gisa_store_owed_fn fn, void *ctx)
{
	return each_owed(st, NULL, 0, fn, ctx);
}

/* ---- status ---- */

void gisa_store_status_free(gisa_source_status *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].name);
		free(v[i].last_error);
	}
	free(v);
}

/* source_extra - articles, last failure and empty-field figures of
 * source src. */
static int source_extra(gisa_store *st, long long src, size_t recent,
			size_t baseline, gisa_source_status *v)
{
	sqlite3_stmt *s = NULL;
	size_t i = 0;
	int r, rc = 0, oom = 0;

	r = sqlite3_prepare_v2(st->db,
		"SELECT 0, failed_at, error FROM urls WHERE source_id = ?1 AND "
		"state = 'failed' ORDER BY failed_at DESC LIMIT 1", -1, &s,
		NULL);
	if (r)
		return db_err(st, r);
	sqlite3_bind_int64(s, 1, src);
	if ((r = sqlite3_step(s)) == SQLITE_ROW) {
		v->last_failure = sqlite3_column_int64(s, 1);
		v->last_error = col_dup(s, 2, &oom);
	} else if (r != SQLITE_DONE) {
		rc = db_err(st, r);
	}
	sqlite3_finalize(s);
	if (rc || oom)
		return rc ? rc : GISA_ENOMEM;
	r = sqlite3_prepare_v2(st->db,
		"SELECT count(*) FROM articles WHERE source_id = ?1", -1, &s,
		NULL);
	if (r)
		return db_err(st, r);
	sqlite3_bind_int64(s, 1, src);
	if (sqlite3_step(s) == SQLITE_ROW)
		v->articles = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	r = sqlite3_prepare_v2(st->db,
		"SELECT empty_fields FROM articles WHERE source_id = ?1 "
		"ORDER BY updated_at DESC, id DESC LIMIT ?2", -1, &s, NULL);
	if (r)
		return db_err(st, r);
	sqlite3_bind_int64(s, 1, src);
	sqlite3_bind_int64(s, 2, (long long)(recent + baseline));
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		long long m = sqlite3_column_int64(s, 0);
		size_t *empty = i < recent ? v->recent_empty : v->base_empty;
		for (int f = 0; f < GISA_F__COUNT; f++)
			empty[f] += (size_t)((m >> f) & 1);
		if (i++ < recent)
			v->recent_n++;
		else
			v->base_n++;
	}
	if (r != SQLITE_DONE)
		rc = db_err(st, r);
	sqlite3_finalize(s);
	return rc;
}

int gisa_store_status(gisa_store *st, size_t recent, size_t baseline,
		      gisa_source_status **out, size_t *n)
{
	gisa_source_status *v = NULL;
	sqlite3_stmt *s = NULL;
	long long *ids = NULL;
	size_t k = 0, cap = 0;
	int r, rc = 0, oom = 0;

	*out = NULL;
	*n = 0;
	recent = recent ? recent : 20;
	baseline = baseline ? baseline : 100;
	r = sqlite3_prepare_v2(st->db,
		"SELECT s.id, s.name, count(u.id), "
		"coalesce(sum(u.next_attempt_at IS NOT NULL), 0), "
		"coalesce(sum(u.state = 'failed'), 0), "
		"coalesce(sum(u.state = 'failed' AND u.next_attempt_at IS "
		"NULL), 0), coalesce(max(u.extracted_at), 0) "
		"FROM sources s LEFT JOIN urls u ON u.source_id = s.id "
		"GROUP BY s.id ORDER BY s.name", -1, &s, NULL);
	if (r)
		return db_err(st, r);
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		if (k == cap) {
			size_t c = cap ? cap * 2 : 8;
			void *nv = realloc(v, c * sizeof *v);
			void *ni = nv ? realloc(ids, c * sizeof *ids) : NULL;
			if (nv)
				v = nv;
			if (!ni) {
				oom = 1;
				break;
			}
			ids = ni;
			cap = c;
		}
		memset(&v[k], 0, sizeof v[k]);
		ids[k] = sqlite3_column_int64(s, 0);
		v[k].name = col_dup(s, 1, &oom);
		v[k].urls = sqlite3_column_int64(s, 2);
		v[k].pending = sqlite3_column_int64(s, 3);
		v[k].failed = sqlite3_column_int64(s, 4);
		v[k].given_up = sqlite3_column_int64(s, 5);
		v[k].last_success = sqlite3_column_int64(s, 6);
		k++;
		if (oom)
			break;
	}
	if (oom)
		rc = GISA_ENOMEM;
	else if (r != SQLITE_DONE)
		rc = db_err(st, r);
	sqlite3_finalize(s);
	for (size_t i = 0; i < k && !rc; i++)
		rc = source_extra(st, ids[i], recent, baseline, &v[i]);
	free(ids);
	if (rc) {
		gisa_store_status_free(v, k);
		return rc;
	}
	*out = v;
	*n = k;
	return (int)k;
}

int gisa_store_drift(const gisa_source_status *s, gisa_field *out, size_t max)
{
	int n = 0;

	if (s->recent_n < 5 || s->base_n < 5)
		return 0;
	for (int f = 0; f < GISA_F__COUNT; f++) {
		if (s->recent_empty[f] * 2 <= s->recent_n ||
		    s->base_empty[f] * 5 > s->base_n)
			continue;
		if ((size_t)n < max)
			out[n] = (gisa_field)f;
		n++;
	}
	return n;
}
