#!/bin/sh
# methods.sh - 'pcf methods': listing, showing, and the loader's refusals as the user sees them.
. "$top_srcdir/tests/cli/lib.sh"

TP="$top_builddir/tests/plugins/.libs"
EX="$top_builddir/plugins/.libs/example.so"

expect 0 "list the built plugins" "$PCF" methods
expect_out '^example +1\.0\.0 ' "the example plugin is listed with its version"
expect_out 'plugins/\.libs/example\.so' "the list names the file"
expect 0 "list as JSON" "$PCF" methods --json
check "the JSON list holds the example's id and parameters" \
	sh -c "jq -e '.[] | select(.id == \"example\") | .parameters[0].name == \"removals\"' '$T/out' >/dev/null"

expect 0 "show example" "$PCF" methods show example
expect_out '^standard +pcfkit example methodology' "show prints the standard"
expect_out '--param removals=include\|exclude \(default include\)' "show lists the parameters"
expect_out '^  example-summary  application/json' "show lists the export formats"
expect 0 "show --json" "$PCF" methods show example --json
check "show --json is the plugin's description" sh -c "jq -e '.id == \"example\" and .abi == \"1.1\"' '$T/out' >/dev/null"
expect 1 "show an unknown methodology" "$PCF" methods show iso99999
expect_err "methodology 'iso99999' is not installed" "the message says it is not installed"

# Broken plugins: listed as refused, each with its reason and file.
expect 0 "list a folder of broken plugins" "$PCF" methods --plugin-dir "$TP"
expect_err 'wrong-major\.so: plugin refused: built for plugin ABI 2\.0, this pcfkit supports ABI 1\.x' "wrong major refused"
expect_err 'newer-minor\.so: plugin refused: built for plugin ABI 1\.2, newer than this pcfkit' "newer minor refused"
expect_err 'no-entry\.so: plugin refused: no pcf_plugin_entry symbol' "missing entry symbol refused"
expect_err 'small\.so: plugin refused: descriptor is 88 bytes, smaller than the 104 bytes of plugin ABI 1\.0' "too-small descriptor refused"
expect_err "bad-id\.so: plugin refused: invalid id 'Bad_Id'" "invalid id refused"
expect_out '^testgood ' "the good test plugin is listed"

# Permissions and file types.
mkdir -p "$T/ww" "$T/ln" "$T/a" "$T/b" "$T/gw"
cp "$EX" "$T/ww/example.so"; chmod 666 "$T/ww/example.so"
expect 1 "a world-writable plugin is refused" "$PCF" methods show "$T/ww/example.so"
expect_err "ww/example\.so: plugin refused: file is writable by group or others \(mode 0666\)" "the message names the file and the mode"
cp "$EX" "$T/gw/example.so"; chmod 644 "$T/gw/example.so"; chmod 775 "$T/gw"
expect 1 "a plugin in a group-writable folder is refused" "$PCF" methods show "$T/gw/example.so"
expect_err "folder .*/gw is writable by group or others \(mode 0775\)" "the message names the folder"
chmod 755 "$T/gw"
cp "$EX" "$T/a/real.so"; ln -s "$T/a/real.so" "$T/ln/example.so"
expect 1 "a symlinked plugin is refused" "$PCF" methods --plugin-dir "$T/ln" show example
expect_err "ln/example\.so: plugin refused: not a regular file" "the message says it is not a regular file"

# A file not named after its id: the list refuses it as --method does, with the same reason.
mkdir -p "$T/misnamed"; cp "$EX" "$T/misnamed/other.so"
expect 0 "list a folder with a misnamed plugin" env PCF_PLUGIN_PATH="$T/misnamed" "$PCF" methods
expect_err "misnamed/other\.so: plugin refused: file is named other\.so but the plugin declares id 'example'" "the list refuses it, naming file and id"
check "and does not list it" sh -c "! grep -q '^example ' '$T/out'"
expect 0 "list it as JSON" env PCF_PLUGIN_PATH="$T/misnamed" "$PCF" methods --json
check "the JSON list is empty" sh -c "jq -e 'length == 0' '$T/out' >/dev/null"
expect 1 "compute with it by its file name" env PCF_PLUGIN_PATH="$T/misnamed" "$PCF" compute "$top_srcdir/tests/data/bundle/steel.yaml" --method other
expect_err "misnamed/other\.so: plugin refused: file is named other\.so but the plugin declares id 'example'" "compute gives the same reason"

# Duplicate ids: the first in the search order wins, a warning names both.
cp "$EX" "$T/a/example.so"; cp "$EX" "$T/b/example.so"
expect 0 "show with two copies on the path" "$PCF" methods --plugin-dir "$T/a" --plugin-dir "$T/b" show example
expect_out "^file +$T/a/example\.so$" "the first in the search order is used"
expect_err "duplicate methodology 'example': $T/a/example\.so comes first in the search path and is used, $T/b/example\.so is ignored" "a warning names both files"
expect 0 "list with --plugin-dir before PCF_PLUGIN_PATH" env PCF_PLUGIN_PATH="$T/b" "$PCF" methods --plugin-dir "$T/a"
expect_err "duplicate methodology 'example'" "listing warns about the duplicate too"
expect_out "$T/a/example\.so" "listing shows the first one"

# Usage.
expect 2 "unknown action" "$PCF" methods frobnicate
expect_err "unknown action 'frobnicate'" "the action is named"
expect 2 "show without an id" "$PCF" methods show
expect 2 "check without a plugin" "$PCF" methods check
expect 2 "check options outside check" "$PCF" methods list --timeout 3
expect 2 "a bad timeout" "$PCF" methods check "$EX" --timeout -1
done_testing
