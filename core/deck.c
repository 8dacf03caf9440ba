/* deck.c - the standfirst a page shows under its headline (see deck.h).
 *
 * One walk over the elements after the headline, in reading order, looks
 * for two things at once: an element named like a deck, and the element
 * that shows the metadata's subtitle. Both must come before the story's
 * first long paragraph: a deck stands between headline and story.
 */
#include "deck.h"
#include "error.h"
#include "text.h"
#include "ustr.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DECK_MIN 20     /* characters of a deck, at least */
#define DECK_MAX 600    /* ... at most */
#define DECK_LINES 6
#define PROSE_MIN 100   /* bytes of text of a <p> that may be the story */
#define PROSE_SEEN 8    /* such <p>s passed, at most, before giving up */
#define LEAD_PARAS 3    /* body paragraphs the story may begin with */
#define LEAD_SQ 160     /* squeezed bytes compared of each */
#define NEXT_PROSE 40   /* bytes of text of a <p> that continues a story */
#define SQ_MAX 1024     /* squeezed bytes compared */

struct walk {
	gisa_article *a;
	char meta_sq[SQ_MAX];   /* the metadata's subtitle, squeezed */
	size_t meta_sqlen;
	gisa_strv deck;         /* the deck's lines, once found */
	int meta_shown;         /* an element shows the metadata's subtitle */
	char lead[LEAD_PARAS][LEAD_SQ]; /* the body's first paragraphs, */
	size_t nlead;                   /* squeezed and cut */
	int prose_seen;
};

/* Whether an attribute's value names a deck: one of the names anywhere in
 * it, or one of the words as a whole word. */
static int deck_value(const char *v)
{
	static const char *const names[] = { "standfirst", "subtitle",
		"sub-title", "sub_title", "strapline", "excerpt", "summary",
		"midtitle", "mid_title", NULL };
	static const char *const words[] = { "dek", "deck", "description",
					     NULL };
	char low[256];
	size_t n = 0;

	for (; *v && n < sizeof low - 1; v++)
		low[n++] = (char)tolower((unsigned char)*v);
	low[n] = 0;
	for (const char *const *s = names; *s; s++)
		if (strstr(low, *s))
			return 1;
	for (const char *const *w = words; *w; w++) {
		size_t k = strlen(*w);
		for (const char *p = low; (p = strstr(p, *w)); p += k)
			if ((p == low || !isalnum((unsigned char)p[-1])) &&
			    !isalnum((unsigned char)p[k]))
				return 1;
	}
	return 0;
}

/* The attributes a page names its parts with: class, id, itemprop, and
 * data-*-name, data-test(id), data-component(-type). */
static int naming_attr(const char *name)
{
	size_t n = strlen(name);

	if (!strcmp(name, "class") || !strcmp(name, "id") ||
	    !strcmp(name, "itemprop"))
		return 1;
	if (strncmp(name, "data-", 5))
		return 0;
	return (n >= 9 && !strcmp(name + n - 5, "-name")) ||
	       strstr(name, "test") || strstr(name, "component");
}

static int named_deck(xmlNodePtr el)
{
	for (xmlAttrPtr at = el->properties; at; at = at->next) {
		const xmlChar *v;
		if (!naming_attr((const char *)at->name) || !at->children)
			continue;
		v = at->children->content;
		if (v && deck_value((const char *)v))
			return 1;
	}
	return 0;
}

static int is_tag(xmlNodePtr el, const char *name)
{
	return el->name && !strcasecmp((const char *)el->name, name);
}

static int heading(xmlNodePtr el)
{
	const char *n = (const char *)el->name;
	return n && (n[0] == 'h' || n[0] == 'H') && n[1] >= '2' &&
	       n[1] <= '6' && !n[2];
}

/* Bytes of el's own text (its text children, not its descendants'). */
static size_t own_text(xmlNodePtr el)
{
	size_t n = 0;

	for (xmlNodePtr c = el->children; c; c = c->next)
		if (c->type == XML_TEXT_NODE && c->content)
			for (const xmlChar *s = c->content; *s; s++)
				n += !isspace(*s);
	return n;
}

/* Bytes of text in el's subtree, and how many of them sit in links. */
static void text_bytes(xmlNodePtr el, int in_link, size_t *all, size_t *linked)
{
	for (xmlNodePtr c = el->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE && c->content) {
			size_t n = strlen((const char *)c->content);
			*all += n;
			if (in_link)
				*linked += n;
		} else if (c->type == XML_ELEMENT_NODE &&
			   !gisa_text_skipped(c)) {
			text_bytes(c, in_link || is_tag(c, "a"), all, linked);
		}
	}
}

/* el's text as lines (paragraphs and line breaks) into lines; whether
 * they read as a deck: DECK_MIN..DECK_MAX characters in at most
 * DECK_LINES lines. Returns 1, 0 or GISA_ENOMEM. */
