# tests/methods-iso.mk - tests of the iso14067, gbt24067, pas2050 and ghg-product plugins: their
# worked examples (expected numbers computed by hand), their rule-violation fixtures, and
# 'pcf methods check' on each plugin.

# Worked examples and rule fixtures through libpcf's compute API.
check_PROGRAMS += tests/unit/test_methods_iso
tests_unit_test_methods_iso_SOURCES = tests/unit/test_methods_iso.c
tests_unit_test_methods_iso_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_methods_iso_LDADD = $(TEST_UNIT_LDADD) $(JANSSON_LIBS)
TESTS += tests/unit/test_methods_iso

# Fixtures: the folder is distributed whole (every *.yaml, *.expected.json, *.arithmetic.md,
# *.params, rules/*.expected-error).
EXTRA_DIST += tests/data/methods/iso14067 tests/data/methods/gbt24067 tests/data/methods/pas2050 \
	tests/data/methods/ghg-product

# The same through the command line: pcf compute on every example and fixture, and
# pcf methods check on every plugin (installed examples and hostile inventories, then each
# worked example with its parameters).
dist_check_SCRIPTS += tests/cli/methods-iso-compute.sh tests/cli/methods-iso-check.sh
TESTS += tests/cli/methods-iso-compute.sh tests/cli/methods-iso-check.sh
EXTRA_DIST += tests/cli/methods-iso-compare.py
