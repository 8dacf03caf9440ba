/* cli_normalize.c - `gisa normalize`: extracted plain text in, the
 * article record out (see normalize.h for what is cleaned). */
#include "cli.h"
#include "article.h"
#include "error.h"
#include "io.h"
#include "normalize.h"
#include "record.h"
#include "rules.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_RULE_DIRS 32

struct opts {
	const char *source;
	const char *format;
	const char *lang;
	const char *path;
	const char *dirs[MAX_RULE_DIRS]; /* --rules DIR... */
	size_t ndirs;
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
	fprintf(stderr, "usage: gisa normalize [--source NAME [--rules DIR]...] "
			"[--format json|text] [--lang LANG] FILE|-\n");
	return GISA_EXIT_USAGE;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const char *const names[] = { "--source", "--format",
					     "--lang", "--rules" };
	const char *dir = NULL;
	const char **slots[] = { &o->source, &o->format, &o->lang, &dir };

	for (int i = 1; i < argc; i++) {
		int hit = 0;
		for (size_t k = 0; k < 4 && !hit; k++) {
			hit = opt_value(argc, argv, &i, names[k], slots[k]);
			if (hit < 0)
				return usage("missing value for", names[k]);
		}
		if (dir) {
			if (o->ndirs == MAX_RULE_DIRS)
				return usage("too many --rules directories",
					     NULL);
			o->dirs[o->ndirs++] = dir;
			dir = NULL;
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
	if (o->ndirs && !o->source)
		return usage("--rules needs --source", NULL);
	return 0;
}

/* The registry holding rule name (the bundled rules, then dirs), or NULL
 * with the reason printed. */
static gisa_rules *open_source(const struct opts *o)
{
	gisa_rules *r = NULL;

	gisa_cli_open_rules("normalize", o->dirs, o->ndirs,
			    GISA_CLI_RULES_BUILTIN, &r);
	if (r && !gisa_rules_file(r, o->source)) {
		fprintf(stderr, "gisa normalize: no rule named '%s'\n",
			o->source);
		gisa_rules_close(r);
		r = NULL;
	}
	return r;
}

/* The text into a: read, the source's clean patterns (the same ones, and
 * the same code, that extraction applies to the rule's body), then the
 * generic filters every source gets. */
static int normalize(const char *data, size_t len, const struct opts *o,
		     gisa_rules *r, gisa_article *a)
{
	char err[1024];
	int rc;

	if (!r)
		return gisa_normalize_text(data, len, o->lang, a);
	rc = gisa_rules_normalize_text(r, o->source, data, len, o->lang, a,
				       err, sizeof err);
	if (rc == GISA_ERULE)
		fprintf(stderr, "gisa normalize: %s\n", err);
	return rc;
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
	struct opts o = { .format = "json" };
	gisa_article a = GISA_ARTICLE_INIT;
	gisa_rules *r = NULL;
	char *data = NULL;
	size_t len = 0;
	int rc;

	if ((rc = parse_args(argc, argv, &o)))
		return rc;
	if (o.source && !(r = open_source(&o)))
		return GISA_EXIT_USAGE;
	rc = gisa_read_input(o.path, GISA_NORMALIZE_MAX_TEXT, &data, &len);
	if (rc < 0) {
		fprintf(stderr, "gisa normalize: %s: %s\n", o.path,
			gisa_strerror(rc));
		gisa_rules_close(r);
		return GISA_EXIT_FAILED;
	}
	rc = normalize(data, len, &o, r, &a);
	if (rc == 0)
		rc = !strcmp(o.format, "text") ? print_text(&a)
					       : print_json(&a);
	if (rc < 0)
		fprintf(stderr, "gisa normalize: %s: %s\n", o.path,
			gisa_strerror(rc));
	gisa_article_clear(&a);
	gisa_rules_close(r);
	free(data);
	return rc < 0 ? GISA_EXIT_FAILED : GISA_EXIT_OK;
}
