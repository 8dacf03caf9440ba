/* error.c - text for gisa error codes. */
#include "error.h"

static const char *const messages[] = {
	"success",
	"out of memory",
	"invalid argument",
	"input/output error",
	"document could not be parsed",
	"invalid selector",
	"limit reached",
	"not found",
	"rule failed",
	"timed out",
	"transfer failed",
	"HTTP error status",
	"disallowed by robots.txt",
	"database error",
	"unknown or unusable encoding",
	"operation called in the wrong state",
	"resource busy",
	"interrupted",
};

const char *gisa_strerror(int code)
{
	int i = -code;
	if (i < 0 || i >= (int)(sizeof messages / sizeof messages[0]))
		return "unknown error";
	return messages[i];
}
