#!/bin/sh
# function-length.sh - issue 12: no function over 80 lines without a reason in the comment above it
# ("Longer than 80 lines on purpose: ..."), except those in tests/cli/function-length.allow, each
# listed with its length so that the list can only shrink. The checker is function-length.py.
. "$top_srcdir/tests/cli/lib.sh"

PY=/usr/bin/python3
if ! [ -x "$PY" ]; then
	skip_test "python3 is not installed"
	done_testing
	exit $?
fi
CHK="$top_srcdir/tests/cli/function-length.py"

"$PY" "$CHK" "$top_srcdir" "$top_srcdir/tests/cli/function-length.allow" > "$T/out" 2>&1
rc=$?
if [ $rc -eq 0 ]; then ok "every function over 80 lines in core/ and plugins/ has its reason or is allowlisted"
else not_ok "function lengths (exit $rc)"; diag "$(cat "$T/out")"; fi

# The checker can fail: a probe tree with one long function, with and without its reason.
mkdir -p "$T/probe/core"
{ echo '/* probe */'; echo 'int f(void)'; echo '{'; i=0
  while [ $i -lt 80 ]; do echo '	x++;'; i=$((i + 1)); done; echo '}'; } > "$T/probe/core/a.c"
: > "$T/empty.allow"
"$PY" "$CHK" "$T/probe" "$T/empty.allow" > "$T/probe.out" 2>&1
check "a function of 82 lines without a reason fails" test $? -eq 1
check "... naming the file, line and function" grep -q '^PROBLEM core/a.c:2: f is 82 lines' "$T/probe.out"
sed 's|^/\* probe \*/|/* probe. Longer than 80 lines on purpose: a test. */|' "$T/probe/core/a.c" > "$T/probe/core/b" &&
	mv "$T/probe/core/b" "$T/probe/core/a.c"
"$PY" "$CHK" "$T/probe" "$T/empty.allow" > "$T/probe.out" 2>&1
check "the same function with its reason passes" test $? -eq 0
sed 's|^/\* probe.*|/* probe */|' "$T/probe/core/a.c" > "$T/probe/core/b" && mv "$T/probe/core/b" "$T/probe/core/a.c"
echo 'core/a.c f 81' > "$T/grown.allow"
"$PY" "$CHK" "$T/probe" "$T/grown.allow" > "$T/probe.out" 2>&1
check "an allowlisted function that grew fails" grep -q 'f is 82 lines, the allowlist says 81' "$T/probe.out"
echo 'core/a.c f 82' > "$T/same.allow"
"$PY" "$CHK" "$T/probe" "$T/same.allow" > "$T/probe.out" 2>&1
check "an allowlisted function at its listed length passes" test $? -eq 0
echo 'core/a.c gone 90' >> "$T/same.allow"
"$PY" "$CHK" "$T/probe" "$T/same.allow" > "$T/probe.out" 2>&1
check "a stale allowlist entry fails" grep -q 'core/a.c gone is no longer over 80' "$T/probe.out"
done_testing
