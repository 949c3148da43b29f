/* assignments.c: lead, cooperate, implement and responsible units
 * (rules/assignments.rules, rules/units.rules).
 *
 * Three sources (ANNOTATION.md): labelled fields (`Đơn vị chủ trì: …`),
 * clauses whose subject is a named unit (`Sở Tư pháp chủ trì, phối hợp với
 * …`), and the headings of the implementation part (`3. Phòng Nội vụ
 * huyện`).  Task tables give lead and cooperate by column (tables.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze_util.h"
#include "assignments.h"
#include "normalize.h"
#include "units.h"

static int emit_units(px_analysis *a, int section, size_t block, size_t at, const char *role, const char *list,
                      const char *text, const char *rule)
{
    px_strlist units = {0};
    if (px_units_split(a->rules, list, &units, a->err)) {
        px_strlist_free(&units);
        return -1;
    }
    for (size_t i = 0; i < units.n; i++) {
        if (!px_unit_starts(a->rules, units.items[i], a->err) && strcmp(role, "lead") != 0 &&
            strcmp(role, "cooperate") != 0 && strcmp(role, "implement") != 0)
            continue;
        char *canon = px_unit_canonical(a->rules, units.items[i]);
        px_item it = {.kind = PX_ITEM_ASSIGNMENT, .section = section, .text = (char *)text, .rule = rule};
        it.role = (char *)role;
        it.unit = units.items[i];
        it.unit_canonical = canon;
        px_emit(a, &it, block, at);
        free(canon);
    }
    px_strlist_free(&units);
    return a->err->msg[0] ? -1 : 0;
}

/* Where the next unit of a list starts after `from` (past `, ` or ` và `
 * before a unit name), or len. */
static size_t next_unit(px_analysis *a, const char *s, size_t from, size_t len)
{
    for (size_t i = from; i < len; i++) {
        size_t at = 0;
        if (s[i] == ',' && i + 1 < len)
            at = i + 1;
        else if (i + 5 <= len && strncmp(s + i, " và ", 5) == 0)
            at = i + 5;
        if (!at)
            continue;
        while (at < len && s[at] == ' ')
            at++;
        if (px_unit_starts(a->rules, s + at, a->err))
            return at;
    }
    return len;
}

/* Whether s[0..at) ends with a place word (rules: unit_place_end): the
 * name of a unit closes there, so a verb after it is what the unit does
 * even when its name is an activity (`Ban Giám sát đầu tư của cộng đồng
 * xã tổ chức giám sát …`, ac1). */
static int ends_with_place(px_analysis *a, const char *s, size_t at)
{
    px_hit hit;
    return px_ruleset_first(a->rules, "unit_place_end", NULL, s, at, &hit, a->err) == 1;
}

/* The end of a list of units inside a clause: the next verb, or the end.
 * A verb inside a unit that names an activity belongs to its name (`phối
 * hợp với Ban Quản lý dự án đầu tư xây dựng thành phố và các chủ đầu tư
 * đẩy nhanh …`, fixture c1 III/6); the list then goes on at the next unit. */
static size_t list_end(px_analysis *a, const char *s, size_t len)
{
    size_t from = 0;
    px_hit hit;
    while (from < len && px_ruleset_first(a->rules, "clause_end", NULL, s + from, len - from, &hit, a->err) == 1) {
        size_t verb = from + hit.start, unit = 0, n;
        while ((n = next_unit(a, s, unit, len)) <= verb && n > unit)
            unit = n;
        if (!px_unit_names_activity(a->rules, s + unit, a->err) || ends_with_place(a, s, verb))
            return verb;
        /* a verb with nothing after it is the unit's own, even after a
         * name that is an activity (`phối hợp với Sở Xây dựng thực hiện;`) */
        size_t rest = from + hit.end;
        while (rest < len && strchr(" .;,", s[rest]))
            rest++;
        if (rest >= len)
            return verb;
        from = next_unit(a, s, verb, len);
    }
    return len;
}

/* Where what a unit does starts in text that opens with its name: the
 * first verb, or len.  The verbs inside an activity's name (`Phòng Quản
 * lý xử lý vi phạm hành chính …`, fixture a3) are its object, and those
 * after `được` describe the units (`Các cơ quan Trung ương được tổ chức
 * theo ngành dọc`, seed 003), so such names run on. */
static size_t name_end(px_analysis *a, const char *s, size_t len)
{
    if (px_unit_names_activity(a->rules, s, a->err))
        return len;
    size_t end = list_end(a, s, len);
    const char *passive = strstr(s, " được ");
    if (passive && (size_t)(passive - s) < end)
        return len;
    return end;
}

