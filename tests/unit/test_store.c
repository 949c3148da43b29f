/* test_store.c: the SQLite store (pipeline/store.c): open and reopen,
 * migration to the current user_version, refusal of newer or foreign files,
 * lookups, copies and moves, a failed put that leaves nothing behind,
 * batches indexed for search part by part, and checkpoints in background.
 * The test reads the database with sqlite3 directly to see what is there. */
#include <glob.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "harness.h"
#include "ingest.h"
#include "items.h"
#include "ruleset.h"
#include "store.h"
#include "store_checkpoint.h"

static char tmpdir[256];
static px_ruleset *rules;

static const char *PLAN =
    "KẾ HOẠCH\n\nCải cách hành chính năm 2025\n\nI. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n\n"
    "Nâng cao chất lượng phục vụ người dân.\n\n2. Yêu cầu\n\nBảo đảm tiến độ.\n\nII. NHIỆM VỤ\n\n"
    "1. Công khai thủ tục hành chính\n\na) Niêm yết công khai tại trụ sở\n\n";

static void tmp_path(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", tmpdir, name);
}

/* One integer from a query on the file at path (-1 on error). */
static long long q_int(const char *path, const char *sql)
{
    sqlite3 *db;
    long long v = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 30000); /* a writer or checkpointer may be at work */
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
            if (sqlite3_step(st) == SQLITE_ROW)
                v = sqlite3_column_int64(st, 0);
            sqlite3_finalize(st);
        }
    }
    sqlite3_close(db);
    return v;
}

static long long count(const char *path, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    return q_int(path, sql);
}

static int process(const char *text, px_processed *p)
{
    px_error err = {{0}};
    memset(p, 0, sizeof *p);
    if (!rules)
        return -1;
    int rc = px_ingest_process((const unsigned char *)text, strlen(text), rules, NULL, p, &err);
    if (rc)
        printf("  process: %s\n", err.msg);
    return rc;
}

static int put(px_store *s, const char *path, const char *text, px_processed *p, long long *id, px_error *err)
{
    char sha[65];
    px_sha256_hex((const unsigned char *)text, strlen(text), sha);
    px_store_input in = {.path = path, .sha256 = sha, .size = (long long)strlen(text), .mtime = 0,
                         .doc = p->doc, .outline = &p->outline, .result = &p->result,
                         .rules_version = px_ruleset_version(rules)};
    int replaced = 0;
    return px_store_put(s, &in, id, &replaced, err);
}

TEST(open_new_and_twice)
{
    char db[512];
    tmp_path(db, sizeof db, "twice.db");
    px_store *a = NULL, *b = NULL;
    px_error err = {{0}};
    CHECK_INT(px_store_open(db, &a, &err), 0);
    CHECK_INT(px_store_open(db, &b, &err), 0); /* a second handle on the same file */
    CHECK(a && b);
    px_store_close(a);
    px_store_close(b);
    CHECK_INT(px_store_open(db, &a, &err), 0); /* reopen: no migration error */
    px_store_close(a);
    CHECK_INT(q_int(db, "PRAGMA user_version"), PX_SCHEMA_VERSION);
    CHECK_INT(count(db, "documents"), 0);
    px_store_close(NULL); /* NULL-safe */
}

TEST(migrates_an_empty_database)
{
    char db[512];
    tmp_path(db, sizeof db, "old.db");
    sqlite3 *raw;
    CHECK_INT(sqlite3_open(db, &raw), SQLITE_OK);
    sqlite3_exec(raw, "CREATE TABLE unrelated (x); PRAGMA user_version = 0;", NULL, NULL, NULL);
    sqlite3_close(raw);
    CHECK_INT(q_int(db, "PRAGMA user_version"), 0);
    px_store *s = NULL;
    px_error err = {{0}};
    CHECK_INT(px_store_open(db, &s, &err), 0);
    px_store_close(s);
    CHECK_INT(q_int(db, "PRAGMA user_version"), PX_SCHEMA_VERSION);
    CHECK_INT(q_int(db, "SELECT count(*) FROM sqlite_master WHERE name IN ('documents','sections','paths')"), 3);
    CHECK_INT(count(db, "unrelated"), 0); /* other tables left alone */
}

