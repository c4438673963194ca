/*
 * workers.c - worker processes for methodology plugin code, forked from a spawner process (see
 * workers.h for the interface and the one rule).
 *
 * The spawner is forked when the pool is made, before the caller starts threads. It owns nothing but
 * its control socket: on 'S' it makes a socket pair, forks a worker, and hands the caller the worker's
 * pid and one end of the pair (SCM_RIGHTS), closing its own copy, so that no worker inherits another's
 * socket; on 'W' it reaps a worker and tells its wait status. Workers are the spawner's children, so the
 * caller never forks after the pool is made, and a worker that dies is replaced while other threads of
 * the caller go on reading, signing and allocating (a fork there would copy their held locks into the
 * child). The spawner dies with the caller (PR_SET_PDEATHSIG) and its workers with it.
 *
 * The wire: a request is u64 length + bytes, a reply the same. Workers and caller are the same program
 * (fork without exec), so numbers travel as their bytes.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "plugin/workers.h"

struct slot {
	pid_t pid;
	int fd;      /* -1: no worker */
	int busy;    /* taken by a call */
};

struct pcfi_workers {
	pcfi_worker_serve serve;
	void *data;
	unsigned timeout_s;
	size_t request_max;
	struct slot *slots;
	size_t nslots;
	pid_t spawner;           /* -1 when it could not be forked or has gone */
	int ctl;                 /* the caller's end of the spawner's socket */
	pthread_mutex_t lock;    /* slots' busy flags, the spawner's socket */
	pthread_cond_t freed;
};

/* ---- the wire ---- */

void pcfi_wire_u64(pcfi_buf *b, uint64_t v) { pcfi_buf_append(b, &v, sizeof v); }

void pcfi_wire_bytes(pcfi_buf *b, const void *data, size_t len)
{
	pcfi_wire_u64(b, len);
	pcfi_buf_append(b, data, len);
	pcfi_buf_append(b, "", 1);
}

void pcfi_wire_str(pcfi_buf *b, const char *s)
{
	pcfi_wire_u64(b, s != NULL);
	pcfi_wire_bytes(b, s ? s : "", s ? strlen(s) : 0);
}

void pcfi_wire_get(pcfi_wire_rd *r, void *out, size_t len)
{
	if (r->bad || (size_t)(r->end - r->p) < len) {
		r->bad = 1;
		memset(out, 0, len);
		return;
	}
	memcpy(out, r->p, len);
	r->p += len;
}

uint64_t pcfi_wire_get_u64(pcfi_wire_rd *r)
{
	uint64_t v;
	pcfi_wire_get(r, &v, sizeof v);
	return v;
}

