#!/bin/sh
# sdk.sh - the plugin SDK as an outside author uses it: install pcfkit into a temporary root, build
# plugins/example out of tree with pkg-config and the installed header only, load it with the
# installed pcf, and run 'pcf methods check' on it with the installed check inventories.
. "$top_srcdir/tests/cli/lib.sh"

: "${MAKE:=make}" "${CC:=cc}" "${PKG_CONFIG:=pkg-config}"
D="$T/root"
if ! "$MAKE" -C "$top_builddir" install DESTDIR="$D" >"$T/install.log" 2>&1; then
	not_ok "make install DESTDIR=..."; diag "$(tail -20 "$T/install.log")"; done_testing; exit 1
fi
ok "make install DESTDIR=..."
pc=$(find "$D" -name pcf.pc | head -1)
check "pcf.pc is installed" test -n "$pc"
export PKG_CONFIG_PATH="$(dirname "$pc")" PKG_CONFIG_SYSROOT_DIR="$D" PKG_CONFIG_LIBDIR="$(dirname "$pc")"
plugindir=$("$PKG_CONFIG" --variable=plugindir pcf)
libdir=$("$PKG_CONFIG" --variable=libdir pcf)
prefix=$("$PKG_CONFIG" --variable=prefix pcf)
pkgdatadir=$("$PKG_CONFIG" --variable=pkgdatadir pcf)
check "pkg-config gives a plugindir" test -n "$plugindir"
# pkgconf prefixes variables with the sysroot, pkg-config 0.29 does not: add it only when missing.
case $plugindir in "$D"/*) R= ;; *) R=$D ;; esac
check "the shipped example plugin is installed in plugindir" test -f "$R$plugindir/example.so"
check "the check inventories are installed" test -f "$R$pkgdatadir/data/check/examples/widget.yaml"
check "the result schema is installed" test -f "$R$pkgdatadir/schemas/result.schema.json"
check "the manifest schema is installed" test -f "$R$pkgdatadir/schemas/manifest.schema.json"
check "the example plugin's source is installed" test -f "$R$pkgdatadir/examples/example.c"
check "every check example plugin-guide.md names is installed" sh -c "for f in \$(grep -o '\`[a-z]*\.yaml\`' \
	'$top_srcdir/docs/plugin-guide.md' | tr -d '\`' | sort -u); do case \$f in cutoff.yaml) d=hostile;; *) d=examples;; esac;
	test -f '$R$pkgdatadir/data/check/'\$d/\$f || { echo \"missing \$f\"; exit 1; }; done"

# The one header a plugin author needs compiles on its own, strictly.
printf '#include <pcf/plugin.h>\nint main(void) { return PCF_PLUGIN_ABI_MAJOR - 1; }\n' > "$T/h.c"
check "pcf/plugin.h compiles alone with the installed headers" \
	$CC $("$PKG_CONFIG" --cflags pcf) -std=c11 -Wall -Wextra -Werror -pedantic -o "$T/h" "$T/h.c"

mkdir -p "$T/sdk"
cp "$top_srcdir/plugins/example/example.c" "$T/sdk/"
check "the example builds out of tree: cc \$(pkg-config --cflags pcf) -shared -fPIC" \
	$CC $("$PKG_CONFIG" --cflags pcf) -std=c11 -Wall -Wextra -Werror -shared -fPIC -Wl,-z,defs \
	-o "$T/sdk/example.so" "$T/sdk/example.c" -lm
check "it exports pcf_plugin_entry" sh -c "nm -D --defined-only '$T/sdk/example.so' | grep -q ' T pcf_plugin_entry\$'"
check "it does not link libpcf" sh -c "! readelf -d '$T/sdk/example.so' | grep -q 'libpcf'"

PCFI="$R$prefix/bin/pcf"
run env LD_LIBRARY_PATH="$R$libdir" PCF_PLUGIN_PATH= PCF_DATA_DIR= "$PCFI" methods --plugin-dir "$T/sdk"
if [ "$rc" -eq 0 ]; then ok "the installed pcf lists it"; else not_ok "the installed pcf lists it (exit $rc)"; diag "$(cat "$T/err")"; fi
expect_out "^example +1\.0\.0 " "listed with its version"
expect_out "$T/sdk/example\.so" "from the out-of-tree file"
run env LD_LIBRARY_PATH="$R$libdir" PCF_PLUGIN_PATH= PCF_DATA_DIR="$R$pkgdatadir/data" "$PCFI" methods check "$T/sdk/example.so"
if [ "$rc" -eq 0 ]; then ok "pcf methods check passes it"; else not_ok "pcf methods check passes it (exit $rc)"; diag "$(cat "$T/out" "$T/err")"; fi
expect_out '^all cases passed$' "every case passed"
expect_out '^ok +hostile long-chain\.yaml$' "with the installed hostile inventories"
run env LD_LIBRARY_PATH="$R$libdir" PCF_PLUGIN_PATH= PCF_DATA_DIR="$R$pkgdatadir/data" "$PCFI" compute \
	--plugin-dir "$T/sdk" --method example "$R$pkgdatadir/data/check/examples/widget.yaml" --json
check "and computes with it" sh -c "jq -e '.footprint.total > 9.44' '$T/out' >/dev/null"
done_testing
