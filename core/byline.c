/* byline.c - author names out of a byline (see byline.h).
 *
 * Three paths by script. Hangul bylines ("홍길동·김철수 기자") are read as
 * tokens: names are 2-4 syllable words next to a role word. Chinese ones
 * ("（记者 张三）") take the Han words after a 记者/文/作者 marker. Latin ones
 * are cut into segments at commas, "and", "|", "/" and the like, and each
 * segment is a person, an agency, a role ("Staff Writer"), a date, or
 * unknown. The strict form accepts a line only when nothing is unknown,
 * which is what keeps "By Monday, the talks had stalled." in the body.
 */
#include "byline.h"
#include "buf.h"
#include "error.h"
#include "ustr.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

struct found {
	gisa_strv persons;
	gisa_strv agencies;
	int roles;   /* role words or segments seen */
	int unknown; /* segments that are none of the known kinds */
	int prefix;  /* began with "By" or the like */
	int text;    /* text follows the byline ("홍길동 기자 = 본문") */
	int err;
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int ends_sentence(const char *s);

static const char *const agencies[] = {
	"reuters", "thomson reuters", "ap", "associated press", "afp",
	"agence france-presse", "agence france presse", "yonhap",
	"yonhap news", "yonhap news agency", "bloomberg", "bloomberg news",
	"xinhua", "xinhua news agency", "kyodo", "kyodo news", "jiji",
	"jiji press", "dpa", "efe", "ansa", "bernama", "pti", "ians", "ani",
	"anadolu", "anadolu agency", "tass", "ria novosti", "upi",
	"united press international", "aap", "canadian press",
	"press association", "pa media", "newsis", "news1", "korea bizwire",
	"kbs", "afp-yonhap", "ap-yonhap", "xinhua-yonhap",
	"연합뉴스", "연합", "뉴시스", "뉴스1", "新华社", "新華社", "中新社",
	"中新网", "共同通信", "共同通信社", "時事通信", "時事通信社", "路透社",
	"法新社", "美联社", "美聯社", "ロイター", NULL };

/* Words that make a segment a job title rather than a name. */
static const char *const roles[] = {
	"writer", "writers", "reporter", "reporters", "correspondent",
	"correspondents", "editor", "editors", "staff", "columnist",
	"contributor", "contributing", "journalist", "chief", "bureau",
	"analyst", "producer", "photographer", "photographers", "intern",
	"senior", "associate", "deputy", "special", "editorial", "freelance",
	"desk", "team", "board", "assistant", "managing", "executive",
	"political", "economics", "economic", "business", "sports", "science",
	"health", "technology", "tech", "diplomatic", "defense", "defence",
	"foreign", "national", "international", "global", "investigative",
	"data", "video", "multimedia", "visual", "graphics", "reporting",
	"writing", "editing", "principal", "director", "host", "anchor",
	"commentator", "critic", "guest", "opinion", "affairs", "culture",
	"entertainment", "markets", "finance", "travel", "food", "lifestyle",
	"metro", "local", "white", "house", "capitol", "hill",
	NULL };

/* Words that make a capitalized segment an outlet or a link, not a
 * person. */
static const char *const outlet_words[] = {
	"times", "post", "herald", "news", "daily", "journal", "press",
	"tribune", "agency", "media", "magazine", "ilbo", "sinmun", "network",
	"tv", "radio", "online", "group", "service", "wire", "broadcasting",
	"corporation", "inc", "ltd", "llc", "com", "org", "the", "updated",
	"published", "posted", "share", "print", "email", "comments",
	/* a footer's links: "Data Protection Policy", "Terms of Use" */
	"policy", "privacy", "protection", "terms", "conditions", "notice",
	"cookies", "cookie", "settings", "rights", "reserved", "advertise",
	"subscribe", "subscription", "newsletter", "newsletters", "contact",
	"sitemap", "careers", "faq", "help", "guidelines",
	NULL };

static const char *const particles[] = {
	"de", "da", "das", "do", "dos", "du", "del", "della", "der", "den",
	"di", "van", "von", "la", "le", "bin", "binti", "ibn", "al", "el",
	"y", "ter", "ten", "zu", "st.", NULL };

static const char *const korean_surnames[] = {
	"kim", "lee", "yi", "rhee", "park", "pak", "bak", "choi", "choe",
	"jung", "jeong", "chung", "kang", "cho", "jo", "yoon", "yun", "jang",
	"chang", "lim", "im", "han", "oh", "seo", "suh", "shin", "sin",
	"kwon", "hwang", "ahn", "an", "song", "yoo", "yu", "ryu", "hong",
	"jeon", "chun", "ko", "go", "moon", "mun", "yang", "son", "sohn",
	"bae", "baek", "paik", "heo", "huh", "nam", "shim", "sim", "noh",
	"roh", "ha", "kwak", "sung", "seong", "cha", "joo", "ju", "woo", "koo",
	"ku", "min", "na", "jin", "ji", "um", "eom", "chae", "won", "bang",
	"gong", "kong", "hyun", "yeo", "chu", "do", "byun", "pyo", "ma", "gil",
	"yeon", "wi", "ok", "myung", "tak", "kook", "seok", "rho", "doh",
	NULL };

/* Korean role words after a name. */
static const char *const ko_roles[] = {
	"기자", "특파원", "선임기자", "전문기자", "객원기자", "인턴기자",
	"수습기자", "대기자", "논설위원", "편집위원", "논설실장", "칼럼니스트",
	"통신원", "리포터", "에디터", "기자단", "앵커", "선임연구위원",
	"부국장", "차장", "부장", "국장", NULL };

/* Korean words that may sit in a byline without being names. */
static const char *const ko_known[] = {
	"글", "사진", "정리", "취재", "영상", "그래픽", "편집", "디자인",
	"촬영", "글사진", "데스크", "취재팀", "편집국", "입력", "수정", "송고",
	"오전", "오후", NULL };

static const char *const zh_markers[] = {
	"记者", "記者", "文/", "文 /", "作者", "撰文", "文｜", "文|", NULL };

static const char *const zh_stops[] = {
	"报道", "報導", "摄影", "攝影", "编辑", "編輯", "责任编辑", "責任編輯",
	"通讯员", "通訊員", "本报", "本報", "实习生", "實習生", "作者", "撰文",
	"记者", "記者", NULL };

/* The first byte rules out most entries before any strlen (tolower as
 * strncasecmp folds). */
static int in_list_ci(const char *s, size_t n, const char *const *list)
{
	int c0 = n ? tolower((unsigned char)s[0]) : 0;

	for (; *list; list++)
		if ((!n || tolower((unsigned char)**list) == c0) &&
		    strlen(*list) == n && strncasecmp(s, *list, n) == 0)
			return 1;
	return 0;
}

static int in_list(const char *s, size_t n, const char *const *list)
{
	for (; *list; list++)
		if ((!n || **list == *s) && strlen(*list) == n &&
		    memcmp(s, *list, n) == 0)
			return 1;
	return 0;
}

/* strcasestr without the feature macro: ASCII case-insensitive. */
static char *ci_find(const char *hay, const char *needle)
{
	size_t nl = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, nl) == 0)
			return (char *)hay;
	return NULL;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Trim spaces and the punctuation that hugs bylines. */
