#!/bin/sh
# methods-trade-cbam.sh - the cbam plugin: worked examples against hand-computed numbers, determinism, and
# every rule violation's error.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/methods-trade-lib.sh"

D="$DATA/methods/cbam"
mt_plugin=cbam

for exp in "$D"/*.expected; do
	name=$(basename "$exp" .expected)
	mt_example "$exp" || continue
	check "$name: hand-computed numbers" \
		/usr/bin/python3 "$top_srcdir/tests/cli/methods-trade-expect.py" "$exp" "$T/$name.result.json"
done

for inv in "$D"/bad/*.yaml; do
	mt_bad "$inv"
done

done_testing
