/* cli_run.c - `gisa run` (scheduled fetch-and-extract runs) and
 * `gisa reextract` (the current rules over the stored pages).
 *
 * The run configuration is a Lua file (gisa.conf.lua) returning a table;
 * it is evaluated in a plain state with only the base, string, table and
 * math libraries (no io, os, require, dofile, loadfile), a memory cap and
 * an instruction budget, and read with the Lua C API. */
#include "cli.h"
#include "error.h"
#include "rules.h"
#include "run.h"
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <lauxlib.h>
#include <limits.h>
#include <lua.h>
#include <lualib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_DB "gisa.db"
#define CONF_MAX_BYTES ((size_t)1 << 20)
#define CONF_MAX_MEM ((size_t)16 << 20)
#define CONF_MAX_INSTR 10000000L

/* ---- the configuration ---- */

struct conf {
	const char *file;        /* the config file, or NULL */
	char *text;              /* its bytes, for line numbers */
	gisa_strv sources, rules, resolve;
	char *db, *out, *user_agent, *contact;
	long long every, lease;
	long long schedule;      /* every source's (< 0 unset: the rules') */
	gisa_strv sched_names;   /* per source, outranking schedule */
	long long *sched_secs;
	long concurrency, per_host, max_attempts, batch;
	long retries;            /* < 0 unset */
	size_t max_size;         /* 0 unset */
	double delay, timeout;   /* seconds; < 0 unset */
	int ignore_robots;
};

static void conf_init(struct conf *c)
{
	memset(c, 0, sizeof *c);
	c->delay = c->timeout = -1;
	c->schedule = -1;
	c->retries = -1;
}

static void conf_clear(struct conf *c)
{
	free(c->text);
	gisa_strv_clear(&c->sources);
	gisa_strv_clear(&c->rules);
	gisa_strv_clear(&c->resolve);
	gisa_strv_clear(&c->sched_names);
	free(c->sched_secs);
	free(c->db);
	free(c->out);
	free(c->user_agent);
	free(c->contact);
	conf_init(c);
}

/* parse_duration - "90", "90s", "10m", "2h", "1d" into seconds. */
static int parse_duration(const char *s, long long *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || v <= 0 || errno)
		return -1;
	switch (*end) {
	case '\0': case 's': break;
	case 'm': v *= 60; break;
	case 'h': v *= 3600; break;
	case 'd': v *= 86400; break;
	default: return -1;
	}
	if (*end && end[1])
		return -1;
	*out = v;
	return 0;
}

/* key_line - the line of the config file where key is set ("key ="),
 * for messages about values; 0 when not found. */
