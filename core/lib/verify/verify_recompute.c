/*
 * verify_recompute.c - recompute a bundle's result with the installed methodology plugin and
 * compare it byte for byte with the bundled result.json (threats.md T28).
 *
 * The plugin registry and the factor library are created once per verifier and shared by every
 * bundle of a batch. pcf_methods is not thread-safe and plugins need not be reentrant, so finding
 * the plugin and computing run under the recomputer's lock; the other checks, and writing and
 * comparing the result JSON on the fast path below, run concurrently.
 *
 * A batch's bundles are mostly computed with the same methodology and parameters. Reading the
 * parameters from result.json (a whole JSON parse) costs as much as the computation, so the
 * recomputer first tries the parameters that last gave a match with that methodology and version,
 * or the plugin's defaults (see locked_try_last); only when the bytes then differ does it read them
 * from result.json and recompute as it always did, so that a mismatch is reported exactly as before.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <pcf/bundle_format.h>
#include <pcf/compute.h>
#include <pcf/factors.h>
#include <pcf/methods.h>
#include <pcf/result.h>

#include "base/error_impl.h"
#include "plugin/plugin_impl.h"
#include "plugin/workers.h"
#include "verify/verify_recompute.h"

/* The parameters that last gave a byte-identical result with one methodology id and version. */
#define LAST_PARAMS_MAX 8

typedef struct last_params {
	char *id, *version;
	pcf_params *params;
} last_params;

/* Plugins found by id: looked up once per recomputer (pcf_methods_find checks the file every time). */
#define FOUND_MAX 8

typedef struct found_method {
	char *id;
	const pcf_method *m;
} found_method;

struct pcfi_vfy_recomputer {
	pthread_mutex_t lock;
	pcf_methods *methods;
	found_method found[FOUND_MAX];
	size_t nfound;
	pcf_factor_lib *factors; /* loaded on first use */
	int factors_loaded;
	pcf_error factors_err;
	last_params last[LAST_PARAMS_MAX];
	size_t nlast, last_next;
	pcfi_workers *pool;      /* worker processes that compute (plugin/workers.h); NULL: in this process */
};

/*
 * The factors a bundle carries (factors.json, format 1.2): its bytes, for the worker processes, and the
 * library they make, for computing here. A recomputation with them uses them alone, never the
 * verifier's own library: the result is recomputed from exactly the inputs it was computed from.
 */
typedef struct bundle_factors {
	const unsigned char *bytes;
	size_t len;
	pcf_factor_lib *lib;
} bundle_factors;

/* A request may carry a whole bundled inventory and its factors (the bundle reader's cap on one entry each)
 * and a little more. */
#define REQUEST_MAX ((size_t)258 << 20)

static pcf_status find_method(pcfi_vfy_recomputer *rc, const char *id, const pcf_method **m, pcf_error *err);
static void load_factors(pcfi_vfy_recomputer *rc);

pcf_status pcfi_vfy_bundle_factors(const void *bytes, size_t len, pcf_factor_lib **out, pcf_error *err)
{
	pcf_status st;

	*out = NULL;
	if ((st = pcf_factor_lib_new(out, err)) != PCF_OK)
		return st;
	if ((st = pcf_factor_lib_load_bytes(*out, PCF_BUNDLE_FACTORS, bytes, len, NULL, err)) != PCF_OK) {
		pcf_factor_lib_free(*out);
		*out = NULL;
	}
	return st;
}

/*
 * In a worker process (a copy of the recomputer made when it was created, single-threaded): compute one
 * request of compute_json and reply u64 status, then the error (pcf_error's bytes) or the result JSON.
 */
