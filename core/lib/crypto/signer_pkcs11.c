/*
 * signer_pkcs11.c - load the issuer's private key from a PKCS#11 token (an HSM, a smart card,
 * SoftHSM), named by an RFC 7512 URI, so that the issuing key is never on disk (threat T25).
 *
 * OpenSSL 3.0 on Debian 12 has no pkcs11-provider package, so this goes through libp11's engine
 * (Debian libengine-pkcs11-openssl, engines-3/pkcs11.so) and the ENGINE API, which is deprecated
 * in OpenSSL 3.0 but works. All ENGINE code lives in this one file: when Debian ships
 * pkcs11-provider, an OSSL_STORE lookup of the same URI through the provider replaces it and the
 * rest of the signer stays as it is.
 *
 * The key handle keeps a functional reference to the engine; the engine is released after the
 * key (pcfi_pkcs11_release). Signing with the key is serialised by the caller (signer.c), because
 * a PKCS#11 session is not safe to share between threads.
 */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/engine.h>
#include <openssl/err.h>
#include <openssl/ui.h>

#include "base/error_impl.h"
#include "base/fsutil.h"
#include "crypto/signer_impl.h"

#define ENGINE_ID "pkcs11"

/* Where the p11-kit proxy module (every module registered with p11-kit) usually lives. */
static const char *const proxy_paths[] = {
	"/usr/lib/x86_64-linux-gnu/p11-kit-proxy.so",
	"/usr/lib/aarch64-linux-gnu/p11-kit-proxy.so",
	"/usr/lib64/p11-kit-proxy.so",
	"/usr/lib/p11-kit-proxy.so",
	"/usr/local/lib/p11-kit-proxy.so",
	NULL
};

int pcfi_pkcs11_is_uri(const char *s)
{
	return s && !strncmp(s, "pkcs11:", 7);
}

/*
 * Drain OpenSSL's error queue into buf: the reason of its first error (the token's own answer,
 * e.g. "PIN incorrect" or "object not found", comes before the engine's generic "failed loading
 * private key"). Returns nonzero when any error is about logging in (a CKR_PIN_* reason).
 */
static int drain_errors(char *buf, size_t len)
{
	unsigned long e;
	int login = 0;

	snprintf(buf, len, "no details from the engine");
	for (int i = 0; (e = ERR_get_error()) != 0; i++) {
		const char *r = ERR_reason_error_string(e);
		if (i == 0)
			snprintf(buf, len, "%s", r ? r : "unknown error");
		if (r && (strstr(r, "PIN") || strstr(r, "ogin")))
			login = 1;
	}
	return login;
}

static const char *first_reason(char *buf, size_t len)
{
	(void)drain_errors(buf, len);
	return buf;
}

/*
 * Whether path is a loadable PKCS#11 module. libp11 would find out too, but late (when the key
 * is looked up) and by printing dlerror() on stderr; the library never prints.
 */
static int check_module(const char *path, pcf_error *err, pcf_status *st)
{
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	const char *why;

	if (h && dlsym(h, "C_GetFunctionList")) {
		dlclose(h);
		return 1;
	}
	why = h ? "it has no C_GetFunctionList" : dlerror();
	if (h)
		dlclose(h);
	*st = pcfi_error_at(err, PCF_E_KEY, path, 0, 0, NULL, "not a PKCS#11 module: %s", why ? why : "cannot load it");
	return 0;
}

static const char *choose_module(const char *given, pcf_error *err, pcf_status *st)
{
	const char *m = given && *given ? given : pcfi_getenv("PCF_PKCS11_MODULE");
	size_t i;

	*st = PCF_OK;
	if (m && *m) {
		if (access(m, R_OK) != 0) {
			*st = pcfi_error_at(err, PCF_E_NOTFOUND, m, 0, 0, NULL,
			                    "cannot open the PKCS#11 module: %s", strerror(errno));
			return NULL;
		}
		return check_module(m, err, st) ? m : NULL;
	}
	for (i = 0; proxy_paths[i]; i++)
		if (access(proxy_paths[i], R_OK) == 0)
			return proxy_paths[i];
	*st = pcfi_error(err, PCF_E_NOTFOUND,
	                 "no PKCS#11 module: give one with --pkcs11-module PATH or PCF_PKCS11_MODULE "
	                 "(the p11-kit proxy, which would be the default, is not installed)");
	return NULL;
}

/*
 * Keep libp11's engine library loaded until the process ends. libp11 allocates its RSA and EC
 * method tables once per process and keeps them in static variables; unloading the library when
 * the engine is freed (which OpenSSL does for an engine loaded by ENGINE_by_id) would lose them,
 * and a later load would allocate them again. Engines are not meant to be unloaded.
 */
static void pin_engine_library(ENGINE *e)
{
	ENGINE_LOAD_KEY_PTR fn = ENGINE_get_load_privkey_function(e);
	void *addr;
	Dl_info info;

	memcpy(&addr, &fn, sizeof addr < sizeof fn ? sizeof addr : sizeof fn);
	if (fn && dladdr(addr, &info) && info.dli_fname) {
		void *h = dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
		if (h)
			dlclose(h);     /* RTLD_NODELETE stays: the library is never unmapped */
	}
}