/* Whether every unit of a clause's subject is a named unit and nothing
 * else (no verb inside): `Các cơ quan, đơn vị được phân công` is not. */
static int subject_is_units(px_analysis *a, const char *lead)
{
    if (!px_unit_starts(a->rules, lead, a->err))
        return 0;
    size_t len = strlen(lead);
    if (name_end(a, lead, len) < len)
        return 0;
    return strstr(lead, " được ") == NULL;
}

int px_assign_clauses(px_analysis *a, int section, size_t block, const char *body, size_t body_at)
{
    px_hits hits = {0};
    if (px_ruleset_scan(a->rules, "lead_clause", NULL, body, strlen(body), &hits, a->err)) {
        px_hits_free(&hits);
        return -1;
    }
    for (size_t i = 0; i < hits.n; i++) {
        const px_hit *h = &hits.items[i];
        size_t ls, le;
        if (!px_hit_span(h, "lead", &ls, &le))
            continue;
        char *lead = px_span_dup(body, ls, le);
        /* a post in front of the unit is dropped (`Giám đốc Sở Nội vụ`) */
        px_strlist units = {0};
        int ok = lead && px_units_split(a->rules, lead, &units, a->err) == 0 && units.n > 0;
        for (size_t k = 0; ok && k < units.n; k++)
            ok = subject_is_units(a, units.items[k]);
        px_strlist_free(&units);
        if (ok) {
            emit_units(a, section, block, body_at + ls, "lead", lead, body, px_rule_id(h->rule));
            size_t as, ae;
            if (px_hit_span(h, "after", &as, &ae) && ae > as) {
                px_hit coop;
                const char *after = body + as;
                if (px_ruleset_first(a->rules, "coop_clause", NULL, after, ae - as, &coop, a->err) == 1) {
                    size_t cs, ce;
                    px_hit_span(&coop, "coop", &cs, &ce);
                    size_t end = cs + list_end(a, after + cs, ce - cs);
                    char *list = px_span_dup(after, cs, end);
                    if (list && list[0])
                        emit_units(a, section, block, body_at + as + cs, "cooperate", list, body,
                                   px_rule_id(h->rule));
                    free(list);
                }
            }
        }
        free(lead);
        if (a->err->msg[0])
            break;
    }
    px_hits_free(&hits);
    return a->err->msg[0] ? -1 : 0;
}

static int assign_one_field(px_analysis *a, int section, size_t block, const char *text, const px_hit *hit)
{
    const char *role = px_rule_const(hit->rule, "role");
    if (!role || strcmp(role, "time") == 0)
        return 0;
    size_t vs, ve;
    if (!px_hit_span(hit, "value", &vs, &ve))
        return 0;
    char *value = px_span_dup(text, vs, ve);
    if (!value)
        return px_error_set(a->err, "out of memory");
    /* `Cơ quan thực hiện: X chủ trì, phối hợp với Y` gives the roles */
    if (strcmp(role, "implement") == 0) {
        px_hits clause = {0};
        px_ruleset_scan(a->rules, "lead_clause", NULL, value, strlen(value), &clause, a->err);
        int has_clause = clause.n > 0;
        px_hits_free(&clause);
        if (has_clause) {
            int rc = px_assign_clauses(a, section, block, value, vs);
            free(value);
            return rc;
        }
    }
    /* `Cơ quan tham mưu: Phòng Nội vụ; phối hợp cùng Y, Z` (j2): the units
     * after a `phối hợp` clause cooperate */
    size_t cut = strlen(value);
    px_hit coop;
    if (strcmp(role, "cooperate") != 0 &&
        px_ruleset_first(a->rules, "coop_clause", NULL, value, strlen(value), &coop, a->err) == 1) {
        size_t k = coop.start;
        while (k > 0 && value[k - 1] == ' ')
            k--;
        size_t cs, ce;
        if (k > 0 && (value[k - 1] == ';' || value[k - 1] == ',') && px_hit_span(&coop, "coop", &cs, &ce)) {
            char *coops = px_span_dup(value, cs, ce);
            if (!coops) {
                free(value);
                return px_error_set(a->err, "out of memory");
            }
            int rc = emit_units(a, section, block, vs + cs, "cooperate", coops, text, px_rule_id(hit->rule));
            free(coops);
            if (rc) {
                free(value);
                return -1;
            }
            cut = k - 1;
        }
    }
    value[cut] = '\0';
    int rc = emit_units(a, section, block, vs, role, value, text, px_rule_id(hit->rule));
    free(value);
    return rc;
}

