/* feed.c - RSS, Atom and sitemap discovery with libxml2.
 *
 * The document is parsed with libxml2's tree builder, but each entry
 * (item, entry, url, sitemap) is read and freed as soon as its end tag
 * is seen: a 50,000-URL sitemap then costs the memory of one entry, not
 * of the whole tree, while the code still reads entries as small trees
 * (xml:base, nested news:news, Atom link lists). Entries left in the tree
 * at the end (unclosed tags in a recovered document) are read then.
 */
#define _GNU_SOURCE /* memmem */
#include "feed.h"
#include "buf.h"
#include "error.h"
#include "io.h"
#include "text.h"
#include "urlnorm.h"

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_NEWS "http://www.google.com/schemas/sitemap-news/0.9"
#define NS_FEEDBURNER "http://rssnamespace.org/feedburner/ext/1.0"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

struct pstate {
	gisa_feed *f;
	const char *feed_url;
	size_t max_entries;
	int entity_decl;  /* the document declared an entity: refused */
	int rc;           /* first hard error (GISA_ENOMEM) */
};

const char *gisa_feed_type_name(gisa_feed_type t)
{
	static const char *const names[] = { "unknown", "rss", "rdf", "atom",
					     "sitemap", "sitemapindex" };
	return (unsigned)t < sizeof names / sizeof names[0] ? names[t]
							    : "unknown";
}

void gisa_feed_clear(gisa_feed *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->entries[i].url);
		free(f->entries[i].title);
		free(f->entries[i].published);
		free(f->entries[i].updated);
	}
	free(f->entries);
	memset(f, 0, sizeof *f);
}

/* ---- small tree helpers ---- */

static int named(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE &&
	       strcmp((const char *)n->name, name) == 0;
}

static int in_ns(xmlNodePtr n, const char *uri)
{
	return n->ns && n->ns->href &&
	       strcmp((const char *)n->ns->href, uri) == 0;
}

/* child - the first child element called name; ns: NULL any namespace,
 * "" none (or any namespace but Atom's, for RSS's own elements). */
static xmlNodePtr child(xmlNodePtr parent, const char *name, const char *ns)
{
	for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next) {
		if (!named(c, name))
			continue;
		if (!ns || (*ns && in_ns(c, ns)) || (!*ns && !in_ns(c, NS_ATOM)))
			return c;
	}
	return NULL;
}

/* text_of - the node's text with surrounding whitespace trimmed and
 * inner whitespace collapsed, malloc'd; NULL when empty or on OOM
 * (*oom set). */
static char *text_of(xmlNodePtr n, int *oom)
{
	xmlChar *s;
	char *t;

	if (!n)
		return NULL;
	s = xmlNodeGetContent(n);
	if (!s) {
		*oom = 1;
		return NULL;
	}
	t = gisa_text_clean((const char *)s, strlen((const char *)s));
	xmlFree(s);
	if (!t)
		*oom = 1;
	else if (!*t) {
		free(t);
		t = NULL;
	}
	return t;
}

/* html_text - the text of s read as an HTML fragment (titles often carry
 * escaped markup or doubly escaped entities), on one line. */
