/* cmd_report.c: planex report --html FILE [--template DOC] [DOC...]
 *
 * Writes one self-contained HTML page (FILE `-` is stdout).  The page is
 * written to FILE.tmp and renamed, so a reader never sees half a page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "crossdoc.h"

int cmd_report(int argc, char **argv, px_cli *ctx)
{
    const char *html = NULL, *template_arg = NULL;
    long long *ids = calloc((size_t)argc + 1, sizeof *ids);
    size_t n = 0;
    int bad = 0;
    if (!ids)
        return PX_EXIT_ERROR;
    for (int i = 1; i < argc && !bad; i++) {
        if (strcmp(argv[i], "--html") == 0 && i + 1 < argc) html = argv[++i];
        else if (strncmp(argv[i], "--html=", 7) == 0) html = argv[i] + 7;
        else if (strcmp(argv[i], "--template") == 0 && i + 1 < argc) template_arg = argv[++i];
        else if (strncmp(argv[i], "--template=", 11) == 0) template_arg = argv[i] + 11;
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "planex report: unknown option %s\n", argv[i]);
            bad = 1;
        } else {
            long long id = px_store_resolve(ctx->store, argv[i]);
            if (!id) {
                px_cli_error(argv[i], "no such document in the database");
                bad = 1;
            }
            ids[n++] = id;
        }
    }
    if (!bad && !html) {
        px_cli_usage(stderr, "report");
        bad = 1;
    }
    px_report_options opt = {.ids = ids, .n_ids = n, .db_path = ctx->db_path};
    if (!bad && template_arg && !(opt.template_id = px_store_resolve(ctx->store, template_arg))) {
        px_cli_error(template_arg, "no such document in the database");
        bad = 1;
    }
    if (bad) {
        free(ids);
        return PX_EXIT_ERROR;
    }
    px_error err = {{0}};
    if (px_store_resolve_links(ctx->store, &err)) /* read-only database: links as they are */
        err.msg[0] = '\0';
    int to_stdout = strcmp(html, "-") == 0;
    char *tmp = NULL;
    FILE *out = stdout;
    if (!to_stdout) {
        size_t len = strlen(html) + 8;
        tmp = malloc(len);
        if (!tmp) {
            free(ids);
            return PX_EXIT_ERROR;
        }
        snprintf(tmp, len, "%s.tmp", html);
        if (!(out = fopen(tmp, "w"))) {
            px_cli_error(html, "cannot write the report there");
            free(tmp);
            free(ids);
            return PX_EXIT_ERROR;
        }
    }
    int rc = px_report_html(ctx->store, out, &opt, &err);
    if (!to_stdout) {
        if (fclose(out) != 0 && rc == 0)
            rc = px_error_set(&err, "write error");
        if (rc == 0 && rename(tmp, html) != 0)
            rc = px_error_set(&err, "cannot write the report there");
        if (rc)
            remove(tmp);
    } else if (fflush(stdout) != 0 && rc == 0) {
        rc = px_error_set(&err, "write error");
    }
    free(tmp);
    free(ids);
    if (rc) {
        px_cli_error(html, err.msg);
        return PX_EXIT_ERROR;
    }
    return PX_EXIT_OK;
}
