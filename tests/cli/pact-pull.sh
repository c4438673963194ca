#!/bin/sh
# pact-pull.sh - `pcf pact pull` against `pcf serve` started here on 127.0.0.1 with a TLS certificate
# made by the test (serve.inc): every footprint pulled and its bundle verified, paging with a small
# limit, a filter, bad credentials, a bundle changed on the server's side (not written), a wrong
# --cacert (TLS refused), no overwrite without --force, and a pulled .pcfb used as a supplier input.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"
. "$top_srcdir/tests/cli/serve.inc"

serve_fixture
printf '%s\n' "$CSECRET" >"$T/secret"; chmod 600 "$T/secret"
TR="--trust $PKI/root.pem --crl $PKI/crl/trusted.crl.pem"
serve_start pull
pull() { "$PCF" pact pull "$BASE" --client-id "$CID" --client-secret-file "$T/secret" --cacert "$T/tls.pem" $TR "$@"; }

mkdir -p "$T/all"
expect 0 "pull all: exit 0" pull -o "$T/all" --json
cp "$T/out" "$T/all.json"
check "four footprints, each a verified bundle, API 3, one page" jq -e \
	'.ok and .version == "3" and .pages == 1 and (.footprints | length == 4) and all(.footprints[]; .kind == "verified")' "$T/all.json"
check "four .pcfb files written, named by certificate id" sh -c "[ \$(ls '$T/all' | grep -c '^[0-9a-f-]\{36\}\.pcfb\$') = 4 ]"
check "each written bundle is byte for byte one the server has" sh -c \
	"for f in '$T'/all/*.pcfb; do s=\$(sha256sum \"\$f\" | cut -d' ' -f1); sha256sum '$T'/bun/*.pcfb | grep -q \"^\$s \" || exit 1; done"
