/* cmd_search.c: planex search [--limit N] [--format text|json] [--doc DOC]
 * QUERY... (the words of QUERY may also come as several arguments). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "crossdoc.h"

int cmd_search(int argc, char **argv, px_cli *ctx)
{
    px_search_options opt = {.format = "text", .limit = 20};
    long long *ids = calloc((size_t)argc + 1, sizeof *ids);
    size_t n_ids = 0, qlen = 1;
    for (int i = 1; i < argc; i++)
        qlen += strlen(argv[i]) + 1;
    char *query = calloc(qlen, 1);
    if (!ids || !query) {
        free(ids);
        free(query);
        return PX_EXIT_ERROR;
    }
    int bad = 0;
    for (int i = 1; i < argc && !bad; i++) {
        if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) opt.limit = atoi(argv[++i]);
        else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) opt.format = argv[++i];
        else if (strncmp(argv[i], "--format=", 9) == 0) opt.format = argv[i] + 9;
        else if (strcmp(argv[i], "--doc") == 0 && i + 1 < argc) {
            long long id = px_store_resolve(ctx->store, argv[++i]);
            if (!id) {
                px_cli_error(argv[i], "no such document in the database");
                bad = 1;
            }
            ids[n_ids++] = id;
        } else if (argv[i][0] == '-' && argv[i][1] == '-') {
            fprintf(stderr, "planex search: unknown option %s\n", argv[i]);
            bad = 1;
        } else {
            if (*query)
                strcat(query, " ");
            strcat(query, argv[i]);
        }
    }
    if (!bad && (!*query || (strcmp(opt.format, "text") != 0 && strcmp(opt.format, "json") != 0))) {
        px_cli_usage(stderr, "search");
        bad = 1;
    }
    int rc = PX_EXIT_OK;
    if (!bad) {
        opt.ids = ids;
        opt.n_ids = n_ids;
        opt.color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
        px_error err = {{0}};
        if (px_store_search(ctx->store, stdout, query, &opt, &err) < 0) {
            px_cli_error("search", err.msg);
            rc = PX_EXIT_ERROR;
        }
    } else {
        rc = PX_EXIT_ERROR;
    }
    free(ids);
    free(query);
    return rc;
}
