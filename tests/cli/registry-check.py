#!/usr/bin/env python3
# registry-check.py DIR EXPORT.json [MIN]: the registry (its JSON export) and the bundles in DIR agree:
# every row names a bundle that is there with the row's SHA-256, every DIR/*.pcfb has a row, every
# status list index is unique, and at least MIN rows. Prints what disagrees; exit 1 if anything does.
import glob, hashlib, json, os, sys

folder, export = sys.argv[1], sys.argv[2]
need = int(sys.argv[3]) if len(sys.argv) > 3 else 0
rows = json.load(open(export))
bad = []
files = {}
for r in rows:
    p = os.path.realpath(r["file"])
    files[p] = r
    if not os.path.exists(p):
        bad.append("row without bundle: %s" % p)
    elif hashlib.sha256(open(p, "rb").read()).hexdigest() != r["sha256"]:
        bad.append("row with another digest than its bundle: %s" % p)
for p in glob.glob(os.path.join(os.path.realpath(folder), "*.pcfb")):
    if p not in files:
        bad.append("bundle without row: %s" % p)
idx = [(r["status-list"], r["status-index"]) for r in rows if r["status-list"]]
if len(idx) != len(set(idx)):
    bad.append("a status list index is used twice")
if len(rows) < need:
    bad.append("%d rows, expected at least %d" % (len(rows), need))
for b in bad:
    print(b)
print("rows %d" % len(rows))
sys.exit(1 if bad else 0)
