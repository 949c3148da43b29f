/* store_links.c: references resolved to the documents they cite, and the
 * plan model (one document read out of the store for audit, compare and
 * the report).  See crossdoc.h. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "crossdoc.h"

/* --- text helpers --------------------------------------------------------- */

/* The Vietnamese letters with diacritics, by base letter (upper and lower
 * case, NFC).  Text in the store is NFC (normalize.c), so one precomposed
 * character per letter is all there is to fold. */
static const struct {
    char base;
    const char *letters;
} vi_letters[] = {
    {'a', "ÀÁÂÃàáâãĂăẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặ"},
    {'d', "Đđ"},
    {'e', "ÈÉÊèéêẸẹẺẻẼẽẾếỀềỂểỄễỆệ"},
    {'i', "ÌÍìíĨĩỈỉỊị"},
    {'o', "ÒÓÔÕòóôõƠơỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợ"},
    {'u', "ÙÚùúŨũƯưỤụỦủỨứỪừỬửỮữỰự"},
    {'y', "ÝýỲỳỴỵỶỷỸỹ"},
};

static size_t utf8_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* The base letter of the UTF-8 character at p (n bytes), 0 when it is not
 * a Vietnamese letter. */
static char vi_base(const char *p, size_t n)
{
    for (size_t g = 0; g < sizeof vi_letters / sizeof vi_letters[0]; g++)
        for (const char *q = vi_letters[g].letters; *q; q += utf8_len((unsigned char)*q))
            if (utf8_len((unsigned char)*q) == n && memcmp(q, p, n) == 0)
                return vi_letters[g].base;
    return 0;
}

char *px_fold(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    char *o = out;
    int space = 1; /* drops leading whitespace */
    for (const char *p = s; *p;) {
        unsigned char c = (unsigned char)*p;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (!space)
                *o++ = ' ';
            space = 1;
            p++;
            continue;
        }
        space = 0;
        if (c < 0x80) {
            *o++ = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : (char)c;
            p++;
            continue;
        }
        size_t k = utf8_len(c);
        size_t avail = strnlen(p, k);
        if (avail < k) /* truncated sequence: copy what there is */
            k = avail;
        char b = vi_base(p, k);
        if (b) {
            *o++ = b;
        } else if (k == 2 && c == 0xC2 && (unsigned char)p[1] == 0xA0) {
            if (o > out && o[-1] != ' ')
                *o++ = ' '; /* no-break space */
            space = 1;
        } else {
            memcpy(o, p, k);
            o += k;
        }
        p += k;
    }
    while (o > out && o[-1] == ' ')
        o--;
    *o = '\0';
    return out;
}

static void replace_all(char *s, const char *from, const char *to)
{
    /* to is never longer than from: in place */
    size_t fl = strlen(from), tl = strlen(to);
    char *p;
    while ((p = strstr(s, from)) != NULL) {
        memcpy(p, to, tl);
        memmove(p + tl, p + fl, strlen(p + fl) + 1);
    }
}

char *px_issuer_key(const char *issuer)
{
    char *k = px_fold(issuer);
    if (!k)
        return NULL;
    replace_all(k, "uy ban nhan dan", "ubnd");
    replace_all(k, "hoi dong nhan dan", "hdnd");
    replace_all(k, "van phong ubnd", "vp ubnd");
    replace_all(k, "thanh pho", "tp");
    replace_all(k, "tp.", "tp");
    return k;
}

