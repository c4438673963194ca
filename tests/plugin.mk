# tests/plugin.mk - tests of the plugin area: the ABI, the loader and its refusals, the result model,
# compute, 'pcf methods' and 'pcf compute', and the SDK (install, build the example out of tree, check it).

# Deliberately good and broken plugins (tests/plugins/testplugin.c, one variant each). check_LTLIBRARIES
# with -rpath makes libtool build real .so files, in tests/plugins/.libs, outside PCF_PLUGIN_PATH.
TEST_PLUGIN_LDFLAGS = -module -avoid-version -shared -rpath /nowhere -no-undefined -Wl,-z,defs
EXTRA_DIST += tests/plugins/testplugin.c

check_LTLIBRARIES += tests/plugins/testgood.la
tests_plugins_testgood_la_SOURCES = tests/plugins/testplugin.c
tests_plugins_testgood_la_CPPFLAGS = $(AM_CPPFLAGS) -DVARIANT=GOOD -DPLUGIN_ID='"testgood"'
tests_plugins_testgood_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)

check_LTLIBRARIES += tests/plugins/wrong-major.la
tests_plugins_wrong_major_la_SOURCES = tests/plugins/testplugin.c
tests_plugins_wrong_major_la_CPPFLAGS = $(AM_CPPFLAGS) -DVARIANT=WRONG_MAJOR -DPLUGIN_ID='"wrong-major"'
tests_plugins_wrong_major_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)

check_LTLIBRARIES += tests/plugins/newer-minor.la
tests_plugins_newer_minor_la_SOURCES = tests/plugins/testplugin.c
tests_plugins_newer_minor_la_CPPFLAGS = $(AM_CPPFLAGS) -DVARIANT=NEWER_MINOR -DPLUGIN_ID='"newer-minor"'
tests_plugins_newer_minor_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)

check_LTLIBRARIES += tests/plugins/no-entry.la
tests_plugins_no_entry_la_SOURCES = tests/plugins/testplugin.c
tests_plugins_no_entry_la_CPPFLAGS = $(AM_CPPFLAGS) -DVARIANT=NO_ENTRY -DPLUGIN_ID='"no-entry"'
tests_plugins_no_entry_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)

check_LTLIBRARIES += tests/plugins/small.la
tests_plugins_small_la_SOURCES = tests/plugins/testplugin.c
tests_plugins_small_la_CPPFLAGS = $(AM_CPPFLAGS) -DVARIANT=SMALL -DPLUGIN_ID='"small"'
tests_plugins_small_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)

check_LTLIBRARIES += tests/plugins/bad-id.la
tests_plugins_bad_id_la_SOURCES = tests/plugins/testplugin.c
tests_plugins_bad_id_la_CPPFLAGS = $(AM_CPPFLAGS) -DVARIANT=BAD_ID -DPLUGIN_ID='"bad-id"'
tests_plugins_bad_id_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)

check_LTLIBRARIES += tests/plugins/nondet.la
tests_plugins_nondet_la_SOURCES = tests/plugins/testplugin.c
tests_plugins_nondet_la_CPPFLAGS = $(AM_CPPFLAGS) -DVARIANT=NONDET -DPLUGIN_ID='"nondet"'
tests_plugins_nondet_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)

check_LTLIBRARIES += tests/plugins/crash.la
tests_plugins_crash_la_SOURCES = tests/plugins/testplugin.c
tests_plugins_crash_la_CPPFLAGS = $(AM_CPPFLAGS) -DVARIANT=CRASH -DPLUGIN_ID='"crash"'
tests_plugins_crash_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)

check_LTLIBRARIES += tests/plugins/hang.la
tests_plugins_hang_la_SOURCES = tests/plugins/testplugin.c
tests_plugins_hang_la_CPPFLAGS = $(AM_CPPFLAGS) -DVARIANT=HANG -DPLUGIN_ID='"hang"'
tests_plugins_hang_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)

