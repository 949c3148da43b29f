/* cmd_ingest.c: planex ingest [-j N] [...] PATH...
 *
 * The parent scans the paths, takes the run lock, and hands files to a pool
 * of worker processes (worker.h) which read, hash and extract them; it is
 * the only SQLite writer.  Documents are written in batches: one
 * transaction for up to BATCH_WRITES documents or BATCH_SECONDS, each
 * document in its own savepoint (store.h), so a kill -9 at any moment
 * leaves every document either whole or absent, loses at most the open
 * batch, and the next run, skipping what is stored by hash, finishes the
 * work. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "crossdoc.h"
#include "ingest.h"
#include "px_limits.h"
#include "lock.h"
#include "progress.h"
#include "store_merge.h"
#include "worker.h"

/* Set by the SIGINT/SIGTERM handler, read by the main loop: the one piece
 * of process-wide mutable state, as a handler may only touch a volatile
 * sig_atomic_t. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig) { interrupted = sig; }

/* Why batches, and why these sizes: a commit per document (WAL frames, the
 * search index's flush and merge) was about half of the writer's time, and
 * the writer is the one serial part of a parallel run.  256 documents or 2
 * seconds, whichever comes first, make commits rare enough not to matter
 * while a kill -9 costs at most two seconds of work; an idle pool (a slow
 * file, the settle window) commits at once, so nothing waits in an open
 * transaction. */
enum { BATCH_WRITES = 256 };
/* Documents indexed for search at a time while the workers are busy: about
 * 5 ms of the writer's time, shorter than one file's extraction, so a
 * result that comes meanwhile waits little; each such step leaves the
 * index one more segment to merge, so not fewer. */
enum { INDEX_CHUNK = 16 };
static const double BATCH_SECONDS = 2.0;

enum { J_PENDING = 0, J_RUNNING, J_WAIT_SHA, J_FINISHED };

typedef struct job {
    const char *path;           /* owned by the file list */
    long long size, mtime_ns;   /* as the scan saw it */
    int state;
    long long read_size, read_mtime;
    char sha[65];
    double started;
    int recorded;               /* stored, or its path added: it set the source */
    int ask_first;              /* the store may know the bytes (the path
                                 * or the size is known): the worker waits
                                 * for our look-up before processing; other
                                 * files are almost always new, and go
                                 * straight on */
    int size_guess;             /* only a file of its size is known */
} job;

/* Indices of jobs to hand out, in order; grows when waiters come back. */
typedef struct queue {
    size_t *v;
    size_t n, cap, head;
} queue;

static int queue_push(queue *q, size_t job)
{
    if (q->n == q->cap) {
        size_t cap = q->cap ? q->cap * 2 : 64;
        size_t *g = realloc(q->v, cap * sizeof *g);
        if (!g)
            return -1;
        q->v = g;
        q->cap = cap;
    }
    q->v[q->n++] = job;
    return 0;
}

typedef struct note {
    char *path, *text;
} note;

typedef struct notes {
    note *items;
    size_t n;
} notes;

typedef struct ingest_run {
    px_cli *ctx;
    px_run_counts counts;
    long long run_id;
    int quiet, reextract;
    job *jobs;
    size_t n_jobs;
    size_t done;
    px_progress *progress;
    notes failures, skips;
    size_t *active;             /* jobs being processed, by sha */
    size_t n_active;
    size_t n_waiting;           /* jobs in J_WAIT_SHA */
    int size_guesses, size_hits; /* size_guess files so far, and those whose
                                  * bytes were known */
    double batch_started;       /* 0: no batch open */
    px_run_counts batch_base;   /* the counts when it opened */
} ingest_run;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void notes_add(notes *n, const char *path, const char *text)
{
    note *g = realloc(n->items, (n->n + 1) * sizeof *g);
    if (!g)
        return;
    n->items = g;
    n->items[n->n].path = strdup(path ? path : "");
    n->items[n->n].text = strdup(text ? text : "");
    n->n++;
}

static void notes_free(notes *n)
{
    for (size_t i = 0; i < n->n; i++) {
        free(n->items[i].path);
        free(n->items[i].text);
    }
    free(n->items);
    memset(n, 0, sizeof *n);
}