static int key_line(const char *text, const char *key)
{
	size_t k = strlen(key);
	int line = 1;

	for (const char *p = text; p && *p; line++) {
		const char *q = p + strspn(p, " \t{,");
		if (!strncmp(q, key, k)) {
			q += k;
			q += strspn(q, " \t");
			if (*q == '=' && q[1] != '=')
				return line;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return 0;
}

static int conf_err(const struct conf *c, const char *key, const char *msg)
{
	int line = key_line(c->text, key);

	if (line)
		fprintf(stderr, "gisa run: %s:%d: '%s' %s\n", c->file, line,
			key, msg);
	else
		fprintf(stderr, "gisa run: %s: '%s' %s\n", c->file, key, msg);
	return -1;
}

/* The value at the top of L's stack as a string list: a string or a
 * sequence of strings. */
static int get_strv(lua_State *L, struct conf *c, const char *key,
		    gisa_strv *out)
{
	if (lua_type(L, -1) == LUA_TSTRING)
		return gisa_strv_push(out, lua_tostring(L, -1)) ? -1 : 0;
	if (!lua_istable(L, -1))
		return conf_err(c, key, "must be a string or a list of "
				"strings");
	for (lua_Integer i = 1;; i++) {
		int t = lua_rawgeti(L, -1, i);
		if (t == LUA_TNIL) {
			lua_pop(L, 1);
			return 0;
		}
		if (t != LUA_TSTRING) {
			lua_pop(L, 1);
			return conf_err(c, key, "must list strings only");
		}
		if (gisa_strv_push(out, lua_tostring(L, -1))) {
			lua_pop(L, 1);
			return -1;
		}
		lua_pop(L, 1);
	}
}

static int get_str(lua_State *L, struct conf *c, const char *key, char **out)
{
	if (lua_type(L, -1) != LUA_TSTRING)
		return conf_err(c, key, "must be a string");
	free(*out);
	*out = strdup(lua_tostring(L, -1));
	return *out ? 0 : -1;
}

static int get_num(lua_State *L, struct conf *c, const char *key, double lo,
		   double hi, double *out)
{
	int isnum;
	double v = lua_tonumberx(L, -1, &isnum);

	*out = v; /* set either way: gcc -O3 cannot see the error path's -1 */
	if (!isnum || lua_type(L, -1) != LUA_TNUMBER || v < lo || v > hi) {
		char msg[96];
		snprintf(msg, sizeof msg, "must be a number from %g to %g",
			 lo, hi);
		return conf_err(c, key, msg);
	}
	return 0;
}

static int get_long(lua_State *L, struct conf *c, const char *key, long lo,
		    long hi, long *out)
{
	double v;

	if (get_num(L, c, key, lo, hi, &v))
		return -1;
	if (v != (double)(long)v)
		return conf_err(c, key, "must be a whole number");
	*out = (long)v;
	return 0;
}

/* get_size - bytes: a number, or a string "512K", "10M"; from 1 KiB to
 * the store's page limit. */
static int get_size(lua_State *L, struct conf *c, const char *key,
		    size_t *out)
{
	const char *s = lua_tostring(L, -1);
	double v = -1;
	char *end;

	if (lua_type(L, -1) == LUA_TNUMBER) {
		v = lua_tonumber(L, -1);
	} else if (lua_type(L, -1) == LUA_TSTRING) {
		v = strtod(s, &end);
		if (end == s)
			v = -1;
		else if (*end == 'K' || *end == 'k')
			v *= 1024, end++;
		else if (*end == 'M' || *end == 'm')
			v *= 1024 * 1024, end++;
		if (*end)
			v = -1;
	}
	if (v < 1024 || v > (double)GISA_STORE_MAX_PAGE)
		return conf_err(c, key, "must be a size from 1024 bytes to "
				"64M (a number of bytes, \"512K\", \"10M\")");
	*out = (size_t)v;
	return 0;
}

static int get_fetch_key(lua_State *L, struct conf *c, const char *k)
{
	if (!strcmp(k, "concurrency"))
		return get_long(L, c, k, 1, 1000, &c->concurrency);
	if (!strcmp(k, "per_host"))
		return get_long(L, c, k, 1, 100, &c->per_host);
	if (!strcmp(k, "delay"))
		return get_num(L, c, k, 0, 3600, &c->delay);
	if (!strcmp(k, "timeout"))
		return get_num(L, c, k, 1, 3600, &c->timeout);
	if (!strcmp(k, "user_agent"))
		return get_str(L, c, k, &c->user_agent);
	if (!strcmp(k, "contact"))
		return get_str(L, c, k, &c->contact);
	if (!strcmp(k, "resolve"))
		return get_strv(L, c, k, &c->resolve);
	if (!strcmp(k, "retries"))
		return get_long(L, c, k, 0, 20, &c->retries);
	if (!strcmp(k, "max_size"))
		return get_size(L, c, k, &c->max_size);
	if (!strcmp(k, "ignore_robots")) {
		if (!lua_isboolean(L, -1))
			return conf_err(c, k, "must be true or false");
		c->ignore_robots = lua_toboolean(L, -1);
		return 0;
	}
	return conf_err(c, k, "is not a fetch setting (concurrency, "
			"per_host, delay, timeout, retries, max_size, "
			"user_agent, contact, resolve, ignore_robots)");
}

/* walk - call fn for each string key of the table on top of L. */
static int walk(lua_State *L, struct conf *c, const char *what,
		int (*fn)(lua_State *, struct conf *, const char *))
{
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		int rc;
		if (lua_type(L, -2) != LUA_TSTRING) {
			lua_pop(L, 2);
			return conf_err(c, what, "has a key that is not a name");
		}
		rc = fn(L, c, lua_tostring(L, -2));
		lua_pop(L, 1);
		if (rc) {
			lua_pop(L, 1);
			return rc;
		}
	}
	return 0;
}

/* get_duration - a number of seconds or a string "90s", "10m", "2h",
 * "1d"; with zero_ok, 0 too (for "every run"). */
static int get_duration(lua_State *L, struct conf *c, const char *key,
			int zero_ok, long long *out)
{
	char *s = NULL;
	double v;
	int rc;

	if (lua_type(L, -1) == LUA_TNUMBER) {
		if (get_num(L, c, key, zero_ok ? 0 : 1, 1e9, &v))
			return -1;
		*out = (long long)v;
		return 0;
	}
	if (lua_type(L, -1) != LUA_TSTRING)
		return conf_err(c, key, "must be a duration (600, \"10m\", "
				"\"2h\")");
	if (get_str(L, c, key, &s))
		return -1;
	rc = parse_duration(s, out);
	free(s);
	return rc ? conf_err(c, key, "must be a duration (600, \"10m\", "
			     "\"2h\")") : 0;
}

/* One entry of schedule = { SOURCE = DURATION, ... }. */
static int get_sched_key(lua_State *L, struct conf *c, const char *k)
{
	long long *v, secs;

	if (get_duration(L, c, k, 1, &secs))
		return -1;
	v = realloc(c->sched_secs, (c->sched_names.n + 1) * sizeof *v);
	if (!v)
		return -1;
	c->sched_secs = v;
	if (gisa_strv_push(&c->sched_names, k))
		return -1;
	v[c->sched_names.n - 1] = secs;
	return 0;
}

static int get_key(lua_State *L, struct conf *c, const char *k)
{
	double v;

	if (!strcmp(k, "sources"))
		return get_strv(L, c, k, &c->sources);
	if (!strcmp(k, "rules"))
		return get_strv(L, c, k, &c->rules);
	if (!strcmp(k, "db"))
		return get_str(L, c, k, &c->db);
	if (!strcmp(k, "out"))
		return get_str(L, c, k, &c->out);
	if (!strcmp(k, "lease")) {
		if (get_num(L, c, k, 1, 86400, &v))
			return -1;
		c->lease = (long long)v;
		return 0;
	}
	if (!strcmp(k, "max_attempts"))
		return get_long(L, c, k, 1, 100, &c->max_attempts);
	if (!strcmp(k, "batch"))
		return get_long(L, c, k, 1, 10000, &c->batch);
	if (!strcmp(k, "fetch")) {
		if (!lua_istable(L, -1))
			return conf_err(c, k, "must be a table");
		return walk(L, c, k, get_fetch_key);
	}
	if (!strcmp(k, "every"))
		return get_duration(L, c, k, 0, &c->every);
	if (!strcmp(k, "schedule")) {
		if (lua_istable(L, -1))
			return walk(L, c, k, get_sched_key);
		return get_duration(L, c, k, 1, &c->schedule);
	}
	return conf_err(c, k, "is not a setting (sources, rules, db, out, "
			"every, schedule, fetch, lease, max_attempts, batch)");
}

/* A memory cap for the config's Lua state. */
struct cap {
	size_t used;
};

static void *cap_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct cap *c = ud;
	void *p;

	if (!ptr)
		osize = 0;
	if (nsize == 0) {
		free(ptr);
		c->used -= osize;
		return NULL;
	}
	if (nsize > osize && c->used + (nsize - osize) > CONF_MAX_MEM)
		return NULL;
	if (!(p = realloc(ptr, nsize)))
		return NULL;
	c->used += nsize - osize;
	return p;
}

