# tests/lca.mk - tests of the lca area: import of openLCA JSON-LD, background footprints, and the
# independent reference reader they are checked against.
dist_check_SCRIPTS += tests/cli/lca.sh tests/cli/lca-mc.sh tests/cli/out-opts.sh
TESTS += tests/cli/lca.sh tests/cli/lca-mc.sh tests/cli/out-opts.sh
EXTRA_DIST += tests/lca/olca_ref.py
# USLCI is read from the shared reference folder (tests skip when absent); PCF_USLCI points elsewhere.
