/* normalize.c - generic cleanup of an extracted article (see normalize.h).
 *
 * Three passes over the paragraphs: each one is classified on its own
 * (boiler.c, lines first when it has several); then decisions that need
 * neighbours (trailer after an end mark, link lists, menus, repeats, the
 * unpunctuated head and tail); then the structured bits are pulled out of
 * what remains (dateline, trailing agency credit) and authors are chosen.
 */
#include "normalize.h"
#include "boiler.h"
#include "buf.h"
#include "byline.h"
#include "dateline.h"
#include "error.h"
#include "text.h"
#include "title.h"
#include "ustr.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct item {
	char *text;
	int kind;
	gisa_shape sh;
	int drop;
	int end_after; /* an end mark closed this paragraph */
	int mixed;     /* half of its lines were boilerplate */
};

/* Author candidates by where they were found, in order of trust. */
enum { SRC_BYLINE, SRC_PREFIX, SRC_EMAIL, SRC_CREDIT, SRC_AGENCY, SRC__N };

struct work {
	gisa_article *a;
	struct item *it;
	size_t n;
	gisa_strv names[SRC__N];
	int shapes; /* punctuation-based structure rules are on */
};

/* ---- pass 1: each paragraph on its own --------------------------------- */

/* Text that is never content inside a paragraph: the visually hidden
 * ", opens new tab" that link-heavy sites put after each link. */
static void drop_inline_junk(char *s)
{
	static const char *const junk[] = { ", opens new tab", NULL };

	for (const char *const *j = junk; *j; j++) {
		size_t jl = strlen(*j);
		char *hit;
		while ((hit = strstr(s, *j)))
			memmove(hit, hit + jl, strlen(hit + jl) + 1);
	}
}

/* Split s at newlines, clean each line (whitespace, NFC). */
static int split_lines(const char *s, gisa_strv *lines)
{
	while (*s) {
		size_t n = strcspn(s, "\n");
		char *line = gisa_text_clean(s, n);
		if (!line)
			return GISA_ENOMEM;
		if (*line) {
			if (gisa_strv_take(lines, line) < 0)
				return GISA_ENOMEM;
		} else {
			free(line);
		}
		s += n + (s[n] ? 1 : 0);
	}
	return 0;
}

static gisa_strv *names_for(struct work *w, int kind)
{
	switch (kind) {
	case GISA_P_BYLINE: return &w->names[SRC_BYLINE];
	case GISA_P_CREDIT: return &w->names[SRC_CREDIT];
	case GISA_P_AGENCY: return &w->names[SRC_AGENCY];
	default: return NULL;
	}
}

/* Classify s and measure its shape (*sh); names go to the right
 * candidate list. */
static int kind_of(struct work *w, const char *s, gisa_shape *sh)
{
	gisa_strv tmp = GISA_STRV_INIT;
	gisa_strv *dst;
	int kind = gisa_boiler_classify(s, &tmp, sh), rc = 0;

	if (kind >= 0 && (dst = names_for(w, kind))) {
		if (kind == GISA_P_BYLINE && strchr(s, '@') &&
		    strncasecmp(s, "by ", 3) != 0)
			dst = &w->names[SRC_EMAIL];
		for (size_t i = 0; i < tmp.n && rc == 0; i++)
			if (gisa_strv_find(dst, tmp.v[i]) < 0)
				rc = gisa_strv_push(dst, tmp.v[i]);
	}
	gisa_strv_clear(&tmp);
	return rc < 0 ? rc : kind;
}

/* A paragraph of several lines: drop the lines that are boilerplate; if
 * boilerplate was half of it and nothing left reads as a sentence, the
 * rest is the same block of chrome ("Log in to ... / with the Korea
 * JoongAng Daily / lock icon"). Returns the text left (malloc'd, maybe
 * "") and sets *end when an end mark was among the lines. */
static char *filter_lines(struct work *w, gisa_strv *lines, int *end,
			  int *mixed, int *err)
{
	gisa_buf b = GISA_BUF_INIT;
	size_t noise = 0, kept = 0, sentences = 0;
	int *keep = calloc(lines->n, sizeof *keep), related = 0;

	if (!keep) {
		*err = GISA_ENOMEM;
		return NULL;
	}
	for (size_t i = 0; i < lines->n; i++) {
		gisa_shape sh;
		int k = kind_of(w, lines->v[i], &sh);
		if (k < 0) {
			*err = k;
			goto out;
		}
		*end |= k == GISA_P_END || k == GISA_P_FOOTER;
		if (k == GISA_P_RELATED)
			related = 1;
		if (k == GISA_P_BODY && related && !sh.sentence)
			k = GISA_P_RELATED; /* a link under the heading */
		else if (k == GISA_P_BODY)
			related = 0;
		if (k != GISA_P_BODY) {
			noise++;
			continue;
		}
		keep[i] = 1;
		kept++;
		sentences += sh.sentence && sh.weight >= 4;
	}
	if (noise && noise * 2 >= lines->n && !sentences)
		memset(keep, 0, lines->n * sizeof *keep);
	*mixed = noise && noise * 2 >= lines->n;
	for (size_t i = 0; i < lines->n; i++)
		if (keep[i] && ((b.len && gisa_buf_putc(&b, '\n') < 0) ||
				gisa_buf_puts(&b, lines->v[i]) < 0)) {
			*err = GISA_ENOMEM;
			goto out;
		}
out:
	free(keep);
	if (*err) {
		gisa_buf_free(&b);
		return NULL;
	}
	return gisa_buf_detach(&b);
}