static int serve(void *data, const char *req, size_t len, pcfi_buf *reply)
{
	pcfi_vfy_recomputer *rc = data;
	pcfi_wire_rd r = { req, req + len, 0 };
	const char *id, *version, *inv, *fbytes = NULL;
	unsigned char sha[32];
	int has_sha, has_factors;
	size_t inv_len = 0, flen = 0, n, i;
	pcf_factor_lib *flib = NULL;
	pcf_params *params = NULL;
	const pcf_method *m = NULL;
	pcf_result *res = NULL;
	char *json = NULL;
	size_t jlen = 0;
	pcf_error e;
	pcf_status st = PCF_OK;

	pcf_error_clear(&e);
	id = pcfi_wire_get_str(&r);
	version = pcfi_wire_get_str(&r);
	has_sha = pcfi_wire_get_u64(&r) != 0;
	if (has_sha)
		pcfi_wire_get(&r, sha, sizeof sha);
	if (pcfi_wire_get_u64(&r) && pcf_params_new(&params, &e) != PCF_OK)
		st = e.status;
	n = (size_t)pcfi_wire_get_u64(&r);
	for (i = 0; i < n && !r.bad; i++) {
		const char *k = pcfi_wire_get_str(&r), *v = pcfi_wire_get_str(&r);
		if (st == PCF_OK && params && k && v)
			st = pcf_params_set(params, k, v, &e);
	}
	inv = pcfi_wire_get_bytes(&r, &inv_len);
	has_factors = pcfi_wire_get_u64(&r) != 0;
	if (has_factors)
		fbytes = pcfi_wire_get_bytes(&r, &flen);
	if (r.bad || r.p != r.end || !id)
		st = pcfi_error(&e, PCF_E_INTERNAL, "malformed request to the compute process");
	if (st == PCF_OK && has_factors)
		st = pcfi_vfy_bundle_factors(fbytes, flen, &flib, &e);
	if (st == PCF_OK)
		st = find_method(rc, id, &m, &e);
	if (st == PCF_OK)
		st = pcfi_compute_bytes_digest(m, version, "inventory.yaml", inv, inv_len, has_sha ? sha : NULL,
		                               has_factors ? flib : rc->factors, params, &res, NULL, NULL, &e);
	if (st == PCF_OK)
		st = pcf_result_json(res, &json, &jlen, &e);
	pcfi_wire_u64(reply, (uint64_t)st);
	if (st == PCF_OK) {
		pcfi_wire_bytes(reply, json, jlen);
	} else {
		e.status = st;
		pcfi_buf_append(reply, &e, sizeof e);
	}
	free(json);
	pcf_result_free(res);
	pcf_params_free(params);
	pcf_factor_lib_free(flib);
	return 0;
}

/* How compute_json ended. */
enum { COMPUTED = 0, NOT_COMPUTED = 1, ABORTED = 2 };

/*
 * Compute the inventory under m, recording version, with params (NULL: the plugin's defaults), into the
 * result JSON *json (caller frees). Called with rc->lock held. In a worker process when the recomputer
 * has them (the lock is released during the round trip: the workers compute in parallel), else in this
 * process under the lock (plugins need not be reentrant). COMPUTED; NOT_COMPUTED with the computation's
 * error in *e; ABORTED when the plugin crashed or ran out of time, with what happened in why.
 */
