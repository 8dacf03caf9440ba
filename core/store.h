/* store.h - the state of scheduled runs: sources, the URL frontier, raw
 * pages, articles, runs.
 *
 * The API is backend-neutral: nothing here names SQLite, and every
 * operation is one transaction, so a backend for PostgreSQL (several
 * workers sharing a crawl) can sit behind the same functions. The one
 * backend today is SQLite (store.c): WAL, foreign keys, a busy timeout,
 * the schema in core/schema.sql applied as PRAGMA user_version migrations.
 * A kill at any moment leaves a consistent database: SQLite's atomic
 * commit does the work, and the frontier is designed so that no URL is
 * lost or stuck (see gisa_store_claim), nor any output line (the outbox:
 * gisa_store_set_sink).
 *
 * Conventions: functions return 0 (or a count, or an outcome) or a
 * negative GISA_E* code; gisa_store_errmsg() has the details of the last
 * failure. Database failures map to GISA_ENOMEM (out of memory),
 * GISA_EBUSY (locked too long), GISA_EIO (disk full, I/O error, read-only
 * file) and GISA_EDB (the rest: corrupt file, schema too new...).
 * Times are Unix seconds. Source names and URLs are at most
 * GISA_URL_MAX bytes. A handle is used by one thread at a time.
 */
#ifndef GISA_STORE_H
#define GISA_STORE_H

#include <stddef.h>

#include "article.h"

/* The schema version this gisa writes (the last migration). */
#define GISA_STORE_SCHEMA_VERSION 4

/* The largest raw page stored (bytes, uncompressed). */
#define GISA_STORE_MAX_PAGE ((size_t)64 << 20)

typedef struct gisa_store gisa_store;

/* ---- opening ---- */

enum {
	GISA_STORE_READONLY = 1,  /* no writes, no migrations (export, status) */
	GISA_STORE_NOCREATE = 2,  /* fail (GISA_ENOTFOUND) if the file is absent */
	GISA_STORE_NOMIGRATE = 4  /* leave the schema as it is (tests, tools) */
};

/* gisa_store_open - open (or create) the database at path. Read-write
 * handles get WAL mode, and the schema is migrated to
 * GISA_STORE_SCHEMA_VERSION unless GISA_STORE_NOMIGRATE. As with
 * sqlite3_open, *out is set to a handle whenever memory allows, even on
 * failure, so that gisa_store_errmsg() can tell why; close it either way.
 * Returns 0, GISA_ENOTFOUND, GISA_EIO, GISA_EDB (not a database, a schema
 * newer than this gisa, or, read-only, older), GISA_ENOMEM. */
int gisa_store_open(const char *path, int flags, gisa_store **out);

/* gisa_store_close - release the lock (if held) and the handle. */
void gisa_store_close(gisa_store *st);

/* gisa_store_errmsg - text about the last failure ("" if none). */
const char *gisa_store_errmsg(const gisa_store *st);

/* gisa_store_schema_version - the database's schema version (0 empty). */
int gisa_store_schema_version(gisa_store *st);

/* gisa_store_migrate - run the migrations above the current version up
 * to target (0: the latest), each step in its own transaction. */
int gisa_store_migrate(gisa_store *st, int target);

/* gisa_store_backend_handle - the backend's own connection (a sqlite3 *)
 * for tests and diagnostics. */
void *gisa_store_backend_handle(gisa_store *st);

/* ---- the run lock ---- */

/* gisa_store_lock - take the run lock, without waiting: an exclusive
 * flock(2) on "PATH.lock" next to the database. The kernel drops it when
 * the process dies, however it dies, so a crashed run never blocks the
 * next one and no expiry has to be guessed (a row lease would need one,
 * and could expire under a live but slow run). The file holds the
 * holder's pid, for the message. Only runs and re-extraction take it;
 * readers (export, status) do not need it. Returns 0, GISA_EBUSY (another
 * process holds it; see errmsg), GISA_EIO. In-memory databases need no
 * lock: 0. */
int gisa_store_lock(gisa_store *st);
void gisa_store_unlock(gisa_store *st);

/* ---- time and policy ---- */

/* gisa_store_set_clock - make "now" a fixed time (tests); 0: the real
 * clock again. */
void gisa_store_set_clock(gisa_store *st, long long now);
long long gisa_store_now(const gisa_store *st);

typedef struct gisa_store_policy {
	int max_attempts;         /* attempts before a URL is given up (5) */
	long long backoff_base;   /* delay after the first failure, s (60) */
	long long backoff_max;    /* longest delay, s (86400) */
} gisa_store_policy;

/* gisa_store_set_policy - retry policy; zero fields keep the default.
 * After failure n the next attempt is base * 4^(n-1) seconds later,
 * at most backoff_max. */
