/*
 * supplier_opts.c - the supplier-certificate options of 'pcf issue' and 'pcf compute', and the
 * supplier policy built from them (see supplier_opts.h).
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "supplier_opts.h"

int cli_supplier_opts_init(cli_supplier_opts *s, const char *cmd, const char *usage, int argc)
{
	memset(s, 0, sizeof *s);
	s->cmd = cmd;
	s->usage = usage;
	pcf_verify_options_init(&s->opts, PCF_VERIFY_OPTIONS_VERSION);
	s->anchors = calloc((size_t)argc + 1, sizeof *s->anchors);
	s->crls = calloc((size_t)argc + 1, sizeof *s->crls);
	s->known = calloc((size_t)argc + 1, sizeof *s->known);
	if (!s->anchors || !s->crls || !s->known) {
		cli_supplier_opts_free(s);
		cli_errorf(cmd, "out of memory");
		return PCF_EXIT_IO;
	}
	return PCF_EXIT_OK;
}

int cli_supplier_opts_parse(cli_supplier_opts *s, int c, const char *arg, int *status)
{
	pcf_error err;

	switch (c) {
	case CLI_OPT_SUPPLIER_TRUST: s->anchors[s->nanchors++] = arg; return 1;
	case CLI_OPT_SUPPLIER_CRL: s->crls[s->ncrls++] = arg; return 1;
	case CLI_OPT_SUPPLIER_KNOWN: s->known[s->nknown++] = arg; return 1;
	case CLI_OPT_SUPPLIER_AT:
		pcf_error_clear(&err);
		if (pcf_time_parse(arg, &s->opts.at, &err) != PCF_OK) {
			*status = cli_usage_error(s->cmd, s->usage, "--at: %s", err.message);
			return -1;
		}
		if (s->opts.at < -62135596800LL || s->opts.at > 253402300799LL) {
			*status = cli_usage_error(s->cmd, s->usage,
			                          "--at: %s is outside the years 1 to 9999 that certificates can express", arg);
			return -1;
		}
		s->opts.at_set = 1;
		return 1;
	}
	return 0;
}

int cli_supplier_opts_apply(cli_supplier_opts *s, pcf_params *params, const char *plugin_dir)
{
	pcf_error err;

	if (!s->nanchors) {
		if (s->ncrls || s->nknown || s->opts.at_set)
			return cli_usage_error(s->cmd, s->usage,
			                       "--supplier-crl, --supplier-known and --at need --supplier-trust");
		return PCF_EXIT_OK;
	}
	pcf_error_clear(&err);
	if (pcf_trust_load(s->anchors, s->nanchors, s->crls, s->ncrls, &s->trust, &err) != PCF_OK) {
		cli_print_error(s->cmd, &err);
		cli_errorf(s->cmd, "the supplier trust store cannot be used");
		return err.status == PCF_E_NOTFOUND ? PCF_EXIT_USAGE : cli_exit_for(err.status);
	}
	s->opts.plugin_dir = plugin_dir;
	s->opts.recompute_workers = 0; /* the caller's compute workers isolate the plugins already */
	if (pcf_verifier_new(s->trust, &s->opts, &s->verifier, &err) != PCF_OK ||
	    pcf_supplier_policy_new(s->verifier, s->known, s->nknown, &s->policy, &err) != PCF_OK) {
		cli_print_error(s->cmd, &err);
		return cli_exit_for(err.status);
	}
	pcf_params_set_suppliers(params, pcf_supplier_policy_resolve, s->policy);
	return PCF_EXIT_OK;
}

void cli_supplier_opts_free(cli_supplier_opts *s)
{
	pcf_supplier_policy_free(s->policy);
	pcf_verifier_free(s->verifier);
	pcf_trust_free(s->trust);
	free(s->anchors);
	free(s->crls);
	free(s->known);
	memset(s, 0, sizeof *s);
}
