# tests/cli/lib.sh - TAP helpers for the CLI tests (sourced). Each test script:
#   . "$top_srcdir/tests/cli/lib.sh"; ...checks...; done_testing
# Each script gets its own scratch folder $T, removed at exit unless PCF_KEEP_TMP is set.
set -u
: "${top_srcdir:?run through make check}" "${top_builddir:?}" "${PCF:?}"
DATA="$top_srcdir/tests/data"
T=$(mktemp -d "${TMPDIR:-/tmp}/pcf-test.XXXXXX")
chmod 755 "$T"
[ -n "${PCF_KEEP_TMP:-}" ] || trap 'rm -rf "$T"' EXIT
_n=0
_failed=0

ok() { _n=$((_n + 1)); echo "ok $_n - $*"; }
not_ok() { _n=$((_n + 1)); _failed=$((_failed + 1)); echo "not ok $_n - $*"; }
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
skip_test() { _n=$((_n + 1)); echo "ok $_n # SKIP $*"; }

# run CMD...: runs a command, keeping its stdout in $T/out, stderr in $T/err and status in $rc.
run() { "$@" >"$T/out" 2>"$T/err"; rc=$?; }

# expect STATUS NAME CMD...: the command exits with STATUS.
expect() {
	local want=$1 name=$2; shift 2
	run "$@"
	if [ "$rc" -eq "$want" ]; then ok "$name"; else
		not_ok "$name (exit $rc, wanted $want)"; diag "stdout:" "$(head -c 2000 "$T/out")" "stderr:" "$(head -c 2000 "$T/err")"
	fi
}

# expect_err PATTERN NAME: the last run's stderr matches the extended regex PATTERN.
expect_err() {
	if grep -Eq -- "$1" "$T/err"; then ok "$2"; else not_ok "$2"; diag "stderr did not match /$1/:" "$(head -c 2000 "$T/err")"; fi
}
# expect_out PATTERN NAME: the last run's stdout matches the extended regex PATTERN.
expect_out() {
	if grep -Eq -- "$1" "$T/out"; then ok "$2"; else not_ok "$2"; diag "stdout did not match /$1/:" "$(head -c 2000 "$T/out")"; fi
}
# check NAME CMD...: passes when the command succeeds.
check() { local name=$1; shift; if "$@"; then ok "$name"; else not_ok "$name"; fi; }

done_testing() { echo "1..$_n"; [ "$_failed" -eq 0 ]; }
