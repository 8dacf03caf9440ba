/* article.c - the article record. */
#include "article.h"
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const field_names[GISA_F__COUNT] = {
	[GISA_F_TITLE] = "title",
	[GISA_F_SUBTITLE] = "subtitle",
	[GISA_F_AUTHORS] = "authors",
	[GISA_F_PUBLISHED] = "published",
	[GISA_F_MODIFIED] = "modified",
	[GISA_F_SECTION] = "section",
	[GISA_F_TAGS] = "tags",
	[GISA_F_LANGUAGE] = "language",
	[GISA_F_DATELINE] = "dateline",
	[GISA_F_BODY] = "body",
	[GISA_F_IMAGES] = "images",
	[GISA_F_CANONICAL] = "canonical_url",
};

const char *gisa_field_name(gisa_field f)
{
	return (unsigned)f < GISA_F__COUNT ? field_names[f] : "?";
}

int gisa_article_set(char **slot, const char *s)
{
	char *copy = NULL;
	if (s && *s && !(copy = strdup(s)))
		return GISA_ENOMEM;
	free(*slot);
	*slot = copy;
	return 0;
}

int gisa_article_add_image(gisa_article *a, const char *url,
			   const char *caption)
{
	gisa_image *v;

	if (!url || !*url)
		return 0;
	for (size_t i = 0; i < a->n_images; i++)
		if (strcmp(a->images[i].url, url) == 0)
			return 0;
	v = realloc(a->images, (a->n_images + 1) * sizeof *v);
	if (!v)
		return GISA_ENOMEM;
	a->images = v;
	v += a->n_images;
	v->url = strdup(url);
	v->caption = caption && *caption ? strdup(caption) : NULL;
	if (!v->url || (caption && *caption && !v->caption)) {
		free(v->url);
		free(v->caption);
		return GISA_ENOMEM;
	}
	a->n_images++;
	return 0;
}

int gisa_article_warn(gisa_article *a, const char *fmt, ...)
{
	va_list ap;
	char msg[1024]; /* warnings are one line; longer ones are cut */

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return gisa_strv_push(&a->warnings, msg);
}

char *gisa_article_body(const gisa_article *a)
{
	return gisa_strv_join(&a->paragraphs, "\n\n");
}

int gisa_article_has(const gisa_article *a, gisa_field f)
{
	switch (f) {
	case GISA_F_TITLE: return a->title != NULL;
	case GISA_F_SUBTITLE: return a->subtitle != NULL;
	case GISA_F_AUTHORS: return a->authors.n > 0;
	case GISA_F_PUBLISHED: return a->published != NULL;
	case GISA_F_MODIFIED: return a->modified != NULL;
	case GISA_F_SECTION: return a->section != NULL;
	case GISA_F_TAGS: return a->tags.n > 0;
	case GISA_F_LANGUAGE: return a->language != NULL;
	case GISA_F_DATELINE: return a->dateline != NULL;
	case GISA_F_BODY: return a->paragraphs.n > 0;
	case GISA_F_IMAGES: return a->n_images > 0;
	case GISA_F_CANONICAL: return a->canonical_url != NULL;
	default: return 0;
	}
}

void gisa_article_clear(gisa_article *a)
{
	char **strs[] = { &a->url, &a->canonical_url, &a->source, &a->title,
			  &a->subtitle, &a->published, &a->modified,
			  &a->section, &a->language, &a->dateline,
			  &a->extractor, &a->fetched_at, &a->content_hash };
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		free(*strs[i]);
	gisa_strv_clear(&a->authors);
	gisa_strv_clear(&a->tags);
	gisa_strv_clear(&a->paragraphs);
	gisa_strv_clear(&a->warnings);
	for (size_t i = 0; i < a->n_images; i++) {
		free(a->images[i].url);
		free(a->images[i].caption);
	}
	free(a->images);
	memset(a, 0, sizeof *a);
}