check_LTLIBRARIES += tests/plugins/bad-sum.la
tests_plugins_bad_sum_la_SOURCES = tests/plugins/testplugin.c
tests_plugins_bad_sum_la_CPPFLAGS = $(AM_CPPFLAGS) -DVARIANT=BAD_SUM -DPLUGIN_ID='"bad-sum"'
tests_plugins_bad_sum_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)

check_LTLIBRARIES += tests/plugins/nan-total.la
tests_plugins_nan_total_la_SOURCES = tests/plugins/testplugin.c
tests_plugins_nan_total_la_CPPFLAGS = $(AM_CPPFLAGS) -DVARIANT=NAN_TOTAL -DPLUGIN_ID='"nan-total"'
tests_plugins_nan_total_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)

check_LTLIBRARIES += tests/plugins/missing.la
tests_plugins_missing_la_SOURCES = tests/plugins/testplugin.c
tests_plugins_missing_la_CPPFLAGS = $(AM_CPPFLAGS) -DVARIANT=MISSING -DPLUGIN_ID='"missing"'
tests_plugins_missing_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)

check_LTLIBRARIES += tests/plugins/silent-fail.la
tests_plugins_silent_fail_la_SOURCES = tests/plugins/testplugin.c
tests_plugins_silent_fail_la_CPPFLAGS = $(AM_CPPFLAGS) -DVARIANT=SILENT_FAIL -DPLUGIN_ID='"silent-fail"'
tests_plugins_silent_fail_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)

check_LTLIBRARIES += tests/plugins/address.la
tests_plugins_address_la_SOURCES = tests/plugins/testplugin.c
tests_plugins_address_la_CPPFLAGS = $(AM_CPPFLAGS) -DVARIANT=ADDRESS -DPLUGIN_ID='"address"'
tests_plugins_address_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
check_LTLIBRARIES += tests/plugins/any-major.la
tests_plugins_any_major_la_SOURCES = tests/plugins/testplugin.c
tests_plugins_any_major_la_CPPFLAGS = $(AM_CPPFLAGS) -DVARIANT=ANY_MAJOR -DPLUGIN_ID='"any-major"'
tests_plugins_any_major_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)

# Unit suites.
check_PROGRAMS += tests/unit/test_plugin tests/unit/test_result
tests_unit_test_plugin_SOURCES = tests/unit/test_plugin.c tests/unit/tap.h
tests_unit_test_plugin_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_plugin_LDADD = $(TEST_UNIT_LDADD)
tests_unit_test_result_SOURCES = tests/unit/test_result.c tests/unit/tap.h
tests_unit_test_result_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_result_LDADD = $(TEST_UNIT_LDADD)
check_PROGRAMS += tests/unit/test_compute
tests_unit_test_compute_SOURCES = tests/unit/test_compute.c tests/unit/tap.h
tests_unit_test_compute_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_compute_LDADD = $(TEST_UNIT_LDADD)
check_PROGRAMS += tests/unit/test_host
tests_unit_test_host_SOURCES = tests/unit/test_host.c tests/unit/tap.h
tests_unit_test_host_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_host_LDADD = $(TEST_UNIT_LDADD)
TESTS += tests/unit/test_plugin tests/unit/test_result tests/unit/test_compute tests/unit/test_host

# CLI tests (the environment of tests/local.mk; CC and MAKE for the SDK test).
AM_TESTS_ENVIRONMENT += CC='$(CC)'; export CC; MAKE='$(MAKE)'; export MAKE; PKG_CONFIG='$(PKG_CONFIG)'; export PKG_CONFIG;
dist_check_SCRIPTS += tests/cli/methods.sh tests/cli/check.sh tests/cli/compute.sh tests/cli/sdk.sh tests/cli/headers.sh
TESTS += tests/cli/methods.sh tests/cli/check.sh tests/cli/compute.sh tests/cli/sdk.sh tests/cli/headers.sh
