/* docx.c: Word .docx to blocks.
 *
 * One pass over each part's tree, in document order.  The body gives
 * PARA/HEADING blocks and one CELL block per table cell; footnotes and
 * endnotes give NOTE blocks after the body, in the order the body refers to
 * them; headers and footers give MARGIN blocks last.  What Word shows is
 * what is kept: insertions, field results, the chosen branch of
 * mc:AlternateContent, text boxes (after the paragraph that anchors them);
 * what Word hides is dropped: deletions, field instructions, hidden runs,
 * reference marks.  List labels are rendered into block->list_label and
 * never into the text (normalize prepends them).
 *
 * Not read (yet): table-style formatting (tblStyle conditional bold/size),
 * comments, altChunk (a warning says so), footnote numbering set only in
 * settings.xml, w:caps applied beyond Latin/Vietnamese letters.
 *
 * No globals beyond libxml2's one-time initialisation: every piece of state
 * lives in a ctx on the caller's stack, so documents extract in parallel. */
#include "docx_internal.h"
#include "extract.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include <libxml/parser.h>

#include "px_limits.h"

/* ---- growable strings ---------------------------------------------------- */

typedef struct sbuf {
    char *p;
    size_t len, cap;
    int truncated;          /* hit PX_LIMIT_BLOCK_BYTES */
    int oom;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
    if (b->truncated || b->oom)
        return;
    if (b->len + n > (size_t)PX_LIMIT_BLOCK_BYTES) {
        /* cut at a character boundary */
        n = (size_t)PX_LIMIT_BLOCK_BYTES - b->len;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
        b->truncated = 1;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *g = realloc(b->p, cap);
        if (!g) {
            b->oom = 1;
            return;
        }
        b->p = g;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_puts(sbuf *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

/* The text without the spaces around it: a note's text starts with the
 * space Word puts after its mark. */
static const char *trim(const char *s, size_t *n)
{
    if (!s) {
        *n = 0;
        return "";
    }
    while (*n > 0 && (*s == ' ' || *s == '\t' || *s == '\n')) {
        s++;
        (*n)--;
    }
    while (*n > 0 && (s[*n - 1] == ' ' || s[*n - 1] == '\t' || s[*n - 1] == '\n'))
        (*n)--;
    return s;
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return 0;
    return 1;
}

/* ---- hints: bold share and the dominant size, by characters --------------- */

enum { N_SIZES = 8 };

typedef struct stats {
    long chars, bold_chars;
    int sz[N_SIZES];
    long sz_n[N_SIZES];
    int n_sz;
} stats;

static void stats_add(stats *s, long chars, int bold, int sz)
{
    s->chars += chars;
    if (bold)
        s->bold_chars += chars;
    for (int i = 0; i < s->n_sz; i++)
        if (s->sz[i] == sz) {
            s->sz_n[i] += chars;
            return;
        }
    if (s->n_sz < N_SIZES) {
        s->sz[s->n_sz] = sz;
        s->sz_n[s->n_sz++] = chars;
    }
}

static void stats_merge(stats *into, const stats *from)
{
    into->chars += from->chars;
    into->bold_chars += from->bold_chars;
    for (int i = 0; i < from->n_sz; i++) {
        int k;
        for (k = 0; k < into->n_sz; k++)
            if (into->sz[k] == from->sz[i])
                break;
        if (k < into->n_sz)
            into->sz_n[k] += from->sz_n[i];
        else if (into->n_sz < N_SIZES) {
            into->sz[into->n_sz] = from->sz[i];
            into->sz_n[into->n_sz++] = from->sz_n[i];
        }
    }
}

static int stats_size(const stats *s)
{
    int best = 0;
    long n = -1;
    for (int i = 0; i < s->n_sz; i++)
        if (s->sz_n[i] > n) {
            n = s->sz_n[i];
            best = s->sz[i];
        }
    return best;
}

/* ---- the walk's state ------------------------------------------------------- */

enum { FLD_MAX = 32 };

typedef struct noteref {
    long id;
    char *mark;             /* customMarkFollows text, or NULL */
} noteref;

typedef struct notes {
    noteref *v;
    size_t n, cap;
} notes;

typedef struct ctx {
    px_doc *doc;
    px_error *err;
    const px_docx_limits *lim;
    px_docx_fmt *fmt;
    int failed;
    /* complex fields: 0 instruction, 1 result, per nesting level */
    unsigned char fld[FLD_MAX];
    int fld_n, fld_instr;
    int pending_break;
    int next_table;
    int warned_trunc, warned_chunk;
    notes foot, end;
    char **hf;              /* header/footer relationship ids, in order */
    size_t n_hf, cap_hf;
    const char *foot_fmt, *end_fmt;
    long foot_start, end_start;
} ctx;

static int fail(ctx *c, const char *msg)
{
    if (!c->failed)
        px_error_set(c->err, "%s", msg);
    c->failed = 1;
    return -1;
}

static int too_deep(ctx *c, int depth)
{
    if (depth <= c->lim->xml_depth)
        return 0;
    if (!c->failed)
        px_error_set(c->err, "the document nests elements deeper than %d levels "
                     "(PX_LIMIT_XML_DEPTH): refused", c->lim->xml_depth);
    c->failed = 1;
    return 1;
}

static void story_reset(ctx *c)
{
    c->fld_n = c->fld_instr = 0;
}

/* Where paragraphs go: blocks of their own (body, text boxes), or lines of
 * one text (a table cell, a note, a header). */
enum { SINK_BLOCKS, SINK_TEXT };

typedef struct sink {
    int mode;
    sbuf text;
    int n_paras;
    int take_label;         /* the first paragraph's label is the block's */
    char *label;
    stats st;
    int has_indent;
    double indent;
    int truncated;
} sink;

typedef struct para {
    sbuf text;
    stats st;
    int break_at_start, break_after;
    xmlNode **defer;        /* text boxes anchored here, read after it */
    size_t n_defer, cap_defer;
    px_docx_rpr base;
    noteref *mark_for;      /* customMarkFollows: the next w:t is this mark */
    size_t bold_end;        /* bytes of bold text the paragraph opens with */
    int plain_seen;         /* a non-bold character has been added */
} para;

static void walk_blocks(ctx *c, xmlNode *parent, sink *s, int depth);
static void walk_inline(ctx *c, para *p, xmlNode *parent, int depth);

/* ---- text ------------------------------------------------------------------------ */

/* Upper case for w:caps, over the Latin letters Vietnamese uses. */
static unsigned upper(unsigned cp)
{
    if (cp >= 'a' && cp <= 'z')
        return cp - 32;
    if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7)
        return cp - 32;
    if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177))
        return cp & ~1u;
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
        return (cp & 1) ? cp : cp - 1;
    if (cp == 0x1A1 || cp == 0x1B0)
        return cp == 0x1A1 ? 0x1A0 : 0x1AF;
    if (cp >= 0x1EA0 && cp <= 0x1EF9)
        return cp & ~1u;
    return cp;
}

