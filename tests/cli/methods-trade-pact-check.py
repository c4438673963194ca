#!/usr/bin/python3
# methods-trade-pact-check.py - check PACT ProductFootprint JSON files against the official
# OpenAPI schema (read from the reference folder, never copied into the project) and against the
# rules that schema misses.
#
# usage: methods-trade-pact-check.py SPEC_DIR v2|v3 FILE...
#   SPEC_DIR is ../shared/reference/pact (holding v2/openapi.yaml and v3/openapi.yaml).
# Prints one line per problem ("FILE: PATH: message") and exits 0 when every file passes, 1 when
# any fails, 2 on a usage error.
#
# What is checked beyond the published schema (see ../shared/reference/README.md):
#   - no unknown fields: every object whose schema lists properties may carry only those
#     (DataModelExtension.data excepted: it is free-form by design);
#   - decimals are plain decimal strings, no exponent, no leading '+', no NaN/Infinity
#     (v2 declares format: decimal without a pattern; v3's patterns are not anchored on both sides);
#   - the sign rules the patterns state but do not enforce: "> 0", ">= 0", "<= 0", "< 0"
#     (v2: x-comment on the property; v3: comment on the referenced decimal schema);
#   - date-time values are RFC 3339 (python3-jsonschema has no date-time checker without an
#     extra module) and uuid values are canonical lowercase 8-4-4-4-12;
#   - packagingGhgEmissions MUST be undefined when packagingEmissionsIncluded is false (v2, v3);
#   - v3 (TS 3.0.3), rules its text states that the schema does not encode:
#     * DataQualityIndicators: each DQR "MUST be between 1 and 5 inclusive";
#     * precedingPfIds are "past versions": the footprint's own id is not among them;
#     * the x-comment formulas: pcfExcludingBiogenicUptake = fossilGhgEmissions + landUseChangeGhgEmissions
#       + landManagementBiogenicCO2Emissions + landManagementBiogenicCO2Removals + technologicalCO2Removals
#       + ccsTechnologicalCO2Capture + biogenicNonCO2Emissions (absent terms 0), and
#       pcfIncludingBiogenicUptake = the same + biogenicCO2Uptake (within 1e-9 relative). The description
#       also lists "biogenic CO2" among what the PCF includes, which the formula has no term for; the
#       formula is checked (docs/methods/pact.md says why);
#   - v2: biogenicCarbonWithdrawal <= 0 and pCfIncludingBiogenic = pCfExcludingBiogenic +
#     biogenicCarbonWithdrawal is not a spec rule and is not checked here (the plugin's own tests
#     check its arithmetic); only spec rules are.
import json
import re
import sys

import jsonschema
import yaml

DECIMAL = re.compile(r'^-?(0|[1-9][0-9]*)(\.[0-9]+)?$')
DATETIME = re.compile(r'^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$')
UUID = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')


def load_spec(spec_dir, version):
    with open('%s/%s/openapi.yaml' % (spec_dir, version), encoding='utf-8') as f:
        doc = yaml.safe_load(f)
    return doc['components']['schemas']


def resolve(schemas, node):
    seen = 0
    while isinstance(node, dict) and '$ref' in node:
        ref = node['$ref']
        prefix = '#/components/schemas/'
        if not ref.startswith(prefix):
            raise ValueError('unsupported $ref ' + ref)
        extra = {k: v for k, v in node.items() if k != '$ref'}
        target = dict(schemas[ref[len(prefix):]])
        # a $ref with siblings (x-comment, x-unit...) keeps both
        for k, v in extra.items():
            target.setdefault(k, v)
        node = target
        seen += 1
        if seen > 32:
            raise ValueError('$ref loop')
    return node


def sign_rule(schema):
    for key in ('x-comment', 'comment'):
        v = schema.get(key)
        if isinstance(v, str) and v.strip() in ('> 0', '>= 0', '<= 0', '< 0'):
            return v.strip()
    return None


