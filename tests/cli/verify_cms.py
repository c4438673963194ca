"""verify_cms.py - a DER CMS SignedData builder for the verifier's fixtures (verify-bundles.py,
verify-resign.py): by default exactly the profile of docs/bundle-format.md 6.1 (what `pcf issue`
makes: one signer by issuer and serial, signed attributes contentType, messageDigest and
signingTime, the signer and intermediate certificates, nothing else), with every part replaceable
for the attacks. Signatures by `openssl dgst -sign`; only the standard library otherwise.

Call configure(pki, openssl, tmpdir) first: pki(name) gives the path of a demo PKI file.
"""
import hashlib
import os
import subprocess
import time

OPENSSL = "openssl"
TMP = "."


def pki(name):
    raise RuntimeError("verify_cms.configure was not called")


def configure(pki_fn, openssl, tmpdir):
    global pki, OPENSSL, TMP
    pki, OPENSSL, TMP = pki_fn, openssl, tmpdir


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, content):
    return bytes([tag]) + der_len(len(content)) + content


def seq(*parts):
    return tlv(0x30, b"".join(parts))


def der_set(parts, sort=True):
    return tlv(0x31, b"".join(sorted(parts) if sort else parts))


def oid(dotted):
    n = [int(x) for x in dotted.split(".")]
    out = bytes([40 * n[0] + n[1]])
    for v in n[2:]:
        enc = [v & 0x7f]
        v >>= 7
        while v:
            enc.append(0x80 | (v & 0x7f))
            v >>= 7
        out += bytes(reversed(enc))
    return tlv(0x06, out)


def integer(v):
    return tlv(0x02, v.to_bytes(max(1, (v.bit_length() + 8) // 8), "big"))


def utctime(epoch):
    return tlv(0x17, time.strftime("%y%m%d%H%M%SZ", time.gmtime(epoch)).encode())


def der_read(b, off=0):
    """(tag, header length, value length) of the TLV at off."""
    tag, l = b[off], b[off + 1]
    if l < 0x80:
        return tag, 2, l
    k = l & 0x7f
    return tag, 2 + k, int.from_bytes(b[off + 2:off + 2 + k], "big")


def der_children(b):
    """The TLVs (as bytes) in the value b."""
    out, off = [], 0
    while off < len(b):
        _, h, l = der_read(b, off)
        out.append(b[off:off + h + l])
        off += h + l
    return out


def der_value(t):
    _, h, l = der_read(t)
    return t[h:h + l]


OID = {"data": "1.2.840.113549.1.7.1", "signedData": "1.2.840.113549.1.7.2", "sha256": "2.16.840.1.101.3.4.2.1",
       "sha384": "2.16.840.1.101.3.4.2.2", "sha512": "2.16.840.1.101.3.4.2.3", "md5": "1.2.840.113549.2.5",
       "contentType": "1.2.840.113549.1.9.3", "messageDigest": "1.2.840.113549.1.9.4",
       "signingTime": "1.2.840.113549.1.9.5", "smimeCapabilities": "1.2.840.113549.1.9.15",
       "countersignature": "1.2.840.113549.1.9.6", "timeStampToken": "1.2.840.113549.1.9.16.2.14",
       "rsaEncryption": "1.2.840.113549.1.1.1", "sha256WithRSA": "1.2.840.113549.1.1.11",
       "rsaPSS": "1.2.840.113549.1.1.10", "ecdsa-sha256": "1.2.840.10045.4.3.2",
       "ecdsa-sha384": "1.2.840.10045.4.3.3", "ecdsa-sha512": "1.2.840.10045.4.3.4"}


def cert_der(name):
    return subprocess.run([OPENSSL, "x509", "-in", pki(name + ".pem"), "-outform", "DER"], check=True,
                          capture_output=True).stdout


def attr(name, *values):
    return seq(oid(OID[name]) if name in OID else oid(name), der_set(values))


def cms(data, signing_time, signer="issuer", chain=("chain",), md="sha256", attrs=None, extra_attrs=(),
        sort_attrs=True, unsigned=(), digest_algs=None, sigalg=None, certs=None, crls=None, sid="ias", si_version=None,
        sd_version=None, sig_octets=None):
    """A detached SignedData over data by signer; the defaults are section 6.1's profile."""
    leaf = cert_der(signer)
    tbs = der_children(der_value(leaf))[0]
    f = der_children(der_value(tbs))
    if f[0][0] == 0xa0:
        f = f[1:]
    serial, issuer = f[0], f[2]
    key_is_rsa = b"Public Key Algorithm: rsaEncryption" in subprocess.run(
        [OPENSSL, "x509", "-in", pki(signer + ".pem"), "-noout", "-text"], check=True, capture_output=True).stdout
    digest_alg = seq(oid(OID[md]))
    when = signing_time
    if attrs is None:
        attrs = [attr("contentType", oid(OID["data"])),
                 attr("messageDigest", tlv(0x04, hashlib.new(md, data).digest())),
                 attr("signingTime", utctime(when) if isinstance(when, int) else when)]
    attrs = list(attrs) + list(extra_attrs)
    signed = der_set(attrs)  # what is signed: the DER SET OF; sort_attrs=False ships them in the given order
    tmp = os.path.join(TMP, ".tbs.tmp")
    with open(tmp, "wb") as fh:
        fh.write(signed)
    if not sort_attrs:
        signed = der_set(attrs, sort=False)
    sig = subprocess.run([OPENSSL, "dgst", "-" + md, "-sign", pki(signer + ".key"), "-binary", tmp], check=True,
                         capture_output=True).stdout
    if sigalg is None:
        sigalg = seq(oid(OID["rsaEncryption"]), b"\x05\x00") if key_is_rsa else seq(oid(OID["ecdsa-" + md]))
    if sid == "ias":
        sid_tlv, v = seq(issuer, serial), 1
    else:
        ski = subprocess.run([OPENSSL, "x509", "-in", pki(signer + ".pem"), "-noout", "-ext", "subjectKeyIdentifier"],
                             check=True, capture_output=True, text=True).stdout.split("\n")[1].strip()
        sid_tlv, v = tlv(0x80, bytes.fromhex(ski.replace(":", ""))), 3
    si = seq(integer(si_version if si_version is not None else v), sid_tlv, digest_alg, tlv(0xa0, der_value(signed)),
             sigalg, sig_octets(sig) if sig_octets else tlv(0x04, sig),
             tlv(0xa1, b"".join(unsigned)) if unsigned else b"")
    if certs is None:
        certs = [leaf] + [cert_der(c) for c in chain]
    body = (integer(sd_version if sd_version is not None else v) + der_set(digest_algs or [digest_alg]) +
            seq(oid(OID["data"])) + (tlv(0xa0, b"".join(sorted(certs))) if certs else b"") +
            (tlv(0xa1, b"".join(crls)) if crls else b"") + der_set([si]))
    return seq(oid(OID["signedData"]), tlv(0xa0, seq(body)))
