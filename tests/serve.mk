# tests/serve.mk - tests of pcf serve, the PACT 3.0 host (appended to TESTS): the conformance tool's
# synchronous v3 cases ported with their numbers, and bad input, limits at their boundaries, tokens,
# signals. They start the server on 127.0.0.1 with a free port and talk to it with curl.
dist_check_SCRIPTS += tests/cli/serve.inc tests/cli/serve-check.py tests/cli/serve-conformance.sh tests/cli/serve-robust.sh
TESTS += tests/cli/serve-conformance.sh tests/cli/serve-robust.sh
