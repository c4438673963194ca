# tests/cli/issue-lib.sh - what the 'pcf issue' tests share (sourced after lib.sh): the demo PKI,
# the fixtures and a signing shorthand.
PKI=${PCF_TEST_PKI:-$top_builddir/certs/demo}
BDATA=$top_srcdir/tests/data/bundle
METHOD=${PCF_TEST_ISSUE_METHOD:-example}
[ -f "$PKI/issuer.pem" ] || { echo "Bail out! no demo PKI in $PKI"; exit 1; }

# sign NAME: the options that sign with the demo PKI's NAME.pem/NAME.key and the intermediate.
sign() { echo "--key $PKI/$1.key --cert $PKI/$1.pem --chain $PKI/chain.pem"; }

# issue ARGS...: pcf issue with the test method and the EC issuer unless told otherwise.
issue() { "$PCF" issue --method "$METHOD" "$@"; }

# entries BUNDLE: the entry names, one a line.
entries() { tar -tf "$1"; }

# manifest BUNDLE: the manifest's bytes on stdout.
manifest() { tar -xOf "$1" manifest.json; }
