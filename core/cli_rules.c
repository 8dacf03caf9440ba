/* cli_rules.c - `gisa test` (golden fixtures of rules) and `gisa explain`
 * (where each field of a page's record came from).
 *
 * Both run gisa_extract() (the one per-page pipeline) strictly, with an
 * explain record:
 * decode and parse, metadata (in the rule's time zone), the rule, the
 * generic body when the rule gave none, normalize. Unlike `gisa extract`,
 * a failing rule is an error here, not a fallback: the rule's author
 * wants to see it.
 */
#include "cli.h"
#include "error.h"
#include "explain.h"
#include "extract.h"
#include "html.h"
#include "io.h"
#include "meta.h"
#include "record.h"
#include "rules.h"
#include "sandbox.h"
#include "select.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DIRS 32

/* ---- options shared by test and explain ---- */

struct rule_opts {
	const char *dirs[MAX_DIRS];
	size_t ndirs;
	const char *fixtures[MAX_DIRS];
	size_t nfixtures;
	int builtin;
	int json;            /* explain --json */
};

static int isdir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int add_dir(const char **v, size_t *n, const char *d)
{
	if (*n == MAX_DIRS)
		return -1;
	v[(*n)++] = d;
	return 0;
}

/* Open the registry: the built-in rules, then each --rules DIR. Load
 * errors are printed; they fail the command only when strict. */
static int open_rules(const char *cmd, struct rule_opts *ro, int strict,
		      gisa_rules **r)
{
	return gisa_cli_open_rules(cmd, ro->dirs, ro->ndirs,
				   (ro->builtin ? GISA_CLI_RULES_BUILTIN : 0) |
				   (strict ? GISA_CLI_RULES_STRICT : 0), r);
}

static int read_page(const char *cmd, const char *path, char **data,
		     size_t *len)
{
	int rc = gisa_read_input(path, 0, data, len);

	if (rc < 0)
		fprintf(stderr, "gisa %s: %s: %s\n", cmd, path,
			rc == GISA_EIO ? strerror(errno) : gisa_strerror(rc));
	return rc;
}

/* ---- gisa test ---- */

struct test_stats {
	int run, failed, updated;
};

/* Compact JSON of v, cut to n characters for the diff. */
static void print_value(const char *label, json_t *v)
{
	char *s = v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY |
				 JSON_PRESERVE_ORDER) : NULL;

	if (!s)
		printf("    %s (absent)\n", label);
	else if (strlen(s) > 400)
		printf("    %s %.400s... (%zu chars)\n", label, s, strlen(s));
	else
		printf("    %s %s\n", label, s);
	free(s);
}

/* The first differing element of two arrays, to point at the paragraph
 * that changed rather than print them all. */
static void array_diff(json_t *want, json_t *got)
{
	size_t nw = json_array_size(want), ng = json_array_size(got);

	for (size_t i = 0; i < nw || i < ng; i++) {
		json_t *w = json_array_get(want, i), *g = json_array_get(got, i);
		if (w && g && json_equal(w, g))
			continue;
		printf("    [%zu] of %zu expected, %zu got:\n", i, nw, ng);
		print_value("expected", w);
		print_value("got     ", g);
		return;
	}
}

/* Print a per-field diff; returns the number of fields that differ. */
static int diff_records(json_t *want, json_t *got)
{
	const char *key;
	json_t *v;
	int n = 0;

	json_object_foreach(got, key, v) {
		json_t *w = json_object_get(want, key);
		if (w && json_equal(w, v))
			continue;
		n++;
		printf("  %s:\n", key);
		if (!strcmp(key, "body"))
			continue; /* "paragraphs" shows it better */
		if (json_is_array(w) && json_is_array(v))
			array_diff(w, v);
		else {
			print_value("expected", w);
			print_value("got     ", v);
		}
	}
	json_object_foreach(want, key, v) {
		if (json_object_get(got, key))
			continue;
		n++;
		printf("  %s:\n", key);
		print_value("expected", v);
		print_value("got     ", NULL);
	}
	return n;
}

