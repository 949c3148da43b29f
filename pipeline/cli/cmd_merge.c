/* cmd_merge.c: planex merge OUT.db SHARD.db...
 *
 * Combines stores made by `planex ingest --shard K/N` (on one machine or
 * many) into OUT.db, creating it if needed.  Holds OUT.db's ingest lock, so
 * a merge and an ingest into the same store never interleave.  Each shard
 * goes in one transaction; documents already in OUT.db (same SHA-256) are
 * not copied twice.  References are resolved again at the end, across all
 * the documents now together. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "crossdoc.h"
#include "lock.h"
#include "store_merge.h"

int cmd_merge(int argc, char **argv, px_cli *ctx)
{
    int wait = 0, quiet = 0;
    const char *out_path = NULL;
    const char **shards = calloc((size_t)argc + 1, sizeof *shards);
    int n_shards = 0;
    if (!shards)
        return PX_EXIT_ERROR;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--wait") == 0)
            wait = 1;
        else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0)
            quiet = 1;
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "planex merge: unknown option %s\n", argv[i]);
            px_cli_usage(stderr, "merge");
            free(shards);
            return PX_EXIT_ERROR;
        } else if (!out_path)
            out_path = argv[i];
        else
            shards[n_shards++] = argv[i];
    }
    if (!out_path || n_shards == 0) {
        px_cli_usage(stderr, "merge");
        free(shards);
        return PX_EXIT_ERROR;
    }
    px_error err = {{0}};
    px_lock *lock = NULL;
    long holder = 0;
    int lr = px_lock_acquire(out_path, wait, &lock, &holder, &err);
    if (lr) {
        free(shards);
        if (lr < 0) {
            px_cli_error(NULL, err.msg);
            return PX_EXIT_ERROR;
        }
        char msg[512];
        snprintf(msg, sizeof msg, "%s is locked by another ingest or merge (pid %ld); use --wait, or run later",
                 out_path, holder);
        px_cli_error(NULL, msg);
        return PX_EXIT_BUSY;
    }
    px_store *out = NULL;
    if (px_store_open(out_path, &out, &err)) {
        px_cli_error(NULL, err.msg);
        px_lock_release(lock);
        free(shards);
        return PX_EXIT_ERROR;
    }
    int failed = 0, total_docs = 0, total_present = 0;
    long long run_id = 0;
    px_store_run_begin(out, "merge", &run_id, &err);
    for (int i = 0; i < n_shards; i++) {
        if (strcmp(shards[i], out_path) == 0) {
            px_cli_error(shards[i], "is the target itself; skipped");
            continue;
        }
        /* opening migrates an older shard to this planex's schema (but
         * would create a missing one: check first) */
        px_store *shard = NULL;
        px_merge_counts c;
        if (access(shards[i], R_OK) != 0) {
            px_error_set(&err, "cannot read %s: %s", shards[i], strerror(errno));
            px_cli_error(NULL, err.msg);
            failed++;
            px_error e2;
            px_store_run_file(out, run_id, shards[i], NULL, "failed", err.msg, 0, &e2);
            continue;
        }
        if (px_store_open(shards[i], &shard, &err)) {
            px_cli_error(NULL, err.msg);
            failed++;
            px_store_run_file(out, run_id, shards[i], NULL, "failed", err.msg, 0, &err);
            continue;
        }
        px_store_close(shard);
        if (px_store_merge(out, shards[i], &c, &err)) {
            px_cli_error(shards[i], err.msg);
            failed++;
            px_error e2;
            px_store_run_file(out, run_id, shards[i], NULL, "failed", err.msg, 0, &e2);
            continue;
        }
        total_docs += c.documents;
        total_present += c.present;
        px_store_run_file(out, run_id, shards[i], NULL, "merged", NULL, 0, &err);
        if (!quiet)
            fprintf(stderr, "planex: %s: %d documents copied, %d already present, %d paths\n", shards[i],
                    c.documents, c.present, c.paths);
    }
    if (total_docs && px_store_resolve_links(out, &err))
        px_cli_error("resolving references", err.msg);
    px_run_counts counts = {.added = total_docs, .unchanged = total_present, .failed = failed};
    px_store_run_end(out, run_id, &counts, &err);
    px_store_close(out);
    px_lock_release(lock);
    free(shards);
    (void)ctx;
    return failed ? PX_EXIT_PARTIAL : PX_EXIT_OK;
}
