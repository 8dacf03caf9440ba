/* error.h - gisa error codes.
 *
 * Every library function that can fail returns 0 on success or one of the
 * negative GISA_E* codes below; gisa_strerror() turns a code into text.
 * The library never prints and never exits: the CLI does both.
 */
#ifndef GISA_ERROR_H
#define GISA_ERROR_H

enum {
	GISA_OK = 0,
	GISA_ENOMEM = -1,    /* an allocation failed */
	GISA_EINVAL = -2,    /* a bad argument or malformed input */
	GISA_EIO = -3,       /* reading or writing a file failed (see errno) */
	GISA_EPARSE = -4,    /* a document could not be parsed at all */
	GISA_ESELECTOR = -5, /* a CSS selector or XPath expression is invalid */
	GISA_ELIMIT = -6,    /* an input or resource limit was reached */
	GISA_ENOTFOUND = -7, /* the thing looked for does not exist */
	GISA_ERULE = -8,     /* a Lua rule failed (load, run time or limit) */
	GISA_ETIMEOUT = -9,  /* a time budget ran out */
	GISA_EFETCH = -10,   /* a transfer failed (connection, TLS, protocol) */
	GISA_EHTTP = -11,    /* the server answered with an error status */
	GISA_EROBOTS = -12,  /* robots.txt disallows the URL */
	GISA_EDB = -13,      /* a database operation failed */
	GISA_EENCODING = -14,/* the input's encoding is unknown or unusable */
	GISA_ESTATE = -15,   /* an operation was called in the wrong state */
	GISA_EBUSY = -16,    /* a resource is held by someone else (a lock) */
	GISA_EINTR = -17,    /* interrupted by a signal or a stop request */
	GISA_E__LAST = -18
};

/* gisa_strerror - a short English description of code (never NULL). */
const char *gisa_strerror(int code);

#endif
