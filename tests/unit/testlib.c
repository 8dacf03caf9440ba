/* testlib.c - test harness and case-file reader (see test.h). */
#include "test.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int t_passed, t_failed;
static const char *context;

void t_context(const char *label)
{
	context = label;
}

void t_check(int ok, const char *file, int line, const char *what,
	     const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		t_passed++;
		return;
	}
	t_failed++;
	fprintf(stderr, "%s:%d: FAIL%s%s%s: %s", file, line,
		context ? " [" : "", context ? context : "",
		context ? "]" : "", what);
	if (fmt) {
		fputs(": ", stderr);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
	}
	fputc('\n', stderr);
}

void t_check_str(const char *got, const char *want, const char *file,
		 int line, const char *what)
{
	int ok = (got == NULL && want == NULL) ||
		 (got && want && strcmp(got, want) == 0);
	t_check(ok, file, line, what, "\n  got:  %s%s%s\n  want: %s%s%s",
		got ? "\"" : "", got ? got : "(null)", got ? "\"" : "",
		want ? "\"" : "", want ? want : "(null)", want ? "\"" : "");
}

void t_check_int(long got, long want, const char *file, int line,
		 const char *what)
{
	t_check(got == want, file, line, what, "got %ld, want %ld", got, want);
}

int t_done(void)
{
	printf("%d passed, %d failed\n", t_passed, t_failed);
	return t_failed ? 1 : 0;
}

void t_skip(const char *why)
{
	printf("skipped: %s\n", why);
	exit(77);
}

const char *t_path(const char *rel)
{
	static char buf[4096];
	const char *src = getenv("GISA_SRC");
	snprintf(buf, sizeof buf, "%s/%s", src ? src : ".", rel);
	return buf;
}

const char *t_shared(const char *rel)
{
	static char buf[4096];
	const char *sh = getenv("GISA_SHARED");
	struct stat st;

	snprintf(buf, sizeof buf, "%s/%s", sh ? sh : "../shared", rel);
	return stat(buf, &st) == 0 ? buf : NULL;
}

void t_write_file(const char *dir, const char *rel, const char *text)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, rel);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
}

char *t_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t n = 0, cap = 0, got;

	if (!f)
		return NULL;
	do {
		if (cap - n < 65536) {
			char *p = realloc(data, cap = cap * 2 + 65536);
			if (!p) {
				free(data);
				fclose(f);
				return NULL;
			}
			data = p;
		}
		got = fread(data + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	fclose(f);
	data[n] = '\0';
	if (len)
		*len = n;
	return data;
}

static void case_add_field(t_case *c, const char *key, size_t klen,
			   const char *val, size_t vlen)
{
	c->keys = realloc(c->keys, (c->n + 1) * sizeof *c->keys);
	c->vals = realloc(c->vals, (c->n + 1) * sizeof *c->vals);
	c->keys[c->n] = strndup(key, klen);
	c->vals[c->n] = strndup(val, vlen);
	c->n++;
}

static size_t line_len(const char *p)
{
	const char *nl = strchr(p, '\n');
	return nl ? (size_t)(nl - p) : strlen(p);
}

static int is_marker(const char *p)
{
	return strncmp(p, "### ", 4) == 0 || strncmp(p, "--- ", 4) == 0;
}

/* Parse the field starting at the "--- " line p; return the text after it. */
static const char *parse_field(t_case *c, const char *p, int *lineno)
{
	size_t n = line_len(p);
	const char *key = p + 4, *colon = memchr(key, ':', n - 4);
	const char *next = p[n] ? p + n + 1 : p + n;

	(*lineno)++;
	if (colon) {
		const char *v = colon + 1;
		while (*v == ' ')
			v++;
		case_add_field(c, key, (size_t)(colon - key), v,
			       (size_t)(p + n - v));
		return next;
	}
	const char *start = next, *q = next;
	while (*q && !is_marker(q)) {
		size_t l = line_len(q);
		q += l + (q[l] ? 1 : 0);
		(*lineno)++;
	}
	size_t vlen = (size_t)(q - start);
	while (vlen && start[vlen - 1] == '\n')
		vlen--;
	case_add_field(c, key, n - 4, start, vlen);
	return q;
}

int t_cases_load(const char *path, t_casefile *cf)
{
	char *text = t_read_file(path, NULL);
	const char *p;
	int lineno = 1;

	if (!text) {
		fprintf(stderr, "%s: cannot read\n", path);
		return -1;
	}
	if (!cf->path)
		cf->path = strdup(path);
	p = text;
	while (*p) {
		size_t n = line_len(p);
		if (strncmp(p, "### ", 4) == 0) {
			cf->cases = realloc(cf->cases,
					    (cf->n + 1) * sizeof *cf->cases);
			t_case *c = &cf->cases[cf->n++];
			memset(c, 0, sizeof *c);
			c->name = strndup(p + 4, n - 4);
			c->line = lineno;
		} else if (strncmp(p, "--- ", 4) == 0 && cf->n) {
			p = parse_field(&cf->cases[cf->n - 1], p, &lineno);
			continue;
		}
		p += n + (p[n] ? 1 : 0);
		lineno++;
	}
	free(text);
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int t_cases_load_dir(const char *dir, t_casefile *cf)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;
	char path[4096];

	if (!d) {
		fprintf(stderr, "%s: cannot open directory\n", dir);
		return -1;
	}
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l > 6 && strcmp(e->d_name + l - 6, ".cases") == 0) {
			names = realloc(names, (n + 1) * sizeof *names);
			names[n++] = strdup(e->d_name);
		}
	}
	closedir(d);
	qsort(names, n, sizeof *names, name_cmp);
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (t_cases_load(path, cf) < 0)
			return -1;
		free(names[i]);
	}
	free(names);
	return (int)cf->n;
}

const char *t_case_get(const t_case *c, const char *key)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->keys[i], key) == 0)
			return c->vals[i];
	return NULL;
}

void t_cases_free(t_casefile *cf)
{
	for (size_t i = 0; i < cf->n; i++) {
		t_case *c = &cf->cases[i];
		for (size_t k = 0; k < c->n; k++) {
			free(c->keys[k]);
			free(c->vals[k]);
		}
		free(c->keys);
		free(c->vals);
		free(c->name);
	}
	free(cf->cases);
	free(cf->path);
	memset(cf, 0, sizeof *cf);
}
