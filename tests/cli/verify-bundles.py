#!/usr/bin/python3
"""verify-bundles.py - build good and bad certificate bundles for the verifier's tests.

usage: verify-bundles.py PKI OUTDIR [NAME...]

Writes OUTDIR/NAME.pcfb for every case and OUTDIR/cases.tsv with one line per case:
    NAME <TAB> EXIT <TAB> REASON <TAB> THREAT <TAB> EXTRA-ARGS
EXIT is the expected exit status of `pcf verify`, REASON the expected reason name ("valid" for a
good bundle), THREAT the row of threats.md the case covers, EXTRA-ARGS extra options for pcf verify
(with @PKI@ standing for the PKI folder). With PCF_ISSUED_BUNDLE naming a bundle made by
`pcf issue`, the main attacks are also applied to it (cases issued-*). The good bundles follow CONTRACT-BUNDLE.md /
docs/bundle-format.md exactly: ustar, sorted entries, mode 0644, uid/gid 0, mtime = issued-at,
detached CMS (openssl cms -sign -binary) over the exact manifest bytes. Only the standard library
and the openssl command are used.
"""
import calendar
import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import time
import zipfile

PKI, OUT = sys.argv[1], sys.argv[2]
ONLY = set(sys.argv[3:])  # build only these cases (all when empty)
OPENSSL = os.environ.get("OPENSSL", "openssl")
os.makedirs(OUT, exist_ok=True)
CASES = []
ISSUED = "2026-01-01T00:00:00Z"
ISSUED_EPOCH = calendar.timegm((2026, 1, 1, 0, 0, 0))
UNTIL = "2034-12-31T00:00:00Z"
METHOD = {"id": "pcfkit-test-absent", "version": "1.0.0"}  # never installed: recompute reports "not recomputed"

INVENTORY = b"""# a small inventory (its content does not matter to the signature checks)
kind: pcfkit-inventory
format-version: "1.0"
product:
  id: urn:gtin:04012345678901
  name: Steel beam S235
  declared-unit: {amount: 1, unit: t}
processes: []
"""


def result_for(inventory, product_name="Steel beam S235", **footprint):
    """A result.json whose figures are the ones manifest_for shows, computed from inventory."""
    return (json.dumps({
        "kind": "pcfkit-result", "format-version": "1.0",
        "methodology": dict(METHOD, standard="test", parameters={}),
        "inventory": {"sha256": hashlib.sha256(inventory).hexdigest()},
        "product": {"id": "urn:gtin:04012345678901", "name": product_name,
                    "declared-unit": {"amount": 1, "unit": "t"}},
        "footprint": {"total": 812.5, "unit": "kg CO2e", "gwp-set": "AR6", "boundary": "cradle-to-gate",
                      "fossil": 800.25, "biogenic-emissions": 0, "biogenic-removals": 0, "dluc": 12.25,
                      "aircraft": 0, **footprint},
    }, indent=2) + "\n").encode()


RESULT = result_for(INVENTORY)


def pki(name):
    """A file of the demo PKI, or of the extra one made here (names starting with extra/)."""
    return os.path.join(OUT, name) if name.startswith("extra/") else os.path.join(PKI, name)


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from verify_cms import (OID, attr, cert_der, cms as cms_build, configure, der_read, integer, oid, seq,  # noqa: E402
                        tlv, utctime)
configure(pki, OPENSSL, OUT)


def cms(data, signer="issuer", chain=("chain",), signing_time=ISSUED_EPOCH, **kw):
    return cms_build(data, signing_time, signer=signer, chain=chain, **kw)


EXTRA = os.path.join(OUT, "extra")
os.makedirs(EXTRA, exist_ok=True)


def run_openssl(*args):
    subprocess.run([OPENSSL] + list(args), check=True, capture_output=True)


LEAF_EXT = ("basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n"
            "extendedKeyUsage=1.3.6.1.5.5.7.3.36\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n")


def extra_cert(name, ca, subj, serial):
    """A new signer certificate extra/NAME.pem (P-256 key extra/NAME.key) issued by CA of the demo PKI."""
    key, pem, csr, ext = (os.path.join(EXTRA, name + x) for x in (".key", ".pem", ".csr", ".ext"))
    with open(ext, "w") as f:
        f.write(LEAF_EXT)
    run_openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key)
    run_openssl("req", "-new", "-key", key, "-subj", subj, "-out", csr)
    run_openssl("x509", "-req", "-in", csr, "-CA", pki(ca + ".pem"), "-CAkey", pki(ca + ".key"), "-set_serial",
                str(serial), "-days", "3650", "-sha256", "-extfile", ext, "-out", pem)


def extra_crl(name, ca, crl_ext):
    """extra/NAME.crl.pem: a CRL of CA (demo PKI) listing nothing, newer than the demo CRLs, with the
    CRL extensions crl_ext (openssl config lines)."""
    d = os.path.join(EXTRA, "." + name)
    os.makedirs(d, exist_ok=True)
    open(os.path.join(d, "index.txt"), "w").close()
    with open(os.path.join(d, "crlnumber"), "w") as f:
        f.write("2000\n")
    cfg = os.path.join(d, "ca.cnf")
    with open(cfg, "w") as f:
        f.write("[ca]\ndefault_ca = d\n[d]\ndatabase = %s/index.txt\ncrlnumber = %s/crlnumber\n"
                "default_md = sha256\n[crl_ext]\n%s\n" % (d, d, crl_ext))
    run_openssl("ca", "-gencrl", "-config", cfg, "-cert", pki(ca + ".pem"), "-keyfile", pki(ca + ".key"),
                "-crl_lastupdate", "20260601000000Z", "-crl_nextupdate", "20391231000000Z", "-crlexts", "crl_ext",
                "-out", os.path.join(EXTRA, name + ".crl.pem"))


SUBJECTS = {}


def subject(cert):
    if cert in SUBJECTS:
        return SUBJECTS[cert]
    out = subprocess.run([OPENSSL, "x509", "-in", pki(cert + ".pem"), "-noout", "-subject", "-nameopt",
                          "sep_multiline,utf8,sname"], check=True, capture_output=True, text=True).stdout
    cn = org = None
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("CN="):
            cn = line[3:]
        elif line.startswith("O="):
            org = line[2:]
    SUBJECTS[cert] = (cn, org)
    return cn, org


def manifest_for(files, signer, cid="9f1c2e4a-0b7d-4c1e-8a2f-3d5e6f708192", supersedes=None,
                 valid_from=ISSUED, valid_until=UNTIL, issued=ISSUED):
    cn, org = subject(signer)
    return {
        "kind": "pcfkit-certificate",
        "format-version": "1.0",
        "certificate-id": cid,
        "issued-at": issued,
        "valid-from": valid_from,
        "valid-until": valid_until,
        "supersedes": supersedes,
        "issuer": {"name": cn, "organization": org},
        "product": {"id": "urn:gtin:04012345678901", "name": "Steel beam S235",
                    "declared-unit": {"amount": 1, "unit": "t"}},
        "methodology": dict(METHOD),
        "footprint": {"total": 812.5, "unit": "kg CO2e", "gwp-set": "AR6", "fossil": 800.25,
                      "biogenic-emissions": 0, "biogenic-removals": 0, "dluc": 12.25, "aircraft": 0},
        "files": [{"path": p, "size": len(d), "sha256": hashlib.sha256(d).hexdigest()}
                  for p, d in sorted(files.items())],
    }


