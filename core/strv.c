/* strv.c - vector of owned strings. */
#include "strv.h"
#include "buf.h"
#include "error.h"

#include <stdlib.h>
#include <string.h>

int gisa_strv_take(gisa_strv *sv, char *s)
{
	if (!s)
		return GISA_ENOMEM;
	if (sv->n == sv->cap) {
		size_t cap = sv->cap ? sv->cap * 2 : 8;
		char **v = realloc(sv->v, cap * sizeof *v);
		if (!v) {
			free(s);
			return GISA_ENOMEM;
		}
		sv->v = v;
		sv->cap = cap;
	}
	sv->v[sv->n++] = s;
	return 0;
}

int gisa_strv_pushn(gisa_strv *sv, const char *s, size_t n)
{
	char *copy = malloc(n + 1);
	if (!copy)
		return GISA_ENOMEM;
	memcpy(copy, s, n);
	copy[n] = '\0';
	return gisa_strv_take(sv, copy);
}

int gisa_strv_push(gisa_strv *sv, const char *s)
{
	return gisa_strv_pushn(sv, s, strlen(s));
}

long gisa_strv_find(const gisa_strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return (long)i;
	return -1;
}

void gisa_strv_remove(gisa_strv *sv, size_t i)
{
	if (i >= sv->n)
		return;
	free(sv->v[i]);
	memmove(sv->v + i, sv->v + i + 1, (sv->n - i - 1) * sizeof *sv->v);
	sv->n--;
}

char *gisa_strv_join(const gisa_strv *sv, const char *sep)
{
	gisa_buf b = GISA_BUF_INIT;
	for (size_t i = 0; i < sv->n; i++) {
		if ((i && gisa_buf_puts(&b, sep) < 0) ||
		    gisa_buf_puts(&b, sv->v[i]) < 0) {
			gisa_buf_free(&b);
			return NULL;
		}
	}
	return gisa_buf_detach(&b);
}

void gisa_strv_clear(gisa_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}
