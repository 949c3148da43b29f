/* targets.h: the target reader that tables.c reuses for cells (internal to
 * the analysis stage). */
#ifndef PX_TARGETS_H
#define PX_TARGETS_H

#include "analyze.h"

/* Targets and baselines in text.  A target naming no index is for `area`
 * when given (a table row's area), else for the section's area unless
 * `appendix` (a table row outside the body has no section). */
int px_targets_in(px_analysis *a, int section, size_t block, const char *text, size_t at, int appendix,
                  const char *area);

/* The bare targets in a cell of a target column (`Từ 5,5 điểm trở lên`
 * under `Mục tiêu năm 2025`; `Đạt từ 88% trở lên; tăng ít nhất 03 bậc`
 * is two): their year from the header when it names one (`Mục tiêu
 * 2026`), indicator the area of their row (NULL: none). */
int px_target_cell(px_analysis *a, int section, size_t block, const char *cell, const char *header,
                   const char *indicator);

#endif
