# tests/verify.mk - tests of the verify area: unit suites of the reader, trust store and verifier,
# and the CLI tests of verify, inspect and extract, the tamper suite and the robustness test.
check_PROGRAMS += tests/unit/test_verify
tests_unit_test_verify_SOURCES = tests/unit/test_verify.c tests/unit/tap.h
tests_unit_test_verify_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_verify_LDADD = $(TEST_UNIT_LDADD) $(CRYPTO_LIBS) $(ARCHIVE_LIBS) $(JANSSON_LIBS) $(PTHREAD_LIBS)
TESTS += tests/unit/test_verify

dist_check_SCRIPTS += tests/cli/verify-bundles.py tests/cli/verify-tamper.sh tests/cli/verify.sh \
	tests/cli/verify-robust.sh tests/cli/verify-inspect.sh tests/cli/verify-resign.py tests/cli/verify-recompute.sh
TESTS += tests/cli/verify-tamper.sh tests/cli/verify.sh tests/cli/verify-robust.sh tests/cli/verify-inspect.sh \
	tests/cli/verify-recompute.sh

# libFuzzer target (tests/fuzz/run 60 tests/fuzz/fuzz_bundle; not part of make check). Seeds: the
# bundles in tests/data/verify. Registered here directly because FUZZ_TARGETS is reset in
# tests/fuzz/local.mk, which is included after this fragment.
EXTRA_PROGRAMS += tests/fuzz/fuzz_bundle
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_bundle
endif
tests_fuzz_fuzz_bundle_SOURCES = tests/fuzz/fuzz_bundle.c
tests_fuzz_fuzz_bundle_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_bundle_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_bundle_LDADD = $(FUZZ_LDADD)
EXTRA_DIST += tests/fuzz/seeds-fuzz_bundle.txt