static char *read_url(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096];

	if (!f)
		return NULL;
	if (!fgets(line, sizeof line, f)) {
		fclose(f);
		return NULL;
	}
	fclose(f);
	line[strcspn(line, " \t\r\n")] = '\0';
	return line[0] ? strdup(line) : NULL;
}

static int write_expected(const char *path, json_t *rec)
{
	if (json_dump_file(rec, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0)
		return GISA_EIO;
	{ /* json_dump_file leaves no final newline */
		FILE *f = fopen(path, "a");
		if (!f)
			return GISA_EIO;
		fputc('\n', f);
		fclose(f);
	}
	return 0;
}

/* Run one fixture: dir/stem.html against dir/stem.expected.json. */
static void test_fixture(gisa_rules *r, const char *rule, const char *dir,
			 const char *stem, int update, struct test_stats *st)
{
	char html[8300], exp[8300], urlf[8300], err[4096];
	gisa_extract_opts o = { 0 };
	gisa_article a = GISA_ARTICLE_INIT;
	json_t *got = NULL, *want = NULL;
	json_error_t jerr;
	char *data = NULL, *url;
	size_t len;
	int rc, nd;

	snprintf(html, sizeof html, "%s/%s.html", dir, stem);
	snprintf(exp, sizeof exp, "%s/%s.expected.json", dir, stem);
	snprintf(urlf, sizeof urlf, "%s/%s.url", dir, stem);
	st->run++;
	url = read_url(urlf);
	o.url = url;
	o.rule = rule;
	o.rules = r;
	o.strict = 1;
	o.rule_error = err;
	o.rule_error_len = sizeof err;
	if ((rc = read_page("test", html, &data, &len)) < 0)
		goto fail;
	rc = gisa_extract(data, len, &o, &a);
	if (rc < 0) {
		printf("FAIL %s/%s: %s\n", rule, stem, rc == GISA_ERULE ? err :
		       gisa_strerror(rc));
		goto fail;
	}
	if (gisa_record_to_json(&a, &got) < 0)
		goto fail;
	want = json_load_file(exp, 0, &jerr);
	if (!want && !update) {
		printf("FAIL %s/%s: no expected record (%s); run gisa test "
		       "--update to write it\n", rule, stem, jerr.text);
		goto fail;
	}
	nd = want ? diff_records(want, got) : -1;
	if (nd == 0) {
		printf("ok   %s/%s\n", rule, stem);
		goto out;
	}
	if (!update) {
		printf("FAIL %s/%s: %d field%s differ (above)\n", rule, stem, nd,
		       nd == 1 ? "" : "s");
		goto fail;
	}
	if (write_expected(exp, got) < 0) {
		printf("FAIL %s/%s: cannot write %s\n", rule, stem, exp);
		goto fail;
	}
	printf("updated %s/%s%s\n", rule, stem, want ? " (diff above)" :
	       " (new expected record)");
	st->updated++;
	goto out;
fail:
	st->failed++;
out:
	json_decref(got);
	json_decref(want);
	gisa_article_clear(&a);
	free(data);
	free(url);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The NAME of every NAME.html in dir, sorted. */
static void list_pages(const char *dir, gisa_strv *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (e->d_name[0] != '.' && l > 5 &&
		    !strcmp(e->d_name + l - 5, ".html"))
			gisa_strv_pushn(out, e->d_name, l - 5);
	}
	closedir(d);
	if (out->n)
		qsort(out->v, out->n, sizeof *out->v, cmp_names);
}

static int wanted(const char *rule, int argc, char **argv)
{
	if (argc == 0)
		return 1;
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], rule))
			return 1;
	return 0;
}

