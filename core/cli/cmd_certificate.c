/*
 * cmd_certificate.c - 'pcf certificate': make the certificate a person reads (PDF, PNG or HTML)
 * from a bundle, after verifying it with the same trust options as 'pcf verify' (or, when asked
 * with --unverified, after the structural checks only, with a NOT VERIFIED watermark).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/certificate.h>

#include "cli.h"
#include "trust_opts.h"

#define BUNDLE_MAX ((size_t)256 << 20) /* the verifier's default input limit */

static const char usage[] =
	"pcf certificate BUNDLE -o FILE [--format pdf|png|html] [--lang en|zh] [--url URL] [--force]\n"
	"                  [--trust ANCHORS]... [--crl FILE]... [--at TIME] [--no-revocation-check]\n"
	"                  [--tsa-trust ANCHORS]... [--status LIST]... [--require-status] [--no-recompute]\n"
	"                  [--plugin-dir DIR] [--unverified]";

static void help(void)
{
	printf("usage: %s\n\n", usage);
	printf("Verify BUNDLE, then write the certificate a person reads: product, declared unit, footprint\n"
	       "and its split, boundary, methodology, certification body, validity, a chart of stages or\n"
	       "processes, the certificate id and a QR code naming the bundle (id and SHA-256).\n\n"
	       "  -o, --output FILE   where to write ('-' for standard output); required\n"
	       "  --format F          pdf (default; or from FILE's extension .png/.html), png (150 dpi), html\n"
	       "  --lang L            en (English, default) or zh (Simplified Chinese)\n"
	       "  --url URL           the body's verification URL: put into the QR code and printed\n"
	       "  --force             overwrite FILE if it exists\n"
	       "  --trust, --crl, --at, --no-revocation-check, --tsa-trust, --no-recompute, --plugin-dir\n"
	       "                      as for 'pcf verify'\n"
	       "  --status LIST, --require-status\n"
	       "                      as for 'pcf verify'; the page shows the status: in force, or SUSPENDED or\n"
	       "                      WITHDRAWN under the title, in the validity and across the page\n"
	       "  --unverified        do not check the signature, chain or revocation (the archive, the\n"
	       "                      manifest and every file's SHA-256 still are); the document then says\n"
	       "                      NOT VERIFIED across the page\n\n"
	       "The same bundle and options give the same bytes. Check a scanned QR code with\n"
	       "'pcf verify BUNDLE --qr TEXT'.\n\n"
	       "Exit status: 0 written, 1 invalid bundle, 3 expired/not yet valid/revoked/superseded,\n"
	       "4 recompute mismatch, 5 I/O error or existing FILE, 6 suspended and 7 withdrawn (the document\n"
	       "is written, marked), 2 usage error.\n");
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

int cmd_certificate(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_TRUST_LONGOPTS,
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'F' },
		{ "lang", required_argument, NULL, 'L' },
		{ "url", required_argument, NULL, 'u' },
		{ "force", no_argument, NULL, 'f' },
		{ "unverified", no_argument, NULL, 'U' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cli_trust_opts to;
	pcf_certificate_options co;
	pcf_verdict *vd = NULL;
	pcf_error err;
	const char *output = NULL, *format = NULL, *path;
	char *data = NULL, *out = NULL;
	size_t len = 0, outlen = 0;
	int unverified = 0, force = 0, c, r, status;

	if ((status = cli_trust_opts_init(&to, "certificate", usage, argc)) != PCF_EXIT_OK)
		return status;
	pcf_error_clear(&err);
	pcf_certificate_options_init(&co);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
		if ((r = cli_trust_opts_parse(&to, c, optarg, &status)) < 0)
			goto out;
		if (r > 0)
			continue;
		switch (c) {
		case 'o': output = optarg; break;
		case 'F': format = optarg; break;
		case 'L':
			if (!strcmp(optarg, "en"))
				co.lang = PCF_CERTIFICATE_EN;
			else if (!strcmp(optarg, "zh"))
				co.lang = PCF_CERTIFICATE_ZH;
			else {
				status = cli_usage_error("certificate", usage, "--lang '%s': expected en or zh", optarg);
				goto out;
			}
			break;
		case 'u': co.url = optarg; break;
		case 'f': force = 1; break;
		case 'U': unverified = 1; break;
		case 'h': help(); goto out;
		default:
			status = cli_usage_error("certificate", usage, "unknown option '%s'", argv[optind - 1]);
			goto out;
		}
	}
	if (argc - optind != 1) {
		status = cli_usage_error("certificate", usage, "expected one bundle");
		goto out;
	}
	if (!output) {
		status = cli_usage_error("certificate", usage, "no output: give -o FILE (or -o - for standard output)");
		goto out;
	}
	if (!format)
		format = ends_with(output, ".png") ? "png" : ends_with(output, ".html") || ends_with(output, ".htm") ? "html"
		                                                                                                  : "pdf";
	if (!strcmp(format, "pdf"))
		co.format = PCF_CERTIFICATE_PDF;
	else if (!strcmp(format, "png"))
		co.format = PCF_CERTIFICATE_PNG;
	else if (!strcmp(format, "html"))
		co.format = PCF_CERTIFICATE_HTML;
	else {
		status = cli_usage_error("certificate", usage, "--format '%s': expected pdf, png or html", format);
		goto out;
	}
	if (unverified && cli_trust_opts_any_trust(&to)) {
		status = cli_usage_error("certificate", usage,
		                         "--unverified cannot be combined with --trust, --crl, --tsa-trust, --status or "
		                         "--require-status");
		goto out;
	}
	path = argv[optind];
	if (!unverified && (status = cli_trust_opts_verifier(&to)) != PCF_EXIT_OK)
		goto out;
	co.verifier = unverified ? NULL : to.verifier;
	if (pcf_file_read(path, BUNDLE_MAX, &data, &len, &err) != PCF_OK) {
		cli_print_error("certificate", &err);
		status = cli_exit_for(err.status);
		goto out;
	}
	if (pcf_certificate_render(strcmp(path, "-") ? path : "stdin", data, len, &co, &out, &outlen, &vd, &err) != PCF_OK) {
		cli_print_error("certificate", &err);
		switch (err.status == PCF_E_VERIFY && vd ? pcf_verdict_get_code(vd) : PCF_VERDICT_VALID) {
		case PCF_VERDICT_EXPIRED:
		case PCF_VERDICT_NOT_YET_VALID:
		case PCF_VERDICT_REVOKED:
		case PCF_VERDICT_SUPERSEDED: status = PCF_EXIT_EXPIRED; break;
		case PCF_VERDICT_MISMATCH: status = PCF_EXIT_MISMATCH; break;
		case PCF_VERDICT_SUSPENDED: status = PCF_EXIT_SUSPENDED; break;  /* not reached: such a page is made */
		case PCF_VERDICT_WITHDRAWN: status = PCF_EXIT_WITHDRAWN; break;
		case PCF_VERDICT_IO_ERROR: status = PCF_EXIT_IO; break;
		case PCF_VERDICT_INVALID:
		case PCF_VERDICT_UNVERIFIED: status = PCF_EXIT_FAIL; break;
		case PCF_VERDICT_VALID: status = err.status == PCF_E_BUNDLE ? PCF_EXIT_FAIL : cli_exit_for(err.status); break;
		}
		goto out;
	}
	if (!strcmp(output, "-")) {
		if (fwrite(out, 1, outlen, stdout) != outlen || fflush(stdout)) {
			cli_errorf("certificate", "cannot write to standard output: %s", strerror(errno));
			status = PCF_EXIT_IO;
		}
	} else if (pcf_file_write(output, out, outlen, force, &err) != PCF_OK) {
		cli_print_error("certificate", &err);
		status = cli_exit_for(err.status);
	}
	if (status == PCF_EXIT_OK && unverified)
		cli_errorf("certificate", "warning: made WITHOUT verifying the signature (--unverified); the document says so");
	if (status == PCF_EXIT_OK && vd &&
	    (pcf_verdict_get_code(vd) == PCF_VERDICT_SUSPENDED || pcf_verdict_get_code(vd) == PCF_VERDICT_WITHDRAWN)) {
		/* The page is made and marked; the exit status says it, as pcf verify's would. */
		int w = pcf_verdict_get_code(vd) == PCF_VERDICT_WITHDRAWN;
		cli_errorf("certificate", "warning: the certification body has %s this certificate; the document says %s",
		           w ? "withdrawn" : "suspended", w ? "WITHDRAWN" : "SUSPENDED");
		status = w ? PCF_EXIT_WITHDRAWN : PCF_EXIT_SUSPENDED;
	}
out:
	free(out);
	free(data);
	pcf_verdict_free(vd);
	cli_trust_opts_free(&to);
	return status;
}
