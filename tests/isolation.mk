# tests/isolation.mk - recomputation that tells the truth and plugins that cannot break the verifier:
# the recompute version policy, "not recomputable" verdicts, crash and hang isolation in 'pcf verify'
# and 'pcf compute', and plugins that write to standard output or error.

# The testgood plugin as "versioned" 1.0.0 and 1.2.0 (same file name, two folders), and as "chatty",
# which prints while it computes (tests/plugins/versioned.c).
EXTRA_DIST += tests/plugins/versioned.c
check_LTLIBRARIES += tests/plugins/v1.0/versioned.la tests/plugins/v1.2/versioned.la tests/plugins/chatty.la
tests_plugins_v1_0_versioned_la_SOURCES = tests/plugins/versioned.c
tests_plugins_v1_0_versioned_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/plugins -DPLUGIN_VERSION='"1.0.0"'
tests_plugins_v1_0_versioned_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_v1_2_versioned_la_SOURCES = tests/plugins/versioned.c
tests_plugins_v1_2_versioned_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/plugins -DPLUGIN_VERSION='"1.2.0"'
tests_plugins_v1_2_versioned_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_chatty_la_SOURCES = tests/plugins/versioned.c
tests_plugins_chatty_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/plugins -DPLUGIN_VERSION='"1.0.0"' -DCHATTY
tests_plugins_chatty_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)

dist_check_SCRIPTS += tests/cli/verify-honest.sh tests/cli/verify-isolation.sh tests/cli/plugin-output.sh
dist_check_SCRIPTS += tests/cli/extract-isolation.sh
TESTS += tests/cli/extract-isolation.sh
# Not isolation, but the same issue (13): every built-in plugin's refusals carry file:line:column.
dist_check_SCRIPTS += tests/cli/rule-positions.sh
TESTS += tests/cli/rule-positions.sh
TESTS += tests/cli/verify-honest.sh tests/cli/verify-isolation.sh tests/cli/plugin-output.sh

check_PROGRAMS += tests/unit/test_workers
tests_unit_test_workers_SOURCES = tests/unit/test_workers.c tests/unit/tap.h
tests_unit_test_workers_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_workers_LDADD = $(TEST_UNIT_LDADD) $(PTHREAD_LIBS)
TESTS += tests/unit/test_workers
