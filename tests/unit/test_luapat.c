/* test_luapat.c - gisa's pattern matcher against Lua's own.
 *
 * Two plain Lua states run the same script over the same (subject,
 * pattern) pairs: one with Lua's string library, one with find, match,
 * gmatch and gsub replaced by luapat.c. Every result (values or error
 * message) must be identical. The pairs are hand-written edge cases, the
 * capture and nesting limits, and pseudo-random ones from a fixed seed;
 * a few whole chunks cover callbacks and argument errors. Then the
 * budget: a blow-up pattern stops at its charge.
 */
#include "luapat.h"
#include "test.h"

#include <lauxlib.h>
#include <lualib.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Runs every function on subject s, pattern p; returns one line per call
 * with the results (or the error) so that two states can be compared. */
static const char SCRIPT[] =
	"local s, p = ...\n"
	"local out = {}\n"
	"local function ser(ok, ...)\n"
	"  local t = { tostring(ok) }\n"
	"  for i = 1, select('#', ...) do t[#t + 1] = tostring((select(i, ...))) end\n"
	"  out[#out + 1] = table.concat(t, '\\1')\n"
	"end\n"
	"for _, init in ipairs({ 1, 2, -3, 0, 100, -100, #s + 1, #s + 2 }) do\n"
	"  ser(pcall(string.find, s, p, init))\n"
	"  ser(pcall(string.match, s, p, init))\n"
	"end\n"
	"ser(pcall(string.find, s, p, 1, true))\n"
	"ser(pcall(function()\n"
	"  local r = {}\n"
	"  for a, b in string.gmatch(s, p) do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end\n"
	"  return table.concat(r, ',')\n"
	"end))\n"
	"ser(pcall(function()\n"
	"  local r = {}\n"
	"  for a in string.gmatch(s, p, 3) do r[#r + 1] = tostring(a) end\n"
	"  return table.concat(r, ',')\n"
	"end))\n"
	"ser(pcall(string.gsub, s, p, '<%0>'))\n"
	"ser(pcall(string.gsub, s, p, '%1-%%'))\n"
	"ser(pcall(string.gsub, s, p, '%2'))\n"
	"ser(pcall(string.gsub, s, p, '%z'))\n"
	"ser(pcall(string.gsub, s, p, 'x', 2))\n"
	"ser(pcall(string.gsub, s, p, function(a) if a == 'a' then return nil end return '[' .. tostring(a) .. ']' end))\n"
	"ser(pcall(string.gsub, s, p, { a = 'A', b = false, c = 1 }))\n"
	"ser(pcall(string.gsub, s, p, function() return {} end))\n"
	"ser(pcall(string.gsub, s, p, 42))\n"
	"ser(pcall(string.gsub, s, p, { 'I', 'II', 3.5, a = 'A' }))\n"
	"ser(pcall(string.gsub, s, p, function(...)\n"
	"  local t = table.pack(...)\n"
	"  for i = 1, t.n do t[i] = math.type(t[i]) or tostring(t[i]) end\n"
	"  return table.concat(t, ':')\n"
	"end))\n"
	"ser(pcall(string.gsub, s, p, '%%%0%1', 0))\n"
	"ser(pcall(string.gsub, s, p, '[%0]', -1))\n"
	"ser(pcall(function()\n"
	"  local r = {}\n"
	"  for a in string.gmatch(s, p, -2) do r[#r + 1] = tostring(a) end\n"
	"  return table.concat(r, ',')\n"
	"end))\n"
	"ser(pcall(function() return ('' .. s):find(p) end))\n"
	"return table.concat(out, '\\n')\n";

static lua_State *new_state(int ours)
{
	lua_State *L = luaL_newstate();

	luaL_openlibs(L);
	if (ours) {
		lua_getglobal(L, "string");
		gisa_luapat_install(L, NULL);
		lua_pop(L, 1);
	}
	return L;
}

static char *run(lua_State *L, const char *s, size_t sl, const char *p,
		 size_t pl)
{
	char *r;

	if (luaL_loadbuffer(L, SCRIPT, sizeof SCRIPT - 1, "=diff") != LUA_OK)
		return strdup(lua_tostring(L, -1));
	lua_pushlstring(L, s, sl);
	lua_pushlstring(L, p, pl);
	if (lua_pcall(L, 2, 1, 0) != LUA_OK) {
		r = strdup(lua_tostring(L, -1));
	} else {
		r = strdup(lua_tostring(L, -1));
	}
	lua_settop(L, 0);
	return r;
}

