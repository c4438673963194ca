#!/bin/sh
# issue-ltv.sh - long-term validation: 'pcf issue --embed-revocation --crl FILE' embeds the CRLs valid at
# the issue time as revocation/crl-N.der (format 1.2), and 'pcf verify' with a trusted timestamp checks
# revocation as of the timestamp from them when it has no CRL valid now, while its own fresher CRLs win.
# Real CRLs: made here with openssl ca from a copy of the demo PKI (certs/make-demo-pki), valid from a
# day before now to 30 days after, so that years later (--at 2036, the signer expired in 2035) they are
# stale and only the embedded copies speak. The copy's TSA is re-issued under the demo's other root, so
# that the TSA's own chain is checked with that root's CRL and nothing else covers the signer's chain.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"

PY=/usr/bin/python3
[ -x "$PY" ] || { echo "Bail out! /usr/bin/python3 is needed for the test TSA"; exit 1; }
cp -R "$PKI" "$T/pki"
Q=$T/pki
ca() { local n=$1; shift; CADIR=$Q/.ca/$n OPENSSL_CONF=/dev/null "$OPENSSL" ca -config "$Q/.ca/openssl.cnf" \
	-cert "$Q/$n.pem" -keyfile "$Q/$n.key" "$@"; }
# crl CA LAST NEXT OUT: a CRL of CA with those lastUpdate/nextUpdate (openssl ca's YYYYMMDDHHMMSSZ).
crl() { ca "$1" -gencrl -crl_lastupdate "$2" -crl_nextupdate "$3" -md sha256 -out "$4" 2>/dev/null; }
# The TSA under other-root (valid 2024-2040 like the demo's).
CADIR=$Q/.ca OPENSSL_CONF=/dev/null "$OPENSSL" req -new -config "$Q/.ca/openssl.cnf" -key "$Q/tsa.key" \
	-subj "/CN=Other Time-Stamping Authority/O=Not trusted by default" -out "$T/tsa.csr" 2>/dev/null &&
	CADIR=$Q/.ca/other-root OPENSSL_CONF=/dev/null "$OPENSSL" ca -batch -config "$Q/.ca/openssl.cnf" \
		-cert "$Q/other-root.pem" -keyfile "$Q/other-root.key" -extensions v3_tsa -startdate 20240101000000Z \
		-enddate 20400101000000Z -notext -in "$T/tsa.csr" -out "$Q/tsa.pem" 2>/dev/null ||
	{ echo "Bail out! cannot re-issue the TSA certificate"; exit 1; }
LAST=$(date -u -d '-1 day' +%Y%m%d%H%M%SZ) NEXT=$(date -u -d '+30 days' +%Y%m%d%H%M%SZ)
crl ca "$LAST" "$NEXT" "$T/ca-now.pem" && crl root "$LAST" "$NEXT" "$T/root-now.pem" &&
	cat "$T/ca-now.pem" "$T/root-now.pem" >"$T/now.pem" || { echo "Bail out! openssl ca -gencrl failed"; exit 1; }
# CRLs of 2025 only, for a bundle whose issue time (2025-02-15) is long before its timestamp's.
crl ca 20250201000000Z 20250301000000Z "$T/ca-2025.pem" && crl root 20250201000000Z 20250301000000Z "$T/root-2025.pem"

mkdir "$T/tsa"
"$PY" "$top_srcdir/tests/cli/tsa-server.py" "$Q" "$T/tsa" 2>"$T/tsa/stderr" &
TSA_PID=$!
trap 'touch "$T/tsa/stop"; kill $TSA_PID 2>/dev/null; wait $TSA_PID 2>/dev/null; [ -n "${PCF_KEEP_TMP:-}" ] || rm -rf "$T"' EXIT
i=0
while [ ! -s "$T/tsa/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$T/tsa/port" ] || { echo "Bail out! the test TSA did not start: $(cat "$T/tsa/stderr")"; exit 1; }
URL=http://127.0.0.1:$(cat "$T/tsa/port")/ok
INV=$top_srcdir/examples/portland-cement.yaml
lsign() { echo "--key $Q/$1.key --cert $Q/$1.pem --chain $Q/chain.pem"; }
lissue() { "$PCF" issue "$INV" --method iso14067 --valid-days 36600 "$@"; }
TSA="--tsa-trust $Q/other-root.pem --crl $Q/crl/other-root.crl.pem"
LATER="--at 2036-06-01T00:00:00Z"
# vj BUNDLE ARGS...: verify --json; $T/out holds the JSON
vj() { run "$PCF" verify "$@" --trust "$Q/root.pem" --json; }
jqo() { jq -e "$1" "$T/out" >/dev/null; }

# Usage: the CRLs come with --crl, and --crl only with --embed-revocation.
expect 2 "--embed-revocation without --crl: usage error" lissue $(lsign issuer) --embed-revocation -o "$T/u1.pcfb"
expect_err "needs the CRLs to embed" "says --crl is needed"
expect 2 "--crl without --embed-revocation: usage error" lissue $(lsign issuer) --crl "$T/now.pem" -o "$T/u2.pcfb"
# The issuer checks the evidence: every chain member's issuer has a CRL valid now; nobody is revoked.
expect 1 "only the CA's CRL: the root's CRL for the CA is missing" lissue $(lsign issuer) --embed-revocation \
	--crl "$T/ca-now.pem" -o "$T/u3.pcfb"
