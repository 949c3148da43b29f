/* normalize.c: see normalize.h. */
#include "normalize.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Spaces that are not U+0020 but mean one: NBSP, en/em spaces, thin and
 * narrow spaces, ideographic space.  Zero-width ones and soft hyphens are
 * dropped: PDF and Word insert them where no reader sees a character. */
static int space_like(gunichar c)
{
    return c == 0x00A0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000 ||
           c == '\t' || c == '\v' || c == '\f';
}

static int invisible(gunichar c)
{
    return c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF || c == 0x00AD;
}

char *px_normalize_text(const char *text, int keep_newlines)
{
    gchar *nfc = g_utf8_normalize(text, -1, G_NORMALIZE_NFC);
    if (!nfc)
        return strdup(text); /* invalid UTF-8 cannot reach here; be safe */
    size_t n = strlen(nfc);
    char *out = malloc(n + 1);
    if (!out) {
        g_free(nfc);
        return NULL;
    }
    char *o = out;
    int pending_space = 0, pending_newline = 0;
    for (const char *p = nfc; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (invisible(c))
            continue;
        if (c == '\n' || c == '\r') {
            if (keep_newlines)
                pending_newline = 1;
            else
                pending_space = 1;
            continue;
        }
        if (c == ' ' || space_like(c)) {
            pending_space = 1;
            continue;
        }
        if (o > out) {
            if (pending_newline)
                *o++ = '\n';
            else if (pending_space)
                *o++ = ' ';
        }
        pending_space = pending_newline = 0;
        size_t len = (size_t)(g_utf8_next_char(p) - p);
        memcpy(o, p, len);
        o += len;
    }
    *o = '\0';
    g_free(nfc);
    return out;
}

size_t px_utf8_chars(const char *s, size_t bytes)
{
    size_t n = 0;
    for (size_t i = 0; i < bytes; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

int px_starts_lower(const char *s)
{
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_isalpha(c))
            return g_unichar_islower(c);
        if (g_unichar_isdigit(c))
            return 1;
        if (c == '(' || c == '"' || c == 0x201C || c == '\'')
            continue; /* look past opening punctuation */
        return c == ',' || c == ')' || c == ';' || c == '-' || c == '.' || c == 0x2026 || c == '%';
    }
    return 0;
}

int px_is_caps_line(const char *s)
{
    /* Letters count only in words with a letter other than a Roman
     * numeral's: `III/2025.` (a wrapped `Quý III/2025.`) is not a line
     * of capitals. */
    int letters = 0, word = 0, word_roman = 1;
    for (const char *p = s;; p = g_utf8_next_char(p)) {
        gunichar c = *p ? g_utf8_get_char(p) : 0;
        if (c && g_unichar_isalpha(c)) {
            if (g_unichar_islower(c))
                return 0;
            word++;
            word_roman = word_roman && c < 0x80 && strchr("IVXLCDM", (int)c);
            continue;
        }
        if (word && !word_roman)
            letters += word;
        word = 0;
        word_roman = 1;
        if (!c)
            break;
    }
    return letters >= 2;
}

/* A line of the Decree 30 header that stands alone whatever the blank
 * lines say: the number (`Số: 12/KH-UBND`), the motto, and the place and
 * date (`Yên Lâm, ngày 19 tháng 6 năm 2025`, ending with the year). */
static int header_line(const char *t)
{
    if ((strncmp(t, "Số:", 4) == 0 || strncmp(t, "Số ", 4) == 0) && strchr(t, '/'))
        return 1;
    if (strstr(t, "Độc lập") && strstr(t, "Tự do") && strstr(t, "Hạnh phúc"))
        return 1;
    const char *d = strstr(t, ", ngày ");
    size_t n = strlen(t);
    if (!d || d - t > 40 || n < 4 || !strstr(d, " tháng ") || !strstr(d, " năm "))
        return 0;
    for (size_t k = n - 4; k < n; k++)
        if (t[k] < '0' || t[k] > '9')
            return 0;
    return 1;
}

/* --- line classification ------------------------------------------------- */

