#!/bin/sh
# status.sh - 'pcf status set/publish' and 'pcf verify --status': a suspended, a reinstated and a
# withdrawn certificate; the rules (withdrawn is final); the W3C encoding read back independently;
# lists signed by another body, by an untrusted signer, stale, tampered, for another purpose; a
# missing entry and --require-status failing closed; --at choosing the list valid then.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"
INV=$BDATA/steel.yaml
now=$(date +%s)
DB=$T/reg.db
V="--trust $PKI/root.pem --no-revocation-check --no-recompute"

mkdir "$T/inv" "$T/b"
for n in a b c; do cp "$INV" "$T/inv/$n.yaml"; done
expect 0 "three certificates issued a day ago with a registry" \
	issue "$T"/inv/*.yaml $(sign issuer) -o "$T/b" --registry "$DB" --issued-at $((now - 86400)) -v
A=$(grep '/a.pcfb ' "$T/out" | cut -d' ' -f2)
B=$(grep '/b.pcfb ' "$T/out" | cut -d' ' -f2)
C=$(grep '/c.pcfb ' "$T/out" | cut -d' ' -f2)

# publish PURPOSE OUT [ARGS...]: a list signed by the body's status signer.
publish() { p=$1 o=$2; shift 2; "$PCF" status publish --registry "$DB" --purpose "$p" $(sign status-signer) -o "$o" "$@"; }

expect 0 "suspend A" "$PCF" status set "$A" suspended --reason "surveillance audit overdue" --registry "$DB"
expect 0 "withdraw B" "$PCF" status set "$B" withdrawn --reason "inventory found false" --registry "$DB"
expect 1 "a withdrawn certificate cannot be reinstated" "$PCF" status set "$B" reinstated --reason "appeal" --registry "$DB"
expect_err "is withdrawn, which is final" "the error says withdrawn is final"
expect 1 "nor suspended" "$PCF" status set "$B" suspended --reason "x" --registry "$DB"
expect 1 "an issued certificate cannot be reinstated" "$PCF" status set "$C" reinstated --reason "x" --registry "$DB"
expect_err "only a suspended certificate can be reinstated" "the error says why"
expect 2 "a reason is required" "$PCF" status set "$C" suspended --registry "$DB"
expect 2 "an unknown status is a usage error" "$PCF" status set "$C" revoked --reason x --registry "$DB"
expect 1 "an unknown id" "$PCF" status set 00000000-0000-0000-0000-000000000000 suspended --reason x --registry "$DB"

expect 0 "publish the revocation list (valid from 3 hours ago for 27 hours)" \
	publish revocation "$T/rev.p7m" --valid-from $((now - 10800)) --valid-hours 27
expect 0 "publish the suspension list valid 3 to 1 hours ago" \
	publish suspension "$T/susp-old.p7m" --valid-from $((now - 10800)) --valid-hours 2
expect 0 "publish the suspension list valid now" publish suspension "$T/susp.p7m"

# The W3C encoding, read back without pcfkit: base64url (multibase u) of a gzip, >= 131072 bits,
# most significant bit first; and the CMS verifies with stock openssl.
check "the lists are W3C Bitstring Status Lists with the right bits" python3 - "$T" "$DB" <<'EOF'
import base64, gzip, json, sqlite3, subprocess, sys
t, db = sys.argv[1], sys.argv[2]
idx = dict(sqlite3.connect(db).execute("SELECT file, status_index FROM certificates"))
def bits(path):
    doc = json.loads(subprocess.run(["openssl", "cms", "-verify", "-noverify", "-inform", "DER", "-in", path],
                                    capture_output=True, check=True).stdout)
    assert doc["type"] == ["VerifiableCredential", "BitstringStatusListCredential"], doc["type"]
    enc = doc["credentialSubject"]["encodedList"]
    assert enc[0] == "u"
    raw = gzip.decompress(base64.urlsafe_b64decode(enc[1:] + "=" * (-len(enc[1:]) % 4)))
    assert len(raw) * 8 >= 131072, len(raw)
    return doc["credentialSubject"]["statusPurpose"], lambda i: raw[i // 8] >> (7 - i % 8) & 1
p, rev = bits(t + "/rev.p7m"); assert p == "revocation"
p, sus = bits(t + "/susp.p7m"); assert p == "suspension"
get = lambda name: next(v for k, v in idx.items() if k.endswith("/" + name))
assert rev(get("b.pcfb")) == 1 and rev(get("a.pcfb")) == 0 and rev(get("c.pcfb")) == 0
assert sus(get("a.pcfb")) == 1 and sus(get("b.pcfb")) == 0 and sus(get("c.pcfb")) == 0
EOF
check "a list verifies with stock openssl against the root" sh -c "
	openssl cms -verify -inform DER -in '$T/susp.p7m' -CAfile '$PKI/root.pem' -certfile '$PKI/chain.pem' -purpose any -out /dev/null 2>/dev/null"

L="--status $T/rev.p7m --status $T/susp.p7m"
expect 6 "a suspended certificate: exit 6" "$PCF" verify $V $L "$T/b/a.pcfb"
expect_out "a.pcfb: suspended: the certification body has suspended this certificate" "the verdict says suspended"
expect 7 "a withdrawn certificate: exit 7" "$PCF" verify $V $L "$T/b/b.pcfb"
expect_out "b.pcfb: withdrawn: the certification body" "the verdict says withdrawn"
expect 0 "a certificate in good standing: valid" "$PCF" verify $V $L "$T/b/c.pcfb"
expect 7 "a batch exits with the worst (withdrawn over suspended)" "$PCF" verify $V $L "$T"/b/*.pcfb
expect 7 "--json names the verdicts and reasons" "$PCF" verify $V $L --json "$T"/b/*.pcfb
check "JSON: suspended, withdrawn, valid" sh -c "
	jq -e '[.[].verdict] == [\"suspended\", \"withdrawn\", \"valid\"] and [.[].reason] == [\"suspended\", \"withdrawn\", null]' '$T/out' >/dev/null"
expect 6 "with CRLs, the list signer's chain is checked too" "$PCF" verify --trust "$PKI/root.pem" --crl "$PKI/crl/trusted.crl.pem" --no-recompute $L "$T/b/a.pcfb"

# Reinstated: the next suspension list clears the bit.
expect 0 "reinstate A" "$PCF" status set "$A" reinstated --reason "audit done" --registry "$DB"
expect 0 "publish the suspension list again" publish suspension "$T/susp2.p7m"
expect 0 "a reinstated certificate is valid again" "$PCF" verify $V --status "$T/rev.p7m" --status "$T/susp2.p7m" "$T/b/a.pcfb"
expect 0 "the history shows the three changes" "$PCF" registry show "$A" --registry "$DB" --json
check "suspended, reinstated, with reasons" sh -c "
	jq -e '[.history[].status] == [\"suspended\", \"reinstated\"] and .history[0].reason == \"surveillance audit overdue\" and .status == \"issued\"' '$T/out' >/dev/null"

# --at picks the list valid at that time.
expect 6 "--at two hours ago uses the list valid then (suspended)" \
	"$PCF" verify $V --status "$T/rev.p7m" --status "$T/susp-old.p7m" --status "$T/susp2.p7m" --at @$((now - 7200)) "$T/b/a.pcfb"
expect 0 "now the current list (reinstated)" \
	"$PCF" verify $V --status "$T/rev.p7m" --status "$T/susp-old.p7m" --status "$T/susp2.p7m" "$T/b/a.pcfb"

# A stale list fails closed.
expect 1 "a stale list: invalid" "$PCF" verify $V --status "$T/rev.p7m" --status "$T/susp-old.p7m" "$T/b/c.pcfb"
expect_out "invalid: status-list-stale: no suspension list given for urn:uuid:" "the reason is status-list-stale"

# A list signed by another certification body (under the same root), and by an untrusted signer.
expect 0 "a list signed by the second body" "$PCF" status publish --registry "$DB" --purpose suspension \
	--key "$PKI/second-issuer.key" --cert "$PKI/second-issuer.pem" --chain "$PKI/second-ca-chain.pem" -o "$T/other-body.p7m"
expect 1 "a list from another body: invalid" "$PCF" verify $V --status "$T/rev.p7m" --status "$T/other-body.p7m" "$T/b/c.pcfb"
expect_out "status-list-other-body" "the reason is status-list-other-body"
expect 0 "a list signed under an untrusted root" "$PCF" status publish --registry "$DB" --purpose suspension \
	--key "$PKI/other-issuer.key" --cert "$PKI/other-issuer.pem" --chain "$PKI/other-ca-chain.pem" -o "$T/untrusted.p7m"
expect 1 "an untrusted list: invalid" "$PCF" verify $V --status "$T/rev.p7m" --status "$T/untrusted.p7m" "$T/b/c.pcfb"
expect_out "status-list-untrusted" "the reason is status-list-untrusted"
expect 0 "the issuing certificate itself may sign lists too (documentSigning)" "$PCF" status publish --registry "$DB" \
	--purpose suspension $(sign issuer) -o "$T/by-issuer.p7m"
expect 0 "and they are accepted" "$PCF" verify $V --status "$T/rev.p7m" --status "$T/by-issuer.p7m" "$T/b/c.pcfb"

# A tampered list.
python3 - "$T/susp2.p7m" "$T/tampered.p7m" <<'EOF'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
i = d.index(b'"validUntil": "') + len(b'"validUntil": "')
d[i + 3] = ord("9") if d[i + 3] != ord("9") else ord("8")   # a later year
open(sys.argv[2], "wb").write(bytes(d))
EOF
expect 1 "a tampered list: invalid" "$PCF" verify $V --status "$T/rev.p7m" --status "$T/tampered.p7m" "$T/b/c.pcfb"
expect_out "status-list-signature" "the reason is status-list-signature"
printf 'garbage' >"$T/garbage.p7m"
expect 1 "a list that is not CMS: invalid" "$PCF" verify $V --status "$T/garbage.p7m" "$T/b/c.pcfb"
expect_out "status-list-malformed" "the reason is status-list-malformed"

# A list for another purpose (signed by the body with stock openssl): refused.
openssl cms -verify -noverify -inform DER -in "$T/susp.p7m" 2>/dev/null | sed 's/"statusPurpose": "suspension"/"statusPurpose": "message"/' >"$T/msg.json"
openssl cms -sign -binary -nodetach -outform DER -in "$T/msg.json" -signer "$PKI/status-signer.pem" \
	-inkey "$PKI/status-signer.key" -certfile "$PKI/chain.pem" -md sha256 -out "$T/message.p7m" 2>/dev/null
expect 1 "a list for another purpose: invalid" "$PCF" verify $V --status "$T/rev.p7m" --status "$T/message.p7m" "$T/b/c.pcfb"
expect_out "status-list-purpose: status list .*message.p7m is for the purpose 'message'" "the reason is status-list-purpose"

# --require-status fails closed; a bundle without an entry.
expect 1 "--require-status without a revocation list" "$PCF" verify $V --require-status --status "$T/susp2.p7m" "$T/b/c.pcfb"
expect_out "status-unavailable: no revocation list" "the reason is status-unavailable"
expect 1 "--require-status without any list" "$PCF" verify $V --require-status "$T/b/c.pcfb"
expect 0 "--require-status with fresh lists" "$PCF" verify $V --require-status --status "$T/rev.p7m" --status "$T/susp2.p7m" "$T/b/c.pcfb"
expect 0 "a bundle issued without a registry" issue "$INV" $(sign issuer) -o "$T/plain.pcfb"
expect 0 "is valid with lists when status is not required" "$PCF" verify $V --status "$T/rev.p7m" "$T/plain.pcfb"
expect 1 "but invalid with --require-status (no entry)" "$PCF" verify $V --require-status --status "$T/rev.p7m" "$T/plain.pcfb"
expect_out "status-entry-missing" "the reason is status-entry-missing"
expect 2 "publish needs a purpose" "$PCF" status publish --registry "$DB" $(sign issuer) -o "$T/x.p7m"
done_testing
