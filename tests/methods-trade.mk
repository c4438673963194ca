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