int px_path_within(const char *path, const char *ancestor)
{
    if (!path || !ancestor)
        return 0;
    if (!*ancestor)
        return !*path;
    size_t n = strlen(ancestor);
    return strncmp(path, ancestor, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

const char *px_area_index(const char *code)
{
    if (!code)
        return NULL;
    static const struct {
        const char *prefix, *index;
    } map[] = {
        {"PAPI", "PAPI"}, {"PAR", "PAR_INDEX"}, {"SIPAS", "SIPAS"}, {"PCI", "PCI"}, {"DDCI", "DDCI"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        size_t n = strlen(map[i].prefix);
        if (strncmp(code, map[i].prefix, n) == 0 && (code[n] == '\0' || code[n] == '.' || code[n] == '_'))
            return map[i].index;
    }
    return NULL;
}

/* --- resolution ------------------------------------------------------------ */

typedef struct doc_row {
    long long id;
    char *key, *date, *issuer, *type;
} doc_row;

static int by_key(const void *a, const void *b)
{
    const doc_row *x = a, *y = b;
    int c = strcmp(x->key ? x->key : "", y->key ? y->key : "");
    return c ? c : (x->id > y->id) - (x->id < y->id);
}

static char *dup_col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? strdup((const char *)t) : NULL;
}

/* Issuers agree when one folded key holds the other: a citation often
 * names the body more briefly (`UBND tỉnh` for `UBND tỉnh Lạng Sơn`). */
static int issuer_agrees(const char *a, const char *b)
{
    if (!a || !b || !*a || !*b)
        return -1; /* unknown */
    return strstr(a, b) != NULL || strstr(b, a) != NULL;
}

/* Score of document d for a citation (key, date, issuer key): -1 when the
 * citation contradicts it, else 1 + 2 (date agrees) + 1 (issuer agrees). */
static int score(const doc_row *d, const char *date, const char *issuer)
{
    int s = 1;
    if (date && d->date) {
        if (strcmp(date, d->date) != 0)
            return -1;
        s += 2;
    }
    int ia = issuer_agrees(issuer, d->issuer);
    if (ia == 0)
        return -1;
    if (ia == 1)
        s += 1;
    return s;
}

int px_store_resolve_links(px_store *s, px_error *err)
{
    sqlite3 *db = px_store_db(s);
    sqlite3_stmt *st = NULL, *up = NULL;
    doc_row *docs = NULL;
    size_t n_docs = 0, cap = 0;
    int rc = -1;
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return px_error_set(err, "database: %s", sqlite3_errmsg(db));
    if (sqlite3_prepare_v2(db, "SELECT id, doc_number_key, issued_date, issuer, doc_type FROM documents", -1, &st,
                           NULL) != SQLITE_OK)
        goto db_error;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n_docs == cap) {
            cap = cap ? cap * 2 : 64;
            doc_row *g = realloc(docs, cap * sizeof *g);
            if (!g) {
                px_error_set(err, "out of memory");
                goto done;
            }
            docs = g;
        }
        doc_row *d = &docs[n_docs++];
        d->id = sqlite3_column_int64(st, 0);
        d->key = dup_col(st, 1);
        d->date = dup_col(st, 2);
        char *iss = dup_col(st, 3);
        d->issuer = px_issuer_key(iss);
        free(iss);
        d->type = dup_col(st, 4);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (n_docs)
        qsort(docs, n_docs, sizeof *docs, by_key);

    if (sqlite3_prepare_v2(db, "SELECT id, document_id, doc_number_key, date, issuer, doc_type FROM doc_references",
                           -1, &st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "UPDATE doc_references SET resolved_id = ?2 WHERE id = ?1 AND resolved_id IS NOT ?2",
                           -1, &up, NULL) != SQLITE_OK)
        goto db_error;
    while (sqlite3_step(st) == SQLITE_ROW) {
        long long ref = sqlite3_column_int64(st, 0), self = sqlite3_column_int64(st, 1);
        const char *key = (const char *)sqlite3_column_text(st, 2);
        const char *date = (const char *)sqlite3_column_text(st, 3);
        const char *type = (const char *)sqlite3_column_text(st, 5);
        char *issuer = px_issuer_key((const char *)sqlite3_column_text(st, 4));
        long long best = 0;
        int best_score = 0;
        if (key && *key) {
            /* the documents with this number: a run in the sorted array */
            size_t lo = 0, hi = n_docs;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (strcmp(docs[mid].key ? docs[mid].key : "", key) < 0)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            for (size_t i = lo; i < n_docs && docs[i].key && strcmp(docs[i].key, key) == 0; i++) {
                if (docs[i].id == self)
                    continue;
                int sc = score(&docs[i], date, issuer);
                if (sc > best_score) { /* ties: the lowest id, the first edition */
                    best_score = sc;
                    best = docs[i].id;
                }
            }
        } else if (date && issuer && *issuer) {
            /* a citation without a number (`Kế hoạch ngày 14/5/2024 của
             * UBND tỉnh`): the one document of that type, date and issuer */
            int found = 0;
            for (size_t i = 0; i < n_docs; i++) {
                if (docs[i].id == self || !docs[i].date || strcmp(docs[i].date, date) != 0)
                    continue;
                if (type && docs[i].type && strcmp(type, docs[i].type) != 0)
                    continue;
                if (issuer_agrees(issuer, docs[i].issuer) != 1)
                    continue;
                if (!found++)
                    best = docs[i].id;
            }
        }
        free(issuer);
        sqlite3_reset(up);
        sqlite3_bind_int64(up, 1, ref);
        if (best)
            sqlite3_bind_int64(up, 2, best);
        else
            sqlite3_bind_null(up, 2);
        if (sqlite3_step(up) != SQLITE_DONE)
            goto db_error;
    }
    rc = 0;
    goto done;
db_error:
    px_error_set(err, "database: %s", sqlite3_errmsg(db));
done:
    sqlite3_finalize(st);
    sqlite3_finalize(up);
    for (size_t i = 0; i < n_docs; i++) {
        free(docs[i].key);
        free(docs[i].date);
        free(docs[i].issuer);
        free(docs[i].type);
    }
    free(docs);
    if (rc == 0 && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        px_error_set(err, "database: %s", sqlite3_errmsg(db));
        rc = -1;
    }
    if (rc)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

long long px_store_parent(px_store *s, long long id)
{
    sqlite3 *db = px_store_db(s);
    sqlite3_stmt *st;
    long long parent = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT r.resolved_id FROM doc_references r JOIN documents d ON d.id = r.resolved_id"
                           " WHERE r.document_id = ?1 AND r.resolved_id <> ?1"
                           " ORDER BY COALESCE(d.doc_type, r.doc_type) = 'KH' DESC, r.id LIMIT 1",
                           -1, &st, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW)
        parent = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return parent;
}

int px_store_ids(px_store *s, long long **ids, size_t *n, px_error *err)
{
    *ids = NULL;
    *n = 0;
    sqlite3 *db = px_store_db(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT id FROM documents ORDER BY id", -1, &st, NULL) != SQLITE_OK)
        return px_error_set(err, "database: %s", sqlite3_errmsg(db));
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 32;
            long long *g = realloc(*ids, cap * sizeof *g);
            if (!g) {
                sqlite3_finalize(st);
                free(*ids);
                *ids = NULL;
                *n = 0;
                return px_error_set(err, "out of memory");
            }
            *ids = g;
        }
        (*ids)[(*n)++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return 0;
}

int px_links_load(px_store *s, px_links *out, px_error *err)
{
    memset(out, 0, sizeof *out);
    sqlite3 *db = px_store_db(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db,
                           "SELECT document_id, resolved_id, doc_number, text FROM doc_references"
                           " WHERE resolved_id IS NOT NULL ORDER BY document_id, id",
                           -1, &st, NULL) != SQLITE_OK)
        return px_error_set(err, "database: %s", sqlite3_errmsg(db));
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 16;
            px_link *g = realloc(out->items, cap * sizeof *g);
            if (!g) {
                sqlite3_finalize(st);
                px_links_free(out);
                return px_error_set(err, "out of memory");
            }
            out->items = g;
        }
        px_link *l = &out->items[out->n++];
        l->from = sqlite3_column_int64(st, 0);
        l->to = sqlite3_column_int64(st, 1);
        l->doc_number = dup_col(st, 2);
        l->text = dup_col(st, 3);
    }
    sqlite3_finalize(st);
    return 0;
}

