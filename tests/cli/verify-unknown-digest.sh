#!/bin/sh
# verify-unknown-digest.sh - a signature whose SignedData.digestAlgorithms names an algorithm OpenSSL
# does not know is refused, and (under valgrind, as CI runs every CLI test) without a leak: OpenSSL
# up to at least 3.0.19 leaks the content BIO that CMS_verify copies a memory BIO into when
# CMS_dataInit then fails, so the verifier must not hand CMS_verify a bare memory BIO. The damaged
# bytes are those tests/cli/verify-robust.sh found: the last byte of the first SHA-256 OID in
# manifest.p7s (the digestAlgorithms set comes first in SignedData) and its neighbours.
. "$top_srcdir/tests/cli/lib.sh"
PKI=${PCF_TEST_PKI:?run through make check}
"$PCF" issue "$top_srcdir/tests/data/bundle/steel.yaml" --method example --key "$PKI/issuer.key" \
	--cert "$PKI/issuer.pem" --chain "$PKI/chain.pem" --issued-at 2026-11-29T16:00:00Z -o "$T/good.pcfb" ||
	{ not_ok "issue a bundle"; done_testing; exit 1; }
/usr/bin/python3 - "$T/good.pcfb" "$T" <<'PY' || { not_ok "make the damaged bundles"; done_testing; exit 1; }
import sys, tarfile
src, out = sys.argv[1], sys.argv[2]
raw = open(src, "rb").read()
with tarfile.open(src) as t:
    m = t.getmember("manifest.p7s")
    start = m.offset_data
p7s = raw[start:start + m.size]
sha256 = bytes.fromhex("0609608648016503040201")
at = start + p7s.index(sha256) + len(sha256) - 1       # the OID's last byte: 2.16.840.1.101.3.4.2.1
for i, value in enumerate([0x7f, 0x00, 0x63]):           # unknown arcs of the NIST hash branch
    b = bytearray(raw)
    b[at] = value
    open("%s/unknown-%d.pcfb" % (out, i), "wb").write(bytes(b))
PY
V="--trust $PKI/root.pem --crl $PKI/crl/trusted.crl.pem --at 2027-01-01T00:00:00Z"
# shellcheck disable=SC2086
expect 0 "the undamaged bundle is valid" "$PCF" verify $V "$T/good.pcfb"
for i in 0 1 2; do
	# shellcheck disable=SC2086
	expect 1 "digestAlgorithms with an unknown algorithm ($i) is invalid, without a leak" "$PCF" verify $V "$T/unknown-$i.pcfb"
	expect_out ': invalid: ' "the verdict of unknown-$i says invalid"
done
# the same three in one batch, as verify-robust.sh runs them
# shellcheck disable=SC2086
expect 1 "the three in one batch are invalid, without a leak" "$PCF" verify $V "$T"/unknown-*.pcfb
done_testing
