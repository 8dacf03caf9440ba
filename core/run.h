/* run.h - one scheduled fetch-and-extract run over a state database.
 *
 * A run: for each source whose discovery pass is due (every run, or
 * per its schedule), its feeds, sitemaps and section pages become due
 * (and are fetched conditionally, with the validators stored from last
 * time); what they list (for a section page: what the rule's
 * discover(doc) returns) joins the frontier; then due URLs are claimed a few at
 * a time, fetched (conditional GET when the store has an ETag or a
 * Last-Modified: a 304 means unchanged), stored raw, extracted and
 * stored as articles (new, updated, unchanged or duplicate), until no URL
 * of the run's sources is due. Sitemap indexes lead to their children,
 * which are fetched in the same run.
 *
 * Claims are kept small (about the fetcher's concurrency beyond what is
 * in flight), so stopping costs little: after gisa_run_stop() no URL is
 * claimed, the transfers in flight finish and are stored, and the run
 * returns. A URL claimed by a run that died is due again when its lease
 * ends (store.h), and a page stored but not extracted is extracted from
 * the store, not fetched again.
 *
 * The caller holds the store's run lock. The library never prints:
 * progress and articles go to the callbacks.
 */
#ifndef GISA_RUN_H
#define GISA_RUN_H

#include <stddef.h>

#include "fetch.h"
#include "store.h"
#include "strv.h"

struct gisa_rules;

/* A source to run: its rule name and where its URLs are listed. */
typedef struct gisa_run_source {
	char *name;
	gisa_strv feeds;     /* RSS/Atom URLs */
	gisa_strv sitemaps;  /* sitemaps or sitemap indexes */
	gisa_strv sections;  /* HTML pages read by the rule's discover(doc)
			      * (gisa_rules_discover: opts.rules needed) */
	long long schedule;  /* seconds: feeds, sitemaps and sections are
			      * made due again only when the source's last
			      * discovery pass began this long ago (0: every
			      * run); due article pages are fetched anyway */
} gisa_run_source;

/* Per-source figures of one run (also summed over all sources). */
typedef struct gisa_run_counts {
	long long discovered;   /* new URLs added to the frontier */
	long long fetched;      /* 2xx answers */
	long long not_modified; /* 304 answers */
	long long failed;       /* failed attempts */
	long long fresh;        /* articles new */
	long long updated;      /* articles changed (version up) */
	long long unchanged;    /* extracted again, same text */
	long long duplicate;    /* same text as another URL's article */
	long long empty;        /* pages with no article */
	long long errors;       /* feeds, sitemaps or section pages that
				 * could not be used (also in failed when
				 * fetched fine): a feed that does not parse,
				 * a discover that fails */
} gisa_run_counts;

/* gisa_run_article_fn - a new or updated article: its source, the
 * outcome (GISA_ARTICLE_NEW or _UPDATED) and its compact JSON record. A
 * nonzero return stops the run (an output that cannot be written). When
 * the store has a sink (gisa_store_set_sink) the record is the line the
 * store owes, as stored, and it is marked written once this returns 0
 * (gisa_run_drain); without one, it is the extraction's record. */
typedef int (*gisa_run_article_fn)(void *ctx, const char *source,
				   gisa_store_outcome o, const char *json);

/* gisa_run_drain - write the lines the store owes to its sink
 * (gisa_store_set_sink) through fn, oldest first, each marked written
 * once fn returns 0 (fn writes and syncs it first): what a process killed
 * after storing an article and before writing its line left owed. A run
 * and a re-extraction over a store with a sink write every line this
 * way, right after the article is stored; call it once before them to
 * write what an earlier process owes. Nothing happens without a sink or
 * fn. Returns the number of lines written, or a negative code (the store
 * failed; GISA_EINTR: fn returned nonzero, the line still owed). */
int gisa_run_drain(gisa_store *st, gisa_run_article_fn fn, void *ctx);

