/* cmd_compare.c: planex compare [--format text|json|csv] DOC_A DOC_B
 *
 * Exit status as diff(1): 0 the plans agree area by area, 1 they differ,
 * 2 error. */
#include <string.h>

#include "cli.h"
#include "crossdoc.h"

int cmd_compare(int argc, char **argv, px_cli *ctx)
{
    px_compare_options opt = {.format = "text"};
    const char *docs[2];
    int n = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) opt.format = argv[++i];
        else if (strncmp(argv[i], "--format=", 9) == 0) opt.format = argv[i] + 9;
        else if (argv[i][0] == '-' || n == 2) {
            px_cli_usage(stderr, "compare");
            return PX_EXIT_ERROR;
        } else
            docs[n++] = argv[i];
    }
    if (n != 2) {
        px_cli_usage(stderr, "compare");
        return PX_EXIT_ERROR;
    }
    long long id[2];
    for (int k = 0; k < 2; k++)
        if (!(id[k] = px_store_resolve(ctx->store, docs[k]))) {
            px_cli_error(docs[k], "no such document in the database (give an id, a path or a document number)");
            return PX_EXIT_ERROR;
        }
    px_error err = {{0}};
    px_plan *a = NULL, *b = NULL;
    int rc = -1;
    if (px_plan_load(ctx->store, id[0], &a, &err) == 0 && px_plan_load(ctx->store, id[1], &b, &err) == 0)
        rc = px_compare_print(stdout, a, b, &opt, &err);
    px_plan_free(a);
    px_plan_free(b);
    if (rc < 0) {
        px_cli_error("compare", err.msg);
        return PX_EXIT_ERROR;
    }
    return rc ? PX_EXIT_PARTIAL : PX_EXIT_OK;
}
