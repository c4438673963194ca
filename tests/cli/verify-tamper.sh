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
i=0 ran=0
while IFS="$tab" read -r name code reason threat args; do
	[ "$reason" = valid ] || bad=$((bad + 1))
	# under valgrind, every SAMPLE_STRIDE-th case and the first of each threat (lib.sh)
	i=$((i + 1))
	sample_case "$i" "$threat" || continue
	ran=$((ran + 1))
	args=$(printf '%s' "$args" | sed -e "s|@PKI@|$PKI|g" -e "s|@OUT@|$B|g")
	crl="--crl $PKI/crl/trusted.crl.pem"
	case $args in NOCRL*) crl=""; args=${args#NOCRL};; esac
	# A fixed time inside every demo certificate's validity, unless the case sets its own.
	# shellcheck disable=SC2086
	run "$PCF" verify --trust "$PKI/root.pem" $crl --at 2027-01-01T00:00:00Z $args "$B/$name.pcfb"
	if [ "$reason" = valid ]; then
		pattern="^$B/$name\\.pcfb: valid \\("
	else
		pattern="^$B/$name\\.pcfb: [a-z-]+: ($reason): "
		case " $threats " in *" $threat "*) ;; *) threats="$threats $threat";; esac
	fi
	if [ "$rc" -eq "$code" ] && grep -Eq -- "$pattern" "$T/out"; then
		ok "$threat $name: exit $code, $reason"
	else
		not_ok "$threat $name: wanted exit $code and $reason"
		diag "exit $rc" "stdout: $(head -c 1500 "$T/out")" "stderr: $(head -c 1500 "$T/err")"
	fi
done <"$B/cases.tsv"
[ "$ran" -eq "$i" ] || diag "sampled (lib.sh sample_case): $ran of the $i cases (every ${SAMPLE_STRIDE}th and the first of each threat)"
# leading garbage is named as such, with the offset where the first tar header is, never as trailing data
for n in 1 511 512 513 1536; do
	run "$PCF" verify --trust "$PKI/root.pem" --crl "$PKI/crl/trusted.crl.pem" --at 2027-01-01T00:00:00Z \
		"$B/t10-leading-$n.pcfb"
	s=s; [ "$n" = 1 ] && s=
	expect_out "archive-leading-data: $n byte$s of leading data before the first tar header \\(at byte $n\\): offset 0 is not a tar header \\(no ustar magic at byte 257\\)\$" \
		"$n bytes of leading garbage: the message names the offset of the first header"
	check "$n bytes of leading garbage: not called trailing data" sh -c "! grep -q trailing '$T/out'"
done
run "$PCF" verify --trust "$PKI/root.pem" --crl "$PKI/crl/trusted.crl.pem" --at 2027-01-01T00:00:00Z \
	"$B/t9-hdr-leading-zero-blocks.pcfb"
expect_out "1536 bytes of leading data before the first tar header \\(at byte 1536\\): offset 0 is a zero block, not a tar header" \
	"zero blocks before the archive: leading data, the message says where the first header is"
run "$PCF" verify --trust "$PKI/root.pem" --crl "$PKI/crl/trusted.crl.pem" --at 2027-01-01T00:00:00Z \
	"$B/t9-hdr-leading-bad-checksum.pcfb"
expect_out "archive-malformed: entry 1: the header is invalid: offset 0 is not a tar header \\(ustar magic, but the checksum is not the sum of the block's bytes\\); a tar header follows at byte 512" \
	"a header-like block with a bad checksum first: offset 0 is not a tar header, one follows at byte 512"
run "$PCF" verify --json --trust "$PKI/root.pem" --crl "$PKI/crl/trusted.crl.pem" --at 2027-01-01T00:00:00Z \
	"$B/issued-leading.pcfb"
check "--json: a byte before an issued bundle is reason archive-leading-data" \
	sh -c "jq -e '.[0].reason == \"archive-leading-data\" and (.[0].message | test(\"1 byte of leading data\"))' '$T/out' >/dev/null"
# messages quote names and values from the bundle with control characters escaped
run "$PCF" verify --trust "$PKI/root.pem" --crl "$PKI/crl/trusted.crl.pem" "$B/t6-escape-in-name.pcfb" \
	"$B/t22-escape-in-kind.pcfb"
check "no raw escape character reaches the terminal" sh -c "! tr -d '\n' <'$T/out' | grep -q \"\$(printf '\\033')\""
check "an escape in an entry name is shown as \\x1b" grep -qF "entry 'zz\\x1b[2J'" "$T/out"
check "an escape in the manifest's kind is shown as \\x1b" grep -qF 'found "\x1b]0;pwned\x07"' "$T/out"
# the CMS profile's reasons say what is wrong (issue 13): BER is BER, RSA-PSS is named, a foreign CA is untrusted
run "$PCF" verify --trust "$PKI/root.pem" --crl "$PKI/crl/trusted.crl.pem" --at 2027-01-01T00:00:00Z \
	"$B/cms-ber-indefinite.pcfb" "$B/cms-rsa-pss.pcfb" "$B/cms-ecdsa-as-rsaencryption.pcfb"
