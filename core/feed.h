/* feed.h - discovery documents: RSS 2.0, RSS 1.0 (RDF), Atom, sitemaps,
 * news sitemaps and sitemap indexes, plain or gzipped.
 *
 * Parsing is libxml2's XML parser with XML_PARSE_NONET (no network) and
 * XML_PARSE_RECOVER (sloppy feeds are common), and without
 * XML_PARSE_NOENT, XML_PARSE_DTDLOAD or XML_PARSE_HUGE. A document that
 * declares entities in a DOCTYPE is refused as soon as the first
 * declaration is read: feeds have no use for them, and refusing them is
 * what keeps "billion laughs" and quadratic blow-up documents cheap.
 * Input is capped (GISA_FEED_MAX_BYTES after decompression) and so is the
 * number of entries kept.
 */
#ifndef GISA_FEED_H
#define GISA_FEED_H

#include <stddef.h>

/* The sitemap protocol's own limits: 50,000 URLs and 50 MB uncompressed. */
#define GISA_FEED_MAX_BYTES ((size_t)50 << 20)
#define GISA_FEED_MAX_ENTRIES 50000

typedef enum gisa_feed_type {
	GISA_FEED_UNKNOWN,
	GISA_FEED_RSS,           /* RSS 0.9x / 2.0: rss/channel/item */
	GISA_FEED_RDF,           /* RSS 1.0: rdf:RDF/item */
	GISA_FEED_ATOM,          /* Atom 1.0 (and 0.3): feed/entry */
	GISA_FEED_SITEMAP,       /* urlset/url, with Google News extensions */
	GISA_FEED_SITEMAP_INDEX  /* sitemapindex/sitemap */
} gisa_feed_type;

typedef enum gisa_feed_kind {
	GISA_ENTRY_ARTICLE,      /* a page to fetch and extract */
	GISA_ENTRY_SITEMAP       /* a child sitemap to fetch and parse */
} gisa_feed_kind;

typedef struct gisa_feed_entry {
	char *url;       /* absolute and normalized (urlnorm.h); never NULL */
	char *title;     /* plain text, whitespace collapsed; NULL if none */
	/* Dates exactly as the feed writes them (RFC 822 in RSS, W3C/ISO
	 * 8601 in Atom and sitemaps), trimmed; NULL if none. published is
	 * pubDate, dc:date, atom:published or news:publication_date;
	 * updated is atom:updated or sitemap lastmod. */
	char *published;
	char *updated;
	gisa_feed_kind kind;
} gisa_feed_entry;

typedef struct gisa_feed {
	gisa_feed_type type;
	gisa_feed_entry *entries; /* in document order, one per URL */
	size_t n, cap;
	size_t skipped;   /* entries without a usable http(s) URL */
	size_t dropped;   /* entries beyond max_entries, not kept */
	size_t dupes;     /* entries whose URL an earlier entry had */
	int gzipped;      /* the input was gzip-compressed */
	int recovered;    /* the XML was malformed; libxml2 recovered it */
} gisa_feed;

#define GISA_FEED_INIT { 0 }

typedef struct gisa_feed_limits {
	size_t max_bytes;   /* 0: GISA_FEED_MAX_BYTES */
	size_t max_entries; /* 0: GISA_FEED_MAX_ENTRIES */
} gisa_feed_limits;

/* gisa_feed_parse - parse the discovery document data[0..len), fetched
 * from feed_url (an absolute http(s) URL, the base for relative links;
 * xml:base attributes are honoured on top of it). Gzip input is detected
 * by its magic bytes and inflated. lim may be NULL for the defaults.
 * Fills *out (which must be GISA_FEED_INIT or cleared) and returns the
 * number of entries kept. Entries are deduplicated by normalized URL
 * (the first wins). Errors, with *out left empty:
 *   GISA_EINVAL  feed_url is not an absolute http(s) URL, or data NULL;
 *   GISA_ELIMIT  the input (or its inflated form) exceeds max_bytes;
 *   GISA_EPARSE  not XML, not a known feed or sitemap, corrupt gzip, or
 *                the document declares entities;
 *   GISA_ENOMEM. */
int gisa_feed_parse(const char *data, size_t len, const char *feed_url,
		    const gisa_feed_limits *lim, gisa_feed *out);

/* gisa_feed_type_name - "rss", "rdf", "atom", "sitemap",
 * "sitemapindex" or "unknown". */
const char *gisa_feed_type_name(gisa_feed_type t);

/* gisa_feed_clear - free the entries; *f becomes empty (reusable). */
void gisa_feed_clear(gisa_feed *f);

#endif
