/*
 * cmd_methods.c - 'pcf methods' (placeholder until its issue lands; replaced by the real command).
 */
#include "config.h"

#include <string.h>

#include "cli.h"

int cmd_methods(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--help")) {
		printf("usage: pcf methods (not yet available in this build)\n");
		return PCF_EXIT_OK;
	}
	if (argc > 1 && argv[1][0] == '-')
		return cli_usage_error("methods", "pcf methods", "unknown option '%s'", argv[1]);
	cli_errorf("methods", "not yet available in this build");
	return PCF_EXIT_INTERNAL;
}
