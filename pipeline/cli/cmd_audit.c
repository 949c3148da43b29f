/* cmd_audit.c: planex audit [--template DOC] [--format text|json] [--all]
 * [--all-indices] DOC...
 *
 * Exit status: 0 no findings, 1 findings, 2 error (an unknown document, a
 * plan with no template), so that auditors can script it. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "crossdoc.h"

int cmd_audit(int argc, char **argv, px_cli *ctx)
{
    const char *template_arg = NULL, *format = "text";
    px_audit_options opt = {0};
    int show_ok = 0;
    char **docs = calloc((size_t)argc + 1, sizeof *docs);
    int n_docs = 0;
    if (!docs)
        return PX_EXIT_ERROR;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--template") == 0 && i + 1 < argc) template_arg = argv[++i];
        else if (strncmp(argv[i], "--template=", 11) == 0) template_arg = argv[i] + 11;
        else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) format = argv[++i];
        else if (strncmp(argv[i], "--format=", 9) == 0) format = argv[i] + 9;
        else if (strcmp(argv[i], "--all") == 0) show_ok = 1;
        else if (strcmp(argv[i], "--all-indices") == 0) opt.all_indices = 1;
        else if (argv[i][0] == '-') {
            fprintf(stderr, "planex audit: unknown option %s\n", argv[i]);
            px_cli_usage(stderr, "audit");
            free(docs);
            return PX_EXIT_ERROR;
        } else
            docs[n_docs++] = argv[i];
    }
    int json = strcmp(format, "json") == 0;
    if (!n_docs || (!json && strcmp(format, "text") != 0)) {
        px_cli_usage(stderr, "audit");
        free(docs);
        return PX_EXIT_ERROR;
    }
    px_error err = {{0}};
    /* links are resolved at the end of each ingest; resolving again here
     * costs little and covers a database an older planex filled (a
     * read-only database keeps its links as they are) */
    if (px_store_resolve_links(ctx->store, &err))
        err.msg[0] = '\0';
    long long template_id = 0;
    if (template_arg && !(template_id = px_store_resolve(ctx->store, template_arg))) {
        px_cli_error(template_arg, "no such document in the database (give an id, a path or a document number)");
        free(docs);
        return PX_EXIT_ERROR;
    }
    int errors = 0, findings = 0;
    for (int i = 0; i < n_docs; i++) {
        long long id = px_store_resolve(ctx->store, docs[i]);
        if (!id) {
            px_cli_error(docs[i], "no such document in the database (give an id, a path or a document number)");
            errors++;
            continue;
        }
        long long tid = template_id ? template_id : px_store_parent(ctx->store, id);
        if (!tid) {
            px_cli_error(docs[i], "no template: the plan cites no document in the database; give --template DOC");
            errors++;
            continue;
        }
        px_plan *plan = NULL, *tmpl = NULL;
        px_audit audit;
        if (px_plan_load(ctx->store, id, &plan, &err) || px_plan_load(ctx->store, tid, &tmpl, &err) ||
            px_audit_run(plan, tmpl, &opt, &audit, &err)) {
            px_cli_error(docs[i], err.msg);
            px_plan_free(plan);
            px_plan_free(tmpl);
            errors++;
            continue;
        }
        audit.template_how = template_id ? "given" : "parent";
        if (json) {
            px_audit_print_json(stdout, &audit, show_ok);
        } else {
            if (i)
                fputs("\n", stdout);
            px_audit_print_text(stdout, &audit, show_ok);
        }
        findings += audit.findings;
        px_audit_free(&audit);
        px_plan_free(plan);
        px_plan_free(tmpl);
    }
    free(docs);
    if (fflush(stdout) != 0)
        return PX_EXIT_ERROR;
    return errors ? PX_EXIT_ERROR : findings ? PX_EXIT_PARTIAL : PX_EXIT_OK;
}
