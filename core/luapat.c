/* luapat.c - gisa's own implementation of Lua's pattern language and of
 * string.find, match, gmatch and gsub, with a step budget (see luapat.h).
 *
 * Written for gisa from the Lua 5.4 reference manual (6.4 for the four
 * functions, 6.4.1 for patterns). Where the manual is silent (the text of
 * the errors, when a malformed pattern is noticed, the nesting limit),
 * the behaviour is the real library's as seen from outside:
 * tests/unit/test_luapat.c runs both side by side on thousands of cases.
 *
 * Design. A pattern is compiled once into an array of items: a literal
 * run, a one-byte class (a 256-bit set: a literal, '.', %x or [set]) with
 * its quantifier, a capture mark, %b, %f, a back-reference, '$', the end.
 * Compiled patterns are cached per Lua state in a table keyed by the
 * pattern string, so a rule's `clean` list compiles once per state. The
 * matcher walks the items and recurses only where it must choose (a
 * quantifier that matched something). An unanchored search skips ahead
 * to the bytes a match can start with (memchr for a literal).
 *
 * Budget. Steps are counted as the matcher goes: one per item tried, one
 * per byte a quantifier takes or gives back, one per 16 bytes compared
 * or skipped in bulk; every GISA_LUAPAT_CHUNK steps, and at the end of
 * each call, the charge function gets them (it may raise a Lua error).
 *
 * Two behaviours of Lua's matcher are kept on purpose, because rules and
 * the differential test can see them:
 * - A malformed pattern is an error only if matching reaches the bad
 *   spot: string.find("abc", "x[") is nil, string.find("xbc", "x[") an
 *   error. The compiler therefore ends the items with an OP_FAIL carrying
 *   the message, raised when the matcher gets there.
 * - Lua limits its recursion to 200 levels ("pattern too complex"); a
 *   level is a capture mark passed or a quantifier that matched at least
 *   once. Each item stores the marks before it, the matcher counts its
 *   own recursion, and the sum gives the same error at the same place.
 */
#include "luapat.h"

#include <ctype.h>
#include <lauxlib.h>
#include <stdint.h>
#include <string.h>

#define MAX_CAPS 32          /* as Lua's LUA_MAXCAPTURES */
#define MAX_LEVELS 200       /* Lua's nesting limit */
#define CACHE_MAX 64         /* compiled patterns per cache table */
#define CACHE_PAT_MAX 512    /* longer patterns are compiled per call */

/* ---- compiled patterns ---- */

enum op {
	OP_END,         /* success */
	OP_EOS,         /* '$' as the last character: end of subject */
	OP_STR,         /* literal bytes (len at off); set = first byte */
	OP_ONE,         /* one byte of set */
	OP_STAR,        /* set*, greedy */
	OP_PLUS,        /* set+, greedy */
	OP_MINUS,       /* set-, lazy */
	OP_OPT,         /* set? */
	OP_OPEN,        /* '(' of capture a */
	OP_POS,         /* '()': position capture a */
	OP_CLOSE,       /* ')' of capture a */
	OP_BAL,         /* %b with open a, close b */
	OP_FRONT,       /* %f[set] */
	OP_BREF,        /* %1..%9: capture a again */
	OP_FAIL,        /* malformed here: error a (argument len) */
};

enum fail {
	F_PERCENT, F_BRACKET, F_FRONTIER, F_BALANCE, F_INDEX, F_CLOSE,
	F_MANY,
};

static const char *const FAIL_TEXT[] = {
	[F_PERCENT] = "malformed pattern (ends with '%%')",
	[F_BRACKET] = "malformed pattern (missing ']')",
	[F_FRONTIER] = "missing '[' after '%%f' in pattern",
	[F_BALANCE] = "malformed pattern (missing arguments to '%%b')",
	[F_INDEX] = "invalid capture index %%%d",
	[F_CLOSE] = "invalid pattern capture",
	[F_MANY] = "too many captures",
};

typedef uint8_t byteset[32];

#define IN(set, c) (((set)[(uint8_t)(c) >> 3] >> ((uint8_t)(c) & 7)) & 1)

struct item {
	uint8_t op;
	uint8_t a, b;   /* see enum op */
	uint8_t any;    /* set holds every byte */
	int levels;     /* capture marks before this item (Lua's nesting) */
	size_t len, off;
	byteset set;
};

struct prog {
	int anchor;           /* leading '^' (not for gmatch) */
	int ncap;             /* captures the pattern opens */
	uint32_t unclosed;    /* bit i: capture i has no ')' */
	uint32_t positions;   /* bit i: capture i is '()' */
	const struct item *lead; /* a byte every match starts with, or NULL */
	const char *bytes;    /* OP_STR text */
	const char *pat;      /* the pattern itself (np bytes) */
	size_t np;
	int nitems;
	struct item it[];
};

