/* report.c: planex report --html: one self-contained page.
 *
 * Everything is inline (CSS in a <style>, the timeline as inline SVG, no
 * script, no font, no image, no link out of the page), so the file can be
 * mailed, archived, or opened on a machine with no network.  The data come
 * from the store through the functions of crossdoc.h and query.h; this
 * file never sees SQL. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crossdoc.h"
#include "query.h"

static void esc(FILE *out, const char *s)
{
    if (!s)
        return;
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: fputc(*s, out);
        }
    }
}

/* Text cut to n characters (UTF-8 aware), escaped. */
static void esc_cut(FILE *out, const char *s, size_t n)
{
    if (!s)
        return;
    size_t chars = 0;
    const char *p = s;
    while (*p && chars < n) {
        p++;
        while ((*p & 0xC0) == 0x80)
            p++;
        chars++;
    }
    char *cut = strndup(s, (size_t)(p - s));
    esc(out, cut);
    if (*p)
        fputs("…", out);
    free(cut);
}

static const char *style =
    "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;margin:0;color:#1d2733;"
    "background:#f6f7f9}"
    "header{background:#17324d;color:#fff;padding:18px 28px}header h1{margin:0 0 4px;font-size:22px}"
    "header p{margin:0;opacity:.85}nav{background:#fff;border-bottom:1px solid #dde2e8;padding:8px 28px}"
    "nav a{margin-right:18px;color:#17324d;text-decoration:none;font-weight:600}"
    "main{padding:8px 28px 40px}section{background:#fff;border:1px solid #dde2e8;border-radius:6px;"
    "margin:18px 0;padding:14px 18px}h2{font-size:18px;margin:0 0 10px;color:#17324d}h3{font-size:15px;margin:16px 0 6px}"
    "table{border-collapse:collapse;width:100%;font-size:13px}th,td{border:1px solid #e3e7ec;padding:4px 6px;"
    "text-align:left;vertical-align:top}th{background:#eef2f6;font-weight:600}"
    ".num{text-align:center;font-variant-numeric:tabular-nums;width:3.2em}.muted{color:#6b7785}"
    ".heat td.num{font-weight:600}.heat td:first-child{min-width:230px}.link{white-space:nowrap}"
    ".k-missing,.k-later,.k-weaker,.k-added{font-weight:600}"
    "tr.f-area_missing td:first-child,tr.f-deadline_missing td:first-child,tr.f-target_missing td:first-child,"
    "tr.f-reference_missing td:first-child,tr.f-lead_missing td:first-child{border-left:4px solid #c0392b}"
    "tr.f-deadline_later td:first-child,tr.f-target_weaker td:first-child{border-left:4px solid #e67e22}"
    "tr.f-area_added td:first-child{border-left:4px solid #2980b9}"
    ".ev{font-size:12px;color:#394654}.ev b{color:#17324d}.quote{display:block;color:#4d5b69;font-style:italic}"
    ".pill{display:inline-block;border-radius:9px;padding:0 7px;font-size:12px;background:#eef2f6;margin:1px 2px}"
    ".pill.bad{background:#fbe3e0;color:#922}.pill.warn{background:#fdebd3;color:#8a4b00}.pill.ok{background:#e2f4e6;"
    "color:#1e6b34}"
    "details{margin:6px 0}summary{cursor:pointer;color:#17324d}svg text{font:11px system-ui,Arial,sans-serif}"
    ".legend span{display:inline-block;width:22px;height:12px;margin:0 2px -2px 8px;border:1px solid #ccd}";

/* A colour for a count in the heat-map: white to deep blue. */
static void heat(FILE *out, int n, int max)
{
    if (n <= 0) {
        fputs("background:#f7f8fa;color:#b8c0c9", out);
        return;
    }
    double t = max > 1 ? (double)(n - 1) / (double)(max - 1) : 0.5;
    int light = (int)lround(88 - 48 * t);
    fprintf(out, "background:hsl(210,65%%,%d%%);color:%s", light, light < 60 ? "#fff" : "#10263b");
}

static long day_of(const char *iso)
{
    int y, m, d;
    if (!iso || sscanf(iso, "%d-%d-%d", &y, &m, &d) != 3 || m < 1 || m > 12)
        return -1;
    int yy = m <= 2 ? y - 1 : y, mm = m <= 2 ? m + 12 : m;
    return 365L * yy + yy / 4 - yy / 100 + yy / 400 + (153 * (mm - 3) + 2) / 5 + d;
}

