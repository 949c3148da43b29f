/* cmd_rules.c: planex rules check|test [DIR] */
#include <string.h>

#include "cli.h"

int cmd_rules(int argc, char **argv, px_cli *ctx)
{
    if (argc < 2 || argc > 3 || (strcmp(argv[1], "check") != 0 && strcmp(argv[1], "test") != 0)) {
        px_cli_usage(stderr, "rules");
        return PX_EXIT_ERROR;
    }
    const char *dir = argc == 3 ? argv[2] : ctx->rules_dir;
    px_diags diags = {0};
    px_error err = {{0}};
    px_ruleset *rs = px_ruleset_load(dir, &diags, &err);
    for (size_t i = 0; i < diags.n; i++)
        fprintf(stderr, "%s\n", diags.lines[i]);
    px_diags_free(&diags);
    if (!rs) {
        px_cli_error(NULL, err.msg);
        return PX_EXIT_ERROR;
    }
    if (strcmp(argv[1], "check") == 0) {
        printf("%zu rules in %s: all valid (version %s)\n", px_ruleset_size(rs), dir, px_ruleset_version(rs));
        px_ruleset_free(rs);
        return PX_EXIT_OK;
    }
    int checked = 0;
    int failures = px_ruleset_selftest(rs, &diags, &checked);
    for (size_t i = 0; i < diags.n; i++)
        fprintf(stderr, "%s\n", diags.lines[i]);
    px_diags_free(&diags);
    printf("%d passed, %d failed (rule examples and counter-examples in %s)\n", checked - failures, failures, dir);
    px_ruleset_free(rs);
    return failures ? PX_EXIT_PARTIAL : PX_EXIT_OK;
}
