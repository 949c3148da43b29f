/* fuzz_rules.c: libFuzzer target for the rule-file parser and compiler: the
 * input is written as the only *.rules file of a temporary folder and loaded
 * with px_ruleset_load (then its self-test runs, as `planex rules test`
 * would).  Seeds: rules/*.rules. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "ruleset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *dir = fuzz_tmpdir();
    char path[4096];
    snprintf(path, sizeof path, "%s/fuzz.rules", dir);
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    px_diags diags = {0};
    px_error err;
    px_ruleset *rs = px_ruleset_load(dir, &diags, &err);
    if (rs) {
        int checked;
        px_ruleset_selftest(rs, &diags, &checked);
    }
    px_ruleset_free(rs);
    px_diags_free(&diags);
    return 0;
}