/* find and match look a pattern up by its address first (Lua strings
 * do not move), then check the bytes: a table look-up costs as much as
 * matching a short anchored pattern. A slot points into cache table 0,
 * so it is emptied with it. */
#define NSLOTS 32

struct slot {
	const char *p;
	size_t np;
	const struct prog *pg;
};

/* Per-state data, upvalue 1 of every function. */
struct lpstate {
	gisa_luapat_charge charge;
	int cached[2];        /* entries in cache tables 0 and 1 */
	uint8_t isclass[26];  /* %a..%z: 1 if a class letter */
	byteset cls[26];      /* its bytes (C locale at install) */
	struct slot slots[NSLOTS];
};

/* ---- the compiler ---- */

/* Compiling runs twice: once to count (items and bytes NULL), once to
 * fill a block of exactly that size. */
struct comp {
	const struct lpstate *st;
	const char *p;
	size_t np;
	struct item *items;
	char *bytes;
	int n;                /* items so far */
	size_t nb;            /* bytes so far */
	int ncap, levels;
	int open[MAX_CAPS], nopen;
	uint32_t unclosed, positions;
	struct item scratch;
};

static struct item *emit(struct comp *c, int op)
{
	struct item *it = c->items ? &c->items[c->n] : &c->scratch;

	memset(it, 0, sizeof *it);
	it->op = (uint8_t)op;
	it->levels = c->levels;
	c->n++;
	return it;
}

static void fail(struct comp *c, int code, int arg)
{
	struct item *it = emit(c, OP_FAIL);

	it->a = (uint8_t)code;
	it->len = (size_t)arg;
}

static void set_add(byteset set, uint8_t c)
{
	set[c >> 3] |= (uint8_t)(1u << (c & 7));
}

/* %x inside or outside a set: a class letter, its complement in upper
 * case, anything else the byte itself. */
static void set_class(const struct lpstate *st, byteset set, uint8_t x)
{
	int k = tolower(x) - 'a';

	if (k < 0 || k >= 26 || !st->isclass[k]) {
		set_add(set, x);
		return;
	}
	for (int i = 0; i < 32; i++)
		set[i] |= isupper(x) ? (uint8_t)~st->cls[k][i] : st->cls[k][i];
}

/* Where a set that opens at p[i] == '[' ends (index past its ']'), or 0
 * when it has none. The first member may be ']' itself; "%x" is a member
 * of two bytes wherever it is. */
static size_t set_end(const char *p, size_t np, size_t i)
{
	int first = 1;

	i++;
	if (i < np && p[i] == '^')
		i++;
	for (;; first = 0) {
		if (i >= np)
			return 0;
		if (!first && p[i] == ']')
			return i + 1;
		i += (p[i] == '%' && i + 1 < np) ? 2 : 1;
	}
}

/* The members between from and the closing ']' at close. */
static void set_fill(const struct lpstate *st, byteset set, const char *p,
		     size_t from, size_t close)
{
	int neg = p[from] == '^';
	size_t i = from + neg;

	while (i < close) {
		uint8_t c = (uint8_t)p[i];
		if (c == '%') {
			set_class(st, set, (uint8_t)p[i + 1]);
			i += 2;
		} else if (i + 2 < close && p[i + 1] == '-') {
			for (unsigned x = c; x <= (uint8_t)p[i + 2]; x++)
				set_add(set, (uint8_t)x);
			i += 3;
		} else {
			set_add(set, c);
			i++;
		}
	}
	if (neg)
		for (int k = 0; k < 32; k++)
			set[k] = (uint8_t)~set[k];
}

/* One single-byte class at p[*i] into set; returns 0 or an F_ code. */
static int single(struct comp *c, size_t *i, byteset set)
{
	const char *p = c->p;
	size_t e;

	memset(set, 0, sizeof(byteset));
	switch (p[*i]) {
	case '%':
		if (*i + 1 >= c->np)
			return F_PERCENT + 1;
		set_class(c->st, set, (uint8_t)p[*i + 1]);
		*i += 2;
		return 0;
	case '.':
		memset(set, 0xff, sizeof(byteset));
		*i += 1;
		return 0;
	case '[':
		e = set_end(p, c->np, *i);
		if (!e)
			return F_BRACKET + 1;
		set_fill(c->st, set, p, *i + 1, e - 1);
		*i = e;
		return 0;
	default:
		set_add(set, (uint8_t)p[*i]);
		*i += 1;
		return 0;
	}
}

