/*
 * test_plugin.c - the plugin ABI (sizes and offsets frozen for version 1.0) and the loader: every
 * refusal with its message, the search order, duplicates, listing, and every built plugin loading.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <pcf/plugin.h>
#include <pcf/methods.h>
#include <pcf/compute.h>

#include "base/fsutil.h"
#include "plugin/plugin_impl.h"
#include "tap.h"

#define TP TEST_BUILDDIR "/tests/plugins/.libs/"

/* ---- ABI: these numbers are the contract with every plugin ever built for 1.x (LP64) ---- */

START_TEST(abi_layout)
{
	ck_assert_int_eq(PCF_PLUGIN_ABI_MAJOR, 1);
	ck_assert_uint_eq(sizeof(pcf_abi), 16);
	ck_assert_uint_eq(offsetof(pcf_abi, major), 0);
	ck_assert_uint_eq(offsetof(pcf_abi, minor), 4);
	ck_assert_uint_eq(offsetof(pcf_abi, size), 8);
	if (sizeof(void *) != 8)
		return;
	/* descriptor: header, 7 strings, 2 lists, 2 functions */
	ck_assert_uint_eq(offsetof(pcf_plugin, id), 16);
	ck_assert_uint_eq(offsetof(pcf_plugin, description), 64);
	ck_assert_uint_eq(offsetof(pcf_plugin, params), 72);
	ck_assert_uint_eq(offsetof(pcf_plugin, formats), 80);
	ck_assert_uint_eq(offsetof(pcf_plugin, compute), 88);
	ck_assert_uint_eq(offsetof(pcf_plugin, export_format), 96);
	ck_assert_uint_eq(PCFI_PLUGIN_SIZE_1_0, 104);
	ck_assert_uint_ge(sizeof(pcf_plugin), PCFI_PLUGIN_SIZE_1_0);
	ck_assert_uint_eq(sizeof(pcf_param_spec), 48);
	ck_assert_uint_eq(sizeof(pcf_format_spec), 48);
	/* host table: header then function pointers, in the documented order */
	ck_assert_uint_eq(offsetof(pcf_host, error), 16);
	ck_assert_uint_eq(offsetof(pcf_host, rule_error), 24);
	ck_assert_uint_eq(offsetof(pcf_host, alloc), 40);
	ck_assert_uint_eq(offsetof(pcf_host, param), 64);
	ck_assert_uint_eq(offsetof(pcf_host, product), 72);
	ck_assert_uint_eq(offsetof(pcf_host, convert), 144);
	ck_assert_uint_eq(offsetof(pcf_host, solve), 200);
	ck_assert_uint_eq(offsetof(pcf_host, set_total), 232);
	ck_assert_uint_eq(offsetof(pcf_host, warn), 320);
	ck_assert_uint_eq(offsetof(pcf_host, jw_new), 376);
	ck_assert_uint_eq(offsetof(pcf_host, jw_free), 472);
	/* 1.0 ended at 480 bytes; 1.1 appends ten services (sb_new .. format_decimal), each non-NULL */
	ck_assert_uint_eq(offsetof(pcf_host, sb_new), 480);
	ck_assert_uint_eq(offsetof(pcf_host, date_check), 536);
	ck_assert_uint_eq(offsetof(pcf_host, format_decimal), 552);
	/* 1.1 ended at 560 bytes; 1.2 appends supplier_info */
	ck_assert_uint_eq(offsetof(pcf_host, supplier_info), 560);
	ck_assert_uint_eq(sizeof(pcf_host), 568);
	ck_assert_uint_eq(pcfi_host.abi.minor, 2);
	ck_assert_ptr_nonnull(pcfi_host.supplier_info);
	ck_assert_ptr_nonnull(pcfi_host.sb_new);
	ck_assert_ptr_nonnull(pcfi_host.date_rfc3339);
	ck_assert_ptr_nonnull(pcfi_host.format_decimal);
	ck_assert_uint_eq(pcfi_host.abi.size, sizeof(pcf_host));
	/* info structs: the header first, fields in order */
	ck_assert_uint_eq(offsetof(pcf_product_info, id), 16);
	ck_assert_uint_eq(sizeof(pcf_product_info), 168);
	ck_assert_uint_eq(sizeof(pcf_process_info), 184);
	ck_assert_uint_eq(sizeof(pcf_input_info), 80);
	ck_assert_uint_eq(sizeof(pcf_emission_info), 40);
	ck_assert_uint_eq(sizeof(pcf_removal_info), 32);
	ck_assert_uint_eq(sizeof(pcf_coproduct_info), 64);
	ck_assert_uint_eq(sizeof(pcf_exclusion_info), 40);
	ck_assert_uint_eq(sizeof(pcf_offset_info), 40);
	/* 1.1 ended at 88 (primary at 80, then padding); 1.2 appends removal (in that padding) and primary_share */
	ck_assert_uint_eq(offsetof(pcf_flow_info, removal), 84);
	ck_assert_uint_eq(offsetof(pcf_flow_info, primary_share), 88);
	ck_assert_uint_eq(sizeof(pcf_flow_info), 96);
	ck_assert_uint_eq(sizeof(pcf_supplier_info), 224);
	ck_assert_uint_eq(sizeof(pcf_factor_info), 112);
	ck_assert_uint_eq(sizeof(pcf_gwp_set_info), 48);
	ck_assert_uint_eq(sizeof(pcf_result_info), 152);
	ck_assert_uint_eq(sizeof(pcf_item_info), 56);
}
END_TEST

