#!/bin/sh
# issue-atomic.sh - 'pcf issue' never leaves a partial bundle: a file size limit (RLIMIT_FSIZE)
# and a full file system striking in the middle of the write, a read-only folder, an existing
# output. Each leaves nothing at the output path, no temporary file, and a clear error.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"
INV=$BDATA/steel.yaml

# no_trace DIR NAME: nothing called NAME and no temporary file in DIR.
no_trace() { [ ! -e "$1/$2" ] && ! ls -A "$1" | grep -q 'tmp'; }

# A reference bundle, to know its size.
expect 0 "a reference bundle" issue "$INV" $(sign issuer) -o "$T/ref.pcfb"
size=$(wc -c <"$T/ref.pcfb")
check "the bundle is larger than 4 KiB (so a 2 KiB limit strikes mid-write)" test "$size" -gt 4096

# RLIMIT_FSIZE: ulimit -f counts 1024-byte blocks in dash and bash.
mkdir "$T/lim"
run sh -c "ulimit -f 2 && exec \"\$0\" issue --method \"$METHOD\" \"$INV\" $(sign issuer) -o \"$T/lim/out.pcfb\"" "$PCF"
if [ "$rc" -eq 5 ]; then ok "a file size limit mid-write exits 5"; else not_ok "a file size limit mid-write exits 5 (exit $rc)"; diag "$(cat "$T/err")"; fi
expect_err "lim/out.pcfb: write failed: File too large" "the error names the file and the cause"
check "no file at the output path, no temporary file" no_trace "$T/lim" out.pcfb

