#!/bin/sh
# certificate-memcheck.sh - each path of 'pcf certificate' once (PDF in English and Chinese, PNG,
# HTML, --unverified) and 'pcf verify --qr', for the valgrind stage of ./quickstart check, which runs
# this instead of certificate.sh: under memcheck, pango and cairo take tens of seconds per document,
# and certificate.sh makes more than thirty. The content of the documents is certificate.sh's job.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"
ID=9f1c2e4a-0b7d-4c1e-8a2f-3d5e6f708192
TRUST="--trust $PKI/root.pem --crl $PKI/crl/trusted.crl.pem --at 2026-12-01T00:00:00Z"
expect 0 "issue the portland-cement bundle" "$PCF" issue "$top_srcdir/examples/portland-cement.yaml" \
	--method iso14067 $(sign issuer-rsa) --issued-at 2026-11-29T16:00:00Z --id $ID -o "$T/pc.pcfb"
SUM=$(sha256sum "$T/pc.pcfb" | cut -d' ' -f1)
expect 0 "pdf, English" "$PCF" certificate "$T/pc.pcfb" $TRUST -o "$T/pc.pdf"
expect 0 "pdf, Chinese" "$PCF" certificate "$T/pc.pcfb" $TRUST --lang zh -o "$T/zh.pdf"
expect 0 "png" "$PCF" certificate "$T/pc.pcfb" $TRUST -o "$T/pc.png"
expect 0 "html" "$PCF" certificate "$T/pc.pcfb" $TRUST -o "$T/pc.html"
expect 0 "unverified pdf" "$PCF" certificate "$T/pc.pcfb" --unverified -o "$T/u.pdf"
expect 0 "verify --qr with the right text" "$PCF" verify "$T/pc.pcfb" $TRUST --qr "pcfkit:certificate?id=$ID&sha256=$SUM"
expect 1 "verify --qr with another digest" "$PCF" verify "$T/pc.pcfb" $TRUST \
	--qr "pcfkit:certificate?id=$ID&sha256=0000000000000000000000000000000000000000000000000000000000000000"
done_testing
