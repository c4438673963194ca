#!/usr/bin/python3
"""ltv-craft.py - rebuild a bundle with other revocation evidence entries (format 1.2,
bundle-format.md section 4), re-signed with PKI/issuer as pcf issue signs (verify_cms.py), so that
the verifier's checks of embedded CRLs can be tried on what pcf issue never writes: too many CRLs,
a badly named entry, bytes that are no CRL.

usage: ltv-craft.py PKI IN.pcfb OUT.pcfb NAME=FILE...
Every entry under revocation/ of IN is dropped, each NAME (an entry name) gets FILE's bytes, the
manifest lists them (sorted, with size and SHA-256) and says format 1.2. The timestamp token, if
any, is lost with the old signature.
"""
import calendar
import hashlib
import io
import json
import os
import sys
import tarfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import verify_cms  # noqa: E402

pki, src, dst = sys.argv[1:4]
openssl = os.environ.get("OPENSSL", "openssl")
with tarfile.open(src) as tf:
    members = tf.getmembers()
    data = {m.name: tf.extractfile(m).read() for m in members}
    mtime = members[0].mtime
data = {k: v for k, v in data.items() if not k.startswith("revocation/")}
for arg in sys.argv[4:]:
    name, path = arg.split("=", 1)
    with open(path, "rb") as f:
        data[name] = f.read()
m = json.loads(data["manifest.json"])
m["format-version"] = "1.2"
m["files"] = [{"path": k, "size": len(data[k]), "sha256": hashlib.sha256(data[k]).hexdigest()}
              for k in sorted(data, key=lambda s: s.encode()) if k not in ("manifest.json", "manifest.p7s")]
data["manifest.json"] = (json.dumps(m, indent=2) + "\n").encode()
verify_cms.configure(lambda name: os.path.join(pki, name), openssl, os.path.dirname(os.path.abspath(dst)))
data["manifest.p7s"] = verify_cms.cms(data["manifest.json"], calendar.timegm(time.strptime(m["issued-at"],
                                                                                    "%Y-%m-%dT%H:%M:%SZ")))
tbs = os.path.join(os.path.dirname(os.path.abspath(dst)), ".tbs.tmp")
if os.path.exists(tbs):
    os.remove(tbs)
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tf:
    for name in sorted(data, key=lambda s: s.encode()):
        ti = tarfile.TarInfo(name)
        ti.size, ti.mode, ti.uid, ti.gid, ti.uname, ti.gname, ti.mtime = len(data[name]), 0o644, 0, 0, "", "", mtime
        tf.addfile(ti, io.BytesIO(data[name]))
    end = tf.offset
with open(dst, "wb") as f:
    f.write(buf.getvalue()[:end + 1024])