static int classify_item(struct work *w, struct item *it, const char *para)
{
	gisa_strv lines = GISA_STRV_INIT;
	int err = 0, end = 0, mixed = 0;
	char *text = NULL;

	if ((err = split_lines(para, &lines)) < 0)
		goto out;
	if (lines.n > 1) {
		text = filter_lines(w, &lines, &end, &mixed, &err);
		if (err)
			goto out;
		if (!*text) {
			it->kind = end ? GISA_P_END : GISA_P_NOISE;
			gisa_boiler_shape(text, &it->sh);
			goto done;
		}
	} else {
		text = gisa_strv_join(&lines, "\n");
		if (!text) {
			err = GISA_ENOMEM;
			goto out;
		}
	}
	drop_inline_junk(text);
	if ((it->kind = kind_of(w, text, &it->sh)) < 0) {
		err = it->kind;
		goto out;
	}
done:
	it->text = text;
	text = NULL;
	it->drop = it->kind != GISA_P_BODY;
	it->mixed = mixed;
	/* text, then "(END)" in the same paragraph: the trailer starts
	 * with the next one */
	it->end_after = end && it->kind == GISA_P_BODY;
out:
	free(text);
	gisa_strv_clear(&lines);
	return err;
}

/* ---- pass 2: neighbours ------------------------------------------------ */

static int body_at(const struct work *w, size_t i)
{
	return !w->it[i].drop && w->it[i].kind == GISA_P_BODY;
}

/* After an end mark or a disclaimer heading everything is trailer;
 * after a copyright footer too, unless a real paragraph of text follows
 * (a credit line inside the story: then only the line itself goes). A
 * block that was half chrome is not real text: what is left of a
 * comment box ("Add a Comment / Comment Guidelines / Be respectful. ...")
 * reads like sentences. */
static void cut_trailer(struct work *w, size_t end, int sure)
{
	for (size_t j = end + 1; j < w->n && !sure; j++)
		if (body_at(w, j) && !w->it[j].mixed &&
		    w->it[j].sh.sentence && w->it[j].sh.weight >= 20)
			return;
	for (size_t j = end + 1; j < w->n; j++)
		w->it[j].drop = 1;
}

/* An interviewer's question or its answer: "Q. ...", "Q: ...", "A. ...",
 * "-- 질문", "문 ...", "답 ...". */
static int interview_line(const char *t)
{
	static const char *const marks[] = { "Q. ", "Q: ", "Q) ", "A. ", "A: ",
					     "A) ", "-- ", "\xE2\x80\x94 ",
					     "\xEB\xAC\xB8 ", "\xEB\x8B\xB5 ",
					     "\xEB\xAC\xB8) ", "\xEB\x8B\xB5) ",
					     "\xEB\xAC\xB8: ", "\xEB\x8B\xB5: ",
					     NULL };

	for (const char *const *m = marks; *m; m++)
		if (!strncmp(t, *m, strlen(*m)))
			return 1;
	return 0;
}

/* A link under a heading: no final punctuation, or a short headline
 * ending in "?" or "!" (an interviewer's question is no link). */
static int list_like(const struct item *it)
{
	const char *t = it->text;
	size_t n = strlen(t);

	if (!it->sh.sentence)
		return 1;
	if (it->sh.weight > 12 || it->sh.bullet || !n || interview_line(t))
		return 0;
	return t[n - 1] == '?' || t[n - 1] == '!' ||
	       (n >= 3 && (!strcmp(t + n - 3, "\xEF\xBC\x9F") ||
			   !strcmp(t + n - 3, "\xEF\xBC\x81")));
}

/* A "related articles" heading takes the link-like lines under it. */
static void cut_related(struct work *w, size_t head)
{
	for (size_t j = head + 1; j < w->n; j++) {
		if (w->it[j].drop)
			continue;
		if (!list_like(&w->it[j]))
			return;
		w->it[j].drop = 1;
	}
}

