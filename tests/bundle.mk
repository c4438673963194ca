# tests/bundle.mk - tests of the bundle area (appended to TESTS); registered once the demo PKI and the
# example plugin are merged.
