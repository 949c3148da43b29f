/* main.c: planex, a thin CLI over the library.  The commands[] table is
 * the whole list of subcommands; it also prints the help. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#ifndef PX_DEFAULT_RULES
#define PX_DEFAULT_RULES "rules"
#endif

static const px_command commands[] = {
    {"ingest", cmd_ingest, PX_NEEDS_STORE | PX_NEEDS_RULES, "ingest [--db FILE] [--rules DIR] [-j N] [--quiet] [--prune] [--reextract] [--wait]\n"
     "         [--timeout SECONDS] [--memory MB] [--settle SECONDS] [--shard K/N] [--summary-json FILE] PATH...",
     "read plan files and folders into the database"},
    {"list", cmd_list, PX_NEEDS_STORE, "list [--db FILE] [--stale]", "list the documents in the database"},
    {"show", cmd_show, PX_NEEDS_STORE, "show [--db FILE] DOC", "a document's outline with its items and evidence"},
    {"export", cmd_export, PX_NEEDS_STORE, "export [--db FILE] --format json|csv [--table NAME] [DOC...]",
     "export documents (JSON Lines per EXPORT-FORMAT.md, or CSV)"},
    {"matrix", cmd_matrix, PX_NEEDS_STORE, "matrix [--db FILE] [--format text|csv|json] [--year YYYY] [--level LEVEL]",
     "plans × indicator areas (editions of one plan counted once)"},
    {"audit", cmd_audit, PX_NEEDS_STORE,
     "audit [--db FILE] [--template DOC] [--format text|json] [--all] [--all-indices] DOC...",
     "check plans against the plan they implement (exit 1 when there are findings)"},
    {"compare", cmd_compare, PX_NEEDS_STORE, "compare [--db FILE] [--format text|json|csv] DOC_A DOC_B",
     "two plans side by side by indicator area"},
    {"search", cmd_search, PX_NEEDS_STORE, "search [--db FILE] [--limit N] [--format text|json] [--doc DOC] QUERY",
     "full-text search over section text, with or without diacritics"},
    {"report", cmd_report, PX_NEEDS_STORE, "report [--db FILE] --html FILE [--template DOC] [DOC...]",
     "one self-contained HTML page: links, coverage, deadlines, targets, audit"},
    {"merge", cmd_merge, 0, "merge OUT.db SHARD.db...",
     "combine stores made by `ingest --shard K/N` into one"},
    {"runs", cmd_runs, PX_NEEDS_STORE, "runs [--db FILE] [--limit N]", "the ingest journal"},
    {"rules", cmd_rules, 0, "rules check|test [DIR]", "validate rule files, or run their examples"},
};

void px_cli_error(const char *what, const char *message)
{
    if (what)
        fprintf(stderr, "planex: %s: %s\n", what, message);
    else
        fprintf(stderr, "planex: %s\n", message);
}

int px_cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return 1;
    return 0;
}

void px_cli_usage(FILE *out, const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            fprintf(out, "usage: planex %s\n  %s\n", commands[i].usage, commands[i].summary);
}

static void help(FILE *out)
{
    fputs("planex: Vietnamese plan documents (kế hoạch) into SQLite\n\nusage: planex COMMAND [OPTIONS]\n\n", out);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fputs("\nCommon options: --db FILE (default planex.db), --rules DIR.\n"
          "Run `planex COMMAND --help` for a command's options.\n"
          "Exit status: 0 ok; 1 some files failed (ingest) or findings (audit); 2 error; 3 database busy.\n",
          out);
}

/* Removes --db/--rules (both "--db X" and "--db=X") from argv. */
static int take_common(int argc, char **argv, px_cli *ctx)
{
    int w = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if ((strcmp(a, "--db") == 0 || strcmp(a, "--rules") == 0) && i + 1 < argc) {
            if (a[2] == 'd') ctx->db_path = argv[++i];
            else ctx->rules_dir = argv[++i];
        } else if (strncmp(a, "--db=", 5) == 0) {
            ctx->db_path = a + 5;
        } else if (strncmp(a, "--rules=", 8) == 0) {
            ctx->rules_dir = a + 8;
        } else {
            argv[w++] = argv[i];
        }
    }
    argv[w] = NULL;
    return w;
}

int main(int argc, char **argv)
{
    px_store_configure_library();
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? PX_EXIT_ERROR : PX_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("planex %s\n", PX_VERSION);
        return PX_EXIT_OK;
    }
    const px_command *cmd = NULL;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, argv[1]) == 0)
            cmd = &commands[i];
    if (!cmd) {
        fprintf(stderr, "planex: unknown command `%s`\n", argv[1]);
        help(stderr);
        return PX_EXIT_ERROR;
    }
    argc--;
    argv++;
    if (px_cli_wants_help(argc, argv)) {
        px_cli_usage(stdout, cmd->name);
        return PX_EXIT_OK;
    }
    px_cli ctx = {.db_path = getenv("PLANEX_DB"), .rules_dir = getenv("PLANEX_RULES")};
    if (!ctx.db_path)
        ctx.db_path = "planex.db";
    if (!ctx.rules_dir)
        ctx.rules_dir = PX_DEFAULT_RULES;
    argc = take_common(argc, argv, &ctx);
    px_error err = {{0}};
    if (cmd->needs & PX_NEEDS_RULES) {
        px_diags diags = {0};
        ctx.rules = px_ruleset_load(ctx.rules_dir, &diags, &err);
        for (size_t i = 0; i < diags.n; i++)
            fprintf(stderr, "%s\n", diags.lines[i]);
        px_diags_free(&diags);
        if (!ctx.rules) {
            px_cli_error(NULL, err.msg);
            return PX_EXIT_ERROR;
        }
    }
    if (cmd->needs & PX_NEEDS_STORE) {
        if (px_store_open(ctx.db_path, &ctx.store, &err)) {
            px_cli_error(NULL, err.msg);
            px_ruleset_free(ctx.rules);
            return PX_EXIT_ERROR;
        }
    }
    int rc = cmd->run(argc, argv, &ctx);
    px_store_close(ctx.store);
    px_ruleset_free(ctx.rules);
    return rc;
}
