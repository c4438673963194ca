#!/usr/bin/python3
"""gen-inventory.py - deterministic synthetic inventories for the benchmarks (stdlib only).

  gen-inventory.py lca N SEED      an LCA-scale inventory: N linked processes, ~12 inputs each
                                   (mostly other processes, ecoinvent-like sparsity, with loops),
                                   a few factor inputs and direct emissions
  gen-inventory.py small K SEED    a small realistic product inventory with K inputs (B1, B2)
  gen-inventory.py smallset K N SEED DIR
                                   N distinct small inventories (seeds SEED..SEED+N-1) as
                                   DIR/product-I.yaml, and their names in DIR/list

Same arguments, same bytes. Every process produces 1 kg and consumes at most 0.6 kg of other
processes' outputs, so the technology matrix is column diagonally dominant: the system is
solvable and every supply is positive, whatever the loops.
"""
import random
import sys

FACTORS = [("cn-grid-2023", "kWh"), ("ipcc2006-road-diesel-t", "kg"), ("ipcc2006-natural-gas-t", "kg"),
           ("ipcc2006-coal-bituminous-t", "kg"), ("cn-grid-2022", "kWh")]
STAGES = ["raw-material-acquisition", "production"]


def header(out, name, ref):
    out.append("format-version: 1\n")
    out.append("product:\n  id: urn:example:bench:%s\n  name: %s\n" % (name, name))
    out.append("  declared-unit: {amount: 1, unit: kg}\n  process: %s\n" % ref)
    out.append("reporting-period: {start: 2025-01-01, end: 2025-12-31}\n")
    out.append("organisation: {name: Benchmark Manufacturing Ltd.}\n")
    out.append("site: {name: Plant 1, country: CN}\nboundary: cradle-to-gate\nprocesses:\n")


def lca(n, seed):
    """An LCA-database-like inventory of n processes (see the module comment): p0 is the product's
    final assembly; p1..pH are market activities (hubs: electricity, transport, fuels, common
    materials) that most activities buy from, with Zipf-like popularity; the others are producers in
    supply-chain order (a higher index is further upstream) that buy mostly from nearby upstream
    producers (same sector, next tiers), a few hubs, a few direct emission factors, and now and then
    (2 %) from downstream. Markets buy from a handful of producers anywhere upstream and from other
    markets (transport, fuels), so the loops run through the hubs, as in ecoinvent."""
    rng = random.Random(seed)
    hubs = max(2, min(60, n // 300))
    first = hubs + 1
    zipf = [1.0 / (r + 1) for r in range(hubs)]
    out = []
    header(out, "lca-%d-%d" % (n, seed), "p0")

    def producer_upstream(i):
        j = i + 1 + int(rng.expovariate(1 / 8.0))
        return j if j < n else n - 1 - rng.randrange(min(40, n - first))

    def process(i, stage, suppliers, nfac, emit):
        out.append("  - id: p%d\n    name: synthetic activity %d\n" % (i, i))
        out.append("    stage: %s\n    reference-flow: {amount: 1, unit: kg}\n    inputs:\n" % stage)
        weights = [rng.random() for _ in suppliers]
        scale = rng.uniform(0.2, 0.6) / sum(weights)
        for j, w in zip(sorted(suppliers), weights):
            out.append("      - {process: p%d, amount: %.6g, unit: kg}\n" % (j, w * scale))
        for _ in range(nfac):
            fid, unit = FACTORS[rng.randrange(len(FACTORS))]
            out.append("      - {factor: %s, amount: %.6g, unit: %s}\n" % (fid, rng.uniform(0.001, 0.5), unit))
        if emit:
            out.append("    emissions:\n      - {gas: co2-fossil, amount: %.6g, unit: kg}\n" % rng.uniform(0.01, 2))

    for i in range(n):
        sup = set()
        if i == 0:                                   # the product: final assembly
            while len(sup) < min(12, n - 1):
                sup.add(first + int(rng.expovariate(1 / 50.0)) % (n - first) if rng.random() < 0.8
                        else 1 + rng.randrange(hubs))
            process(i, "production", sup, 0, False)
            continue
        if i <= hubs:                                # a market: a few producers, other markets
            k = rng.randint(4, 10)
            while len(sup) < k:
                if rng.random() < 0.25:
                    j = 1 + rng.choices(range(hubs), weights=zipf)[0]
                else:
                    j = first + (n - first) // 4 + rng.randrange(3 * (n - first) // 4)
                if j != i:
                    sup.add(j)
            process(i, "raw-material-acquisition", sup, 0, False)
            continue
        k = max(3, int(rng.gauss(12, 3)))
        nfac = rng.randint(1, min(3, k - 1))
        while len(sup) < k - nfac:
            u = rng.random()
            if u < 0.30:
                j = 1 + rng.choices(range(hubs), weights=zipf)[0]   # a market
            elif u < 0.975:
                j = producer_upstream(i)                            # upstream, same sector
            elif u < 0.995:
                j = i - 1 - int(rng.expovariate(1 / 8.0))          # downstream (by-products, loops)
                if j < first:
                    continue
            else:
                j = first + rng.randrange(n - first)                # another sector, anywhere
            if j != i:
                sup.add(j)
        process(i, STAGES[i % 2], sup, nfac, rng.random() < 0.5)
    return "".join(out)


def small(k, seed):
    rng = random.Random(seed)
    out = []
    header(out, "product-%d" % seed, "assembly")
    out.append("  - id: assembly\n    name: final assembly\n    stage: production\n")
    out.append("    reference-flow: {amount: 1, unit: kg}\n    inputs:\n")
    out.append("      - {process: part, amount: %.6g, unit: kg}\n" % rng.uniform(0.5, 0.9))
    for _ in range(k - 2):
        fid, unit = FACTORS[rng.randrange(len(FACTORS))]
        out.append("      - {factor: %s, amount: %.6g, unit: %s}\n" % (fid, rng.uniform(0.01, 2), unit))
    out.append("    emissions:\n      - {gas: co2-fossil, amount: %.6g, unit: kg}\n" % rng.uniform(0.01, 0.5))
    out.append("    data-quality: {type: primary}\n")
    out.append("  - id: part\n    name: purchased part\n    stage: raw-material-acquisition\n")
    out.append("    reference-flow: {amount: 1, unit: kg}\n    inputs:\n")
    out.append("      - {factor: cn-grid-2023, amount: %.6g, unit: kWh}\n" % rng.uniform(0.5, 3))
    return "".join(out)


def main():
    if len(sys.argv) == 6 and sys.argv[1] == "smallset":
        k, n, seed, d = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
        names = []
        for i in range(n):
            names.append("%s/product-%d.yaml" % (d, i))
            with open(names[-1], "w") as f:
                f.write(small(k, seed + i))
        with open(d + "/list", "w") as f:
            f.write("\n".join(names) + "\n")
        return 0
    if len(sys.argv) != 4 or sys.argv[1] not in ("lca", "small"):
        sys.stderr.write(__doc__)
        return 2
    n, seed = int(sys.argv[2]), int(sys.argv[3])
    sys.stdout.write(lca(n, seed) if sys.argv[1] == "lca" else small(n, seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
