/* store.c: schema, migrations and writes.  See store.h. */
#include "store.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "extract.h"
#include "normalize.h"
#include "store_checkpoint.h"

enum { STMT_CACHE = 48 };

struct px_store {
    sqlite3 *db;
    /* Prepared statements kept for the life of the handle, keyed by the
     * address of their SQL text (all are string literals): preparing ten
     * statements per document was a large share of the single writer's
     * time in bulk ingestion. */
    struct {
        const char *sql;
        sqlite3_stmt *st;
    } cache[STMT_CACHE];
    int n_cache;
    /* An open batch (px_store_batch_begin): writes nest in savepoints
     * inside one outer transaction, committed by px_store_batch_commit. */
    int batch_open;
    int batch_writes;
    px_checkpointer *checkpointer; /* NULL: SQLite checkpoints in COMMIT */
    int fts_waiting;            /* about how many documents of the batch
                                 * wait for the search index (a hint:
                                 * px_store_index_some counts exactly) */
};

sqlite3 *px_store_db(px_store *s) { return s->db; }

/* Schema version 1.  Items keep the section path as text too, so exports
 * and cross-document queries need no recursive joins. */
static const char *schema_v1 =
    "CREATE TABLE documents ("
    "  id INTEGER PRIMARY KEY,"
    "  sha256 TEXT NOT NULL UNIQUE,"
    "  source TEXT NOT NULL,"
    "  format TEXT NOT NULL,"
    "  pages INTEGER,"
    "  bytes INTEGER,"
    "  doc_type TEXT, doc_number TEXT, doc_number_key TEXT, issuer TEXT, issuer_key TEXT,"
    "  place TEXT, issued_date TEXT, title TEXT, plan_year INTEGER, indices TEXT,"
    "  signer_name TEXT, signer_title TEXT, level TEXT,"
    "  planex_version TEXT, rules_version TEXT, extractor_version TEXT, schema_version INTEGER,"
    "  warnings TEXT,"
    "  ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
    ");"
    "CREATE INDEX documents_number ON documents(doc_number_key);"
    "CREATE TABLE paths ("
    "  path TEXT PRIMARY KEY,"
    "  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    "  size INTEGER, mtime INTEGER,"
    "  seen_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
    ");"
    "CREATE INDEX paths_document ON paths(document_id);"
    "CREATE TABLE sections ("
    "  id INTEGER PRIMARY KEY,"
    "  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    "  ord INTEGER NOT NULL, path TEXT NOT NULL, label TEXT NOT NULL, title TEXT NOT NULL,"
    "  kind TEXT NOT NULL, level INTEGER NOT NULL, parent_id INTEGER REFERENCES sections(id),"
    "  page INTEGER, offset INTEGER, body TEXT NOT NULL"
    ");"
    "CREATE INDEX sections_document ON sections(document_id, ord);"
    /* search (version 1; version 2 below keeps no copy of the text):
     * `ke hoach` finds `kế hoạch` (store.h, px_store_search_fold) */
    "CREATE VIRTUAL TABLE sections_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');"
    "CREATE TABLE doc_references ("
    "  id INTEGER PRIMARY KEY,"
    "  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    "  section TEXT NOT NULL, doc_number TEXT, doc_number_key TEXT, doc_type TEXT, date TEXT, issuer TEXT,"
    "  text TEXT, page INTEGER, offset INTEGER, rule TEXT,"
    "  resolved_id INTEGER REFERENCES documents(id) ON DELETE SET NULL"
    ");"
    "CREATE INDEX refs_document ON doc_references(document_id);"
    "CREATE INDEX refs_number ON doc_references(doc_number_key);"
    "CREATE TABLE indicators ("
    "  id INTEGER PRIMARY KEY,"
    "  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    "  section TEXT NOT NULL, area TEXT NOT NULL, text TEXT, page INTEGER, offset INTEGER, rule TEXT"
    ");"
    "CREATE INDEX indicators_document ON indicators(document_id);"
    "CREATE TABLE assignments ("
    "  id INTEGER PRIMARY KEY,"
    "  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    "  section TEXT NOT NULL, role TEXT NOT NULL, unit TEXT NOT NULL, unit_canonical TEXT,"
    "  text TEXT, page INTEGER, offset INTEGER, rule TEXT"
    ");"
    "CREATE INDEX assignments_document ON assignments(document_id);"
    "CREATE INDEX assignments_unit ON assignments(unit_canonical);"
    "CREATE TABLE deadlines ("
    "  id INTEGER PRIMARY KEY,"
    "  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    "  section TEXT NOT NULL, kind TEXT NOT NULL, date TEXT, recurrence TEXT,"
    "  text TEXT, page INTEGER, offset INTEGER, rule TEXT"
    ");"
    "CREATE INDEX deadlines_document ON deadlines(document_id);"
    "CREATE TABLE targets ("
    "  id INTEGER PRIMARY KEY,"
    "  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    "  baseline INTEGER NOT NULL DEFAULT 0,"
    "  section TEXT NOT NULL, indicator TEXT, value REAL, unit TEXT, comparator TEXT, year INTEGER,"
    "  text TEXT, page INTEGER, offset INTEGER, rule TEXT"
    ");"
    "CREATE INDEX targets_document ON targets(document_id);"
    "CREATE TABLE runs ("
    "  id INTEGER PRIMARY KEY,"
    "  command TEXT,"
    "  started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
    "  finished_at TEXT,"
    "  added INTEGER DEFAULT 0, updated INTEGER DEFAULT 0, moved INTEGER DEFAULT 0,"
    "  unchanged INTEGER DEFAULT 0, failed INTEGER DEFAULT 0, skipped INTEGER DEFAULT 0,"
    "  pruned INTEGER DEFAULT 0, pages INTEGER DEFAULT 0, seconds REAL"
    ");"
    "CREATE TABLE run_files ("
    "  id INTEGER PRIMARY KEY,"
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    "  path TEXT NOT NULL, sha256 TEXT, outcome TEXT NOT NULL, error TEXT, seconds REAL,"
    "  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
    ");"
    "CREATE INDEX run_files_run ON run_files(run_id);"
    /* Cross-document views */
    "CREATE VIEW coverage AS"
    "  SELECT d.id AS document_id, d.doc_number, d.issuer, d.plan_year, d.level, i.area, COUNT(*) AS sections"
    "  FROM documents d JOIN indicators i ON i.document_id = d.id GROUP BY d.id, i.area;"
    "CREATE VIEW unit_workload AS"
    "  SELECT unit_canonical, role, COUNT(*) AS items, COUNT(DISTINCT document_id) AS documents"
    "  FROM assignments GROUP BY unit_canonical, role;"
    "CREATE VIEW deadlines_by_month AS"
    "  SELECT substr(date, 1, 7) AS month, COUNT(*) AS deadlines, COUNT(DISTINCT document_id) AS documents"
    "  FROM deadlines WHERE date IS NOT NULL GROUP BY month;"
    "CREATE VIEW targets_by_index AS"
    "  SELECT indicator, year, COUNT(*) AS targets, MIN(value) AS min_value, MAX(value) AS max_value"
    "  FROM targets WHERE baseline = 0 GROUP BY indicator, year;";

