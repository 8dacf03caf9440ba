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

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

enum kind { K_INLINE, K_BLOCK, K_SKIP, K_BR, K_PRE };

struct tb {
	gisa_buf para;   /* the paragraph being built */
	gisa_strv *out;  /* finished paragraphs */
	int inline_mode; /* blocks and breaks become spaces */
	int space;       /* a collapsed space is pending */
	int breaks;      /* <br>s since the last visible character */
	int pre;         /* depth inside <pre> */
	int added;       /* paragraphs appended */
	int err;
};

static int name_in(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(name, *list) == 0)
			return 1;
	return 0;
}

static enum kind element_kind(const char *name)
{
	static const char *const skip[] = {
		"script", "style", "noscript", "template", "svg", "iframe",
		"object", "embed", "canvas", "audio", "video", "select",
		"datalist", "head", "title", "meta", "link", "math", NULL };
	static const char *const block[] = {
		"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr",
		"td", "th", "tbody", "thead", "tfoot", "caption", "section",
		"article", "aside", "header", "footer", "nav", "main",
		"blockquote", "figure", "figcaption", "form", "fieldset",
		"legend", "address", "details", "summary", "dialog", "hr",
		"h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "center", "menu",
		"dir", "body", "html", "option", "frameset", "noframes", NULL };

	if (name[0] == 'b' && name[1] == 'r' && !name[2])
		return K_BR;
	if (strcmp(name, "pre") == 0 || strcmp(name, "listing") == 0)
		return K_PRE;
	/* Most elements are inline (a, span, b, i, em, strong...): test the
	 * short, common ones before scanning the lists. */
	if (strcmp(name, "a") == 0 || strcmp(name, "span") == 0)
		return K_INLINE;
	if (name_in(name, block))
		return K_BLOCK;
	if (name_in(name, skip))
		return K_SKIP;
	return K_INLINE;
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

static int attrs_hide(xmlNodePtr el)
{
	for (xmlAttrPtr a = el->properties; a; a = a->next) {
		const char *name = (const char *)a->name;
		const char *val = a->children && a->children->content ?
			(const char *)a->children->content : "";
		if (strcmp(name, "hidden") == 0)
			return 1;
		if (strcmp(name, "aria-hidden") == 0 &&
		    strcasecmp(val, "true") == 0)
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
	if (n) {
		for (size_t i = 0; i < n && ascii; i++)
			ascii = (unsigned char)s[i] < 0x80;
		char *p = ascii ? strndup(s, n) : gisa_text_nfc(s, n);
		if (gisa_strv_take(t->out, p) < 0)
			t->err = GISA_ENOMEM;
		else
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
}

static void tb_text(struct tb *t, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		unsigned char c = *p;
		if (c < 0x80) {
			if (c == '\n' && t->pre) {
				t->breaks++;
			} else if (c == ' ' || (c >= '\t' && c <= '\r')) {
				t->space = 1;
			} else if (c >= 0x20 && c != 0x7F) {
				const unsigned char *run = p;
				while (p < end && *p > 0x20 && *p < 0x7F)
					p++;
				tb_settle(t);
				tb_append(t, (const char *)run,
					  (size_t)(p - run));
				continue;
			}
			p++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = utf8proc_iterate(p, end - p, &cp);
		if (len < 1) { /* invalid: one byte becomes U+FFFD */
			tb_settle(t);
			tb_append(t, "\xEF\xBF\xBD", 3);
			p++;
			continue;
		}
		if (is_space_cp(cp)) {
			t->space = 1;
		} else if (!is_invisible_cp(cp)) {
			tb_settle(t);
			tb_append(t, (const char *)p, (size_t)len);
		}
		p += len;
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
	switch (element_kind((const char *)n->name)) {
	case K_SKIP:
		return 0;
	case K_BR:
		t->breaks++;
		return 0;
	case K_BLOCK:
		if (attrs_hide(n))
			return 0;
		tb_block(t);
		return 1;
	case K_PRE:
		if (attrs_hide(n))
			return 0;
		tb_block(t);
		t->pre++;
		return 1;
	default:
		return !attrs_hide(n);
	}
}

/* Leave an element whose children were visited. */
static void leave(struct tb *t, xmlNodePtr n)
{
	if (n->type != XML_ELEMENT_NODE)
		return;
	switch (element_kind((const char *)n->name)) {
	case K_PRE:
		t->pre--;
		/* fall through */
	case K_BLOCK:
		tb_block(t);
		break;
	default:
		break;
	}
}

static int walk(xmlNodePtr root, gisa_strv *out, int inline_mode)
{
	struct tb t = { .out = out, .inline_mode = inline_mode };
	xmlNodePtr n = root;

	if (!root)
		return 0;
	for (;;) {
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
	return walk(node, out, 0);
}

char *gisa_text(xmlNodePtr node)
{
	gisa_strv sv = GISA_STRV_INIT;
	char *s = NULL;

	if (walk(node, &sv, 0) >= 0)
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

	if (walk(node, &sv, 1) < 0) {
		gisa_strv_clear(&sv);
		return NULL;
	}
	return single_or_empty(&sv);
}

char *gisa_text_clean(const char *s, size_t n)
{
	gisa_strv sv = GISA_STRV_INIT;
	struct tb t = { .out = &sv, .inline_mode = 1 };

	tb_text(&t, s, n);
	tb_flush(&t);
	gisa_buf_free(&t.para);
	if (t.err) {
		gisa_strv_clear(&sv);
		return NULL;
	}
	return single_or_empty(&sv);
}

char *gisa_text_nfc(const char *s, size_t n)
{
	utf8proc_uint8_t *res = NULL;
	utf8proc_ssize_t len;

	len = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
			   &res, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (len < 0) /* invalid UTF-8 or OOM: keep the text as it is */
		return strndup(s, n);
	return (char *)res;
}
