#!/bin/sh
# inventory.sh - 'pcf validate' and 'pcf factors': every example and valid fixture passes; every
# malformed inventory under tests/data/inventory/bad fails with exactly the errors (position, key
# path and message) listed in the .expect file beside it; factor libraries, precedence and clashes.
. "$top_srcdir/tests/cli/lib.sh"
INV="$DATA/inventory"

# -- valid inventories: exit 0, nothing printed
# (an example with background inputs validates with its process library: the USLCI extract)
"$PCF" import olca-jsonld "$DATA/lca/uslci-srvc" -o "$T/uslci.lib" >/dev/null
for f in "$top_srcdir"/examples/*.yaml "$INV"/good/*.yaml; do
	lib=; grep -q '^ *background:' "$f" && lib="--library $T/uslci.lib"
	expect 0 "valid: $(basename "$f")" "$PCF" validate $lib "$f"
	check "quiet on success: $(basename "$f")" test ! -s "$T/out" -a ! -s "$T/err"
done

# -- the malformed corpus: exit 1 and exactly the expected errors, in order
n=0
for f in "$INV"/bad/*.yaml; do
	name=$(basename "$f" .yaml)
	n=$((n + 1))
	run "$PCF" validate "$f"
	sed -n 's/^error: //p' "$INV/bad/$name.expect" | sed "s|^|pcf validate: $f:|" > "$T/want"
	if [ "$rc" -eq 1 ] && cmp -s "$T/want" "$T/err"; then
		ok "malformed: $name"
	else
		not_ok "malformed: $name (exit $rc)"
		diag "wanted:" "$(cat "$T/want")" "got:" "$(cat "$T/err")"
	fi
done
check "at least 30 malformed inventories ($n)" test "$n" -ge 30

# -- every error of every file, and the JSON report
expect 1 "several files: all reported" "$PCF" validate "$top_srcdir/examples/portland-cement.yaml" \
	"$INV/bad/unknown-top-key.yaml" "$INV/bad/bad-stage.yaml"
check "three errors from two files" test "$(wc -l < "$T/err")" -eq 3
expect 1 "--json on an invalid file" "$PCF" validate --json "$INV/bad/unknown-top-key.yaml" "$INV/good/minimal.yaml"
check "--json report is JSON with both files" /usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["valid"] is False
a, b = r["files"]
assert not a["valid"] and len(a["errors"]) == 2 and a["errors"][0]["line"] == 9 and a["errors"][0]["column"] == 1
assert a["errors"][0]["path"] == "" and "boundry" in a["errors"][0]["message"]
assert b["valid"] and b["errors"] == []
' "$T/out"
check "--json prints nothing on stderr" test ! -s "$T/err"
expect 0 "--json on valid files" "$PCF" validate --json "$top_srcdir/examples/portland-cement.yaml"
expect_out '"valid": true' "--json says valid"
expect 0 "--verbose" "$PCF" validate -v "$top_srcdir/examples/portland-cement.yaml"
expect_out 'portland-cement.yaml: valid \(7 processes\)' "--verbose names the file"
expect 5 "unreadable file exits 5" "$PCF" validate "$T/no-such-file.yaml"
expect_err "no-such-file.yaml: cannot open" "unreadable file is named"
expect 2 "no file is a usage error" "$PCF" validate
expect_err 'usage: pcf validate' "usage on stderr"
PCF_DATA_DIR="$T/nowhere" expect 5 "missing default library exits 5" "$PCF" validate "$INV/good/minimal.yaml"
expect_err "nowhere/factors: cannot open the default factor library folder" "the folder is named"
expect 0 "--no-default works without a library" env PCF_DATA_DIR="$T/nowhere" "$PCF" validate --no-default "$INV/good/minimal.yaml"
expect 1 "--no-default: library ids no longer resolve" "$PCF" validate --no-default "$top_srcdir/examples/portland-cement.yaml"
expect_err "unknown factor 'cn-grid-2023'" "the missing factor is named"

# -- factor libraries
expect 0 "factors list" "$PCF" factors list
expect_out '^cn-grid-2021 +kWh +CN +2021 ' "list shows the 2021 China grid factor"
check "list has every default factor" test "$(grep -c '^ipcc2006-\|^cn-grid-' "$T/out")" -ge 20
expect 0 "factors show" "$PCF" factors show cn-grid-2022
expect_out '^gases: +0.5366 kg co2-fossil per kWh' "show gives the value"
expect_out '^licence: +public domain' "show gives the licence"
expect 0 "factors show --json" "$PCF" factors --json show cn-grid-2023
check "show --json" /usr/bin/python3 -c '
import json, sys
f = json.load(open(sys.argv[1]))
assert f["id"] == "cn-grid-2023" and f["value"] == 0.5306 and f["gases"] == {"co2-fossil": 0.5306}
assert f["unit"] == "kWh" and f["region"] == "CN" and f["year"] == 2023 and f["licence"] and f["source"]
' "$T/out"
expect 1 "factors show of an unknown id" "$PCF" factors show nope
expect_err "no factor with id 'nope'" "unknown id is named"
expect 0 "factors search" "$PCF" factors search DIESEL
expect_out '^ipcc2006-diesel-t ' "search is case-insensitive"
check "search finds only matches" test "$(grep -vc -i diesel "$T/out")" -eq 1
expect 1 "search without a match" "$PCF" factors search unobtainium
expect 0 "factors list --json" "$PCF" factors --json list
check "list --json is an array" /usr/bin/python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); assert len(a) >= 20' "$T/out"
expect 0 "factors without a command lists them, like pcf methods" "$PCF" factors
expect_out "^cn-grid-2023 " "the list names the factors"
expect 2 "factors with an unknown command" "$PCF" factors frob
expect 2 "factors show without an id" "$PCF" factors show

# a user library overrides a default factor (reported) and adds its own
cat > "$T/mine.yaml" <<'LIB'
format-version: 1
library: my-supplier-data
factors:
  - id: cn-grid-2023
    name: Grid electricity, our green tariff
    value: 0.1
    gas: co2-fossil
    unit: kWh
    region: CN
    year: 2023
    source: supplier certificate
    licence: proprietary
  - id: my-coil
    name: Coil from our mill
    value: 1.9
    gas: co2e
    gwp-set: AR6
    unit: kg
    region: CN
    year: 2024
    source: mill EPD
    licence: proprietary
LIB
expect 0 "--factors overrides the default library" "$PCF" factors --factors "$T/mine.yaml" show cn-grid-2023
expect_out '^gases: +0.1 kg co2-fossil per kWh' "the later library wins"
expect_err "warning: factor 'cn-grid-2023' of library 'my-supplier-data' \(line 4\) overrides the one of library 'pcfkit-default/electricity'" "the clash is reported"
expect 0 "--no-default --factors" "$PCF" factors --no-default --factors "$T/mine.yaml" list
check "only the user's factors" test "$(wc -l < "$T/out")" -eq 3
sed 's/cn-grid-2023/my-grid/' "$T/mine.yaml" | sed 's/my-coil/my-grid2/' > "$T/second.yaml"
sed 's/value: 0.1/value: 0.2/' "$T/second.yaml" > "$T/third.yaml"
expect 0 "two --factors: the later wins" "$PCF" factors --no-default --factors "$T/second.yaml" --factors "$T/third.yaml" show my-grid
expect_out '0.2 kg' "the later file's value"
printf 'format-version: 1\nlibrary: broken\nfactors:\n  - {id: x}\n' > "$T/broken.yaml"
expect 1 "a broken library is refused" "$PCF" factors --factors "$T/broken.yaml" list
expect_err "broken.yaml:4:5: factors\[0\]: missing required key 'name'" "its errors have positions"
expect 5 "a missing library exits 5" "$PCF" factors --factors "$T/none.yaml" list
expect 0 "validate with a user library" "$PCF" validate --factors "$T/mine.yaml" "$top_srcdir/examples/portland-cement.yaml"
expect_err "warning: factor 'cn-grid-2023'" "validate reports the clash too"
done_testing