static void say(ingest_run *run, const char *path, const char *what, const char *message)
{
    char line[PX_ERROR_MAX + 4200];
    if (path)
        snprintf(line, sizeof line, "planex: %s: %s%s", path, what, message);
    else
        snprintf(line, sizeof line, "planex: %s%s", what, message);
    px_progress_line(run->progress, line);
}

static void journal(ingest_run *run, const char *path, const char *sha, const char *outcome, const char *error,
                    double seconds)
{
    px_error err;
    if (px_store_run_file(run->ctx->store, run->run_id, path, sha && sha[0] ? sha : NULL, outcome, error, seconds,
                          &err))
        say(run, path, "journal: ", err.msg);
}

static void failed(ingest_run *run, const char *path, const char *sha, const char *message, double seconds)
{
    run->counts.failed++;
    run->done++;
    /* one line naming the file, whatever the verbosity: a scheduler's log
     * must say which file to look at */
    say(run, path, "", message);
    notes_add(&run->failures, path, message);
    journal(run, path, sha, "failed", message, seconds);
}

static void warn_path(void *p, const char *path, const char *message)
{
    ingest_run *run = p;
    run->counts.failed++;
    px_cli_error(path, message);
    notes_add(&run->failures, path, message);
    journal(run, path, NULL, "failed", message, 0);
}

/* Bytes already in the store: a path seen before, a copy, or a move. */
static void known_bytes(ingest_run *run, job *j, const px_known *known)
{
    px_error err = {{0}};
    const char *outcome = "unchanged";
    j->state = J_FINISHED;
    if (!known->path_known) {
        int moved = 0;
        if (px_store_add_path(run->ctx->store, known->doc_id, j->path, j->read_size, j->read_mtime, &moved, &err)) {
            failed(run, j->path, j->sha, err.msg, now() - j->started);
            return;
        }
        outcome = moved ? "moved" : "copy";
        j->recorded = 1;
    }
    if (strcmp(outcome, "moved") == 0)
        run->counts.moved++;
    else
        run->counts.unchanged++;
    run->done++;
    journal(run, j->path, j->sha, outcome, NULL, now() - j->started);
}

static long active_find(ingest_run *run, const char *sha)
{
    for (size_t i = 0; i < run->n_active; i++)
        if (strcmp(run->jobs[run->active[i]].sha, sha) == 0)
            return (long)run->active[i];
    return -1;
}

static void active_remove(ingest_run *run, size_t ji)
{
    for (size_t i = 0; i < run->n_active; i++)
        if (run->active[i] == ji) {
            run->active[i] = run->active[--run->n_active];
            return;
        }
}

/* Asking first costs a round trip through us for every such file (about
 * a twentieth of a file's extraction), and a file that is not asked about
 * costs its whole extraction if its bytes turn out to be known.  A known
 * path is worth asking about (a nightly run meets mostly those); a known
 * size alone is a good guess for moves and copies, and a bad one for an
 * archive of new files that share sizes (filled-in copies of one form):
 * after SIZE_GUESS_TRIAL such files, keep asking only while at least one
 * in SIZE_GUESS_RATIO turned out known. */
enum { SIZE_GUESS_TRIAL = 16, SIZE_GUESS_RATIO = 20 };

static int worth_asking(const ingest_run *run, int may_know)
{
    if (may_know != 1)
        return may_know != 0; /* the path is known, or the store could not say */
    return run->size_guesses < SIZE_GUESS_TRIAL || run->size_hits * SIZE_GUESS_RATIO >= run->size_guesses;
}

/* What a size_guess file's bytes turned out to be. */
static void size_guess_outcome(ingest_run *run, job *j, int known)
{
    if (!j->size_guess)
        return;
    j->size_guess = 0;
    run->size_guesses++;
    run->size_hits += known;
}

/* The same bytes were met at other paths while job `owner` processed them.
 * If the owner was stored they are copies now; if it failed, they go back
 * to the queue. */
