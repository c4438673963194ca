/*
 * cmd_status.c - 'pcf status': change a certificate's status in the registry (set), and publish the
 * registry's signed status list of one purpose (publish). The behaviour is in libpcf
 * (pcf/registry.h, pcf/status.h); this parses and prints.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pcf/registry.h>
#include <pcf/status.h>

#include "cli.h"

#define CMD "status"
static const char synopsis[] =
	"pcf status set ID suspended|withdrawn|reinstated --reason TEXT --registry DB\n"
	"       pcf status publish --registry DB --purpose revocation|suspension --key KEY --cert CERT -o LIST";
static const char usage_text[] =
	"usage: pcf status set ID suspended|withdrawn|reinstated --reason TEXT --registry DB [--at TIME]\n"
	"       pcf status publish --registry DB --purpose revocation|suspension --key KEY --cert CERT\n"
	"                          [--chain CHAIN] [--valid-from TIME] [--valid-hours N] -o LIST\n"
	"\n"
	"set: suspend a certificate, withdraw it (final), or reinstate a suspended one; recorded with\n"
	"the time and the reason in the certificate's history (pcf registry show ID).\n"
	"publish: write the registry's status list of one purpose (revocation: withdrawn certificates;\n"
	"suspension: suspended ones), a W3C Bitstring Status List credential signed with CMS by the\n"
	"certification body (a documentSigning certificate of the body that issued the bundles).\n"
	"\n"
	"options:\n"
	"      --registry DB       the registry\n"
	"      --reason TEXT       why (set; required)\n"
	"      --at TIME           when the change takes effect (set; default now)\n"
	"      --purpose P         revocation or suspension (publish)\n"
	"      --key KEY, --pass env:VAR|file:PATH, --pkcs11-module PATH, --cert CERT, --chain CHAIN\n"
	"                          the signing identity, as for pcf issue (publish)\n"
	"      --valid-from TIME   validFrom (default now)\n"
	"      --valid-hours N     validUntil is validFrom + N hours (default 24, 1 to 8784)\n"
	"  -o, --output LIST       the list file ('-' for stdout); an existing file is replaced\n"
	"  -h, --help              show this help\n"
	"\n"
	"Exit status: 0 done; 1 a change the rules forbid (withdrawn is final, only a suspended\n"
	"certificate is reinstated), an unknown id, an unusable key or certificate; 2 usage;\n"
	"5 the registry or the list cannot be read or written.\n";

int cmd_status(int argc, char **argv)
{
	enum { O_REGISTRY = 256, O_REASON, O_AT, O_PURPOSE, O_KEY, O_PASS, O_PKCS11, O_CERT, O_CHAIN, O_FROM, O_HOURS };
	static const struct option longopts[] = {
		{ "registry", required_argument, NULL, O_REGISTRY },
		{ "reason", required_argument, NULL, O_REASON },
		{ "at", required_argument, NULL, O_AT },
		{ "purpose", required_argument, NULL, O_PURPOSE },
		{ "key", required_argument, NULL, O_KEY },
		{ "pass", required_argument, NULL, O_PASS },
		{ "pkcs11-module", required_argument, NULL, O_PKCS11 },
		{ "cert", required_argument, NULL, O_CERT },
		{ "chain", required_argument, NULL, O_CHAIN },
		{ "valid-from", required_argument, NULL, O_FROM },
		{ "valid-hours", required_argument, NULL, O_HOURS },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *db = NULL, *reason = NULL, *at_text = NULL, *purpose = NULL, *from_text = NULL, *output = NULL;
	const char *action;
	long hours = 24;
	char *end;
	int opt, rc = PCF_EXIT_OK;
	int64_t at = (int64_t)time(NULL), from;
	pcf_signer_options so;
	pcf_signer *signer = NULL;
	pcf_registry *reg = NULL;
	pcf_error err;

	memset(&so, 0, sizeof so);
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		switch (opt) {
		case O_REGISTRY: db = optarg; break;
		case O_REASON: reason = optarg; break;
		case O_AT: at_text = optarg; break;
		case O_PURPOSE: purpose = optarg; break;
		case O_KEY: so.key_path = optarg; break;
		case O_PASS: so.pass = optarg; break;
		case O_PKCS11: so.pkcs11_module = optarg; break;
		case O_CERT: so.cert_path = optarg; break;
		case O_CHAIN: so.chain_path = optarg; break;
		case O_FROM: from_text = optarg; break;
		case O_HOURS:
			errno = 0;
			hours = strtol(optarg, &end, 10);
			if (errno || *end || hours < 1 || hours > 8784)
				return cli_usage_error(CMD, synopsis, "--valid-hours must be a whole number from 1 to 8784, not '%s'",
				                       optarg);
			break;
		case 'o': output = optarg; break;
		case 'h': fputs(usage_text, stdout); return PCF_EXIT_OK;
		case ':': return cli_usage_error(CMD, synopsis, "option '%s' needs a value", argv[optind - 1]);
		default: return cli_usage_error(CMD, synopsis, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error(CMD, synopsis, "no action given (set or publish)");
	action = argv[optind++];
	if (!db)
		return cli_usage_error(CMD, synopsis, "--registry DB is needed");
	if (!strcmp(action, "set")) {
		pcf_cert_status to;
		if (argc - optind != 2)
			return cli_usage_error(CMD, synopsis, "set needs a certificate id and a status");
		if (!pcf_bundle_id_valid(argv[optind]))
			return cli_usage_error(CMD, synopsis, "'%s' is not a certificate id (8-4-4-4-12 lowercase hex)",
			                       argv[optind]);
		if (!strcmp(argv[optind + 1], "suspended"))
			to = PCF_CERT_SUSPENDED;
		else if (!strcmp(argv[optind + 1], "withdrawn"))
			to = PCF_CERT_WITHDRAWN;
		else if (!strcmp(argv[optind + 1], "reinstated"))
			to = PCF_CERT_ISSUED;
		else
			return cli_usage_error(CMD, synopsis, "the status must be suspended, withdrawn or reinstated, not '%s'",
			                       argv[optind + 1]);
		if (!reason || !*reason)
			return cli_usage_error(CMD, synopsis, "--reason TEXT is needed (it goes into the history)");
		if (at_text && pcf_bundle_time_parse(at_text, &at, &err) != PCF_OK)
			return cli_usage_error(CMD, synopsis, "--at: %s", err.message);
		if (pcf_registry_open(db, 0, &reg, &err) != PCF_OK ||
		    pcf_registry_set_status(reg, argv[optind], to, reason, at, &err) != PCF_OK) {
			cli_print_error(CMD, &err);
			rc = err.status == PCF_E_NOTFOUND || err.status == PCF_E_INVALID ? PCF_EXIT_FAIL : cli_exit_for(err.status);
		}
		pcf_registry_close(reg);
		return rc;
	}
	if (strcmp(action, "publish"))
		return cli_usage_error(CMD, synopsis, "unknown action '%s' (set or publish)", action);
	if (optind != argc)
		return cli_usage_error(CMD, synopsis, "publish takes no argument, found '%s'", argv[optind]);
	if (!purpose || (strcmp(purpose, "revocation") && strcmp(purpose, "suspension")))
		return cli_usage_error(CMD, synopsis, "--purpose must be revocation or suspension");
	if (!so.key_path || (!so.cert_path && strncmp(so.key_path, "pkcs11:", 7)))
		return cli_usage_error(CMD, synopsis, "--key and --cert are needed to sign the list");
	if (!output)
		return cli_usage_error(CMD, synopsis, "-o LIST is needed");
	from = at;
	if (from_text && pcf_bundle_time_parse(from_text, &from, &err) != PCF_OK)
		return cli_usage_error(CMD, synopsis, "--valid-from: %s", err.message);
	if (pcf_signer_load(&signer, &so, &err) != PCF_OK) {
		cli_print_error(CMD, &err);
		return cli_exit_for(err.status);
	}
	if (pcf_registry_open(db, 0, &reg, &err) != PCF_OK) {
		cli_print_error(CMD, &err);
		rc = cli_exit_for(err.status);
	} else {
		unsigned char *list = NULL;
		size_t len = 0;
		if (pcf_status_list_build(reg, purpose, signer, from, from + (int64_t)hours * 3600, &list, &len, &err) !=
		    PCF_OK) {
			cli_print_error(CMD, &err);
			rc = cli_exit_for(err.status);
		} else if (!strcmp(output, "-")) {
			rc = fwrite(list, 1, len, stdout) != len || fflush(stdout) ? PCF_EXIT_IO : PCF_EXIT_OK;
		} else if (pcf_file_write(output, list, len, 1, &err) != PCF_OK) {
			cli_print_error(CMD, &err);
			rc = cli_exit_for(err.status);
		}
		free(list);
	}
	pcf_registry_close(reg);
	pcf_signer_free(signer);
	return rc;
}
