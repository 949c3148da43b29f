/* store_matrix.c: the documents × indicator areas table. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"

/* One plan: its editions share this key. */
#define PLAN_KEY \
    "CASE WHEN d.doc_number_key IS NOT NULL THEN d.doc_number_key || '|' || COALESCE(d.issued_date, '')" \
    " ELSE 'T|' || lower(COALESCE(d.title, d.source)) || '|' || COALESCE(d.issuer, '') END"

int px_query_matrix(px_store *s, FILE *out, const px_matrix_options *opt, px_error *err)
{
    sqlite3 *db = px_store_db(s);
    int csv = opt->format && strcmp(opt->format, "csv") == 0;
    sqlite3_stmt *areas, *plans, *cell;
    const char *filter = " WHERE (?1 = 0 OR d.plan_year = ?1) AND (?2 IS NULL OR d.level = ?2)";
    char sql[2048];
    snprintf(sql, sizeof sql,
             "SELECT DISTINCT i.area FROM indicators i JOIN documents d ON d.id = i.document_id%s"
             " ORDER BY CASE WHEN i.area LIKE 'PAPI.%%' THEN 1 WHEN i.area LIKE 'PAR.%%' THEN 2 ELSE 3 END,"
             " CAST(substr(i.area, instr(i.area, '.') + 1) AS INTEGER)", filter);
    if (sqlite3_prepare_v2(db, sql, -1, &areas, NULL) != SQLITE_OK)
        return px_error_set(err, "database: %s", sqlite3_errmsg(db));
    snprintf(sql, sizeof sql,
             "SELECT " PLAN_KEY " AS plan, MIN(d.id), COUNT(*), group_concat(d.format, '+'),"
             " COALESCE(d.doc_number, ''), COALESCE(d.plan_year, ''), COALESCE(d.level, ''),"
             " COALESCE(d.issuer, ''), COALESCE(d.title, d.source)"
             " FROM documents d%s GROUP BY plan ORDER BY MIN(d.id)", filter);
    if (sqlite3_prepare_v2(db, sql, -1, &plans, NULL) != SQLITE_OK) {
        sqlite3_finalize(areas);
        return px_error_set(err, "database: %s", sqlite3_errmsg(db));
    }
    /* a cell: the most any one edition of the plan has for the area */
    if (sqlite3_prepare_v2(db,
                           "SELECT MAX(n) FROM (SELECT COUNT(i.id) AS n FROM documents d LEFT JOIN indicators i"
                           " ON i.document_id = d.id AND i.area = ?2 WHERE " PLAN_KEY " = ?1 GROUP BY d.id)",
                           -1, &cell, NULL) != SQLITE_OK) {
        sqlite3_finalize(areas);
        sqlite3_finalize(plans);
        return px_error_set(err, "database: %s", sqlite3_errmsg(db));
    }
    sqlite3_stmt *bind[2] = {areas, plans};
    for (int k = 0; k < 2; k++) {
        sqlite3_bind_int(bind[k], 1, opt->year);
        if (opt->level)
            sqlite3_bind_text(bind[k], 2, opt->level, -1, SQLITE_TRANSIENT);
    }
    char *names[64];
    int n_areas = 0;
    while (sqlite3_step(areas) == SQLITE_ROW && n_areas < 64)
        names[n_areas++] = strdup((const char *)sqlite3_column_text(areas, 0));
    sqlite3_finalize(areas);
    if (csv) {
        fputs("\xEF\xBB\xBF" "plan,editions,formats,doc_number,plan_year,level,issuer,title", out);
        for (int a = 0; a < n_areas; a++)
            fprintf(out, ",%s", names[a]);
        fputs("\r\n", out);
    } else {
        fprintf(out, "%-5s %-9s", "plan", "editions");
        for (int a = 0; a < n_areas; a++)
            fprintf(out, " %-7s", names[a]);
        fputs("  plan\n", out);
    }
    int rows = 0;
    while (sqlite3_step(plans) == SQLITE_ROW) {
        rows++;
        const char *key = (const char *)sqlite3_column_text(plans, 0);
        if (csv) {
            fprintf(out, "%lld,%d,%s,%s,%s,%s,\"%s\",\"%s\"", (long long)sqlite3_column_int64(plans, 1),
                    sqlite3_column_int(plans, 2), sqlite3_column_text(plans, 3), sqlite3_column_text(plans, 4),
                    sqlite3_column_text(plans, 5), sqlite3_column_text(plans, 6), sqlite3_column_text(plans, 7),
                    sqlite3_column_text(plans, 8));
        } else {
            fprintf(out, "%-5lld %-9s", (long long)sqlite3_column_int64(plans, 1), sqlite3_column_text(plans, 3));
        }
        for (int a = 0; a < n_areas; a++) {
            sqlite3_reset(cell);
            sqlite3_bind_text(cell, 1, key, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(cell, 2, names[a], -1, SQLITE_STATIC);
            int n = sqlite3_step(cell) == SQLITE_ROW ? sqlite3_column_int(cell, 0) : 0;
            if (csv)
                fprintf(out, ",%d", n);
            else if (n)
                fprintf(out, " %-7d", n);
            else
                fprintf(out, " %-7s", "·");
        }
        if (csv)
            fputs("\r\n", out);
        else {
            const char *num = (const char *)sqlite3_column_text(plans, 4);
            fprintf(out, "  %s%s%s (%s)\n", *num ? num : "", *num ? " " : "",
                    (const char *)sqlite3_column_text(plans, 8), (const char *)sqlite3_column_text(plans, 5));
        }
    }
    sqlite3_finalize(plans);
    sqlite3_finalize(cell);
    for (int a = 0; a < n_areas; a++)
        free(names[a]);
    if (!rows && !csv)
        fputs("no plans\n", out);
    return 0;
}
