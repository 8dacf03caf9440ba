/* date.h - news dates in every shape to ISO 8601.
 *
 * The parser finds the first date in a string and the time and offset next
 * to it. It knows:
 *   - ISO 8601 / RFC 3339: "2019-08-20T09:31:01Z", "+0900", "+09:00", "+09",
 *     fractional seconds (dropped), basic "20190820T093101Z";
 *   - numeric dates "2019-08-20", "2019.08.20", "2019.08.20.", "2019/08/20",
 *     "20190820", with a time after a space, a 'T', ',', '-', '|' or "at";
 *   - RFC 822/1123 "Tue, 20 Aug 2019 09:31:01 GMT" and "+0900";
 *   - English "August 20, 2019", "Aug. 20, 2019 9:31 AM", "20 August 2019",
 *     "09:31 August 20, 2019" (time first), "Nov 9, 2023 10:45 p.m. ET",
 *     "Sat 24 Feb 2024 06.00 GMT";
 *   - Korean "2019년 8월 20일 오전 9시 31분", "2019.08.20. 오후 3:12";
 *   - Unix timestamps: the whole string is 10 digits (seconds) or 13
 *     (milliseconds).
 * Labels and weekdays around the date ("입력", "수정", "송고", "기사입력 :",
 * "Updated", "Published :", "(화)") are skipped. Relative dates ("3 hours
 * ago"), dates without a year, two-digit years and day-first numeric dates
 * ("20/08/2019", ambiguous) are not dates. Impossible dates (month 13,
 * Feb 30, 25:00) are rejected, and so are years outside 1990..2100.
 *
 * Zone abbreviations map to fixed offsets (UTC GMT Z KST JST EST EDT CST
 * CDT MST MDT PST PDT BST CET CEST EET EEST WET WEST IST=India HKT SGT
 * AEST AEDT AWST NZST NZDT MSK ...); CST is the US one, as in RFC 822.
 * "ET", "CT", "MT" and "PT" are the US zones, resolved like an IANA name.
 *
 * A zone argument tz may be NULL, an IANA name ("Asia/Seoul", looked up in
 * the system tz database: /usr/share/zoneinfo or $TZDIR), "UTC"/"GMT", or a
 * fixed offset ("+09:00", "+0900", "-05"). An IANA name is resolved to its
 * offset at the local time in question (DST included). glibc's zone switch
 * is process-global: it is done under a mutex and TZ is restored after, so
 * these functions are thread-safe among themselves; other code in the
 * process that calls localtime()/mktime() concurrently may see the
 * switched zone for a moment.
 *
 * Only the first GISA_DATE_MAX_INPUT bytes of a string are looked at.
 */
#ifndef GISA_DATE_H
#define GISA_DATE_H

#include <stddef.h>

#define GISA_DATE_MAX_INPUT 1024
/* Room for the longest output, "2019-08-20T09:31:01+09:00" and its NUL. */
#define GISA_DATE_BUFSZ 32

/* gisa_date_parse - write the first date in s as ISO 8601 into out:
 * "YYYY-MM-DDTHH:MM:SS+HH:MM" when the time and offset are known (from the
 * string, else from tz), "YYYY-MM-DDTHH:MM:SS" when the string has a time
 * but no offset and tz is NULL, "YYYY-MM-DD" when only the date is known.
 * A Unix timestamp is written in tz (UTC when tz is NULL).
 * Returns 0; GISA_EINVAL when s holds no date or tz is not a zone;
 * GISA_ELIMIT when outlen is too small (GISA_DATE_BUFSZ always suffices). */
int gisa_date_parse(const char *s, const char *tz, char *out, size_t outlen);

/* gisa_date_parse_time - the first date in s as a Unix time (seconds,
 * UTC). A date without a time counts as midnight. Returns 0; GISA_EINVAL
 * as above; GISA_ENOTFOUND when the string has no offset and tz is NULL,
 * so the instant is unknown. */
int gisa_date_parse_time(const char *s, const char *tz, long long *unix_out);

/* gisa_date_parse_labelled - like gisa_date_parse, but for the first date
 * after label in s, e.g. label "수정" in "입력 2019.08.20 09:31 수정
 * 2019.08.20 10:00" gives the modified date. The label is matched as
 * bytes, ASCII case-insensitively. Returns 0, GISA_ENOTFOUND when label
 * is absent, GISA_EINVAL when no date follows it, GISA_ELIMIT as above. */
int gisa_date_parse_labelled(const char *s, const char *label, const char *tz,
			     char *out, size_t outlen);

/* gisa_date_format - when as "YYYY-MM-DDTHH:MM:SS+HH:MM" in zone tz (UTC,
 * "+00:00", when tz is NULL). Returns 0, GISA_EINVAL (unknown zone or a
 * year outside 0..9999), GISA_ELIMIT (n too small). */
int gisa_date_format(long long when, const char *tz, char *out, size_t n);

/* gisa_date_zone_ok - whether tz is a zone these functions accept. */
int gisa_date_zone_ok(const char *tz);

#endif
