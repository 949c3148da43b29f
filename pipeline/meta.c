/* meta.c: the plan's own particulars (rules/meta.rules).
 *
 * Reads the Decree 30/2020/NĐ-CP layout: the header block before the type
 * line (issuer name lines, `Số:`, motto, place/date line), the type line
 * and title, and the signature block after the body.  Where the text has
 * no header, the issuer comes from the opening sentence (`UBND huyện Văn
 * Quan xây dựng kế hoạch`), completed from the title or place line when
 * they settle it (seed 002, 003 decisions), else left null (seed 001). */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "normalize.h"

enum { FIELD = 512 };

static int first(px_analysis *a, const char *category, const char *text, px_hit *hit)
{
    int rc = px_ruleset_first(a->rules, category, NULL, text, strlen(text), hit, a->err);
    return rc;
}

/* Document number "105 / KH - UBND" → "105/KH-UBND"; type code = first
 * segment made of letters ("KH" in 105/KH-UBND and 35-KH/TU). */
static void clean_number(const char *raw, char *number, char *type)
{
    char *o = number;
    for (const char *p = raw; *p && o - number < FIELD - 1; p++)
        if (*p != ' ')
            *o++ = *p;
    *o = '\0';
    type[0] = '\0';
    const char *p = number;
    while (*p) {
        const char *seg = p;
        while (*p && *p != '/' && *p != '-')
            p++;
        size_t n = (size_t)(p - seg);
        if (n && !(seg[0] >= '0' && seg[0] <= '9')) {
            memcpy(type, seg, n < 31 ? n : 31);
            type[n < 31 ? n : 31] = '\0';
            return;
        }
        if (*p)
            p++;
    }
}

/* "ỦY BAN NHÂN DÂN TỈNH BẮC NINH" → "Ủy ban nhân dân tỉnh Bắc Ninh":
 * ordinary words in lower case, a place name after its level word in
 * title case, abbreviations (UBND, HĐND) kept. */
static const char *const level_words[] = {"tỉnh", "huyện", "xã", "phường", "quận", "thành phố", "thị xã",
                                          "thị trấn", NULL};
static const char *const keep_upper[] = {"UBND", "HĐND", "MTTQ", "VP", "TTHC", "CCHC", "TW", NULL};

static char *ordinary_case(const char *caps)
{
    static const char *const body_kinds[] = {"sở", "phòng", "ban", "cục", "trung tâm", "thanh tra", NULL};
    GString *out = g_string_new(NULL);
    gchar **words = g_strsplit(caps, " ", -1);
    int proper = 0;          /* inside a place name */
    int name_starts = 0;     /* the next word opens a body's own name (Sở Nội vụ) */
    for (int i = 0; words[i]; i++) {
        if (!*words[i])
            continue;
        gchar *lower = g_utf8_strdown(words[i], -1);
        int keep = 0;
        for (int k = 0; keep_upper[k]; k++)
            keep |= strcmp(words[i], keep_upper[k]) == 0;
        if (out->len)
            g_string_append_c(out, ' ');
        if (keep) {
            g_string_append(out, words[i]);
        } else if (proper || out->len == 0 || name_starts) {
            gunichar c = g_utf8_get_char(lower);
            char buf[8];
            int n = g_unichar_to_utf8(g_unichar_toupper(c), buf);
            g_string_append_len(out, buf, n);
            g_string_append(out, g_utf8_next_char(lower));
        } else {
            g_string_append(out, lower);
        }
        name_starts = 0;
        /* a line opening with a body's kind: its own name follows */
        for (int k = 0; i == 0 && body_kinds[k]; k++)
            if (strcmp(lower, body_kinds[k]) == 0)
                name_starts = 1;
        /* after a level word, the rest is the place's name */
        for (int k = 0; level_words[k]; k++) {
            const char *lw = level_words[k];
            if (strchr(lw, ' ')) {
                gchar *pair = i > 0 ? g_strdup_printf("%s %s", words[i - 1], words[i]) : NULL;
                gchar *pl = pair ? g_utf8_strdown(pair, -1) : NULL;
                if (pl && strcmp(pl, lw) == 0)
                    proper = 1;
                g_free(pair);
                g_free(pl);
            } else if (strcmp(lower, lw) == 0 && !(strcmp(lower, "xã") == 0 && i > 0 &&
                                                   g_ascii_strcasecmp(words[i - 1], "THỊ") == 0)) {
                proper = 1;
            }
        }
        if (proper)
            name_starts = 0;
        g_free(lower);
    }
    g_strfreev(words);
    return g_string_free(out, FALSE);
}