/* The one byte in set, or -1 when it holds none or several. */
static int only_byte(const byteset set)
{
	int b = -1;

	for (int k = 0; k < 32; k++) {
		if (!set[k])
			continue;
		if (b >= 0 || (set[k] & (set[k] - 1)))
			return -1;
		b = k * 8 + __builtin_ctz(set[k]);
	}
	return b;
}

/* A one-byte item without quantifier: a literal joins the run before it. */
static void literal(struct comp *c, uint8_t ch)
{
	struct item *last = c->items && c->n ? &c->items[c->n - 1] : NULL;
	int grow = c->items ? last && last->op == OP_STR :
		c->n && c->scratch.op == OP_STR;

	if (grow) {
		if (last)
			last->len++;
	} else {
		struct item *it = emit(c, OP_STR);
		it->off = c->nb;
		it->len = 1;
		set_add(it->set, ch);
	}
	if (c->bytes)
		c->bytes[c->nb] = (char)ch;
	c->nb++;
}

/* A class item and the quantifier after it. */
static int class_item(struct comp *c, size_t *i)
{
	byteset set;
	int e = single(c, i, set), op, b;
	struct item *it;

	if (e)
		return e;
	switch (*i < c->np ? c->p[*i] : 0) {
	case '*': op = OP_STAR; break;
	case '+': op = OP_PLUS; break;
	case '-': op = OP_MINUS; break;
	case '?': op = OP_OPT; break;
	default: op = OP_ONE;
	}
	if (op != OP_ONE)
		*i += 1;
	else if ((b = only_byte(set)) >= 0) {
		literal(c, (uint8_t)b);
		return 0;
	}
	it = emit(c, op);
	memcpy(it->set, set, sizeof set);
	it->any = 1;
	for (int k = 0; k < 32; k++)
		it->any &= set[k] == 0xff;
	return 0;
}

static int capture_open(struct comp *c, size_t *i)
{
	struct item *it;

	if (c->ncap >= MAX_CAPS)
		return F_MANY + 1;
	if (*i + 1 < c->np && c->p[*i + 1] == ')') {
		it = emit(c, OP_POS);
		c->positions |= 1u << c->ncap;
		*i += 2;
	} else {
		it = emit(c, OP_OPEN);
		c->open[c->nopen++] = c->ncap;
		c->unclosed |= 1u << c->ncap;
		*i += 1;
	}
	it->a = (uint8_t)c->ncap++;
	c->levels++;
	return 0;
}

static int capture_close(struct comp *c, size_t *i)
{
	struct item *it;
	int k;

	if (!c->nopen)
		return F_CLOSE + 1;
	k = c->open[--c->nopen];
	c->unclosed &= ~(1u << k);
	it = emit(c, OP_CLOSE);
	it->a = (uint8_t)k;
	c->levels++;
	*i += 1;
	return 0;
}

/* %b, %f or %1..%9 at p[*i]; returns -1 when p[*i + 1] is none of them
 * (a class escape), else 0 or an F_ code + 1 (*arg for F_INDEX). */
static int escape(struct comp *c, size_t *i, int *arg)
{
	const char *p = c->p;
	char x = *i + 1 < c->np ? p[*i + 1] : 0;
	struct item *it;
	size_t e;

	if (x == 'b') {
		if (*i + 3 >= c->np)
			return F_BALANCE + 1;
		it = emit(c, OP_BAL);
		it->a = (uint8_t)p[*i + 2];
		it->b = (uint8_t)p[*i + 3];
		*i += 4;
	} else if (x == 'f') {
		*i += 2;
		if (*i >= c->np || p[*i] != '[')
			return F_FRONTIER + 1;
		if (!(e = set_end(p, c->np, *i)))
			return F_BRACKET + 1;
		it = emit(c, OP_FRONT);
		set_fill(c->st, it->set, p, *i + 1, e - 1);
		*i = e;
	} else if (x >= '0' && x <= '9') {
		int k = x - '1';
		if (k < 0 || k >= c->ncap || (c->unclosed >> k & 1)) {
			*arg = k + 1;
			return F_INDEX + 1;
		}
		it = emit(c, OP_BREF);
		it->a = (uint8_t)k;
		*i += 2;
	} else {
		return -1;
	}
	return 0;
}

static int item(struct comp *c, size_t *i, int *arg)
{
	int e;

	switch (c->p[*i]) {
	case '(':
		return capture_open(c, i);
	case ')':
		return capture_close(c, i);
	case '$':
		if (*i + 1 == c->np) {
			emit(c, OP_EOS);
			*i += 1;
			return 0;
		}
		break;
	case '%':
		if ((e = escape(c, i, arg)) >= 0)
			return e;
		break;
	}
	return class_item(c, i);
}

/* Compile p[from..np) into c (count or fill). */
static void compile_run(struct comp *c, size_t from)
{
	size_t i = from;

	while (i < c->np) {
		int arg = 0, e = item(c, &i, &arg);
		if (e) {
			fail(c, e - 1, arg);
			return;
		}
	}
	emit(c, OP_END);
}