typedef struct line_info {
    int marker;      /* heading marker (I., 1., 1.2., (1), a)) */
    int point;       /* a lettered or (n) point: a paragraph, not a title */
    int comma;       /* ends with a comma: the sentence goes on */
    int semicolon;   /* ends with a semicolon: a list goes on */
    int title_end;   /* ends with a capitalised word (`… Luật` / `Thực hiện …`) */
    int label_only;  /* the marker with nothing after it */
    int bullet;      /* -, +, • … */
    int bullet_digit;/* "- 2030": a dash before a number */
    int closing;     /* Nơi nhận:, KT./TM. signature lines, PHỤ LỤC */
    int doctype;     /* KẾ HOẠCH, QUYẾT ĐỊNH … alone on the line */
    int open_end;    /* ends with a word that cannot end a phrase (của, và …) */
    int opening;     /* opens a basis paragraph (`Căn cứ …`, `Thực hiện Kế hoạch …`) */
    int caps;
    int header;      /* a Decree 30 header line (number, motto, place and date) */
    int terminal;    /* ends with . : ; ! ? … */
    int full_stop;   /* ends with . ! ? (a lower-case line cannot follow) */
    size_t chars;
} line_info;

static int matches(const px_ruleset *rs, const char *category, const char *text, px_hit *hit, px_error *err)
{
    px_hit local;
    return px_ruleset_first(rs, category, NULL, text, strlen(text), hit ? hit : &local, err) == 1;
}

static void classify(const px_ruleset *rs, const char *text, line_info *li, px_error *err)
{
    memset(li, 0, sizeof *li);
    px_hit hit;
    if (matches(rs, "heading", text, &hit, err)) {
        li->marker = 1;
        size_t s, e;
        li->label_only = !px_hit_span(&hit, "rest", &s, &e) || s == e;
        char kind[16];
        px_hit_field(&hit, text, "kind", kind, sizeof kind);
        li->point = strcmp(kind, "letter") == 0 || strcmp(kind, "paren") == 0;
    }
    if (!li->marker && matches(rs, "bullet", text, NULL, err)) {
        li->bullet = 1;
        const char *p = text + 1;
        while (*p == ' ')
            p++;
        li->bullet_digit = (*p >= '0' && *p <= '9');
    }
    li->closing = matches(rs, "closing", text, NULL, err) || matches(rs, "appendix", text, NULL, err);
    li->doctype = matches(rs, "doctype", text, NULL, err);
    li->open_end = matches(rs, "open_end", text, NULL, err);
    li->opening = matches(rs, "opening", text, NULL, err);
    li->caps = px_is_caps_line(text);
    li->header = header_line(text);
    size_t n = strlen(text);
    const char *end = text + n;
    /* look past closing quotes and brackets */
    while (end > text && (end[-1] == ')' || end[-1] == '"' || end[-1] == '\''))
        end--;
    if (end - text >= 3 && memcmp(end - 3, "\xE2\x80\x9D", 3) == 0) /* ” */
        end -= 3;
    if (end > text) {
        char c = end[-1];
        li->terminal = strchr(".:;!?", c) != NULL;
        li->full_stop = strchr(".!?", c) != NULL;
        li->comma = c == ',';
        li->semicolon = c == ';';
        /* the last word: capitalised, the rest lower case */
        const char *w = end;
        while (w > text && w[-1] != ' ')
            w--;
        if (w > text) {
            gunichar f = g_utf8_get_char(w);
            const char *rest = g_utf8_next_char(w);
            li->title_end = g_unichar_isupper(f) && rest < end && !px_is_caps_line(w);
        }
        if (end - text >= 3 && memcmp(end - 3, "\xE2\x80\xA6", 3) == 0) /* … */
            li->terminal = 1;
    }
    li->chars = px_utf8_chars(text, n);
}

/* Width of a full line, from the lines themselves: the 85th percentile of
 * line lengths.  A justified line that ends well short of it ends its
 * paragraph (the text-only stand-in for the right-edge test on PDF
 * geometry). */
static size_t full_width(const px_doc *doc)
{
    size_t n = 0;
    for (size_t i = 0; i < doc->n_blocks; i++)
        if (doc->blocks[i].kind == PX_BLOCK_LINE)
            n++;
    if (n < 8)
        return 0;
    size_t *len = malloc(n * sizeof *len);
    if (!len)
        return 0;
    size_t k = 0;
    for (size_t i = 0; i < doc->n_blocks; i++)
        if (doc->blocks[i].kind == PX_BLOCK_LINE)
            len[k++] = px_utf8_chars(doc->blocks[i].text, strlen(doc->blocks[i].text));
    /* insertion sort is fine: one pass per document, small n */
    for (size_t i = 1; i < n; i++) {
        size_t v = len[i], j = i;
        while (j > 0 && len[j - 1] > v) { len[j] = len[j - 1]; j--; }
        len[j] = v;
    }
    size_t w = len[n * 90 / 100];
    free(len);
    /* too few long lines to know the width: no line counts as full */
    return w < 60 ? 0 : w;
}

