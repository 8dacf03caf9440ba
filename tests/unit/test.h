/* test.h - the small harness every C test uses.
 *
 * A test program calls its checks, then returns t_done(), which prints
 * "N passed, M failed" and gives the exit status. Checks never stop the
 * program, so one run reports every failure. t_skip() exits with 77, which
 * ctest reports as skipped.
 *
 * Case files (tests/data/MODULE/NAME.cases) hold table-driven cases, in the
 * spirit of curl's tests/data: lines before the first case are comments;
 *
 *   ### name of the case
 *   --- field: one-line value
 *   --- field
 *   a multi-line value, up to the next "---" or "###" line
 *
 * A multi-line value loses its trailing newlines (blank lines may
 * separate cases).
 */
#ifndef GISA_TEST_H
#define GISA_TEST_H

#include <stddef.h>

extern int t_passed, t_failed;

void t_check(int ok, const char *file, int line, const char *what,
	     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void t_check_str(const char *got, const char *want, const char *file,
		 int line, const char *what);
void t_check_int(long got, long want, const char *file, int line,
		 const char *what);

#define T_OK(cond) t_check(!!(cond), __FILE__, __LINE__, #cond, NULL)
#define T_OKF(cond, ...) t_check(!!(cond), __FILE__, __LINE__, #cond, __VA_ARGS__)
#define T_STREQ(got, want) t_check_str((got), (want), __FILE__, __LINE__, #got)
#define T_INTEQ(got, want) \
	t_check_int((long)(got), (long)(want), __FILE__, __LINE__, #got)

/* t_context - a label printed with every failure until changed (a case
 * name); NULL clears it. */
void t_context(const char *label);
int t_done(void);
void t_skip(const char *why) __attribute__((noreturn));

/* t_path - GISA_SRC-relative path (static buffer, overwritten per call). */
const char *t_path(const char *rel);
/* t_shared - path under GISA_SHARED, or NULL when that folder is absent. */
const char *t_shared(const char *rel);
/* t_write_file - write text to dir/rel; a failure ends the test program
 * (the test cannot go on without its input). */
void t_write_file(const char *dir, const char *rel, const char *text);
/* t_read_file - whole file, malloc'd and NUL-terminated (NULL on error). */
char *t_read_file(const char *path, size_t *len);

typedef struct t_case {
	char *name;
	int line;              /* line of the "###" in the file */
	size_t n;
	char **keys, **vals;
} t_case;

typedef struct t_casefile {
	char *path;
	t_case *cases;
	size_t n;
} t_casefile;

/* t_cases_load - parse a case file; returns 0 or -1 (message printed). */
int t_cases_load(const char *path, t_casefile *cf);
/* t_cases_load_dir - every *.cases file in dir, concatenated in name
 * order; returns the number of cases or -1. */
int t_cases_load_dir(const char *dir, t_casefile *cf);
/* t_case_get - the field's value, or NULL when the case lacks it. */
const char *t_case_get(const t_case *c, const char *key);
void t_cases_free(t_casefile *cf);

#endif
