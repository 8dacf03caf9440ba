/* cli_store.c - `gisa export` and `gisa status`: reading the state
 * database that `gisa run` fills. Both open it read-only and take no
 * lock, so they work while a run is going on. */
#include "cli.h"
#include "error.h"
#include "store.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_DB "gisa.db"

/* gisa_cli_parse_since - DATE for --since: "YYYY-MM-DD" or
 * "YYYY-MM-DDTHH:MM[:SS]" with an optional "Z" or "+HH:MM" (UTC when
 * none), "@UNIXTIME", or an age "30m", "12h", "7d" before now. */
int gisa_cli_parse_since(const char *s, long long *out)
{
	struct tm tm;
	char *end;
	int y, mo, d, h = 0, mi = 0, sec = 0, n, oh = 0, om = 0;
	long long v;

	if (*s == '@') {
		v = strtoll(s + 1, &end, 10);
		if (end == s + 1 || *end || v < 0)
			return -1;
		*out = v;
		return 0;
	}
	v = strtoll(s, &end, 10);
	if (end != s && v >= 0 && end[0] && strchr("mhd", end[0]) &&
	    !end[1]) {
		v *= end[0] == 'm' ? 60 : end[0] == 'h' ? 3600 : 86400;
		*out = (long long)time(NULL) - v;
		return 0;
	}
	n = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3)
		return -1;
	s += n;
	if (*s == 'T' || *s == ' ') {
		n = 0;
		if (sscanf(s + 1, "%2d:%2d%n", &h, &mi, &n) != 2)
			return -1;
		s += 1 + n;
		if (*s == ':' && sscanf(s + 1, "%2d%n", &sec, &n) == 1)
			s += 1 + n;
		if (*s == 'Z')
			s++;
		else if ((*s == '+' || *s == '-') &&
			 sscanf(s + 1, "%2d:%2d%n", &oh, &om, &n) == 2) {
			if (*s == '-') {
				oh = -oh;
				om = -om;
			}
			s += 1 + n;
		}
	}
	if (*s || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 60)
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*out = (long long)timegm(&tm) - oh * 3600 - om * 60;
	return 0;
}

static int open_db(const char *cmd, const char *path, gisa_store **st)
{
	int rc = gisa_store_open(path, GISA_STORE_READONLY, st);

	if (rc) {
		fprintf(stderr, "gisa %s: %s\n", cmd,
			*st ? gisa_store_errmsg(*st) : gisa_strerror(rc));
		gisa_store_close(*st);
		*st = NULL;
	}
	return rc;
}

/* ---- export ---- */

struct export {
	int json;   /* a JSON array rather than JSON Lines */
	long long n;
};

static int print_article(void *ctx, const gisa_store_article *a)
{
	struct export *e = ctx;

	if (e->json)
		fputs(e->n ? ",\n" : "\n", stdout);
	fputs(a->record, stdout);
	if (!e->json)
		fputc('\n', stdout);
	e->n++;
	return ferror(stdout) ? GISA_EIO : 0;
}

int gisa_cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, 0, 'd' },
		{ "source", required_argument, 0, 's' },
		{ "since", required_argument, 0, 'S' },
		{ "format", required_argument, 0, 'f' },
		{ 0, 0, 0, 0 }
	};
	const char *db = DEFAULT_DB, *source = NULL;
	struct export e = { 0, 0 };
	long long since = 0;
	gisa_store *st = NULL;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 's': source = optarg; break;
		case 'S':
			if (gisa_cli_parse_since(optarg, &since) == 0)
				break;
			fprintf(stderr, "gisa export: --since: '%s' is not a "
				"date (2024-01-31, 2024-01-31T09:00+09:00, "
				"@1706659200, 12h, 7d)\n", optarg);
			return GISA_EXIT_USAGE;
		case 'f':
			if (strcmp(optarg, "json") == 0)
				e.json = 1;
			else if (strcmp(optarg, "jsonl") != 0) {
				fprintf(stderr, "gisa export: --format is "
					"jsonl or json\n");
				return GISA_EXIT_USAGE;
			}
			break;
		default:
			return GISA_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "gisa export: unexpected '%s'\n", argv[optind]);
		return GISA_EXIT_USAGE;
	}
	if (open_db("export", db, &st))
		return GISA_EXIT_FAILED;
	if (e.json)
		fputc('[', stdout);
	rc = gisa_store_each_article(st, source, since, print_article, &e);
	if (e.json)
		fputs(e.n ? "\n]\n" : "]\n", stdout);
	if (fflush(stdout) != 0 && rc >= 0)
		rc = GISA_EIO;
	if (rc < 0)
		fprintf(stderr, "gisa export: %s\n", rc == GISA_EIO &&
			ferror(stdout) ? "cannot write the output" :
			gisa_store_errmsg(st));
	else
		fprintf(stderr, "gisa export: %lld article%s\n", e.n,
			e.n == 1 ? "" : "s");
	gisa_store_close(st);
	return rc < 0 ? GISA_EXIT_FAILED : GISA_EXIT_OK;
}

/* ---- status ---- */

static void fmt_time(long long t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!t || !gmtime_r(&tt, &tm))
		snprintf(buf, n, "never");
	else
		strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* alert - "title, body empty in most recent articles" into b, or "". */