static char *html_text(const char *s, int *oom)
{
	htmlDocPtr d;
	xmlNodePtr root;
	char *t = NULL;

	d = htmlReadMemory(s, (int)strlen(s), NULL, "UTF-8",
			   HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
			   HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	root = d ? xmlDocGetRootElement(d) : NULL;
	if (root)
		t = gisa_text_inline(root);
	else
		t = strdup(s);
	if (d)
		xmlFreeDoc(d);
	if (!t)
		*oom = 1;
	else if (!*t) {
		free(t);
		t = NULL;
	}
	return t;
}

static char *title_of(xmlNodePtr n, int *oom)
{
	char *t = text_of(n, oom), *h;

	if (!t || (!strchr(t, '<') && !strchr(t, '&')))
		return t;
	h = html_text(t, oom);
	free(t);
	return h;
}

static int hexval_ok(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

static int web_url(const char *s)
{
	return s && (strncmp(s, "http://", 7) == 0 ||
		     strncmp(s, "https://", 8) == 0);
}

/* ---- entries ---- */

/* atom_link - the href of the best alternate link among node's children
 * (rel absent or "alternate", an HTML type preferred), malloc'd; *at is
 * its element. NULL when there is none. */
static char *atom_link(xmlNodePtr node, xmlNodePtr *at, int *oom)
{
	xmlNodePtr best = NULL;
	xmlChar *href;
	int best_score = -1;
	char *s;

	for (xmlNodePtr c = node->children; c; c = c->next) {
		xmlChar *rel, *type;
		int score = -1;
		if (!named(c, "link") || !xmlHasProp(c, BAD_CAST "href"))
			continue;
		rel = xmlGetProp(c, BAD_CAST "rel");
		type = xmlGetProp(c, BAD_CAST "type");
		if (!rel || xmlStrcmp(rel, BAD_CAST "alternate") == 0)
			score = !type ||
				xmlStrcmp(type, BAD_CAST "text/html") == 0 ||
				xmlStrcmp(type,
					  BAD_CAST "application/xhtml+xml") == 0;
		xmlFree(rel);
		xmlFree(type);
		if (score > best_score) {
			best = c;
			best_score = score;
		}
	}
	if (!best)
		return NULL;
	*at = best;
	href = xmlGetProp(best, BAD_CAST "href");
	s = href ? strdup((const char *)href) : NULL;
	if (href && !s)
		*oom = 1;
	xmlFree(href);
	return s;
}

/* entry_url - the raw URL of an item/entry/url element and the node it
 * came from (for xml:base), malloc'd or NULL. */
static char *entry_url(gisa_feed_type type, xmlNodePtr n, xmlNodePtr *at,
		       int *oom)
{
	xmlNodePtr c;
	xmlChar *p;
	char *s = NULL;

	*at = n;
	if (type == GISA_FEED_SITEMAP || type == GISA_FEED_SITEMAP_INDEX)
		return text_of(*at = child(n, "loc", NULL), oom);
	if (type == GISA_FEED_ATOM) {
		s = atom_link(n, at, oom);
		if (!s && (s = text_of(*at = child(n, "id", NULL), oom)) &&
		    !web_url(s)) {
			free(s);
			s = NULL;
		}
		return s;
	}
	/* RSS: FeedBurner's original link beats the proxy link */
	if ((s = text_of(*at = child(n, "origLink", NS_FEEDBURNER), oom)))
		return s;
	if ((s = text_of(*at = child(n, "link", ""), oom)))
		return s;
	if ((c = child(n, "guid", NULL))) {
		p = xmlGetProp(c, BAD_CAST "isPermaLink");
		if (!p || xmlStrcasecmp(p, BAD_CAST "false") != 0) {
			s = text_of(*at = c, oom);
			if (s && !web_url(s)) {
				free(s);
				s = NULL;
			}
		}
		xmlFree(p);
		if (s)
			return s;
	}
	if ((s = atom_link(n, at, oom)))
		return s;
	*at = n;
	p = xmlGetNsProp(n, BAD_CAST "about", BAD_CAST NS_RDF);
	if (p && !(s = strdup((const char *)p)))
		*oom = 1;
	xmlFree(p);
	return s;
}

/* absolute - resolve raw against the base in effect at node (xml:base
 * over the feed URL) and normalize; NULL when not a web URL. */
static char *absolute(xmlNodePtr at, const char *raw, const char *feed_url,
		      int *oom)
{
	xmlChar *base;
	char *abs = NULL, *norm = NULL;
	int rc;

	/* most links are absolute already: skip the base lookup */
	raw += strspn(raw, " \t\r\n");
	if (web_url(raw)) {
		if (gisa_url_normalize(raw, &norm) == GISA_ENOMEM)
			*oom = 1;
		return norm;
	}
	base = xmlNodeGetBase(at->doc, at);
	rc = gisa_url_resolve(base && web_url((char *)base) ? (char *)base :
			      feed_url, raw, &abs);
	if (rc == 0)
		rc = gisa_url_normalize(abs, &norm);
	if (rc == GISA_ENOMEM)
		*oom = 1;
	xmlFree(base);
	free(abs);
	return norm;
}

static void dates_of(gisa_feed_type type, xmlNodePtr n, gisa_feed_entry *e,
		     int *oom)
{
	xmlNodePtr news;

	switch (type) {
	case GISA_FEED_RSS:
	case GISA_FEED_RDF:
		e->published = text_of(child(n, "pubDate", NULL), oom);
		if (!e->published)
			e->published = text_of(child(n, "date", NULL), oom);
		e->updated = text_of(child(n, "updated", NULL), oom);
		break;
	case GISA_FEED_ATOM:
		e->published = text_of(child(n, "published", NULL), oom);
		if (!e->published)
			e->published = text_of(child(n, "issued", NULL), oom);
		e->updated = text_of(child(n, "updated", NULL), oom);
		if (!e->updated)
			e->updated = text_of(child(n, "modified", NULL), oom);
		break;
	default:
		news = child(n, "news", NULL);
		e->published = text_of(child(news, "publication_date", NULL),
				       oom);
		e->updated = text_of(child(n, "lastmod", NULL), oom);
	}
}

static int push_entry(gisa_feed *f, gisa_feed_entry *e)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 64;
		gisa_feed_entry *v = realloc(f->entries, cap * sizeof *v);
		if (!v)
			return GISA_ENOMEM;
		f->entries = v;
		f->cap = cap;
	}
	f->entries[f->n++] = *e;
	return 0;
}

