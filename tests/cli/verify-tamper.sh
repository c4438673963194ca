#!/bin/sh
# verify-tamper.sh - the tamper suite: every attack of threats.md (T1-T28) as a bad bundle or
# chain, each rejected by `pcf verify` with its documented reason and exit status, plus the good
# bundles it is built from. The bundles come from verify-bundles.py (stdlib tarfile + openssl cms).
#
# Not here: T18/T19 (timestamp tokens from another bundle or a foreign TSA, signer validity at the
# token's time) are in tests/unit/test_verify.c, which makes tokens with OpenSSL's TS API; `pcf issue`
# does not request tokens yet.
# T25 (stolen signing key) is the signing side's: `pcf issue` refuses key files readable by others.
# T20 (supersession) and T27 (I/O errors) are in verify.sh; T28 (recompute) and hostile YAML in
# the inventory (T23) in verify-recompute.sh, with bundles issued by `pcf issue`.
. "$top_srcdir/tests/cli/lib.sh"
PKI=${PCF_TEST_PKI:?run through make check}
B=$T/bundles
# A bundle from the real writer, so that the attacks also hit its exact layout (cases issued-*).
"$PCF" issue "$top_srcdir/tests/data/bundle/steel.yaml" --method example --key "$PKI/issuer.key" \
	--cert "$PKI/issuer.pem" --chain "$PKI/chain.pem" --issued-at 2026-11-29T16:00:00Z -o "$T/issued.pcfb" &&
	PCF_ISSUED_BUNDLE=$T/issued.pcfb && export PCF_ISSUED_BUNDLE || not_ok "pcf issue a bundle to attack"
if ! /usr/bin/python3 "$top_srcdir/tests/cli/verify-bundles.py" "$PKI" "$B" 2>"$T/gen.err"; then
	not_ok "generate the bundles"; diag "$(cat "$T/gen.err")"; done_testing; exit 1
fi
tab=$(printf '\t')
bad=0
threats=""
while IFS="$tab" read -r name code reason threat args; do
	args=$(printf '%s' "$args" | sed "s|@PKI@|$PKI|g")
	crl="--crl $PKI/crl/trusted.crl.pem"
	case $args in NOCRL*) crl=""; args=${args#NOCRL};; esac
	# A fixed time inside every demo certificate's validity, unless the case sets its own.
	# shellcheck disable=SC2086
	run "$PCF" verify --trust "$PKI/root.pem" $crl --at 2027-01-01T00:00:00Z $args "$B/$name.pcfb"
	if [ "$reason" = valid ]; then
		pattern="^$B/$name\\.pcfb: valid \\("
	else
		pattern="^$B/$name\\.pcfb: [a-z-]+: ($reason): "
		bad=$((bad + 1))
		case " $threats " in *" $threat "*) ;; *) threats="$threats $threat";; esac
	fi
	if [ "$rc" -eq "$code" ] && grep -Eq -- "$pattern" "$T/out"; then
		ok "$threat $name: exit $code, $reason"
	else
		not_ok "$threat $name: wanted exit $code and $reason"
		diag "exit $rc" "stdout: $(head -c 1500 "$T/out")" "stderr: $(head -c 1500 "$T/err")"
	fi
done <"$B/cases.tsv"
# messages quote names and values from the bundle with control characters escaped
run "$PCF" verify --trust "$PKI/root.pem" --crl "$PKI/crl/trusted.crl.pem" "$B/t6-escape-in-name.pcfb" \
	"$B/t22-escape-in-kind.pcfb"
check "no raw escape character reaches the terminal" sh -c "! tr -d '\n' <'$T/out' | grep -q \"\$(printf '\\033')\""
check "an escape in an entry name is shown as \\x1b" grep -qF "entry 'zz\\x1b[2J'" "$T/out"
check "an escape in the manifest's kind is shown as \\x1b" grep -qF 'found "\x1b]0;pwned\x07"' "$T/out"
diag "bad bundles: $bad; threats covered here:$threats"
check "at least 40 bad bundles" test "$bad" -ge 40
done_testing
