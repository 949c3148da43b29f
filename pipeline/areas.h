/* areas.h: the area reader that tables.c reuses for task cells (internal
 * to the analysis stage). */
#ifndef PX_AREAS_H
#define PX_AREAS_H

#include "analyze.h"

/* The areas an item names when it opens with them (a bullet, or the task
 * cell of a table row): every area named, when the names cover the label
 * before any colon (`- Lĩnh vực cải cách thể chế: Sở Tư pháp chủ trì`).
 * first (may be NULL): receives the first of them, or "" for none. */
int px_areas_in_item(px_analysis *a, int section, size_t block, const char *text, const char *scope, char *first,
                     size_t first_size);

#endif