void px_links_free(px_links *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].doc_number);
        free(l->items[i].text);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* --- the plan model ---------------------------------------------------------- */

/* Reads rows of one query into an array of structs of `size` bytes; fill()
 * copies one row. */
static int load_rows(sqlite3 *db, long long id, const char *sql, void **arr, size_t *n, size_t size,
                     void (*fill)(void *, sqlite3_stmt *), px_error *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return px_error_set(err, "database: %s", sqlite3_errmsg(db));
    sqlite3_bind_int64(st, 1, id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            void *g = realloc(*arr, cap * size);
            if (!g) {
                sqlite3_finalize(st);
                return px_error_set(err, "out of memory");
            }
            *arr = g;
        }
        void *row = (char *)*arr + (*n)++ * size;
        memset(row, 0, size);
        fill(row, st);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return px_error_set(err, "database: %s", sqlite3_errmsg(db));
    return 0;
}

static char *col_str(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return strdup(t ? (const char *)t : "");
}

static void fill_section(void *r, sqlite3_stmt *st)
{
    px_xsection *x = r;
    x->path = col_str(st, 0);
    x->label = col_str(st, 1);
    x->title = col_str(st, 2);
    x->body = col_str(st, 3);
    x->level = sqlite3_column_int(st, 4);
    x->page = sqlite3_column_int(st, 5);
}

