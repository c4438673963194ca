#!/bin/sh
# verify-isolation.sh - a methodology plugin cannot break 'pcf verify' (issue 13): a plugin that
# crashes or hangs on one bundle's inventory fails that bundle (recompute-aborted, exit 4) with a
# reason, and every other bundle of the batch gets its verdict, with -j 1 and -j 2; --timeout bounds
# a recomputation; a plugin that prints leaves the output (text and --json) untouched.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"
INV=$BDATA/steel.yaml
TPLUG=$top_builddir/tests/plugins/.libs
V="--trust $PKI/root.pem --crl $PKI/crl/trusted.crl.pem --at 2027-01-01T00:00:00Z --plugin-dir $TPLUG"
ISSUE="$(sign issuer) --issued-at 2026-11-29T16:00:00Z --plugin-dir $TPLUG"
RESIGN="/usr/bin/python3 $top_srcdir/tests/cli/verify-resign.py $PKI"
jqt() { jq -e "$@" >/dev/null; }
# --timeout for the hanging cases: 2 s, more under valgrind, where a good recomputation (its worker's
# first, loading the plugin) may itself take seconds.
TO=2; [ -n "${PCF_TEST_VALGRIND:-}" ] && TO=8

# Bundles of the crash-on and hang-on plugins (testgood, which crashes or hangs on a product id with
# "crash" or "hang"): good ones, and ones whose inventory was changed to such an id and re-signed.
expect 0 "issue with crash-on" "$PCF" issue --method crash-on "$INV" $ISSUE -o "$T/c-good.pcfb"
expect 0 "issue with hang-on" "$PCF" issue --method hang-on "$INV" $ISSUE -o "$T/h-good.pcfb"
check "a bundle whose inventory crashes the plugin" $RESIGN "$T/c-good.pcfb" "$T/c-bad.pcfb" inventory.yaml \
	"urn:gtin:04012345678901" "urn:crash:04012345678901"
check "a bundle whose inventory hangs the plugin" $RESIGN "$T/h-good.pcfb" "$T/h-bad.pcfb" inventory.yaml \
	"urn:gtin:04012345678901" "urn:hang:04012345678901"

expect 4 "a crashing plugin fails its bundle only (exit 4, not 139)" "$PCF" verify $V "$T/c-good.pcfb" "$T/c-bad.pcfb" "$T/c-good.pcfb"
check "three verdicts" test "$(wc -l <"$T/out")" -eq 3
expect_out '^.*/c-bad.pcfb: recompute-mismatch: recompute-aborted: methodology plugin crash-on 0.1.0 \(.*crash-on.so\) crashed \(signal 11, Segmentation fault\) recomputing the bundled inventory$' \
	"the verdict names the plugin and the signal"
check "the good bundles before and after are valid and recomputed" sh -c \
	"[ \$(grep -c 'c-good.pcfb: valid (.*result recomputed and identical)' '$T/out') -eq 2 ]"

for j in 1 2; do
	expect 4 "-j $j: crash and hang in a batch of six, --timeout $TO" "$PCF" verify -j $j --timeout $TO --json $V \
		"$T/h-good.pcfb" "$T/h-bad.pcfb" "$T/c-bad.pcfb" "$T/c-good.pcfb" "$T/h-bad.pcfb" "$T/h-good.pcfb"
	check "-j $j: every bundle has its verdict, in order" jqt \
		'[.[].verdict] == ["valid", "recompute-mismatch", "recompute-mismatch", "valid", "recompute-mismatch", "valid"]' "$T/out"
	check "-j $j: the failures are recompute-aborted, saying crashed or stopped after $TO s" jqt --arg to "$TO" \
		'[.[] | select(.verdict != "valid") | .reason] == ["recompute-aborted", "recompute-aborted", "recompute-aborted"]
		 and (.[1].message | test("hang-on .* did not finish within " + $to + " s")) and (.[2].message | test("crashed \\(signal 11"))
		 and (.[4].recompute == "recompute-aborted") and all(.[] | select(.verdict == "valid"); .recompute == "identical")' "$T/out"
done
expect 0 "--no-recompute: the plugin is never run" "$PCF" verify --no-recompute $V "$T/c-bad.pcfb" "$T/h-bad.pcfb"
expect 2 "--timeout refuses a non-number" "$PCF" verify --timeout soon $V "$T/c-good.pcfb"
expect_err "--timeout must be a whole number of seconds from 0 to 86400, not 'soon'" "the usage error says what it expects"
expect 2 "--timeout refuses a negative number" "$PCF" verify --timeout -1 $V "$T/c-good.pcfb"

# A plugin that prints while it computes: the verdicts stay alone on stdout, stderr stays empty.
expect 0 "issue with chatty" "$PCF" issue --method chatty "$INV" $ISSUE -o "$T/chatty.pcfb"
check "issue's output has none of the plugin's words" sh -c "! grep -q chatty: '$T/out' '$T/err'"
expect 0 "verify --json with a printing plugin" "$PCF" verify --json $V "$T/chatty.pcfb" "$T/chatty.pcfb"
check "stdout is exactly the JSON array" jqt 'length == 2 and all(.[]; .recompute == "identical")' "$T/out"
check "nothing of the plugin on stdout or stderr" sh -c "! grep -q chatty: '$T/out' '$T/err'"
expect 0 "verify -j 2 (text) with a printing plugin" "$PCF" verify -j 2 $V "$T/chatty.pcfb" "$T/chatty.pcfb"
check "two verdict lines and nothing else" sh -c "[ \$(wc -l <'$T/out') -eq 2 ] && [ ! -s '$T/err' ]"
done_testing
