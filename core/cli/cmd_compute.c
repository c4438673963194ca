/*
 * cmd_compute.c - 'pcf compute': a product's footprint from its inventory under a methodology plugin,
 * printed as a table for people, as the result JSON (--json), or as a plugin's export (--format).
 */
#include "config.h"

#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "out_opts.h"
#include "supplier_opts.h"

#define DEFAULT_METHOD "iso14067"
#define INVENTORY_MAX (64u << 20)
#define TIMEOUT_DEFAULT 300   /* seconds to compute the inventory (--timeout), as 'pcf issue' */
#define TIMEOUT_MAX 86400

static const char usage_text[] =
	"pcf compute INVENTORY [--method ID] [--param NAME=VALUE]... [--factors FILE]... [--library [NAME=]LIB]...\n"
	"                   [--plugin-dir DIR]... [--json | --format NAME] [-o FILE [--force]] [--timeout SECONDS] [-v]\n"
	"                   [--supplier-trust FILE]... [--supplier-crl FILE]... [--supplier-known FILE]... [--at TIME]";

static void help(void)
{
	printf("usage: %s\n\n", usage_text);
	printf("Compute a product's carbon footprint from its inventory under a methodology.\n\n"
	       "  --method ID          the methodology plugin (default " DEFAULT_METHOD "); 'pcf methods' lists them\n"
	       "  --param NAME=VALUE   a methodology parameter (repeatable; 'pcf methods show ID' lists them)\n"
	       "  --factors FILE       an emission-factor library on top of the default one (repeatable;\n"
	       "                       later files win)\n"
	       "  --library [NAME=]LIB a process library ('pcf import') for the inventory's background inputs\n"
	       "                       (background: {library: NAME, ...}); NAME defaults to LIB's base name\n"
	       "                       without its extension (repeatable)\n"
	       "  --plugin-dir DIR     search DIR for plugins first (repeatable)\n"
	       "  --json               print the result JSON (what a certificate carries; byte-deterministic)\n"
	       "  --format NAME        print an export the methodology offers (e.g. pact-v2)\n"
	       "  -o, --output FILE    write to FILE (atomically) instead of standard output; - is stdout\n"
	       "  --force              overwrite FILE if it exists\n"
	       "  --timeout SECONDS    stop a methodology plugin that computes for longer (default %d; 0: no\n"
	       "                       limit); the plugin runs in a process of its own, so a crash is an error\n"
	       "  -v, --verbose        show the methodology's log messages\n"
	       CLI_SUPPLIER_HELP "\n"
	       "INVENTORY - reads the inventory from standard input. Without --json or --format the result is\n"
	       "printed as a table with shares and a bar per stage, and the largest contributing processes.\n"
	       "With --process, 'pcf compute --library LIB --process ID' computes one process of a process\n"
	       "library alone ('pcf compute --process ID --help' shows its options).\n",
	       TIMEOUT_DEFAULT);
}

static void on_log(void *data, int level, const char *message)
{
	int verbose = *(const int *)data;

	if (verbose || level >= 2)
		cli_errorf("compute", "%s%s", level >= 2 ? "warning: " : "", message);
}

static void on_warning(void *data, const pcf_error *w)
{
	(void)data;
	cli_print_error("compute", w);
}

/* A failed computation's diagnostics, kept to print them all when there are several. */
struct diags {
	pcf_error *e;
	size_t n;
};

static void keep_diag(void *data, const pcf_error *e)
{
	struct diags *d = data;
	pcf_error *g = realloc(d->e, (d->n + 1) * sizeof *g);

	if (!g)
		return;
	d->e = g;
	d->e[d->n++] = *e;
}

static unsigned term_width(void)
{
	struct winsize ws;
	const char *c = getenv("COLUMNS");

	if (c && atoi(c) >= 40)
		return (unsigned)atoi(c);
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		return ws.ws_col;
	return 80;
}

