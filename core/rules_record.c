/* rules_record.c - the record as a Lua table and back (rules_record.h).
 *
 * Only raw accesses (lua_rawget) and type checks are used on tables the
 * rule could have touched: no metamethod of the rule's runs from C.
 */
#include "rules_record.h"
#include "error.h"

#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

static char **scalar_slot(gisa_article *a, gisa_field f)
{
	switch (f) {
	case GISA_F_TITLE: return &a->title;
	case GISA_F_SUBTITLE: return &a->subtitle;
	case GISA_F_PUBLISHED: return &a->published;
	case GISA_F_MODIFIED: return &a->modified;
	case GISA_F_SECTION: return &a->section;
	case GISA_F_LANGUAGE: return &a->language;
	case GISA_F_DATELINE: return &a->dateline;
	case GISA_F_CANONICAL: return &a->canonical_url;
	default: return NULL;
	}
}

static gisa_strv *list_slot(gisa_article *a, gisa_field f)
{
	switch (f) {
	case GISA_F_AUTHORS: return &a->authors;
	case GISA_F_TAGS: return &a->tags;
	case GISA_F_BODY: return &a->paragraphs;
	default: return NULL;
	}
}

static void set_string(lua_State *L, const char *key, const char *v)
{
	if (!v || !*v)
		return;
	lua_pushstring(L, v);
	lua_setfield(L, -2, key);
}

