#!/bin/sh
# lca-mc.sh - pcf compute --library ... --monte-carlo: closed forms (tests/data/lca/mc: a sum of
# lognormals' mean, a product's median, a normal's percentiles, a negative lognormal, triangle,
# uniform, pedigree), each within 5 standard errors for N draws; same bytes across -j and seeds;
# --draws-range slices merged by 'pcf mc merge' into exactly one run's bytes; errors.
. "$top_srcdir/tests/cli/lib.sh"
PY=/usr/bin/python3
N=4000
expect 0 "import the Monte Carlo fixture" "$PCF" import olca-jsonld "$DATA/lca/mc" -o "$T/mc.lib"
LIB="$T/mc.lib"

# within NAME GOT WANT SE: |GOT - WANT| <= 5 SE
within() {
	if "$PY" -c 'import sys; g, w, se = map(float, sys.argv[1:4]); sys.exit(0 if abs(g - w) <= 5 * se else 1)' "$2" "$3" "$4"; then
		ok "$1"
	else
		not_ok "$1 (got $2, wanted $3 +- 5 x $4)"
	fi
}
mc() { "$PCF" compute --library "$LIB" --process "$1" --monte-carlo "$N" --json > "$T/s.json" && cat "$T/s.json"; }
get() { "$PY" -c 'import json, sys; r = json.load(open(sys.argv[1])); print(r["total"][sys.argv[2]])' "$T/s.json" "$1"; }
calc() { "$PY" -c "from math import *; N = $N; print($1)"; }

mc p-sum > /dev/null
within "sum of lognormals: mean 2 exp(ln(1.5)^2/2) + 3 exp(ln(1.2)^2/2)" "$(get mean)" \
	"$(calc '2 * exp(log(1.5) ** 2 / 2) + 3 * exp(log(1.2) ** 2 / 2)')" \
	"$(calc 'sqrt(4 * (exp(log(1.5) ** 2) - 1) * exp(log(1.5) ** 2) + 9 * (exp(log(1.2) ** 2) - 1) * exp(log(1.2) ** 2)) / sqrt(N)')"
mc p-a > /dev/null
# the median of a product of independent lognormals is the product of medians; its standard error
# is m s sqrt(pi/2) / sqrt(N) with s the product's log-sd
within "product of lognormals through a link: median 2 x 3" "$(get p50)" 6 \
	"$(calc '6 * sqrt(log(1.5) ** 2 + log(1.3) ** 2) * sqrt(pi / 2) / sqrt(N)')"
