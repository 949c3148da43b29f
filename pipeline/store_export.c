/* store_export.c: JSON Lines and CSV out of the store (EXPORT-FORMAT.md).
 * Every field of the contract is always present, null where unknown. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "textout.h"
#include "store.h"

static const char *col_text(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? NULL : (const char *)sqlite3_column_text(st, i);
}

static void json_int_or_null(FILE *out, sqlite3_stmt *st, int i)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        fputs("null", out);
    else
        fprintf(out, "%lld", (long long)sqlite3_column_int64(st, i));
}

/* Numbers as JSON: integers without a fraction (80, not 80.0). */
static void json_number(FILE *out, sqlite3_stmt *st, int i)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL) {
        fputs("null", out);
        return;
    }
    double v = sqlite3_column_double(st, i);
    if (v == (long long)v)
        fprintf(out, "%lld", (long long)v);
    else
        fprintf(out, "%.10g", v);
}

static void json_page_offset(FILE *out, sqlite3_stmt *st, int page_col)
{
    fputs(",\"page\":", out);
    json_int_or_null(out, st, page_col);
    fputs(",\"offset\":", out);
    json_int_or_null(out, st, page_col + 1);
}

static int export_items(sqlite3 *db, FILE *out, long long id, const char *name, const char *sql,
                        void (*row)(FILE *, sqlite3_stmt *))
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    fprintf(out, ",\"%s\":[", name);
    int first = 1;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (!first)
            fputc(',', out);
        first = 0;
        fputc('{', out);
        row(out, st);
        fputc('}', out);
    }
    fputc(']', out);
    sqlite3_finalize(st);
    return 0;
}

static void row_reference(FILE *out, sqlite3_stmt *st)
{
    fputs("\"doc_number\":", out); px_json_str(out, col_text(st, 0));
    fputs(",\"date\":", out); px_json_str(out, col_text(st, 1));
    fputs(",\"issuer\":", out); px_json_str(out, col_text(st, 2));
    fputs(",\"doc_type\":", out); px_json_str(out, col_text(st, 3));
    fputs(",\"section\":", out); px_json_str(out, col_text(st, 4));
    fputs(",\"resolved\":", out); json_int_or_null(out, st, 8);
    fputs(",\"text\":", out); px_json_str(out, col_text(st, 5));
    json_page_offset(out, st, 6);
}

static void row_section(FILE *out, sqlite3_stmt *st)
{
    fputs("\"path\":", out); px_json_str(out, col_text(st, 0));
    fputs(",\"label\":", out); px_json_str(out, col_text(st, 1));
    fputs(",\"title\":", out); px_json_str(out, col_text(st, 2));
    fputs(",\"level\":", out); json_int_or_null(out, st, 3);
    json_page_offset(out, st, 4);
}

static void row_indicator(FILE *out, sqlite3_stmt *st)
{
    fputs("\"section\":", out); px_json_str(out, col_text(st, 0));
    fputs(",\"area\":", out); px_json_str(out, col_text(st, 1));
    fputs(",\"text\":", out); px_json_str(out, col_text(st, 2));
    json_page_offset(out, st, 3);
}

static void row_assignment(FILE *out, sqlite3_stmt *st)
{
    fputs("\"section\":", out); px_json_str(out, col_text(st, 0));
    fputs(",\"role\":", out); px_json_str(out, col_text(st, 1));
    fputs(",\"unit\":", out); px_json_str(out, col_text(st, 2));
    fputs(",\"unit_canonical\":", out); px_json_str(out, col_text(st, 3));
    fputs(",\"text\":", out); px_json_str(out, col_text(st, 4));
    json_page_offset(out, st, 5);
}

static void row_deadline(FILE *out, sqlite3_stmt *st)
{
    fputs("\"section\":", out); px_json_str(out, col_text(st, 0));
    fputs(",\"kind\":", out); px_json_str(out, col_text(st, 1));
    fputs(",\"date\":", out); px_json_str(out, col_text(st, 2));
    fputs(",\"recurrence\":", out); px_json_str(out, col_text(st, 3));
    fputs(",\"text\":", out); px_json_str(out, col_text(st, 4));
    json_page_offset(out, st, 5);
}

static void row_target(FILE *out, sqlite3_stmt *st)
{
    fputs("\"section\":", out); px_json_str(out, col_text(st, 0));
    fputs(",\"indicator\":", out); px_json_str(out, col_text(st, 1));
    fputs(",\"value\":", out); json_number(out, st, 2);
    fputs(",\"unit\":", out); px_json_str(out, col_text(st, 3));
    fputs(",\"comparator\":", out); px_json_str(out, col_text(st, 4));
    fputs(",\"year\":", out); json_int_or_null(out, st, 5);
    fputs(",\"text\":", out); px_json_str(out, col_text(st, 6));
    json_page_offset(out, st, 7);
}

