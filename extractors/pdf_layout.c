/* pdf_layout.c: lines, regions and paragraphs from word geometry.
 *
 * Per page: words -> lines (vertical overlap) -> segments (horizontal gaps)
 * -> regions: running headers and page numbers (MARGIN), footnotes at the
 * page foot (NOTE), task tables (CELL), two-column header and signature
 * blocks, and the flow.  Flow lines are joined into paragraphs from the
 * geometry: line pitch, first-line indent, and whether the next line's first
 * word would have fitted on a line that ends short of the right margin.
 * Every step is a sort or a linear pass over a page's lines. */
#include "pdf_layout.h"

#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "px_limits.h"

enum { R_FLOW, R_MARGIN, R_NOTE, R_TABLE, R_BAND };
enum { MAX_COLS = 16, MAX_SIZES = 8 };

/* --- growable buffers ----------------------------------------------------- */

typedef struct sbuf {
    char *s;
    size_t len, cap;
} sbuf;

static int sb_grow(sbuf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s)
        return -1;
    b->s = s;
    b->cap = cap;
    return 0;
}

static int sb_add(sbuf *b, const char *s, size_t n)
{
    if (sb_grow(b, n))
        return -1;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
    return 0;
}

static void sb_free(sbuf *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}

/* --- pages ---------------------------------------------------------------- */

int px_pdf_page_add_word(px_pdf_page *p, const char *text, size_t len, double x1, double y1,
                         double x2, double y2, double size, int bold, int space_before)
{
    if (p->n_words == p->cap_words) {
        size_t cap = p->cap_words ? p->cap_words * 2 : 256;
        px_pdf_word *w = realloc(p->words, cap * sizeof *w);
        if (!w)
            return -1;
        p->words = w;
        p->cap_words = cap;
    }
    if (p->buf_len + len + 1 > p->buf_cap) {
        size_t cap = p->buf_cap ? p->buf_cap : 4096;
        while (cap < p->buf_len + len + 1)
            cap *= 2;
        char *b = realloc(p->buf, cap);
        if (!b)
            return -1;
        p->buf = b;
        p->buf_cap = cap;
    }
    memcpy(p->buf + p->buf_len, text, len);
    px_pdf_word *w = &p->words[p->n_words++];
    w->text = p->buf_len;
    w->len = len;
    p->buf_len += len;
    p->buf[p->buf_len++] = '\0';
    w->x1 = x1 < x2 ? x1 : x2;
    w->x2 = x1 < x2 ? x2 : x1;
    w->y1 = y1 < y2 ? y1 : y2;
    w->y2 = y1 < y2 ? y2 : y1;
    w->size = size;
    w->bold = (signed char)(bold < 0 ? -1 : bold > 0);
    w->space_before = space_before != 0;
    return 0;
}

void px_pdf_page_free(px_pdf_page *p)
{
    if (!p)
        return;
    free(p->words);
    free(p->buf);
    p->words = NULL;
    p->buf = NULL;
    p->n_words = p->cap_words = p->buf_len = p->buf_cap = 0;
}

/* --- the layout context --------------------------------------------------- */

typedef struct seg {
    size_t k0, n;        /* positions in the page's order array */
    double x1, x2;
} seg;

typedef struct line {
    size_t page;         /* index into pages */
    size_t k0, nw;       /* positions in the page's order array, x order */
    size_t s0, ns;       /* narrow segments (table columns) */
    double x1, y1, x2, y2, base, size;
    double bold;         /* share of characters in bold; -1 unknown */
    size_t chars;
    int role, region;
    int spanning;        /* a table row that spans all columns */
    char *text;          /* the line's text, footnote marks left out */
    double first_w;      /* width of the first word */
    size_t bold_lead;    /* characters of the bold words the line opens with,
                          * when plain words follow (a run-in heading); 0 else */
} line;

typedef struct pageinfo {
    size_t l0, nl;
    size_t *order;
    double left, right;
} pageinfo;

typedef struct table_region {
    int ncols;
    double mid[MAX_COLS];  /* column boundaries */
} table_region;

typedef struct band_region {
    double split;
} band_region;

typedef struct cell {
    int row, col, span, page;
    sbuf text;
    double size_w, chars, bold_chars, bold_known;
} cell;

typedef struct table {
    int open, id, ncols, n_rows, page_break;
    double mid[MAX_COLS];
    cell *cells;
    size_t n, cap;
} table;

typedef struct para {
    int open, page, page_break, n_lines;
    size_t bold_lead;     /* from the first line: see line.bold_lead */
    sbuf text;
    double indent, size_w, chars, bold_chars, bold_known;
    int centered, marker, caps;
    size_t last;          /* index of the last line added */
} para;

typedef struct side {
    px_block_kind kind;
    char *text, *label;
    int page;
    double size;
} side;

typedef struct ctx {
    px_pdf_page *pages;
    size_t n_pages;
    pageinfo *pi;
    line *lines;
    size_t n_lines, cap_lines;
    seg *segs;
    size_t n_segs, cap_segs;
    table_region *tables;
    size_t n_tables, cap_tables;
    band_region *bands;
    size_t n_bands, cap_bands;
    double body[2], pitch[2];     /* [0] text layer, [1] OCR pages */
    double left_doc[2], right_doc[2];
    px_doc *doc;
    int oom;
    para para;
    table table;
    int next_table;
    int page_flag;                /* the next block starts a page */
    side *sides;
    size_t n_sides, cap_sides;
} ctx;

/* Makes room for one more element; on failure the array is kept as it was
 * and the context remembers it ran out of memory. */
static int grow(void *arrp, size_t *cap, size_t n, size_t elem)
{
    void **arr = arrp;
    if (n < *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 64;
    void *q = realloc(*arr, nc * elem);
    if (!q)
        return -1;
    *arr = q;
    *cap = nc;
    return 0;
}
#define GROW(c, arr, n, cap) (grow(&(arr), &(cap), (n), sizeof *(arr)) ? ((c)->oom = 1, -1) : 0)

static const px_pdf_word *W(const ctx *c, size_t page, size_t k)
{
    return &c->pages[page].words[c->pi[page].order[k]];
}

static const char *wtext(const ctx *c, size_t page, const px_pdf_word *w)
{
    return c->pages[page].buf + w->text;
}

static int kind_of(const ctx *c, const line *l)
{
    return c->pages[l->page].ocr ? 1 : 0;
}

/* --- text helpers --------------------------------------------------------- */

static gunichar first_letter(const char *s)
{
    for (; *s; s = g_utf8_next_char(s)) {
        gunichar u = g_utf8_get_char(s);
        if (g_unichar_isalpha(u) || g_unichar_isdigit(u))
            return u;
    }
    return 0;
}

static int starts_lower(const char *s)
{
    gunichar u = first_letter(s);
    return u && g_unichar_islower(u);
}

static int all_caps(const char *s)
{
    int upper = 0;
    for (; *s; s = g_utf8_next_char(s)) {
        gunichar u = g_utf8_get_char(s);
        if (g_unichar_islower(u))
            return 0;
        if (g_unichar_isupper(u))
            upper++;
    }
    return upper >= 2;
}

/* A list or section marker opens the text: I.  1.  1.2.  (1)  a)  đ)  -  +  •
 * (ANNOTATION.md); the marker must be followed by a space or the end. */
static int starts_marker(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    if ((p[0] == '-' || p[0] == '+' || p[0] == '*') && (p[1] == ' ' || !p[1]))
        return 1;
    if (!strncmp(s, "•", 3) || !strncmp(s, "–", 3) || !strncmp(s, "", 3))
        return 1;
    const unsigned char *q = p;
    while (*q == 'I' || *q == 'V' || *q == 'X' || *q == 'L')
        q++;
    if (q > p && *q == '.' && (q[1] == ' ' || !q[1]))
        return 1;
    q = p;
    int dotted = 0;
    while (*q >= '0' && *q <= '9') {
        while (*q >= '0' && *q <= '9')
            q++;
        if (*q != '.')
            break;
        q++;
        dotted++;
    }
    if (dotted && q[-1] == '.' && (*q == ' ' || !*q))
        return 1;
    if (dotted >= 1 && (*q == ' ') && q > p && q[-1] >= '0' && q[-1] <= '9')
        return 1; /* 1.2 without its final dot */
    if (p[0] == '(' && p[1] >= '0' && p[1] <= '9') {
        q = p + 1;
        while (*q >= '0' && *q <= '9')
            q++;
        if (*q == ')')
            return 1;
    }
    if (p[0] >= 'a' && p[0] <= 'z' && p[1] == ')')
        return 1;
    if (!strncmp(s, "đ)", 3))
        return 1;
    return 0;
}

static int ends_sentence(const char *s)
{
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    if (!n)
        return 0;
    char last = s[n - 1];
    if (strchr(".:;!?", last))
        return 1;
    if ((last == ')' || last == '"') && n > 1 && strchr(".:;!?", s[n - 2]))
        return 1;
    if (n >= 4 && !memcmp(s + n - 3, "”", 3) && strchr(".:;!?", s[n - 4]))
        return 1;
    return 0;
}

/* A footnote mark: small, raised, and digits or an asterisk. */
static int is_mark_text(const char *t, size_t len)
{
    if (len == 0 || len > 3)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!((t[i] >= '0' && t[i] <= '9') || t[i] == '*'))
            return 0;
    return 1;
}

