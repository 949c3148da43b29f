/* serialize.c: see serialize.h. */
#include "serialize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "px_limits.h"

#define MAGIC "PXP1"
#define NULL_STR UINT32_MAX

int px_buf_put(px_buf *b, const void *data, size_t len)
{
    if (len > SIZE_MAX - b->len)
        return -1;
    if (b->len + len > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + len)
            cap *= 2;
        unsigned char *g = realloc(b->data, cap);
        if (!g)
            return -1;
        b->data = g;
        b->cap = cap;
    }
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    return 0;
}

void px_buf_free(px_buf *b)
{
    if (!b)
        return;
    free(b->data);
    memset(b, 0, sizeof *b);
}

/* --- encoding: every put returns 0 or -1; callers OR the results ---------- */

static int put_u32(px_buf *b, uint32_t v) { return px_buf_put(b, &v, sizeof v); }
static int put_i32(px_buf *b, int32_t v) { return px_buf_put(b, &v, sizeof v); }
static int put_u64(px_buf *b, uint64_t v) { return px_buf_put(b, &v, sizeof v); }
static int put_i64(px_buf *b, int64_t v) { return px_buf_put(b, &v, sizeof v); }
static int put_f64(px_buf *b, double v) { return px_buf_put(b, &v, sizeof v); }

static int put_str(px_buf *b, const char *s)
{
    if (!s)
        return put_u32(b, NULL_STR);
    size_t n = strlen(s);
    if (n >= NULL_STR)
        return -1;
    return put_u32(b, (uint32_t)n) | px_buf_put(b, s, n);
}

static int put_block(px_buf *b, const px_block *k)
{
    return put_i32(b, k->kind) | put_str(b, k->text) | put_str(b, k->list_label) | put_i32(b, k->page) |
           put_i32(b, k->bold) | put_f64(b, k->font_size) | put_f64(b, k->indent) | put_i32(b, k->table) |
           put_i32(b, k->row) | put_i32(b, k->col) | put_i32(b, k->row_span) | put_i32(b, k->col_span) |
           put_i32(b, k->page_break_before) | put_i32(b, k->gap_before) | put_u64(b, k->offset);
}

static int put_section(px_buf *b, const px_section *s)
{
    return put_str(b, s->label) | put_str(b, s->num) | put_str(b, s->path) | put_str(b, s->title) |
           put_i32(b, s->kind) | put_i32(b, s->level) | put_i32(b, s->parent) | put_u64(b, s->block) |
           put_u64(b, s->last_block);
}

static int put_meta(px_buf *b, const px_meta *m)
{
    int rc = put_str(b, m->doc_type) | put_str(b, m->doc_number) | put_str(b, m->issuer) | put_str(b, m->place) |
             put_str(b, m->issued_date) | put_str(b, m->title) | put_i32(b, m->plan_year) |
             put_i32(b, m->n_indices);
    for (int i = 0; i < m->n_indices; i++)
        rc |= put_str(b, m->indices[i]);
    return rc | put_str(b, m->signer_name) | put_str(b, m->signer_title) | put_str(b, m->level);
}

static int put_item(px_buf *b, const px_item *it)
{
    return put_i32(b, it->kind) | put_i32(b, it->section) | put_str(b, it->text) | put_i32(b, it->page) |
           put_i64(b, it->offset) | put_str(b, it->rule) | put_str(b, it->doc_number) | put_str(b, it->doc_type) |
           put_str(b, it->issuer) | put_str(b, it->date) | put_str(b, it->area) | put_str(b, it->role) |
           put_str(b, it->unit) | put_str(b, it->unit_canonical) | put_str(b, it->deadline_kind) |
           put_str(b, it->recurrence) | put_str(b, it->indicator) | put_str(b, it->measure) |
           put_str(b, it->comparator) | put_f64(b, it->value) | put_i32(b, it->year);
}

int px_processed_encode(const px_processed *p, px_buf *out)
{
    const px_doc *d = p->doc;
    const px_outline *o = &p->outline;
    const px_result *r = &p->result;
    int rc = px_buf_put(out, MAGIC, 4) | put_i32(out, d->format) | put_i32(out, d->pages) |
             put_u64(out, d->n_blocks);
    for (size_t i = 0; i < d->n_blocks && rc == 0; i++)
        rc |= put_block(out, &d->blocks[i]);
    rc |= put_u64(out, d->n_warnings);
    for (size_t i = 0; i < d->n_warnings && rc == 0; i++)
        rc |= put_str(out, d->warnings[i]);
    rc |= put_u64(out, o->n);
    for (size_t i = 0; i < o->n && rc == 0; i++)
        rc |= put_section(out, &o->sections[i]);
    rc |= put_u64(out, o->block_section ? o->n_blocks : 0);
    for (size_t i = 0; o->block_section && i < o->n_blocks && rc == 0; i++)
        rc |= put_i32(out, o->block_section[i]);
    rc |= put_u64(out, o->body_end) | put_u64(out, o->appendix) | put_meta(out, &r->meta) |
          put_u64(out, r->n_items);
    for (size_t i = 0; i < r->n_items && rc == 0; i++)
        rc |= put_item(out, &r->items[i]);
    return rc ? -1 : 0;
}

