/* dateline.h - the place (and date, and agency) that opens a news story.
 *
 * Recognized at the start of a paragraph:
 *   "SEOUL, Nov. 9 (Yonhap) -- "      "SEOUL (Reuters) - "
 *   "BEIRUT/THE HAGUE, March 7 (Reuters) - "   "WASHINGTON — "
 *   "WASHINGTON, D.C., Nov. 9 — "     "Seoul (AFP) - "   "(Reuters) - "
 *   "(서울=연합뉴스) 홍길동 기자 = "     "[서울=뉴시스] "   "【ワシントン=共同】"
 *   "新华社北京11月9日电（记者 张三）"
 * A Capitalized (not ALL-CAPS) place counts only with a known agency in
 * brackets after it, and a bare ALL-CAPS word needs a dash after it, so a
 * sentence such as "NATO members met..." is left alone; a known agency
 * alone in brackets needs the dash too.
 */
#ifndef GISA_DATELINE_H
#define GISA_DATELINE_H

#include "strv.h"

/* gisa_dateline_split - whether the paragraph p begins with a dateline.
 * When it does, *dateline gets it without the separator ("SEOUL, Nov. 9
 * (Yonhap)", "(서울=연합뉴스)"; malloc'd) and the byte offset of the text
 * after it is returned (> 0); reporter names of a Korean or Chinese
 * prefix ("홍길동 기자 =", "（记者 张三）") are appended to names when names
 * is not NULL. Returns 0 (and leaves *dateline alone) when p has no
 * dateline, or GISA_ENOMEM. Only the first 200 bytes are looked at. */
int gisa_dateline_split(const char *p, char **dateline, gisa_strv *names);

/* gisa_dateline_byline - a reporter's byline in square brackets where a
 * dateline would be: "[헤럴드경제=이민지 기자] ...", "[워싱턴=홍길동
 * 특파원] ..." (an outlet, or a place that cannot be told from one, then
 * the reporter). The names go to names (which must not be NULL); returns
 * the offset of the text after it (> 0), 0 when p does not open with one,
 * or GISA_ENOMEM. gisa_dateline_split() does not take these. */
int gisa_dateline_byline(const char *p, gisa_strv *names);

#endif
