/*
 * compute_workers.c - the compute worker processes of 'pcf issue': crash isolation and --timeout for
 * methodology plugins (see compute_workers.h for the interface).
 *
 * A methodology plugin is loaded into this process, and one that crashes or hangs on some inventory
 * would take the whole batch with it: the bundles staged for the next group commit, their temporary
 * files, and any word about what happened. So inventories are computed in long-lived worker processes,
 * one per -j thread, forked before the threads start (fork, no exec: they share the loaded plugin,
 * factor libraries and parameters). A thread sends its worker the inventory bytes over a socket; the
 * worker computes once (result, result JSON, exports) and sends back what the bundle needs (reply(),
 * below); the thread builds and signs the bundle. A worker that dies fails only the inventory it was
 * computing, and one that takes longer than --timeout is killed; either way the thread forks a new one
 * before its next inventory.
 *
 * A fork while other threads run copies whatever locks they hold (OpenSSL's, for instance) into the
 * child in their held state. So forks after the start happen under fork_lock held for writing, while the
 * threads hold it for reading whenever they are inside a library (reading, signing, writing:
 * compute_workers_enter/_leave); they wait for their worker without it. The lock prefers writers, so a
 * fork does not wait for long.
 *
 * When no worker can be made (fork fails), the thread computes the inventory itself, as before
 * crash isolation. A worker's standard input, output and error are /dev/null: what a plugin prints never
 * reaches the issuer's output.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "compute_workers.h"

/* A compute worker process (see spawn_worker): pid and this process's end of its socket; fd -1 when none. */
struct cworker {
	pid_t pid;
	int fd;
};

struct compute_workers {
	struct compute_config cfg;
	struct cworker *workers;  /* one per slot */
	size_t nworkers;
	pid_t parent;             /* this process, for the workers */
	pthread_rwlock_t fork_lock;  /* held for writing to fork, for reading inside libraries */
};

/* The reply being made, in a buffer that grows; failed once memory ran out. */
struct wbuf {
	char *p;
	size_t len, cap;
	int failed;
};

static void wb_put(struct wbuf *b, const void *data, size_t len)
{
	if (b->failed)
		return;
	if (b->cap - b->len < len) {
		size_t cap = b->cap ? b->cap : 4096;
		char *g;
		while (cap - b->len < len) {
			if (cap > SIZE_MAX / 2) {
				b->failed = 1;
				return;
			}
			cap *= 2;
		}
		if (!(g = realloc(b->p, cap))) {
			b->failed = 1;
			return;
		}
		b->p = g;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, len);
	b->len += len;
}

static void wb_u64(struct wbuf *b, uint64_t v) { wb_put(b, &v, sizeof v); }
static void wb_double(struct wbuf *b, double v) { wb_put(b, &v, sizeof v); }
/* Bytes with their length, and a NUL after them so that the reader may use them as a string. */
static void wb_bytes(struct wbuf *b, const void *data, size_t len)
{
	wb_u64(b, len);
	wb_put(b, data, len);
	wb_put(b, "", 1);
}
static void wb_str(struct wbuf *b, const char *s) { wb_bytes(b, s ? s : "", s ? strlen(s) : 0); }

/*
 * Compute one inventory and make the reply: a u64 payload length, then the status (u64); on failure the
 * pcf_error; on success the seven strings and seven numbers of the manifest's summary, the result JSON
 * and each export. Workers and parent are the same program (fork without exec), so numbers and the error
 * travel as their bytes. Returns 0, or -1 when out of memory.
 */
/* The plugin's log messages of one computation: u64 level, bytes message, each; replayed by parse_reply. */
struct logs {
	struct wbuf b;
	uint64_t n;
};

static void capture_log(void *data, int level, const char *message)
{
	struct logs *l = data;

	wb_u64(&l->b, (uint64_t)level);
	wb_str(&l->b, message);
	l->n++;
}

static void wb_logs(struct wbuf *b, const struct logs *l)
{
	wb_u64(b, l->n);
	if (l->b.len)
		wb_put(b, l->b.p, l->b.len);
}