static int deck_lines(xmlNodePtr el, gisa_strv *lines)
{
	gisa_strv paras = { 0 };
	size_t chars = 0;
	int rc;

	if ((rc = gisa_text_paragraphs(el, &paras)) < 0)
		return rc;
	for (size_t i = 0; i < paras.n && rc >= 0; i++) {
		for (char *s = paras.v[i], *nl; s && *s && rc >= 0; s = nl) {
			if ((nl = strchr(s, '\n')))
				*nl++ = 0;
			gisa_u8_trim_spaces(s);
			if (*s) {
				chars += gisa_u8_chars(s);
				rc = gisa_strv_push(lines, s);
			}
		}
	}
	gisa_strv_clear(&paras);
	if (rc < 0)
		return rc;
	if (chars >= DECK_MIN && chars <= DECK_MAX && lines->n &&
	    lines->n <= DECK_LINES)
		return 1;
	gisa_strv_clear(lines);
	return 0;
}

/* Whether el's text, squeezed, is the metadata's subtitle. Returns 1, 0
 * or GISA_ENOMEM. */
static int shows_meta(const struct walk *w, xmlNodePtr el)
{
	char sq[SQ_MAX], *t;
	size_t n;

	if (!w->meta_sqlen)
		return 0;
	if (!(t = gisa_text_inline(el)))
		return GISA_ENOMEM;
	n = gisa_u8_squeeze(t, sq, sizeof sq);
	free(t);
	return n == w->meta_sqlen && !memcmp(sq, w->meta_sq, n);
}

/* Whether a <p> is the first of the story's paragraphs, whatever its
 * name (id="speakable-summary"): the next element is a <p> of
 * NEXT_PROSE bytes of text or more. */
static int opens_story(xmlNodePtr el)
{
	xmlNodePtr n = el->next;
	size_t all = 0, linked = 0;

	if (!is_tag(el, "p"))
		return 0;
	while (n && n->type != XML_ELEMENT_NODE)
		n = n->next;
	if (!n || !is_tag(n, "p"))
		return 0;
	text_bytes(n, 0, &all, &linked);
	return all >= NEXT_PROSE;
}

/* Whether a <p> of PROSE_MIN bytes or more begins the story: it is one
 * of the body's first paragraphs, or (with no body to tell, or after
 * PROSE_SEEN of them) any. Returns 1, 0 or GISA_ENOMEM. */
static int story_begins(struct walk *w, xmlNodePtr p)
{
	char sq[LEAD_SQ], *t;
	size_t n;
	int hit = 0;

	if (!w->nlead || ++w->prose_seen > PROSE_SEEN)
		return 1;
	if (!(t = gisa_text_inline(p)))
		return GISA_ENOMEM;
	n = gisa_u8_squeeze(t, sq, sizeof sq);
	free(t);
	for (size_t i = 0; i < w->nlead && !hit; i++)
		hit = n && !strcmp(sq, w->lead[i]);
	return hit;
}

/* Look at one element: 1 when the walk is over (deck found, or the
 * story began), 0 to go on, GISA_ENOMEM. */
static int visit(struct walk *w, xmlNodePtr el)
{
	size_t own = own_text(el), all = 0, linked = 0;
	int named = named_deck(el) && !opens_story(el), rc;

	if (named || is_tag(el, "p"))
		text_bytes(el, is_tag(el, "a"), &all, &linked);
	if (named && linked * 2 < all && (rc = deck_lines(el, &w->deck)))
		return rc;
	/* the element holding the text holds most of it itself */
	if ((heading(el) || (own >= 10 && own * 2 >= w->meta_sqlen)) &&
	    (rc = shows_meta(w, el))) {
		if (rc < 0 || !heading(el)) {
			w->meta_shown = rc > 0;
			return rc;
		}
		return deck_lines(el, &w->deck) < 0 ? GISA_ENOMEM : 1;
	}
	if (!named && is_tag(el, "p") && all >= PROSE_MIN)
		return story_begins(w, el);
	return 0;
}

/* The element after el's subtree (or below el when into), in reading
 * order, within root. */
static xmlNodePtr next_element(xmlNodePtr el, int into, xmlNodePtr root)
{
	xmlNodePtr n = into ? el->children : NULL;

	for (;;) {
		for (; n; n = n->next)
			if (n->type == XML_ELEMENT_NODE)
				return n;
		if (el == root || !el->parent)
			return NULL;
		n = el->next;
		el = el->parent;
	}
}

/* The visible h1 to h3 whose text is the title (some sites keep h1 for
 * their logo), else the first visible h1. */
