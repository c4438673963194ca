# plugins/example/local.mk - the example methodology plugin (plugins/example/example.c), the one
# docs/plugin-guide.md walks through. Built like every plugin: one exported symbol, no libpcf.
pkglib_LTLIBRARIES += plugins/example.la
plugins_example_la_SOURCES = plugins/example/example.c
plugins_example_la_LDFLAGS = $(PCF_PLUGIN_LDFLAGS)
plugins_example_la_LIBADD = -lm
# The source is installed too, for plugin authors to start from (docs/plugin-guide.md).
pcfexamplesdir = $(pkgdatadir)/examples
dist_pcfexamples_DATA = plugins/example/example.c
