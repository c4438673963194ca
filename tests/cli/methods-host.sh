#!/bin/sh
# methods-host.sh - the host services of plugin ABI 1.1 (string builder, dates, plain decimals; pcf/plugin.h)
# through the hosttext test plugin, against the cases worked out by hand in tests/data/methods/host/cases.txt
# and, for the widest numbers, against Python's decimal module; and a plugin built for ABI 1.0 still loading
# and computing under this host.
. "$top_srcdir/tests/cli/lib.sh"
HP="$top_builddir/tests/plugins/host/.libs"
H="$DATA/methods/host"
INV="$top_srcdir/data/check/examples/widget.yaml"

# host-text NAME DATE DAYS NUMBER: the export of hosttext for those parameters into $T/NAME.json
host_text() {
	"$PCF" compute --plugin-dir "$HP" --method hosttext --format host-text "$INV" --param "date=$2" --param "days=$3" \
		--param "number=$4" >"$T/$1.json" 2>"$T/$1.err"
}

while IFS='|' read -r name date days number valid inst dec; do
	case $name in '' | '#'*) continue ;; esac
	if ! host_text "$name" "$date" "$days" "$number"; then
		not_ok "$name: pcf compute failed"; diag "$(cat "$T/$name.err")"; continue
	fi
	if [ "$inst" = null ]; then want_inst=null; else want_inst="\"$inst\""; fi
	check "$name: date_check $date is $valid" jq -e ".\"date-check\" == $valid" "$T/$name.json"
	check "$name: date_rfc3339 $date $days is $inst" jq -e ".rfc3339 == $want_inst" "$T/$name.json"
	check "$name: format_decimal $number is $dec" jq -e ".decimal == \"$dec\"" "$T/$name.json"
done <"$H/cases.txt"

# The same run once more: the string builder and the guards.
host_text sb 2024-02-28 1 1
check "date_check fills year, month, day" jq -e '.ymd == [2024, 2, 28]' "$T/sb.json"
# "0," .. "9,": 10 x 2 bytes, "10," .. "99,": 90 x 3 bytes, then "end": 20 + 270 + 3 = 293
check "sb: 100 printf pieces and an append make 293 bytes" jq -e '."sb-length" == 293' "$T/sb.json"
check "sb: the text ends 97,98,99,end" jq -e '."sb-tail" == "97,98,99,end"' "$T/sb.json"
check "format_decimal refuses a buffer below PCF_DECIMAL_MAX (PCF_E_ARG = 16)" jq -e '."decimal-short-buffer" == 16' "$T/sb.json"
check "the host table says minor 2 (1.2 added supplier_info)" jq -e '."host-minor" == 2' "$T/sb.json"

# The widest plain decimals, checked against Python's decimal module (an independent formatter): the
# smallest subnormal has 323 zeros after the point, the largest double 309 digits.
for v in 5e-324 1.7976931348623157e308 1.5e300 -2.2250738585072014e-308; do
	host_text wide "$v" 0 "$v"
	want=$(/usr/bin/python3 -c 'import decimal,sys; d=decimal.Decimal(repr(float(sys.argv[1]))); s=format(d,"f"); print(s.rstrip("0").rstrip(".") if "." in s else s)' "$v")
	got=$(jq -r .decimal "$T/wide.json")
	if [ "$got" = "$want" ]; then ok "format_decimal $v (${#got} characters)"; else not_ok "format_decimal $v"; diag "got  $got" "want $want"; fi
done

# A plugin built for ABI 1.0 loads, says so, and computes under the 1.1 host.
expect 0 "an ABI 1.0 plugin is listed" "$PCF" methods show abi10 --plugin-dir "$HP" --json
check "it reports ABI 1.0" jq -e '.abi == "1.0"' "$T/out"
expect 0 "an ABI 1.0 plugin computes" "$PCF" compute --plugin-dir "$HP" --method abi10 --json "$INV"
check "its result is its total, 0 kg CO2e" jq -e '.footprint.total == 0 and .footprint.unit == "kg CO2e" and .methodology.id == "abi10"' "$T/out"
done_testing