static void free_entry(gisa_feed_entry *e)
{
	free(e->url);
	free(e->title);
	free(e->published);
	free(e->updated);
}

/* read_entry - turn one entry element into a gisa_feed_entry. */
static void read_entry(struct pstate *ps, xmlNodePtr n)
{
	gisa_feed *f = ps->f;
	gisa_feed_entry e = { 0 };
	xmlNodePtr at;
	char *raw;
	int oom = 0;

	if (f->n >= ps->max_entries) {
		f->dropped++;
		return;
	}
	raw = entry_url(f->type, n, &at, &oom);
	if (raw)
		e.url = absolute(at, raw, ps->feed_url, &oom);
	free(raw);
	if (!e.url) {
		f->skipped += !oom;
		goto out;
	}
	e.kind = f->type == GISA_FEED_SITEMAP_INDEX ? GISA_ENTRY_SITEMAP
						    : GISA_ENTRY_ARTICLE;
	if (f->type == GISA_FEED_SITEMAP)
		e.title = title_of(child(child(n, "news", NULL), "title",
					 NULL), &oom);
	else if (f->type != GISA_FEED_SITEMAP_INDEX)
		e.title = title_of(child(n, "title", NULL), &oom);
	dates_of(f->type, n, &e, &oom);
	if (!oom && push_entry(f, &e) == 0)
		return;
	oom = 1;
out:
	free_entry(&e);
	if (oom && !ps->rc)
		ps->rc = GISA_ENOMEM;
}

static gisa_feed_type root_type(xmlNodePtr root)
{
	if (named(root, "rss"))
		return GISA_FEED_RSS;
	if (named(root, "RDF"))
		return GISA_FEED_RDF;
	if (named(root, "feed"))
		return GISA_FEED_ATOM;
	if (named(root, "urlset"))
		return GISA_FEED_SITEMAP;
	if (named(root, "sitemapindex"))
		return GISA_FEED_SITEMAP_INDEX;
	return GISA_FEED_UNKNOWN;
}

/* is_entry - whether n is an entry element of a document of type t:
 * a child of the root, or of an RSS channel. */
