/* rules.c - the rule registry: finding, loading, matching and running
 * rules (see rules.h). The sandbox itself is sandbox.c; the API rules see
 * is luadom.c and scripts/lib/.
 */
#include "rules.h"
#include "byline.h"
#include "error.h"
#include "explain.h"
#include "luadom.h"
#include "normalize.h"
#include "rules_record.h"
#include "sandbox.h"
#include "select.h"

#include <dirent.h>
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define RULE_MAX_FILE ((size_t)1 << 20) /* a rule file is a page of Lua */
#define ERRBUF 2048

struct rule {
	char *name;
	char *path;
	char *src;           /* the file, read once at open */
	size_t len;
	gisa_strv domains, feeds, sitemaps, sections, clean;
	char *tz;
	long long schedule;  /* seconds between discovery passes; 0: any run */
	gisa_sandbox *sb;    /* made on first use, dropped after a limit */
	int ref;             /* the compiled rule in sb's registry */
	long instr;          /* stats of the last run */
	size_t mem;
};

struct gisa_rules {
	struct rule *v;
	size_t n, cap;
	gisa_rules_opts o;
	char why[320];
	char page_why[700];
};

static void rule_free(struct rule *r)
{
	gisa_sandbox_free(r->sb);
	free(r->name);
	free(r->path);
	free(r->src);
	gisa_strv_clear(&r->domains);
	gisa_strv_clear(&r->feeds);
	gisa_strv_clear(&r->sitemaps);
	gisa_strv_clear(&r->sections);
	gisa_strv_clear(&r->clean);
	free(r->tz);
	memset(r, 0, sizeof *r);
}

static struct rule *find(const gisa_rules *rs, const char *name)
{
	if (!rs || !name)
		return NULL;
	for (size_t i = 0; i < rs->n; i++)
		if (strcmp(rs->v[i].name, name) == 0)
			return &rs->v[i];
	return NULL;
}

/* ---- loading one rule into a sandbox ---- */

