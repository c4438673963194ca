#!/usr/bin/python3
"""make_chain.py - writes tests/data/lca/chain/, a small openLCA JSON-LD export (olca-schema 1.x
layout) whose footprints are computed by hand in tests/cli/lca.sh. Run from this folder; the output
is committed. Kept so that the fixture can be read and changed as a whole."""
import json
import os
import shutil

OUT = 'chain'
shutil.rmtree(OUT, ignore_errors=True)


def put(folder, obj):
    os.makedirs(os.path.join(OUT, folder), exist_ok=True)
    with open(os.path.join(OUT, folder, obj['@id'] + '.json'), 'w') as f:
        json.dump(obj, f, indent=1, sort_keys=True)


def ref(t, i, name=''):
    return {'@type': t, '@id': i, 'name': name}


# units: kg (g), m3 (l), MJ (kWh = 3.6 MJ)
put('unit_groups', {'@type': 'UnitGroup', '@id': 'ug-mass', 'name': 'Units of mass', 'units': [
    {'@id': 'u-kg', 'name': 'kg', 'conversionFactor': 1.0, 'referenceUnit': True},
    {'@id': 'u-g', 'name': 'g', 'conversionFactor': 0.001}]})
put('unit_groups', {'@type': 'UnitGroup', '@id': 'ug-vol', 'name': 'Units of volume', 'units': [
    {'@id': 'u-m3', 'name': 'm3', 'conversionFactor': 1.0, 'referenceUnit': True},
    {'@id': 'u-l', 'name': 'l', 'conversionFactor': 0.001}]})
put('unit_groups', {'@type': 'UnitGroup', '@id': 'ug-energy', 'name': 'Units of energy', 'units': [
    {'@id': 'u-MJ', 'name': 'MJ', 'conversionFactor': 1.0, 'referenceUnit': True},
    {'@id': 'u-kWh', 'name': 'kWh', 'conversionFactor': 3.6}]})
for i, n, g in (('fp-mass', 'Mass', 'ug-mass'), ('fp-vol', 'Volume', 'ug-vol'), ('fp-energy', 'Energy', 'ug-energy')):
    put('flow_properties', {'@type': 'FlowProperty', '@id': i, 'name': n, 'unitGroup': ref('UnitGroup', g)})
# categories: air/unspecified, water/unspecified, resource/in air, the bare root "Elementary Flows", products
for i, n, parent in (('c-air', 'air', None), ('c-air-u', 'unspecified', 'c-air'), ('c-water', 'water', None),
                     ('c-water-u', 'unspecified', 'c-water'), ('c-res', 'resource', None),
                     ('c-res-air', 'in air', 'c-res'), ('c-ef', 'Elementary Flows', None), ('c-prod', 'Products', None)):
    c = {'@type': 'Category', '@id': i, 'name': n, 'modelType': 'FLOW'}
    if parent:
        c['category'] = ref('Category', parent)
    put('categories', c)
put('locations', {'@type': 'Location', '@id': 'loc-us', 'name': 'United States', 'code': 'US'})

MASS = [{'flowProperty': ref('FlowProperty', 'fp-mass'), 'conversionFactor': 1.0, 'referenceFlowProperty': True}]


def flow(i, name, ftype, cat, props=MASS, cas=None):
    f = {'@type': 'Flow', '@id': i, 'name': name, 'flowType': ftype, 'category': ref('Category', cat),
         'flowProperties': props}
    if cas:
        f['cas'] = cas
    put('flows', f)


E = 'ELEMENTARY_FLOW'
P = 'PRODUCT_FLOW'
flow('f-co2f', 'Carbon dioxide, fossil', E, 'c-air-u')
flow('f-co2b', 'Carbon dioxide, biogenic', E, 'c-air-u')
flow('f-ch4', 'Methane', E, 'c-air-u')                                   # no origin: fossil
flow('f-n2o', 'Dinitrogen monoxide', E, 'c-air-u', cas='010024-97-2')     # by CAS
flow('f-uptake', 'Carbon dioxide, in air', E, 'c-res-air')               # a removal
flow('f-ch4-water', 'Methane', E, 'c-water-u')                          # not to air
flow('f-co2-bare', 'Carbon dioxide, fossil', E, 'c-ef')                  # bare root: unmatched
flow('f-hfcs', 'HFCs and HCFCs, unspecified', E, 'c-air-u')             # a group: unmatched
flow('f-steel', 'Steel, at plant', P, 'c-prod')
flow('f-slag', 'Slag, at plant', P, 'c-prod')                            # only a co-product
# fuel: 800 kg/m3, so 0.00125 m3 of volume per kg (its reference property)
flow('f-fuel', 'Fuel oil, at refinery', P, 'c-prod', props=MASS + [
    {'flowProperty': ref('FlowProperty', 'fp-vol'), 'conversionFactor': 0.00125}])
flow('f-power', 'Electricity, at grid', P, 'c-prod', props=[
    {'flowProperty': ref('FlowProperty', 'fp-energy'), 'conversionFactor': 1.0, 'referenceFlowProperty': True}])
