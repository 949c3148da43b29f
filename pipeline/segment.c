/* segment.c: see segment.h. */
#include "segment.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "px_limits.h"

void px_outline_free(px_outline *o)
{
    if (!o)
        return;
    for (size_t i = 0; i < o->n; i++) {
        free(o->sections[i].label);
        free(o->sections[i].num);
        free(o->sections[i].path);
        free(o->sections[i].title);
    }
    free(o->sections);
    free(o->block_section);
    memset(o, 0, sizeof *o);
}

static char *copy_span(const char *s, size_t a, size_t b)
{
    char *c = malloc(b - a + 1);
    if (c) {
        memcpy(c, s + a, b - a);
        c[b - a] = '\0';
    }
    return c;
}

/* A '.' ends a sentence when a space and a capital (or an opening quote)
 * follow; "...", "…" and numbers like 1.2 do not (seed 003 decisions). */
static int sentence_end_at(const char *s, size_t i)
{
    if (s[i] != '.' && s[i] != '?' && s[i] != '!')
        return 0;
    if (s[i] == '.' && ((i > 0 && s[i - 1] == '.') || s[i + 1] == '.'))
        return 0;
    if (s[i + 1] == '\0')
        return 1;
    if (s[i + 1] != ' ')
        return 0;
    const char *next = s + i + 2;
    gunichar c = g_utf8_get_char_validated(next, -1);
    if (c == (gunichar)-1 || c == (gunichar)-2)
        return 0;
    return g_unichar_isupper(c) || c == 0x201C || c == '"';
}

char *px_section_title(const char *rest)
{
    size_t n = strlen(rest);
    size_t end = n;
    for (size_t i = 0; i < n; i++)
        if (sentence_end_at(rest, i)) {
            end = i;
            break;
        }
    /* closing punctuation kept off: ":", ".", ";" (and ". /." endings) */
    while (end > 0 && strchr(" :.;,/", rest[end - 1]))
        end--;
    return copy_span(rest, 0, end);
}

static int level_of(px_marker_kind kind, const char *num)
{
    switch (kind) {
    case PX_MARK_ROMAN: return 1;
    case PX_MARK_ARABIC: return 2;
    case PX_MARK_DOTTED: {
        int dots = 0;
        for (const char *p = num; *p; p++)
            dots += *p == '.';
        return 2 + dots; /* 1.2 → 3, 1.2.3 → 4 */
    }
    case PX_MARK_PAREN: return 20;
    case PX_MARK_LETTER: return 21;
    }
    return 30;
}

static px_marker_kind kind_of(const char *name)
{
    if (!name) return 0;
    if (strcmp(name, "roman") == 0) return PX_MARK_ROMAN;
    if (strcmp(name, "arabic") == 0) return PX_MARK_ARABIC;
    if (strcmp(name, "dotted") == 0) return PX_MARK_DOTTED;
    if (strcmp(name, "paren") == 0) return PX_MARK_PAREN;
    if (strcmp(name, "letter") == 0) return PX_MARK_LETTER;
    return 0;
}

static int roman_value(const char *r)
{
    int total = 0, prev = 0;
    for (int i = (int)strlen(r) - 1; i >= 0; i--) {
        int v = r[i] == 'I' ? 1 : r[i] == 'V' ? 5 : r[i] == 'X' ? 10 : r[i] == 'L' ? 50 : r[i] == 'C' ? 100 : 0;
        total += v < prev ? -v : v;
        if (v > prev)
            prev = v;
    }
    return total;
}

static void roman_string(int n, char *out, size_t size)
{
    static const struct { int v; const char *s; } table[] = {
        {100, "C"}, {90, "XC"}, {50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}};
    size_t k = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        while (n >= table[i].v && k + strlen(table[i].s) < size) {
            strcat(out, table[i].s);
            k += strlen(table[i].s);
            n -= table[i].v;
        }
}

/* "1.2" is the prefix of "1.2.3" (at a dot boundary). */
static int dotted_prefix(const char *parent, const char *child)
{
    size_t n = strlen(parent);
    return strncmp(parent, child, n) == 0 && child[n] == '.';
}

int px_outline_in_body(const px_outline *o, const px_doc *doc, size_t i)
{
    px_block_kind k = doc->blocks[i].kind;
    if (k == PX_BLOCK_NOTE || k == PX_BLOCK_MARGIN)
        return 0;
    return i < o->body_end || i >= o->appendix;
}

static int is_flow(const px_block *b)
{
    return b->kind == PX_BLOCK_PARA || b->kind == PX_BLOCK_HEADING || b->kind == PX_BLOCK_LINE;
}

