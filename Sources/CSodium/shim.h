#ifndef LC_CSODIUM_SHIM_H
#define LC_CSODIUM_SHIM_H
#include <sodium.h>

/* argon2id cost: OWASP's recommended minimum (19 MiB, 2 passes, 1 lane) rather than libsodium's
   INTERACTIVE preset (64 MiB), so that a login fits the daemon's memory budget on the mini-PC.
   Hashes record their own parameters, so older hashes still verify. */
static inline unsigned long long lc_pwhash_opslimit(void) { return 2ULL; }
static inline size_t lc_pwhash_memlimit(void) { return (size_t)19 * 1024 * 1024; }
#endif