pcf_status pcfi_pkcs11_load_key(const char *uri, const char *module, const char *pin, EVP_PKEY **key,
                                void **handle, pcf_error *err)
{
	ENGINE *e = NULL;
	char why[256];
	pcf_status st;
	int inited = 0;

	*key = NULL;
	*handle = NULL;
	/* RFC 7512 allows the PIN in the URI; a PIN on a command line is visible to every user. */
	if (strstr(uri, "pin-value=") || strstr(uri, "pin-source=")) {
		/* Never echo the PIN: the URI is named with every pin-value/pin-source value cut out. */
		char shown[PCF_ERROR_FILE_MAX];
		size_t o = 0;
		const char *p = uri;
		while (*p && o + 1 < sizeof shown) {
			if (!strncmp(p, "pin-value=", 10) || !strncmp(p, "pin-source=", 11)) {
				size_t kl = p[4] == 'v' ? 10 : 11;
				int n = snprintf(shown + o, sizeof shown - o, "%.*s(hidden)", (int)kl, p);
				o = n > 0 && (size_t)n < sizeof shown - o ? o + (size_t)n : sizeof shown - 1;
				p += kl;
				while (*p && *p != ';' && *p != '&' && *p != '?')
					p++;
			} else {
				shown[o++] = *p++;
			}
		}
		shown[o] = 0;
		return pcfi_error_at(err, PCF_E_ARG, shown, 0, 0, NULL,
		                     "the URI carries a PIN: remove it and give the PIN with --pass env:VAR or --pass file:PATH");
	}
	if (!(module = choose_module(module, err, &st)))
		return st;
	e = ENGINE_by_id(ENGINE_ID);
	if (!e) {
		ERR_clear_error();
		return pcfi_error(err, PCF_E_NOTFOUND,
		                  "the PKCS#11 engine is not installed: install libp11's OpenSSL engine "
		                  "(Debian package libengine-pkcs11-openssl, engines-3/pkcs11.so)");
	}
	pin_engine_library(e);
	/* libp11 writes its own diagnostics on stderr unless told not to: the library never prints. */
	(void)ENGINE_ctrl_cmd(e, "QUIET", 0, NULL, NULL, 0);
	ERR_clear_error();
	if (!ENGINE_ctrl_cmd_string(e, "MODULE_PATH", module, 0)) {
		st = pcfi_error_at(err, PCF_E_KEY, module, 0, 0, NULL, "the PKCS#11 engine refused the module: %s",
		                   first_reason(why, sizeof why));
		goto fail;
	}
	if (!ENGINE_init(e)) {
		st = pcfi_error_at(err, PCF_E_KEY, module, 0, 0, NULL, "cannot start the PKCS#11 engine with this module: %s",
		                   first_reason(why, sizeof why));
		goto fail;
	}
	inited = 1;
	if (pin && !ENGINE_ctrl_cmd_string(e, "PIN", pin, 0)) {
		st = pcfi_error(err, PCF_E_KEY, "the PKCS#11 engine refused the PIN: %s", first_reason(why, sizeof why));
		goto fail;
	}
	/* UI_null: never prompt on a terminal; the PIN comes from --pass only. */
	*key = ENGINE_load_private_key(e, uri, (UI_METHOD *)UI_null(), NULL);
	if (!*key) {
		int login = drain_errors(why, sizeof why);
		if (login)
			st = pcfi_error_at(err, PCF_E_KEY, uri, 0, 0, NULL, "cannot log in to the token (wrong PIN?): %s", why);
		else if (!pin)
			st = pcfi_error_at(err, PCF_E_KEY, uri, 0, 0, NULL,
			                   "no private key found without logging in: give the token PIN with --pass env:VAR or --pass file:PATH (%s)",
			                   why);
		else
			st = pcfi_error_at(err, PCF_E_KEY, uri, 0, 0, NULL, "no private key in the token matches the URI: %s", why);
		goto fail;
	}
	*handle = e;
	ERR_clear_error();
	return PCF_OK;
fail:
	if (inited)
		ENGINE_finish(e);
	ENGINE_free(e);
	ERR_clear_error();
	return st;
}

pcf_status pcfi_pkcs11_load_cert(void *handle, const char *uri, X509 **cert, pcf_error *err)
{
	struct {
		const char *uri;
		X509 *cert;
	} params = { uri, NULL };
	char why[256];

	*cert = NULL;
	/* libp11 matches certificates by the URI's id and object label; type=private is ignored. */
	if (!ENGINE_ctrl_cmd(handle, "LOAD_CERT_CTRL", 0, &params, NULL, 1) || !params.cert) {
		(void)drain_errors(why, sizeof why);
		return pcfi_error_at(err, PCF_E_CERT, uri, 0, 0, NULL,
		                     "no certificate in the token matches the URI (give it with --cert): %s", why);
	}
	ERR_clear_error();
	*cert = params.cert;
	return PCF_OK;
}

void pcfi_pkcs11_release(void *handle)
{
	ENGINE *e = handle;

	if (!e)
		return;
	ENGINE_finish(e);
	ENGINE_free(e);
}
