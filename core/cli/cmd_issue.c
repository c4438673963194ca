/*
 * cmd_issue.c - 'pcf issue': compute inventories under a methodology, sign and package each as a
 * certificate bundle (.pcfb). One inventory or a batch: the key, certificate, factor libraries and
 * the plugin are loaded once, inventories are issued by -j worker threads, a failing inventory is
 * reported and the others are still issued, and the exit status says whether any failed. Each thread
 * computes in its own worker process (pcf_compute_pool, pcf/compute.h), so that a crashing or hanging
 * plugin fails only its inventory.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <pcf/bundle.h>
#include <pcf/compute.h>
#include <pcf/factors.h>
#include <pcf/methods.h>
#include <pcf/registry.h>
#include <pcf/result.h>
#include <pcf/signer.h>
#include <pcf/tsa.h>

#include "cli.h"
#include "supplier_opts.h"

#define CMD "issue"
#define INVENTORY_MAX (64u << 20)   /* bytes of one inventory file */
#define ATTACH_MAX (64u << 20)      /* bytes of one attachment */
#define SUPPLIER_MAX (256u << 20)   /* bytes of one supplier bundle (the verifier's input limit) */
#define LIST_MAX (16u << 20)        /* bytes of a --list file */
#define JOBS_MAX 256
#define TIMEOUT_DEFAULT 300         /* seconds to compute one inventory (--timeout) */
#define TIMEOUT_MAX 86400

#define SYNOPSIS "pcf issue INVENTORY... --key KEY.pem --cert CERT.pem -o OUT.pcfb|DIR [options]"
static const char synopsis[] = SYNOPSIS;
static const char usage_text[] =
	"usage: " SYNOPSIS "\n"
	"\n"
	"Compute each inventory under a methodology, sign the result and write a certificate bundle.\n"
	"With several inventories (or --list), -o names an existing folder and each bundle is named\n"
	"after its inventory (steel.yaml -> DIR/steel.pcfb).\n"
	"\n"
	"options:\n"
	"  -m, --method ID         methodology plugin (default iso14067)\n"
	"      --key KEY.pem       the issuer's private key (mode 0600 or stricter), or a PKCS#11 URI\n"
	"                          'pkcs11:token=LABEL;object=LABEL' naming a key in a token (HSM)\n"
	"      --pass env:VAR|file:PATH   the key's passphrase (the token's PIN for a PKCS#11 key),\n"
	"                          from a variable or a private file\n"
	"      --pkcs11-module PATH  the PKCS#11 module for a token key (default $PCF_PKCS11_MODULE,\n"
	"                          else the p11-kit proxy)\n"
	"      --cert CERT.pem     the issuer's certificate (EKU documentSigning 1.3.6.1.5.5.7.3.36);\n"
	"                          for a PKCS#11 key, read from the token when left out\n"
	"      --chain CHAIN.pem   intermediate certificates to include (roots are left out)\n"
	"      --valid-days N      the certificate is valid for N days from issue (default 365)\n"
	"      --attach FILE       add FILE as evidence/NAME (repeatable)\n"
	"      --format FORMAT     add an export, e.g. pact-v2 or pact-v3 (repeatable)\n"
	"      --supersedes ID     the certificate id this one replaces (one inventory only)\n"
	"      --issued-at TIME    issue time (UTC, pcf(1) TIMES): YYYY-MM-DDTHH:MM:SSZ,\n"
	"                          YYYY-MM-DDTHH:MM:SS+00:00, @SECONDS or SECONDS\n"
	"      --id ID             a fixed certificate id, for reproducible builds (one inventory only)\n"
	"      --list FILE         read inventory file names from FILE, one a line ('-' for stdin)\n"
	"      --param NAME=VALUE  methodology parameter (repeatable)\n"
	"      --factors FILE      an extra emission factor library (repeatable)\n"
	"      --library [NAME=]LIB  a process library for the inventories' background inputs\n"
	"                          (repeatable; NAME defaults to LIB's base name without extension)\n"
	"      --plugin-dir DIR    look for methodology plugins in DIR first\n"
	CLI_SUPPLIER_HELP
	"      --registry DB       record every bundle in the registry DB (SQLite, created when missing)\n"
	"                          and give it an entry in the registry's status lists; not with --force\n"
	"  -o, --output OUT        output bundle, or folder for several ('-': standard output)\n"
	"  -f, --force             overwrite existing bundles\n"
	"  -j, --jobs N            issue with N threads (default 1)\n"
	"      --timeout SECONDS   stop a methodology plugin that computes one inventory for longer\n"
	"                          (default 300; 0: no limit); that inventory fails, the others go on\n"
	"      --tsa URL           have each signature timestamped by the RFC 3161 TSA at URL (http or\n"
	"                          https); a bundle whose TSA request fails is not issued, the others go on\n"
	"      --tsa-policy OID    require (and ask for) this TSA policy in the timestamp\n"
	"      --embed-revocation  embed the CRLs valid at the issue time of the signer's issuer and of\n"
	"                          every intermediate's (from --crl) as revocation/crl-N.der (format 1.2),\n"
	"                          so that a verifier can check revocation at the timestamp's time offline\n"
	"      --crl FILE          CRLs (PEM or DER) to take the embedded ones from (repeatable)\n"
	"  -v, --verbose           print 'OUT CERTIFICATE-ID' for each bundle issued\n"
	"      --json              print a JSON report of every inventory on stdout\n"
	"  -h, --help              show this help\n"
	"\n"
	"Exit status: 0 when every bundle was issued; else that of the first failure in input order\n"
	"(1 invalid input, rule or certificate; 2 usage; 5 input/output, existing output, interrupted).\n"
	"A progress line is shown on stderr when it is a terminal and there are several inventories.\n";

