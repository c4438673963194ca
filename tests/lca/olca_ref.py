#!/usr/bin/python3
"""olca_ref.py - an independent reference for `pcf compute --library`: reads an openLCA JSON-LD
export directly (no pcfkit code), links, allocates and characterises it by the rules of
docs/lca-import.md, solves the technosphere with numpy (or, without it, a
small Gaussian elimination of its own), and prints the footprint as JSON.

usage: olca_ref.py EXPORT_DIR PROCESS_ID[,PROCESS_ID...] [--provider FLOW=PROCESS]... [--allocation physical|economic|causal]
                   [--amount X] [--gwp-csv FILE]

Written for the tests from the rules, not from the C sources: the GWP100 values come from the IPCC
table (AR6 column of globalwarmingpotentials.csv) except CH4 fossil/non-fossil (29.8/27.0, AR6 WG1
Table 7.15), and the gas names are matched by the formula each name states.
"""
import csv
import json
import os
import re
import sys

try:
    import numpy as np
except ImportError:  # a small stand-in: dense Gaussian elimination with partial pivoting (same rules, no numpy)
    class _Vec(list):
        def __matmul__(self, other):
            return sum(a * b for a, b in zip(self, other))

    class _Mat:
        def __init__(self, m):
            self.rows = [[0.0] * m for _ in range(m)]

        def __getitem__(self, ij):
            return self.rows[ij[0]][ij[1]]

        def __setitem__(self, ij, v):
            self.rows[ij[0]][ij[1]] = v

    class _Linalg:
        @staticmethod
        def solve(A, f):
            m = len(f)
            M = [row[:] + [f[i]] for i, row in enumerate(A.rows)]
            for c in range(m):
                piv = max(range(c, m), key=lambda r: abs(M[r][c]))
                if M[piv][c] == 0:
                    raise ValueError('singular technosphere matrix')
                M[c], M[piv] = M[piv], M[c]
                for r in range(c + 1, m):
                    q = M[r][c] / M[c][c]
                    if q:
                        M[r] = [a - q * b for a, b in zip(M[r], M[c])]
            x = [0.0] * m
            for r in range(m - 1, -1, -1):
                x[r] = (M[r][m] - sum(M[r][k] * x[k] for k in range(r + 1, m))) / M[r][r]
            return _Vec(x)

    class np:
        linalg = _Linalg

        @staticmethod
        def zeros(shape):
            return _Mat(shape[0]) if isinstance(shape, tuple) else _Vec([0.0] * shape)


def load_dir(d):
    out = {}
    p = os.path.join(EXPORT, d)
    if not os.path.isdir(p):
        return out
    for f in os.listdir(p):
        if f.endswith('.json'):
            with open(os.path.join(p, f), encoding='utf-8') as fh:
                o = json.load(fh)
            out[o['@id']] = o
    return out


args = sys.argv[1:]
EXPORT, TARGETS = args[0], args[1].split(',')
providers_chosen, allocation, amount = {}, 'PHYSICAL_ALLOCATION', 1.0
gwp_csv = os.environ.get('GWP_CSV', '/work/shared/reference/gwp/globalwarmingpotentials.csv')
i = 2
while i < len(args):
    if args[i] == '--provider':
        f, p = args[i + 1].split('=')
        providers_chosen[f] = p
        i += 2
    elif args[i] == '--allocation':
        allocation = args[i + 1].upper() + '_ALLOCATION'
        i += 2
    elif args[i] == '--amount':
        amount = float(args[i + 1])
        i += 2
    elif args[i] == '--gwp-csv':
        gwp_csv = args[i + 1]
        i += 2
    else:
        sys.exit('unknown argument ' + args[i])

units, groups = {}, load_dir('unit_groups')
for g in groups.values():
    for u in g['units']:
        units[u['@id']] = (u['conversionFactor'], g['@id'])
props = load_dir('flow_properties')
cats = load_dir('categories')
flows = load_dir('flows')
procs = load_dir('processes')


def cat_path(ref):
    out = []
    cid = ref and ref.get('@id')
    while cid and cid in cats and len(out) < 64:
        out.append(cats[cid]['name'])
        cid = (cats[cid].get('category') or {}).get('@id')
    return list(reversed(out))


def factor(ex):
    """amount in exchange unit -> flow reference unit."""
    fl = flows[ex['flow']['@id']]
    pid = ex.get('flowProperty', {}).get('@id')
    fpf = [p for p in fl['flowProperties'] if p['flowProperty']['@id'] == pid]
    if not fpf:
        raise SystemExit('no flow property factor for ' + fl['name'])
    uf, ug = units[ex['unit']['@id']]
    assert props[pid]['unitGroup']['@id'] == ug
    return uf / fpf[0]['conversionFactor']