expect_err "no complete CRL of the issuer of CN=pcfkit Demo Certification Body CA" "names the certificate without a CRL"
expect 1 "a revoked signer: nothing issued" lissue $(lsign revoked) --embed-revocation --crl "$T/now.pem" -o "$T/u4.pcfb"
expect_err "CN=Revoked Issuer.* is revoked" "says the signer is revoked"
expect 1 "CRLs not valid at the issue time (2025 CRLs, issued now)" lissue $(lsign issuer) --embed-revocation \
	--crl "$T/ca-2025.pem" --crl "$T/root-2025.pem" -o "$T/u5.pcfb"
for f in u1 u2 u3 u4 u5; do check "$f: no bundle written" test ! -e "$T/$f.pcfb"; done

# The bundle: two CRLs (the CA's for the signer, the root's for the CA), in the manifest, format 1.2.
expect 0 "issue --tsa --embed-revocation" lissue $(lsign issuer) --tsa "$URL" --embed-revocation --crl "$T/now.pem" \
	-o "$T/ltv.pcfb"
tar -xOf "$T/ltv.pcfb" manifest.json >"$T/m.json"
jqm() { jq -e "$1" "$T/m.json" >/dev/null; }
check "format-version 1.2" jqm '."format-version" == "1.2"'
check "the manifest lists revocation/crl-1.der and crl-2.der" \
	jqm '[.files[].path | select(startswith("revocation/"))] == ["revocation/crl-1.der", "revocation/crl-2.der"]'
"$OPENSSL" crl -in "$T/ca-now.pem" -outform DER -out "$T/ca-now.der"
"$OPENSSL" crl -in "$T/root-now.pem" -outform DER -out "$T/root-now.der"
check "crl-1.der is the CA's CRL, byte for byte" sh -c "tar -xOf '$T/ltv.pcfb' revocation/crl-1.der | cmp -s - '$T/ca-now.der'"
check "crl-2.der is the root's CRL, byte for byte" sh -c "tar -xOf '$T/ltv.pcfb' revocation/crl-2.der | cmp -s - '$T/root-now.der'"
expect 0 "inspect" "$PCF" inspect "$T/ltv.pcfb"
expect_out "^revocation: +2 CRLs valid at the issue time embedded" "inspect: says 2 CRLs are embedded"
# (format 1.2 all the same: every bundle of pcf issue carries factors.json, bundle-format.md section 4.1)
expect 0 "without --embed-revocation the bundle has no revocation/ entry" lissue $(lsign issuer) --tsa "$URL" -o "$T/plain.pcfb"
check "... format-version 1.2 for factors.json, no revocation/ entry" sh -c "tar -xOf '$T/plain.pcfb' manifest.json |
	jq -e '.\"format-version\" == \"1.2\" and ([.files[].path | select(startswith(\"revocation/\"))] == [])' >/dev/null"

# With a registry too: format 1.2 holds the status-list entry (1.1) and the CRLs; the registry reads it back.
expect 0 "issue --registry --embed-revocation" lissue $(lsign issuer) --registry "$T/reg.db" --embed-revocation \
	--crl "$T/now.pem" -o "$T/reg.pcfb"
check "... format 1.2 with a status-list entry and two CRLs" sh -c "tar -xOf '$T/reg.pcfb' manifest.json |
	jq -e '.\"format-version\" == \"1.2\" and has(\"status-list\") and ([.files[].path | select(startswith(\"revocation/\"))] | length) == 2' >/dev/null"
expect 0 "registry import of a 1.2 bundle" "$PCF" registry import "$T/reg.pcfb" --registry "$T/reg2.db"

# Now, with current CRLs: they decide (basis current); the embedded ones agree.
vj "$T/ltv.pcfb" --crl "$T/now.pem" $TSA
check "now, current CRLs: valid, basis current" jqo '.[0].verdict == "valid" and .[0]["revocation-basis"] == "current"'
check "... the detail says the embedded CRLs agree" \
	jqo '.[0].checks[] | select(.check == "revocation") | .detail | test("embedded in the bundle agree")'
vj "$T/ltv.pcfb" --crl "$T/now.pem"
check "now, no trusted timestamp: the embedded CRLs are not used, and it says so" \
	jqo '.[0].verdict == "valid" and (.[0].checks[] | select(.check == "revocation") | .detail | test("not used: no trusted timestamp"))'

# 2036: the signer expired (2035), the CRLs of now are stale; only the embedded evidence speaks.
vj "$T/ltv.pcfb" $TSA $LATER
check "2036, no CRL for the signer's chain: valid, basis signing-time" \
	jqo '.[0].verdict == "valid" and .[0]["revocation-basis"] == "signing-time" and .[0]["revocation-checked"] == true'
