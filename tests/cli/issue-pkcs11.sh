#!/bin/sh
# issue-pkcs11.sh - 'pcf issue' with the issuing key in a PKCS#11 token (threat T25): a real
# SoftHSM2 token, made in this run's scratch folder, holds the demo issuer's EC P-256 and
# RSA-2048 keys; bundles signed in the token verify with 'pcf verify' and with stock openssl (the
# script of docs/bundle-format.md); the signer's checks apply to token keys; wrong PIN, a URI
# naming no key, a key that does not match --cert and a missing module are refused; -j 2 batches;
# without --cert, the certificate is read from the token (written there with OpenSC's pkcs11-tool).
# Skipped (with the reason) only when SoftHSM2 or libp11's OpenSSL engine is not installed.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"
INV=$BDATA/steel.yaml
AT=2026-11-29T16:00:00Z
ID=4b8e2c1a-7d3f-4e5a-9b6c-0d1e2f3a4b5c
CRLS="$PKI/crl/root.crl.pem $PKI/crl/ca.crl.pem"

skip_all() { echo "1..0 # SKIP $*"; exit 0; }
SOFTHSM=${PCF_TEST_SOFTHSM_MODULE:-}
if [ -z "$SOFTHSM" ]; then
	for m in /usr/lib/softhsm/libsofthsm2.so /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so \
	         /usr/lib64/softhsm/libsofthsm2.so /usr/local/lib/softhsm/libsofthsm2.so; do
		[ -f "$m" ] && { SOFTHSM=$m; break; }
	done
fi
[ -n "$SOFTHSM" ] || skip_all "SoftHSM2 is not installed (Debian package softhsm2)"
command -v softhsm2-util >/dev/null 2>&1 || skip_all "softhsm2-util is not installed (Debian package softhsm2)"
"$OPENSSL" engine -t pkcs11 >/dev/null 2>&1 ||
	skip_all "libp11's OpenSSL engine is not installed (Debian package libengine-pkcs11-openssl)"

# --- a token of our own: SOFTHSM2_CONF points at this run's scratch folder ---
mkdir "$T/tokens"
printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' "$T" >"$T/softhsm2.conf"
SOFTHSM2_CONF=$T/softhsm2.conf; export SOFTHSM2_CONF
unset PCF_PKCS11_MODULE
PIN=4711; export PIN
check "initialise a token" sh -c "softhsm2-util --init-token --free --label pcf-test --so-pin 87654321 --pin $PIN >/dev/null"
# softhsm2-util --import takes unencrypted PKCS#8; the copies are removed once imported.
import() {  # import KEYNAME LABEL ID
	"$OPENSSL" pkcs8 -topk8 -nocrypt -in "$PKI/$1.key" -out "$T/$1.p8" &&
	softhsm2-util --import "$T/$1.p8" --token pcf-test --label "$2" --id "$3" --pin $PIN >/dev/null &&
	rm -f "$T/$1.p8"
}
check "import the EC P-256 issuer key" import issuer issuer-ec 01
check "import the RSA-2048 issuer key" import issuer-rsa issuer-rsa 02
check "import an RSA-1024 key" import rsa1024 weak 03
check "import the TLS-only certificate's key" import tls-only tls 04
check "import the expired certificate's key" import expired expired 05

sed -n '/^<!-- verify-pcfb.sh begin -->$/,/^<!-- verify-pcfb.sh end -->$/p' "$top_srcdir/docs/bundle-format.md" |
	sed '1,2d;$d' | sed '$d' >"$T/verify-pcfb.sh"
stock_verify() { sh "$T/verify-pcfb.sh" "$@"; }
MOD="--pkcs11-module $SOFTHSM"
EC='pkcs11:token=pcf-test;object=issuer-ec'

# --- EC P-256 in the token, PIN from a variable ---
expect 0 "issue with the EC key in the token" issue "$INV" --key "$EC" --pass env:PIN $MOD \
	--cert "$PKI/issuer.pem" --chain "$PKI/chain.pem" -o "$T/ec.pcfb"
check "quiet on success" test ! -s "$T/err"
expect 0 "pcf verify accepts it" "$PCF" verify --trust "$PKI/root.pem" --crl "$PKI/crl/trusted.crl.pem" "$T/ec.pcfb"
expect_out "valid .*result recomputed and identical" "and says valid"
expect 0 "stock openssl verifies it" stock_verify "$T/ec.pcfb" "$PKI/root.pem" $CRLS
expect_out "^VALID: " "and says VALID"
check "signed with SHA-256 by the token's key" sh -c "tar -xOf '$T/ec.pcfb' manifest.p7s | '$OPENSSL' cms -cmsout -print -inform DER | grep -A1 'digestAlgorithm:' | grep -q 'algorithm: sha256 '"

