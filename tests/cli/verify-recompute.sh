#!/bin/sh
# verify-recompute.sh - bundles issued by `pcf issue` (the real writer) verified by `pcf verify`,
# `pcf inspect` and `pcf extract`, and recomputation with the installed plugin (threats.md T28):
# identical, mismatch, an inventory that no longer computes (hostile YAML, T23), plugin missing.
. "$top_srcdir/tests/cli/lib.sh"
PKI=${PCF_TEST_PKI:?run through make check}
INV=$top_srcdir/tests/data/bundle/steel.yaml
V="--trust $PKI/root.pem --crl $PKI/crl/trusted.crl.pem --at 2027-01-01T00:00:00Z"
jqt() { jq -e "$@" >/dev/null; }
ISSUE="--method example --chain $PKI/chain.pem --issued-at 2026-11-29T16:00:00Z"
expect 0 "issue an EC-signed bundle" "$PCF" issue "$INV" $ISSUE --key "$PKI/issuer.key" --cert "$PKI/issuer.pem" -o "$T/ec.pcfb"
expect 0 "issue an RSA-signed bundle" "$PCF" issue "$INV" $ISSUE --key "$PKI/issuer-rsa.key" --cert "$PKI/issuer-rsa.pem" \
	--attach "$INV" -o "$T/rsa.pcfb"

expect 0 "an issued bundle verifies and recomputes identically" "$PCF" verify $V "$T/ec.pcfb"
expect_out 'ec.pcfb: valid \(certificate [0-9a-f-]{36}; revocation checked; result recomputed and identical\)' \
	"the verdict says the result was recomputed"
expect 0 "batch of issued bundles (plugin loaded once)" "$PCF" verify --json $V "$T/ec.pcfb" "$T/rsa.pcfb"
check "JSON: both recomputed, recompute check passed" jqt \
	'all(.[]; .verdict == "valid" and .recomputed == true and ([.checks[] | select(.check == "recompute")][0].outcome == "pass"))' "$T/out"
expect 0 "plugin not installed: still valid, not recomputed" env PCF_PLUGIN_PATH="$T/no-plugins" "$PCF" verify $V "$T/ec.pcfb"
expect_out 'not recomputable: plugin example 1.0.0 not installed\)' "the note names the missing plugin"
expect 0 "--plugin-dir is searched first" env PCF_PLUGIN_PATH="$T/no-plugins" "$PCF" verify $V \
	--plugin-dir "$top_builddir/plugins/.libs" "$T/ec.pcfb"
expect_out 'result recomputed and identical' "--plugin-dir finds the plugin"

# T28: the numbers edited and re-signed with a valid key: only recomputation notices
total=$(tar -xOf "$T/ec.pcfb" manifest.json | jq '.footprint.total')
/usr/bin/python3 "$top_srcdir/tests/cli/verify-resign.py" "$PKI" "$T/ec.pcfb" "$T/edited.pcfb" result.json "$total" 1.5
expect 4 "T28 an edited result exits 4" "$PCF" verify $V "$T/edited.pcfb"
expect_out 'edited.pcfb: recompute-mismatch: recomputed with example 1.0.0, the result differs from result.json from byte [0-9]+' \
	"T28 the mismatch says where the results differ"
expect 0 "T28 --no-recompute does not notice (and says it did not recompute)" "$PCF" verify $V --no-recompute "$T/edited.pcfb"
expect 4 "T28 batch: edited + good exits 4" "$PCF" verify $V "$T/edited.pcfb" "$T/ec.pcfb"
# In a batch the recomputer first tries the parameters that last matched: a bundle issued with other
# parameters still matches, and an edited one is judged exactly as alone.
expect 0 "issue with --param removals=exclude" "$PCF" issue "$INV" $ISSUE --param removals=exclude \
	--key "$PKI/issuer.key" --cert "$PKI/issuer.pem" -o "$T/excl.pcfb"
expect 4 "edited alone" "$PCF" verify $V "$T/edited.pcfb"
cp "$T/out" "$T/alone.out"
expect 0 "batch: good, other parameters, good again" "$PCF" verify --json $V "$T/ec.pcfb" "$T/excl.pcfb" "$T/ec.pcfb"
check "all three recomputed and identical" jqt 'length == 3 and all(.[]; .verdict == "valid" and .recomputed == true)' "$T/out"
expect 4 "batch: good, then edited" "$PCF" verify $V "$T/ec.pcfb" "$T/edited.pcfb"
check "the edited bundle gets in the batch the verdict it gets alone" grep -qxF "$(cat "$T/alone.out")" "$T/out"
expect 4 "-j 2: good, other parameters, edited, good" "$PCF" verify -j 2 --json $V "$T/ec.pcfb" "$T/excl.pcfb" \
	"$T/edited.pcfb" "$T/rsa.pcfb"
check "-j 2: three identical, the edited one a mismatch" jqt \
	'[.[].verdict] == ["valid", "valid", "recompute-mismatch", "valid"] and ([.[] | select(.recomputed)] | length) == 3' "$T/out"

# T23: a hostile inventory (YAML aliases) re-signed: the inventory parser refuses it on recompute
/usr/bin/python3 "$top_srcdir/tests/cli/verify-resign.py" "$PKI" "$T/ec.pcfb" "$T/aliases.pcfb" inventory.yaml \
	"product:" "x: &a [1, 1, 1, 1]
y: &b [*a, *a, *a, *a]
product:"
expect 4 "T23 hostile YAML in the inventory: recompute-failed (exit 4)" "$PCF" verify $V "$T/aliases.pcfb"
expect_out 'aliases.pcfb: recompute-mismatch: recompute-failed: the bundled inventory does not compute under example 1.0.0: inventory.yaml:[0-9]+:[0-9]+' \
	"T23 the failure names the inventory line and column"
expect 4 "T23 after a good bundle in a batch: still recompute-failed" "$PCF" verify $V "$T/ec.pcfb" "$T/aliases.pcfb"
expect_out 'aliases.pcfb: recompute-mismatch: recompute-failed: the bundled inventory does not compute under example 1.0.0: inventory.yaml:[0-9]+:[0-9]+' \
	"T23 in a batch the failure still names the inventory line and column"

# the writer's bundles through inspect and extract
expect 0 "inspect an issued bundle" "$PCF" inspect "$T/rsa.pcfb"
expect_out '^signer: +CN=Demo Certification Body Issuer \(RSA\)' "inspect shows the RSA signer"
expect 0 "extract an issued bundle with an attachment" "$PCF" extract $V "$T/rsa.pcfb" "$T/x"
check "extracted inventory is the submitted one" cmp -s "$T/x/inventory.yaml" "$INV"
check "extracted attachment is the submitted one" cmp -s "$T/x/evidence/steel.yaml" "$INV"
expect 4 "extract refuses a recompute mismatch with exit 4" "$PCF" extract $V "$T/edited.pcfb" "$T/y"
done_testing
