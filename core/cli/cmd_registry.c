/*
 * cmd_registry.c - 'pcf registry': the certification body's registry of issued certificates
 * (pcf/registry.h). list, show ID, export --json|--csv, import BUNDLE... (rebuild from bundles).
 */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/registry.h>

#include "cli.h"

#define CMD "registry"
static const char synopsis[] = "pcf registry list|show ID|export|import BUNDLE... --registry DB [options]";
static const char usage_text[] =
	"usage: pcf registry list --registry DB [--json]\n"
	"       pcf registry show ID --registry DB [--json]\n"
	"       pcf registry export --registry DB --json|--csv [-o FILE]\n"
	"       pcf registry import BUNDLE... --registry DB\n"
	"\n"
	"The registry of certificates that 'pcf issue --registry DB' wrote (an SQLite file).\n"
	"  list      one line per certificate: id, status, issue time, product, total, file\n"
	"  show      every field of one certificate and the history of its status\n"
	"  export    every certificate as JSON or CSV, on stdout or into FILE (not overwritten)\n"
	"  import    record well-formed bundles (archive, manifest and digests checked; the signature\n"
	"            is not), e.g. to rebuild a lost registry from the bundles on disk; the registry\n"
	"            is created when missing\n"
	"\n"
	"options:\n"
	"      --registry DB   the registry file\n"
	"      --json          JSON output (list, show, export)\n"
	"      --csv           CSV output (export)\n"
	"  -o, --output FILE   export into FILE ('-' for stdout, the default)\n"
	"  -h, --help          show this help\n"
	"\n"
	"Exit status: 0 done; 1 a bundle is malformed or its id is recorded with another bundle (import),\n"
	"an unknown certificate id (show); 2 usage; 5 the registry cannot be read or written.\n";

typedef struct list_ctx {
	int json_first;
} list_ctx;

static int print_line(void *ctx, const pcf_registry_entry *e)
{
	char t[32], num[64];

	(void)ctx;
	snprintf(num, sizeof num, "%.15g", e->total);
	printf("%s  %-9s  %s  %s  %s %s  %s\n", e->id, pcf_cert_status_name(e->status),
	       pcf_bundle_time_format(e->issued_at, t), e->product_id, num, e->unit, e->file);
	return 0;
}

static int print_event(void *ctx, int64_t at, const char *status, const char *reason)
{
	char t[32];

	(void)ctx;
	printf("  %s  %-10s  %s\n", pcf_bundle_time_format(at, t), status, reason);
	return 0;
}

static int show(pcf_registry *reg, const char *id, int json)
{
	pcf_registry_entry *e = NULL;
	pcf_error err;
	char t1[32], t2[32], t3[32];

	if (pcf_registry_get(reg, id, &e, &err) != PCF_OK) {
		cli_print_error(CMD, &err);
		return err.status == PCF_E_NOTFOUND ? PCF_EXIT_FAIL : cli_exit_for(err.status);
	}
	if (json) {
		char *text = NULL;
		size_t len = 0;
		if (pcf_registry_entry_json(reg, e, &text, &len, &err) != PCF_OK) {
			pcf_registry_entry_free(e);
			cli_print_error(CMD, &err);
			return cli_exit_for(err.status);
		}
		fwrite(text, 1, len, stdout);
		free(text);
	} else {
		printf("certificate %s\n", e->id);
		printf("status:       %s since %s%s%s\n", pcf_cert_status_name(e->status),
		       pcf_bundle_time_format(e->status_at, t1), e->status_reason ? ": " : "",
		       e->status_reason ? e->status_reason : "");
		printf("product:      %s (%s)\n", e->product_name, e->product_id);
		printf("declared:     %.15g %s\n", e->declared_amount, e->declared_unit);
		printf("methodology:  %s %s\n", e->method_id, e->method_version);
		printf("footprint:    %.15g %s%s%s\n", e->total, e->unit, e->gwp_set ? " " : "", e->gwp_set ? e->gwp_set : "");
		printf("issued:       %s, valid %s to %s\n", pcf_bundle_time_format(e->issued_at, t1),
		       pcf_bundle_time_format(e->valid_from, t2), pcf_bundle_time_format(e->valid_until, t3));
		printf("signer:       %s%s%s\n", e->issuer_name, e->issuer_org ? ", " : "", e->issuer_org ? e->issuer_org : "");
		if (e->supersedes)
			printf("supersedes:   %s\n", e->supersedes);
		printf("bundle:       %s (%llu bytes, sha256 %s)\n", e->file, (unsigned long long)e->size, e->sha256);
		if (e->status_list)
			printf("status list:  %s index %lld\n", e->status_list, (long long)e->status_index);
		else
			printf("status list:  none\n");
		printf("history:\n");
		if (pcf_registry_history(reg, e->id, print_event, NULL, &err) != PCF_OK) {
			pcf_registry_entry_free(e);
			cli_print_error(CMD, &err);
			return cli_exit_for(err.status);
		}
	}
	pcf_registry_entry_free(e);
	return fflush(stdout) ? PCF_EXIT_IO : PCF_EXIT_OK;
}

