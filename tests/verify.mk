# tests/verify.mk - tests of the verify area: unit suites of the reader, trust store and verifier,
# and the CLI tests of verify, inspect and extract, the tamper suite and the robustness test.
check_PROGRAMS += tests/unit/test_verify
tests_unit_test_verify_SOURCES = tests/unit/test_verify.c tests/unit/tap.h
tests_unit_test_verify_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_verify_LDADD = $(TEST_UNIT_LDADD) $(CRYPTO_LIBS) $(ARCHIVE_LIBS) $(JANSSON_LIBS) $(PTHREAD_LIBS)
TESTS += tests/unit/test_verify

dist_check_SCRIPTS += tests/cli/verify-bundles.py tests/cli/verify_cms.py tests/cli/verify-tamper.sh tests/cli/verify.sh \
	tests/cli/verify-robust.sh tests/cli/verify-inspect.sh tests/cli/verify-resign.py tests/cli/verify-old-format.py \
	tests/cli/verify-recompute.sh tests/cli/travel.sh tests/cli/stdin.sh tests/cli/json-output.sh \
	tests/cli/verify-unknown-digest.sh tests/cli/verify-agree.sh tests/cli/cli-script.sh
TESTS += tests/cli/verify-tamper.sh tests/cli/verify.sh tests/cli/verify-robust.sh tests/cli/verify-inspect.sh \
	tests/cli/verify-recompute.sh tests/cli/verify-unknown-digest.sh tests/cli/verify-agree.sh tests/cli/cli-script.sh \
	tests/cli/travel.sh tests/cli/stdin.sh tests/cli/json-output.sh



# pcf extract's cleanup never follows a link (a folder swapped while it runs)
check_PROGRAMS += tests/unit/test_extract
tests_unit_test_extract_SOURCES = tests/unit/test_extract.c tests/unit/fixture.c tests/unit/fixture.h tests/unit/tap.h
tests_unit_test_extract_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_extract_LDADD = $(TEST_UNIT_LDADD) $(CRYPTO_LIBS) $(ARCHIVE_LIBS) $(JANSSON_LIBS) $(PTHREAD_LIBS)
TESTS += tests/unit/test_extract
