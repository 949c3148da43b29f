/* docx_numbering.c: styles.xml and numbering.xml, and Word's list labels.
 *
 * Word keeps one running counter per level of each abstractNum, not per
 * numId: two w:num that share an abstractNum continue one sequence, and a
 * w:num with a startOverride resets the shared counter the first time it is
 * used at that level (ECMA-376 17.9; what Word shows).  A level restarts
 * when a higher level is used, or only after the level named by lvlRestart
 * (0: never).  Labels are lvlText with each %n replaced by level n's counter
 * in level n's format, or in decimal when the current level isLgl.
 *
 * Style inheritance follows basedOn (bounded, cycles cut); every style's
 * resolved properties are computed once, then paragraphs look them up. */
#include "docx_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

enum { MAX_LVL = 9, MAX_CHAIN = 32 };

enum { ST_PARA = 1, ST_CHAR, ST_NUMBERING, ST_TABLE };

typedef struct style {
    const char *id, *name, *based_on;
    int type;
    int is_default;
    px_docx_rpr rpr, res_rpr;
    px_docx_ppr ppr, res_ppr;
    int heading, res_heading;
    int state;              /* 0 unresolved, 1 resolving, 2 resolved */
} style;

enum {
    F_DECIMAL = 0, F_DECIMAL_ZERO, F_UPPER_ROMAN, F_LOWER_ROMAN, F_UPPER_LETTER,
    F_LOWER_LETTER, F_BULLET, F_NONE, F_CIRCLE, F_FULLWIDTH, F_PADDED
};

typedef struct level {
    int defined;
    long start;
    int fmt;
    int pad;                /* F_PADDED: digits */
    const char *text;       /* lvlText, NULL when absent */
    int restart;            /* lvlRestart: -1 absent, 0 never, n after level n */
    int is_lgl;
    char suffix;
    const char *pstyle;
    int has_ind;
    double ind;
} level;

typedef struct abstract_num {
    long id;
    level lvl[MAX_LVL];
    const char *num_style_link;
    long count[MAX_LVL];
    unsigned char started[MAX_LVL];
} abstract_num;

typedef struct override {
    int has_start;
    long start;
    int has_lvl;
    level lvl;
} override;

typedef struct num {
    long id;
    long abstract_id;
    abstract_num *abs;      /* resolved, through numStyleLink */
    int resolved;
    override ovr[MAX_LVL];
    unsigned char seen[MAX_LVL];
} num;

struct px_docx_fmt {
    xmlDoc *styles_doc, *numbering_doc;
    style *styles;
    size_t n_styles;
    size_t *hash;           /* open addressing over styles, index+1, 0 empty */
    size_t hash_cap;
    px_docx_rpr def_rpr;
    px_docx_ppr def_ppr;
    style *default_para;
    abstract_num *abs;
    size_t n_abs;
    num *nums;
    size_t n_nums;
};

/* ---- properties ------------------------------------------------------------ */

void px_docx_rpr_init(px_docx_rpr *r)
{
    r->bold = r->caps = r->vanish = -1;
    r->sz = 0;
}

void px_docx_ppr_init(px_docx_ppr *p)
{
    p->num_id = -1;
    p->ilvl = -1;
    p->outline = -1;
    p->page_break_before = -1;
    p->has_ind = 0;
    p->ind_left = 0;
}

void px_docx_read_rpr(const xmlNode *rpr, px_docx_rpr *r)
{
    for (const xmlNode *c = rpr ? rpr->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || px_docx_ns(c) != PX_DOCX_NS_W)
            continue;
        const char *n = (const char *)c->name;
        if (strcmp(n, "b") == 0)
            r->bold = (signed char)px_docx_onoff(c);
        else if (strcmp(n, "caps") == 0)
            r->caps = (signed char)px_docx_onoff(c);
        else if (strcmp(n, "vanish") == 0)
            r->vanish = (signed char)px_docx_onoff(c);
        else if (strcmp(n, "sz") == 0) {
            double v;
            /* half-points; strict documents may say "12pt" (= 24) */
            const char *s = px_docx_attr(c, "val");
            if (s && px_docx_twips(s, &v)) {
                if (strchr(s, 'p') || strchr(s, 'i') || strchr(s, 'c') || strchr(s, 'm'))
                    v = v / 10;     /* twips -> half-points */
                if (v >= 1 && v <= 3276)
                    r->sz = (int)(v + 0.5);
            }
        }
    }
}

