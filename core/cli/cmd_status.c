/*
 * cmd_status.c - 'pcf status': change a certificate's status in the registry (set), and publish
 * the registry's signed status lists (publish). Placeholder replaced below.
 */
#include "config.h"
#include "cli.h"
int cmd_status(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return PCF_EXIT_USAGE;
}
