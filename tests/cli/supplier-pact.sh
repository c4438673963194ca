#!/bin/sh
# supplier-pact.sh - a PACT v2.x/v3.x ProductFootprint JSON file as a supplier input
# (supplier: {pact: PATH}, docs/inventory-format.md "Supplier certificates"): read as the
# supplier's declared figures, checked against the PACT rules, flagged unverified secondary data
# in result.json ("verified": false, "source": "pact-v3"); cbam refuses it.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"
SD=$top_srcdir/tests/data/supplier-pact
REF=${PCF_REFERENCE_DIR:-$top_srcdir/../shared/reference}/pact
AT=2026-06-01T00:00:00Z
ST="--supplier-trust $PKI/root.pem --supplier-crl $PKI/crl/trusted.crl.pem --at $AT"
W=$T/w
mkdir -p "$W"
cp "$SD/coil-pact.yaml" "$SD/ore-v3.json" "$W/"

# The worked example (tests/data/supplier-pact/composed.txt).
expect 0 "a PACT v3 supplier: computes" "$PCF" compute -m iso14067 $ST --json "$W/coil-pact.yaml"
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
assert len(want) == 6, want
PY
check "result.json marks it unverified secondary data from pact-v3" /usr/bin/python3 - "$W/coil.json" "$W/ore-v3.json" <<'PY'
import hashlib, json, sys
s = json.load(open(sys.argv[1]))["suppliers"]
assert len(s) == 1, s
s = s[0]
assert s["verified"] is False and s["source"] == "pact-v3", s
assert s["sha256"] == hashlib.sha256(open(sys.argv[2], "rb").read()).hexdigest(), s
assert s["methodology"] == {"id": "pact-v3", "version": "3.0.0"}, s
assert abs(s["declared-units-per-run"] - 0.0011) < 1e-15 and s["supplier-total"] == 1850, s
PY
check "iso14067 accepts it with a warning: unverified secondary data" grep -q "unverified secondary data" "$W/coil.json"
if /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
	check "the result validates against result.schema.json" /usr/bin/python3 -c '
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))' "$W/coil.json" "$top_srcdir/schemas/result.schema.json"
	check "coil-pact.yaml validates against inventory.schema.json" /usr/bin/python3 "$top_srcdir/tests/inventory_schema.py" "$top_srcdir/schemas/inventory.schema.json" "$W/coil-pact.yaml"
else
	skip_test "python3-jsonschema is not installed"
fi
expect 0 "pact methodology accepts it" "$PCF" compute -m pact $ST --json "$W/coil-pact.yaml"
check "pact: primaryDataShare 40 % of the supplier's emissions" /usr/bin/python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["footprint"]; assert 0 < f["primary-data-share"] < 1, f' "$T/out"
expect 1 "cbam refuses unverified supplier data" "$PCF" compute -m cbam $ST "$W/coil-pact.yaml"
expect_err "cbam-supplier-unverified" "... with its rule"

# Key and content must agree.
sed 's/{pact: ore-v3.json}/{bundle: ore-v3.json}/' "$W/coil-pact.yaml" > "$W/wrong-key.yaml"
expect 1 "a PACT file written as bundle: refused" "$PCF" compute -m iso14067 $ST "$W/wrong-key.yaml"
expect_err "ore-v3.json is a PACT ProductFootprint, not a supplier bundle: write pact:" "... saying which key"

# Invalid PACT files: refused with the file and the member.
bad() { # NAME SED PATTERN
	sed "$2" "$SD/ore-v3.json" > "$W/ore-v3.json"
	expect 1 "$1: refused" "$PCF" compute -m iso14067 $ST "$W/coil-pact.yaml"
	expect_err "coil-pact.yaml:15:.*supplier\.pact: supplier PACT file .*ore-v3.json: .*$3" "$1: the file and what is wrong"
}
bad "formula broken" 's/"pcfExcludingBiogenicUptake": "1900"/"pcfExcludingBiogenicUptake": "1901"/' "pcf.pcfExcludingBiogenicUptake: 1901 is not the sum"
bad "exponent decimal" 's/"fossilGhgEmissions": "1800"/"fossilGhgEmissions": "1.8e3"/' "pcf.fossilGhgEmissions: expected a decimal string"
bad "positive uptake" 's/"biogenicCO2Uptake": "-50"/"biogenicCO2Uptake": "50"/' "pcf.biogenicCO2Uptake: must be <= 0"
bad "no declared unit" 's/"declaredUnitOfMeasurement": "kilogram",//' "pcf.declaredUnitOfMeasurement: required member missing"
bad "spec 1.0" 's/"specVersion": "3.0.0"/"specVersion": "1.0.0"/' "specVersion: expected 2.x or 3.x"
bad "not JSON" 's/^{$/[/' "not JSON"
# The size limit: 256 MiB (the supplier input limit, docs/limits.md), checked before reading.
rm -f "$W/ore-v3.json"; printf '{' > "$W/ore-v3.json"; truncate -s $((256 * 1024 * 1024)) "$W/ore-v3.json"
expect 1 "a PACT file of exactly 256 MiB is read (and is not JSON)" "$PCF" compute -m iso14067 $ST "$W/coil-pact.yaml"
expect_err "ore-v3.json: line 1, column .*not JSON" "... read and refused as not JSON"
rm -f "$W/ore-v3.json"; printf '{' > "$W/ore-v3.json"; truncate -s $((256 * 1024 * 1024 + 1)) "$W/ore-v3.json"
expect 1 "256 MiB + 1: refused before reading" "$PCF" compute -m iso14067 $ST "$W/coil-pact.yaml"
expect_err "ore-v3.json: .*(larger|limit)" "... as too large"
cp "$SD/ore-v3.json" "$W/"

