/*
 * cmd_inspect.c - 'pcf inspect': show what a bundle claims (manifest, footprint, signer, validity)
 * without verifying anything, and say so plainly.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] = "pcf inspect BUNDLE [--json]";

int cmd_inspect(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	pcf_error err;
	char *text = NULL;
	size_t len = 0;
	int json = 0, c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 'h':
			printf("usage: %s\n\nShow a bundle's manifest, footprint summary, signer and validity.\n"
			       "NOTHING IS VERIFIED: use 'pcf verify' to check a bundle.\n\n"
			       "  --json   print the description as JSON (with \"verified\": false)\n", usage);
			return PCF_EXIT_OK;
		default:
			return cli_usage_error("inspect", usage, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("inspect", usage, argc - optind ? "expected one bundle" : "no bundle given");
	pcf_error_clear(&err);
	if (pcf_inspect_file(argv[optind], json, &text, &len, &err) != PCF_OK) {
		cli_print_error("inspect", &err);
		return cli_exit_for(err.status);
	}
	fwrite(text, 1, len, stdout);
	free(text);
	return fflush(stdout) ? PCF_EXIT_IO : PCF_EXIT_OK;
}
