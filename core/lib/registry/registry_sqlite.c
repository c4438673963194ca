/*
 * registry_sqlite.c - the SQLite backend of the registry (registry_impl.h): one file in WAL mode,
 * synchronous=FULL (a commit is durable when it returns), a busy timeout so that concurrent
 * issuers wait for each other instead of failing, writes in BEGIN IMMEDIATE transactions. The
 * schema is versioned with PRAGMA user_version and migrated step by step at open.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/rand.h>
#include <sqlite3.h>

#include "base/error_impl.h"
#include "registry/registry_impl.h"

#include <pcf/status.h>

#define BUSY_TIMEOUT_MS 60000

typedef struct conn {
	sqlite3 *db;
	char *path;
	char list_id[PCF_STATUS_LIST_ID_MAX + 2]; /* one byte more than allowed: a longer id is seen, and refused */
} conn;

/*
 * The migrations: migrations[k] takes a database from user_version k to k + 1. Append only; a
 * released step never changes. Version 1: the certificates. Version 2: status, history and the
 * status list.
 */
static const char *const migrations[] = {
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE certificates ("
	" id TEXT PRIMARY KEY, product_id TEXT NOT NULL, product_name TEXT NOT NULL,"
	" declared_amount REAL NOT NULL, declared_unit TEXT NOT NULL,"
	" method_id TEXT NOT NULL, method_version TEXT NOT NULL,"
	" total REAL NOT NULL, unit TEXT NOT NULL, gwp_set TEXT,"
	" fossil REAL, biogenic_emissions REAL, biogenic_removals REAL, dluc REAL, aircraft REAL,"
	" issued_at INTEGER NOT NULL, valid_from INTEGER NOT NULL, valid_until INTEGER NOT NULL,"
	" issuer_name TEXT NOT NULL, issuer_org TEXT, supersedes TEXT,"
	" sha256 TEXT NOT NULL, size INTEGER NOT NULL, file TEXT NOT NULL,"
	" tmp TEXT);"                                   /* non-NULL while the commit is in progress */
	"CREATE INDEX certificates_issued ON certificates (issued_at, id);",

	"ALTER TABLE certificates ADD COLUMN status_list TEXT;"
	"ALTER TABLE certificates ADD COLUMN status_index INTEGER;"
	"ALTER TABLE certificates ADD COLUMN status TEXT NOT NULL DEFAULT 'issued'"
	" CHECK (status IN ('issued', 'suspended', 'withdrawn'));"
	"ALTER TABLE certificates ADD COLUMN status_at INTEGER;"
	"ALTER TABLE certificates ADD COLUMN status_reason TEXT;"
	"UPDATE certificates SET status_at = issued_at;"
	"CREATE UNIQUE INDEX certificates_status ON certificates (status_list, status_index);"
	"CREATE INDEX certificates_by_status ON certificates (status, status_list, status_index) WHERE tmp IS NULL;"
	"CREATE TABLE status_events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL REFERENCES certificates (id),"
	" at INTEGER NOT NULL, status TEXT NOT NULL, reason TEXT NOT NULL);"
	"CREATE INDEX status_events_id ON status_events (id, seq);"
	"INSERT INTO meta (key, value) VALUES ('status-next-index', '0');",
};
#define NMIGRATIONS (sizeof migrations / sizeof migrations[0])

static pcf_status db_error(conn *c, pcf_error *err, const char *what)
{
	int code = sqlite3_errcode(c->db);
	pcf_status st = code == SQLITE_NOMEM ? PCF_E_NOMEM : code == SQLITE_NOTADB ? PCF_E_SYNTAX : PCF_E_IO;

	return pcfi_error_at(err, st, c->path, 0, 0, NULL, "registry: %s: %s", what, sqlite3_errmsg(c->db));
}

static pcf_status exec(conn *c, const char *sql, const char *what, pcf_error *err)
{
	if (sqlite3_exec(c->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_error(c, err, what);
	return PCF_OK;
}

static void rollback(conn *c)
{
	if (!sqlite3_get_autocommit(c->db))
		(void)sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
}

static pcf_status commit(conn *c, pcf_error *err)
{
	if (sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		pcf_status st = db_error(c, err, "cannot commit");
		rollback(c);
		return st;
	}
	return PCF_OK;
}

static int user_version(conn *c)
{
	sqlite3_stmt *s;
	int v = -1;

	if (sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

static pcf_status meta_get(conn *c, const char *key, char *buf, size_t len, pcf_error *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(c->db, "SELECT value FROM meta WHERE key = ?", -1, &s, NULL) != SQLITE_OK)
		return db_error(c, err, "cannot read");
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		snprintf(buf, len, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return pcfi_error_at(err, PCF_E_SYNTAX, c->path, 0, 0, NULL, "registry: no '%s' in the meta table: "
		                     "not a pcfkit registry", key);
	return PCF_OK;
}

/* Bring the schema to PCF_REGISTRY_SCHEMA_VERSION, one step per transaction. */
static pcf_status migrate(conn *c, pcf_error *err)
{
	pcf_status st;
	int v;

	for (;;) {
		if ((st = exec(c, "BEGIN IMMEDIATE", "cannot begin a migration", err)) != PCF_OK)
			return st;
		v = user_version(c);   /* read under the write lock: another process may have migrated */
		if (v < 0) {
			rollback(c);
			return db_error(c, err, "cannot read the schema version");
		}
		if ((unsigned)v >= NMIGRATIONS) {
			rollback(c);
			return PCF_OK;
		}
		if (v == 0) {
			/* A new registry, or a file that is something else. */
			sqlite3_stmt *s;
			int n = -1;
			if (sqlite3_prepare_v2(c->db, "SELECT count(*) FROM sqlite_master", -1, &s, NULL) == SQLITE_OK &&
			    sqlite3_step(s) == SQLITE_ROW)
				n = sqlite3_column_int(s, 0);
			sqlite3_finalize(s);
			if (n != 0) {
				rollback(c);
				return pcfi_error_at(err, PCF_E_SYNTAX, c->path, 0, 0, NULL,
				                     "registry: an SQLite database with other tables and no schema version: "
				                     "not a pcfkit registry");
			}
		}
		if ((st = exec(c, migrations[v], "cannot migrate the schema", err)) != PCF_OK) {
			rollback(c);
			return st;
		}
		if (v == 0) {
			unsigned char r[16];
			char id[64], sql[160];
			if (RAND_bytes(r, sizeof r) != 1) {
				rollback(c);
				return pcfi_error(err, PCF_E_CRYPTO, "the random number generator failed");
			}
			r[6] = (unsigned char)((r[6] & 0x0f) | 0x40);  /* RFC 4122 version 4, variant 10 */
			r[8] = (unsigned char)((r[8] & 0x3f) | 0x80);
			snprintf(id, sizeof id, "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
			         r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13],
			         r[14], r[15]);
			snprintf(sql, sizeof sql, "INSERT INTO meta (key, value) VALUES ('status-list', '%s')", id);
			if ((st = exec(c, sql, "cannot create", err)) != PCF_OK) {
				rollback(c);
				return st;
			}
		}
		{
			char sql[64];
			snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
			if ((st = exec(c, sql, "cannot set the schema version", err)) != PCF_OK) {
				rollback(c);
				return st;
			}
		}
		if ((st = commit(c, err)) != PCF_OK)
			return st;
	}
}

static void sq_close(void *p)
{
	conn *c = p;

	if (!c)
		return;
	sqlite3_close(c->db);
	free(c->path);
	free(c);
}

static pcf_status sq_open(const char *target, int create, int readonly, void **out, pcf_error *err)
{
	conn *c;
	int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
	pcf_status st;
	int v;

	*out = NULL;
	if (!create && access(target, F_OK) != 0)
		return pcfi_error_at(err, PCF_E_NOTFOUND, target, 0, 0, NULL,
		                     "no registry here (pcf issue --registry creates one)");
	c = calloc(1, sizeof *c);
	if (!c || !(c->path = strdup(target))) {
		free(c);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	if (sqlite3_open_v2(target, &c->db, flags | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK) {
		st = c->db ? db_error(c, err, "cannot open") : pcfi_error(err, PCF_E_NOMEM, "out of memory");
		sq_close(c);
		return st;
	}
	sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(c->db, 0);
	if (!readonly &&
	    ((st = exec(c, "PRAGMA journal_mode = WAL", "cannot use write-ahead logging", err)) != PCF_OK ||
	     (st = exec(c, "PRAGMA synchronous = FULL", "cannot set synchronous", err)) != PCF_OK)) {
		sq_close(c);
		return st;
	}
	if ((st = exec(c, "PRAGMA foreign_keys = ON", "cannot open", err)) != PCF_OK) {
		sq_close(c);
		return st;
	}
	v = user_version(c);
	if (v < 0) {
		st = db_error(c, err, "cannot read the schema version (not an SQLite database?)");
		sq_close(c);
		return st;
	}
	if ((unsigned)v > NMIGRATIONS) {
		st = pcfi_error_at(err, PCF_E_UNSUPPORTED, target, 0, 0, NULL,
		                   "registry: schema version %d is newer than this pcfkit knows (%u): upgrade pcfkit", v,
		                   (unsigned)NMIGRATIONS);
		sq_close(c);
		return st;
	}
	if ((unsigned)v < NMIGRATIONS) {
		if (readonly) {
			st = pcfi_error_at(err, PCF_E_UNSUPPORTED, target, 0, 0, NULL,
			                   "registry: schema version %d needs migrating to %u: open it writable once", v,
			                   (unsigned)NMIGRATIONS);
			sq_close(c);
			return st;
		}
		if ((st = migrate(c, err)) != PCF_OK) {
			sq_close(c);
			return st;
		}
	}
	if ((st = meta_get(c, "status-list", c->list_id, sizeof c->list_id, err)) != PCF_OK) {
		sq_close(c);
		return st;
	}
	if (strlen(c->list_id) > PCF_STATUS_LIST_ID_MAX) {
		st = pcfi_error_at(err, PCF_E_LIMIT, c->path, 0, 0, NULL, "registry: the status list id is longer than %d "
		                   "bytes (bundle-format.md, status-list)", PCF_STATUS_LIST_ID_MAX);
		sq_close(c);
		return st;
	}
	*out = c;
	return PCF_OK;
}

static const char *sq_list_id(void *p)
{
	return ((conn *)p)->list_id;
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

static void bind_real(sqlite3_stmt *s, int i, double v)
{
	if (isnan(v))
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_double(s, i, v);
}

static const char insert_sql[] =
	"INSERT INTO certificates (id, product_id, product_name, declared_amount, declared_unit, method_id,"
	" method_version, total, unit, gwp_set, fossil, biogenic_emissions, biogenic_removals, dluc, aircraft,"
	" issued_at, valid_from, valid_until, issuer_name, issuer_org, supersedes, sha256, size, file, tmp,"
	" status_list, status_index, status, status_at, status_reason)"
	" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'issued',?,NULL)";

/*
 * An imported bundle's status list entry (in the insert's transaction): a registry rebuilt from
 * bundles takes over their list id while it has no entry of its own list, and never hands out an
 * index an imported bundle holds.
 */
static pcf_status adopt_list(conn *c, const pcf_registry_entry *e, pcf_error *err)
{
	sqlite3_stmt *s;
	char buf[32], sql[PCF_STATUS_LIST_ID_MAX + 100];
	int own = 1;
	pcf_status st;

	if (strcmp(e->status_list, c->list_id)) {
		if (sqlite3_prepare_v2(c->db, "SELECT count(*) FROM certificates WHERE status_list = ?", -1, &s, NULL) !=
		    SQLITE_OK)
			return db_error(c, err, "cannot read");
		sqlite3_bind_text(s, 1, c->list_id, -1, SQLITE_STATIC);
		if (sqlite3_step(s) == SQLITE_ROW)
			own = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
		if (own || strlen(e->status_list) > PCF_STATUS_LIST_ID_MAX || strchr(e->status_list, '\''))
			return PCF_OK;   /* another body's list: recorded, not part of this registry's list */
		snprintf(sql, sizeof sql, "UPDATE meta SET value = '%s' WHERE key = 'status-list'", e->status_list);
		if ((st = exec(c, sql, "cannot adopt the status list id", err)) != PCF_OK)
			return st;
		snprintf(c->list_id, sizeof c->list_id, "%s", e->status_list);
	}
	if ((st = meta_get(c, "status-next-index", buf, sizeof buf, err)) != PCF_OK)
		return st;
	if (strtoll(buf, NULL, 10) <= e->status_index) {
		snprintf(sql, sizeof sql, "UPDATE meta SET value = '%lld' WHERE key = 'status-next-index'",
		         (long long)(e->status_index + 1));
		if ((st = exec(c, sql, "cannot update the next status index", err)) != PCF_OK)
			return st;
	}
	return PCF_OK;
}

static pcf_status sq_insert(void *p, const pcfi_reg_row *rows, size_t n, pcf_error *err)
{
	conn *c = p;
	sqlite3_stmt *s = NULL;
	pcf_status st;
	size_t i;

	if ((st = exec(c, "BEGIN IMMEDIATE", "cannot begin a transaction", err)) != PCF_OK)
		return st;
	if (sqlite3_prepare_v2(c->db, insert_sql, -1, &s, NULL) != SQLITE_OK) {
		st = db_error(c, err, "cannot insert");
		goto fail;
	}
	for (i = 0; i < n; i++) {
		const pcf_registry_entry *e = rows[i].e;
		int k = 1, rc;
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
		bind_text(s, k++, e->id);
		bind_text(s, k++, e->product_id);
		bind_text(s, k++, e->product_name);
		sqlite3_bind_double(s, k++, e->declared_amount);
		bind_text(s, k++, e->declared_unit);
		bind_text(s, k++, e->method_id);
		bind_text(s, k++, e->method_version);
		sqlite3_bind_double(s, k++, e->total);
		bind_text(s, k++, e->unit);
		bind_text(s, k++, e->gwp_set);
		bind_real(s, k++, e->fossil);
		bind_real(s, k++, e->biogenic_emissions);
		bind_real(s, k++, e->biogenic_removals);
		bind_real(s, k++, e->dluc);
		bind_real(s, k++, e->aircraft);
		sqlite3_bind_int64(s, k++, e->issued_at);
		sqlite3_bind_int64(s, k++, e->valid_from);
		sqlite3_bind_int64(s, k++, e->valid_until);
		bind_text(s, k++, e->issuer_name);
		bind_text(s, k++, e->issuer_org);
		bind_text(s, k++, e->supersedes);
		bind_text(s, k++, e->sha256);
		sqlite3_bind_int64(s, k++, (sqlite3_int64)e->size);
		bind_text(s, k++, e->file);
		bind_text(s, k++, rows[i].tmp);
		bind_text(s, k++, e->status_list);
		if (e->status_list)
			sqlite3_bind_int64(s, k++, e->status_index);
		else
			sqlite3_bind_null(s, k++);
		sqlite3_bind_int64(s, k++, e->issued_at);
		if (!rows[i].tmp && e->status_list && (st = adopt_list(c, e, err)) != PCF_OK)
			goto fail;
		rc = sqlite3_step(s);
		if (rc == SQLITE_CONSTRAINT) {
			st = pcfi_error_at(err, PCF_E_EXISTS, c->path, 0, 0, NULL,
			                   "registry: certificate %s (or its status list index %lld) is already recorded", e->id,
			                   (long long)e->status_index);
			goto fail;
		}
		if (rc != SQLITE_DONE) {
			st = db_error(c, err, "cannot insert");
			goto fail;
		}
	}
	sqlite3_finalize(s);
	return commit(c, err);
fail:
	sqlite3_finalize(s);
	rollback(c);
	return st;
}

static pcf_status sq_settle(void *p, const char *const *ids, const int *keep, size_t n, pcf_error *err)
{
	conn *c = p;
	sqlite3_stmt *up = NULL, *del = NULL;
	pcf_status st;
	size_t i;

	if ((st = exec(c, "BEGIN IMMEDIATE", "cannot begin a transaction", err)) != PCF_OK)
		return st;
	if (sqlite3_prepare_v2(c->db, "UPDATE certificates SET tmp = NULL WHERE id = ? AND tmp IS NOT NULL", -1, &up,
	                       NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db, "DELETE FROM certificates WHERE id = ? AND tmp IS NOT NULL", -1, &del, NULL) !=
	    SQLITE_OK) {
		st = db_error(c, err, "cannot settle");
		goto fail;
	}
	for (i = 0; i < n; i++) {
		sqlite3_stmt *s = keep[i] ? up : del;
		if (!ids[i])
			continue;
		sqlite3_reset(s);
		sqlite3_bind_text(s, 1, ids[i], -1, SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_DONE) {
			st = db_error(c, err, "cannot settle");
			goto fail;
		}
	}
	sqlite3_finalize(up);
	sqlite3_finalize(del);
	return commit(c, err);
fail:
	sqlite3_finalize(up);
	sqlite3_finalize(del);
	rollback(c);
	return st;
}

static pcf_status sq_pending(void *p, void (*fn)(void *, const char *, const char *, const char *, const char *),
                             void *ctx, pcf_error *err)
{
	conn *c = p;
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(c->db, "SELECT id, file, tmp, sha256 FROM certificates WHERE tmp IS NOT NULL", -1, &s,
	                       NULL) != SQLITE_OK)
		return db_error(c, err, "cannot read");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fn(ctx, (const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 1),
		   (const char *)sqlite3_column_text(s, 2), (const char *)sqlite3_column_text(s, 3));
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return db_error(c, err, "cannot read");
	return PCF_OK;
}

#define SELECT_COLS \
	"SELECT id, product_id, product_name, declared_amount, declared_unit, method_id, method_version, total, unit," \
	" gwp_set, fossil, biogenic_emissions, biogenic_removals, dluc, aircraft, issued_at, valid_from, valid_until," \
	" issuer_name, issuer_org, supersedes, sha256, size, file, status_list, status_index, status, status_at," \
	" status_reason FROM certificates"

static char *col_text(sqlite3_stmt *s, int i, int *oom)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	char *d;

	if (!t)
		return NULL;
	if (!(d = strdup((const char *)t)))
		*oom = 1;
	return d;
}

static double col_real(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? NAN : sqlite3_column_double(s, i);
}

static pcf_registry_entry *row_entry(sqlite3_stmt *s)
{
	pcf_registry_entry *e = calloc(1, sizeof *e);
	const char *st;
	int k = 0, oom = 0;

	if (!e)
		return NULL;
	snprintf(e->id, sizeof e->id, "%s", (const char *)sqlite3_column_text(s, k++));
	e->product_id = col_text(s, k++, &oom);
	e->product_name = col_text(s, k++, &oom);
	e->declared_amount = sqlite3_column_double(s, k++);
	e->declared_unit = col_text(s, k++, &oom);
	e->method_id = col_text(s, k++, &oom);
	e->method_version = col_text(s, k++, &oom);
	e->total = sqlite3_column_double(s, k++);
	e->unit = col_text(s, k++, &oom);
	e->gwp_set = col_text(s, k++, &oom);
	e->fossil = col_real(s, k++);
	e->biogenic_emissions = col_real(s, k++);
	e->biogenic_removals = col_real(s, k++);
	e->dluc = col_real(s, k++);
	e->aircraft = col_real(s, k++);
	e->issued_at = sqlite3_column_int64(s, k++);
	e->valid_from = sqlite3_column_int64(s, k++);
	e->valid_until = sqlite3_column_int64(s, k++);
	e->issuer_name = col_text(s, k++, &oom);
	e->issuer_org = col_text(s, k++, &oom);
	e->supersedes = col_text(s, k++, &oom);
	snprintf(e->sha256, sizeof e->sha256, "%s", (const char *)sqlite3_column_text(s, k++));
	e->size = (uint64_t)sqlite3_column_int64(s, k++);
	e->file = col_text(s, k++, &oom);
	e->status_list = col_text(s, k++, &oom);
	e->status_index = sqlite3_column_type(s, k) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, k);
	k++;
	st = (const char *)sqlite3_column_text(s, k++);
	e->status = st && !strcmp(st, "suspended") ? PCF_CERT_SUSPENDED : st && !strcmp(st, "withdrawn") ?
	            PCF_CERT_WITHDRAWN : PCF_CERT_ISSUED;
	e->status_at = sqlite3_column_int64(s, k++);
	e->status_reason = col_text(s, k++, &oom);
	if (oom) {
		pcf_registry_entry_free(e);
		return NULL;
	}
	return e;
}

static pcf_status sq_get(void *p, const char *id, pcf_registry_entry **out, pcf_error *err)
{
	conn *c = p;
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	if (sqlite3_prepare_v2(c->db, SELECT_COLS " WHERE id = ? AND tmp IS NULL", -1, &s, NULL) != SQLITE_OK)
		return db_error(c, err, "cannot read");
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && !(*out = row_entry(s))) {
		sqlite3_finalize(s);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return PCF_OK;
	if (rc == SQLITE_DONE)
		return pcfi_error_at(err, PCF_E_NOTFOUND, c->path, 0, 0, NULL, "registry: no certificate %s", id);
	return db_error(c, err, "cannot read");
}

static pcf_status sq_foreach(void *p, pcf_registry_entry_fn fn, void *ctx, pcf_error *err)
{
	conn *c = p;
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(c->db, SELECT_COLS " WHERE tmp IS NULL ORDER BY issued_at, id", -1, &s, NULL) !=
	    SQLITE_OK)
		return db_error(c, err, "cannot read");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		pcf_registry_entry *e = row_entry(s);
		int stop;
		if (!e) {
			sqlite3_finalize(s);
			return pcfi_error(err, PCF_E_NOMEM, "out of memory");
		}
		stop = fn(ctx, e);
		pcf_registry_entry_free(e);
		if (stop)
			break;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_error(c, err, "cannot read");
	return PCF_OK;
}

static pcf_status sq_reserve(void *p, int64_t count, int64_t *first, pcf_error *err)
{
	conn *c = p;
	char buf[32], sql[128];
	pcf_status st;

	if ((st = exec(c, "BEGIN IMMEDIATE", "cannot begin a transaction", err)) != PCF_OK)
		return st;
	if ((st = meta_get(c, "status-next-index", buf, sizeof buf, err)) != PCF_OK) {
		rollback(c);
		return st;
	}
	*first = strtoll(buf, NULL, 10);
	snprintf(sql, sizeof sql, "UPDATE meta SET value = '%lld' WHERE key = 'status-next-index'",
	         (long long)(*first + count));
	if ((st = exec(c, sql, "cannot reserve status list indexes", err)) != PCF_OK) {
		rollback(c);
		return st;
	}
	return commit(c, err);
}

static const char *status_text(pcf_cert_status s)
{
	return s == PCF_CERT_SUSPENDED ? "suspended" : s == PCF_CERT_WITHDRAWN ? "withdrawn" : "issued";
}

static pcf_status sq_set_status(void *p, const char *id, pcf_cert_status to, const char *reason, int64_t at,
                                pcf_status (*ok)(const char *, pcf_cert_status, pcf_cert_status, pcf_error *),
                                pcf_error *err)
{
	conn *c = p;
	sqlite3_stmt *s = NULL;
	pcf_cert_status from;
	const char *t;
	pcf_status st;
	int rc;

	if ((st = exec(c, "BEGIN IMMEDIATE", "cannot begin a transaction", err)) != PCF_OK)
		return st;
	if (sqlite3_prepare_v2(c->db, "SELECT status FROM certificates WHERE id = ? AND tmp IS NULL", -1, &s, NULL) !=
	    SQLITE_OK) {
		st = db_error(c, err, "cannot read");
		goto fail;
	}
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		st = pcfi_error_at(err, PCF_E_NOTFOUND, c->path, 0, 0, NULL, "registry: no certificate %s", id);
		goto fail;
	}
	if (rc != SQLITE_ROW) {
		st = db_error(c, err, "cannot read");
		goto fail;
	}
	t = (const char *)sqlite3_column_text(s, 0);
	from = !strcmp(t, "suspended") ? PCF_CERT_SUSPENDED : !strcmp(t, "withdrawn") ? PCF_CERT_WITHDRAWN : PCF_CERT_ISSUED;
	sqlite3_finalize(s);
	s = NULL;
	if ((st = ok(id, from, to, err)) != PCF_OK)
		goto fail;
	if (sqlite3_prepare_v2(c->db, "UPDATE certificates SET status = ?, status_at = ?, status_reason = ? WHERE id = ?",
	                       -1, &s, NULL) != SQLITE_OK) {
		st = db_error(c, err, "cannot update");
		goto fail;
	}
	sqlite3_bind_text(s, 1, status_text(to), -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, at);
	sqlite3_bind_text(s, 3, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE) {
		st = db_error(c, err, "cannot update");
		goto fail;
	}
	sqlite3_finalize(s);
	s = NULL;
	if (sqlite3_prepare_v2(c->db, "INSERT INTO status_events (id, at, status, reason) VALUES (?, ?, ?, ?)", -1, &s,
	                       NULL) != SQLITE_OK) {
		st = db_error(c, err, "cannot record the change");
		goto fail;
	}
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, at);
	sqlite3_bind_text(s, 3, from == PCF_CERT_SUSPENDED && to == PCF_CERT_ISSUED ? "reinstated" : status_text(to), -1,
	                  SQLITE_STATIC);
	sqlite3_bind_text(s, 4, reason, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE) {
		st = db_error(c, err, "cannot record the change");
		goto fail;
	}
	sqlite3_finalize(s);
	return commit(c, err);
fail:
	sqlite3_finalize(s);
	rollback(c);
	return st;
}

static pcf_status sq_history(void *p, const char *id, pcf_registry_event_fn fn, void *ctx, pcf_error *err)
{
	conn *c = p;
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(c->db, "SELECT at, status, reason FROM status_events WHERE id = ? ORDER BY seq", -1, &s,
	                       NULL) != SQLITE_OK)
		return db_error(c, err, "cannot read");
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(ctx, sqlite3_column_int64(s, 0), (const char *)sqlite3_column_text(s, 1),
		       (const char *)sqlite3_column_text(s, 2)))
			break;
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_error(c, err, "cannot read");
	return PCF_OK;
}