static int exec(px_store *s, const char *sql, px_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        px_error_set(err, "database: %s", msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* One write unit: its own transaction, or a savepoint when a batch is
 * open, so a failed document is undone without losing the batch. */
static int tx_begin(px_store *s, px_error *err)
{
    return exec(s, s->batch_open ? "SAVEPOINT px_write" : "BEGIN IMMEDIATE", err);
}

static int tx_commit(px_store *s, px_error *err)
{
    if (!s->batch_open)
        return exec(s, "COMMIT", err);
    if (exec(s, "RELEASE px_write", err))
        return -1;
    s->batch_writes++;
    return 0;
}

static void tx_rollback(px_store *s)
{
    if (!s->batch_open) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return;
    }
    /* after some errors (disk full, I/O) SQLite has already rolled the
     * whole transaction back; px_store_batch_commit reports that */
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK TO px_write; RELEASE px_write", NULL, NULL, NULL);
}

/* Search-index rows are added for whole documents at the end of a write
 * unit: in a batch, at its commit, for the documents listed in
 * temp.px_fts_docs.  FTS5 flushes its in-memory index at every savepoint,
 * so indexing each document inside its own savepoint would write a tiny
 * index segment per document and then merge them all, the cost batching
 * is there to avoid. */
static int index_pending(px_store *s, long long limit, px_error *err);

int px_store_batch_begin(px_store *s, px_error *err)
{
    if (s->batch_open)
        return 0;
    if (exec(s, "BEGIN IMMEDIATE", err))
        return -1;
    s->batch_open = 1;
    s->batch_writes = 0;
    s->fts_waiting = 0;
    return 0;
}

int px_store_batch_writes(const px_store *s) { return s->batch_open ? s->batch_writes : 0; }

int px_store_batch_commit(px_store *s, px_error *err)
{
    if (!s->batch_open)
        return 0;
    s->batch_open = 0;
    if (sqlite3_get_autocommit(s->db))
        return px_error_set(err, "database: the batch of %d writes was rolled back by an earlier error",
                            s->batch_writes);
    if (index_pending(s, -1, err) || exec(s, "COMMIT", err)) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    return 0;
}

static int user_version(px_store *s)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int(st, 0);
        sqlite3_finalize(st); /* not cached */
    }
    return v;
}

/* Migrations: index i brings the schema from version i to i+1. */
/* Schema version 2: an index on paths(size), and the search index keeps no
 * copy of the text (it was a third of the file): a contentless FTS5 table
 * over px_search_fold(title) and px_search_fold(body) of sections, keyed by
 * section id.  Search reads the text
 * from sections; deletions give the indexed values back to FTS5, computed
 * the same way from the rows being deleted. */
static const char *schema_v2 =
    "DROP TABLE sections_fts;"
    "CREATE VIRTUAL TABLE sections_fts USING fts5(title, body, content = '',"
    "  tokenize = 'unicode61 remove_diacritics 2');"
    "INSERT INTO sections_fts (rowid, title, body)"
    "  SELECT id, px_search_fold(title), px_search_fold(body) FROM sections;"
    /* ingest asks whether a file of this size is known before reading it */
    "CREATE INDEX paths_size ON paths(size);";

