# tests/supplier.mk - supplier certificates as inputs (issue 14): issue-time verification of supplier
# bundles, the composed footprint, refusals (docs/inventory-format.md "Supplier certificates"); verify of
# supplier trees (docs/trust-model.md "Supplier trees"), the three-tier example (examples/supply-chain).
# The data (tests/data/supplier) and the example ship with tests/data and examples (tests/local.mk).
dist_check_SCRIPTS += tests/cli/supplier-issue.sh tests/cli/supplier-verify.sh tests/cli/supplier-info.sh tests/cli/supplier-pact.sh
TESTS += tests/cli/supplier-issue.sh tests/cli/supplier-verify.sh tests/cli/supplier-info.sh tests/cli/supplier-pact.sh
# what a plugin sees of a supplier (ABI 1.2): a test plugin, built outside tests/data
check_LTLIBRARIES += tests/plugins/host/supplierinfo.la
tests_plugins_host_supplierinfo_la_SOURCES = tests/plugins/host/supplierinfo.c
tests_plugins_host_supplierinfo_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
