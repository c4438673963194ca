/*
 * bundle_reader.c - read a certificate bundle's tar archive safely into memory (never to disk).
 *
 * libarchive does the tar parsing, with only its tar reader enabled; everything it lets through
 * (threats.md: `..` paths, duplicates, links, devices, trailing bytes) is checked here, and every
 * byte is counted here rather than trusting header sizes.
 */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdarg.h>
#include <stdio.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/bundle.h>
#include <pcf/bundle_reader.h>

#include "base/error_impl.h"
#include "base/fsutil.h"
#include "bundle/reader_impl.h"

#define NAME_MAX_BYTES PCF_BUNDLE_NAME_MAX

typedef struct view_entry {
	uint64_t pos, size; /* header position and data size in the archive */
	char *name;
	unsigned char *data;
	size_t len;
	unsigned char sha256[32];
} view_entry;

struct pcf_bundle_view {
	view_entry *entries;
	size_t n, cap;
};

void pcf_bundle_view_free(pcf_bundle_view *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->n; i++) {
		free(v->entries[i].name);
		free(v->entries[i].data);
	}
	free(v->entries);
	free(v);
}

size_t pcf_bundle_view_count(const pcf_bundle_view *v)
{
	return v ? v->n : 0;
}

const char *pcf_bundle_view_name(const pcf_bundle_view *v, size_t i)
{
	return v && i < v->n ? v->entries[i].name : NULL;
}

const unsigned char *pcf_bundle_view_data(const pcf_bundle_view *v, size_t i, size_t *len)
{
	if (!v || i >= v->n) {
		if (len)
			*len = 0;
		return NULL;
	}
	if (len)
		*len = v->entries[i].len;
	return v->entries[i].data;
}

const unsigned char *pcf_bundle_view_sha256(const pcf_bundle_view *v, size_t i)
{
	return v && i < v->n ? v->entries[i].sha256 : NULL;
}

long pcf_bundle_view_find(const pcf_bundle_view *v, const char *name)
{
	size_t i;

	if (!v || !name)
		return -1;
	for (i = 0; i < v->n; i++)
		if (!strcmp(v->entries[i].name, name))
			return (long)i;
	return -1;
}

static int ascii_casecmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
		if (x != y)
			return x - y;
		if (!x)
			return 0;
	}
}

static uint64_t round512(uint64_t n)
{
	return (n + 511) & ~(uint64_t)511;
}

/* Reading state shared by the helpers below. */
typedef struct rd {
	const char *name;
	pcf_verify_limits lim;
	pcf_reason reason;
	pcf_error *err;
	EVP_MD_CTX *md; /* one digest context for all entries (read_entry_data), freed at the end */
} rd;

static pcf_status fail(rd *r, pcf_reason reason, pcf_status st, const char *fmt, ...) PCFI_PRINTF(4, 5);

