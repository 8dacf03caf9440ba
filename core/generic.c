/* generic.c - the generic main-content extractor (see generic.h).
 *
 * One walk over <body> numbers the visible elements in document order and
 * records, per element, its parent, the end of its subtree, the nearest
 * block ancestor and text counts (characters, link characters, commas);
 * one backward pass sums them up the tree. Everything after that - the
 * candidate scores, the choice of the container, the precision pass -
 * reads this table, never the text again. Text is produced once, at the
 * end, by core/text.c over the chosen containers, with the elements the
 * precision pass rejected left out.
 */
#include "generic.h"
#include "arena.h"
#include "buf.h"
#include "error.h"
#include "text.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/uri.h>

/* Limits: pages beyond them are still handled, just not completely. */
#define MAX_NODES (1 << 20)   /* elements numbered per page */
#define MAX_IMAGES 64
#define HINT_MAX 256          /* bytes of class + id examined */

/* ---- tags ---- */

enum tag {
	T_OTHER, T_BODY, T_P, T_DIV, T_SPAN, T_A, T_H1, T_HN, T_LI, T_LIST,
	T_DT, T_DD, T_TD, T_TH, T_TR, T_TABLE, T_BQ, T_PRE, T_ARTICLE,
	T_SECTION, T_MAIN, T_FIGURE, T_FIGCAP, T_ASIDE, T_NAV, T_HEADER,
	T_FOOTER, T_FORM, T_CONTROL, T_EMBED, T_IMG, T_BR, T_ADDRESS,
	T_CAPTION, T_TIME, T_B, T_I, T__COUNT
};

struct tagname {
	const char *name;
	unsigned char tag;
};

static const struct tagname tagnames[] = {
	{ "a", T_A }, { "address", T_ADDRESS }, { "article", T_ARTICLE },
	{ "aside", T_ASIDE }, { "b", T_B }, { "blockquote", T_BQ },
	{ "body", T_BODY }, { "br", T_BR }, { "button", T_CONTROL },
	{ "caption", T_CAPTION }, { "center", T_DIV }, { "dd", T_DD },
	{ "dialog", T_ASIDE }, { "div", T_DIV }, { "dl", T_LIST },
	{ "dt", T_DT }, { "em", T_I }, { "embed", T_EMBED },
	{ "fieldset", T_FORM }, { "figcaption", T_FIGCAP },
	{ "figure", T_FIGURE }, { "font", T_SPAN }, { "footer", T_FOOTER },
	{ "form", T_FORM }, { "h1", T_H1 }, { "h2", T_HN }, { "h3", T_HN },
	{ "h4", T_HN }, { "h5", T_HN }, { "h6", T_HN }, { "header", T_HEADER },
	{ "i", T_I }, { "iframe", T_EMBED }, { "img", T_IMG },
	{ "input", T_CONTROL }, { "label", T_CONTROL }, { "li", T_LI },
	{ "main", T_MAIN }, { "menu", T_LIST }, { "nav", T_NAV },
	{ "object", T_EMBED }, { "ol", T_LIST }, { "p", T_P },
	{ "pre", T_PRE }, { "section", T_SECTION }, { "select", T_CONTROL },
	{ "span", T_SPAN }, { "strong", T_B }, { "table", T_TABLE },
	{ "td", T_TD }, { "textarea", T_CONTROL }, { "th", T_TH },
	{ "time", T_TIME }, { "tr", T_TR }, { "ul", T_LIST },
	{ "video", T_EMBED },
};

static int cmp_tagname(const void *k, const void *e)
{
	return strcmp(k, ((const struct tagname *)e)->name);
}

static enum tag tag_of(const xmlChar *name)
{
	const struct tagname *t = bsearch(name, tagnames,
		sizeof tagnames / sizeof tagnames[0], sizeof tagnames[0],
		cmp_tagname);
	return t ? (enum tag)t->tag : T_OTHER;
}

/* ---- the element table ---- */

enum {
	F_BLOCK = 1,     /* starts a paragraph (text.h's notion) */
	F_HASBLOCK = 2,  /* has a block descendant */
	F_CAND = 4,      /* holds a candidate score */
	F_UNLIKELY = 8,  /* itself or an ancestor looks like page chrome */
	F_SKIP = 16,     /* left out of the body by the precision pass */
};