static void fill_ref(void *r, sqlite3_stmt *st)
{
    px_xref *x = r;
    x->section = col_str(st, 0);
    x->doc_number = dup_col(st, 1);
    x->number_key = dup_col(st, 2);
    x->doc_type = dup_col(st, 3);
    x->date = dup_col(st, 4);
    x->issuer = dup_col(st, 5);
    x->text = col_str(st, 6);
    x->resolved_id = sqlite3_column_int64(st, 7);
}

static void fill_area(void *r, sqlite3_stmt *st)
{
    px_xarea *x = r;
    x->section = col_str(st, 0);
    x->area = col_str(st, 1);
    x->text = col_str(st, 2);
    x->page = sqlite3_column_int(st, 3);
}

static void fill_unit(void *r, sqlite3_stmt *st)
{
    px_xunit *x = r;
    x->section = col_str(st, 0);
    x->role = col_str(st, 1);
    x->unit = col_str(st, 2);
    x->canonical = sqlite3_column_type(st, 3) == SQLITE_NULL ? strdup(x->unit) : col_str(st, 3);
    x->text = col_str(st, 4);
    x->page = sqlite3_column_int(st, 5);
}

static void fill_deadline(void *r, sqlite3_stmt *st)
{
    px_xdeadline *x = r;
    x->section = col_str(st, 0);
    x->kind = col_str(st, 1);
    x->date = dup_col(st, 2);
    x->recurrence = dup_col(st, 3);
    x->text = col_str(st, 4);
    x->page = sqlite3_column_int(st, 5);
}

static void fill_target(void *r, sqlite3_stmt *st)
{
    px_xtarget *x = r;
    x->section = col_str(st, 0);
    x->indicator = dup_col(st, 1);
    x->value = sqlite3_column_double(st, 2);
    x->unit = col_str(st, 3);
    x->comparator = col_str(st, 4);
    x->year = sqlite3_column_int(st, 5);
    x->text = col_str(st, 6);
    x->page = sqlite3_column_int(st, 7);
}

int px_plan_load(px_store *s, long long id, px_plan **out, px_error *err)
{
    *out = NULL;
    sqlite3 *db = px_store_db(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db,
                           "SELECT source, format, doc_type, doc_number, doc_number_key, issuer, issued_date, title,"
                           " level, indices, plan_year FROM documents WHERE id = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return px_error_set(err, "database: %s", sqlite3_errmsg(db));
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return px_error_set(err, "no document %lld", id);
    }
    px_plan *p = calloc(1, sizeof *p);
    if (!p) {
        sqlite3_finalize(st);
        return px_error_set(err, "out of memory");
    }
    p->id = id;
    p->source = col_str(st, 0);
    p->format = col_str(st, 1);
    p->doc_type = dup_col(st, 2);
    p->doc_number = dup_col(st, 3);
    p->number_key = dup_col(st, 4);
    p->issuer = dup_col(st, 5);
    p->issued_date = dup_col(st, 6);
    p->title = dup_col(st, 7);
    p->level = dup_col(st, 8);
    p->indices = dup_col(st, 9);
    p->plan_year = sqlite3_column_int(st, 10);
    sqlite3_finalize(st);
    int rc = 0;
    rc |= load_rows(db, id,
                    "SELECT path, label, title, body, level, COALESCE(page, 0) FROM sections"
                    " WHERE document_id = ?1 ORDER BY ord",
                    (void **)&p->sections, &p->n_sections, sizeof *p->sections, fill_section, err);
    rc |= load_rows(db, id,
                    "SELECT section, doc_number, doc_number_key, doc_type, date, issuer, text,"
                    " COALESCE(resolved_id, 0) FROM doc_references WHERE document_id = ?1 ORDER BY id",
                    (void **)&p->refs, &p->n_refs, sizeof *p->refs, fill_ref, err);
    rc |= load_rows(db, id,
                    "SELECT section, area, text, COALESCE(page, 0) FROM indicators WHERE document_id = ?1 ORDER BY id",
                    (void **)&p->areas, &p->n_areas, sizeof *p->areas, fill_area, err);
    rc |= load_rows(db, id,
                    "SELECT section, role, unit, unit_canonical, text, COALESCE(page, 0) FROM assignments"
                    " WHERE document_id = ?1 ORDER BY id",
                    (void **)&p->units, &p->n_units, sizeof *p->units, fill_unit, err);
    rc |= load_rows(db, id,
                    "SELECT section, kind, date, recurrence, text, COALESCE(page, 0) FROM deadlines"
                    " WHERE document_id = ?1 ORDER BY id",
                    (void **)&p->deadlines, &p->n_deadlines, sizeof *p->deadlines, fill_deadline, err);
    rc |= load_rows(db, id,
                    "SELECT section, indicator, value, unit, comparator, COALESCE(year, 0), text, COALESCE(page, 0)"
                    " FROM targets WHERE document_id = ?1 AND baseline = 0 AND value IS NOT NULL ORDER BY id",
                    (void **)&p->targets, &p->n_targets, sizeof *p->targets, fill_target, err);
    if (rc) {
        px_plan_free(p);
        return -1;
    }
    *out = p;
    return 0;
}