static void add_text(para *p, const char *s, const px_docx_rpr *rp)
{
    size_t n = strlen(s);
    long chars = 0;
    size_t start = p->text.len;
    if (rp->caps == 1) {
        const unsigned char *u = (const unsigned char *)s;
        for (size_t i = 0; i < n;) {
            unsigned cp = u[i];
            int k = 1;
            if (cp >= 0xC0 && cp < 0xE0 && i + 1 < n) {
                cp = ((cp & 0x1F) << 6) | (u[i + 1] & 0x3F);
                k = 2;
            } else if (cp >= 0xE0 && cp < 0xF0 && i + 2 < n) {
                cp = ((cp & 0x0F) << 12) | ((unsigned)(u[i + 1] & 0x3F) << 6) | (u[i + 2] & 0x3F);
                k = 3;
            }
            if (k > 1 || cp < 0x80) {
                char o[4];
                sb_put(&p->text, o, (size_t)px_docx_utf8(upper(cp), o));
            } else {
                sb_put(&p->text, s + i, 1);
            }
            i += (size_t)k;
        }
    } else {
        sb_put(&p->text, s, n);
    }
    /* a newline inside w:t is layout in the XML, not a break: Word shows a
     * space */
    for (size_t i = start; i < p->text.len; i++) {
        unsigned char ch = (unsigned char)p->text.p[i];
        if (ch == '\n' || ch == '\r')
            p->text.p[i] = ' ';
        else if (ch != ' ' && ch != '\t' && (ch & 0xC0) != 0x80)
            chars++;
    }
    if (chars) {
        stats_add(&p->st, chars, rp->bold == 1, rp->sz);
        /* a run-in heading: the bold text the paragraph opens with */
        if (rp->bold == 1 && !p->plain_seen)
            p->bold_end = p->text.len;
        else if (rp->bold != 1)
            p->plain_seen = 1;
    }
}

static void add_cp(para *p, unsigned cp, const px_docx_rpr *rp)
{
    char o[5];
    o[px_docx_utf8(cp, o)] = '\0';
    add_text(p, o, rp);
}

static void page_break(para *p)
{
    if (blank(p->text.p ? p->text.p : "", p->text.len))
        p->break_at_start = 1;
    else
        p->break_after = 1;
}

/* ---- fields ------------------------------------------------------------------------ */

static void fld_char(ctx *c, const char *type)
{
    if (!type)
        return;
    if (strcmp(type, "begin") == 0) {
        if (c->fld_n < FLD_MAX) {
            c->fld[c->fld_n] = 0;
            c->fld_instr++;
        }
        c->fld_n++;
    } else if (strcmp(type, "separate") == 0) {
        if (c->fld_n > 0 && c->fld_n <= FLD_MAX && c->fld[c->fld_n - 1] == 0) {
            c->fld[c->fld_n - 1] = 1;
            c->fld_instr--;
        }
    } else if (strcmp(type, "end") == 0) {
        if (c->fld_n > 0) {
            c->fld_n--;
            if (c->fld_n < FLD_MAX && c->fld[c->fld_n] == 0)
                c->fld_instr--;
        }
    }
}

/* ---- notes and headers --------------------------------------------------------- */

enum { MAX_NOTES = 100000, MAX_HF = 256 };

static noteref *note_add(ctx *c, notes *ns, long id)
{
    /* a note referred to twice is one note: most documents refer in id
     * order, so the last entry answers almost every time */
    if (ns->n && ns->v[ns->n - 1].id == id)
        return &ns->v[ns->n - 1];
    if (ns->n >= MAX_NOTES)
        return NULL;
    if (ns->n == ns->cap) {
        size_t cap = ns->cap ? ns->cap * 2 : 16;
        noteref *g = realloc(ns->v, cap * sizeof *g);
        if (!g) {
            fail(c, "out of memory");
            return NULL;
        }
        ns->v = g;
        ns->cap = cap;
    }
    noteref *r = &ns->v[ns->n++];
    r->id = id;
    r->mark = NULL;
    return r;
}

static void sect_pr(ctx *c, const xmlNode *sp, int body_level)
{
    for (xmlNode *k = sp->children; k; k = k->next) {
        if (PX_W(k, "headerReference") || PX_W(k, "footerReference")) {
            const char *id = px_docx_attr(k, "id");
            if (!id)
                continue;
            size_t i;
            for (i = 0; i < c->n_hf; i++)
                if (strcmp(c->hf[i], id) == 0)
                    break;
            if (i < c->n_hf || c->n_hf >= MAX_HF)
                continue;
            if (c->n_hf == c->cap_hf) {
                size_t cap = c->cap_hf ? c->cap_hf * 2 : 8;
                char **g = realloc(c->hf, cap * sizeof *g);
                if (!g) {
                    fail(c, "out of memory");
                    return;
                }
                c->hf = g;
                c->cap_hf = cap;
            }
            char *d = strdup(id);
            if (!d) {
                fail(c, "out of memory");
                return;
            }
            c->hf[c->n_hf++] = d;
        } else if (body_level && (PX_W(k, "footnotePr") || PX_W(k, "endnotePr"))) {
            int foot = PX_W(k, "footnotePr");
            xmlNode *f = px_docx_child(k, "numFmt"), *st = px_docx_child(k, "numStart");
            long v;
            if (f && px_docx_attr(f, "val")) {
                if (foot)
                    c->foot_fmt = px_docx_attr(f, "val");
                else
                    c->end_fmt = px_docx_attr(f, "val");
            }
            if (st && px_docx_int(px_docx_attr(st, "val"), &v)) {
                if (foot)
                    c->foot_start = v;
                else
                    c->end_start = v;
            }
        }
    }
}

