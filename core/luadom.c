/* luadom.c - documents, nodes, dates and URLs for Lua (see luadom.h).
 *
 * The model is liolib.c: one userdata type per C object, one registered
 * metatable each, methods in its __index table. Two rules keep the C
 * side safe whatever a rule does:
 *   - handles are checked on every use (type, then the page generation),
 *     so a node kept in an upvalue past its page raises instead of
 *     dangling;
 *   - anything malloc'd on the way to a Lua value (text, a node list, a
 *     dump) sits in per-state scratch slots while it is pushed, so a
 *     memory error raised by the push (a longjmp) leaks nothing: the slot
 *     is freed by the next call or when the page ends.
 */
#include "luadom.h"
#include "byline.h"
#include "date.h"
#include "dateline.h"
#include "error.h"
#include "jsonld.h"
#include "select.h"
#include "text.h"
#include "urlnorm.h"

#include <lauxlib.h>
#include <stdio.h>
#include <libxml/HTMLtree.h>
#include <stdlib.h>
#include <string.h>

#define NODE_MT "gisa.Node"
#define DOC_MT "gisa.Document"
#define CACHE_MAX 256          /* compiled selectors kept per state */
#define LOG_MAX_LINES 500
#define LOG_MAX_LINE 2000

struct lnode {
	xmlNodePtr node;
	unsigned gen;
};

struct ldoc {
	unsigned gen;
};

struct cached_sel {
	char *css;
	gisa_selector *sel;
};

struct dom {
	gisa_doc *doc;          /* the page bound now, or NULL */
	unsigned gen;           /* bumped when a page is released */
	const char *tz;
	xmlNodePtr *removed;    /* unlinked by node:remove(), freed at end */
	size_t n_removed, cap_removed;
	struct cached_sel cache[CACHE_MAX];
	size_t n_cache;
	/* the page's element index, made by the first select (a rule reads
	 * the page with a dozen selectors); off for the rest of the page
	 * when node:remove() changes the tree; its memory serves the next
	 * page */
	gisa_select_index *ix;
	int ix_state;           /* IX_NONE, IX_BUILT or IX_OFF */
	/* scratch slots (see the top comment) */
	gisa_nodes nodes;
	gisa_strv strs;
	void *tmp;
	void (*tmp_free)(void *);
};

static struct dom *dom_of(lua_State *L)
{
	return gisa_sandbox_of(L)->dom;
}

static void tmp_set(struct dom *d, void *p, void (*fn)(void *))
{
	if (d->tmp)
		d->tmp_free(d->tmp);
	d->tmp = p;
	d->tmp_free = fn;
}

static void tmp_done(struct dom *d)
{
	tmp_set(d, NULL, NULL);
}

static void xml_free(void *p)
{
	xmlFree(p);
}

static void buffer_free(void *p)
{
	xmlBufferFree(p);
}

static void no_memory(lua_State *L)
{
	luaL_error(L, "out of memory (C side)");
}

/* ---- handles ---- */

static void push_node(lua_State *L, struct dom *d, xmlNodePtr n)
{
	struct lnode *u = lua_newuserdatauv(L, sizeof *u, 0);

	u->node = n;
	u->gen = d->gen;
	luaL_setmetatable(L, NODE_MT);
}

static xmlNodePtr check_node(lua_State *L, int i)
{
	struct lnode *u = luaL_checkudata(L, i, NODE_MT);
	struct dom *d = dom_of(L);

	if (u->gen != d->gen || !d->doc)
		luaL_error(L, "node used after its page was released (keep "
			   "values, not nodes, between pages)");
	return u->node;
}

static gisa_doc *check_doc(lua_State *L, int i)
{
	struct ldoc *u = luaL_checkudata(L, i, DOC_MT);
	struct dom *d = dom_of(L);

	if (u->gen != d->gen || !d->doc)
		luaL_error(L, "document used after its page was released");
	return d->doc;
}

/* The scope of a select/xpath call: a Node, or a Document's xmlDoc. */
static xmlNodePtr check_scope(lua_State *L, int i)
{
	if (luaL_testudata(L, i, DOC_MT))
		return (xmlNodePtr)check_doc(L, i)->xml;
	return check_node(L, i);
}

