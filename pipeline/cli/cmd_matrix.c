/* cmd_matrix.c: planex matrix — documents × indicator areas. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "query.h"

int cmd_matrix(int argc, char **argv, px_cli *ctx)
{
    px_matrix_options opt = {.format = "text"};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) opt.format = argv[++i];
        else if (strcmp(argv[i], "--year") == 0 && i + 1 < argc) opt.year = atoi(argv[++i]);
        else if (strcmp(argv[i], "--level") == 0 && i + 1 < argc) opt.level = argv[++i];
        else {
            px_cli_usage(stderr, "matrix");
            return PX_EXIT_ERROR;
        }
    }
    px_error err = {{0}};
    if (px_query_matrix(ctx->store, stdout, &opt, &err)) {
        px_cli_error("matrix", err.msg);
        return PX_EXIT_ERROR;
    }
    return PX_EXIT_OK;
}