static int compute_json(pcfi_vfy_recomputer *rc, const pcf_method *m, const char *version, const unsigned char *inv,
                        size_t inv_len, const unsigned char *sha, const bundle_factors *bf, const pcf_params *params,
                        const pcf_supplier_resolver *sup, char **json, size_t *jlen, pcf_error *e, char *why,
                        size_t whylen)
{
	pcf_result *res = NULL;
	pcf_params *own = NULL;
	pcf_status st;

	*json = NULL;
	*jlen = 0;
	if (sup) {
		/* the embedded suppliers' figures live in this process: compute here, with a copy of params */
		size_t i;
		if (pcf_params_new(&own, e) != PCF_OK)
			return NOT_COMPUTED;
		for (i = 0; params && i < pcf_params_count(params); i++) {
			const char *k = NULL, *v = NULL;
			pcf_params_get(params, i, &k, &v);
			if (pcf_params_set(own, k, v, e) != PCF_OK) {
				pcf_params_free(own);
				return NOT_COMPUTED;
			}
		}
		pcf_params_set_suppliers(own, sup->resolve, sup->arg);
		params = own;
	}
	if (rc->pool && !sup) {
		pcfi_buf q = PCFI_BUF_INIT;
		size_t i, np = pcf_params_count(params), rlen = 0;
		char *reply = NULL;
		int w;
		pcfi_wire_str(&q, pcf_method_id(m));
		pcfi_wire_str(&q, version);
		pcfi_wire_u64(&q, sha != NULL);
		if (sha)
			pcfi_buf_append(&q, sha, 32);
		pcfi_wire_u64(&q, params != NULL);
		pcfi_wire_u64(&q, np);
		for (i = 0; i < np; i++) {
			const char *k = NULL, *v = NULL;
			pcf_params_get(params, i, &k, &v);
			pcfi_wire_str(&q, k);
			pcfi_wire_str(&q, v);
		}
		pcfi_wire_bytes(&q, inv, inv_len);
		pcfi_wire_u64(&q, bf != NULL);
		if (bf)
			pcfi_wire_bytes(&q, bf->bytes, bf->len);
		if (q.oom) {
			pcfi_buf_free(&q);
			pcfi_error(e, PCF_E_NOMEM, "out of memory");
			return NOT_COMPUTED;
		}
		pthread_mutex_unlock(&rc->lock);
		w = pcfi_workers_call(rc->pool, (size_t)-1, q.data, q.len, &reply, &rlen, why, whylen, NULL);
		pthread_mutex_lock(&rc->lock);
		pcfi_buf_free(&q);
		if (w == PCFI_WORKER_OK) {
			pcfi_wire_rd r = { reply, reply + rlen, 0 };
			uint64_t rst = pcfi_wire_get_u64(&r);
			int out = NOT_COMPUTED;
			if (rst == PCF_OK) {
				size_t n = 0;
				const char *j = pcfi_wire_get_bytes(&r, &n);
				if (!r.bad && r.p == r.end && (*json = malloc(n ? n : 1)) != NULL) {
					memcpy(*json, j, n);
					*jlen = n;
					out = COMPUTED;
				} else {
					pcfi_error(e, PCF_E_INTERNAL, "malformed reply from the compute process");
				}
			} else {
				pcfi_wire_get(&r, e, sizeof *e);
				e->file[sizeof e->file - 1] = e->path[sizeof e->path - 1] = e->message[sizeof e->message - 1] = 0;
				if (r.bad || r.p != r.end || e->status == PCF_OK)
					pcfi_error(e, PCF_E_INTERNAL, "malformed reply from the compute process");
			}
			free(reply);
			return out;
		}
		free(reply);
		if (w == PCFI_WORKER_CRASHED || w == PCFI_WORKER_TIMEOUT)
			return ABORTED;
		if (w == PCFI_WORKER_NOMEM) {
			pcfi_error(e, PCF_E_NOMEM, "%s", why);
			return NOT_COMPUTED;
		}
		/* PCFI_WORKER_NONE: no process could be made; compute here, as without isolation */
	}
	st = pcfi_compute_bytes_digest(m, version, "inventory.yaml", inv, inv_len, sha, bf ? bf->lib : rc->factors, params,
	                               &res, NULL, NULL, e);
	if (st == PCF_OK) {
		/* Writing the JSON needs no lock. */
		pthread_mutex_unlock(&rc->lock);
		st = pcf_result_json(res, json, jlen, e);
		pthread_mutex_lock(&rc->lock);
	}
	pcf_result_free(res);
	pcf_params_free(own);
	return st == PCF_OK ? COMPUTED : NOT_COMPUTED;
}

