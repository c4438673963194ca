/*
 * cmd_pact.c - 'pcf pact pull': fetch footprints from a PACT host system (pcf/pull.h), verify the
 * signed bundles they name under the trust options (trust_opts.h), write them into a folder as
 * supplier inputs. Parses options, calls pcf_pull, prints a summary (text or --json).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/pull.h>

#include "cli.h"
#include "trust_opts.h"

#define CMD "pact"
static const char synopsis[] =
	"pcf pact pull URL --client-id ID --client-secret-file F -o DIR [--filter NAME=VALUE]... [options]";
static const char usage_text[] =
	"usage: pcf pact pull URL --client-id ID --client-secret-file FILE -o DIR\n"
	"                     [--filter NAME=VALUE]... [--limit N] [--cacert FILE] [--force] [--json]\n"
	"                     [--max-pages N] [--timeout SECONDS] [trust options]\n"
	"\n"
	"Fetch the footprints of a PACT host system (https only, certificate always verified): an access\n"
	"token from URL/auth/token (OAuth2 client credentials, HTTP Basic), then URL/3/footprints (or\n"
	"URL/2/footprints when the host has no 3.x) page by page along its Link rel=\"next\". Each footprint\n"
	"that names a pcfkit signed bundle (data model extension, docs/pact-host.md) has its bundle fetched\n"
	"from the same host, checked against the extension's size and SHA-256 and verified under the trust\n"
	"options; a valid one is written as DIR/CERTIFICATE-ID.pcfb (use it as `supplier: {bundle: ...}`).\n"
	"A footprint without the extension is written as DIR/ID.pact.json: unverified secondary data. A\n"
	"footprint whose shape or bundle is refused is not written.\n"
	"\n"
	"options:\n"
	"      --client-id ID           the OAuth2 client id\n"
	"      --client-secret-file F   the client secret on one line (group and others may not read F)\n"
	"  -o, --output DIR             existing folder the files are written into (atomically)\n"
	"      --filter NAME=VALUE      a ListFootprints filter (e.g. geography=CN), repeatable\n"
	"      --limit N                footprints per page asked for (1 to 1000)\n"
	"      --cacert FILE            CA certificates (PEM) for the host's TLS certificate\n"
	"      --force                  overwrite files already in DIR\n"
	"      --max-pages N            pages followed at most (default 1000)\n"
	"      --timeout SECONDS        per request (1 to 3600, default 30)\n"
	"      --json                   print the summary as JSON\n"
	"      --trust, --crl, --tsa-trust, --at, --status, --require-status, --no-revocation-check,\n"
	"      --no-recompute, --plugin-dir   the trust policy the bundles are verified under (pcf verify)\n"
	"  -h, --help                   show this help\n"
	"\n"
	"Exit status: 0 every footprint written; 1 a footprint or bundle refused (not written), or the\n"
	"host refused the credentials; 2 usage; 5 network or TLS failure, a file exists (no --force) or\n"
	"cannot be written, a secret file others can read, a limit exceeded.\n";

static const char *kind_name(pcf_pull_kind k)
{
	return k == PCF_PULL_VERIFIED ? "verified" : k == PCF_PULL_UNVERIFIED ? "unverified" : "refused";
}

static int parse_ul(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
	char *end;

	if (!*s || *s == '-')
		return -1;
	*out = strtoul(s, &end, 10);
	return *end || *out < min || *out > max ? -1 : 0;
}

static void print_json(const pcf_pull_result *r, pcf_status st, const pcf_error *err)
{
	size_t i;
	char buf[1024];

	printf("{\n  \"ok\": %s,\n  \"version\": ", st == PCF_OK ? "true" : "false");
	cli_json_string(stdout, r && r->version ? r->version : "");
	printf(",\n  \"pages\": %zu,\n  \"footprints\": [", r ? r->pages : 0);
	for (i = 0; r && i < r->n; i++) {
		printf("%s\n    {\"id\": ", i ? "," : "");
		cli_json_string(stdout, r->items[i].id);
		printf(", \"kind\": ");
		cli_json_string(stdout, kind_name(r->items[i].kind));
		if (r->items[i].file) {
			printf(", \"file\": ");
			cli_json_string(stdout, r->items[i].file);
		}
		if (r->items[i].why) {
			printf(", \"why\": ");
			cli_json_string(stdout, r->items[i].why);
		}
		printf("}");
	}
	printf("%s]", r && r->n ? "\n  " : "");
	if (st != PCF_OK) {
		printf(",\n  \"error\": ");
		cli_json_string(stdout, pcf_error_format(err, buf, sizeof buf));
	}
	printf("\n}\n");
}

static int pull(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_TRUST_LONGOPTS,
		{ "client-id", required_argument, NULL, 'I' },  { "client-secret-file", required_argument, NULL, 'S' },
		{ "output", required_argument, NULL, 'o' },     { "filter", required_argument, NULL, 'F' },
		{ "limit", required_argument, NULL, 'L' },      { "cacert", required_argument, NULL, 'A' },
		{ "force", no_argument, NULL, 'f' },            { "max-pages", required_argument, NULL, 'P' },
		{ "timeout", required_argument, NULL, 'T' },    { "json", no_argument, NULL, 'Y' },
		{ "help", no_argument, NULL, 'h' },             { NULL, 0, NULL, 0 }
	};
	cli_trust_opts to;
	pcf_pull_config cfg;
	pcf_pull_result *r = NULL;
	pcf_error err;
	const char **filters = NULL;
	unsigned long v;
	int c, k, json = 0, status;
	size_t i, refused = 0, nv = 0, nu = 0;
	pcf_status st;

	if ((status = cli_trust_opts_init(&to, "pact pull", synopsis, argc)) != PCF_EXIT_OK)
		return status;
	memset(&cfg, 0, sizeof cfg);
	pcf_error_clear(&err);
	if (!(filters = calloc((size_t)argc + 1, sizeof *filters))) {
		status = PCF_EXIT_IO;
		goto out;
	}
	cfg.filters = filters;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		if ((k = cli_trust_opts_parse(&to, c, optarg, &status)) < 0)
			goto out;
		if (k > 0)
			continue;
		switch (c) {
		case 'I': cfg.client_id = optarg; break;
		case 'S': cfg.secret_file = optarg; break;
		case 'o': cfg.outdir = optarg; break;
		case 'F':
			if (!strchr(optarg, '=') || *optarg == '=') {
				status = cli_usage_error("pact pull", synopsis, "--filter takes NAME=VALUE, not '%s'", optarg);
				goto out;
			}
			filters[cfg.nfilters++] = optarg;
			break;
		case 'L':
			if (parse_ul(optarg, 1, 1000, &v)) {
				status = cli_usage_error("pact pull", synopsis, "--limit takes 1 to 1000, not '%s'", optarg);
				goto out;
			}
			cfg.limit = (unsigned)v;
			break;
		case 'A': cfg.cacert = optarg; break;
		case 'f': cfg.force = 1; break;
		case 'P':
			if (parse_ul(optarg, 1, PCF_PULL_PAGES_MAX, &v)) {
				status = cli_usage_error("pact pull", synopsis, "--max-pages takes 1 to %u, not '%s'", PCF_PULL_PAGES_MAX, optarg);
				goto out;
			}
			cfg.max_pages = (unsigned)v;
			break;
		case 'T':
			if (parse_ul(optarg, 1, 3600, &v)) {
				status = cli_usage_error("pact pull", synopsis, "--timeout takes 1 to 3600 seconds, not '%s'", optarg);
				goto out;
			}
			cfg.timeout = (long)v;
			break;
		case 'Y': json = 1; break;
		case 'h': fputs(usage_text, stdout); status = PCF_EXIT_OK; goto out;
		default: status = cli_usage_error("pact pull", synopsis, "unknown option '%s'", argv[optind - 1]); goto out;
		}
	}
	if (argc - optind != 1) {
		status = cli_usage_error("pact pull", synopsis, "expected one URL");
		goto out;
	}
	cfg.url = argv[optind];
	if (!cfg.client_id || !cfg.secret_file || !cfg.outdir) {
		status = cli_usage_error("pact pull", synopsis, "--client-id, --client-secret-file and -o are required");
		goto out;
	}
	if ((status = cli_trust_opts_verifier(&to)) != PCF_EXIT_OK)
		goto out;
	cfg.verifier = to.verifier;
	st = pcf_pull(&cfg, &r, &err);
	for (i = 0; r && i < r->n; i++) {
		if (r->items[i].kind == PCF_PULL_REFUSED) {
			refused++;
			cli_errorf("pact pull", "footprint %s refused, not written: %s", r->items[i].id, r->items[i].why);
		} else if (r->items[i].kind == PCF_PULL_VERIFIED)
			nv++;
		else
			nu++;
	}
	if (json)
		print_json(r, st, &err);
	else if (r)
		printf("pulled %zu footprints (API %s, %zu pages): %zu verified bundles, %zu unverified, %zu refused\n",
		       r->n, r->version ? r->version : "?", r->pages, nv, nu, refused);
	if (st != PCF_OK) {
		cli_print_error("pact pull", &err);
		status = st == PCF_E_VERIFY ? PCF_EXIT_FAIL : st == PCF_E_ARG ? PCF_EXIT_USAGE : PCF_EXIT_IO;
	} else
		status = refused ? PCF_EXIT_FAIL : PCF_EXIT_OK;
	if (fflush(stdout) != 0)
		status = PCF_EXIT_IO;
out:
	pcf_pull_result_free(r);
	free(filters);
	cli_trust_opts_free(&to);
	return status;
}

int cmd_pact(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "pull"))
		return pull(argc - 1, argv + 1);
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage_text, stdout);
		return PCF_EXIT_OK;
	}
	return cli_usage_error(CMD, synopsis, "expected the subcommand 'pull'");
}
