/* luapat.c - Lua's pattern language with a step budget (see luapat.h).
 *
 * The matcher is a backtracking recursive descent over the pattern, as the
 * Lua manual (section 6.4.1) specifies it: the same results as Lua 5.4 for
 * every pattern, checked against the real library by tests/unit/
 * test_luapat.c. The only additions are the step counter and its charge.
 *
 * Provenance: the decomposition of this matcher (do_match, max_expand,
 * min_expand, start_capture/end_capture, match_balance, class_end...)
 * follows Lua 5.4's lstrlib.c, Copyright (C) 1994-2022 Lua.org, PUC-Rio,
 * MIT licence. It is a derivative, kept until an independent matcher
 * replaces it (tracked as project debt).
 */
#include "luapat.h"

#include <ctype.h>
#include <lauxlib.h>
#include <string.h>

#define ESC '%'
#define SPECIALS "^$*+?.([%-"
#define MAX_CAPTURES 32
#define MAX_DEPTH 200          /* nested match() calls, as Lua's MAXCCALLS */
#define CAP_UNFINISHED (-1)
#define CAP_POSITION (-2)

struct mstate {
	const char *src_init, *src_end;
	const char *p_end;
	lua_State *L;
	gisa_luapat_charge charge;
	long steps;            /* steps not yet charged */
	int depth;             /* remaining nesting */
	int level;             /* captures open or closed so far */
	struct {
		const char *init;
		ptrdiff_t len;
	} cap[MAX_CAPTURES];
};

static const char *do_match(struct mstate *ms, const char *s, const char *p);

static void step_n(struct mstate *ms, long n)
{
	if ((ms->steps += n) >= GISA_LUAPAT_CHUNK) {
		long due = ms->steps;
		ms->steps = 0;
		if (ms->charge)
			ms->charge(ms->L, due);
	}
}

static void step(struct mstate *ms)
{
	step_n(ms, 1);
}

static int class_end_error(struct mstate *ms, const char *what)
{
	return luaL_error(ms->L, "malformed pattern (%s)", what);
}

/* The end of the single-character class starting at p. */
static const char *class_end(struct mstate *ms, const char *p)
{
	char c = *p++;

	if (c == ESC) {
		if (p >= ms->p_end)
			class_end_error(ms, "ends with '%'");
		return p + 1;
	}
	if (c != '[')
		return p;
	if (*p == '^')
		p++;
	do { /* the first character of a set may be ']' itself */
		if (p >= ms->p_end)
			class_end_error(ms, "missing ']'");
		c = *p++;
		if (c == ESC && p < ms->p_end)
			p++;
	} while (*p != ']');
	return p + 1;
}

static int class_match(int c, int cl)
{
	int r;

	switch (tolower(cl)) {
	case 'a': r = isalpha(c); break;
	case 'c': r = iscntrl(c); break;
	case 'd': r = isdigit(c); break;
	case 'g': r = isgraph(c); break;
	case 'l': r = islower(c); break;
	case 'p': r = ispunct(c); break;
	case 's': r = isspace(c); break;
	case 'u': r = isupper(c); break;
	case 'w': r = isalnum(c); break;
	case 'x': r = isxdigit(c); break;
	case 'z': r = c == 0; break; /* deprecated, still in 5.4 */
	default: return cl == c;
	}
	if (isupper(cl))
		r = !r;
	return r != 0;
}

/* p points at '[', ec at the closing ']'. */
static int set_match(int c, const char *p, const char *ec)
{
	int sig = 1;

	if (p[1] == '^') {
		sig = 0;
		p++;
	}
	while (++p < ec) {
		if (*p == ESC) {
			p++;
			if (class_match(c, (unsigned char)*p))
				return sig;
		} else if (p[1] == '-' && p + 2 < ec) {
			p += 2;
			if ((unsigned char)p[-2] <= c && c <= (unsigned char)*p)
				return sig;
		} else if ((unsigned char)*p == c) {
			return sig;
		}
	}
	return !sig;
}

static int single_match(struct mstate *ms, const char *s, const char *p,
			const char *ep)
{
	int c;

	step(ms);
	if (s >= ms->src_end)
		return 0;
	c = (unsigned char)*s;
	switch (*p) {
	case '.': return 1;
	case ESC: return class_match(c, (unsigned char)p[1]);
	case '[': return set_match(c, p, ep - 1);
	default: return (unsigned char)*p == c;
	}
}

