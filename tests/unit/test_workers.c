/*
 * test_workers.c - the worker processes of core/lib/plugin/workers.c: a round trip, a worker that
 * crashes or hangs fails only its call and is replaced, many threads share a pool while workers die
 * and are forked again (by the spawner, never by the threaded caller), and a worker's standard
 * output and error are /dev/null.
 */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plugin/workers.h"
#include "tap.h"

static volatile int forever = 1;

/* "echo:X" -> X; "crash" dies of SIGSEGV; "exit" ends with status 3; "hang" never answers; "null" -> "1" when fd 1 and 2 are /dev/null. */
static int serve(void *data, const char *req, size_t len, pcfi_buf *reply)
{
	(void)data;
	if (len >= 5 && !memcmp(req, "echo:", 5)) {
		pcfi_buf_append(reply, req + 5, len - 5);
	} else if (len == 5 && !memcmp(req, "crash", 5)) {
		signal(SIGSEGV, SIG_DFL);
		raise(SIGSEGV);
	} else if (len == 4 && !memcmp(req, "exit", 4)) {
		_exit(3);
	} else if (len == 4 && !memcmp(req, "hang", 4)) {
		while (forever)
			;
	} else if (len == 4 && !memcmp(req, "null", 4)) {
		struct stat n, o, e;
		printf("a plugin that prints\n");
		fflush(stdout);
		pcfi_buf_puts(reply, stat("/dev/null", &n) == 0 && fstat(1, &o) == 0 && fstat(2, &e) == 0 &&
		                     o.st_rdev == n.st_rdev && e.st_rdev == n.st_rdev && S_ISCHR(o.st_mode) ? "1" : "0");
	}
	return 0;
}

static int call(pcfi_workers *p, size_t slot, const char *req, char *got, size_t gotlen, char *why, size_t whylen)
{
	char *reply = NULL;
	size_t rlen = 0;
	int r = pcfi_workers_call(p, slot, req, strlen(req), &reply, &rlen, why, whylen, NULL);

	if (r == PCFI_WORKER_OK)
		snprintf(got, gotlen, "%.*s", (int)rlen, reply);
	free(reply);
	return r;
}

START_TEST(round_trip)
{
	pcfi_workers *p;
	char got[64], why[256];

	ck_assert_int_eq(pcfi_workers_new(&p, serve, NULL, 1, 0, 1 << 20), 0);
	ck_assert_int_eq(call(p, (size_t)-1, "echo:hello", got, sizeof got, why, sizeof why), PCFI_WORKER_OK);
	ck_assert_str_eq(got, "hello");
	ck_assert_int_eq(call(p, 0, "echo:", got, sizeof got, why, sizeof why), PCFI_WORKER_OK);
	ck_assert_str_eq(got, "");
	ck_assert_int_eq(call(p, 0, "null", got, sizeof got, why, sizeof why), PCFI_WORKER_OK);
	ck_assert_str_eq(got, "1");
	pcfi_workers_free(p);
}
END_TEST

START_TEST(crash_and_hang_fail_one_call)
{
	pcfi_workers *p;
	char got[64], why[256];

	ck_assert_int_eq(pcfi_workers_new(&p, serve, NULL, 1, 1, 1 << 20), 0);
	ck_assert_int_eq(call(p, 0, "crash", got, sizeof got, why, sizeof why), PCFI_WORKER_CRASHED);
	ck_assert_msg(strstr(why, "crashed (signal 11"), "%s", why);
	ck_assert_int_eq(call(p, 0, "echo:after the crash", got, sizeof got, why, sizeof why), PCFI_WORKER_OK);
	ck_assert_str_eq(got, "after the crash");
	ck_assert_int_eq(call(p, 0, "hang", got, sizeof got, why, sizeof why), PCFI_WORKER_TIMEOUT);
	ck_assert_str_eq(why, "did not finish within 1 s (stopped)");
	ck_assert_int_eq(call(p, 0, "echo:after the hang", got, sizeof got, why, sizeof why), PCFI_WORKER_OK);
	ck_assert_str_eq(got, "after the hang");
	/* a request over the limit: the worker refuses to read it and exits */
	{
		char *big = malloc((1 << 20) + 2), *reply = NULL;
		size_t rl;
		memset(big, 'x', (1 << 20) + 1);
		big[(1 << 20) + 1] = 0;
		ck_assert_int_eq(pcfi_workers_call(p, 0, big, (1 << 20) + 1, &reply, &rl, why, sizeof why, NULL), PCFI_WORKER_CRASHED);
		free(big);
		free(reply);
	}
	ck_assert_int_eq(call(p, 0, "echo:still there", got, sizeof got, why, sizeof why), PCFI_WORKER_OK);
	/* the wait status, for callers that word a crash their way (plugin/compute_pool.c) */
	{
		char *reply = NULL;
		size_t rl;
		int st = -1;
		ck_assert_int_eq(pcfi_workers_call(p, 0, "crash", 5, &reply, &rl, why, sizeof why, &st), PCFI_WORKER_CRASHED);
		ck_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
		st = -1;
		ck_assert_int_eq(pcfi_workers_call(p, 0, "exit", 4, &reply, &rl, why, sizeof why, &st), PCFI_WORKER_CRASHED);
		ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 3);
		ck_assert_str_eq(why, "ended its worker process (exit status 3)");
		free(reply);
	}
	pcfi_workers_free(p);
}
END_TEST

