/* analyze_util.h: helpers shared by the rule families (meta.c, areas.c,
 * assignments.c, deadlines.c, targets.c, references.c).  Internal to the
 * analysis stage. */
#ifndef PX_ANALYZE_UTIL_H
#define PX_ANALYZE_UTIL_H

#include "analyze.h"

/* Adds an item for block `block` (page and offset from it; the character
 * offset of `at` bytes into the block's text).  Returns the stored item or
 * NULL (err set). */
px_item *px_emit(px_analysis *a, px_item *item, size_t block, size_t at);

/* Whether an item with the same (kind, section, key fields) exists:
 * ANNOTATION.md counts one row per (section, role, unit) etc. */
int px_item_exists(const px_result *r, const px_item *item);

/* The index part a section sits in (PAPI, PAR_INDEX, SIPAS …) from its
 * ancestors' titles, else the plan's only index; NULL when unknown. */
const char *px_section_index(px_analysis *a, int section, char *buf, size_t size);

/* The text of a block after its section label (`a) `, `1.2. `) or bullet
 * mark, and how many bytes were skipped. */
const char *px_block_body(px_analysis *a, size_t block, size_t *skipped);

/* Whether the block opens with a bullet mark. */
int px_is_bullet(px_analysis *a, const char *text);

/* Copies text[s..e) trimmed of spaces and closing `.;,:` into a new
 * string. */
char *px_span_dup(const char *text, size_t s, size_t e);

/* ISO date from day, month, year strings; year "" takes default_year.
 * Returns 0 when the date is not a real calendar date. */
int px_iso_date(char out[11], const char *day, const char *month, const char *year, int default_year);

/* Last day of a month or quarter. */
int px_month_end(int year, int month);

/* Converts I..IV or 1..4 to a number (0 when neither). */
int px_quarter_number(const char *q);

/* Parses a Vietnamese number: `43,85` → 43.85, `1.200` → 1200, `05` → 5. */
double px_parse_number(const char *s);

#endif
