/* arena.h - a bump allocator: many small allocations, one free.
 *
 * Each document owns one arena; everything derived from the document
 * (selected text, attribute copies, scratch strings) is allocated from it
 * and released with the document. Allocations are 16-byte aligned and
 * never freed one by one.
 */
#ifndef GISA_ARENA_H
#define GISA_ARENA_H

#include <stddef.h>

typedef struct gisa_arena gisa_arena;

/* gisa_arena_new - an empty arena (NULL: out of memory). */
gisa_arena *gisa_arena_new(void);
/* gisa_arena_alloc - n uninitialised bytes (NULL: out of memory). */
void *gisa_arena_alloc(gisa_arena *a, size_t n);
/* gisa_arena_strndup - a NUL-terminated copy of s[0..n). */
char *gisa_arena_strndup(gisa_arena *a, const char *s, size_t n);
char *gisa_arena_strdup(gisa_arena *a, const char *s);
/* gisa_arena_used - bytes handed out so far (for limits and stats). */
size_t gisa_arena_used(const gisa_arena *a);
void gisa_arena_free(gisa_arena *a);

#endif
