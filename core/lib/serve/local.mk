# core/lib/serve/local.mk - the serve module of libpcf: `pcf serve`, a PACT 3.0 host system over the
# registry (pcf/serve.h) with libmicrohttpd (HTTPS through GnuTLS). It reads the registry
# (serve -> registry); docs/pact-host.md describes it.
core_lib_libpcf_core_la_SOURCES += \
	core/lib/serve/serve.c core/lib/serve/serve_impl.h core/lib/serve/footprints.c core/lib/serve/auth.c
core_lib_libpcf_core_la_CFLAGS += $(MHD_CFLAGS) -I$(top_builddir)/core/lib
core_lib_libpcf_core_la_LIBADD += $(MHD_LIBS)
pkginclude_HEADERS += core/include/pcf/serve.h

# The extension's schema, served at /extensions/pcfkit-bundle/1.0.0/schema.json, is compiled in from
# schemas/ as a C string (one literal a line).
BUILT_SOURCES += core/lib/serve/ext_schema.inc
CLEANFILES += core/lib/serve/ext_schema.inc
# Also a prerequisite of serve.c's object, for builds that make only some targets (tests/fuzz/run
# makes the fuzz targets alone, and BUILT_SOURCES are made only by all, check and install).
# (On the objects variable, not on serve.c's object by name: a rule naming an automake target
# replaces the rule automake writes for it.)
$(core_lib_libpcf_core_la_OBJECTS): core/lib/serve/ext_schema.inc
core/lib/serve/ext_schema.inc: $(top_srcdir)/schemas/pact-bundle-extension.schema.json
	$(AM_V_GEN)mkdir -p core/lib/serve && \
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $< >$@.tmp && mv $@.tmp $@
