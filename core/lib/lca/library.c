/*
 * library.c - open a pcfkit process library: map the file, check every offset, index and string
 * before anything reads it (a library is input: it may be damaged or hostile), hash it, and
 * serve its records (see pcf/library.h and lca/libfmt.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include <pcf/library.h>

#include "base/error_impl.h"
#include "base/strmap.h"
#include "lca/libfmt.h"

struct pcf_library {
	char *path;
	const unsigned char *map;
	size_t len;
	pcfi_lib_header h;
	const pcfi_lib_flow_rec *flows;
	const pcfi_lib_proc_rec *procs;
	const pcfi_lib_exch_rec *exch;
	const pcfi_lib_alloc_rec *alloc;
	const uint32_t *prov;
	const char *str;
	unsigned char digest[32];
	char hex[65];
	pcfi_strmap pid, fid;  /* @id -> index */
};

static int sec_ok(const pcfi_lib_header *h_unused, size_t len, uint64_t off, uint64_t n, size_t size)
{
	(void)h_unused;
	return off % 8 == 0 && off <= len && n <= (len - off) / (size ? size : 1);
}

static int str_ok(const struct pcf_library *l, uint32_t s)
{
	return s < l->h.len_str;
}

static pcf_status check(struct pcf_library *l, pcf_error *err)
{
	const pcfi_lib_header *h = &l->h;
	uint64_t i, k;
	const char *p = l->path;

	if (!sec_ok(h, l->len, h->off_flow, h->n_flow, sizeof *l->flows) ||
	    !sec_ok(h, l->len, h->off_proc, h->n_proc, sizeof *l->procs) ||
	    !sec_ok(h, l->len, h->off_exch, h->n_exch, sizeof *l->exch) ||
	    !sec_ok(h, l->len, h->off_alloc, h->n_alloc, sizeof *l->alloc) ||
	    !sec_ok(h, l->len, h->off_prov, h->n_prov, sizeof *l->prov) || !sec_ok(h, l->len, h->off_str, h->len_str, 1) ||
	    h->len_str == 0)
		return pcfi_error(err, PCF_E_INVALID, "%s: damaged library: a section lies outside the file", p);
	l->flows = (const void *)(l->map + h->off_flow);
	l->procs = (const void *)(l->map + h->off_proc);
	l->exch = (const void *)(l->map + h->off_exch);
	l->alloc = (const void *)(l->map + h->off_alloc);
	l->prov = (const void *)(l->map + h->off_prov);
	l->str = (const char *)(l->map + h->off_str);
	if (l->str[h->len_str - 1] != '\0' || l->str[0] != '\0')
		return pcfi_error(err, PCF_E_INVALID, "%s: damaged library: the string table is not terminated", p);
	for (i = 0; i < h->n_flow; i++) {
		const pcfi_lib_flow_rec *f = &l->flows[i];
		if (!str_ok(l, f->id) || !str_ok(l, f->name) || !str_ok(l, f->category) || !str_ok(l, f->cas) ||
		    !str_ok(l, f->unit) || !str_ok(l, f->property) || f->type < 1 || f->type > 3 ||
		    f->first_provider > h->n_prov || f->n_providers > h->n_prov - f->first_provider)
			return pcfi_error(err, PCF_E_INVALID, "%s: damaged library: flow record %llu is out of range", p,
			                  (unsigned long long)i);
		if (i && strcmp(l->str + l->flows[i - 1].id, l->str + f->id) >= 0)
			return pcfi_error(err, PCF_E_INVALID, "%s: damaged library: flows are not sorted by @id", p);
	}
	for (i = 0; i < h->n_prov; i++)
		if (l->prov[i] >= h->n_proc)
			return pcfi_error(err, PCF_E_INVALID, "%s: damaged library: provider %llu is out of range", p,
			                  (unsigned long long)i);
	for (i = 0; i < h->n_proc; i++) {
		const pcfi_lib_proc_rec *r = &l->procs[i];
		if (!str_ok(l, r->id) || !str_ok(l, r->name) || !str_ok(l, r->location) || !str_ok(l, r->category) ||
		    !str_ok(l, r->source) || r->first_exchange > h->n_exch || r->n_exchanges > h->n_exch - r->first_exchange ||
		    r->reference < r->first_exchange || r->reference - r->first_exchange >= r->n_exchanges ||
		    r->first_alloc > h->n_alloc || r->n_alloc > h->n_alloc - r->first_alloc)
			return pcfi_error(err, PCF_E_INVALID, "%s: damaged library: process record %llu is out of range", p,
			                  (unsigned long long)i);
		if (i && strcmp(l->str + l->procs[i - 1].id, l->str + r->id) >= 0)
			return pcfi_error(err, PCF_E_INVALID, "%s: damaged library: processes are not sorted by @id", p);
		for (k = r->first_exchange; k < (uint64_t)r->first_exchange + r->n_exchanges; k++) {
			const pcfi_lib_exch_rec *e = &l->exch[k];
			if (!str_ok(l, e->id) || !str_ok(l, e->unit_written) || !str_ok(l, e->formula) || !str_ok(l, e->pedigree) ||
			    !str_ok(l, e->note) || (e->flow >= h->n_flow && e->flow != PCF_LIB_NONE) || e->dist > 4 ||
			    (e->provider >= 0 && (uint32_t)e->provider >= h->n_proc) || e->provider < -2 ||
			    (e->flow == PCF_LIB_NONE && !(e->flags & PCF_LIB_EX_UNCONVERTED)))
				return pcfi_error(err, PCF_E_INVALID, "%s: damaged library: exchange record %llu is out of range", p,
				                  (unsigned long long)k);
		}
		if (l->exch[r->reference].flow == PCF_LIB_NONE)
			return pcfi_error(err, PCF_E_INVALID, "%s: damaged library: process %llu has no reference flow", p,
			                  (unsigned long long)i);
		for (k = r->first_alloc; k < (uint64_t)r->first_alloc + r->n_alloc; k++) {
			const pcfi_lib_alloc_rec *a = &l->alloc[k];
			if (a->type < 1 || a->type > 3 || (a->product >= h->n_flow && a->product != PCF_LIB_NONE) ||
			    (a->exchange_flow >= h->n_flow && a->exchange_flow != PCF_LIB_NONE) ||
			    (a->exchange != PCF_LIB_NONE &&
			     (a->exchange < r->first_exchange || a->exchange - r->first_exchange >= r->n_exchanges)))
				return pcfi_error(err, PCF_E_INVALID, "%s: damaged library: allocation record %llu is out of range", p,
				                  (unsigned long long)k);
		}
	}
	return PCF_OK;
}