struct ctx;

struct job {
	struct ctx *ctx;
	const char *input;
	char *output;
	pcf_status status;
	pcf_error err;
	char id[PCF_BUNDLE_ID_LEN + 1];
	int done;
};

struct ctx {
	const pcf_signer *signer;
	char **export_paths;  /* "export/NAME.EXT", one per format */
	size_t nformats;
	pcf_bundle_file *attach;
	size_t nattach;
	pcf_bundle_file *revocation; /* --embed-revocation: revocation/crl-N.der, the same for every bundle */
	size_t nrevocation;
	const char *supersedes;
	const char *fixed_id;
	int64_t issued_at;
	unsigned valid_days;
	int force;
	pcf_bundle_batch *batch;  /* group commit when issuing several bundles */
	struct job *jobs;
	size_t njobs;
	size_t next;          /* next job to take, under lock */
	size_t finished, failed;
	int progress;
	pthread_mutex_t lock;
	pcf_compute_pool *pool;   /* one compute worker per thread (pcf/compute.h) */
	pcf_registry *registry;   /* --registry: every bundle recorded with the batch's commit */
};

struct thread_arg {
	struct ctx *ctx;
	size_t slot;              /* the thread's slot in the pool */
};

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = 1;
	signal(sig, SIG_DFL);     /* a second signal stops at once */
}

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* DIR/BASE.pcfb from an inventory path, BASE being its last component without .yaml/.yml. */
static char *output_in_dir(const char *dir, const char *input)
{
	const char *base = strrchr(input, '/');
	size_t blen, dlen = strlen(dir);
	char *out;

	base = base ? base + 1 : input;
	blen = strlen(base);
	if (blen > 5 && !strcmp(base + blen - 5, ".yaml"))
		blen -= 5;
	else if (blen > 4 && !strcmp(base + blen - 4, ".yml"))
		blen -= 4;
	out = malloc(dlen + blen + 8);
	if (out)
		sprintf(out, "%s%s%.*s.pcfb", dir, dlen && dir[dlen - 1] == '/' ? "" : "/", (int)blen, base);
	return out;
}

