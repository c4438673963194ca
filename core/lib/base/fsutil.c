/*
 * fsutil.c - bounded file reads, atomic file writes and permission checks.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <pcf/file.h>

#include "base/fsutil.h"

const char *pcfi_getenv(const char *name)
{
#ifdef HAVE_SECURE_GETENV
	return secure_getenv(name);
#else
	if (getuid() != geteuid() || getgid() != getegid())
		return NULL;
	return getenv(name);
#endif
}

/* More than max bytes came from path while reading it (what: see pcfi_read_file_named). */
static pcf_status too_large(pcf_error *err, const char *path, const char *what, size_t max)
{
	if (what)
		return pcfi_error_at(err, PCF_E_LIMIT, path, 0, 0, NULL,
		                     "the %s grew past the limit of %zu bytes while being read", what, max);
	return pcfi_error_at(err, PCF_E_LIMIT, path, 0, 0, NULL, "input is larger than the limit of %zu bytes", max);
}

/*
 * Read fd to its end into a new NUL-terminated buffer, refusing more than max bytes; what (NULL: none)
 * names the input in the message of one that grows past max while being read.
 */
static pcf_status read_fd(int fd, const char *path, size_t hint, size_t max, const char *what, char **data,
                          size_t *len, pcf_error *err)
{
	char *buf = NULL;
	size_t n = 0, cap = 0;

	for (;;) {
		ssize_t r;
		if (cap - n < 2) {
			size_t ncap = cap ? cap * 2 : hint + 2;
			char *p;
			if (ncap > max + 2)
				ncap = max + 2;
			if (ncap <= cap) {
				free(buf);
				return too_large(err, path, what, max);
			}
			p = realloc(buf, ncap);
			if (!p) {
				free(buf);
				return pcfi_error(err, PCF_E_NOMEM, "out of memory reading %s", path);
			}
			buf = p;
			cap = ncap;
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0) {
			int e = errno;
			if (e == EINTR)
				continue;
			free(buf);
			return pcfi_error_at(err, PCF_E_IO, path, 0, 0, NULL, "read failed: %s", strerror(e));
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max) {
			free(buf);
			return too_large(err, path, what, max);
		}
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return PCF_OK;
}

pcf_status pcfi_read_file(const char *path, size_t max, char **data, size_t *len, pcf_error *err)
{
	return pcfi_read_file_named(path, max, NULL, data, len, err);
}

pcf_status pcfi_read_file_named(const char *path, size_t max, const char *what, char **data, size_t *len,
                                pcf_error *err)
{
	int fd;
	struct stat st;
	pcf_status s;

	*data = NULL;
	*len = 0;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return pcfi_error_at(err, PCF_E_IO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return pcfi_error_at(err, PCF_E_IO, path, 0, 0, NULL, "not a regular file");
	}
	if ((unsigned long long)st.st_size > max) {
		close(fd);
		if (what)
			return pcfi_error_at(err, PCF_E_LIMIT, path, 0, 0, NULL, "the %s is %lld bytes, more than the limit of %zu",
			                     what, (long long)st.st_size, max);
		return pcfi_error_at(err, PCF_E_LIMIT, path, 0, 0, NULL,
		                     "file is %lld bytes, more than the limit of %zu", (long long)st.st_size, max);
	}
	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	s = read_fd(fd, path, (size_t)st.st_size, max, what, data, len, err);
	close(fd);
	return s;
}

pcf_status pcfi_read_stdin_named(size_t max, const char *what, char **data, size_t *len, pcf_error *err)
{
	struct stat st;
	pcf_status s;

	*data = NULL;
	*len = 0;
	/* A redirected file is refused by its size before it is read, as a named file is. */
	if (fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode) && (unsigned long long)st.st_size > max)
		return pcfi_error_at(err, PCF_E_LIMIT, "stdin", 0, 0, NULL, "the %s is %lld bytes, more than the limit of %zu",
		                     what, (long long)st.st_size, max);
	s = read_fd(STDIN_FILENO, "stdin", 65536, max, NULL, data, len, err);
	if (s == PCF_E_LIMIT)
		pcfi_error_at(err, PCF_E_LIMIT, "stdin", 0, 0, NULL, "the %s is more than the limit of %zu bytes", what, max);
	return s;
}

pcf_status pcf_file_read(const char *path, size_t max, char **data, size_t *len, pcf_error *err)
{
	if (!path || !data || !len)
		return pcfi_error(err, PCF_E_ARG, "pcf_file_read: NULL argument");
	if (strcmp(path, "-") == 0) {
		*data = NULL;
		*len = 0;
		return read_fd(STDIN_FILENO, "<stdin>", 65536, max, NULL, data, len, err);
	}
	return pcfi_read_file(path, max, data, len, err);
}

pcf_status pcf_file_write(const char *path, const void *data, size_t len, int overwrite, pcf_error *err)
{
	if (!path || (!data && len))
		return pcfi_error(err, PCF_E_ARG, "pcf_file_write: NULL argument");
	return pcfi_write_file_atomic(path, data, len, overwrite, 0644, err);
}

int pcfi_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

static void fsync_dir_of(const char *path)
{
	char *copy = strdup(path);
	int fd;

	if (!copy)
		return;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(copy);
}

