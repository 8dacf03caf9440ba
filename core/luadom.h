/* luadom.h - the C API handed to rules: documents and nodes as Lua
 * userdata, plus dates, URLs and text helpers (docs/writing-rules.md has
 * the reference).
 *
 * Node handles never dangle: each is stamped with the generation of the
 * document it came from, and gisa_luadom_end() moves the generation on,
 * after which an old handle raises "node used after its page was
 * released" instead of touching freed memory. Nodes a rule removes are
 * unlinked, kept until gisa_luadom_end(), then freed.
 */
#ifndef GISA_LUADOM_H
#define GISA_LUADOM_H

#include <lua.h>

#include "html.h"
#include "sandbox.h"

/* gisa_luadom_open - create the global `gisa` table with the C functions
 * and the Node/Document metatables (their method tables are
 * gisa._Node / gisa._Document until the sandbox is locked, so the
 * prelude can add methods written in Lua), and set print to gisa.log.
 * Runs inside a protected call; raises on memory errors. */
void gisa_luadom_open(lua_State *L);

/* gisa_luadom_begin - bind doc to the state for one page and push its
 * Document handle. tz (may be NULL) is the default zone of gisa.date();
 * it must stay valid until gisa_luadom_end(). Raises on memory errors
 * (call it inside a protected call). */
void gisa_luadom_begin(lua_State *L, gisa_doc *doc, const char *tz);

/* gisa_luadom_end - release the page: invalidate every handle into it
 * and free the nodes the rule removed. Safe to call twice, and when no
 * page is bound. Never raises. */
void gisa_luadom_end(gisa_sandbox *sb);

/* gisa_luadom_free - free luadom's per-state data (after lua_close). */
void gisa_luadom_free(gisa_sandbox *sb);

/* gisa_luadom_set_tz - change the default zone (NULL: none). */
void gisa_luadom_set_tz(gisa_sandbox *sb, const char *tz);

#endif
