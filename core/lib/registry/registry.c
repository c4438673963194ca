/*
 * registry.c - the registry of issued certificates (pcf/registry.h) above its storage backend
 * (registry_impl.h): reading bundles into rows, the journal that keeps a batch's bundles and rows in
 * step, the recovery of that protocol at open, the status rules, export and the status bitstrings.
 *
 * The commit protocol (docs/certification-body.md): bundles are written to temporary files and
 * flushed (syncfs); one transaction inserts the group's rows marked pending with their temporary
 * names; the files are linked into place and the folders flushed; one transaction clears the marks
 * (or deletes the rows of bundles that could not be put in place). A crash leaves at most pending
 * rows; recovery keeps a pending row whose bundle is at its path with its digest and deletes the
 * others with their temporary files. Recovery runs only while no other process has the registry
 * open (an exclusive flock on TARGET-lock; every open handle holds it shared), so that it never
 * judges another issuer's commit in progress.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/evp.h>

#include <pcf/registry.h>

#include "base/error_impl.h"
#include "base/hex.h"
#include "base/jsonw.h"
#include "registry/registry_impl.h"
#include "verify/verify_manifest.h"

#define RESERVE_BLOCK 64            /* status list indexes taken from the database at once */
#define LIST_BITS_UNIT 131072       /* W3C Bitstring Status List: at least 131,072 entries */
#define LIST_BITS_MAX (1u << 27)    /* 16 MiB of bitstring; docs/limits.md */

struct pcf_registry {
	const pcfi_registry_backend *be;
	void *conn;
	pthread_mutex_t lock;
	int lock_fd;
	int readonly;
	int64_t next_index, end_index;  /* the reserved block not yet handed out */
	pcf_bundle_journal journal;
	char *target;
};

const char *pcf_cert_status_name(pcf_cert_status s)
{
	return s == PCF_CERT_SUSPENDED ? "suspended" : s == PCF_CERT_WITHDRAWN ? "withdrawn" : "issued";
}

static int sha256_of(const void *data, size_t len, char out[65])
{
	unsigned char md[32];
	unsigned int n = 0;

	if (!EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) || n != 32)
		return -1;
	pcfi_hex_encode(md, 32, out);
	return 0;
}

/* SHA-256 of the file at path, 0 on success. */
static int sha256_file(const char *path, char out[65])
{
	unsigned char buf[65536], md[32];
	unsigned int n = 0;
	EVP_MD_CTX *ctx;
	FILE *f = fopen(path, "rb");
	size_t r;
	int ok;

	if (!f)
		return -1;
	if (!(ctx = EVP_MD_CTX_new())) {
		fclose(f);
		return -1;
	}
	ok = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	while (ok && (r = fread(buf, 1, sizeof buf, f)) > 0)
		ok = EVP_DigestUpdate(ctx, buf, r);
	ok = ok && !ferror(f) && EVP_DigestFinal_ex(ctx, md, &n) && n == 32;
	EVP_MD_CTX_free(ctx);
	fclose(f);
	if (!ok)
		return -1;
	pcfi_hex_encode(md, 32, out);
	return 0;
}

static char *dup_json_string(json_t *o, const char *key, int *bad, int required)
{
	json_t *v = json_object_get(o, key);
	char *d;

	if (!v || json_is_null(v)) {
		if (required)
			*bad = 1;
		return NULL;
	}
	if (!json_is_string(v)) {
		*bad = 1;
		return NULL;
	}
	if (!(d = strdup(json_string_value(v))))
		*bad = 2;
	return d;
}

static double json_num_or_nan(json_t *o, const char *key, int *bad)
{
	json_t *v = json_object_get(o, key);

	if (!v || json_is_null(v))
		return NAN;
	if (!json_is_number(v)) {
		*bad = 1;
		return NAN;
	}
	return json_number_value(v);
}

/*
 * A registry row from the bytes of a bundle (named name in messages, recorded as file): the archive,
 * the manifest, the entries and the digests must be well-formed (the verifier's structure checks).
 */
