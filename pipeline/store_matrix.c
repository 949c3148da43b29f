/* store_matrix.c: the plans × indicator areas table (planex matrix, and
 * the report's heat-map).
 *
 * A plan ingested more than once (PDF, DOCX and a scan of the same
 * document: different bytes, so different documents) is one row: editions
 * are grouped by number and date with an agreeing issuer (the same number
 * recurs every year and in every province), or, for a plan with no number,
 * by title, year and issuer.  A cell is the most sections naming the area
 * in any one edition: an edition extracted worse should not lower it, and
 * editions should not add up. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "textout.h"
#include "crossdoc.h"
#include "query.h"

typedef struct doc {
    long long id;
    char *key, *date, *issuer, *title_key, *format, *number, *issuer_raw, *title, *level;
    int year;
    int plan;               /* index of its plan */
} doc;

static char *dup_col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? strdup((const char *)t) : NULL;
}

static int eq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

/* Issuers agree when either is unknown or one folded key holds the other. */
static int issuers_agree(const char *a, const char *b)
{
    if (!a || !b || !*a || !*b)
        return 1;
    return strstr(a, b) || strstr(b, a);
}

static int same_plan(const doc *a, const doc *b)
{
    if (!issuers_agree(a->issuer, b->issuer))
        return 0;
    if (a->key || b->key)
        return eq(a->key, b->key) && (!a->date || !b->date || eq(a->date, b->date));
    return eq(a->title_key, b->title_key) && a->year == b->year;
}

static int area_rank(const char *a)
{
    static const char *const order[] = {"PAPI.", "PAR.", "SIPAS.", "PCI.", "DDCI."};
    for (int i = 0; i < 5; i++)
        if (strncmp(a, order[i], strlen(order[i])) == 0)
            return i;
    return 5;
}

static int area_cmp(const void *x, const void *y)
{
    const char *a = *(const char *const *)x, *b = *(const char *const *)y;
    int ra = area_rank(a), rb = area_rank(b);
    if (ra != rb)
        return ra - rb;
    const char *da = strchr(a, '.'), *db = strchr(b, '.');
    int na = da ? atoi(da + 1) : 0, nb = db ? atoi(db + 1) : 0;
    if (ra < 5 && na != nb)
        return na - nb;
    return strcmp(a, b);
}

void px_matrix_free(px_matrix *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n_areas; i++)
        free(m->areas[i]);
    free(m->areas);
    for (size_t i = 0; i < m->n_plans; i++) {
        px_matrix_plan *p = &m->plans[i];
        free(p->editions);
        free(p->formats);
        free(p->doc_number);
        free(p->issuer);
        free(p->title);
        free(p->level);
        free(p->counts);
    }
    free(m->plans);
    free(m);
}

static void docs_free(doc *d, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(d[i].key);
        free(d[i].date);
        free(d[i].issuer);
        free(d[i].title_key);
        free(d[i].format);
        free(d[i].number);
        free(d[i].issuer_raw);
        free(d[i].title);
        free(d[i].level);
    }
    free(d);
}