/* Copy the string list t[key] (t at index idx) into out. */
static int read_list(lua_State *L, int idx, const char *key, gisa_strv *out)
{
	lua_Integer n;

	lua_pushstring(L, key);
	if (lua_rawget(L, idx) != LUA_TTABLE) {
		lua_pop(L, 1);
		return 0;
	}
	n = (lua_Integer)lua_rawlen(L, -1);
	for (lua_Integer i = 1; i <= n; i++) {
		const char *s;
		lua_rawgeti(L, -1, i);
		s = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
		if (s && gisa_strv_push(out, s) < 0) {
			lua_pop(L, 2);
			return GISA_ENOMEM;
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return 0;
}

static char *read_string(lua_State *L, int idx, const char *key)
{
	char *s = NULL;

	lua_pushstring(L, key);
	if (lua_rawget(L, idx) == LUA_TSTRING)
		s = strdup(lua_tostring(L, -1));
	lua_pop(L, 1);
	return s;
}

/* Learn the compiled rule's metadata (the table at the top). Runs once,
 * when the file is first loaded: callers keep pointers to r->name and
 * r->tz (gisa_rules_match(), gisa_rules_timezone()), so a later reload of
 * the state must never replace them. */
static int read_meta(lua_State *L, struct rule *r)
{
	int top = lua_gettop(L);

	r->name = read_string(L, top, "name");
	r->tz = read_string(L, top, "timezone");
	if (!r->name)
		return GISA_ENOMEM;
	if (read_list(L, top, "domains", &r->domains) < 0 ||
	    read_list(L, top, "feeds", &r->feeds) < 0 ||
	    read_list(L, top, "sitemaps", &r->sitemaps) < 0 ||
	    read_list(L, top, "sections", &r->sections) < 0 ||
	    read_list(L, top, "clean", &r->clean) < 0)
		return GISA_ENOMEM;
	lua_pushliteral(L, "schedule");
	if (lua_rawget(L, top) == LUA_TNUMBER)
		r->schedule = (long long)lua_tointeger(L, -1);
	lua_pop(L, 1);
	return 0;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* Make r's sandbox, run its file and compile the table it returns, which
 * is left in the sandbox's registry (r->ref). The metadata (name,
 * domains...) is read on the first load only (with_meta): the registry
 * hands out pointers to it. On failure err holds "FILE:LINE: message" and
 * the sandbox is gone. */
static int load_rule(struct rule *r, const gisa_rules_opts *o, int with_meta,
		     char *err, size_t errlen)
{
	gisa_sandbox *sb;
	char chunk[4096], stem[256];
	lua_State *L;
	int rc;

	rc = gisa_sandbox_new(o, &sb, err, errlen);
	if (rc < 0)
		return rc;
	L = sb->L;
	gisa_sandbox_begin(sb);
	snprintf(chunk, sizeof chunk, "@%s", r->path);
	if (luaL_loadbufferx(L, r->src, r->len, chunk, "t") != LUA_OK) {
		snprintf(err, errlen, "%s", lua_tostring(L, -1));
		goto fail;
	}
	if (gisa_sandbox_call(sb, 0, 1, err, errlen) < 0)
		goto fail_quiet;
	snprintf(stem, sizeof stem, "%s", base_name(r->path));
	if (strlen(stem) > 4 && !strcmp(stem + strlen(stem) - 4, ".lua"))
		stem[strlen(stem) - 4] = '\0';
	gisa_sandbox_internal(sb);
	lua_getfield(L, -1, "compile");
	lua_remove(L, -2);
	lua_insert(L, -2);          /* compile, value */
	lua_pushstring(L, stem);
	lua_pushstring(L, r->path);
	if (gisa_sandbox_call(sb, 3, 1, err, errlen) < 0)
		goto fail_quiet;
	if (with_meta && (rc = read_meta(L, r)) < 0)
		goto out;
	r->ref = luaL_ref(L, LUA_REGISTRYINDEX);
	r->sb = sb;
	return 0;
fail:
	lua_pop(L, 1);
fail_quiet:
	rc = GISA_ERULE;
out:
	gisa_sandbox_free(sb);
	return rc;
}

/* Keep only the first line of a load error (no traceback): the error
 * list at open is "FILE:LINE: message" per rule. */
static void first_line(char *s)
{
	char *nl = strstr(s, "\nstack traceback:");
	if (nl)
		*nl = '\0';
}

static int read_file(const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (!f)
		return GISA_EIO;
	buf = malloc(RULE_MAX_FILE + 1);
	if (!buf) {
		fclose(f);
		return GISA_ENOMEM;
	}
	n = fread(buf, 1, RULE_MAX_FILE + 1, f);
	if (ferror(f) || n > RULE_MAX_FILE) {
		int rc = ferror(f) ? GISA_EIO : GISA_ELIMIT;
		fclose(f);
		free(buf);
		return rc;
	}
	fclose(f);
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}

static int report(gisa_strv *errors, const char *fmt, const char *a,
		  const char *b)
{
	char msg[ERRBUF + 8192];

	if (!errors)
		return 0;
	snprintf(msg, sizeof msg, fmt, a, b);
	return gisa_strv_push(errors, msg);
}

static int add_rule(gisa_rules *rs, struct rule *r, gisa_strv *errors)
{
	struct rule *old = find(rs, r->name);

	if (old) {
		/* A later directory overrides by name; within one directory
		 * two files with one name is most likely a copy-paste slip. */
		const char *a = old->path, *b = r->path;
		size_t da = strrchr(a, '/') ? (size_t)(strrchr(a, '/') - a) : 0;
		size_t db = strrchr(b, '/') ? (size_t)(strrchr(b, '/') - b) : 0;
		if (da == db && strncmp(a, b, da) == 0 &&
		    report(errors, "%s: rule name already used by %s; this "
			   "file wins", b, a) < 0)
			return GISA_ENOMEM;
		rule_free(old);
		*old = *r;
		return 0;
	}
	if (rs->n == rs->cap) {
		size_t cap = rs->cap ? rs->cap * 2 : 16;
		struct rule *v = realloc(rs->v, cap * sizeof *v);
		if (!v)
			return GISA_ENOMEM;
		rs->v = v;
		rs->cap = cap;
	}
	rs->v[rs->n++] = *r;
	return 0;
}

static int load_file(gisa_rules *rs, const char *path, gisa_strv *errors)
{
	struct rule r = { 0 };
	char err[ERRBUF];
	int rc;

	if (!(r.path = strdup(path)))
		return GISA_ENOMEM;
	rc = read_file(path, &r.src, &r.len);
	if (rc < 0) {
		rule_free(&r);
		if (rc == GISA_ENOMEM)
			return rc;
		return report(errors, "%s: cannot read: %s", path,
			      gisa_strerror(rc));
	}
	rc = load_rule(&r, &rs->o, 1, err, sizeof err);
	if (rc < 0) {
		rule_free(&r);
		if (rc == GISA_ENOMEM)
			return rc;
		first_line(err);
		/* Most messages start with the file's name; a limit hit
		 * outside Lua code (a huge allocation) has no place. */
		if (strncmp(err, path, strlen(path)) != 0)
			return report(errors, "%s: %s", path, err);
		return report(errors, "%s%s", err, "");
	}
	/* Metadata is all the registry needs until the rule's first page:
	 * free the state (a worker may hold many rules and use few). */
	gisa_sandbox_free(r.sb);
	r.sb = NULL;
	rc = add_rule(rs, &r, errors);
	if (rc < 0)
		rule_free(&r);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_dir(gisa_rules *rs, const char *dir, gisa_strv *errors)
{
	gisa_strv names = GISA_STRV_INIT;
	DIR *d = opendir(dir);
	struct dirent *e;
	int rc = 0;

	if (!d)
		return report(errors, "%s: cannot open rule directory%s", dir,
			      "");
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (e->d_name[0] == '.' || l < 5 ||
		    strcmp(e->d_name + l - 4, ".lua"))
			continue;
		if ((rc = gisa_strv_push(&names, e->d_name)) < 0)
			break;
	}
	closedir(d);
	if (names.n)
		qsort(names.v, names.n, sizeof *names.v, cmp_str);
	for (size_t i = 0; rc == 0 && i < names.n; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, names.v[i]);
		rc = load_file(rs, path, errors);
	}
	gisa_strv_clear(&names);
	return rc < 0 ? rc : 0;
}

static int cmp_rule(const void *a, const void *b)
{
	return strcmp(((const struct rule *)a)->name,
		      ((const struct rule *)b)->name);
}

int gisa_rules_open(const char *const *dirs, size_t ndirs,
		    const gisa_rules_opts *o, gisa_rules **out,
		    gisa_strv *errors)
{
	gisa_rules *rs;
	int rc;

	*out = NULL;
	if (ndirs && !dirs)
		return GISA_EINVAL;
	if (!(rs = calloc(1, sizeof *rs)))
		return GISA_ENOMEM;
	if (o)
		rs->o = *o;
	for (size_t i = 0; i < ndirs; i++)
		if ((rc = load_dir(rs, dirs[i], errors)) < 0) {
			gisa_rules_close(rs);
			return rc;
		}
	if (rs->n)
		qsort(rs->v, rs->n, sizeof *rs->v, cmp_rule);
	*out = rs;
	return 0;
}

void gisa_rules_close(gisa_rules *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->n; i++)
		rule_free(&rs->v[i]);
	free(rs->v);
	free(rs);
}

