#!/bin/sh
# exports.sh - the shared objects export what the ABI promises: libpcf only pcf_* (with a versioned
# soname), each methodology plugin exactly one symbol, pcf_plugin_entry; pcf.pc names the plugin folder.
. "$top_srcdir/tests/cli/lib.sh"
lib=$top_builddir/core/lib/.libs/libpcf.so
if ! command -v nm >/dev/null 2>&1 || [ ! -f "$lib" ]; then
	skip_test "nm or the shared libpcf is not available (static build)"; done_testing; exit
fi
nm -D --defined-only "$lib" | awk '{print $3}' >"$T/syms"
check "libpcf exports symbols" test -s "$T/syms"
check "libpcf exports nothing but pcf_*" sh -c "! grep -v '^pcf_[a-z]' '$T/syms'"
check "libpcf exports no internal pcfi_* symbol" sh -c "! grep '^pcfi_' '$T/syms'"
objdump -p "$lib" 2>/dev/null | awk '/SONAME/ {print $2}' >"$T/soname"
check "libpcf has a versioned soname ($(cat "$T/soname"))" grep -Eq '^libpcf\.so\.[0-9]+$' "$T/soname"
for p in "$top_builddir"/plugins/.libs/*.so; do
	check "$(basename "$p") exports exactly pcf_plugin_entry" \
		test "$(nm -D --defined-only "$p" | awk '{print $3}' | tr '\n' ' ')" = "pcf_plugin_entry "
done
check "pcf.pc carries plugindir" grep -q '^plugindir=' "$top_builddir/core/lib/pcf.pc"
done_testing
