#!/bin/sh
# certificate.sh - 'pcf certificate' and 'pcf verify --qr': the document a person reads, made from a
# verified bundle: pdftotext finds the figures and names (English and Chinese), zbarimg reads the QR
# code from the PNG and its digest is sha256sum's, the same bundle gives the same bytes, HTML escapes
# a hostile product name, and bundles that do not verify give no document (unless --unverified,
# which says NOT VERIFIED on the page).
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"

for tool in pdftotext zbarimg; do
	command -v $tool >/dev/null || { echo "Bail out! $tool not installed (poppler-utils, zbar-tools)"; exit 1; }
done
ID=9f1c2e4a-0b7d-4c1e-8a2f-3d5e6f708192
AT="--at 2026-12-01T00:00:00Z"
TRUST="--trust $PKI/root.pem --crl $PKI/crl/trusted.crl.pem $AT"
cert() { "$PCF" certificate "$@"; }
qrtext() { zbarimg -q --raw "$1" 2>/dev/null; }

# The example certificate: Portland cement under ISO 14067, RSA issuer (deterministic bundle).
expect 0 "issue the portland-cement bundle" "$PCF" issue "$top_srcdir/examples/portland-cement.yaml" \
	--method iso14067 $(sign issuer-rsa) --issued-at 2026-11-29T16:00:00Z --id $ID -o "$T/pc.pcfb"
SUM=$(sha256sum "$T/pc.pcfb" | cut -d' ' -f1)

expect 0 "pdf: made from a verified bundle" cert "$T/pc.pcfb" $TRUST -o "$T/pc.pdf"
check "pdf: a PDF file" sh -c "head -c 5 '$T/pc.pdf' | grep -q '%PDF-'"
pdftotext -layout "$T/pc.pdf" "$T/pc.txt"
for want in "Product Carbon Footprint Certificate" "Portland cement CEM I 42.5" "urn:example:cement:cem-i-42.5" \
	"821.5 kg CO2e" "804.9 kg CO2e" "16.61 kg CO2e" "per declared unit of 1 t" "cradle to gate" "iso14067 2.0.0" \
	"ISO 14067:2018" "Demo Certification Body" "Demo Certification Body Issuer \(RSA\)" "2026-11-29" "2027-11-29" \
	"Clinker burning" "724.1 \(88.1 %\)" "Contribution by process" "$ID" "$SUM" "Signature verified"; do
	if grep -Eq -- "$want" "$T/pc.txt"; then ok "pdf text has '$want'"; else not_ok "pdf text has '$want'"; fi
done
if grep -q "NOT VERIFIED" "$T/pc.txt"; then not_ok "a verified certificate has no watermark"; else ok "a verified certificate has no watermark"; fi
run pdfinfo "$T/pc.pdf"
expect_out "CreationDate: +Sun Nov 29 16:00:00 2026 UTC" "pdf: the creation date is the issue time"
expect_out "Title: +Product Carbon Footprint Certificate $ID" "pdf: the title names the certificate id"

expect 0 "pdf: a second run" cert "$T/pc.pcfb" $TRUST -o "$T/pc2.pdf"
check "pdf: the same bundle gives the same bytes" cmp "$T/pc.pdf" "$T/pc2.pdf"
expect 0 "pdf to standard output" cert "$T/pc.pcfb" $TRUST -o -
check "pdf: -o - writes the same bytes" cmp "$T/pc.pdf" "$T/out"

# Chinese.
expect 0 "pdf in Chinese" cert "$T/pc.pcfb" $TRUST --lang zh -o "$T/zh.pdf"
pdftotext "$T/zh.pdf" "$T/zh.txt"
for want in "产品碳足迹证书" "化石温室气体排放" "从摇篮到大门" "各过程的贡献" "认证机构" "Portland cement" "821.5 kg CO2e" "$ID"; do
	if grep -q -- "$want" "$T/zh.txt"; then ok "zh pdf text has '$want'"; else not_ok "zh pdf text has '$want'"; fi
done

# The QR code, read back from the PNG.
expect 0 "png" cert "$T/pc.pcfb" $TRUST -o "$T/pc.png"
check "png: a PNG file" sh -c "head -c 8 '$T/pc.png' | od -An -c | grep -q 'P   N   G'"
Q=$(qrtext "$T/pc.png")
if [ "$Q" = "pcfkit:certificate?id=$ID&sha256=$SUM" ]; then ok "png: the QR names the id and sha256sum of the bundle"
else not_ok "png: the QR names the id and sha256sum of the bundle"; diag "QR: $Q" "sha256sum: $SUM"; fi
expect 0 "png: a second run" cert "$T/pc.pcfb" $TRUST --format png -o "$T/pc2.out"
check "png: the same bytes (--format png)" cmp "$T/pc.png" "$T/pc2.out"
expect 0 "png with a verification URL" cert "$T/pc.pcfb" $TRUST --url "https://registry.example.org/verify?lang=en" -o "$T/url.png"
Q2=$(qrtext "$T/url.png")
if [ "$Q2" = "https://registry.example.org/verify?lang=en&id=$ID&sha256=$SUM" ]; then ok "png: the QR carries the URL"
else not_ok "png: the QR carries the URL"; diag "QR: $Q2"; fi
expect 0 "zh png" cert "$T/pc.pcfb" $TRUST --lang zh -o "$T/zh.png"
[ "$(qrtext "$T/zh.png")" = "$Q" ] && ok "zh png: the same QR" || not_ok "zh png: the same QR"

