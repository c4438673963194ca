#!/bin/sh
# stdin.sh - '-' is standard input for pcf verify, pcf extract and pcf validate (issue 13), named
# "stdin" in verdicts and messages, given at most once, and read within the same limits as a file
# (docs/limits.md): exactly the limit gets past it, one byte more is refused naming the limit.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"
V="--trust $PKI/root.pem --crl $PKI/crl/trusted.crl.pem"
MiB=1048576
jqt() { jq -e "$@" >/dev/null; }
expect 0 "issue a bundle" issue "$BDATA/steel.yaml" $(sign issuer) --issued-at 2026-11-29T16:00:00Z -o "$T/b.pcfb"

# verify -
# shellcheck disable=SC2086
expect 0 "verify - reads the bundle from standard input" sh -c "exec \"\$0\" verify $V - <'$T/b.pcfb'" "$PCF"
expect_out '^stdin: valid \(certificate ' "the verdict names it stdin"
# shellcheck disable=SC2086
expect 0 "verify - from a pipe, with --json" sh -c "cat '$T/b.pcfb' | \"\$0\" verify --json $V -" "$PCF"
check "the JSON verdict names the bundle stdin" jqt '.[0].bundle == "stdin" and .[0].verdict == "valid"' "$T/out"
# shellcheck disable=SC2086
expect 0 "verify FILE - FILE: standard input among files" sh -c "exec \"\$0\" verify $V '$T/b.pcfb' - '$T/b.pcfb' <'$T/b.pcfb'" "$PCF"
check "three verdicts, the second for stdin" sh -c "[ \$(wc -l <'$T/out') -eq 3 ] && sed -n 2p '$T/out' | grep -q '^stdin: valid'"
head -c 2000 "$T/b.pcfb" >"$T/short.pcfb"
# shellcheck disable=SC2086
expect 1 "a truncated bundle on standard input is invalid" sh -c "exec \"\$0\" verify $V - <'$T/short.pcfb'" "$PCF"
expect_out '^stdin: invalid: archive-' "and its verdict names stdin"
# shellcheck disable=SC2086
expect 1 "an empty standard input is invalid, not valid" sh -c "exec \"\$0\" verify $V - </dev/null" "$PCF"
# shellcheck disable=SC2086
expect 2 "'-' twice is a usage error" sh -c "exec \"\$0\" verify $V - - <'$T/b.pcfb'" "$PCF"
expect_err "'-' \\(standard input\\) can be given only once" "the message says why"
expect 0 "verify --help tells about '-'" "$PCF" verify --help
expect_out "A BUNDLE of '-'" "it is in the help"

# extract -
# shellcheck disable=SC2086
expect 0 "extract - DIR reads the bundle from standard input" sh -c "cat '$T/b.pcfb' | \"\$0\" extract $V - '$T/x'" "$PCF"
check "the inventory is extracted, byte for byte" cmp -s "$BDATA/steel.yaml" "$T/x/inventory.yaml"
# shellcheck disable=SC2086
expect 1 "extract - of a truncated bundle fails" sh -c "exec \"\$0\" extract $V - '$T/y' <'$T/short.pcfb'" "$PCF"
expect_err "stdin: not extracted|stdin: .*truncated" "the message names stdin"
check "and writes nothing" test ! -e "$T/y/inventory.yaml"
expect 0 "extract --help tells about '-'" "$PCF" extract --help
expect_out "A BUNDLE of '-'" "it is in the help"

# validate -
expect 0 "validate - reads an inventory from standard input" sh -c "exec \"\$0\" validate -v - <'$BDATA/steel.yaml'" "$PCF"
expect_out '^stdin: valid \(' "it is named stdin"
printf 'product: [\n' >"$T/bad.yaml"
expect 1 "validate - of broken YAML from a pipe" sh -c "cat '$T/bad.yaml' | \"\$0\" validate -" "$PCF"
expect_err '^pcf validate: stdin:2:1: ' "the error names stdin:line:column"
expect 1 "validate --json FILE -: both report" sh -c "exec \"\$0\" validate --json '$BDATA/steel.yaml' - <'$T/bad.yaml'" "$PCF"
check "the JSON report names stdin, with the line of the error" jqt \
	'.files | length == 2 and .[0].valid == true and .[1].file == "stdin" and .[1].valid == false and .[1].errors[0].file == "stdin" and .[1].errors[0].line == 2' "$T/out"
expect 2 "validate - - is a usage error" sh -c "exec \"\$0\" validate - - <'$T/bad.yaml'" "$PCF"
expect_err "'-' \\(standard input\\) can be given only once" "the message says why"
expect 0 "validate --help tells about '-'" "$PCF" validate --help
expect_out "A FILE of '-'" "it is in the help"

# Limits through a pipe (docs/limits.md): inventories 64 MiB, bundles 256 MiB. Under valgrind the
# 256 MiB ones would take minutes; the same bounded read is tested there at 64 MiB.
run sh -c "head -c $((64 * MiB)) /dev/zero | \"\$0\" validate -" "$PCF"
check "an inventory of exactly 64 MiB through a pipe is read (and refused for its content)" sh -c "[ $rc -eq 1 ] && ! grep -q 'limit' '$T/err'"
run sh -c "head -c $((64 * MiB + 1)) /dev/zero | \"\$0\" validate -" "$PCF"
check "an inventory of 64 MiB + 1 byte through a pipe is refused (exit 1)" test "$rc" -eq 1
expect_err "stdin: file is larger than the limit of 67108864 bytes" "the message names the limit"
if [ -z "${PCF_TEST_VALGRIND:-}" ]; then
	run sh -c "head -c $((256 * MiB)) /dev/zero | \"\$0\" verify --trust '$PKI/root.pem' -" "$PCF"
	check "a bundle of exactly 256 MiB through a pipe is read (and refused for its content)" sh -c "[ $rc -eq 1 ] && grep -q '^stdin: invalid: ' '$T/out' && ! grep -q input-too-large '$T/out'"
	run sh -c "head -c $((256 * MiB + 1)) /dev/zero | \"\$0\" verify --trust '$PKI/root.pem' -" "$PCF"
	check "a bundle of 256 MiB + 1 byte through a pipe is refused: input-too-large" \
		grep -q "^stdin: invalid: input-too-large: the bundle is more than the limit of 268435456 bytes" "$T/out"
	run sh -c "head -c $((256 * MiB + 1)) /dev/zero | \"\$0\" extract --trust '$PKI/root.pem' - '$T/z'" "$PCF"
	check "extract of 256 MiB + 1 byte through a pipe is refused naming the limit" sh -c "[ $rc -ne 0 ] && grep -q 'limit of 268435456' '$T/err' && [ ! -e '$T/z/inventory.yaml' ]"
else
	skip_test "a bundle of exactly 256 MiB through a pipe (too slow under valgrind)"
	skip_test "a bundle of 256 MiB + 1 byte through a pipe (too slow under valgrind)"
	skip_test "extract of 256 MiB + 1 byte through a pipe (too slow under valgrind)"
fi
truncate -s $((256 * MiB + 1)) "$T/big.pcfb"
run sh -c "exec \"\$0\" verify --trust '$PKI/root.pem' - <'$T/big.pcfb'" "$PCF"
check "a redirected file of 256 MiB + 1 byte is refused unread: input-too-large" \
	grep -q "^stdin: invalid: input-too-large: the bundle is 268435457 bytes, more than the limit of 268435456" "$T/out"
rm -f "$T/big.pcfb"
done_testing
