/*
 * pcf/trust.h - the verifier's trust store: the anchors (root certificates of accreditation
 * bodies) and the certificate revocation lists, both only ever taken from the verifier's own
 * configuration, never from a bundle.
 *
 * Default anchor locations, used when the caller names none (pcf_trust_add_default_anchors):
 *   PCF_SYSCONFDIR/pcfkit/trust/            (system-wide, e.g. /usr/local/etc/pcfkit/trust)
 *   $XDG_CONFIG_HOME/pcfkit/trust/          (per user; ~/.config/pcfkit/trust when unset)
 * Every regular file ending in .pem or .crt there is read as PEM certificates. A default folder,
 * or a file in it, that group or others may write is refused (like ssh refuses such keys).
 *
 * Ownership: pcf_trust_new returns a store the caller frees with pcf_trust_free.
 */
#ifndef PCF_TRUST_H
#define PCF_TRUST_H

#include <stddef.h>

#include <pcf/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pcf_trust pcf_trust;

/* A new, empty trust store. */
pcf_status pcf_trust_new(pcf_trust **out, pcf_error *err);
void pcf_trust_free(pcf_trust *t);

/*
 * Add the PEM certificates in path as anchors: a file (every certificate in it) or a folder
 * (every *.pem and *.crt regular file in it, in name order). A file without any certificate,
 * or a folder without any, is PCF_E_INVALID; unreadable is PCF_E_IO; bad PEM is PCF_E_SYNTAX.
 */
pcf_status pcf_trust_add_anchors(pcf_trust *t, const char *path, pcf_error *err);

/*
 * Add the anchors found in the default locations (see above); a missing folder is not an error.
 * *found (may be NULL) receives the number of anchors added.
 */
pcf_status pcf_trust_add_default_anchors(pcf_trust *t, size_t *found, pcf_error *err);

/*
 * The default folders: the system one (static string) and the user's one, written into buf
 * (size len); the user's is "" when neither XDG_CONFIG_HOME nor HOME is set.
 */
const char *pcf_trust_system_dir(void);
pcf_status pcf_trust_user_dir(char *buf, size_t len, pcf_error *err);

/* Add the CRLs in path (PEM, one or more, or one DER CRL). PCF_E_SYNTAX when none can be read. */
pcf_status pcf_trust_add_crl_file(pcf_trust *t, const char *path, pcf_error *err);

/*
 * The usual set-up in one call: a new store (*out, caller frees) with the anchors of the n_anchors
 * paths (files or folders), or of the default locations when n_anchors is 0, and the CRLs of the
 * n_crls files. No anchor at all is PCF_E_NOTFOUND, with a message naming the default folders.
 */
pcf_status pcf_trust_load(const char *const *anchors, size_t n_anchors, const char *const *crls, size_t n_crls,
                          pcf_trust **out, pcf_error *err);

size_t pcf_trust_anchor_count(const pcf_trust *t);
size_t pcf_trust_crl_count(const pcf_trust *t);

#ifdef __cplusplus
}
#endif
#endif
