#!/bin/sh
# methods-park.sh - the zero-carbon-park plugin: worked examples against hand-computed numbers (arithmetic in
# each .expected), determinism, its refusals, and `pcf methods check` on it with its park inventory.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/methods-trade-lib.sh"

D="$DATA/methods/zero-carbon-park"
mt_plugin=zero-carbon-park
for exp in "$D"/*.expected; do
	name=$(basename "$exp" .expected)
	mt_example "$exp" || continue
	check "$name: hand-computed numbers" \
		/usr/bin/python3 "$top_srcdir/tests/cli/methods-trade-expect.py" "$exp" "$T/$name.result.json"
done
# below 200 000 tce there is no threshold, and the result says so
mt_directives "$D/park-small.expected"
mt_run
check "a small park has no threshold figure" sh -c "! grep -q '\"threshold\"' '$T/out'"
check "and says the notice sets none" grep -q 'below 200 000 tce a year the notice sets no threshold' "$T/out"
mt_directives "$D/park.expected"
mt_run
check "the park's consumption and CO2 are stated" grep -q 'annual energy consumption 220872 tce (GB/T 2589-2020), CO2 34543 t' "$T/out"
check "the threshold is met" grep -q 'met: the indicator 0.156394 t CO2/tce is within the threshold 0.2' "$T/out"

for inv in "$D"/bad/*.yaml; do
	mt_bad "$inv"
done

so="$top_builddir/plugins/.libs/zero-carbon-park.so"
mt_directives "$D/park.expected"
set --
for w in $mt_params; do set -- "$@" --param "$w"; done
expect 0 "pcf methods check zero-carbon-park.so with the park inventory" "$PCF" methods check "$so" "$mt_inventory" "$@" -v
expect_out '^all cases passed$' "zero-carbon-park: all cases passed"
expect_out '^ok +example zero-carbon-park\.yaml: computed twice, [0-9]+ identical bytes$' "zero-carbon-park: deterministic"
done_testing
