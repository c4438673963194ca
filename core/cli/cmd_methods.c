/*
 * cmd_methods.c - 'pcf methods': list the installed methodology plugins, show one, and run the
 * conformance check on a plugin file (for plugin authors).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
	"pcf methods [list] [--plugin-dir DIR]... [--json]\n"
	"       pcf methods show ID|PLUGIN.so [--plugin-dir DIR]... [--json]\n"
	"       pcf methods check PLUGIN.so [INVENTORY...] [--no-hostile] [--timeout SECONDS]\n"
	"                         [--factors FILE]... [--param NAME=VALUE]... [-v] [--json]";

static void help(void)
{
	printf("usage: %s\n\n", usage_text);
	printf("List, describe and check methodology plugins.\n\n"
	       "  list             id, version, title, standard and file of every plugin found (the default)\n"
	       "  show ID          a plugin's description, parameters and export formats\n"
	       "  check PLUGIN.so  conformance run for plugin authors: the self-description, every example\n"
	       "                   inventory computed twice in separate processes (results must be\n"
	       "                   byte-identical), hostile inventories (clean errors required), exports;\n"
	       "                   each case in a child process with a timeout. INVENTORY... replaces the\n"
	       "                   installed examples (and must compute). Exit 0 only when all pass.\n\n"
	       "  --plugin-dir DIR     search DIR first (repeatable); then PCF_PLUGIN_PATH, then the\n"
	       "                       installed plugin folder\n"
	       "  --json               machine-readable output (list, show; check: one object with the\n"
	       "                       plugin, \"passed\", \"failed\" and every case's name, outcome\n"
	       "                       (pass, fail, crash, timeout) and detail; the exit status as without)\n"
	       "  --no-hostile         check: skip the hostile inventories\n"
	       "  --timeout SECONDS    check: time allowed per case (default 10)\n"
	       "  --factors FILE       check: an extra emission-factor library (repeatable)\n"
	       "  --param NAME=VALUE   check: a methodology parameter (repeatable)\n"
	       "  -v, --verbose        check: say why each passing case passed\n");
}

static void on_warning(void *data, const pcf_error *w)
{
	(void)data;
	cli_print_error("methods", w);
}

static int print_bytes(char *s, size_t len)
{
	fwrite(s, 1, len, stdout);
	free(s);
	return PCF_EXIT_OK;
}

static int do_list(pcf_methods *ms, int json)
{
	pcf_error e;
	size_t i, n, wid = 2, wver = 7, wstd = 8;
	char *out;
	size_t len;

	if (pcf_methods_load_all(ms, NULL, &e) != PCF_OK) {
		cli_print_error("methods", &e);
		return cli_exit_for(e.status);
	}
	n = pcf_methods_count(ms);
	if (json) {
		if (pcf_methods_json(ms, &out, &len, &e) != PCF_OK) {
			cli_print_error("methods", &e);
			return cli_exit_for(e.status);
		}
		return print_bytes(out, len);
	}
	if (n == 0) {
		cli_errorf("methods", "no methodology plugins found (searched %zu folders; see --plugin-dir and PCF_PLUGIN_PATH)",
		           pcf_methods_dir_count(ms));
		return PCF_EXIT_OK;
	}
	for (i = 0; i < n; i++) {
		const pcf_method *m = pcf_methods_get(ms, i);
		if (strlen(pcf_method_id(m)) > wid)
			wid = strlen(pcf_method_id(m));
		if (strlen(pcf_method_version(m)) > wver)
			wver = strlen(pcf_method_version(m));
		if (strlen(pcf_method_standard(m)) > wstd)
			wstd = strlen(pcf_method_standard(m));
	}
	if (wstd > 60)
		wstd = 60;
	printf("%-*s  %-*s  %-*s  %s\n", (int)wid, "ID", (int)wver, "VERSION", (int)wstd, "STANDARD", "TITLE / FILE");
	for (i = 0; i < n; i++) {
		const pcf_method *m = pcf_methods_get(ms, i);
		printf("%-*s  %-*s  %-*.*s  %s\n%*s  %s\n", (int)wid, pcf_method_id(m), (int)wver, pcf_method_version(m),
		       (int)wstd, (int)wstd, pcf_method_standard(m), pcf_method_title(m),
		       (int)(wid + wver + wstd + 4), "", pcf_method_path(m));
	}
	return PCF_EXIT_OK;
}

/* Print text wrapped at width, indented by indent spaces. */
static void wrap(const char *text, int indent, int width)
{
	const char *p = text;

	while (*p) {
		int room = width - indent, n = 0, last = -1;
		while (p[n] && n < room) {
			if (p[n] == ' ')
				last = n;
			n++;
		}
		if (p[n] && last > 0)
			n = last;
		printf("%*s%.*s\n", indent, "", n, p);
		p += n;
		while (*p == ' ')
			p++;
	}
}

