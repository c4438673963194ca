#!/bin/sh
# lca-background.sh - inventories with background inputs (background: {library, process}): the
# hand-computed chain of tests/data/lca/chain, every refusal, and the worked example
# examples/uslci-moulded-part.yaml on the USLCI extract tests/data/lca/uslci-srvc, checked against
# tests/lca/olca_ref.py (an independent reader), then issued and verified; and the extract against
# the whole USLCI database when it is at hand.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"
CHAIN="$DATA/lca/chain"
SRVC="$DATA/lca/uslci-srvc"
EX="$top_srcdir/examples/uslci-moulded-part.yaml"
PY=/usr/bin/python3
GRID=0073ee84-5cb1-3e11-b647-95e2e9d36c5b
DIESEL=d939590b-a0d7-310c-8952-9921ed64a078
REFINERY=0aaf1e13-5d80-37f9-b7bb-81a6b8965c71

close() {
	if "$PY" -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); sys.exit(0 if abs(a - b) <= max(1e-9 * abs(b), 1e-12) else 1)' "$1" "$2"; then
		ok "$3"
	else
		not_ok "$3 ($1, wanted $2)"
	fi
}
field() { "$PY" -c 'import json, sys; r = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

expect 0 "import the chain" "$PCF" import olca-jsonld "$CHAIN" -o "$T/chain.lib"
inv() { # inv FILE INPUTS...: an inventory whose one process has these input lines
	f=$1; shift
	cat > "$f" <<EOT
format-version: 1
product: {id: 'urn:test:w', name: Widget, declared-unit: {amount: 1, unit: kg}}
reporting-period: {start: 2024-01-01, end: 2024-12-31}
organisation: {name: Test}
site: {country: US}
boundary: cradle-to-gate
processes:
  - id: make
    name: Making
    stage: production
    reference-flow: {amount: 1, unit: kg}
    inputs:
EOT
	for l in "$@"; do printf '      %s\n' "$l" >> "$f"; done
}

# ---- the chain by hand: diesel A is 0.3 kg CO2 per kg; steel (make_chain.py, as in lca.sh) ----
inv "$T/d.yaml" "- {background: {library: chain, process: p-diesel-a}, amount: 2, unit: kg}"
expect 0 "a background input" "$PCF" compute "$T/d.yaml" --method iso14067 --library "$T/chain.lib" --json
close "$(field "$T/out" 'r["footprint"]["total"]')" 0.6 "2 kg of diesel A: 2 x 0.3"
check "the factor names the library" test "$(field "$T/out" '[f["library"] for f in r["factors"]][0]')" = chain
check "the factor's id names the library and process" test "$(field "$T/out" 'r["factors"][0]["id"]')" = "lca:chain:p-diesel-a"
sha=$(sha256sum "$T/chain.lib" | cut -c1-64)
check "the factor's source carries the library's SHA-256" grep -q "sha256 $sha" "$T/out"
expect 0 "--library NAME=FILE names it" "$PCF" compute "$T/d.yaml" --method iso14067 --library "chain=$T/chain.lib" --json
close "$(field "$T/out" 'r["footprint"]["total"]')" 0.6 "the same footprint"
expect 0 "validate --library" "$PCF" validate --library "$T/chain.lib" "$T/d.yaml"
expect 1 "validate without the library" "$PCF" validate "$T/d.yaml"
expect_err "d.yaml:13:22: processes\[0\].inputs\[0\].background: background process 'p-diesel-a' of library 'chain': no process library was given \(--library chain=FILE\)" \
	"the refusal names the input, the process and the option"
expect 1 "another library name" "$PCF" validate --library "other=$T/chain.lib" "$T/d.yaml"
expect_err "no process library is named 'chain' \(given: 'other'; --library chain=FILE\)" "the names given are listed"
cp "$T/chain.lib" "$T/ch:ain.lib"
expect 2 "a file name that is not a library name" "$PCF" validate --library "$T/ch:ain.lib" "$T/d.yaml"
expect_err "'ch:ain' is not a library name \(letters, digits, '.', '_', '-'; write --library NAME=FILE\)" "the refusal says what to write"
expect 1 "a library that is not one" "$PCF" validate --library "$T/d.yaml" "$T/d.yaml"
expect_err "not a pcfkit process library" "the library is refused when opened"

inv "$T/s.yaml" "- background: {library: chain, process: Steel production, providers: {f-diesel: p-diesel-a}, removals: exclude}" \
	"  amount: 1" "  unit: kg"
expect 0 "the steel, removals excluded" "$PCF" compute "$T/s.yaml" --method iso14067 --library "$T/chain.lib" --json
cp "$T/out" "$T/s.json"
close "$(field "$T/s.json" 'r["footprint"]["fossil"]')" 5.49984 "fossil as pcf compute --library gives it: 1.0384 + 1.28 x 3.323 + 0.32 x 0.5 + 0.16 x 0.3"
close "$(field "$T/s.json" 'r["footprint"]["biogenic-emissions"]')" 0.0672 "biogenic: (1.28 x 0.1 + 0.32) x (0.2 - 0.05)"
close "$(field "$T/s.json" 'r["footprint"]["biogenic-removals"]')" 0 "no removals: they were left out"
check "the factor's id says the removals were left out" \
	test "$(field "$T/s.json" 'r["factors"][0]["id"]')" = "lca:chain:Steel production;f-diesel=p-diesel-a;removals=exclude"
inv "$T/s2.yaml" "- {background: {library: chain, process: p-steel, providers: {f-diesel: p-diesel-a}}, amount: 1, unit: kg}"
expect 1 "removals without the choice" "$PCF" compute "$T/s2.yaml" --method iso14067 --library "$T/chain.lib"
expect_err "background process 'p-steel' \(Steel production\) takes up CO2 \(0.0896 kg per kg\): a factor cannot carry removals; write 'removals: exclude'" \
	"the refusal says why and what to write"
inv "$T/s3.yaml" "- {background: {library: chain, process: p-steel, removals: exclude}, amount: 1, unit: kg}"
expect 1 "two providers and no choice" "$PCF" compute "$T/s3.yaml" --method iso14067 --library "$T/chain.lib"
expect_err "flow 'f-diesel' \(Diesel, at refinery\) has 2 providers" "the refusal names the flow"
inv "$T/u.yaml" "- {background: {library: chain, process: p-diesel-a}, amount: 2, unit: kWh}"
expect 1 "a unit the process does not make" "$PCF" compute "$T/u.yaml" --method iso14067 --library "$T/chain.lib"
expect_err "factor 'lca:chain:p-diesel-a' is per kg, but this input is in kWh" "the unit error names the factor"
inv "$T/n.yaml" "- {background: {library: chain, process: nope}, amount: 1, unit: kg}"
expect 1 "an unknown process" "$PCF" compute "$T/n.yaml" --method iso14067 --library "$T/chain.lib"
expect_err "no process has the @id or the name 'nope'" "the process is named"
inv "$T/h.yaml" "- {background: {library: chain, process: p-diesel-a, sha256: $sha}, amount: 1, unit: kg}"
expect 0 "a pinned SHA-256 that matches" "$PCF" validate --library "$T/chain.lib" "$T/h.yaml"
inv "$T/h2.yaml" "- {background: {library: chain, process: p-diesel-a, sha256: $(echo $sha | tr 0-9a-f 1-9a-f0)}, amount: 1, unit: kg}"
expect 1 "a pinned SHA-256 that does not" "$PCF" validate --library "$T/chain.lib" "$T/h2.yaml"
expect_err "process library 'chain' \(.*chain.lib\) has SHA-256 $sha, but the inventory asks for" "the refusal gives both digests"
inv "$T/b.yaml" "- {background: {library: chain, process: p-diesel-a, sha256: ABC, removals: keep, extra: 1}, amount: 1, unit: kg}" \
	"- {background: {process: p-diesel-a}, amount: 1, unit: kg}" \
	"- {background: {library: chain, process: p-diesel-a}, factor: x, amount: 1, unit: kg}" \
	"- {background: [chain, p-diesel-a], amount: 1, unit: kg}"
inv "$T/i.yaml" "- {background: {library: 'ch:ain', process: 'p;x', providers: {'f;d': p, f-diesel: 'a;b'}}, amount: 1, unit: kg}"
expect 1 "what cannot go into the factor id" "$PCF" validate --library "$T/chain.lib" "$T/i.yaml"
expect_err "background.library: expected a library name of letters, digits, '.', '_' and '-', found 'ch:ain'" "a library name with ':'"
expect_err "background.process: expected a process @id or name: no ';', found 'p;x'" "a process with ';'"
expect_err "background.providers.f;d: expected a flow @id: no ';' or '=', found 'f;d'" "a flow with ';'"
expect_err "background.providers.f-diesel: expected a process @id or name: no ';', found 'a;b'" "a provider with ';'"
expect 1 "badly written background inputs" "$PCF" validate --library "$T/chain.lib" "$T/b.yaml"
expect_err "inputs\[0\].background: unknown key 'extra'" "an unknown key"
expect_err "inputs\[0\].background.sha256: expected the library's SHA-256 as 64 lowercase hex digits, found 'ABC'" "a bad digest"
expect_err "inputs\[0\].background.removals: .*exclude" "removals has one value"
expect_err "inputs\[1\].background: missing required key 'library'" "library is required"
expect_err "inputs\[2\]: expected one of 'process', 'factor', 'background' or 'supplier', found several" "one source per input"
expect_err "inputs\[3\].background: expected a background process \{library, process\}" "a mapping"

# ---- the limit: 1024 distinct background processes in one inventory, not 1025 ----
"$PY" - "$T/many" <<'EOT'
import json, os, sys
out = sys.argv[1]
def put(folder, o):
    os.makedirs(os.path.join(out, folder), exist_ok=True)
    json.dump(o, open(os.path.join(out, folder, o['@id'] + '.json'), 'w'))
ref = lambda t, i: {'@type': t, '@id': i, 'name': i}
put('unit_groups', {'@type': 'UnitGroup', '@id': 'ug', 'name': 'mass', 'units': [{'@id': 'kg', 'name': 'kg', 'conversionFactor': 1.0, 'referenceUnit': True}]})
put('flow_properties', {'@type': 'FlowProperty', '@id': 'fp', 'name': 'Mass', 'unitGroup': ref('UnitGroup', 'ug')})
put('categories', {'@type': 'Category', '@id': 'air', 'name': 'air', 'modelType': 'FLOW'})
put('categories', {'@type': 'Category', '@id': 'airu', 'name': 'unspecified', 'modelType': 'FLOW', 'category': ref('Category', 'air')})
put('categories', {'@type': 'Category', '@id': 'prod', 'name': 'Products', 'modelType': 'FLOW'})
M = [{'flowProperty': ref('FlowProperty', 'fp'), 'conversionFactor': 1.0, 'referenceFlowProperty': True}]
put('flows', {'@type': 'Flow', '@id': 'co2', 'name': 'Carbon dioxide, fossil', 'flowType': 'ELEMENTARY_FLOW', 'category': ref('Category', 'airu'), 'flowProperties': M})
ex = lambda i, f, a, **k: dict({'@type': 'Exchange', '@id': i, 'flow': ref('Flow', f), 'amount': a, 'unit': ref('Unit', 'kg'), 'flowProperty': ref('FlowProperty', 'fp'), 'input': False}, **k)
for i in range(1025):
    put('flows', {'@type': 'Flow', '@id': 'f%04d' % i, 'name': 'Product %d' % i, 'flowType': 'PRODUCT_FLOW', 'category': ref('Category', 'prod'), 'flowProperties': M})
    put('processes', {'@type': 'Process', '@id': 'p%04d' % i, 'name': 'Process %d' % i, 'processType': 'UNIT_PROCESS', 'exchanges': [
        ex('r%04d' % i, 'f%04d' % i, 1.0, quantitativeReference=True), ex('e%04d' % i, 'co2', 0.001 * (i + 1))]})
EOT
expect 0 "import 1025 one-process products" "$PCF" import olca-jsonld "$T/many" -o "$T/many.lib"
for n in 1024 1025; do
	i=0; set --
	while [ $i -lt $n ]; do set -- "$@" "- {background: {library: many, process: p$(printf %04d $i)}, amount: 1, unit: kg}"; i=$((i + 1)); done
	inv "$T/many$n.yaml" "$@"
done
expect 0 "1024 distinct background inputs" "$PCF" compute "$T/many1024.yaml" --method iso14067 --library "$T/many.lib" --json
close "$(field "$T/out" 'r["footprint"]["total"]')" "$("$PY" -c 'print(sum(0.001 * (i + 1) for i in range(1024)))')" "their sum: 0.001 x (1 + ... + 1024)"
expect 1 "1025 are refused" "$PCF" compute "$T/many1025.yaml" --method iso14067 --library "$T/many.lib"
expect_err "inputs\[1024\]\.background: more than 1024 distinct background processes in one inventory" "the 1025th is named"
inv "$T/same.yaml" "- {background: {library: many, process: p0000}, amount: 1, unit: kg}" "- {background: {library: many, process: p0000}, amount: 2, unit: kg}"
expect 0 "the same background input twice is one" "$PCF" compute "$T/same.yaml" --method iso14067 --library "$T/many.lib" --json
close "$(field "$T/out" 'r["footprint"]["total"]')" 0.003 "3 kg x 0.001"
check "one factor" test "$(field "$T/out" 'len(r["factors"])')" = 1

# ---- the worked example: USLCI's SRVC grid (the extract) ----
expect 0 "import the USLCI extract" "$PCF" import olca-jsonld "$SRVC" -o "$T/uslci.lib"
expect_out "^35 processes, 301 flows, 1104 exchanges" "the extract's counts"
expect 0 "the grid alone" "$PCF" compute --library "$T/uslci.lib" --process "$GRID" --provider "$DIESEL=$REFINERY" --json
cp "$T/out" "$T/grid.json"
"$PY" "$top_srcdir/tests/lca/olca_ref.py" "$SRVC" "$GRID" --provider "$DIESEL=$REFINERY" > "$T/ref.json" 2>"$T/referr" ||
	diag "$(cat "$T/referr")"
for k in fossil biogenic-emissions biogenic-removals total; do
	close "$(field "$T/grid.json" "r['footprint']['$k']")" "$(field "$T/ref.json" "r['$GRID']['$k']")" "grid $k agrees with the reader"
done
# the reader's own solver, for machines without numpy, agrees with numpy's
"$PY" -c 'import sys; sys.modules["numpy"] = None; p = sys.argv[1]; sys.argv = sys.argv[1:]; exec(compile(open(p).read(), p, "exec"))' \
	"$top_srcdir/tests/lca/olca_ref.py" "$SRVC" "$GRID" --provider "$DIESEL=$REFINERY" > "$T/ref2.json" 2>"$T/referr" ||
	diag "$(cat "$T/referr")"
close "$(field "$T/ref2.json" "r['$GRID']['total']")" "$(field "$T/ref.json" "r['$GRID']['total']")" "the reader without numpy gives the same total"
bad=$("$PY" -c '
import json, sys
a = {c["category"]: c["direct"] for c in json.load(open(sys.argv[1]))["contributions"]["categories"]}
b = json.load(open(sys.argv[2]))[sys.argv[3]]["categories"]
print(",".join(k for k in set(a) | set(b) if abs(a.get(k, 0) - b.get(k, 0)) > max(1e-9 * abs(b.get(k, 0)), 1e-15)))
' "$T/grid.json" "$T/ref.json" "$GRID")
check "the grid's direct contributions by process category agree with the reader${bad:+ (not: $bad)}" test -z "$bad"
check "15 categories, coal-fired power first" test "$(field "$T/grid.json" '(len(r["contributions"]["categories"]), r["contributions"]["categories"][0]["category"], r["contributions"]["categories"][0]["processes"])')" = "(15, 'Utilities/Fossil Fuel Electric Power Generation', 8)"
close "$(field "$T/grid.json" 'sum(c["direct"] for c in r["contributions"]["categories"])')" "$(field "$T/grid.json" 'r["footprint"]["total"]')" "the categories add up to the total"
expect 0 "the grid as text" "$PCF" compute --library "$T/uslci.lib" --process "$GRID" --provider "$DIESEL=$REFINERY" --top 3
expect_out "^by process category \(direct; top 3 of 15\)" "the text has the categories"
expect_out "^ +0\.529131 +90\.94%  Utilities/Fossil Fuel Electric Power Generation \(8\)" "with their share and count"
expect 0 "compute the example" "$PCF" compute "$EX" --method iso14067 --library "$T/uslci.lib" --json
cp "$T/out" "$T/ex.json"
# per piece: 1.2 kWh of the grid (1200 kWh per 1000 pieces) at the reader's fossil + biogenic emissions
# (its CO2 uptake left out), plus 0.15 kg of resin at 2.1 kg CO2e per kg = 0.315
want=$("$PY" -c 'import json, sys; r = json.load(open(sys.argv[1]))[sys.argv[2]]; print(repr(1.2 * (r["fossil"] + r["biogenic-emissions"]) + 0.15 * 2.1))' "$T/ref.json" "$GRID")
diag "the example: 1.2 x (fossil + biogenic of the grid) + 0.15 x 2.1 = $want kg CO2e per piece"
close "$(field "$T/ex.json" 'r["footprint"]["total"]')" "$want" "the example's total agrees with the reader's arithmetic"
close "$(field "$T/ex.json" 'r["footprint"]["total"]')" 1.0134227838193284 "and with the figure in the docs"
close "$(field "$T/ex.json" 'r["footprint"]["biogenic-removals"]')" 0 "no removals"
bad=$("$PY" -c '
import json, sys
f = [x for x in json.load(open(sys.argv[1]))["factors"] if x["id"].startswith("lca:")][0]
a = {g["gas"].replace("-", "") if g["gas"] not in ("co2-fossil", "co2-biogenic", "ch4-fossil") else g["gas"]: g["value"] for g in f["gases"]}
b = {k: v for k, v in json.load(open(sys.argv[2]))[sys.argv[3]]["gases"].items() if k != "co2-uptake"}
print(",".join(k for k in set(a) | set(b) if abs(a.get(k, 0) - b.get(k, 0)) > max(1e-9 * abs(b.get(k, 0)), 1e-18)))
' "$T/ex.json" "$T/ref.json" "$GRID")
check "every gas of the factor agrees with the reader per kWh${bad:+ (not: $bad)}" test -z "$bad"
check "the factor's region is GLO for USLCI's RNA, with the location in its source" \
	test "$(field "$T/ex.json" '[(x["region"], "location RNA;" in x["source"]) for x in r["factors"] if x["id"].startswith("lca:")][0]')" = "('GLO', True)"
expect 0 "the same bytes twice" "$PCF" compute "$EX" --method iso14067 --library "$T/uslci.lib" --json
check "same inventory, same library, same result" cmp -s "$T/out" "$T/ex.json"

expect 0 "issue the example" issue "$EX" --library "$T/uslci.lib" $(sign issuer) -o "$T/clip.pcfb"
V="--trust $PKI/root.pem --crl $PKI/crl/trusted.crl.pem --at 2027-01-01T00:00:00Z"
expect 0 "verify it" "$PCF" verify $V "$T/clip.pcfb"
expect_out "valid" "the bundle is valid"
# The background process travels as its computed factor (factors.json, format 1.2): a verifier
# without the process library recomputes the same bytes.
expect_out "result recomputed and identical" "and recomputes it without the process library, from factors.json"
check "factors.json carries the background process's factor" sh -c \
	"tar -xOf '$T/clip.pcfb' factors.json | grep -q '\"id\": \"lca:uslci:'"
expect 1 "issue without the library" issue "$EX" $(sign issuer) -o "$T/no.pcfb"
expect_err "no process library was given \(--library uslci=FILE\)" "the refusal names the option"

# ---- the extract is the whole database's system ----
USLCI="${PCF_USLCI:-$top_srcdir/../../shared/reference/uslci/olca1.5-json-ld}"
[ -d "$USLCI" ] || USLCI=/work/shared/reference/uslci/olca1.5-json-ld
if [ -d "$USLCI/processes" ]; then
	expect 0 "import the whole USLCI" "$PCF" import olca-jsonld "$USLCI" -o "$T/full.lib"
	expect 0 "the example on the whole database" "$PCF" compute "$EX" --method iso14067 --library "uslci=$T/full.lib" --json
	close "$(field "$T/out" 'r["footprint"]["total"]')" "$(field "$T/ex.json" 'r["footprint"]["total"]')" \
		"the extract gives the whole database's footprint"
else
	skip_test "the whole USLCI is not here"
fi
done_testing