TEST(refuses_newer_and_foreign_files)
{
    char db[512];
    tmp_path(db, sizeof db, "newer.db");
    sqlite3 *raw;
    sqlite3_open(db, &raw);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", PX_SCHEMA_VERSION + 5);
    sqlite3_exec(raw, sql, NULL, NULL, NULL);
    sqlite3_close(raw);
    px_store *s = NULL;
    px_error err = {{0}};
    CHECK(px_store_open(db, &s, &err) != 0);
    CHECK(s == NULL);
    CHECK(strstr(err.msg, "newer") != NULL);
    CHECK_INT(q_int(db, "PRAGMA user_version"), PX_SCHEMA_VERSION + 5); /* untouched */

    tmp_path(db, sizeof db, "notes.txt");
    FILE *f = fopen(db, "w");
    fputs("KẾ HOẠCH — this is a text file, not a database, and it is long enough to have a header\n", f);
    fclose(f);
    err.msg[0] = '\0';
    CHECK(px_store_open(db, &s, &err) != 0);
    CHECK(strstr(err.msg, db) != NULL); /* the error names the file */
}

TEST(put_lookup_copy_move)
{
    char db[512], p1[512], p2[512], p3[512];
    tmp_path(db, sizeof db, "put.db");
    tmp_path(p1, sizeof p1, "plan.txt");
    tmp_path(p2, sizeof p2, "copy.txt");
    tmp_path(p3, sizeof p3, "moved.txt");
    FILE *f = fopen(p1, "w");
    fputs(PLAN, f);
    fclose(f);
    f = fopen(p2, "w");
    fputs(PLAN, f);
    fclose(f);
    px_store *s = NULL;
    px_error err = {{0}};
    CHECK_INT(px_store_open(db, &s, &err), 0);
    px_processed p;
    CHECK_INT(process(PLAN, &p), 0);
    if (!s || !p.doc)
        return;
    long long id = 0;
    CHECK_INT(put(s, p1, PLAN, &p, &id, &err), 0);
    CHECK(id > 0);
    CHECK_INT(count(db, "documents"), 1);
    CHECK_INT(count(db, "sections"), (long long)p.outline.n);
    CHECK_INT(p.outline.n, 6);

    char sha[65];
    px_sha256_hex((const unsigned char *)PLAN, strlen(PLAN), sha);
    px_known k;
    CHECK_INT(px_store_lookup(s, sha, p1, px_ruleset_version(rules), &k, &err), 0);
    CHECK_INT(k.doc_id, id);
    CHECK_INT(k.path_known, 1);
    CHECK_INT(k.stale, 0);
    CHECK_INT(px_store_lookup(s, sha, p2, px_ruleset_version(rules), &k, &err), 0);
    CHECK_INT(k.path_known, 0);
    CHECK_INT(px_store_lookup(s, sha, p1, "other-rules", &k, &err), 0);
    CHECK_INT(k.stale, 1);
    CHECK_INT(px_store_lookup(s, "0000000000000000000000000000000000000000000000000000000000000000", p1,
                              px_ruleset_version(rules), &k, &err), 0);
    CHECK_INT(k.doc_id, 0);

    /* a copy: the first path still exists */
    int moved = -1;
    CHECK_INT(px_store_add_path(s, id, p2, 1, 0, &moved, &err), 0);
    CHECK_INT(moved, 0);
    CHECK_INT(count(db, "paths"), 2);
    CHECK_INT(count(db, "documents"), 1);
    /* a move: the copy is gone from disk */
    unlink(p2);
    CHECK_INT(px_store_add_path(s, id, p3, 1, 0, &moved, &err), 0);
    CHECK_INT(moved, 1);
    CHECK_INT(count(db, "paths"), 2);
    CHECK_INT(count(db, "documents"), 1);
    CHECK_INT(count(db, "sections"), (long long)p.outline.n);

    /* putting the same bytes again replaces, never duplicates */
    long long id2 = 0;
    CHECK_INT(put(s, p1, PLAN, &p, &id2, &err), 0);
    CHECK_INT(count(db, "documents"), 1);
    CHECK_INT(count(db, "sections"), (long long)p.outline.n);
    px_processed_free(&p);
    px_store_close(s);
    unlink(p1);
}