size_t gisa_rules_count(const gisa_rules *rs)
{
	return rs ? rs->n : 0;
}

const char *gisa_rules_name(const gisa_rules *rs, size_t i)
{
	return rs && i < rs->n ? rs->v[i].name : NULL;
}

const char *gisa_rules_file(const gisa_rules *rs, const char *name)
{
	struct rule *r = find(rs, name);
	return r ? r->path : NULL;
}

const char *gisa_rules_timezone(const gisa_rules *rs, const char *name)
{
	struct rule *r = find(rs, name);
	return r ? r->tz : NULL;
}

const gisa_strv *gisa_rules_clean(const gisa_rules *rs, const char *name)
{
	struct rule *r = find(rs, name);
	return r ? &r->clean : NULL;
}

static int copy_list(const gisa_strv *from, gisa_strv *out)
{
	for (size_t i = 0; i < from->n; i++)
		if (gisa_strv_push(out, from->v[i]) < 0)
			return GISA_ENOMEM;
	return (int)from->n;
}

int gisa_rules_feeds(const gisa_rules *rs, const char *name, gisa_strv *out)
{
	struct rule *r = find(rs, name);
	return r ? copy_list(&r->feeds, out) : GISA_ENOTFOUND;
}

int gisa_rules_sitemaps(const gisa_rules *rs, const char *name,
			gisa_strv *out)
{
	struct rule *r = find(rs, name);
	return r ? copy_list(&r->sitemaps, out) : GISA_ENOTFOUND;
}