pcf_status pcf_library_open(const char *path, pcf_library **out, pcf_error *err)
{
	struct pcf_library *l;
	struct stat sb;
	int fd;
	pcf_status st;
	unsigned int mdlen = 0;
	size_t i;

	if (!out || !path)
		return pcfi_error(err, PCF_E_ARG, "pcf_library_open needs a path and an output");
	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return pcfi_error(err, PCF_E_IO, "%s: %s", path, strerror(errno));
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		close(fd);
		return pcfi_error(err, PCF_E_IO, "%s: not a regular file", path);
	}
	if ((size_t)sb.st_size < sizeof(pcfi_lib_header)) {
		close(fd);
		return pcfi_error(err, PCF_E_INVALID, "%s: not a pcfkit process library (too short)", path);
	}
	l = calloc(1, sizeof *l);
	if (!l || !(l->path = strdup(path))) {
		free(l);
		close(fd);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory opening '%s'", path);
	}
	l->len = (size_t)sb.st_size;
	l->map = mmap(NULL, l->len, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (l->map == MAP_FAILED) {
		l->map = NULL;
		st = pcfi_error(err, PCF_E_IO, "%s: cannot map: %s", path, strerror(errno));
		goto fail;
	}
	memcpy(&l->h, l->map, sizeof l->h);
	if (memcmp(l->h.magic, PCFI_LIB_MAGIC, 8)) {
		st = pcfi_error(err, PCF_E_INVALID, "%s: not a pcfkit process library (make one with 'pcf import')", path);
		goto fail;
	}
	if (l->h.version != PCFI_LIB_VERSION) {
		st = pcfi_error(err, PCF_E_UNSUPPORTED, "%s: library format version %u; this pcf reads version %u", path,
		                l->h.version, PCFI_LIB_VERSION);
		goto fail;
	}
	if ((st = check(l, err)))
		goto fail;
	if (!EVP_Digest(l->map, l->len, l->digest, &mdlen, EVP_sha256(), NULL) || mdlen != 32) {
		st = pcfi_error(err, PCF_E_CRYPTO, "%s: SHA-256 failed", path);
		goto fail;
	}
	for (i = 0; i < 32; i++)
		sprintf(l->hex + 2 * i, "%02x", l->digest[i]);
	if (pcfi_strmap_init(&l->pid, l->h.n_proc + 1) || pcfi_strmap_init(&l->fid, l->h.n_flow + 1)) {
		st = pcfi_error(err, PCF_E_NOMEM, "out of memory opening '%s'", path);
		goto fail;
	}
	for (i = 0; i < l->h.n_proc; i++)
		if (pcfi_strmap_put(&l->pid, l->str + l->procs[i].id, i))
			break;
	for (i = 0; i < l->h.n_flow; i++)
		if (pcfi_strmap_put(&l->fid, l->str + l->flows[i].id, i))
			break;
	if (l->pid.count != l->h.n_proc || l->fid.count != l->h.n_flow) {
		st = pcfi_error(err, PCF_E_NOMEM, "out of memory opening '%s'", path);
		goto fail;
	}
	*out = l;
	return PCF_OK;
fail:
	pcf_library_close(l);
	return st;
}

void pcf_library_close(pcf_library *l)
{
	if (!l)
		return;
	if (l->map)
		munmap((void *)l->map, l->len);
	pcfi_strmap_free(&l->pid);
	pcfi_strmap_free(&l->fid);
	free(l->path);
	free(l);
}