/* ---- loader ---- */

typedef struct warnings {
	int n;
	char last[2048];
} warnings;

static void collect(void *data, const pcf_error *w)
{
	warnings *ws = data;
	char buf[2048];

	ws->n++;
	snprintf(ws->last, sizeof ws->last, "%s", pcf_error_format(w, buf, sizeof buf));
}

static pcf_methods *fresh(void)
{
	pcf_methods *ms = NULL;
	ck_assert_int_eq(pcf_methods_new(&ms, PCF_METHODS_NO_ENV | PCF_METHODS_NO_DEFAULT, NULL), PCF_OK);
	return ms;
}

/* Load path and expect a refusal whose formatted message contains want. */
static void expect_refused(const char *path, pcf_status status, const char *want)
{
	pcf_methods *ms = fresh();
	const pcf_method *m = (const pcf_method *)1;
	pcf_error e;
	char buf[4096];

	ck_assert_int_eq(pcf_methods_load(ms, path, &m, &e), status);
	ck_assert_ptr_null(m);
	pcf_error_format(&e, buf, sizeof buf);
	ck_assert_msg(strstr(buf, want) != NULL, "message '%s' lacks '%s'", buf, want);
	ck_assert_msg(strstr(buf, path) != NULL, "message '%s' does not name the file", buf);
	pcf_methods_free(ms);
}

START_TEST(refuse_wrong_major)
{
	expect_refused(TP "wrong-major.so", PCF_E_PLUGIN, "built for plugin ABI 2.0, this pcfkit supports ABI 1.x");
}
END_TEST

START_TEST(refuse_newer_minor)
{
	char want[128];

	snprintf(want, sizeof want, "built for plugin ABI 1.%d, newer than this pcfkit's 1.%d", PCF_PLUGIN_ABI_MINOR + 1,
	         PCF_PLUGIN_ABI_MINOR);
	expect_refused(TP "newer-minor.so", PCF_E_PLUGIN, want);
}
END_TEST

START_TEST(refuse_missing_symbol)
{
	expect_refused(TP "no-entry.so", PCF_E_PLUGIN, "no pcf_plugin_entry symbol");
}
END_TEST

START_TEST(refuse_small_struct)
{
	expect_refused(TP "small.so", PCF_E_PLUGIN, "descriptor is 88 bytes, smaller than the 104 bytes of plugin ABI 1.0");
}
END_TEST

START_TEST(refuse_bad_id)
{
	expect_refused(TP "bad-id.so", PCF_E_PLUGIN, "invalid id 'Bad_Id'");
}
END_TEST

