#!/bin/sh
# supplier-issue.sh - supplier certificates as inputs at issue time (docs/inventory-format.md,
# "Supplier certificates"): pcf compute and pcf issue verify each supplier bundle under
# --supplier-trust / --supplier-crl / --at and refuse, failing closed, one that is tampered,
# revoked, expired, superseded or signed by an untrusted body, naming the input's position, the
# bundle and its verdict; the supplier's result enters the product's as one contribution.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"
SD=$top_srcdir/tests/data/supplier
AT=2026-06-01T00:00:00Z
ST="--supplier-trust $PKI/root.pem --supplier-crl $PKI/crl/trusted.crl.pem --at $AT"
W=$T/w
mkdir -p "$W"
cp "$SD/ore.yaml" "$SD/coil.yaml" "$W/"
ISS="--issued-at 2026-01-01T00:00:00Z"

# The supplier: pig iron, certified under iso14067 by the demo body.
expect 0 "the supplier's certificate is issued" "$PCF" issue -m iso14067 $(sign issuer) $ISS "$W/ore.yaml" -o "$W/ore.pcfb"

# Without a supplier trust policy a supplier input does not compute.
expect 1 "no --supplier-trust: refused" "$PCF" compute -m iso14067 "$W/coil.yaml"
expect_err "coil.yaml:15:9: process 'roll' takes the supplier bundle ore.pcfb, which was not read .*--supplier-trust" \
	"... naming the input and the option"
expect 2 "--at without --supplier-trust is a usage error" "$PCF" compute -m iso14067 --at $AT "$W/coil.yaml"

# With it: the supplier's figures flow in. Worked example (tests/data/supplier/composed.txt).
expect 0 "verified supplier: computes" "$PCF" compute -m iso14067 $ST --json "$W/coil.yaml"
cp "$T/out" "$W/coil.json"
check "composed footprint matches the worked example to 1e-9" /usr/bin/python3 - "$W/coil.json" "$SD/composed.txt" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["footprint"]
want = {}
for line in open(sys.argv[2]):
    if line.startswith("coil."):
        k, v = line.split("=", 1)
        want[k[5:].strip()] = float(v.split("#")[0])
for k, v in want.items():
    assert abs(r[k] - v) <= 1e-9, (k, r[k], v)
assert len(want) == 7, want
PY
check "result.json records the supplier (certificate id, sha256, body)" /usr/bin/python3 - "$W/coil.json" "$W/ore.pcfb" <<'PY'
import hashlib, json, sys
s = json.load(open(sys.argv[1]))["suppliers"]
assert len(s) == 1, s
s = s[0]
assert s["ref"] == "ore.pcfb" and s["process"] == "roll", s
assert s["sha256"] == hashlib.sha256(open(sys.argv[2], "rb").read()).hexdigest(), s
assert s["body"] == "Demo Certification Body Issuer" and s["body-organisation"] == "Demo Certification Body", s
assert s["methodology"] == {"id": "iso14067", "version": "2.0.0"}, s
assert s["verified"] is True and abs(s["declared-units-per-run"] - 0.0011) < 1e-15, s
PY
if /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
	check "the result with suppliers validates against result.schema.json" /usr/bin/python3 -c '
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))' "$W/coil.json" "$top_srcdir/schemas/result.schema.json"
else
	skip_test "python3-jsonschema is not installed"
fi
expect 0 "the other built-in methodologies compute it too: pact" "$PCF" compute -m pact $ST --json "$W/coil.yaml"
check "pact: the supplier's primary data share (1: the ore is primary) weighted by emissions" \
	/usr/bin/python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["footprint"]; assert abs(f["primary-data-share"]-1)<1e-12, f' "$T/out"
expect 0 "... pas2050" "$PCF" compute -m pas2050 $ST --json "$W/coil.yaml"
expect_out '"warnings"' "... pas2050 result"
check "pas2050 warns that the supplier was certified under iso14067" grep -q "computed under iso14067, not pas2050" "$T/out"
expect 1 "cbam refuses a supplier certified under another methodology" "$PCF" compute -m cbam $ST "$W/coil.yaml"
expect_err "cbam-supplier-methodology" "... with its rule"

# The product's certificate.
expect 0 "issue with a verified supplier" "$PCF" issue -m iso14067 $(sign issuer) $ISS $ST "$W/coil.yaml" -o "$W/coil.pcfb"

