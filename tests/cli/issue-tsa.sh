#!/bin/sh
# issue-tsa.sh - 'pcf issue --tsa URL' against a real RFC 3161 TSA: tests/cli/tsa-server.py on a free port
# of 127.0.0.1, answering with 'openssl ts -reply' and the demo PKI's TSA certificate. A timestamped bundle
# verifies with --tsa-trust, also after its signer has expired (and does not without the TSA's trust);
# a failing TSA (HTTP 500, garbage, wrong nonce, wrong imprint, refused or other policy, nobody listening) fails
# that bundle, with the URL and the reason, and not the rest of the batch.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"

PY=/usr/bin/python3
[ -x "$PY" ] || { echo "Bail out! /usr/bin/python3 is needed for the test TSA"; exit 1; }
mkdir "$T/tsa"
"$PY" "$top_srcdir/tests/cli/tsa-server.py" "$PKI" "$T/tsa" 2>"$T/tsa/stderr" &
TSA_PID=$!
trap 'touch "$T/tsa/stop"; kill $TSA_PID 2>/dev/null; wait $TSA_PID 2>/dev/null; [ -n "${PCF_KEEP_TMP:-}" ] || rm -rf "$T"' EXIT
i=0
while [ ! -s "$T/tsa/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$T/tsa/port" ] || { echo "Bail out! the test TSA did not start: $(cat "$T/tsa/stderr")"; exit 1; }
URL=http://127.0.0.1:$(cat "$T/tsa/port")
INV=$top_srcdir/examples/portland-cement.yaml
TRUST="--trust $PKI/root.pem --crl $PKI/crl/trusted.crl.pem"
tissue() { "$PCF" issue "$INV" --method iso14067 $(sign issuer) "$@"; }

expect 0 "issue with a timestamp" tissue --tsa "$URL/ok" --valid-days 36600 -o "$T/ts.pcfb"
check "the token is an unsigned attribute of the SignerInfo" sh -c \
	"tar -xOf '$T/ts.pcfb' manifest.p7s | '$OPENSSL' cms -cmsout -print -inform DER | grep -q 'id-smime-aa-timeStampToken'"
expect 0 "verify --tsa-trust: valid" "$PCF" verify "$T/ts.pcfb" $TRUST --tsa-trust "$PKI/root.pem" --json
expect_out "timestamped [0-9T:-]+Z by a trusted TSA" "verify: the signature check names the timestamp"
expect_out "valid at the timestamp's time" "verify: the chain is judged at the timestamp's time"
expect 1 "verify with another TSA anchor: timestamp-invalid" "$PCF" verify "$T/ts.pcfb" $TRUST \
	--tsa-trust "$PKI/other-root.pem"
expect_out "timestamp-invalid" "verify: says timestamp-invalid"
# After the signer expired (2035-01-01): with the TSA's trust the signature stands, without it it does not.
expect 0 "2036, signer expired, with the timestamp: valid" "$PCF" verify "$T/ts.pcfb" $TRUST \
	--tsa-trust "$PKI/root.pem" --at 2036-06-01T00:00:00Z
expect 3 "2036, signer expired, timestamp not trusted: expired" "$PCF" verify "$T/ts.pcfb" $TRUST \
	--at 2036-06-01T00:00:00Z
expect_out "certificate-expired" "2036 without --tsa-trust: certificate-expired"
expect 0 "issue without a timestamp" tissue --valid-days 36600 -o "$T/plain.pcfb"
expect 3 "2036, signer expired, no timestamp: expired even with --tsa-trust" "$PCF" verify "$T/plain.pcfb" $TRUST \
	--tsa-trust "$PKI/root.pem" --at 2036-06-01T00:00:00Z
expect 0 "a policy the TSA knows" tissue --tsa "$URL/ok" --tsa-policy 1.3.6.1.4.1.99999.1.2 -o "$T/pol.pcfb"
expect 0 "... verifies" "$PCF" verify "$T/pol.pcfb" $TRUST --tsa-trust "$PKI/root.pem"

