# plugins/ghg-product/local.mk - the ghg-product methodology plugin, built from its own descriptor and the shared
# engine of plugins/common compiled into it (CFP_PLUGIN_SOURCES; not a shared library).
pkglib_LTLIBRARIES += plugins/ghg-product.la
plugins_ghg_product_la_SOURCES = plugins/ghg-product/ghg-product.c $(CFP_PLUGIN_SOURCES)
plugins_ghg_product_la_CFLAGS = $(AM_CFLAGS) -fvisibility=hidden
plugins_ghg_product_la_LDFLAGS = $(PCF_PLUGIN_LDFLAGS)
EXTRA_DIST += docs/methods/ghg-product.md
