/*
 * workers.h - run methodology plugin code in long-lived worker processes (internal), so that a plugin
 * that crashes or hangs fails only the request it was serving: the isolation behind recomputation in
 * 'pcf verify' (verify/verify_recompute.c), and the compute pool of 'pcf issue' and 'pcf compute'
 * (plugin/compute_pool.c, pcf/compute.h): the one worker machinery of libpcf.
 *
 * A pool forks one process, the spawner, when it is made; every worker is forked from the spawner,
 * never from the caller. So the caller may be threaded when a worker dies and is replaced: the fork
 * happens in the spawner, a copy of the caller made before its threads started, where no lock can be
 * held by a thread that does not exist there. Make the pool before starting any thread (the one rule);
 * everything the caller had loaded then (plugins, factor libraries) is in every worker. A worker's
 * standard input, output and error are /dev/null: a plugin's printf() never reaches the caller's output.
 *
 * A request and its reply are bytes, built and read with the helpers below; the pool's serve function
 * (run in the worker) turns one into the other. Threads share a pool: each call takes a free worker
 * (waiting for one when every worker is busy), or the worker of a given slot.
 *
 * Ownership: the pool borrows data (the serve function's) until pcfi_workers_free; a reply belongs
 * to the caller (free()).
 */
#ifndef PCF_PLUGIN_WORKERS_H
#define PCF_PLUGIN_WORKERS_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

typedef struct pcfi_workers pcfi_workers;

/*
 * Serve one request (req[0..len)) in a worker process: append the reply to *reply. Returns 0, or -1
 * when the reply cannot be made (out of memory; the worker then exits and the call fails).
 */
typedef int (*pcfi_worker_serve)(void *data, const char *req, size_t len, pcfi_buf *reply);

/* How a call ended. */
enum {
	PCFI_WORKER_OK = 0,       /* *reply holds the reply */
	PCFI_WORKER_CRASHED = 1,  /* the worker died (signal or exit): why says how; a new one serves the next call */
	PCFI_WORKER_TIMEOUT = 2,  /* no reply within the timeout: the worker was killed */
	PCFI_WORKER_NONE = 3,     /* no worker could be made (fork or socket failed): serve it another way */
	PCFI_WORKER_NOMEM = 4     /* out of memory for the reply */
};

/*
 * A pool of nslots workers (at least 1) that serve requests with serve(data, ...), each within
 * timeout_s seconds (0: no limit), requests of at most request_max bytes. Forks the spawner now, the
 * workers on first use. *out gets the pool (also when the spawner cannot be forked: calls then return
 * PCFI_WORKER_NONE), or NULL when out of memory (returns -1; else 0).
 */
int pcfi_workers_new(pcfi_workers **out, pcfi_worker_serve serve, void *data, size_t nslots, unsigned timeout_s,
                     size_t request_max);

/*
 * Send req[0..len) to a worker and wait for its reply: the worker of slot (< nslots; one thread at a
 * time per slot), or any free one when slot is (size_t)-1. On PCFI_WORKER_OK *reply (caller frees) and
 * *reply_len hold the reply; on a failure why (may be NULL, size whylen) says what happened in words
 * ("crashed (signal 11, Segmentation fault)", "did not finish within 5 s"), and on PCFI_WORKER_CRASHED
 * *wstatus (may be NULL) gets the worker's wait status (WIFSIGNALED ...), for callers that word it their way.
 */
int pcfi_workers_call(pcfi_workers *p, size_t slot, const void *req, size_t len, char **reply, size_t *reply_len,
                      char *why, size_t whylen, int *wstatus);

/* The timeout of the pool's calls in seconds (0: none). */
unsigned pcfi_workers_timeout(const pcfi_workers *p);

/* Stop every worker and the spawner, reap them, free the pool. After the threads that use it ended. NULL is allowed. */
void pcfi_workers_free(pcfi_workers *p);

/* ---- requests and replies: little helpers over pcfi_buf and a reader ---- */

void pcfi_wire_u64(pcfi_buf *b, uint64_t v);
/* Bytes with their length, and a NUL after them, so that the reader may use them as a string. */
void pcfi_wire_bytes(pcfi_buf *b, const void *data, size_t len);
/* A string; NULL is sent as "" with a flag, and read back as NULL. */
void pcfi_wire_str(pcfi_buf *b, const char *s);

typedef struct pcfi_wire_rd {
	const char *p, *end;
	int bad;   /* set by the first read past the end or of a malformed item */
} pcfi_wire_rd;

uint64_t pcfi_wire_get_u64(pcfi_wire_rd *r);
void pcfi_wire_get(pcfi_wire_rd *r, void *out, size_t len);
const char *pcfi_wire_get_bytes(pcfi_wire_rd *r, size_t *len);
const char *pcfi_wire_get_str(pcfi_wire_rd *r);

#endif
