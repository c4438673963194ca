/*
 * cmd_mc.c - the background-library side of 'pcf compute' (--library LIB --process ID): the
 * footprint of one library process with its whole background and the contribution analysis.
 * cmd_compute.c hands over here when it sees --library.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/lca.h>
#include <pcf/library.h>

#include "cli.h"

static const char usage_text[] =
	"pcf compute --library LIB --process ID|NAME [--amount X] [--allocation physical|economic|causal]\n"
	"                   [--provider FLOW_ID=PROCESS_ID]... [--gwp AR4|AR5|AR6] [--top N] [--cutoff SHARE]\n"
	"                   [--json] [-o FILE [--force]]";

static void help(void)
{
	printf("usage: %s\n\n", usage_text);
	printf("The footprint of one process of a process library ('pcf import') with its whole background,\n"
	       "solved with KLU and characterised with GWP100 (docs/lca-import.md), with contributions:\n"
	       "per process direct and total (upstream included), per gas and elementary flow, and the\n"
	       "upstream tree down to a cut-off share.\n\n"
	       "  --library LIB         the process library\n"
	       "  --process ID|NAME     the process: its @id, or a name exactly one process has\n"
	       "  --amount X            amount of its reference product, in its reference unit (default 1)\n"
	       "  --allocation METHOD   physical (default), economic or causal\n"
	       "  --provider F=P        process P provides flow F where several processes make F (repeatable)\n"
	       "  --gwp SET             AR6 (default), AR5 or AR4\n"
	       "  --top N               processes listed in the text output (default 10)\n"
	       "  --cutoff SHARE        upstream tree: expand processes whose share is at least SHARE\n"
	       "                        (default 0.01)\n"
	       "  --json                print the result as JSON (deterministic)\n"
	       "  -o, --output FILE     write to FILE instead of standard output\n"
	       "  --force               overwrite FILE if it exists\n");
}

static int parse_double(const char *s, double *out)
{
	char *end;
	errno = 0;
	*out = strtod(s, &end);
	return !*s || *end || errno;
}

int cli_lca_compute(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },           { "library", required_argument, NULL, 'L' },
		{ "process", required_argument, NULL, 'P' },  { "amount", required_argument, NULL, 'a' },
		{ "allocation", required_argument, NULL, 'A' }, { "provider", required_argument, NULL, 'r' },
		{ "gwp", required_argument, NULL, 'g' },      { "top", required_argument, NULL, 't' },
		{ "cutoff", required_argument, NULL, 'c' },   { "json", no_argument, NULL, 'j' },
		{ "output", required_argument, NULL, 'o' },   { "force", no_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 },
	};
	const char *libpath = NULL, *process = NULL, *output = NULL;
	pcf_lca_options o;
	pcf_lca_provider_choice *ch = NULL;
	int c, json = 0, force = 0, rc = PCF_EXIT_OK;
	pcf_library *lib = NULL;
	pcf_lca_result *res = NULL;
	char *out = NULL;
	size_t outlen = 0;
	pcf_error e;
	pcf_status st;

	memset(&o, 0, sizeof o);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			help();
			goto out;
		case 'L':
			libpath = optarg;
			break;
		case 'P':
			process = optarg;
			break;
		case 'a':
			if (parse_double(optarg, &o.amount)) {
				rc = cli_usage_error("compute", usage_text, "--amount needs a number, found '%s'", optarg);
				goto out;
			}
			o.has_amount = 1;
			break;
		case 'A':
			if (!strcmp(optarg, "physical"))
				o.allocation = PCF_ALLOC_PHYSICAL;
			else if (!strcmp(optarg, "economic"))
				o.allocation = PCF_ALLOC_ECONOMIC;
			else if (!strcmp(optarg, "causal"))
				o.allocation = PCF_ALLOC_CAUSAL;
			else {
				rc = cli_usage_error("compute", usage_text, "--allocation is physical, economic or causal, found '%s'",
				                     optarg);
				goto out;
			}
			break;
		case 'r': {
			char *eq = strchr(optarg, '=');
			pcf_lca_provider_choice *n;
			if (!eq || eq == optarg || !eq[1]) {
				rc = cli_usage_error("compute", usage_text, "--provider needs FLOW_ID=PROCESS_ID, found '%s'", optarg);
				goto out;
			}
			n = realloc(ch, (o.n_providers + 1) * sizeof *n);
			if (!n) {
				rc = PCF_EXIT_IO;
				goto out;
			}
			ch = n;
			*eq = '\0';
			ch[o.n_providers].flow = optarg;
			ch[o.n_providers++].process = eq + 1;
			break;
		}
		case 'g':
			o.gwp_set = optarg;
			break;
		case 't': {
			double t;
			if (parse_double(optarg, &t) || t < 1 || t > 1e6 || t != (double)(size_t)t) {
				rc = cli_usage_error("compute", usage_text, "--top needs a whole number from 1, found '%s'", optarg);
				goto out;
			}
			o.top = (size_t)t;
			break;
		}
		case 'c':
			if (parse_double(optarg, &o.cutoff) || !(o.cutoff > 0 && o.cutoff <= 1)) {
				rc = cli_usage_error("compute", usage_text, "--cutoff needs a share in (0, 1], found '%s'", optarg);
				goto out;
			}
			break;
		case 'j':
			json = 1;
			break;
		case 'o':
			output = optarg;
			break;
		case 'x':
			force = 1;
			break;
		case ':':
			rc = cli_usage_error("compute", usage_text, "option '%s' needs a value", argv[optind - 1]);
			goto out;
		default:
			rc = cli_usage_error("compute", usage_text, "unknown option '%s' (with --library)", argv[optind - 1]);
			goto out;
		}
	}
	o.providers = ch;
	if (optind != argc) {
		rc = cli_usage_error("compute", usage_text, "with --library, no inventory file: found '%s'", argv[optind]);
		goto out;
	}
	if (!libpath || !process) {
		rc = cli_usage_error("compute", usage_text, "--library and --process go together");
		goto out;
	}
	if (force && !output) {
		rc = cli_usage_error("compute", usage_text, "--force goes with --output");
		goto out;
	}
	if ((st = pcf_library_open(libpath, &lib, &e)) || (st = pcf_lca_compute(lib, process, &o, &res, &e)) ||
	    (st = json ? pcf_lca_result_json(res, &out, &outlen, &e) : pcf_lca_result_text(res, &out, &outlen, &e))) {
		cli_print_error("compute", &e);
		rc = cli_exit_for(st);
		goto out;
	}
	if (output) {
		if ((st = pcf_file_write(output, out, outlen, force, &e)) != PCF_OK) {
			cli_print_error("compute", &e);
			rc = cli_exit_for(st);
		}
	} else if (fwrite(out, 1, outlen, stdout) != outlen || fflush(stdout)) {
		cli_errorf("compute", "cannot write to standard output: %s", strerror(errno));
		rc = PCF_EXIT_IO;
	}
out:
	free(out);
	free(ch);
	pcf_lca_result_free(res);
	pcf_library_close(lib);
	return rc;
}