def dump(m):
    return (json.dumps(m, indent=2, ensure_ascii=False) + "\n").encode()


def sign(data, signer="issuer", chain=("chain",), args=(), extra_signers=()):
    mf = os.path.join(OUT, ".manifest.tmp")
    with open(mf, "wb") as f:
        f.write(data)
    cmd = [OPENSSL, "cms", "-sign", "-binary", "-outform", "DER", "-in", mf,
           "-signer", pki(signer + ".pem"), "-inkey", pki(signer + ".key")]
    for s in extra_signers:
        cmd += ["-signer", pki(s + ".pem"), "-inkey", pki(s + ".key")]
    if chain:
        cf = os.path.join(OUT, ".chain.tmp")
        with open(cf, "wb") as f:
            for c in chain:
                with open(pki(c + ".pem"), "rb") as g:
                    f.write(g.read())
        cmd += ["-certfile", cf]
    cmd += list(args)
    return subprocess.run(cmd, check=True, capture_output=True).stdout


def tarinfo(name, size, kind=tarfile.REGTYPE, mtime=ISSUED_EPOCH):
    ti = tarfile.TarInfo(name)
    ti.size = size
    ti.mode = 0o644
    ti.uid = ti.gid = 0
    ti.uname = ti.gname = ""
    ti.mtime = mtime
    ti.type = kind
    return ti