static void read_ind(const xmlNode *ind, int *has, double *left)
{
    const char *s = px_docx_attr(ind, "left");
    if (!s)
        s = px_docx_attr(ind, "start");
    double v;
    if (px_docx_twips(s, &v)) {
        *has = 1;
        *left = v;
    }
}

void px_docx_read_ppr(const xmlNode *ppr, px_docx_ppr *p)
{
    for (const xmlNode *c = ppr ? ppr->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || px_docx_ns(c) != PX_DOCX_NS_W)
            continue;
        const char *n = (const char *)c->name;
        if (strcmp(n, "numPr") == 0) {
            long v;
            xmlNode *id = px_docx_child(c, "numId"), *lv = px_docx_child(c, "ilvl");
            if (id && px_docx_int(px_docx_attr(id, "val"), &v))
                p->num_id = v < 0 ? 0 : v;
            if (lv && px_docx_int(px_docx_attr(lv, "val"), &v))
                p->ilvl = v < 0 ? 0 : v >= MAX_LVL ? MAX_LVL - 1 : (int)v;
        } else if (strcmp(n, "ind") == 0) {
            int has = 0;
            double v = 0;
            read_ind(c, &has, &v);
            if (has) {
                p->has_ind = 1;
                p->ind_left = v;
            }
        } else if (strcmp(n, "outlineLvl") == 0) {
            long v;
            if (px_docx_int(px_docx_attr(c, "val"), &v))
                p->outline = v < 0 ? 9 : v > 9 ? 9 : (int)v;
        } else if (strcmp(n, "pageBreakBefore") == 0) {
            p->page_break_before = (signed char)px_docx_onoff(c);
        }
    }
}

void px_docx_rpr_merge(px_docx_rpr *b, const px_docx_rpr *t)
{
    if (t->bold >= 0)
        b->bold = t->bold;
    if (t->caps >= 0)
        b->caps = t->caps;
    if (t->vanish >= 0)
        b->vanish = t->vanish;
    if (t->sz > 0)
        b->sz = t->sz;
}

static void ppr_merge(px_docx_ppr *b, const px_docx_ppr *t)
{
    if (t->num_id >= 0)
        b->num_id = t->num_id;
    if (t->ilvl >= 0)
        b->ilvl = t->ilvl;
    if (t->outline >= 0)
        b->outline = t->outline;
    if (t->page_break_before >= 0)
        b->page_break_before = t->page_break_before;
    if (t->has_ind) {
        b->has_ind = 1;
        b->ind_left = t->ind_left;
    }
}

/* ---- styles ------------------------------------------------------------------ */

