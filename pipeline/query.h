/* query.h: cross-document answers out of the store (store_matrix.c …).
 * Each function reads the store and prints to `out`; errors are returned. */
#ifndef PX_QUERY_H
#define PX_QUERY_H

#include <stdio.h>

#include "error.h"
#include "store.h"

typedef struct px_matrix_options {
    const char *format;   /* "text" or "csv" */
    int year;             /* 0: all */
    const char *level;    /* NULL: all */
} px_matrix_options;

/* Plans × indicator areas (counts of sections naming each area).  The same
 * plan ingested as several editions (PDF, DOCX, scan: same number, issuer
 * and date, or the same title and issuer when it has no number) counts once. */
int px_query_matrix(px_store *s, FILE *out, const px_matrix_options *opt, px_error *err);

#endif