/* Issuer lines of a header block: caps lines before the type line that
 * are neither the motto nor the number nor the place/date. */
static void header_issuer(px_analysis *a, size_t type_block, char *issuer)
{
    const px_doc *doc = a->doc;
    char *lines[7] = {0}; /* NULL-terminated for g_strjoinv */
    int n = 0;
    px_hit hit;
    for (size_t i = 0; i < type_block && n < 6; i++) {
        const px_block *b = &doc->blocks[i];
        if (b->kind == PX_BLOCK_NOTE || b->kind == PX_BLOCK_MARGIN)
            continue;
        gchar **parts = g_strsplit(b->text, "\n", -1);
        for (int k = 0; parts[k] && n < 6; k++) {
            char *t = parts[k];
            /* two columns printed on one line (text taken from a PDF): the
             * issuer's part is what comes before the motto or the number */
            if (first(a, "motto", t, &hit) == 1)
                t[hit.start] = '\0';
            if (first(a, "number", t, &hit) == 1)
                t[hit.start] = '\0';
            g_strstrip(t);
            if (!*t || first(a, "place_date", t, &hit) == 1 || !px_is_caps_line(t))
                continue;
            lines[n++] = g_strdup(t);
        }
        g_strfreev(parts);
    }
    if (n == 0)
        return;
    /* "UBND TỈNH LAI CHÂU" over "VĂN PHÒNG": the body with its superior's
     * place; otherwise the lines joined */
    char *joined;
    if (n >= 2 && (g_str_has_prefix(lines[0], "UBND ") || g_str_has_prefix(lines[0], "ỦY BAN") ||
                   g_str_has_prefix(lines[0], "UỶ BAN")) &&
        !g_str_has_prefix(lines[1], "TỈNH") && !g_str_has_prefix(lines[1], "HUYỆN") &&
        !g_str_has_prefix(lines[1], "XÃ") && !g_str_has_prefix(lines[1], "PHƯỜNG") &&
        !g_str_has_prefix(lines[1], "THÀNH PHỐ") && !g_str_has_prefix(lines[1], "THỊ XÃ") &&
        !g_str_has_prefix(lines[1], "QUẬN") && !g_str_has_prefix(lines[1], "THỊ TRẤN")) {
        char *sup = ordinary_case(lines[0]);
        /* a body's name may wrap (`BAN CHỈ ĐẠO CẢI THIỆN MÔI` / `TRƯỜNG
         * ĐẦU TƯ, KINH DOANH` / …): all the lines under the superior */
        gchar *body_lines = g_strjoinv(" ", lines + 1);
        char *body = ordinary_case(body_lines);
        g_free(body_lines);
        /* "Ủy ban nhân dân tỉnh X" as a superior reads "UBND tỉnh X"; its
         * Văn phòng is "Văn phòng UBND tỉnh X", its Sở "Sở … tỉnh X" */
        const char *s = sup;
        if (g_str_has_prefix(s, "Ủy ban nhân dân "))
            s += strlen("Ủy ban nhân dân ");
        else if (g_str_has_prefix(s, "UBND "))
            s += strlen("UBND ");
        if (g_str_has_prefix(body, "Văn phòng"))
            joined = g_strdup_printf("%s UBND %s", body, s);
        else
            joined = g_strdup_printf("%s %s", body, s);
        free(sup);
        free(body);
    } else {
        gchar *all = g_strjoinv(" ", lines);
        joined = ordinary_case(all);
        g_free(all);
    }
    snprintf(issuer, FIELD, "%s", joined);
    free(joined);
    for (int i = 0; i < n; i++)
        g_free(lines[i]);
}

static int ends_with_level(const char *name, const char **level)
{
    size_t n = strlen(name);
    for (int k = 0; level_words[k]; k++) {
        size_t l = strlen(level_words[k]);
        if (n > l && strcmp(name + n - l, level_words[k]) == 0 && name[n - l - 1] == ' ') {
            *level = level_words[k];
            return 1;
        }
    }
    return 0;
}

