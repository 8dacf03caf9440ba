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