/* Whether line b continues line a (both PX_BLOCK_LINE). gaps_meaningful:
 * blank lines in this document separate paragraphs (text saved from Word);
 * otherwise every line is followed by one (text extracted from PDF). */
static int continues(const line_info *a, const line_info *b, const px_block *bb, int gaps_meaningful,
                     size_t width, int in_body)
{
    if (a->label_only)
        return 1;
    if (b->marker || b->closing || b->doctype || a->closing || a->doctype || a->header || b->header)
        return 0;
    /* `- 2030` after an unfinished sentence goes on; a dash before a
     * number after a blank line or a heading opens a list item (`3. Chỉ
     * tiêu cụ thể` / `- 100% thủ tục …`) */
    if (b->bullet)
        return b->bullet_digit && !a->terminal && !(gaps_meaningful && bb->gap_before) &&
               !(a->marker && !a->open_end);
    if (a->caps && !b->caps)
        return 0;
    int b_lower = px_starts_lower(bb->text);
    int a_full = width && a->chars * 100 >= width * 88;
    /* a heading (`1.Mục đích`) does not run on into a capitalised line,
     * blank line or not */
    if (a->marker && !a->point && !a->open_end && !a->terminal && !a->comma && !b_lower && !a->caps &&
        bb->text[0] != '(')
        return 0;
    if (gaps_meaningful && !bb->gap_before)
        return !(a->caps && b->caps && a->terminal);
    if (b_lower)
        return !a->full_stop;
    /* a heading addressed to several units: `1. Thủ trưởng các Sở …;` /
     * `Chủ tịch UBND các xã …` (a lettered point ending in `;` is done) */
    int list_goes_on = a->marker && !a->point && a->semicolon;
    if ((a->terminal && !list_goes_on) || b->caps)
        return 0;
    if (!in_body && b->opening)
        return 0; /* the title ends where the basis paragraph starts */
    if (gaps_meaningful)
        return a->chars >= 100; /* a body paragraph cut by a page break (seed 002 I/2/b) */
    /* `(PAPI) năm 2023 …`: a bracket opening the line goes on */
    if (bb->text[0] == '(' && !a->terminal)
        return 1;
    /* A heading is short by nature: only a dangling word carries it onto a
     * capitalised line; otherwise that line is the body (seed 003, 1.2.8).
     * A lettered point is a paragraph: a long first line goes on. */
    if (a->marker)
        return a->open_end || a->comma || list_goes_on ||
               (a->point && (a_full || a->title_end || (!width && a->chars >= 40)));
    if (!in_body && b->opening)
        return 0; /* the title ends where the basis paragraph starts */
    /* In the body a paragraph ends with punctuation; one that does not goes
     * on, even onto a capital (`… nhiệm vụ` / `Chính phủ, …`).  Before the
     * first heading (title lines are unpunctuated) only a full line does. */
    return in_body || a_full || a->open_end;
}

static int is_page_number(const char *t)
{
    /* "12", "- 12 -", "Trang 12" */
    const char *p = t;
    if (strncmp(p, "Trang ", 6) == 0)
        p += 6;
    while (*p == '-' || *p == ' ')
        p++;
    int digits = 0;
    while (*p >= '0' && *p <= '9') { p++; digits++; }
    while (*p == '-' || *p == ' ')
        p++;
    return digits > 0 && digits <= 3 && *p == '\0';
}

/* A line of a table of contents (`MỤC LỤC`): text, a dot leader, a page
 * number (`1. Mục đích ........ 1`, `II. MỤC TIÊU …… 2`).  Its heading is
 * printed again where the part begins; read here it would open a second
 * `I.` before the first. */
