/*
 * cmd_redact.c - 'pcf redact': write a copy of a bundle without the entries its supplier keeps
 * confidential (the inventory, its factors, evidence); the signed manifest still lists their digests,
 * so the copy still verifies (docs/bundle-format.md, "Withheld entries"). The work is in libpcf
 * (pcf_redact_memory).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define CMD "redact"
#define BUNDLE_MAX ((size_t)256 << 20)   /* pcf verify's default cap on a bundle file */
#define WITHHOLD_MAX 4096                /* names in all --withhold lists: at most a bundle's entries */

static const char usage[] = "pcf redact BUNDLE --withhold ENTRY[,ENTRY...]... -o OUT.pcfb|- [--force]";

static void help(void)
{
	printf("usage: %s\n\n", usage);
	printf("Write a copy of BUNDLE without the entries named, for passing a certificate on while keeping\n"
	       "its inventory confidential. The signed manifest and the signature are kept byte for byte: the\n"
	       "copy still verifies, and 'pcf verify' lists what was withheld and says that the result cannot\n"
	       "be recomputed (inventory-withheld). The bundle's structure, manifest and digests are checked\n"
	       "first; its signature is not (verify it with 'pcf verify').\n\n"
	       "  --withhold LIST  entries to leave out, separated by commas (repeatable): inventory.yaml,\n"
	       "                   factors.json, evidence/NAME; never result.json, an export, the manifest\n"
	       "                   or the signature\n"
	       "  -o, --output OUT write the copy to OUT ('-': standard output)\n"
	       "  --force          overwrite OUT if it exists\n\n"
	       "Exit status: 0 written, 1 an entry that may not be withheld, is not in the bundle, or a bundle\n"
	       "that is not well-formed, 2 usage error, 5 I/O error or OUT exists.\n");
}

int cmd_redact(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "withhold", required_argument, NULL, 'W' },
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *output = NULL, **names = NULL;
	char **lists = NULL, *data = NULL;
	unsigned char *red = NULL;
	size_t nnames = 0, nlists = 0, len = 0, rlen = 0, i;
	int force = 0, c, status = PCF_EXIT_OK;
	pcf_error err;

	pcf_error_clear(&err);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
		switch (c) {
		case 'W': {
			char **g = realloc(lists, (nlists + 1) * sizeof *lists);
			if (!g || !(g[nlists] = strdup(optarg))) {
				lists = g ? g : lists;
				cli_errorf(CMD, "out of memory");
				status = PCF_EXIT_IO;
				goto out;
			}
			lists = g;
			nlists++;
			break;
		}
		case 'o': output = optarg; break;
		case 'F': force = 1; break;
		case 'h': help(); goto out;
		default:
			status = cli_usage_error(CMD, usage, "unknown option '%s'", argv[optind - 1]);
			goto out;
		}
	}
	if (argc - optind != 1) {
		status = cli_usage_error(CMD, usage, "expected one bundle");
		goto out;
	}
	if (!nlists) {
		status = cli_usage_error(CMD, usage, "--withhold names no entry: nothing to redact");
		goto out;
	}
	if (!output) {
		status = cli_usage_error(CMD, usage, "no output (-o OUT.pcfb, or -o - for standard output)");
		goto out;
	}
	/* The names of every list, each once. */
	for (i = 0; i < nlists; i++) {
		char *p, *tok;
		for (tok = strtok_r(lists[i], ",", &p); tok; tok = strtok_r(NULL, ",", &p)) {
			size_t k;
			const char **g;
			for (k = 0; k < nnames && strcmp(names[k], tok); k++)
				;
			if (k < nnames)
				continue;
			if (nnames >= WITHHOLD_MAX) {
				status = cli_usage_error(CMD, usage, "--withhold: more than %d entries", WITHHOLD_MAX);
				goto out;
			}
			if (!(g = realloc((void *)names, (nnames + 1) * sizeof *names))) {
				cli_errorf(CMD, "out of memory");
				status = PCF_EXIT_IO;
				goto out;
			}
			names = g;
			names[nnames++] = tok;
		}
	}
	if (!nnames) {
		status = cli_usage_error(CMD, usage, "--withhold names no entry: nothing to redact");
		goto out;
	}
	if (pcf_file_read(argv[optind], BUNDLE_MAX, &data, &len, &err) != PCF_OK ||
	    pcf_redact_memory(argv[optind], data, len, names, nnames, &red, &rlen, &err) != PCF_OK) {
		cli_print_error(CMD, &err);
		/* a bundle or an entry that cannot be redacted is invalid input (1), not a usage error */
		if (err.status == PCF_E_VERIFY || err.status == PCF_E_ARG || err.status == PCF_E_LIMIT)
			status = PCF_EXIT_FAIL;
		else
			status = cli_exit_for(err.status);
		goto out;
	}
	if (!strcmp(output, "-")) {
		if (fwrite(red, 1, rlen, stdout) != rlen || fflush(stdout)) {
			cli_errorf(CMD, "cannot write to standard output: %s", strerror(errno));
			status = PCF_EXIT_IO;
		}
	} else if (pcf_file_write(output, red, rlen, force, &err) != PCF_OK) {
		cli_print_error(CMD, &err);
		status = PCF_EXIT_IO;
	}
out:
	for (i = 0; i < nlists; i++)
		free(lists[i]);
	free(lists);
	free((void *)names);
	free(data);
	free(red);
	return status;
}
