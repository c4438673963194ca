# tests/inventory.mk - tests of the inventory area (appended to TESTS).