static const char *const *const migrations[] = {&schema_v1, &schema_v2};

static int migrate(px_store *s, px_error *err)
{
    int v = user_version(s);
    if (v < 0)
        return px_error_set(err, "database: cannot read its schema version (not a planex database?)");
    int target = (int)(sizeof migrations / sizeof migrations[0]);
    if (v > target)
        return px_error_set(err, "database was made by a newer planex (schema %d, this planex knows %d)", v,
                            target);
    while (v < target) {
        if (exec(s, "BEGIN IMMEDIATE", err))
            return -1;
        int cur = user_version(s); /* another process may have migrated */
        if (cur > v) {
            exec(s, "COMMIT", err);
            v = cur;
            continue;
        }
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
        if (exec(s, *migrations[v], err) || exec(s, pragma, err)) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return -1;
        }
        if (exec(s, "COMMIT", err))
            return -1;
        v++;
    }
    return 0;
}

/* search_fold_00C0 and search_fold_1E00: the ASCII letter the index's
 * tokenizer reduces each letter with diacritics to (search_fold_gen.py
 * checked every one against SQLite), by code point. */
#include "search_fold_table.inc"

char *px_store_search_fold(const char *text)
{
    char *out = malloc(strlen(text) + 1);
    if (!out)
        return NULL;
    char *o = out;
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        /* U+00C0-U+024F: two bytes from C3 80 to C9 8F; U+1E00-U+1EFF:
         * three bytes E1 B8 80 to E1 BB BF */
        char base = 0;
        size_t n = 0;
        if (p[0] >= 0xC3 && p[0] <= 0xC9 && (p[1] & 0xC0) == 0x80) {
            unsigned cp = (unsigned)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
            if (cp - 0xC0 < sizeof search_fold_00C0) {
                base = search_fold_00C0[cp - 0xC0];
                n = 2;
            }
        } else if (p[0] == 0xE1 && p[1] >= 0xB8 && p[1] <= 0xBB && (p[2] & 0xC0) == 0x80) {
            base = search_fold_1E00[(unsigned)(p[1] - 0xB8) << 6 | (p[2] & 0x3F)];
            n = 3;
        }
        if (base) {
            *o++ = base;
            p += n;
        } else {
            *o++ = (char)*p++;
        }
    }
    *o = '\0';
    return out;
}

/* px_search_fold(text) in SQL: the search index is made from it, and
 * deletions from a contentless index must give back the same terms. */
static void sql_search_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    if (!text) {
        sqlite3_result_null(ctx);
        return;
    }
    char *folded = px_store_search_fold(text);
    if (!folded) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text(ctx, folded, -1, free);
}

void px_store_configure_library(void)
{
    /* fails only once SQLite is initialised: the defaults then stay, slower, not wrong */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int px_store_open(const char *path, px_store **out, px_error *err)
{
    *out = NULL;
    px_store *s = calloc(1, sizeof *s);
    if (!s)
        return px_error_set(err, "out of memory");
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        px_error_set(err, "cannot open database %s: %s", path, s->db ? sqlite3_errmsg(s->db) : "out of memory");
        px_store_close(s);
        return -1;
    }
    sqlite3_busy_timeout(s->db, 30000);
    sqlite3_create_function(s->db, "px_search_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                            sql_search_fold, NULL, NULL);
    /* WAL: readers never block the writer and a killed writer leaves the
     * last committed state; synchronous=NORMAL is durable at checkpoints
     * and never corrupts.  A 16 MB page cache (the default is 2 MB) keeps a
     * batch of documents from spilling pages to the WAL before its commit;
     * temporary tables (documents waiting for the search index) live in
     * memory. */
    if (exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
                "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -16384;", err) ||
        migrate(s, err) ||
        exec(s, "CREATE TEMP TABLE px_fts_docs (document_id INTEGER PRIMARY KEY)", err)) {
        px_error_prefix(err, "%s", path);
        px_store_close(s);
        return -1;
    }
    *out = s;
    return 0;
}

int px_store_checkpoint_in_background(px_store *s, px_error *err)
{
    if (s->checkpointer)
        return 0;
    /* the thread wakes at SQLite's own threshold; the writer steps in at
     * eight times that (32 MB of 4 KB pages, some hundreds of plans) */
    return px_checkpointer_start(s->db, 1000, 8000, &s->checkpointer, err);
}

int px_store_checkpoint_in_foreground(px_store *s)
{
    if (!s->checkpointer)
        return 0;
    px_checkpointer_stop(s->checkpointer);
    s->checkpointer = NULL;
    return 1;
}

void px_store_close(px_store *s)
{
    if (!s)
        return;
    px_checkpointer_stop(s->checkpointer);
    for (int i = 0; i < s->n_cache; i++)
        sqlite3_finalize(s->cache[i].st);
    sqlite3_close_v2(s->db);
    free(s);
}

/* --- small helpers -------------------------------------------------------- */

