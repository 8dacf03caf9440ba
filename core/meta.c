/* meta.c - metadata from the page head (see meta.h).
 *
 * One walk over the document collects the raw material (meta tags, JSON-LD
 * scripts, time elements, links, the title); then the sources are offered
 * to the record in precedence order, and each field keeps the first usable
 * value it is offered.
 */
#define _GNU_SOURCE /* strcasestr */
#include "meta.h"
#include "buf.h"
#include "date.h"
#include "error.h"
#include "jsonld.h"
#include "text.h"
#include "urlnorm.h"
#include "ustr.h"

#include <ctype.h>
#include <libxml/uri.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_SCRIPTS 64
#define MAX_METAS 2000
#define MAX_TIMES 32
#define MAX_LABELLED 4    /* printed date stamps kept */
#define MAX_DATED 32      /* elements with a date class read */
#define MAX_PROP_AUTHORS 16
#define MAX_TAGS 100
#define MAX_AUTHORS 50
#define MAX_IMAGES 20
#define MAX_SUBTITLE 300  /* characters */
#define MAX_NAME 120      /* bytes in one author name */

enum src { S_JSONLD, S_OG, S_TWITTER, S_NAME, S_ITEMPROP, S_TIME, S_LINK,
	   S_HTML, S_TEXT, S__N };

static const char *const origin_of[S__N] = {
	"meta:json-ld", "meta:og", "meta:twitter", "meta:name",
	"meta:itemprop", "meta:time", "meta:link", "meta:html", "meta:text" };

struct mtag {
	const char *key; /* lowercased */
	const char *val;
	int src;
};

enum { T_PUB, T_MOD, T_PUBDATE, T_ARTICLE, T_LABELLED };

struct stamp {
	const char *val;
	int kind;
};

/* Everything the walk collects; strings live in the document's arena. */
struct scan {
	const gisa_doc *doc;
	gisa_arena *ar;
	gisa_article *a;
	const char *tz;
	struct mtag *tags;
	size_t ntags;
	const char *scripts[MAX_SCRIPTS];
	size_t nscripts;
	struct stamp times[MAX_TIMES];
	size_t ntimes;
	const char *prop_authors[MAX_PROP_AUTHORS];
	size_t nprop_authors;
	xmlNodePtr author_scope; /* the item the first author belongs to */
	size_t nlabelled;        /* printed stamps with a label seen */
	size_t ndated;           /* elements with a date class read */
	const char *canonical, *image_src, *lang, *title, *base_href;
	const char *h1;         /* text of the first <h1> */
	json_t *roots[MAX_SCRIPTS];
	size_t nroots;
	json_t *article, *page; /* borrowed from roots */
	const char *site[3];    /* og:site_name, application-name,
				 * twitter:site without its '@' */
	char *base;             /* for resolving image URLs (malloc'd) */
	int images_locked;      /* images came from an earlier source */
	int err;
};

/* --- small helpers ------------------------------------------------- */

static const char *acopy(struct scan *sc, const char *s)
{
	char *c = gisa_arena_strdup(sc->ar, s);
	if (!c)
		sc->err = GISA_ENOMEM;
	return c;
}

/* An attribute's value copied to the arena, or NULL. */
static const char *attr(struct scan *sc, xmlNodePtr el, const char *name)
{
	xmlChar *v = xmlGetProp(el, (const xmlChar *)name);
	const char *c;

	if (!v)
		return NULL;
	c = acopy(sc, (const char *)v);
	xmlFree(v);
	return c;
}

/* Whether the space-separated list has word (ASCII case ignored). */
static int has_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; p && *p;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		const char *e = p;
		while (*e && *e != ' ' && *e != '\t' && *e != '\n')
			e++;
		if ((size_t)(e - p) == n && strncasecmp(p, word, n) == 0)
			return 1;
		p = e;
	}
	return 0;
}

static void lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* Entities decoded (pages double-escape: "&amp;amp;"), whitespace
 * collapsed, NFC. malloc'd. */
static char *clean(const char *s)
{
	return gisa_jsonld_clean(s);
}

static int is_url(const char *s)
{
	while (*s == ' ')
		s++;
	return strncasecmp(s, "http://", 7) == 0 ||
	       strncasecmp(s, "https://", 8) == 0 ||
	       strncasecmp(s, "www.", 4) == 0;
}

/* --- the walk ------------------------------------------------------ */

static void push_tag(struct scan *sc, const char *key, const char *val,
		     int dflt)
{
	char *k;
	int src = dflt;

	if (sc->ntags >= MAX_METAS || !(k = gisa_arena_strdup(sc->ar, key))) {
		if (sc->ntags < MAX_METAS)
			sc->err = GISA_ENOMEM;
		return;
	}
	lower(k);
	if (strncmp(k, "og:", 3) == 0 || strncmp(k, "article:", 8) == 0)
		src = S_OG;
	else if (strncmp(k, "twitter:", 8) == 0)
		src = S_TWITTER;
	sc->tags[sc->ntags].key = k;
	sc->tags[sc->ntags].val = val;
	sc->tags[sc->ntags].src = src;
	sc->ntags++;
}

static void visit_meta(struct scan *sc, xmlNodePtr el)
{
	const char *content = attr(sc, el, "content");
	const char *prop, *name, *iprop, *equiv;

	if (!content) /* some saved pages (and CMSes) write value= */
		content = attr(sc, el, "value");
	if (!content)
		return;
	prop = attr(sc, el, "property");
	name = attr(sc, el, "name");
	iprop = attr(sc, el, "itemprop");
	equiv = attr(sc, el, "http-equiv");
	if (prop)
		push_tag(sc, prop, content, S_NAME);
	if (name && (!prop || strcasecmp(name, prop) != 0))
		push_tag(sc, name, content, S_NAME);
	if (iprop)
		push_tag(sc, iprop, content, S_ITEMPROP);
	if (equiv && strcasecmp(equiv, "content-language") == 0)
		push_tag(sc, "content-language", content, S_NAME);
}

static void visit_link(struct scan *sc, xmlNodePtr el)
{
	const char *rel = attr(sc, el, "rel"), *href;

	if (!rel || !(href = attr(sc, el, "href")))
		return;
	if (!sc->canonical && has_word(rel, "canonical"))
		sc->canonical = href;
	if (!sc->image_src && has_word(rel, "image_src"))
		sc->image_src = href;
}

static void visit_script(struct scan *sc, xmlNodePtr el)
{
	const char *type = attr(sc, el, "type");
	xmlChar *text;
	char *t;

	if (!type || sc->nscripts >= MAX_SCRIPTS)
		return;
	t = gisa_arena_strdup(sc->ar, type);
	if (!t)
		return;
	lower(t);
	while (*t == ' ')
		t++;
	if (strncmp(t, "application/ld+json", 19) != 0)
		return;
	text = xmlNodeGetContent(el);
	if (!text)
		return;
	if (strlen((const char *)text) <= GISA_JSONLD_MAX_INPUT)
		sc->scripts[sc->nscripts++] = acopy(sc, (const char *)text);
	xmlFree(text);
}

