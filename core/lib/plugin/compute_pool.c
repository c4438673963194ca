/*
 * compute_pool.c - inventories computed in worker processes (pcf/compute.h, "computing in worker
 * processes"): crash isolation and --timeout for methodology plugins in 'pcf issue' and 'pcf compute'.
 *
 * The processes are plugin/workers.c's (the one worker machinery of libpcf, also behind the verifier's
 * recomputation): this file is the request and the reply. A request is the inventory's name and bytes;
 * the worker computes once (result, result JSON, exports, table) and replies with what a bundle needs
 * (encode_reply, below), or the error and diagnostics, with the plugin's log messages replayed in the
 * caller (parse_reply). Worker and caller are the same program (fork without exec), so numbers and
 * pcf_error travel as their bytes. When no worker can be made the caller computes the same reply itself.
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <pcf/compute.h>

#include "base/buf.h"
#include "base/optinit.h"
#include "plugin/workers.h"

#define NAME_MAX_BYTES (PATH_MAX * 4)   /* an inventory's name in a request, at the most */

struct pcf_compute_pool {
	pcf_compute_pool_options o;
	pcfi_workers *workers;
};

pcf_status pcf_compute_pool_options_init(pcf_compute_pool_options *opts, unsigned version)
{
	return pcfi_opts_init(opts, sizeof *opts, version, PCF_COMPUTE_POOL_OPTIONS_VERSION);
}

/* The plugin's log messages of one computation: u64 level, string message, each; replayed by parse_reply. */
struct logs {
	pcfi_buf b;
	uint64_t n;
};

static void capture_log(void *data, int level, const char *message)
{
	struct logs *l = data;

	pcfi_wire_u64(&l->b, (uint64_t)level);
	pcfi_wire_bytes(&l->b, message ? message : "", message ? strlen(message) : 0);
	l->n++;
}

static void put_double(pcfi_buf *b, double v) { pcfi_buf_append(b, &v, sizeof v); }
static void put_str(pcfi_buf *b, const char *s) { pcfi_wire_bytes(b, s ? s : "", s ? strlen(s) : 0); }

/*
 * Compute one inventory and append the reply to b: the status (u64) and the log messages; on failure
 * the pcf_error and the diagnostics; on success the seven strings and seven numbers of the manifest's
 * summary, the result JSON, each export and the table. Returns 0, or -1 when out of memory.
 */
