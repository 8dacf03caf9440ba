/* text.c - a node's text the way a reader sees it (see text.h).
 *
 * The walk is iterative (parent/next pointers), so deep trees cannot
 * exhaust the stack. Text is built one paragraph at a time in a small
 * state machine: pending space, pending <br> count, and the paragraph so
 * far. Paragraphs are NFC-normalized only when they hold non-ASCII bytes.
 */
#include "text.h"
#include "buf.h"
#include "error.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* K_CELL: a table cell with no block inside (see simple_cell) */
enum kind { K_INLINE, K_BLOCK, K_SKIP, K_BR, K_PRE, K_CELL };

struct tb {
	gisa_buf para;   /* the paragraph being built */
	gisa_strv *out;  /* finished paragraphs */
	int inline_mode; /* blocks and breaks become spaces */
	int space;       /* a collapsed space is pending */
	int breaks;      /* <br>s since the last visible character */
	int pre;         /* depth inside <pre> */
	int added;       /* paragraphs appended */
	int err;
	gisa_text_skip_fn skip; /* caller's filter, may be NULL */
	gisa_text_para_fn recv; /* caller's receiver (else out) */
	void *ud;
	xmlNodePtr root;        /* never offered to skip */
	xmlNodePtr blk;         /* the innermost open block (or root) */
	xmlNodePtr para_blk;    /* the block the paragraph started in */
};

struct kindname {
	const char *name;
	unsigned char kind;
};

/* Every element of every page is looked up, often several times, so
 * this must be cheap: a hash table over the names below, built once.
 * Names not listed are inline. */
static const struct kindname kinds[] = {
	{ "address", K_BLOCK }, { "article", K_BLOCK }, { "aside", K_BLOCK },
	{ "audio", K_SKIP }, { "blockquote", K_BLOCK }, { "body", K_BLOCK },
	{ "br", K_BR }, { "canvas", K_SKIP }, { "caption", K_BLOCK },
	{ "center", K_BLOCK }, { "datalist", K_SKIP }, { "dd", K_BLOCK },
	{ "details", K_BLOCK }, { "dialog", K_BLOCK }, { "dir", K_BLOCK },
	{ "div", K_BLOCK }, { "dl", K_BLOCK }, { "dt", K_BLOCK },
	{ "embed", K_SKIP }, { "fieldset", K_BLOCK },
	{ "figcaption", K_BLOCK }, { "figure", K_BLOCK },
	{ "footer", K_BLOCK }, { "form", K_BLOCK }, { "frameset", K_BLOCK },
	{ "h1", K_BLOCK }, { "h2", K_BLOCK }, { "h3", K_BLOCK },
	{ "h4", K_BLOCK }, { "h5", K_BLOCK }, { "h6", K_BLOCK },
	{ "head", K_SKIP }, { "header", K_BLOCK }, { "hgroup", K_BLOCK },
	{ "hr", K_BLOCK }, { "html", K_BLOCK }, { "iframe", K_SKIP },
	{ "legend", K_BLOCK }, { "li", K_BLOCK }, { "link", K_SKIP },
	{ "listing", K_PRE }, { "main", K_BLOCK }, { "math", K_SKIP },
	{ "menu", K_BLOCK }, { "meta", K_SKIP }, { "nav", K_BLOCK },
	{ "noframes", K_BLOCK }, { "noscript", K_SKIP },
	{ "object", K_SKIP }, { "ol", K_BLOCK }, { "option", K_BLOCK },
	{ "p", K_BLOCK }, { "pre", K_PRE }, { "script", K_SKIP },
	{ "section", K_BLOCK }, { "select", K_SKIP }, { "style", K_SKIP },
	{ "summary", K_BLOCK }, { "svg", K_SKIP }, { "table", K_BLOCK },
	{ "tbody", K_BLOCK }, { "td", K_BLOCK }, { "template", K_SKIP },
	{ "tfoot", K_BLOCK }, { "th", K_BLOCK }, { "thead", K_BLOCK },
	{ "title", K_SKIP }, { "tr", K_BLOCK }, { "ul", K_BLOCK },
	{ "video", K_SKIP },
};

#define KIND_SLOTS 256 /* a power of two, well above the names' count */
static unsigned char kind_slot[KIND_SLOTS]; /* 1 + index in kinds */
static pthread_once_t kind_once = PTHREAD_ONCE_INIT;

static unsigned name_hash(const char *s)
{
	unsigned h = 0;

	for (; *s; s++)
		h = h * 31u + (unsigned char)*s;
	return h & (KIND_SLOTS - 1);
}