static int parse_rule_opts(int argc, char **argv, struct rule_opts *ro,
			   int *update, const char **url, const char **rule,
			   const char **charset, const char *cmd)
{
	static const struct option longs[] = {
		{ "rules", required_argument, 0, 'r' },
		{ "fixtures", required_argument, 0, 'f' },
		{ "update", no_argument, 0, 'u' },
		{ "no-builtin", no_argument, 0, 'n' },
		{ "rule", required_argument, 0, 'R' },
		{ "url", required_argument, 0, 'U' },
		{ "charset", required_argument, 0, 'c' },
		{ "json", no_argument, 0, 'j' },
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 } };
	int c;

	ro->builtin = 1;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", longs, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (add_dir(ro->dirs, &ro->ndirs, optarg) < 0)
				return gisa_cli_usage(cmd, "too many --rules");
			break;
		case 'f':
			if (add_dir(ro->fixtures, &ro->nfixtures, optarg) < 0)
				return gisa_cli_usage(cmd, "too many --fixtures");
			break;
		case 'n': ro->builtin = 0; break;
		case 'j':
			if (!url) /* explain only */
				return gisa_cli_usage(cmd, "unknown option");
			ro->json = 1;
			break;
		case 'u':
			if (!update)
				return gisa_cli_usage(cmd, "unknown option");
			*update = 1;
			break;
		case 'R':
		case 'U':
		case 'c':
			if (!url)
				return gisa_cli_usage(cmd, "unknown option");
			*(c == 'R' ? rule : c == 'U' ? url : charset) = optarg;
			break;
		case 'h':
			gisa_cli_help(cmd);
			return -1;
		default:
			return gisa_cli_usage(cmd, "unknown option");
		}
	}
	return 0;
}

int gisa_cmd_test(int argc, char **argv)
{
	struct rule_opts ro = { 0 };
	struct test_stats st = { 0 };
	int update = 0, rc, named_missing = 0;
	gisa_strv fdirs = GISA_STRV_INIT;
	gisa_rules *r = NULL;

	rc = parse_rule_opts(argc, argv, &ro, &update, NULL, NULL, NULL,
			     "test");
	if (rc)
		return rc < 0 ? GISA_EXIT_OK : rc;
	argc -= optind;
	argv += optind;
	if (!ro.nfixtures) { /* tests/fixtures, and DIR/fixtures per --rules */
		if (isdir("tests/fixtures"))
			gisa_strv_push(&fdirs, "tests/fixtures");
		for (size_t i = 0; i < ro.ndirs; i++) {
			char p[4096];
			snprintf(p, sizeof p, "%s/fixtures", ro.dirs[i]);
			if (isdir(p))
				gisa_strv_push(&fdirs, p);
		}
	}
	for (size_t i = 0; i < ro.nfixtures; i++)
		gisa_strv_push(&fdirs, ro.fixtures[i]);
	if ((rc = open_rules("test", &ro, 1, &r)) < 0) {
		st.failed++;
		if (!r)
			goto out;
	}
	for (int i = 0; i < argc; i++)
		if (!gisa_rules_file(r, argv[i])) {
			fprintf(stderr, "gisa test: no rule named '%s'\n",
				argv[i]);
			named_missing++;
		}
	for (size_t f = 0; f < fdirs.n; f++) {
		for (size_t k = 0; k < gisa_rules_count(r); k++) {
			const char *rule = gisa_rules_name(r, k);
			gisa_strv pages = GISA_STRV_INIT;
			char dir[8200];
			if (!wanted(rule, argc, argv))
				continue;
			snprintf(dir, sizeof dir, "%s/%s", fdirs.v[f], rule);
			list_pages(dir, &pages);
			for (size_t p = 0; p < pages.n; p++)
				test_fixture(r, rule, dir, pages.v[p], update,
					     &st);
			gisa_strv_clear(&pages);
		}
	}
	if (st.run == 0 && !named_missing)
		fprintf(stderr, "gisa test: no fixtures found (looked for "
			"RULE/NAME.html under %s)\n", fdirs.n ? fdirs.v[0] :
			"tests/fixtures");
	printf("%d fixture%s, %d failed%s", st.run, st.run == 1 ? "" : "s",
	       st.failed, st.updated ? "" : "\n");
	if (st.updated)
		printf(", %d updated\n", st.updated);
out:
	gisa_rules_close(r);
	gisa_strv_clear(&fdirs);
	return st.failed || named_missing || st.run == 0 ? GISA_EXIT_FAILED
							 : GISA_EXIT_OK;
}

