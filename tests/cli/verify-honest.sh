#!/bin/sh
# verify-honest.sh - recomputation verdicts that never accuse an honest issuer (issue 13): a missing
# input (a factor library of the body's own, a plugin not installed, a plugin version that cannot
# recompute the bundle) is "not recomputable", never recompute-mismatch; a bundle of an older minor
# version of the plugin recomputes identically under a newer one (the one version policy of
# docs/trust-model.md); recompute-mismatch still means: same inputs, other bytes.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"
INV=$BDATA/steel.yaml
V="--trust $PKI/root.pem --crl $PKI/crl/trusted.crl.pem --at 2027-01-01T00:00:00Z"
V10=$top_builddir/tests/plugins/v1.0/.libs
V12=$top_builddir/tests/plugins/v1.2/.libs
ISSUE="$(sign issuer) --issued-at 2026-11-29T16:00:00Z"
jqt() { jq -e "$@" >/dev/null; }
recompute_is() { jqt --arg s "$1" '.[0].verdict == "valid" and .[0].recompute == $s' "$T/out"; }

# --- a factor library of the certification body's own ------------------------------------------------
cat >"$T/body.yaml" <<'YAML'
format-version: 1
library: acme-body/own
description: the body's own, supplier-specific factors
factors:
  - id: cn-grid-2022
    name: Grid electricity, supplier contract
    value: 0.41
    gas: co2-fossil
    unit: kWh
    region: CN
    year: 2024
    source: supplier contract
    licence: proprietary
  - id: acme-green-power
    name: Electricity from the supplier's own plant
    value: 0.05
    gas: co2-fossil
    unit: kWh
    region: DE
    year: 2024
    source: supplier EPD
    licence: proprietary
YAML
sed 's/factor: cn-grid-2022/factor: acme-green-power/' "$INV" >"$T/scrap.yaml"
expect 0 "issue with --factors (an override of a default factor)" issue "$INV" $ISSUE --factors "$T/body.yaml" -o "$T/own.pcfb"
expect 0 "issue with --factors (a factor only the body's library has)" issue "$T/scrap.yaml" $ISSUE \
	--factors "$T/body.yaml" -o "$T/scrap.pcfb"
# Since format 1.2 the body's factors travel in the bundle (factors.json, issue 14): recomputed with them.
expect 0 "a body's override, its factors in the bundle: valid" "$PCF" verify --json $V "$T/own.pcfb" "$T/scrap.pcfb"
check "JSON: both recomputed identically with the bundle's factors" jqt \
	'all(.[]; .recompute == "identical" and ([.checks[] | select(.check == "recompute")][0].detail | contains("the bundle'"'"'s factors")))' "$T/out"
# Bundles as pcfkit wrote them before 1.2 (no factors.json) keep the old verdicts, byte for byte.
/usr/bin/python3 "$top_srcdir/tests/cli/verify-old-format.py" "$PKI" "$T/own.pcfb" "$T/own-1.0.pcfb"
/usr/bin/python3 "$top_srcdir/tests/cli/verify-old-format.py" "$PKI" "$T/scrap.pcfb" "$T/scrap-1.0.pcfb"
mv "$T/own-1.0.pcfb" "$T/own.pcfb"
mv "$T/scrap-1.0.pcfb" "$T/scrap.pcfb"
expect 0 "a body's override: valid, not a mismatch" "$PCF" verify $V "$T/own.pcfb"
expect_out "own.pcfb: valid \(.*not recomputable: factor library 'acme-body/own' not available" \
	"the note names the missing factor library"
expect 0 "a factor unknown here: valid, not a mismatch" "$PCF" verify --json $V "$T/scrap.pcfb"
check "JSON: recompute is not-recomputable, the check skipped, the note names the library" jqt \
	'.[0].recompute == "not-recomputable" and .[0].recomputed == false and (.[0].note | contains("acme-body/own"))
	 and ([.[0].checks[] | select(.check == "recompute")][0].outcome == "skipped")' "$T/out"