static void add_stamp(struct scan *sc, const char *val, int kind)
{
	if (val && *val && sc->ntimes < MAX_TIMES) {
		sc->times[sc->ntimes].val = val;
		sc->times[sc->ntimes].kind = kind;
		sc->ntimes++;
	}
}

static int inside(xmlNodePtr n, const char *name)
{
	for (n = n->parent; n && n->type == XML_ELEMENT_NODE; n = n->parent)
		if (strcmp((const char *)n->name, name) == 0)
			return 1;
	return 0;
}

/* An element's text, inline, in the arena (NULL when empty). */
static const char *text_of(struct scan *sc, xmlNodePtr el)
{
	char *t = gisa_text_inline(el);
	const char *c = NULL;

	if (!t) {
		sc->err = GISA_ENOMEM;
		return NULL;
	}
	if (*t)
		c = acopy(sc, t);
	free(t);
	return c;
}

static xmlNodePtr find_itemprop(xmlNodePtr el, const char *word, int depth)
{
	for (xmlNodePtr c = el->children; c; c = c->next) {
		xmlNodePtr hit_el;
		xmlChar *v;
		int hit;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		v = xmlGetProp(c, (const xmlChar *)"itemprop");
		hit = v && has_word((const char *)v, word);
		xmlFree(v);
		if (hit)
			return c;
		if (depth < 8 && (hit_el = find_itemprop(c, word, depth + 1)))
			return hit_el;
	}
	return NULL;
}

static const char *value_of(struct scan *sc, xmlNodePtr el)
{
	const char *v = attr(sc, el, "datetime");
	if (!v)
		v = attr(sc, el, "content");
	return v ? v : text_of(sc, el);
}

/* The nearest ancestor that starts a microdata item, or NULL. */
static xmlNodePtr item_scope(xmlNodePtr el)
{
	for (xmlNodePtr n = el->parent; n && n->type == XML_ELEMENT_NODE;
	     n = n->parent)
		if (xmlHasProp(n, (const xmlChar *)"itemscope"))
			return n;
	return NULL;
}

/* Microdata outside <meta>: dates and authors. */
static void visit_itemprop(struct scan *sc, xmlNodePtr el, const char *ip)
{
	if (has_word(ip, "datePublished"))
		add_stamp(sc, value_of(sc, el), T_PUB);
	else if (has_word(ip, "dateModified"))
		add_stamp(sc, value_of(sc, el), T_MOD);
	else if (has_word(ip, "author") &&
		 sc->nprop_authors < MAX_PROP_AUTHORS) {
		/* Only the authors of one item: pages list teasers of other
		 * articles with their own itemprop=author. */
		xmlNodePtr scope = item_scope(el), nm;
		if (sc->nprop_authors && scope != sc->author_scope)
			return;
		sc->author_scope = scope;
		nm = find_itemprop(el, "name", 0);
		const char *v = nm ? value_of(sc, nm) : text_of(sc, el);
		if (v && strlen(v) <= MAX_NAME)
			sc->prop_authors[sc->nprop_authors++] = v;
	}
}


/* name == lit, the first byte compared inline: the walk asks this of
 * every element several times. */
static int name_is(const char *name, const char *lit)
{
	return name[0] == lit[0] && strcmp(name, lit) == 0;
}

/* Whether el has an attribute called name: the test before xmlGetProp,
 * which also looks for DTD defaults (an HTML document has none) and
 * copies the value. */
static int has_attr(xmlNodePtr el, const char *name)
{
	for (xmlAttrPtr a = el->properties; a; a = a->next)
		if (name_is((const char *)a->name, name))
			return 1;
	return 0;
}

/* Whether el's class or id mentions a date ("date", "article-date",
 * "datestamp_bunch"): where sites print their visible time stamp. */
static int date_class(xmlNodePtr el)
{
	for (xmlAttrPtr a = el->properties; a; a = a->next) {
		const char *n = (const char *)a->name;
		xmlNodePtr v = a->children;
		if ((name_is(n, "class") || name_is(n, "id")) && v &&
		    v->type == XML_TEXT_NODE && v->content &&
		    strcasestr((const char *)v->content, "date"))
			return 1;
	}
	return 0;
}

/* Labels that say a printed date is the publication's: "Written:
 * 2023-11-07 15:03", "입력 2023.11.02. 오후 8:06", "Published 9 Nov". */
static const char *const pub_labels[] = {
	"Published", "Written", "Posted", "Created", "기사입력", "입력",
	"등록", "작성", "발행", "게재", "公開", "发布", "發布", "発行", NULL };

/* A short element with a date class whose text carries a publication
 * label: the text from that label on is a stamp, the last resort for
 * pages whose only date is the one they print (Naver, KBS). */
static void visit_dated(struct scan *sc, xmlNodePtr el)
{
	const char *t, *hit;

	if (++sc->ndated > MAX_DATED) /* a page of dated teasers */
		return;
	if (!(t = text_of(sc, el)) || strlen(t) > 160)
		return;
	for (const char *const *l = pub_labels; *l; l++)
		if ((hit = strcasestr(t, *l))) {
			add_stamp(sc, hit, T_LABELLED);
			sc->nlabelled++;
			return;
		}
}

static void visit(struct scan *sc, xmlNodePtr el)
{
	const char *name = (const char *)el->name, *ip;

	if (name_is(name, "meta")) {
		visit_meta(sc, el);
		return;
	}
	if (name_is(name, "link"))
		visit_link(sc, el);
	else if (name_is(name, "script"))
		visit_script(sc, el);
	else if (name_is(name, "title") && !sc->title &&
		 !inside(el, "svg")) {
		xmlChar *t = xmlNodeGetContent(el);
		if (t && *t)
			sc->title = acopy(sc, (const char *)t);
		xmlFree(t);
	} else if (name_is(name, "h1") && !sc->h1 && !inside(el, "svg")) {
		char *t = gisa_text_inline(el);
		if (!t)
			sc->err = GISA_ENOMEM;
		else if (*t)
			sc->h1 = acopy(sc, t);
		free(t);
	} else if (name_is(name, "html") && !sc->lang) {
		sc->lang = attr(sc, el, "lang");
		if (!sc->lang)
			sc->lang = attr(sc, el, "xml:lang");
	} else if (name_is(name, "base") && !sc->base_href) {
		sc->base_href = attr(sc, el, "href");
	}
	if (has_attr(el, "itemprop") && (ip = attr(sc, el, "itemprop"))) {
		visit_itemprop(sc, el, ip);
		return;
	}
	if (name_is(name, "time")) {
		const char *dt = attr(sc, el, "datetime");
		if (xmlHasProp(el, (const xmlChar *)"pubdate"))
			add_stamp(sc, dt, T_PUBDATE);
		else if (inside(el, "article"))
			add_stamp(sc, dt, T_ARTICLE);
	} else if (sc->nlabelled < MAX_LABELLED && date_class(el)) {
		visit_dated(sc, el);
	}
}

