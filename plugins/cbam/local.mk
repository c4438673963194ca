# plugins/cbam/local.mk - the cbam methodology plugin.