int gisa_rules_domains(const gisa_rules *rs, const char *name,
		       gisa_strv *out)
{
	struct rule *r = find(rs, name);
	return r ? copy_list(&r->domains, out) : GISA_ENOTFOUND;
}

int gisa_rules_sections(const gisa_rules *rs, const char *name,
			gisa_strv *out)
{
	struct rule *r = find(rs, name);
	return r ? copy_list(&r->sections, out) : GISA_ENOTFOUND;
}

long long gisa_rules_schedule(const gisa_rules *rs, const char *name)
{
	struct rule *r = find(rs, name);
	return r ? r->schedule : GISA_ENOTFOUND;
}

int gisa_rules_stats(const gisa_rules *rs, const char *name, long *instr,
		     size_t *mem)
{
	struct rule *r = find(rs, name);

	if (!r)
		return GISA_ENOTFOUND;
	if (instr)
		*instr = r->instr;
	if (mem)
		*mem = r->mem;
	return 0;
}

/* ---- matching URLs ---- */

/* Split url into host (lowercased into host[]) and path (a pointer into
 * url, "/" when absent). Returns 0 or -1 when there is no host. */
static int split_url(const char *url, char *host, size_t hostlen,
		     const char **path)
{
	const char *p = strstr(url, "://"), *h, *end;
	size_t n = 0;

	h = p ? p + 3 : (url[0] == '/' && url[1] == '/' ? url + 2 : url);
	end = h + strcspn(h, "/?#");
	for (const char *at = h; at < end; at++) /* user:pass@host */
		if (*at == '@')
			h = at + 1;
	for (const char *c = h; c < end && *c != ':'; c++) {
		if (n + 1 >= hostlen)
			return -1;
		host[n++] = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
	}
	while (n && host[n - 1] == '.') /* "example.com." */
		n--;
	host[n] = '\0';
	*path = *end == '/' ? end : "/";
	return n ? 0 : -1;
}

/* How well domain entry d ("host" or "host/path") serves host+path: 0 no
 * match, else the length matched. */
static size_t domain_score(const char *d, const char *host, const char *path)
{
	const char *slash = strchr(d, '/');
	size_t dl = slash ? (size_t)(slash - d) : strlen(d);
	size_t hl = strlen(host);

	if (dl == 0 || dl > hl || strncasecmp(host + hl - dl, d, dl) != 0)
		return 0;
	if (dl < hl && host[hl - dl - 1] != '.')
		return 0; /* "notyna.co.kr" is not under "yna.co.kr" */
	if (slash && strncmp(path, slash, strlen(slash)) != 0)
		return 0;
	return dl + (slash ? strlen(slash) : 0);
}

const char *gisa_rules_match_why(gisa_rules *rs, const char *url,
				 const char **why)
{
	char host[256];
	const char *path, *best_d = NULL;
	struct rule *best = NULL;
	size_t best_score = 0;

	if (why)
		*why = NULL;
	if (!rs || !url || split_url(url, host, sizeof host, &path) < 0)
		return NULL;
	for (size_t i = 0; i < rs->n; i++)
		for (size_t j = 0; j < rs->v[i].domains.n; j++) {
			const char *d = rs->v[i].domains.v[j];
			size_t s = domain_score(d, host, path);
			if (s > best_score) {
				best_score = s;
				best = &rs->v[i];
				best_d = d;
			}
		}
	if (!best)
		return NULL;
	if (why) {
		snprintf(rs->why, sizeof rs->why, "host %s%s matches domain "
			 "'%s' of rule %s (longest match)", host,
			 strchr(best_d, '/') ? " and path" : "", best_d,
			 best->name);
		*why = rs->why;
	}
	return best->name;
}

