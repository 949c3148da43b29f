/* store_query.c: human-readable listings out of the store (list, show,
 * runs). */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "store.h"

static const char *col(sqlite3_stmt *st, int i)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    return t ? t : "";
}

static const char *or_dash(const char *s) { return s && *s ? s : "—"; }

int px_store_list(px_store *s, FILE *out, int stale_only, const char *rules_version, px_error *err)
{
    sqlite3 *db = px_store_db(s);
    sqlite3_stmt *st;
    const char *sql =
        "SELECT id, format, COALESCE(doc_number, ''), COALESCE(plan_year, ''), COALESCE(level, ''),"
        " COALESCE(issuer, ''), COALESCE(title, ''), source,"
        " (SELECT COUNT(*) FROM sections WHERE document_id = documents.id),"
        " rules_version IS NOT ?1 OR extractor_version IS NOT ?2 OR planex_version IS NOT ?3"
        " FROM documents ORDER BY id";
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return px_error_set(err, "database: %s", sqlite3_errmsg(db));
    sqlite3_bind_text(st, 1, rules_version ? rules_version : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, PX_EXTRACTOR_VERSION, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, PX_VERSION, -1, SQLITE_STATIC);
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int stale = sqlite3_column_int(st, 9);
        if (stale_only && !stale)
            continue;
        if (n++ == 0)
            fprintf(out, "%-4s %-5s %-18s %-5s %-10s %-4s %s\n", "id", "fmt", "số", "năm", "cấp", "mục",
                    "cơ quan ban hành — tiêu đề — tệp");
        char title[120];
        snprintf(title, sizeof title, "%s", col(st, 6));
        if (strlen(col(st, 6)) >= sizeof title - 1) {
            /* cut on a character boundary */
            size_t k = sizeof title - 4;
            while (k > 0 && ((unsigned char)title[k] & 0xC0) == 0x80)
                k--;
            strcpy(title + k, "…");
        }
        fprintf(out, "%-4lld %-5s %-18s %-5s %-10s %-4d %s — %s — %s%s\n", (long long)sqlite3_column_int64(st, 0),
                col(st, 1), or_dash(col(st, 2)), or_dash(col(st, 3)), or_dash(col(st, 4)), sqlite3_column_int(st, 8),
                or_dash(col(st, 5)), or_dash(title), col(st, 7), stale ? "  [stale]" : "");
    }
    sqlite3_finalize(st);
    if (n == 0)
        fprintf(out, stale_only ? "no stale documents\n" : "no documents\n");
    return 0;
}

/* Items of one kind under one section path. */
static void show_items(sqlite3 *db, FILE *out, long long id, const char *path, const char *indent)
{
    static const char *sql =
        "SELECT 'tham chiếu', COALESCE(doc_number,'') || ' ' || COALESCE(date,'') || ' ' || COALESCE(issuer,''), text"
        "  FROM doc_references WHERE document_id = ?1 AND section = ?2"
        " UNION ALL SELECT 'lĩnh vực', area, text FROM indicators WHERE document_id = ?1 AND section = ?2"
        " UNION ALL SELECT 'phân công', role || ': ' || unit, text FROM assignments WHERE document_id = ?1 AND section = ?2"
        " UNION ALL SELECT 'thời hạn', kind || COALESCE(' ' || date, '') || COALESCE(' ' || recurrence, ''), text"
        "  FROM deadlines WHERE document_id = ?1 AND section = ?2"
        " UNION ALL SELECT CASE baseline WHEN 1 THEN 'kết quả' ELSE 'chỉ tiêu' END,"
        "  COALESCE(indicator || ' ', '') || comparator || ' ' || value || ' ' || COALESCE(unit,'')"
        "  || COALESCE(' (' || year || ')', ''), text FROM targets WHERE document_id = ?1 AND section = ?2";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, path, -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW) {
        fprintf(out, "%s  • %s: %s\n", indent, col(st, 0), col(st, 1));
        const char *text = col(st, 2);
        if (*text)
            fprintf(out, "%s      «%.*s%s»\n", indent, 160, text, strlen(text) > 160 ? "…" : "");
    }
    sqlite3_finalize(st);
}

