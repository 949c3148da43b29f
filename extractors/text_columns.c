/* text_columns.c: tables laid out in columns of spaces.  See
 * text_columns.h. */
#include "text_columns.h"

#include <stdlib.h>
#include <string.h>

/* Why these sizes: a plan's task table has 4 to 8 columns; its number
 * column (`TT`, `STT`, `1.`, `IV.`) is at most 6 characters wide and
 * starts at the margin; text laid out by a PDF converter drifts a column
 * or two off the header's edges. */
enum { MAX_COLS = 16, MAX_CHUNKS = 32, NUMBER_WIDTH = 6, MARGIN = 4, DRIFT = 2 };

/* A run of text on a line, between runs of two or more spaces; columns
 * are display positions (characters, combining marks take none). */
typedef struct chunk {
    int col, end;
    const char *s, *e;
} chunk;

static const char *line_end(const char *p, const char *end)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    return nl ? nl : end;
}

/* Display width of the character starting at p: 0 for a continuation byte
 * and for U+0300..U+036F (decomposed tone marks), else 1. */
static int char_width(const unsigned char *p, const unsigned char *e)
{
    if ((*p & 0xC0) == 0x80)
        return 0;
    if (p + 1 < e && ((p[0] == 0xCC && p[1] >= 0x80 && p[1] <= 0xBF) || (p[0] == 0xCD && p[1] >= 0x80 && p[1] <= 0xAF)))
        return 0;
    return 1;
}

/* The chunks of line s..e; -1 for a line with a tab (a tab table, read by
 * text.c) or with too many chunks to be a table row. */
static int chunks_of(const char *s, const char *e, chunk *out)
{
    const unsigned char *p = (const unsigned char *)s, *end = (const unsigned char *)e;
    int n = 0, col = 0;
    while (p < end) {
        if (*p == '\t' || *p == '\r')
            return -1;
        if (*p == ' ') {
            col++;
            p++;
            continue;
        }
        if (*p == '\f') { /* a page break (pdftotext): takes no column */
            p++;
            continue;
        }
        if (n == MAX_CHUNKS)
            return -1;
        chunk *c = &out[n++];
        c->s = (const char *)p;
        c->col = col;
        for (;;) {
            col += char_width(p, end);
            p++;
            c->e = (const char *)p;
            c->end = col;
            if (p >= end || *p == '\t')
                break;
            if (*p == ' ' && (p + 1 >= end || p[1] == ' '))
                break;
            if (*p == ' ') { /* one space: the chunk goes on */
                col++;
                p++;
            }
        }
    }
    return n;
}

static int is_blank(const char *s, const char *e)
{
    for (; s < e; s++)
        if (*s != ' ' && *s != '\r' && *s != '\f')
            return 0;
    return 1;
}

/* A page number alone on its line (`2`, `- 2 -`) inside a table that
 * crosses a page: not a cell's text. */
static int is_page_number(const chunk *c)
{
    int digits = 0;
    for (const char *p = c->s; p < c->e; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (*p != '-' && *p != ' ')
            return 0;
    }
    return digits > 0 && digits <= 3;
}

/* The row of column numbers printed under a header (`(1)  (2)  (3)`,
 * `1  2  3`): every chunk a number of one or two digits, bracketed or not. */
static int is_column_numbers(const chunk *c, int n)
{
    if (n < 3)
        return 0;
    for (int i = 0; i < n; i++) {
        const char *p = c[i].s, *e = c[i].e;
        int bracket = *p == '(';
        p += bracket;
        int digits = 0;
        while (p < e && *p >= '0' && *p <= '9') {
            digits++;
            p++;
        }
        if (bracket && p < e && *p == ')')
            p++;
        if (digits < 1 || digits > 2 || p != e)
            return 0;
    }
    return 1;
}

/* A line holding a page number only (a page break inside the table). */
static int is_page_number_line(const char *s, const char *e)
{
    chunk c[MAX_CHUNKS];
    return chunks_of(s, e, c) == 1 && is_page_number(&c[0]);
}

typedef struct layout {
    int n_cols;
    int start[MAX_COLS];
} layout;

/* The column of each chunk (at[i]); 0 when a chunk runs across the edge
 * of the next column, so the line is not part of the table. */
static int place(const layout *t, const chunk *c, int n, int *at)
{
    for (int i = 0; i < n; i++) {
        int k = 0;
        while (k + 1 < t->n_cols && t->start[k + 1] <= c[i].col + DRIFT)
            k++;
        if (k + 1 < t->n_cols && c[i].end > t->start[k + 1] + DRIFT)
            return 0;
        at[i] = k;
    }
    return 1;
}

/* Whether line s..e belongs to the table and starts a row. */
static int starts_row(const layout *t, const char *s, const char *e)
{
    chunk c[MAX_CHUNKS];
    int at[MAX_CHUNKS];
    int n = chunks_of(s, e, c);
    return n > 0 && place(t, c, n, at) && at[0] == 0;
}

