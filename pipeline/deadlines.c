/* deadlines.c: dates, cadences, continuous work and on-request tasks
 * (rules/deadlines.rules).  Field values (`Thời gian thực hiện: …`) and
 * time columns are read with the `field` rules too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze_util.h"
#include "assignments.h"
#include "deadlines.h"

/* The clause before a hit: from the last sentence, clause or bracket
 * boundary up to the hit. */
static size_t clause_start(const char *text, size_t at)
{
    size_t i = at;
    while (i > 0 && !strchr(".;:(", text[i - 1]))
        i--;
    return i;
}

static int rule_says(const px_hit *h, const char *key)
{
    const char *v = px_rule_const(h->rule, key);
    return v && strcmp(v, "yes") == 0;
}

/* Whether the clause before the hit makes it no deadline: a reporting
 * period, an annual thing (noun_check), or a month of a list without the
 * `trong`/`vào` that makes it a time (lead_check; a time field needs none). */
static int excluded(px_analysis *a, const px_hit *h, const char *text, int in_field)
{
    size_t cs = clause_start(text, h->start);
    char *before = px_span_dup(text, cs, h->start);
    if (!before)
        return 0;
    px_hit hit;
    int skip = 0;
    if (px_ruleset_first(a->rules, "deadline_period", NULL, before, strlen(before), &hit, a->err) == 1)
        skip = 1;
    if (!skip && rule_says(h, "noun_check") &&
        px_ruleset_first(a->rules, "deadline_noun", NULL, before, strlen(before), &hit, a->err) == 1)
        skip = 1;
    if (!skip && !in_field && rule_says(h, "lead_check") &&
        px_ruleset_first(a->rules, "deadline_lead", NULL, before, strlen(before), &hit, a->err) != 1)
        skip = 1;
    free(before);
    return skip;
}

int px_deadlines_in(px_analysis *a, int section, size_t block, const char *text, size_t at, const char *scope)
{
    int in_field = scope && strcmp(scope, "field") == 0;
    if (in_field) {
        /* a window `từ A đến B` is due at its end: read the field from B on */
        px_hit w;
        size_t es, ee;
        int rc = px_ruleset_first(a->rules, "deadline_window", scope, text, strlen(text), &w, a->err);
        if (rc < 0)
            return -1;
        if (rc == 1 && px_hit_span(&w, "end", &es, &ee)) {
            text += es;
            at += es;
        }
    }
    px_hits hits = {0};
    if (px_ruleset_scan(a->rules, "deadline", scope, text, strlen(text), &hits, a->err)) {
        px_hits_free(&hits);
        return -1;
    }
    int plan_year = a->result->meta.plan_year;
    for (size_t i = 0; i < hits.n; i++) {
        const px_hit *h = &hits.items[i];
        if (excluded(a, h, text, in_field))
            continue;
        const char *kind = px_rule_const(h->rule, "kind");
        if (!kind)
            continue;
        char day[8], month[8], year[8], quarter[8], date[11] = "";
        px_hit_field(h, text, "day", day, sizeof day);
        px_hit_field(h, text, "month", month, sizeof month);
        px_hit_field(h, text, "year", year, sizeof year);
        px_hit_field(h, text, "quarter", quarter, sizeof quarter);
        px_item it = {.kind = PX_ITEM_DEADLINE, .section = section, .rule = px_rule_id(h->rule)};
        const char *out_kind = kind;
        if (strcmp(kind, "date") == 0) {
            if (!px_iso_date(date, day, month, year, plan_year))
                continue;
        } else if (strcmp(kind, "month") == 0) {
            int y = year[0] ? atoi(year) : plan_year, m = atoi(month);
            char d[4];
            snprintf(d, sizeof d, "%d", px_month_end(y, m));
            if (!px_iso_date(date, d, month, year, plan_year))
                continue;
            out_kind = "date";
        } else if (strcmp(kind, "quarter") == 0) {
            int q = px_quarter_number(quarter);
            if (!q)
                continue;
            char m[4], d[4];
            snprintf(m, sizeof m, "%d", q * 3);
            snprintf(d, sizeof d, "%d", px_month_end(atoi(year), q * 3));
            if (!px_iso_date(date, d, m, year, plan_year))
                continue;
            out_kind = "date";
        } else if (strcmp(kind, "year") == 0) {
            if (!px_iso_date(date, "31", "12", year, plan_year))
                continue;
            out_kind = "date";
        } else if (strcmp(kind, "recurring") == 0) {
            it.recurrence = (char *)px_rule_const(h->rule, "recurrence");
            /* a month alone (`tháng 10 hằng năm`) is first due at its end */
            if (month[0] && !day[0])
                snprintf(day, sizeof day, "%d", px_month_end(year[0] ? atoi(year) : plan_year, atoi(month)));
            if (day[0] && month[0] && !px_iso_date(date, day, month, year, plan_year))
                date[0] = '\0';
        }
        it.deadline_kind = (char *)out_kind;
        it.date = date[0] ? date : NULL;
        char *evidence = px_span_dup(text, clause_start(text, h->start), h->end);
        it.text = evidence;
        px_emit(a, &it, block, at + h->start);
        free(evidence);
        if (a->err->msg[0])
            break;
    }
    px_hits_free(&hits);
    return a->err->msg[0] ? -1 : 0;
}