static const px_plan *plan_by_id(px_plan **plans, size_t n, long long id)
{
    for (size_t i = 0; i < n; i++)
        if (plans[i] && plans[i]->id == id)
            return plans[i];
    return NULL;
}

static void doc_ref(FILE *out, px_plan **plans, size_t n, long long id)
{
    const px_plan *p = plan_by_id(plans, n, id);
    fprintf(out, "<a href=\"#doc-%lld\">%lld", id, id);
    if (p && p->doc_number) {
        fputs(" · ", out);
        esc(out, p->doc_number);
    }
    fputs("</a>", out);
}

static void section_documents(FILE *out, px_plan **plans, size_t n, const px_links *links)
{
    fputs("<section id=\"documents\"><h2>Documents and their links</h2><table><tr><th>id</th><th>number</th>"
          "<th>plan</th><th>issuer</th><th>level</th><th>year</th><th>format</th><th>implements</th>"
          "<th>implemented by</th></tr>\n",
          out);
    for (size_t i = 0; i < n; i++) {
        const px_plan *p = plans[i];
        fprintf(out, "<tr id=\"doc-%lld\"><td class=\"num\">%lld</td><td>", p->id, p->id);
        esc(out, p->doc_number ? p->doc_number : "—");
        fputs("</td><td>", out);
        esc(out, p->title ? p->title : "");
        fputs("<br><span class=\"muted\">", out);
        esc(out, p->source);
        fputs("</span></td><td>", out);
        esc(out, p->issuer ? p->issuer : "—");
        fputs("</td><td>", out);
        esc(out, p->level ? p->level : "—");
        fputs("</td><td>", out);
        if (p->plan_year)
            fprintf(out, "%d", p->plan_year);
        fputs("</td><td>", out);
        esc(out, p->format);
        fputs("</td><td class=\"link\">", out);
        /* what it cites: resolved (a link) or not in the database */
        for (size_t r = 0; r < p->n_refs; r++) {
            const px_xref *x = &p->refs[r];
            if (x->resolved_id) {
                fputs("→ ", out);
                if (plan_by_id(plans, n, x->resolved_id))
                    doc_ref(out, plans, n, x->resolved_id);
                else
                    fprintf(out, "document %lld", x->resolved_id);
            } else {
                fputs("<span class=\"muted\" title=\"not in the database\">→ ", out);
                esc(out, x->doc_number ? x->doc_number : "(no number)");
                fputs("</span>", out);
            }
            fputs("<br>", out);
        }
        fputs("</td><td class=\"link\">", out);
        for (size_t l = 0; l < links->n; l++)
            if (links->items[l].to == p->id) {
                fputs("← ", out);
                if (plan_by_id(plans, n, links->items[l].from))
                    doc_ref(out, plans, n, links->items[l].from);
                else
                    fprintf(out, "document %lld", links->items[l].from);
                fputs("<br>", out);
            }
        fputs("</td></tr>\n", out);
    }
    fputs("</table></section>\n", out);
}

static void section_coverage(FILE *out, const px_matrix *m)
{
    fputs("<section id=\"coverage\"><h2>Coverage heat-map: plans × indicator areas</h2>"
          "<p class=\"muted\">Sections naming each area; editions of one plan (PDF, DOCX, scan) are one row.</p>",
          out);
    if (!m || !m->n_areas || !m->n_plans) {
        fputs("<p>No indicator areas found.</p></section>\n", out);
        return;
    }
    int max = 0;
    for (size_t i = 0; i < m->n_plans; i++)
        for (size_t a = 0; a < m->n_areas; a++)
            if (m->plans[i].counts && m->plans[i].counts[a] > max)
                max = m->plans[i].counts[a];
    fputs("<table class=\"heat\"><tr><th>plan</th>", out);
    for (size_t a = 0; a < m->n_areas; a++) {
        fputs("<th class=\"num\">", out);
        esc(out, m->areas[a]);
        fputs("</th>", out);
    }
    fputs("<th class=\"num\">areas</th></tr>\n", out);
    for (size_t i = 0; i < m->n_plans; i++) {
        const px_matrix_plan *p = &m->plans[i];
        fprintf(out, "<tr><td><a href=\"#doc-%lld\">%lld</a> ", p->id, p->id);
        esc(out, p->doc_number ? p->doc_number : "");
        fputs(" <span class=\"muted\">", out);
        esc_cut(out, p->issuer ? p->issuer : p->title, 48);
        if (p->year)
            fprintf(out, " · %d", p->year);
        if (p->n_editions > 1) {
            fprintf(out, " · %zu editions: ", p->n_editions);
            esc(out, p->formats);
        }
        fputs("</span></td>", out);
        int covered = 0;
        for (size_t a = 0; a < m->n_areas; a++) {
            int v = p->counts ? p->counts[a] : 0;
            covered += v > 0;
            fputs("<td class=\"num\" style=\"", out);
            heat(out, v, max);
            fprintf(out, "\" title=\"%s: %d\">%s", m->areas[a], v, v ? "" : "·");
            if (v)
                fprintf(out, "%d", v);
            fputs("</td>", out);
        }
        fprintf(out, "<td class=\"num\">%d</td></tr>\n", covered);
    }
    fputs("</table><p class=\"legend muted\">0<span style=\"background:#f7f8fa\"></span>", out);
    if (max > 1)
        fprintf(out, " 1<span style=\"background:hsl(210,65%%,88%%)\"></span> %d<span style=\"background:hsl(210,65%%,40%%)"
                     "\"></span>", max);
    else
        fputs(" 1<span style=\"background:hsl(210,65%,64%)\"></span>", out);
    fputs("</p></section>\n", out);
}

