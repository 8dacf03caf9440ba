/* deck.h - the standfirst (deck, dek) a page shows under its headline.
 *
 * A record's subtitle is text the reader sees between the headline and
 * the story. Metadata offers a description, which is often that deck but
 * just as often a teaser no reader sees, or the lede cut short; the page
 * itself settles it.
 */
#ifndef GISA_DECK_H
#define GISA_DECK_H

#include "article.h"
#include "html.h"

/* Elements looked at after the headline before giving up. */
#define GISA_DECK_WINDOW 400

/* gisa_deck_find - settle a->subtitle from what doc displays, unless a
 * rule set it (origin "rule:..."): that one is kept, and only leading
 * body paragraphs that repeat it (or a line of it) leave the body.
 *
 * The headline is the visible h1, h2 or h3 whose text is a->title
 * (letters and digits compared, case folded), else the first visible h1. Among the
 * GISA_DECK_WINDOW elements after it, up to the story's beginning (a <p>
 * of 100 bytes of text or more that is one of the body's first three
 * paragraphs, or any after eight such), the deck is the first visible element that either
 *   - is named like one (class, id, itemprop or a data-*-name/test/
 *     component attribute holding "standfirst", "subtitle", "sub-title",
 *     "sub_title", "strapline", "excerpt", "summary", "midtitle",
 *     "mid_title", or the words "dek",
 *     "deck" or "description"), with 20 to 600 characters in at most six
 *     lines, not mostly link text, and not a <p> followed by a <p> of
 *     prose (that is the story's first paragraph); or
 *   - is a heading (h2-h6) whose text is the metadata's subtitle.
 * Its lines (list items, line breaks) become the subtitle, one per line,
 * origin "generic:deck". With no deck found, a subtitle from metadata
 * stays only when some element after the headline shows it and it is not
 * a paragraph of the body; otherwise it is removed (a description no reader sees is not a subtitle). Leading
 * body paragraphs that repeat the deck's lines leave the body.
 *
 * A page without any visible h1 keeps what metadata gave. Returns 0, or
 * GISA_ENOMEM (the record is then unchanged). */
int gisa_deck_find(gisa_doc *doc, gisa_article *a);

#endif
