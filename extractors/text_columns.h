/* text_columns.h: tables laid out in columns of spaces, as `pdftotext
 * -layout` and copies out of PDF viewers print them (text.c only).
 *
 *   TT     Nhiệm vụ                         Chủ trì              Thời gian
 *   1.     Khảo sát mức độ hài lòng của     Sở Nội vụ            Tháng 9/2025
 *          người dân, tổ chức
 *
 * A table starts at a header line of three or more cells, separated by
 * runs of two or more spaces, whose first cell is a narrow number column
 * (TT, STT): the header's cells fix the columns.  A line with text in the
 * number column starts a row; a line without it carries on the cells of
 * the row above (wrapped text), or of the header before the first row.
 * The table ends at the first line with text across a column's edge (a
 * paragraph), at a blank line not followed by a row, or at a tab.
 *
 * Takes the text from `p` to `end` (lines end with '\n'; not modified).
 * When a table of at least two rows starts at p, adds its cells as
 * PX_BLOCK_CELL blocks of table number `table` (row 0: the header), sets
 * *after_table to the position after its last line and returns 1;
 * otherwise returns 0 and adds nothing; -1 when out of memory. */
#ifndef PX_TEXT_COLUMNS_H
#define PX_TEXT_COLUMNS_H

#include "extract.h"

int px_text_columns(const char *p, const char *end, int table, px_doc *doc, const char **after_table, px_error *err);

#endif