static pcf_status entry_from_bundle(const char *name, const char *file, const unsigned char *data, size_t len,
                                    pcf_registry_entry **out, pcf_error *err)
{
	pcf_verdict *vd = NULL;
	pcfi_vfy_manifest m;
	pcf_registry_entry *e;
	json_t *fp, *sl;
	int bad = 0;
	pcf_status st;

	*out = NULL;
	memset(&m, 0, sizeof m);
	if ((st = pcfi_vfy_run(NULL, name, data, len, 1, &vd, NULL, &m, err)) != PCF_OK)
		return st;
	if (pcf_verdict_get_code(vd) != PCF_VERDICT_UNVERIFIED) {
		st = pcfi_error_at(err, PCF_E_BUNDLE, name, 0, 0, NULL, "not a well-formed bundle: %s: %s",
		                   pcf_reason_name(pcf_verdict_get_reason(vd)), pcf_verdict_message(vd));
		pcf_verdict_free(vd);
		if (m.root)
			pcfi_vfy_manifest_free(&m);
		return st;
	}
	pcf_verdict_free(vd);
	if (!(e = calloc(1, sizeof *e))) {
		pcfi_vfy_manifest_free(&m);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	snprintf(e->id, sizeof e->id, "%s", m.certificate_id);
	e->product_id = strdup(m.product_id);
	e->product_name = strdup(m.product_name);
	e->declared_unit = strdup(m.declared_unit);
	e->declared_amount = m.declared_amount;
	e->method_id = strdup(m.method_id);
	e->method_version = strdup(m.method_version);
	e->total = m.total;
	e->unit = strdup(m.unit);
	e->gwp_set = m.gwp_set ? strdup(m.gwp_set) : NULL;
	fp = json_object_get(m.root, "footprint");
	e->fossil = json_num_or_nan(fp, "fossil", &bad);
	e->biogenic_emissions = json_num_or_nan(fp, "biogenic-emissions", &bad);
	e->biogenic_removals = json_num_or_nan(fp, "biogenic-removals", &bad);
	e->dluc = json_num_or_nan(fp, "dluc", &bad);
	e->aircraft = json_num_or_nan(fp, "aircraft", &bad);
	e->issued_at = m.issued_at;
	e->valid_from = m.valid_from;
	e->valid_until = m.valid_until;
	e->issuer_name = strdup(m.issuer_name ? m.issuer_name : "");
	e->issuer_org = m.issuer_org ? strdup(m.issuer_org) : NULL;
	e->supersedes = m.supersedes ? strdup(m.supersedes) : NULL;
	e->size = len;
	e->file = strdup(file);
	e->status_index = -1;
	e->status = PCF_CERT_ISSUED;
	e->status_at = m.issued_at;
	if ((sl = json_object_get(m.root, "status-list")) != NULL) {
		json_t *ix = json_object_get(sl, "index");
		e->status_list = dup_json_string(sl, "id", &bad, 1);
		double d = json_is_number(ix) ? json_number_value(ix) : -1;   /* the parser reads integers as reals */
		if (!(d >= 0 && d <= 2147483647.0 && d == floor(d)))
			bad = 1;
		else
			e->status_index = (int64_t)d;
	}
	pcfi_vfy_manifest_free(&m);
	if (bad == 1) {
		pcf_registry_entry_free(e);
		return pcfi_error_at(err, PCF_E_BUNDLE, name, 0, 0, NULL,
		                     "the manifest's footprint parts or status-list entry are not of the documented types");
	}
	if (bad || !e->product_id || !e->product_name || !e->declared_unit || !e->method_id || !e->method_version ||
	    !e->unit || (m.gwp_set && !e->gwp_set) || !e->issuer_name || !e->file || sha256_of(data, len, e->sha256)) {
		pcf_registry_entry_free(e);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	*out = e;
	return PCF_OK;
}

/* path made absolute against the working folder (caller frees): recovery may run elsewhere. */
static char *abs_path(const char *path)
{
	char cwd[4096];
	char *out;

	if (path[0] == '/')
		return strdup(path);
	if (!getcwd(cwd, sizeof cwd))
		return NULL;
	if (!(out = malloc(strlen(cwd) + strlen(path) + 2)))
		return NULL;
	sprintf(out, "%s/%s", cwd, path[0] == '.' && path[1] == '/' ? path + 2 : path);
	return out;
}

/* ---- the journal (pcf_bundle_journal) ---- */

static void *j_stage(void *ctx, const unsigned char *bytes, size_t len, const char *path, pcf_error *err)
{
	pcf_registry_entry *e = NULL;
	char *file = abs_path(path);

	(void)ctx;
	if (!file) {
		pcfi_error_at(err, PCF_E_IO, path, 0, 0, NULL, "cannot make the path absolute: %s", strerror(errno));
		return NULL;
	}
	if (entry_from_bundle(path, file, bytes, len, &e, err) != PCF_OK)
		e = NULL;
	free(file);
	return e;
}

static pcf_status j_prepare(void *ctx, void *const *records, const char *const *tmps, size_t n, pcf_error *err)
{
	pcf_registry *reg = ctx;
	pcfi_reg_row *rows = calloc(n ? n : 1, sizeof *rows);
	pcf_status st;
	size_t i;

	if (!rows)
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		rows[i].e = records[i];
		if (!(rows[i].tmp = abs_path(tmps[i]))) {
			st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
			goto out;
		}
	}
	pthread_mutex_lock(&reg->lock);
	st = reg->be->insert(reg->conn, rows, n, err);
	pthread_mutex_unlock(&reg->lock);
out:
	for (i = 0; i < n; i++)
		free((void *)rows[i].tmp);
	free(rows);
	return st;
}

static void j_settle(void *ctx, void *const *records, const int *placed, size_t n)
{
	pcf_registry *reg = ctx;
	const char **ids = calloc(n ? n : 1, sizeof *ids);
	size_t i;

	if (!ids)
		return;   /* the rows stay pending: recovery settles them at the next open */
	for (i = 0; i < n; i++)
		ids[i] = records[i] ? ((const pcf_registry_entry *)records[i])->id : NULL;
	pthread_mutex_lock(&reg->lock);
	(void)reg->be->settle(reg->conn, ids, placed, n, NULL);
	pthread_mutex_unlock(&reg->lock);
	free((void *)ids);
}

static void j_release(void *ctx, void *record)
{
	(void)ctx;
	pcf_registry_entry_free(record);
}

/* ---- open, recovery ---- */

typedef struct recovery {
	char **ids;
	int *keep;
	size_t n, cap;
	int oom;
} recovery;

static void recover_row(void *ctx, const char *id, const char *file, const char *tmp, const char *sha256)
{
	recovery *r = ctx;
	char have[65];
	int keep = sha256_file(file, have) == 0 && !strcmp(have, sha256);

	if (r->n == r->cap) {
		size_t nc = r->cap ? r->cap * 2 : 16;
		char **ni = realloc(r->ids, nc * sizeof *ni);
		int *nk = ni ? realloc(r->keep, nc * sizeof *nk) : NULL;
		if (ni)
			r->ids = ni;
		if (!ni || !nk) {
			r->oom = 1;
			return;
		}
		r->keep = nk;
		r->cap = nc;
	}
	if (!(r->ids[r->n] = strdup(id))) {
		r->oom = 1;
		return;
	}
	/* The temporary file is no longer needed either way: linked into place, or never to be. */
	if (tmp)
		(void)unlink(tmp);
	r->keep[r->n++] = keep;
}

static pcf_status recover(pcf_registry *reg, pcf_error *err)
{
	recovery r;
	pcf_status st;
	size_t i;

	memset(&r, 0, sizeof r);
	st = reg->be->pending(reg->conn, recover_row, &r, err);
	if (st == PCF_OK && r.oom)
		st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
	if (st == PCF_OK && r.n)
		st = reg->be->settle(reg->conn, (const char *const *)r.ids, r.keep, r.n, err);
	for (i = 0; i < r.n; i++)
		free(r.ids[i]);
	free(r.ids);
	free(r.keep);
	return st;
}

pcf_status pcf_registry_open(const char *target, unsigned flags, pcf_registry **out, pcf_error *err)
{
	pcf_registry *reg;
	char *lockpath;
	pcf_status st;

	if (!out || !target || !*target)
		return pcfi_error(err, PCF_E_ARG, "pcf_registry_open needs a registry name and an output");
	*out = NULL;
	if (!(reg = calloc(1, sizeof *reg)))
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	reg->be = &pcfi_registry_sqlite;
	reg->lock_fd = -1;
	reg->readonly = (flags & PCF_REGISTRY_READONLY) != 0;
	pthread_mutex_init(&reg->lock, NULL);
	if (!(reg->target = strdup(target)) || !(lockpath = malloc(strlen(target) + 6))) {
		pcf_registry_close(reg);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	if ((st = reg->be->open(target, (flags & PCF_REGISTRY_CREATE) != 0, reg->readonly, &reg->conn, err)) != PCF_OK) {
		free(lockpath);
		pcf_registry_close(reg);
		return st;
	}
	sprintf(lockpath, "%s-lock", target);
	if (!reg->readonly) {
		reg->lock_fd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
		if (reg->lock_fd < 0) {
			st = pcfi_error_at(err, PCF_E_IO, lockpath, 0, 0, NULL, "cannot open the registry's lock file: %s",
			                   strerror(errno));
			free(lockpath);
			pcf_registry_close(reg);
			return st;
		}
		/* Alone: settle what a crashed issuer left; then hold the lock shared while open. */
		if (flock(reg->lock_fd, LOCK_EX | LOCK_NB) == 0 && (st = recover(reg, err)) != PCF_OK) {
			free(lockpath);
			pcf_registry_close(reg);
			return st;
		}
		while (flock(reg->lock_fd, LOCK_SH) != 0 && errno == EINTR)
			;
	}
	free(lockpath);
	reg->journal.ctx = reg;
	reg->journal.stage = j_stage;
	reg->journal.prepare = j_prepare;
	reg->journal.settle = j_settle;
	reg->journal.release = j_release;
	*out = reg;
	return PCF_OK;
}

void pcf_registry_close(pcf_registry *reg)
{
	if (!reg)
		return;
	if (reg->conn)
		reg->be->close(reg->conn);
	if (reg->lock_fd >= 0)
		close(reg->lock_fd);   /* releases the flock */
	pthread_mutex_destroy(&reg->lock);
	free(reg->target);
	free(reg);
}

const char *pcf_registry_list_id(const pcf_registry *reg)
{
	return reg ? reg->be->list_id(reg->conn) : NULL;
}

const pcf_bundle_journal *pcf_registry_journal(pcf_registry *reg)
{
	return reg ? &reg->journal : NULL;
}

pcf_status pcf_registry_reserve_index(pcf_registry *reg, int64_t *index, pcf_error *err)
{
	pcf_status st = PCF_OK;

	if (!reg || !index)
		return pcfi_error(err, PCF_E_ARG, "pcf_registry_reserve_index needs a registry and an output");
	pthread_mutex_lock(&reg->lock);
	if (reg->next_index >= reg->end_index) {
		int64_t first = 0;
		if ((st = reg->be->reserve(reg->conn, RESERVE_BLOCK, &first, err)) == PCF_OK) {
			/* Every index below LIST_BITS_MAX is handed out (the last block is cut short there);
			 * reserved ones beyond stay unused, like any reserved index never used. */
			if (first >= (int64_t)LIST_BITS_MAX)
				st = pcfi_error(err, PCF_E_LIMIT, "the registry's status list is full (%u entries)",
				                (unsigned)LIST_BITS_MAX);
			else {
				reg->next_index = first;
				reg->end_index = first + RESERVE_BLOCK < (int64_t)LIST_BITS_MAX ? first + RESERVE_BLOCK
				                                                                 : (int64_t)LIST_BITS_MAX;
			}
		}
	}
	if (st == PCF_OK)
		*index = reg->next_index++;
	pthread_mutex_unlock(&reg->lock);
	return st;
}

pcf_status pcf_registry_import_file(pcf_registry *reg, const char *path, pcf_error *err)
{
	unsigned char *data = NULL;
	size_t len = 0;
	pcf_registry_entry *e = NULL, *have = NULL;
	pcf_reason reason;
	pcfi_reg_row row;
	pcf_verify_limits lim;
	pcf_error e2;
	pcf_status st;

	if (!reg || !path)
		return pcfi_error(err, PCF_E_ARG, "pcf_registry_import_file needs a registry and a path");
	memset(&lim, 0, sizeof lim);
	pcf_verify_limits_fill(&lim);
	if ((st = pcfi_bundle_read_input(path, lim.max_input_bytes, &data, &len, &reason, err)) != PCF_OK)
		return st;
	{
		char *file = abs_path(path);
		st = file ? entry_from_bundle(path, file, data, len, &e, err) : pcfi_error(err, PCF_E_NOMEM, "out of memory");
		free(file);
	}
	free(data);
	if (st != PCF_OK)
		return st;
	pthread_mutex_lock(&reg->lock);
	if (reg->be->get(reg->conn, e->id, &have, &e2) == PCF_OK) {
		st = strcmp(have->sha256, e->sha256) ?
		     pcfi_error_at(err, PCF_E_EXISTS, path, 0, 0, NULL,
		                   "certificate %s is already in the registry with another bundle (%s)", e->id, have->file) :
		     PCF_OK;
	} else {
		row.e = e;
		row.tmp = NULL;
		st = reg->be->insert(reg->conn, &row, 1, err);
	}
	pthread_mutex_unlock(&reg->lock);
	pcf_registry_entry_free(have);
	pcf_registry_entry_free(e);
	return st;
}

pcf_status pcf_registry_get(pcf_registry *reg, const char *id, pcf_registry_entry **out, pcf_error *err)
{
	pcf_status st;

	if (!reg || !id || !out)
		return pcfi_error(err, PCF_E_ARG, "pcf_registry_get needs a registry, an id and an output");
	pthread_mutex_lock(&reg->lock);
	st = reg->be->get(reg->conn, id, out, err);
	pthread_mutex_unlock(&reg->lock);
	return st;
}

pcf_status pcf_registry_foreach(pcf_registry *reg, pcf_registry_entry_fn fn, void *ctx, pcf_error *err)
{
	pcf_status st;

	if (!reg || !fn)
		return pcfi_error(err, PCF_E_ARG, "pcf_registry_foreach needs a registry and a function");
	pthread_mutex_lock(&reg->lock);
	st = reg->be->foreach(reg->conn, fn, ctx, err);
	pthread_mutex_unlock(&reg->lock);
	return st;
}

static pcf_status transition_ok(const char *id, pcf_cert_status from, pcf_cert_status to, pcf_error *err)
{
	if (from == PCF_CERT_WITHDRAWN)
		return pcfi_error(err, PCF_E_INVALID, "certificate %s is withdrawn, which is final", id);
	if (to == PCF_CERT_ISSUED && from != PCF_CERT_SUSPENDED)
		return pcfi_error(err, PCF_E_INVALID, "certificate %s is %s: only a suspended certificate can be reinstated",
		                  id, pcf_cert_status_name(from));
	if (to == PCF_CERT_SUSPENDED && from == PCF_CERT_SUSPENDED)
		return pcfi_error(err, PCF_E_INVALID, "certificate %s is already suspended", id);
	return PCF_OK;
}

pcf_status pcf_registry_set_status(pcf_registry *reg, const char *id, pcf_cert_status to, const char *reason,
                                   int64_t at, pcf_error *err)
{
	pcf_status st;

	if (!reg || !id)
		return pcfi_error(err, PCF_E_ARG, "pcf_registry_set_status needs a registry and an id");
	if (!reason || !*reason)
		return pcfi_error(err, PCF_E_ARG, "a status change needs a reason");
	if (to != PCF_CERT_ISSUED && to != PCF_CERT_SUSPENDED && to != PCF_CERT_WITHDRAWN)
		return pcfi_error(err, PCF_E_ARG, "unknown status %d", (int)to);
	pthread_mutex_lock(&reg->lock);
	st = reg->be->set_status(reg->conn, id, to, reason, at, transition_ok, err);
	pthread_mutex_unlock(&reg->lock);
	return st;
}

pcf_status pcf_registry_history(pcf_registry *reg, const char *id, pcf_registry_event_fn fn, void *ctx,
                                pcf_error *err)
{
	pcf_status st;

	if (!reg || !id || !fn)
		return pcfi_error(err, PCF_E_ARG, "pcf_registry_history needs a registry, an id and a function");
	pthread_mutex_lock(&reg->lock);
	st = reg->be->history(reg->conn, id, fn, ctx, err);
	pthread_mutex_unlock(&reg->lock);
	return st;
}

/* ---- status bits ---- */

typedef struct bits_ctx {
	unsigned char *bits;
	size_t nbits;
	int too_many;
} bits_ctx;

/* The list's size: the smallest multiple of 131072 bits that holds every index reserved. */
static int bits_size(void *ctx, int64_t next)
{
	bits_ctx *b = ctx;
	size_t n = (size_t)((next + LIST_BITS_UNIT - 1) / LIST_BITS_UNIT) * LIST_BITS_UNIT;

	if (n < LIST_BITS_UNIT)
		n = LIST_BITS_UNIT;
	if (n > LIST_BITS_MAX)
		n = LIST_BITS_MAX; /* indexes reserved beyond are never handed out (pcf_registry_reserve_index) */
	if (!(b->bits = calloc(n / 8, 1)))
		return 1;
	b->nbits = n;
	return 0;
}

static void set_bit(void *ctx, int64_t i)
{
	bits_ctx *b = ctx;

	if (i >= 0 && (uint64_t)i < b->nbits)
		b->bits[i / 8] |= (unsigned char)(0x80u >> (i % 8));
	else
		b->too_many = 1; /* a certificate's index beyond the list (not handed out by pcfkit) */
}

pcf_status pcf_registry_status_bits(pcf_registry *reg, const char *purpose, unsigned char **bits, size_t *nbits,
                                    pcf_error *err)
{
	pcf_cert_status st;
	bits_ctx b;
	pcf_status rs;

	if (!reg || !purpose || !bits || !nbits)
		return pcfi_error(err, PCF_E_ARG, "pcf_registry_status_bits needs a registry, a purpose and outputs");
	if (!strcmp(purpose, "revocation"))
		st = PCF_CERT_WITHDRAWN;
	else if (!strcmp(purpose, "suspension"))
		st = PCF_CERT_SUSPENDED;
	else
		return pcfi_error(err, PCF_E_ARG, "unknown status purpose '%s' (revocation or suspension)", purpose);
	*bits = NULL;
	*nbits = 0;
	memset(&b, 0, sizeof b);
	pthread_mutex_lock(&reg->lock);
	rs = reg->be->indexes(reg->conn, st, bits_size, set_bit, &b, err);
	pthread_mutex_unlock(&reg->lock);
	if (rs == PCF_OK && b.too_many)
		rs = pcfi_error(err, PCF_E_LIMIT, "the status list would have more than %u entries", (unsigned)LIST_BITS_MAX);
	if (rs != PCF_OK) {
		free(b.bits);
		return rs;
	}
	*bits = b.bits;
	*nbits = b.nbits;
	return PCF_OK;
}

/* ---- export ---- */

static void put_time(pcfi_jsonw *w, const char *key, int64_t t)
{
	char buf[32];

	pcfi_jsonw_key(w, key);
	pcfi_jsonw_string(w, pcf_bundle_time_format(t, buf));
}

static void put_num(pcfi_jsonw *w, const char *key, double v)
{
	pcfi_jsonw_key(w, key);
	if (isnan(v))
		pcfi_jsonw_null(w);
	else
		pcfi_jsonw_number(w, v);
}

static void put_str(pcfi_jsonw *w, const char *key, const char *v)
{
	pcfi_jsonw_key(w, key);
	pcfi_jsonw_string(w, v);
}

static void entry_to_json(pcfi_jsonw *w, const pcf_registry_entry *e)
{
	pcfi_jsonw_begin_object(w);
	put_str(w, "certificate-id", e->id);
	put_str(w, "status", pcf_cert_status_name(e->status));
	put_time(w, "status-at", e->status_at);
	put_str(w, "status-reason", e->status_reason);
	put_str(w, "product-id", e->product_id);
	put_str(w, "product-name", e->product_name);
	put_num(w, "declared-amount", e->declared_amount);
	put_str(w, "declared-unit", e->declared_unit);
	put_str(w, "methodology", e->method_id);
	put_str(w, "methodology-version", e->method_version);
	put_num(w, "total", e->total);
	put_str(w, "unit", e->unit);
	put_str(w, "gwp-set", e->gwp_set);
	put_num(w, "fossil", e->fossil);
	put_num(w, "biogenic-emissions", e->biogenic_emissions);
	put_num(w, "biogenic-removals", e->biogenic_removals);
	put_num(w, "dluc", e->dluc);
	put_num(w, "aircraft", e->aircraft);
	put_time(w, "issued-at", e->issued_at);
	put_time(w, "valid-from", e->valid_from);
	put_time(w, "valid-until", e->valid_until);
	put_str(w, "issuer-name", e->issuer_name);
	put_str(w, "issuer-organization", e->issuer_org);
	put_str(w, "supersedes", e->supersedes);
	put_str(w, "sha256", e->sha256);
	pcfi_jsonw_key(w, "size");
	pcfi_jsonw_uint(w, e->size);
	put_str(w, "file", e->file);
	put_str(w, "status-list", e->status_list);
	pcfi_jsonw_key(w, "status-index");
	if (e->status_index < 0)
		pcfi_jsonw_null(w);
	else
		pcfi_jsonw_int(w, e->status_index);
}

static int json_one(void *ctx, const pcf_registry_entry *e)
{
	entry_to_json(ctx, e);
	pcfi_jsonw_end_object(ctx);
	return 0;
}

typedef struct csvw {
	char *p;
	size_t len, cap;
	int oom;
} csvw;

static void csv_put(csvw *c, const char *s, size_t n)
{
	if (c->oom)
		return;
	if (c->len + n + 1 > c->cap) {
		size_t nc = (c->cap ? c->cap * 2 : 4096);
		char *g;
		while (nc < c->len + n + 1)
			nc *= 2;
		if (!(g = realloc(c->p, nc))) {
			c->oom = 1;
			return;
		}
		c->p = g;
		c->cap = nc;
	}
	memcpy(c->p + c->len, s, n);
	c->len += n;
	c->p[c->len] = '\0';
}

/* A CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF; then a comma or CRLF. */
static void csv_text(csvw *c, const char *s, int last)
{
	if (s && strpbrk(s, ",\"\r\n")) {
		csv_put(c, "\"", 1);
		for (; *s; s++) {
			if (*s == '"')
				csv_put(c, "\"", 1);
			csv_put(c, s, 1);
		}
		csv_put(c, "\"", 1);
	} else if (s) {
		csv_put(c, s, strlen(s));
	}
	csv_put(c, last ? "\r\n" : ",", last ? 2 : 1);
}

static void csv_num(csvw *c, double v)
{
	char buf[40] = "";

	if (!isnan(v))
		pcfi_format_double(v, buf, sizeof buf);
	csv_text(c, buf, 0);
}

static void csv_time(csvw *c, int64_t t)
{
	char buf[32];

	csv_text(c, pcf_bundle_time_format(t, buf), 0);
}

static int csv_one(void *ctx, const pcf_registry_entry *e)
{
	csvw *c = ctx;
	char buf[32];

	csv_text(c, e->id, 0);
	csv_text(c, pcf_cert_status_name(e->status), 0);
	csv_time(c, e->status_at);
	csv_text(c, e->status_reason, 0);
	csv_text(c, e->product_id, 0);
	csv_text(c, e->product_name, 0);
	csv_num(c, e->declared_amount);
	csv_text(c, e->declared_unit, 0);
	csv_text(c, e->method_id, 0);
	csv_text(c, e->method_version, 0);
	csv_num(c, e->total);
	csv_text(c, e->unit, 0);
	csv_text(c, e->gwp_set, 0);
	csv_num(c, e->fossil);
	csv_num(c, e->biogenic_emissions);
	csv_num(c, e->biogenic_removals);
	csv_num(c, e->dluc);
	csv_num(c, e->aircraft);
	csv_time(c, e->issued_at);
	csv_time(c, e->valid_from);
	csv_time(c, e->valid_until);
	csv_text(c, e->issuer_name, 0);
	csv_text(c, e->issuer_org, 0);
	csv_text(c, e->supersedes, 0);
	csv_text(c, e->sha256, 0);
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)e->size);
	csv_text(c, buf, 0);
	csv_text(c, e->file, 0);
	csv_text(c, e->status_list, 0);
	buf[0] = '\0';
	if (e->status_index >= 0)
		snprintf(buf, sizeof buf, "%lld", (long long)e->status_index);
	csv_text(c, buf, 1);
	return 0;
}