/* The item every match must begin with, past the capture marks. */
static const struct item *find_lead(const struct prog *pg)
{
	for (int k = 0; k < pg->nitems; k++) {
		int op = pg->it[k].op;
		if (op == OP_OPEN || op == OP_POS)
			continue;
		if (op == OP_STR || op == OP_ONE || op == OP_PLUS)
			return &pg->it[k];
		return NULL;
	}
	return NULL;
}

/* Compile pattern p (gmatch: '^' is no anchor) into a new userdata left
 * on the stack. */
static struct prog *compile(lua_State *L, const struct lpstate *st,
			    const char *p, size_t np, int gmatch)
{
	struct comp c = { .st = st, .p = p, .np = np };
	size_t from = !gmatch && np && p[0] == '^', head;
	struct prog *pg;

	compile_run(&c, from);
	head = sizeof *pg + (size_t)c.n * sizeof(struct item);
	pg = lua_newuserdatauv(L, head + c.nb + np, 0);
	memset(pg, 0, head);
	c = (struct comp){ .st = st, .p = p, .np = np, .items = pg->it,
			   .bytes = (char *)pg + head };
	compile_run(&c, from);
	pg->anchor = (int)from;
	pg->ncap = c.ncap;
	pg->unclosed = c.unclosed;
	pg->positions = c.positions;
	pg->bytes = c.bytes;
	pg->pat = memcpy(c.bytes + c.nb, p, np);
	pg->np = np;
	pg->nitems = c.n;
	pg->lead = find_lead(pg);
	return pg;
}

/* ---- the matcher ---- */

struct ms {
	lua_State *L;
	const struct lpstate *st;
	const struct prog *pg;
	const char *src, *end;  /* the subject */
	long steps;             /* not yet charged */
	/* the pattern's captures, copied: pushing them allocates, and that
	 * may run code that frees a pattern not pinned on the stack */
	int ncap;
	uint32_t unclosed, positions;
	struct {
		const char *at;
		size_t len;
	} cap[MAX_CAPS];
};

static void settle(struct ms *m)
{
	long n = m->steps;

	m->steps = 0;
	if (n && m->st->charge)
		m->st->charge(m->L, n);
}

static inline void tick(struct ms *m, long n)
{
	if ((m->steps += n) >= GISA_LUAPAT_CHUNK)
		settle(m);
}

/* Entering item next at recursion depth rec: Lua's level is one for the
 * outer call, one per recursion and one per capture mark passed. */
static inline void nest(struct ms *m, int rec, const struct item *next)
{
	if (1 + rec + next->levels > MAX_LEVELS)
		luaL_error(m->L, "pattern too complex");
}

static void raise_fail(struct ms *m, const struct item *it)
{
	settle(m);
	luaL_error(m->L, FAIL_TEXT[it->a], (int)it->len);
}

/* Could item it begin at s? Only for items that need a byte; others say
 * yes. Saves a call per position a quantifier gives back. */
static inline int may_start(const struct ms *m, const struct item *it,
			    const char *s)
{
	if (it->op != OP_STR && it->op != OP_ONE && it->op != OP_PLUS)
		return 1;
	return s < m->end && IN(it->set, *s);
}

static const char *match(struct ms *m, const char *s, const struct item *it,
			 int rec);

/* set* or set+ where s[0] is in set: the longest run first. */
static const char *greedy(struct ms *m, const char *s, const struct item *it,
			  int rec)
{
	const struct item *next = it + 1;
	size_t min = it->op == OP_PLUS, n = 1;
	const char *r;

	if (it->any) {
		n = (size_t)(m->end - s);
	} else {
		while (s + n < m->end && IN(it->set, s[n]))
			n++;
	}
	tick(m, (long)n);
	nest(m, rec + 1, next);
	if (next->op == OP_END)
		return s + n;
	if (next->op == OP_EOS)
		return s + n == m->end ? m->end : NULL;
	for (size_t i = n;; i--) {
		if (may_start(m, next, s + i) &&
		    (r = match(m, s + i, next, rec + 1)) != NULL)
			return r;
		if (i == min)
			return NULL;
		tick(m, 1);
	}
}

/* set- where s[0] is in set: the shortest run first. */
static const char *lazy(struct ms *m, const char *s, const struct item *it,
			int rec)
{
	const struct item *next = it + 1;
	const char *r;

	nest(m, rec + 1, next);
	for (;;) {
		if (may_start(m, next, s) &&
		    (r = match(m, s, next, rec + 1)) != NULL)
			return r;
		if (s == m->end || !IN(it->set, *s))
			return NULL;
		s++;
		tick(m, 1);
	}
}

