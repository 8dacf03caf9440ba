/* date.c - news dates to ISO 8601 (see date.h).
 *
 * The string is cut into tokens (numbers, ASCII words, Hangul words,
 * punctuation; whitespace only marks the next token), then each position is
 * tried in turn: a date, optionally followed by a time and an offset, or a
 * time (and offset) followed by a date. The first match wins, which skips
 * whatever labels come before it.
 */
#include "date.h"
#include "error.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define MAX_TOKENS 320
#define YEAR_MIN 1990
#define YEAR_MAX 2100
#define MAX_OFFSET (14 * 3600)

enum { K_NUM, K_WORD, K_PUNCT, K_HANGUL, K_END };
enum { H_OTHER, H_YEAR, H_MONTH, H_DAY, H_HOUR, H_MIN, H_SEC, H_AM, H_PM,
       H_WDAY };
#define P_OTHER 0x80 /* a non-ASCII symbol such as the middle dot */

struct tok {
	unsigned char kind;
	unsigned char sp;   /* whitespace came before this token */
	unsigned char len;  /* digits or letters (capped at 255) */
	unsigned char code; /* the punctuation byte or the H_* class */
	long long val;      /* a number's value (digits beyond 18 ignored) */
	char w[12];         /* a word, lowercased, cut to 11 letters */
	size_t pos;         /* byte offset in the input */
};

#define END_PAD 4 /* K_END tokens after the last: lookahead stays inside */

struct toks {
	struct tok t[MAX_TOKENS + END_PAD];
	int n;
};

struct dt {
	int y, mo, d, h, mi, s;
	int has_time, has_off;
	int off;           /* seconds east of UTC, when has_off */
	const char *zone;  /* an IANA zone named by the string ("ET") */
};

/* --- calendar ------------------------------------------------------ */

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int mdays(int y, int m)
{
	static const int n[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				   30, 31 };
	return m == 2 && leap(y) ? 29 : n[m - 1];
}

static int valid_ymd(int y, int m, int d)
{
	return y >= YEAR_MIN && y <= YEAR_MAX && m >= 1 && m <= 12 &&
	       d >= 1 && d <= mdays(y, m);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (the usual era
 * arithmetic: 400-year eras of 146097 days, years starting in March). */
static long long days_from_civil(long long y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long long z, long long *y, int *m, int *d)
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* The wall-clock time of d read as if it were UTC. */
static long long local_seconds(const struct dt *d)
{
	return days_from_civil(d->y, d->mo, d->d) * 86400 + d->h * 3600 +
	       d->mi * 60 + d->s;
}

/* --- zones --------------------------------------------------------- */

struct abbr {
	const char *name;
	int off;          /* minutes east of UTC */
	const char *zone; /* or an IANA zone when the offset follows DST */
};

static const struct abbr abbrs[] = {
	{ "utc", 0, NULL }, { "gmt", 0, NULL }, { "ut", 0, NULL },
	{ "z", 0, NULL }, { "kst", 540, NULL }, { "jst", 540, NULL },
	{ "est", -300, NULL }, { "edt", -240, NULL }, { "cst", -360, NULL },
	{ "cdt", -300, NULL }, { "mst", -420, NULL }, { "mdt", -360, NULL },
	{ "pst", -480, NULL }, { "pdt", -420, NULL }, { "akst", -540, NULL },
	{ "akdt", -480, NULL }, { "hst", -600, NULL }, { "bst", 60, NULL },
	{ "ist", 330, NULL }, { "cet", 60, NULL }, { "cest", 120, NULL },
	{ "eet", 120, NULL }, { "eest", 180, NULL }, { "wet", 0, NULL },
	{ "west", 60, NULL }, { "msk", 180, NULL }, { "hkt", 480, NULL },
	{ "sgt", 480, NULL }, { "pht", 480, NULL }, { "awst", 480, NULL },
	{ "acst", 570, NULL }, { "acdt", 630, NULL }, { "aest", 600, NULL },
	{ "aedt", 660, NULL }, { "nzst", 720, NULL }, { "nzdt", 780, NULL },
	{ "sast", 120, NULL }, { "wib", 420, NULL }, { "ict", 420, NULL },
	{ "et", 0, "America/New_York" }, { "ct", 0, "America/Chicago" },
	{ "mt", 0, "America/Denver" }, { "pt", 0, "America/Los_Angeles" },
};

static const struct abbr *find_abbr(const char *w)
{
	for (size_t i = 0; i < sizeof abbrs / sizeof abbrs[0]; i++)
		if (strcmp(abbrs[i].name, w) == 0)
			return &abbrs[i];
	return NULL;
}

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

/* "+09:00", "+0900", "+09", "-5" as seconds east of UTC. */
static int parse_fixed(const char *s, int *off)
{
	int sign, h = 0, m = 0, nd = 0;

	if (*s != '+' && *s != '-')
		return -1;
	sign = *s++ == '-' ? -1 : 1;
	while (isdigit((unsigned char)s[nd]))
		nd++;
	if (nd == 4) {
		h = (s[0] - '0') * 10 + s[1] - '0';
		m = (s[2] - '0') * 10 + s[3] - '0';
		s += 4;
	} else if (nd == 1 || nd == 2) {
		for (int i = 0; i < nd; i++)
			h = h * 10 + *s++ - '0';
		if (*s == ':') {
			if (!isdigit((unsigned char)s[1]) ||
			    !isdigit((unsigned char)s[2]))
				return -1;
			m = (s[1] - '0') * 10 + s[2] - '0';
			s += 3;
		}
	} else {
		return -1;
	}
	if (*s || m >= 60 || h * 3600 + m * 60 > MAX_OFFSET)
		return -1;
	*off = sign * (h * 3600 + m * 60);
	return 0;
}

/* Whether name can be an IANA zone file: relative, no "..", tame bytes. */
static int iana_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > 64 || name[0] == '/' || name[0] == '.' ||
	    strstr(name, ".."))
		return 0;
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("/_+-", *p))
			return 0;
	return 1;
}