const char *pcfi_wire_get_bytes(pcfi_wire_rd *r, size_t *len)
{
	uint64_t n = pcfi_wire_get_u64(r);
	const char *s;

	if (len)
		*len = 0;
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

const char *pcfi_wire_get_str(pcfi_wire_rd *r)
{
	int present = pcfi_wire_get_u64(r) != 0;
	const char *s = pcfi_wire_get_bytes(r, NULL);
	return present && !r->bad ? s : NULL;
}

/* ---- moving bytes ---- */

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Send or receive len bytes before deadline (ms, CLOCK_MONOTONIC; -1: none, as long as it takes).
 * Returns 0, -1 when the peer is gone, -2 past the deadline. The call is tried first and poll() is
 * used only when it would block: a batch makes two round trips per bundle, and every system call
 * saved shows in its CPU time (docs/performance.md, B2).
 */
static int xfer(int fd, void *buf, size_t len, int sending, int64_t deadline)
{
	char *p = buf;

	while (len) {
		struct pollfd pfd = { fd, sending ? POLLOUT : POLLIN, 0 };
		int wait = -1, r, flags = deadline >= 0 ? MSG_DONTWAIT : 0;
		ssize_t n = sending ? send(fd, p, len, MSG_NOSIGNAL | flags) : recv(fd, p, len, flags);
		if (n > 0) {
			p += n;
			len -= (size_t)n;
			continue;
		}
		if (n == 0 || (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK))
			return -1;
		if (errno == EINTR)
			continue;
		if (deadline >= 0) {
			int64_t left = deadline - now_ms();
			if (left <= 0)
				return -2;
			wait = left > INT_MAX ? INT_MAX : (int)left;
		}
		r = poll(&pfd, 1, wait);
		if (r < 0 && errno != EINTR)
			return -1;
		/* r == 0: the deadline is checked on the next turn */
	}
	return 0;
}

/* Send the u64 length n and then req[0..n) before deadline, in one system call when the socket takes it. */
static int send_request(int fd, const void *req, uint64_t n, int64_t deadline)
{
	struct iovec iov[2] = { { &n, sizeof n }, { (void *)req, (size_t)n } };
	struct msghdr msg;
	ssize_t sent;

	memset(&msg, 0, sizeof msg);
	msg.msg_iov = iov;
	msg.msg_iovlen = 2;
	do
		sent = sendmsg(fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
	while (sent < 0 && errno == EINTR);
	if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
		return -1;
	if (sent < 0)
		sent = 0;
	if ((size_t)sent < sizeof n) {
		int r = xfer(fd, (char *)&n + sent, sizeof n - (size_t)sent, 1, deadline);
		return r ? r : xfer(fd, (void *)req, (size_t)n, 1, deadline);
	}
	return xfer(fd, (char *)req + ((size_t)sent - sizeof n), (size_t)n - ((size_t)sent - sizeof n), 1, deadline);
}

/* ---- the worker ---- */

/* A worker's life: read a request, send the reply, until the socket closes. Never returns. */
static void worker_main(pcfi_workers *p, int fd)
{
	pcfi_buf reply = PCFI_BUF_INIT;
	int null = open("/dev/null", O_RDWR);

	/* A plugin's printf() and fprintf(stderr) must never reach the caller's output. */
	if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
		_exit(1);
	if (null > 2)
		close(null);
	for (;;) {
		uint64_t n;
		char *req;
		if (xfer(fd, &n, sizeof n, 0, -1) || n > p->request_max)
			_exit(0);
		if (!(req = malloc(n ? (size_t)n : 1)) || xfer(fd, req, (size_t)n, 0, -1))
			_exit(1);
		reply.len = 0;
		reply.oom = 0;
		pcfi_wire_u64(&reply, 0);     /* the reply's length, set below */
		if (p->serve(p->data, req, (size_t)n, &reply) || reply.oom)
			_exit(1);
		n = reply.len - sizeof n;
		memcpy(reply.data, &n, sizeof n);
		if (xfer(fd, reply.data, reply.len, 1, -1))
			_exit(1);
		free(req);
	}
}

/* ---- the spawner ---- */

static void die_with_parent(void)
{
#ifdef PR_SET_PDEATHSIG
	prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
}

/* Hand fd and pid over the control socket. */
static int send_fd(int ctl, int fd, uint64_t pid)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &pid, sizeof pid };
	struct msghdr msg;
	struct cmsghdr *cm;

	memset(&msg, 0, sizeof msg);
	memset(cbuf, 0, sizeof cbuf);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	if (fd >= 0) {
		msg.msg_control = cbuf;
		msg.msg_controllen = sizeof cbuf;
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	}
	while (sendmsg(ctl, &msg, MSG_NOSIGNAL) < 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

/* The spawner's life: serve 'S' (spawn) and 'W' (wait) until the control socket closes. Never returns. */
static void spawner_main(pcfi_workers *p, int ctl)
{
	for (;;) {
		struct { uint64_t cmd, arg; } q;
		if (xfer(ctl, &q, sizeof q, 0, -1))
			_exit(0);
		if (q.cmd == 'S') {
			int sv[2];
			pid_t pid = -1;
			if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0) {
				pid = fork();
				if (pid == 0) {
					die_with_parent();
					close(ctl);
					close(sv[0]);
					worker_main(p, sv[1]);
				}
				close(sv[1]);
			} else {
				sv[0] = -1;
			}
			if (send_fd(ctl, pid > 0 ? sv[0] : -1, pid > 0 ? (uint64_t)pid : 0))
				_exit(1);
			if (sv[0] >= 0)
				close(sv[0]);
		} else if (q.cmd == 'W') {
			int st = 0;
			uint64_t v;
			while (waitpid((pid_t)q.arg, &st, 0) < 0 && errno == EINTR)
				;
			v = (uint64_t)(unsigned)st;
			if (xfer(ctl, &v, sizeof v, 1, -1))
				_exit(1);
		} else {
			_exit(1);
		}
	}
}

/* Ask the spawner for a worker for slot; with p->lock held. 0, or -1 (the slot stays empty). */
static int spawn(pcfi_workers *p, size_t slot)
{
	struct { uint64_t cmd, arg; } q = { 'S', 0 };
	uint64_t pid = 0;
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &pid, sizeof pid };
	struct msghdr msg;
	struct cmsghdr *cm;
	int fd = -1;
	ssize_t n;

	if (p->ctl < 0 || xfer(p->ctl, &q, sizeof q, 1, -1))
		return -1;
	memset(&msg, 0, sizeof msg);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cbuf;
	msg.msg_controllen = sizeof cbuf;
	do
		n = recvmsg(p->ctl, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof pid) {
		close(p->ctl);        /* the spawner is gone or confused: no more workers */
		p->ctl = -1;
		return -1;
	}
	for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm))
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
			memcpy(&fd, CMSG_DATA(cm), sizeof fd);
	if (fd < 0 || !pid) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	p->slots[slot].fd = fd;
	p->slots[slot].pid = (pid_t)pid;
	return 0;
}

