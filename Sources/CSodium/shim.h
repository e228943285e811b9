#ifndef LC_CSODIUM_SHIM_H
#define LC_CSODIUM_SHIM_H
#include <sodium.h>

/* The INTERACTIVE limits are macros with casts that Swift does not import. */
static inline unsigned long long lc_pwhash_opslimit(void) { return crypto_pwhash_OPSLIMIT_INTERACTIVE; }
static inline size_t lc_pwhash_memlimit(void) { return crypto_pwhash_MEMLIMIT_INTERACTIVE; }
#endif
