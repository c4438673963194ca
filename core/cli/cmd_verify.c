/*
 * cmd_verify.c - 'pcf verify': check certificate bundles offline against the verifier's own trust
 * anchors and CRLs, one verdict per bundle, exit status for the worst (pcf(1), docs/trust-model.md).
 */
#include "config.h"

#include <getopt.h>
#include <math.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/certificate.h>
#include <pcf/status.h>

#include "cli.h"
#include "trust_opts.h"

static const char usage[] =
	"pcf verify BUNDLE... [--trust ANCHORS]... [--crl FILE]... [--at TIME] [--no-revocation-check]\n"
	"                  [--tsa-trust ANCHORS]... [--status LIST]... [--require-status] [--no-recompute]\n"
	"                  [--plugin-dir DIR] [--timeout SECONDS] [--json] [--quiet] [-j N] [--qr TEXT] [--tree]\n"
	"                  [--max-supplier-depth N] [--max-supplier-nodes N] [--max-supplier-bytes N]";

#define TIMEOUT_DEFAULT 300   /* seconds to recompute one bundle (--timeout), as 'pcf issue' */
#define TIMEOUT_MAX 86400

static void help(void)
{
	printf("usage: %s\n\n", usage);
	printf("Verify certificate bundles (.pcfb) offline and print one verdict per bundle. A BUNDLE of '-'\n"
	       "is read from standard input (once; within the same size limit as a file; named \"stdin\").\n\n"
	       "  --trust ANCHORS        trust anchors: a PEM file or a folder of *.pem/*.crt (repeatable);\n"
	       "                         default: %s and $XDG_CONFIG_HOME/pcfkit/trust\n"
	       "  --crl FILE             a CRL (PEM or DER) for revocation checking (repeatable)\n"
	       "  --at TIME              check validity at TIME, not now (UTC, pcf(1) TIMES):\n"
	       "                         YYYY-MM-DDTHH:MM:SSZ, YYYY-MM-DDTHH:MM:SS+00:00, @SECONDS or SECONDS\n"
	       "  --no-revocation-check  do not check revocation (the verdict says so)\n"
	       "  --tsa-trust ANCHORS    trust RFC 3161 timestamp tokens from TSAs under these anchors: the\n"
	       "                         chain is then judged at the token's time (without: tokens unused)\n"
	       "  --status LIST          a signed status list of the certification body (repeatable: one per\n"
	       "                         purpose, or several times to choose the one valid at --at)\n"
	       "  --require-status       fail closed: every bundle needs a status entry and, for each purpose,\n"
	       "                         a list valid at the verification time\n"
	       "  --no-recompute         do not recompute the result with the methodology plugin\n"
	       "  --plugin-dir DIR       look for methodology plugins in DIR first\n"
	       "  --timeout SECONDS      stop a methodology plugin that recomputes one bundle for longer (default\n"
	       "                         %d; 0: no limit); that bundle fails (recompute-aborted), the others go on\n"
	       "  --json                 print the verdicts, with every check, as a JSON array (with the\n"
	       "                         supplier tree of a bundle that embeds supplier certificates)\n"
	       "  --tree                 also print the supplier tree: each supplier's verdict, body, footprint\n"
	       "  --max-supplier-depth N, --max-supplier-nodes N, --max-supplier-bytes N\n"
	       "                         limits of a supplier tree (defaults in docs/limits.md)\n"
	       "  -q, --quiet            print nothing; only the exit status tells\n"
	       "  -j, --jobs N           verify with N threads (default 1); output stays in argument order\n"
	       "  --qr TEXT              (one bundle) also check that TEXT, scanned from a printed certificate's\n"
	       "                         QR code, names this bundle: its certificate id and SHA-256 (pcf certificate)\n\n"
	       "Exit status (the worst verdict, in the order 5, 1, 4, 7, 6, 3, 0): 0 all valid, 1 invalid,\n"
	       "3 expired, not yet valid, revoked or superseded, 4 recompute mismatch, 5 unreadable bundle,\n"
	       "6 suspended, 7 withdrawn (by the status lists); 2 usage error. A bundle that cannot be\n"
	       "recomputed here (plugin, version or factor library missing) stays valid, and its note says\n"
	       "\"not recomputable\" and why; so does one whose supplier withheld the inventory (pcf redact:\n"
	       "\"inventory-withheld\", the withheld entries listed). A bundle of format 1.2 is recomputed with\n"
	       "the factors it carries (factors.json); where one differs from the installed library's, the\n"
	       "line says so after \"note:\", for information. With --qr, 1 also when TEXT does not name the bundle\n"
	       "(qr-malformed, qr-id-mismatch, qr-digest-mismatch).\n",
	       pcf_trust_system_dir(), TIMEOUT_DEFAULT);
}

