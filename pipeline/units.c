/* units.c: see units.h. */
#include "units.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void px_strlist_free(px_strlist *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

static int push(px_strlist *l, char *s)
{
    if (!s)
        return -1;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i], s) == 0) {
            free(s);
            return 0;
        }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        char **g = realloc(l->items, cap * sizeof *g);
        if (!g) {
            free(s);
            return -1;
        }
        l->items = g;
        l->cap = cap;
    }
    l->items[l->n++] = s;
    return 0;
}

int px_unit_starts(const px_ruleset *rules, const char *text, px_error *err)
{
    px_hit hit;
    return px_ruleset_first(rules, "unit_start", NULL, text, strlen(text), &hit, err) == 1;
}

/* Copies s[a..b) trimmed of spaces and closing punctuation. */
static char *trim_dup(const char *s, size_t a, size_t b)
{
    while (a < b && strchr(" \t\n-+•", s[a]) && !(s[a] == '-' && a + 1 < b && s[a + 1] != ' '))
        a++;
    while (b > a && strchr(" \t\n.;,:", s[b - 1]))
        b--;
    /* an unmatched closing bracket left by the split */
    char *c = malloc(b - a + 1);
    if (!c)
        return NULL;
    memcpy(c, s + a, b - a);
    c[b - a] = '\0';
    return c;
}

/* Where the unit's name starts in u: past lead-ins and posts (`Đề nghị`,
 * `Giám đốc`), as many as are stacked (`Đề nghị Chủ tịch UBND …`). */
static size_t name_start(const px_ruleset *rules, const char *u, px_error *err)
{
    px_hit hit;
    size_t at = 0;
    for (int pass = 0; pass < 3; pass++) {
        size_t was = at;
        if (px_ruleset_first(rules, "unit_lead_in", NULL, u + at, strlen(u + at), &hit, err) == 1 &&
            hit.start == 0)
            at += hit.end;
        if (px_ruleset_first(rules, "unit_post", NULL, u + at, strlen(u + at), &hit, err) == 1 &&
            hit.start == 0 && px_unit_starts(rules, u + at + hit.end, err))
            at += hit.end;
        if (at == was)
            break;
    }
    return at;
}

/* Removes lead-ins, posts and manner phrases from one unit, in place. */
static void clean_unit(const px_ruleset *rules, char *u, px_error *err)
{
    px_hit hit;
    size_t at = name_start(rules, u, err);
    memmove(u, u + at, strlen(u + at) + 1);
    if (px_ruleset_first(rules, "unit_trailer", NULL, u, strlen(u), &hit, err) == 1)
        u[hit.start] = '\0';
    size_t n = strlen(u);
    while (n && strchr(" .;,:", u[n - 1]))
        u[--n] = '\0';
}

int px_unit_names_activity(const px_ruleset *rules, const char *text, px_error *err)
{
    px_hit hit;
    const char *unit = text + name_start(rules, text, err);
    if (px_ruleset_first(rules, "unit_start", NULL, unit, strlen(unit), &hit, err) != 1 || hit.start != 0)
        return 0;
    const char *w = unit + hit.end;
    while (*w == ' ')
        w++;
    if (!*w || !g_utf8_validate(w, -1, NULL) || !g_unichar_isupper(g_utf8_get_char(w)))
        return 0;
    /* the capitalised word in lower case, as the verb list writes it */
    char low[8];
    int n = g_unichar_to_utf8(g_unichar_tolower(g_utf8_get_char(w)), low);
    GString *s = g_string_new_len(low, n);
    g_string_append(s, g_utf8_next_char(w));
    int verb = px_ruleset_first(rules, "clause_end", NULL, s->str, s->len, &hit, err) == 1 && hit.start == 0;
    g_string_free(s, TRUE);
    return verb;
}

/* Marks bytes inside names that must stay whole. */
static void keep_mask(const px_ruleset *rules, const char *text, char *mask, px_error *err)
{
    size_t n = strlen(text);
    memset(mask, 0, n + 1);
    px_hits hits = {0};
    if (px_ruleset_scan(rules, "unit_keep", NULL, text, n, &hits, err) == 0)
        for (size_t i = 0; i < hits.n; i++)
            memset(mask + hits.items[i].start, 1, hits.items[i].end - hits.items[i].start);
    px_hits_free(&hits);
}

/* A post in front of a unit after a comma starts a new unit: `các phòng
 * chức năng, Thủ trưởng các đơn vị trực thuộc Sở` (fixture c3 IV/2). */
static int post_then_unit(const px_ruleset *rules, const char *text, px_error *err)
{
    px_hit hit;
    return px_ruleset_first(rules, "unit_post", NULL, text, strlen(text), &hit, err) == 1 && hit.start == 0 &&
           px_unit_starts(rules, text + hit.end, err);
}

