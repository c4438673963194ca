#!/bin/sh
# travel.sh - inputs that travel and confidential inventories (issue 14): a bundle carries the exact
# library factors its result used (factors.json, format 1.2) and is recomputed with them alone, so a
# verifier with another default library, or none, recomputes the same bytes; bundles of 1.0 verify as
# before; pcf redact withholds the inventory, factors or evidence and the copy still verifies, with
# recomputation "inventory-withheld"; the section 9 script of docs/bundle-format.md agrees.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"
INV=$BDATA/steel.yaml
V="--trust $PKI/root.pem --crl $PKI/crl/trusted.crl.pem --at 2027-01-01T00:00:00Z"
ISSUE="$(sign issuer) --issued-at 2026-11-29T16:00:00Z"
CRLS="$PKI/crl/root.crl.pem $PKI/crl/ca.crl.pem"
jqt() { jq -e "$@" >/dev/null; }
sed -n '/^<!-- verify-pcfb.sh begin -->$/,/^<!-- verify-pcfb.sh end -->$/p' "$top_srcdir/docs/bundle-format.md" |
	sed '1,2d;$d' | sed '$d' >"$T/verify-pcfb.sh"
stock() { sh "$T/verify-pcfb.sh" "$@"; }

# --- the factors travel ---------------------------------------------------------------------------------
printf 'test report, 2026-11\n' >"$T/report.txt"
expect 0 "issue a bundle (steel.yaml uses the default factor cn-grid-2022)" issue "$INV" $ISSUE \
	--attach "$T/report.txt" -o "$T/b.pcfb"
manifest "$T/b.pcfb" >"$T/m.json"
check "format 1.2, factors.json listed like every file" jqt \
	'."format-version" == "1.2" and ([.files[].path] | index("factors.json")) != null' "$T/m.json"
tar -xOf "$T/b.pcfb" factors.json >"$T/factors.json"
# The record is the default library's (data/factors/electricity.yaml), value 0.5366 kg CO2/kWh.
check "factors.json holds exactly the default library's record of cn-grid-2022" jqt \
	'.library == "bundle-factors" and (.factors | length) == 1 and .factors[0].id == "cn-grid-2022" and
	 .factors[0].value == 0.5366 and .factors[0].gas == "co2-fossil" and .factors[0].unit == "kWh" and
	 .factors[0].library == "pcfkit-default/electricity" and (.factors[0].licence | startswith("public domain"))' \
	"$T/factors.json"
mkdir -p "$T/data/factors" "$T/empty" "$T/nolib/factors"
expect 0 "pcf compute with that file alone (an empty default library, --factors) gives the bundle's result" \
	env PCF_DATA_DIR="$T/nolib" "$PCF" compute --method example --factors "$T/factors.json" "$INV" --json
check "byte for byte" sh -c "tar -xOf '$T/b.pcfb' result.json | cmp -s - '$T/out'"
expect 0 "pcf extract writes factors.json" "$PCF" extract $V "$T/b.pcfb" "$T/x"
check "the extracted factors.json is the bundle's" cmp -s "$T/x/factors.json" "$T/factors.json"

