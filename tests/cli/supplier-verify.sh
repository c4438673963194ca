#!/bin/sh
# supplier-verify.sh - pcf verify of supplier trees (format 1.2, docs/trust-model.md "Supplier
# trees"): the three-tier example (examples/supply-chain) issued and verified, its composed
# footprint against the worked example; embedding (one entry per digest, the manifest's map);
# the tree verified under the verifier's policy with supplier-untrusted and supplier-invalid
# naming the path, at depth 1 and 2; a tampered node deep in the tree; the same supplier twice;
# the limits at the boundary; --tree and --json; the no-pcfkit script still checks the digests.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"
SD=$top_srcdir/tests/data/supplier
EX=$top_srcdir/examples/supply-chain
AT=2026-06-01T00:00:00Z
W=$T/ex
CRLS="--crl $PKI/crl/root.crl.pem --crl $PKI/crl/ca.crl.pem --crl $PKI/crl/second-ca.crl.pem --crl $PKI/crl/third-ca.crl.pem"
V="--trust $PKI/root.pem $CRLS --at $AT"

expect 0 "the three-tier example issues and verifies (examples/supply-chain/run)" env PCF="$PCF" sh "$EX/run" "$PKI" "$W"
expect_out "bracket.pcfb: valid" "the bracket is valid"
expect_out "^  bracket > steel-coil: valid; Second Issuer; 2.516 kg CO2e per declared unit; 97.67 % of the total" \
	"--tree: the coil at depth 1, its share"
expect_out "^    bracket > steel-coil > pig-iron: valid \\(inventory-withheld\\); Demo Certification Body Issuer; 1560 kg CO2e per declared unit; 66.61 % of the total" \
	"--tree: the pig iron at depth 2, its share, passed on redacted (its inventory withheld)"
check "the redacted pig iron in the tree has no inventory.yaml, and its signature is the full bundle's" /usr/bin/python3 - "$W/pig-iron.pcfb" "$W/pig-iron-full.pcfb" <<'PY'
import sys, tarfile
r, f = tarfile.open(sys.argv[1]), tarfile.open(sys.argv[2])
assert "inventory.yaml" not in r.getnames() and "inventory.yaml" in f.getnames(), r.getnames()
assert r.extractfile("manifest.p7s").read() == f.extractfile("manifest.p7s").read()
PY
expect 0 "--tree --json" "$PCF" verify --tree --json $V "$W/bracket.pcfb"
check "--tree --json: each node's recompute status (the coil identical, the redacted pig iron inventory-withheld)" \
	/usr/bin/python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))[0]["supplier-tree"]; assert [n["recompute"] for n in t] == ["identical", "inventory-withheld"], t' "$T/out"
tar -xOf "$W/bracket.pcfb" result.json > "$T/bracket.json"
check "the composed footprint matches the worked example to 1e-9 (tests/data/supplier/three-tier.txt)" \
	/usr/bin/python3 - "$T/bracket.json" "$SD/three-tier.txt" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["footprint"]
want = {}
for line in open(sys.argv[2]):
    if line.startswith("bracket."):
        k, v = line.split("=", 1)
        want[k[8:].strip()] = float(v)
for k, v in want.items():
    assert abs(r[k] - v) <= 1e-9, (k, r[k], v)
assert len(want) == 7
PY
check "embedded once, by digest, and mapped from the ref (format 1.2)" /usr/bin/python3 - "$W/bracket.pcfb" "$W/steel-coil.pcfb" <<'PY'
import hashlib, json, sys, tarfile
t = tarfile.open(sys.argv[1])
m = json.load(t.extractfile("manifest.json"))
h = hashlib.sha256(open(sys.argv[2], "rb").read()).hexdigest()
assert m["format-version"] == "1.2", m["format-version"]
assert m["suppliers"] == [{"ref": "steel-coil.pcfb", "sha256": h}], m["suppliers"]
names = t.getnames()
assert "suppliers/%s.pcfb" % h in names, names
assert t.extractfile("suppliers/%s.pcfb" % h).read() == open(sys.argv[2], "rb").read()
PY
if /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
	tar -xOf "$W/bracket.pcfb" manifest.json > "$T/m.json"
	check "the 1.2 manifest validates against schemas/manifest.schema.json" /usr/bin/python3 -c "
