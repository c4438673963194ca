/*
 * out_opts.h - the options of the commands that write one result, shared by 'pcf compute' (an
 * inventory, or a library process: --library), 'pcf mc merge' and 'pcf import': -o/--output FILE,
 * --force and --json, the usage errors of getopt (a missing value, an unknown option), and the one
 * writer of the result (atomically to FILE, or to standard output). One place parses them, so the
 * commands spell and check them alike.
 *
 * Use: put CLI_OUT_LONGOPTS in the subcommand's getopt_long table (and "o:" in its short options),
 * zero a cli_out_opts, and hand every option to cli_out_opts_parse before the subcommand's own
 * switch; cli_getopt_error answers getopt's ':' and '?'.
 */
#ifndef PCF_CLI_OUT_OPTS_H
#define PCF_CLI_OUT_OPTS_H

#include <stddef.h>

/* getopt_long values of the shared options (outside the printable range, away from trust_opts.h's). */
enum {
	CLI_OPT_OUTPUT = 'o',
	CLI_OPT_FORCE = 0x1100,
	CLI_OPT_JSON
};

#define CLI_OUT_LONGOPTS \
	{ "output", required_argument, NULL, CLI_OPT_OUTPUT }, \
	{ "force", no_argument, NULL, CLI_OPT_FORCE }, \
	{ "json", no_argument, NULL, CLI_OPT_JSON }

typedef struct cli_out_opts {
	const char *output;   /* -o FILE (borrowed from argv), NULL when not given */
	int force;            /* --force */
	int json;             /* --json */
} cli_out_opts;

/* Take option c (argument arg) when it is one of the shared ones: 1 when taken, else 0. */
int cli_out_opts_parse(cli_out_opts *o, int c, const char *arg);

/*
 * The usage error of getopt's answer c after argv[optind - 1]: ':' "option 'X' needs a value", else
 * "unknown option 'X'" followed by suffix (NULL: nothing). Returns PCF_EXIT_USAGE (message printed).
 */
int cli_getopt_error(const char *cmd, const char *usage, int c, char **argv, int optind_, const char *suffix);

/* How cli_write_out treats the path "-". */
enum {
	CLI_DASH_IS_FILE = 0,    /* a file named "-" (no command uses it: '-o -' is standard output everywhere) */
	CLI_DASH_IS_STDOUT = 1   /* standard output */
};

/*
 * Write data[0..len) to path (atomically, refusing an existing file unless force) or, when path is
 * NULL (or "-" with CLI_DASH_IS_STDOUT), to standard output. PCF_EXIT_OK, or the exit status after
 * printing why not ("pcf CMD: ...").
 */
int cli_write_out(const char *cmd, const char *path, const char *data, size_t len, int force, int dash);

#endif