int px_store_show(px_store *s, FILE *out, long long id, px_error *err)
{
    sqlite3 *db = px_store_db(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db,
                           "SELECT source, format, pages, doc_type, doc_number, issuer, place, issued_date, title,"
                           " plan_year, indices, signer_name, signer_title, level, sha256, warnings"
                           " FROM documents WHERE id = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return px_error_set(err, "database: %s", sqlite3_errmsg(db));
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return px_error_set(err, "no document %lld", id);
    }
    fprintf(out, "Tài liệu %lld: %s (%s%s%s)\n", id, col(st, 0), col(st, 1),
            sqlite3_column_type(st, 2) == SQLITE_NULL ? "" : ", trang: ", col(st, 2));
    fprintf(out, "  Loại: %s   Số: %s   Năm kế hoạch: %s   Cấp: %s\n", or_dash(col(st, 3)), or_dash(col(st, 4)),
            or_dash(col(st, 9)), or_dash(col(st, 13)));
    fprintf(out, "  Cơ quan ban hành: %s\n  Địa danh, ngày: %s, %s\n", or_dash(col(st, 5)), or_dash(col(st, 6)),
            or_dash(col(st, 7)));
    fprintf(out, "  Tiêu đề: %s\n  Chỉ số: %s\n  Người ký: %s (%s)\n", or_dash(col(st, 8)), col(st, 10),
            or_dash(col(st, 11)), or_dash(col(st, 12)));
    fprintf(out, "  SHA-256: %s\n", col(st, 14));
    if (*col(st, 15))
        fprintf(out, "  Cảnh báo: %s\n", col(st, 15));
    sqlite3_finalize(st);

    /* parents and children: resolved references both ways */
    if (sqlite3_prepare_v2(db,
                           "SELECT 'thực hiện', r.doc_number, d.id, d.source FROM doc_references r"
                           " LEFT JOIN documents d ON d.id = r.resolved_id WHERE r.document_id = ?1"
                           " UNION ALL SELECT 'được thực hiện bởi', c.doc_number, c.id, c.source FROM doc_references r"
                           " JOIN documents c ON c.id = r.document_id WHERE r.resolved_id = ?1",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, id);
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (sqlite3_column_type(st, 2) == SQLITE_NULL)
                fprintf(out, "  %s: %s (chưa có trong cơ sở dữ liệu)\n", col(st, 0), or_dash(col(st, 1)));
            else
                fprintf(out, "  %s: %s → tài liệu %s (%s)\n", col(st, 0), or_dash(col(st, 1)), col(st, 2), col(st, 3));
        }
        sqlite3_finalize(st);
    }

    fputs("\nTrước mục đầu tiên:\n", out);
    show_items(db, out, id, "", "");
    if (sqlite3_prepare_v2(db, "SELECT path, label, title, level FROM sections WHERE document_id = ?1 ORDER BY ord",
                           -1, &st, NULL) != SQLITE_OK)
        return px_error_set(err, "database: %s", sqlite3_errmsg(db));
    sqlite3_bind_int64(st, 1, id);
    fputs("\nDàn ý:\n", out);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *path = col(st, 0);
        int depth = 0;
        for (const char *p = path; *p; p++)
            depth += *p == '/';
        char indent[64];
        int n = depth * 2 < 60 ? depth * 2 : 60;
        memset(indent, ' ', (size_t)n);
        indent[n] = '\0';
        fprintf(out, "%s%s %s   [%s]\n", indent, col(st, 1), col(st, 2), path);
        show_items(db, out, id, path, indent);
    }
    sqlite3_finalize(st);
    return 0;
}

int px_store_runs(px_store *s, FILE *out, int limit, px_error *err)
{
    sqlite3 *db = px_store_db(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db,
                           "SELECT id, started_at, COALESCE(finished_at, '(interrupted)'), added, updated, moved,"
                           " unchanged, failed, skipped, pruned, pages, COALESCE(seconds, 0) FROM runs"
                           " ORDER BY id DESC LIMIT ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return px_error_set(err, "database: %s", sqlite3_errmsg(db));
    sqlite3_bind_int(st, 1, limit);
    fprintf(out, "%-5s %-20s %-20s %5s %5s %5s %5s %5s %5s %5s %6s %8s\n", "run", "started", "finished", "added",
            "upd", "moved", "same", "fail", "skip", "prune", "pages", "seconds");
    while (sqlite3_step(st) == SQLITE_ROW) {
        fprintf(out, "%-5s %-20s %-20s %5s %5s %5s %5s %5s %5s %5s %6s %8.1f\n", col(st, 0), col(st, 1), col(st, 2),
                col(st, 3), col(st, 4), col(st, 5), col(st, 6), col(st, 7), col(st, 8), col(st, 9), col(st, 10),
                sqlite3_column_double(st, 11));
        long long run = sqlite3_column_int64(st, 0);
        sqlite3_stmt *f;
        if (sqlite3_prepare_v2(db, "SELECT path, error FROM run_files WHERE run_id = ?1 AND outcome = 'failed'", -1,
                               &f, NULL) == SQLITE_OK) {
            sqlite3_bind_int64(f, 1, run);
            while (sqlite3_step(f) == SQLITE_ROW)
                fprintf(out, "      failed: %s: %s\n", col(f, 0), col(f, 1));
            sqlite3_finalize(f);
        }
    }
    sqlite3_finalize(st);
    return 0;
}
