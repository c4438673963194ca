# core/lib/inventory.mk - sources of the inventory area of libpcf (appended to libpcf_core).
