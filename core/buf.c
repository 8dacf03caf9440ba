/* buf.c - growable byte buffer. */
#include "buf.h"
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int gisa_buf_reserve(gisa_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > (size_t)-1 / 2 - b->len)
		return GISA_ENOMEM;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	p = realloc(b->data, cap);
	if (!p)
		return GISA_ENOMEM;
	b->data = p;
	b->cap = cap;
	return 0;
}

int gisa_buf_append(gisa_buf *b, const char *s, size_t n)
{
	if (gisa_buf_reserve(b, n) < 0)
		return GISA_ENOMEM;
	if (n)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int gisa_buf_puts(gisa_buf *b, const char *s)
{
	return gisa_buf_append(b, s, strlen(s));
}

int gisa_buf_putc(gisa_buf *b, char c)
{
	return gisa_buf_append(b, &c, 1);
}

int gisa_buf_printf(gisa_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return GISA_EINVAL;
	if (gisa_buf_reserve(b, (size_t)n) < 0)
		return GISA_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

const char *gisa_buf_cstr(const gisa_buf *b)
{
	return b->data ? b->data : "";
}

void gisa_buf_truncate(gisa_buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->data[len] = '\0';
	}
}

char *gisa_buf_detach(gisa_buf *b)
{
	char *s = b->data ? b->data : calloc(1, 1);
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

void gisa_buf_free(gisa_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
