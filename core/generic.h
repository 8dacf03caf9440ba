/* generic.h - the generic main-content extractor.
 *
 * For pages no rule covers (and rules that come back without a body):
 * finds the article's main text in the libxml2 tree with general methods
 * only - candidate scoring over block containers (text mass, commas, link
 * density, class/id hints in several languages), sibling merging, a
 * precision pass inside the chosen container (figures, captions, share
 * bars, related-article lists, bylines, link-heavy blocks), stop-word
 * density for short paragraphs, and recall fallbacks when the container is
 * much shorter than the page's paragraph mass or the JSON-LD articleBody.
 */
#ifndef GISA_GENERIC_H
#define GISA_GENERIC_H

#include "article.h"
#include "html.h"

/* gisa_generic_extract - find the main content of doc and fill
 * a->paragraphs (reading order), a->images ({url, caption}; captions are
 * never in the body) and a->title when it is still empty; sets
 * a->origin[GISA_F_BODY] = "generic" when a body was found. Paragraphs
 * already in a are replaced. A page with no article (a list page, a login
 * wall) leaves the body empty and adds a warning (gisa_article_warn).
 * jsonld_body is the page's JSON-LD articleBody, or NULL: it is weighed as
 * evidence (which container holds the article, whether the container is
 * complete) and used as the body only when the page's own text cannot be
 * matched to it. Scratch memory comes from doc->arena; the tree is not
 * modified. Returns 0 or GISA_ENOMEM (a may then hold partial results). */
int gisa_generic_extract(gisa_doc *doc, const char *jsonld_body,
			 gisa_article *a);

#endif
