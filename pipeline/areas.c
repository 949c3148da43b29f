/* areas.c: indicator areas (rules/taxonomy.rules).
 *
 * One row per (section, area) when the section's own title names the area,
 * or when a bullet directly under the section opens with the area's name,
 * alone or followed by what is assigned for it (ANNOTATION.md); tables.c
 * reads the task cell of a table row as such a bullet.  A title names an
 * area when, after an optional opening (`Chỉ số nội dung`, `Lĩnh vực`, a
 * verb like `Đẩy mạnh`), the area's name starts it and at most a few words
 * follow: titles are names, sentences are mentions.  In a numbered heading
 * only the words up to the next phrase count (`2. Đẩy mạnh cải cách thủ
 * tục hành chính, nâng cao chất lượng …`, fixture b3); a lettered item is
 * often a task sentence, so there all its words count.  A title that is a
 * list of names (`A và B`) gives a row for each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze_util.h"
#include "areas.h"

enum { MAX_TRAILING_WORDS = 4 };

/* Skips an `area_prefix` then an `area_verb` at the start of s. */
static size_t skip_openings(px_analysis *a, const char *s)
{
    size_t at = 0;
    px_hit hit;
    const char *cats[] = {"area_prefix", "area_verb"};
    for (int k = 0; k < 2; k++)
        if (px_ruleset_first(a->rules, cats[k], NULL, s + at, strlen(s + at), &hit, a->err) == 1 &&
            hit.start == 0)
            at += hit.end;
    return at;
}

/* Words in s[from..to) outside brackets and quotes. */
static int words_outside_brackets(const char *s, size_t from, size_t to)
{
    int words = 0, depth = 0, in_word = 0;
    for (size_t i = from; i < to; i++) {
        char c = s[i];
        if (c == '(' || c == '[') depth++;
        else if ((c == ')' || c == ']') && depth) depth--;
        int letter = !(c == ' ' || c == ',' || c == '.' || c == ';' || c == ':' || c == '-' || c == '(' ||
                       c == ')' || c == '"');
        if (!depth && letter && !in_word)
            words++;
        in_word = letter;
    }
    return words;
}

/* Where the phrase that opens at s[from] ends: the first `,`, `;`, ` và `
 * or spaced dash outside brackets, or the end.  A dash after the name
 * starts another phrase as a comma does (fixture a3 2.4, where a bullet's
 * `- 100% hồ sơ …` ran into the heading). */
static size_t phrase_end(const char *s, size_t from)
{
    int depth = 0;
    size_t i;
    for (i = from; s[i]; i++) {
        if (s[i] == '(' || s[i] == '[')
            depth++;
        else if ((s[i] == ')' || s[i] == ']') && depth)
            depth--;
        else if (depth)
            continue;
        else if (s[i] == ',' || s[i] == ';' || strncmp(s + i, " và ", 5) == 0 || strncmp(s + i, " - ", 3) == 0 ||
                 strncmp(s + i, " \xE2\x80\x93 ", 5) == 0) /* – */
            break;
    }
    return i;
}

static int emit_area(px_analysis *a, int section, size_t block, const char *area, const char *text)
{
    px_item it = {.kind = PX_ITEM_INDICATOR, .section = section, .text = (char *)text, .rule = NULL};
    it.area = (char *)area;
    px_emit(a, &it, block, 0);
    return a->err->msg[0] ? -1 : 0;
}

/* The area named in quotes in a title (`1. Nhóm nhiệm vụ cải thiện nội dung
 * “Quản trị điện tử”`): the quotes hold the name and nothing else. */
static void quoted_area(px_analysis *a, const char *title, const char *scope, char *area, size_t size)
{
    static const char open_q[] = "\xE2\x80\x9C", close_q[] = "\xE2\x80\x9D"; /* “ ” */
    const char *o = strstr(title, open_q);
    const char *c = o ? strstr(o + 3, close_q) : NULL;
    if (!c)
        return;
    const char *name = o + 3;
    size_t len = (size_t)(c - name);
    px_hit hit;
    if (px_ruleset_first(a->rules, "area", scope, name, len, &hit, a->err) == 1 && hit.start == 0 &&
        hit.end * 10 >= len * 9)
        px_hit_field(&hit, name, "area", area, size);
}

/* Whether s[from..to) holds only what joins two names: spaces, `,`, `;`
 * and the word `và`. */
static int only_joiners(const char *s, size_t from, size_t to)
{
    size_t i = from;
    while (i < to) {
        if (strchr(" ,;", s[i]))
            i++;
        else if (to - i >= 3 && strncmp(s + i, "v\xC3\xA0", 3) == 0 && (i + 3 == to || s[i + 3] == ' '))
            i += 3; /* và */
        else
            return 0;
    }
    return 1;
}

/* Whether the names found in s (hits, in order, the first at its start)
 * are a list that covers it: joined by joiners only, with a few words at
 * most after the last. */
static int names_cover(const char *s, const px_hits *hits)
{
    if (hits->n < 2 || hits->items[0].start != 0)
        return 0;
    for (size_t i = 1; i < hits->n; i++)
        if (!only_joiners(s, hits->items[i - 1].end, hits->items[i].start))
            return 0;
    return words_outside_brackets(s, hits->items[hits->n - 1].end, strlen(s)) <= MAX_TRAILING_WORDS;
}

/* The area a heading title names, or "" (copied into area); numbered:
 * whether the heading is numbered rather than lettered. */
