/* targets.c: targets and baselines (rules/targets.rules).
 *
 * Each number is its own row.  A figure is a baseline when the rule says so
 * (a rank like 13/61) or when its sentence opens with a past year and does
 * not aim (`Năm 2022, … đạt 43,85 điểm`); it is neither when the rule is a
 * trap (a sample size).  A target's indicator is the index its sentence
 * names before it, else the area of the section it sits in (or the nearest
 * enclosing one), as the seed decisions say. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze_util.h"
#include "normalize.h"
#include "targets.h"

/* Start of the clause (stop_at_semicolon) or sentence holding byte `at`:
 * after the last ". " (or ";"), or the block start. */
static size_t sentence_start(const char *t, size_t at, int stop_at_semicolon)
{
    size_t i = at;
    while (i > 0) {
        if ((stop_at_semicolon && t[i - 1] == ';') || (t[i - 1] == ' ' && i >= 2 && t[i - 2] == '.'))
            break;
        i--;
    }
    return i;
}

static int has(px_analysis *a, const char *category, const char *text, size_t len, px_hit *hit)
{
    px_hit local;
    return px_ruleset_first(a->rules, category, NULL, text, len, hit ? hit : &local, a->err) == 1;
}

/* The nearest index named in t[from..to), or NULL. */
static int index_before(px_analysis *a, const char *t, size_t from, size_t to, char *out, size_t size)
{
    px_hits hits = {0};
    int found = 0;
    if (px_ruleset_scan(a->rules, "index", NULL, t + from, to - from, &hits, a->err) == 0 && hits.n) {
        px_hit_field(&hits.items[hits.n - 1], t + from, "index", out, size);
        found = 1;
    }
    px_hits_free(&hits);
    return found;
}

/* The year a target is for (ANNOTATION.md): a year its own clause names
 * (`87% vào năm 2026`, `năm 2025 đạt trên 85%, năm 2026 đạt trên 88%`:
 * the nearest after it, else the nearest before it), when not past; else
 * the end of a multi-year plan's period; else the plan year. */
static int target_year(px_analysis *a, const char *text, size_t sentence, size_t start, size_t end)
{
    int plan_year = a->result->meta.plan_year;
    size_t clause_end = end;
    while (text[clause_end] && !strchr(",;", text[clause_end]) &&
           !(text[clause_end] == '.' && (text[clause_end + 1] == ' ' || !text[clause_end + 1])))
        clause_end++;
    px_hits hits = {0};
    int year = 0;
    if (px_ruleset_scan(a->rules, "target_past", NULL, text + end, clause_end - end, &hits, a->err) == 0 &&
        hits.n) {
        char y[8];
        px_hit_field(&hits.items[0], text + end, "year", y, sizeof y);
        year = atoi(y);
    }
    px_hits_free(&hits);
    if (!(year && year >= plan_year) &&
        px_ruleset_scan(a->rules, "target_past", NULL, text + sentence, start - sentence, &hits, a->err) == 0 &&
        hits.n) {
        char y[8];
        px_hit_field(&hits.items[hits.n - 1], text + sentence, "year", y, sizeof y);
        year = atoi(y);
    }
    px_hits_free(&hits);
    if (year && year >= plan_year)
        return year;
    px_hit hit;
    const char *title = a->result->meta.title;
    if (title && px_ruleset_first(a->rules, "plan_period_end", NULL, title, strlen(title), &hit, a->err) == 1) {
        char y[8];
        px_hit_field(&hit, title, "year", y, sizeof y);
        if (atoi(y) > plan_year)
            return atoi(y);
    }
    return plan_year;
}

/* Whether the section or an ancestor is a part that reports results
 * (category `target_results_part`: `I. KẾT QUẢ ĐẠT ĐƯỢC NĂM 2024`, d1),
 * with no section stating goals in between (`3. Mục tiêu năm 2025` under
 * `II. KẾT QUẢ NĂM 2024 VÀ MỤC TIÊU NĂM 2025`); *year gets the year the
 * part's title names, else 0. */
