#!/bin/sh
# lca.sh - pcf import olca-jsonld and pcf compute --library: the hand-computed chain of
# tests/data/lca/chain (units through flow properties, allocation, cut-off, co-product, two
# providers, negative amounts, removals, unmatched flows), determinism, zip input, errors; then USLCI
# (read from ../shared/reference when present) against tests/lca/olca_ref.py, an independent reader.
. "$top_srcdir/tests/cli/lib.sh"
CHAIN="$DATA/lca/chain"
PY=/usr/bin/python3

# close A B NAME: |A - B| <= 1e-9 |B| (or 1e-12 absolute near zero)
close() {
	if "$PY" -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); sys.exit(0 if abs(a - b) <= max(1e-9 * abs(b), 1e-12) else 1)' "$1" "$2"; then
		ok "$3"
	else
		not_ok "$3 ($1, wanted $2)"
	fi
}
# field FILE EXPR: a value of a JSON file (python expression over r)
field() { "$PY" -c 'import json, sys; r = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

expect 0 "pcf import --help" "$PCF" import --help
expect_out "usage: pcf import olca-jsonld" "import --help prints its usage"
expect 2 "import without -o" "$PCF" import olca-jsonld "$CHAIN"
expect 2 "import of an unknown format" "$PCF" import ecospold2 "$CHAIN" -o "$T/x.lib"
expect_err "unknown format 'ecospold2'" "the unknown format is named"
expect 0 "import the chain" "$PCF" import olca-jsonld "$CHAIN" -o "$T/chain.lib"
expect_out '^sha256 [0-9a-f]{64}  ' "import prints the SHA-256"
expect_out '^6 processes, 15 flows, 27 exchanges, 2 allocation factors' "import prints the counts"
expect_out '1 things could not be represented' "import says what it could not represent"
sha=$(sha256sum "$T/chain.lib" | cut -c1-64)
expect_out "^sha256 $sha " "the printed SHA-256 is the file's"
expect 5 "an existing library is not overwritten" "$PCF" import olca-jsonld "$CHAIN" -o "$T/chain.lib"
expect 0 "--force overwrites, --json reports" "$PCF" import olca-jsonld "$CHAIN" -o "$T/chain2.lib" --json
cp "$T/out" "$T/report.json"
check "same export, same bytes" cmp -s "$T/chain.lib" "$T/chain2.lib"
check "the report names the process that has a unit it cannot convert, and both properties" \
	grep -q "\"process\": \"p-broken\"" "$T/report.json"
expect_out "flow property 'Energy'.*reference property is 'Mass'" "the report says which properties"
# a zip of the export (in a top folder) gives the same library
"$PY" -c '
import os, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w") as z:
    for d, _, fs in sorted(os.walk(src)):
        for f in sorted(fs):
            p = os.path.join(d, f)
            z.write(p, os.path.join("export", os.path.relpath(p, src)))
' "$CHAIN" "$T/chain.zip"
expect 0 "import a zip" "$PCF" import olca-jsonld "$T/chain.zip" -o "$T/zip.lib"
check "a zip gives the same bytes as the folder" cmp -s "$T/chain.lib" "$T/zip.lib"
expect 1 "a folder that is not an export" "$PCF" import olca-jsonld "$DATA" -o "$T/no.lib"
expect_err "no unit_groups/\*\.json" "the refusal says what is missing"
mkdir -p "$T/badjson" && cp -r "$CHAIN"/* "$T/badjson/" && printf '{"@id": "x",' > "$T/badjson/flows/f-steel.json"
expect 1 "a file that is not JSON" "$PCF" import olca-jsonld "$T/badjson" -o "$T/bad.lib"
expect_err "f-steel.json:1:[0-9]+: not JSON" "the error names the file, line and column"
check "nothing written on error" test ! -e "$T/bad.lib"
printf 'not a library at all, but long enough to hold a header and then some more bytes here......' > "$T/junk.lib"
expect 1 "a file that is not a library" "$PCF" compute --library "$T/junk.lib" --process p-steel
expect_err "not a pcfkit process library" "the refusal says so"

# ---- the chain, by hand (docs in tests/data/lca/make_chain.py) ----
# steel: 0.8 physical allocation; 2 l fuel = 1.6 kg (800 kg/m3) -> 1.28; 0.5 - 0.1 kWh power -> 0.32 kWh;
# diesel 0.16 kg; direct 0.8 (1 CO2 + 0.01 CH4 x 29.8) = 1.0384
# fuel per kg: 3 CO2 + 0.001 N2O x 273 + 0.1 kWh power; power per kWh: fossil 0.5, biogenic 0.2 - 0.05, uptake -0.2
expect 1 "two providers and no choice: refused" "$PCF" compute --library "$T/chain.lib" --process p-steel
expect_err "flow 'f-diesel' \(Diesel, at refinery\) has 2 providers: 'p-diesel-a' \(Diesel production A\), 'p-diesel-b' \(Diesel production B\); reached from 'p-steel'" \
	"the refusal names the flow, every candidate and who reached it"
expect 1 "a choice for a flow with one provider" "$PCF" compute --library "$T/chain.lib" --process p-steel \
	--provider f-fuel=p-fuel
expect_err "it has 1 provider" "the refusal says why"
expect 1 "a choice that is not a candidate" "$PCF" compute --library "$T/chain.lib" --process p-steel \
	--provider f-diesel=p-fuel
expect_err "'p-fuel' \(Fuel oil production\) is not one of its 2 candidates" "the refusal names the process"
expect 1 "a process with an unconvertible exchange" "$PCF" compute --library "$T/chain.lib" --process p-broken
expect_err "x-w-fuel.*'kWh'.*Energy.*Mass" "the refusal names the exchange and both properties"
expect 1 "an unknown process" "$PCF" compute --library "$T/chain.lib" --process nope
expect_err "no process has the @id or the name 'nope'" "the unknown process is named"
expect 2 "--library with an inventory file" "$PCF" compute --library "$T/chain.lib" --process p-steel x.yaml

expect 0 "compute steel with diesel A" "$PCF" compute --library "$T/chain.lib" --process "Steel production" \
	--provider f-diesel=p-diesel-a --json
cp "$T/out" "$T/a.json"
close "$(field "$T/a.json" 'r["footprint"]["fossil"]')" 5.49984 "fossil: 1.0384 + 1.28 x 3.323 + 0.32 x 0.5 + 0.16 x 0.3"
close "$(field "$T/a.json" 'r["footprint"]["biogenic-emissions"]')" 0.0672 "biogenic: 1.28 x 0.015 + 0.32 x 0.15 (an emission input is negative)"
close "$(field "$T/a.json" 'r["footprint"]["biogenic-removals"]')" -0.0896 "removals: -(1.28 x 0.02 + 0.32 x 0.2)"
close "$(field "$T/a.json" 'r["footprint"]["total"]')" 5.47744 "total"
close "$(field "$T/a.json" '[x for x in r["cut-offs"] if x["flow"] == "f-paint"][0]["amount"]')" 0.08 "cut-off paint: 100 g x 0.8"
close "$(field "$T/a.json" '[x for x in r["ignored-co-products"] if x["flow"] == "f-slag"][0]["amount"]')" 0.3 "co-product slag listed, not scaled"
check "unmatched: the bare-root CO2 and the HFC group" test "$(field "$T/a.json" '",".join(sorted(x["flow"] for x in r["unmatched"]))')" = "f-co2-bare,f-hfcs"
check "methane to water is not characterised" test "$(field "$T/a.json" 'len([x for x in r["contributions"]["flows"] if x["flow"] == "f-ch4-water"])')" = 0
check "the provider chosen is in the result" test "$(field "$T/a.json" 'r["providers-chosen"][0]["process"]')" = p-diesel-a
check "the no-origin methane is stated" grep -q "no origin are counted as fossil" "$T/a.json"
check "the library digest is in the result" test "$(field "$T/a.json" 'r["library"]["sha256"]')" = "$sha"
close "$(field "$T/a.json" '[x for x in r["contributions"]["processes"] if x["id"] == "p-fuel"][0]["total"]')" 4.24704 \
	"upstream total of fuel: 1.28 x (3.323 + 0.015 - 0.02)"
close "$(field "$T/a.json" '[x for x in r["contributions"]["processes"] if x["id"] == "p-fuel"][0]["direct"]')" 4.18944 \
	"direct of fuel: 1.28 x 3.273"
close "$(field "$T/a.json" 'r["upstream-tree"]["root"]["upstream"][0]["share"]')" "$("$PY" -c 'print(4.24704 / 5.47744)')" \
	"the tree's first branch is fuel, with its share"
expect 0 "compute steel with diesel B" "$PCF" compute --library "$T/chain.lib" --process p-steel \
	--provider f-diesel=p-diesel-b --json
close "$(field "$T/out" 'r["footprint"]["fossil"]')" 5.53184 "another provider, another result: + 0.16 x 0.2"
expect 0 "causal allocation" "$PCF" compute --library "$T/chain.lib" --process p-steel \
	--provider f-diesel=p-diesel-a --allocation causal --json
close "$(field "$T/out" 'r["footprint"]["fossil"]')" 6.8748 "no causal factors: factor 1 (1.298 + 1.6 x 3.323 + 0.4 x 0.5 + 0.2 x 0.3)"
expect_out "its 2 allocation factors are not causal factors of its reference product" "the process is named in the notes"
expect 0 "an amount in the reference exchange's unit" "$PCF" compute --library "$T/chain.lib" --process p-fuel --amount 2.5 --json
close "$(field "$T/out" 'r["footprint"]["total"]')" "$("$PY" -c 'print(2 * (3.273 + 0.05 + 0.015 - 0.02))')" "2.5 l of fuel is 2 kg"
expect 0 "text output" "$PCF" compute --library "$T/chain.lib" --process p-steel --provider f-diesel=p-diesel-a --top 2
expect_out "total +5.47744 kg CO2e" "the text has the total"
expect_out "largest direct contributions \(top 2 of 4" "the text has the top-N"
expect_out "^ +77\.54%.*Fuel oil production" "the text has the upstream tree"
"$PY" - "$CHAIN" p-steel,p-fuel,p-power --provider f-diesel=p-diesel-a < "$top_srcdir/tests/lca/olca_ref.py" > "$T/ref.json" 2>"$T/referr" ||
	diag "$(cat "$T/referr")"
close "$(field "$T/ref.json" 'r["p-steel"]["total"]')" 5.47744 "the independent reader agrees on the chain"

# ---- USLCI against the independent reader ----
USLCI="${PCF_USLCI:-$top_srcdir/../../shared/reference/uslci/olca1.5-json-ld}"
[ -d "$USLCI" ] || USLCI=/work/shared/reference/uslci/olca1.5-json-ld
if [ ! -d "$USLCI/processes" ] || ! "$PY" -c 'import numpy' 2>/dev/null; then
	skip_test "USLCI or python3-numpy not here"
	done_testing
	exit $?
fi
start=$(date +%s)
expect 0 "import USLCI" "$PCF" import olca-jsonld "$USLCI" -o "$T/uslci.lib" --json
diag "USLCI import: $(($(date +%s) - start)) s"
cp "$T/out" "$T/uslci.json"
check "766 processes, 4601 flows, 32526 exchanges" test "$(field "$T/uslci.json" '(r["processes"], r["flows"], r["exchanges"])')" = "(766, 4601, 32526)"
check "the process parameters are noted" grep -q "24 processes declare 537 parameters" "$T/uslci.json"
DIESEL=d939590b-a0d7-310c-8952-9921ed64a078
REFINERY=0aaf1e13-5d80-37f9-b7bb-81a6b8965c71
expect 1 "the SRVC grid reaches diesel's two providers" "$PCF" compute --library "$T/uslci.lib" --process "Electricity, at eGrid, SRVC, 2010"
expect_err "Diesel, at refinery\) has 2 providers: '$REFINERY' \(Petroleum refining, at refinery\), 'dc72e285-719b-318b-9c9c-c838846a9cf4' \(Crude oil, in refinery\)" \
	"the refusal names the candidates"
# SRVC grid; aluminium cold rolling (negative amounts); coated paper (negative amounts, 94 processes);
# an electric shovel (allocation factors for other products); corn-stover ethanol (biogenic CO2)
ids="0073ee84-5cb1-3e11-b647-95e2e9d36c5b 2b196386-eb1a-352a-aeda-4d003144f6df 3fa61250-2a76-30f5-aa5e-267f99ca3ee5 021e73fc-a306-486b-90a0-eaa5b3d0508b 0879167f-989b-3e3b-b9c5-3c07ea0a3f8e"
"$PY" "$top_srcdir/tests/lca/olca_ref.py" "$USLCI" "$(echo $ids | tr ' ' ,)" --provider "$DIESEL=$REFINERY" > "$T/uref.json" 2>"$T/referr" ||
	diag "$(cat "$T/referr")"
for id in $ids; do
	expect 0 "compute $id" "$PCF" compute --library "$T/uslci.lib" --process "$id" --provider "$DIESEL=$REFINERY" --json
	cp "$T/out" "$T/u.json"
	for k in fossil biogenic-emissions biogenic-removals dluc total; do
		close "$(field "$T/u.json" "r['footprint']['$k']")" "$(field "$T/uref.json" "r['$id']['$k']")" "$id $k agrees with the reader"
	done
	check "$id: same processes in the system" test "$(field "$T/u.json" 'r["processes-in-system"]')" = "$(field "$T/uref.json" "r['$id']['processes']")"
	bad=$("$PY" -c '
import json, sys
a = {g["gas"]: g["kg"] for g in json.load(open(sys.argv[1]))["contributions"]["gases"]}
b = json.load(open(sys.argv[2]))[sys.argv[3]]["gases"]
norm = lambda g: g.replace("-", "") if g not in ("co2-fossil", "co2-biogenic", "co2-uptake", "ch4-fossil", "ch4-non-fossil") else g
a = {norm(k): v for k, v in a.items()}
print(",".join(k for k in set(a) | set(b) if abs(a.get(k, 0) - b.get(k, 0)) > max(1e-9 * abs(b.get(k, 0)), 1e-15)))
' "$T/u.json" "$T/uref.json" "$id")
	check "$id: every gas's mass agrees with the reader${bad:+ (not: $bad)}" test -z "$bad"
done
expect 0 "the shovel's allocation factors name other products" "$PCF" compute --library "$T/uslci.lib" \
	--process 021e73fc-a306-486b-90a0-eaa5b3d0508b --json
expect_out "allocation factors are not physical factors of its reference product: factor 1" "and the result says so"
done_testing
