/* cli.c - command dispatch, help and version. */
#include "cli.h"

#include "error.h"
#include "rules.h"
#include "strv.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;   /* first line of `gisa help NAME` */
	const char *summary; /* one line for the command list */
	const char *help;    /* the rest of `gisa help NAME` */
};

static const struct command commands[] = {
	{ "extract", gisa_cmd_extract,
	  "gisa extract [--url URL] [--rule NAME] [--rules DIR]... [--format json|jsonl]\n"
	  "                    [--jobs N] FILE|-...",
	  "extract the article of each page as JSON",
	  "Reads each FILE (- is stdin; gzip files are inflated) and prints its\n"
	  "article record: one pretty JSON object for one input, JSON Lines for\n"
	  "several, in input order.\n\n"
	  "  --url URL         the page's address (one input only); it picks\n"
	  "                    the rule serving that site\n"
	  "  --rule NAME       use this rule whatever the URL\n"
	  "  --rules DIR       also load the rules in DIR (repeatable; later\n"
	  "                    ones override the bundled scripts/sources)\n"
	  "  --format FMT      json (an object; an array for several inputs)\n"
	  "                    or jsonl (one object per line)\n"
	  "  --charset NAME    the charset an HTTP header gave, if any\n"
	  "  --jobs N          extract with N threads (default: all cores)\n\n"
	  "Exit status: 0 ok, 1 some inputs failed (each named on stderr),\n"
	  "2 usage error." },
	{ "select", gisa_cmd_select,
	  "gisa select [--xpath] [--html] CSS|XPATH FILE...",
	  "print what a CSS selector or XPath matches in a page",
	  "Prints the text of each matching element, one per line, or with\n"
	  "--html its outer HTML. With --xpath the expression is XPath 1.0; a\n"
	  "number or string result (count(//p), string(//title)) is printed.\n\n"
	  "  --xpath           the expression is XPath, not CSS\n"
	  "  --html            print outer HTML instead of text\n"
	  "  --charset NAME    the page's charset, if known\n\n"
	  "Exit status: 0 ok (also when nothing matched), 1 a file could not\n"
	  "be read, 2 usage error or an invalid expression." },
	{ "text", gisa_cmd_text,
	  "gisa text FILE...",
	  "print a page's visible text, paragraph by paragraph",
	  "Prints everything a reader would see, paragraphs separated by a\n"
	  "blank line: no extraction, no filtering. Useful to see what the\n"
	  "extractor starts from.\n\n"
	  "  --charset NAME    the page's charset, if known" },
	{ "normalize", gisa_cmd_normalize,
	  "gisa normalize [--source NAME [--rules DIR]...] [--format json|text] "
	  "[--lang LANG] FILE|-",
	  "clean extracted plain text into an article record",
	  "Reads already-extracted article text (a file, or - for stdin) and\n"
	  "prints the article record: title (when the first lines carry one),\n"
	  "authors, dateline and the body paragraphs, with the boilerplate\n"
	  "filters every page gets (ads, captions, bylines, share/login chrome,\n"
	  "cookie banners, related-article lists, copyright lines, repeats).\n\n"
	  "  --source NAME   the source rule whose clean patterns also apply,\n"
	  "                  first (as in extraction); bylines they remove\n"
	  "                  still name the authors\n"
	  "  --rules DIR     also read rules from DIR (repeatable)\n"
	  "  --format FMT    json (default) or text: the title, a blank line,\n"
	  "                  then the paragraphs separated by blank lines\n"
	  "  --lang LANG     the text's language, if known" },
	{ "fetch", gisa_cmd_fetch,
	  "gisa fetch [--extract] [--out DIR] [OPTIONS] URL...|-",
	  "fetch pages politely; print fetch records or articles",
	  "Fetches each URL (- reads URLs from stdin, one per line) with\n"
	  "robots.txt, per-host politeness, retries and size limits, and\n"
	  "prints one JSON line per URL: the fetch record (status, final URL,\n"
	  "headers, timings, bytes), or with --extract the article record.\n"
	  "Progress goes to stderr: a bar on a terminal, a line per URL\n"
	  "otherwise.\n\n"
	  "  --extract              print article records (JSON Lines)\n"
	  "  --out DIR              save bodies as DIR/HOST/NAME.html\n"
	  "  --concurrency N        transfers at once (16)\n"
	  "  --per-host N           transfers at once per host (2)\n"
	  "  --delay SECONDS        pause between requests to a host (1;\n"
	  "                         a larger robots.txt Crawl-delay wins)\n"
	  "  --ignore-robots        do not read robots.txt (not the default)\n"
	  "  --user-agent STRING    replace the User-Agent\n"
	  "  --contact URL          contact URL in the default User-Agent\n"
	  "  --timeout SECONDS      whole transfer (60)\n"
	  "  --connect-timeout S    (10)\n"
	  "  --low-speed-limit B    abort below B bytes/s ... (512)\n"
	  "  --low-speed-time S     ... for S seconds (20)\n"
	  "  --robots-timeout S     for one robots.txt (10)\n"
	  "  --max-size SIZE        keep at most SIZE bytes, decompressed;\n"
	  "                         longer bodies are cut and marked (10M)\n"
	  "  --max-redirects N      (10)\n"
	  "  --retries N            on timeouts, 429, 5xx (3)\n"
	  "  --retry-wait SECONDS   first backoff, doubled each retry (1)\n"
	  "  --etag VALUE           send If-None-Match (a 304 is not modified)\n"
	  "  --if-modified-since D  send If-Modified-Since\n"
	  "  --resolve H:P:ADDR     resolve host H port P to ADDR (as curl)\n"
	  "  --cookies              keep cookies between requests (off)\n"
	  "  -q, --quiet            no progress, only failures\n\n"
	  "Proxies come from http_proxy, https_proxy and no_proxy.\n\n"
	  "Exit status: 0 ok, 1 some URLs failed (each named on stderr),\n"
	  "2 usage error." },
	{ "run", gisa_cmd_run,
	  "gisa run --once|--every DURATION [--config FILE] [--rules DIR]... "
	  "[--db PATH] [--source NAME]... [--out FILE|-]",
	  "fetch and extract new articles from the sources' feeds, sitemaps, sections",
	  "One run: each source's feeds, sitemaps and section pages are fetched\n"
	  "(conditional GET; at most once per the source's schedule), what\n"
	  "they list (a section page: what its rule's discover returns) joins\n"
	  "the URL frontier in the state database, and due pages are\n"
	  "fetched, stored raw, extracted and stored as articles,\n"
	  "deduplicated by canonical URL and content hash. New and\n"
	  "updated articles are printed to --out as JSON Lines as they come;\n"
	  "a line a killed run owed is written by the next run with the same\n"
	  "--out, first (in a regular file: each line once).\n"
	  "--every repeats the run, starting one every DURATION (600, 10m, 2h).\n\n"
	  "  --once              one run, then exit (cron, systemd timers)\n"
	  "  --every DURATION    run again and again (a daemon)\n"
	  "  --config FILE       a Lua file returning the settings (see docs/cli.md)\n"
	  "  --rules DIR         rule folder (repeatable; default scripts/sources)\n"
	  "  --db PATH           state database (default ./gisa.db)\n"
	  "  --source NAME       only this source (repeatable; default all)\n"
	  "  --out FILE|-        append new and updated articles (JSON Lines)\n"
	  "  --concurrency N     transfers at once (16)\n"
	  "  --per-host N        transfers at once per host (2)\n"
	  "  --delay SECONDS     pause between requests to a host (1)\n"
	  "  --lease DURATION    how long a claimed URL is held (300)\n"
	  "  --resolve H:P:ADDR  resolve host H port P to ADDR (as curl)\n"
	  "  -q, --quiet         no progress on stderr\n\n"
	  "The command line outranks the configuration. SIGINT or SIGTERM:\n"
	  "no new pages are started, the ones in flight are stored, exit 0; a\n"
	  "second signal ends the transfers in flight (due again at once) and\n"
	  "exits 128 + the signal; the database stays consistent. A lock\n"
	  "keeps a second run off the same database (exit 1)." },
	{ "reextract", gisa_cmd_reextract,
	  "gisa reextract [--db PATH] [--rules DIR]... [--source NAME] "
	  "[--since DATE] [--out FILE|-]",
	  "extract the stored raw pages again with the current rules",
	  "Runs extraction over the raw pages in the state database (no\n"
	  "network) and stores the articles: what a rule author does after\n"
	  "fixing a rule. Reports how many articles changed and how many did\n"
	  "not; --out appends the new and changed records as JSON Lines.\n"
	  "DATE as for export: pages fetched since then." },
	{ "export", gisa_cmd_export,
	  "gisa export [--db PATH] [--source NAME] [--since DATE] "
	  "[--format jsonl|json]",
	  "print stored articles as JSON Lines or a JSON array",
	  "Prints the articles in the state database (default ./gisa.db) that\n"
	  "were stored or updated since DATE, of one source or all, one JSON\n"
	  "record per line (jsonl, the default) or as one array (json).\n"
	  "DATE: 2024-01-31, 2024-01-31T09:00:00+09:00 (UTC without an\n"
	  "offset), @UNIXTIME, or an age: 30m, 12h, 7d. Reads without a lock,\n"
	  "so it works while `gisa run` is running." },
	{ "status", gisa_cmd_status,
	  "gisa status [--db PATH] [--format text|json] [--recent N]",
	  "per source: articles, last success, failures, drift alerts",
	  "For each source in the state database (default ./gisa.db): stored\n"
	  "articles, known and pending URLs, failures with the last error, the\n"
	  "last successful extraction, and an alert naming the fields the\n"
	  "source's rule suddenly leaves empty: empty in most of the N most\n"
	  "recent articles (default 20) but rarely before them (layout drift)." },
	{ "test", gisa_cmd_test,
	  "gisa test [--rules DIR]... [--fixtures DIR]... [--update] [RULE...]",
	  "run rules over their golden pages and diff the records",
	  "For each rule (all, or those named), runs every fixture page\n"
	  "FIXTURES/RULE/NAME.html through the pipeline with that rule and\n"
	  "compares the record with NAME.expected.json, printing a per-field\n"
	  "diff on a mismatch. NAME.url, when present, holds the page's URL.\n"
	  "A rule that fails to load or raises an error fails its fixtures.\n\n"
	  "  --rules DIR      also load the rules in DIR (later ones override\n"
	  "                   the built-in ones of the same name)\n"
	  "  --fixtures DIR   where the fixtures are (default: tests/fixtures\n"
	  "                   and DIR/fixtures for each --rules DIR)\n"
	  "  --update         write the records as the new expected ones,\n"
	  "                   after printing the diff\n"
	  "  --no-builtin     do not load scripts/sources\n\n"
	  "Exit status: 0 all passed, 1 a fixture failed (or none found),\n"
	  "2 usage error." },
	{ "explain", gisa_cmd_explain,
	  "gisa explain [--rules DIR]... [--rule NAME] [--url URL] [--json] FILE",
	  "show which rule ran on a page and where each field came from",
	  "Runs the pipeline on FILE and prints, for each field, its value\n"
	  "and origin (a rule's selector, metadata, the generic extractor),\n"
	  "how many nodes the selector matched, the selectors tried first,\n"
	  "what drop and clean removed, and why a value was refused; then\n"
	  "the rule that ran and why it was chosen, the time per stage, the\n"
	  "rule's Lua cost and what it printed (print / gisa.log).\n\n"
	  "  --rule NAME      use this rule (default: by URL)\n"
	  "  --url URL        the page's URL (default: its canonical link)\n"
	  "  --rules DIR      also load the rules in DIR\n"
	  "  --no-builtin     do not load scripts/sources\n"
	  "  --charset NAME   the page's charset, if known\n"
	  "  --json           print the record and all of the above as JSON\n\n"
	  "A rule's error is printed, not hidden: exit status 1." },
	{ "discover", gisa_cmd_discover,
	  "gisa discover [--rules DIR]... [--rule NAME] --url URL FILE",
	  "print the article URLs a rule's discover finds on a section page",
	  "Runs the discover function of the rule serving URL (or --rule\n"
	  "NAME) over the saved section page FILE, as `gisa run` does, and\n"
	  "prints the article URLs it gives, absolute and normalized, one per\n"
	  "line; stderr says how many, and how many values were skipped (not\n"
	  "URLs) or dropped (over the limit of 1000 per page).\n\n"
	  "  --url URL        the page's address: picks the rule, resolves\n"
	  "                   relative links\n"
	  "  --rule NAME      use this rule whatever the URL\n"
	  "  --rules DIR      also load the rules in DIR\n"
	  "  --no-builtin     do not load scripts/sources\n"
	  "  --charset NAME   the page's charset, if known\n\n"
	  "A rule's error is printed with its traceback: exit status 1." },
	{ 0, 0, 0, 0, 0 }
};

