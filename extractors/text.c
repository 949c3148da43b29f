/* text.c: plain text and Markdown to blocks.
 *
 * Input: UTF-8 with or without BOM, or UTF-16 (LE/BE) with BOM; CRLF or LF.
 * Output: one PX_BLOCK_LINE per non-empty physical line (normalize decides
 * which lines belong together), with gap_before set after blank lines.
 * Markdown marks are formatting, not text: `#` heading marks make the line a
 * PX_BLOCK_HEADING, `**`/`__`/`*` emphasis is removed, `<sup>n</sup>` footnote
 * marks are dropped from the body and a line opening with one is a note;
 * backslash escapes (`a\)`) are unescaped; a horizontal rule (`---`)
 * counts as a blank line.
 * Tables, written with pipes, as a run of tab-separated rows, or laid out
 * in columns of spaces (text_columns.h), become PX_BLOCK_CELL blocks.
 * Invalid UTF-8 is an error with its byte offset: silently wrong text would
 * poison every later stage. */
#include "extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "px_limits.h"
#include "text_columns.h"

/* Returns the offset of the first invalid UTF-8 sequence, or (size_t)-1. */
static size_t utf8_invalid_at(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        size_t n;
        unsigned int cp;
        if (c < 0x80) { i++; continue; }
        else if (c >= 0xC2 && c <= 0xDF) { n = 1; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { n = 2; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { n = 3; cp = c & 0x07; }
        else return i;
        for (size_t k = 1; k <= n; k++) {
            if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        /* overlong, surrogate, or beyond U+10FFFF */
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += n + 1;
    }
    return (size_t)-1;
}

static void put_utf8(char **out, unsigned int cp)
{
    unsigned char *o = (unsigned char *)*out;
    if (cp < 0x80) *o++ = (unsigned char)cp;
    else if (cp < 0x800) { *o++ = 0xC0 | (cp >> 6); *o++ = 0x80 | (cp & 0x3F); }
    else if (cp < 0x10000) { *o++ = 0xE0 | (cp >> 12); *o++ = 0x80 | ((cp >> 6) & 0x3F); *o++ = 0x80 | (cp & 0x3F); }
    else { *o++ = 0xF0 | (cp >> 18); *o++ = 0x80 | ((cp >> 12) & 0x3F); *o++ = 0x80 | ((cp >> 6) & 0x3F); *o++ = 0x80 | (cp & 0x3F); }
    *out = (char *)o;
}

/* UTF-16 with BOM to a new UTF-8 buffer; errors name the byte offset of a
 * lone surrogate. */
static char *utf16_to_utf8(const unsigned char *b, size_t len, int big_endian, size_t *out_len,
                           px_error *err)
{
    char *out = malloc(len / 2 * 3 + 4);
    if (!out) {
        px_error_set(err, "out of memory");
        return NULL;
    }
    char *o = out;
    size_t i = 2;
    while (i + 1 < len) {
        unsigned int u = big_endian ? (b[i] << 8 | b[i + 1]) : (b[i + 1] << 8 | b[i]);
        size_t at = i;
        i += 2;
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (i + 1 >= len) { free(out); px_error_set(err, "invalid UTF-16 at byte offset %zu (unpaired surrogate)", at); return NULL; }
            unsigned int lo = big_endian ? (b[i] << 8 | b[i + 1]) : (b[i + 1] << 8 | b[i]);
            if (lo < 0xDC00 || lo > 0xDFFF) { free(out); px_error_set(err, "invalid UTF-16 at byte offset %zu (unpaired surrogate)", at); return NULL; }
            i += 2;
            u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            free(out);
            px_error_set(err, "invalid UTF-16 at byte offset %zu (unpaired surrogate)", at);
            return NULL;
        }
        if (u == 0) {
            free(out);
            px_error_set(err, "invalid text: NUL character at byte offset %zu", at);
            return NULL;
        }
        put_utf8(&o, u);
    }
    *o = '\0';
    *out_len = (size_t)(o - out);
    return out;
}

/* Removes every occurrence of `mark` from s in place. */
static void remove_all(char *s, const char *mark)
{
    size_t m = strlen(mark);
    char *r = s, *w = s;
    while (*r) {
        if (strncmp(r, mark, m) == 0) { r += m; continue; }
        *w++ = *r++;
    }
    *w = '\0';
}

/* Drops `<sup>…</sup>` footnote marks (and <sub>) from the body text. */
static void remove_sup(char *s)
{
    char *r = s, *w = s;
    while (*r) {
        if (strncasecmp(r, "<sup>", 5) == 0 || strncasecmp(r, "<sub>", 5) == 0) {
            const char *close = strcasestr(r, r[2] == 'u' && (r[3] == 'p' || r[3] == 'P') ? "</sup>" : "</sub>");
            if (close && close - r < 40) { r = (char *)close + 6; continue; }
        }
        *w++ = *r++;
    }
    *w = '\0';
}

/* Single-star or underscore emphasis around a whole phrase: `*(Có …)*`.
 * Only stars that touch a non-space on the inner side are marks; a lone
 * "* " at line start is a bullet and is kept. */
static void remove_single_emphasis(char *s)
{
    char *r = s, *w = s;
    while (*r) {
        if (*r == '*' && !(r == s && r[1] == ' ') && !(r > s && r[-1] == '\\')) { r++; continue; }
        *w++ = *r++;
    }
    *w = '\0';
}

/* Markdown backslash escapes, as pandoc writes them: `a\)` is `a)`, `\*`
 * a star, `\[` a bracket; a backslash ending the line is a line break.
 * Other backslashes (`C:\Users`) are text. */
static void unescape_markdown(char *s)
{
    char *r = s, *w = s;
    while (*r) {
        if (r[0] == '\\' && r[1] && strchr("\\`*_{}[]()<>#+-.!|~\"'$%&,/:;=?@^", r[1])) {
            r++;
        } else if (r[0] == '\\' && !r[1]) {
            r++;
            continue;
        }
        *w++ = *r++;
    }
    *w = '\0';
}

static void trim(char **start, char **end)
{
    while (*start < *end && (**start == ' ' || **start == '\t'))
        (*start)++;
    while (*end > *start && ((*end)[-1] == ' ' || (*end)[-1] == '\t' || (*end)[-1] == '\r'))
        (*end)--;
}

/* A horizontal rule (Markdown `---`, `***`, `___`, or a row of dashes in
 * plain text): a separator, not text.  Glued to the signer's name above it
 * it would hide the name. */
static int is_rule_line(const char *s, const char *e)
{
    char mark = *s;
    int n = 0;
    if (mark != '-' && mark != '*' && mark != '_' && mark != '=')
        return 0;
    for (; s < e; s++) {
        if (*s == mark)
            n++;
        else if (*s != ' ')
            return 0;
    }
    return n >= 3;
}

/* Whether s opens with a heading's label: `4.`, `IV.`, `a)`, `b.`. */
static int opens_with_label(const char *s)
{
    if (*s >= '0' && *s <= '9')
        return 1;
    size_t roman = strspn(s, "IVX");
    if (roman && s[roman] == '.')
        return 1;
    return *s >= 'a' && *s <= 'z' && (s[1] == ')' || s[1] == '.');
}

/* A Markdown run-in heading `**4. Chế độ báo cáo:** Các cơ quan …`: the bold
 * part ending in ':' is the heading, the rest body (seed 004, IV/4). Returns
 * the length of the bold part (without marks) or 0.  Without a label the
 * bold part is a field's name (`**Đơn vị chủ trì:** Văn phòng Sở.`, h3),
 * and the line stays whole. */
static size_t run_in_heading(const char *line, const char **body)
{
    if (strncmp(line, "**", 2) != 0 || !opens_with_label(line + 2))
        return 0;
    const char *close = strstr(line + 2, "**");
    if (!close || close == line + 2 || close[-1] != ':')
        return 0;
    const char *rest = close + 2;
    while (*rest == ' ')
        rest++;
    if (!*rest)
        return 0;
    *body = rest;
    return (size_t)(close - (line + 2));
}

static int add_line(px_doc *doc, px_block_kind kind, const char *text, size_t len, int gap,
                    int page_break, px_error *err)
{
    if ((long)len > PX_LIMIT_BLOCK_BYTES)
        return px_error_set(err, "a single line is longer than %ld bytes", PX_LIMIT_BLOCK_BYTES);
    px_block *b = px_doc_add_block(doc, kind, text, len);
    if (!b)
        return px_error_set(err, "out of memory");
    b->gap_before = gap;
    b->page_break_before = page_break;
    if (kind == PX_BLOCK_HEADING)
        b->bold = 1;
    return 0;
}

/* A table row written with pipes (`1 | Rà soát … | Công chức … | Quý III/2025`,
 * or Markdown's `| a | b |`): at least two separators.  Returns the number
 * of cells, 0 when the line is not a row; a `|---|---|` rule returns -1. */
static int pipe_cells(const char *line)
{
    int pipes = 0, dashes_only = 1;
    for (const char *p = line; *p; p++) {
        if (*p == '|')
            pipes++;
        else if (!strchr("-: ", *p))
            dashes_only = 0;
    }
    if (pipes < 2)
        return 0;
    return dashes_only ? -1 : pipes + 1;
}

typedef struct table_state {
    int tables;      /* tables seen so far */
    int row;         /* current row, -1 outside a table */
    int tab_cols;    /* cells per row of the current tab table, 0 if none */
} table_state;

/* A table row written with tabs, as a spreadsheet or a word processor
 * pastes it (c4: `STT\tNội dung công việc\tĐơn vị chủ trì\t…`): at least
 * two tabs, so that a line with one stray tab is not a row.  Counts the
 * physical line s..e as printed (trim() would drop empty edge cells);
 * returns the number of cells or 0. */
static int tab_cells(const char *s, const char *e)
{
    int tabs = 0, pipes = 0;
    for (; s < e; s++) {
        if (*s == '\t')
            tabs++;
        else if (*s == '|')
            pipes++;
    }
    return tabs >= 2 && pipes < 2 ? tabs + 1 : 0; /* pipes win: a Markdown row */
}

/* Adds one row of CELL blocks; `sep` is '|' or '\t'.  A closing separator
 * leaves no empty last cell. */
enum { MAX_ROW_CELLS = 64 };

/* Markdown formatting in place: bold and emphasis marks, backslash escapes. */
static void remove_marks(char *s)
{
    remove_all(s, "**");
    remove_all(s, "__");
    remove_single_emphasis(s);
    unescape_markdown(s);
}

/* A cell's text without its Markdown marks (`| **Chỉ số** |` is the header
 * `Chỉ số`), trimmed; malloc'd, NULL when out of memory. */
static char *clean_cell(const char *s, const char *e)
{
    char *cell = strndup(s, (size_t)(e - s));
    if (!cell)
        return NULL;
    remove_marks(cell);
    char *cs = cell, *ce = cell + strlen(cell);
    trim(&cs, &ce);
    memmove(cell, cs, (size_t)(ce - cs));
    cell[ce - cs] = '\0';
    return cell;
}

/* The block of the row above holding column col, or NULL. */
static px_block *cell_above(px_doc *doc, const table_state *ts, int col)
{
    for (size_t k = doc->n_blocks; k-- > 0;) {
        px_block *b = &doc->blocks[k];
        if (b->kind != PX_BLOCK_CELL || b->table != ts->tables - 1 || b->row < ts->row - 1)
            break;
        if (b->row == ts->row - 1 && b->col == col)
            return b;
    }
    return NULL;
}

/* Whether a pipe row with an empty first cell carries on the row above, as
 * a table copied from a PDF wraps its cells (`| 1 | Ban hành Kế hoạch kiểm
 * tra cải cách | Sở Nội vụ |` / `| | hành chính năm 2026 | |`): each of
 * its cells goes on a cell above that does not end a sentence, and none
 * opens with a bullet or a number of its own (a sub-task is a row). */
static int continues_row(px_doc *doc, const table_state *ts, char **cells, int n)
{
    if (ts->row < 1 || n < 2 || cells[0][0])
        return 0;
    int carried = 0;
    for (int c = 1; c < n; c++) {
        if (!cells[c][0])
            continue;
        px_block *above = cell_above(doc, ts, c);
        size_t len = above ? strlen(above->text) : 0;
        int own_label = strchr("-+*0123456789", cells[c][0]) != NULL || strncmp(cells[c], "•", strlen("•")) == 0 ||
                        strncmp(cells[c], "–", strlen("–")) == 0;
        if (!len || strchr(".;:!?", above->text[len - 1]) || own_label)
            return 0;
        carried++;
    }
    return carried > 0;
}

static int add_row(px_doc *doc, const char *line, char sep, table_state *ts, px_error *err)
{
    if (ts->row < 0) {
        ts->row = 0;
        ts->tables++;
    }
    char *cells[MAX_ROW_CELLS];
    int n = 0;
    const char *p = line;
    if (*p == sep)
        p++;
    while (*p && n < MAX_ROW_CELLS) {
        const char *bar = strchr(p, sep);
        const char *end = bar ? bar : p + strlen(p);
        const char *s = p, *e = end;
        while (s < e && (*s == ' ' || *s == '\t')) s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t')) e--;
        if (!(bar == NULL && s == e && n > 0)) {
            cells[n] = clean_cell(s, e);
            if (!cells[n]) {
                for (int k = 0; k < n; k++)
                    free(cells[k]);
                return px_error_set(err, "out of memory");
            }
            n++;
        }
        if (!bar)
            break;
        p = bar + 1;
    }
    int rc = 0;
    if (sep == '|' && continues_row(doc, ts, cells, n)) {
        for (int c = 1; c < n && rc == 0; c++) {
            if (!cells[c][0])
                continue;
            px_block *above = cell_above(doc, ts, c);
            char *joined = malloc(strlen(above->text) + strlen(cells[c]) + 2);
            if (!joined) {
                rc = px_error_set(err, "out of memory");
                break;
            }
            sprintf(joined, "%s %s", above->text, cells[c]);
            free(above->text);
            above->text = joined;
        }
    } else {
        for (int c = 0; c < n && rc == 0; c++) {
            px_block *b = px_doc_add_block(doc, PX_BLOCK_CELL, cells[c], strlen(cells[c]));
            if (!b) {
                rc = px_error_set(err, "out of memory");
                break;
            }
            b->table = ts->tables - 1;
            b->row = ts->row;
            b->col = c;
        }
        ts->row++;
    }
    for (int k = 0; k < n; k++)
        free(cells[k]);
    return rc;
}

/* Whether the next non-blank line from p (before end) is a pipe table row. */
static int next_line_is_pipe_row(const char *p, const char *end)
{
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        const char *s = p;
        while (s < e && (*s == ' ' || *s == '\t' || *s == '\r'))
            s++;
        if (s < e)
            return *s == '|';
        p = nl ? nl + 1 : end;
    }
    return 0;
}

