#!/bin/sh
# methods-trade-pact.sh - the pact plugin: worked examples against hand-computed numbers, determinism of the
# result and of both exports, the exports against the official PACT schemas (when ../shared/reference is
# present beside the source tree), the rules the schema misses, and every rule violation's error.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/methods-trade-lib.sh"

D="$DATA/methods/pact"
mt_plugin=pact

for exp in "$D"/*.expected; do
	name=$(basename "$exp" .expected)
	mt_example "$exp" || continue
	# "v2-export refused" in NAME.expected: the footprint is beyond TS 2.3 (checked below)
	if grep -q '^# v2-export refused' "$exp"; then
		v2=false
		echo '{}' >"$T/$name.v2.json"
	else
		v2=true
		expect 0 "$name: pact-v2 export" mt_run --format pact-v2
		cp "$T/out" "$T/$name.v2.json"
	fi
	expect 0 "$name: pact-v3 export" mt_run --format pact-v3
	cp "$T/out" "$T/$name.v3.json"
	$v2 && mt_run --format pact-v2 && check "$name: pact-v2 export is byte-identical on a second run" cmp -s "$T/out" "$T/$name.v2.json"
	mt_run --format pact-v3 && check "$name: pact-v3 export is byte-identical on a second run" cmp -s "$T/out" "$T/$name.v3.json"
	check "$name: hand-computed numbers (result, pact-v2, pact-v3)" \
		/usr/bin/python3 "$top_srcdir/tests/cli/methods-trade-expect.py" "$exp" "$T/$name.result.json" \
		"$T/$name.v2.json" "$T/$name.v3.json"
	if [ -n "$PACT_REF" ]; then
		for v in v2 v3; do
			[ $v = v2 ] && ! $v2 && continue
			if /usr/bin/python3 "$top_srcdir/tests/cli/methods-trade-pact-check.py" "$PACT_REF" $v "$T/$name.$v.json" >"$T/chk" 2>&1; then
				ok "$name: pact-$v export validates against the official schema and the rules it misses"
			else
				not_ok "$name: pact-$v export validates against the official schema and the rules it misses"
				diag "$(cat "$T/chk")"
			fi
		done
	else
		skip_test "$name: schema validation (../shared/reference/pact or python3-jsonschema missing)"
	fi
	# v3 decimals are plain decimal strings: no exponent anywhere
	if grep -Eq '"[-+]?[0-9.]+[eE][-+]?[0-9]+"' "$T/$name.v3.json" "$T/$name.v2.json"; then
		not_ok "$name: no exponent notation in the exports"
	else
		ok "$name: no exponent notation in the exports"
	fi
done

# Identity: the two versions of one footprint share its id; another footprint (here the same inventory
# allocated economically) gets another id; created is the end of the reporting period.
pid() { /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$1"; }
if [ -f "$T/coproduct.v3.json" ] && [ -f "$T/coproduct-economic.v3.json" ]; then
	check "pact-v2 and pact-v3 of one footprint share its id" test "$(pid "$T/coproduct.v2.json")" = "$(pid "$T/coproduct.v3.json")"
	check "another footprint of the same inventory gets another id" test "$(pid "$T/coproduct.v3.json")" != "$(pid "$T/coproduct-economic.v3.json")"
	check "the id is a version 8 (name-based, SHA-256) UUID" grep -Eq '"id": "[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"' "$T/coproduct.v3.json"
fi

# The strict checker itself catches what the published schema lets through.
if [ -n "$PACT_REF" ] && [ -f "$T/coproduct.v3.json" ]; then
	chk() { /usr/bin/python3 "$top_srcdir/tests/cli/methods-trade-pact-check.py" "$PACT_REF" "$@"; }
	mutate() { /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); exec(sys.argv[2]); json.dump(d, open(sys.argv[3], 'w'))" "$@"; }
	mutate "$T/coproduct.v3.json" "d['pcf']['fossilGhgEmissions']='1.8575e0'" "$T/m1.json"
	expect 1 "checker: exponent notation in a v3 decimal is refused" chk v3 "$T/m1.json"
	expect_out 'fossilGhgEmissions' "checker: names the decimal with an exponent"
	mutate "$T/coproduct.v3.json" "d['pcf']['dqi']['technologicalDQR']='5.5'" "$T/m3.json"
	expect 1 "checker: a DQR above 5 is refused (TS 3.0.3: between 1 and 5)" chk v3 "$T/m3.json"
	expect_out 'technologicalDQR: 5.5 is not between 1 and 5' "checker: names the DQR"
	mutate "$T/coproduct.v3.json" "d['pcf']['pcfExcludingBiogenicUptake']='1.9'" "$T/m4.json"
	expect 1 "checker: a total that is not the sum of its terms is refused" chk v3 "$T/m4.json"
	expect_out 'pcfExcludingBiogenicUptake:.*is not the sum of its terms' "checker: names the total"
	mutate "$T/coproduct.v3.json" "d['precedingPfIds']=[d['id']]" "$T/m5.json"
	expect 1 "checker: a footprint listing its own id as preceding is refused" chk v3 "$T/m5.json"
	mutate "$T/coproduct.v3.json" "d['pcf']['biogenicCO2Uptake']='5.0'" "$T/m2.json"
	expect 1 "checker: a positive biogenicCO2Uptake is refused (the '<= 0' pattern accepts it)" chk v3 "$T/m2.json"
	expect_out 'biogenicCO2Uptake: 5.0 breaks the rule "<= 0"' "checker: names the sign rule"
	mutate "$T/coproduct.v3.json" "d['pcf']['otherOperatorName']='TfS'" "$T/m3.json"
	expect 1 "checker: an unknown field is refused" chk v3 "$T/m3.json"
	expect_out "unknown field 'otherOperatorName'" "checker: names the unknown field"
	mutate "$T/coproduct.v2.json" "d['pcf']['packagingGhgEmissions']='0.1'" "$T/m4.json"
	expect 1 "checker: packagingGhgEmissions with packagingEmissionsIncluded false is refused" chk v2 "$T/m4.json"
	mutate "$T/coproduct.v2.json" "del d['pcf']['fossilCarbonContent']" "$T/m5.json"
	expect 1 "checker: a missing required field is refused by the schema" chk v2 "$T/m5.json"
	expect_out "'fossilCarbonContent' is a required property" "checker: names the missing field"
fi

# Rule violations: each refused with the rule, the clause and the offending entry (file:line:column).
# TS 3.0.3: no 5 % cap on exemptions (worked example exemption), but TS 2.3's pact-v2 cannot carry 5.5 %.
mt_directives "$D/exemption.expected"
expect 1 "pact-v2 refuses an exempted share above 2.3's 5 %" mt_run --format pact-v2
expect_err 'pact-v2 cannot carry exempted emissions of 5\.5 % \(Technical Specifications 2\.3 allow at most 5 %; 3\.0 removed the cap\): use pact-v3' \
	"the message says why and what to use"

# TS 3.0.3 lifecycle: a changed footprint gets a new id and lists the old one in precedingPfIds.
mt_directives "$D/coproduct.expected"
mt_run --format pact-v3 && cp "$T/out" "$T/life1.json"
old=$(pid "$T/life1.json")
mt_directives "$D/coproduct-economic.expected"
mt_params="$mt_params preceding-pf-ids=$old"
expect 0 "a changed footprint (economic allocation) exports with the old id as preceding" mt_run --format pact-v3
cp "$T/out" "$T/life2.json"
check "it has a new id" test "$(pid "$T/life2.json")" != "$old"
check "its id is the changed footprint's own (precedingPfIds does not enter the id)" \
	test "$(pid "$T/life2.json")" = "$(pid "$T/coproduct-economic.v3.json")"
check "precedingPfIds lists the old id" /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d.get("precedingPfIds") != [sys.argv[2]])' "$T/life2.json" "$old"
expect 0 "pact-v2 carries precedingPfIds too" mt_run --format pact-v2
check "the v2 export lists it" grep -q "\"precedingPfIds\"" "$T/out"
if [ -n "$PACT_REF" ]; then
	check "the v3 export with precedingPfIds validates" /usr/bin/python3 "$top_srcdir/tests/cli/methods-trade-pact-check.py" "$PACT_REF" v3 "$T/life2.json"
fi
mt_directives "$D/coproduct.expected"
mt_params="$mt_params preceding-pf-ids=$old"
expect 1 "an unchanged footprint cannot list its own id as preceding" mt_run --format pact-v3
expect_err "preceding-pf-ids lists $old, the id of this very footprint.*\[rule pact-preceding-id, PACT Technical Specifications 3\.0\.3 precedingPfIds\]" "the message names the id and the rule"
mt_params="$mt_params,F4B1225A-BD44-4C8E-861D-079E4E1DFD69"
expect 2 "preceding ids must be lowercase UUIDs" mt_run --format pact-v3
expect_err "parameter preceding-pf-ids: expected UUIDs in lowercase 8-4-4-4-12 form, found 'F4B1225A-BD44-4C8E-861D-079E4E1DFD69'" "the message quotes the bad id"
mt_directives "$D/coproduct.expected"
expect 0 "pact-v3 says specVersion 3.0.3" mt_run --format pact-v3
check "specVersion is 3.0.3" grep -q '"specVersion": "3.0.3"' "$T/out"
expect 0 "pact-v2 export" mt_run --format pact-v2
check "the pact-v2 export says 2.x is deprecated" grep -q 'PACT deprecated Technical Specifications 2.x in April 2026' "$T/out"
expect 0 "methods show" "$PCF" methods show pact
expect_out 'deprecated by PACT in April 2026' "the pact-v2 format says it is deprecated"

for inv in "$D"/bad/*.yaml; do
	mt_bad "$inv"
done

# Decimals far from 1 are written out in full, never with an exponent (the v3 Decimal pattern and v2's
# "decimal" format): 1.5e-7 and 1.2e22 kg CO2e.
for amt in 1.5e-7:0.00000015 1.2e22:12000000000000000000000; do
	cat >"$T/tiny.yaml" <<EOF
format-version: 1
product: {id: "urn:gtin:04012345000061", name: Trace, declared-unit: {amount: 1, unit: kg}}
reporting-period: {start: 2024-02-01, end: 2024-02-29}
organisation: {name: Example, id: "urn:lei:5299000J2N45DDNE4Y28"}
site: {country: DE}
boundary: cradle-to-gate
processes:
  - id: p
    name: P
    stage: production
    reference-flow: {amount: 1, unit: kg}
    emissions:
      - {gas: co2-fossil, amount: ${amt%%:*}, unit: kg}
EOF
	mt_inventory="$T/tiny.yaml"
	mt_params="cpc=1 packaging=excluded fossil-carbon-content=0"
	expect 0 "an export of ${amt%%:*} kg CO2e" mt_run --format pact-v3
	expect_out "\"pcfExcludingBiogenicUptake\": \"${amt#*:}\"" "v3 writes ${amt%%:*} as ${amt#*:}"
	expect_out '"referencePeriodEnd": "2024-03-01T00:00:00Z"' "the period ends after the leap day"
	cp "$T/out" "$T/tiny.v3.json"
	expect 0 "the v2 export of ${amt%%:*} kg CO2e" mt_run --format pact-v2
	expect_out "\"pCfExcludingBiogenic\": \"${amt#*:}\"" "v2 writes ${amt%%:*} as ${amt#*:}"
	cp "$T/out" "$T/tiny.v2.json"
	if [ -n "$PACT_REF" ]; then
		for v in v2 v3; do
			check "the $v export of ${amt%%:*} validates" /usr/bin/python3 "$top_srcdir/tests/cli/methods-trade-pact-check.py" "$PACT_REF" $v "$T/tiny.$v.json"
		done
	fi
done

# A factor stated in CO2e under AR5 is used as given, with a warning, and AR5 joins the characterisation
# factors the exports list (the spec: "include the set of all characterization factors used").
cat >"$T/ar5.yaml" <<'EOF'
format-version: 1
product: {id: "urn:gtin:04012345000078", name: Resin, declared-unit: {amount: 1, unit: kg}}
reporting-period: {start: 2024-01-01, end: 2024-12-31}
organisation: {name: Example, id: "urn:lei:5299000J2N45DDNE4Y28"}
site: {country: DE}
boundary: cradle-to-gate
processes:
  - id: p
    name: Resin blending
    stage: production
    reference-flow: {amount: 1, unit: kg}
    inputs:
      - name: base resin
        factor: {value: 2.0, gas: co2e, gwp-set: AR5, unit: kg, source: Example database, year: 2020}
        amount: 1
        unit: kg
EOF
mt_inventory="$T/ar5.yaml"
mt_params="cpc=1 packaging=excluded fossil-carbon-content=0.5"
expect 0 "a CO2e factor under AR5 computes" mt_run
expect_out 'emission factors in CO2e under AR5 are used as given' "the result warns about the AR5 factor"
expect 0 "its pact-v3 export" mt_run --format pact-v3
cp "$T/out" "$T/ar5.v3.json"
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d["pcf"]["ipccCharacterizationFactors"] != ["AR6", "AR5"])' "$T/ar5.v3.json"
check "v3 lists AR6 and AR5 as the characterisation factors used" test $? -eq 0
expect 0 "its pact-v2 export" mt_run --format pact-v2
expect_out '"characterizationFactors": "AR6"' "v2's single (deprecated) field keeps AR6"
cp "$T/out" "$T/ar5.v2.json"
if [ -n "$PACT_REF" ]; then
	check "the pact-v3 export with an AR5 factor validates" /usr/bin/python3 "$top_srcdir/tests/cli/methods-trade-pact-check.py" "$PACT_REF" v3 "$T/ar5.v3.json"
	check "the pact-v2 export with an AR5 factor validates" /usr/bin/python3 "$top_srcdir/tests/cli/methods-trade-pact-check.py" "$PACT_REF" v2 "$T/ar5.v2.json"
fi

# What the inventory format cannot say yet (parameters): documented defaults, a warning in the result and a
# sentence in the export's comment; identifiers that are not URNs are made URNs deterministically.
cp "$D/coproduct.yaml" "$T/co.yaml"
mt_inventory="$T/co.yaml"
mt_params=
expect 0 "without the export parameters the footprint computes" mt_run
expect_out "the product's fossil carbon content is not given \(--param fossil-carbon-content\)" "the result warns: fossil carbon content"
expect_out "whether packaging is included is not given \(--param packaging\)" "the result warns: packaging"
expect_out "the product's UN CPC code is not given \(--param cpc\)" "the result warns: CPC code"
expect 0 "pact-v2 without the parameters" mt_run --format pact-v2
expect_out '"productCategoryCpc": "unspecified"' "the CPC code is reported as unspecified, not invented"
expect_out '"fossilCarbonContent": "0"' "the fossil carbon content defaults to 0"
expect_out '"packagingEmissionsIncluded": false' "packaging defaults to not included"
expect_out 'The fossil carbon content was not declared and is reported as 0\. Whether packaging is included was not declared; it is reported as not included\. The UN CPC code was not declared' "the comment says which values are defaults"
if [ -n "$PACT_REF" ]; then
	cp "$T/out" "$T/defaults.v2.json"
	check "the v2 export with defaults validates" /usr/bin/python3 "$top_srcdir/tests/cli/methods-trade-pact-check.py" "$PACT_REF" v2 "$T/defaults.v2.json"
fi
mt_params="cpc=34170 packaging=maybe fossil-carbon-content=0"
expect 2 "a bad packaging value is refused (a usage error)" mt_run
expect_err "parameter packaging: expected included or excluded, found 'maybe'" "the bad value is named"
mt_params="cpc=34170 packaging=excluded fossil-carbon-content=-1"
expect 2 "a negative fossil carbon content is refused (a usage error)" mt_run
expect_err "parameter fossil-carbon-content: expected a number >= 0" "the bad number is named"
mt_params="cpc=34,170 packaging=excluded"
expect 2 "a malformed CPC code is refused (a usage error)" mt_run
expect_err "parameter cpc: expected a UN CPC code \(digits\), found '34,170'" "the bad code is named"
cat >"$T/piece.yaml" <<'EOF'
format-version: 1
product:
  id: urn:gtin:04012345000054
  name: Door handle
  declared-unit: {amount: 1, unit: piece}
  mass-per-declared-unit: {amount: 0.25, unit: kg}
reporting-period: {start: 2024-01-01, end: 2024-12-31}
organisation: {name: Example Handles GmbH, id: "urn:lei:5299000J2N45DDNE4Y28"}
site: {country: DE}
boundary: cradle-to-gate
processes:
  - id: casting
    name: Die casting
    stage: production
    reference-flow: {amount: 100, unit: piece}
    emissions:
      - {gas: co2-fossil, amount: 150, unit: kg}
EOF
mt_inventory="$T/piece.yaml"
mt_params="cpc=42999 packaging=excluded fossil-carbon-content=0"
expect 0 "pact-v3 exports a piece declared unit" mt_run --format pact-v3
expect_out '"declaredUnitOfMeasurement": "piece"' "the v3 export says piece"
expect_out '"productMassPerDeclaredUnit": "0.25"' "the v3 export gives the mass of the declared unit"
expect_out '"pcfExcludingBiogenicUptake": "1.5"' "150 kg CO2e per 100 pieces is 1.5 per piece"
expect 0 "pact-v2 declares a piece of known mass per kilogram" mt_run --format pact-v2
expect_out '"declaredUnit": "kilogram"' "v2 has no piece: the declared unit is the kilogram"
expect_out '"unitaryProductAmount": "0.25"' "one piece holds 0.25 kg"
expect_out '"pCfExcludingBiogenic": "6"' "1.5 kg CO2e per 0.25 kg piece is 6 per kg"
grep -v mass-per-declared-unit "$T/piece.yaml" >"$T/piece-nomass.yaml"
mt_inventory="$T/piece-nomass.yaml"
expect 1 "pact-v2 refuses a piece of unknown mass" mt_run --format pact-v2
expect_err 'pact-v2 has no declared unit for piece .* and the product.s mass per declared unit is not given' "the reason is given"
expect 1 "pact-v3 needs the mass of a piece" mt_run --format pact-v3
expect_err 'productMassPerDeclaredUnit' "the missing field is named"
sed 's/id: "urn:lei:5299000J2N45DDNE4Y28"/id: LEI 5299000J2N45DDNE4Y28/; s/id: urn:gtin:04012345000016/id: ACME-4711/' "$D/coproduct.yaml" >"$T/nourn.yaml"
mt_inventory="$T/nourn.yaml"
expect 0 "identifiers that are not URNs are exported" mt_run --format pact-v3
expect_out '"urn:pcfkit:organisation-id:LEI%205299000J2N45DDNE4Y28"' "the company id is made a URN, percent-encoded"
expect_out '"urn:pcfkit:product:ACME-4711"' "the product id is made a URN"

done_testing
