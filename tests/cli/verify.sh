#!/bin/sh
# verify.sh - `pcf verify` as a command: usage, output (text and JSON), exit statuses and the
# worst-verdict rule in a batch, trust anchors (given and default locations), CRL handling,
# I/O errors (T27), input caps (T8) and supersession within a batch (T20).
. "$top_srcdir/tests/cli/lib.sh"
PKI=${PCF_TEST_PKI:?run through make check}
B=$T/b
/usr/bin/python3 "$top_srcdir/tests/cli/verify-bundles.py" "$PKI" "$B" good t1-payload-modified t13-expired-signer \
	t20-old t20-new >"$T/gen.err" 2>&1 || { not_ok "generate the bundles"; diag "$(cat "$T/gen.err")"; done_testing; exit 1; }
AT="--at 2027-01-01T00:00:00Z"
TR="--trust $PKI/root.pem"
CRL="--crl $PKI/crl/trusted.crl.pem"
# Keep the user's real configuration out of the tests.
XDG_CONFIG_HOME=$T/xdg-none; export XDG_CONFIG_HOME
jqt() { jq -e "$@" >/dev/null; }

# usage
expect 0 "--help" "$PCF" verify --help
expect_out 'usage: pcf verify BUNDLE' "--help shows the usage"
expect_out 'XDG_CONFIG_HOME/pcfkit/trust' "--help names the default trust folders"
expect 2 "no bundle" "$PCF" verify $TR
expect_err 'no bundle given' "no bundle is named"
expect 2 "bad --at" "$PCF" verify $TR --at yesterday "$B/good.pcfb"
expect_err "expected YYYY-MM-DDTHH:MM:SSZ" "bad --at says what is expected"
expect 2 "unknown option" "$PCF" verify --frobnicate "$B/good.pcfb"

# one good bundle
expect 0 "good bundle" "$PCF" verify $TR $CRL $AT "$B/good.pcfb"
expect_out "^$B/good.pcfb: valid \(certificate 9f1c2e4a-0b7d-4c1e-8a2f-3d5e6f708192; revocation checked; not recomputable: plugin pcfkit-test-absent 1.0.0 not installed" \
	"valid line names the certificate, revocation and recomputation"
expect 0 "@SECONDS form of --at" "$PCF" verify $TR $CRL --at @1798761600 "$B/good.pcfb"
expect 0 "--quiet" "$PCF" verify -q $TR $CRL $AT "$B/good.pcfb"
check "--quiet prints nothing" test ! -s "$T/out"
expect 0 "--no-revocation-check" "$PCF" verify $TR --no-revocation-check $AT "$B/good.pcfb"
expect_out 'revocation NOT checked \(--no-revocation-check\)' "the verdict says revocation was not checked"
expect 0 "--no-recompute" "$PCF" verify $TR $CRL --no-recompute $AT "$B/good.pcfb"
expect_out 'not recomputed: --no-recompute' "the verdict says it was not recomputed"
expect 0 "validity at the current time (no --at)" "$PCF" verify $TR $CRL "$B/good.pcfb"

# JSON
expect 0 "--json good" "$PCF" verify --json $TR $CRL $AT "$B/good.pcfb"
check "JSON: verdict valid, reason null, 13 checks all passed or skipped, revocation checked" jqt \
	'length == 1 and .[0].verdict == "valid" and .[0].reason == null and (.[0].checks | length) == 13
	 and all(.[0].checks[]; .outcome == "pass" or .outcome == "skipped") and .[0]["revocation-checked"] == true
	 and .[0].recomputed == false and (.[0].note | startswith("not recomputable: plugin pcfkit-test-absent"))
	 and .[0].certificate.total == 812.5' "$T/out"
expect 1 "--json tampered" "$PCF" verify --json $TR $CRL $AT "$B/t1-payload-modified.pcfb"
check "JSON: invalid with its reason; the failing check and the ones not run" jqt \
	'.[0].verdict == "invalid" and .[0].reason == "entry-digest-mismatch"
	 and ([.[0].checks[] | select(.check == "digests")][0].outcome == "fail")
	 and ([.[0].checks[] | select(.check == "signature")][0].outcome == "not-run")
	 and (.[0].message | test("inventory.yaml"))' "$T/out"
expect 0 "--json without revocation" "$PCF" verify --json $TR --no-revocation-check $AT "$B/good.pcfb"
check "JSON: revocation skipped and not checked" jqt \
	'.[0]["revocation-checked"] == false and ([.[0].checks[] | select(.check == "revocation")][0].outcome == "skipped")' "$T/out"

