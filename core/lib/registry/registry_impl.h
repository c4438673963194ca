/*
 * registry_impl.h - the storage interface behind pcf/registry.h (internal). A backend is a table of
 * functions over an opaque connection; registry.c does everything else (parsing bundles, the commit
 * protocol's recovery, export, the status rules). registry_sqlite.c is the only backend so far; a
 * PostgreSQL one (libpq) would implement the same table with the same transactions
 * (docs/certification-body.md, "Storage").
 *
 * Every function is called with the registry's lock held (one call at a time per connection) and
 * returns pcf_status with err filled. Each function that writes is one transaction: all or nothing.
 */
#ifndef PCF_REGISTRY_IMPL_H
#define PCF_REGISTRY_IMPL_H

#include <pcf/registry.h>

/* One row to insert: the entry and, while the commit is in progress, the temporary file's name. */
typedef struct pcfi_reg_row {
	const pcf_registry_entry *e;
	const char *tmp;              /* NULL: insert as committed (import) */
} pcfi_reg_row;

typedef struct pcfi_registry_backend {
	const char *name;
	/* Open (creating when create), migrate to PCF_REGISTRY_SCHEMA_VERSION unless readonly. */
	pcf_status (*open)(const char *target, int create, int readonly, void **conn, pcf_error *err);
	void (*close)(void *conn);
	/* The status list id (made at creation); a string owned by the connection. */
	const char *(*list_id)(void *conn);
	/* Insert n rows in one transaction; pending rows (tmp set) are invisible to get/foreach. */
	pcf_status (*insert)(void *conn, const pcfi_reg_row *rows, size_t n, pcf_error *err);
	/* In one transaction: each pending row ids[i] becomes committed when keep[i], else is deleted. */
	pcf_status (*settle)(void *conn, const char *const *ids, const int *keep, size_t n, pcf_error *err);
	/* Call fn for every pending row (id, file, tmp, sha256); for recovery. */
	pcf_status (*pending)(void *conn, void (*fn)(void *ctx, const char *id, const char *file, const char *tmp,
	                                             const char *sha256), void *ctx, pcf_error *err);
	/* A committed entry (caller frees) or PCF_E_NOTFOUND. */
	pcf_status (*get)(void *conn, const char *id, pcf_registry_entry **out, pcf_error *err);
	pcf_status (*foreach)(void *conn, pcf_registry_entry_fn fn, void *ctx, pcf_error *err);
	/* Reserve count consecutive indexes of the status list: *first is the first of them. */
	pcf_status (*reserve)(void *conn, int64_t count, int64_t *first, pcf_error *err);
	/* In one transaction: check the transition with ok(), then change the status and log it. */
	pcf_status (*set_status)(void *conn, const char *id, pcf_cert_status to, const char *reason, int64_t at,
	                         pcf_status (*ok)(const char *id, pcf_cert_status from, pcf_cert_status to, pcf_error *err),
	                         pcf_error *err);
	pcf_status (*history)(void *conn, const char *id, pcf_registry_event_fn fn, void *ctx, pcf_error *err);
	/* In one read transaction: size(ctx, next unreserved index) (nonzero: out of memory, stop), then
	 * fn(ctx, index) for each index of the status list whose certificate has status st. */
	pcf_status (*indexes)(void *conn, pcf_cert_status st, int (*size)(void *ctx, int64_t next),
	                      void (*fn)(void *ctx, int64_t index), void *ctx, pcf_error *err);
} pcfi_registry_backend;

extern const pcfi_registry_backend pcfi_registry_sqlite;

#endif