static int encode_reply(const pcf_compute_pool_options *c, const char *name, const char *bytes, size_t len,
                        pcfi_buf *b)
{
	pcf_result *r = NULL;
	pcf_inventory *inv = NULL;
	pcf_diag *diag = c->diag ? pcf_diag_new() : NULL;
	struct logs logs = { PCFI_BUF_INIT, 0 };
	char *json = NULL, *table = NULL, *facts = NULL;
	size_t jlen = 0, tlen = 0, flen = 0, i, start = b->len;
	int export_factors = c->version >= 2 && c->export_factors;
	pcf_error err;
	pcf_status st;

	memset(&err, 0, sizeof err);
	if (c->log && c->params)   /* this copy of the parameters only (a worker's, or the caller's for one call) */
		pcf_params_set_log((pcf_params *)c->params, capture_log, &logs);
	st = pcf_compute_bytes(c->method, name, bytes, len, c->factors, c->params, &r,
	                       c->nformats || export_factors ? &inv : NULL, diag, &err);
	if (c->log && c->params)
		pcf_params_set_log((pcf_params *)c->params, c->log, c->log_data);
	if (st == PCF_OK)
		st = pcf_result_json(r, &json, &jlen, &err);
	if (st == PCF_OK && c->table_width)
		st = pcf_result_table(r, c->table_width, &table, &tlen, &err);
	/* The exact records of the library factors used: a bundle's factors.json (docs/bundle-format.md 4.1). */
	if (st == PCF_OK && export_factors)
		st = pcf_inventory_factors_export(inv, "bundle-factors", &facts, &flen, &err);
	if (st == PCF_OK) {
		pcfi_wire_u64(b, PCF_OK);
		pcfi_wire_u64(b, logs.n);
		pcfi_buf_append(b, logs.b.data, logs.b.len);
		put_str(b, pcf_result_product_id(r));
		put_str(b, pcf_result_product_name(r));
		put_str(b, pcf_result_declared_unit(r));
		put_str(b, pcf_result_method_id(r));
		put_str(b, pcf_result_method_version(r));
		put_str(b, pcf_result_unit(r));
		put_str(b, pcf_result_gwp_set(r));
		put_double(b, pcf_result_declared_amount(r));
		put_double(b, pcf_result_total(r));
		put_double(b, pcf_result_figure(r, "fossil"));
		put_double(b, pcf_result_figure(r, "biogenic-emissions"));
		put_double(b, pcf_result_figure(r, "biogenic-removals"));
		put_double(b, pcf_result_figure(r, "dluc"));
		put_double(b, pcf_result_figure(r, "aircraft"));
		pcfi_wire_bytes(b, json, jlen);
		for (i = 0; i < c->nformats && st == PCF_OK; i++) {
			char *x = NULL;
			size_t xlen = 0;
			if ((st = pcf_export(c->method, c->formats[i], inv, r, c->params, &x, &xlen, &err)) == PCF_OK)
				pcfi_wire_bytes(b, x, xlen);
			free(x);
		}
		if (st == PCF_OK && c->table_width)
			pcfi_wire_bytes(b, table, tlen);
		if (st == PCF_OK && export_factors)
			pcfi_wire_bytes(b, facts, flen);
	}
	if (st != PCF_OK) {
		size_t k, nd = diag ? pcf_diag_count(diag) : 0;
		b->len = start;      /* an export failed after the summary: the reply is the error alone */
		err.status = st;
		pcfi_wire_u64(b, (uint64_t)st);
		pcfi_wire_u64(b, logs.n);
		pcfi_buf_append(b, logs.b.data, logs.b.len);
		pcfi_buf_append(b, &err, sizeof err);
		pcfi_wire_u64(b, nd);
		for (k = 0; k < nd; k++)
			pcfi_buf_append(b, pcf_diag_get(diag, k), sizeof(pcf_error));
	}
	if (logs.b.oom)
		b->oom = 1;
	pcfi_buf_free(&logs.b);
	pcf_diag_free(diag);
	free(table);
	free(facts);
	free(json);
	pcf_result_free(r);
	pcf_inventory_free(inv);
	return b->oom ? -1 : 0;
}

/* The worker's side: a request is the name and the inventory bytes (pcfi_wire_bytes each). */
static int serve(void *data, const char *req, size_t len, pcfi_buf *reply)
{
	const pcf_compute_pool_options *c = data;
	pcfi_wire_rd r = { req, req + len, 0 };
	size_t nlen = 0, blen = 0;
	const char *name = pcfi_wire_get_bytes(&r, &nlen);
	const char *bytes = pcfi_wire_get_bytes(&r, &blen);

	if (r.bad || r.p != r.end || nlen > NAME_MAX_BYTES || blen > c->inventory_max)
		return -1;
	return encode_reply(c, name, bytes, blen, reply);
}

