#!/bin/sh
# verify-inspect.sh - `pcf inspect` (describes, verifies nothing, says so) and `pcf extract`
# (writes only the listed regular files, never outside DIR, after verifying).
. "$top_srcdir/tests/cli/lib.sh"
PKI=${PCF_TEST_PKI:?run through make check}
B=$T/b
/usr/bin/python3 "$top_srcdir/tests/cli/verify-bundles.py" "$PKI" "$B" good good-attachments t1-payload-modified \
	t7-symlink t6-dotdot t11-other-root t13-expired-signer good-escape-in-product good-bidi-in-product \
	t22-bidi-in-kind t30-fig-footprint-total-1 good-deep-unknown-member >"$T/gen.err" 2>&1 ||
	{ not_ok "generate the bundles"; diag "$(cat "$T/gen.err")"; done_testing; exit 1; }
V="--trust $PKI/root.pem --crl $PKI/crl/trusted.crl.pem --at 2027-01-01T00:00:00Z"
jqt() { jq -e "$@" >/dev/null; }

# inspect
expect 0 "inspect --help" "$PCF" inspect --help
expect_out 'NOTHING IS VERIFIED' "inspect --help says nothing is verified"
expect 2 "inspect without a bundle" "$PCF" inspect
expect 0 "inspect a bundle" "$PCF" inspect "$B/good.pcfb"
expect_out '^NOT VERIFIED: nothing has been verified' "inspect says first that nothing was verified"
expect_out '^certificate id: +9f1c2e4a-0b7d-4c1e-8a2f-3d5e6f708192$' "inspect shows the certificate id"
expect_out '^footprint: +812.5 kg CO2e per 1 t \(GWP set AR6\)$' "inspect shows the footprint per declared unit"
expect_out '^boundary: +cradle-to-gate$' "inspect shows the boundary from result.json"
expect_out '^  dluc +12.25$' "inspect shows the footprint breakdown"
expect_out '^product: +Steel beam S235 \(urn:gtin:04012345678901\), declared unit 1 t$' "inspect shows the product"
expect_out '^signer: +CN=Demo Certification Body Issuer,O=Demo Certification Body$' "inspect shows the signer"
expect_out '^  valid: +from 2025-01-01T00:00:00Z until 2035-01-01T00:00:00Z$' "inspect shows the signer's validity"
expect_out '^valid: +from 2026-01-01T00:00:00Z until 2034-12-31T00:00:00Z$' "inspect shows the PCF validity"
expect_out '^  inventory.yaml +[0-9]+  [0-9a-f]{64}$' "inspect lists the files with digests"
expect 0 "inspect --json" "$PCF" inspect --json "$B/good.pcfb"
check "inspect --json: verified false, manifest, signer, entries" jqt \
	'.verified == false and .manifest["certificate-id"] == "9f1c2e4a-0b7d-4c1e-8a2f-3d5e6f708192"
	 and .manifest.footprint.total == 812.5 and (.signer.subject | test("Demo Certification Body Issuer"))
	 and (.entries | length) == 4
	 and ([.entries[] | select(.path == "inventory.yaml")][0].sha256 == ([.manifest.files[] | select(.path == "inventory.yaml")][0].sha256))' "$T/out"
expect 0 "inspect describes a tampered bundle too (it checks nothing)" "$PCF" inspect "$B/t1-payload-modified.pcfb"
expect 1 "inspect refuses an unsafe archive" "$PCF" inspect "$B/t7-symlink.pcfb"
expect_err 'entry-not-regular' "inspect names the structural problem"
expect 0 "inspect a bundle whose product name holds an escape sequence" "$PCF" inspect "$B/good-escape-in-product.pcfb"
check "inspect shows the escape as \\x1b and keeps UTF-8" grep -qF 'product:         Beam\x1b[31m é (' "$T/out"
expect 5 "inspect a missing file" "$PCF" inspect "$T/none.pcfb"
expect 1 "inspect several bundles, one unsafe: the worst status" "$PCF" inspect "$B/good.pcfb" "$B/t7-symlink.pcfb" \
	"$B/good-attachments.pcfb"
