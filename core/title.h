/* title.h - headlines: wire labels off them, and finding them in plain
 * text.
 *
 * Labels describe the version or the genre of a story, not its topic, and
 * are dropped (not kept as tags): "(LEAD)", "(2nd LD)", "(URGENT)",
 * "(News Focus)", "(Yonhap Interview)", "[속보]", "[단독]", "[INTERVIEW]",
 * "(종합2보)", "【速報】", "UPDATE 2-", "EXCLUSIVE-", "Breaking:", a
 * "-Breaking" suffix, and an agency credit a portal glues to the end
 * (" By Reuters"). A leading rubric in brackets takes the series' part
 * number with it ("[위기의 지방대학] ① ...").
 */
#ifndef GISA_TITLE_H
#define GISA_TITLE_H

#include "strv.h"

/* gisa_title_clean - title without wire labels, whitespace collapsed
 * (a title that is only a label is left as it is). malloc'd; NULL when
 * out of memory. */
char *gisa_title_clean(const char *title);

/* gisa_title_find - the headline among the first paragraphs of plain
 * text. Candidates are the unpunctuated lines before the first sentence
 * (bylines, captions, time stamps and chrome skipped; a block of short
 * lines there is read line by line), and short lines ending like a
 * sentence that carry a wire label ("(LEAD) ...: State Dept.") or have a
 * byline, a time stamp or the lede's dateline under them (a kicker may sit
 * between). Editor's notes ("[편집자 주] ...") are never candidates. A line
 * printed twice wins (one of under four words only when no candidate has
 * four); else the first of four words or more (ideographs count one per
 * two) after the last stretch of page chrome (menus, sign-in links,
 * breadcrumbs) - chrome under a line that has a byline or a time stamp
 * under it is the article's own header and does not count, unless a later
 * line has one too (a caption over the lede has only the dateline) - or
 * its long form when the next lines repeat it at length ("N. Korea fires
 * two SRBMs" / "N. Korea fires two short-range ballistic missiles ...").
 * Up to 64 paragraphs are looked at: a whole page copied from a browser
 * has long menus over its headline.
 * When a headline is found, *title gets it (labels cleaned, malloc'd)
 * and all candidates leave paras. When a paragraph opening with a
 * dateline follows, the other short sentences before it ("Welcome
 * back!") are page header and leave paras too. Returns 0 (with *title
 * untouched when there is none) or GISA_ENOMEM. */
int gisa_title_find(gisa_strv *paras, char **title);

#endif