def write_tar(entries, fmt=tarfile.USTAR_FORMAT, strip_padding=True):
    """entries: list of (TarInfo, bytes or None). Ends with exactly two zero blocks unless strip_padding is False."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as tf:
        for ti, data in entries:
            tf.addfile(ti, io.BytesIO(data) if data is not None else None)
        end = tf.offset
    raw = buf.getvalue()
    return raw[:end + 1024] if strip_padding else raw


def bundle(name, exit_code, reason, threat, files=None, edit_manifest=None, manifest_bytes=None, signer="issuer",
           chain=("chain",), cms_args=(), extra_signers=(), sig=None, edit_entries=None, fmt=tarfile.USTAR_FORMAT,
           post=None, args="", strip_padding=True, mkw=None, cmsw=None):
    if ONLY and name not in ONLY:
        return b""
    files = dict(files if files is not None else {"inventory.yaml": INVENTORY, "result.json": RESULT})
    m = manifest_for(files, signer, **(mkw or {}))
    if edit_manifest:
        edit_manifest(m)
    mbytes = manifest_bytes(m) if manifest_bytes else dump(m)
    if sig is not None:
        p7s = sig(mbytes, m) if callable(sig) else sig
    elif cms_args or extra_signers:
        p7s = sign(mbytes, signer, chain, cms_args, extra_signers)  # openssl cms -sign (its own profile)
    else:
        kw = {"signing_time": calendar.timegm(time.strptime(m["issued-at"], "%Y-%m-%dT%H:%M:%SZ"))}
        kw.update(cmsw or {})
        p7s = cms(mbytes, signer, chain, **kw)
    ents = sorted(list(files.items()) + [("manifest.json", mbytes), ("manifest.p7s", p7s)])
    ents = [(tarinfo(n, len(d)), d) for n, d in ents]
    if edit_entries:
        ents = edit_entries(ents)
    raw = write_tar(ents, fmt, strip_padding)
    if post:
        raw = post(raw)
    with open(os.path.join(OUT, name + ".pcfb"), "wb") as f:
        f.write(raw)
    CASES.append((name, exit_code, reason, threat, args))
    return raw


def replace_entry(name, data):
    def f(ents):
        return [(tarinfo(n.name, len(data)), data) if n.name == name else (n, d) for n, d in ents]
    return f


def add_entry(ti, data, after=None):
    def f(ents):
        return ents + [(ti, data)]
    return f


def drop_entry(name):
    return lambda ents: [(t, d) for t, d in ents if t.name != name]


def set_key(path, value):
    def f(m):
        o = m
        for k in path[:-1]:
            o = o[k]
        o[path[-1]] = value
    return f


def flip(off):
    def f(raw):
        b = bytearray(raw)
        b[off] ^= 0x01
        return bytes(b)
    return f


def header_field(raw, header_off, field_off, field_len, value):
    """Set a ustar header field and fix the checksum."""
    b = bytearray(raw)
    b[header_off + field_off:header_off + field_off + field_len] = value.ljust(field_len, b"\0")[:field_len]
    b[header_off + 148:header_off + 156] = b"        "
    chk = sum(b[header_off:header_off + 512])
    b[header_off + 148:header_off + 156] = b"%06o\0 " % chk
    return bytes(b)


CRLS = "--crl @PKI@/crl/trusted.crl.pem"

# ---- good bundles ----
good = bundle("good", 0, "valid", "-")
bundle("good-rsa", 0, "valid", "-", signer="issuer-rsa")
bundle("good-sha384", 0, "valid", "-", cmsw={"md": "sha384"})
bundle("good-attachments", 0, "valid", "-",
       files={"inventory.yaml": INVENTORY, "result.json": RESULT, "export/pact-v2.json": b'{"pact": 2}\n',
              "evidence/test-report.pdf": b"%PDF-1.4 not really\n"})
bundle("good-padded", 0, "valid", "T10", strip_padding=False)  # zero padding to a 10240-byte record is fine
bundle("good-no-revocation", 0, "valid", "T14", args="--no-revocation-check")

# ---- T1: payload changed after signing ----
bundle("t1-payload-modified", 1, "entry-digest-mismatch", "T1",
       edit_entries=replace_entry("inventory.yaml", INVENTORY.replace(b"S235", b"S355")))
bundle("t1-payload-resized", 1, "entry-size-mismatch", "T1", edit_entries=replace_entry("result.json", RESULT + b" "))

# ---- T2: manifest changed after signing ----
def after_sign_manifest(transform):
    def f(ents):
        return [(tarinfo(t.name, len(transform(d))), transform(d)) if t.name == "manifest.json" else (t, d)
                for t, d in ents]
    return f


bundle("t2-manifest-byte", 1, "signature-invalid", "T2",
       edit_entries=after_sign_manifest(lambda d: d.replace(b"812.5", b"712.5")))
bundle("t2-manifest-whitespace", 1, "signature-invalid", "T2", edit_entries=after_sign_manifest(lambda d: d + b" "))
bundle("t2-manifest-crlf", 1, "signature-invalid", "T2",
       edit_entries=after_sign_manifest(lambda d: d.replace(b"\n", b"\r\n")))

# ---- T3, T4: entries differ from the manifest's list ----
bundle("t3-extra-entry", 1, "entry-unlisted", "T3", edit_entries=add_entry(tarinfo("zz-extra.txt", 3), b"hi\n"))
bundle("t3-extra-evidence", 1, "entry-unlisted", "T3",
       edit_entries=add_entry(tarinfo("evidence/forged.pdf", 3), b"hi\n"))
bundle("t4-listed-removed", 1, "entry-missing", "T4", edit_entries=drop_entry("result.json"))
bundle("t4-signature-removed", 1, "signature-missing", "T4", edit_entries=drop_entry("manifest.p7s"))
bundle("t4-manifest-removed", 1, "manifest-missing", "T4", edit_entries=drop_entry("manifest.json"))

# ---- T5, T26: duplicates ----
bundle("t5-duplicate", 1, "entry-duplicate", "T5", edit_entries=add_entry(tarinfo("result.json", 3), b"{}\n"))
bundle("t26-case-collision", 1, "entry-duplicate-casefold", "T26",
       edit_entries=add_entry(tarinfo("RESULT.JSON", 3), b"{}\n"))

# ---- T6: names ----
for n, nm in [("t6-dotdot", "../evil.txt"), ("t6-absolute", "/etc/cron.d/evil"), ("t6-backslash", "evidence\\evil.txt"),
              ("t6-uppercase", "Evil.txt"), ("t6-dot-component", "./evil.txt"),
              ("t6-long-name", "a" * 60 + "/" + "b" * 60)]:
    bundle(n, 1, "entry-name-invalid", "T6", edit_entries=add_entry(tarinfo(nm, 3), b"hi\n"))


def pax_path(path):
    def f(ents):
        ti = tarinfo("zz-innocent.txt", 3)
        ti.pax_headers = {"path": path}
        return ents + [(ti, b"hi\n")]
    return f


# pax headers are refused outright (docs/bundle-format.md: ustar only), a path override included
bundle("t6-pax-path-override", 1, "archive-format", "T6", fmt=tarfile.PAX_FORMAT, edit_entries=pax_path("../../x"))

# names and manifest text meant for a terminal: control characters come out escaped
bundle("t6-escape-in-name", 1, "entry-name-invalid", "T6", edit_entries=add_entry(tarinfo("zz\x1b[2J", 3), b"hi\n"))
BIDI_NAME = "Beam \u202egnp.exe \u2066x\u2069 \u200fend"
bundle("good-bidi-in-product", 0, "valid", "-", edit_manifest=set_key(["product", "name"], BIDI_NAME),
       files={"inventory.yaml": INVENTORY, "result.json": result_for(INVENTORY, BIDI_NAME)})
bundle("t22-bidi-in-kind", 1, "manifest-kind", "T22", edit_manifest=set_key(["kind"], "pcfkit\u202e-certificate"))
bundle("good-escape-in-product", 0, "valid", "-", edit_manifest=set_key(["product", "name"], "Beam\x1b[31m \u00e9"),
       files={"inventory.yaml": INVENTORY, "result.json": result_for(INVENTORY, "Beam\x1b[31m \u00e9")})
bundle("t22-escape-in-kind", 1, "manifest-kind", "T22", edit_manifest=set_key(["kind"], "\x1b]0;pwned\x07"))

# ---- T7: only regular files ----
def special(kind, name="zz-special", link=""):
    def f(ents):
        ti = tarinfo(name, 0, kind)
        ti.linkname = link
        if kind in (tarfile.CHRTYPE, tarfile.BLKTYPE):
            ti.devmajor, ti.devminor = 1, 3
        return ents + [(ti, None)]
    return f


bundle("t7-symlink", 1, "entry-not-regular", "T7", edit_entries=special(tarfile.SYMTYPE, link="/etc/passwd"))
bundle("t7-hardlink", 1, "entry-not-regular", "T7", edit_entries=special(tarfile.LNKTYPE, link="result.json"))
bundle("t7-directory", 1, "entry-not-regular", "T7", edit_entries=special(tarfile.DIRTYPE, name="evidence/"))
bundle("t7-chardev", 1, "entry-not-regular", "T7", edit_entries=special(tarfile.CHRTYPE))
bundle("t7-fifo", 1, "entry-not-regular", "T7", edit_entries=special(tarfile.FIFOTYPE))

# ---- T8: compression, huge sizes, counts ----
bundle("t8-gzip", 1, "archive-format", "T8", post=gzip.compress)
bundle("t8-endless-entry", 1, "entry-too-large", "T8",
       post=lambda raw: header_field(raw, 0, 124, 12, b"77777777777\0"))  # first entry claims 8 GiB


def many(ents):
    return ents + [(tarinfo("zz/%05d" % i, 0), b"") for i in range(4100)]


bundle("t8-entry-count", 1, "entry-count-limit", "T8", edit_entries=many)

# ---- T9: malformed, truncated, oversized headers ----
bundle("t9-bad-checksum", 1, "archive-malformed", "T9", post=flip(100))  # mode field of the first header
bundle("t9-bad-checksum-later", 1, "archive-malformed", "T9", post=flip(1024 + 100))  # second header
bundle("t9-nonzero-padding", 1, "archive-malformed", "T9", post=flip(512 + len(INVENTORY) + 3))
bundle("t9-checksum-terminator", 1, "archive-malformed", "T9", post=flip(155))
bundle("t9-truncated-mid-entry", 1, "archive-truncated", "T9", post=lambda raw: raw[:512 + 100])
bundle("t9-no-end-marker", 1, "archive-truncated", "T9", post=lambda raw: raw[:-1024])
bundle("t9-half-end-marker", 1, "archive-truncated", "T9", post=lambda raw: raw[:-512])


def big_pax(ents):
    ti = tarinfo("zz-pax.txt", 3)
    ti.pax_headers = {"comment": "x" * 8000}
    return ents + [(ti, b"hi\n")]


bundle("t9-oversized-pax-header", 1, "archive-format", "T9", fmt=tarfile.PAX_FORMAT, edit_entries=big_pax)


def gnu_longname(ents):
    return ents + [(tarinfo("zz-" + "l" * 120, 3), b"hi\n")]


bundle("t9-gnu-format", 1, "archive-format", "T9", fmt=tarfile.GNU_FORMAT, edit_entries=gnu_longname)

# ---- T10: trailing or leading bytes, other formats ----
bundle("t10-trailing-garbage", 1, "archive-trailing-data", "T10", post=lambda raw: raw + b"PK\x03\x04 appended")
bundle("t10-trailing-block", 1, "archive-trailing-data", "T10", post=lambda raw: raw + b"\0" * 600 + b"\x01")
bundle("t10-prepended", 1, "archive-leading-data", "T10", post=lambda raw: b"MZ" + b"\x90" * 510 + raw)
# Leading garbage of every length around a block is leading data, never trailing data (issue 13): the
# tamper suite also checks the messages name the offset of the first header.
for _n in (1, 2, 100, 257, 511, 512, 513, 1023, 1024, 1536):
    bundle("t10-leading-%d" % _n, 1, "archive-leading-data", "T10", post=lambda raw, n=_n: (b"garbage!" * 200)[:n] + raw)
bundle("t10-leading-newline", 1, "archive-leading-data", "T10", post=lambda raw: b"\n" + raw)
bundle("t10-leading-zeros-then-byte", 1, "archive-leading-data", "T10", post=lambda raw: b"\0" * 511 + b"A" + raw)
bundle("t10-leading-ff", 1, "archive-leading-data", "T10", post=lambda raw: b"\xff" * 700 + raw)


def as_zip(raw):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        with tarfile.open(fileobj=io.BytesIO(raw)) as tf:
            for m in tf.getmembers():
                z.writestr(m.name, tf.extractfile(m).read())
    return buf.getvalue()


bundle("t10-zip", 1, "archive-format", "T10", post=as_zip)

# ---- T11: untrusted chains ----
bundle("t11-other-root", 1, "chain-untrusted", "T11", signer="other-issuer", chain=("other-ca",))
bundle("t11-ships-own-root", 1, "chain-untrusted", "T11", signer="other-issuer", chain=("other-ca", "other-root"))
bundle("t11-no-intermediate", 1, "chain-untrusted", "T11", chain=())

# ---- T12: key purpose ----
bundle("t12-tls-only", 1, "leaf-eku", "T12", signer="tls-only")
bundle("t12-no-eku", 1, "leaf-eku", "T12", signer="no-eku")
bundle("t12-ca-as-leaf", 1, "leaf-is-ca", "T12", signer="ca-leaf")
bundle("t12-bad-key-usage", 1, "leaf-key-usage", "T12", signer="bad-ku")

# ---- T13: validity ----
bundle("t13-expired-signer", 3, "certificate-expired", "T13", signer="expired")
bundle("t13-not-yet-valid-signer", 3, "certificate-not-yet-valid", "T13", signer="not-yet-valid")
bundle("t13-expired-intermediate", 3, "certificate-expired", "T13", signer="issuer-under-expired-ca",
       chain=("ca-expired",), args="--crl @PKI@/crl/ca-expired.crl.pem")
bundle("t13-at-after-leaf", 3, "certificate-expired", "T13", args="--at 2035-06-01T00:00:00Z")
bundle("t13-at-before-leaf", 3, "certificate-not-yet-valid", "T13", args="--at 2024-06-01T00:00:00Z --no-revocation-check")

# ---- T14: revocation ----
bundle("t14-revoked-signer", 3, "certificate-revoked", "T14", signer="revoked")
bundle("t14-revoked-intermediate", 3, "certificate-revoked", "T14", signer="issuer-under-revoked-ca",
       chain=("ca-revoked",), args="--crl @PKI@/crl/ca-revoked.crl.pem")
bundle("t14-no-crl", 1, "revocation-unavailable", "T14", args="NOCRL")
bundle("t14-missing-ca-crl", 1, "revocation-unavailable", "T14", args="NOCRL --crl @PKI@/crl/root.crl.pem")
bundle("t14-wrong-crl", 1, "revocation-unavailable", "T14", args="NOCRL --crl @PKI@/crl/other-ca.crl.pem")

# delta and partitioned CRLs (issue 13): never a substitute for the complete CRL, never hiding its entries
extra_crl("ca-delta", "ca", "2.5.29.27 = critical,ASN1:INTEGER:4096")  # deltaCRLIndicator, base 4096
extra_crl("ca-reasons", "ca", "issuingDistributionPoint = critical,@idp\n[idp]\nonlysomereasons = keyCompromise")
extra_crl("ca-only-ca", "ca", "issuingDistributionPoint = critical,@idp\n[idp]\nonlyCA = TRUE")
extra_crl("ca-only-user", "ca", "issuingDistributionPoint = critical,@idp\n[idp]\nonlyuser = TRUE")
bundle("t14-delta-hides-revoked", 3, "certificate-revoked", "T14", signer="revoked",
       args="--crl @OUT@/extra/ca-delta.crl.pem")  # + the base CRL that revokes the signer
bundle("t14-delta-alone", 1, "revocation-unavailable", "T14",
       args="NOCRL --crl @PKI@/crl/root.crl.pem --crl @OUT@/extra/ca-delta.crl.pem")
bundle("t14-delta-with-base", 0, "valid", "T14", args="--crl @OUT@/extra/ca-delta.crl.pem")
bundle("t14-crl-reasons-scoped", 1, "revocation-unavailable", "T14",
       args="NOCRL --crl @PKI@/crl/root.crl.pem --crl @OUT@/extra/ca-reasons.crl.pem")
bundle("t14-crl-ca-only", 1, "revocation-unavailable", "T14",
       args="NOCRL --crl @PKI@/crl/root.crl.pem --crl @OUT@/extra/ca-only-ca.crl.pem")
bundle("t14-crl-user-only", 1, "revocation-unavailable", "T14",
       args="NOCRL --crl @PKI@/crl/root.crl.pem --crl @OUT@/extra/ca-only-user.crl.pem")
bundle("t14-crl-user-only-hides-revoked", 3, "certificate-revoked", "T14", signer="revoked",
       args="--crl @OUT@/extra/ca-only-user.crl.pem")

# ---- T15: weak algorithms ----
bundle("t15-sha1-digest", 1, "algorithm-not-allowed", "T15", cms_args=("-md", "sha1"))
bundle("t15-md5-digest", 1, "algorithm-not-allowed", "T15", signer="issuer-rsa", cms_args=("-md", "md5"))
bundle("t15-rsa1024", 1, "key-not-allowed", "T15", signer="rsa1024")
bundle("t15-sha1-signed-cert", 1, "algorithm-not-allowed", "T15", signer="sha1")

# ---- T16: signers ----
bundle("t16-two-signers", 1, "signature-signer-count", "T16", extra_signers=("issuer-rsa",))
bundle("t16-signer-cert-absent", 1, "signer-certificate-missing", "T16", cms_args=("-nocerts",),
       chain=("chain", "issuer-rsa"))
bundle("t16-extra-leaf", 1, "signer-not-leaf", "T16", chain=("chain", "issuer-rsa"))

# ---- T17: CMS shape ----
bundle("t17-attached", 1, "signature-not-detached", "T17", cms_args=("-nodetach",))
bundle("t17-content-type", 1, "signature-content-type", "T17", cms_args=("-econtent_type", "1.2.840.113549.1.9.16.1.4"))
bundle("t17-no-signed-attributes", 1, "signature-no-signed-attributes", "T17", cms_args=("-noattr",))
bundle("t17-garbage-signature", 1, "signature-malformed", "T17", sig=b"this is not DER")
bundle("t17-trailing-der", 1, "signature-malformed", "T17",
       manifest_bytes=None, edit_entries=lambda ents: [
           (tarinfo(t.name, len(d) + 2), d + b"\0\0") if t.name == "manifest.p7s" else (t, d) for t, d in ents])


# ---- CMS profile (issue 13): docs/bundle-format.md 6.1 on the DER bytes; none of these needs the key
# but the relabelled algorithms and signed attributes, which a signer could be tricked into ----
def post_cms(transform, **kw):
    """A sig= callable: the section 6.1 CMS of the manifest, then transform(der)."""
    def f(mbytes, m):
        t = calendar.timegm(time.strptime(m["issued-at"], "%Y-%m-%dT%H:%M:%SZ"))
        return transform(cms(mbytes, signing_time=t, **kw))
    return f


def ber_indefinite(d):
    _, h, _ = der_read(d)
    return d[:1] + b"\x80" + d[h:] + b"\0\0"


def ber_long_length(d):
    _, h, l = der_read(d)
    return d[:1] + b"\x84" + l.to_bytes(4, "big") + d[h:]


NULL = b"\x05\x00"
bundle("cms-ecdsa-as-rsaencryption", 1, "algorithm-not-allowed", "T15", cmsw={"sigalg": seq(oid(OID["rsaEncryption"]), NULL)})
bundle("cms-ecdsa-as-sha256withrsa", 1, "algorithm-not-allowed", "T15", cmsw={"sigalg": seq(oid(OID["sha256WithRSA"]), NULL)})
bundle("cms-rsa-as-ecdsa", 1, "algorithm-not-allowed", "T15", signer="issuer-rsa",
       cmsw={"sigalg": seq(oid(OID["ecdsa-sha256"]))})
bundle("cms-rsa-pss", 1, "algorithm-not-allowed", "T15", signer="issuer-rsa", cmsw={"sigalg": seq(oid(OID["rsaPSS"]), seq())})
bundle("cms-sigalg-parameters", 1, "algorithm-not-allowed", "T15", cmsw={"sigalg": seq(oid(OID["ecdsa-sha256"]), integer(5))})
bundle("cms-ecdsa-other-digest", 1, "algorithm-not-allowed", "T15", cmsw={"sigalg": seq(oid(OID["ecdsa-sha384"]))})
bundle("cms-unsigned-attribute", 1, "signature-profile", "T17",
       cmsw={"unsigned": [attr("1.2.3.4", tlv(0x04, b"carried along"))]})
bundle("cms-countersignature", 1, "signature-profile", "T17", cmsw={"unsigned": [attr("countersignature", seq(integer(1)))]})
bundle("cms-two-timestamp-attributes", 1, "signature-profile", "T18",
       cmsw={"unsigned": [attr("timeStampToken", seq(integer(1))), attr("timeStampToken", seq(integer(2)))]})
bundle("cms-timestamp-garbage", 1, "timestamp-invalid", "T18", cmsw={"unsigned": [attr("timeStampToken", seq(integer(1)))]})
bundle("cms-root-carried", 1, "signature-certificates", "T11", cmsw={"certs": [cert_der("issuer"), cert_der("chain"),
                                                                             cert_der("root")]})
bundle("cms-unneeded-ca", 1, "signature-certificates", "T11", cmsw={"certs": [cert_der("issuer"), cert_der("chain"),
                                                                            cert_der("other-ca")]})
bundle("cms-duplicate-intermediate", 1, "signature-certificates", "T11",
       cmsw={"certs": [cert_der("issuer"), cert_der("chain"), cert_der("chain")]})
bundle("cms-cert-choice-other", 1, "signature-certificates|signature-malformed", "T17",
       cmsw={"certs": [cert_der("issuer"), cert_der("chain"), tlv(0xa3, oid("1.2.3.4") + tlv(0x04, b"arbitrary"))]})
bundle("cms-cert-choice-attribute", 1, "signature-certificates|signature-malformed", "T17",
       cmsw={"certs": [cert_der("issuer"), cert_der("chain"), tlv(0xa2, integer(1) + seq())]})
with open(pki("crl/ca.crl.pem"), "rb") as fh:
    ca_crl_der = subprocess.run([OPENSSL, "crl", "-outform", "DER"], input=fh.read(), check=True,
                                capture_output=True).stdout
bundle("cms-crl-inside", 1, "signature-profile", "T14", cmsw={"crls": [ca_crl_der]})
bundle("cms-other-revocation-info", 1, "signature-profile|signature-malformed", "T14",
       cmsw={"crls": [tlv(0xa1, oid("1.3.6.1.5.5.7.16.2") + tlv(0x04, b"ocsp"))]})
bundle("cms-md5-in-digest-algorithms", 1, "algorithm-not-allowed", "T15",
       cmsw={"digest_algs": [seq(oid(OID["md5"]), NULL), seq(oid(OID["sha256"]))]})
bundle("cms-two-digest-algorithms", 1, "signature-profile", "T15",
       cmsw={"digest_algs": [seq(oid(OID["sha256"])), seq(oid(OID["sha384"]))]})
bundle("cms-ber-indefinite", 1, "signature-not-der", "T17", sig=post_cms(ber_indefinite))
bundle("cms-ber-long-length", 1, "signature-not-der", "T17", sig=post_cms(ber_long_length))
bundle("cms-ber-constructed-octets", 1, "signature-not-der", "T17",
       cmsw={"sig_octets": lambda sig: tlv(0x24, tlv(0x04, sig[:8]) + tlv(0x04, sig[8:]))})
bundle("cms-ski-signer", 1, "signature-profile", "T16", cmsw={"sid": "ski"})
bundle("cms-no-signing-time", 1, "signing-time", "T17", cmsw={"attrs": [
    attr("contentType", oid(OID["data"])), attr("messageDigest", tlv(0x04, b"\0" * 32))]})
bundle("cms-signing-time-400-days", 1, "signing-time", "T17", cmsw={"signing_time": ISSUED_EPOCH + 400 * 86400})
bundle("cms-signing-time-generalized", 1, "signing-time", "T17", cmsw={"signing_time": tlv(0x18, b"20260101000000Z")})
bundle("cms-smime-capabilities", 1, "signed-attributes", "T17",
       cmsw={"extra_attrs": [attr("smimeCapabilities", seq(seq(oid(OID["sha256"]))))]})
bundle("cms-unknown-signed-attribute", 1, "signed-attributes", "T17", cmsw={"extra_attrs": [attr("1.2.3.4.5", tlv(0x0c, b"x"))]})
bundle("cms-signed-attributes-unsorted", 1, "signed-attributes", "T17", cmsw={"sort_attrs": False, "attrs": None,
       "extra_attrs": []}, mkw=None)
bundle("cms-two-signing-times", 1, "signed-attributes", "T17",
       cmsw={"extra_attrs": [attr("signingTime", utctime(ISSUED_EPOCH + 1))]})
bundle("cms-untrusted-ca-claims-name", 1, "chain-untrusted", "T11", signer="other-issuer", chain=("other-ca",),
       edit_manifest=lambda m: m["issuer"].update(name="Demo Certification Body Issuer", organization="Demo Certification Body"))

# ---- T20: supersession (checked in a batch by verify.sh) ----
old = bundle("t20-old", 0, "valid", "T20", mkw={"cid": "11111111-1111-4111-8111-111111111111"})
bundle("t20-new", 0, "valid", "T20", mkw={"cid": "22222222-2222-4222-8222-222222222222",
                                          "supersedes": "11111111-1111-4111-8111-111111111111",
                                          "issued": "2026-06-01T00:00:00Z", "valid_from": "2026-06-01T00:00:00Z"})

# only the same issuing body supersedes (issue 13): same CN, another organization, same CA; same
# CN and organization under another CA; and the body itself with a renewed key (which may)
extra_cert("same-cn-other-o", "ca", "/CN=Demo Certification Body Issuer/O=Impostor Body", 7001)
extra_cert("same-name-other-ca", "other-ca", "/CN=Demo Certification Body Issuer/O=Demo Certification Body", 7002)
extra_cert("renewed", "ca", "/CN=Demo Certification Body Issuer/O=Demo Certification Body", 7003)
NEWER = {"cid": "22222222-2222-4222-8222-222222222222", "supersedes": "11111111-1111-4111-8111-111111111111",
         "issued": "2026-06-01T00:00:00Z", "valid_from": "2026-06-01T00:00:00Z"}
bundle("t20-impostor-other-o", 0, "valid", "T20", signer="extra/same-cn-other-o", mkw=NEWER)
bundle("t20-impostor-other-ca", 0, "valid", "T20", signer="extra/same-name-other-ca", chain=("other-ca",), mkw=NEWER,
       args="--trust @PKI@/other-root.pem --crl @PKI@/crl/other-root.crl.pem --crl @PKI@/crl/other-ca.crl.pem")
bundle("t20-renewed-key", 0, "valid", "T20", signer="extra/renewed", mkw=NEWER)

# ---- T21: mixing bundles ----
other_files = {"inventory.yaml": INVENTORY.replace(b"S235", b"S275"),
               "result.json": result_for(INVENTORY.replace(b"S235", b"S275"))}
other_manifest = dump(manifest_for(other_files, "issuer", cid="33333333-3333-4333-8333-333333333333"))
other_sig = cms(other_manifest)
bundle("t21-signature-of-other", 1, "signature-invalid", "T21", edit_entries=replace_entry("manifest.p7s", other_sig))
bundle("t21-manifest-of-other", 1, "entry-digest-mismatch", "T21",
       edit_entries=lambda ents: replace_entry("manifest.p7s", other_sig)(replace_entry("manifest.json", other_manifest)(ents)))

# ---- T30: the manifest's figures against result.json (validly signed, every figure a human reads) ----
for key, value in [(["footprint", "total"], 1), (["footprint", "total"], 812.5000000000001),
                   (["footprint", "total"], -812.5), (["footprint", "unit"], "g CO2e"),
                   (["footprint", "gwp-set"], "AR5"), (["footprint", "gwp-set"], None),
                   (["footprint", "fossil"], 0), (["footprint", "biogenic-emissions"], None),
                   (["footprint", "biogenic-removals"], -1), (["footprint", "dluc"], None),
                   (["footprint", "aircraft"], 1), (["product", "id"], "urn:gtin:04012345678902"),
                   (["product", "name"], "Steel beam S355"), (["product", "name"], "Steel beam S235 "),
                   (["product", "declared-unit", "amount"], 1000), (["product", "declared-unit", "unit"], "kg"),
                   (["methodology", "id"], "iso14067"), (["methodology", "version"], "1.0.1")]:
    bundle("t30-fig-" + "-".join(key[-2:]) + "-" + str(value).replace(" ", "_").lower(), 1, "manifest-result-mismatch",
           "T30", edit_manifest=set_key(key, value))
bundle("t30-fig-result-other-inventory", 1, "manifest-result-mismatch", "T30",
       files={"inventory.yaml": INVENTORY, "result.json": result_for(INVENTORY + b"# another\n")})
bundle("t30-fig-result-not-json", 1, "manifest-result-mismatch", "T30",
       files={"inventory.yaml": INVENTORY, "result.json": b"total: 812.5\n"})
bundle("t30-fig-result-other-kind", 1, "manifest-result-mismatch", "T30",
       files={"inventory.yaml": INVENTORY,
              "result.json": RESULT.replace(b'"pcfkit-result"', b'"pcfkit-certificate"')})
bundle("t30-fig-result-total-as-text", 1, "manifest-result-mismatch", "T30",
       files={"inventory.yaml": INVENTORY, "result.json": RESULT.replace(b'"total": 812.5', b'"total": "812.5"')})
bundle("t30-fig-result-no-product", 1, "manifest-result-mismatch", "T30",
       files={"inventory.yaml": INVENTORY, "result.json": RESULT.replace(b'"product"', b'"produce"')})
bundle("t30-fig-result-gwp-null", 1, "manifest-result-mismatch", "T30",
       files={"inventory.yaml": INVENTORY, "result.json": result_for(INVENTORY, **{"gwp-set": None})})
bundle("good-result-total-exponent", 0, "valid", "T30",  # the same double in another spelling is the same figure
       files={"inventory.yaml": INVENTORY, "result.json": RESULT.replace(b'"total": 812.5', b'"total": 8.125e2')})

# ---- T5: a name that is also another's folder, listed and signed (not neighbours once sorted) ----
bundle("t5-file-and-folder", 1, "entry-name-conflict", "T5",
       files={"inventory.yaml": INVENTORY, "result.json": RESULT, "evidence/a": b"a\n", "evidence/a-b": b"b\n",
              "evidence/a/b": b"c\n"})
bundle("t5-file-and-folder-deep", 1, "entry-name-conflict", "T5",
       files={"inventory.yaml": INVENTORY, "result.json": RESULT, "evidence/x": b"a\n", "evidence/x.0": b"b\n",
              "evidence/x/y/z": b"c\n"})

# ---- T9: raw header blocks outside the profile pcf issue writes (docs/bundle-format.md section 2) ----
def header_offsets(raw):
    """The offsets of the header blocks, walking the sizes (octal only: these are our own bundles)."""
    offs, off = [], 0
    while raw[off:off + 512] != b"\0" * 512:
        offs.append(off)
        off += 512 + (int(raw[off + 124:off + 136].rstrip(b"\0 ") or b"0", 8) + 511) // 512 * 512
    return offs


def field(n, field_off, field_len, value, raw_checksum=None):
    """Set a field of header n (0: the first) and fix the checksum (or write raw_checksum(block))."""
    def f(raw):
        off = header_offsets(raw)[n]
        b = bytearray(header_field(raw, off, field_off, field_len, value))
        if raw_checksum:
            b[off + 148:off + 156] = raw_checksum(bytes(b[off:off + 512]))
        return bytes(b)
    return f


def unsigned_sum(h):
    return sum(h[:148]) + 8 * 32 + sum(h[156:])


def block(name, size, typeflag=b"0", linkname=b""):
    """One header block as pcf issue writes it."""
    h = bytearray(512)
    h[0:len(name)] = name
    h[100:108] = b"000644 \0"
    h[108:116] = h[116:124] = h[329:337] = h[337:345] = b"000000 \0"
    h[124:136] = b"%011o " % size
    h[136:148] = b"%011o " % ISSUED_EPOCH
    h[156:157] = typeflag
    h[157:157 + len(linkname)] = linkname
    h[257:265] = b"ustar\x0000"
    h[148:156] = b"%06o\0 " % unsigned_sum(bytes(h))
    return bytes(h)


def data_blocks(data):
    return data + b"\0" * (-len(data) % 512)


def insert_before(n, blocks):
    def f(raw):
        off = header_offsets(raw)[n]
        return raw[:off] + blocks + raw[off:]
    return f


def gnu_hides(n, raw_name):
    """A GNU 'L' long-name header giving entry n its name, whose own raw ustar name is raw_name."""
    def f(raw):
        off = header_offsets(raw)[n]
        name = raw[off:off + 100].rstrip(b"\0")
        long = name + b"\0"
        hdr = bytearray(raw[off:off + 512])
        hdr[0:100] = raw_name.ljust(100, b"\0")
        hdr[148:156] = b"        "
        hdr[148:156] = b"%06o\0 " % sum(hdr)
        return raw[:off] + block(b"././@LongLink", len(long), b"L") + data_blocks(long) + bytes(hdr) + raw[off + 512:]
    return f


for tf in (b"Z", b"7", b"S", b"N", b"E", b"A", b"\0", b"M", b"D", b"g"):
    bundle("t9-hdr-typeflag-" + ("nul" if tf == b"\0" else tf.decode().lower() + ("-upper" if tf.isupper() else "")),
           1, "archive-header-profile|entry-not-regular|archive-malformed|archive-format", "T9", post=field(0, 156, 1, tf))
bundle("t9-hdr-typeflag-7-last", 1, "archive-header-profile", "T9", post=field(-1, 156, 1, b"7"))
bundle("t9-hdr-magic-ustarx", 1, "archive-header-profile|archive-format|archive-malformed", "T9",
       post=field(0, 257, 6, b"ustarX"))
bundle("t9-hdr-magic-ustarx-second", 1, "archive-header-profile|archive-malformed", "T9", post=field(1, 257, 6, b"ustarX"))
bundle("t9-hdr-version-xx", 1, "archive-header-profile", "T9", post=field(0, 263, 2, b"XX"))
bundle("t9-hdr-magic-gnu", 1, "archive-header-profile|archive-format", "T9", post=field(0, 257, 8, b"ustar  \0"))
bundle("t9-hdr-name-bytes-after-nul", 1, "archive-header-profile", "T9", post=field(0, 0, 100, b"inventory.yaml\0junk"))
bundle("t9-hdr-linkname-on-file", 1, "archive-header-profile", "T9", post=field(0, 157, 100, b"result.json"))
bundle("t9-hdr-size-base256", 1, "archive-header-profile", "T9",
       post=field(0, 124, 12, b"\x80" + len(INVENTORY).to_bytes(11, "big")))
bundle("t9-hdr-mode-base256", 1, "archive-header-profile", "T9", post=field(0, 100, 8, b"\x80" + (0o644).to_bytes(7, "big")))
bundle("t9-hdr-size-no-terminator", 1, "archive-header-profile", "T9", post=field(0, 124, 12, b"%012o" % len(INVENTORY)))
bundle("t9-hdr-size-leading-space", 1, "archive-header-profile", "T9", post=field(0, 124, 12, b" %010o\0" % len(INVENTORY)))
bundle("t9-hdr-mtime-garbage", 1, "archive-header-profile|archive-malformed", "T9", post=field(0, 136, 12, b"0000000000x\0"))
bundle("t9-hdr-uid-negative", 1, "archive-header-profile|archive-malformed", "T9", post=field(0, 108, 8, b"-000001\0"))
bundle("t9-hdr-devmajor-garbage", 1, "archive-header-profile|archive-malformed", "T9", post=field(0, 329, 8, b"zzzzzzz\0"))
bundle("t9-hdr-uname", 1, "archive-header-profile", "T9", post=field(0, 265, 32, b"root"))
bundle("t9-hdr-gname", 1, "archive-header-profile", "T9", post=field(0, 297, 32, b"wheel"))
bundle("t9-hdr-prefix", 1, "archive-header-profile|entry-unlisted", "T9", post=field(0, 345, 155, b"evidence"))
bundle("t9-hdr-tail-bytes", 1, "archive-header-profile", "T9", post=field(0, 500, 12, b"x"))
bundle("t9-hdr-checksum-seven-digits", 1, "archive-header-profile", "T9",
       post=field(0, 0, 0, b"", raw_checksum=lambda h: b"%07o\0" % unsigned_sum(h)))
bundle("t9-hdr-checksum-leading-space", 1, "archive-header-profile", "T9",
       post=field(0, 0, 0, b"", raw_checksum=lambda h: b" %05o\0 " % unsigned_sum(h)))
bundle("t9-hdr-checksum-signed", 1, "archive-header-profile|archive-malformed", "T9",
       post=field(0, 0, 100, b"inventory.yaml\0\xff\xff",
                  raw_checksum=lambda h: b"%06o\0 " % (unsigned_sum(h) - 2 * 256)))
bundle("t9-hdr-gnu-longname-hides-dotdot", 1, "archive-header-profile|archive-format", "T9",
       post=gnu_hides(0, b"../../../tmp/pcf-escaped"))
bundle("t9-hdr-gnu-longname-last", 1, "archive-header-profile|archive-format", "T9", post=gnu_hides(-1, b"x"))
bundle("t9-hdr-gnu-longlink", 1, "archive-header-profile|archive-format", "T9",
       post=insert_before(0, block(b"././@LongLink", 2, b"K") + data_blocks(b"x\0")))
bundle("t9-hdr-gnu-volume", 1, "archive-header-profile|archive-format|archive-malformed", "T9",
       post=insert_before(0, block(b"volume", 0, b"V")))
bundle("t9-hdr-pax-global", 1, "archive-header-profile|archive-format", "T9",
       post=insert_before(0, block(b"pax_global_header", 12, b"g") + data_blocks(b"9 path=xx\n\n\n"[:12])))
bundle("t9-hdr-leading-zero-block", 1, "archive-leading-data", "T9", post=lambda raw: b"\0" * 512 + raw)
bundle("t9-hdr-leading-zero-blocks", 1, "archive-leading-data", "T9", post=lambda raw: b"\0" * 1536 + raw)
bundle("t9-hdr-leading-fake-header", 1, "archive-malformed", "T9",
       post=lambda raw: block(b"zz", 0)[:148] + b"0000000\0" + block(b"zz", 0)[156:] + raw)
# a header-like block with a wrong checksum (ustar magic) before the archive: not a tar header at offset 0
bundle("t9-hdr-leading-bad-checksum", 1, "archive-malformed", "T9",
       post=lambda raw: (lambda h: h[:148] + b"0000001\0" + h[156:])(raw[:512]) + raw)

# ---- T22: kind and version (validly signed) ----
bundle("t22-other-kind", 1, "manifest-kind", "T22", edit_manifest=set_key(["kind"], "pcfkit-inventory"))
bundle("t22-major-2", 1, "manifest-version", "T22", edit_manifest=set_key(["format-version"], "2.0"))
bundle("t22-unknown-member-ignored", 0, "valid", "T22", edit_manifest=set_key(["extra"], True))  # 1.x: MUST ignore
bundle("t22-minor-version", 0, "valid", "T22", edit_manifest=set_key(["format-version"], "1.7"))
bundle("t22-unknown-file-key", 1, "manifest-field", "T22", edit_manifest=lambda m: m["files"][0].update(mode=420))
bundle("t22-missing-footprint-part", 1, "manifest-field", "T22", edit_manifest=lambda m: m["footprint"].pop("dluc"))
bundle("good-null-parts", 0, "valid", "-", edit_manifest=lambda m: m["footprint"].update({"gwp-set": None, "dluc": None}),
       files={"inventory.yaml": INVENTORY, "result.json": result_for(INVENTORY, **{"gwp-set": "", "dluc": None})})
bundle("t22-missing-field", 1, "manifest-field", "T22", edit_manifest=lambda m: m.pop("product"))
bundle("t22-bad-digest-text", 1, "manifest-field", "T22", edit_manifest=lambda m: m["files"][0].update(sha256="XYZ"))
bundle("t22-unsorted-files", 1, "manifest-field", "T22", edit_manifest=lambda m: m["files"].reverse())
bundle("t22-bad-time", 1, "manifest-field", "T22", edit_manifest=set_key(["valid-until"], "2027-02-30T00:00:00Z"))
bundle("t22-issuer-mismatch", 1, "issuer-mismatch", "T22", edit_manifest=set_key(["issuer", "name"], "Somebody Else"))

# ---- T23: hostile JSON (validly signed) ----
bundle("t23-duplicate-key", 1, "manifest-syntax", "T23",
       manifest_bytes=lambda m: dump(m).replace(b'"kind": "pcfkit-certificate",',
                                                b'"kind": "pcfkit-certificate",\n  "kind": "pcfkit-certificate",'))
bundle("good-deep-unknown-member", 0, "valid", "T22",  # 1.x: unknown members, however deep, are ignored
       manifest_bytes=lambda m: dump(m)[:-2] + b',\n  "x": ' + b"[" * 100 + b"]" * 100 + b"\n}\n")
bundle("t23-deep-nesting", 1, "manifest-syntax", "T23",
       manifest_bytes=lambda m: dump(m)[:-2] + b',\n  "x": ' + b"[" * 5000 + b"]" * 5000 + b"\n}\n")
bundle("t23-nul-in-string", 1, "manifest-syntax", "T23",
       manifest_bytes=lambda m: dump(m).replace(b"Steel beam", b"Steel\\u0000beam"))
bundle("t23-bad-utf8", 1, "manifest-syntax", "T23", manifest_bytes=lambda m: dump(m).replace(b"Steel", b"St\xffel"))
bundle("t23-huge-manifest", 1, "entry-too-large", "T23",
       manifest_bytes=lambda m: dump(m)[:-2] + b',\n  "x": "' + b"a" * (1100 * 1024) + b'"\n}\n')

# ---- T24: pathological certificates ----
many_certs = ("chain", "root", "expired", "not-yet-valid", "revoked", "tls-only", "ca-leaf", "no-eku", "bad-ku",
              "rsa1024", "sha1", "ca-revoked", "ca-expired", "other-root", "other-ca", "other-issuer", "issuer-rsa")
bundle("t24-too-many-certs", 1, "certificate-limit", "T24", chain=many_certs)

# ---- PCF validity window (manifest) ----
bundle("pcf-expired", 3, "pcf-expired", "T13", mkw={"valid_from": "2025-06-01T00:00:00Z",
                                                   "valid_until": "2026-01-01T00:00:00Z",
                                                   "issued": "2025-06-01T00:00:00Z"})
bundle("pcf-not-yet-valid", 3, "pcf-not-yet-valid", "T13", mkw={"valid_from": "2034-01-01T00:00:00Z",
                                                               "valid_until": "2034-06-01T00:00:00Z"})
bundle("pcf-until-exact-second", 3, "pcf-expired", "T13", args="--at 2034-12-31T00:00:00Z")
bundle("pcf-until-second-before", 0, "valid", "T13", args="--at 2034-12-30T23:59:59Z")
bundle("pcf-from-exact-second", 0, "valid", "T13", args="--at 2026-01-01T00:00:00Z")
bundle("pcf-from-second-before", 3, "pcf-not-yet-valid", "T13", args="--at 2025-12-31T23:59:59Z")
# the signer certificate's notAfter (2035-01-01T00:00:00Z): expired at that very second (OpenSSL's rule)
bundle("cert-until-exact-second", 3, "certificate-expired", "T13", mkw={"valid_until": "2035-06-01T00:00:00Z"},
       args="--at 2035-01-01T00:00:00Z")
bundle("cert-until-second-before", 0, "valid", "T13", mkw={"valid_until": "2035-06-01T00:00:00Z"},
       args="--at 2034-12-31T23:59:59Z")

# ---- the same attacks on a bundle made by the real writer (`pcf issue`), when one is given ----
ISSUED_BUNDLE = os.environ.get("PCF_ISSUED_BUNDLE")


def from_issued(name, exit_code, reason, threat, edit_entries=None, post=None, args=""):
    """A case built from the issued bundle's entries, never re-signed."""
    if ONLY and name not in ONLY:
        return
    with tarfile.open(ISSUED_BUNDLE) as tf:
        ents = [(tarinfo(m.name, m.size, mtime=m.mtime), tf.extractfile(m).read()) for m in tf.getmembers()]
    if edit_entries:
        ents = edit_entries(ents)
    raw = write_tar(ents)
    if post:
        raw = post(raw)
    with open(os.path.join(OUT, name + ".pcfb"), "wb") as f:
        f.write(raw)
    CASES.append((name, exit_code, reason, threat, args))


