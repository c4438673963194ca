# plugins/ghg-product/local.mk - the ghg-product methodology plugin.
