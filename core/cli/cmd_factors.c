/*
 * cmd_factors.c - 'pcf factors' (placeholder until its issue lands; replaced by the real command).
 */
#include "config.h"

#include <string.h>

#include "cli.h"

int cmd_factors(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--help")) {
		printf("usage: pcf factors (not yet available in this build)\n");
		return PCF_EXIT_OK;
	}
	if (argc > 1 && argv[1][0] == '-')
		return cli_usage_error("factors", "pcf factors", "unknown option '%s'", argv[1]);
	cli_errorf("factors", "not yet available in this build");
	return PCF_EXIT_INTERNAL;
}