static int is_entry(gisa_feed_type t, xmlNodePtr n)
{
	xmlNodePtr p = n->parent;
	int top;

	if (!p || p->type != XML_ELEMENT_NODE)
		return 0;
	top = p->parent && p->parent->type == XML_DOCUMENT_NODE;
	switch (t) {
	case GISA_FEED_RSS:
	case GISA_FEED_RDF:
		return named(n, "item") && (top || named(p, "channel"));
	case GISA_FEED_ATOM:
		return named(n, "entry") && top;
	case GISA_FEED_SITEMAP:
		return named(n, "url") && top;
	case GISA_FEED_SITEMAP_INDEX:
		return named(n, "sitemap") && top;
	default:
		return 0;
	}
}

/* ---- SAX hooks ---- */

static void refuse_entity(void *ctx, const xmlChar *name, int type,
			  const xmlChar *public_id, const xmlChar *system_id,
			  xmlChar *content)
{
	xmlParserCtxtPtr p = ctx;
	((struct pstate *)p->_private)->entity_decl = 1;
	xmlStopParser(p);
}

static void refuse_unparsed(void *ctx, const xmlChar *name,
			    const xmlChar *public_id,
			    const xmlChar *system_id, const xmlChar *notation)
{
	refuse_entity(ctx, name, 0, public_id, system_id, NULL);
}

/* end_element - the tree builder's handler, then read and free the
 * element if it is an entry. */
static void end_element(void *ctx, const xmlChar *localname,
			const xmlChar *prefix, const xmlChar *uri)
{
	xmlParserCtxtPtr p = ctx;
	struct pstate *ps = p->_private;
	xmlNodePtr n = p->node, parent;

	xmlSAX2EndElementNs(ctx, localname, prefix, uri);
	if (!n || !p->myDoc || ps->rc)
		return;
	if (ps->f->type == GISA_FEED_UNKNOWN)
		ps->f->type = root_type(xmlDocGetRootElement(p->myDoc));
	if (!is_entry(ps->f->type, n))
		return;
	if (!p->myDoc->URL)
		p->myDoc->URL = xmlStrdup(BAD_CAST ps->feed_url);
	read_entry(ps, n);
	parent = n->parent;
	xmlUnlinkNode(n);
	xmlFreeNode(n);
	/* The whitespace between entries would otherwise grow into one
	 * text node appended to byte by byte (quadratic). */
	if (parent->last && parent->last->type == XML_TEXT_NODE) {
		n = parent->last;
		xmlUnlinkNode(n);
		xmlFreeNode(n);
	}
	/* The tree builder caches the size of the last text node it grew
	 * (nodelen/nodemem) and would now take the text before the freed
	 * entry for it; 0 makes it append through xmlTextConcat instead. */
	p->nodelen = 0;
	p->nodemem = 0;
}

/* read_rest - entries still in the tree (never closed) in order. */
static void read_rest(struct pstate *ps, xmlNodePtr n)
{
	for (; n && !ps->rc; n = n->next) {
		if (is_entry(ps->f->type, n))
			read_entry(ps, n);
		else if (n->type == XML_ELEMENT_NODE)
			read_rest(ps, n->children);
	}
}

/* ---- character references ---- */

/* ref_len - length of a reference at s (just past '&') that XML accepts
 * as it is: "#123;", "#x1F;", or one of the five predefined names; 0 if
 * none. *html gets the code point of an HTML entity name ("eacute;"). */
static size_t ref_len(const char *s, const char *end, unsigned *html)
{
	static const char *const predefined[] = { "amp", "lt", "gt", "quot",
						  "apos" };
	char name[33];
	size_t n = 0;
	const htmlEntityDesc *d;

	*html = 0;
	if (s < end && *s == '#') {
		int x = s + 1 < end && (s[1] == 'x' || s[1] == 'X');
		n = 1 + x;
		while (s + n < end && n < 12 &&
		       (x ? hexval_ok(s[n]) : (s[n] >= '0' && s[n] <= '9')))
			n++;
		return n > 1u + x && s + n < end && s[n] == ';' ? n + 1 : 0;
	}
	while (s + n < end && n < sizeof name - 1 &&
	       ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
		(n && s[n] >= '0' && s[n] <= '9'))) {
		name[n] = s[n];
		n++;
	}
	if (!n || s + n >= end || s[n] != ';')
		return 0;
	name[n] = '\0';
	for (size_t i = 0; i < 5; i++)
		if (strcmp(name, predefined[i]) == 0)
			return n + 1;
	if ((d = htmlEntityLookup(BAD_CAST name)))
		*html = d->value;
	return 0;
}

