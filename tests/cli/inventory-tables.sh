#!/bin/sh
# inventory-tables.sh - the committed data tables are what their generators make from the sources
# they name: GWP100 sets from the CC0 globalwarmingpotentials.csv (kept in core/lib/inventory/sources/),
# ISO 4217 currencies and ISO 3166-1 countries from Debian's iso-codes (when installed).
. "$top_srcdir/tests/cli/lib.sh"
LIB="$top_srcdir/core/lib/inventory"

csv="$LIB/sources/globalwarmingpotentials.csv"
run /usr/bin/python3 "$LIB/gen_gwp_table.py" "$csv"
check "gwp_table.c is generated from $(basename "$csv")" cmp -s "$T/out" "$LIB/gwp_table.c"
if [ -f /usr/share/iso-codes/json/iso_4217.json ]; then
	run /usr/bin/python3 "$LIB/gen_currency_table.py"
	check "units_currency.c is generated from iso-codes" cmp -s "$T/out" "$LIB/units_currency.c"
	run /usr/bin/python3 "$LIB/gen_country_table.py"
	check "countries.c is generated from iso-codes" cmp -s "$T/out" "$LIB/countries.c"
else
	skip_test "iso-codes is not installed"
	skip_test "iso-codes is not installed"
fi
# the table itself carries its source
check "gwp_table.c names its source" grep -q 'github.com/openclimatedata/globalwarmingpotentials' "$LIB/gwp_table.c"
check "the CSV travels with its licence" test -f "$LIB/sources/LICENSE-globalwarmingpotentials.txt"
check "gwp_table.c names its licence" grep -q 'CC0 1.0' "$LIB/gwp_table.c"
done_testing