int px_assign_field(px_analysis *a, int section, size_t block, const char *text)
{
    /* several fields may share a line: `Cơ quan chủ trì: X; Cơ quan phối
     * hợp: Y` */
    px_hits hits = {0};
    int rc = px_ruleset_scan(a->rules, "field", NULL, text, strlen(text), &hits, a->err);
    for (size_t i = 0; rc == 0 && i < hits.n; i++)
        rc = assign_one_field(a, section, block, text, &hits.items[i]);
    px_hits_free(&hits);
    return rc;
}

/* The field block's section: where sibling sections carry such blocks in
 * their own body, a block printed after the lettered items of one of them
 * belongs to that one, not to its last item (seed 002, 1.4). */
/* Whether section k has a labelled-field block in its own body. */
static int has_own_field(px_analysis *a, size_t k)
{
    const px_outline *o = a->outline;
    for (size_t i = o->sections[k].block + 1; i <= o->sections[k].last_block; i++) {
        px_hit hit;
        size_t skipped;
        if (o->block_section[i] != (int)k)
            continue;
        const char *body = px_block_body(a, i, &skipped);
        if (px_ruleset_first(a->rules, "field", NULL, body, strlen(body), &hit, a->err) == 1)
            return 1;
    }
    return 0;
}

/* Whether some other section with this parent and kind carries fields. */
static int siblings_have_fields(px_analysis *a, int s)
{
    const px_outline *o = a->outline;
    for (size_t k = 0; k < o->n; k++)
        if ((int)k != s && o->sections[k].parent == o->sections[s].parent &&
            o->sections[k].kind == o->sections[s].kind && has_own_field(a, k))
            return 1;
    return 0;
}

/* Whether item k is the last item (of its kind) of its section. */
static int last_item(const px_outline *o, size_t k)
{
    for (size_t j = k + 1; j < o->n; j++)
        if (o->sections[j].parent == o->sections[k].parent && o->sections[j].kind == o->sections[k].kind)
            return 0;
    return 1;
}

/* Whether the field blocks of section p and its siblings close their
 * items: no item but the last of a section carries fields, at least two
 * sections end that way, and one of them has more than one item, so the
 * block plainly comes after all of them (fixture c3, 1.1–1.7: tasks
 * (1)..(n), then `Đơn vị thực hiện:` for the whole subsection). */
static int fields_close_items(px_analysis *a, int p, px_marker_kind kind)
{
    const px_outline *o = a->outline;
    int closing = 0, several = 0;
    for (size_t k = 0; k < o->n; k++) {
        int q = o->sections[k].parent;
        if (q < 0 || o->sections[k].kind != kind || o->sections[q].parent != o->sections[p].parent ||
            o->sections[q].kind != o->sections[p].kind || !has_own_field(a, k))
            continue;
        if (!last_item(o, k))
            return 0;
        closing++;
        for (size_t j = 0; j < k && !several; j++)
            several = o->sections[j].parent == q && o->sections[j].kind == kind;
    }
    return closing >= 2 && several;
}

/* Where the first field of block i starts in its body, or -1 for none. */
static long first_field_at(px_analysis *a, size_t i)
{
    size_t skipped;
    const char *body = px_block_body(a, i, &skipped);
    px_hit hit;
    if (px_ruleset_first(a->rules, "field", NULL, body, strlen(body), &hit, a->err) != 1)
        return -1;
    return (long)hit.start;
}

int px_field_section(px_analysis *a, size_t block)
{
    const px_outline *o = a->outline;
    int s = o->block_section[block];
    if (s < 0 || (o->sections[s].kind != PX_MARK_LETTER && o->sections[s].kind != PX_MARK_PAREN))
        return s;
    /* a field inside the item's own paragraph is the item's own: after its
     * task (`b) Đẩy nhanh … Sở X chủ trì …; thời gian: trong Quý III năm
     * 2025`, f1), or as the item itself (`b) Đơn vị chủ trì: Văn phòng
     * Sở.`: a lettered field is a section like any other, ANNOTATION.md) */
    if (o->sections[s].block == block && first_field_at(a, block) >= 0)
        return s;
    int p = o->sections[s].parent;
    /* fields sit at the parent's level when the parent's siblings carry
     * them and the item's own siblings do not */
    if (p >= 0 && !siblings_have_fields(a, s) && siblings_have_fields(a, p))
        return p;
    /* or when, across the parent and its siblings, they follow the last
     * item each time */
    if (p >= 0 && last_item(o, (size_t)s) && fields_close_items(a, p, o->sections[s].kind))
        return p;
    return s;
}