static void trim(const char **s, size_t *n)
{
	static const char junk[] = " \t\r\n,.;:-|*\"'()[]";
	const char *p = *s;
	size_t len = *n;

	while (len && strchr(junk, *p)) {
		p++;
		len--;
	}
	while (len && strchr(junk, p[len - 1])) {
		/* keep the dot of a final initial ("Jr.", "J.") */
		if (p[len - 1] == '.' && len >= 3 && p[len - 3] == ' ')
			break;
		if (p[len - 1] == '.' && len >= 4 && p[len - 4] == ' ' &&
		    (p[len - 3] == 'J' || p[len - 3] == 'S') && p[len - 2] == 'r')
			break;
		len--;
	}
	*s = p;
	*n = len;
}

static int agency_n(const char *s, size_t n)
{
	trim(&s, &n);
	if (n > 4 && strncasecmp(s, "the ", 4) == 0) {
		s += 4;
		n -= 4;
	}
	return in_list_ci(s, n, agencies);
}

int gisa_byline_agency(const char *s)
{
	return s ? agency_n(s, strlen(s)) : 0;
}

size_t gisa_byline_people(const gisa_strv *names)
{
	size_t n = 0;

	for (size_t i = 0; i < names->n; i++)
		n += !gisa_byline_agency(names->v[i]);
	return n;
}