static int iana_exists(const char *name)
{
	char path[512];
	struct stat st;
	const char *dir = getenv("TZDIR");

	if (!iana_name_ok(name))
		return 0;
	snprintf(path, sizeof path, "%s/%s",
		 dir && *dir ? dir : "/usr/share/zoneinfo", name);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* How tz is to be read: a fixed offset (kind 1, *off set) or an IANA
 * zone (kind 2); -1 when it is neither. */
static int zone_kind(const char *tz, int *off)
{
	char low[12];
	size_t n = strlen(tz);
	const struct abbr *ab;

	if (parse_fixed(tz, off) == 0)
		return 1;
	if (n < sizeof low) {
		for (size_t i = 0; i <= n; i++)
			low[i] = (char)tolower((unsigned char)tz[i]);
		ab = find_abbr(low);
		if (ab && !ab->zone) {
			*off = ab->off * 60;
			return 1;
		}
		if (ab)
			return iana_exists(ab->zone) ? 2 : -1;
	}
	return iana_exists(tz) ? 2 : -1;
}

static const char *iana_of(const char *tz)
{
	char low[12];
	size_t n = strlen(tz);
	const struct abbr *ab;

	if (n >= sizeof low)
		return tz;
	for (size_t i = 0; i <= n; i++)
		low[i] = (char)tolower((unsigned char)tz[i]);
	ab = find_abbr(low);
	return ab && ab->zone ? ab->zone : tz;
}

/* The offset of IANA zone at arg: a Unix time (to_local) or a wall-clock
 * time read as if UTC. TZ is switched to zone and back, all under tz_lock,
 * because TZ and tzset() are process-global. */
static int with_zone(const char *zone, long long arg, int to_local,
		     int *off)
{
	char *old = NULL, *env;
	int rc = GISA_EINVAL;

	pthread_mutex_lock(&tz_lock);
	env = getenv("TZ");
	if (env && !(old = strdup(env))) {
		rc = GISA_ENOMEM;
		goto out;
	}
	if (setenv("TZ", zone, 1) != 0) {
		rc = GISA_ENOMEM;
		goto out;
	}
	tzset();
	if (to_local) {
		/* arg is a Unix time: the zone's offset at that instant. */
		time_t t = (time_t)arg;
		struct tm tm;
		if (localtime_r(&t, &tm)) {
			*off = (int)tm.tm_gmtoff;
			rc = 0;
		}
	} else {
		/* arg is a wall-clock time: let mktime pick the offset in
		 * force then (tm_isdst -1: the zone decides). In a DST gap
		 * mktime moves the time; the difference keeps the instant
		 * consistent with the wall time given. */
		time_t w = (time_t)arg, t;
		struct tm tm;
		gmtime_r(&w, &tm);
		tm.tm_isdst = -1;
		t = mktime(&tm);
		if (t != (time_t)-1) {
			*off = (int)(arg - (long long)t);
			rc = 0;
		}
	}
	if (old)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	tzset();
out:
	pthread_mutex_unlock(&tz_lock);
	free(old);
	if (rc == 0 && (*off > MAX_OFFSET || *off < -MAX_OFFSET))
		rc = GISA_EINVAL;
	return rc;
}

/* The offset of zone tz at wall-clock time local (seconds as if UTC). */
static int zone_offset_local(const char *tz, long long local, int *off)
{
	int k = zone_kind(tz, off);
	if (k < 0)
		return GISA_EINVAL;
	return k == 1 ? 0 : with_zone(iana_of(tz), local, 0, off);
}

static int zone_offset_utc(const char *tz, long long when, int *off)
{
	int k = zone_kind(tz, off);
	if (k < 0)
		return GISA_EINVAL;
	return k == 1 ? 0 : with_zone(iana_of(tz), when, 1, off);
}

int gisa_date_zone_ok(const char *tz)
{
	int off;
	return tz && zone_kind(tz, &off) > 0;
}

/* --- tokens -------------------------------------------------------- */

static const struct {
	const char *s;
	int code;
} hangul_words[] = {
	{ "년", H_YEAR }, { "월", H_MONTH }, { "일", H_DAY },
	{ "시", H_HOUR }, { "분", H_MIN }, { "초", H_SEC },
	{ "오전", H_AM }, { "오후", H_PM },
	{ "화", H_WDAY }, { "수", H_WDAY }, { "목", H_WDAY },
	{ "금", H_WDAY }, { "토", H_WDAY },
};

static int hangul_class(const char *s, size_t n)
{
	static const char *const wd[] = { "월", "화", "수", "목", "금", "토",
					  "일" };
	for (size_t i = 0; i < sizeof hangul_words / sizeof hangul_words[0];
	     i++)
		if (strlen(hangul_words[i].s) == n &&
		    memcmp(hangul_words[i].s, s, n) == 0)
			return hangul_words[i].code;
	/* "화요일" and the like: a weekday syllable plus 요일. */
	if (n == 9 && memcmp(s + 3, "요일", 6) == 0)
		for (size_t i = 0; i < 7; i++)
			if (memcmp(wd[i], s, 3) == 0)
				return H_WDAY;
	return H_OTHER;
}

/* Decode one UTF-8 sequence; *len gets its length (1 on invalid bytes,
 * which decode as 0xFFFD). */
static unsigned utf8_cp(const unsigned char *p, const unsigned char *end,
			int *len)
{
	unsigned c = p[0];
	int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;

	*len = 1;
	if (n == 1 || end - p < n)
		return 0xFFFD;
	c &= 0x3F >> (n - 1);
	for (int i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0xFFFD;
		c = c << 6 | (p[i] & 0x3F);
	}
	*len = n;
	return c;
}

static int is_uspace(unsigned c)
{
	return c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200B) ||
	       c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

static int is_hangul(unsigned c)
{
	return c >= 0xAC00 && c <= 0xD7A3;
}

static void tokenize(const char *s, size_t n, struct toks *ts)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	int sp = 1;

	ts->n = 0;
	while (p < end && ts->n < MAX_TOKENS) {
		struct tok *t = &ts->t[ts->n];
		const unsigned char *st = p;
		int len;
		unsigned c;

		if (isspace(*p)) {
			sp = 1;
			p++;
			continue;
		}
		memset(t, 0, sizeof *t);
		t->pos = (size_t)(p - (const unsigned char *)s);
		t->sp = (unsigned char)sp;
		sp = 0;
		if (isdigit(*p)) {
			t->kind = K_NUM;
			for (; p < end && isdigit(*p); p++)
				if (p - st < 18)
					t->val = t->val * 10 + (*p - '0');
		} else if (isalpha(*p)) {
			t->kind = K_WORD;
			for (; p < end && isalpha(*p); p++)
				if (p - st < (long)sizeof t->w - 1)
					t->w[p - st] = (char)tolower(*p);
		} else if (*p < 0x80) {
			t->kind = K_PUNCT;
			t->code = *p++;
		} else {
			c = utf8_cp(p, end, &len);
			if (is_uspace(c)) {
				sp = 1;
				p += len;
				continue;
			}
			if (!is_hangul(c)) {
				t->kind = K_PUNCT;
				t->code = P_OTHER;
				p += len;
			} else {
				t->kind = K_HANGUL;
				while (p < end &&
				       is_hangul(utf8_cp(p, end, &len)))
					p += len;
				t->code = (unsigned char)hangul_class(
					(const char *)st, (size_t)(p - st));
			}
		}
		t->len = (unsigned char)(p - st > 255 ? 255 : p - st);
		ts->n++;
	}
	for (int i = 0; i < END_PAD; i++) {
		memset(&ts->t[ts->n + i], 0, sizeof ts->t[0]);
		ts->t[ts->n + i].kind = K_END;
	}
}