static int do_show(pcf_methods *ms, const char *what, int json)
{
	const pcf_method *m;
	pcf_error e;
	pcf_status st;
	size_t i;
	char *out;
	size_t len;

	st = strchr(what, '/') ? pcf_methods_load(ms, what, &m, &e) : pcf_methods_find(ms, what, &m, &e);
	if (st != PCF_OK) {
		cli_print_error("methods", &e);
		return cli_exit_for(st);
	}
	if (json) {
		if (pcf_method_json(m, &out, &len, &e) != PCF_OK) {
			cli_print_error("methods", &e);
			return cli_exit_for(e.status);
		}
		return print_bytes(out, len);
	}
	printf("%-10s %s\n", "id", pcf_method_id(m));
	printf("%-10s %s\n", "version", pcf_method_version(m));
	printf("%-10s %s\n", "title", pcf_method_title(m));
	printf("%-10s %s\n", "standard", pcf_method_standard(m));
	printf("%-10s %s\n", "clauses", pcf_method_clause(m));
	printf("%-10s %s\n", "licence", pcf_method_licence(m));
	printf("%-10s %s\n", "file", pcf_method_path(m));
	printf("%-10s %u.%u\n", "ABI", pcf_method_abi_major(m), pcf_method_abi_minor(m));
	printf("\n");
	wrap(pcf_method_description(m), 0, 78);
	printf("\nparameters%s\n", pcf_method_param_count(m) ? "" : ": none");
	for (i = 0; i < pcf_method_param_count(m); i++) {
		const char *name, *values, *def, *desc;
		pcf_method_param(m, i, &name, &values, &def, &desc);
		printf("  --param %s=%s%s%s%s\n", name, values, def ? " (default " : "", def ? def : "", def ? ")" : "");
		wrap(desc, 6, 78);
	}
	printf("\nexport formats%s\n", pcf_method_format_count(m) ? " (pcf compute --format NAME)" : ": none");
	for (i = 0; i < pcf_method_format_count(m); i++) {
		const char *name, *type, *ext, *desc;
		pcf_method_format(m, i, &name, &type, &ext, &desc);
		printf("  %s  %s (.%s)\n", name, type, ext);
		wrap(desc, 6, 78);
	}
	return PCF_EXIT_OK;
}

/* ---- check ---- */

typedef struct list {
	char **v;
	size_t n;
} list;

static int list_push(list *l, const char *s)
{
	char **nv = realloc(l->v, (l->n + 1) * sizeof *nv);

	if (!nv)
		return -1;
	l->v = nv;
	if (!(nv[l->n] = strdup(s)))
		return -1;
	l->n++;
	return 0;
}

static void list_free(list *l)
{
	while (l->n)
		free(l->v[--l->n]);
	free(l->v);
	l->v = NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.yaml of dir, sorted; a missing folder is an empty list. */
static int list_yaml(const char *dir, list *l)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t start = l->n;

	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		char path[4096];
		if (n < 6 || strcmp(e->d_name + n - 5, ".yaml") || e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (list_push(l, path)) {
			closedir(d);
			return -1;
		}
	}
	closedir(d);
	qsort(l->v + start, l->n - start, sizeof *l->v, cmp_str);
	return 0;
}

typedef struct check_out {
	int verbose, json, oom;
	size_t ncases;
	list names, details;  /* --json: the cases, printed at the end */
	char *outcomes;       /* pcf_check_outcome of each case */
} check_out;

static void on_case(void *data, const char *name, pcf_check_outcome o, const char *detail)
{
	check_out *c = data;
	static const char *const label[] = { "ok", "FAIL", "CRASH", "TIMEOUT" };

	if (c->json) {
		char *g = realloc(c->outcomes, c->ncases + 1);
		if (!g || list_push(&c->names, name ? name : "") || list_push(&c->details, detail ? detail : "")) {
			if (g)
				c->outcomes = g;
			c->oom = 1;
			return;
		}
		c->outcomes = g;
		c->outcomes[c->ncases++] = (char)o;
		return;
	}
	if (o == PCF_CHECK_PASS && !c->verbose)
		printf("%-8s %s\n", label[o], name);
	else
		printf("%-8s %s: %s\n", label[o], name, detail);
	fflush(stdout);
}