expect 0 "pcf verify accepts every pulled bundle" "$PCF" verify $TR "$T"/all/*.pcfb

# Paging: limit=1 gives four pages; the same four files.
mkdir -p "$T/paged"
expect 0 "pull with --limit 1: exit 0" pull -o "$T/paged" --limit 1 --json
check "four pages, four verified footprints" jq -e '.pages == 4 and (.footprints | length == 4) and ([.footprints[].id] | unique | length == 4)' "$T/out"
check "the same files as without paging" sh -c "[ \"\$(ls '$T/all')\" = \"\$(ls '$T/paged')\" ]"
mkdir -p "$T/few"
expect 5 "--max-pages 3 with four pages of one: refused (a limit)" pull -o "$T/few" --limit 1 --max-pages 3
expect_err "more than the limit of 3 pages" "... naming the limit"
mkdir -p "$T/four"
expect 0 "--max-pages 4 with four pages of one: accepted" pull -o "$T/four" --limit 1 --max-pages 4

# A filter: geography=CN is the cement and the steel bracket (serve.inc).
mkdir -p "$T/cn"
expect 0 "pull --filter geography=CN (--timeout 20): exit 0" pull -o "$T/cn" --filter geography=CN --timeout 20 --json
check "two footprints" jq -e '(.footprints | length == 2) and all(.footprints[]; .kind == "verified")' "$T/out"
expect 2 "a filter without '=' is a usage error" pull -o "$T/cn" --filter geography
expect 2 "--timeout 0 is a usage error" pull -o "$T/cn" --timeout 0
long=$(head -c 1000 /dev/zero | tr '\0' a)
expect 5 "a filter that makes the listing URL longer than 2048 bytes: refused" pull -o "$T/cn" --filter "productId=$long"
expect_err "listing URL is more than the limit of 2048 bytes" "... naming the limit"

# No overwrite without --force; with --force the same bytes.
expect 5 "pulling into a folder that has the files: refused" pull -o "$T/all"
expect_err "exist" "... saying a file exists"
expect 0 "--force overwrites" pull -o "$T/all" --force

# Bad credentials: a clear error, nothing written.
mkdir -p "$T/bad"
printf 'wrong-secret\n' >"$T/wrong"; chmod 600 "$T/wrong"
expect 1 "a wrong secret: exit 1" "$PCF" pact pull "$BASE" --client-id "$CID" --client-secret-file "$T/wrong" --cacert "$T/tls.pem" $TR -o "$T/bad"
expect_err "refused the client credentials of '$CID' \(HTTP 401\)" "... the host refused the credentials"
check "... the secret is not in the message" sh -c "! grep -q wrong-secret '$T/err'"
check "... nothing written" sh -c "[ -z \"\$(ls '$T/bad')\" ]"
chmod 644 "$T/wrong"
expect 5 "a secret file others can read: refused" "$PCF" pact pull "$BASE" --client-id "$CID" --client-secret-file "$T/wrong" --cacert "$T/tls.pem" $TR -o "$T/bad"

# A wrong CA: TLS refused, nothing written.
"$OPENSSL" req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$T/other.key" -out "$T/other.pem" \
	-days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1
expect 5 "a --cacert that did not sign the server's certificate: exit 5" "$PCF" pact pull "$BASE" --client-id "$CID" \
	--client-secret-file "$T/secret" --cacert "$T/other.pem" $TR -o "$T/bad"
expect_err "TLS refused" "... TLS refused"
check "... nothing written" sh -c "[ -z \"\$(ls '$T/bad')\" ]"
expect 2 "an http:// URL is refused" "$PCF" pact pull "http://127.0.0.1:$PORT" --client-id "$CID" --client-secret-file "$T/secret" $TR -o "$T/bad"

# A bundle changed on the server's side after start: refused, not written; the others are.
cem=$(jq -r '.footprints[0].file' "$T/all.json"); cem=$(basename "$cem")
victim=""
for f in "$T"/bun/*.pcfb; do cmp -s "$f" "$T/all/$cem" && victim=$f; done
cp "$victim" "$T/victim.orig"
printf 'X' | dd of="$victim" bs=1 seek=100 conv=notrunc 2>/dev/null
mkdir -p "$T/tamper"
expect 1 "a tampered bundle on the server: exit 1" pull -o "$T/tamper" --json
check "three verified, one refused" jq -e '([.footprints[] | select(.kind == "verified")] | length == 3) and ([.footprints[] | select(.kind == "refused")] | length == 1)' "$T/out"
check "... the refused one is not written" test ! -e "$T/tamper/$cem"
check "... three files written" sh -c "[ \$(ls '$T/tamper' | wc -l) = 3 ]"
cp "$T/victim.orig" "$victim"

# A pulled bundle as a supplier input: the steel bracket's (CN) footprint in an inventory.
steel=$(tar -xOf "$T/bun/steel.pcfb" manifest.json | jq -r '."certificate-id"')
sed -e "s|bundle: ore.pcfb|bundle: all/$steel.pcfb|" -e 's/amount: 1.1$/amount: 1/' -e 's/unit: kg$/unit: piece/' \
	"$top_srcdir/tests/data/supplier/coil.yaml" >"$T/assembly.yaml"
diag "$(grep -A3 supplier "$T/assembly.yaml")"
expect 0 "pcf compute accepts the pulled bundle as supplier: {bundle: ...}" "$PCF" compute -m iso14067 \
	--supplier-trust "$PKI/root.pem" --supplier-crl "$PKI/crl/trusted.crl.pem" --json "$T/assembly.yaml"

# The client's own checks, against a small PACT 2.x host (pact-fake-host.py): no /3/, so /2/ is
# used; a footprint without the extension is written as unverified secondary data; a bundle whose
# SHA-256 is not the extension's, and a changed bundle whose SHA-256 matches, are refused.
python3 "$top_srcdir/tests/cli/pact-fake-host.py" "$T/tls.pem" "$T/tls.key" "$T/bun/steel.pcfb" >"$T/fake.out" 2>"$T/fake.log" &
FPID=$!
i=0; while ! grep -q '^PORT ' "$T/fake.out" 2>/dev/null; do i=$((i + 1)); [ $i -gt 100 ] && break; sleep 0.1; done
FPORT=$(sed -n 's/^PORT //p' "$T/fake.out")
mkdir -p "$T/fake"
expect 1 "a 2.x host with one plain and two bad bundles: exit 1" "$PCF" pact pull "https://127.0.0.1:$FPORT" --client-id x \
	--client-secret-file "$T/secret" --cacert "$T/tls.pem" $TR -o "$T/fake" --json
cp "$T/out" "$T/fake.json"
check "API 2 used (no /3/footprints)" jq -e '.version == "2"' "$T/fake.json"
check "the footprint without the extension is written as unverified .pact.json" sh -c \
	"jq -e '.footprints[0].kind == \"unverified\"' '$T/fake.json' >/dev/null && jq -e '.id == \"00000000-0000-4000-8000-000000000001\"' '$T/fake/00000000-0000-4000-8000-000000000001.pact.json' >/dev/null"
check "a bundle whose SHA-256 is not the extension's: refused" jq -e '.footprints[1].kind == "refused" and (.footprints[1].why | test("SHA-256 is [0-9a-f]{64}, the extension says 0{64}"))' "$T/fake.json"
check "a changed bundle with a matching SHA-256: refused by verification" jq -e '.footprints[2].kind == "refused" and (.footprints[2].why | test("the bundle is invalid"))' "$T/fake.json"
check "... only the unverified footprint is written" sh -c "[ \"\$(ls '$T/fake')\" = 00000000-0000-4000-8000-000000000001.pact.json ]"
kill $FPID; wait $FPID 2>/dev/null

serve_stop
done_testing