void gisa_store_set_policy(gisa_store *st, const gisa_store_policy *p);

/* ---- runs ---- */

/* gisa_store_run_begin - record the start of a run; until
 * gisa_store_run_end(), each operation below also counts what it did in
 * the run's per-source figures, in the same transaction. Runs still
 * marked running from before (the caller holds the lock, so they died)
 * are marked crashed. *run_id may be NULL. */
int gisa_store_run_begin(gisa_store *st, long long *run_id);

/* gisa_store_run_end - status "ok", "interrupted" or "failed"; error may
 * be NULL. */
int gisa_store_run_end(gisa_store *st, const char *status, const char *error);

/* gisa_store_run_error - note an error against source in the current run
 * (e.g. a feed that could not be parsed). */
int gisa_store_run_error(gisa_store *st, const char *source, const char *msg);

/* ---- sources ---- */

/* gisa_store_source_polled - when source's last discovery pass began
 * (gisa_store_source_set_polled), in *at; 0 when never or for a source
 * the store does not know. Reads only. */
int gisa_store_source_polled(gisa_store *st, const char *source,
			     long long *at);

/* gisa_store_source_set_polled - record that source's discovery pass
 * (its feeds, sitemaps and sections made due) began at time at; the
 * source is created when new. */
int gisa_store_source_set_polled(gisa_store *st, const char *source,
				 long long at);

/* ---- the frontier ---- */

typedef enum gisa_url_kind {
	GISA_URL_ARTICLE = 0,
	GISA_URL_FEED = 1,
	GISA_URL_SITEMAP = 2,
	GISA_URL_SECTION = 3  /* an HTML page listing articles (rules.h) */
} gisa_url_kind;

typedef enum gisa_url_state {
	GISA_URL_DISCOVERED,  /* never fetched */
	GISA_URL_FETCHED,     /* raw page stored, not extracted yet */
	GISA_URL_EXTRACTED,   /* done (feeds: parsed) */
	GISA_URL_FAILED       /* last attempt failed; retried while due */
} gisa_url_state;

typedef struct gisa_store_url {
	const char *url;      /* normalized here (urlnorm.h) */
	gisa_url_kind kind;
	long long lastmod;    /* sitemap lastmod as Unix time; 0 unknown */
} gisa_store_url;

enum {
	/* known URLs become due now (feeds and sitemaps, every run) */
	GISA_STORE_REFRESH = 1
};

/* gisa_store_add_urls - add v[0..n) to the frontier for source (created
 * when new), due now. URLs already known are left alone, except that
 * with GISA_STORE_REFRESH they become due now, and an extracted one whose
 * lastmod is after its last fetch becomes due now (a changed article).
 * With GISA_STORE_REFRESH a URL that failed with an answer (an HTTP
 * error, a network failure) also gets its attempts back: a feed fails
 * for as many passes as its site is down, and is never given up; one
 * given up for never reporting back stays so. URLs being worked on
 * (leased) are never touched. URLs that do not normalize are skipped.
 * Returns the number of new URLs. */
int gisa_store_add_urls(gisa_store *st, const char *source,
			const gisa_store_url *v, size_t n, int flags);

typedef struct gisa_claim {
	long long id;
	char *url;
	char *source;
	gisa_url_kind kind;
	/* FETCHED: the raw page is stored (a run died before extracting
	 * it): load it with gisa_store_load_page instead of fetching.
	 * Otherwise fetch, conditionally when etag/last_modified are set. */
	gisa_url_state state;
	int attempts;         /* this claim included */
	char *etag;
	char *last_modified;
} gisa_claim;

/* gisa_store_claim - atomically take up to max due URLs (of source, or
 * any source when NULL): feeds and sitemaps first, then by due time. Each
 * is leased for lease seconds: its next attempt moves to now + lease and
 * its attempt count goes up, so if the caller dies before reporting a
 * result the URL is due again when the lease ends. A URL claimed
 * max_attempts times without a result (one that kills the process, say)
 * is given up instead of returned. On success *out is a malloc'd array
 * of *n claims (free with gisa_store_claims_free) and *n is returned. */
int gisa_store_claim(gisa_store *st, const char *source, size_t max,
		     long long lease, gisa_claim **out, size_t *n);
void gisa_store_claims_free(gisa_claim *v, size_t n);

typedef struct gisa_store_fetch {
	int status;                 /* 2xx or 304 */
	const char *etag;           /* response validators (may be NULL) */
	const char *last_modified;
	const char *final_url;      /* after redirects */
	const char *content_type;
	const char *charset;
	const char *body;           /* raw page to keep (NULL: keep none) */
	size_t body_len;
} gisa_store_fetch;

