#!/bin/sh
# compute.sh - 'pcf compute': the table, the result JSON (deterministic, schema-valid, hand-checked
# numbers), exports, parameters, rule errors with positions, output files, and the missing default.
. "$top_srcdir/tests/cli/lib.sh"

EXD="$top_srcdir/data/check/examples"
HD="$top_srcdir/data/check/hostile"
SCHEMA="$top_srcdir/schemas/result.schema.json"
near() { jq -e --argjson want "$2" "($1 - \$want) | fabs < 1e-9" "$T/out" >/dev/null; }

expect 0 "compute widget.yaml (table)" "$PCF" compute --method example "$EXD/widget.yaml"
expect_out '^total +9\.4458 kg CO2e per 1 piece$' "the total, its unit and the declared unit"
expect_out '^raw-material-acquisition +3\.8500 +40\.8% +#+$' "a stage line with share and bar"
expect_out '^production +5\.5958 +59\.2% +#+$' "the other stage"

expect 0 "compute --json" "$PCF" compute --method example "$EXD/widget.yaml" --json
cp "$T/out" "$T/widget1.json"
# hand-checked: 2 kg steel x 1.9 + 0.5 tkm x 0.1 + 10 kWh x 0.5366 + 0.2 + 0.001 x 29.8
check "total = 3.8 + 0.05 + 5.366 + 0.2 + 0.0298" near .footprint.total 9.4458
check "fossil carries everything" near .footprint.fossil 9.4458
check "primary share = forming's 5.5958 / 9.4458" near '.footprint["primary-data-share"]' 0.5924114421224248
check "three factors listed, sorted by id" sh -c "jq -e '[.factors[].id] == [\"cn-grid-2022\",\"inline:freight/inputs[0]\",\"inline:steel/inputs[0]\"]' '$T/out' >/dev/null"
check "the inventory's SHA-256 is recorded" sh -c "[ \"\$(jq -r .inventory.sha256 '$T/out')\" = \"\$(sha256sum < '$EXD/widget.yaml' | cut -c1-64)\" ]"
expect 0 "compute --json again" "$PCF" compute --method example "$EXD/widget.yaml" --json
check "same inventory, same bytes" cmp -s "$T/out" "$T/widget1.json"
cp "$EXD/widget.yaml" "$T/renamed.yaml"
expect 0 "compute a copy under another name" "$PCF" compute --method example "$T/renamed.yaml" --json
check "the file name does not change the bytes" cmp -s "$T/out" "$T/widget1.json"

sed 's/^boundary: cradle-to-gate$/boundary: cradle-to-gate\ngwp-set: AR5/' "$EXD/widget.yaml" > "$T/ar5.yaml"
expect 0 "an inventory asking for AR5" "$PCF" compute --method example "$T/ar5.yaml" --json
check "rule 2: example keeps AR6 and warns" sh -c "jq -e '.footprint[\"gwp-set\"] == \"AR6\" and (.warnings[0] | test(\"asks for GWP set AR5\"))' '$T/out' >/dev/null"

