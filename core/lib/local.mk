# core/lib/local.mk - libpcf. All objects go into a convenience library (unit tests link it to reach
# internals); the installed libpcf.so wraps it and exports only pcf_* symbols.
noinst_LTLIBRARIES += core/lib/libpcf_core.la
core_lib_libpcf_core_la_SOURCES = \
	core/lib/error.c core/lib/error_impl.h \
	core/lib/buf.c core/lib/buf.h \
	core/lib/jsonw.c core/lib/jsonw.h \
	core/lib/fsutil.c core/lib/fsutil.h \
	core/lib/version.c
core_lib_libpcf_core_la_CFLAGS = $(AM_CFLAGS) $(CRYPTO_CFLAGS) $(ARCHIVE_CFLAGS) $(YAML_CFLAGS) $(JANSSON_CFLAGS)
core_lib_libpcf_core_la_LIBADD = $(CRYPTO_LIBS) $(ARCHIVE_LIBS) $(YAML_LIBS) $(JANSSON_LIBS) $(KLU_LIBS) $(PTHREAD_LIBS)

# Each area of the library adds its sources here, in its own fragment, to keep merges apart.
include core/lib/inventory.mk
include core/lib/plugin.mk
include core/lib/bundle.mk
include core/lib/verify.mk

lib_LTLIBRARIES += core/lib/libpcf.la
core_lib_libpcf_la_SOURCES =
core_lib_libpcf_la_LIBADD = core/lib/libpcf_core.la
# current:revision:age; bump per libtool rules when the public API changes.
core_lib_libpcf_la_LDFLAGS = -version-info 0:0:0 -export-symbols-regex '^pcf_[a-z]' -no-undefined
nodist_EXTRA_core_lib_libpcf_la_SOURCES = dummy.c

pkgincludedir = $(includedir)/pcf
pkginclude_HEADERS += \
	core/include/pcf/pcf.h \
	core/include/pcf/error.h \
	core/include/pcf/version.h \
	core/include/pcf/file.h

pkgconfigdir = $(libdir)/pkgconfig
pkgconfig_DATA = core/lib/pcf.pc
EXTRA_DIST += core/lib/pcf.pc.in