# A full file system: a 16 KiB tmpfs in a private mount namespace (root, or an unprivileged user
# namespace where the kernel allows it).
ns=unshare; [ "$(id -u)" -eq 0 ] && ns_opt=-m || ns_opt=-rm
mkdir "$T/probe"
if command -v unshare >/dev/null 2>&1 && $ns $ns_opt sh -c "mount -t tmpfs -o size=16k tmpfs '$T/probe'" 2>/dev/null; then
	mkdir "$T/full"
	run $ns $ns_opt sh -c "mount -t tmpfs -o size=16k tmpfs '$T/full' && dd if=/dev/zero of='$T/full/filler' bs=1024 count=12 2>/dev/null;
		\"\$0\" issue --method '$METHOD' '$INV' $(sign issuer) -o '$T/full/out.pcfb'; rc=\$?; ls -A '$T/full'; exit \$rc" "$PCF"
	if [ "$rc" -eq 5 ]; then ok "a full file system exits 5"; else not_ok "a full file system exits 5 (exit $rc)"; diag "$(cat "$T/err")"; fi
	expect_err "full/out.pcfb: write failed: No space left on device" "the error says the device is full"
	check "nothing but the filler is left in the full file system" sh -c "[ \"\$(cat '$T/out')\" = filler ]"

	# A batch into a file system that fills up half-way: the bundles that fit are complete, the
	# others fail with a clear error, no temporary file is left.
	mkdir "$T/fullb" "$T/many5"
	for n in 1 2 3 4 5 6 7 8 9 10 11 12; do cp "$INV" "$T/many5/p$n.yaml"; done
	run $ns $ns_opt sh -c "mount -t tmpfs -o size=48k tmpfs '$T/fullb' &&
		\"\$0\" issue --method '$METHOD' '$T'/many5/*.yaml $(sign issuer) -j 2 -o '$T/fullb'; rc=\$?;
		n=0; for b in '$T'/fullb/*.pcfb; do [ -e \"\$b\" ] || continue; tar -tf \"\$b\" | grep -qx manifest.p7s || echo BROKEN \$b; n=\$((n + 1)); done
		echo issued \$n; ls -A '$T/fullb' | grep tmp; exit \$rc" "$PCF"
	if [ "$rc" -eq 5 ]; then ok "a batch into a filling file system exits 5"; else not_ok "a batch into a filling file system exits 5 (exit $rc)"; diag "$(cat "$T/err")"; fi
	expect_err "write failed: No space left on device" "the failures say the device is full"
	check "some bundles were issued, each complete, no temporary file" sh -c "grep -q '^issued [1-9]' '$T/out' && ! grep -q 'BROKEN\|tmp' '$T/out'"
	check "the failures and the issued bundles add up" sh -c "
		n=\$(sed -n 's/^issued //p' '$T/out'); f=\$(grep -c 'No space left on device' '$T/err'); [ \$((n + f)) -eq 12 ]"

	# A read-only file system (root ignores folder modes, a read-only mount it does not).
	mkdir "$T/ro"
	run $ns $ns_opt sh -c "mount -t tmpfs -o size=1m,ro tmpfs '$T/ro' && exec \"\$0\" issue --method '$METHOD' '$INV' $(sign issuer) -o '$T/ro/out.pcfb'" "$PCF"
	if [ "$rc" -eq 5 ]; then ok "a read-only file system exits 5"; else not_ok "a read-only file system exits 5 (exit $rc)"; diag "$(cat "$T/err")"; fi
	expect_err "ro/out.pcfb: cannot create a temporary file in .*ro: Read-only file system" "the error says the folder is read-only"
else
	skip_test "no mount namespace for a small tmpfs"; skip_test "-"; skip_test "-"
	skip_test "no mount namespace for a small tmpfs (batch)"; skip_test "-"; skip_test "-"; skip_test "-"
	skip_test "no mount namespace for a read-only tmpfs"; skip_test "-"
fi

# A read-only folder (meaningful only when not root).
if [ "$(id -u)" -ne 0 ]; then
	mkdir "$T/rodir"; chmod 555 "$T/rodir"
	expect 5 "a read-only folder exits 5" issue "$INV" $(sign issuer) -o "$T/rodir/out.pcfb"
	expect_err "cannot create a temporary file in .*rodir: Permission denied" "the error says why"
	check "nothing in the read-only folder" no_trace "$T/rodir" out.pcfb
	chmod 755 "$T/rodir"
else
	skip_test "root ignores folder permissions (covered by the read-only mount above)"; skip_test "-"; skip_test "-"
fi

# An existing output is never touched without --force.
printf 'precious\n' >"$T/keep.pcfb"
expect 5 "an existing output is refused" issue "$INV" $(sign issuer) -o "$T/keep.pcfb"
expect_err "keep.pcfb: output exists \(use --force to overwrite\)" "the message says how to overwrite"
check "the existing file is unchanged" sh -c "[ \"\$(cat '$T/keep.pcfb')\" = precious ]"
expect 0 "--force replaces it" issue "$INV" $(sign issuer) -o "$T/keep.pcfb" --force
check "now a bundle" sh -c "tar -tf '$T/keep.pcfb' | grep -qx manifest.json"
check "no temporary files anywhere" sh -c "! ls -A '$T' | grep -q tmp"

# SIGINT during a batch: whenever it lands, every file left is a complete bundle, no temporary
# file remains, and an interrupted run says so and exits 5 (a run that finished first exits 0).
mkdir "$T/many" "$T/sig"
i=0; while [ $i -lt 200 ]; do i=$((i + 1)); cp "$INV" "$T/many/p$i.yaml"; done
"$PCF" issue --method "$METHOD" "$T"/many/*.yaml $(sign issuer) -o "$T/sig" >"$T/out" 2>"$T/err" &
pid=$!
sleep 1
kill -INT $pid 2>/dev/null
wait $pid; rc=$?
check "interrupted (exit 5, named) or finished (exit 0)" sh -c "
	{ [ $rc -eq 5 ] && grep -q 'interrupted: [0-9]* of 200 inventories not issued' '$T/err'; } || [ $rc -eq 0 ]"
check "every bundle left is complete" sh -c "for b in '$T'/sig/*.pcfb; do [ -e \"\$b\" ] || continue; tar -tf \"\$b\" | grep -qx manifest.p7s || exit 1; done"
check "no temporary file after the interruption" sh -c "! ls -A '$T/sig' | grep -q tmp"
done_testing
