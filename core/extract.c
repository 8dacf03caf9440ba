/* extract.c - the per-page pipeline (see extract.h).
 *
 * decode -> parse -> metadata -> rule -> body (generic) -> deck ->
 * normalize -> record bookkeeping. Every stage
 * after parsing only adds to the record; a stage that fails leaves a
 * warning and the later stages still run.
 */
#include "extract.h"
#include "decode.h"
#include "deck.h"
#include "error.h"
#include "explain.h"
#include "generic.h"
#include "html.h"
#include "meta.h"
#include "normalize.h"
#include "record.h"
#include "rules.h"
#include "sandbox.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

/* The generic extractor fills the body when nothing better did; the
 * JSON-LD articleBody (from the metadata scan) is one of its pieces of
 * evidence. */
static int fill_body(gisa_doc *doc, const char *jsonld, gisa_article *a)
{
	if (a->paragraphs.n)
		return 0;
	return gisa_generic_extract(doc, jsonld, a);
}

/* The rule serving the page (forced, by URL, or by the page's own URL),
 * with the reason in the explain record. */
static const char *choose_rule(const gisa_extract_opts *o, gisa_doc *doc)
{
	const char *name = NULL, *why = NULL;

	if (o->rule) {
		name = o->rule;
		why = "forced with --rule";
	} else if (o->rules) {
		name = gisa_rules_for_page(o->rules, o->url, doc, &why);
	}
	if (o->explain)
		gisa_explain_set(&o->explain->why, name ? why : o->url ?
				 "no rule's domains match the URL" :
				 "no rule's domains match the page's URL");
	return name;
}

/* Run rule name; a failure is a warning unless o->strict. */
static int apply_rule(const gisa_extract_opts *o, const char *name,
		      gisa_doc *doc, gisa_article *a)
{
	char local[1024];
	char *err = o->rule_error ? o->rule_error : local;
	size_t errlen = o->rule_error ? o->rule_error_len : sizeof local;
	int rc;

	err[0] = '\0';
	if (!o->rules)
		return 0;
	rc = gisa_rules_apply(o->rules, name, doc, a, o->explain, err, errlen);
	if (rc >= 0)
		return 0;
	if (o->strict || rc == GISA_ENOMEM)
		return rc;
	gisa_article_warn(a, "%.*s", (int)strcspn(err, "\n"), err);
	return 0;
}

/* Close a stage: its time goes to the explain record. */
static void stage(const gisa_extract_opts *o, const char *name, double *t)
{
	double now;

	if (!o->explain)
		return;
	now = gisa_sandbox_now();
	gisa_explain_time(o->explain, name, (now - *t) * 1e3);
	*t = now;
}

static int finish_record(const gisa_extract_opts *o, gisa_article *a)
{
	char hash[48];

	if ((o->url && !a->url && gisa_article_set(&a->url, o->url) < 0) ||
	    (o->fetched_at &&
	     gisa_article_set(&a->fetched_at, o->fetched_at) < 0))
		return GISA_ENOMEM;
	if (!a->extractor && gisa_article_set(&a->extractor, "generic") < 0)
		return GISA_ENOMEM;
	if (a->paragraphs.n) {
		gisa_record_hash(a, hash, sizeof hash);
		if (gisa_article_set(&a->content_hash, hash) < 0)
			return GISA_ENOMEM;
	}
	return 0;
}

int gisa_page_parse(const char *bytes, size_t len, const char *charset,
		    const char *url, gisa_doc **out, gisa_article *warn)
{
	gisa_decoded text;
	int rc;

	*out = NULL;
	rc = gisa_decode(bytes, len, charset, &text);
	if (rc < 0)
		return rc;
	rc = gisa_html_parse(text.utf8, text.len, url, out);
	if (rc == 0 && warn && (*out)->truncated)
		gisa_article_warn(warn, "page longer than %zu bytes: cut",
				  (size_t)GISA_HTML_MAX_INPUT);
	if (rc == 0 && warn && text.replaced)
		gisa_article_warn(warn, "%zu invalid %s sequences replaced",
				  text.replaced, text.charset);
	gisa_decoded_free(&text);
	return rc;
}

int gisa_extract(const char *bytes, size_t len, const gisa_extract_opts *o,
		 gisa_article *a)
{
	static const gisa_extract_opts none;
	gisa_doc *doc = NULL;
	const char *name;
	char *jsonld = NULL;
	double t = 0;
	int rc;

	if (!o)
		o = &none;
	if (o->explain)
		t = gisa_sandbox_now();
	rc = gisa_page_parse(bytes, len, o->charset, o->url, &doc, a);
	if (rc < 0)
		return rc;
	stage(o, "decode+parse", &t);
	name = choose_rule(o, doc);
	rc = gisa_meta_scan(doc, name && o->rules ?
			    gisa_rules_timezone(o->rules, name) : NULL,
			    a, &jsonld);
	stage(o, "meta", &t);
	if (rc < 0 || (name && (rc = apply_rule(o, name, doc, a)) < 0))
		goto out;
	t = o->explain ? gisa_sandbox_now() : 0; /* the rule times itself */
	if ((rc = fill_body(doc, jsonld, a)) < 0 ||
	    (rc = gisa_deck_find(doc, a)) < 0)
		goto out;
	stage(o, "generic", &t);
	if ((rc = gisa_normalize(a, a->language)) < 0)
		goto out;
	stage(o, "normalize", &t);
	rc = finish_record(o, a);
out:
	free(jsonld);
	gisa_doc_free(doc);
	return rc;
}