mc p-normal > /dev/null
# a p-quantile's standard error: sqrt(p (1 - p) / N) / density at the quantile
for p in 0.025:p2.5:-1.959963984540054 0.5:p50:0 0.975:p97.5:1.959963984540054; do
	q=${p%%:*} k=${p#*:} k=${k%%:*} z=${p##*:}
	within "normal(10, 2): the $k percentile is 10 + 2 x $z" "$(get "$k")" "$(calc "10 + 2 * $z")" \
		"$(calc "sqrt($q * (1 - $q) / N) / (exp(-($z) ** 2 / 2) / sqrt(2 * pi) / 2)")"
done
within "normal(10, 2): mean" "$(get mean)" 10 "$(calc '2 / sqrt(N)')"
mc p-neg > /dev/null
within "a negative lognormal keeps its sign: mean -2 exp(ln(1.5)^2/2)" "$(get mean)" \
	"$(calc '-2 * exp(log(1.5) ** 2 / 2)')" "$(calc '2 * sqrt((exp(log(1.5) ** 2) - 1) * exp(log(1.5) ** 2) / N)')"
check "and every draw is negative" test "$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["total"]["p97.5"] < 0)' "$T/s.json")" = True
mc p-tri > /dev/null
within "triangle(1, 2, 6): mean 3" "$(get mean)" 3 "$(calc 'sqrt((1 + 4 + 36 - 2 - 6 - 12) / 18) / sqrt(N)')"
mc p-uni > /dev/null
within "uniform(2, 4): mean 3" "$(get mean)" 3 "$(calc '2 / sqrt(12) / sqrt(N)')"
within "uniform(2, 4): 2.5 percentile 2.05" "$(get p2.5)" 2.05 "$(calc 'sqrt(0.025 * 0.975 / N) / 0.5')"
mc p-ped > /dev/null
within "pedigree (1;2;3;4;5), base 1.05: lognormal mean exp(s^2/2), ecoinvent v3 factors" "$(get mean)" \
	"$(calc 'exp((log(1.05) ** 2 + log(1.02) ** 2 + log(1.10) ** 2 + log(1.05) ** 2 + log(2.0) ** 2) / 2)')" \
	"$(calc 'sqrt((exp(s2) - 1) * exp(s2) / N) if (s2 := log(1.05) ** 2 + log(1.02) ** 2 + log(1.10) ** 2 + log(1.05) ** 2 + log(2.0) ** 2) else 0')"

# ---- reproducibility, slices, merge ----
run1() { "$PCF" compute --library "$LIB" --process p-a --monte-carlo 1000 --seed 42 "$@"; }
expect 0 "one run, one thread" run1 --draws "$T/j1.csv" -o "$T/j1.txt"
expect 0 "one run, three threads" run1 --draws "$T/j3.csv" -o "$T/j3.txt" -j 3
check "same seed, same draws whatever -j" cmp -s "$T/j1.csv" "$T/j3.csv"
check "same seed, same summary whatever -j" cmp -s "$T/j1.txt" "$T/j3.txt"
expect 0 "another seed" run1 --draws "$T/s7.csv" --seed 7
check "another seed, other draws" test "$(sed -n 3p "$T/s7.csv")" != "$(sed -n 3p "$T/j1.csv")"
expect 0 "slice 0:300" run1 --draws-range 0:300 --draws "$T/a.csv"
expect 0 "slice 300:1000 with two threads" run1 --draws-range 300:1000 --draws "$T/b.csv" -j 2
check "a slice's rows are the run's rows" cmp -s "$T/a.csv" "$T/a.csv"
expect 0 "merge the slices (in any order)" "$PCF" mc merge "$T/b.csv" "$T/a.csv" --draws "$T/m.csv" -o "$T/m.txt"
check "merged draws: exactly the bytes of one run" cmp -s "$T/m.csv" "$T/j1.csv"
check "merged summary: exactly the bytes of one run" cmp -s "$T/m.txt" "$T/j1.txt"
expect 1 "a missing slice is refused" "$PCF" mc merge "$T/b.csv"
expect_err "the slices miss draw 0 of 0:1000" "the refusal names the missing draw"
expect 0 "a slice of another seed" run1 --draws-range 0:300 --draws "$T/c.csv" --seed 9
expect 1 "slices of two runs are refused" "$PCF" mc merge "$T/c.csv" "$T/b.csv"
expect_err "slice 2 is from another run" "the refusal names the slice"
expect 1 "an overlapping slice is refused" "$PCF" mc merge "$T/a.csv" "$T/a.csv" "$T/b.csv"
expect_err "slice 2 repeats draw 0" "the refusal names the draw"
printf 'draw,total\n' > "$T/junk.csv"
expect 1 "a file that is not draws" "$PCF" mc merge "$T/junk.csv"
expect_err "junk.csv:1:1: expected the header" "the error names the file and line"
expect 2 "--draws-range needs --draws" run1 --draws-range 0:10
expect 2 "--draws-range beyond N" run1 --draws-range 0:2000 --draws "$T/x.csv"
expect 2 "--seed without --monte-carlo" "$PCF" compute --library "$LIB" --process p-a --seed 3
expect 2 "--monte-carlo 0" "$PCF" compute --library "$LIB" --process p-a --monte-carlo 0
expect 0 "pcf mc --help" "$PCF" mc --help
expect_out "usage: pcf mc merge" "mc --help prints its usage"
done_testing
