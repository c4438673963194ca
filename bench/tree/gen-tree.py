#!/usr/bin/env python3
# gen-tree.py - inventories for bench/tree/run-b7 (issue 14, "Speed"); deterministic (seeded).
#
#   gen-tree.py tree N SEED DIR   a supplier tree of about N bundles below one root, 4 levels of
#                                 1 % / 4 % / 15 % / 80 % of N (10/40/150/800 for N = 1000); each node
#                                 takes 3-5 suppliers from the level below (more where the level below
#                                 has more nodes than that covers: every node is used at least once),
#                                 plus 1-2 picked at random, so many are reached several times. Writes DIR/lK-NNNN.yaml,
#                                 DIR/levelK.list (K = 4 leaves .. 1) and DIR/root.yaml.
#   gen-tree.py wide K P DIR      K leaf inventories DIR/leaf-NNNN.yaml (leaves.list) and P products
#                                 DIR/prod-NNNN.yaml (products.list) each taking all K as suppliers.
import os
import random
import sys

HEAD = """format-version: 1
product: {{id: "urn:bench:{name}", name: "{name}", declared-unit: {{amount: 1, unit: kg}}}}
reporting-period: {{start: 2025-01-01, end: 2025-12-31}}
organisation: {{name: Bench {name}}}
site: {{country: DE}}
boundary: cradle-to-gate
processes:
  - id: p
    name: making {name}
    stage: production
    reference-flow: {{amount: 1, unit: kg}}
"""


def leaf(name, rnd):
    return HEAD.format(name=name) + (
        "    emissions:\n      - {{gas: co2-fossil, amount: {a:.3f}, unit: kg}}\n"
        "      - {{gas: co2-biogenic, amount: {b:.3f}, unit: kg}}\n"
        "    data-quality: {{type: primary}}\n").format(a=rnd.uniform(0.5, 5), b=rnd.uniform(0, 1))


def node(name, sups, rnd):
    s = HEAD.format(name=name) + "    inputs:\n"
    for x in sups:
        s += "      - supplier: {{bundle: {x}.pcfb}}\n        name: {x}\n        amount: {a:.3f}\n        unit: kg\n".format(
            x=x, a=rnd.uniform(0.01, 0.3))
    s += ("      - factor: {{value: 0.4, gas: co2-fossil, unit: kWh, source: bench metering}}\n"
          "        amount: {e:.2f}\n        unit: kWh\n    data-quality: {{type: primary}}\n").format(e=rnd.uniform(0.1, 3))
    return s


def write(d, name, text):
    with open(os.path.join(d, name + ".yaml"), "w") as f:
        f.write(text)


def tree(n, seed, d):
    rnd = random.Random(seed)
    sizes = [max(1, round(n * p)) for p in (0.01, 0.04, 0.15, 0.80)]
    names = [["l%d-%04d" % (k + 1, i) for i in range(sizes[k])] for k in range(4)]
    for i, nm in enumerate(names[3]):
        write(d, nm, leaf(nm, rnd))
    for k in (2, 1, 0):
        below = names[k + 1]
        cover = [[] for _ in names[k]]
        for j, b in enumerate(below):
            cover[j % len(names[k])].append(b)
        for i, nm in enumerate(names[k]):
            # 3-5, or what covering the level below needs, plus 1-2 shared ones picked at random
            want = min(len(below), max(len(cover[i]), rnd.randint(3, 5)) + rnd.randint(1, 2))
            sups = cover[i]
            while len(sups) < want:
                b = rnd.choice(below)
                if b not in sups:
                    sups.append(b)
            write(d, nm, node(nm, sorted(sups), rnd))
    write(d, "root", node("root", names[0], rnd))
    for k in range(4):
        with open(os.path.join(d, "level%d.list" % (k + 1)), "w") as f:
            f.writelines(os.path.join(d, nm + ".yaml") + "\n" for nm in names[k])
    print(" ".join(map(str, sizes)))


def wide(k, p, d):
    rnd = random.Random(7)
    leaves = ["leaf-%04d" % i for i in range(k)]
    for nm in leaves:
        write(d, nm, leaf(nm, rnd))
    prods = ["prod-%04d" % i for i in range(p)]
    for nm in prods:
        write(d, nm, node(nm, leaves, rnd))
    for lst, ns in (("leaves.list", leaves), ("products.list", prods)):
        with open(os.path.join(d, lst), "w") as f:
            f.writelines(os.path.join(d, nm + ".yaml") + "\n" for nm in ns)


if __name__ == "__main__":
    if sys.argv[1] == "tree":
        tree(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif sys.argv[1] == "wide":
        wide(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    else:
        sys.exit("usage: gen-tree.py tree N SEED DIR | wide K P DIR")
