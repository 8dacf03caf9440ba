/* extract.c - the per-page pipeline (see extract.h).
 *
 * decode -> parse -> metadata -> body (generic) -> normalize -> record
 * bookkeeping. Every stage
 * after parsing only adds to the record; a stage that fails leaves a
 * warning and the later stages still run.
 */
#include "extract.h"
#include "decode.h"
#include "error.h"
#include "generic.h"
#include "html.h"
#include "meta.h"
#include "normalize.h"
#include "record.h"
#include "rules.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

/* The generic extractor fills the body when nothing better did; the
 * JSON-LD articleBody is one of its pieces of evidence. */
static int fill_body(gisa_doc *doc, gisa_article *a)
{
	char *jsonld;
	int rc;

	if (a->paragraphs.n)
		return 0;
	jsonld = gisa_meta_jsonld_body(doc);
	rc = gisa_generic_extract(doc, jsonld, a);
	free(jsonld);
	return rc;
}

/* apply_rule - the rule named by o->rule, else the one serving the URL,
 * over doc. A failing rule leaves a warning (its first line) and the
 * generic path goes on, as DESIGN.md says. */
static int apply_rule(const gisa_extract_opts *o, gisa_doc *doc,
		      gisa_article *a)
{
	const char *name;
	char err[1024];
	int rc;

	if (!o->rules)
		return 0;
	name = o->rule ? o->rule :
	       o->url ? gisa_rules_match(o->rules, o->url) : NULL;
	if (!name)
		return 0;
	rc = gisa_rules_apply(o->rules, name, doc, a, NULL, err, sizeof err);
	if (rc == GISA_ENOMEM)
		return rc;
	if (rc < 0)
		gisa_article_warn(a, "%.*s", (int)strcspn(err, "\n"), err);
	return 0;
}

static int finish_record(const gisa_extract_opts *o, gisa_article *a)
{
	char hash[48];

	if ((o->url && !a->url && gisa_article_set(&a->url, o->url) < 0) ||
	    (o->fetched_at &&
	     gisa_article_set(&a->fetched_at, o->fetched_at) < 0))
		return GISA_ENOMEM;
	if (!a->extractor &&
	    gisa_article_set(&a->extractor, a->source ? a->source : "generic") < 0)
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
	int rc;

	if (!o)
		o = &none;
	rc = gisa_page_parse(bytes, len, o->charset, o->url, &doc, a);
	if (rc < 0)
		return rc;
	if ((rc = gisa_meta_extract(doc, NULL, a)) < 0 ||
	    (rc = apply_rule(o, doc, a)) < 0 ||
	    (rc = fill_body(doc, a)) < 0 ||
	    (rc = gisa_normalize(a, a->language)) < 0)
		goto out;
	rc = finish_record(o, a);
out:
	gisa_doc_free(doc);
	return rc;
}
