# tests/registry.mk - tests of the registry and status modules (appended to TESTS): pcf issue
# --registry with crashes, full disks and concurrent issuers, pcf registry, pcf status and
# pcf verify --status. They use the demo PKI that make check builds (certs/demo).
dist_check_SCRIPTS += tests/cli/registry.sh tests/cli/registry-check.py tests/cli/status.sh
TESTS += tests/cli/registry.sh tests/cli/status.sh
