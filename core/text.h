/* text.h - a node's text the way a reader sees it.
 *
 * Block elements (p, div, li, h1-h6, td, blockquote, ...) separate
 * paragraphs, except a table cell with no block or <br> inside: the cells
 * of a row are then one paragraph, separated by spaces; one <br> is a
 * line break inside a paragraph, two or more in a row end the paragraph
 * (many sites build paragraphs that way). An empty element whose class
 * says it is a line break ("br", "linebreak", "line-break") counts as a
 * <br>. Whitespace collapses, including NBSP and the other Unicode
 * spaces; zero-width space, word joiner, BOM and soft hyphen vanish (ZWNJ
 * and ZWJ stay: they change how Persian, Indic scripts and emoji render).
 * Inside <pre>, line breaks are kept.
 * Invisible content is skipped: head, script, style, noscript, template,
 * svg, iframe, object, embed, canvas, audio, video, select, datalist, and
 * hidden elements (the hidden attribute, aria-hidden="true" except on a
 * <p>, inline display:none or visibility:hidden). Output is NFC
 * (utf8proc).
 */
#ifndef GISA_TEXT_H
#define GISA_TEXT_H

#include <stddef.h>
#include <libxml/tree.h>

#include "strv.h"

/* gisa_text_paragraphs - append the non-empty paragraphs of node's subtree
 * (node included) to out. Returns the number appended or GISA_ENOMEM. */
int gisa_text_paragraphs(xmlNodePtr node, gisa_strv *out);

/* gisa_text_skip_fn - a caller's filter: nonzero leaves el and its subtree
 * out of the text. Called for the elements the walk reaches (never for
 * node itself, never below an element already left out). */
typedef int (*gisa_text_skip_fn)(xmlNodePtr el, void *ud);

/* gisa_text_para_fn - receives one paragraph: text (malloc'd, NFC; the
 * receiver owns it) and block, the block element the paragraph's first
 * character sits in (the walk's root for its own inline text). Returns 0
 * to go on, or a negative code, which ends the walk with that code. */
typedef int (*gisa_text_para_fn)(char *text, xmlNodePtr block, void *ud);

/* gisa_text_visit - the paragraphs of node's subtree, exactly as
 * gisa_text_paragraphs makes them, handed to para one by one in reading
 * order, leaving out the elements skip() rejects (skip may be NULL; a
 * left-out block still ends the paragraph before it). Returns the number
 * of paragraphs, or a negative code (GISA_ENOMEM or para's). */
int gisa_text_visit(xmlNodePtr node, gisa_text_skip_fn skip,
		    gisa_text_para_fn para, void *ud);

/* gisa_text - the paragraphs joined by "\n\n", malloc'd ("" when empty;
 * NULL only when out of memory). */
char *gisa_text(xmlNodePtr node);

/* gisa_text_inline - all text on one line: paragraph and line breaks
 * become single spaces. For titles, bylines, dates. malloc'd. */
char *gisa_text_inline(xmlNodePtr node);

/* gisa_text_clean - collapse whitespace in s[0..n) (leading, trailing and
 * inner runs; newlines too), drop zero-width characters, NFC. For attribute
 * values and JSON-LD strings. Invalid UTF-8 becomes U+FFFD. malloc'd. */
char *gisa_text_clean(const char *s, size_t n);

/* gisa_text_nfc - s in NFC (a malloc'd copy; ASCII is copied as is). */
char *gisa_text_nfc(const char *s, size_t n);

/* gisa_text_skipped - whether el and its subtree are invisible to readers
 * (see above). Non-elements are never skipped. */
int gisa_text_skipped(xmlNodePtr el);

/* gisa_text_is_block - whether el starts a new paragraph. */
int gisa_text_is_block(xmlNodePtr el);

/* gisa_text_flags - gisa_text_skipped (GISA_TEXT_SKIPPED) and
 * gisa_text_is_block (GISA_TEXT_BLOCK) of el in one look-up. */
enum { GISA_TEXT_SKIPPED = 1, GISA_TEXT_BLOCK = 2 };
int gisa_text_flags(xmlNodePtr el);

#endif
