#!/usr/bin/python3
# layering.py - the dependency check behind tests/cli/layering.sh: reads `nm -P` of libpcf's objects
# (each preceded by a line "== PATH"), a list of known exceptions ("FROM TO # owner" per line), the
# allowed circles of docs/hacking.md and the public headers, and prints one "PROBLEM ..." line per
# upward arrow, circle or stale exception (nothing else starts with PROBLEM).
import os, re, sys

nm_path, known_path, hacking_path, incdir = sys.argv[1:5]
libdir = sys.argv[5] if len(sys.argv) > 5 else None
RANK = {"base": 0, "inventory": 1, "lca": 2, "plugin": 2, "crypto": 3, "bundle": 3, "status": 3, "verify": 4,
        "render": 5, "registry": 5, "serve": 5, "pact": 5}
ORDER = "base <- inventory <- {plugin, lca} <- {crypto, bundle, status} <- verify <- {render, registry, serve, pact}"

defs, uses, files = {}, {}, []
cur = None
for line in open(nm_path):
    line = line.rstrip("\n")
    if line.startswith("== "):
        path = line[3:]
        mod = os.path.basename(os.path.dirname(path.replace("/.libs/", "/")))
        name = re.sub(r"^libpcf_core_la-", "", os.path.basename(path))[:-2] + ".c"
        cur = mod + "/" + name
        files.append(cur)
        uses[cur] = set()
        continue
    f = line.split()
    if len(f) < 2 or cur is None:
        continue
    sym, kind = f[0], f[1]
    if kind == "U":
        uses[cur].add(sym)
    elif kind in "TDBRCVW" and kind.isupper():
        defs.setdefault(sym, cur)

def mod_of(fn):
    return fn.split("/")[0]

# file -> file -> symbols
edges = {f: {} for f in files}
for f in files:
    for s in uses[f]:
        d = defs.get(s)
        if d and d != f:
            edges[f].setdefault(d, set()).add(s)

known = set()
for line in open(known_path):
    line = line.split("#", 1)[0].strip()
    if line:
        known.add(tuple(line.split()[:2]))

allowed = []
for line in open(hacking_path):
    m = re.match(r"\s*-\s*allowed circle:\s*(.*?)\s+-\s", line)
    if m:
        allowed.append(set(m.group(1).split()))

seen_known = set()
problems = []
unknown_mod = sorted({mod_of(f) for f in files} - set(RANK))
for m in unknown_mod:
    problems.append("module %s/ has no place in the order %s (add it to docs/hacking.md and this test)" % (m, ORDER))

for f in files:
    for d, syms in sorted(edges[f].items()):
        a, b = mod_of(f), mod_of(d)
        if a in RANK and b in RANK and RANK[b] > RANK[a]:
            if (f, d) in known:
                seen_known.add((f, d))
                continue
            problems.append("upward arrow %s -> %s (%s is above %s in %s): %s"
                            % (f, d, b, a, ORDER, " ".join(sorted(syms))))