static void kind_build(void)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		unsigned h = name_hash(kinds[i].name);
		while (kind_slot[h])
			h = (h + 1) & (KIND_SLOTS - 1);
		kind_slot[h] = (unsigned char)(i + 1);
	}
}

static enum kind element_kind(const char *name)
{
	/* The commonest inline elements, before any search. */
	if ((name[0] == 'a' || name[0] == 'b' || name[0] == 'i') && !name[1])
		return K_INLINE;
	pthread_once(&kind_once, kind_build);
	for (unsigned h = name_hash(name); kind_slot[h];
	     h = (h + 1) & (KIND_SLOTS - 1)) {
		const struct kindname *k = &kinds[kind_slot[h] - 1];
		if (k->name[0] == name[0] && strcmp(k->name, name) == 0)
			return (enum kind)k->kind;
	}
	return K_INLINE;
}

/* An empty inline element named a line break by its class ("<span
 * class="id-r-component br"></span>"): some CMSs write their line breaks
 * that way and let a style sheet render them. Only an element with
 * nothing inside can be one: its class is all it has to show. */
static int class_break(xmlNodePtr n)
{
	static const char *const words[] = { "br", "linebreak", "line-break",
					     NULL };
	const char *v = NULL;

	if (n->children)
		return 0;
	for (xmlAttrPtr a = n->properties; a && !v; a = a->next)
		if (!strcmp((const char *)a->name, "class") && a->children)
			v = (const char *)a->children->content;
	while (v && *v) {
		size_t len = 0;
		while (*v == ' ' || *v == '\t' || *v == '\n')
			v++;
		while (v[len] && v[len] != ' ' && v[len] != '\t' &&
		       v[len] != '\n')
			len++;
		for (const char *const *w = words; len && *w; w++)
			if (strlen(*w) == len && !strncmp(v, *w, len))
				return 1;
		v += len;
	}
	return 0;
}

/* A data cell: a td or th with no block, <pre> or <br> inside ("LB",
 * "74", "100%"). The cells of a row are read as one line, a row as one
 * paragraph: a row is a unit of meaning, and cells cut apart look like
 * the stray fragments and repeated lines the boilerplate filters drop.
 * Cells that hold paragraphs (layout tables) stay blocks. */
static int simple_cell(xmlNodePtr cell)
{
	xmlNodePtr n = cell->children;

	while (n) {
		if (n->type == XML_ELEMENT_NODE) {
			enum kind k = element_kind((const char *)n->name);
			if (k == K_BLOCK || k == K_PRE || k == K_BR ||
			    (k == K_INLINE && class_break(n)))
				return 0;
			if (k != K_SKIP && n->children) {
				n = n->children;
				continue;
			}
		}
		while (!n->next && n->parent != cell)
			n = n->parent;
		n = n->next;
	}
	return 1;
}

static enum kind node_kind(xmlNodePtr n)
{
	const char *name = (const char *)n->name;
	enum kind k = element_kind(name);

	if (k == K_BLOCK && name[0] == 't' && (name[1] == 'd' ||
	    name[1] == 'h') && !name[2] && simple_cell(n))
		return K_CELL;
	if (k == K_INLINE && !n->children && n->properties && class_break(n))
		return K_BR;
	return k;
}

/* Whether an inline style hides the element: display:none or
 * visibility:hidden, spaces and case tolerated. */