def ref_ex(p):
    return [e for e in p['exchanges'] if e.get('quantitativeReference')][0]


# providers: reference output product / reference input waste
prov = {}
for p in sorted(procs.values(), key=lambda p: p['@id']):
    r = ref_ex(p)
    t = flows[r['flow']['@id']]['flowType']
    if (t == 'PRODUCT_FLOW' and not r['input']) or (t == 'WASTE_FLOW' and r['input']):
        prov.setdefault(r['flow']['@id'], []).append(p['@id'])


def provider_of(e, p):
    if e.get('quantitativeReference'):
        return None
    t = flows[e['flow']['@id']]['flowType']
    if not ((t == 'PRODUCT_FLOW' and e['input']) or (t == 'WASTE_FLOW' and not e['input'])):
        return None
    c = prov.get(e['flow']['@id'], [])
    if len(c) > 1:
        if e['flow']['@id'] not in providers_chosen:
            raise SystemExit('several providers for ' + e['flow']['@id'])
        return providers_chosen[e['flow']['@id']]
    return c[0] if c else None


# --- characterisation, from the rules ---
gwp = {}
with open(gwp_csv) as fh:
    for row in csv.reader(l for l in fh if not l.startswith('#')):
        if row[0] != 'Species' and row[6]:
            gwp[row[0].lower()] = float(row[6])
GWP = {'co2-fossil': 1.0, 'co2-biogenic': 1.0, 'ch4-fossil': 29.8, 'ch4-non-fossil': 27.0}
# names (normalised, without the origin qualifier) -> IPCC species, by the formula the name states
FORMULA = {
    'dinitrogen monoxide': 'n2o', 'nitrous oxide': 'n2o', 'sulfur hexafluoride': 'sf6', 'nitrogen fluoride': 'nf3',
    'methane, tetrafluoro-, cfc-14': 'cf4', 'methane, tetrafluoro-, fc-14': 'cf4', 'ethane, hexafluoro-, hfc-116': 'c2f6',
    'methane, trifluoro-, hfc-23': 'hfc23', 'methane, difluoro-, hfc-32': 'hfc32', 'ethane, pentafluoro-, hfc-125': 'hfc125',
    'ethane, 1,1,1,2-tetrafluoro-, hfc-134a': 'hfc134a', 'ethane, trifluoro-, hfc-143': 'hfc143',
    'ethane, 1,1-difluoro-, hfc-152a': 'hfc152a', '1,1,1,3,3-pentafluoropropane, hfc-245fa': 'hfc245fa',
    'methane, chlorodifluoro-, hcfc-22': 'hcfc22', 'methane, difluromonochloro-, hcfc-22': 'hcfc22',
    'methane, dichlorofluoro-, hcfc-21': 'hcfc21', 'ethane, 1,1,1-trifluoro-2,2-dichloro-, hcfc-123': 'hcfc123',
    'ethane, 2-chloro-1,1,1,2-tetra-fluoro-, hcfc-124': 'hcfc124', 'methane, trichlorofluoro-, cfc-11': 'cfc11',
    'methane, dichlorodifluoro-, cfc-12': 'cfc12', 'methane, chlorotrifluoro-, cfc-13': 'cfc13',
    'ethane, 1,1,2-trichloro-1,2,2-trifluoro-, cfc-113': 'cfc113', 'ethane, 1,2-dichloro-1,1,2,2-tetrafluoro-, cfc-114': 'cfc114',
    'methane, tetrachloro-, cfc-10': 'ccl4', 'ethane, 1,1,1-trichloro-, hcfc-140': 'ch3ccl3',
    'methane, bromo-, halon 1001': 'ch3br', 'methane, monochloro-, r-40': 'ch3cl', 'methane, monochloro, r-40': 'ch3cl',
    'methane, dichloro-, hcc-30': 'ch2cl2', 'methane, dichloro, hcc-30': 'ch2cl2', 'chloroform': 'chcl3',
    'methane, bromotrifluoro-, halon 1301': 'halon1301', 'methane, bromochlorodifluoro-, halon 1211': 'halon1211',
}
CAS = {'124-38-9': 'co2', '74-82-8': 'ch4', '10024-97-2': 'n2o'}
QUALS = ('fossil', 'biogenic', 'non-fossil', 'land transformation', 'in air')


def norm(name):
    n = ' '.join(name.split()).lower()
    while True:
        m = re.match(r'^(.*\S)\s*(\[[^\[\]]*\]|\([^()]*\))$', n)
        if not m:
            return n
        n = m.group(1)


