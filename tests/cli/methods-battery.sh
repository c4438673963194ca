#!/bin/sh
# methods-battery.sh - the eu-battery plugin: worked examples against hand-computed numbers (arithmetic in each
# .expected), determinism, its refusals, and `pcf methods check` on it with its battery inventory.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/methods-trade-lib.sh"

D="$DATA/methods/eu-battery"
mt_plugin=eu-battery
for exp in "$D"/*.expected; do
	name=$(basename "$exp" .expected)
	mt_example "$exp" || continue
	check "$name: hand-computed numbers" \
		/usr/bin/python3 "$top_srcdir/tests/cli/methods-trade-expect.py" "$exp" "$T/$name.result.json"
done
mt_directives "$D/battery.expected"
mt_run
check "the functional unit is stated" grep -q 'functional unit: 75 kWh x 250 cycles a year x 8 years = 150000 kWh' "$T/out"
check "the result says it follows draft rules and assigns no performance class" \
	grep -q 'computed with the rules of a draft (JRC CFB-EV final draft 2023; draft delegated act annex of 30 April 2024); the carbon footprint performance class is left to the delegated act' "$T/out"
check "the use stage is excluded, with a warning" grep -q "process 'use' is in the use stage, which the battery carbon footprint excludes" "$T/out"
mt_directives "$D/battery-per-piece.expected"
mt_run
check "without the functional unit the result says it is not the declared footprint" grep -q 'NOT the declared carbon footprint' "$T/out"
for inv in "$D"/bad/*.yaml; do
	mt_bad "$inv"
done
so="$top_builddir/plugins/.libs/eu-battery.so"
mt_directives "$D/battery.expected"
set --
for w in $mt_params; do set -- "$@" --param "$w"; done
expect 0 "pcf methods check eu-battery.so with the battery inventory" "$PCF" methods check "$so" "$mt_inventory" "$@" -v
expect_out '^all cases passed$' "eu-battery: all cases passed"
expect_out '^ok +example battery\.yaml: computed twice, [0-9]+ identical bytes$' "eu-battery: deterministic"
done_testing
