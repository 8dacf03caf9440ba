/* generic.c - the generic main-content extractor (see generic.h).
 *
 * 1. One walk over <body> numbers the visible elements in document order
 *    and records, per element, its parent, the end of its subtree, the
 *    nearest block ancestor and text counts (characters, link characters,
 *    commas); one backward pass sums them up the tree, leaving out the
 *    hover cards set in sentences. Everything until step 4 reads this
 *    table, never the text.
 * 2. Readability's candidate scoring picks the container: paragraphs score
 *    their ancestors (commas, length), class/id names weigh them, link
 *    density discounts them; siblings that belong are merged. Its passes
 *    run from strict to lax, and are compared by the prose they find.
 *    Chunks of the article styled like the container elsewhere in the
 *    same <article> join it.
 * 3. A structural pass inside the container leaves out chrome: figures,
 *    asides, forms, link lists (Readability's conditional cleaning, which
 *    spares small boxes of prose paragraphs), "Key points" summaries, and
 *    elements whose class names say comments, share bars, related links,
 *    bylines... (strong names always, weak ones unless they, or siblings
 *    styled like them, hold prose).
 * 4. core/text.c makes the paragraphs of what is left. Each is classed by
 *    its length, link density and stop-word density (jusText's idea):
 *    between the first and last good paragraph all but the bad are kept
 *    (a sentence that is mostly one link included); at the edges only
 *    near-good ones, siblings of the prose and the subheadings over kept
 *    text. Known boilerplate lines, captions beside their pictures,
 *    promotions whose links carry campaign tags, credits, bios and tail
 *    markers go (boiler.h).
 * 5. The JSON-LD articleBody, when given, is evidence: what it holds is
 *    kept, where it ends is where a complete article ends, and it stands
 *    in for a page whose text covers little of it.
 */
#include "generic.h"
#include "arena.h"
#include "boiler.h"
#include "error.h"
#include "stopwords.h"
#include "text.h"
#include "ustr.h"

#include <ctype.h>
#include <pthread.h>
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

/* Every element is looked up: a hash table over tagnames, built once. */
#define TAG_SLOTS 256 /* a power of two, well above the names' count */
static unsigned char tag_slot[TAG_SLOTS]; /* 1 + index in tagnames */
static pthread_once_t tag_once = PTHREAD_ONCE_INIT;

static unsigned tag_hash(const char *s)
{
	unsigned h = 0;

	for (; *s; s++)
		h = h * 31u + (unsigned char)*s;
	return h & (TAG_SLOTS - 1);
}

static void tag_build(void)
{
	for (size_t i = 0; i < sizeof tagnames / sizeof tagnames[0]; i++) {
		unsigned h = tag_hash(tagnames[i].name);
		while (tag_slot[h])
			h = (h + 1) & (TAG_SLOTS - 1);
		tag_slot[h] = (unsigned char)(i + 1);
	}
}

static enum tag tag_of(const xmlChar *xname)
{
	const char *name = (const char *)xname;

	pthread_once(&tag_once, tag_build);
	for (unsigned h = tag_hash(name); tag_slot[h];
	     h = (h + 1) & (TAG_SLOTS - 1)) {
		const struct tagname *t = &tagnames[tag_slot[h] - 1];
		if (t->name[0] == name[0] && strcmp(t->name, name) == 0)
			return (enum tag)t->tag;
	}
	return T_OTHER;
}

/* What class and id names say about an element (see chrome_hint). */
enum { HINT_NONE, HINT_WEAK, HINT_STRONG };

/* ---- the element table ---- */

enum {
	F_BLOCK = 1,     /* starts a paragraph (text.h's notion) */
	F_HASBLOCK = 2,  /* has a block descendant */
	F_CAND = 4,      /* holds a candidate score */
	F_UNLIKELY = 8,  /* itself or an ancestor looks like page chrome */
	F_SKIP = 16,     /* left out of the body by the precision pass */
	F_PROSE = 32,    /* parent of a paragraph kept as prose */
	F_CARD = 64,     /* a hover card inside a sentence: not text */
};

#define W_UNKNOWN (-128)

struct gn {
	xmlNodePtr x;
	int parent, end, blk;     /* element, subtree end, nearest block */
	uint32_t text, link;      /* subtree text units, of which in links */
	uint32_t inl, inl_link;   /* inline text whose nearest block is this */
	uint32_t htext, ltext;    /* subtree text in headings, in lists */
	uint32_t prose;           /* subtree text in prose paragraphs */
	uint32_t qtext;           /* subtree text in blockquotes */
	uint16_t commas, scommas; /* commas inline, in the subtree */
	uint16_t np, nimg, nli, ninput, nembed;
	float score;
	unsigned char tag, flags;
	signed char weight;       /* class/id weight, W_UNKNOWN until asked */
	unsigned char hint;       /* 1 + chrome_hint, 0 until asked */
};

struct ctx {
	gisa_doc *doc;
	struct gn *n;             /* malloc'd, grown while building */
	int count, cap;
	int err;
	/* the chosen containers, in document order */
	int *sel, *best;          /* best: the selection kept by choose() */
	int nsel;
	int opts;                 /* the options the containers came from */
	/* element -> table index (open addressing, power of 2) */
	struct slot { xmlNodePtr x; int i; } *map;
	size_t mapcap;
	char *title;              /* the document's <title>, cleaned */
	char title_sq[512];       /* ... squeezed (see title_like) */
	size_t title_sqlen;
};

static void add16(uint16_t *a, unsigned b)
{
	unsigned s = *a + b;
	*a = s > 0xFFFF ? 0xFFFF : (uint16_t)s;
}

/* How many bytes of x have their top bit set (no other bit is). */
static unsigned high_bits(uint64_t x)
{
	return (unsigned)(((x >> 7) * 0x0101010101010101ull) >> 56);
}

/* Text units of a UTF-8 run: one per visible character, two per CJK
 * ideograph, kana or hangul syllable (they carry about a word each), none
 * for white space; commas (and CJK commas and full stops) are counted.
 * Eight bytes of ASCII at a time where there are: a byte above ' ' is a
 * unit, a ',' a comma. */