/* Read a reply into *out, or the error it carries into *err. */
static pcf_status parse_reply(const pcf_compute_pool_options *c, const char *p, size_t len, pcf_computed *out,
                              pcf_error *err)
{
	pcfi_wire_rd r = { p, p + len, 0 };
	uint64_t st = pcfi_wire_get_u64(&r), n, k;
	size_t i;

	/* the plugin's log messages, in the order it wrote them */
	n = pcfi_wire_get_u64(&r);
	for (k = 0; k < n && !r.bad; k++) {
		uint64_t level = pcfi_wire_get_u64(&r);
		const char *msg = pcfi_wire_get_bytes(&r, NULL);
		if (!r.bad && c->log)
			c->log(c->log_data, (int)level, msg);
	}
	out->ndiag = 0;
	if (!r.bad && st != PCF_OK) {
		uint64_t nd;
		pcfi_wire_get(&r, err, sizeof *err);
		nd = pcfi_wire_get_u64(&r);
		for (k = 0; k < nd && !r.bad; k++) {
			pcf_error d;
			pcfi_wire_get(&r, &d, sizeof d);
			d.file[sizeof d.file - 1] = d.path[sizeof d.path - 1] = d.message[sizeof d.message - 1] = '\0';
			if (!r.bad && c->diag)
				c->diag(c->diag_data, &d);
		}
		out->ndiag = (size_t)nd;
		if (!r.bad && r.p == r.end) {
			err->file[sizeof err->file - 1] = err->path[sizeof err->path - 1] = '\0';
			err->message[sizeof err->message - 1] = '\0';
			return err->status != PCF_OK ? err->status : PCF_E_INTERNAL;
		}
	} else if (!r.bad) {
		out->product_id = pcfi_wire_get_bytes(&r, NULL);
		out->product_name = pcfi_wire_get_bytes(&r, NULL);
		out->declared_unit = pcfi_wire_get_bytes(&r, NULL);
		out->method_id = pcfi_wire_get_bytes(&r, NULL);
		out->method_version = pcfi_wire_get_bytes(&r, NULL);
		out->unit = pcfi_wire_get_bytes(&r, NULL);
		out->gwp_set = pcfi_wire_get_bytes(&r, NULL);
		pcfi_wire_get(&r, &out->declared_amount, sizeof out->declared_amount);
		pcfi_wire_get(&r, &out->total, sizeof out->total);
		pcfi_wire_get(&r, &out->fossil, sizeof out->fossil);
		pcfi_wire_get(&r, &out->biogenic_emissions, sizeof out->biogenic_emissions);
		pcfi_wire_get(&r, &out->biogenic_removals, sizeof out->biogenic_removals);
		pcfi_wire_get(&r, &out->dluc, sizeof out->dluc);
		pcfi_wire_get(&r, &out->aircraft, sizeof out->aircraft);
		out->result = pcfi_wire_get_bytes(&r, &out->result_len);
		for (i = 0; i < c->nformats; i++)
			out->exports[i] = pcfi_wire_get_bytes(&r, &out->export_lens[i]);
		out->table = NULL;
		out->table_len = 0;
		if (c->table_width)
			out->table = pcfi_wire_get_bytes(&r, &out->table_len);
		if (c->version >= 2) {
			out->factors = NULL;
			out->factors_len = 0;
			if (c->export_factors)
				out->factors = pcfi_wire_get_bytes(&r, &out->factors_len);
		}
		if (!r.bad && r.p == r.end)
			return PCF_OK;
	}
	memset(err, 0, sizeof *err);
	snprintf(err->message, sizeof err->message, "malformed reply from the compute process (%zu bytes)", len);
	return err->status = PCF_E_INTERNAL;
}