void px_plan_free(px_plan *p)
{
    if (!p)
        return;
    free(p->source);
    free(p->format);
    free(p->doc_type);
    free(p->doc_number);
    free(p->number_key);
    free(p->issuer);
    free(p->issued_date);
    free(p->title);
    free(p->level);
    free(p->indices);
    for (size_t i = 0; i < p->n_sections; i++) {
        free(p->sections[i].path);
        free(p->sections[i].label);
        free(p->sections[i].title);
        free(p->sections[i].body);
    }
    free(p->sections);
    for (size_t i = 0; i < p->n_refs; i++) {
        px_xref *r = &p->refs[i];
        free(r->section);
        free(r->doc_number);
        free(r->number_key);
        free(r->doc_type);
        free(r->date);
        free(r->issuer);
        free(r->text);
    }
    free(p->refs);
    for (size_t i = 0; i < p->n_areas; i++) {
        free(p->areas[i].section);
        free(p->areas[i].area);
        free(p->areas[i].text);
    }
    free(p->areas);
    for (size_t i = 0; i < p->n_units; i++) {
        px_xunit *u = &p->units[i];
        free(u->section);
        free(u->role);
        free(u->unit);
        free(u->canonical);
        free(u->text);
    }
    free(p->units);
    for (size_t i = 0; i < p->n_deadlines; i++) {
        px_xdeadline *d = &p->deadlines[i];
        free(d->section);
        free(d->kind);
        free(d->date);
        free(d->recurrence);
        free(d->text);
    }
    free(p->deadlines);
    for (size_t i = 0; i < p->n_targets; i++) {
        px_xtarget *t = &p->targets[i];
        free(t->section);
        free(t->indicator);
        free(t->unit);
        free(t->comparator);
        free(t->text);
    }
    free(p->targets);
    free(p);
}

const px_xsection *px_plan_section(const px_plan *p, const char *path)
{
    if (!path)
        return NULL;
    for (size_t i = 0; i < p->n_sections; i++)
        if (strcmp(p->sections[i].path, path) == 0)
            return &p->sections[i];
    return NULL;
}

int px_plan_has_index(const px_plan *p, const char *idx)
{
    if (!idx)
        return 1;
    if (!p->indices || strcmp(p->indices, "[]") == 0 || !*p->indices)
        return 1;
    char quoted[32];
    snprintf(quoted, sizeof quoted, "\"%s\"", idx);
    return strstr(p->indices, quoted) != NULL;
}

char *px_plan_label(const px_plan *p)
{
    const char *title = p->title && *p->title ? p->title : p->source;
    size_t n = strlen(title) + (p->doc_number ? strlen(p->doc_number) : 0) + (p->issuer ? strlen(p->issuer) : 0) + 64;
    char *l = malloc(n);
    if (!l)
        return NULL;
    snprintf(l, n, "%s%s%s%s%s", p->doc_number ? p->doc_number : "", p->doc_number ? " " : "", title,
             p->issuer ? " · " : "", p->issuer ? p->issuer : "");
    return l;
}

const char *px_target_indicator(const px_plan *p, const px_xtarget *t)
{
    if (t->indicator && *t->indicator)
        return t->indicator;
    /* the nearest section at or above the target that names exactly one
     * area: `1.2.7. Xây dựng chính quyền điện tử` over `(3) … đạt 70%` */
    const char *best = NULL;
    size_t best_len = 0;
    int best_count = 0;
    for (size_t i = 0; i < p->n_areas; i++) {
        const px_xarea *a = &p->areas[i];
        if (!*a->section || !px_path_within(t->section, a->section))
            continue;
        size_t len = strlen(a->section);
        if (!best || len > best_len) {
            best = a->area;
            best_len = len;
            best_count = 1;
        } else if (len == best_len && strcmp(best, a->area) != 0) {
            best_count++;
        }
    }
    return best_count == 1 ? best : NULL;
}
