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
	char *jsonld = NULL;
	int rc;

	if (!o)
		o = &none;
	rc = gisa_page_parse(bytes, len, o->charset, o->url, &doc, a);
	if (rc < 0)
		return rc;
	if ((rc = gisa_meta_scan(doc, NULL, a, &jsonld)) < 0 ||
	    (rc = fill_body(doc, jsonld, a)) < 0 ||
	    (rc = gisa_normalize(a, a->language)) < 0)
		goto out;
	rc = finish_record(o, a);
out:
	free(jsonld);
	gisa_doc_free(doc);
	return rc;
}