/* Exit status of one verdict, and its rank for "the worst" (higher is worse). */
static int verdict_exit(pcf_verdict_code c)
{
	switch (c) {
	case PCF_VERDICT_VALID: return PCF_EXIT_OK;
	case PCF_VERDICT_EXPIRED:
	case PCF_VERDICT_NOT_YET_VALID:
	case PCF_VERDICT_REVOKED:
	case PCF_VERDICT_SUPERSEDED: return PCF_EXIT_EXPIRED;
	case PCF_VERDICT_MISMATCH: return PCF_EXIT_MISMATCH;
	case PCF_VERDICT_IO_ERROR: return PCF_EXIT_IO;
	case PCF_VERDICT_SUSPENDED: return PCF_EXIT_SUSPENDED;
	case PCF_VERDICT_WITHDRAWN: return PCF_EXIT_WITHDRAWN;
	case PCF_VERDICT_INVALID:
	case PCF_VERDICT_UNVERIFIED: break;
	}
	return PCF_EXIT_FAIL;
}

/* pcf(1): with several bundles the worst status wins, in the order 5, 1, 4, 7, 6, 3, 0. */
static int exit_rank(int status)
{
	switch (status) {
	case PCF_EXIT_OK: return 0;
	case PCF_EXIT_EXPIRED: return 1;
	case PCF_EXIT_SUSPENDED: return 2;
	case PCF_EXIT_WITHDRAWN: return 3;
	case PCF_EXIT_MISMATCH: return 4;
	case PCF_EXIT_FAIL: return 5;
	default: return 6; /* I/O */
	}
}

/* A batch shared by the worker threads: each takes the next bundle; verdicts land by index. */
typedef struct batch {
	const pcf_verifier *v;
	char **paths;
	pcf_verdict **vds;
	size_t n, next;
	pthread_mutex_t lock;
	int failed;
	pcf_error err;
} batch;

static void *worker(void *arg)
{
	batch *b = arg;

	for (;;) {
		size_t i;
		pcf_error e;
		pthread_mutex_lock(&b->lock);
		i = b->next++;
		pthread_mutex_unlock(&b->lock);
		if (i >= b->n)
			break;
		if (pcf_verify_file(b->v, b->paths[i], &b->vds[i], &e) != PCF_OK) {
			pthread_mutex_lock(&b->lock);
			if (!b->failed)
				b->err = e;
			b->failed = 1;
			pthread_mutex_unlock(&b->lock);
		}
	}
	return NULL;
}

/* Verify every bundle with njobs threads (the calling one included). */
static int run_batch(batch *b, long njobs)
{
	pthread_t *t = NULL;
	long k, started = 0;

	if (njobs > 1 && (t = calloc((size_t)njobs - 1, sizeof *t)) != NULL)
		for (k = 0; k < njobs - 1; k++)
			if (pthread_create(&t[k], NULL, worker, b) == 0)
				started++;
	worker(b);
	for (k = 0; k < started; k++)
		pthread_join(t[k], NULL);
	free(t);
	return b->failed ? -1 : 0;
}

/* --tree: the supplier tree under the verdict line, indented by depth. */
static void print_tree(const pcf_verdict *vd)
{
	size_t i, n = pcf_verdict_tree_count(vd);

	for (i = 0; i < n; i++) {
		size_t depth;
		const char *path, *body, *unit, *rs = pcf_verdict_tree_recompute(vd, i);
		pcf_verdict_code code;
		double total, share;
		char hex[65];
		if (pcf_verdict_tree_row(vd, i, &depth, &path, &code, &body, &total, &unit, &share, hex) != PCF_OK)
			continue;
		printf("%*s%s: %s", (int)(2 * depth), "", path, pcf_verdict_code_name(code));
		if (rs && strcmp(rs, "identical"))   /* a redacted or not recomputable supplier says so */
			printf(" (%s)", rs);
		printf("; %s; ", body ? body : "?");
		if (isnan(total))
			printf("footprint unknown");
		else
			printf("%.10g %s per declared unit", total, unit ? unit : "");
		if (isnan(share))
			printf("; share of the total unknown\n");
		else
			printf("; %.4g %% of the total\n", 100 * share);
	}
}

