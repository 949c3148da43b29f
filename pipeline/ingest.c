/* ingest.c: see ingest.h. */
#include "ingest.h"

#include <dirent.h>
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "px_limits.h"
#include "normalize.h"

static int list_push(px_file_list *l, const char *path)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        char **g = realloc(l->paths, cap * sizeof *g);
        if (!g)
            return -1;
        l->paths = g;
        l->cap = cap;
    }
    l->paths[l->n] = strdup(path);
    return l->paths[l->n] ? (l->n++, 0) : -1;
}

void px_file_list_free(px_file_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->paths[i]);
    free(l->paths);
    memset(l, 0, sizeof *l);
}

int px_ingest_is_temporary(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    return strncmp(base, "~$", 2) == 0 || strncmp(base, ".~lock.", 7) == 0 ||
           (n > 0 && base[n - 1] == '~') || (n > 4 && strcmp(base + n - 4, ".tmp") == 0) ||
           (n > 5 && strcmp(base + n - 5, ".part") == 0) || strcmp(base, ".DS_Store") == 0;
}

int px_ingest_is_document_name(const char *path)
{
    /* In a folder walk only files that may be plans are taken: archives
     * also hold scripts, spreadsheets, JSON and images.  The name only
     * chooses what to look at; what a file is comes from its bytes, so a
     * DOCX named .pdf or a PDF named .doc is still read or refused by
     * content.  Files named on the command line are always taken. */
    static const char *const exts[] = {".pdf", ".docx", ".doc", ".docm", ".dotx", ".odt", ".rtf", ".txt",
                                       ".text", ".md", ".markdown", NULL};
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)
        return 1; /* no extension: look at it */
    for (int i = 0; exts[i]; i++)
        if (strcasecmp(dot, exts[i]) == 0)
            return 1;
    return 0;
}

typedef struct visited {
    dev_t dev;
    ino_t ino;
} visited;

typedef struct walk {
    px_file_list *out;
    visited *seen;
    size_t n_seen, cap_seen;
    void (*warn)(void *, const char *, const char *);
    void *ctx;
} walk;

static int seen_before(walk *w, const struct stat *st)
{
    for (size_t i = 0; i < w->n_seen; i++)
        if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino)
            return 1;
    if (w->n_seen == w->cap_seen) {
        size_t cap = w->cap_seen ? w->cap_seen * 2 : 64;
        visited *g = realloc(w->seen, cap * sizeof *g);
        if (!g)
            return 1;
        w->seen = g;
        w->cap_seen = cap;
    }
    w->seen[w->n_seen].dev = st->st_dev;
    w->seen[w->n_seen].ino = st->st_ino;
    w->n_seen++;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Iterative walk: a stack of directories, so deep trees cannot overflow
 * the C stack. */
static void walk_dir(walk *w, const char *root)
{
    px_file_list stack = {0};
    list_push(&stack, root);
    while (stack.n) {
        char *dir = stack.paths[--stack.n];
        DIR *d = opendir(dir);
        if (!d) {
            if (w->warn)
                w->warn(w->ctx, dir, strerror(errno));
            free(dir);
            continue;
        }
        px_file_list subdirs = {0};
        struct dirent *e;
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.' && (e->d_name[1] == '\0' || (e->d_name[1] == '.' && e->d_name[2] == '\0')))
                continue;
            if (e->d_name[0] == '.')
                continue; /* hidden files and folders (.git, .~lock…) */
            char path[4096];
            int n = snprintf(path, sizeof path, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
            if (n <= 0 || (size_t)n >= sizeof path)
                continue;
            struct stat st;
            if (stat(path, &st) != 0)
                continue; /* dangling symlink */
            if (S_ISDIR(st.st_mode)) {
                if (!seen_before(w, &st))
                    list_push(&subdirs, path);
            } else if (S_ISREG(st.st_mode) && !px_ingest_is_temporary(path) &&
                       px_ingest_is_document_name(path)) {
                list_push(w->out, path);
            }
        }
        closedir(d);
        /* push in reverse so folders are visited in name order */
        if (subdirs.n > 1) /* qsort(NULL, 0) is undefined */
            qsort(subdirs.paths, subdirs.n, sizeof *subdirs.paths, cmp_str);
        for (size_t i = subdirs.n; i > 0; i--)
            list_push(&stack, subdirs.paths[i - 1]);
        px_file_list_free(&subdirs);
        free(dir);
    }
    px_file_list_free(&stack);
}

int px_ingest_collect(char *const *args, int n_args, px_file_list *out,
                      void (*warn)(void *ctx, const char *path, const char *message), void *ctx)
{
    walk w = {.out = out, .warn = warn, .ctx = ctx};
    for (int i = 0; i < n_args; i++) {
        struct stat st;
        if (stat(args[i], &st) != 0) {
            if (warn)
                warn(ctx, args[i], strerror(errno));
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            size_t before = out->n;
            if (!seen_before(&w, &st))
                walk_dir(&w, args[i]);
            if (out->n - before > 1)
                qsort(out->paths + before, out->n - before, sizeof *out->paths, cmp_str);
        } else {
            list_push(out, args[i]);
        }
    }
    free(w.seen);
    return 0;
}