static const char *balance(struct ms *m, const char *s, const struct item *it)
{
	int depth = 1;
	const char *p;

	if (s == m->end || (uint8_t)*s != it->a)
		return NULL;
	for (p = s + 1; p < m->end; p++) {
		if ((uint8_t)*p == it->b) {
			if (--depth == 0)
				break;
		} else if ((uint8_t)*p == it->a) {
			depth++;
		}
	}
	tick(m, (long)(p - s));
	return p < m->end ? p + 1 : NULL;
}

/* The subject's ends count as a NUL byte. */
static int frontier(const struct ms *m, const char *s, const struct item *it)
{
	uint8_t before = s > m->src ? (uint8_t)s[-1] : 0;
	uint8_t here = s < m->end ? (uint8_t)*s : 0;

	return !IN(it->set, before) && IN(it->set, here);
}

/* A position capture is never matched again. */
static const char *backref(struct ms *m, const char *s, const struct item *it)
{
	size_t n = m->cap[it->a].len;

	if (m->positions >> it->a & 1)
		return NULL;
	tick(m, (long)(n / 16));
	if ((size_t)(m->end - s) < n || memcmp(s, m->cap[it->a].at, n) != 0)
		return NULL;
	return s + n;
}

/* Match the items from it on at s; the end of the match or NULL. Captures
 * need no undoing on failure: a capture's start and length are only read
 * past its marks, and every path there passes them again. */
static const char *match(struct ms *m, const char *s, const struct item *it,
			 int rec)
{
	const char *r;

	for (;; it++) {
		tick(m, 1);
		switch (it->op) {
		case OP_END:
			return s;
		case OP_EOS:
			return s == m->end ? s : NULL;
		case OP_STR:
			if ((size_t)(m->end - s) < it->len ||
			    memcmp(s, m->pg->bytes + it->off, it->len) != 0)
				return NULL;
			tick(m, (long)(it->len / 16));
			s += it->len;
			break;
		case OP_ONE:
			if (s == m->end || !IN(it->set, *s))
				return NULL;
			s++;
			break;
		case OP_OPT:
			if (s < m->end && IN(it->set, *s)) {
				nest(m, rec + 1, it + 1);
				if ((r = match(m, s + 1, it + 1, rec + 1)))
					return r;
			}
			break;
		case OP_STAR:
		case OP_PLUS:
			if (s < m->end && IN(it->set, *s))
				return greedy(m, s, it, rec);
			if (it->op == OP_PLUS)
				return NULL;
			break;
		case OP_MINUS:
			if (s < m->end && IN(it->set, *s))
				return lazy(m, s, it, rec);
			break;
		case OP_OPEN:
		case OP_POS:
			m->cap[it->a].at = s;
			nest(m, rec, it + 1);
			break;
		case OP_CLOSE:
			m->cap[it->a].len = (size_t)(s - m->cap[it->a].at);
			nest(m, rec, it + 1);
			break;
		case OP_BAL:
			if (!(s = balance(m, s, it)))
				return NULL;
			break;
		case OP_FRONT:
			if (!frontier(m, s, it))
				return NULL;
			break;
		case OP_BREF:
			if (!(s = backref(m, s, it)))
				return NULL;
			break;
		default:
			raise_fail(m, it);
		}
	}
}

/* The first position from s on where a match could start, or NULL. */
static const char *next_start(struct ms *m, const char *s)
{
	const struct item *lead = m->pg->lead;
	const char *p = s;

	if (!lead || m->pg->anchor)
		return s;
	if (lead->op == OP_STR) {
		p = memchr(s, (uint8_t)m->pg->bytes[lead->off],
			   (size_t)(m->end - s));
	} else {
		while (p < m->end && !IN(lead->set, *p))
			p++;
		if (p == m->end)
			p = NULL;
	}
	tick(m, (long)(((p ? p : m->end) - s) / 16));
	return p;
}

static void ms_init(struct ms *m, lua_State *L, const struct lpstate *st,
		    const struct prog *pg, const char *s, size_t ls)
{
	m->L = L;
	m->st = st;
	m->pg = pg;
	m->src = s;
	m->end = s + ls;
	m->steps = 0;
	if (pg) {
		m->ncap = pg->ncap;
		m->unclosed = pg->unclosed;
		m->positions = pg->positions;
	}
}

/* The first match at or after s (only at s when anchored): its start in
 * *at and its end, or NULL. lastmatch: an end a match must not have (the
 * end of the previous one, so an empty match cannot repeat), or NULL. */
