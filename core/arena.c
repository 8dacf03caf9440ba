/* arena.c - bump allocator made of a list of chunks. */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ALIGN 16
#define CHUNK_MIN (16 * 1024)

struct chunk {
	struct chunk *next;
	size_t size, used;
	_Alignas(ALIGN) unsigned char mem[];
};

struct gisa_arena {
	struct chunk *head;
	size_t total;
};

gisa_arena *gisa_arena_new(void)
{
	return calloc(1, sizeof(gisa_arena));
}

static struct chunk *chunk_new(size_t n)
{
	size_t size = n > CHUNK_MIN ? n : CHUNK_MIN;
	struct chunk *c = malloc(sizeof *c + size);
	if (!c)
		return NULL;
	c->size = size;
	c->used = 0;
	return c;
}

void *gisa_arena_alloc(gisa_arena *a, size_t n)
{
	struct chunk *c = a->head;
	size_t need;

	if (n > SIZE_MAX / 2)
		return NULL;
	need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (!c || c->size - c->used < need) {
		c = chunk_new(need);
		if (!c)
			return NULL;
		c->next = a->head;
		a->head = c;
	}
	void *p = c->mem + c->used;
	c->used += need;
	a->total += need;
	return p;
}

char *gisa_arena_strndup(gisa_arena *a, const char *s, size_t n)
{
	char *p = gisa_arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *gisa_arena_strdup(gisa_arena *a, const char *s)
{
	return gisa_arena_strndup(a, s, strlen(s));
}

size_t gisa_arena_used(const gisa_arena *a)
{
	return a->total;
}

void gisa_arena_free(gisa_arena *a)
{
	if (!a)
		return;
	for (struct chunk *c = a->head, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}
