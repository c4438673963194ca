#!/bin/sh
# golden.sh - pcf compute gives, byte for byte, the outputs recorded in tests/data/golden (the result
# JSON, the table, the PACT exports and the refusals of every example under every methodology), so
# that a refactor which changes any output byte, message or exit status fails here. Regenerate with
# tests/data/golden/regen only when an output is meant to change.
. "$top_srcdir/tests/cli/lib.sh"
G="$DATA/golden"
cd "$top_srcdir" || exit 1
while IFS='|' read -r name args; do
	case $name in '' | '#'*) continue ;; esac
	# shellcheck disable=SC2086 # the arguments are words of cases.txt
	"$PCF" compute $args >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" = "$(cat "$G/$name.rc")" ] && cmp -s "$T/out" "$G/$name.out" && cmp -s "$T/err" "$G/$name.err"; then
		ok "$name"
	else
		not_ok "$name (exit $rc, recorded $(cat "$G/$name.rc"))"
		diff "$G/$name.out" "$T/out" | head -20 | sed 's/^/# /'
		diff "$G/$name.err" "$T/err" | head -20 | sed 's/^/# /'
	fi
done <"$G/cases.txt"
done_testing