static int is_contents_line(const char *t)
{
    size_t n = strlen(t);
    while (n > 0 && t[n - 1] == ' ')
        n--;
    size_t digits = 0;
    while (n > 0 && t[n - 1] >= '0' && t[n - 1] <= '9') {
        n--;
        digits++;
    }
    if (digits == 0 || digits > 3)
        return 0;
    while (n > 0 && t[n - 1] == ' ')
        n--;
    /* the leader: four or more dots (spaced or not) or two or more `…` */
    int dots = 0;
    while (n > 0) {
        if (t[n - 1] == '.') {
            dots++;
            n--;
        } else if (t[n - 1] == ' ') {
            n--;
        } else if (n >= 3 && memcmp(t + n - 3, "…", 3) == 0) {
            dots += 2;
            n -= 3;
        } else {
            break;
        }
    }
    return dots >= 4 && n > 0;
}

static int is_bare_url(const char *t)
{
    return (strncmp(t, "http://", 7) == 0 || strncmp(t, "https://", 8) == 0 || strncmp(t, "www.", 4) == 0) &&
           !strchr(t, ' ');
}

static char *join2(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = malloc(la + lb + 2);
    if (!s)
        return NULL;
    memcpy(s, a, la);
    size_t k = la;
    /* "CT-" + "XH": a hyphen at the break joins without a space */
    if (!(la > 1 && a[la - 1] == '-' && a[la - 2] != ' '))
        s[k++] = ' ';
    memcpy(s + k, b, lb + 1);
    return s;
}

/* Appends b's text to open (the paragraph it continues) and frees what b
 * owned.  Returns -1 when out of memory (b is left as it was). */
static int absorb(px_block *open, px_block *b)
{
    char *joined = join2(open->text, b->text);
    if (!joined)
        return -1;
    free(open->text);
    open->text = joined;
    free(b->text);
    free(b->list_label);
    return 0;
}

static int opens_with_label(const char *t);

/* The length of the run-in heading block b opens with, or 0: bold text
 * that opens with a heading's label and ends in ':', plain text after it
 * (`**4. Chế độ báo cáo:** Các cơ quan …`).  A bold field label without a
 * number (`**Cơ quan chủ trì:** Sở Nội vụ.`) is read with its value. */
static size_t run_in_heading(const px_block *b)
{
    size_t n = b->bold_prefix;
    while (n > 0 && b->text[n - 1] == ' ')
        n--;
    if (b->bold_prefix && n > 0 && b->text[n - 1] == ':' && b->text[b->bold_prefix] &&
        b->kind != PX_BLOCK_CELL && opens_with_label(b->text))
        return n;
    return 0;
}

/* A paragraph that opens with a run-in heading: the bold part becomes a
 * heading block of its own, the rest its body (seed 004, IV/4).  Returns
 * -1 when out of memory. */
static int split_run_in_headings(px_doc *doc)
{
    size_t extra = 0;
    for (size_t i = 0; i < doc->n_blocks; i++)
        extra += run_in_heading(&doc->blocks[i]) > 0;
    if (!extra)
        return 0;
    px_block *grown = malloc((doc->n_blocks + extra) * sizeof *grown);
    if (!grown)
        return -1;
    size_t w = 0;
    for (size_t i = 0; i < doc->n_blocks; i++) {
        px_block b = doc->blocks[i];
        size_t n = run_in_heading(&b);
        if (n) {
            px_block head = b, rest = b;
            head.kind = PX_BLOCK_HEADING;
            head.text = strndup(b.text, n);
            head.bold = 1;
            head.bold_prefix = 0;
            rest.text = strdup(b.text + b.bold_prefix);
            rest.list_label = NULL;
            rest.bold = 0;
            rest.bold_prefix = 0;
            rest.page_break_before = rest.gap_before = 0;
            if (!head.text || !rest.text) {
                free(head.text);
                free(rest.text);
                free(grown);
                return -1;
            }
            free(b.text);
            grown[w++] = head;
            grown[w++] = rest;
        } else {
            grown[w++] = b;
        }
    }
    free(doc->blocks);
    doc->blocks = grown;
    doc->n_blocks = w;
    doc->cap_blocks = w;
    return 0;
}

/* A Word document whose paragraphs are the lines of a wrapped text (a PDF
 * pasted into Word, a text file opened and saved): paragraphs that stop
 * without punctuation and go on in the next one in lower case are common
 * in it and all but absent from a document typed in Word, where a line
 * wraps by itself.  Such paragraphs are read as lines, to be joined as a
 * text's are. */