expect 0 "verify: identical, with the bundle's factors" "$PCF" verify --json $V "$T/b.pcfb"
check "JSON: identical, the recompute check names the bundle's factors, no factor note" jqt \
	'.[0].recompute == "identical" and .[0]."factor-note" == null and .[0].withheld == [] and
	 ([.[0].checks[] | select(.check == "recompute")][0].detail | contains("and the bundle'"'"'s factors"))' "$T/out"

# Another pcfkit version: its default library has another value for cn-grid-2022 (0.6).
mkdir -p "$T/data/factors" "$T/empty"
cp "$top_srcdir"/data/factors/*.yaml "$T/data/factors/"
sed -i 's/value: 0\.5366/value: 0.6/' "$T/data/factors/electricity.yaml"
check "the modified library really differs" grep -q 'value: 0.6$' "$T/data/factors/electricity.yaml"
expect 0 "a changed default factor here: still valid and identical" env PCF_DATA_DIR="$T/data" "$PCF" verify $V "$T/b.pcfb"
expect_out "b.pcfb: valid \(.*result recomputed and identical; note: factor 'cn-grid-2022' of pcfkit-default/electricity is 0.5366 kg co2-fossil/kWh in the bundle, 0.6 kg co2-fossil/kWh here \(the bundle's factor was used\)\)" \
	"the note says which factor differs, both values, and that the bundle's was used"
expect 0 "the same, --json" env PCF_DATA_DIR="$T/data" "$PCF" verify --json $V "$T/b.pcfb"
check "JSON: identical, factor-note names the factor" jqt \
	'.[0].verdict == "valid" and .[0].recompute == "identical" and (.[0]."factor-note" | contains("cn-grid-2022"))' "$T/out"
expect 0 "no default library at all here: still valid and identical" env PCF_DATA_DIR="$T/empty" "$PCF" verify --json $V "$T/b.pcfb"
check "JSON: identical, nothing to compare" jqt '.[0].recompute == "identical" and .[0]."factor-note" == null' "$T/out"
expect 0 "... also with two worker processes (-j 2)" env PCF_DATA_DIR="$T/empty" "$PCF" verify -j 2 --json $V "$T/b.pcfb" "$T/b.pcfb"
check "JSON: both identical" jqt 'all(.[]; .recompute == "identical")' "$T/out"

# A body's own library travels too: a verifier without it recomputes identically.
cat >"$T/body.yaml" <<'YAML'
format-version: 1
library: acme-body/own
factors:
  - id: acme-green-power
    name: Electricity from the supplier's own plant
    value: 0.05
    gas: co2-fossil
    unit: kWh
    region: DE
    year: 2024
    source: supplier EPD
    licence: proprietary
YAML
sed 's/factor: cn-grid-2022/factor: acme-green-power/' "$INV" >"$T/own.yaml"
expect 0 "issue with --factors (a factor only the body has)" issue "$T/own.yaml" $ISSUE --factors "$T/body.yaml" -o "$T/own.pcfb"
expect 0 "verified without the body's library, without any library" env PCF_DATA_DIR="$T/empty" "$PCF" verify --json $V "$T/own.pcfb"
check "JSON: identical" jqt '.[0].recompute == "identical"' "$T/out"

# Tampering with factors.json: the digest; changed and re-signed by a key holder: recomputation.
cp "$T/b.pcfb" "$T/t.pcfb"
off=$(grep -abo '"value": 0.5366' "$T/t.pcfb" | head -n 1 | cut -d: -f1)
printf '"value": 0.6001' | dd of="$T/t.pcfb" bs=1 seek="$off" conv=notrunc 2>/dev/null
expect 1 "a tampered factors.json: invalid" "$PCF" verify $V "$T/t.pcfb"
expect_out "t.pcfb: invalid: entry-digest-mismatch: 'factors.json' has SHA-256" "entry-digest-mismatch names factors.json"
/usr/bin/python3 "$top_srcdir/tests/cli/verify-resign.py" "$PKI" "$T/b.pcfb" "$T/rs.pcfb" factors.json '"value": 0.5366' '"value": 0.6'
expect 4 "factors.json changed and re-signed: the result no longer recomputes (the embedded factors are used)" \
	"$PCF" verify $V "$T/rs.pcfb"
expect_out "rs.pcfb: recompute-mismatch: recomputed with example 1.0.0, the result differs" "a recompute-mismatch"
/usr/bin/python3 "$top_srcdir/tests/cli/verify-resign.py" "$PKI" "$T/b.pcfb" "$T/nl.pcfb" factors.json '"library": "bundle-factors"' '"librar": "x"'
expect 4 "a re-signed factors.json that is not a factor library: recompute-failed" "$PCF" verify $V "$T/nl.pcfb"
expect_out "nl.pcfb: recompute-mismatch: recompute-failed: the bundled factors.json is not a factor library: factors.json:" \
	"the failure names factors.json"

# A bundle of format 1.0 (as pcfkit wrote before factors.json): verified as before, byte for byte.
/usr/bin/python3 "$top_srcdir/tests/cli/verify-old-format.py" "$PKI" "$T/b.pcfb" "$T/old.pcfb"
check "the old bundle says 1.0 and has no factors.json" sh -c \
	"tar -xOf '$T/old.pcfb' manifest.json | jq -e '.\"format-version\" == \"1.0\"' >/dev/null && ! tar -tf '$T/old.pcfb' | grep -q factors"
expect 0 "an old bundle: valid, recomputed with the installed default library" "$PCF" verify $V "$T/old.pcfb"
expect_out 'old.pcfb: valid \(certificate [0-9a-f-]{36}; revocation checked; result recomputed and identical\)$' \
	"the verdict line is the one of before"
expect 0 "an old bundle without a default library: valid, not recomputable (as before)" env PCF_DATA_DIR="$T/empty" \
	"$PCF" verify --json $V "$T/old.pcfb"
check "JSON: not-recomputable, the library named" jqt \
	'.[0].recompute == "not-recomputable" and (.[0].note | contains("default emission factor library"))' "$T/out"
expect 4 "an old bundle under a changed default factor: a mismatch, as before" env PCF_DATA_DIR="$T/data" \
	"$PCF" verify $V "$T/old.pcfb"
expect 0 "stock tools verify the 1.2 bundle" stock "$T/b.pcfb" "$PKI/root.pem" $CRLS
expect_out '^VALID: ' "VALID"

# --- pcf redact -------------------------------------------------------------------------------------------
expect 0 "--help" "$PCF" redact --help
expect_out '^usage: pcf redact BUNDLE --withhold' "--help shows the usage"
expect 2 "no --withhold: usage error" "$PCF" redact "$T/b.pcfb" -o "$T/r.pcfb"
expect 2 "no -o: usage error" "$PCF" redact "$T/b.pcfb" --withhold inventory.yaml
expect 2 "an empty --withhold: usage error" "$PCF" redact "$T/b.pcfb" --withhold , -o "$T/r.pcfb"
expect 0 "redact the inventory and the evidence" "$PCF" redact "$T/b.pcfb" --withhold inventory.yaml \
	--withhold evidence/report.txt -o "$T/r.pcfb"
check "the withheld entries are absent, the others there" sh -c \
	"[ \"\$(tar -tf '$T/r.pcfb' | tr '\n' ' ')\" = 'factors.json manifest.json manifest.p7s result.json ' ]"
check "the manifest and the signature are unchanged, byte for byte" sh -c \
	"for e in manifest.json manifest.p7s result.json factors.json; do tar -xOf '$T/b.pcfb' \$e >'$T/e1'; tar -xOf '$T/r.pcfb' \$e | cmp -s - '$T/e1' || exit 1; done"
check "the bundle is otherwise the original's blocks (headers included)" /usr/bin/python3 -c '
import sys
def blocks(p):
    d, out, i = open(p, "rb").read(), {}, 0
    while d[i:i + 512] != bytes(512):
        size = int(d[i + 124:i + 135], 8)
        n = 512 + (size + 511) // 512 * 512
        out[d[i:i + 100].rstrip(b"\0")] = d[i:i + n]
        i += n
    return out
a, b = blocks(sys.argv[1]), blocks(sys.argv[2])
sys.exit(not (set(b) == set(a) - {b"inventory.yaml", b"evidence/report.txt"} and all(a[k] == b[k] for k in b)))' \
	"$T/b.pcfb" "$T/r.pcfb"
expect 0 "a redacted bundle verifies (exit 0)" "$PCF" verify $V "$T/r.pcfb"
expect_out "r.pcfb: valid \(certificate [0-9a-f-]{36}; revocation checked; recomputation not possible: inventory withheld by the supplier; withheld: evidence/report.txt, inventory.yaml\)" \
	"the verdict says recomputation is not possible and lists what was withheld"
expect 0 "--json" "$PCF" verify --json $V "$T/r.pcfb"
check "JSON: valid, recompute inventory-withheld, the withheld entries, the check skipped" jqt \
	'.[0].verdict == "valid" and .[0].reason == null and .[0].recompute == "inventory-withheld" and .[0].recomputed == false and
	 .[0].withheld == ["evidence/report.txt", "inventory.yaml"] and
	 ([.[0].checks[] | select(.check == "recompute")][0].outcome == "skipped") and
	 ([.[0].checks[] | select(.check == "entries")][0].detail | contains("2 withheld"))' "$T/out"
expect 0 "redact factors.json only" "$PCF" redact "$T/b.pcfb" --withhold factors.json -o "$T/rf.pcfb"
expect 0 "verify: valid, recomputation not possible" "$PCF" verify --json $V "$T/rf.pcfb"
check "JSON: inventory-withheld, the note names factors.json" jqt \
	'.[0].recompute == "inventory-withheld" and .[0].withheld == ["factors.json"] and (.[0].note | contains("factors.json"))' "$T/out"
expect 0 "evidence only: the result is still recomputed" "$PCF" redact "$T/b.pcfb" --withhold evidence/report.txt -o - 
cp "$T/out" "$T/re.pcfb"
expect 0 "(-o - wrote the bundle on standard output) it verifies" "$PCF" verify --json $V "$T/re.pcfb"
check "JSON: identical, evidence withheld" jqt '.[0].recompute == "identical" and .[0].withheld == ["evidence/report.txt"]' "$T/out"
expect 0 "redacting a redacted bundle further" "$PCF" redact "$T/r.pcfb" --withhold factors.json -o "$T/rr.pcfb"
expect 0 "verifies, three withheld" "$PCF" verify --json $V "$T/rr.pcfb"
check "JSON: three withheld" jqt '.[0].withheld == ["evidence/report.txt", "factors.json", "inventory.yaml"]' "$T/out"
expect 5 "an existing output is refused" "$PCF" redact "$T/b.pcfb" --withhold inventory.yaml -o "$T/r.pcfb"
expect_err "exists" "the message says it exists"
expect 0 "--force overwrites it" "$PCF" redact "$T/b.pcfb" --withhold inventory.yaml -o "$T/r.pcfb" --force
expect 0 "and the result verifies" "$PCF" verify $V "$T/r.pcfb"
expect 0 "redact an old (1.0) bundle" "$PCF" redact "$T/old.pcfb" --withhold inventory.yaml -o "$T/rold.pcfb"
expect 0 "verifies, inventory withheld" "$PCF" verify --json $V "$T/rold.pcfb"
check "JSON: inventory-withheld" jqt '.[0].recompute == "inventory-withheld" and .[0].withheld == ["inventory.yaml"]' "$T/out"

# what may not be withheld
for e in result.json manifest.json manifest.p7s export/example-summary.json; do
	expect 1 "withholding $e is refused" "$PCF" redact "$T/b.pcfb" --withhold "inventory.yaml,$e" -o "$T/no.pcfb"
	expect_err "'$e' cannot be withheld: only inventory.yaml, factors.json and evidence/NAME may be" "the message says what may be"
done
check "nothing was written" test ! -e "$T/no.pcfb"
expect 1 "an entry the bundle does not have is refused" "$PCF" redact "$T/b.pcfb" --withhold evidence/other.txt -o "$T/no.pcfb"
expect_err "'evidence/other.txt' is not an entry of the bundle" "the message names it"
expect 1 "a tampered bundle is not redacted" "$PCF" redact "$T/t.pcfb" --withhold inventory.yaml -o "$T/no.pcfb"
expect_err "not redacted: the bundle is not well-formed: entry-digest-mismatch" "the message says why"
truncate -s 268435457 "$T/huge.pcfb"
expect 1 "a bundle file over 256 MiB is refused before reading" "$PCF" redact "$T/huge.pcfb" --withhold inventory.yaml -o "$T/no.pcfb"
check "nothing was written" test ! -e "$T/no.pcfb"
rm -f "$T/huge.pcfb"

# a redacted bundle tampered with
/usr/bin/python3 - "$T/r.pcfb" "$T" "$INV" <<'PY'
import io, sys, tarfile
src, t, inv = sys.argv[1:4]
with tarfile.open(src) as tf:
    ms = tf.getmembers()
    data = {m.name: tf.extractfile(m).read() for m in ms}
    mtime = ms[0].mtime
def write(dst, d):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tf:
        for n in sorted(d):
            ti = tarfile.TarInfo(n)
            ti.size, ti.mode, ti.uid, ti.gid, ti.uname, ti.gname, ti.mtime = len(d[n]), 0o644, 0, 0, "", "", mtime
            tf.addfile(ti, io.BytesIO(d[n]))
        end = tf.offset
    open(dst, "wb").write(buf.getvalue()[:end + 1024])
# the signed inventory with one byte changed (same size: only the digest tells)
changed = open(inv, "rb").read().replace(b"Steel beam", b"Steal beam", 1)
write(t + "/readded.pcfb", dict(data, **{"inventory.yaml": changed}))
write(t + "/extra.pcfb", dict(data, **{"evidence/added.txt": b"not listed\n"}))
d = dict(data)
del d["result.json"]
write(t + "/nores.pcfb", d)
# the withholding hidden: inventory.yaml taken out of the manifest's list (not signed again)
import json
m = json.loads(data["manifest.json"])
m["files"] = [f for f in m["files"] if f["path"] != "inventory.yaml"]
write(t + "/hidden.pcfb", dict(data, **{"manifest.json": (json.dumps(m, indent=2) + "\n").encode()}))
PY
expect 1 "T33 the withheld inventory put back, changed: invalid" "$PCF" verify $V "$T/readded.pcfb"
expect_out "readded.pcfb: invalid: entry-digest-mismatch: 'inventory.yaml' has SHA-256" "entry-digest-mismatch"
expect 1 "a redacted bundle with an extra entry: invalid" "$PCF" verify $V "$T/extra.pcfb"
expect_out "extra.pcfb: invalid: entry-unlisted: entry 'evidence/added.txt' is in the archive but not in the manifest" \
	"entry-unlisted"
expect 1 "T33 the withholding hidden by editing the manifest: invalid" "$PCF" verify $V "$T/hidden.pcfb"
expect_out "hidden.pcfb: invalid: (manifest-field|signature-invalid): " "the manifest no longer verifies"
expect 1 "result.json missing: invalid (it may not be withheld)" "$PCF" verify $V "$T/nores.pcfb"
expect_out "nores.pcfb: invalid: entry-missing: 'result.json' is listed in the manifest but not in the archive" "entry-missing"

# inspect and extract of a redacted bundle
expect 0 "inspect a redacted bundle" "$PCF" inspect "$T/rr.pcfb"
expect_out '^  inventory.yaml +[0-9]+  [0-9a-f]{64}  \(withheld by the supplier\)$' "inspect marks the withheld inventory"
expect 0 "inspect the 1.2 bundle" "$PCF" inspect "$T/b.pcfb"
expect_out '^  cn-grid-2022 +0.5366 kg co2-fossil/kWh  \(pcfkit-default/electricity\)$' "inspect shows the embedded factor"
expect 0 "inspect --json" "$PCF" inspect --json "$T/r.pcfb"
check "JSON: withheld and factors" jqt '.withheld == ["inventory.yaml"] and .factors[0].id == "cn-grid-2022"' "$T/out"
expect 0 "extract a redacted bundle" "$PCF" extract $V "$T/r.pcfb" "$T/xr"
check "the present files are written, the withheld one is not" sh -c \
	"[ -f '$T/xr/result.json' ] && [ -f '$T/xr/factors.json' ] && [ -f '$T/xr/evidence/report.txt' ] && [ ! -e '$T/xr/inventory.yaml' ]"

# the section 9 script (stock openssl, tar, sha256sum, jq) on redacted bundles
expect 0 "stock tools verify a redacted bundle" stock "$T/rr.pcfb" "$PKI/root.pem" $CRLS
expect_out '^VALID: [0-9a-f-]{36} ' "VALID"
expect_out '^withheld by the supplier: inventory.yaml$' "and name what was withheld"
expect 1 "stock tools: the withheld inventory put back, changed" stock "$T/readded.pcfb" "$PKI/root.pem" $CRLS
expect_err "INVALID: a file differs from the manifest" "a digest"
expect 1 "stock tools: an extra entry" stock "$T/extra.pcfb" "$PKI/root.pem" $CRLS
expect_err "INVALID: an entry the manifest does not list" "the extra entry"
expect 1 "stock tools: result.json missing" stock "$T/nores.pcfb" "$PKI/root.pem" $CRLS
expect_err "INVALID: a listed entry is missing: result.json" "result.json may not be withheld"
done_testing
