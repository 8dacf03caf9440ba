/* io.h - reading inputs: files, stdin, gzip.
 *
 * Saved pages are often gzip-compressed (the raw store, benchmark sets,
 * `curl --compressed -o`): gisa_read_input() inflates them transparently,
 * recognising gzip by its magic bytes, not by the file name.
 */
#ifndef GISA_IO_H
#define GISA_IO_H

#include <stddef.h>

/* The largest input gisa reads (after decompression). */
#define GISA_IO_MAX_INPUT ((size_t)64 << 20)

/* gisa_read_input - read path ("-" is stdin) into a malloc'd buffer,
 * NUL-terminated, inflating gzip data. Inputs larger than limit bytes
 * (0: GISA_IO_MAX_INPUT) fail with GISA_ELIMIT. Returns 0, GISA_EIO
 * (errno set), GISA_ELIMIT, GISA_EINVAL (corrupt gzip) or GISA_ENOMEM. */
int gisa_read_input(const char *path, size_t limit, char **data,
		    size_t *len);

/* gisa_gunzip - inflate a gzip (or zlib) buffer into a malloc'd,
 * NUL-terminated one; the same limits and codes as above. */
int gisa_gunzip(const char *in, size_t inlen, size_t limit, char **out,
		size_t *outlen);

#endif