static int reply(const struct compute_config *c, const char *name, const char *bytes, size_t len, struct wbuf *b)
{
	pcf_result *r = NULL;
	pcf_inventory *inv = NULL;
	pcf_diag *diag = c->diag ? pcf_diag_new() : NULL;
	struct logs logs = { { NULL, 0, 0, 0 }, 0 };
	char *json = NULL, *table = NULL, *facts = NULL;
	size_t jlen = 0, tlen = 0, flen = 0, i;
	pcf_error err;
	pcf_status st;
	uint64_t total;

	memset(&err, 0, sizeof err);
	b->len = 0;
	b->failed = 0;
	wb_u64(b, 0);                       /* the payload length, set at the end */
	if (c->log && c->params)   /* this copy of the parameters only (a worker's, or the caller's for one call) */
		pcf_params_set_log((pcf_params *)c->params, capture_log, &logs);
	st = pcf_compute_bytes(c->method, name, bytes, len, c->factors, c->params, &r,
	                       c->nformats || c->export_factors ? &inv : NULL, diag, &err);
	if (c->log && c->params)
		pcf_params_set_log((pcf_params *)c->params, c->log, c->log_data);
	if (st == PCF_OK)
		st = pcf_result_json(r, &json, &jlen, &err);
	if (st == PCF_OK && c->table_width)
		st = pcf_result_table(r, c->table_width, &table, &tlen, &err);
	/* The exact records of the library factors used: the bundle's factors.json (docs/bundle-format.md). */
	if (st == PCF_OK && c->export_factors)
		st = pcf_inventory_factors_export(inv, "bundle-factors", &facts, &flen, &err);
	if (st == PCF_OK) {
		wb_u64(b, PCF_OK);
		wb_logs(b, &logs);
		wb_str(b, pcf_result_product_id(r));
		wb_str(b, pcf_result_product_name(r));
		wb_str(b, pcf_result_declared_unit(r));
		wb_str(b, pcf_result_method_id(r));
		wb_str(b, pcf_result_method_version(r));
		wb_str(b, pcf_result_unit(r));
		wb_str(b, pcf_result_gwp_set(r));
		wb_double(b, pcf_result_declared_amount(r));
		wb_double(b, pcf_result_total(r));
		wb_double(b, pcf_result_figure(r, "fossil"));
		wb_double(b, pcf_result_figure(r, "biogenic-emissions"));
		wb_double(b, pcf_result_figure(r, "biogenic-removals"));
		wb_double(b, pcf_result_figure(r, "dluc"));
		wb_double(b, pcf_result_figure(r, "aircraft"));
		wb_bytes(b, json, jlen);
		for (i = 0; i < c->nformats && st == PCF_OK; i++) {
			char *x = NULL;
			size_t xlen = 0;
			if ((st = pcf_export(c->method, c->formats[i], inv, r, c->params, &x, &xlen, &err)) == PCF_OK)
				wb_bytes(b, x, xlen);
			free(x);
		}
		if (st == PCF_OK && c->table_width)
			wb_bytes(b, table, tlen);
		if (st == PCF_OK && c->export_factors)
			wb_bytes(b, facts, flen);
	}
	if (st != PCF_OK) {
		size_t k, nd = diag ? pcf_diag_count(diag) : 0;
		b->len = sizeof total;
		b->failed = 0;
		err.status = st;
		wb_u64(b, (uint64_t)st);
		wb_logs(b, &logs);
		wb_put(b, &err, sizeof err);
		wb_u64(b, nd);
		for (k = 0; k < nd; k++)
			wb_put(b, pcf_diag_get(diag, k), sizeof(pcf_error));
	}
	free(logs.b.p);
	pcf_diag_free(diag);
	free(table);
	free(facts);
	free(json);
	pcf_result_free(r);
	pcf_inventory_free(inv);
	if (b->failed)
		return -1;
	total = b->len - sizeof total;
	memcpy(b->p, &total, sizeof total);
	return 0;
}

struct rd {
	const char *p, *end;
	int bad;
};