/* Have the spawner reap the worker of slot (killed first when kill_it), with p->lock held; its wait status. */
static int reap(pcfi_workers *p, size_t slot, int kill_it)
{
	struct slot *s = &p->slots[slot];
	struct { uint64_t cmd, arg; } q = { 'W', (uint64_t)s->pid };
	uint64_t st = 0;

	if (kill_it)
		kill(s->pid, SIGKILL);
	close(s->fd);
	s->fd = -1;
	if (p->ctl < 0 || xfer(p->ctl, &q, sizeof q, 1, -1) || xfer(p->ctl, &st, sizeof st, 0, -1))
		st = 0;
	s->pid = -1;
	return (int)st;
}

int pcfi_workers_new(pcfi_workers **out, pcfi_worker_serve serve, void *data, size_t nslots, unsigned timeout_s,
                     size_t request_max)
{
	pcfi_workers *p = calloc(1, sizeof *p);
	int sv[2];
	size_t i;

	*out = NULL;
	if (!nslots)
		nslots = 1;
	if (!p || !(p->slots = calloc(nslots, sizeof *p->slots))) {
		free(p);
		return -1;
	}
	p->serve = serve;
	p->data = data;
	p->timeout_s = timeout_s;
	p->request_max = request_max;
	p->nslots = nslots;
	p->ctl = -1;
	p->spawner = -1;
	for (i = 0; i < nslots; i++)
		p->slots[i].fd = p->slots[i].pid = -1;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->freed, NULL);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0) {
		pid_t pid = fork();
		if (pid == 0) {
			/* Stop with the caller; leave interrupting to it (it closes the socket). */
			die_with_parent();
			signal(SIGINT, SIG_IGN);
			signal(SIGTERM, SIG_IGN);
			signal(SIGHUP, SIG_IGN);
			signal(SIGPIPE, SIG_IGN);
			close(sv[0]);
			spawner_main(p, sv[1]);
		}
		close(sv[1]);
		if (pid > 0) {
			p->spawner = pid;
			p->ctl = sv[0];
		} else {
			close(sv[0]);
		}
	}
	*out = p;
	return 0;
}

