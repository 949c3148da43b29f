/* worker.c: see worker.h.
 *
 * Protocol over one AF_UNIX stream socket per worker, frames of a type byte,
 * a 32-bit length and the payload:
 *   parent → worker  'J' job: i64 size, i64 mtime_ns, path bytes; after
 *                        'H' the worker waits for 'G' (process the bytes
 *                        just hashed) or 'N' (drop them)
 *                    'K' job as 'J', but processing goes on after 'H'
 *   worker → parent  'H' hashed: 64 hex digits, i64 size, i64 mtime
 *                    'S' skipped (still being written): reason
 *                    'F' failed: one-line error
 *                    'R' result: px_processed_encode bytes
 * A worker leaves its loop when its socket reaches end of file.
 *
 * Queued jobs: a worker reads its frames in order, so the parent may send
 * the next job while the current one is still being worked on, as long as
 * the worker will not read an answer ('G'/'N') before it: behind a 'K' job,
 * or a 'J' job already answered.  The worker starts it the moment it has
 * sent the result, instead of waiting for a parent that may be busy
 * writing.  At most one job waits per worker; if the worker dies, the
 * waiting job was never started and goes to the fresh worker instead. */
#include "worker.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "px_limits.h"
#include "serialize.h"

#if defined(__SANITIZE_ADDRESS__)
#define PX_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PX_ASAN 1
#endif
#endif

#ifdef PX_ASAN
#include <sanitizer/lsan_interface.h>
/* Under ASan, RLIMIT_AS cannot work (the shadow memory alone reserves
 * terabytes of address space).  ASan's allocator limits stand in for it:
 * an allocation over the worker memory limit fails (returns NULL, which
 * the extractors report as an error) instead of aborting the process, and
 * the parent's resident-size watchdog catches slow balloons.  Read by the
 * ASan runtime at start-up; ASAN_OPTIONS in the environment overrides. */
#define PX_STR2(x) #x
#define PX_STR(x) PX_STR2(x)
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "allocator_may_return_null=1:max_allocation_size_mb=" PX_STR(PX_LIMIT_WORKER_MEMORY_MB);
}
#endif

int px_pool_sanitized(void)
{
#ifdef PX_ASAN
    return 1;
#else
    return 0;
#endif
}

enum { W_EMPTY = 0, W_IDLE, W_READING, W_DECIDING, W_PROCESSING };
enum { K_NONE = 0, K_TIMEOUT, K_MEMORY, K_PROTOCOL };

/* A job sent behind a worker's current one (see "Queued jobs" above);
 * path is kept to resend it to a fresh worker. */
typedef struct queued_job {
    int set;
    size_t job;
    int ask_first;
    long long size, mtime_ns;
    char *path;
} queued_job;

typedef struct worker {
    pid_t pid;
    int fd;
    int state;
    size_t job;
    double started;
    int killed_for;
    int ask_first;         /* waits for px_pool_decide after hashing */
    char sha256[65];
    long long size, mtime;
    px_buf in;             /* bytes of a frame not yet complete */
    queued_job queued;
} worker;