/* gisa_store_fetched - record a successful fetch of URL id, and with a
 * body its raw page (zstd-compressed; it replaces the previous one), in
 * one transaction so that validators never outlive their page. 2xx: the
 * URL becomes FETCHED and stays leased until gisa_store_put_article or
 * gisa_store_done. 304: an URL extracted before is EXTRACTED again,
 * with nothing scheduled; otherwise it stays FETCHED (extract the stored
 * page). Returns 0, GISA_ENOTFOUND (no such URL), GISA_EINVAL (other
 * status), GISA_ELIMIT (body over GISA_STORE_MAX_PAGE). */
int gisa_store_fetched(gisa_store *st, long long id,
		       const gisa_store_fetch *f);

/* gisa_store_done - URL id is finished without an article (a feed was
 * parsed, a page holds no article): EXTRACTED, nothing scheduled. */
int gisa_store_done(gisa_store *st, long long id);

/* gisa_store_failed - the attempt on URL id failed: FAILED, with the next
 * attempt after the policy's backoff, or none (given up) when permanent
 * (404, 410, robots) or after max_attempts. status is the HTTP status or
 * 0; error may be NULL. */
int gisa_store_failed(gisa_store *st, long long id, int status,
		      const char *error, int permanent);

/* gisa_store_reschedule - make URL id due at time at (revisits). */
int gisa_store_reschedule(gisa_store *st, long long id, long long at);

/* gisa_store_release - the claim on URL id ended without a result (the
 * run stopped before or while fetching it): due now, not leased, and the
 * claim not counted as an attempt (a run stopped by its user says nothing
 * about the URL). Returns 0 or GISA_ENOTFOUND. */
int gisa_store_release(gisa_store *st, long long id);

/* ---- raw pages ---- */

typedef struct gisa_store_page {
	long long url_id;
	char *url;
	char *source;
	char *final_url;      /* NULL when unknown */
	char *content_type;
	char *charset;
	int status;
	long long fetched_at;
	gisa_url_kind kind;   /* what the URL is: article page, feed... */
	char *body;           /* NUL-terminated after body_len bytes */
	size_t body_len;
} gisa_store_page;

/* gisa_store_load_page - the stored page of URL id into *p (free with
 * gisa_store_page_clear). GISA_ENOTFOUND when none is stored; GISA_EDB
 * when it does not decompress to its recorded size. */
int gisa_store_load_page(gisa_store *st, long long id, gisa_store_page *p);
void gisa_store_page_clear(gisa_store_page *p);

/* gisa_store_each_page - call fn for each stored page (of source, or all
 * when NULL) fetched at or after since, in URL order. The page is valid
 * during the call only. fn may write to the store (re-extraction stores
 * articles as it goes): pages are read in short batches, no read
 * transaction stays open across calls. A nonzero return from fn stops
 * the walk and is returned; else the number of pages visited. */
typedef int (*gisa_store_page_fn)(void *ctx, const gisa_store_page *p);
int gisa_store_each_page(gisa_store *st, const char *source, long long since,
			 gisa_store_page_fn fn, void *ctx);

/* ---- articles ---- */

typedef enum gisa_store_outcome {
	GISA_ARTICLE_NEW = 1,       /* first time seen */
	GISA_ARTICLE_UPDATED = 2,   /* same article, changed text: replaced,
				       its version went up */
	GISA_ARTICLE_UNCHANGED = 3, /* same article, same text */
	GISA_ARTICLE_DUPLICATE = 4  /* another URL's article has this text */
} gisa_store_outcome;

/* gisa_store_put_article - store the article extracted from URL id (0:
 * not from the frontier; a->source names the source then), as the JSON
 * record of record.h, and mark the URL EXTRACTED. The article's identity
 * is its canonical URL (a->canonical_url, else a->url, normalized); a
 * stored article with that canonical URL, or failing that from the same
 * page URL, is the same article: UPDATED when its content hash differs
 * (record and version replaced, history count up), else UNCHANGED. A new
 * canonical URL whose content hash an article with a body already has is
 * a DUPLICATE and is not stored again (articles without a body are never
 * matched by hash: they all hash alike). The hash is a->content_hash, or
 * gisa_record_hash() when unset. With a sink set (gisa_store_set_sink),
 * a NEW or UPDATED article's line is recorded as owed to it in the same
 * transaction. Returns the outcome (> 0) and the article's id in *article_id (may be NULL), or GISA_EINVAL (no URL, no
 * source), GISA_ENOTFOUND (no URL id) and the usual codes. */
int gisa_store_put_article(gisa_store *st, long long id,
			   const gisa_article *a, long long *article_id);