check "indefinite-length BER is reported as such" grep -q 'cms-ber-indefinite.pcfb: invalid: signature-not-der: .*indefinite length' "$T/out"
check "indefinite-length BER is not reported as versions -1" sh -c "! grep -q -- '-1' '$T/out'"
check "RSA-PSS is named, not reported as an ASN.1 type" grep -q 'cms-rsa-pss.pcfb: .*RSASSA-PSS is not allowed' "$T/out"
check "an ECDSA signature relabelled rsaEncryption: does not fit the EC key" grep -q 'rsaEncryption does not fit the signer.s id-ecPublicKey key' "$T/out"
# delta and partitioned CRLs are named when they were all there was (issue 13)
run "$PCF" verify --trust "$PKI/root.pem" --crl "$PKI/crl/root.crl.pem" --crl "$B/extra/ca-delta.crl.pem" \
	--at 2027-01-01T00:00:00Z "$B/t14-delta-alone.pcfb"
check "a delta CRL alone: the message says it was not used" grep -q 'not used: 1 delta CRL(s) and 0 CRL(s) with an issuingDistributionPoint' "$T/out"
# T20: supersession only by the same issuing body (same subject from the same CA key)
TT="--trust $PKI/root.pem --trust $PKI/other-root.pem --crl $PKI/crl/trusted.crl.pem --crl $PKI/crl/other-root.crl.pem --crl $PKI/crl/other-ca.crl.pem --at 2027-01-01T00:00:00Z"
for impostor in t20-impostor-other-o t20-impostor-other-ca; do
	# shellcheck disable=SC2086
	run "$PCF" verify $TT "$B/t20-old.pcfb" "$B/$impostor.pcfb"
	check "T20 $impostor (same CN, another body) does not supersede: exit 0" test "$rc" -eq 0
	check "T20 $impostor: the old certificate stays valid" grep -q "t20-old.pcfb: valid (" "$T/out"
done
# shellcheck disable=SC2086
run "$PCF" verify $TT "$B/t20-old.pcfb" "$B/t20-renewed-key.pcfb"
check "T20 the same body with a renewed key supersedes: exit 3" test "$rc" -eq 3
check "T20 renewed key: the old one is superseded" grep -q "t20-old.pcfb: superseded: .*22222222-2222-4222-8222-222222222222" "$T/out"
# The two normative verifiers agree (issue 13): the no-pcfkit script of bundle-format.md section 9
# gives the same verdict (valid or not) as pcf verify on every CMS-profile and CRL case.
# It runs openssl, not pcf: valgrind adds nothing there, so the memcheck run leaves it out.
sed -n '/^<!-- verify-pcfb.sh begin -->$/,/^<!-- verify-pcfb.sh end -->$/p' "$top_srcdir/docs/bundle-format.md" |
	sed '1,2d;$d' | sed '$d' >"$T/verify-pcfb.sh"
agree=0
[ -n "${PCF_TEST_VALGRIND:-}" ] || while IFS="$tab" read -r name code reason threat args; do
	case $name in cms-* | good | good-rsa | good-sha384 | t14-delta-* | t14-crl-*) ;; *) continue ;; esac
	crls="$PKI/crl/trusted.crl.pem"
	case $args in NOCRL*) crls="";; esac
	for a in $args; do case $a in *.crl.pem) crls="$crls $(printf '%s' "$a" | sed -e "s|@PKI@|$PKI|g" -e "s|@OUT@|$B|g")";; esac; done
	# shellcheck disable=SC2086
	if sh "$T/verify-pcfb.sh" "$B/$name.pcfb" "$PKI/root.pem" $crls >"$T/s.out" 2>"$T/s.err"; then sv=valid; else sv=invalid; fi
	if [ "$reason" = valid ]; then pv=valid; else pv=invalid; fi
	if [ "$sv" = "$pv" ]; then
		agree=$((agree + 1))
	else
		not_ok "section 9 script and pcf verify disagree on $name: script $sv, pcf $pv"
		diag "$(cat "$T/s.err" "$T/s.out")"
	fi
done <"$B/cases.tsv"
if [ -z "${PCF_TEST_VALGRIND:-}" ]; then
	check "the section 9 script agrees with pcf verify on the CMS and CRL cases ($agree)" test "$agree" -ge 40
else
	skip_test "the section 9 script runs openssl, not pcf (left out under valgrind)"
fi
diag "bad bundles: $bad; threats covered here:$threats"
check "at least 40 bad bundles" test "$bad" -ge 40
done_testing