typedef struct dl {
    const px_plan *p;
    const px_xdeadline *d;
    long day;
    const char *what;
} dl;

static int dl_cmp(const void *x, const void *y)
{
    const dl *a = x, *b = y;
    return (a->day > b->day) - (a->day < b->day);
}

static void section_deadlines(FILE *out, px_plan **plans, size_t n)
{
    fputs("<section id=\"deadlines\"><h2>Deadlines on a timeline</h2>", out);
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += plans[i]->n_deadlines;
    dl *all = calloc(total + 1, sizeof *all);
    size_t k = 0;
    long lo = 0, hi = 0;
    for (size_t i = 0; i < n && all; i++)
        for (size_t j = 0; j < plans[i]->n_deadlines; j++) {
            const px_xdeadline *d = &plans[i]->deadlines[j];
            long day = day_of(d->date);
            if (day < 0)
                continue;
            px_deadline_info info;
            px_deadline_read(plans[i], d, &info);
            free(info.context);
            all[k] = (dl){plans[i], d, day, info.what};
            if (!k || day < lo)
                lo = day;
            if (!k || day > hi)
                hi = day;
            k++;
        }
    if (!k) {
        fputs("<p>No dated deadlines.</p></section>\n", out);
        free(all);
        return;
    }
    qsort(all, k, sizeof *all, dl_cmp);
    /* the axis: from the first of the first month to the end of the last */
    int y0, m0, y1, m1, dd;
    sscanf(all[0].d->date, "%d-%d-%d", &y0, &m0, &dd);
    sscanf(all[k - 1].d->date, "%d-%d-%d", &y1, &m1, &dd);
    char first[32], last[32];
    snprintf(first, sizeof first, "%04d-%02d-01", y0, m0);
    int ny = m1 == 12 ? y1 + 1 : y1, nm = m1 == 12 ? 1 : m1 + 1;
    snprintf(last, sizeof last, "%04d-%02d-01", ny, nm);
    lo = day_of(first);
    hi = day_of(last);
    if (hi <= lo)
        hi = lo + 30;
    /* one lane per document that has dated deadlines */
    size_t lanes = 0;
    const px_plan *lane[256];
    for (size_t i = 0; i < k; i++) {
        int seen = 0;
        for (size_t l = 0; l < lanes && !seen; l++)
            seen = lane[l] == all[i].p;
        if (!seen && lanes < 256)
            lane[lanes++] = all[i].p;
    }
    const int left = 150, right = 20, width = 1100, lane_h = 34, top = 28;
    int height = top + (int)lanes * lane_h + 10;
    double scale = (double)(width - left - right) / (double)(hi - lo);
    fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\" "
                 "role=\"img\" aria-label=\"deadlines timeline\">\n",
            width, height);
    /* month ticks */
    int months = (ny - y0) * 12 + (nm - m0);
    int step = months > 24 ? 3 : 1;
    for (int t = 0; t <= months; t += step) {
        int yy = y0 + (m0 - 1 + t) / 12, mm = (m0 - 1 + t) % 12 + 1;
        char iso[32];
        snprintf(iso, sizeof iso, "%04d-%02d-01", yy, mm);
        double x = left + (day_of(iso) - lo) * scale;
        fprintf(out, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e3e7ec\"/>", x, top - 6, x,
                height - 6);
        fprintf(out, "<text x=\"%.1f\" y=\"%d\" fill=\"#6b7785\">%02d/%d</text>\n", x + 2, top - 10, mm, yy);
    }
    for (size_t l = 0; l < lanes; l++) {
        int y = top + (int)l * lane_h + lane_h / 2;
        fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#cfd6de\"/>", left, y, width - right, y);
        fprintf(out, "<text x=\"4\" y=\"%d\" fill=\"#17324d\">%lld ", y + 4, lane[l]->id);
        esc_cut(out, lane[l]->doc_number ? lane[l]->doc_number : lane[l]->issuer ? lane[l]->issuer : lane[l]->source,
                20);
        fputs("</text>\n", out);
        for (size_t i = 0; i < k; i++) {
            if (all[i].p != lane[l])
                continue;
            double x = left + (all[i].day - lo) * scale;
            const char *fill = all[i].what && strcmp(all[i].what, "report") == 0 ? "#c0392b"
                               : all[i].what && strcmp(all[i].what, "plan") == 0 ? "#2980b9"
                                                                                  : "#7f8c8d";
            fprintf(out, "<circle cx=\"%.1f\" cy=\"%d\" r=\"6\" fill=\"%s\" fill-opacity=\"0.85\"><title>", x, y, fill);
            esc(out, all[i].d->date);
            fputs(" · ", out);
            esc(out, all[i].d->section);
            fputs(" · ", out);
            esc(out, all[i].d->text);
            fputs("</title></circle>\n", out);
        }
    }
    fputs("</svg><p class=\"legend muted\">plans due<span style=\"background:#2980b9\"></span> reports due"
          "<span style=\"background:#c0392b\"></span> other<span style=\"background:#7f8c8d\"></span></p>\n",
          out);
    fputs("<details open><summary>All dated deadlines</summary><table><tr><th>date</th><th>document</th>"
          "<th>section</th><th>for</th><th>text</th></tr>\n",
          out);
    for (size_t i = 0; i < k; i++) {
        fputs("<tr><td class=\"link\">", out);
        esc(out, all[i].d->date);
        fputs("</td><td>", out);
        doc_ref(out, plans, n, all[i].p->id);
        fputs("</td><td>", out);
        esc(out, all[i].d->section);
        fputs("</td><td>", out);
        esc(out, all[i].what ? all[i].what : all[i].d->kind);
        fputs("</td><td>", out);
        esc_cut(out, all[i].d->text, 160);
        fputs("</td></tr>\n", out);
    }
    fputs("</table></details></section>\n", out);
    free(all);
}

