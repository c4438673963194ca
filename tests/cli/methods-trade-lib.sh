# tests/cli/methods-trade-lib.sh - helpers shared by the pact and cbam tests (sourced after lib.sh).
# mt_plugin (the plugin id), mt_inventory and mt_params (NAME=VALUE words) say what mt_run computes.
mt_inventory=
mt_params=
# The PACT specifications are never copied into the project: they are read from ../shared/reference beside
# the source tree (PCF_REFERENCE_DIR overrides, e.g. for a checkout elsewhere), and the tests skip without them.
PACT_REF=
_ref=${PCF_REFERENCE_DIR:-$top_srcdir/../shared/reference}
if [ -f "$_ref/pact/v3/openapi.yaml" ] && [ -f "$_ref/pact/v2/openapi.yaml" ] &&
   /usr/bin/python3 -c 'import jsonschema, yaml' 2>/dev/null; then
	PACT_REF="$_ref/pact"
fi

# mt_run [--format NAME]: `pcf compute` mt_inventory with mt_plugin and mt_params (stdout: the result JSON,
# or the export).
mt_run() {
	local w fmt=--json
	set -- "$@"
	if [ "${1:-}" = --format ]; then fmt="--format $2"; fi
	set --
	for w in $mt_params; do set -- "$@" --param "$w"; done
	# shellcheck disable=SC2086
	"$PCF" compute "$mt_inventory" --method "$mt_plugin" $fmt "$@" >"$T/out" 2>"$T/err"
	rc=$?
	return $rc
}

# mt_directives FILE: set mt_inventory and mt_params from its "inventory X" and "param N=V" lines.
mt_directives() {
	local dir
	dir=$(dirname "$1")
	mt_inventory="$dir/$(sed -n 's/^inventory  *//p' "$1" | head -n 1)"
	mt_params=$(sed -n 's/^param  *//p' "$1" | tr '\n' ' ')
}

# mt_example EXPECTED: compute the example it names twice (byte-identical); the result is kept in
# $T/NAME.result.json. Returns non-zero when it did not compute.
mt_example() {
	local name
	name=$(basename "$1" .expected)
	mt_directives "$1"
	expect 0 "$name: computes ($(basename "$mt_inventory"))" mt_run
	[ "$rc" -eq 0 ] || return 1
	cp "$T/out" "$T/$name.result.json"
	mt_run
	check "$name: the result is byte-identical on a second run" cmp -s "$T/out" "$T/$name.result.json"
	return 0
}

# mt_bad INVENTORY.yaml: refused (exit 1, or the status of an "exit N" line: 2 for a bad parameter) with
# stderr matching every regex line of INVENTORY.err ("param N=V" lines there are parameters).
mt_bad() {
	local inv=$1 err=${1%.yaml}.err name line status
	name=$(basename "$inv")
	mt_inventory=$inv
	mt_params=$(sed -n 's/^param  *//p' "$err" | tr '\n' ' ')
	status=$(sed -n 's/^exit  *//p' "$err")
	expect "${status:-1}" "$name is refused" mt_run
	while IFS= read -r line; do
		case $line in '' | '#'* | 'param '* | 'exit '*) continue ;; esac
		expect_err "$line" "$name: error matches /$line/"
	done <"$err"
}