typedef struct gisa_store_article {
	long long id;
	const char *source;
	const char *canonical_url;
	const char *content_hash;
	int version;
	long long first_seen_at;
	long long updated_at;
	const char *record;   /* the JSON record, compact */
} gisa_store_article;

/* gisa_store_each_article - call fn for each article (of source, or all)
 * stored or updated at or after since, in storage order; the same
 * batching and stop rules as gisa_store_each_page. */
typedef int (*gisa_store_article_fn)(void *ctx, const gisa_store_article *a);
int gisa_store_each_article(gisa_store *st, const char *source,
			    long long since, gisa_store_article_fn fn,
			    void *ctx);

/* ---- the outbox: lines owed to an output ----
 *
 * A stored article and the output line that announces it cannot be
 * written atomically together, so the line is recorded as owed in the
 * transaction that stores the article, and marked written only after the
 * caller has written it: a process killed in between leaves it owed, and
 * the next run with that output writes it first (at least once; see
 * docs/cli.md for how the CLI makes a regular file exactly once). Lines
 * are owed to a sink, a name for one output (the CLI: a file's absolute
 * path, or "-"), so each output gets its own lines; a backend shared by
 * several workers would name a worker's output in its sink. */

/* gisa_store_set_sink - from now on, each new or updated article this
 * handle stores (gisa_store_put_article) also records its line (the
 * record as stored) as owed to sink, in the same transaction; NULL (the
 * default): nothing is owed. sink is copied; at most GISA_URL_MAX bytes.
 * Returns 0, GISA_EINVAL (too long), GISA_ENOMEM. */
int gisa_store_set_sink(gisa_store *st, const char *sink);

/* gisa_store_sink - the sink set, or NULL. */
const char *gisa_store_sink(const gisa_store *st);

typedef struct gisa_store_owed {
	long long id;          /* the outbox row */
	long long article_id;
	int version;           /* the article's version the line is of: 1
				* for a new article, more for an update */
	const char *source;
	const char *sink;
	long long created_at;
	const char *record;    /* the line, without its newline */
} gisa_store_owed;

typedef int (*gisa_store_owed_fn)(void *ctx, const gisa_store_owed *o);

/* gisa_store_drain - call fn for each line owed to sink, oldest first;
 * when fn returns 0 the line is marked written (in a transaction of its
 * own) before the next call, so fn must have written it (and synced it)
 * by then. A nonzero return from fn stops the drain, leaves that line
 * owed and is returned; else the number of lines drained. fn may store
 * articles (lines owed meanwhile are drained too). The owed line is
 * valid during the call only. */
int gisa_store_drain(gisa_store *st, const char *sink, gisa_store_owed_fn fn,
		     void *ctx);

/* gisa_store_each_owed - call fn for each owed line of every sink,
 * oldest first, marking nothing (to report lines owed to outputs no run
 * uses any more). The same stop rule as gisa_store_drain; else the
 * number of lines visited. */
int gisa_store_each_owed(gisa_store *st, gisa_store_owed_fn fn, void *ctx);

/* ---- status ---- */

typedef struct gisa_source_status {
	char *name;
	long long urls;          /* known URLs */
	long long pending;       /* with an attempt scheduled */
	long long failed;        /* in state FAILED (retrying or given up) */
	long long given_up;      /* FAILED with nothing scheduled */
	long long articles;
	long long last_success;  /* last extraction (0: never) */
	long long last_failure;  /* last failed fetch of a URL (0: none) */
	char *last_error;        /* that failure's error (may be NULL) */
	/* Empty-field figures: among the source's recent_n most recently
	 * stored articles, recent_empty[f] had field f empty; base_* the
	 * same for up to base_n articles before those. */
	size_t recent_n, base_n;
	size_t recent_empty[GISA_F__COUNT], base_empty[GISA_F__COUNT];
} gisa_source_status;

/* gisa_store_status - figures for every source, by name; recent and
 * baseline are the window sizes (0: 20 and 100). *out is malloc'd (free
 * with gisa_store_status_free); returns the number of sources. */
int gisa_store_status(gisa_store *st, size_t recent, size_t baseline,
		      gisa_source_status **out, size_t *n);
void gisa_store_status_free(gisa_source_status *v, size_t n);

/* gisa_store_drift - the fields a source's rule suddenly leaves empty:
 * empty in more than half of at least 5 recent articles, while empty in
 * at most a fifth of at least 5 baseline articles. Fields that are often
 * empty anyway (subtitle, dateline, modified...) never qualify, since
 * their baseline is high. Writes up to max fields to out and returns how
 * many drift. */
int gisa_store_drift(const gisa_source_status *s, gisa_field *out,
		     size_t max);

#endif