static int prepare(px_store *s, sqlite3_stmt **st, const char *sql, px_error *err)
{
    for (int i = 0; i < s->n_cache; i++)
        if (s->cache[i].sql == sql) {
            *st = s->cache[i].st;
            sqlite3_reset(*st);
            sqlite3_clear_bindings(*st);
            return 0;
        }
    if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK)
        return px_error_set(err, "database: %s", sqlite3_errmsg(s->db));
    if (s->n_cache < STMT_CACHE) {
        s->cache[s->n_cache].sql = sql;
        s->cache[s->n_cache].st = *st;
        s->n_cache++;
    }
    return 0;
}

/* Done with a statement from prepare(): a cached one is reset (so it holds
 * no read lock), any other finalized. */
static void finish(px_store *s, sqlite3_stmt *st)
{
    if (!st)
        return;
    for (int i = 0; i < s->n_cache; i++)
        if (s->cache[i].st == st) {
            sqlite3_reset(st);
            return;
        }
    sqlite3_finalize(st);
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static int step_done(px_store *s, sqlite3_stmt *st, px_error *err)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return px_error_set(err, "database: %s", sqlite3_errmsg(s->db));
    return 0;
}

/* Runs a statement whose one parameter ?1 is a row id. */
static int run_with_id(px_store *s, const char *sql, long long id, px_error *err)
{
    sqlite3_stmt *st;
    if (prepare(s, &st, sql, err))
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = step_done(s, st, err);
    finish(s, st);
    return rc ? -1 : 0;
}

int px_store_index_waiting(const px_store *s) { return s->batch_open ? s->fts_waiting : 0; }

/* Indexes the first `limit` documents waiting in temp.px_fts_docs (-1:
 * all, SQLite's LIMIT -1) and takes them off the list. */
static int index_pending(px_store *s, long long limit, px_error *err)
{
    static const char *const steps[] = {
        "INSERT INTO sections_fts (rowid, title, body) SELECT id, px_search_fold(title), px_search_fold(body) FROM sections"
        " WHERE document_id IN (SELECT document_id FROM temp.px_fts_docs ORDER BY document_id LIMIT ?1)",
        "DELETE FROM temp.px_fts_docs WHERE document_id IN"
        " (SELECT document_id FROM temp.px_fts_docs ORDER BY document_id LIMIT ?1)",
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (run_with_id(s, steps[i], limit, err))
            return -1;
    return 0;
}

int px_store_index_some(px_store *s, int max_docs, px_error *err)
{
    if (!s->batch_open || sqlite3_get_autocommit(s->db))
        return 0;
    if (index_pending(s, max_docs, err))
        return -1;
    sqlite3_stmt *st;
    if (prepare(s, &st, "SELECT count(*) FROM temp.px_fts_docs", err))
        return -1;
    s->fts_waiting = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    finish(s, st);
    return s->fts_waiting;
}

/* Key for matching document numbers across spellings: no spaces, upper
 * case ASCII, Đ kept (105/KH-UBND, 105 / KH - UBND). */
static char *number_key(const char *n)
{
    if (!n)
        return NULL;
    char *k = malloc(strlen(n) + 1);
    if (!k)
        return NULL;
    char *o = k;
    for (const char *p = n; *p; p++) {
        if (*p == ' ')
            continue;
        *o++ = (*p >= 'a' && *p <= 'z') ? (char)(*p - 32) : *p;
    }
    *o = '\0';
    return k;
}


int px_store_may_know(px_store *s, const char *path, long long size)
{
    sqlite3_stmt *st;
    px_error err;
    if (prepare(s, &st,
                "SELECT 2 FROM paths WHERE path = ?1 UNION ALL SELECT 1 FROM (SELECT 1 FROM paths WHERE size = ?2 LIMIT 1)"
                " LIMIT 1",
                &err))
        return -1;
    bind_text(st, 1, path);
    sqlite3_bind_int64(st, 2, size);
    int known = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    finish(s, st);
    return known;
}

int px_store_lookup(px_store *s, const char *sha256, const char *path, const char *rules_version, px_known *known,
                    px_error *err)
{
    memset(known, 0, sizeof *known);
    sqlite3_stmt *st;
    if (prepare(s, &st,
                "SELECT id, rules_version IS NOT ?2 OR extractor_version IS NOT ?3 OR planex_version IS NOT ?4,"
                " EXISTS(SELECT 1 FROM paths WHERE path = ?5 AND document_id = documents.id)"
                " FROM documents WHERE sha256 = ?1",
                err))
        return -1;
    bind_text(st, 1, sha256);
    bind_text(st, 2, rules_version);
    bind_text(st, 3, PX_EXTRACTOR_VERSION);
    bind_text(st, 4, PX_VERSION);
    bind_text(st, 5, path);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        known->doc_id = sqlite3_column_int64(st, 0);
        known->stale = sqlite3_column_int(st, 1);
        known->path_known = sqlite3_column_int(st, 2);
    } else if (rc != SQLITE_DONE) {
        px_error_set(err, "database: %s", sqlite3_errmsg(s->db));
        finish(s, st);
        return -1;
    }
    finish(s, st);
    return 0;
}