static int export(pcf_registry *reg, int format, const char *output)
{
	char *text = NULL;
	size_t len = 0;
	pcf_error err;
	int rc = PCF_EXIT_OK;

	if (pcf_registry_export(reg, format, &text, &len, &err) != PCF_OK) {
		cli_print_error(CMD, &err);
		return cli_exit_for(err.status);
	}
	if (!output || !strcmp(output, "-")) {
		fwrite(text, 1, len, stdout);
		rc = fflush(stdout) ? PCF_EXIT_IO : PCF_EXIT_OK;
	} else if (pcf_file_write(output, text, len, 0, &err) != PCF_OK) {
		cli_print_error(CMD, &err);
		rc = cli_exit_for(err.status);
	}
	free(text);
	return rc;
}

int cmd_registry(int argc, char **argv)
{
	enum { O_REGISTRY = 256, O_JSON, O_CSV };
	static const struct option longopts[] = {
		{ "registry", required_argument, NULL, O_REGISTRY },
		{ "json", no_argument, NULL, O_JSON },
		{ "csv", no_argument, NULL, O_CSV },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *db = NULL, *output = NULL, *action;
	int json = 0, csv = 0, opt, rc = PCF_EXIT_OK, i;
	pcf_registry *reg = NULL;
	pcf_error err;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		switch (opt) {
		case O_REGISTRY: db = optarg; break;
		case O_JSON: json = 1; break;
		case O_CSV: csv = 1; break;
		case 'o': output = optarg; break;
		case 'h': fputs(usage_text, stdout); return PCF_EXIT_OK;
		case ':': return cli_usage_error(CMD, synopsis, "option '%s' needs a value", argv[optind - 1]);
		default: return cli_usage_error(CMD, synopsis, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error(CMD, synopsis, "no action given (list, show, export or import)");
	action = argv[optind++];
	if (!db)
		return cli_usage_error(CMD, synopsis, "--registry DB is needed");
	if (!strcmp(action, "list") || !strcmp(action, "export")) {
		if (optind != argc)
			return cli_usage_error(CMD, synopsis, "%s takes no argument, found '%s'", action, argv[optind]);
		if (!strcmp(action, "export") && json + csv != 1)
			return cli_usage_error(CMD, synopsis, "export needs --json or --csv");
		if (!strcmp(action, "list") && csv)
			return cli_usage_error(CMD, synopsis, "list has --json, not --csv (see export)");
	} else if (!strcmp(action, "show")) {
		if (argc - optind != 1)
			return cli_usage_error(CMD, synopsis, "show needs one certificate id");
		if (!pcf_bundle_id_valid(argv[optind]))
			return cli_usage_error(CMD, synopsis, "'%s' is not a certificate id (8-4-4-4-12 lowercase hex)",
			                       argv[optind]);
	} else if (!strcmp(action, "import")) {
		if (optind == argc)
			return cli_usage_error(CMD, synopsis, "import needs at least one bundle");
	} else {
		return cli_usage_error(CMD, synopsis, "unknown action '%s' (list, show, export or import)", action);
	}
	if (output && strcmp(action, "export"))
		return cli_usage_error(CMD, synopsis, "-o applies to export only");

	if (pcf_registry_open(db, !strcmp(action, "import") ? PCF_REGISTRY_CREATE : 0, &reg, &err) != PCF_OK) {
		cli_print_error(CMD, &err);
		return cli_exit_for(err.status);
	}
	if (!strcmp(action, "list")) {
		rc = json ? export(reg, PCF_REGISTRY_JSON, NULL) : PCF_EXIT_OK;
		if (!json && pcf_registry_foreach(reg, print_line, NULL, &err) != PCF_OK) {
			cli_print_error(CMD, &err);
			rc = cli_exit_for(err.status);
		}
	} else if (!strcmp(action, "show")) {
		rc = show(reg, argv[optind], json);
	} else if (!strcmp(action, "export")) {
		rc = export(reg, csv ? PCF_REGISTRY_CSV : PCF_REGISTRY_JSON, output);
	} else {
		int n = 0, failed = 0;
		for (i = optind; i < argc; i++) {
			if (pcf_registry_import_file(reg, argv[i], &err) != PCF_OK) {
				cli_print_error(CMD, &err);
				if (rc == PCF_EXIT_OK || rc == PCF_EXIT_FAIL)
					rc = err.status == PCF_E_IO || err.status == PCF_E_NOMEM ? PCF_EXIT_IO : PCF_EXIT_FAIL;
				failed++;
			} else {
				n++;
			}
		}
		fprintf(stderr, "pcf registry: %d bundle%s recorded%s", n, n == 1 ? "" : "s", failed ? "" : "\n");
		if (failed)
			fprintf(stderr, ", %d refused\n", failed);
	}
	pcf_registry_close(reg);
	return rc;
}
