/* cmd_export.c: planex export --format json|csv [--table NAME] [DOC...] */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_export(int argc, char **argv, px_cli *ctx)
{
    const char *format = "json", *table = NULL;
    long long *ids = calloc((size_t)argc + 1, sizeof *ids);
    size_t n = 0;
    int bad = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) format = argv[++i];
        else if (strncmp(argv[i], "--format=", 9) == 0) format = argv[i] + 9;
        else if (strcmp(argv[i], "--table") == 0 && i + 1 < argc) table = argv[++i];
        else if (strncmp(argv[i], "--table=", 8) == 0) table = argv[i] + 8;
        else if (argv[i][0] == '-') {
            px_cli_usage(stderr, "export");
            free(ids);
            return PX_EXIT_ERROR;
        } else {
            long long id = px_store_resolve(ctx->store, argv[i]);
            if (!id) {
                px_cli_error(argv[i], "no such document in the database");
                bad = 1;
            } else
                ids[n++] = id;
        }
    }
    if (bad) {
        free(ids);
        return PX_EXIT_ERROR;
    }
    px_error err = {{0}};
    int rc;
    if (strcmp(format, "json") == 0)
        rc = px_store_export_json(ctx->store, stdout, ids, n, &err);
    else if (strcmp(format, "csv") == 0)
        rc = px_store_export_csv(ctx->store, stdout, table ? table : "documents", ids, n, &err);
    else
        rc = px_error_set(&err, "unknown format `%s` (json, csv)", format);
    free(ids);
    if (rc) {
        px_cli_error("export", err.msg);
        return PX_EXIT_ERROR;
    }
    return PX_EXIT_OK;
}