static const char *kind_name(px_marker_kind k)
{
    switch (k) {
    case PX_MARK_ROMAN: return "roman";
    case PX_MARK_ARABIC: return "arabic";
    case PX_MARK_DOTTED: return "dotted";
    case PX_MARK_PAREN: return "paren";
    case PX_MARK_LETTER: return "letter";
    }
    return "?";
}

/* The text of a section's own blocks (up to its first subsection). */
static char *section_body(const px_doc *doc, const px_outline *o, size_t k)
{
    size_t first = o->sections[k].block, last = o->sections[k].last_block;
    size_t total = 1;
    for (size_t i = first; i <= last && i < doc->n_blocks; i++)
        if (o->block_section[i] == (int)k)
            total += strlen(doc->blocks[i].text) + 1;
    char *body = malloc(total);
    if (!body)
        return NULL;
    char *p = body;
    for (size_t i = first; i <= last && i < doc->n_blocks; i++) {
        if (o->block_section[i] != (int)k)
            continue;
        size_t n = strlen(doc->blocks[i].text);
        if (p > body)
            *p++ = '\n';
        memcpy(p, doc->blocks[i].text, n);
        p += n;
    }
    *p = '\0';
    return body;
}

static char *json_indices(const px_meta *m)
{
    size_t n = 3;
    for (int i = 0; i < m->n_indices; i++)
        n += strlen(m->indices[i]) + 4;
    char *j = malloc(n);
    if (!j)
        return NULL;
    char *p = j;
    *p++ = '[';
    for (int i = 0; i < m->n_indices; i++)
        p += sprintf(p, "%s\"%s\"", i ? "," : "", m->indices[i]);
    *p++ = ']';
    *p = '\0';
    return j;
}

