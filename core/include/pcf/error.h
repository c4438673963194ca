/*
 * pcf/error.h - the one error model of libpcf.
 *
 * Every fallible function returns a pcf_status (PCF_OK == 0) and, when given a non-NULL
 * pcf_error *, fills it with a human message and, where there is one, the input file,
 * line:column and key path. The pcf_error is owned by the caller (usually on the stack);
 * libpcf never allocates it, never prints, never exits and never aborts on bad input.
 *
 * Functions that can find many problems at once (validation) also take an optional
 * pcf_diag *, a caller-owned list that collects every error, in input order.
 */
#ifndef PCF_ERROR_H
#define PCF_ERROR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes. Stable and append-only: a retired code keeps its number. */
typedef enum pcf_status {
	PCF_OK = 0,
	PCF_E_NOMEM = 1,       /* out of memory */
	PCF_E_IO = 2,          /* a file could not be read or written */
	PCF_E_SYNTAX = 3,      /* malformed input text (YAML, JSON, PEM ...) */
	PCF_E_INVALID = 4,     /* well-formed input with wrong content (schema, value) */
	PCF_E_UNIT = 5,        /* unknown unit or incompatible dimensions */
	PCF_E_LIMIT = 6,       /* a documented limit on untrusted input was exceeded */
	PCF_E_NOTFOUND = 7,    /* a named thing (factor, plugin, process, file) does not exist */
	PCF_E_PLUGIN = 8,      /* a plugin was refused or misbehaved */
	PCF_E_SOLVE = 9,       /* the linked-process system is singular or ill-posed */
	PCF_E_RULE = 10,       /* the inventory breaks a rule of the chosen methodology */
	PCF_E_CRYPTO = 11,     /* a cryptographic operation failed */
	PCF_E_KEY = 12,        /* an unusable signing key (weak, unprotected, mismatched) */
	PCF_E_CERT = 13,       /* an unusable certificate (purpose, validity, chain) */
	PCF_E_BUNDLE = 14,     /* a malformed certificate bundle */
	PCF_E_EXISTS = 15,     /* the output exists and overwriting was not asked for */
	PCF_E_ARG = 16,        /* an API caller passed an invalid argument */
	PCF_E_INTERNAL = 17,   /* a bug in pcfkit; please report it */
	PCF_E_UNSUPPORTED = 18,/* a feature reserved in the format but not implemented */
	PCF_E_VERIFY = 19,     /* verification failed (see the verdict for the reason) */
	PCF_E_INTERRUPTED = 20 /* stopped by a signal or a caller's request */
} pcf_status;

#define PCF_ERROR_FILE_MAX 512
#define PCF_ERROR_PATH_MAX 256
#define PCF_ERROR_MSG_MAX 1024

/* One error. line and column are 1-based; 0 means "not applicable". */
typedef struct pcf_error {
	pcf_status status;
	unsigned long line;
	unsigned long column;
	char file[PCF_ERROR_FILE_MAX];    /* input file name, "" when none */
	char path[PCF_ERROR_PATH_MAX];    /* key path in the input, e.g. processes[2].inputs[0].unit */
	char message[PCF_ERROR_MSG_MAX];  /* lowercase, no final full stop: what failed, then why */
} pcf_error;

/* Static English name of a status ("ok", "out of memory" ...). Never NULL. */
const char *pcf_status_str(pcf_status status);

/* Reset an error to PCF_OK with empty strings. err may be NULL. */
void pcf_error_clear(pcf_error *err);

/*
 * Format err as "file:line:column: path: message" (parts that do not apply are left out)
 * into the caller's buf of size len, always NUL-terminated. Returns buf.
 */
char *pcf_error_format(const pcf_error *err, char *buf, size_t len);

/* A caller-owned list of errors. */
typedef struct pcf_diag pcf_diag;

/* A new empty list, or NULL when out of memory. Free with pcf_diag_free. */
pcf_diag *pcf_diag_new(void);
/* Free the list and every error in it. NULL is allowed. */
void pcf_diag_free(pcf_diag *diag);
/* Number of errors collected. */
size_t pcf_diag_count(const pcf_diag *diag);
/* The i-th error, owned by the list and valid until it is freed; NULL when out of range. */
const pcf_error *pcf_diag_get(const pcf_diag *diag, size_t i);

#ifdef __cplusplus
}
#endif
#endif