static void budget_hook(lua_State *L, lua_Debug *ar)
{
	luaL_error(L, "the configuration runs too long");
}

/* read_text - the whole file, NUL-terminated; NULL with errno. */
static char *read_text(const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b;
	size_t n;

	if (!f)
		return NULL;
	if (!(b = malloc(max + 1))) {
		fclose(f);
		return NULL;
	}
	n = fread(b, 1, max + 1, f);
	fclose(f);
	if (n > max) {
		free(b);
		errno = EFBIG;
		return NULL;
	}
	b[n] = '\0';
	*len = n;
	return b;
}

/* resolve_path - a relative path in the config is relative to the
 * config file's folder, so that cron (any working directory) works. */
static int resolve_path(const struct conf *c, char **p)
{
	const char *slash = strrchr(c->file, '/');
	char *np;
	size_t d;

	if (!*p || (*p)[0] == '/' || !slash || !strcmp(*p, "-"))
		return 0;
	d = (size_t)(slash - c->file);
	if (!(np = malloc(d + strlen(*p) + 2)))
		return -1;
	memcpy(np, c->file, d);
	np[d] = '/';
	strcpy(np + d + 1, *p);
	free(*p);
	*p = np;
	return 0;
}

static int conf_load(struct conf *c, const char *path)
{
	struct cap cap = { 0 };
	lua_State *L = NULL;
	char chunk[PATH_MAX + 2];
	size_t len = 0;
	int rc = -1;

	c->file = path;
	if (!(c->text = read_text(path, CONF_MAX_BYTES, &len))) {
		fprintf(stderr, "gisa run: %s: %s\n", path, errno == EFBIG ?
			"larger than 1 MiB" : strerror(errno));
		return -1;
	}
	if (!(L = lua_newstate(cap_alloc, &cap)))
		goto nomem;
	luaL_requiref(L, "_G", luaopen_base, 1);
	luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
	luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
	luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
	lua_pop(L, 4);
	lua_pushnil(L);
	lua_setglobal(L, "dofile");
	lua_pushnil(L);
	lua_setglobal(L, "loadfile");
	lua_sethook(L, budget_hook, LUA_MASKCOUNT, CONF_MAX_INSTR);
	snprintf(chunk, sizeof chunk, "@%s", path);
	if (luaL_loadbufferx(L, c->text, len, chunk, "t") != LUA_OK ||
	    lua_pcall(L, 0, 1, 0) != LUA_OK) {
		const char *m = lua_tostring(L, -1);
		fprintf(stderr, "gisa run: %s\n", m ? m : "the configuration "
			"failed (out of memory?)");
		goto out;
	}
	if (!lua_istable(L, -1)) {
		fprintf(stderr, "gisa run: %s: the configuration must return "
			"a table, not %s\n", path, luaL_typename(L, -1));
		goto out;
	}
	if (walk(L, c, "the table", get_key))
		goto out;
	if (resolve_path(c, &c->db) || resolve_path(c, &c->out))
		goto nomem;
	for (size_t i = 0; i < c->rules.n; i++)
		if (resolve_path(c, &c->rules.v[i]))
			goto nomem;
	rc = 0;
	goto out;
nomem:
	fprintf(stderr, "gisa run: %s: out of memory\n", path);
out:
	if (L)
		lua_close(L);
	return rc;
}

/* ---- sources from the rules ---- */

