/*
 * cmd_extract.c - 'pcf extract' (placeholder until its issue lands; replaced by the real command).
 */
#include "config.h"

#include <string.h>

#include "cli.h"

int cmd_extract(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--help")) {
		printf("usage: pcf extract (not yet available in this build)\n");
		return PCF_EXIT_OK;
	}
	if (argc > 1 && argv[1][0] == '-')
		return cli_usage_error("extract", "pcf extract", "unknown option '%s'", argv[1]);
	cli_errorf("extract", "not yet available in this build");
	return PCF_EXIT_INTERNAL;
}