static int style_hides(const char *style)
{
	char norm[256];
	size_t n = 0;

	for (const char *p = style; *p && n < sizeof norm - 1; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n')
			norm[n++] = (char)(*p | 0x20);
	norm[n] = '\0';
	return strstr(norm, "display:none") || strstr(norm, "visibility:hidden");
}

/* aria-hidden="true" hides an element from screen readers, which on a
 * paragraph of text is not the same as hiding it: metered paywalls mark
 * the paragraphs past the fold that way while showing them. On other
 * elements (icons, duplicated labels, inactive slides) it is taken as
 * hidden. */
static int attrs_hide(xmlNodePtr el)
{
	for (xmlAttrPtr a = el->properties; a; a = a->next) {
		const char *name = (const char *)a->name;
		const char *val;
		if (name[0] != 'h' && name[0] != 'a' && name[0] != 's')
			continue; /* most attributes: none of the three */
		val = a->children && a->children->content ?
			(const char *)a->children->content : "";
		if (strcmp(name, "hidden") == 0)
			return 1;
		if (strcmp(name, "aria-hidden") == 0 &&
		    strcasecmp(val, "true") == 0 &&
		    strcmp((const char *)el->name, "p") != 0)
			return 1;
		if (strcmp(name, "style") == 0 && style_hides(val))
			return 1;
	}
	return 0;
}

int gisa_text_skipped(xmlNodePtr el)
{
	if (!el || el->type != XML_ELEMENT_NODE)
		return 0;
	return element_kind((const char *)el->name) == K_SKIP || attrs_hide(el);
}

int gisa_text_is_block(xmlNodePtr el)
{
	return el && el->type == XML_ELEMENT_NODE &&
	       element_kind((const char *)el->name) == K_BLOCK;
}

int gisa_text_flags(xmlNodePtr el)
{
	enum kind k;

	if (!el || el->type != XML_ELEMENT_NODE)
		return 0;
	k = element_kind((const char *)el->name);
	return (k == K_SKIP || attrs_hide(el) ? GISA_TEXT_SKIPPED : 0) |
	       (k == K_BLOCK ? GISA_TEXT_BLOCK : 0);
}

/* ---- characters ---- */

static int is_space_cp(int32_t c)
{
	return c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
	       c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
	       c == 0x3000 || c == 0x85;
}

static int is_invisible_cp(int32_t c)
{
	return c == 0x200B || c == 0x2060 || c == 0xFEFF || c == 0xAD;
}

static void tb_append(struct tb *t, const char *s, size_t n)
{
	if (gisa_buf_append(&t->para, s, n) < 0)
		t->err = GISA_ENOMEM;
}

static void tb_flush(struct tb *t)
{
	size_t n = t->para.len;
	char *s = t->para.data;
	int ascii = 1;

	while (n && (s[n - 1] == ' ' || s[n - 1] == '\n'))
		n--;
	if (n && !t->err) {
		for (size_t i = 0; i < n && ascii; i++)
			ascii = (unsigned char)s[i] < 0x80;
		char *p = ascii ? strndup(s, n) : gisa_text_nfc(s, n);
		int rc;
		if (!p)
			rc = GISA_ENOMEM;
		else if (t->recv)
			rc = t->recv(p, t->para_blk, t->ud);
		else
			rc = gisa_strv_take(t->out, p);
		if (rc < 0 && !t->err)
			t->err = rc;
		else if (rc >= 0)
			t->added++;
	}
	gisa_buf_truncate(&t->para, 0);
	t->space = 0;
	t->breaks = 0;
}

/* A visible character is about to be written: settle pending breaks and
 * the pending space first. */
static void tb_settle(struct tb *t)
{
	if (t->breaks && t->para.len) {
		if (t->breaks >= 2 && !t->inline_mode) {
			tb_flush(t);
		} else {
			tb_append(t, t->inline_mode ? " " : "\n", 1);
			t->space = 0;
		}
	}
	t->breaks = 0;
	if (t->space && t->para.len &&
	    t->para.data[t->para.len - 1] != '\n')
		tb_append(t, " ", 1);
	t->space = 0;
	if (!t->para.len)
		t->para_blk = t->blk;
}

/* The end of the run of visible text starting at p: visible characters,
 * and single ASCII spaces between visible ASCII characters. Such a run
 * is written as it is, which is what one character at a time through
 * tb_settle would give (no space or break is pending inside it). */
static const unsigned char *visible_run(const unsigned char *p,
					const unsigned char *end)
{
	while (p < end) {
		if (*p > 0x20 && *p < 0x7F) {
			p++;
		} else if (*p == ' ') {
			if (end - p < 2 || p[1] <= 0x20 || p[1] >= 0x7F)
				break;
			p += 2;
		} else if (*p >= 0x80) {
			utf8proc_int32_t cp;
			utf8proc_ssize_t len = utf8proc_iterate(p, end - p, &cp);
			if (len < 1 || is_space_cp(cp) || is_invisible_cp(cp))
				break;
			p += len;
		} else {
			break;
		}
	}
	return p;
}

static void tb_text(struct tb *t, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		const unsigned char *run = p;
		unsigned char c = *p;
		if (c < 0x80) {
			p++;
			if (c == '\n' && t->pre)
				t->breaks++;
			else if (c == ' ' || (c >= '\t' && c <= '\r'))
				t->space = 1;
			if (c <= 0x20 || c == 0x7F)
				continue;
		} else {
			utf8proc_int32_t cp;
			utf8proc_ssize_t len = utf8proc_iterate(p, end - p, &cp);
			if (len < 1) { /* invalid: one byte becomes U+FFFD */
				tb_settle(t);
				tb_append(t, "\xEF\xBF\xBD", 3);
				p++;
				continue;
			}
			p += len;
			if (is_space_cp(cp))
				t->space = 1;
			if (is_space_cp(cp) || is_invisible_cp(cp))
				continue;
		}
		p = visible_run(p, end);
		tb_settle(t);
		tb_append(t, (const char *)run, (size_t)(p - run));
	}
}

