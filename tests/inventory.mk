# tests/inventory.mk - tests of the inventory area (appended to TESTS): one Check suite per module,
# the malformed-inventory corpus run through 'pcf validate', and the schema agreement test.
INVENTORY_UNIT_TESTS = tests/unit/test_yaml tests/unit/test_units tests/unit/test_gwp \
	tests/unit/test_factors tests/unit/test_inventory tests/unit/test_solve
check_PROGRAMS += $(INVENTORY_UNIT_TESTS)
TESTS += $(INVENTORY_UNIT_TESTS)

tests_unit_test_yaml_SOURCES = tests/unit/test_yaml.c tests/unit/tap.h
tests_unit_test_yaml_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_yaml_LDADD = $(TEST_UNIT_LDADD)
tests_unit_test_units_SOURCES = tests/unit/test_units.c tests/unit/tap.h
tests_unit_test_units_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_units_LDADD = $(TEST_UNIT_LDADD)
tests_unit_test_gwp_SOURCES = tests/unit/test_gwp.c tests/unit/tap.h
tests_unit_test_gwp_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_gwp_LDADD = $(TEST_UNIT_LDADD)
tests_unit_test_factors_SOURCES = tests/unit/test_factors.c tests/unit/tap.h
tests_unit_test_factors_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_factors_LDADD = $(TEST_UNIT_LDADD)
tests_unit_test_inventory_SOURCES = tests/unit/test_inventory.c tests/unit/tap.h
tests_unit_test_inventory_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_inventory_LDADD = $(TEST_UNIT_LDADD)
tests_unit_test_solve_SOURCES = tests/unit/test_solve.c tests/unit/tap.h
tests_unit_test_solve_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_solve_LDADD = $(TEST_UNIT_LDADD)