static xmlNodePtr find_headline(xmlNodePtr root, const char *title)
{
	char tsq[SQ_MAX], sq[SQ_MAX];
	size_t tn = title ? gisa_u8_squeeze(title, tsq, sizeof tsq) : 0;
	xmlNodePtr first = NULL;
	int budget = 40; /* headings compared */

	for (xmlNodePtr el = next_element(root, 1, root); el && budget;) {
		int skip = gisa_text_skipped(el), h1 = is_tag(el, "h1");
		if (!skip && (h1 || is_tag(el, "h2") || is_tag(el, "h3"))) {
			char *t = gisa_text_inline(el);
			size_t n;
			if (!t)
				return NULL;
			n = gisa_u8_squeeze(t, sq, sizeof sq);
			free(t);
			if (n && h1 && !first)
				first = el;
			if (n && n == tn && !memcmp(sq, tsq, n))
				return el;
			budget--;
		}
		el = next_element(el, !skip, root);
	}
	return first;
}

/* Leading body paragraphs that repeat the deck (a line of it, or all of
 * it) leave the body. */
static void drop_repeats(gisa_article *a, const gisa_strv *deck)
{
	char all[SQ_MAX], sq[SQ_MAX], *joined = gisa_strv_join(deck, " ");
	size_t alln = joined ? gisa_u8_squeeze(joined, all, sizeof all) : 0;

	free(joined);
	while (a->paragraphs.n) {
		size_t n = gisa_u8_squeeze(a->paragraphs.v[0], sq, sizeof sq);
		int same = n && n == alln && !memcmp(sq, all, n);
		for (size_t i = 0; i < deck->n && !same; i++) {
			char l[SQ_MAX];
			size_t k = gisa_u8_squeeze(deck->v[i], l, sizeof l);
			same = k && k == n && !memcmp(l, sq, n);
		}
		if (!same)
			break;
		gisa_strv_remove(&a->paragraphs, 0);
	}
}

/* Whether one of the record's body paragraphs is sq (squeezed). */
static int in_body(const gisa_article *a, const char *sq, size_t n)
{
	char p[SQ_MAX];

	for (size_t i = 0; n && i < a->paragraphs.n; i++)
		if (gisa_u8_squeeze(a->paragraphs.v[i], p, sizeof p) == n &&
		    !memcmp(p, sq, n))
			return 1;
	return 0;
}

static int settle(struct walk *w)
{
	gisa_article *a = w->a;
	char *s;

	if (w->deck.n) {
		if (!(s = gisa_strv_join(&w->deck, "\n")))
			return GISA_ENOMEM;
		free(a->subtitle);
		a->subtitle = s;
		a->origin[GISA_F_SUBTITLE] = "generic:deck";
		drop_repeats(a, &w->deck);
		return 0;
	}
	/* shown, but as a paragraph of the story: not a deck either */
	if (a->subtitle && (!w->meta_shown ||
			    in_body(a, w->meta_sq, w->meta_sqlen))) {
		free(a->subtitle);
		a->subtitle = NULL;
		a->origin[GISA_F_SUBTITLE] = NULL;
	}
	return 0;
}

/* A subtitle the rule gave is the deck: the body (often the generic
 * extractor's, whose container can take in the header of a short story)
 * does not start with it either. */
static int rule_deck(gisa_article *a)
{
	gisa_strv lines = GISA_STRV_INIT;
	const char *s = a->subtitle, *nl;
	int rc = 0;

	for (; s && *s && rc >= 0; s = nl ? nl + 1 : s + strlen(s)) {
		nl = strchr(s, '\n');
		rc = gisa_strv_pushn(&lines, s, nl ? (size_t)(nl - s) :
				     strlen(s));
	}
	if (rc >= 0)
		drop_repeats(a, &lines);
	gisa_strv_clear(&lines);
	return rc < 0 ? rc : 0;
}

int gisa_deck_find(gisa_doc *doc, gisa_article *a)
{
	const char *o = a->origin[GISA_F_SUBTITLE];
	xmlNodePtr root = gisa_html_root(doc), h1, el;
	struct walk w = { .a = a };
	int rc = 0, left = GISA_DECK_WINDOW;

	if (o && !strncmp(o, "rule", 4))
		return a->subtitle ? rule_deck(a) : 0;
	if (!root || !(h1 = find_headline(root, a->title)))
		return 0;
	for (; w.nlead < LEAD_PARAS && w.nlead < a->paragraphs.n; w.nlead++)
		gisa_u8_squeeze(a->paragraphs.v[w.nlead], w.lead[w.nlead],
				LEAD_SQ);
	if (a->subtitle)
		w.meta_sqlen = gisa_u8_squeeze(a->subtitle, w.meta_sq,
					       sizeof w.meta_sq);
	for (el = next_element(h1, 0, root); el && left-- > 0 && !rc;) {
		int skip = gisa_text_skipped(el);
		if (!skip)
			rc = visit(&w, el);
		el = next_element(el, !skip && !rc, root);
	}
	if (rc >= 0)
		rc = settle(&w);
	gisa_strv_clear(&w.deck);
	return rc < 0 ? rc : 0;
}
