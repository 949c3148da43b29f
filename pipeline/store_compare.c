/* store_compare.c: two plans side by side, by indicator area (planex
 * compare).  For each area either plan names: the sections naming it, the
 * units in charge of it (unit_canonical, so `UBND` and `Ủy ban nhân dân`
 * compare equal), the deadlines and the targets inside those sections;
 * then what lies outside any area (plan-wide targets, reporting
 * deadlines).  The common case is one body's plan in two years, so when
 * the plan years differ, dates compare by their day within the year. */
#include <stdlib.h>
#include <string.h>

#include "textout.h"
#include "crossdoc.h"

/* A sorted set of strings. */
typedef struct strset {
    char **v;
    size_t n, cap;
} strset;

static void set_add(strset *s, const char *x)
{
    if (!x || !*x)
        return;
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(s->v[mid], x);
        if (c == 0)
            return;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 8;
        char **g = realloc(s->v, s->cap * sizeof *g);
        if (!g)
            return;
        s->v = g;
    }
    memmove(s->v + lo + 1, s->v + lo, (s->n - lo) * sizeof *s->v);
    s->v[lo] = strdup(x);
    s->n++;
}

static void set_free(strset *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

static int set_equal(const strset *a, const strset *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->v[i], b->v[i]) != 0)
            return 0;
    return 1;
}

/* What one plan has for one area (or, area NULL, outside every area). */
typedef struct side {
    strset sections, leads, deadlines, targets, references;
} side;

static void side_free(side *s)
{
    set_free(&s->sections);
    set_free(&s->leads);
    set_free(&s->deadlines);
    set_free(&s->targets);
    set_free(&s->references);
}

static int in_charge(const char *role)
{
    return strcmp(role, "lead") == 0 || strcmp(role, "responsible") == 0 || strcmp(role, "implement") == 0;
}

/* Whether `path` lies in (or is) a section naming any area. */
static int in_any_area(const px_plan *p, const char *path)
{
    for (size_t i = 0; i < p->n_areas; i++)
        if (*p->areas[i].section && px_path_within(path, p->areas[i].section))
            return 1;
    return 0;
}

static int in_area(const px_plan *p, const char *area, const char *path)
{
    for (size_t i = 0; i < p->n_areas; i++)
        if (strcmp(p->areas[i].area, area) == 0 && px_path_within(path, p->areas[i].section))
            return 1;
    return 0;
}

static void deadline_key(const px_plan *p, const px_xdeadline *d, int by_day, int with_what, char *buf, size_t n)
{
    const char *date = d->date ? d->date : "";
    if (by_day && strlen(date) == 10)
        date += 5; /* MM-DD */
    char what[48] = "";
    if (with_what && d->date) {
        px_deadline_info info;
        px_deadline_read(p, d, &info);
        if (info.what)
            snprintf(what, sizeof what, "%s%s%s%s ", info.what, info.period ? " (" : "",
                     info.period ? info.period : "", info.period ? ")" : "");
        free(info.context);
    }
    if (strcmp(d->kind, "date") == 0)
        snprintf(buf, n, "%s%s", what, date);
    else if (strcmp(d->kind, "recurring") == 0)
        snprintf(buf, n, "%s%s%s%s", what, d->recurrence ? d->recurrence : "recurring", *date ? " from " : "", date);
    else
        snprintf(buf, n, "%s%s", what, d->kind);
}

static void target_key(const px_xtarget *t, const char *prefix, char *buf, size_t n)
{
    char v[32];
    snprintf(v, sizeof v, "%g", t->value);
    if (t->comparator && strcmp(t->comparator, "top") == 0)
        snprintf(buf, n, "%s%stop %s %s", prefix ? prefix : "", prefix ? ": " : "", v, t->unit ? t->unit : "");
    else
        snprintf(buf, n, "%s%s%s %s %s", prefix ? prefix : "", prefix ? ": " : "",
                 t->comparator && *t->comparator ? t->comparator : "=", v, t->unit ? t->unit : "");
}