/* ---- selectors ---- */

static gisa_selector *compile(lua_State *L, const char *css)
{
	struct dom *d = dom_of(L);
	char err[200];
	gisa_selector *sel;
	struct cached_sel *c;
	int rc;

	for (size_t i = 0; i < d->n_cache; i++)
		if (strcmp(d->cache[i].css, css) == 0)
			return d->cache[i].sel;
	rc = gisa_selector_compile(css, &sel, err, sizeof err);
	if (rc == GISA_ENOMEM)
		no_memory(L);
	if (rc < 0)
		luaL_error(L, "bad selector '%s': %s", css, err);
	if (d->n_cache == CACHE_MAX) { /* a rule building selectors */
		for (size_t i = 0; i < d->n_cache; i++) {
			free(d->cache[i].css);
			gisa_selector_free(d->cache[i].sel);
		}
		d->n_cache = 0;
	}
	c = &d->cache[d->n_cache];
	if (!(c->css = strdup(css))) {
		gisa_selector_free(sel);
		no_memory(L);
	}
	c->sel = sel;
	d->n_cache++;
	return sel;
}

enum { IX_NONE, IX_BUILT, IX_OFF };

/* The page's index, or NULL (select without one). */
static const gisa_select_index *page_index(struct dom *d)
{
	int rc;

	if (d->ix_state == IX_NONE) {
		rc = d->ix ? gisa_select_index_update(d->ix, d->doc->xml)
			   : gisa_select_index_new(d->doc->xml, &d->ix);
		d->ix_state = rc == 0 ? IX_BUILT : IX_OFF;
	}
	return d->ix_state == IX_BUILT ? d->ix : NULL;
}

static void select_limit(lua_State *L, int rc, const char *css)
{
	if (rc == GISA_ENOMEM)
		no_memory(L);
	if (rc == GISA_ELIMIT)
		luaL_error(L, "selector '%s' ran out of its step budget", css);
	luaL_error(L, "selector '%s' failed: %s", css, gisa_strerror(rc));
}

