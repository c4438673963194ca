#!/usr/bin/python3
# methods-iso-compare.py EXPECTED.json ACTUAL.json - does the result JSON contain everything the
# expected JSON holds? Strings exactly, numbers within 1e-9 relative (1e-12 absolute), lists item
# by item in order; "warnings-contain" at the top lists substrings some warning must hold.
# Exit 0 when it does, 1 with the first difference on stderr.
import json
import sys


def close(a, e):
    return abs(a - e) <= 1e-9 * max(abs(a), abs(e)) + 1e-12


def subset(exp, act, path):
    if isinstance(exp, dict):
        if not isinstance(act, dict):
            return f"{path}: expected an object"
        for k, v in exp.items():
            if k == "warnings-contain" and path == "":
                for s in v:
                    if not any(s in w for w in act.get("warnings", [])):
                        return f"no warning contains {s!r}"
                continue
            if k not in act:
                return f"{path}.{k}: missing"
            why = subset(v, act[k], f"{path}.{k}")
            if why:
                return why
        return None
    if isinstance(exp, list):
        if not isinstance(act, list) or len(act) != len(exp):
            return f"{path}: expected {len(exp)} items, found {len(act) if isinstance(act, list) else 'none'}"
        for i, (e, a) in enumerate(zip(exp, act)):
            why = subset(e, a, f"{path}[{i}]")
            if why:
                return why
        return None
    if isinstance(exp, bool) or exp is None or isinstance(exp, str):
        return None if exp == act else f"{path}: expected {exp!r}, found {act!r}"
    if isinstance(exp, (int, float)):
        if isinstance(act, bool) or not isinstance(act, (int, float)) or not close(float(act), float(exp)):
            return f"{path}: expected {exp!r}, found {act!r}"
        return None
    return f"{path}: unexpected value in the expected file"


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        exp = json.load(f)
    with open(sys.argv[2], encoding="utf-8") as f:
        act = json.load(f)
    why = subset(exp, act, "")
    if why:
        print(why, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