/* The page's idea of its URL: canonical link, then og:url (malloc'd). */
static char *own_url(const gisa_doc *doc)
{
	static const char *const sel[] = {
		"link[rel=canonical][href]", "meta[property='og:url'][content]",
		NULL };
	static const char *const attr[] = { "href", "content" };
	char *url = NULL;

	for (int i = 0; sel[i] && !url && doc && doc->xml; i++) {
		gisa_nodes nl = GISA_NODES_INIT;
		if (gisa_select_css(sel[i], (xmlNodePtr)doc->xml, &nl, NULL,
				    0) > 0) {
			xmlChar *v = xmlGetProp(nl.v[0],
						(const xmlChar *)attr[i]);
			if (v && strstr((const char *)v, "://"))
				url = strdup((const char *)v);
			xmlFree(v);
		}
		gisa_nodes_clear(&nl);
	}
	return url;
}

const char *gisa_rules_for_page(gisa_rules *rs, const char *url,
				const gisa_doc *doc, const char **why)
{
	const char *name, *w = NULL;
	char *own = NULL;

	if (why)
		*why = NULL;
	if (!rs)
		return NULL;
	if (!url && !(url = own = own_url(doc)))
		return NULL;
	name = gisa_rules_match_why(rs, url, &w);
	if (why && name) {
		snprintf(rs->page_why, sizeof rs->page_why, "%s (from %s %s)",
			 w, own ? "the page's canonical URL" : "the URL", url);
		*why = rs->page_why;
	}
	free(own);
	return name;
}

const char *gisa_rules_match(gisa_rules *rs, const char *url)
{
	return gisa_rules_match_why(rs, url, NULL);
}

/* ---- running a rule on a page ---- */

struct run {
	struct rule *r;
	gisa_doc *doc;
	const gisa_article *in;
	gisa_article out;           /* what the rule decided */
	int decided[GISA_F__COUNT];
	gisa_explain *ex;
};

/* In the sandbox: internal.run(rule, doc, article, explain) returns
 * fields, origins, trace. */
static int run_protected(lua_State *L)
{
	struct run *c = lua_touserdata(L, 1);

	gisa_sandbox_internal(gisa_sandbox_of(L));
	lua_getfield(L, -1, "run");
	lua_remove(L, -2);
	lua_rawgeti(L, LUA_REGISTRYINDEX, c->r->ref);
	gisa_luadom_begin(L, c->doc, c->r->tz);
	gisa_rules_push_article(L, c->in, c->doc);
	lua_pushboolean(L, c->ex != NULL);
	lua_call(L, 4, 3);
	gisa_rules_read_result(L, -3, -2, &c->out, c->decided);
	if (c->ex)
		gisa_rules_read_trace(L, -1, &c->out, c->decided, c->ex);
	return 0;
}

/* Move the fields c decided into a. */
static int merge(struct run *c, gisa_article *a, const char *name)
{
	char ext[300];
	gisa_article *o = &c->out;

#define MOVE_STR(field) do { free(a->field); a->field = o->field; \
			     o->field = NULL; } while (0)
#define MOVE_STRV(field) do { gisa_strv_clear(&a->field); \
			      a->field = o->field; \
			      memset(&o->field, 0, sizeof o->field); } while (0)
	for (int f = 0; f < GISA_F__COUNT; f++) {
		if (!c->decided[f])
			continue;
		switch (f) {
		case GISA_F_TITLE: MOVE_STR(title); break;
		case GISA_F_SUBTITLE: MOVE_STR(subtitle); break;
		case GISA_F_AUTHORS: MOVE_STRV(authors); break;
		case GISA_F_PUBLISHED: MOVE_STR(published); break;
		case GISA_F_MODIFIED: MOVE_STR(modified); break;
		case GISA_F_SECTION: MOVE_STR(section); break;
		case GISA_F_TAGS: MOVE_STRV(tags); break;
		case GISA_F_LANGUAGE: MOVE_STR(language); break;
		case GISA_F_DATELINE: MOVE_STR(dateline); break;
		case GISA_F_BODY: MOVE_STRV(paragraphs); break;
		case GISA_F_CANONICAL: MOVE_STR(canonical_url); break;
		case GISA_F_IMAGES:
			for (size_t i = 0; i < a->n_images; i++) {
				free(a->images[i].url);
				free(a->images[i].caption);
			}
			free(a->images);
			a->images = o->images;
			a->n_images = o->n_images;
			o->images = NULL;
			o->n_images = 0;
			break;
		}
		a->origin[f] = gisa_article_has(a, f) ? o->origin[f] : NULL;
	}
