# core/lib/base/local.mk - the foundation every other module of libpcf stands on, and which depends on
# none of them: errors, the arena, string buffers, the string map, bounded file I/O, the deterministic
# JSON writer, hex encoding, the time grammar, versioned option structs and the version.
core_lib_libpcf_core_la_SOURCES += \
	core/lib/base/error.c core/lib/base/error_impl.h \
	core/lib/base/arena.c core/lib/base/arena.h \
	core/lib/base/buf.c core/lib/base/buf.h \
	core/lib/base/strmap.c core/lib/base/strmap.h \
	core/lib/base/jsonw.c core/lib/base/jsonw.h \
	core/lib/base/fsutil.c core/lib/base/fsutil.h \
	core/lib/base/hex.c core/lib/base/hex.h \
	core/lib/base/optinit.c core/lib/base/optinit.h \
	core/lib/base/timefmt.c core/lib/base/timefmt.h \
	core/lib/base/version.c
pkginclude_HEADERS += \
	core/include/pcf/pcf.h \
	core/include/pcf/error.h \
	core/include/pcf/version.h \
	core/include/pcf/file.h
