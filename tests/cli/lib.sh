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

# Under valgrind memcheck (PCF_TEST_VALGRIND) the heaviest tests take a deterministic sample of their
# cases, so that the memcheck stage of CI stays proportionate (docs/hacking.md, "What CI runs"):
# sample_case INDEX CLASS is true for every SAMPLE_STRIDE-th case (INDEX % SAMPLE_STRIDE == 0) and for
# the first case of each CLASS, so every class is still run. SAMPLE_STRIDE is PCF_TEST_SAMPLE_STRIDE
# when set, else 5 under valgrind (odd, so that a sample of offsets keeps odd and even ones) and 1
# (every case) otherwise: plain make check and the ASan stage run everything.
SAMPLE_STRIDE=${PCF_TEST_SAMPLE_STRIDE:-}
[ -n "$SAMPLE_STRIDE" ] || { [ -n "${PCF_TEST_VALGRIND:-}" ] && SAMPLE_STRIDE=5 || SAMPLE_STRIDE=1; }
_sample_seen=" "
sample_case() {
	case $_sample_seen in
	*" $2 "*) [ $(($1 % SAMPLE_STRIDE)) -eq 0 ] ;;
	*) _sample_seen="$_sample_seen$2 "; return 0 ;;
	esac
}

done_testing() { echo "1..$_n"; [ "$_failed" -eq 0 ]; }