#undef MOVE_STR
#undef MOVE_STRV
	snprintf(ext, sizeof ext, "rule:%s", name);
	if (gisa_article_set(&a->source, name) < 0 ||
	    gisa_article_set(&a->extractor, ext) < 0)
		return GISA_ENOMEM;
	return 0;
}

/* Make sure r has a live state; a failure is the page's error. */
static int ensure_state(gisa_rules *rs, struct rule *r, char *err,
			size_t errlen)
{
	char msg[ERRBUF];
	int rc;

	if (r->sb)
		return 0;
	rc = load_rule(r, &rs->o, 0, msg, sizeof msg);
	if (rc == GISA_ENOMEM)
		return rc;
	if (rc < 0) {
		snprintf(err, errlen, "rule %s: %s", r->name, msg);
		return GISA_ERULE;
	}
	return 0;
}

/* The rule a call names, with err set up: a caller may pass no buffer
 * (then scratch, of GISA_RULES_SCRATCH bytes, takes the message). NULL,
 * with the reason in err, when there is no such rule. */
#define GISA_RULES_SCRATCH 8
static struct rule *call_target(gisa_rules *rs, const char *name,
				char **err, size_t *errlen, char *scratch)
{
	struct rule *r = find(rs, name);

	if (!*err || !*errlen) {
		*err = scratch;
		*errlen = GISA_RULES_SCRATCH;
	}
	(*err)[0] = '\0';
	if (!r)
		snprintf(*err, *errlen, "no rule named '%s'", name ? name : "");
	return r;
}

/* Run fn(ud) protected in r's live state as one unit of work (its own
 * budgets), keeping the stats. A state that hit a limit may be half-way
 * through anything: it is dropped, and the next call starts a clean one.
 * Returns gisa_sandbox_call()'s result; msg gets the error. */
static int call_in_state(struct rule *r, lua_CFunction fn, void *ud,
			 char *msg, size_t msglen)
{
	gisa_sandbox *sb = r->sb;
	int rc;

	gisa_sandbox_begin(sb);
	lua_pushcfunction(sb->L, fn);
	lua_pushlightuserdata(sb->L, ud);
	rc = gisa_sandbox_call(sb, 1, 0, msg, msglen);
	gisa_luadom_end(sb);
	sb->log = NULL;
	r->instr = sb->instr;
	r->mem = sb->mem;
	if (rc < 0 && sb->killed != GISA_SB_ALIVE) {
		gisa_sandbox_free(sb);
		r->sb = NULL;
	}
	return rc;
}

int gisa_rules_apply(gisa_rules *rs, const char *name, gisa_doc *doc,
		     gisa_article *a, struct gisa_explain *ex, char *err,
		     size_t errlen)
{
	struct run c = { 0 };
	char scratch[GISA_RULES_SCRATCH], msg[ERRBUF];
	double t0 = gisa_sandbox_now(), t1;
	int rc;
	struct rule *r = call_target(rs, name, &err, &errlen, scratch);

	if (!r)
		return GISA_ENOTFOUND;
	if (!doc || !a)
		return GISA_EINVAL;
	if ((rc = ensure_state(rs, r, err, errlen)) < 0)
		return rc;
	t1 = gisa_sandbox_now();
	c.r = r;
	c.doc = doc;
	c.in = a;
	c.ex = ex;
	if (ex && (gisa_explain_set(&ex->rule, name) < 0 ||
		   gisa_explain_time(ex, "rule (state)", (t1 - t0) * 1e3) < 0))
		return GISA_ENOMEM;
	r->sb->log = ex ? &ex->log : NULL;
	rc = call_in_state(r, run_protected, &c, msg, sizeof msg);
	if (ex) {
		ex->instructions = r->instr;
		ex->lua_bytes = r->mem;
		gisa_explain_time(ex, "rule", (gisa_sandbox_now() - t1) * 1e3);
	}
	if (rc < 0) {
		snprintf(err, errlen, "rule %s: %s", name, msg);
		rc = GISA_ERULE;
	} else {
		rc = merge(&c, a, name);
	}
	gisa_article_clear(&c.out);
	return rc;
}

