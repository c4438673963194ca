#!/bin/sh
# status-show.sh - where the status from signed status lists shows besides pcf verify's verdict: the
# "status" check of 'pcf verify --json' (pass, skipped, fail, with what it saw), 'pcf extract --status'
# (a suspended or withdrawn certificate is not extracted, exit 6 or 7) and 'pcf certificate --status'
# (the page says in force, SUSPENDED or WITHDRAWN; read back with poppler's pdftotext and from the HTML).
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
publish() { p=$1 o=$2; shift 2; "$PCF" status publish --registry "$DB" --purpose "$p" $(sign status-signer) -o "$o" "$@"; }
expect 0 "suspend A" "$PCF" status set "$A" suspended --reason "surveillance audit overdue" --registry "$DB"
expect 0 "withdraw B" "$PCF" status set "$B" withdrawn --reason "inventory found false" --registry "$DB"
expect 0 "publish the revocation list" publish revocation "$T/rev.p7m"
expect 0 "publish the suspension list" publish suspension "$T/susp.p7m"
S="--status $T/rev.p7m --status $T/susp.p7m"
jqt() { jq -e "$1" "$T/out" >/dev/null; }
st() { echo '.[0].checks[] | select(.check == "status")'; }

# pcf inspect shows the entry.
expect 0 "inspect C" "$PCF" inspect "$T/b/c.pcfb"
expect_out "^status list: +urn:uuid:[0-9a-f-]+, index [0-9]+ \(check with pcf verify --status\)" "inspect: the status-list entry"
expect 0 "inspect a bundle without a registry" issue "$INV" $(sign issuer) -o "$T/noreg.pcfb"
expect 0 "... inspect it" "$PCF" inspect "$T/noreg.pcfb"
check "... no status list line" sh -c "! grep -q '^status list:' '$T/out'"

# pcf verify --json: the status check is the last of the checks.
run "$PCF" verify "$T/b/c.pcfb" $V $S --json
check "verify --json: 13 checks, the last is status" jqt '(.[0].checks | length) == 13 and .[0].checks[-1].check == "status"'
check "C: status pass, naming the list and the index" \
	jqt "$(st) | .outcome == \"pass\" and (.detail | test(\"^status checked: not suspended or withdrawn \\\\(status list urn:uuid:[0-9a-f-]+, index [0-9]+\\\\)$\"))"
run "$PCF" verify "$T/b/a.pcfb" $V $S --json
check "A: status fail, suspended" jqt "$(st) | .outcome == \"fail\" and (.detail | startswith(\"suspended: \"))"
check "A: the verdict is suspended" jqt '.[0].verdict == "suspended" and .[0].reason == "suspended"'
run "$PCF" verify "$T/b/b.pcfb" $V $S --json
check "B: status fail, withdrawn" jqt "$(st) | .outcome == \"fail\" and (.detail | startswith(\"withdrawn: \"))"
run "$PCF" verify "$T/b/c.pcfb" $V --json
check "no --status: status skipped, says so" \
	jqt "$(st) | .outcome == \"skipped\" and .detail == \"not checked: no status list given (--status)\""
expect 0 "a bundle without a registry" issue "$INV" $(sign issuer) -o "$T/plain.pcfb"
run "$PCF" verify "$T/plain.pcfb" $V $S --json
check "no status-list entry: skipped, says so" \
	jqt "$(st) | .outcome == \"skipped\" and (.detail | test(\"no status-list entry\"))"
run "$PCF" verify "$T/plain.pcfb" $V $S --require-status --json
check "--require-status, no entry: status fail (status-entry-missing)" \
	jqt "$(st) | .outcome == \"fail\" and (.detail | startswith(\"status-entry-missing: \"))"
run "$PCF" verify "$T/b/c.pcfb" $V --status "$T/rev.p7m" --json
check "only the revocation list: pass (no suspension list is not required)" jqt "$(st) | .outcome == \"pass\""
run "$PCF" verify "$T/b/c.pcfb" --trust "$PKI/root.pem" --no-recompute $S --json
check "an invalid verdict (no CRL): status not run" jqt "$(st) | .outcome == \"not-run\""

# pcf extract --status: suspended (6) and withdrawn (7) are not extracted; in force is.
expect 6 "extract A --status: suspended, exit 6" "$PCF" extract "$T/b/a.pcfb" "$T/xa" $V $S
expect_err "suspended" "extract A: says suspended"
check "extract A: nothing written" test ! -e "$T/xa/inventory.yaml"
expect 7 "extract B --status: withdrawn, exit 7" "$PCF" extract "$T/b/b.pcfb" "$T/xb" $V $S
check "extract B: nothing written" test ! -e "$T/xb/inventory.yaml"
expect 0 "extract C --status: in force, extracted" "$PCF" extract "$T/b/c.pcfb" "$T/xc" $V $S
check "extract C: the inventory is there" cmp -s "$T/xc/inventory.yaml" "$T/inv/c.yaml"
expect 1 "extract --require-status without a list: invalid (status-unavailable)" \
	"$PCF" extract "$T/b/c.pcfb" "$T/xr" $V --require-status