static void title_area(px_analysis *a, const char *title, const char *scope, int numbered, char *area,
                       size_t size)
{
    area[0] = '\0';
    size_t at = skip_openings(a, title);
    const char *s = title + at;
    px_hits hits = {0};
    if (px_ruleset_scan(a->rules, "area", scope, s, strlen(s), &hits, a->err) == 0 && hits.n > 0 &&
        hits.items[0].start == 0) {
        /* closing quote and what follows: a few words at most; or a colon,
         * the name as a label for its task (`4. Về tham gia của người dân
         * ở cấp cơ sở: Tổ chức hội nghị …`) */
        size_t from = hits.items[0].end;
        size_t after = from;
        while (s[after] == ' ' || s[after] == '"' || strncmp(s + after, "”", strlen("”")) == 0)
            after += s[after] == ' ' || s[after] == '"' ? 1 : strlen("”");
        size_t to = numbered ? phrase_end(s, from) : strlen(s);
        /* a lettered title that lists names (`a) Tham gia của người dân ở
         * cấp cơ sở; công khai, minh bạch …`, y3) starts with the first */
        if (s[after] == ':' || words_outside_brackets(s, from, to) <= MAX_TRAILING_WORDS || names_cover(s, &hits))
            px_hit_field(&hits.items[0], s, "area", area, size);
    }
    px_hits_free(&hits);
    if (!area[0])
        quoted_area(a, title, scope, area, size);
}

/* A title that names two or more areas joined by `và` or `,` (c2 III/4
 * `Về kiểm soát tham nhũng trong khu vực công và thủ tục hành chính công`):
 * a row for each, when the names cover the title but for the joining words
 * and a few trailing ones.  title_area has the first name already. */
static int title_area_list(px_analysis *a, int section, size_t block, const char *title, const char *scope)
{
    const char *s = title + skip_openings(a, title);
    px_hits hits = {0};
    if (px_ruleset_scan(a->rules, "area", scope, s, strlen(s), &hits, a->err) != 0) {
        px_hits_free(&hits);
        return -1;
    }
    int covered = names_cover(s, &hits);
    for (size_t i = 1; covered && i < hits.n; i++) {
        char area[32];
        px_hit_field(&hits.items[i], s, "area", area, sizeof area);
        if (area[0] && emit_area(a, section, block, area, title))
            break;
    }
    px_hits_free(&hits);
    return a->err->msg[0] ? -1 : 0;
}

/* A bullet that is a list of areas, with perhaps what is assigned for them
 * after a colon: every area named, when names cover the label part. */
int px_areas_in_item(px_analysis *a, int section, size_t block, const char *body, const char *scope, char *first,
                     size_t first_size)
{
    if (first && first_size)
        first[0] = '\0';
    size_t at = skip_openings(a, body);
    const char *s = body + at;
    const char *colon = strchr(s, ':');
    size_t label_len = colon ? (size_t)(colon - s) : strlen(s);
    while (label_len && strchr(" .;", s[label_len - 1]))
        label_len--;
    if (label_len == 0)
        return 0;
    px_hits hits = {0};
    if (px_ruleset_scan(a->rules, "area", scope, s, label_len, &hits, a->err) != 0 || hits.n == 0 ||
        hits.items[0].start > 12) {
        px_hits_free(&hits);
        return a->err->msg[0] ? -1 : 0;
    }
    /* coverage: what the names leave is only joining words; or a name
     * quoted after its prefix (`- Nội dung “Tham gia của người dân ở cấp cơ
     * sở” phấn đấu đạt trên 5,30 điểm`): the quotes mark the name */
    size_t covered = 0;
    for (size_t i = 0; i < hits.n; i++)
        covered += hits.items[i].end - hits.items[i].start;
    size_t close = hits.items[0].end;
    while (s[close] == ' ')
        close++;
    int quoted = at > 0 && hits.items[0].start <= 3 &&
                 (s[close] == '"' || strncmp(s + close, "\xE2\x80\x9D", 3) == 0); /* ” */
    size_t names = quoted ? 1 : hits.n;
    if (quoted || covered * 100 >= label_len * 70) {
        for (size_t i = 0; i < names; i++) {
            char area[32];
            px_hit_field(&hits.items[i], s, "area", area, sizeof area);
            if (i == 0 && first && first_size)
                snprintf(first, first_size, "%s", area);
            emit_area(a, section, block, area, body);
        }
    }
    px_hits_free(&hits);
    return a->err->msg[0] ? -1 : 0;
}

int px_find_areas(px_analysis *a)
{
    const px_outline *o = a->outline;
    char scope_buf[32];
    for (size_t k = 0; k < o->n; k++) {
        const char *scope = px_section_index(a, (int)k, scope_buf, sizeof scope_buf);
        if (!scope)
            scope = "none";
        char area[32];
        int numbered = o->sections[k].kind != PX_MARK_LETTER;
        title_area(a, o->sections[k].title, scope, numbered, area, sizeof area);
        if (area[0] && emit_area(a, (int)k, o->sections[k].block, area, o->sections[k].title))
            return -1;
        if (area[0] && title_area_list(a, (int)k, o->sections[k].block, o->sections[k].title, scope))
            return -1;
        /* bullets directly in the section's own body */
        for (size_t i = o->sections[k].block + 1; i <= o->sections[k].last_block; i++) {
            if (o->block_section[i] != (int)k)
                continue;
            const char *t = a->doc->blocks[i].text;
            if (!px_is_bullet(a, t))
                continue;
            size_t skipped;
            const char *body = px_block_body(a, i, &skipped);
            px_areas_in_item(a, (int)k, i, body, scope, NULL, 0);
        }
        if (a->err->msg[0])
            return -1;
    }
    return 0;
}