/* ---- runs ------------------------------------------------------------------------- */

static void defer_txbx(ctx *c, para *p, xmlNode *t)
{
    if (p->n_defer == p->cap_defer) {
        size_t cap = p->cap_defer ? p->cap_defer * 2 : 4;
        xmlNode **g = realloc(p->defer, cap * sizeof *g);
        if (!g) {
            fail(c, "out of memory");
            return;
        }
        p->defer = g;
        p->cap_defer = cap;
    }
    p->defer[p->n_defer++] = t;
}

/* Text boxes inside a drawing or VML shape, each read once: the drawing's
 * own mc:AlternateContent holds the same box twice. */
static void find_txbx(ctx *c, para *p, xmlNode *n, int depth)
{
    if (too_deep(c, depth))
        return;
    for (xmlNode *k = n->children; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (PX_W(k, "txbxContent")) {
            defer_txbx(c, p, k);
        } else if (px_docx_is(k, PX_DOCX_NS_MC, "AlternateContent")) {
            xmlNode *b = px_docx_mc_branch(k);
            if (b)
                find_txbx(c, p, b, depth + 1);
        } else {
            find_txbx(c, p, k, depth + 1);
        }
        if (c->failed)
            return;
    }
}

static void text_of(para *p, const xmlNode *t, const px_docx_rpr *rp)
{
    for (const xmlNode *k = t->children; k; k = k->next)
        if ((k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) && k->content)
            add_text(p, (const char *)k->content, rp);
}

static void run_content(ctx *c, para *p, xmlNode *r, const px_docx_rpr *rp, int depth)
{
    if (too_deep(c, depth))
        return;
    for (xmlNode *k = r->children; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        int ns = px_docx_ns(k);
        if (ns == PX_DOCX_NS_MC) {
            if (strcmp((const char *)k->name, "AlternateContent") == 0) {
                xmlNode *b = px_docx_mc_branch(k);
                if (b)
                    run_content(c, p, b, rp, depth + 1);
            }
            continue;
        }
        if (ns != PX_DOCX_NS_W)
            continue;
        const char *n = (const char *)k->name;
        if (strcmp(n, "fldChar") == 0) {
            fld_char(c, px_docx_attr(k, "fldCharType"));
            continue;
        }
        if (c->fld_instr > 0)
            continue;       /* inside a field instruction: nothing shows */
        switch (n[0]) {
        case 't':
            if (strcmp(n, "t") == 0) {
                if (p->mark_for) {
                    /* the custom footnote mark: dropped from the body, kept
                     * as the note's label */
                    noteref *m = p->mark_for;
                    p->mark_for = NULL;
                    if (!m->mark && k->children && k->children->content)
                        m->mark = strdup((const char *)k->children->content);
                    continue;
                }
                if (rp->vanish != 1)
                    text_of(p, k, rp);
            } else if (strcmp(n, "tab") == 0 && rp->vanish != 1) {
                sb_put(&p->text, "\t", 1);
            }
            break;
        case 'p':
            if (strcmp(n, "ptab") == 0 && rp->vanish != 1)
                sb_put(&p->text, "\t", 1);
            else if (strcmp(n, "pict") == 0)
                find_txbx(c, p, k, depth + 1);
            break;
        case 'b':
            if (strcmp(n, "br") == 0 && rp->vanish != 1) {
                const char *type = px_docx_attr(k, "type");
                if (type && strcmp(type, "page") == 0)
                    page_break(p);
                else
                    sb_put(&p->text, "\n", 1);
            }
            break;
        case 'c':
            if (strcmp(n, "cr") == 0 && rp->vanish != 1)
                sb_put(&p->text, "\n", 1);
            break;
        case 'n':
            if (strcmp(n, "noBreakHyphen") == 0 && rp->vanish != 1)
                add_text(p, "-", rp);
            break;
        case 's':
            if (strcmp(n, "sym") == 0 && rp->vanish != 1) {
                const char *ch = px_docx_attr(k, "char");
                unsigned long cp = ch ? strtoul(ch, NULL, 16) : 0;
                if (cp >= 0xF000 && cp <= 0xF0FF) {
                    unsigned m = px_docx_map_pua((unsigned)cp, 0);
                    cp = m ? m : cp;
                }
                if (cp > 0x20 && cp <= 0x10FFFF)
                    add_cp(p, (unsigned)cp, rp);
            }
            /* softHyphen: an optional break, invisible in running text */
            break;
        case 'f':
        case 'e':
            if (strcmp(n, "footnoteReference") == 0 || strcmp(n, "endnoteReference") == 0) {
                long id;
                if (px_docx_int(px_docx_attr(k, "id"), &id)) {
                    noteref *r = note_add(c, n[0] == 'f' ? &c->foot : &c->end, id);
                    const char *cm = px_docx_attr(k, "customMarkFollows");
                    if (r && cm && (strcmp(cm, "1") == 0 || strcasecmp(cm, "true") == 0 ||
                                    strcasecmp(cm, "on") == 0))
                        p->mark_for = r;
                }
            }
            break;
        case 'd':
            if (strcmp(n, "drawing") == 0)
                find_txbx(c, p, k, depth + 1);
            break;
        case 'o':
            if (strcmp(n, "object") == 0)
                find_txbx(c, p, k, depth + 1);
            break;
        case 'r':
            if (strcmp(n, "ruby") == 0) {
                xmlNode *base = px_docx_child(k, "rubyBase");
                if (base)
                    walk_inline(c, p, base, depth + 1);
            }
            break;
        default:
            break;
        }
        if (c->failed)
            return;
    }
}

