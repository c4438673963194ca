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

dist_check_SCRIPTS += tests/cli/inventory.sh tests/cli/inventory-schema.sh tests/cli/inventory-tables.sh
TESTS += tests/cli/inventory.sh tests/cli/inventory-schema.sh tests/cli/inventory-tables.sh
EXTRA_DIST += tests/inventory_schema.py \
	examples/portland-cement.yaml examples/steel-bracket.yaml examples/wooden-pallet.yaml examples/fabric-dyeing.yaml
# Fixtures: valid inventories, and malformed ones each with its .expect (errors and schema verdict).
EXTRA_DIST += \
	tests/data/inventory/good/everything.yaml \
	tests/data/inventory/good/minimal.yaml \
	tests/data/inventory/good/supplier.yaml \
	tests/data/inventory/bad/ambiguous-gas.expect \
	tests/data/inventory/bad/ambiguous-gas.yaml \
	tests/data/inventory/bad/anchor-alias.expect \
	tests/data/inventory/bad/anchor-alias.yaml \
	tests/data/inventory/bad/bad-boundary.expect \
	tests/data/inventory/bad/bad-boundary.yaml \
	tests/data/inventory/bad/bad-country.expect \
	tests/data/inventory/bad/bad-country.yaml \
	tests/data/inventory/bad/bad-date.expect \
	tests/data/inventory/bad/bad-date.yaml \
	tests/data/inventory/bad/bad-gwp-set.expect \
	tests/data/inventory/bad/bad-gwp-set.yaml \
	tests/data/inventory/bad/bad-stage.expect \
	tests/data/inventory/bad/bad-stage.yaml \
	tests/data/inventory/bad/bool-as-string.expect \
	tests/data/inventory/bad/bool-as-string.yaml \
	tests/data/inventory/bad/co2e-without-gwp-set.expect \
	tests/data/inventory/bad/co2e-without-gwp-set.yaml \
	tests/data/inventory/bad/coproduct-no-name.expect \
	tests/data/inventory/bad/coproduct-no-name.yaml \
	tests/data/inventory/bad/currency-reference-flow.expect \
	tests/data/inventory/bad/currency-reference-flow.yaml \
	tests/data/inventory/bad/declared-unit-zero.expect \
	tests/data/inventory/bad/declared-unit-zero.yaml \
	tests/data/inventory/bad/deep-nesting.expect \
	tests/data/inventory/bad/deep-nesting.yaml \
	tests/data/inventory/bad/dq-type-bad.expect \
	tests/data/inventory/bad/dq-type-bad.yaml \
	tests/data/inventory/bad/dqr-out-of-range.expect \
	tests/data/inventory/bad/dqr-out-of-range.yaml \
	tests/data/inventory/bad/duplicate-key.expect \
	tests/data/inventory/bad/duplicate-key.yaml \
	tests/data/inventory/bad/duplicate-process-id.expect \
	tests/data/inventory/bad/duplicate-process-id.yaml \
	tests/data/inventory/bad/emission-not-mass.expect \
	tests/data/inventory/bad/emission-not-mass.yaml \
	tests/data/inventory/bad/empty-file.expect \
	tests/data/inventory/bad/empty-file.yaml \
	tests/data/inventory/bad/exclusions-over-one.expect \
	tests/data/inventory/bad/exclusions-over-one.yaml \
	tests/data/inventory/bad/factor-gases-and-value.expect \
	tests/data/inventory/bad/factor-gases-and-value.yaml \
	tests/data/inventory/bad/factor-id-inline-and-library.expect \
	tests/data/inventory/bad/factor-id-inline-and-library.yaml \
	tests/data/inventory/bad/factor-id-inline-twice.expect \
	tests/data/inventory/bad/factor-id-inline-twice.yaml \
	tests/data/inventory/bad/factor-unit-mismatch.expect \
	tests/data/inventory/bad/factor-unit-mismatch.yaml \
	tests/data/inventory/bad/gtin-check-digit.expect \
	tests/data/inventory/bad/gtin-check-digit.yaml \
	tests/data/inventory/bad/huge-scalar.expect \
	tests/data/inventory/bad/huge-scalar.yaml \
	tests/data/inventory/bad/inline-factor-no-source.expect \
	tests/data/inventory/bad/inline-factor-no-source.yaml \
	tests/data/inventory/bad/input-no-source.expect \
	tests/data/inventory/bad/input-no-source.yaml \
	tests/data/inventory/bad/input-two-sources.expect \
	tests/data/inventory/bad/input-two-sources.yaml \
	tests/data/inventory/bad/invalid-utf8.expect \
	tests/data/inventory/bad/invalid-utf8.yaml \
	tests/data/inventory/bad/latin1.expect \
	tests/data/inventory/bad/latin1.yaml \
	tests/data/inventory/bad/utf8-bom.expect \
	tests/data/inventory/bad/utf8-bom.yaml \
	tests/data/inventory/bad/mapping-key-list.expect \
	tests/data/inventory/bad/mapping-key-list.yaml \
	tests/data/inventory/bad/missing-product.expect \
	tests/data/inventory/bad/missing-product.yaml \
	tests/data/inventory/bad/negative-amount.expect \
	tests/data/inventory/bad/negative-amount.yaml \
	tests/data/inventory/bad/negative-supply.expect \
	tests/data/inventory/bad/negative-supply.yaml \
	tests/data/inventory/bad/no-processes.expect \
	tests/data/inventory/bad/no-processes.yaml \
	tests/data/inventory/bad/null-name.expect \
	tests/data/inventory/bad/null-name.yaml \
	tests/data/inventory/bad/number-overflow.expect \
	tests/data/inventory/bad/number-overflow.yaml \
	tests/data/inventory/bad/offset-missing-unit.expect \
	tests/data/inventory/bad/offset-missing-unit.yaml \
	tests/data/inventory/bad/period-reversed.expect \
	tests/data/inventory/bad/period-reversed.yaml \
	tests/data/inventory/bad/process-missing-id.expect \
	tests/data/inventory/bad/process-missing-id.yaml \
	tests/data/inventory/bad/process-unit-mismatch.expect \
	tests/data/inventory/bad/process-unit-mismatch.yaml \
	tests/data/inventory/bad/quoted-number.expect \
	tests/data/inventory/bad/quoted-number.yaml \
	tests/data/inventory/bad/reference-process-unknown.expect \
	tests/data/inventory/bad/reference-process-unknown.yaml \
	tests/data/inventory/bad/removal-wrong-gas.expect \
	tests/data/inventory/bad/removal-wrong-gas.yaml \
	tests/data/inventory/bad/self-loop.expect \
	tests/data/inventory/bad/self-loop.yaml \
	tests/data/inventory/bad/share-as-percent.expect \
	tests/data/inventory/bad/share-as-percent.yaml \
	tests/data/inventory/bad/singular-loop.expect \
	tests/data/inventory/bad/singular-loop.yaml \
	tests/data/inventory/bad/string-as-number.expect \
	tests/data/inventory/bad/string-as-number.yaml \
	tests/data/inventory/bad/supplier-and-factor.expect \
	tests/data/inventory/bad/supplier-and-factor.yaml \
	tests/data/inventory/bad/supplier-empty-bundle.expect \
	tests/data/inventory/bad/supplier-empty-bundle.yaml \
	tests/data/inventory/bad/supplier-no-amount.expect \
	tests/data/inventory/bad/supplier-no-amount.yaml \
	tests/data/inventory/bad/supplier-no-bundle.expect \
	tests/data/inventory/bad/supplier-no-bundle.yaml \
	tests/data/inventory/bad/supplier-not-map.expect \
	tests/data/inventory/bad/supplier-not-map.yaml \
	tests/data/inventory/bad/supplier-unknown-key.expect \
	tests/data/inventory/bad/supplier-unknown-key.yaml \
	tests/data/inventory/bad/supplier-footprint.expect \
	tests/data/inventory/bad/supplier-footprint.yaml \
	tests/data/inventory/bad/tag.expect \
	tests/data/inventory/bad/tag.yaml \
	tests/data/inventory/bad/top-level-list.expect \
	tests/data/inventory/bad/top-level-list.yaml \
	tests/data/inventory/bad/two-documents.expect \
	tests/data/inventory/bad/two-documents.yaml \
	tests/data/inventory/bad/two-roots.expect \
	tests/data/inventory/bad/two-roots.yaml \
	tests/data/inventory/bad/unknown-factor.expect \
	tests/data/inventory/bad/unknown-factor.yaml \
	tests/data/inventory/bad/unknown-gas.expect \
	tests/data/inventory/bad/unknown-gas.yaml \
	tests/data/inventory/bad/unknown-process.expect \
	tests/data/inventory/bad/unknown-process.yaml \
	tests/data/inventory/bad/unknown-top-key.expect \
	tests/data/inventory/bad/unknown-top-key.yaml \
	tests/data/inventory/bad/unknown-unit.expect \
	tests/data/inventory/bad/unknown-unit.yaml \
	tests/data/inventory/bad/urn-namespace.expect \
	tests/data/inventory/bad/urn-namespace.yaml \
	tests/data/inventory/bad/value-not-currency.expect \
	tests/data/inventory/bad/value-not-currency.yaml \
	tests/data/inventory/bad/wrong-format-version.expect \
	tests/data/inventory/bad/wrong-format-version.yaml \
	tests/data/inventory/bad/yaml-syntax.expect \
	tests/data/inventory/bad/yaml-syntax.yaml \
	tests/data/inventory/bad/yaml-tab-indent.expect \
	tests/data/inventory/bad/yaml-tab-indent.yaml