static void settle_waiters(ingest_run *run, size_t owner, int stored, queue *q)
{
    const char *sha = run->jobs[owner].sha;
    /* waiters are rare (copies met at the same moment): no scan without */
    for (size_t i = 0; i < run->n_jobs && run->n_waiting; i++) {
        job *j = &run->jobs[i];
        if (j->state != J_WAIT_SHA || strcmp(j->sha, sha) != 0)
            continue;
        run->n_waiting--;
        if (!stored) {
            j->state = J_PENDING;
            if (queue_push(q, i)) {
                j->state = J_FINISHED;
                failed(run, j->path, sha, "out of memory", 0);
            }
            continue;
        }
        px_known known;
        px_error err = {{0}};
        if (px_store_lookup(run->ctx->store, sha, j->path, px_ruleset_version(run->ctx->rules), &known, &err) ||
            !known.doc_id) {
            j->state = J_FINISHED;
            failed(run, j->path, sha, err.msg[0] ? err.msg : "lost track of its bytes", now() - j->started);
            continue;
        }
        known_bytes(run, j, &known);
    }
}

static int cmp_sha_index(const void *a, const void *b, void *ctx)
{
    const job *jobs = ctx;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int c = strcmp(jobs[x].sha, jobs[y].sha);
    return c ? c : (x > y) - (x < y);
}

/* A sequential run leaves as a document's source the last of its paths it
 * met (each put and each new path sets it).  Workers finish in any order,
 * so where this run met the same bytes at several paths, set the source to
 * the last in file order: -j N gives the store -j 1 gives. */
static void fix_sources(ingest_run *run)
{
    size_t *idx = malloc((run->n_jobs + 1) * sizeof *idx), n = 0;
    if (!idx)
        return;
    for (size_t i = 0; i < run->n_jobs; i++)
        if (run->jobs[i].recorded)
            idx[n++] = i;
    qsort_r(idx, n, sizeof *idx, cmp_sha_index, run->jobs);
    for (size_t i = 0; i < n;) {
        size_t k = i;
        while (k + 1 < n && strcmp(run->jobs[idx[k + 1]].sha, run->jobs[idx[i]].sha) == 0)
            k++;
        if (k > i) {
            job *j = &run->jobs[idx[k]];
            px_known known;
            px_error err = {{0}};
            int moved;
            if (px_store_lookup(run->ctx->store, j->sha, j->path, px_ruleset_version(run->ctx->rules), &known,
                                &err) == 0 &&
                known.doc_id)
                px_store_add_path(run->ctx->store, known.doc_id, j->path, j->read_size, j->read_mtime, &moved, &err);
        }
        i = k + 1;
    }
    free(idx);
}

static void batch_open(ingest_run *run)
{
    if (run->batch_started)
        return;
    px_error err = {{0}};
    /* without a batch every write is its own transaction: slower, not
     * wrong, so a failure here is not worth stopping for */
    if (px_store_batch_begin(run->ctx->store, &err) == 0) {
        run->batch_started = now();
        run->batch_base = run->counts;
    }
}

/* Commits the open batch when it is full, old, or `force`.  Returns -1
 * when the commit failed: the batch's documents are counted as failed
 * (nothing of them is stored; the next run takes them) and the run
 * stops, as a store that cannot commit will not commit the next batch
 * either. */
static int batch_close(ingest_run *run, int force)
{
    if (!run->batch_started)
        return 0;
    if (!force && px_store_batch_writes(run->ctx->store) < BATCH_WRITES && now() - run->batch_started < BATCH_SECONDS)
        return 0;
    px_error err = {{0}};
    int writes = px_store_batch_writes(run->ctx->store);
    run->batch_started = 0;
    if (px_store_batch_commit(run->ctx->store, &err) == 0)
        return 0;
    px_run_counts *c = &run->counts, *b = &run->batch_base;
    int lost = (c->added - b->added) + (c->updated - b->updated) + (c->moved - b->moved);
    c->added = b->added;
    c->updated = b->updated;
    c->moved = b->moved;
    c->failed += lost;
    char msg[PX_ERROR_MAX + 128];
    snprintf(msg, sizeof msg, "%s (%d writes, %d documents not stored; the next run takes them)", err.msg, writes,
             lost);
    say(run, NULL, "", msg);
    return -1;
}