/* --- decoding: a cursor that fails once and stays failed ----------------- */

typedef struct rd {
    const unsigned char *p, *end;
    int bad;
} rd;

static void take(rd *r, void *dst, size_t n)
{
    if (r->bad || (size_t)(r->end - r->p) < n) {
        r->bad = 1;
        memset(dst, 0, n);
        return;
    }
    memcpy(dst, r->p, n);
    r->p += n;
}

static int32_t get_i32(rd *r) { int32_t v; take(r, &v, sizeof v); return v; }
static int64_t get_i64(rd *r) { int64_t v; take(r, &v, sizeof v); return v; }
static uint64_t get_u64(rd *r) { uint64_t v; take(r, &v, sizeof v); return v; }
static double get_f64(rd *r) { double v; take(r, &v, sizeof v); return v; }

/* A count of records each at least min_size bytes long: bounded by what is
 * left, so a forged count cannot make us allocate more than the input. */
static size_t get_count(rd *r, size_t min_size)
{
    uint64_t n = get_u64(r);
    if (!r->bad && n > (uint64_t)(r->end - r->p) / min_size)
        r->bad = 1;
    return r->bad ? 0 : (size_t)n;
}

static char *get_str(rd *r)
{
    uint32_t n;
    take(r, &n, sizeof n);
    if (r->bad || n == NULL_STR)
        return NULL;
    if ((size_t)(r->end - r->p) < n) {
        r->bad = 1;
        return NULL;
    }
    char *s = malloc((size_t)n + 1);
    if (!s) {
        r->bad = 1;
        return NULL;
    }
    memcpy(s, r->p, n);
    s[n] = '\0';
    r->p += n;
    return s;
}

/* Rule ids: interned in the px_processed, one copy per distinct id. */
static const char *intern_rule(px_processed *out, char *id, rd *r)
{
    if (!id)
        return NULL;
    for (size_t i = 0; i < out->n_rule_ids; i++)
        if (strcmp(out->rule_ids[i], id) == 0) {
            free(id);
            return out->rule_ids[i];
        }
    char **g = realloc(out->rule_ids, (out->n_rule_ids + 1) * sizeof *g);
    if (!g) {
        free(id);
        r->bad = 1;
        return NULL;
    }
    out->rule_ids = g;
    out->rule_ids[out->n_rule_ids++] = id;
    return id;
}

