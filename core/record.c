/* record.c - the article record as JSON (see record.h). */
#include "record.h"
#include "error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

/* The string fields in output order, with their place in the struct. */
struct str_field {
	const char *name;
	size_t offset;
};

#define F(name) { #name, offsetof(gisa_article, name) }
static const struct str_field head_fields[] = {
	F(url), F(canonical_url), F(source), F(title), F(subtitle) };
static const struct str_field mid_fields[] = {
	F(published), F(modified), F(section) };
static const struct str_field lang_fields[] = { F(language), F(dateline) };
static const struct str_field tail_fields[] = {
	F(extractor) };
static const struct str_field end_fields[] = {
	F(fetched_at), F(content_hash) };
#undef F

#define SLOT(a, f) ((char **)((char *)(a) + (f)->offset))
#define COUNT(arr) (sizeof(arr) / sizeof((arr)[0]))

static int set_strings(json_t *o, const gisa_article *a,
		       const struct str_field *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *v = *SLOT(a, &f[i]);
		if (v && *v && json_object_set_new(o, f[i].name,
						   json_string(v)) < 0)
			return GISA_ENOMEM;
	}
	return 0;
}

static int set_list(json_t *o, const char *name, const gisa_strv *sv)
{
	json_t *arr;

	if (!sv->n)
		return 0;
	arr = json_array();
	if (!arr)
		return GISA_ENOMEM;
	for (size_t i = 0; i < sv->n; i++)
		if (json_array_append_new(arr, json_string(sv->v[i])) < 0)
			goto fail;
	if (json_object_set_new(o, name, arr) < 0)
		return GISA_ENOMEM;
	return 0;
fail:
	json_decref(arr);
	return GISA_ENOMEM;
}

static int set_body(json_t *o, const gisa_article *a)
{
	char *body;
	int rc;

	if (!a->paragraphs.n)
		return 0;
	body = gisa_article_body(a);
	if (!body)
		return GISA_ENOMEM;
	rc = json_object_set_new(o, "body", json_string(body));
	free(body);
	if (rc < 0)
		return GISA_ENOMEM;
	return set_list(o, "paragraphs", &a->paragraphs);
}

static int set_images(json_t *o, const gisa_article *a)
{
	json_t *arr;

	if (!a->n_images)
		return 0;
	if (!(arr = json_array()))
		return GISA_ENOMEM;
	for (size_t i = 0; i < a->n_images; i++) {
		json_t *img = json_object();
		if (!img || json_array_append_new(arr, img) < 0 ||
		    json_object_set_new(img, "url",
					json_string(a->images[i].url)) < 0 ||
		    (a->images[i].caption &&
		     json_object_set_new(img, "caption",
			     json_string(a->images[i].caption)) < 0)) {
			json_decref(arr);
			return GISA_ENOMEM;
		}
	}
	return json_object_set_new(o, "images", arr) < 0 ? GISA_ENOMEM : 0;
}

int gisa_record_to_json(const gisa_article *a, json_t **out)
{
	json_t *o = json_object();

	*out = NULL;
	if (!o)
		return GISA_ENOMEM;
	if (set_strings(o, a, head_fields, COUNT(head_fields)) < 0 ||
	    set_list(o, "authors", &a->authors) < 0 ||
	    set_strings(o, a, mid_fields, COUNT(mid_fields)) < 0 ||
	    set_list(o, "tags", &a->tags) < 0 ||
	    set_strings(o, a, lang_fields, COUNT(lang_fields)) < 0 ||
	    set_body(o, a) < 0 || set_images(o, a) < 0 ||
	    set_strings(o, a, tail_fields, COUNT(tail_fields)) < 0 ||
	    set_list(o, "warnings", &a->warnings) < 0 ||
	    set_strings(o, a, end_fields, COUNT(end_fields)) < 0) {
		json_decref(o);
		return GISA_ENOMEM;
	}
	*out = o;
	return 0;
}

