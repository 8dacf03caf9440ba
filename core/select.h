/* select.h - CSS selectors and XPath 1.0 over a libxml2 HTML tree.
 *
 * A CSS selector is compiled once (gisa_selector_compile) and matched many
 * times, right to left, against element nodes; matching allocates nothing
 * except the growth of the output array. A compiled selector is immutable
 * while it is being matched, so one selector may be used from several
 * threads at once (gisa_selector_set_budget aside).
 *
 * Supported: type, `*`, #id, .class, [a] [a=v] [a~=v] [a|=v] [a^=v] [a$=v]
 * [a*=v] with quoted or bare values, CSS escapes and the ` i` / ` s` flags;
 * the combinators ` `, `>`, `+`, `~`; lists `a, b`; :not() :is() :where()
 * :matches() :has() (relative: `:has(> p)`, `:has(+ x)`, `:has(~ x)`);
 * :first-child :last-child :only-child :nth-child(An+B [of S])
 * :nth-last-child(An+B [of S]) :nth-of-type() :nth-last-of-type()
 * :first-of-type :last-of-type :only-of-type :empty :root :scope
 * :any-link :link :lang(); and, non-standard, :contains("text") (the
 * element's text content contains text, jQuery-style, case-sensitive) and
 * :contains-own("text") (its own text nodes only); :-soup-contains and
 * :-soup-contains-own are aliases, for rules ported from BeautifulSoup.
 *
 * Case: tag and attribute names match ASCII case-insensitively (HTML);
 * id, class and attribute values case-sensitively unless the ` i` flag is
 * given. Not supported (a compile error, never a silent mismatch):
 * namespaces (`ns|a`), pseudo-elements (`::before`), :has() inside :has(),
 * dynamic states (:hover, :focus...).
 */
#ifndef GISA_SELECT_H
#define GISA_SELECT_H

#include <stddef.h>
#include <libxml/tree.h>

/* Limits: a longer selector or deeper nesting of :not/:is/:where/:has/
 * :nth-*(of S) is a compile error; an XPath expression longer than
 * GISA_SELECTOR_MAX_LEN is an error too. */
#define GISA_SELECTOR_MAX_LEN 4096
#define GISA_SELECTOR_MAX_DEPTH 32
/* The default matching budget of one gisa_select call, in elementary steps
 * (a compound tested against an element, a text node scanned). Real rules
 * need well under a million steps per page; a pathological selector
 * (deeply nested :is() with descendant combinators) stops at the budget
 * with GISA_ELIMIT instead of running for minutes. */
#define GISA_SELECT_BUDGET 50000000UL
/* XPath evaluation is bounded by libxml2's operation limit. */
#define GISA_XPATH_OP_LIMIT 50000000UL

typedef struct gisa_selector gisa_selector;

/* A growable array of node pointers. The nodes belong to their document;
 * the array is the caller's (gisa_nodes_clear frees it). */
typedef struct gisa_nodes {
	xmlNodePtr *v;
	size_t n, cap;
} gisa_nodes;

#define GISA_NODES_INIT { 0, 0, 0 }

/* gisa_selector_compile - compile css (a selector list, NUL-terminated).
 * On success *out is a new selector (free with gisa_selector_free) and the
 * result is 0. On a bad selector *out is NULL, the result is
 * GISA_ESELECTOR and err (when errlen > 0) gets "column N: reason", N being
 * the 1-based column (in characters) where the problem is. GISA_ENOMEM
 * and GISA_EINVAL (css or out NULL) are possible too. Any string is either
 * compiled or rejected; none crashes. */
int gisa_selector_compile(const char *css, gisa_selector **out, char *err,
			  size_t errlen);

/* gisa_selector_free - free a compiled selector (NULL is fine). */
void gisa_selector_free(gisa_selector *sel);

/* gisa_selector_set_budget - change the per-call step budget of sel
 * (0 restores GISA_SELECT_BUDGET). Not thread-safe against concurrent
 * matching with the same selector. */
void gisa_selector_set_budget(gisa_selector *sel, unsigned long steps);

/* gisa_select - append to out every element of scope's subtree (scope
 * itself excluded, like querySelectorAll) that matches sel, in document
 * order and without duplicates. scope may be an element or a document.
 * Ancestors of scope count for combinators, as in the DOM; `:scope` is
 * scope itself (the root element when scope is a document). Returns the
 * number of elements appended, or GISA_ENOMEM / GISA_ELIMIT (budget spent)
 * / GISA_EINVAL, in which cases out is left as it was. */
