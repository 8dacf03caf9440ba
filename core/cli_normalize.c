/* cli_normalize.c - `gisa normalize`: extracted plain text in, the
 * article record out (see normalize.h for what is cleaned). */
#include "cli.h"
#include "article.h"
#include "error.h"
#include "io.h"
#include "normalize.h"
#include "record.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct opts {
	const char *source;
	const char *format;
	const char *lang;
	const char *path;
};

/* A rule name: lower-case letters, digits, "-" and "_", at most 64. */
static int rule_name_ok(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-_");
	return n && n <= 64 && !s[n];
}

/* "--name VALUE" or "--name=VALUE"; returns 1 and advances *i when
 * argv[*i] is that option, -1 when its value is missing. */
static int opt_value(int argc, char **argv, int *i, const char *name,
		     const char **val)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n))
		return 0;
	if (argv[*i][n] == '=') {
		*val = argv[*i] + n + 1;
		return 1;
	}
	if (argv[*i][n])
		return 0;
	if (*i + 1 >= argc)
		return -1;
	*val = argv[++*i];
	return 1;
}

static int usage(const char *msg, const char *arg)
{
	fprintf(stderr, "gisa normalize: %s%s%s\n", msg, arg ? " " : "",
		arg ? arg : "");
	fprintf(stderr, "usage: gisa normalize [--source NAME] "
			"[--format json|text] [--lang LANG] FILE|-\n");
	return GISA_EXIT_USAGE;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const char *const names[] = { "--source", "--format",
					     "--lang" };
	const char **slots[] = { &o->source, &o->format, &o->lang };

	for (int i = 1; i < argc; i++) {
		int hit = 0;
		for (size_t k = 0; k < 3 && !hit; k++) {
			hit = opt_value(argc, argv, &i, names[k], slots[k]);
			if (hit < 0)
				return usage("missing value for", names[k]);
		}
		if (hit)
			continue;
		if (argv[i][0] == '-' && argv[i][1])
			return usage("unknown option", argv[i]);
		if (o->path)
			return usage("one input only; extra", argv[i]);
		o->path = argv[i];
	}
	if (!o->path)
		return usage("no input (a file, or - for stdin)", NULL);
	if (strcmp(o->format, "json") && strcmp(o->format, "text"))
		return usage("--format is json or text, not", o->format);
	if (o->source && !rule_name_ok(o->source))
		return usage("not a rule name:", o->source);
	return 0;
}

static int print_text(const gisa_article *a)
{
	if (a->title)
		printf("%s\n\n", a->title);
	for (size_t i = 0; i < a->paragraphs.n; i++)
		printf("%s%s\n", i ? "\n" : "", a->paragraphs.v[i]);
	return ferror(stdout) ? GISA_EIO : 0;
}

static int print_json(gisa_article *a)
{
	json_t *obj = NULL;
	char hash[64];
	int rc;

	if (a->paragraphs.n) {
		gisa_record_hash(a, hash, sizeof hash);
		if ((rc = gisa_article_set(&a->content_hash, hash)) < 0)
			return rc;
	}
	if ((rc = gisa_record_to_json(a, &obj)) < 0)
		return rc;
	rc = json_dumpf(obj, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(obj);
	if (rc < 0 || putchar('\n') == EOF)
		return GISA_EIO;
	return 0;
}

int gisa_cmd_normalize(int argc, char **argv)
{
	struct opts o = { NULL, "json", NULL, NULL };
	gisa_article a = GISA_ARTICLE_INIT;
	char *data = NULL;
	size_t len = 0;
	int rc;

	if ((rc = parse_args(argc, argv, &o)))
		return rc;
	rc = gisa_read_input(o.path, GISA_NORMALIZE_MAX_TEXT, &data, &len);
	if (rc < 0) {
		fprintf(stderr, "gisa normalize: %s: %s\n", o.path,
			gisa_strerror(rc));
		return GISA_EXIT_FAILED;
	}
	/* The source's own `clean` patterns join here once rules are
	 * loaded; the generic filters below run for every source. */
	rc = gisa_normalize_text(data, len, o.lang, &a);
	if (rc == 0)
		rc = !strcmp(o.format, "text") ? print_text(&a)
					       : print_json(&a);
	if (rc < 0)
		fprintf(stderr, "gisa normalize: %s: %s\n", o.path,
			gisa_strerror(rc));
	gisa_article_clear(&a);
	free(data);
	return rc < 0 ? GISA_EXIT_FAILED : GISA_EXIT_OK;
}
