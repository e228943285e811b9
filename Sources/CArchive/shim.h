#ifndef LC_CARCHIVE_SHIM_H
#define LC_CARCHIVE_SHIM_H
/* libarchive (Debian's libarchive-dev): received bundles are listed and unpacked in process,
   entry by entry, with every size checked before it is written. */
#include <archive.h>
#include <archive_entry.h>

/* AE_IFREG and AE_IFDIR are macros with a cast, which Swift does not import. */
static inline mode_t lc_ae_ifreg(void) { return AE_IFREG; }
static inline mode_t lc_ae_ifdir(void) { return AE_IFDIR; }
#endif