static int is_raised(const px_pdf_word *w, const line *l)
{
    return w->size > 0 && l->size > 0 && w->size < 0.8 * l->size && w->y2 < l->base - 0.12 * l->size;
}

static int is_page_number(const char *s)
{
    const char *p = s;
    while (*p == ' ' || *p == '-' || !strncmp(p, "–", 3) || !strncmp(p, "—", 3))
        p += (*p == ' ' || *p == '-') ? 1 : 3;
    if (!g_ascii_strncasecmp(p, "trang", 5))
        p += 5;
    while (*p == ' ')
        p++;
    int digits = 0;
    while (*p >= '0' && *p <= '9')
        p++, digits++;
    if (digits < 1 || digits > 4)
        return 0;
    if (*p == '/') {
        p++;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    while (*p == ' ' || *p == '-' || !strncmp(p, "–", 3) || !strncmp(p, "—", 3))
        p += (*p == ' ' || *p == '-') ? 1 : 3;
    return *p == '\0';
}

/* --- statistics ----------------------------------------------------------- */

static double round_half(double x)
{
    return floor(x * 2 + 0.5) / 2;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The centre of the densest window of width tol over v (sorted in place);
 * *count gets how many values it holds. */
static double mode_of(double *v, size_t n, double tol, size_t *count)
{
    *count = 0;
    if (!n)
        return 0;
    qsort(v, n, sizeof *v, cmp_double);
    size_t best = 0, best_i = 0, j = 0;
    for (size_t i = 0; i < n; i++) {
        while (v[i] - v[j] > tol)
            j++;
        if (i - j + 1 > best) {
            best = i - j + 1;
            best_i = j;
        }
    }
    *count = best;
    return (v[best_i] + v[best_i + best - 1]) / 2;
}

/* --- lines ---------------------------------------------------------------- */

typedef struct sort_ctx {
    const px_pdf_word *w;
} sort_ctx;

static int cmp_ycenter(const void *a, const void *b, void *arg)
{
    const px_pdf_word *w = ((const sort_ctx *)arg)->w;
    const px_pdf_word *p = &w[*(const size_t *)a], *q = &w[*(const size_t *)b];
    double cp = (p->y1 + p->y2) / 2, cq = (q->y1 + q->y2) / 2;
    if (cp != cq)
        return cp < cq ? -1 : 1;
    return p->x1 < q->x1 ? -1 : p->x1 > q->x1;
}

static int cmp_x(const void *a, const void *b, void *arg)
{
    const px_pdf_word *w = ((const sort_ctx *)arg)->w;
    const px_pdf_word *p = &w[*(const size_t *)a], *q = &w[*(const size_t *)b];
    if (p->x1 != q->x1)
        return p->x1 < q->x1 ? -1 : 1;
    return 0;
}

/* Appends the words k0..k1 of a line to b, leaving footnote marks out when
 * drop_marks; a space goes where the source had one or a visible gap. */
static void add_words(ctx *c, sbuf *b, const line *l, size_t k0, size_t k1, int drop_marks,
                      double xmin, double xmax)
{
    const px_pdf_word *prev = NULL;
    for (size_t k = k0; k < k1; k++) {
        const px_pdf_word *w = W(c, l->page, k);
        double cx = (w->x1 + w->x2) / 2;
        if (cx < xmin || cx >= xmax)
            continue;
        if (drop_marks && is_raised(w, l) && is_mark_text(wtext(c, l->page, w), w->len)) {
            prev = w; /* "tốt¹." reads "tốt.": the gap is measured from the mark */
            continue;
        }
        if (prev && b->len && (w->space_before || w->x1 - prev->x2 > 0.25 * (l->size > 0 ? l->size : 10)))
            if (sb_add(b, " ", 1))
                c->oom = 1;
        if (sb_add(b, wtext(c, l->page, w), w->len))
            c->oom = 1;
        prev = w;
    }
}

static void line_stats(ctx *c, line *l)
{
    double sizes[MAX_SIZES], weight[MAX_SIZES];
    int ns = 0;
    for (size_t k = l->k0; k < l->k0 + l->nw; k++) {
        const px_pdf_word *w = W(c, l->page, k);
        double s = floor(w->size * 2 + 0.5) / 2;
        int i = 0;
        while (i < ns && sizes[i] != s)
            i++;
        if (i == ns) {
            if (ns == MAX_SIZES)
                continue;
            sizes[ns] = s;
            weight[ns++] = 0;
        }
        weight[i] += (double)w->len;
    }
    int best = 0;
    for (int i = 1; i < ns; i++)
        if (weight[i] > weight[best])
            best = i;
    l->size = ns ? sizes[best] : 0;
    double base = 0, nb = 0;
    for (size_t k = l->k0; k < l->k0 + l->nw; k++) {
        const px_pdf_word *w = W(c, l->page, k);
        if (fabs(w->size - l->size) <= 0.5) {
            base += w->y2;
            nb++;
        }
    }
    l->base = nb ? base / nb : W(c, l->page, l->k0)->y2;
    l->x1 = l->y1 = INFINITY;
    l->x2 = l->y2 = -INFINITY;
    double bold = 0, known = 0;
    l->chars = 0;
    l->first_w = -1;
    l->bold_lead = 0;
    size_t lead = 0;
    int leading = 1;
    for (size_t k = l->k0; k < l->k0 + l->nw; k++) {
        const px_pdf_word *w = W(c, l->page, k);
        if (is_raised(w, l))
            continue;
        if (leading) {
            size_t wn = (size_t)g_utf8_strlen(wtext(c, l->page, w), (gssize)w->len);
            if (w->bold == 1) {
                lead += (lead ? 1 : 0) + wn;
            } else {
                leading = 0;
                l->bold_lead = lead;
            }
        }
        if (l->first_w < 0)
            l->first_w = w->x2 - w->x1;
        l->x1 = fmin(l->x1, w->x1);
        l->x2 = fmax(l->x2, w->x2);
        l->y1 = fmin(l->y1, w->y1);
        l->y2 = fmax(l->y2, w->y2);
        size_t n = (size_t)g_utf8_strlen(wtext(c, l->page, w), (gssize)w->len);
        l->chars += n;
        if (w->bold >= 0) {
            known += (double)n;
            bold += w->bold ? (double)n : 0;
        }
    }
    if (l->x1 == INFINITY) { /* only raised words */
        const px_pdf_word *w = W(c, l->page, l->k0);
        l->x1 = w->x1, l->x2 = w->x2, l->y1 = w->y1, l->y2 = w->y2, l->first_w = w->x2 - w->x1;
    }
    l->bold = known > 0 ? bold / known : -1;
}

static int build_lines(ctx *c, size_t p)
{
    px_pdf_page *pg = &c->pages[p];
    pageinfo *pi = &c->pi[p];
    pi->l0 = c->n_lines;
    pi->nl = 0;
    if (!pg->n_words)
        return 0;
    pi->order = malloc(pg->n_words * sizeof *pi->order);
    if (!pi->order)
        return -1;
    for (size_t i = 0; i < pg->n_words; i++)
        pi->order[i] = i;
    sort_ctx sc = {pg->words};
    qsort_r(pi->order, pg->n_words, sizeof *pi->order, cmp_ycenter, &sc);

    size_t start = 0;
    double top = 0, bot = 0;
    for (size_t k = 0; k <= pg->n_words; k++) {
        const px_pdf_word *w = k < pg->n_words ? &pg->words[pi->order[k]] : NULL;
        if (w && k > start) {
            double hw = w->y2 - w->y1, hl = bot - top;
            double ov = fmin(bot, w->y2) - fmax(top, w->y1);
            /* The line keeps the box of its tallest word rather than the
             * union of all: table columns whose lines sit half a line apart
             * (vertically centred cells) must not chain into one line. */
            if (ov >= 0.7 * fmin(hw, hl)) {
                if (hw > hl) {
                    top = w->y1;
                    bot = w->y2;
                }
                continue;
            }
        }
        if (k > start) {
            /* close the line start..k-1 */
            qsort_r(pi->order + start, k - start, sizeof *pi->order, cmp_x, &sc);
            /* Drop words drawn twice at the same place (fake bold). */
            size_t out = start;
            for (size_t j = start; j < k; j++) {
                const px_pdf_word *a = &pg->words[pi->order[j]];
                if (out > start) {
                    const px_pdf_word *b = &pg->words[pi->order[out - 1]];
                    if (a->len == b->len && fabs(a->x1 - b->x1) < 0.3 * (a->size + 1) &&
                        fabs(a->y1 - b->y1) < 0.3 * (a->size + 1) &&
                        !memcmp(pg->buf + a->text, pg->buf + b->text, a->len))
                        continue;
                }
                pi->order[out++] = pi->order[j];
            }
            for (size_t j = out; j < k; j++)
                pi->order[j] = SIZE_MAX;
            if (GROW(c, c->lines, c->n_lines, c->cap_lines))
                return -1;
            line *l = &c->lines[c->n_lines++];
            memset(l, 0, sizeof *l);
            l->page = p;
            l->k0 = start;
            l->nw = out - start;
            pi->nl++;
        }
        if (!w)
            break;
        start = k;
        top = w->y1;
        bot = w->y2;
    }
    /* Compact away the dropped duplicates so lines are contiguous ranges. */
    size_t out = 0;
    for (size_t i = pi->l0; i < pi->l0 + pi->nl; i++) {
        line *l = &c->lines[i];
        memmove(pi->order + out, pi->order + l->k0, l->nw * sizeof *pi->order);
        l->k0 = out;
        out += l->nw;
    }
    for (size_t i = pi->l0; i < pi->l0 + pi->nl; i++) {
        line *l = &c->lines[i];
        line_stats(c, l);
        /* narrow segments: gaps wider than 0.75 em split table cells */
        l->s0 = c->n_segs;
        double em = l->size > 0 ? l->size : 10;
        for (size_t k = l->k0; k < l->k0 + l->nw; k++) {
            const px_pdf_word *w = W(c, p, k);
            if (k > l->k0 && w->x1 - c->segs[c->n_segs - 1].x2 <= 0.75 * em) {
                seg *s = &c->segs[c->n_segs - 1];
                s->n++;
                s->x2 = fmax(s->x2, w->x2);
                continue;
            }
            if (GROW(c, c->segs, c->n_segs, c->cap_segs))
                return -1;
            c->segs[c->n_segs++] = (seg){k, 1, w->x1, w->x2};
        }
        l->ns = c->n_segs - l->s0;
        sbuf b = {0};
        add_words(c, &b, l, l->k0, l->k0 + l->nw, 1, -INFINITY, INFINITY);
        l->text = b.s ? b.s : calloc(1, 1);
        if (!l->text)
            return -1;
    }
    return 0;
}

/* --- document statistics -------------------------------------------------- */

static void doc_stats(ctx *c)
{
    for (int k = 0; k < 2; k++) {
        /* body size: the size most characters are set in */
        double hist[401] = {0};
        for (size_t i = 0; i < c->n_lines; i++) {
            line *l = &c->lines[i];
            if (kind_of(c, l) != k || l->size <= 0)
                continue;
            int b = (int)(l->size * 2 + 0.5);
            hist[b > 400 ? 400 : b] += (double)l->chars;
        }
        int best = 0;
        for (int b = 1; b <= 400; b++)
            if (hist[b] > hist[best])
                best = b;
        c->body[k] = best ? best / 2.0 : 12;

        size_t n = 0;
        double *v = malloc((c->n_lines + 1) * sizeof *v);
        if (!v) {
            c->oom = 1;
            return;
        }
        for (size_t p = 0; p < c->n_pages; p++) {
            pageinfo *pi = &c->pi[p];
            if ((c->pages[p].ocr ? 1 : 0) != k)
                continue;
            for (size_t i = pi->l0 + 1; i < pi->l0 + pi->nl; i++) {
                line *a = &c->lines[i - 1], *b = &c->lines[i];
                double d = b->base - a->base;
                if (fabs(a->size - c->body[k]) <= 0.6 && fabs(b->size - c->body[k]) <= 0.6 &&
                    d > 0.8 * c->body[k] && d < 2.5 * c->body[k])
                    v[n++] = d;
            }
        }
        size_t cnt;
        double m = mode_of(v, n, 0.6, &cnt);
        c->pitch[k] = cnt >= 2 ? m : 1.3 * c->body[k];

        /* left margin: where most body lines start */
        n = 0;
        for (size_t i = 0; i < c->n_lines; i++) {
            line *l = &c->lines[i];
            if (kind_of(c, l) == k && fabs(l->size - c->body[k]) <= 0.6)
                v[n++] = l->x1;
        }
        m = mode_of(v, n, 1.5, &cnt);
        c->left_doc[k] = cnt ? m : 72;
        /* right margin: 70th percentile of the long lines' ends */
        n = 0;
        for (size_t i = 0; i < c->n_lines; i++) {
            line *l = &c->lines[i];
            if (kind_of(c, l) == k && fabs(l->size - c->body[k]) <= 0.6 &&
                l->x2 - l->x1 > 0.4 * c->pages[l->page].width)
                v[n++] = l->x2;
        }
        qsort(v, n, sizeof *v, cmp_double);
        c->right_doc[k] = n ? v[n * 7 / 10] : 523;
        free(v);
    }
    /* per page margins (scans shift; mirrored margins) */
    for (size_t p = 0; p < c->n_pages; p++) {
        pageinfo *pi = &c->pi[p];
        int k = c->pages[p].ocr ? 1 : 0;
        pi->left = c->left_doc[k];
        pi->right = c->right_doc[k];
        double v[4096];
        size_t n = 0;
        for (size_t i = pi->l0; i < pi->l0 + pi->nl && n < 4096; i++)
            if (fabs(c->lines[i].size - c->body[k]) <= 0.6)
                v[n++] = c->lines[i].x1;
        size_t cnt;
        double m = mode_of(v, n, 1.5, &cnt);
        if (cnt >= 4)
            pi->left = m;
        n = 0;
        for (size_t i = pi->l0; i < pi->l0 + pi->nl && n < 4096; i++) {
            line *l = &c->lines[i];
            if (fabs(l->size - c->body[k]) <= 0.6 && l->x2 - l->x1 > 0.4 * c->pages[p].width)
                v[n++] = l->x2;
        }
        if (n >= 4) {
            qsort(v, n, sizeof *v, cmp_double);
            pi->right = v[n * 7 / 10];
        }
    }
}

/* --- running headers, footers and page numbers ---------------------------- */

typedef struct mkey {
    char *key;
    size_t page;
} mkey;

static int cmp_mkey(const void *a, const void *b)
{
    const mkey *p = a, *q = b;
    int r = strcmp(p->key, q->key);
    if (r)
        return r;
    return p->page < q->page ? -1 : p->page > q->page;
}

/* Text with digits as '#' and case folded: "Trang 3" and "Trang 4" agree. */
static char *margin_key(const char *s)
{
    char *f = g_utf8_casefold(s, -1);
    for (char *p = f; *p; p++)
        if (*p >= '0' && *p <= '9')
            *p = '#';
    return f;
}

static void find_margins(ctx *c)
{
    size_t cap = c->n_pages * 4 + 1, n = 0;
    mkey *keys = calloc(cap, sizeof *keys);
    if (!keys) {
        c->oom = 1;
        return;
    }
    for (size_t p = 0; p < c->n_pages; p++) {
        pageinfo *pi = &c->pi[p];
        for (size_t j = 0; j < pi->nl && j < 2; j++) {
            keys[n++] = (mkey){margin_key(c->lines[pi->l0 + j].text), p};
            if (pi->nl > 2 + j)
                keys[n++] = (mkey){margin_key(c->lines[pi->l0 + pi->nl - 1 - j].text), p};
        }
    }
    qsort(keys, n, sizeof *keys, cmp_mkey);
    size_t need = c->n_pages > 3 ? (c->n_pages + 2) / 3 : 2;
    if (need < 2)
        need = 2;
    for (size_t p = 0; p < c->n_pages; p++) {
        pageinfo *pi = &c->pi[p];
        double h = c->pages[p].height;
        for (int end = 0; end < 2; end++) {
            for (size_t j = 0; j < 2 && j < pi->nl; j++) {
                line *l = &c->lines[end ? pi->l0 + pi->nl - 1 - j : pi->l0 + j];
                if (l->role != R_FLOW)
                    break;
                int zone = end ? l->y1 >= 0.87 * h : l->y2 <= 0.13 * h;
                if (!zone)
                    break;
                int margin = is_page_number(l->text);
                /* three or more column runs: a table's header row printed
                 * again at the top of each page, not a running header */
                if (!margin && l->text[0] && l->ns < 3) {
                    char *k = margin_key(l->text);
                    mkey probe = {k, 0};
                    /* count distinct pages holding this key */
                    size_t lo = 0, hi = n;
                    while (lo < hi) {
                        size_t mid = (lo + hi) / 2;
                        if (cmp_mkey(&keys[mid], &probe) < 0)
                            lo = mid + 1;
                        else
                            hi = mid;
                    }
                    size_t pages = 0, last = SIZE_MAX;
                    for (size_t i = lo; i < n && !strcmp(keys[i].key, k); i++)
                        if (keys[i].page != last)
                            pages++, last = keys[i].page;
                    g_free(k);
                    margin = pages >= need;
                }
                if (!margin)
                    break;
                l->role = R_MARGIN;
            }
        }
    }
    for (size_t i = 0; i < n; i++)
        g_free(keys[i].key);
    free(keys);
}

/* --- tables --------------------------------------------------------------- */

/* How many of the separators [a,b] the line's segments cover; shrinks the
 * separators to the white space the line leaves. */
static int cross_seps(const ctx *c, const line *l, int nsep, double *a, double *b, int update)
{
    int crossed = 0;
    for (int k = 0; k < nsep; k++) {
        double na = a[k], nb = b[k];
        int cov = 0;
        for (size_t s = l->s0; s < l->s0 + l->ns; s++) {
            const seg *sg = &c->segs[s];
            if (sg->x1 <= na + 1 && sg->x2 >= nb - 1)
                cov = 1;
            else if (sg->x1 > na && sg->x1 < nb)
                nb = sg->x1;
            else if (sg->x2 > na && sg->x2 < nb)
                na = sg->x2;
        }
        if (cov || nb - na < 2)
            crossed++;
        else if (update)
            a[k] = na, b[k] = nb;
    }
    return crossed;
}

/* `II. `, `2. `, `1.2. `, `b) `, `đ) ` at the start of t: a section's label. */
static int opens_with_section_label(const char *t)
{
    const char *p = t;
    if (strchr("IVX", *p) && *p) {
        while (*p && strchr("IVX", *p))
            p++;
        return *p == '.' && p[1] == ' ';
    }
    if (*p >= '0' && *p <= '9') {
        while ((*p >= '0' && *p <= '9') || *p == '.')
            p++;
        return (p[-1] == '.' || *p == ')') && (p[*p == ')'] == ' ');
    }
    if (strncmp(p, "\xC4\x91", 2) == 0) /* đ */
        p += 2;
    else if (*p >= 'a' && *p <= 'z')
        p++;
    else
        return 0;
    return *p == ')' && p[1] == ' ';
}

static size_t try_table(ctx *c, size_t i, size_t end)
{
    line *l0 = &c->lines[i];
    int nsep = (int)l0->ns - 1;
    if (nsep < 2)
        return 0;
    if (nsep > MAX_COLS - 1)
        nsep = MAX_COLS - 1;
    double a[MAX_COLS], b[MAX_COLS];
    for (int k = 0; k < nsep; k++) {
        a[k] = c->segs[l0->s0 + k].x2;
        b[k] = c->segs[l0->s0 + k + 1].x1;
    }
    size_t last = i, multi = 1;
    double prev_y2 = l0->y2;
    for (size_t j = i + 1; j < end; j++) {
        line *l = &c->lines[j];
        if (l->role != R_FLOW || l->y1 - prev_y2 > 2.5 * (l->size > 0 ? l->size : 10))
            break;
        double na[MAX_COLS], nb[MAX_COLS];
        memcpy(na, a, sizeof a);
        memcpy(nb, b, sizeof b);
        int crossed = cross_seps(c, l, nsep, na, nb, 1);
        if (crossed == nsep) {
            /* A row across the whole table (a group title) only when the
             * table goes on after it. */
            if (j + 1 >= end || c->lines[j + 1].role != R_FLOW || c->lines[j + 1].ns < 2)
                break;
            double ta[MAX_COLS], tb[MAX_COLS];
            memcpy(ta, a, sizeof a);
            memcpy(tb, b, sizeof b);
            if (cross_seps(c, &c->lines[j + 1], nsep, ta, tb, 0) != 0)
                break;
            l->spanning = 1;
        } else {
            memcpy(a, na, sizeof a);
            memcpy(b, nb, sizeof b);
        }
        if (l->ns >= 2)
            multi++;
        last = j;
        prev_y2 = l->y2;
    }
    /* A heading right under the table (`b) Mục tiêu đến năm 2030`, m3)
     * lies within the first column and would pass for a row: a last line
     * of one run opening with a section's label is not the table's. */
    while (last > i && c->lines[last].ns == 1 && opens_with_section_label(c->lines[last].text))
        last--;
    if (multi < 2)
        return 0;
    /* Lines tucked just above the first full row belong to it: a header
     * cell of two lines centred beside one-line cells ("Thời gian" over
     * "STT  Nhiệm vụ ..." over "thực hiện"). */
    size_t first = i;
    while (first > 0 && c->lines[first - 1].page == l0->page && c->lines[first - 1].role == R_FLOW) {
        const line *up = &c->lines[first - 1];
        if (up->y2 < c->lines[first].y1 - 0.6 * (up->size > 0 ? up->size : 10))
            break;
        double ta[MAX_COLS], tb[MAX_COLS];
        memcpy(ta, a, sizeof a);
        memcpy(tb, b, sizeof b);
        if (cross_seps(c, up, nsep, ta, tb, 0) != 0)
            break;
        first--;
    }
    if (GROW(c, c->tables, c->n_tables, c->cap_tables))
        return 0;
    table_region *t = &c->tables[c->n_tables];
    /* The columns are the white rivers through all the region's lines (a
     * column may show on other lines than the first full row). */
    size_t nint = 0;
    for (size_t j = first; j <= last; j++)
        if (!c->lines[j].spanning)
            nint += c->lines[j].ns;
    double *iv = malloc((nint + 1) * 2 * sizeof *iv);
    if (!iv) {
        c->oom = 1;
        return 0;
    }
    nint = 0;
    for (size_t j = first; j <= last; j++) {
        const line *l = &c->lines[j];
        for (size_t sg = l->s0; !l->spanning && sg < l->s0 + l->ns; sg++) {
            iv[2 * nint] = c->segs[sg].x1;
            iv[2 * nint + 1] = c->segs[sg].x2;
            nint++;
        }
    }
    qsort(iv, nint, 2 * sizeof *iv, cmp_double);
    t->ncols = 1;
    double reach = nint ? iv[1] : 0;
    for (size_t q = 1; q < nint; q++) {
        if (iv[2 * q] > reach + 2 && t->ncols < MAX_COLS) {
            t->mid[t->ncols - 1] = (reach + iv[2 * q]) / 2;
            t->ncols++;
        }
        reach = fmax(reach, iv[2 * q + 1]);
    }
    free(iv);
    for (size_t j = first; j <= last; j++) {
        c->lines[j].role = R_TABLE;
        c->lines[j].region = (int)c->n_tables;
    }
    c->n_tables++;
    return last - i + 1;
}

/* --- two-column header and signature blocks ------------------------------- */

/* The line's segments merged across gaps narrower than 1.5 em. */
static int wide_segs(const ctx *c, const line *l, double *x1, double *x2, int max)
{
    int n = 0;
    double em = l->size > 0 ? l->size : 10;
    for (size_t s = l->s0; s < l->s0 + l->ns; s++) {
        const seg *sg = &c->segs[s];
        if (n && sg->x1 - x2[n - 1] < 1.5 * em) {
            x2[n - 1] = fmax(x2[n - 1], sg->x2);
            continue;
        }
        if (n == max)
            return max + 1;
        x1[n] = sg->x1;
        x2[n] = sg->x2;
        n++;
    }
    return n;
}

static size_t try_band(ctx *c, size_t p, size_t i, size_t end)
{
    line *l0 = &c->lines[i];
    double x1[3], x2[3];
    if (wide_segs(c, l0, x1, x2, 2) != 2)
        return 0;
    /* the two columns sit either side of the middle of the text block */
    double mid = (c->pi[p].left + c->pi[p].right) / 2;
    if ((x1[0] + x2[0]) / 2 >= mid || (x1[1] + x2[1]) / 2 <= mid)
        return 0;
    /* Right-column lines are centred on one axis (KT. CHỦ TỊCH, PHÓ CHỦ
     * TỊCH, the name); left-column lines stay clear of the right column. */
    double rc = (x1[1] + x2[1]) / 2, rw = x2[1] - x1[1];
    double rtol = fmax(0.15 * rw, 20);
    double em0 = l0->size > 0 ? l0->size : 10;
    double left_min = fmin(c->pi[p].left, x1[0]) - 1.5 * em0;
    double left_max = x2[0], right_min = x1[1];
    size_t first = i, last = i;
    /* right-column lines just above (TM. ỦY BAN NHÂN DÂN over Nơi nhận) */
    while (first > c->pi[p].l0) {
        line *l = &c->lines[first - 1];
        if (l->role != R_FLOW || c->lines[first].y1 - l->y2 > 2 * l->size)
            break;
        if (l->x1 <= left_max || fabs((l->x1 + l->x2) / 2 - rc) > rtol)
            break;
        right_min = fmin(right_min, l->x1);
        first--;
    }
    double prev_y2 = l0->y2;
    for (size_t j = i + 1; j < end; j++) {
        line *l = &c->lines[j];
        if (l->role != R_FLOW)
            break;
        double a[3], b[3];
        int n = wide_segs(c, l, a, b, 2);
        if (n > 2)
            break;
        double em = l->size > 0 ? l->size : 10;
        int right = 0, ok = 1;
        double lmax = left_max, rmin = right_min;
        for (int s = 0; s < n; s++) {
            if (fabs((a[s] + b[s]) / 2 - rc) <= rtol && a[s] > lmax) {
                right = 1;
                rmin = fmin(rmin, a[s]);
            } else if (b[s] < right_min - 0.3 * em && a[s] >= left_min) {
                lmax = fmax(lmax, b[s]);
            } else {
                ok = 0;
            }
        }
        if (!ok || l->y1 - prev_y2 > (right ? 8 : 3) * em)
            break;
        left_max = lmax;
        right_min = rmin;
        last = j;
        prev_y2 = l->y2;
    }
    /* A lone line with a gap is a stretched justified line, unless the gap
     * is far wider than any word space (Số: ... | Lai Châu, ngày ...). */
    if (first == last && x1[1] - x2[0] < 4 * em0)
        return 0;
    if (GROW(c, c->bands, c->n_bands, c->cap_bands))
        return 0;
    c->bands[c->n_bands].split = (left_max + right_min) / 2;
    for (size_t j = first; j <= last; j++) {
        c->lines[j].role = R_BAND;
        c->lines[j].region = (int)c->n_bands;
    }
    c->n_bands++;
    return last - i + 1;
}

/* --- footnotes ------------------------------------------------------------ */

static int starts_note_mark(const ctx *c, const line *l)
{
    const px_pdf_word *w = W(c, l->page, l->k0);
    const char *t = wtext(c, l->page, w);
    if (is_raised(w, l) && is_mark_text(t, w->len))
        return 1;
    size_t d = 0;
    while (d < w->len && t[d] >= '0' && t[d] <= '9')
        d++;
    return d >= 1 && d <= 3 && (d == w->len || ((t[d] == '.' || t[d] == ')') && d + 1 == w->len));
}

static void find_notes(ctx *c, size_t p)
{
    pageinfo *pi = &c->pi[p];
    int k = c->pages[p].ocr ? 1 : 0;
    double body = c->body[k];
    size_t j = pi->l0 + pi->nl;
    while (j > pi->l0 && c->lines[j - 1].role == R_MARGIN)
        j--;
    size_t bottom = j;
    while (j > pi->l0) {
        line *l = &c->lines[j - 1];
        if (l->role != R_FLOW || l->size <= 0 || l->size > 0.85 * body)
            break;
        j--;
    }
    while (j < bottom && !starts_note_mark(c, &c->lines[j]))
        j++;
    if (j == bottom || j == pi->l0 || c->lines[j].y1 < 0.45 * c->pages[p].height)
        return;
    for (size_t i = j; i < bottom; i++)
        c->lines[i].role = R_NOTE;
}

/* --- emitting blocks ------------------------------------------------------ */

static px_block *emit(ctx *c, px_block_kind kind, const char *text, size_t len)
{
    gchar *nfc = g_utf8_normalize(text, (gssize)len, G_NORMALIZE_NFC);
    const char *t = nfc ? nfc : text;
    size_t n = nfc ? strlen(nfc) : len;
    while (n && t[n - 1] == ' ')
        n--;
    while (n && *t == ' ')
        t++, n--;
    px_block *b = px_doc_add_block(c->doc, kind, t, n);
    g_free(nfc);
    if (!b)
        c->oom = 1;
    return b;
}

static void queue_side(ctx *c, px_block_kind kind, const char *text, const char *label, int page, double size)
{
    if (GROW(c, c->sides, c->n_sides, c->cap_sides))
        return;
    side *s = &c->sides[c->n_sides];
    s->text = strdup(text);
    s->label = label ? strdup(label) : NULL;
    if (!s->text || (label && !s->label)) {
        free(s->text);
        free(s->label);
        c->oom = 1;
        return;
    }
    s->kind = kind;
    s->page = page;
    s->size = size;
    c->n_sides++;
}

static void flush_sides(ctx *c)
{
    for (size_t i = 0; i < c->n_sides; i++) {
        side *s = &c->sides[i];
        px_block *b = emit(c, s->kind, s->text, strlen(s->text));
        if (b) {
            b->page = s->page;
            b->font_size = s->size;
            if (s->label)
                b->list_label = s->label, s->label = NULL;
        }
        free(s->text);
        free(s->label);
    }
    c->n_sides = 0;
}

static void flush_para(ctx *c)
{
    para *pa = &c->para;
    if (!pa->open)
        return;
    int k = c->pages[pa->page - 1].ocr ? 1 : 0;
    double size = pa->chars > 0 ? round_half(pa->size_w / pa->chars) : 0;
    double bold = pa->bold_known > 0 ? pa->bold_chars / pa->bold_known : -1;
    px_block_kind kind = PX_BLOCK_PARA;
    if (size >= c->body[k] + 1.5 && pa->text.len < 400)
        kind = PX_BLOCK_HEADING;
    else if (bold >= 0.9 && pa->n_lines <= 3 && pa->text.len <= 300 && (pa->marker || pa->caps || pa->centered))
        kind = PX_BLOCK_HEADING;
    px_block *b = emit(c, kind, pa->text.s ? pa->text.s : "", pa->text.len);
    if (b) {
        b->page = pa->page;
        b->bold = bold < 0 ? -1 : bold >= 0.6;
        b->font_size = size;
        b->indent = pa->indent > 0 ? pa->indent : 0;
        b->page_break_before = pa->page_break;
        if (pa->bold_lead && b->bold != 1) {
            /* characters to bytes in the block's text */
            const char *t = b->text;
            size_t chars = 0;
            while (*t && chars < pa->bold_lead) {
                t = g_utf8_next_char(t);
                chars++;
            }
            if (chars == pa->bold_lead)
                b->bold_prefix = (size_t)(t - b->text);
        }
    }
    sb_free(&pa->text);
    memset(pa, 0, sizeof *pa);
    flush_sides(c);
}

static int cmp_cell(const void *a, const void *b)
{
    const cell *p = a, *q = b;
    if (p->row != q->row)
        return p->row < q->row ? -1 : 1;
    return p->col < q->col ? -1 : p->col > q->col;
}

static void flush_table(ctx *c)
{
    table *t = &c->table;
    if (!t->open)
        return;
    qsort(t->cells, t->n, sizeof *t->cells, cmp_cell);
    for (size_t i = 0; i < t->n; i++) {
        cell *ce = &t->cells[i];
        if (ce->text.len) {
            px_block *b = emit(c, PX_BLOCK_CELL, ce->text.s, ce->text.len);
            if (b) {
                b->table = t->id;
                b->row = ce->row;
                b->col = ce->col;
                b->col_span = ce->span;
                b->page = ce->page;
                b->font_size = ce->chars > 0 ? round_half(ce->size_w / ce->chars) : 0;
                b->bold = ce->bold_known > 0 ? ce->bold_chars / ce->bold_known >= 0.6 : -1;
                b->page_break_before = i == 0 && t->page_break;
            }
        }
        sb_free(&ce->text);
    }
    free(t->cells);
    memset(t, 0, sizeof *t);
    flush_sides(c);
}

static cell *get_cell(ctx *c, table *t, int row, int col)
{
    for (size_t i = t->n; i > 0; i--) {
        if (t->cells[i - 1].row < row)
            break;
        if (t->cells[i - 1].row == row && t->cells[i - 1].col == col)
            return &t->cells[i - 1];
    }
    if (GROW(c, t->cells, t->n, t->cap))
        return NULL;
    cell *ce = &t->cells[t->n++];
    memset(ce, 0, sizeof *ce);
    ce->row = row;
    ce->col = col;
    ce->span = 1;
    return ce;
}

static void cell_add(ctx *c, cell *ce, const line *l, const char *text, size_t len)
{
    if (!len)
        return;
    if (ce->text.len && sb_add(&ce->text, " ", 1))
        c->oom = 1;
    if (sb_add(&ce->text, text, len))
        c->oom = 1;
    if (!ce->page)
        ce->page = c->pages[l->page].number;
    double n = (double)g_utf8_strlen(text, (gssize)len);
    ce->chars += n;
    ce->size_w += n * l->size;
    if (l->bold >= 0) {
        ce->bold_known += n;
        ce->bold_chars += n * l->bold;
    }
}

static int row_texts_equal(const table *a, int ra, const table *b, int rb)
{
    int n = 0;
    for (size_t i = 0; i < a->n; i++) {
        const cell *x = &a->cells[i];
        if (x->row != ra)
            continue;
        int found = 0;
        for (size_t j = 0; j < b->n; j++) {
            const cell *y = &b->cells[j];
            if (y->row == rb && y->col == x->col && x->text.len == y->text.len &&
                (!x->text.len || !memcmp(x->text.s, y->text.s, x->text.len)))
                found = 1;
        }
        if (!found)
            return 0;
        n++;
    }
    return n > 0;
}

typedef struct piece {
    int col, row, block, span;
    double y1, y2, base, size;
    size_t line;
    sbuf text;
} piece;

/* Reads the lines of one table region into rows and cells, and adds them
 * to the open table (a table running over a page break goes on). */
static void emit_table_region(ctx *c, size_t i0, size_t i1, int first_on_page)
{
    const table_region *r = &c->tables[c->lines[i0].region];
    table loc = {0};
    loc.ncols = r->ncols;
    memcpy(loc.mid, r->mid, sizeof loc.mid);
    size_t p = c->lines[i0].page;
    int k = c->pages[p].ocr ? 1 : 0;

    /* One piece per (line, column) with text. */
    size_t cap = (i1 - i0) * (size_t)r->ncols + 1, n = 0;
    piece *pc = calloc(cap, sizeof *pc);
    if (!pc) {
        c->oom = 1;
        return;
    }
    for (size_t i = i0; i < i1; i++) {
        const line *l = &c->lines[i];
        for (int col = 0; col < (l->spanning ? 1 : r->ncols); col++) {
            double lo = col && !l->spanning ? r->mid[col - 1] : -INFINITY;
            double hi = col < r->ncols - 1 && !l->spanning ? r->mid[col] : INFINITY;
            piece *q = &pc[n];
            add_words(c, &q->text, l, l->k0, l->k0 + l->nw, 1, lo, hi);
            if (!q->text.len) {
                sb_free(&q->text);
                continue;
            }
            q->col = col;
            q->span = l->spanning ? r->ncols : 1;
            q->y1 = l->y1;
            q->y2 = l->y2;
            q->base = l->base;
            q->size = l->size;
            q->line = i;
            n++;
        }
    }
    /* The pitch of lines inside one cell. */
    double *v = malloc((n + 1) * sizeof *v);
    size_t nv = 0, cnt = 0;
    for (size_t a2 = 0; v && a2 < n; a2++)
        for (size_t b2 = a2 + 1; b2 < n; b2++)
            if (pc[b2].col == pc[a2].col && pc[b2].span == 1 && pc[a2].span == 1) {
                if (pc[b2].base > pc[a2].base)
                    v[nv++] = pc[b2].base - pc[a2].base;
                break;
            }
    double pt = v ? mode_of(v, nv, 0.6, &cnt) : 0;
    free(v);
    if (cnt < 2 || pt <= 0)
        pt = c->pitch[k] * (pc && n && pc[0].size > 0 ? pc[0].size / c->body[k] : 1);
    /* Cells: a column's pieces run on at that pitch; a wider gap or a row
     * across the table ends the cell. */
    int blocks = 0;
    int last[MAX_COLS];
    for (int col = 0; col < MAX_COLS; col++)
        last[col] = -1;
    for (size_t j = 0; j < n; j++) {
        piece *q = &pc[j];
        if (q->span > 1) {
            q->block = blocks++;
            for (int col = 0; col < MAX_COLS; col++)
                last[col] = -1;
            continue;
        }
        int prev = last[q->col];
        /* inside a cell the pitch is exact; padding or a border between
         * rows adds a little */
        if (prev >= 0 && q->base - pc[prev].base <= pt + fmax(1.5, 0.1 * pt))
            q->block = pc[prev].block;
        else
            q->block = blocks++;
        last[q->col] = (int)j;
    }
    /* Rows: cells whose spans overlap share a row (any vertical alignment
     * of the cells: top, centre, bottom). */
    double *by1 = calloc((size_t)blocks + 1, sizeof *by1), *by2 = calloc((size_t)blocks + 1, sizeof *by2);
    int *brow = calloc((size_t)blocks + 1, sizeof *brow), *bspan = calloc((size_t)blocks + 1, sizeof *bspan);
    if (!by1 || !by2 || !brow || !bspan) {
        c->oom = 1;
        blocks = 0;
    }
    for (int bl = 0; bl < blocks; bl++)
        by1[bl] = INFINITY, by2[bl] = -INFINITY;
    for (size_t j = 0; j < n && blocks; j++) {
        piece *q = &pc[j];
        /* from the baselines: font boxes of neighbouring rows touch */
        double em = q->size > 0 ? q->size : 10;
        by1[q->block] = fmin(by1[q->block], q->base - 0.7 * em);
        by2[q->block] = fmax(by2[q->block], q->base);
        bspan[q->block] = q->span > 1;
    }
    /* blocks are numbered in order of their first line: sweep them */
    int rows = 0;
    double row_y2 = -INFINITY;
    int row_span = 0;
    for (int bl = 0; bl < blocks; bl++) {
        int overlap = rows && !bspan[bl] && !row_span && by1[bl] < row_y2;
        if (!overlap) {
            rows++;
            row_y2 = by2[bl];
            row_span = bspan[bl];
        } else {
            row_y2 = fmax(row_y2, by2[bl]);
        }
        brow[bl] = rows - 1;
    }
    /* A row holding two numbers in the first column is two rows whose
     * cells touch (no padding): each line goes to the number above it. */
    int next_row = 0;
    for (int rw = 0; rw < rows; rw++) {
        double anchors[64];
        int na = 0;
        for (int bl = 0; bl < blocks; bl++)
            if (brow[bl] == rw && !bspan[bl] && na < 64)
                for (size_t j = 0; j < n; j++)
                    if (pc[j].block == bl) {
                        if (pc[j].col == 0)
                            anchors[na++] = by1[bl];
                        break;
                    }
        for (size_t j = 0; j < n; j++) {
            if (brow[pc[j].block] != rw)
                continue;
            int sub = 0;
            for (int a2 = 1; a2 < na; a2++)
                if (anchors[a2] <= pc[j].y1 + 0.3 * (pc[j].size > 0 ? pc[j].size : 10))
                    sub = a2;
            pc[j].row = next_row + sub;
        }
        next_row += na > 1 ? na : 1;
    }
    for (size_t j = 0; j < n; j++) {
        cell *ce = get_cell(c, &loc, pc[j].row, pc[j].col);
        if (ce) {
            cell_add(c, ce, &c->lines[pc[j].line], pc[j].text.s, pc[j].text.len);
            ce->span = pc[j].span;
        }
        sb_free(&pc[j].text);
    }
    free(pc);
    free(by1);
    free(by2);
    free(brow);
    free(bspan);
    int row = next_row - 1;
    loc.n_rows = row + 1;

    table *t = &c->table;
    int cont = 0;
    if (t->open && first_on_page && t->ncols == loc.ncols) {
        cont = 1;
        for (int k2 = 0; k2 < loc.ncols - 1; k2++)
            if (fabs(t->mid[k2] - loc.mid[k2]) > 20)
                cont = 0;
    }
    if (!cont) {
        flush_para(c);
        flush_table(c);
        t->open = 1;
        t->id = c->next_table++;
        t->ncols = loc.ncols;
        memcpy(t->mid, loc.mid, sizeof t->mid);
        t->page_break = c->page_flag;
        c->page_flag = 0;
    } else {
        c->page_flag = 0;
    }
    int skip_row = -1, merge_row = -1;
    if (cont && row_texts_equal(&loc, 0, t, 0))
        skip_row = 0; /* the header row printed again on the new page */
    if (cont) {
        /* a row broken by the page break goes on in the page's first row
         * (after the repeated header), with nothing in the number column,
         * or, where that column is too narrow to stand apart, with the
         * first column going on in lower case (`bản quy phạm pháp luật …`) */
        int first = skip_row == 0 ? 1 : 0, has_col0 = 0, has_row = 0;
        for (size_t i = 0; i < loc.n; i++)
            if (loc.cells[i].row == first) {
                has_row = 1;
                const cell *lc = &loc.cells[i];
                has_col0 |= lc->col == 0 && !(lc->text.len && g_unichar_islower(g_utf8_get_char(lc->text.s)));
            }
        if (has_row && !has_col0)
            merge_row = first;
    }
    int base_row = t->n_rows - (merge_row >= 0 ? 1 : 0) - (skip_row == 0 ? 1 : 0);
    for (size_t i = 0; i < loc.n; i++) {
        cell *lc = &loc.cells[i];
        if (lc->row == skip_row) {
            sb_free(&lc->text);
            continue;
        }
        cell *ce = get_cell(c, t, base_row + lc->row, lc->col);
        if (ce) {
            if (ce->text.len && lc->text.len && sb_add(&ce->text, " ", 1))
                c->oom = 1;
            if (lc->text.len && sb_add(&ce->text, lc->text.s, lc->text.len))
                c->oom = 1;
            if (!ce->page)
                ce->page = lc->page;
            ce->span = lc->span;
            ce->chars += lc->chars;
            ce->size_w += lc->size_w;
            ce->bold_chars += lc->bold_chars;
            ce->bold_known += lc->bold_known;
        }
        sb_free(&lc->text);
    }
    int total = base_row + loc.n_rows;
    if (total > t->n_rows)
        t->n_rows = total;
    free(loc.cells);
}

/* Size and boldness of the words of a line between lo and hi. */
static void side_stats(const ctx *c, const line *l, double lo, double hi, double *size, int *bold)
{
    double n = 0, sw = 0, known = 0, b = 0;
    for (size_t k = l->k0; k < l->k0 + l->nw; k++) {
        const px_pdf_word *w = W(c, l->page, k);
        double cx = (w->x1 + w->x2) / 2;
        if (cx < lo || cx >= hi || is_raised(w, l))
            continue;
        n += (double)w->len;
        sw += (double)w->len * w->size;
        if (w->bold >= 0) {
            known += (double)w->len;
            b += w->bold ? (double)w->len : 0;
        }
    }
    *size = n > 0 ? round_half(sw / n) : l->size;
    *bold = known > 0 ? b / known >= 0.6 : -1;
}

static void band_block(ctx *c, sbuf *cur, const line *l, double x1, double lo, double hi)
{
    if (cur->len && l) {
        px_block *b = emit(c, PX_BLOCK_PARA, cur->s, cur->len);
        if (b) {
            double size;
            int bold;
            side_stats(c, l, lo, hi, &size, &bold);
            b->page = c->pages[l->page].number;
            b->bold = bold;
            b->font_size = size;
            b->indent = fmax(0, x1 - c->pi[l->page].left);
            b->page_break_before = c->page_flag;
            c->page_flag = 0;
        }
    }
    sb_free(cur);
}

/* A Decree 30 header or signature block: the left column's lines first,
 * then the right column's, each part whole. */
static void emit_band(ctx *c, size_t i0, size_t i1)
{
    flush_para(c);
    flush_table(c);
    double split = c->bands[c->lines[i0].region].split;
    for (int right = 0; right < 2; right++) {
        double lo = right ? split : -INFINITY, hi = right ? INFINITY : split;
        sbuf cur = {0};
        const line *cur_l = NULL;
        double cur_y2 = 0, cur_x1 = 0;
        for (size_t i = i0; i <= i1; i++) {
            const line *l = &c->lines[i];
            sbuf t = {0};
            add_words(c, &t, l, l->k0, l->k0 + l->nw, 1, lo, hi);
            if (!t.len) {
                sb_free(&t);
                continue;
            }
            /* A wrapped distribution-list item goes on in lower case:
             * "- Ủy ban MTTQ Việt Nam và các tổ chức" / "chính trị - xã hội tỉnh;" */
            /* ...or, in a list, goes on without a dash of its own:
             * "- Ủy ban MTTQ Việt Nam huyện và các tổ chức" / "CT-XH huyện;" */
            int wrapped = starts_lower(t.s) || (cur.len && cur.s[0] == '-' && !starts_marker(t.s));
            int join = cur.len && wrapped && !ends_sentence(cur.s) &&
                       l->y1 - cur_y2 < (l->size > 0 ? l->size : 10);
            if (join) {
                if (sb_add(&cur, " ", 1))
                    c->oom = 1;
            } else {
                band_block(c, &cur, cur_l, cur_x1, lo, hi);
                cur_l = l;
                cur_x1 = l->x1;
                for (size_t k = l->k0; k < l->k0 + l->nw; k++) {
                    const px_pdf_word *w = W(c, l->page, k);
                    if ((w->x1 + w->x2) / 2 >= lo) {
                        cur_x1 = w->x1;
                        break;
                    }
                }
            }
            if (sb_add(&cur, t.s, t.len))
                c->oom = 1;
            cur_y2 = l->y2;
            sb_free(&t);
        }
        band_block(c, &cur, cur_l, cur_x1, lo, hi);
    }
    flush_sides(c);
}

static int centered(const ctx *c, const line *l)
{
    const pageinfo *pi = &c->pi[l->page];
    double em = l->size > 0 ? l->size : 10;
    double mid = (pi->left + pi->right) / 2;
    return l->x1 > pi->left + 0.5 * em && pi->right - l->x2 > 0.5 * em &&
           fabs((l->x1 + l->x2) / 2 - mid) < 1.0 * em;
}

/* Does flow line b continue the paragraph whose last line is a? */
static int continues(const ctx *c, const line *a, const line *b, int first_line)
{
    if (fabs(a->size - b->size) > 1.0)
        return 0;
    int k = kind_of(c, b);
    double em = b->size > 0 ? b->size : c->body[k];
    if (a->page == b->page) {
        double d = b->base - a->base;
        double pitch = c->pitch[k] * (a->size > 0 ? a->size / c->body[k] : 1);
        if (d < 0 || d > pitch * 1.25 + 1)
            return 0;
    }
    int ca = centered(c, a), cb = centered(c, b);
    if (ca || cb) {
        /* A centred title wraps; its full-width lines look justified, so a
         * bold line going on in lower case is taken as the same title. */
        int bold_wrap = a->bold >= 0.9 && b->bold >= 0.9 && starts_lower(b->text);
        if ((!(ca && cb) && !bold_wrap) || starts_marker(b->text) || all_caps(a->text) != all_caps(b->text))
            return 0;
        if ((a->bold >= 0.5) != (b->bold >= 0.5))
            return 0;
        return 1;
    }
    const pageinfo *pa = &c->pi[a->page], *pb = &c->pi[b->page];
    double ind_a = a->x1 - pa->left, ind_b = b->x1 - pb->left;
    /* A line that ends short of the margin by more than the next line's
     * first word needed ends its paragraph. */
    if (pa->right - a->x2 > b->first_w + 0.5 * em)
        return 0;
    if (ind_b > ind_a + 0.7 * em && !starts_lower(b->text))
        return 0;
    /* After an indented first line the paragraph comes back to the margin;
     * a line at the same indent opens the next paragraph, unless it goes on
     * in lower case (a paragraph indented as a whole). */
    if (first_line && ind_a > 0.7 * em && fabs(ind_b - ind_a) <= 0.7 * em && !starts_lower(b->text))
        return 0;
    if (starts_marker(b->text) && ends_sentence(a->text))
        return 0;
    if (all_caps(a->text) && !all_caps(b->text) && a->bold >= 0.5)
        return 0;
    return 1;
}

static void para_add(ctx *c, size_t li)
{
    const line *l = &c->lines[li];
    para *pa = &c->para;
    if (pa->open && pa->text.len + strlen(l->text) + 1 > (size_t)PX_LIMIT_BLOCK_BYTES)
        flush_para(c);
    if (!pa->open) {
        pa->open = 1;
        pa->page = c->pages[l->page].number;
        pa->page_break = c->page_flag;
        c->page_flag = 0;
        pa->indent = l->x1 - c->pi[l->page].left;
        pa->centered = centered(c, l);
        pa->marker = starts_marker(l->text);
        pa->caps = all_caps(l->text);
        pa->bold_lead = l->bold_lead;
    } else {
        /* a soft hyphen at the line end joins the halves of a word */
        if (pa->text.len >= 2 && !memcmp(pa->text.s + pa->text.len - 2, "\xC2\xAD", 2)) {
            pa->text.len -= 2;
            pa->text.s[pa->text.len] = '\0';
        } else if (sb_add(&pa->text, " ", 1)) {
            c->oom = 1;
        }
        pa->caps = pa->caps && all_caps(l->text);
    }
    if (sb_add(&pa->text, l->text, strlen(l->text)))
        c->oom = 1;
    double n = (double)l->chars;
    pa->chars += n;
    pa->size_w += n * l->size;
    if (l->bold >= 0) {
        pa->bold_known += n;
        pa->bold_chars += n * l->bold;
    }
    pa->n_lines++;
    pa->last = li;
}

static void emit_notes(ctx *c, size_t i0, size_t i1)
{
    sbuf cur = {0};
    char label[8] = "";
    const line *first = NULL;
    for (size_t i = i0; i <= i1; i++) {
        const line *l = i < i1 ? &c->lines[i] : NULL;
        int starts = l && starts_note_mark(c, l);
        if ((starts || !l) && cur.len) {
            queue_side(c, PX_BLOCK_NOTE, cur.s, label[0] ? label : NULL,
                       c->pages[first->page].number, first->size);
            sb_free(&cur);
            label[0] = '\0';
        }
        if (!l)
            break;
        size_t k0 = l->k0;
        if (starts) {
            const px_pdf_word *w = W(c, l->page, k0);
            const char *t = wtext(c, l->page, w);
            size_t d = 0;
            while (d < w->len && d < sizeof label - 1 && ((t[d] >= '0' && t[d] <= '9') || t[d] == '*'))
                d++;
            memcpy(label, t, d);
            label[d] = '\0';
            k0++;
            first = l;
        }
        if (!first)
            first = l;
        if (cur.len && sb_add(&cur, " ", 1))
            c->oom = 1;
        add_words(c, &cur, l, k0, l->k0 + l->nw, 0, -INFINITY, INFINITY);
    }
    sb_free(&cur);
}

static void emit_page(ctx *c, size_t p)
{
    pageinfo *pi = &c->pi[p];
    c->page_flag = p > 0;
    int first_body = 1;
    for (size_t i = pi->l0; i < pi->l0 + pi->nl && !c->oom;) {
        line *l = &c->lines[i];
        size_t j = i + 1;
        switch (l->role) {
        case R_MARGIN:
            queue_side(c, PX_BLOCK_MARGIN, l->text, NULL, c->pages[p].number, l->size);
            break;
        case R_NOTE:
            while (j < pi->l0 + pi->nl && c->lines[j].role == R_NOTE)
                j++;
            emit_notes(c, i, j);
            break;
        case R_TABLE:
            while (j < pi->l0 + pi->nl && c->lines[j].role == R_TABLE && c->lines[j].region == l->region)
                j++;
            flush_para(c);
            emit_table_region(c, i, j, first_body);
            first_body = 0;
            break;
        case R_BAND:
            while (j < pi->l0 + pi->nl && c->lines[j].role == R_BAND && c->lines[j].region == l->region)
                j++;
            emit_band(c, i, j - 1);
            first_body = 0;
            break;
        default:
            flush_table(c);
            if (c->para.open && continues(c, &c->lines[c->para.last], l, c->para.n_lines == 1)) {
                if (first_body)
                    c->page_flag = 0; /* the page break falls inside this paragraph */
            } else {
                flush_para(c);
            }
            para_add(c, i);
            first_body = 0;
            break;
        }
        i = j;
    }
}

int px_pdf_layout(px_pdf_page *pages, size_t n, px_doc *doc)
{
    ctx c;
    memset(&c, 0, sizeof c);
    c.pages = pages;
    c.n_pages = n;
    c.doc = doc;
    c.pi = calloc(n ? n : 1, sizeof *c.pi);
    if (!c.pi)
        return -1;
    for (size_t p = 0; p < n && !c.oom; p++)
        if (build_lines(&c, p))
            c.oom = 1;
    if (!c.oom)
        doc_stats(&c);
    if (!c.oom)
        find_margins(&c);
    for (size_t p = 0; p < n && !c.oom; p++) {
        pageinfo *pi = &c.pi[p];
        size_t end = pi->l0 + pi->nl;
        for (size_t i = pi->l0; i < end;) {
            size_t used = c.lines[i].role == R_FLOW ? try_table(&c, i, end) : 0;
            i += used ? used : 1;
        }
        for (size_t i = pi->l0; i < end;) {
            size_t used = c.lines[i].role == R_FLOW ? try_band(&c, p, i, end) : 0;
            i += used ? used : 1;
        }
        find_notes(&c, p);
    }
    for (size_t p = 0; p < n && !c.oom; p++)
        emit_page(&c, p);
    flush_para(&c);
    flush_table(&c);
    flush_sides(&c);

    sb_free(&c.para.text);
    for (size_t i = 0; i < c.table.n; i++)
        sb_free(&c.table.cells[i].text);
    free(c.table.cells);
    for (size_t i = 0; i < c.n_sides; i++) {
        free(c.sides[i].text);
        free(c.sides[i].label);
    }
    free(c.sides);
    for (size_t i = 0; i < c.n_lines; i++)
        free(c.lines[i].text);
    free(c.lines);
    free(c.segs);
    free(c.tables);
    free(c.bands);
    for (size_t p = 0; p < n; p++)
        free(c.pi[p].order);
    free(c.pi);
    return c.oom ? -1 : 0;
}
