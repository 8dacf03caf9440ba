/* byline.h - author names out of a byline.
 *
 * Sites print bylines in many shapes; these are understood:
 *   English  "By Maya Gebeily and Anthony Deutsch", "By A, B and C",
 *            "A and B, Reuters", "By Jane Doe, Staff Writer",
 *            "Jane Doe | Reporter", "BY LEE HO-JEONG [lee@joongang.co.kr]",
 *            "Senior correspondent Kim Tong-hyung", "Von Anna Schmidt",
 *            "Reporting by A in Seoul and B; Editing by C" (reporters only)
 *   Korean   "홍길동 기자", "홍길동·김철수 기자", "홍길동 기자 외 2명",
 *            "워싱턴=홍길동 특파원", "(서울=연합뉴스) 홍길동 기자 = ..."
 *   Chinese  "记者 张三 李四", "（记者 张三）", "文/张三"
 * News agencies (Reuters, AP, AFP, Yonhap, Bloomberg, Xinhua, 연합뉴스, ...)
 * count as names only when no person is named. Roles, e-mail addresses,
 * handles, places ("in Seoul"), departments ("사회부") and "외 N명" are
 * dropped. ALL-CAPS Latin names are re-cased: "JANE DOE" -> "Jane Doe",
 * and Korean romanized names keep their convention, "LEE HO-JEONG" ->
 * "Lee Ho-jeong". Names already in the vector are not added twice.
 */
#ifndef GISA_BYLINE_H
#define GISA_BYLINE_H

#include "strv.h"

/* The longest byline looked at, in bytes. */
#define GISA_BYLINE_MAX 1024

/* gisa_byline_parse - append the author names found in the byline text s
 * to names (lenient: s is expected to be a byline, surrounding words that
 * are not names are skipped). Returns the number appended (0: none found),
 * GISA_ELIMIT when s is longer than GISA_BYLINE_MAX, GISA_EINVAL when s is
 * NULL, or GISA_ENOMEM (names keeps what was appended before). */
int gisa_byline_parse(const char *s, gisa_strv *names);

/* gisa_byline_match - strict form for text filters: whether the whole of
 * the line s is a byline ("By X and Y", "X, Staff Writer", "홍길동 기자",
 * "记者 张三"), not a sentence that happens to start with "By". Returns the
 * number of names appended (> 0) when it is one, 0 when it is not, or the
 * errors of gisa_byline_parse. */
int gisa_byline_match(const char *s, gisa_strv *names);

/* gisa_byline_agency - whether s (whole, any case) names a news agency or
 * wire service ("Reuters", "The Associated Press", "Yonhap News Agency",
 * "연합뉴스", "新华社"). */
int gisa_byline_agency(const char *s);

/* gisa_byline_people - how many of names are people, not agencies. */
size_t gisa_byline_people(const gisa_strv *names);

/* gisa_byline_outlet - whether s (whole) names a news outlet: an agency,
 * or capitalized words ending in a masthead word ("The Korea Herald",
 * "The Jakarta Post", "Asia News Network"), several joined by "/". What
 * sits under a reporter's name in a republished story's byline. */
int gisa_byline_outlet(const char *s);

/* gisa_byline_pair - the byline republished stories carry in two lines:
 * a reporter's name alone, then the outlet ("Lee Jae-eun" / "The Korea
 * Herald"). When name reads as a byline's names and outlet names an
 * outlet, the names are appended to names (may be NULL) and their number
 * returned; 0 otherwise; GISA_ENOMEM. */
int gisa_byline_pair(const char *name, const char *outlet, gisa_strv *names);

#endif
