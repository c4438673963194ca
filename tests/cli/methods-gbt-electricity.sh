#!/bin/sh
# methods-gbt-electricity.sh - gbt24067's electricity by an explicit key (--param electricity=ID=KIND,...)
# instead of the word "grid" in a factor's name, and the green-electricity rule: a claim of green electricity
# (market-green) needs the rest of the grid electricity at the MEE factor excluding market-traded non-fossil
# electricity (2023: 0.6096 kg CO2/kWh, MEE and NBS announcement of the 2023 electricity CO2 emission factors),
# never the national average (0.5306).
. "$top_srcdir/tests/cli/lib.sh"
D="$DATA/methods/gbt-electricity"
tot() { /usr/bin/python3 -c 'import json,sys; print(repr(json.load(open(sys.argv[1]))["footprint"]["total"]))' "$T/out"; }
near() { /usr/bin/python3 -c 'import sys; a,b=float(sys.argv[1]),eval(sys.argv[2]); sys.exit(abs(a-b) > 1e-9*max(1,abs(b)))' "$1" "$2"; }

# a green claim beside the national average: refused (main did not know the parameter)
expect 1 "green electricity with the national average is refused" "$PCF" compute "$D/green-average.yaml" --method gbt24067 \
	--json --param electricity=cn-grid-2023-average=grid-average,green-cert-2023=market-green
expect_err "green-average\.yaml:[0-9]+:[0-9]+: processes\[0\]\.inputs\[0\]: .*green electricity is claimed \(factor 'green-cert-2023'\), so the rest of the grid electricity must use the MEE factor that excludes market-traded non-fossil electricity \(2023: 0\.6096 kg CO2/kWh\)" "the message names both factors and the figure"
expect_err "rule cn-green-residual" "the rule"

# the same claim with the residual factor: 100 kWh x 0.6096 + 50 kWh x 0 + 1 kg steel x 2 = 62.96 kg CO2e
expect 0 "green electricity with the residual factor computes" "$PCF" compute "$D/green-residual.yaml" --method gbt24067 \
	--json --param electricity=cn-grid-2023-residual=grid-residual,green-cert-2023=market-green
check "total = 100 x 0.6096 + 50 x 0 + 2 = 62.96" near "$(tot)" "100 * 0.6096 + 50 * 0 + 1 * 2"

# with keys, every electricity factor needs one
expect 1 "an electricity factor without a key is refused" "$PCF" compute "$D/green-residual.yaml" --method gbt24067 \
	--json --param electricity=cn-grid-2023-residual=grid-residual
expect_err "processes\[0\]\.inputs\[1\]: .*electricity factor 'green-cert-2023' has no kind in --param electricity.*rule electricity-key" "it is named"
expect 2 "an unknown kind is refused" "$PCF" compute "$D/green-residual.yaml" --method gbt24067 \
	--json --param electricity=cn-grid-2023-residual=greenish
expect_err "parameter electricity: 'cn-grid-2023-residual=greenish': the kind is one of grid-average, grid-residual, market-green, direct-supply, own-generation" "the kinds are listed"

# without the parameter, format 1's meaning is unchanged: 100 x 0.5306 + 0 + 2 = 55.06
expect 0 "without keys the old reading stays" "$PCF" compute "$D/green-average.yaml" --method gbt24067 --json
check "total = 100 x 0.5306 + 2 = 55.06" near "$(tot)" "100 * 0.5306 + 2"
done_testing