static void walk(struct scan *sc)
{
	xmlNodePtr top = (xmlNodePtr)sc->doc->xml, n;

	if (!top)
		return;
	for (n = top->children; n && !sc->err;) {
		if (n->type == XML_ELEMENT_NODE)
			visit(sc, n);
		if (n->type == XML_ELEMENT_NODE && n->children &&
		    !name_is((const char *)n->name, "script") &&
		    !name_is((const char *)n->name, "style")) {
			n = n->children;
			continue;
		}
		while (n != top && !n->next)
			n = n->parent;
		if (n == top)
			break;
		n = n->next;
	}
}

static void load_jsonld(struct scan *sc)
{
	for (size_t i = 0; i < sc->nscripts; i++) {
		const char *s = sc->scripts[i];
		json_t *v;

		if (!s || !(v = gisa_jsonld_load(s, strlen(s))))
			continue;
		sc->roots[sc->nroots++] = v;
		if (!sc->article)
			sc->article = gisa_jsonld_find(v, GISA_JSONLD_ARTICLE);
		if (!sc->page)
			sc->page = gisa_jsonld_find(v, GISA_JSONLD_WEBPAGE);
	}
}

static const char *tag(const struct scan *sc, int src, const char *key)
{
	for (size_t i = 0; i < sc->ntags; i++)
		if (sc->tags[i].src == src && name_is(sc->tags[i].key, key) &&
		    *sc->tags[i].val)
			return sc->tags[i].val;
	return NULL;
}

static const char *any_tag(const struct scan *sc, const char *key)
{
	for (int s = S_OG; s <= S_ITEMPROP; s++) {
		const char *v = tag(sc, s, key);
		if (v)
			return v;
	}
	return NULL;
}

/* --- titles -------------------------------------------------------- */

/* Lowercase ASCII letters and digits and all non-ASCII bytes of s[0..n),
 * without a leading "the" and a trailing ".com"-like domain. */
static void site_key(const char *s, size_t n, char *out, size_t cap)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k + 1 < cap; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80 || isalnum(c))
			out[k++] = (char)tolower(c);
	}
	out[k] = '\0';
	if (strncmp(out, "the", 3) == 0 && k > 5)
		memmove(out, out + 3, k - 2), k -= 3;
	for (const char *tld = "com\0net\0org\0cokr\0couk\0kr\0"; *tld;
	     tld += strlen(tld) + 1) {
		size_t t = strlen(tld);
		if (k > t + 3 && strcmp(out + k - t, tld) == 0 &&
		    n > t && memchr(s, '.', n)) {
			out[k - t] = '\0';
			break;
		}
	}
}

/* Whether part of a title names the site: equal keys, or (loose) one
 * containing the other when the shorter has at least 3 bytes. */
static int site_named(const struct scan *sc, const char *part, size_t n,
		      int loose)
{
	char pk[256], sk[256];

	site_key(part, n, pk, sizeof pk);
	if (!*pk)
		return 0;
	for (int i = 0; i < 3; i++) {
		if (!sc->site[i])
			continue;
		site_key(sc->site[i], strlen(sc->site[i]), sk, sizeof sk);
		if (!*sk)
			continue;
		if (strcmp(pk, sk) == 0)
			return 1;
		if (loose && strlen(pk) >= 3 && strlen(sk) >= 3 &&
		    (strstr(pk, sk) || strstr(sk, pk)))
			return 1;
	}
	return 0;
}

static const char *const title_seps[] = { " | ", " - ", " \xe2\x80\x93 ",
	" \xe2\x80\x94 ", " :: ", " \xc2\xb7 ", " \xe2\x80\xa2 ", " \xef\xbd\x9c ",
	NULL };

/* The separator at p, or NULL. */
static const char *sep_at(const char *p)
{
	for (int i = 0; title_seps[i]; i++)
		if (strncmp(p, title_seps[i], strlen(title_seps[i])) == 0)
			return title_seps[i];
	return NULL;
}

/* Drop the site name from t in place: at a separator followed by a
 * segment naming the site, cut the rest ("Title | Site", "Title | Site |
 * Section"); or drop a leading "Site | ". */
static void strip_site(const struct scan *sc, char *t)
{
	const char *first = NULL, *fsep = NULL, *sep;

	for (char *p = t; *p; p++) {
		if (!(sep = sep_at(p)))
			continue;
		const char *seg = p + strlen(sep), *e = seg;
		while (*e && !sep_at(e))
			e++;
		if (!first)
			first = p, fsep = sep;
		if (p > t && site_named(sc, seg, (size_t)(e - seg), 1)) {
			*p = '\0';
			return;
		}
	}
	if (first && first > t && site_named(sc, t, (size_t)(first - t), 1) &&
	    first[strlen(fsep)] != '\0')
		memmove(t, first + strlen(fsep),
			strlen(first + strlen(fsep)) + 1);
}

static int offer_title(struct scan *sc, const char *raw, int src)
{
	char *t;

	if (sc->a->title || !raw)
		return 0;
	if (!(t = clean(raw)))
		return GISA_ENOMEM;
	strip_site(sc, t);
	if (!*t) {
		free(t);
		return 0;
	}
	sc->a->title = t;
	sc->a->origin[GISA_F_TITLE] = origin_of[src];
	return 1;
}

/* Whether title a is title b with a tail after a separator ("Headline -
 * National", "Headline | Site"): the same headline for voting. */
static int same_headline(const char *a, const char *b)
{
	size_t n = strlen(b);

	if (strcmp(a, b) == 0)
		return 1;
	return n && strncmp(a, b, n) == 0 && sep_at(a + n) &&
	       a[n + strlen(sep_at(a + n))] != '\0';
}

enum { V_JSONLD, V_OG, V_TWITTER, V_H1, V__N };

/* Pages carry their headline in several places that sometimes disagree
 * (a long SEO headline in JSON-LD, a short social one in og:title, the
 * printed one in <h1>). The headline most of them agree on wins; ties go
 * to JSON-LD, then og:title, then twitter:title. The <h1> only votes: on
 * some pages it is the site's logo. Fallbacks (other metas, <title>) are
 * offered later in the usual order when no candidate exists. */
static int vote_title(struct scan *sc)
{
	static const int src_of[V__N] = { S_JSONLD, S_OG, S_TWITTER, S_HTML };
	const char *raw[V__N] = {
		sc->article ? gisa_jsonld_str(sc->article, "headline") : NULL,
		tag(sc, S_OG, "og:title"), tag(sc, S_TWITTER, "twitter:title"),
		sc->h1 };
	char *t[V__N] = { NULL };
	const char *pick;
	int best = -1, best_votes = 0, rc = 0;

	for (int i = 0; i < V__N; i++) {
		if (raw[i] && !(t[i] = clean(raw[i]))) {
			rc = GISA_ENOMEM;
			goto out;
		}
		if (t[i])
			strip_site(sc, t[i]);
	}
	for (int i = 0; i < V_H1; i++) {
		int votes = 0;
		if (!t[i] || !*t[i])
			continue;
		for (int j = 0; j < V__N; j++)
			votes += t[j] && *t[j] && (same_headline(t[j], t[i]) ||
						  same_headline(t[i], t[j]));
		if (votes > best_votes)
			best = i, best_votes = votes;
	}
	if (best < 0)
		goto out;
	/* the headline without its tail, when another candidate has that */
	pick = t[best];
	for (int j = 0; j < V__N && pick == t[best]; j++)
		if (t[j] && *t[j] && strlen(t[j]) < strlen(t[best]) &&
		    same_headline(t[best], t[j]))
			pick = t[j];
	rc = offer_title(sc, pick, src_of[best]);
out:
	for (int i = 0; i < V__N; i++)
		free(t[i]);
	return rc < 0 ? rc : 0;
}