unsigned pcfi_workers_timeout(const pcfi_workers *p)
{
	return p ? p->timeout_s : 0;
}

void pcfi_workers_free(pcfi_workers *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->nslots; i++)
		if (p->slots[i].fd >= 0)
			(void)reap(p, i, 0);   /* the worker sees its socket close and exits */
	if (p->ctl >= 0)
		close(p->ctl);
	if (p->spawner > 0)
		while (waitpid(p->spawner, NULL, 0) < 0 && errno == EINTR)
			;
	pthread_cond_destroy(&p->freed);
	pthread_mutex_destroy(&p->lock);
	free(p->slots);
	free(p);
}

/* Take a slot (the given one, or the first free); with p->lock held. */
static size_t take_slot(pcfi_workers *p, size_t slot)
{
	if (slot < p->nslots) {
		p->slots[slot].busy = 1;
		return slot;
	}
	for (;;) {
		size_t i;
		for (i = 0; i < p->nslots; i++)
			if (!p->slots[i].busy) {
				p->slots[i].busy = 1;
				return i;
			}
		pthread_cond_wait(&p->freed, &p->lock);
	}
}

static void give_back(pcfi_workers *p, size_t slot)
{
	pthread_mutex_lock(&p->lock);
	p->slots[slot].busy = 0;
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->lock);
}

int pcfi_workers_call(pcfi_workers *p, size_t slot, const void *req, size_t len, char **reply, size_t *reply_len,
                      char *why, size_t whylen, int *wstatus)
{
	int64_t deadline = p->timeout_s ? now_ms() + (int64_t)p->timeout_s * 1000 : -1;
	uint64_t n = len, rlen = 0;
	char *buf = NULL, dummy[1];
	struct slot *s;
	int r, st;

	*reply = NULL;
	*reply_len = 0;
	if (!why) {
		why = dummy;
		whylen = sizeof dummy;
	}
	why[0] = '\0';
	pthread_mutex_lock(&p->lock);
	slot = take_slot(p, slot);
	s = &p->slots[slot];
	if (s->fd < 0 && spawn(p, slot)) {
		pthread_mutex_unlock(&p->lock);
		give_back(p, slot);
		snprintf(why, whylen, "no worker process could be started");
		return PCFI_WORKER_NONE;
	}
	pthread_mutex_unlock(&p->lock);
	r = send_request(s->fd, req, n, deadline);
	if (!r)
		r = xfer(s->fd, &rlen, sizeof rlen, 0, deadline);
	if (!r && (rlen > SIZE_MAX / 2 || !(buf = malloc(rlen ? (size_t)rlen : 1)))) {
		pthread_mutex_lock(&p->lock);
		(void)reap(p, slot, 1);
		pthread_mutex_unlock(&p->lock);
		give_back(p, slot);
		snprintf(why, whylen, "out of memory for a reply of %llu bytes", (unsigned long long)rlen);
		return PCFI_WORKER_NOMEM;
	}
	if (!r)
		r = xfer(s->fd, buf, (size_t)rlen, 0, deadline);
	if (!r) {
		give_back(p, slot);
		*reply = buf;
		*reply_len = (size_t)rlen;
		return PCFI_WORKER_OK;
	}
	free(buf);
	pthread_mutex_lock(&p->lock);
	st = reap(p, slot, r == -2);
	pthread_mutex_unlock(&p->lock);
	give_back(p, slot);
	if (r == -2) {
		snprintf(why, whylen, "did not finish within %u s (stopped)", p->timeout_s);
		return PCFI_WORKER_TIMEOUT;
	}
	if (wstatus)
		*wstatus = st;
	if (WIFSIGNALED(st))
		snprintf(why, whylen, "crashed (signal %d, %s)", WTERMSIG(st), strsignal(WTERMSIG(st)));
	else
		snprintf(why, whylen, "ended its worker process (exit status %d)", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	return PCFI_WORKER_CRASHED;
}
