# tests/supplier.mk - supplier certificates as inputs (issue 14): issue-time verification of supplier
# bundles, the composed footprint, refusals (docs/inventory-format.md "Supplier certificates").
dist_check_SCRIPTS += tests/cli/supplier-issue.sh
TESTS += tests/cli/supplier-issue.sh
EXTRA_DIST += tests/data/supplier/ore.yaml tests/data/supplier/coil.yaml tests/data/supplier/composed.txt
