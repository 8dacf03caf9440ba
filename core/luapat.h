/* luapat.h - Lua's pattern functions with a step budget.
 *
 * Lua's own matcher (lstrlib.c) backtracks without ever returning to the
 * VM, so neither a count hook nor a wall-clock check can stop a pattern
 * like ("a"):rep(5000):find(".-.-.-.-b"), which takes hours. This module
 * is gisa's own implementation of the same pattern language (classes,
 * sets, the four quantifiers, captures, position captures, %b, %f and
 * back-references) and of string.find, match, gmatch and gsub with Lua
 * 5.4's semantics, that reports every GISA_LUAPAT_CHUNK matching steps
 * to a charge function; the sandbox's charge raises a Lua error when the
 * page's instruction or time budget is spent.
 */
#ifndef GISA_LUAPAT_H
#define GISA_LUAPAT_H

#include <lua.h>

/* Steps between two calls of the charge function. */
#define GISA_LUAPAT_CHUNK 4096

/* The charge function: account for steps matching steps; it may raise a
 * Lua error (lua_error does not return). */
typedef void (*gisa_luapat_charge)(lua_State *L, long steps);

/* gisa_luapat_install - replace find, match, gmatch and gsub in the table
 * at the top of the stack (the string library) with the budgeted
 * versions. charge may be NULL (no budget: for tests). */
void gisa_luapat_install(lua_State *L, gisa_luapat_charge charge);

#endif