static int split_lines(char *text, size_t len, px_doc *doc, px_error *err)
{
    int gap = 0;
    table_state ts = {0, -1, 0};
    char *p = text, *end = text + len;
    while (p < end) {
        const char *after_table;
        int columns = ts.tab_cols ? 0 : px_text_columns(p, end, ts.tables, doc, &after_table, err);
        if (columns < 0)
            return -1;
        if (columns) {
            ts.tables++;
            ts.row = -1;
            gap = 1;
            p = (char *)after_table;
            continue;
        }
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *line_end = nl ? nl : end;
        *line_end = '\0';
        /* A line opening with a space in PDF-extracted text marks a page
         * break (seeds 000, 001, 003). */
        int page_break = (*p == ' ' && p[1] && p[1] != ' ');
        char *s = p, *e = line_end;
        int tabs = tab_cells(p, line_end);
        p = nl ? nl + 1 : end;
        /* Tab rows make a table only in a run of two or more with the same
         * number of cells: one tabbed line is a line with odd spacing. */
        if (tabs && tabs != ts.tab_cols) {
            char *next_end = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
            ts.tab_cols = 0;
            if (p < end && tab_cells(p, next_end ? next_end : end) == tabs) {
                ts.row = -1;
                ts.tab_cols = tabs;
            }
        }
        if (tabs && tabs == ts.tab_cols) {
            while (*s == ' ')
                s++;
            if (add_row(doc, s, '\t', &ts, err))
                return -1;
            gap = 0;
            continue;
        }
        if (ts.tab_cols) {
            ts.tab_cols = 0;
            ts.row = -1;
        }
        trim(&s, &e);
        *e = '\0';
        if (s == e) {
            gap = 1;
            /* a PDF's text may put a blank line after every line, table
             * rows included: a pipe table goes on over it */
            if (ts.row >= 0 && !next_line_is_pipe_row(p, end))
                ts.row = -1;
            continue;
        }
        int cells = pipe_cells(s);
        if (cells != 0) {
            if (cells > 0 && add_row(doc, s, '|', &ts, err))
                return -1;
            gap = 0;
            continue;
        }
        ts.row = -1;
        px_block_kind kind = PX_BLOCK_LINE;
        /* footnote text: `<sup>1</sup> Theo Nghị định …` */
        if (strncasecmp(s, "<sup>", 5) == 0) {
            remove_sup(s);
            while (*s == ' ')
                s++;
            if (add_line(doc, PX_BLOCK_NOTE, s, strlen(s), gap, page_break, err))
                return -1;
            gap = 0;
            continue;
        }
        if (*s == '#') {
            char *hash_start = s;
            while (*s == '#')
                s++;
            if (*s == ' ') {
                kind = PX_BLOCK_HEADING;
                while (*s == ' ')
                    s++;
            } else {
                s = hash_start; /* `#hashtag`, not a heading mark */
            }
        }
        remove_sup(s);
        const char *body = NULL;
        size_t head_len = run_in_heading(s, &body);
        if (head_len) {
            if (add_line(doc, PX_BLOCK_HEADING, s + 2, head_len, gap, page_break, err))
                return -1;
            s = (char *)body;
            gap = 0;
            page_break = 0;
            kind = PX_BLOCK_PARA;
        }
        int all_bold = strncmp(s, "**", 2) == 0 && strlen(s) > 4 && strcmp(s + strlen(s) - 2, "**") == 0;
        remove_marks(s);
        char *ts = s, *te = s + strlen(s);
        trim(&ts, &te);
        if (ts == te || is_rule_line(ts, te)) {
            gap = 1;
            continue;
        }
        if (add_line(doc, kind, ts, (size_t)(te - ts), gap, page_break, err))
            return -1;
        if (all_bold)
            doc->blocks[doc->n_blocks - 1].bold = 1;
        gap = 0;
    }
    return 0;
}