/* --- grammar ------------------------------------------------------- */
/* Each matcher takes the token index to start at and returns the index
 * after its match, or -1. */

static int is_p(const struct tok *t, int c)
{
	return t->kind == K_PUNCT && t->code == c;
}

static int is_w(const struct tok *t, const char *w)
{
	return t->kind == K_WORD && strcmp(t->w, w) == 0;
}

static int is_h(const struct tok *t, int code)
{
	return t->kind == K_HANGUL && t->code == code;
}

static int num(const struct tok *t, int minlen, int maxlen)
{
	return t->kind == K_NUM && t->len >= minlen && t->len <= maxlen;
}

static int month_of(const struct tok *t)
{
	static const char *const names[12] = {
		"january", "february", "march", "april", "may", "june",
		"july", "august", "september", "october", "november",
		"december" };
	size_t n;

	if (t->kind != K_WORD || t->len < 3 || t->len > 9)
		return 0;
	n = strlen(t->w);
	for (int i = 0; i < 12; i++)
		if ((n == 3 || strcmp(names[i], t->w) == 0 ||
		     (i == 8 && strcmp(t->w, "sept") == 0)) &&
		    strncmp(names[i], t->w, n) == 0)
			return i + 1;
	return 0;
}

static int is_weekday(const struct tok *t)
{
	static const char *const days[] = { "mon", "tue", "tues", "wed",
		"thu", "thur", "thurs", "fri", "sat", "sun", "monday",
		"tuesday", "wednesday", "thursday", "friday", "saturday",
		"sunday" };
	if (is_h(t, H_WDAY))
		return 1;
	for (size_t i = 0; i < sizeof days / sizeof days[0]; i++)
		if (is_w(t, days[i]))
			return 1;
	return 0;
}

