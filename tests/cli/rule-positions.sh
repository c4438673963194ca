#!/bin/sh
# rule-positions.sh - every built-in methodology plugin names the inventory entry behind a refusal, with the
# inventory's file:line:column (issue 13: rule errors without file or line:column): rules about the
# top-level keys boundary, gwp-set and reporting-period (positions the host now keeps), and inventories with
# huge but finite amounts (1e308 kg) that overflow a product with a GWP or a factor, or a sum, which each
# plugin (or the host's life-cycle inventory) refuses naming the entry that overflows, never with an
# unpositioned message or a non-finite result. Inventories in tests/data/rule-positions.
. "$top_srcdir/tests/cli/lib.sh"
D=$DATA/rule-positions
M=$DATA/methods

# pos_err ID PARAMS FILE LINE:COL FIELD PATTERN NAME: pcf compute fails (exit 1) with
# "FILE:LINE:COL: FIELD: ID: ...PATTERN" on stderr and writes no result.
pos_err() {
	local id=$1 params=$2 file=$3 lc=$4 field=$5 pat=$6 name=$7 base
	base=$(basename "$file" | sed 's/\./\\./g')
	rm -f "$T/r.json"
	# shellcheck disable=SC2086
	expect 1 "$id $name: refused" "$PCF" compute --method "$id" $params "$file" -o "$T/r.json"
	expect_err "^pcf compute: .*/$base:$lc: $field: $id: .*$pat" "$id $name: $base:$lc $field"
	check "$id $name: no result written" test ! -e "$T/r.json"
	check "$id $name: no inf or nan in the message" sh -c "! grep -Eiq '(^|[^a-z])(inf|nan)([^a-z]|\$)' '$T/err'"
}
E='processes\[0\]\.emissions'
I='processes\[0\]\.inputs'
OOR="the inventory's amounts are out of range"
SUMP="add up to more than the largest number: $OOR \\[rule amounts-in-range\\]"
GWPP="is not a finite number of kg CO2e .*: $OOR \\[rule amounts-in-range\\]"
INPP="comes to more than the largest number of kg for the declared unit .*: $OOR"

# the ISO family and the example: cradle-to-grave, per tonne
for id in example iso14067 pas2050 gbt24067 ghg-product; do
	pos_err $id "" "$D/huge-sum-grave.yaml" 18:9 "$E\\[1\\]" "1e\\+308 .*" "two emissions of 1e308 kg"
	pos_err $id "" "$D/huge-gwp-grave.yaml" 17:9 "$E\\[0\\]" "n2o" "1e308 kg of N2O"
	pos_err $id "" "$D/huge-input-grave.yaml" 17:9 "$I\\[0\\]" "$INPP" "1e308 kg of steel times 25"
done
for id in iso14067 pas2050 gbt24067 ghg-product; do
	run "$PCF" compute --method $id "$D/huge-sum-grave.yaml" -o "$T/r.json"
	expect_err "$SUMP" "$id: a sum that overflows is rule amounts-in-range"
	run "$PCF" compute --method $id "$D/huge-gwp-grave.yaml" -o "$T/r.json"
	expect_err "$GWPP" "$id: a product with the GWP that overflows is rule amounts-in-range"
