# tests/certificate.mk - tests of the render module and of trusted time: 'pcf certificate' (PDF, PNG and
# HTML, English and Chinese, the QR code read back with zbarimg, same bytes twice, escaping),
# 'pcf verify --qr', and 'pcf issue --tsa' against a real RFC 3161 TSA on 127.0.0.1 (tests/cli/tsa-server.py
# answering with 'openssl ts -reply').
dist_check_SCRIPTS += tests/cli/certificate.sh tests/cli/issue-tsa.sh tests/cli/tsa-server.py tests/cli/issue-ltv.sh \
	tests/cli/ltv-craft.py
TESTS += tests/cli/certificate.sh tests/cli/issue-tsa.sh tests/cli/issue-ltv.sh

check_PROGRAMS += tests/unit/test_certificate
tests_unit_test_certificate_SOURCES = tests/unit/test_certificate.c tests/unit/fixture.c tests/unit/fixture.h tests/unit/tap.h
tests_unit_test_certificate_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_certificate_LDADD = $(TEST_UNIT_LDADD) $(CRYPTO_LIBS) $(JANSSON_LIBS)
TESTS += tests/unit/test_certificate
# Under valgrind, each path once instead of certificate.sh's many documents.
dist_check_SCRIPTS += tests/cli/certificate-memcheck.sh
TESTS += tests/cli/certificate-memcheck.sh
CLI_TESTS_NOT_UNDER_VALGRIND += tests/cli/certificate.sh