expect_err "status-unavailable" "says status-unavailable"
expect 2 "extract --unverified --status: usage error" "$PCF" extract "$T/b/c.pcfb" "$T/xu" --unverified $S
expect 0 "extract C without --status: as before" "$PCF" extract "$T/b/c.pcfb" "$T/xn" $V

# pcf certificate --status: the page shows the status (pdftotext, poppler).
if command -v pdftotext >/dev/null 2>&1; then
	expect 0 "certificate C --status: written, exit 0" "$PCF" certificate "$T/b/c.pcfb" -o "$T/c.pdf" $V $S
	pdftotext -layout "$T/c.pdf" "$T/c.txt"
	check "C's page: Status In force (the body's signed status list)" \
		sh -c "tr -s ' \n' '  ' <'$T/c.txt' | grep -q 'Status In force: not suspended or withdrawn'"
	check "C's page: no SUSPENDED or WITHDRAWN" sh -c "! grep -Eq 'SUSPENDED|WITHDRAWN' '$T/c.txt'"
	expect 6 "certificate A --status: written, exit 6" "$PCF" certificate "$T/b/a.pcfb" -o "$T/a.pdf" $V $S
	expect_err "has suspended this certificate; the document says SUSPENDED" "A: warns on stderr"
	pdftotext -layout "$T/a.pdf" "$T/a.txt"
	check "A's page: the note under the title" \
		sh -c "tr -s ' \n' '  ' <'$T/a.txt' | grep -q 'SUSPENDED: the certification body has suspended this certificate'"
	check "A's page: the status row" sh -c "tr -s ' \n' '  ' <'$T/a.txt' | grep -q 'Status SUSPENDED by the certification body'"
	# The watermark is rotated text that pdftotext does not extract: count its colour (red at 22 % on
	# white, about RGB 241 204 204) in the page rendered by poppler's pdftoppm at 30 dpi.
	pink() { pdftoppm -r 30 "$1" "$T/pink" && /usr/bin/python3 - "$T/pink-1.ppm" <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
magic, size, maxval, px = d.split(b"\n", 3)
print(sum(1 for i in range(0, len(px) - 2, 3)
          if abs(px[i] - 241) < 12 and abs(px[i + 1] - 204) < 14 and abs(px[i + 2] - 204) < 14))
PY
	}
	na=$(pink "$T/a.pdf") nc=$(pink "$T/c.pdf")
	check "A's page: the watermark across the page (over 1000 pixels of its colour; $na)" test "${na:-0}" -gt 1000
	check "C's page: no watermark (none of its colour; $nc)" test "${nc:-1}" -eq 0
	expect 7 "certificate B --status: written, exit 7" "$PCF" certificate "$T/b/b.pcfb" -o "$T/b.pdf" $V $S
	pdftotext -layout "$T/b.pdf" "$T/b.txt"
	check "B's page: WITHDRAWN note and row" sh -c "tr -s ' \n' '  ' <'$T/b.txt' |
		grep -q 'WITHDRAWN: the certification body has withdrawn this certificate for good' &&
		tr -s ' \n' '  ' <'$T/b.txt' | grep -q 'Status WITHDRAWN by the certification body'"
	expect 7 "certificate B --status --lang zh" "$PCF" certificate "$T/b/b.pcfb" -o "$T/bzh.pdf" --lang zh $V $S
	pdftotext "$T/bzh.pdf" "$T/bzh.txt"
	check "B's Chinese page: 已撤销 (withdrawn)" grep -q '已撤销' "$T/bzh.txt"
	expect 0 "certificate C without --status" "$PCF" certificate "$T/b/c.pcfb" -o "$T/cn.pdf" $V
	pdftotext -layout "$T/cn.pdf" "$T/cn.txt"
	check "without --status the page shows no status row" sh -c "! grep -q 'In force' '$T/cn.txt'"
	check "the same bundle, options and lists give the same bytes" sh -c \
		"'$PCF' certificate '$T/b/a.pcfb' -o '$T/a2.pdf' $V $S 2>/dev/null; cmp -s '$T/a.pdf' '$T/a2.pdf'"
else
	skip_test "pdftotext (poppler-utils) is not installed"
fi
expect 6 "certificate A --status, HTML" "$PCF" certificate "$T/b/a.pcfb" -o "$T/a.html" $V $S
check "A's HTML: the status note" grep -q '<p class="warn" id="status-note">SUSPENDED: the certification body' "$T/a.html"
expect 1 "certificate --require-status without a list: nothing made" "$PCF" certificate "$T/b/c.pcfb" -o "$T/r.pdf" $V \
	--require-status
check "... no file" test ! -e "$T/r.pdf"
expect 2 "certificate --unverified --status: usage error" "$PCF" certificate "$T/b/c.pcfb" -o "$T/u.pdf" --unverified $S

done_testing
