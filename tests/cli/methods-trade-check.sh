#!/bin/sh
# methods-trade-check.sh - `pcf methods check` passes the pact and cbam plugins: on the installed corpus
# (shared examples and hostile inventories), and on each plugin's own worked examples with their parameters
# (computed twice in separate processes, byte-identical; exports twice, byte-identical).
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/methods-trade-lib.sh"

so="$top_builddir/plugins/.libs"
for p in pact cbam; do
	expect 0 "pcf methods check $p.so on the installed corpus" "$PCF" methods check "$so/$p.so"
	expect_out '^all cases passed$' "$p: all cases passed"
done

# pact: its worked examples share one set of parameters
D="$DATA/methods/pact"
expect 0 "pcf methods check pact.so on its worked examples" "$PCF" methods check "$so/pact.so" \
	"$D/coproduct.yaml" "$D/loop.yaml" "$D/biogenic.yaml" --no-hostile \
	--param cpc=34170 --param packaging=excluded --param fossil-carbon-content=0 -v
expect_out '^ok +example coproduct\.yaml: computed twice, [0-9]+ identical bytes$' "pact: coproduct.yaml is deterministic"
expect_out '^ok +example loop\.yaml: computed twice' "pact: loop.yaml is deterministic"
expect_out '^ok +example biogenic\.yaml: computed twice' "pact: biogenic.yaml is deterministic"
expect_out '^ok +export pact-v2: pact-v2 of coproduct\.yaml, twice' "pact: the pact-v2 export is deterministic"
expect_out '^ok +export pact-v3: pact-v3 of coproduct\.yaml, twice' "pact: the pact-v3 export is deterministic"

# cbam: each worked example with its own parameters
for exp in "$DATA"/methods/cbam/*.expected; do
	mt_directives "$exp"
	set --
	for w in $mt_params; do set -- "$@" --param "$w"; done
	n=$(basename "$mt_inventory")
	expect 0 "pcf methods check cbam.so on $(basename "$exp" .expected)" "$PCF" methods check "$so/cbam.so" "$mt_inventory" --no-hostile "$@" -v
	expect_out "^ok +example $n: computed twice, [0-9]+ identical bytes\$" "cbam: $n is deterministic"
done
done_testing