def check_extra(schemas, schema, value, path, problems):
    schema = resolve(schemas, schema)
    if not isinstance(schema, dict):
        return
    fmt = schema.get('format')
    if isinstance(value, str):
        if fmt == 'decimal':
            if not DECIMAL.match(value):
                problems.append('%s: %r is not a plain decimal string (no exponent, sign only "-")' % (path, value))
            else:
                rule = sign_rule(schema)
                x = float(value)
                bad = ((rule == '> 0' and not x > 0) or (rule == '>= 0' and not x >= 0)
                       or (rule == '<= 0' and not x <= 0) or (rule == '< 0' and not x < 0))
                if bad:
                    problems.append('%s: %s breaks the rule "%s"' % (path, value, rule))
        elif fmt == 'date-time' and not DATETIME.match(value):
            problems.append('%s: %r is not an RFC 3339 date-time' % (path, value))
        elif fmt == 'uuid' and not UUID.match(value):
            problems.append('%s: %r is not a canonical lowercase UUID' % (path, value))
    if isinstance(value, dict):
        props = schema.get('properties')
        if props is not None:
            for k in value:
                if k not in props:
                    problems.append('%s: unknown field %r' % (path, k))
            for k, v in value.items():
                if k in props and not (schema.get('title') == 'DataModelExtension' and k == 'data'):
                    check_extra(schemas, props[k], v, path + '.' + k, problems)
        if 'packagingEmissionsIncluded' in value and value['packagingEmissionsIncluded'] is False \
                and 'packagingGhgEmissions' in value:
            problems.append('%s: packagingGhgEmissions is defined although packagingEmissionsIncluded is false' % path)
    if isinstance(value, list) and 'items' in schema:
        for i, v in enumerate(value):
            check_extra(schemas, schema['items'], v, '%s[%d]' % (path, i), problems)


def check_file(schemas, path):
    problems = []
    try:
        with open(path, encoding='utf-8') as f:
            doc = json.load(f, object_pairs_hook=_no_duplicates)
    except (OSError, ValueError) as e:
        return ['cannot read: %s' % e]
    root = {'$schema': 'https://json-schema.org/draft/2020-12/schema',
            '$ref': '#/components/schemas/ProductFootprint',
            'components': {'schemas': schemas}}
    validator = jsonschema.Draft202012Validator(root, format_checker=jsonschema.FormatChecker())
    for e in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
        where = '$' + ''.join('[%d]' % p if isinstance(p, int) else '.' + p for p in e.absolute_path)
        problems.append('%s: schema: %s' % (where, e.message))
    check_extra(schemas, schemas['ProductFootprint'], doc, '$', problems)
    if V3 and isinstance(doc, dict):
        check_v3_rules(doc, problems)
    return problems


V3 = False
EXCL_TERMS = ('fossilGhgEmissions', 'landUseChangeGhgEmissions', 'landManagementBiogenicCO2Emissions',
              'landManagementBiogenicCO2Removals', 'technologicalCO2Removals', 'ccsTechnologicalCO2Capture',
              'biogenicNonCO2Emissions')


def _num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def _close(a, b):
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def check_v3_rules(doc, problems):
    if doc.get('id') in (doc.get('precedingPfIds') or []):
        problems.append('$.precedingPfIds: lists the footprint\'s own id %s' % doc.get('id'))
    pcf = doc.get('pcf')
    if not isinstance(pcf, dict):
        return
    dqi = pcf.get('dqi')
    if isinstance(dqi, dict):
        for k, v in dqi.items():
            x = _num(v)
            if k.endswith('DQR') and x is not None and not 1 <= x <= 5:
                problems.append('$.pcf.dqi.%s: %s is not between 1 and 5 (TS 3.0.3 DataQualityIndicators)' % (k, v))
    terms = [_num(pcf.get(k, '0')) for k in EXCL_TERMS]
    excl, incl, up = _num(pcf.get('pcfExcludingBiogenicUptake')), _num(pcf.get('pcfIncludingBiogenicUptake')), \
        _num(pcf.get('biogenicCO2Uptake', '0'))
    if None in terms or excl is None or incl is None or up is None:
        return
    if not _close(excl, sum(terms)):
        problems.append('$.pcf.pcfExcludingBiogenicUptake: %r is not the sum of its terms (%s) = %r'
                        % (excl, ' + '.join(EXCL_TERMS), sum(terms)))
    if not _close(incl, sum(terms) + up):
        problems.append('$.pcf.pcfIncludingBiogenicUptake: %r is not pcfExcludingBiogenicUptake + biogenicCO2Uptake = %r'
                        % (incl, sum(terms) + up))


def _no_duplicates(pairs):
    d = {}
    for k, v in pairs:
        if k in d:
            raise ValueError('duplicate key %r' % k)
        d[k] = v
    return d


def main(argv):
    if len(argv) < 4 or argv[2] not in ('v2', 'v3'):
        sys.stderr.write('usage: %s SPEC_DIR v2|v3 FILE...\n' % argv[0])
        return 2
    global V3
    V3 = argv[2] == 'v3'
    schemas = load_spec(argv[1], argv[2])
    failed = 0
    for path in argv[3:]:
        problems = check_file(schemas, path)
        for p in problems:
            print('%s: %s' % (path, p))
        if problems:
            failed += 1
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
