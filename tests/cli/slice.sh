#!/bin/sh
# slice.sh - the end-to-end path of the README's main job: inventory -> plugin (dlopen) -> result ->
# signed bundle -> pcf verify, and the three refusals the foundation promises: a one-byte change in a
# bundled file, a root that did not issue the bundle, and a YAML syntax error with file:line:column.
. "$top_srcdir/tests/cli/lib.sh"
PKI=$PCF_TEST_PKI
EX=$top_srcdir/examples/portland-cement.yaml

# options may come after the operands, as with other GNU-style tools
expect 0 "issue the example" "$PCF" issue "$EX" --method iso14067 --key "$PKI/issuer.key" --cert "$PKI/issuer.pem" \
	--chain "$PKI/chain.pem" -o "$T/cement.pcfb"
check "the bundle exists" test -s "$T/cement.pcfb"
expect 0 "verify it, options after the bundle" "$PCF" verify "$T/cement.pcfb" --trust "$PKI/root.pem" --crl "$PKI/crl/trusted.crl.pem"
expect_out 'valid .*recomputed and identical' "the verdict says valid and recomputed"
expect 0 "compute prints the same total as the bundle" "$PCF" compute "$EX" --json
total=$(jq -r .footprint.total "$T/out")
tar -xOf "$T/cement.pcfb" manifest.json >"$T/manifest.json"
check "manifest total equals the computed total ($total)" test "$(jq -r .footprint.total "$T/manifest.json")" = "$total"

# one byte changed in a bundled file (same length, so the archive stays well-formed)
/usr/bin/python3 - "$T/cement.pcfb" "$T/tampered.pcfb" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
i = data.index(b"format-version: 1")
data[i + len("format-version: ")] = ord("2")
open(sys.argv[2], "wb").write(data)
PY
expect 1 "a one-byte change in inventory.yaml is rejected" "$PCF" verify "$T/tampered.pcfb" --trust "$PKI/root.pem" --crl "$PKI/crl/trusted.crl.pem"
expect_out 'invalid.*(digest|size)' "the reason names the digest of the changed entry"

expect 1 "a root that did not issue the bundle is rejected" "$PCF" verify "$T/cement.pcfb" --trust "$PKI/other-root.pem" --crl "$PKI/crl/trusted.crl.pem"
expect_out 'invalid.*chain' "the reason names the untrusted chain"

printf 'format-version: 1\nproduct:\n  id: urn:example:x\n  name: [unclosed\n' >"$T/broken.yaml"
expect 1 "a YAML syntax error fails compute" "$PCF" compute "$T/broken.yaml"
expect_err "broken.yaml:[0-9]+:[0-9]+: " "the error names file:line:column"
expect 1 "a YAML syntax error fails validate, options after operands" "$PCF" validate "$T/broken.yaml" -v
expect_err "broken.yaml:[0-9]+:[0-9]+: " "validate names file:line:column"
done_testing
