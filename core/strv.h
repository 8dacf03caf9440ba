/* strv.h - a growable vector of owned, NUL-terminated strings.
 *
 * A zeroed struct (GISA_STRV_INIT) is empty. Push functions copy their
 * argument and return 0 or GISA_ENOMEM (the vector is unchanged then).
 */
#ifndef GISA_STRV_H
#define GISA_STRV_H

#include <stddef.h>

typedef struct gisa_strv {
	char **v;
	size_t n;
	size_t cap;
} gisa_strv;

#define GISA_STRV_INIT { 0, 0, 0 }

int gisa_strv_push(gisa_strv *sv, const char *s);
int gisa_strv_pushn(gisa_strv *sv, const char *s, size_t n);
/* gisa_strv_take - push s without copying; s must come from malloc.
 * On failure s is freed. */
int gisa_strv_take(gisa_strv *sv, char *s);
/* gisa_strv_find - index of the first element equal to s, or -1. */
long gisa_strv_find(const gisa_strv *sv, const char *s);
/* gisa_strv_remove - delete element i, keeping the order of the rest. */
void gisa_strv_remove(gisa_strv *sv, size_t i);
/* gisa_strv_join - all elements separated by sep, malloc'd (NULL: OOM). */
char *gisa_strv_join(const gisa_strv *sv, const char *sep);
void gisa_strv_clear(gisa_strv *sv);

#endif