/* methods check --json: one object with the plugin, the outcome and every case in the order run. */
static void print_check_json(const char *plugin, const check_out *co, size_t failed)
{
	static const char *const outcome[] = { "pass", "fail", "crash", "timeout" };
	size_t i;

	printf("{\n  \"plugin\": ");
	cli_json_string(stdout, plugin);
	printf(",\n  \"passed\": %s,\n  \"failed\": %zu,\n  \"cases\": [", failed ? "false" : "true", failed);
	for (i = 0; i < co->ncases; i++) {
		printf("%s\n    { \"name\": ", i ? "," : "");
		cli_json_string(stdout, co->names.v[i]);
		printf(", \"outcome\": \"%s\", \"detail\": ", outcome[(unsigned char)co->outcomes[i] & 3]);
		cli_json_string(stdout, co->details.v[i]);
		printf(" }");
	}
	printf("%s]\n}\n", co->ncases ? "\n  " : "");
}

static int do_check(int argc, char **argv, int optind_, int no_hostile, double timeout, list *factor_files,
                    pcf_params *params, int verbose, int json)
{
	const char *plugin = argv[optind_];
	list examples = { NULL, 0 }, hostile = { NULL, 0 };
	pcf_factor_lib *lib = NULL;
	pcf_check_opts o;
	check_out co = { verbose, json, 0, 0, { NULL, 0 }, { NULL, 0 }, NULL };
	pcf_error e;
	pcf_diag *diag = NULL;
	size_t failed = 0, i;
	char dir[4096];
	int rc = PCF_EXIT_OK, i2;
	FILE *pf;

	/* A plugin file that cannot be read is an input/output error (exit 5), not a failed check. */
	if (!(pf = fopen(plugin, "rb"))) {
		cli_errorf("methods", "%s: cannot open the plugin file: %s", plugin, strerror(errno));
		return PCF_EXIT_IO;
	}
	fclose(pf);
	if (pcf_factor_lib_new(&lib, &e) != PCF_OK || pcf_factor_lib_load_default(lib, NULL, &e) != PCF_OK) {
		cli_print_error("methods", &e);
		rc = cli_exit_for(e.status);
		goto out;
	}
	diag = pcf_diag_new();
	for (i = 0; i < factor_files->n; i++)
		if (pcf_factor_lib_load_file(lib, factor_files->v[i], diag, &e) != PCF_OK) {
			size_t k;
			for (k = 0; k < pcf_diag_count(diag); k++)
				cli_print_error("methods", pcf_diag_get(diag, k));
			if (!pcf_diag_count(diag))
				cli_print_error("methods", &e);
			rc = cli_exit_for(e.status);
			goto out;
		}
	for (i2 = optind_ + 1; i2 < argc; i2++) {
		FILE *f = fopen(argv[i2], "rb");
		if (!f) {
			cli_errorf("methods", "%s: cannot open: %s", argv[i2], strerror(errno));
			rc = PCF_EXIT_IO;
			goto out;
		}
		fclose(f);
		if (list_push(&examples, argv[i2])) {
			cli_errorf("methods", "out of memory");
			rc = PCF_EXIT_IO;
			goto out;
		}
	}
	if (!examples.n) {
		snprintf(dir, sizeof dir, "%s/check/examples", pcf_data_dir());
		list_yaml(dir, &examples);
		if (!examples.n) {
			cli_errorf("methods", "no example inventories in %s; give some on the command line", dir);
			rc = PCF_EXIT_IO;
			goto out;
		}
	}
	if (!no_hostile) {
		snprintf(dir, sizeof dir, "%s/check/hostile", pcf_data_dir());
		list_yaml(dir, &hostile);
	}
	(void)pcf_check_opts_init(&o, PCF_CHECK_OPTS_VERSION);
	o.examples = (const char *const *)examples.v;
	o.nexamples = examples.n;
	o.hostile = (const char *const *)hostile.v;
	o.nhostile = hostile.n;
	o.factors = lib;
	o.params = params;
	o.timeout_ms = (unsigned)(timeout * 1000);
	o.report = on_case;
	o.report_data = &co;
	if (pcf_check_plugin(plugin, &o, &failed, &e) != PCF_OK) {
		cli_print_error("methods", &e);
		rc = cli_exit_for(e.status);
		goto out;
	}
	if (co.oom) {
		cli_errorf("methods", "out of memory");
		rc = PCF_EXIT_IO;
	} else if (json) {
		print_check_json(plugin, &co, failed);
		rc = failed ? PCF_EXIT_FAIL : PCF_EXIT_OK;
	} else if (failed) {
		printf("%zu case%s failed: %s is not fit for certification\n", failed, failed == 1 ? "" : "s", plugin);
		rc = PCF_EXIT_FAIL;
	} else
		printf("all cases passed\n");
out:
	list_free(&co.names);
	list_free(&co.details);
	free(co.outcomes);
	list_free(&examples);
	list_free(&hostile);
	pcf_diag_free(diag);
	pcf_factor_lib_free(lib);
	return rc;
}

