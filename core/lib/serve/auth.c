/*
 * auth.c - the clients of `pcf serve` (a credentials file of "CLIENT-ID SECRET" lines that only
 * its owner may read) and the access tokens it hands out: 32 random bytes in hex, kept in memory
 * with their expiry (a monotonic clock), compared in constant time. Secrets and tokens never
 * reach an error message or the log.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "base/error_impl.h"
#include "base/hex.h"
#include "serve/serve_impl.h"
#include <pcf/serve.h>

#define CRED_FILE_MAX 65536
#define ID_MAX 128
#define SECRET_MIN 16
#define SECRET_MAX 256

struct client {
	char id[ID_MAX + 1];
	unsigned char secret_hash[32];
};

struct token {
	unsigned char hash[32];  /* SHA-256 of the token text */
	int64_t expires;         /* monotonic milliseconds */
	int used;
};

struct pcfi_auth {
	struct client clients[PCF_SERVE_CLIENTS_MAX];
	size_t nclients;
	unsigned ttl;
	pthread_mutex_t lock;
	struct token tokens[PCF_SERVE_TOKENS_MAX];
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sha256(const void *d, size_t n, unsigned char out[32])
{
	unsigned int len = 32;

	if (!EVP_Digest(d, n, out, &len, EVP_sha256(), NULL))
		memset(out, 0, 32);
}

static pcf_status parse_credentials(pcfi_auth *a, const char *path, const char *text, size_t len, pcf_error *err)
{
	unsigned long line = 0;
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end, *q = p, *id, *sec;
		size_t idlen, seclen;

		line++;
		while (q < e && (*q == ' ' || *q == '\t'))
			q++;
		if (q == e || *q == '#' || (*q == '\r' && q + 1 == e)) {
			p = nl ? nl + 1 : end;
			continue;
		}
		id = q;
		while (q < e && *q != ' ' && *q != '\t')
			q++;
		idlen = (size_t)(q - id);
		while (q < e && (*q == ' ' || *q == '\t'))
			q++;
		sec = q;
		while (q < e && *q != ' ' && *q != '\t' && *q != '\r')
			q++;
		seclen = (size_t)(q - sec);
		while (q < e && (*q == ' ' || *q == '\t' || *q == '\r'))
			q++;
		if (seclen == 0 || q != e)
			return pcfi_error_at(err, PCF_E_INVALID, path, line, 0, NULL,
			                     "expected CLIENT-ID SECRET (two words), found %s",
			                     seclen == 0 ? "one word" : "more than two");
		if (idlen > ID_MAX || memchr(id, ':', idlen))
			return pcfi_error_at(err, PCF_E_INVALID, path, line, 1, NULL,
			                     "a client id has at most %d characters and no ':'", ID_MAX);
		if (seclen < SECRET_MIN || seclen > SECRET_MAX)
			return pcfi_error_at(err, PCF_E_INVALID, path, line, (unsigned long)(sec - p) + 1, NULL,
			                     "a secret has %d to %d characters, this one has %zu", SECRET_MIN, SECRET_MAX,
			                     seclen);
		for (size_t i = 0; i < a->nclients; i++)
			if (strlen(a->clients[i].id) == idlen && !memcmp(a->clients[i].id, id, idlen))
				return pcfi_error_at(err, PCF_E_INVALID, path, line, 1, NULL, "client id given twice");
		if (a->nclients == PCF_SERVE_CLIENTS_MAX)
			return pcfi_error_at(err, PCF_E_LIMIT, path, line, 1, NULL, "more than %u clients",
			                     PCF_SERVE_CLIENTS_MAX);
		memcpy(a->clients[a->nclients].id, id, idlen);
		a->clients[a->nclients].id[idlen] = 0;
		sha256(sec, seclen, a->clients[a->nclients].secret_hash);
		a->nclients++;
		p = nl ? nl + 1 : end;
	}
	if (a->nclients == 0)
		return pcfi_error_at(err, PCF_E_INVALID, path, 0, 0, NULL, "no client: expected CLIENT-ID SECRET lines");
	return PCF_OK;
}

