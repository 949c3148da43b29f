/* store.h: the SQLite store (one file, WAL, foreign keys on).
 *
 * The only module that includes sqlite3.h: store.c (schema, migrations,
 * writes), store_export.c (JSON/CSV export), store_query.c (list, show and
 * the cross-document views).  Everything else sees px_store.
 *
 * A document is identified by the SHA-256 of its bytes.  px_store_put
 * writes one document with all its sections and items in one transaction,
 * or in one savepoint of an open batch (px_store_batch_begin): a failure
 * leaves nothing of it behind, a crash (kill -9) at any point leaves the
 * state of the last commit.  The schema version is PRAGMA user_version;
 * px_store_open migrates older files forward.
 *
 * Ownership: px_store_open returns a handle the caller closes with
 * px_store_close (NULL-safe).  Strings returned by px_store_* getters are
 * owned by the caller unless said otherwise. */
#ifndef PX_STORE_H
#define PX_STORE_H

#include <stdio.h>

#include "doc.h"
#include "error.h"
#include "items.h"
#include "segment.h"

#define PX_SCHEMA_VERSION 2
#define PX_VERSION "0.1.0"

typedef struct px_store px_store;

/* Sets SQLite's process-wide options; call it once, first thing in main,
 * before any store is opened (SQLite reads them at its initialisation).
 * Every connection planex opens is used by one thread at a time, and
 * planex reads no memory statistics, so SQLite's per-call locking and its
 * allocation counters, a few percent of the single writer's time in bulk
 * ingestion, are turned off. */
void px_store_configure_library(void);

int px_store_open(const char *path, px_store **out, px_error *err);
void px_store_close(px_store *s);

/* What the store knows of these bytes. */
typedef struct px_known {
    long long doc_id;         /* 0 when the bytes are new */
    int stale;                /* extracted with other rules/extractor versions */
    int path_known;           /* this path is already recorded for the doc */
} px_known;
int px_store_lookup(px_store *s, const char *sha256, const char *path, const char *rules_version,
                    px_known *known, px_error *err);

/* One extracted document, ready to be written. */
typedef struct px_store_input {
    const char *path;          /* as given at ingest */
    const char *sha256;
    long long size, mtime;
    const px_doc *doc;
    const px_outline *outline;
    const px_result *result;
    const char *rules_version;
} px_store_input;

/* Writes the document in one transaction.  Rows of an older extraction of
 * the same bytes, and of another document last seen at the same path (a
 * changed file), are replaced.  *replaced is set when older rows went. */
int px_store_put(px_store *s, const px_store_input *in, long long *doc_id, int *replaced, px_error *err);

/* Whether the store may hold these bytes already: 2 when a document is
 * recorded at this path, 1 when only a file of this size is (a copy or a
 * move, or a file that happens to have that size), 0 when neither, -1 on
 * a database error. */
int px_store_may_know(px_store *s, const char *path, long long size);

/* Records another path for known bytes (a copy or a move); *moved is set
 * when the old path no longer exists on disk. */
int px_store_add_path(px_store *s, long long doc_id, const char *path, long long size, long long mtime,
                      int *moved, px_error *err);

/* Batches: bulk ingestion writes many documents per transaction, as a
 * commit per document (and the search index's flush at each) was most of
 * the single writer's time.  Between px_store_batch_begin and
 * px_store_batch_commit, px_store_put, px_store_add_path and px_store_prune
 * each run in a savepoint: a failed write is undone alone and the batch
 * goes on.  A crash before the commit loses the whole batch and nothing
 * else: every document is still whole or absent.  px_store_batch_commit
 * fails when the batch was lost (SQLite rolled it back after an I/O or
 * disk-full error); nothing of it is stored then.  Begin on an open batch
 * and commit without one do nothing; px_store_close rolls an open batch
 * back. */
int px_store_batch_begin(px_store *s, px_error *err);
int px_store_batch_commit(px_store *s, px_error *err);
/* Writes made in the open batch (0 without one). */
int px_store_batch_writes(const px_store *s);

/* The search index of a batch's documents is made at its commit, in one
 * go (a document at a time would flush a tiny index segment per document).
 * A writer that waits for work between writes can make part of it while
 * it waits, so the commit is short: px_store_index_some indexes up to
 * max_docs waiting documents and returns how many still wait (-1 on
 * error); px_store_index_waiting says, cheaply, whether any may wait. */
int px_store_index_waiting(const px_store *s);
int px_store_index_some(px_store *s, int max_docs, px_error *err);

/* For a writer with other work to do between commits (ingest hands files
 * to workers): from now on WAL checkpoints run on a thread of the store's
 * own, so a commit no longer waits for one (store_checkpoint.h says why).
 * Crash safety is SQLite's as before.  Stopped by px_store_close. */
int px_store_checkpoint_in_background(px_store *s, px_error *err);
/* Stops that thread (waiting for a checkpoint it is in) and gives
 * checkpoints back to SQLite; returns whether it was running.  For a
 * writer about to fork: start it again after. */
int px_store_checkpoint_in_foreground(px_store *s);

/* The text the search index is made from: every letter with diacritics
 * (`ế`, `ơ`, `Ạ`) as its ASCII letter, and đ→d, Đ→D, which the index's
 * tokenizer (unicode61, remove_diacritics 2) cannot decompose; so
 * `ke hoach` finds `kế hoạch` and `dia phuong` finds `địa phương`.  The
 * tokenizer would drop the other marks itself, giving the same tokens
 * (indexes written before this fold stay valid), but it is twice as slow
 * at it: this fold halves the cost of indexing.  A query must be folded
 * the same way.  Returns a malloc'd copy, or NULL. */
char *px_store_search_fold(const char *text);

/* Removes documents none of whose paths exist any more; returns count. */
int px_store_prune(px_store *s, int *removed, px_error *err);

/* The ingest journal. */
typedef struct px_run_counts {
    int added, updated, moved, unchanged, failed, skipped, pruned;
    long long pages;
    double seconds;
} px_run_counts;
int px_store_run_begin(px_store *s, const char *command, long long *run_id, px_error *err);
int px_store_run_file(px_store *s, long long run_id, const char *path, const char *sha256, const char *outcome,
                      const char *error, double seconds, px_error *err);
int px_store_run_end(px_store *s, long long run_id, const px_run_counts *c, px_error *err);

/* Resolves a DOC argument (numeric id, source path, sha256 prefix, or
 * document number) to an id; 0 when none. */
long long px_store_resolve(px_store *s, const char *arg);

/* Export (store_export.c): JSON Lines per EXPORT-FORMAT.md; ids NULL/0 = all. */
int px_store_export_json(px_store *s, FILE *out, const long long *ids, size_t n_ids, px_error *err);
int px_store_export_csv(px_store *s, FILE *out, const char *table, const long long *ids, size_t n_ids,
                        px_error *err);

/* Listings (store_query.c). */
int px_store_list(px_store *s, FILE *out, int stale_only, const char *rules_version, px_error *err);
int px_store_show(px_store *s, FILE *out, long long id, px_error *err);
int px_store_runs(px_store *s, FILE *out, int limit, px_error *err);

/* Raw database handle for the query modules of the store (store_*.c) only. */
struct sqlite3 *px_store_db(px_store *s);

#endif