static const char *search(struct ms *m, const char *s, const char **at,
			  const char *lastmatch)
{
	const char *e;

	for (;;) {
		if (!(s = next_start(m, s)))
			return NULL;
		e = match(m, s, m->pg->it, 0);
		if (e && e != lastmatch) {
			*at = s;
			return e;
		}
		if (m->pg->anchor || s == m->end)
			return NULL;
		s++;
	}
}

/* ---- captures to Lua values ---- */

/* Push capture i of the match s..e; with no captures, %1 (i == 0) is the
 * whole match. */
static void push_cap(struct ms *m, int i, const char *s, const char *e)
{
	if (i >= m->ncap) {
		if (i != 0)
			luaL_error(m->L, "invalid capture index %%%d", i + 1);
		lua_pushlstring(m->L, s, (size_t)(e - s));
	} else if (m->unclosed >> i & 1) {
		luaL_error(m->L, "unfinished capture");
	} else if (m->positions >> i & 1) {
		lua_pushinteger(m->L, m->cap[i].at - m->src + 1);
	} else {
		lua_pushlstring(m->L, m->cap[i].at, m->cap[i].len);
	}
}

/* Push every capture (or the whole match when there are none and whole
 * is set); returns how many. */
static int push_caps(struct ms *m, const char *s, const char *e, int whole)
{
	int n = m->ncap == 0 && whole ? 1 : m->ncap;

	luaL_checkstack(m->L, n, "too many captures");
	for (int i = 0; i < n; i++)
		push_cap(m, i, s, e);
	return n;
}

/* ---- the cache ---- */

static struct lpstate *state(lua_State *L)
{
	return lua_touserdata(L, lua_upvalueindex(1));
}

static struct slot *slot_of(struct lpstate *st, const char *p)
{
	return &st->slots[((uintptr_t)p >> 4) % NSLOTS];
}

/* Empty cache table tab (a rule that makes patterns on the fly). */
static void cache_clear(lua_State *L, struct lpstate *st, int tab)
{
	lua_pushnil(L);
	while (lua_next(L, tab)) {
		lua_pop(L, 1);
		lua_pushvalue(L, -1);
		lua_pushnil(L);
		lua_rawset(L, tab);
	}
	if (tab == lua_upvalueindex(2))
		memset(st->slots, 0, sizeof st->slots);
}

/* The compiled form of the pattern p (np bytes, at index pi), pushed on
 * the stack: callers that run Lua code while they use it (gsub's
 * callbacks, gmatch) keep it there, as the cache may be emptied. Table 0
 * is for find, match and gsub, table 1 for gmatch. */
static const struct prog *get_prog(lua_State *L, struct lpstate *st, int pi,
				   const char *p, size_t np, int gmatch)
{
	int tab = lua_upvalueindex(2 + gmatch);
	const struct prog *pg;

	lua_pushvalue(L, pi);
	if (lua_rawget(L, tab) == LUA_TUSERDATA) {
		pg = lua_touserdata(L, -1);
		goto out;
	}
	lua_pop(L, 1);
	pg = compile(L, st, p, np, gmatch);
	/* compiling is work too: a long pattern is compiled on every call */
	if (st->charge)
		st->charge(L, (long)(np / 16) + 1);
	if (np > CACHE_PAT_MAX)
		return pg;
	if (st->cached[gmatch] >= CACHE_MAX) {
		cache_clear(L, st, tab);
		st->cached[gmatch] = 0;
	}
	lua_pushvalue(L, pi);
	lua_pushvalue(L, -2);
	lua_rawset(L, tab);
	st->cached[gmatch]++;
out:
	if (!gmatch)
		*slot_of(st, p) = (struct slot){ p, np, pg };
	return pg;
}

/* get_prog for callers that run no Lua code while matching (find and
 * match): a slot hit pushes nothing. */
static const struct prog *quick_prog(lua_State *L, struct lpstate *st,
				     const char *p, size_t np)
{
	const struct slot *sl = slot_of(st, p);

	if (sl->p == p && sl->np == np && memcmp(sl->pg->pat, p, np) == 0)
		return sl->pg;
	return get_prog(L, st, 2, p, np, 0);
}

/* ---- find and match ---- */

/* A 1-based start from Lua's init argument (negative: from the end). */
static size_t start_at(lua_Integer init, size_t len)
{
	if (init > 0)
		return (size_t)init;
	if (init == 0 || init < -(lua_Integer)len)
		return 1;
	return len - (size_t)-init + 1;
}

/* find does a plain search when the pattern has none of these (an
 * embedded NUL does not end it). */
static const uint8_t MAGIC[256] = {
	['^'] = 1, ['$'] = 1, ['*'] = 1, ['+'] = 1, ['?'] = 1, ['.'] = 1,
	['('] = 1, ['['] = 1, ['%'] = 1, ['-'] = 1,
};