int px_processed_decode(const unsigned char *data, size_t len, px_processed *out, px_error *err)
{
    memset(out, 0, sizeof *out);
    rd r = {.p = data, .end = data + len};
    char magic[4];
    take(&r, magic, 4);
    if (r.bad || memcmp(magic, MAGIC, 4) != 0)
        return px_error_set(err, "worker result: bad magic");
    int32_t format = get_i32(&r);
    if (format < PX_FORMAT_UNKNOWN || format > PX_FORMAT_DOCX)
        r.bad = 1;
    out->doc = px_doc_new((px_format)format);
    if (!out->doc)
        return px_error_set(err, "out of memory");
    px_doc *d = out->doc;
    d->pages = get_i32(&r);
    size_t n_blocks = get_count(&r, 4 + 4 + 4);
    for (size_t i = 0; i < n_blocks && !r.bad; i++) {
        int32_t kind = get_i32(&r);
        char *text = get_str(&r);
        char *label = get_str(&r);
        if (r.bad || !text || kind < PX_BLOCK_LINE || kind > PX_BLOCK_MARGIN) {
            free(text);
            free(label);
            r.bad = 1;
            break;
        }
        px_block *b = px_doc_add_block(d, (px_block_kind)kind, text, (size_t)-1);
        free(text);
        if (!b) {
            free(label);
            r.bad = 1;
            break;
        }
        b->list_label = label;
        b->page = get_i32(&r);
        b->bold = get_i32(&r);
        b->font_size = get_f64(&r);
        b->indent = get_f64(&r);
        b->table = get_i32(&r);
        b->row = get_i32(&r);
        b->col = get_i32(&r);
        b->row_span = get_i32(&r);
        b->col_span = get_i32(&r);
        b->page_break_before = get_i32(&r);
        b->gap_before = get_i32(&r);
        b->offset = (size_t)get_u64(&r);
    }
    size_t n_warn = get_count(&r, 4);
    if (n_warn) {
        d->warnings = calloc(n_warn, sizeof *d->warnings);
        if (!d->warnings)
            r.bad = 1;
        else
            d->cap_warnings = n_warn;
    }
    for (size_t i = 0; i < n_warn && !r.bad; i++) {
        char *w = get_str(&r);
        if (!w) {
            r.bad = 1;
            break;
        }
        d->warnings[d->n_warnings++] = w;
    }

    px_outline *o = &out->outline;
    size_t n_sec = get_count(&r, 4 * 4 + 3 * 4 + 2 * 8);
    if (n_sec > PX_LIMIT_SECTIONS)
        r.bad = 1;
    if (n_sec && !r.bad) {
        o->sections = calloc(n_sec, sizeof *o->sections);
        if (!o->sections)
            r.bad = 1;
    }
    for (size_t i = 0; i < n_sec && !r.bad; i++) {
        px_section *s = &o->sections[i];
        o->n = i + 1;
        s->label = get_str(&r);
        s->num = get_str(&r);
        s->path = get_str(&r);
        s->title = get_str(&r);
        s->kind = (px_marker_kind)get_i32(&r);
        s->level = get_i32(&r);
        s->parent = get_i32(&r);
        s->block = (size_t)get_u64(&r);
        s->last_block = (size_t)get_u64(&r);
        /* the store indexes blocks by these and joins parents: check them */
        if (!s->label || !s->path || !s->title || s->block >= d->n_blocks || s->last_block < s->block ||
            s->parent < -1 || s->parent >= (int)i)
            r.bad = 1;
    }
    size_t n_bs = get_count(&r, 4);
    if (!r.bad && n_bs != 0 && n_bs != d->n_blocks)
        r.bad = 1;
    if (n_bs && !r.bad) {
        o->block_section = malloc(n_bs * sizeof *o->block_section);
        if (!o->block_section)
            r.bad = 1;
        else
            o->n_blocks = n_bs;
    }
    for (size_t i = 0; i < n_bs && !r.bad; i++) {
        o->block_section[i] = get_i32(&r);
        if (o->block_section[i] < -1 || o->block_section[i] >= (int)o->n)
            r.bad = 1;
    }
    if (!r.bad && o->n && !o->block_section)
        r.bad = 1; /* sections without the block map cannot be stored */
    o->body_end = (size_t)get_u64(&r);
    o->appendix = (size_t)get_u64(&r);

    px_meta *m = &out->result.meta;
    m->doc_type = get_str(&r);
    m->doc_number = get_str(&r);
    m->issuer = get_str(&r);
    m->place = get_str(&r);
    m->issued_date = get_str(&r);
    m->title = get_str(&r);
    m->plan_year = get_i32(&r);
    int32_t n_idx = get_i32(&r);
    if (n_idx < 0 || n_idx > (int32_t)(sizeof m->indices / sizeof m->indices[0]))
        r.bad = 1;
    for (int32_t i = 0; i < n_idx && !r.bad; i++) {
        m->indices[i] = get_str(&r);
        m->n_indices = i + 1;
        if (!m->indices[i])
            r.bad = 1;
    }
    m->signer_name = get_str(&r);
    m->signer_title = get_str(&r);
    m->level = get_str(&r);

    size_t n_items = get_count(&r, 4 * 20);
    px_result *res = &out->result;
    if (n_items && !r.bad) {
        res->items = calloc(n_items, sizeof *res->items);
        if (!res->items)
            r.bad = 1;
        else
            res->cap_items = n_items;
    }
    for (size_t i = 0; i < n_items && !r.bad; i++) {
        px_item *it = &res->items[i];
        res->n_items = i + 1;
        int32_t kind = get_i32(&r);
        it->kind = (px_item_kind)kind;
        it->section = get_i32(&r);
        it->text = get_str(&r);
        it->page = get_i32(&r);
        it->offset = (long)get_i64(&r);
        it->rule = intern_rule(out, get_str(&r), &r);
        it->doc_number = get_str(&r);
        it->doc_type = get_str(&r);
        it->issuer = get_str(&r);
        it->date = get_str(&r);
        it->area = get_str(&r);
        it->role = get_str(&r);
        it->unit = get_str(&r);
        it->unit_canonical = get_str(&r);
        it->deadline_kind = get_str(&r);
        it->recurrence = get_str(&r);
        it->indicator = get_str(&r);
        it->measure = get_str(&r);
        it->comparator = get_str(&r);
        it->value = get_f64(&r);
        it->year = get_i32(&r);
        if (kind < 0 || kind >= PX_ITEM_KINDS || it->section < -1 || it->section >= (int)o->n)
            r.bad = 1;
    }
    if (!r.bad && r.p != r.end)
        r.bad = 1;
    if (r.bad) {
        px_processed_free(out);
        return px_error_set(err, "worker result: malformed (%zu bytes)", len);
    }
    return 0;
}
