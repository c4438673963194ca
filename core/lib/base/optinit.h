/*
 * optinit.h - the one body behind the public *_init(&opts, VERSION) functions (internal; libgit2's
 * pattern, docs/hacking.md "Public option structs").
 */
#ifndef PCF_OPTINIT_H
#define PCF_OPTINIT_H

#include <stddef.h>

#include <pcf/error.h>

/*
 * Zero the size bytes at opts, a struct whose first member is `unsigned version`, and set that to
 * version. PCF_E_ARG (opts untouched) for NULL or a version outside 1..latest.
 */
pcf_status pcfi_opts_init(void *opts, size_t size, unsigned version, unsigned latest);

#endif
