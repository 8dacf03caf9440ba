/* title.c - headlines: wire labels off them, and finding them in plain
 * text (see title.h). */
#include "title.h"
#include "boiler.h"
#include "byline.h"
#include "dateline.h"
#include "error.h"
#include "text.h"
#include "ustr.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- labels ------------------------------------------------------------ */

static const char *const paren_labels[] = {
	"LEAD", "URGENT", "BREAKING", "Breaking", "UPDATE", "UPDATED",
	"Update", "Updated", "EXCLUSIVE", "Exclusive", "News Focus",
	"News Analysis", "Yonhap Interview", "Yonhap Feature",
	"Yonhap Special", "Interview", "INTERVIEW", "Feature", "FEATURE",
	"Analysis", "ANALYSIS", "Editorial", "EDITORIAL", "Opinion",
	"OPINION", "Photo", "PHOTO", "Photos", "PHOTOS", "Video", "VIDEO",
	"LIVE", "Live", "Correction", "CORRECTED", "FACTBOX", "Factbox",
	"Explainer", "EXPLAINER", "Graphic", "GRAPHIC", "Profile",
	"Newsmaker", "News Feature", "Herald Interview", "Weekender",
	"속보", "단독", "종합", "인터뷰", "포토", "사진", "영상", "르포", "사설",
	"칼럼", "팩트체크", "그래픽", "기획", "이슈", "速報", "独自", "快讯",
	"独家", NULL };

static const char *const dash_labels[] = {
	"UPDATE", "EXCLUSIVE", "REFILE", "CORRECTED", "WRAPUP", "FACTBOX",
	"ANALYSIS", "INSIGHT", "BREAKINGVIEWS", "RPT", "COLUMN", "FEATURE",
	"EXPLAINER", "POLL", "INTERVIEW", "TIMELINE", "BRIEF", "GRAPHIC",
	"LIVE", "SNAP ANALYSIS", NULL };

static const char *const colon_labels[] = {
	"breaking:", "breaking news:", "exclusive:", "update:", "updated:",
	"watch:", "live:", "video:", "photos:", "analysis:", "factbox:",
	"explainer:", NULL };

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* "2nd LD", "3rd LD", "LEAD", "2보", "종합2보", "UPDATE 1". */
static int paren_label(const char *s, size_t n)
{
	size_t d = 0;

	for (const char *const *l = paren_labels; *l; l++)
		if (strlen(*l) == n && memcmp(s, *l, n) == 0)
			return 1;
	while (d < n && is_digit(s[d]))
		d++;
	if (d && n >= d + 5 && !memcmp(s + n - 3, " LD", 3))
		return 1; /* "2nd LD" */
	if (n >= 3 && !memcmp(s + n - 3, "보", 3) &&
	    (d == n - 3 || (n > 9 && !memcmp(s, "종합", 6))))
		return 1; /* "2보", "종합2보" */
	return n > 7 && !memcmp(s, "UPDATE ", 7) && is_digit(s[7]);
}

/* A leading "[속보]" / "[INTERVIEW]" / "【速報】": short, no sentence
 * punctuation inside. Returns the bytes to skip, or 0. */
static size_t bracket_label(const char *s)
{
	const char *close;
	size_t ol, cl;

	if (*s == '[') {
		ol = 1;
		close = strchr(s, ']');
		cl = 1;
	} else if (!strncmp(s, "【", 3)) {
		ol = 3;
		close = strstr(s, "】");
		cl = 3;
	} else {
		return 0;
	}
	if (!close || close - s > 40 || close - s <= (long)ol ||
	    memchr(s, '.', (size_t)(close - s)) ||
	    memchr(s, '?', (size_t)(close - s)) ||
	    memchr(s, '!', (size_t)(close - s)))
		return 0;
	return (size_t)(close - s) + cl;
}

/* The part of a series after its rubric: " ①" (U+2460-2473). Returns
 * the bytes to skip, or 0. */
static size_t part_number(const char *s)
{
	size_t sp = 0;

	while (s[sp] == ' ')
		sp++;
	if ((unsigned char)s[sp] == 0xE2 && (unsigned char)s[sp + 1] == 0x91 &&
	    (unsigned char)s[sp + 2] >= 0xA0 && (unsigned char)s[sp + 2] <= 0xB3)
		return sp + 3;
	return 0;
}

