#!/bin/sh
# basics.sh - the pcf command's global behaviour: --help, --version, usage errors, exit statuses.
. "$top_srcdir/tests/cli/lib.sh"

expect 0 "pcf --version" "$PCF" --version
expect_out '^pcf \(pcfkit\) [0-9]+\.[0-9]+\.[0-9]+$' "--version prints the version"
expect 0 "pcf --help" "$PCF" --help
expect_out 'usage: pcf' "--help prints usage on stdout"
expect 2 "no command exits 2" "$PCF"
expect_err 'usage: pcf' "no command prints usage on stderr"
expect 2 "unknown command exits 2" "$PCF" frobnicate
expect_err "unknown command 'frobnicate'" "unknown command is named"
expect 2 "unknown global option exits 2" "$PCF" --frobnicate
expect_err "unknown option '--frobnicate'" "unknown option is named"
for c in compute validate issue verify inspect extract methods factors; do
	expect 0 "pcf $c --help" "$PCF" "$c" --help
	expect_out "usage: pcf $c" "pcf $c --help prints its usage"
	expect 2 "pcf $c with an unknown option exits 2" "$PCF" "$c" --no-such-option
done
# A FIFO given as an input file is refused at once (reading it would wait for a writer forever).
mkfifo "$T/fifo"
expect 5 "a FIFO as inventory is refused, not waited on" timeout 10 "$PCF" compute "$T/fifo"
expect_err "fifo: not a regular file" "the refusal names the file"
done_testing
