/*
 * methods_trade_run.c - a small test driver for the pact and cbam plugins: compute one inventory with a
 * plugin found along PCF_PLUGIN_PATH, print the result JSON (or an export with --format) on stdout, or
 * the error ("file:line:column: path: message") on stderr with exit 1. It uses only public libpcf API,
 * the same calls `pcf compute` makes, so the CLI tests do not depend on the command's progress.
 *
 * usage: methods_trade_run PLUGIN INVENTORY [--format NAME] [NAME=VALUE...]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/pcf.h>
#include <pcf/compute.h>
#include <pcf/methods.h>
#include <pcf/result.h>

static int fail(const pcf_error *e, pcf_diag *diag)
{
	char buf[2048];
	size_t i;

	if (diag && pcf_diag_count(diag)) {
		for (i = 0; i < pcf_diag_count(diag); i++)
			fprintf(stderr, "%s\n", pcf_error_format(pcf_diag_get(diag, i), buf, sizeof buf));
	} else {
		fprintf(stderr, "%s\n", pcf_error_format(e, buf, sizeof buf));
	}
	return 1;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		return NULL;
	do {
		if (n == cap) {
			char *nb = realloc(b, cap = cap ? cap * 2 : 65536);
			if (!nb) {
				free(b);
				fclose(f);
				return NULL;
			}
			b = nb;
		}
		r = fread(b + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	fclose(f);
	*len = n;
	return b;
}

int main(int argc, char **argv)
{
	pcf_error e;
	pcf_methods *ms = NULL;
	const pcf_method *m;
	pcf_factor_lib *lib = NULL;
	pcf_params *params = NULL;
	pcf_result *res = NULL;
	pcf_inventory *inv = NULL;
	pcf_diag *diag = pcf_diag_new();
	const char *format = NULL;
	char *bytes, *out = NULL;
	size_t len, olen;
	int i, rc = 1;

	if (argc < 3) {
		fprintf(stderr, "usage: methods_trade_run PLUGIN INVENTORY [--format NAME] [NAME=VALUE...]\n");
		return 2;
	}
	pcf_error_clear(&e);
	if (pcf_params_new(&params, &e))
		return fail(&e, NULL);
	for (i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--format") && i + 1 < argc)
			format = argv[++i];
		else if (pcf_params_parse(params, argv[i], &e))
			return fail(&e, NULL);
	}
	if (!(bytes = slurp(argv[2], &len))) {
		perror(argv[2]);
		return 1;
	}
	if (pcf_methods_new(&ms, PCF_METHODS_NO_DEFAULT, &e) || pcf_methods_find(ms, argv[1], &m, &e) ||
	    pcf_factor_lib_new(&lib, &e) || pcf_factor_lib_load_default(lib, NULL, &e)) {
		fail(&e, NULL);
		goto done;
	}
	if (pcf_compute_bytes(m, argv[2], bytes, len, lib, params, &res, &inv, diag, &e)) {
		fail(&e, diag);
		goto done;
	}
	if (format) {
		if (pcf_export(m, format, inv, res, params, &out, &olen, &e)) {
			fail(&e, NULL);
			goto done;
		}
	} else if (pcf_result_json(res, &out, &olen, &e)) {
		fail(&e, NULL);
		goto done;
	}
	fwrite(out, 1, olen, stdout);
	rc = 0;
done:
	free(out);
	free(bytes);
	pcf_result_free(res);
	pcf_inventory_free(inv);
	pcf_params_free(params);
	pcf_factor_lib_free(lib);
	pcf_methods_free(ms);
	pcf_diag_free(diag);
	return rc;
}
