/*
 * cmd_inspect.c - 'pcf inspect': show what a bundle claims (manifest, footprint, signer, validity)
 * without verifying anything, and say so plainly.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] = "pcf inspect BUNDLE... [--json]";

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
	int json = 0, c, i, n, dashes, rc = PCF_EXIT_OK, shown = 0;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 'h':
			printf("usage: %s\n\nShow each bundle's manifest, footprint summary, signer and validity.\n"
			       "NOTHING IS VERIFIED: use 'pcf verify' to check a bundle.\n\n"
			       "  --json   print the description as JSON (with \"verified\": false); with several\n"
			       "           bundles, an array of them\n"
			       "A BUNDLE of - is read from standard input (once; within the 256 MiB limit of a file).\n"
			       "Exit status: the worst of the bundles (a bundle that cannot be described is\n"
			       "reported on stderr and the others are still shown).\n", usage);
			return PCF_EXIT_OK;
		default:
			return cli_usage_error("inspect", usage, "unknown option '%s'", argv[optind - 1]);
		}
	}
	n = argc - optind;
	if (n < 1)
		return cli_usage_error("inspect", usage, "no bundle given");
	for (i = 0, dashes = 0; i < n; i++)
		if (!strcmp(argv[optind + i], "-") && ++dashes > 1)
			return cli_usage_error("inspect", usage, "'-' (standard input) given more than once");
	if (json && n > 1)
		fputs("[\n", stdout);
	for (i = 0; i < n; i++) {
		int ex;
		pcf_error_clear(&err);
		if (pcf_inspect_file(argv[optind + i], json, &text, &len, &err) != PCF_OK) {
			cli_print_error("inspect", &err);
			ex = cli_exit_for(err.status);
			if (ex > rc)
				rc = ex;
			continue;
		}
		if (json && n > 1) {
			/* one element of the array: the object as written, indented by two */
			size_t k, start = 0;
			if (shown)
				fputs(",\n", stdout);
			while (len && text[len - 1] == '\n')
				len--;
			for (k = 0; k <= len; k++)
				if (k == len || text[k] == '\n') {
					printf("  %.*s%s", (int)(k - start), text + start, k < len ? "\n" : "");
					start = k + 1;
				}
		} else {
			if (shown)
				fputc('\n', stdout);
			fwrite(text, 1, len, stdout);
		}
		shown++;
		free(text);
		text = NULL;
	}
	if (json && n > 1)
		fputs("\n]\n", stdout);
	return rc;
}
