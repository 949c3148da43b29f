/* targets.h: the target reader that tables.c reuses for cells (internal to
 * the analysis stage). */
#ifndef PX_TARGETS_H
#define PX_TARGETS_H

#include "analyze.h"

/* Targets and baselines in text; appendix: a table row (no section area). */
int px_targets_in(px_analysis *a, int section, size_t block, const char *text, size_t at, int appendix);

#endif
