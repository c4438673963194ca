#!/bin/sh
# issue.sh - 'pcf issue': a round trip through the format, the manifest against its schema,
# attachments, passphrases, every refusal of the signer, usage errors and reproducibility.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"
INV=$BDATA/steel.yaml
AT=2026-11-29T16:00:00Z
ID=9f1c2e4a-0b7d-4c1e-8a2f-3d5e6f708192

# --- a round trip ---
expect 0 "issue one bundle" issue "$INV" $(sign issuer) --issued-at $AT -o "$T/a.pcfb"
check "quiet on success" test ! -s "$T/out"
check "the bundle exists" test -f "$T/a.pcfb"
entries "$T/a.pcfb" >"$T/names"
printf '%s\n' factors.json inventory.yaml manifest.json manifest.p7s result.json >"$T/want"
check "entries sorted, nothing else" cmp -s "$T/names" "$T/want"
tar -tvf "$T/a.pcfb" >"$T/listing"
check "regular files, 0644, owner 0/0, mtime = issued-at" \
	sh -c "! grep -v '^-rw-r--r-- 0/0 .* 2026-11-29 16:00 ' '$T/listing'"
check "the inventory is stored byte for byte" sh -c "tar -xOf '$T/a.pcfb' inventory.yaml | cmp -s - '$INV'"
manifest "$T/a.pcfb" >"$T/m.json"
# 1.2: the factors the result used travel in factors.json (docs/bundle-format.md)
check "manifest kind and version" jq -e '.kind == "pcfkit-certificate" and ."format-version" == "1.2"' "$T/m.json"
check "issued-at, valid-from and a year of validity" \
	jq -e '."issued-at" == "2026-11-29T16:00:00Z" and ."valid-from" == ."issued-at" and ."valid-until" == "2027-11-29T16:00:00Z"' "$T/m.json"
check "a random 128-bit certificate id" jq -e '."certificate-id" | test("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")' "$T/m.json"
check "issuer from the certificate" jq -e '.issuer.name == "Demo Certification Body Issuer" and .issuer.organization == "Demo Certification Body"' "$T/m.json"
check "methodology recorded" jq -e --arg m "$METHOD" '.methodology.id == $m and (.methodology.version | length > 0)' "$T/m.json"
tar -xOf "$T/a.pcfb" result.json >"$T/r.json"
check "the footprint summary and product are the result's" jq -e --slurpfile r "$T/r.json" '
	.footprint == ($r[0].footprint | {total, unit, "gwp-set", fossil, "biogenic-emissions", "biogenic-removals", dluc, aircraft})
	and .product == $r[0].product and .methodology == ($r[0].methodology | {id, version})' "$T/m.json"
check "files list with sizes and digests" sh -c "
	cd '$T' && mkdir x && tar -xmf a.pcfb -C x && jq -r '.files[] | \"\\(.sha256)  \\(.path)\"' m.json | (cd x && sha256sum --quiet -c -)"
if /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
	check "the manifest validates against schemas/manifest.schema.json" /usr/bin/python3 -c "
import json, jsonschema, sys
s = json.load(open(sys.argv[1])); jsonschema.Draft202012Validator.check_schema(s)
jsonschema.Draft202012Validator(s).validate(json.load(open(sys.argv[2])))" "$top_srcdir/schemas/manifest.schema.json" "$T/m.json"
	check "the schema refuses a wrong kind, a bad id, a bad time, a bad entry name, a listed signature" /usr/bin/python3 -c "
import copy, json, jsonschema, sys
v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
m = json.load(open(sys.argv[2]))
bad = []
for path, value in [(('kind',), 'other'), (('certificate-id',), 'ABC'), (('issued-at',), '2026-11-29 16:00'),
                    (('format-version',), '2.0'), (('files', 0, 'path'), '../x'), (('files', 0, 'path'), 'manifest.p7s'),
                    (('files', 0, 'sha256'), 'xyz'), (('footprint', 'total'), None)]:
    c = copy.deepcopy(m); t = c
    for k in path[:-1]: t = t[k]
    t[path[-1]] = value
    if v.is_valid(c): bad.append(path)
