/* chrome.h - paragraphs of page chrome, recognised by their words.
 *
 * Some paragraphs are chrome on any site: "Advertisement", "Read more:
 * ...", photo credits, copyright lines, "Subscribe to continue reading",
 * in several languages. Others are chrome only where they stand: credit
 * and contact lines at the end of an article ("Reporting by ...", "Follow
 * us on ..."), and the short lines after which only boilerplate follows
 * ("About Acme Inc.", "Media contact"). Each function looks at one whole
 * paragraph (UTF-8), case-folded and without surrounding punctuation, and
 * answers 1 or 0; long paragraphs are never chrome.
 */
#ifndef GISA_CHROME_H
#define GISA_CHROME_H

/* gisa_chrome_line - whether text is chrome wherever it appears. */
int gisa_chrome_line(const char *text);

/* gisa_chrome_tail - whether text is a closing credit, contact,
 * republication or follow/subscribe line, or an author's bio ("Jane Roe
 * is a researcher at ..."): chrome when it ends an article. */
int gisa_chrome_tail(const char *text);

/* gisa_chrome_marker - whether text is a short heading after which an
 * article has only boilerplate ("About Acme Inc.", "Media contacts",
 * "Tags"). */
int gisa_chrome_marker(const char *text);

/* gisa_chrome_summary_label - whether text labels an editors' summary
 * of the article ("Key points", "Highlights", "At a glance"): the list
 * under it is not the article's text. */
int gisa_chrome_summary_label(const char *text);

#endif
