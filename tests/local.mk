# tests/local.mk - make check: Check unit suites (TAP) and CLI shell tests (TAP), both under
# automake's tap-driver.sh. Fixtures are read through $(srcdir) so that distcheck works.
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
SH_LOG_DRIVER = $(LOG_DRIVER)
TEST_EXTENSIONS = .sh
AM_TESTS_ENVIRONMENT = \
	top_srcdir='$(abs_top_srcdir)'; export top_srcdir; \
	top_builddir='$(abs_top_builddir)'; export top_builddir; \
	PCF='$(abs_top_builddir)/core/cli/pcf'; \
	if test -n "$$PCF_TEST_VALGRIND"; then PCF='$(abs_top_srcdir)/tests/valgrind-pcf'; fi; export PCF; \
	PCF_PLUGIN_PATH='$(abs_top_builddir)/plugins/.libs'; export PCF_PLUGIN_PATH; \
	PCF_DATA_DIR='$(abs_top_srcdir)/data'; export PCF_DATA_DIR; \
	OPENSSL='$(OPENSSL)'; export OPENSSL; \
	PCF_TEST_PKI='$(abs_top_builddir)/certs/demo'; export PCF_TEST_PKI;

# No test may hang CI: each test program or script is killed after TEST_TIMEOUT seconds (under valgrind and
# the sanitizers too), which the harness reports as a failure of that test.
TEST_TIMEOUT = 1200
LOG_COMPILER = timeout --kill-after=10 $(TEST_TIMEOUT)
SH_LOG_COMPILER = $(LOG_COMPILER)

TEST_UNIT_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(CRYPTO_CFLAGS) $(JANSSON_CFLAGS) $(YAML_CFLAGS) $(ARCHIVE_CFLAGS) \
	-DTEST_SRCDIR='"$(abs_top_srcdir)"' -DTEST_BUILDDIR='"$(abs_top_builddir)"'
TEST_UNIT_LDADD = core/lib/libpcf_core.la $(CHECK_LIBS)

check_PROGRAMS += tests/unit/test_base
tests_unit_test_base_SOURCES = tests/unit/test_base.c tests/unit/tap.h
tests_unit_test_base_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_base_LDADD = $(TEST_UNIT_LDADD)
TESTS += tests/unit/test_base

# Fixtures and examples travel as whole folders: no list to keep in step.
EXTRA_DIST += tests/data examples

EXTRA_DIST += tests/lsan.supp tests/valgrind.supp
dist_check_SCRIPTS = tests/cli/lib.sh tests/cli/basics.sh tests/cli/slice.sh tests/cli/exports.sh tests/valgrind-pcf \
	tests/cli/golden.sh
TESTS += tests/cli/basics.sh tests/cli/slice.sh tests/cli/exports.sh tests/cli/golden.sh
# Under valgrind, the golden outputs add nothing that the other CLI tests do not already run.
CLI_TESTS_NOT_UNDER_VALGRIND = tests/cli/golden.sh
# methods-cbam-cn.sh computes every Annex I line (over 6 minutes under valgrind); the CBAM code it runs
# is covered under valgrind by methods-trade-cbam.sh.
CLI_TESTS_NOT_UNDER_VALGRIND += tests/cli/methods-cbam-cn.sh

# Each area adds its own suites, scripts and fixtures in its own fragment.
include tests/inventory.mk
include tests/plugin.mk
include tests/bundle.mk
include tests/verify.mk
include tests/methods-iso.mk
include tests/methods-trade.mk
include tests/pkcs11.mk
include tests/robust.mk
include tests/isolation.mk
include tests/certificate.mk
include tests/registry.mk
include tests/serve.mk

# The CLI test scripts, for the valgrind run of ./quickstart check (make check TESTS="..."), the longest
# under valgrind first (measured, docs/hacking.md "What CI runs"): make -j starts tests in this order,
# so the long ones do not start last and leave one core idle while they finish.
CLI_TESTS_VALGRIND_FIRST = tests/cli/verify-tamper.sh tests/cli/registry.sh tests/cli/verify-agree.sh \
	tests/cli/robust-limits.sh tests/cli/verify-robust.sh tests/cli/inventory.sh tests/cli/methods-iso-compute.sh \
	tests/cli/methods-trade-pact.sh tests/cli/status.sh tests/cli/verify.sh
print-cli-tests:
	@echo $(filter $(CLI_TESTS_VALGRIND_FIRST),$(filter %.sh,$(TESTS))) \
		$(filter-out $(CLI_TESTS_NOT_UNDER_VALGRIND) $(CLI_TESTS_VALGRIND_FIRST),$(filter %.sh,$(TESTS)))
.PHONY: print-cli-tests
include tests/layout.mk
include tests/lca.mk
include tests/supplier.mk
