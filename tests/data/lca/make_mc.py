#!/usr/bin/python3
"""make_mc.py - writes tests/data/lca/mc/, an openLCA JSON-LD export whose Monte Carlo results have
closed forms (tests/cli/lca-mc.sh): a sum of lognormals, a product of lognormals through a link, a
normal, a negative lognormal, a triangle and a uniform. Run from this folder; the output is committed."""
import json
import os
import shutil

OUT = 'mc'
shutil.rmtree(OUT, ignore_errors=True)


def put(folder, obj):
    os.makedirs(os.path.join(OUT, folder), exist_ok=True)
    with open(os.path.join(OUT, folder, obj['@id'] + '.json'), 'w') as f:
        json.dump(obj, f, indent=1, sort_keys=True)


def ref(t, i, name=''):
    return {'@type': t, '@id': i, 'name': name}


put('unit_groups', {'@type': 'UnitGroup', '@id': 'ug-mass', 'name': 'Units of mass', 'units': [
    {'@id': 'u-kg', 'name': 'kg', 'conversionFactor': 1.0, 'referenceUnit': True}]})
put('flow_properties', {'@type': 'FlowProperty', '@id': 'fp-mass', 'name': 'Mass', 'unitGroup': ref('UnitGroup', 'ug-mass')})
put('categories', {'@type': 'Category', '@id': 'c-air', 'name': 'air', 'modelType': 'FLOW'})
MASS = [{'flowProperty': ref('FlowProperty', 'fp-mass'), 'conversionFactor': 1.0, 'referenceFlowProperty': True}]
put('flows', {'@type': 'Flow', '@id': 'f-co2', 'name': 'Carbon dioxide, fossil', 'flowType': 'ELEMENTARY_FLOW',
              'category': ref('Category', 'c-air'), 'flowProperties': MASS})
for p in ('a', 'b', 'sum', 'normal', 'neg', 'tri', 'uni', 'ped'):
    put('flows', {'@type': 'Flow', '@id': 'f-' + p, 'name': 'Product ' + p, 'flowType': 'PRODUCT_FLOW',
                  'category': ref('Category', 'c-air'), 'flowProperties': MASS})


def ex(i, fl, amount, inp=False, qref=False, u=None, **kw):
    e = {'@type': 'Exchange', '@id': i, 'flow': ref('Flow', fl), 'amount': amount, 'unit': ref('Unit', 'u-kg', 'kg'),
         'flowProperty': ref('FlowProperty', 'fp-mass'), 'input': inp, 'avoidedProduct': False}
    if qref:
        e['quantitativeReference'] = True
    if u:
        e['uncertainty'] = u
    e.update(kw)
    return e


def ln(gm, gsd):
    return {'distributionType': 'LOG_NORMAL_DISTRIBUTION', 'geomMean': gm, 'geomSd': gsd}


def process(i, exchanges):
    put('processes', {'@type': 'Process', '@id': i, 'name': 'Process ' + i, 'processType': 'UNIT_PROCESS',
                      'exchanges': exchanges})


# sum: 2 (gsd 1.5) + 3 (gsd 1.2) kg CO2: mean 2 exp(ln(1.5)^2/2) + 3 exp(ln(1.2)^2/2)
process('p-sum', [ex('x1', 'f-sum', 1.0, qref=True), ex('x2', 'f-co2', 2.0, u=ln(2.0, 1.5)),
                  ex('x3', 'f-co2', 3.0, u=ln(3.0, 1.2))])
# product: a takes 2 kg of b (gsd 1.5), b emits 3 kg CO2 per kg (gsd 1.3): median 6
process('p-a', [ex('x4', 'f-a', 1.0, qref=True), ex('x5', 'f-b', 2.0, inp=True, u=ln(2.0, 1.5))])
process('p-b', [ex('x6', 'f-b', 1.0, qref=True), ex('x7', 'f-co2', 3.0, u=ln(3.0, 1.3))])
# normal: mean 10, sd 2
process('p-normal', [ex('x8', 'f-normal', 1.0, qref=True),
                     ex('x9', 'f-co2', 10.0, u={'distributionType': 'NORMAL_DISTRIBUTION', 'mean': 10.0, 'sd': 2.0})])
# a negative lognormal keeps its sign: mean -2 exp(ln(1.5)^2/2)
process('p-neg', [ex('x10', 'f-neg', 1.0, qref=True), ex('x11', 'f-co2', -2.0, u=ln(-2.0, 1.5))])
# triangle (1, 2, 6): mean 3; uniform (2, 4): mean 3
process('p-tri', [ex('x12', 'f-tri', 1.0, qref=True), ex('x13', 'f-co2', 2.0, u={
    'distributionType': 'TRIANGLE_DISTRIBUTION', 'minimum': 1.0, 'mode': 2.0, 'maximum': 6.0})])
process('p-uni', [ex('x14', 'f-uni', 1.0, qref=True), ex('x15', 'f-co2', 3.0, u={
    'distributionType': 'UNIFORM_DISTRIBUTION', 'minimum': 2.0, 'maximum': 4.0})])
# pedigree (1;2;3;4;5) with basic uncertainty 1.05, no distribution written: a lognormal with
# ln(gsd)^2 = ln(1.05)^2 + ln(1.00)^2 + ln(1.02)^2 + ln(1.10)^2 + ln(1.05)^2 + ln(2.00)^2
process('p-ped', [ex('x16', 'f-ped', 1.0, qref=True),
                  ex('x17', 'f-co2', 1.0, pedigreeUncertainty='(1;2;3;4;5)', baseUncertainty=1.05)])
