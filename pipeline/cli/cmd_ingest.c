/* cmd_ingest.c: planex ingest PATH... */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "ingest.h"

typedef struct ingest_run {
    px_cli *ctx;
    px_run_counts counts;
    long long run_id;
    int quiet;
} ingest_run;

static void warn_path(void *p, const char *path, const char *message)
{
    ingest_run *run = p;
    run->counts.failed++;
    px_cli_error(path, message);
    px_error err;
    px_store_run_file(run->ctx->store, run->run_id, path, NULL, "failed", message, 0, &err);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void ingest_one(ingest_run *run, const char *path)
{
    px_cli *ctx = run->ctx;
    double t0 = now();
    px_error err = {{0}};
    unsigned char *bytes;
    size_t len;
    struct stat st;
    const char *outcome = NULL;
    char sha[65] = "";
    if (stat(path, &st) != 0 || px_read_file(path, &bytes, &len, &err) != 0) {
        if (!err.msg[0])
            px_error_set(&err, "cannot read");
        goto failed;
    }
    px_sha256_hex(bytes, len, sha);
    px_known known;
    if (px_store_lookup(ctx->store, sha, path, px_ruleset_version(ctx->rules), &known, &err)) {
        free(bytes);
        goto failed;
    }
    if (known.doc_id && !known.stale) {
        free(bytes);
        if (known.path_known) {
            outcome = "unchanged";
            run->counts.unchanged++;
        } else {
            int moved = 0;
            if (px_store_add_path(ctx->store, known.doc_id, path, (long long)st.st_size, (long long)st.st_mtime,
                                  &moved, &err))
                goto failed;
            outcome = moved ? "moved" : "copy";
            if (moved)
                run->counts.moved++;
            else
                run->counts.unchanged++;
        }
        px_store_run_file(ctx->store, run->run_id, path, sha, outcome, NULL, now() - t0, &err);
        return;
    }
    px_processed p;
    px_extract_options opt = {.ocr = 1};
    int rc = px_ingest_process(bytes, len, ctx->rules, &opt, &p, &err);
    free(bytes);
    if (rc)
        goto failed;
    px_store_input in = {.path = path, .sha256 = sha, .size = (long long)st.st_size, .mtime = (long long)st.st_mtime,
                         .doc = p.doc, .outline = &p.outline, .result = &p.result,
                         .rules_version = px_ruleset_version(ctx->rules)};
    long long id;
    int replaced;
    rc = px_store_put(ctx->store, &in, &id, &replaced, &err);
    run->counts.pages += p.doc->pages;
    for (size_t i = 0; i < p.doc->n_warnings && !run->quiet; i++)
        fprintf(stderr, "planex: %s: warning: %s\n", path, p.doc->warnings[i]);
    px_processed_free(&p);
    if (rc)
        goto failed;
    outcome = replaced ? "updated" : "added";
    if (replaced)
        run->counts.updated++;
    else
        run->counts.added++;
    px_store_run_file(ctx->store, run->run_id, path, sha, outcome, NULL, now() - t0, &err);
    return;
failed:
    run->counts.failed++;
    px_cli_error(path, err.msg);
    {
        px_error err2;
        px_store_run_file(ctx->store, run->run_id, path, sha[0] ? sha : NULL, "failed", err.msg, now() - t0, &err2);
    }
}

int cmd_ingest(int argc, char **argv, px_cli *ctx)
{
    ingest_run run = {.ctx = ctx};
    int prune = 0;
    char **paths = calloc((size_t)argc + 1, sizeof *paths);
    int n_paths = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0)
            run.quiet = 1;
        else if (strcmp(argv[i], "--prune") == 0)
            prune = 1;
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "planex ingest: unknown option %s\n", argv[i]);
            px_cli_usage(stderr, "ingest");
            free(paths);
            return PX_EXIT_ERROR;
        } else
            paths[n_paths++] = argv[i];
    }
    if (n_paths == 0 && !prune) {
        px_cli_usage(stderr, "ingest");
        free(paths);
        return PX_EXIT_ERROR;
    }
    px_error err = {{0}};
    double t0 = now();
    if (px_store_run_begin(ctx->store, "ingest", &run.run_id, &err)) {
        px_cli_error(NULL, err.msg);
        free(paths);
        return PX_EXIT_ERROR;
    }
    px_file_list files = {0};
    px_ingest_collect(paths, n_paths, &files, warn_path, &run);
    free(paths);
    for (size_t i = 0; i < files.n; i++)
        ingest_one(&run, files.paths[i]);
    px_file_list_free(&files);
    if (prune && px_store_prune(ctx->store, &run.counts.pruned, &err))
        px_cli_error(NULL, err.msg);
    run.counts.seconds = now() - t0;
    px_store_run_end(ctx->store, run.run_id, &run.counts, &err);
    if (!run.quiet)
        fprintf(stderr, "planex: %d added, %d updated, %d moved, %d unchanged, %d failed%s; %lld pages; %.1f s\n",
                run.counts.added, run.counts.updated, run.counts.moved, run.counts.unchanged, run.counts.failed,
                prune ? "" : "", run.counts.pages, run.counts.seconds);
    return run.counts.failed ? PX_EXIT_PARTIAL : PX_EXIT_OK;
}
