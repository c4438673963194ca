# core/lib/bundle.mk - sources of the bundle area of libpcf (appended to libpcf_core).