flow('f-paint', 'CUTOFF Paint', P, 'c-prod')                             # no provider
flow('f-diesel', 'Diesel, at refinery', P, 'c-prod')                     # two providers
flow('f-widget', 'Widget', P, 'c-prod')


def ex(i, fl, amount, unit, prop, inp=False, qref=False, **kw):
    e = {'@type': 'Exchange', '@id': i, 'flow': ref('Flow', fl), 'amount': amount, 'unit': ref('Unit', unit, unit[2:]),
         'flowProperty': ref('FlowProperty', prop), 'input': inp, 'avoidedProduct': False}
    if qref:
        e['quantitativeReference'] = True
    e.update(kw)
    return e


def process(i, name, exchanges, alloc=None):
    p = {'@type': 'Process', '@id': i, 'name': name, 'processType': 'UNIT_PROCESS',
         'location': ref('Location', 'loc-us', 'United States'), 'exchanges': exchanges,
         'processDocumentation': {'publication': ref('Source', 's-1', 'Test source')}}
    if alloc:
        p['allocationFactors'] = alloc
    put('processes', p)


process('p-steel', 'Steel production', [
    ex('x-s-ref', 'f-steel', 1.0, 'u-kg', 'fp-mass', qref=True),
    ex('x-s-fuel', 'f-fuel', 2.0, 'u-l', 'fp-vol', inp=True),            # 2 l = 1.6 kg
    ex('x-s-pow1', 'f-power', 0.5, 'u-kWh', 'fp-energy', inp=True),
    ex('x-s-pow2', 'f-power', -0.1, 'u-kWh', 'fp-energy', inp=True),     # negative: net 0.4 kWh
    ex('x-s-paint', 'f-paint', 100.0, 'u-g', 'fp-mass', inp=True),       # cut-off, 0.1 kg
    ex('x-s-diesel', 'f-diesel', 0.2, 'u-kg', 'fp-mass', inp=True),
    ex('x-s-co2', 'f-co2f', 1.0, 'u-kg', 'fp-mass',
       uncertainty={'distributionType': 'LOG_NORMAL_DISTRIBUTION', 'geomMean': 1.0, 'geomSd': 1.2}),
    ex('x-s-ch4', 'f-ch4', 10.0, 'u-g', 'fp-mass'),
    ex('x-s-slag', 'f-slag', 0.3, 'u-kg', 'fp-mass'),                   # co-product, ignored
], alloc=[
    {'@type': 'AllocationFactor', 'allocationType': 'PHYSICAL_ALLOCATION', 'product': ref('Flow', 'f-steel'), 'value': 0.8},
    {'@type': 'AllocationFactor', 'allocationType': 'PHYSICAL_ALLOCATION', 'product': ref('Flow', 'f-slag'), 'value': 0.2},
])
process('p-fuel', 'Fuel oil production', [
    ex('x-f-ref', 'f-fuel', 1.25, 'u-l', 'fp-vol', qref=True),            # 1.25 l = 1 kg
    ex('x-f-co2', 'f-co2f', 3.0, 'u-kg', 'fp-mass'),
    ex('x-f-n2o', 'f-n2o', 1.0, 'u-g', 'fp-mass'),
    ex('x-f-ch4w', 'f-ch4-water', 5.0, 'u-kg', 'fp-mass'),
    ex('x-f-pow', 'f-power', 0.1, 'u-kWh', 'fp-energy', inp=True),
])
process('p-power', 'Electricity generation', [
    ex('x-p-ref', 'f-power', 1.0, 'u-kWh', 'fp-energy', qref=True),
    ex('x-p-co2', 'f-co2f', 0.5, 'u-kg', 'fp-mass'),
    ex('x-p-co2b', 'f-co2b', 0.2, 'u-kg', 'fp-mass'),
    ex('x-p-co2bin', 'f-co2b', 0.05, 'u-kg', 'fp-mass', inp=True),        # an input of an emission: -0.05
    ex('x-p-up', 'f-uptake', 0.2, 'u-kg', 'fp-mass', inp=True),           # removal -0.2
    ex('x-p-bare', 'f-co2-bare', 0.001, 'u-kg', 'fp-mass'),
    ex('x-p-hfcs', 'f-hfcs', 0.001, 'u-kg', 'fp-mass'),
])
process('p-diesel-a', 'Diesel production A', [
    ex('x-da-ref', 'f-diesel', 1.0, 'u-kg', 'fp-mass', qref=True),
    ex('x-da-co2', 'f-co2f', 0.3, 'u-kg', 'fp-mass'),
])
process('p-diesel-b', 'Diesel production B', [
    ex('x-db-ref', 'f-diesel', 1.0, 'u-kg', 'fp-mass', qref=True),
    ex('x-db-co2', 'f-co2f', 0.5, 'u-kg', 'fp-mass'),
])
process('p-broken', 'Widget assembly', [
    ex('x-w-ref', 'f-widget', 1.0, 'u-kg', 'fp-mass', qref=True),
    ex('x-w-fuel', 'f-fuel', 2.0, 'u-kWh', 'fp-energy', inp=True),        # fuel has no energy factor
])