/* skip_section - if s starts a CDATA section or a comment, the end of it
 * (ampersands there are text, not references); else NULL. */
static const char *skip_section(const char *s, const char *end)
{
	const char *open[] = { "<![CDATA[", "<!--" }, *close[] = { "]]>", "-->" };

	for (int i = 0; i < 2; i++) {
		size_t n = strlen(open[i]);
		if ((size_t)(end - s) >= n && memcmp(s, open[i], n) == 0) {
			const char *e = memmem(s + n, (size_t)(end - s) - n,
					       close[i], strlen(close[i]));
			return e ? e + strlen(close[i]) : end;
		}
	}
	return NULL;
}

/* repair_refs - the commonest breakage in real feeds: a bare '&' in a
 * URL or title ("?a=1&b=2", "Tom & Jerry"), which XML recovery drops
 * together with the following name, and HTML entities (&nbsp; &eacute;)
 * that XML does not know. Writes to out a copy with bare ampersands as
 * "&amp;" and HTML entities as numeric references; returns 1 when
 * something changed, 0 when data is fine as it is, or GISA_ENOMEM. */
static int repair_refs(const char *data, size_t len, gisa_buf *out)
{
	const char *p = data, *end = data + len, *done = data, *q;
	int changed = 0;

	/* UTF-16 documents are left to libxml2 alone */
	if (len >= 2 && ((unsigned char)data[0] == 0xFE ||
			 (unsigned char)data[0] == 0xFF))
		return 0;
	while (p < end) {
		unsigned cp;
		if (*p == '<' && (q = skip_section(p, end))) {
			p = q;
			continue;
		}
		if (*p != '&' || ref_len(p + 1, end, &cp)) {
			p++;
			continue;
		}
		if (gisa_buf_append(out, done, (size_t)(p - done)))
			return GISA_ENOMEM;
		if (cp) {
			if (gisa_buf_printf(out, "&#%u;", cp))
				return GISA_ENOMEM;
			p = memchr(p, ';', (size_t)(end - p)) + 1;
		} else {
			if (gisa_buf_puts(out, "&amp;"))
				return GISA_ENOMEM;
			p++;
		}
		done = p;
		changed = 1;
	}
	if (changed && gisa_buf_append(out, done, (size_t)(end - done)))
		return GISA_ENOMEM;
	return changed;
}

static int parse_xml(const char *data, size_t len, struct pstate *ps)
{
	xmlParserCtxtPtr p;
	xmlDocPtr doc;
	int rc = GISA_EPARSE;

	size_t off, chunk;

	if (len > INT_MAX)
		return GISA_ELIMIT;
	xmlInitParser();
	/* The push parser, fed in chunks: the memory parser shifts the
	 * unread rest of a large document down again and again. The first
	 * 4 bytes let it detect the encoding. */
	off = len < 4 ? len : 4;
	p = xmlCreatePushParserCtxt(NULL, NULL, data, (int)off, NULL);
	if (!p)
		return GISA_ENOMEM;
	/* No XML_PARSE_NOENT, DTDLOAD or HUGE: see feed.h. */
	xmlCtxtUseOptions(p, XML_PARSE_NONET | XML_PARSE_RECOVER |
			  XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
			  XML_PARSE_NOCDATA);
	p->sax->entityDecl = refuse_entity;
	p->sax->unparsedEntityDecl = refuse_unparsed;
	p->sax->endElementNs = end_element;
	p->_private = ps;
	for (; off < len && !ps->rc && !ps->entity_decl; off += chunk) {
		chunk = len - off < 65536 ? len - off : 65536;
		xmlParseChunk(p, data + off, (int)chunk, 0);
	}
	xmlParseChunk(p, NULL, 0, 1);
	doc = p->myDoc;
	p->myDoc = NULL;
	if (ps->rc)
		rc = ps->rc;
	else if (ps->entity_decl || !doc || !xmlDocGetRootElement(doc))
		rc = GISA_EPARSE;
	else {
		if (ps->f->type == GISA_FEED_UNKNOWN)
			ps->f->type = root_type(xmlDocGetRootElement(doc));
		if (!doc->URL)
			doc->URL = xmlStrdup(BAD_CAST ps->feed_url);
		read_rest(ps, doc->children);
		ps->f->recovered |= !p->wellFormed;
		rc = ps->rc ? ps->rc :
		     ps->f->type == GISA_FEED_UNKNOWN ? GISA_EPARSE : 0;
	}
	if (doc)
		xmlFreeDoc(doc);
	xmlFreeParserCtxt(p);
	return rc;
}