/* Finds "<level> <Proper Name>" in text; copies the name. */
static int place_for_level(px_analysis *a, const char *text, const char *level, char *proper)
{
    px_hits hits = {0};
    int found = 0;
    if (px_ruleset_scan(a->rules, "place_name", NULL, text, strlen(text), &hits, a->err) == 0) {
        for (size_t i = 0; i < hits.n && !found; i++) {
            char lv[64];
            px_hit_field(&hits.items[i], text, "level", lv, sizeof lv);
            if (strcmp(lv, level) == 0) {
                px_hit_field(&hits.items[i], text, "proper", proper, FIELD);
                found = 1;
            }
        }
    }
    px_hits_free(&hits);
    return found;
}

static void add_index(px_meta *m, const char *index)
{
    for (int i = 0; i < m->n_indices; i++)
        if (strcmp(m->indices[i], index) == 0)
            return;
    if (m->n_indices < 8)
        m->indices[m->n_indices++] = strdup(index);
}

static void iso_date(char *out, const char *d, const char *m, const char *y)
{
    snprintf(out, 11, "%04d-%02d-%02d", atoi(y), atoi(m), atoi(d));
}

/* A capitals line of the signature block: "KT. CHỦ TỊCH" is the authority
 * line (the title is the line below it, which replaces it); any other is
 * the title itself. */
static void signer_caps_line(px_analysis *a, const char *t, char *title, size_t size)
{
    px_hit hit;
    const char *dot = strchr(t, '.');
    if (first(a, "closing", t, &hit) == 1 && dot) {
        const char *rest = dot + 1 + (dot[1] == ' ');
        /* `TM. ỦY BAN NHÂN DÂN CHỦ TỊCH`: the post line joined on */
        if (first(a, "signer_post_tail", rest, &hit) == 1)
            px_hit_field(&hit, rest, "post", title, size);
        else
            snprintf(title, size, "%s", rest);
    } else {
        snprintf(title, size, "%s", t);
    }
}

/* The signature in blocks [from, to): the last name line under a capitals
 * title line (name and title: FIELD bytes each, "" when none).  With
 * after_closing, only after a closing line (`TM. ỦY BAN NHÂN DÂN`, `Nơi
 * nhận:`): before the first section, the header's capitals are no
 * signature. */
static void find_signer(px_analysis *a, size_t from, size_t to, int after_closing, char *name, char *title)
{
    const px_doc *doc = a->doc;
    px_hit hit;
    char prev_caps[FIELD] = "";
    int closed = !after_closing;
    for (size_t i = from; i < to && i < doc->n_blocks; i++) {
        const px_block *b = &doc->blocks[i];
        if (b->kind == PX_BLOCK_NOTE || b->kind == PX_BLOCK_MARGIN)
            continue;
        gchar **parts = g_strsplit(b->text, "\n", -1);
        for (int k = 0; parts[k]; k++) {
            char *t = g_strstrip(parts[k]);
            if (!*t || t[0] == '(')
                continue;
            if (!closed) {
                closed = first(a, "closing", t, &hit) == 1;
                if (!closed)
                    continue;
            }
            char beside[FIELD] = "";
            if (first(a, "signer_beside", t, &hit) == 1) {
                /* the signature column beside the distribution list */
                px_hit_field(&hit, t, "title", beside, sizeof beside);
                if (beside[0]) {
                    signer_caps_line(a, beside, prev_caps, sizeof prev_caps);
                } else if (prev_caps[0]) {
                    px_hit_field(&hit, t, "name", name, FIELD);
                    snprintf(title, FIELD, "%s", prev_caps);
                }
            } else if (first(a, "person_name", t, &hit) == 1 && prev_caps[0]) {
                px_hit_field(&hit, t, "name", name, FIELD);
                snprintf(title, FIELD, "%s", prev_caps);
            } else if (px_is_caps_line(t) && t[0] != '-') {
                signer_caps_line(a, t, prev_caps, sizeof prev_caps);
            }
        }
        g_strfreev(parts);
    }
}

