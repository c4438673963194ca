#!/bin/sh
# methods-cbam-cn.sh - the cbam plugin's CN codes are Annex I's exact lines (data/cbam/annex1-cn.tsv):
# every case of tests/data/methods/cbam-cn/cases.txt is accepted under its category or refused with its
# message; and the table compiled into the plugin is the data file (an accepted code's category is the
# one the file gives).
. "$top_srcdir/tests/cli/lib.sh"
INV="$DATA/methods/cbam/ammonia.yaml"

while IFS='|' read -r code want; do
	case $code in '' | '#'*) continue ;; esac
	case $want in
	refused:*)
		expect 1 "CN $code is refused" "$PCF" compute "$INV" --method cbam --json --param "cn=$code"
		expect_err "${want#refused:}" "CN $code: the message says why"
		expect_err "rule cbam-goods, Regulation \(EU\) 2023/956 Annex I" "CN $code: the rule and clause"
		;;
	*)
		expect 0 "CN $code is a CBAM good" "$PCF" compute "$INV" --method cbam --json --param "cn=$code"
		# the category the plugin derived is the one the parameter check accepts back
		expect 0 "CN $code is of the $want category" "$PCF" compute "$INV" --method cbam --json \
			--param "cn=$code" --param "category=$want"
		;;
	esac
done <"$DATA/methods/cbam-cn/cases.txt"

# Every "in" line of the data file is a CBAM good as the plugin sees it, under the file's category (the
# 2-, 4- and 6-digit lines are written out to 8 digits with 00 and, where an exception starts with that
# code, the first code the file does not except).
grep -v '^#' "$top_srcdir/data/cbam/annex1-cn.tsv" | while IFS='	' read -r effect code cat _; do
	[ "$effect" = in ] || continue
	[ "$cat" = electricity ] && continue   # per MWh: the inventory here is per tonne
	full=$(printf '%s00000000' "$code" | cut -c1-8)
	case $full in 72000000) full=72011000 ;; esac   # 7200 is not a heading; 7201 10 is
	if "$PCF" compute "$INV" --method cbam --json --param "cn=$full" --param "category=$cat" >/dev/null 2>"$T/err"; then
		echo "ok - data file line $code: $full is $cat"
	else
		echo "not ok - data file line $code: $full is $cat"; sed 's/^/# /' "$T/err"; echo 1 >"$T/failed"
	fi
done >"$T/lines"
while IFS= read -r l; do case $l in 'ok - '*) ok "${l#ok - }" ;; 'not ok - '*) not_ok "${l#not ok - }" ;; *) echo "$l" ;; esac; done <"$T/lines"
done_testing
