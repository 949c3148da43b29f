/* store_checkpoint.h: WAL checkpoints on a thread of their own, for the
 * single writer of a bulk ingestion (store.c only; see
 * px_store_checkpoint_in_background in store.h).
 *
 * Why: SQLite's automatic checkpoint runs inside the COMMIT that pushes the
 * WAL past 1,000 pages, copying the pages into the database file and
 * waiting for two fsyncs.  The writer is also the process that hands files
 * to the extraction workers, so every such commit left the workers idle
 * for a tenth of a second or more.  Here the writer's commit only wakes a
 * thread, which runs a PASSIVE checkpoint on its own connection while the
 * writer goes on; SQLite's locks let the two run at once.  Past a
 * limit the writer checkpoints once itself, with little left to copy, so
 * the WAL starts over and its file stays bounded.
 *
 * The writer needs a busy handler (store.c sets a busy timeout): a
 * checkpoint that reads the WAL index while the writer is changing it
 * takes SQLite's write lock for a moment to read it again, and a writer
 * beginning a transaction just then gets SQLITE_BUSY, which the handler
 * retries.  (A test writer without one failed this way, once in CI.)
 *
 * Takes: the writer's open connection (WAL mode), not owned.  Returns a
 * handle the caller stops with px_checkpointer_stop before closing that
 * connection; stopping restores SQLite's automatic checkpoints. */
#ifndef PX_STORE_CHECKPOINT_H
#define PX_STORE_CHECKPOINT_H

#include <sqlite3.h>

#include "error.h"

typedef struct px_checkpointer px_checkpointer;

/* pages: the WAL size (in pages) at which a commit wakes the thread;
 * limit_pages: the size at which the writer checkpoints itself, so the WAL
 * starts over (see on_commit). */
int px_checkpointer_start(sqlite3 *writer, int pages, int limit_pages, px_checkpointer **out, px_error *err);

/* Waits for a running checkpoint to end; NULL-safe. */
void px_checkpointer_stop(px_checkpointer *c);

#endif