TEST(failed_put_leaves_no_rows)
{
    char db[512];
    tmp_path(db, sizeof db, "fail.db");
    px_store *s = NULL;
    px_error err = {{0}};
    CHECK_INT(px_store_open(db, &s, &err), 0);
    px_processed p;
    CHECK_INT(process(PLAN, &p), 0);
    if (!s || !p.doc)
        return;
    /* an item the schema refuses (an indicator without an area), written
     * after the document, its path and its sections */
    px_item bad;
    memset(&bad, 0, sizeof bad);
    bad.kind = PX_ITEM_INDICATOR;
    bad.section = 0;
    bad.offset = -1;
    bad.text = "Công khai, minh bạch";
    CHECK(px_result_add(&p.result, &bad) != NULL);
    long long id = 0;
    err.msg[0] = '\0';
    CHECK(put(s, "/plans/bad.txt", PLAN, &p, &id, &err) != 0);
    CHECK(err.msg[0] != '\0');
    CHECK_INT(count(db, "documents"), 0);
    CHECK_INT(count(db, "sections"), 0);
    CHECK_INT(count(db, "paths"), 0);
    CHECK_INT(count(db, "indicators"), 0);
    px_processed_free(&p);

    /* a good document first; then a failing put of new bytes at its path
     * leaves the old document whole */
    px_processed good;
    CHECK_INT(process(PLAN, &good), 0);
    CHECK_INT(put(s, "/plans/plan.txt", PLAN, &good, &id, &err), 0);
    long long sections = count(db, "sections");
    CHECK(sections > 0);
    const char *changed = "KẾ HOẠCH\n\nI. NHIỆM VỤ MỚI\n\n1. Một\n\n";
    px_processed p2;
    CHECK_INT(process(changed, &p2), 0);
    if (p2.doc) {
        CHECK(px_result_add(&p2.result, &bad) != NULL);
        CHECK(put(s, "/plans/plan.txt", changed, &p2, &id, &err) != 0);
    }
    CHECK_INT(count(db, "documents"), 1);
    CHECK_INT(count(db, "sections"), sections);
    CHECK_INT(q_int(db, "SELECT count(*) FROM paths WHERE path = '/plans/plan.txt'"), 1);
    /* and the store still takes writes after the rollback */
    px_processed_free(&p2);
    CHECK_INT(process(changed, &p2), 0);
    CHECK_INT(put(s, "/plans/plan.txt", changed, &p2, &id, &err), 0);
    CHECK_INT(count(db, "documents"), 1);
    CHECK_INT(count(db, "sections"), (long long)p2.outline.n);
    px_processed_free(&p2);
    px_processed_free(&good);
    px_store_close(s);
}

/* Sections whose search index entry matches `query` (FTS5 syntax). */
static long long matches(const char *db, const char *query)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM sections_fts WHERE sections_fts MATCH '%s'", query);
    return q_int(db, sql);
}

static const char *PLAN_B =
    "KẾ HOẠCH\n\nNâng cao chỉ số PAPI năm 2025\n\nI. NHIỆM VỤ\n\n1. Đối thoại với người dân\n\n"
    "Tổ chức đối thoại định kỳ tại xã.\n\n";
static const char *PLAN_B2 =
    "KẾ HOẠCH\n\nNâng cao chỉ số PAPI năm 2025\n\nI. NHIỆM VỤ\n\n1. Tiếp công dân\n\n"
    "Bố trí phòng tiếp công dân riêng biệt.\n\n";