static int in_results_part(px_analysis *a, int section, int *year)
{
    *year = 0;
    for (int s = section; s >= 0; s = a->outline->sections[s].parent) {
        const char *t = a->outline->sections[s].title;
        if (t && has(a, "target_goals_part", t, strlen(t), NULL))
            return 0;
        if (!t || !has(a, "target_results_part", t, strlen(t), NULL))
            continue;
        px_hit hit;
        if (has(a, "target_past", t, strlen(t), &hit)) {
            char y[8];
            px_hit_field(&hit, t, "year", y, sizeof y);
            *year = atoi(y);
        }
        return 1;
    }
    return 0;
}

/* The area of the section or of its nearest ancestor that has one, or the
 * index the nearer one's title names (written to index). */
static const char *section_indicator(px_analysis *a, int section, size_t block, char *index, size_t size)
{
    for (int s = section; s >= 0; s = a->outline->sections[s].parent) {
        for (size_t i = 0; i < a->result->n_items; i++) {
            const px_item *it = &a->result->items[i];
            if (it->kind == PX_ITEM_INDICATOR && it->section == s)
                return it->area;
        }
        /* `3. Đối với Chỉ số PAR INDEX`, `Về Chỉ số DDCI`: a section about
         * one index, which has no areas of its own (PCI, DDCI) or names
         * none of them.  Not a run-in title holding the figure itself
         * (`3. Chỉ số SIPAS đạt từ 88%; 100% hồ sơ …`): there the index
         * was the sentence's, and is for its own clause only. */
        const char *t = a->outline->sections[s].title;
        int own_heading = s == section && a->outline->sections[s].block == block;
        if (t && !own_heading && index_before(a, t, 0, strlen(t), index, size))
            return index;
    }
    return NULL;
}

/* Whether a group named `kind` or `kind` and a number (ge, ge1, ge2, …)
 * matched: the rules mark comparator words so (targets.rules). */
static int marked(const px_hit *h, const char *kind)
{
    size_t n = strlen(kind);
    for (int i = 0; i < h->n_fields; i++) {
        const char *name = h->fields[i].name;
        if (!h->fields[i].unset && strncmp(name, kind, n) == 0 && strspn(name + n, "0123456789") == strlen(name + n))
            return 1;
    }
    return 0;
}

static const char *comparator(const px_hit *h)
{
    const char *fixed = px_rule_const(h->rule, "comparator");
    if (fixed)
        return fixed;
    if (marked(h, "ge"))
        return ">=";
    if (marked(h, "le"))
        return "<=";
    if (px_hit_has(h, "gt"))
        return ">";
    if (px_hit_has(h, "lt"))
        return "<";
    return "=";
}

