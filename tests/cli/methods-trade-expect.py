#!/usr/bin/python3
# methods-trade-expect.py - compare a result JSON (and optionally PACT exports) with the hand-computed
# expectations of a worked example.
#
# usage: methods-trade-expect.py EXPECTED RESULT.json [V2.json [V3.json]]
#
# EXPECTED names its inventory ("inventory FILE.yaml") and parameters ("param NAME=VALUE", read by the
# test script), then holds one check per line ('#' starts a comment; the arithmetic is written beside each number):
#   result PATH = EXPRESSION     a number in the result JSON, within 1e-9 relative (1e-12 absolute)
#   result PATH == "TEXT"        a string (or true/false/null) in the result JSON, exactly
#   v2 PATH = EXPRESSION         a number in the pact-v2 export (decimal strings are read as numbers)
#   v3 PATH = EXPRESSION         the same in the pact-v3 export
#   v2 PATH == "TEXT" / v3 PATH == "TEXT"
# PATH is dotted keys with [i] indexes or [key=value] selectors on lists of objects, e.g.
#   footprint.total   figures[name=see-direct].value   breakdown.stages[stage=production].value
# EXPRESSION is arithmetic on numbers only (+ - * / parentheses), e.g. 1857.5 * 0.8 / 800.
# Exit 0 when every check passes; otherwise each failure is printed and the exit status is 1.
import ast
import json
import operator
import re
import sys

OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
       ast.USub: operator.neg, ast.UAdd: operator.pos}


def arith(text):
    def ev(n):
        if isinstance(n, ast.Expression):
            return ev(n.body)
        if isinstance(n, ast.Constant) and isinstance(n.value, (int, float)):
            return float(n.value)
        if isinstance(n, ast.BinOp) and type(n.op) in OPS:
            return OPS[type(n.op)](ev(n.left), ev(n.right))
        if isinstance(n, ast.UnaryOp) and type(n.op) in OPS:
            return OPS[type(n.op)](ev(n.operand))
        raise ValueError('not arithmetic: %s' % text)
    return ev(ast.parse(text, mode='eval'))


def walk(doc, path):
    cur = doc
    for part in re.findall(r'[^.\[\]]+|\[[^\]]*\]', path):
        if part.startswith('['):
            sel = part[1:-1]
            if '=' in sel:
                k, v = sel.split('=', 1)
                hits = [x for x in cur if isinstance(x, dict) and str(x.get(k)) == v]
                if len(hits) != 1:
                    raise KeyError('%d items with %s' % (len(hits), sel))
                cur = hits[0]
            else:
                cur = cur[int(sel)]
        else:
            cur = cur[part]
    return cur


def main(argv):
    if len(argv) < 3:
        sys.stderr.write('usage: methods-trade-expect.py EXPECTED RESULT.json [V2.json [V3.json]]\n')
        return 2
    docs = {}
    for name, path in zip(('result', 'v2', 'v3'), argv[2:5]):
        with open(path, encoding='utf-8') as f:
            docs[name] = json.load(f)
    failed = checks = 0
    with open(argv[1], encoding='utf-8') as f:
        for lineno, line in enumerate(f, 1):
            line = line.split('#', 1)[0].strip()
            if not line or line.startswith(('inventory ', 'param ')):
                continue
            m = re.match(r'^(result|v2|v3)\s+(\S+)\s*(==|=)\s*(.+)$', line)
            if not m:
                print('%s:%d: cannot read this check' % (argv[1], lineno))
                failed += 1
                continue
            which, path, op, want = m.groups()
            if which not in docs:
                continue
            checks += 1
            try:
                got = walk(docs[which], path)
            except (KeyError, IndexError, TypeError, ValueError) as e:
                print('%s:%d: %s %s: not found (%s)' % (argv[1], lineno, which, path, e))
                failed += 1
                continue
            if op == '==':
                expect = json.loads(want)
                if got != expect:
                    print('%s:%d: %s %s: expected %r, found %r' % (argv[1], lineno, which, path, expect, got))
                    failed += 1
                continue
            expect = arith(want)
            try:
                value = float(got)
            except (TypeError, ValueError):
                print('%s:%d: %s %s: expected a number, found %r' % (argv[1], lineno, which, path, got))
                failed += 1
                continue
            if abs(value - expect) > 1e-9 * max(abs(expect), abs(value)) + 1e-12:
                print('%s:%d: %s %s: expected %.17g (%s), found %.17g' % (argv[1], lineno, which, path, expect,
                                                                     want.strip(), value))
                failed += 1
    if not checks:
        print('%s: no checks' % argv[1])
        return 1
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