/* The last word of a newspaper's or network's name. */
static const char *const masthead_words[] = {
	"times", "post", "herald", "news", "daily", "journal", "tribune",
	"gazette", "star", "inquirer", "guardian", "telegraph", "chronicle",
	"ilbo", "sinmun", "shimbun", "observer", "nation", "standard",
	"express", "mail", "globe", "mirror", "independent", "review",
	"monitor", "today", "weekly", "network", "agency", "press",
	"broadcasting", NULL };

/* One outlet: an agency, or up to six capitalized words ending in a
 * masthead word ("The Korea Herald", "Asia News Network"). */
static int outlet_n(const char *s, size_t n)
{
	size_t words = 0, last = 0;

	trim(&s, &n);
	if (!n)
		return 0;
	if (agency_n(s, n))
		return 1;
	for (size_t i = 0; i < n;) {
		if (!gisa_u8_upper((unsigned char)s[i]))
			return 0;
		last = i;
		while (i < n && s[i] != ' ')
			i++;
		while (i < n && s[i] == ' ')
			i++;
		words++;
	}
	return words <= 6 && in_list_ci(s + last, n - last, masthead_words);
}

int gisa_byline_outlet(const char *s)
{
	size_t n;

	if (!s || strlen(s) > 120)
		return 0;
	for (;;) { /* "The Korea Herald/Asia News Network" */
		n = strcspn(s, "/");
		if (!outlet_n(s, n))
			return 0;
		if (!s[n])
			return 1;
		s += n + 1;
	}
}

int gisa_byline_pair(const char *name, const char *outlet, gisa_strv *names)
{
	gisa_strv tmp = GISA_STRV_INIT;
	char by[128];
	int rc;

	if (!name || !outlet || strlen(name) + 4 >= sizeof by ||
	    strpbrk(name, ",;:|/()[]") || ends_sentence(name) ||
	    gisa_byline_agency(name) || !gisa_byline_outlet(outlet))
		return 0;
	snprintf(by, sizeof by, "By %s", name);
	rc = gisa_byline_match(by, &tmp);
	for (size_t i = 0; rc > 0 && names && i < tmp.n; i++)
		if (gisa_strv_find(names, tmp.v[i]) < 0 &&
		    gisa_strv_push(names, tmp.v[i]) < 0)
			rc = GISA_ENOMEM;
	gisa_strv_clear(&tmp);
	return rc;
}

static int push_unique(gisa_strv *sv, const char *s, size_t n)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strlen(sv->v[i]) == n && memcmp(sv->v[i], s, n) == 0)
			return 0;
	return gisa_strv_pushn(sv, s, n);
}

/* ---- re-casing ALL-CAPS names ---------------------------------------- */

static int all_caps(const char *s, size_t n)
{
	int upper = 0;
	uint32_t cp;

	for (size_t i = 0; i < n;) {
		i += gisa_u8_next(s + i, n - i, &cp);
		if (gisa_u8_lower(cp))
			return 0;
		upper += gisa_u8_upper(cp);
	}
	return upper >= 2;
}

/* "LEE HO-JEONG" -> "Lee Ho-jeong"; "JEAN-PAUL DUPONT" -> "Jean-Paul
 * Dupont". Korean romanized given names lower-case after the hyphen. */