def classify(fl):
    """-> (figure, gas, gwp) or None"""
    if fl['flowType'] != 'ELEMENTARY_FLOW':
        return None
    path = [s.lower() for s in cat_path(fl.get('category'))]
    n = norm(fl['name'])
    base, qual = n, ''
    if ',' in n:
        q = n.rsplit(',', 1)[1].strip()
        if q in QUALS:
            base, qual = n.rsplit(',', 1)[0], q
    if fl.get('cas'):
        sp = CAS.get(re.sub(r'^0+(?=\d)', '', fl['cas'].strip()))
        if sp is None:
            return None
    else:
        sp = {'carbon dioxide': 'co2', 'methane': 'ch4'}.get(base) or FORMULA.get(base)
    if sp is None:
        return None
    if 'resource' in path:
        if sp == 'co2' and (qual == 'in air' or (qual == '' and 'in air' in path)):
            return ('biogenic-removals', 'co2-uptake', 1.0)
        return None
    if not any(s in ('air', 'emission to air', 'emissions to air', 'emission output to atmosphere') for s in path):
        return None
    if sp in ('co2', 'ch4'):
        if qual in ('biogenic', 'non-fossil'):
            g = 'co2-biogenic' if sp == 'co2' else 'ch4-non-fossil'
            return ('biogenic-emissions', g, GWP[g])
        if qual == 'land transformation':
            g = 'co2-fossil' if sp == 'co2' else 'ch4-non-fossil'
            return ('dluc', g, GWP[g])
        if qual == 'in air':
            return None
        g = sp + '-fossil'
        return ('fossil', g, GWP[g])
    if qual not in ('', 'fossil'):
        return None
    return ('fossil', sp, gwp[sp] if sp != 'n2o' else gwp['n2o'])


def alloc(p, e, refflow):
    if e.get('quantitativeReference'):
        return 1.0
    fs = [a for a in p.get('allocationFactors', [])
          if a['allocationType'] == allocation and (a.get('product') or {}).get('@id') == refflow]
    if not fs:
        return 1.0
    if allocation != 'CAUSAL_ALLOCATION':
        t = flows[e['flow']['@id']]['flowType']
        if t == 'PRODUCT_FLOW' and not e['input']:
            return 1.0
        return fs[-1]['value']
    for a in fs:
        if (a.get('exchange') or {}).get('@id') == e['@id']:
            return a['value']
    for a in fs:
        if not (a.get('exchange') or {}).get('@id') and (a.get('exchange') or {}).get('flow', {}).get('@id') == e['flow']['@id']:
            return a['value']
    return 1.0


def footprint(TARGET):
    # supply walk
    order, index = [TARGET], {TARGET: 0}
    k = 0
    while k < len(order):
        p = procs[order[k]]
        for e in p['exchanges']:
            q = provider_of(e, p)
            if q and q not in index:
                index[q] = len(order)
                order.append(q)
        k += 1
    m = len(order)
    A = np.zeros((m, m))
    D = {f: np.zeros(m) for f in ('fossil', 'biogenic-emissions', 'biogenic-removals', 'dluc')}
    G = {}
    for j, pid in enumerate(order):
        p = procs[pid]
        refflow = ref_ex(p)['flow']['@id']
        for e in p['exchanges']:
            a = e['amount'] * factor(e) * alloc(p, e, refflow)
            sign = -1.0 if e['input'] else 1.0
            if e.get('quantitativeReference'):
                A[j, j] += sign * a
                continue
            q = provider_of(e, p)
            if q:
                A[index[q], j] += sign * a
                continue
            c = classify(flows[e['flow']['@id']])
            if c:
                D[c[0]][j] += sign * a * c[2]
                G.setdefault(c[1], np.zeros(m))[j] += sign * a
    r = ref_ex(procs[TARGET])
    f = np.zeros(m)
    f[0] = amount * r['amount'] * factor(r) / r['amount']
    s = np.linalg.solve(A, f)
    out = {k: float(D[k] @ s) for k in D}
    out['total'] = sum(out.values())
    out['gases'] = {g: float(v @ s) for g, v in sorted(G.items())}
    out['processes'] = m
    # direct contributions by process category ("root/child/leaf", "" when none)
    cats_direct = {}
    for j, pid in enumerate(order):
        path = '/'.join(cat_path(procs[pid].get('category')))
        cats_direct[path] = cats_direct.get(path, 0.0) + sum(D[k][j] for k in D) * s[j]
    out['categories'] = cats_direct
    return out


print(json.dumps({t: footprint(t) for t in TARGETS}, indent=1, sort_keys=True))
