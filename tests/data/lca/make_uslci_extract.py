#!/usr/bin/python3
"""make_uslci_extract.py - copies, byte for byte, the part of the U.S. LCI database (openLCA JSON-LD,
olca1.5-json-ld, MIT licence: LICENSE in the output) that one product system uses: the target
process, every process it reaches by the linking rules of docs/lca-import.md (a product input to the
process whose reference output it is; a waste output to the one whose reference input it is), every
candidate of a flow with several providers (so that the choice stays a choice), and the flows, flow
properties, unit groups, categories and locations they name. The footprint of the target is then the
same from the extract as from the whole database (tests/cli/lca-background.sh checks it when the
database is at hand). Run from this folder; the output is committed.

usage: make_uslci_extract.py USLCI_DIR OUT PROCESS_ID [FLOW_ID=PROCESS_ID]...
"""
import json
import os
import shutil
import sys

SRC, OUT, TARGET = sys.argv[1], sys.argv[2], sys.argv[3]
CHOICE = dict(a.split('=', 1) for a in sys.argv[4:])


def path(folder, i):
    return os.path.join(SRC, folder, i + '.json')


def load(folder, i):
    with open(path(folder, i), encoding='utf-8') as f:
        return json.load(f)


procs = {}
for f in os.listdir(os.path.join(SRC, 'processes')):
    if f.endswith('.json'):
        p = load('processes', f[:-5])
        procs[p['@id']] = p
flow_type = {}


def ftype(i):
    if i not in flow_type:
        flow_type[i] = load('flows', i).get('flowType')
    return flow_type[i]


# providers: reference output of a product, reference input of a waste
providers = {}
for p in procs.values():
    refs = [e for e in p.get('exchanges', []) if e.get('quantitativeReference')]
    if len(refs) != 1:
        continue
    e = refs[0]
    fi = e['flow']['@id']
    t = ftype(fi)
    if (t == 'PRODUCT_FLOW' and not e.get('input')) or (t == 'WASTE_FLOW' and e.get('input')):
        providers.setdefault(fi, []).append(p['@id'])

keep, todo = set(), [TARGET]
while todo:
    pid = todo.pop()
    if pid in keep:
        continue
    keep.add(pid)
    for e in procs[pid].get('exchanges', []):
        if e.get('quantitativeReference'):
            continue
        fi = e['flow']['@id']
        t = ftype(fi)
        if not ((t == 'PRODUCT_FLOW' and e.get('input')) or (t == 'WASTE_FLOW' and not e.get('input'))):
            continue
        cands = providers.get(fi, [])
        if len(cands) > 1:
            keep.update(c for c in cands if c != CHOICE.get(fi))  # the other candidates, not their upstream
            cands = [CHOICE[fi]] if fi in CHOICE else []
        todo.extend(c for c in cands if c not in keep)

flows, props, groups, cats, locs = set(), set(), set(), set(), set()
for pid in keep:
    p = procs[pid]
    if p.get('location'):
        locs.add(p['location']['@id'])
    if p.get('category'):
        cats.add(p['category']['@id'])
    for e in p.get('exchanges', []):
        flows.add(e['flow']['@id'])
for fi in flows:
    f = load('flows', fi)
    if f.get('category'):
        cats.add(f['category']['@id'])
    for fp in f.get('flowProperties', []):
        props.add(fp['flowProperty']['@id'])
for pi in props:
    groups.add(load('flow_properties', pi)['unitGroup']['@id'])
todo = list(cats)
while todo:  # parent categories
    c = load('categories', todo.pop())
    if c.get('category') and c['category']['@id'] not in cats:
        cats.add(c['category']['@id'])
        todo.append(c['category']['@id'])

shutil.rmtree(OUT, ignore_errors=True)
for folder, ids in (('processes', keep), ('flows', flows), ('flow_properties', props), ('unit_groups', groups),
                    ('categories', cats), ('locations', locs)):
    os.makedirs(os.path.join(OUT, folder))
    for i in sorted(ids):
        shutil.copyfile(path(folder, i), os.path.join(OUT, folder, i + '.json'))
shutil.copyfile(os.path.join(SRC, '..', 'LICENSE'), os.path.join(OUT, 'LICENSE'))
print('%d processes, %d flows, %d flow properties, %d unit groups, %d categories, %d locations'
      % (len(keep), len(flows), len(props), len(groups), len(cats), len(locs)))