# pcf verify --qr: the scanned text names the bundle, or says why not.
expect 0 "verify --qr: the scanned QR names the bundle" "$PCF" verify "$T/pc.pcfb" $TRUST --qr "$Q"
expect_out "qr: match: the QR names this bundle: certificate $ID, SHA-256 $SUM" "verify --qr: says so"
expect 0 "verify --qr: the QR with the URL too" "$PCF" verify "$T/pc.pcfb" $TRUST --qr "$Q2"
expect 1 "verify --qr: another certificate's id" "$PCF" verify "$T/pc.pcfb" $TRUST \
	--qr "pcfkit:certificate?id=00000000-0000-0000-0000-000000000000&sha256=$SUM"
expect_out "qr: qr-id-mismatch: the QR names certificate 00000000-0000-0000-0000-000000000000, this bundle is certificate $ID" \
	"verify --qr: qr-id-mismatch names both"
expect 1 "verify --qr: another digest" "$PCF" verify "$T/pc.pcfb" $TRUST \
	--qr "pcfkit:certificate?id=$ID&sha256=$(printf '%064d' 0)"
expect_out "qr: qr-digest-mismatch: .*this bundle's SHA-256 is $SUM" "verify --qr: qr-digest-mismatch"
expect 1 "verify --qr: not a certificate link" "$PCF" verify "$T/pc.pcfb" $TRUST --qr "https://example.org/"
expect_out "qr: qr-malformed" "verify --qr: qr-malformed"
expect 1 "verify --qr --json: the mismatch on stderr" "$PCF" verify "$T/pc.pcfb" $TRUST --json --qr "x?id=1&sha256=2"
expect_err "qr: qr-malformed" "verify --qr --json: says why on stderr"
expect 2 "verify --qr with two bundles" "$PCF" verify "$T/pc.pcfb" "$T/pc.pcfb" $TRUST --qr "$Q"
# The same certificate id on other bytes (a re-issued copy) is a digest mismatch.
expect 0 "issue the same id again, another issue time" "$PCF" issue "$top_srcdir/examples/portland-cement.yaml" \
	--method iso14067 $(sign issuer-rsa) --issued-at 2026-11-29T16:00:01Z --id $ID -o "$T/pc-b.pcfb"
expect 1 "verify --qr: the first bundle's QR does not name the copy" "$PCF" verify "$T/pc-b.pcfb" $TRUST --qr "$Q"
expect_out "qr: qr-digest-mismatch" "verify --qr: copy is a digest mismatch"

# Bundles that do not verify give no document.
expect 1 "untrusted signer: no certificate" cert "$T/pc.pcfb" --trust "$PKI/other-root.pem" \
	--crl "$PKI/crl/other-root.crl.pem" $AT -o "$T/bad.pdf"
expect_err "no certificate made: the bundle is invalid: chain-untrusted" "untrusted: says why"
check "untrusted: nothing written" test ! -e "$T/bad.pdf"
expect 3 "expired certificate window: no certificate" cert "$T/pc.pcfb" --trust "$PKI/root.pem" \
	--crl "$PKI/crl/trusted.crl.pem" --at 2028-01-01T00:00:00Z -o "$T/bad.pdf"
expect_err "pcf-expired" "expired: says why"
cp "$T/pc.pcfb" "$T/tampered.pcfb"
# Flip one byte inside result.json's data (its digest no longer matches the manifest).
off=$(grep -abo '"kind": "pcfkit-result"' "$T/tampered.pcfb" | head -n 1 | cut -d: -f1)
printf 'X' | dd of="$T/tampered.pcfb" bs=1 seek=$((off + 1)) conv=notrunc 2>/dev/null
expect 1 "tampered: no certificate" cert "$T/tampered.pcfb" $TRUST -o "$T/bad.pdf"
expect 1 "tampered: not even --unverified" cert "$T/tampered.pcfb" --unverified -o "$T/bad.pdf"
expect_err "entry-digest-mismatch" "tampered --unverified: says why"
check "tampered: nothing written" test ! -e "$T/bad.pdf"