# batches: one verdict each, exit status of the worst
expect 1 "batch: good + tampered exits 1" "$PCF" verify $TR $CRL $AT "$B/good.pcfb" "$B/t1-payload-modified.pcfb"
check "batch: two verdict lines" test "$(wc -l <"$T/out")" -eq 2
expect_out "good.pcfb: valid" "batch: the good one is still valid"
expect 3 "batch: good + expired exits 3" "$PCF" verify $TR $CRL $AT "$B/good.pcfb" "$B/t13-expired-signer.pcfb"
expect 5 "batch: good + unreadable exits 5" "$PCF" verify $TR $CRL $AT "$B/good.pcfb" "$T/no-such.pcfb"
expect 5 "batch: unreadable + tampered exits 5 (pcf(1): 5 is worst)" "$PCF" verify $TR $CRL $AT "$T/no-such.pcfb" \
	"$B/t1-payload-modified.pcfb"
expect 3 "batch: expired + good exits 3" "$PCF" verify $TR $CRL $AT "$B/t13-expired-signer.pcfb" "$B/good.pcfb"
expect 1 "batch: expired + tampered exits 1" "$PCF" verify $TR $CRL $AT "$B/t13-expired-signer.pcfb" \
	"$B/t1-payload-modified.pcfb"

# threads: the same verdicts in the same order
expect 5 "-j 1 batch" "$PCF" verify -j 1 $TR $CRL $AT "$B/good.pcfb" "$B/t1-payload-modified.pcfb" "$B/t13-expired-signer.pcfb" \
	"$T/no-such.pcfb" "$B/t20-old.pcfb"
cp "$T/out" "$T/out.j1"
expect 5 "-j 3 batch" "$PCF" verify --jobs 3 $TR $CRL $AT "$B/good.pcfb" "$B/t1-payload-modified.pcfb" \
	"$B/t13-expired-signer.pcfb" "$T/no-such.pcfb" "$B/t20-old.pcfb"
check "-j 3 gives the same verdicts in the same order as -j 1" cmp -s "$T/out" "$T/out.j1"
expect 2 "-j 0 is a usage error" "$PCF" verify -j 0 $TR "$B/good.pcfb"

# T27: I/O errors are verdicts, never "valid"
expect 5 "T27 missing bundle exits 5" "$PCF" verify $TR $CRL $AT "$T/no-such.pcfb"
expect_out 'no-such.pcfb: io-error: [^:]*cannot open' "T27 missing bundle: io-error verdict"
mkdir "$T/dir.pcfb"
expect 5 "T27 a folder as bundle exits 5" "$PCF" verify $TR $CRL $AT "$T/dir.pcfb"
if mkfifo "$T/fifo.pcfb" 2>/dev/null; then
	expect 5 "T27 a FIFO as bundle is refused at once (no hang)" "$PCF" verify $TR $CRL $AT "$T/fifo.pcfb"
	expect_out 'fifo.pcfb: io-error: [^:]*not a regular file' "T27 FIFO: not a regular file"
else
	skip_test "mkfifo not available"; skip_test "mkfifo not available"
fi
: >"$T/empty.pcfb"
expect 1 "T27 an empty file is invalid" "$PCF" verify $TR $CRL $AT "$T/empty.pcfb"
expect_out 'empty.pcfb: invalid: archive-format' "T27 empty file: archive-format"

# T8: input cap, checked before reading (a sparse file costs nothing)
if truncate -s 300M "$T/huge.pcfb" 2>/dev/null; then
	expect 1 "T8 a 300 MiB input is refused" "$PCF" verify $TR $CRL $AT "$T/huge.pcfb"
	expect_out 'huge.pcfb: invalid: input-too-large: ' "T8 input-too-large"
else
	skip_test "truncate not available"; skip_test "truncate not available"
fi

# T20: supersession within a batch
expect 0 "T20 the old certificate alone is valid" "$PCF" verify $TR $CRL $AT "$B/t20-old.pcfb"
expect 3 "T20 old + new in one batch exits 3" "$PCF" verify $TR $CRL $AT "$B/t20-old.pcfb" "$B/t20-new.pcfb"
expect_out 't20-old.pcfb: superseded: superseded by certificate 22222222-2222-4222-8222-222222222222' \
	"T20 the old one is reported superseded by the new one"
expect_out 't20-new.pcfb: valid' "T20 the new one is valid"