static void split_plain(const px_ruleset *rules, const char *text, const char *head, px_strlist *out,
                        px_error *err)
{
    size_t n = strlen(text);
    char *mask = malloc(n + 1);
    if (!mask)
        return;
    keep_mask(rules, text, mask, err);
    size_t start = 0;
    int depth = 0;
    for (size_t i = 0; i <= n; i++) {
        int cut = 0;
        size_t next = i;
        if (i == n) {
            cut = 1;
        } else if (text[i] == '(') {
            depth++;
        } else if (text[i] == ')' && depth) {
            depth--;
        } else if (!depth && !mask[i]) {
            if (text[i] == ';') {
                cut = 1;
                next = i + 1;
            } else if (text[i] == ',') {
                const char *after = text + i + 1;
                while (*after == ' ')
                    after++;
                /* under a shared head every comma separates names */
                if (head || px_unit_starts(rules, after, err) || post_then_unit(rules, after, err)) {
                    cut = 1;
                    next = (size_t)(after - text);
                }
            } else if (strncmp(text + i, " và ", 5) == 0 && i > start) {
                const char *after = text + i + 5;
                if (px_unit_starts(rules, after, err)) {
                    cut = 1;
                    next = i + 5;
                }
            }
        }
        if (!cut)
            continue;
        char *u = trim_dup(text, start, i);
        if (u) {
            clean_unit(rules, u, err);
            if (u[0] && head && !px_unit_starts(rules, u, err)) {
                char *h = g_strdup_printf("%s %s", head, u);
                free(u);
                u = strdup(h);
                g_free(h);
            }
            if (u && u[0])
                push(out, u);
            else
                free(u);
        }
        start = next;
        if (next > i + 1)
            i = next - 1; /* past " và " */
    }
    free(mask);
}

int px_units_split(const px_ruleset *rules, const char *text, px_strlist *out, px_error *err)
{
    char *copy = strdup(text);
    if (!copy)
        return px_error_set(err, "out of memory");
    clean_unit(rules, copy, err);
    px_hit hit;
    char head[32] = "";
    const char *list = copy;
    if (px_ruleset_first(rules, "unit_head", NULL, copy, strlen(copy), &hit, err) == 1 && hit.start == 0) {
        px_hit_field(&hit, copy, "head", head, sizeof head);
        /* `Các phòng: Tư pháp, Nội vụ` gives `Phòng Tư pháp`: a unit's
         * head is capitalised (the heads are ASCII-initial words) */
        if (head[0] >= 'a' && head[0] <= 'z')
            head[0] = (char)(head[0] - 'a' + 'A');
        list = copy + hit.end;
    }
    split_plain(rules, list, head[0] ? head : NULL, out, err);
    free(copy);
    return err && err->msg[0] ? -1 : 0;
}

static void replace_all(GString *s, const char *from, const char *to)
{
    gchar *found;
    size_t pos = 0;
    while ((found = strstr(s->str + pos, from))) {
        size_t at = (size_t)(found - s->str);
        g_string_erase(s, (gssize)at, (gssize)strlen(from));
        g_string_insert(s, (gssize)at, to);
        pos = at + strlen(to);
    }
}

char *px_unit_key(const char *unit)
{
    gchar *nfc = g_utf8_normalize(unit, -1, G_NORMALIZE_NFC);
    if (!nfc)
        return strdup(unit);
    gchar *lower = g_utf8_strdown(nfc, -1);
    g_free(nfc);
    char *folded = strdup(lower);
    g_free(lower);
    if (!folded)
        return NULL;
    px_fold_tones(folded);
    GString *s = g_string_new(folded);
    free(folded);
    replace_all(s, "\xE2\x80\x93", "-"); /* – */
    replace_all(s, "\xE2\x80\x94", "-"); /* — */
    replace_all(s, " - ", "-");
    replace_all(s, " -", "-");
    replace_all(s, "- ", "-");
    replace_all(s, "  ", " ");
    char *out = strdup(g_strstrip(s->str));
    g_string_free(s, TRUE);
    return out;
}

char *px_unit_canonical(const px_ruleset *rules, const char *unit)
{
    GString *s = g_string_new(unit);
    px_hits hits = {0};
    px_error err = {{0}};
    if (px_ruleset_scan(rules, "abbrev", NULL, s->str, s->len, &hits, &err) == 0) {
        /* replace from the end so earlier offsets stay valid */
        for (size_t i = hits.n; i > 0; i--) {
            const px_hit *h = &hits.items[i - 1];
            const char *full = px_rule_const(h->rule, "full");
            if (!full)
                continue;
            g_string_erase(s, (gssize)h->start, (gssize)(h->end - h->start));
            g_string_insert(s, (gssize)h->start, full);
        }
    }
    px_hits_free(&hits);
    char *key = px_unit_key(s->str);
    g_string_free(s, TRUE);
    return key;
}
