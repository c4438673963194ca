/*
 * cmd_factors.c - 'pcf factors list|show ID|search WORD': browse the emission factor libraries
 * (the default one, then each --factors FILE on top; later files override earlier ones).
 */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
	"pcf factors [--factors FILE]... [--no-default] [--json] [list | show ID | search WORD]";

static void help(void)
{
	printf("usage: %s\n\n"
	       "Browse emission factor libraries: the default library shipped with pcfkit\n"
	       "($PCF_DATA_DIR/factors, else the installed one), then each --factors FILE in\n"
	       "order; a later library overrides a factor id of an earlier one, and says so.\n\n"
	       "  list            every factor: id, unit, region, year, name\n"
	       "  show ID         every field of one factor, with its source and licence\n"
	       "  search WORD     factors whose id, name, region, source or unit contain WORD\n\n"
	       "options:\n"
	       "  --factors FILE  add a factor library (repeatable)\n"
	       "  --no-default    do not load the default library\n"
	       "  --json          print JSON on stdout\n"
	       "  --help          show this help\n",
	       usage_text);
}

/* Load the libraries; print every error and each clash. NULL after printing errors. */
pcf_factor_lib *cli_load_factors(const char *cmd, int use_default, char **files, size_t nfiles, int *status);

pcf_factor_lib *cli_load_factors(const char *cmd, int use_default, char **files, size_t nfiles, int *status)
{
	pcf_factor_lib *lib = NULL;
	pcf_diag *diag = pcf_diag_new();
	pcf_error err;
	pcf_status st = PCF_OK, worst = PCF_OK;
	size_t i;

	*status = PCF_EXIT_OK;
	if (!diag || pcf_factor_lib_new(&lib, &err)) {
		cli_errorf(cmd, "out of memory");
		pcf_diag_free(diag);
		*status = PCF_EXIT_IO;
		return NULL;
	}
	if (use_default && (st = pcf_factor_lib_load_default(lib, diag, &err)))
		worst = st;
	for (i = 0; i < nfiles; i++) {
		st = pcf_factor_lib_load_file(lib, files[i], diag, &err);
		if (st && (!worst || st == PCF_E_IO))
			worst = st;
	}
	for (i = 0; i < pcf_diag_count(diag); i++)
		cli_print_error(cmd, pcf_diag_get(diag, i));
	for (i = 0; i < pcf_factor_lib_clash_count(lib); i++) {
		const pcf_factor_clash *c = pcf_factor_lib_clash(lib, i);
		cli_errorf(cmd, "warning: factor '%s' of library '%s' (line %lu) overrides the one of library '%s' (line %lu)",
		           c->id, c->winner->library, c->winner->line, c->shadowed->library, c->shadowed->line);
	}
	pcf_diag_free(diag);
	if (worst) {
		*status = cli_exit_for(worst);
		pcf_factor_lib_free(lib);
		return NULL;
	}
	return lib;
}

static void print_table(const pcf_factor *const *fs, size_t n)
{
	size_t i, w = 2;

	for (i = 0; i < n; i++)
		if (strlen(fs[i]->id) > w)
			w = strlen(fs[i]->id);
	printf("%-*s  %-6s  %-6s  %-4s  %s\n", (int)w, "ID", "PER", "REGION", "YEAR", "NAME");
	for (i = 0; i < n; i++)
		printf("%-*s  %-6s  %-6s  %-4d  %s\n", (int)w, fs[i]->id, fs[i]->unit, fs[i]->region ? fs[i]->region : "-",
		       fs[i]->year, fs[i]->name ? fs[i]->name : "");
}

