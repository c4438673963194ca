# tests/lca.mk - tests of the lca area: import of openLCA JSON-LD, background footprints, and the
# independent reference reader they are checked against.
dist_check_SCRIPTS += tests/cli/lca.sh tests/cli/lca-mc.sh tests/cli/lca-background.sh tests/cli/out-opts.sh
TESTS += tests/cli/lca.sh tests/cli/lca-mc.sh tests/cli/lca-background.sh tests/cli/out-opts.sh
EXTRA_DIST += tests/lca/olca_ref.py
# USLCI is read from the shared reference folder (tests skip when absent); PCF_USLCI points elsewhere.
check_PROGRAMS += tests/unit/test_lca_background
tests_unit_test_lca_background_SOURCES = tests/unit/test_lca_background.c tests/unit/tap.h
tests_unit_test_lca_background_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_lca_background_LDADD = $(TEST_UNIT_LDADD)
TESTS += tests/unit/test_lca_background