static void do_run(ctx *c, para *p, xmlNode *r, int depth)
{
    px_docx_rpr rp = p->base;
    xmlNode *rpr = px_docx_child(r, "rPr");
    if (rpr) {
        xmlNode *rs = px_docx_child(rpr, "rStyle");
        if (rs)
            px_docx_cstyle_apply(c->fmt, px_docx_attr(rs, "val"), &rp);
        px_docx_read_rpr(rpr, &rp);
    }
    run_content(c, p, r, &rp, depth + 1);
}

/* Office Math: the characters of m:t, in order. */
static void walk_math(ctx *c, para *p, xmlNode *n, int depth)
{
    if (too_deep(c, depth))
        return;
    for (xmlNode *k = n->children; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (px_docx_is(k, PX_DOCX_NS_M, "t")) {
            if (c->fld_instr == 0)
                text_of(p, k, &p->base);
        } else {
            walk_math(c, p, k, depth + 1);
        }
    }
}

static void walk_inline(ctx *c, para *p, xmlNode *parent, int depth)
{
    if (too_deep(c, depth))
        return;
    for (xmlNode *k = parent->children; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        int ns = px_docx_ns(k);
        if (ns == PX_DOCX_NS_MC) {
            if (strcmp((const char *)k->name, "AlternateContent") == 0) {
                xmlNode *b = px_docx_mc_branch(k);
                if (b)
                    walk_inline(c, p, b, depth + 1);
            }
            continue;
        }
        if (ns == PX_DOCX_NS_M) {
            walk_math(c, p, k, depth + 1);
            continue;
        }
        if (ns != PX_DOCX_NS_W)
            continue;
        const char *n = (const char *)k->name;
        if (strcmp(n, "r") == 0) {
            do_run(c, p, k, depth);
        } else if (strcmp(n, "hyperlink") == 0 || strcmp(n, "ins") == 0 ||
                   strcmp(n, "moveTo") == 0 || strcmp(n, "smartTag") == 0 ||
                   strcmp(n, "customXml") == 0 || strcmp(n, "fldSimple") == 0 ||
                   strcmp(n, "bdo") == 0 || strcmp(n, "dir") == 0) {
            /* fldSimple: its runs are the result; the instr attribute is
             * never read */
            walk_inline(c, p, k, depth + 1);
        } else if (strcmp(n, "sdt") == 0) {
            xmlNode *content = px_docx_child(k, "sdtContent");
            if (content)
                walk_inline(c, p, content, depth + 2);
        }
        /* del, moveFrom: deleted text; pPr, bookmarks, proofErr: no text */
        if (c->failed)
            return;
    }
}

/* ---- paragraphs ------------------------------------------------------------------ */

static px_block *emit(ctx *c, px_block_kind kind, const char *text, size_t len)
{
    px_block *b = px_doc_add_block(c->doc, kind, text ? text : "", text ? len : 0);
    if (!b) {
        fail(c, "out of memory");
        return NULL;
    }
    if (c->pending_break) {
        b->page_break_before = 1;
        c->pending_break = 0;
    }
    return b;
}

static void warn_trunc(ctx *c)
{
    if (!c->warned_trunc)
        px_doc_warn(c->doc, "a paragraph longer than %ld bytes was cut (PX_LIMIT_BLOCK_BYTES)",
                    PX_LIMIT_BLOCK_BYTES);
    c->warned_trunc = 1;
}

