/*
 * cmd_mc.c - the background-library side of 'pcf compute' (--library LIB --process ID): the
 * footprint of one library process with its whole background and the contribution analysis, or
 * its Monte Carlo (--monte-carlo N); and 'pcf mc merge', which joins slices of draws. cmd_compute.c
 * hands over here when it sees --library.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/lca.h>
#include <pcf/library.h>
#include <pcf/montecarlo.h>

#include "cli.h"
#include "out_opts.h"

static const char usage_text[] =
	"pcf compute --library LIB --process ID|NAME [--amount X] [--allocation physical|economic|causal]\n"
	"                   [--provider FLOW_ID=PROCESS_ID]... [--gwp AR4|AR5|AR6] [--top N] [--cutoff SHARE]\n"
	"                   [--json] [-o FILE [--force]]\n"
	"       pcf compute --library LIB --process ID --monte-carlo N [--seed S] [--draws FILE]\n"
	"                   [--draws-range A:B] [-j THREADS] [...]";

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
	       "  --force               overwrite FILE if it exists\n\n"
	       "Monte Carlo (docs/monte-carlo.md):\n"
	       "  --monte-carlo N       N draws of every uncertain exchange, each solved; prints mean, sd and\n"
	       "                        the 2.5/50/97.5 percentiles of the total and of each figure\n"
	       "  --seed S              the random stream (default 1); same seed, same bytes whatever -j\n"
	       "  --draws FILE          write every draw as CSV ('-': standard output, with -o for the summary)\n"
	       "  --draws-range A:B     compute draws A..B-1 of the N only (a slice for 'pcf mc merge'; needs\n"
	       "                        --draws, prints no summary)\n"
	       "  -j, --jobs THREADS    threads (default 1)\n");
}

/* "A:B" with A < B. */
static int parse_range(const char *s, size_t *a, size_t *b)
{
	char *e;
	unsigned long long x, y;
	if (*s < '0' || *s > '9')
		return -1;
	x = strtoull(s, &e, 10);
	if (*e != ':' || e[1] < '0' || e[1] > '9')
		return -1;
	y = strtoull(e + 1, &e, 10);
	if (*e || x >= y)
		return -1;
	*a = (size_t)x, *b = (size_t)y;
	return 0;
}

static int parse_count(const char *s, unsigned long long max, unsigned long long *out)
{
	char *e;
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*out = strtoull(s, &e, 10);
	return *e || errno || *out > max ? -1 : 0;
}

typedef struct lca_state {
	pcf_library **libs;
	size_t n;
	pcf_lca_background *bg;
} lca_state;

void cli_lca_detach(void *state)
{
	lca_state *l = state;
	size_t i;
	if (!l)
		return;
	pcf_lca_background_free(l->bg);
	for (i = 0; i < l->n; i++)
		pcf_library_close(l->libs[i]);
	free(l->libs);
	free(l);
}

