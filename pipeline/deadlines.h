/* deadlines.h: the deadline reader that tables.c reuses for time cells
 * (internal to the analysis stage). */
#ifndef PX_DEADLINES_H
#define PX_DEADLINES_H

#include "analyze.h"

/* Deadlines in text (a block, or a field's value when scope is "field"). */
int px_deadlines_in(px_analysis *a, int section, size_t block, const char *text, size_t at, const char *scope);

#endif