static void rd_get(struct rd *r, void *out, size_t len)
{
	if (r->bad || (size_t)(r->end - r->p) < len) {
		r->bad = 1;
		memset(out, 0, len);
		return;
	}
	memcpy(out, r->p, len);
	r->p += len;
}

static const char *rd_bytes(struct rd *r, size_t *len)
{
	uint64_t n = 0;
	const char *s;

	rd_get(r, &n, sizeof n);
	if (r->bad || (uint64_t)(r->end - r->p) < n + 1 || r->p[n]) {
		r->bad = 1;
		return "";
	}
	s = r->p;
	r->p += n + 1;
	if (len)
		*len = (size_t)n;
	return s;
}

static double rd_double(struct rd *r)
{
	double v;
	rd_get(r, &v, sizeof v);
	return v;
}

/* Read a reply's payload (without its length) into *out, or the error it carries into *err. */
static pcf_status parse_reply(const struct compute_config *c, const char *p, size_t len, struct computed *out,
                              pcf_error *err)
{
	struct rd r = { p, p + len, 0 };
	uint64_t st = 0;
	size_t i;

	rd_get(&r, &st, sizeof st);
	if (!r.bad) {
		/* the plugin's log messages, in the order it wrote them */
		uint64_t n = 0, k, level = 0;
		rd_get(&r, &n, sizeof n);
		for (k = 0; k < n && !r.bad; k++) {
			const char *msg;
			rd_get(&r, &level, sizeof level);
			msg = rd_bytes(&r, NULL);
			if (!r.bad && c->log)
				c->log(c->log_data, (int)level, msg);
		}
	}
	out->ndiag = 0;
	if (!r.bad && st != PCF_OK) {
		uint64_t nd = 0, k;
		rd_get(&r, err, sizeof *err);
		rd_get(&r, &nd, sizeof nd);
		for (k = 0; k < nd && !r.bad; k++) {
			pcf_error d;
			rd_get(&r, &d, sizeof d);
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
		out->product_id = rd_bytes(&r, NULL);
		out->product_name = rd_bytes(&r, NULL);
		out->declared_unit = rd_bytes(&r, NULL);
		out->method_id = rd_bytes(&r, NULL);
		out->method_version = rd_bytes(&r, NULL);
		out->unit = rd_bytes(&r, NULL);
		out->gwp_set = rd_bytes(&r, NULL);
		out->declared_amount = rd_double(&r);
		out->total = rd_double(&r);
		out->fossil = rd_double(&r);
		out->biogenic_emissions = rd_double(&r);
		out->biogenic_removals = rd_double(&r);
		out->dluc = rd_double(&r);
		out->aircraft = rd_double(&r);
		out->result = rd_bytes(&r, &out->result_len);
		for (i = 0; i < c->nformats; i++)
			out->exports[i] = rd_bytes(&r, &out->export_lens[i]);
		out->table = NULL;
		out->table_len = 0;
		if (c->table_width)
			out->table = rd_bytes(&r, &out->table_len);
		out->factors = NULL;
		out->factors_len = 0;
		if (c->export_factors)
			out->factors = rd_bytes(&r, &out->factors_len);
		if (!r.bad && r.p == r.end)
			return PCF_OK;
	}
	memset(err, 0, sizeof *err);
	snprintf(err->message, sizeof err->message, "malformed reply from the compute process (%zu bytes)", len);
	return err->status = PCF_E_INTERNAL;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Send or receive len bytes before deadline (ms, CLOCK_MONOTONIC; -1: none, as long as it takes).
 * Returns 0, -1 when the peer is gone, -2 past the deadline.
 */
static int xfer(int fd, void *buf, size_t len, int sending, int64_t deadline)
{
	char *p = buf;

	while (len) {
		struct pollfd pfd = { fd, sending ? POLLOUT : POLLIN, 0 };
		int wait = -1, r;
		ssize_t n;
		if (deadline >= 0) {
			int64_t left = deadline - now_ms();
			if (left <= 0)
				return -2;
			wait = left > INT_MAX ? INT_MAX : (int)left;
		}
		r = poll(&pfd, 1, wait);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			continue;        /* the deadline is checked above */
		n = sending ? send(fd, p, len, MSG_NOSIGNAL | MSG_DONTWAIT) : recv(fd, p, len, MSG_DONTWAIT);
		if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * A worker's life: read a request (u64 name length, u64 inventory length, the name, the bytes), send
 * the reply, until the socket closes. Never returns.
 */
static void worker_process(const struct compute_config *c, int fd)
{
	struct wbuf b = { NULL, 0, 0, 0 };

	for (;;) {
		uint64_t hdr[2];
		char *name, *bytes;

		if (xfer(fd, hdr, sizeof hdr, 0, -1) || hdr[0] > PATH_MAX * 4 || hdr[1] > c->inventory_max)
			_exit(0);
		name = malloc((size_t)hdr[0] + 1);
		bytes = malloc((size_t)hdr[1] + 1);
		if (!name || !bytes || xfer(fd, name, (size_t)hdr[0], 0, -1) || xfer(fd, bytes, (size_t)hdr[1], 0, -1))
			_exit(1);
		name[hdr[0]] = '\0';
		if (reply(c, name, bytes, (size_t)hdr[1], &b) || xfer(fd, b.p, b.len, 1, -1))
			_exit(1);
		free(name);
		free(bytes);
	}
}

/*
 * Fork the compute worker of slot. Before the threads start, or with fork_lock held for writing.
 * Returns 0, or -1 when no process or socket could be made (the slot then stays empty).
 */
static int spawn_worker(struct compute_workers *p, size_t slot)
{
	int sv[2];
	pid_t pid;
	size_t k;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return -1;
	pid = fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid == 0) {
		/* Stop with the issuer; leave interrupting to it (it stops sending, then closes the socket). */
#ifdef PR_SET_PDEATHSIG
		prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
		signal(SIGINT, SIG_IGN);
		signal(SIGTERM, SIG_IGN);
		signal(SIGHUP, SIG_IGN);
		close(sv[0]);
		/* The other workers' sockets: a copy here would keep them from seeing the issuer close theirs. */
		for (k = 0; k < p->nworkers; k++)
			if (k != slot && p->workers[k].fd >= 0)
				close(p->workers[k].fd);
		if (getppid() != p->parent)
			_exit(1);
		/* A plugin's printf() and fprintf(stderr) must never reach the issuer's output. */
		{
			int null = open("/dev/null", O_RDWR);
			if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
				_exit(1);
			if (null > 2)
				close(null);
		}
		worker_process(&p->cfg, sv[1]);
	}
	close(sv[1]);
	p->workers[slot].fd = sv[0];
	p->workers[slot].pid = pid;
	return 0;
}

/*
 * Stop the worker of slot (kill it unless it is known to be gone) and reap it; *status gets its wait
 * status. The slot changes under fork_lock held for writing, so that a worker forked meanwhile by
 * another thread sees a consistent table (and never closes a reused descriptor number of its own).
 * Not to be called with fork_lock held.
 */
static void reap_worker(struct compute_workers *p, size_t slot, int kill_it, int *status)
{
	struct cworker *w = &p->workers[slot];
	pid_t pid = w->pid;
	int st = 0;

	if (kill_it)
		kill(pid, SIGKILL);
	pthread_rwlock_wrlock(&p->fork_lock);
	close(w->fd);
	w->fd = -1;
	w->pid = -1;
	pthread_rwlock_unlock(&p->fork_lock);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (status)
		*status = st;
}

/* See compute_workers.h. */
int compute_workers_new(compute_workers **out, const struct compute_config *cfg, size_t nslots)
{
	compute_workers *p = calloc(1, sizeof *p);
	pthread_rwlockattr_t rwattr;
	size_t i;

	*out = NULL;
	if (!p || !(p->workers = calloc(nslots ? nslots : 1, sizeof *p->workers))) {
		free(p);
		return -1;
	}
	p->cfg = *cfg;
	for (i = 0; i < nslots; i++)
		p->workers[i].fd = p->workers[i].pid = -1;
	pthread_rwlockattr_init(&rwattr);
	pthread_rwlockattr_setkind_np(&rwattr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&p->fork_lock, &rwattr);
	pthread_rwlockattr_destroy(&rwattr);
	p->parent = getpid();
	p->nworkers = nslots;
	for (i = 0; i < nslots; i++)
		(void)spawn_worker(p, i);   /* an empty slot is retried, or computes in-process */
	*out = p;
	return 0;
}

/* See compute_workers.h. */
void compute_workers_enter(compute_workers *p)
{
	pthread_rwlock_rdlock(&p->fork_lock);
}

/* See compute_workers.h. */
void compute_workers_leave(compute_workers *p)
{
	pthread_rwlock_unlock(&p->fork_lock);
}

/* See compute_workers.h. */
void compute_workers_free(compute_workers *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->nworkers; i++)
		if (p->workers[i].fd >= 0)
			reap_worker(p, i, 0, NULL);   /* the worker sees the socket close and exits */
	pthread_rwlock_destroy(&p->fork_lock);
	free(p->workers);
	free(p);
}

/* See compute_workers.h. */
pcf_status compute_workers_compute(compute_workers *p, size_t slot, const char *name, const char *bytes, size_t len,
                                   struct computed *out, char **reply_out, pcf_error *err)
{
	const struct compute_config *c = &p->cfg;
	const char *lost = c->lost ? c->lost : "nothing issued for it";
	struct cworker *w = &p->workers[slot];
	uint64_t hdr[2], plen = 0;
	int64_t deadline = c->timeout_s ? now_ms() + (int64_t)c->timeout_s * 1000 : -1;
	char *payload = NULL;
	int r, status;

	*reply_out = NULL;
	memset(err, 0, sizeof *err);
	if (w->fd < 0) {
		pthread_rwlock_wrlock(&p->fork_lock);
		(void)spawn_worker(p, slot);
		pthread_rwlock_unlock(&p->fork_lock);
	}
	if (w->fd < 0) {
		/* No worker: compute here. */
		struct wbuf b = { NULL, 0, 0, 0 };
		pcf_status st;
		pthread_rwlock_rdlock(&p->fork_lock);
		if (reply(c, name, bytes, len, &b)) {
			free(b.p);
			pthread_rwlock_unlock(&p->fork_lock);
			snprintf(err->message, sizeof err->message, "out of memory");
			return PCF_E_NOMEM;
		}
		pthread_rwlock_unlock(&p->fork_lock);
		*reply_out = b.p;
		memmove(b.p, b.p + sizeof plen, b.len - sizeof plen);
		st = parse_reply(c, b.p, b.len - sizeof plen, out, err);
		return st;
	}
	hdr[0] = strlen(name);
	hdr[1] = len;
	r = xfer(w->fd, hdr, sizeof hdr, 1, deadline);
	if (!r)
		r = xfer(w->fd, (void *)name, (size_t)hdr[0], 1, deadline);
	if (!r)
		r = xfer(w->fd, (void *)bytes, len, 1, deadline);
	if (!r)
		r = xfer(w->fd, &plen, sizeof plen, 0, deadline);
	if (!r && (plen > SIZE_MAX / 2 || !(payload = malloc(plen ? (size_t)plen : 1)))) {
		reap_worker(p, slot, 1, NULL);
		snprintf(err->message, sizeof err->message, "out of memory for a reply of %llu bytes from the compute process",
		         (unsigned long long)plen);
		return PCF_E_NOMEM;
	}
	if (!r)
		r = xfer(w->fd, payload, (size_t)plen, 0, deadline);
	if (!r) {
		*reply_out = payload;
		return parse_reply(c, payload, (size_t)plen, out, err);
	}
	free(payload);
	snprintf(err->file, sizeof err->file, "%s", name);
	if (r == -2) {
		reap_worker(p, slot, 1, NULL);
		snprintf(err->message, sizeof err->message,
		         "methodology plugin %s (%s) did not finish computing this inventory within %u s (--timeout); "
		         "stopped it%s%s", pcf_method_id(c->method), pcf_method_path(c->method), c->timeout_s, lost[0] ? ", " : "",
		         lost);
		return PCF_E_PLUGIN;
	}
	reap_worker(p, slot, 0, &status);
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