json_t *gisa_record_origins(const gisa_article *a)
{
	json_t *o = json_object();

	for (int f = 0; o && f < GISA_F__COUNT; f++) {
		if (!a->origin[f] || !gisa_article_has(a, (gisa_field)f))
			continue;
		if (json_object_set_new(o, gisa_field_name((gisa_field)f),
					json_string(a->origin[f])) < 0) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

/* ---- from JSON ---- */

static int get_string(const json_t *obj, const char *name, char **slot)
{
	const json_t *v = json_object_get(obj, name);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return GISA_EINVAL;
	return gisa_article_set(slot, json_string_value(v));
}

static int get_strings(const json_t *obj, const struct str_field *f,
		       size_t n, gisa_article *a)
{
	for (size_t i = 0; i < n; i++) {
		int rc = get_string(obj, f[i].name, SLOT(a, &f[i]));
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int get_list(const json_t *obj, const char *name, gisa_strv *sv)
{
	const json_t *arr = json_object_get(obj, name), *v;
	size_t i;

	if (!arr)
		return 0;
	if (!json_is_array(arr))
		return GISA_EINVAL;
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v))
			return GISA_EINVAL;
		if (gisa_strv_push(sv, json_string_value(v)) < 0)
			return GISA_ENOMEM;
	}
	return 0;
}

static int split_body(const char *body, gisa_strv *sv)
{
	const char *p = body;

	while (*p) {
		const char *end = strstr(p, "\n\n");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n && gisa_strv_pushn(sv, p, n) < 0)
			return GISA_ENOMEM;
		p += n;
		while (*p == '\n')
			p++;
	}
	return 0;
}

static int get_images(const json_t *obj, gisa_article *a)
{
	const json_t *arr = json_object_get(obj, "images"), *img;
	size_t i;

	if (!arr)
		return 0;
	if (!json_is_array(arr))
		return GISA_EINVAL;
	json_array_foreach(arr, i, img) {
		const char *url = json_string_value(json_object_get(img, "url"));
		const char *cap = json_string_value(
			json_object_get(img, "caption"));
		if (!url)
			return GISA_EINVAL;
		if (gisa_article_add_image(a, url, cap) < 0)
			return GISA_ENOMEM;
	}
	return 0;
}

int gisa_record_from_json(const json_t *obj, gisa_article *a)
{
	const json_t *body = json_object_get(obj, "body");
	int rc;

	if (!json_is_object(obj))
		return GISA_EINVAL;
	if ((rc = get_strings(obj, head_fields, COUNT(head_fields), a)) < 0 ||
	    (rc = get_list(obj, "authors", &a->authors)) < 0 ||
	    (rc = get_strings(obj, mid_fields, COUNT(mid_fields), a)) < 0 ||
	    (rc = get_list(obj, "tags", &a->tags)) < 0 ||
	    (rc = get_strings(obj, lang_fields, COUNT(lang_fields), a)) < 0 ||
	    (rc = get_list(obj, "paragraphs", &a->paragraphs)) < 0 ||
	    (rc = get_images(obj, a)) < 0 ||
	    (rc = get_strings(obj, tail_fields, COUNT(tail_fields), a)) < 0 ||
	    (rc = get_list(obj, "warnings", &a->warnings)) < 0 ||
	    (rc = get_strings(obj, end_fields, COUNT(end_fields), a)) < 0)
		goto fail;
	if (!a->paragraphs.n && body) {
		rc = json_is_string(body) ?
			split_body(json_string_value(body), &a->paragraphs) :
			GISA_EINVAL;
		if (rc < 0)
			goto fail;
	}
	return 0;
fail:
	gisa_article_clear(a);
	return rc;
}

/* ---- content hash ---- */

static int is_ws(char c)
{
	return c == ' ' || c == '\n' || c == '\t';
}

/* s with each run of white space as one space and none at the end. The
 * hash is of that stream, so it is fed in the longest pieces that need
 * no change (a single space between words stays in its piece): a
 * streaming hash does not depend on how its input is cut. */
static void hash_folded(XXH3_state_t *st, const char *s)
{
	const char *run = s, *e;

	while (*s) {
		if (!is_ws(*s)) {
			s++;
			continue;
		}
		for (e = s; is_ws(*e); e++)
			;
		if (!*e)
			break; /* white space at the end: dropped */
		if (e - s == 1 && *s == ' ') {
			s = e;
			continue;
		}
		if (s > run)
			XXH3_128bits_update(st, run, (size_t)(s - run));
		XXH3_128bits_update(st, " ", 1);
		run = s = e;
	}
	if (s > run)
		XXH3_128bits_update(st, run, (size_t)(s - run));
}

void gisa_record_hash(const gisa_article *a, char *out, size_t outlen)
{
	XXH3_state_t *st = XXH3_createState();
	XXH128_hash_t h = { 0, 0 };

	if (st && XXH3_128bits_reset(st) == XXH_OK) {
		for (size_t i = 0; i < a->paragraphs.n; i++) {
			hash_folded(st, a->paragraphs.v[i]);
			XXH3_128bits_update(st, "\n", 1);
		}
		h = XXH3_128bits_digest(st);
	}
	XXH3_freeState(st);
	snprintf(out, outlen, "xxh128:%016llx%016llx",
		 (unsigned long long)h.high64, (unsigned long long)h.low64);
}
