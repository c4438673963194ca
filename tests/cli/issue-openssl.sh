#!/bin/sh
# issue-openssl.sh - a bundle issued by 'pcf issue' verifies with stock openssl, tar, sha256sum
# and jq only, with the very script docs/bundle-format.md gives ("Verifying without pcfkit"),
# cut out of the document; tampered bundles and untrusted or revoked signers are refused by it.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"
INV=$BDATA/steel.yaml
DOC=$top_srcdir/docs/bundle-format.md
CRLS="$PKI/crl/root.crl.pem $PKI/crl/ca.crl.pem"

sed -n '/^<!-- verify-pcfb.sh begin -->$/,/^<!-- verify-pcfb.sh end -->$/p' "$DOC" | sed '1,2d;$d' | sed '$d' >"$T/verify-pcfb.sh"
check "the script is in the document" grep -q 'openssl cms -verify' "$T/verify-pcfb.sh"
check "the script is complete" sh -n "$T/verify-pcfb.sh"
verify() { sh "$T/verify-pcfb.sh" "$@"; }

printf 'measured on 2026-11-01\n' >"$T/report.txt"
expect 0 "issue a bundle with an attachment" issue "$INV" $(sign issuer) --attach "$T/report.txt" -o "$T/b.pcfb"
expect 0 "stock tools verify it" verify "$T/b.pcfb" "$PKI/root.pem" $CRLS
expect_out "^VALID: [0-9a-f-]{36} " "and say VALID"
expect 0 "an RSA-signed bundle verifies too" issue "$INV" $(sign issuer-rsa) -o "$T/rsa.pcfb"
expect 0 "stock tools verify the RSA bundle" verify "$T/rsa.pcfb" "$PKI/root.pem" $CRLS