/* --- plain fields ---------------------------------------------------- */

static int offer_subtitle(struct scan *sc, const char *raw, int src,
			  int is_description)
{
	char *t;
	size_t n;

	if (sc->a->subtitle || !raw)
		return 0;
	if (!(t = clean(raw)))
		return GISA_ENOMEM;
	n = strlen(t);
	if (!n || (sc->a->title && strcasecmp(t, sc->a->title) == 0) ||
	    (is_description &&
	     ((n >= 2 && strcmp(t + n - 2, "..") == 0) ||
	      (n >= 3 && strcmp(t + n - 3, "\xe2\x80\xa6") == 0) ||
	      gisa_u8_chars(t) > MAX_SUBTITLE))) {
		free(t);
		return 0;
	}
	sc->a->subtitle = t;
	sc->a->origin[GISA_F_SUBTITLE] = origin_of[src];
	return 1;
}

static int offer_str(struct scan *sc, gisa_field f, char **slot,
		     const char *raw, int src)
{
	char *t;

	if (*slot || !raw)
		return 0;
	if (!(t = clean(raw)))
		return GISA_ENOMEM;
	if (!*t) {
		free(t);
		return 0;
	}
	*slot = t;
	sc->a->origin[f] = origin_of[src];
	return 1;
}

/* A section names where the story is filed. WordPress files a post it
 * was given no category in "Uncategorized": that names none. */
static int offer_section(struct scan *sc, const char *raw, int src)
{
	const char *s = raw;
	size_t n;

	if (!s)
		return 0;
	while (isspace((unsigned char)*s))
		s++;
	for (n = strlen(s); n && isspace((unsigned char)s[n - 1]); n--)
		;
	if (n == 13 && !strncasecmp(s, "uncategorized", 13))
		return 0;
	return offer_str(sc, GISA_F_SECTION, &sc->a->section, raw, src);
}

static int offer_date(struct scan *sc, gisa_field f, const char *raw, int src)
{
	char **slot = f == GISA_F_PUBLISHED ? &sc->a->published :
					      &sc->a->modified;
	char out[GISA_DATE_BUFSZ];

	if (*slot || !raw || !*raw)
		return 0;
	if (gisa_date_parse(raw, sc->tz, out, sizeof out) < 0)
		return gisa_article_warn(sc->a,
			"meta: %s date \"%.80s\" from %s not understood",
			gisa_field_name(f), raw, origin_of[src]);
	if (!(*slot = strdup(out)))
		return GISA_ENOMEM;
	sc->a->origin[f] = origin_of[src];
	return 1;
}

/* BCP 47-like: "ko_KR" -> "ko-KR", "EN-us" -> "en-US", "zh-hant-tw" ->
 * "zh-Hant-TW". Stops at the first subtag that fits no pattern. */
static int norm_lang(const char *s, char *out, size_t cap)
{
	size_t k = 0, part = 0;

	while (*s == ' ')
		s++;
	while (*s && k + 10 < cap) {
		size_t n = 0;
		while (isalnum((unsigned char)s[n]))
			n++;
		if (part == 0 && (n < 2 || n > 3))
			return -1;
		for (size_t i = 0; part == 0 && i < n; i++)
			if (!isalpha((unsigned char)s[i]))
				return -1;
		if (part > 0 && (n < 2 || n > 8))
			break;
		if (part)
			out[k++] = '-';
		for (size_t i = 0; i < n; i++) {
			int c = (unsigned char)s[i];
			if (part && n == 2)
				c = toupper(c);
			else if (part && n == 4 && i == 0)
				c = toupper(c);
			else
				c = tolower(c);
			out[k++] = (char)c;
		}
		part++;
		s += n;
		if (*s != '-' && *s != '_')
			break;
		s++;
	}
	out[k] = '\0';
	return part ? 0 : -1;
}

static int offer_lang(struct scan *sc, const char *raw, int src)
{
	char tag[64];

	if (sc->a->language || !raw || norm_lang(raw, tag, sizeof tag) < 0)
		return 0;
	if (!(sc->a->language = strdup(tag)))
		return GISA_ENOMEM;
	sc->a->origin[GISA_F_LANGUAGE] = origin_of[src];
	return 1;
}

/* --- URLs ------------------------------------------------------------ */

/* ref resolved against base (may be NULL), malloc'd; NULL when ref is
 * empty or a data:/javascript: URI (or out of memory). */
static char *resolve(const char *base, const char *ref)
{
	char *t = clean(ref), *out = NULL;
	xmlChar *u;

	if (!t || !*t || strncasecmp(t, "data:", 5) == 0 ||
	    strncasecmp(t, "javascript:", 11) == 0 ||
	    strncasecmp(t, "blob:", 5) == 0) {
		free(t);
		return NULL;
	}
	if (!base)
		return t; /* relative stays relative: nothing to resolve by */
	u = xmlBuildURI((const xmlChar *)t, (const xmlChar *)base);
	if (!u) {
		xmlChar *esc = xmlURIEscapeStr((const xmlChar *)t,
					       (const xmlChar *)":/?#[]@!$&'()*+,;=%");
		if (esc)
			u = xmlBuildURI(esc, (const xmlChar *)base);
		xmlFree(esc);
	}
	if (u) {
		out = strdup((const char *)u);
		xmlFree(u);
		free(t);
		return out;
	}
	return t;
}

static int is_http(const char *u)
{
	return strncasecmp(u, "http://", 7) == 0 ||
	       strncasecmp(u, "https://", 8) == 0;
}

static int offer_canonical(struct scan *sc, const char *raw, int src)
{
	char *u;

	if (sc->a->canonical_url || !raw)
		return 0;
	u = resolve(sc->doc->url, raw);
	if (!u)
		return 0;
	if (!is_http(u)) {
		free(u);
		return 0;
	}
	sc->a->canonical_url = u;
	sc->a->origin[GISA_F_CANONICAL] = origin_of[src];
	return 1;
}

static int offer_image(struct scan *sc, const char *raw, const char *caption,
		       int src)
{
	char *u, *cap = NULL;
	int rc;

	if (sc->images_locked || !raw || sc->a->n_images >= MAX_IMAGES)
		return 0;
	if (!(u = resolve(sc->base, raw)))
		return 0;
	if (caption && !(cap = clean(caption))) {
		free(u);
		return GISA_ENOMEM;
	}
	rc = gisa_article_add_image(sc->a, u, cap);
	free(u);
	free(cap);
	if (rc == 0 && sc->a->n_images)
		sc->a->origin[GISA_F_IMAGES] = origin_of[src];
	return rc;
}