/* The run's rules: the --rules/config dirs, else the bundled ones. */
static int open_rules(const char *cmd, const gisa_strv *dirs,
		      gisa_rules **out)
{
	return gisa_cli_open_rules(cmd, (const char *const *)dirs->v, dirs->n,
				   dirs->n ? 0 : GISA_CLI_RULES_BUILTIN, out);
}

/* schedule_of - a source's schedule: the configuration's for the source,
 * else the configuration's for all, else the rule's. */
static long long schedule_of(const struct conf *c, gisa_rules *rules,
			     const char *name)
{
	long long rule = gisa_rules_schedule(rules, name);
	int k = gisa_strv_find(&c->sched_names, name);

	if (k >= 0)
		return c->sched_secs[k];
	if (c->schedule >= 0)
		return c->schedule;
	return rule > 0 ? rule : 0;
}

/* known_rules - every name in names is a rule's; else say which is not. */
static int known_rules(gisa_rules *rules, const gisa_strv *names,
		       const char *what)
{
	for (size_t i = 0; i < names->n; i++)
		if (!gisa_rules_file(rules, names->v[i])) {
			fprintf(stderr, "gisa run: %sno rule named '%s'\n",
				what, names->v[i]);
			return GISA_ENOTFOUND;
		}
	return 0;
}

/* make_sources - one source per wanted rule (all when none named) that
 * lists feeds, sitemaps or section pages. */
static int make_sources(gisa_rules *rules, const struct conf *c,
			gisa_run_source **out, size_t *n)
{
	const gisa_strv *want = &c->sources;
	size_t total = gisa_rules_count(rules);
	gisa_run_source *v;

	*n = 0;
	if (known_rules(rules, want, "") ||
	    known_rules(rules, &c->sched_names, "schedule: "))
		return GISA_ENOTFOUND;
	if (!(v = calloc(total ? total : 1, sizeof *v)))
		return GISA_ENOMEM;
	for (size_t i = 0; i < total; i++) {
		const char *name = gisa_rules_name(rules, i);
		gisa_run_source *s = &v[*n];
		if (want->n && gisa_strv_find(want, name) < 0)
			continue;
		if (!(s->name = strdup(name)) ||
		    gisa_rules_feeds(rules, name, &s->feeds) < 0 ||
		    gisa_rules_sitemaps(rules, name, &s->sitemaps) < 0 ||
		    gisa_rules_sections(rules, name, &s->sections) < 0) {
			gisa_run_source_clear(s);
			goto nomem;
		}
		s->schedule = schedule_of(c, rules, name);
		if (!s->feeds.n && !s->sitemaps.n && !s->sections.n) {
			if (want->n)
				fprintf(stderr, "gisa run: rule '%s' lists no "
					"feeds, sitemaps or sections\n", name);
			gisa_run_source_clear(s);
			continue;
		}
		(*n)++;
	}
	*out = v;
	return 0;
nomem:
	for (size_t i = 0; i < *n; i++)
		gisa_run_source_clear(&v[i]);
	free(v);
	*n = 0;
	return GISA_ENOMEM;
}

/* ---- signals ----
 *
 * The first SIGINT/SIGTERM stops claiming pages and lets the ones in
 * flight be stored (exit 0). The second ends the transfers in flight at
 * once (their URLs due again now) and exits 128 + the signal as soon as
 * the page being worked on, if any, is stored and written out: a
 * millisecond matter, and the output never holds half a record or lacks
 * one the store has. A third, for a process stuck anyway, is _exit(). */

static volatile sig_atomic_t stopping, hard;
static gisa_run *volatile current;

static void on_signal(int sig)
{
	if (!stopping) {
		stopping = sig;
		gisa_run_stop(current);
	} else if (!hard) {
		hard = sig;
		gisa_run_abort(current);
	} else {
		_exit(128 + sig);
	}
}

static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* ---- output ----
 *
 * Each line goes out through the store's outbox (store.h): the store
 * records it as owed in the transaction that stores the article, the
 * line is written and, in a regular file, synced (fdatasync), and only
 * then marked written. So a kill at any moment loses no line: the next
 * run with the same --out writes what is owed first. The one window left
 * is between the write and the mark; a regular file is read back there:
 * the oldest owed line (the only one a kill can have left written) is
 * skipped when it is the file's last line, and a torn piece of it (a
 * write cut short) is cut off before it is written whole. Each line then
 * is in the file exactly once, as long as nothing else appends to it.
 * Into a pipe or a terminal a line may come twice (at least once). */

struct out {
	FILE *f;
	int fd;
	int regular;            /* a regular file: synced, read back */
	int check_tail;         /* the next line may be written already */
	int quiet;
	const char *cmd;
	char *sink;             /* the output's name in the outbox */
	long long lines;        /* written by this process */
	long long skipped;      /* owed, but found in the file already */
};

/* Fault injection for the tests: GISA_TEST_FAULT=POINT:N makes the
 * process _exit(FAULT_EXIT) at POINT of the Nth line it writes:
 * "before-line" (the article is stored, its line owed, nothing written),
 * "torn-line" (half the line written) or "after-line" (written and
 * synced, not yet marked written). */
#define FAULT_EXIT 99

