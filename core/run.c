/* run.c - one scheduled run: discovery, the frontier, fetch, extract,
 * store (run.h). */
#include "run.h"

#include "date.h"
#include "error.h"
#include "extract.h"
#include "feed.h"
#include "html.h"
#include "record.h"
#include "rules.h"
#include "urlnorm.h"

#include <jansson.h>
#include <stdarg.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define ALL ((size_t)-1)

struct gisa_run {
	gisa_store *st;
	const gisa_run_source *src;
	size_t n;
	gisa_run_opts o;
	gisa_fetcher *f;
	volatile sig_atomic_t stop;
	volatile sig_atomic_t abort; /* also end the transfers in flight */
	size_t batch;
	size_t next;            /* round robin over the sources */
	unsigned char *drained; /* per source: nothing due last time */
	gisa_run_counts *counts;/* n + 1: the sum last */
	int err;                /* the first fatal error */
	double last_tick;       /* monotonic time of the last tick */
	char line[1024];
};

/* The work a fetch request stands for. */
struct job {
	long long id;
	size_t src;
	gisa_url_kind kind;
	gisa_url_state state;   /* when claimed */
	char *url;
};

void gisa_run_opts_init(gisa_run_opts *o)
{
	memset(o, 0, sizeof *o);
	gisa_fetch_opts_init(&o->fetch);
	o->lease = 300;
}

void gisa_run_source_clear(gisa_run_source *s)
{
	free(s->name);
	gisa_strv_clear(&s->feeds);
	gisa_strv_clear(&s->sitemaps);
	gisa_strv_clear(&s->sections);
	memset(s, 0, sizeof *s);
}

