/* analyze.h: apply the rule sets to a segmented plan.
 *
 * Takes a normalized doc, its outline and the rule set; fills a
 * caller-owned px_result with the metadata (meta.c), references, indicator
 * areas, assignments, deadlines, targets and baselines (one file per
 * family: references.c, areas.c, assignments.c, deadlines.c, targets.c),
 * each item placed in the section ANNOTATION.md says.  Returns 0, or -1
 * with err set.  Reads only; owns nothing it is given. */
#ifndef PX_ANALYZE_H
#define PX_ANALYZE_H

#include "doc.h"
#include "error.h"
#include "items.h"
#include "ruleset.h"
#include "segment.h"

typedef struct px_analysis {
    const px_doc *doc;
    const px_outline *outline;
    const px_ruleset *rules;
    px_result *result;
    px_error *err;
} px_analysis;

int px_analyze(const px_doc *doc, const px_outline *outline, const px_ruleset *rules, px_result *out,
               px_error *err);

/* The families, called by px_analyze in this order (meta first: later
 * families need the plan year). */
int px_find_meta(px_analysis *a);
int px_find_references(px_analysis *a);
int px_find_areas(px_analysis *a);
int px_find_assignments(px_analysis *a);
int px_find_deadlines(px_analysis *a);
int px_find_targets(px_analysis *a);
int px_find_tables(px_analysis *a);    /* tables.c: task tables by column */

#endif
