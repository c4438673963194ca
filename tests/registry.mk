# tests/registry.mk - tests of the registry and status modules (appended to TESTS): pcf issue
# --registry with crashes, full disks and concurrent issuers, pcf registry, pcf status and
# pcf verify --status. They use the demo PKI that make check builds (certs/demo).
dist_check_SCRIPTS += tests/cli/registry.sh tests/cli/registry-check.py tests/cli/status.sh tests/cli/status-show.sh \
	tests/cli/status-limits.sh
TESTS += tests/cli/registry.sh tests/cli/status.sh tests/cli/status-show.sh \
	tests/cli/status-limits.sh

check_PROGRAMS += tests/unit/test_status
tests_unit_test_status_SOURCES = tests/unit/test_status.c tests/unit/tap.h
tests_unit_test_status_CFLAGS = $(TEST_UNIT_CFLAGS) $(ZLIB_CFLAGS)
tests_unit_test_status_LDADD = $(TEST_UNIT_LDADD) $(ZLIB_LIBS) $(SQLITE_LIBS) $(JANSSON_LIBS) $(CRYPTO_LIBS) $(ARCHIVE_LIBS)
TESTS += tests/unit/test_status