static lua_State *ref, *ours;
static int compared;

static void compare(const char *s, size_t sl, const char *p, size_t pl)
{
	char *a = run(ref, s, sl, p, pl);
	char *b = run(ours, s, sl, p, pl);

	compared++;
	if (strcmp(a, b) != 0) {
		t_check(0, __FILE__, __LINE__, "same results", "subject '%.*s' "
			"pattern '%.*s':\nlua:  %s\nours: %s", (int)sl, s,
			(int)pl, p, a, b);
	} else {
		t_passed++;
	}
	free(a);
	free(b);
}

static void compare_str(const char *s, const char *p)
{
	compare(s, strlen(s), p, strlen(p));
}

static const char *const SUBJECTS[] = {
	"", "a", "abc", "hello world", "  trim me  ", "aaa", "abab",
	"THE (quick) [brown] fox", "x=1, y=22, z=333", "f(a(b)c)d",
	"2019-08-20T09:31:01+09:00", "kokobj@yna.co.kr\n(END)",
	"THE (quick) fox", "a.b.c", "%d%%", "\t\n line \r\n",
	"caf\xc3\xa9 \xea\xb8\xb0\xec\x9e\x90", "aXbXc", "]]", "a-b_c",
	NULL };

static const char *const PATTERNS[] = {
	"", "a", "^a", "a$", "^$", ".", "..", "a*", "a+", "a-", "a?", "b*",
	"^%s*(.-)%s*$", "(%w+)", "(%d+)", "%a+", "%A+", "[%a_][%w_]*",
	"[^%s]+", "[a-c]+", "[]]", "[^]]", "[%]]", "[a%-z]", "[-a]", "[a-]",
	"%bxy", "%b()", "%b[]", "%f[%w]%w+", "%f[%W]", "%f[%a]", "()a()",
	"(a)(b)", "((a)(b))", "(a*(.)%w(%s*))", "(.)%1", "(a)%2", "%1",
	"(()", ")", "%", "[a", "[^", "%f", "%fa", "%b", "%ba", "%z", "%g+",
	"%p", "%c", "%x+", "%u%l*", "x=(%d+)", "(%w+)=(%w+)", "^(%u)",
	".-b", ".*b", "a.-", "(END)", "%(END%)$", "[\xea-\xed][\x80-\xbf]+",
	"\xea\xb8\xb0\xec\x9e\x90", "@(.-)%.", "^[%w%.]+@", "(h)(e)(l)(l)(o)",
	"[%d%.]+", "[%%]", "%%", "%.", "a.b", "(.-)X", "(.-)$", "^(.-)%s",
	"[%s%p]+$", "[b-a]", "[%a-z]", "%w-%.", NULL };

/* Corners the lists above pass by: malformed patterns reached or not,
 * sets with odd members, %f at the subject's ends, %b with one character
 * twice, empty matches, '^' and '$' out of place, quantifiers after items
 * that take none. */
static const char *const EDGE_SUBJECTS[] = {
	"", "x", "xy", "'a'b'c'", "\"q\" \"r\"", "xxxx", "))((", "(x)",
	"a b  c", "[x]-", "aaa", "yx$y", "^^a", "*a+", "x%1", NULL };

static const char *const EDGE_PATTERNS[] = {
	"[]", "[^]", "[%", "[a-", "[a-]]", "[]-a]", "[^]a]", "[%a-]",
	"[!-%]]", "[%w-%.]", "[a-%%]", "[%]-]", "[^%]]", "[x-]+",
	"%f[", "%f[a", "%fx", "%f[%a]", "%f[%A]", "%f[%z]", "%f[^%z]",
	"%f[%w]%w+%f[%W]", "%f[^a]", "%f[a]$", "%f[%Z]", "%f[x]x*%f[^x]",
	"x%", "x%b", "x%bx", "x[", "x%f", "x)", "x%1", "(x)%2", "(x%1)",
	"()%1", "(x)%1", "%0", "(x)(y", "(()%1)", "((x)%2)", "(x)%0",
	"%b''", "%b\"\"", "%bxx", "%b))", "%b)(", "%b[]", "%b'''",
	"x*", "a-", "()", "b?", ".-", "()x*()", "^", "^*", "^a*", "^.",
	"^()", "$", "$$", "x$y", "%$", "^^", "x*$", "a?$",
	"%Z+", "%Q", "%q", "%G+", "%c", "%1*", "%b()*", "(*)", "a**", "*a",
	"+", "-", "?", "x-y", "[x]-%-", NULL };