static int ordinal(const struct tok *t)
{
	return !t->sp && (is_w(t, "st") || is_w(t, "nd") || is_w(t, "rd") ||
			  is_w(t, "th"));
}

/* Separators allowed between a date and its time: ", - | / @ · at T",
 * weekdays, "(화)". At most four tokens. */
static int skip_sep(const struct tok *t, int i)
{
	for (int k = 0; k < 4; k++) {
		const struct tok *x = &t[i];
		if (is_p(x, '(') && t[i + 1].kind != K_END &&
		    is_p(&t[i + 2], ')') &&
		    (is_weekday(&t[i + 1]) || is_h(&t[i + 1], H_MONTH) ||
		     is_h(&t[i + 1], H_DAY))) {
			i += 3;
			continue;
		}
		if ((x->kind == K_PUNCT && strchr(",-|/@", x->code) &&
		     x->code) || is_p(x, P_OTHER) || is_w(x, "at") ||
		    is_w(x, "t") || is_weekday(x))
			i++;
		else
			break;
	}
	return i;
}

static int set_date(struct dt *d, long long y, long long m, long long dd)
{
	if (!valid_ymd((int)y, (int)m, (int)dd))
		return -1;
	d->y = (int)y;
	d->mo = (int)m;
	d->d = (int)dd;
	return 0;
}

/* 2019-08-20, 2019.08.20(.), 2019/08/20, 2019년 8월 20일, 20190820 and
 * the compact 201908200931(01). */