/* After a source: once it gave images, later sources give none. */
static void lock_images(struct scan *sc)
{
	if (sc->a->n_images)
		sc->images_locked = 1;
}

/* --- lists: authors and tags ----------------------------------------- */

static int push_unique(gisa_strv *sv, const char *s, size_t n, size_t max)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strlen(sv->v[i]) == n && strncasecmp(sv->v[i], s, n) == 0)
			return 0;
	return sv->n < max ? gisa_strv_pushn(sv, s, n) : 0;
}

static size_t strip_by(const char *s, size_t n)
{
	static const char *const pre[] = { "by:", "by ", "written by ",
		"reported by ", "words by ", NULL };
	size_t k;

	for (int i = 0; pre[i]; i++) {
		k = strlen(pre[i]);
		if (n >= k && strncasecmp(s, pre[i], k) == 0)
			return k;
	}
	return 0;
}

static int is_url_word(const char *s, size_t n)
{
	for (size_t i = 0; i + 2 < n; i++)
		if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/')
			return 1;
	return n >= 4 && strncasecmp(s, "www.", 4) == 0;
}

/* One name candidate: trimmed, "By " and e-mail addresses removed, URLs
 * and @handles refused, a trailing " 기자" (Korean "reporter") dropped. */
static int add_name(gisa_strv *out, const char *s, size_t n)
{
	char buf[MAX_NAME + 1];
	size_t k = 0, i, e;

	for (int pass = 0; pass < 2; pass++) {
		while (n && (*s == ' ' || *s == ':'))
			s++, n--;
		if (pass == 0) {
			i = strip_by(s, n);
			s += i, n -= i;
		}
	}
	while (n && s[n - 1] == ' ')
		n--;
	if (!n || n > MAX_NAME || *s == '@')
		return 0;
	for (i = 0; i < n; i = e) {
		for (e = i; e < n && s[e] != ' '; e++)
			;
		if (is_url_word(s + i, e - i))
			return 0;
		if (e > i && !memchr(s + i, '@', e - i)) {
			if (k)
				buf[k++] = ' ';
			memcpy(buf + k, s + i, e - i);
			k += e - i;
		}
		while (e < n && s[e] == ' ')
			e++;
	}
	buf[k] = '\0';
	if (k > 7 && strcmp(buf + k - 7, " \xea\xb8\xb0\xec\x9e\x90") == 0)
		buf[k -= 7] = '\0';
	while (k && strchr(" ,;|-", buf[k - 1]))
		buf[--k] = '\0';
	return k ? push_unique(out, buf, k, MAX_AUTHORS) : 0;
}

/* A separator at s: its length, or 0. */
static size_t name_sep(const char *s)
{
	static const char *const seps[] = { " and ", " & ", ",", ";", "|",
		"\xc2\xb7", " / ", "\xe3\x80\x81", NULL };
	for (int i = 0; seps[i]; i++)
		if (strncmp(s, seps[i], strlen(seps[i])) == 0)
			return strlen(seps[i]);
	return 0;
}

static int split_names(gisa_strv *out, const char *raw)
{
	char *t = clean(raw);
	const char *p, *start;
	size_t k;
	int rc = 0;

	if (!t)
		return GISA_ENOMEM;
	for (p = start = t; *p && rc >= 0;) {
		if ((k = name_sep(p))) {
			rc = add_name(out, start, (size_t)(p - start));
			p += k;
			start = p;
		} else {
			p++;
		}
	}
	if (rc >= 0)
		rc = add_name(out, start, (size_t)(p - start));
	free(t);
	return rc < 0 ? rc : 0;
}

/* Move the names in list into the record if it has none yet. A name
 * that is the site's name is the publisher, not an author ("Lesotho Times"
 * in meta author; "Guardian staff reporter" stays): it goes, so a byline in the text can speak. */
static int commit_authors(struct scan *sc, gisa_strv *list, int src)
{
	int rc = 0;

	for (size_t i = list->n; i-- > 0;)
		if (site_named(sc, list->v[i], strlen(list->v[i]), 0))
			gisa_strv_remove(list, i);
	if (!sc->a->authors.n && list->n) {
		sc->a->authors = *list;
		memset(list, 0, sizeof *list);
		sc->a->origin[GISA_F_AUTHORS] = origin_of[src];
		rc = 1;
	}
	gisa_strv_clear(list);
	return rc;
}

static int split_tags(gisa_strv *out, const char *raw)
{
	char *t = clean(raw);
	const char *p, *e;
	int rc = 0, sep;

	if (!t)
		return GISA_ENOMEM;
	/* "a, b" mostly; "a;b" when there is no comma (Reuters). */
	sep = strchr(t, ',') || !strchr(t, ';') ? ',' : ';';
	for (p = t; *p && rc >= 0; p = *e ? e + 1 : e) {
		e = strchr(p, sep);
		if (!e)
			e = p + strlen(p);
		const char *a = p, *b = e;
		while (a < b && *a == ' ')
			a++;
		while (b > a && b[-1] == ' ')
			b--;
		if (b > a)
			rc = push_unique(out, a, (size_t)(b - a), MAX_TAGS);
	}
	free(t);
	return rc < 0 ? rc : 0;
}

static int commit_tags(struct scan *sc, gisa_strv *list, int src)
{
	int rc = 0;

	if (!sc->a->tags.n && list->n) {
		sc->a->tags = *list;
		memset(list, 0, sizeof *list);
		sc->a->origin[GISA_F_TAGS] = origin_of[src];
		rc = 1;
	}
	gisa_strv_clear(list);
	return rc;
}

/* --- JSON-LD --------------------------------------------------------- */

static int is_org(const json_t *o)
{
	static const char *const orgs[] = { "Organization", "NewsMediaOrganization",
		"Corporation", "NewsOrganization", "Brand", NULL };
	for (int i = 0; orgs[i]; i++)
		if (gisa_jsonld_has_type(o, orgs[i]))
			return 1;
	return 0;
}

static int json_people(json_t *v, gisa_strv *people, gisa_strv *orgs,
		       int depth)
{
	const char *name;
	json_t *e;
	size_t i;
	int rc = 0;

	if (depth > 4)
		return 0;
	if (json_is_string(v))
		return split_names(people, json_string_value(v));
	if (json_is_array(v)) {
		json_array_foreach(v, i, e)
			if ((rc = json_people(e, people, orgs, depth + 1)) < 0)
				return rc;
		return 0;
	}
	if (!json_is_object(v))
		return 0;
	name = gisa_jsonld_str(v, "name");
	if (!name || !*name)
		name = gisa_jsonld_str(v, "byline"); /* Reuters, 2023 */
	if (!name || !*name)
		return 0;
	return split_names(is_org(v) ? orgs : people, name);
}

