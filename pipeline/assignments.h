/* assignments.h: the assignment readers that tables.c reuses for cells
 * (internal to the analysis stage). */
#ifndef PX_ASSIGNMENTS_H
#define PX_ASSIGNMENTS_H

#include "analyze.h"

/* Lead (and cooperating) units from `X chủ trì …` clauses in body. */
int px_assign_clauses(px_analysis *a, int section, size_t block, const char *body, size_t body_at);
/* Units from a labelled field (`Đơn vị chủ trì: …`) in text. */
int px_assign_field(px_analysis *a, int section, size_t block, const char *text);
/* The section a labelled-field block belongs to (ANNOTATION.md). */
int px_field_section(px_analysis *a, size_t block);

#endif