static int is_plain(const char *p, size_t np)
{
	for (size_t i = 0; i < np; i++)
		if (MAGIC[(uint8_t)p[i]])
			return 0;
	return 1;
}

/* Plain search, charged per candidate and for the bytes compared. */
static const char *plain_find(struct ms *m, const char *s, size_t ls,
			      const char *w, size_t lw)
{
	const char *end = s + ls, *c;

	if (lw == 0)
		return s;
	while (lw <= (size_t)(end - s) &&
	       (c = memchr(s, (uint8_t)w[0], (size_t)(end - s) - lw + 1))) {
		tick(m, 1 + (long)(lw / 64));
		if (memcmp(c + 1, w + 1, lw - 1) == 0)
			return c;
		s = c + 1;
	}
	return NULL;
}

static int find_plain(lua_State *L, struct ms *m, size_t init, size_t ls)
{
	size_t lw;
	const char *w = lua_tolstring(L, 2, &lw);
	const char *r = plain_find(m, m->src + init, ls - init, w, lw);

	settle(m);
	if (!r) {
		luaL_pushfail(L);
		return 1;
	}
	lua_pushinteger(L, r - m->src + 1);
	lua_pushinteger(L, (lua_Integer)(r - m->src + (ptrdiff_t)lw));
	return 2;
}

static int find_or_match(lua_State *L, int find)
{
	size_t ls, lp;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	size_t init = start_at(luaL_optinteger(L, 3, 1), ls) - 1;
	struct lpstate *st = state(L);
	const struct prog *pg;
	struct ms m;
	const char *at, *e;

	if (init > ls) {
		luaL_pushfail(L);
		return 1;
	}
	if (find && (lua_toboolean(L, 4) || is_plain(p, lp))) {
		ms_init(&m, L, st, NULL, s, ls);
		return find_plain(L, &m, init, ls);
	}
	pg = quick_prog(L, st, p, lp);
	ms_init(&m, L, st, pg, s, ls);
	e = search(&m, s + init, &at, NULL);
	settle(&m);
	if (!e) {
		luaL_pushfail(L);
		return 1;
	}
	if (!find)
		return push_caps(&m, at, e, 1);
	lua_pushinteger(L, at - s + 1);
	lua_pushinteger(L, e - s);
	return 2 + push_caps(&m, at, e, 0);
}

static int l_find(lua_State *L)
{
	return find_or_match(L, 1);
}

static int l_match(lua_State *L)
{
	return find_or_match(L, 0);
}

/* ---- gmatch ---- */

struct gm {
	size_t pos;      /* where the next search starts */
	size_t last;     /* end of the last match, or SIZE_MAX */
};

/* Upvalues: 1 the state, 2 the subject, 3 the compiled pattern, 4 the
 * struct gm. */
static int gmatch_next(lua_State *L)
{
	size_t ls;
	const char *s = lua_tolstring(L, lua_upvalueindex(2), &ls);
	struct gm *g = lua_touserdata(L, lua_upvalueindex(4));
	struct ms m;
	const char *at, *e;

	ms_init(&m, L, state(L), lua_touserdata(L, lua_upvalueindex(3)), s,
		ls);
	if (g->pos > ls)
		return 0;
	e = search(&m, s + g->pos, &at,
		   g->last == SIZE_MAX ? NULL : s + g->last);
	settle(&m);
	if (!e) {
		g->pos = ls + 1; /* done: stay done */
		return 0;
	}
	g->pos = g->last = (size_t)(e - s);
	return push_caps(&m, at, e, 1);
}

static int l_gmatch(lua_State *L)
{
	size_t ls, init;
	struct gm *g;

	luaL_checklstring(L, 1, &ls);
	luaL_checklstring(L, 2, NULL);
	init = start_at(luaL_optinteger(L, 3, 1), ls) - 1;
	lua_settop(L, 2);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushvalue(L, 1);
	get_prog(L, state(L), 2, lua_tostring(L, 2), lua_rawlen(L, 2), 1);
	g = lua_newuserdatauv(L, sizeof *g, 0);
	g->pos = init > ls ? ls + 1 : init; /* past the end: nothing */
	g->last = SIZE_MAX;
	lua_pushcclosure(L, gmatch_next, 4);
	return 1;
}

/* ---- gsub ---- */

/* Capture i (see push_cap) appended to b. */
static void add_cap(struct ms *m, luaL_Buffer *b, int i, const char *s,
		    const char *e)
{
	if (i < m->ncap && !((m->unclosed | m->positions) >> i & 1)) {
		luaL_addlstring(b, m->cap[i].at, m->cap[i].len);
		return;
	}
	push_cap(m, i, s, e);
	luaL_addvalue(b);
}