static int str_cmp(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static void section_targets(FILE *out, px_plan **plans, size_t n)
{
    fputs("<section id=\"targets\"><h2>Targets side by side</h2>", out);
    /* rows: the indicators (index or area) any plan sets a target for */
    const char **inds = NULL;
    size_t n_inds = 0, cap = 0;
    int any_unknown = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < plans[i]->n_targets; j++) {
            const char *ind = px_target_indicator(plans[i], &plans[i]->targets[j]);
            if (!ind) {
                any_unknown = 1;
                continue;
            }
            int seen = 0;
            for (size_t k = 0; k < n_inds && !seen; k++)
                seen = strcmp(inds[k], ind) == 0;
            if (seen)
                continue;
            if (n_inds == cap) {
                cap = cap ? cap * 2 : 16;
                const char **g = realloc(inds, cap * sizeof *g);
                if (!g)
                    break;
                inds = g;
            }
            inds[n_inds++] = ind;
        }
    if (n_inds)
        qsort(inds, n_inds, sizeof *inds, str_cmp);
    /* columns: the plans with targets */
    size_t cols = 0;
    for (size_t i = 0; i < n; i++)
        cols += plans[i]->n_targets > 0;
    if (!cols) {
        fputs("<p>No targets found.</p></section>\n", out);
        free(inds);
        return;
    }
    fputs("<table><tr><th>indicator</th>", out);
    for (size_t i = 0; i < n; i++)
        if (plans[i]->n_targets) {
            fputs("<th>", out);
            doc_ref(out, plans, n, plans[i]->id);
            if (plans[i]->plan_year)
                fprintf(out, " <span class=\"muted\">%d</span>", plans[i]->plan_year);
            fputs("</th>", out);
        }
    fputs("</tr>\n", out);
    for (size_t r = 0; r <= n_inds; r++) {
        if (r == n_inds && !any_unknown)
            break;
        const char *ind = r < n_inds ? inds[r] : NULL;
        fputs("<tr><td>", out);
        esc(out, ind ? ind : "(not named)");
        fputs("</td>", out);
        for (size_t i = 0; i < n; i++) {
            if (!plans[i]->n_targets)
                continue;
            fputs("<td>", out);
            for (size_t j = 0; j < plans[i]->n_targets; j++) {
                const px_xtarget *t = &plans[i]->targets[j];
                const char *ti = px_target_indicator(plans[i], t);
                if (ind ? !ti || strcmp(ti, ind) != 0 : ti != NULL)
                    continue;
                fputs("<span class=\"pill\" title=\"", out);
                esc(out, t->section);
                fputs(": ", out);
                esc(out, t->text);
                fputs("\">", out);
                char v[32];
                snprintf(v, sizeof v, "%g", t->value);
                if (strcmp(t->comparator, "top") == 0) {
                    fputs("top ", out);
                    esc(out, v);
                } else {
                    esc(out, strcmp(t->comparator, ">=") == 0 ? "≥" : strcmp(t->comparator, "<=") == 0 ? "≤"
                                                                                                       : t->comparator);
                    fputs(" ", out);
                    esc(out, v);
                }
                fputs(" ", out);
                esc(out, t->unit);
                fputs("</span>", out);
            }
            fputs("</td>", out);
        }
        fputs("</tr>\n", out);
    }
    fputs("</table><p class=\"muted\">Hover a value for its section and source text.</p></section>\n", out);
    free(inds);
}

