/*
 * test_methods_iso.c - the worked examples and rule fixtures of the iso14067, gbt24067, pas2050
 * and ghg-product plugins, run through libpcf's compute API (TAP on stdout).
 *
 * For each plugin ID, tests/data/methods/ID/ holds:
 *   NAME.yaml + NAME.expected.json (+ NAME.params, NAME=VALUE lines): the inventory is computed
 *     twice (the two result JSONs must be byte-identical) and the result must match every key of
 *     the expected JSON: strings exactly, numbers within 1e-9 relative (1e-12 absolute), lists of
 *     objects item by item in order; "warnings-contain" lists substrings some warning must hold.
 *   rules/NAME.yaml + NAME.expected-error (+ NAME.params): computing must fail with PCF_E_RULE and
 *     the formatted error ("file:line:column: path: message") must contain every line of the
 *     expected-error file.
 * The numbers in the expected files were computed by hand (NAME.arithmetic.md beside them).
 */
#include "config.h"

#include <dirent.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/pcf.h>

static const char *const plugin_ids[] = { "iso14067", "gbt24067", "pas2050", "ghg-product" };

static pcf_methods *g_methods;
static int test_no;
static int failures;

static void tap(int ok, const char *a, const char *b, const char *what, const char *why)
{
	printf("%s %d - %s%s%s: %s\n", ok ? "ok" : "not ok", ++test_no, a, *b ? "/" : "", b, what);
	if (!ok) {
		failures++;
		if (why)
			printf("# %s\n", why);
	}
	fflush(stdout);
}

/* The whole file at path, NUL-terminated, or NULL when it cannot be read. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (!f)
		return NULL;
	do {
		if (n + 4096 + 1 > cap) {
			char *p;
			cap = cap ? cap * 2 : 8192;
			if (!(p = realloc(buf, cap))) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = p;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names of the *.yaml files of dir, sorted; *n gets the count. Caller frees each and the array. */
static char **yaml_files(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	size_t cap = 0;

	*n = 0;
	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (l < 6 || strcmp(de->d_name + l - 5, ".yaml"))
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			v = realloc(v, cap * sizeof *v);
		}
		v[(*n)++] = strdup(de->d_name);
	}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof *v, cmp_str);
	return v;
}

/* Parameters from a NAME.params file (NAME=VALUE per line, # comments); none when absent. */
static pcf_params *read_params(const char *path)
{
	pcf_params *p = NULL;
	char *text = slurp(path, NULL), *line, *save = NULL;
	pcf_error err;

	if (pcf_params_new(&p, &err) != PCF_OK)
		return NULL;
	if (!text)
		return p;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!*line || *line == '#')
			continue;
		if (pcf_params_parse(p, line, &err) != PCF_OK)
			fprintf(stderr, "%s: %s\n", path, err.message);
	}
	free(text);
	return p;
}

static int num_close(double a, double e)
{
	double scale = fabs(e) > fabs(a) ? fabs(e) : fabs(a);
	return fabs(a - e) <= 1e-9 * scale + 1e-12;
}

/* Does actual contain everything in expected? On mismatch, why describes it (at path). */
static int subset(json_t *expected, json_t *actual, const char *path, char *why, size_t whylen)
{
	if (json_is_object(expected)) {
		const char *key;
		json_t *v;
		if (!json_is_object(actual)) {
			snprintf(why, whylen, "%s: expected an object", path);
			return 0;
		}
		json_object_foreach(expected, key, v) {
			char sub[512];
			snprintf(sub, sizeof sub, "%s.%s", path, key);
			if (!strcmp(key, "warnings-contain") && !strcmp(path, "")) {
				size_t i, j;
				json_t *w = json_object_get(actual, "warnings"), *s;
				json_array_foreach(v, i, s) {
					int found = 0;
					for (j = 0; j < json_array_size(w); j++)
						if (strstr(json_string_value(json_array_get(w, j)), json_string_value(s)))
							found = 1;
					if (!found) {
						snprintf(why, whylen, "no warning contains '%s'", json_string_value(s));
						return 0;
					}
				}
				continue;
			}
			if (!json_object_get(actual, key)) {
				snprintf(why, whylen, "%s: missing", sub);
				return 0;
			}
			if (!subset(v, json_object_get(actual, key), sub, why, whylen))
				return 0;
		}
		return 1;
	}
	if (json_is_array(expected)) {
		size_t i;
		if (!json_is_array(actual) || json_array_size(actual) != json_array_size(expected)) {
			snprintf(why, whylen, "%s: expected an array of %zu items, found %zu", path, json_array_size(expected),
			         json_is_array(actual) ? json_array_size(actual) : 0);
			return 0;
		}
		for (i = 0; i < json_array_size(expected); i++) {
			char sub[512];
			snprintf(sub, sizeof sub, "%s[%zu]", path, i);
			if (!subset(json_array_get(expected, i), json_array_get(actual, i), sub, why, whylen))
				return 0;
		}
		return 1;
	}
	if (json_is_number(expected)) {
		if (!json_is_number(actual) || !num_close(json_number_value(actual), json_number_value(expected))) {
			snprintf(why, whylen, "%s: expected %.17g, found %.17g", path, json_number_value(expected),
			         json_is_number(actual) ? json_number_value(actual) : NAN);
			return 0;
		}
		return 1;
	}
	if (json_is_string(expected)) {
		if (!json_is_string(actual) || strcmp(json_string_value(actual), json_string_value(expected))) {
			snprintf(why, whylen, "%s: expected \"%s\", found \"%s\"", path, json_string_value(expected),
			         json_is_string(actual) ? json_string_value(actual) : "(not a string)");
			return 0;
		}
		return 1;
	}
	if (!json_equal(expected, actual)) {
		snprintf(why, whylen, "%s: values differ", path);
		return 0;
	}
	return 1;
}

