/* rules_record.h - the article record as a Lua table and back, for the
 * rule runner (rules.c). All functions run inside a protected call: they
 * may raise Lua errors (memory, a value of the wrong type). Everything
 * they malloc belongs to the record or explain structure they fill, so an
 * error leaks nothing.
 */
#ifndef GISA_RULES_RECORD_H
#define GISA_RULES_RECORD_H

#include <lua.h>

#include "article.h"
#include "explain.h"
#include "html.h"

/* gisa_rules_push_article - push a as the table a rule's fixup sees:
 * strings for the scalar fields, lists for authors, tags and paragraphs,
 * {url=, caption=} tables for images; url falls back to doc's URL. */
void gisa_rules_push_article(lua_State *L, const gisa_article *a,
			     const gisa_doc *doc);

/* gisa_rules_read_result - read the runner's result table at idx (field
 * name -> value, false for "cleared") and origins table at oidx (field
 * name -> "rule:selector"...) into out; decided[f] is set to 1 for each
 * field the rule gave (its value may be empty: cleared). Raises on a
 * value of the wrong type. */
void gisa_rules_read_result(lua_State *L, int idx, int oidx,
			    gisa_article *out, int decided[GISA_F__COUNT]);

/* gisa_rules_read_trace - copy the runner's trace table at idx (field ->
 * {selector=, nodes=, tried={}, removed={}, note=}) into ex, with the
 * values and origins of out for decided fields. */
void gisa_rules_read_trace(lua_State *L, int idx, const gisa_article *out,
			   const int decided[GISA_F__COUNT],
			   gisa_explain *ex);

/* gisa_rules_push_strings - push sv as a Lua list of strings. */
void gisa_rules_push_strings(lua_State *L, const gisa_strv *sv);

/* gisa_rules_read_strings - append the list of strings at the top of the
 * stack to out, skipping empty ones; raises (naming field) when it is not
 * a list of strings. */
void gisa_rules_read_strings(lua_State *L, const char *field,
			     gisa_strv *out);

/* gisa_rules_origin - the static origin string equal to s ("rule:selector",
 * "rule:fixup", ...), or "rule" for anything else. */
const char *gisa_rules_origin(const char *s);

/* gisa_rules_field_text - field f of a as one string (lists joined by
 * " | ", the body's paragraphs by blank lines), malloc'd; NULL when
 * empty or out of memory. */
char *gisa_rules_field_text(const gisa_article *a, gisa_field f);

#endif