pcf_status pcfi_vfy_recomputer_new(const char *plugin_dir, size_t nworkers, unsigned timeout_s,
                                   pcfi_vfy_recomputer **out, pcf_error *err)
{
	pcfi_vfy_recomputer *rc = calloc(1, sizeof *rc);
	pcf_status st;

	*out = NULL;
	if (!rc)
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	if (pthread_mutex_init(&rc->lock, NULL)) {
		free(rc);
		return pcfi_error(err, PCF_E_NOMEM, "cannot create a lock");
	}
	if ((st = pcf_methods_new(&rc->methods, 0, err)) != PCF_OK ||
	    (plugin_dir && (st = pcf_methods_add_dir(rc->methods, plugin_dir, err)) != PCF_OK)) {
		pcfi_vfy_recomputer_free(rc);
		return st;
	}
	if (nworkers) {
		/* The workers are copies of this recomputer: load the factor library first, so that they share it. */
		load_factors(rc);
		if (pcfi_workers_new(&rc->pool, serve, rc, nworkers, timeout_s, REQUEST_MAX)) {
			pcfi_vfy_recomputer_free(rc);
			return pcfi_error(err, PCF_E_NOMEM, "out of memory");
		}
	}
	*out = rc;
	return PCF_OK;
}

void pcfi_vfy_recomputer_free(pcfi_vfy_recomputer *rc)
{
	size_t i;

	if (!rc)
		return;
	pcfi_workers_free(rc->pool);
	for (i = 0; i < rc->nfound; i++)
		free(rc->found[i].id);
	for (i = 0; i < rc->nlast; i++) {
		free(rc->last[i].id);
		free(rc->last[i].version);
		pcf_params_free(rc->last[i].params);
	}
	pcf_methods_free(rc->methods);
	pcf_factor_lib_free(rc->factors);
	pthread_mutex_destroy(&rc->lock);
	free(rc);
}

/*
 * The installed plugin for id, found once per recomputer: plugins are loaded once for a batch, and
 * pcf_methods_find would resolve and check the file again for every bundle. Failures are not
 * remembered (the next bundle looks again and gets the same message).
 */
static pcf_status find_method(pcfi_vfy_recomputer *rc, const char *id, const pcf_method **m, pcf_error *err)
{
	size_t i;
	pcf_status st;

	for (i = 0; i < rc->nfound; i++)
		if (!strcmp(rc->found[i].id, id)) {
			*m = rc->found[i].m;
			return PCF_OK;
		}
	st = pcf_methods_find(rc->methods, id, m, err);
	if (st == PCF_OK && rc->nfound < FOUND_MAX && (rc->found[rc->nfound].id = strdup(id)) != NULL)
		rc->found[rc->nfound++].m = *m;
	return st;
}

/* The default factor library, loaded on first use (rc->factors stays NULL when it cannot be). */
static void load_factors(pcfi_vfy_recomputer *rc)
{
	if (rc->factors_loaded)
		return;
	rc->factors_loaded = 1;
	if (pcf_factor_lib_new(&rc->factors, &rc->factors_err) != PCF_OK ||
	    pcf_factor_lib_load_default(rc->factors, NULL, &rc->factors_err) != PCF_OK) {
		pcf_factor_lib_free(rc->factors);
		rc->factors = NULL;
	}
}

static last_params *find_last(pcfi_vfy_recomputer *rc, const char *id, const char *version)
{
	size_t i;

	for (i = 0; i < rc->nlast; i++)
		if (!strcmp(rc->last[i].id, id) && !strcmp(rc->last[i].version, version))
			return &rc->last[i];
	return NULL;
}

