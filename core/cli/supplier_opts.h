/*
 * supplier_opts.h - the options of 'pcf issue' and 'pcf compute' that say how supplier certificates
 * (inventory inputs `supplier: {bundle: PATH}`) are verified: --supplier-trust, --supplier-crl,
 * --supplier-known, --at. One place parses them and builds the supplier policy (pcf/verify.h).
 *
 * Use: put CLI_SUPPLIER_LONGOPTS in the getopt_long table, cli_supplier_opts_init, hand every option
 * to cli_supplier_opts_parse, then cli_supplier_opts_apply(params) before forking any worker;
 * cli_supplier_opts_free releases everything.
 */
#ifndef PCF_CLI_SUPPLIER_OPTS_H
#define PCF_CLI_SUPPLIER_OPTS_H

#include <stddef.h>

#include <pcf/pcf.h>

enum {
	CLI_OPT_SUPPLIER_TRUST = 0x1200, /* trust_opts.h 0x1000, out_opts.h 0x1100, these 0x1200 */
	CLI_OPT_SUPPLIER_CRL,
	CLI_OPT_SUPPLIER_KNOWN,
	CLI_OPT_SUPPLIER_AT
};

#define CLI_SUPPLIER_LONGOPTS \
	{ "supplier-trust", required_argument, NULL, CLI_OPT_SUPPLIER_TRUST }, \
	{ "supplier-crl", required_argument, NULL, CLI_OPT_SUPPLIER_CRL }, \
	{ "supplier-known", required_argument, NULL, CLI_OPT_SUPPLIER_KNOWN }, \
	{ "at", required_argument, NULL, CLI_OPT_SUPPLIER_AT }

#define CLI_SUPPLIER_HELP \
	"      --supplier-trust FILE  trust anchors (PEM) for the supplier certificates the inventories\n" \
	"                          take as inputs (repeatable); without it a supplier input is refused\n" \
	"      --supplier-crl FILE  CRLs (PEM) for the supplier certificates' chains (repeatable)\n" \
	"      --supplier-known FILE  another supplier certificate: one it supersedes is refused\n" \
	"      --at TIME           check supplier certificates as of TIME (RFC 3339 UTC or @SECONDS)\n"

typedef struct cli_supplier_opts {
	const char *cmd, *usage;
	const char **anchors, **crls, **known;
	size_t nanchors, ncrls, nknown;
	pcf_verify_options opts;
	pcf_trust *trust;
	pcf_verifier *verifier;
	pcf_supplier_policy *policy;
} cli_supplier_opts;

/* PCF_EXIT_OK, or PCF_EXIT_IO (printed) when out of memory. */
int cli_supplier_opts_init(cli_supplier_opts *s, const char *cmd, const char *usage, int argc);
/* 1 when c is one of these options (taken), 0 when not, -1 after a usage error (*status set). */
int cli_supplier_opts_parse(cli_supplier_opts *s, int c, const char *arg, int *status);
/* With --supplier-trust: load the trust store, build the verifier (recomputing with plugins of
 * plugin_dir first, may be NULL) and the policy, and give it to params. Without: nothing (a supplier
 * input then fails to compute). PCF_EXIT_OK or the exit status after printing why not. */
int cli_supplier_opts_apply(cli_supplier_opts *s, pcf_params *params, const char *plugin_dir);
void cli_supplier_opts_free(cli_supplier_opts *s);

#endif