int gisa_select(const gisa_selector *sel, xmlNodePtr scope, gisa_nodes *out);

/* gisa_select_first - the first match in document order, or NULL when
 * there is none (or the budget ran out). */
xmlNodePtr gisa_select_first(const gisa_selector *sel, xmlNodePtr scope);

/* gisa_selector_matches - 1 if element el matches sel, 0 if not (also for
 * a non-element), GISA_ELIMIT if the budget ran out. `:scope` is el, as
 * in Element.matches(). */
int gisa_selector_matches(const gisa_selector *sel, xmlNodePtr el);

/* A document's elements in order, with what each has for the tests a
 * selector starts with (its lowercase name; the names of its attributes,
 * its class words and id value, as a 64-bit key set). With it, a select
 * visits only the elements that may match the rightmost compound of one
 * of the selector's complex selectors, instead of walking the whole
 * tree: a page that many selectors read (a rule) is walked once.
 *
 * An index describes the tree as it was built: once an element is added,
 * moved or removed, or an attribute changed, it must not be used with
 * that document again (free it; build another if wanted). Reading only
 * is safe from several threads. */
typedef struct gisa_select_index gisa_select_index;

/* The largest document indexed (elements); bigger ones give GISA_ELIMIT
 * and are selected without an index. */
#define GISA_SELECT_INDEX_MAX ((size_t)1 << 18)

/* gisa_select_index_new - index doc's elements. Returns 0 and *out, or
 * GISA_ENOMEM / GISA_ELIMIT / GISA_EINVAL with *out NULL. */
int gisa_select_index_new(xmlDocPtr doc, gisa_select_index **out);

/* gisa_select_index_update - index doc again (after changes, or another
 * document) in ix, reusing its memory. On error ix is empty: selects
 * through it walk the tree, as without an index. */
int gisa_select_index_update(gisa_select_index *ix, xmlDocPtr doc);

/* gisa_select_index_free - free an index (NULL is fine). */
void gisa_select_index_free(gisa_select_index *ix);

/* gisa_select_indexed, gisa_select_first_indexed - gisa_select and
 * gisa_select_first with an index of scope's document (ix may be NULL).
 * Same results, same step budget accounting: the elements left out
 * cost what the first failed test costs in a walk. A scope the index does
 * not hold is walked as gisa_select does. */
int gisa_select_indexed(const gisa_selector *sel, xmlNodePtr scope,
			const gisa_select_index *ix, gisa_nodes *out);
xmlNodePtr gisa_select_first_indexed(const gisa_selector *sel,
				     xmlNodePtr scope,
				     const gisa_select_index *ix);

/* gisa_select_css - compile css, gisa_select it from scope, free it.
 * Returns what those do. */
int gisa_select_css(const char *css, xmlNodePtr scope, gisa_nodes *out,
		    char *err, size_t errlen);

/* gisa_xpath - evaluate the XPath 1.0 expression expr with ctx as the
 * context node (the document node of doc when ctx is NULL; doc may be
 * NULL when ctx is given). The nodes of a node-set result are appended to
 * out in document order (elements, attributes, text, comments, the
 * document; namespace nodes are skipped, as they do not outlive the
 * evaluation) and their count is returned. A bad expression, an
 * expression whose value is not a node-set, or an evaluation error
 * gives GISA_ESELECTOR and "column N: reason" in err (column omitted when
 * libxml2 does not say). Names in an HTML document are lowercase.
 * libxml2 prints nothing: errors go to err only. */
int gisa_xpath(xmlDocPtr doc, xmlNodePtr ctx, const char *expr,
	       gisa_nodes *out, char *err, size_t errlen);

/* gisa_xpath_string - like gisa_xpath, but the result converted to a
 * string as XPath's string() does (a node-set gives its first node's
 * string value, a number "3" or "2.5", a boolean "true"/"false"). On
 * success returns 0 and *value is malloc'd (free it); on error *value is
 * NULL. */
int gisa_xpath_string(xmlDocPtr doc, xmlNodePtr ctx, const char *expr,
		      char **value, char *err, size_t errlen);

/* gisa_nodes_push - append n; 0 or GISA_ENOMEM (the array unchanged). */
int gisa_nodes_push(gisa_nodes *nl, xmlNodePtr n);

/* gisa_nodes_clear - free the array (not the nodes) and empty it. */
void gisa_nodes_clear(gisa_nodes *nl);

#endif