struct hammer {
	pcfi_workers *p;
	int id, bad;
};

/* Echo 200 times; thread 0 crashes its worker every tenth call, so workers are replaced while others run. */
static void *hammer(void *arg)
{
	struct hammer *h = arg;
	char req[64], got[64], why[256];
	int i;

	for (i = 0; i < 200; i++) {
		if (h->id == 0 && i % 10 == 5) {
			if (call(h->p, (size_t)-1, "crash", got, sizeof got, why, sizeof why) != PCFI_WORKER_CRASHED)
				h->bad++;
			continue;
		}
		snprintf(req, sizeof req, "echo:%d/%d", h->id, i);
		if (call(h->p, (size_t)-1, req, got, sizeof got, why, sizeof why) != PCFI_WORKER_OK || strcmp(got, req + 5))
			h->bad++;
	}
	return NULL;
}

START_TEST(threads_share_a_pool_while_workers_die)
{
	pcfi_workers *p;
	pthread_t t[4];
	struct hammer h[4];
	int i;

	ck_assert_int_eq(pcfi_workers_new(&p, serve, NULL, 2, 10, 1 << 20), 0);
	for (i = 0; i < 4; i++) {
		h[i].p = p;
		h[i].id = i;
		h[i].bad = 0;
		ck_assert_int_eq(pthread_create(&t[i], NULL, hammer, &h[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		ck_assert_int_eq(h[i].bad, 0);
	}
	pcfi_workers_free(p);
}
END_TEST

START_TEST(wire_round_trip)
{
	pcfi_buf b = PCFI_BUF_INIT;
	pcfi_wire_rd r;
	size_t n;

	pcfi_wire_u64(&b, 42);
	pcfi_wire_str(&b, "id");
	pcfi_wire_str(&b, NULL);
	pcfi_wire_bytes(&b, "a\0b", 3);
	r.p = b.data;
	r.end = b.data + b.len;
	r.bad = 0;
	ck_assert_uint_eq(pcfi_wire_get_u64(&r), 42);
	ck_assert_str_eq(pcfi_wire_get_str(&r), "id");
	ck_assert_ptr_null(pcfi_wire_get_str(&r));
	ck_assert(!memcmp(pcfi_wire_get_bytes(&r, &n), "a\0b", 3) && n == 3);
	ck_assert(!r.bad && r.p == r.end);
	pcfi_wire_get_u64(&r);   /* past the end */
	ck_assert(r.bad);
	/* a length that claims more than there is */
	r.p = b.data + 8 + 8;    /* at the string's length */
	memset((char *)r.p, 0xff, 8);
	pcfi_wire_get_bytes(&r, &n);
	ck_assert(r.bad);
	pcfi_buf_free(&b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("workers");
	TCase *tc = tcase_create("workers");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, crash_and_hang_fail_one_call);
	tcase_add_test(tc, threads_share_a_pool_while_workers_die);
	tcase_add_test(tc, wire_round_trip);
	suite_add_tcase(s, tc);
	return tap_run(s);
}