/* "UPDATE 2-", "EXCLUSIVE-", "Breaking:". */
static size_t word_label(const char *s)
{
	for (const char *const *l = dash_labels; *l; l++) {
		size_t n = strlen(*l);
		if (strncmp(s, *l, n))
			continue;
		if (s[n] == ' ' && is_digit(s[n + 1])) {
			n += 2;
			while (is_digit(s[n]))
				n++;
		}
		if (s[n] == '-' && s[n + 1] && s[n + 1] != ' ')
			return n + 1;
	}
	for (const char *const *l = colon_labels; *l; l++)
		if (strncasecmp(s, *l, strlen(*l)) == 0)
			return strlen(*l);
	return 0;
}

/* " By Reuters": a portal's agency credit glued to the headline (a
 * capital "By": "... honoured by Reuters" is the headline's own). */
static int cut_agency(char *s)
{
	char *by = NULL;

	for (char *q = s; *q; q++)
		if (!strncmp(q, " By ", 4))
			by = q;
	if (!by || by == s || !gisa_byline_agency(by + 4))
		return 0;
	*by = '\0';
	gisa_u8_trim_spaces(s);
	return 1;
}

/* Cut a "-Breaking" / "(LEAD)" / "(종합2보)" / " By Reuters" suffix;
 * returns 1 if cut. */
static int cut_suffix(char *s)
{
	static const char *const breaking[] = { "-breaking", "- breaking",
						"– breaking", "— breaking",
						"| breaking", "(breaking)",
						NULL };
	size_t n = strlen(s);
	char *open;

	for (const char *const *b = breaking; *b; b++) {
		size_t bl = strlen(*b);
		if (n > bl + 3 && strcasecmp(s + n - bl, *b) == 0) {
			s[n - bl] = '\0';
			gisa_u8_trim_spaces(s);
			return 1;
		}
	}
	if (n > 4 && s[n - 1] == ')' && (open = strrchr(s, '(')) &&
	    open > s && paren_label(open + 1, (size_t)(s + n - 1 - open - 1))) {
		*open = '\0';
		gisa_u8_trim_spaces(s);
		return 1;
	}
	return cut_agency(s);
}

char *gisa_title_clean(const char *title)
{
	char *s = gisa_text_clean(title, strlen(title));
	int changed = 1;

	while (s && changed && *s) {
		size_t skip = 0;
		const char *close;
		changed = 0;
		if (*s == '(' && (close = strchr(s, ')')) &&
		    paren_label(s + 1, (size_t)(close - s - 1)))
			skip = (size_t)(close - s) + 1;
		else if ((skip = bracket_label(s)))
			skip += part_number(s + skip);
		else
			skip = word_label(s);
		if (skip && s[skip]) {
			memmove(s, s + skip, strlen(s + skip) + 1);
			gisa_u8_trim_spaces(s);
			changed = 1;
		}
		changed |= cut_suffix(s);
	}
	return s;
}

/* ---- the headline of plain text ---------------------------------------- */

static int title_words(const char *s)
{
	int words = 0, ideo = 0, in = 0, word_ideo = 0;
	size_t n = strlen(s);
	uint32_t cp;

	for (size_t i = 0; i <= n;) {
		size_t k = i < n ? gisa_u8_next(s + i, n - i, &cp) : 1;
		if (i == n || cp == ' ') {
			words += in && !word_ideo;
			in = word_ideo = 0;
		} else {
			in = 1;
			if (gisa_u8_ideo(cp)) {
				ideo++;
				word_ideo = 1;
			}
		}
		i += k;
	}
	return words + ideo / 2;
}

static void split(const char *s, const char *sep, gisa_strv *out)
{
	size_t sl = strlen(sep);

	while (s && *s) {
		const char *e = strstr(s, sep);
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n)
			gisa_strv_pushn(out, s, n);
		s = e ? e + sl : NULL;
	}
}

/* Replace paras->v[at] by the lines (copied). */
static int insert_lines(gisa_strv *paras, size_t at, const gisa_strv *lines)
{
	gisa_strv out = GISA_STRV_INIT;

	for (size_t i = 0; i < paras->n; i++) {
		if (i != at) {
			if (gisa_strv_push(&out, paras->v[i]) < 0)
				goto fail;
			continue;
		}
		for (size_t k = 0; k < lines->n; k++)
			if (gisa_strv_push(&out, lines->v[k]) < 0)
				goto fail;
	}
	gisa_strv_clear(paras);
	*paras = out;
	return 0;
fail:
	gisa_strv_clear(&out);
	return GISA_ENOMEM;
}