/* s repeated n times after prefix, in a static buffer. */
static const char *rep(const char *prefix, const char *s, int n)
{
	static char b[2048];
	size_t l = strlen(prefix);

	memmove(b, prefix, l + 1);
	for (int i = 0; i < n && l + strlen(s) < sizeof b; i++) {
		memcpy(b + l, s, strlen(s) + 1);
		l += strlen(s);
	}
	return b;
}

/* The 32-capture limit, Lua's nesting limit of 200 (a capture mark or a
 * quantifier that matched counts one), a pattern too long to be cached. */
static void limit_cases(void)
{
	char subject[300];

	memset(subject, 'a', sizeof subject - 1);
	subject[sizeof subject - 1] = '\0';
	compare_str(subject, rep("", "()", 32));
	compare_str(subject, rep("", "()", 33));
	compare_str(subject, rep("", "(a)", 32));
	compare_str(subject, rep("", "(.)", 33));
	compare_str("abc", rep(rep("", "(", 32), ")", 32));
	compare_str("abc", rep("x", "(", 33));
	for (int n = 198; n <= 201; n++) {
		compare_str(subject, rep("", "a?", n));
		compare_str(subject, rep("", "a-", n));
		compare_str(subject, rep("", "a*", n));
		compare_str("b", rep("", "a?", n));
	}
	for (int n = 166; n <= 169; n++)
		compare_str(subject, rep(rep("", "()", 32), "a?", n));
	compare_str(subject, rep(rep("(", "()", 31), "a?", 166));
	compare_str("abab", rep("", "[ab]", 200));
	compare_str(subject, rep("", "a", 299));
}

/* Whole chunks run in both states: callbacks that turn the pattern cache
 * over (with a collection) while the caller's compiled pattern is in
 * use, a table with __index, argument errors in Lua's order, numbers as
 * strings. */
static const char *const CHUNKS[] = {
	"local n = 0\n"
	"local r = string.gsub('hello world', '%w+', function(w)\n"
	"  for i = 1, 150 do\n"
	"    n = n + select(2, string.gsub(w, 'l' .. i .. '*', ''))\n"
	"  end\n"
	"  collectgarbage()\n"
	"  return w:upper()\n"
	"end)\n"
	"return r .. n",
	"local t = {}\n"
	"for k, v in string.gmatch('a=1, b=22, c=333', '(%w+)=(%w+)') do\n"
	"  for i = 1, 150 do string.gmatch('x', 'x' .. i .. '?') end\n"
	"  collectgarbage()\n"
	"  t[#t + 1] = k .. v\n"
	"end\n"
	"return table.concat(t, ';')",
	"return (string.gsub('abc', '%w', setmetatable({}, { __index =\n"
	"  function(_, k) return k:upper() .. '!' end })))",
	"return select(2, pcall(string.gsub, 'a', 'a', nil, 'x'))",
	"return select(2, pcall(string.gsub, 'a', 'a', nil))",
	"return select(2, pcall(string.gsub, 'a', 'a', 'b', 1.5))",
	"return select(2, pcall(string.find, 'a', 'a', 1.5))",
	"return select(2, pcall(string.find, 'a', 'a', 'x'))",
	"return select(2, pcall(string.gmatch, 'a'))",
	"return select(2, pcall(string.match, 'a', {}))",
	"return select(2, pcall(string.match, nil, 'a'))",
	"return select(2, pcall(string.gsub, 'abc', '%w', '%'))",
	"return select(2, pcall(string.gsub, 'abc', '%w', 'x%'))",
	"return string.find(12345, 34) .. string.gsub(12345, 3, 9)",
	"return string.format('%q', (string.gsub('a\\0b', '%z', '<%0>')))",
	"local it = string.gmatch('abc', '.')\n"
	"local a, b, c, d, e = it(), it(), it(), it(), it()\n"
	"return tostring(a) .. tostring(b) .. tostring(c) .. tostring(d)"
	" .. tostring(e)",
	NULL };

static char *run_chunk(lua_State *L, const char *chunk)
{
	luaL_Buffer b;
	char *r;
	int n, top = lua_gettop(L);

	if (luaL_dostring(L, chunk) != LUA_OK) {
		r = strdup(lua_tostring(L, -1));
		lua_settop(L, top);
		return r;
	}
	n = lua_gettop(L) - top;
	luaL_buffinit(L, &b);
	for (int i = 1; i <= n; i++) {
		luaL_tolstring(L, top + i, NULL);
		luaL_addvalue(&b);
		luaL_addchar(&b, '|');
	}
	luaL_pushresult(&b);
	r = strdup(lua_tostring(L, -1));
	lua_settop(L, top);
	return r;
}

