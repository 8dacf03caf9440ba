/* cli.h - the gisa command line.
 *
 * gisa_cli_main() dispatches argv[1] to one gisa_cmd_* function. Each
 * command parses its own options, prints its own output and returns the
 * process exit status: 0 ok, 1 some inputs failed (each named on stderr),
 * 2 usage error.
 */
#ifndef GISA_CLI_H
#define GISA_CLI_H

enum { GISA_EXIT_OK = 0, GISA_EXIT_FAILED = 1, GISA_EXIT_USAGE = 2 };

int gisa_cli_main(int argc, char **argv);

/* cli_store.c: reading the state database */
int gisa_cmd_export(int argc, char **argv);
int gisa_cmd_status(int argc, char **argv);

#endif
