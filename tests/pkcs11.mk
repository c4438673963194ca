# tests/pkcs11.mk - 'pcf issue' with the issuing key in a PKCS#11 token (threat T25): a SoftHSM2
# token made per run in the test's scratch folder, signing through libp11's OpenSSL engine.
# The script skips (TAP SKIP, with the reason) when softhsm2 or libengine-pkcs11-openssl is absent.
dist_check_SCRIPTS += tests/cli/issue-pkcs11.sh
TESTS += tests/cli/issue-pkcs11.sh