struct clean {
	struct rule *r;
	const gisa_strv *in;
	gisa_strv out, gone;
};

/* In the sandbox: internal.clean(rule, paragraphs) returns those kept and
 * the lines removed. */
static int clean_protected(lua_State *L)
{
	struct clean *c = lua_touserdata(L, 1);

	gisa_sandbox_internal(gisa_sandbox_of(L));
	lua_getfield(L, -1, "clean");
	lua_remove(L, -2);
	lua_rawgeti(L, LUA_REGISTRYINDEX, c->r->ref);
	gisa_rules_push_strings(L, c->in);
	lua_call(L, 2, 2);
	gisa_rules_read_strings(L, "clean", &c->gone);
	lua_pop(L, 1);
	gisa_rules_read_strings(L, "clean", &c->out);
	return 0;
}

int gisa_rules_clean_body(gisa_rules *rs, const char *name, gisa_strv *paras,
			  gisa_strv *removed, char *err, size_t errlen)
{
	struct clean c = { 0 };
	char scratch[GISA_RULES_SCRATCH], msg[ERRBUF];
	int rc;
	struct rule *r = call_target(rs, name, &err, &errlen, scratch);

	if (!r)
		return GISA_ENOTFOUND;
	if (!paras)
		return GISA_EINVAL;
	if (!r->clean.n || !paras->n)
		return 0; /* nothing to match: no state needed */
	if ((rc = ensure_state(rs, r, err, errlen)) < 0)
		return rc;
	c.r = r;
	c.in = paras;
	rc = call_in_state(r, clean_protected, &c, msg, sizeof msg);
	if (rc < 0) {
		snprintf(err, errlen, "rule %s: %s", name, msg);
		rc = GISA_ERULE;
		goto out;
	}
	for (size_t i = 0; removed && i < c.gone.n; i++)
		if ((rc = gisa_strv_push(removed, c.gone.v[i])) < 0)
			goto out;
	gisa_strv_clear(paras);
	*paras = c.out;
	c.out = (gisa_strv)GISA_STRV_INIT;
	rc = 0;
out:
	gisa_strv_clear(&c.out);
	gisa_strv_clear(&c.gone);
	return rc;
}

/* A bare agency credit, "Yonhap" or "[YONHAP]", as the agency's name. */
static int agency_credit(const char *s, gisa_strv *names)
{
	size_t n = strlen(s);
	char name[128];

	if (n >= 2 && strchr("([", s[0]) && strchr(")]", s[n - 1])) {
		s++;
		n -= 2;
	}
	if (n >= sizeof name)
		return 0;
	memcpy(name, s, n);
	name[n] = '\0';
	if (!gisa_byline_agency(name))
		return 0;
	return gisa_strv_push(names, name) < 0 ? GISA_ENOMEM : 1;
}

/* Bylines and credits among the lines clean removed: on a page the rule's
 * `authors` would have read them before clean ran. People first, an
 * agency only when no person is named (as byline.h does in one line). */
static int credits(const gisa_strv *lines, gisa_strv *authors)
{
	gisa_strv people = GISA_STRV_INIT, agencies = GISA_STRV_INIT;
	gisa_strv names = GISA_STRV_INIT;
	int rc = 0;

	for (size_t i = 0; i < lines->n && rc >= 0; i++) {
		if (strlen(lines->v[i]) > GISA_BYLINE_MAX)
			continue;
		gisa_strv_clear(&names);
		rc = gisa_byline_match(lines->v[i], &names);
		if (rc == 0)
			rc = agency_credit(lines->v[i], &names);
		for (size_t k = 0; rc > 0 && k < names.n; k++) {
			gisa_strv *to = gisa_byline_agency(names.v[k]) ?
					&agencies : &people;
			if (gisa_strv_find(to, names.v[k]) < 0 &&
			    gisa_strv_push(to, names.v[k]) < 0)
				rc = GISA_ENOMEM;
		}
	}
	if (rc >= 0) {
		gisa_strv *pick = people.n ? &people : &agencies;
		for (size_t i = 0; i < pick->n && rc >= 0; i++)
			rc = gisa_strv_push(authors, pick->v[i]);
	}
	gisa_strv_clear(&names);
	gisa_strv_clear(&people);
	gisa_strv_clear(&agencies);
	return rc < 0 ? rc : 0;
}