static int delete_document(px_store *s, long long id, px_error *err)
{
    /* The index rows go first, given back with the values they were made
     * from (a contentless index must be told what it indexed); a document
     * written earlier in this batch is not indexed yet: it only leaves the
     * list of those waiting. */
    static const char *const steps[] = {
        "INSERT INTO sections_fts (sections_fts, rowid, title, body)"
        " SELECT 'delete', id, px_search_fold(title), px_search_fold(body) FROM sections WHERE document_id = ?1"
        " AND NOT EXISTS (SELECT 1 FROM temp.px_fts_docs WHERE document_id = ?1)",
        "DELETE FROM temp.px_fts_docs WHERE document_id = ?1",
        "UPDATE doc_references SET resolved_id = NULL WHERE resolved_id = ?1",
        "DELETE FROM documents WHERE id = ?1",
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (run_with_id(s, steps[i], id, err))
            return -1;
    return 0;
}

static int put_rows(px_store *s, const px_store_input *in, long long *doc_id, px_error *err)
{
    const px_meta *m = &in->result->meta;
    sqlite3_stmt *st;
    if (prepare(s, &st,
                "INSERT INTO documents (sha256, source, format, pages, bytes, doc_type, doc_number, doc_number_key,"
                " issuer, place, issued_date, title, plan_year, indices, signer_name, signer_title, level,"
                " planex_version, rules_version, extractor_version, schema_version, warnings)"
                " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22)",
                err))
        return -1;
    char *key = number_key(m->doc_number);
    char *indices = json_indices(m);
    size_t wlen = 1;
    for (size_t i = 0; i < in->doc->n_warnings; i++)
        wlen += strlen(in->doc->warnings[i]) + 1;
    char *warnings = malloc(wlen);
    if (warnings) {
        warnings[0] = '\0';
        for (size_t i = 0; i < in->doc->n_warnings; i++) {
            if (i)
                strcat(warnings, "\n");
            strcat(warnings, in->doc->warnings[i]);
        }
    }
    bind_text(st, 1, in->sha256);
    bind_text(st, 2, in->path);
    bind_text(st, 3, px_format_name(in->doc->format));
    if (in->doc->format == PX_FORMAT_PDF)
        sqlite3_bind_int(st, 4, in->doc->pages);
    else
        sqlite3_bind_null(st, 4);
    sqlite3_bind_int64(st, 5, in->size);
    bind_text(st, 6, m->doc_type);
    bind_text(st, 7, m->doc_number);
    bind_text(st, 8, key);
    bind_text(st, 9, m->issuer);
    bind_text(st, 10, m->place);
    bind_text(st, 11, m->issued_date);
    bind_text(st, 12, m->title);
    if (m->plan_year)
        sqlite3_bind_int(st, 13, m->plan_year);
    else
        sqlite3_bind_null(st, 13);
    bind_text(st, 14, indices);
    bind_text(st, 15, m->signer_name);
    bind_text(st, 16, m->signer_title);
    bind_text(st, 17, m->level);
    bind_text(st, 18, PX_VERSION);
    bind_text(st, 19, in->rules_version);
    bind_text(st, 20, PX_EXTRACTOR_VERSION);
    sqlite3_bind_int(st, 21, PX_SCHEMA_VERSION);
    bind_text(st, 22, warnings && warnings[0] ? warnings : NULL);
    int rc = step_done(s, st, err);
    finish(s, st);
    free(key);
    free(indices);
    free(warnings);
    if (rc)
        return -1;
    *doc_id = sqlite3_last_insert_rowid(s->db);

    if (prepare(s, &st, "INSERT INTO paths (path, document_id, size, mtime) VALUES (?1, ?2, ?3, ?4)"
                        " ON CONFLICT(path) DO UPDATE SET document_id = excluded.document_id, size = excluded.size,"
                        " mtime = excluded.mtime, seen_at = strftime('%Y-%m-%dT%H:%M:%SZ','now')",
                err))
        return -1;
    bind_text(st, 1, in->path);
    sqlite3_bind_int64(st, 2, *doc_id);
    sqlite3_bind_int64(st, 3, in->size);
    sqlite3_bind_int64(st, 4, in->mtime);
    rc = step_done(s, st, err);
    finish(s, st);
    if (rc)
        return -1;

    /* sections */
    const px_outline *o = in->outline;
    long long *section_ids = calloc(o->n + 1, sizeof *section_ids);
    if (!section_ids)
        return px_error_set(err, "out of memory");
    if (prepare(s, &st,
                "INSERT INTO sections (document_id, ord, path, label, title, kind, level, parent_id, page, offset, body)"
                " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
                err)) {
        free(section_ids);
        return -1;
    }
    rc = 0;
    for (size_t k = 0; k < o->n && rc == 0; k++) {
        const px_section *sec = &o->sections[k];
        const px_block *b = &in->doc->blocks[sec->block];
        char *body = section_body(in->doc, o, k);
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, *doc_id);
        sqlite3_bind_int64(st, 2, (long long)k);
        bind_text(st, 3, sec->path);
        bind_text(st, 4, sec->label);
        bind_text(st, 5, sec->title);
        bind_text(st, 6, kind_name(sec->kind));
        sqlite3_bind_int(st, 7, sec->level);
        if (sec->parent >= 0)
            sqlite3_bind_int64(st, 8, section_ids[sec->parent]);
        else
            sqlite3_bind_null(st, 8);
        if (b->page)
            sqlite3_bind_int(st, 9, b->page);
        else
            sqlite3_bind_null(st, 9);
        sqlite3_bind_int64(st, 10, (long long)b->offset);
        bind_text(st, 11, body ? body : "");
        rc = step_done(s, st, err);
        section_ids[k] = sqlite3_last_insert_rowid(s->db);
        free(body);
    }
    finish(s, st);
    free(section_ids);
    if (rc)
        return -1;
    /* the search index: at the batch's commit, or now */
    rc = run_with_id(s, "INSERT INTO temp.px_fts_docs (document_id) VALUES (?1)", *doc_id, err);
    s->fts_waiting += rc == 0;
    if (rc == 0 && !s->batch_open)
        rc = index_pending(s, -1, err);
    if (rc)
        return -1;

    /* items */
    sqlite3_stmt *ins[PX_ITEM_KINDS] = {0};
    static const char *const sql[PX_ITEM_KINDS] = {
        "INSERT INTO doc_references (document_id, section, doc_number, doc_number_key, doc_type, date, issuer,"
        " text, page, offset, rule) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
        "INSERT INTO indicators (document_id, section, area, text, page, offset, rule)"
        " VALUES (?1,?2,?3,?8,?9,?10,?11)",
        "INSERT INTO assignments (document_id, section, role, unit, unit_canonical, text, page, offset, rule)"
        " VALUES (?1,?2,?3,?4,?5,?8,?9,?10,?11)",
        "INSERT INTO deadlines (document_id, section, kind, date, recurrence, text, page, offset, rule)"
        " VALUES (?1,?2,?3,?4,?5,?8,?9,?10,?11)",
        "INSERT INTO targets (document_id, baseline, section, indicator, value, unit, comparator, year, text,"
        " page, offset, rule) VALUES (?1,0,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
        "INSERT INTO targets (document_id, baseline, section, indicator, value, unit, comparator, year, text,"
        " page, offset, rule) VALUES (?1,1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
    };
    for (int k = 0; k < PX_ITEM_KINDS; k++)
        if (prepare(s, &ins[k], sql[k], err)) {
            for (int j = 0; j < k; j++)
                finish(s, ins[j]);
            return -1;
        }
    const px_result *r = in->result;
    for (size_t i = 0; i < r->n_items && rc == 0; i++) {
        const px_item *it = &r->items[i];
        sqlite3_stmt *q = ins[it->kind];
        sqlite3_reset(q);
        sqlite3_clear_bindings(q);
        sqlite3_bind_int64(q, 1, *doc_id);
        bind_text(q, 2, it->section >= 0 ? o->sections[it->section].path : "");
        switch (it->kind) {
        case PX_ITEM_REFERENCE: {
            char *k2 = number_key(it->doc_number);
            bind_text(q, 3, it->doc_number);
            bind_text(q, 4, k2);
            bind_text(q, 5, it->doc_type);
            bind_text(q, 6, it->date);
            bind_text(q, 7, it->issuer);
            free(k2);
            break;
        }
        case PX_ITEM_INDICATOR:
            bind_text(q, 3, it->area);
            break;
        case PX_ITEM_ASSIGNMENT:
            bind_text(q, 3, it->role);
            bind_text(q, 4, it->unit);
            bind_text(q, 5, it->unit_canonical);
            break;
        case PX_ITEM_DEADLINE:
            bind_text(q, 3, it->deadline_kind);
            bind_text(q, 4, it->date);
            bind_text(q, 5, it->recurrence);
            break;
        case PX_ITEM_TARGET:
        case PX_ITEM_BASELINE:
            bind_text(q, 3, it->indicator);
            sqlite3_bind_double(q, 4, it->value);
            bind_text(q, 5, it->measure);
            bind_text(q, 6, it->comparator);
            if (it->year)
                sqlite3_bind_int(q, 7, it->year);
            else
                sqlite3_bind_null(q, 7);
            break;
        default:
            break;
        }
        bind_text(q, 8, it->text);
        if (it->page)
            sqlite3_bind_int(q, 9, it->page);
        else
            sqlite3_bind_null(q, 9);
        if (it->offset >= 0)
            sqlite3_bind_int64(q, 10, it->offset);
        else
            sqlite3_bind_null(q, 10);
        bind_text(q, 11, it->rule);
        rc = step_done(s, q, err);
    }
    for (int k = 0; k < PX_ITEM_KINDS; k++)
        finish(s, ins[k]);
    return rc;
}