static void on_hashed(ingest_run *run, px_pool *pool, const px_event *ev)
{
    job *j = &run->jobs[ev->job];
    memcpy(j->sha, ev->sha256, 65);
    j->read_size = ev->size;
    j->read_mtime = ev->mtime;
    if (!j->ask_first) {
        /* its worker goes on: on_done looks the bytes up before storing */
        if (active_find(run, j->sha) < 0)
            run->active[run->n_active++] = ev->job;
        else
            size_guess_outcome(run, j, 1);
        return;
    }
    if (active_find(run, j->sha) >= 0) {
        size_guess_outcome(run, j, 1);
        /* another worker has these bytes in hand: wait for its outcome */
        px_pool_decide(pool, ev->job, 0);
        j->state = J_WAIT_SHA;
        run->n_waiting++;
        return;
    }
    px_known known;
    px_error err = {{0}};
    if (px_store_lookup(run->ctx->store, j->sha, j->path, px_ruleset_version(run->ctx->rules), &known, &err)) {
        px_pool_decide(pool, ev->job, 0);
        j->state = J_FINISHED;
        failed(run, j->path, j->sha, err.msg, ev->seconds);
        return;
    }
    size_guess_outcome(run, j, known.doc_id != 0);
    if (known.doc_id && !(known.stale && run->reextract)) {
        px_pool_decide(pool, ev->job, 0);
        known_bytes(run, j, &known);
        return;
    }
    px_pool_decide(pool, ev->job, 1);
    run->active[run->n_active++] = ev->job;
}

/* Returns 1 when the document was stored. */
static int on_done(ingest_run *run, px_event *ev)
{
    job *j = &run->jobs[ev->job];
    px_cli *ctx = run->ctx;
    px_processed *p = &ev->processed;
    px_store_input in = {.path = j->path, .sha256 = j->sha, .size = j->read_size, .mtime = j->read_mtime,
                         .doc = p->doc, .outline = &p->outline, .result = &p->result,
                         .rules_version = px_ruleset_version(ctx->rules)};
    long long id;
    int replaced;
    px_error err = {{0}};
    /* Bytes stored since this file was handed out (a copy processed by
     * another worker, or a file nobody asked about first) are a copy or
     * a move, not a new document. */
    px_known known;
    int looked_up = px_store_lookup(ctx->store, j->sha, j->path, in.rules_version, &known, &err) == 0;
    size_guess_outcome(run, j, looked_up && known.doc_id);
    if (looked_up && known.doc_id && !(known.stale && run->reextract)) {
        px_processed_free(p);
        known_bytes(run, j, &known);
        return 1; /* the bytes are stored: waiters for them are copies */
    }
    int rc = px_store_put(ctx->store, &in, &id, &replaced, &err);
    for (size_t i = 0; i < p->doc->n_warnings && !run->quiet; i++)
        say(run, j->path, "warning: ", p->doc->warnings[i]);
    j->state = J_FINISHED;
    if (rc) {
        failed(run, j->path, j->sha, err.msg, ev->seconds);
    } else {
        run->counts.pages += p->doc->pages;
        if (replaced)
            run->counts.updated++;
        else
            run->counts.added++;
        run->done++;
        j->recorded = 1;
        journal(run, j->path, j->sha, replaced ? "updated" : "added", NULL, ev->seconds);
    }
    px_processed_free(p);
    return rc == 0;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static void json_notes(FILE *f, const char *name, const char *field, const notes *n)
{
    fprintf(f, ",\n  \"%s\": [", name);
    for (size_t i = 0; i < n->n; i++) {
        fputs(i ? ",\n    {\"path\": " : "\n    {\"path\": ", f);
        json_str(f, n->items[i].path);
        fprintf(f, ", \"%s\": ", field);
        json_str(f, n->items[i].text);
        fputc('}', f);
    }
    fputs(n->n ? "\n  ]" : "]", f);
}

/* Written to FILE.tmp and renamed: a monitor never reads half a file. */
static double cpu_of(const struct rusage *r)
{
    return (double)r->ru_utime.tv_sec + (double)r->ru_utime.tv_usec / 1e6 + (double)r->ru_stime.tv_sec +
           (double)r->ru_stime.tv_usec / 1e6;
}

static int write_summary(const ingest_run *run, const char *file, const char *db, int jobs, int exit_code,
                         double started, const struct rusage *self, const struct rusage *kids, long worker_kb,
                         px_error *err)
{
    size_t n = strlen(file) + 8;
    char *tmp = malloc(n);
    if (!tmp)
        return px_error_set(err, "out of memory");
    snprintf(tmp, n, "%s.tmp", file);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        px_error_set(err, "cannot write %s: %s", tmp, strerror(errno));
        free(tmp);
        return -1;
    }
    const px_run_counts *c = &run->counts;
    time_t t = (time_t)started;
    struct tm tm;
    char when[32];
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    fprintf(f, "{\n  \"run_id\": %lld,\n  \"database\": ", run->run_id);
    json_str(f, db);
    fprintf(f,
            ",\n  \"started_at\": \"%s\",\n  \"seconds\": %.3f,\n  \"jobs\": %d,\n  \"files\": %zu,\n"
            "  \"added\": %d,\n  \"updated\": %d,\n  \"moved\": %d,\n  \"unchanged\": %d,\n  \"skipped\": %d,\n"
            "  \"failed\": %d,\n  \"pruned\": %d,\n  \"pages\": %lld,\n  \"interrupted\": %s,\n"
            "  \"peak_rss_kb\": {\"writer\": %ld, \"worker\": %ld},\n"
            "  \"cpu_seconds\": {\"writer\": %.3f, \"workers\": %.3f},\n  \"exit_code\": %d",
            when, c->seconds, jobs, run->n_jobs, c->added, c->updated, c->moved, c->unchanged, c->skipped,
            c->failed, c->pruned, c->pages, interrupted ? "true" : "false", self->ru_maxrss, worker_kb,
            cpu_of(self), cpu_of(kids), exit_code);
    json_notes(f, "failures", "error", &run->failures);
    json_notes(f, "skipped_files", "reason", &run->skips);
    fputs("\n}\n", f);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad || rename(tmp, file) != 0) {
        px_error_set(err, "cannot write %s: %s", file, strerror(errno));
        unlink(tmp);
        free(tmp);
        return -1;
    }
    free(tmp);
    return 0;
}