static void chunk_cases(void)
{
	for (int i = 0; CHUNKS[i]; i++) {
		char *a = run_chunk(ref, CHUNKS[i]);
		char *b = run_chunk(ours, CHUNKS[i]);
		T_OKF(strcmp(a, b) == 0, "chunk %d:\nlua:  %s\nours: %s", i, a,
		      b);
		free(a);
		free(b);
	}
}

/* Random patterns and subjects from a small alphabet, so that the two
 * implementations are pushed through odd corners (anchors and
 * quantifiers in odd places, empty captures, unbalanced sets). */
static unsigned long seed = 12345;

static unsigned rnd(unsigned n)
{
	seed = seed * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)((seed >> 33) % n);
}

static void random_cases(int n)
{
	static const char *const atoms[] = { "a", "b", ".", "%a", "%d", "%s",
		"[ab]", "[^a]", "(", ")", "()", "*", "+", "-", "?", "^", "$",
		"%b()", "%f[%w]", "%1", "x", "[%d-]", "%%", " " };
	static const char sub_chars[] = "aabbx1 ()-%";

	for (int i = 0; i < n; i++) {
		char p[64], s[40];
		size_t pl = 0, sl = 0;
		int k = 1 + (int)rnd(7);
		for (int j = 0; j < k; j++) {
			const char *a = atoms[rnd(sizeof atoms / sizeof *atoms)];
			size_t l = strlen(a);
			if (pl + l >= sizeof p)
				break;
			memcpy(p + pl, a, l);
			pl += l;
		}
		p[pl] = '\0';
		k = (int)rnd(sizeof s - 1);
		for (int j = 0; j < k; j++)
			s[sl++] = sub_chars[rnd(sizeof sub_chars - 1)];
		s[sl] = '\0';
		compare(s, sl, p, pl);
	}
}

/* ---- the budget ---- */

static long charged;
static long budget;

static void charge(lua_State *L, long steps)
{
	charged += steps;
	if (charged > budget)
		luaL_error(L, "budget spent");
}

static void test_budget(void)
{
	lua_State *L = luaL_newstate();
	const char *msg;

	luaL_openlibs(L);
	lua_getglobal(L, "string");
	gisa_luapat_install(L, charge);
	lua_pop(L, 1);

	budget = 1000000;
	charged = 0;
	T_OK(luaL_dostring(L, "return string.find(string.rep('a', 4000), "
			      "'.-.-.-.-.-b')") != LUA_OK);
	msg = lua_tostring(L, -1);
	T_OKF(msg && strstr(msg, "budget spent"), "%s", msg);
	T_OK(charged > budget && charged < budget + 2 * GISA_LUAPAT_CHUNK);
	lua_settop(L, 0);

	/* a normal match is charged too, but little */
	charged = 0;
	T_OK(luaL_dostring(L, "return ('  trim me  '):match('^%s*(.-)%s*$')")
	     == LUA_OK);
	T_STREQ(lua_tostring(L, -1), "trim me");
	T_OK(charged > 0 && charged < 200);
	lua_settop(L, 0);

	/* gsub over a long string, linear work */
	charged = 0;
	T_OK(luaL_dostring(L, "return #(string.rep('ab', 50000):gsub('b', "
			      "'c'))") == LUA_OK);
	T_INTEQ(lua_tointeger(L, -1), 100000);
	T_OK(charged >= 100000 && charged < 1000000);
	lua_close(L);
}

int main(void)
{
	ref = new_state(0);
	ours = new_state(1);
	for (int i = 0; SUBJECTS[i]; i++)
		for (int j = 0; PATTERNS[j]; j++)
			compare_str(SUBJECTS[i], PATTERNS[j]);
	/* embedded NULs, on both sides */
	compare("a\0b\0c", 5, "%z", 2);
	compare("a\0b\0c", 5, "\0b", 2);
	compare("a\0b\0c", 5, "[\0]", 3);
	compare("a\0b\0c", 5, ".\0.", 3);
	for (int i = 0; EDGE_SUBJECTS[i]; i++)
		for (int j = 0; EDGE_PATTERNS[j]; j++)
			compare_str(EDGE_SUBJECTS[i], EDGE_PATTERNS[j]);
	limit_cases();
	chunk_cases();
	random_cases(4000);
	T_OKF(compared > 5000, "%d pairs", compared);
	lua_close(ref);
	lua_close(ours);
	test_budget();
	return t_done();
}