static int fault_at(const char *point, long long line)
{
	const char *f = getenv("GISA_TEST_FAULT");
	size_t n = strlen(point);

	return f && !strncmp(f, point, n) && f[n] == ':' &&
	       strtoll(f + n + 1, NULL, 10) == line;
}

static void fault(const char *point, long long line)
{
	if (fault_at(point, line))
		_exit(FAULT_EXIT);
}

/* write_all - n bytes, retried after signals and short writes. */
static int write_all(int fd, const char *b, size_t n)
{
	size_t off = 0;

	while (off < n) {
		ssize_t k = write(fd, b + off, n - off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		off += (size_t)k;
	}
	return 0;
}

/* write_line - s and a newline in one write(2) where the kernel allows
 * (a regular file opened for append: whole lines even from two writers),
 * the rest retried; no stdio buffer to lose at an exit. */
static int write_line(struct out *w, const char *s)
{
	size_t n = strlen(s);
	char *b = malloc(n + 1);
	int rc;

	if (!b) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(b, s, n);
	b[n++] = '\n';
	if (fault_at("torn-line", w->lines + 1) && !write_all(w->fd, b, n / 2))
		_exit(FAULT_EXIT); /* a write cut short by a kill */
	rc = write_all(w->fd, b, n);
	free(b);
	return rc;
}

/* read_fd - a descriptor to read the output with: its own when it was
 * opened readable, else a new one (stdout redirected to a file), -1
 * when there is none. */
static int read_fd(struct out *w)
{
	char path[64];
	int fl = fcntl(w->fd, F_GETFL);

	if (fl >= 0 && (fl & O_ACCMODE) != O_WRONLY)
		return w->fd;
	snprintf(path, sizeof path, "/proc/self/fd/%d", w->fd);
	return open(path, O_RDONLY | O_CLOEXEC);
}

/* settle_tail - where the line s (without its newline) stands at the
 * end of the regular output file: 1 when it is the last line (written
 * before a kill: skip it); 0 when it is to be written, after cutting
 * off a torn piece of it (a write cut short), or after ending with a
 * newline a last line that is not its piece; -1 with errno. */
static int settle_tail(struct out *w, const char *s)
{
	size_t n = strlen(s), want, frag;
	struct stat sb;
	char *b = NULL;
	int rfd = -1, rc = -1;

	if (fstat(w->fd, &sb))
		return -1;
	if (sb.st_size == 0)
		return 0;
	/* the line, its newline and the byte before it */
	want = (size_t)sb.st_size < n + 2 ? (size_t)sb.st_size : n + 2;
	if ((rfd = read_fd(w)) < 0)
		return 0; /* cannot read it back: at least once */
	if (!(b = malloc(want)))
		goto out;
	errno = 0;
	if (pread(rfd, b, want, sb.st_size - (off_t)want) != (ssize_t)want) {
		if (errno == 0)
			errno = EIO; /* a short read: the file shrank */
		goto out;
	}
	if (b[want - 1] == '\n') {
		rc = want >= n + 1 && !memcmp(b + want - 1 - n, s, n) &&
		     (want == n + 1 || b[want - n - 2] == '\n');
		goto out;
	}
	/* an unterminated last line: where it starts in b, if it does */
	for (frag = 0; frag < want && b[want - 1 - frag] != '\n'; frag++)
		;
	if ((frag < want || want == (size_t)sb.st_size) && frag <= n &&
	    !memcmp(b + want - frag, s, frag))
		rc = ftruncate(w->fd, sb.st_size - (off_t)frag) ? -1 : 0;
	else
		rc = write_all(w->fd, "\n", 1);
out:
	free(b);
	if (rfd >= 0 && rfd != w->fd)
		close(rfd);
	return rc;
}

static int out_fail(struct out *w)
{
	fprintf(stderr, "gisa %s: cannot write the output: %s\n", w->cmd,
		strerror(errno));
	return -1;
}

static int on_article(void *ctx, const char *source, gisa_store_outcome o,
		      const char *json)
{
	struct out *w = ctx;
	int r;

	if (!w->f)
		return 0;
	fault("before-line", w->lines + 1);
	if (w->check_tail && w->regular) {
		/* only the oldest owed line can be written already */
		w->check_tail = 0;
		if ((r = settle_tail(w, json)) < 0)
			return out_fail(w);
		if (r == 1) {
			w->skipped++;
			return 0;
		}
	}
	if (write_line(w, json) || (w->regular && fdatasync(w->fd)))
		return out_fail(w);
	w->lines++;
	fault("after-line", w->lines);
	return 0;
}

static void on_progress(void *ctx, const char *line)
{
	struct out *w = ctx;

	if (!w->quiet)
		fprintf(stderr, "gisa %s: %s\n", w->cmd, line);
}

/* ---- gisa run ---- */

struct run_args {
	struct conf conf;
	gisa_strv rules, sources, resolve;
	const char *config, *db, *out;
	long long every, lease;
	double delay;
	long concurrency, per_host;
	int once, quiet;
};

static int run_usage(const char *msg)
{
	return gisa_cli_usage("run", msg);
}

static int parse_run_args(int argc, char **argv, struct run_args *a)
{
	static const struct option opts[] = {
		{ "once", no_argument, 0, '1' },
		{ "every", required_argument, 0, 'e' },
		{ "config", required_argument, 0, 'c' },
		{ "rules", required_argument, 0, 'r' },
		{ "db", required_argument, 0, 'd' },
		{ "source", required_argument, 0, 's' },
		{ "out", required_argument, 0, 'o' },
		{ "resolve", required_argument, 0, 'R' },
		{ "delay", required_argument, 0, 'D' },
		{ "concurrency", required_argument, 0, 'C' },
		{ "per-host", required_argument, 0, 'P' },
		{ "lease", required_argument, 0, 'L' },
		{ "quiet", no_argument, 0, 'q' },
		{ 0, 0, 0, 0 }
	};
	char *end;
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "q", opts, NULL)) != -1) {
		switch (c) {
		case '1': a->once = 1; break;
		case 'e':
			if (parse_duration(optarg, &a->every))
				return run_usage("--every takes a duration "
						 "(600, 10m, 2h)");
			break;
		case 'c': a->config = optarg; break;
		case 'r':
			if (gisa_strv_push(&a->rules, optarg))
				return GISA_EXIT_FAILED;
			break;
		case 'd': a->db = optarg; break;
		case 's':
			if (gisa_strv_push(&a->sources, optarg))
				return GISA_EXIT_FAILED;
			break;
		case 'o': a->out = optarg; break;
		case 'R':
			if (gisa_strv_push(&a->resolve, optarg))
				return GISA_EXIT_FAILED;
			break;
		case 'D':
			a->delay = strtod(optarg, &end);
			if (end == optarg || *end || a->delay < 0)
				return run_usage("--delay takes seconds");
			break;
		case 'C':
		case 'P': {
			long v = strtol(optarg, &end, 10);
			if (end == optarg || *end || v < 1 || v > 1000)
				return run_usage("--concurrency and --per-host "
						 "take 1..1000");
			*(c == 'C' ? &a->concurrency : &a->per_host) = v;
			break;
		}
		case 'L':
			if (parse_duration(optarg, &a->lease))
				return run_usage("--lease takes a duration");
			break;
		case 'q': a->quiet = 1; break;
		default:
			return GISA_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return run_usage("unexpected argument");
	if (a->once && a->every)
		return run_usage("--once and --every exclude each other");
	return 0;
}

/* merge - the command line over the configuration over the defaults. */
static int merge(struct run_args *a, gisa_run_opts *o, gisa_store_policy *pol)
{
	struct conf *c = &a->conf;

	gisa_run_opts_init(o);
	memset(pol, 0, sizeof *pol);
	if (a->rules.n) {
		gisa_strv_clear(&c->rules);
		c->rules = a->rules;
		memset(&a->rules, 0, sizeof a->rules);
	}
	if (a->sources.n) {
		gisa_strv_clear(&c->sources);
		c->sources = a->sources;
		memset(&a->sources, 0, sizeof a->sources);
	}
	for (size_t i = 0; i < a->resolve.n; i++)
		if (gisa_strv_push(&c->resolve, a->resolve.v[i]))
			return GISA_ENOMEM;
	/* The fetcher wants the list NULL-terminated: push a slot, then
	 * make it the terminator beyond n. */
	if (c->resolve.n) {
		if (gisa_strv_push(&c->resolve, ""))
			return GISA_ENOMEM;
		free(c->resolve.v[--c->resolve.n]);
		c->resolve.v[c->resolve.n] = NULL;
	}
	if (!a->every)
		a->every = c->every;
	if (a->concurrency)
		c->concurrency = a->concurrency;
	if (a->per_host)
		c->per_host = a->per_host;
	if (a->delay >= 0)
		c->delay = a->delay;
	if (a->lease)
		c->lease = a->lease;
	if (c->concurrency)
		o->fetch.max_total = (int)c->concurrency;
	if (c->per_host)
		o->fetch.max_per_host = (int)c->per_host;
	if (c->delay >= 0) {
		o->fetch.delay_ms = (long)(c->delay * 1000);
		o->fetch.jitter_ms = o->fetch.delay_ms / 4;
	}
	if (c->timeout > 0)
		o->fetch.timeout_ms = (long)(c->timeout * 1000);
	if (c->retries >= 0)
		o->fetch.max_retries = (int)c->retries;
	if (c->max_size)
		o->fetch.max_body = c->max_size;
	o->fetch.user_agent = c->user_agent;
	o->fetch.contact = c->contact;
	o->fetch.ignore_robots = c->ignore_robots;
	o->fetch.resolve = c->resolve.n ? (const char *const *)c->resolve.v :
			   NULL;
	if (c->lease)
		o->lease = c->lease;
	o->batch = (size_t)c->batch;
	pol->max_attempts = (int)c->max_attempts;
	return 0;
}

/* sleep_until - wait for the next run, or a signal. */
static void sleep_until(time_t when)
{
	while (!stopping && time(NULL) < when) {
		struct timespec ts = { 1, 0 };
		nanosleep(&ts, NULL);
	}
}

static int run_loop(struct run_args *a, gisa_store *st, gisa_run *r,
		    size_t nsrc)
{
	int rc = 0;

	for (;;) {
		time_t start = time(NULL);
		rc = gisa_run_once(r);
		if (rc < 0) {
			fprintf(stderr, "gisa run: %s\n", rc == GISA_EINTR ?
				"stopped: the output failed" :
				gisa_store_errmsg(st));
			return GISA_EXIT_FAILED;
		}
		if (!a->every || stopping)
			break;
		if (!a->quiet)
			fprintf(stderr, "gisa run: next run in %llds\n",
				(long long)(start + a->every - time(NULL)));
		sleep_until(start + (time_t)a->every);
		if (stopping)
			break;
	}
	if (hard) {
		if (!a->quiet)
			fprintf(stderr, "gisa run: stopped at once by a second "
				"signal; the pages in flight are due again; "
				"state saved\n");
		return 128 + hard;
	}
	if (stopping && !a->quiet)
		fprintf(stderr, "gisa run: stopped by a signal; state saved\n");
	return GISA_EXIT_OK;
}

/* out_mode - a regular file (or a new one) is opened readable too, for
 * its last line to be read back (settle_tail); the read end of anything
 * else (a FIFO) is not ours to hold. */
static const char *out_mode(const char *path)
{
	struct stat sb;

	return stat(path, &sb) || S_ISREG(sb.st_mode) ? "a+" : "a";
}

/* open_out - open the output at path (NULL: none; "-": stdout) for
 * appending, and name it for the outbox: its absolute path, "-". */
static int open_out(const char *cmd, const char *path, struct out *w)
{
	char *abs = NULL;
	struct stat sb;

	w->f = NULL;
	w->fd = -1;
	if (!path)
		return 0;
	if (!strcmp(path, "-")) {
		w->f = stdout;
		w->sink = strdup("-");
	} else if ((w->f = fopen(path, out_mode(path)))) {
		abs = realpath(path, NULL);
		w->sink = abs;
		if (!abs) {
			fprintf(stderr, "gisa %s: %s: %s\n", cmd, path,
				strerror(errno));
			return -1;
		}
	} else {
		fprintf(stderr, "gisa %s: %s: %s\n", cmd, path,
			strerror(errno));
		return -1;
	}
	if (!w->sink) {
		fprintf(stderr, "gisa %s: out of memory\n", cmd);
		return -1;
	}
	w->fd = fileno(w->f);
	w->regular = fstat(w->fd, &sb) == 0 && S_ISREG(sb.st_mode);
	return 0;
}

static void close_out(struct out *w)
{
	if (w->f && w->f != stdout)
		fclose(w->f);
	free(w->sink);
	w->f = NULL;
	w->sink = NULL;
}

/* Lines owed to outputs other than this process's. */
struct elsewhere {
	const char *sink;       /* ours (NULL: none) */
	long long n;
	char first[PATH_MAX + 1];
};

static int count_elsewhere(void *ctx, const gisa_store_owed *o)
{
	struct elsewhere *e = ctx;

	if (e->sink && !strcmp(o->sink, e->sink))
		return 0;
	if (!e->n++)
		snprintf(e->first, sizeof e->first, "%s", o->sink);
	return 0;
}

/* out_begin - make the store owe each new line to the output, and write
 * what an earlier process left owed to it first; say when lines are owed
 * to another output (a run with that --out writes them). */
static int out_begin(struct out *w, gisa_store *st)
{
	struct elsewhere e = { w->sink, 0, "" };
	int n;

	if (gisa_store_each_owed(st, count_elsewhere, &e) < 0)
		goto fail;
	if (e.n)
		fprintf(stderr, "gisa %s: %lld line%s owed to %s%s (a run with "
			"that --out writes them)\n", w->cmd, e.n,
			e.n == 1 ? " is" : "s are", e.first,
			e.n > 1 ? " and maybe other outputs" : "");
	if (!w->f)
		return 0;
	if (gisa_store_set_sink(st, w->sink))
		goto fail;
	w->check_tail = 1;
	n = gisa_run_drain(st, on_article, w);
	w->check_tail = 0;
	if (n == GISA_EINTR)
		return -1; /* said by on_article */
	if (n < 0)
		goto fail;
	if (n > 0 && !w->quiet)
		fprintf(stderr, "gisa %s: %d line%s owed by an earlier process "
			"written first (%lld found in the file already)\n",
			w->cmd, n, n == 1 ? "" : "s", w->skipped);
	return 0;
fail:
	fprintf(stderr, "gisa %s: %s\n", w->cmd, gisa_store_errmsg(st));
	return -1;
}

int gisa_cmd_run(int argc, char **argv)
{
	struct run_args a;
	struct out w = { .fd = -1, .cmd = "run" };
	gisa_run_opts o;
	gisa_store_policy pol;
	gisa_rules *rules = NULL;
	gisa_run_source *src = NULL;
	gisa_store *st = NULL;
	gisa_run *r = NULL;
	const char *db;
	size_t nsrc = 0;
	int rc, ex = GISA_EXIT_FAILED;

	memset(&a, 0, sizeof a);
	conf_init(&a.conf);
	a.delay = -1;
	if ((rc = parse_run_args(argc, argv, &a)))
		goto out_args;
	if (!a.once && !a.every && !a.config) {
		ex = run_usage("say --once or --every DURATION");
		goto out_args;
	}
	if (a.config && conf_load(&a.conf, a.config))
		goto out_args;
	if (merge(&a, &o, &pol))
		goto out_args;
	if (!a.once && !a.every) {
		ex = run_usage("say --once or --every DURATION (or every = "
			       "in the configuration)");
		goto out_args;
	}
	w.quiet = a.quiet;
	db = a.db ? a.db : a.conf.db ? a.conf.db : DEFAULT_DB;
	if (open_rules("run", &a.conf.rules, &rules))
		goto out;
	if ((rc = make_sources(rules, &a.conf, &src, &nsrc)))
		goto out;
	if (!nsrc) {
		fprintf(stderr, "gisa run: no source to run (no rule lists "
			"feeds, sitemaps or sections)\n");
		goto out;
	}
	if (open_out("run", a.out ? a.out : a.conf.out, &w))
		goto out;
	rc = gisa_store_open(db, 0, &st);
	if (!rc)
		rc = gisa_store_lock(st);
	if (rc) {
		fprintf(stderr, "gisa run: %s: %s\n", db, st ?
			gisa_store_errmsg(st) : gisa_strerror(rc));
		goto out;
	}
	gisa_store_set_policy(st, &pol);
	if (out_begin(&w, st))
		goto out;
	o.rules = rules;
	o.on_article = on_article;
	o.on_progress = on_progress;
	o.ctx = &w;
	if ((rc = gisa_run_new(st, src, nsrc, &o, &r))) {
		fprintf(stderr, "gisa run: %s\n", gisa_strerror(rc));
		goto out;
	}
	current = r;
	catch_signals();
	ex = run_loop(&a, st, r, nsrc);
	current = NULL;
out:
	gisa_run_free(r);
	gisa_store_close(st);
	close_out(&w);
	for (size_t i = 0; i < nsrc; i++)
		gisa_run_source_clear(&src[i]);
	free(src);
	gisa_rules_close(rules);
out_args:
	if (rc > 0)
		ex = rc;
	conf_clear(&a.conf);
	gisa_strv_clear(&a.rules);
	gisa_strv_clear(&a.sources);
	gisa_strv_clear(&a.resolve);
	return ex;
}

/* ---- gisa reextract ---- */

int gisa_cmd_reextract(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, 0, 'd' },
		{ "rules", required_argument, 0, 'r' },
		{ "source", required_argument, 0, 's' },
		{ "since", required_argument, 0, 'S' },
		{ "out", required_argument, 0, 'o' },
		{ 0, 0, 0, 0 }
	};
	struct out w = { .fd = -1, .cmd = "reextract" };
	gisa_strv dirs = GISA_STRV_INIT;
	const char *db = DEFAULT_DB, *source = NULL, *outp = NULL;
	gisa_reextract_counts n;
	gisa_rules *rules = NULL;
	gisa_store *st = NULL;
	long long since = 0;
	int c, rc, ex = GISA_EXIT_FAILED;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'r':
			if (gisa_strv_push(&dirs, optarg))
				goto out;
			break;
		case 's': source = optarg; break;
		case 'S':
			if (gisa_cli_parse_since(optarg, &since)) {
				ex = gisa_cli_usage("reextract", "--since: not "
					"a date (2024-01-31, 12h, 7d)");
				goto out;
			}
			break;
		case 'o': outp = optarg; break;
		default:
			ex = GISA_EXIT_USAGE;
			goto out;
		}
	}
	if (optind < argc) {
		ex = gisa_cli_usage("reextract", "unexpected argument");
		goto out;
	}
	if (open_rules("reextract", &dirs, &rules))
		goto out;
	if (open_out("reextract", outp, &w))
		goto out;
	rc = gisa_store_open(db, GISA_STORE_NOCREATE, &st);
	if (!rc)
		rc = gisa_store_lock(st);
	if (rc) {
		fprintf(stderr, "gisa reextract: %s: %s\n", db, st ?
			gisa_store_errmsg(st) : gisa_strerror(rc));
		goto out;
	}
	if (out_begin(&w, st))
		goto out;
	rc = gisa_reextract(st, rules, source, since, on_article, &w, &n);
	if (rc < 0) {
		fprintf(stderr, "gisa reextract: %s\n", gisa_store_errmsg(st));
		goto out;
	}
	fprintf(stderr, "gisa reextract: %lld pages: %lld updated, %lld "
		"unchanged, %lld new, %lld duplicate, %lld without article, "
		"%lld unusable (%lld feeds, sitemaps, section pages or "
		"other non-HTML skipped)\n", n.pages, n.updated, n.unchanged, n.fresh,
		n.duplicate, n.empty, n.failed, n.skipped);
	ex = GISA_EXIT_OK;
out:
	close_out(&w);
	gisa_store_close(st);
	gisa_rules_close(rules);
	gisa_strv_clear(&dirs);
	return ex;
}