/* How many of a's words are also words of b (folded). */
static int shared_words(const char *a, const char *b, int *total)
{
	char *fa = gisa_u8_fold(a, strlen(a)), *fb = gisa_u8_fold(b, strlen(b));
	gisa_tok *ta = NULL, *tb = NULL;
	int na = -1, nb = -1, hits = 0;

	if (fa && fb) {
		na = gisa_u8_tokens(fa, 64, &ta);
		nb = gisa_u8_tokens(fb, 64, &tb);
	}
	for (int i = 0; i < na && nb > 0; i++)
		for (int j = 0; j < nb; j++)
			if (ta[i].len == tb[j].len &&
			    !memcmp(fa + ta[i].off, fb + tb[j].off, ta[i].len)) {
				hits++;
				break;
			}
	*total = na;
	free(ta);
	free(tb);
	free(fa);
	free(fb);
	return na < 0 || nb < 0 ? GISA_ENOMEM : hits;
}

/* A short headline followed by its long form ("N. Korea fires two
 * SRBMs" / "N. Korea fires two short-range ballistic missiles into East
 * Sea"): the long form is the title. */
static int longer_form(char **clean, size_t nc, size_t pick, size_t *out)
{
	*out = pick;
	for (size_t j = pick + 1; j < nc && j <= pick + 2; j++) {
		int total, hits;
		if (title_words(clean[j]) <= title_words(clean[pick]))
			continue;
		if ((hits = shared_words(clean[pick], clean[j], &total)) < 0)
			return hits;
		if (total > 0 && hits * 10 >= total * 6) {
			*out = j;
			return 0;
		}
	}
	return 0;
}

/* Paragraphs looked at for a headline: a whole page copied from a
 * browser has menus, tickers and language lists over it. */
#define HEAD_LOOK 64

/* The headline candidates of the first lines (see title.h). */
struct head {
	size_t idx[HEAD_LOOK];   /* paragraph index of each candidate */
	char *clean[HEAD_LOOK];  /* candidate without labels */
	int chrome[HEAD_LOOK];   /* chrome since the previous long candidate */
	int anchored[HEAD_LOOK]; /* what follows a headline follows it */
	size_t n;
	size_t junk[HEAD_LOOK];  /* sentences of the header before the lede */
	size_t njunk;
};

/* A kicker or section name between a headline and its time stamp
 * ("Stock Markets"): up to three words, no sentence. */
static int short_label(const char *p)
{
	gisa_shape sh;

	gisa_boiler_shape(p, &sh);
	return !sh.sentence && sh.weight <= 3 && !strchr(p, '\n');
}

/* Whether paragraph i is followed by what a headline has under it: a
 * byline or a time stamp (2), or the lede's dateline (1), with up to two
 * lines of chrome between. A caption over the lede has the dateline
 * under it too, but not the byline. kinds are the paragraphs'
 * gisa_para_kinds. Returns 2, 1, 0 or GISA_ENOMEM. */
static int anchored(const gisa_strv *paras, const int *kinds, size_t i)
{
	size_t skipped = 0;
	char *dl = NULL;
	int off;

	for (size_t j = i + 1; j < paras->n && j < HEAD_LOOK; j++) {
		if (kinds[j] == GISA_P_BYLINE ||
		    gisa_boiler_time_stamp(paras->v[j]))
			return 2;
		if (j + 1 < paras->n &&
		    (off = gisa_byline_pair(paras->v[j], paras->v[j + 1],
					    NULL)) != 0)
			return off < 0 ? off : 2;
		if ((kinds[j] == GISA_P_NOISE || short_label(paras->v[j])) &&
		    skipped++ < 2)
			continue;
		off = gisa_dateline_split(paras->v[j], &dl, NULL);
		free(dl);
		return off < 0 ? off : off > 0;
	}
	return 0;
}

/* A wire headline's attribution that ends in an abbreviation: "...
 * next week: State Dept.", "...: U.S." - up to three capitalized words
 * after the last ": ", the last one short with its stop. */