static int export_one(px_store *s, FILE *out, long long id, px_error *err)
{
    sqlite3 *db = px_store_db(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db,
                           "SELECT source, sha256, format, pages, doc_type, doc_number, issuer, place, issued_date,"
                           " title, plan_year, indices, signer_name, signer_title, level, planex_version,"
                           " rules_version, extractor_version, schema_version FROM documents WHERE id = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return px_error_set(err, "database: %s", sqlite3_errmsg(db));
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return px_error_set(err, "no document with id %lld", id);
    }
    fputs("{\"source\":", out); px_json_str(out, col_text(st, 0));
    fputs(",\"sha256\":", out); px_json_str(out, col_text(st, 1));
    fputs(",\"format\":", out); px_json_str(out, col_text(st, 2));
    fputs(",\"pages\":", out); json_int_or_null(out, st, 3);
    fputs(",\"meta\":{\"doc_type\":", out); px_json_str(out, col_text(st, 4));
    fputs(",\"doc_number\":", out); px_json_str(out, col_text(st, 5));
    fputs(",\"issuer\":", out); px_json_str(out, col_text(st, 6));
    fputs(",\"place\":", out); px_json_str(out, col_text(st, 7));
    fputs(",\"issued_date\":", out); px_json_str(out, col_text(st, 8));
    fputs(",\"title\":", out); px_json_str(out, col_text(st, 9));
    fputs(",\"plan_year\":", out); json_int_or_null(out, st, 10);
    fputs(",\"indices\":", out); fputs(col_text(st, 11) ? col_text(st, 11) : "[]", out);
    fputs(",\"signer_name\":", out); px_json_str(out, col_text(st, 12));
    fputs(",\"signer_title\":", out); px_json_str(out, col_text(st, 13));
    fputs(",\"level\":", out); px_json_str(out, col_text(st, 14));
    fputs("},\"versions\":{\"planex\":", out); px_json_str(out, col_text(st, 15));
    fputs(",\"rules\":", out); px_json_str(out, col_text(st, 16));
    fputs(",\"extractor\":", out); px_json_str(out, col_text(st, 17));
    fputs(",\"schema\":", out); json_int_or_null(out, st, 18);
    fputc('}', out);
    sqlite3_finalize(st);

    if (sqlite3_prepare_v2(db, "SELECT path FROM paths WHERE document_id = ?1 ORDER BY seen_at, path", -1, &st,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, id);
        fputs(",\"paths\":[", out);
        int first = 1;
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (!first)
                fputc(',', out);
            first = 0;
            px_json_str(out, col_text(st, 0));
        }
        fputc(']', out);
        sqlite3_finalize(st);
    }
    int rc = 0;
    rc |= export_items(db, out, id, "references",
                       "SELECT doc_number, date, issuer, doc_type, section, text, page, offset, resolved_id"
                       " FROM doc_references WHERE document_id = ?1 ORDER BY id",
                       row_reference);
    rc |= export_items(db, out, id, "sections",
                       "SELECT path, label, title, level, page, offset FROM sections WHERE document_id = ?1 ORDER BY ord",
                       row_section);
    rc |= export_items(db, out, id, "indicators",
                       "SELECT section, area, text, page, offset FROM indicators WHERE document_id = ?1 ORDER BY id",
                       row_indicator);
    rc |= export_items(db, out, id, "assignments",
                       "SELECT section, role, unit, unit_canonical, text, page, offset FROM assignments"
                       " WHERE document_id = ?1 ORDER BY id",
                       row_assignment);
    rc |= export_items(db, out, id, "deadlines",
                       "SELECT section, kind, date, recurrence, text, page, offset FROM deadlines"
                       " WHERE document_id = ?1 ORDER BY id",
                       row_deadline);
    rc |= export_items(db, out, id, "targets",
                       "SELECT section, indicator, value, unit, comparator, year, text, page, offset FROM targets"
                       " WHERE document_id = ?1 AND baseline = 0 ORDER BY id",
                       row_target);
    rc |= export_items(db, out, id, "baselines",
                       "SELECT section, indicator, value, unit, comparator, year, text, page, offset FROM targets"
                       " WHERE document_id = ?1 AND baseline = 1 ORDER BY id",
                       row_target);
    fputs("}\n", out);
    if (rc)
        return px_error_set(err, "database: %s", sqlite3_errmsg(db));
    return 0;
}