static const struct command *find_command(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void print_overview(FILE *out)
{
	fprintf(out, "usage: gisa COMMAND [OPTIONS] [ARGS]\n\n"
		     "gisa extracts clean news articles from web pages.\n\n"
		     "commands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, c->summary);
	fprintf(out, "\n'gisa help COMMAND' describes one command; "
		     "'gisa --version' prints the version.\n");
}

int gisa_cli_usage(const char *cmd, const char *msg)
{
	const struct command *c = find_command(cmd);

	if (msg)
		fprintf(stderr, "gisa %s: %s\n", cmd, msg);
	if (c)
		fprintf(stderr, "usage: %s\n(see 'gisa help %s')\n",
			c->usage, cmd);
	return GISA_EXIT_USAGE;
}

int gisa_cli_help(const char *cmd)
{
	const struct command *c = find_command(cmd);

	if (c)
		printf("usage: %s\n\n%s\n", c->usage, c->help);
	return GISA_EXIT_OK;
}

static int is_dir(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

const char *gisa_cli_builtin_rules(void)
{
	if (is_dir("scripts/sources"))
		return "scripts/sources";
	if (is_dir(GISA_SCRIPTS_DIR "/sources"))
		return GISA_SCRIPTS_DIR "/sources";
	return NULL;
}

#define MAX_RULE_DIRS 64

int gisa_cli_open_rules(const char *cmd, const char *const *dirs,
			size_t ndirs, int flags, struct gisa_rules **out)
{
	const char *all[MAX_RULE_DIRS + 1];
	const char *builtin = gisa_cli_builtin_rules();
	gisa_strv errors = GISA_STRV_INIT;
	size_t n = 0;
	int rc, strict = flags & GISA_CLI_RULES_STRICT;

	*out = NULL;
	if ((flags & GISA_CLI_RULES_BUILTIN) && builtin)
		all[n++] = builtin;
	for (size_t i = 0; i < ndirs && n < MAX_RULE_DIRS; i++)
		all[n++] = dirs[i];
	rc = gisa_rules_open(all, n, NULL, out, &errors);
	if (rc < 0) {
		if (!(flags & GISA_CLI_RULES_QUIET))
			fprintf(stderr, "gisa %s: cannot load the rules: %s\n",
				cmd, gisa_strerror(rc));
		*out = NULL;
		goto done;
	}
	for (size_t i = 0; i < errors.n && !(flags & GISA_CLI_RULES_QUIET); i++)
		fprintf(stderr, "gisa %s: %s%s\n", cmd,
			strict ? "" : "warning: ", errors.v[i]);
	rc = strict && errors.n ? GISA_ERULE : 0;
done:
	gisa_strv_clear(&errors);
	return rc;
}

static int cmd_help(int argc, char **argv)
{
	const struct command *c;

	if (argc < 2) {
		print_overview(stdout);
		return GISA_EXIT_OK;
	}
	c = find_command(argv[1]);
	if (!c) {
		fprintf(stderr, "gisa: no command '%s'; see 'gisa help'\n",
			argv[1]);
		return GISA_EXIT_USAGE;
	}
	return gisa_cli_help(c->name);
}

int gisa_cli_main(int argc, char **argv)
{
	const struct command *c;

	if (argc < 2) {
		print_overview(stderr);
		return GISA_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("gisa %s\n", GISA_VERSION);
		return GISA_EXIT_OK;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "-h"))
		return cmd_help(argc - 1, argv + 1);
	c = find_command(argv[1]);
	if (!c) {
		fprintf(stderr, "gisa: unknown command '%s'; see 'gisa help'\n",
			argv[1]);
		return GISA_EXIT_USAGE;
	}
	/* "gisa CMD --help" for every command, whatever its own options */
	if (argc > 2 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h")))
		return gisa_cli_help(c->name);
	return c->run(argc - 1, argv + 1);
}
