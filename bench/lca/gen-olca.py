#!/usr/bin/python3
"""gen-olca.py - a synthetic openLCA JSON-LD export (olca-schema 1.x layout, as USLCI's) of N
processes for the benchmarks: each makes its own product and takes 8 products of random others
(0.1-5 % of a unit each, so the system is well posed and, from process p0, reaches nearly all),
emits 15 of 500 elementary flows to air (CO2, CH4, N2O among them), half of all exchanges with a
lognormal uncertainty. Deterministic (seeded).

The links follow the shape of real databases rather than a random graph (whose LU factors fill in
completely): process p takes its inputs from processes below it (half from the 200 just below, half
from anywhere below), and 2 % of its inputs from up to 50 above it, which makes loops (like a
refinery and the power it uses) of moderate size. The last process reaches nearly all the others.

usage: gen-olca.py OUT_DIR [N]   (default N = 20000)
"""
import json
import os
import random
import sys

out, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20000
rnd = random.Random(1)
for d in ('processes', 'flows', 'flow_properties', 'unit_groups', 'categories', 'locations'):
    os.makedirs(os.path.join(out, d), exist_ok=True)


def put(folder, obj):
    with open(os.path.join(out, folder, obj['@id'] + '.json'), 'w') as f:
        json.dump(obj, f, separators=(',', ':'))


def ref(t, i, name=''):
    return {'@type': t, '@id': i, 'name': name}


put('unit_groups', {'@type': 'UnitGroup', '@id': 'ug-mass', 'name': 'Units of mass', 'units': [
    {'@id': 'u-kg', 'name': 'kg', 'conversionFactor': 1.0, 'referenceUnit': True}]})
put('flow_properties', {'@type': 'FlowProperty', '@id': 'fp-mass', 'name': 'Mass',
                        'unitGroup': ref('UnitGroup', 'ug-mass')})
put('categories', {'@type': 'Category', '@id': 'c-air', 'name': 'air', 'modelType': 'FLOW'})
put('categories', {'@type': 'Category', '@id': 'c-prod', 'name': 'Products', 'modelType': 'FLOW'})
put('locations', {'@type': 'Location', '@id': 'loc-glo', 'name': 'Global', 'code': 'GLO'})
MASS = [{'flowProperty': ref('FlowProperty', 'fp-mass'), 'conversionFactor': 1.0, 'referenceFlowProperty': True}]
elem = ['e%03d' % k for k in range(500)]
names = ['Carbon dioxide, fossil', 'Methane, fossil', 'Dinitrogen monoxide'] + ['Substance %d' % k for k in range(3, 500)]
for i, nm in zip(elem, names):
    put('flows', {'@type': 'Flow', '@id': i, 'name': nm, 'flowType': 'ELEMENTARY_FLOW',
                  'category': ref('Category', 'c-air'), 'flowProperties': MASS})
for p in range(n):
    put('flows', {'@type': 'Flow', '@id': 'f%05d' % p, 'name': 'Product %d' % p, 'flowType': 'PRODUCT_FLOW',
                  'category': ref('Category', 'c-prod'), 'flowProperties': MASS})


def ex(k, fl, amount, inp=False, qref=False):
    e = {'@type': 'Exchange', '@id': 'x%d' % k, 'flow': ref('Flow', fl), 'amount': amount,
         'unit': ref('Unit', 'u-kg', 'kg'), 'flowProperty': ref('FlowProperty', 'fp-mass'), 'input': inp,
         'avoidedProduct': False}
    if qref:
        e['quantitativeReference'] = True
    elif rnd.random() < 0.5:
        e['uncertainty'] = {'distributionType': 'LOG_NORMAL_DISTRIBUTION', 'geomMean': amount,
                            'geomSd': 1.05 + 0.3 * rnd.random()}
    return e


k = 0
for p in range(n):
    exs = [ex(k, 'f%05d' % p, 1.0, qref=True)]
    k += 1
    qs = set()
    while len(qs) < min(8, p) or (p == 0 and len(qs) < 1):
        r = rnd.random()
        if r < 0.02 or p == 0:
            q = min(n - 1, p + 1 + rnd.randrange(50))
        elif r < 0.51:
            q = max(0, p - 1 - rnd.randrange(200))
        else:
            q = rnd.randrange(p)
        if q != p:
            qs.add(q)
    for q in sorted(qs):
        exs.append(ex(k, 'f%05d' % q, 0.001 + 0.049 * rnd.random(), inp=True))
        k += 1
    for e in [0, 1, 2] + rnd.sample(range(3, 500), 12):
        exs.append(ex(k, elem[e], rnd.random() * (1.0 if e == 0 else 0.01)))
        k += 1
    put('processes', {'@type': 'Process', '@id': 'p%05d' % p, 'name': 'Process %d' % p,
                      'processType': 'UNIT_PROCESS', 'location': ref('Location', 'loc-glo', 'Global'),
                      'exchanges': exs})