static int jsonld_authors(struct scan *sc, json_t *o)
{
	static const char *const keys[] = { "author", "creator", NULL };
	gisa_strv people = GISA_STRV_INIT, orgs = GISA_STRV_INIT;
	int rc = 0;

	for (int i = 0; keys[i] && !people.n && !orgs.n && rc >= 0; i++)
		rc = json_people(json_object_get(o, keys[i]), &people, &orgs,
				 0);
	if (rc >= 0)
		rc = commit_authors(sc, people.n ? &people : &orgs, S_JSONLD);
	gisa_strv_clear(&people);
	gisa_strv_clear(&orgs);
	return rc;
}

static int jsonld_tags(struct scan *sc, json_t *o)
{
	gisa_strv list = GISA_STRV_INIT;
	json_t *k = json_object_get(o, "keywords"), *e;
	size_t i;
	int rc = 0;

	if (json_is_string(k))
		rc = split_tags(&list, json_string_value(k));
	json_array_foreach(k, i, e)
		if (json_is_string(e) && rc >= 0)
			rc = split_tags(&list, json_string_value(e));
	if (rc >= 0)
		rc = commit_tags(sc, &list, S_JSONLD);
	gisa_strv_clear(&list);
	return rc;
}

static int jsonld_image(struct scan *sc, json_t *v, int depth)
{
	json_t *e;
	size_t i;
	int rc = 0;

	if (json_is_string(v))
		return offer_image(sc, json_string_value(v), NULL, S_JSONLD);
	if (json_is_array(v) && depth < 3) {
		json_array_foreach(v, i, e)
			if ((rc = jsonld_image(sc, e, depth + 1)) < 0)
				return rc;
		return 0;
	}
	if (json_is_object(v)) {
		const char *u = gisa_jsonld_str(v, "url");
		if (!u)
			u = gisa_jsonld_str(v, "contentUrl");
		return offer_image(sc, u, gisa_jsonld_str(v, "caption"),
				   S_JSONLD);
	}
	return 0;
}

/* "url", or "mainEntityOfPage" as a string or {"@id"}/{"url"}. */
static const char *jsonld_url(json_t *o)
{
	const char *u = gisa_jsonld_str(o, "url");
	json_t *m = json_object_get(o, "mainEntityOfPage");

	if (u)
		return u;
	if (json_is_string(m))
		return json_string_value(m);
	if (json_is_object(m)) {
		u = gisa_jsonld_str(m, "@id");
		return u ? u : gisa_jsonld_str(m, "url");
	}
	return NULL;
}

#define TRY(x) do { if ((rc = (x)) < 0) return rc; } while (0)

static int fill_jsonld(struct scan *sc)
{
	gisa_article *a = sc->a;
	json_t *o = sc->article, *sec, *e;
	const char *s;
	size_t i;
	int rc;

	if (!o)
		return 0;
	TRY(offer_title(sc, gisa_jsonld_str(o, "headline"), S_JSONLD));
	TRY(offer_title(sc, gisa_jsonld_str(o, "name"), S_JSONLD));
	TRY(offer_subtitle(sc, gisa_jsonld_str(o, "alternativeHeadline"),
			   S_JSONLD, 0));
	TRY(offer_subtitle(sc, gisa_jsonld_str(o, "description"), S_JSONLD,
			   1));
	if (!a->authors.n)
		TRY(jsonld_authors(sc, o));
	TRY(offer_date(sc, GISA_F_PUBLISHED,
		       gisa_jsonld_str(o, "datePublished"), S_JSONLD));
	TRY(offer_date(sc, GISA_F_PUBLISHED,
		       gisa_jsonld_str(o, "dateCreated"), S_JSONLD));
	TRY(offer_date(sc, GISA_F_MODIFIED,
		       gisa_jsonld_str(o, "dateModified"), S_JSONLD));
	sec = json_object_get(o, "articleSection");
	if (json_is_array(sec)) {
		json_array_foreach(sec, i, e)
			if (json_is_string(e))
				TRY(offer_section(sc, json_string_value(e),
						  S_JSONLD));
	} else {
		TRY(offer_section(sc, gisa_jsonld_str(o, "articleSection"),
				  S_JSONLD));
	}
	if (!a->tags.n)
		TRY(jsonld_tags(sc, o));
	s = gisa_jsonld_str(o, "inLanguage");
	TRY(offer_lang(sc, s, S_JSONLD));
	TRY(jsonld_image(sc, json_object_get(o, "image"), 0));
	if (!a->n_images)
		TRY(jsonld_image(sc, json_object_get(o, "thumbnailUrl"), 0));
	lock_images(sc);
	return 0;
}

/* --- meta tags ------------------------------------------------------- */

/* Which meta keys feed which field, per source, most specific first. */
enum { X_TITLE, X_DESC, X_AUTHORS, X_PUB, X_MOD, X_SECTION, X_TAGS,
       X_LANG, X_IMAGE };

