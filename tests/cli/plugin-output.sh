#!/bin/sh
# plugin-output.sh - a methodology plugin cannot break 'pcf compute' or its output (issue 13): the plugin
# computes in a process of its own, so a crash or a hang (--timeout) is an error naming the plugin; what
# a plugin prints never reaches the output ('pcf compute --json' stays JSON); and 'pcf methods check'
# fails a plugin that writes to its standard output or error, naming the case.
. "$top_srcdir/tests/cli/lib.sh"
INV=$top_srcdir/tests/data/bundle/steel.yaml
TPLUG=$top_builddir/tests/plugins/.libs
C="--plugin-dir $TPLUG"
jqt() { jq -e "$@" >/dev/null; }
sed 's/id: urn:gtin:04012345678901/id: urn:crash:04012345678901/' "$INV" >"$T/crash.yaml"
sed 's/id: urn:gtin:04012345678901/id: urn:hang:04012345678901/' "$INV" >"$T/hang.yaml"

# --- a plugin that prints ------------------------------------------------------------------------------
expect 0 "compute --json with a plugin that printf()s" "$PCF" compute --method chatty $C --json "$INV"
check "stdout is one valid JSON document, the result" jqt '.kind == "pcfkit-result" and .methodology.id == "chatty"' "$T/out"
check "the plugin's words are nowhere" sh -c "! grep -q chatty: '$T/out' '$T/err'"
expect 0 "compute (table) with a plugin that prints" "$PCF" compute --method chatty $C "$INV"
check "the table has none of the plugin's words, stderr is empty" sh -c "! grep -q chatty: '$T/out' && [ ! -s '$T/err' ]"
expect 0 "compute with testgood (chatty is testgood that prints)" "$PCF" compute --method testgood --plugin-dir "$top_builddir/tests/plugins/.libs" --json -o "$T/good.json" "$INV"
expect 0 "compute with chatty -o" "$PCF" compute --method chatty $C --json -o "$T/chatty.json" "$INV"
check "the same result but for the methodology's id and version" sh -c \
	"[ \"\$(jq -S 'del(.methodology)' '$T/good.json')\" = \"\$(jq -S 'del(.methodology)' '$T/chatty.json')\" ]"
expect 0 "compute -v still shows the plugin's log messages (they travel back from the worker)" \
	"$PCF" compute --method chatty $C -v --json "$INV"
expect_err "pcf compute: .*flows characterised with AR6, scale=1" "the log message arrives on stderr"
check "and the plugin's raw stderr does not" sh -c "! grep -q chatty: '$T/err'"

# --- a plugin that crashes or hangs ---------------------------------------------------------------------
expect 0 "crash-on computes an ordinary inventory" "$PCF" compute --method crash-on $C --json "$INV"
expect 1 "crash-on crashing: an error, not a signal" "$PCF" compute --method crash-on $C --json "$T/crash.yaml"
expect_err "methodology plugin crash-on \(.*crash-on.so\) crashed computing this inventory \(signal 11, Segmentation fault\)$" \
	"the error names the plugin and the signal"
check "nothing on stdout" test ! -s "$T/out"
expect 1 "hang-on hanging, --timeout 1: stopped" "$PCF" compute --method hang-on $C --timeout 1 "$T/hang.yaml"
expect_err "methodology plugin hang-on \(.*\) did not finish computing this inventory within 1 s \(--timeout\); stopped it$" \
	"the error names the plugin and the limit"
expect 2 "--timeout refuses a non-number" "$PCF" compute --timeout 1s "$INV"
expect_err "--timeout must be a whole number of seconds from 0 to 86400, not '1s'" "the usage error says what it expects"
printf 'format-version: 1\nproduct:\n  id: 12\n  name: [x]\n  declared-unit: {amount: -1, unit: zz}\nprocesses: 7\n' >"$T/bad.yaml"
expect 1 "an inventory with nine errors" "$PCF" compute "$T/bad.yaml"
check "every error comes back from the worker, one a line, each at its line:column" sh -c \
	"[ \$(grep -c '^pcf compute: .*/bad.yaml:[0-9]*:[0-9]*: ' '$T/err') -eq 9 ]"
expect_err "bad.yaml:5:37: product.declared-unit.unit: unknown unit 'zz'" "one of them, exactly as before"

# --- pcf methods check fails a printing plugin ----------------------------------------------------------
expect 1 "methods check fails a plugin that prints" "$PCF" methods check "$TPLUG/chatty.so"
expect_out '^FAIL +example widget.yaml: the plugin wrote to standard output \(27 bytes: "chatty: hello from compute"\) and standard error \(25 bytes: "chatty: a word on stderr"\): a plugin must not print' \
	"the failure names the case, both streams and their first words"
expect_out '^ok +describe' "the cases in which it does not print pass"
expect_out '^FAIL +examples: no example inventory computed: each example case above failed or was refused$' \
	"the summary case does not claim the plugin refused the examples"
check "the checker's own output has none of the plugin's words outside the FAIL lines" sh -c \
	"! grep -v '^FAIL' '$T/out' | grep -q chatty: && ! grep -q chatty: '$T/err'"
done_testing