/* Compute, build and write one bundle. */
static pcf_status issue_one(struct ctx *c, size_t slot, struct job *j, int *staged)
{
	char *inv_bytes = NULL, *rep = NULL;
	size_t inv_len = 0, i, nextra = 0;
	pcf_bundle_file *extra = NULL;
	const char **exports = NULL;
	size_t *export_lens = NULL;
	pcf_computed r;
	pcf_bundle_input in;
	pcf_status st;
	pcf_bundle_supplier_set *sup = NULL;
	const pcf_bundle_file *sup_files = NULL;
	size_t nsup = 0;

	memset(&r, 0, sizeof r);
	st = pcf_file_read(j->input, INVENTORY_MAX, &inv_bytes, &inv_len, &j->err);
	extra = calloc(c->nformats + c->nattach + c->nrevocation + 1, sizeof *extra);
	exports = calloc(c->nformats + 1, sizeof *exports);
	export_lens = calloc(c->nformats + 1, sizeof *export_lens);
	if (st != PCF_OK)
		goto out;
	if (!extra || !exports || !export_lens) {
		st = PCF_E_NOMEM;
		snprintf(j->err.message, sizeof j->err.message, "out of memory");
		goto out;
	}
	r.exports = exports;
	r.export_lens = export_lens;
	if ((st = pcf_compute_pool_compute(c->pool, slot, j->input, inv_bytes, inv_len, &r, &rep, &j->err)) != PCF_OK)
		goto out;
	for (i = 0; i < c->nformats; i++) {
		extra[nextra].path = c->export_paths[i];
		extra[nextra].data = exports[i];
		extra[nextra++].size = export_lens[i];
	}
	for (i = 0; i < c->nattach; i++)
		extra[nextra++] = c->attach[i];
	for (i = 0; i < c->nrevocation; i++)
		extra[nextra++] = c->revocation[i];
	/* The supplier certificates the result used, embedded by digest (format 1.2). */
	st = pcf_bundle_suppliers_read(j->input, r.result, r.result_len, SUPPLIER_MAX, &sup, &j->err);
	if (st == PCF_OK && (nsup = pcf_bundle_suppliers_files(sup, &sup_files)) > 0) {
		pcf_bundle_file *g = realloc(extra, (nextra + nsup + 1) * sizeof *extra);
		if (!g) {
			st = PCF_E_NOMEM;
			snprintf(j->err.message, sizeof j->err.message, "out of memory");
		} else {
			extra = g;
			memcpy(extra + nextra, sup_files, nsup * sizeof *extra);
			nextra += nsup;
		}
	}
	if (st != PCF_OK)
		goto out;

	pcf_bundle_input_init(&in, PCF_BUNDLE_INPUT_VERSION);
	in.certificate_id = c->fixed_id;
	in.issued_at = c->issued_at;
	in.valid_days = c->valid_days;
	in.supersedes = c->supersedes;
	in.product_id = r.product_id;
	in.product_name = r.product_name;
	in.declared_amount = r.declared_amount;
	in.declared_unit = r.declared_unit;
	in.methodology_id = r.method_id;
	in.methodology_version = r.method_version;
	in.footprint.total = r.total;
	in.footprint.unit = r.unit;
	in.footprint.gwp_set = *r.gwp_set ? r.gwp_set : NULL;
	in.footprint.fossil = r.fossil;
	in.footprint.biogenic_emissions = r.biogenic_emissions;
	in.footprint.biogenic_removals = r.biogenic_removals;
	in.footprint.dluc = r.dluc;
	in.footprint.aircraft = r.aircraft;
	in.inventory = inv_bytes;
	in.inventory_size = inv_len;
	in.result = r.result;
	in.result_size = r.result_len;
	in.extra = extra;
	in.n_extra = nextra;
	/* The exact factors the result used travel with it (factors.json, format 1.2), so that a verifier
	 * without this pcfkit's default library or the --factors files recomputes the same bytes. */
	in.factors = r.factors;
	in.factors_size = r.factors_len;
	in.n_suppliers = pcf_bundle_suppliers_refs(sup, &in.suppliers);
	if (c->registry) {
		if ((st = pcf_registry_reserve_index(c->registry, &in.status_index, &j->err)) != PCF_OK)
			goto out;
		in.status_list = pcf_registry_list_id(c->registry);
	}
	if (c->batch)
		st = pcf_bundle_batch_add(c->batch, c->signer, &in, j->output, j, j->id, &j->err);
	else if (!strcmp(j->output, "-")) {
		/* -o -: the bundle on standard output (one inventory; checked at parsing). */
		unsigned char *bytes = NULL;
		size_t blen = 0;
		st = pcf_bundle_build(c->signer, &in, &bytes, &blen, j->id, &j->err);
		if (st == PCF_OK && (fwrite(bytes, 1, blen, stdout) != blen || fflush(stdout))) {
			st = PCF_E_IO;
			snprintf(j->err.message, sizeof j->err.message, "cannot write the bundle to standard output: %s",
			         strerror(errno));
			snprintf(j->err.file, sizeof j->err.file, "-");
			j->err.status = PCF_E_IO;
		}
		free(bytes);
	} else
		st = pcf_bundle_write(c->signer, &in, j->output, c->force, j->id, &j->err);
	if (st == PCF_OK && c->batch)
		*staged = 1;
out:
	if (st != PCF_OK && !j->err.file[0] && !j->err.line)
		snprintf(j->err.file, sizeof j->err.file, "%s", j->input);
	free(exports);
	free(export_lens);
	free(extra);
	pcf_bundle_suppliers_free(sup);
	free(rep);
	free(inv_bytes);
	return st;
}

/* A job is finished: record it and update the progress line. Called with c->lock held. */
static void finish(struct ctx *c, struct job *j)
{
	j->done = 1;
	c->finished++;
	if (j->status != PCF_OK)
		c->failed++;
	if (c->progress) {
		fprintf(stderr, "\rpcf issue: %zu/%zu issued", c->finished - c->failed, c->njobs);
		if (c->failed)
			fprintf(stderr, ", %zu failed", c->failed);
		fflush(stderr);
	}
}

/* The batch committed (or dropped) a staged bundle. */
static void committed(void *data, pcf_status status, const pcf_error *err)
{
	struct job *j = data;
	struct ctx *c = j->ctx;

	pthread_mutex_lock(&c->lock);
	j->status = status;
	if (status != PCF_OK && err)
		j->err = *err;
	j->err.status = status;
	finish(c, j);
	pthread_mutex_unlock(&c->lock);
}