/* NAME of NAME=FILE when NAME is letters, digits, '.', '_', '-' (else the whole is a file). */
static size_t spec_name_len(const char *spec)
{
	size_t i;
	for (i = 0; spec[i] && spec[i] != '='; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", spec[i]))
			return 0;
	return spec[i] == '=' ? i : 0;
}

int cli_lca_attach(const char *cmd, char **specs, size_t n, struct pcf_factor_lib *factors, void **state)
{
	lca_state *l;
	pcf_error e;
	size_t i;

	*state = NULL;
	if (!n)
		return 0;
	if (!(l = calloc(1, sizeof *l)) || !(l->libs = calloc(n, sizeof *l->libs)) ||
	    pcf_lca_background_new(&l->bg, &e)) {
		cli_errorf(cmd, "out of memory");
		cli_lca_detach(l);
		return PCF_EXIT_IO;
	}
	for (i = 0; i < n; i++) {
		size_t nl = spec_name_len(specs[i]);
		const char *path = nl ? specs[i] + nl + 1 : specs[i];
		char name[256];
		if (nl) {
			snprintf(name, sizeof name, "%.*s", (int)nl, specs[i]);
		} else {
			const char *b = strrchr(path, '/'), *dot;
			b = b ? b + 1 : path;
			dot = strrchr(b, '.');
			snprintf(name, sizeof name, "%.*s", (int)(dot && dot != b ? (size_t)(dot - b) : strlen(b)), b);
		}
		if (!*name || strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != strlen(name)) {
			cli_errorf(cmd, "--library '%s': '%s' is not a library name (letters, digits, '.', '_', '-'; write "
			           "--library NAME=FILE)", specs[i], name);
			cli_lca_detach(l);
			return PCF_EXIT_USAGE;
		}
		if (pcf_library_open(path, &l->libs[l->n], &e) != PCF_OK) {
			cli_print_error(cmd, &e);
			cli_lca_detach(l);
			return cli_exit_for(e.status);
		}
		l->n++;
		if (pcf_lca_background_add(l->bg, name, l->libs[l->n - 1], &e) != PCF_OK) {
			cli_print_error(cmd, &e);
			cli_lca_detach(l);
			return cli_exit_for(e.status);
		}
	}
	pcf_factor_lib_set_background(factors, pcf_lca_background_resolve, l->bg);
	*state = l;
	return 0;
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
		{ "cutoff", required_argument, NULL, 'c' },   CLI_OUT_LONGOPTS,
		{ "monte-carlo", required_argument, NULL, 'M' }, { "seed", required_argument, NULL, 'S' },
		{ "draws", required_argument, NULL, 'D' },    { "draws-range", required_argument, NULL, 'R' },
		{ "jobs", required_argument, NULL, 'J' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long mc = 0, seed = 1, jobs = 1;
	const char *draws_path = NULL;
	size_t ra = 0, rb = 0;
	int ranged = 0;
	const char *libpath = NULL, *process = NULL;
	cli_out_opts oo = { NULL, 0, 0 };
	pcf_lca_options o;
	pcf_lca_provider_choice *ch = NULL;
	int c, rc = PCF_EXIT_OK;
	pcf_library *lib = NULL;
	pcf_lca_result *res = NULL;
	char *out = NULL;
	size_t outlen = 0;
	pcf_error e;
	pcf_status st;

	memset(&o, 0, sizeof o);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":ho:j:", opts, NULL)) != -1) {
		if (cli_out_opts_parse(&oo, c, optarg))
			continue;
		switch (c) {
		case 'h':
			help();
			goto out;
		case 'M':
			if (parse_count(optarg, 100000000ull, &mc) || mc == 0) {
				rc = cli_usage_error("compute", usage_text, "--monte-carlo needs a count from 1 to 100000000, found '%s'",
				                     optarg);
				goto out;
			}
			break;
		case 'S':
			if (parse_count(optarg, UINT64_MAX, &seed)) {
				rc = cli_usage_error("compute", usage_text, "--seed needs a whole number, found '%s'", optarg);
				goto out;
			}
			break;
		case 'D':
			draws_path = optarg;
			break;
		case 'R':
			if (parse_range(optarg, &ra, &rb)) {
				rc = cli_usage_error("compute", usage_text, "--draws-range needs A:B with A < B, found '%s'", optarg);
				goto out;
			}
			ranged = 1;
			break;
		case 'j':
		case 'J':
			if (parse_count(optarg, 1024, &jobs) || jobs == 0) {
				rc = cli_usage_error("compute", usage_text, "-j needs 1 to 1024 threads, found '%s'", optarg);
				goto out;
			}
			break;
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
		default:
			rc = cli_getopt_error("compute", usage_text, c, argv, optind, " (with --library)");
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
	if (oo.force && !oo.output) {
		rc = cli_usage_error("compute", usage_text, "--force goes with --output");
		goto out;
	}
	if (!mc && (draws_path || ranged || seed != 1 || jobs != 1)) {
		rc = cli_usage_error("compute", usage_text, "--seed, --draws, --draws-range and -j go with --monte-carlo");
		goto out;
	}
	if (mc) {
		pcf_mc_draws d;
		char *csv = NULL;
		size_t csvlen = 0;
		if (!ranged)
			ra = 0, rb = (size_t)mc;
		if (rb > mc) {
			rc = cli_usage_error("compute", usage_text, "--draws-range %zu:%zu goes beyond the %llu draws", ra, rb, mc);
			goto out;
		}
		if (ranged && !draws_path) {
			rc = cli_usage_error("compute", usage_text, "--draws-range writes a slice: give --draws FILE");
			goto out;
		}
		if (draws_path && !strcmp(draws_path, "-") && (!oo.output || !strcmp(oo.output, "-")) && !ranged) {
			rc = cli_usage_error("compute", usage_text, "--draws - and the summary would share standard output: give -o");
			goto out;
		}
		if ((st = pcf_library_open(libpath, &lib, &e)) ||
		    (st = pcf_mc_run(lib, process, &o, seed, (size_t)mc, ra, rb, (unsigned)jobs, &d, &e))) {
			cli_print_error("compute", &e);
			rc = cli_exit_for(st);
			goto out;
		}
		if (draws_path && (st = pcf_mc_csv(&d, &csv, &csvlen, &e))) {
			cli_print_error("compute", &e);
			rc = cli_exit_for(st);
		} else if (draws_path && (rc = cli_write_out("compute", draws_path, csv, csvlen, oo.force, CLI_DASH_IS_STDOUT))) {
			;
		} else if (!ranged) {
			if ((st = pcf_mc_summary(&d, oo.json, &out, &outlen, &e))) {
				cli_print_error("compute", &e);
				rc = cli_exit_for(st);
			} else {
				rc = cli_write_out("compute", oo.output, out, outlen, oo.force, CLI_DASH_IS_STDOUT);
			}
		}
		free(csv);
		pcf_mc_draws_free(&d);
		goto out;
	}
	if ((st = pcf_library_open(libpath, &lib, &e)) || (st = pcf_lca_compute(lib, process, &o, &res, &e)) ||
	    (st = oo.json ? pcf_lca_result_json(res, &out, &outlen, &e) : pcf_lca_result_text(res, &out, &outlen, &e))) {
		cli_print_error("compute", &e);
		rc = cli_exit_for(st);
		goto out;
	}
	rc = cli_write_out("compute", oo.output, out, outlen, oo.force, CLI_DASH_IS_STDOUT);
out:
	free(out);
	free(ch);
	pcf_lca_result_free(res);
	pcf_library_close(lib);
	return rc;
}

static const char mc_usage_text[] = "pcf mc merge SLICE... [--draws FILE [--force]] [--json] [-o FILE]";

/* pcf mc merge: slices of one run's draws (any order) into the whole run's CSV and summary. */
int cmd_mc(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },       { "draws", required_argument, NULL, 'D' },
		CLI_OUT_LONGOPTS,                         { NULL, 0, NULL, 0 },
	};
	const char *draws_path = NULL;
	cli_out_opts oo = { NULL, 0, 0 };
	int c, rc = PCF_EXIT_OK;
	pcf_mc_draws *parts = NULL, all;
	size_t n = 0, i, len;
	char *text = NULL, *out = NULL;
	pcf_error e;
	pcf_status st;

	memset(&all, 0, sizeof all);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":ho:", opts, NULL)) != -1) {
		if (cli_out_opts_parse(&oo, c, optarg))
			continue;
		switch (c) {
		case 'h':
			printf("usage: %s\n\nMerge slices of draws written by 'pcf compute --monte-carlo N --draws-range A:B\n"
			       "--draws FILE' (same library, process, seed and N; ranges that tile 0..N in any order) into\n"
			       "exactly the draws and the summary one run of N draws gives.\n\n"
			       "  --draws FILE      write the merged draws CSV ('-': standard output, with -o for the summary)\n"
			       "  --force           overwrite existing files\n"
			       "  --json            the summary as JSON\n"
			       "  -o, --output FILE write the summary to FILE\n",
			       mc_usage_text);
			return PCF_EXIT_OK;
		case 'D':
			draws_path = optarg;
			break;
		default:
			return cli_getopt_error("mc", mc_usage_text, c, argv, optind, NULL);
		}
	}
	if (optind >= argc || strcmp(argv[optind], "merge"))
		return cli_usage_error("mc", mc_usage_text, optind >= argc ? "no subcommand (merge)" : "unknown subcommand '%s'",
		                       optind < argc ? argv[optind] : "");
	optind++;
	if (optind >= argc)
		return cli_usage_error("mc", mc_usage_text, "no slices given");
	if (draws_path && !strcmp(draws_path, "-") && (!oo.output || !strcmp(oo.output, "-")))
		return cli_usage_error("mc", mc_usage_text, "--draws - and the summary would share standard output: give -o");
	parts = calloc((size_t)(argc - optind), sizeof *parts);
	if (!parts)
		return PCF_EXIT_IO;
	for (i = (size_t)optind; i < (size_t)argc; i++) {
		if ((st = pcf_file_read(argv[i], (size_t)1 << 34, &text, &len, &e)) ||
		    (st = pcf_mc_parse(text, len, argv[i], &parts[n], &e))) {
			cli_print_error("mc", &e);
			rc = cli_exit_for(st);
			goto out;
		}
		n++;
		free(text);
		text = NULL;
	}
	if ((st = pcf_mc_merge(parts, n, &all, &e))) {
		cli_print_error("mc", &e);
		rc = cli_exit_for(st);
		goto out;
	}
	if (draws_path) {
		if ((st = pcf_mc_csv(&all, &out, &len, &e))) {
			cli_print_error("mc", &e);
			rc = cli_exit_for(st);
			goto out;
		}
		if ((rc = cli_write_out("compute", draws_path, out, len, oo.force, CLI_DASH_IS_STDOUT)))
			goto out;
		free(out);
		out = NULL;
	}
	if ((st = pcf_mc_summary(&all, oo.json, &out, &len, &e))) {
		cli_print_error("mc", &e);
		rc = cli_exit_for(st);
		goto out;
	}
	rc = cli_write_out("compute", oo.output, out, len, oo.force, CLI_DASH_IS_STDOUT);
out:
	free(text);
	free(out);
	for (i = 0; i < n; i++)
		pcf_mc_draws_free(&parts[i]);
	free(parts);
	pcf_mc_draws_free(&all);
	return rc;
}
