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
	expect 0 "$name: pact-v2 export" mt_run --format pact-v2
	cp "$T/out" "$T/$name.v2.json"
	expect 0 "$name: pact-v3 export" mt_run --format pact-v3
	cp "$T/out" "$T/$name.v3.json"
	mt_run --format pact-v2 && check "$name: pact-v2 export is byte-identical on a second run" cmp -s "$T/out" "$T/$name.v2.json"
	mt_run --format pact-v3 && check "$name: pact-v3 export is byte-identical on a second run" cmp -s "$T/out" "$T/$name.v3.json"
	check "$name: hand-computed numbers (result, pact-v2, pact-v3)" \
		/usr/bin/python3 "$top_srcdir/tests/cli/methods-trade-expect.py" "$exp" "$T/$name.result.json" \
		"$T/$name.v2.json" "$T/$name.v3.json"
	if [ -n "$PACT_REF" ]; then
		for v in v2 v3; do
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

# The strict checker itself catches what the published schema lets through.
if [ -n "$PACT_REF" ] && [ -f "$T/coproduct.v3.json" ]; then
	chk() { /usr/bin/python3 "$top_srcdir/tests/cli/methods-trade-pact-check.py" "$PACT_REF" "$@"; }
	mutate() { /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); exec(sys.argv[2]); json.dump(d, open(sys.argv[3], 'w'))" "$@"; }
	mutate "$T/coproduct.v3.json" "d['pcf']['fossilGhgEmissions']='1.8575e0'" "$T/m1.json"
	expect 1 "checker: exponent notation in a v3 decimal is refused" chk v3 "$T/m1.json"
	expect_out 'fossilGhgEmissions' "checker: names the decimal with an exponent"
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
for inv in "$D"/bad/*.yaml; do
	mt_bad "$inv"
done

# Export requirements the inventory cannot meet yet (parameters), each named.
cp "$D/coproduct.yaml" "$T/co.yaml"
mt_inventory="$T/co.yaml"
mt_params="packaging=excluded fossil-carbon-content=0"
expect 1 "pact-v2 without a CPC code is refused" mt_run --format pact-v2
expect_err 'pact-v2 needs the product.s UN CPC code \(productCategoryCpc\): give --param cpc=CODE' "the missing CPC code is named"
mt_params="cpc=34170 fossil-carbon-content=0"
expect 1 "an export without the packaging parameter is refused" mt_run --format pact-v3
expect_err 'packagingEmissionsIncluded' "the missing packaging statement is named"
mt_params="cpc=34170 packaging=maybe fossil-carbon-content=0"
expect 1 "a bad packaging value is refused" mt_run
expect_err "parameter packaging: expected included or excluded, found 'maybe'" "the bad value is named"
mt_params="cpc=34170 packaging=excluded fossil-carbon-content=-1"
expect 1 "a negative fossil carbon content is refused" mt_run
expect_err "parameter fossil-carbon-content: expected a number >= 0" "the bad number is named"
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
mt_params="cpc=34170 packaging=excluded fossil-carbon-content=0"
expect 1 "pact-v2 has no piece declared unit" mt_run --format pact-v2
expect_err 'pact-v2 has no declared unit for piece' "the unit is named"
expect 0 "pact-v3 exports a piece declared unit" mt_run --format pact-v3
expect_out '"declaredUnitOfMeasurement": "piece"' "the v3 export says piece"
expect_out '"productMassPerDeclaredUnit": "0.25"' "the v3 export gives the mass of the declared unit"
expect_out '"pcfExcludingBiogenicUptake": "1.5"' "150 kg CO2e per 100 pieces is 1.5 per piece"
sed 's/id: "urn:lei:5299000J2N45DDNE4Y28"/id: LEI-5299000J2N45DDNE4Y28/' "$D/coproduct.yaml" >"$T/nourn.yaml"
mt_inventory="$T/nourn.yaml"
expect 1 "a company id that is not a URN is refused for export" mt_run --format pact-v3
expect_err "needs organisation.id as a URN \(companyIds\), found 'LEI-5299000J2N45DDNE4Y28'" "the company id is named"

done_testing
