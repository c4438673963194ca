# plugins/pas2050/local.mk - the pas2050 methodology plugin.