START_TEST(refuse_not_a_plugin)
{
	char dir[] = "/tmp/pcf-plugin-XXXXXX";
	char path[256];
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	chmod(dir, 0755);
	snprintf(path, sizeof path, "%s/junk.so", dir);
	f = fopen(path, "w");
	fputs("not an ELF file\n", f);
	fclose(f);
	chmod(path, 0644);
	expect_refused(path, PCF_E_PLUGIN, "cannot load");
	unlink(path);
	rmdir(dir);
}
END_TEST

/* Copy a built plugin to dir/name with mode. */
static void copy_plugin(const char *from, const char *dir, const char *name, mode_t mode)
{
	char *data;
	size_t len;
	char path[512];
	FILE *f;

	ck_assert_int_eq(pcfi_read_file(from, 64u << 20, &data, &len, NULL), PCF_OK);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	fclose(f);
	chmod(path, mode);
	free(data);
}

static void make_dir(char *tmpl)
{
	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	chmod(tmpl, 0755);
}

static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[512];

	while (d && (e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

START_TEST(refuse_writable)
{
	char dir[] = "/tmp/pcf-plugin-XXXXXX", path[256];

	make_dir(dir);
	copy_plugin(TP "testgood.so", dir, "testgood.so", 0666);
	snprintf(path, sizeof path, "%s/testgood.so", dir);
	expect_refused(path, PCF_E_PLUGIN, "file is writable by group or others (mode 0666)");
	chmod(path, 0644);
	chmod(dir, 0777);
	expect_refused(path, PCF_E_PLUGIN, "is writable by group or others (mode 0777)");
	chmod(dir, 0755);
	remove_dir(dir);
}
END_TEST

START_TEST(refuse_symlink)
{
	char dir[] = "/tmp/pcf-plugin-XXXXXX", path[256], target[256];

	make_dir(dir);
	copy_plugin(TP "testgood.so", dir, "real.so", 0644);
	snprintf(target, sizeof target, "%s/real.so", dir);
	snprintf(path, sizeof path, "%s/testgood.so", dir);
	ck_assert_int_eq(symlink(target, path), 0);
	expect_refused(path, PCF_E_PLUGIN, "not a regular file");
	remove_dir(dir);
}
END_TEST

START_TEST(load_good)
{
	pcf_methods *ms = fresh();
	const pcf_method *m, *again;
	const char *name, *values, *def, *desc;

	ck_assert_int_eq(pcf_methods_load(ms, TP "testgood.so", &m, NULL), PCF_OK);
	ck_assert_str_eq(pcf_method_id(m), "testgood");
	ck_assert_str_eq(pcf_method_version(m), "0.1.0");
	ck_assert_str_eq(pcf_method_licence(m), "CC0-1.0");
	ck_assert_uint_eq(pcf_method_abi_major(m), 1);
	ck_assert_uint_eq(pcf_method_param_count(m), 1);
	ck_assert_int_eq(pcf_method_param(m, 0, &name, &values, &def, &desc), PCF_OK);
	ck_assert_str_eq(name, "scale");
	ck_assert_str_eq(def, "1");
	ck_assert_int_eq(pcf_method_param(m, 1, &name, NULL, NULL, NULL), PCF_E_NOTFOUND);
	ck_assert_uint_eq(pcf_method_format_count(m), 0);
	ck_assert_int_eq(pcf_method_has_format(m, "pact-v2"), 0);
	/* the same file twice is the same plugin */
	ck_assert_int_eq(pcf_methods_load(ms, TP "testgood.so", &again, NULL), PCF_OK);
	ck_assert_ptr_eq(m, again);
	pcf_methods_free(ms);
}
END_TEST

START_TEST(find_search_order_and_duplicates)
{
	char d1[] = "/tmp/pcf-plugin-XXXXXX", d2[] = "/tmp/pcf-plugin-XXXXXX";
	pcf_methods *ms = fresh();
	const pcf_method *m;
	warnings ws = { 0, "" };
	char p1[256], p2[256];
	pcf_error e;

	make_dir(d1);
	make_dir(d2);
	copy_plugin(TP "testgood.so", d1, "testgood.so", 0644);
	copy_plugin(TP "testgood.so", d2, "testgood.so", 0644);
	copy_plugin(TP "testgood.so", d2, "other.so", 0644);
	snprintf(p1, sizeof p1, "%s/testgood.so", d1);
	snprintf(p2, sizeof p2, "%s/testgood.so", d2);
	pcf_methods_set_warning_handler(ms, collect, &ws);
	ck_assert_int_eq(pcf_methods_add_dir(ms, d1, NULL), PCF_OK);
	ck_assert_int_eq(pcf_methods_add_dir(ms, d2, NULL), PCF_OK);
	ck_assert_uint_eq(pcf_methods_dir_count(ms), 2);
	ck_assert_str_eq(pcf_methods_dir(ms, 1), d2);
	ck_assert_int_eq(pcf_methods_find(ms, "testgood", &m, NULL), PCF_OK);
	ck_assert_str_eq(pcf_method_path(m), p1);
	ck_assert_int_eq(ws.n, 1);
	ck_assert_msg(strstr(ws.last, "duplicate methodology 'testgood'") && strstr(ws.last, p1) && strstr(ws.last, p2),
	              "warning: %s", ws.last);
	/* a file whose name is not its id */
	ck_assert_int_eq(pcf_methods_find(ms, "other", &m, &e), PCF_E_PLUGIN);
	ck_assert_msg(strstr(e.message, "file is named other.so but the plugin declares id 'testgood'"), "%s", e.message);
	/* not installed: the message names the folders */
	ck_assert_int_eq(pcf_methods_find(ms, "iso99999", &m, &e), PCF_E_NOTFOUND);
	ck_assert_msg(strstr(e.message, "methodology 'iso99999' is not installed") && strstr(e.message, d1), "%s", e.message);
	ck_assert_int_eq(pcf_methods_find(ms, "../etc/x", &m, &e), PCF_E_NOTFOUND);
	/* listing: one testgood (first wins), a warning naming both, the misnamed file is listed under its id */
	ws.n = 0;
	ck_assert_int_eq(pcf_methods_load_all(ms, NULL, NULL), PCF_OK);
	ck_assert_uint_eq(pcf_methods_count(ms), 1);
	ck_assert_str_eq(pcf_method_path(pcf_methods_get(ms, 0)), p1);
	ck_assert_int_ge(ws.n, 1);
	pcf_methods_free(ms);
	remove_dir(d1);
	remove_dir(d2);
}
END_TEST

START_TEST(env_path_and_add_dir_order)
{
	pcf_methods *ms = NULL;

	setenv("PCF_PLUGIN_PATH", "/env/one::/env/two", 1);
	ck_assert_int_eq(pcf_methods_new(&ms, 0, NULL), PCF_OK);
	ck_assert_int_eq(pcf_methods_add_dir(ms, "/cli/dir", NULL), PCF_OK);
	ck_assert_uint_eq(pcf_methods_dir_count(ms), 4);
	ck_assert_str_eq(pcf_methods_dir(ms, 0), "/cli/dir");
	ck_assert_str_eq(pcf_methods_dir(ms, 1), "/env/one");
	ck_assert_str_eq(pcf_methods_dir(ms, 2), "/env/two");
	ck_assert_str_eq(pcf_methods_dir(ms, 3), PCF_PKGLIBDIR);
	/* too late to add folders once the path is built */
	ck_assert_int_eq(pcf_methods_add_dir(ms, "/late", NULL), PCF_E_ARG);
	pcf_methods_free(ms);
	unsetenv("PCF_PLUGIN_PATH");
}
END_TEST

/* Every plugin this tree builds (plugins/.libs) loads, and every test plugin meant to load does. */
START_TEST(every_built_plugin_loads)
{
	pcf_methods *ms = fresh();
	pcf_diag *refused = pcf_diag_new();
	size_t i;
	static const char *const good[] = { "testgood", "nondet", "crash", "hang", "bad-sum", "nan-total", "missing",
	                                    "silent-fail", "address", "any-major" };

	ck_assert_int_eq(pcf_methods_add_dir(ms, TEST_BUILDDIR "/plugins/.libs", NULL), PCF_OK);
	ck_assert_int_eq(pcf_methods_load_all(ms, refused, NULL), PCF_OK);
	for (i = 0; i < pcf_diag_count(refused); i++)
		ck_abort_msg("refused: %s: %s", pcf_diag_get(refused, i)->file, pcf_diag_get(refused, i)->message);
	ck_assert_uint_ge(pcf_methods_count(ms), 1);
	for (i = 0; i + 1 < pcf_methods_count(ms); i++)
		ck_assert_int_lt(strcmp(pcf_method_id(pcf_methods_get(ms, i)), pcf_method_id(pcf_methods_get(ms, i + 1))), 0);
	pcf_diag_free(refused);
	pcf_methods_free(ms);

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		char path[512];
		const pcf_method *m;
		pcf_error e;
		ms = fresh();
		snprintf(path, sizeof path, TP "%s.so", good[i]);
		ck_assert_msg(pcf_methods_load(ms, path, &m, &e) == PCF_OK, "%s: %s", path, e.message);
		ck_assert_str_eq(pcf_method_id(m), good[i]);
		pcf_methods_free(ms);
	}
}
END_TEST

START_TEST(params)
{
	pcf_params *p;
	pcf_error e;
	const char *n, *v;

	ck_assert_int_eq(pcf_params_new(&p, NULL), PCF_OK);
	ck_assert_int_eq(pcf_params_parse(p, "allocation=economic", NULL), PCF_OK);
	ck_assert_int_eq(pcf_params_parse(p, "note=a=b", NULL), PCF_OK);
	ck_assert_int_eq(pcf_params_parse(p, "allocation=physical", &e), PCF_E_ARG);
	ck_assert_str_eq(e.message, "parameter 'allocation' given twice");
	ck_assert_int_eq(pcf_params_parse(p, "novalue", &e), PCF_E_ARG);
	ck_assert_int_eq(pcf_params_parse(p, "=x", &e), PCF_E_ARG);
	ck_assert_int_eq(pcf_params_parse(p, "Bad Name=x", &e), PCF_E_ARG);
	ck_assert_uint_eq(pcf_params_count(p), 2);
	ck_assert_int_eq(pcf_params_get(p, 1, &n, &v), PCF_OK);
	ck_assert_str_eq(n, "note");
	ck_assert_str_eq(v, "a=b");
	pcf_params_free(p);
}
END_TEST

START_TEST(params_checked_against_plugin)
{
	pcf_methods *ms = fresh();
	const pcf_method *m;
	pcf_params *given, *r;
	pcf_error e;

	ck_assert_int_eq(pcf_methods_load(ms, TP "testgood.so", &m, NULL), PCF_OK);
	ck_assert_int_eq(pcf_params_new(&given, NULL), PCF_OK);
	ck_assert_int_eq(pcfi_params_resolve(m, given, &r, NULL), PCF_OK);
	ck_assert_uint_eq(pcf_params_count(r), 1);  /* the default */
	pcf_params_free(r);
	ck_assert_int_eq(pcf_params_set(given, "bogus", "1", NULL), PCF_OK);
	ck_assert_int_eq(pcfi_params_resolve(m, given, &r, &e), PCF_E_ARG);
	ck_assert_str_eq(e.message, "methodology 'testgood' has no parameter 'bogus' (it accepts: scale)");
	pcf_params_free(given);
	pcf_methods_free(ms);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("plugin");
	TCase *tc = tcase_create("plugin");

	tcase_add_test(tc, abi_layout);
	tcase_add_test(tc, refuse_wrong_major);
	tcase_add_test(tc, refuse_newer_minor);
	tcase_add_test(tc, refuse_missing_symbol);
	tcase_add_test(tc, refuse_small_struct);
	tcase_add_test(tc, refuse_bad_id);
	tcase_add_test(tc, refuse_not_a_plugin);
	tcase_add_test(tc, refuse_writable);
	tcase_add_test(tc, refuse_symlink);
	tcase_add_test(tc, load_good);
	tcase_add_test(tc, find_search_order_and_duplicates);
	tcase_add_test(tc, env_path_and_add_dir_order);
	tcase_add_test(tc, every_built_plugin_loads);
	tcase_add_test(tc, params);
	tcase_add_test(tc, params_checked_against_plugin);
	suite_add_tcase(s, tc);
	return tap_run(s);
}
