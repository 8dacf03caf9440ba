/* main.c - the gisa command: everything is in cli.c. */
#include "cli.h"

int main(int argc, char **argv)
{
	return gisa_cli_main(argc, argv);
}
