# tests/methods-trade.mk - tests of the pact and cbam methodology plugins: worked examples with hand-computed
# expected numbers, rule violations with their expected errors, PACT exports validated against the official
# schema (when ../shared/reference is present), determinism, and `pcf methods check`.
dist_check_SCRIPTS += tests/cli/methods-trade-pact.sh tests/cli/methods-trade-cbam.sh tests/cli/methods-trade-check.sh \
	tests/cli/methods-trade-pact-check.py tests/cli/methods-trade-expect.py \
	tests/cli/methods-trade-lib.sh
TESTS += tests/cli/methods-trade-pact.sh tests/cli/methods-trade-cbam.sh tests/cli/methods-trade-check.sh

EXTRA_DIST += \
	tests/data/methods/pact \
	tests/data/methods/cbam

# The host services of plugin ABI 1.1 (core/lib/plugin/host_text.c) through a test plugin, and a plugin
# built for ABI 1.0 loading under this host (tests/plugins/host/hosttext.c, two variants; built outside tests/data, which is distributed as a whole folder, builds included).
check_LTLIBRARIES += tests/plugins/host/hosttext.la tests/plugins/host/abi10.la
tests_plugins_host_hosttext_la_SOURCES = tests/plugins/host/hosttext.c
tests_plugins_host_hosttext_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_host_abi10_la_SOURCES = tests/plugins/host/hosttext.c
tests_plugins_host_abi10_la_CPPFLAGS = $(AM_CPPFLAGS) -DOLD_ABI
tests_plugins_host_abi10_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
dist_check_SCRIPTS += tests/cli/methods-host.sh
TESTS += tests/cli/methods-host.sh
EXTRA_DIST += tests/data/methods/host/cases.txt

# CBAM goods by Annex I's exact CN lines (data/cbam/annex1-cn.tsv).
dist_check_SCRIPTS += tests/cli/methods-cbam-cn.sh
TESTS += tests/cli/methods-cbam-cn.sh
EXTRA_DIST += tests/data/methods/cbam-cn

# The zero-carbon-park plugin.
dist_check_SCRIPTS += tests/cli/methods-park.sh
TESTS += tests/cli/methods-park.sh
EXTRA_DIST += tests/data/methods/zero-carbon-park examples/zero-carbon-park.yaml

# The eu-battery plugin.
dist_check_SCRIPTS += tests/cli/methods-battery.sh
TESTS += tests/cli/methods-battery.sh
EXTRA_DIST += tests/data/methods/eu-battery

# gbt24067: electricity by explicit key, the green-electricity residual-factor rule.
dist_check_SCRIPTS += tests/cli/methods-gbt-electricity.sh
TESTS += tests/cli/methods-gbt-electricity.sh
EXTRA_DIST += tests/data/methods/gbt-electricity