# --unverified: made, watermarked, and said so.
expect 0 "unverified: made" cert "$T/pc.pcfb" --unverified -o "$T/unv.pdf"
expect_err "WITHOUT verifying" "unverified: warns on stderr"
pdftotext "$T/unv.pdf" "$T/unv.txt"
check "unverified: NOT VERIFIED on the page" grep -q "NOT VERIFIED" "$T/unv.txt"
check "unverified: no 'Signature verified'" sh -c "! grep -q 'Signature verified' '$T/unv.txt'"
expect 0 "unverified zh" cert "$T/pc.pcfb" --unverified --lang zh -o "$T/unv-zh.pdf"
pdftotext "$T/unv-zh.pdf" "$T/unv-zh.txt"
check "unverified zh: 未验证 on the page" grep -q "未验证" "$T/unv-zh.txt"

# HTML, with a hostile product name.
sed 's|^  name: .*|  name: "<script>alert(1)</script> \& <b onmouseover='"'"'x'"'"'>"|' "$BDATA/steel.yaml" >"$T/evil.yaml"
expect 0 "issue a bundle with a hostile product name" issue "$T/evil.yaml" $(sign issuer) \
	--issued-at 2026-11-29T16:00:00Z -o "$T/evil.pcfb"
expect 0 "html" cert "$T/evil.pcfb" $TRUST --no-recompute -o "$T/evil.html"
check "html: no <script> from the bundle" sh -c "! grep -q '<script>' '$T/evil.html'"
check "html: no attribute from the bundle" sh -c "! grep -q \"<b onmouseover\" '$T/evil.html'"
check "html: the name escaped" grep -qF "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b onmouseover=&#39;x&#39;&gt;" "$T/evil.html"
check "html: the QR as inline SVG" grep -q '<svg xmlns="http://www.w3.org/2000/svg"' "$T/evil.html"
check "html: the certificate id" grep -q 'id="certificate-id">' "$T/evil.html"
expect 0 "pdf of the hostile name" cert "$T/evil.pcfb" $TRUST --no-recompute -o "$T/evil.pdf"
pdftotext "$T/evil.pdf" - | tr '\n' ' ' >"$T/evil.txt"
check "pdf: the hostile name shown as text" grep -qF "<script>alert(1)</script>" "$T/evil.txt"
expect 0 "html: a second run" cert "$T/evil.pcfb" $TRUST --no-recompute --format html -o "$T/evil2.out"
check "html: the same bytes" cmp "$T/evil.html" "$T/evil2.out"
expect 0 "html in Chinese, by extension" cert "$T/pc.pcfb" $TRUST --lang zh -o "$T/zh.html"
check "html zh: lang and labels" sh -c "grep -q 'lang=\"zh-Hans\"' '$T/zh.html' && grep -q '产品碳足迹证书' '$T/zh.html'"

# A very long product name is cut on the page: the parts do not overlap, and the QR code still reads.
long=$(head -c 3000 /dev/zero | tr '\0' 'W')
sed "s|^  name: .*|  name: \"Long $long\"|" "$BDATA/steel.yaml" >"$T/long.yaml"
expect 0 "issue a bundle with a 3000-character product name" issue "$T/long.yaml" $(sign issuer) \
	--issued-at 2026-11-29T16:00:00Z -o "$T/long.pcfb"
expect 0 "png of the long name" cert "$T/long.pcfb" $TRUST --no-recompute -o "$T/long.png"
QL=$(qrtext "$T/long.png")
case $QL in *"sha256=$(sha256sum "$T/long.pcfb" | cut -d' ' -f1)") ok "long name: the QR still reads" ;;
	*) not_ok "long name: the QR still reads"; diag "QR: $QL" ;; esac
expect 0 "pdf of the long name" cert "$T/long.pcfb" $TRUST --no-recompute -o "$T/long.pdf"
pdftotext "$T/long.pdf" "$T/long.txt"
check "long name: on the page" grep -q "^Long" "$T/long.txt"
check "long name: the figures are still on the page" grep -q "Certificate ID" "$T/long.txt"

# Usage and output errors.
expect 2 "no -o" cert "$T/pc.pcfb" $TRUST
expect 2 "--lang fr" cert "$T/pc.pcfb" $TRUST --lang fr -o "$T/x.pdf"
expect 2 "--format svg" cert "$T/pc.pcfb" $TRUST --format svg -o "$T/x.svg"
expect 2 "--unverified with --trust" cert "$T/pc.pcfb" --unverified --trust "$PKI/root.pem" -o "$T/x.pdf"
expect 2 "two bundles" cert "$T/pc.pcfb" "$T/pc.pcfb" $TRUST -o "$T/x.pdf"
expect 2 "--url not http(s)" cert "$T/pc.pcfb" $TRUST --url "javascript:alert(1)" -o "$T/x.pdf"
expect_err "expected an http:// or https:// URL" "--url: says what is expected"
expect 5 "existing output without --force" cert "$T/pc.pcfb" $TRUST -o "$T/pc.pdf"
expect 0 "--force overwrites" cert "$T/pc.pcfb" $TRUST -o "$T/pc.pdf" --force
expect 5 "missing bundle" cert "$T/nope.pcfb" $TRUST -o "$T/x.pdf"
expect 0 "--help" cert --help
expect_out "pcf certificate BUNDLE -o FILE" "--help shows the usage"

done_testing