/* Remember params (taken over) as the last that matched with id and version; freed when out of memory. */
static void remember_params(pcfi_vfy_recomputer *rc, const char *id, const char *version, pcf_params *params)
{
	last_params *l = find_last(rc, id, version);
	char *i2, *v2;

	if (l) {
		pcf_params_free(l->params);
		l->params = params;
		return;
	}
	i2 = strdup(id);
	v2 = strdup(version);
	if (!i2 || !v2) {
		free(i2);
		free(v2);
		pcf_params_free(params);
		return;
	}
	if (rc->nlast < LAST_PARAMS_MAX) {
		l = &rc->last[rc->nlast++];
	} else {
		l = &rc->last[rc->last_next];
		rc->last_next = (rc->last_next + 1) % LAST_PARAMS_MAX;
		free(l->id);
		free(l->version);
		pcf_params_free(l->params);
	}
	l->id = i2;
	l->version = v2;
	l->params = params;
}

/*
 * The fast path, under the lock: recompute with the parameters that last matched under the
 * installed plugin (none before the first match: the plugin's defaults), when its version is the
 * manifest's. Hands back the new result (caller frees) and the plugin, or leaves *out NULL when
 * there is nothing to try.
 *
 * A byte-identical result is a match as the full path (locked_recompute) would find it. The
 * result records the resolved parameters (every declared one, given or default, in the plugin's
 * order, as strings: compute.c, pcfi_params_resolve), and resolving them again gives them back
 * unchanged. Bytes equal to what the plugin writes mean that this result.json records the same id,
 * version and resolved parameters; the full path would read those back and compute the same
 * bytes. When the bytes differ, the full path runs and decides, with its own messages. (Loading
 * the factor library here, before the full path reads result.json, changes no outcome: the full
 * path reports a library that cannot be loaded at the same point as before.)
 */
static int locked_try_last(pcfi_vfy_recomputer *rc, const char *id, const char *version, const unsigned char *inv,
                           size_t inv_len, const unsigned char *inv_sha256, const bundle_factors *bf,
                           const pcf_supplier_resolver *sup,
                           const pcf_method **m, char **json, size_t *jlen, char *why, size_t whylen)
{
	last_params *l = find_last(rc, id, version);
	pcf_error e;

	*json = NULL;
	if (find_method(rc, id, m, NULL) != PCF_OK || !pcfi_recompute_version_ok(pcf_method_version(*m), version))
		return NOT_COMPUTED;
	if (!bf) {
		load_factors(rc);
		if (!rc->factors)
			return NOT_COMPUTED;
	}
	return compute_json(rc, *m, version, inv, inv_len, inv_sha256, bf, l ? l->params : NULL, sup, json, jlen, &e, why,
	                    whylen);
}

/*
 * When the result records a factor from a library that this verifier does not have (the factor's id is
 * unknown here, or known from another library: e.g. a certification body's own library given to
 * 'pcf issue --factors'), write that library's name into lib and return 1: the result cannot be
 * recomputed here, which says nothing about whether it is right. 0 when every recorded library factor
 * is one of this verifier's (or result.json cannot be read: the caller's verdict stands).
 */
static int missing_library(const pcfi_vfy_recomputer *rc, const unsigned char *res, size_t res_len, char *lib,
                           size_t len)
{
	json_t *root = json_loadb((const char *)res, res_len, 0, NULL), *fs, *f;
	size_t i;
	int found = 0;

	fs = root ? json_object_get(root, "factors") : NULL;
	json_array_foreach(fs, i, f) {
		const char *id = json_string_value(json_object_get(f, "id"));
		const char *l = json_string_value(json_object_get(f, "library"));
		const pcf_factor *mine;
		if (!id || !l || !strcmp(l, "inventory"))
			continue;   /* an inline factor (library "inventory"): it travels in the inventory */
		mine = rc->factors ? pcf_factor_lib_find(rc->factors, id) : NULL;
		if (!mine || !mine->library || strcmp(mine->library, l)) {
			snprintf(lib, len, "'%s'", l);
			found = 1;
			break;
		}
	}
	json_decref(root);
	return found;
}