/* ---- gisa explain ---- */

/* Print s on one line: line breaks as " / ", cut after about max bytes at
 * a character boundary, "..." when cut. */
static void print_cut(const char *s, size_t max)
{
	size_t n = 0;

	for (; *s && n < max; s++, n++) {
		if (*s == '\n')
			fputs(" / ", stdout);
		else
			putchar(*s);
	}
	while (((unsigned char)*s & 0xC0) == 0x80) /* finish the character */
		putchar(*s++);
	if (*s)
		fputs("...", stdout);
}

static void print_field(const gisa_article *a, const gisa_explain *ex,
			gisa_field f)
{
	const char *name = gisa_field_name(f);
	const gisa_explain_field *ef = gisa_explain_field_find(ex, name);
	json_t *rec = NULL, *v;
	char *val = NULL;

	if (gisa_record_to_json(a, &rec) == 0 &&
	    (v = json_object_get(rec, f == GISA_F_BODY ? "paragraphs" : name)))
		val = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	if (f == GISA_F_BODY && val) {
		size_t chars = 0;
		for (size_t i = 0; i < a->paragraphs.n; i++)
			for (const char *c = a->paragraphs.v[i]; *c; c++)
				chars += ((unsigned char)*c & 0xC0) != 0x80;
		printf("%-13s %zu paragraphs, %zu characters\n", name,
		       a->paragraphs.n, chars);
		for (size_t i = 0; i < a->paragraphs.n && i < 3; i++) {
			printf("%-13s   ", "");
			print_cut(a->paragraphs.v[i], 100);
			putchar('\n');
		}
		if (a->paragraphs.n > 3)
			printf("%-13s   ...\n", "");
	} else {
		printf("%-13s ", name);
		print_cut(val ? val : "-", 300);
		putchar('\n');
	}
	if (a->origin[f] || (ef && ef->origin))
		printf("%-13s   from %s", "", a->origin[f] ? a->origin[f]
							  : ef->origin);
	if (ef && ef->selector)
		printf(" via '%s' (%ld node%s)", ef->selector, ef->nodes,
		       ef->nodes == 1 ? "" : "s");
	if (a->origin[f] || (ef && (ef->origin || ef->selector)))
		putchar('\n');
	if (ef && ef->origin && a->origin[f] && strcmp(ef->origin,
						       a->origin[f]))
		printf("%-13s   (the rule gave %s; a later stage changed it)\n",
		       "", ef->origin);
	for (size_t i = 0; ef && i < ef->tried.n; i++)
		printf("%-13s   tried '%s'\n", "", ef->tried.v[i]);
	for (size_t i = 0; ef && i < ef->removed.n; i++) {
		printf("%-13s   removed: ", "");
		print_cut(ef->removed.v[i], 200);
		putchar('\n');
	}
	for (size_t i = 0; ef && i < ef->notes.n; i++)
		printf("%-13s   note: %s\n", "", ef->notes.v[i]);
	free(val);
	json_decref(rec);
}

static json_t *strv_json(const gisa_strv *sv)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < sv->n; i++)
		json_array_append_new(arr, json_string(sv->v[i]));
	return arr;
}