TEST(batch_writes_many_documents_in_one_commit)
{
    char db[512];
    tmp_path(db, sizeof db, "batch.db");
    px_store *s = NULL;
    px_error err = {{0}};
    CHECK_INT(px_store_open(db, &s, &err), 0);
    px_processed a, bad, b;
    CHECK_INT(process(PLAN, &a), 0);
    CHECK_INT(process(PLAN_B, &b), 0);
    CHECK_INT(process(PLAN_B2, &bad), 0);
    if (!s || !a.doc || !b.doc || !bad.doc)
        return;
    px_item refused;
    memset(&refused, 0, sizeof refused);
    refused.kind = PX_ITEM_INDICATOR; /* an indicator without an area: the schema refuses it */
    refused.offset = -1;
    refused.text = "x";
    CHECK(px_result_add(&bad.result, &refused) != NULL);

    long long id = 0;
    CHECK_INT(px_store_batch_begin(s, &err), 0);
    CHECK_INT(put(s, "/plans/a.txt", PLAN, &a, &id, &err), 0);
    CHECK(put(s, "/plans/bad.txt", PLAN_B2, &bad, &id, &err) != 0); /* undone alone */
    CHECK_INT(put(s, "/plans/b.txt", PLAN_B, &b, &id, &err), 0);
    CHECK_INT(px_store_batch_writes(s), 2);
    /* another reader sees nothing until the commit */
    CHECK_INT(count(db, "documents"), 0);
    CHECK_INT(px_store_batch_commit(s, &err), 0);
    CHECK_INT(px_store_batch_writes(s), 0);
    CHECK_INT(count(db, "documents"), 2);
    CHECK_INT(q_int(db, "SELECT count(*) FROM paths WHERE path = '/plans/bad.txt'"), 0);
    /* the search index has both, folded: đ→d, no tone marks */
    CHECK_INT(matches(db, "doi thoai"), 1);
    CHECK_INT(matches(db, "cong khai"), 2); /* PLAN: a heading and its item */
    px_processed_free(&bad);
    CHECK_INT(process(PLAN_B2, &bad), 0);

    /* new bytes at b's path replace it: in a later batch (b is indexed) ... */
    CHECK_INT(px_store_batch_begin(s, &err), 0);
    CHECK_INT(put(s, "/plans/b.txt", PLAN_B2, &bad, &id, &err), 0);
    CHECK_INT(px_store_batch_commit(s, &err), 0);
    CHECK_INT(count(db, "documents"), 2);
    CHECK_INT(matches(db, "doi thoai"), 0);
    CHECK_INT(matches(db, "tiep cong dan"), 1);
    /* ... and within one batch (the first version was never indexed) */
    CHECK_INT(px_store_batch_begin(s, &err), 0);
    CHECK_INT(put(s, "/plans/b.txt", PLAN_B, &b, &id, &err), 0);
    CHECK_INT(put(s, "/plans/b.txt", PLAN_B2, &bad, &id, &err), 0);
    CHECK_INT(put(s, "/plans/b.txt", PLAN_B, &b, &id, &err), 0);
    CHECK_INT(px_store_batch_commit(s, &err), 0);
    CHECK_INT(count(db, "documents"), 2);
    CHECK_INT(matches(db, "doi thoai"), 1);
    CHECK_INT(matches(db, "tiep cong dan"), 0);
    CHECK_INT(q_int(db, "SELECT count(*) FROM sections_fts"), count(db, "sections"));

    /* a batch never committed is never seen, and the store stays usable */
    CHECK_INT(px_store_batch_begin(s, &err), 0);
    CHECK_INT(put(s, "/plans/b2.txt", PLAN_B2, &bad, &id, &err), 0);
    px_store_close(s);
    CHECK_INT(count(db, "documents"), 2);
    CHECK_INT(matches(db, "tiep cong dan"), 0);
    CHECK_INT(px_store_open(db, &s, &err), 0);
    CHECK_INT(put(s, "/plans/b2.txt", PLAN_B2, &bad, &id, &err), 0); /* no batch: its own commit */
    CHECK_INT(matches(db, "tiep cong dan"), 1);
    CHECK_INT(px_store_batch_commit(s, &err), 0); /* none open: nothing to do */
    px_store_close(s);
    px_processed_free(&a);
    px_processed_free(&b);
    px_processed_free(&bad);
}

/* The search index made part by part while a batch is open (ingest does
 * it while its workers are busy): what is indexed early and then replaced
 * in the same batch leaves the index, and the commit indexes the rest. */