typedef struct cell {
    char *s;
    size_t n, cap;
} cell;

static int cell_add(cell *c, const char *s, size_t n)
{
    size_t need = c->n + n + 2;
    if (need > c->cap) {
        size_t cap = need * 2;
        char *g = realloc(c->s, cap);
        if (!g)
            return -1;
        c->s = g;
        c->cap = cap;
    }
    if (c->n)
        c->s[c->n++] = ' ';
    memcpy(c->s + c->n, s, n);
    c->n += n;
    c->s[c->n] = '\0';
    return 0;
}

typedef struct rows {
    cell (*r)[MAX_COLS];
    size_t n, cap;
} rows;

static int rows_add(rows *rs)
{
    if (rs->n == rs->cap) {
        size_t cap = rs->cap ? rs->cap * 2 : 16;
        cell(*g)[MAX_COLS] = realloc(rs->r, cap * sizeof *g);
        if (!g)
            return -1;
        rs->r = g;
        rs->cap = cap;
    }
    memset(rs->r[rs->n], 0, sizeof rs->r[rs->n]);
    rs->n++;
    return 0;
}

static void rows_free(rows *rs)
{
    for (size_t i = 0; i < rs->n; i++)
        for (int k = 0; k < MAX_COLS; k++)
            free(rs->r[i][k].s);
    free(rs->r);
}

static int emit(const rows *rs, const layout *t, int table, px_doc *doc)
{
    for (size_t i = 0; i < rs->n; i++)
        for (int k = 0; k < t->n_cols; k++) {
            const cell *c = &rs->r[i][k];
            px_block *b = px_doc_add_block(doc, PX_BLOCK_CELL, c->s ? c->s : "", c->n);
            if (!b)
                return -1;
            b->table = table;
            b->row = (int)i;
            b->col = k;
        }
    return 0;
}

int px_text_columns(const char *p, const char *end, int table, px_doc *doc, const char **after_table, px_error *err)
{
    chunk c[MAX_CHUNKS];
    int at[MAX_CHUNKS];
    const char *e = line_end(p, end);
    const char *first = p;
    while (first < e && *first == ' ')
        first++;
    /* `| STT | Nội dung | … |` padded with spaces is a Markdown row
     * (pandoc pads its pipe tables), read by text.c's pipe-table reader */
    if (first < e && *first == '|')
        return 0;
    int n = chunks_of(p, e, c);
    if (n < 3 || n > MAX_COLS || c[0].col > MARGIN || c[0].end - c[0].col > NUMBER_WIDTH)
        return 0;
    layout t = {.n_cols = n};
    for (int i = 0; i < n; i++)
        t.start[i] = c[i].col;
    rows rs = {0};
    if (rows_add(&rs))
        goto oom;
    for (int i = 0; i < n; i++)
        if (cell_add(&rs.r[0][i], c[i].s, (size_t)(c[i].e - c[i].s)))
            goto oom;
    const char *q = e < end ? e + 1 : end, *after = q;
    /* the header printed again at the top of each page, and the row of
     * column numbers, are no rows: skipped with their wrapped lines */
    const char *head = c[0].s;
    size_t head_len = (size_t)(c[0].e - c[0].s);
    int skipping = 0;
    while (q < end) {
        e = line_end(q, end);
        const char *next = e < end ? e + 1 : end;
        if (is_blank(q, e)) {
            /* a blank line inside the table only when a row follows */
            const char *r = next;
            while (r < end && (is_blank(r, line_end(r, end)) || is_page_number_line(r, line_end(r, end)))) {
                const char *le = line_end(r, end);
                r = le < end ? le + 1 : end;
            }
            if (r >= end || !starts_row(&t, r, line_end(r, end)))
                break;
            q = r;
            continue;
        }
        n = chunks_of(q, e, c);
        if (n <= 0 || !place(&t, c, n, at))
            break;
        if (at[0] == 0)
            skipping = is_column_numbers(c, n) || ((size_t)(c[0].e - c[0].s) == head_len &&
                                                   memcmp(c[0].s, head, head_len) == 0);
        if (!skipping && !(n == 1 && at[0] > 0 && is_page_number(&c[0]))) {
            if (at[0] == 0 && rows_add(&rs))
                goto oom;
            cell *row = rs.r[rs.n - 1];
            for (int i = 0; i < n; i++)
                if (cell_add(&row[at[i]], c[i].s, (size_t)(c[i].e - c[i].s)))
                    goto oom;
        }
        q = after = next;
    }
    if (rs.n < 3) { /* the header and two rows at least */
        rows_free(&rs);
        return 0;
    }
    if (emit(&rs, &t, table, doc))
        goto oom;
    rows_free(&rs);
    *after_table = after;
    return 1;
oom:
    rows_free(&rs);
    return px_error_set(err, "out of memory");
}