static pcf_status fail(rd *r, pcf_reason reason, pcf_status st, const char *fmt, ...)
{
	char msg[PCF_ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	r->reason = reason;
	return pcfi_error_at(r->err, st, r->name, 0, 0, NULL, "%s", msg);
}

/* Check one entry's header; returns PCF_OK or fills the failure. */
static pcf_status check_header(rd *r, struct archive *a, struct archive_entry *e, const pcf_bundle_view *v,
                               const char **out_name)
{
	const char *name = archive_entry_pathname(e);
	int fmt = archive_format(a);
	size_t i;

	/* docs/bundle-format.md: ustar only, no pax extended headers, no GNU long names. */
	if (fmt != ARCHIVE_FORMAT_TAR_USTAR)
		return fail(r, PCF_REASON_ARCHIVE_FORMAT, PCF_E_BUNDLE,
		            "entry %zu ('%.200s'): expected a plain POSIX ustar header, found %s", v->n + 1,
		            name ? name : "?", fmt == ARCHIVE_FORMAT_TAR_PAX_INTERCHANGE ||
		            fmt == ARCHIVE_FORMAT_TAR_PAX_RESTRICTED ? "a pax extended header" :
		            archive_format_name(a) ? archive_format_name(a) : "another tar variant");
	if (!name)
		return fail(r, PCF_REASON_ENTRY_NAME, PCF_E_BUNDLE, "entry %zu: the name cannot be read", v->n + 1);
	if (archive_entry_filetype(e) != AE_IFREG || archive_entry_hardlink(e) || archive_entry_symlink(e) ||
	    archive_entry_sparse_count(e) > 0) {
		const char *what = archive_entry_hardlink(e) ? "a hard link" :
		                   archive_entry_symlink(e) ? "a symbolic link" :
		                   archive_entry_filetype(e) == AE_IFDIR ? "a directory" :
		                   archive_entry_filetype(e) == AE_IFCHR ? "a character device" :
		                   archive_entry_filetype(e) == AE_IFBLK ? "a block device" :
		                   archive_entry_filetype(e) == AE_IFIFO ? "a FIFO" :
		                   archive_entry_sparse_count(e) > 0 ? "a sparse file" : "not a regular file";
		return fail(r, PCF_REASON_ENTRY_NOT_REGULAR, PCF_E_BUNDLE,
		            "entry '%.200s': expected a regular file, found %s", name, what);
	}
	for (i = 0; i < v->n; i++) {
		if (!strcmp(v->entries[i].name, name))
			return fail(r, PCF_REASON_ENTRY_DUPLICATE, PCF_E_BUNDLE,
			            "entry '%.200s': the name occurs twice", name);
		if (!ascii_casecmp(v->entries[i].name, name))
			return fail(r, PCF_REASON_ENTRY_DUPLICATE_CASE, PCF_E_BUNDLE,
			            "entry '%.200s': the name equals '%.200s' after case folding", name, v->entries[i].name);
	}
	if (!pcf_bundle_name_valid(name))
		return fail(r, PCF_REASON_ENTRY_NAME, PCF_E_BUNDLE,
		            "entry '%.200s%s': expected a name of at most %d bytes of lowercase letters, digits, "
		            "'.', '_', '-' in '/'-separated parts each starting with a letter or digit",
		            name, strlen(name) > 200 ? "..." : "", NAME_MAX_BYTES);
	if (!archive_entry_size_is_set(e) || archive_entry_size(e) < 0)
		return fail(r, PCF_REASON_ARCHIVE_MALFORMED, PCF_E_BUNDLE, "entry '%s': no size in the header", name);
	if ((uint64_t)archive_entry_size(e) > r->lim.max_entry_bytes)
		return fail(r, PCF_REASON_ENTRY_TOO_LARGE, PCF_E_LIMIT,
		            "entry '%s': the header announces %lld bytes, more than the limit of %llu", name,
		            (long long)archive_entry_size(e), (unsigned long long)r->lim.max_entry_bytes);
	*out_name = name;
	return PCF_OK;
}

static pcf_status read_entry_data(rd *r, struct archive *a, const char *name, uint64_t size, uint64_t *total,
                                  view_entry *ve)
{
	EVP_MD_CTX *md = r->md ? r->md : (r->md = EVP_MD_CTX_new());
	unsigned char *buf;
	uint64_t got = 0;
	unsigned int mdlen = 0;

	buf = malloc(size + 1);
	if (!md || !buf || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
		free(buf);
		return fail(r, PCF_REASON_INTERNAL, PCF_E_NOMEM, "out of memory reading entry '%s'", name);
	}
	for (;;) {
		const void *blk;
		size_t blen;
		la_int64_t off;
		int rc = archive_read_data_block(a, &blk, &blen, &off);
		if (rc == ARCHIVE_EOF)
			break;
		if (rc != ARCHIVE_OK) {
			const char *msg = archive_error_string(a);
			free(buf);
			return fail(r, PCF_REASON_ARCHIVE_MALFORMED, PCF_E_BUNDLE, "entry '%s': %s", name,
			            msg ? msg : "cannot read the data");
		}
		if (off < 0 || (uint64_t)off != got) {
			free(buf);
			return fail(r, PCF_REASON_ARCHIVE_MALFORMED, PCF_E_BUNDLE,
			            "entry '%s': data is not contiguous (hole at byte %llu)", name, (unsigned long long)got);
		}
		if (blen > size - got) {
			free(buf);
			return fail(r, PCF_REASON_ENTRY_TOO_LARGE, PCF_E_BUNDLE,
			            "entry '%s': more data than the %llu bytes its header announces", name,
			            (unsigned long long)size);
		}
		*total += blen;
		if (*total > r->lim.max_total_bytes) {
			free(buf);
			return fail(r, PCF_REASON_TOTAL_TOO_LARGE, PCF_E_LIMIT,
			            "entry '%s': the entries hold more than the limit of %llu bytes in all", name,
			            (unsigned long long)r->lim.max_total_bytes);
		}
		memcpy(buf + got, blk, blen);
		EVP_DigestUpdate(md, blk, blen);
		got += blen;
	}
	if (got != size) {
		free(buf);
		return fail(r, PCF_REASON_ARCHIVE_TRUNCATED, PCF_E_BUNDLE,
		            "entry '%s': %llu bytes of data, the header announces %llu", name, (unsigned long long)got,
		            (unsigned long long)size);
	}
	if (!EVP_DigestFinal_ex(md, ve->sha256, &mdlen) || mdlen != 32) {
		free(buf);
		return fail(r, PCF_REASON_INTERNAL, PCF_E_CRYPTO, "entry '%s': SHA-256 failed", name);
	}
	buf[size] = 0;
	ve->data = buf;
	ve->len = (size_t)size;
	return PCF_OK;
}

/*
 * Bytes libarchive skips without looking: the padding after each entry's data must be zero, and
 * the checksum field may end only in NUL or space. So no byte of a bundle goes unchecked.
 */
/* The 8-byte checksum field: 6 or 7 octal digits, then NUL or space to the end. */
static int cksum_end_ok(const unsigned char *h)
{
	unsigned char a = h[154], b = h[155];
	return (b == 0 || b == ' ') && (a == 0 || a == ' ' || (a >= '0' && a <= '7'));
}

static pcf_status check_raw(rd *r, const pcf_bundle_view *v, const unsigned char *bytes, uint64_t eoa)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		const view_entry *ve = &v->entries[i];
		uint64_t end = i + 1 < v->n ? v->entries[i + 1].pos : eoa, start, k;
		if (end < ve->pos + 512 + round512(ve->size))
			return fail(r, PCF_REASON_ARCHIVE_MALFORMED, PCF_E_BUNDLE, "entry '%s': inconsistent layout", ve->name);
		start = end - round512(ve->size); /* data start; the entry's last header block is just before */
		if (start != ve->pos + 512)
			return fail(r, PCF_REASON_ARCHIVE_PROFILE, PCF_E_BUNDLE,
			            "entry '%s': %llu header blocks before its data; the profile has exactly one (no pax or GNU "
			            "extension headers)", ve->name, (unsigned long long)((start - ve->pos) / 512));
		for (k = start + ve->size; k < end; k++)
			if (bytes[k])
				return fail(r, PCF_REASON_ARCHIVE_MALFORMED, PCF_E_BUNDLE,
				            "entry '%s': non-zero byte %llu in the padding after its data", ve->name,
				            (unsigned long long)k);
		if (!cksum_end_ok(bytes + ve->pos) || !cksum_end_ok(bytes + start - 512))
			return fail(r, PCF_REASON_ARCHIVE_MALFORMED, PCF_E_BUNDLE,
			            "entry '%s': the header checksum field does not end in NUL or space", ve->name);
	}
	return PCF_OK;
}