int px_find_meta(px_analysis *a)
{
    const px_doc *doc = a->doc;
    const px_outline *o = a->outline;
    px_meta *m = &a->result->meta;
    px_hit hit;
    char number[FIELD] = "", type[32] = "", place[FIELD] = "", date[16] = "", issuer[FIELD] = "";
    size_t first_section = o->n ? o->sections[0].block : o->body_end;
    size_t type_block = (size_t)-1;
    char type_from_line[32] = "";

    /* header: everything before the first section */
    for (size_t i = 0; i < first_section && i < doc->n_blocks; i++) {
        const px_block *b = &doc->blocks[i];
        if (b->kind == PX_BLOCK_NOTE || b->kind == PX_BLOCK_MARGIN)
            continue;
        gchar **parts = g_strsplit(b->text, "\n", -1);
        for (int k = 0; parts[k]; k++) {
            const char *t = parts[k];
            if (!number[0] && first(a, "number", t, &hit) == 1) {
                char raw[FIELD];
                px_hit_field(&hit, t, "number", raw, sizeof raw);
                clean_number(raw, number, type);
                /* `Số: 105/KH-UBND   Văn Quan, ngày …` on one line */
                size_t ns, ne;
                if (px_hit_span(&hit, "number", &ns, &ne))
                    t += ne;
                while (*t == ' ')
                    t++;
            }
            /* a narrow header column wraps the line: `Ea Rông, ngày 24
             * tháng 02` / `năm 2026` (PDF) is read with the line after */
            char *wrapped = NULL;
            if (!date[0] && strstr(t, ", ngày ") && !parts[k + 1] && i + 1 < first_section && i + 1 < doc->n_blocks &&
                first(a, "place_date", t, &hit) != 1)
                wrapped = g_strconcat(t, " ", doc->blocks[i + 1].text, NULL);
            const char *pd = wrapped ? wrapped : t;
            if (!date[0] && first(a, "place_date", pd, &hit) == 1) {
                char d[8], mo[8], y[8];
                px_hit_field(&hit, pd, "place", place, sizeof place);
                px_hit_field(&hit, pd, "day", d, sizeof d);
                px_hit_field(&hit, pd, "month", mo, sizeof mo);
                px_hit_field(&hit, pd, "year", y, sizeof y);
                iso_date(date, d, mo, y);
            }
            g_free(wrapped);
            if (type_block == (size_t)-1 && first(a, "doctype", t, &hit) == 1) {
                type_block = i;
                px_hit_field(&hit, t, "code", type_from_line, sizeof type_from_line);
            }
        }
        g_strfreev(parts);
    }
    if (a->err->msg[0])
        return -1;

    /* title: the blocks after the type line, up to the opening paragraph */
    GString *title = g_string_new(NULL);
    if (type_block != (size_t)-1) {
        for (size_t i = type_block + 1; i < first_section; i++) {
            const px_block *b = &doc->blocks[i];
            if (b->kind == PX_BLOCK_NOTE || b->kind == PX_BLOCK_MARGIN || b->kind == PX_BLOCK_CELL)
                continue;
            const char *t = b->text;
            if (first(a, "opening", t, &hit) == 1 || first(a, "motto", t, &hit) == 1 ||
                first(a, "place_date", t, &hit) == 1 || first(a, "number", t, &hit) == 1 ||
                first(a, "issuer_sentence", t, &hit) == 1)
                break;
            /* the opening sentence announces what follows (`… như sau:`);
             * a title never ends with a colon */
            if (title->len && t[strlen(t) - 1] == ':')
                break;
            size_t chars = px_utf8_chars(t, strlen(t));
            if (title->len && (chars > 220 || (b->bold == 0 && doc->blocks[type_block].bold == 1)))
                break;
            if (!title->len && chars > 400)
                break;
            if (title->len)
                g_string_append_c(title, ' ');
            g_string_append(title, t);
            /* a title line ending in a full stop is the last one */
            if (t[strlen(t) - 1] == '.')
                break;
        }
    }
    if (title->len)
        m->title = strdup(title->str);
    g_string_free(title, TRUE);

    /* plan year: from the title, else the year of issue */
    if (m->title && first(a, "plan_year", m->title, &hit) == 1) {
        char y[8];
        px_hit_field(&hit, m->title, "year", y, sizeof y);
        m->plan_year = atoi(y);
    }
    if (!m->plan_year && date[0])
        m->plan_year = atoi(date);

    /* indices named by the title, in its order; else by the opening */
    const char *index_text = m->title;
    for (int pass = 0; pass < 2 && m->n_indices == 0; pass++) {
        if (pass == 1) {
            index_text = first_section < doc->n_blocks ? NULL : NULL;
            for (size_t i = 0; i < first_section && i < doc->n_blocks && m->n_indices == 0; i++) {
                px_hits hits = {0};
                const char *t = doc->blocks[i].text;
                if (px_ruleset_scan(a->rules, "index", NULL, t, strlen(t), &hits, a->err) == 0)
                    for (size_t k = 0; k < hits.n; k++) {
                        char idx[32];
                        px_hit_field(&hits.items[k], t, "index", idx, sizeof idx);
                        add_index(m, idx);
                    }
                px_hits_free(&hits);
            }
            break;
        }
        if (!index_text)
            continue;
        px_hits hits = {0};
        if (px_ruleset_scan(a->rules, "index", NULL, index_text, strlen(index_text), &hits, a->err) == 0)
            for (size_t k = 0; k < hits.n; k++) {
                char idx[32];
                px_hit_field(&hits.items[k], index_text, "index", idx, sizeof idx);
                add_index(m, idx);
            }
        px_hits_free(&hits);
    }

    /* issuer: the header block, else the opening sentence */
    if (type_block != (size_t)-1)
        header_issuer(a, type_block, issuer);
    const char *level_text = issuer[0] ? issuer : NULL;
    char sentence_name[FIELD] = "";
    if (!issuer[0]) {
        for (size_t i = 0; i < first_section && i < doc->n_blocks && !sentence_name[0]; i++) {
            const char *t = doc->blocks[i].text;
            if (first(a, "issuer_sentence", t, &hit) == 1) {
                char proper[FIELD];
                px_hit_field(&hit, t, "name", sentence_name, sizeof sentence_name);
                px_hit_field(&hit, t, "proper", proper, sizeof proper);
                const char *level;
                if (!proper[0] && ends_with_level(sentence_name, &level)) {
                    /* complete from the title, then the place line */
                    char name[FIELD];
                    if ((m->title && place_for_level(a, m->title, level, name)) ||
                        (place[0] && strcmp(level, "tỉnh") == 0 && snprintf(name, sizeof name, "%s", place) > 0)) {
                        if (snprintf(issuer, sizeof issuer, "%s %s", sentence_name, name) >= (int)sizeof issuer)
                            snprintf(issuer, sizeof issuer, "%s", sentence_name); /* too long: not a name */
                    }
                } else {
                    snprintf(issuer, sizeof issuer, "%s", sentence_name);
                }
            }
        }
        level_text = issuer[0] ? issuer : (sentence_name[0] ? sentence_name : NULL);
    }
    if (issuer[0])
        m->issuer = strdup(issuer);
    if (level_text && first(a, "level", level_text, &hit) == 1) {
        char level[32];
        px_hit_field(&hit, level_text, "level", level, sizeof level);
        m->level = strdup(level);
    }

    if (number[0])
        m->doc_number = strdup(number);
    if (type[0])
        m->doc_type = strdup(type);
    else if (type_from_line[0])
        m->doc_type = strdup(type_from_line);
    if (place[0])
        m->place = strdup(place);
    if (date[0])
        m->issued_date = strdup(date);

    /* signer: the last name line of the closing, and the title line above
     * it (without the KT./TM./Q. line).  A decision that issues the plan
     * (`Điều 1. Ban hành kèm theo Quyết định này Kế hoạch …`) is signed
     * before the plan begins, and the plan itself is not: there, the
     * signature before the first section. */
    size_t end = o->appendix < doc->n_blocks ? o->appendix : doc->n_blocks;
    char signer_title[FIELD] = "", signer_name[FIELD] = "";
    find_signer(a, o->body_end, end, 0, signer_name, signer_title);
    if (!signer_name[0])
        find_signer(a, 0, first_section < end ? first_section : end, 1, signer_name, signer_title);
    if (signer_name[0]) {
        m->signer_name = strdup(signer_name);
        m->signer_title = strdup(signer_title);
    }
    return a->err->msg[0] ? -1 : 0;
}