sys.exit(1 if bad else 0)" "$top_srcdir/schemas/manifest.schema.json" "$T/m.json"
else
	skip_test "python3-jsonschema is not installed"
	skip_test "python3-jsonschema is not installed"
fi

# --- options that shape the manifest ---
printf 'lab report\n' >"$T/Lab Report.PDF"
printf 'a,b\n' >"$T/data.csv"
expect 0 "issue with attachments, validity, supersedes and a fixed id" issue "$INV" $(sign issuer) --issued-at $AT \
	--attach "$T/Lab Report.PDF" --attach "$T/data.csv" --valid-days 30 --supersedes 00000000-0000-0000-0000-000000000001 \
	--id $ID -v -o "$T/b.pcfb"
expect_out "^$T/b.pcfb $ID\$" "-v prints the output and the certificate id"
check "attachments under evidence/ with names made to fit" \
	sh -c "tar -tf '$T/b.pcfb' | grep -qx evidence/lab-report.pdf && tar -tf '$T/b.pcfb' | grep -qx evidence/data.csv"
manifest "$T/b.pcfb" >"$T/m.json"
check "valid-days, supersedes and id in the manifest" jq -e --arg id $ID \
	'."valid-until" == "2026-12-29T16:00:00Z" and .supersedes == "00000000-0000-0000-0000-000000000001" and ."certificate-id" == $id' "$T/m.json"
printf 'x\n' >"$T/Data.CSV"
expect 2 "two attachments with the same entry name are refused" issue "$INV" $(sign issuer) --attach "$T/data.csv" \
	--attach "$T/Data.CSV" -o "$T/c.pcfb"
expect_err "would both be evidence/data.csv" "the clash is named"
check "nothing written" test ! -e "$T/c.pcfb"
expect 0 "issue with an export" issue "$INV" $(sign issuer) --format example-summary -o "$T/exp.pcfb"
check "the export is an entry, named after the format and its extension" sh -c "tar -tf '$T/exp.pcfb' | grep -qx export/example-summary.json"
check "the export is listed in the manifest" sh -c "tar -xOf '$T/exp.pcfb' manifest.json | jq -e '.files | map(.path) | index(\"export/example-summary.json\")' >/dev/null"
check "the export is what pcf compute exports" sh -c "\"\$PCF\" compute --method '$METHOD' '$INV' --format example-summary >'$T/exp.json' && tar -xOf '$T/exp.pcfb' export/example-summary.json | cmp -s - '$T/exp.json'"
expect 2 "the same --format twice" issue "$INV" $(sign issuer) --format example-summary --format example-summary -o "$T/exp2.pcfb"
mkdir "$T/outdir"
expect 0 "-o DIR names the bundle after the inventory" issue "$INV" $(sign issuer) -o "$T/outdir"
check "DIR/steel.pcfb" test -f "$T/outdir/steel.pcfb"

# --- an existing output ---
expect 5 "an existing output is refused" issue "$INV" $(sign issuer) -o "$T/a.pcfb"
expect_err "a.pcfb: output exists \(use --force to overwrite\)" "the message names the file"
expect 0 "--force overwrites" issue "$INV" $(sign issuer) -o "$T/a.pcfb" --force

# --- reproducibility ---
expect 0 "RSA issue 1" issue "$INV" $(sign issuer-rsa) --issued-at $AT --id $ID -o "$T/r1.pcfb"
expect 0 "RSA issue 2" issue "$INV" $(sign issuer-rsa) --issued-at $AT --id $ID -o "$T/r2.pcfb"
check "RSA: same inputs, time and id give byte-identical bundles" cmp -s "$T/r1.pcfb" "$T/r2.pcfb"
expect 0 "ECDSA issue 1" issue "$INV" $(sign issuer) --issued-at $AT --id $ID -o "$T/e1.pcfb"
expect 0 "ECDSA issue 2" issue "$INV" $(sign issuer) --issued-at $AT --id $ID -o "$T/e2.pcfb"
check "ECDSA: the manifests are byte-identical" sh -c "tar -xOf '$T/e1.pcfb' manifest.json >'$T/m1' && tar -xOf '$T/e2.pcfb' manifest.json | cmp -s - '$T/m1'"
check "ECDSA: the signatures differ (random nonces)" sh -c "! cmp -s '$T/e1.pcfb' '$T/e2.pcfb'"