static void evidence_cell(FILE *out, const px_evidence *e)
{
    fputs("<td class=\"ev\">", out);
    if (!e->section && !e->value && !e->text) {
        fputs("—</td>", out);
        return;
    }
    if (e->section) {
        fputs("<b>", out);
        esc(out, *e->section ? e->section : "(before the first heading)");
        fputs("</b> ", out);
        esc_cut(out, e->title, 60);
        fputs("<br>", out);
    }
    if (e->value) {
        fputs("<span class=\"pill\">", out);
        esc(out, e->value);
        fputs("</span>", out);
    }
    if (e->text && *e->text) {
        fputs("<span class=\"quote\">«", out);
        esc_cut(out, e->text, 260);
        fputs("»</span>", out);
    }
    fputs("</td>", out);
}

static void section_audit(FILE *out, px_plan **plans, size_t n, px_audit *audits, size_t n_audits)
{
    fputs("<section id=\"audit\"><h2>Audit findings</h2>", out);
    if (!n_audits) {
        fputs("<p>No plan here cites another document in the database; give <code>--template DOC</code> "
              "to audit against a template.</p></section>\n",
              out);
        return;
    }
    for (size_t i = 0; i < n_audits; i++) {
        px_audit *a = &audits[i];
        fprintf(out, "<h3 id=\"audit-%lld\">", a->plan_id);
        doc_ref(out, plans, n, a->plan_id);
        fputs(" against ", out);
        if (plan_by_id(plans, n, a->template_id))
            doc_ref(out, plans, n, a->template_id);
        else {
            fprintf(out, "document %lld ", a->template_id);
            esc(out, a->template_source);
        }
        fprintf(out, " <span class=\"muted\">(%s)</span> ",
                strcmp(a->template_how, "parent") == 0 ? "the plan it implements" : "given template");
        fprintf(out, "<span class=\"pill %s\">%d finding%s</span></h3>", a->findings ? "bad" : "ok", a->findings,
                a->findings == 1 ? "" : "s");
        fputs("<p class=\"muted\">", out);
        esc(out, a->scope);
        fputs("</p>", out);
        for (int pass = 0; pass < 2; pass++) {
            int rows = 0;
            for (size_t f = 0; f < a->n; f++) {
                const px_finding *x = &a->items[f];
                if (x->ok != pass)
                    continue;
                if (!rows++) {
                    if (pass)
                        fputs("<details><summary>Passed checks</summary>", out);
                    fputs("<table><tr><th>finding</th><th>area / indicator</th><th>template</th><th>plan</th>"
                          "</tr>\n",
                          out);
                }
                fprintf(out, "<tr class=\"f-%s\"><td><span class=\"pill %s\">", x->kind,
                        x->ok ? "ok" : strstr(x->kind, "later") || strstr(x->kind, "weaker") ? "warn" : "bad");
                esc(out, x->kind);
                fputs("</span><br><span class=\"ev\">", out);
                esc(out, x->note);
                fputs("</span></td><td>", out);
                esc(out, x->area ? x->area : x->indicator ? x->indicator : "—");
                fputs("</td>", out);
                evidence_cell(out, &x->tmpl);
                evidence_cell(out, &x->plan);
                fputs("</tr>\n", out);
            }
            if (rows)
                fputs(pass ? "</table></details>\n" : "</table>\n", out);
            else if (!pass)
                fputs("<p>No findings.</p>", out);
        }
    }
    fputs("</section>\n", out);
}

