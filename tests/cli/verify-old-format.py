#!/usr/bin/python3
"""verify-old-format.py - make, from a bundle of format 1.2, the bundle of format 1.0 (or 1.1) that
pcfkit wrote before the factors travelled (issue 14): factors.json left out of the archive and of the
manifest's files, format-version set back, the manifest signed again with PKI/issuer (verify_cms.py)
and the archive written as the contract says (sorted ustar, 0644, 0/0, mtime kept, two zero blocks).

usage: verify-old-format.py PKI IN.pcfb OUT.pcfb
The manifest is written in the layout of pcfkit's writer (two-space indentation, members in order).
"""
import calendar
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
m = json.loads(data["manifest.json"])
assert m["format-version"] == "1.2", m["format-version"]
del data["factors.json"]
m["files"] = [f for f in m["files"] if f["path"] != "factors.json"]
m["format-version"] = "1.1" if "status-list" in m else "1.0"
data["manifest.json"] = (json.dumps(m, indent=2, ensure_ascii=False) + "\n").encode()
verify_cms.configure(lambda name: os.path.join(pki, name), openssl, os.path.dirname(os.path.abspath(dst)))
data["manifest.p7s"] = verify_cms.cms(data["manifest.json"], calendar.timegm(time.strptime(m["issued-at"],
                                                                                    "%Y-%m-%dT%H:%M:%SZ")))
tbs = os.path.join(os.path.dirname(os.path.abspath(dst)), ".tbs.tmp")
if os.path.exists(tbs):
    os.remove(tbs)
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tf:
    for name in sorted(data):
        ti = tarfile.TarInfo(name)
        ti.size, ti.mode, ti.uid, ti.gid, ti.uname, ti.gname, ti.mtime = len(data[name]), 0o644, 0, 0, "", "", mtime
        tf.addfile(ti, io.BytesIO(data[name]))
    end = tf.offset
with open(dst, "wb") as f:
    f.write(buf.getvalue()[:end + 1024])