# Circles: strongly connected components of a graph (Tarjan, iterative).
def components(nodes, edges):
    index, low, onstack, stack, out = {}, {}, set(), [], []
    counter = [0]
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter[0]; counter[0] += 1
        stack.append(root); onstack.add(root)
        while work:
            v, it = work[-1]
            nxt = next(it, None)
            if nxt is not None:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter[0]; counter[0] += 1
                    stack.append(nxt); onstack.add(nxt)
                    work.append((nxt, iter(sorted(edges[nxt]))))
                elif nxt in onstack:
                    low[v] = min(low[v], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop(); onstack.discard(w); comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return out

sccs = components(files, edges)
for comp in sccs:
    inner = [(a, b) for a in comp for b in comp if b in edges[a]]
    rest = [(a, b) for (a, b) in inner if (a, b) not in known]
    for e in inner:
        if e in known:
            seen_known.add(e)
    if not rest:
        continue
    if any(set(comp) <= al for al in allowed):
        continue
    # A circle is broken when its unexcused arrows alone no longer close a loop.
    g = {}
    for a, b in rest:
        g.setdefault(a, set()).add(b)
    def reaches(s, t):
        todo, seen = [s], set()
        while todo:
            x = todo.pop()
            for y in g.get(x, ()):
                if y == t:
                    return True
                if y not in seen:
                    seen.add(y); todo.append(y)
        return False
    if not any(reaches(b, a) for a, b in rest):
        continue
    problems.append("circle between %s: %s" % (", ".join(comp), "; ".join(
        "%s -> %s (%s)" % (a, b, " ".join(sorted(edges[a][b]))) for a, b in rest)))

# Public headers: an include of a header of a higher module is an upward arrow too.
HMOD = {}
for h in ("error", "version", "file"):
    HMOD[h] = "base"
for h in ("units", "gwp", "factors", "inventory", "solve", "parse"):
    HMOD[h] = "inventory"
for h in ("plugin", "methods", "result", "compute"):
    HMOD[h] = "plugin"
for h in ("signer", "trust"):
    HMOD[h] = "crypto"
for h in ("reason", "bundle_format", "bundle", "bundle_reader"):
    HMOD[h] = "bundle"
HMOD["verify"] = "verify"
for h in ("tsa",):
    HMOD[h] = "crypto"
for h in ("lca", "library", "montecarlo"):
    HMOD[h] = "lca"
HMOD["certificate"] = "render"
HMOD["serve"] = "serve"
HMOD["pull"] = "pact"
for h in ("registry", "status"):
    HMOD[h] = "registry"       # pcf/status.h names the registry (pcf status publish)
for hf in sorted(os.listdir(incdir)):
    if not hf.endswith(".h"):
        continue
    h = hf[:-2]
    if h == "pcf":
        continue                      # the umbrella includes everything, on purpose
    if h not in HMOD:
        problems.append("public header pcf/%s has no module in this test" % hf)
        continue
    for line in open(os.path.join(incdir, hf)):
        m = re.match(r"\s*#\s*include\s*<pcf/(\w+)\.h>", line)
        if not m or m.group(1) not in HMOD:
            continue
        a, b = HMOD[h], HMOD[m.group(1)]
        key = ("pcf/" + hf, "pcf/" + m.group(1) + ".h")
        if RANK[b] > RANK[a]:
            if key in known:
                seen_known.add(key)
                continue
            problems.append("upward include %s -> %s (%s is above %s)" % (key[0], key[1], b, a))

# Internal includes ("module/file.h") of libpcf's sources: none may name a higher module, and
# headers may not include each other in a circle.
if libdir:
    incs = {}
    for mod in sorted(os.listdir(libdir)):
        d = os.path.join(libdir, mod)
        if not os.path.isdir(d):
            continue
        for fn in sorted(os.listdir(d)):
            if not fn.endswith((".c", ".h")):
                continue
            me = mod + "/" + fn
            incs[me] = set()
            for line in open(os.path.join(d, fn), errors="replace"):
                m = re.match(r'\s*#\s*include\s*"(\w+)/([\w.]+)"', line)
                if not m:
                    continue
                incs[me].add(m.group(1) + "/" + m.group(2))
                a, b = mod, m.group(1)
                if a in RANK and b in RANK and RANK[b] > RANK[a]:
                    key = (me, m.group(1) + "/" + m.group(2))
                    if key in known:
                        seen_known.add(key)
                        continue
                    problems.append("upward include %s -> %s (%s is above %s)" % (key[0], key[1], b, a))
    hdrs = sorted(h for h in incs if h.endswith(".h"))
    hedges = {h: {t for t in incs[h] if t in incs and t.endswith(".h")} for h in hdrs}
    for comp in components(hdrs, hedges):
        problems.append("include circle between %s" % ", ".join(comp))

for k in sorted(known - seen_known):
    problems.append("known exception %s -> %s no longer occurs: remove it from tests/cli/layering.sh" % k)

print("files %d, arrows %d, circles %d" % (len(files), sum(len(e) for e in edges.values()), len(sccs)))
for p in problems:
    print("PROBLEM " + p)
