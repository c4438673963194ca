# tests/bundle.mk - tests of the bundle area (appended to TESTS): the writer's unit suite and the
# 'pcf issue' CLI tests, including the verification of an issued bundle with stock openssl, tar,
# sha256sum and jq only, by the script docs/bundle-format.md gives. All use the demo PKI that
# make check builds (certs/demo).
check_PROGRAMS += tests/unit/test_bundle
tests_unit_test_bundle_SOURCES = tests/unit/test_bundle.c tests/unit/tap.h
tests_unit_test_bundle_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_bundle_LDADD = $(TEST_UNIT_LDADD) $(ARCHIVE_LIBS) $(JANSSON_LIBS) $(CRYPTO_LIBS)
TESTS += tests/unit/test_bundle

dist_check_SCRIPTS += tests/cli/issue.inc tests/cli/issue.sh tests/cli/issue-atomic.sh \
	tests/cli/issue-batch.sh tests/cli/issue-openssl.sh
TESTS += tests/cli/issue.sh tests/cli/issue-atomic.sh tests/cli/issue-batch.sh tests/cli/issue-openssl.sh
EXTRA_DIST += tests/data/bundle/steel.yaml tests/data/bundle/bad.yaml

# The JSON writer's fast number formatting and string escaping against the code they replaced.
check_PROGRAMS += tests/unit/test_jsonw_fast
tests_unit_test_jsonw_fast_SOURCES = tests/unit/test_jsonw_fast.c tests/unit/jsonw_ref.h tests/unit/tap.h
tests_unit_test_jsonw_fast_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_jsonw_fast_LDADD = $(TEST_UNIT_LDADD)
TESTS += tests/unit/test_jsonw_fast
