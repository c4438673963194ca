/*
 * trust_opts.h - the options that say what a verifier trusts and how it checks, shared by
 * 'pcf verify', 'pcf extract' and 'pcf certificate': --trust, --crl, --tsa-trust, --at,
 * --no-revocation-check, --no-recompute, --plugin-dir, --status, --require-status. One place parses them and builds the verifier from them.
 *
 * Use: put CLI_TRUST_LONGOPTS in the subcommand's getopt_long table, call cli_trust_opts_init,
 * hand every option to cli_trust_opts_parse before the subcommand's own switch, then
 * cli_trust_opts_verifier; cli_trust_opts_free releases everything (the verifier too).
 */
#ifndef PCF_CLI_TRUST_OPTS_H
#define PCF_CLI_TRUST_OPTS_H

#include <stddef.h>

#include <pcf/pcf.h>

/* getopt_long values of the shared options (outside the printable range of short options). */
enum {
	CLI_OPT_TRUST = 0x1000,
	CLI_OPT_CRL,
	CLI_OPT_TSA_TRUST,
	CLI_OPT_AT,
	CLI_OPT_NO_REVOCATION_CHECK,
	CLI_OPT_NO_RECOMPUTE,
	CLI_OPT_PLUGIN_DIR,
	CLI_OPT_STATUS,
	CLI_OPT_REQUIRE_STATUS
};

#define CLI_TRUST_LONGOPTS \
	{ "trust", required_argument, NULL, CLI_OPT_TRUST }, \
	{ "crl", required_argument, NULL, CLI_OPT_CRL }, \
	{ "tsa-trust", required_argument, NULL, CLI_OPT_TSA_TRUST }, \
	{ "at", required_argument, NULL, CLI_OPT_AT }, \
	{ "no-revocation-check", no_argument, NULL, CLI_OPT_NO_REVOCATION_CHECK }, \
	{ "no-recompute", no_argument, NULL, CLI_OPT_NO_RECOMPUTE }, \
	{ "plugin-dir", required_argument, NULL, CLI_OPT_PLUGIN_DIR }, \
	{ "status", required_argument, NULL, CLI_OPT_STATUS }, \
	{ "require-status", no_argument, NULL, CLI_OPT_REQUIRE_STATUS }

typedef struct cli_trust_opts {
	const char *cmd;           /* "verify", "extract": names the command in messages */
	const char *usage;         /* its usage line, for usage errors */
	const char **anchors, **crls, **tsas, **lists; /* borrowed from argv */
	size_t nanchors, ncrls, ntsas, nlists;
	int require_status;
	pcf_status_lists *status_lists; /* --status / --require-status, read by cli_trust_opts_verifier */
	pcf_verify_options opts;
	pcf_trust *trust, *tsa;    /* built by cli_trust_opts_verifier */
	pcf_verifier *verifier;
} cli_trust_opts;

/* Set up for a command line of argc words. PCF_EXIT_OK, or PCF_EXIT_IO (message printed) when out of memory. */
int cli_trust_opts_init(cli_trust_opts *t, const char *cmd, const char *usage, int argc);

/*
 * Take option c (with its argument arg) when it is one of the shared ones: 1 when taken, 0 when
 * it is not a trust option, -1 after a usage error (printed; *status is PCF_EXIT_USAGE).
 */
int cli_trust_opts_parse(cli_trust_opts *t, int c, const char *arg, int *status);

/* 1 when any of --trust, --crl, --tsa-trust, --status or --require-status was given. */
int cli_trust_opts_any_trust(const cli_trust_opts *t);

/*
 * Load the anchors (the default folders when no --trust), the CRLs, the TSA anchors and the status
 * lists (their signatures checked once; the verifier checks their signers per bundle), and build
 * the verifier (t->verifier, owned by t). PCF_EXIT_OK, or the exit status after printing why not
 * (no anchors at all is a usage error).
 */
int cli_trust_opts_verifier(cli_trust_opts *t);

/* Free what t holds: the verifier, the trust stores, the status lists and the option lists. */
void cli_trust_opts_free(cli_trust_opts *t);

#endif