static int match_ymd(const struct tok *t, int i, struct dt *d)
{
	const struct tok *a = &t[i];
	int sep;

	if (a->kind != K_NUM)
		return -1;
	if (a->len == 8 || a->len == 12 || a->len == 14) {
		long long v = a->val, r;
		if (a->len == 12)
			r = v % 10000 * 100, v /= 10000;
		else if (a->len == 14)
			r = v % 1000000, v /= 1000000;
		else
			r = 0;
		if (set_date(d, v / 10000, v / 100 % 100, v % 100) < 0)
			return -1;
		if (a->len > 8) {
			d->h = (int)(r / 10000);
			d->mi = (int)(r / 100 % 100);
			d->s = (int)(r % 100);
			if (d->h > 23 || d->mi > 59 || d->s > 59)
				return -1;
			d->has_time = 1;
		}
		return i + 1;
	}
	if (a->len != 4)
		return -1;
	if (is_h(&t[i + 1], H_YEAR) && num(&t[i + 2], 1, 2) &&
	    is_h(&t[i + 3], H_MONTH) && num(&t[i + 4], 1, 2) &&
	    is_h(&t[i + 5], H_DAY))
		return set_date(d, a->val, t[i + 2].val, t[i + 4].val) < 0 ?
			-1 : i + 6;
	if (t[i + 1].kind != K_PUNCT || !strchr("-./", t[i + 1].code) ||
	    !t[i + 1].code)
		return -1;
	sep = t[i + 1].code;
	if (!num(&t[i + 2], 1, 2) || !is_p(&t[i + 3], sep) ||
	    !num(&t[i + 4], 1, 2))
		return -1;
	if (set_date(d, a->val, t[i + 2].val, t[i + 4].val) < 0)
		return -1;
	i += 5;
	if (sep == '.' && is_p(&t[i], '.') && !t[i].sp)
		i++; /* Naver's "2019.08.20." */
	return i;
}

/* August 20, 2019 / Aug. 20th 2019 / 20 August 2019 / 20-Aug-2019 */
static int match_named(const struct tok *t, int i, struct dt *d)
{
	int m, day;

	if ((m = month_of(&t[i]))) {
		i++;
		if (is_p(&t[i], '.'))
			i++;
		if (!num(&t[i], 1, 2))
			return -1;
		day = (int)t[i++].val;
		if (ordinal(&t[i]))
			i++;
		if (is_p(&t[i], ','))
			i++;
	} else if (num(&t[i], 1, 2)) {
		day = (int)t[i++].val;
		if (ordinal(&t[i]))
			i++;
		if (is_p(&t[i], '-') || is_w(&t[i], "of"))
			i++;
		if (!(m = month_of(&t[i])))
			return -1;
		i++;
		if (is_p(&t[i], '.'))
			i++;
		if (is_p(&t[i], '-') || is_p(&t[i], ','))
			i++;
	} else {
		return -1;
	}
	if (!num(&t[i], 4, 4))
		return -1;
	if (set_date(d, t[i].val, m, day) < 0)
		return -1;
	return i + 1;
}

static int match_date(const struct tok *t, int i, struct dt *d)
{
	int j = match_ymd(t, i, d);
	return j >= 0 ? j : match_named(t, i, d);
}

/* AM/PM marks: "AM", "a.m.", "A. M.", 오전, 오후. 1 = am, 2 = pm. */
static int match_ampm(const struct tok *t, int i, int *which)
{
	if (is_h(&t[i], H_AM) || is_h(&t[i], H_PM)) {
		*which = is_h(&t[i], H_AM) ? 1 : 2;
		return i + 1;
	}
	if (is_w(&t[i], "am") || is_w(&t[i], "pm")) {
		*which = t[i].w[0] == 'a' ? 1 : 2;
		i++;
		return is_p(&t[i], '.') && !t[i].sp ? i + 1 : i;
	}
	if ((is_w(&t[i], "a") || is_w(&t[i], "p")) && is_p(&t[i + 1], '.') &&
	    is_w(&t[i + 2], "m")) {
		*which = t[i].w[0] == 'a' ? 1 : 2;
		i += 3;
		return is_p(&t[i], '.') && !t[i].sp ? i + 1 : i;
	}
	return -1;
}