static char *recase(const char *s, size_t n)
{
	gisa_buf b = GISA_BUF_INIT;
	size_t first_end = 0;
	int korean, word_start = 1, hyphen_lower = 0;
	uint32_t cp;

	while (first_end < n && s[first_end] != ' ')
		first_end++;
	korean = in_list_ci(s, first_end, korean_surnames);
	for (size_t i = 0; i < n;) {
		size_t k = gisa_u8_next(s + i, n - i, &cp);
		uint32_t out = cp;
		char enc[4];
		if (cp == ' ') {
			word_start = 1;
			hyphen_lower = 0;
		} else if (cp == '-') {
			word_start = 1;
			hyphen_lower = korean && i > first_end;
		} else if (word_start) {
			out = hyphen_lower ? (uint32_t)utf8proc_tolower(
						     (utf8proc_int32_t)cp)
					   : (uint32_t)utf8proc_toupper(
						     (utf8proc_int32_t)cp);
			word_start = cp == '\'' ? 1 : 0;
		} else {
			out = (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
		}
		utf8proc_ssize_t el = utf8proc_encode_char(
			(utf8proc_int32_t)out, (utf8proc_uint8_t *)enc);
		if (gisa_buf_append(&b, enc, (size_t)el) < 0) {
			gisa_buf_free(&b);
			return NULL;
		}
		i += k;
	}
	return gisa_buf_detach(&b);
}

static void add_person(struct found *f, const char *s, size_t n)
{
	char *re;

	if (f->err)
		return;
	if (!all_caps(s, n)) {
		if (push_unique(&f->persons, s, n) < 0)
			f->err = GISA_ENOMEM;
		return;
	}
	re = recase(s, n);
	if (!re || push_unique(&f->persons, re, strlen(re)) < 0)
		f->err = GISA_ENOMEM;
	free(re);
}

static void add_agency(struct found *f, const char *s, size_t n)
{
	char *re = NULL;

	trim(&s, &n);
	if (f->err)
		return;
	if (n > 4 && all_caps(s, n)) { /* "REUTERS", not "AFP" */
		if (!(re = recase(s, n))) {
			f->err = GISA_ENOMEM;
			return;
		}
		s = re;
		n = strlen(re);
	}
	if (push_unique(&f->agencies, s, n) < 0)
		f->err = GISA_ENOMEM;
	free(re);
}

/* ---- Latin names ----------------------------------------------------- */

static int word_ok(const char *w, size_t n, int first)
{
	uint32_t cp;
	size_t k;

	if (!first && in_list_ci(w, n, particles) && !gisa_u8_upper(
		    (unsigned char)w[0]))
		return 1;
	k = gisa_u8_next(w, n, &cp);
	if (!gisa_u8_upper(cp))
		return 0;
	for (size_t i = k; i < n; i += k) {
		k = gisa_u8_next(w + i, n - i, &cp);
		if (cp == '-' || cp == '.' || cp == '\'' || cp == 0x2019)
			continue;
		if (!gisa_u8_alnum(cp) || (cp >= '0' && cp <= '9'))
			return 0;
	}
	return 1;
}

/* Whether s[0..n) is a person's name: 2-5 capitalized words (particles
 * allowed inside), none of them an outlet word. */
static int name_ok(const char *s, size_t n)
{
	int words = 0, real = 0;

	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && s[j] != ' ')
			j++;
		if (j > i) {
			if (!word_ok(s + i, j - i, words == 0) ||
			    in_list_ci(s + i, j - i, outlet_words))
				return 0;
			words++;
			real += !in_list_ci(s + i, j - i, particles);
		}
		i = j + 1;
	}
	return words >= 2 && words <= 5 && real >= 2;
}

/* Drop leading and trailing role words; returns how many went. */
static int strip_roles(const char **s, size_t *n)
{
	int dropped = 0;

	for (;;) {
		size_t j = 0;
		while (j < *n && (*s)[j] != ' ')
			j++;
		if (!j || !in_list_ci(*s, j, roles))
			break;
		*s += j;
		*n -= j;
		trim(s, n);
		dropped++;
	}
	for (;;) {
		size_t j = *n;
		while (j > 0 && (*s)[j - 1] != ' ')
			j--;
		if (j == *n || !in_list_ci(*s + j, *n - j, roles))
			break;
		*n = j;
		trim(s, n);
		dropped++;
	}
	return dropped;
}

/* Cut " in Seoul", " from Washington", " for The Guardian" off a name. */
static void strip_place(const char *s, size_t *n)
{
	/* each begins with a space */
	static const char *const preps[] = { " in ", " at ", " from ",
					     " for ", " reporting from ",
					     " aus ", " en ", NULL };

	for (size_t i = 0; i < *n; i++)
		for (const char *const *p = preps; *p && s[i] == ' '; p++) {
			size_t pl = strlen(*p);
			if (i + pl < *n && strncmp(s + i, *p, pl) == 0) {
				uint32_t cp;
				gisa_u8_next(s + i + pl, *n - i - pl, &cp);
				if (gisa_u8_upper(cp)) {
					*n = i;
					return;
				}
			}
		}
}