static const char *match_balance(struct mstate *ms, const char *s,
				 const char *p)
{
	int open, close, depth = 1;

	if (p >= ms->p_end - 1)
		luaL_error(ms->L, "malformed pattern (missing arguments to "
			   "'%%b')");
	if (s >= ms->src_end || *s != *p)
		return NULL;
	open = *p;
	close = p[1];
	while (++s < ms->src_end) {
		step(ms);
		if (*s == close) {
			if (--depth == 0)
				return s + 1;
		} else if (*s == open) {
			depth++;
		}
	}
	return NULL;
}

static const char *max_expand(struct mstate *ms, const char *s,
			      const char *p, const char *ep)
{
	ptrdiff_t i = 0;

	while (single_match(ms, s + i, p, ep))
		i++;
	for (; i >= 0; i--) { /* try the longest first, then shorter */
		const char *r = do_match(ms, s + i, ep + 1);
		if (r)
			return r;
	}
	return NULL;
}

static const char *min_expand(struct mstate *ms, const char *s,
			      const char *p, const char *ep)
{
	for (;;) {
		const char *r = do_match(ms, s, ep + 1);
		if (r)
			return r;
		if (!single_match(ms, s, p, ep))
			return NULL;
		s++;
	}
}

static const char *start_capture(struct mstate *ms, const char *s,
				 const char *p, ptrdiff_t what)
{
	const char *r;
	int l = ms->level;

	if (l >= MAX_CAPTURES)
		luaL_error(ms->L, "too many captures");
	ms->cap[l].init = s;
	ms->cap[l].len = what;
	ms->level = l + 1;
	if (!(r = do_match(ms, s, p)))
		ms->level--;
	return r;
}

static int capture_to_close(struct mstate *ms)
{
	for (int l = ms->level - 1; l >= 0; l--)
		if (ms->cap[l].len == CAP_UNFINISHED)
			return l;
	return luaL_error(ms->L, "invalid pattern capture");
}

static const char *end_capture(struct mstate *ms, const char *s,
			       const char *p)
{
	int l = capture_to_close(ms);
	const char *r;

	ms->cap[l].len = s - ms->cap[l].init;
	if (!(r = do_match(ms, s, p)))
		ms->cap[l].len = CAP_UNFINISHED;
	return r;
}

static int check_capture(struct mstate *ms, int l)
{
	l -= '1';
	if (l < 0 || l >= ms->level || ms->cap[l].len == CAP_UNFINISHED)
		return luaL_error(ms->L, "invalid capture index %%%d", l + 1);
	return l;
}

static const char *match_capture(struct mstate *ms, const char *s, int l)
{
	size_t len;

	l = check_capture(ms, l);
	len = (size_t)ms->cap[l].len;
	if ((size_t)(ms->src_end - s) >= len &&
	    memcmp(ms->cap[l].init, s, len) == 0)
		return s + len;
	return NULL;
}

static const char *match_frontier(struct mstate *ms, const char *s,
				  const char *p, const char **next)
{
	const char *ep;
	int prev, cur;

	if (*p != '[')
		luaL_error(ms->L, "missing '[' after '%%f' in pattern");
	ep = class_end(ms, p);
	prev = s == ms->src_init ? 0 : (unsigned char)s[-1];
	cur = s < ms->src_end ? (unsigned char)*s : 0;
	*next = ep;
	if (!set_match(prev, p, ep - 1) && set_match(cur, p, ep - 1))
		return s;
	return NULL;
}

/* One pattern item with its optional quantifier; the rest of the pattern
 * follows through a loop (tail) or a recursive call (backtracking). */
