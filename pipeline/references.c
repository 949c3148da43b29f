/* references.c: the documents a plan cites as its basis (rules/
 * references.rules), read from the opening paragraphs only: those before
 * the first section that start like `Căn cứ …`, `Thực hiện …` — and the
 * documents those paragraphs name as what their basis carries out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze_util.h"

static void clean_number(const char *raw, char *out, size_t size)
{
    size_t n = 0;
    for (const char *p = raw; *p && n + 1 < size; p++)
        if (*p != ' ')
            out[n++] = *p;
    out[n] = '\0';
}

static void parse_date(const char *raw, char out[11])
{
    int d = 0, m = 0, y = 0;
    out[0] = '\0';
    if (sscanf(raw, "%d tháng %d năm %d", &d, &m, &y) == 3 || sscanf(raw, "%d/%d/%d", &d, &m, &y) == 3 ||
        sscanf(raw, "%d.%d.%d", &d, &m, &y) == 3 || sscanf(raw, "%d-%d-%d", &d, &m, &y) == 3) {
        char ds[8], ms[8], ys[8];
        snprintf(ds, sizeof ds, "%d", d);
        snprintf(ms, sizeof ms, "%d", m);
        snprintf(ys, sizeof ys, "%d", y);
        if (!px_iso_date(out, ds, ms, ys, 0))
            out[0] = '\0';
    }
}

/* Type code of a number (KH in 105/KH-UBND). */
static void type_code(const char *number, char *out, size_t size)
{
    out[0] = '\0';
    const char *p = number;
    while (*p) {
        const char *seg = p;
        while (*p && *p != '/' && *p != '-')
            p++;
        size_t n = (size_t)(p - seg);
        if (n && !(seg[0] >= '0' && seg[0] <= '9')) {
            snprintf(out, size, "%.*s", (int)n, seg);
            return;
        }
        if (*p)
            p++;
    }
}


/* `(Kèm theo Quyết định số 95/QĐ-UBND ngày 20/01/2022 của UBND huyện Nậm
 * Khoa)`: the bracket closing the citation is not the issuer's. */
static void strip_unopened_brackets(char *s)
{
    int depth = 0;
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++)
        depth += s[i] == '(' ? 1 : s[i] == ')' ? -1 : 0;
    while (depth < 0 && n > 0 && (s[n - 1] == ')' || s[n - 1] == ' ')) {
        depth += s[n - 1] == ')';
        s[--n] = '\0';
    }
}

int px_find_references(px_analysis *a)
{
    const px_outline *o = a->outline;
    size_t first_section = o->n ? o->sections[0].block : o->body_end;
    int in_opening = 0;
    for (size_t i = 0; i < first_section && i < a->doc->n_blocks; i++) {
        const char *t = a->doc->blocks[i].text;
        px_hit hit;
        /* from the first basis paragraph to the first heading: a list of
         * bases may run over several paragraphs (`…;` / `Kế hoạch số …`) */
        if (px_ruleset_first(a->rules, "opening", NULL, t, strlen(t), &hit, a->err) == 1)
            in_opening = 1;
        if (!in_opening || a->doc->blocks[i].kind == PX_BLOCK_CELL)
            continue;
        px_hits hits = {0};
        if (px_ruleset_scan(a->rules, "citation", NULL, t, strlen(t), &hits, a->err)) {
            px_hits_free(&hits);
            return -1;
        }
        for (size_t k = 0; k < hits.n; k++) {
            const px_hit *h = &hits.items[k];
            char raw[128], number[128] = "", date_raw[64], date[11] = "", issuer[256], code[32] = "";
            if (px_hit_field(h, t, "number", raw, sizeof raw)) {
                clean_number(raw, number, sizeof number);
                type_code(number, code, sizeof code);
            }
            if (px_hit_field(h, t, "date", date_raw, sizeof date_raw))
                parse_date(date_raw, date);
            px_hit_field(h, t, "issuer", issuer, sizeof issuer);
            strip_unopened_brackets(issuer);
            /* `(Ban hành kèm theo Quyết định số 95/QĐ-UBND …)`: the
             * document's own number cites nothing */
            const char *own = a->result->meta.doc_number;
            if (number[0] && own && strcmp(number, own) == 0)
                continue;
            char *ev = px_span_dup(t, h->start, h->end);
            px_item it = {.kind = PX_ITEM_REFERENCE, .section = -1, .rule = px_rule_id(h->rule), .text = ev};
            it.doc_number = number[0] ? number : NULL;
            it.doc_type = code[0] ? code : NULL;
            it.date = date[0] ? date : NULL;
            it.issuer = issuer[0] ? issuer : NULL;
            /* a document cited twice is one row */
            px_emit(a, &it, i, h->start);
            free(ev);
        }
        px_hits_free(&hits);
        if (a->err->msg[0])
            return -1;
    }
    return 0;
}