/* Hands queued files to idle workers, and one more to each busy worker
 * while more files wait than there are workers: a worker then goes from
 * one file to the next without waiting for us to write the last one
 * (about 8 % of the wall time at -j 2 went to that wait).  Near the end a
 * file queued behind a long one could wait while another worker idles,
 * so the last files go to idle workers only. */
static void dispatch(ingest_run *run, px_pool *pool, queue *q, int jobs)
{
    px_error err;
    while (q->head < q->n &&
           (px_pool_idle(pool) || (q->n - q->head > (size_t)jobs && px_pool_can_queue(pool)))) {
        job *j = &run->jobs[q->v[q->head]];
        j->state = J_RUNNING;
        j->started = now();
        int may_know = px_store_may_know(run->ctx->store, j->path, j->size);
        j->size_guess = may_know == 1;
        j->ask_first = worth_asking(run, may_know);
        if (px_pool_submit(pool, q->v[q->head], j->path, j->size, j->mtime_ns, j->ask_first, &err))
            break;
        q->head++;
    }
}

/* The store's checkpoint thread is stopped while a worker is forked (a
 * respawn after a crash) and started again after: see px_pool_options. */
typedef struct fork_guard {
    px_store *store;
    int paused;
} fork_guard;

static void pause_threads(void *ctx)
{
    fork_guard *g = ctx;
    g->paused = px_store_checkpoint_in_foreground(g->store);
}

static void resume_threads(void *ctx)
{
    fork_guard *g = ctx;
    px_error err = {{0}};
    if (g->paused)
        px_store_checkpoint_in_background(g->store, &err); /* failing: slower, not wrong */
    g->paused = 0;
}

static void usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "planex ingest: %s%s%s\n", msg, arg ? " " : "", arg ? arg : "");
    px_cli_usage(stderr, "ingest");
}