check "inspect several bundles describes each readable one" test "$(grep -c '^NOT VERIFIED' "$T/out")" -eq 2
expect_err 't7-symlink.pcfb: cannot describe the bundle: entry-not-regular' "the unsafe one is named on stderr"
expect 0 "inspect --json of several bundles" "$PCF" inspect --json "$B/good.pcfb" "$B/good-attachments.pcfb"
check "inspect --json of several bundles is an array of descriptions" jqt \
	'length == 2 and .[0].verified == false and (.[1].entries | length) == 6' "$T/out"
# The result's warnings, such as a partial footprint (issue 13): the cement example is cradle-to-gate.
"$PCF" issue "$top_srcdir/examples/portland-cement.yaml" --method iso14067 --key "$PKI/issuer.key" \
	--cert "$PKI/issuer.pem" --chain "$PKI/chain.pem" -o "$T/pc.pcfb" 2>"$T/issue.err"
expect 0 "inspect a partial footprint" "$PCF" inspect "$T/pc.pcfb"
expect_out "partial footprint: cradle-to-gate boundary" "inspect shows the result's partial-footprint warning"
expect 0 "inspect --json of it" "$PCF" inspect --json "$T/pc.pcfb"
check "inspect --json lists the warning" jqt '.warnings | map(test("partial footprint")) | any' "$T/out"

# '-' is standard input (issue 13), named "stdin", at most once.
run "$PCF" inspect - <"$B/good.pcfb"
check "inspect - reads the bundle from standard input" sh -c "[ $rc -eq 0 ] && grep -q '^NOT VERIFIED' '$T/out'"
run "$PCF" inspect --json - <"$B/good.pcfb"
check "inspect --json - describes it as the same bundle" sh -c "[ $rc -eq 0 ] && jq -e '.verified == false' '$T/out' >/dev/null"
expect 2 "inspect refuses '-' twice" "$PCF" inspect - -
expect_err "'-' \\(standard input\\) given more than once" "and says why"
# bidi controls (U+202E ...) in bundle text never reach a terminal raw: inspect and verify escape them
bidi=$(printf '\342\200\256')
expect 0 "inspect a bundle whose product name holds bidi controls" "$PCF" inspect "$B/good-bidi-in-product.pcfb"
check "inspect prints no raw U+202E" sh -c "! grep -qF '$bidi' '$T/out'"
check "inspect shows U+202E, U+2066, U+2069, U+200F escaped" grep -qF \
	'Beam \xe2\x80\xaegnp.exe \xe2\x81\xa6x\xe2\x81\xa9 \xe2\x80\x8fend (' "$T/out"
expect 0 "inspect --json keeps the name as it is (JSON escapes nothing a terminal acts on)" \
	"$PCF" inspect --json "$B/good-bidi-in-product.pcfb"
expect 0 "verify a bundle with bidi controls in the product" "$PCF" verify $V --json "$B/good-bidi-in-product.pcfb"
expect 1 "verify names a bidi control in the kind" "$PCF" verify $V "$B/t22-bidi-in-kind.pcfb"
check "verify's message has no raw U+202E" sh -c "! cat '$T/out' '$T/err' | grep -qF '$bidi'"
check "verify's message shows it escaped" grep -qF 'pcfkit\xe2\x80\xae-certificate' "$T/out"
# the manifest's figures and result.json: inspect says when they differ (verify refuses such a bundle)
expect 0 "inspect a bundle whose manifest total is not result.json's" "$PCF" inspect "$B/t30-fig-footprint-total-1.pcfb"
expect_out "^WARNING: the manifest's figures are not result.json's .*footprint.total: the manifest shows 1, result.json says 812.5" \
	"inspect warns that the manifest's total is not the result's"
expect 0 "inspect --json of it" "$PCF" inspect --json "$B/t30-fig-footprint-total-1.pcfb"
check "inspect --json: summary-mismatch names the member; boundary and warnings from result.json" jqt \
	'(.["summary-mismatch"] | test("footprint.total")) and .boundary == "cradle-to-gate" and .warnings == null' "$T/out"
