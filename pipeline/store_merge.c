/* store_merge.c: see store_merge.h. */
#include "store_merge.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"

static int exec(sqlite3 *db, const char *sql, px_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        px_error_set(err, "database: %s", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static long long scalar(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    long long v = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    return v;
}

/* A growing SQL string; on out-of-memory it turns NULL and stays so. */
typedef struct sb {
    char *s;
    size_t len, cap;
    int oom;
} sb;

static void sb_add(sb *b, const char *t)
{
    size_t n = strlen(t);
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 512;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *g = realloc(b->s, cap);
        if (!g) {
            b->oom = 1;
            return;
        }
        b->s = g;
        b->cap = cap;
    }
    memcpy(b->s + b->len, t, n + 1);
    b->len += n;
}

static void sb_addq(sb *b, const char *ident)
{
    /* identifiers from the schema, double-quoted */
    sb_add(b, "\"");
    for (const char *p = ident; *p; p++)
        sb_add(b, *p == '"' ? "\"\"" : (char[]){*p, 0});
    sb_add(b, "\"");
}

/* What a column of a copied table becomes in the target. */
enum { C_COPY, C_DOC, C_SECTION, C_OMIT };

typedef struct column {
    char *name;
    int role;
} column;

static void columns_free(column *c, int n)
{
    for (int i = 0; i < n; i++)
        free(c[i].name);
    free(c);
}

/* The columns `table` has in both stores, each with how to map it. */
static int table_columns(sqlite3 *db, const char *table, column **out, int *n_out, px_error *err)
{
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *st;
    const char *sql =
        "SELECT m.name, m.pk, (SELECT f.\"table\" FROM pragma_foreign_key_list(?1, 'main') f WHERE f.\"from\" = m.name)"
        " FROM pragma_table_info(?1, 'main') m"
        " WHERE m.name IN (SELECT name FROM pragma_table_info(?1, 'shard')) ORDER BY m.cid";
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return px_error_set(err, "database: %s", sqlite3_errmsg(db));
    sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
    column *c = NULL;
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        column *g = realloc(c, (size_t)(n + 1) * sizeof *g);
        if (!g)
            break;
        c = g;
        const char *name = (const char *)sqlite3_column_text(st, 0);
        const char *ref = (const char *)sqlite3_column_text(st, 2);
        int pk = sqlite3_column_int(st, 1);
        c[n].name = strdup(name ? name : "");
        if (ref && strcmp(ref, "documents") == 0)
            c[n].role = C_DOC;
        else if (ref && strcmp(ref, "sections") == 0)
            c[n].role = C_SECTION;
        else if (pk == 1 && strcmp(name, "id") == 0)
            /* documents and sections keep their (shifted) ids, the FTS
             * index and child rows refer to them; other tables' ids are
             * nobody's business and are given afresh */
            c[n].role = strcmp(table, "documents") == 0 ? C_DOC : strcmp(table, "sections") == 0 ? C_SECTION : C_OMIT;
        else
            c[n].role = C_COPY;
        n++;
    }
    sqlite3_finalize(st);
    *out = c;
    *n_out = n;
    return 0;
}

/* INSERT INTO main.T (cols) SELECT mapped cols FROM shard.T WHERE <rows of
 * fresh documents>. */
