#!/bin/sh
# out-opts.sh - the options that 'pcf compute' (an inventory, and --library), 'pcf mc merge' and
# 'pcf import' share through core/cli/out_opts.c: -o/--output, --force, --json, getopt's usage errors
# and the one result writer, each command saying them as it did before they were shared.
. "$top_srcdir/tests/cli/lib.sh"
INV=$DATA/bundle/steel.yaml
CHAIN="$DATA/lca/chain"

# getopt's two usage errors, named by each command.
expect 2 "compute: an unknown option" "$PCF" compute --frobnicate "$INV"
expect_err "pcf compute: unknown option '--frobnicate'$" "compute names the unknown option"
expect 2 "compute: -o without its value" "$PCF" compute "$INV" -o
expect_err "pcf compute: option '-o' needs a value" "compute says -o needs a value"
expect 2 "compute --library: an unknown option" "$PCF" compute --library "$T/x.lib" --process p --frobnicate
expect_err "pcf compute: unknown option '--frobnicate' \\(with --library\\)" "compute --library says where it is unknown"
expect 2 "mc merge: an unknown option" "$PCF" mc merge --frobnicate a.csv
expect_err "pcf mc: unknown option '--frobnicate'$" "mc names the unknown option"
expect 2 "mc merge: --output without its value" "$PCF" mc merge a.csv --output
expect_err "pcf mc: option '--output' needs a value" "mc says --output needs a value"
expect 2 "import: an unknown option" "$PCF" import olca-jsonld "$CHAIN" -o "$T/x.lib" --frobnicate
expect_err "pcf import: unknown option '--frobnicate'$" "import names the unknown option"
check "nothing was imported after a usage error" test ! -e "$T/x.lib"
# -o - is standard output for compute too (issue 13: it used to write a file named "-").
(cd "$T" && "$PCF" compute "$INV" --json -o - >"$T/dash.out" 2>"$T/dash.err"); rc=$?
check "compute --json -o -: the result on standard output, no file named -" sh -c \
	"[ $rc -eq 0 ] && [ ! -e '$T/-' ] && jq -e '.kind == \"pcfkit-result\"' '$T/dash.out' >/dev/null"
expect 2 "import: --json with -o -" "$PCF" import olca-jsonld "$CHAIN" -o - --json
expect_err "json and -o - both write to standard output" "import refuses two writers of standard output"

# --force goes with --output; --json (and compute's -j) and -o FILE, written once, then only with --force.
expect 2 "compute: --force without --output" "$PCF" compute "$INV" --force
expect_err "pcf compute: --force goes with --output" "compute says --force goes with --output"
expect 2 "compute --library: --force without --output" "$PCF" compute --library "$T/x.lib" --process p --force
expect_err "pcf compute: --force goes with --output" "compute --library says --force goes with --output"
expect 0 "compute --json" "$PCF" compute "$INV" --json
cp "$T/out" "$T/json1"
expect 0 "compute -j is --json" "$PCF" compute "$INV" -j
check "-j and --json print the same bytes" cmp -s "$T/out" "$T/json1"
expect 0 "compute --json -o FILE" "$PCF" compute "$INV" --json -o "$T/r.json"
check "-o FILE holds what --json prints" cmp -s "$T/r.json" "$T/json1"
expect 5 "compute -o FILE again: refused" "$PCF" compute "$INV" --json -o "$T/r.json"
expect_err "output exists \\(use --force to overwrite\\)" "compute says why and how"
expect 0 "compute -o FILE --force" "$PCF" compute "$INV" --json -o "$T/r.json" --force
expect 0 "import the chain" "$PCF" import olca-jsonld "$CHAIN" -o "$T/chain.lib"
expect 0 "compute --library --json -o FILE" "$PCF" compute --library "$T/chain.lib" --process p-power --json -o "$T/l.json"
expect 5 "compute --library -o FILE again: refused" "$PCF" compute --library "$T/chain.lib" --process p-power --json -o "$T/l.json"
expect 0 "compute --library -o FILE --force" "$PCF" compute --library "$T/chain.lib" --process p-power --json -o "$T/l.json" --force
expect 0 "compute --library --json to standard output" "$PCF" compute --library "$T/chain.lib" --process p-power --json
check "standard output holds what -o FILE holds" cmp -s "$T/out" "$T/l.json"
done_testing
