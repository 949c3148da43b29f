/* cmd_report.c: placeholder while being written. */
#include "cli.h"

int cmd_report(int argc, char **argv, px_cli *ctx)
{
    (void)argc; (void)argv; (void)ctx;
    return PX_EXIT_ERROR;
}
