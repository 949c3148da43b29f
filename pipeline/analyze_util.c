/* analyze_util.c: see analyze_util.h. */
#include "analyze_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize.h"
#include "units.h"

static int same(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcasecmp(a, b) == 0 || strcmp(a, b) == 0;
}

/* Case-insensitive for Vietnamese too: compare lower-cased copies. */
static int same_fold(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    if (strcmp(a, b) == 0)
        return 1;
    char *ka = px_unit_key(a), *kb = px_unit_key(b);
    int eq = ka && kb && strcmp(ka, kb) == 0;
    free(ka);
    free(kb);
    return eq;
}

int px_item_exists(const px_result *r, const px_item *it)
{
    for (size_t i = 0; i < r->n_items; i++) {
        const px_item *o = &r->items[i];
        if (o->kind != it->kind || o->section != it->section)
            continue;
        switch (it->kind) {
        case PX_ITEM_REFERENCE:
            if (it->doc_number ? same(o->doc_number, it->doc_number)
                               : (!o->doc_number && same(o->date, it->date) && same_fold(o->issuer, it->issuer)))
                return 1;
            break;
        case PX_ITEM_INDICATOR:
            if (same(o->area, it->area))
                return 1;
            break;
        case PX_ITEM_ASSIGNMENT:
            if (same(o->role, it->role) && same_fold(o->unit, it->unit))
                return 1;
            break;
        case PX_ITEM_DEADLINE:
            if (same(o->deadline_kind, it->deadline_kind) && same(o->date, it->date) &&
                same(o->recurrence, it->recurrence))
                return 1;
            break;
        default:
            break; /* targets: each number is its own row */
        }
    }
    return 0;
}

px_item *px_emit(px_analysis *a, px_item *item, size_t block, size_t at)
{
    if (px_item_exists(a->result, item))
        return NULL;
    const px_block *b = &a->doc->blocks[block];
    item->page = b->page;
    item->offset = (long)(b->offset + px_utf8_chars(b->text, at < strlen(b->text) ? at : strlen(b->text)));
    px_item *stored = px_result_add(a->result, item);
    if (!stored)
        px_error_set(a->err, "out of memory");
    return stored;
}

const char *px_section_index(px_analysis *a, int section, char *buf, size_t size)
{
    const px_outline *o = a->outline;
    for (int s = section >= 0 ? o->sections[section].parent : -1; s >= 0; s = o->sections[s].parent) {
        const char *t = o->sections[s].title;
        px_hits hits = {0};
        if (px_ruleset_scan(a->rules, "index", NULL, t, strlen(t), &hits, a->err) == 0 && hits.n > 0) {
            char first[32] = "";
            int one = 1;
            for (size_t i = 0; i < hits.n; i++) {
                char idx[32];
                px_hit_field(&hits.items[i], t, "index", idx, sizeof idx);
                if (!first[0])
                    snprintf(first, sizeof first, "%s", idx);
                else if (strcmp(first, idx) != 0)
                    one = 0;
            }
            px_hits_free(&hits);
            if (one) {
                snprintf(buf, size, "%s", first);
                return buf;
            }
            continue;
        }
        px_hits_free(&hits);
    }
    if (a->result->meta.n_indices == 1) {
        snprintf(buf, size, "%s", a->result->meta.indices[0]);
        return buf;
    }
    return NULL;
}

int px_is_bullet(px_analysis *a, const char *text)
{
    px_hit hit;
    return px_ruleset_first(a->rules, "bullet", NULL, text, strlen(text), &hit, a->err) == 1;
}

const char *px_block_body(px_analysis *a, size_t block, size_t *skipped)
{
    const char *t = a->doc->blocks[block].text;
    px_hit hit;
    size_t s, e;
    *skipped = 0;
    if (a->outline->block_section[block] >= 0 &&
        a->outline->sections[a->outline->block_section[block]].block == block &&
        px_ruleset_first(a->rules, "heading", NULL, t, strlen(t), &hit, a->err) == 1 &&
        px_hit_span(&hit, "rest", &s, &e)) {
        *skipped = s;
    } else if (px_ruleset_first(a->rules, "bullet", NULL, t, strlen(t), &hit, a->err) == 1) {
        *skipped = hit.end;
    }
    while (t[*skipped] == ' ')
        (*skipped)++;
    return t + *skipped;
}

char *px_span_dup(const char *text, size_t s, size_t e)
{
    while (s < e && (text[s] == ' ' || text[s] == '\n'))
        s++;
    while (e > s && strchr(" \n.;,:", text[e - 1]))
        e--;
    char *c = malloc(e - s + 1);
    if (c) {
        memcpy(c, text + s, e - s);
        c[e - s] = '\0';
    }
    return c;
}

int px_month_end(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
        return 29;
    return days[month - 1];
}

int px_iso_date(char out[11], const char *day, const char *month, const char *year, int default_year)
{
    int d = day && *day ? atoi(day) : 0;
    int m = month && *month ? atoi(month) : 0;
    int y = year && *year ? atoi(year) : default_year;
    if (y > 0 && y < 100)
        y += 2000;
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > px_month_end(y, m))
        return 0;
    /* the checks above bound every field: the date is exactly 10 bytes */
    char date[32];
    snprintf(date, sizeof date, "%04d-%02d-%02d", y, m, d);
    memcpy(out, date, 11);
    return 1;
}

int px_quarter_number(const char *q)
{
    if (!q)
        return 0;
    if (strcmp(q, "I") == 0 || strcmp(q, "1") == 0) return 1;
    if (strcmp(q, "II") == 0 || strcmp(q, "2") == 0) return 2;
    if (strcmp(q, "III") == 0 || strcmp(q, "3") == 0) return 3;
    if (strcmp(q, "IV") == 0 || strcmp(q, "4") == 0) return 4;
    return 0;
}

double px_parse_number(const char *s)
{
    /* Vietnamese: comma is the decimal mark, dot groups thousands
     * (1.200 = 1200).  A dot followed by other than three digits is read as
     * a decimal point (2.5). */
    char buf[64];
    size_t n = 0;
    for (const char *p = s; *p && n < sizeof buf - 1; p++) {
        if (*p >= '0' && *p <= '9')
            buf[n++] = *p;
        else if (*p == ',')
            buf[n++] = '.';
        else if (*p == '.') {
            size_t digits = 0;
            while (p[1 + digits] >= '0' && p[1 + digits] <= '9')
                digits++;
            if (digits != 3)
                buf[n++] = '.';
        }
    }
    buf[n] = '\0';
    return atof(buf);
}
