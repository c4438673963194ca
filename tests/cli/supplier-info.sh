#!/bin/sh
# supplier-info.sh - what a plugin sees of a supplier certificate (plugin ABI 1.2): host->supplier_info
# (certificate id, body, methodology, product, declared unit, total and parts, primary-data share,
# data-quality indicators, flags) and the five co2e flows of origin PCF_FROM_SUPPLIER in the LCI,
# scaled by the declared units taken and the supply, through the supplierinfo test plugin
# (tests/plugins/host/supplierinfo.c). Arithmetic in tests/data/supplier/dq-ore.yaml, dq-user.yaml.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"
SD=$top_srcdir/tests/data/supplier
HP="$top_builddir/tests/plugins/host/.libs"
AT=2026-06-01T00:00:00Z
ST="--supplier-trust $PKI/root.pem --supplier-crl $PKI/crl/trusted.crl.pem --at $AT"
cp "$SD/dq-ore.yaml" "$SD/dq-user.yaml" "$T/"

expect 0 "the rated supplier is issued" "$PCF" issue -m iso14067 $(sign issuer) --issued-at 2026-01-01T00:00:00Z \
	"$T/dq-ore.yaml" -o "$T/dq-ore.pcfb"
expect 0 "the plugin's view of it" "$PCF" compute --plugin-dir "$HP" --method supplierinfo --format supplier-info $ST "$T/dq-user.yaml"
cp "$T/out" "$T/info.json"
check "supplier_info: the certificate as certified" /usr/bin/python3 - "$T/info.json" "$T/dq-ore.pcfb" <<'PY'
import hashlib, json, sys, tarfile
j = json.load(open(sys.argv[1]))
m = json.load(tarfile.open(sys.argv[2]).extractfile("manifest.json"))
(s,) = j["suppliers"]
want = {"process": "cast", "ref": "dq-ore.pcfb", "sha256": hashlib.sha256(open(sys.argv[2], "rb").read()).hexdigest(),
        "certificate-id": m["certificate-id"], "body": "Demo Certification Body Issuer",
        "body-organisation": "Demo Certification Body", "methodology": "iso14067", "methodology-version": "2.0.0",
        "product-id": "urn:example:pig-iron-dq", "product-name": "Pig iron (rated)", "declared-amount": 1,
        "declared-unit": "t", "gwp-set": "AR6", "total": 1110, "fossil": 600, "biogenic-emissions": 100,
        "biogenic-removals": 40, "dluc": 50, "aircraft": 400, "dq-technological": 1, "dq-temporal": 2,
        "dq-geographical": 1, "dq-completeness": 3, "dq-reliability": 2, "verified": True, "units": 2.5,
        "input-converted": 2.5}
for k, v in want.items():
    assert s[k] == v or (isinstance(v, (int, float)) and abs(s[k] - v) < 1e-9), (k, s[k], v)
assert abs(s["primary-share"] - 790 / 1190) < 1e-12, s["primary-share"]
PY
check "the LCI: five co2e flows, parts x 2.5 declared units x 2 runs, in order, with categories" /usr/bin/python3 - "$T/info.json" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))["flows"]
# PCF_FLOW_FOSSIL 1, BIOGENIC 2, LAND_USE_CHANGE 3, AIRCRAFT 4
want = [(3000, 1, False), (500, 2, False), (-200, 2, True), (250, 3, False), (2000, 4, False)]
assert len(f) == 5, f
for x, (a, c, r) in zip(f, want):
    assert x["gas"] == "co2e" and x["factor-null"] is True, x
    assert abs(x["amount"] - a) < 1e-9 and x["category"] == c and x["removal"] is r, (x, a, c, r)
    assert abs(x["primary-share"] - 790 / 1190) < 1e-12, x
PY

# PACT's primary data share takes the supplier's share weighted by emissions (docs/methods/pact.md):
# the casting also uses 7.5 kWh at 100 kg co2-fossil/kWh per run, an inline (primary) figure:
#   per declared unit (2 runs): own 1500 primary; supplier flows counted by PACT: fossil 3000,
#   dLUC 250, aircraft 2000 = 5250 at the supplier's share 790/1190 (biogenic CO2 and removals are
#   not counted); share = (1500 + 5250 x 790/1190) / (1500 + 5250) = 4985.294117.../6750 = 0.738562...
sed 's|^    data-quality: {type: primary}|      - factor: {value: 100, gas: co2-fossil, unit: kWh, source: own metering}\n        amount: 7.5\n        unit: kWh\n    data-quality: {type: primary}|' \
	"$T/dq-user.yaml" > "$T/dq-user-pact.yaml"
expect 0 "pact computes it" "$PCF" compute -m pact --json $ST "$T/dq-user-pact.yaml"
check "pact: the primary data share weighted by emissions with the supplier's own share" /usr/bin/python3 -c '
import json, sys
f = json.load(open(sys.argv[1]))["footprint"]
want = (1500 + 5250 * 790 / 1190) / (1500 + 5250)
assert abs(f["primary-data-share"] - want) < 1e-12, (f["primary-data-share"], want)' "$T/out"

done_testing
