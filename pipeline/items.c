#include "items.h"

#include <stdlib.h>
#include <string.h>

void px_set_str(char **dst, const char *src)
{
    char *copy = src ? strdup(src) : NULL;
    free(*dst);
    *dst = copy;
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

px_item *px_result_add(px_result *r, const px_item *item)
{
    if (r->n_items == r->cap_items) {
        size_t cap = r->cap_items ? r->cap_items * 2 : 32;
        px_item *g = realloc(r->items, cap * sizeof *g);
        if (!g)
            return NULL;
        r->items = g;
        r->cap_items = cap;
    }
    px_item *c = &r->items[r->n_items++];
    *c = *item;
    c->text = dup_or_null(item->text);
    c->doc_number = dup_or_null(item->doc_number);
    c->doc_type = dup_or_null(item->doc_type);
    c->issuer = dup_or_null(item->issuer);
    c->date = dup_or_null(item->date);
    c->area = dup_or_null(item->area);
    c->role = dup_or_null(item->role);
    c->unit = dup_or_null(item->unit);
    c->unit_canonical = dup_or_null(item->unit_canonical);
    c->deadline_kind = dup_or_null(item->deadline_kind);
    c->recurrence = dup_or_null(item->recurrence);
    c->indicator = dup_or_null(item->indicator);
    c->measure = dup_or_null(item->measure);
    c->comparator = dup_or_null(item->comparator);
    return c;
}

static void item_free(px_item *c)
{
    free(c->text); free(c->doc_number); free(c->doc_type); free(c->issuer); free(c->date);
    free(c->area); free(c->role); free(c->unit); free(c->unit_canonical);
    free(c->deadline_kind); free(c->recurrence); free(c->indicator); free(c->measure);
    free(c->comparator);
}

void px_meta_clear(px_meta *m)
{
    free(m->doc_type); free(m->doc_number); free(m->issuer); free(m->place);
    free(m->issued_date); free(m->title); free(m->signer_name); free(m->signer_title);
    free(m->level);
    for (int i = 0; i < m->n_indices; i++)
        free(m->indices[i]);
    memset(m, 0, sizeof *m);
}

void px_result_free(px_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_items; i++)
        item_free(&r->items[i]);
    free(r->items);
    px_meta_clear(&r->meta);
    memset(r, 0, sizeof *r);
}

const char *px_item_kind_name(px_item_kind k)
{
    static const char *names[] = {"references", "indicators", "assignments", "deadlines", "targets", "baselines"};
    return k < PX_ITEM_KINDS ? names[k] : "?";
}