/* A string replacement: %0 the match, %1..%9 a capture, %% a '%'. */
static void add_text(struct ms *m, luaL_Buffer *b, const char *s,
		     const char *e, const char *r, size_t lr)
{
	const char *end = r + lr, *pc;

	while ((pc = memchr(r, '%', (size_t)(end - r))) != NULL) {
		int x = pc + 1 < end ? (uint8_t)pc[1] : -1;
		luaL_addlstring(b, r, (size_t)(pc - r));
		if (x == '%')
			luaL_addchar(b, '%');
		else if (x == '0')
			luaL_addlstring(b, s, (size_t)(e - s));
		else if (x >= '1' && x <= '9')
			add_cap(m, b, x - '1', s, e);
		else
			luaL_error(m->L, "invalid use of '%%' in replacement "
				   "string");
		r = pc + 2;
	}
	luaL_addlstring(b, r, (size_t)(end - r));
}

/* A table (indexed by the first capture) or a function (called with all
 * of them); false or nil keeps the match. */
static void add_lookup(struct ms *m, luaL_Buffer *b, const char *s,
		       const char *e, int tr)
{
	lua_State *L = m->L;

	if (tr == LUA_TFUNCTION) {
		lua_pushvalue(L, 3);
		lua_call(L, push_caps(m, s, e, 1), 1);
	} else {
		push_cap(m, 0, s, e);
		lua_gettable(L, 3);
	}
	if (!lua_toboolean(L, -1)) {
		lua_pop(L, 1);
		luaL_addlstring(b, s, (size_t)(e - s));
	} else if (!lua_isstring(L, -1)) {
		luaL_error(L, "invalid replacement value (a %s)",
			   luaL_typename(L, -1));
	} else {
		luaL_addvalue(b);
	}
}

static int l_gsub(lua_State *L)
{
	size_t ls, lp, lr = 0;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p;
	struct lpstate *st = state(L);
	int tr;
	lua_Integer max, n = 0;
	const char *r = NULL, *src = s, *last = NULL, *at, *e;
	struct ms m;
	luaL_Buffer b;

	p = luaL_checklstring(L, 2, &lp);
	tr = lua_type(L, 3);
	max = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
	luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING ||
			 tr == LUA_TFUNCTION || tr == LUA_TTABLE, 3,
			 "string/function/table");
	if (tr == LUA_TNUMBER || tr == LUA_TSTRING)
		r = lua_tolstring(L, 3, &lr);
	ms_init(&m, L, st, get_prog(L, st, 2, p, lp, 0), s, ls);
	luaL_buffinit(L, &b);
	/* the subject is copied lazily: up to src is in b already */
	while (n < max && (e = search(&m, last ? last : s, &at, last))) {
		n++;
		luaL_addlstring(&b, src, (size_t)(at - src));
		if (r)
			add_text(&m, &b, at, e, r, lr);
		else
			add_lookup(&m, &b, at, e, tr);
		src = last = e;
		if (m.pg->anchor)
			break;
	}
	settle(&m);
	if (n == 0) {
		lua_pushvalue(L, 1);
	} else {
		luaL_addlstring(&b, src, (size_t)(m.end - src));
		luaL_pushresult(&b);
	}
	lua_pushinteger(L, n);
	return 2;
}

/* ---- installing ---- */

static void init_classes(struct lpstate *st)
{
	static const char letters[] = "acdglpsuwxz";

	for (const char *l = letters; *l; l++) {
		int k = *l - 'a';
		st->isclass[k] = 1;
		for (int c = 0; c < 256; c++) {
			int in;
			switch (*l) {
			case 'a': in = isalpha(c); break;
			case 'c': in = iscntrl(c); break;
			case 'd': in = isdigit(c); break;
			case 'g': in = isgraph(c); break;
			case 'l': in = islower(c); break;
			case 'p': in = ispunct(c); break;
			case 's': in = isspace(c); break;
			case 'u': in = isupper(c); break;
			case 'w': in = isalnum(c); break;
			case 'x': in = isxdigit(c); break;
			default: in = c == 0; break;
			}
			if (in)
				set_add(st->cls[k], (uint8_t)c);
		}
	}
}

void gisa_luapat_install(lua_State *L, gisa_luapat_charge charge)
{
	static const luaL_Reg fns[] = {
		{ "find", l_find },
		{ "match", l_match },
		{ "gmatch", l_gmatch },
		{ "gsub", l_gsub },
		{ NULL, NULL },
	};
	struct lpstate *st = lua_newuserdatauv(L, sizeof *st, 0);

	memset(st, 0, sizeof *st);
	st->charge = charge;
	init_classes(st);
	lua_newtable(L); /* cache for find, match, gsub */
	lua_newtable(L); /* cache for gmatch */
	luaL_setfuncs(L, fns, 3);
}