/* 09:31, 9:31:01.123, 10.00 (after a date only), 9시 31분, T0931(01). */
static int match_clock(const struct tok *t, int i, int dot_ok, struct dt *d)
{
	const struct tok *h = &t[i];

	d->s = 0;
	if (num(h, 1, 2) && is_h(&t[i + 1], H_HOUR)) {
		d->h = (int)h->val;
		d->mi = 0;
		i += 2;
		if (num(&t[i], 1, 2) && is_h(&t[i + 1], H_MIN)) {
			d->mi = (int)t[i].val;
			i += 2;
			if (num(&t[i], 1, 2) && is_h(&t[i + 1], H_SEC)) {
				d->s = (int)t[i].val;
				i += 2;
			}
		}
		return i;
	}
	if (i > 0 && is_w(&t[i - 1], "t") && !h->sp &&
	    (num(h, 4, 4) || num(h, 6, 6))) {
		long long v = h->len == 4 ? h->val * 100 : h->val;
		d->h = (int)(v / 10000);
		d->mi = (int)(v / 100 % 100);
		d->s = (int)(v % 100);
		return i + 1;
	}
	if (!num(h, 1, 2) || t[i + 1].kind != K_PUNCT ||
	    !(t[i + 1].code == ':' || (dot_ok && t[i + 1].code == '.')) ||
	    !num(&t[i + 2], 2, 2) || t[i + 1].sp || t[i + 2].sp)
		return -1;
	d->h = (int)h->val;
	d->mi = (int)t[i + 2].val;
	i += 3;
	if (is_p(&t[i], t[i - 2].code) && num(&t[i + 1], 2, 2) && !t[i].sp &&
	    !t[i + 1].sp) {
		d->s = (int)t[i + 1].val;
		i += 2;
		if ((is_p(&t[i], '.') || is_p(&t[i], ',')) &&
		    t[i + 1].kind == K_NUM && !t[i].sp && !t[i + 1].sp)
			i += 2; /* fractional seconds are dropped */
	}
	return i;
}

static int match_time(const struct tok *t, int i, int dot_ok, struct dt *d)
{
	int pre = 0, post = 0, j;

	j = match_ampm(t, i, &pre);
	if (j >= 0 && t[i].kind == K_HANGUL)
		i = j;
	else
		pre = 0;
	if ((j = match_clock(t, i, dot_ok, d)) >= 0) {
		i = j;
	} else if (num(&t[i], 1, 2) && match_ampm(t, i + 1, &post) >= 0 &&
		   t[i + 1].kind == K_WORD) {
		d->h = (int)t[i++].val; /* "10 a.m." */
		d->mi = d->s = 0;
	} else {
		return -1;
	}
	post = 0;
	if (!pre && (j = match_ampm(t, i, &post)) >= 0)
		i = j;
	else
		post = pre;
	if (post && d->h >= 1 && d->h <= 12) {
		if (post == 2 && d->h < 12)
			d->h += 12;
		else if (post == 1 && d->h == 12)
			d->h = 0;
	}
	if (d->s == 60)
		d->s = 59; /* a leap second: keep the minute */
	if (d->h > 23 || d->mi > 59 || d->s > 59)
		return -1;
	d->has_time = 1;
	return i;
}

/* +0900, +09:00, +09, -5 right after a sign; sets *off. */
static int match_signed(const struct tok *t, int i, int *off)
{
	int sign, h, m = 0;

	if (!is_p(&t[i], '+') && !is_p(&t[i], '-'))
		return -1;
	sign = t[i].code == '-' ? -1 : 1;
	if (t[i + 1].kind != K_NUM || t[i + 1].sp)
		return -1;
	if (t[i + 1].len == 4) {
		h = (int)(t[i + 1].val / 100);
		m = (int)(t[i + 1].val % 100);
		i += 2;
	} else if (t[i + 1].len <= 2) {
		h = (int)t[i + 1].val;
		i += 2;
		if (is_p(&t[i], ':') && num(&t[i + 1], 2, 2) && !t[i].sp &&
		    !t[i + 1].sp) {
			m = (int)t[i + 1].val;
			i += 2;
		}
	} else {
		return -1;
	}
	if (m >= 60 || h * 3600 + m * 60 > MAX_OFFSET)
		return -1;
	*off = sign * (h * 3600 + m * 60);
	return i;
}

