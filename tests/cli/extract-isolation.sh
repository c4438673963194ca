#!/bin/sh
# extract-isolation.sh - a methodology plugin cannot break 'pcf extract' (issue 13): extract recomputes
# in a worker process, as verify does, so a plugin that crashes or hangs on the bundle's inventory fails
# the bundle (recompute-aborted, exit 4, nothing extracted) instead of killing or blocking extract;
# --timeout bounds the recomputation and is checked like verify's.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"
INV=$BDATA/steel.yaml
TPLUG=$top_builddir/tests/plugins/.libs
V="--trust $PKI/root.pem --crl $PKI/crl/trusted.crl.pem --at 2027-01-01T00:00:00Z --plugin-dir $TPLUG"
ISSUE="$(sign issuer) --issued-at 2026-11-29T16:00:00Z --plugin-dir $TPLUG"
RESIGN="/usr/bin/python3 $top_srcdir/tests/cli/verify-resign.py $PKI"
# --timeout for the hanging case: 2 s, more under valgrind (the worker's first recomputation loads the plugin).
TO=2; [ -n "${PCF_TEST_VALGRIND:-}" ] && TO=8

expect 0 "issue with crash-on" "$PCF" issue --method crash-on "$INV" $ISSUE -o "$T/c-good.pcfb"
expect 0 "issue with hang-on" "$PCF" issue --method hang-on "$INV" $ISSUE -o "$T/h-good.pcfb"
check "a bundle whose inventory crashes the plugin" $RESIGN "$T/c-good.pcfb" "$T/c-bad.pcfb" inventory.yaml \
	"urn:gtin:04012345678901" "urn:crash:04012345678901"
check "a bundle whose inventory hangs the plugin" $RESIGN "$T/h-good.pcfb" "$T/h-bad.pcfb" inventory.yaml \
	"urn:gtin:04012345678901" "urn:hang:04012345678901"

expect 4 "a crashing plugin fails the bundle (exit 4, not 139)" "$PCF" extract $V "$T/c-bad.pcfb" "$T/c-out"
expect_err 'recompute-aborted: methodology plugin crash-on 0\.1\.0 \(.*crash-on\.so\) crashed \(signal 11, Segmentation fault\)' \
	"the message names the plugin and the signal"
check "nothing is extracted from the crashing bundle" sh -c "[ ! -e '$T/c-out' ] || [ -z \"\$(ls -A '$T/c-out')\" ]"
expect 4 "a hanging plugin is stopped after --timeout $TO (exit 4)" "$PCF" extract --timeout $TO $V "$T/h-bad.pcfb" "$T/h-out"
expect_err "recompute-aborted: .*hang-on .* did not finish within $TO s" "the message says the plugin did not finish in time"
check "nothing is extracted from the hanging bundle" sh -c "[ ! -e '$T/h-out' ] || [ -z \"\$(ls -A '$T/h-out')\" ]"
expect 0 "the good bundle of the same plugin is extracted" "$PCF" extract $V "$T/c-good.pcfb" "$T/good-out"
check "its result is extracted" test -s "$T/good-out/result.json"
expect 0 "--no-recompute: the plugin is never run" "$PCF" extract --no-recompute $V "$T/c-bad.pcfb" "$T/norec-out"
expect 2 "--timeout refuses a non-number" "$PCF" extract --timeout soon $V "$T/c-good.pcfb" "$T/x"
expect_err "--timeout must be a whole number of seconds from 0 to 86400, not 'soon'" "the usage error says what it expects"
expect 2 "--timeout refuses 86401" "$PCF" extract --timeout 86401 $V "$T/c-good.pcfb" "$T/x"
expect 0 "--timeout 86400 is accepted" "$PCF" extract --timeout 86400 $V "$T/c-good.pcfb" "$T/max-out"
expect 0 "extract --help" "$PCF" extract --help
expect_out '--timeout SECONDS' "--help shows --timeout"
check "the man page's extract synopsis has --timeout" sh -c \
	"sed -n '/^\\.B pcf extract\$/,/^\\.B pcf certificate\$/p' '$top_srcdir/docs/pcf.1' | grep -q 'timeout'"
done_testing
