# tests/serve.mk - tests of pcf serve, the PACT 3.0 host (appended to TESTS): the conformance tool's
# synchronous v3 cases ported with their numbers, and bad input, limits at their boundaries, tokens,
# signals. They start the server on 127.0.0.1 with a free port and talk to it with curl.
dist_check_SCRIPTS += tests/cli/serve.inc tests/cli/serve-check.py tests/cli/serve-conformance.sh tests/cli/serve-robust.sh tests/cli/pact-pull.sh tests/cli/pact-fake-host.py
TESTS += tests/cli/serve-conformance.sh tests/cli/serve-robust.sh tests/cli/pact-pull.sh

check_PROGRAMS += tests/unit/test_serve
tests_unit_test_serve_SOURCES = tests/unit/test_serve.c tests/unit/tap.h
tests_unit_test_serve_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_serve_LDADD = $(TEST_UNIT_LDADD) $(MHD_LIBS) $(SQLITE_LIBS) $(JANSSON_LIBS) $(CRYPTO_LIBS) $(ARCHIVE_LIBS)
TESTS += tests/unit/test_serve