pcf_status pcf_registry_export(pcf_registry *reg, int format, char **out, size_t *len, pcf_error *err)
{
	pcf_status st;

	if (!reg || !out || !len)
		return pcfi_error(err, PCF_E_ARG, "pcf_registry_export needs a registry and outputs");
	*out = NULL;
	*len = 0;
	if (format == PCF_REGISTRY_CSV) {
		csvw c;
		memset(&c, 0, sizeof c);
		static const char header[] =
			"certificate-id,status,status-at,status-reason,product-id,product-name,declared-amount,"
			"declared-unit,methodology,methodology-version,total,unit,gwp-set,fossil,biogenic-emissions,"
			"biogenic-removals,dluc,aircraft,issued-at,valid-from,valid-until,issuer-name,issuer-organization,"
			"supersedes,sha256,size,file,status-list,status-index\r\n";
		csv_put(&c, header, sizeof header - 1);
		st = pcf_registry_foreach(reg, csv_one, &c, err);
		if (st == PCF_OK && c.oom)
			st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
		if (st != PCF_OK) {
			free(c.p);
			return st;
		}
		*out = c.p;
		*len = c.len;
		return PCF_OK;
	} else {
		pcfi_jsonw w;
		pcfi_jsonw_init(&w);
		pcfi_jsonw_begin_array(&w);
		if ((st = pcf_registry_foreach(reg, json_one, &w, err)) != PCF_OK) {
			pcfi_jsonw_discard(&w);
			return st;
		}
		pcfi_jsonw_end_array(&w);
		if ((st = pcfi_jsonw_finish(&w, out, len)) != PCF_OK)
			return pcfi_error(err, st, "cannot write the registry as JSON");
		return PCF_OK;
	}
}

