#!/bin/sh
# robust-issue.sh - nothing lost when 'pcf issue' meets a fault that issue-atomic.sh does not cover:
# SIGTERM in the middle of a batch, and a methodology plugin that crashes (SIGSEGV) on one inventory,
# alone or in the middle of a batch. Each leaves only complete bundles that verify as valid, no
# temporary file, and a clear error naming what was not issued and why.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"
INV=$BDATA/steel.yaml
TPLUG=$top_builddir/tests/plugins/.libs
VERIFY="--trust $PKI/root.pem --crl $PKI/crl/trusted.crl.pem"

# all_valid DIR [OPTIONS]: every bundle in DIR verifies as valid (signature, chain, digests, recompute).
all_valid() {
	d=$1; shift
	set -- "$d"/*.pcfb "$@"
	[ -e "$1" ] || return 0
	"$PCF" verify -q $VERIFY "$@"
}
no_tmp() { ! ls -A "$1" | grep -q tmp; }

# --- SIGTERM in the middle of a batch ---------------------------------------------------------------
mkdir "$T/many" "$T/term"
i=0; while [ $i -lt 300 ]; do i=$((i + 1)); cp "$INV" "$T/many/p$i.yaml"; done
"$PCF" issue --method "$METHOD" "$T"/many/*.yaml $(sign issuer) -j 2 -o "$T/term" >"$T/out" 2>"$T/err" &
pid=$!
# wait for the first bundle (bounded: 2 minutes, for slow runs under valgrind), so that the signal
# lands while the batch runs
i=0; while [ $i -lt 2400 ] && ! ls "$T/term" | grep -q '\.pcfb$'; do sleep 0.05; i=$((i + 1)); done
kill -TERM $pid 2>/dev/null
wait $pid; rc=$?
cp "$T/err" "$T/term.err"
n=$(ls "$T/term" | grep -c '\.pcfb$')
check "SIGTERM: interrupted (exit 5) or finished first (exit 0)" sh -c "[ $rc -eq 5 ] || [ $rc -eq 0 ]"
if [ $rc -eq 5 ]; then
	check "SIGTERM: the error says how many inventories were not issued" \
		grep -q "^pcf issue: interrupted: [0-9]* of 300 inventories not issued" "$T/term.err"
	check "SIGTERM: bundles left plus inventories not issued make 300" sh -c "
		m=\$(sed -n 's/^pcf issue: interrupted: \([0-9]*\) of 300.*/\1/p' '$T/term.err'); [ \$((m + $n)) -eq 300 ]"
else
	skip_test "the batch finished before SIGTERM"; skip_test "-"
fi
check "SIGTERM: every bundle left ($n) verifies as valid" all_valid "$T/term"
check "SIGTERM: no temporary file is left" no_tmp "$T/term"

# --- a plugin that crashes on one inventory ------------------------------------------------------
sed 's/id: urn:gtin:04012345678901/id: "urn:example:crash-me"/' "$INV" >"$T/crash.yaml"
check "the crashing inventory differs from the others" sh -c "! cmp -s '$INV' '$T/crash.yaml'"

# alone: no bundle, a clear error, the exit status of a plugin failure
mkdir "$T/one"
expect 1 "a plugin crash on the only inventory exits 1" issue --method crash-on --plugin-dir "$TPLUG" \
	"$T/crash.yaml" $(sign issuer) -o "$T/one/out.pcfb"
expect_err "crash.yaml: methodology plugin crash-on \(.*crash-on.so\) crashed computing this inventory \(signal 11, Segmentation fault\); nothing issued for it" \
	"the error names the inventory, the plugin and the signal"
check "nothing at the output path, no temporary file" sh -c "[ ! -e '$T/one/out.pcfb' ] && [ -z \"\$(ls -A '$T/one')\" ]"

# the same plugin issues a good inventory
expect 0 "the same plugin issues a good inventory" issue --method crash-on --plugin-dir "$TPLUG" \
	"$INV" $(sign issuer) -o "$T/one/good.pcfb"
check "that bundle verifies as valid (recomputed with the same plugin)" \
	"$PCF" verify -q $VERIFY --plugin-dir "$TPLUG" "$T/one/good.pcfb"

# in the middle of a batch, with group commits and threads: the others are issued and valid
mkdir "$T/batch" "$T/bout"
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do cp "$INV" "$T/batch/p$i.yaml"; done
cp "$T/crash.yaml" "$T/batch/p6.yaml"
for j in 1 3; do
	rm -f "$T"/bout/*
	expect 1 "-j $j: a crash on one inventory of 12 exits 1" issue --method crash-on --plugin-dir "$TPLUG" \
		"$T"/batch/*.yaml $(sign issuer) -j $j -o "$T/bout" --json
	expect_err "p6.yaml: methodology plugin crash-on .* crashed computing this inventory \(signal 11" \
		"-j $j: the error names the inventory that crashed the plugin"
	expect_err "1 of 12 inventories failed; the others were issued" "-j $j: and says the others were issued"
	check "-j $j: the JSON report marks it failed, the 11 others issued" sh -c "
		jq -e '.issued == 11 and .failed == 1 and ([.bundles[] | select(.status == \"issued\")] | length == 11)' '$T/out' >/dev/null &&
		jq -e '.bundles[] | select(.input | endswith(\"p6.yaml\")) | .status == \"failed\" and (.error | test(\"crashed\"))' '$T/out' >/dev/null"
	check "-j $j: 11 bundles, none for the crashing inventory" sh -c "
		[ \$(ls '$T/bout' | grep -c '\.pcfb\$') -eq 11 ] && [ ! -e '$T/bout/p6.pcfb' ]"
	check "-j $j: every bundle verifies as valid" all_valid "$T/bout" --plugin-dir "$TPLUG"
	check "-j $j: no temporary file is left" no_tmp "$T/bout"
done
done_testing