# trust anchors
expect 1 "another root does not anchor the chain" "$PCF" verify --trust "$PKI/other-root.pem" $CRL $AT "$B/good.pcfb"
expect_out 'invalid: chain-untrusted: ' "another root: chain-untrusted"
mkdir -p "$T/anchors"; cp "$PKI/other-root.pem" "$PKI/root.pem" "$T/anchors/"; echo "not a certificate" >"$T/anchors/README"
expect 0 "--trust FOLDER reads its *.pem files" "$PCF" verify --trust "$T/anchors" $CRL $AT "$B/good.pcfb"
mkdir -p "$T/empty-anchors"
expect 1 "--trust of a folder without certificates" "$PCF" verify --trust "$T/empty-anchors" $CRL $AT "$B/good.pcfb"
expect_err 'found none' "an empty anchor folder is named"
expect 1 "--trust of a non-PEM file" "$PCF" verify --trust "$T/anchors/README" $CRL $AT "$B/good.pcfb"
expect 5 "--trust of a missing file" "$PCF" verify --trust "$T/nope.pem" $CRL $AT "$B/good.pcfb"
expect 2 "no anchors anywhere" env HOME="$T" "$PCF" verify $CRL $AT "$B/good.pcfb"
expect_err 'no trust anchors: give them with --trust FILE\|DIR or put PEM files in .*pcfkit/trust or .*xdg-none/pcfkit/trust' \
	"no anchors: the message names both default folders"
mkdir -p "$T/xdg/pcfkit/trust"; cp "$PKI/root.pem" "$T/xdg/pcfkit/trust/"; chmod 755 "$T/xdg" "$T/xdg/pcfkit" "$T/xdg/pcfkit/trust"
expect 0 "default anchors from \$XDG_CONFIG_HOME/pcfkit/trust" env XDG_CONFIG_HOME="$T/xdg" "$PCF" verify $CRL $AT "$B/good.pcfb"
mkdir -p "$T/home/.config/pcfkit/trust"; cp "$PKI/root.pem" "$T/home/.config/pcfkit/trust/"
expect 0 "default anchors from ~/.config/pcfkit/trust without XDG_CONFIG_HOME" \
	env -u XDG_CONFIG_HOME HOME="$T/home" "$PCF" verify $CRL $AT "$B/good.pcfb"
chmod 775 "$T/xdg/pcfkit/trust"
expect 5 "a group-writable default anchor folder is refused" env XDG_CONFIG_HOME="$T/xdg" "$PCF" verify $CRL $AT "$B/good.pcfb"
expect_err 'writable' "the refusal says why"
chmod 755 "$T/xdg/pcfkit/trust"

# TSA anchors (tokens themselves are tested in tests/unit/test_verify.c)
expect 0 "--tsa-trust loads TSA anchors; a bundle without a token is judged as before" "$PCF" verify $TR $CRL $AT \
	--tsa-trust "$PKI/root.pem" "$B/good.pcfb"
expect 5 "--tsa-trust of a missing file" "$PCF" verify $TR $CRL $AT --tsa-trust "$T/nope.pem" "$B/good.pcfb"

# CRLs
expect 1 "no CRL: fails closed" "$PCF" verify $TR $AT "$B/good.pcfb"
expect_out 'invalid: revocation-unavailable: no CRL for the certificate at depth 0 .*--no-revocation-check' \
	"no CRL: the message says how to give one or opt out"
expect 0 "CRLs as separate files" "$PCF" verify $TR --crl "$PKI/crl/root.crl.pem" --crl "$PKI/crl/ca.crl.pem" $AT "$B/good.pcfb"
"$OPENSSL" crl -in "$PKI/crl/ca.crl.pem" -outform DER -out "$T/ca.crl.der"
expect 0 "a DER CRL" "$PCF" verify $TR --crl "$PKI/crl/root.crl.pem" --crl "$T/ca.crl.der" $AT "$B/good.pcfb"
expect 1 "a CRL file that is not a CRL" "$PCF" verify $TR --crl "$T/anchors/README" $AT "$B/good.pcfb"
expect_err 'expected a PEM or DER X509 CRL' "a bad CRL file is named"
expect 1 "CRLs expired at --at fail closed" "$PCF" verify $TR $CRL --at 2041-01-01T00:00:00Z --no-recompute "$B/good.pcfb"
expect_out 'invalid: crl-invalid: ' "stale CRL: crl-invalid"
done_testing
