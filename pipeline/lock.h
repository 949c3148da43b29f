/* lock.h: one ingest at a time per database.
 *
 * An exclusive flock(2) on `<db>.lock` beside the database, held for the
 * whole run: two `planex ingest` (or `merge`) runs on one store never
 * interleave their writes or journal entries.  The kernel drops the lock
 * when the holder dies, kill -9 included, so a crashed run never leaves
 * the store locked.  The holder's pid is written into the file for the
 * message the second run prints.
 *
 * Ownership: px_lock_acquire returns a lock released (and freed) with
 * px_lock_release (NULL-safe).  The lock file itself stays. */
#ifndef PX_LOCK_H
#define PX_LOCK_H

#include "error.h"

typedef struct px_lock px_lock;

/* Returns 0 with *out held; 1 when another process holds it and wait is 0
 * (*holder_pid set when known, else 0); -1 on error with err set.  With wait
 * set, blocks until the lock is free. */
int px_lock_acquire(const char *db_path, int wait, px_lock **out, long *holder_pid, px_error *err);
void px_lock_release(px_lock *l);

/* The descriptor, for workers to close after fork. */
int px_lock_fd(const px_lock *l);

#endif
