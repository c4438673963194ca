#!/bin/sh
# json-output.sh - '--json' of 'pcf methods check' and 'pcf extract' (issue 13): one JSON document on
# standard output, read back with jq, saying what happened case by case (check) or which files were
# written and with what verdict (extract); the exit status is the one without --json.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"
TP="$top_builddir/tests/plugins/.libs"
W="$top_srcdir/data/check/examples/widget.yaml"
V="--trust $PKI/root.pem --crl $PKI/crl/trusted.crl.pem"
jqt() { jq -e "$@" >/dev/null; }

# methods check --json
expect 0 "methods check --json of a good plugin" "$PCF" methods check --json "$TP/testgood.so" "$W" --no-hostile
check "one object: the plugin, passed, no failure, each case passing with its detail" jqt --arg p "$TP/testgood.so" \
	'.plugin == $p and .passed == true and .failed == 0 and (.cases | length) >= 2 and all(.cases[]; .outcome == "pass" and (.detail | type) == "string")' "$T/out"
check "the cases are named as in the text output (describe, the example)" jqt \
	'.cases[0].name == "describe" and any(.cases[]; .name == "example widget.yaml" and (.detail | test("computed twice")))' "$T/out"
expect 1 "methods check --json of a crashing plugin exits 1" "$PCF" methods check --json "$TP/crash.so" "$W" --no-hostile
check "its case is a crash, counted in failed" jqt \
	'.passed == false and .failed >= 1 and any(.cases[]; .name == "example widget.yaml" and (.outcome == "crash" or .outcome == "fail"))' "$T/out"
expect 1 "methods check --json of a plugin that prints exits 1" "$PCF" methods check --json "$TP/chatty.so" "$W" --no-hostile
check "standard output is still one JSON document, and the failure says what the plugin wrote" jqt \
	'.passed == false and any(.cases[]; .outcome == "fail" and (.detail | test("wrote to standard output")))' "$T/out"
check "no text lines around the JSON" sh -c "! grep -q '^ok \\|^FAIL\\|all cases passed\\|not fit' '$T/out'"
expect 5 "methods check --json of a missing file: exit 5, as without --json" "$PCF" methods check --json "$T/none.so"
expect 0 "methods --help names check's --json" "$PCF" methods --help
expect_out 'check: one object with the' "it is in the help"

# extract --json
expect 0 "issue a bundle" issue "$BDATA/steel.yaml" $(sign issuer) -o "$T/b.pcfb"
# shellcheck disable=SC2086
expect 0 "extract --json" "$PCF" extract --json $V "$T/b.pcfb" "$T/x"
check "extracted, the files written and the verdict valid" jqt --arg b "$T/b.pcfb" --arg d "$T/x" \
	'.bundle == $b and .folder == $d and .extracted == true and .files == ["factors.json", "inventory.yaml", "result.json"] and .error == null and .verdict.verdict == "valid" and .verdict.bundle == $b' "$T/out"
check "the files listed are there" sh -c "cmp -s '$BDATA/steel.yaml' '$T/x/inventory.yaml' && [ -s '$T/x/result.json' ]"
# shellcheck disable=SC2086
expect 5 "extract --json into a folder that has the files: exit 5" "$PCF" extract --json $V "$T/b.pcfb" "$T/x"
check "not extracted, no files, the error says why, the verdict was valid" jqt \
	'.extracted == false and .files == [] and (.error | test("the file exists")) and .verdict.verdict == "valid"' "$T/out"
head -c 3000 "$T/b.pcfb" >"$T/short.pcfb"
# shellcheck disable=SC2086
expect 1 "extract --json of a damaged bundle: exit 1" "$PCF" extract --json $V "$T/short.pcfb" "$T/y"
check "not extracted, with the verdict's reason" jqt \
	'.extracted == false and .verdict.verdict == "invalid" and (.verdict.reason | startswith("archive-")) and (.error | test("not extracted"))' "$T/out"
check "nothing written" test ! -e "$T/y/inventory.yaml"
expect 0 "extract --json --unverified" "$PCF" extract --json --unverified "$T/b.pcfb" "$T/u"
check "the verdict says unverified" jqt '.extracted == true and .verdict.verdict == "unverified"' "$T/out"
# shellcheck disable=SC2086
expect 0 "extract --json - (standard input)" sh -c "exec \"\$0\" extract --json $V - '$T/s' <'$T/b.pcfb'" "$PCF"
check "the bundle is named stdin" jqt '.bundle == "stdin" and .verdict.bundle == "stdin" and .extracted == true' "$T/out"
# shellcheck disable=SC2086
expect 5 "extract --json of a missing bundle: exit 5" "$PCF" extract --json $V "$T/none.pcfb" "$T/n"
check "still one JSON object, with the error" jqt '.extracted == false and (.error | test("cannot open"))' "$T/out"
expect 0 "extract --help names --json" "$PCF" extract --help
expect_out '^  --json ' "it is in the help"
done_testing