static size_t hash_str(const char *s)
{
    size_t h = 1469598103934665603ULL & SIZE_MAX;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static style *find_style(px_docx_fmt *f, const char *id)
{
    if (!id || !f->hash_cap)
        return NULL;
    size_t mask = f->hash_cap - 1;
    for (size_t i = hash_str(id) & mask;; i = (i + 1) & mask) {
        size_t v = f->hash[i];
        if (!v)
            return NULL;
        if (strcmp(f->styles[v - 1].id, id) == 0)
            return &f->styles[v - 1];
    }
}

/* Built-in names are English in w:name whatever the UI language ("heading
 * 1" under a styleId "u1" in a Vietnamese Word); other writers use the
 * styleId, so both are tried. */
static int heading_name(const char *s)
{
    if (!s)
        return 0;
    if (strcasecmp(s, "title") == 0)
        return 1;
    if (strncasecmp(s, "heading", 7) == 0) {
        const char *d = s + 7;
        if (*d == ' ')
            d++;
        return d[0] >= '1' && d[0] <= '9' && d[1] == '\0';
    }
    return 0;
}

static void resolve_style(px_docx_fmt *f, style *s, int depth)
{
    if (s->state == 2)
        return;
    style *parent = NULL;
    if (s->state == 0 && depth < MAX_CHAIN && s->based_on) {
        s->state = 1;       /* a basedOn cycle stops here */
        parent = find_style(f, s->based_on);
        if (parent && parent->state == 1)
            parent = NULL;
        else if (parent)
            resolve_style(f, parent, depth + 1);
    }
    if (parent) {
        s->res_rpr = parent->res_rpr;
        s->res_ppr = parent->res_ppr;
        s->res_heading = parent->res_heading;
    } else {
        px_docx_rpr_init(&s->res_rpr);
        px_docx_ppr_init(&s->res_ppr);
        s->res_heading = 0;
    }
    px_docx_rpr_merge(&s->res_rpr, &s->rpr);
    ppr_merge(&s->res_ppr, &s->ppr);
    if (s->heading)
        s->res_heading = 1;
    s->state = 2;
}

static int load_styles(px_docx_fmt *f, xmlNode *root)
{
    size_t cap = 0;
    for (xmlNode *c = root->children; c; c = c->next)
        if (PX_W(c, "style"))
            cap++;
    if (cap) {
        f->styles = calloc(cap, sizeof *f->styles);
        if (!f->styles)
            return -1;
    }
    for (xmlNode *c = root->children; c; c = c->next) {
        if (PX_W(c, "docDefaults")) {
            xmlNode *rd = px_docx_child(c, "rPrDefault"), *pd = px_docx_child(c, "pPrDefault");
            if (rd)
                px_docx_read_rpr(px_docx_child(rd, "rPr"), &f->def_rpr);
            if (pd)
                px_docx_read_ppr(px_docx_child(pd, "pPr"), &f->def_ppr);
            continue;
        }
        if (!PX_W(c, "style"))
            continue;
        const char *id = px_docx_attr(c, "styleId");
        if (!id)
            continue;
        style *s = &f->styles[f->n_styles++];
        s->id = id;
        const char *type = px_docx_attr(c, "type");
        s->type = !type || strcmp(type, "paragraph") == 0 ? ST_PARA
                  : strcmp(type, "character") == 0       ? ST_CHAR
                  : strcmp(type, "numbering") == 0       ? ST_NUMBERING
                                                         : ST_TABLE;
        const char *def = px_docx_attr(c, "default");
        s->is_default = def && (strcmp(def, "1") == 0 || strcasecmp(def, "true") == 0 ||
                                strcasecmp(def, "on") == 0);
        xmlNode *nm = px_docx_child(c, "name"), *bo = px_docx_child(c, "basedOn");
        s->name = nm ? px_docx_attr(nm, "val") : NULL;
        s->based_on = bo ? px_docx_attr(bo, "val") : NULL;
        px_docx_rpr_init(&s->rpr);
        px_docx_ppr_init(&s->ppr);
        px_docx_read_rpr(px_docx_child(c, "rPr"), &s->rpr);
        px_docx_read_ppr(px_docx_child(c, "pPr"), &s->ppr);
        s->heading = s->type == ST_PARA && (heading_name(s->name) || (!s->name && heading_name(s->id)));
        if (s->type == ST_PARA && s->is_default && !f->default_para)
            f->default_para = s;
    }
    /* Power-of-two table at most half full.  Duplicate ids: the first wins,
     * as in Word. */
    f->hash_cap = 16;
    while (f->hash_cap < f->n_styles * 2 + 2)
        f->hash_cap *= 2;
    f->hash = calloc(f->hash_cap, sizeof *f->hash);
    if (!f->hash)
        return -1;
    size_t mask = f->hash_cap - 1;
    for (size_t k = 0; k < f->n_styles; k++) {
        size_t i = hash_str(f->styles[k].id) & mask;
        int dup = 0;
        while (f->hash[i]) {
            if (strcmp(f->styles[f->hash[i] - 1].id, f->styles[k].id) == 0) {
                dup = 1;
                break;
            }
            i = (i + 1) & mask;
        }
        if (!dup)
            f->hash[i] = k + 1;
    }
    for (size_t k = 0; k < f->n_styles; k++)
        resolve_style(f, &f->styles[k], 0);
    return 0;
}

void px_docx_pstyle_get(px_docx_fmt *f, const char *id, px_docx_pstyle *out)
{
    style *s = find_style(f, id);
    if (s && s->type != ST_PARA)
        s = NULL;
    if (!s)
        s = f->default_para;
    out->id = s ? s->id : NULL;
    out->rpr = f->def_rpr;
    out->ppr = f->def_ppr;
    out->heading = 0;
    if (s) {
        px_docx_rpr_merge(&out->rpr, &s->res_rpr);
        ppr_merge(&out->ppr, &s->res_ppr);
        out->heading = s->res_heading;
    }
    if (out->ppr.outline >= 0 && out->ppr.outline <= 8)
        out->heading = 1;
}

void px_docx_cstyle_apply(px_docx_fmt *f, const char *id, px_docx_rpr *r)
{
    style *s = find_style(f, id);
    if (s && s->type == ST_CHAR)
        px_docx_rpr_merge(r, &s->res_rpr);
}

/* ---- numbering ---------------------------------------------------------------- */

static void read_level_props(const xmlNode *parent, level *l, int depth);

static int fmt_of(const char *v, const char *format, int *pad)
{
    if (!v)
        return F_DECIMAL;
    if (strcmp(v, "decimal") == 0)
        return F_DECIMAL;
    if (strcmp(v, "decimalZero") == 0)
        return F_DECIMAL_ZERO;
    if (strcmp(v, "upperRoman") == 0)
        return F_UPPER_ROMAN;
    if (strcmp(v, "lowerRoman") == 0)
        return F_LOWER_ROMAN;
    if (strcmp(v, "upperLetter") == 0)
        return F_UPPER_LETTER;
    if (strcmp(v, "lowerLetter") == 0)
        return F_LOWER_LETTER;
    if (strcmp(v, "bullet") == 0)
        return F_BULLET;
    if (strcmp(v, "none") == 0)
        return F_NONE;
    if (strcmp(v, "decimalEnclosedCircle") == 0)
        return F_CIRCLE;
    if (strcmp(v, "decimalFullWidth") == 0 || strcmp(v, "decimalFullWidth2") == 0)
        return F_FULLWIDTH;
    if (strcmp(v, "custom") == 0 && format) {
        /* Word 2016+ "001, 002, 003, ...": zero-padded to that width */
        int digits = 0;
        while (format[digits] >= '0' && format[digits] <= '9')
            digits++;
        if (digits >= 2 && digits <= 9 && format[0] == '0') {
            *pad = digits;
            return F_PADDED;
        }
    }
    return F_DECIMAL;       /* ordinal, cardinalText, ...: the number itself */
}

static void read_level_props(const xmlNode *parent, level *l, int depth)
{
    if (depth > 4)
        return;
    for (const xmlNode *c = parent->children; c; c = c->next) {
        if (px_docx_is(c, PX_DOCX_NS_MC, "AlternateContent")) {
            xmlNode *b = px_docx_mc_branch(c);
            if (b)
                read_level_props(b, l, depth + 1);
            continue;
        }
        if (c->type != XML_ELEMENT_NODE || px_docx_ns(c) != PX_DOCX_NS_W)
            continue;
        const char *n = (const char *)c->name;
        long v;
        if (strcmp(n, "start") == 0) {
            if (px_docx_int(px_docx_attr(c, "val"), &v))
                l->start = v;
        } else if (strcmp(n, "numFmt") == 0) {
            l->fmt = fmt_of(px_docx_attr(c, "val"), px_docx_attr(c, "format"), &l->pad);
        } else if (strcmp(n, "lvlText") == 0) {
            const char *t = px_docx_attr(c, "val");
            l->text = t ? t : "";
        } else if (strcmp(n, "lvlRestart") == 0) {
            if (px_docx_int(px_docx_attr(c, "val"), &v))
                l->restart = v < 0 ? 0 : v > MAX_LVL ? MAX_LVL : (int)v;
        } else if (strcmp(n, "isLgl") == 0) {
            l->is_lgl = px_docx_onoff(c);
        } else if (strcmp(n, "suff") == 0) {
            const char *s = px_docx_attr(c, "val");
            l->suffix = !s || strcmp(s, "tab") == 0 ? '\t' : strcmp(s, "space") == 0 ? ' ' : 0;
        } else if (strcmp(n, "pStyle") == 0) {
            l->pstyle = px_docx_attr(c, "val");
        } else if (strcmp(n, "lvlPicBulletId") == 0) {
            l->fmt = F_BULLET;
            l->text = "\xE2\x80\xA2";
        } else if (strcmp(n, "pPr") == 0) {
            xmlNode *ind = px_docx_child(c, "ind");
            if (ind)
                read_ind(ind, &l->has_ind, &l->ind);
        }
    }
}

static void read_level(const xmlNode *lvl, level *l)
{
    memset(l, 0, sizeof *l);
    l->defined = 1;
    l->start = 0;           /* Word's default when w:start is absent */
    l->fmt = F_DECIMAL;
    l->restart = -1;
    l->suffix = '\t';
    read_level_props(lvl, l, 0);
}

static int level_index(const xmlNode *n)
{
    long v = 0;
    if (!px_docx_int(px_docx_attr(n, "ilvl"), &v) || v < 0 || v >= MAX_LVL)
        return -1;
    return (int)v;
}

static int cmp_abs(const void *a, const void *b)
{
    long x = ((const abstract_num *)a)->id, y = ((const abstract_num *)b)->id;
    return (x > y) - (x < y);
}

static int cmp_num(const void *a, const void *b)
{
    long x = ((const num *)a)->id, y = ((const num *)b)->id;
    return (x > y) - (x < y);
}

static int load_numbering(px_docx_fmt *f, xmlNode *root)
{
    size_t na = 0, nn = 0;
    for (xmlNode *c = root->children; c; c = c->next) {
        if (PX_W(c, "abstractNum"))
            na++;
        else if (PX_W(c, "num"))
            nn++;
    }
    f->abs = na ? calloc(na, sizeof *f->abs) : NULL;
    f->nums = nn ? calloc(nn, sizeof *f->nums) : NULL;
    if ((na && !f->abs) || (nn && !f->nums))
        return -1;
    for (xmlNode *c = root->children; c; c = c->next) {
        long id;
        if (PX_W(c, "abstractNum") && px_docx_int(px_docx_attr(c, "abstractNumId"), &id)) {
            abstract_num *a = &f->abs[f->n_abs++];
            a->id = id;
            for (xmlNode *l = c->children; l; l = l->next) {
                if (PX_W(l, "lvl")) {
                    int i = level_index(l);
                    if (i >= 0 && !a->lvl[i].defined)
                        read_level(l, &a->lvl[i]);
                } else if (PX_W(l, "numStyleLink")) {
                    a->num_style_link = px_docx_attr(l, "val");
                }
            }
        } else if (PX_W(c, "num") && px_docx_int(px_docx_attr(c, "numId"), &id)) {
            num *n = &f->nums[f->n_nums++];
            n->id = id;
            n->abstract_id = -1;
            xmlNode *an = px_docx_child(c, "abstractNumId");
            long v;
            if (an && px_docx_int(px_docx_attr(an, "val"), &v))
                n->abstract_id = v;
            for (xmlNode *o = c->children; o; o = o->next) {
                if (!PX_W(o, "lvlOverride"))
                    continue;
                int i = level_index(o);
                if (i < 0)
                    continue;
                xmlNode *so = px_docx_child(o, "startOverride"), *lv = px_docx_child(o, "lvl");
                if (so && px_docx_int(px_docx_attr(so, "val"), &v)) {
                    n->ovr[i].has_start = 1;
                    n->ovr[i].start = v;
                }
                if (lv) {
                    n->ovr[i].has_lvl = 1;
                    read_level(lv, &n->ovr[i].lvl);
                }
            }
        }
    }
    if (f->n_abs)
        qsort(f->abs, f->n_abs, sizeof *f->abs, cmp_abs);
    if (f->n_nums)
        qsort(f->nums, f->n_nums, sizeof *f->nums, cmp_num);
    return 0;
}

static abstract_num *find_abs(px_docx_fmt *f, long id)
{
    abstract_num key = {.id = id};
    return f->n_abs ? bsearch(&key, f->abs, f->n_abs, sizeof key, cmp_abs) : NULL;
}

static num *find_num(px_docx_fmt *f, long id)
{
    num key = {.id = id};
    return f->n_nums ? bsearch(&key, f->nums, f->n_nums, sizeof key, cmp_num) : NULL;
}

/* numStyleLink: the abstractNum is a stand-in for the list that a numbering
 * style points at; counters and levels are that list's. */
static abstract_num *num_abstract(px_docx_fmt *f, num *n)
{
    if (n->resolved)
        return n->abs;
    n->resolved = 1;
    abstract_num *a = find_abs(f, n->abstract_id);
    for (int hops = 0; a && a->num_style_link && hops < 8; hops++) {
        style *s = find_style(f, a->num_style_link);
        if (!s || s->res_ppr.num_id <= 0)
            break;
        num *m = find_num(f, s->res_ppr.num_id);
        abstract_num *b = m ? find_abs(f, m->abstract_id) : NULL;
        if (!b || b == a)
            break;
        a = b;
    }
    n->abs = a;
    return a;
}

static const level *level_of(const num *n, const abstract_num *a, int i)
{
    if (n->ovr[i].has_lvl)
        return &n->ovr[i].lvl;
    return &a->lvl[i];
}

static void put(char **o, char *end, const char *s, size_t n)
{
    if ((size_t)(end - *o) < n)
        n = (size_t)(end - *o);
    memcpy(*o, s, n);
    *o += n;
}

static void put_roman(char **o, char *end, long v, int upper)
{
    static const struct { int v; const char *s; } r[] = {
        {1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"},
        {50, "l"}, {40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"}};
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
        while (v >= r[i].v) {
            for (const char *p = r[i].s; *p; p++) {
                char ch = upper ? (char)(*p - 'a' + 'A') : *p;
                put(o, end, &ch, 1);
            }
            v -= r[i].v;
        }
}

static void put_number(char **o, char *end, long v, int fmt, int pad)
{
    char tmp[64];
    int n;
    switch (fmt) {
    case F_NONE:
        return;
    case F_DECIMAL_ZERO:
        n = snprintf(tmp, sizeof tmp, v >= 0 && v < 10 ? "0%ld" : "%ld", v);
        break;
    case F_PADDED:
        n = snprintf(tmp, sizeof tmp, "%0*ld", pad, v);
        break;
    case F_UPPER_ROMAN:
    case F_LOWER_ROMAN:
        if (v > 0 && v < 4000) {
            put_roman(o, end, v, fmt == F_UPPER_ROMAN);
            return;
        }
        n = snprintf(tmp, sizeof tmp, "%ld", v);
        break;
    case F_UPPER_LETTER:
    case F_LOWER_LETTER:
        /* Word: a..z, then aa..zz, aaa..: the letter repeated */
        if (v > 0 && v <= 780) {
            char ch = (char)((fmt == F_UPPER_LETTER ? 'A' : 'a') + (v - 1) % 26);
            for (long k = 0; k <= (v - 1) / 26; k++)
                put(o, end, &ch, 1);
            return;
        }
        n = snprintf(tmp, sizeof tmp, "%ld", v);
        break;
    case F_CIRCLE:
        if (v >= 1 && v <= 20) {
            n = px_docx_utf8(0x2460 + (unsigned)(v - 1), tmp);
            break;
        }
        n = snprintf(tmp, sizeof tmp, "%ld", v);
        break;
    case F_FULLWIDTH: {
        char d[32];
        int k = snprintf(d, sizeof d, "%ld", v);
        n = 0;
        for (int i = 0; i < k && n < 56; i++)
            n += d[i] == '-' ? (tmp[n] = '-', 1) : px_docx_utf8(0xFF10 + (unsigned)(d[i] - '0'), tmp + n);
        break;
    }
    default:
        n = snprintf(tmp, sizeof tmp, "%ld", v);
    }
    if (n > 0)
        put(o, end, tmp, (size_t)n);
}

char *px_docx_format_number(long v, const char *numfmt)
{
    int pad = 0;
    int fmt = fmt_of(numfmt, NULL, &pad);
    if (fmt == F_BULLET || fmt == F_NONE)
        fmt = F_DECIMAL;
    char buf[64], *o = buf;
    put_number(&o, buf + sizeof buf - 1, v, fmt, pad);
    *o = '\0';
    return strdup(buf);
}

unsigned px_docx_map_pua(unsigned cp, int bullet)
{
    if (cp < 0xF000 || cp > 0xF0FF)
        return cp;
    switch (cp & 0xFF) {
    case 0x2D: return '-';          /* Symbol minus */
    case 0x2B: return '+';
    case 0x2A: return '*';
    case 0xB7: return 0x2022;       /* Symbol bullet */
    case 0xA7: return 0x25AA;       /* Wingdings small square */
    case 0x6E: return 0x25A0;       /* Wingdings black square */
    case 0x71: return 0x2751;       /* Wingdings shadowed square */
    case 0x76: return 0x2756;       /* Wingdings diamond-x */
    case 0xD8: return 0x27A2;       /* Wingdings arrowhead */
    case 0xE0: return 0x2192;       /* Wingdings arrow */
    case 0xFC: return 0x2713;       /* Wingdings check */
    case 0x6C: return 0x25CF;       /* Wingdings black circle */
    default: return bullet ? 0x2022 : 0;
    }
}

/* A bullet's text, private-use glyphs mapped: Word shows U+F0B7 in Symbol as
 * a bullet, and readers of the text should see one. */
static char *bullet_label(const char *t)
{
    size_t n = strlen(t);
    char *out = malloc(n * 2 + 4), *o = out;
    if (!out)
        return NULL;
    const unsigned char *p = (const unsigned char *)t;
    while (*p) {
        unsigned cp;
        int k;
        if (*p < 0x80) { cp = *p; k = 1; }
        else if ((*p & 0xE0) == 0xC0 && p[1]) { cp = ((unsigned)(*p & 0x1F) << 6) | (p[1] & 0x3F); k = 2; }
        else if ((*p & 0xF0) == 0xE0 && p[1] && p[2]) {
            cp = ((unsigned)(*p & 0x0F) << 12) | ((unsigned)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
            k = 3;
        } else { cp = 0; k = 1; }
        if (cp >= 0xF000 && cp <= 0xF0FF) {
            o += px_docx_utf8(px_docx_map_pua(cp, 1), o);
        } else {
            memcpy(o, p, (size_t)k);
            o += k;
        }
        for (int i = 0; i < k && *p; i++)
            p++;
    }
    *o = '\0';
    if (o == out) {
        free(out);
        return NULL;
    }
    return out;
}

char *px_docx_number(px_docx_fmt *f, long num_id, int ilvl, const char *pstyle_id,
                     char *suffix, int *has_ind, double *ind)
{
    *suffix = 0;
    *has_ind = 0;
    if (num_id <= 0)
        return NULL;
    num *n = find_num(f, num_id);
    if (!n)
        return NULL;
    abstract_num *a = num_abstract(f, n);
    if (!a)
        return NULL;
    if (ilvl < 0) {
        /* style-linked levels: the level whose pStyle is this style, or the
         * style it is based on, and so up the chain */
        ilvl = 0;
        const char *sid = pstyle_id;
        int found = 0;
        for (int hops = 0; sid && !found && hops < MAX_CHAIN; hops++) {
            for (int i = 0; i < MAX_LVL; i++) {
                const level *l = level_of(n, a, i);
                if (l->defined && l->pstyle && strcmp(l->pstyle, sid) == 0) {
                    ilvl = i;
                    found = 1;
                    break;
                }
            }
            style *s = find_style(f, sid);
            sid = s ? s->based_on : NULL;
        }
    }
    if (ilvl >= MAX_LVL)
        ilvl = MAX_LVL - 1;
    const level *cur = level_of(n, a, ilvl);
    if (!cur->defined)
        return NULL;

    if (!n->seen[ilvl] && n->ovr[ilvl].has_start) {
        a->count[ilvl] = n->ovr[ilvl].start;
        a->started[ilvl] = 1;
    } else if (a->started[ilvl]) {
        if (a->count[ilvl] < 1000000000L)
            a->count[ilvl]++;
    } else {
        a->count[ilvl] = cur->start;
        a->started[ilvl] = 1;
    }
    n->seen[ilvl] = 1;
    for (int k = ilvl + 1; k < MAX_LVL; k++) {
        const level *l = level_of(n, a, k);
        int limit = l->restart < 0 ? k : l->restart;
        if (ilvl < limit)
            a->started[k] = 0;
    }

    *suffix = cur->suffix;
    *has_ind = cur->has_ind;
    *ind = cur->ind;
    if (!cur->text)
        return NULL;
    if (cur->fmt == F_BULLET)
        return bullet_label(cur->text);

    char buf[512], *o = buf, *end = buf + sizeof buf - 1;
    for (const char *p = cur->text; *p && o < end; p++) {
        if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
            int k = p[1] - '1';
            const level *l = level_of(n, a, k);
            long v = a->started[k] ? a->count[k] : l->start;
            int fmt = !l->defined ? F_DECIMAL : l->fmt;
            if (cur->is_lgl && fmt != F_NONE)
                fmt = F_DECIMAL;
            if (fmt == F_BULLET)
                fmt = F_DECIMAL;
            put_number(&o, end, v, fmt, l->pad);
            p++;
        } else {
            put(&o, end, p, 1);
        }
    }
    *o = '\0';
    if (o == buf)
        return NULL;
    return strdup(buf);
}

/* ---- lifetime ----------------------------------------------------------------- */

px_docx_fmt *px_docx_fmt_new(xmlDoc *styles, xmlDoc *numbering, px_doc *doc)
{
    px_docx_fmt *f = calloc(1, sizeof *f);
    if (!f) {
        xmlFreeDoc(styles);
        xmlFreeDoc(numbering);
        return NULL;
    }
    f->styles_doc = styles;
    f->numbering_doc = numbering;
    px_docx_rpr_init(&f->def_rpr);
    px_docx_ppr_init(&f->def_ppr);
    xmlNode *root = styles ? xmlDocGetRootElement(styles) : NULL;
    if (root && load_styles(f, root) != 0) {
        px_docx_fmt_free(f);
        return NULL;
    }
    root = numbering ? xmlDocGetRootElement(numbering) : NULL;
    if (root && load_numbering(f, root) != 0) {
        px_docx_fmt_free(f);
        return NULL;
    }
    return f;
}

void px_docx_fmt_free(px_docx_fmt *f)
{
    if (!f)
        return;
    free(f->styles);
    free(f->hash);
    free(f->abs);
    free(f->nums);
    if (f->styles_doc)
        xmlFreeDoc(f->styles_doc);
    if (f->numbering_doc)
        xmlFreeDoc(f->numbering_doc);
    free(f);
}