int px_targets_in(px_analysis *a, int section, size_t block, const char *text, size_t at, int appendix,
                  const char *area)
{
    px_hits hits = {0};
    if (px_ruleset_scan(a->rules, "target", NULL, text, strlen(text), &hits, a->err)) {
        px_hits_free(&hits);
        return -1;
    }
    int plan_year = a->result->meta.plan_year;
    for (size_t i = 0; i < hits.n; i++) {
        const px_hit *h = &hits.items[i];
        const char *kind = px_rule_const(h->rule, "kind");
        if (kind && strcmp(kind, "trap") == 0)
            continue; /* a sample size: the rule only keeps counts off it */
        size_t ss = sentence_start(text, h->start, 1);
        /* what is said before the figure itself: a rule's match may open
         * with `đạt`, or with a floor's `không có … nào` before the index
         * it is about (`… của Chỉ số SIPAS dưới 85%`) */
        size_t value_at = h->start, value_end;
        if (!px_hit_span(h, "value", &value_at, &value_end) || value_at < ss)
            value_at = h->start;
        /* a past year anywhere before it in the sentence makes a result
         * (`Năm 2022, … đạt …; … đạt 75,44%`) */
        size_t sentence = sentence_start(text, h->start, 0);
        size_t se = h->end;
        while (text[se] && !(text[se] == ';' || (text[se] == '.' && (text[se + 1] == ' ' || !text[se + 1]))))
            se++;
        int aims = has(a, "target_aim", text + sentence_start(text, h->start, 0), se - sentence_start(text, h->start, 0),
                       NULL);
        const char *needs_aim = px_rule_const(h->rule, "needs_aim");
        if (needs_aim && strcmp(needs_aim, "yes") == 0 && !aims)
            continue;
        int baseline = kind && strcmp(kind, "baseline") == 0;
        px_hit past;
        int year_in_sentence = 0;
        if (has(a, "target_past", text + sentence, h->start - sentence, &past)) {
            char y[8];
            px_hit_field(&past, text + sentence, "year", y, sizeof y);
            year_in_sentence = atoi(y);
            if (year_in_sentence && plan_year && year_in_sentence < plan_year && !aims)
                baseline = 1;
        }
        /* `(năm 2023 đạt 7,12 điểm; mục tiêu …)`, `mới đạt 46,2%`: reached,
         * said in the figure's own clause, where nothing aims */
        px_hit reached;
        if (!baseline && has(a, "target_reached", text + ss, value_at - ss, &reached) &&
            !has(a, "target_aim", text + ss, se - ss, NULL)) {
            char y[8];
            px_hit_field(&reached, text + ss, "year", y, sizeof y);
            int year = atoi(y);
            if (!year || !plan_year || year < plan_year) {
                baseline = 1;
                if (year)
                    year_in_sentence = year;
            }
        }
        /* d1 I: `Trong đó, … đạt 84,02%` in a results part is a result */
        int part_year;
        if (!baseline && !aims && in_results_part(a, section, &part_year)) {
            baseline = 1;
            if (!year_in_sentence)
                year_in_sentence = part_year;
        }
        if (baseline && needs_aim)
            continue; /* a count of things in a past result: neither */
        char value[64], unit[64];
        px_hit_field(h, text, "value", value, sizeof value);
        px_hit_field(h, text, "unit", unit, sizeof unit);
        px_item it = {.kind = baseline ? PX_ITEM_BASELINE : PX_ITEM_TARGET, .section = section,
                      .rule = px_rule_id(h->rule)};
        it.value = px_parse_number(value);
        char *lower = unit[0] ? px_normalize_text(unit, 0) : NULL;
        if (lower) {
            for (char *p = lower; *p; p++)
                if (*p >= 'A' && *p <= 'Z')
                    *p = (char)(*p + 32);
        }
        it.measure = lower;
        it.comparator = baseline ? "=" : (char *)comparator(h); /* EXPORT-FORMAT.md: a result is `=` */
        char index[32];
        if (index_before(a, text, ss, value_at, index, sizeof index))
            it.indicator = index;
        else if (area)
            it.indicator = (char *)area;
        else if (!appendix)
            it.indicator = (char *)section_indicator(a, section, block, index, sizeof index);
        /* a plan about one index that has no areas (PCI, DDCI: category
         * `index_no_areas`): a figure nothing else places is about it */
        if (!it.indicator && !appendix && a->result->meta.n_indices == 1 &&
            has(a, "index_no_areas", a->result->meta.indices[0], strlen(a->result->meta.indices[0]), NULL))
            it.indicator = a->result->meta.indices[0];
        it.year = baseline ? year_in_sentence : target_year(a, text, sentence, h->start, h->end);
        char *evidence = px_span_dup(text, ss, se);
        it.text = evidence;
        px_emit(a, &it, block, at + h->start);
        free(evidence);
        free(lower);
        if (a->err->msg[0])
            break;
    }
    px_hits_free(&hits);
    return a->err->msg[0] ? -1 : 0;
}

/* The first year (19xx, 20xx) written as a number of its own in s, or 0. */
static int bare_year(const char *s)
{
    for (const char *p = s; *p; p++) {
        int starts = p == s || !isdigit((unsigned char)p[-1]);
        if (starts && (strncmp(p, "19", 2) == 0 || strncmp(p, "20", 2) == 0) && isdigit((unsigned char)p[2]) &&
            isdigit((unsigned char)p[3]) && !isdigit((unsigned char)p[4]))
            return atoi(p);
    }
    return 0;
}