int px_find_deadlines(px_analysis *a)
{
    const px_outline *o = a->outline;
    for (size_t i = 0; i < a->doc->n_blocks && i < o->body_end; i++) {
        const px_block *b = &a->doc->blocks[i];
        if (b->kind == PX_BLOCK_NOTE || b->kind == PX_BLOCK_MARGIN || b->kind == PX_BLOCK_CELL)
            continue;
        if (o->block_section[i] < 0 && o->n > 0)
            continue; /* the opening cites documents, it sets no deadlines */
        size_t skipped;
        const char *body = px_block_body(a, i, &skipped);
        px_hits fields = {0};
        if (px_ruleset_scan(a->rules, "field", NULL, body, strlen(body), &fields, a->err) == 0 && fields.n) {
            /* the text outside the fields is read as body: the task before
             * `(Cơ quan thực hiện: …; hoàn thành trong Quý III/2025)` and
             * the unlabelled time after the unit.  Each field is blanked,
             * with a `;` so no rule reads across it. */
            char *rest = strdup(body);
            if (!rest) {
                px_hits_free(&fields);
                return px_error_set(a->err, "out of memory");
            }
            for (size_t k = 0; k < fields.n; k++) {
                size_t vs, ve;
                if (!px_hit_span(&fields.items[k], "value", &vs, &ve))
                    ve = fields.items[k].end;
                if (ve > fields.items[k].start) {
                    memset(rest + fields.items[k].start, ' ', ve - fields.items[k].start);
                    rest[fields.items[k].start] = ';';
                }
            }
            int rc = px_deadlines_in(a, o->block_section[i], i, rest, skipped, "body");
            free(rest);
            if (rc) {
                px_hits_free(&fields);
                return -1;
            }
            for (size_t k = 0; k < fields.n; k++) {
                const char *role = px_rule_const(fields.items[k].rule, "role");
                size_t vs, ve;
                if (role && strcmp(role, "time") == 0 && px_hit_span(&fields.items[k], "value", &vs, &ve)) {
                    char *value = strndup(body + vs, ve - vs);
                    int rc = value ? px_deadlines_in(a, px_field_section(a, i), i, value, skipped + vs, "field") : -1;
                    free(value);
                    if (rc) {
                        px_hits_free(&fields);
                        return -1;
                    }
                }
            }
            px_hits_free(&fields);
            continue;
        }
        px_hits_free(&fields);
        if (px_deadlines_in(a, o->block_section[i], i, body, skipped, "body"))
            return -1;
    }
    return 0;
}
