/* robots.c - robots.txt parser and matcher (RFC 9309). */
#include "robots.h"
#include "error.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct rule {
	char *pat;      /* normalised, without a final '$' */
	size_t plen;
	size_t prio;    /* length as written (with '*' and '$'): RFC 9309
			 * ranks matches by octets of the pattern */
	int allow;
	int anchored;   /* the pattern ended in '$' */
};

struct ruleset {
	struct rule *v;
	size_t n, cap;
	double delay;
};

struct gisa_robots {
	struct ruleset rules;
	gisa_strv sitemaps;
};

enum key { K_NONE, K_AGENT, K_ALLOW, K_DISALLOW, K_DELAY, K_SITEMAP };

/* Parser state: which kinds of group the lines being read belong to. */
struct parse {
	const char *agent;
	size_t agent_len;
	struct ruleset spec, star;
	int seen_spec;      /* a group names our product token */
	int in_spec, in_star;
	int in_rules;       /* a rule was read since the last user-agent */
	int any_group;
	gisa_strv *sitemaps;
};

static int is_unreserved(int c)
{
	return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Percent-encoding normalisation shared by patterns and paths, so that
 * "/a%62c", "/abc" and "/%61bc" compare equal and "ツ" equals "%E3%83%84".
 * In a path, '*' and '$' are plain characters and get encoded, so that
 * only a pattern's "%2A" and "%24" match them; in a pattern, '*' stays
 * the wildcard and '$' is special only at the very end. out must hold
 * 3 * n + 1 bytes. Returns the length written. */
static size_t pct_normalise(const char *s, size_t n, int is_path, char *out)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int h, l;

		if (c == '%' && i + 2 < n &&
		    (h = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (l = hexval((unsigned char)s[i + 2])) >= 0) {
			int v = h * 16 + l;
			if (is_unreserved(v)) {
				out[o++] = (char)v;
			} else {
				out[o++] = '%';
				out[o++] = hex[h];
				out[o++] = hex[l];
			}
			i += 2;
		} else if (c >= 0x80 || c < 0x21 || (is_path && c == '*') ||
			   (c == '$' && (is_path || i + 1 < n))) {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	return o;
}

static int ruleset_add(struct ruleset *rs, const char *val, size_t n,
		       int allow)
{
	struct rule *r;
	char *pat;
	size_t plen;

	if (rs->n == rs->cap) {
		size_t cap = rs->cap ? rs->cap * 2 : 8;
		struct rule *v = realloc(rs->v, cap * sizeof *v);
		if (!v)
			return GISA_ENOMEM;
		rs->v = v;
		rs->cap = cap;
	}
	pat = malloc(3 * n + 1);
	if (!pat)
		return GISA_ENOMEM;
	plen = pct_normalise(val, n, 0, pat);
	r = &rs->v[rs->n++];
	r->pat = pat;
	r->prio = n;
	r->allow = allow;
	r->anchored = plen > 0 && pat[plen - 1] == '$';
	r->plen = plen - (size_t)r->anchored;
	return 0;
}

static void ruleset_free(struct ruleset *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		free(rs->v[i].pat);
	free(rs->v);
	memset(rs, 0, sizeof *rs);
}

static int keyis(const char *k, size_t n, const char *const *names)
{
	for (; *names; names++)
		if (strlen(*names) == n && strncasecmp(k, *names, n) == 0)
			return 1;
	return 0;
}

static enum key parse_key(const char *k, size_t n)
{
	static const char *const agent[] = { "user-agent", "useragent",
					     "user agent", NULL };
	static const char *const allow[] = { "allow", NULL };
	/* Misspellings Google's parser accepts, seen in real files. */
	static const char *const disallow[] = { "disallow", "dissallow",
		"dissalow", "disalow", "diasllow", "disallaw", NULL };
	static const char *const delay[] = { "crawl-delay", "crawldelay",
					     NULL };
	static const char *const sitemap[] = { "sitemap", "site-map", NULL };

	if (keyis(k, n, agent))
		return K_AGENT;
	if (keyis(k, n, allow))
		return K_ALLOW;
	if (keyis(k, n, disallow))
		return K_DISALLOW;
	if (keyis(k, n, delay))
		return K_DELAY;
	if (keyis(k, n, sitemap))
		return K_SITEMAP;
	return K_NONE;
}

/* A user-agent line: a new group starts when rules came before it. The
 * product token is the leading run of letters, '-' and '_'. */
static void on_agent(struct parse *p, const char *v, size_t n)
{
	size_t t = 0;

	if (p->in_rules || !p->any_group) {
		p->in_spec = p->in_star = 0;
		p->in_rules = 0;
	}
	p->any_group = 1;
	if (n >= 1 && v[0] == '*' && (n == 1 || isspace((unsigned char)v[1]))) {
		p->in_star = 1;
		return;
	}
	while (t < n && (isalpha((unsigned char)v[t]) || v[t] == '-' ||
			 v[t] == '_'))
		t++;
	if (t && t == p->agent_len && strncasecmp(v, p->agent, t) == 0) {
		p->in_spec = 1;
		p->seen_spec = 1;
	}
}

static double parse_delay(const char *v, size_t n)
{
	char tmp[32], *end;
	double d;

	if (n == 0 || n >= sizeof tmp)
		return -1;
	memcpy(tmp, v, n);
	tmp[n] = '\0';
	d = strtod(tmp, &end);
	if (end == tmp || !isfinite(d) || d < 0)
		return -1;
	return d;
}

static int on_member(struct parse *p, enum key k, const char *v, size_t n)
{
	struct ruleset *sets[2] = { p->in_spec ? &p->spec : NULL,
				    p->in_star ? &p->star : NULL };
	int rc;

	if (!p->any_group)
		return 0; /* rules before any user-agent belong to no group */
	p->in_rules = 1;
	for (int i = 0; i < 2; i++) {
		if (!sets[i])
			continue;
		if (k == K_DELAY) {
			double d = parse_delay(v, n);
			if (d >= 0 && d > sets[i]->delay)
				sets[i]->delay = d;
		} else if (n > 0) {
			/* An empty Disallow allows everything: no rule. */
			rc = ruleset_add(sets[i], v, n, k == K_ALLOW);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* Split a comment-free, trimmed line into key and value. Returns 0 when
 * the line is not a key-value pair. */
static int split_line(const char *s, size_t n, const char **k, size_t *kn,
		      const char **v, size_t *vn)
{
	const char *colon = memchr(s, ':', n);
	const char *sep = colon;
	size_t i;

	if (!colon) {
		/* Google accepts "Disallow /x": whitespace instead of a
		 * colon, when exactly two words remain. */
		for (i = 0; i < n && !isspace((unsigned char)s[i]); i++)
			;
		if (i == n)
			return 0;
		sep = s + i;
		for (size_t j = i; j < n; j++)
			if (!isspace((unsigned char)s[j]))
				for (; j < n; j++)
					if (isspace((unsigned char)s[j]))
						return 0;
	}
	*k = s;
	*kn = (size_t)(sep - s);
	while (*kn && isspace((unsigned char)s[*kn - 1]))
		(*kn)--;
	*v = sep + 1;
	*vn = n - (size_t)(*v - s);
	while (*vn && isspace((unsigned char)**v)) {
		(*v)++;
		(*vn)--;
	}
	return *kn > 0;
}

static int parse_line(struct parse *p, const char *s, size_t n)
{
	const char *hash = memchr(s, '#', n), *k, *v;
	size_t kn, vn;
	enum key key;

	if (hash)
		n = (size_t)(hash - s);
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (!n || !split_line(s, n, &k, &kn, &v, &vn))
		return 0;
	key = parse_key(k, kn);
	switch (key) {
	case K_AGENT:
		on_agent(p, v, vn);
		return 0;
	case K_SITEMAP:
		return vn ? gisa_strv_pushn(p->sitemaps, v, vn) : 0;
	case K_ALLOW:
	case K_DISALLOW:
	case K_DELAY:
		return on_member(p, key, v, vn);
	default:
		return 0; /* unknown records neither open nor close groups */
	}
}

/* Longest pattern first; at equal length allow first, so the first
 * match in order is the one RFC 9309 says applies. */
static int rule_cmp(const void *a, const void *b)
{
	const struct rule *x = a, *y = b;

	if (x->prio != y->prio)
		return x->prio > y->prio ? -1 : 1;
	return y->allow - x->allow;
}

int gisa_robots_parse(const char *text, size_t len, const char *agent,
		      gisa_robots **out)
{
	struct parse p = { 0 };
	gisa_robots *r = NULL;
	const char *s = text, *end;
	int rc = GISA_EINVAL;

	if (!out || !agent)
		goto out;
	*out = NULL;
	rc = GISA_ENOMEM;
	r = calloc(1, sizeof *r);
	if (!r)
		goto out;
	if (!text)
		len = 0;
	if (len > GISA_ROBOTS_MAX_SIZE)
		len = GISA_ROBOTS_MAX_SIZE;
	end = text + len;
	p.agent = agent;
	p.agent_len = strlen(agent);
	p.spec.delay = p.star.delay = -1;
	p.sitemaps = &r->sitemaps;
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3;
	while (s < end) {
		const char *e = s;
		while (e < end && *e != '\n' && *e != '\r')
			e++;
		if ((rc = parse_line(&p, s, (size_t)(e - s))) != 0)
			goto out;
		s = e;
		if (s < end && *s == '\r')
			s++;
		if (s < end && *s == '\n')
			s++;
	}
	if (p.seen_spec) {
		r->rules = p.spec;
		memset(&p.spec, 0, sizeof p.spec);
	} else {
		r->rules = p.star;
		memset(&p.star, 0, sizeof p.star);
	}
	if (r->rules.n > 1)
		qsort(r->rules.v, r->rules.n, sizeof *r->rules.v, rule_cmp);
	*out = r;
	r = NULL;
	rc = 0;
out:
	ruleset_free(&p.spec);
	ruleset_free(&p.star);
	gisa_robots_free(r);
	return rc;
}

/* Does pattern p (with '*' wildcards) match a prefix of s, or all of s
 * when anchored? The greedy two-pointer walk backtracks only to the last
 * '*', so it stays near-linear on the patterns real files hold. */
static int glob_match(const char *p, size_t pl, const char *s, size_t sl,
		      int anchored)
{
	size_t pi = 0, si = 0, star = (size_t)-1, mark = 0;

	for (;;) {
		if (pi == pl && (!anchored || si == sl))
			return 1;
		if (pi < pl && p[pi] == '*') {
			star = pi++;
			mark = si;
			continue;
		}
		if (pi < pl && si < sl && p[pi] == s[si]) {
			pi++;
			si++;
			continue;
		}
		if (star == (size_t)-1 || mark >= sl)
			return 0;
		pi = star + 1;
		si = ++mark;
	}
}

int gisa_robots_allowed(const gisa_robots *r, const char *path)
{
	char norm[GISA_ROBOTS_MAX_PATH * 3 + 1];
	size_t n;

	if (!r || !path)
		return 1;
	n = strnlen(path, GISA_ROBOTS_MAX_PATH);
	if (n == 11 && memcmp(path, "/robots.txt", 11) == 0)
		return 1;
	n = pct_normalise(path, n, 1, norm);
	for (size_t i = 0; i < r->rules.n; i++) {
		const struct rule *ru = &r->rules.v[i];
		if (glob_match(ru->pat, ru->plen, norm, n, ru->anchored))
			return ru->allow;
	}
	return 1;
}

double gisa_robots_crawl_delay(const gisa_robots *r)
{
	return r ? r->rules.delay : -1;
}

const gisa_strv *gisa_robots_sitemaps(const gisa_robots *r)
{
	return r ? &r->sitemaps : NULL;
}

size_t gisa_robots_rule_count(const gisa_robots *r)
{
	return r ? r->rules.n : 0;
}

void gisa_robots_free(gisa_robots *r)
{
	if (!r)
		return;
	ruleset_free(&r->rules);
	gisa_strv_clear(&r->sitemaps);
	free(r);
}

int gisa_robots_check(const char *text, size_t len, const char *agent,
		      const char *path)
{
	gisa_robots *r;
	int rc = gisa_robots_parse(text, len, agent, &r);

	if (rc)
		return rc;
	rc = gisa_robots_allowed(r, path);
	gisa_robots_free(r);
	return rc;
}

int gisa_robots_url_path(const char *url, char *out, size_t size)
{
	const char *p = url ? strstr(url, "://") : NULL;
	int n, slash;

	if (!p)
		return GISA_EINVAL;
	p += 3;
	p += strcspn(p, "/?#"); /* skip the authority */
	n = (int)strcspn(p, "#");
	slash = *p != '/'; /* "http://h" or "http://h?q": the path is "/" */
	if (size > 0)
		snprintf(out, size, "%s%.*s", slash ? "/" : "", n, p);
	return slash + n;
}