static void *worker(void *arg)
{
	struct thread_arg *ta = arg;
	struct ctx *c = ta->ctx;

	for (;;) {
		struct job *j;
		int staged = 0;
		pcf_status st = PCF_OK;

		pthread_mutex_lock(&c->lock);
		if (c->next >= c->njobs || interrupted) {
			pthread_mutex_unlock(&c->lock);
			return NULL;
		}
		j = &c->jobs[c->next++];
		st = j->status;               /* already failed while planning? */
		pthread_mutex_unlock(&c->lock);

		if (st == PCF_OK)
			st = issue_one(c, ta->slot, j, &staged);
		if (staged)
			continue;                 /* finished when the batch commits it */
		pthread_mutex_lock(&c->lock);
		j->status = st;
		j->err.status = st;
		finish(c, j);
		pthread_mutex_unlock(&c->lock);
	}
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

static void print_json(const struct ctx *c)
{
	size_t i;
	char buf[PCF_ERROR_FILE_MAX + PCF_ERROR_PATH_MAX + PCF_ERROR_MSG_MAX + 64];

	printf("{\n  \"issued\": %zu,\n  \"failed\": %zu,\n  \"bundles\": [", c->finished - c->failed,
	       c->njobs - (c->finished - c->failed));
	for (i = 0; i < c->njobs; i++) {
		const struct job *j = &c->jobs[i];
		printf("%s\n    { \"input\": ", i ? "," : "");
		json_str(stdout, j->input);
		printf(", \"output\": ");
		json_str(stdout, j->output);
		if (j->done && j->status == PCF_OK) {
			printf(", \"status\": \"issued\", \"certificate-id\": ");
			json_str(stdout, j->id);
		} else if (!j->done) {
			printf(", \"status\": \"not-issued\", \"error\": \"interrupted\"");
		} else {
			printf(", \"status\": \"failed\", \"error\": ");
			json_str(stdout, pcf_error_format(&j->err, buf, sizeof buf));
		}
		printf(" }");
	}
	printf("\n  ]\n}\n");
}

/*
 * Append the non-empty, non-comment lines of a --list file to *inputs. Returns 0, or the exit status
 * after printing the error: 1 for a file over its limit (invalid input, as for --attach), 5 when it
 * cannot be read or memory runs out.
 */
static int read_list(const char *path, char **buf, const char ***inputs, size_t *n)
{
	pcf_error err;
	size_t len;
	char *p, *line;

	if (pcf_file_read(path, LIST_MAX, buf, &len, &err) != PCF_OK) {
		cli_print_error(CMD, &err);
		return cli_exit_for(err.status);
	}
	for (line = strtok_r(*buf, "\n", &p); line; line = strtok_r(NULL, "\n", &p)) {
		size_t l = strlen(line);
		const char **grown;
		if (l && line[l - 1] == '\r')
			line[--l] = '\0';
		if (!l || line[0] == '#')
			continue;
		grown = realloc(*inputs, (*n + 1) * sizeof **inputs);
		if (!grown) {
			cli_errorf(CMD, "out of memory");
			return PCF_EXIT_IO;
		}
		*inputs = grown;
		(*inputs)[(*n)++] = line;
	}
	return 0;
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!*s || *s == '-')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v == 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

int cmd_issue(int argc, char **argv)
{
	enum { O_KEY = 256, O_PASS, O_CERT, O_CHAIN, O_VALID, O_ATTACH, O_FORMAT, O_SUPERSEDES, O_ISSUED_AT, O_ID,
	       O_LIST, O_PARAM, O_FACTORS, O_PLUGIN_DIR, O_JSON, O_PKCS11_MODULE, O_TIMEOUT, O_TSA, O_TSA_POLICY, O_REGISTRY,
	       O_LIBRARY, O_EMBED_REVOCATION, O_CRL };
	static const struct option longopts[] = {
		{ "method", required_argument, NULL, 'm' },
		{ "key", required_argument, NULL, O_KEY },
		{ "pass", required_argument, NULL, O_PASS },
		{ "pkcs11-module", required_argument, NULL, O_PKCS11_MODULE },
		{ "cert", required_argument, NULL, O_CERT },
		{ "chain", required_argument, NULL, O_CHAIN },
		{ "valid-days", required_argument, NULL, O_VALID },
		{ "attach", required_argument, NULL, O_ATTACH },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "supersedes", required_argument, NULL, O_SUPERSEDES },
		{ "issued-at", required_argument, NULL, O_ISSUED_AT },
		{ "id", required_argument, NULL, O_ID },
		{ "list", required_argument, NULL, O_LIST },
		{ "param", required_argument, NULL, O_PARAM },
		{ "factors", required_argument, NULL, O_FACTORS },
		{ "library", required_argument, NULL, O_LIBRARY },
		{ "plugin-dir", required_argument, NULL, O_PLUGIN_DIR },
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "tsa", required_argument, NULL, O_TSA },
		{ "tsa-policy", required_argument, NULL, O_TSA_POLICY },
		{ "registry", required_argument, NULL, O_REGISTRY },
		{ "embed-revocation", no_argument, NULL, O_EMBED_REVOCATION },
		{ "crl", required_argument, NULL, O_CRL },
		CLI_SUPPLIER_LONGOPTS,
		{ "verbose", no_argument, NULL, 'v' },
		{ "json", no_argument, NULL, O_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *method_id = "iso14067", *output = NULL, *issued_at_text = NULL, *registry_path = NULL;
	const char **inputs = NULL, **formats = NULL, **attach_paths = NULL, **factor_files = NULL;
	const char **plugin_dirs = NULL, **param_args = NULL, **lists = NULL, **libraries = NULL, **crl_paths = NULL;
	size_t nlibraries = 0, ncrls = 0, nrev = 0;
	void *lca = NULL;
	pcf_crl_der *rev = NULL;
	char (*rev_names)[48] = NULL;
	pcf_trust *crl_store = NULL;
	int embed_revocation = 0;
	size_t ninputs = 0, nformats = 0, nattach = 0, nfactors = 0, ndirs = 0, nparams = 0, nlists = 0;
	char **list_bufs = NULL, **attach_data = NULL, (*attach_names)[PCF_BUNDLE_NAME_MAX + 1] = NULL;
	pcf_signer_options so;
	pcf_tsa_options tsa = { NULL, NULL, 0 };
	pcf_signer *signer = NULL;
	pcf_methods *methods = NULL;
	const pcf_method *method = NULL;
	pcf_factor_lib *factors = NULL;
	pcf_params *params = NULL;
	pcf_error err;
	struct ctx c;
	pthread_t threads[JOBS_MAX];
	struct thread_arg targs[JOBS_MAX];
	unsigned long jobs = 1, valid_days = 365, timeout = TIMEOUT_DEFAULT, v;
	int verbose = 0, json = 0, rc = PCF_EXIT_OK, opt, batch;
	size_t i, k, nthreads = 0;
	struct sigaction sa, old_int, old_term, old_hup;
	pcf_compute_pool_options po;
	cli_supplier_opts sup;
	int taken;

	memset(&so, 0, sizeof so);
	memset(&c, 0, sizeof c);
	if (cli_supplier_opts_init(&sup, CMD, synopsis, argc) != PCF_EXIT_OK)
		return PCF_EXIT_IO;
	opterr = 0;
	optind = 1;
#define PUSH(arr, n, val) do { \
		const char **g_ = realloc((void *)(arr), ((n) + 1) * sizeof *(arr)); \
		if (!g_) { cli_errorf(CMD, "out of memory"); rc = PCF_EXIT_IO; goto done; } \
		(arr) = g_; (arr)[(n)++] = (val); \
	} while (0)
	while ((opt = getopt_long(argc, argv, ":m:o:fj:vh", longopts, NULL)) != -1) {
		if ((taken = cli_supplier_opts_parse(&sup, opt, optarg, &rc)) < 0)
			goto done;
		if (taken)
			continue;
		switch (opt) {
		case 'm': method_id = optarg; break;
		case O_KEY: so.key_path = optarg; break;
		case O_PASS: so.pass = optarg; break;
		case O_PKCS11_MODULE: so.pkcs11_module = optarg; break;
		case O_CERT: so.cert_path = optarg; break;
		case O_CHAIN: so.chain_path = optarg; break;
		case O_VALID:
			if (parse_uint(optarg, 36600, &valid_days)) {
				rc = cli_usage_error(CMD, synopsis, "--valid-days must be a whole number from 1 to 36600, not '%s'", optarg);
				goto done;
			}
			break;
		case O_ATTACH: PUSH(attach_paths, nattach, optarg); break;
		case O_FORMAT: PUSH(formats, nformats, optarg); break;
		case O_SUPERSEDES: c.supersedes = optarg; break;
		case O_ISSUED_AT: issued_at_text = optarg; break;
		case O_ID: c.fixed_id = optarg; break;
		case O_LIST: PUSH(lists, nlists, optarg); break;
		case O_PARAM: PUSH(param_args, nparams, optarg); break;
		case O_FACTORS: PUSH(factor_files, nfactors, optarg); break;
		case O_LIBRARY: PUSH(libraries, nlibraries, optarg); break;
		case O_PLUGIN_DIR: PUSH(plugin_dirs, ndirs, optarg); break;
		case 'o': output = optarg; break;
		case 'f': c.force = 1; break;
		case 'j':
			if (parse_uint(optarg, JOBS_MAX, &jobs)) {
				rc = cli_usage_error(CMD, synopsis, "-j must be a whole number from 1 to %d, not '%s'", JOBS_MAX, optarg);
				goto done;
			}
			break;
		case O_TIMEOUT:
			if (strcmp(optarg, "0") && parse_uint(optarg, TIMEOUT_MAX, &timeout)) {
				rc = cli_usage_error(CMD, synopsis, "--timeout must be a whole number of seconds from 0 to %d, not '%s'",
				                     TIMEOUT_MAX, optarg);
				goto done;
			}
			if (!strcmp(optarg, "0"))
				timeout = 0;
			break;
		case O_TSA: tsa.url = optarg; break;
		case O_TSA_POLICY: tsa.policy = optarg; break;
		case 'v': verbose = 1; break;
		case O_REGISTRY: registry_path = optarg; break;
		case O_EMBED_REVOCATION: embed_revocation = 1; break;
		case O_CRL: PUSH(crl_paths, ncrls, optarg); break;
		case O_JSON: json = 1; break;
		case 'h': fputs(usage_text, stdout); goto done;
		case ':':
			rc = cli_usage_error(CMD, synopsis, "option '%s' needs a value", argv[optind - 1]);
			goto done;
		default:
			rc = cli_usage_error(CMD, synopsis, "unknown option '%s'", argv[optind - 1]);
			goto done;
		}
	}
	for (i = (size_t)optind; i < (size_t)argc; i++)
		PUSH(inputs, ninputs, argv[i]);
	for (i = 0; i < nlists; i++) {
		char **g = realloc(list_bufs, (i + 1) * sizeof *list_bufs);
		if (!g) {
			rc = PCF_EXIT_IO;
			goto done;
		}
		list_bufs = g;
		list_bufs[i] = NULL;
		if ((rc = read_list(lists[i], &list_bufs[i], &inputs, &ninputs)) != PCF_EXIT_OK) {
			nlists = i + 1;
			goto done;
		}
	}
	if (!ninputs) {
		rc = cli_usage_error(CMD, synopsis, "no inventory given");
		goto done;
	}
	if (!so.key_path || (!so.cert_path && strncmp(so.key_path, "pkcs11:", 7))) {
		rc = cli_usage_error(CMD, synopsis, "--key and --cert are needed to sign (--cert may be left out for a pkcs11: key)");
		goto done;
	}
	if (!output) {
		rc = cli_usage_error(CMD, synopsis, "-o OUT.pcfb (or -o DIR for several inventories) is needed");
		goto done;
	}
	batch = ninputs > 1 || nlists > 0;
	if (!strcmp(output, "-") && (batch || verbose || json)) {
		rc = cli_usage_error(CMD, synopsis, "-o - writes one bundle to standard output: not with several "
		                     "inventories, --list, -v or --json");
		goto done;
	}
	if (batch && !is_dir(output)) {
		rc = cli_usage_error(CMD, synopsis, "with several inventories, -o must name an existing folder, not '%s'", output);
		goto done;
	}
	if (batch && (c.fixed_id || c.supersedes)) {
		rc = cli_usage_error(CMD, synopsis, "--id and --supersedes apply to one inventory, not a batch");
		goto done;
	}
	if (registry_path && c.force) {
		rc = cli_usage_error(CMD, synopsis, "--force cannot be used with --registry: a registry keeps every "
		                     "certificate issued (issue to a new name, or use --supersedes)");
		goto done;
	}
	if (c.fixed_id && !pcf_bundle_id_valid(c.fixed_id)) {
		rc = cli_usage_error(CMD, synopsis, "--id must be 32 lowercase hex digits as 8-4-4-4-12, not '%s'", c.fixed_id);
		goto done;
	}
	if (c.supersedes && !pcf_bundle_id_valid(c.supersedes)) {
		rc = cli_usage_error(CMD, synopsis, "--supersedes must be a certificate id (8-4-4-4-12 lowercase hex), not '%s'",
		                     c.supersedes);
		goto done;
	}
	if (issued_at_text) {
		if (pcf_bundle_time_parse(issued_at_text, &c.issued_at, &err) != PCF_OK) {
			rc = cli_usage_error(CMD, synopsis, "--issued-at: %s", err.message);
			goto done;
		}
	} else {
		c.issued_at = (int64_t)time(NULL);
	}
	for (i = 0; i < nformats; i++)
		for (k = 0; k < i; k++)
			if (!strcmp(formats[i], formats[k])) {
				rc = cli_usage_error(CMD, synopsis, "--format %s given twice", formats[i]);
				goto done;
			}

	/* A full file system or a file size limit must end in a clean error, not a signal. */
	signal(SIGXFSZ, SIG_IGN);

	/* The signing identity, once. */
	if (pcf_signer_load(&signer, &so, &err) != PCF_OK) {
		cli_print_error(CMD, &err);
		rc = cli_exit_for(err.status);
		goto done;
	}
	if (tsa.url && pcf_signer_set_tsa(signer, &tsa, &err) != PCF_OK) {
		rc = cli_usage_error(CMD, synopsis, "%s", err.message);
		goto done;
	}

	/* --embed-revocation, once: the CRLs valid at the issue time, checked, the same in every bundle. */
	if (ncrls && !embed_revocation) {
		rc = cli_usage_error(CMD, synopsis, "--crl is only for --embed-revocation");
		goto done;
	}
	if (embed_revocation) {
		if (!ncrls) {
			rc = cli_usage_error(CMD, synopsis, "--embed-revocation needs the CRLs to embed (--crl FILE)");
			goto done;
		}
		pcf_status cst = pcf_trust_new(&crl_store, &err);
		for (i = 0; cst == PCF_OK && i < ncrls; i++)
			cst = pcf_trust_add_crl_file(crl_store, crl_paths[i], &err);
		if (cst != PCF_OK || pcf_signer_revocation_evidence(signer, crl_store, c.issued_at, &rev, &nrev, &err) != PCF_OK) {
			cli_print_error(CMD, &err);
			rc = cli_exit_for(err.status);
			goto done;
		}
		if (!(c.revocation = calloc(nrev + 1, sizeof *c.revocation)) || !(rev_names = calloc(nrev + 1, sizeof *rev_names))) {
			cli_errorf(CMD, "out of memory");
			rc = PCF_EXIT_IO;
			goto done;
		}
		for (i = 0; i < nrev; i++) {
			snprintf(rev_names[i], sizeof rev_names[i], "revocation/crl-%zu.der", i + 1);
			c.revocation[i].path = rev_names[i];
			c.revocation[i].data = rev[i].der;
			c.revocation[i].size = rev[i].len;
		}
		c.nrevocation = nrev;
	}

	/* The registry, once: created when missing; recovery of a crashed issuer's commit runs here. */
	if (registry_path && pcf_registry_open(registry_path, PCF_REGISTRY_CREATE, &c.registry, &err) != PCF_OK) {
		cli_print_error(CMD, &err);
		rc = cli_exit_for(err.status);
		goto done;
	}

	/* Without --chain the signature carries the signer alone: a verifier that trusts the root only
	 * cannot build the chain unless the root issued the signer directly. Say so (not an error). */
	if (!pcf_signer_chain_count(signer) && !pcf_signer_self_issued(signer))
		cli_errorf(CMD, "warning: no --chain: the bundles carry only the signer certificate, so verifiers "
		           "will not find the intermediate certificates (unless a root issued the signer directly)");

	/* Attachments, once: their bytes and entry names. */
	attach_data = calloc(nattach + 1, sizeof *attach_data);
	attach_names = calloc(nattach + 1, sizeof *attach_names);
	c.attach = calloc(nattach + 1, sizeof *c.attach);
	if (!attach_data || !attach_names || !c.attach) {
		cli_errorf(CMD, "out of memory");
		rc = PCF_EXIT_IO;
		goto done;
	}
	for (i = 0; i < nattach; i++) {
		size_t len;
		if (pcf_file_read(attach_paths[i], ATTACH_MAX, &attach_data[i], &len, &err) != PCF_OK) {
			cli_print_error(CMD, &err);
			rc = cli_exit_for(err.status);
			goto done;
		}
		pcf_bundle_evidence_name(attach_paths[i], attach_names[i]);
		for (k = 0; k < i; k++)
			if (!strcmp(attach_names[i], attach_names[k])) {
				cli_errorf(CMD, "%s: attachments %s and %s would both be %s in the bundle; rename one",
				           attach_paths[i], attach_paths[k], attach_paths[i], attach_names[i]);
				rc = PCF_EXIT_USAGE;
				goto done;
			}
		c.attach[i].path = attach_names[i];
		c.attach[i].data = attach_data[i];
		c.attach[i].size = len;
	}
	c.nattach = nattach;

	/* Factor libraries, parameters and the methodology plugin, once. */
	if (pcf_factor_lib_new(&factors, &err) != PCF_OK || pcf_factor_lib_load_default(factors, NULL, &err) != PCF_OK) {
		cli_print_error(CMD, &err);
		rc = cli_exit_for(err.status);
		goto done;
	}
	for (i = 0; i < nfactors; i++)
		if (pcf_factor_lib_load_file(factors, factor_files[i], NULL, &err) != PCF_OK) {
			cli_print_error(CMD, &err);
			rc = cli_exit_for(err.status);
			goto done;
		}
	if ((rc = cli_lca_attach(CMD, (char **)libraries, nlibraries, factors, &lca)))
		goto done;
	if (pcf_params_new(&params, &err) != PCF_OK) {
		cli_print_error(CMD, &err);
		rc = cli_exit_for(err.status);
		goto done;
	}
	for (i = 0; i < nparams; i++)
		if (pcf_params_parse(params, param_args[i], &err) != PCF_OK) {
			rc = cli_usage_error(CMD, synopsis, "--param: %s", err.message);
			goto done;
		}
	/* Supplier certificates: verified in the compute workers, once per digest for the batch (made before they fork). */
	if ((rc = cli_supplier_opts_apply(&sup, params, ndirs ? plugin_dirs[0] : NULL)) != PCF_EXIT_OK)
		goto done;
	if (pcf_methods_new(&methods, 0, &err) != PCF_OK) {
		cli_print_error(CMD, &err);
		rc = cli_exit_for(err.status);
		goto done;
	}
	for (i = 0; i < ndirs; i++)
		if (pcf_methods_add_dir(methods, plugin_dirs[i], &err) != PCF_OK) {
			cli_print_error(CMD, &err);
			rc = cli_exit_for(err.status);
			goto done;
		}
	if (pcf_methods_find(methods, method_id, &method, &err) != PCF_OK) {
		cli_print_error(CMD, &err);
		rc = cli_exit_for(err.status);
		goto done;
	}
	c.export_paths = calloc(nformats + 1, sizeof *c.export_paths);
	if (!c.export_paths) {
		cli_errorf(CMD, "out of memory");
		rc = PCF_EXIT_IO;
		goto done;
	}
	for (i = 0; i < nformats; i++) {
		const char *name = NULL, *ext = NULL;
		size_t f;
		if (!pcf_method_has_format(method, formats[i])) {
			cli_errorf(CMD, "methodology %s offers no export format '%s'", method_id, formats[i]);
			rc = PCF_EXIT_USAGE;
			goto done;
		}
		for (f = 0; f < pcf_method_format_count(method); f++)
			if (pcf_method_format(method, f, &name, NULL, &ext, NULL) == PCF_OK && !strcmp(name, formats[i]))
				break;
		if (!ext || !*ext)
			ext = ".json";
		c.export_paths[i] = malloc(strlen(formats[i]) + strlen(ext) + 16);
		if (!c.export_paths[i]) {
			cli_errorf(CMD, "out of memory");
			rc = PCF_EXIT_IO;
			goto done;
		}
		sprintf(c.export_paths[i], "export/%s%s%s", formats[i], ext[0] == '.' ? "" : ".", ext);
	}

	/* Plan the jobs: one output path each; a clash within the batch fails the later inventory. */
	c.signer = signer;
	c.nformats = nformats;
	c.valid_days = (unsigned)valid_days;
	c.jobs = calloc(ninputs, sizeof *c.jobs);
	if (!c.jobs) {
		cli_errorf(CMD, "out of memory");
		rc = PCF_EXIT_IO;
		goto done;
	}
	c.njobs = ninputs;
	for (i = 0; i < ninputs; i++) {
		struct job *j = &c.jobs[i];
		j->ctx = &c;
		j->input = inputs[i];
		j->output = batch || is_dir(output) ? output_in_dir(output, inputs[i]) : strdup(output);
		if (!j->output) {
			cli_errorf(CMD, "out of memory");
			rc = PCF_EXIT_IO;
			goto done;
		}
		for (k = 0; k < i; k++)
			if (!strcmp(j->output, c.jobs[k].output)) {
				j->status = PCF_E_EXISTS;
				snprintf(j->err.file, sizeof j->err.file, "%s", j->input);
				snprintf(j->err.message, sizeof j->err.message,
				         "output %s is already the bundle of %s in this batch; rename the inventory", j->output,
				         c.jobs[k].input);
				break;
			}
	}

	/* Issue. SIGINT/SIGTERM/SIGHUP stop taking new inventories; bundles in flight are finished. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	c.progress = isatty(2) && c.njobs > 1;
	pthread_mutex_init(&c.lock, NULL);
	if ((c.njobs > 1 || c.registry) && pcf_bundle_batch_new(&c.batch, c.force, 0, committed, &err) != PCF_OK) {
		cli_print_error(CMD, &err);
		rc = cli_exit_for(err.status);
		pthread_mutex_destroy(&c.lock);
		goto done;
	}
	if (c.registry)
		pcf_bundle_batch_set_journal(c.batch, pcf_registry_journal(c.registry));
	if (jobs > c.njobs)
		jobs = c.njobs;
	/* One compute worker per thread, from a process forked before the threads start (pcf/compute.h). */
	(void)pcf_compute_pool_options_init(&po, PCF_COMPUTE_POOL_OPTIONS_VERSION);
	po.method = method;
	po.factors = factors;
	po.params = params;
	po.formats = formats;
	po.nformats = nformats;
	po.inventory_max = INVENTORY_MAX;
	po.timeout_s = (unsigned)timeout;
	po.export_factors = 1;   /* factors.json: the exact factors the result used travel with it */
	if (pcf_compute_pool_new(&po, jobs, &c.pool, NULL) != PCF_OK) {
		cli_errorf(CMD, "out of memory");
		rc = PCF_EXIT_IO;
		pcf_bundle_batch_free(c.batch);
		c.batch = NULL;
		pthread_mutex_destroy(&c.lock);
		goto done;
	}
	for (v = 0; v < jobs; v++) {
		targs[v].ctx = &c;
		targs[v].slot = v;
	}
	for (v = 1; v < jobs; v++) {
		if (pthread_create(&threads[nthreads], NULL, worker, &targs[v]) != 0)
			break;     /* fewer threads than asked still finishes the work */
		nthreads++;
	}
	worker(&targs[0]);
	for (i = 0; i < nthreads; i++)
		pthread_join(threads[i], NULL);
	pcf_compute_pool_free(c.pool);
	c.pool = NULL;
	/* Bundles staged when the work ends (or is interrupted) are complete: commit them. */
	if (c.batch) {
		(void)pcf_bundle_batch_commit(c.batch, NULL);   /* each failure reaches its job */
		pcf_bundle_batch_free(c.batch);
		c.batch = NULL;
	}
	pthread_mutex_destroy(&c.lock);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	if (c.progress)
		fputc('\n', stderr);

	/* Report, in input order. */
	for (i = 0; i < c.njobs; i++) {
		struct job *j = &c.jobs[i];
		if (!j->done) {
			if (rc == PCF_EXIT_OK)
				rc = PCF_EXIT_IO;
			continue;
		}
		if (j->status != PCF_OK) {
			cli_print_error(CMD, &j->err);
			if (rc == PCF_EXIT_OK)
				rc = cli_exit_for(j->status);
		} else if (verbose) {
			printf("%s %s\n", j->output, j->id);
		}
	}
	if (interrupted && c.finished < c.njobs)
		cli_errorf(CMD, "interrupted: %zu of %zu inventories not issued", c.njobs - c.finished, c.njobs);
	else if (c.failed && c.njobs > 1)
		cli_errorf(CMD, "%zu of %zu inventories failed; the others were issued", c.failed, c.njobs);
	if (json)
		print_json(&c);

done:
	if (c.jobs)
		for (i = 0; i < c.njobs; i++)
			free(c.jobs[i].output);
	free(c.jobs);
	if (attach_data)
		for (i = 0; i < nattach; i++)
			free(attach_data[i]);
	free(attach_data);
	free(attach_names);
	free(c.attach);
	if (c.export_paths)
		for (i = 0; i < nformats; i++)
			free(c.export_paths[i]);
	free(c.export_paths);
	for (i = 0; i < nlists; i++)
		free(list_bufs[i]);
	free(list_bufs);
	free((void *)inputs);
	free((void *)formats);
	free((void *)attach_paths);
	free((void *)factor_files);
	free((void *)plugin_dirs);
	free((void *)param_args);
	free((void *)lists);
	free((void *)crl_paths);
	free(c.revocation);
	free(rev_names);
	pcf_crl_der_free(rev, nrev);
	pcf_trust_free(crl_store);
	pcf_params_free(params);
	cli_supplier_opts_free(&sup);
	pcf_methods_free(methods);
	pcf_factor_lib_free(factors);
	cli_lca_detach(lca);
	free((void *)libraries);
	pcf_signer_free(signer);
	pcf_registry_close(c.registry);
	return rc;
#undef PUSH
}
