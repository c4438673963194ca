#!/bin/sh
# inventory-schema.sh - the JSON Schemas and the parser agree: every example, valid fixture and
# default factor library validates against its schema, and each malformed fixture gets the schema
# verdict recorded in its .expect file (invalid where a schema can express the rule; valid where
# only pcfkit can check it, e.g. units, links, loops; unparsable for hostile YAML).
. "$top_srcdir/tests/cli/lib.sh"
INV="$DATA/inventory"
CHECK="/usr/bin/python3 $top_srcdir/tests/inventory_schema.py"

if ! /usr/bin/python3 -c 'import jsonschema, yaml' 2>/dev/null; then
	skip_test "python3-jsonschema and python3-yaml are not installed"
	done_testing
	exit 0
fi
for f in "$top_srcdir"/examples/*.yaml "$INV"/good/*.yaml; do
	run $CHECK "$top_srcdir/schemas/inventory.schema.json" "$f"
	if grep -q ": valid$" "$T/out"; then ok "schema accepts $(basename "$f")"; else not_ok "schema accepts $(basename "$f")"; diag "$(cat "$T/out" "$T/err")"; fi
done
for f in "$top_srcdir"/data/factors/*.yaml; do
	run $CHECK "$top_srcdir/schemas/factors.schema.json" "$f"
	if grep -q ": valid$" "$T/out"; then ok "factor schema accepts $(basename "$f")"; else not_ok "factor schema accepts $(basename "$f")"; diag "$(cat "$T/out" "$T/err")"; fi
done
for f in "$INV"/bad/*.yaml; do
	name=$(basename "$f" .yaml)
	want=$(sed -n 's/^schema: //p' "$INV/bad/$name.expect")
	run $CHECK "$top_srcdir/schemas/inventory.schema.json" "$f"
	got=$(sed "s|^$f: ||; s|:.*||" "$T/out")
	if [ "$got" = "$want" ] && [ ! -s "$T/err" ]; then ok "schema says $want: $name"; else
		not_ok "schema says $want: $name (got '$got')"; diag "$(cat "$T/out" "$T/err")"; fi
done
# the schema rejects what the parser rejects, whenever a schema can express the rule
check "most malformed fixtures are rejected by the schema too" \
	test "$(grep -l '^schema: invalid' "$INV"/bad/*.expect | wc -l)" -ge 25
done_testing