static int has_digit(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9')
			return 1;
	return 0;
}

static void latin_segment(struct found *f, const char *s, size_t n)
{
	trim(&s, &n);
	if (!n)
		return;
	if (has_digit(s, n))
		return; /* a date or a time next to the names */
	if (agency_n(s, n)) {
		add_agency(f, s, n);
		return;
	}
	strip_place(s, &n);
	trim(&s, &n);
	if (strip_roles(&s, &n)) {
		f->roles++;
		if (!n)
			return;
		if (agency_n(s, n)) {
			add_agency(f, s, n);
			return;
		}
	}
	if (name_ok(s, n))
		add_person(f, s, n);
	else
		f->unknown++;
}

/* Blank out (in place) e-mail addresses, URLs, handles, and bracketed
 * groups holding one of them, a date or a dateline ("(서울=연합뉴스)"). An
 * agency in brackets is noted, then blanked. */
static void blank_contacts(struct found *f, char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n; i++) {
		char close = s[i] == '(' ? ')' : s[i] == '[' ? ']' :
			     s[i] == '<' ? '>' : 0;
		char *e;
		size_t gl;
		if (!close || !(e = memchr(s + i + 1, close, n - i - 1)))
			continue;
		gl = (size_t)(e - (s + i)) + 1;
		if (agency_n(s + i + 1, gl - 2))
			add_agency(f, s + i + 1, gl - 2);
		memset(s + i, ' ', gl);
		i += gl - 1;
	}
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && !is_space(s[j]))
			j++;
		if (memchr(s + i, '@', j - i) || strncasecmp(s + i, "http", 4)
		    == 0 || strncasecmp(s + i, "www.", 4) == 0)
			memset(s + i, ' ', j - i);
		i = j + 1;
	}
}

static const char *const latin_prefixes[] = {
	"written by ", "words by ", "story by ", "text by ", "posted by ",
	"by: ", "by:", "by ", "von ", "par ", "por ", "di ", "author: ",
	"authors: ", "autor: ", "auteur: ", "reporter: ", "text: ", NULL };

/* Every entry begins with a space: split_latin tries them only there. */
static const char *const word_seps[] = {
	" and ", " und ", " et ", " y ", " e ", " - ", " – ", " — ",
	" with ", NULL };

/* Segments of a Latin byline, separated by '\x1f'. */
static char *split_latin(const char *s)
{
	gisa_buf b = GISA_BUF_INIT;
	int rc = 0;

	for (size_t i = 0; s[i] && rc == 0;) {
		size_t sl = 0;
		if (strchr(",;|/&\n", s[i]))
			sl = 1;
		else if (!strncmp(s + i, "\xC2\xB7", 2))
			sl = 2;
		else if (s[i] == ' ')
			for (const char *const *p = word_seps; *p && !sl; p++)
				if (tolower((unsigned char)s[i + 1]) ==
				    tolower((unsigned char)(*p)[1]) &&
				    strncasecmp(s + i, *p, strlen(*p)) == 0)
					sl = strlen(*p);
		if (sl) {
			rc = gisa_buf_putc(&b, '\x1f');
			i += sl;
		} else {
			rc = gisa_buf_putc(&b, s[i++]);
		}
	}
	if (rc < 0) {
		gisa_buf_free(&b);
		return NULL;
	}
	return gisa_buf_detach(&b);
}

static void latin(struct found *f, char *s)
{
	char *segs, *p;

	blank_contacts(f, s);
	while (is_space(*s))
		s++;
	for (const char *const *pre = latin_prefixes; *pre; pre++)
		if (strncasecmp(s, *pre, strlen(*pre)) == 0) {
			s += strlen(*pre);
			f->prefix = 1;
			break;
		}
	if (!(segs = split_latin(s))) {
		f->err = GISA_ENOMEM;
		return;
	}
	for (p = segs; !f->err;) {
		char *e = strchr(p, '\x1f');
		latin_segment(f, p, e ? (size_t)(e - p) : strlen(p));
		if (!e)
			break;
		p = e + 1;
	}
	free(segs);
}