void gisa_rules_push_strings(lua_State *L, const gisa_strv *sv)
{
	lua_createtable(L, (int)sv->n, 0);
	for (size_t i = 0; i < sv->n; i++) {
		lua_pushstring(L, sv->v[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
}

static void set_list(lua_State *L, const char *key, const gisa_strv *sv)
{
	gisa_rules_push_strings(L, sv);
	lua_setfield(L, -2, key);
}

void gisa_rules_push_article(lua_State *L, const gisa_article *a,
			     const gisa_doc *doc)
{
	gisa_article *m = (gisa_article *)a; /* the slots are only read */

	lua_createtable(L, 0, 16);
	set_string(L, "url", a->url ? a->url : doc ? doc->url : NULL);
	for (int f = 0; f < GISA_F__COUNT; f++) {
		char **s = scalar_slot(m, f);
		gisa_strv *sv = list_slot(m, f);
		if (s)
			set_string(L, gisa_field_name(f), *s);
		else if (sv)
			set_list(L, f == GISA_F_BODY ? "paragraphs"
						    : gisa_field_name(f), sv);
	}
	lua_createtable(L, (int)a->n_images, 0);
	for (size_t i = 0; i < a->n_images; i++) {
		lua_createtable(L, 0, 2);
		set_string(L, "url", a->images[i].url);
		set_string(L, "caption", a->images[i].caption);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "images");
}

static void bad_type(lua_State *L, const char *field, const char *want)
{
	luaL_error(L, "rule result: '%s' must be %s, not a %s", field, want,
		   luaL_typename(L, -1));
}

/* The string at the top, or raise. */
static const char *want_string(lua_State *L, const char *field)
{
	if (lua_type(L, -1) != LUA_TSTRING)
		bad_type(L, field, "a string");
	return lua_tostring(L, -1);
}

static void no_memory(lua_State *L)
{
	luaL_error(L, "out of memory (C side)");
}

void gisa_rules_read_strings(lua_State *L, const char *field,
			     gisa_strv *out)
{
	lua_Integer n;

	if (lua_type(L, -1) != LUA_TTABLE)
		bad_type(L, field, "a list of strings");
	n = (lua_Integer)lua_rawlen(L, -1);
	for (lua_Integer i = 1; i <= n; i++) {
		const char *s;
		lua_rawgeti(L, -1, i);
		s = want_string(L, field);
		if (*s && gisa_strv_push(out, s) < 0)
			no_memory(L);
		lua_pop(L, 1);
	}
}

static const char *opt_field(lua_State *L, const char *key, const char *f)
{
	const char *s = NULL;

	lua_pushstring(L, key);
	if (lua_rawget(L, -2) != LUA_TNIL)
		s = want_string(L, f);
	lua_pop(L, 1); /* s stays valid: the table still holds the string */
	return s;
}

static void read_images(lua_State *L, gisa_article *out)
{
	lua_Integer n;

	if (lua_type(L, -1) != LUA_TTABLE)
		bad_type(L, "images", "a list of {url=, caption=} tables");
	n = (lua_Integer)lua_rawlen(L, -1);
	for (lua_Integer i = 1; i <= n; i++) {
		const char *url, *cap;
		lua_rawgeti(L, -1, i);
		if (lua_type(L, -1) != LUA_TTABLE)
			bad_type(L, "images", "a list of {url=, caption=} "
				 "tables");
		url = opt_field(L, "url", "images[].url");
		cap = opt_field(L, "caption", "images[].caption");
		if (url && *url &&
		    gisa_article_add_image(out, url, cap && *cap ? cap
							       : NULL) < 0)
			no_memory(L);
		lua_pop(L, 1);
	}
}

void gisa_rules_read_result(lua_State *L, int idx, int oidx,
			    gisa_article *out, int decided[GISA_F__COUNT])
{
	idx = lua_absindex(L, idx);
	oidx = lua_absindex(L, oidx);
	luaL_checktype(L, idx, LUA_TTABLE);
	for (int f = 0; f < GISA_F__COUNT; f++) {
		const char *name = gisa_field_name(f);
		char **s = scalar_slot(out, f);
		gisa_strv *sv = list_slot(out, f);
		int t;

		lua_pushstring(L, name);
		t = lua_rawget(L, idx);
		decided[f] = t != LUA_TNIL;
		if (t == LUA_TNIL) {
			lua_pop(L, 1);
			continue;
		}
		if (t == LUA_TBOOLEAN && !lua_toboolean(L, -1)) {
			/* false: emptied; the origin below still says how */
		} else if (s && gisa_article_set(s, want_string(L, name)) < 0)
			no_memory(L);
		else if (sv)
			gisa_rules_read_strings(L, name, sv);
		else if (f == GISA_F_IMAGES)
			read_images(L, out);
		lua_pop(L, 1);
		if (lua_type(L, oidx) == LUA_TTABLE) {
			lua_pushstring(L, name);
			if (lua_rawget(L, oidx) == LUA_TSTRING)
				out->origin[f] =
					gisa_rules_origin(lua_tostring(L, -1));
			lua_pop(L, 1);
		}
		if (!out->origin[f])
			out->origin[f] = "rule";
	}
}

const char *gisa_rules_origin(const char *s)
{
	static const char *const known[] = { "rule:selector", "rule:xpath",
		"rule:function", "rule:value", "rule:fixup", "rule:cleared",
		NULL };

	for (int i = 0; known[i]; i++)
		if (strcmp(s, known[i]) == 0)
			return known[i];
	return "rule";
}

char *gisa_rules_field_text(const gisa_article *a, gisa_field f)
{
	gisa_article *m = (gisa_article *)a;
	char **s = scalar_slot(m, f);
	gisa_strv *sv = list_slot(m, f);

	if (s)
		return *s && **s ? strdup(*s) : NULL;
	if (sv)
		return sv->n ? gisa_strv_join(sv, f == GISA_F_BODY ? "\n\n"
								 : " | ")
			     : NULL;
	if (f == GISA_F_IMAGES && a->n_images) {
		gisa_strv urls = GISA_STRV_INIT;
		char *j;
		for (size_t i = 0; i < a->n_images; i++)
			if (gisa_strv_push(&urls, a->images[i].url) < 0)
				break;
		j = gisa_strv_join(&urls, " | ");
		gisa_strv_clear(&urls);
		return j;
	}
	return NULL;
}

static void trace_list(lua_State *L, const char *key, gisa_strv *out)
{
	lua_pushstring(L, key);
	if (lua_rawget(L, -2) == LUA_TTABLE) {
		lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
		for (lua_Integer i = 1; i <= n; i++) {
			if (lua_rawgeti(L, -1, i) == LUA_TSTRING &&
			    gisa_strv_push(out, lua_tostring(L, -1)) < 0)
				no_memory(L);
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
}

static void trace_field(lua_State *L, gisa_explain_field *ef)
{
	lua_pushliteral(L, "selector");
	if (lua_rawget(L, -2) == LUA_TSTRING &&
	    gisa_explain_set(&ef->selector, lua_tostring(L, -1)) < 0)
		no_memory(L);
	lua_pop(L, 1);
	lua_pushliteral(L, "nodes");
	if (lua_rawget(L, -2) == LUA_TNUMBER)
		ef->nodes = (long)lua_tointeger(L, -1);
	lua_pop(L, 1);
	trace_list(L, "tried", &ef->tried);
	trace_list(L, "removed", &ef->removed);
	trace_list(L, "notes", &ef->notes);
}

void gisa_rules_read_trace(lua_State *L, int idx, const gisa_article *out,
			   const int decided[GISA_F__COUNT],
			   gisa_explain *ex)
{
	idx = lua_absindex(L, idx);
	if (lua_type(L, idx) != LUA_TTABLE)
		return;
	for (int f = 0; f < GISA_F__COUNT; f++) {
		const char *name = gisa_field_name(f);
		gisa_explain_field *ef;
		int t;

		lua_pushstring(L, name);
		t = lua_rawget(L, idx);
		if (t != LUA_TTABLE && !decided[f]) {
			lua_pop(L, 1);
			continue;
		}
		if (!(ef = gisa_explain_field_get(ex, name)))
			no_memory(L);
		/* A fresh run replaces what an earlier stage said. */
		free(ef->selector);
		ef->selector = NULL;
		ef->nodes = -1;
		gisa_strv_clear(&ef->tried);
		gisa_strv_clear(&ef->removed);
		gisa_strv_clear(&ef->notes);
		if (t == LUA_TTABLE)
			trace_field(L, ef);
		lua_pop(L, 1);
		if (decided[f]) {
			char *v = gisa_rules_field_text(out, f);
			free(ef->value);
			ef->value = v;
			if (gisa_explain_set(&ef->origin, out->origin[f]
					     ? out->origin[f] : "rule") < 0)
				no_memory(L);
		}
	}
}
