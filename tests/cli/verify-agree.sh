#!/bin/sh
# verify-agree.sh - the two normative verifiers agree: `pcf verify` and the no-pcfkit script of
# docs/bundle-format.md section 9 (cut out of the document) give the same verdict, valid or not, on
# every crafted bundle of verify-bundles.py (the tamper suite's attacks, the raw-header ones
# t9-hdr-* and the manifest-figure ones of T30 included) and on attacks on a bundle from `pcf issue`.
# The script checks neither the certificate's own validity period nor recomputation, so a bundle
# pcf calls pcf-expired or pcf-not-yet-valid must be VALID for it; cases with options of their own
# (another time, no CRL ...) are left out. The few differences that remain are listed below, each
# with why, and the test fails on any other (or when a listed one no longer differs).
. "$top_srcdir/tests/cli/lib.sh"
PKI=${PCF_TEST_PKI:?run through make check}
B=$T/bundles
DOC=$top_srcdir/docs/bundle-format.md
"$PCF" issue "$top_srcdir/tests/data/bundle/steel.yaml" --method example --key "$PKI/issuer.key" \
	--cert "$PKI/issuer.pem" --chain "$PKI/chain.pem" --issued-at 2026-11-29T16:00:00Z -o "$T/issued.pcfb" \
	2>"$T/issue.err" && PCF_ISSUED_BUNDLE=$T/issued.pcfb && export PCF_ISSUED_BUNDLE ||
	{ not_ok "pcf issue a bundle to attack"; diag "$(cat "$T/issue.err")"; }
if ! /usr/bin/python3 "$top_srcdir/tests/cli/verify-bundles.py" "$PKI" "$B" 2>"$T/gen.err"; then
	not_ok "generate the bundles"; diag "$(cat "$T/gen.err")"; done_testing; exit 1
fi
# The script, checking at the tamper suite's fixed time (the document says how: -attime).
sed -n '/^<!-- verify-pcfb.sh begin -->$/,/^<!-- verify-pcfb.sh end -->$/p' "$DOC" | sed '1,2d;$d' | sed '$d' |
	sed 's/^openssl cms -verify /openssl cms -verify -attime 1798761600 /' >"$T/verify-pcfb.sh"
check "the script checks at a fixed time" grep -q 'cms -verify -attime 1798761600 ' "$T/verify-pcfb.sh"
CRLS="$PKI/crl/trusted.crl.pem"

# Differences that remain, each with why (name<TAB>why). None is left: the script's -auth_level 2
# refuses the short RSA key (t15-rsa1024) and the SHA-1-signed chain certificate
# (t15-sha1-signed-cert) that stock openssl cms accepted.
: >"$T/known"

tab=$(printf '\t')
# pcf verify over all of them in one batch (--json), the script two at a time. With a SAMPLE_STRIDE
# (lib.sh: under valgrind, or as make distcheck is run by quickstart) every SAMPLE_STRIDE-th case and
# the first of each threat.
i=0
while IFS="$tab" read -r name code reason threat args; do
	[ -z "$args" ] || continue
	i=$((i + 1))
	if sample_case "$i" "$threat"; then echo "$B/$name.pcfb"; fi
done <"$B/cases.tsv" >"$T/list"
[ "$SAMPLE_STRIDE" -eq 1 ] || diag "sampled (lib.sh sample_case): $(wc -l <"$T/list") of the $i bundles"
# shellcheck disable=SC2046
"$PCF" verify --json --trust "$PKI/root.pem" --crl "$CRLS" --at 2027-01-01T00:00:00Z $(cat "$T/list") >"$T/pcf.json" 2>"$T/pcf.err"
prc=$?
check "the batch ends with a verdict's exit status (exit $prc; 99 is a memcheck error)" test "$prc" -ge 1 -a "$prc" -le 7
# The script does not check the certificate's own period, supersession (a batch here) or recomputation.
jq -r '.[] | "\(.bundle)\t" + (if .verdict == "valid" or .verdict == "superseded" or .verdict == "mismatch" or
	((.verdict == "expired" or .verdict == "not-yet-valid") and (.reason | startswith("pcf-"))) then "VALID"
	elif .verdict == "io-error" then "SKIP" else "INVALID" end)' "$T/pcf.json" | sort >"$T/pcf.tsv"
check "pcf verify judged every bundle" test "$(wc -l <"$T/pcf.tsv")" -eq "$(wc -l <"$T/list")"
# The script runs openssl, not pcf: valgrind adds nothing to it, so the memcheck run (PCF_TEST_VALGRIND)
# stops here, after pcf verify has judged every bundle under memcheck; plain make check compares.
if [ -n "${PCF_TEST_VALGRIND:-}" ]; then
	skip_test "the section 9 script runs openssl, not pcf (compared in plain make check, not under valgrind)"
	done_testing
	exit
fi
ROOT=$PKI/root.pem; export ROOT CRLS
xargs -P 2 -n 1 sh -c 'if sh "$0" "$1" "$ROOT" "$CRLS" >/dev/null 2>&1; then printf "%s\tVALID\n" "$1"
	else printf "%s\tINVALID\n" "$1"; fi' "$T/verify-pcfb.sh" <"$T/list" >"$T/sh.raw"
sort "$T/sh.raw" >"$T/sh.tsv"
compared=0 agree=0
while IFS="$tab" read -r path want; do
	[ "$want" = SKIP ] && continue
	name=$(basename "$path" .pcfb)
	got=$(grep -F "$path$tab" "$T/sh.tsv" | cut -f2)
	compared=$((compared + 1))
	if [ "$want" = "$got" ]; then
		agree=$((agree + 1))
		if grep -q "^$name$tab" "$T/known"; then not_ok "$name: listed as a difference, but both say $want"; fi
	elif grep -q "^$name$tab" "$T/known"; then
		ok "$name: known difference (pcf $want, script $got): $(grep "^$name$tab" "$T/known" | cut -f2)"
	else
		not_ok "$name: pcf verify says $want, the section 9 script ${got:-nothing}"
		diag "pcf: $(jq -r --arg b "$path" '.[] | select(.bundle == $b) | "\(.verdict): \(.reason): \(.message)"' "$T/pcf.json" | head -c 600)" \
			"script: $(sh "$T/verify-pcfb.sh" "$path" "$PKI/root.pem" "$CRLS" 2>&1 | head -c 600)"
	fi
done <"$T/pcf.tsv"
diag "compared $compared bundles, $agree agree"
check "at least 170 bundles compared (170 / $SAMPLE_STRIDE in a sample)" test "$compared" -ge $((170 / SAMPLE_STRIDE))
check "the raw-header (t9-hdr-*) and manifest-figure (T30) attacks were among them" sh -c \
	"grep -q '^t9-hdr-' '$B/cases.tsv' && grep -q '	T30	' '$B/cases.tsv'"
done_testing
