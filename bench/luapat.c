/* luapat.c - gisa's pattern matcher against Lua's own (a program, not a
 * test).
 *
 * The paragraphs the generic extractor finds in the 181 pages of the
 * Article Extraction Benchmark are loaded into two Lua states: one with
 * Lua's string library, one with find/match/gmatch/gsub replaced by
 * core/luapat.c (with a charge function, as in the sandbox). The same Lua
 * loop then runs each typical `clean` pattern over every paragraph, the
 * way a rule's clean list does (string.find), and a few gsub calls.
 *
 * Times are CPU seconds, the minimum over --repeat rounds (default 5).
 * "net" subtracts the same loop calling a no-op (type) instead, so it is
 * the cost of the calls alone.
 *
 *   bench-luapat [--repeat R]
 */
#include "corpus.h"
#include "extract.h"
#include "luapat.h"

#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct job {
	const char *fn;       /* find, match, gsub; type is the empty loop */
	const char *pattern;
	const char *repl;
};

static const struct job JOBS[] = {
	{ "find", "^%(END%)$", NULL },
	{ "find", "^%(C%) Yonhap News Agency", NULL },
	{ "find", "%s+$", NULL },
	{ "find", "[%w%.]+@[%w%.]+", NULL },
	{ "find", "^Read more", NULL },
	{ "find", "^%s*[Aa]dvertisement%s*$", NULL },
	{ "match", "^%s*(.-)%s*$", NULL },
	{ "match", "(%d+)%-(%d+)%-(%d+)", NULL },
	{ "gsub", "%s+$", "" },
	{ "gsub", "%s+", " " },
	{ "gsub", "[%w%.]+@[%w%.]+", "<%0>" },
	{ NULL, NULL, NULL },
};

/* paras, pattern, repl, rounds -> seconds of the loop */
static const char LOOP[] =
	"local paras, fn, pat, repl, n = ...\n"
	"local f = string[fn] or type\n"
	"local hits = 0\n"
	"for _ = 1, n do\n"
	"  for i = 1, #paras do\n"
	"    if f(paras[i], pat, repl) then hits = hits + 1 end\n"
	"  end\n"
	"end\n"
	"return hits\n";

static long steps;

static void count(lua_State *L, long n)
{
	steps += n;
}

static lua_State *new_state(int ours, const gisa_strv *paras)
{
	lua_State *L = luaL_newstate();

	luaL_openlibs(L);
	if (ours) {
		lua_getglobal(L, "string");
		gisa_luapat_install(L, count);
		lua_pop(L, 1);
	}
	lua_createtable(L, (int)paras->n, 0);
	for (size_t i = 0; i < paras->n; i++) {
		lua_pushstring(L, paras->v[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setglobal(L, "PARAS");
	return L;
}

/* One timed run of the loop; returns CPU seconds, *hits the count. */
static double run(lua_State *L, const char *fn, const struct job *j,
		  int inner, long *hits)
{
	double t;

	luaL_loadbuffer(L, LOOP, sizeof LOOP - 1, "=loop");
	lua_getglobal(L, "PARAS");
	lua_pushstring(L, fn);
	lua_pushstring(L, j->pattern);
	if (j->repl)
		lua_pushstring(L, j->repl);
	else
		lua_pushnil(L);
	lua_pushinteger(L, inner);
	t = bench_cpu();
	if (lua_pcall(L, 5, 1, 0) != LUA_OK) {
		fprintf(stderr, "bench-luapat: %s\n", lua_tostring(L, -1));
		exit(1);
	}
	t = bench_cpu() - t;
	*hits = (long)lua_tointeger(L, -1);
	lua_pop(L, 1);
	return t;
}

static double best(lua_State *L, const char *fn, const struct job *j,
		   int repeat, int inner, long *hits)
{
	double b = 1e30;

	for (int k = 0; k < repeat; k++) {
		double t = run(L, fn, j, inner, hits);
		if (t < b)
			b = t;
	}
	return b;
}

static int load_paragraphs(gisa_strv *paras, size_t *bytes)
{
	const char *dir = bench_shared("data/aeb/html");
	bench_corpus c;

	if (!dir) {
		fprintf(stderr, "bench-luapat: no data/aeb/html under "
			"GISA_SHARED: skipped\n");
		return 77;
	}
	if (bench_corpus_load(dir, &c) < 0)
		return 1;
	*bytes = 0;
	for (size_t i = 0; i < c.n; i++) {
		gisa_article a = GISA_ARTICLE_INIT;
		gisa_extract(c.pages[i].data, c.pages[i].len, NULL, &a);
		for (size_t k = 0; k < a.paragraphs.n; k++) {
			gisa_strv_push(paras, a.paragraphs.v[k]);
			*bytes += strlen(a.paragraphs.v[k]);
		}
		gisa_article_clear(&a);
	}
	bench_corpus_free(&c);
	return 0;
}

int main(int argc, char **argv)
{
	gisa_strv paras = GISA_STRV_INIT;
	lua_State *ref, *ours;
	int repeat = 5, inner = 10, rc;
	size_t bytes;
	double sum_lua = 0, sum_ours = 0, sum_base = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--repeat") && i + 1 < argc) {
			repeat = (int)strtol(argv[++i], NULL, 10);
		} else {
			fprintf(stderr, "usage: bench-luapat [--repeat R]\n");
			return 2;
		}
	}
	if ((rc = load_paragraphs(&paras, &bytes)) != 0)
		return rc;
	ref = new_state(0, &paras);
	ours = new_state(1, &paras);
	printf("%zu paragraphs, %zu KiB, each call %d times; CPU ms, best "
	       "of %d\n\n", paras.n, bytes >> 10, inner, repeat);
	printf("%-5s %-28s %9s %9s %7s %7s %7s\n", "fn", "pattern", "lua",
	       "gisa", "ratio", "net", "hits");
	for (const struct job *j = JOBS; j->fn; j++) {
		long h1, h2, h0;
		double base = best(ref, "type", j, repeat, inner, &h0);
		double tl = best(ref, j->fn, j, repeat, inner, &h1);
		double to = best(ours, j->fn, j, repeat, inner, &h2);
		printf("%-5s %-28s %9.2f %9.2f %6.2fx %6.2fx %7ld%s\n", j->fn,
		       j->pattern, tl * 1e3, to * 1e3, to / tl,
		       (to - base) / (tl - base), h2 / inner,
		       h1 == h2 ? "" : "  DIFFERENT RESULTS");
		sum_lua += tl;
		sum_ours += to;
		sum_base += base;
	}
	printf("\nall: lua %.2f ms, gisa %.2f ms: %.2fx (net %.2fx; the empty "
	       "loop is %.2f ms per job)\n", sum_lua * 1e3, sum_ours * 1e3,
	       sum_ours / sum_lua, (sum_ours - sum_base) /
	       (sum_lua - sum_base), sum_base * 1e3 /
	       (double)(sizeof JOBS / sizeof *JOBS - 1));
	printf("steps charged: %ld\n", steps);
	lua_close(ref);
	lua_close(ours);
	gisa_strv_clear(&paras);
	return 0;
}