/* explain --json: the record and the explain data as one object. */
static int print_explain_json(const gisa_article *a, const gisa_explain *ex,
			      const char *error)
{
	json_t *o = json_object(), *fields = json_object(),
	       *stages = json_object(), *rec = NULL;
	char *s;

	if (!o || !fields || !stages)
		goto nomem;
	json_object_set_new(o, "rule", ex->rule ? json_string(ex->rule)
						: json_null());
	json_object_set_new(o, "why", json_string(ex->why ? ex->why : ""));
	if (error)
		json_object_set_new(o, "error", json_string(error));
	else if (gisa_record_to_json(a, &rec) == 0)
		json_object_set_new(o, "record", rec);
	for (size_t i = 0; i < ex->n_fields; i++) {
		const gisa_explain_field *f = &ex->fields[i];
		json_t *e = json_object();
		if (!e)
			goto nomem;
		if (f->origin)
			json_object_set_new(e, "origin", json_string(f->origin));
		if (f->selector) {
			json_object_set_new(e, "selector",
					    json_string(f->selector));
			json_object_set_new(e, "nodes", json_integer(f->nodes));
		}
		json_object_set_new(e, "tried", strv_json(&f->tried));
		json_object_set_new(e, "removed", strv_json(&f->removed));
		json_object_set_new(e, "notes", strv_json(&f->notes));
		json_object_set_new(fields, f->field, e);
	}
	json_object_set_new(o, "fields", fields);
	for (size_t i = 0; i < ex->n_stages; i++)
		json_object_set_new(stages, ex->stages[i].name,
				    json_real(ex->stages[i].ms));
	json_object_set_new(o, "ms", stages);
	json_object_set_new(o, "instructions", json_integer(ex->instructions));
	json_object_set_new(o, "log", strv_json(&ex->log));
	s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!s)
		goto nomem;
	puts(s);
	free(s);
	json_decref(o);
	return 0;
nomem:
	json_decref(o);
	json_decref(fields);
	json_decref(stages);
	return GISA_ENOMEM;
}

static int explain_usage(const char *msg)
{
	return gisa_cli_usage("explain", msg);
}

int gisa_cmd_explain(int argc, char **argv)
{
	struct rule_opts ro = { 0 };
	gisa_extract_opts o = { 0 };
	gisa_article a = GISA_ARTICLE_INIT;
	gisa_explain ex = GISA_EXPLAIN_INIT;
	const char *url = NULL, *rule = NULL, *charset = NULL;
	gisa_rules *r = NULL;
	char *data = NULL, err[4096];
	size_t len;
	int rc;

	rc = parse_rule_opts(argc, argv, &ro, NULL, &url, &rule, &charset,
			     "explain");
	if (rc)
		return rc < 0 ? GISA_EXIT_OK : rc;
	if (argc - optind != 1)
		return explain_usage("one FILE please");
	if (open_rules("explain", &ro, 0, &r) < 0 && !r)
		return GISA_EXIT_FAILED;
	if (rule && !gisa_rules_file(r, rule)) {
		fprintf(stderr, "gisa explain: no rule named '%s'\n", rule);
		rc = GISA_EXIT_FAILED;
		goto out;
	}
	if ((rc = read_page("explain", argv[optind], &data, &len)) < 0) {
		rc = GISA_EXIT_FAILED;
		goto out;
	}
	o.url = url;
	o.rule = rule;
	o.charset = charset;
	o.rules = r;
	o.strict = 1;
	o.explain = &ex;
	o.rule_error = err;
	o.rule_error_len = sizeof err;
	rc = gisa_extract(data, len, &o, &a);
	if (ro.json) {
		if (print_explain_json(&a, &ex, rc < 0 ? (rc == GISA_ERULE ?
				       err : gisa_strerror(rc)) : NULL) < 0)
			fprintf(stderr, "gisa explain: out of memory\n");
		rc = rc < 0 ? GISA_EXIT_FAILED : GISA_EXIT_OK;
		goto out;
	}
	printf("page          %s%s%s\n", argv[optind], url ? " " : "",
	       url ? url : "");
	printf("rule          %s: %s\n", ex.rule ? ex.rule : "none",
	       ex.why ? ex.why : "");
	if (ex.rule)
		printf("file          %s\n", gisa_rules_file(r, ex.rule));
	if (rc < 0) {
		printf("error         %s\n", rc == GISA_ERULE ? err :
		       gisa_strerror(rc));
		rc = GISA_EXIT_FAILED;
		goto out;
	}
	putchar('\n');
	for (int f = 0; f < GISA_F__COUNT; f++)
		print_field(&a, &ex, f);
	putchar('\n');
	printf("extractor     %s\n", a.extractor ? a.extractor : "-");
	for (size_t i = 0; i < a.warnings.n; i++)
		printf("warning       %s\n", a.warnings.v[i]);
	printf("time          ");
	for (size_t i = 0; i < ex.n_stages; i++)
		printf("%s%s %.2f ms", i ? ", " : "", ex.stages[i].name,
		       ex.stages[i].ms);
	putchar('\n');
	if (ex.instructions >= 0)
		printf("lua           about %ld VM instructions, %zu KiB in "
		       "the rule's state\n", ex.instructions,
		       ex.lua_bytes >> 10);
	for (size_t i = 0; i < ex.log.n; i++)
		printf("log           %s\n", ex.log.v[i]);
	rc = GISA_EXIT_OK;
out:
	gisa_explain_clear(&ex);
	gisa_article_clear(&a);
	gisa_rules_close(r);
	free(data);
	return rc;
}