static const char *do_match(struct mstate *ms, const char *s, const char *p)
{
	const char *ep;

	if (ms->depth-- == 0)
		luaL_error(ms->L, "pattern too complex");
again:
	step(ms);
	if (p == ms->p_end)
		goto out;
	switch (*p) {
	case '(':
		if (p + 1 < ms->p_end && p[1] == ')')
			s = start_capture(ms, s, p + 2, CAP_POSITION);
		else
			s = start_capture(ms, s, p + 1, CAP_UNFINISHED);
		goto out;
	case ')':
		s = end_capture(ms, s, p + 1);
		goto out;
	case '$':
		if (p + 1 != ms->p_end)
			goto single;
		s = s == ms->src_end ? s : NULL;
		goto out;
	case ESC:
		if (p + 1 >= ms->p_end)
			goto single; /* class_end reports the error */
		switch (p[1]) {
		case 'b':
			s = match_balance(ms, s, p + 2);
			if (s) {
				p += 4;
				goto again;
			}
			goto out;
		case 'f':
			s = match_frontier(ms, s, p + 2, &ep);
			if (s) {
				p = ep;
				goto again;
			}
			goto out;
		case '0': case '1': case '2': case '3': case '4':
		case '5': case '6': case '7': case '8': case '9':
			s = match_capture(ms, s, (unsigned char)p[1]);
			if (s) {
				p += 2;
				goto again;
			}
			goto out;
		default:
			goto single;
		}
	default:
		goto single;
	}
single:
	ep = class_end(ms, p);
	if (!single_match(ms, s, p, ep)) {
		if (*ep == '*' || *ep == '?' || *ep == '-') {
			p = ep + 1; /* zero repetitions are fine */
			goto again;
		}
		s = NULL;
		goto out;
	}
	switch (*ep) {
	case '?': {
		const char *r = do_match(ms, s + 1, ep + 1);
		if (r) {
			s = r;
			goto out;
		}
		p = ep + 1;
		goto again;
	}
	case '+':
		s = max_expand(ms, s + 1, p, ep);
		goto out;
	case '*':
		s = max_expand(ms, s, p, ep);
		goto out;
	case '-':
		s = min_expand(ms, s, p, ep);
		goto out;
	default:
		s++;
		p = ep;
		goto again;
	}
out:
	ms->depth++;
	return s;
}

/* ---- captures to Lua values ---- */

static size_t capture(struct mstate *ms, int i, const char *s, const char *e,
		      const char **cap)
{
	if (i >= ms->level) {
		if (i != 0)
			luaL_error(ms->L, "invalid capture index %%%d", i + 1);
		*cap = s;
		return (size_t)(e - s);
	}
	if (ms->cap[i].len == CAP_UNFINISHED)
		luaL_error(ms->L, "unfinished capture");
	*cap = ms->cap[i].init;
	if (ms->cap[i].len == CAP_POSITION) {
		lua_pushinteger(ms->L, (ms->cap[i].init - ms->src_init) + 1);
		return (size_t)-1;
	}
	return (size_t)ms->cap[i].len;
}

static void push_capture(struct mstate *ms, int i, const char *s,
			 const char *e)
{
	const char *cap;
	size_t l = capture(ms, i, s, e, &cap);

	if (l != (size_t)-1)
		lua_pushlstring(ms->L, cap, l);
}

static int push_captures(struct mstate *ms, const char *s, const char *e)
{
	int n = (ms->level == 0 && s) ? 1 : ms->level;

	luaL_checkstack(ms->L, n, "too many captures");
	for (int i = 0; i < n; i++)
		push_capture(ms, i, s, e);
	return n;
}

/* ---- the library functions ---- */

static void ms_init(struct mstate *ms, lua_State *L, const char *s,
		    size_t ls, const char *p, size_t lp)
{
	ms->L = L;
	ms->src_init = s;
	ms->src_end = s + ls;
	ms->p_end = p + lp;
	ms->charge = (gisa_luapat_charge)lua_touserdata(L,
						lua_upvalueindex(1));
	ms->steps = 0;
}

static void ms_reset(struct mstate *ms)
{
	ms->level = 0;
	ms->depth = MAX_DEPTH;
}

/* Charge what is left over, so short calls add up too. */
static void ms_settle(struct mstate *ms)
{
	long n = ms->steps;

	ms->steps = 0;
	if (n && ms->charge)
		ms->charge(ms->L, n);
}

static size_t pos_start(lua_Integer pos, size_t len)
{
	if (pos > 0)
		return (size_t)pos;
	if (pos == 0 || pos < -(lua_Integer)len)
		return 1;
	return len + (size_t)pos + 1;
}