# --- passphrases ---
"$OPENSSL" pkcs8 -topk8 -in "$PKI/issuer.key" -passout pass:s3cret -out "$T/enc.key" 2>/dev/null
chmod 600 "$T/enc.key"
expect 1 "an encrypted key without --pass" issue "$INV" --key "$T/enc.key" --cert "$PKI/issuer.pem" -o "$T/p.pcfb"
expect_err "key is encrypted: give its passphrase with --pass" "asks for the passphrase"
expect 0 "--pass env:VAR" env PCF_TEST_PASS=s3cret "$PCF" issue --method "$METHOD" "$INV" --key "$T/enc.key" \
	--cert "$PKI/issuer.pem" --pass env:PCF_TEST_PASS -o "$T/p.pcfb"
printf 's3cret\n' >"$T/pass"
chmod 600 "$T/pass"
expect 0 "--pass file:PATH" issue "$INV" --key "$T/enc.key" --cert "$PKI/issuer.pem" --pass "file:$T/pass" -o "$T/p2.pcfb"
expect 1 "a wrong passphrase" env PCF_TEST_PASS=nope "$PCF" issue --method "$METHOD" "$INV" --key "$T/enc.key" \
	--cert "$PKI/issuer.pem" --pass env:PCF_TEST_PASS -o "$T/p3.pcfb"
expect_err "cannot decrypt the key \(wrong passphrase\?\)" "says the passphrase is wrong"

# --- every refusal of the signer, each with its message, and nothing written ---
refuse() { # NAME CERT KEY CHAIN PATTERN
	expect 1 "refuses $1" issue "$INV" --key "$3" --cert "$2" --chain "$4" -o "$T/refused.pcfb"
	expect_err "$5" "$1: the reason is given"
	check "$1: nothing written" test ! -e "$T/refused.pcfb"
}
refuse "an expired signer" "$PKI/expired.pem" "$PKI/expired.key" "$PKI/chain.pem" "expired.pem: signer certificate expired at 2021-01-01T00:00:00Z"
refuse "a not-yet-valid signer" "$PKI/not-yet-valid.pem" "$PKI/not-yet-valid.key" "$PKI/chain.pem" "not-yet-valid.pem: signer certificate is not yet valid: valid from 2090-01-01"
refuse "a TLS-only certificate" "$PKI/tls-only.pem" "$PKI/tls-only.key" "$PKI/chain.pem" "tls-only.pem: signer certificate lacks the documentSigning extended key usage \(1\.3\.6\.1\.5\.5\.7\.3\.36\)"
refuse "a certificate without EKU" "$PKI/no-eku.pem" "$PKI/no-eku.key" "$PKI/chain.pem" "lacks the documentSigning extended key usage"
refuse "a certificate without digitalSignature/nonRepudiation" "$PKI/bad-ku.pem" "$PKI/bad-ku.key" "$PKI/chain.pem" "key usage allows neither digitalSignature nor nonRepudiation"
refuse "a CA certificate as signer" "$PKI/ca-leaf.pem" "$PKI/ca-leaf.key" "$PKI/chain.pem" "signer certificate is a CA certificate"
refuse "an RSA-1024 key" "$PKI/rsa1024.pem" "$PKI/rsa1024.key" "$PKI/chain.pem" "rsa1024.key: RSA key of 1024 bits is too weak: at least 2048 bits are needed"
refuse "a SHA-1-signed certificate" "$PKI/sha1.pem" "$PKI/sha1.key" "$PKI/chain.pem" "sha1.pem: signer certificate is signed with SHA1, which is too weak"
refuse "a key that does not match" "$PKI/issuer.pem" "$PKI/issuer-rsa.key" "$PKI/chain.pem" "the key does not match the signer certificate"
refuse "an Ed25519 key (no CMS support in OpenSSL 3.0)" "$PKI/issuer-ed25519.pem" "$PKI/issuer-ed25519.key" "$PKI/chain.pem" "key type ED25519 is not supported for CMS signing"
refuse "an expired intermediate" "$PKI/issuer-under-expired-ca.pem" "$PKI/issuer-under-expired-ca.key" "$PKI/ca-expired-chain.pem" "intermediate certificate 1 expired"
refuse "a chain without the signer's issuer" "$PKI/issuer.pem" "$PKI/issuer.key" "$PKI/other-ca-chain.pem" "no certificate in the chain issued the signer certificate"
cp "$PKI/issuer.key" "$T/open.key"
chmod 644 "$T/open.key"
refuse "a key file readable by others" "$PKI/issuer.pem" "$T/open.key" "$PKI/chain.pem" "open.key: private key is accessible by group or others \(mode 0644\); run chmod 600"
chmod 640 "$T/open.key"
refuse "a key file readable by the group" "$PKI/issuer.pem" "$T/open.key" "$PKI/chain.pem" "mode 0640"
expect 1 "an issue time outside the signer's validity" issue "$INV" $(sign issuer) --issued-at 2024-06-01T00:00:00Z -o "$T/old.pcfb"
expect_err "issue time 2024-06-01T00:00:00Z is outside the signer certificate's validity" "the issue time is named"