int px_extract_text(const unsigned char *bytes, size_t len, px_doc *doc, px_error *err)
{
    char *text;
    size_t text_len;
    if (len >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF))) {
        text = utf16_to_utf8(bytes, len, bytes[0] == 0xFE, &text_len, err);
        if (!text)
            return -1;
    } else {
        size_t skip = (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
        size_t bad = utf8_invalid_at(bytes + skip, len - skip);
        if (bad != (size_t)-1)
            return px_error_set(err, "invalid UTF-8 at byte offset %zu (byte 0x%02X): convert the file to UTF-8",
                                bad + skip, bytes[bad + skip]);
        if (memchr(bytes, 0, len))
            return px_error_set(err, "invalid text: NUL byte at byte offset %zu",
                                (size_t)((const unsigned char *)memchr(bytes, 0, len) - bytes));
        text_len = len - skip;
        text = malloc(text_len + 1);
        if (!text)
            return px_error_set(err, "out of memory");
        memcpy(text, bytes + skip, text_len);
        text[text_len] = '\0';
    }
    /* CR alone or CRLF: both end a line. */
    for (size_t i = 0; i < text_len; i++)
        if (text[i] == '\r')
            text[i] = (i + 1 < text_len && text[i + 1] == '\n') ? ' ' : '\n';
    int rc = split_lines(text, text_len, doc, err);
    free(text);
    if (rc == 0 && doc->n_blocks == 0)
        return px_error_set(err, "no text: the file is empty or blank");
    return rc;
}