static int no_specials(const char *p, size_t l)
{
	size_t upto = 0;

	do { /* strpbrk stops at an embedded NUL: go on past it */
		if (strpbrk(p + upto, SPECIALS))
			return 0;
		upto += strlen(p + upto) + 1;
	} while (upto <= l);
	return 1;
}

static const char *mem_find(struct mstate *ms, const char *s1, size_t l1,
			    const char *s2, size_t l2)
{
	const char *init;

	if (l2 == 0)
		return s1;
	if (l2 > l1)
		return NULL;
	l2--;
	l1 -= l2;
	while (l1 > 0 && (init = memchr(s1, *s2, l1)) != NULL) {
		step_n(ms, 1 + (long)(l2 / 64)); /* memcmp's share */
		init++;
		if (memcmp(init, s2 + 1, l2) == 0)
			return init - 1;
		l1 -= (size_t)(init - s1);
		s1 = init;
	}
	return NULL;
}

static int find_aux(lua_State *L, int find)
{
	size_t ls, lp;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	size_t init = pos_start(luaL_optinteger(L, 3, 1), ls) - 1;
	struct mstate ms;
	const char *s1;
	int anchor;

	if (init > ls) {
		luaL_pushfail(L);
		return 1;
	}
	ms_init(&ms, L, s, ls, p, lp);
	if (find && (lua_toboolean(L, 4) || no_specials(p, lp))) {
		const char *r = mem_find(&ms, s + init, ls - init, p, lp);
		ms_settle(&ms);
		if (!r)
			goto fail;
		lua_pushinteger(L, (r - s) + 1);
		lua_pushinteger(L, (lua_Integer)((r - s) + lp));
		return 2;
	}
	anchor = *p == '^';
	if (anchor) {
		p++;
		lp--;
		ms.p_end = p + lp;
	}
	s1 = s + init;
	do {
		const char *e;
		ms_reset(&ms);
		if ((e = do_match(&ms, s1, p)) != NULL) {
			ms_settle(&ms);
			if (find) {
				lua_pushinteger(L, (s1 - s) + 1);
				lua_pushinteger(L, e - s);
				return push_captures(&ms, NULL, 0) + 2;
			}
			return push_captures(&ms, s1, e);
		}
	} while (s1++ < ms.src_end && !anchor);
	ms_settle(&ms);
fail:
	luaL_pushfail(L);
	return 1;
}

static int l_find(lua_State *L)
{
	return find_aux(L, 1);
}

static int l_match(lua_State *L)
{
	return find_aux(L, 0);
}

/* gmatch's iterator: upvalues 1 charge, 2 subject, 3 pattern, 4 the next
 * start (0-based), 5 the end of the last match (-1: none). */
static int gmatch_next(lua_State *L)
{
	size_t ls, lp;
	const char *s = lua_tolstring(L, lua_upvalueindex(2), &ls);
	const char *p = lua_tolstring(L, lua_upvalueindex(3), &lp);
	lua_Integer pos = lua_tointeger(L, lua_upvalueindex(4));
	lua_Integer last = lua_tointeger(L, lua_upvalueindex(5));
	struct mstate ms;

	ms_init(&ms, L, s, ls, p, lp);
	for (const char *src = s + pos; src <= ms.src_end; src++) {
		const char *e;
		ms_reset(&ms);
		e = do_match(&ms, src, p);
		if (e && (last < 0 || e != s + last)) {
			ms_settle(&ms);
			lua_pushinteger(L, e - s);
			lua_copy(L, -1, lua_upvalueindex(4));
			lua_copy(L, -1, lua_upvalueindex(5));
			lua_pop(L, 1);
			return push_captures(&ms, src, e);
		}
	}
	ms_settle(&ms);
	lua_pushinteger(L, (lua_Integer)ls + 1);
	lua_replace(L, lua_upvalueindex(4)); /* done: stay done */
	return 0;
}

static int l_gmatch(lua_State *L)
{
	size_t ls, init;

	luaL_checklstring(L, 1, &ls);
	luaL_checkstring(L, 2);
	init = pos_start(luaL_optinteger(L, 3, 1), ls) - 1;
	if (init > ls)
		init = ls + 1;
	lua_settop(L, 2);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_pushinteger(L, (lua_Integer)init);
	lua_pushinteger(L, -1);
	lua_pushcclosure(L, gmatch_next, 5);
	return 1;
}

