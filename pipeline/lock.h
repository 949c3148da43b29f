/* lock.h: one ingest at a time per database.
 *
 * An exclusive POSIX record lock (fcntl F_SETLK) on `<db>.lock` beside the
 * database, held for the whole run: two `planex ingest` (or `merge`) runs on
 * one store never interleave their writes or journal entries.  The kernel
 * drops the lock when the holder dies, kill -9 included, so a crashed run
 * never leaves the store locked.  A record lock, not flock(2): it belongs to
 * the process, so forked workers never hold it (with flock a worker caught
 * between fork and exit could keep a killed run's lock alive for a moment),
 * and F_GETLK names the holder's pid for the second run's message.
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

/* The descriptor, for workers to close after fork (they do not hold the
 * lock, but need not keep the file open either). */
int px_lock_fd(const px_lock *l);

#endif
