# tests/plugin.mk - tests of the plugin area (appended to TESTS).
