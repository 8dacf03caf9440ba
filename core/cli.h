/* cli.h - the gisa command line.
 *
 * gisa_cli_main() dispatches argv[1] to one gisa_cmd_* function. Each
 * command parses its own options, prints its own output and returns the
 * process exit status: 0 ok, 1 some inputs failed (each named on stderr),
 * 2 usage error.
 */
#ifndef GISA_CLI_H
#define GISA_CLI_H

#include <stddef.h>

enum { GISA_EXIT_OK = 0, GISA_EXIT_FAILED = 1, GISA_EXIT_USAGE = 2 };

struct gisa_doc;
struct gisa_rules;

int gisa_cli_main(int argc, char **argv);

/* gisa_cli_usage - print "gisa CMD: msg" (when msg) and the command's
 * usage line to stderr; returns GISA_EXIT_USAGE. */
int gisa_cli_usage(const char *cmd, const char *msg);
/* gisa_cli_help - print the command's full help to stdout; returns 0. */
int gisa_cli_help(const char *cmd);
/* gisa_cli_load_doc - read, decode and parse one input, naming the file
 * on stderr when that fails. Returns 0 or a negative code. */
int gisa_cli_load_doc(const char *path, const char *charset, const char *url,
		      struct gisa_doc **doc);

/* gisa_cli_builtin_rules - the bundled rules: scripts/sources under the
 * working directory when it exists, else the source tree's, else NULL. */
const char *gisa_cli_builtin_rules(void);

enum {
	GISA_CLI_RULES_BUILTIN = 1, /* the bundled rules first */
	GISA_CLI_RULES_STRICT = 2,  /* a rule that fails to load is an error */
	GISA_CLI_RULES_QUIET = 4    /* print nothing (a worker's copy) */
};

/* gisa_cli_open_rules - open a rule registry over the bundled rules (with
 * GISA_CLI_RULES_BUILTIN) then dirs, later ones overriding by name. Rules
 * that fail to load are printed as "gisa CMD: ..." (warnings unless
 * STRICT) and skipped. Returns 0 with *out set; GISA_ERULE with *out set
 * when STRICT and some rule failed; another negative code (printed) with
 * *out NULL. */
int gisa_cli_open_rules(const char *cmd, const char *const *dirs,
			size_t ndirs, int flags, struct gisa_rules **out);

/* The commands, one per cli_*.c file: argv[0] is the command name. */
int gisa_cmd_extract(int argc, char **argv);
int gisa_cmd_select(int argc, char **argv);
int gisa_cmd_text(int argc, char **argv);
/* gisa normalize: extracted plain text in, article record out. */
int gisa_cmd_normalize(int argc, char **argv);
/* gisa fetch (cli_fetch.c): argv[0] is the command name. */
int gisa_cmd_fetch(int argc, char **argv);
/* cli_store.c: reading the state database */
int gisa_cmd_export(int argc, char **argv);
int gisa_cmd_status(int argc, char **argv);
/* cli_rules.c: rule authors' tools */
int gisa_cmd_test(int argc, char **argv);
int gisa_cmd_explain(int argc, char **argv);
int gisa_cmd_discover(int argc, char **argv);
/* cli_run.c: scheduled runs and re-extraction */
int gisa_cmd_run(int argc, char **argv);
int gisa_cmd_reextract(int argc, char **argv);

/* gisa_cli_parse_since - a --since DATE (2024-01-31,
 * 2024-01-31T09:00:00+09:00, @UNIXTIME, or an age 30m, 12h, 7d) as Unix
 * time. Returns 0 or -1. */
int gisa_cli_parse_since(const char *s, long long *out);

#endif