static void tb_block(struct tb *t)
{
	if (t->inline_mode) {
		t->space = 1;
		return;
	}
	tb_flush(t);
}

/* ---- the walk ---- */

/* Enter node n; returns 1 when its children should be visited. */
static int enter(struct tb *t, xmlNodePtr n)
{
	switch (n->type) {
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		if (n->content)
			tb_text(t, (const char *)n->content,
				strlen((const char *)n->content));
		return 0;
	case XML_DOCUMENT_NODE:
	case XML_HTML_DOCUMENT_NODE:
	case XML_DOCUMENT_FRAG_NODE:
		return 1;
	case XML_ELEMENT_NODE:
		break;
	default:
		return 0;
	}
	enum kind k = node_kind(n);
	if (k == K_SKIP)
		return 0;
	if (k == K_BR) {
		t->breaks++;
		return 0;
	}
	/* A block the caller leaves out still ends the paragraph around it:
	 * "a<figure>..</figure>b" is two paragraphs, not "ab". */
	if (t->skip && n != t->root && t->skip(n, t->ud)) {
		if (k == K_CELL)
			t->space = 1;
		else if (k != K_INLINE)
			tb_block(t);
		return 0;
	}
	switch (k) {
	case K_CELL:
		if (attrs_hide(n))
			return 0;
		t->space = 1;
		return 1;
	case K_BLOCK:
		if (attrs_hide(n))
			return 0;
		tb_block(t);
		t->blk = n;
		return 1;
	case K_PRE:
		if (attrs_hide(n))
			return 0;
		tb_block(t);
		t->blk = n;
		t->pre++;
		return 1;
	default:
		return !attrs_hide(n);
	}
}

/* The block that holds n's following text: its nearest block ancestor,
 * or the root of the walk. */
static xmlNodePtr outer_block(const struct tb *t, xmlNodePtr n)
{
	for (n = n->parent; n && n != t->root; n = n->parent) {
		enum kind k = n->type == XML_ELEMENT_NODE ?
			element_kind((const char *)n->name) : K_INLINE;
		if (k == K_BLOCK || k == K_PRE)
			return n;
	}
	return t->root;
}

/* Leave an element whose children were visited. */
static void leave(struct tb *t, xmlNodePtr n)
{
	if (n->type != XML_ELEMENT_NODE)
		return;
	switch (node_kind(n)) {
	case K_CELL:
		t->space = 1;
		break;
	case K_PRE:
		t->pre--;
		/* fall through */
	case K_BLOCK:
		tb_block(t);
		if (t->recv && n != t->root)
			t->blk = outer_block(t, n);
		break;
	default:
		break;
	}
}

static int walk(xmlNodePtr root, gisa_strv *out, int inline_mode,
		gisa_text_skip_fn skip, gisa_text_para_fn para, void *ud)
{
	struct tb t = { .out = out, .inline_mode = inline_mode,
			.skip = skip, .recv = para, .ud = ud, .root = root,
			.blk = root, .para_blk = root };
	xmlNodePtr n = root;

	if (!root)
		return 0;
	for (;;) {
		if (t.err)
			goto done;
		if (enter(&t, n) && n->children) {
			n = n->children;
			continue;
		}
		if (n == root)
			break;
		while (!n->next) {
			n = n->parent;
			leave(&t, n);
			if (n == root)
				goto done;
		}
		n = n->next;
	}
done:
	tb_flush(&t);
	gisa_buf_free(&t.para);
	return t.err ? t.err : t.added;
}

int gisa_text_paragraphs(xmlNodePtr node, gisa_strv *out)
{
	return walk(node, out, 0, NULL, NULL, NULL);
}

int gisa_text_visit(xmlNodePtr node, gisa_text_skip_fn skip,
		    gisa_text_para_fn para, void *ud)
{
	return walk(node, NULL, 0, skip, para, ud);
}

