#ifndef LC_CXLSXWRITER_SHIM_H
#define LC_CXLSXWRITER_SHIM_H
#include <xlsxwriter.h>
#endif