expect 0 "batch: good, own library, good" "$PCF" verify --json $V "$T/own.pcfb" "$T/scrap.pcfb" "$T/own.pcfb"
check "every verdict valid and not-recomputable" jqt 'all(.[]; .verdict == "valid" and .recompute == "not-recomputable")' "$T/out"
# the same bytes are a match with the library at hand (here: in PCF_DATA_DIR's default library)
mkdir -p "$T/data/factors"
cp "$top_srcdir"/data/factors/*.yaml "$T/data/factors/"
sed '/^  - id: cn-grid-2022/,/^    licence: proprietary/d' "$T/body.yaml" >"$T/data/factors/zz-body.yaml"
expect 0 "with the body's library installed the bundle recomputes identically" env PCF_DATA_DIR="$T/data" \
	"$PCF" verify --json $V "$T/scrap.pcfb"
check "JSON: identical" recompute_is identical
# edited numbers are still a mismatch when every input is there
total=$(tar -xOf "$T/scrap.pcfb" manifest.json | jq '.footprint.total')
/usr/bin/python3 "$top_srcdir/tests/cli/verify-resign.py" "$PKI" "$T/scrap.pcfb" "$T/scrap-edited.pcfb" result.json "$total" 1.5
expect 4 "an edited result with every input available: recompute-mismatch" env PCF_DATA_DIR="$T/data" \
	"$PCF" verify $V "$T/scrap-edited.pcfb"
expect_out 'scrap-edited.pcfb: recompute-mismatch: recomputed with example' "the mismatch is a mismatch"

# --- plugin versions: one policy (same major, the same or a later minor) -------------------------------
expect 0 "issue with versioned 1.0.0" "$PCF" issue --method versioned --plugin-dir "$V10" "$INV" $ISSUE -o "$T/v10.pcfb"
expect 0 "issue with versioned 1.2.0" "$PCF" issue --method versioned --plugin-dir "$V12" "$INV" $ISSUE -o "$T/v12.pcfb"
check "the result records the version that computed it" sh -c \
	"tar -xOf '$T/v10.pcfb' result.json | jq -e '.methodology.version == \"1.0.0\"' >/dev/null"
expect 0 "a 1.0.0 bundle under 1.2.0: recomputed, identical" "$PCF" verify --json $V --plugin-dir "$V12" "$T/v10.pcfb"
check "JSON: identical, recomputed with 1.2.0" jqt \
	'.[0].recompute == "identical" and .[0].recomputed and ([.[0].checks[] | select(.check == "recompute")][0].detail | test("versioned 1.2.0"))' "$T/out"
expect 0 "a 1.0.0 bundle under 1.0.0: identical" "$PCF" verify --json $V --plugin-dir "$V10" "$T/v10.pcfb"
check "JSON: identical" recompute_is identical
expect 0 "a 1.2.0 bundle under 1.0.0: valid, not recomputable (an older minor cannot vouch for it)" \
	"$PCF" verify --json $V --plugin-dir "$V10" "$T/v12.pcfb"
check "JSON: not-recomputable, the note names both versions" jqt \
	'.[0].recompute == "not-recomputable" and (.[0].note | test("versioned 1.2.0 needed.*1.0.0 is installed"))' "$T/out"
expect 0 "batch under 1.2.0, -j 2: both identical" "$PCF" verify -j 2 --json $V --plugin-dir "$V12" "$T/v10.pcfb" "$T/v12.pcfb" "$T/v10.pcfb"
check "JSON: all identical" jqt 'all(.[]; .recompute == "identical")' "$T/out"
vtotal=$(tar -xOf "$T/v10.pcfb" manifest.json | jq '.footprint.total')
/usr/bin/python3 "$top_srcdir/tests/cli/verify-resign.py" "$PKI" "$T/v10.pcfb" "$T/v10-edited.pcfb" result.json "$vtotal" 1.5
expect 4 "an edited 1.0.0 bundle under 1.2.0: recompute-mismatch" "$PCF" verify --json $V --plugin-dir "$V12" "$T/v10-edited.pcfb"
check "JSON: recompute-mismatch" jqt '.[0].verdict == "recompute-mismatch" and .[0].recompute == "recompute-mismatch"' "$T/out"

# --- a plugin that is not installed, --no-recompute -----------------------------------------------------
expect 0 "plugin not installed: valid, not recomputable" env PCF_PLUGIN_PATH="$T/none" "$PCF" verify --json $V "$T/own.pcfb"
check "JSON: not-recomputable naming the plugin" jqt \
	'.[0].recompute == "not-recomputable" and (.[0].note | test("plugin example 1.0.0 not installed"))' "$T/out"
expect 0 "--no-recompute: skipped" "$PCF" verify --json --no-recompute $V "$T/own.pcfb"
check "JSON: skipped" recompute_is skipped
expect 1 "a bundle that fails earlier: recompute not-run" "$PCF" verify --json --trust "$PKI/root.pem" --at 2027-01-01T00:00:00Z "$T/own.pcfb"
check "JSON: not-run" jqt '.[0].recompute == "not-run"' "$T/out"
done_testing