TEST(batch_indexed_part_by_part)
{
    char db[512];
    tmp_path(db, sizeof db, "parts.db");
    px_store *s = NULL;
    px_error err = {{0}};
    CHECK_INT(px_store_open(db, &s, &err), 0);
    px_processed a, b, b2;
    CHECK_INT(process(PLAN, &a), 0);
    CHECK_INT(process(PLAN_B, &b), 0);
    CHECK_INT(process(PLAN_B2, &b2), 0);
    if (!s || !a.doc || !b.doc || !b2.doc)
        return;
    long long id = 0;
    CHECK_INT(px_store_index_waiting(s), 0); /* no batch */
    CHECK_INT(px_store_batch_begin(s, &err), 0);
    CHECK_INT(put(s, "/plans/b.txt", PLAN_B, &b, &id, &err), 0);
    CHECK_INT(put(s, "/plans/a.txt", PLAN, &a, &id, &err), 0);
    CHECK_INT(px_store_index_waiting(s), 2);
    CHECK_INT(px_store_index_some(s, 1, &err), 1); /* b, the first written */
    CHECK_INT(px_store_index_waiting(s), 1);
    /* b replaced after it was indexed: its index rows must go with it */
    CHECK_INT(put(s, "/plans/b.txt", PLAN_B2, &b2, &id, &err), 0);
    CHECK_INT(px_store_index_some(s, 16, &err), 0);
    CHECK_INT(px_store_index_some(s, 16, &err), 0); /* nothing left: no-op */
    CHECK_INT(px_store_batch_commit(s, &err), 0);
    CHECK_INT(matches(db, "doi thoai"), 0);
    CHECK_INT(matches(db, "tiep cong dan"), 1);
    CHECK_INT(matches(db, "cong khai"), 2);
    CHECK_INT(q_int(db, "SELECT count(*) FROM sections_fts"), count(db, "sections"));
    px_store_close(s);
    px_processed_free(&a);
    px_processed_free(&b);
    px_processed_free(&b2);
}

static long long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

/* Checkpoints on the store's own thread: a long run of batches is
 * checkpointed while it goes on (the database file grows before the
 * store is closed), another connection reads whole batches meanwhile, and
 * the file is sound and complete at the end. */
