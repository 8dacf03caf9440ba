/* record.h - the article record as JSON (jansson), both ways.
 *
 * Field names and order follow DESIGN.md: url, canonical_url, source,
 * title, subtitle, authors, published, modified, section, tags, language,
 * dateline, body, paragraphs, images, extractor, warnings, fetched_at,
 * content_hash. Empty fields are omitted.
 */
#ifndef GISA_RECORD_H
#define GISA_RECORD_H

#include <jansson.h>

#include "article.h"

/* gisa_record_to_json - a new JSON object for a (caller owns *out: use
 * json_decref). Returns 0 or GISA_ENOMEM. */
int gisa_record_to_json(const gisa_article *a, json_t **out);

/* gisa_record_origins - {"title": "meta:json-ld", ...} for the fields
 * that have a value and a known origin (new reference; NULL on OOM). */
json_t *gisa_record_origins(const gisa_article *a);

/* gisa_record_from_json - fill a (zeroed or cleared) from an object made
 * by gisa_record_to_json; "body" is split into paragraphs when
 * "paragraphs" is absent. Unknown keys are ignored. Returns 0,
 * GISA_EINVAL (not an object, or a field of the wrong type) or
 * GISA_ENOMEM; a is cleared on error. */
int gisa_record_from_json(const json_t *obj, gisa_article *a);

/* gisa_record_hash - the content hash of a's body ("xxh128:<32 hex>"), the
 * key for deduplication, into out (at least 40 bytes). The hash is over
 * the paragraphs with whitespace runs folded, so reflowed text hashes the
 * same. */
void gisa_record_hash(const gisa_article *a, char *out, size_t outlen);

#endif