static pcf_status compute_file(const pcf_method *m, const pcf_factor_lib *lib, const char *path,
                               const char *params_path, char **json, size_t *jlen, pcf_error *err)
{
	size_t len;
	char *bytes = slurp(path, &len);
	pcf_params *params = read_params(params_path);
	pcf_result *r = NULL;
	pcf_status st;

	*json = NULL;
	if (!bytes) {
		pcf_params_free(params);
		snprintf(err->message, sizeof err->message, "cannot read %s", path);
		return PCF_E_IO;
	}
	st = pcf_compute_bytes(m, path, bytes, len, lib, params, &r, NULL, NULL, err);
	if (st == PCF_OK)
		st = pcf_result_json(r, json, jlen, err);
	pcf_result_free(r);
	pcf_params_free(params);
	free(bytes);
	return st;
}

static void run_examples(const char *id, const pcf_method *m, const pcf_factor_lib *lib)
{
	char dir[1024], path[1400], exp[1400], par[1400], why[2048];
	size_t n, i;
	char **files;

	snprintf(dir, sizeof dir, "%s/tests/data/methods/%s", TEST_SRCDIR, id);
	files = yaml_files(dir, &n);
	tap(n >= 3, id, "", "at least three worked examples", "too few examples");
	for (i = 0; i < n; i++) {
		char *j1 = NULL, *j2 = NULL, *base = files[i];
		size_t l1 = 0, l2 = 0;
		pcf_error err;
		pcf_status st;
		json_t *e, *a;
		json_error_t je;

		base[strlen(base) - 5] = '\0';
		snprintf(path, sizeof path, "%s/%s.yaml", dir, base);
		snprintf(exp, sizeof exp, "%s/%s.expected.json", dir, base);
		snprintf(par, sizeof par, "%s/%s.params", dir, base);
		pcf_error_clear(&err);
		st = compute_file(m, lib, path, par, &j1, &l1, &err);
		if (st != PCF_OK) {
			char msg[1600];
			pcf_error_format(&err, msg, sizeof msg);
			tap(0, id, base, "computes", msg);
			free(base);
			continue;
		}
		st = compute_file(m, lib, path, par, &j2, &l2, &err);
		tap(st == PCF_OK && l1 == l2 && !memcmp(j1, j2, l1), id, base, "byte-identical twice",
		    "the two result JSONs differ");
		e = json_load_file(exp, JSON_REJECT_DUPLICATES, &je);
		a = json_loadb(j1, l1, JSON_REJECT_DUPLICATES, &je);
		why[0] = '\0';
		if (!e)
			snprintf(why, sizeof why, "%s: %s", exp, je.text);
		tap(e && a && subset(e, a, "", why, sizeof why), id, base, "matches the hand-computed figures", why);
		{
			/* NAME.also: other plugins that must give the same footprint and breakdown */
			char also[1400], *ids, *other, *sv = NULL;
			snprintf(also, sizeof also, "%s/%s.also", dir, base);
			ids = slurp(also, NULL);
			for (other = ids ? strtok_r(ids, " \n", &sv) : NULL; other; other = strtok_r(NULL, " \n", &sv)) {
				const pcf_method *om = NULL;
				char *j3 = NULL, nm[300];
				size_t l3 = 0;
				json_t *a3 = NULL, *sub = json_object();
				snprintf(nm, sizeof nm, "%s under %s", base, other);
				json_object_set(sub, "footprint", json_object_get(e, "footprint"));
				json_object_set(sub, "breakdown", json_object_get(e, "breakdown"));
				why[0] = '\0';
				if (pcf_methods_find(g_methods, other, &om, &err) != PCF_OK ||
				    compute_file(om, lib, path, par, &j3, &l3, &err) != PCF_OK)
					snprintf(why, sizeof why, "%s", err.message);
				else
					a3 = json_loadb(j3, l3, JSON_REJECT_DUPLICATES, &je);
				tap(a3 && subset(sub, a3, "", why, sizeof why), id, nm, "same figures", why);
				json_decref(a3);
				json_decref(sub);
				free(j3);
			}
			free(ids);
		}
		if (getenv("METHODS_ISO_DUMP"))
			fprintf(stderr, "=== %s/%s\n%s", id, base, j1);
		json_decref(e);
		json_decref(a);
		free(j1);
		free(j2);
		free(base);
	}
	free(files);
}