static void do_paragraph(ctx *c, xmlNode *pn, sink *s, int depth)
{
    xmlNode *ppr = px_docx_child(pn, "pPr");
    px_docx_ppr dp;
    px_docx_ppr_init(&dp);
    const char *sid = NULL;
    px_docx_rpr mark;
    if (ppr) {
        px_docx_read_ppr(ppr, &dp);
        xmlNode *st = px_docx_child(ppr, "pStyle");
        sid = st ? px_docx_attr(st, "val") : NULL;
    }
    px_docx_pstyle ps;
    px_docx_pstyle_get(c->fmt, sid, &ps);
    mark = ps.rpr;
    if (ppr)
        px_docx_read_rpr(px_docx_child(ppr, "rPr"), &mark);

    int heading = dp.outline >= 0 ? dp.outline <= 8 : ps.heading;
    int pbb = dp.page_break_before >= 0 ? dp.page_break_before : ps.ppr.page_break_before == 1;
    char suffix = 0;
    int lvl_has_ind = 0;
    double lvl_ind = 0;
    char *label = NULL;

    para p = {0};
    p.base = ps.rpr;
    walk_inline(c, &p, pn, depth + 1);
    if (c->failed)
        goto out;

    /* numbering, after the runs (text boxes anchored here come after it in
     * the counters too): direct numPr over the style's; numId 0 switches a
     * style's list off; no ilvl means level 0, or for a style's list the
     * level linked to the style.  A paragraph deleted with its mark (a
     * tracked deletion) is gone from Word's view and does not count. */
    xmlNode *mark_rpr = ppr ? px_docx_child(ppr, "rPr") : NULL;
    int mark_deleted = mark_rpr && (px_docx_child(mark_rpr, "del") || px_docx_child(mark_rpr, "moveFrom"));
    long num_id = dp.num_id >= 0 ? dp.num_id : ps.ppr.num_id;
    int ilvl = dp.ilvl >= 0 ? dp.ilvl : ps.ppr.ilvl >= 0 ? ps.ppr.ilvl : dp.num_id >= 0 ? 0 : -1;
    if (num_id > 0 && !(mark_deleted && blank(p.text.p ? p.text.p : "", p.text.len)))
        label = px_docx_number(c->fmt, num_id, ilvl, ps.id, &suffix, &lvl_has_ind, &lvl_ind);
    double indent = dp.has_ind ? dp.ind_left : lvl_has_ind ? lvl_ind : ps.ppr.has_ind ? ps.ppr.ind_left : 0;
    if (p.text.oom) {
        fail(c, "out of memory");
        goto out;
    }
    if (p.text.truncated)
        warn_trunc(c);

    const char *text = p.text.p ? p.text.p : "";
    int empty = blank(text, p.text.len);
    int bold = p.st.chars ? p.st.bold_chars == p.st.chars : mark.bold == 1;
    int sz = p.st.chars ? stats_size(&p.st) : mark.sz;
    if (sz <= 0)
        sz = 20;            /* Word's size when no style sets one: 10 pt */
    if (pbb || p.break_at_start)
        c->pending_break = 1;

    if (empty && !label) {
        /* nothing to show; its page break passes to the next block */
    } else if (s->mode == SINK_BLOCKS) {
        px_block *b = emit(c, heading ? PX_BLOCK_HEADING : PX_BLOCK_PARA, text, p.text.len);
        if (b) {
            b->list_label = label;
            label = NULL;
            b->bold = bold;
            b->font_size = sz / 2.0;
            b->indent = indent / 20.0;
            if (!bold && p.bold_end < p.text.len)
                b->bold_prefix = p.bold_end;
        }
    } else {
        if (s->n_paras > 0)
            sb_put(&s->text, "\n", 1);
        if (label && s->take_label && s->n_paras == 0) {
            s->label = label;
            label = NULL;
        } else if (label) {
            /* a second numbered paragraph in one cell: its label has no
             * block of its own, so it stays in the text, as Word shows it */
            sb_puts(&s->text, label);
            if (suffix)
                sb_put(&s->text, &suffix, 1);
        }
        sb_put(&s->text, text, p.text.len);
        if (s->n_paras == 0) {
            s->has_indent = 1;
            s->indent = indent;
        }
        if (p.st.chars)
            stats_merge(&s->st, &p.st);
        else if (!empty || label)
            stats_add(&s->st, 0, 0, sz);
        s->n_paras++;
    }
    if (p.break_after)
        c->pending_break = 1;

    for (size_t i = 0; i < p.n_defer && !c->failed; i++)
        walk_blocks(c, p.defer[i], s, depth + 1);

    if (ppr) {
        xmlNode *sp = px_docx_child(ppr, "sectPr");
        if (sp) {
            sect_pr(c, sp, 0);
            /* a section break other than continuous starts a new page */
            xmlNode *type = px_docx_child(sp, "type");
            const char *tv = type ? px_docx_attr(type, "val") : NULL;
            if (!tv || strcmp(tv, "continuous") != 0)
                c->pending_break = 1;
        }
    }
out:
    free(label);
    free(p.text.p);
    free(p.defer);
}

/* ---- tables ------------------------------------------------------------------------ */

typedef struct nodes {
    xmlNode **v;
    size_t n, cap;
} nodes;

/* Rows of a table or cells of a row, seen through the content controls and
 * custom XML that may wrap them. */
static void collect(ctx *c, xmlNode *parent, const char *want, nodes *out, int depth)
{
    if (too_deep(c, depth))
        return;
    for (xmlNode *k = parent->children; k; k = k->next) {
        if (PX_W(k, want)) {
            if (out->n == out->cap) {
                size_t cap = out->cap ? out->cap * 2 : 16;
                xmlNode **g = realloc(out->v, cap * sizeof *g);
                if (!g) {
                    fail(c, "out of memory");
                    return;
                }
                out->v = g;
                out->cap = cap;
            }
            out->v[out->n++] = k;
        } else if (PX_W(k, "sdt")) {
            xmlNode *content = px_docx_child(k, "sdtContent");
            if (content)
                collect(c, content, want, out, depth + 2);
        } else if (PX_W(k, "customXml") || PX_W(k, "ins") || PX_W(k, "moveTo")) {
            collect(c, k, want, out, depth + 1);
        } else if (px_docx_is(k, PX_DOCX_NS_MC, "AlternateContent")) {
            xmlNode *b = px_docx_mc_branch(k);
            if (b)
                collect(c, b, want, out, depth + 1);
        }
    }
}

enum { VM_NONE, VM_RESTART, VM_CONT };
enum { MAX_GRID = 4096 };   /* Word stops at 63 columns */

static int row_deleted(xmlNode *tr)
{
    xmlNode *trpr = px_docx_child(tr, "trPr");
    return trpr && px_docx_child(trpr, "del");
}

static void cell_props(xmlNode *tc, long *span, int *vm)
{
    *span = 1;
    *vm = VM_NONE;
    xmlNode *tcpr = px_docx_child(tc, "tcPr");
    if (!tcpr)
        return;
    xmlNode *gs = px_docx_child(tcpr, "gridSpan"), *v = px_docx_child(tcpr, "vMerge");
    if (gs && px_docx_int(px_docx_attr(gs, "val"), span)) {
        if (*span < 1)
            *span = 1;
        if (*span > MAX_GRID)
            *span = MAX_GRID;
    }
    if (v) {
        const char *val = px_docx_attr(v, "val");
        *vm = val && strcmp(val, "restart") == 0 ? VM_RESTART : VM_CONT;
    }
}

static void free_sink(sink *s)
{
    free(s->text.p);
    free(s->label);
}

