/* tables.c: task tables (`STT | Nhiệm vụ | Đơn vị chủ trì | Phối hợp |
 * Thời gian`).  The header row says what each column holds (category
 * `table_column`); a `Chủ trì` column gives lead units, `Phối hợp`
 * cooperating ones, a single `Chủ trì/phối hợp` cell lead for its first
 * unit and cooperate for the rest, a time column deadlines (read as a time
 * field), the task column targets and deadlines in its text and the
 * areas it opens with, and a target column (`Mục tiêu năm 2025`, `Kế
 * hoạch 2026`) bare targets per cell, for the area or index its row names,
 * with the unit of a unit column (`Đơn vị tính`) when the cell has none.  A
 * table of targets alone (`Chỉ số | Năm 2025 | Mục tiêu 2026`) is read as
 * well.  Rows of a table in the appendix get section "" (ANNOTATION.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze_util.h"
#include "areas.h"
#include "assignments.h"
#include "deadlines.h"
#include "targets.h"
#include "units.h"

enum { MAX_COLS = 16 };

typedef enum { COL_NONE, COL_LEAD, COL_COOP, COL_LEAD_COOP, COL_TIME, COL_TASK, COL_TARGET, COL_UNIT } column_kind;

static column_kind column_of(px_analysis *a, const char *header)
{
    px_hit hit;
    if (px_ruleset_first(a->rules, "table_column", NULL, header, strlen(header), &hit, a->err) != 1)
        return COL_NONE;
    const char *c = px_rule_const(hit.rule, "column");
    if (!c) return COL_NONE;
    if (strcmp(c, "lead") == 0) return COL_LEAD;
    if (strcmp(c, "cooperate") == 0) return COL_COOP;
    if (strcmp(c, "lead_cooperate") == 0) return COL_LEAD_COOP;
    if (strcmp(c, "time") == 0) return COL_TIME;
    if (strcmp(c, "task") == 0) return COL_TASK;
    if (strcmp(c, "target") == 0) return COL_TARGET;
    if (strcmp(c, "unit") == 0) return COL_UNIT;
    return COL_NONE;
}

static int emit_cell_units(px_analysis *a, int section, size_t block, const char *cell, column_kind kind)
{
    px_strlist units = {0};
    /* lines in a cell separate units as commas do */
    char *flat = strdup(cell);
    if (!flat)
        return px_error_set(a->err, "out of memory");
    for (char *p = flat; *p; p++)
        if (*p == '\n')
            *p = ';';
    px_units_split(a->rules, flat, &units, a->err);
    for (size_t i = 0; i < units.n; i++) {
        const char *role = kind == COL_LEAD ? "lead" : kind == COL_COOP ? "cooperate" : i == 0 ? "lead" : "cooperate";
        char *canon = px_unit_canonical(a->rules, units.items[i]);
        px_item it = {.kind = PX_ITEM_ASSIGNMENT, .section = section, .text = (char *)cell, .rule = "table.column"};
        it.role = (char *)role;
        it.unit = units.items[i];
        it.unit_canonical = canon;
        px_emit(a, &it, block, 0);
        free(canon);
    }
    px_strlist_free(&units);
    free(flat);
    return a->err->msg[0] ? -1 : 0;
}

/* Areas a task cell opens with; look-alikes (`Thủ tục hành chính`) take the
 * index of the part an in-body table sits in, appendix rows have none. */
static int task_areas(px_analysis *a, int section, size_t block, const char *cell, char *named, size_t size)
{
    char buf[32];
    const char *scope = section >= 0 ? px_section_index(a, section, buf, sizeof buf) : NULL;
    return px_areas_in_item(a, section, block, cell, scope ? scope : "none", named, size);
}

/* Whether a row's first cell numbers a group of rows rather than a task:
 * `I`, `II.`, `A` (f3 appendix: `I | Công tác chỉ đạo, điều hành cải
 * cách hành chính`, then `1 | …` rows under it). */
static int group_marker(const char *cell)
{
    size_t roman = strspn(cell, "IVXL");
    size_t n = roman ? roman : (cell[0] >= 'A' && cell[0] <= 'H') ? 1 : 0;
    if (n == 0 || n > 5)
        return 0;
    if (cell[n] == '.')
        n++;
    while (cell[n] == ' ')
        n++;
    return cell[n] == '\0';
}