int px_target_cell(px_analysis *a, int section, size_t block, const char *cell, const char *header,
                   const char *indicator)
{
    /* `Đạt từ 88% trở lên; tăng ít nhất 03 bậc`: one target per part */
    const char *semi = strchr(cell, ';');
    if (semi) {
        char *part = px_span_dup(cell, 0, (size_t)(semi - cell));
        if (!part)
            return px_error_set(a->err, "out of memory");
        int rc = px_target_cell(a, section, block, part, header, indicator);
        free(part);
        const char *rest = semi + 1;
        while (*rest == ' ')
            rest++;
        return rc ? rc : px_target_cell(a, section, block, rest, header, indicator);
    }
    px_hit h;
    int found = px_ruleset_first(a->rules, "target_cell", NULL, cell, strlen(cell), &h, a->err);
    if (found == 0) {
        /* `thuộc nhóm 15 tỉnh, thành phố dẫn đầu`: a rank group, written
         * in a cell as in a sentence (the prose rules that say `top`) */
        found = px_ruleset_first(a->rules, "target", NULL, cell, strlen(cell), &h, a->err);
        const char *fixed = found == 1 ? px_rule_const(h.rule, "comparator") : NULL;
        if (found == 1 && !(fixed && strcmp(fixed, "top") == 0))
            found = 0;
    }
    if (found != 1)
        return found < 0 ? -1 : 0;
    char value[64], unit[64];
    px_hit_field(&h, cell, "value", value, sizeof value);
    px_hit_field(&h, cell, "unit", unit, sizeof unit);
    px_item it = {.kind = PX_ITEM_TARGET, .section = section, .rule = px_rule_id(h.rule)};
    it.value = px_parse_number(value);
    char *lower = px_normalize_text(unit, 0);
    if (lower)
        for (char *p = lower; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p + 32);
    it.measure = lower;
    it.comparator = (char *)comparator(&h);
    it.indicator = (char *)indicator;
    /* `Mục tiêu năm 2025`: the header's year, when not past */
    px_hit past;
    int year = 0;
    if (header && has(a, "target_past", header, strlen(header), &past)) {
        char y[8];
        px_hit_field(&past, header, "year", y, sizeof y);
        year = atoi(y);
    } else if (header) {
        year = bare_year(header); /* `Mục tiêu 2026` */
    }
    it.year = year && year >= a->result->meta.plan_year ? year : target_year(a, cell, 0, 0, strlen(cell));
    it.text = (char *)cell;
    px_emit(a, &it, block, 0);
    free(lower);
    return a->err->msg[0] ? -1 : 0;
}

/* The area a bullet is labelled with (`- Quản trị môi trường: tỷ lệ thu
 * gom … đạt từ 95% trở lên`): its figures are for that area, not for the
 * first area of its section.  NULL when the block has no such label. */
static const char *label_area(px_analysis *a, int section, const char *body, char *out, size_t size)
{
    const char *s = body;
    while (*s == '-' || *s == '+' || *s == '*' || *s == ' ')
        s++;
    if (strncmp(s, "•", strlen("•")) == 0)
        s += strlen("•");
    while (*s == ' ')
        s++;
    const char *colon = strchr(s, ':');
    if (!colon || colon - s > 160)
        return NULL;
    char buf[32];
    const char *scope = section >= 0 ? px_section_index(a, section, buf, sizeof buf) : NULL;
    px_hit hit;
    size_t len = (size_t)(colon - s);
    if (px_ruleset_first(a->rules, "area", scope ? scope : "none", s, len, &hit, a->err) != 1 || hit.start > 3)
        return NULL;
    px_hit_field(&hit, s, "area", out, size);
    return out[0] ? out : NULL;
}

int px_find_targets(px_analysis *a)
{
    const px_outline *o = a->outline;
    for (size_t i = 0; i < a->doc->n_blocks && i < o->body_end; i++) {
        const px_block *b = &a->doc->blocks[i];
        if (b->kind == PX_BLOCK_NOTE || b->kind == PX_BLOCK_MARGIN || b->kind == PX_BLOCK_CELL)
            continue;
        size_t skipped;
        const char *body = px_block_body(a, i, &skipped);
        char area[32];
        const char *labelled = label_area(a, o->block_section[i], body, area, sizeof area);
        if (px_targets_in(a, o->block_section[i], i, body, skipped, 0, labelled))
            return -1;
    }
    return 0;
}