TEST(checkpoints_in_background)
{
    char db[512];
    tmp_path(db, sizeof db, "ckpt.db");
    px_store *s = NULL;
    px_error err = {{0}};
    CHECK_INT(px_store_open(db, &s, &err), 0);
    px_processed a;
    CHECK_INT(process(PLAN, &a), 0);
    if (!s || !a.doc)
        return;
    CHECK_INT(px_store_checkpoint_in_background(s, &err), 0);
    CHECK_INT(px_store_checkpoint_in_background(s, &err), 0); /* twice: one thread */
    long long start = file_size(db);
    enum { BATCHES = 60, PER_BATCH = 25 };
    int written = 0, torn = 0;
    for (int b = 0; b < BATCHES; b++) {
        CHECK_INT(px_store_batch_begin(s, &err), 0);
        for (int k = 0; k < PER_BATCH; k++) {
            char path[64], sha[65];
            snprintf(path, sizeof path, "/plans/%04d.txt", written);
            snprintf(sha, sizeof sha, "%064d", written); /* distinct bytes, as far as the store knows */
            px_store_input in = {.path = path, .sha256 = sha, .size = 1, .mtime = 0, .doc = a.doc,
                                 .outline = &a.outline, .result = &a.result,
                                 .rules_version = px_ruleset_version(rules)};
            long long id;
            int replaced;
            written += px_store_put(s, &in, &id, &replaced, &err) == 0;
        }
        CHECK_INT(px_store_batch_commit(s, &err), 0);
        torn += count(db, "documents") % PER_BATCH != 0;
    }
    CHECK_INT(written, BATCHES * PER_BATCH);
    CHECK_INT(torn, 0);
    /* the thread copies the WAL into the file; give it time to finish */
    for (int i = 0; i < 200 && file_size(db) <= start; i++)
        usleep(50 * 1000);
    CHECK(file_size(db) > start);
    px_store_close(s);
    px_processed_free(&a);
    char wal[600];
    snprintf(wal, sizeof wal, "%s-wal", db);
    CHECK_INT(access(wal, F_OK) == 0, 0); /* the last close checkpointed and removed it */
    CHECK_INT(count(db, "documents"), BATCHES * PER_BATCH);
    CHECK_INT(q_int(db, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"), 0);
}

/* The WAL stays bounded when the writer commits back to back, as bulk
 * ingestion does: with the thread alone SQLite would never start the WAL
 * over (store_checkpoint.c says why), and it would grow for the whole run. */
TEST(checkpointer_bounds_the_wal)
{
    char db[512], wal[600];
    tmp_path(db, sizeof db, "bound.db");
    snprintf(wal, sizeof wal, "%s-wal", db);
    sqlite3 *w = NULL;
    CHECK_INT(sqlite3_open(db, &w), SQLITE_OK);
    /* as the store's writer has: the thread's checkpoint can hold the
     * write lock for a moment (store_checkpoint.h says when) */
    sqlite3_busy_timeout(w, 30000);
    CHECK_INT(sqlite3_exec(w, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                              "CREATE TABLE t (x BLOB)", NULL, NULL, NULL), SQLITE_OK);
    px_checkpointer *c = NULL;
    px_error err = {{0}};
    enum { PAGES = 20, LIMIT = 100, COMMITS = 400 };
    CHECK_INT(px_checkpointer_start(w, PAGES, LIMIT, &c, &err), 0);
    long long largest = 0;
    for (int i = 0; i < COMMITS && c; i++) {
        /* about four pages per commit */
        CHECK_INT(sqlite3_exec(w, "INSERT INTO t VALUES (randomblob(12000))", NULL, NULL, NULL), SQLITE_OK);
        long long size = file_size(wal);
        if (size > largest)
            largest = size;
    }
    px_checkpointer_stop(c);
    CHECK_INT(q_int(db, "SELECT count(*) FROM t"), COMMITS);
    /* 400 commits of 4 pages are 1,600 pages; the bound is the limit and
     * one commit (a WAL frame is a 24-byte header and a 4 KB page) */
    long long bound = (long long)(LIMIT + 10) * (24 + 4096) + 32;
    CHECK(largest > 0 && largest <= bound);
    if (largest > bound)
        printf("  largest WAL: %lld bytes, bound %lld\n", largest, bound);
    sqlite3_close(w);
}

/* A store written by schema version 1 (a search index holding its own copy
 * of the text) is migrated in place: same documents, same search results,
 * and the index keeps working for deletions. */
TEST(migrates_version_1_search_index)
{
    char db[512];
    tmp_path(db, sizeof db, "v1.db");
    px_store *s = NULL;
    px_error err = {{0}};
    CHECK_INT(px_store_open(db, &s, &err), 0);
    px_processed a, b;
    CHECK_INT(process(PLAN, &a), 0);
    CHECK_INT(process(PLAN_B, &b), 0);
    if (!s || !a.doc || !b.doc)
        return;
    long long id;
    CHECK_INT(put(s, "/plans/a.txt", PLAN, &a, &id, &err), 0);
    CHECK_INT(put(s, "/plans/b.txt", PLAN_B, &b, &id, &err), 0);
    px_store_close(s);
    sqlite3 *raw;
    CHECK_INT(sqlite3_open(db, &raw), SQLITE_OK);
    CHECK_INT(sqlite3_exec(raw,
                           "DROP INDEX paths_size; DROP TABLE sections_fts;"
                           "CREATE VIRTUAL TABLE sections_fts USING fts5(title, body,"
                           "  tokenize = 'unicode61 remove_diacritics 2');"
                           "INSERT INTO sections_fts (rowid, title, body) SELECT id,"
                           "  replace(replace(title, 'đ', 'd'), 'Đ', 'D'), replace(replace(body, 'đ', 'd'), 'Đ', 'D')"
                           "  FROM sections;"
                           "PRAGMA user_version = 1;",
                           NULL, NULL, NULL),
              SQLITE_OK);
    sqlite3_close(raw);
    CHECK_INT(matches(db, "doi thoai"), 1);
    CHECK(q_int(db, "SELECT count(*) FROM sections_fts_content") > 0);

    CHECK_INT(px_store_open(db, &s, &err), 0);
    CHECK_INT(q_int(db, "PRAGMA user_version"), PX_SCHEMA_VERSION);
    CHECK_INT(q_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'sections_fts_content'"), 0);
    CHECK_INT(count(db, "documents"), 2);
    CHECK_INT(matches(db, "doi thoai"), 1);
    CHECK_INT(matches(db, "cong khai"), 2);
    /* replacing b after the migration removes its old index entries */
    px_processed b2;
    CHECK_INT(process(PLAN_B2, &b2), 0);
    if (s && b2.doc) {
        CHECK_INT(put(s, "/plans/b.txt", PLAN_B2, &b2, &id, &err), 0);
        CHECK_INT(matches(db, "doi thoai"), 0);
        CHECK_INT(matches(db, "tiep cong dan"), 1);
    }
    px_processed_free(&b2);
    px_store_close(s);
    px_processed_free(&a);
    px_processed_free(&b);
}

TEST(run_journal)
{
    char db[512];
    tmp_path(db, sizeof db, "runs.db");
    px_store *s = NULL;
    px_error err = {{0}};
    CHECK_INT(px_store_open(db, &s, &err), 0);
    if (!s)
        return;
    long long run = 0;
    CHECK_INT(px_store_run_begin(s, "ingest", &run, &err), 0);
    CHECK_INT(px_store_run_file(s, run, "/plans/a.txt", NULL, "failed", "invalid UTF-8", 0.1, &err), 0);
    px_run_counts c = {.failed = 1};
    CHECK_INT(px_store_run_end(s, run, &c, &err), 0);
    px_store_close(s);
    CHECK_INT(count(db, "runs"), 1);
    CHECK_INT(q_int(db, "SELECT failed FROM runs"), 1);
    CHECK_INT(q_int(db, "SELECT count(*) FROM run_files WHERE outcome = 'failed'"), 1);
}

TEST(sha256_known_vector)
{
    char hex[65];
    px_sha256_hex((const unsigned char *)"abc", 3, hex);
    CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    px_sha256_hex((const unsigned char *)"", 0, hex);
    CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

/* The search fold of earlier versions: đ→d and Đ→D only. */
static char *fold_d_only(const char *text)
{
    char *out = strdup(text), *o = out;
    if (!out)
        return NULL;
    for (const char *p = text; *p;) {
        if (strncmp(p, "đ", 2) == 0 || strncmp(p, "Đ", 2) == 0) {
            *o++ = p[1] == "đ"[1] ? 'd' : 'D';
            p += 2;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    return out;
}

/* The terms an FTS5 table with the store's tokenizer makes of `text`,
 * sorted and joined by spaces; NULL on failure.  The caller frees. */
static char *index_terms(const char *text)
{
    sqlite3 *db = NULL;
    char *terms = NULL;
    if (sqlite3_open(":memory:", &db) == SQLITE_OK &&
        sqlite3_exec(db, "CREATE VIRTUAL TABLE f USING fts5(x, tokenize = 'unicode61 remove_diacritics 2');"
                         "CREATE VIRTUAL TABLE v USING fts5vocab(f, instance)", NULL, NULL, NULL) == SQLITE_OK) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, "INSERT INTO f (x) VALUES (?1)", -1, &st, NULL) == SQLITE_OK) {
            sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
            sqlite3_step(st);
            sqlite3_finalize(st);
        }
        if (sqlite3_prepare_v2(db, "SELECT group_concat(term, ' ') FROM (SELECT term FROM v ORDER BY term, offset)",
                               -1, &st, NULL) == SQLITE_OK) {
            if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
                terms = strdup((const char *)sqlite3_column_text(st, 0));
            sqlite3_finalize(st);
        }
    }
    sqlite3_close(db);
    return terms;
}

/* Search folds every Vietnamese letter to ASCII before indexing, and the
 * index gets the very terms its tokenizer made of the text folded for đ
 * alone (the fold of earlier versions): a query finds what it found, and
 * deleting a document indexed before the change removes all its terms. */
TEST(search_fold_keeps_the_index_terms)
{
    char *f = px_store_search_fold("Kế hoạch số 105/KH-UBND: Đơn vị chủ trì, Ủy ban nhân dân xã Đồng Tiến");
    CHECK_STR(f, "Ke hoach so 105/KH-UBND: Don vi chu tri, Uy ban nhan dan xa Dong Tien");
    free(f);
    /* every letter of the Vietnamese alphabet with every tone, as words */
    static const char *const letters =
        "ÀÁÂÃàáâãĂăẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặĐđÈÉÊèéêẸẹẺẻẼẽẾếỀềỂểỄễỆệÌÍìíĨĩỈỉỊị"
        "ÒÓÔÕòóôõƠơỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợÙÚùúŨũƯưỤụỦủỨứỪừỬửỮữỰựÝýỲỳỴỵỶỷỸỹ";
    char words[4096] = "";
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)letters; *p && n + 16 < sizeof words;) {
        size_t k = *p < 0xE0 ? 2 : 3;
        n += (size_t)snprintf(words + n, sizeof words - n, "q%.*sq ", (int)k, (const char *)p);
        p += k;
    }
    const char *texts[] = {words, "Nâng cao Chỉ số hiệu quả quản trị và hành chính công (PAPI) năm 2026; "
                                  "Ngữ cảnh: café, naïve, Ångström, Œuvre, Łódź, ﬁ, 日本"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char *d_only = fold_d_only(texts[i]), *folded = px_store_search_fold(texts[i]);
        char *want = d_only ? index_terms(d_only) : NULL, *got = folded ? index_terms(folded) : NULL;
        CHECK(want && strlen(want) > 40);
        CHECK_STR(got ? got : "(none)", want ? want : "(none)");
        free(d_only);
        free(folded);
        free(want);
        free(got);
    }
}

/* The whole path in one process, for every corpus document that needs no
 * OCR: ingest forks workers that leave with _exit, where LeakSanitizer does
 * not look, so this is where the sanitize variant checks the extractors,
 * the analysis and the store for leaks. */
TEST(corpus_in_process)
{
    char db[512];
    tmp_path(db, sizeof db, "corpus.db");
    px_store *s = NULL;
    px_error err = {{0}};
    CHECK_INT(px_store_open(db, &s, &err), 0);
    if (!s || !rules)
        return;
    static const char *const patterns[] = {"corpus/text/*.txt", "corpus/docx/*.docx", "corpus/pdf/*.pdf",
                                           "corpus/tcvn3/*.pdf", "corpus/appendix/005-appendix.*"};
    int files = 0;
    for (size_t g = 0; g < sizeof patterns / sizeof patterns[0]; g++) {
        glob_t gl;
        if (glob(patterns[g], 0, NULL, &gl) != 0) {
            printf("FAIL no files for %s\n", patterns[g]);
            harness_failed++;
            continue;
        }
        for (size_t i = 0; i < gl.gl_pathc; i++) {
            const char *path = gl.gl_pathv[i];
            unsigned char *bytes = NULL;
            size_t len = 0;
            px_processed p;
            memset(&p, 0, sizeof p);
            err.msg[0] = '\0';
            px_extract_options opt = {.ocr = 0};
            int ok = px_read_file(path, &bytes, &len, &err) == 0 &&
                     px_ingest_process(bytes, len, rules, &opt, &p, &err) == 0;
            if (ok) {
                char sha[65];
                px_sha256_hex(bytes, len, sha);
                px_store_input in = {.path = path, .sha256 = sha, .size = (long long)len, .mtime = 0,
                                     .doc = p.doc, .outline = &p.outline, .result = &p.result,
                                     .rules_version = px_ruleset_version(rules)};
                long long id;
                int replaced;
                ok = px_store_put(s, &in, &id, &replaced, &err) == 0 && p.outline.n > 0;
            }
            if (!ok)
                printf("  %s: %s\n", path, err.msg[0] ? err.msg : "no sections");
            CHECK(ok);
            files++;
            free(bytes);
            px_processed_free(&p);
        }
        globfree(&gl);
    }
    CHECK(files >= 15);
    CHECK_INT(count(db, "documents"), files);
    px_store_close(s);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "%s/planex-store-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmpdir)) {
        printf("FAIL mkdtemp\n");
        return 1;
    }
    px_diags diags = {0};
    px_error err = {{0}};
    rules = px_ruleset_load("rules", &diags, &err);
    px_diags_free(&diags);
    if (!rules)
        printf("FAIL cannot load rules/: %s\n", err.msg);
    CHECK(rules != NULL);
    RUN(open_new_and_twice);
    RUN(migrates_an_empty_database);
    RUN(refuses_newer_and_foreign_files);
    RUN(put_lookup_copy_move);
    RUN(failed_put_leaves_no_rows);
    RUN(batch_writes_many_documents_in_one_commit);
    RUN(batch_indexed_part_by_part);
    RUN(checkpoints_in_background);
    RUN(checkpointer_bounds_the_wal);
    RUN(migrates_version_1_search_index);
    RUN(run_journal);
    RUN(search_fold_keeps_the_index_terms);
    RUN(sha256_known_vector);
    RUN(corpus_in_process);
    px_ruleset_free(rules);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        printf("  (could not remove %s)\n", tmpdir);
    HARNESS_END();
}