static int locked_recompute(pcfi_vfy_recomputer *rc, const char *id, const char *version,
                            const unsigned char *inv, size_t inv_len, const unsigned char *inv_sha256,
                            const bundle_factors *bf, const unsigned char *res, size_t res_len,
                            const pcf_supplier_resolver *sup, char *note, size_t len)
{
	const pcf_method *m = NULL;
	pcf_error e;
	char *rid = NULL, *rver = NULL, *mine = NULL, lib[256], why[256];
	pcf_params *params = NULL;
	size_t mlen = 0, i, line = 1;
	int rc_out, c;
	pcf_status st;

	pcf_error_clear(&e);
	st = find_method(rc, id, &m, &e);
	if (st == PCF_E_NOTFOUND) {
		snprintf(note, len, "not recomputable: plugin %s %s not installed", id, version);
		return PCFI_RECOMPUTE_UNAVAILABLE;
	}
	if (st != PCF_OK) {
		snprintf(note, len, "not recomputable: plugin %s %s cannot be used: %s", id, version, e.message);
		return PCFI_RECOMPUTE_UNAVAILABLE;
	}
	if (!pcfi_recompute_version_ok(pcf_method_version(m), version)) {
		snprintf(note, len,
		         "not recomputable: plugin %s %s needed (or a later minor version of %s), %s is installed (%s)", id,
		         version, id, pcf_method_version(m), pcf_method_path(m));
		return PCFI_RECOMPUTE_UNAVAILABLE;
	}
	/* The methodology and parameters the result was computed with, as it records them. */
	if (pcf_result_json_method(res, res_len, &rid, &rver, &params, &e) != PCF_OK) {
		snprintf(note, len, "result.json does not say how it was computed: %s", e.message);
		return PCFI_RECOMPUTE_FAILED;
	}
	if (strcmp(rid, id) || strcmp(rver, version)) {
		snprintf(note, len, "result.json was computed with %s %s, the manifest names %s %s", rid, rver, id, version);
		rc_out = PCFI_RECOMPUTE_MISMATCH;
		goto out;
	}
	if (!bf)
		load_factors(rc);
	if (!bf && !rc->factors) {
		snprintf(note, len, "not recomputable: the default emission factor library cannot be loaded: %s",
		         rc->factors_err.message);
		rc_out = PCFI_RECOMPUTE_UNAVAILABLE;
		goto out;
	}
	c = compute_json(rc, m, version, inv, inv_len, inv_sha256, bf, params, sup, &mine, &mlen, &e, why, sizeof why);
	if (c == ABORTED) {
		snprintf(note, len, "methodology plugin %s %s (%s) %s recomputing the bundled inventory", id,
		         pcf_method_version(m), pcf_method_path(m), why);
		rc_out = PCFI_RECOMPUTE_ABORTED;
		goto out;
	}
	st = c == COMPUTED ? PCF_OK : e.status ? e.status : PCF_E_INTERNAL;
	/* With the bundle's own factors nothing the result used can be missing here: a factor not among
	 * them is the bundle's fault, reported below. */
	if (st != PCF_OK && !bf && missing_library(rc, res, res_len, lib, sizeof lib)) {
		snprintf(note, len, "not recomputable: factor library %s not available (the result used it)", lib);
		rc_out = PCFI_RECOMPUTE_UNAVAILABLE;
		goto out;
	}
	if (st == PCF_E_NOTFOUND) {
		/* something else the issuer had and this verifier has not */
		snprintf(note, len, "not recomputable: %s %s needs what this verifier lacks: %s", id, version, e.message);
		rc_out = PCFI_RECOMPUTE_UNAVAILABLE;
		goto out;
	}
	if (st != PCF_OK) {
		char where[PCF_ERROR_MSG_MAX + 600];
		pcf_error_format(&e, where, sizeof where);
		snprintf(note, len, "the bundled inventory does not compute under %s %s: %s", id, version, where);
		rc_out = PCFI_RECOMPUTE_FAILED;
		goto out;
	}
	for (i = 0; i < mlen && i < res_len && mine[i] == (char)res[i]; i++)
		if (res[i] == '\n')
			line++;
	if (i == mlen && i == res_len) {
		snprintf(note, len, "recomputed with %s %s (%s)%s: identical to result.json", id, pcf_method_version(m),
		         pcf_method_path(m), bf ? " and the bundle's factors" : "");
		rc_out = PCFI_RECOMPUTE_MATCH;
		remember_params(rc, id, version, params);
		params = NULL;
	} else if (!bf && missing_library(rc, res, res_len, lib, sizeof lib)) {
		snprintf(note, len, "not recomputable: factor library %s not available (the result used it)", lib);
		rc_out = PCFI_RECOMPUTE_UNAVAILABLE;
	} else {
		snprintf(note, len, "recomputed with %s %s, the result differs from result.json from byte %zu (line %zu) on",
		         id, pcf_method_version(m), i, line);
		rc_out = PCFI_RECOMPUTE_MISMATCH;
	}
out:
	free(mine);
	pcf_params_free(params);
	free(rid);
	free(rver);
	return rc_out;
}