/* Numbered sections of the implementation part are addressed to units:
 * under a part titled so, or, at the top level, after such a part heading
 * that is no section (`Phần IV. TỔ CHỨC THỰC HIỆN`, j3; a line in capitals
 * without a number, `TỔ CHỨC THỰC HIỆN`, k2): the nearest part heading
 * before the section decides. */
static int in_implementation_part(px_analysis *a, int section)
{
    const px_outline *o = a->outline;
    px_hit hit;
    for (int s = o->sections[section].parent; s >= 0; s = o->sections[s].parent) {
        const char *t = o->sections[s].title;
        if (px_ruleset_first(a->rules, "impl_part", NULL, t, strlen(t), &hit, a->err) == 1)
            return 1;
    }
    if (o->sections[section].parent >= 0)
        return 0;
    for (size_t i = o->sections[section].block; i-- > 0;) {
        const char *t = a->doc->blocks[i].text;
        /* every block back to the heading may be looked at: only those
         * opening with P/p go to the regex (`Phần`, `PHẦN`) */
        int part = (t[0] == 'P' || t[0] == 'p') &&
                   px_ruleset_first(a->rules, "part_heading", NULL, t, strlen(t), &hit, a->err) == 1 && hit.start == 0;
        if (part || (px_is_caps_line(t) && strchr(t, ' ')))
            return px_ruleset_first(a->rules, "impl_part", NULL, t, strlen(t), &hit, a->err) == 1;
    }
    return 0;
}

static int responsible(px_analysis *a, int k)
{
    const px_section *sec = &a->outline->sections[k];
    if (sec->kind != PX_MARK_ARABIC && sec->kind != PX_MARK_DOTTED)
        return 0;
    if (!in_implementation_part(a, k))
        return 0;
    const char *title = sec->title;
    px_hit hit;
    size_t end = strlen(title), from = 0;
    /* `Các Sở: Tư pháp, …`: the colon belongs to the shared head */
    if (px_ruleset_first(a->rules, "unit_head", NULL, title, end, &hit, a->err) == 1 && hit.start == 0)
        from = hit.end;
    if (px_ruleset_first(a->rules, "actor_end", NULL, title + from, end - from, &hit, a->err) == 1)
        end = from + hit.start;
    /* `Đề nghị Công đoàn cơ sở Sở Tư pháp tuyên truyền, vận động …`
     * (fixture a3): any verb ends the actor, as in a clause */
    end = from + name_end(a, title + from, end - from);
    char *actor = px_span_dup(title, 0, end);
    if (!actor)
        return px_error_set(a->err, "out of memory");
    px_strlist units = {0};
    px_units_split(a->rules, actor, &units, a->err);
    if (units.n && px_unit_starts(a->rules, units.items[0], a->err))
        emit_units(a, k, sec->block, 0, "responsible", actor, title, "responsible.heading");
    px_strlist_free(&units);
    free(actor);
    return a->err->msg[0] ? -1 : 0;
}

int px_find_assignments(px_analysis *a)
{
    const px_outline *o = a->outline;
    for (size_t k = 0; k < o->n; k++)
        if (responsible(a, (int)k))
            return -1;
    for (size_t i = 0; i < a->doc->n_blocks; i++) {
        const px_block *b = &a->doc->blocks[i];
        if (i >= o->body_end || b->kind == PX_BLOCK_NOTE || b->kind == PX_BLOCK_MARGIN || b->kind == PX_BLOCK_CELL)
            continue; /* tables are read by tables.c */
        int section = px_field_section(a, i);
        size_t skipped;
        const char *body = px_block_body(a, i, &skipped);
        if (px_assign_field(a, section, i, body))
            return -1;
        px_hit hit;
        if (px_ruleset_first(a->rules, "field", NULL, body, strlen(body), &hit, a->err) == 1) {
            /* a field's value is not a clause; the task stated before
             * in-line fields is (`b) … Sở X chủ trì, phối hợp với Y thực
             * hiện; thời gian: …`, `… Giao X chủ trì thực hiện. Thời gian
             * thực hiện: Quý IV/2025.`) */
            if (hit.start == 0)
                continue;
            char *task = px_span_dup(body, 0, hit.start);
            if (!task)
                return px_error_set(a->err, "out of memory");
            int rc = px_assign_clauses(a, o->block_section[i], i, task, skipped);
            free(task);
            if (rc)
                return -1;
            continue;
        }
        if (px_assign_clauses(a, o->block_section[i], i, body, skipped))
            return -1;
    }
    return a->err->msg[0] ? -1 : 0;
}
