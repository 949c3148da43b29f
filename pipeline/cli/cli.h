/* cli.h: the command table and what the dispatcher sets up for commands.
 *
 * Each command is one file exposing cmd_<name>(argc, argv, ctx).  The
 * dispatcher (main.c) parses the options common to all (--db, --rules),
 * opens the store and loads the rules when the command's row asks for it,
 * and maps the returned status to the exit code.  Commands print to
 * stdout/stderr; nothing below them does. */
#ifndef PX_CLI_H
#define PX_CLI_H

#include <stdio.h>

#include "ruleset.h"
#include "store.h"

/* Exit codes (README "Exit codes"). */
enum {
    PX_EXIT_OK = 0,        /* done, nothing failed, no findings */
    PX_EXIT_PARTIAL = 1,   /* some files failed (ingest) or findings (audit) */
    PX_EXIT_ERROR = 2,     /* usage error or nothing could be done */
    PX_EXIT_BUSY = 3,      /* another ingest holds the lock */
};

enum { PX_NEEDS_STORE = 1, PX_NEEDS_RULES = 2 };

typedef struct px_cli {
    const char *db_path;
    const char *rules_dir;
    px_store *store;          /* open when the row has PX_NEEDS_STORE */
    px_ruleset *rules;        /* loaded when the row has PX_NEEDS_RULES */
} px_cli;

typedef struct px_command {
    const char *name;
    int (*run)(int argc, char **argv, px_cli *ctx);
    int needs;
    const char *usage;
    const char *summary;
} px_command;

int cmd_ingest(int argc, char **argv, px_cli *ctx);
int cmd_list(int argc, char **argv, px_cli *ctx);
int cmd_show(int argc, char **argv, px_cli *ctx);
int cmd_export(int argc, char **argv, px_cli *ctx);
int cmd_rules(int argc, char **argv, px_cli *ctx);
int cmd_matrix(int argc, char **argv, px_cli *ctx);
int cmd_runs(int argc, char **argv, px_cli *ctx);
int cmd_merge(int argc, char **argv, px_cli *ctx);
int cmd_audit(int argc, char **argv, px_cli *ctx);
int cmd_compare(int argc, char **argv, px_cli *ctx);
int cmd_search(int argc, char **argv, px_cli *ctx);
int cmd_report(int argc, char **argv, px_cli *ctx);

/* Prints "planex: what: message" on stderr, one line. */
void px_cli_error(const char *what, const char *message);
/* Whether argv[i] asks for help. */
int px_cli_wants_help(int argc, char **argv);
void px_cli_usage(FILE *out, const char *name);

#endif
