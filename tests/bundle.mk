# tests/bundle.mk - tests of the bundle area (appended to TESTS).
