/* boiler.h - what a paragraph of extracted text is, when it is not the
 * article.
 *
 * gisa_boiler_kind() looks at one paragraph on its own and says whether
 * it is interface chrome, an ad marker, a cookie banner, a caption, a
 * byline, a credit, a copyright line... The filters are patterns over
 * folded words in many languages (English, Korean, Chinese, Japanese,
 * German, French, Spanish, Italian, Portuguese, Dutch) plus the shape of
 * the text (length, final punctuation, brackets), never whole sentences
 * of particular sites. Decisions that need neighbours (runs of link-like
 * lines, the trailer after an end mark, repeated captions) are made by
 * normalize.c with the kinds and shapes given here.
 *
 * The gisa_chrome_*() functions answer narrower questions about whole
 * lines for the generic extractor (generic.c), which weighs the answers
 * with the page's structure: chrome anywhere, chrome at an article's end,
 * a marker after which only boilerplate follows, a summary's label.
 */
#ifndef GISA_BOILER_H
#define GISA_BOILER_H

#include <stddef.h>

#include "strv.h"

typedef enum gisa_para_kind {
	GISA_P_BODY = 0, /* nothing known against it */
	GISA_P_NOISE,    /* chrome, ads, promotions, cookie banners, legal
			  * text, bare dates, breadcrumbs, fragments */
	GISA_P_CAPTION,  /* a photo caption or photo credit */
	GISA_P_BYLINE,   /* a byline or a reporter's e-mail line */
	GISA_P_CREDIT,   /* a sign-off: "Reporting by ...; Editing by ..." */
	GISA_P_AGENCY,   /* a bare agency credit: "Yonhap", "— AFP" */
	GISA_P_EDNOTE,   /* a wire editor's note: "(ATTN: ...)" */
	GISA_P_END,      /* an end mark "(END)" or a disclaimer heading:
			  * what follows it is trailer, not article */
	GISA_P_FOOTER,   /* a copyright footer ("All Rights Reserved"):
			  * what follows is trailer unless text follows */
	GISA_P_RELATED,  /* a "related articles" / "next article" heading;
			  * the link-like lines under it go too */
	GISA_P_LINK      /* one related link with its label: "Read more:
			  * ...", "下一篇：...", "▶ 관련기사 ..." */
} gisa_para_kind;

/* The length and punctuation of a paragraph. */
typedef struct gisa_shape {
	int weight;   /* words; a run of ideographs counts one per two */
	int sentence; /* ends with sentence punctuation (. ! ? 。 …) */
	int bullet;   /* starts with a list marker ("- ", "• ", "1. ") */
	int lead_in;  /* ends with a colon */
} gisa_shape;

/* gisa_boiler_shape - measure p. */
void gisa_boiler_shape(const char *p, gisa_shape *sh);

/* gisa_boiler_kind - classify the paragraph p (one paragraph; its lines
 * are read as one text). For GISA_P_BYLINE, _CREDIT and _AGENCY the names
 * found (reporters only, for credits) are appended to names when names is
 * not NULL. Returns a gisa_para_kind (>= 0) or GISA_ENOMEM. */
int gisa_boiler_kind(const char *p, gisa_strv *names);

/* gisa_boiler_classify - gisa_boiler_kind, and p's shape (what
 * gisa_boiler_shape gives) in *sh, for callers that want both: the
 * shape is measured once. */
int gisa_boiler_classify(const char *p, gisa_strv *names, gisa_shape *sh);

/* gisa_boiler_caption_cue - whether p reads like a photo caption ("poses
 * for a photo", "(L to R)", "file photo", "사진"); used to tell a caption
 * printed twice from a repeated paragraph of text. */
int gisa_boiler_caption_cue(const char *p);

/* gisa_boiler_reader_note - whether p opens with an editor's note to
 * the reader ("[편집자 주] ...", "Editor's note: ..."): part of the
 * story, before its lede, never its headline. */
int gisa_boiler_reader_note(const char *p);

/* gisa_boiler_time_stamp - whether p is only a date or time and its
 * labels ("Updated 10:31 AM UTC", "Published Mar 08, 2024 00:45 ET",
 * "송고2024-05-03 14:22"): what a headline has under it. */
int gisa_boiler_time_stamp(const char *p);

/* gisa_boiler_credit_tail - where an agency credit closing p starts
 * ("... the ministry said. (Yonhap)", "... into the US. PTI"): the offset
 * of the space before it, or 0 when p has none. */
size_t gisa_boiler_credit_tail(const char *p);

/* Whole lines of chrome, for the generic extractor (generic.c), which
 * weighs them with the page's structure.
 *
 * Some paragraphs are chrome on any site: "Advertisement", "Read more:
 * ...", photo credits, copyright lines, "Subscribe to continue reading",
 * in several languages. Others are chrome only where they stand: credit
 * and contact lines at the end of an article ("Reporting by ...", "Follow
 * us on ..."), and the short lines after which only boilerplate follows
 * ("About Acme Inc.", "Media contact"). Each function looks at one whole
 * paragraph (UTF-8), case-folded and without surrounding punctuation, and
 * answers 1 or 0; long paragraphs are never chrome.
 */

/* gisa_chrome_line - whether text is chrome wherever it appears. */
int gisa_chrome_line(const char *text);

/* gisa_chrome_tail - whether text is a closing credit, contact,
 * republication or follow/subscribe line, or an author's bio ("Jane Roe
 * is a researcher at ..."): chrome when it ends an article. */
int gisa_chrome_tail(const char *text);

/* gisa_chrome_marker - whether text is a short heading after which an
 * article has only boilerplate ("About Acme Inc.", "Media contacts",
 * "Tags"). */
int gisa_chrome_marker(const char *text);

/* gisa_chrome_summary_label - whether text labels an editors' summary
 * of the article ("Key points", "Highlights", "At a glance"): the list
 * under it is not the article's text. */
int gisa_chrome_summary_label(const char *text);

#endif