static void measure(const unsigned char *s, uint32_t *units, unsigned *commas)
{
	const uint64_t high = 0x8080808080808080ull;
	const uint64_t ones = 0x0101010101010101ull;
	const unsigned char *end = s + strlen((const char *)s);
	uint32_t u = 0;
	unsigned c = 0;

	while (s < end) {
		unsigned char b = *s;
		uint64_t x;
		if (end - s >= 8 && (memcpy(&x, s, 8), !(x & high))) {
			/* b + 0x5F reaches 0x80 when b > ' '; b ^ ',' is 0
			 * for a comma, and b ^ ',' + 0x7F reaches 0x80 when
			 * it is not (no carries: every byte is below 0x80) */
			u += high_bits((x + 0x5F * ones) & high);
			c += 8u - high_bits(((x ^ (',' * ones)) + 0x7F * ones) &
					    high);
			s += 8;
			continue;
		}
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

struct walk {
	int cur, blk, inlink;
};

/* Room for more elements (the table grows as the walk finds them; a
 * walk to count them first would read the whole tree once more): -1 at
 * MAX_NODES, or out of memory (c->err). */
static int grow(struct ctx *c)
{
	int cap = c->cap ? c->cap * 2 : 1024;
	struct gn *n;

	if (c->cap >= MAX_NODES)
		return -1;
	if (cap > MAX_NODES)
		cap = MAX_NODES;
	if (!(n = realloc(c->n, (size_t)cap * sizeof *n))) {
		c->err = GISA_ENOMEM;
		return -1;
	}
	c->n = n;
	c->cap = cap;
	return 0;
}

/* Record element x; returns 1 when its children should be visited. */
static int enter_element(struct ctx *c, struct walk *w, xmlNodePtr x)
{
	enum tag tag = tag_of(x->name);
	struct gn *g;
	int i, tf;

	if (c->count >= c->cap && grow(c) < 0)
		return 0;
	tf = gisa_text_flags(x);
	/* Embedded players and form controls are counted (their number
	 * says something about a block) but hold no text. The root is
	 * always taken: pages hide <body> until their scripts run. */
	if (c->count && tag != T_EMBED && tag != T_CONTROL &&
	    (tf & GISA_TEXT_SKIPPED))
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
	if (tf & GISA_TEXT_BLOCK) {
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

#define CARD_MAX 64  /* elements in an inline box hover_card() looks into */

/* Past the blanks that open t. */
static const char *blank_end(const char *t)
{
	while (*t == ' ' || *t == '\n' || *t == '\t' || *t == '\r')
		t++;
	return t;
}

/* The first node of x's subtree that shows something: a text node that
 * is not blank or, with images, an <img> (scripts and hidden elements
 * skipped); NULL when there is none. */
static xmlNodePtr first_shown(xmlNodePtr x, int images)
{
	xmlNodePtr n = x->children;

	while (n && n != x) {
		if (n->type == XML_TEXT_NODE && n->content &&
		    *blank_end((const char *)n->content))
			return n;
		if (n->type == XML_ELEMENT_NODE) {
			if (images && tag_of(n->name) == T_IMG)
				return n;
			if (n->children && !gisa_text_skipped(n)) {
				n = n->children;
				continue;
			}
		}
		while (n != x && !n->next)
			n = n->parent;
		if (n != x)
			n = n->next;
	}
	return NULL;
}

/* Whether the first thing x shows is a picture: an <img> comes before
 * any text that is not blank (hidden elements aside). */
static int picture_first(xmlNodePtr x)
{
	xmlNodePtr n = first_shown(x, 1);

	return n && n->type == XML_ELEMENT_NODE;
}

/* Whether inline element i (its subtree summed up) is a hover card set in
 * a sentence: a name's pop-up with a photo and links to the person's
 * latest stories ("<p>... kill Rep. <span><a>Ilhan Omar</a><span><img>
 * <a>Ilhan Omar</a><a>Story</a><a>Story</a></span></span> (D-Minn.)
 * ..."), shown on hover, its text inline with the sentence's. A picture
 * first, then nothing but links, in a paragraph that has words of its
 * own. */
static int hover_card(const struct ctx *c, int i)
{
	const struct gn *g = &c->n[i], *b;
	int links = 0;

	if ((g->flags & F_BLOCK) || g->tag == T_A || !g->nimg || !g->text ||
	    g->link * 10 < g->text * 9 || g->end - i > CARD_MAX ||
	    g->blk < 0)
		return 0;
	b = &c->n[g->blk];
	if ((b->inl - g->text) - (b->inl_link - g->link) < 40)
		return 0;  /* the paragraph has no sentence of its own */
	for (int k = i + 1; k < g->end; k++) {
		const struct gn *e = &c->n[k];
		if (e->flags & F_BLOCK)
			return 0;
		links += e->tag == T_A;
	}
	return links >= 2 && picture_first(g->x);
}

/* Sum the counts up the tree: children come after their parent. A hover
 * card's counts go nowhere: its paragraph is weighed without it. */
static void sum_up(struct ctx *c)
{
	for (int i = c->count - 1; i > 0; i--) {
		struct gn *g = &c->n[i], *p = &c->n[g->parent];
		if (g->nimg && hover_card(c, i)) {
			struct gn *b = &c->n[g->blk];
			g->flags |= F_CARD;
			b->inl -= g->text;
			b->inl_link -= g->link;
			b->commas -= g->scommas < b->commas ? g->scommas :
							      b->commas;
			continue;
		}
		if (g->tag == T_H1 || g->tag == T_HN)
			g->htext = g->text;
		if (g->tag == T_LIST)
			g->ltext = g->text;
		if (g->tag == T_BQ)
			g->qtext = g->text;
		if ((g->flags & F_BLOCK) && g->inl >= 150 &&
		    g->inl_link * 5 < g->inl)
			g->prose += g->inl;
		p->text += g->text;
		p->link += g->link;
		p->htext += g->htext;
		p->ltext += g->ltext;
		p->prose += g->prose;
		p->qtext += g->qtext;
		add16(&p->scommas, g->scommas);
		/* Readability turns divs without blocks into paragraphs. */
		add16(&p->np, g->np + (g->tag == T_P ||
				       ((g->flags & (F_BLOCK | F_HASBLOCK)) ==
					F_BLOCK && g->inl > 0 &&
					g->tag != T_LI && g->tag != T_TD)));
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
	"popup", "yom-remote", "cookie", "consent", "onetrust", "didomi",
	NULL };
static const char *const maybe[] = {
	"and", "article", "body", "column", "content", "main", "shadow",
	NULL };

/* The value of attribute name, as stored (NULL when absent). */
static const char *attr_raw(xmlNodePtr x, const char *name)
{
	for (xmlAttrPtr a = x->properties; a; a = a->next)
		if (a->name[0] == name[0] && !strcmp((const char *)a->name, name) &&
		    a->children && a->children->content)
			return (const char *)a->children->content;
	return NULL;
}

/* The lowercased value of attribute name (at most HINT_MAX bytes). */
static size_t attr_lower(xmlNodePtr x, const char *name, char *buf,
			 size_t cap)
{
	size_t n = 0;

	for (xmlAttrPtr a = x->properties; a; a = a->next) {
		if (a->name[0] != name[0] || strcmp((const char *)a->name, name) ||
		    !a->children || !a->children->content)
			continue;
		for (const char *s = (const char *)a->children->content;
		     *s && n < cap - 1; s++)
			buf[n++] = (char)tolower((unsigned char)*s);
		break;
	}
	buf[n] = 0;
	return n;
}

static unsigned pair_key(unsigned char a, unsigned char b)
{
	return (a * 31u + b) & 1023u;
}

/* The pairs of adjacent bytes of s, as a set. */
struct pairs {
	uint64_t bit[16];
};

static void pairs_of(const char *s, struct pairs *ps)
{
	memset(ps, 0, sizeof *ps);
	for (const unsigned char *p = (const unsigned char *)s; p[0] && p[1];
	     p++) {
		unsigned k = pair_key(p[0], p[1]);
		ps->bit[k >> 6] |= (uint64_t)1 << (k & 63);
	}
}

/* Whether some entry of list occurs in s, whose pairs are ps. An entry
 * occurs only where each pair of its adjacent bytes does: that rules
 * most entries out before strstr. */
static int matches(const char *s, const struct pairs *ps,
		   const char *const *list)
{
	if (!*s)
		return 0;
	for (; *list; list++) {
		const unsigned char *e = (const unsigned char *)*list;
		int may = 1;
		for (; may && e[0] && e[1]; e++) {
			unsigned k = pair_key(e[0], e[1]);
			may = (int)(ps->bit[k >> 6] >> (k & 63) & 1);
		}
		if (may && strstr(s, *list))
			return 1;
	}
	return 0;
}

/* Readability's class weight: +-25 for the class, +-25 for the id. */
static int weight_of(struct ctx *c, int i)
{
	struct gn *g = &c->n[i];
	char buf[HINT_MAX];
	struct pairs ps;
	int w = 0;

	if (g->weight != W_UNKNOWN)
		return g->weight;
	if (attr_lower(g->x, "class", buf, sizeof buf)) {
		pairs_of(buf, &ps);
		w -= matches(buf, &ps, negative) ? 25 : 0;
		w += matches(buf, &ps, positive) ? 25 : 0;
	}
	if (attr_lower(g->x, "id", buf, sizeof buf)) {
		pairs_of(buf, &ps);
		w -= matches(buf, &ps, negative) ? 25 : 0;
		w += matches(buf, &ps, positive) ? 25 : 0;
	}
	g->weight = (signed char)w;
	return w;
}

static int unlikely_self(struct ctx *c, int i)
{
	struct gn *g = &c->n[i];
	char buf[2 * HINT_MAX + 2];
	struct pairs ps;
	size_t n;

	if (g->tag == T_BODY || g->tag == T_A)
		return 0;
	n = attr_lower(g->x, "class", buf, HINT_MAX);
	buf[n++] = ' ';
	attr_lower(g->x, "id", buf + n, HINT_MAX);
	pairs_of(buf, &ps);
	if (matches(buf, &ps, unlikely) && !matches(buf, &ps, maybe))
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
		/* Only blocks hold the paragraphs this is about. */
		int named = g->x->properties && (g->flags & F_BLOCK);
		if ((i > 0 && (c->n[g->parent].flags & F_UNLIKELY)) ||
		    (named && unlikely_self(c, i)))
			g->flags |= F_UNLIKELY;
	}
}

/* ---- chrome hints ---- */

/* Class and id words that mark page chrome, matched against each word of
 * the attribute ("share" matches "share-bar" and "shareButtons"). */
static const char *const strong_prefix[] = {
	"share", "sharing", "social", "comment", "related", "recommend",
	"newsletter", "subscri", "promo", "advert", "sponsor", "cookie",
	"consent", "gdpr", "breadcrumb", "caption", "credit", "byline",
	"outbrain", "taboola", "disqus", "signup", "popular", "trending",
	"author", "copyright", NULL };
static const char *const strong_exact[] = { "ad", "ads", "adv", NULL };
static const char *const weak_prefix[] = {
	"dateline", "timestamp", "toolbar", "widget", "sidebar",
	"footer", "masthead", "navbar", "navigation", "menu", "pagination",
	"pager", "banner", "modal", "popup", "overlay", "rating", "reaction",
	"headline", "kicker", "eyebrow", "published", "updated", NULL };
static const char *const weak_exact[] = {
	"nav", "meta", "date", "time", "tags", "tag", "info", "title",
	"print", "email", "mail", "follow", "hidden", "hide", "photo",
	"image", "img", "figure", "media", "video", "player", "gallery",
	"topics", "keywords", "more", "next", "prev", "source", "tools",
	NULL };

static const char *const related_prefix[] = { "related", "recommend",
					       "relacionad", NULL };

static int word_in(const char *w, size_t n, const char *const *exact,
		   const char *const *prefix)
{
	/* the first byte rules out most entries before any strlen */
	for (const char *const *p = exact; p && *p; p++)
		if ((*p)[0] == w[0] && strlen(*p) == n &&
		    memcmp(w, *p, n) == 0)
			return 1;
	for (const char *const *p = prefix; p && *p; p++) {
		size_t k;
		if ((*p)[0] && (*p)[0] != w[0])
			continue;
		k = strlen(*p);
		if (n >= k && memcmp(w, *p, k) == 0)
			return 1;
	}
	return 0;
}

/* Whether any word of s (split at non-letters and at camelCase humps)
 * is one of exact or starts with one of prefix: bit 1. Bit 2: the same
 * for exact2 and prefix2 (either may be NULL), looked at in the same
 * pass until the first word of bit 1. */
static int words_match2(const char *s0, const char *const *exact,
			const char *const *prefix, const char *const *exact2,
			const char *const *prefix2)
{
	static const char *const taxonomy[] = { "category-", "tag-", "tags-",
						 "topic-", NULL };
	const char *s = s0;
	char w[48];
	size_t n = 0;
	int modifier = 0;  /* the previous word was "has", "with", "no" */
	int hits = 0;

	for (;; s++) {
		unsigned char ch = (unsigned char)*s;
		/* CMSs name an article's categories and tags in its classes
		 * ("category-advertising"): those are topics, not layout. */
		if (s[0] && !n && (s == s0 || isspace((unsigned char)s[-1])))
			for (const char *const *t = taxonomy; *t; t++)
				if (!strncmp(s, *t, strlen(*t))) {
					while (*s && !isspace((unsigned char)*s))
						s++;
					ch = (unsigned char)*s;
					break;
				}
		int hump = n && isupper(ch) && islower((unsigned char)s[-1]);
		if (!isalnum(ch) || hump) {
			/* "card--has-image" says what a card holds, not
			 * what it is. */
			if (n && n < sizeof w && !modifier) {
				if (word_in(w, n, exact, prefix))
					return hits | 1;
				if (!(hits & 2) && (exact2 || prefix2) &&
				    word_in(w, n, exact2, prefix2))
					hits |= 2;
			}
			if (n)
				modifier = (n == 3 && !memcmp(w, "has", 3)) ||
					   (n == 4 && !memcmp(w, "with", 4)) ||
					   (n == 2 && !memcmp(w, "no", 2));
			n = 0;
			if (!ch)
				return hits;
			if (!isalnum(ch))
				continue;
		}
		if (n < sizeof w)
			w[n] = (char)tolower(ch);
		n++;
	}
}

static int words_match(const char *s, const char *const *exact,
		       const char *const *prefix)
{
	return words_match2(s, exact, prefix, NULL, NULL) & 1;
}

/* What the class, id and role of x say: strong hints (comments, share
 * bars, related links, ads) are chrome whatever they hold; weak ones
 * (sidebar, meta, title...) are often layout names too. */
static int chrome_hint(xmlNodePtr x)
{
	static const char *const roles[] = {
		"navigation", "complementary", "contentinfo", "banner",
		"search", "dialog", "alertdialog", "menu", "menubar",
		"toolbar", "alert", NULL };
	const char *cls = attr_raw(x, "class"), *id = attr_raw(x, "id");
	const char *v;

	/* Text for screen readers only ("Share on Facebook") is invisible
	 * on the page. */
	if (cls && (strstr(cls, "sr-only") || strstr(cls, "screen-reader") ||
		    strstr(cls, "visually-hidden") ||
		    strstr(cls, "visuallyhidden")))
		return HINT_STRONG;
	/* strong and weak names in one pass over each attribute */
	int hc = cls ? words_match2(cls, strong_exact, strong_prefix,
				    weak_exact, weak_prefix) : 0;
	if (hc & 1)
		return HINT_STRONG;
	int hi = id ? words_match2(id, strong_exact, strong_prefix,
				   weak_exact, weak_prefix) : 0;
	if (hi & 1)
		return HINT_STRONG;
	if ((hc | hi) & 2)
		return HINT_WEAK;
	if ((v = attr_raw(x, "role")))
		for (const char *const *r = roles; *r; r++)
			if (!strcmp(v, *r))
				return HINT_WEAK;
	return HINT_NONE;
}

/* chrome_hint of element i, asked once: the passes that choose the
 * containers ask again and again of the same elements. */
static int hint_of(struct ctx *c, int i)
{
	struct gn *g = &c->n[i];

	if (!g->hint)
		g->hint = (unsigned char)(1 + chrome_hint(g->x));
	return g->hint - 1;
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
	for (int k = 1; k < 5 && c->n[best].score > 0; k++)
		if (top[k] >= 0 &&
		    c->n[top[k]].score >= 0.75f * c->n[best].score)
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
	const char *ca = attr_raw(a->x, "class"), *cb = attr_raw(b->x, "class");
	return ca && cb && *ca && strcmp(ca, cb) == 0;
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
		/* A part of the article split off by a figure or an ad is
		 * styled like the part that won, even when its paragraphs sit
		 * too deep to have scored. */
		if (!take && s->text >= 100 && link_density(s) < 0.3f &&
		    same_class(s, b))
			take = 1;
		if (!take && s->tag == T_P) {
			float ld = link_density(s);
			if (s->text > 80)
				take = ld < 0.25f;
			else
				take = s->text > 0 && ld == 0 &&
				       sentence_like(s);
		}
		/* A newsletter box or a share bar beside the article is not
		 * part of it, however well it scores. */
		if (take && k != best && hint_of(c, k) == HINT_STRONG)
			take = 0;
		if (take)
			c->sel[c->nsel++] = k;
	}
	return 0;
}

/* ---- node lookup ---- */

static size_t hash_ptr(const void *p)
{
	uintptr_t v = (uintptr_t)p >> 4;
	return (size_t)(v * 0x9E3779B97F4A7C15ull >> 17);
}

static int map_build(struct ctx *c)
{
	size_t cap = 64;

	while (cap < (size_t)c->count * 2)
		cap *= 2;
	c->map = gisa_arena_alloc(c->doc->arena, cap * sizeof *c->map);
	if (!c->map)
		return GISA_ENOMEM;
	memset(c->map, 0, cap * sizeof *c->map);
	c->mapcap = cap;
	for (int i = 0; i < c->count; i++) {
		size_t h = hash_ptr(c->n[i].x) & (cap - 1);
		while (c->map[h].x)
			h = (h + 1) & (cap - 1);
		c->map[h].x = c->n[i].x;
		c->map[h].i = i;
	}
	return 0;
}

/* The table index of element x, or -1 when it was not numbered. */
static int index_of(const struct ctx *c, xmlNodePtr x)
{
	size_t mask = c->mapcap - 1;

	for (size_t h = hash_ptr(x) & mask; c->map[h].x; h = (h + 1) & mask)
		if (c->map[h].x == x)
			return c->map[h].i;
	return -1;
}

/* ---- the structural pass ---- */

#define BOX_MAX 64  /* elements in a box that prose_box() looks into */

/* Whether leaf block k is a sentence most of whose words are one link
 * ("It also [co-ordinates military plans]."): see linked_sentence(). */
static int linked_leaf(const struct ctx *c, int k)
{
	const struct gn *e = &c->n[k];
	gisa_shape sh;
	xmlChar *s;
	int links = 0;

	if ((uint64_t)e->inl_link * 100 > (uint64_t)e->inl * 85)
		return 0;
	for (int j = k + 1; j < e->end && links < 2; j++)
		links += c->n[j].tag == T_A;
	if (links != 1 || !(s = xmlNodeGetContent(e->x)))
		return 0;
	gisa_boiler_shape((const char *)s, &sh);
	xmlFree(s);
	return (sh.sentence || sh.lead_in) && sh.weight >= 3;
}

/* Whether div i is a small box of paragraphs and nothing else, each of
 * them mostly words rather than links. Some CMSs box every paragraph, or
 * every few, in a div or three: such a box is its paragraphs, and their
 * links are weighed with their words when they are classed (classify()),
 * not against the box as a whole. A teaser box fails (its headline is
 * all link), and so does a promo that links every other phrase ("send us
 * a letter, here are some tips, here is our address"). */
static int prose_box(const struct ctx *c, int i)
{
	const struct gn *g = &c->n[i];
	int leaves = 0, links = 0;

	if (g->tag != T_DIV || g->end - i > BOX_MAX || g->nimg || g->nli ||
	    g->ninput || g->nembed)
		return 0;
	for (int k = i + 1; k < g->end; k++) {
		const struct gn *e = &c->n[k];
		switch (e->tag) {
		case T_P: case T_HN: case T_DIV: case T_SPAN: case T_A:
		case T_B: case T_I: case T_BR: case T_TIME:
			break;
		default:
			if (e->flags & F_BLOCK)
				return 0;
			break;
		}
		links += e->tag == T_A;
		if ((e->flags & (F_BLOCK | F_HASBLOCK)) != F_BLOCK || !e->inl)
			continue;
		if (e->inl_link * 2 > e->inl && !linked_leaf(c, k))
			return 0;
		leaves++;
	}
	return leaves > 0 && links <= 2 * leaves;
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
	int linky = (!is_list && weight < 25 && ld > 0.2f) ||
		    (weight >= 25 && ld > 0.5f);
	return (img > 1 && (float)p / (float)img < 0.5f && !in_figure) ||
	       (!is_list && li > p) || (input > p / 3) ||
	       (!is_list && hd < 0.9f && g->text < 25 &&
		(img == 0 || img > 2) && !in_figure) ||
	       (linky && !prose_box(c, i)) ||
	       (embed == 1 && g->text < 75) || embed > 1;
}

#define TWINS_MAX 64  /* siblings prose_twin() looks at */

/* Whether a sibling of i with i's class is mostly prose: an article cut
 * into several "sidebar-grid__container" blocks by its ads, the first of
 * them holding the header as well as the first paragraphs. */
static int prose_twin(const struct ctx *c, int i)
{
	const struct gn *g = &c->n[i];
	int p = g->parent, seen = 0;

	if (p < 0)
		return 0;
	for (int k = p + 1; k < c->n[p].end && seen < TWINS_MAX;
	     k = c->n[k].end, seen++) {
		const struct gn *s = &c->n[k];
		if (k != i && s->text && s->prose * 2 >= s->text &&
		    same_class(s, g))
			return 1;
	}
	return 0;
}

/* The first text of x's subtree that is not blank (scripts and hidden
 * elements skipped), or NULL. */
static const char *first_text(xmlNodePtr x)
{
	xmlNodePtr n = first_shown(x, 0);

	return n ? blank_end((const char *)n->content) : NULL;
}

/* A box of bullet points labelled "Key points" or "Highlights": the
 * article summed up by its editors, not its text. */
static int summary_box(const struct ctx *c, int i)
{
	const struct gn *g = &c->n[i];
	const char *t;
	char label[64];
	size_t n = 0;

	if (g->tag != T_DIV && g->tag != T_SECTION && g->tag != T_ASIDE)
		return 0;
	if (!(t = first_text(g->x)))
		return 0;
	while (t[n] && t[n] != '\n' && n < sizeof label - 1) {
		label[n] = t[n];
		n++;
	}
	label[n] = 0;
	return gisa_chrome_summary_label(label);
}

/* Whether element i, inside a container holding total text units, is
 * chrome to leave out of the body. */
static int left_out(struct ctx *c, int i, uint32_t total, int opts)
{
	struct gn *g = &c->n[i];
	int small = (uint64_t)g->text * 10 < (uint64_t)total * 3;

	/* An embedded post (a tweet in its "social-embed" wrapper) is a
	 * quotation the article makes: its text is in a <blockquote>. */
	if (g->text && g->qtext * 2 > g->text && g->tag != T_ASIDE &&
	    g->tag != T_NAV && g->tag != T_FOOTER)
		return 0;
	switch (g->tag) {
	case T_FIGURE: case T_FIGCAP: case T_ASIDE: case T_NAV:
	case T_FOOTER: case T_CONTROL: case T_EMBED: case T_H1:
		return 1;
	case T_HEADER:
		if (small)
			return 1;
		break;
	case T_FORM:
		return clean_conditionally(c, i, opts);
	case T_HN:
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
	/* less than half the article: a summary, however short the text */
	if (g->nli && (uint64_t)g->text * 2 < total && summary_box(c, i))
		return 1;
	/* Rows and cells of a data table are never chrome. */
	if (g->tag == T_TR || g->tag == T_TD || g->tag == T_TH || !small)
		return 0;
	switch (hint_of(c, i)) {
	case HINT_STRONG:
		return 1;
	case HINT_WEAK:
		/* "sidebar-grid__body" may hold the article: prose wins, in
		 * it or in the siblings styled like it. An inline element
		 * named "title" is part of its sentence, and so is a
		 * subheading (h2-h6) of the article: its place in the text
		 * decides (decide()), unless it is a link. */
		if (g->tag == T_HN && link_density(g) < 0.5f)
			return 0;
		return (g->flags & F_BLOCK) && g->prose * 2 < g->text &&
		       !prose_twin(c, i);
	default:
		return 0;
	}
}

/* A heading of a related-articles block: what follows it in its parent
 * is more of the same. */
static int related_title(const struct ctx *c, int i)
{
	const struct gn *g = &c->n[i];
	const char *v;

	if (g->tag != T_HN)
		return 0;
	return ((v = attr_raw(g->x, "class")) &&
		words_match(v, NULL, related_prefix)) ||
	       ((v = attr_raw(g->x, "id")) &&
		words_match(v, NULL, related_prefix));
}

static void structural_pass(struct ctx *c, int opts)
{
	for (int s = 0; s < c->nsel; s++) {
		int root = c->sel[s];
		uint32_t total = c->n[root].text;
		for (int i = root + 1; i < c->n[root].end;) {
			if (!left_out(c, i, total, opts)) {
				i++;
				continue;
			}
			c->n[i].flags |= F_SKIP;
			if (related_title(c, i)) {
				int p = c->n[i].parent;
				for (int k = c->n[i].end; k < c->n[p].end;
				     k = c->n[k].end)
					c->n[k].flags |= F_SKIP;
				i = c->n[p].end;
			} else {
				i = c->n[i].end;
			}
		}
	}
}

/* ---- paragraphs ---- */

enum { C_BAD, C_SHORT, C_NEAR, C_GOOD };

struct para {
	char *text;
	int blk;          /* table index of the block it starts in */
	uint32_t units;
	float ld, sd;     /* link density of its block, stop-word density */
	unsigned char cls, keep, head, cjk;
	unsigned char linky;  /* C_BAD for its link density alone */
};

struct paras {
	struct ctx *c;
	struct para *v;
	size_t n, cap;
	int root;         /* the container being walked */
};

/* text.c's filter: the elements the structural pass left out. Elements
 * that were not numbered (past MAX_NODES) are kept. */
static int skip_cb(xmlNodePtr x, void *ud)
{
	const struct paras *ps = ud;
	int i = index_of(ps->c, x);

	return i >= 0 && (ps->c->n[i].flags & (F_SKIP | F_CARD));
}


static int title_like(const struct ctx *c, const char *text)
{
	const char *b = c->title_sq;
	char a[512];
	size_t na, nb = c->title_sqlen, cap = nb + nb / 3 + 2;

	if (!c->title || nb < 8 || strlen(text) > 400)
		return 0;
	/* Squeezed text longer than nb + nb / 3 matches neither way below:
	 * squeezing stops one byte past that. */
	na = gisa_u8_squeeze(text, a, cap < sizeof a ? cap : sizeof a);
	if (na > nb + nb / 3)
		return 0;
	if (na < 8 || nb < 8)
		return 0;
	/* The headline is the title, or the title minus the site name. */
	return (strstr(b, a) && na * 2 >= nb) ||
	       (strstr(a, b) && na <= nb + nb / 3);
}

static void classify(struct para *p)
{
	float ld = p->ld;

	/* Link-heavy lines are chrome, unless they read like prose (news
	 * sites link half the words of some paragraphs). */
	if (ld > 0.85f || (ld > 0.5f && !(p->units >= 100 && p->sd >= 0.25f)))
		p->cls = C_BAD;
	else if (p->cjk)
		p->cls = p->units >= 100 && ld < 0.3f ? C_GOOD :
			 p->units >= 40 ? C_NEAR : C_SHORT;
	else if (p->units >= 120 && p->sd >= 0.15f && ld < 0.3f)
		p->cls = C_GOOD;
	else if (p->units >= 250 && ld < 0.3f)
		p->cls = C_GOOD;
	else if (p->units >= 40 && p->sd >= 0.2f && ld < 0.4f)
		p->cls = C_NEAR;
	else
		p->cls = C_SHORT;
}

/* A caption without <figure>: the short text of a small box that holds
 * a picture besides it ("<div><picture><img></picture><div>Fans with a
 * banner</div><div>AGENCY</div></div>"). */
static int box_caption(const struct ctx *c, int blk)
{
	const struct gn *b = &c->n[blk];
	int p = b->parent;

	/* paragraphs, headings, items and quotes beside a picture are text */
	if (p < 0 || b->tag == T_P || b->tag == T_HN || b->tag == T_H1 ||
	    b->tag == T_LI || c->n[p].tag == T_BQ)
		return 0;
	const struct gn *box = &c->n[p];
	return box->nimg > b->nimg && box->text < 150 &&
	       box->end - p <= BOX_MAX;
}

/* A caption written into the picture's paragraph: "<p><img><br><em>The
 * mayor at the opening</em></p>". The block holds an image and its text,
 * short, is all in italics. */
static int image_caption(const struct ctx *c, int blk, uint32_t units)
{
	const struct gn *b = &c->n[blk];
	uint32_t italic = 0;

	if (units >= 150)
		return 0;
	if (box_caption(c, blk))
		return 1;
	if (!b->nimg || (b->flags & F_HASBLOCK) || b->end - blk > BOX_MAX)
		return 0;
	for (int k = blk + 1; k < b->end; k++)
		if (c->n[k].tag == T_I) {
			italic += c->n[k].text;
			k = c->n[k].end - 1;
		}
	return italic && italic * 10 >= b->inl * 9;
}

/* A promotion set in the text: a short paragraph whose links, a good
 * part of its words, all carry a campaign tag ("?utm_campaign=...", the
 * marketing tag of links to a newsletter, a membership, a shop). The
 * links of the article's own sentences are seldom tagged, and when they
 * are, the sentence is mostly words. */
static int campaign_promo(const struct ctx *c, const struct para *p)
{
	const struct gn *b = &c->n[p->blk];
	int links = 0;

	if (p->units >= 300 || p->ld < 0.2f || (b->flags & F_HASBLOCK))
		return 0;
	for (int k = p->blk + 1; k < b->end; k++) {
		const char *href;
		if (c->n[k].tag != T_A)
			continue;
		href = attr_raw(c->n[k].x, "href");
		if (!href || !strstr(href, "utm_campaign="))
			return 0;
		links++;
	}
	return links > 0;
}

static int take_para(char *text, xmlNodePtr block, void *ud)
{
	struct paras *ps = ud;
	struct ctx *c = ps->c;
	struct para *p;
	gisa_wordstats ws;
	unsigned commas = 0;
	int i;

	if (ps->n == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 64;
		struct para *v = realloc(ps->v, cap * sizeof *v);
		if (!v) {
			free(text);
			return GISA_ENOMEM;
		}
		ps->v = v;
		ps->cap = cap;
	}
	p = &ps->v[ps->n++];
	memset(p, 0, sizeof *p);
	p->text = text;
	i = index_of(c, block);
	p->blk = i >= 0 ? i : ps->root;
	struct gn *b = &c->n[p->blk];
	measure((const unsigned char *)text, &p->units, &commas);
	p->ld = b->inl ? (float)b->inl_link / (float)b->inl : 0;
	/* Long link-poor paragraphs are prose whatever their words. */
	if (p->units < 250 || p->ld >= 0.3f) {
		gisa_wordstats_of(text, strlen(text), &ws);
		p->sd = ws.words ? (float)ws.stops / (float)ws.words : 0;
		p->cjk = ws.cjk * 2 > ws.letters;
	}
	p->head = b->tag == T_HN || b->tag == T_H1;
	if (gisa_chrome_line(text) || title_like(c, text) ||
	    image_caption(c, p->blk, p->units) || campaign_promo(c, p))
		p->cls = C_BAD;
	else
		classify(p);
	if (p->cls == C_BAD && p->ld <= 0.85f && !gisa_chrome_line(text) &&
	    !title_like(c, text))
		p->linky = 1;
	return 0;
}

/* A list page: teasers, each a linked headline over a line or two of
 * summary. Articles' subheadings are rarely links. */
static int list_page(const struct paras *ps)
{
	int linked = 0, prose = 0;

	for (size_t i = 0; i < ps->n; i++) {
		const struct para *p = &ps->v[i];
		if (p->head && p->ld >= 0.8f)
			linked++;
		else if (p->cls >= C_NEAR)
			prose++;
	}
	return linked >= 4 && linked * 2 >= prose;
}

/* A few short lines and no prose are not an article (a login wall, an
 * error page, a caption-only page), and neither is a list of teasers. */
static void require_article(struct paras *ps)
{
	uint32_t units = 0;
	int near = 0;

	if (list_page(ps))
		goto none;
	for (size_t i = 0; i < ps->n; i++)
		if (ps->v[i].keep) {
			if (ps->v[i].cls == C_GOOD)
				return;
			near += ps->v[i].cls == C_NEAR;
			units += ps->v[i].units;
		}
	if (units >= 150 || near >= 2)
		return;
none:
	for (size_t i = 0; i < ps->n; i++)
		ps->v[i].keep = 0;
}

static int para_parent(const struct ctx *c, const struct para *p)
{
	const struct gn *b = &c->n[p->blk];
	return (b->flags & F_HASBLOCK) ? p->blk : b->parent;
}

/* The parent of the list or table a paragraph is an item or cell of. */
static int table_parent(const struct ctx *c, const struct para *p)
{
	int i = p->blk;

	for (;;) {
		const struct gn *g = &c->n[i];
		int structural = g->tag == T_LI || g->tag == T_LIST ||
				 g->tag == T_TR || g->tag == T_TD ||
				 g->tag == T_TH || g->tag == T_TABLE ||
				 g->tag == T_DT || g->tag == T_DD ||
				 (g->tag == T_OTHER && g->x->name[0] == 't');
		if (!structural || g->parent < 0)
			break;
		i = g->parent;
	}
	return i == p->blk ? -2 : i;
}

/* Past the middle of the article, a tail marker ends it; the last few
 * kept paragraphs lose their credit and contact lines. */
static void trim_tail(struct paras *ps)
{
	uint64_t total = 0, seen = 0;
	int checked = 0;

	for (size_t i = 0; i < ps->n; i++)
		if (ps->v[i].keep)
			total += ps->v[i].units;
	for (size_t i = 0; i < ps->n; i++) {
		if (!ps->v[i].keep)
			continue;
		if (seen * 2 >= total && gisa_chrome_marker(ps->v[i].text)) {
			for (size_t k = i; k < ps->n; k++)
				ps->v[k].keep = 0;
			break;
		}
		seen += ps->v[i].units;
	}
	for (size_t i = ps->n; i-- > 0 && checked < 4;) {
		if (!ps->v[i].keep)
			continue;
		checked++;
		if (gisa_chrome_tail(ps->v[i].text))
			ps->v[i].keep = 0;
	}
	/* A heading with nothing after it heads something left out. */
	for (size_t i = ps->n; i-- > 0;) {
		if (!ps->v[i].keep)
			continue;
		if (!ps->v[i].head)
			break;
		ps->v[i].keep = 0;
	}
}

/* A sentence of the article most of whose words are one link ("A new
 * law is set to ..." linking the law, "The Times reported:" before a
 * quote): inside the article it is prose, where a teaser or a link list
 * would not end like a sentence, and a promo or a name's hover card
 * would hold several links. */
static int linked_sentence(const struct ctx *c, const struct para *p)
{
	const struct gn *b = &c->n[p->blk];
	gisa_shape sh;
	int links = 0;

	if (!p->linky || (b->flags & F_HASBLOCK))
		return 0;
	for (int k = p->blk + 1; k < b->end && links < 2; k++)
		links += c->n[k].tag == T_A;
	if (links != 1)
		return 0;
	gisa_boiler_shape(p->text, &sh);
	return (sh.sentence || sh.lead_in) && sh.weight >= 3;
}

/* Whether the heading of p looks like a subheading kept in the prose
 * before it: same element, same (non-empty) class. */
static int styled_like_kept(const struct paras *ps, size_t i)
{
	const struct gn *h = &ps->c->n[ps->v[i].blk];

	for (size_t k = 0; k < i; k++) {
		const struct gn *o = &ps->c->n[ps->v[k].blk];
		if (ps->v[k].keep && ps->v[k].head && o->x->name &&
		    !strcmp((const char *)o->x->name, (const char *)h->x->name) &&
		    same_class(o, h))
			return 1;
	}
	return 0;
}

/* A subheading left out at the edge of the prose (the article's own
 * boxes hide that it is the prose's sibling) heads the kept paragraph
 * that follows it, when kept text comes before it too. After the last
 * good paragraph a heading over kept lines is as often a list of teasers
 * ("Most popular"): there it must be styled like the subheadings kept
 * before. */
static void keep_subheadings(struct paras *ps, size_t last)
{
	int before = 0;

	for (size_t i = 0; i + 1 < ps->n; i++) {
		struct para *p = &ps->v[i];
		if (p->keep) {
			before = 1;
			continue;
		}
		if (before && p->head && p->cls != C_BAD &&
		    ps->v[i + 1].keep && !ps->v[i + 1].head &&
		    (i < last || styled_like_kept(ps, i)))
			p->keep = 1;
	}
}

/* Keep what lies between the first and the last good paragraph; at the
 * edges, where bylines, dates, kickers and promos sit, keep only the
 * near-good paragraphs and the siblings of the prose (lists and tables
 * beside it included). Drop the bad everywhere. */
static void decide(struct paras *ps)
{
	struct ctx *c = ps->c;
	long first = -1, last = -1;
	int best = C_GOOD;

	for (size_t i = 0; i < ps->n; i++)
		if (ps->v[i].cls == C_GOOD) {
			if (first < 0)
				first = (long)i;
			last = (long)i;
		}
	if (first < 0) {
		best = C_NEAR;
		for (size_t i = 0; i < ps->n; i++)
			if (ps->v[i].cls == C_NEAR) {
				if (first < 0)
					first = (long)i;
				last = (long)i;
			}
	}
	if (first < 0) {
		/* No prose at all (results, listings, verse): the container
		 * was chosen for its text, keep what is not chrome. */
		for (size_t i = 0; i < ps->n; i++)
			ps->v[i].keep = ps->v[i].cls != C_BAD;
		return;
	}
	for (long i = first; i <= last; i++) {
		int pp = para_parent(c, &ps->v[i]);
		ps->v[i].keep = ps->v[i].cls != C_BAD ||
				linked_sentence(c, &ps->v[i]);
		if (ps->v[i].cls >= best && pp >= 0)
			c->n[pp].flags |= F_PROSE;
	}
	for (size_t i = 0; i < ps->n; i++) {
		struct para *p = &ps->v[i];
		if ((long)i >= first && (long)i <= last)
			continue;
		/* Siblings of the prose, and lists and tables beside it. */
		int pp = para_parent(c, p), tp = table_parent(c, p);
		int sib = (pp >= 0 && (c->n[pp].flags & F_PROSE)) ||
			  (tp >= 0 && (c->n[tp].flags & F_PROSE) &&
			   p->ld < 0.3f);
		if (p->cls == C_BAD)
			p->keep = sib &&
				  linked_sentence(c, p);
		else
			p->keep = p->cls == C_NEAR || sib;
	}
	keep_subheadings(ps, (size_t)last);
	trim_tail(ps);
}

/* ---- JSON-LD evidence ---- */

#define JSONLD_MAX ((size_t)1 << 20)  /* bytes of articleBody examined */

/* Word 3-grams as 64-bit hashes. A word is a run of ASCII letters and
 * digits or of non-ASCII characters other than spaces and general
 * punctuation; ASCII is lowercased. Both texts are cut the same way, so
 * the rough edges cancel out. */
static int punct_at(const unsigned char *s, const unsigned char *end)
{
	if (end - s < 2)
		return 0;
	return (s[0] == 0xE2 && s[1] == 0x80) ||  /* U+2000..U+203F */
	       (s[0] == 0xC2 && (s[1] == 0xA0 || s[1] == 0xAB ||
				 s[1] == 0xBB || s[1] == 0xB7)) ||
	       (s[0] == 0xE3 && s[1] == 0x80 && end - s >= 3 && s[2] <= 0x82);
}

typedef void (*shingle_fn)(uint64_t h, void *ud);

static void shingles(const char *text, shingle_fn fn, void *ud)
{
	const unsigned char *s = (const unsigned char *)text;
	const unsigned char *end = s + strnlen(text, JSONLD_MAX);
	uint64_t w0 = 0, w1 = 0;
	int n = 0;

	while (s < end) {
		uint64_t h = 1469598103934665603ull;
		const unsigned char *start = s;
		while (s < end && ((*s >= 0x80 && !punct_at(s, end)) ||
				   (*s < 0x80 && isalnum(*s)))) {
			h = (h ^ (unsigned char)tolower(*s)) * 1099511628211ull;
			s++;
		}
		if (s == start) {  /* a separator: skip one character */
			s++;
			while (s < end && (*s & 0xC0) == 0x80)
				s++;
			continue;
		}
		if (++n >= 3)
			fn((w0 * 0x100000001B3ull + w1) * 0x100000001B3ull + h,
			   ud);
		w0 = w1;
		w1 = h;
	}
}

struct hset {
	uint64_t *v;   /* 0 = empty */
	size_t cap, n;
};

static int hset_init(gisa_arena *ar, struct hset *hs, size_t want)
{
	hs->cap = 64;
	while (hs->cap < want * 2 + 2)
		hs->cap *= 2;
	hs->n = 0;
	hs->v = gisa_arena_alloc(ar, hs->cap * sizeof *hs->v);
	if (!hs->v)
		return GISA_ENOMEM;
	memset(hs->v, 0, hs->cap * sizeof *hs->v);
	return 0;
}

static void hset_add(uint64_t h, void *ud)
{
	struct hset *hs = ud;
	size_t mask = hs->cap - 1, i;

	h |= 1;
	if (hs->n * 2 >= hs->cap)
		return;  /* full: the evidence is partial, never wrong */
	for (i = (size_t)(h >> 7) & mask; hs->v[i]; i = (i + 1) & mask)
		if (hs->v[i] == h)
			return;
	hs->v[i] = h;
	hs->n++;
}

static int hset_has(const struct hset *hs, uint64_t h)
{
	size_t mask = hs->cap - 1;

	h |= 1;
	for (size_t i = (size_t)(h >> 7) & mask; hs->v[i]; i = (i + 1) & mask)
		if (hs->v[i] == h)
			return 1;
	return 0;
}

struct overlap {
	const struct hset *set;
	unsigned total, hits;
	struct hset *seen;  /* articleBody shingles met so far, or NULL */
};

static void count_hit(uint64_t h, void *ud)
{
	struct overlap *o = ud;

	o->total++;
	if (hset_has(o->set, h)) {
		o->hits++;
		if (o->seen)
			hset_add(h, o->seen);
	}
}

/* Share of text's shingles found in the articleBody (-1: too short). */
static float in_jsonld(const struct hset *set, const char *text,
		       struct hset *seen)
{
	struct overlap o = { set, 0, 0, seen };

	shingles(text, count_hit, &o);
	return o.total ? (float)o.hits / (float)o.total : -1;
}

/* Weigh the paragraphs against the JSON-LD articleBody: paragraphs it
 * holds are kept; paragraphs at the edges it lacks are dropped when it
 * looks complete. Sets *use_jsonld when the page's text covers little of
 * a much longer articleBody (the rest of the article is not in the HTML,
 * only in the metadata). */
static int weigh_jsonld(struct paras *ps, const char *jsonld,
			int *use_jsonld)
{
	gisa_arena *ar = ps->c->doc->arena;
	struct hset set, seen;
	size_t len = strnlen(jsonld, JSONLD_MAX), kept_len = 0;
	float *share;
	long first = -1, last = -1;

	*use_jsonld = 0;
	if (hset_init(ar, &set, len / 4) < 0 ||
	    hset_init(ar, &seen, len / 4) < 0)
		return GISA_ENOMEM;
	shingles(jsonld, hset_add, &set);
	if (set.n < 8)
		return 0;  /* a teaser, not a body */
	share = gisa_arena_alloc(ar, (ps->n + 1) * sizeof *share);
	if (!share)
		return GISA_ENOMEM;
	for (size_t i = 0; i < ps->n; i++) {
		struct para *p = &ps->v[i];
		share[i] = in_jsonld(&set, p->text, p->keep ? &seen : NULL);
		if (p->keep)
			kept_len += strlen(p->text);
		if (share[i] >= 0.5f) {
			if (first < 0)
				first = (long)i;
			last = (long)i;
		}
	}
	float covered = (float)seen.n / (float)set.n;
	if (covered < 0.5f && len > 2 * kept_len) {
		*use_jsonld = 1;
		return 0;
	}
	/* A summary or a cut-off teaser says nothing about the edges. */
	int complete = covered >= 0.9f && len * 4 >= kept_len * 3;
	for (size_t i = 0; i < ps->n; i++) {
		struct para *p = &ps->v[i];
		if (share[i] >= 0.8f && p->cls != C_BAD)
			p->keep = 1;
		/* A complete articleBody shows where the article ends. */
		else if (complete && share[i] >= 0 && share[i] < 0.1f &&
			 ((long)i < first || (long)i > last))
			p->keep = 0;
	}
	return 0;
}

/* The articleBody itself as the body: its paragraphs are separated by
 * blank lines (see meta.h). */
static int body_from_jsonld(const char *jsonld, gisa_article *a)
{
	const char *s = jsonld;

	gisa_strv_clear(&a->paragraphs);
	while (*s) {
		const char *e = strstr(s, "\n\n");
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n && gisa_strv_pushn(&a->paragraphs, s, n) < 0)
			return GISA_ENOMEM;
		s += n;
		while (*s == '\n')
			s++;
	}
	return 0;
}

/* ---- choosing the containers ---- */

static xmlNodePtr find_child(xmlNodePtr x, const char *name)
{
	for (x = x ? x->children : NULL; x; x = x->next)
		if (x->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)x->name, name) == 0)
			return x;
	return NULL;
}

static int load_title(struct ctx *c)
{
	xmlNodePtr t = find_child(find_child(gisa_html_root(c->doc), "head"),
				  "title");
	xmlChar *raw;
	char *s;

	/* text.c skips <title> (it is not page text): read it raw. */
	if (!t || !(raw = xmlNodeGetContent(t)))
		return 0;
	s = gisa_text_clean((const char *)raw, strlen((const char *)raw));
	xmlFree(raw);
	if (!s)
		return GISA_ENOMEM;
	c->title = gisa_arena_strdup(c->doc->arena, s);
	free(s);
	if (!c->title)
		return GISA_ENOMEM;
	/* compared with many paragraphs: squeezed once */
	c->title_sqlen = gisa_u8_squeeze(c->title, c->title_sq, sizeof c->title_sq);
	return 0;
}

/* Text units of the containers once the structural pass is done, and
 * the part of them in prose paragraphs. */
static uint32_t selected_units(struct ctx *c, int opts, uint32_t *prose)
{
	uint32_t u = 0;

	*prose = 0;
	structural_pass(c, opts);
	for (int s = 0; s < c->nsel; s++) {
		int r = c->sel[s];
		u += c->n[r].text;
		*prose += c->n[r].prose;
		for (int i = r + 1; i < c->n[r].end; i++)
			if (c->n[i].flags & F_SKIP) {
				u -= c->n[i].text;
				*prose -= c->n[i].prose;
				c->n[i].flags &= (unsigned char)~F_SKIP;
				i = c->n[i].end - 1;
			}
	}
	return u;
}

/* Whether i sits in a comment section, a cookie banner, a share bar... */
static int in_strong_chrome(struct ctx *c, int i)
{
	for (; i > 0; i = c->n[i].parent)
		if (hint_of(c, i) == HINT_STRONG)
			return 1;
	return 0;
}

/* Choose the containers: Readability's passes, each less strict than
 * the one before. A later pass wins when the first found too little text,
 * or when it finds far more prose: class names misled the first (an
 * article inside a "sidebar-grid", teaser cards that outscore it). A
 * container inside a comment section or a banner never wins that way. */
static void choose(struct ctx *c)
{
	static const int tries[] = {
		O_STRIP_UNLIKELY | O_WEIGHT | O_CLEAN, O_WEIGHT | O_CLEAN,
		O_CLEAN, 0 };
	int nbest = 0, bestopts = tries[0];
	uint32_t bestu = 0, bestprose = 0;

	for (size_t t = 0; t < sizeof tries / sizeof tries[0]; t++) {
		uint32_t u, prose;
		int top;
		score_paragraphs(c, tries[t]);
		top = top_candidate(c, tries[t]);
		if (top <= 0) {
			c->nsel = 1;
			c->sel[0] = 0;
		} else {
			select_siblings(c, top);
		}
		u = selected_units(c, tries[t], &prose);
		int better = t == 0 || (!in_strong_chrome(c, top) &&
			((bestu < 500 && u > bestu && prose >= bestprose) ||
			 prose > bestprose + bestprose / 2 + 200));
		if (better) {
			bestu = u;
			bestprose = prose;
			nbest = c->nsel;
			memcpy(c->best, c->sel, (size_t)nbest * sizeof *c->sel);
			bestopts = tries[t];
		}
		if (t >= 1 && bestu >= 500 && bestprose >= 300)
			break;
	}
	c->nsel = nbest;
	memcpy(c->sel, c->best, (size_t)nbest * sizeof *c->sel);
	c->opts = bestopts;
}

#define TWIN_ROOTS 8  /* selected containers whose twins are looked for */

/* Whether i lies inside, or holds, one of the selected containers. */
static int overlaps_selection(const struct ctx *c, int i)
{
	for (int s = 0; s < c->nsel; s++) {
		int r = c->sel[s];
		if (i == r || is_ancestor(c, r, i) || is_ancestor(c, i, r))
			return 1;
	}
	return 0;
}

/* Whether i, or an ancestor of i below the one it shares with r, says
 * it is chrome (comments, related links...). */
static int chrome_between(const struct ctx *c, int i, int r)
{
	for (int a = i; a > 0 && !is_ancestor(c, a, r); a = c->n[a].parent)
		if (chrome_hint(c->n[a].x) == HINT_STRONG)
			return 1;
	return 0;
}

/* The nearest <article> holding i, or -1. */
static int article_of(const struct ctx *c, int i)
{
	for (int a = c->n[i].parent; a >= 0; a = c->n[a].parent)
		if (c->n[a].tag == T_ARTICLE)
			return a;
	return -1;
}

static int holds_article(const struct ctx *c, int i)
{
	for (int k = i + 1; k < c->n[i].end; k++)
		if (c->n[k].tag == T_ARTICLE)
			return 1;
	return 0;
}

/* Some CMSs cut a long article into chunks, each in its own grid cell
 * ("grid--item body"), with ads and teasers between them in cells of
 * their own: the chosen container is one chunk and its siblings are not
 * the others. The others are styled like it - same element, same class -
 * and are prose, in the same <article> as the chunk (not in the next
 * story's, nor holding a list of stories): they join the selection, in
 * document order. */
static void add_twins(struct ctx *c)
{
	int roots[TWIN_ROOTS], nroots = 0, n0 = c->nsel;

	for (int s = 0; s < n0 && nroots < TWIN_ROOTS; s++) {
		const char *v = attr_raw(c->n[c->sel[s]].x, "class");
		if (v && *v)
			roots[nroots++] = c->sel[s];
	}
	if (!nroots)
		return;
	for (int i = 1; i < c->count && c->nsel < c->cap; i++) {
		struct gn *g = &c->n[i];
		int twin = 0;
		if (g->text < 150 || g->prose * 2 < g->text)
			continue;
		for (int k = 0; k < nroots && !twin; k++)
			if (g->tag == c->n[roots[k]].tag &&
			    same_class(g, &c->n[roots[k]]))
				twin = roots[k] + 1;
		if (!twin || overlaps_selection(c, i) ||
		    chrome_between(c, i, twin - 1) ||
		    article_of(c, i) != article_of(c, twin - 1) ||
		    holds_article(c, i))
			continue;
		/* keep the selection in document order */
		int at = c->nsel;
		while (at > 0 && c->sel[at - 1] > i)
			at--;
		memmove(c->sel + at + 1, c->sel + at,
			(size_t)(c->nsel - at) * sizeof *c->sel);
		c->sel[at] = i;
		c->nsel++;
		i = g->end - 1;
	}
}

static int collect(struct ctx *c, struct paras *ps)
{
	for (int s = 0; s < c->nsel; s++) {
		ps->root = c->sel[s];
		int rc = gisa_text_visit(c->n[ps->root].x, skip_cb, take_para,
					 ps);
		if (rc < 0)
			return rc;
	}
	return 0;
}


/* ---- title and images ---- */

static const char *const media_words[] = {
	"photo", "image", "img", "figure", "media", "gallery", "picture",
	"caption", NULL };

/* A block left out of the text that still holds the article's pictures. */
static int media_block(const struct gn *g)
{
	const char *v;

	if (g->tag == T_FIGURE)
		return 1;
	return ((v = attr_raw(g->x, "class")) &&
		words_match(v, NULL, media_words)) ||
	       ((v = attr_raw(g->x, "id")) &&
		words_match(v, NULL, media_words));
}

static const char *image_src(xmlNodePtr x)
{
	static const char *const lazy[] = {
		"data-src", "data-lazy-src", "data-original", "data-url",
		NULL };
	const char *v = attr_raw(x, "src");

	if (v && *v && strncmp(v, "data:", 5))
		return v;
	for (const char *const *l = lazy; *l; l++)
		if ((v = attr_raw(x, *l)) && *v && strncmp(v, "data:", 5))
			return v;
	return NULL;
}

/* Spacers and tracking pixels declare their tiny size. */
static int tiny_image(xmlNodePtr x)
{
	const char *w = attr_raw(x, "width"), *h = attr_raw(x, "height");
	return (w && strtol(w, NULL, 10) > 0 && strtol(w, NULL, 10) < 50) ||
	       (h && strtol(h, NULL, 10) > 0 && strtol(h, NULL, 10) < 50);
}

/* The caption of image i: the <figcaption> of its <figure>. */
static char *caption_of(const struct ctx *c, int i)
{
	int fig = c->n[i].parent;

	for (int up = 0; fig >= 0 && up < 4; up++, fig = c->n[fig].parent)
		if (c->n[fig].tag == T_FIGURE)
			break;
	if (fig < 0 || c->n[fig].tag != T_FIGURE)
		return NULL;
	for (int k = fig + 1; k < c->n[fig].end; k++)
		if (c->n[k].tag == T_FIGCAP && c->n[k].text)
			return gisa_text_inline(c->n[k].x);
	return NULL;
}

static int add_image(struct ctx *c, int i, gisa_article *a)
{
	const char *src = image_src(c->n[i].x);
	xmlChar *url;
	char *cap;
	int rc;

	if (!src || tiny_image(c->n[i].x))
		return 0;
	url = c->doc->url ? xmlBuildURI((const xmlChar *)src,
					(const xmlChar *)c->doc->url) :
			    xmlStrdup((const xmlChar *)src);
	if (!url)
		return 0;  /* not a usable URL */
	cap = caption_of(c, i);
	rc = gisa_article_add_image(a, (const char *)url, cap);
	xmlFree(url);
	free(cap);
	return rc;
}

static int collect_images(struct ctx *c, gisa_article *a)
{
	for (int s = 0; s < c->nsel; s++) {
		int r = c->sel[s];
		for (int i = r; i < c->n[r].end; i++) {
			struct gn *g = &c->n[i];
			if (a->n_images >= MAX_IMAGES)
				return 0;
			if (((g->flags & F_SKIP) && !media_block(g)) ||
			    (g->flags & F_CARD)) {
				i = g->end - 1;
				continue;
			}
			if (g->tag == T_IMG) {
				int rc = add_image(c, i, a);
				if (rc < 0)
					return rc;
			}
		}
	}
	if (a->n_images)
		a->origin[GISA_F_IMAGES] = "generic";
	return 0;
}

/* "Headline | Site" -> "Headline": the longest part between separators. */
static void strip_site_name(char *t)
{
	static const char *const seps[] = { " | ", " - ", " \xE2\x80\x93 ",
					    " \xE2\x80\x94 ", " :: ",
					    " \xC2\xB7 ", NULL };
	char *best = t, *p = t;
	size_t bestlen = 0;

	while (*p) {
		char *next = NULL;
		size_t seplen = 0;
		for (const char *const *s = seps; *s; s++) {
			char *q = strstr(p, *s);
			if (q && (!next || q < next)) {
				next = q;
				seplen = strlen(*s);
			}
		}
		size_t len = next ? (size_t)(next - p) : strlen(p);
		if (len > bestlen) {
			best = p;
			bestlen = len;
		}
		if (!next)
			break;
		p = next + seplen;
	}
	memmove(t, best, bestlen);
	t[bestlen] = 0;
}


static int set_title(struct ctx *c, gisa_article *a)
{
	int pick = -1, before = -1, inside = -1, r = c->nsel ? c->sel[0] : 0;
	char *t = NULL;
	int rc = 0;

	if (a->title || !c->n)
		return 0;
	/* The headline: the h1 that matches <title>, else the first h1 in
	 * the article's container, else the last one before it. */
	for (int i = 0; i < c->count && pick < 0; i++) {
		if (c->n[i].tag != T_H1 || !c->n[i].text)
			continue;
		char *s = gisa_text_inline(c->n[i].x);
		if (!s)
			return GISA_ENOMEM;
		if (title_like(c, s))
			pick = i;
		free(s);
		if (i < r)
			before = i;
		else if (i < c->n[r].end && inside < 0)
			inside = i;
	}
	if (pick < 0)
		pick = inside >= 0 ? inside : before;
	if (pick >= 0) {
		t = gisa_text_inline(c->n[pick].x);
		if (!t)
			return GISA_ENOMEM;
	} else if (c->title) {
		t = strdup(c->title);
		if (!t)
			return GISA_ENOMEM;
		strip_site_name(t);
	}
	if (t && *t) {
		rc = gisa_article_set(&a->title, t);
		a->origin[GISA_F_TITLE] = "generic";
	}
	free(t);
	return rc;
}

static xmlNodePtr find_body(xmlNodePtr root)
{
	xmlNodePtr b = find_child(root, "body");
	return b ? b : root;
}

static void paras_free(struct paras *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		free(ps->v[i].text);
	free(ps->v);
}

/* The whole analysis of body: paragraphs with their verdicts in ps. */
static int find_article(struct ctx *c, xmlNodePtr body,
			const char *jsonld_body, struct paras *ps,
			int *use_jsonld)
{
	gisa_arena *ar = c->doc->arena;
	int rc;

	build(c, body);
	if (c->err || !c->count)
		return c->err ? c->err : GISA_ENOMEM;
	c->sel = gisa_arena_alloc(ar, (size_t)c->count * sizeof *c->sel);
	c->best = gisa_arena_alloc(ar, (size_t)c->count * sizeof *c->sel);
	if (!c->sel || !c->best)
		return GISA_ENOMEM;
	sum_up(c);
	mark_unlikely(c);
	if ((rc = map_build(c)) < 0 || (rc = load_title(c)) < 0)
		return rc;
	choose(c);
	add_twins(c);
	structural_pass(c, c->opts);
	if ((rc = collect(c, ps)) < 0)
		return rc;
	decide(ps);
	require_article(ps);
	if (jsonld_body)
		return weigh_jsonld(ps, jsonld_body, use_jsonld);
	return 0;
}

int gisa_generic_extract(gisa_doc *doc, const char *jsonld_body,
			 gisa_article *a)
{
	struct ctx c = { .doc = doc };
	struct paras ps = { .c = &c };
	xmlNodePtr body = find_body(gisa_html_root(doc));
	int rc = 0, use_jsonld = 0;

	if (jsonld_body && !*jsonld_body)
		jsonld_body = NULL;
	gisa_strv_clear(&a->paragraphs);
	if (body && (rc = find_article(&c, body, jsonld_body, &ps,
				       &use_jsonld)) < 0)
		goto out;
	for (size_t i = 0; i < ps.n; i++) {
		if (!ps.v[i].keep)
			continue;
		char *t = ps.v[i].text;
		ps.v[i].text = NULL;  /* taken, or freed on failure */
		if ((rc = gisa_strv_take(&a->paragraphs, t)) < 0)
			goto out;
	}
	/* The page shows no article (or a stub of it), its metadata has
	 * one. */
	if ((use_jsonld || !a->paragraphs.n) && jsonld_body &&
	    (rc = body_from_jsonld(jsonld_body, a)) < 0)
		goto out;
	if ((rc = set_title(&c, a)) < 0)
		goto out;
	if (!a->paragraphs.n) {
		rc = gisa_article_warn(a, "generic: no article text found");
		goto out;
	}
	a->origin[GISA_F_BODY] = "generic";
	rc = collect_images(&c, a);
out:
	paras_free(&ps);
	free(c.n);
	return rc;
}