static int attribution_stop(const char *t)
{
	const char *c = NULL, *q, *last;
	int words = 0;
	size_t n = strlen(t), letters = 0;

	for (q = t; (q = strstr(q, ": ")); q += 2)
		c = q + 2;
	if (!c || n < 2 || t[n - 1] != '.')
		return 0;
	for (q = c; *q;) {
		if (!gisa_u8_upper((unsigned char)*q))
			return 0;
		words++;
		q += strcspn(q, " ");
		q += *q == ' ';
	}
	for (last = t + n - 1; last > c && last[-1] != ' '; last--)
		;
	for (q = last; q < t + n - 1; q++)
		letters += *q != '.';
	return words <= 3 && letters <= 5;
}

/* Whether a line that ends like a sentence may still be a headline: a
 * short single line that carries a wire label ("(LEAD) ...") or has a
 * byline, a time stamp or the lede under it; or the first line, when it
 * ends in an attribution with an abbreviation ("...: State Dept."). */
static int sentence_head(const gisa_strv *paras, const int *kinds, size_t i,
			 const char *clean, const gisa_shape *sh)
{
	const char *t = paras->v[i];
	char *dl = NULL;
	int off;

	if (sh->weight > 20 || strchr(t, '\n'))
		return 0;
	if ((off = gisa_dateline_split(t, &dl, NULL)) != 0) {
		free(dl);
		return off < 0 ? off : 0; /* a lede, "[서울=뉴시스]..." */
	}
	if (*t == '(' && strlen(clean) + 2 < strlen(t))
		return 1;
	if (i == 0 && attribution_stop(clean))
		return 1;
	return anchored(paras, kinds, i) > 0;
}

/* The first paragraph of the first look that opens with a dateline (the
 * lede), or look. Returns it, or GISA_ENOMEM. */
static long find_lede(const gisa_strv *paras, size_t look)
{
	for (size_t i = 0; i < look; i++) {
		char *dl = NULL;
		int off = gisa_dateline_split(paras->v[i], &dl, NULL);
		free(dl);
		if (off < 0)
			return off;
		if (off > 0)
			return (long)i;
	}
	return (long)look;
}

static int scan_head(const gisa_strv *paras, struct head *h)
{
	int chrome = 0, shorts = 0, kinds[HEAD_LOOK], rc;
	size_t look = paras->n < HEAD_LOOK ? paras->n : HEAD_LOOK;
	long lede = find_lede(paras, look);

	if (lede < 0)
		return (int)lede;
	for (size_t i = 0; i < look; i++)
		if ((kinds[i] = gisa_boiler_kind(paras->v[i], NULL)) < 0)
			return kinds[i];
	for (size_t i = 0; i < look && h->n < HEAD_LOOK; i++) {
		gisa_shape sh;
		int kind = kinds[i];
		gisa_boiler_shape(paras->v[i], &sh);
		if (kind == GISA_P_NOISE || kind == GISA_P_RELATED ||
		    kind == GISA_P_LINK) {
			chrome = 1;
			continue;
		}
		if (kind != GISA_P_BODY || sh.bullet ||
		    gisa_boiler_reader_note(paras->v[i]))
			continue;
		/* "Lee Jae-eun" / "The Korea Herald": a byline, left for
		 * gisa_normalize() to read */
		if (i + 1 < paras->n && !sh.sentence && sh.weight <= 6 &&
		    (rc = gisa_byline_pair(paras->v[i], paras->v[i + 1],
					   NULL)) != 0) {
			if (rc < 0)
				return rc;
			i++;
			continue;
		}
		if (sh.weight > 20 || strchr(paras->v[i], '\n'))
			break;
		if (!(h->clean[h->n] = gisa_title_clean(paras->v[i])))
			return GISA_ENOMEM;
		if (sh.sentence &&
		    (rc = sentence_head(paras, kinds, i, h->clean[h->n],
					&sh)) <= 0) {
			free(h->clean[h->n]);
			h->clean[h->n] = NULL;
			if (rc < 0)
				return rc;
			if ((long)i < lede && lede < (long)look &&
			    h->njunk < HEAD_LOOK) {
				/* "Welcome back!" over the story */
				h->junk[h->njunk++] = i;
				chrome = 1;
				continue;
			}
			break;
		}
		if ((rc = anchored(paras, kinds, i)) < 0)
			return rc;
		h->anchored[h->n] = rc;
		/* a run of one- to three-word lines is a menu */
		shorts = title_words(h->clean[h->n]) <= 3 ? shorts + 1 : 0;
		chrome |= shorts >= 3;
		h->chrome[h->n] = chrome;
		h->idx[h->n++] = i;
		if (title_words(h->clean[h->n - 1]) > 3)
			chrome = 0;
	}
	return 0;
}