/*
 * The header profile of docs/bundle-format.md section 2, on the raw 512-byte block (libarchive's
 * format flag and its lenient field parsing are not enough: it reads GNU, pax, v7 and star headers,
 * base-256 numbers, signed checksums and typeflags it does not know as regular files). Exactly
 * what pcf issue writes, with the informational numbers free in value but not in form (devmajor and
 * devminor may also be all NUL, as POSIX writers leave them for regular files). The §9
 * script's awk check applies the same rules, so the two verifiers agree.
 */
/* A number field: one or more octal digits, then one or more NUL or space bytes to its end. */
static int octal_field(const unsigned char *f, size_t n, uint64_t *out)
{
	size_t i = 0;
	uint64_t v = 0;

	while (i < n && f[i] >= '0' && f[i] <= '7') {
		v = v * 8 + (uint64_t)(f[i] - '0');
		i++;
	}
	if (i == 0 || i == n)
		return 0;
	for (; i < n; i++)
		if (f[i] != 0 && f[i] != ' ')
			return 0;
	if (out)
		*out = v;
	return 1;
}

static int all_zero(const unsigned char *p, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

static pcf_status check_profile(rd *r, const unsigned char *h, uint64_t pos, const char *name)
{
	static const struct { unsigned off, len; const char *what; } nums[] = {
		{ 100, 8, "mode" }, { 108, 8, "uid" }, { 116, 8, "gid" }, { 124, 12, "size" }, { 136, 12, "mtime" },
		{ 329, 8, "devmajor" }, { 337, 8, "devminor" }
	};
	const char *what = NULL;
	unsigned long sum = 0;
	uint64_t ck = 0;
	size_t i;
	unsigned char tf = h[156];

	if (tf != '0') {
		const char *kind = tf == 'L' ? "a GNU long-name header ('L')" : tf == 'K' ? "a GNU long-link header ('K')" :
		                   tf == 'V' ? "a GNU volume header ('V')" : tf == 'x' || tf == 'g' ? "a pax extended header" :
		                   tf == 0 ? "the old regular-file typeflag NUL" : NULL;
		if (kind)
			return fail(r, PCF_REASON_ARCHIVE_PROFILE, PCF_E_BUNDLE,
			            "entry '%s': the header at byte %llu is %s; the profile allows only typeflag '0'", name,
			            (unsigned long long)pos, kind);
		return fail(r, PCF_REASON_ARCHIVE_PROFILE, PCF_E_BUNDLE,
		            "entry '%s': the header at byte %llu has typeflag %s%c%s (0x%02x); the profile allows only '0'",
		            name, (unsigned long long)pos, tf > 32 && tf < 127 ? "'" : "", tf > 32 && tf < 127 ? tf : '?',
		            tf > 32 && tf < 127 ? "'" : "", tf);
	}
	if (memcmp(h + 257, "ustar\0", 6) || memcmp(h + 263, "00", 2))
		return fail(r, PCF_REASON_ARCHIVE_PROFILE, PCF_E_BUNDLE,
		            "entry '%s': the header at byte %llu has magic and version other than \"ustar\\0\" \"00\"", name,
		            (unsigned long long)pos);
	for (i = 0; i < 100 && h[i]; i++)
		;
	if (!all_zero(h + i, 100 - i))
		what = "bytes after the NUL that ends the name";
	else if (!all_zero(h + 157, 100))
		what = "a link name (a regular file has none)";
	else if (!all_zero(h + 265, 32) || !all_zero(h + 297, 32))
		what = "a user or group name (the profile leaves them empty)";
	else if (!all_zero(h + 345, 155))
		what = "a name prefix (the profile leaves it empty)";
	else if (!all_zero(h + 500, 12))
		what = "non-zero bytes after the prefix field";
	if (what)
		return fail(r, PCF_REASON_ARCHIVE_PROFILE, PCF_E_BUNDLE, "entry '%s': the header at byte %llu has %s", name,
		            (unsigned long long)pos, what);
	for (i = 0; i < sizeof nums / sizeof nums[0]; i++)
		if (!octal_field(h + nums[i].off, nums[i].len, NULL) && !(nums[i].off > 300 && all_zero(h + nums[i].off, 8)))
			return fail(r, PCF_REASON_ARCHIVE_PROFILE, PCF_E_BUNDLE,
			            "entry '%s': the header at byte %llu: expected the %s field as octal digits ended by NUL or "
			            "space (no base-256 or other encoding)", name, (unsigned long long)pos, nums[i].what);
	/* The checksum: six octal digits, NUL, space (as pcf issue, GNU tar and POSIX writers put it), of the
	 * unsigned byte sum with the field counted as spaces (a signed sum is refused). */
	for (i = 0; i < 512; i++)
		sum += i >= 148 && i < 156 ? ' ' : h[i];
	for (i = 148; i < 154; i++)
		if (h[i] < '0' || h[i] > '7')
			break;
	if (i != 154 || h[154] != 0 || h[155] != ' ' || !octal_field(h + 148, 8, &ck) || ck != sum)
		return fail(r, PCF_REASON_ARCHIVE_PROFILE, PCF_E_BUNDLE,
		            "entry '%s': the header at byte %llu: expected the checksum as six octal digits, NUL and space "
		            "of the unsigned byte sum %lo", name, (unsigned long long)pos, sum);
	return PCF_OK;
}

/* 1 when the 512 bytes at h have the ustar magic and a checksum (octal, however padded) equal to their
 * unsigned byte sum: a tar header, as any reader would take it. */
static int is_tar_header(const unsigned char *h)
{
	uint64_t sum = 0, ck = 0;
	size_t i = 148;
	int digits = 0;

	if (memcmp(h + 257, "ustar", 5))
		return 0;
	for (; i < 156 && (h[i] == ' ' || h[i] == 0); i++)
		;
	for (; i < 156 && h[i] >= '0' && h[i] <= '7'; i++, digits++)
		ck = ck * 8 + (uint64_t)(h[i] - '0');
	for (; i < 156; i++)
		if (h[i] != ' ' && h[i] != 0)
			return 0;
	for (i = 0; i < 512; i++)
		sum += i >= 148 && i < 156 ? ' ' : h[i];
	return digits && ck == sum;
}

/* The offset of the first tar header after byte 0 (at any byte), or 0 when there is none. */
static size_t next_tar_header(const unsigned char *bytes, size_t len)
{
	size_t k;

	for (k = 1; len >= 512 && k <= len - 512; k++)
		if (bytes[k + 257] == 'u' && is_tar_header(bytes + k))
			return k;
	return 0;
}

/*
 * Offset 0 is not a tar header (no ustar magic, or a zero block): when a tar header follows further on,
 * at any byte, say that bytes precede the archive (archive-leading-data) rather than what the first
 * unreadable block looks like. Returns PCF_OK when no header follows (the caller then reports the first
 * block). A first block with the ustar magic and a wrong checksum is a damaged header (archive-malformed),
 * whose message says that offset 0 is not a tar header and where one follows.
 */
static pcf_status leading_data(rd *r, const unsigned char *bytes, size_t len, const char *what)
{
	size_t k;

	if (len >= 512 && !memcmp(bytes + 257, "ustar", 5))
		return PCF_OK;
	if ((k = next_tar_header(bytes, len)) != 0)
		return fail(r, PCF_REASON_ARCHIVE_LEADING_DATA, PCF_E_BUNDLE,
		            "%zu byte%s of leading data before the first tar header (at byte %zu): %s", k,
		            k == 1 ? "" : "s", k, what);
	return PCF_OK;
}

/* Why the block at offset 0 is not a tar header. */
static const char *first_block_why(const unsigned char *bytes, size_t len)
{
	if (len < 512)
		return "offset 0 is not a tar header (fewer than 512 bytes)";
	if (memcmp(bytes + 257, "ustar", 5))
		return "offset 0 is not a tar header (no ustar magic at byte 257)";
	if (!is_tar_header(bytes))
		return "offset 0 is not a tar header (ustar magic, but the checksum is not the sum of the block's bytes)";
	return "offset 0 is a tar header libarchive cannot read";
}

static int name_ptr_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* No name is also a folder of another ("a" beside "a/b"): no extractor can write both (section 3). */
static pcf_status check_name_conflicts(rd *r, const pcf_bundle_view *v)
{
	const char **names;
	size_t i, j, k;
	pcf_status st = PCF_OK;

	if (v->n < 2)
		return PCF_OK;
	names = malloc(v->n * sizeof *names);
	if (!names)
		return fail(r, PCF_REASON_INTERNAL, PCF_E_NOMEM, "out of memory");
	for (i = 0; i < v->n; i++)
		names[i] = v->entries[i].name;
	qsort(names, v->n, sizeof *names, name_ptr_cmp);
	/* Every name that starts with names[i] follows it in the sorted list, not only the next one. */
	for (i = 0; i < v->n && st == PCF_OK; i++) {
		k = strlen(names[i]);
		for (j = i + 1; j < v->n && !strncmp(names[i], names[j], k); j++)
			if (names[j][k] == '/') {
				st = fail(r, PCF_REASON_ENTRY_NAME_CONFLICT, PCF_E_BUNDLE,
				          "entry '%s' is both a file and the folder of '%s'", names[i], names[j]);
				break;
			}
	}
	free(names);
	return st;
}

/* libarchive cannot open the bytes as a tar archive: say why, from what the first block holds (leading data, a
 * broken first header, or another format). Always a failure. */
static pcf_status open_failed(rd *r, struct archive *a, const unsigned char *bytes, size_t len)
{
	const char *msg = archive_error_string(a);
	const char *why = first_block_why(bytes, len);
	pcf_status st;

	/* Bytes before a real archive: say so, whatever they look like (threats.md T10). */
	if ((st = leading_data(r, bytes, len, why)) != PCF_OK)
		return st;
	/* With the ustar magic in place, the first header is broken (checksum ...): malformed. */
	if (len >= 512 && !memcmp(bytes + 257, "ustar", 5)) {
		size_t k = next_tar_header(bytes, len);
		char at[64] = "";
		if (k)
			snprintf(at, sizeof at, "; a tar header follows at byte %zu", k);
		return fail(r, PCF_REASON_ARCHIVE_MALFORMED, PCF_E_BUNDLE, "entry 1: the header is invalid: %s%s: %s", why,
		            at, msg ? msg : "unreadable");
	}
	return fail(r, PCF_REASON_ARCHIVE_FORMAT, PCF_E_BUNDLE, "not an uncompressed POSIX tar archive: %s: %s", why,
	            msg ? msg : "unrecognized format");
}

/* libarchive cannot read the header at pos, after v->n entries: leading data, another format, truncation or a
 * malformed header. Always a failure. */
static pcf_status header_failed(rd *r, struct archive *a, const pcf_bundle_view *v, const unsigned char *bytes,
                                size_t len, uint64_t pos)
{
	const char *msg = archive_error_string(a);
	pcf_status st;

	if (v->n == 0 && pos == 0 && !is_tar_header(bytes) &&
	    (st = leading_data(r, bytes, len, first_block_why(bytes, len))) != PCF_OK)
		return st;
	/* No ustar magic in the first block: not a POSIX tar at all (zip, gzip ...). */
	if (v->n == 0 && (len < 512 || memcmp(bytes + 257, "ustar", 5)))
		return fail(r, PCF_REASON_ARCHIVE_FORMAT, PCF_E_BUNDLE, "not an uncompressed POSIX tar archive: %s",
		            msg ? msg : "unrecognized format");
	if (pos + 512 > len)
		return fail(r, PCF_REASON_ARCHIVE_TRUNCATED, PCF_E_BUNDLE,
		            "the archive ends at byte %zu, inside the block after entry %zu", len, v->n);
	return fail(r, PCF_REASON_ARCHIVE_MALFORMED, PCF_E_BUNDLE, "entry %zu: %s", v->n + 1,
	            msg ? msg : "cannot read the header");
}

/* The checks on one entry's header at pos before its data is read: the entry count, the size of the previous
 * entry's headers, no leading data, the name and type, the ustar profile and a size the rest of the input can hold.
 * Sets *ename and *size. */
static pcf_status check_entry(rd *r, struct archive *a, struct archive_entry *e, pcf_bundle_view *v,
                              const unsigned char *bytes, size_t len, uint64_t pos, uint64_t prev_pos,
                              uint64_t prev_size, const char **ename, uint64_t *size)
{
	pcf_status st;

	if (v->n >= r->lim.max_entries)
		return fail(r, PCF_REASON_ENTRY_COUNT, PCF_E_LIMIT, "more than the limit of %llu entries",
		            (unsigned long long)r->lim.max_entries);
	/* The header blocks of the previous entry, pax extensions included, are capped. */
	if (v->n && pos - prev_pos - round512(prev_size) > r->lim.max_header_bytes)
		return fail(r, PCF_REASON_ENTRY_HEADER_TOO_LARGE, PCF_E_LIMIT,
		            "entry '%s': its headers take %llu bytes, more than the limit of %llu",
		            v->entries[v->n - 1].name, (unsigned long long)(pos - prev_pos - round512(prev_size)),
		            (unsigned long long)r->lim.max_header_bytes);
	if (v->n == 0 && pos != 0)
		return fail(r, PCF_REASON_ARCHIVE_LEADING_DATA, PCF_E_BUNDLE,
		            "%llu bytes of leading data before the first tar header (at byte %llu): offset 0 is not a tar "
		            "header", (unsigned long long)pos, (unsigned long long)pos);
	if ((st = check_header(r, a, e, v, ename)) != PCF_OK)
		return st;
	if (pos + 512 > len)
		return fail(r, PCF_REASON_ARCHIVE_TRUNCATED, PCF_E_BUNDLE, "entry '%s': the header is cut short", *ename);
	if ((st = check_profile(r, bytes + pos, pos, *ename)) != PCF_OK)
		return st;
	*size = (uint64_t)archive_entry_size(e);
	/* Never allocate more than the input could hold: a 512-byte bundle cannot carry 100 MiB; data
	 * (with its padding) cut short is truncation, whatever libarchive would call it. */
	if (round512(*size) > len - pos - 512)
		return fail(r, PCF_REASON_ARCHIVE_TRUNCATED, PCF_E_BUNDLE,
		            "entry '%s': the header announces %llu bytes, more than the rest of the bundle holds", *ename,
		            (unsigned long long)*size);
	return PCF_OK;
}

/* A new entry named ename at pos, of size bytes, appended to v (its data not yet read). */
static pcf_status add_entry(rd *r, pcf_bundle_view *v, const char *ename, uint64_t pos, uint64_t size,
                            view_entry **out)
{
	view_entry *ve;

	if (v->n == v->cap) {
		size_t ncap = v->cap ? v->cap * 2 : 8;
		view_entry *p = realloc(v->entries, ncap * sizeof *p);
		if (!p)
			return fail(r, PCF_REASON_INTERNAL, PCF_E_NOMEM, "out of memory");
		v->entries = p;
		v->cap = ncap;
	}
	ve = &v->entries[v->n];
	memset(ve, 0, sizeof *ve);
	ve->name = strdup(ename);
	if (!ve->name)
		return fail(r, PCF_REASON_INTERNAL, PCF_E_NOMEM, "out of memory");
	ve->pos = pos;
	ve->size = size;
	v->n++;
	*out = ve;
	return PCF_OK;
}

/* After the last entry, whose headers end at eoa: those headers capped, then two zero blocks and only zeros to
 * the end. */
static pcf_status check_end(rd *r, const pcf_bundle_view *v, const unsigned char *bytes, size_t len, uint64_t eoa,
                            uint64_t prev_pos, uint64_t prev_size)
{
	pcf_status st;
	size_t i;

	if (v->n && eoa - prev_pos - round512(prev_size) > r->lim.max_header_bytes)
		return fail(r, PCF_REASON_ENTRY_HEADER_TOO_LARGE, PCF_E_LIMIT,
		            "entry '%s': its headers take more than the limit of %llu bytes", v->entries[v->n - 1].name,
		            (unsigned long long)r->lim.max_header_bytes);
	if (eoa > len)
		return fail(r, PCF_REASON_ARCHIVE_TRUNCATED, PCF_E_BUNDLE, "the archive ends inside an entry");
	for (i = (size_t)eoa; i < len; i++)
		if (bytes[i] && v->n == 0) {
			/* Leading zero blocks before the real headers: something precedes the archive. */
			if ((st = leading_data(r, bytes, len, "offset 0 is a zero block, not a tar header")) != PCF_OK)
				return st;
			return fail(r, PCF_REASON_ARCHIVE_MALFORMED, PCF_E_BUNDLE,
			            "the bundle starts with a zero block and byte %zu is not zero: data before the first header", i);
		} else if (bytes[i]) {
			return fail(r, PCF_REASON_ARCHIVE_TRAILING_DATA, PCF_E_BUNDLE,
			            "byte %zu after the end of the archive (at byte %llu) is not zero", i, (unsigned long long)eoa);
		}
	if (len - eoa < 1024)
		return fail(r, PCF_REASON_ARCHIVE_TRUNCATED, PCF_E_BUNDLE,
		            "the end-of-archive marker (two zero blocks of 512 bytes) is missing or incomplete");
	return PCF_OK;
}

pcf_status pcf_bundle_view_read_memory(const char *name, const void *data, size_t len, const pcf_verify_limits *limits,
                                       pcf_bundle_view **out, pcf_reason *reason, pcf_error *err)
{
	rd r;
	struct archive *a = NULL;
	struct archive_entry *e;
	pcf_bundle_view *v = NULL;
	pcf_status st = PCF_OK;
	uint64_t total = 0, prev_pos = 0, prev_size = 0, eoa;
	const unsigned char *bytes = data;

	memset(&r, 0, sizeof r);
	r.name = name ? name : "bundle";
	r.err = err;
	if (limits)
		r.lim = *limits;
	pcf_verify_limits_fill(&r.lim);
	if (out)
		*out = NULL;
	if (reason)
		*reason = PCF_REASON_NONE;
	if (!out || (!data && len)) {
		r.reason = PCF_REASON_INTERNAL;
		st = pcfi_error(err, PCF_E_ARG, "pcf_bundle_view_read_memory: NULL argument");
		goto done;
	}
	if (len > r.lim.max_input_bytes) {
		st = fail(&r, PCF_REASON_INPUT_TOO_LARGE, PCF_E_LIMIT, "the bundle is %zu bytes, more than the limit of %llu",
		          len, (unsigned long long)r.lim.max_input_bytes);
		goto done;
	}
	v = calloc(1, sizeof *v);
	a = archive_read_new();
	if (!v || !a) {
		st = fail(&r, PCF_REASON_INTERNAL, PCF_E_NOMEM, "out of memory");
		goto done;
	}
	/* Only the tar reader: no decompression filter, no other format (threats.md T8, T10). */
	if (archive_read_support_format_tar(a) != ARCHIVE_OK ||
	    archive_read_open_memory(a, data ? data : "", len) != ARCHIVE_OK) {
		st = open_failed(&r, a, bytes, len);
		goto done;
	}
	for (;;) {
		const char *ename = NULL;
		view_entry *ve = NULL;
		uint64_t pos, size = 0;
		int rc = archive_read_next_header(a, &e);

		pos = (uint64_t)archive_read_header_position(a);
		if (rc == ARCHIVE_EOF)
			break;
		if (rc != ARCHIVE_OK) {
			st = header_failed(&r, a, v, bytes, len, pos);
			goto done;
		}
		if ((st = check_entry(&r, a, e, v, bytes, len, pos, prev_pos, prev_size, &ename, &size)) != PCF_OK ||
		    (st = add_entry(&r, v, ename, pos, size, &ve)) != PCF_OK)
			goto done;
		if ((st = read_entry_data(&r, a, ve->name, size, &total, ve)) != PCF_OK)
			goto done;
		prev_pos = pos;
		prev_size = size;
	}
	eoa = (uint64_t)archive_read_header_position(a);
	if ((st = check_end(&r, v, bytes, len, eoa, prev_pos, prev_size)) != PCF_OK)
		goto done;
	if ((st = check_raw(&r, v, bytes, eoa)) != PCF_OK || (st = check_name_conflicts(&r, v)) != PCF_OK)
		goto done;
done:
	EVP_MD_CTX_free(r.md);
	if (a)
		archive_read_free(a);
	if (st != PCF_OK) {
		pcf_bundle_view_free(v);
		if (reason)
			*reason = r.reason ? r.reason : PCF_REASON_INTERNAL;
		return st;
	}
	*out = v;
	return PCF_OK;
}

pcf_status pcfi_bundle_read_input(const char *path, uint64_t max, unsigned char **data, size_t *len,
                                  pcf_reason *reason, pcf_error *err)
{
	char *buf = NULL;
	pcf_status st;

	/* base/fsutil.c reads (O_NONBLOCK first: a FIFO or device named as a bundle must not hang the verifier). */
	st = pcfi_read_file_named(path, max > SIZE_MAX - 2 ? SIZE_MAX - 2 : (size_t)max, "bundle", &buf, len, err);
	*data = (unsigned char *)buf;
	if (st != PCF_OK)
		*reason = st == PCF_E_IO ? PCF_REASON_IO : st == PCF_E_LIMIT ? PCF_REASON_INPUT_TOO_LARGE : PCF_REASON_INTERNAL;
	return st;
}

pcf_status pcfi_bundle_read_input_or_stdin(const char *path, uint64_t max, unsigned char **data, size_t *len,
                                           pcf_reason *reason, pcf_error *err)
{
	char *buf = NULL;
	pcf_status st;

	if (strcmp(path, "-") != 0)
		return pcfi_bundle_read_input(path, max, data, len, reason, err);
	st = pcfi_read_stdin_named(max > SIZE_MAX - 2 ? SIZE_MAX - 2 : (size_t)max, "bundle", &buf, len, err);
	*data = (unsigned char *)buf;
	if (st != PCF_OK)
		*reason = st == PCF_E_IO ? PCF_REASON_IO : st == PCF_E_LIMIT ? PCF_REASON_INPUT_TOO_LARGE : PCF_REASON_INTERNAL;
	return st;
}

pcf_status pcf_bundle_view_read_file(const char *path, const pcf_verify_limits *limits, pcf_bundle_view **out,
                                     pcf_reason *reason, pcf_error *err)
{
	pcf_verify_limits lim;
	unsigned char *data;
	size_t len;
	pcf_reason rs = PCF_REASON_NONE;
	pcf_status st;

	if (out)
		*out = NULL;
	if (!path || !out) {
		if (reason)
			*reason = PCF_REASON_INTERNAL;
		return pcfi_error(err, PCF_E_ARG, "pcf_bundle_view_read_file: NULL argument");
	}
	memset(&lim, 0, sizeof lim);
	if (limits)
		lim = *limits;
	pcf_verify_limits_fill(&lim);
	st = pcfi_bundle_read_input(path, lim.max_input_bytes, &data, &len, &rs, err);
	if (st == PCF_OK) {
		st = pcf_bundle_view_read_memory(path, data, len, &lim, out, &rs, err);
		free(data);
	}
	if (reason)
		*reason = rs;
	return st;
}