char *gisa_text(xmlNodePtr node)
{
	gisa_strv sv = GISA_STRV_INIT;
	char *s = NULL;

	if (walk(node, &sv, 0, NULL, NULL, NULL) >= 0)
		s = gisa_strv_join(&sv, "\n\n");
	gisa_strv_clear(&sv);
	return s;
}

static char *single_or_empty(gisa_strv *sv)
{
	char *s = sv->n ? sv->v[0] : strdup("");
	if (sv->n)
		sv->n = 0; /* ownership moved to the caller */
	gisa_strv_clear(sv);
	return s;
}

char *gisa_text_inline(xmlNodePtr node)
{
	gisa_strv sv = GISA_STRV_INIT;

	if (walk(node, &sv, 1, NULL, NULL, NULL) < 0) {
		gisa_strv_clear(&sv);
		return NULL;
	}
	return single_or_empty(&sv);
}

static int nfc_inert(utf8proc_int32_t c);

/* Whether s[0..n) is its own clean form: no leading, trailing or double
 * space, no other white space, control, space-like or invisible
 * character, invalid byte, or character NFC could change. The text this
 * file makes (paragraphs, then cut into lines) is, and is cleaned again
 * downstream. */
static int already_clean(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	if (n && (p[0] == ' ' || end[-1] == ' '))
		return 0;
	while (p < end) {
		utf8proc_int32_t c;
		utf8proc_ssize_t len;
		if (*p > 0x20 && *p < 0x7F) {
			p++;
			continue;
		}
		if (*p == ' ') {
			if (p[1] == ' ')
				return 0;
			p++;
			continue;
		}
		if (*p < 0x80)
			return 0;
		len = utf8proc_iterate(p, end - p, &c);
		if (len < 1 || is_space_cp(c) || is_invisible_cp(c) ||
		    !nfc_inert(c))
			return 0;
		p += len;
	}
	return 1;
}

char *gisa_text_clean(const char *s, size_t n)
{
	gisa_strv sv = GISA_STRV_INIT;
	struct tb t = { .out = &sv, .inline_mode = 1 };

	if (already_clean(s, n))
		return strndup(s, n);

	tb_text(&t, s, n);
	tb_flush(&t);
	gisa_buf_free(&t.para);
	if (t.err) {
		gisa_strv_clear(&sv);
		return NULL;
	}
	return single_or_empty(&sv);
}

/* Whether c is certainly unchanged by NFC and cannot combine with its
 * neighbours: no combining mark, conjoining jamo, singleton or excluded
 * composition lives in these ranges (most page text is in them). */
static int nfc_inert(utf8proc_int32_t c)
{
	return c < 0x300 ||                      /* Latin, IPA */
	       (c >= 0x400 && c < 0x483) ||      /* Cyrillic letters */
	       (c >= 0x2010 && c < 0x2028) ||    /* dashes, quotes */
	       (c >= 0x2030 && c < 0x205F) ||
	       (c >= 0x20A0 && c < 0x20C0) ||    /* currency */
	       (c >= 0x3000 && c < 0x3040) ||    /* CJK punctuation */
	       (c >= 0x3040 && c < 0x3099) ||    /* hiragana */
	       (c >= 0x30A0 && c < 0x3100) ||    /* katakana */
	       (c >= 0x4E00 && c < 0xA000) ||    /* CJK ideographs */
	       (c >= 0xAC00 && c < 0xD7A4) ||    /* Hangul syllables */
	       (c >= 0xFF01 && c < 0xFF61) ||    /* fullwidth forms */
	       (c >= 0x1F300 && c < 0x1FB00);    /* emoji */
}

/* Whether s[0..n) is valid UTF-8 made only of inert characters, and so
 * already in NFC. */
static int nfc_already(const char *s, size_t n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	const utf8proc_uint8_t *end = p + n;

	while (p < end) {
		utf8proc_int32_t c;
		utf8proc_ssize_t len;
		if (*p < 0x80) {
			p++;
			continue;
		}
		len = utf8proc_iterate(p, end - p, &c);
		if (len < 1 || !nfc_inert(c))
			return 0;
		p += len;
	}
	return 1;
}

char *gisa_text_nfc(const char *s, size_t n)
{
	utf8proc_uint8_t *res = NULL;
	utf8proc_ssize_t len;

	if (nfc_already(s, n))
		return strndup(s, n);

	len = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
			   &res, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (len < 0) /* invalid UTF-8 or OOM: keep the text as it is */
		return strndup(s, n);
	return (char *)res;
}