import json, jsonschema, sys
jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))" \
		"$top_srcdir/schemas/manifest.schema.json" "$T/m.json"
else
	skip_test "python3-jsonschema is not installed"
fi
expect 0 "--tree --json" "$PCF" verify --tree --json $V "$W/bracket.pcfb"
check "--json carries the supplier tree with paths, verdicts, bodies and footprints" /usr/bin/python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))[0]["supplier-tree"]
assert [(n["path"], n["depth"], n["verdict"], n["body"], n["total"]) for n in t] == [
    ("bracket > steel-coil", 1, "valid", "Second Issuer", 2.516),
    ("bracket > steel-coil > pig-iron", 2, "valid", "Demo Certification Body Issuer", 1560)], t
# shares of the bracket total 1.288 (tests/data/supplier/three-tier.txt): the coil brings
# 0.5 x 2.516 = 1.258, the pig iron inside it 0.5 x 0.0011 x 1560 = 0.858
assert abs(t[0]["share"] - 1.258 / 1.288) < 1e-9 and abs(t[1]["share"] - 0.858 / 1.288) < 1e-9, t' "$T/out"
expect 0 "with -j 2 (threads and recompute workers) the trees verify and recompute too" \
	"$PCF" verify -j 2 --tree $V "$W/bracket.pcfb" "$W/steel-coil.pcfb" "$W/bracket.pcfb"
check "... each recomputed and identical" test "$(grep -c 'result recomputed and identical' "$T/out")" -eq 3
expect 0 "a bundle without suppliers has no tree" "$PCF" verify --json $V "$W/pig-iron.pcfb"
check "... no supplier-tree member" sh -c "! grep -q supplier-tree '$T/out'"

# Under the verifier's policy: without the second body's anchors the coil is "not trusted by you".
mkdir -p "$T/pol"
expect 1 "untrusted at depth 1: the verifier trusts another root only" \
	"$PCF" verify --trust "$PKI/other-root.pem" --crl "$PKI/crl/other-root.crl.pem" --at $AT "$W/bracket.pcfb"
expect_out "invalid: chain-untrusted" "... the root itself is untrusted first"