/* ---- Hangul bylines -------------------------------------------------- */

static size_t syllables(const char *s, size_t n, int *only_hangul)
{
	size_t count = 0;
	uint32_t cp;

	*only_hangul = 1;
	for (size_t i = 0; i < n;) {
		i += gisa_u8_next(s + i, n - i, &cp);
		count++;
		if (!gisa_u8_hangul(cp))
			*only_hangul = 0;
	}
	return count;
}

static int ends_with_role(const char *s, size_t n, size_t *name_len)
{
	for (const char *const *r = ko_roles; *r; r++) {
		size_t rl = strlen(*r);
		if (n > rl && memcmp(s + n - rl, *r, rl) == 0) {
			*name_len = n - rl;
			return 1;
		}
	}
	return 0;
}

static int is_dept(const char *s, size_t n, size_t syl)
{
	static const char *const depts[] = { "편집국", "보도국", "뉴스국",
					     NULL };
	if (in_list(s, n, depts))
		return 1;
	if (syl < 3 || n < 3)
		return 0;
	return !memcmp(s + n - 3, "부", 3) || !memcmp(s + n - 3, "팀", 3);
}

/* Names wait in a pending list until a role word ("기자") confirms them:
 * "김정은 위원장 현지지도" has no role and yields nothing. */
struct kstate {
	const char *pend[8];
	size_t plen[8];
	size_t npend;
	int spaced; /* pending names were separated by a space */
	int stop;
};

static void commit(struct found *f, struct kstate *k)
{
	for (size_t i = 0; i < k->npend; i++)
		add_person(f, k->pend[i], k->plen[i]);
	k->npend = 0;
	k->spaced = 0;
}

static void pend(struct kstate *k, const char *t, size_t n, int spaced)
{
	if (k->npend < 8) {
		k->spaced |= spaced && k->npend > 0;
		k->pend[k->npend] = t;
		k->plen[k->npend++] = n;
	}
}

static void korean_token(struct found *f, struct kstate *k, const char *t,
			 size_t n, int spaced)
{
	int hangul;
	size_t syl, nl;

	if (memchr(t, '@', n) || (t[0] >= '0' && t[0] <= '9'))
		return;
	syl = syllables(t, n, &hangul);
	if (!hangul) {
		f->unknown++;
		k->npend = 0;
		return;
	}
	if (n == 3 && !memcmp(t, "외", 3)) {
		k->stop = 1;
	} else if (in_list(t, n, ko_roles)) {
		f->roles++;
		commit(f, k);
	} else if (in_list(t, n, ko_known) || is_dept(t, n, syl)) {
		return;
	} else if (agency_n(t, n)) {
		add_agency(f, t, n);
	} else if (syl >= 2 && syl <= 4) {
		pend(k, t, n, spaced);
	} else if (ends_with_role(t, n, &nl) && nl >= 6 && nl <= 12) {
		pend(k, t, nl, spaced);
		f->roles++;
		commit(f, k);
	} else {
		f->unknown++;
		k->npend = 0;
	}
}

/* Where the byline part of a Korean line ends: "홍길동 기자 = 본문" stops
 * at the "="; a short "워싱턴=" or "글·사진=" before the names is skipped. */
static int has_letters(const char *s)
{
	size_t n = strlen(s);
	uint32_t cp;

	for (size_t i = 0; i < n;) {
		i += gisa_u8_next(s + i, n - i, &cp);
		if (gisa_u8_alnum(cp))
			return 1;
	}
	return 0;
}

