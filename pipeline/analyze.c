/* analyze.c: runs the rule families in order.  See analyze.h. */
#include "analyze.h"

#include <string.h>

int px_analyze(const px_doc *doc, const px_outline *outline, const px_ruleset *rules, px_result *out,
               px_error *err)
{
    memset(out, 0, sizeof *out);
    px_analysis a = {.doc = doc, .outline = outline, .rules = rules, .result = out, .err = err};
    if (px_find_meta(&a) || px_find_references(&a) || px_find_areas(&a) || px_find_assignments(&a) ||
        px_find_deadlines(&a) || px_find_targets(&a) || px_find_tables(&a)) {
        px_result_free(out);
        return -1;
    }
    return 0;
}
