#!/bin/sh
# cli-script.sh - the CLI as a script meets it (issue 13): a failed write to standard output
# fails the command, validate --json reports every path, exit statuses agree with pcf(1)
# (an unsafe trust folder and an unreadable plugin file are system errors, 5), no doubled words
# in verdict lines, 'pcf help COMMAND' is the command's help.
. "$top_srcdir/tests/cli/lib.sh"
PKI=${PCF_TEST_PKI:?run through make check}
INV=$top_srcdir/tests/data/bundle/steel.yaml
XDG_CONFIG_HOME=$T/xdg-none; export XDG_CONFIG_HOME
jqt() { jq -e "$@" >/dev/null; }

# every command fails when its output cannot be written
if [ -w /dev/full ]; then
	for c in "validate --json $INV" "factors list" "methods" "methods show example" "--help" "--version" \
		"help verify" "verify --help" "compute --help" "inspect --help"; do
		# shellcheck disable=SC2086
		"$PCF" $c >/dev/full 2>"$T/err"; rc=$?
		if [ "$rc" -eq 5 ] && grep -q 'cannot write the output' "$T/err"; then ok "pcf $c >/dev/full exits 5"
		else not_ok "pcf $c >/dev/full exits 5 (exit $rc)"; diag "$(cat "$T/err")"; fi
	done
else
	skip_test "no writable /dev/full"
fi

# 'pcf help COMMAND'
expect 0 "pcf help verify" "$PCF" help verify
expect_out '^usage: pcf verify BUNDLE' "pcf help verify prints verify's help"
expect 2 "pcf help of an unknown command" "$PCF" help frobnicate
expect_err "unknown command 'frobnicate'" "and names it"

# validate --json reports every path, an unreadable one too
expect 5 "validate --json with an unreadable file" "$PCF" validate --json "$T/none.yaml" "$INV"
check "both paths are in the JSON, the unreadable one with its error" jqt \
	'(.files | length) == 2 and .files[0].valid == false and (.files[0].errors[0].message | test("cannot open"))
	 and .files[1].valid == true' "$T/out"

# exit statuses of pcf(1)
expect 5 "methods check of a missing plugin file exits 5" "$PCF" methods check "$T/missing.so"
expect_err 'missing.so: cannot open the plugin file' "the file is named"
mkdir -p "$T/xdg/pcfkit/trust"
cp "$PKI/root.pem" "$T/xdg/pcfkit/trust/"
chmod 775 "$T/xdg/pcfkit/trust"
/usr/bin/python3 "$top_srcdir/tests/cli/verify-bundles.py" "$PKI" "$T/b" good t20-old t20-new >/dev/null 2>&1 ||
	not_ok "generate the bundles"
XDG_CONFIG_HOME=$T/xdg
expect 5 "a group-writable default trust folder: exit 5, no verdict" "$PCF" verify \
	--crl "$PKI/crl/trusted.crl.pem" "$T/b/good.pcfb"
XDG_CONFIG_HOME=$T/xdg-none
expect_err 'writable by group or others' "the folder is named"
expect_err 'no bundle was checked' "and it says no bundle was checked"

# no doubled words in verdict lines
expect 5 "a missing bundle" "$PCF" verify --trust "$PKI/root.pem" "$T/none.pcfb"
check "io-error is said once" sh -c "grep -q ': io-error: cannot open' '$T/out' && ! grep -q 'io-error: io-error' '$T/out'"
expect 3 "supersession in a batch" "$PCF" verify --trust "$PKI/root.pem" --crl "$PKI/crl/trusted.crl.pem" \
	--at 2027-01-01T00:00:00Z "$T/b/t20-old.pcfb" "$T/b/t20-new.pcfb"
check "superseded is said once" sh -c "grep -q 't20-old.pcfb: superseded: superseded by certificate' '$T/out' &&
	! grep -q 'superseded: superseded: superseded' '$T/out'"
# an extreme --at is a usage error naming the range, not a certificate format error
expect 2 "verify --at far in the future" "$PCF" verify --trust "$PKI/root.pem" --at @99999999999999 "$T/b/good.pcfb"
expect_err '\-\-at: .*@99999999999999.*outside the years' "the range is named"
expect 2 "verify --at far in the past" "$PCF" verify --trust "$PKI/root.pem" --at @-99999999999999 "$T/b/good.pcfb"
expect 0 "verify --at 9999-12-31T23:59:59Z is accepted as a time (the chain then is expired)" sh -c \
	"'$PCF' verify --trust '$PKI/root.pem' --crl '$PKI/crl/trusted.crl.pem' --at 9999-12-31T23:59:59Z '$T/b/good.pcfb'; test \$? -ne 2"

# -o - writes the bundle to standard output (it used to create a file named '-')
cd "$T" || exit 1
expect 0 "issue -o - writes the bundle to stdout" "$PCF" issue "$INV" --method example --key "$PKI/issuer.key" \
	--cert "$PKI/issuer.pem" --chain "$PKI/chain.pem" -o -
check "no file named '-' was created" test ! -e "$T/-"
cp "$T/out" "$T/stdout.pcfb"
expect 0 "the bundle from stdout verifies" "$PCF" verify --trust "$PKI/root.pem" --crl "$PKI/crl/trusted.crl.pem" \
	"$T/stdout.pcfb"
expect 2 "issue -o - with --json is refused (stdout is the bundle)" "$PCF" issue "$INV" --method example \
	--key "$PKI/issuer.key" --cert "$PKI/issuer.pem" -o - --json
if [ -w /dev/full ]; then
	expect 5 "issue -o - >/dev/full exits 5" sh -c "'$PCF' issue '$INV' --method example --key '$PKI/issuer.key' \
		--cert '$PKI/issuer.pem' --chain '$PKI/chain.pem' -o - >/dev/full"
fi
cd "$top_builddir" || exit 1

# issue without --chain warns that verifiers will not find the intermediates
expect 0 "issue without --chain" "$PCF" issue "$INV" --method example --key "$PKI/issuer.key" --cert "$PKI/issuer.pem" \
	-o "$T/nochain.pcfb"
expect_err 'warning: no --chain: .*verifiers will not find the intermediate certificates' "it warns"
expect 0 "issue with --chain" "$PCF" issue "$INV" --method example --key "$PKI/issuer.key" --cert "$PKI/issuer.pem" \
	--chain "$PKI/chain.pem" -o "$T/chain.pcfb"
check "no warning with --chain" sh -c "! grep -q 'no --chain' '$T/err'"
expect 1 "and indeed the bundle without the intermediate does not verify" "$PCF" verify --trust "$PKI/root.pem" \
	--crl "$PKI/crl/trusted.crl.pem" "$T/nochain.pcfb"

# The man page names every option each command's --help names (issue 13: the issue synopsis had
# left five out); -o, -v and -j stand for --output, --verbose and --jobs there.
for c in compute validate issue verify inspect extract methods factors registry status certificate redact serve import mc pact; do
	"$PCF" "$c" --help 2>&1 | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u >"$T/opts"
	missing=
	while read -r o; do
		case $o in --output) e='\-o' ;; --verbose) e='\-v' ;; --jobs) e='\-j' ;; *) e=$(printf '%s' "$o" | sed 's/-/\\-/g') ;; esac
		grep -qF -- "$e" "$top_srcdir/docs/pcf.1" || missing="$missing $o"
	done <"$T/opts"
	check "pcf.1 names every option of 'pcf $c --help'${missing:+ (missing:$missing)}" test -z "$missing" -a -s "$T/opts"
done
done_testing