static void alert(const gisa_source_status *s, char *b, size_t n)
{
	gisa_field f[GISA_F__COUNT];
	int k = gisa_store_drift(s, f, GISA_F__COUNT);
	size_t used = 0;

	b[0] = '\0';
	for (int i = 0; i < k && used < n; i++)
		used += (size_t)snprintf(b + used, n - used, "%s%s",
					 i ? ", " : "", gisa_field_name(f[i]));
	if (k && used < n)
		snprintf(b + used, n - used, " empty in %zu of the last %zu "
			 "articles (layout drift?)",
			 s->recent_empty[f[0]], s->recent_n);
}

static void print_text(const gisa_source_status *v, size_t n)
{
	char last[32], fail[32], al[256];

	printf("%-16s %9s %9s %8s %7s  %-20s %s\n", "SOURCE", "ARTICLES",
	       "URLS", "PENDING", "FAILED", "LAST SUCCESS", "ALERT");
	for (size_t i = 0; i < n; i++) {
		fmt_time(v[i].last_success, last, sizeof last);
		alert(&v[i], al, sizeof al);
		printf("%-16s %9lld %9lld %8lld %7lld  %-20s %s\n", v[i].name,
		       v[i].articles, v[i].urls, v[i].pending, v[i].failed,
		       last, al);
		if (v[i].last_error) {
			fmt_time(v[i].last_failure, fail, sizeof fail);
			printf("  last failure %s: %s\n", fail,
			       v[i].last_error);
		}
	}
}

static json_t *status_json(const gisa_source_status *s)
{
	json_t *o = json_object(), *drift = json_array(), *empty = json_object();
	gisa_field f[GISA_F__COUNT];
	int k = gisa_store_drift(s, f, GISA_F__COUNT);
	char t[32];

	for (int i = 0; i < k; i++)
		json_array_append_new(drift, json_string(gisa_field_name(f[i])));
	for (int i = 0; i < GISA_F__COUNT; i++)
		if (s->recent_n)
			json_object_set_new(empty, gisa_field_name((gisa_field)i),
					    json_integer((json_int_t)s->recent_empty[i]));
	json_object_set_new(o, "source", json_string(s->name));
	json_object_set_new(o, "articles", json_integer(s->articles));
	json_object_set_new(o, "urls", json_integer(s->urls));
	json_object_set_new(o, "pending", json_integer(s->pending));
	json_object_set_new(o, "failed", json_integer(s->failed));
	json_object_set_new(o, "given_up", json_integer(s->given_up));
	fmt_time(s->last_success, t, sizeof t);
	json_object_set_new(o, "last_success",
			    s->last_success ? json_string(t) : json_null());
	if (s->last_error) {
		fmt_time(s->last_failure, t, sizeof t);
		json_object_set_new(o, "last_failure", json_string(t));
		json_object_set_new(o, "last_error", json_string(s->last_error));
	}
	json_object_set_new(o, "recent_articles",
			    json_integer((json_int_t)s->recent_n));
	json_object_set_new(o, "recent_empty", empty);
	json_object_set_new(o, "drift", drift);
	return o;
}

static int print_json(const gisa_source_status *v, size_t n)
{
	json_t *arr = json_array();
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		if (json_array_append_new(arr, status_json(&v[i])))
			rc = GISA_ENOMEM;
	if (!rc && json_dumpf(arr, stdout, JSON_INDENT(2) |
			      JSON_PRESERVE_ORDER) != 0)
		rc = GISA_EIO;
	fputc('\n', stdout);
	json_decref(arr);
	return rc;
}

int gisa_cmd_status(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, 0, 'd' },
		{ "format", required_argument, 0, 'f' },
		{ "recent", required_argument, 0, 'r' },
		{ 0, 0, 0, 0 }
	};
	const char *db = DEFAULT_DB;
	gisa_source_status *v = NULL;
	gisa_store *st = NULL;
	long recent = 20;
	int c, rc, json = 0;
	size_t n = 0;
	char *end;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'f':
			json = strcmp(optarg, "json") == 0;
			if (!json && strcmp(optarg, "text") != 0) {
				fprintf(stderr, "gisa status: --format is "
					"text or json\n");
				return GISA_EXIT_USAGE;
			}
			break;
		case 'r':
			recent = strtol(optarg, &end, 10);
			if (*end || recent < 5 || recent > 10000) {
				fprintf(stderr, "gisa status: --recent is a "
					"number from 5 to 10000\n");
				return GISA_EXIT_USAGE;
			}
			break;
		default:
			return GISA_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "gisa status: unexpected '%s'\n", argv[optind]);
		return GISA_EXIT_USAGE;
	}
	if (open_db("status", db, &st))
		return GISA_EXIT_FAILED;
	rc = gisa_store_status(st, (size_t)recent, (size_t)recent * 5, &v, &n);
	if (rc >= 0) {
		if (json)
			rc = print_json(v, n);
		else
			print_text(v, n);
	}
	if (rc < 0)
		fprintf(stderr, "gisa status: %s\n", rc == GISA_EIO ?
			"cannot write the output" : gisa_store_errmsg(st));
	gisa_store_status_free(v, n);
	gisa_store_close(st);
	return rc < 0 ? GISA_EXIT_FAILED : GISA_EXIT_OK;
}