int px_matrix_load(px_store *s, const px_matrix_options *opt, px_matrix **out, px_error *err)
{
    *out = NULL;
    sqlite3 *db = px_store_db(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db,
                           "SELECT id, doc_number_key, issued_date, issuer, title, format, doc_number, level,"
                           " COALESCE(plan_year, 0), source FROM documents"
                           " WHERE (?1 = 0 OR plan_year = ?1) AND (?2 IS NULL OR level = ?2) ORDER BY id",
                           -1, &st, NULL) != SQLITE_OK)
        return px_error_set(err, "database: %s", sqlite3_errmsg(db));
    sqlite3_bind_int(st, 1, opt->year);
    if (opt->level)
        sqlite3_bind_text(st, 2, opt->level, -1, SQLITE_TRANSIENT);
    doc *docs = NULL;
    size_t n = 0, cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            doc *g = realloc(docs, cap * sizeof *g);
            if (!g) {
                sqlite3_finalize(st);
                docs_free(docs, n);
                return px_error_set(err, "out of memory");
            }
            docs = g;
        }
        doc *d = &docs[n++];
        memset(d, 0, sizeof *d);
        d->id = sqlite3_column_int64(st, 0);
        d->key = dup_col(st, 1);
        if (d->key && !*d->key) {
            free(d->key);
            d->key = NULL;
        }
        d->date = dup_col(st, 2);
        d->issuer_raw = dup_col(st, 3);
        d->issuer = px_issuer_key(d->issuer_raw);
        d->title = dup_col(st, 4);
        if (!d->title)
            d->title = dup_col(st, 9);
        d->title_key = px_fold(d->title);
        d->format = dup_col(st, 5);
        d->number = dup_col(st, 6);
        d->level = dup_col(st, 7);
        d->year = sqlite3_column_int(st, 8);
        d->plan = -1;
    }
    sqlite3_finalize(st);

    px_matrix *m = calloc(1, sizeof *m);
    if (!m) {
        docs_free(docs, n);
        return px_error_set(err, "out of memory");
    }
    /* editions: each document joins the first plan it agrees with */
    m->plans = calloc(n + 1, sizeof *m->plans);
    for (size_t i = 0; i < n && m->plans; i++) {
        for (size_t j = 0; j < i && docs[i].plan < 0; j++)
            if (same_plan(&docs[i], &docs[j]))
                docs[i].plan = docs[j].plan;
        if (docs[i].plan < 0) {
            docs[i].plan = (int)m->n_plans;
            px_matrix_plan *p = &m->plans[m->n_plans++];
            p->id = docs[i].id;
            p->doc_number = docs[i].number ? strdup(docs[i].number) : NULL;
            p->issuer = docs[i].issuer_raw ? strdup(docs[i].issuer_raw) : NULL;
            p->title = docs[i].title ? strdup(docs[i].title) : NULL;
            p->level = docs[i].level ? strdup(docs[i].level) : NULL;
            p->year = docs[i].year;
            p->editions = calloc(n, sizeof *p->editions);
        }
        px_matrix_plan *p = &m->plans[docs[i].plan];
        if (p->editions)
            p->editions[p->n_editions++] = docs[i].id;
        const char *f = docs[i].format ? docs[i].format : "?";
        if (!p->formats) {
            p->formats = strdup(f);
        } else {
            size_t k = strlen(p->formats) + strlen(f) + 2;
            char *g = realloc(p->formats, k);
            if (g) {
                strcat(g, "+");
                strcat(g, f);
                p->formats = g;
            }
        }
    }
    /* a plan is in when any of its editions is asked for */
    if (opt->n_ids && m->plans) {
        size_t w = 0;
        for (size_t i = 0; i < m->n_plans; i++) {
            int want = 0;
            for (size_t e = 0; e < m->plans[i].n_editions && !want; e++)
                for (size_t k = 0; k < opt->n_ids && !want; k++)
                    want = m->plans[i].editions[e] == opt->ids[k];
            if (want) {
                for (size_t d = 0; d < n; d++)
                    if (docs[d].plan == (int)i)
                        docs[d].plan = (int)w;
                m->plans[w++] = m->plans[i];
            } else {
                for (size_t d = 0; d < n; d++)
                    if (docs[d].plan == (int)i)
                        docs[d].plan = -1;
                px_matrix_plan *p = &m->plans[i];
                free(p->editions);
                free(p->formats);
                free(p->doc_number);
                free(p->issuer);
                free(p->title);
                free(p->level);
            }
        }
        m->n_plans = w;
    }

    /* counts per document and area, folded into their plans */
    if (sqlite3_prepare_v2(db, "SELECT document_id, area, COUNT(*) FROM indicators GROUP BY document_id, area", -1,
                           &st, NULL) != SQLITE_OK) {
        docs_free(docs, n);
        px_matrix_free(m);
        return px_error_set(err, "database: %s", sqlite3_errmsg(db));
    }
    typedef struct cell {
        int plan;
        char *area;
        int count;
    } cell;
    cell *cells = NULL;
    size_t n_cells = 0, cap_cells = 0, cap_areas = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0);
        const char *area = (const char *)sqlite3_column_text(st, 1);
        int plan = -1;
        for (size_t i = 0; i < n && plan < 0; i++) /* docs are sorted by id */
            if (docs[i].id == id)
                plan = docs[i].plan;
        if (plan < 0 || !area)
            continue;
        if (n_cells == cap_cells) {
            cap_cells = cap_cells ? cap_cells * 2 : 64;
            cell *g = realloc(cells, cap_cells * sizeof *g);
            if (!g)
                break;
            cells = g;
        }
        cells[n_cells].plan = plan;
        cells[n_cells].area = strdup(area);
        cells[n_cells].count = sqlite3_column_int(st, 2);
        n_cells++;
        int known = 0;
        for (size_t a = 0; a < m->n_areas && !known; a++)
            known = strcmp(m->areas[a], area) == 0;
        if (!known) {
            if (m->n_areas == cap_areas) {
                cap_areas = cap_areas ? cap_areas * 2 : 32;
                char **g = realloc(m->areas, cap_areas * sizeof *g);
                if (!g)
                    break;
                m->areas = g;
            }
            m->areas[m->n_areas++] = strdup(area);
        }
    }
    sqlite3_finalize(st);
    if (m->n_areas)
        qsort(m->areas, m->n_areas, sizeof *m->areas, area_cmp);
    for (size_t i = 0; i < m->n_plans; i++)
        m->plans[i].counts = calloc(m->n_areas + 1, sizeof(int));
    for (size_t c = 0; c < n_cells; c++) {
        for (size_t a = 0; a < m->n_areas; a++)
            if (strcmp(m->areas[a], cells[c].area) == 0) {
                int *v = m->plans[cells[c].plan].counts;
                if (v && cells[c].count > v[a])
                    v[a] = cells[c].count;
            }
        free(cells[c].area);
    }
    free(cells);
    docs_free(docs, n);
    *out = m;
    return 0;
}