int px_read_file(const char *path, unsigned char **bytes, size_t *len, px_error *err)
{
    *bytes = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return px_error_set(err, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return px_error_set(err, "not a regular file");
    }
    if (st.st_size > PX_LIMIT_FILE_BYTES) {
        fclose(f);
        return px_error_set(err, "file is %lld MB, over the %ld MB limit", (long long)st.st_size / (1024 * 1024),
                            PX_LIMIT_FILE_BYTES / (1024 * 1024));
    }
    size_t cap = (size_t)st.st_size + 1;
    unsigned char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return px_error_set(err, "out of memory");
    }
    size_t n = 0;
    for (;;) {
        if (n == cap) {
            /* the file grew while we read it; let the next run have it */
            free(buf);
            fclose(f);
            return px_error_set(err, "file is being written (it grew while reading)");
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        if (got == 0)
            break;
        n += got;
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        return px_error_set(err, "read error");
    }
    *bytes = buf;
    *len = n;
    return 0;
}

void px_sha256_hex(const unsigned char *bytes, size_t len, char out[65])
{
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(c, bytes, (gssize)len);
    snprintf(out, 65, "%s", g_checksum_get_string(c));
    g_checksum_free(c);
}

void px_processed_free(px_processed *p)
{
    if (!p)
        return;
    px_doc_free(p->doc);
    px_outline_free(&p->outline);
    px_result_free(&p->result);
    for (size_t i = 0; i < p->n_rule_ids; i++)
        free(p->rule_ids[i]);
    free(p->rule_ids);
    memset(p, 0, sizeof *p);
}

int px_ingest_process(const unsigned char *bytes, size_t len, const px_ruleset *rules,
                      const px_extract_options *opt, px_processed *out, px_error *err)
{
    memset(out, 0, sizeof *out);
    err->msg[0] = '\0';
    if (px_extract(bytes, len, opt, &out->doc, err) || px_normalize(out->doc, rules, err) ||
        px_segment(out->doc, rules, &out->outline, err) ||
        px_analyze(out->doc, &out->outline, rules, &out->result, err)) {
        px_processed_free(out);
        return -1;
    }
    return 0;
}

/* --- bulk ingestion (issue 7) --------------------------------------------- */

static long long mtime_ns(const struct stat *st)
{
    return (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
}

int px_ingest_read(const char *path, long long expect_size, long long expect_mtime_ns, unsigned char **bytes,
                   size_t *len, long long *size, long long *mtime, int *changed, px_error *err)
{
    *bytes = NULL;
    *len = 0;
    *changed = 0;
    struct stat before, after;
    if (stat(path, &before) != 0)
        return px_error_set(err, "cannot open: %s", strerror(errno));
    if ((expect_size >= 0 && before.st_size != expect_size) ||
        (expect_mtime_ns >= 0 && mtime_ns(&before) != expect_mtime_ns)) {
        *changed = 1;
        return px_error_set(err, "still being written (changed since the scan)");
    }
    if (px_read_file(path, bytes, len, err) != 0)
        return -1;
    if (stat(path, &after) != 0 || after.st_size != before.st_size || mtime_ns(&after) != mtime_ns(&before) ||
        (long long)*len != (long long)before.st_size) {
        free(*bytes);
        *bytes = NULL;
        *len = 0;
        *changed = 1;
        return px_error_set(err, "still being written (changed while reading)");
    }
    *size = (long long)after.st_size;
    *mtime = (long long)after.st_mtime;
    return 0;
}

unsigned long long px_ingest_path_hash(const char *path)
{
    unsigned long long h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    return h;
}

void px_ingest_test_hook(const char *env_marker, const unsigned char *bytes, size_t len)
{
    size_t m = env_marker ? strlen(env_marker) : 0;
    if (m < 8 || len < m)
        return;
    const unsigned char *hit = memmem(bytes, len, env_marker, m);
    if (!hit)
        return;
    const char *mode = (const char *)hit + m;
    size_t rest = len - (size_t)(hit - bytes) - m;
#define MODE(word) (rest > sizeof(word) && mode[0] == ':' && memcmp(mode + 1, word, sizeof(word) - 1) == 0)
    if (MODE("loop")) {
        volatile unsigned long spin = 0;
        for (;;)
            spin++;
    } else if (MODE("sleep")) {
        for (;;)
            pause();
    } else if (MODE("alloc")) {
        /* like a library whose buffer grows without end: g_malloc aborts
         * when the address-space limit refuses it */
        for (;;) {
            char *p = g_malloc(8 * 1024 * 1024);
            memset(p, 1, 8 * 1024 * 1024);
        }
    } else if (MODE("abort")) {
        abort();
    } else {
        raise(SIGSEGV);
    }
#undef MODE
}