int px_store_put(px_store *s, const px_store_input *in, long long *doc_id, int *replaced, px_error *err)
{
    *replaced = 0;
    if (tx_begin(s, err))
        return -1;
    /* Older rows for these bytes (re-extraction), or for the document last
     * seen at this path when its bytes changed: replaced in this same
     * transaction, so readers see the old or the new, never neither. */
    sqlite3_stmt *st;
    int rc = prepare(s, &st,
                     "SELECT id FROM documents WHERE sha256 = ?1 UNION"
                     " SELECT document_id FROM paths WHERE path = ?2 AND"
                     "  (SELECT COUNT(*) FROM paths p2 WHERE p2.document_id = paths.document_id) = 1",
                     err);
    long long *old = NULL;
    size_t n_old = 0, cap_old = 0;
    if (rc == 0) {
        bind_text(st, 1, in->sha256);
        bind_text(st, 2, in->path);
        while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
            if (n_old == cap_old) {
                cap_old = cap_old ? cap_old * 2 : 4;
                long long *g = realloc(old, cap_old * sizeof *g);
                if (!g) {
                    rc = px_error_set(err, "out of memory");
                    break;
                }
                old = g;
            }
            old[n_old++] = sqlite3_column_int64(st, 0);
        }
        finish(s, st);
    }
    for (size_t i = 0; i < n_old && rc == 0; i++)
        rc = delete_document(s, old[i], err);
    free(old);
    *replaced = n_old > 0;
    if (rc == 0)
        rc = put_rows(s, in, doc_id, err);
    if (rc == 0)
        rc = tx_commit(s, err);
    if (rc) {
        tx_rollback(s);
        return -1;
    }
    return 0;
}

int px_store_add_path(px_store *s, long long doc_id, const char *path, long long size, long long mtime, int *moved,
                      px_error *err)
{
    *moved = 0;
    if (tx_begin(s, err))
        return -1;
    sqlite3_stmt *st;
    /* A recorded path of the same document that is gone from disk: a move. */
    int rc = prepare(s, &st, "SELECT path FROM paths WHERE document_id = ?1 AND path <> ?2", err);
    if (rc == 0) {
        sqlite3_bind_int64(st, 1, doc_id);
        bind_text(st, 2, path);
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *p = (const char *)sqlite3_column_text(st, 0);
            if (p && access(p, F_OK) != 0) {
                *moved = 1;
                sqlite3_stmt *del;
                if (prepare(s, &del, "DELETE FROM paths WHERE path = ?1", err) == 0) {
                    bind_text(del, 1, p);
                    sqlite3_step(del);
                    finish(s, del);
                }
            }
        }
        finish(s, st);
    }
    if (rc == 0)
        rc = prepare(s, &st,
                     "INSERT INTO paths (path, document_id, size, mtime) VALUES (?1, ?2, ?3, ?4)"
                     " ON CONFLICT(path) DO UPDATE SET document_id = excluded.document_id, size = excluded.size,"
                     " mtime = excluded.mtime, seen_at = strftime('%Y-%m-%dT%H:%M:%SZ','now')",
                     err);
    if (rc == 0) {
        bind_text(st, 1, path);
        sqlite3_bind_int64(st, 2, doc_id);
        sqlite3_bind_int64(st, 3, size);
        sqlite3_bind_int64(st, 4, mtime);
        rc = step_done(s, st, err);
        finish(s, st);
    }
    /* the source is the latest path */
    if (rc == 0 && prepare(s, &st, "UPDATE documents SET source = ?1 WHERE id = ?2", err) == 0) {
        bind_text(st, 1, path);
        sqlite3_bind_int64(st, 2, doc_id);
        rc = step_done(s, st, err);
        finish(s, st);
    }
    if (rc == 0)
        rc = tx_commit(s, err);
    if (rc)
        tx_rollback(s);
    return rc;
}