static int docx_is_hard_wrapped(const px_doc *doc)
{
    if (doc->format != PX_FORMAT_DOCX)
        return 0;
    size_t paras = 0, carried = 0;
    for (size_t i = 0; i < doc->n_blocks; i++) {
        const px_block *a = &doc->blocks[i];
        if (a->kind != PX_BLOCK_PARA)
            continue;
        paras++;
        if (i + 1 >= doc->n_blocks || doc->blocks[i + 1].kind != PX_BLOCK_PARA)
            continue;
        size_t n = strlen(a->text);
        while (n && a->text[n - 1] == ' ')
            n--;
        if (n && !strchr(".:;!?", a->text[n - 1]) && px_starts_lower(doc->blocks[i + 1].text))
            carried++;
    }
    return carried >= 5 && carried * 10 >= paras;
}

/* `I.`, `1.2. `, `(3)`, `a)` at the start of a line. */
static int opens_with_label(const char *t)
{
    const char *p = t;
    if (*p == '(') {
        p++;
        while (*p >= '0' && *p <= '9')
            p++;
        return p > t + 1 && *p == ')';
    }
    if (strchr("IVX", *p)) {
        while (*p && strchr("IVX", *p))
            p++;
        return *p == '.';
    }
    if (*p >= '0' && *p <= '9') {
        while ((*p >= '0' && *p <= '9') || *p == '.')
            p++;
        return p[-1] == '.' && *p == ' ';
    }
    return *p >= 'a' && *p <= 'z' && p[1] == ')';
}

/* Whether the lines that follow another without a blank between them
 * mostly follow a finished sentence: then a newline ends a paragraph (one
 * paragraph per line, with blank lines only between groups), and the blank
 * lines say nothing about where paragraphs end.  In text saved with blank
 * lines between paragraphs the lines without one are wraps, which fall
 * inside sentences. */
static int newlines_end_sentences(const px_doc *doc)
{
    size_t soft = 0, breaks = 0;
    for (size_t i = 1; i < doc->n_blocks; i++) {
        const px_block *a = &doc->blocks[i - 1], *b = &doc->blocks[i];
        if (a->kind != PX_BLOCK_LINE || b->kind != PX_BLOCK_LINE || b->gap_before)
            continue;
        soft++;
        /* after a full sentence, after a heading, or before a bullet: a
         * newline that a wrap inside a paragraph would not make */
        size_t n = strlen(a->text);
        if ((n && strchr(".:;!?", a->text[n - 1])) || opens_with_label(a->text) || b->text[0] == '-' ||
            b->text[0] == '+')
            breaks++;
    }
    return soft >= 4 && breaks * 2 >= soft;
}

/* Whether the lines that open a numbered or lettered item (`a)`, `2.`)
 * mostly come after a blank line.  Text saved with blank lines between
 * paragraphs puts one before every such item.  Hard-wrapped text with a
 * few blank lines, between the parts only (w2, from `pdftotext -layout`),
 * does not: there a line without a blank before it may still open a
 * paragraph, and the blank lines say nothing about where paragraphs end.
 * Bullets are left out: Markdown writes a list's bullets without blank
 * lines between them and its paragraphs with. */
static int blanks_before_items(const px_doc *doc)
{
    size_t items = 0, gapped = 0;
    for (size_t i = 1; i < doc->n_blocks; i++) {
        const px_block *b = &doc->blocks[i];
        if (b->kind != PX_BLOCK_LINE || doc->blocks[i - 1].kind != PX_BLOCK_LINE)
            continue;
        if (opens_with_label(b->text)) {
            items++;
            gapped += b->gap_before != 0;
        }
    }
    return items < 4 || gapped * 2 >= items;
}

/* Running headers and footers of text taken from PDF (g3, i3: `BCĐ CCHC
 * tỉnh Quảng Trị   Kế hoạch nâng cao …` under every page number): a line
 * met beside two or more page numbers, the same each time, is the page's
 * furniture and not text; left in, it is joined into the sentence the
 * page break cut.  beside: indices of the lines next to a page number. */
/* strcmp with each run of digits equal to any other: a running footer
 * carries its page (`Kế hoạch số 87/KH-UBND …  2/6`). */
static int cmp_but_numbers(const char *p, const char *q)
{
    for (;;) {
        int dp = *p >= '0' && *p <= '9', dq = *q >= '0' && *q <= '9';
        if (dp && dq) {
            while (*p >= '0' && *p <= '9')
                p++;
            while (*q >= '0' && *q <= '9')
                q++;
            continue;
        }
        if (*p != *q || !*p)
            return (unsigned char)*p - (unsigned char)*q;
        p++;
        q++;
    }
}

