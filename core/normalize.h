/* normalize.h - generic cleanup of an extracted article.
 *
 * Every article goes through gisa_normalize(), whatever extracted it (a
 * source rule, the generic extractor, or `gisa normalize` on plain text):
 *
 * - Paragraphs that are not article text are dropped (boiler.h): ad
 *   markers, cookie banners in many languages, share/print/login/comment
 *   chrome, breadcrumbs, time stamps, photo captions and credits,
 *   copyright lines, disclaimers, "related articles" headings and the
 *   link lists under them, wire end marks "(END)" and editor's notes
 *   "(ATTN: ...)". Lines inside a paragraph are filtered the same way.
 * - Structure: after an end mark or a disclaimer the rest is trailer;
 *   after a copyright footer, a standards link or a sign-off too, unless
 *   real text follows. Short unpunctuated lines before the first sentence
 *   (kickers, section names, menus) and after the last one (credits,
 *   names, link lists) are not body, unless list markers, a lead-in
 *   ("The winners were:") or a table pattern make them a list. Lists in
 *   the middle of the text are kept.
 * - A paragraph printed twice is kept once; a caption printed twice is
 *   dropped, and so is a paragraph repeating the caption of one of the
 *   record's images. A truncated lede ("...") followed by the full one
 *   goes.
 * - Bylines ("By X and Y", "홍길동 기자", a name over its outlet's as
 *   republished stories print them: "Lee Jae-eun" / "The Korea Herald"),
 *   the Korean wire prefix "(서울=연합뉴스) 홍길동 기자 =" and the bracketed
 *   "[헤럴드경제=이민지 기자]", reporter e-mail lines, sign-offs
 *   ("Reporting by X; Editing by Y": reporters only) and bare agency
 *   credits ("Yonhap", a final "(Yonhap)") leave the body; their names go
 *   to a->authors when it is empty, bylines first, agencies last (and
 *   "By Reuters" yields to "By Jane Roe").
 * - The dateline opening the lede ("SEOUL, Nov. 9 (Yonhap) --"; an
 *   editor's note to the reader may come first) moves to a->dateline
 *   (when empty) and leaves the paragraph.
 * - Title: wire labels are not part of it and are dropped (title.h).
 *
 * Normalizing is idempotent: a normalized record comes out unchanged.
 */
#ifndef GISA_NORMALIZE_H
#define GISA_NORMALIZE_H

#include <stddef.h>

#include "article.h"
#include "title.h"

/* The largest text gisa_normalize_text() reads, and the most paragraphs
 * gisa_normalize() looks at (the rest are kept as they are). */
#define GISA_NORMALIZE_MAX_TEXT ((size_t)16 << 20)
#define GISA_NORMALIZE_MAX_PARAS 5000

/* gisa_normalize - clean a in place as described above. lang is the
 * page's language if known (BCP 47, may be NULL): the filters know all
 * their languages whatever it says, because pages mix them (English
 * chrome on Korean pages), but for scripts written without sentence
 * punctuation (th, lo, km) the punctuation-based structure rules are
 * off. Returns 0 or GISA_ENOMEM (a is then left valid but possibly only
 * partly cleaned). */
int gisa_normalize(gisa_article *a, const char *lang);

/* gisa_normalize_read - plain text (what `gisa normalize` reads) into the
 * zeroed or cleared record a, without cleaning it: lines are cleaned
 * (markdown image and table residue, whitespace, NFC; a line that only
 * held markup is dropped, not kept blank), a text browser's closing list
 * of links goes and with it the "[12]" link numbers, paragraphs are
 * split at blank lines, or at every line when the text has no blank
 * lines; hard-wrapped paragraphs are joined, and a block of list items
 * gives a paragraph per item. A title is taken from the
 * first lines when they carry one (gisa_title_find). A source's own
 * clean patterns (gisa_rules_clean_body) go between this and
 * gisa_normalize(), as in extraction. Returns 0, GISA_EINVAL (NULL text
 * or a), GISA_ELIMIT (longer than GISA_NORMALIZE_MAX_TEXT) or
 * GISA_ENOMEM. */
int gisa_normalize_read(const char *text, size_t len, gisa_article *a);

/* gisa_normalize_text - gisa_normalize_read() then gisa_normalize();
 * returns what they return. */
int gisa_normalize_text(const char *text, size_t len, const char *lang,
			gisa_article *a);

#endif
