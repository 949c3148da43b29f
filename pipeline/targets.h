/* targets.h: the target reader that tables.c reuses for cells (internal to
 * the analysis stage). */
#ifndef PX_TARGETS_H
#define PX_TARGETS_H

#include "analyze.h"

/* Targets and baselines in text; appendix: a table row (no section area). */
int px_targets_in(px_analysis *a, int section, size_t block, const char *text, size_t at, int appendix);

/* The bare target in a cell of a target column (`Từ 5,5 điểm trở lên`
 * under `Mục tiêu năm 2025`): its year from the header when it names one,
 * indicator the area of its row (NULL: none). */
int px_target_cell(px_analysis *a, int section, size_t block, const char *cell, const char *header,
                   const char *indicator);

#endif
