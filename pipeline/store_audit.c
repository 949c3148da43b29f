/* store_audit.c: a plan audited against the template it implements
 * (issue 6).  Works on the plan model (crossdoc.h), so it needs no SQL;
 * it lives with the store because the model is the store's.
 *
 * What is checked, and why each rule is what it is:
 *  - the plan cites the template (a commune plan opens `Thực hiện Kế hoạch
 *    số … của UBND huyện …`);
 *  - indicator areas of the template that the plan does not name, and
 *    areas the plan adds; only for the indices the plan is about (a
 *    district PAPI plan implements the PAPI part of a provincial plan on
 *    PAPI, SIPAS and PAR INDEX);
 *  - deadlines the template sets for plans or reports from the plan's
 *    level: the plan must set its own no later.  Template and plan are
 *    often for different years (seed 000 of 2024 against seed 003 of
 *    2023), so the template's date is moved into the plan's year first;
 *  - targets for the same index or area: at least as ambitious;
 *  - each area the plan names has a unit in charge at, above or inside its
 *    section. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "crossdoc.h"

/* --- small output helpers ---------------------------------------------- */

typedef struct sbuf {
    char *s;
    size_t n, cap;
} sbuf;

static void sb_add(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_add(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (k < 0)
        return;
    if (b->n + (size_t)k + 1 > b->cap) {
        size_t cap = (b->cap ? b->cap * 2 : 64) + (size_t)k;
        char *g = realloc(b->s, cap);
        if (!g)
            return;
        b->s = g;
        b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
    va_end(ap);
    b->n += (size_t)k;
}

static void sb_json(sbuf *b, const char *s)
{
    if (!s) {
        sb_add(b, "null");
        return;
    }
    sb_add(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            sb_add(b, "\\%c", *p);
        else if (*p == '\n')
            sb_add(b, "\\n");
        else if (*p == '\t')
            sb_add(b, "\\t");
        else if (*p < 0x20)
            sb_add(b, "\\u%04x", *p);
        else
            sb_add(b, "%c", *p);
    }
    sb_add(b, "\"");
}

static char *sb_take(sbuf *b)
{
    char *s = b->s ? b->s : strdup("");
    b->s = NULL;
    b->n = b->cap = 0;
    return s;
}

static void json_str(FILE *out, const char *s)
{
    sbuf b = {0};
    sb_json(&b, s);
    fputs(b.s ? b.s : "null", out);
    free(b.s);
}

/* Display width of UTF-8 text (code points; the tables hold no wide
 * characters). */
static size_t width(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p & 0xC0) != 0x80;
    return n;
}

/* Prints s cut to at most w characters (with `…`) and padded to w. */
static void put_cell(FILE *out, const char *s, size_t w)
{
    if (!s)
        s = "—";
    size_t n = width(s);
    if (n <= w) {
        fputs(s, out);
        for (size_t i = n; i < w; i++)
            fputc(' ', out);
        return;
    }
    size_t chars = 0;
    const char *p = s;
    while (*p && chars < w - 1) {
        p++;
        while ((*p & 0xC0) == 0x80)
            p++;
        chars++;
    }
    fwrite(s, 1, (size_t)(p - s), out);
    fputs("…", out);
}

/* --- reading deadlines ------------------------------------------------- */

unsigned px_level_bit(const char *level)
{
    if (!level)
        return 0;
    if (strcmp(level, "province") == 0)
        return PX_LEVEL_PROVINCE;
    if (strcmp(level, "district") == 0)
        return PX_LEVEL_DISTRICT;
    if (strcmp(level, "commune") == 0 || strcmp(level, "ward") == 0)
        return PX_LEVEL_COMMUNE;
    if (strcmp(level, "department") == 0)
        return PX_LEVEL_DEPARTMENT;
    return 0;
}

/* Whole-word occurrence of `w` in folded text t. */
static const char *find_word(const char *t, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = strstr(t, w); p; p = strstr(p + 1, w)) {
        int before = p == t || !isalnum((unsigned char)p[-1]);
        int after = !isalnum((unsigned char)p[n]);
        if (before && after)
            return p;
    }
    return NULL;
}

/* The levels a folded clause addresses.  `xã` alone is not enough (it is
 * also the `xã` of `kinh tế - xã hội`), hence the phrases. */
static unsigned levels_of(const char *folded, const char *raw)
{
    static const struct {
        unsigned bit;
        const char *phrase;
    } terms[] = {
        {PX_LEVEL_COMMUNE, "cac xa"}, {PX_LEVEL_COMMUNE, "cap xa"}, {PX_LEVEL_COMMUNE, "ubnd xa"},
        {PX_LEVEL_COMMUNE, "xa, phuong"}, {PX_LEVEL_COMMUNE, "xa, thi tran"}, {PX_LEVEL_COMMUNE, "phuong, thi tran"},
        {PX_LEVEL_COMMUNE, "cac phuong"}, {PX_LEVEL_COMMUNE, "ubnd phuong"}, {PX_LEVEL_COMMUNE, "cap co so"},
        {PX_LEVEL_DISTRICT, "cac huyen"}, {PX_LEVEL_DISTRICT, "cap huyen"}, {PX_LEVEL_DISTRICT, "ubnd huyen"},
        {PX_LEVEL_DISTRICT, "huyen, thanh pho"}, {PX_LEVEL_DISTRICT, "huyen, thi xa"}, {PX_LEVEL_DISTRICT, "cac thi xa"},
        {PX_LEVEL_DEPARTMENT, "cac so"}, {PX_LEVEL_DEPARTMENT, "so, ban, nganh"}, {PX_LEVEL_DEPARTMENT, "ban, nganh"},
        {PX_LEVEL_DEPARTMENT, "co quan chuyen mon"}, {PX_LEVEL_DEPARTMENT, "cac phong, ban"},
        {PX_LEVEL_PROVINCE, "cac tinh"}, {PX_LEVEL_PROVINCE, "cap tinh"},
        {PX_LEVEL_ANY, "cac co quan, don vi"}, {PX_LEVEL_ANY, "co quan, don vi"}, {PX_LEVEL_ANY, "cac don vi"},
        {PX_LEVEL_ANY, "dia phuong"}, {PX_LEVEL_ANY, "cac cap"},
    };
    unsigned bits = 0;
    for (size_t i = 0; i < sizeof terms / sizeof terms[0]; i++)
        if (find_word(folded, terms[i].phrase))
            bits |= terms[i].bit;
    /* `Sở Nội vụ`: a department by name; folded, `sở` would be `số` */
    if (raw && (strstr(raw, "Sở ") || strstr(raw, "sở ") || strstr(raw, "SỞ ")))
        bits |= PX_LEVEL_DEPARTMENT;
    return bits;
}