#define W_UNKNOWN (-128)

struct gn {
	xmlNodePtr x;
	int parent, end, blk;     /* element, subtree end, nearest block */
	uint32_t text, link;      /* subtree text units, of which in links */
	uint32_t inl, inl_link;   /* inline text whose nearest block is this */
	uint32_t htext, ltext;    /* subtree text in headings, in lists */
	uint16_t commas, scommas; /* commas inline, in the subtree */
	uint16_t np, nimg, nli, ninput, nembed;
	float score;
	unsigned char tag, flags;
	signed char weight;       /* class/id weight, W_UNKNOWN until asked */
};

struct ctx {
	gisa_doc *doc;
	struct gn *n;
	int count, cap;
	int err;
	/* the chosen containers, in document order */
	int *sel;
	int nsel;
	/* elements left out of the text (open addressing, power of 2) */
	xmlNodePtr *skipset;
	size_t skipcap;
	char *title;              /* the document's <title>, cleaned */
};

static void add16(uint16_t *a, unsigned b)
{
	unsigned s = *a + b;
	*a = s > 0xFFFF ? 0xFFFF : (uint16_t)s;
}

/* Text units of a UTF-8 run: one per visible character, two per CJK
 * ideograph, kana or hangul syllable (they carry about a word each), none
 * for white space; commas (and CJK commas and full stops) are counted. */
static void measure(const unsigned char *s, uint32_t *units, unsigned *commas)
{
	uint32_t u = 0;
	unsigned c = 0;

	while (*s) {
		unsigned char b = *s;
		if (b < 0x80) {
			if (b > ' ')
				u++;
			c += b == ',';
			s++;
			continue;
		}
		if (b < 0xE0) {   /* 2-byte: NBSP (C2 A0) is a space */
			u += !(b == 0xC2 && s[1] == 0xA0);
			s += s[1] ? 2 : 1;
			continue;
		}
		if (b < 0xF0 && s[1] && s[2]) {
			uint32_t cp = ((b & 0x0Fu) << 12) |
				      ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
			if (cp == 0x3001 || cp == 0x3002 || cp == 0xFF0C)
				c++;
			if ((cp >= 0x2000 && cp <= 0x200B) || cp == 0x3000 ||
			    cp == 0xFEFF)
				;
			else if ((cp >= 0x3040 && cp <= 0x30FF) ||
				 (cp >= 0x4E00 && cp <= 0x9FFF) ||
				 (cp >= 0xAC00 && cp <= 0xD7A3))
				u += 2;
			else
				u++;
			s += 3;
			continue;
		}
		u++;
		s++;
		while ((*s & 0xC0) == 0x80)
			s++;
	}
	*units += u;
	*commas += c;
}

static int count_elements(xmlNodePtr root)
{
	int n = 0;
	xmlNodePtr x = root;

	for (;;) {
		if (x->type == XML_ELEMENT_NODE)
			n++;
		if (x->type == XML_ELEMENT_NODE && x->children) {
			x = x->children;
			continue;
		}
		if (x == root)
			break;
		while (!x->next) {
			x = x->parent;
			if (x == root)
				return n;
		}
		x = x->next;
	}
	return n;
}

struct walk {
	int cur, blk, inlink;
};

/* Record element x; returns 1 when its children should be visited. */
static int enter_element(struct ctx *c, struct walk *w, xmlNodePtr x)
{
	enum tag tag = tag_of(x->name);
	struct gn *g;
	int i;

	if (c->count >= c->cap)
		return 0;
	/* Embedded players and form controls are counted (their number
	 * says something about a block) but hold no text. */
	if (tag != T_EMBED && tag != T_CONTROL && gisa_text_skipped(x))
		return 0;
	i = c->count++;
	g = &c->n[i];
	memset(g, 0, sizeof *g);
	g->x = x;
	g->parent = w->cur;
	g->blk = w->blk;
	g->tag = (unsigned char)tag;
	g->weight = W_UNKNOWN;
	g->end = i + 1;
	if (tag == T_EMBED || tag == T_CONTROL || tag == T_IMG || tag == T_BR)
		return 0;
	if (gisa_text_is_block(x)) {
		g->flags |= F_BLOCK;
		if (w->blk >= 0)
			c->n[w->blk].flags |= F_HASBLOCK;
		w->blk = i;
	}
	w->inlink += tag == T_A;
	w->cur = i;
	return 1;
}