int cmd_compute(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "method", required_argument, NULL, 'm' },
		{ "param", required_argument, NULL, 'p' },
		{ "factors", required_argument, NULL, 'f' },
		{ "library", required_argument, NULL, 'L' },
		{ "plugin-dir", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'F' },
		CLI_OUT_LONGOPTS,
		{ "verbose", no_argument, NULL, 'v' },
		{ "timeout", required_argument, NULL, 'T' },
		CLI_SUPPLIER_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	const char *method_id = DEFAULT_METHOD, *format = NULL, *inv_path;
	cli_out_opts oo = { NULL, 0, 0 };
	char **factor_files = NULL, **dirs = NULL, **libraries = NULL;
	size_t nfactors = 0, ndirs = 0, nlibraries = 0, i, len = 0, outlen = 0;
	void *lca = NULL;
	int c, verbose = 0, rc = PCF_EXIT_OK;
	unsigned timeout = TIMEOUT_DEFAULT;
	pcf_compute_pool *pool = NULL;
	pcf_compute_pool_options po;
	pcf_computed got;
	const char *export_bytes[1] = { NULL };
	size_t export_len[1] = { 0 };
	char *reply = NULL;
	struct diags diags = { NULL, 0 };
	pcf_params *params = NULL;
	pcf_methods *ms = NULL;
	const pcf_method *m;
	pcf_factor_lib *lib = NULL;
	pcf_diag *diag = NULL;
	pcf_error e;
	char *bytes = NULL, *out = NULL;
	pcf_status st;
	cli_supplier_opts sup;
	int taken;

	for (i = 1; i < (size_t)argc; i++) /* a background-library process alone: cmd_mc.c */
		if (!strcmp(argv[i], "--process") || !strncmp(argv[i], "--process=", 10))
			return cli_lca_compute(argc, argv);
	if (cli_supplier_opts_init(&sup, "compute", usage_text, argc) != PCF_EXIT_OK)
		return PCF_EXIT_IO;
	if (pcf_params_new(&params, &e) != PCF_OK) {
		cli_print_error("compute", &e);
		cli_supplier_opts_free(&sup);
		return PCF_EXIT_IO;
	}
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":hm:p:f:d:jo:v", opts, NULL)) != -1) {
		if ((taken = cli_supplier_opts_parse(&sup, c, optarg, &rc)) < 0)
			goto out;
		if (taken)
			continue;
		if (cli_out_opts_parse(&oo, c == 'j' ? CLI_OPT_JSON : c, optarg))   /* -j is --json here */
			continue;
		switch (c) {
		case 'h':
			help();
			goto out;
		case 'm':
			method_id = optarg;
			break;
		case 'p':
			if (pcf_params_parse(params, optarg, &e) != PCF_OK) {
				rc = cli_usage_error("compute", usage_text, "%s", e.message);
				goto out;
			}
			break;
		case 'f':
		case 'L':
		case 'd': {
			char ***v = c == 'f' ? &factor_files : c == 'L' ? &libraries : &dirs;
			size_t *n = c == 'f' ? &nfactors : c == 'L' ? &nlibraries : &ndirs;
			char **nv = realloc(*v, (*n + 1) * sizeof *nv);
			if (!nv) {
				rc = PCF_EXIT_IO;
				goto out;
			}
			nv[(*n)++] = optarg;
			*v = nv;
			break;
		}
		case 'F':
			format = optarg;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'T': {
			char *end;
			long t = strtol(optarg, &end, 10);
			if (!*optarg || *end || t < 0 || t > TIMEOUT_MAX) {
				rc = cli_usage_error("compute", usage_text,
				                     "--timeout must be a whole number of seconds from 0 to %d, not '%s'", TIMEOUT_MAX,
				                     optarg);
				goto out;
			}
			timeout = (unsigned)t;
			break;
		}
		default:
			rc = cli_getopt_error("compute", usage_text, c, argv, optind, NULL);
			goto out;
		}
	}
	if (optind + 1 != argc) {
		rc = cli_usage_error("compute", usage_text, optind >= argc ? "no inventory given" : "one inventory at a time");
		goto out;
	}
	if (oo.json && format) {
		rc = cli_usage_error("compute", usage_text, "--json and --format exclude each other");
		goto out;
	}
	if (oo.force && !oo.output) {
		rc = cli_usage_error("compute", usage_text, "--force goes with --output");
		goto out;
	}
	inv_path = argv[optind];
	pcf_params_set_log(params, on_log, &verbose);

	/* The methodology first: a missing plugin is the most common mistake. */
	if (pcf_methods_new(&ms, 0, &e) != PCF_OK) {
		cli_print_error("compute", &e);
		rc = cli_exit_for(e.status);
		goto out;
	}
	pcf_methods_set_warning_handler(ms, on_warning, NULL);
	for (i = 0; i < ndirs; i++)
		pcf_methods_add_dir(ms, dirs[i], NULL);
	if ((st = pcf_methods_find(ms, method_id, &m, &e)) != PCF_OK) {
		cli_print_error("compute", &e);
		if (st == PCF_E_NOTFOUND && !strcmp(method_id, DEFAULT_METHOD))
			cli_errorf("compute", "the default methodology %s is not installed; choose one with --method ID",
			           DEFAULT_METHOD);
		rc = cli_exit_for(st);
		goto out;
	}
	if (format && !pcf_method_has_format(m, format)) {
		cli_errorf("compute", "methodology '%s' offers no format '%s' ('pcf methods show %s' lists its formats)",
		           method_id, format, method_id);
		rc = PCF_EXIT_FAIL;
		goto out;
	}

	/* Factor libraries: the default, then each --factors file (later ones win; clashes are reported). */
	diag = pcf_diag_new();
	if (!diag || pcf_factor_lib_new(&lib, &e) != PCF_OK || pcf_factor_lib_load_default(lib, diag, &e) != PCF_OK) {
		cli_print_error("compute", &e);
		rc = cli_exit_for(e.status);
		goto out;
	}
	for (i = 0; i < nfactors; i++)
		if (pcf_factor_lib_load_file(lib, factor_files[i], diag, &e) != PCF_OK) {
			size_t k;
			for (k = 0; k < pcf_diag_count(diag); k++)
				cli_print_error("compute", pcf_diag_get(diag, k));
			if (!pcf_diag_count(diag))
				cli_print_error("compute", &e);
			rc = cli_exit_for(e.status);
			goto out;
		}
	for (i = 0; i < pcf_factor_lib_clash_count(lib); i++) {
		const pcf_factor_clash *cl = pcf_factor_lib_clash(lib, i);
		cli_errorf("compute", "warning: factor '%s' from %s overrides the one from %s", cl->id, cl->winner->library,
		           cl->shadowed->library);
	}

	if ((rc = cli_lca_attach("compute", libraries, nlibraries, lib, &lca)))
		goto out;
	if ((rc = cli_supplier_opts_apply(&sup, params, ndirs ? dirs[0] : NULL)) != PCF_EXIT_OK)
		goto out;
	if ((st = pcf_file_read(inv_path, INVENTORY_MAX, &bytes, &len, &e)) != PCF_OK) {
		cli_print_error("compute", &e);
		rc = cli_exit_for(st);
		goto out;
	}
	/*
	 * The plugin computes in a process of its own (pcf_compute_pool, pcf/compute.h): a crash or a hang
	 * (--timeout) is an error naming the plugin, not the end of pcf, and what it prints never reaches our output.
	 */
	(void)pcf_compute_pool_options_init(&po, PCF_COMPUTE_POOL_OPTIONS_VERSION);
	po.method = m;
	po.factors = lib;
	po.params = params;
	po.formats = format ? &format : NULL;
	po.nformats = format ? 1 : 0;
	po.inventory_max = INVENTORY_MAX;
	po.timeout_s = timeout;
	po.lost = "";
	po.table_width = oo.json || format ? 0 : term_width();
	po.log = on_log;
	po.log_data = &verbose;
	po.diag = keep_diag;
	po.diag_data = &diags;
	if ((st = pcf_compute_pool_new(&po, 1, &pool, &e)) != PCF_OK) {
		cli_errorf("compute", "out of memory");
		rc = PCF_EXIT_IO;
		goto out;
	}
	memset(&got, 0, sizeof got);
	got.exports = export_bytes;
	got.export_lens = export_len;
	st = pcf_compute_pool_compute(pool, 0, strcmp(inv_path, "-") ? inv_path : "stdin", bytes, len, &got, &reply, &e);
	if (st != PCF_OK) {
		if (diags.n > 1)
			for (i = 0; i < diags.n; i++)
				cli_print_error("compute", &diags.e[i]);
		else
			cli_print_error("compute", &e);
		rc = cli_exit_for(st);
		goto out;
	}
	{
		const char *o = oo.json ? got.result : format ? got.exports[0] : got.table;
		outlen = oo.json ? got.result_len : format ? got.export_lens[0] : got.table_len;
		if (!(out = malloc(outlen ? outlen : 1))) {
			cli_errorf("compute", "out of memory");
			rc = PCF_EXIT_IO;
			goto out;
		}
		memcpy(out, o, outlen);
	}
	rc = cli_write_out("compute", oo.output, out, outlen, oo.force, CLI_DASH_IS_STDOUT);
out:
	pcf_compute_pool_free(pool);
	free(reply);
	free(diags.e);
	free(out);
	free(bytes);
	pcf_diag_free(diag);
	pcf_factor_lib_free(lib);
	cli_lca_detach(lca);
	pcf_methods_free(ms);
	pcf_params_free(params);
	cli_supplier_opts_free(&sup);
	free(factor_files);
	free(libraries);
	free(dirs);
	return rc;
}