int cmd_ingest(int argc, char **argv, px_cli *ctx)
{
    ingest_run run = {.ctx = ctx};
    int prune = 0, wait = 0, shard_k = 0, shard_n = 0;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int jobs = cores > 0 ? (int)(cores < PX_LIMIT_JOBS ? cores : PX_LIMIT_JOBS) : 1;
    int timeout = PX_LIMIT_WORKER_CPU_SECONDS, memory = PX_LIMIT_WORKER_MEMORY_MB, settle = PX_LIMIT_SETTLE_SECONDS;
    const char *summary = NULL;
    char **paths = calloc((size_t)argc + 1, sizeof *paths);
    int n_paths = 0;
    if (!paths)
        return PX_EXIT_ERROR;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        /* options with a value: "--opt V", "--opt=V", and "-jN" */
        static const char *const with_value[] = {"-j", "--jobs", "--timeout", "--memory", "--settle",
                                                 "--shard", "--summary-json"};
        const char *opt = NULL;
        for (size_t k = 0; k < sizeof with_value / sizeof *with_value && !opt; k++) {
            size_t n = strlen(with_value[k]);
            if (strcmp(a, with_value[k]) == 0) {
                if (i + 1 >= argc) {
                    usage_error("missing value after", a);
                    free(paths);
                    return PX_EXIT_ERROR;
                }
                opt = with_value[k];
                val = argv[++i];
            } else if (strncmp(a, with_value[k], n) == 0 && (a[n] == '=' || (k == 0 && a[n] >= '0' && a[n] <= '9'))) {
                opt = with_value[k];
                val = a + n + (a[n] == '=');
            }
        }
        int bad = 0;
        if (opt && (strcmp(opt, "-j") == 0 || strcmp(opt, "--jobs") == 0))
            bad = parse_int(val, 1, PX_LIMIT_JOBS, &jobs);
        else if (opt && strcmp(opt, "--timeout") == 0)
            bad = parse_int(val, 0, 1000000, &timeout);
        else if (opt && strcmp(opt, "--memory") == 0)
            bad = parse_int(val, 0, 1 << 30, &memory);
        else if (opt && strcmp(opt, "--settle") == 0)
            bad = parse_int(val, 0, 86400, &settle);
        else if (opt && strcmp(opt, "--summary-json") == 0)
            summary = val;
        else if (opt && strcmp(opt, "--shard") == 0)
            bad = sscanf(val, "%d/%d", &shard_k, &shard_n) != 2 || shard_n < 1 || shard_k < 1 || shard_k > shard_n;
        else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0)
            run.quiet = 1;
        else if (strcmp(a, "--prune") == 0)
            prune = 1;
        else if (strcmp(a, "--reextract") == 0)
            run.reextract = 1;
        else if (strcmp(a, "--wait") == 0)
            wait = 1;
        else if (a[0] == '-' && a[1]) {
            usage_error("unknown option", a);
            free(paths);
            return PX_EXIT_ERROR;
        } else
            paths[n_paths++] = argv[i];
        if (bad) {
            usage_error("bad value for", opt);
            free(paths);
            return PX_EXIT_ERROR;
        }
    }
    if (n_paths == 0 && !prune && !run.reextract) {
        px_cli_usage(stderr, "ingest");
        free(paths);
        return PX_EXIT_ERROR;
    }

    /* one run per database at a time */
    px_error err = {{0}};
    px_lock *lock = NULL;
    long holder = 0;
    int lr = px_lock_acquire(ctx->db_path, wait, &lock, &holder, &err);
    if (lr != 0) {
        free(paths);
        if (lr < 0) {
            px_cli_error(NULL, err.msg);
            return PX_EXIT_ERROR;
        }
        char msg[512];
        snprintf(msg, sizeof msg,
                 "%s is locked by another ingest (pid %ld); not starting. Use --wait to wait for it, or run later",
                 ctx->db_path, holder);
        px_cli_error(NULL, msg);
        return PX_EXIT_BUSY;
    }

    double t0 = now(), started = wall_now();
    struct sigaction sa = {0}, old_int, old_term;
    sa.sa_handler = on_signal; /* no SA_RESTART: poll returns at once */
    sigemptyset(&sa.sa_mask);
    interrupted = 0;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);

    if (px_store_run_begin(ctx->store, shard_n ? "ingest --shard" : "ingest", &run.run_id, &err)) {
        px_cli_error(NULL, err.msg);
        free(paths);
        px_lock_release(lock);
        return PX_EXIT_ERROR;
    }
    px_file_list files = {0};
    px_ingest_collect(paths, n_paths, &files, warn_path, &run);
    free(paths);
    if (run.reextract && n_paths == 0) {
        /* no PATH: redo every stale document from where it was last seen */
        px_paths stale;
        if (px_store_stale_paths(ctx->store, px_ruleset_version(ctx->rules), &stale, &err) == 0) {
            char **args = (char **)stale.paths;
            px_file_list found = {0};
            px_ingest_collect(args, (int)stale.n, &found, NULL, NULL);
            px_file_list_free(&files);
            files = found;
            px_store_paths_free(&stale);
        } else {
            px_cli_error(NULL, err.msg);
        }
    }

    /* the scan: which files, and their size and time as seen now */
    run.jobs = calloc(files.n + 1, sizeof *run.jobs);
    queue q = {0};
    size_t *deferred = calloc(files.n + 1, sizeof *deferred);
    run.active = calloc((size_t)jobs + 1, sizeof *run.active);
    size_t n_deferred = 0;
    int oom = !run.jobs || !deferred || !run.active;
    double wall0 = wall_now();
    for (size_t i = 0; i < files.n && !oom; i++) {
        const char *p = files.paths[i];
        if (shard_n && px_ingest_path_hash(p) % (unsigned long long)shard_n != (unsigned long long)(shard_k - 1))
            continue;
        struct stat st;
        if (stat(p, &st) != 0) {
            warn_path(&run, p, strerror(errno));
            continue;
        }
        job *j = &run.jobs[run.n_jobs];
        j->path = p;
        j->size = (long long)st.st_size;
        j->mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
        double age = wall0 - (double)j->mtime_ns / 1e9;
        /* modified within the settle window: read last, after the window */
        if (settle > 0 && age < settle)
            deferred[n_deferred++] = run.n_jobs;
        else if (queue_push(&q, run.n_jobs))
            oom = 1;
        run.n_jobs++;
    }
    size_t total = run.n_jobs;

    run.progress = px_progress_new(stderr, -1, run.quiet);
    px_pool *pool = NULL;
    fork_guard guard = {.store = ctx->store};
    px_pool_options po = {.jobs = jobs < (int)total ? jobs : (total ? (int)total : 1),
                          .cpu_seconds = timeout,
                          .memory_mb = memory,
                          .rules = ctx->rules,
                          .extract = {.ocr = 1},
                          .close_in_worker = px_lock_fd(lock),
                          .before_fork = pause_threads,
                          .after_fork = resume_threads,
                          .fork_ctx = &guard};
    int broken = 0;
    if (oom) {
        px_cli_error(NULL, "out of memory");
        broken = 1;
    } else if (total && px_pool_start(&po, &pool, &err)) {
        px_cli_error(NULL, err.msg);
        broken = 1;
    } else if (total && px_store_checkpoint_in_background(ctx->store, &err)) {
        /* not fatal: SQLite then checkpoints inside our commits, slower */
        err.msg[0] = 0;
    }
    while (!broken && !interrupted && (q.head < q.n || n_deferred || (pool && px_pool_busy(pool)))) {
        /* deferred files whose window has passed join the queue */
        double wn = wall_now(), next_ready = 0;
        for (size_t i = 0; i < n_deferred;) {
            job *j = &run.jobs[deferred[i]];
            double ready = (double)j->mtime_ns / 1e9 + settle;
            if (ready <= wn) {
                if (queue_push(&q, deferred[i])) {
                    broken = 1;
                    break;
                }
                deferred[i] = deferred[--n_deferred];
            } else {
                if (!next_ready || ready < next_ready)
                    next_ready = ready;
                i++;
            }
        }
        dispatch(&run, pool, &q, po.jobs);
        int wait_ms = 200;
        if (q.head >= q.n && n_deferred && !px_pool_busy(pool) && next_ready) {
            double left = next_ready - wn;
            wait_ms = left > 0 ? (int)(left * 1000) + 1 : 0;
        }
        /* While no worker has anything for us, index part of the batch
         * for search: the batch's commit is then short, and the workers,
         * who can go on alone for a file or two only, do not wait it out */
        int index_now = px_store_index_waiting(ctx->store) >= INDEX_CHUNK;
        px_event ev;
        int r = px_pool_next(pool, index_now ? 0 : wait_ms, &ev, &err);
        if (r < 0) {
            px_cli_error(NULL, err.msg);
            broken = 1;
            break;
        }
        if (r == 0 && index_now) {
            if (px_store_index_some(ctx->store, INDEX_CHUNK, &err) < 0 && batch_close(&run, 1)) {
                broken = 1;
                break;
            }
            continue;
        }
        if (r == 0 && batch_close(&run, 1)) {
            broken = 1;
            break;
        }
        if (r == 1 && !interrupted) {
            batch_open(&run);
            job *j = &run.jobs[ev.job];
            /* the worker may have started it after a file queued before it */
            j->started = now() - ev.seconds;
            /* the worker that sent a result is idle now: give it the next
             * file before writing this one, so extraction and the SQLite
             * write overlap (at -j 1 too) */
            if (ev.kind != PX_EV_HASHED)
                dispatch(&run, pool, &q, po.jobs);
            switch (ev.kind) {
            case PX_EV_HASHED:
                on_hashed(&run, pool, &ev);
                break;
            case PX_EV_DONE:
                active_remove(&run, ev.job);
                settle_waiters(&run, ev.job, on_done(&run, &ev), &q);
                break;
            case PX_EV_SKIPPED:
                j->state = J_FINISHED;
                run.counts.skipped++;
                run.done++;
                notes_add(&run.skips, j->path, ev.error);
                if (!run.quiet)
                    say(&run, j->path, "skipped: ", ev.error);
                journal(&run, j->path, NULL, "skipped", ev.error, ev.seconds);
                break;
            case PX_EV_FAILED: {
                int was_active = j->sha[0] && active_find(&run, j->sha) == (long)ev.job;
                active_remove(&run, ev.job);
                j->state = J_FINISHED;
                failed(&run, j->path, j->sha, ev.error, ev.seconds);
                if (was_active)
                    settle_waiters(&run, ev.job, 0, &q);
                break;
            }
            }
        } else if (r == 1 && ev.kind == PX_EV_DONE) {
            px_processed_free(&ev.processed);
        }
        if (batch_close(&run, 0)) {
            broken = 1;
            break;
        }
        px_progress_counts pc = {.done = run.done, .total = total, .pages = run.counts.pages,
                                 .failed = run.counts.failed, .skipped = run.counts.skipped};
        px_progress_update(run.progress, &pc, 0);
    }
    long pool_peak_kb = pool ? px_pool_worker_peak_kb(pool) : 0;
    px_pool_stop(pool);
    if (!interrupted && !broken) {
        batch_open(&run);
        fix_sources(&run);
    }
    /* what was written is whole, interrupted or not: keep it */
    if (batch_close(&run, 1))
        broken = 1;
    px_progress_done(run.progress);

    if (interrupted) {
        char msg[256];
        snprintf(msg, sizeof msg, "interrupted by signal %d: %zu of %zu files done; the next run takes the rest",
                 (int)interrupted, run.done, total);
        px_cli_error(NULL, msg);
    } else if (prune && px_store_prune(ctx->store, &run.counts.pruned, &err)) {
        px_cli_error(NULL, err.msg);
    }
    /* documents came or went: references may point elsewhere now */
    if (run.counts.added || run.counts.updated || run.counts.moved || run.counts.pruned) {
        if (px_store_resolve_links(ctx->store, &err))
            px_cli_error("resolving references", err.msg);
    }
    run.counts.seconds = now() - t0;
    if (px_store_run_end(ctx->store, run.run_id, &run.counts, &err))
        px_cli_error(NULL, err.msg);
    int code = broken || interrupted ? PX_EXIT_ERROR : run.counts.failed ? PX_EXIT_PARTIAL : PX_EXIT_OK;
    if (!run.quiet) {
        char pruned[48] = "";
        if (prune)
            snprintf(pruned, sizeof pruned, ", %d pruned", run.counts.pruned);
        fprintf(stderr,
                "planex: %d added, %d updated, %d moved, %d unchanged, %d failed, %d skipped%s; %lld pages; "
                "%.1f s\n",
                run.counts.added, run.counts.updated, run.counts.moved, run.counts.unchanged, run.counts.failed,
                run.counts.skipped, pruned, run.counts.pages, run.counts.seconds);
    }
    if (summary) {
        struct rusage self, kids;
        getrusage(RUSAGE_SELF, &self);
        getrusage(RUSAGE_CHILDREN, &kids);
        long worker_kb = kids.ru_maxrss > pool_peak_kb ? kids.ru_maxrss : pool_peak_kb;
        if (write_summary(&run, summary, ctx->db_path, po.jobs, code, started, &self, &kids, worker_kb, &err)) {
            px_cli_error(NULL, err.msg);
            if (code == PX_EXIT_OK)
                code = PX_EXIT_ERROR;
        }
    }
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    notes_free(&run.failures);
    notes_free(&run.skips);
    free(run.jobs);
    free(run.active);
    free(q.v);
    free(deferred);
    px_progress_free(run.progress);
    px_file_list_free(&files);
    px_lock_release(lock);
    return code;
}
