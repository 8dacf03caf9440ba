/* meta.h - what a page's metadata says about its article.
 *
 * Sources, most reliable first; each field is taken from the first source
 * that gives a usable value and never overwritten:
 *   1. JSON-LD (<script type="application/ld+json">): the first object
 *      typed NewsArticle, Article, ReportageNewsArticle, BlogPosting,
 *      AnalysisNewsArticle, OpinionNewsArticle, LiveBlogPosting (and the
 *      other *NewsArticle / *Article types), found at the top level, in
 *      arrays, in @graph or under mainEntity; a WebPage's name only as a
 *      late fallback for the title (after OpenGraph and <meta>, before
 *      <title>). Broken JSON-LD (trailing commas, raw newlines in strings,
 *      comments, CDATA or <!-- --> wrappers, HTML-escaped quotes) gets one
 *      cleanup pass, then is ignored quietly.
 *   2. OpenGraph and article:* (og:title, og:description, og:image with
 *      og:image:alt as caption, og:url, og:locale, article:published_time,
 *      article:modified_time, article:section, article:tag, article:author
 *      unless it is a URL), whether written with property= or name=.
 *   3. Twitter cards (twitter:title, twitter:description, twitter:image).
 *   4. <meta name=...>: author, byl, dc.creator, sailthru.author,
 *      parsely-author, date, pubdate, publishdate, article.published,
 *      dc.date, sailthru.date, parsely-pub-date, keywords, news_keywords,
 *      description, section and kin.
 *   5. <meta itemprop=...> (and itemprop=author elements).
 *   6. <time datetime>: itemprop datePublished/dateModified elements,
 *      then a <time pubdate>, then the first <time datetime> inside an
 *      <article>.
 *   7. <link rel=canonical>, <link rel=image_src>.
 *   8. <html lang>, and <title> for the title.
 * The canonical URL is the exception to this order: <link rel=canonical>
 * first (the page's explicit statement), then og:url, then JSON-LD
 * url/mainEntityOfPage.
 *
 * Decisions:
 *   - subtitle: JSON-LD alternativeHeadline; failing that a description
 *     (JSON-LD, og, twitter, name, itemprop, in that order) when it reads
 *     like a standfirst: not cut off ("..." or "…" at the end), not the
 *     title again, at most 300 characters. Summaries that are truncated
 *     ledes would duplicate the body, so they are left out. The page has
 *     the last word: gisa_deck_find() (deck.h) keeps a description only
 *     when the page shows it as a deck.
 *   - titles from og, twitter, a WebPage and <title> lose a " | Site",
 *     " - Site", " – Site", " — Site", " :: Site" or " · Site" suffix
 *     (or the same as a prefix) when that part matches og:site_name or
 *     application-name (equal, or one contains the other, ignoring case
 *     and punctuation); never otherwise.
 *   - dates go through gisa_date_parse() with tz; a date that does not
 *     parse is not stored, a warning is added, and the next source is
 *     tried.
 *   - authors: split on " and ", "&", ",", ";", "|", "·"; "By " prefixes
 *     and e-mail addresses are removed, URLs and @handles dropped, people
 *     preferred over organisations in JSON-LD, duplicates removed.
 *   - language: a BCP 47-like tag: lowercase primary subtag, region upper
 *     case ("ko_KR" -> "ko-KR", "EN-us" -> "en-US").
 *   - image URLs are resolved against <base href>, the page URL, or the
 *     canonical URL, in that order; data: URIs are dropped.
 *
 * Origins (a->origin[field]) are "meta:json-ld", "meta:og",
 * "meta:twitter", "meta:name", "meta:itemprop", "meta:time", "meta:link",
 * "meta:html".
 *
 * Limits: at most 64 JSON-LD scripts of 2 MiB each, JSON nesting searched
 * 16 levels deep, 2000 <meta> tags, 100 tags and 50 authors per record.
 */
#ifndef GISA_META_H
#define GISA_META_H

#include "article.h"
#include "html.h"

/* gisa_meta_extract - fill the fields of a that are still empty from the
 * page's metadata (see above) and set a->origin for each field filled.
 * tz is the default zone for dates without an offset (see date.h; NULL:
 * such dates keep no offset). Unparseable dates add warnings to a.
 * Returns 0 or GISA_ENOMEM (a may then be partly filled). */
int gisa_meta_extract(const gisa_doc *doc, const char *tz, gisa_article *a);

/* gisa_meta_scan - gisa_meta_extract, and when body is not NULL also
 * gisa_meta_jsonld_body's result in *body (NULL when there is none): one
 * walk of the tree and one JSON-LD parse serve both. */
int gisa_meta_scan(const gisa_doc *doc, const char *tz, gisa_article *a,
		   char **body);

/* gisa_meta_jsonld_body - the articleBody of the page's JSON-LD article,
 * malloc'd: each line whitespace-cleaned, empty lines dropped, lines
 * joined by a blank line ("\n\n", the record's paragraph separator).
 * NULL when there is none (or out of memory). */
char *gisa_meta_jsonld_body(const gisa_doc *doc);

#endif