/* ---- deduplication ---- */

struct slot {
	const char *url;
	size_t i;
};

static int slot_cmp(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;
	int c = strcmp(x->url, y->url);
	return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* dedupe - drop entries whose URL an earlier entry had, keeping order. */
static int dedupe(gisa_feed *f)
{
	struct slot *s;
	char *dup;
	size_t k = 0;

	if (f->n < 2)
		return 0;
	s = malloc(f->n * sizeof *s);
	dup = calloc(f->n, 1);
	if (!s || !dup) {
		free(s);
		free(dup);
		return GISA_ENOMEM;
	}
	for (size_t i = 0; i < f->n; i++)
		s[i] = (struct slot){ f->entries[i].url, i };
	qsort(s, f->n, sizeof *s, slot_cmp);
	for (size_t i = 1; i < f->n; i++)
		if (strcmp(s[i].url, s[i - 1].url) == 0)
			dup[s[i].i] = 1;
	for (size_t i = 0; i < f->n; i++) {
		if (dup[i]) {
			free_entry(&f->entries[i]);
			f->dupes++;
		} else {
			f->entries[k++] = f->entries[i];
		}
	}
	f->n = k;
	free(s);
	free(dup);
	return 0;
}

int gisa_feed_parse(const char *data, size_t len, const char *feed_url,
		    const gisa_feed_limits *lim, gisa_feed *out)
{
	struct pstate ps;
	gisa_buf repaired = GISA_BUF_INIT;
	char *inflated = NULL;
	size_t inflated_len = 0;
	size_t max_bytes = lim && lim->max_bytes ? lim->max_bytes
						 : GISA_FEED_MAX_BYTES;
	char *norm = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	memset(&ps, 0, sizeof ps);
	ps.f = out;
	ps.max_entries = lim && lim->max_entries ? lim->max_entries
						 : GISA_FEED_MAX_ENTRIES;
	rc = GISA_EINVAL;
	if (!data || !feed_url || gisa_url_normalize(feed_url, &norm) != 0)
		goto out;
	ps.feed_url = norm;
	rc = GISA_ELIMIT;
	if (len > max_bytes)
		goto out;
	if (len >= 2 && (unsigned char)data[0] == 0x1f &&
	    (unsigned char)data[1] == 0x8b) {
		rc = gisa_gunzip(data, len, max_bytes, &inflated,
				 &inflated_len);
		if (rc == GISA_EINVAL)
			rc = GISA_EPARSE; /* corrupt or truncated */
		if (rc)
			goto out;
		out->gzipped = 1;
		data = inflated;
		len = inflated_len;
	}
	rc = repair_refs(data, len, &repaired);
	if (rc < 0)
		goto out;
	if (rc) {
		out->recovered = 1;
		data = repaired.data;
		len = repaired.len;
	}
	rc = parse_xml(data, len, &ps);
	if (!rc)
		rc = dedupe(out);
out:
	if (rc) {
		gisa_feed_clear(out);
	}
	free(norm);
	free(inflated);
	gisa_buf_free(&repaired);
	return rc ? rc : (int)(out->n > INT_MAX ? INT_MAX : out->n);
}
