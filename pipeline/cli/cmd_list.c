/* cmd_list.c: planex list, planex show DOC, planex runs. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_list(int argc, char **argv, px_cli *ctx)
{
    int stale = 0;
    const char *rules_version = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--stale") == 0) stale = 1;
        else {
            px_cli_usage(stderr, "list");
            return PX_EXIT_ERROR;
        }
    }
    px_ruleset *rs = NULL;
    {
        /* stale = extracted with other rules than the current ones */
        px_diags d = {0};
        px_error e = {{0}};
        rs = px_ruleset_load(ctx->rules_dir, &d, &e);
        px_diags_free(&d);
        if (rs)
            rules_version = px_ruleset_version(rs);
    }
    px_error err = {{0}};
    int rc = px_store_list(ctx->store, stdout, stale, rules_version, &err);
    px_ruleset_free(rs);
    if (rc) {
        px_cli_error(NULL, err.msg);
        return PX_EXIT_ERROR;
    }
    return PX_EXIT_OK;
}

int cmd_show(int argc, char **argv, px_cli *ctx)
{
    if (argc != 2) {
        px_cli_usage(stderr, "show");
        return PX_EXIT_ERROR;
    }
    long long id = px_store_resolve(ctx->store, argv[1]);
    if (!id) {
        px_cli_error(argv[1], "no such document in the database (give an id, a path or a document number)");
        return PX_EXIT_ERROR;
    }
    px_error err = {{0}};
    if (px_store_show(ctx->store, stdout, id, &err)) {
        px_cli_error(argv[1], err.msg);
        return PX_EXIT_ERROR;
    }
    return PX_EXIT_OK;
}

int cmd_runs(int argc, char **argv, px_cli *ctx)
{
    int limit = 20;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) limit = atoi(argv[++i]);
        else {
            px_cli_usage(stderr, "runs");
            return PX_EXIT_ERROR;
        }
    }
    px_error err = {{0}};
    if (px_store_runs(ctx->store, stdout, limit, &err)) {
        px_cli_error(NULL, err.msg);
        return PX_EXIT_ERROR;
    }
    return PX_EXIT_OK;
}