static int pick_title(struct head *h, size_t *pick)
{
	size_t choice = (size_t)-1;

	*pick = (size_t)-1;
	/* a line printed twice; a short one ("East Asia" in the menu and
	 * over the story) only when no line is long enough to be a
	 * headline */
	for (int min = 4; min >= 2 && *pick == (size_t)-1; min -= 2)
		for (size_t k = 0; k < h->n && *pick == (size_t)-1; k++)
			for (size_t j = k + 1; j < h->n; j++)
				if (!strcmp(h->clean[k], h->clean[j]) &&
				    title_words(h->clean[k]) >= min) {
					*pick = k;
					break;
				}
	for (size_t k = 0; k < h->n && *pick != (size_t)-1; k++)
		if (title_words(h->clean[k]) >= 4 &&
		    title_words(h->clean[*pick]) < 4)
			*pick = (size_t)-1;
	if (*pick != (size_t)-1)
		return 0;
	/* the first long line after the last stretch of chrome; chrome
	 * under a line that has a byline or a time stamp under it is the
	 * article's own header (share buttons, then subheads), unless
	 * the later line is anchored as firmly */
	for (size_t k = 0; k < h->n; k++)
		if (title_words(h->clean[k]) >= 4 &&
		    (choice == (size_t)-1 ||
		     (h->chrome[k] &&
		      h->anchored[k] >= h->anchored[choice])))
			choice = k;
	if (choice == (size_t)-1)
		return 0;
	return longer_form(h->clean, h->n, choice, pick);
}

/* Before the first sentence, a block of short lines ("중앙일보" over the
 * headline) is read line by line. */
static int split_head_blocks(gisa_strv *paras)
{
	for (size_t i = 0; i < paras->n && i < HEAD_LOOK; i++) {
		gisa_strv lines = GISA_STRV_INIT;
		gisa_shape sh;
		int sentence = 0;
		if (!strchr(paras->v[i], '\n')) {
			gisa_boiler_shape(paras->v[i], &sh);
			if (sh.sentence)
				return 0;
			continue;
		}
		split(paras->v[i], "\n", &lines);
		/* chrome may be punctuated ("Saved. See Saved Items.") */
		for (size_t k = 0; k < lines.n && !sentence; k++) {
			int kind = gisa_boiler_classify(lines.v[k], NULL, &sh);
			if (kind < 0) {
				gisa_strv_clear(&lines);
				return kind;
			}
			sentence = sh.sentence && kind == GISA_P_BODY;
		}
		if (sentence) {
			gisa_strv_clear(&lines);
			return 0;
		}
		if (insert_lines(paras, i, &lines) < 0)
			return GISA_ENOMEM;
		i += lines.n - 1;
		gisa_strv_clear(&lines);
	}
	return 0;
}

int gisa_title_find(gisa_strv *paras, char **title)
{
	struct head h;
	size_t pick = (size_t)-1, ci, ji;
	int rc;

	memset(&h, 0, sizeof h);
	if ((rc = split_head_blocks(paras)) < 0 ||
	    (rc = scan_head(paras, &h)) < 0 || (rc = pick_title(&h, &pick)) < 0)
		goto out;
	if (pick != (size_t)-1) {
		*title = h.clean[pick];
		h.clean[pick] = NULL;
	}
	/* the candidates (when one is the headline) and the header's
	 * sentences leave, last first: both lists are in paragraph order */
	ci = pick != (size_t)-1 ? h.n : 0;
	ji = h.njunk;
	while (ci || ji) {
		if (ji && (!ci || h.junk[ji - 1] > h.idx[ci - 1]))
			gisa_strv_remove(paras, h.junk[--ji]);
		else
			gisa_strv_remove(paras, h.idx[--ci]);
	}
out:
	for (size_t k = 0; k < h.n; k++)
		free(h.clean[k]);
	return rc;
}