/* The text of a row's first cell, or "". */
static const char *first_cell(const px_doc *doc, size_t first, size_t end, int row)
{
    for (size_t k = first; k < end; k++)
        if (doc->blocks[k].row == row && doc->blocks[k].col == 0)
            return doc->blocks[k].text;
    return "";
}

/* Whether a cell names something: two letters or more, and not a bare
 * figure (`≥ 88`, `Từ 5,5 điểm trở lên`) or a group number (`II`). */
static int names_something(px_analysis *a, const char *cell)
{
    int letters = 0;
    for (const char *p = cell; *p && letters < 2; p++)
        letters += (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (unsigned char)*p >= 0xC0;
    if (letters < 2 || group_marker(cell))
        return 0;
    px_hit hit;
    return px_ruleset_first(a->rules, "target_cell", NULL, cell, strlen(cell), &hit, a->err) != 1;
}

/* The text of the row's cell in a unit column (`Đơn vị tính`), or NULL. */
static const char *row_unit(const px_doc *doc, size_t first, size_t end, int row, const column_kind *cols)
{
    for (size_t k = first; k < end; k++)
        if (doc->blocks[k].row == row && doc->blocks[k].col >= 0 && doc->blocks[k].col < MAX_COLS &&
            cols[doc->blocks[k].col] == COL_UNIT)
            return doc->blocks[k].text;
    return NULL;
}

/* The area or index a row's target is for: the area its task cells name
 * (d2 appendix: `Tham gia của người dân ở cấp cơ sở | … | Từ 5,5 điểm trở
 * lên`), else what its first cell, the row's label in a table of targets
 * (`Chỉ số | Năm 2025 | Mục tiêu 2026`, `STT | Nội dung chỉ tiêu | …`),
 * names: an area (`Nội dung Quản trị điện tử (PAPI)`) or an index
 * (`Chỉ số PAR INDEX của tỉnh`). */
static const char *row_area(px_analysis *a, int section, size_t first, size_t end, int row,
                            const column_kind *cols, char *out, size_t size)
{
    char buf[32];
    const char *scope = section >= 0 ? px_section_index(a, section, buf, sizeof buf) : NULL;
    const char *label = NULL;
    for (size_t k = first; k < end; k++) {
        const px_block *b = &a->doc->blocks[k];
        if (b->row != row || b->col < 0 || b->col >= MAX_COLS)
            continue;
        /* the label: the first cell that names something (not the
         * row's number, not a unit, a time or a figure) */
        if (!label && (cols[b->col] == COL_NONE || cols[b->col] == COL_TARGET || cols[b->col] == COL_TASK) &&
            names_something(a, b->text))
            label = b->text;
        if (cols[b->col] != COL_TASK)
            continue;
        px_hit hit;
        if (px_ruleset_first(a->rules, "area", scope ? scope : "none", b->text, strlen(b->text), &hit, a->err) ==
            1) {
            px_hit_field(&hit, b->text, "area", out, size);
            if (out[0])
                return out;
        }
    }
    if (!label)
        return NULL;
    /* the label's own index bounds its areas: `(SIPAS)` after a name */
    px_hit hit;
    char own[32] = "";
    if (px_ruleset_first(a->rules, "index", NULL, label, strlen(label), &hit, a->err) == 1)
        px_hit_field(&hit, label, "index", own, sizeof own);
    const char *area_scope = own[0] ? own : scope ? scope : "none";
    if (px_ruleset_first(a->rules, "area", area_scope, label, strlen(label), &hit, a->err) == 1) {
        px_hit_field(&hit, label, "area", out, size);
        if (out[0])
            return out;
    }
    if (own[0]) {
        snprintf(out, size, "%s", own);
        return out;
    }
    return NULL;
}

int px_find_tables(px_analysis *a)
{
    const px_doc *doc = a->doc;
    const px_outline *o = a->outline;
    for (size_t i = 0; i < doc->n_blocks;) {
        if (doc->blocks[i].kind != PX_BLOCK_CELL) {
            i++;
            continue;
        }
        int table = doc->blocks[i].table;
        size_t first = i, end = i;
        while (end < doc->n_blocks && doc->blocks[end].kind == PX_BLOCK_CELL && doc->blocks[end].table == table)
            end++;
        i = end;
        /* the header row: the first row with a column the rules know */
        column_kind cols[MAX_COLS] = {0};
        const char *heads[MAX_COLS] = {0};
        int header_row = -1, known = 0;
        for (size_t k = first; k < end && header_row < 0; k++) {
            int row = doc->blocks[k].row;
            known = 0;
            int targets = 0;
            memset(cols, 0, sizeof cols);
            memset(heads, 0, sizeof heads);
            size_t r = k;
            for (; r < end && doc->blocks[r].row == row; r++) {
                int c = doc->blocks[r].col;
                if (c >= 0 && c < MAX_COLS) {
                    cols[c] = column_of(a, doc->blocks[r].text);
                    heads[c] = doc->blocks[r].text;
                    known += cols[c] != COL_NONE && cols[c] != COL_TASK && cols[c] != COL_TARGET;
                    targets += cols[c] == COL_TARGET && c > 0;
                }
            }
            /* a task table, or a table of targets: a label column, then
             * one of targets (`Chỉ số | Năm 2025 | Mục tiêu 2026`) */
            if (known || targets)
                header_row = row;
            k = r - 1;
        }
        if (header_row < 0)
            continue;
        /* the area of the group row the current rows sit under: their
         * targets are for it when their own text names none */
        char group_area[32] = "";
        int row_is_group = 0, current_row = -1;
        for (size_t k = first; k < end; k++) {
            const px_block *b = &doc->blocks[k];
            if (b->row <= header_row || b->col < 0 || b->col >= MAX_COLS)
                continue;
            if (b->row != current_row) {
                current_row = b->row;
                row_is_group = group_marker(first_cell(doc, first, end, b->row));
                if (row_is_group)
                    group_area[0] = '\0';
            }
            int in_body = k < o->body_end;
            if (!in_body && k < o->appendix)
                continue; /* the signature table */
            int section = in_body ? o->block_section[k] : -1;
            const char *cell = b->text;
            int rc = 0;
            switch (cols[b->col]) {
            case COL_LEAD:
            case COL_COOP:
            case COL_LEAD_COOP:
                rc = emit_cell_units(a, section, k, cell, cols[b->col]);
                break;
            case COL_TIME:
                rc = px_deadlines_in(a, section, k, cell, 0, "field");
                break;
            case COL_TASK: {
                /* a task that opens with an area's name (`Tham gia của người
                 * dân ở cấp cơ sở: hướng dẫn …`, fixture b2) is read as a
                 * bullet is */
                char named[32];
                rc = task_areas(a, section, k, cell, named, sizeof named);
                if (row_is_group)
                    snprintf(group_area, sizeof group_area, "%s", named);
                const char *area = named[0] ? named : group_area[0] ? group_area : NULL;
                rc = rc || px_targets_in(a, section, k, cell, 0, !in_body, area);
                break;
            }
            case COL_TARGET: {
                char area[32];
                const char *indicator = row_area(a, section, first, end, b->row, cols, area, sizeof area);
                size_t before = a->result->n_items;
                rc = px_target_cell(a, section, k, cell, heads[b->col], indicator);
                /* a bare figure (`≥ 88`) whose unit is in its own column
                 * (`Đơn vị tính | … | Kế hoạch 2026`) */
                const char *unit = row_unit(doc, first, end, b->row, cols);
                if (rc == 0 && a->result->n_items == before && unit && unit[0]) {
                    char *with_unit = malloc(strlen(cell) + strlen(unit) + 2);
                    if (!with_unit)
                        return px_error_set(a->err, "out of memory");
                    sprintf(with_unit, "%s %s", cell, unit);
                    rc = px_target_cell(a, section, k, with_unit, heads[b->col], indicator);
                    free(with_unit);
                }
                break;
            }
            default:
                break;
            }
            if (rc)
                return -1;
        }
    }
    return 0;
}