static const char *period_of(const char *f)
{
    if (strstr(f, "quy iv") || strstr(f, "quy 4"))
        return "q4";
    if (strstr(f, "quy iii") || strstr(f, "quy 3"))
        return "q3";
    if (strstr(f, "quy ii") || strstr(f, "quy 2"))
        return "q2";
    if (find_word(f, "quy i") || find_word(f, "quy 1"))
        return "q1";
    if (strstr(f, "6 thang") || strstr(f, "sau thang") || strstr(f, "06 thang"))
        return "half_year";
    if (strstr(f, "9 thang") || strstr(f, "09 thang") || strstr(f, "chin thang"))
        return "nine_months";
    if (strstr(f, "bao cao nam") || strstr(f, "ca nam") || strstr(f, "tong ket nam") || strstr(f, "ket qua nam") ||
        strstr(f, "bao cao hang nam") || strstr(f, "bao cao hàng nam") || strstr(f, "cuoi nam"))
        return "year";
    return NULL;
}

/* What a folded clause asks for: the first of `báo cáo` / `kế hoạch`
 * decides (`Báo cáo kết quả thực hiện Kế hoạch …` is a report; `kế hoạch
 * gửi về UBND huyện …` a plan). */
static const char *what_of(const char *f)
{
    const char *r = strstr(f, "bao cao");
    const char *k = strstr(f, "ke hoach");
    if (r && (!k || r < k))
        return "report";
    if (k)
        return "plan";
    return NULL;
}

/* Candidate spellings of an ISO date in folded text. */
static int date_forms(const char *iso, char forms[][32], int max)
{
    int y, m, d;
    if (!iso || sscanf(iso, "%d-%d-%d", &y, &m, &d) != 3 || max < 4)
        return 0;
    int n = 0;
    snprintf(forms[n++], 32, "%d/%d/%d", d, m, y);
    snprintf(forms[n++], 32, "%02d/%02d/%d", d, m, y);
    snprintf(forms[n++], 32, "%d thang %d nam %d", d, m, y);
    snprintf(forms[n++], 32, "%02d thang %02d nam %d", d, m, y);
    return n;
}

/* Splits a paragraph into clauses at `;` and at sentence ends. */
static size_t next_clause(const char *s, size_t from)
{
    for (size_t i = from; s[i]; i++) {
        if (s[i] == ';')
            return i + 1;
        if (s[i] == '.' && (s[i + 1] == ' ' || s[i + 1] == '\0') && i > from + 2 &&
            !isdigit((unsigned char)s[i - 1]))
            return i + 1;
    }
    return strlen(s);
}

/* The clause of the section body that holds the deadline: the one whose
 * folded text contains the deadline's text, else one of its date's
 * spellings.  Returns a new string, or NULL. */
static char *find_clause(const char *body, const char *text, const char *date)
{
    char *ftext = px_fold(text);
    char forms[4][32];
    int nf = date_forms(date, forms, 4);
    char *found = NULL, *para_found = NULL;
    for (int pass = 0; pass < 2 && !found; pass++) {
        const char *p = body;
        while (p && *p && !found) {
            const char *e = strchr(p, '\n');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            char *para = strndup(p, len);
            size_t at = 0;
            while (para && para[at] && !found) {
                size_t end = next_clause(para, at);
                char *clause = strndup(para + at, end - at);
                char *fc = px_fold(clause);
                int hit = 0;
                if (fc && pass == 0 && ftext && *ftext && strstr(fc, ftext))
                    hit = 1;
                for (int k = 0; fc && pass == 1 && k < nf && !hit; k++)
                    hit = find_word(fc, forms[k]) != NULL;
                if (hit)
                    found = clause;
                else
                    free(clause);
                free(fc);
                at = end;
            }
            /* text longer than a clause: the paragraph holds it */
            if (!found && pass == 0 && ftext && *ftext && !para_found) {
                char *fp = px_fold(para);
                if (fp && strstr(fp, ftext))
                    para_found = strdup(para);
                free(fp);
            }
            free(para);
            p = e ? e + 1 : NULL;
        }
        if (!found && para_found) {
            found = para_found;
            para_found = NULL;
        }
    }
    free(para_found);
    free(ftext);
    if (found) {
        /* trim the bullet and spaces */
        char *s = found;
        while (*s == ' ' || *s == '-' || *s == '+' || *s == '*')
            s++;
        memmove(found, s, strlen(s) + 1);
        size_t n = strlen(found);
        while (n && found[n - 1] == ' ')
            found[--n] = '\0';
    }
    return found;
}

