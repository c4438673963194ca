#!/usr/bin/python3
"""verify-resign.py - re-sign a bundle after editing one entry, as a dishonest or careless
certification body with a valid key would: the digests and the signature stay valid, only
recomputation (threats.md T28) can notice.

usage: verify-resign.py PKI IN.pcfb OUT.pcfb ENTRY FROM TO
Replaces the first FROM by TO in ENTRY (and in the manifest's footprint when ENTRY is result.json;
in result.json's inventory digest when ENTRY is inventory.yaml),
updates the manifest's size and SHA-256 of ENTRY, signs with PKI/issuer (verify_cms.py) and writes the archive as
the contract says (sorted ustar, 0644, 0/0, mtime kept, two zero blocks at the end).
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

pki, src, dst, entry, old, new = sys.argv[1:7]
openssl = os.environ.get("OPENSSL", "openssl")
with tarfile.open(src) as tf:
    members = tf.getmembers()
    data = {m.name: tf.extractfile(m).read() for m in members}
    mtime = members[0].mtime
before = data[entry]
data[entry] = data[entry].replace(old.encode(), new.encode(), 1)
m = json.loads(data["manifest.json"])
if entry == "result.json" and str(m["footprint"]["total"]) == old:
    m["footprint"]["total"] = json.loads(new)
changed = [entry]
if entry == "inventory.yaml" and "result.json" in data:
    # the result names its inventory (and the manifest must show the result's figures): keep it consistent
    data["result.json"] = data["result.json"].replace(hashlib.sha256(before).hexdigest().encode(),
                                                      hashlib.sha256(data[entry]).hexdigest().encode())
    changed.append("result.json")
for f in m["files"]:
    if f["path"] in changed:
        f["size"] = len(data[f["path"]])
        f["sha256"] = hashlib.sha256(data[f["path"]]).hexdigest()
data["manifest.json"] = (json.dumps(m, indent=2) + "\n").encode()
# signed as pcf issue signs (bundle-format.md 6.1): signingTime = issued-at, no S/MIME capabilities
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
