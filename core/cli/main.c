/*
 * main.c - the pcf command: global options and dispatch to a subcommand.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char *pcf_progname = "pcf";

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "compute", cmd_compute, "compute a product's footprint under a methodology" },
	{ "validate", cmd_validate, "check inventories and report every error" },
	{ "issue", cmd_issue, "compute, sign and package certificate bundles" },
	{ "verify", cmd_verify, "verify certificate bundles offline" },
	{ "inspect", cmd_inspect, "show what a bundle says, without verifying it" },
	{ "extract", cmd_extract, "verify a bundle and write its files to a folder" },
	{ "redact", cmd_redact, "copy a bundle without its confidential inventory; it still verifies" },
	{ "certificate", cmd_certificate, "make the certificate a person reads (PDF, PNG, HTML) from a bundle" },
	{ "methods", cmd_methods, "list, show and check methodology plugins" },
	{ "factors", cmd_factors, "list, show and search emission factors" },
	{ "mc", cmd_mc, "merge slices of Monte Carlo draws into one run" },
	{ "import", cmd_import, "import a background database (openLCA JSON-LD) as a process library" },
	{ "registry", cmd_registry, "list, show, export and rebuild the registry of issued certificates" },
	{ "status", cmd_status, "suspend, withdraw or reinstate certificates; publish signed status lists" },
	{ "serve", cmd_serve, "serve the registry's footprints as a PACT 3.0 host (HTTPS)" },
	{ "pact", cmd_pact, "pull footprints and their signed bundles from a PACT host" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: pcf [--version] [--help] COMMAND [ARGS]\n\ncommands:\n");
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'pcf COMMAND --help' or 'pcf help COMMAND' describes a command; man pcf lists exit statuses.\n");
}

void cli_errorf(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s%s%s: ", pcf_progname, cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_print_error(const char *cmd, const pcf_error *err)
{
	char buf[PCF_ERROR_FILE_MAX + PCF_ERROR_PATH_MAX + PCF_ERROR_MSG_MAX + 64];

	cli_errorf(cmd, "%s", pcf_error_format(err, buf, sizeof buf));
}

int cli_exit_for(pcf_status st)
{
	switch (st) {
	case PCF_OK:
		return PCF_EXIT_OK;
	case PCF_E_IO:
	case PCF_E_NOMEM:
	case PCF_E_EXISTS:
	case PCF_E_INTERRUPTED:
		return PCF_EXIT_IO;
	case PCF_E_ARG:
		return PCF_EXIT_USAGE;
	case PCF_E_INTERNAL:
		return PCF_EXIT_INTERNAL;
	default:
		return PCF_EXIT_FAIL;
	}
}

void cli_json_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	fputc('"', f);
	while (*p) {
		size_t n = 0, k;
		unsigned long cp = 0;
		if (*p == '"' || *p == '\\') {
			fprintf(f, "\\%c", *p++);
			continue;
		}
		if (*p < 0x20 || *p == 0x7f) {
			fprintf(f, "\\u%04x", *p++);
			continue;
		}
		if (*p < 0x80) {
			fputc(*p++, f);
			continue;
		}
		/* UTF-8 as it is when well formed (shortest form, no surrogates, at most U+10FFFF); else U+FFFD */
		if ((*p & 0xe0) == 0xc0)
			n = 1, cp = *p & 0x1f;
		else if ((*p & 0xf0) == 0xe0)
			n = 2, cp = *p & 0x0f;
		else if ((*p & 0xf8) == 0xf0)
			n = 3, cp = *p & 0x07;
		for (k = 1; n && k <= n; k++) {
			if ((p[k] & 0xc0) != 0x80) {
				n = 0;
				break;
			}
			cp = cp << 6 | (p[k] & 0x3f);
		}
		if (!n || (n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff)) {
			fputs("\\ufffd", f);
			p++;
			continue;
		}
		fwrite(p, 1, n + 1, f);
		p += n + 1;
	}
	fputc('"', f);
}

int cli_usage_error(const char *cmd, const char *usage_text, const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		fprintf(stderr, "%s %s: ", pcf_progname, cmd);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fprintf(stderr, "usage: %s\ntry 'pcf %s --help'\n", usage_text, cmd);
	return PCF_EXIT_USAGE;
}

/*
 * Every command fails when its output cannot be written (a full disk, a closed pipe, >/dev/full):
 * what it printed is flushed here and a write error turns a success into exit 5.
 */
static int finish(int rc)
{
	int bad = fflush(stdout) == EOF || ferror(stdout);
	int e = errno;

	if (bad) {
		fprintf(stderr, "%s: cannot write the output: %s\n", pcf_progname, strerror(e ? e : EIO));
		return rc == PCF_EXIT_OK ? PCF_EXIT_IO : rc;
	}
	return rc;
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return PCF_EXIT_USAGE;
	}
	/* 'pcf help COMMAND' is 'pcf COMMAND --help'. */
	if (!strcmp(argv[1], "help") && argc >= 3) {
		for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
			if (!strcmp(argv[2], commands[i].name)) {
				char *hargv[3] = { argv[2], (char *)"--help", NULL };
				return finish(commands[i].run(2, hargv));
			}
		fprintf(stderr, "pcf: help: unknown command '%s'\n", argv[2]);
		usage(stderr);
		return PCF_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return finish(PCF_EXIT_OK);
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("pcf (pcfkit) %s\n", pcf_version());
		return finish(PCF_EXIT_OK);
	}
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(argv[1], commands[i].name))
			return finish(commands[i].run(argc - 1, argv + 1));
	if (argv[1][0] == '-')
		fprintf(stderr, "pcf: unknown option '%s'\n", argv[1]);
	else
		fprintf(stderr, "pcf: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return PCF_EXIT_USAGE;
}