int px_store_export_json(px_store *s, FILE *out, const long long *ids, size_t n_ids, px_error *err)
{
    if (n_ids) {
        for (size_t i = 0; i < n_ids; i++)
            if (export_one(s, out, ids[i], err))
                return -1;
        return 0;
    }
    sqlite3 *db = px_store_db(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT id FROM documents ORDER BY id", -1, &st, NULL) != SQLITE_OK)
        return px_error_set(err, "database: %s", sqlite3_errmsg(db));
    int rc = 0;
    while (rc == 0 && sqlite3_step(st) == SQLITE_ROW)
        rc = export_one(s, out, sqlite3_column_int64(st, 0), err);
    sqlite3_finalize(st);
    return rc;
}

/* --- CSV ----------------------------------------------------------------- */

int px_store_export_csv(px_store *s, FILE *out, const char *table, const long long *ids, size_t n_ids,
                        px_error *err)
{
    static const struct {
        const char *name, *columns, *from;
    } tables[] = {
        {"documents", "source, doc_number, sha256, format, pages, doc_type, issuer, place, issued_date, title,"
                      " plan_year, indices, signer_name, signer_title, level", "documents d"},
        {"sections", "d.source, d.doc_number, t.path, t.label, t.title, t.level, t.page, t.offset", "sections t"},
        {"references", "d.source, d.doc_number, t.doc_number AS ref_number, t.date, t.issuer, t.section, t.text",
         "doc_references t"},
        {"indicators", "d.source, d.doc_number, t.section, t.area, t.text, t.page, t.offset", "indicators t"},
        {"assignments", "d.source, d.doc_number, t.section, t.role, t.unit, t.unit_canonical, t.text, t.page,"
                        " t.offset", "assignments t"},
        {"deadlines", "d.source, d.doc_number, t.section, t.kind, t.date, t.recurrence, t.text, t.page, t.offset",
         "deadlines t"},
        {"targets", "d.source, d.doc_number, t.section, t.indicator, t.value, t.unit, t.comparator, t.year, t.text,"
                    " t.page, t.offset", "targets t"},
        {"baselines", "d.source, d.doc_number, t.section, t.indicator, t.value, t.unit, t.comparator, t.year,"
                      " t.text, t.page, t.offset", "targets t"},
    };
    int k = -1;
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
        if (strcmp(tables[i].name, table) == 0)
            k = (int)i;
    if (k < 0)
        return px_error_set(err, "unknown table `%s` (documents, sections, references, indicators, assignments,"
                                 " deadlines, targets, baselines)", table);
    char sql[1024];
    if (k == 0)
        snprintf(sql, sizeof sql, "SELECT %s FROM documents d WHERE (?1 = 0 OR d.id IN (SELECT value FROM json_each(?2)))"
                                  " ORDER BY d.id", tables[k].columns);
    else
        snprintf(sql, sizeof sql,
                 "SELECT %s FROM %s JOIN documents d ON d.id = t.document_id WHERE"
                 " (?1 = 0 OR d.id IN (SELECT value FROM json_each(?2)))%s ORDER BY d.id, t.%s",
                 tables[k].columns, tables[k].from,
                 strcmp(table, "targets") == 0 ? " AND t.baseline = 0"
                 : strcmp(table, "baselines") == 0 ? " AND t.baseline = 1" : "",
                 strcmp(table, "sections") == 0 ? "ord" : "id");
    sqlite3 *db = px_store_db(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return px_error_set(err, "database: %s", sqlite3_errmsg(db));
    char idlist[8192] = "[";
    for (size_t i = 0; i < n_ids && strlen(idlist) < sizeof idlist - 32; i++)
        snprintf(idlist + strlen(idlist), sizeof idlist - strlen(idlist), "%s%lld", i ? "," : "", ids[i]);
    strcat(idlist, "]");
    sqlite3_bind_int(st, 1, n_ids ? 1 : 0);
    sqlite3_bind_text(st, 2, idlist, -1, SQLITE_TRANSIENT);
    fputs("\xEF\xBB\xBF", out); /* BOM: Excel then reads UTF-8 Vietnamese right */
    int cols = sqlite3_column_count(st);
    for (int c = 0; c < cols; c++) {
        if (c)
            fputc(',', out);
        px_csv_field(out, sqlite3_column_name(st, c));
    }
    fputs("\r\n", out);
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int c = 0; c < cols; c++) {
            if (c)
                fputc(',', out);
            px_csv_field(out, col_text(st, c));
        }
        fputs("\r\n", out);
    }
    sqlite3_finalize(st);
    return 0;
}