# A failing TSA fails the bundle, naming the URL and the reason; nothing is written.
expect 5 "HTTP 500" tissue --tsa "$URL/http-500" -o "$T/f1.pcfb"
expect_err "TSA $URL/http-500: HTTP status 500" "HTTP 500: URL and status"
expect 1 "garbage reply" tissue --tsa "$URL/garbage" -o "$T/f2.pcfb"
expect_err "TSA $URL/garbage: the reply \(28 bytes\) is not a DER TimeStampResp" "garbage: says so"
expect 1 "wrong nonce" tissue --tsa "$URL/wrong-nonce" -o "$T/f3.pcfb"
expect_err "TSA $URL/wrong-nonce: the reply does not match the request: nonce mismatch" "wrong nonce: says so"
expect 1 "wrong imprint" tissue --tsa "$URL/wrong-imprint" -o "$T/f4.pcfb"
expect_err "TSA $URL/wrong-imprint: the reply does not match the request: message imprint mismatch" "wrong imprint: says so"
expect 1 "a policy the TSA refuses" tissue --tsa "$URL/ok" --tsa-policy 1.2.3.4 -o "$T/f5.pcfb"
expect_err "the request was not granted \(status rejection" "refused policy: the TSA's status"
expect 1 "a reply under another policy than asked for" tissue --tsa "$URL/other-policy" \
	--tsa-policy 1.3.6.1.4.1.99999.1.2 -o "$T/f7.pcfb"
expect_err "TSA $URL/other-policy: the reply does not match the request: policy mismatch" "other policy: says so"
# The reply's size limit at its boundary: 1 MiB is read (and refused as no TimeStampResp), one byte more is not.
expect 1 "a reply of exactly 1 MiB is read" tissue --tsa "$URL/size-1048576" -o "$T/f8.pcfb"
expect_err "the reply \(1048576 bytes\) is not a DER TimeStampResp" "1 MiB: read, then refused as no TimeStampResp"
expect 1 "a reply of 1 MiB + 1 byte is refused" tissue --tsa "$URL/size-1048577" -o "$T/f9.pcfb"
expect_err "TSA $URL/size-1048577: the reply is larger than 1048576 bytes" "1 MiB + 1: larger than the limit"
expect 5 "nobody listening" tissue --tsa "http://127.0.0.1:1/" -o "$T/f6.pcfb"
expect_err "TSA http://127.0.0.1:1/: .*(connect|Connection)" "nobody listening: says so"
for f in f1 f2 f3 f4 f5 f6 f7 f8 f9; do
	check "$f: no bundle written" test ! -e "$T/$f.pcfb"
done
check "no temporary file left" sh -c "! ls -A '$T' | grep -q '^\\.'"

# In a batch only the bundle whose request failed is missing.
mkdir "$T/batch"
expect 5 "batch: the first TSA request fails" "$PCF" issue "$INV" "$top_srcdir/examples/steel-bracket.yaml" \
	--method iso14067 $(sign issuer) --tsa "$URL/fail-first" -o "$T/batch"
expect_err "portland-cement.yaml: TSA $URL/fail-first: HTTP status 500" "batch: names the inventory and the URL"
check "batch: the failed bundle is missing" test ! -e "$T/batch/portland-cement.pcfb"
check "batch: the other bundle is issued" test -s "$T/batch/steel-bracket.pcfb"
expect 0 "batch: the issued one verifies with its timestamp" "$PCF" verify "$T/batch/steel-bracket.pcfb" $TRUST \
	--tsa-trust "$PKI/root.pem"

# Usage.
expect 2 "--tsa ftp://" tissue --tsa "ftp://127.0.0.1/" -o "$T/u.pcfb"
expect_err "expected an http:// or https:// URL" "--tsa: says what is expected"
expect 2 "--tsa-policy not an OID" tissue --tsa "$URL/ok" --tsa-policy "not-an-oid" -o "$T/u.pcfb"
check "the TSA answered every request on 127.0.0.1" test -s "$T/tsa/log"

done_testing
