#!/bin/sh
# methods-iso-check.sh - 'pcf methods check' on the iso14067, gbt24067, pas2050 and ghg-product
# plugins: with the installed example and hostile inventories, and with each of their worked
# examples (and its parameters), every case computed in separate processes to identical bytes.
. "$top_srcdir/tests/cli/lib.sh"

for id in iso14067 gbt24067 pas2050 ghg-product; do
	so="$top_builddir/plugins/.libs/$id.so"
	expect 0 "$id passes pcf methods check" "$PCF" methods check "$so"
	expect_out '^all cases passed$' "$id: all cases passed"
	expect_out '^ok +hostile huge-numbers\.yaml$' "$id: overflowing amounts give a clean error"
	dir="$DATA/methods/$id"
	for yaml in "$dir"/*.yaml; do
		name=$(basename "$yaml" .yaml)
		set -- methods check "$so" "$yaml" --no-hostile -v
		if [ -f "$dir/$name.params" ]; then
			while IFS= read -r line; do
				case $line in ''|'#'*) continue ;; esac
				set -- "$@" --param "$line"
			done <"$dir/$name.params"
		fi
		expect 0 "$id: check with $name" "$PCF" "$@"
		expect_out "^ok +example $name\\.yaml: computed twice, [0-9]+ identical bytes\$" "$id/$name: computed twice, identical"
	done
done

done_testing