pcf_status pcfi_write_file_atomic(const char *path, const void *data, size_t len, int overwrite,
                                  unsigned mode, pcf_error *err)
{
	char *tmp, *copy, *base;
	const char *dir;
	size_t tlen;
	int fd, e;
	pcf_status st = PCF_OK;

	copy = strdup(path);
	tlen = strlen(path) + 32;
	tmp = malloc(tlen);
	if (!copy || !tmp) {
		free(copy);
		free(tmp);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	base = strrchr(copy, '/');
	if (base) {
		*base++ = '\0';
		dir = copy[0] ? copy : "/";
	} else {
		base = copy;
		dir = ".";
	}
	snprintf(tmp, tlen, "%s/.%s.tmpXXXXXX", dir, base);
	if (!overwrite && access(path, F_OK) == 0) {
		st = pcfi_error_at(err, PCF_E_EXISTS, path, 0, 0, NULL, "output exists (use --force to overwrite)");
		goto out;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		st = pcfi_error_at(err, PCF_E_IO, path, 0, 0, NULL, "cannot create a temporary file in %s: %s",
		                   dir, strerror(errno));
		goto out;
	}
	if (fchmod(fd, mode) || pcfi_write_all(fd, data, len) || fsync(fd)) {
		e = errno;
		close(fd);
		unlink(tmp);
		st = pcfi_error_at(err, PCF_E_IO, path, 0, 0, NULL, "write failed: %s", strerror(e));
		goto out;
	}
	if (close(fd)) {
		e = errno;
		unlink(tmp);
		st = pcfi_error_at(err, PCF_E_IO, path, 0, 0, NULL, "write failed: %s", strerror(e));
		goto out;
	}
	if (overwrite) {
		if (rename(tmp, path)) {
			e = errno;
			unlink(tmp);
			st = pcfi_error_at(err, PCF_E_IO, path, 0, 0, NULL, "cannot rename into place: %s", strerror(e));
			goto out;
		}
	} else {
		/* link() refuses an existing target, closing the race between the check above and now. */
		if (link(tmp, path)) {
			e = errno;
			unlink(tmp);
			st = e == EEXIST
			     ? pcfi_error_at(err, PCF_E_EXISTS, path, 0, 0, NULL, "output exists (use --force to overwrite)")
			     : pcfi_error_at(err, PCF_E_IO, path, 0, 0, NULL, "cannot link into place: %s", strerror(e));
			goto out;
		}
		unlink(tmp);
	}
	fsync_dir_of(path);
out:
	free(copy);
	free(tmp);
	return st;
}

pcf_status pcfi_check_private_file(const char *path, pcf_error *err)
{
	struct stat st;

	if (stat(path, &st))
		return pcfi_error_at(err, PCF_E_IO, path, 0, 0, NULL, "cannot stat: %s", strerror(errno));
	if (!S_ISREG(st.st_mode))
		return pcfi_error_at(err, PCF_E_IO, path, 0, 0, NULL, "not a regular file");
	if (st.st_mode & 077)
		return pcfi_error_at(err, PCF_E_KEY, path, 0, 0, NULL,
		                     "private key is accessible by group or others (mode %04o); run chmod 600",
		                     (unsigned)(st.st_mode & 07777));
	return PCF_OK;
}

pcf_status pcfi_check_trusted_path(const char *path, pcf_error *err)
{
	struct stat st;
	char *real, *p;

	if (lstat(path, &st))
		return pcfi_error_at(err, PCF_E_IO, path, 0, 0, NULL, "cannot stat: %s", strerror(errno));
	if (!S_ISREG(st.st_mode))
		return pcfi_error_at(err, PCF_E_PLUGIN, path, 0, 0, NULL, "not a regular file");
	if (st.st_mode & 022)
		return pcfi_error_at(err, PCF_E_PLUGIN, path, 0, 0, NULL, "file is writable by group or others (mode %04o)",
		                     (unsigned)(st.st_mode & 07777));
	real = realpath(path, NULL);
	if (!real)
		return pcfi_error_at(err, PCF_E_IO, path, 0, 0, NULL, "cannot resolve path: %s", strerror(errno));
	while ((p = strrchr(real, '/')) != NULL) {
		if (p == real)
			p[1] = '\0';
		else
			*p = '\0';
		if (stat(real, &st)) {
			pcf_status s = pcfi_error_at(err, PCF_E_IO, path, 0, 0, NULL, "cannot stat folder %s: %s", real,
			                             strerror(errno));
			free(real);
			return s;
		}
		/* A sticky folder owned by root or us (like /tmp) is safe: others cannot replace what is in it. */
		if ((st.st_mode & 022) && !((st.st_mode & S_ISVTX) && (st.st_uid == 0 || st.st_uid == geteuid()))) {
			pcf_status s = pcfi_error_at(err, PCF_E_PLUGIN, path, 0, 0, NULL,
			                             "folder %s is writable by group or others (mode %04o)", real,
			                             (unsigned)(st.st_mode & 07777));
			free(real);
			return s;
		}
		if (strcmp(real, "/") == 0)
			break;
	}
	free(real);
	return PCF_OK;
}