# --- RSA-2048 by id (RFC 7512 percent-encoding), module from PCF_PKCS11_MODULE, PIN from a file ---
printf '%s\n' "$PIN" >"$T/pin"
chmod 600 "$T/pin"
expect 0 "issue with the RSA key named by id, module from PCF_PKCS11_MODULE" env PCF_PKCS11_MODULE="$SOFTHSM" \
	"$PCF" issue --method "$METHOD" "$INV" --key 'pkcs11:token=pcf-test;id=%02;type=private' --pass file:"$T/pin" \
	--cert "$PKI/issuer-rsa.pem" --chain "$PKI/chain.pem" --issued-at $AT --id $ID -o "$T/rsa.pcfb"
expect 0 "pcf verify accepts it" "$PCF" verify --trust "$PKI/root.pem" --crl "$PKI/crl/trusted.crl.pem" "$T/rsa.pcfb"
expect 0 "stock openssl verifies it" stock_verify "$T/rsa.pcfb" "$PKI/root.pem" $CRLS
expect 0 "the same key from its file" issue "$INV" $(sign issuer-rsa) --issued-at $AT --id $ID -o "$T/rsa-file.pcfb"
check "token and file give byte-identical RSA bundles (the token signs the same bytes)" cmp -s "$T/rsa.pcfb" "$T/rsa-file.pcfb"

# --- refusals ---
expect 1 "a wrong PIN is refused" env PIN=0000 "$PCF" issue --method "$METHOD" "$INV" --key "$EC" --pass env:PIN $MOD \
	--cert "$PKI/issuer.pem" -o "$T/x.pcfb"
expect_err "pkcs11:token=pcf-test;object=issuer-ec: cannot log in to the token \(wrong PIN\?\): PIN incorrect" "the login is the reason"
check "no bundle" test ! -e "$T/x.pcfb"
expect 1 "a URI naming no key is refused" issue "$INV" --key 'pkcs11:token=pcf-test;object=nothing' --pass env:PIN $MOD \
	--cert "$PKI/issuer.pem" -o "$T/x.pcfb"
expect_err "object=nothing: no private key in the token matches the URI: object not found" "and says so"
expect 1 "a token that does not exist is refused" issue "$INV" --key 'pkcs11:token=other;object=issuer-ec' --pass env:PIN $MOD \
	--cert "$PKI/issuer.pem" -o "$T/x.pcfb"
expect_err "token=other;object=issuer-ec: " "naming the URI"
expect 1 "a token key that does not match --cert is refused" issue "$INV" --key "$EC" --pass env:PIN $MOD \
	--cert "$PKI/issuer-rsa.pem" -o "$T/x.pcfb"
expect_err "issuer-rsa.pem: the key in the token does not match the signer certificate" "the mismatch is the reason"
expect 1 "a missing module is refused" issue "$INV" --key "$EC" --pass env:PIN --pkcs11-module "$T/no-such-module.so" \
	--cert "$PKI/issuer.pem" -o "$T/x.pcfb"
expect_err "no-such-module.so: cannot open the PKCS#11 module: No such file or directory" "naming the module"
expect 1 "a missing module in PCF_PKCS11_MODULE is refused" env PCF_PKCS11_MODULE="$T/gone.so" \
	"$PCF" issue --method "$METHOD" "$INV" --key "$EC" --pass env:PIN --cert "$PKI/issuer.pem" -o "$T/x.pcfb"
expect_err "gone.so: cannot open the PKCS#11 module" "naming the module"
expect 1 "a file that is no PKCS#11 module is refused" issue "$INV" --key "$EC" --pass env:PIN --pkcs11-module "$T/pin" \
	--cert "$PKI/issuer.pem" -o "$T/x.pcfb"
expect_err "pcf issue: .*/pin: not a PKCS#11 module: " "and says so"
check "nothing but pcf's own message on stderr" sh -c "[ \$(wc -l <'$T/err') -eq 1 ]"
expect 1 "no PIN: nothing to log in with" issue "$INV" --key "$EC" $MOD --cert "$PKI/issuer.pem" -o "$T/x.pcfb"
expect_err "give the token PIN with --pass" "and a hint"
expect 2 "a PIN in the URI is refused" issue "$INV" --key "$EC?pin-value=$PIN" $MOD --cert "$PKI/issuer.pem" -o "$T/x.pcfb"
expect_err "the URI carries a PIN: remove it and give the PIN with --pass" "and says where the PIN goes"
check "the PIN itself is never echoed" sh -c "! grep -qF -- 'pin-value=$PIN' '$T/err' && ! grep -qF -- '$PIN' '$T/out'"
expect_err "pin-value=\\(hidden\\)" "the URI is named with the PIN hidden"
expect 1 "without libp11's engine, a token key is refused" env OPENSSL_ENGINES="$T/no-engines" \
	"$PCF" issue --method "$METHOD" "$INV" --key "$EC" --pass env:PIN $MOD --cert "$PKI/issuer.pem" -o "$T/x.pcfb"