static void do_table(ctx *c, xmlNode *tbl, sink *s, int depth)
{
    if (too_deep(c, depth))
        return;
    nodes rows = {0}, cells = {0};
    size_t *open = NULL;            /* grid column -> vMerge restart block + 1 */
    size_t n_open = 0;
    collect(c, tbl, "tr", &rows, depth + 1);
    int t = s->mode == SINK_BLOCKS ? c->next_table++ : -1;
    int row = 0;
    for (size_t r = 0; r < rows.n && !c->failed; r++) {
        xmlNode *tr = rows.v[r];
        if (row_deleted(tr))
            continue;
        cells.n = 0;
        collect(c, tr, "tc", &cells, depth + 2);
        long col = 0;
        xmlNode *trpr = px_docx_child(tr, "trPr");
        xmlNode *gb = trpr ? px_docx_child(trpr, "gridBefore") : NULL;
        if (gb && px_docx_int(px_docx_attr(gb, "val"), &col) && (col < 0 || col > MAX_GRID))
            col = 0;
        for (size_t i = 0; i < cells.n && !c->failed; i++) {
            xmlNode *tc = cells.v[i];
            long span;
            int vm;
            cell_props(tc, &span, &vm);
            if (col + span > MAX_GRID)
                break;
            if (s->mode == SINK_TEXT) {
                /* a table inside a cell, note or header: its cells become
                 * lines of the enclosing text, merged cells once */
                if (vm != VM_CONT)
                    walk_blocks(c, tc, s, depth + 3);
                continue;
            }
            if ((size_t)(col + span) > n_open) {
                size_t nn = (size_t)(col + span) * 2;
                size_t *g = realloc(open, nn * sizeof *g);
                if (!g) {
                    fail(c, "out of memory");
                    break;
                }
                memset(g + n_open, 0, (nn - n_open) * sizeof *g);
                open = g;
                n_open = nn;
            }
            if (vm == VM_CONT && open[col]) {
                /* continuation of a vertical merge: the restart cell grows */
                c->doc->blocks[open[col] - 1].row_span++;
                col += span;
                continue;
            }
            sink cs = {.mode = SINK_TEXT, .take_label = 1};
            walk_blocks(c, tc, &cs, depth + 3);
            if (!c->failed && cs.text.oom)
                fail(c, "out of memory");
            if (c->failed) {
                free_sink(&cs);
                break;
            }
            if (cs.text.truncated)
                warn_trunc(c);
            px_block *b = emit(c, PX_BLOCK_CELL, cs.text.p, cs.text.len);
            if (b) {
                b->list_label = cs.label;
                cs.label = NULL;
                b->table = t;
                b->row = row;
                b->col = (int)col;
                b->col_span = (int)span;
                b->row_span = 1;
                b->bold = cs.st.chars ? cs.st.bold_chars == cs.st.chars : -1;
                int sz = stats_size(&cs.st);
                b->font_size = sz > 0 ? sz / 2.0 : 0;
                b->indent = cs.has_indent ? cs.indent / 20.0 : 0;
                size_t idx = c->doc->n_blocks;
                for (long k = col; k < col + span; k++)
                    open[k] = vm == VM_RESTART ? idx : 0;
            }
            free_sink(&cs);
            col += span;
        }
        row++;
    }
    free(rows.v);
    free(cells.v);
    free(open);
}

/* ---- block containers ------------------------------------------------------------- */

static void walk_blocks(ctx *c, xmlNode *parent, sink *s, int depth)
{
    if (too_deep(c, depth))
        return;
    for (xmlNode *k = parent->children; k && !c->failed; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        int ns = px_docx_ns(k);
        if (ns == PX_DOCX_NS_MC) {
            if (strcmp((const char *)k->name, "AlternateContent") == 0) {
                xmlNode *b = px_docx_mc_branch(k);
                if (b)
                    walk_blocks(c, b, s, depth + 1);
            }
            continue;
        }
        if (ns != PX_DOCX_NS_W)
            continue;
        const char *n = (const char *)k->name;
        if (strcmp(n, "p") == 0) {
            do_paragraph(c, k, s, depth);
        } else if (strcmp(n, "tbl") == 0) {
            do_table(c, k, s, depth + 1);
        } else if (strcmp(n, "sdt") == 0) {
            xmlNode *content = px_docx_child(k, "sdtContent");
            if (content)
                walk_blocks(c, content, s, depth + 2);
        } else if (strcmp(n, "customXml") == 0 || strcmp(n, "ins") == 0 ||
                   strcmp(n, "moveTo") == 0) {
            walk_blocks(c, k, s, depth + 1);
        } else if (strcmp(n, "sectPr") == 0) {
            sect_pr(c, k, 1);
        } else if (strcmp(n, "altChunk") == 0) {
            if (!c->warned_chunk)
                px_doc_warn(c->doc, "an embedded document (altChunk) was not read");
            c->warned_chunk = 1;
        }
    }
}

/* ---- the package -------------------------------------------------------------------- */

/* A relationship target, resolved against the folder of its source part,
 * into a part name: "../media/x" from "word/" is "media/x". */
static void resolve_target(const char *base_dir, const char *target, char *out, size_t n)
{
    char tmp[1024];
    if (target[0] == '/')
        snprintf(tmp, sizeof tmp, "%s", target + 1);
    else
        snprintf(tmp, sizeof tmp, "%s%s", base_dir, target);
    /* %XX decoding, then . and .. segments */
    char dec[1024];
    size_t j = 0;
    for (size_t i = 0; tmp[i] && j + 1 < sizeof dec; i++) {
        if (tmp[i] == '%' && tmp[i + 1] && tmp[i + 2]) {
            char hex[3] = {tmp[i + 1], tmp[i + 2], 0};
            char *end;
            long v = strtol(hex, &end, 16);
            if (*end == '\0' && v > 0) {
                dec[j++] = (char)v;
                i += 2;
                continue;
            }
        }
        dec[j++] = tmp[i] == '\\' ? '/' : tmp[i];
    }
    dec[j] = '\0';
    size_t o = 0;
    out[0] = '\0';
    char *save = NULL;
    for (char *seg = strtok_r(dec, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
        if (strcmp(seg, ".") == 0)
            continue;
        if (strcmp(seg, "..") == 0) {
            while (o > 0 && out[o - 1] != '/')
                o--;
            if (o > 0)
                o--;
            out[o] = '\0';
            continue;
        }
        int w = snprintf(out + o, n - o, "%s%s", o ? "/" : "", seg);
        if (w < 0 || (size_t)w >= n - o) {
            out[0] = '\0';
            return;
        }
        o += (size_t)w;
    }
}

typedef struct rels {
    xmlDoc *doc;
    char dir[512];          /* folder of the source part, with '/' */
} rels;

/* Finds the first relationship whose Type ends in suffix (transitional and
 * strict types differ only before it), or the one with this Id. */
static const char *rel_target(const rels *r, const char *type_suffix, const char *id,
                              char *out, size_t n)
{
    xmlNode *root = r->doc ? xmlDocGetRootElement(r->doc) : NULL;
    for (xmlNode *k = root ? root->children : NULL; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE || strcmp((const char *)k->name, "Relationship") != 0)
            continue;
        const char *mode = px_docx_attr(k, "TargetMode");
        if (mode && strcmp(mode, "External") == 0)
            continue;
        const char *target = px_docx_attr(k, "Target");
        if (!target)
            continue;
        if (id) {
            const char *kid = px_docx_attr(k, "Id");
            if (!kid || strcmp(kid, id) != 0)
                continue;
        } else {
            const char *type = px_docx_attr(k, "Type");
            size_t tl = type ? strlen(type) : 0, sl = strlen(type_suffix);
            if (tl < sl || strcmp(type + tl - sl, type_suffix) != 0)
                continue;
        }
        resolve_target(r->dir, target, out, n);
        return out[0] ? out : NULL;
    }
    return NULL;
}

