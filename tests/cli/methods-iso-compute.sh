#!/bin/sh
# methods-iso-compute.sh - 'pcf compute' on the worked examples and rule fixtures of the iso14067,
# gbt24067, pas2050 and ghg-product plugins (tests/data/methods/ID/): each example gives the
# hand-computed figures of NAME.expected.json and the same bytes twice; each fixture under
# rules/ is refused (exit 1) with every line of NAME.expected-error in the message.
. "$top_srcdir/tests/cli/lib.sh"

CMP="/usr/bin/python3 $top_srcdir/tests/cli/methods-iso-compare.py"
SCHEMA="$top_srcdir/schemas/result.schema.json"
validate_result() {
	/usr/bin/python3 -c 'import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))' \
		"$SCHEMA" "$1"
}

# Every example and fixture is a valid inventory: for the parser and for the inventory schema
# (the rule fixtures break methodology rules, not the format).
expect 0 "pcf validate accepts every example and fixture" "$PCF" validate \
	"$DATA"/methods/*/*.yaml "$DATA"/methods/*/rules/*.yaml
run /usr/bin/python3 "$top_srcdir/tests/inventory_schema.py" "$top_srcdir/schemas/inventory.schema.json" \
	"$DATA"/methods/*/*.yaml "$DATA"/methods/*/rules/*.yaml
if [ "$rc" -eq 0 ] && ! grep -qv ': valid$' "$T/out"; then ok "every example and fixture validates against the inventory schema"
else not_ok "every example and fixture validates against the inventory schema"; diag "$(grep -v ': valid$' "$T/out")" "$(cat "$T/err")"; fi


# compute ID YAML PARAMSFILE OUT: pcf compute --json with the parameters of PARAMSFILE.
compute() {
	id=$1 yaml=$2 pf=$3 out=$4
	set -- compute "$yaml" --method "$id" --json
	if [ -f "$pf" ]; then
		while IFS= read -r line; do
			case $line in ''|'#'*) continue ;; esac
			set -- "$@" --param "$line"
		done <"$pf"
	fi
	"$PCF" "$@" >"$out" 2>"$T/err"
}

for id in iso14067 gbt24067 pas2050 ghg-product; do
	dir="$DATA/methods/$id"
	for yaml in "$dir"/*.yaml; do
		name=$(basename "$yaml" .yaml)
		if compute "$id" "$yaml" "$dir/$name.params" "$T/a.json"; then
			ok "$id/$name: computes"
		else
			not_ok "$id/$name: computes"; diag "$(cat "$T/err")"; continue
		fi
		compute "$id" "$yaml" "$dir/$name.params" "$T/b.json"
		check "$id/$name: byte-identical twice" cmp -s "$T/a.json" "$T/b.json"
		check "$id/$name: the result validates against schemas/result.schema.json" validate_result "$T/a.json"
		if $CMP "$dir/$name.expected.json" "$T/a.json" 2>"$T/why"; then
			ok "$id/$name: the hand-computed figures"
		else
			not_ok "$id/$name: the hand-computed figures"; diag "$(cat "$T/why")"
		fi
	done
	for yaml in "$dir"/rules/*.yaml; do
		name=$(basename "$yaml" .yaml)
		compute "$id" "$yaml" "$dir/rules/$name.params" "$T/a.json"
		rc=$?
		if [ "$rc" -eq 1 ] && [ ! -s "$T/a.json" ]; then ok "$id/rules/$name: refused (exit 1)"; else
			not_ok "$id/rules/$name: refused (exit $rc)"; diag "$(cat "$T/err")"; fi
		missing=
		while IFS= read -r want; do
			[ -n "$want" ] || continue
			grep -Fq -- "$want" "$T/err" || missing="$missing [$want]"
		done <"$dir/rules/$name.expected-error"
		if [ -z "$missing" ]; then ok "$id/rules/$name: names the rule, clause and entry"; else
			not_ok "$id/rules/$name: names the rule, clause and entry"; diag "missing:$missing" "$(cat "$T/err")"; fi
	done
done

# The default methodology is iso14067.
expect 0 "iso14067 is the default method" "$PCF" compute "$DATA/methods/iso14067/loop.yaml" --json
expect_out '"id": "iso14067"' "the result names iso14067"

# The table for people carries the separate figures and the allocation statement.
expect 0 "table output" "$PCF" compute "$DATA/methods/iso14067/coproduct.yaml"
expect_out 'allocation +physical: ISO 14067:2018 clause 6 \(allocation\), ISO 14044:2006 4\.3\.4\.2: pressing: physical \(mass\)' "the allocation is stated"

# ISO 14067 accepts a gate-to-gate study as a partial CFP; PAS 2050 refuses it (rules/gate-to-gate).
expect 0 "gate-to-gate is a partial CFP under iso14067" "$PCF" compute "$DATA/methods/pas2050/rules/gate-to-gate.yaml" --json
expect_out 'partial footprint: gate-to-gate boundary' "and says so"
expect_out "process 'assembly' does not state whether its data are primary or secondary" "a process without a data-quality type is named in a warning"

# PAS 2050 exclusion kinds: the same process named as consumer transport moves its figure.
expect 0 "pas2050: a process excluded as consumer transport" "$PCF" compute "$DATA/methods/pas2050/loop.yaml" --method pas2050 --param consumer-transport=plant-construction --json
check "its emissions are reported as excluded-consumer-transport" sh -c "jq -e '([.figures[] | select(.name == \"excluded-consumer-transport\") | .value][0] - 0.7692307692307693 | fabs) < 1e-12 and ([.figures[] | select(.name == \"excluded-capital-goods\") | .value][0] == 0) and ((.footprint.total - 19.29953846153846) | fabs) < 1e-9' '$T/out' >/dev/null"
expect 2 "pas2050: one process excluded as two kinds" "$PCF" compute "$DATA/methods/pas2050/loop.yaml" --method pas2050 --param capital-goods=plant-construction --param human-energy=plant-construction
expect_err "parameter human-energy: process 'plant-construction' is already excluded as capital-goods" "the clash is named"
expect 2 "pas2050: the product's own process cannot be excluded" "$PCF" compute "$DATA/methods/pas2050/loop.yaml" --method pas2050 --param capital-goods=smelting
expect_err "process 'smelting' makes the product itself" "and says why"

# PAS 2050 B2B (cradle-to-gate) runs up to the business customer: delivery counts; ISO 14067's
# partial CFP stops at the factory gate.
sed -e 's/^  - id: assembly$/  - id: delivery\
    name: Delivery to the business customer\
    stage: distribution\
    reference-flow: {amount: 1, unit: kg}\
    inputs:\
      - {name: widget, process: assembly, amount: 1, unit: kg}\
      - {name: truck, amount: 0.1, unit: tkm, factor: {value: 0.1, gas: co2-fossil, unit: tkm, source: "worked example"}}\
  - id: assembly/' -e 's/^  process: assembly$/  process: delivery/' "$DATA/methods/pas2050/rules/offset.yaml" | sed '/^offsets:/,$d' > "$T/b2b.yaml"
expect 0 "pas2050: a delivery process in a cradle-to-gate (B2B) assessment" "$PCF" compute "$T/b2b.yaml" --method pas2050 --json
check "counts the delivery: 0.2 + 0.01" sh -c "jq -e '((.footprint.total - 0.21) | fabs) < 1e-12' '$T/out' >/dev/null"
expect 1 "iso14067: the same delivery is outside a cradle-to-gate partial CFP" "$PCF" compute "$T/b2b.yaml" --method iso14067
expect_err "stage 'distribution' is outside the declared cradle-to-gate boundary" "and is refused"

# Parameters are checked.
expect 2 "a bad cut-off value is refused" "$PCF" compute "$DATA/methods/iso14067/biogenic.yaml" --param cut-off=lots
expect_err "parameter cut-off: expected a number in \[0,1\] or a percentage, found 'lots'" "the parameter and the value are named"
expect 2 "an unknown process in capital-goods is refused" "$PCF" compute "$DATA/methods/pas2050/loop.yaml" --method pas2050 --param capital-goods=nowhere
expect_err "parameter capital-goods: the inventory has no process 'nowhere'" "the missing process is named"
expect 0 "economic allocation on request" "$PCF" compute "$DATA/methods/iso14067/coproduct.yaml" --param allocation=economic --json
expect_out '"total": 1\.5832' "gives the economic figure (see coproduct-economic.arithmetic.md)"
expect 1 "economic allocation asked for where a value is missing" "$PCF" compute "$DATA/methods/ghg-product/coproduct.yaml" --param allocation=economic
expect_err "rule allocation-data" "is refused under the allocation rule"
expect_err "its reference flow has no economic value" "and says what is missing"

# Issue 17 rules reached through parameters.
expect 2 "pas2050: food-feed takes yes or no" "$PCF" compute "$DATA/methods/pas2050/food-feed.yaml" --method pas2050 --param food-feed=maybe
expect_err "parameter food-feed: expected 'yes' or 'no', found 'maybe'" "the value is named"
expect 0 "pas2050: without food-feed the feed's biogenic CO2 counts" "$PCF" compute "$DATA/methods/pas2050/food-feed.yaml" --method pas2050 --json
check "total 0.1927 + 0.04 - 1.6 = -1.3673, no food-feed figures" sh -c "jq -e '((.footprint.total + 1.3673) | fabs) < 1e-12 and ([.figures[] | select(.name | startswith(\"food-feed\"))] | length == 0)' '$T/out' >/dev/null"
expect 2 "pas2050: a process cannot be animal transport and a capital good" "$PCF" compute "$DATA/methods/pas2050/animal-transport.yaml" --method pas2050 --param capital-goods=mule-transport --param animal-transport=mule-transport
expect_err "parameter animal-transport: process 'mule-transport' is already excluded as capital-goods" "the clash is named"
expect 2 "ghg-product: fossil carbon content is for an intermediate product" "$PCF" compute "$DATA/methods/ghg-product/loop.yaml" --method ghg-product --param fossil-carbon-content=1
expect_err "parameter fossil-carbon-content: reported for an intermediate product with a cradle-to-gate inventory" "and says why"
expect 2 "ghg-product: fossil carbon content is a number" "$PCF" compute "$DATA/methods/ghg-product/fossil-carbon.yaml" --method ghg-product --param product-kind=intermediate --param cradle-to-gate-justification=x --param fossil-carbon-content=-1
expect_err "parameter fossil-carbon-content: expected kg of fossil carbon per declared unit, a number >= 0, found '-1'" "the value is named"
expect 0 "iso14067: a factor of another library is not said to be combustion-only" "$PCF" compute "$DATA/methods/iso14067/loop.yaml" --json
check "no combustion-only warning" sh -c "! grep -q 'combustion-only' '$T/out'"

expect 2 "pas2050: a CHP process must have co-products" "$PCF" compute "$DATA/methods/pas2050/chp.yaml" --method pas2050 --param chp-electricity=refinery
expect_err "parameter chp-electricity: process 'refinery' has no co-products" "and says so"
expect 2 "pas2050: a CHP process is named once" "$PCF" compute "$DATA/methods/pas2050/chp.yaml" --method pas2050 --param chp-heat=chp --param chp-electricity=chp
expect_err "parameter chp-heat: process 'chp' is already named in chp-electricity" "the clash is named"
expect 0 "pas2050: the same CHP read the other way round (reference flow = electricity)" "$PCF" compute "$DATA/methods/pas2050/chp.yaml" --method pas2050 --param chp-electricity=chp --json
check "heat share 2.5 / (2.5 + 1.8) of 0.4: 0.05 + 0.4 * 2.5/4.3" sh -c "jq -e '((.footprint.total - (0.05 + 0.4 * 2.5 / 4.3)) | fabs) < 1e-12' '$T/out' >/dev/null"

done_testing