static void leave_element(struct ctx *c, struct walk *w)
{
	struct gn *g = &c->n[w->cur];

	g->end = c->count;
	if (g->flags & F_BLOCK)
		w->blk = g->blk;
	w->inlink -= g->tag == T_A;
	w->cur = g->parent;
}

static void add_text(struct ctx *c, struct walk *w, const xmlChar *s)
{
	uint32_t u = 0;
	unsigned commas = 0;
	struct gn *g = &c->n[w->cur], *b = &c->n[w->blk];

	measure(s, &u, &commas);
	g->text += u;
	b->inl += u;
	add16(&b->commas, commas);
	add16(&g->scommas, commas);
	if (w->inlink) {
		g->link += u;
		b->inl_link += u;
	}
}

/* The walk that fills the table (iterative: deep trees are fine). */
static void build(struct ctx *c, xmlNodePtr root)
{
	struct walk w = { .cur = -1, .blk = -1 };
	xmlNodePtr x = root;

	if (!enter_element(c, &w, root))
		return;
	x = root->children;
	while (x) {
		int down = 0;
		if (x->type == XML_ELEMENT_NODE)
			down = enter_element(c, &w, x);
		else if ((x->type == XML_TEXT_NODE ||
			  x->type == XML_CDATA_SECTION_NODE) && x->content)
			add_text(c, &w, x->content);
		if (down && x->children) {
			x = x->children;
			continue;
		}
		if (down)
			leave_element(c, &w);
		while (!x->next) {
			x = x->parent;
			if (x == root)
				goto done;
			leave_element(c, &w);
		}
		x = x->next;
	}
done:
	c->n[0].end = c->count;
}

/* Sum the counts up the tree: children come after their parent. */
static void sum_up(struct ctx *c)
{
	for (int i = c->count - 1; i > 0; i--) {
		struct gn *g = &c->n[i], *p = &c->n[g->parent];
		if (g->tag == T_H1 || g->tag == T_HN)
			g->htext = g->text;
		if (g->tag == T_LIST)
			g->ltext = g->text;
		p->text += g->text;
		p->link += g->link;
		p->htext += g->htext;
		p->ltext += g->ltext;
		add16(&p->scommas, g->scommas);
		add16(&p->np, g->np + (g->tag == T_P));
		add16(&p->nimg, g->nimg + (g->tag == T_IMG));
		add16(&p->nli, g->nli + (g->tag == T_LI));
		add16(&p->ninput, g->ninput + (g->tag == T_CONTROL));
		add16(&p->nembed, g->nembed + (g->tag == T_EMBED));
	}
}

static float link_density(const struct gn *g)
{
	return g->text ? (float)g->link / (float)g->text : 0;
}

/* ---- class and id hints ---- */

static const char *const positive[] = {
	"article", "body", "content", "entry", "hentry", "h-entry", "main",
	"page", "pagination", "post", "text", "blog", "story", NULL };
static const char *const negative[] = {
	"-ad-", "hidden", "banner", "combx", "comment", "com-", "contact",
	"foot", "footer", "footnote", "gdpr", "masthead", "media", "meta",
	"outbrain", "promo", "related", "scroll", "share", "shoutbox",
	"sidebar", "skyscraper", "sponsor", "shopping", "tags", "tool",
	"widget", NULL };
static const char *const unlikely[] = {
	"-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment",
	"community", "cover-wrap", "disqus", "extra", "footer", "gdpr",
	"header", "legends", "menu", "related", "remark", "replies", "rss",
	"shoutbox", "sidebar", "skyscraper", "social", "sponsor",
	"supplemental", "ad-break", "agegate", "pagination", "pager",
	"popup", "yom-remote", NULL };
static const char *const maybe[] = {
	"and", "article", "body", "column", "content", "main", "shadow",
	NULL };

