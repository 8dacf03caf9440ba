/* buf.h - a growable byte buffer, always NUL-terminated once non-empty.
 *
 * A zeroed struct (GISA_BUF_INIT) is an empty buffer. Append functions
 * return 0 or GISA_ENOMEM; on failure the buffer keeps its old contents.
 * data is NULL until the first append; use gisa_buf_cstr() for a string
 * that is never NULL.
 */
#ifndef GISA_BUF_H
#define GISA_BUF_H

#include <stddef.h>

typedef struct gisa_buf {
	char *data;
	size_t len;
	size_t cap;
} gisa_buf;

#define GISA_BUF_INIT { 0, 0, 0 }

/* gisa_buf_reserve - make room for extra more bytes plus the NUL. */
int gisa_buf_reserve(gisa_buf *b, size_t extra);
int gisa_buf_append(gisa_buf *b, const char *s, size_t n);
int gisa_buf_puts(gisa_buf *b, const char *s);
int gisa_buf_putc(gisa_buf *b, char c);
/* gisa_buf_printf - append printf-style formatted text. */
int gisa_buf_printf(gisa_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* gisa_buf_cstr - the contents as a string; "" when empty. */
const char *gisa_buf_cstr(const gisa_buf *b);
/* gisa_buf_truncate - shorten to len bytes (no-op if already shorter). */
void gisa_buf_truncate(gisa_buf *b, size_t len);
/* gisa_buf_detach - hand the malloc'd string to the caller (never NULL
 * unless out of memory) and leave the buffer empty. */
char *gisa_buf_detach(gisa_buf *b);
void gisa_buf_free(gisa_buf *b);

#endif