static void print_one(const pcf_factor *f)
{
	size_t i;

	printf("id:       %s\n", f->id);
	printf("name:     %s\n", f->name ? f->name : "");
	printf("per:      1 %s\n", f->unit);
	for (i = 0; i < f->n_gases; i++)
		printf("%-9s %.10g kg %s%s per %s\n", i == 0 ? "gases:" : "", f->gases[i].amount,
		       strcmp(f->gases[i].gas, "co2e") ? "" : "CO2e", strcmp(f->gases[i].gas, "co2e") ? f->gases[i].gas : "",
		       f->unit);
	printf("region:   %s\n", f->region ? f->region : "-");
	printf("year:     %d\n", f->year);
	if (f->gwp_set)
		printf("gwp-set:  %s\n", f->gwp_set);
	printf("source:   %s\n", f->source ? f->source : "");
	if (f->url)
		printf("url:      %s\n", f->url);
	printf("licence:  %s\n", f->licence ? f->licence : "");
	if (f->notes)
		printf("notes:    %s\n", f->notes);
	printf("library:  %s (line %lu)\n", f->library ? f->library : "", f->line);
}

static int emit_json(const pcf_factor *const *fs, size_t n, int as_array)
{
	char *out;
	size_t len;
	pcf_error err;

	if (pcf_factors_json(fs, n, as_array, &out, &len, &err)) {
		cli_print_error("factors", &err);
		return PCF_EXIT_INTERNAL;
	}
	fwrite(out, 1, len, stdout);
	free(out);
	return PCF_EXIT_OK;
}

int cmd_factors(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "factors", required_argument, NULL, 'f' },
		{ "no-default", no_argument, NULL, 'D' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char **files = calloc((size_t)argc + 1, sizeof *files);
	size_t nfiles = 0, i, n = 0;
	int json = 0, use_default = 1, c, status;
	const char *verb, *arg = NULL;
	pcf_factor_lib *lib;
	const pcf_factor **sel = NULL;

	if (!files) {
		cli_errorf("factors", "out of memory");
		return PCF_EXIT_IO;
	}
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			files[nfiles++] = optarg;
			break;
		case 'D':
			use_default = 0;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			free(files);
			help();
			return PCF_EXIT_OK;
		default:
			free(files);
			return cli_usage_error("factors", usage_text, "unknown option '%s'", argv[optind - 1]);
		}
	}
	verb = optind < argc ? argv[optind++] : "list";   /* like 'pcf methods', listing is the default */
	if (!strcmp(verb, "show") || !strcmp(verb, "search")) {
		if (optind >= argc) {
			free(files);
			return cli_usage_error("factors", usage_text, "'%s' needs an argument", verb);
		}
		arg = argv[optind++];
	} else if (strcmp(verb, "list")) {
		free(files);
		return cli_usage_error("factors", usage_text, "unknown command '%s'", verb);
	}
	if (optind < argc) {
		free(files);
		return cli_usage_error("factors", usage_text, "unexpected argument '%s'", argv[optind]);
	}
	lib = cli_load_factors("factors", use_default, files, nfiles, &status);
	free(files);
	if (!lib)
		return status;
	if (!strcmp(verb, "show")) {
		const pcf_factor *f = pcf_factor_lib_find(lib, arg);
		if (!f) {
			cli_errorf("factors", "no factor with id '%s' ('pcf factors search WORD' finds ids)", arg);
			pcf_factor_lib_free(lib);
			return PCF_EXIT_FAIL;
		}
		status = json ? emit_json(&f, 1, 0) : (print_one(f), PCF_EXIT_OK);
		pcf_factor_lib_free(lib);
		return status;
	}
	sel = calloc(pcf_factor_lib_count(lib) + 1, sizeof *sel);
	if (!sel) {
		pcf_factor_lib_free(lib);
		cli_errorf("factors", "out of memory");
		return PCF_EXIT_IO;
	}
	for (i = 0; i < pcf_factor_lib_count(lib); i++) {
		const pcf_factor *f = pcf_factor_lib_at(lib, i);
		if (!arg || pcf_factor_matches(f, arg))
			sel[n++] = f;
	}
	if (json)
		status = emit_json(sel, n, 1);
	else if (n)
		print_table(sel, n);
	if (!json && n == 0 && arg) {
		cli_errorf("factors", "no factor matches '%s'", arg);
		status = PCF_EXIT_FAIL;
	}
	free(sel);
	pcf_factor_lib_free(lib);
	return status;
}