done
# pact and cbam: cradle-to-gate, per tonne
for p in "pact:" "cbam:--param category=fertilisers"; do
	id=${p%%:*} params=${p#*:}
	pos_err $id "$params" "$D/huge-sum-gate.yaml" 18:9 "$E\\[1\\]" "$SUMP" "two emissions of 1e308 kg"
	pos_err $id "$params" "$D/huge-gwp-gate.yaml" 17:9 "$E\\[0\\]" "$GWPP" "1e308 kg of N2O"
	pos_err $id "$params" "$D/huge-input-gate.yaml" 17:9 "$I\\[0\\]" "$INPP" "1e308 kg of steel times 25"
done
# eu-battery: one battery (1 piece), cradle-to-grave
pos_err eu-battery "" "$D/huge-sum-piece.yaml" 18:9 "$E\\[1\\]" "$SUMP" "two emissions of 1e308 kg"
pos_err eu-battery "" "$D/huge-gwp-piece.yaml" 17:9 "$E\\[0\\]" "$GWPP" "1e308 kg of N2O"
pos_err eu-battery "" "$D/huge-input-piece.yaml" 17:9 "$I\\[0\\]" "$INPP" "1e308 kg of steel times 25"
# zero-carbon-park: counts CO2 only (N2O is outside the indicator, so no GWP product to overflow)
pos_err zero-carbon-park "" "$D/huge-sum-park.yaml" 20:9 "$E\\[1\\]" "$SUMP" "two emissions of 1e308 kg"
pos_err zero-carbon-park "" "$D/huge-input-piece.yaml" 17:9 "$I\\[0\\]" "$INPP" "1e308 kg of steel times 25"
pos_err zero-carbon-park "" "$D/park-year-9999.yaml" 8:19 "reporting-period" \
	"a year from its start is outside years 0001-9999 \\[rule park-annual" "a reporting period in 9999"

# a product's biogenic carbon content of 1e308 kg C: its CO2 (x 44/12) is not finite
for id in iso14067 pas2050 gbt24067 ghg-product; do
	pos_err $id "" "$D/huge-carbon-grave.yaml" 4:3 product "biogenic carbon content, 1e\\+308 kg C .*\\[rule amounts-in-range\\]" \
		"a biogenic carbon content of 1e308 kg"
done
pos_err pact "" "$D/huge-carbon-gate.yaml" 4:3 product "biogenic carbon content, 1e\\+308 kg C .*\\[rule amounts-in-range\\]" \
	"a biogenic carbon content of 1e308 kg"

# rules about top-level keys: the host gives boundary, gwp-set, site and reporting-period their line:column
pos_err cbam "--param category=fertilisers" "$M/cbam/bad/cradle-to-grave.yaml" 10:11 boundary \
	"rule cbam-system-boundary" "cradle-to-grave"
pos_err cbam "--param category=fertilisers" "$M/cbam/bad/gwp-ar6.yaml" 11:10 gwp-set "rule cbam-gwp-ar5" "AR6"
pos_err ghg-product "" "$M/ghg-product/rules/cradle-to-gate-final-product.yaml" 11:11 boundary "rule boundary" \
	"cradle-to-gate final product"
pos_err pact "" "$D/huge-sum-grave.yaml" 10:11 boundary "rule pact-cradle-to-gate" "cradle-to-grave"
pos_err gbt24067 "" "$M/gbt24067/rules/site-outside-china.yaml" 10:7 site "rule site-in-china" "a site outside China"
pos_err gbt24067 "" "$M/gbt24067/rules/period-too-long.yaml" 8:19 reporting-period "rule reporting-period" \
	"a period longer than a year"
# an export's refusal about the inventory: pact-v3 needs the mass per declared unit of a product per m3
expect 1 "pact-v3 export of a product per m3 without its mass: refused" "$PCF" compute \
	"$D/pact-v3-no-mass.yaml" --method pact --format pact-v3
expect_err '^pcf compute: .*/pact-v3-no-mass\.yaml:4:3: product: pact: pact-v3 needs .*mass-per-declared-unit .*\[rule pact-mass-per-unit' \
	"pact-v3: the refusal names the product's position and the inventory key to give"
# pact-v2 refusals about the inventory: an exempted share above TS 2.3's 5 % names the exclusion that passes
# it (3 % + 2.5 %: the second), a product per m3 is fine but one per piece without its mass is not
expect 1 "pact-v2 export of 5.5 % exempted: refused" "$PCF" compute "$M/pact/exemption.yaml" --method pact \
	--param packaging=excluded --param fossil-carbon-content=0 --format pact-v2
expect_err '^pcf compute: .*/exemption\.yaml:22:5: exclusions\[1\]: pact: pact-v2 cannot carry exempted emissions of 5\.5 % .*\[rule pact-v2-exemption-cap' \
	"pact-v2: the exclusion with which the share passes 5 % is named with its position"
expect 0 "pact-v2 export of a product per m3: accepted" "$PCF" compute "$D/pact-v3-no-mass.yaml" --method pact --format pact-v2
sed 's/unit: m3}/unit: piece}/g' "$D/pact-v3-no-mass.yaml" >"$T/piece.yaml"
expect 1 "pact-v2 export of a product per piece without its mass: refused" "$PCF" compute "$T/piece.yaml" \
	--method pact --format pact-v2
expect_err '^pcf compute: .*/piece\.yaml:4:3: product: pact: pact-v2 has no declared unit for piece .*\[rule pact-declared-unit' \
	"pact-v2: the refusal of a declared unit names the product's position"
done_testing
