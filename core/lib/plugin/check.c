/*
 * check.c - the conformance check of a methodology plugin (pcf methods check): its self-description,
 * determinism across processes, clean errors on hostile inventories, and deterministic exports.
 * Every case runs in a child process with a timeout, so that a crash or a hang becomes a failed case
 * with its name instead of taking the checker down. Call it from a single-threaded process.
 */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <stdarg.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/fsutil.h"
#include "base/optinit.h"
#include "plugin/plugin_impl.h"

#define CHILD_OUTPUT_MAX (64u << 20)
#define INVENTORY_MAX (64u << 20)

/* What a child found: kind 'R' result bytes, 'E' a clean error, 'F' a failure; then text. */
typedef struct child_out {
	char kind;
	pcf_check_outcome outcome;
	char *text;                 /* NUL-terminated */
	size_t len;
	char detail[PCF_ERROR_MSG_MAX + 256];
} child_out;

typedef struct check_state {
	const pcf_check_opts *opts;
	const char *path;
	size_t failed;
	size_t cases;
} check_state;

static void report(check_state *s, const char *name, pcf_check_outcome o, const char *detail)
{
	s->cases++;
	if (o != PCF_CHECK_PASS)
		s->failed++;
	if (s->opts->report)
		s->opts->report(s->opts->report_data, name, o, detail ? detail : "");
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

/* In the child: send kind and text, then leave without running the parent's atexit handlers. */
static void child_send(int fd, char kind, const char *text, size_t len)
{
	fflush(NULL);   /* what the plugin printed into stdio's buffers, to the captured output */
	/* Write errors are ignored, as they always were here: the child leaves right after. */
	(void)pcfi_write_all(fd, &kind, 1);
	(void)pcfi_write_all(fd, text, len);
	close(fd);
	_exit(0);
}

static void child_sendf(int fd, char kind, const char *fmt, ...) PCFI_PRINTF(3, 4);
static void child_sendf(int fd, char kind, const char *fmt, ...)
{
	char msg[PCF_ERROR_MSG_MAX + 512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	child_send(fd, kind, msg, strlen(msg));
}

/* The job of a child. */
typedef void (*child_job)(int fd, check_state *s, const void *arg, int run);

/* What the child wrote to fd (its captured output): the byte count, and the first line (at most 60 bytes) in head. */
static long long captured(int fd, char *head, size_t len)
{
	off_t n = lseek(fd, 0, SEEK_END);
	ssize_t got;

	head[0] = '\0';
	if (n <= 0)
		return 0;
	got = pread(fd, head, len - 1, 0);
	head[got > 0 ? got : 0] = '\0';
	head[strcspn(head, "\n")] = '\0';
	return (long long)n;
}

/*
 * A case whose child wrote to its standard output or error (out_fd, err_fd: what was captured) fails:
 * a plugin that prints corrupts the output of 'pcf compute --json' and of every command that runs it.
 * A crash or a time-out stays what it was; the words are added to the detail.
 */
static void judge_printing(child_out *out, int out_fd, int err_fd)
{
	char h1[61], h2[61], what[400];
	long long n1 = captured(out_fd, h1, sizeof h1), n2 = captured(err_fd, h2, sizeof h2);
	size_t used;

	if (!n1 && !n2)
		return;
	if (n1 && n2)
		snprintf(what, sizeof what, "standard output (%lld bytes: \"%s\") and standard error (%lld bytes: \"%s\")",
		         n1, h1, n2, h2);
	else
		snprintf(what, sizeof what, "standard %s (%lld bytes: \"%s\")", n1 ? "output" : "error", n1 ? n1 : n2,
		         n1 ? h1 : h2);
	if (out->outcome == PCF_CHECK_PASS) {
		out->outcome = PCF_CHECK_FAIL;
		out->detail[0] = '\0';
	}
	used = strlen(out->detail);
	snprintf(out->detail + used, sizeof out->detail - used,
	         "%sthe plugin wrote to %s: a plugin must not print (use host->log or host->warn)", used ? "; " : "", what);
}

/* Run job in a child; collect what it sent, or how it died. */
static void run_child(check_state *s, child_job job, const void *arg, int run, child_out *out)
{
	int p[2];
	pid_t pid;
	pcfi_buf b = PCFI_BUF_INIT;
	unsigned timeout = s->opts->timeout_ms ? s->opts->timeout_ms : 10000;
	struct timespec t0, t1;
	int status = 0, timed_out = 0;

	/* The child's standard output and error, captured: a plugin must never print (the host's output is
	 * the command's: JSON, a table, a verdict), so a case in which it does fails. */
	int cap[2] = { -1, -1 };

	memset(out, 0, sizeof *out);
	if ((cap[0] = memfd_create("pcf-check-stdout", MFD_CLOEXEC)) < 0 ||
	    (cap[1] = memfd_create("pcf-check-stderr", MFD_CLOEXEC)) < 0 || pipe(p)) {
		out->outcome = PCF_CHECK_FAIL;
		snprintf(out->detail, sizeof out->detail, "cannot create a pipe: %s", strerror(errno));
		if (cap[0] >= 0)
			close(cap[0]);
		if (cap[1] >= 0)
			close(cap[1]);
		return;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		close(cap[0]);
		close(cap[1]);
		out->outcome = PCF_CHECK_FAIL;
		snprintf(out->detail, sizeof out->detail, "cannot fork: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		/* Its own process group, so that whatever it starts is killed with it on a timeout. */
		setpgid(0, 0);
		close(p[0]);
		/* The child must not talk on the checker's terminal: what it prints is captured and judged. */
		if (dup2(cap[0], 1) < 0 || dup2(cap[1], 2) < 0)
			_exit(3);
		job(p[1], s, arg, run);
		_exit(3);
	}
	close(p[1]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd pfd = { p[0], POLLIN, 0 };
		long elapsed;
		int r;
		char chunk[65536];
		ssize_t n;

		clock_gettime(CLOCK_MONOTONIC, &t1);
		elapsed = (long)(t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
		if (elapsed >= (long)timeout) {
			timed_out = 1;
			break;
		}
		r = poll(&pfd, 1, (int)((long)timeout - elapsed));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				timed_out = 1;
			break;
		}
		n = read(p[0], chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		/* the kind byte, then at most CHILD_OUTPUT_MAX bytes of result, export or message */
		if (b.len + (size_t)n > CHILD_OUTPUT_MAX + 1) {
			timed_out = -1;
			break;
		}
		pcfi_buf_append(&b, chunk, (size_t)n);
	}
	close(p[0]);
	if (timed_out) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (timed_out == 1) {
		out->outcome = PCF_CHECK_TIMEOUT;
		snprintf(out->detail, sizeof out->detail, "did not finish within %u ms (killed)", timeout);
	} else if (timed_out == -1) {
		out->outcome = PCF_CHECK_FAIL;
		snprintf(out->detail, sizeof out->detail, "wrote more than the limit of %u bytes", CHILD_OUTPUT_MAX);
	} else if (WIFSIGNALED(status) && WTERMSIG(status) != 0) {
		out->outcome = PCF_CHECK_CRASH;
		snprintf(out->detail, sizeof out->detail, "crashed: killed by signal %d (%s)", WTERMSIG(status),
		         strsignal(WTERMSIG(status)));
	} else if (b.oom) {
		out->outcome = PCF_CHECK_FAIL;
		snprintf(out->detail, sizeof out->detail, "out of memory reading the child's output");
	} else if (b.len == 0) {
		/* A plugin never exits; a sanitizer that caught a crash exits instead of dying of the signal. */
		out->outcome = PCF_CHECK_CRASH;
		snprintf(out->detail, sizeof out->detail, "died without an answer (exit status %d)",
		         WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	} else {
		out->kind = b.data[0];
		out->len = b.len - 1;
		out->text = malloc(out->len + 1);
		if (!out->text) {
			out->outcome = PCF_CHECK_FAIL;
			snprintf(out->detail, sizeof out->detail, "out of memory");
		} else {
			memcpy(out->text, b.data + 1, out->len);
			out->text[out->len] = '\0';
			out->outcome = out->kind == 'F' ? PCF_CHECK_FAIL : PCF_CHECK_PASS;
			snprintf(out->detail, sizeof out->detail, "%.*s", (int)(out->len > 1200 ? 1200 : out->len), out->text);
		}
	}
	pcfi_buf_free(&b);
	judge_printing(out, cap[0], cap[1]);
	close(cap[0]);
	close(cap[1]);
}

/* In a child: load the plugin, or send the refusal and leave. */
static const pcf_method *child_load(int fd, check_state *s, pcf_methods **ms)
{
	const pcf_method *m;
	pcf_error e;
	char msg[PCF_ERROR_FILE_MAX + PCF_ERROR_MSG_MAX + 8];

	if (pcf_methods_new(ms, PCF_METHODS_NO_ENV | PCF_METHODS_NO_DEFAULT, &e) != PCF_OK)
		child_sendf(fd, 'F', "%s", e.message);
	if (pcf_methods_load(*ms, s->path, &m, &e) != PCF_OK)
		child_sendf(fd, 'F', "%s", pcf_error_format(&e, msg, sizeof msg));
	return m;
}

static int looks_like_version(const char *v)
{
	/* MAJOR.MINOR[.PATCH][-suffix]: digits first */
	int dots = 0;
	const char *p = v;

	if (!(*p >= '0' && *p <= '9'))
		return 0;
	for (; *p && *p != '-' && *p != '+'; p++) {
		if (*p == '.')
			dots++;
		else if (!(*p >= '0' && *p <= '9'))
			return 0;
	}
	return dots >= 1 && dots <= 2 && p[-1] != '.';
}

/* Child: the self-description. */
static void job_describe(int fd, check_state *s, const void *arg, int run)
{
	pcf_methods *ms;
	const pcf_method *m = child_load(fd, s, &ms);
	const char *id = pcf_method_id(m);
	const char *file = base_name(s->path);
	size_t idl = strlen(id), i;

	(void)arg;
	(void)run;
	if (strncmp(file, id, idl) || strcmp(file + idl, ".so"))
		child_sendf(fd, 'F', "the file is named %s but the plugin's id is '%s': install it as %s.so", file, id, id);
	if (!looks_like_version(pcf_method_version(m)))
		child_sendf(fd, 'F', "version '%s' is not MAJOR.MINOR[.PATCH]", pcf_method_version(m));
	if (!pcf_method_clause(m)[0])
		child_sendf(fd, 'F', "no clause: say which clauses of %s the plugin implements", pcf_method_standard(m));
	if (strlen(pcf_method_description(m)) < 40)
		child_sendf(fd, 'F', "the description is shorter than 40 characters: describe the scope, boundary and rules");
	for (i = 0; i < pcf_method_param_count(m); i++) {
		const char *name, *values;
		pcf_method_param(m, i, &name, &values, NULL, NULL);
		if (!values[0])
			child_sendf(fd, 'F', "parameter '%s' does not say which values it accepts", name);
	}
	/* plugin.h: a plugin refuses a host of another major without touching *out. */
	{
		void *h = dlopen(s->path, RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD), *sym = h ? dlsym(h, "pcf_plugin_entry") : NULL;
		static const pcf_plugin sentinel;
		const pcf_plugin *d = &sentinel;
		pcf_plugin_entry_fn entry;
		if (sym) {
			memcpy(&entry, &sym, sizeof entry);
			if (entry(&pcfi_host, PCF_PLUGIN_ABI_MAJOR + 1, &d) == PCF_OK || d != &sentinel)
				child_sendf(fd, 'F', "pcf_plugin_entry accepted a host of ABI major %d (it must return an error and "
				            "leave *out alone when host_abi_major is not %d)", PCF_PLUGIN_ABI_MAJOR + 1,
				            PCF_PLUGIN_ABI_MAJOR);
		}
	}
	child_sendf(fd, 'R', "%s %s: %s", id, pcf_method_version(m), pcf_method_title(m));
}

/*
 * In the second run's child only: make the plugin load at another address than in the first run (a fork
 * keeps the parent's address-space layout, so both would load it at the same place). Load it once, note
 * where it went, unload it (this child is thrown away), and reserve that place. A result that depends on
 * an address then differs between the runs. Best effort: nothing changes if the plugin cannot be unloaded.
 */
static void shift_load_address(const char *path)
{
	struct link_map *lm = NULL;
	void *h;
	uintptr_t base;

	if (pcfi_check_trusted_path(path, NULL) != PCF_OK)
		return;
	if (!(h = dlopen(path, RTLD_NOW | RTLD_LOCAL)))
		return;
	if (dlinfo(h, RTLD_DI_LINKMAP, &lm) || !lm) {
		dlclose(h);
		return;
	}
	base = (uintptr_t)lm->l_addr;
	dlclose(h);
	/* its first page is enough; a hint, not MAP_FIXED: the kernel honours it when the page is free */
	(void)mmap((void *)base, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

/* Child: compute an inventory file; send the result JSON ('R') or the error ('E' clean, 'F' not). */
static void job_compute(int fd, check_state *s, const void *arg, int run)
{
	const char *inv_path = arg;
	pcf_methods *ms;
	const pcf_method *m;

	if (run)
		shift_load_address(s->path);
	m = child_load(fd, s, &ms);
	char *bytes = NULL, *json = NULL;
	size_t len = 0, jl = 0;
	pcf_result *r = NULL;
	pcf_error e;
	pcf_status st;
	char msg[PCF_ERROR_FILE_MAX + PCF_ERROR_PATH_MAX + PCF_ERROR_MSG_MAX + 16];
	void *jitter;

	/* Perturb what a non-deterministic plugin might depend on: heap addresses, time zone, locale. */
	jitter = malloc(run ? 4099 : 17);
	setenv("TZ", run ? "Asia/Shanghai" : "UTC", 1);
	setenv("LC_ALL", run ? "C.UTF-8" : "C", 1);
	if (pcfi_read_file(inv_path, INVENTORY_MAX, &bytes, &len, &e) != PCF_OK)
		child_sendf(fd, 'F', "cannot read the inventory: %s", pcf_error_format(&e, msg, sizeof msg));
	st = pcf_compute_bytes(m, base_name(inv_path), bytes, len, s->opts->factors, s->opts->params, &r, NULL, NULL, &e);
	free(jitter);
	if (st == PCF_OK) {
		if (pcf_result_json(r, &json, &jl, &e) != PCF_OK)
			child_sendf(fd, 'F', "the result cannot be written: %s", e.message);
		child_send(fd, 'R', json, jl);
	}
	pcf_error_format(&e, msg, sizeof msg);
	if (st == PCF_E_PLUGIN || st == PCF_E_INTERNAL || st == PCF_E_ARG)
		child_sendf(fd, 'F', "%s", msg);
	if (!e.message[0])
		child_sendf(fd, 'F', "failed with status %d (%s) without a message", (int)st, pcf_status_str(st));
	child_sendf(fd, 'E', "%s", msg);
}

/* Child: compute an inventory and export it in a format. */
typedef struct export_arg {
	const char *inventory;
	const char *format;
	const char *media_type;
} export_arg;

static void job_export(int fd, check_state *s, const void *arg, int run)
{
	const export_arg *a = arg;
	pcf_methods *ms;
	const pcf_method *m;

	if (run)
		shift_load_address(s->path);
	m = child_load(fd, s, &ms);
	char *bytes = NULL, *out = NULL;
	size_t len = 0, ol = 0;
	pcf_result *r = NULL;
	pcf_inventory *inv = NULL;
	pcf_error e;
	char msg[PCF_ERROR_FILE_MAX + PCF_ERROR_PATH_MAX + PCF_ERROR_MSG_MAX + 16];

	setenv("TZ", run ? "Asia/Shanghai" : "UTC", 1);
	if (pcfi_read_file(a->inventory, INVENTORY_MAX, &bytes, &len, &e) != PCF_OK ||
	    pcf_compute_bytes(m, base_name(a->inventory), bytes, len, s->opts->factors, s->opts->params, &r, &inv, NULL,
	                      &e) != PCF_OK ||
	    pcf_export(m, a->format, inv, r, s->opts->params, &out, &ol, &e) != PCF_OK)
		child_sendf(fd, 'F', "%s", pcf_error_format(&e, msg, sizeof msg));
	if (ol == 0)
		child_sendf(fd, 'F', "the export is empty");
	if (strstr(a->media_type, "json")) {
		json_error_t je;
		json_t *j = json_loadb(out, ol, JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL, &je);
		if (!j)
			child_sendf(fd, 'F', "the export is not valid JSON: line %d column %d: %s", je.line, je.column, je.text);
		json_decref(j);
	}
	child_send(fd, 'R', out, ol);
}

static void first_difference(const child_out *a, const child_out *b, char *buf, size_t len)
{
	size_t i, line = 1, n = a->len < b->len ? a->len : b->len;

	for (i = 0; i < n && a->text[i] == b->text[i]; i++)
		if (a->text[i] == '\n')
			line++;
	snprintf(buf, len, "two runs in separate processes gave different bytes (%zu and %zu bytes, first difference at byte %zu, line %zu)",
	         a->len, b->len, i, line);
}

static void free_out(child_out *o)
{
	free(o->text);
	o->text = NULL;
}

pcf_status pcf_check_opts_init(pcf_check_opts *opts, unsigned version)
{
	return pcfi_opts_init(opts, sizeof *opts, version, PCF_CHECK_OPTS_VERSION);
}

pcf_status pcf_check_plugin(const char *path, const pcf_check_opts *opts, size_t *failed, pcf_error *err)
{
	check_state s;
	child_out a, b;
	size_t i, k;
	char name[PCF_ERROR_FILE_MAX + 64], detail[PCF_ERROR_MSG_MAX + 512];
	const char *computed = NULL;    /* an example that computed, for the export cases */
	size_t ncomputed = 0, nrefused = 0;

	if (!path || !opts || !failed)
		return pcfi_error(err, PCF_E_ARG, "pcf_check_plugin: NULL argument");
	if (opts->version > PCF_CHECK_OPTS_VERSION)
		return pcfi_error(err, PCF_E_ARG, "pcf_check_opts version %u is newer than this library's %d", opts->version,
		                  PCF_CHECK_OPTS_VERSION);
	memset(&s, 0, sizeof s);
	s.opts = opts;
	s.path = path;

	/* 1. loading and the self-description */
	run_child(&s, job_describe, NULL, 0, &a);
	report(&s, "describe", a.outcome, a.detail);
	free_out(&a);
	if (s.failed) {
		*failed = s.failed;
		return PCF_OK;
	}

	/* 2. determinism: each example twice, in two processes */
	for (i = 0; i < opts->nexamples; i++) {
		const char *ex = opts->examples[i];
		snprintf(name, sizeof name, "example %s", base_name(ex));
		run_child(&s, job_compute, ex, 0, &a);
		if (a.outcome != PCF_CHECK_PASS) {
			report(&s, name, a.outcome, a.detail);
			free_out(&a);
			continue;
		}
		run_child(&s, job_compute, ex, 1, &b);
		if (b.outcome != PCF_CHECK_PASS)
			report(&s, name, b.outcome, b.detail);
		else if (a.kind != b.kind || a.len != b.len || memcmp(a.text, b.text, a.len)) {
			first_difference(&a, &b, detail, sizeof detail);
			report(&s, name, PCF_CHECK_FAIL, detail);
		} else if (a.kind == 'R') {
			ncomputed++;
			if (!computed)
				computed = ex;
			snprintf(detail, sizeof detail, "computed twice, %zu identical bytes", a.len);
			report(&s, name, PCF_CHECK_PASS, detail);
		} else {
			nrefused++;
			snprintf(detail, sizeof detail, "refused the same way twice: %s", a.detail);
			report(&s, name, PCF_CHECK_PASS, detail);
		}
		free_out(&a);
		free_out(&b);
	}
	if (opts->nexamples && !ncomputed)
		report(&s, "examples", PCF_CHECK_FAIL, nrefused == opts->nexamples ?
		       "no example inventory computed: the plugin refused them all" :
		       "no example inventory computed: each example case above failed or was refused");

	/* 3. hostile and malformed inventories: a result or a clean error */
	for (i = 0; i < opts->nhostile; i++) {
		snprintf(name, sizeof name, "hostile %s", base_name(opts->hostile[i]));
		run_child(&s, job_compute, opts->hostile[i], 0, &a);
		if (a.outcome == PCF_CHECK_PASS)
			snprintf(detail, sizeof detail, "%s", a.kind == 'R' ? "computed a valid result" : a.detail);
		report(&s, name, a.outcome, a.outcome == PCF_CHECK_PASS ? detail : a.detail);
		free_out(&a);
	}

	/* 4. exports: deterministic, non-empty, and valid JSON when they say they are JSON */
	if (computed) {
		pcf_methods *ms;
		const pcf_method *m;
		pcf_error e;
		/* The descriptor is read in a child above; the formats list is needed here, so load it in a child
		 * per format would be wasteful: the describe case proved loading is safe. */
		if (pcf_methods_new(&ms, PCF_METHODS_NO_ENV | PCF_METHODS_NO_DEFAULT, &e) == PCF_OK) {
			if (pcf_methods_load(ms, path, &m, &e) == PCF_OK) {
				for (k = 0; k < pcf_method_format_count(m); k++) {
					export_arg ea;
					pcf_method_format(m, k, &ea.format, &ea.media_type, NULL, NULL);
					ea.inventory = computed;
					snprintf(name, sizeof name, "export %s", ea.format);
					run_child(&s, job_export, &ea, 0, &a);
					if (a.outcome == PCF_CHECK_PASS)
						run_child(&s, job_export, &ea, 1, &b);
					else
						memset(&b, 0, sizeof b);
					if (a.outcome != PCF_CHECK_PASS)
						report(&s, name, a.outcome, a.detail);
					else if (b.outcome != PCF_CHECK_PASS)
						report(&s, name, b.outcome, b.detail);
					else if (a.len != b.len || memcmp(a.text, b.text, a.len)) {
						first_difference(&a, &b, detail, sizeof detail);
						report(&s, name, PCF_CHECK_FAIL, detail);
					} else {
						snprintf(detail, sizeof detail, "%s of %s, twice, %zu identical bytes", ea.format,
						         base_name(computed), a.len);
						report(&s, name, PCF_CHECK_PASS, detail);
					}
					free_out(&a);
					free_out(&b);
				}
			}
			pcf_methods_free(ms);
		}
	}
	*failed = s.failed;
	return PCF_OK;
}