void px_deadline_read(const px_plan *p, const px_xdeadline *d, px_deadline_info *out)
{
    memset(out, 0, sizeof *out);
    const px_xsection *sec = px_plan_section(p, d->section);
    char *clause = sec ? find_clause(sec->body, d->text, d->date) : NULL;
    if (!clause)
        clause = strdup(d->text ? d->text : "");
    char *f = px_fold(clause);
    /* the deadline's own words first, then the clause around it */
    char *ft = px_fold(d->text);
    out->what = ft ? what_of(ft) : NULL;
    if (!out->what && f)
        out->what = what_of(f);
    out->period = ft ? period_of(ft) : NULL;
    if (!out->period && f)
        out->period = period_of(f);
    if (!out->period && d->recurrence) {
        if (strcmp(d->recurrence, "half_yearly") == 0)
            out->period = "half_year";
        else if (strcmp(d->recurrence, "yearly") == 0)
            out->period = "year";
    }
    /* in the clause, `Sở` is as often the route (`gửi về UBND tỉnh (qua Sở
     * Nội vụ)`) as the addressee: only headings name a Sở as addressee */
    out->levels = f ? levels_of(f, NULL) : 0;
    /* a clause that names nobody is addressed to its section's units:
     * `1. Thủ trưởng các Sở …; Chủ tịch UBND các huyện …` over `a) …` */
    char *path = strdup(d->section ? d->section : "");
    while (!out->levels && path && *path) {
        const px_xsection *s = px_plan_section(p, path);
        if (s) {
            char *ftitle = px_fold(s->title);
            if (ftitle)
                out->levels = levels_of(ftitle, s->title);
            free(ftitle);
        }
        char *slash = strrchr(path, '/');
        if (slash)
            *slash = '\0';
        else
            *path = '\0';
    }
    free(path);
    free(ft);
    free(f);
    out->context = clause;
}

/* --- dates -------------------------------------------------------------- */

static int plan_year_of(const px_plan *p)
{
    int y = 0;
    if (p->plan_year)
        return p->plan_year;
    if (p->issued_date && sscanf(p->issued_date, "%d", &y) == 1)
        return y;
    return 0;
}

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* Day number of an ISO date moved by `shift` years (29 Feb → 28 Feb). */
static long day_number(const char *iso, int shift, char *shown, size_t n)
{
    int y, m, d;
    if (!iso || sscanf(iso, "%d-%d-%d", &y, &m, &d) != 3)
        return -1;
    y += shift;
    if (m == 2 && d == 29 && !leap(y))
        d = 28;
    if (shown)
        snprintf(shown, n, "%04d-%02d-%02d", y, m, d);
    /* days since 0000-03-01, enough to order and subtract */
    int yy = m <= 2 ? y - 1 : y, mm = m <= 2 ? m + 12 : m;
    return 365L * yy + yy / 4 - yy / 100 + yy / 400 + (153 * (mm - 3) + 2) / 5 + d;
}

/* --- targets ------------------------------------------------------------ */

/* Targets compare within a family: top-N groups, percentages, ranks
 * gained, points; other units only with the same unit. */
static const char *family(const px_xtarget *t)
{
    if (t->comparator && strcmp(t->comparator, "top") == 0)
        return "top";
    if (!t->unit)
        return "";
    if (strcmp(t->unit, "%") == 0)
        return "%";
    if (strcmp(t->unit, "bậc") == 0 || strcmp(t->unit, "hạng") == 0)
        return "rank";
    if (strcmp(t->unit, "điểm") == 0)
        return "points";
    return t->unit;
}

/* Whether plan value pv is at least as ambitious as template's t. */
static int as_ambitious(const px_xtarget *t, double pv)
{
    const double eps = 1e-9;
    if (strcmp(family(t), "top") == 0)
        return pv <= t->value + eps; /* top 10 is more than top 15 */
    if (t->comparator && (strcmp(t->comparator, "<=") == 0 || strcmp(t->comparator, "<") == 0))
        return pv <= t->value + eps; /* `giảm xuống dưới 5%` */
    return pv >= t->value - eps;
}

static void target_value(const px_xtarget *t, char *buf, size_t n)
{
    char v[32];
    if (t->value == floor(t->value) && fabs(t->value) < 1e15)
        snprintf(v, sizeof v, "%.0f", t->value);
    else
        snprintf(v, sizeof v, "%g", t->value);
    if (t->comparator && strcmp(t->comparator, "top") == 0)
        snprintf(buf, n, "top %s%s%s", v, t->unit && *t->unit ? " " : "", t->unit ? t->unit : "");
    else
        snprintf(buf, n, "%s%s%s%s%s", t->comparator && *t->comparator ? t->comparator : "",
                 t->comparator && *t->comparator ? " " : "", v, t->unit && *t->unit ? " " : "",
                 t->unit ? t->unit : "");
}

/* Words of folded text, without numbers: what a target is about. */
typedef struct words {
    char **w;
    size_t n;
} words;

static void words_of(const char *text, words *out)
{
    out->w = NULL;
    out->n = 0;
    char *f = px_fold(text);
    if (!f)
        return;
    size_t cap = 0;
    for (char *tok = strtok(f, " ,.;:()/-%\"“”"); tok; tok = strtok(NULL, " ,.;:()/-%\"“”")) {
        int digits = 1;
        for (char *c = tok; *c; c++)
            digits &= isdigit((unsigned char)*c) != 0;
        if (digits || strlen(tok) < 2)
            continue;
        int dup = 0;
        for (size_t i = 0; i < out->n && !dup; i++)
            dup = strcmp(out->w[i], tok) == 0;
        if (dup)
            continue;
        if (out->n == cap) {
            cap = cap ? cap * 2 : 16;
            char **g = realloc(out->w, cap * sizeof *g);
            if (!g)
                break;
            out->w = g;
        }
        out->w[out->n++] = strdup(tok);
    }
    free(f);
}

static void words_free(words *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->w[i]);
    free(w->w);
}

static double similarity(const words *a, const words *b)
{
    if (!a->n || !b->n)
        return 0;
    size_t common = 0;
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++)
            if (strcmp(a->w[i], b->w[j]) == 0) {
                common++;
                break;
            }
    return (double)common / (double)(a->n + b->n - common);
}

/* --- findings ------------------------------------------------------------- */

static px_finding *add(px_audit *a, const char *kind, int ok)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 32;
        px_finding *g = realloc(a->items, cap * sizeof *g);
        if (!g)
            return NULL;
        a->items = g;
        a->cap = cap;
    }
    px_finding *f = &a->items[a->n++];
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->ok = ok;
    if (!ok)
        a->findings++;
    return f;
}

static char *dup0(const char *s) { return s ? strdup(s) : NULL; }

