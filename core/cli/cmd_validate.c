/*
 * cmd_validate.c - 'pcf validate FILE...': check inventories and report every error found, each
 * with file:line:column, key path, what was expected and what was found. An inventory is valid
 * when it parses, its references and units resolve, and its linked processes can be solved.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] = "pcf validate [--factors FILE]... [--no-default] [--library [NAME=]LIB]... [--json] [--verbose] FILE...";

/* In cmd_factors.c. */
pcf_factor_lib *cli_load_factors(const char *cmd, int use_default, char **files, size_t nfiles, int *status);

static void help(void)
{
	printf("usage: %s\n\n"
	       "Check product inventories (YAML, see docs/inventory-format.md) and report every\n"
	       "error found as FILE:LINE:COLUMN: KEY.PATH: message. A FILE of '-' is read from standard\n"
	       "input (once; within the same size limit as a file; named \"stdin\" in messages). Exit\n"
	       "status 0 when every file is valid, 1 when one is not, 5 when a file cannot be read.\n\n"
	       "options:\n"
	       "  --factors FILE  add a factor library on top of the default one (repeatable)\n"
	       "  --no-default    do not load the default factor library\n"
	       "  --library [NAME=]LIB  a process library for background inputs (repeatable; NAME\n"
	       "                  defaults to LIB's base name without its extension)\n"
	       "  --json          print a JSON report on stdout\n"
	       "  --verbose, -v   say 'FILE: valid' for each valid file\n"
	       "  --help          show this help\n",
	       usage_text);
}

int cmd_validate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "factors", required_argument, NULL, 'f' },
		{ "no-default", no_argument, NULL, 'D' },
		{ "library", required_argument, NULL, 'L' },
		{ "json", no_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char **files = calloc((size_t)argc + 1, sizeof *files);
	char **libraries = calloc((size_t)argc + 1, sizeof *libraries);
	size_t nlibraries = 0;
	void *lca = NULL;
	pcf_diag **diags = NULL;
	size_t nfiles = 0, i, j, ninv;
	int json = 0, verbose = 0, use_default = 1, c, status = PCF_EXIT_OK, oom = 0;
	pcf_factor_lib *lib;

	if (!files || !libraries) {
		free(files), free(libraries);
		cli_errorf("validate", "out of memory");
		return PCF_EXIT_IO;
	}
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "v", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			files[nfiles++] = optarg;
			break;
		case 'D':
			use_default = 0;
			break;
		case 'L':
			libraries[nlibraries++] = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'h':
			free(files), free(libraries);
			help();
			return PCF_EXIT_OK;
		default:
			free(files), free(libraries);
			return cli_usage_error("validate", usage_text, "unknown option '%s'", argv[optind - 1]);
		}
	}
	ninv = (size_t)(argc - optind);
	if (ninv == 0) {
		free(files), free(libraries);
		return cli_usage_error("validate", usage_text, "no inventory file given");
	}
	for (i = 0, j = 0; i < ninv; i++)
		if (!strcmp(argv[optind + (int)i], "-") && j++) {
			free(files), free(libraries);
			return cli_usage_error("validate", usage_text, "'-' (standard input) can be given only once");
		}
	lib = cli_load_factors("validate", use_default, files, nfiles, &status);
	free(files);
	if (lib && (status = cli_lca_attach("validate", libraries, nlibraries, lib, &lca))) {
		pcf_factor_lib_free(lib);
		lib = NULL;
	}
	free(libraries);
	if (!lib)
		return status;
	diags = calloc(ninv, sizeof *diags);
	if (!diags) {
		pcf_factor_lib_free(lib);
		cli_lca_detach(lca);
		cli_errorf("validate", "out of memory");
		return PCF_EXIT_IO;
	}
	for (i = 0; i < ninv; i++) {
		const char *path = argv[optind + (int)i];
		pcf_error err;
		pcf_status st;
		size_t nproc;

		if (!(diags[i] = pcf_diag_new())) {
			cli_errorf("validate", "out of memory");
			status = PCF_EXIT_IO;
			oom = 1;
			break;
		}
		st = pcf_inventory_validate(path, lib, NULL, &nproc, diags[i], &err);
		if (st) {
			int ex = cli_exit_for(st);
			if (ex == PCF_EXIT_USAGE)
				ex = PCF_EXIT_FAIL;
			if (ex > status)
				status = ex;
		}
		if (!json) {
			for (j = 0; j < pcf_diag_count(diags[i]); j++)
				cli_print_error("validate", pcf_diag_get(diags[i], j));
			if (!st && verbose)
				printf("%s: valid (%zu process%s)\n", strcmp(path, "-") ? path : "stdin", nproc,
				       nproc == 1 ? "" : "es");
		}
	}
	/* Every path reports in the JSON, an unreadable one too (its diagnostic says why; exit 5). */
	if (json && !oom) {
		char *out;
		size_t len;
		pcf_error err;
		/* standard input is named "stdin" in the report, as in its diagnostics */
		const char **names = calloc(ninv, sizeof *names);
		for (i = 0; names && i < ninv; i++)
			names[i] = strcmp(argv[optind + (int)i], "-") ? argv[optind + (int)i] : "stdin";
		if (!names) {
			cli_errorf("validate", "out of memory");
			status = PCF_EXIT_IO;
		} else if (pcf_validation_json(names, (const pcf_diag *const *)diags, ninv, &out, &len, &err)) {
			cli_print_error("validate", &err);
			status = PCF_EXIT_INTERNAL;
		} else {
			fwrite(out, 1, len, stdout);
			free(out);
		}
		free((void *)names);
	}
	for (i = 0; i < ninv; i++)
		pcf_diag_free(diags[i]);
	free(diags);
	pcf_factor_lib_free(lib);
	cli_lca_detach(lca);
	return status;
}
