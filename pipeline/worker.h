/* worker.h: a pool of long-lived worker processes that read and extract
 * files for one writer.
 *
 * The parent (the only SQLite writer) submits a path; a worker reads the
 * file, checks it is not still being written, hashes it and reports the
 * SHA-256 (PX_EV_HASHED).  For a file submitted with ask_first, the parent
 * looks the bytes up in the store and answers with px_pool_decide: process
 * them or not; otherwise the worker goes straight on (a file at a path
 * the store has never seen is almost always new bytes, and a worker
 * waiting for an answer from a parent busy writing is a core idle).  A
 * worker processing runs px_ingest_process and sends the result back
 * serialized (serialize.h), which px_pool_next hands over as a
 * px_processed.
 *
 * Each worker is a fork of the parent (the rule set is shared copy-on-write,
 * no process per file), dies with the parent (PR_SET_PDEATHSIG), and works
 * under px_limits.h's limits: RLIMIT_CPU re-armed before each file, RLIMIT_AS
 * (not in sanitizer builds: see px_limits.h), a wall-clock timeout and a
 * resident-size watchdog enforced by the parent with SIGKILL.  A worker that
 * dies costs only its file: px_pool_next reports PX_EV_FAILED with what
 * killed it ("killed by signal 11 (Segmentation fault)", "CPU time limit
 * (300 s)", "memory limit (1024 MB)", "timed out after 905 s") and a fresh
 * worker takes its place.
 *
 * Workers inherit stderr, so library warnings and sanitizer reports from a
 * worker reach the user as they did before there were workers.
 *
 * Ownership: px_pool_start returns a pool the caller stops with
 * px_pool_stop (NULL-safe), which kills busy workers and reaps all.  The
 * px_processed of a PX_EV_DONE event belongs to the caller.  Nothing here
 * prints. */
#ifndef PX_WORKER_H
#define PX_WORKER_H

#include <stddef.h>

#include "error.h"
#include "extract.h"
#include "ingest.h"
#include "ruleset.h"

typedef struct px_pool px_pool;

typedef struct px_pool_options {
    int jobs;                    /* workers, 1..PX_LIMIT_JOBS */
    int cpu_seconds;             /* CPU per file; 0 = no limit */
    int memory_mb;               /* address space / resident size; 0 = none */
    const px_ruleset *rules;     /* shared with the workers by fork */
    px_extract_options extract;
    int close_in_worker;         /* an fd workers close after fork (the run
                                  * lock), or -1 */
    /* Called around every fork of a worker (a respawn too), when set: the
     * caller stops its threads before and starts them after, so no worker
     * is forked from a process with other threads running (what a thread
     * holds at the fork, a lock in a library, stays held in the child). */
    void (*before_fork)(void *ctx);
    void (*after_fork)(void *ctx);
    void *fork_ctx;
} px_pool_options;

typedef enum px_event_kind {
    PX_EV_HASHED = 1,   /* read and hashed: with ask_first, answer with
                         * px_pool_decide; without, processing goes on */
    PX_EV_DONE,         /* processed: .processed is the caller's */
    PX_EV_SKIPPED,      /* still being written: .error says how */
    PX_EV_FAILED,       /* .error: why, including a worker's death */
} px_event_kind;

typedef struct px_event {
    px_event_kind kind;
    size_t job;                  /* as given to px_pool_submit */
    char sha256[65];             /* HASHED, DONE */
    long long size, mtime;       /* HASHED, DONE: what was read */
    px_processed processed;      /* DONE */
    char error[PX_ERROR_MAX];    /* SKIPPED, FAILED */
    int worker_died;             /* FAILED because the worker died */
    double seconds;              /* wall time spent on the file so far */
} px_event;

int px_pool_start(const px_pool_options *opt, px_pool **out, px_error *err);
void px_pool_stop(px_pool *p);

/* Workers waiting for a file, and workers with one (or with events still
 * to report). */
int px_pool_idle(const px_pool *p);
int px_pool_busy(const px_pool *p);

/* Busy workers that can take a file behind their current one (see
 * px_pool_submit). */
int px_pool_can_queue(const px_pool *p);

/* Gives the file to an idle worker or, when none is idle, queues it behind
 * a busy worker's current file (px_pool_can_queue): that worker starts it
 * as soon as it sends its result, without waiting for the caller; if it
 * dies first, a fresh worker takes the queued file.  expect_size and
 * expect_mtime_ns are what the scan saw (-1: do not check); the worker
 * reports PX_EV_SKIPPED when the file differs.  ask_first: wait for
 * px_pool_decide after PX_EV_HASHED.  Returns 0, or -1 (no worker can take
 * it).  A worker that cannot be written to is replaced; its file is failed
 * by a later px_pool_next. */
int px_pool_submit(px_pool *p, size_t job, const char *path, long long expect_size, long long expect_mtime_ns,
                   int ask_first, px_error *err);

/* After PX_EV_HASHED: process (1) or skip (0) the bytes. */
int px_pool_decide(px_pool *p, size_t job, int process);

/* Waits up to timeout_ms for the next event.  Returns 1 with *ev filled,
 * 0 when the time passed (or a signal arrived), -1 when the pool is broken
 * (no worker can be started). */
int px_pool_next(px_pool *p, int timeout_ms, px_event *ev, px_error *err);

/* Largest resident size any worker reached, in KB (from the reaped ones'
 * rusage and the watchdog's samples of the live ones). */
long px_pool_worker_peak_kb(const px_pool *p);

/* Whether this build runs under AddressSanitizer (RLIMIT_AS not used). */
int px_pool_sanitized(void);

#endif
