/*
 * trust_opts.c - the trust and checking options of 'pcf verify' and 'pcf extract', parsed in
 * one place, and the verifier built from them (see trust_opts.h).
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "trust_opts.h"

int cli_trust_opts_init(cli_trust_opts *t, const char *cmd, const char *usage, int argc)
{
	memset(t, 0, sizeof *t);
	t->cmd = cmd;
	t->usage = usage;
	pcf_verify_options_init(&t->opts, PCF_VERIFY_OPTIONS_VERSION);
	/* Every word of the command line could be one of them: argc entries are always enough. */
	t->anchors = calloc((size_t)argc + 1, sizeof *t->anchors);
	t->crls = calloc((size_t)argc + 1, sizeof *t->crls);
	t->tsas = calloc((size_t)argc + 1, sizeof *t->tsas);
	t->lists = calloc((size_t)argc + 1, sizeof *t->lists);
	if (!t->anchors || !t->crls || !t->tsas || !t->lists) {
		cli_trust_opts_free(t);
		cli_errorf(cmd, "out of memory");
		return PCF_EXIT_IO;
	}
	return PCF_EXIT_OK;
}

int cli_trust_opts_parse(cli_trust_opts *t, int c, const char *arg, int *status)
{
	pcf_error err;

	switch (c) {
	case CLI_OPT_TRUST: t->anchors[t->nanchors++] = arg; return 1;
	case CLI_OPT_CRL: t->crls[t->ncrls++] = arg; return 1;
	case CLI_OPT_TSA_TRUST: t->tsas[t->ntsas++] = arg; return 1;
	case CLI_OPT_STATUS: t->lists[t->nlists++] = arg; return 1;
	case CLI_OPT_REQUIRE_STATUS: t->require_status = 1; return 1;
	case CLI_OPT_AT:
		pcf_error_clear(&err);
		if (pcf_time_parse(arg, &t->opts.at, &err) != PCF_OK) {
			*status = cli_usage_error(t->cmd, t->usage, "--at: %s", err.message);
			return -1;
		}
		/* Certificates hold times of the years 1 to 9999 (RFC 5280): beyond, OpenSSL would report a
		 * format error in the root's notBefore, which is not what is wrong. */
		if (t->opts.at < -62135596800LL || t->opts.at > 253402300799LL) {
			*status = cli_usage_error(t->cmd, t->usage,
			                          "--at: %s is outside the years 1 to 9999 that certificates can express", arg);
			return -1;
		}
		t->opts.at_set = 1;
		return 1;
	case CLI_OPT_NO_REVOCATION_CHECK: t->opts.no_revocation_check = 1; return 1;
	case CLI_OPT_NO_RECOMPUTE: t->opts.no_recompute = 1; return 1;
	case CLI_OPT_PLUGIN_DIR: t->opts.plugin_dir = arg; return 1;
	}
	return 0;
}

int cli_trust_opts_any_trust(const cli_trust_opts *t)
{
	return t->nanchors || t->ncrls || t->ntsas || t->nlists || t->require_status;
}

int cli_trust_opts_verifier(cli_trust_opts *t)
{
	pcf_error err;
	size_t i;

	pcf_error_clear(&err);
	/* Status lists: read (and their signatures checked) once; the verifier checks their signers. */
	if (t->nlists || t->require_status) {
		if (pcf_status_lists_new(t->require_status, &t->status_lists, &err) != PCF_OK) {
			cli_print_error(t->cmd, &err);
			return cli_exit_for(err.status);
		}
		for (i = 0; i < t->nlists; i++)
			if (pcf_status_lists_add_file(t->status_lists, t->lists[i], &err) != PCF_OK) {
				cli_print_error(t->cmd, &err);
				return err.status == PCF_E_IO ? PCF_EXIT_IO : PCF_EXIT_FAIL;
			}
		t->opts.status_lists = t->status_lists;
	}
	if (pcf_trust_load(t->anchors, t->nanchors, t->crls, t->ncrls, &t->trust, &err) != PCF_OK) {
		cli_print_error(t->cmd, &err);
		/* No bundle is judged then: an unsafe (group- or world-writable) trust folder or file is a
		 * system error (exit 5, pcf(1)), not an invalid bundle (1). */
		cli_errorf(t->cmd, "no bundle was checked: the trust store cannot be used");
		return err.status == PCF_E_NOTFOUND ? PCF_EXIT_USAGE : err.status == PCF_E_PLUGIN ? PCF_EXIT_IO
		       : cli_exit_for(err.status);
	}
	if (t->ntsas) {
		/* TSA anchors are only ever given explicitly; there is no default location for them. */
		if (pcf_trust_load(t->tsas, t->ntsas, NULL, 0, &t->tsa, &err) != PCF_OK) {
			cli_print_error(t->cmd, &err);
			return cli_exit_for(err.status);
		}
		t->opts.tsa_trust = t->tsa;
	}
	if (pcf_verifier_new(t->trust, &t->opts, &t->verifier, &err) != PCF_OK) {
		cli_print_error(t->cmd, &err);
		return cli_exit_for(err.status);
	}
	return PCF_EXIT_OK;
}

void cli_trust_opts_free(cli_trust_opts *t)
{
	pcf_verifier_free(t->verifier);
	pcf_trust_free(t->trust);
	pcf_trust_free(t->tsa);
	pcf_status_lists_free(t->status_lists); /* after the verifier, which borrowed them */
	t->status_lists = NULL;
	free(t->lists);
	t->lists = NULL;
	free(t->anchors);
	free(t->crls);
	free(t->tsas);
	t->verifier = NULL;
	t->trust = t->tsa = NULL;
	t->anchors = t->crls = t->tsas = NULL;
}
