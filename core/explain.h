/* explain.h - what `gisa explain` shows: where each field came from.
 *
 * Stages that fill a record (meta, rule, generic, normalize) may also fill
 * a gisa_explain when the caller passes one: for each field the origin,
 * the selector that matched and how many nodes it matched, the value, and
 * what drop/clean removed; for the page, which rule matched and why, the
 * time per stage, and the lines a rule logged with gisa.log().
 * All strings are owned by the structure; gisa_explain_clear() frees them.
 * A zeroed struct (GISA_EXPLAIN_INIT) is empty.
 */
#ifndef GISA_EXPLAIN_H
#define GISA_EXPLAIN_H

#include <stddef.h>

#include "strv.h"

typedef struct gisa_explain_field {
	char *field;      /* "title", "body", ... */
	char *origin;     /* "rule:selector", "meta:json-ld", "generic" */
	char *selector;   /* the selector that gave the value, if any */
	long nodes;       /* nodes that selector matched; -1: not a selector */
	char *value;      /* the value as text (lists joined by " | ") */
	gisa_strv tried;  /* selectors tried before, with no match */
	gisa_strv removed;/* text removed by drop / clean, one per item */
	gisa_strv notes;  /* why a value was refused ("no date in ...") */
} gisa_explain_field;

typedef struct gisa_explain_stage {
	char *name;       /* "parse", "meta", "rule", "generic", ... */
	double ms;
} gisa_explain_stage;

typedef struct gisa_explain {
	char *rule;       /* the rule that ran, or NULL */
	char *why;        /* why it was chosen ("--rule", a domain match) */
	gisa_explain_field *fields;
	size_t n_fields;
	gisa_explain_stage *stages;
	size_t n_stages;
	gisa_strv log;    /* gisa.log() lines and notes */
	long instructions;/* Lua VM instructions the rule used, -1: none */
	size_t lua_bytes; /* Lua memory in use after the rule */
} gisa_explain;

#define GISA_EXPLAIN_INIT { 0, 0, 0, 0, 0, 0, { 0, 0, 0 }, -1, 0 }

/* gisa_explain_field_get - the entry for field name, created empty
 * (nodes = -1) when absent. NULL only when out of memory. */
gisa_explain_field *gisa_explain_field_get(gisa_explain *ex,
					   const char *name);

/* gisa_explain_field_find - the entry for field name, or NULL. */
const gisa_explain_field *gisa_explain_field_find(const gisa_explain *ex,
						  const char *name);

/* gisa_explain_time - record ms spent in stage name (added to an existing
 * entry of that name). Returns 0 or GISA_ENOMEM. */
int gisa_explain_time(gisa_explain *ex, const char *name, double ms);

/* gisa_explain_set - replace *slot with a copy of s (NULL clears). */
int gisa_explain_set(char **slot, const char *s);

void gisa_explain_clear(gisa_explain *ex);

#endif