int gisa_rules_normalize_text(gisa_rules *rs, const char *name,
			      const char *text, size_t len, const char *lang,
			      gisa_article *a, char *err, size_t errlen)
{
	gisa_strv gone = GISA_STRV_INIT, found = GISA_STRV_INIT;
	int rc;

	if ((rc = gisa_normalize_read(text, len, a)) < 0 ||
	    (rc = gisa_rules_clean_body(rs, name, &a->paragraphs, &gone, err,
					errlen)) < 0 ||
	    (rc = gisa_normalize(a, lang)) < 0 ||
	    (rc = credits(&gone, &found)) < 0)
		goto out;
	/* a byline the patterns removed names people; the body left only
	 * an agency (a masthead, a credit line): people win, as above */
	if (!a->authors.n || (gisa_byline_people(&found) &&
			      !gisa_byline_people(&a->authors))) {
		gisa_strv_clear(&a->authors);
		a->authors = found;
		found = (gisa_strv)GISA_STRV_INIT;
	}
out:
	gisa_strv_clear(&found);
	gisa_strv_clear(&gone);
	return rc;
}

/* ---- running a rule's discover on a section page ---- */

struct disc {
	struct rule *r;
	gisa_doc *doc;
	gisa_strv urls;    /* moved to the caller's list on success */
	size_t junk, over;
	int oom;
};

/* In the sandbox: internal.discover(rule, doc, max) returns the URLs, the
 * number of values that were not URLs and the number over max. */
static int discover_protected(lua_State *L)
{
	struct disc *c = lua_touserdata(L, 1);
	lua_Integer n;

	gisa_sandbox_internal(gisa_sandbox_of(L));
	lua_getfield(L, -1, "discover");
	lua_remove(L, -2);
	lua_rawgeti(L, LUA_REGISTRYINDEX, c->r->ref);
	gisa_luadom_begin(L, c->doc, c->r->tz);
	lua_pushinteger(L, GISA_RULES_DISCOVER_MAX);
	lua_call(L, 3, 3);
	n = (lua_Integer)lua_rawlen(L, -3);
	for (lua_Integer i = 1; i <= n && !c->oom; i++) {
		if (lua_rawgeti(L, -3, i) == LUA_TSTRING &&
		    gisa_strv_push(&c->urls, lua_tostring(L, -1)) < 0)
			c->oom = 1;
		lua_pop(L, 1);
	}
	c->junk = (size_t)lua_tointeger(L, -2);
	c->over = (size_t)lua_tointeger(L, -1);
	return 0;
}

int gisa_rules_discover(gisa_rules *rs, const char *name, gisa_doc *doc,
			gisa_strv *out, gisa_rules_discovered *info,
			char *err, size_t errlen)
{
	struct disc c = { 0 };
	char scratch[GISA_RULES_SCRATCH], msg[ERRBUF];
	int rc;
	struct rule *r = call_target(rs, name, &err, &errlen, scratch);

	if (info)
		memset(info, 0, sizeof *info);
	if (!r)
		return GISA_ENOTFOUND;
	if (!doc || !out)
		return GISA_EINVAL;
	if (!r->sections.n) {
		snprintf(err, errlen, "rule %s has no discover function", name);
		return GISA_EINVAL;
	}
	if ((rc = ensure_state(rs, r, err, errlen)) < 0)
		return rc;
	c.r = r;
	c.doc = doc;
	rc = call_in_state(r, discover_protected, &c, msg, sizeof msg);
	if (rc < 0) {
		snprintf(err, errlen, "rule %s: %s", name, msg);
		rc = GISA_ERULE;
		goto out;
	}
	if (c.oom) {
		rc = GISA_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < c.urls.n; i++)
		if (gisa_strv_push(out, c.urls.v[i]) < 0) {
			rc = GISA_ENOMEM;
			goto out;
		}
	rc = (int)c.urls.n;
	if (info) {
		info->junk = c.junk;
		info->over = c.over;
	}
out:
	gisa_strv_clear(&c.urls);
	return rc;
}