static int cmp_block_text(const void *a, const void *b, void *ctx)
{
    const px_doc *doc = ctx;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int c = cmp_but_numbers(doc->blocks[x].text, doc->blocks[y].text);
    return c ? c : (x > y) - (x < y);
}

/* A line that ends with its page of the whole (`… 2/6`): where a running
 * footer or header would be, as a line beside a page number is. */
static int ends_with_page_of(const char *t)
{
    size_t n = strlen(t), i = n, digits = 0;
    while (i > 0 && t[i - 1] >= '0' && t[i - 1] <= '9' && digits < 4)
        i--, digits++;
    if (!digits || digits > 3 || i < 2 || t[i - 1] != '/')
        return 0;
    i--;
    digits = 0;
    while (i > 0 && t[i - 1] >= '0' && t[i - 1] <= '9' && digits < 4)
        i--, digits++;
    return digits && digits <= 3 && i > 0 && t[i - 1] == ' ';
}

static void drop_running_lines(px_doc *doc, size_t *beside, size_t n)
{
    int *drop = calloc(doc->n_blocks + 1, sizeof *drop);
    if (!drop)
        return; /* the text keeps its furniture: worse, not wrong */
    int any = 0;
    /* sorted by text, a running line's places sit side by side: n log n,
     * as a hostile file may hold a page number on every other line */
    qsort_r(beside, n, sizeof *beside, cmp_block_text, doc);
    for (size_t i = 0; i + 1 < n; i++)
        if (beside[i] != beside[i + 1] &&
            cmp_but_numbers(doc->blocks[beside[i]].text, doc->blocks[beside[i + 1]].text) == 0)
            drop[beside[i]] = drop[beside[i + 1]] = any = 1;
    size_t w = 0;
    for (size_t i = 0; any && i < doc->n_blocks; i++) {
        if (drop[i]) {
            /* the text after the furniture goes on where the page broke */
            if (i + 1 < doc->n_blocks && !doc->blocks[i + 1].gap_before)
                doc->blocks[i + 1].gap_before = doc->blocks[i].gap_before;
            free(doc->blocks[i].text);
            free(doc->blocks[i].list_label);
            continue;
        }
        doc->blocks[w++] = doc->blocks[i];
    }
    if (any)
        doc->n_blocks = w;
    free(drop);
}