/* --- output ------------------------------------------------------------- */

static size_t width(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p & 0xC0) != 0x80;
    return n;
}

static void pad(FILE *out, const char *s, size_t w)
{
    fputs(s, out);
    for (size_t i = width(s); i < w; i++)
        fputc(' ', out);
}

int px_query_matrix(px_store *s, FILE *out, const px_matrix_options *opt, px_error *err)
{
    const char *format = opt->format ? opt->format : "text";
    int csv = strcmp(format, "csv") == 0, json = strcmp(format, "json") == 0;
    if (!csv && !json && strcmp(format, "text") != 0)
        return px_error_set(err, "unknown format `%s` (text, csv, json)", format);
    px_matrix *m;
    if (px_matrix_load(s, opt, &m, err))
        return -1;
    if (csv) {
        fputs("\xEF\xBB\xBF" "plan,editions,documents,formats,doc_number,plan_year,level,issuer,title", out);
        for (size_t a = 0; a < m->n_areas; a++) {
            fputc(',', out);
            px_csv_field(out, m->areas[a]);
        }
        fputs("\r\n", out);
    }
    size_t ed_w = 10; /* "editions" and the widest `3 docx+pdf+txt` */
    for (size_t i = 0; i < m->n_plans; i++) {
        size_t w = width(m->plans[i].formats ? m->plans[i].formats : "") + 4;
        if (w > ed_w)
            ed_w = w;
    }
    if (!csv && !json) {
        pad(out, "plan", 6);
        pad(out, "editions", ed_w);
        for (size_t a = 0; a < m->n_areas; a++)
            pad(out, m->areas[a], width(m->areas[a]) + 1 > 8 ? width(m->areas[a]) + 1 : 8);
        fputs("plan\n", out);
    }
    for (size_t i = 0; i < m->n_plans; i++) {
        const px_matrix_plan *p = &m->plans[i];
        char docs[256] = "";
        for (size_t e = 0; e < p->n_editions && strlen(docs) < sizeof docs - 24; e++)
            snprintf(docs + strlen(docs), sizeof docs - strlen(docs), "%s%lld", e ? " " : "", p->editions[e]);
        if (csv) {
            char year[16] = "";
            if (p->year)
                snprintf(year, sizeof year, "%d", p->year);
            fprintf(out, "%lld,%zu,", p->id, p->n_editions);
            px_csv_field(out, docs);
            fputc(',', out);
            px_csv_field(out, p->formats);
            fputc(',', out);
            px_csv_field(out, p->doc_number);
            fprintf(out, ",%s,", year);
            px_csv_field(out, p->level);
            fputc(',', out);
            px_csv_field(out, p->issuer);
            fputc(',', out);
            px_csv_field(out, p->title);
            for (size_t a = 0; a < m->n_areas; a++)
                fprintf(out, ",%d", p->counts ? p->counts[a] : 0);
            fputs("\r\n", out);
        } else if (json) {
            fprintf(out, "{\"plan\":%lld,\"documents\":[", p->id);
            for (size_t e = 0; e < p->n_editions; e++)
                fprintf(out, "%s%lld", e ? "," : "", p->editions[e]);
            fputs("],\"formats\":", out);
            px_json_str(out, p->formats);
            fputs(",\"doc_number\":", out);
            px_json_str(out, p->doc_number);
            fputs(",\"plan_year\":", out);
            if (p->year)
                fprintf(out, "%d", p->year);
            else
                fputs("null", out);
            fputs(",\"level\":", out);
            px_json_str(out, p->level);
            fputs(",\"issuer\":", out);
            px_json_str(out, p->issuer);
            fputs(",\"title\":", out);
            px_json_str(out, p->title);
            fputs(",\"areas\":{", out);
            int first = 1;
            for (size_t a = 0; a < m->n_areas; a++)
                if (p->counts && p->counts[a]) {
                    fprintf(out, "%s", first ? "" : ",");
                    px_json_str(out, m->areas[a]);
                    fprintf(out, ":%d", p->counts[a]);
                    first = 0;
                }
            fputs("}}\n", out);
        } else {
            char id[32], ed[64];
            snprintf(id, sizeof id, "%lld", p->id);
            snprintf(ed, sizeof ed, "%zu %s", p->n_editions, p->formats ? p->formats : "");
            pad(out, id, 6);
            pad(out, ed, ed_w);
            for (size_t a = 0; a < m->n_areas; a++) {
                char v[16];
                snprintf(v, sizeof v, "%d", p->counts ? p->counts[a] : 0);
                pad(out, p->counts && p->counts[a] ? v : "·",
                    width(m->areas[a]) + 1 > 8 ? width(m->areas[a]) + 1 : 8);
            }
            /* the plan: level, year, number, issuer, title cut short */
            char title[160];
            snprintf(title, sizeof title, "%s", p->title ? p->title : "");
            if (p->title && strlen(p->title) >= 70) {
                size_t k = 66;
                while (k > 0 && ((unsigned char)title[k] & 0xC0) == 0x80)
                    k--;
                strcpy(title + k, "…");
            }
            char year[16] = "—";
            if (p->year)
                snprintf(year, sizeof year, "%d", p->year);
            fprintf(out, "%s %s %s%s%s — %s\n", p->level ? p->level : "—", year,
                    p->doc_number ? p->doc_number : "", p->doc_number ? " " : "", p->issuer ? p->issuer : "—", title);
        }
    }
    if (!m->n_plans && !csv && !json)
        fputs("no plans\n", out);
    px_matrix_free(m);
    return 0;
}