expect_err "the PKCS#11 engine is not installed: install libp11's OpenSSL engine \(Debian package libengine-pkcs11-openssl" "and says what to install"
chmod 644 "$T/pin"
expect 1 "a PIN file readable by others is refused" issue "$INV" --key "$EC" --pass file:"$T/pin" $MOD \
	--cert "$PKI/issuer.pem" -o "$T/x.pcfb"
expect_err "pin: passphrase file is accessible by group or others" "and says so"
expect 1 "an RSA-1024 key in the token is refused" issue "$INV" --key 'pkcs11:token=pcf-test;object=weak' --pass env:PIN $MOD \
	--cert "$PKI/rsa1024.pem" -o "$T/x.pcfb"
expect_err "RSA key of 1024 bits is too weak" "its size is the reason"
expect 1 "a token key whose certificate lacks documentSigning is refused" issue "$INV" --key 'pkcs11:token=pcf-test;object=tls' \
	--pass env:PIN $MOD --cert "$PKI/tls-only.pem" -o "$T/x.pcfb"
expect_err "tls-only.pem: signer certificate lacks the documentSigning extended key usage" "the EKU is the reason"
expect 1 "an expired certificate is refused with a token key too" issue "$INV" --key 'pkcs11:token=pcf-test;object=expired' \
	--pass env:PIN $MOD --cert "$PKI/expired.pem" -o "$T/x.pcfb"
expect_err "expired.pem: signer certificate expired" "its validity is the reason"
check "no bundle was left by any refusal" test ! -e "$T/x.pcfb"

# --- the certificate from the token when --cert is left out (written with OpenSC's pkcs11-tool) ---
if command -v pkcs11-tool >/dev/null 2>&1; then
	put_cert() {  # put_cert CERTNAME LABEL ID
		"$OPENSSL" x509 -in "$PKI/$1.pem" -outform DER -out "$T/$1.der" &&
		pkcs11-tool --module "$SOFTHSM" --token-label pcf-test --login --pin $PIN --write-object "$T/$1.der" \
			--type cert --label "$2" --id "$3" >/dev/null 2>&1
	}
	check "write the EC issuer's certificate into the token" put_cert issuer issuer-ec 01
	check "write a certificate that is not the key's beside the TLS key" put_cert issuer tls 04
	expect 0 "issue without --cert: the certificate comes from the token" issue "$INV" --key "$EC" --pass env:PIN $MOD \
		--chain "$PKI/chain.pem" -o "$T/tc.pcfb"
	expect 0 "pcf verify accepts it" "$PCF" verify --trust "$PKI/root.pem" --crl "$PKI/crl/trusted.crl.pem" "$T/tc.pcfb"
	check "signed by the token's certificate" sh -c "tar -xOf '$T/tc.pcfb' manifest.json | jq -e '.issuer.name == \"Demo Certification Body Issuer\"' >/dev/null"
	expect 0 "found by id too" issue "$INV" --key 'pkcs11:token=pcf-test;id=%01;type=private' --pass env:PIN $MOD -o "$T/tc2.pcfb"
	expect 1 "no certificate in the token for the key: refused" issue "$INV" --key 'pkcs11:token=pcf-test;object=issuer-rsa' \
		--pass env:PIN $MOD -o "$T/x.pcfb"
	expect_err "object=issuer-rsa: no certificate in the token matches the URI \(give it with --cert\)" "and says to give --cert"
	expect 1 "a token certificate that does not match the token key: refused" issue "$INV" --key 'pkcs11:token=pcf-test;object=tls' \
		--pass env:PIN $MOD -o "$T/x.pcfb"
	expect_err "object=tls: the key in the token does not match the signer certificate" "the mismatch is the reason"
else
	for i in 1 2 3 4 5 6 7 8 9 10; do skip_test "pkcs11-tool (Debian package opensc) is not installed to write certificates into the token"; done
fi
expect 2 "a key file still needs --cert" issue "$INV" --key "$PKI/issuer.key" -o "$T/x.pcfb"
expect_err "--key and --cert are needed to sign \(--cert may be left out for a pkcs11: key\)" "and says so"

