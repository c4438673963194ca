/*
 * cli.h - what the subcommands of the pcf command share: exit statuses, messages, the table.
 * The CLI is thin: it parses arguments and prints; all behaviour lives in libpcf.
 */
#ifndef PCF_CLI_H
#define PCF_CLI_H

#include <stdio.h>

#include <pcf/pcf.h>

/* Exit statuses, documented in pcf(1). Stable. */
enum {
	PCF_EXIT_OK = 0,        /* success; for verify: every bundle valid */
	PCF_EXIT_FAIL = 1,      /* the input is invalid, a rule is broken, or a bundle is invalid */
	PCF_EXIT_USAGE = 2,     /* bad command line */
	PCF_EXIT_EXPIRED = 3,   /* verify: signature good, but a certificate is expired, not yet valid or revoked */
	PCF_EXIT_MISMATCH = 4,  /* verify: recomputation gives another result than the bundle's */
	PCF_EXIT_IO = 5,        /* a file could not be read or written, or another system error */
	PCF_EXIT_SUSPENDED = 6, /* verify: valid, but suspended by the certification body's status list */
	PCF_EXIT_WITHDRAWN = 7, /* verify: valid, but withdrawn by the certification body's status list */
	PCF_EXIT_INTERNAL = 70  /* a bug in pcfkit */
};

extern const char *pcf_progname; /* "pcf" */

/* "pcf CMD: message" on stderr. */
void cli_errorf(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print a libpcf error on stderr as "pcf CMD: file:line:col: path: message". */
void cli_print_error(const char *cmd, const pcf_error *err);
/* The exit status that fits a library status (I/O -> 5, usage-like -> 2, else 1). */
int cli_exit_for(pcf_status st);
/* Print "usage: ..." and "try 'pcf CMD --help'" on stderr and return PCF_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *usage, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* s as a JSON string on f: quotes, backslashes and control characters escaped, bytes that are not
 * well-formed UTF-8 written as U+FFFD (NULL is ""). */
void cli_json_string(FILE *f, const char *s);

/* The subcommands; each is in core/cli/cmd_NAME.c and gets argv with argv[0] = NAME. */
int cmd_compute(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_issue(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_redact(int argc, char **argv);
int cmd_methods(int argc, char **argv);
int cmd_factors(int argc, char **argv);
int cmd_certificate(int argc, char **argv);
int cmd_import(int argc, char **argv);
/* pcf compute --library ... (cmd_mc.c) */
int cli_lca_compute(int argc, char **argv);
/*
 * Process libraries for inventories' background inputs (cmd_mc.c): open each --library [NAME=]FILE
 * (NAME defaults to FILE's base name without its extension) and make factors resolve background
 * inputs through them. Returns 0, or an exit status after printing the error. *state is freed
 * (libraries closed) by cli_lca_detach, after the last parse.
 */
struct pcf_factor_lib;
int cli_lca_attach(const char *cmd, char **specs, size_t n, struct pcf_factor_lib *factors, void **state);
void cli_lca_detach(void *state);
int cmd_mc(int argc, char **argv);
int cmd_registry(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_pact(int argc, char **argv);

#endif
