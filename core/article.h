/* article.h - the article record every stage fills and every sink writes.
 *
 * All strings are owned (malloc'd) by the record and freed by
 * gisa_article_clear(). NULL or empty means "unknown": sinks omit such
 * fields and nothing is ever invented to fill them.
 */
#ifndef GISA_ARTICLE_H
#define GISA_ARTICLE_H

#include <stddef.h>

#include "strv.h"

/* Fields whose origin is tracked, for `gisa explain` and the record's
 * "origins" object. The order is the JSON output order. */
typedef enum gisa_field {
	GISA_F_TITLE,
	GISA_F_SUBTITLE,
	GISA_F_AUTHORS,
	GISA_F_PUBLISHED,
	GISA_F_MODIFIED,
	GISA_F_SECTION,
	GISA_F_TAGS,
	GISA_F_LANGUAGE,
	GISA_F_DATELINE,
	GISA_F_BODY,
	GISA_F_IMAGES,
	GISA_F_CANONICAL,
	GISA_F__COUNT
} gisa_field;

typedef struct gisa_image {
	char *url;
	char *caption;
} gisa_image;

typedef struct gisa_article {
	char *url;
	char *canonical_url;
	char *source;      /* rule name, when a rule ran */
	char *title;
	char *subtitle;
	gisa_strv authors;
	char *published;   /* ISO 8601 with offset where known */
	char *modified;
	char *section;
	gisa_strv tags;
	char *language;
	char *dateline;
	gisa_strv paragraphs; /* body = paragraphs joined by "\n\n" */
	gisa_image *images;
	size_t n_images;
	char *extractor;   /* "rule:NAME" | "generic" | "meta" */
	gisa_strv warnings;
	char *fetched_at;
	char *content_hash;
	/* Where each field's value came from ("meta:json-ld",
	 * "rule:selector", "generic", ...); static strings or NULL. */
	const char *origin[GISA_F__COUNT];
} gisa_article;

#define GISA_ARTICLE_INIT { 0 }

/* gisa_field_name - the JSON name of a field ("title", "body", ...). */
const char *gisa_field_name(gisa_field f);

/* gisa_article_set - replace *slot with a copy of s (NULL or "" clears).
 * Returns 0 or GISA_ENOMEM. */
int gisa_article_set(char **slot, const char *s);

/* gisa_article_add_image - append {url, caption}; caption may be NULL.
 * Images with a URL already present are ignored. */
int gisa_article_add_image(gisa_article *a, const char *url,
			   const char *caption);

/* gisa_article_warn - append a formatted warning. */
int gisa_article_warn(gisa_article *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* gisa_article_body - the paragraphs joined by a blank line, malloc'd
 * ("" when there are none; NULL only when out of memory). */
char *gisa_article_body(const gisa_article *a);

/* gisa_article_has - whether field f holds a value. */
int gisa_article_has(const gisa_article *a, gisa_field f);

void gisa_article_clear(gisa_article *a);

#endif