/* Do two records of a factor say the same (every field a factor file gives; numbers bit for bit)? */
static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* The shortest text that reads back as v (as the JSON writer prints numbers). */
static const char *num(double v, char buf[32])
{
	int p;

	for (p = 1; p < 17; p++) {
		snprintf(buf, 32, "%.*g", p, v);
		if (strtod(buf, NULL) == v)
			return buf;
	}
	snprintf(buf, 32, "%.17g", v);
	return buf;
}

static int same_factor(const pcf_factor *a, const pcf_factor *b)
{
	size_t i;

	if (a->n_gases != b->n_gases || a->year != b->year || !same_str(a->unit, b->unit) ||
	    !same_str(a->gwp_set, b->gwp_set) || !same_str(a->region, b->region) || !same_str(a->name, b->name) ||
	    !same_str(a->source, b->source) || !same_str(a->url, b->url) || !same_str(a->licence, b->licence) ||
	    !same_str(a->notes, b->notes))
		return 0;
	for (i = 0; i < a->n_gases; i++)
		if (strcmp(a->gases[i].gas, b->gases[i].gas) || memcmp(&a->gases[i].amount, &b->gases[i].amount, sizeof(double)))
			return 0;
	return 1;
}

/*
 * For information: the embedded factors that differ from the verifier's installed library's factor of
 * the same id and library (a library's name carries its version, when it has one: "pcfkit-default/
 * electricity"). A factor the installed library lacks, or has from another library, is not compared.
 * Called with rc->lock held; writes "" when none differs or the installed library cannot be loaded.
 */
static void locked_factor_notes(pcfi_vfy_recomputer *rc, const pcf_factor_lib *bundle, char *out, size_t len)
{
	size_t i, n = pcf_factor_lib_count(bundle), ndiff = 0, o = 0;

	out[0] = 0;
	load_factors(rc);
	if (!rc->factors)
		return;
	for (i = 0; i < n; i++) {
		const pcf_factor *f = pcf_factor_lib_at(bundle, i);
		const pcf_factor *mine = pcf_factor_lib_find(rc->factors, f->id);
		char n1[32], n2[32];
		int w;
		if (!mine || !f->library || !mine->library || strcmp(f->library, mine->library) || same_factor(f, mine))
			continue;
		if (o < len) {
			if (f->n_gases == 1 && mine->n_gases == 1 && !strcmp(f->gases[0].gas, mine->gases[0].gas))
				w = snprintf(out + o, len - o, "%sfactor '%s' of %s is %s kg %s/%s in the bundle, %s kg %s/%s here",
				             ndiff ? "; " : "", f->id, f->library, num(f->gases[0].amount, n1), f->gases[0].gas,
				             f->unit, num(mine->gases[0].amount, n2), mine->gases[0].gas, mine->unit);
			else
				w = snprintf(out + o, len - o, "%sfactor '%s' of %s differs from the one installed here",
				             ndiff ? "; " : "", f->id, f->library);
			o += w > 0 ? (size_t)w : 0;
		}
		ndiff++;
	}
	if (ndiff && o < len)
		snprintf(out + o, len - o, " (the bundle's %s was used)", ndiff == 1 ? "factor" : "factors");
}

