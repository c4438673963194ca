# tests/verify.mk - tests of the verify area (appended to TESTS).
