#!/bin/sh
# robust-issue-timeout.sh - 'pcf issue --timeout': a methodology plugin that hangs on one inventory
# (tests/plugins/hang-on.c loops forever on a product id containing "hang") is stopped after the
# limit; that inventory fails with a message naming the plugin, nothing is written for it, and the
# rest of the batch is issued by a fresh compute worker. The batch case costs --timeout seconds of
# wall time (10: a good inventory must compute within it even under valgrind).
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"
INV=$BDATA/steel.yaml
TPLUG=$top_builddir/tests/plugins/.libs
HANG="--method hang-on --plugin-dir $TPLUG"

sed 's/id: urn:gtin:04012345678901/id: "urn:example:hang-me"/' "$INV" >"$T/hang.yaml"
check "the hanging inventory differs from the others" sh -c "! cmp -s '$INV' '$T/hang.yaml'"

# alone: stopped after a second, a clear error, the exit status of a plugin failure, nothing written
mkdir "$T/one"
expect 1 "a plugin hanging on the only inventory is stopped (--timeout 1, exit 1)" \
	"$PCF" issue $HANG "$T/hang.yaml" $(sign issuer) --timeout 1 -o "$T/one/out.pcfb"
expect_err "hang.yaml: methodology plugin hang-on \(.*hang-on.so\) did not finish computing this inventory within 1 s \(--timeout\); stopped it, nothing issued for it" \
	"the error names the inventory, the plugin and the limit"
check "nothing at the output path, no temporary file" sh -c "[ -z \"\$(ls -A '$T/one')\" ]"

# first in a batch: the worker is killed, a new one computes the others, which are issued and valid
mkdir "$T/batch" "$T/bout"
cp "$T/hang.yaml" "$T/batch/a.yaml"; cp "$INV" "$T/batch/b.yaml"; cp "$INV" "$T/batch/c.yaml"
expect 1 "a hang on the first of three inventories exits 1" \
	"$PCF" issue $HANG "$T"/batch/*.yaml $(sign issuer) --timeout 10 -o "$T/bout" --json
expect_err "a.yaml: methodology plugin hang-on .* did not finish computing this inventory within 10 s" \
	"the error names the inventory that hung the plugin"
expect_err "1 of 3 inventories failed; the others were issued" "and says the others were issued"
check "the JSON report marks it failed and the two others issued" \
	jq -e '.issued == 2 and .failed == 1 and .bundles[0].status == "failed" and (.bundles[0].error | test("did not finish"))' "$T/out"
check "two bundles, none for the hanging inventory, both valid" sh -c "
	[ \$(ls '$T/bout' | grep -c '\.pcfb\$') -eq 2 ] && [ ! -e '$T/bout/a.pcfb' ] &&
	'$PCF' verify -q --trust '$PKI/root.pem' --crl '$PKI/crl/trusted.crl.pem' --plugin-dir '$TPLUG' '$T/bout/b.pcfb' '$T/bout/c.pcfb'"

# --timeout 0 is no limit; anything but 0 to 86400 is a usage error
expect 0 "--timeout 0 (no limit) issues a good inventory" \
	"$PCF" issue $HANG "$INV" $(sign issuer) --timeout 0 -o "$T/one/good.pcfb"
expect 2 "--timeout 86401 is refused" "$PCF" issue $HANG "$INV" $(sign issuer) --timeout 86401 -o "$T/one/x.pcfb"
expect_err "--timeout must be a whole number of seconds from 0 to 86400, not '86401'" "and says what is allowed"
done_testing