pcf_status pcf_compute_pool_new(const pcf_compute_pool_options *opts, size_t nslots, pcf_compute_pool **out,
                                pcf_error *err)
{
	pcf_compute_pool *p;
	size_t request_max;

	if (out)
		*out = NULL;
	if (!opts || !out || !opts->method)
		return pcfi_error(err, PCF_E_ARG, "pcf_compute_pool_new: NULL argument");
	if (opts->version > PCF_COMPUTE_POOL_OPTIONS_VERSION)
		return pcfi_error(err, PCF_E_ARG, "pcf_compute_pool_options version %u is newer than this library's %d",
		                  opts->version, PCF_COMPUTE_POOL_OPTIONS_VERSION);
	if (!(p = calloc(1, sizeof *p)))
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	p->o = *opts;
	/* two lengths, the name and the bytes, each with a NUL */
	request_max = opts->inventory_max > SIZE_MAX / 2 ? SIZE_MAX / 2 : opts->inventory_max + NAME_MAX_BYTES + 64;
	if (pcfi_workers_new(&p->workers, serve, &p->o, nslots ? nslots : 1, opts->timeout_s, request_max)) {
		free(p);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	*out = p;
	return PCF_OK;
}

void pcf_compute_pool_free(pcf_compute_pool *p)
{
	if (!p)
		return;
	pcfi_workers_free(p->workers);
	free(p);
}

/* The inventory in this process (no worker could be made): the same reply, read the same way. */
static pcf_status compute_here(pcf_compute_pool *p, const char *name, const char *bytes, size_t len,
                               pcf_computed *out, char **reply, pcf_error *err)
{
	pcfi_buf b = PCFI_BUF_INIT;

	if (encode_reply(&p->o, name, bytes, len, &b)) {
		pcfi_buf_free(&b);
		snprintf(err->message, sizeof err->message, "out of memory");
		return PCF_E_NOMEM;
	}
	*reply = b.data;
	return parse_reply(&p->o, b.data, b.len, out, err);
}

pcf_status pcf_compute_pool_compute(pcf_compute_pool *p, size_t slot, const char *name, const char *bytes,
                                    size_t len, pcf_computed *out, char **reply, pcf_error *err)
{
	const pcf_compute_pool_options *c = &p->o;
	const char *lost = c->lost ? c->lost : "nothing issued for it";
	pcfi_buf q = PCFI_BUF_INIT;
	char why[256], *rep = NULL;
	size_t rlen = 0;
	int w, status = 0;

	*reply = NULL;
	memset(err, 0, sizeof *err);
	pcfi_wire_bytes(&q, name, strlen(name));
	pcfi_wire_bytes(&q, bytes, len);
	if (q.oom) {
		pcfi_buf_free(&q);
		snprintf(err->message, sizeof err->message, "out of memory");
		return PCF_E_NOMEM;
	}
	w = pcfi_workers_call(p->workers, slot, q.data, q.len, &rep, &rlen, why, sizeof why, &status);
	pcfi_buf_free(&q);
	switch (w) {
	case PCFI_WORKER_OK:
		*reply = rep;
		return parse_reply(c, rep, rlen, out, err);
	case PCFI_WORKER_NONE:
		return compute_here(p, name, bytes, len, out, reply, err);
	case PCFI_WORKER_NOMEM:
		snprintf(err->message, sizeof err->message, "%s from the compute process", why);
		return PCF_E_NOMEM;
	case PCFI_WORKER_TIMEOUT:
		snprintf(err->file, sizeof err->file, "%s", name);
		snprintf(err->message, sizeof err->message,
		         "methodology plugin %s (%s) did not finish computing this inventory within %u s (--timeout); "
		         "stopped it%s%s", pcf_method_id(c->method), pcf_method_path(c->method), c->timeout_s, lost[0] ? ", " : "",
		         lost);
		return PCF_E_PLUGIN;
	default:
		break;
	}
	snprintf(err->file, sizeof err->file, "%s", name);
	if (WIFSIGNALED(status))
		snprintf(err->message, sizeof err->message,
		         "methodology plugin %s (%s) crashed computing this inventory (signal %d, %s)%s%s",
		         pcf_method_id(c->method), pcf_method_path(c->method), WTERMSIG(status), strsignal(WTERMSIG(status)),
		         lost[0] ? "; " : "", lost);
	else
		snprintf(err->message, sizeof err->message,
		         "methodology plugin %s (%s) ended the compute process computing this inventory (exit status %d)%s%s",
		         pcf_method_id(c->method), pcf_method_path(c->method), WIFEXITED(status) ? WEXITSTATUS(status) : -1,
		         lost[0] ? "; " : "", lost);
	return PCF_E_PLUGIN;
}
