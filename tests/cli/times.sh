#!/bin/sh
# times.sh - the one time grammar (docs/pcf.1, TIMES; core/lib/base/timefmt.c) as both options that take
# a time see it: 'pcf issue --issued-at' and 'pcf verify --at' accept every form, give the same instant
# for each, and refuse the same bad times with exit status 2.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"
INV=$BDATA/steel.yaml
ID=9f1c2e4a-0b7d-4c1e-8a2f-3d5e6f708192
XDG_CONFIG_HOME=$T/xdg-none; export XDG_CONFIG_HOME

# 2026-11-29T16:00:00Z is 1795968000 seconds after the epoch.
FORMS="2026-11-29T16:00:00Z 2026-11-29T16:00:00+00:00 @1795968000 1795968000"
i=0
for f in $FORMS; do
	i=$((i + 1))
	expect 0 "pcf issue --issued-at $f" issue "$INV" $(sign issuer) --issued-at "$f" --id $ID -o "$T/b$i.pcfb"
	manifest "$T/b$i.pcfb" > "$T/m$i.json" 2>/dev/null
	check "--issued-at $f is written as 2026-11-29T16:00:00Z" \
		jq -e '."issued-at" == "2026-11-29T16:00:00Z"' "$T/m$i.json"
done
check "every form gives the same manifest" sh -c "cmp -s '$T/m1.json' '$T/m2.json' && cmp -s '$T/m1.json' '$T/m3.json' &&
	cmp -s '$T/m1.json' '$T/m4.json'"

# A verification time inside the validity (2027-01-01T00:00:00Z = 1798761600) in every form, and one
# after it (2099-01-01T00:00:00Z = 4070908800), where every form must agree that the bundle has expired.
V="$PCF verify --trust $PKI/root.pem --no-revocation-check --no-recompute"
for f in 2027-01-01T00:00:00Z 2027-01-01T00:00:00+00:00 @1798761600 1798761600; do
	expect 0 "pcf verify --at $f: valid" $V --at "$f" "$T/b1.pcfb"
done
for f in 2099-01-01T00:00:00Z 2099-01-01T00:00:00+00:00 @4070908800 4070908800; do
	expect 3 "pcf verify --at $f: expired (exit 3)" $V --at "$f" "$T/b1.pcfb"
done
expect 3 "pcf verify --at @-5 (before the epoch): not yet valid (exit 3)" $V --at @-5 "$T/b1.pcfb"

# The same refusals from both options.
for f in yesterday 2026-02-30T00:00:00Z 2026-11-29T24:00:00Z 2026-11-29T16:00:00+01:00 "2026-11-29 16:00:00" \
	2026-11-29T16:00:00 2026-11-29T16:00:00.5Z @ @12x 12x -5 @99999999999999999999 10000-01-01T00:00:00Z; do
	expect 2 "pcf issue --issued-at '$f' is refused" issue "$INV" $(sign issuer) --issued-at "$f" -o "$T/x.pcfb"
	check "no bundle is left for '$f'" test ! -e "$T/x.pcfb"
	expect 2 "pcf verify --at '$f' is refused" $V --at "$f" "$T/b1.pcfb"
	expect_err "expected YYYY-MM-DDTHH:MM:SSZ" "pcf verify says what a time looks like for '$f'"
done

# The help of both options names every form of the grammar (not only the older ones).
for c in issue verify; do
	"$PCF" $c --help > "$T/help-$c" 2>&1
	for form in YYYY-MM-DDTHH:MM:SSZ YYYY-MM-DDTHH:MM:SS+00:00 @SECONDS "or SECONDS"; do
		check "pcf $c --help names the time form $form" grep -qF -- "$form" "$T/help-$c"
	done
done
done_testing