static void push_nodes(lua_State *L, struct dom *d, const gisa_nodes *nl)
{
	lua_createtable(L, (int)nl->n, 0);
	for (size_t i = 0; i < nl->n; i++) {
		push_node(L, d, nl->v[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
}

static int m_select(lua_State *L)
{
	xmlNodePtr scope = check_scope(L, 1);
	const char *css = luaL_checkstring(L, 2);
	struct dom *d = dom_of(L);
	gisa_selector *sel = compile(L, css);
	int rc;

	d->nodes.n = 0;
	rc = gisa_select_indexed(sel, scope, page_index(d), &d->nodes);
	if (rc < 0)
		select_limit(L, rc, css);
	gisa_sandbox_charge(L, 1 + rc);
	push_nodes(L, d, &d->nodes);
	return 1;
}

static int m_select_one(lua_State *L)
{
	xmlNodePtr scope = check_scope(L, 1);
	const char *css = luaL_checkstring(L, 2);
	gisa_selector *sel = compile(L, css);
	xmlNodePtr n = gisa_select_first_indexed(sel, scope,
						 page_index(dom_of(L)));

	gisa_sandbox_charge(L, 1);
	if (!n)
		return 0;
	push_node(L, dom_of(L), n);
	return 1;
}

static int m_matches(lua_State *L)
{
	xmlNodePtr n = check_node(L, 1);
	const char *css = luaL_checkstring(L, 2);
	int rc = gisa_selector_matches(compile(L, css), n);

	if (rc < 0)
		select_limit(L, rc, css);
	lua_pushboolean(L, rc == 1);
	return 1;
}

static int m_closest(lua_State *L)
{
	xmlNodePtr n = check_node(L, 1);
	const char *css = luaL_checkstring(L, 2);
	gisa_selector *sel = compile(L, css);

	for (; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
		int rc = gisa_selector_matches(sel, n);
		if (rc < 0)
			select_limit(L, rc, css);
		if (rc == 1) {
			push_node(L, dom_of(L), n);
			return 1;
		}
	}
	return 0;
}

/* A non-element XPath result becomes its string value. */
static void push_xpath_item(lua_State *L, struct dom *d, xmlNodePtr n)
{
	xmlChar *s;

	if (n->type == XML_ELEMENT_NODE) {
		push_node(L, d, n);
		return;
	}
	s = xmlNodeGetContent(n);
	tmp_set(d, s, xml_free);
	lua_pushstring(L, s ? (const char *)s : "");
	tmp_done(d);
}

static int m_xpath(lua_State *L)
{
	xmlNodePtr scope = check_scope(L, 1);
	const char *expr = luaL_checkstring(L, 2);
	struct dom *d = dom_of(L);
	char err[200];
	int rc;

	d->nodes.n = 0;
	rc = gisa_xpath(d->doc->xml, scope, expr, &d->nodes, err, sizeof err);
	if (rc == GISA_ENOMEM)
		no_memory(L);
	if (rc < 0)
		return luaL_error(L, "bad XPath '%s': %s", expr, err);
	gisa_sandbox_charge(L, 1 + rc);
	lua_createtable(L, rc, 0);
	for (int i = 0; i < rc; i++) {
		push_xpath_item(L, d, d->nodes.v[i]);
		lua_rawseti(L, -2, i + 1);
	}
	return 1;
}

static int m_xpath_value(lua_State *L)
{
	xmlNodePtr scope = check_scope(L, 1);
	const char *expr = luaL_checkstring(L, 2);
	struct dom *d = dom_of(L);
	char err[200], *v;
	int rc;

	rc = gisa_xpath_string(d->doc->xml, scope, expr, &v, err, sizeof err);
	if (rc == GISA_ENOMEM)
		no_memory(L);
	if (rc < 0)
		return luaL_error(L, "bad XPath '%s': %s", expr, err);
	tmp_set(d, v, free);
	lua_pushstring(L, v);
	tmp_done(d);
	return 1;
}

/* ---- text ---- */

/* Collect the Node list at index i (a table of nodes, or nil) into
 * d->nodes; raises on a bad element before anything is changed. */
static void collect_exclude(lua_State *L, int i, struct dom *d)
{
	lua_Integer n;

	d->nodes.n = 0;
	if (lua_isnoneornil(L, i))
		return;
	luaL_checktype(L, i, LUA_TTABLE);
	n = (lua_Integer)lua_rawlen(L, i);
	for (lua_Integer k = 1; k <= n; k++) {
		lua_rawgeti(L, i, k);
		if (gisa_nodes_push(&d->nodes, check_node(L, -1)) < 0)
			no_memory(L);
		lua_pop(L, 1);
	}
}

/* Hide (on) or show again (off) the nodes in d->nodes through the
 * `hidden` attribute, which text.c skips; nodes already hidden are left
 * alone and marked NULL so that they are not shown afterwards. Runs no
 * Lua code, so the page is always restored (and so is what the page's
 * select index says of these nodes' attributes). Returns -1 on OOM (then
 * everything is shown again). */
static int hide(struct dom *d, int on)
{
	static const xmlChar HIDDEN[] = "hidden";

	for (size_t i = 0; i < d->nodes.n; i++) {
		xmlNodePtr n = d->nodes.v[i];
		if (!n)
			continue;
		if (on && xmlHasProp(n, HIDDEN)) {
			d->nodes.v[i] = NULL;
		} else if (on && !xmlSetProp(n, HIDDEN, (const xmlChar *)"")) {
			d->nodes.n = i;
			hide(d, 0);
			return -1;
		} else if (!on) {
			xmlUnsetProp(n, HIDDEN);
		}
	}
	return 0;
}

static void paragraphs_of(lua_State *L, xmlNodePtr n, int inline_text)
{
	struct dom *d = dom_of(L);
	int rc;

	if (hide(d, 1) < 0)
		no_memory(L);
	gisa_strv_clear(&d->strs);
	if (inline_text) {
		char *s = gisa_text_inline(n);
		rc = s ? gisa_strv_take(&d->strs, s) : GISA_ENOMEM;
	} else {
		rc = gisa_text_paragraphs(n, &d->strs);
	}
	hide(d, 0);
	if (rc < 0)
		no_memory(L);
}

static int m_text(lua_State *L)
{
	xmlNodePtr n = check_node(L, 1);
	struct dom *d = dom_of(L);

	collect_exclude(L, 2, d);
	paragraphs_of(L, n, 1);
	gisa_sandbox_charge(L, 1 + (long)(strlen(d->strs.v[0]) / 64));
	lua_pushstring(L, d->strs.v[0]);
	return 1;
}

static int m_paragraphs(lua_State *L)
{
	xmlNodePtr n = check_node(L, 1);
	struct dom *d = dom_of(L);

	collect_exclude(L, 2, d);
	paragraphs_of(L, n, 0);
	gisa_sandbox_charge(L, 1 + (long)d->strs.n);
	lua_createtable(L, (int)d->strs.n, 0);
	for (size_t i = 0; i < d->strs.n; i++) {
		lua_pushstring(L, d->strs.v[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	return 1;
}

static int dump(lua_State *L, int inner)
{
	xmlNodePtr n = check_node(L, 1);
	struct dom *d = dom_of(L);
	xmlBufferPtr buf = xmlBufferCreate();

	if (!buf)
		no_memory(L);
	tmp_set(d, buf, buffer_free);
	if (inner) {
		for (xmlNodePtr c = n->children; c; c = c->next)
			htmlNodeDump(buf, d->doc->xml, c);
	} else {
		htmlNodeDump(buf, d->doc->xml, n);
	}
	gisa_sandbox_charge(L, 1 + (long)(xmlBufferLength(buf) / 64));
	lua_pushlstring(L, (const char *)xmlBufferContent(buf),
			(size_t)xmlBufferLength(buf));
	tmp_done(d);
	return 1;
}

static int m_html(lua_State *L)
{
	return dump(L, 0);
}

static int m_inner_html(lua_State *L)
{
	return dump(L, 1);
}

/* ---- attributes and the tree ---- */

static int m_attr(lua_State *L)
{
	xmlNodePtr n = check_node(L, 1);
	const char *name = luaL_checkstring(L, 2);
	struct dom *d = dom_of(L);
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);

	if (!v)
		return 0;
	tmp_set(d, v, xml_free);
	lua_pushstring(L, (const char *)v);
	tmp_done(d);
	return 1;
}

static int m_attrs(lua_State *L)
{
	xmlNodePtr n = check_node(L, 1);
	struct dom *d = dom_of(L);

	lua_newtable(L);
	for (xmlAttrPtr a = n->properties; a; a = a->next) {
		xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
		tmp_set(d, v, xml_free);
		lua_pushstring(L, v ? (const char *)v : "");
		tmp_done(d);
		lua_setfield(L, -2, (const char *)a->name);
	}
	return 1;
}

static int m_tag(lua_State *L)
{
	lua_pushstring(L, (const char *)check_node(L, 1)->name);
	return 1;
}

static int is_element(xmlNodePtr n)
{
	return n && n->type == XML_ELEMENT_NODE;
}

static int m_parent(lua_State *L)
{
	xmlNodePtr n = check_node(L, 1)->parent;

	if (!is_element(n))
		return 0;
	push_node(L, dom_of(L), n);
	return 1;
}

static int m_children(lua_State *L)
{
	xmlNodePtr n = check_node(L, 1);
	struct dom *d = dom_of(L);
	int i = 0;

	lua_newtable(L);
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (is_element(c)) {
			push_node(L, d, c);
			lua_rawseti(L, -2, ++i);
		}
	gisa_sandbox_charge(L, 1 + i);
	return 1;
}

static int sibling(lua_State *L, int forward)
{
	xmlNodePtr n = check_node(L, 1);

	do
		n = forward ? n->next : n->prev;
	while (n && !is_element(n));
	if (!n)
		return 0;
	push_node(L, dom_of(L), n);
	return 1;
}

static int m_next(lua_State *L)
{
	return sibling(L, 1);
}

static int m_prev(lua_State *L)
{
	return sibling(L, 0);
}

static int m_remove(lua_State *L)
{
	xmlNodePtr n = check_node(L, 1);
	struct dom *d = dom_of(L);

	if (!n->parent)
		return 0; /* removed already */
	if (!is_element(n->parent))
		return luaL_error(L, "cannot remove the root element");
	if (d->n_removed == d->cap_removed) {
		size_t cap = d->cap_removed ? d->cap_removed * 2 : 16;
		xmlNodePtr *v = realloc(d->removed, cap * sizeof *v);
		if (!v)
			no_memory(L);
		d->removed = v;
		d->cap_removed = cap;
	}
	xmlUnlinkNode(n);
	d->removed[d->n_removed++] = n;
	d->ix_state = IX_OFF; /* the index describes the tree as it was */
	return 0;
}

static int m_node_tostring(lua_State *L)
{
	struct lnode *u = luaL_checkudata(L, 1, NODE_MT);
	struct dom *d = dom_of(L);
	char id[80] = "", cls[80] = "";
	xmlNodePtr n = u->node;
	xmlChar *v;

	if (u->gen != d->gen || !d->doc) {
		lua_pushliteral(L, "gisa.Node (released)");
		return 1;
	}
	if ((v = xmlGetProp(n, (const xmlChar *)"id"))) {
		snprintf(id, sizeof id, " id=%s", (const char *)v);
		xmlFree(v);
	}
	if ((v = xmlGetProp(n, (const xmlChar *)"class"))) {
		snprintf(cls, sizeof cls, " class=%s", (const char *)v);
		xmlFree(v);
	}
	lua_pushfstring(L, "<%s%s%s>", (const char *)n->name, id, cls);
	return 1;
}

static int m_node_eq(lua_State *L)
{
	struct lnode *a = luaL_testudata(L, 1, NODE_MT);
	struct lnode *b = luaL_testudata(L, 2, NODE_MT);

	lua_pushboolean(L, a && b && a->node == b->node && a->gen == b->gen);
	return 1;
}

/* ---- the document ---- */

static int m_doc_root(lua_State *L)
{
	xmlNodePtr r = xmlDocGetRootElement(check_doc(L, 1)->xml);

	if (!r)
		return 0;
	push_node(L, dom_of(L), r);
	return 1;
}

static int m_doc_url(lua_State *L)
{
	gisa_doc *doc = check_doc(L, 1);

	if (!doc->url)
		return 0;
	lua_pushstring(L, doc->url);
	return 1;
}

static int m_doc_tostring(lua_State *L)
{
	struct ldoc *u = luaL_checkudata(L, 1, DOC_MT);
	struct dom *d = dom_of(L);

	if (u->gen != d->gen || !d->doc)
		lua_pushliteral(L, "gisa.Document (released)");
	else
		lua_pushfstring(L, "gisa.Document (%s)",
				d->doc->url ? d->doc->url : "no URL");
	return 1;
}

/* ---- gisa.* functions ---- */

static const char *opt_tz(lua_State *L, int i)
{
	if (lua_isnoneornil(L, i))
		return dom_of(L)->tz;
	if (lua_isboolean(L, i) && !lua_toboolean(L, i))
		return NULL; /* false: no zone, keep what the text says */
	return luaL_checkstring(L, i);
}

static int f_date(lua_State *L)
{
	const char *s = luaL_checkstring(L, 1);
	const char *tz = opt_tz(L, 2);
	char out[GISA_DATE_BUFSZ];

	if (tz && !gisa_date_zone_ok(tz))
		return luaL_error(L, "gisa.date: unknown time zone '%s'", tz);
	if (gisa_date_parse(s, tz, out, sizeof out) < 0)
		return 0;
	lua_pushstring(L, out);
	return 1;
}

static int f_date_labelled(lua_State *L)
{
	const char *s = luaL_checkstring(L, 1);
	const char *label = luaL_checkstring(L, 2);
	const char *tz = opt_tz(L, 3);
	char out[GISA_DATE_BUFSZ];

	if (tz && !gisa_date_zone_ok(tz))
		return luaL_error(L, "gisa.date_after: unknown time zone '%s'",
				  tz);
	if (gisa_date_parse_labelled(s, label, tz, out, sizeof out) < 0)
		return 0;
	lua_pushstring(L, out);
	return 1;
}

/* A malloc'd string result of a urlnorm.h call, or nil on failure. */
static int push_url(lua_State *L, int rc, char *u)
{
	struct dom *d = dom_of(L);

	if (rc == GISA_ENOMEM)
		no_memory(L);
	if (rc < 0)
		return 0;
	tmp_set(d, u, free);
	lua_pushstring(L, u);
	tmp_done(d);
	return 1;
}

static int f_url_resolve(lua_State *L)
{
	const char *base = luaL_checkstring(L, 1);
	const char *ref = luaL_checkstring(L, 2);
	char *u = NULL;
	int rc = gisa_url_resolve(base, ref, &u);

	return push_url(L, rc, u);
}

static int f_url_normalize(lua_State *L)
{
	char *u = NULL;
	int rc = gisa_url_normalize(luaL_checkstring(L, 1), &u);

	return push_url(L, rc, u);
}

static int f_url_host(lua_State *L)
{
	char host[256];

	if (gisa_url_host(luaL_checkstring(L, 1), host, sizeof host) < 0)
		return 0;
	lua_pushstring(L, host);
	return 1;
}

/* gisa.byline(s) -> list of names (byline.h). */
static int f_byline(lua_State *L)
{
	const char *s = luaL_checkstring(L, 1);
	struct dom *d = dom_of(L);
	int rc;

	gisa_strv_clear(&d->strs);
	rc = gisa_byline_parse(s, &d->strs);
	if (rc == GISA_ENOMEM)
		no_memory(L);
	lua_createtable(L, (int)d->strs.n, 0);
	for (size_t i = 0; i < d->strs.n; i++) {
		lua_pushstring(L, d->strs.v[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	return 1;
}

/* gisa.is_agency(s) -> whether s names a news agency (byline.h). */
static int f_is_agency(lua_State *L)
{
	lua_pushboolean(L, gisa_byline_agency(luaL_checkstring(L, 1)));
	return 1;
}

/* gisa.dateline(p) -> dateline, rest, names | nil (dateline.h). */
static int f_dateline(lua_State *L)
{
	const char *p = luaL_checkstring(L, 1);
	struct dom *d = dom_of(L);
	char *dl = NULL;
	int off;

	gisa_strv_clear(&d->strs);
	off = gisa_dateline_split(p, &dl, &d->strs);
	if (off == GISA_ENOMEM)
		no_memory(L);
	if (off <= 0)
		return 0;
	tmp_set(d, dl, free);
	lua_pushstring(L, dl);
	tmp_done(d);
	lua_pushstring(L, p + off);
	lua_createtable(L, (int)d->strs.n, 0);
	for (size_t i = 0; i < d->strs.n; i++) {
		lua_pushstring(L, d->strs.v[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	return 3;
}

static int f_text_clean(lua_State *L)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	struct dom *d = dom_of(L);
	char *c = gisa_text_clean(s, n);

	if (!c)
		no_memory(L);
	gisa_sandbox_charge(L, 1 + (long)(n / 64));
	tmp_set(d, c, free);
	lua_pushstring(L, c);
	tmp_done(d);
	return 1;
}

/* gisa.jsonld_decode: the tree being converted and the string being
 * pushed, freed by the tmp slot if Lua raises meanwhile. */
struct jconv {
	json_t *root;
	char *str;
};

static void jconv_free(void *p)
{
	struct jconv *j = p;

	json_decref(j->root);
	free(j->str);
	free(j);
}

/* What decoding costs in VM instructions' worth (measured: a node parsed,
 * cleaned and made a Lua value takes about as long as 50 instructions; a
 * byte of text read about as long as 4), so a loop of decodes meets the
 * instruction budget long before the wall-clock one. */
#define JSON_NODE_COST 50
#define JSON_BYTES_PER_UNIT 4

/* Push v as a Lua value: objects and arrays as tables, strings cleaned
 * (HTML character references decoded), null as nil. */
static void push_json(lua_State *L, struct jconv *j, json_t *v, int depth)
{
	const char *key;
	json_t *x;
	size_t i;

	gisa_sandbox_charge(L, JSON_NODE_COST);
	luaL_checkstack(L, 4, "JSON-LD too deep");
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		lua_createtable(L, 0, (int)json_object_size(v));
		if (depth >= GISA_JSONLD_MAX_DEPTH)
			return;
		json_object_foreach(v, key, x) {
			lua_pushstring(L, key);
			push_json(L, j, x, depth + 1);
			lua_rawset(L, -3);
		}
		return;
	case JSON_ARRAY:
		lua_createtable(L, (int)json_array_size(v), 0);
		if (depth >= GISA_JSONLD_MAX_DEPTH)
			return;
		json_array_foreach(v, i, x) {
			push_json(L, j, x, depth + 1);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
		return;
	case JSON_STRING:
		if (!(j->str = gisa_jsonld_clean(json_string_value(v))))
			no_memory(L);
		lua_pushstring(L, j->str);
		free(j->str);
		j->str = NULL;
		return;
	case JSON_INTEGER:
		lua_pushinteger(L, (lua_Integer)json_integer_value(v));
		return;
	case JSON_REAL:
		lua_pushnumber(L, json_real_value(v));
		return;
	case JSON_TRUE:
	case JSON_FALSE:
		lua_pushboolean(L, json_is_true(v));
		return;
	default:
		lua_pushnil(L);
	}
}

/* gisa.jsonld_decode(text): the JSON-LD text as Lua tables (the lenient
 * reader meta uses), or nil when it is not JSON even after repair. */
static int f_jsonld_decode(lua_State *L)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	struct dom *d = dom_of(L);
	struct jconv *j = calloc(1, sizeof *j);

	if (!j)
		no_memory(L);
	tmp_set(d, j, jconv_free);
	gisa_sandbox_charge(L, 1 + (long)(n / JSON_BYTES_PER_UNIT));
	if (!(j->root = gisa_jsonld_load(s, n))) {
		tmp_done(d);
		lua_pushnil(L);
		return 1;
	}
	push_json(L, j, j->root, 0);
	tmp_done(d);
	return 1;
}

/* gisa._check_selector(css): raises on a bad selector (compile time). */
static int f_check_selector(lua_State *L)
{
	compile(L, luaL_checkstring(L, 1));
	lua_pushboolean(L, 1);
	return 1;
}

/* gisa._where(fn): "FILE:LINE" where a Lua function is defined, for
 * messages about the values it returns. */
static int f_where(lua_State *L)
{
	lua_Debug ar;

	luaL_checktype(L, 1, LUA_TFUNCTION);
	lua_pushvalue(L, 1);
	lua_getinfo(L, ">S", &ar);
	if (ar.currentline < 0 && ar.linedefined < 0)
		lua_pushstring(L, ar.short_src);
	else
		lua_pushfstring(L, "%s:%d", ar.short_src, ar.linedefined);
	return 1;
}

static int f_log(lua_State *L)
{
	gisa_sandbox *sb = gisa_sandbox_of(L);
	int n = lua_gettop(L);
	luaL_Buffer b;

	if (!sb->log || sb->log->n >= LOG_MAX_LINES)
		return 0;
	luaL_buffinit(L, &b);
	for (int i = 1; i <= n; i++) {
		luaL_tolstring(L, i, NULL);
		if (i > 1)
			luaL_addchar(&b, '\t');
		luaL_addvalue(&b);
	}
	luaL_pushresult(&b);
	{
		size_t len;
		const char *s = lua_tolstring(L, -1, &len);
		if (gisa_strv_pushn(sb->log, s, len > LOG_MAX_LINE
					       ? LOG_MAX_LINE : len) < 0)
			no_memory(L);
	}
	return 0;
}

/* ---- registration ---- */

static void new_class(lua_State *L, const char *mt, const luaL_Reg *methods,
		      lua_CFunction tostring, const char *field)
{
	luaL_newmetatable(L, mt);
	lua_newtable(L);
	luaL_setfuncs(L, methods, 0);
	lua_pushvalue(L, -1);
	lua_setfield(L, -4, field); /* gisa._Node: the prelude adds to it */
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, tostring);
	lua_setfield(L, -2, "__tostring");
	lua_pushstring(L, mt);
	lua_setfield(L, -2, "__metatable"); /* rules cannot reach it */
	if (strcmp(mt, NODE_MT) == 0) {
		lua_pushcfunction(L, m_node_eq);
		lua_setfield(L, -2, "__eq");
	}
	lua_pop(L, 1);
}

void gisa_luadom_open(lua_State *L)
{
	static const luaL_Reg node_methods[] = {
		{ "select", m_select }, { "select_one", m_select_one },
		{ "xpath", m_xpath }, { "xpath_value", m_xpath_value },
		{ "matches", m_matches }, { "closest", m_closest },
		{ "text", m_text }, { "paragraphs", m_paragraphs },
		{ "html", m_html }, { "inner_html", m_inner_html },
		{ "attr", m_attr }, { "attrs", m_attrs }, { "tag", m_tag },
		{ "parent", m_parent }, { "children", m_children },
		{ "next", m_next }, { "prev", m_prev }, { "remove", m_remove },
		{ NULL, NULL } };
	static const luaL_Reg doc_methods[] = {
		{ "select", m_select }, { "select_one", m_select_one },
		{ "xpath", m_xpath }, { "xpath_value", m_xpath_value },
		{ "root", m_doc_root }, { "url", m_doc_url },
		{ NULL, NULL } };
	static const luaL_Reg fns[] = {
		{ "date", f_date }, { "date_after", f_date_labelled },
		{ "url_resolve", f_url_resolve },
		{ "url_normalize", f_url_normalize }, { "url_host", f_url_host },
		{ "byline", f_byline }, { "dateline", f_dateline },
		{ "is_agency", f_is_agency },
		{ "text_clean", f_text_clean },
		{ "jsonld_decode", f_jsonld_decode },
		{ "log", f_log }, { "_check_selector", f_check_selector },
		{ "_where", f_where }, { NULL, NULL } };
	gisa_sandbox *sb = gisa_sandbox_of(L);

	if (!sb->dom && !(sb->dom = calloc(1, sizeof(struct dom))))
		no_memory(L);
	lua_newtable(L);
	luaL_setfuncs(L, fns, 0);
	new_class(L, NODE_MT, node_methods, m_node_tostring, "_Node");
	new_class(L, DOC_MT, doc_methods, m_doc_tostring, "_Document");
	lua_getfield(L, -1, "log");
	lua_setglobal(L, "print");
	lua_setglobal(L, "gisa");
}

void gisa_luadom_begin(lua_State *L, gisa_doc *doc, const char *tz)
{
	struct dom *d = dom_of(L);
	struct ldoc *u;

	gisa_luadom_end(gisa_sandbox_of(L));
	d->doc = doc;
	d->tz = tz;
	u = lua_newuserdatauv(L, sizeof *u, 0);
	u->gen = d->gen;
	luaL_setmetatable(L, DOC_MT);
}

void gisa_luadom_set_tz(gisa_sandbox *sb, const char *tz)
{
	if (sb->dom)
		((struct dom *)sb->dom)->tz = tz;
}

void gisa_luadom_end(gisa_sandbox *sb)
{
	struct dom *d = sb->dom;

	if (!d)
		return;
	tmp_done(d);
	d->ix_state = IX_NONE;
	for (size_t i = 0; i < d->n_removed; i++)
		xmlFreeNode(d->removed[i]);
	d->n_removed = 0;
	d->nodes.n = 0;
	gisa_strv_clear(&d->strs);
	if (d->doc)
		d->gen++;
	d->doc = NULL;
	d->tz = NULL;
}

void gisa_luadom_free(gisa_sandbox *sb)
{
	struct dom *d = sb->dom;

	if (!d)
		return;
	gisa_luadom_end(sb);
	gisa_select_index_free(d->ix);
	for (size_t i = 0; i < d->n_cache; i++) {
		free(d->cache[i].css);
		gisa_selector_free(d->cache[i].sel);
	}
	free(d->removed);
	gisa_nodes_clear(&d->nodes);
	free(d);
	sb->dom = NULL;
}