static char *korean_span(char *s, int *text)
{
	char *eq;
	size_t nl;

	while (is_space(*s))
		s++;
	if (*s == '(' || *s == '[' || !strncmp(s, "【", 3) ||
	    !strncmp(s, "〔", 3)) {
		char *e = strpbrk(s, ")]");
		char *e2 = strstr(s, "】");
		char *e3 = strstr(s, "〕");
		if (!e || (e2 && e2 < e))
			e = e2;
		if (!e || (e3 && e3 < e))
			e = e3;
		if (e && e - s < 64 && memchr(s, '=', (size_t)(e - s)))
			s = e + (*e == ')' || *e == ']' ? 1 : 3);
	}
	while ((eq = strchr(s, '='))) {
		const char *b = s;
		size_t bl = (size_t)(eq - s);
		trim(&b, &bl);
		if (ends_with_role(b, bl, &nl) || in_list(b, bl, ko_roles) ||
		    bl > 24) {
			*text = has_letters(eq + 1);
			*eq = '\0';
			break;
		}
		s = eq + 1;
	}
	return s;
}

static int korean_sep(uint32_t cp)
{
	return cp == 0x318D || /* the Hangul letter araea, used as a dot */
	       !(gisa_u8_hangul(cp) || gisa_u8_alnum(cp) || cp == '@' ||
		 cp == '.' || cp == '_' || cp == '-');
}

static void korean(struct found *f, char *s)
{
	struct kstate k = { { 0 }, { 0 }, 0, 0, 0 };
	size_t n;
	uint32_t cp;
	int spaced = 0;

	s = korean_span(s, &f->text);
	n = strlen(s);
	for (size_t i = 0; i < n && !k.stop && !f->err;) {
		size_t len = gisa_u8_next(s + i, n - i, &cp), start;
		if (korean_sep(cp)) {
			spaced |= cp == ' ';
			i += len;
			continue;
		}
		start = i;
		while (i < n) {
			len = gisa_u8_next(s + i, n - i, &cp);
			if (korean_sep(cp))
				break;
			i += len;
		}
		const char *t = s + start;
		size_t tl = i - start;
		while (tl && (t[tl - 1] == '.' || t[tl - 1] == '-'))
			tl--;
		if (tl)
			korean_token(f, &k, t, tl, spaced);
		spaced = 0;
	}
	/* without a role word, only a lone name or a dotted list counts */
	if (!f->roles && !k.spaced)
		commit(f, &k);
}

/* ---- Chinese bylines ------------------------------------------------- */

static int chinese(struct found *f, const char *s)
{
	const char *m = NULL, *p = NULL;
	size_t n;
	uint32_t cp;

	for (const char *const *z = zh_markers; *z; z++) {
		const char *hit = strstr(s, *z);
		if (hit && (!m || hit < m)) {
			m = hit;
			p = hit + strlen(*z);
		}
	}
	if (!m)
		return 0;
	f->roles++;
	n = strlen(p);
	for (size_t i = 0; i < n && !f->err;) {
		size_t k = gisa_u8_next(p + i, n - i, &cp), start, chars = 0;
		if (cp == ')' || cp == 0xFF09 || cp == 0x3011)
			break;
		if (!gisa_u8_ideo(cp)) {
			if (gisa_u8_alnum(cp) && !(cp >= '0' && cp <= '9'))
				f->unknown++;
			i += k;
			continue;
		}
		start = i;
		while (i < n) {
			k = gisa_u8_next(p + i, n - i, &cp);
			if (!gisa_u8_ideo(cp))
				break;
			i += k;
			chars++;
		}
		if (in_list(p + start, i - start, zh_stops))
			break;
		if (chars >= 2 && chars <= 4)
			add_person(f, p + start, i - start);
		else
			f->unknown++;
	}
	return 1;
}

/* ---- sign-off credits ------------------------------------------------ */

/* Where the names of the sign-off's authors start: after "Reporting by"
 * that is not additional reporting; failing that, after "Writing by"
 * (a desk writer whose helpers are only credited); failing that, after
 * "Additional reporting by". NULL when there is none. */
static char *authors_start(char *s)
{
	char *q = s, *extra = NULL;

	while ((q = ci_find(q, "reporting by"))) {
		if (q - s < 11 || strncasecmp(q - 11, "additional ", 11))
			return q + 12;
		if (!extra)
			extra = q + 12;
		q += 12;
	}
	if ((q = ci_find(s, "writing by")))
		return q + 10; /* also "Reporting and writing by" */
	return extra;
}

