/* io.c - reading inputs (see io.h). */
#include "io.h"
#include "buf.h"
#include "error.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static int read_stream(FILE *f, size_t limit, gisa_buf *b)
{
	for (;;) {
		if (gisa_buf_reserve(b, 65536) < 0)
			return GISA_ENOMEM;
		size_t got = fread(b->data + b->len, 1, 65536, f);
		b->len += got;
		b->data[b->len] = '\0';
		if (b->len > limit)
			return GISA_ELIMIT;
		if (got < 65536)
			return ferror(f) ? GISA_EIO : 0;
	}
}

int gisa_gunzip(const char *in, size_t inlen, size_t limit, char **out,
		size_t *outlen)
{
	gisa_buf b = GISA_BUF_INIT;
	z_stream z;
	int rc, err = 0;

	if (!limit)
		limit = GISA_IO_MAX_INPUT;
	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 15 + 32) != Z_OK) /* +32: gzip or zlib header */
		return GISA_ENOMEM;
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)(inlen > UINT32_MAX ? UINT32_MAX : inlen);
	do {
		if (gisa_buf_reserve(&b, 65536) < 0) {
			err = GISA_ENOMEM;
			break;
		}
		z.next_out = (Bytef *)b.data + b.len;
		z.avail_out = 65536;
		rc = inflate(&z, Z_NO_FLUSH);
		b.len = 65536 - z.avail_out + b.len;
		b.data[b.len] = '\0';
		if (b.len > limit)
			err = GISA_ELIMIT;
		else if (rc != Z_OK && rc != Z_STREAM_END)
			err = rc == Z_MEM_ERROR ? GISA_ENOMEM : GISA_EINVAL;
		else if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0)
			err = GISA_EINVAL; /* truncated stream */
	} while (!err && rc != Z_STREAM_END);
	inflateEnd(&z);
	if (err) {
		gisa_buf_free(&b);
		return err;
	}
	*outlen = b.len;
	*out = gisa_buf_detach(&b);
	return 0;
}

int gisa_read_input(const char *path, size_t limit, char **data,
		    size_t *len)
{
	gisa_buf b = GISA_BUF_INIT;
	FILE *f;
	int err;

	if (!limit)
		limit = GISA_IO_MAX_INPUT;
	*data = NULL;
	*len = 0;
	f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f)
		return GISA_EIO;
	err = read_stream(f, limit, &b);
	if (f != stdin) {
		int saved = errno;
		fclose(f);
		errno = saved;
	}
	if (!err && b.len >= 2 && (unsigned char)b.data[0] == 0x1f &&
	    (unsigned char)b.data[1] == 0x8b) {
		err = gisa_gunzip(b.data, b.len, limit, data, len);
		gisa_buf_free(&b);
		return err;
	}
	if (err) {
		gisa_buf_free(&b);
		return err;
	}
	*len = b.len;
	*data = gisa_buf_detach(&b);
	return 0;
}
