/*
 * tarw.c - deterministic ustar archives with libarchive. libarchive's ustar writer takes every
 * header field from the archive_entry, so fixing the entry's fields fixes the bytes; the end of
 * the archive is the two zero blocks, without padding to a 10240-byte record
 * (bytes_in_last_block = 1). tests/unit/test_bundle.c checks the header bytes.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>

#include "base/buf.h"
#include "bundle/tarw.h"

static la_ssize_t to_buf(struct archive *a, void *ctx, const void *data, size_t len)
{
	pcfi_buf *b = ctx;

	pcfi_buf_append(b, data, len);
	if (b->oom) {
		archive_set_error(a, ENOMEM, "out of memory");
		return -1;
	}
	return (la_ssize_t)len;
}

/* Longer than 80 lines on purpose: one ustar header filled field by field, in the order of the format. */
pcf_status pcfi_tar_write(const pcfi_tar_entry *entries, size_t n, int64_t mtime, unsigned char **out,
                          size_t *len, pcf_error *err)
{
	struct archive *a;
	struct archive_entry *e = NULL;
	pcfi_buf b = PCFI_BUF_INIT;
	pcf_status st = PCF_OK;
	size_t i;

	*out = NULL;
	*len = 0;
	a = archive_write_new();
	if (!a)
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	if (archive_write_set_format_ustar(a) != ARCHIVE_OK || archive_write_add_filter_none(a) != ARCHIVE_OK ||
	    archive_write_set_bytes_per_block(a, 10240) != ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(a, 1) != ARCHIVE_OK ||
	    archive_write_open(a, &b, NULL, to_buf, NULL) != ARCHIVE_OK) {
		st = pcfi_error(err, PCF_E_INTERNAL, "cannot start the archive: %s", archive_error_string(a));
		goto out;
	}
	for (i = 0; i < n; i++) {
		const char *p = entries[i].data;
		size_t left = entries[i].size;

		if (strlen(entries[i].path) > 100) {
			st = pcfi_error(err, PCF_E_ARG, "entry name '%s' is longer than 100 bytes", entries[i].path);
			goto out;
		}
		e = archive_entry_new2(a);
		if (!e) {
			st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
			goto out;
		}
		archive_entry_set_pathname(e, entries[i].path);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_uid(e, 0);
		archive_entry_set_gid(e, 0);
		archive_entry_set_mtime(e, (time_t)mtime, 0);
		archive_entry_set_size(e, (la_int64_t)entries[i].size);
		if (archive_write_header(a, e) != ARCHIVE_OK) {
			st = pcfi_error(err, b.oom ? PCF_E_NOMEM : PCF_E_INTERNAL, "cannot write the header of %s: %s",
			                entries[i].path, archive_error_string(a));
			goto out;
		}
		while (left) {
			la_ssize_t w = archive_write_data(a, p, left);
			if (w <= 0) {
				st = pcfi_error(err, b.oom ? PCF_E_NOMEM : PCF_E_INTERNAL, "cannot write %s: %s",
				                entries[i].path, archive_error_string(a));
				goto out;
			}
			p += w;
			left -= (size_t)w;
		}
		if (archive_write_finish_entry(a) != ARCHIVE_OK) {
			st = pcfi_error(err, PCF_E_INTERNAL, "cannot finish %s: %s", entries[i].path, archive_error_string(a));
			goto out;
		}
		archive_entry_free(e);
		e = NULL;
	}
	if (archive_write_close(a) != ARCHIVE_OK) {
		st = pcfi_error(err, b.oom ? PCF_E_NOMEM : PCF_E_INTERNAL, "cannot finish the archive: %s",
		                archive_error_string(a));
		goto out;
	}
	if (b.oom) {
		st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
		goto out;
	}
out:
	archive_entry_free(e);
	archive_write_free(a);
	if (st != PCF_OK) {
		pcfi_buf_free(&b);
		return st;
	}
	*out = (unsigned char *)pcfi_buf_steal(&b, len);
	if (!*out) {               /* an empty archive is never written: n >= 1 for bundles */
		return pcfi_error(err, PCF_E_INTERNAL, "empty archive");
	}
	return PCF_OK;
}