# Build trees whose nodes fail for this verifier: a supplier from a hierarchy the verifier does not trust.
U=$T/untrusted
mkdir -p "$U"
cp "$EX"/*.yaml "$U/"
ST_ALL="--supplier-trust $PKI/root.pem --supplier-trust $PKI/other-root.pem --supplier-crl $PKI/crl/trusted.crl.pem"
ST_ALL="$ST_ALL --supplier-crl $PKI/crl/second-ca.crl.pem --supplier-crl $PKI/crl/other-root.crl.pem --supplier-crl $PKI/crl/other-ca.crl.pem --at $AT"
OTHER="--key $PKI/other-issuer.key --cert $PKI/other-issuer.pem --chain $PKI/other-ca-chain.pem"
expect 0 "depth 2 untrusted: pig iron by a body the final verifier does not trust" \
	"$PCF" issue -m iso14067 $OTHER --issued-at 2026-01-01T00:00:00Z "$U/pig-iron.yaml" -o "$U/pig-iron.pcfb"
expect 0 "... the coil's issuer trusts it" "$PCF" issue -m iso14067 $(sign second-issuer) --chain "$PKI/second-ca-chain.pem" \
	--issued-at 2026-02-01T00:00:00Z $ST_ALL "$U/steel-coil.yaml" -o "$U/steel-coil.pcfb"
expect 0 "... and so does the bracket's" "$PCF" issue -m iso14067 $(sign issuer) --issued-at 2026-03-01T00:00:00Z $ST_ALL \
	"$U/bracket.yaml" -o "$U/bracket.pcfb"
expect 1 "depth 2 untrusted: the bracket fails" "$PCF" verify $V "$U/bracket.pcfb"
expect_out "bracket.pcfb: invalid: supplier-untrusted: a supplier's body is not trusted by you: bracket > steel-coil > pig-iron: " \
	"... supplier-untrusted, naming the path"
expect 1 "depth 1 untrusted: the coil itself fails" "$PCF" verify $V "$U/steel-coil.pcfb"
expect_out "steel-coil.pcfb: invalid: supplier-untrusted: a supplier's body is not trusted by you: steel-coil > pig-iron: " \
	"... naming its path"
expect 1 "at issue time too: an issuer who does not trust the pig iron's body refuses the coil as an input (depth 2)" \
	"$PCF" compute -m iso14067 --supplier-trust "$PKI/root.pem" --supplier-crl "$PKI/crl/trusted.crl.pem" \
	--supplier-crl "$PKI/crl/second-ca.crl.pem" --at $AT "$U/bracket.yaml"
expect_err "supplier bundle .*steel-coil.pcfb: not a valid certificate: invalid \(supplier-untrusted\): a supplier's body is not trusted by you: steel-coil > pig-iron" \
	"... naming the path below the input"
expect 0 "a verifier that trusts that body too accepts the tree" "$PCF" verify --trust "$PKI/root.pem" \
	--trust "$PKI/other-root.pem" $CRLS --crl "$PKI/crl/other-root.crl.pem" --crl "$PKI/crl/other-ca.crl.pem" --at $AT "$U/bracket.pcfb"

# Expired at depth 2: pig iron valid for 30 days, within them when the coil was issued.
E=$T/expired
mkdir -p "$E"
cp "$EX"/*.yaml "$E/"
ST="--supplier-trust $PKI/root.pem --supplier-crl $PKI/crl/trusted.crl.pem --supplier-crl $PKI/crl/second-ca.crl.pem"
expect 0 "expired at depth 2: a pig iron certificate valid 30 days" "$PCF" issue -m iso14067 $(sign issuer) \
	--issued-at 2025-02-01T00:00:00Z --valid-days 30 "$E/pig-iron.yaml" -o "$E/pig-iron.pcfb"
expect 0 "... taken while it was valid" "$PCF" issue -m iso14067 $(sign second-issuer) --chain "$PKI/second-ca-chain.pem" \
	--issued-at 2025-02-10T00:00:00Z --valid-days 3650 $ST --at 2025-02-10T00:00:00Z "$E/steel-coil.yaml" -o "$E/steel-coil.pcfb"
expect 0 "... into a bracket" "$PCF" issue -m iso14067 $(sign issuer) --issued-at 2025-02-11T00:00:00Z --valid-days 3650 $ST \
	--at 2025-02-11T00:00:00Z "$E/bracket.yaml" -o "$E/bracket.pcfb"
expect 0 "valid at a time within the 30 days" "$PCF" verify --trust "$PKI/root.pem" $CRLS --at 2025-02-20T00:00:00Z "$E/bracket.pcfb"
expect 1 "expired at depth 2: invalid later" "$PCF" verify --tree $V "$E/bracket.pcfb"
expect_out "bracket.pcfb: invalid: supplier-invalid: a supplier's certificate is invalid: bracket > steel-coil > pig-iron: expired \(pcf-expired\)" \
	"... supplier-invalid naming the path and the node's verdict"
expect_out "^    bracket > steel-coil > pig-iron: expired;" "... --tree shows the expired node"

# Superseded at depth 2: a newer pig iron certificate of the same body, verified in the same batch.
OLDID=$(tar -xOf "$W/pig-iron.pcfb" manifest.json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["certificate-id"])')
expect 0 "a newer pig iron certificate superseding the one in the tree" "$PCF" issue -m iso14067 $(sign issuer) \
	--issued-at 2026-04-01T00:00:00Z --supersedes "$OLDID" "$W/pig-iron.yaml" -o "$T/pig-iron-v2.pcfb"
expect 1 "superseded at depth 2: the bracket fails in a batch with the newer certificate" \
	"$PCF" verify --tree $V "$W/bracket.pcfb" "$T/pig-iron-v2.pcfb"
expect_out "bracket.pcfb: invalid: supplier-invalid: a supplier's certificate is invalid: bracket > steel-coil > pig-iron: superseded by certificate " \
	"... naming the path"
expect_out "^    bracket > steel-coil > pig-iron: superseded \\(inventory-withheld\\);" "... --tree marks the node superseded"
expect_out "pig-iron-v2.pcfb: valid" "... the newer certificate itself is valid"
expect 0 "alone, the bracket is still valid" "$PCF" verify $V "$W/bracket.pcfb"

# Revoked at depth 1 and 2: the issuers had a CRL of the certification body from before the
# revocation (made here with the demo CA's key and an empty database); the verifier has the current one.
OLDCA=$T/old-ca
mkdir -p "$OLDCA/new"
: > "$OLDCA/index.txt"
echo 1000 > "$OLDCA/serial"
echo 0fff > "$OLDCA/crlnumber"
CADIR=$OLDCA ${OPENSSL:-openssl} ca -config "$PKI/.ca/openssl.cnf" -gencrl -cert "$PKI/ca.pem" -keyfile "$PKI/ca.key" \
	-crl_lastupdate 20250101000000Z -crl_nextupdate 20400101000000Z -md sha256 -out "$T/ca-before.crl.pem" 2>/dev/null
check "a CRL of the body from before the revocation" grep -q "BEGIN X509 CRL" "$T/ca-before.crl.pem"
R=$T/revoked
mkdir -p "$R"
cp "$EX"/*.yaml "$R/"
ST_OLD="--supplier-trust $PKI/root.pem --supplier-crl $PKI/crl/root.crl.pem --supplier-crl $T/ca-before.crl.pem"
ST_OLD="$ST_OLD --supplier-crl $PKI/crl/second-ca.crl.pem --at $AT"
expect 0 "revoked at depth 2: pig iron signed by the key the body revoked" "$PCF" issue -m iso14067 $(sign revoked) \
	--issued-at 2026-01-01T00:00:00Z "$R/pig-iron.yaml" -o "$R/pig-iron.pcfb"
expect 0 "... taken by an issuer with the older CRL" "$PCF" issue -m iso14067 $(sign second-issuer) \
	--chain "$PKI/second-ca-chain.pem" --issued-at 2026-02-01T00:00:00Z $ST_OLD "$R/steel-coil.yaml" -o "$R/steel-coil.pcfb"
expect 0 "... into a bracket" "$PCF" issue -m iso14067 $(sign third-issuer) --chain "$PKI/third-ca-chain.pem" \
	--issued-at 2026-03-01T00:00:00Z $ST_OLD "$R/bracket.yaml" -o "$R/bracket.pcfb"
expect 1 "revoked at depth 2: the bracket fails under the current CRLs" "$PCF" verify $V "$R/bracket.pcfb"
expect_out "bracket.pcfb: invalid: supplier-invalid: a supplier's certificate is invalid: bracket > steel-coil > pig-iron: revoked \(certificate-revoked\)" \
	"... naming the path and the revocation"
expect 1 "revoked at depth 1: the coil fails" "$PCF" verify $V "$R/steel-coil.pcfb"
expect_out "steel-coil.pcfb: invalid: supplier-invalid: a supplier's certificate is invalid: steel-coil > pig-iron: revoked" \
	"... naming its path"

# A tampered node deep in the tree fails the root: change one byte of the pig iron inside the coil
# inside the bracket (and nothing else): the digests up the tree no longer match.
check "tamper the pig iron two levels down" /usr/bin/python3 - "$W/bracket.pcfb" "$T/tampered.pcfb" <<'PY'
import io, sys, tarfile
def entries(b):
    t = tarfile.open(fileobj=io.BytesIO(b))
    return [(m.name, t.extractfile(m).read()) for m in t.getmembers()]
root = open(sys.argv[1], "rb").read()
coil = [d for n, d in entries(root) if n.startswith("suppliers/")][0]
pig = [d for n, d in entries(coil) if n.startswith("suppliers/")][0]
i = pig.index(b'"total": 1560')
pig2 = pig[:i + 9] + b"2" + pig[i + 10:]
assert len(pig2) == len(pig)
coil2 = coil.replace(pig, pig2)
root2 = root.replace(coil, coil2)
assert root2 != root and len(root2) == len(root)
open(sys.argv[2], "wb").write(root2)
PY
expect 1 "a tampered node deep in the tree fails the root" "$PCF" verify $V "$T/tampered.pcfb"
expect_out "tampered.pcfb: invalid: entry-digest-mismatch" "... its digest differs from the root's manifest"

# The same supplier twice (two refs, one digest): embedded once, verified once, shown twice.
D=$T/dup
mkdir -p "$D"
cp "$W/steel-coil.pcfb" "$D/coil-a.pcfb"
cp "$W/steel-coil.pcfb" "$D/coil-b.pcfb"
# a second input from coil-b.pcfb, before the data-quality line
sed -e 's|supplier: {bundle: steel-coil.pcfb}|supplier: {bundle: coil-a.pcfb}|' \
    -e 's|^    data-quality:|      - supplier: {bundle: coil-b.pcfb}\n        name: the same coil again\n        amount: 0.25\n        unit: kg\n    data-quality:|' \
    "$EX/bracket.yaml" > "$D/bracket.yaml"
expect 0 "issue with the same supplier twice" "$PCF" issue -m iso14067 $(sign issuer) --issued-at 2026-03-01T00:00:00Z \
	--supplier-trust "$PKI/root.pem" --supplier-crl "$PKI/crl/trusted.crl.pem" --supplier-crl "$PKI/crl/second-ca.crl.pem" \
	--at $AT "$D/bracket.yaml" -o "$D/bracket.pcfb"
check "one entry for the two refs" test "$(tar -tf "$D/bracket.pcfb" | grep -c '^suppliers/')" -eq 1
expect 0 "verified" "$PCF" verify --tree $V "$D/bracket.pcfb"
expect_out "^  bracket > coil-a: valid" "--tree: the first place"
expect_out "^  bracket > coil-b: valid" "--tree: the second place"
check "the shared coil's own supplier is walked once (under its first place)" test "$(grep -c 'pig-iron: valid' "$T/out")" -eq 1

# Limits at the boundary (docs/limits.md): the example has depth 2, two distinct suppliers.
expect 0 "depth 2 with --max-supplier-depth 2" "$PCF" verify --max-supplier-depth 2 $V "$W/bracket.pcfb"
expect 1 "depth 2 with --max-supplier-depth 1: refused" "$PCF" verify --max-supplier-depth 1 $V "$W/bracket.pcfb"
expect_out "invalid: supplier-tree-limit: .*deeper than the limit of 1 below bracket > steel-coil" "... supplier-tree-limit"
expect 0 "2 distinct suppliers with --max-supplier-nodes 2" "$PCF" verify --max-supplier-nodes 2 $V "$W/bracket.pcfb"
expect 1 "2 distinct suppliers with --max-supplier-nodes 1: refused" "$PCF" verify --max-supplier-nodes 1 $V "$W/bracket.pcfb"
expect_out "supplier-tree-limit: .*more distinct bundles than the limit of 1" "... naming the limit"
BYTES=$(( $(wc -c < "$W/steel-coil.pcfb") + $(wc -c < "$W/pig-iron.pcfb") ))
expect 0 "the tree's bytes at exactly --max-supplier-bytes" "$PCF" verify --max-supplier-bytes $BYTES $V "$W/bracket.pcfb"
expect 1 "one byte less: refused" "$PCF" verify --max-supplier-bytes $((BYTES - 1)) $V "$W/bracket.pcfb"
expect_out "supplier-tree-limit: .*more bytes than the limit of $((BYTES - 1))" "... naming the limit"
expect 2 "--max-supplier-depth 0 is a usage error" "$PCF" verify --max-supplier-depth 0 $V "$W/bracket.pcfb"

# The no-pcfkit script of bundle-format.md section 9 still checks every entry's digest.
sed -n '/<!-- verify-pcfb.sh begin -->/,/<!-- verify-pcfb.sh end -->/p' "$top_srcdir/docs/bundle-format.md" |
	sed '1,2d;$d' | sed '$d' > "$T/verify-pcfb.sh"
if command -v jq >/dev/null 2>&1; then
	expect 0 "the section 9 script accepts the 1.2 bundle" sh "$T/verify-pcfb.sh" "$W/bracket.pcfb" "$PKI/root.pem" \
		"$PKI/crl/root.crl.pem" "$PKI/crl/third-ca.crl.pem"
	expect 1 "... and refuses the tampered tree" sh "$T/verify-pcfb.sh" "$T/tampered.pcfb" "$PKI/root.pem" \
		"$PKI/crl/root.crl.pem" "$PKI/crl/third-ca.crl.pem"
else
	skip_test "jq is not installed"
	skip_test "jq is not installed"
fi

done_testing