static void print_text(const pcf_verdict *vd)
{
	pcf_verdict_code c = pcf_verdict_get_code(vd);
	const char *id = pcf_verdict_certificate_id(vd);

	if (c == PCF_VERDICT_VALID) {
		const char *basis = pcf_verdict_revocation_basis(vd);
		size_t i, nw = pcf_verdict_withheld_count(vd);
		printf("%s: valid (certificate %s; %s; %s", pcf_verdict_bundle(vd), id ? id : "?",
		       !pcf_verdict_revocation_checked(vd) ? "revocation NOT checked (--no-revocation-check)" :
		       !strcmp(basis, "signing-time") ? "not revoked at signing time (CRLs embedded in the bundle, at the "
		                                        "timestamp's time)" :
		       !strcmp(basis, "mixed") ? "revocation checked (partly at signing time, with the CRLs embedded in "
		                                 "the bundle)" : "revocation checked",
		       pcf_verdict_recomputed(vd) ? "result recomputed and identical" : pcf_verdict_recompute_note(vd));
		/* For information only: what a redaction withheld, and embedded factors that differ from ours. */
		for (i = 0; i < nw; i++)
			printf("%s%s", i ? ", " : "; withheld: ", pcf_verdict_withheld(vd, i));
		if (*pcf_verdict_factor_note(vd))
			printf("; note: %s", pcf_verdict_factor_note(vd));
		printf(")\n");
		return;
	}
	/* "BUNDLE: VERDICT: REASON: MESSAGE", the reason left out when it is the verdict's own name
	 * (io-error, superseded): never "io-error: io-error:". */
	if (!strcmp(pcf_verdict_code_name(c), pcf_reason_name(pcf_verdict_get_reason(vd))))
		printf("%s: %s: %s\n", pcf_verdict_bundle(vd), pcf_verdict_code_name(c), pcf_verdict_message(vd));
	else
		printf("%s: %s: %s: %s\n", pcf_verdict_bundle(vd), pcf_verdict_code_name(c),
		       pcf_reason_name(pcf_verdict_get_reason(vd)), pcf_verdict_message(vd));
}

/*
 * --qr: does the scanned text name the bundle at path (id and SHA-256)? Prints the outcome
 * (stdout in text mode, stderr with --json, nothing with --quiet); PCF_EXIT_OK when it does,
 * PCF_EXIT_FAIL when not, PCF_EXIT_IO when the bundle cannot be read.
 */
static int check_qr(const char *path, const char *qr, int json, int quiet)
{
	pcf_qr_result res = PCF_QR_MALFORMED;
	pcf_error err;
	char *data = NULL, *why = NULL;
	size_t len = 0;
	int status = PCF_EXIT_OK;

	pcf_error_clear(&err);
	if (pcf_file_read(path, (size_t)256 << 20, &data, &len, &err) != PCF_OK ||
	    pcf_certificate_qr_check(path, data, len, qr, &res, &why, &err) != PCF_OK) {
		cli_print_error("verify", &err);
		free(data);
		return err.status == PCF_E_IO ? PCF_EXIT_IO : PCF_EXIT_FAIL;
	}
	if (res != PCF_QR_MATCH)
		status = PCF_EXIT_FAIL;
	if (!quiet)
		fprintf(json ? stderr : stdout, "%s: qr: %s: %s\n", path, pcf_qr_result_name(res), why ? why : "");
	free(why);
	free(data);
	return status;
}