/* ---- gisa discover ---- */

static int discover_usage(const char *msg)
{
	return gisa_cli_usage("discover", msg);
}

/* discover_rule - the rule named, else the one serving url; NULL (said)
 * when none. */
static const char *discover_rule(gisa_rules *r, const char *rule,
				 const char *url)
{
	const char *name = rule ? rule : gisa_rules_match(r, url);

	if (!name)
		fprintf(stderr, "gisa discover: no rule serves %s (give "
			"--rule)\n", url);
	else if (!gisa_rules_file(r, name)) {
		fprintf(stderr, "gisa discover: no rule named '%s'\n", name);
		name = NULL;
	}
	return name;
}

int gisa_cmd_discover(int argc, char **argv)
{
	struct rule_opts ro = { 0 };
	const char *url = NULL, *rule = NULL, *charset = NULL, *name;
	gisa_strv urls = GISA_STRV_INIT;
	gisa_rules_discovered info;
	gisa_rules *r = NULL;
	gisa_doc *doc = NULL;
	char *data = NULL, err[4096];
	size_t len;
	int rc;

	rc = parse_rule_opts(argc, argv, &ro, NULL, &url, &rule, &charset,
			     "discover");
	if (rc)
		return rc < 0 ? GISA_EXIT_OK : rc;
	if (ro.json)
		return discover_usage("unknown option");
	if (argc - optind != 1)
		return discover_usage("one FILE please");
	if (!url)
		return discover_usage("--url URL: the section page's address "
				      "(relative links are resolved against "
				      "it)");
	rc = GISA_EXIT_FAILED;
	if (open_rules("discover", &ro, 0, &r) < 0 && !r)
		return rc;
	if (!(name = discover_rule(r, rule, url)))
		goto out;
	if (read_page("discover", argv[optind], &data, &len) < 0)
		goto out;
	if (gisa_page_parse(data, len, charset, url, &doc, NULL) < 0) {
		fprintf(stderr, "gisa discover: %s: cannot parse the page\n",
			argv[optind]);
		goto out;
	}
	if (gisa_rules_discover(r, name, doc, &urls, &info, err,
				sizeof err) < 0) {
		fprintf(stderr, "gisa discover: %s\n", err[0] ? err :
			"out of memory");
		goto out;
	}
	for (size_t i = 0; i < urls.n; i++)
		puts(urls.v[i]);
	fprintf(stderr, "gisa discover: rule %s: %zu article URLs", name,
		urls.n);
	if (info.junk)
		fprintf(stderr, "; %zu values that are not URLs skipped",
			info.junk);
	if (info.over)
		fprintf(stderr, "; %zu URLs over the limit of %d dropped",
			info.over, GISA_RULES_DISCOVER_MAX);
	fputc('\n', stderr);
	rc = fflush(stdout) == 0 ? GISA_EXIT_OK : GISA_EXIT_FAILED;
out:
	gisa_strv_clear(&urls);
	gisa_doc_free(doc);
	gisa_rules_close(r);
	free(data);
	return rc;
}