check "... the detail: not revoked at signing time, the timestamp's time" \
	jqo '.[0].checks[] | select(.check == "revocation") | .detail | test("^not revoked at signing time: the CRLs embedded in the bundle prove the chain unrevoked at the timestamp.s time [0-9T:-]+Z")'
expect 0 "2036, text output: exit 0" "$PCF" verify "$T/ltv.pcfb" --trust "$Q/root.pem" $TSA $LATER
expect_out "valid \(certificate [0-9a-f-]+; not revoked at signing time \(CRLs embedded in the bundle" \
	"2036, text output: says not revoked at signing time"
vj "$T/ltv.pcfb" --crl "$T/now.pem" $TSA $LATER
check "2036 with the verifier's stale CRLs: the embedded evidence stands (signing-time)" \
	jqo '.[0].verdict == "valid" and .[0]["revocation-basis"] == "signing-time"'
vj "$T/ltv.pcfb" --crl "$Q/crl/root.crl.pem" $TSA $LATER
check "2036 with a current root CRL: mixed (the CA by the verifier's CRL, the signer by the embedded one)" \
	jqo '.[0].verdict == "valid" and .[0]["revocation-basis"] == "mixed"'
run "$PCF" verify "$T/plain.pcfb" --trust "$Q/root.pem" $TSA $LATER
check "2036, the same bundle without embedded CRLs: revocation-unavailable" \
	sh -c "[ $rc = 1 ] && grep -q revocation-unavailable '$T/out'"
# The verifier's fresher evidence wins: a CRL of 2035 that revokes the signer.
ca ca -revoke "$Q/issuer.pem" -crl_reason keyCompromise 2>/dev/null
crl ca 20350601000000Z 20370101000000Z "$T/ca-2035.pem"
vj "$T/ltv.pcfb" --crl "$T/ca-2035.pem" --crl "$Q/crl/root.crl.pem" $TSA $LATER
check "2036 with a fresher CRL revoking the signer: revoked (exit 3), the embedded evidence does not save it" \
	sh -c "[ $rc = 3 ] && jq -e '.[0].verdict == \"revoked\" and .[0].reason == \"certificate-revoked\"' '$T/out' >/dev/null"
# --no-revocation-check still skips it all.
vj "$T/ltv.pcfb" --no-revocation-check $TSA $LATER
check "--no-revocation-check: skipped, basis none" jqo '.[0]["revocation-basis"] == "none" and .[0]["revocation-checked"] == false'

# Evidence that does not cover the timestamp's time: issued for 2025-02-15 with the CRLs of then,
# timestamped now: the embedded CRLs are stale at the timestamp's time.
expect 0 "issue at 2025-02-15 with the CRLs of February 2025, timestamped now" lissue $(lsign issuer) --tsa "$URL" \
	--issued-at 2025-02-15T00:00:00Z --embed-revocation --crl "$T/ca-2025.pem" --crl "$T/root-2025.pem" -o "$T/old.pcfb"
vj "$T/old.pcfb" $TSA
check "verify: invalid, revocation-evidence-invalid (the embedded CRL has expired at the timestamp's time)" \
	sh -c "[ $rc = 1 ] && jq -e '.[0].reason == \"revocation-evidence-invalid\" and (.[0].message | test(\"CRL has expired\"))' '$T/out' >/dev/null"

# What pcf issue never writes, re-signed as a careless body would (tests/cli/ltv-craft.py; no timestamp,
# so the entries are checked for their form only).
CRAFT="$PY $top_srcdir/tests/cli/ltv-craft.py $Q $T/plain.pcfb"
set --
i=1; while [ $i -le 16 ]; do set -- "$@" "revocation/crl-$i.der=$T/ca-now.der"; i=$((i + 1)); done
$CRAFT "$T/c16.pcfb" "$@"
$CRAFT "$T/c17.pcfb" "$@" "revocation/crl-17.der=$T/ca-now.der"
vj "$T/c16.pcfb" --crl "$T/now.pem"
check "16 embedded CRLs (the limit): read (valid)" jqo '.[0].verdict == "valid"'
vj "$T/c17.pcfb" --crl "$T/now.pem"
check "17 embedded CRLs: revocation-evidence-invalid" \
	jqo '.[0].reason == "revocation-evidence-invalid" and (.[0].message | test("more than 16 CRLs"))'
$CRAFT "$T/bad-name.pcfb" "revocation/crl-01.der=$T/ca-now.der"
vj "$T/bad-name.pcfb" --crl "$T/now.pem"
check "revocation/crl-01.der: not a name of section 4" jqo '.[0].reason == "revocation-evidence-invalid"'
$CRAFT "$T/bad-der.pcfb" "revocation/crl-1.der=$T/ca-now.pem"
vj "$T/bad-der.pcfb" --crl "$T/now.pem"
check "PEM instead of DER: not one complete DER CRL" \
	jqo '.[0].reason == "revocation-evidence-invalid" and (.[0].message | test("not one complete DER CRL"))'

done_testing
