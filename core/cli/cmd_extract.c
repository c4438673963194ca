/*
 * cmd_extract.c - 'pcf extract': write the files a bundle's manifest lists into a folder, after
 * verifying the bundle (or, when asked with --unverified, after the structural checks only).
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"pcf extract BUNDLE DIR [--trust ANCHORS]... [--crl FILE]... [--at TIME] [--no-revocation-check]\n"
	"                  [--tsa-trust ANCHORS]... [--no-recompute] [--plugin-dir DIR] [--unverified]";

static void help(void)
{
	printf("usage: %s\n\n", usage);
	printf("Verify BUNDLE, then write the files its manifest lists (and nothing else) into DIR.\n"
	       "Existing files are never overwritten; nothing is written outside DIR.\n\n"
	       "  --trust, --crl, --at, --no-revocation-check, --tsa-trust, --no-recompute, --plugin-dir\n"
	       "                 as for 'pcf verify'\n"
	       "  --unverified   skip the signature, chain and revocation checks (the archive structure,\n"
	       "                 the manifest and every file's SHA-256 are still checked)\n\n"
	       "Exit status: 0 extracted, 1 invalid bundle, 3 expired/not yet valid/revoked, 4 recompute\n"
	       "mismatch, 5 I/O error or existing file, 2 usage error.\n");
}

int cmd_extract(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "trust", required_argument, NULL, 't' },
		{ "crl", required_argument, NULL, 'c' },
		{ "tsa-trust", required_argument, NULL, 'T' },
		{ "at", required_argument, NULL, 'a' },
		{ "no-revocation-check", no_argument, NULL, 'R' },
		{ "no-recompute", no_argument, NULL, 'N' },
		{ "plugin-dir", required_argument, NULL, 'p' },
		{ "unverified", no_argument, NULL, 'U' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char **anchors = calloc((size_t)argc + 1, sizeof *anchors);
	const char **crls = calloc((size_t)argc + 1, sizeof *crls);
	const char **tsas = calloc((size_t)argc + 1, sizeof *tsas);
	size_t nanchors = 0, ncrls = 0;
	pcf_verify_options opts;
	pcf_trust *trust = NULL, *tsa = NULL;
	size_t ntsas = 0;
	pcf_verifier *v = NULL;
	pcf_verdict *vd = NULL;
	pcf_error err;
	int unverified = 0, c, status = PCF_EXIT_OK;

	if (!anchors || !crls || !tsas) {
		free(anchors);
		free(crls);
		free(tsas);
		cli_errorf("extract", "out of memory");
		return PCF_EXIT_IO;
	}
	pcf_verify_options_init(&opts);
	pcf_error_clear(&err);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 't': anchors[nanchors++] = optarg; break;
		case 'c': crls[ncrls++] = optarg; break;
		case 'T': tsas[ntsas++] = optarg; break;
		case 'a':
			if (pcf_time_parse(optarg, &opts.at, &err) != PCF_OK) {
				status = cli_usage_error("extract", usage, "--at: %s", err.message);
				goto out;
			}
			opts.at_set = 1;
			break;
		case 'R': opts.no_revocation_check = 1; break;
		case 'N': opts.no_recompute = 1; break;
		case 'p': opts.plugin_dir = optarg; break;
		case 'U': unverified = 1; break;
		case 'h': help(); goto out;
		default:
			status = cli_usage_error("extract", usage, "unknown option '%s'", argv[optind - 1]);
			goto out;
		}
	}
	if (argc - optind != 2) {
		status = cli_usage_error("extract", usage, "expected a bundle and a folder");
		goto out;
	}
	if (unverified && (nanchors || ncrls || ntsas)) {
		status = cli_usage_error("extract", usage, "--unverified cannot be combined with --trust, --crl or --tsa-trust");
		goto out;
	}
	if (!unverified) {
		if (pcf_trust_load(anchors, nanchors, crls, ncrls, &trust, &err) != PCF_OK) {
			cli_print_error("extract", &err);
			status = err.status == PCF_E_NOTFOUND ? PCF_EXIT_USAGE : cli_exit_for(err.status);
			goto out;
		}
		if (ntsas) {
		/* TSA anchors are only ever given explicitly; there is no default location for them. */
		if (pcf_trust_load(tsas, ntsas, NULL, 0, &tsa, &err) != PCF_OK) {
			cli_print_error("extract", &err);
			status = cli_exit_for(err.status);
			goto out;
		}
		opts.tsa_trust = tsa;
	}
	if (pcf_verifier_new(trust, &opts, &v, &err) != PCF_OK) {
			cli_print_error("extract", &err);
			status = cli_exit_for(err.status);
			goto out;
		}
	}
	if (pcf_extract_file(v, argv[optind], argv[optind + 1], &vd, &err) != PCF_OK) {
		cli_print_error("extract", &err);
		pcf_verdict_code code = vd ? pcf_verdict_get_code(vd) : PCF_VERDICT_VALID;
		if (code == (unverified ? PCF_VERDICT_UNVERIFIED : PCF_VERDICT_VALID))
			code = PCF_VERDICT_VALID; /* the checks passed; writing failed */
		switch (code) {
		case PCF_VERDICT_VALID: status = cli_exit_for(err.status); break;
		case PCF_VERDICT_EXPIRED:
		case PCF_VERDICT_NOT_YET_VALID:
		case PCF_VERDICT_REVOKED:
		case PCF_VERDICT_SUPERSEDED: status = PCF_EXIT_EXPIRED; break;
		case PCF_VERDICT_MISMATCH: status = PCF_EXIT_MISMATCH; break;
		case PCF_VERDICT_IO_ERROR: status = PCF_EXIT_IO; break;
		case PCF_VERDICT_INVALID:
		case PCF_VERDICT_UNVERIFIED: status = PCF_EXIT_FAIL; break;
		}
		goto out;
	}
	if (unverified)
		cli_errorf("extract", "warning: extracted WITHOUT verifying the signature (--unverified)");
out:
	pcf_verdict_free(vd);
	pcf_verifier_free(v);
	pcf_trust_free(trust);
	pcf_trust_free(tsa);
	free(anchors);
	free(crls);
	free(tsas);
	return status;
}
