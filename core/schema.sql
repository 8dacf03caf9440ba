-- schema.sql - the gisa state database (SQLite), as numbered migrations.
--
-- Embedded in the binary at build time (cmake/embed.cmake). Each block
-- starting with a "-- migration N:" line is one step: core/store.c runs
-- the steps above the database's PRAGMA user_version in order, each in
-- its own transaction that also sets user_version = N. Never edit a step
-- that has shipped; add a new one.
--
-- Times are Unix seconds (UTC).

-- migration 1: sources, the URL frontier, raw pages, articles
CREATE TABLE sources (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	created_at INTEGER NOT NULL
);

-- One row per normalized URL. kind: 0 article page, 1 feed, 2 sitemap.
-- A URL is due when next_attempt_at <= now. Claiming a URL pushes
-- next_attempt_at to the end of its lease, so a run that dies mid-batch
-- leaves its URLs due again once the lease is over. A URL that is not
-- finished (discovered, fetched) always has a next attempt: none is ever
-- stuck.
CREATE TABLE urls (
	id INTEGER PRIMARY KEY,
	url TEXT NOT NULL UNIQUE,
	source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	kind INTEGER NOT NULL DEFAULT 0 CHECK (kind IN (0, 1, 2)),
	state TEXT NOT NULL DEFAULT 'discovered'
		CHECK (state IN ('discovered', 'fetched', 'extracted', 'failed')),
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at INTEGER,
	lease_until INTEGER,
	etag TEXT,
	last_modified TEXT,
	last_status INTEGER,
	error TEXT,
	discovered_at INTEGER NOT NULL,
	fetched_at INTEGER,
	extracted_at INTEGER,
	failed_at INTEGER,
	CHECK (state IN ('extracted', 'failed') OR next_attempt_at IS NOT NULL)
);
-- The claim query walks this index in order: feeds and sitemaps first.
CREATE INDEX urls_due ON urls ((kind = 0), next_attempt_at)
	WHERE next_attempt_at IS NOT NULL;
CREATE INDEX urls_source_due ON urls (source_id, (kind = 0), next_attempt_at)
	WHERE next_attempt_at IS NOT NULL;

-- The latest raw page of a URL (zstd-compressed), so that any page can be
-- extracted again after a rule changes.
CREATE TABLE pages (
	url_id INTEGER PRIMARY KEY REFERENCES urls(id) ON DELETE CASCADE,
	fetched_at INTEGER NOT NULL,
	status INTEGER NOT NULL,
	final_url TEXT,
	content_type TEXT,
	charset TEXT,
	raw_len INTEGER NOT NULL,
	codec TEXT NOT NULL CHECK (codec IN ('zstd')),
	body BLOB NOT NULL
);

-- One row per article: unique by canonical URL; content_hash finds the
-- same text under another URL. version counts the stored revisions;
-- empty_fields has bit f set when field f (article.h's gisa_field) was
-- empty, for the layout drift alert.
CREATE TABLE articles (
	id INTEGER PRIMARY KEY,
	source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	url_id INTEGER REFERENCES urls(id) ON DELETE SET NULL,
	url TEXT NOT NULL,
	canonical_url TEXT NOT NULL UNIQUE,
	content_hash TEXT NOT NULL,
	has_body INTEGER NOT NULL,
	title TEXT,
	published TEXT,
	version INTEGER NOT NULL DEFAULT 1,
	first_seen_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	empty_fields INTEGER NOT NULL DEFAULT 0,
	record TEXT NOT NULL CHECK (json_valid(record))
);
CREATE INDEX articles_hash ON articles (content_hash) WHERE has_body;
CREATE INDEX articles_url ON articles (url);
CREATE INDEX articles_source ON articles (source_id, updated_at);

-- migration 2: runs and what each did per source
CREATE TABLE runs (
	id INTEGER PRIMARY KEY,
	started_at INTEGER NOT NULL,
	ended_at INTEGER,
	status TEXT NOT NULL DEFAULT 'running'
		CHECK (status IN ('running', 'ok', 'interrupted', 'failed',
				  'crashed')),
	pid INTEGER,
	error TEXT
);

CREATE TABLE run_sources (
	run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
	source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	discovered INTEGER NOT NULL DEFAULT 0,
	fetched INTEGER NOT NULL DEFAULT 0,
	not_modified INTEGER NOT NULL DEFAULT 0,
	new_articles INTEGER NOT NULL DEFAULT 0,
	updated INTEGER NOT NULL DEFAULT 0,
	unchanged INTEGER NOT NULL DEFAULT 0,
	duplicates INTEGER NOT NULL DEFAULT 0,
	failed INTEGER NOT NULL DEFAULT 0,
	last_error TEXT,
	PRIMARY KEY (run_id, source_id)
) WITHOUT ROWID;

-- migration 3: section pages (URL kind 3: HTML pages whose links a rule's
-- discover function reads) and, per source, when its last discovery pass
-- began (a rule's schedule spaces them out).
-- SQLite cannot change a CHECK constraint in place, so urls is rebuilt
-- the documented way; store.c runs migrations with foreign keys off and
-- runs PRAGMA foreign_key_check before each commit.
CREATE TABLE urls_new (
	id INTEGER PRIMARY KEY,
	url TEXT NOT NULL UNIQUE,
	source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	kind INTEGER NOT NULL DEFAULT 0 CHECK (kind IN (0, 1, 2, 3)),
	state TEXT NOT NULL DEFAULT 'discovered'
		CHECK (state IN ('discovered', 'fetched', 'extracted', 'failed')),
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at INTEGER,
	lease_until INTEGER,
	etag TEXT,
	last_modified TEXT,
	last_status INTEGER,
	error TEXT,
	discovered_at INTEGER NOT NULL,
	fetched_at INTEGER,
	extracted_at INTEGER,
	failed_at INTEGER,
	CHECK (state IN ('extracted', 'failed') OR next_attempt_at IS NOT NULL)
);
INSERT INTO urls_new (id, url, source_id, kind, state, attempts,
	next_attempt_at, lease_until, etag, last_modified, last_status, error,
	discovered_at, fetched_at, extracted_at, failed_at)
SELECT id, url, source_id, kind, state, attempts, next_attempt_at,
	lease_until, etag, last_modified, last_status, error, discovered_at,
	fetched_at, extracted_at, failed_at FROM urls;
DROP TABLE urls;
ALTER TABLE urls_new RENAME TO urls;
CREATE INDEX urls_due ON urls ((kind = 0), next_attempt_at)
	WHERE next_attempt_at IS NOT NULL;
CREATE INDEX urls_source_due ON urls (source_id, (kind = 0), next_attempt_at)
	WHERE next_attempt_at IS NOT NULL;

ALTER TABLE sources ADD COLUMN polled_at INTEGER;

-- migration 4: the outbox of `--out`. A run (or re-extraction) with an
-- output records here, in the transaction that stores a new or updated
-- article, that the article's line is owed to that output; the row is
-- deleted once the line is written (and synced), so a process killed in
-- between owes the line still, and the next run with the same output
-- writes it first. sink names the output: a file's absolute path, or "-"
-- for stdout. Without an output nothing is owed. record is the line
-- (the article's record as stored then, compact JSON); version the
-- article's version it belongs to.
CREATE TABLE outbox (
	id INTEGER PRIMARY KEY,
	sink TEXT NOT NULL,
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	version INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	record TEXT NOT NULL
);
CREATE INDEX outbox_sink ON outbox (sink, id);
CREATE INDEX outbox_article ON outbox (article_id);
