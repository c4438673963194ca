# plugins/gbt24067/local.mk - the gbt24067 methodology plugin.
