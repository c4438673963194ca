#!/bin/sh
# verify-robust.sh - fuzz-style robustness of `pcf verify` (a test, not a fuzzer): valid bundles
# (two built by verify-bundles.py, one by `pcf issue`), truncated at every 512-byte boundary and
# with one byte flipped at a deterministic sample of offsets (every byte of the first header, then
# every 3rd byte), are never reported valid and never crash the verifier. All variants go through one batch run, so the trust store is loaded once.
# Under valgrind, every SAMPLE_STRIDE-th truncation and flip of each bundle (lib.sh; 5 by default):
# every kind of damage to every bundle is still there, and the ASan stage runs them all.
. "$top_srcdir/tests/cli/lib.sh"
PKI=${PCF_TEST_PKI:?run through make check}
B=$T/b
/usr/bin/python3 "$top_srcdir/tests/cli/verify-bundles.py" "$PKI" "$B" good good-rsa >"$T/gen.err" 2>&1 ||
	{ not_ok "generate the bundles"; diag "$(cat "$T/gen.err")"; done_testing; exit 1; }
# and one bundle made by the real writer, `pcf issue`, so that its layout is damaged too
"$PCF" issue "$top_srcdir/tests/data/bundle/steel.yaml" --method example --key "$PKI/issuer.key" \
	--cert "$PKI/issuer.pem" --chain "$PKI/chain.pem" --issued-at 2026-11-29T16:00:00Z -o "$B/issued.pcfb" ||
	{ not_ok "issue a bundle"; done_testing; exit 1; }
V="--trust $PKI/root.pem --crl $PKI/crl/trusted.crl.pem --at 2027-01-01T00:00:00Z"
mkdir "$T/v"
for good in good good-rsa issued; do
	# shellcheck disable=SC2086
	expect 0 "$good is valid before any damage" "$PCF" verify $V "$B/$good.pcfb"
	/usr/bin/python3 - "$B/$good.pcfb" "$T/v/$good" "$SAMPLE_STRIDE" <<'PY'
import sys
src, prefix, stride = sys.argv[1], sys.argv[2], int(sys.argv[3])
raw = open(src, "rb").read()
for k in range(0, len(raw), 512)[::stride]:  # every 512-byte boundary, from empty to one block short
    open("%s-trunc-%06d.pcfb" % (prefix, k), "wb").write(raw[:k])
offsets = sorted(set(list(range(512)) + list(range(0, len(raw), 3))))
for off in offsets[::stride]:
    b = bytearray(raw)
    b[off] ^= 0x01 if off % 2 else 0x80
    open("%s-flip-%06d.pcfb" % (prefix, off), "wb").write(bytes(b))
PY
done
n=$(ls "$T/v" | wc -l)
[ "$SAMPLE_STRIDE" -eq 1 ] || diag "sampled (lib.sh SAMPLE_STRIDE): every ${SAMPLE_STRIDE}th damaged bundle, $n in all"
# shellcheck disable=SC2086
run "$PCF" verify $V "$T"/v/*.pcfb
check "the batch of $n damaged bundles did not crash (exit $rc)" test "$rc" -ge 1 -a "$rc" -le 5
check "one verdict line per damaged bundle" test "$(wc -l <"$T/out")" -eq "$n"
if grep -E ': valid \(' "$T/out" >"$T/valid"; then
	not_ok "no damaged bundle is reported valid"; diag "$(head -20 "$T/valid")"
else
	ok "no damaged bundle is reported valid"
fi
check "every truncation is rejected" test "$(grep -c -- '-trunc-.*: invalid: ' "$T/out")" -eq "$(ls "$T/v" | grep -c -- -trunc-)"
diag "verdict reasons: $(sed -E 's/^[^:]*: [a-z-]+: ([a-z-]+):.*/\1/' "$T/out" | sort | uniq -c | sort -rn | tr '\n' ' ')"
done_testing