int cmd_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_TRUST_LONGOPTS,
		{ "json", no_argument, NULL, 'Y' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "jobs", required_argument, NULL, 'J' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "qr", required_argument, NULL, 'Q' },
		{ "tree", no_argument, NULL, 'E' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	pcf_verdict **vds = NULL;
	size_t nb = 0, i;
	cli_trust_opts to;
	pcf_error err;
	int json = 0, quiet = 0, tree = 0, c, r, status;
	const char *qr = NULL;
	long njobs = 1, timeout = TIMEOUT_DEFAULT;
	char *end;
	batch b;

	if ((status = cli_trust_opts_init(&to, "verify", usage, argc)) != PCF_EXIT_OK)
		return status;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "qhj:", longopts, NULL)) != -1) {
		if ((r = cli_trust_opts_parse(&to, c, optarg, &status)) < 0)
			goto out;
		if (r > 0)
			continue;
		switch (c) {
		case 'Y': json = 1; break;
		case 'E': tree = 1; break;
		case 'q': quiet = 1; break;
		case 'Q': qr = optarg; break;
		case 'j':
		case 'J':
			njobs = strtol(optarg, &end, 10);
			if (*end || njobs < 1 || njobs > 256) {
				status = cli_usage_error("verify", usage, "--jobs: expected a number from 1 to 256, found '%s'",
				                         optarg);
				goto out;
			}
			break;
		case 'T':
			timeout = strtol(optarg, &end, 10);
			if (!*optarg || *end || timeout < 0 || timeout > TIMEOUT_MAX) {
				status = cli_usage_error("verify", usage,
				                         "--timeout must be a whole number of seconds from 0 to %d, not '%s'",
				                         TIMEOUT_MAX, optarg);
				goto out;
			}
			break;
		case 'h': help(); status = PCF_EXIT_OK; goto out;
		default:
			status = cli_usage_error("verify", usage, "unknown option '%s'", argv[optind - 1]);
			goto out;
		}
	}
	nb = (size_t)(argc - optind);
	if (nb == 0) {
		status = cli_usage_error("verify", usage, "no bundle given");
		goto out;
	}
	for (i = 0, c = 0; i < nb; i++)
		if (!strcmp(argv[optind + (int)i], "-") && c++) {
			status = cli_usage_error("verify", usage, "'-' (standard input) can be given only once");
			goto out;
		}
	if (qr && nb != 1) {
		status = cli_usage_error("verify", usage, "--qr checks one bundle; %zu given", nb);
		goto out;
	}
	/*
	 * Trust store, CRLs and plugins: loaded once for the whole batch. Plugins recompute in one worker
	 * process per thread (a crash or a hang fails one bundle), forked now, before the threads start.
	 */
#if defined(__GLIBC__) && defined(M_TRIM_THRESHOLD)
	/*
	 * A batch allocates and frees the same sizes bundle after bundle (an inventory's arena alone is
	 * 176 KiB): keep freed memory for the next bundle instead of returning it to the kernel and
	 * faulting it in again, ~20 us of system time per bundle (docs/performance.md, B2). Before the
	 * verifier is made, so that its recompute workers (forked then) keep theirs too.
	 */
	if (nb > 1)
		mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
	to.opts.recompute_workers = (unsigned)(njobs < (long)nb ? njobs : (long)nb);
	to.opts.recompute_timeout_s = (unsigned)timeout;
	if ((status = cli_trust_opts_verifier(&to)) != PCF_EXIT_OK)
		goto out;
	vds = calloc(nb, sizeof *vds);
	if (!vds) {
		cli_errorf("verify", "out of memory");
		status = PCF_EXIT_IO;
		goto out;
	}
	memset(&b, 0, sizeof b);
	b.v = to.verifier;
	b.paths = argv + optind;
	b.vds = vds;
	b.n = nb;
	pthread_mutex_init(&b.lock, NULL);
	c = run_batch(&b, njobs < (long)nb ? njobs : (long)nb);
	pthread_mutex_destroy(&b.lock);
	if (c != 0) {
		/* No verdict could be made at all for a bundle (out of memory): that rejects the batch. */
		cli_print_error("verify", &b.err);
		status = PCF_EXIT_FAIL;
		goto out;
	}
	pcf_verify_apply_supersession(vds, nb);
	for (i = 0; i < nb; i++) {
		int s = verdict_exit(pcf_verdict_get_code(vds[i]));
		if (exit_rank(s) > exit_rank(status))
			status = s;
	}
	if (json && !quiet) {
		char *text;
		size_t len;
		if (pcf_verdicts_to_json((const pcf_verdict *const *)vds, nb, &text, &len, &err) != PCF_OK) {
			cli_print_error("verify", &err);
			status = PCF_EXIT_FAIL;
			goto out;
		}
		fwrite(text, 1, len, stdout);
		free(text);
	} else if (!quiet) {
		for (i = 0; i < nb; i++) {
			print_text(vds[i]);
			if (tree)
				print_tree(vds[i]);
		}
	}
	if (qr) {
		int s = check_qr(argv[optind], qr, json, quiet);
		if (exit_rank(s) > exit_rank(status))
			status = s;
	}
	if (fflush(stdout) != 0 && status == PCF_EXIT_OK)
		status = PCF_EXIT_IO;
out:
	if (vds)
		for (i = 0; i < nb; i++)
			pcf_verdict_free(vds[i]);
	free(vds);
	cli_trust_opts_free(&to);
	return status;
}
