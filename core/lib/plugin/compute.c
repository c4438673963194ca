/*
 * compute.c - running a methodology plugin: parameters, the call context, compute (from a model or
 * from bytes), exports, and reading a result's methodology back for recomputation.
 */
#include "config.h"

#include <math.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "base/jsonw.h"
#include "plugin/plugin_impl.h"

/* ---- parameters ---- */

pcf_status pcf_params_new(pcf_params **out, pcf_error *err)
{
	if (!out)
		return pcfi_error(err, PCF_E_ARG, "pcf_params_new: out is NULL");
	*out = calloc(1, sizeof **out);
	return *out ? PCF_OK : pcfi_error(err, PCF_E_NOMEM, "out of memory");
}

void pcf_params_free(pcf_params *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n; i++) {
		free(p->names[i]);
		free(p->values[i]);
	}
	free(p->names);
	free(p->values);
	free(p);
}

pcf_status pcf_params_set(pcf_params *p, const char *name, const char *value, pcf_error *err)
{
	size_t i;
	char **nn, **nv;

	if (!p || !name || !value)
		return pcfi_error(err, PCF_E_ARG, "pcf_params_set: NULL argument");
	if (!pcfi_valid_id(name))
		return pcfi_error(err, PCF_E_ARG, "invalid parameter name '%s' (expected [a-z0-9][a-z0-9-]*)", name);
	for (i = 0; i < p->n; i++)
		if (!strcmp(p->names[i], name))
			return pcfi_error(err, PCF_E_ARG, "parameter '%s' given twice", name);
	nn = realloc(p->names, (p->n + 1) * sizeof *nn);
	if (nn)
		p->names = nn;
	nv = realloc(p->values, (p->n + 1) * sizeof *nv);
	if (nv)
		p->values = nv;
	if (!nn || !nv)
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	p->names[p->n] = strdup(name);
	p->values[p->n] = strdup(value);
	if (!p->names[p->n] || !p->values[p->n]) {
		free(p->names[p->n]);
		free(p->values[p->n]);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	p->n++;
	return PCF_OK;
}

pcf_status pcf_params_parse(pcf_params *p, const char *kv, pcf_error *err)
{
	const char *eq = kv ? strchr(kv, '=') : NULL;
	char name[80];

	if (!eq || eq == kv)
		return pcfi_error(err, PCF_E_ARG, "parameter '%s' is not NAME=VALUE", kv ? kv : "");
	if ((size_t)(eq - kv) >= sizeof name)
		return pcfi_error(err, PCF_E_ARG, "parameter name in '%.80s...' is too long", kv);
	memcpy(name, kv, (size_t)(eq - kv));
	name[eq - kv] = '\0';
	return pcf_params_set(p, name, eq + 1, err);
}

size_t pcf_params_count(const pcf_params *p)
{
	return p ? p->n : 0;
}

pcf_status pcf_params_get(const pcf_params *p, size_t i, const char **name, const char **value)
{
	if (!p || i >= p->n)
		return PCF_E_NOTFOUND;
	if (name)
		*name = p->names[i];
	if (value)
		*value = p->values[i];
	return PCF_OK;
}

void pcf_params_set_log(pcf_params *p, pcf_log_fn fn, void *data)
{
	p->log = fn;
	p->log_data = data;
}

void pcf_params_set_suppliers(pcf_params *p, pcf_supplier_resolve_fn fn, void *arg)
{
	p->suppliers.resolve = fn;
	p->suppliers.arg = arg;
}

pcf_status pcfi_params_resolve(const pcf_method *m, const pcf_params *given, pcf_params **out, pcf_error *err)
{
	pcf_params *r;
	size_t i, j;
	pcf_status st;

	*out = NULL;
	for (i = 0; given && i < given->n; i++) {
		for (j = 0; j < m->nparams; j++)
			if (!strcmp(m->params[j].name, given->names[i]))
				break;
		if (j == m->nparams) {
			char list[512] = "";
			size_t used = 0;
			for (j = 0; j < m->nparams && used < sizeof list; j++)
				used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", j ? ", " : "", m->params[j].name);
			return pcfi_error(err, PCF_E_ARG, "methodology '%s' has no parameter '%s' (%s%s)", m->desc.id,
			                  given->names[i], m->nparams ? "it accepts: " : "it accepts none", list);
		}
	}
	if ((st = pcf_params_new(&r, err)) != PCF_OK)
		return st;
	if (given) {
		r->log = given->log;
		r->log_data = given->log_data;
		r->suppliers = given->suppliers;
	}
	/* In the plugin's declaration order, so the result lists them the same way every time. */
	for (j = 0; j < m->nparams; j++) {
		const char *v = m->params[j].default_value;
		for (i = 0; given && i < given->n; i++)
			if (!strcmp(given->names[i], m->params[j].name))
				v = given->values[i];
		if (v && (st = pcf_params_set(r, m->params[j].name, v, err)) != PCF_OK) {
			pcf_params_free(r);
			return st;
		}
	}
	*out = r;
	return PCF_OK;
}

void pcfi_ctx_cleanup(pcf_ctx *ctx)
{
	pcf_params_free(ctx->params);
	ctx->params = NULL;
	pcf_lci_free(ctx->lci);
	ctx->lci = NULL;
}

/* The plugin failed: hand its reason to the caller, naming the methodology. */
static pcf_status plugin_failed(const pcf_method *m, pcf_ctx *ctx, pcf_status st, pcf_error *err)
{
	pcf_error e;
	char label[PCF_ERROR_FILE_MAX + 80];

	if (st < PCF_OK || st > PCF_E_INTERRUPTED)
		st = PCF_E_PLUGIN;
	if (ctx->err_set)
		e = ctx->err;
	else if (ctx->svc_err_set)
		e = ctx->svc_err;
	else {
		/* A plugin that fails without saying why misbehaves: that is the plugin's fault. */
		pcfi_error(&e, PCF_E_PLUGIN, "%s failed with status %d (%s) and gave no reason (call host->error)",
		           pcfi_method_label(m, label, sizeof label), (int)st, pcf_status_str(st));
		st = PCF_E_PLUGIN;
	}
	if (err) {
		*err = e;
		err->status = st == PCF_OK ? PCF_E_PLUGIN : st;
		size_t idl = strlen(m->desc.id);
		/* "ID: message", truncated to fit */
		if (idl + 2 < sizeof err->message) {
			memcpy(err->message, m->desc.id, idl);
			memcpy(err->message + idl, ": ", 2);
			size_t room = sizeof err->message - idl - 3, ml = strlen(e.message);
			if (ml > room)
				ml = room;
			memcpy(err->message + idl + 2, e.message, ml);
			err->message[idl + 2 + ml] = '\0';
		}
	}
	return st == PCF_OK ? PCF_E_PLUGIN : st;
}

static pcf_status compute_ctx(const pcf_method *m, const char *as_version, const pcf_inventory *inv,
                              const pcf_params *params, const pcf_factor_lib *factors, const unsigned char *sha256,
                              pcf_result **out, pcf_error *err)
{
	pcf_ctx ctx;
	pcf_result *r;
	pcf_status st;
	const pcf_product *prod;
	const pcf_inventory_info *info;
	char label[PCF_ERROR_FILE_MAX + 80];
	size_t i;

	if (!m || !inv || !out)
		return pcfi_error(err, PCF_E_ARG, "pcf_compute: NULL argument");
	*out = NULL;
	prod = pcf_inventory_product(inv);
	info = pcf_inventory_get_info(inv);
	if (!prod || !info)
		return pcfi_error(err, PCF_E_ARG, "pcf_compute: the inventory has no product");
	memset(&ctx, 0, sizeof ctx);
	ctx.method = m;
	ctx.inv = inv;
	ctx.given = params;
	ctx.factors = factors;
	ctx.sha256 = sha256;
	if ((st = pcfi_params_resolve(m, params, &ctx.params, err)) != PCF_OK)
		return st;
	if (!(r = pcfi_result_new())) {
		pcfi_ctx_cleanup(&ctx);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	ctx.result = r;
	st = pcfi_result_set_method(r, m->desc.id, as_version ? as_version : m->desc.version, m->desc.standard);
	if (st == PCF_OK)
		st = pcfi_result_set_product(r, prod->id, prod->name, prod->declared_unit.amount, prod->declared_unit.unit,
		                             pcf_boundary_name(info->boundary));
	for (i = 0; st == PCF_OK && i < ctx.params->n; i++)
		st = pcfi_result_add_param(r, ctx.params->names[i], ctx.params->values[i]);
	if (st == PCF_OK && sha256)
		st = pcfi_result_set_sha256(r, sha256);
	if (st != PCF_OK) {
		st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
		goto fail;
	}

	st = m->desc.compute(&pcfi_host, &ctx);
	if (st != PCF_OK || ctx.err_set) {
		st = plugin_failed(m, &ctx, st, err);
		goto fail;
	}
	/* The supplier certificates it used (result.json "suppliers"), in inventory order. */
	for (i = 0; st == PCF_OK && i < pcf_inventory_supplier_count(inv); i++) {
		const pcf_input *in = pcf_inventory_supplier_input(inv, i);
		const pcf_supplier *sp = in->supplier;
		size_t pi, fi, ii = 0, pidx = (size_t)-1;
		pcfi_supplier_rec rec;
		if (!sp)
			continue; /* not read: computing fails with the reason */
		memset(&rec, 0, sizeof rec);
		for (pi = 0; pi < pcf_inventory_process_count(inv); pi++) {
			const pcf_process *pp = pcf_inventory_process(inv, pi);
			if (in >= pp->inputs && in < pp->inputs + pp->n_inputs) {
				rec.process = (char *)pp->id;
				pidx = pi;
				ii = (size_t)(in - pp->inputs);
			}
		}
		/* its flows in the last life-cycle inventory the plugin built: what it adds per declared unit */
		rec.contribution = ctx.lci ? 0 : NAN;
		for (fi = 0; ctx.lci && fi < pcf_lci_count(ctx.lci); fi++) {
			const pcf_lci_flow *f = pcf_lci_flow_at(ctx.lci, fi);
			if (f->origin == PCF_ORIGIN_SUPPLIER && f->process == pidx && f->index == ii)
				rec.contribution += f->amount_kg;
		}
		rec.ref = (char *)in->supplier_ref;
		rec.sha256 = (char *)sp->sha256;
		rec.certificate_id = (char *)sp->certificate_id;
		rec.body = (char *)sp->body_name;
		rec.body_org = (char *)sp->body_org;
		rec.method_id = (char *)sp->methodology_id;
		rec.method_version = (char *)sp->methodology_version;
		rec.units = in->converted;
		rec.total = sp->total;
		rec.verified = !!(sp->flags & PCF_SUPPLIER_VERIFIED);
		rec.unverified = !!(sp->flags & PCF_SUPPLIER_UNVERIFIED);
		st = pcfi_result_add_supplier(r, &rec);
	}
	if (st != PCF_OK) {
		st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
		goto fail;
	}
	if ((st = pcfi_result_finish(r, pcfi_method_label(m, label, sizeof label), err)) != PCF_OK)
		goto fail;
	pcfi_ctx_cleanup(&ctx);
	*out = r;
	return PCF_OK;
fail:
	pcfi_ctx_cleanup(&ctx);
	pcf_result_free(r);
	return st;
}

pcf_status pcf_compute(const pcf_method *m, const pcf_inventory *inv, const pcf_params *params, pcf_result **out,
                       pcf_error *err)
{
	return compute_ctx(m, NULL, inv, params, NULL, NULL, out, err);
}

pcf_status pcf_compute_bytes(const pcf_method *m, const char *name, const void *bytes, size_t len,
                             const pcf_factor_lib *factors, const pcf_params *params, pcf_result **out,
                             pcf_inventory **inventory_out, pcf_diag *diag, pcf_error *err)
{
	return pcfi_compute_bytes_digest(m, NULL, name, bytes, len, NULL, factors, params, out, inventory_out, diag, err);
}

pcf_status pcfi_compute_bytes_digest(const pcf_method *m, const char *as_version, const char *name, const void *bytes,
                                     size_t len, const unsigned char *sha256, const pcf_factor_lib *factors,
                                     const pcf_params *params, pcf_result **out, pcf_inventory **inventory_out,
                                     pcf_diag *diag, pcf_error *err)
{
	pcf_inventory *inv = NULL;
	unsigned char digest[32];
	unsigned int dl = 0;
	pcf_status st;

	if (inventory_out)
		*inventory_out = NULL;
	if (!m || !bytes || !out)
		return pcfi_error(err, PCF_E_ARG, "pcf_compute_bytes: NULL argument");
	*out = NULL;
	if (sha256)
		memcpy(digest, sha256, sizeof digest);
	else if (!EVP_Digest(bytes, len, digest, &dl, EVP_sha256(), NULL) || dl != 32)
		return pcfi_error(err, PCF_E_CRYPTO, "SHA-256 of the inventory failed");
	st = pcf_inventory_parse_ex(name ? name : "inventory", bytes, len, factors, NULL,
	                            params && params->suppliers.resolve ? &params->suppliers : NULL, &inv, diag, err);
	if (st != PCF_OK)
		return st;
	st = compute_ctx(m, as_version, inv, params, factors, digest, out, err);
	if (inventory_out)
		*inventory_out = inv;
	else
		pcf_inventory_free(inv);
	return st;
}

/* The three numbers of "MAJOR.MINOR.PATCH" (digits only, nothing after); 0 when v has another form. */
static int semver(const char *v, unsigned long n[3])
{
	int i;

	for (i = 0; i < 3; i++) {
		char *end;
		if (!v || *v < '0' || *v > '9')
			return 0;
		n[i] = strtoul(v, &end, 10);
		if (*end != (i < 2 ? '.' : '\0'))
			return 0;
		v = end + 1;
	}
	return 1;
}

/*
 * The one recompute version policy (docs/trust-model.md, "Recomputation"; used by pcf_recompute and
 * the verifier): the installed version recomputes a result recorded with version `recorded` when both
 * are MAJOR.MINOR.PATCH with the same major and the installed one is not older (minor, then patch);
 * any other pair of versions only when they are the same string. The computation then records the
 * result's version, and its bytes must equal the recorded result's (a plugin promises that its later
 * minor and patch releases compute what its earlier ones of the same major computed; plugin-guide.md).
 */
int pcfi_recompute_version_ok(const char *installed, const char *recorded)
{
	unsigned long a[3], b[3];

	if (!installed || !recorded)
		return 0;
	if (!strcmp(installed, recorded))
		return 1;
	if (!semver(installed, a) || !semver(recorded, b) || a[0] != b[0])
		return 0;
	return a[1] > b[1] || (a[1] == b[1] && a[2] >= b[2]);
}

pcf_status pcf_recompute(pcf_methods *ms, const char *name, const void *inventory, size_t inventory_len,
                         const void *result_json, size_t result_len, const pcf_factor_lib *factors, pcf_error *err)
{
	char *id = NULL, *version = NULL, *json = NULL;
	pcf_params *params = NULL;
	const pcf_method *m;
	pcf_result *r = NULL;
	size_t len = 0, i, line = 1;
	pcf_status st;

	if (!ms || !inventory || !result_json)
		return pcfi_error(err, PCF_E_ARG, "pcf_recompute: NULL argument");
	if ((st = pcf_result_json_method(result_json, result_len, &id, &version, &params, err)) != PCF_OK)
		return st;
	if ((st = pcf_methods_find(ms, id, &m, err)) != PCF_OK)
		goto out;
	if (!pcfi_recompute_version_ok(pcf_method_version(m), version)) {
		st = pcfi_error(err, PCF_E_VERIFY,
		                "the result was computed with methodology %s %s, but the installed plugin is version %s (%s), "
		                "which cannot recompute it (it needs the same major version and the same or a later minor)",
		                id, version, pcf_method_version(m), pcf_method_path(m));
		goto out;
	}
	if ((st = pcfi_compute_bytes_digest(m, version, name, inventory, inventory_len, NULL, factors, params, &r, NULL,
	                                    NULL, err)) != PCF_OK)
		goto out;
	if ((st = pcf_result_json(r, &json, &len, err)) != PCF_OK)
		goto out;
	if (len != result_len || memcmp(json, result_json, len)) {
		const char *a = json, *b = result_json;
		char tb[32] = "?";
		json_t *root = json_loadb(result_json, result_len, JSON_DECODE_INT_AS_REAL, NULL);
		json_t *t = root ? json_object_get(json_object_get(root, "footprint"), "total") : NULL;
		for (i = 0; i < len && i < result_len && a[i] == b[i]; i++)
			if (a[i] == '\n')
				line++;
		if (json_is_number(t))
			pcfi_format_double(json_number_value(t), tb, sizeof tb);
		json_decref(root);
		{
			char ta[32];
			pcfi_format_double(pcf_result_total(r), ta, sizeof ta);
			st = pcfi_error(err, PCF_E_VERIFY,
			                "recomputing with %s %s gives another result: total %s %s instead of %s (first difference "
			                "at line %zu of the result)",
			                id, version, ta, pcf_result_unit(r), tb, line);
		}
	}
out:
	free(json);
	pcf_result_free(r);
	pcf_params_free(params);
	free(id);
	free(version);
	return st;
}

/* ---- exports ---- */

pcf_status pcf_export(const pcf_method *m, const char *format, const pcf_inventory *inv, const pcf_result *result,
                      const pcf_params *params, char **out, size_t *len, pcf_error *err)
{
	pcf_ctx ctx;
	pcf_status st;
	void *bytes = NULL;
	size_t n = 0;

	if (!m || !format || !inv || !result || !out || !len)
		return pcfi_error(err, PCF_E_ARG, "pcf_export: NULL argument");
	*out = NULL;
	*len = 0;
	if (!pcf_method_has_format(m, format))
		return pcfi_error(err, PCF_E_NOTFOUND, "methodology '%s' offers no export format '%s'%s", m->desc.id, format,
		                  m->nformats ? " ('pcf methods show' lists its formats)" : " (it offers none)");
	if (strcmp(pcf_result_method_id(result), m->desc.id))
		return pcfi_error(err, PCF_E_ARG, "the result was computed by '%s', not '%s'", pcf_result_method_id(result),
		                  m->desc.id);
	memset(&ctx, 0, sizeof ctx);
	ctx.method = m;
	ctx.inv = inv;
	ctx.given = params;
	ctx.result = (pcf_result *)result;   /* read only: exporting closes the builder */
	ctx.exporting = 1;
	if ((st = pcfi_params_resolve(m, params, &ctx.params, err)) != PCF_OK)
		return st;
	st = m->desc.export_format(&pcfi_host, &ctx, format, &bytes, &n);
	if (st != PCF_OK || ctx.err_set) {
		free(bytes);
		st = plugin_failed(m, &ctx, st, err);
		pcfi_ctx_cleanup(&ctx);
		return st;
	}
	pcfi_ctx_cleanup(&ctx);
	if (!bytes) {
		char label[PCF_ERROR_FILE_MAX + 80];
		return pcfi_error(err, PCF_E_PLUGIN, "%s returned no bytes for format '%s'", pcfi_method_label(m, label, sizeof label),
		                  format);
	}
	*out = bytes;
	*len = n;
	return PCF_OK;
}

/* ---- reading a result's methodology back ---- */

pcf_status pcf_result_json_method(const void *json, size_t len, char **id, char **version, pcf_params **params,
                                  pcf_error *err)
{
	json_t *root, *meth, *jid, *jver, *jpar, *v;
	json_error_t je;
	const char *k;
	pcf_params *p = NULL;
	pcf_status st = PCF_OK;

	if (id)
		*id = NULL;
	if (version)
		*version = NULL;
	if (params)
		*params = NULL;
	if (!json)
		return pcfi_error(err, PCF_E_ARG, "pcf_result_json_method: NULL argument");
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL, &je);
	if (!root)
		return pcfi_error_at(err, PCF_E_SYNTAX, "result.json", (unsigned long)je.line, (unsigned long)je.column, NULL,
		                     "%s", je.text);
	v = json_object_get(root, "kind");
	meth = json_object_get(root, "methodology");
	jid = meth ? json_object_get(meth, "id") : NULL;
	jver = meth ? json_object_get(meth, "version") : NULL;
	jpar = meth ? json_object_get(meth, "parameters") : NULL;
	if (!json_is_string(v) || strcmp(json_string_value(v), "pcfkit-result")) {
		st = pcfi_error_at(err, PCF_E_INVALID, "result.json", 0, 0, "kind", "expected \"pcfkit-result\"");
		goto out;
	}
	if (!json_is_string(jid) || !json_is_string(jver) || !json_is_object(jpar)) {
		st = pcfi_error_at(err, PCF_E_INVALID, "result.json", 0, 0, "methodology",
		                   "expected an object with id, version (strings) and parameters (an object)");
		goto out;
	}
	if ((st = pcf_params_new(&p, err)) != PCF_OK)
		goto out;
	json_object_foreach(jpar, k, v) {
		if (!json_is_string(v)) {
			st = pcfi_error_at(err, PCF_E_INVALID, "result.json", 0, 0, "methodology.parameters",
			                   "parameter '%s' is not a string", k);
			goto out;
		}
		if ((st = pcf_params_set(p, k, json_string_value(v), err)) != PCF_OK)
			goto out;
	}
	if ((id && !(*id = strdup(json_string_value(jid)))) || (version && !(*version = strdup(json_string_value(jver))))) {
		st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
		goto out;
	}
	if (params) {
		*params = p;
		p = NULL;
	}
out:
	if (st != PCF_OK) {
		if (id) {
			free(*id);
			*id = NULL;
		}
		if (version) {
			free(*version);
			*version = NULL;
		}
	}
	pcf_params_free(p);
	json_decref(root);
	return st;
}