const unsigned char *pcf_library_digest(const pcf_library *l)
{
	return l->digest;
}

const char *pcf_library_digest_hex(const pcf_library *l)
{
	return l->hex;
}

const char *pcf_library_path(const pcf_library *l)
{
	return l->path;
}

size_t pcf_library_process_count(const pcf_library *l)
{
	return l ? l->h.n_proc : 0;
}

size_t pcf_library_flow_count(const pcf_library *l)
{
	return l ? l->h.n_flow : 0;
}

size_t pcf_library_exchange_count(const pcf_library *l)
{
	return l ? l->h.n_exch : 0;
}

pcf_status pcf_library_process(const pcf_library *l, size_t i, pcf_lib_process *o)
{
	const pcfi_lib_proc_rec *r;
	if (!l || !o || i >= l->h.n_proc)
		return pcfi_error(NULL, PCF_E_ARG, "process index out of range");
	r = &l->procs[i];
	o->id = l->str + r->id, o->name = l->str + r->name, o->location = l->str + r->location;
	o->category = l->str + r->category, o->source = l->str + r->source;
	o->reference = r->reference, o->first_exchange = r->first_exchange, o->n_exchanges = r->n_exchanges;
	o->first_alloc = r->first_alloc, o->n_alloc = r->n_alloc, o->n_parameters = r->n_parameters;
	return PCF_OK;
}

pcf_status pcf_library_flow(const pcf_library *l, size_t i, pcf_lib_flow *o)
{
	const pcfi_lib_flow_rec *r;
	if (!l || !o || i >= l->h.n_flow)
		return pcfi_error(NULL, PCF_E_ARG, "flow index out of range");
	r = &l->flows[i];
	o->id = l->str + r->id, o->name = l->str + r->name, o->category = l->str + r->category, o->cas = l->str + r->cas;
	o->unit = l->str + r->unit, o->property = l->str + r->property, o->type = (pcf_lib_flow_type)r->type;
	o->first_provider = r->first_provider, o->n_providers = r->n_providers;
	return PCF_OK;
}

pcf_status pcf_library_exchange(const pcf_library *l, size_t i, pcf_lib_exchange *o)
{
	const pcfi_lib_exch_rec *r;
	if (!l || !o || i >= l->h.n_exch)
		return pcfi_error(NULL, PCF_E_ARG, "exchange index out of range");
	r = &l->exch[i];
	o->id = l->str + r->id, o->unit_written = l->str + r->unit_written, o->formula = l->str + r->formula;
	o->pedigree = l->str + r->pedigree, o->note = l->str + r->note;
	o->flow = r->flow, o->flags = r->flags, o->provider = r->provider, o->dist = (pcf_lib_dist)r->dist;
	o->amount = r->amount, o->amount_written = r->amount_written, o->p1 = r->p1, o->p2 = r->p2, o->p3 = r->p3;
	return PCF_OK;
}

pcf_status pcf_library_alloc(const pcf_library *l, size_t i, pcf_lib_alloc *o)
{
	const pcfi_lib_alloc_rec *r;
	if (!l || !o || i >= l->h.n_alloc)
		return pcfi_error(NULL, PCF_E_ARG, "allocation index out of range");
	r = &l->alloc[i];
	o->type = (pcf_lib_alloc_type)r->type, o->product = r->product, o->exchange = r->exchange;
	o->exchange_flow = r->exchange_flow, o->value = r->value;
	return PCF_OK;
}

uint32_t pcf_library_provider(const pcf_library *l, size_t i)
{
	return l && i < l->h.n_prov ? l->prov[i] : PCF_LIB_NONE;
}

int pcf_library_find_flow(const pcf_library *l, const char *id, size_t *index)
{
	return l && id && pcfi_strmap_get(&l->fid, id, index);
}

pcf_status pcf_library_find(const pcf_library *l, const char *q, size_t *index, pcf_error *err)
{
	size_t i, n = 0, first = 0;
	char ids[600];
	size_t used = 0;

	if (!l || !q || !index)
		return pcfi_error(err, PCF_E_ARG, "pcf_library_find needs a library, a query and an output");
	if (pcfi_strmap_get(&l->pid, q, index))
		return PCF_OK;
	ids[0] = '\0';
	for (i = 0; i < l->h.n_proc; i++) {
		if (strcmp(l->str + l->procs[i].name, q))
			continue;
		if (!n++)
			first = i;
		if (n <= 6 && used < sizeof ids) {
			int w = snprintf(ids + used, sizeof ids - used, "%s%s", n > 1 ? ", " : "", l->str + l->procs[i].id);
			if (w > 0)
				used += (size_t)w;
		}
	}
	if (n == 1) {
		*index = first;
		return PCF_OK;
	}
	if (n > 1)
		return pcfi_error(err, PCF_E_INVALID, "%s: %zu processes are named '%s' (%s%s): give the @id", l->path, n, q, ids,
		                  n > 6 ? ", ..." : "");
	return pcfi_error(err, PCF_E_NOTFOUND, "%s: no process has the @id or the name '%s'", l->path, q);
}