/* Loads an optional part: a missing part is fine, a damaged one is a
 * warning, a hostile one (zip limits, a DTD) fails the document. */
static int load_optional(ctx *c, px_docx_zip *z, const char *part, xmlDoc **out)
{
    px_error e;
    int rc = px_docx_load_xml(z, part, out, &e);
    if (rc == 0 || rc == 1)
        return 0;
    if (strstr(e.msg, "not well-formed")) {
        px_doc_warn(c->doc, "%s", e.msg);
        return 0;
    }
    return fail(c, e.msg);
}

static void load_rels(ctx *c, px_docx_zip *z, const char *part, rels *r)
{
    const char *slash = strrchr(part, '/');
    size_t dl = slash ? (size_t)(slash - part + 1) : 0;
    if (dl >= sizeof r->dir)
        dl = 0;
    memcpy(r->dir, part, dl);
    r->dir[dl] = '\0';
    char name[1100];
    snprintf(name, sizeof name, "%s_rels/%s.rels", r->dir, slash ? slash + 1 : part);
    load_optional(c, z, name, &r->doc);
}

typedef struct idnode {
    long id;
    size_t pos;
    xmlNode *node;
} idnode;

typedef struct refpos {
    long id;
    size_t pos;
} refpos;

static int cmp_idnode(const void *a, const void *b)
{
    const idnode *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* bsearch keys compare by id only; with equal ids bsearch may land on any
 * of them, so lookups step back to the first */
static int cmp_idnode_id(const void *a, const void *b)
{
    const idnode *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

static int cmp_refpos(const void *a, const void *b)
{
    const refpos *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int cmp_refid_first(const void *a, const void *b)
{
    const refpos *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Notes in the order the body refers to them (Word's numbering order). */
static void emit_notes(ctx *c, px_docx_zip *z, const rels *dr, const char *type, notes *ns,
                       const char *fmt, long start)
{
    if (ns->n == 0 || c->failed)
        return;
    char part[1024];
    const char *name = rel_target(dr, type, NULL, part, sizeof part);
    if (!name)
        name = strcmp(type, "/footnotes") == 0 ? "word/footnotes.xml" : "word/endnotes.xml";
    xmlDoc *d = NULL;
    if (load_optional(c, z, name, &d) != 0 || !d)
        return;
    xmlNode *root = xmlDocGetRootElement(d);
    /* the part's notes sorted by id, for lookup in reference order */
    nodes all = {0};
    if (root)
        collect(c, root, strcmp(type, "/footnotes") == 0 ? "footnote" : "endnote", &all, 2);
    idnode *ids = all.n ? malloc(all.n * sizeof *ids) : NULL;
    if (all.n && !ids)
        fail(c, "out of memory");
    for (size_t i = 0; ids && i < all.n; i++) {
        ids[i].node = all.v[i];
        ids[i].pos = i;
        if (!px_docx_int(px_docx_attr(all.v[i], "id"), &ids[i].id))
            ids[i].id = -2000000000L;    /* px_docx_int stays within 1e9 */
    }
    if (ids)
        qsort(ids, all.n, sizeof *ids, cmp_idnode);
    /* references in body order, each note once */
    refpos *seen = ns->n ? malloc(ns->n * sizeof *seen) : NULL;
    if (ns->n && !seen)
        fail(c, "out of memory");
    for (size_t i = 0; seen && i < ns->n; i++) {
        seen[i].id = ns->v[i].id;
        seen[i].pos = i;
    }
    if (seen)
        qsort(seen, ns->n, sizeof *seen, cmp_refpos);
    long number = start;
    for (size_t i = 0; i < ns->n && !c->failed; i++) {
        xmlNode *note = NULL;
        refpos rk = {ns->v[i].id, i};
        refpos *first = bsearch(&rk, seen, ns->n, sizeof *seen, cmp_refid_first);
        while (first && first > seen && first[-1].id == first->id)
            first--;
        if (first && first->pos != i)
            continue;               /* referred to again: already out */
        idnode key = {.id = ns->v[i].id};
        idnode *hit = all.n ? bsearch(&key, ids, all.n, sizeof *ids, cmp_idnode_id) : NULL;
        while (hit && hit > ids && hit[-1].id == hit->id)
            hit--;
        if (hit)
            note = hit->node;
        char *label = ns->v[i].mark ? strdup(ns->v[i].mark) : px_docx_format_number(number, fmt);
        if (!ns->v[i].mark)
            number++;
        if (!note) {
            free(label);
            continue;
        }
        story_reset(c);
        sink s = {.mode = SINK_TEXT};
        walk_blocks(c, note, &s, 2);
        size_t tl = s.text.len;
        const char *tx = trim(s.text.p, &tl);
        if (!c->failed && tl > 0) {
            px_block *b = emit(c, PX_BLOCK_NOTE, tx, tl);
            if (b) {
                b->list_label = label;
                label = NULL;
                b->bold = s.st.chars ? s.st.bold_chars == s.st.chars : -1;
                int sz = stats_size(&s.st);
                b->font_size = sz > 0 ? sz / 2.0 : 0;
            }
        }
        free(label);
        free_sink(&s);
    }
    free(seen);
    free(ids);
    free(all.v);
    xmlFreeDoc(d);
}

static void emit_margins(ctx *c, px_docx_zip *z, const rels *dr)
{
    size_t first = c->doc->n_blocks;
    for (size_t i = 0; i < c->n_hf && !c->failed; i++) {
        char part[1024];
        if (!rel_target(dr, "", c->hf[i], part, sizeof part))
            continue;
        xmlDoc *d = NULL;
        if (load_optional(c, z, part, &d) != 0 || !d)
            continue;
        story_reset(c);
        sink s = {.mode = SINK_TEXT};
        int saved = c->pending_break;
        c->pending_break = 0;
        xmlNode *root = xmlDocGetRootElement(d);
        if (root)
            walk_blocks(c, root, &s, 1);
        c->pending_break = 0;
        size_t tl = s.text.len;
        const char *tx = trim(s.text.p, &tl);
        /* first-page, even and default headers often say the same thing */
        int dup = 0;
        for (size_t k = first; k < c->doc->n_blocks && !dup; k++)
            dup = c->doc->blocks[k].kind == PX_BLOCK_MARGIN &&
                  strlen(c->doc->blocks[k].text) == tl && memcmp(c->doc->blocks[k].text, tx, tl) == 0;
        if (!c->failed && tl > 0 && !dup) {
            px_block *b = emit(c, PX_BLOCK_MARGIN, tx, tl);
            if (b) {
                b->bold = s.st.chars ? s.st.bold_chars == s.st.chars : -1;
                int sz = stats_size(&s.st);
                b->font_size = sz > 0 ? sz / 2.0 : 0;
            }
        }
        c->pending_break = saved;
        free_sink(&s);
        xmlFreeDoc(d);
    }
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
    xmlInitParser();
}

int px_docx_extract_limited(const unsigned char *bytes, size_t len, const px_docx_limits *lim,
                            px_doc *doc, px_error *err)
{
    pthread_once(&xml_once, xml_init);
    px_docx_zip *z = NULL;
    if (px_docx_zip_open(bytes, len, lim, &z, err) != 0)
        return -1;
    ctx c = {.doc = doc, .err = err, .lim = lim, .foot_fmt = "decimal", .end_fmt = "lowerRoman",
             .foot_start = 1, .end_start = 1};
    rels pkg = {0}, dr = {0};
    xmlDoc *main_doc = NULL, *styles = NULL, *numbering = NULL;
    char main_part[1024] = "word/document.xml";

    /* the main part is where the package relationships say */
    load_rels(&c, z, "", &pkg);
    char found[1024];
    if (!c.failed && rel_target(&pkg, "/officeDocument", NULL, found, sizeof found))
        snprintf(main_part, sizeof main_part, "%s", found);
    if (c.failed)
        goto done;
    int rc = px_docx_load_xml(z, main_part, &main_doc, err);
    if (rc == 1 && strcmp(main_part, "word/document.xml") != 0) {
        snprintf(main_part, sizeof main_part, "word/document.xml");
        rc = px_docx_load_xml(z, main_part, &main_doc, err);
    }
    if (rc == 1) {
        px_error_set(err, "no word/document.xml part: not a Word document, or a damaged one");
        c.failed = 1;
        goto done;
    }
    if (rc != 0) {
        c.failed = 1;
        goto done;
    }
    load_rels(&c, z, main_part, &dr);
    char part[1024];
    const char *name;
    if (!c.failed) {
        name = rel_target(&dr, "/styles", NULL, part, sizeof part);
        load_optional(&c, z, name ? name : "word/styles.xml", &styles);
    }
    if (!c.failed) {
        name = rel_target(&dr, "/numbering", NULL, part, sizeof part);
        load_optional(&c, z, name ? name : "word/numbering.xml", &numbering);
    }
    if (c.failed)
        goto done;
    c.fmt = px_docx_fmt_new(styles, numbering, doc);
    styles = numbering = NULL;
    if (!c.fmt) {
        fail(&c, "out of memory");
        goto done;
    }

    xmlNode *root = xmlDocGetRootElement(main_doc);
    xmlNode *body = root ? px_docx_child(root, "body") : NULL;
    if (!body) {
        fail(&c, "word/document.xml has no w:body: not a Word document");
        goto done;
    }
    story_reset(&c);
    sink s = {.mode = SINK_BLOCKS};
    walk_blocks(&c, body, &s, 2);
    free_sink(&s);
    c.pending_break = 0;
    /* the body's tree is no longer needed: free it before the notes */
    xmlFreeDoc(main_doc);
    main_doc = NULL;
    emit_notes(&c, z, &dr, "/footnotes", &c.foot, c.foot_fmt, c.foot_start);
    emit_notes(&c, z, &dr, "/endnotes", &c.end, c.end_fmt, c.end_start);
    emit_margins(&c, z, &dr);

done:
    if (main_doc)
        xmlFreeDoc(main_doc);
    xmlFreeDoc(styles);
    xmlFreeDoc(numbering);
    if (pkg.doc)
        xmlFreeDoc(pkg.doc);
    if (dr.doc)
        xmlFreeDoc(dr.doc);
    px_docx_fmt_free(c.fmt);
    for (size_t i = 0; i < c.foot.n; i++)
        free(c.foot.v[i].mark);
    for (size_t i = 0; i < c.end.n; i++)
        free(c.end.v[i].mark);
    free(c.foot.v);
    free(c.end.v);
    for (size_t i = 0; i < c.n_hf; i++)
        free(c.hf[i]);
    free(c.hf);
    px_docx_zip_close(z);
    return c.failed ? -1 : 0;
}

int px_extract_docx(const unsigned char *bytes, size_t len, px_doc *doc, px_error *err)
{
    px_docx_limits lim;
    px_docx_default_limits(&lim);
    return px_docx_extract_limited(bytes, len, &lim, doc, err);
}
