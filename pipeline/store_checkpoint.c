/* store_checkpoint.c: WAL checkpoints on a thread of their own.  See
 * store_checkpoint.h. */
#include "store_checkpoint.h"

#include <pthread.h>
#include <stdlib.h>

struct px_checkpointer {
    sqlite3 *writer;            /* not owned */
    sqlite3 *db;                /* the thread's own connection, owned */
    int pages, limit_pages;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;        /* the thread: a request, or stop */
    pthread_cond_t done;        /* the writer: the thread is not running one */
    int pending;                /* a commit asked for a checkpoint */
    int running;                /* the thread is in one */
    int stop;
};

/* The thread: one PASSIVE checkpoint per request.  PASSIVE never waits
 * for the writer or for readers; it copies what it can, and what is left
 * waits for the next request.  Its errors are not reported: a checkpoint
 * that fails loses nothing, the pages stay in the WAL. */
static void *run(void *arg)
{
    px_checkpointer *c = arg;
    pthread_mutex_lock(&c->lock);
    for (;;) {
        while (!c->pending && !c->stop)
            pthread_cond_wait(&c->wake, &c->lock);
        if (c->stop)
            break;
        c->pending = 0;
        c->running = 1;
        pthread_mutex_unlock(&c->lock);
        sqlite3_wal_checkpoint_v2(c->db, "main", SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        pthread_mutex_lock(&c->lock);
        c->running = 0;
        pthread_cond_signal(&c->done);
    }
    pthread_mutex_unlock(&c->lock);
    return NULL;
}

/* Called by SQLite in the writer's thread after each commit, with no
 * transaction open.  SQLite starts the WAL over from its beginning only
 * at a commit whose transaction began when every page was already in the
 * database file; a writer that opens its next batch at once always
 * begins before the thread is through, so the WAL would grow for the
 * whole run.  Past the limit, the writer therefore checkpoints here
 * itself, as SQLite would: little is left to copy by then (the thread
 * did the rest), and its next batch restarts the WAL. */
static int on_commit(void *arg, sqlite3 *db, const char *name, int wal_pages)
{
    px_checkpointer *c = arg;
    if (wal_pages >= c->limit_pages) {
        /* only one checkpoint runs at a time (the others get SQLITE_BUSY):
         * let the thread's end, and start no other */
        pthread_mutex_lock(&c->lock);
        c->pending = 0;
        while (c->running)
            pthread_cond_wait(&c->done, &c->lock);
        pthread_mutex_unlock(&c->lock);
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    } else if (wal_pages >= c->pages) {
        pthread_mutex_lock(&c->lock);
        c->pending = 1;
        pthread_cond_signal(&c->wake);
        pthread_mutex_unlock(&c->lock);
    }
    return SQLITE_OK;
}

int px_checkpointer_start(sqlite3 *writer, int pages, int limit_pages, px_checkpointer **out, px_error *err)
{
    *out = NULL;
    const char *path = sqlite3_db_filename(writer, "main");
    if (!path || !path[0])
        return px_error_set(err, "background checkpoints need a database file");
    px_checkpointer *c = calloc(1, sizeof *c);
    if (!c)
        return px_error_set(err, "out of memory");
    c->writer = writer;
    c->pages = pages;
    c->limit_pages = limit_pages;
    if (sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        px_error_set(err, "cannot open %s for checkpoints: %s", path, c->db ? sqlite3_errmsg(c->db) : "out of memory");
        sqlite3_close_v2(c->db);
        free(c);
        return -1;
    }
    sqlite3_busy_timeout(c->db, 5000);
    /* A connection takes the file's WAL mode at its first read; until
     * then a checkpoint on it does nothing. */
    sqlite3_exec(c->db, "PRAGMA schema_version", NULL, NULL, NULL);
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->wake, NULL);
    pthread_cond_init(&c->done, NULL);
    if (pthread_create(&c->thread, NULL, run, c) != 0) {
        pthread_cond_destroy(&c->done);
        pthread_cond_destroy(&c->wake);
        pthread_mutex_destroy(&c->lock);
        sqlite3_close_v2(c->db);
        free(c);
        return px_error_set(err, "cannot start the checkpoint thread");
    }
    sqlite3_wal_hook(writer, on_commit, c);
    *out = c;
    return 0;
}

void px_checkpointer_stop(px_checkpointer *c)
{
    if (!c)
        return;
    sqlite3_wal_autocheckpoint(c->writer, c->pages); /* replaces our hook */
    pthread_mutex_lock(&c->lock);
    c->stop = 1;
    pthread_cond_signal(&c->wake);
    pthread_mutex_unlock(&c->lock);
    pthread_join(c->thread, NULL);
    pthread_cond_destroy(&c->done);
    pthread_cond_destroy(&c->wake);
    pthread_mutex_destroy(&c->lock);
    sqlite3_close_v2(c->db);
    free(c);
}