/* The lowercased value of attribute name (at most HINT_MAX bytes). */
static size_t attr_lower(xmlNodePtr x, const char *name, char *buf,
			 size_t cap)
{
	size_t n = 0;

	for (xmlAttrPtr a = x->properties; a; a = a->next) {
		if (strcmp((const char *)a->name, name) || !a->children ||
		    !a->children->content)
			continue;
		for (const char *s = (const char *)a->children->content;
		     *s && n < cap - 1; s++)
			buf[n++] = (char)tolower((unsigned char)*s);
		break;
	}
	buf[n] = 0;
	return n;
}

static int matches(const char *s, const char *const *list)
{
	if (!*s)
		return 0;
	for (; *list; list++)
		if (strstr(s, *list))
			return 1;
	return 0;
}

/* Readability's class weight: +-25 for the class, +-25 for the id. */
static int weight_of(struct ctx *c, int i)
{
	struct gn *g = &c->n[i];
	char buf[HINT_MAX];
	int w = 0;

	if (g->weight != W_UNKNOWN)
		return g->weight;
	if (attr_lower(g->x, "class", buf, sizeof buf)) {
		w -= matches(buf, negative) ? 25 : 0;
		w += matches(buf, positive) ? 25 : 0;
	}
	if (attr_lower(g->x, "id", buf, sizeof buf)) {
		w -= matches(buf, negative) ? 25 : 0;
		w += matches(buf, positive) ? 25 : 0;
	}
	g->weight = (signed char)w;
	return w;
}

static int unlikely_self(struct ctx *c, int i)
{
	struct gn *g = &c->n[i];
	char buf[2 * HINT_MAX + 2];
	size_t n;

	if (g->tag == T_BODY || g->tag == T_A)
		return 0;
	n = attr_lower(g->x, "class", buf, HINT_MAX);
	buf[n++] = ' ';
	attr_lower(g->x, "id", buf + n, HINT_MAX);
	if (matches(buf, unlikely) && !matches(buf, maybe))
		return 1;
	attr_lower(g->x, "role", buf, HINT_MAX);
	return !strcmp(buf, "menu") || !strcmp(buf, "menubar") ||
	       !strcmp(buf, "complementary") || !strcmp(buf, "navigation") ||
	       !strcmp(buf, "alert") || !strcmp(buf, "alertdialog") ||
	       !strcmp(buf, "dialog");
}

static void mark_unlikely(struct ctx *c)
{
	for (int i = 0; i < c->count; i++) {
		struct gn *g = &c->n[i];
		if ((i > 0 && (c->n[g->parent].flags & F_UNLIKELY)) ||
		    unlikely_self(c, i))
			g->flags |= F_UNLIKELY;
	}
}

/* ---- candidate scoring ---- */

enum { O_STRIP_UNLIKELY = 1, O_WEIGHT = 2, O_CLEAN = 4 };

static void init_candidate(struct ctx *c, int i, int opts)
{
	struct gn *g = &c->n[i];

	switch (g->tag) {
	case T_DIV: g->score = 5; break;
	case T_PRE: case T_TD: case T_BQ: g->score = 3; break;
	case T_ADDRESS: case T_LIST: case T_DD: case T_DT: case T_LI:
	case T_FORM: g->score = -3; break;
	case T_H1: case T_HN: case T_TH: g->score = -5; break;
	default: g->score = 0; break;
	}
	if (opts & O_WEIGHT)
		g->score += (float)weight_of(c, i);
	g->flags |= F_CAND;
}

/* Whether block b's own text is a paragraph worth scoring. */
static int scorable(const struct gn *g)
{
	switch (g->tag) {
	case T_LI: case T_TH: case T_H1: case T_FIGCAP: case T_CAPTION:
	case T_ADDRESS: case T_DT: case T_NAV: case T_ASIDE: case T_FOOTER:
	case T_CONTROL:
		return 0;
	default:
		return 1;
	}
}

