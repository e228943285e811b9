#ifndef LC_CQRENCODE_SHIM_H
#define LC_CQRENCODE_SHIM_H
#include <qrencode.h>
#endif