static void collect(const px_plan *p, const char *area, int by_day, side *s)
{
    char buf[256];
    for (size_t i = 0; i < p->n_areas && area; i++)
        if (strcmp(p->areas[i].area, area) == 0)
            set_add(&s->sections, *p->areas[i].section ? p->areas[i].section : "(appendix)");
    for (size_t i = 0; i < p->n_units && area; i++) {
        const px_xunit *u = &p->units[i];
        if (!in_charge(u->role))
            continue;
        /* at, above or inside a section naming the area (as audit) */
        int hit = 0;
        for (size_t k = 0; k < p->n_areas && !hit; k++)
            hit = strcmp(p->areas[k].area, area) == 0 &&
                  (px_path_within(p->areas[k].section, u->section) || px_path_within(u->section, p->areas[k].section));
        if (hit)
            set_add(&s->leads, u->canonical);
    }
    for (size_t i = 0; i < p->n_deadlines; i++) {
        const px_xdeadline *d = &p->deadlines[i];
        if (area ? !in_area(p, area, d->section) : in_any_area(p, d->section))
            continue;
        deadline_key(p, d, by_day, area == NULL, buf, sizeof buf);
        set_add(&s->deadlines, buf);
    }
    for (size_t i = 0; i < p->n_targets; i++) {
        const px_xtarget *t = &p->targets[i];
        const char *ind = px_target_indicator(p, t);
        if (area) {
            if (!ind || strcmp(ind, area) != 0)
                continue;
            target_key(t, NULL, buf, sizeof buf);
        } else {
            if (ind && strchr(ind, '.'))
                continue; /* an area's target: in the area's row */
            target_key(t, ind ? ind : "—", buf, sizeof buf);
        }
        set_add(&s->targets, buf);
    }
    for (size_t i = 0; i < p->n_refs && !area; i++) {
        const px_xref *r = &p->refs[i];
        snprintf(buf, sizeof buf, "%s%s%s", r->doc_number ? r->doc_number : "(no number)", r->date ? " " : "",
                 r->date ? r->date : "");
        set_add(&s->references, buf);
    }
}

typedef struct row {
    char *area;                    /* NULL: the plan-wide row */
    const char *status;            /* same, differs, only_in_a, only_in_b */
    char differs[64];              /* which parts differ */
    side a, b;
} row;

static char *joined(const strset *s, const char *sep)
{
    size_t n = 1;
    for (size_t i = 0; i < s->n; i++)
        n += strlen(s->v[i]) + strlen(sep);
    char *out = malloc(n);
    if (!out)
        return NULL;
    out[0] = '\0';
    for (size_t i = 0; i < s->n; i++) {
        if (i)
            strcat(out, sep);
        strcat(out, s->v[i]);
    }
    return out;
}

static void json_set(FILE *out, const strset *s)
{
    fputc('[', out);
    for (size_t i = 0; i < s->n; i++) {
        if (i)
            fputc(',', out);
        px_json_str(out, s->v[i]);
    }
    fputc(']', out);
}

static int area_order(const void *x, const void *y)
{
    const char *a = *(const char *const *)x, *b = *(const char *const *)y;
    const char *da = strchr(a, '.'), *db = strchr(b, '.');
    size_t la = da ? (size_t)(da - a) : strlen(a), lb = db ? (size_t)(db - b) : strlen(b);
    int c = strncmp(a, b, la < lb ? la : lb);
    if (c || la != lb)
        return c ? c : (la > lb) - (la < lb);
    return (da ? atoi(da + 1) : 0) - (db ? atoi(db + 1) : 0);
}

/* The text table: one block per area, the parts side by side. */
static void print_part(FILE *out, const char *name, const strset *a, const strset *b)
{
    if (!a->n && !b->n)
        return;
    char *ja = joined(a, "; "), *jb = joined(b, "; ");
    fprintf(out, "    %-10s %s A: %s\n", name, set_equal(a, b) ? "=" : "≠", a->n ? ja : "—");
    fprintf(out, "    %-10s   B: %s\n", "", b->n ? jb : "—");
    free(ja);
    free(jb);
}