static void score_paragraphs(struct ctx *c, int opts)
{
	for (int i = 0; i < c->count; i++)
		c->n[i].flags &= (unsigned char)~F_CAND;
	for (int i = 0; i < c->count; i++) {
		struct gn *g = &c->n[i];
		if (!(g->flags & F_BLOCK) || g->inl < 25 || !scorable(g))
			continue;
		if ((opts & O_STRIP_UNLIKELY) && (g->flags & F_UNLIKELY))
			continue;
		float s = 1.0f + (float)g->commas +
			  (float)(g->inl / 100 < 3 ? g->inl / 100 : 3);
		int a = (g->flags & F_HASBLOCK) ? i : g->parent;
		for (int level = 0; a >= 0 && level < 5; level++) {
			struct gn *an = &c->n[a];
			if (!(an->flags & F_CAND))
				init_candidate(c, a, opts);
			an->score += s / (float)(level == 0 ? 1 :
						 level == 1 ? 2 : level * 3);
			a = an->parent;
		}
	}
	for (int i = 0; i < c->count; i++)
		if (c->n[i].flags & F_CAND)
			c->n[i].score *= 1.0f - link_density(&c->n[i]);
}

static int is_ancestor(const struct ctx *c, int a, int d)
{
	return d > a && d < c->n[a].end;
}

/* Readability's choice of the top candidate and its surroundings. */
static int top_candidate(struct ctx *c, int opts)
{
	int top[5] = { -1, -1, -1, -1, -1 };
	int best;

	for (int i = 1; i < c->count; i++) {
		if (!(c->n[i].flags & F_CAND))
			continue;
		for (int k = 0; k < 5; k++) {
			if (top[k] < 0 || c->n[i].score > c->n[top[k]].score) {
				memmove(top + k + 1, top + k,
					(size_t)(4 - k) * sizeof top[0]);
				top[k] = i;
				break;
			}
		}
	}
	best = top[0];
	if (best < 0)
		return 0;
	/* Several strong candidates under one ancestor: the article is
	 * split; take the ancestor. */
	int alt[4], nalt = 0;
	for (int k = 1; k < 5; k++)
		if (top[k] >= 0 &&
		    c->n[top[k]].score / c->n[best].score >= 0.75f)
			alt[nalt++] = top[k];
	if (nalt >= 3) {
		for (int p = c->n[best].parent; p > 0; p = c->n[p].parent) {
			int in = 0;
			for (int k = 0; k < nalt; k++)
				in += is_ancestor(c, p, alt[k]);
			if (in >= 3) {
				best = p;
				break;
			}
		}
	}
	if (!(c->n[best].flags & F_CAND))
		init_candidate(c, best, opts);
	/* Climb while the parent scores better. */
	float last = c->n[best].score, threshold = last / 3;
	for (int p = c->n[best].parent; p > 0; p = c->n[p].parent) {
		if (!(c->n[p].flags & F_CAND))
			continue;
		if (c->n[p].score < threshold)
			break;
		if (c->n[p].score > last) {
			best = p;
			break;
		}
		last = c->n[p].score;
	}
	/* A lone child says nothing its parent does not. */
	for (int p = c->n[best].parent; p > 0; p = c->n[p].parent) {
		int kids = 0;
		for (int k = p + 1; k < c->n[p].end; k = c->n[k].end)
			kids++;
		if (kids != 1)
			break;
		best = p;
	}
	return best;
}

static int same_class(const struct gn *a, const struct gn *b)
{
	xmlChar *ca = xmlGetProp(a->x, (const xmlChar *)"class");
	xmlChar *cb = xmlGetProp(b->x, (const xmlChar *)"class");
	int same = ca && cb && *ca && strcmp((char *)ca, (char *)cb) == 0;
	xmlFree(ca);
	xmlFree(cb);
	return same;
}

/* A short paragraph that reads like a sentence (ends in ". "). */
static int sentence_like(const struct gn *g)
{
	xmlChar *s = xmlNodeGetContent(g->x);
	int yes = 0;

	if (s) {
		size_t n = strlen((char *)s);
		while (n && isspace(s[n - 1]))
			n--;
		yes = (n && s[n - 1] == '.') || strstr((char *)s, ". ");
		xmlFree(s);
	}
	return yes;
}