int px_report_html(px_store *s, FILE *out, const px_report_options *opt, px_error *err)
{
    long long *ids = NULL;
    size_t n = 0;
    if (opt->n_ids) {
        ids = malloc(opt->n_ids * sizeof *ids);
        if (!ids)
            return px_error_set(err, "out of memory");
        memcpy(ids, opt->ids, opt->n_ids * sizeof *ids);
        n = opt->n_ids;
    } else if (px_store_ids(s, &ids, &n, err)) {
        return -1;
    }
    px_plan **plans = calloc(n + 1, sizeof *plans);
    px_audit *audits = calloc(n + 1, sizeof *audits);
    px_links links = {0};
    px_matrix *matrix = NULL;
    size_t n_audits = 0;
    int rc = -1;
    if (!plans || !audits) {
        px_error_set(err, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        if (px_plan_load(s, ids[i], &plans[i], err))
            goto done;
    if (px_links_load(s, &links, err))
        goto done;
    px_matrix_options mo = {.format = "text", .ids = ids, .n_ids = n};
    if (px_matrix_load(s, &mo, &matrix, err))
        goto done;
    for (size_t i = 0; i < n; i++) {
        long long tid = opt->template_id ? opt->template_id : px_store_parent(s, ids[i]);
        if (!tid || tid == ids[i])
            continue;
        px_plan *tmpl = NULL;
        const px_plan *t = plan_by_id(plans, n, tid);
        if (!t) {
            if (px_plan_load(s, tid, &tmpl, err))
                goto done;
            t = tmpl;
        }
        px_audit_options ao = {0};
        if (px_audit_run(plans[i], t, &ao, &audits[n_audits], err) == 0) {
            audits[n_audits].template_how = opt->template_id ? "given" : "parent";
            n_audits++;
        }
        px_plan_free(tmpl);
    }

    char when[32];
    time_t now = time(NULL);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", gmtime(&now));
    int total_findings = 0;
    for (size_t i = 0; i < n_audits; i++)
        total_findings += audits[i].findings;
    fputs("<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
          "<title>planex report</title><style>",
          out);
    fputs(style, out);
    fputs("</style></head><body>\n<header><h1>planex report</h1><p>", out);
    fprintf(out, "%zu document%s · %zu plan%s · %zu audit%s, %d finding%s · generated %s", n, n == 1 ? "" : "s",
            matrix ? matrix->n_plans : 0, matrix && matrix->n_plans == 1 ? "" : "s", n_audits,
            n_audits == 1 ? "" : "s", total_findings, total_findings == 1 ? "" : "s", when);
    if (opt->db_path) {
        fputs(" · ", out);
        esc(out, opt->db_path);
    }
    fputs("</p></header>\n<nav><a href=\"#documents\">Documents</a><a href=\"#coverage\">Coverage</a>"
          "<a href=\"#deadlines\">Deadlines</a><a href=\"#targets\">Targets</a><a href=\"#audit\">Audit</a></nav>"
          "\n<main>\n",
          out);
    section_documents(out, plans, n, &links);
    section_coverage(out, matrix);
    section_deadlines(out, plans, n);
    section_targets(out, plans, n);
    section_audit(out, plans, n, audits, n_audits);
    fprintf(out, "</main><footer class=\"muted\" style=\"padding:0 28px 20px\">planex %s</footer></body></html>\n",
            PX_VERSION);
    rc = ferror(out) ? px_error_set(err, "write error") : 0;
done:
    for (size_t i = 0; i < n_audits; i++)
        px_audit_free(&audits[i]);
    free(audits);
    for (size_t i = 0; plans && i < n; i++)
        px_plan_free(plans[i]);
    free(plans);
    px_links_free(&links);
    px_matrix_free(matrix);
    free(ids);
    return rc;
}