int px_normalize(px_doc *doc, const px_ruleset *rules, px_error *err)
{
    if (docx_is_hard_wrapped(doc))
        for (size_t i = 0; i < doc->n_blocks; i++)
            if (doc->blocks[i].kind == PX_BLOCK_PARA) {
                doc->blocks[i].kind = PX_BLOCK_LINE;
                doc->blocks[i].gap_before = 0;
            }
    if (split_run_in_headings(doc))
        return px_error_set(err, "out of memory");
    /* 1. clean every block; labels in front; drop page numbers and URLs */
    size_t w = 0;
    size_t lines = 0, gapped = 0;
    /* output indices of the lines just before and after a page number:
     * where a running header or footer would be */
    size_t *beside = calloc(3 * doc->n_blocks + 1, sizeof *beside), n_beside = 0;
    if (!beside)
        return px_error_set(err, "out of memory");
    int after_page_number = 0;
    for (size_t i = 0; i < doc->n_blocks; i++) {
        px_block *b = &doc->blocks[i];
        char *clean = px_normalize_text(b->text, b->kind == PX_BLOCK_CELL);
        if (!clean) {
            free(beside);
            return px_error_set(err, "out of memory");
        }
        free(b->text);
        b->text = clean;
        if (b->list_label && b->list_label[0]) {
            char *label = px_normalize_text(b->list_label, 0);
            char *joined = label ? malloc(strlen(label) + strlen(clean) + 2) : NULL;
            if (joined) {
                sprintf(joined, "%s %s", label, clean);
                free(b->text);
                b->text = joined;
            }
            free(label);
        }
        int page_number = b->kind == PX_BLOCK_LINE && is_page_number(b->text);
        int drop = b->text[0] == '\0' || page_number ||
                   (b->kind != PX_BLOCK_CELL && b->kind != PX_BLOCK_NOTE && is_contents_line(b->text)) ||
                   (b->kind == PX_BLOCK_LINE && is_bare_url(b->text));
        if (page_number) {
            if (w > 0 && doc->blocks[w - 1].kind == PX_BLOCK_LINE)
                beside[n_beside++] = w - 1;
            after_page_number = 1;
        }
        if (drop) {
            free(b->text);
            free(b->list_label);
            continue;
        }
        if ((after_page_number || ends_with_page_of(b->text)) && b->kind == PX_BLOCK_LINE)
            beside[n_beside++] = w;
        after_page_number = 0;
        if (b->kind == PX_BLOCK_LINE) {
            lines++;
            gapped += b->gap_before != 0;
        }
        doc->blocks[w++] = *b;
    }
    doc->n_blocks = w;
    drop_running_lines(doc, beside, n_beside);
    free(beside);

    /* 2. join LINE runs */
    /* Three kinds of text: a blank line after every line (extracted from
     * PDF: blanks say nothing); blank lines between paragraphs (saved from
     * Word: a line without one before it is a soft break); no blank lines
     * at all (one paragraph per line, or hard-wrapped): decide by content. */
    int gaps_meaningful = lines > 0 && gapped * 10 < lines * 6 && gapped * 20 >= lines &&
                          !newlines_end_sentences(doc) && blanks_before_items(doc);
    size_t width = full_width(doc);
    w = 0;
    line_info prev_info = {0};
    int seen_marker = 0; /* past the title zone */
    ssize_t prev = -1; /* index (in output) of the open LINE paragraph */
    int label_para = 0; /* the last block out is a PARA holding a label only */
    for (size_t i = 0; i < doc->n_blocks; i++) {
        px_block b = doc->blocks[i];
        if (b.kind != PX_BLOCK_LINE) {
            /* a label alone in its paragraph (`3.`, its text in the next
             * one) is joined to its text, as a label alone on a line is */
            if (b.kind == PX_BLOCK_PARA && w > 0 && label_para && doc->blocks[w - 1].kind == PX_BLOCK_PARA) {
                if (absorb(&doc->blocks[w - 1], &b))
                    return px_error_set(err, "out of memory");
                label_para = 0;
                continue;
            }
            label_para = 0;
            if (b.kind == PX_BLOCK_PARA && strlen(b.text) <= 12) { /* `1.2.3.`, `(12)`: short */
                line_info para;
                err->msg[0] = '\0';
                classify(rules, b.text, &para, err);
                if (err->msg[0])
                    return -1;
                label_para = para.label_only;
            }
            /* notes and margins interrupt nothing (seed 004: a paragraph
             * continues after its page's footnotes) */
            if (b.kind != PX_BLOCK_NOTE && b.kind != PX_BLOCK_MARGIN)
                prev = -1;
            doc->blocks[w++] = b;
            continue;
        }
        label_para = 0;
        line_info info;
        err->msg[0] = '\0';
        classify(rules, b.text, &info, err);
        if (err->msg[0])
            return -1;
        if (prev >= 0 && continues(&prev_info, &info, &b, gaps_meaningful, width, seen_marker)) {
            if (absorb(&doc->blocks[prev], &b))
                return px_error_set(err, "out of memory");
            /* the joined paragraph ends like the line just added */
            int was_label_only = prev_info.label_only;
            prev_info.terminal = info.terminal;
            prev_info.full_stop = info.full_stop;
            prev_info.open_end = info.open_end;
            prev_info.chars = info.chars;
            prev_info.comma = info.comma;
            prev_info.semicolon = info.semicolon;
            prev_info.title_end = info.title_end;
            prev_info.label_only = 0;
            prev_info.caps = prev_info.caps && info.caps;
            prev_info.closing = 0;
            prev_info.doctype = 0;
            if (was_label_only)
                prev_info.marker = 1;
            continue;
        }
        if (info.marker)
            seen_marker = 1;
        b.kind = PX_BLOCK_PARA;
        doc->blocks[w] = b;
        prev = (ssize_t)w;
        prev_info = info;
        w++;
    }
    doc->n_blocks = w;

    /* 3. offsets */
    size_t offset = 0;
    for (size_t i = 0; i < doc->n_blocks; i++) {
        doc->blocks[i].offset = offset;
        offset += px_utf8_chars(doc->blocks[i].text, strlen(doc->blocks[i].text)) + 1;
    }
    return 0;
}