# --- the default methodology is iso14067 ---
if [ -f "$PCF_PLUGIN_PATH/iso14067.so" ]; then
	run "$PCF" issue "$INV" $(sign issuer) -o "$T/iso.pcfb"
	if [ "$rc" -eq 0 ]; then
		check "without --method the bundle is issued under iso14067" sh -c "tar -xOf '$T/iso.pcfb' manifest.json | jq -e '.methodology.id == \"iso14067\"' >/dev/null"
	else
		check "without --method, iso14067 is the one asked for" grep -q 'iso14067' "$T/err"
	fi
else
	expect 1 "without --method, iso14067 is looked for" "$PCF" issue "$INV" $(sign issuer) -o "$T/iso.pcfb"
	expect_err "iso14067" "the default methodology is named"
fi

# --- usage errors ---
expect 0 "--help" "$PCF" issue --help
expect_out "usage: pcf issue INVENTORY" "--help prints the usage"
expect 2 "no inventory" "$PCF" issue $(sign issuer) -o "$T/x.pcfb"
expect_err "no inventory given" "says an inventory is needed"
expect 2 "no key" "$PCF" issue "$INV" --cert "$PKI/issuer.pem" -o "$T/x.pcfb"
expect_err "--key and --cert are needed" "says key and cert are needed"
expect 2 "no output" "$PCF" issue "$INV" $(sign issuer)
expect 2 "a bad --issued-at" "$PCF" issue "$INV" $(sign issuer) --issued-at yesterday -o "$T/x.pcfb"
expect_err "expected a UTC time like 2026-11-29T16:00:00Z" "says what a time looks like"
expect 2 "a bad --id" "$PCF" issue "$INV" $(sign issuer) --id 1234 -o "$T/x.pcfb"
expect 2 "a bad --valid-days" "$PCF" issue "$INV" $(sign issuer) --valid-days 0 -o "$T/x.pcfb"
expect 2 "a bad -j" "$PCF" issue "$INV" $(sign issuer) -j x -o "$T/x.pcfb"
expect 2 "--id with a batch" "$PCF" issue "$INV" "$INV" $(sign issuer) --id $ID -o "$T/outdir"
expect 2 "a batch into a file" "$PCF" issue "$INV" "$INV" $(sign issuer) -o "$T/x.pcfb"
expect_err "-o must name an existing folder" "says -o must be a folder"
expect 2 "an unknown export format" "$PCF" issue --method "$METHOD" "$INV" $(sign issuer) --format no-such -o "$T/x.pcfb"
expect_err "offers no export format 'no-such'" "names the format"
expect 2 "an unknown option" "$PCF" issue --frobnicate
expect 1 "an unknown method" "$PCF" issue --method no-such-method "$INV" $(sign issuer) -o "$T/x.pcfb"
check "no stray files" sh -c "! ls -A '$T' | grep -q '^x.pcfb\$\|tmp'"
done_testing