int px_store_prune(px_store *s, int *removed, px_error *err)
{
    *removed = 0;
    if (tx_begin(s, err))
        return -1;
    sqlite3_stmt *st;
    int rc = prepare(s, &st, "SELECT path FROM paths", err);
    char **gone = NULL;
    size_t n_gone = 0;
    if (rc == 0) {
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *p = (const char *)sqlite3_column_text(st, 0);
            if (p && access(p, F_OK) != 0) {
                char **g = realloc(gone, (n_gone + 1) * sizeof *g);
                if (!g)
                    break;
                gone = g;
                gone[n_gone++] = strdup(p);
            }
        }
        finish(s, st);
    }
    for (size_t i = 0; i < n_gone && rc == 0; i++) {
        if (prepare(s, &st, "DELETE FROM paths WHERE path = ?1", err)) { rc = -1; break; }
        bind_text(st, 1, gone[i]);
        rc = step_done(s, st, err);
        finish(s, st);
    }
    for (size_t i = 0; i < n_gone; i++)
        free(gone[i]);
    free(gone);
    /* documents left without any path: delete them one by one until none
     * is left (no fixed-size buffer: an archive may lose thousands) */
    while (rc == 0) {
        long long id = 0;
        if (prepare(s, &st, "SELECT id FROM documents WHERE id NOT IN (SELECT document_id FROM paths) LIMIT 1",
                    err)) {
            rc = -1;
            break;
        }
        if (sqlite3_step(st) == SQLITE_ROW)
            id = sqlite3_column_int64(st, 0);
        finish(s, st);
        if (!id)
            break;
        rc = delete_document(s, id, err);
        if (rc == 0)
            (*removed)++;
    }
    if (rc == 0)
        rc = tx_commit(s, err);
    if (rc)
        tx_rollback(s);
    return rc;
}

int px_store_run_begin(px_store *s, const char *command, long long *run_id, px_error *err)
{
    sqlite3_stmt *st;
    if (prepare(s, &st, "INSERT INTO runs (command) VALUES (?1)", err))
        return -1;
    bind_text(st, 1, command);
    int rc = step_done(s, st, err);
    finish(s, st);
    *run_id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

int px_store_run_file(px_store *s, long long run_id, const char *path, const char *sha256, const char *outcome,
                      const char *error, double seconds, px_error *err)
{
    sqlite3_stmt *st;
    if (prepare(s, &st,
                "INSERT INTO run_files (run_id, path, sha256, outcome, error, seconds) VALUES (?1,?2,?3,?4,?5,?6)",
                err))
        return -1;
    sqlite3_bind_int64(st, 1, run_id);
    bind_text(st, 2, path);
    bind_text(st, 3, sha256);
    bind_text(st, 4, outcome);
    bind_text(st, 5, error);
    sqlite3_bind_double(st, 6, seconds);
    int rc = step_done(s, st, err);
    finish(s, st);
    return rc;
}

int px_store_run_end(px_store *s, long long run_id, const px_run_counts *c, px_error *err)
{
    sqlite3_stmt *st;
    if (prepare(s, &st,
                "UPDATE runs SET finished_at = strftime('%Y-%m-%dT%H:%M:%SZ','now'), added=?2, updated=?3, moved=?4,"
                " unchanged=?5, failed=?6, skipped=?7, pruned=?8, pages=?9, seconds=?10 WHERE id = ?1",
                err))
        return -1;
    sqlite3_bind_int64(st, 1, run_id);
    sqlite3_bind_int(st, 2, c->added);
    sqlite3_bind_int(st, 3, c->updated);
    sqlite3_bind_int(st, 4, c->moved);
    sqlite3_bind_int(st, 5, c->unchanged);
    sqlite3_bind_int(st, 6, c->failed);
    sqlite3_bind_int(st, 7, c->skipped);
    sqlite3_bind_int(st, 8, c->pruned);
    sqlite3_bind_int64(st, 9, c->pages);
    sqlite3_bind_double(st, 10, c->seconds);
    int rc = step_done(s, st, err);
    finish(s, st);
    return rc;
}

long long px_store_resolve(px_store *s, const char *arg)
{
    sqlite3_stmt *st;
    long long id = 0;
    char *end;
    long long n = strtoll(arg, &end, 10);
    const char *sql =
        "SELECT id FROM documents WHERE id = ?1 AND ?3"
        " UNION ALL SELECT document_id FROM paths WHERE path = ?2"
        " UNION ALL SELECT id FROM documents WHERE source = ?2"
        " UNION ALL SELECT id FROM documents WHERE length(?2) >= 8 AND sha256 LIKE ?2 || '%'"
        " UNION ALL SELECT id FROM documents WHERE doc_number_key = upper(replace(?2, ' ', ''))"
        " LIMIT 1";
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_int64(st, 1, n);
    bind_text(st, 2, arg);
    sqlite3_bind_int(st, 3, *end == '\0' && end != arg);
    if (sqlite3_step(st) == SQLITE_ROW)
        id = sqlite3_column_int64(st, 0);
    finish(s, st);
    return id;
}
