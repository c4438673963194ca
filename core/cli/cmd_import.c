/*
 * cmd_import.c - 'pcf import olca-jsonld DIR|ZIP -o LIBRARY': an openLCA JSON-LD export into a
 * pcfkit process library. Prints the library's SHA-256 (its identity) and what could not be
 * represented; --json prints the whole import report.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/library.h>

#include "cli.h"
#include "out_opts.h"

static const char usage_text[] = "pcf import olca-jsonld DIR|ZIP -o LIBRARY [--force] [--json]";

static void help(void)
{
	printf("usage: %s\n\n", usage_text);
	printf("Import an openLCA JSON-LD export (olca-schema 1.x: a folder with processes/, flows/,\n"
	       "flow_properties/, unit_groups/, categories/, locations/ ..., or a zip of it) into a process\n"
	       "library: one content-addressed binary file, the same bytes for the same export.\n\n"
	       "  -o, --output LIBRARY  the library to write (atomically; '-' for standard output)\n"
	       "  --force               overwrite LIBRARY if it exists\n"
	       "  --json                print the import report as JSON (counts, SHA-256, every process or\n"
	       "                        exchange the library could not represent)\n\n"
	       "Prints the library's SHA-256, its counts, and each thing it could not represent (process\n"
	       "@id and name). Exit 0 when written (even with such entries: they are reported), 1 when the\n"
	       "export is invalid, 2 for a bad command line, 5 when a file cannot be read or written.\n");
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' }, CLI_OUT_LONGOPTS, { NULL, 0, NULL, 0 },
	};
	cli_out_opts oo = { NULL, 0, 0 };
	int c;
	char *report = NULL;
	unsigned char digest[32];
	pcf_lca_import_stats stats;
	pcf_error e;
	pcf_status st;
	size_t i;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":ho:", opts, NULL)) != -1) {
		if (cli_out_opts_parse(&oo, c, optarg))
			continue;
		if (c != 'h')
			return cli_getopt_error("import", usage_text, c, argv, optind, NULL);
		help();
		return PCF_EXIT_OK;
	}
	if (optind + 2 != argc)
		return cli_usage_error("import", usage_text, optind >= argc ? "no format given (olca-jsonld)"
		                                                           : "give the format and one export");
	if (strcmp(argv[optind], "olca-jsonld"))
		return cli_usage_error("import", usage_text, "unknown format '%s' (olca-jsonld is the one format)",
		                       argv[optind]);
	if (!oo.output)
		return cli_usage_error("import", usage_text, "no output given (-o LIBRARY)");
	if (!strcmp(oo.output, "-") && oo.json)
		return cli_usage_error("import", usage_text, "--json and -o - both write to standard output");
	st = pcf_lca_import_olca(argv[optind + 1], oo.output, oo.force, digest, &report, &stats, &e);
	if (st) {
		cli_print_error("import", &e);
		free(report);
		return cli_exit_for(st);
	}
	if (oo.json) {
		fputs(report, stdout);
	} else {
		FILE *o = strcmp(oo.output, "-") ? stdout : stderr;
		fprintf(o, "sha256 ");
		for (i = 0; i < 32; i++)
			fprintf(o, "%02x", digest[i]);
		fprintf(o, "  %s\n%zu processes, %zu flows, %zu exchanges, %zu allocation factors; %zu bytes\n", oo.output,
		        stats.processes, stats.flows, stats.exchanges, stats.allocation_factors, stats.bytes);
		if (stats.issues)
			fprintf(o, "%zu things could not be represented ('pcf import --json' lists each with its process)\n",
			        stats.issues);
	}
	free(report);
	if (fflush(stdout)) {
		cli_errorf("import", "cannot write to standard output: %s", strerror(errno));
		return PCF_EXIT_IO;
	}
	return PCF_EXIT_OK;
}
