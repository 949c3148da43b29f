/* query.h: cross-document answers out of the store (store_matrix.c …).
 * Each print function reads the store and prints to `out`; errors are
 * returned.  px_matrix_load gives the same table as data (for the HTML
 * report); the caller frees it with px_matrix_free (NULL-safe). */
#ifndef PX_QUERY_H
#define PX_QUERY_H

#include <stdio.h>

#include "error.h"
#include "store.h"

typedef struct px_matrix_options {
    const char *format;   /* "text", "csv" (UTF-8 with a BOM) or "json" (JSON Lines) */
    int year;             /* plan year; 0: all */
    const char *level;    /* meta.level: province, district, commune, department; NULL: all */
    const long long *ids; /* only the plans these documents are editions of; n_ids 0: all */
    size_t n_ids;
} px_matrix_options;

/* One plan: its editions (the same plan ingested as PDF, DOCX, scan: the
 * same number and date and an agreeing issuer, or, without a number, the
 * same title, year and issuer) and, per area, the most sections naming
 * the area in any one edition. */
typedef struct px_matrix_plan {
    long long id;           /* the first edition */
    long long *editions;    /* document ids */
    size_t n_editions;
    char *formats;          /* "pdf+docx" */
    char *doc_number, *issuer, *title, *level;
    int year;
    int *counts;            /* one per area */
} px_matrix_plan;

typedef struct px_matrix {
    char **areas;           /* taxonomy order: PAPI, PAR, SIPAS, then others */
    size_t n_areas;
    px_matrix_plan *plans;
    size_t n_plans;
} px_matrix;

int px_matrix_load(px_store *s, const px_matrix_options *opt, px_matrix **out, px_error *err);
void px_matrix_free(px_matrix *m);

/* Plans × indicator areas (counts of sections naming each area). */
int px_query_matrix(px_store *s, FILE *out, const px_matrix_options *opt, px_error *err);

#endif
