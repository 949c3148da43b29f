/* fuzz_common.c: see fuzz_common.h.  The two statics below are the fuzzing
 * process's fixtures, set once and read-only after: the one place outside
 * the CLI with process-wide state, and only in the fuzz binaries. */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#ifndef PX_DEFAULT_RULES
#define PX_DEFAULT_RULES "rules"
#endif

static px_ruleset *rules;
static char tmpdir[256];

const px_ruleset *fuzz_rules(void)
{
    if (!rules) {
        px_diags d = {0};
        px_error err;
        const char *dir = getenv("PLANEX_RULES");
        rules = px_ruleset_load(dir ? dir : PX_DEFAULT_RULES, &d, &err);
        px_diags_free(&d);
        if (!rules) {
            fprintf(stderr, "fuzz: cannot load the rules: %s\n", err.msg);
            abort();
        }
    }
    return rules;
}

const char *fuzz_tmpdir(void)
{
    if (!tmpdir[0]) {
        snprintf(tmpdir, sizeof tmpdir, "%s/planex-fuzz.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
        if (!mkdtemp(tmpdir))
            abort();
    }
    return tmpdir;
}