# The published examples (../shared/reference/pact), each as a supplier input of 1 declared unit.
if [ -d "$REF/v3/examples" ]; then
	for f in "$REF"/v3/examples/*.json "$REF"/v2/get-footprint-response.json; do
		[ -f "$f" ] || continue
		n=$(basename "$f" .json)
		cp "$f" "$W/ex-$n.json"
		u=$(/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1])); d = d.get("data", d); p = d["pcf"]
u = p.get("declaredUnitOfMeasurement") or p.get("declaredUnit")
a = p.get("declaredUnitAmount") or p.get("unitaryProductAmount")
print(a, {"liter": "L", "kilogram": "kg", "cubic meter": "m3", "kilowatt hour": "kWh", "megajoule": "MJ", "ton kilometer": "tkm", "square meter": "m2"}.get(u, "piece"))' "$f")
		sed "s/{pact: ore-v3.json}/{pact: ex-$n.json}/; s/amount: 1.1\$/amount: ${u% *}/; s/unit: kg\$/unit: ${u#* }/" "$W/coil-pact.yaml" > "$W/ex-$n.yaml"
		"$PCF" compute -m iso14067 $ST --json "$W/ex-$n.yaml" > "$W/ex-$n.out" 2> "$W/ex-$n.err"
		rc=$?
		# the same file through the project's PACT checker (tests/cli/methods-trade-pact-check.py)
		case $f in */v2/*) v=v2; /usr/bin/python3 -c 'import json,sys; json.dump(json.load(open(sys.argv[1]))["data"], open(sys.argv[2], "w"))' "$f" "$W/ex-$n.pf.json" ;; *) v=v3; cp "$f" "$W/ex-$n.pf.json" ;; esac
		if /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
			/usr/bin/python3 "$top_srcdir/tests/cli/methods-trade-pact-check.py" "$REF" $v "$W/ex-$n.pf.json" > "$W/ex-$n.chk" 2>&1
			crc=$?
		else
			crc=skip
		fi
		if [ $rc -eq 0 ] && [ "$crc" != 1 ]; then
			ok "published example $n accepted as a supplier (the project's PACT checker: $crc)"
		elif [ $rc -ne 0 ] && [ "$crc" = 1 ]; then
			ok "published example $n refused, as the project's PACT checker refuses it: $(head -c 200 "$W/ex-$n.err")"
		else
			not_ok "published example $n: pcf $rc, checker $crc: $(head -c 300 "$W/ex-$n.err") $(head -c 300 "$W/ex-$n.chk")"
		fi
	done
else
	skip_test "no PACT reference folder at $REF"
fi

# Issue with a PACT supplier.
expect 0 "issue a product with a PACT supplier" "$PCF" issue -m iso14067 $(sign issuer) --issued-at 2026-01-01T00:00:00Z $ST "$W/coil-pact.yaml" -o "$W/coil.pcfb"
SHA=$(sha256sum "$W/ore-v3.json" | cut -c1-64)
check "the PACT file is embedded by digest as suppliers/SHA.json" sh -c 'tar -tf "$1" | grep -qx "suppliers/$2.json"' - "$W/coil.pcfb" "$SHA"
expect 0 "verify: valid, the PACT supplier recomputed from the embedded file" "$PCF" verify --trust "$PKI/root.pem" --crl "$PKI/crl/trusted.crl.pem" --at $AT --tree "$W/coil.pcfb"
expect_out "coil > ore-v3.json: unverified \(unverified-secondary-data\); Ore Mining Co; 1850 kg CO2e" "--tree reports the PACT supplier as unverified"
# a changed embedded file fails the digest check
/usr/bin/python3 - "$W/coil.pcfb" "$W/tampered.pcfb" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
i = b.index(b'"fossilGhgEmissions": "1800"') + 23
b[i] = ord("9")
open(sys.argv[2], "wb").write(b)
PY
expect 1 "verify: a changed embedded PACT file is refused" "$PCF" verify --trust "$PKI/root.pem" --crl "$PKI/crl/trusted.crl.pem" --at $AT "$W/tampered.pcfb"

done_testing