# P-384 and P-521 issuers sign with SHA-384 and SHA-512 (made here under the demo intermediate).
printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=1.3.6.1.5.5.7.3.36\n' >"$T/leaf.ext"
for c in P-384:sha384 P-521:sha512; do
	curve=${c%%:*} md=${c#*:}
	"$OPENSSL" req -new -newkey ec -pkeyopt ec_paramgen_curve:$curve -nodes -keyout "$T/$curve.key" \
		-subj "/CN=$curve issuer/O=Demo Certification Body" -out "$T/$curve.csr" 2>/dev/null
	"$OPENSSL" x509 -req -in "$T/$curve.csr" -CA "$PKI/ca.pem" -CAkey "$PKI/ca.key" -set_serial 0x$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n') \
		-days 30 -sha256 -extfile "$T/leaf.ext" -out "$T/$curve.pem" 2>/dev/null
	chmod 600 "$T/$curve.key"
	expect 0 "issue with an EC $curve key" issue "$INV" --key "$T/$curve.key" --cert "$T/$curve.pem" --chain "$PKI/chain.pem" -o "$T/$curve.pcfb"
	expect 0 "stock tools verify the $curve bundle" verify "$T/$curve.pcfb" "$PKI/root.pem" $CRLS
	check "$curve signs with $md" sh -c "tar -xOf '$T/$curve.pcfb' manifest.p7s | '$OPENSSL' cms -cmsout -print -inform DER | grep -A1 'digestAlgorithm:' | grep -q 'algorithm: $md '"
done

expect 1 "another root is not trusted" verify "$T/b.pcfb" "$PKI/other-root.pem" $CRLS
expect_err "INVALID: signature: .*unable to get local issuer certificate" "the chain is the reason"
expect 1 "without CRLs revocation is unknown: refused" verify "$T/b.pcfb" "$PKI/root.pem"
expect_err "INVALID: signature: .*unable to get certificate CRL" "the missing CRL is the reason"

# pcf issue does not consult CRLs; the verifier does.
expect 0 "issue with a revoked signer" issue "$INV" --key "$PKI/revoked.key" --cert "$PKI/revoked.pem" \
	--chain "$PKI/chain.pem" -o "$T/revoked.pcfb"
expect 1 "a revoked signer is refused" verify "$T/revoked.pcfb" "$PKI/root.pem" $CRLS
expect_err "INVALID: signature: .*certificate revoked" "revocation is the reason"

# Tampering, with GNU tar rebuilding the archive as an attacker would.
mkdir "$T/x"
tar -xmf "$T/b.pcfb" -C "$T/x"
names=$(tar -tf "$T/b.pcfb")
retar() { out=$1; shift; (cd "$T/x" && tar --format=ustar --owner=0 --group=0 --numeric-owner --hard-dereference -cf "$out" "$@"); }

retar "$T/same.pcfb" $names
expect 0 "an honest repack still verifies (only the signed bytes matter)" verify "$T/same.pcfb" "$PKI/root.pem" $CRLS

cp "$T/x/inventory.yaml" "$T/inventory.orig"
printf '# changed\n' >>"$T/x/inventory.yaml"
retar "$T/t1.pcfb" $names
expect 1 "a changed inventory is refused" verify "$T/t1.pcfb" "$PKI/root.pem" $CRLS
expect_err "INVALID: a file differs from the manifest" "the digest is the reason"
cp "$T/inventory.orig" "$T/x/inventory.yaml"

cp "$T/x/manifest.json" "$T/manifest.orig"
sed 's/"total": /"total":  /' "$T/manifest.orig" >"$T/x/manifest.json"
retar "$T/t2.pcfb" $names
expect 1 "a manifest changed by one space is refused" verify "$T/t2.pcfb" "$PKI/root.pem" $CRLS
expect_err "INVALID: signature: .*(content verify error|digest failure|verification failure)" "the signature is the reason"
cp "$T/manifest.orig" "$T/x/manifest.json"

printf 'extra\n' >"$T/x/extra.txt"
retar "$T/t3.pcfb" $names extra.txt
expect 1 "an extra entry is refused" verify "$T/t3.pcfb" "$PKI/root.pem" $CRLS
expect_err "INVALID: an entry the manifest does not list" "the list is the reason"
rm "$T/x/extra.txt"

# Evidence may be withheld (bundle-format.md section 4.2, pcf redact); result.json may not.
retar "$T/t4.pcfb" $(echo "$names" | grep -v '^evidence/')
expect 0 "a withheld attachment is accepted" verify "$T/t4.pcfb" "$PKI/root.pem" $CRLS
expect_out "^withheld by the supplier: evidence/" "and reported as withheld"
retar "$T/t4.pcfb" $(echo "$names" | grep -v '^result.json$')
expect 1 "a removed result.json is refused" verify "$T/t4.pcfb" "$PKI/root.pem" $CRLS
expect_err "INVALID: a listed entry is missing: result.json" "the list is the reason"

retar "$T/t5.pcfb" $names inventory.yaml
expect 1 "a duplicate entry is refused" verify "$T/t5.pcfb" "$PKI/root.pem" $CRLS
expect_err "INVALID: an entry name occurs twice" "the duplicate is the reason"

ln -s inventory.yaml "$T/x/link"
retar "$T/t6.pcfb" $names link
expect 1 "a symlink entry is refused" verify "$T/t6.pcfb" "$PKI/root.pem" $CRLS
expect_err "INVALID: (an entry is not a regular file|a header outside the profile: a typeflag other than 0)" "the type is the reason"
rm "$T/x/link"

# A TLS-only certificate signing the same manifest: -purpose any lets the chain pass, the
# manual extended key usage check refuses it.
"$OPENSSL" cms -sign -binary -in "$T/x/manifest.json" -signer "$PKI/tls-only.pem" -inkey "$PKI/tls-only.key" \
	-certfile "$PKI/chain.pem" -md sha256 -outform DER -out "$T/x/manifest.p7s" -nosmimecap 2>/dev/null
retar "$T/t7.pcfb" $names
expect 1 "a TLS-only signer is refused" verify "$T/t7.pcfb" "$PKI/root.pem" $CRLS
expect_err "INVALID: the signer lacks the documentSigning extended key usage" "the usage is the reason"

# An attached (not detached) signature.
"$OPENSSL" cms -sign -binary -nodetach -in "$T/x/manifest.json" -signer "$PKI/issuer.pem" -inkey "$PKI/issuer.key" \
	-certfile "$PKI/chain.pem" -md sha256 -outform DER -out "$T/x/manifest.p7s" 2>/dev/null
retar "$T/t8.pcfb" $names
expect 1 "an attached signature is refused" verify "$T/t8.pcfb" "$PKI/root.pem" $CRLS
expect_err "INVALID: the signature is not detached" "detachment is the reason"

check "a gzip-compressed bundle is not a bundle" sh -c "gzip -c '$T/b.pcfb' >'$T/b.pcfb.gz' && ! sh '$T/verify-pcfb.sh' '$T/b.pcfb.gz' '$PKI/root.pem' $CRLS 2>/dev/null" 
done_testing