# Refusals: each names the input's position, the bundle and the verdict.
refuse() { # NAME PATTERN: coil.yaml (taking $W/ore.pcfb) is refused with PATTERN
	expect 1 "$1: refused by compute" "$PCF" compute -m iso14067 $ST "$W/coil.yaml"
	expect_err "coil.yaml:15:28: processes\[0\]\.inputs\[0\]\.supplier\.bundle: supplier bundle .*/ore.pcfb: not a valid certificate: $2" "$1: the position, the bundle and the verdict"
	expect 1 "$1: refused by issue" "$PCF" issue -m iso14067 $(sign issuer) $ISS $ST "$W/coil.yaml" -o "$W/refused.pcfb"
	check "$1: nothing issued" test ! -e "$W/refused.pcfb"
}
cp "$W/ore.pcfb" "$W/ore-good.pcfb"
# tampered: one byte of the result changed (the manifest's digest no longer matches)
/usr/bin/python3 - "$W/ore-good.pcfb" "$W/ore.pcfb" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
i = b.index(b'"total": ') + 9
b[i] = ord("9") if b[i] != ord("9") else ord("8")
open(sys.argv[2], "wb").write(b)
PY
refuse tampered "invalid \("
# revoked signer
expect 0 "a supplier signed by a revoked key" "$PCF" issue -m iso14067 $(sign revoked) $ISS "$W/ore.yaml" -o "$W/ore.pcfb" --force
refuse revoked "revoked \(certificate-revoked\)"
# expired: a supplier certificate valid for 30 days from 2025-02-01, checked at 2026-06-01
expect 0 "a supplier certificate that has expired" "$PCF" issue -m iso14067 $(sign issuer) --issued-at 2025-02-01T00:00:00Z --valid-days 30 "$W/ore.yaml" -o "$W/ore.pcfb" --force
refuse expired "expired \(pcf-expired\)"
# untrusted body: another hierarchy
expect 0 "a supplier signed by an untrusted body" "$PCF" issue -m iso14067 --key "$PKI/other-issuer.key" --cert "$PKI/other-issuer.pem" --chain "$PKI/other-ca-chain.pem" $ISS "$W/ore.yaml" -o "$W/ore.pcfb" --force
refuse untrusted "invalid \(chain-untrusted\)"
# superseded: the issuer knows the newer certificate
cp "$W/ore-good.pcfb" "$W/ore.pcfb"
OLD=$(tar -xOf "$W/ore.pcfb" manifest.json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["certificate-id"])')
expect 0 "a newer supplier certificate superseding it" "$PCF" issue -m iso14067 $(sign issuer) --issued-at 2026-02-01T00:00:00Z --supersedes "$OLD" "$W/ore.yaml" -o "$W/ore-v2.pcfb"
expect 0 "without --supplier-known the older one is used" "$PCF" compute -m iso14067 $ST "$W/coil.yaml"
ST="$ST --supplier-known $W/ore-v2.pcfb"
refuse superseded "superseded"

# Oversized: a supplier bundle is read up to the verifier's input limit, 256 MiB (docs/limits.md),
# checked before reading (sparse files): at the limit it is read (and is no archive), one byte more is refused.
rm -f "$W/ore.pcfb"; truncate -s $((256 * 1024 * 1024)) "$W/ore.pcfb"
expect 1 "a supplier bundle of exactly 256 MiB is read (and is not an archive)" "$PCF" compute -m iso14067 $ST "$W/coil.yaml"
expect_err "ore.pcfb: not a valid certificate: invalid \(manifest-missing\)" "... read and judged (zeros: an empty archive, no manifest)"
rm -f "$W/ore.pcfb"; truncate -s $((256 * 1024 * 1024 + 1)) "$W/ore.pcfb"
expect 1 "256 MiB + 1: refused before reading" "$PCF" compute -m iso14067 $ST "$W/coil.yaml"
expect_err "supplier bundle .*ore.pcfb: .*(larger|limit)" "... as too large"
cp "$W/ore-good.pcfb" "$W/ore.pcfb"

# A batch verifies each distinct supplier digest once: two products, one supplier.
ST="--supplier-trust $PKI/root.pem --supplier-crl $PKI/crl/trusted.crl.pem --at $AT"
mkdir -p "$W/batch"
cp "$W/coil.yaml" "$W/coil2.yaml"
expect 0 "a batch of two products sharing a supplier" "$PCF" issue -m iso14067 $(sign issuer) $ISS $ST "$W/coil.yaml" "$W/coil2.yaml" -o "$W/batch"
check "two bundles" test -f "$W/batch/coil.pcfb" -a -f "$W/batch/coil2.pcfb"

done_testing
