# core/lib/registry/local.mk - the registry module of libpcf: the certification body's record of
# issued certificates and their status (pcf/registry.h), the storage interface (registry_impl.h)
# and its SQLite backend. docs/certification-body.md describes the commit protocol.
core_lib_libpcf_core_la_SOURCES += \
	core/lib/registry/registry.c core/lib/registry/registry_impl.h \
	core/lib/registry/registry_sqlite.c core/lib/registry/status_publish.c \
	core/lib/registry/entry.c
core_lib_libpcf_core_la_CFLAGS += $(SQLITE_CFLAGS)
core_lib_libpcf_core_la_LIBADD += $(SQLITE_LIBS)
pkginclude_HEADERS += core/include/pcf/registry.h