static void evidence(px_evidence *e, const px_plan *p, const char *section, const char *value, const char *json,
                     const char *text)
{
    e->section = dup0(section);
    const px_xsection *s = px_plan_section(p, section);
    e->title = dup0(s ? s->title : NULL);
    e->value = dup0(value);
    e->json = dup0(json);
    e->text = dup0(text);
}

static void note(px_finding *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(px_finding *f, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    f->note = strdup(buf);
}

/* The plan cites the template: a resolved reference to it, or a citation
 * of its number (another edition), or of its date and issuer when it has
 * no number. */
static void check_reference(const px_plan *plan, const px_plan *tmpl, px_audit *a)
{
    const px_xref *hit = NULL;
    char *tkey = px_issuer_key(tmpl->issuer);
    for (size_t i = 0; i < plan->n_refs && !hit; i++) {
        const px_xref *r = &plan->refs[i];
        if (r->resolved_id == tmpl->id)
            hit = r;
        else if (tmpl->number_key && r->number_key && strcmp(tmpl->number_key, r->number_key) == 0 &&
                 (!r->date || !tmpl->issued_date || strcmp(r->date, tmpl->issued_date) == 0))
            hit = r;
        else if (!tmpl->number_key && !r->number_key && r->date && tmpl->issued_date &&
                 strcmp(r->date, tmpl->issued_date) == 0) {
            char *rkey = px_issuer_key(r->issuer);
            if (rkey && tkey && *rkey && *tkey && (strstr(rkey, tkey) || strstr(tkey, rkey)))
                hit = r;
            free(rkey);
        }
    }
    free(tkey);
    sbuf tj = {0}, tv = {0};
    sb_add(&tj, "\"doc_number\":");
    sb_json(&tj, tmpl->doc_number);
    sb_add(&tj, ",\"date\":");
    sb_json(&tj, tmpl->issued_date);
    sb_add(&tj, ",\"issuer\":");
    sb_json(&tj, tmpl->issuer);
    sb_add(&tv, "%s%s%s%s%s", tmpl->doc_number ? tmpl->doc_number : "(no number)", tmpl->issued_date ? " " : "",
           tmpl->issued_date ? tmpl->issued_date : "", tmpl->issuer ? " " : "", tmpl->issuer ? tmpl->issuer : "");
    px_finding *f = add(a, hit ? "reference_ok" : "reference_missing", hit != NULL);
    if (!f) {
        free(tj.s);
        free(tv.s);
        return;
    }
    evidence(&f->tmpl, tmpl, NULL, tv.s, tj.s, tmpl->title);
    sbuf pj = {0}, pv = {0}, pt = {0};
    if (hit) {
        sb_add(&pj, "\"doc_number\":");
        sb_json(&pj, hit->doc_number);
        sb_add(&pj, ",\"date\":");
        sb_json(&pj, hit->date);
        sb_add(&pj, ",\"issuer\":");
        sb_json(&pj, hit->issuer);
        sb_add(&pv, "%s", hit->doc_number ? hit->doc_number : "(no number)");
        evidence(&f->plan, plan, hit->section, pv.s, pj.s, hit->text);
        note(f, "the plan cites the template");
    } else {
        /* what the plan cites instead */
        sb_add(&pj, "\"references\":[");
        for (size_t i = 0; i < plan->n_refs; i++) {
            const px_xref *r = &plan->refs[i];
            sb_add(&pj, "%s{\"doc_number\":", i ? "," : "");
            sb_json(&pj, r->doc_number);
            sb_add(&pj, ",\"date\":");
            sb_json(&pj, r->date);
            sb_add(&pj, ",\"issuer\":");
            sb_json(&pj, r->issuer);
            sb_add(&pj, "}");
            sb_add(&pv, "%s%s", i ? ", " : "", r->doc_number ? r->doc_number : "(no number)");
            sb_add(&pt, "%s%s", i ? " | " : "", r->text);
        }
        sb_add(&pj, "]");
        evidence(&f->plan, plan, plan->n_refs ? plan->refs[0].section : NULL, plan->n_refs ? pv.s : "no references",
                 pj.s, plan->n_refs ? pt.s : NULL);
        note(f, "the plan does not cite the template as its basis");
    }
    free(tj.s);
    free(tv.s);
    free(pj.s);
    free(pv.s);
    free(pt.s);
}

static int in_scope(const px_plan *plan, const char *code, const px_audit_options *opt)
{
    return opt->all_indices || px_plan_has_index(plan, px_area_index(code));
}

/* First row naming `area`, and every section that names it as JSON. */
static const px_xarea *area_rows(const px_plan *p, const char *area, char **sections_json)
{
    const px_xarea *first = NULL;
    sbuf b = {0};
    sb_add(&b, "\"area\":\"%s\",\"sections\":[", area);
    int n = 0;
    for (size_t i = 0; i < p->n_areas; i++)
        if (strcmp(p->areas[i].area, area) == 0) {
            if (!first)
                first = &p->areas[i];
            int dup = 0;
            for (size_t j = 0; j < i && !dup; j++)
                dup = strcmp(p->areas[j].area, area) == 0 && strcmp(p->areas[j].section, p->areas[i].section) == 0;
            if (!dup) {
                sb_add(&b, "%s", n++ ? "," : "");
                sb_json(&b, p->areas[i].section);
            }
        }
    sb_add(&b, "]");
    *sections_json = sb_take(&b);
    return first;
}

static int has_area(const px_plan *p, const char *area)
{
    for (size_t i = 0; i < p->n_areas; i++)
        if (strcmp(p->areas[i].area, area) == 0)
            return 1;
    return 0;
}

static int seen_before(const px_plan *p, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (strcmp(p->areas[j].area, p->areas[i].area) == 0)
            return 1;
    return 0;
}

static void check_areas(const px_plan *plan, const px_plan *tmpl, const px_audit_options *opt, px_audit *a)
{
    for (size_t i = 0; i < tmpl->n_areas; i++) {
        const char *area = tmpl->areas[i].area;
        if (seen_before(tmpl, i) || !in_scope(plan, area, opt))
            continue;
        char *tj, *pj = NULL;
        const px_xarea *t = area_rows(tmpl, area, &tj);
        const px_xarea *p = has_area(plan, area) ? area_rows(plan, area, &pj) : NULL;
        px_finding *f = add(a, p ? "area_covered" : "area_missing", p != NULL);
        if (f) {
            f->area = strdup(area);
            evidence(&f->tmpl, tmpl, t->section, area, tj, t->text);
            if (p) {
                evidence(&f->plan, plan, p->section, area, pj, p->text);
                note(f, "both name %s", area);
            } else {
                evidence(&f->plan, plan, NULL, NULL, NULL, NULL);
                note(f, "the template names %s, the plan does not", area);
            }
        }
        free(tj);
        free(pj);
    }
    for (size_t i = 0; i < plan->n_areas; i++) {
        const char *area = plan->areas[i].area;
        if (seen_before(plan, i) || has_area(tmpl, area))
            continue;
        char *pj;
        const px_xarea *p = area_rows(plan, area, &pj);
        px_finding *f = add(a, "area_added", 0);
        if (f) {
            f->area = strdup(area);
            evidence(&f->tmpl, tmpl, NULL, NULL, NULL, NULL);
            evidence(&f->plan, plan, p->section, area, pj, p->text);
            note(f, "the plan names %s, the template does not", area);
        }
        free(pj);
    }
}

static void deadline_json(sbuf *b, const px_xdeadline *d, const px_deadline_info *info, const char *compared)
{
    sb_add(b, "\"kind\":");
    sb_json(b, d->kind);
    sb_add(b, ",\"date\":");
    sb_json(b, d->date);
    sb_add(b, ",\"recurrence\":");
    sb_json(b, d->recurrence);
    sb_add(b, ",\"for\":");
    sb_json(b, info->what);
    sb_add(b, ",\"period\":");
    sb_json(b, info->period);
    if (compared) {
        sb_add(b, ",\"compared_as\":");
        sb_json(b, compared);
    }
}

typedef struct plan_deadline {
    const px_xdeadline *d;
    px_deadline_info info;
} plan_deadline;

static void check_deadlines(const px_plan *plan, const px_plan *tmpl, px_audit *a)
{
    int shift = 0, py = plan_year_of(plan), ty = plan_year_of(tmpl);
    if (py && ty)
        shift = py - ty;
    unsigned mine = px_level_bit(plan->level);
    plan_deadline *pd = calloc(plan->n_deadlines + 1, sizeof *pd);
    if (!pd)
        return;
    for (size_t i = 0; i < plan->n_deadlines; i++) {
        pd[i].d = &plan->deadlines[i];
        if (plan->deadlines[i].date)
            px_deadline_read(plan, &plan->deadlines[i], &pd[i].info);
    }
    /* (what, period, date) already checked: a template that repeats a
     * deadline asks for it once */
    char **done = calloc(tmpl->n_deadlines + 1, sizeof *done);
    size_t n_done = 0;
    for (size_t i = 0; i < tmpl->n_deadlines; i++) {
        const px_xdeadline *d = &tmpl->deadlines[i];
        if (!d->date)
            continue;
        px_deadline_info info;
        px_deadline_read(tmpl, d, &info);
        int applies = info.what != NULL;
        if (applies && mine && info.levels && !(info.levels & (mine | PX_LEVEL_ANY)))
            applies = 0; /* addressed to other levels (`Sở Nội vụ tổng hợp …`) */
        char key[128];
        snprintf(key, sizeof key, "%s|%s|%s", info.what ? info.what : "", info.period ? info.period : "", d->date);
        for (size_t k = 0; k < n_done && applies; k++)
            if (strcmp(done[k], key) == 0)
                applies = 0;
        if (!applies) {
            free(info.context);
            continue;
        }
        if (done)
            done[n_done++] = strdup(key);
        char shown[16] = "";
        long due = day_number(d->date, shift, shown, sizeof shown);
        /* candidates: the plan's deadlines for the same thing, for the
         * same period when the template names one and the plan has it */
        int same_period = 0;
        for (size_t j = 0; j < plan->n_deadlines && info.period; j++)
            if (pd[j].info.what && strcmp(pd[j].info.what, info.what) == 0 && pd[j].info.period &&
                strcmp(pd[j].info.period, info.period) == 0)
                same_period = 1;
        const plan_deadline *best = NULL;
        long best_gap = 0;
        for (size_t j = 0; j < plan->n_deadlines; j++) {
            if (!pd[j].info.what || strcmp(pd[j].info.what, info.what) != 0)
                continue;
            if (same_period && (!pd[j].info.period || strcmp(pd[j].info.period, info.period) != 0))
                continue;
            long when = day_number(pd[j].d->date, 0, NULL, 0);
            if (when < 0)
                continue;
            long gap = labs(when - due);
            /* the closest is the counterpart; on a tie, the earlier */
            if (!best || gap < best_gap ||
                (gap == best_gap && when < day_number(best->d->date, 0, NULL, 0))) {
                best = &pd[j];
                best_gap = gap;
            }
        }
        long when = best ? day_number(best->d->date, 0, NULL, 0) : 0;
        const char *kind = !best ? "deadline_missing" : when > due ? "deadline_later" : "deadline_ok";
        px_finding *f = add(a, kind, best && when <= due);
        if (f) {
            sbuf tj = {0}, pj = {0};
            deadline_json(&tj, d, &info, shift ? shown : NULL);
            char tv[96], pv[96];
            snprintf(tv, sizeof tv, "%s%s%s%s %s", info.what, info.period ? " (" : "", info.period ? info.period : "",
                     info.period ? ")" : "", d->date);
            evidence(&f->tmpl, tmpl, d->section, tv, tj.s, info.context);
            if (best) {
                deadline_json(&pj, best->d, &best->info, NULL);
                snprintf(pv, sizeof pv, "%s%s%s%s %s", best->info.what, best->info.period ? " (" : "",
                         best->info.period ? best->info.period : "", best->info.period ? ")" : "", best->d->date);
                evidence(&f->plan, plan, best->d->section, pv, pj.s, best->info.context);
            } else {
                evidence(&f->plan, plan, NULL, NULL, NULL, NULL);
            }
            const char *what = strcmp(info.what, "plan") == 0 ? "plans" : "reports";
            if (!best)
                note(f, "the template sets %s%s%s due %s; the plan sets no such deadline", what,
                     info.period ? " for " : "", info.period ? info.period : "", d->date);
            else if (when > due)
                note(f, "%s due %s in the plan, after the template's %s%s%s%s", what, best->d->date, d->date,
                     shift ? " (" : "", shift ? shown : "", shift ? " in the plan's year)" : "");
            else
                note(f, "%s due %s in the plan, no later than the template's %s%s%s%s", what, best->d->date, d->date,
                     shift ? " (" : "", shift ? shown : "", shift ? " in the plan's year)" : "");
            free(tj.s);
            free(pj.s);
        }
        free(info.context);
    }
    for (size_t k = 0; k < n_done; k++)
        free(done[k]);
    free(done);
    for (size_t i = 0; i < plan->n_deadlines; i++)
        free(pd[i].info.context);
    free(pd);
}

static void target_json(sbuf *b, const px_xtarget *t, const char *indicator)
{
    sb_add(b, "\"indicator\":");
    sb_json(b, indicator);
    sb_add(b, ",\"value\":%.10g,\"unit\":", t->value);
    sb_json(b, t->unit);
    sb_add(b, ",\"comparator\":");
    sb_json(b, t->comparator);
    if (t->year)
        sb_add(b, ",\"year\":%d", t->year);
    else
        sb_add(b, ",\"year\":null");
}

static void check_targets(const px_plan *plan, const px_plan *tmpl, const px_audit_options *opt, px_audit *a)
{
    words *pw = calloc(plan->n_targets + 1, sizeof *pw);
    if (!pw)
        return;
    for (size_t j = 0; j < plan->n_targets; j++)
        words_of(plan->targets[j].text, &pw[j]);
    for (size_t i = 0; i < tmpl->n_targets; i++) {
        const px_xtarget *t = &tmpl->targets[i];
        const char *ind = px_target_indicator(tmpl, t);
        if (ind && !in_scope(plan, ind, opt))
            continue;
        /* the same target printed twice (body and appendix): once */
        int dup = 0;
        for (size_t k = 0; k < i && !dup; k++) {
            const px_xtarget *u = &tmpl->targets[k];
            const char *uind = px_target_indicator(tmpl, u);
            dup = u->value == t->value && strcmp(family(u), family(t)) == 0 &&
                  ((!ind && !uind) || (ind && uind && strcmp(ind, uind) == 0)) &&
                  strcmp(u->comparator, t->comparator) == 0 && (strcmp(u->section, t->section) == 0 || ind);
        }
        if (dup)
            continue;
        words tw;
        words_of(t->text, &tw);
        const px_xtarget *best = NULL;
        double best_sim = -1, best_gap = 0;
        for (size_t j = 0; j < plan->n_targets; j++) {
            const px_xtarget *p = &plan->targets[j];
            if (strcmp(family(p), family(t)) != 0)
                continue;
            const char *pind = px_target_indicator(plan, p);
            if (ind ? !pind || strcmp(pind, ind) != 0 : pind != NULL)
                continue;
            double sim = similarity(&tw, &pw[j]);
            if (!ind && sim < 0.5) /* nothing else says they are the same target */
                continue;
            double gap = fabs(p->value - t->value);
            if (!best || sim > best_sim + 1e-9 || (fabs(sim - best_sim) <= 1e-9 && gap < best_gap)) {
                best = p;
                best_sim = sim;
                best_gap = gap;
            }
        }
        words_free(&tw);
        if (!best && !ind)
            continue; /* a target about nothing named: not comparable */
        int ok = best && as_ambitious(t, best->value);
        px_finding *f = add(a, !best ? "target_missing" : ok ? "target_ok" : "target_weaker", ok);
        if (!f)
            continue;
        f->indicator = dup0(ind);
        if (ind && strchr(ind, '.'))
            f->area = strdup(ind);
        char tv[96], pv[96];
        target_value(t, tv, sizeof tv);
        sbuf tj = {0}, pj = {0};
        target_json(&tj, t, ind);
        evidence(&f->tmpl, tmpl, t->section, tv, tj.s, t->text);
        if (best) {
            target_value(best, pv, sizeof pv);
            target_json(&pj, best, px_target_indicator(plan, best));
            evidence(&f->plan, plan, best->section, pv, pj.s, best->text);
            note(f, "%s: plan %s, template %s", ind ? ind : "target", pv, tv);
        } else {
            evidence(&f->plan, plan, NULL, NULL, NULL, NULL);
            note(f, "the template sets %s for %s; the plan sets no comparable target", tv, ind);
        }
        free(tj.s);
        free(pj.s);
    }
    for (size_t j = 0; j < plan->n_targets; j++)
        words_free(&pw[j]);
    free(pw);
}

static int in_charge(const char *role)
{
    return strcmp(role, "lead") == 0 || strcmp(role, "responsible") == 0 || strcmp(role, "implement") == 0;
}

/* The units in charge of an area of plan p: lead, responsible or
 * implementing units at, above or inside a section that names it (a
 * lettered field `b) Cơ quan thực hiện: …` is a section inside the
 * task's, ANNOTATION.md).  Returns the first, and all of them in *list. */
static const px_xunit *leads_for(const px_plan *p, const char *area, char **list, char **json)
{
    const px_xunit *first = NULL;
    sbuf b = {0}, j = {0};
    sb_add(&j, "\"units\":[");
    const px_xunit *listed[64];
    int n = 0;
    for (size_t u = 0; u < p->n_units; u++) {
        const px_xunit *x = &p->units[u];
        if (!in_charge(x->role))
            continue;
        int hit = 0;
        for (size_t i = 0; i < p->n_areas && !hit; i++) {
            const px_xarea *ar = &p->areas[i];
            if (strcmp(ar->area, area) != 0)
                continue;
            hit = px_path_within(ar->section, x->section) || px_path_within(x->section, ar->section);
        }
        if (!hit)
            continue;
        if (!first)
            first = x;
        /* one unit once, however many sections name it */
        int dup = 0;
        for (int v = 0; v < n && !dup; v++)
            dup = strcmp(listed[v]->canonical, x->canonical) == 0;
        if (dup || n >= 64)
            continue;
        listed[n] = x;
        sb_add(&b, "%s%s", n ? "; " : "", x->unit);
        sb_add(&j, "%s{\"unit\":", n ? "," : "");
        sb_json(&j, x->unit);
        sb_add(&j, ",\"unit_canonical\":");
        sb_json(&j, x->canonical);
        sb_add(&j, ",\"role\":");
        sb_json(&j, x->role);
        sb_add(&j, ",\"section\":");
        sb_json(&j, x->section);
        sb_add(&j, "}");
        n++;
    }
    sb_add(&j, "]");
    *list = n ? sb_take(&b) : NULL;
    free(b.s);
    *json = sb_take(&j);
    return first;
}

static void check_leads(const px_plan *plan, const px_plan *tmpl, px_audit *a)
{
    for (size_t i = 0; i < plan->n_areas; i++) {
        const char *area = plan->areas[i].area;
        if (seen_before(plan, i))
            continue;
        char *plist, *pjson, *tlist, *tjson;
        const px_xunit *pu = leads_for(plan, area, &plist, &pjson);
        const px_xunit *tu = leads_for(tmpl, area, &tlist, &tjson);
        px_finding *f = add(a, pu ? "lead_ok" : "lead_missing", pu != NULL);
        if (f) {
            f->area = strdup(area);
            if (tu)
                evidence(&f->tmpl, tmpl, tu->section, tlist, tjson, tu->text);
            else
                evidence(&f->tmpl, tmpl, NULL, NULL, NULL, NULL);
            if (pu) {
                evidence(&f->plan, plan, pu->section, plist, pjson, pu->text);
                note(f, "%s: %s", area, plist);
            } else {
                const px_xarea *ar = &plan->areas[i];
                evidence(&f->plan, plan, ar->section, NULL, pjson, ar->text);
                note(f, "no lead or responsible unit for %s in its section or above it%s%s", area,
                     tlist ? "; the template names " : "", tlist ? tlist : "");
            }
        }
        free(plist);
        free(pjson);
        free(tlist);
        free(tjson);
    }
}

static char *scope_text(const px_plan *plan, const px_plan *tmpl, const px_audit_options *opt)
{
    static const char *const indices[] = {"PAPI", "PAR_INDEX", "SIPAS", "PCI", "DDCI"};
    sbuf in = {0}, out = {0};
    for (size_t k = 0; k < sizeof indices / sizeof indices[0]; k++) {
        int t_has = 0;
        for (size_t i = 0; i < tmpl->n_areas && !t_has; i++)
            t_has = strcmp(px_area_index(tmpl->areas[i].area) ? px_area_index(tmpl->areas[i].area) : "",
                           indices[k]) == 0;
        for (size_t i = 0; i < tmpl->n_targets && !t_has; i++) {
            const char *ind = px_target_indicator(tmpl, &tmpl->targets[i]);
            t_has = ind && px_area_index(ind) && strcmp(px_area_index(ind), indices[k]) == 0;
        }
        if (!t_has)
            continue;
        if (opt->all_indices || px_plan_has_index(plan, indices[k]))
            sb_add(&in, "%s%s", in.n ? ", " : "", indices[k]);
        else
            sb_add(&out, "%s%s", out.n ? ", " : "", indices[k]);
    }
    sbuf s = {0};
    sb_add(&s, "indices compared: %s", in.n ? in.s : "none");
    if (out.n)
        sb_add(&s, "; left out, as the plan is not about them: %s (--all-indices compares them)", out.s);
    free(in.s);
    free(out.s);
    return sb_take(&s);
}

int px_audit_run(const px_plan *plan, const px_plan *tmpl, const px_audit_options *opt, px_audit *out,
                 px_error *err)
{
    static const px_audit_options defaults = {0};
    if (!opt)
        opt = &defaults;
    memset(out, 0, sizeof *out);
    if (plan->id == tmpl->id)
        return px_error_set(err, "a plan cannot be audited against itself");
    out->plan_id = plan->id;
    out->template_id = tmpl->id;
    out->plan_source = strdup(plan->source);
    out->template_source = strdup(tmpl->source);
    out->plan_label = px_plan_label(plan);
    out->template_label = px_plan_label(tmpl);
    out->template_how = "given";
    out->scope = scope_text(plan, tmpl, opt);
    check_reference(plan, tmpl, out);
    check_areas(plan, tmpl, opt, out);
    check_deadlines(plan, tmpl, out);
    check_targets(plan, tmpl, opt, out);
    check_leads(plan, tmpl, out);
    if (!out->plan_source || !out->template_source || !out->scope) {
        px_audit_free(out);
        return px_error_set(err, "out of memory");
    }
    return 0;
}

static void evidence_free(px_evidence *e)
{
    free(e->section);
    free(e->title);
    free(e->value);
    free(e->json);
    free(e->text);
}

void px_audit_free(px_audit *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->n; i++) {
        px_finding *f = &a->items[i];
        free(f->area);
        free(f->indicator);
        free(f->note);
        evidence_free(&f->tmpl);
        evidence_free(&f->plan);
    }
    free(a->items);
    free(a->plan_source);
    free(a->template_source);
    free(a->plan_label);
    free(a->template_label);
    free(a->scope);
    memset(a, 0, sizeof *a);
}

