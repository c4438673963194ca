/*
 * cmd_extract.c - 'pcf extract': write the files a bundle's manifest lists into a folder, after
 * verifying the bundle (or, when asked with --unverified, after the structural checks only).
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "trust_opts.h"

#define TIMEOUT_DEFAULT 300   /* seconds to recompute the bundle (--timeout), as 'pcf verify' */
#define TIMEOUT_MAX 86400

static const char usage[] =
	"pcf extract BUNDLE DIR [--trust ANCHORS]... [--crl FILE]... [--at TIME] [--no-revocation-check]\n"
	"                  [--tsa-trust ANCHORS]... [--status LIST]... [--require-status] [--no-recompute]\n"
	"                  [--plugin-dir DIR] [--timeout SECONDS] [--unverified] [--json]";

static void help(void)
{
	printf("usage: %s\n\n", usage);
	printf("Verify BUNDLE, then write the files its manifest lists (and nothing else) into DIR.\n"
	       "Existing files are never overwritten; nothing is written outside DIR. A BUNDLE of '-' is\n"
	       "read from standard input (within the same size limit as a file).\n\n"
	       "  --trust, --crl, --at, --no-revocation-check, --tsa-trust, --no-recompute, --plugin-dir\n"
	       "                 as for 'pcf verify'\n"
	       "  --status LIST, --require-status\n"
	       "                 as for 'pcf verify': a suspended or withdrawn certificate is not extracted\n"
	       "  --timeout SECONDS  stop the methodology plugin that recomputes the result after this long\n"
	       "                 (default %d; 0: no limit): the plugin runs in a worker process, so that a\n"
	       "                 crash or a hang fails the bundle (recompute-aborted, exit 4), not extract\n"
	       "  --unverified   skip the signature, chain and revocation checks (the archive structure,\n"
	       "                 the manifest and every file's SHA-256 are still checked)\n"
	       "  --json         print one JSON object: \"bundle\", \"folder\", \"extracted\", \"files\" (the\n"
	       "                 names written), \"error\" (null or the message) and \"verdict\" (as 'pcf\n"
	       "                 verify --json' gives it; null when none was made); the exit status as without\n\n"
	       "Exit status: 0 extracted, 1 invalid bundle, 3 expired/not yet valid/revoked, 4 recompute\n"
	       "mismatch or recompute aborted, 5 I/O error or existing file, 6 suspended, 7 withdrawn,\n"
	       "2 usage error.\n", TIMEOUT_DEFAULT);
}

/* --json: what was extracted (or why not), with the verdict as 'pcf verify --json' writes it. */
static void print_json(const char *bundle, const char *dir, pcf_status st, const pcf_error *err, const pcf_verdict *vd,
                       char **files, size_t nfiles)
{
	char buf[PCF_ERROR_FILE_MAX + PCF_ERROR_PATH_MAX + PCF_ERROR_MSG_MAX + 64];
	char *text = NULL;
	size_t len = 0, i;
	pcf_error e;

	printf("{\n  \"bundle\": ");
	cli_json_string(stdout, strcmp(bundle, "-") ? bundle : "stdin");
	printf(",\n  \"folder\": ");
	cli_json_string(stdout, dir);
	printf(",\n  \"extracted\": %s,\n  \"files\": [", st == PCF_OK ? "true" : "false");
	for (i = 0; i < nfiles; i++) {
		printf("%s", i ? ", " : "");
		cli_json_string(stdout, files[i]);
	}
	printf("],\n  \"error\": ");
	if (st == PCF_OK)
		printf("null");
	else
		cli_json_string(stdout, pcf_error_format(err, buf, sizeof buf));
	printf(",\n  \"verdict\": ");
	/* the verdict: the one object of verify's array (already indented as a member's value) */
	if (vd && pcf_verdicts_to_json(&vd, 1, &text, &len, &e) == PCF_OK && len > 4) {
		size_t a = 0, b = len;
		while (a < b && text[a] != '{')
			a++;
		while (b > a && text[b - 1] != '}')
			b--;
		fwrite(text + a, 1, b - a, stdout);
	} else
		printf("null");
	free(text);
	printf("\n}\n");
}

int cmd_extract(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_TRUST_LONGOPTS,
		{ "unverified", no_argument, NULL, 'U' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "json", no_argument, NULL, 'Y' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cli_trust_opts to;
	pcf_verdict *vd = NULL;
	pcf_error err;
	int unverified = 0, json = 0, c, r, status;
	long timeout = TIMEOUT_DEFAULT;
	char *end;
	char **files = NULL;
	size_t nfiles = 0;
	pcf_status st;

	if ((status = cli_trust_opts_init(&to, "extract", usage, argc)) != PCF_EXIT_OK)
		return status;
	pcf_error_clear(&err);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if ((r = cli_trust_opts_parse(&to, c, optarg, &status)) < 0)
			goto out;
		if (r > 0)
			continue;
		switch (c) {
		case 'U': unverified = 1; break;
		case 'T':
			timeout = strtol(optarg, &end, 10);
			if (!*optarg || *end || timeout < 0 || timeout > TIMEOUT_MAX) {
				status = cli_usage_error("extract", usage,
				                         "--timeout must be a whole number of seconds from 0 to %d, not '%s'",
				                         TIMEOUT_MAX, optarg);
				goto out;
			}
			break;
		case 'Y': json = 1; break;
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
	if (unverified && cli_trust_opts_any_trust(&to)) {
		status = cli_usage_error("extract", usage, "--unverified cannot be combined with --trust, --crl, --tsa-trust, "
		                            "--status or --require-status");
		goto out;
	}
	/* The plugin recomputes in a worker process (as in 'pcf verify'): a plugin that crashes or hangs
	 * fails the bundle with recompute-aborted instead of killing or blocking extract. */
	to.opts.recompute_workers = 1;
	to.opts.recompute_timeout_s = (unsigned)timeout;
	if (!unverified && (status = cli_trust_opts_verifier(&to)) != PCF_EXIT_OK)
		goto out;
	st = pcf_extract_file_listed(to.verifier, argv[optind], argv[optind + 1], &vd, &files, &nfiles, &err);
	if (json)
		print_json(argv[optind], argv[optind + 1], st, &err, vd, files, nfiles);
	if (st != PCF_OK) {
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
		case PCF_VERDICT_SUSPENDED: status = PCF_EXIT_SUSPENDED; break;  /* --status */
		case PCF_VERDICT_WITHDRAWN: status = PCF_EXIT_WITHDRAWN; break;
		case PCF_VERDICT_INVALID:
		case PCF_VERDICT_UNVERIFIED: status = PCF_EXIT_FAIL; break;
		}
		goto out;
	}
	if (unverified)
		cli_errorf("extract", "warning: extracted WITHOUT verifying the signature (--unverified)");
	if (fflush(stdout) != 0)
		status = PCF_EXIT_IO;
out:
	pcf_extract_list_free(files, nfiles);
	pcf_verdict_free(vd);
	cli_trust_opts_free(&to);
	return status;
}
