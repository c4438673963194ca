#!/bin/sh
# robust-replay.sh - every fuzz target's seed corpus (tests/fuzz/seeds-TARGET.txt) and every input
# that once made it fail (tests/data/fuzz/TARGET/) replayed through the target's code, without
# libFuzzer: in the ASan+UBSan build this is where a regression shows.
. "$top_srcdir/tests/cli/lib.sh"

# With the demo PKI, fuzz_bundle also runs the whole verifier (signature, chain, CRLs).
if [ -f "$PCF_TEST_PKI/root.pem" ] && [ -f "$PCF_TEST_PKI/crl/trusted.crl.pem" ]; then
	PCF_FUZZ_PKI=$PCF_TEST_PKI; export PCF_FUZZ_PKI
fi

for t in inventory bundle manifest result; do
	files=$(
		cd "$top_srcdir" || exit 1
		while read -r pattern; do
			[ -n "$pattern" ] || continue
			for f in $pattern; do [ -f "$f" ] && echo "$top_srcdir/$f"; done
		done <tests/fuzz/seeds-fuzz_$t.txt
		for f in tests/data/fuzz/fuzz_$t/*; do [ -f "$f" ] && echo "$top_srcdir/$f"; done
	)
	n=$(echo "$files" | grep -c .)
	check "fuzz_$t has seeds to replay ($n)" test "$n" -gt 0
	# shellcheck disable=SC2086
	run "$top_builddir/tests/fuzz/replay-$t" $files
	if [ "$rc" -eq 0 ] && grep -q "^replayed $n inputs" "$T/out"; then
		ok "fuzz_$t: $n inputs replayed without a finding"
	else
		not_ok "fuzz_$t: $n inputs replayed without a finding (exit $rc)"; diag "$(tail -20 "$T/err")"
	fi
done
done_testing