static pcf_status sq_indexes(void *p, pcf_cert_status st, int (*size)(void *, int64_t), void (*fn)(void *, int64_t),
                             void *ctx, pcf_error *err)
{
	conn *c = p;
	sqlite3_stmt *s;
	char buf[32];
	pcf_status rs;
	int rc;

	/* One read transaction, so that the next index and the rows agree. */
	if ((rs = exec(c, "BEGIN", "cannot begin a transaction", err)) != PCF_OK)
		return rs;
	if ((rs = meta_get(c, "status-next-index", buf, sizeof buf, err)) != PCF_OK) {
		rollback(c);
		return rs;
	}
	if (size(ctx, strtoll(buf, NULL, 10))) {
		rollback(c);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory for the status list");
	}
	/* Covered by the partial index certificates_by_status: only the rows with that status are read. */
	if (sqlite3_prepare_v2(c->db, "SELECT status_index FROM certificates WHERE status = ? AND status_list = ?"
	                       " AND tmp IS NULL", -1, &s, NULL) != SQLITE_OK) {
		rs = db_error(c, err, "cannot read");
		rollback(c);
		return rs;
	}
	sqlite3_bind_text(s, 1, status_text(st), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, c->list_id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fn(ctx, sqlite3_column_int64(s, 0));
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		rs = db_error(c, err, "cannot read");
		rollback(c);
		return rs;
	}
	rollback(c);   /* read only: nothing to commit */
	return PCF_OK;
}

const pcfi_registry_backend pcfi_registry_sqlite = {
	"sqlite",
	sq_open,
	sq_close,
	sq_list_id,
	sq_insert,
	sq_settle,
	sq_pending,
	sq_get,
	sq_foreach,
	sq_reserve,
	sq_set_status,
	sq_history,
	sq_indexes,
};