/* The top candidate and the siblings that belong with it. */
static int select_siblings(struct ctx *c, int best)
{
	struct gn *b = &c->n[best];
	int parent = b->parent;
	float threshold = b->score * 0.2f > 10 ? b->score * 0.2f : 10;

	c->nsel = 0;
	if (parent < 0) {
		c->sel[c->nsel++] = best;
		return 0;
	}
	for (int k = parent + 1; k < c->n[parent].end; k = c->n[k].end) {
		struct gn *s = &c->n[k];
		int take = k == best;
		if (!take && (s->flags & F_CAND)) {
			float bonus = same_class(s, b) ? b->score * 0.2f : 0;
			take = s->score + bonus >= threshold;
		}
		if (!take && s->tag == T_P) {
			float ld = link_density(s);
			if (s->text > 80)
				take = ld < 0.25f;
			else
				take = s->text > 0 && ld == 0 &&
				       sentence_like(s);
		}
		if (take)
			c->sel[c->nsel++] = k;
	}
	return 0;
}

/* ---- the precision pass ---- */

static int skip_add(struct ctx *c, xmlNodePtr x)
{
	size_t mask = c->skipcap - 1, h = ((uintptr_t)x >> 4) * 2654435761u;

	for (h &= mask; c->skipset[h]; h = (h + 1) & mask)
		if (c->skipset[h] == x)
			return 0;
	c->skipset[h] = x;
	return 0;
}

static int skip_has(const struct ctx *c, xmlNodePtr x)
{
	size_t mask = c->skipcap - 1, h = ((uintptr_t)x >> 4) * 2654435761u;

	for (h &= mask; c->skipset[h]; h = (h + 1) & mask)
		if (c->skipset[h] == x)
			return 1;
	return 0;
}

static int skip_cb(xmlNodePtr x, void *ud)
{
	return skip_has(ud, x);
}

static int class_has(xmlNodePtr x, const char *word)
{
	char buf[2 * HINT_MAX + 2];
	size_t n = attr_lower(x, "class", buf, HINT_MAX);
	buf[n++] = ' ';
	attr_lower(x, "id", buf + n, HINT_MAX);
	return strstr(buf, word) != NULL;
}

/* Readability's conditional cleaning of tables, lists, divs and forms. */
static int clean_conditionally(struct ctx *c, int i, int opts)
{
	struct gn *g = &c->n[i];
	int weight = (opts & O_WEIGHT) ? weight_of(c, i) : 0;
	int is_list = g->tag == T_LIST;

	if (!(opts & O_CLEAN))
		return 0;
	if (!is_list && g->text)
		is_list = (float)g->ltext / (float)g->text > 0.9f;
	if (weight < 0)
		return 1;
	if (g->scommas >= 10)
		return 0;
	int p = g->np, img = g->nimg, li = (int)g->nli - 100;
	int input = g->ninput, embed = g->nembed;
	float ld = link_density(g);
	float hd = g->text ? (float)g->htext / (float)g->text : 0;
	int in_figure = 0;
	for (int a = g->parent; a >= 0 && !in_figure; a = c->n[a].parent)
		in_figure = c->n[a].tag == T_FIGURE;
	return (img > 1 && (float)p / (float)img < 0.5f && !in_figure) ||
	       (!is_list && li > p) || (input > p / 3) ||
	       (!is_list && hd < 0.9f && g->text < 25 &&
		(img == 0 || img > 2) && !in_figure) ||
	       (!is_list && weight < 25 && ld > 0.2f) ||
	       (weight >= 25 && ld > 0.5f) ||
	       (embed == 1 && g->text < 75) || embed > 1;
}

static int left_out(struct ctx *c, int i, int opts)
{
	struct gn *g = &c->n[i];

	switch (g->tag) {
	case T_ASIDE: case T_FOOTER: case T_CONTROL: case T_EMBED:
		return 1;
	case T_FORM:
		return clean_conditionally(c, i, opts);
	case T_H1: case T_HN:
		if ((opts & O_WEIGHT) && weight_of(c, i) < 0)
			return 1;
		break;
	case T_TABLE: case T_LIST: case T_DIV:
		if (clean_conditionally(c, i, opts))
			return 1;
		break;
	default:
		break;
	}
	if (g->text < 500 && class_has(g->x, "share"))
		return 1;
	return 0;
}