static int history_one(void *ctx, int64_t at, const char *status, const char *reason)
{
	pcfi_jsonw *w = ctx;

	pcfi_jsonw_begin_object(w);
	put_time(w, "at", at);
	put_str(w, "status", status);
	put_str(w, "reason", reason);
	pcfi_jsonw_end_object(w);
	return 0;
}

pcf_status pcf_registry_entry_json(pcf_registry *reg, const pcf_registry_entry *e, char **out, size_t *len,
                                   pcf_error *err)
{
	pcfi_jsonw w;
	pcf_status st;

	if (!reg || !e || !out || !len)
		return pcfi_error(err, PCF_E_ARG, "pcf_registry_entry_json needs a registry, an entry and outputs");
	pcfi_jsonw_init(&w);
	entry_to_json(&w, e);
	pcfi_jsonw_key(&w, "history");
	pcfi_jsonw_begin_array(&w);
	if ((st = pcf_registry_history(reg, e->id, history_one, &w, err)) != PCF_OK) {
		pcfi_jsonw_discard(&w);
		return st;
	}
	pcfi_jsonw_end_array(&w);
	pcfi_jsonw_end_object(&w);
	if ((st = pcfi_jsonw_finish(&w, out, len)) != PCF_OK)
		return pcfi_error(err, st, "cannot write the entry as JSON");
	return PCF_OK;
}