int cmd_methods(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "plugin-dir", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "no-hostile", no_argument, NULL, 'n' },
		{ "timeout", required_argument, NULL, 't' },
		{ "factors", required_argument, NULL, 'f' },
		{ "param", required_argument, NULL, 'p' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	pcf_methods *ms = NULL;
	pcf_params *params = NULL;
	list dirs = { NULL, 0 }, factors = { NULL, 0 };
	pcf_error e;
	int c, json = 0, no_hostile = 0, verbose = 0, rc;
	double timeout = 10;
	const char *action;
	size_t i;

	if (pcf_params_new(&params, &e) != PCF_OK) {
		cli_print_error("methods", &e);
		return PCF_EXIT_IO;
	}
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":hjv", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			help();
			rc = PCF_EXIT_OK;
			goto out;
		case 'd':
			if (list_push(&dirs, optarg)) {
				rc = PCF_EXIT_IO;
				goto out;
			}
			break;
		case 'j':
			json = 1;
			break;
		case 'n':
			no_hostile = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 't': {
			char *end;
			timeout = strtod(optarg, &end);
			if (*end || !(timeout > 0) || timeout > 3600) {
				rc = cli_usage_error("methods", usage_text, "--timeout wants seconds in (0, 3600], not '%s'", optarg);
				goto out;
			}
			break;
		}
		case 'f':
			if (list_push(&factors, optarg)) {
				rc = PCF_EXIT_IO;
				goto out;
			}
			break;
		case 'p':
			if (pcf_params_parse(params, optarg, &e) != PCF_OK) {
				rc = cli_usage_error("methods", usage_text, "%s", e.message);
				goto out;
			}
			break;
		case ':':
			rc = cli_usage_error("methods", usage_text, "option '%s' needs a value", argv[optind - 1]);
			goto out;
		default:
			rc = cli_usage_error("methods", usage_text, "unknown option '%s'", argv[optind - 1]);
			goto out;
		}
	}
	action = optind < argc ? argv[optind] : "list";
	if (optind < argc)
		optind++;
	if (!strcmp(action, "check")) {
		if (optind >= argc) {
			rc = cli_usage_error("methods", usage_text, "check needs a plugin file");
			goto out;
		}
		if (dirs.n) {
			rc = cli_usage_error("methods", usage_text, "check takes a plugin file, not --plugin-dir");
			goto out;
		}
		rc = do_check(argc, argv, optind, no_hostile, timeout, &factors, params, verbose, json);
		goto out;
	}
	if (no_hostile || factors.n || pcf_params_count(params) || verbose || timeout != 10) {
		rc = cli_usage_error("methods", usage_text, "--no-hostile, --timeout, --factors, --param and -v go with check");
		goto out;
	}
	if (pcf_methods_new(&ms, 0, &e) != PCF_OK) {
		cli_print_error("methods", &e);
		rc = cli_exit_for(e.status);
		goto out;
	}
	pcf_methods_set_warning_handler(ms, on_warning, NULL);
	for (i = 0; i < dirs.n; i++)
		pcf_methods_add_dir(ms, dirs.v[i], NULL);
	if (!strcmp(action, "list")) {
		if (optind < argc) {
			rc = cli_usage_error("methods", usage_text, "list takes no arguments, got '%s'", argv[optind]);
			goto out;
		}
		rc = do_list(ms, json);
	} else if (!strcmp(action, "show")) {
		if (optind + 1 != argc) {
			rc = cli_usage_error("methods", usage_text, "show takes one methodology id or plugin file");
			goto out;
		}
		rc = do_show(ms, argv[optind], json);
	} else
		rc = cli_usage_error("methods", usage_text, "unknown action '%s' (list, show or check)", action);
out:
	pcf_methods_free(ms);
	pcf_params_free(params);
	list_free(&dirs);
	list_free(&factors);
	return rc;
}