static const struct {
	int what, src;
	const char *key;
} keymap[] = {
	{ X_TITLE, S_OG, "og:title" },
	{ X_DESC, S_OG, "og:description" },
	{ X_AUTHORS, S_OG, "article:author" },
	{ X_AUTHORS, S_OG, "og:article:author" },
	{ X_PUB, S_OG, "article:published_time" },
	{ X_PUB, S_OG, "og:article:published_time" },
	{ X_PUB, S_OG, "article:published" },
	{ X_PUB, S_OG, "og:published_time" },
	{ X_MOD, S_OG, "article:modified_time" },
	{ X_MOD, S_OG, "og:article:modified_time" },
	{ X_MOD, S_OG, "article:modified" },
	{ X_MOD, S_OG, "og:updated_time" },
	{ X_SECTION, S_OG, "article:section" },
	{ X_SECTION, S_OG, "og:article:section" },
	{ X_TAGS, S_OG, "article:tag" },
	{ X_TAGS, S_OG, "og:article:tag" },
	{ X_LANG, S_OG, "og:locale" },
	{ X_IMAGE, S_OG, "og:image" },
	{ X_IMAGE, S_OG, "og:image:url" },
	{ X_IMAGE, S_OG, "og:image:secure_url" },
	{ X_TITLE, S_TWITTER, "twitter:title" },
	{ X_DESC, S_TWITTER, "twitter:description" },
	{ X_IMAGE, S_TWITTER, "twitter:image" },
	{ X_IMAGE, S_TWITTER, "twitter:image:src" },
	{ X_TITLE, S_NAME, "title" },
	{ X_TITLE, S_NAME, "dc.title" },
	{ X_TITLE, S_NAME, "parsely-title" },
	{ X_TITLE, S_NAME, "sailthru.title" },
	{ X_DESC, S_NAME, "description" },
	{ X_DESC, S_NAME, "dc.description" },
	{ X_AUTHORS, S_NAME, "author" },
	{ X_AUTHORS, S_NAME, "byl" },
	{ X_AUTHORS, S_NAME, "dc.creator" },
	{ X_AUTHORS, S_NAME, "sailthru.author" },
	{ X_AUTHORS, S_NAME, "parsely-author" },
	{ X_AUTHORS, S_NAME, "dable:author" },
	{ X_AUTHORS, S_NAME, "citation_author" },
	{ X_PUB, S_NAME, "date" },
	{ X_PUB, S_NAME, "pubdate" },
	{ X_PUB, S_NAME, "publishdate" },
	{ X_PUB, S_NAME, "publish-date" },
	{ X_PUB, S_NAME, "publish_date" },
	{ X_PUB, S_NAME, "article.published" },
	{ X_PUB, S_NAME, "article_date_original" },
	{ X_PUB, S_NAME, "dc.date.issued" },
	{ X_PUB, S_NAME, "dc.date" },
	{ X_PUB, S_NAME, "dcterms.created" },
	{ X_PUB, S_NAME, "sailthru.date" },
	{ X_PUB, S_NAME, "parsely-pub-date" },
	{ X_PUB, S_NAME, "datepublished" },
	{ X_PUB, S_NAME, "originalpublicationdate" },
	{ X_PUB, S_NAME, "citation_publication_date" },
	{ X_MOD, S_NAME, "lastmod" },
	{ X_MOD, S_NAME, "last-modified" },
	{ X_MOD, S_NAME, "dc.date.modified" },
	{ X_MOD, S_NAME, "dcterms.modified" },
	{ X_MOD, S_NAME, "article.updated" },
	{ X_MOD, S_NAME, "datemodified" },
	{ X_SECTION, S_NAME, "section" },
	{ X_SECTION, S_NAME, "article.section" },
	{ X_SECTION, S_NAME, "parsely-section" },
	{ X_SECTION, S_NAME, "sailthru.section" },
	{ X_SECTION, S_NAME, "category" },
	{ X_TAGS, S_NAME, "news_keywords" },
	{ X_TAGS, S_NAME, "keywords" },
	{ X_TAGS, S_NAME, "parsely-tags" },
	{ X_TAGS, S_NAME, "sailthru.tags" },
	{ X_LANG, S_NAME, "language" },
	{ X_LANG, S_NAME, "dc.language" },
	{ X_LANG, S_NAME, "content-language" },
	{ X_IMAGE, S_NAME, "thumbnail" },
	{ X_TITLE, S_ITEMPROP, "headline" },
	{ X_DESC, S_ITEMPROP, "description" },
	{ X_AUTHORS, S_ITEMPROP, "author" },
	{ X_PUB, S_ITEMPROP, "datepublished" },
	{ X_PUB, S_ITEMPROP, "datecreated" },
	{ X_MOD, S_ITEMPROP, "datemodified" },
	{ X_SECTION, S_ITEMPROP, "articlesection" },
	{ X_TAGS, S_ITEMPROP, "keywords" },
	{ X_LANG, S_ITEMPROP, "inlanguage" },
	{ X_IMAGE, S_ITEMPROP, "image" },
	{ X_IMAGE, S_ITEMPROP, "thumbnailurl" },
};

/* The caption for the image tag at index i: the og:image:alt (or
 * twitter:image:alt) that follows it before the next image. */
static const char *image_alt(const struct scan *sc, size_t i)
{
	const char *want = sc->tags[i].src == S_TWITTER ? "twitter:image:alt" :
							  "og:image:alt";
	for (size_t j = i + 1; j < sc->ntags; j++) {
		if (strcmp(sc->tags[j].key, want) == 0)
			return sc->tags[j].val;
		if (strcmp(sc->tags[j].key, sc->tags[i].key) == 0)
			break;
	}
	return NULL;
}

/* Offer every tag with this source and key to its field. */
static int offer_key(struct scan *sc, int what, int src, const char *key,
		     gisa_strv *list)
{
	int rc = 0;

	for (size_t i = 0; i < sc->ntags && rc >= 0; i++) {
		const char *v = sc->tags[i].val;
		if (sc->tags[i].src != src || !name_is(sc->tags[i].key, key))
			continue;
		switch (what) {
		case X_TITLE: rc = offer_title(sc, v, src); break;
		case X_DESC: rc = offer_subtitle(sc, v, src, 1); break;
		case X_AUTHORS:
			if (!is_url(v))
				rc = split_names(list, v);
			break;
		case X_PUB: rc = offer_date(sc, GISA_F_PUBLISHED, v, src); break;
		case X_MOD: rc = offer_date(sc, GISA_F_MODIFIED, v, src); break;
		case X_SECTION: rc = offer_section(sc, v, src); break;
		case X_TAGS: rc = split_tags(list, v); break;
		case X_LANG: rc = offer_lang(sc, v, src); break;
		case X_IMAGE:
			rc = offer_image(sc, v, image_alt(sc, i), src);
			break;
		}
	}
	return rc;
}

static int fill_tags(struct scan *sc, int src)
{
	gisa_strv authors = GISA_STRV_INIT, tags = GISA_STRV_INIT;
	int rc = 0;

	for (size_t k = 0; k < sizeof keymap / sizeof keymap[0] && rc >= 0;
	     k++) {
		int what = keymap[k].what;
		if (keymap[k].src != src)
			continue;
		/* Lists come from the first key that gives anything. */
		if ((what == X_AUTHORS && (sc->a->authors.n || authors.n)) ||
		    (what == X_TAGS && (sc->a->tags.n || tags.n)))
			continue;
		rc = offer_key(sc, what, src, keymap[k].key,
			       what == X_TAGS ? &tags : &authors);
	}
	if (rc >= 0 && src == S_ITEMPROP && !sc->a->authors.n && !authors.n)
		for (size_t i = 0; i < sc->nprop_authors && rc >= 0; i++)
			rc = split_names(&authors, sc->prop_authors[i]);
	if (rc >= 0)
		rc = commit_authors(sc, &authors, src);
	if (rc >= 0)
		rc = commit_tags(sc, &tags, src);
	gisa_strv_clear(&authors);
	gisa_strv_clear(&tags);
	lock_images(sc);
	return rc < 0 ? rc : 0;
}

/* --- the rest -------------------------------------------------------- */

static int fill_times(struct scan *sc)
{
	static const int pub_order[] = { T_PUB, T_PUBDATE, T_ARTICLE };
	int rc = 0;

	for (int k = 0; k < 3; k++)
		for (size_t i = 0; i < sc->ntimes && rc >= 0; i++)
			if (sc->times[i].kind == pub_order[k])
				rc = offer_date(sc, GISA_F_PUBLISHED,
						sc->times[i].val, S_TIME);
	/* a printed stamp only when it reads as a date: the label may have
	 * been a word of some other sentence */
	for (size_t i = 0; i < sc->ntimes && rc >= 0; i++) {
		char out[GISA_DATE_BUFSZ];
		if (sc->times[i].kind == T_LABELLED &&
		    gisa_date_parse(sc->times[i].val, sc->tz, out,
				    sizeof out) == 0)
			rc = offer_date(sc, GISA_F_PUBLISHED, out, S_TEXT);
	}
	for (size_t i = 0; i < sc->ntimes && rc >= 0; i++)
		if (sc->times[i].kind == T_MOD)
			rc = offer_date(sc, GISA_F_MODIFIED, sc->times[i].val,
					S_TIME);
	return rc < 0 ? rc : 0;
}