static int copy_table(sqlite3 *db, const char *table, long long sec_offset, px_error *err)
{
    column *c;
    int n;
    if (table_columns(db, table, &c, &n, err))
        return -1;
    int is_docs = strcmp(table, "documents") == 0;
    int has_doc = 0;
    for (int i = 0; i < n; i++)
        if (strcmp(c[i].name, "document_id") == 0)
            has_doc = 1;
    if (!is_docs && !has_doc) {
        columns_free(c, n);
        return 0;
    }
    sb q = {0};
    char num[32];
    snprintf(num, sizeof num, "%lld", sec_offset);
    sb_add(&q, "INSERT INTO main.");
    sb_addq(&q, table);
    sb_add(&q, " (");
    int first = 1;
    for (int i = 0; i < n; i++) {
        if (c[i].role == C_OMIT)
            continue;
        if (!first)
            sb_add(&q, ",");
        sb_addq(&q, c[i].name);
        first = 0;
    }
    sb_add(&q, ") SELECT ");
    first = 1;
    for (int i = 0; i < n; i++) {
        if (c[i].role == C_OMIT)
            continue;
        if (!first)
            sb_add(&q, ",");
        first = 0;
        if (c[i].role == C_DOC) {
            sb_add(&q, "(SELECT new FROM temp.px_docmap WHERE old = s.");
            sb_addq(&q, c[i].name);
            sb_add(&q, ")");
        } else if (c[i].role == C_SECTION) {
            sb_add(&q, "s.");
            sb_addq(&q, c[i].name);
            sb_add(&q, " + ");
            sb_add(&q, num);
        } else {
            sb_add(&q, "s.");
            sb_addq(&q, c[i].name);
        }
    }
    sb_add(&q, " FROM shard.");
    sb_addq(&q, table);
    sb_add(&q, is_docs ? " s WHERE s.id IN (SELECT old FROM temp.px_docmap WHERE fresh)"
                       : " s WHERE s.document_id IN (SELECT old FROM temp.px_docmap WHERE fresh)");
    if (strcmp(table, "sections") == 0)
        sb_add(&q, " ORDER BY s.id"); /* parents before children */
    columns_free(c, n);
    if (q.oom) {
        free(q.s);
        return px_error_set(err, "out of memory");
    }
    int rc = exec(db, q.s, err);
    free(q.s);
    if (rc)
        px_error_prefix(err, "merging table %s", table);
    return rc;
}

int px_store_merge(px_store *out, const char *shard_path, px_merge_counts *counts, px_error *err)
{
    sqlite3 *db = px_store_db(out);
    memset(counts, 0, sizeof *counts);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "ATTACH DATABASE ?1 AS shard", -1, &st, NULL) != SQLITE_OK)
        return px_error_set(err, "database: %s", sqlite3_errmsg(db));
    sqlite3_bind_text(st, 1, shard_path, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : px_error_set(err, "cannot attach %s: %s", shard_path,
                                                                   sqlite3_errmsg(db));
    sqlite3_finalize(st);
    if (rc)
        return -1;
    if (scalar(db, "PRAGMA shard.user_version") != scalar(db, "PRAGMA main.user_version")) {
        exec(db, "DETACH DATABASE shard", err);
        return px_error_set(err, "%s has another schema version than the target (open it with this planex first)",
                            shard_path);
    }
    rc = exec(db, "BEGIN IMMEDIATE", err);
    if (rc == 0) {
        long long doc_offset = scalar(db, "SELECT COALESCE(MAX(id), 0) FROM main.documents");
        long long sec_offset = scalar(db, "SELECT COALESCE(MAX(id), 0) FROM main.sections");
        char sql[512];
        snprintf(sql, sizeof sql,
                 "DROP TABLE IF EXISTS temp.px_docmap;"
                 "CREATE TEMP TABLE px_docmap (old INTEGER PRIMARY KEY, new INTEGER NOT NULL, fresh INTEGER NOT NULL);"
                 "INSERT INTO temp.px_docmap SELECT s.id, COALESCE(m.id, s.id + %lld), m.id IS NULL"
                 " FROM shard.documents s LEFT JOIN main.documents m ON m.sha256 = s.sha256;",
                 doc_offset);
        rc = exec(db, sql, err);
        /* documents and sections first (others refer to them), then every
         * other table of the shard that is keyed by document */
        if (rc == 0)
            rc = copy_table(db, "documents", sec_offset, err);
        if (rc == 0)
            rc = copy_table(db, "sections", sec_offset, err);
        if (rc == 0 &&
            sqlite3_prepare_v2(db,
                               "SELECT name FROM shard.sqlite_master WHERE type = 'table'"
                               " AND name NOT IN ('documents', 'sections', 'paths', 'runs', 'run_files')"
                               " AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'"
                               " AND name IN (SELECT name FROM main.sqlite_master WHERE type = 'table')"
                               " AND name NOT IN (SELECT v.name || s.suffix FROM main.sqlite_master v,"
                               "  (SELECT '_data' AS suffix UNION SELECT '_idx' UNION SELECT '_content'"
                               "   UNION SELECT '_docsize' UNION SELECT '_config') s"
                               "  WHERE v.sql LIKE 'CREATE VIRTUAL%')"
                               " ORDER BY name",
                               -1, &st, NULL) == SQLITE_OK) {
            char **names = NULL;
            size_t n = 0;
            while (sqlite3_step(st) == SQLITE_ROW) {
                char **g = realloc(names, (n + 1) * sizeof *g);
                if (!g)
                    break;
                names = g;
                names[n++] = strdup((const char *)sqlite3_column_text(st, 0));
            }
            sqlite3_finalize(st);
            for (size_t i = 0; i < n; i++) {
                if (rc == 0 && names[i])
                    rc = copy_table(db, names[i], sec_offset, err);
                free(names[i]);
            }
            free(names);
        } else if (rc == 0) {
            rc = px_error_set(err, "database: %s", sqlite3_errmsg(db));
        }
        /* the search index: rowid = section id */
        if (rc == 0) {
            snprintf(sql, sizeof sql,
                     "INSERT INTO main.sections_fts (rowid, title, body)"
                     " SELECT s.id + %lld, px_search_fold(s.title), px_search_fold(s.body) FROM shard.sections s"
                     " WHERE s.document_id IN (SELECT old FROM temp.px_docmap WHERE fresh)",
                     sec_offset);
            rc = exec(db, sql, err);
        }
        /* paths: the shard's say wins for the paths it saw (it looked at
         * those files more recently than an older target did) */
        if (rc == 0) {
            long long before = sqlite3_total_changes(db);
            rc = exec(db,
                      "INSERT INTO main.paths (path, document_id, size, mtime, seen_at)"
                      " SELECT p.path, m.new, p.size, p.mtime, p.seen_at FROM shard.paths p"
                      " JOIN temp.px_docmap m ON m.old = p.document_id WHERE true"
                      " ON CONFLICT(path) DO UPDATE SET document_id = excluded.document_id, size = excluded.size,"
                      " mtime = excluded.mtime, seen_at = excluded.seen_at"
                      " WHERE main.paths.document_id IS NOT excluded.document_id OR main.paths.size IS NOT excluded.size"
                      "  OR main.paths.mtime IS NOT excluded.mtime",
                      err);
            counts->paths = (int)(sqlite3_total_changes(db) - before);
        }
        if (rc == 0) {
            counts->documents = (int)scalar(db, "SELECT COUNT(*) FROM temp.px_docmap WHERE fresh");
            counts->present = (int)scalar(db, "SELECT COUNT(*) FROM temp.px_docmap WHERE NOT fresh");
            rc = exec(db, "DROP TABLE temp.px_docmap; COMMIT", err);
        }
        if (rc)
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    }
    px_error e2;
    exec(db, "DETACH DATABASE shard", &e2);
    return rc;
}