/* Z, +09:00, GMT, GMT+9, UTC-05:00, KST, (KST), ET. */
static int match_off(const struct tok *t, int i, struct dt *d)
{
	const struct abbr *ab;
	int j, off;

	if (is_p(&t[i], '(')) {
		j = match_off(t, i + 1, d);
		if (j >= 0 && is_p(&t[j], ')'))
			return j + 1;
		d->has_off = 0;
		d->zone = NULL;
		return -1;
	}
	if ((j = match_signed(t, i, &off)) >= 0) {
		d->off = off;
		d->has_off = 1;
		return j;
	}
	if (t[i].kind != K_WORD || !(ab = find_abbr(t[i].w)))
		return -1;
	i++;
	if (ab->zone) {
		d->zone = ab->zone;
		return i;
	}
	d->off = ab->off * 60;
	d->has_off = 1;
	if (ab->off == 0 && !t[i].sp && (j = match_signed(t, i, &off)) >= 0) {
		d->off = off; /* GMT+9 */
		return j;
	}
	return i;
}

/* A date with its time after it, or a time (and offset) before it. */
static int match_at(const struct tok *t, int i, struct dt *d)
{
	struct dt tm;
	int j, k;

	memset(d, 0, sizeof *d);
	if ((j = match_date(t, i, d)) >= 0) {
		if (d->has_time) { /* the compact 20190820093101 */
			k = match_off(t, j, d);
			return k >= 0 ? k : j;
		}
		if (is_w(&t[j], "t") && !t[j].sp && t[j + 1].kind == K_NUM &&
		    !t[j + 1].sp && (k = match_time(t, j + 1, 0, d)) >= 0)
			j = k; /* 20190820T093101 */
		else if ((k = match_time(t, skip_sep(t, j), 1, d)) >= 0)
			j = k;
		else
			return j;
		k = match_off(t, j, d);
		return k >= 0 ? k : j;
	}
	memset(&tm, 0, sizeof tm);
	if ((j = match_time(t, i, 0, &tm)) < 0)
		return -1;
	k = match_off(t, j, &tm);
	if (k >= 0)
		j = k;
	if ((k = match_date(t, skip_sep(t, j), d)) < 0)
		return -1;
	d->h = tm.h;
	d->mi = tm.mi;
	d->s = tm.s;
	d->has_time = 1;
	d->has_off = tm.has_off;
	d->off = tm.off;
	d->zone = tm.zone;
	if (!d->has_off && !d->zone && (j = match_off(t, k, d)) >= 0)
		k = j;
	return k;
}

/* --- API ----------------------------------------------------------- */

/* The whole string (trimmed) is a Unix time: 10 digits or 13 (ms). */
static int unix_stamp(const char *s, size_t n, long long *out)
{
	size_t a = 0, b = n, len;
	long long v = 0;

	while (a < b && isspace((unsigned char)s[a]))
		a++;
	while (b > a && isspace((unsigned char)s[b - 1]))
		b--;
	len = b - a;
	if (len != 10 && len != 13)
		return 0;
	for (size_t i = a; i < b; i++) {
		if (!isdigit((unsigned char)s[i]))
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = len == 13 ? v / 1000 : v;
	return 1;
}

static int find_date(const char *s, struct dt *d)
{
	struct toks *ts;
	size_t n = strnlen(s, GISA_DATE_MAX_INPUT);
	int rc = GISA_EINVAL;

	ts = malloc(sizeof *ts);
	if (!ts)
		return GISA_ENOMEM;
	tokenize(s, n, ts);
	for (int i = 0; i < ts->n; i++)
		if (match_at(ts->t, i, d) >= 0) {
			rc = 0;
			break;
		}
	free(ts);
	return rc;
}

static int put(char *out, size_t outlen, int n)
{
	return n < 0 || (size_t)n >= outlen ? GISA_ELIMIT : 0;
}

static int format_off(char *out, size_t outlen, long long y, int mo, int d,
		      long long secs, int off)
{
	int a = off < 0 ? -off : off;
	return put(out, outlen, snprintf(out, outlen,
		"%04lld-%02d-%02dT%02lld:%02lld:%02lld%c%02d:%02d", y, mo, d,
		secs / 3600, secs / 60 % 60, secs % 60, off < 0 ? '-' : '+',
		a / 3600, a / 60 % 60));
}

static int format_unix(long long when, int off, char *out, size_t n)
{
	long long local = when + off, days, y;
	int m, d;

	days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
	civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999)
		return GISA_EINVAL;
	return format_off(out, n, y, m, d, local - days * 86400, off);
}

