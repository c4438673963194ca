# tests/robust.mk - robustness: every fuzz target's seeds and past crashes replayed in every build
# (tests/fuzz/replay.c linked with each target), the limits of docs/limits.md at their boundaries,
# and nothing lost when pcf issue is killed or its plugin crashes.

REPLAY_CFLAGS = $(AM_CFLAGS) $(CRYPTO_CFLAGS) $(ARCHIVE_CFLAGS) $(YAML_CFLAGS) $(JANSSON_CFLAGS) \
	-I$(top_srcdir)/core/lib
EXTRA_DIST += tests/fuzz/replay.c

check_PROGRAMS += tests/fuzz/replay-inventory tests/fuzz/replay-bundle tests/fuzz/replay-manifest tests/fuzz/replay-result
tests_fuzz_replay_inventory_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_inventory.c
tests_fuzz_replay_inventory_CFLAGS = $(REPLAY_CFLAGS)
tests_fuzz_replay_inventory_LDADD = core/lib/libpcf_core.la
tests_fuzz_replay_bundle_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_bundle.c
tests_fuzz_replay_bundle_CFLAGS = $(REPLAY_CFLAGS)
tests_fuzz_replay_bundle_LDADD = core/lib/libpcf_core.la
tests_fuzz_replay_manifest_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_manifest.c
tests_fuzz_replay_manifest_CFLAGS = $(REPLAY_CFLAGS)
tests_fuzz_replay_manifest_LDADD = core/lib/libpcf_core.la
tests_fuzz_replay_result_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_result.c
tests_fuzz_replay_result_CFLAGS = $(REPLAY_CFLAGS)
tests_fuzz_replay_result_LDADD = core/lib/libpcf_core.la

dist_check_SCRIPTS += tests/cli/robust-replay.sh
TESTS += tests/cli/robust-replay.sh

# A plugin that crashes on one inventory (product id containing "crash"), for robust-issue.sh.
EXTRA_DIST += tests/plugins/crash-on.c
check_LTLIBRARIES += tests/plugins/crash-on.la
tests_plugins_crash_on_la_SOURCES = tests/plugins/crash-on.c
tests_plugins_crash_on_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/plugins
tests_plugins_crash_on_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
dist_check_SCRIPTS += tests/cli/robust-issue.sh
TESTS += tests/cli/robust-issue.sh

check_PROGRAMS += tests/unit/test_robust
tests_unit_test_robust_SOURCES = tests/unit/test_robust.c tests/unit/fixture.c tests/unit/fixture.h tests/unit/tap.h
tests_unit_test_robust_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_robust_LDADD = $(TEST_UNIT_LDADD) $(CRYPTO_LIBS) $(ARCHIVE_LIBS) $(JANSSON_LIBS) $(PTHREAD_LIBS)
TESTS += tests/unit/test_robust

# A plugin whose descriptor is as large as the environment asks (the loader's limits).
EXTRA_DIST += tests/plugins/limits.c
check_LTLIBRARIES += tests/plugins/limits.la
tests_plugins_limits_la_SOURCES = tests/plugins/limits.c
tests_plugins_limits_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
dist_check_SCRIPTS += tests/cli/robust-limits.sh
TESTS += tests/cli/robust-limits.sh

# A plugin that hangs on one inventory (product id containing "hang"), for robust-issue-timeout.sh.
EXTRA_DIST += tests/plugins/hang-on.c
check_LTLIBRARIES += tests/plugins/hang-on.la
tests_plugins_hang_on_la_SOURCES = tests/plugins/hang-on.c
tests_plugins_hang_on_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/plugins
tests_plugins_hang_on_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
dist_check_SCRIPTS += tests/cli/robust-issue-timeout.sh
TESTS += tests/cli/robust-issue-timeout.sh

# A plugin with an export as large as its parameter export-bytes asks (the 64 MiB a case of
# 'pcf methods check' may send back, tested in test_robust).
EXTRA_DIST += tests/plugins/big-export.c
check_LTLIBRARIES += tests/plugins/big-export.la
tests_plugins_big_export_la_SOURCES = tests/plugins/big-export.c
tests_plugins_big_export_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/plugins
tests_plugins_big_export_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