if ISSUED_BUNDLE:
    with tarfile.open(ISSUED_BUNDLE) as tf:
        issued_inventory = tf.extractfile("inventory.yaml").read()
    from_issued("issued-rewritten", 0, "valid", "-")  # the same entries, re-archived by another ustar writer
    from_issued("issued-payload-modified", 1, "entry-digest-mismatch", "T1",
                edit_entries=replace_entry("inventory.yaml", issued_inventory.replace(b"1", b"2", 1)))
    from_issued("issued-manifest-whitespace", 1, "signature-invalid", "T2", edit_entries=after_sign_manifest(lambda d: d + b"\n"))
    from_issued("issued-extra-entry", 1, "entry-unlisted", "T3", edit_entries=add_entry(tarinfo("evidence/x.pdf", 3), b"hi\n"))
    from_issued("issued-result-removed", 1, "entry-missing", "T4", edit_entries=drop_entry("result.json"))
    from_issued("issued-duplicate", 1, "entry-duplicate", "T5", edit_entries=add_entry(tarinfo("inventory.yaml", 3), b"hi\n"))
    from_issued("issued-dotdot", 1, "entry-name-invalid", "T6", edit_entries=add_entry(tarinfo("../x", 3), b"hi\n"))
    from_issued("issued-symlink", 1, "entry-not-regular", "T7", edit_entries=special(tarfile.SYMTYPE, link="/etc/passwd"))
    from_issued("issued-gzip", 1, "archive-format", "T8", post=gzip.compress)
    from_issued("issued-no-end-marker", 1, "archive-truncated", "T9", post=lambda raw: raw[:-1024])
    from_issued("issued-trailing", 1, "archive-trailing-data", "T10", post=lambda raw: raw + b"x")
    from_issued("issued-leading", 1, "archive-leading-data", "T10", post=lambda raw: b"x" + raw)
    from_issued("issued-leading-513", 1, "archive-leading-data", "T10", post=lambda raw: b"x" * 513 + raw)
    from_issued("issued-signature-of-other", 1, "signature-invalid", "T21",
                edit_entries=replace_entry("manifest.p7s", other_sig))
    from_issued("issued-case-collision", 1, "entry-duplicate-casefold", "T26",
                edit_entries=add_entry(tarinfo("RESULT.JSON", 3), b"{}\n"))
    # the raw-header attacks on the real writer's bytes (never re-archived: post edits the issued file)
    with open(ISSUED_BUNDLE, "rb") as f:
        issued_raw = f.read()

    def on_issued(name, reason, post):
        if ONLY and name not in ONLY:
            return
        with open(os.path.join(OUT, name + ".pcfb"), "wb") as f:
            f.write(post(issued_raw))
        CASES.append((name, 1, reason, "T9", ""))

    on_issued("issued-as-is", "valid", lambda raw: raw)
    CASES[-1] = ("issued-as-is", 0, "valid", "-", "")
    on_issued("issued-typeflag-7", "archive-header-profile", field(0, 156, 1, b"7"))
    on_issued("issued-typeflag-nul", "archive-header-profile", field(1, 156, 1, b"\0"))
    on_issued("issued-gnu-longname-dotdot", "archive-header-profile", gnu_hides(0, b"../../../tmp/pcf-escaped"))
    on_issued("issued-size-base256", "archive-header-profile", field(0, 124, 12, b"\x80" + (
        int(issued_raw[124:135], 8)).to_bytes(11, "big")))
    on_issued("issued-linkname", "archive-header-profile", field(2, 157, 100, b"/etc/passwd"))
    on_issued("issued-name-after-nul", "archive-header-profile", field(-1, 0, 100,
              issued_raw[header_offsets(issued_raw)[-1]:][:100].rstrip(b"\0") + b"\0x"))

with open(os.path.join(OUT, "cases.tsv"), "w") as f:
    for c in CASES:
        f.write("\t".join(str(x) for x in c) + "\n")
for tmp in (".manifest.tmp", ".chain.tmp", ".tbs.tmp"):
    if os.path.exists(os.path.join(OUT, tmp)):
        os.remove(os.path.join(OUT, tmp))