/* --- output ------------------------------------------------------------- */

static void side_json(FILE *out, long long doc, const char *source, const px_evidence *e)
{
    fprintf(out, "{\"document\":%lld,\"source\":", doc);
    json_str(out, source);
    fputs(",\"section\":", out);
    json_str(out, e->section);
    fputs(",\"title\":", out);
    json_str(out, e->title);
    if (e->json && *e->json)
        fprintf(out, ",%s", e->json);
    fputs(",\"text\":", out);
    json_str(out, e->text);
    fputc('}', out);
}

void px_audit_print_json(FILE *out, const px_audit *a, int show_ok)
{
    for (size_t i = 0; i < a->n; i++) {
        const px_finding *f = &a->items[i];
        if (f->ok && !show_ok)
            continue;
        fputs("{\"kind\":", out);
        json_str(out, f->kind);
        fprintf(out, ",\"finding\":%s,\"area\":", f->ok ? "false" : "true");
        json_str(out, f->area);
        fputs(",\"indicator\":", out);
        json_str(out, f->indicator);
        fputs(",\"message\":", out);
        json_str(out, f->note);
        fputs(",\"template\":", out);
        side_json(out, a->template_id, a->template_source, &f->tmpl);
        fputs(",\"plan\":", out);
        side_json(out, a->plan_id, a->plan_source, &f->plan);
        fputs("}\n", out);
    }
}