/* gisa_run_progress_fn - one line of progress, without a newline. */
typedef void (*gisa_run_progress_fn)(void *ctx, const char *line);

typedef struct gisa_run_opts {
	gisa_fetch_opts fetch;      /* gisa_fetch_opts_init() defaults */
	long long lease;            /* seconds a claimed URL is held (300) */
	size_t batch;               /* URLs claimed at once, at most (0:
				     * fetch.max_total) */
	struct gisa_rules *rules;   /* for extraction; may be NULL */
	gisa_run_article_fn on_article; /* may be NULL */
	gisa_run_progress_fn on_progress; /* may be NULL */
	void *ctx;
} gisa_run_opts;

typedef struct gisa_run gisa_run;

/* gisa_run_opts_init - the defaults above. */
void gisa_run_opts_init(gisa_run_opts *o);

/* gisa_run_new - a run over the store st (open, locked by the caller)
 * for sources src[0..n) (borrowed until gisa_run_free). Returns 0 with
 * *out, GISA_ENOMEM, or GISA_EINVAL (no sources, a bad fetch option). */
int gisa_run_new(gisa_store *st, const gisa_run_source *src, size_t n,
		 const gisa_run_opts *o, gisa_run **out);

/* gisa_run_once - do one run (see above) inside gisa_store_run_begin /
 * _end, whose status is "ok", "interrupted" (after gisa_run_stop) or
 * "failed". Returns 0 (also when interrupted, or when pages failed: they
 * are retried later as the store's policy says), or a negative code when
 * the store itself failed (the message is in gisa_store_errmsg) or an
 * article callback stopped the run. */
int gisa_run_once(gisa_run *r);

/* gisa_run_stop - stop claiming; the run returns once the transfers in
 * flight are stored. Only sets flags: safe in a signal handler, and
 * harmless before or after gisa_run_once. */
void gisa_run_stop(gisa_run *r);

/* gisa_run_abort - stop now: as gisa_run_stop, and the transfers in
 * flight are ended rather than waited for; their URLs are due again at
 * once (gisa_store_release), nothing half-done is stored. The work on a
 * page already fetched (storing, extracting: milliseconds) is finished,
 * so the store and the article callback stay in step. Only sets flags:
 * safe in a signal handler. */
void gisa_run_abort(gisa_run *r);

/* gisa_run_aborted - whether gisa_run_abort was called (an aborted run
 * object has done its work: free it). */
int gisa_run_aborted(const gisa_run *r);

/* gisa_run_stopped - whether gisa_run_stop (or _abort) was called. */
int gisa_run_stopped(const gisa_run *r);

/* gisa_run_counts_of - the last run's figures for source i, or with i ==
 * (size_t)-1 their sum. */
const gisa_run_counts *gisa_run_counts_of(const gisa_run *r, size_t i);

void gisa_run_free(gisa_run *r);

/* gisa_run_source_clear - free what a source owns. */
void gisa_run_source_clear(gisa_run_source *s);

/* ---- re-extraction ---- */

typedef struct gisa_reextract_counts {
	long long pages;      /* stored HTML pages extracted again */
	long long skipped;    /* feeds, sitemaps, section pages and other
			       * pages that are not an article's HTML */
	long long updated;    /* articles whose record changed */
	long long unchanged;
	long long fresh;      /* pages that now yield an article first */
	long long duplicate;
	long long empty;      /* pages with no article */
	long long failed;     /* pages that could not be used */
} gisa_reextract_counts;

/* gisa_reextract - extract every stored page (of source, or all when
 * NULL) fetched at or after since again, with rules (may be NULL), and
 * store the articles: no network. An article counts as updated when its
 * stored record changes (any field, not only the body). on_article (may
 * be NULL) sees the new and updated ones. Returns 0 and fills *c, or a
 * negative code (store failure; callback stop). */
int gisa_reextract(gisa_store *st, struct gisa_rules *rules,
		   const char *source, long long since,
		   gisa_run_article_fn on_article, void *ctx,
		   gisa_reextract_counts *c);

#endif