/* The offset that applies to d: its own, its named zone's, or tz's.
 * 1 = known (in *off), 0 = unknown, or a negative code. */
static int resolve_off(const struct dt *d, const char *tz, int *off)
{
	int rc;

	if (d->has_off) {
		*off = d->off;
		return 1;
	}
	if (d->zone || tz) {
		rc = zone_offset_local(d->zone ? d->zone : tz,
				       local_seconds(d), off);
		return rc < 0 ? rc : 1;
	}
	return 0;
}

static int parse(const char *s, const char *tz, struct dt *d,
		 long long *when, int *is_unix)
{
	*is_unix = 0;
	if (!s || (tz && !gisa_date_zone_ok(tz)))
		return GISA_EINVAL;
	if (unix_stamp(s, strnlen(s, GISA_DATE_MAX_INPUT), when)) {
		long long days = *when / 86400;
		long long y;
		int m, dd;
		civil_from_days(days, &y, &m, &dd);
		if (y < YEAR_MIN || y > YEAR_MAX)
			return GISA_EINVAL;
		*is_unix = 1;
		return 0;
	}
	return find_date(s, d);
}

int gisa_date_parse(const char *s, const char *tz, char *out, size_t outlen)
{
	struct dt d;
	long long when;
	int is_unix, off, rc;

	if (!out || outlen == 0)
		return GISA_ELIMIT;
	out[0] = '\0';
	if ((rc = parse(s, tz, &d, &when, &is_unix)) < 0)
		return rc;
	if (is_unix) {
		off = 0;
		if (tz && (rc = zone_offset_utc(tz, when, &off)) < 0)
			return rc;
		return format_unix(when, off, out, outlen);
	}
	if (!d.has_time)
		return put(out, outlen, snprintf(out, outlen, "%04d-%02d-%02d",
						 d.y, d.mo, d.d));
	if ((rc = resolve_off(&d, tz, &off)) < 0)
		return rc;
	if (rc == 0)
		return put(out, outlen, snprintf(out, outlen,
			"%04d-%02d-%02dT%02d:%02d:%02d", d.y, d.mo, d.d, d.h,
			d.mi, d.s));
	return format_off(out, outlen, d.y, d.mo, d.d,
			  d.h * 3600 + d.mi * 60 + d.s, off);
}

int gisa_date_parse_time(const char *s, const char *tz, long long *unix_out)
{
	struct dt d;
	long long when;
	int is_unix, off, rc;

	if ((rc = parse(s, tz, &d, &when, &is_unix)) < 0)
		return rc;
	if (!is_unix) {
		if ((rc = resolve_off(&d, tz, &off)) < 0)
			return rc;
		if (rc == 0)
			return GISA_ENOTFOUND;
		when = local_seconds(&d) - off;
	}
	*unix_out = when;
	return 0;
}

int gisa_date_parse_labelled(const char *s, const char *label, const char *tz,
			     char *out, size_t outlen)
{
	size_t n, ln;

	if (!s || !label || !*label)
		return GISA_EINVAL;
	n = strnlen(s, GISA_DATE_MAX_INPUT);
	ln = strlen(label);
	for (size_t i = 0; i + ln <= n; i++)
		if (strncasecmp(s + i, label, ln) == 0)
			return gisa_date_parse(s + i + ln, tz, out, outlen);
	return GISA_ENOTFOUND;
}

int gisa_date_format(long long when, const char *tz, char *out, size_t n)
{
	int off = 0, rc;

	if (!out || n == 0)
		return GISA_ELIMIT;
	out[0] = '\0';
	if (when > 253402300799LL || when < -62167219200LL)
		return GISA_EINVAL; /* outside years 0..9999 */
	if (tz && (rc = zone_offset_utc(tz, when, &off)) < 0)
		return rc;
	return format_unix(when, off, out, n);
}