int px_compare_print(FILE *out, const px_plan *a, const px_plan *b, const px_compare_options *opt, px_error *err)
{
    const char *format = opt && opt->format ? opt->format : "text";
    int json = strcmp(format, "json") == 0, csv = strcmp(format, "csv") == 0;
    if (!json && !csv && strcmp(format, "text") != 0)
        return px_error_set(err, "unknown format `%s` (text, json, csv)", format);
    int by_day = a->plan_year && b->plan_year && a->plan_year != b->plan_year;
    /* the areas of either plan, in taxonomy order */
    strset areas = {0};
    for (size_t i = 0; i < a->n_areas; i++)
        set_add(&areas, a->areas[i].area);
    for (size_t i = 0; i < b->n_areas; i++)
        set_add(&areas, b->areas[i].area);
    if (areas.n)
        qsort(areas.v, areas.n, sizeof *areas.v, area_order);
    size_t n_rows = areas.n + 1;
    row *rows = calloc(n_rows, sizeof *rows);
    if (!rows) {
        set_free(&areas);
        return px_error_set(err, "out of memory");
    }
    int differing = 0, only_a = 0, only_b = 0, same = 0;
    for (size_t r = 0; r < n_rows; r++) {
        row *w = &rows[r];
        w->area = r < areas.n ? areas.v[r] : NULL;
        collect(a, w->area, by_day, &w->a);
        collect(b, w->area, by_day, &w->b);
        if (w->area && !w->b.sections.n) {
            w->status = "only_in_a";
            only_a++;
        } else if (w->area && !w->a.sections.n) {
            w->status = "only_in_b";
            only_b++;
        } else {
            const char *parts[5] = {0};
            int n = 0;
            if (!set_equal(&w->a.leads, &w->b.leads))
                parts[n++] = "leads";
            if (!set_equal(&w->a.deadlines, &w->b.deadlines))
                parts[n++] = "deadlines";
            if (!set_equal(&w->a.targets, &w->b.targets))
                parts[n++] = "targets";
            if (!set_equal(&w->a.references, &w->b.references))
                parts[n++] = "references";
            for (int k = 0; k < n; k++)
                snprintf(w->differs + strlen(w->differs), sizeof w->differs - strlen(w->differs), "%s%s",
                         k ? "," : "", parts[k]);
            w->status = n ? "differs" : "same";
            if (n)
                differing++;
            else if (w->area)
                same++;
        }
    }
    char *la = px_plan_label(a), *lb = px_plan_label(b);
    if (csv) {
        fputs("\xEF\xBB\xBF" "area,status,differs,a_sections,b_sections,a_leads,b_leads,a_deadlines,b_deadlines,"
              "a_targets,b_targets,a_references,b_references\r\n", out);
        for (size_t r = 0; r < n_rows; r++) {
            row *w = &rows[r];
            px_csv_field(out, w->area ? w->area : "(plan-wide)");
            fputc(',', out);
            px_csv_field(out, w->status);
            fputc(',', out);
            px_csv_field(out, w->differs);
            const strset *cols[] = {&w->a.sections, &w->b.sections, &w->a.leads, &w->b.leads, &w->a.deadlines,
                                    &w->b.deadlines, &w->a.targets, &w->b.targets, &w->a.references,
                                    &w->b.references};
            for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
                char *j = joined(cols[c], "; ");
                fputc(',', out);
                px_csv_field(out, j);
                free(j);
            }
            fputs("\r\n", out);
        }
    } else if (json) {
        for (size_t r = 0; r < n_rows; r++) {
            row *w = &rows[r];
            fputs("{\"area\":", out);
            px_json_str(out, w->area);
            fputs(",\"status\":", out);
            px_json_str(out, w->status);
            fputs(",\"differs\":[", out);
            if (*w->differs) {
                char tmp[64];
                snprintf(tmp, sizeof tmp, "%s", w->differs);
                int first = 1;
                for (char *t = strtok(tmp, ","); t; t = strtok(NULL, ",")) {
                    fprintf(out, "%s\"%s\"", first ? "" : ",", t);
                    first = 0;
                }
            }
            fputs("]", out);
            const side *sd[2] = {&w->a, &w->b};
            const px_plan *pl[2] = {a, b};
            for (int k = 0; k < 2; k++) {
                fprintf(out, ",\"%s\":{\"document\":%lld,\"sections\":", k ? "b" : "a", pl[k]->id);
                json_set(out, &sd[k]->sections);
                fputs(",\"leads\":", out);
                json_set(out, &sd[k]->leads);
                fputs(",\"deadlines\":", out);
                json_set(out, &sd[k]->deadlines);
                fputs(",\"targets\":", out);
                json_set(out, &sd[k]->targets);
                if (!w->area) {
                    fputs(",\"references\":", out);
                    json_set(out, &sd[k]->references);
                }
                fputc('}', out);
            }
            fputs("}\n", out);
        }
    } else {
        fprintf(out, "A: document %lld %s\n   %s\n", a->id, a->source, la ? la : "");
        fprintf(out, "B: document %lld %s\n   %s\n", b->id, b->source, lb ? lb : "");
        if (by_day)
            fprintf(out, "Plan years differ (%d, %d): dates compare by their day in the year (MM-DD).\n",
                    a->plan_year, b->plan_year);
        fputc('\n', out);
        for (size_t r = 0; r < n_rows; r++) {
            row *w = &rows[r];
            const char *status = strcmp(w->status, "only_in_a") == 0   ? "only in A"
                                 : strcmp(w->status, "only_in_b") == 0 ? "only in B"
                                                                       : w->status;
            fprintf(out, "%-9s %s%s%s%s\n", w->area ? w->area : "plan-wide", status, *w->differs ? " (" : "",
                    w->differs, *w->differs ? ")" : "");
            print_part(out, "sections", &w->a.sections, &w->b.sections);
            print_part(out, "leads", &w->a.leads, &w->b.leads);
            print_part(out, "deadlines", &w->a.deadlines, &w->b.deadlines);
            print_part(out, "targets", &w->a.targets, &w->b.targets);
            print_part(out, "references", &w->a.references, &w->b.references);
        }
        fprintf(out, "\n%zu area%s: %d same, %d differ, %d only in A, %d only in B; plan-wide: %s\n", areas.n,
                areas.n == 1 ? "" : "s", same, differing - (strcmp(rows[n_rows - 1].status, "differs") == 0),
                only_a, only_b, rows[n_rows - 1].status);
    }
    free(la);
    free(lb);
    for (size_t r = 0; r < n_rows; r++) {
        side_free(&rows[r].a);
        side_free(&rows[r].b);
    }
    free(rows);
    set_free(&areas);
    return differing + only_a + only_b;
}