static void add_string(struct mstate *ms, luaL_Buffer *b, const char *s,
		       const char *e)
{
	size_t l;
	lua_State *L = ms->L;
	const char *news = lua_tolstring(L, 3, &l);
	const char *p;

	while ((p = memchr(news, ESC, l)) != NULL) {
		luaL_addlstring(b, news, (size_t)(p - news));
		p++;
		if (*p == ESC) {
			luaL_addchar(b, *p);
		} else if (*p == '0') {
			luaL_addlstring(b, s, (size_t)(e - s));
		} else if (isdigit((unsigned char)*p)) {
			const char *cap;
			size_t cl = capture(ms, *p - '1', s, e, &cap);
			if (cl == (size_t)-1)
				luaL_addvalue(b);
			else
				luaL_addlstring(b, cap, cl);
		} else {
			luaL_error(L, "invalid use of '%c' in replacement "
				   "string", ESC);
		}
		l -= (size_t)(p + 1 - news);
		news = p + 1;
	}
	luaL_addlstring(b, news, l);
}

/* Returns whether the match was replaced (1) or kept (0). */
static int add_value(struct mstate *ms, luaL_Buffer *b, const char *s,
		     const char *e, int tr)
{
	lua_State *L = ms->L;

	switch (tr) {
	case LUA_TFUNCTION: {
		int n;
		lua_pushvalue(L, 3);
		n = push_captures(ms, s, e);
		lua_call(L, n, 1);
		break;
	}
	case LUA_TTABLE:
		push_capture(ms, 0, s, e);
		lua_gettable(L, 3);
		break;
	default:
		add_string(ms, b, s, e);
		return 1;
	}
	if (!lua_toboolean(L, -1)) {
		lua_pop(L, 1);
		luaL_addlstring(b, s, (size_t)(e - s));
		return 0;
	}
	if (!lua_isstring(L, -1))
		return luaL_error(L, "invalid replacement value (a %s)",
				  luaL_typename(L, -1));
	luaL_addvalue(b);
	return 1;
}

static int l_gsub(lua_State *L)
{
	size_t srcl, lp;
	const char *src = luaL_checklstring(L, 1, &srcl);
	const char *p = luaL_checklstring(L, 2, &lp);
	const char *lastmatch = NULL;
	int tr = lua_type(L, 3);
	lua_Integer max_s = luaL_optinteger(L, 4, (lua_Integer)srcl + 1);
	int anchor = *p == '^';
	lua_Integer n = 0;
	int changed = 0;
	struct mstate ms;
	luaL_Buffer b;

	luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING ||
			 tr == LUA_TFUNCTION || tr == LUA_TTABLE, 3,
			 "string/function/table");
	luaL_buffinit(L, &b);
	if (anchor) {
		p++;
		lp--;
	}
	ms_init(&ms, L, src, srcl, p, lp);
	while (n < max_s) {
		const char *e;
		ms_reset(&ms);
		if ((e = do_match(&ms, src, p)) != NULL && e != lastmatch) {
			n++;
			changed = add_value(&ms, &b, src, e, tr) | changed;
			src = lastmatch = e;
		} else if (src < ms.src_end) {
			luaL_addchar(&b, *src++);
		} else {
			break;
		}
		if (anchor)
			break;
	}
	ms_settle(&ms);
	if (!changed) {
		lua_pushvalue(L, 1);
	} else {
		luaL_addlstring(&b, src, (size_t)(ms.src_end - src));
		luaL_pushresult(&b);
	}
	lua_pushinteger(L, n);
	return 2;
}

void gisa_luapat_install(lua_State *L, gisa_luapat_charge charge)
{
	static const luaL_Reg fns[] = {
		{ "find", l_find },
		{ "match", l_match },
		{ "gmatch", l_gmatch },
		{ "gsub", l_gsub },
		{ NULL, NULL } };

	for (const luaL_Reg *f = fns; f->name; f++) {
		lua_pushlightuserdata(L, (void *)charge);
		lua_pushcclosure(L, f->func, 1);
		lua_setfield(L, -2, f->name);
	}
}