pcf_status pcfi_auth_new(const char *path, unsigned ttl, pcfi_auth **out, pcf_error *err)
{
	pcfi_auth *a;
	struct stat st;
	char *text;
	ssize_t got;
	size_t len = 0;
	int fd;
	pcf_status s;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return pcfi_error_at(err, PCF_E_IO, path, 0, 0, NULL, "cannot open the credentials file: %s",
		                     strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return pcfi_error_at(err, PCF_E_IO, path, 0, 0, NULL, "the credentials file is not a regular file");
	}
	if (st.st_mode & 077) {
		close(fd);
		return pcfi_error_at(err, PCF_E_INVALID, path, 0, 0, NULL,
		                     "the credentials file is accessible by group or others (mode %04o); run chmod 600",
		                     (unsigned)(st.st_mode & 07777));
	}
	if (st.st_size > CRED_FILE_MAX) {
		close(fd);
		return pcfi_error_at(err, PCF_E_LIMIT, path, 0, 0, NULL, "the credentials file is over %d bytes",
		                     CRED_FILE_MAX);
	}
	text = malloc((size_t)st.st_size + 1);
	a = calloc(1, sizeof *a);
	if (!text || !a) {
		close(fd);
		free(text);
		free(a);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	while (len < (size_t)st.st_size && (got = read(fd, text + len, (size_t)st.st_size - len)) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		len += (size_t)got;
	}
	close(fd);
	a->ttl = ttl ? ttl : PCF_SERVE_TOKEN_TTL;
	s = parse_credentials(a, path, text, len, err);
	OPENSSL_cleanse(text, (size_t)st.st_size + 1);
	free(text);
	if (s != PCF_OK) {
		OPENSSL_cleanse(a, sizeof *a);
		free(a);
		return s;
	}
	pthread_mutex_init(&a->lock, NULL);
	*out = a;
	return PCF_OK;
}

void pcfi_auth_free(pcfi_auth *a)
{
	if (!a)
		return;
	pthread_mutex_destroy(&a->lock);
	OPENSSL_cleanse(a, sizeof *a);
	free(a);
}

unsigned pcfi_auth_ttl(const pcfi_auth *a)
{
	return a->ttl;
}

int pcfi_auth_check_client(const pcfi_auth *a, const char *id, const char *secret, size_t secret_len)
{
	unsigned char h[32];
	int ok = 0;

	sha256(secret, secret_len, h);
	for (size_t i = 0; i < a->nclients; i++)
		if (!strcmp(a->clients[i].id, id) && !CRYPTO_memcmp(a->clients[i].secret_hash, h, 32))
			ok = 1;
	OPENSSL_cleanse(h, sizeof h);
	return ok;
}

int pcfi_auth_issue(pcfi_auth *a, char out[65])
{
	unsigned char raw[32];
	int64_t t = now_ms();
	size_t i, slot = PCF_SERVE_TOKENS_MAX;

	if (RAND_bytes(raw, sizeof raw) != 1)
		return -1;
	pcfi_hex_encode(raw, sizeof raw, out);
	OPENSSL_cleanse(raw, sizeof raw);
	pthread_mutex_lock(&a->lock);
	/* A free slot, else the one expired longest ago (an expired token then reads as unknown). */
	for (i = 0; i < PCF_SERVE_TOKENS_MAX; i++) {
		if (!a->tokens[i].used) {
			slot = i;
			break;
		}
		if (a->tokens[i].expires <= t && (slot == PCF_SERVE_TOKENS_MAX ||
		                                  a->tokens[i].expires < a->tokens[slot].expires))
			slot = i;
	}
	if (slot == PCF_SERVE_TOKENS_MAX) {
		pthread_mutex_unlock(&a->lock);
		return -1;
	}
	sha256(out, 64, a->tokens[slot].hash);
	a->tokens[slot].expires = t + (int64_t)a->ttl * 1000;
	a->tokens[slot].used = 1;
	pthread_mutex_unlock(&a->lock);
	return 0;
}

int pcfi_auth_token(pcfi_auth *a, const char *token)
{
	unsigned char h[32];
	int64_t t = now_ms();
	int r = 2;

	if (strlen(token) != 64)
		return 2;
	sha256(token, 64, h);
	pthread_mutex_lock(&a->lock);
	for (size_t i = 0; i < PCF_SERVE_TOKENS_MAX; i++)
		if (a->tokens[i].used && !CRYPTO_memcmp(a->tokens[i].hash, h, 32))
			r = a->tokens[i].expires > t ? 0 : 1;
	pthread_mutex_unlock(&a->lock);
	return r;
}