# --- no module named: the p11-kit proxy, which reaches the modules registered with p11-kit ---
PROXY=
for p in /usr/lib/x86_64-linux-gnu/p11-kit-proxy.so /usr/lib/aarch64-linux-gnu/p11-kit-proxy.so /usr/lib64/p11-kit-proxy.so \
         /usr/lib/p11-kit-proxy.so /usr/local/lib/p11-kit-proxy.so; do
	[ -f "$p" ] && { PROXY=$p; break; }
done
if [ -z "$PROXY" ]; then
	expect 1 "no module and no p11-kit proxy: refused" issue "$INV" --key "$EC" --pass env:PIN --cert "$PKI/issuer.pem" -o "$T/proxy.pcfb"
	expect_err "no PKCS#11 module: give one with --pkcs11-module PATH or PCF_PKCS11_MODULE" "and says how to name one"
elif case $PCF in *valgrind*) true;; *) false;; esac; then
	# p11-kit 0.24's proxy loses memory in its own C_Initialize (a bare ENGINE program shows it too).
	skip_test "under valgrind: the p11-kit proxy leaks inside p11_kit_modules_initialize"
	skip_test "under valgrind: the p11-kit proxy leaks inside p11_kit_modules_initialize"
elif grep -qs "libsofthsm2" /usr/share/p11-kit/modules/*.module; then
	expect 0 "no module named: the p11-kit proxy finds the SoftHSM2 token" issue "$INV" --key "$EC" --pass env:PIN \
		--cert "$PKI/issuer.pem" --chain "$PKI/chain.pem" -o "$T/proxy.pcfb"
	expect 0 "and the bundle verifies" "$PCF" verify --trust "$PKI/root.pem" --crl "$PKI/crl/trusted.crl.pem" "$T/proxy.pcfb"
else
	skip_test "SoftHSM2 is not registered with the p11-kit proxy"
	skip_test "SoftHSM2 is not registered with the p11-kit proxy"
fi
expect 0 "--help lists --pkcs11-module" "$PCF" issue --help
expect_out "--pkcs11-module PATH" "in the usage"
expect_out "pkcs11:token=LABEL;object=LABEL" "with the URI form"

# --- a batch with two threads sharing the token (signing is serialised on it) ---
mkdir "$T/in" "$T/batch"
for n in 1 2 3 4 5 6; do cp "$INV" "$T/in/p$n.yaml"; done
cp "$BDATA/bad.yaml" "$T/in/bad.yaml"
expect 1 "-j 2: six good inventories and a bad one" issue "$T"/in/p1.yaml "$T"/in/p2.yaml "$T"/in/bad.yaml "$T"/in/p3.yaml \
	"$T"/in/p4.yaml "$T"/in/p5.yaml "$T"/in/p6.yaml --key "$EC" --pass env:PIN $MOD --cert "$PKI/issuer.pem" \
	--chain "$PKI/chain.pem" -j 2 --json -o "$T/batch"
check "six issued, one failed" jq -e '.issued == 6 and .failed == 1' "$T/out"
expect 0 "pcf verify -j 2 accepts all six" "$PCF" verify -j 2 --trust "$PKI/root.pem" --crl "$PKI/crl/trusted.crl.pem" "$T"/batch/*.pcfb
check "six verdicts, all valid" sh -c "[ \$(grep -c ': valid ' '$T/out') -eq 6 ]"
check "stock openssl verifies the first and the last" sh -c "for b in '$T'/batch/p1.pcfb '$T'/batch/p6.pcfb; do sh '$T/verify-pcfb.sh' \"\$b\" '$PKI/root.pem' $CRLS >/dev/null || exit 1; done"

# More threads than cores, all signing through the one token session: every signature is sound.
mkdir "$T/in8" "$T/batch8"
for n in $(seq 1 24); do cp "$INV" "$T/in8/q$n.yaml"; done
expect 0 "-j 8: 24 inventories signed with the RSA key in the token" env PCF_PKCS11_MODULE="$SOFTHSM" \
	"$PCF" issue --method "$METHOD" "$T"/in8/*.yaml --key 'pkcs11:token=pcf-test;object=issuer-rsa' --pass env:PIN \
	--cert "$PKI/issuer-rsa.pem" --chain "$PKI/chain.pem" -j 8 -o "$T/batch8"
expect 0 "pcf verify accepts all 24" "$PCF" verify -j 4 --trust "$PKI/root.pem" --crl "$PKI/crl/trusted.crl.pem" "$T"/batch8/*.pcfb
check "24 verdicts, all valid" sh -c "[ \$(grep -c ': valid ' '$T/out') -eq 24 ]"

done_testing
