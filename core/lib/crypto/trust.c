/*
 * trust.c - the verifier's trust store: anchors and CRLs from the verifier's configuration only.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/fsutil.h"
#include "crypto/trust_impl.h"
#include "crypto/x509_policy.h"

#define TRUST_FILE_MAX (4u << 20)
#define TRUST_DIR_MAX_FILES 1000

struct pcf_trust {
	X509_STORE *store;
	STACK_OF(X509_CRL) *crls;
	size_t nanchors;
};

X509_STORE *pcfi_trust_store(const pcf_trust *t)
{
	return t->store;
}

STACK_OF(X509_CRL) *pcfi_trust_crls(const pcf_trust *t)
{
	return t->crls;
}

pcf_status pcf_trust_new(pcf_trust **out, pcf_error *err)
{
	pcf_trust *t;

	if (!out)
		return pcfi_error(err, PCF_E_ARG, "pcf_trust_new: NULL argument");
	*out = NULL;
	t = calloc(1, sizeof *t);
	if (!t || !(t->store = X509_STORE_new()) || !(t->crls = sk_X509_CRL_new_null())) {
		pcf_trust_free(t);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory creating the trust store");
	}
	*out = t;
	return PCF_OK;
}

void pcf_trust_free(pcf_trust *t)
{
	if (!t)
		return;
	X509_STORE_free(t->store);
	sk_X509_CRL_pop_free(t->crls, X509_CRL_free);
	free(t);
}

size_t pcf_trust_anchor_count(const pcf_trust *t)
{
	return t ? t->nanchors : 0;
}

size_t pcf_trust_crl_count(const pcf_trust *t)
{
	return t ? (size_t)sk_X509_CRL_num(t->crls) : 0;
}

/* Add every PEM certificate in one file. */
static pcf_status add_anchor_file(pcf_trust *t, const char *path, int check_perms, pcf_error *err)
{
	char *data;
	size_t len, n = 0;
	BIO *bio;
	pcf_status st;

	if (check_perms && (st = pcfi_check_trusted_path(path, err)) != PCF_OK)
		return st;
	if ((st = pcfi_read_file(path, TRUST_FILE_MAX, &data, &len, err)) != PCF_OK)
		return st;
	bio = BIO_new_mem_buf(data, (int)len);
	if (!bio) {
		free(data);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory reading %s", path);
	}
	ERR_clear_error();
	for (;;) {
		X509 *x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
		if (!x) {
			unsigned long e = ERR_peek_last_error();
			if (ERR_GET_LIB(e) == ERR_LIB_PEM && ERR_GET_REASON(e) == PEM_R_NO_START_LINE) {
				ERR_clear_error();
				break;
			}
			char msg[512] = "";
			pcfi_ossl_error_text(msg, sizeof msg, PCFI_OSSL_APPEND);
			BIO_free(bio);
			free(data);
			return pcfi_error_at(err, PCF_E_SYNTAX, path, 0, 0, NULL,
			                     "certificate %zu: expected a PEM certificate: %s", n + 1, msg);
		}
		if (!X509_STORE_add_cert(t->store, x)) {
			/* Adding the same certificate twice is harmless; anything else is an error. */
			unsigned long e = ERR_peek_last_error();
			if (ERR_GET_REASON(e) != X509_R_CERT_ALREADY_IN_HASH_TABLE) {
				X509_free(x);
				BIO_free(bio);
				free(data);
				return pcfi_error_at(err, PCF_E_CRYPTO, path, 0, 0, NULL, "cannot add certificate %zu", n + 1);
			}
			ERR_clear_error();
		}
		X509_free(x);
		n++;
		t->nanchors++;
	}
	BIO_free(bio);
	free(data);
	if (n == 0)
		return pcfi_error_at(err, PCF_E_INVALID, path, 0, 0, NULL, "expected PEM certificates, found none");
	return PCF_OK;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_anchor_name(const char *n)
{
	size_t l = strlen(n);
	if (n[0] == '.')
		return 0;
	return (l > 4 && (!strcmp(n + l - 4, ".pem") || !strcmp(n + l - 4, ".crt")));
}

/* Add the anchors of every .pem or .crt file in a folder, in name order. *found counts them. */
static pcf_status add_anchor_dir(pcf_trust *t, const char *dir, int check_perms, size_t *found, pcf_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i, before = t->nanchors;
	pcf_status st = PCF_OK;

	if (!d)
		return pcfi_error_at(err, PCF_E_IO, dir, 0, 0, NULL, "cannot open the folder: %s", strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (!is_anchor_name(de->d_name))
			continue;
		if (n >= TRUST_DIR_MAX_FILES) {
			st = pcfi_error_at(err, PCF_E_LIMIT, dir, 0, 0, NULL, "more than %d certificate files",
			                   TRUST_DIR_MAX_FILES);
			break;
		}
		if (n == cap) {
			char **p = realloc(names, (cap = cap ? cap * 2 : 16) * sizeof *p);
			if (!p) {
				st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
				break;
			}
			names = p;
		}
		if (!(names[n] = strdup(de->d_name))) {
			st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
			break;
		}
		n++;
	}
	closedir(d);
	if (st == PCF_OK && n)
		qsort(names, n, sizeof *names, name_cmp);
	for (i = 0; st == PCF_OK && i < n; i++) {
		char path[4096];
		struct stat sb;
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, names[i]) >= sizeof path) {
			st = pcfi_error_at(err, PCF_E_LIMIT, dir, 0, 0, NULL, "path too long");
			break;
		}
		if (lstat(path, &sb) || !S_ISREG(sb.st_mode))
			continue; /* only regular files, never symlinks */
		st = add_anchor_file(t, path, check_perms, err);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (found)
		*found = t->nanchors - before;
	return st;
}