for f in "$EXD"/*.yaml "$HD"/zero.yaml "$HD"/negative-total.yaml "$HD"/exotic-gases.yaml; do
	case $f in *grave.yaml) continue ;; esac
	run "$PCF" compute --method example "$f" --json
	check "$(basename "$f"): the result validates against schemas/result.schema.json" \
		/usr/bin/python3 -c 'import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))' "$SCHEMA" "$T/out"
done

run sh -c "'$PCF' compute --method example --json - < '$EXD/widget.yaml'"
check "- reads standard input, same bytes" cmp -s "$T/out" "$T/widget1.json"
run sh -c "'$PCF' compute --method example - < '$HD/offsets.yaml'"
check "errors name stdin" grep -q '^pcf compute: stdin:19:5: offsets\[0\]' "$T/err"
expect 0 "a long chain: the table shows the largest processes" "$PCF" compute --method example "$HD/long-chain.yaml"
expect_out '^\(385 more processes, together [0-9.]+ kg CO2e\)$' "and sums the rest"

# Worked numbers for the other examples (the arithmetic is in each file's comment).
run "$PCF" compute --method example "$EXD/loop.yaml" --json
check "loop: 2.2778 x 0.6 + 0.5556 x 0.3 + 0.05" near .footprint.total 1.5833333333333333
run "$PCF" compute --method example "$EXD/coproduct.yaml" --json
check "co-product: 10 % of (10 x 0.7765 + 0.2246284)" near .footprint.total 0.79896284
check "co-product: allocation is physical" sh -c "jq -e '.footprint.allocation.method == \"physical\"' '$T/out' >/dev/null"
run "$PCF" compute --method example "$EXD/biogenic.yaml" --json
check "biogenic: removals 6 x 1.8 reported apart" near '.footprint["biogenic-removals"]' 10.8
check "biogenic: emissions 1.5 + 0.002 x 27" near '.footprint["biogenic-emissions"]' 1.554
check "biogenic: dLUC 6 x 0.01" near .footprint.dluc 0.06
check "biogenic: total nets removals" near .footprint.total -6.9436
expect 0 "a parameter changes the rule" "$PCF" compute --method example "$EXD/biogenic.yaml" --json --param removals=exclude
check "removals=exclude leaves removals out of the total" near .footprint.total 3.8564
check "and records the parameter" sh -c "jq -e '.methodology.parameters.removals == \"exclude\"' '$T/out' >/dev/null"
expect 2 "an unknown parameter" "$PCF" compute --method example "$EXD/biogenic.yaml" --param bogus=1
expect_err "methodology 'example' has no parameter 'bogus' \(it accepts: removals\)" "the message lists the accepted ones"
expect 2 "a bad parameter value (a command-line error)" "$PCF" compute --method example "$EXD/biogenic.yaml" --param removals=maybe
expect_err "example: parameter removals must be include or exclude, not 'maybe'" "the plugin's message"

# Exports.
expect 0 "compute --format example-summary" "$PCF" compute --method example "$EXD/widget.yaml" --format example-summary
check "the export is JSON with the total" sh -c "jq -e '.total > 9.44 and .stages.production > 5' '$T/out' >/dev/null"
expect 1 "an unknown format" "$PCF" compute --method example "$EXD/widget.yaml" --format pact-v2
expect_err "methodology 'example' offers no format 'pact-v2'" "the message names the format"
expect 2 "--json and --format together" "$PCF" compute --method example "$EXD/widget.yaml" --json --format example-summary

# Rule errors name the rule, the clause and the entry with its position.
expect 1 "an offset is refused" "$PCF" compute --method example "$HD/offsets.yaml"
expect_err "offsets\.yaml:19:5: offsets\[0\]: example: offsets may not be counted in a footprint, found 'forest credits' \[rule no-offsets, example rule 4\]" "rule, clause, entry and position"
expect 1 "a use stage is refused in cradle-to-gate" "$PCF" compute --method example "$EXD/grave.yaml"
expect_err "grave\.yaml:21:5: processes\[1\]: example: process 'shipping': stage 'distribution' is outside a cradle-to-gate boundary \[rule cradle-to-gate, example rule 1\]" "the process is named"
expect 1 "a co-product without allocation data is refused" "$PCF" compute --method example "$HD/missing-allocation-data.yaml"
expect_err "rule allocation-data" "the allocation rule"
expect 1 "a singular system" "$PCF" compute --method example "$HD/singular-loop.yaml"
expect_err "the loop of processes 'a', 'b' has no net output" "the processes are named"
expect 1 "a malformed inventory" "$PCF" compute --method example "$HD/malformed-duplicates.yaml"
expect_err "malformed-duplicates\.yaml:11:1: duplicate key 'boundary'" "the parser's message with its position"
expect 5 "a missing inventory" "$PCF" compute --method example "$T/none.yaml"

# The default methodology, and a missing one.
mkdir -p "$T/empty"
expect 1 "the default methodology is not installed" env PCF_PLUGIN_PATH="$T/empty" "$PCF" compute "$EXD/widget.yaml"
expect_err "the default methodology iso14067 is not installed; choose one with --method ID" "said clearly"
expect 1 "an unknown methodology" env PCF_PLUGIN_PATH="$T/empty" "$PCF" compute --method nope "$EXD/widget.yaml"
expect_err "methodology 'nope' is not installed" "named"

# The plugin's log messages show with -v; parameters reach the plugin with their defaults.
expect 0 "-v shows the plugin's log" "$PCF" compute --plugin-dir "$top_builddir/tests/plugins/.libs" --method testgood "$EXD/widget.yaml" -v --param scale=2
expect_err '^pcf compute: 5 flows characterised with AR6, scale=2$' "the log line, with the parameter"
expect 0 "without -v it is quiet" "$PCF" compute --plugin-dir "$top_builddir/tests/plugins/.libs" --method testgood "$EXD/widget.yaml"
check "nothing on stderr" test ! -s "$T/err"

# Output files.
expect 0 "-o writes a file" "$PCF" compute --method example "$EXD/widget.yaml" --json -o "$T/r.json"
check "the file holds the JSON" cmp -s "$T/r.json" "$T/widget1.json"
expect 5 "-o refuses to overwrite" "$PCF" compute --method example "$EXD/widget.yaml" --json -o "$T/r.json"
expect_err "output exists \(use --force to overwrite\)" "and says how"
expect 0 "--force overwrites" "$PCF" compute --method example "$EXD/widget.yaml" -o "$T/r.json" --force
check "quiet on success" test ! -s "$T/out"
expect 2 "no inventory" "$PCF" compute --method example
expect 2 "two inventories" "$PCF" compute --method example "$EXD/widget.yaml" "$EXD/loop.yaml"
done_testing