/* "Reporting by A in Seoul and B; Editing by C": the reporters. */
static int credit(struct found *f, char *s)
{
	static const char *const ends[] = {
		", additional", " additional", ", writing", " writing by",
		", editing", " editing by", ", compiled", " compiled by",
		" and writing", ", graphics", ", photos", NULL };
	char *p = authors_start(s), *end;

	if (!p)
		return 0;
	end = p + strcspn(p, ";)");
	for (const char *const *e = ends; *e; e++) {
		char *hit = ci_find(p, *e);
		if (hit && hit < end)
			end = hit;
	}
	*end = '\0';
	blank_contacts(f, p);
	for (char *seg = p; seg && !f->err;) {
		char *next = NULL, *comma = strchr(seg, ','),
		     *and = ci_find(seg, " and ");
		size_t n;
		if (comma && (!and || comma < and)) {
			*comma = '\0';
			next = comma + 1;
		} else if (and) {
			*and = '\0';
			next = and + 5;
		}
		n = strlen(seg);
		strip_place(seg, &n);
		const char *t = seg;
		trim(&t, &n);
		if (name_ok(t, n))
			add_person(f, t, n);
		seg = next;
	}
	return 1;
}

/* ---- entry points ---------------------------------------------------- */

/* Whether a Latin line ends like a sentence ("... had stalled."), which a
 * byline never does (a final initial such as "Jr." aside). */
static int ends_sentence(const char *s)
{
	size_t n = strlen(s), w;

	while (n && is_space(s[n - 1]))
		n--;
	if (!n || !strchr(".!?", s[n - 1]))
		return 0;
	if (s[n - 1] != '.')
		return 1;
	w = n - 1;
	while (w && !is_space(s[w - 1]))
		w--;
	return n - w > 4;
}

enum script { S_LATIN, S_KOREAN, S_CHINESE };

static int strict_ok(const struct found *f, enum script sc, const char *s)
{
	size_t persons = f->persons.n, nagencies = f->agencies.n;

	if (f->unknown || f->text || persons + nagencies == 0 || persons > 8)
		return 0;
	switch (sc) {
	case S_KOREAN:
		return f->roles > 0 && persons > 0;
	case S_CHINESE:
		return persons > 0 && strlen(s) <= 80;
	default:
		if (ends_sentence(s) || strlen(s) > 300)
			return 0;
		/* "Jane Doe/John Roe": names joined by slashes alone */
		return f->prefix || (persons && (nagencies || f->roles)) ||
		       (persons >= 2 && strchr(s, '/') && !strpbrk(s, ",;&"));
	}
}

static int parse(const char *s, gisa_strv *names, int strict)
{
	struct found f = { GISA_STRV_INIT, GISA_STRV_INIT, 0, 0, 0, 0, 0 };
	enum script sc = S_LATIN;
	gisa_strv *pick;
	char *w;
	int added = 0;

	if (!s || !names)
		return GISA_EINVAL;
	if (strlen(s) > GISA_BYLINE_MAX)
		return GISA_ELIMIT;
	if (!(w = strdup(s)))
		return GISA_ENOMEM;
	if (!strict && credit(&f, w))
		goto pick;
	if (gisa_u8_has(w, gisa_u8_hangul)) {
		sc = S_KOREAN;
		korean(&f, w);
	} else if (gisa_u8_has(w, gisa_u8_ideo) && chinese(&f, w)) {
		sc = S_CHINESE;
	} else {
		latin(&f, w);
	}
	if (strict && !f.err && !strict_ok(&f, sc, s))
		goto out;
pick:
	pick = f.persons.n ? &f.persons : &f.agencies;
	for (size_t i = 0; i < pick->n && !f.err; i++) {
		if (gisa_strv_find(names, pick->v[i]) >= 0)
			continue;
		if (gisa_strv_push(names, pick->v[i]) < 0)
			f.err = GISA_ENOMEM;
		else
			added++;
	}
out:
	free(w);
	gisa_strv_clear(&f.persons);
	gisa_strv_clear(&f.agencies);
	return f.err ? f.err : added;
}

int gisa_byline_parse(const char *s, gisa_strv *names)
{
	return parse(s, names, 0);
}

int gisa_byline_match(const char *s, gisa_strv *names)
{
	return parse(s, names, 1);
}