static void run_rules(const char *id, const pcf_method *m, const pcf_factor_lib *lib)
{
	char dir[1024], path[1400], exp[1400], par[1400];
	size_t n, i;
	char **files;

	snprintf(dir, sizeof dir, "%s/tests/data/methods/%s/rules", TEST_SRCDIR, id);
	files = yaml_files(dir, &n);
	tap(n >= 1, id, "", "rule fixtures present", NULL);
	for (i = 0; i < n; i++) {
		char *json = NULL, *want, *line, *save = NULL, *base = files[i], msg[1600], why[3400];
		size_t jl;
		pcf_error err;
		pcf_status st;
		int ok;

		base[strlen(base) - 5] = '\0';
		snprintf(path, sizeof path, "%s/%s.yaml", dir, base);
		snprintf(exp, sizeof exp, "%s/%s.expected-error", dir, base);
		snprintf(par, sizeof par, "%s/%s.params", dir, base);
		pcf_error_clear(&err);
		st = compute_file(m, lib, path, par, &json, &jl, &err);
		pcf_error_format(&err, msg, sizeof msg);
		ok = st == PCF_E_RULE;
		snprintf(why, sizeof why, "status %d (%s): %s", (int)st, pcf_status_str(st), msg);
		want = slurp(exp, NULL);
		if (!want) {
			ok = 0;
			snprintf(why, sizeof why, "cannot read %s", exp);
		}
		for (line = want ? strtok_r(want, "\n", &save) : NULL; ok && line; line = strtok_r(NULL, "\n", &save))
			if (*line && !strstr(msg, line)) {
				ok = 0;
				snprintf(why, sizeof why, "message lacks \"%s\": %s", line, msg);
			}
		{
			char nm[300];
			snprintf(nm, sizeof nm, "rules/%s", base);
			tap(ok, id, nm, "refused with the rule, clause and entry", why);
		}
		free(want);
		free(json);
		free(base);
	}
	free(files);
}

int main(void)
{
	pcf_factor_lib *lib = NULL;
	pcf_error err;
	size_t k;

	setenv("PCF_DATA_DIR", TEST_SRCDIR "/data", 0);
	if (pcf_methods_new(&g_methods, PCF_METHODS_NO_ENV | PCF_METHODS_NO_DEFAULT, &err) != PCF_OK ||
	    pcf_methods_add_dir(g_methods, TEST_BUILDDIR "/plugins/.libs", &err) != PCF_OK ||
	    pcf_factor_lib_new(&lib, &err) != PCF_OK || pcf_factor_lib_load_default(lib, NULL, &err) != PCF_OK) {
		printf("Bail out! setup: %s\n", err.message);
		return 1;
	}
	for (k = 0; k < sizeof plugin_ids / sizeof *plugin_ids; k++) {
		const pcf_method *m = NULL;
		if (pcf_methods_find(g_methods, plugin_ids[k], &m, &err) != PCF_OK) {
			tap(0, plugin_ids[k], "", "plugin loads", err.message);
			continue;
		}
		tap(1, plugin_ids[k], "", "plugin loads", NULL);
		run_examples(plugin_ids[k], m, lib);
		run_rules(plugin_ids[k], m, lib);
	}
	printf("1..%d\n", test_no);
	pcf_factor_lib_free(lib);
	pcf_methods_free(g_methods);
	return failures ? 1 : 0;
}