static void side_text(FILE *out, const char *who, const px_evidence *e)
{
    if (!e->section && !e->text && !e->value) {
        fprintf(out, "       %s —\n", who);
        return;
    }
    fprintf(out, "       %s %s", who,
            e->section ? (*e->section ? e->section : "(no section: before the first heading, or an appendix)") : e->value ? e->value : "");
    if (e->title && *e->title) {
        fputs(" «", out);
        put_cell(out, e->title, width(e->title) > 60 ? 60 : width(e->title));
        fputs("»", out);
    }
    fputc('\n', out);
    if (e->text && *e->text) {
        fputs("         «", out);
        put_cell(out, e->text, width(e->text) > 200 ? 200 : width(e->text));
        fputs("»\n", out);
    }
}

void px_audit_print_text(FILE *out, const px_audit *a, int show_ok)
{
    fprintf(out, "Plan %lld: %s\n  %s\n", a->plan_id, a->plan_source, a->plan_label ? a->plan_label : "");
    fprintf(out, "Template %lld (%s): %s\n  %s\n", a->template_id,
            strcmp(a->template_how, "parent") == 0 ? "the plan it implements" : "given with --template",
            a->template_source, a->template_label ? a->template_label : "");
    fprintf(out, "Scope: %s\n\n", a->scope);
    int rows = 0;
    for (size_t i = 0; i < a->n; i++) {
        const px_finding *f = &a->items[i];
        if (f->ok && !show_ok)
            continue;
        if (!rows++) {
            fputs("  # ", out);
            put_cell(out, "finding", 19);
            put_cell(out, "area", 11);
            put_cell(out, "template", 30);
            fputs(" ", out);
            put_cell(out, "plan", 30);
            fputc('\n', out);
        }
        fprintf(out, "%3d ", rows);
        put_cell(out, f->kind, 19);
        put_cell(out, f->area ? f->area : f->indicator, 11);
        char t[256], p[256];
        /* "" is the text before the first heading, or an appendix table */
        snprintf(t, sizeof t, "%s%s%s", f->tmpl.section ? (*f->tmpl.section ? f->tmpl.section : "(no section)") : "",
                 f->tmpl.section ? " " : "", f->tmpl.value ? f->tmpl.value : "");
        snprintf(p, sizeof p, "%s%s%s", f->plan.section ? (*f->plan.section ? f->plan.section : "(no section)") : "",
                 f->plan.section ? " " : "", f->plan.value ? f->plan.value : "");
        put_cell(out, *t ? t : "—", 30);
        fputs(" ", out);
        put_cell(out, *p ? p : "—", 30);
        fputc('\n', out);
        if (f->note)
            fprintf(out, "       %s\n", f->note);
        side_text(out, "template:", &f->tmpl);
        side_text(out, "plan:    ", &f->plan);
    }
    /* what passed, in one line each */
    static const char *const passed[] = {"area_covered", "deadline_ok", "target_ok", "lead_ok", "reference_ok"};
    if (!show_ok) {
        for (size_t k = 0; k < sizeof passed / sizeof passed[0]; k++) {
            int n = 0;
            for (size_t i = 0; i < a->n; i++) {
                const px_finding *f = &a->items[i];
                if (strcmp(f->kind, passed[k]) != 0)
                    continue;
                if (!n++)
                    fprintf(out, "%s%s:", rows && k == 0 ? "\n" : "", passed[k]);
                if (strncmp(f->kind, "deadline", 8) == 0)
                    fprintf(out, " %s;", f->tmpl.value ? f->tmpl.value : "");
                else if (strncmp(f->kind, "target", 6) == 0)
                    fprintf(out, " %s%s(%s)", f->indicator ? f->indicator : "", f->indicator ? " " : "",
                            f->tmpl.value ? f->tmpl.value : "");
                else
                    fprintf(out, " %s", f->area ? f->area : f->tmpl.value ? f->tmpl.value : "");
            }
            if (n)
                fputc('\n', out);
        }
    }
    /* summary: findings by kind */
    static const char *const kinds[] = {"reference_missing", "area_missing", "area_added", "deadline_later",
                                        "deadline_missing", "target_weaker", "target_missing", "lead_missing"};
    fprintf(out, "%s%d finding%s", rows || show_ok ? "\n" : "", a->findings, a->findings == 1 ? "" : "s");
    int first = 1;
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        int n = 0;
        for (size_t i = 0; i < a->n; i++)
            n += strcmp(a->items[i].kind, kinds[k]) == 0;
        if (n) {
            fprintf(out, "%s%d %s", first ? ": " : ", ", n, kinds[k]);
            first = 0;
        }
    }
    fprintf(out, "; %d check%s passed\n", (int)a->n - a->findings, (int)a->n - a->findings == 1 ? "" : "s");
}