pcf_status pcf_trust_add_anchors(pcf_trust *t, const char *path, pcf_error *err)
{
	struct stat sb;
	size_t found = 0;
	pcf_status st;

	if (!t || !path)
		return pcfi_error(err, PCF_E_ARG, "pcf_trust_add_anchors: NULL argument");
	if (stat(path, &sb))
		return pcfi_error_at(err, PCF_E_IO, path, 0, 0, NULL, "cannot read the trust anchors: %s", strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return add_anchor_file(t, path, 0, err);
	if ((st = add_anchor_dir(t, path, 0, &found, err)) != PCF_OK)
		return st;
	if (!found)
		return pcfi_error_at(err, PCF_E_INVALID, path, 0, 0, NULL,
		                     "expected *.pem or *.crt files with certificates in this folder, found none");
	return PCF_OK;
}

const char *pcf_trust_system_dir(void)
{
	return PCF_SYSCONFDIR "/pcfkit/trust";
}

pcf_status pcf_trust_user_dir(char *buf, size_t len, pcf_error *err)
{
	const char *xdg = pcfi_getenv("XDG_CONFIG_HOME"), *home = pcfi_getenv("HOME");
	int n;

	if (!buf || !len)
		return pcfi_error(err, PCF_E_ARG, "pcf_trust_user_dir: no buffer");
	buf[0] = 0;
	/* The XDG base directory spec says a relative XDG_CONFIG_HOME is to be ignored. */
	if (xdg && xdg[0] == '/')
		n = snprintf(buf, len, "%s/pcfkit/trust", xdg);
	else if (home && home[0] == '/')
		n = snprintf(buf, len, "%s/.config/pcfkit/trust", home);
	else
		return PCF_OK;
	if (n < 0 || (size_t)n >= len) {
		buf[0] = 0;
		return pcfi_error(err, PCF_E_LIMIT, "the user's configuration folder name is too long");
	}
	return PCF_OK;
}

pcf_status pcf_trust_add_default_anchors(pcf_trust *t, size_t *found, pcf_error *err)
{
	char user[4096];
	const char *dirs[2];
	size_t total = 0, i;
	pcf_status st;

	if (found)
		*found = 0;
	if (!t)
		return pcfi_error(err, PCF_E_ARG, "pcf_trust_add_default_anchors: NULL argument");
	if ((st = pcf_trust_user_dir(user, sizeof user, err)) != PCF_OK)
		return st;
	dirs[0] = pcf_trust_system_dir();
	dirs[1] = user;
	for (i = 0; i < 2; i++) {
		struct stat sb;
		size_t n = 0;
		if (!dirs[i][0] || stat(dirs[i], &sb) || !S_ISDIR(sb.st_mode))
			continue;
		if ((st = add_anchor_dir(t, dirs[i], 1, &n, err)) != PCF_OK)
			return st;
		total += n;
	}
	if (found)
		*found = total;
	return PCF_OK;
}

pcf_status pcf_trust_add_crl_file(pcf_trust *t, const char *path, pcf_error *err)
{
	char *data;
	size_t len, n = 0;
	BIO *bio;
	pcf_status st;

	if (!t || !path)
		return pcfi_error(err, PCF_E_ARG, "pcf_trust_add_crl_file: NULL argument");
	if ((st = pcfi_read_file(path, TRUST_FILE_MAX, &data, &len, err)) != PCF_OK)
		return st;
	bio = BIO_new_mem_buf(data, (int)len);
	if (!bio) {
		free(data);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory reading %s", path);
	}
	ERR_clear_error();
	if (memmem(data, len, "-----BEGIN", 10)) {
		for (;;) {
			X509_CRL *c = PEM_read_bio_X509_CRL(bio, NULL, NULL, NULL);
			if (!c) {
				unsigned long e = ERR_peek_last_error();
				if (n && ERR_GET_LIB(e) == ERR_LIB_PEM && ERR_GET_REASON(e) == PEM_R_NO_START_LINE) {
					ERR_clear_error();
					break;
				}
				char msg[512] = "";
				pcfi_ossl_error_text(msg, sizeof msg, PCFI_OSSL_APPEND);
				BIO_free(bio);
				free(data);
				return pcfi_error_at(err, PCF_E_SYNTAX, path, 0, 0, NULL, "CRL %zu: expected a PEM X509 CRL: %s",
				                     n + 1, msg);
			}
			if (!sk_X509_CRL_push(t->crls, c)) {
				X509_CRL_free(c);
				BIO_free(bio);
				free(data);
				return pcfi_error(err, PCF_E_NOMEM, "out of memory");
			}
			n++;
		}
	} else {
		X509_CRL *c = d2i_X509_CRL_bio(bio, NULL);
		if (!c || !sk_X509_CRL_push(t->crls, c)) {
			char msg[512] = "";
			X509_CRL_free(c);
			pcfi_ossl_error_text(msg, sizeof msg, PCFI_OSSL_APPEND);
			BIO_free(bio);
			free(data);
			return pcfi_error_at(err, PCF_E_SYNTAX, path, 0, 0, NULL, "expected a PEM or DER X509 CRL: %s", msg);
		}
	}
	BIO_free(bio);
	free(data);
	return PCF_OK;
}

pcf_status pcf_trust_load(const char *const *anchors, size_t n_anchors, const char *const *crls, size_t n_crls,
                          pcf_trust **out, pcf_error *err)
{
	pcf_trust *t;
	pcf_status st;
	size_t i;

	if (!out || (n_anchors && !anchors) || (n_crls && !crls))
		return pcfi_error(err, PCF_E_ARG, "pcf_trust_load: NULL argument");
	*out = NULL;
	if ((st = pcf_trust_new(&t, err)) != PCF_OK)
		return st;
	for (i = 0; i < n_anchors; i++)
		if ((st = pcf_trust_add_anchors(t, anchors[i], err)) != PCF_OK)
			goto fail;
	if (n_anchors == 0) {
		char user[4096] = "";
		if ((st = pcf_trust_add_default_anchors(t, NULL, err)) != PCF_OK)
			goto fail;
		if (t->nanchors == 0) {
			pcf_trust_user_dir(user, sizeof user, NULL);
			st = pcfi_error(err, PCF_E_NOTFOUND,
			                "no trust anchors: give them with --trust FILE|DIR or put PEM files in %s or %s",
			                pcf_trust_system_dir(), user[0] ? user : "$XDG_CONFIG_HOME/pcfkit/trust");
			goto fail;
		}
	}
	for (i = 0; i < n_crls; i++)
		if ((st = pcf_trust_add_crl_file(t, crls[i], err)) != PCF_OK)
			goto fail;
	*out = t;
	return PCF_OK;
fail:
	pcf_trust_free(t);
	return st;
}
