#!/bin/sh
# status-limits.sh - the limits of the registry and the status lists (docs/limits.md, "Registry and status
# lists") at their boundaries, N accepted and N + 1 refused: a status list file of 16 MiB, 64 lists in one
# verify, lists of 131,072 entries (and 131,064 refused), the registry's 2^27 status indexes (the last
# one handed out, published in a list of 16 MiB that the verifier decodes, then "full"), a status list
# id of 200 bytes (registry, issue and verify), --valid-hours 1 to 8784. The decoded bitstring's 16 MiB
# is tested in test_status (gzip_bomb_is_capped: 16 MiB decoded, 16 MiB + 1 byte refused).
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"
INV=$BDATA/steel.yaml
DB=$T/reg.db
V="--trust $PKI/root.pem --no-revocation-check --no-recompute"
publish() { p=$1 o=$2; shift 2; "$PCF" status publish --registry "$DB" --purpose "$p" $(sign status-signer) -o "$o" "$@"; }
# SQ DB SQL: one statement on a registry (Python's sqlite3: the sqlite3 shell is not a dependency).
SQ() { /usr/bin/python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()' "$@"; }
PY=/usr/bin/python3

expect 0 "a certificate issued with a registry" issue "$INV" $(sign issuer) -o "$T/c.pcfb" --registry "$DB"
expect 0 "the revocation list" publish revocation "$T/rev.p7m"

# --valid-hours: 1 to 8784.
expect 0 "--valid-hours 8784 (a leap year) accepted" publish suspension "$T/h8784.p7m" --valid-hours 8784
expect 2 "--valid-hours 8785 refused" publish suspension "$T/h8785.p7m" --valid-hours 8785
expect_err "from 1 to 8784" "says the range"
expect 0 "--valid-hours 1 accepted" publish suspension "$T/h1.p7m" --valid-hours 1
expect 2 "--valid-hours 0 refused" publish suspension "$T/h0.p7m" --valid-hours 0

# A status list file: 16 MiB is read (and then is no CMS), 16 MiB + 1 byte is refused before parsing.
truncate -s 16M "$T/16m.p7m"
truncate -s $((16 * 1048576 + 1)) "$T/16m1.p7m"
expect 1 "a 16 MiB list file is read: status-list-malformed" "$PCF" verify $V --status "$T/16m.p7m" "$T/c.pcfb"
expect_out "status-list-malformed: status list .*16m.p7m: not one DER CMS SignedData" "... it was read and parsed"
expect 1 "a 16 MiB + 1 byte list file is refused" "$PCF" verify $V --status "$T/16m1.p7m" "$T/c.pcfb"
expect_err "16m1.p7m: .*(16777216|larger|limit)" "... by its size"
check "... and not parsed (no status-list-malformed)" sh -c "! grep -q status-list-malformed '$T/out'"

# 64 lists in one verify are read; the 65th is refused.
set --
i=0; while [ $i -lt 64 ]; do set -- "$@" --status "$T/rev.p7m"; i=$((i + 1)); done
expect 0 "64 status lists: valid" "$PCF" verify $V "$@" "$T/c.pcfb"
expect 1 "65 status lists: refused" "$PCF" verify $V "$@" --status "$T/rev.p7m" "$T/c.pcfb"
expect_err "more than 64 status lists" "says the limit"

# A list needs at least 131,072 entries (W3C): a re-signed list of 131,072 is accepted, of 131,064 not.
"$OPENSSL" cms -verify -noverify -inform DER -in "$T/rev.p7m" -out "$T/rev.json" 2>/dev/null
for n in 16384 16383; do
	"$PY" - "$T/rev.json" "$T/l$n.json" $n <<'PY'
import base64, gzip, json, sys
doc = json.load(open(sys.argv[1]))
raw = gzip.compress(bytes(int(sys.argv[3])), mtime=0)
doc["credentialSubject"]["encodedList"] = "u" + base64.urlsafe_b64encode(raw).decode().rstrip("=")
open(sys.argv[2], "w").write(json.dumps(doc))
PY
	"$OPENSSL" cms -sign -binary -nodetach -outform DER -in "$T/l$n.json" -signer "$PKI/status-signer.pem" \
		-inkey "$PKI/status-signer.key" -certfile "$PKI/chain.pem" -md sha256 -out "$T/l$n.p7m" 2>/dev/null
done
run "$PCF" verify $V --status "$T/l16384.p7m" "$T/c.pcfb" --json
jqt() { jq -e "$1" "$T/out" >/dev/null; }
check "a list of 131,072 entries: read, status pass" \
	jqt '.[0].verdict == "valid" and (.[0].checks[] | select(.check == "status") | .outcome) == "pass"'
expect 1 "a list of 131,064 entries: status-list-malformed" "$PCF" verify $V --status "$T/l16383.p7m" "$T/c.pcfb"
expect_out "fewer than 131072 entries" "says fewer than 131072"

# The registry's status indexes: 2^27 (134,217,728). The next index set to 2^27 - 1: that one is handed
# out; the one after is refused, the registry still publishes (a list of 2^27 entries, the 16 MiB the
# verifier decodes at most), and the bundle with the last index verifies against it.
SQ "$DB" "UPDATE meta SET value = '134217727' WHERE key = 'status-next-index'"
expect 0 "index 2^27 - 1: issued" issue "$INV" $(sign issuer) -o "$T/last.pcfb" --registry "$DB"
check "... its manifest says index 134217727" sh -c \
	"tar -xOf '$T/last.pcfb' manifest.json | jq -e '.\"status-list\".index == 134217727' >/dev/null"
expect 1 "index 2^27: refused, the list is full" issue "$INV" $(sign issuer) -o "$T/full.pcfb" --registry "$DB"
expect_err "status list is full \(134217728 entries\)" "says the list is full"
check "... nothing written" test ! -e "$T/full.pcfb"
expect 0 "the registry still publishes (2^27 entries)" "$PCF" status set \
	"$(tar -xOf "$T/last.pcfb" manifest.json | jq -r '."certificate-id"')" withdrawn --reason "limit test" --registry "$DB"
expect 0 "... a revocation list of 2^27 entries" publish revocation "$T/big.p7m"
expect 7 "the last index is read in the 16 MiB list: withdrawn" "$PCF" verify $V --status "$T/big.p7m" "$T/last.pcfb"
expect 0 "... and the first certificate is not" "$PCF" verify $V --status "$T/big.p7m" "$T/c.pcfb"

# The status list id: at most 200 bytes. A registry whose id is 200 bytes issues bundles with it; one of
# 201 bytes is refused when opened; a manifest naming a 201-byte id is refused by the verifier.
ID200="urn:example:$(printf '%0188d' 0)"
DB2=$T/reg2.db
expect 0 "a second registry" issue "$INV" $(sign issuer) -o "$T/r2a.pcfb" --registry "$DB2"
SQ "$DB2" "UPDATE meta SET value = '$ID200' WHERE key = 'status-list'"
expect 0 "a status list id of 200 bytes: issued" issue "$INV" $(sign issuer) -o "$T/id200.pcfb" --registry "$DB2"
check "... the manifest carries the 200-byte id" sh -c \
	"tar -xOf '$T/id200.pcfb' manifest.json | jq -e --arg id '$ID200' '.\"status-list\".id == \$id and (\$id | length) == 200' >/dev/null"
SQ "$DB2" "UPDATE meta SET value = '${ID200}0' WHERE key = 'status-list'"
expect 1 "a status list id of 201 bytes: the registry is refused" issue "$INV" $(sign issuer) -o "$T/id201.pcfb" \
	--registry "$DB2"
expect_err "status list id is longer than 200 bytes" "says the id is too long"
check "... nothing written" test ! -e "$T/id201.pcfb"
expect 0 "verify: a 200-byte id is read (no list for it: status not checked)" \
	"$PCF" verify $V --status "$T/rev.p7m" "$T/id200.pcfb"
"$PY" "$top_srcdir/tests/cli/verify-resign.py" "$PKI" "$T/id200.pcfb" "$T/id201.pcfb" manifest.json "$ID200" "${ID200}0"
expect 1 "verify: a manifest naming a 201-byte id is refused" "$PCF" verify $V --status "$T/rev.p7m" "$T/id201.pcfb"
expect_out "manifest-field: the manifest's status-list id is longer than 200 bytes" "says manifest-field"

done_testing