static void progress(gisa_run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void progress(gisa_run *r, const char *fmt, ...)
{
	va_list ap;

	if (!r->o.on_progress)
		return;
	va_start(ap, fmt);
	vsnprintf(r->line, sizeof r->line, fmt, ap);
	va_end(ap);
	r->o.on_progress(r->o.ctx, r->line);
}

static void count(gisa_run *r, size_t i, size_t off, long long k)
{
	*(long long *)((char *)&r->counts[i] + off) += k;
	*(long long *)((char *)&r->counts[r->n] + off) += k;
}

#define COUNT(r, i, field, k) count(r, i, offsetof(gisa_run_counts, field), k)

/* fatal - remember the first store failure: the run ends. */
static void fatal(gisa_run *r, int rc)
{
	if (rc < 0 && !r->err)
		r->err = rc;
}

static void iso_time(long long t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- discovery documents ---- */

/* doc_error - a feed, sitemap or section page that could not be used:
 * said on the progress line, noted against the source in the run, and
 * the URL failed (retried at the next pass). Only the message's first
 * line is kept (a rule's traceback is for `gisa discover`). */
static int doc_error(gisa_run *r, const struct job *j, int status,
		     const char *what)
{
	char msg[GISA_URL_MAX + 600];
	const char *name = r->src[j->src].name;

	snprintf(msg, sizeof msg, "%s: %.*s", j->url,
		 (int)strcspn(what, "\n"), what);
	progress(r, "%s: %s", name, msg);
	COUNT(r, j->src, errors, 1);
	COUNT(r, j->src, failed, 1);
	fatal(r, gisa_store_run_error(r->st, name, msg));
	return gisa_store_failed(r->st, j->id, status, msg, 0);
}

static long long entry_time(const gisa_feed_entry *e)
{
	const char *s = e->updated ? e->updated : e->published;
	long long t;

	if (!s || gisa_date_parse_time(s, "UTC", &t))
		return 0;
	return t;
}

/* add_entries - the feed's entries of kind k into the frontier: child
 * sitemaps refreshed (due now: they are fetched conditionally), article
 * pages added (due again when their lastmod moved). */
static int add_entries(gisa_run *r, size_t i, const gisa_feed *fd,
		       gisa_feed_kind k)
{
	gisa_store_url *v;
	size_t m = 0;
	int rc;

	if (!fd->n)
		return 0;
	if (!(v = calloc(fd->n, sizeof *v)))
		return GISA_ENOMEM;
	for (size_t j = 0; j < fd->n; j++) {
		if (fd->entries[j].kind != k)
			continue;
		v[m].url = fd->entries[j].url;
		v[m].kind = k == GISA_ENTRY_SITEMAP ? GISA_URL_SITEMAP :
			    GISA_URL_ARTICLE;
		v[m].lastmod = entry_time(&fd->entries[j]);
		m++;
	}
	rc = m ? gisa_store_add_urls(r->st, r->src[i].name, v, m,
				     k == GISA_ENTRY_SITEMAP ?
				     GISA_STORE_REFRESH : 0) : 0;
	free(v);
	return rc;
}

/* discover - parse a feed or sitemap body; queue what it lists.
 * children_only: it was not modified, so only its child sitemaps are
 * looked at again (they may have changed under an unchanged index). */
static int discover(gisa_run *r, const struct job *j, const char *body,
		    size_t len, int children_only)
{
	gisa_feed fd = GISA_FEED_INIT;
	int rc, added = 0;

	rc = gisa_feed_parse(body, len, j->url, NULL, &fd);
	if (rc < 0) {
		char msg[96];
		snprintf(msg, sizeof msg, "not a feed or sitemap (%s)",
			 gisa_strerror(rc));
		rc = doc_error(r, j, 0, msg);
		goto out;
	}
	rc = add_entries(r, j->src, &fd, GISA_ENTRY_SITEMAP);
	if (rc >= 0 && !children_only) {
		added = rc;
		rc = add_entries(r, j->src, &fd, GISA_ENTRY_ARTICLE);
	}
	if (rc < 0)
		goto out;
	added += rc;
	COUNT(r, j->src, discovered, added);
	r->drained[j->src] = 0;
	progress(r, "%s: %s %s: %zu entries, %d new", r->src[j->src].name,
		 gisa_feed_type_name(fd.type), j->url, fd.n, added);
	rc = children_only ? 0 : gisa_store_done(r->st, j->id);
out:
	gisa_feed_clear(&fd);
	return rc;
}

/* add_section_urls - the article URLs a section page gave, into the
 * frontier (normalized already; known ones are left alone). */
static int add_section_urls(gisa_run *r, size_t i, const gisa_strv *urls)
{
	gisa_store_url *v;
	int rc;

	if (!urls->n)
		return 0;
	if (!(v = calloc(urls->n, sizeof *v)))
		return GISA_ENOMEM;
	for (size_t k = 0; k < urls->n; k++)
		v[k] = (gisa_store_url){ urls->v[k], GISA_URL_ARTICLE, 0 };
	rc = gisa_store_add_urls(r->st, r->src[i].name, v, urls->n, 0);
	free(v);
	return rc;
}

/* section_notes - what discover returned besides URLs: said and noted
 * against the source (the URLs it did give are used). */
static int section_notes(gisa_run *r, const struct job *j,
			 const gisa_rules_discovered *info)
{
	char msg[GISA_URL_MAX + 200];

	if (!info->junk && !info->over)
		return 0;
	snprintf(msg, sizeof msg, "%s: discover returned %zu values that "
		 "are not URLs (skipped) and %zu URLs over the limit of %d "
		 "(dropped)", j->url, info->junk, info->over,
		 GISA_RULES_DISCOVER_MAX);
	progress(r, "%s: %s", r->src[j->src].name, msg);
	return gisa_store_run_error(r->st, r->src[j->src].name, msg);
}

/* section - run the source rule's discover(doc) over section page p of
 * job j and queue the article URLs it gives. A page that does not parse
 * and a discover that fails (raises, hits a limit, returns no list) are
 * the source's errors, not the run's. */
static int section(gisa_run *r, const struct job *j, const gisa_store_page *p)
{
	const char *name = r->src[j->src].name;
	gisa_strv urls = GISA_STRV_INIT;
	gisa_rules_discovered info;
	gisa_doc *doc = NULL;
	char err[2048];
	int rc, n;

	if (!r->o.rules)
		return doc_error(r, j, p->status, "no rules to run discover");
	if (!gisa_fetch_is_html(p->content_type, p->body, p->body_len))
		return doc_error(r, j, p->status, "section page: not an HTML "
				 "page");
	rc = gisa_page_parse(p->body, p->body_len, p->charset,
			     p->final_url ? p->final_url : p->url, &doc, NULL);
	if (rc == GISA_ENOMEM)
		return rc;
	if (rc < 0)
		return doc_error(r, j, p->status, "section page: could not "
				 "be parsed");
	n = gisa_rules_discover(r->o.rules, name, doc, &urls, &info, err,
				sizeof err);
	gisa_doc_free(doc);
	if (n == GISA_ENOMEM)
		return n;
	if (n < 0) {
		rc = doc_error(r, j, p->status, err);
		goto out;
	}
	rc = add_section_urls(r, j->src, &urls);
	if (rc < 0)
		goto out;
	COUNT(r, j->src, discovered, rc);
	r->drained[j->src] = 0;
	progress(r, "%s: section %s: %d article URLs, %d new", name, j->url,
		 n, rc);
	if ((rc = section_notes(r, j, &info)) < 0)
		goto out;
	rc = gisa_store_done(r->st, j->id);
out:
	gisa_strv_clear(&urls);
	return rc;
}

/* discovered_doc - the work of a fetched feed, sitemap or section page.
 * children_only: it was not modified since it was used; only a sitemap
 * index's children are looked at again. */
static int discovered_doc(gisa_run *r, const struct job *j,
			  const gisa_store_page *p, int children_only)
{
	if (j->kind != GISA_URL_SECTION)
		return discover(r, j, p->body, p->body_len, children_only);
	return children_only ? 0 : section(r, j, p);
}

/* ---- article pages ---- */

static int emit(gisa_run_article_fn fn, void *ctx, const char *source,
		int outcome, const gisa_article *a)
{
	json_t *o = NULL;
	char *s;
	int rc;

	if (!fn || (outcome != GISA_ARTICLE_NEW &&
		    outcome != GISA_ARTICLE_UPDATED))
		return 0;
	if ((rc = gisa_record_to_json(a, &o)))
		return rc;
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (!s)
		return GISA_ENOMEM;
	rc = fn(ctx, source, outcome, s) ? GISA_EINTR : 0;
	free(s);
	return rc;
}

/* ---- owed lines ---- */

struct drain {
	gisa_run_article_fn fn;
	void *ctx;
};

static int drain_one(void *ctx, const gisa_store_owed *o)
{
	struct drain *d = ctx;

	return d->fn(d->ctx, o->source, o->version > 1 ? GISA_ARTICLE_UPDATED :
		     GISA_ARTICLE_NEW, o->record) ? GISA_EINTR : 0;
}

int gisa_run_drain(gisa_store *st, gisa_run_article_fn fn, void *ctx)
{
	struct drain d = { fn, ctx };
	const char *sink = gisa_store_sink(st);

	if (!sink || !fn)
		return 0;
	return gisa_store_drain(st, sink, drain_one, &d);
}

/* extract_page - one page to an article (or "no article"), stored
 * against URL id (0: re-extraction of a page whose URL is id anyway).
 * Returns the store outcome, 0 for no article, or < 0. *failmsg is set
 * when the page cannot be used (the caller marks it failed). */
static int extract_page(gisa_store *st, struct gisa_rules *rules, long long id,
			const char *source, const gisa_store_page *p,
			gisa_run_article_fn fn, void *ctx,
			const char **failmsg)
{
	gisa_article a = GISA_ARTICLE_INIT;
	gisa_extract_opts eo = { 0 };
	char when[32];
	int rc;

	*failmsg = NULL;
	if (!gisa_fetch_is_html(p->content_type, p->body, p->body_len)) {
		*failmsg = "not an HTML page";
		return 0;
	}
	iso_time(p->fetched_at, when, sizeof when);
	eo.url = p->final_url ? p->final_url : p->url;
	eo.charset = p->charset;
	eo.fetched_at = when;
	eo.rules = rules;
	rc = gisa_extract(p->body, p->body_len, &eo, &a);
	if (rc == GISA_EPARSE || rc == GISA_EENCODING) {
		*failmsg = "the page could not be parsed";
		rc = 0;
		goto out;
	}
	if (rc < 0)
		goto out;
	if (!a.source && (rc = gisa_article_set(&a.source, source)))
		goto out;
	if (!a.paragraphs.n && !a.title) {
		rc = gisa_store_done(st, id);
		goto out;
	}
	rc = gisa_store_put_article(st, id, &a, NULL);
	if (rc > 0) {
		/* With a sink the store owes the line now: write it from
		 * there, so a kill before it is marked written loses nothing. */
		int e = gisa_store_sink(st) ? gisa_run_drain(st, fn, ctx) :
			emit(fn, ctx, source, rc, &a);
		if (e < 0)
			rc = e;
	}
out:
	gisa_article_clear(&a);
	return rc;
}

/* article - extract page p of job j and count the outcome. */
static int article(gisa_run *r, const struct job *j, const gisa_store_page *p)
{
	const char *failmsg;
	int rc;

	rc = extract_page(r->st, r->o.rules, j->id, r->src[j->src].name, p,
			  r->o.on_article, r->o.ctx, &failmsg);
	if (rc < 0)
		return rc;
	if (failmsg)
		return gisa_store_failed(r->st, j->id, p->status, failmsg, 1);
	switch (rc) {
	case GISA_ARTICLE_NEW: COUNT(r, j->src, fresh, 1); break;
	case GISA_ARTICLE_UPDATED: COUNT(r, j->src, updated, 1); break;
	case GISA_ARTICLE_UNCHANGED: COUNT(r, j->src, unchanged, 1); break;
	case GISA_ARTICLE_DUPLICATE: COUNT(r, j->src, duplicate, 1); break;
	default: COUNT(r, j->src, empty, 1); break;
	}
	return 0;
}

/* from_store - work on the page stored for job j (a run died after
 * storing it, or the server said 304 before it was extracted). */
static int from_store(gisa_run *r, const struct job *j, int children_only)
{
	gisa_store_page p;
	int rc;

	memset(&p, 0, sizeof p);
	rc = gisa_store_load_page(r->st, j->id, &p);
	if (rc == GISA_ENOTFOUND || rc == GISA_EDB) {
		/* Nothing usable stored: fetch it afresh next time. */
		return gisa_store_failed(r->st, j->id, 0,
					 "the stored page is missing", 0);
	}
	if (rc < 0)
		return rc;
	if (j->kind == GISA_URL_ARTICLE)
		rc = article(r, j, &p);
	else
		rc = discovered_doc(r, j, &p, children_only);
	gisa_store_page_clear(&p);
	return rc;
}

/* ---- fetch results ---- */

static int permanent(const gisa_fetch_result *res)
{
	return res->error == GISA_EROBOTS || res->error == GISA_ELIMIT ||
	       res->status == 404 || res->status == 410 ||
	       (res->error == GISA_EHTTP && res->status >= 400 &&
		res->status < 500 && res->status != 408 && res->status != 429);
}

static int failed(gisa_run *r, const struct job *j,
		  const gisa_fetch_result *res)
{
	const char *msg = res->errmsg ? res->errmsg : gisa_strerror(res->error);

	if (res->error == GISA_EINTR) /* stopped: due again now */
		return gisa_store_release(r->st, j->id);
	COUNT(r, j->src, failed, 1);
	progress(r, "%s: failed: %s: %s", r->src[j->src].name, j->url, msg);
	return gisa_store_failed(r->st, j->id, (int)res->status, msg,
				 permanent(res));
}

static int fetched(gisa_run *r, const struct job *j, gisa_fetch_result *res)
{
	gisa_store_fetch sf = { 0 };
	gisa_store_page p;
	int rc;

	sf.status = res->not_modified ? 304 : (int)res->status;
	sf.etag = res->etag;
	sf.last_modified = res->last_modified;
	sf.final_url = res->final_url;
	sf.content_type = res->content_type;
	sf.charset = res->charset;
	if (!res->not_modified) {
		sf.body = res->body ? res->body : "";
		sf.body_len = res->body_len;
	}
	rc = gisa_store_fetched(r->st, j->id, &sf);
	if (rc == GISA_ELIMIT || rc == GISA_EINVAL)
		return gisa_store_failed(r->st, j->id, sf.status,
					 gisa_store_errmsg(r->st), 1);
	if (rc < 0)
		return rc;
	if (res->not_modified) {
		COUNT(r, j->src, not_modified, 1);
		/* An extracted article is done; anything else is worked
		 * on from the stored page (sitemaps: their children). */
		if (j->kind == GISA_URL_ARTICLE &&
		    j->state == GISA_URL_EXTRACTED)
			return 0;
		return from_store(r, j, j->state == GISA_URL_EXTRACTED);
	}
	COUNT(r, j->src, fetched, 1);
	memset(&p, 0, sizeof p);
	p.url_id = j->id;
	p.url = j->url;
	p.kind = j->kind;
	p.final_url = res->final_url;
	p.content_type = res->content_type;
	p.charset = res->charset;
	p.status = (int)res->status;
	p.fetched_at = res->fetched_at;
	p.body = res->body ? res->body : "";
	p.body_len = res->body_len;
	if (j->kind != GISA_URL_ARTICLE)
		return discovered_doc(r, j, &p, 0);
	return article(r, j, &p);
}

static void job_free(struct job *j)
{
	if (j) {
		free(j->url);
		free(j);
	}
}

static void refill(gisa_run *r);

/* tick - a progress line per busy source every few seconds. */
static void tick(gisa_run *r)
{
	struct timespec ts;
	double now;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = ts.tv_sec + ts.tv_nsec / 1e9;
	if (now - r->last_tick < 2.0)
		return;
	if (r->last_tick == 0) {
		r->last_tick = now;
		return;
	}
	r->last_tick = now;
	for (size_t i = 0; i < r->n; i++) {
		const gisa_run_counts *c = &r->counts[i];
		if (!r->drained[i])
			progress(r, "%s: %lld fetched, %lld not modified, "
				 "%lld failed so far; %lld new, %lld "
				 "updated", r->src[i].name, c->fetched,
				 c->not_modified, c->failed, c->fresh,
				 c->updated);
	}
}

static void on_result(gisa_fetch_result *res, void *ctx)
{
	gisa_run *r = ctx;
	struct job *j = res->user;
	int rc;

	if (r->err) {
		/* The store failed: leave the URL to its lease. */
		job_free(j);
		return;
	}
	rc = res->error ? failed(r, j, res) : fetched(r, j, res);
	fatal(r, rc);
	job_free(j);
	tick(r);
	refill(r);
}

/* start - one claimed URL: a request, or the stored page's work. */
static int start(gisa_run *r, size_t i, gisa_claim *c)
{
	gisa_fetch_req req = { 0 };
	struct job *j = calloc(1, sizeof *j);
	int rc;

	if (!j)
		return GISA_ENOMEM;
	j->id = c->id;
	j->src = i;
	j->kind = c->kind;
	j->state = c->state;
	j->url = c->url;
	c->url = NULL;
	if (c->state == GISA_URL_FETCHED) {
		rc = from_store(r, j, 0);
		job_free(j);
		return rc;
	}
	req.url = j->url;
	req.etag = c->etag;
	req.last_modified = c->last_modified;
	req.user = j;
	rc = gisa_fetcher_add(r->f, &req);
	if (rc < 0) {
		job_free(j);
		/* Left to its lease: due again in a later run. */
		return rc == GISA_EINVAL ? 0 : rc;
	}
	return 0;
}

/* claim_from - claim up to max due URLs of source i and start them. */
static int claim_from(gisa_run *r, size_t i, size_t max)
{
	gisa_claim *v = NULL;
	size_t n = 0;
	int rc;

	rc = gisa_store_claim(r->st, r->src[i].name, max, r->o.lease, &v, &n);
	if (rc < 0)
		return rc;
	if (n == 0)
		r->drained[i] = 1;
	for (size_t k = 0; k < n && rc >= 0; k++)
		rc = start(r, i, &v[k]);
	gisa_store_claims_free(v, n);
	return rc < 0 ? rc : (int)n;
}

/* refill - keep about one batch queued in the fetcher, taking the
 * sources in turn, until they are drained or the run stops. */
static void refill(gisa_run *r)
{
	size_t tries = 0;

	while (!r->stop && !r->err && tries < r->n) {
		size_t pending = gisa_fetcher_pending(r->f);
		size_t i = r->next;
		int rc;

		/* Claim in half batches: one transaction per few URLs. */
		if (pending > r->batch / 2)
			return;
		r->next = (r->next + 1) % r->n;
		if (r->drained[i]) {
			tries++;
			continue;
		}
		rc = claim_from(r, i, r->batch - pending);
		fatal(r, rc);
		tries = rc > 0 ? 0 : tries + 1;
	}
}

/* pass_due - whether source i's discovery pass is due: always without
 * a schedule, else when the last one began schedule seconds ago (or the
 * clock went back). */
static int pass_due(gisa_run *r, size_t i, long long now)
{
	const gisa_run_source *s = &r->src[i];
	long long last;
	int rc;

	if (s->schedule <= 0)
		return 1;
	if ((rc = gisa_store_source_polled(r->st, s->name, &last)) < 0)
		return rc;
	if (!last || now < last || now - last >= s->schedule)
		return 1;
	progress(r, "%s: feeds, sitemaps and sections not due (schedule "
		 "%llds, next pass in %llds)", s->name, s->schedule,
		 last + s->schedule - now);
	return 0;
}

/* seed - the source's feeds, sitemaps and section pages: due now when
 * its discovery pass is, else only added when new (a rule that lists a
 * new one). */
static int seed(gisa_run *r, size_t i)
{
	const gisa_run_source *s = &r->src[i];
	size_t n = s->feeds.n + s->sitemaps.n + s->sections.n, m = 0;
	long long now = gisa_store_now(r->st);
	gisa_store_url *v;
	int rc, due;

	if (!n)
		return 0;
	if ((due = pass_due(r, i, now)) < 0)
		return due;
	if (!(v = calloc(n, sizeof *v)))
		return GISA_ENOMEM;
	for (size_t k = 0; k < s->feeds.n; k++)
		v[m++] = (gisa_store_url){ s->feeds.v[k], GISA_URL_FEED, 0 };
	for (size_t k = 0; k < s->sitemaps.n; k++)
		v[m++] = (gisa_store_url){ s->sitemaps.v[k], GISA_URL_SITEMAP,
					   0 };
	for (size_t k = 0; k < s->sections.n; k++)
		v[m++] = (gisa_store_url){ s->sections.v[k], GISA_URL_SECTION,
					   0 };
	rc = gisa_store_add_urls(r->st, s->name, v, m,
				 due ? GISA_STORE_REFRESH : 0);
	free(v);
	if (rc > 0)
		COUNT(r, i, discovered, rc);
	if (rc >= 0 && due)
		rc = gisa_store_source_set_polled(r->st, s->name, now);
	return rc < 0 ? rc : 0;
}

int gisa_run_new(gisa_store *st, const gisa_run_source *src, size_t n,
		 const gisa_run_opts *o, gisa_run **out)
{
	gisa_run *r;
	int rc;

	*out = NULL;
	if (!st || !src || !n)
		return GISA_EINVAL;
	if (!(r = calloc(1, sizeof *r)))
		return GISA_ENOMEM;
	r->st = st;
	r->src = src;
	r->n = n;
	if (o)
		r->o = *o;
	else
		gisa_run_opts_init(&r->o);
	if (r->o.lease <= 0)
		r->o.lease = 300;
	r->batch = r->o.batch;
	if (!r->batch) {
		/* Enough to keep every source's hosts busy, no more: what is
		 * queued is what a stop still waits for. */
		r->batch = (size_t)r->o.fetch.max_per_host * n;
		if (r->batch > (size_t)r->o.fetch.max_total)
			r->batch = (size_t)r->o.fetch.max_total;
		if (r->batch < 1)
			r->batch = 1;
	}
	r->drained = calloc(n, 1);
	r->counts = calloc(n + 1, sizeof *r->counts);
	if (!r->drained || !r->counts) {
		gisa_run_free(r);
		return GISA_ENOMEM;
	}
	rc = gisa_fetcher_new(&r->o.fetch, on_result, r, &r->f);
	if (rc) {
		gisa_run_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

static void report(gisa_run *r, size_t i)
{
	const gisa_run_counts *c = &r->counts[i];
	char errs[64] = "";

	if (c->errors)
		snprintf(errs, sizeof errs, "; %lld discovery error%s",
			 c->errors, c->errors == 1 ? "" : "s");
	progress(r, "%s: %lld new, %lld updated, %lld unchanged, %lld "
		 "duplicate, %lld without article; %lld fetched, %lld not "
		 "modified, %lld failed, %lld URLs discovered%s",
		 i < r->n ? r->src[i].name : "total", c->fresh, c->updated,
		 c->unchanged, c->duplicate, c->empty, c->fetched,
		 c->not_modified, c->failed, c->discovered, errs);
}

int gisa_run_once(gisa_run *r)
{
	int rc;

	memset(r->counts, 0, (r->n + 1) * sizeof *r->counts);
	memset(r->drained, 0, r->n);
	r->err = 0;
	r->last_tick = 0;
	tick(r); /* starts the clock: the first line comes later */
	if ((rc = gisa_store_run_begin(r->st, NULL)))
		return rc;
	for (size_t i = 0; i < r->n && !r->err; i++)
		fatal(r, seed(r, i));
	refill(r);
	while (!r->err && gisa_fetcher_pending(r->f) > 0) {
		rc = gisa_fetcher_run(r->f);
		fatal(r, rc);
		refill(r);
	}
	for (size_t i = 0; i < r->n; i++)
		report(r, i);
	if (r->n > 1)
		report(r, r->n);
	rc = gisa_store_run_end(r->st, r->err ? "failed" : r->stop ?
				"interrupted" : "ok",
				r->err ? gisa_strerror(r->err) : NULL);
	return r->err ? r->err : rc;
}

void gisa_run_stop(gisa_run *r)
{
	if (r)
		r->stop = 1;
}

void gisa_run_abort(gisa_run *r)
{
	if (r) {
		r->stop = 1;
		r->abort = 1;
		gisa_fetcher_stop(r->f);
	}
}

int gisa_run_aborted(const gisa_run *r)
{
	return r && r->abort;
}

int gisa_run_stopped(const gisa_run *r)
{
	return r && r->stop;
}

const gisa_run_counts *gisa_run_counts_of(const gisa_run *r, size_t i)
{
	return &r->counts[i == ALL || i > r->n ? r->n : i];
}

void gisa_run_free(gisa_run *r)
{
	if (!r)
		return;
	gisa_fetcher_free(r->f);
	free(r->drained);
	free(r->counts);
	free(r);
}

/* ---- re-extraction ---- */

struct reex {
	gisa_store *st;
	struct gisa_rules *rules;
	gisa_run_article_fn fn;
	void *ctx;
	gisa_reextract_counts *c;
};

static int reex_page(void *ctx, const gisa_store_page *p)
{
	struct reex *x = ctx;
	const char *failmsg;
	int rc;

	/* Section pages are HTML too, but lists of articles, not one. */
	if (p->kind != GISA_URL_ARTICLE ||
	    !gisa_fetch_is_html(p->content_type, p->body, p->body_len)) {
		x->c->skipped++;
		return 0;
	}
	x->c->pages++;
	rc = extract_page(x->st, x->rules, p->url_id, p->source, p,
			  x->fn, x->ctx, &failmsg);
	if (rc < 0)
		return rc;
	if (failmsg) {
		x->c->failed++;
		return 0;
	}
	switch (rc) {
	case GISA_ARTICLE_NEW: x->c->fresh++; break;
	case GISA_ARTICLE_UPDATED: x->c->updated++; break;
	case GISA_ARTICLE_UNCHANGED: x->c->unchanged++; break;
	case GISA_ARTICLE_DUPLICATE: x->c->duplicate++; break;
	default: x->c->empty++; break;
	}
	return 0;
}

int gisa_reextract(gisa_store *st, struct gisa_rules *rules,
		   const char *source, long long since,
		   gisa_run_article_fn on_article, void *ctx,
		   gisa_reextract_counts *c)
{
	struct reex x = { st, rules, on_article, ctx, c };
	int rc;

	memset(c, 0, sizeof *c);
	rc = gisa_store_each_page(st, source, since, reex_page, &x);
	return rc < 0 ? rc : 0;
}
