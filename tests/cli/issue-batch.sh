#!/bin/sh
# issue-batch.sh - 'pcf issue' over many inventories: -o DIR, --list, -j N threads, one bad
# inventory among good ones (reported, the others issued, exit status 1), --json.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"
AT=2026-11-29T16:00:00Z

mkdir "$T/in" "$T/o1" "$T/o2" "$T/o3"
for n in 1 2 3 4 5 6; do cp "$BDATA/steel.yaml" "$T/in/good$n.yaml"; done
cp "$BDATA/bad.yaml" "$T/in/bad.yaml"

expect 1 "a batch with one bad inventory exits 1" issue "$T/in/good1.yaml" "$T/in/good2.yaml" "$T/in/bad.yaml" \
	"$T/in/good3.yaml" $(sign issuer) --issued-at $AT -o "$T/o1"
expect_err "in/bad.yaml:[0-9]+:[0-9]+: " "the bad inventory is reported with its position"
expect_err "1 of 4 inventories failed; the others were issued" "a summary line"
check "the good ones are issued" sh -c "ls '$T/o1' | sort | tr '\n' ' ' | grep -qx 'good1.pcfb good2.pcfb good3.pcfb '"
check "nothing for the bad one, no temporary files" sh -c "! ls -A '$T/o1' | grep -q 'bad\|tmp'"
for n in 1 2 3; do
	check "good$n.pcfb carries its inventory" sh -c "tar -xOf '$T/o1/good$n.pcfb' inventory.yaml | cmp -s - '$T/in/good$n.yaml'"
done
check "every bundle has its own certificate id" sh -c "
	for b in '$T'/o1/*.pcfb; do tar -xOf \"\$b\" manifest.json | jq -r '.\"certificate-id\"'; done | sort -u | wc -l | grep -qx 3"

# -j 3 with --list and --json; the same set of outputs as one thread, for RSA byte-identical
# apart from the certificate ids, which are random.
{ echo "# a comment"; for n in 1 2 3 4 5 6; do echo "$T/in/good$n.yaml"; done; echo; } >"$T/list"
expect 0 "-j 3 --list issues all" issue --list "$T/list" $(sign issuer-rsa) --issued-at $AT -j 3 --json -o "$T/o2"
check "no progress line when stderr is not a terminal" test ! -s "$T/err"
check "six bundles" sh -c "[ \$(ls '$T/o2' | grep -c '\.pcfb\$') -eq 6 ]"
check "--json reports each" jq -e '.issued == 6 and .failed == 0 and (.bundles | length) == 6 and all(.bundles[]; .status == "issued")' "$T/out"
grep -v '^#' "$T/list" | grep . >"$T/list.names"
check "--json lists the inputs in order" sh -c "jq -r '.bundles[].input' '$T/out' | cmp -s - '$T/list.names'"
expect 0 "-j 1 gives the same set" issue --list "$T/list" $(sign issuer-rsa) --issued-at $AT -o "$T/o3"
check "same names" sh -c "[ \"\$(ls '$T/o2')\" = \"\$(ls '$T/o3')\" ]"
check "same sizes (only the random ids differ)" sh -c "cd '$T' && for f in o2/*.pcfb; do [ \$(wc -c <\$f) -eq \$(wc -c <o3/\${f#o2/}) ] || exit 1; done"

# a failing inventory with --json; an existing output is one failure among others
expect 5 "--json with a failure (the first failure, an existing output, sets the status)" issue "$T/in/good1.yaml" "$T/in/bad.yaml" $(sign issuer) --json -o "$T/o1"
check "--json marks the failure and the existing output" jq -e \
	'.issued == 0 and .failed == 2 and .bundles[0].status == "failed" and (.bundles[0].error | test("output exists")) and .bundles[1].status == "failed"' "$T/out"

# two inventories that would write the same bundle name
mkdir "$T/other" "$T/o4"
cp "$BDATA/steel.yaml" "$T/other/good1.yaml"
expect 5 "two inventories with the same name: the second fails" issue "$T/in/good1.yaml" "$T/other/good1.yaml" \
	$(sign issuer) -o "$T/o4"
expect_err "is already the bundle of .*in/good1.yaml in this batch" "the clash is explained"
check "the first is issued" test -f "$T/o4/good1.pcfb"
# a progress line on a terminal only (script(1) gives the command a pseudo-terminal)
if command -v script >/dev/null 2>&1; then
	mkdir "$T/o5"
	run script -qec "$PCF issue --method $METHOD --list $T/list $(sign issuer) -j 2 -o $T/o5" /dev/null
	check "a progress line on a terminal" grep -q 'pcf issue: 6/6 issued' "$T/out"
else
	skip_test "script(1) is not installed"
fi
mkdir "$T/o6"
run sh -c "printf '%s\n' '$T/in/good1.yaml' '$T/in/good2.yaml' | \"\$0\" issue --method '$METHOD' --list - $(sign issuer) -o '$T/o6'" "$PCF"
check "--list - reads the names from stdin" sh -c "[ $rc -eq 0 ] && [ \$(ls '$T/o6' | wc -l) -eq 2 ]"
expect 5 "a missing --list file" issue --list "$T/no-such-list" $(sign issuer) -o "$T/o4"
done_testing
