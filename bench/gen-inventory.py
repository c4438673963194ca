#!/usr/bin/python3
"""gen-inventory.py - deterministic synthetic inventories for the benchmarks (stdlib only).

  gen-inventory.py lca N SEED      an LCA-scale inventory: N linked processes, ~12 inputs each
                                   (mostly other processes, ecoinvent-like sparsity, with loops),
                                   a few factor inputs and direct emissions
  gen-inventory.py small K SEED    a small realistic product inventory with K inputs (B1, B2)

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
    """Like an LCA database: a few "market" hubs (electricity, transport, fuels, chemicals) that most
    activities buy from, with Zipf-like popularity, plus suppliers in the same sector; hubs buy from
    each other and from ordinary activities, so loops run through the whole system."""
    rng = random.Random(seed)
    hubs = max(2, n // 50)
    zipf = [1.0 / (r + 1) for r in range(hubs)]
    out = []
    header(out, "lca-%d-%d" % (n, seed), "p0")
    for i in range(n):
        out.append("  - id: p%d\n    name: synthetic activity %d\n" % (i, i))
        out.append("    stage: %s\n    reference-flow: {amount: 1, unit: kg}\n    inputs:\n" % STAGES[i % 2])
        k = max(2, int(rng.gauss(12, 3)))
        nproc = max(1, k - rng.randint(1, 3))
        suppliers = set()
        while len(suppliers) < min(nproc, n - 1):
            u = rng.random()
            if u < 0.6:
                j = rng.choices(range(hubs), weights=zipf)[0]          # a market
            elif u < 0.95 or i < hubs:
                j = hubs + (i - hubs + rng.randint(1, 40)) % (n - hubs)  # same sector
            else:
                j = rng.randrange(n)                                      # anything
            if j != i:
                suppliers.add(j)
        weights = [rng.random() for _ in suppliers]
        scale = rng.uniform(0.2, 0.6) / sum(weights)
        for j, w in zip(sorted(suppliers), weights):
            out.append("      - {process: p%d, amount: %.6g, unit: kg}\n" % (j, w * scale))
        for _ in range(k - nproc):
            fid, unit = FACTORS[rng.randrange(len(FACTORS))]
            out.append("      - {factor: %s, amount: %.6g, unit: %s}\n" % (fid, rng.uniform(0.001, 0.5), unit))
        if rng.random() < 0.5:
            out.append("    emissions:\n      - {gas: co2-fossil, amount: %.6g, unit: kg}\n" % rng.uniform(0.01, 2))
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
    if len(sys.argv) != 4 or sys.argv[1] not in ("lca", "small"):
        sys.stderr.write(__doc__)
        return 2
    n, seed = int(sys.argv[2]), int(sys.argv[3])
    sys.stdout.write(lca(n, seed) if sys.argv[1] == "lca" else small(n, seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
