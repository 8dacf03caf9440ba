/* cli.c - command dispatch, help and version. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;   /* first line of `gisa help NAME` */
	const char *summary; /* one line for the command list */
	const char *help;    /* the rest of `gisa help NAME` */
};

static const struct command commands[] = {
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
	printf("usage: %s\n\n%s\n", c->usage, c->help);
	return GISA_EXIT_OK;
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
	return c->run(argc - 1, argv + 1);
}
