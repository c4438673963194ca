/*
 * out_opts.c - -o/--output, --force and --json, getopt's usage errors and the result writer of the
 * commands that write one result (see out_opts.h).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "out_opts.h"

int cli_out_opts_parse(cli_out_opts *o, int c, const char *arg)
{
	switch (c) {
	case CLI_OPT_OUTPUT:
		o->output = arg;
		return 1;
	case CLI_OPT_FORCE:
		o->force = 1;
		return 1;
	case CLI_OPT_JSON:
		o->json = 1;
		return 1;
	default:
		return 0;
	}
}

int cli_getopt_error(const char *cmd, const char *usage, int c, char **argv, int optind_, const char *suffix)
{
	if (c == ':')
		return cli_usage_error(cmd, usage, "option '%s' needs a value", argv[optind_ - 1]);
	return cli_usage_error(cmd, usage, "unknown option '%s'%s", argv[optind_ - 1], suffix ? suffix : "");
}

int cli_write_out(const char *cmd, const char *path, const char *data, size_t len, int force, int dash)
{
	pcf_error e;
	pcf_status st;

	if (path && (dash == CLI_DASH_IS_FILE || strcmp(path, "-"))) {
		if ((st = pcf_file_write(path, data, len, force, &e)) != PCF_OK) {
			cli_print_error(cmd, &e);
			return cli_exit_for(st);
		}
		return PCF_EXIT_OK;
	}
	if (fwrite(data, 1, len, stdout) != len || fflush(stdout)) {
		cli_errorf(cmd, "cannot write to standard output: %s", strerror(errno));
		return PCF_EXIT_IO;
	}
	return PCF_EXIT_OK;
}
