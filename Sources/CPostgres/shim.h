#ifndef LC_CPOSTGRES_SHIM_H
#define LC_CPOSTGRES_SHIM_H
/* libpq, PostgreSQL's own client library (Debian's libpq-dev): the association's store at
   province scale. */
#include <libpq-fe.h>
#endif