static int same_text(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* A paragraph printed twice is kept once; a caption printed twice (the
 * copies side by side, reading like a caption) is dropped. A line that
 * is not a sentence (a label, a list line, a line of data) recurs by
 * design in a text built on a template - a menu per day, a schedule per
 * plan - and is a copy only side by side with itself. */
static void cut_repeats(struct work *w)
{
	size_t last = (size_t)-1;

	for (size_t i = 0; i < w->n; i++) {
		if (w->it[i].drop)
			continue;
		if (w->it[i].sh.weight >= 3) {
			for (size_t j = 0; j < i; j++) {
				if (!same_text(w->it[j].text, w->it[i].text) ||
				    w->it[j].kind != GISA_P_BODY ||
				    (!w->it[i].sh.sentence && j != last))
					continue;
				w->it[i].drop = 1;
				if (j == last && gisa_boiler_caption_cue(
							 w->it[i].text))
					w->it[j].drop = 1;
				break;
			}
		}
		if (!w->it[i].drop)
			last = i;
	}
}

/* A paragraph that repeats the caption of one of the record's images
 * (the caption, or the caption before its credit): a slideshow's text
 * beside its pictures, or a caption the extractor met twice. */
static void cut_captions(struct work *w)
{
	for (size_t i = 0; i < w->n; i++) {
		const char *t = w->it[i].text;
		size_t n = strlen(t);
		if (w->it[i].drop || n < 20 || w->it[i].sh.weight > 60)
			continue;
		for (size_t k = 0; k < w->a->n_images; k++) {
			const char *cap = w->a->images[k].caption;
			if (cap && !strncmp(cap, t, n) &&
			    (!cap[n] || cap[n] == ' ')) {
				w->it[i].drop = 1;
				break;
			}
		}
	}
}

#define PULLQUOTE_MIN_WORDS 6   /* shorter lines recur in prose by chance */
#define PULLQUOTE_MAX_PARAS 400 /* the search is quadratic in paragraphs */

/* The length of t's quotation marks and spaces at the start (*lead) and
 * at the end (*trail). */
static void quote_marks(const char *t, size_t *lead, size_t *trail)
{
	static const char *const marks[] = { "\"", "'", "\xE2\x80\x9C",
					     "\xE2\x80\x9D", "\xE2\x80\x98",
					     "\xE2\x80\x99", "\xC2\xAB",
					     "\xC2\xBB", " ", NULL };
	size_t n = strlen(t);
	int again = 1;

	*lead = *trail = 0;
	while (again) {
		again = 0;
		for (const char *const *m = marks; *m; m++) {
			size_t ml = strlen(*m);
			if (n - *lead - *trail <= ml)
				continue;
			if (!strncmp(t + *lead, *m, ml))
				*lead += ml, again = 1;
			else if (!strncmp(t + n - *trail - ml, *m, ml))
				*trail += ml, again = 1;
		}
	}
}

/* Whether q occurs inside another paragraph than `self`. */
static int quoted_elsewhere(const struct work *w, size_t self, const char *q)
{
	for (size_t j = 0; j < w->n; j++)
		if (j != self && !w->it[j].drop && strstr(w->it[j].text, q))
			return 1;
	return 0;
}

/* Whether t is a pull quote's attribution: "— Name", a few words. */
static int attribution(const struct item *it)
{
	static const char *const dashes[] = { "\xE2\x80\x94 ",
					      "\xE2\x80\x93 ", "- ", NULL };

	if (it->drop || it->sh.sentence || it->sh.weight > 6)
		return 0;
	for (const char *const *d = dashes; *d; d++)
		if (!strncmp(it->text, *d, strlen(*d)))
			return 1;
	return 0;
}

/* A pull quote: a sentence lifted out of the story and printed again in
 * large type (with its "— Speaker" line); the story keeps it where it
 * was said. Only the copy that stands alone as a paragraph goes; a
 * heading or list item found in a sentence is not a copy of it. */
static void cut_pullquotes(struct work *w)
{
	if (w->n > PULLQUOTE_MAX_PARAS)
		return;
	for (size_t i = 0; i < w->n; i++) {
		char *t = w->it[i].text, saved;
		size_t lead, trail, end;
		int lifted;

		if (w->it[i].drop || !w->it[i].sh.sentence ||
		    w->it[i].sh.weight < PULLQUOTE_MIN_WORDS)
			continue; /* a name or list item recurs in prose */
		quote_marks(t, &lead, &trail);
		end = strlen(t) - trail;
		saved = t[end];
		t[end] = '\0';
		lifted = quoted_elsewhere(w, i, t + lead);
		t[end] = saved;
		if (!lifted)
			continue;
		w->it[i].drop = 1;
		if (i + 1 < w->n && attribution(&w->it[i + 1]))
			w->it[i + 1].drop = 1;
	}
}

/* Whether t is the title again, maybe with its wire labels ("(LEAD)
 * ..."). Returns 1, 0 or GISA_ENOMEM. */
static int is_title(const char *t, const char *title, const gisa_shape *sh)
{
	char *clean;
	int same;

	if (!title)
		return 0;
	if (strcasecmp(t, title) == 0)
		return 1;
	if (sh->sentence || sh->weight > 40)
		return 0;
	if (!(clean = gisa_title_clean(t)))
		return GISA_ENOMEM;
	same = strcasecmp(clean, title) == 0;
	free(clean);
	return same;
}

/* Whether p is a lede cut short ("...") that t gives in full. */
static int truncated_of(const char *p, const char *t)
{
	size_t n = strlen(p);

	if (n > 3 && !strcmp(p + n - 3, "..."))
		n -= 3;
	else if (n > 3 && !strcmp(p + n - 3, "\xE2\x80\xA6"))
		n -= 3;
	else
		return 0;
	while (n && p[n - 1] == ' ')
		n--;
	return n >= 20 && strncmp(t, p, n) == 0;
}

/* The title again, or a truncated lede before the full one. */
static int cut_echoes(struct work *w)
{
	size_t prev = (size_t)-1;
	int rc;

	for (size_t i = 0; i < w->n; i++) {
		if (w->it[i].drop)
			continue;
		rc = is_title(w->it[i].text, w->a->title, &w->it[i].sh);
		if (rc < 0)
			return rc;
		if (rc) {
			w->it[i].drop = 1;
			continue;
		}
		if (prev != (size_t)-1 &&
		    truncated_of(w->it[prev].text, w->it[i].text))
			w->it[prev].drop = 1;
		prev = i;
	}
	return 0;
}

/* Whether the lines from `from` on are a table of data ("June 9 – Tampa,
 * FL @ Arena", "England (Group A): 10th appearance"): five or more, and
 * nearly all share a separator. Lists of links have no such pattern. */
static int data_list(const struct work *w, size_t from)
{
	static const char *const seps[] = { ":", "\xE2\x80\x93", " - ", "@",
					    "|", "(", "\xEF\xBC\x9A", NULL };
	size_t items = 0;

	for (size_t i = from; i < w->n; i++)
		items += !w->it[i].drop;
	if (items < 5)
		return 0;
	for (const char *const *sep = seps; *sep; sep++) {
		size_t hits = 0;
		for (size_t i = from; i < w->n; i++)
			hits += !w->it[i].drop && strstr(w->it[i].text, *sep);
		if (hits * 10 >= items * 8)
			return 1;
	}
	return 0;
}

#define HEAD_WORDS 3  /* longest label dropped before the first sentence */
#define TAIL_WORDS 25 /* longest line dropped after the last sentence */

/* Unpunctuated lines before the first sentence (kicker, section, title
 * again, deck) and after the last one (credits, link lists) are not
 * body. List items are kept. */
static void cut_head_tail(struct work *w)
{
	size_t first = w->n, last = w->n;

	for (size_t i = 0; i < w->n; i++)
		if (!w->it[i].drop && (w->it[i].sh.sentence ||
				       (w->it[i].sh.lead_in && first < i))) {
			if (first == w->n)
				first = i;
			last = i;
		}
	if (first == w->n)
		return; /* no sentence at all: nothing to anchor on */
	/* labels and menus before the text (a menu may be a list: "* World"
	 * in a converter's output, but not one under a lead-in); a longer
	 * line there is a deck or a subhead of the story (plain text lost
	 * its title before) */
	for (size_t i = 0, lead = 0; i < first; i++) {
		int list = i + 1 < w->n && w->it[i + 1].sh.bullet;
		lead |= !w->it[i].drop && w->it[i].sh.lead_in && list;
		if (w->it[i].sh.weight <= HEAD_WORDS &&
		    !((w->it[i].sh.bullet || w->it[i].sh.lead_in) && lead))
			w->it[i].drop = 1;
	}
	/* the run after the last sentence, unless a lead-in ("The winners
	 * were:") or list markers make it a list */
	if (w->it[last].sh.lead_in)
		return;
	for (size_t i = last + 1; i < w->n; i++)
		if (!w->it[i].drop && (w->it[i].sh.bullet ||
				       w->it[i].sh.lead_in))
			return;
	if (data_list(w, last + 1))
		return;
	/* links, names and credits are short; a long paragraph there is
	 * text that lost its final stop, and the text goes on to it */
	for (size_t i = last + 1; i < w->n; i++)
		if (!w->it[i].drop && w->it[i].sh.weight > TAIL_WORDS)
			return;
	for (size_t i = last + 1; i < w->n; i++)
		w->it[i].drop = 1;
}

static int take_credit_suffix(struct work *w);

/* A byline in two lines over the story, as papers that republish print
 * it (gisa_byline_pair): before the first sentence only. */
static int take_name_outlet(struct work *w, size_t first)
{
	for (size_t i = 0; i + 1 < first && i + 1 < w->n; i++) {
		struct item *it = &w->it[i], *next = &w->it[i + 1];
		int rc;
		if (it->drop || it->kind != GISA_P_BODY || it->sh.sentence ||
		    it->sh.weight > 6 ||
		    (next->kind != GISA_P_BODY && next->kind != GISA_P_AGENCY))
			continue;
		rc = gisa_byline_pair(it->text, next->text,
				      &w->names[SRC_BYLINE]);
		if (rc < 0)
			return rc;
		if (rc > 0) {
			it->drop = next->drop = 1;
			it->kind = GISA_P_BYLINE;
		}
	}
	return 0;
}

/* Korean wire photos have a title line over the caption: "청년 주거지원
 * 대책 설명하는 국토부 차관" / "(세종=연합뉴스) 국토교통부 차관이 ...
 * 2024.3.5 [국토교통부 제공]". A short unpunctuated line right before a
 * caption that opens with a wire's bracketed dateline goes with it. */
static int cut_caption_titles(struct work *w)
{
	for (size_t i = 0; i + 1 < w->n; i++) {
		const struct item *c = &w->it[i + 1];
		char *dl = NULL;
		int off;
		if (w->it[i].drop || w->it[i].kind != GISA_P_BODY ||
		    w->it[i].sh.sentence || w->it[i].sh.bullet ||
		    w->it[i].sh.weight > 12 || c->kind != GISA_P_CAPTION ||
		    (c->text[0] != '(' && c->text[0] != '['))
			continue;
		off = gisa_dateline_split(c->text, &dl, NULL);
		free(dl);
		if (off < 0)
			return off;
		if (off > 0)
			w->it[i].drop = 1;
	}
	return 0;
}

static int structure(struct work *w)
{
	size_t first = w->n;
	int rc;

	if ((rc = take_credit_suffix(w)) < 0 ||
	    (rc = cut_caption_titles(w)) < 0)
		return rc;
	for (size_t i = 0; i < w->n; i++)
		if (body_at(w, i) && w->it[i].sh.sentence) {
			first = i;
			break;
		}
	if ((rc = take_name_outlet(w, first)) < 0)
		return rc;
	for (size_t i = 0; i < w->n; i++) {
		if ((w->it[i].kind == GISA_P_END && first < i) ||
		    (w->it[i].end_after && first <= i))
			cut_trailer(w, i, 1);
		else if ((w->it[i].kind == GISA_P_FOOTER ||
			  w->it[i].kind == GISA_P_CREDIT) && first < i)
			cut_trailer(w, i, 0); /* sign-offs close stories too */
		else if (w->it[i].kind == GISA_P_RELATED)
			cut_related(w, i);
	}
	cut_repeats(w);
	cut_pullquotes(w);
	cut_captions(w);
	if ((rc = cut_echoes(w)) < 0)
		return rc;
	if (w->shapes)
		cut_head_tail(w);
	return 0;
}

/* ---- pass 3: structured bits ------------------------------------------- */

static int take_dateline(struct work *w)
{
	gisa_strv names = GISA_STRV_INIT;
	char *dl = NULL;
	int off, rc = 0;

	for (size_t i = 0; i < w->n; i++) {
		if (w->it[i].drop || gisa_boiler_reader_note(w->it[i].text))
			continue; /* a note to the reader comes first */
		off = gisa_dateline_split(w->it[i].text, &dl, &names);
		if (off == 0)
			off = gisa_dateline_byline(w->it[i].text, &names);
		if (off < 0) {
			rc = off;
			break;
		}
		if (off > 0) {
			char *t = w->it[i].text;
			memmove(t, t + off, strlen(t + off) + 1);
			if (!w->a->dateline)
				w->a->dateline = dl, dl = NULL;
			for (size_t k = 0; k < names.n && rc == 0; k++)
				rc = gisa_strv_push(&w->names[SRC_PREFIX],
						    names.v[k]);
		}
		break; /* only the lede opens with one */
	}
	free(dl);
	gisa_strv_clear(&names);
	return rc;
}

static int sentences(const char *s, size_t n)
{
	int count = 0;

	for (size_t i = 0; i + 1 < n; i++)
		count += strchr(".!?", s[i]) && s[i + 1] == ' ';
	return count + 1;
}

/* Agency credits closing a paragraph: on the last paragraph of the story
 * ("... the ministry said. (Yonhap)") the credit leaves and names the
 * agency, unless the paragraph reads like a caption; elsewhere a short
 * one-sentence paragraph with a credit is a photo caption ("... 실습을
 * 하고 있다. 뉴스1"), and a longer one just loses the credit. */
static int take_credit_suffix(struct work *w)
{
	size_t last = w->n;

	for (size_t i = w->n; i-- > 0;)
		if (!w->it[i].drop && w->it[i].kind == GISA_P_BODY) {
			last = i;
			break;
		}
	for (size_t i = 0; i < w->n; i++) {
		char *t = w->it[i].text;
		size_t cut;
		if (w->it[i].drop || w->it[i].kind != GISA_P_BODY ||
		    !(cut = gisa_boiler_credit_tail(t)))
			continue;
		if (i == last && !gisa_boiler_caption_cue(t)) {
			const char *ag = t + cut + 1;
			char *name = strndup(ag + (*ag == '(' || *ag == '['),
					     strlen(ag) - (*ag == '(' ||
							   *ag == '[') * 2);
			if (!name || (gisa_strv_find(&w->names[SRC_AGENCY],
						     name) < 0 &&
				      gisa_strv_push(&w->names[SRC_AGENCY],
						     name) < 0)) {
				free(name);
				return GISA_ENOMEM;
			}
			free(name);
		} else if (sentences(t, cut) == 1 && w->it[i].sh.weight <= 30) {
			w->it[i].drop = 1;
			w->it[i].kind = GISA_P_CAPTION;
			continue;
		}
		t[cut] = '\0';
		gisa_boiler_shape(t, &w->it[i].sh);
	}
	return 0;
}

/* The names of the most trusted source that has any; among them people
 * beat agencies ("By Reuters" over the page, "By Jane Roe" opening the
 * copy). */
static int choose_authors(struct work *w)
{
	if (w->a->authors.n)
		return 0;
	for (int s = 0; s < SRC__N; s++) {
		gisa_strv *src = &w->names[s];
		size_t people = gisa_byline_people(src);
		if (!src->n)
			continue;
		for (size_t i = 0; i < src->n; i++)
			if ((!people || !gisa_byline_agency(src->v[i])) &&
			    gisa_strv_push(&w->a->authors, src->v[i]) < 0)
				return GISA_ENOMEM;
		return 0;
	}
	return 0;
}

static int rebuild(struct work *w)
{
	gisa_strv out = GISA_STRV_INIT;

	for (size_t i = 0; i < w->n; i++) {
		if (w->it[i].drop || !*w->it[i].text)
			continue;
		if (gisa_strv_take(&out, w->it[i].text) < 0) {
			gisa_strv_clear(&out);
			return GISA_ENOMEM;
		}
		w->it[i].text = NULL;
	}
	/* paragraphs past the limit were never looked at: keep them */
	for (size_t i = w->n; i < w->a->paragraphs.n; i++) {
		if (gisa_strv_push(&out, w->a->paragraphs.v[i]) < 0) {
			gisa_strv_clear(&out);
			return GISA_ENOMEM;
		}
	}
	gisa_strv_clear(&w->a->paragraphs);
	w->a->paragraphs = out;
	return 0;
}

static int shapes_apply(const char *lang)
{
	static const char *const unpunctuated[] = { "th", "lo", "km", NULL };

	if (!lang)
		return 1;
	for (const char *const *l = unpunctuated; *l; l++)
		if (!strncasecmp(lang, *l, 2) && (!lang[2] || lang[2] == '-' ||
						  lang[2] == '_'))
			return 0;
	return 1;
}

static int clean_title(gisa_article *a)
{
	char *t;

	if (!a->title)
		return 0;
	if (!(t = gisa_title_clean(a->title)))
		return GISA_ENOMEM;
	free(a->title);
	a->title = *t ? t : NULL;
	if (!*t)
		free(t);
	return 0;
}

int gisa_normalize(gisa_article *a, const char *lang)
{
	struct work w = { a, NULL, 0, { GISA_STRV_INIT }, shapes_apply(lang) };
	int rc;

	if ((rc = clean_title(a)) < 0)
		return rc;
	w.n = a->paragraphs.n < GISA_NORMALIZE_MAX_PARAS ?
		      a->paragraphs.n : GISA_NORMALIZE_MAX_PARAS;
	if (w.n && !(w.it = calloc(w.n, sizeof *w.it)))
		return GISA_ENOMEM;
	for (size_t i = 0; i < w.n; i++) {
		rc = classify_item(&w, &w.it[i], a->paragraphs.v[i]);
		if (rc < 0)
			goto out;
	}
	if ((rc = structure(&w)) < 0 || (rc = take_dateline(&w)) < 0 ||
	    (rc = choose_authors(&w)) < 0)
		goto out;
	rc = rebuild(&w);
out:
	for (size_t i = 0; i < w.n; i++)
		free(w.it[i].text);
	free(w.it);
	for (int s = 0; s < SRC__N; s++)
		gisa_strv_clear(&w.names[s]);
	return rc;
}

/* ---- plain text ---------------------------------------------------------- */

/* Markdown left by converters: "![alt](url)" goes, "[text](url)" keeps
 * its text, table pipes and heading hashes go. In place. */
static void unmarkdown(char *s)
{
	char *w = s, *r = s;

	while (*r) {
		int img = r[0] == '!' && r[1] == '[';
		char *open = r + img, *close, *paren;
		if (*open == '[' && (close = strchr(open, ']')) &&
		    close[1] == '(' && (paren = strchr(close, ')'))) {
			if (!img) {
				memmove(w, open + 1, (size_t)(close - open - 1));
				w += close - open - 1;
			}
			r = paren + 1;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
	gisa_u8_trim_spaces(s);
	while (*s == '|' || *s == '#') {
		memmove(s, s + 1, strlen(s));
		gisa_u8_trim_spaces(s);
	}
	for (size_t n = strlen(s); n && s[n - 1] == '|'; n = strlen(s)) {
		s[n - 1] = '\0';
		gisa_u8_trim_spaces(s);
	}
}

/* The line s[0..n) cleaned into *out; *markup is set when only markup
 * made it empty ("![](url)", "| |"), not when it was blank. */
static int clean_line(const char *s, size_t n, char **out, int *markup)
{
	char *raw = strndup(s, n), *before = NULL;

	*out = NULL;
	if (!raw || !(before = gisa_text_clean(raw, strlen(raw))))
		goto out;
	for (char *p = raw; *p; p++)
		if (*p == '\t' || *p == '\r')
			*p = ' ';
	unmarkdown(raw);
	if ((*out = gisa_text_clean(raw, strlen(raw))))
		*markup = *before && !**out;
out:
	free(before);
	free(raw);
	return *out ? 0 : GISA_ENOMEM;
}

/* Lines; a line that only held markup is left out rather than kept
 * blank: it does not end a paragraph (a spacer line of no-break spaces
 * does). */
static int read_lines(const char *text, size_t len, gisa_strv *lines)
{
	for (size_t i = 0; i < len;) {
		size_t n = 0;
		char *line;
		int rc, markup;
		while (i + n < len && text[i + n] != '\n' && text[i + n] != '\r')
			n++;
		if ((rc = clean_line(text + i, n, &line, &markup)) < 0)
			return rc;
		if (markup)
			free(line);
		else if (gisa_strv_take(lines, line) < 0)
			return GISA_ENOMEM;
		i += n;
		if (i < len && text[i] == '\r' && i + 1 < len &&
		    text[i + 1] == '\n')
			i++;
		i++;
	}
	return 0;
}

/* "12. https://..." - an entry of a text browser's list of links. */
static int link_entry(const char *s)
{
	static const char *const schemes[] = { "http://", "https://",
					       "ftp://", "file:", "mailto:",
					       NULL };
	size_t d = 0;

	while (s[d] >= '0' && s[d] <= '9')
		d++;
	if (!d || s[d] != '.' || s[d + 1] != ' ')
		return 0;
	for (const char *const *sc = schemes; *sc; sc++)
		if (!strncmp(s + d + 2, *sc, strlen(*sc)))
			return 1;
	return 0;
}

/* Where the "References" list that closes a text browser's dump (lynx,
 * links, w3m) starts: a "References" line with only numbered URLs (and
 * "Visible links" / "Hidden links:" labels) after it. lines->n if none. */
static size_t link_list(const gisa_strv *lines)
{
	size_t entries = 0;

	for (size_t i = lines->n; i-- > 0;) {
		const char *l = lines->v[i];
		if (!*l || !strcmp(l, "Visible links") ||
		    !strcmp(l, "Visible links:") || !strcmp(l, "Hidden links:"))
			continue;
		if (link_entry(l)) {
			entries++;
			continue;
		}
		return entries && !strcmp(l, "References") ? i : lines->n;
	}
	return lines->n;
}

/* The dump's link numbers: "[12]Markets", "the ministry [18]said". */
static void drop_link_numbers(char *s)
{
	char *w = s;

	for (const char *r = s; *r;) {
		size_t d = 0;
		if (*r == '[')
			while (r[1 + d] >= '0' && r[1 + d] <= '9' && d < 5)
				d++;
		if (d && r[1 + d] == ']') {
			r += d + 2;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
	gisa_u8_trim_spaces(s);
}

/* A text browser's dump: its list of links goes, and with it the link
 * numbers in the text (only then: "[1]" elsewhere may be the text's). */
static void undump(gisa_strv *lines)
{
	size_t refs = link_list(lines);

	if (refs == lines->n)
		return;
	while (lines->n > refs)
		gisa_strv_remove(lines, lines->n - 1);
	for (size_t i = 0; i < lines->n; i++)
		drop_link_numbers(lines->v[i]);
}

/* Display width: ideographs take two columns. */
static size_t chars(const char *s)
{
	size_t c = 0, n = strlen(s);
	uint32_t cp;

	for (size_t i = 0; i < n;) {
		i += gisa_u8_next(s + i, n - i, &cp);
		c += gisa_u8_ideo(cp) || gisa_u8_hangul(cp) ? 2 : 1;
	}
	return c;
}

/* Whether lines[from..to) are one hard-wrapped paragraph: long lines of
 * similar width that mostly do not end a sentence. */
static int wrapped(const gisa_strv *lines, size_t from, size_t to)
{
	size_t max = 0, open = 0;

	for (size_t i = from; i < to; i++)
		if (chars(lines->v[i]) > max)
			max = chars(lines->v[i]);
	if (max < 50)
		return 0;
	for (size_t i = from; i + 1 < to; i++) {
		gisa_shape sh;
		if (chars(lines->v[i]) * 10 < max * 6)
			return 0;
		gisa_boiler_shape(lines->v[i], &sh);
		open += !sh.sentence;
	}
	return open * 2 >= to - from - 1;
}

/* Join hard-wrapped lines with a space (none between two ideographs). */
static int join_wrapped(gisa_buf *b, const char *prev, const char *next)
{
	uint32_t a = 0, c = 0;

	if (*prev)
		gisa_u8_last(prev, strlen(prev), &a);
	if (*next)
		gisa_u8_next(next, strlen(next), &c);
	if (gisa_u8_ideo(a) && gisa_u8_ideo(c))
		return 0;
	return gisa_buf_putc(b, ' ');
}

/* Whether lines[from..to) are two or more list items, each marked. */
static int item_list(const gisa_strv *lines, size_t from, size_t to)
{
	gisa_shape sh;

	if (to - from < 2)
		return 0;
	for (size_t i = from; i < to; i++) {
		gisa_boiler_shape(lines->v[i], &sh);
		if (!sh.bullet)
			return 0;
	}
	return 1;
}

/* One paragraph of lines[from..to): hard-wrapped lines joined, other
 * lines kept apart; a list's items are a paragraph each, as its <li>s
 * would be. */
static int add_block(gisa_strv *paras, const gisa_strv *lines, size_t from,
		     size_t to)
{
	gisa_buf b = GISA_BUF_INIT;
	int wrap = wrapped(lines, from, to), rc = 0;

	if (item_list(lines, from, to)) {
		for (size_t i = from; i < to; i++)
			if (gisa_strv_push(paras, lines->v[i]) < 0)
				return GISA_ENOMEM;
		return 0;
	}

	for (size_t i = from; i < to && rc == 0; i++) {
		if (i > from)
			rc = wrap ? join_wrapped(&b, lines->v[i - 1],
						 lines->v[i])
				  : gisa_buf_putc(&b, '\n');
		if (rc == 0)
			rc = gisa_buf_puts(&b, lines->v[i]);
	}
	if (rc < 0) {
		gisa_buf_free(&b);
		return GISA_ENOMEM;
	}
	return gisa_strv_take(paras, gisa_buf_detach(&b));
}

/* Paragraphs: blocks between blank lines, or each line when the text has
 * no blank line between two lines of text. */
static int blocks(const gisa_strv *lines, gisa_strv *paras)
{
	int blank_sep = 0, seen = 0, gap = 0;
	size_t start = 0;
	int rc = 0;

	for (size_t i = 0; i < lines->n; i++) {
		if (!*lines->v[i]) {
			gap = seen;
		} else {
			blank_sep |= gap;
			seen = 1;
			gap = 0;
		}
	}
	for (size_t i = 0; i <= lines->n && rc == 0; i++) {
		int end = i == lines->n || !*lines->v[i];
		if (!blank_sep && i < lines->n && *lines->v[i]) {
			rc = add_block(paras, lines, i, i + 1);
			continue;
		}
		if (!blank_sep || !end)
			continue;
		if (i > start)
			rc = add_block(paras, lines, start, i);
		start = i + 1;
	}
	return rc;
}

/* Words of a headline: space-separated words, where ideographs count
 * one word per two characters instead ("韓国・北朝鮮" is a menu item,
 * "米韓国防相が会談、拡大抑止の強化で一致" a headline). */
int gisa_normalize_read(const char *text, size_t len, gisa_article *a)
{
	gisa_strv lines = GISA_STRV_INIT, paras = GISA_STRV_INIT;
	char *title = NULL;
	int rc;

	if (!text || !a)
		return GISA_EINVAL;
	if (len > GISA_NORMALIZE_MAX_TEXT)
		return GISA_ELIMIT;
	if ((rc = read_lines(text, len, &lines)) < 0)
		goto out;
	undump(&lines);
	if ((rc = blocks(&lines, &paras)) < 0 ||
	    (rc = gisa_title_find(&paras, &title)) < 0)
		goto out;
	if (title) {
		free(a->title);
		a->title = title;
		title = NULL;
	}
	gisa_strv_clear(&a->paragraphs);
	a->paragraphs = paras;
	paras = (gisa_strv)GISA_STRV_INIT;
out:
	free(title);
	gisa_strv_clear(&lines);
	gisa_strv_clear(&paras);
	return rc;
}

int gisa_normalize_text(const char *text, size_t len, const char *lang,
			gisa_article *a)
{
	int rc = gisa_normalize_read(text, len, a);

	return rc < 0 ? rc : gisa_normalize(a, lang);
}