static int precision_pass(struct ctx *c, int opts)
{
	int nskip = 0;
	unsigned char *mark;

	/* Count first, so the set is sized once. */
	mark = gisa_arena_alloc(c->doc->arena, (size_t)c->count);
	if (!mark)
		return GISA_ENOMEM;
	memset(mark, 0, (size_t)c->count);
	for (int s = 0; s < c->nsel; s++) {
		int root = c->sel[s];
		for (int i = root + 1; i < c->n[root].end;) {
			if (left_out(c, i, opts)) {
				mark[i] = 1;
				nskip++;
				i = c->n[i].end;
			} else {
				i++;
			}
		}
	}
	c->skipcap = 16;
	while (c->skipcap < (size_t)nskip * 2)
		c->skipcap *= 2;
	c->skipset = gisa_arena_alloc(c->doc->arena,
				      c->skipcap * sizeof *c->skipset);
	if (!c->skipset)
		return GISA_ENOMEM;
	memset(c->skipset, 0, c->skipcap * sizeof *c->skipset);
	for (int i = 0; i < c->count; i++)
		if (mark[i])
			skip_add(c, c->n[i].x);
	return 0;
}

/* ---- output ---- */

static int emit(struct ctx *c, gisa_strv *out)
{
	for (int s = 0; s < c->nsel; s++) {
		int rc = gisa_text_paragraphs_skip(c->n[c->sel[s]].x, out,
						   skip_cb, c);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static size_t total_len(const gisa_strv *sv)
{
	size_t n = 0;
	for (size_t i = 0; i < sv->n; i++)
		n += strlen(sv->v[i]);
	return n;
}

static xmlNodePtr find_body(xmlNodePtr root)
{
	for (xmlNodePtr x = root ? root->children : NULL; x; x = x->next)
		if (x->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)x->name, "body") == 0)
			return x;
	return root;
}

/* One attempt with the given options: the paragraphs in out. */
static int attempt(struct ctx *c, int opts, gisa_strv *out)
{
	int best, rc;

	score_paragraphs(c, opts);
	best = top_candidate(c, opts);
	if (best <= 0) {
		c->nsel = 1;
		c->sel[0] = 0;
	} else {
		select_siblings(c, best);
	}
	if ((rc = precision_pass(c, opts)) < 0)
		return rc;
	return emit(c, out);
}

int gisa_generic_extract(gisa_doc *doc, const char *jsonld_body,
			 gisa_article *a)
{
	struct ctx c = { .doc = doc };
	gisa_strv best = GISA_STRV_INIT;
	static const int tries[] = {
		O_STRIP_UNLIKELY | O_WEIGHT | O_CLEAN, O_WEIGHT | O_CLEAN,
		O_CLEAN, 0 };
	xmlNodePtr body = find_body(gisa_html_root(doc));
	int rc = 0;

	(void)jsonld_body;
	if (!body)
		goto none;
	c.cap = count_elements(body);
	if (c.cap > MAX_NODES)
		c.cap = MAX_NODES;
	c.n = gisa_arena_alloc(doc->arena, (size_t)c.cap * sizeof *c.n);
	c.sel = gisa_arena_alloc(doc->arena, (size_t)c.cap * sizeof *c.sel);
	if (!c.n || !c.sel)
		return GISA_ENOMEM;
	build(&c, body);
	sum_up(&c);
	mark_unlikely(&c);
	for (size_t t = 0; t < sizeof tries / sizeof tries[0]; t++) {
		gisa_strv sv = GISA_STRV_INIT;
		if ((rc = attempt(&c, tries[t], &sv)) < 0) {
			gisa_strv_clear(&sv);
			goto out;
		}
		if (total_len(&sv) > total_len(&best)) {
			gisa_strv_clear(&best);
			best = sv;
		} else {
			gisa_strv_clear(&sv);
		}
		if (total_len(&best) >= 500)
			break;
	}
	if (!best.n)
		goto none;
	gisa_strv_clear(&a->paragraphs);
	a->paragraphs = best;
	best = (gisa_strv)GISA_STRV_INIT;
	a->origin[GISA_F_BODY] = "generic";
	goto out;
none:
	rc = gisa_article_warn(a, "generic: no article text found");
out:
	gisa_strv_clear(&best);
	return rc;
}