static int fill_canonical(struct scan *sc)
{
	int rc;

	TRY(offer_canonical(sc, sc->canonical, S_LINK));
	TRY(offer_canonical(sc, tag(sc, S_OG, "og:url"), S_OG));
	TRY(offer_canonical(sc, tag(sc, S_TWITTER, "twitter:url"),
			    S_TWITTER));
	if (sc->article)
		TRY(offer_canonical(sc, jsonld_url(sc->article), S_JSONLD));
	return 0;
}

/* Images resolve against <base href>, the page URL, or the canonical. */
static int set_base(struct scan *sc)
{
	const char *url = sc->doc->url ? sc->doc->url : sc->a->canonical_url;

	if (sc->base_href && (url || is_http(sc->base_href)))
		sc->base = resolve(url, sc->base_href);
	if (sc->base && !is_http(sc->base)) {
		free(sc->base); /* an unusable <base>: ignore it */
		sc->base = NULL;
	}
	if (!sc->base && url && !(sc->base = strdup(url)))
		return GISA_ENOMEM;
	return 0;
}

/* The zone of a page without one from its rule: that of the country its
 * host's country code or its language belongs to, for countries with a
 * single zone; NULL when neither says. A printed "오후 8:06" on a .kr
 * site is Seoul time; guessing nothing would leave it without offset. */
static const char *guess_zone(const struct scan *sc)
{
	static const char *const by_tld[] = {
		"kr", "Asia/Seoul", "jp", "Asia/Tokyo", "tw", "Asia/Taipei",
		"cn", "Asia/Shanghai", "hk", "Asia/Hong_Kong",
		"sg", "Asia/Singapore", "in", "Asia/Kolkata",
		"uk", "Europe/London", "ie", "Europe/Dublin",
		"de", "Europe/Berlin", "fr", "Europe/Paris",
		"it", "Europe/Rome", "nl", "Europe/Amsterdam",
		"za", "Africa/Johannesburg", "nz", "Pacific/Auckland", NULL };
	static const char *const by_lang[] = { "ko", "Asia/Seoul",
		"ja", "Asia/Tokyo", NULL };
	const char *url = sc->doc->url ? sc->doc->url : sc->a->canonical_url;
	char host[256];

	if (url && gisa_url_host(url, host, sizeof host) >= 0) {
		const char *tld = strrchr(host, '.');
		for (int i = 0; tld && by_tld[i]; i += 2)
			if (strcmp(tld + 1, by_tld[i]) == 0)
				return by_tld[i + 1];
	}
	for (int i = 0; sc->lang && by_lang[i]; i += 2)
		if (strncasecmp(sc->lang, by_lang[i], 2) == 0 &&
		    !isalpha((unsigned char)sc->lang[2]))
			return by_lang[i + 1];
	return NULL;
}

static int fill_all(struct scan *sc)
{
	int rc;

	sc->site[0] = any_tag(sc, "og:site_name");
	sc->site[1] = tag(sc, S_NAME, "application-name");
	sc->site[2] = tag(sc, S_TWITTER, "twitter:site");
	if (sc->site[2] && sc->site[2][0] == '@')
		sc->site[2]++;
	TRY(fill_canonical(sc));
	TRY(set_base(sc));
	if (!sc->tz)
		sc->tz = guess_zone(sc);
	TRY(vote_title(sc));
	TRY(fill_jsonld(sc));
	for (int s = S_OG; s <= S_ITEMPROP; s++)
		TRY(fill_tags(sc, s));
	if (sc->page)
		TRY(offer_title(sc, gisa_jsonld_str(sc->page, "headline") ?
			gisa_jsonld_str(sc->page, "headline") :
			gisa_jsonld_str(sc->page, "name"), S_JSONLD));
	TRY(fill_times(sc));
	TRY(offer_image(sc, sc->image_src, NULL, S_LINK));
	lock_images(sc);
	TRY(offer_title(sc, sc->title, S_HTML));
	TRY(offer_lang(sc, sc->lang, S_HTML));
	return 0;
}

static int scan_begin(struct scan *sc, const gisa_doc *doc)
{
	memset(sc, 0, sizeof *sc);
	sc->doc = doc;
	sc->ar = doc->arena;
	sc->tags = malloc(MAX_METAS * sizeof *sc->tags);
	if (!sc->tags)
		return GISA_ENOMEM;
	walk(sc);
	if (sc->err)
		return sc->err;
	load_jsonld(sc);
	return 0;
}

static void scan_end(struct scan *sc)
{
	for (size_t i = 0; i < sc->nroots; i++)
		json_decref(sc->roots[i]);
	free(sc->tags);
	free(sc->base);
}

/* Each line of body cleaned; non-empty ones appended to paras. */
static int body_lines(const char *body, gisa_strv *paras)
{
	for (const char *p = body; *p;) {
		const char *e = strchr(p, '\n');
		char *line, *c;

		if (!e)
			e = p + strlen(p);
		line = strndup(p, (size_t)(e - p));
		c = line ? clean(line) : NULL;
		free(line);
		if (!c)
			return GISA_ENOMEM;
		if (!*c)
			free(c);
		else if (gisa_strv_take(paras, c) < 0)
			return GISA_ENOMEM;
		p = *e ? e + 1 : e;
	}
	return 0;
}

/* The scanned article's articleBody as paragraphs (see meta.h), or NULL. */
static char *scanned_body(const struct scan *sc)
{
	gisa_strv paras = GISA_STRV_INIT;
	const char *body;
	char *out = NULL;

	body = sc->article ? gisa_jsonld_str(sc->article, "articleBody") : NULL;
	if (body && body_lines(body, &paras) == 0 && paras.n)
		out = gisa_strv_join(&paras, "\n\n");
	gisa_strv_clear(&paras);
	return out;
}

int gisa_meta_scan(const gisa_doc *doc, const char *tz, gisa_article *a,
		   char **body)
{
	struct scan sc;
	int rc;

	if (body)
		*body = NULL;
	if (!doc || !doc->xml || !a)
		return 0;
	rc = scan_begin(&sc, doc);
	if (rc < 0)
		goto out;
	sc.a = a;
	sc.tz = tz;
	sc.images_locked = a->n_images > 0;
	if (tz && !gisa_date_zone_ok(tz)) {
		sc.tz = NULL;
		if ((rc = gisa_article_warn(a, "meta: unknown time zone "
					    "\"%.64s\"; dates keep no offset",
					    tz)) < 0)
			goto out;
	}
	rc = fill_all(&sc);
	if (rc == 0 && body)
		*body = scanned_body(&sc);
out:
	scan_end(&sc);
	return rc < 0 ? rc : 0;
}

int gisa_meta_extract(const gisa_doc *doc, const char *tz, gisa_article *a)
{
	return gisa_meta_scan(doc, tz, a, NULL);
}

char *gisa_meta_jsonld_body(const gisa_doc *doc)
{
	struct scan sc;
	char *out = NULL;

	if (!doc || !doc->xml)
		return NULL;
	if (scan_begin(&sc, doc) == 0)
		out = scanned_body(&sc);
	scan_end(&sc);
	return out;
}