int pcfi_vfy_recompute(const pcfi_vfy_recomputer *crc, const char *method_id, const char *method_version,
                       const unsigned char *inventory, size_t inventory_len, const unsigned char *inventory_sha256,
                       const unsigned char *factors, size_t factors_len, const unsigned char *result,
                       size_t result_len, const pcf_supplier_resolver *sup, char *note, size_t len, char *fnote,
                       size_t fnlen)
{
	/* The verifier is logically const; the registry and the factor cache are guarded by the lock. */
	pcfi_vfy_recomputer *rc = (pcfi_vfy_recomputer *)crc;
	const pcf_method *m = NULL;
	char *json = NULL, why[256];
	size_t jlen = 0;
	bundle_factors bfs = { factors, factors_len, NULL }, *bf = NULL;
	int r;

	if (fnlen)
		fnote[0] = 0;
	if (!rc) {
		snprintf(note, len, "not recomputed: no plugin registry");
		return PCFI_RECOMPUTE_UNAVAILABLE;
	}
	if (factors) {
		pcf_error e;
		char where[PCF_ERROR_MSG_MAX + 600];
		pcf_error_clear(&e);
		if (pcfi_vfy_bundle_factors(factors, factors_len, &bfs.lib, &e) != PCF_OK) {
			pcf_error_format(&e, where, sizeof where);
			snprintf(note, len, "the bundled %s is not a factor library: %s", PCF_BUNDLE_FACTORS, where);
			return PCFI_RECOMPUTE_FAILED;
		}
		bf = &bfs;
	}
	/* The fast path: only the plugin's computation needs the lock, not comparing the JSON. */
	pthread_mutex_lock(&rc->lock);
	r = locked_try_last(rc, method_id, method_version, inventory, inventory_len, inventory_sha256, bf, sup, &m, &json,
	                    &jlen, why, sizeof why);
	if (bf && fnlen)
		locked_factor_notes(rc, bf->lib, fnote, fnlen);
	pthread_mutex_unlock(&rc->lock);
	if (r == ABORTED) {
		/* Not again on the full path: the same inventory would crash or hang the plugin again. */
		snprintf(note, len, "methodology plugin %s %s (%s) %s recomputing the bundled inventory", method_id,
		         pcf_method_version(m), pcf_method_path(m), why);
		r = PCFI_RECOMPUTE_ABORTED;
		goto out;
	}
	if (r == COMPUTED) {
		int same = jlen == result_len && !memcmp(json, result, jlen);
		free(json);
		if (same) {
			snprintf(note, len, "recomputed with %s %s (%s)%s: identical to result.json", method_id,
			         pcf_method_version(m), pcf_method_path(m), bf ? " and the bundle's factors" : "");
			r = PCFI_RECOMPUTE_MATCH;
			goto out;
		}
	}
	pthread_mutex_lock(&rc->lock);
	r = locked_recompute(rc, method_id, method_version, inventory, inventory_len, inventory_sha256, bf, result,
	                     result_len, sup, note, len);
	pthread_mutex_unlock(&rc->lock);
out:
	pcf_factor_lib_free(bfs.lib);
	return r;
}

const pcf_factor_lib *pcfi_vfy_recomputer_factors(const pcfi_vfy_recomputer *crc)
{
	pcfi_vfy_recomputer *rc = (pcfi_vfy_recomputer *)crc; /* the factor cache is guarded by the lock */
	const pcf_factor_lib *f;

	if (!rc)
		return NULL;
	pthread_mutex_lock(&rc->lock);
	load_factors(rc);
	f = rc->factors;
	pthread_mutex_unlock(&rc->lock);
	return f;
}
