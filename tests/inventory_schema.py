#!/usr/bin/python3
# inventory_schema.py - validate YAML files against a JSON Schema, reading YAML the way pcfkit
# does: one document, no tags, anchors or aliases, no duplicate keys, and plain scalars resolved
# as YAML 1.2's core schema with JSON-style numbers (so 2024-01-01 and 1_000 stay strings).
#
# usage: inventory_schema.py SCHEMA FILE...   prints "FILE: valid", "FILE: invalid: WHY" or
# "FILE: unparsable: WHY" for each file; exit status 0 unless the schema itself is broken.
import json
import re
import sys

import jsonschema
import yaml


class Loader(yaml.SafeLoader):
    pass


Loader.yaml_implicit_resolvers = {}
Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                             list("tTfF"))
Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^-?(?:0|[1-9][0-9]*)$"), list("-0123456789"))
Loader.add_implicit_resolver("tag:yaml.org,2002:float",
                             re.compile(r"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+(?:[eE][-+]?[0-9]+)?|[eE][-+]?[0-9]+)$"),
                             list("-0123456789"))
Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


def construct_mapping(loader, node):
    seen = set()
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise yaml.YAMLError("a mapping key that is not a scalar at line %d" % (key_node.start_mark.line + 1))
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.YAMLError("duplicate key %r at line %d" % (key, key_node.start_mark.line + 1))
        seen.add(key)
    return loader.construct_mapping(node)


Loader.add_constructor("tag:yaml.org,2002:map", construct_mapping)


def strict_load(text):
    docs = 0
    for ev in yaml.parse(text, Loader=Loader):
        if isinstance(ev, yaml.AliasEvent):
            raise yaml.YAMLError("alias")
        if getattr(ev, "anchor", None):
            raise yaml.YAMLError("anchor")
        tag = getattr(ev, "tag", None)
        implicit = getattr(ev, "implicit", True)
        if tag and not (implicit is True or (isinstance(implicit, tuple) and any(implicit))):
            raise yaml.YAMLError("tag %s" % tag)
        if isinstance(ev, yaml.DocumentStartEvent):
            docs += 1
            if docs > 1:
                raise yaml.YAMLError("several documents")
    return yaml.load(text, Loader=Loader)


def main():
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for path in sys.argv[2:]:
        try:
            with open(path, "rb") as f:
                text = f.read().decode("utf-8")
            doc = strict_load(text)
        except (yaml.YAMLError, UnicodeDecodeError, ValueError) as e:
            print("%s: unparsable: %s" % (path, str(e).splitlines()[0] if str(e) else type(e).__name__))
            continue
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        if errors:
            e = errors[0]
            where = "/".join(str(p) for p in e.absolute_path)
            print("%s: invalid: %s: %s" % (path, where, e.message[:200]))
        else:
            print("%s: valid" % path)


if __name__ == "__main__":
    main()
