# plugins/local.mk - methodology plugins, one folder each; each folder's local.mk builds plugins/<id>.la
# (so every built .so lands in plugins/.libs, the PCF_PLUGIN_PATH of the tests).
# The cfp engine and the plugin around it, compiled into each of iso14067, gbt24067, pas2050 and ghg-product.
CFP_PLUGIN_SOURCES = plugins/common/cfp.c plugins/common/cfp.h plugins/common/amounts.h plugins/common/cfp_plugin.c plugins/common/cfp_plugin.h
include plugins/example/local.mk
include plugins/iso14067/local.mk
include plugins/gbt24067/local.mk
include plugins/pas2050/local.mk
include plugins/ghg-product/local.mk
include plugins/pact/local.mk
include plugins/cbam/local.mk
include plugins/zero-carbon-park/local.mk
include plugins/eu-battery/local.mk