int px_segment(const px_doc *doc, const px_ruleset *rules, px_outline *out, px_error *err)
{
    memset(out, 0, sizeof *out);
    out->n_blocks = doc->n_blocks;
    out->body_end = doc->n_blocks;
    out->appendix = doc->n_blocks;
    out->block_section = malloc((doc->n_blocks + 1) * sizeof *out->block_section);
    size_t cap = 32;
    out->sections = malloc(cap * sizeof *out->sections);
    if (!out->block_section || !out->sections)
        return px_error_set(err, "out of memory");

    /* Where the body ends and the appendix starts. */
    px_hit hit;
    int seen_section = 0;
    for (size_t i = 0; i < doc->n_blocks; i++) {
        const px_block *b = &doc->blocks[i];
        if (b->kind == PX_BLOCK_NOTE || b->kind == PX_BLOCK_MARGIN)
            continue;
        const char *t = b->text;
        if (out->body_end == doc->n_blocks) {
            int rc = px_ruleset_first(rules, "closing", NULL, t, strlen(t), &hit, err);
            if (rc < 0)
                return -1;
            if (rc == 1 && (seen_section || i > doc->n_blocks / 2)) {
                out->body_end = i;
                continue;
            }
            if (!seen_section && is_flow(b) && px_ruleset_first(rules, "heading", NULL, t, strlen(t), &hit, err) == 1)
                seen_section = 1;
        }
        if (out->appendix == doc->n_blocks && (seen_section || out->body_end < doc->n_blocks)) {
            int rc = px_ruleset_first(rules, "appendix", NULL, t, strlen(t), &hit, err);
            if (rc < 0)
                return -1;
            if (rc == 1 && i > 0) {
                out->appendix = i;
                if (out->body_end > i)
                    out->body_end = i;
                break;
            }
        }
    }

    /* Open sections, innermost last. */
    int last_roman = 0;
    int stack[64];
    int depth = 0;
    for (size_t i = 0; i < doc->n_blocks; i++) {
        const px_block *b = &doc->blocks[i];
        out->block_section[i] = -1;
        if (i >= out->body_end) {
            continue; /* closing and appendix: section "" */
        }
        if (!is_flow(b)) {
            out->block_section[i] = depth ? stack[depth - 1] : -1;
            continue;
        }
        int rc = px_ruleset_first(rules, "heading", NULL, b->text, strlen(b->text), &hit, err);
        if (rc < 0)
            return -1;
        if (rc == 0) {
            out->block_section[i] = depth ? stack[depth - 1] : -1;
            continue;
        }
        char kind_name[16], num[64], label[64];
        px_hit_field(&hit, b->text, "kind", kind_name, sizeof kind_name);
        px_hit_field(&hit, b->text, "num", num, sizeof num);
        px_hit_field(&hit, b->text, "label", label, sizeof label);
        px_marker_kind kind = kind_of(kind_name);
        /* OCR drops a stroke of a Roman numeral (III. read as II.): on an
         * OCR'd page a part number that does not advance is the next one.
         * Printed text keeps its numbers as printed (ANNOTATION.md). */
        if (kind == PX_MARK_ROMAN && b->ocr && last_roman > 0 && roman_value(num) <= last_roman) {
            roman_string(last_roman + 1, num, sizeof num);
            snprintf(label, sizeof label, "%s.", num);
        }
        if (kind == PX_MARK_ROMAN)
            last_roman = roman_value(num);
        if (!kind) {
            return px_error_set(err, "heading rule %s sets no valid kind (roman, arabic, dotted, paren, letter)",
                                px_rule_id(hit.rule));
        }
        if (out->n >= PX_LIMIT_SECTIONS)
            return px_error_set(err, "more than %d sections", PX_LIMIT_SECTIONS);
        int level = level_of(kind, num);
        while (depth > 0) {
            const px_section *top = &out->sections[stack[depth - 1]];
            int nests = top->level < level;
            if (nests && top->kind == PX_MARK_DOTTED && kind == PX_MARK_DOTTED && !dotted_prefix(top->num, num))
                nests = 0;
            if (nests)
                break;
            depth--;
        }
        if (out->n == cap) {
            cap *= 2;
            px_section *g = realloc(out->sections, cap * sizeof *g);
            if (!g)
                return px_error_set(err, "out of memory");
            out->sections = g;
        }
        px_section *s = &out->sections[out->n];
        memset(s, 0, sizeof *s);
        s->kind = kind;
        s->level = level;
        s->parent = depth ? stack[depth - 1] : -1;
        s->block = i;
        s->last_block = i;
        s->label = strdup(label);
        s->num = strdup(num);
        size_t rs, re;
        if (px_hit_span(&hit, "rest", &rs, &re))
            s->title = px_section_title(b->text + rs);
        else
            s->title = strdup("");
        const char *parent_path = s->parent >= 0 ? out->sections[s->parent].path : NULL;
        size_t plen = parent_path ? strlen(parent_path) + 1 : 0;
        s->path = malloc(plen + strlen(num) + 1);
        if (!s->label || !s->num || !s->title || !s->path)
            return px_error_set(err, "out of memory");
        if (parent_path)
            sprintf(s->path, "%s/%s", parent_path, num);
        else
            strcpy(s->path, num);
        if (depth == (int)(sizeof stack / sizeof stack[0]))
            return px_error_set(err, "sections nested deeper than %d levels", depth);
        stack[depth++] = (int)out->n;
        out->block_section[i] = (int)out->n;
        out->n++;
    }
    /* Each section spans to the block before the next section that is not
     * inside it. */
    for (size_t k = 0; k < out->n; k++) {
        size_t last = out->sections[k].block;
        for (size_t i = out->sections[k].block + 1; i < out->body_end; i++) {
            int s = out->block_section[i];
            int inside = 0;
            while (s >= 0) {
                if ((size_t)s == k) { inside = 1; break; }
                s = out->sections[s].parent;
            }
            if (!inside && out->block_section[i] != -1)
                break;
            if (inside)
                last = i;
        }
        out->sections[k].last_block = last;
    }
    return 0;
}
