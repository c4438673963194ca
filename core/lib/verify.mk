# core/lib/verify.mk - sources of the verify area of libpcf (appended to libpcf_core).