struct px_pool {
    px_pool_options opt;
    worker *w;
    int n;
    int next;              /* where the round-robin scan starts */
    long peak_kb;
    long page_kb;
    /* queued jobs lost with a worker that could not be replaced, reported
     * failed by px_pool_next */
    size_t *orphans;
    int n_orphans;
    double policed;        /* when police() last looked */
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --- framing --------------------------------------------------------------- */

static int write_all(int fd, const void *data, size_t len)
{
    const unsigned char *p = data;
    while (len) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static int send_frame(int fd, char type, const void *a, size_t alen, const void *b, size_t blen)
{
    unsigned char head[5];
    uint32_t len = (uint32_t)(alen + blen);
    head[0] = (unsigned char)type;
    memcpy(head + 1, &len, 4);
    return write_all(fd, head, 5) || (alen && write_all(fd, a, alen)) || (blen && write_all(fd, b, blen)) ? -1 : 0;
}

static int read_all(int fd, void *data, size_t len)
{
    unsigned char *p = data;
    while (len) {
        ssize_t n = read(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Worker side: one whole frame; payload malloc'd (NUL-terminated). */
static int recv_frame(int fd, char *type, unsigned char **payload, uint32_t *len)
{
    unsigned char head[5];
    *payload = NULL;
    if (read_all(fd, head, 5))
        return -1;
    *type = (char)head[0];
    memcpy(len, head + 1, 4);
    if (*len > 1024 * 1024) /* jobs are paths: anything bigger is a broken parent */
        return -1;
    *payload = malloc((size_t)*len + 1);
    if (!*payload || read_all(fd, *payload, *len)) {
        free(*payload);
        *payload = NULL;
        return -1;
    }
    (*payload)[*len] = '\0';
    return 0;
}

/* --- the worker process ---------------------------------------------------- */

static void arm_cpu_limit(int seconds)
{
    if (seconds <= 0)
        return;
    struct rusage ru;
    struct rlimit rl;
    if (getrusage(RUSAGE_SELF, &ru) != 0 || getrlimit(RLIMIT_CPU, &rl) != 0)
        return;
    double used = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
                  (double)ru.ru_stime.tv_usec / 1e6;
    rlim_t soft = (rlim_t)ceil(used) + (rlim_t)seconds;
    if (rl.rlim_max != RLIM_INFINITY && soft > rl.rlim_max)
        soft = rl.rlim_max;
    rl.rlim_cur = soft;
    setrlimit(RLIMIT_CPU, &rl);
}

static void send_error(int fd, char type, const char *msg)
{
    send_frame(fd, type, msg, strlen(msg), NULL, 0);
}

static void worker_job(const px_pool_options *opt, int fd, const unsigned char *payload, uint32_t len,
                       int ask_first, const char *marker)
{
    int64_t size, mtime_ns;
    if (len < 16) {
        send_error(fd, 'F', "internal: malformed job");
        return;
    }
    memcpy(&size, payload, 8);
    memcpy(&mtime_ns, payload + 8, 8);
    const char *path = (const char *)payload + 16;
    arm_cpu_limit(opt->cpu_seconds);
    px_error err = {{0}};
    unsigned char *bytes;
    size_t n;
    long long got_size, got_mtime;
    int changed;
    if (px_ingest_read(path, size, mtime_ns, &bytes, &n, &got_size, &got_mtime, &changed, &err)) {
        send_error(fd, changed ? 'S' : 'F', err.msg);
        return;
    }
    char hashed[64 + 16];
    char sha[65];
    px_sha256_hex(bytes, n, sha);
    memcpy(hashed, sha, 64);
    int64_t s64 = got_size, m64 = got_mtime;
    memcpy(hashed + 64, &s64, 8);
    memcpy(hashed + 72, &m64, 8);
    if (send_frame(fd, 'H', hashed, sizeof hashed, NULL, 0)) {
        free(bytes);
        _exit(0); /* the parent is gone */
    }
    if (ask_first) {
        char type;
        unsigned char *answer;
        uint32_t alen;
        if (recv_frame(fd, &type, &answer, &alen)) {
            free(bytes);
            _exit(0);
        }
        free(answer);
        if (type != 'G') {
            free(bytes);
            return;
        }
    }
    px_ingest_test_hook(marker, bytes, n);
    px_processed p;
    int rc = px_ingest_process(bytes, n, opt->rules, &opt->extract, &p, &err);
    free(bytes);
    if (rc) {
        send_error(fd, 'F', err.msg[0] ? err.msg : "extraction failed");
        return;
    }
    px_buf out = {0};
    if (px_processed_encode(&p, &out) || out.len > (size_t)PX_LIMIT_RESULT_BYTES)
        send_error(fd, 'F', "result too large to hand over");
    else
        send_frame(fd, 'R', out.data, out.len, NULL, 0);
    px_buf_free(&out);
    px_processed_free(&p);
}

static void worker_main(const px_pool_options *opt, int fd)
{
    /* The test hook's marker, read once: no file can trigger it unless the
     * environment names the marker (see px_ingest_test_hook). */
    const char *marker = getenv("PLANEX_TEST_CRASH_ON");
    for (;;) {
        char type;
        unsigned char *payload;
        uint32_t len;
        if (recv_frame(fd, &type, &payload, &len))
            break;
        if (type == 'J' || type == 'K')
            worker_job(opt, fd, payload, len, type == 'J', marker);
        free(payload);
    }
#ifdef PX_ASAN
    /* _exit skips LeakSanitizer's exit check, and the per-document code
     * runs only here: check it before leaving (a leak makes the worker's
     * exit status non-zero and lands in the sanitizer log). */
    __lsan_do_leak_check();
#endif
    _exit(0);
}

static void worker_setup(const px_pool *p, int slot, int fd)
{
    /* die with the parent: a kill -9 of planex leaves no orphan workers */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    /* the parent handles interruption and kills its workers itself */
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    /* no core files: a hostile archive must not fill the disk with them */
    struct rlimit rl = {0, 0};
    setrlimit(RLIMIT_CORE, &rl);
#ifndef PX_ASAN
    if (p->opt.memory_mb > 0) {
        rl.rlim_cur = rl.rlim_max = (rlim_t)p->opt.memory_mb * 1024 * 1024;
        setrlimit(RLIMIT_AS, &rl);
    }
#endif
    /* other workers' sockets: holding them would keep those workers from
     * seeing end of file when the parent lets them go */
    for (int i = 0; i < p->n; i++)
        if (i != slot && p->w[i].pid && p->w[i].fd >= 0)
            close(p->w[i].fd);
    if (p->opt.close_in_worker >= 0)
        close(p->opt.close_in_worker);
    (void)fd;
}

static int spawn(px_pool *p, int slot, px_error *err)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
        return px_error_set(err, "cannot start a worker: %s", strerror(errno));
    fflush(NULL); /* or the child would inherit, and one day print, our buffers */
    pid_t parent = getpid();
    if (p->opt.before_fork)
        p->opt.before_fork(p->opt.fork_ctx);
    pid_t pid = fork();
    if (pid != 0 && p->opt.after_fork)
        p->opt.after_fork(p->opt.fork_ctx);
    if (pid < 0) {
        close(sv[0]);
        close(sv[1]);
        return px_error_set(err, "cannot start a worker: %s", strerror(errno));
    }
    if (pid == 0) {
        close(sv[0]);
        worker_setup(p, slot, sv[1]);
        if (getppid() != parent)
            _exit(0);
        worker_main(&p->opt, sv[1]);
    }
    close(sv[1]);
    fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
    worker *w = &p->w[slot];
    px_buf_free(&w->in);
    memset(w, 0, sizeof *w);
    w->pid = pid;
    w->fd = sv[0];
    w->state = W_IDLE;
    return 0;
}

int px_pool_start(const px_pool_options *opt, px_pool **out, px_error *err)
{
    *out = NULL;
    if (opt->jobs < 1 || opt->jobs > PX_LIMIT_JOBS)
        return px_error_set(err, "jobs must be 1 to %d", PX_LIMIT_JOBS);
    px_pool *p = calloc(1, sizeof *p);
    if (!p)
        return px_error_set(err, "out of memory");
    p->opt = *opt;
    p->n = opt->jobs;
    p->page_kb = sysconf(_SC_PAGESIZE) / 1024;
    p->w = calloc((size_t)p->n, sizeof *p->w);
    p->orphans = calloc((size_t)p->n, sizeof *p->orphans);
    if (!p->w || !p->orphans) {
        free(p->w);
        free(p->orphans);
        free(p);
        return px_error_set(err, "out of memory");
    }
    for (int i = 0; i < p->n; i++)
        p->w[i].fd = -1;
    for (int i = 0; i < p->n; i++)
        if (spawn(p, i, err)) {
            px_pool_stop(p);
            return -1;
        }
    *out = p;
    return 0;
}

static void note_peak(px_pool *p, long kb)
{
    if (kb > p->peak_kb)
        p->peak_kb = kb;
}

static void reap(px_pool *p, worker *w, int *status, long *maxrss_kb)
{
    struct rusage ru = {0};
    *status = 0;
    *maxrss_kb = 0;
    for (;;) {
        pid_t r = wait4(w->pid, status, 0, &ru);
        if (r == w->pid)
            break;
        if (r < 0 && errno != EINTR)
            break;
    }
    *maxrss_kb = ru.ru_maxrss;
    note_peak(p, ru.ru_maxrss);
}

void px_pool_stop(px_pool *p)
{
    if (!p)
        return;
    for (int i = 0; i < p->n; i++) {
        worker *w = &p->w[i];
        if (!w->pid)
            continue;
        if (w->state != W_IDLE)
            kill(w->pid, SIGKILL); /* interrupted mid-file: its result is not wanted */
        close(w->fd);
        int st;
        long kb;
        reap(p, w, &st, &kb);
        px_buf_free(&w->in);
    }
    for (int i = 0; i < p->n; i++)
        free(p->w[i].queued.path);
    free(p->w);
    free(p->orphans);
    free(p);
}

int px_pool_idle(const px_pool *p)
{
    int n = 0;
    for (int i = 0; i < p->n; i++)
        n += p->w[i].state == W_IDLE;
    return n;
}

int px_pool_busy(const px_pool *p)
{
    int n = p->n_orphans; /* not reported yet */
    for (int i = 0; i < p->n; i++)
        n += p->w[i].state > W_IDLE;
    return n;
}

long px_pool_worker_peak_kb(const px_pool *p) { return p->peak_kb; }

/* Whether w can take a job behind its current one: it will read no
 * answer before it, and none waits there yet. */
static int can_queue(const worker *w)
{
    if (!w->pid || w->queued.set || w->killed_for)
        return 0;
    return w->state == W_PROCESSING || (w->state == W_READING && !w->ask_first);
}

int px_pool_can_queue(const px_pool *p)
{
    int n = 0;
    for (int i = 0; i < p->n; i++)
        n += can_queue(&p->w[i]);
    return n;
}

static int send_job(worker *w, const char *path, long long expect_size, long long expect_mtime_ns, int ask_first)
{
    int64_t hdr[2] = {expect_size, expect_mtime_ns};
    if (send_frame(w->fd, ask_first ? 'J' : 'K', hdr, sizeof hdr, path, strlen(path)) == 0)
        return 0;
    /* dead already: px_pool_next will reap it and fail (or hand on) its jobs */
    kill(w->pid, SIGKILL);
    w->killed_for = K_PROTOCOL;
    return -1;
}

/* Makes job the current one of idle worker w. */
static void start_job(worker *w, size_t job, int ask_first)
{
    w->state = W_READING;
    w->job = job;
    w->started = now();
    w->killed_for = K_NONE;
    w->ask_first = ask_first;
}

int px_pool_submit(px_pool *p, size_t job, const char *path, long long expect_size, long long expect_mtime_ns,
                   int ask_first, px_error *err)
{
    worker *w = NULL;
    for (int i = 0; i < p->n && !w; i++)
        if (p->w[i].state == W_IDLE)
            w = &p->w[i];
    if (w) {
        start_job(w, job, ask_first);
        send_job(w, path, expect_size, expect_mtime_ns, ask_first);
        return 0;
    }
    for (int i = 0; i < p->n && !w; i++)
        if (can_queue(&p->w[i]))
            w = &p->w[i];
    if (!w)
        return px_error_set(err, "no worker can take a file");
    /* kept for a fresh worker, should this one die before starting it */
    char *copy = strdup(path);
    if (!copy)
        return px_error_set(err, "out of memory");
    w->queued = (queued_job){.set = 1, .job = job, .ask_first = ask_first, .size = expect_size,
                             .mtime_ns = expect_mtime_ns, .path = copy};
    send_job(w, path, expect_size, expect_mtime_ns, ask_first);
    return 0;
}

/* The current job of w is over: the worker has gone on to the queued one,
 * if there is one, or waits. */
static void job_over(worker *w)
{
    if (!w->queued.set) {
        w->state = W_IDLE;
        return;
    }
    start_job(w, w->queued.job, w->queued.ask_first);
    free(w->queued.path);
    w->queued = (queued_job){0};
}

int px_pool_decide(px_pool *p, size_t job, int process)
{
    for (int i = 0; i < p->n; i++) {
        worker *w = &p->w[i];
        if (w->state == W_DECIDING && w->job == job) {
            w->state = process ? W_PROCESSING : W_IDLE;
            if (send_frame(w->fd, process ? 'G' : 'N', NULL, 0, NULL, 0)) {
                kill(w->pid, SIGKILL);
                w->killed_for = K_PROTOCOL;
                if (!process)
                    w->state = W_PROCESSING; /* so its death is not taken for an idle one's */
            }
            return 0;
        }
    }
    return -1;
}

static long wall_limit(const px_pool *p)
{
    return p->opt.cpu_seconds > 0 ? (long)p->opt.cpu_seconds * PX_LIMIT_WORKER_WALL_FACTOR + PX_LIMIT_WORKER_WALL_SLACK : 0;
}

static void death_message(const px_pool *p, const worker *w, int status, long maxrss_kb, char *out, size_t size)
{
    long limit_kb = (long)p->opt.memory_mb * 1024;
    /* Under RLIMIT_AS a refused allocation shows as an abort (g_malloc),
     * a crash on NULL, or an error exit; a peak near the limit says which. */
    int near_limit = limit_kb > 0 && maxrss_kb * 2 >= limit_kb;
    if (w->killed_for == K_TIMEOUT)
        snprintf(out, size, "timed out after %ld s (wall clock; worker killed)", wall_limit(p));
    else if (w->killed_for == K_MEMORY)
        snprintf(out, size, "memory limit (%d MB resident; worker killed)", p->opt.memory_mb);
    else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU)
        snprintf(out, size, "CPU time limit (%d s)", p->opt.cpu_seconds);
    else if (WIFSIGNALED(status) && near_limit &&
             (WTERMSIG(status) == SIGABRT || WTERMSIG(status) == SIGSEGV || WTERMSIG(status) == SIGBUS ||
              WTERMSIG(status) == SIGTRAP /* g_error */))
        snprintf(out, size, "memory limit (%d MB): killed by signal %d (%s)", p->opt.memory_mb, WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
    else if (WIFSIGNALED(status))
        snprintf(out, size, "killed by signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
    else if (WIFEXITED(status) && near_limit)
        snprintf(out, size, "memory limit (%d MB): worker exited with status %d", p->opt.memory_mb,
                 WEXITSTATUS(status));
    else if (WIFEXITED(status))
        snprintf(out, size, "worker exited with status %d%s", WEXITSTATUS(status),
                 px_pool_sanitized() && WEXITSTATUS(status) == 1 ? " (a sanitizer report above names the fault)" : "");
    else
        snprintf(out, size, "worker lost");
}

/* A worker's socket closed: reap it, report its file if it had one, and
 * start another in its place.  Returns 1 when *ev was filled. */
static int handle_death(px_pool *p, int slot, px_event *ev, px_error *err, int *broken)
{
    worker *w = &p->w[slot];
    int status;
    long kb;
    close(w->fd);
    w->fd = -1;
    reap(p, w, &status, &kb);
    int had_job = w->state > W_IDLE;
    if (had_job) {
        memset(ev, 0, sizeof *ev);
        ev->kind = PX_EV_FAILED;
        ev->job = w->job;
        ev->worker_died = 1;
        ev->seconds = now() - w->started;
        death_message(p, w, status, kb, ev->error, sizeof ev->error);
    }
    px_buf_free(&w->in);
    w->pid = 0;
    w->state = W_EMPTY;
    /* the queued job was never started: it is not this death's to fail */
    queued_job q = w->queued;
    w->queued = (queued_job){0};
    if (spawn(p, slot, err)) {
        int alive = 0;
        for (int i = 0; i < p->n; i++)
            alive += p->w[i].pid != 0;
        if (!alive)
            *broken = 1;
        if (q.set)
            p->orphans[p->n_orphans++] = q.job;
    } else if (q.set) {
        start_job(w, q.job, q.ask_first);
        send_job(w, q.path, q.size, q.mtime_ns, q.ask_first);
    }
    free(q.path);
    return had_job;
}

/* A complete frame from worker w.  Returns 1 when *ev was filled. */
static int handle_frame(px_pool *p, worker *w, char type, const unsigned char *data, uint32_t len, px_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->job = w->job;
    ev->seconds = now() - w->started;
    if (type == 'H' && w->state == W_READING && len == 80) {
        memcpy(w->sha256, data, 64);
        w->sha256[64] = '\0';
        int64_t s, m;
        memcpy(&s, data + 64, 8);
        memcpy(&m, data + 72, 8);
        w->size = s;
        w->mtime = m;
        w->state = w->ask_first ? W_DECIDING : W_PROCESSING;
        ev->kind = PX_EV_HASHED;
        memcpy(ev->sha256, w->sha256, 65);
        ev->size = s;
        ev->mtime = m;
        return 1;
    }
    if ((type == 'S' || type == 'F') && (w->state == W_READING || w->state == W_PROCESSING)) {
        ev->kind = type == 'S' ? PX_EV_SKIPPED : PX_EV_FAILED;
        snprintf(ev->error, sizeof ev->error, "%.*s", (int)(len < sizeof ev->error ? len : sizeof ev->error - 1),
                 (const char *)data);
        if (w->state == W_PROCESSING)
            memcpy(ev->sha256, w->sha256, 65);
        job_over(w);
        return 1;
    }
    if (type == 'R' && w->state == W_PROCESSING) {
        px_error err = {{0}};
        memcpy(ev->sha256, w->sha256, 65);
        ev->size = w->size;
        ev->mtime = w->mtime;
        job_over(w);
        if (px_processed_decode(data, len, &ev->processed, &err)) {
            ev->kind = PX_EV_FAILED;
            snprintf(ev->error, sizeof ev->error, "%s", err.msg);
        } else {
            ev->kind = PX_EV_DONE;
        }
        return 1;
    }
    /* out of turn: the worker is not the program we forked; replace it */
    kill(w->pid, SIGKILL);
    w->killed_for = K_PROTOCOL;
    return 0;
}

/* Handles the complete frames already read from worker w, up to the first
 * that makes an event.  Returns 1 with *ev filled, or 0. */
static int buffered(px_pool *p, worker *w, px_event *ev)
{
    while (w->in.len >= 5) {
        uint32_t len;
        memcpy(&len, w->in.data + 1, 4);
        if (len > (uint32_t)PX_LIMIT_RESULT_BYTES) {
            kill(w->pid, SIGKILL);
            w->killed_for = K_PROTOCOL;
            w->in.len = 0;
            return 0;
        }
        if (w->in.len < 5 + (size_t)len)
            return 0;
        char type = (char)w->in.data[0];
        int got = handle_frame(p, w, type, w->in.data + 5, len, ev);
        size_t rest = w->in.len - 5 - len;
        memmove(w->in.data, w->in.data + 5 + len, rest);
        w->in.len = rest;
        if (got)
            return 1;
    }
    return 0;
}

/* Reads what worker w has sent.  Returns 1 event, 0 none, or 2 when the
 * socket closed. */
static int pump(px_pool *p, worker *w, px_event *ev)
{
    for (;;) {
        if (buffered(p, w, ev))
            return 1;
        if (w->in.cap - w->in.len < 65536) {
            size_t cap = w->in.cap ? w->in.cap * 2 : 65536;
            unsigned char *g = realloc(w->in.data, cap);
            if (!g) {
                kill(w->pid, SIGKILL);
                return 0;
            }
            w->in.data = g;
            w->in.cap = cap;
        }
        ssize_t n = read(w->fd, w->in.data + w->in.len, w->in.cap - w->in.len);
        if (n > 0) {
            w->in.len += (size_t)n;
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;
        if (n < 0 && errno == EINTR)
            return 0;
        return 2;
    }
}

/* Wall-clock and resident-size limits of the busy workers, every
 * PX_LIMIT_WATCHDOG_MS: reading /proc for every event (thousands a
 * minute in bulk ingestion) cost the single writer more than the checks
 * are worth. */
static void police(px_pool *p)
{
    double t = now();
    if (t - p->policed < PX_LIMIT_WATCHDOG_MS / 1000.0)
        return;
    p->policed = t;
    long wall = wall_limit(p);
    long limit_kb = (long)p->opt.memory_mb * 1024;
    for (int i = 0; i < p->n; i++) {
        worker *w = &p->w[i];
        if (w->state <= W_IDLE || w->killed_for)
            continue;
        if (wall > 0 && t - w->started > (double)wall) {
            kill(w->pid, SIGKILL);
            w->killed_for = K_TIMEOUT;
            continue;
        }
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/statm", (int)w->pid);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        char buf[128];
        ssize_t n = read(fd, buf, sizeof buf - 1);
        close(fd);
        if (n <= 0)
            continue;
        buf[n] = '\0';
        long vm, rss;
        if (sscanf(buf, "%ld %ld", &vm, &rss) != 2)
            continue;
        long kb = rss * p->page_kb;
        note_peak(p, kb);
        if (limit_kb > 0 && kb > limit_kb) {
            kill(w->pid, SIGKILL);
            w->killed_for = K_MEMORY;
        }
    }
}

int px_pool_next(px_pool *p, int timeout_ms, px_event *ev, px_error *err)
{
    double deadline = now() + timeout_ms / 1000.0;
    if (p->n_orphans) {
        memset(ev, 0, sizeof *ev);
        ev->kind = PX_EV_FAILED;
        ev->job = p->orphans[--p->n_orphans];
        ev->worker_died = 1;
        snprintf(ev->error, sizeof ev->error, "not started: its worker died and could not be replaced");
        return 1;
    }
    struct pollfd *fds = calloc((size_t)p->n, sizeof *fds);
    if (!fds)
        return px_error_set(err, "out of memory");
    int result = 0;
    /* A worker that does not wait for an answer may send its hash and its
     * result in one read: the second frame is already here, and poll would
     * never say so. */
    for (int k = 0; k < p->n; k++) {
        int i = (p->next + k) % p->n;
        if (p->w[i].pid && buffered(p, &p->w[i], ev)) {
            p->next = (i + 1) % p->n;
            free(fds);
            return 1;
        }
    }
    for (;;) {
        int broken = 0;
        police(p);
        for (int i = 0; i < p->n; i++) {
            fds[i].fd = p->w[i].pid ? p->w[i].fd : -1;
            fds[i].events = POLLIN;
            fds[i].revents = 0;
        }
        double left = deadline - now();
        int wait_ms = left > 0 ? (int)(left * 1000) : 0;
        if (px_pool_busy(p) && wait_ms > PX_LIMIT_WATCHDOG_MS)
            wait_ms = PX_LIMIT_WATCHDOG_MS;
        int n = poll(fds, (nfds_t)p->n, wait_ms);
        if (n < 0 && errno == EINTR)
            break; /* a signal: let the caller look at its flag */
        if (n < 0) {
            result = px_error_set(err, "poll: %s", strerror(errno));
            break;
        }
        for (int k = 0; k < p->n && n > 0; k++) {
            int i = (p->next + k) % p->n;
            if (!fds[i].revents || !p->w[i].pid)
                continue;
            int r = pump(p, &p->w[i], ev);
            if (r == 2)
                r = handle_death(p, i, ev, err, &broken);
            if (broken) {
                char why[PX_ERROR_MAX];
                snprintf(why, sizeof why, "%s", err->msg);
                result = px_error_set(err, "no worker can be started: %s", why);
                goto out;
            }
            if (r == 1) {
                p->next = (i + 1) % p->n;
                result = 1;
                goto out;
            }
        }
        if (now() >= deadline)
            break;
    }
out:
    free(fds);
    return result;
}
