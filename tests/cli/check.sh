#!/bin/sh
# check.sh - 'pcf methods check': passes good plugins, catches non-determinism, crashes, hangs, invalid
# results and silent failures, each reported with the case's name.
. "$top_srcdir/tests/cli/lib.sh"

TP="$top_builddir/tests/plugins/.libs"
W="$top_srcdir/data/check/examples/widget.yaml"

for so in "$top_builddir"/plugins/.libs/*.so; do
	expect 0 "every shipped plugin passes: $(basename "$so")" "$PCF" methods check "$so" ${PCF_TEST_VALGRIND:+--timeout 120}
	expect_out '^all cases passed$' "$(basename "$so"): all cases passed"
done
expect 0 "the example plugin passes" "$PCF" methods check "$top_builddir/plugins/.libs/example.so" ${PCF_TEST_VALGRIND:+--timeout 120}
expect_out '^ok +describe$' "its self-description is checked"
expect_out '^ok +example loop\.yaml$' "the installed examples are run"
expect_out '^ok +hostile malformed-aliases\.yaml$' "hostile inventories are run"
expect_out '^ok +export example-summary$' "exports are checked"

expect 0 "a correct test plugin passes on a given inventory" "$PCF" methods check "$TP/testgood.so" "$W" --no-hostile -v
expect_out '^ok +example widget\.yaml: computed twice, [0-9]+ identical bytes$' "-v says why a case passed"

expect 1 "non-determinism is caught" "$PCF" methods check "$TP/nondet.so" "$W" --no-hostile
expect_out '^FAIL +example widget\.yaml: two runs in separate processes gave different bytes' "the failing case and the reason"
expect_out 'is not fit for certification' "the verdict"

expect 1 "a result that depends on the load address is caught" "$PCF" methods check "$TP/address.so" "$W" --no-hostile
expect_out '^FAIL +example widget\.yaml: two runs in separate processes gave different bytes' "the second run loads it elsewhere"

expect 1 "a plugin that accepts any host major fails describe" "$PCF" methods check "$TP/any-major.so" "$W" --no-hostile
expect_out '^FAIL +describe: pcf_plugin_entry accepted a host of ABI major 2' "the rule is explained"

expect 1 "a crash is caught" "$PCF" methods check "$TP/crash.so" "$W" --no-hostile
expect_out '^CRASH +example widget\.yaml: (crashed: killed by signal 11|died without an answer)' "the crash is reported (a sanitizer build exits instead)"

expect 1 "a hang is caught" "$PCF" methods check "$TP/hang.so" "$W" --no-hostile --timeout 0.5
expect_out '^TIMEOUT +example widget\.yaml: did not finish within 500 ms \(killed\)' "the hang is reported"

expect 1 "a breakdown that does not add up is caught" "$PCF" methods check "$TP/bad-sum.so" "$W" --no-hostile
expect_out 'bad-sum \(.*bad-sum\.so\) returned an invalid result: the stage breakdown \(2 lines\) adds up to' "the plugin is named"
expect 1 "a NaN total is caught" "$PCF" methods check "$TP/nan-total.so" "$W" --no-hostile
expect_out 'the total is not a finite number' "NaN is named"
expect 1 "a missing figure is caught" "$PCF" methods check "$TP/missing.so" "$W" --no-hostile
expect_out "figure 'aircraft' is missing" "the missing field is named"
expect 1 "a failure without a reason is caught" "$PCF" methods check "$TP/silent-fail.so" "$W" --no-hostile
expect_out 'gave no reason' "the silence is reported"
expect 1 "a refused plugin fails at describe" "$PCF" methods check "$TP/wrong-major.so"
expect_out '^FAIL +describe: .*built for plugin ABI 2\.0' "the refusal is the reason"
cp "$TP/testgood.so" "$T/renamed.so"
expect 1 "a plugin whose file is not named after its id fails" "$PCF" methods check "$T/renamed.so" "$W" --no-hostile
expect_out "FAIL +describe: the file is named renamed\.so but the plugin's id is 'testgood'" "the naming rule is explained"
expect 5 "a missing inventory is refused before the check" "$PCF" methods check "$TP/testgood.so" "$T/none.yaml" --no-hostile
expect_err "none\.yaml: cannot open" "the file is named"
done_testing
