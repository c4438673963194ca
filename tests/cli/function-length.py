#!/usr/bin/env python3
# function-length.py - issue 12: "No function over ~80 lines without a reason in its comment."
# Lists every C function in the given trees whose body (from the opening '{' in column 0 to its
# closing '}') is longer than LIMIT lines, and fails for each one that has no reason in the comment
# block just above it ("Longer than 80 lines ..." or "Just over 80 lines ...", as bundle.c's
# write_manifest does) and is not in the allowlist. The allowlist (function-length.allow) names the
# functions not yet split, each with its length: a listed function that grew, or that is no longer
# long or now has its reason, is reported too, so the list can only shrink.
# Usage: function-length.py SRCDIR ALLOWLIST [DIR...]   (DIRs relative to SRCDIR; default core plugins)
import os
import re
import sys

LIMIT = 80
REASON = re.compile(r'(Longer than|Just over) 80 lines', re.I)
NAME = re.compile(r'([A-Za-z_][A-Za-z0-9_]*)\s*\(')


def strip_strings(line):
    """The line without string and character literals and // comments, so braces in them are not counted."""
    line = re.sub(r'"(\\.|[^"\\])*"', '""', line)
    line = re.sub(r"'(\\.|[^'\\])*'", "''", line)
    return line.split('//', 1)[0]


def functions(path):
    """(name, first line of the header, body length, comment text above) for each function in path."""
    lines = open(path, encoding='utf-8', errors='replace').read().split('\n')
    i = 0
    while i < len(lines):
        if lines[i] != '{' or i == 0:
            i += 1
            continue
        # the header: the lines above up to a blank line, a preprocessor line or the end of a comment
        h = i - 1
        while h > 0 and lines[h - 1].strip() and not lines[h - 1].startswith(('}', '#')) \
                and not lines[h - 1].rstrip().endswith('*/'):
            h -= 1
        header = ' '.join(l.strip() for l in lines[h:i])
        m = None
        for m in NAME.finditer(header.split('(', 1)[0] + '('):
            pass
        name = m.group(1) if m else header[:40]
        # the comment block ending just above the header
        c = h
        comment = []
        if c > 0 and lines[c - 1].rstrip().endswith('*/'):
            c -= 1
            while c >= 0:
                comment.insert(0, lines[c])
                if '/*' in lines[c]:
                    break
                c -= 1
        depth = 0
        k = i
        in_comment = False
        while k < len(lines):
            text = strip_strings(lines[k])
            if in_comment:
                if '*/' not in text:
                    k += 1
                    continue
                text = text.split('*/', 1)[1]
                in_comment = False
            text = re.sub(r'/\*.*?\*/', '', text)
            if '/*' in text:
                text = text.split('/*', 1)[0]
                in_comment = True
            depth += text.count('{') - text.count('}')
            if depth == 0:
                break
            k += 1
        yield name, h + 1, k - i + 1, '\n'.join(comment)
        i = k + 1


def main(argv):
    if len(argv) < 3:
        sys.stderr.write('usage: function-length.py SRCDIR ALLOWLIST [DIR...]\n')
        return 2
    src, allowfile = argv[1], argv[2]
    dirs = argv[3:] or ['core', 'plugins']
    allowed = {}
    for n, line in enumerate(open(allowfile, encoding='utf-8'), 1):
        line = line.split('#', 1)[0].strip()
        if not line:
            continue
        f = line.split()
        if len(f) != 3 or not f[2].isdigit():
            print('PROBLEM %s:%d: expected "FILE FUNCTION LENGTH", found "%s"' % (allowfile, n, line))
            return 1
        allowed[(f[0], f[1])] = int(f[2])
    problems = 0
    seen = set()
    for d in dirs:
        for root, subdirs, files in os.walk(os.path.join(src, d)):
            subdirs.sort()
            for fn in sorted(files):
                if not fn.endswith('.c'):
                    continue
                path = os.path.join(root, fn)
                rel = os.path.relpath(path, src)
                for name, line, length, comment in functions(path):
                    if length <= LIMIT:
                        continue
                    key = (rel, name)
                    reason = bool(REASON.search(comment))
                    if key in allowed:
                        seen.add(key)
                        if reason:
                            print('PROBLEM %s:%d: %s now has its reason; remove it from the allowlist'
                                  % (rel, line, name))
                            problems += 1
                        elif length > allowed[key]:
                            print('PROBLEM %s:%d: %s is %d lines, the allowlist says %d (the list may only shrink)'
                                  % (rel, line, name, length, allowed[key]))
                            problems += 1
                        elif length < allowed[key]:
                            print('PROBLEM %s:%d: %s is %d lines, down from %d: lower it in the allowlist'
                                  % (rel, line, name, length, allowed[key]))
                            problems += 1
                        continue
                    if not reason:
                        print('PROBLEM %s:%d: %s is %d lines (over %d) and the comment above it gives no reason'
                              ' ("Longer than 80 lines on purpose: ...")' % (rel, line, name, length, LIMIT))
                        problems += 1
    for key in sorted(set(allowed) - seen):
        print('PROBLEM allowlist: %s %s is no longer over %d lines (or is gone): remove it'
              % (key[0], key[1], LIMIT))
        problems += 1
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
