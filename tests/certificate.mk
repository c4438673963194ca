# tests/certificate.mk - tests of the render module and of trusted time: 'pcf certificate' (PDF, PNG and
# HTML, English and Chinese, the QR code read back with zbarimg, same bytes twice, escaping),
# 'pcf verify --qr', and 'pcf issue --tsa' against a real RFC 3161 TSA on 127.0.0.1 (tests/cli/tsa-server.py
# answering with 'openssl ts -reply').
dist_check_SCRIPTS += tests/cli/certificate.sh tests/cli/issue-tsa.sh tests/cli/tsa-server.py
TESTS += tests/cli/certificate.sh tests/cli/issue-tsa.sh