int px_store_stale_paths(px_store *s, const char *rules_version, px_paths *out, px_error *err)
{
    memset(out, 0, sizeof *out);
    sqlite3 *db = px_store_db(s);
    sqlite3_stmt *st;
    /* the same test as px_store_lookup's `stale` */
    if (sqlite3_prepare_v2(db,
                           "SELECT p.path FROM paths p JOIN documents d ON d.id = p.document_id"
                           " WHERE d.rules_version IS NOT ?1 OR d.extractor_version IS NOT ?2"
                           "  OR d.planex_version IS NOT ?3 ORDER BY p.path",
                           -1, &st, NULL) != SQLITE_OK)
        return px_error_set(err, "database: %s", sqlite3_errmsg(db));
    sqlite3_bind_text(st, 1, rules_version, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, PX_EXTRACTOR_VERSION, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, PX_VERSION, -1, SQLITE_STATIC);
    int rc = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        char **g = realloc(out->paths, (out->n + 1) * sizeof *g);
        char *p = strdup((const char *)sqlite3_column_text(st, 0));
        if (!g || !p) {
            free(p);
            if (g)
                out->paths = g;
            rc = px_error_set(err, "out of memory");
            break;
        }
        out->paths = g;
        out->paths[out->n++] = p;
    }
    sqlite3_finalize(st);
    if (rc)
        px_store_paths_free(out);
    return rc;
}

void px_store_paths_free(px_paths *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++)
        free(p->paths[i]);
    free(p->paths);
    memset(p, 0, sizeof *p);
}