expect 0 "verify accepts a manifest with a deeply nested unknown member" "$PCF" verify $V "$B/good-deep-unknown-member.pcfb"
expect 0 "inspect --json describes it too (no exit 70)" "$PCF" inspect --json "$B/good-deep-unknown-member.pcfb"
check "the deep part is shown as its JSON text" jqt '.manifest.x | type == "array"' "$T/out"
expect 0 "inspect --json of a good bundle" "$PCF" inspect --json "$B/good.pcfb"
check "inspect --json: no summary-mismatch" jqt '.["summary-mismatch"] == null' "$T/out"

# extract
expect 0 "extract --help" "$PCF" extract --help
expect 2 "extract without a folder" "$PCF" extract "$B/good.pcfb"
expect 2 "--unverified with --trust" "$PCF" extract --unverified --trust "$PKI/root.pem" "$B/good.pcfb" "$T/x"
# The trust options are parsed in one place (core/cli/trust_opts.c) for verify and extract.
expect 2 "extract --at with a bad time" "$PCF" extract --trust "$PKI/root.pem" --at yesterday "$B/good.pcfb" "$T/x"
expect_err '^pcf extract: --at: ' "extract names --at and itself"
expect 2 "verify --at with a bad time" "$PCF" verify --trust "$PKI/root.pem" --at yesterday "$B/good.pcfb"
expect_err '^pcf verify: --at: ' "verify names --at and itself"
expect 1 "extract takes --no-recompute and --plugin-dir like verify" "$PCF" extract $V --no-recompute \
	--plugin-dir "$T" "$B/t11-other-root.pcfb" "$T/x"
expect_err 'chain-untrusted|untrusted|trust anchor' "extract judged the chain with the shared options"
expect 0 "extract a good bundle" "$PCF" extract $V "$B/good.pcfb" "$T/out1"
check "extract wrote exactly the listed files" test "$(cd "$T/out1" && find . -type f | sort | tr '\n' ' ')" = \
	"./inventory.yaml ./result.json "
tar -xOf "$B/good.pcfb" inventory.yaml >"$T/inv.orig"
check "extracted bytes are the bundle's" cmp -s "$T/out1/inventory.yaml" "$T/inv.orig"
expect 0 "extract a bundle with attachments in folders" "$PCF" extract $V "$B/good-attachments.pcfb" "$T/out2"
check "extract created the folders" test -f "$T/out2/evidence/test-report.pdf" -a -f "$T/out2/export/pact-v2.json"
expect 5 "extract never overwrites" "$PCF" extract $V "$B/good.pcfb" "$T/out1"
expect_err 'exists' "the existing file is named"
expect 1 "extract refuses a tampered bundle" "$PCF" extract $V "$B/t1-payload-modified.pcfb" "$T/out3"
expect_err 'not extracted: the bundle is invalid: entry-digest-mismatch' "the refusal gives the verdict"
check "nothing was written for the tampered bundle" test ! -e "$T/out3"
expect 3 "extract refuses an expired bundle with exit 3" "$PCF" extract $V "$B/t13-expired-signer.pcfb" "$T/out4"
expect 1 "extract refuses an untrusted chain" "$PCF" extract $V "$B/t11-other-root.pcfb" "$T/out5"
expect 0 "extract --unverified skips the chain" "$PCF" extract --unverified "$B/t11-other-root.pcfb" "$T/out5"
expect_err 'WITHOUT verifying' "--unverified warns"
expect 5 "extract --unverified never overwrites either (exit 5)" "$PCF" extract --unverified "$B/t11-other-root.pcfb" "$T/out5"
expect 1 "extract --unverified still checks digests" "$PCF" extract --unverified "$B/t1-payload-modified.pcfb" "$T/out6"
expect 1 "extract --unverified still refuses '..' names" "$PCF" extract --unverified "$B/t6-dotdot.pcfb" "$T/sub/out7"
check "nothing was written outside the folder" test ! -e "$T/sub/evil.txt" -a ! -e "$T/evil.txt"
mkdir -p "$T/out8" "$T/elsewhere"; ln -s "$T/elsewhere" "$T/out8/evidence"
expect 5 "extract never follows a link inside DIR" "$PCF" extract $V "$B/good-attachments.pcfb" "$T/out8"
check "nothing was written through the link" test -z "$(ls -A "$T/elsewhere")"
check "a failed extract leaves nothing it created" test "$(ls -A "$T/out8")" = evidence
done_testing
