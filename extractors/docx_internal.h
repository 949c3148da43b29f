/* docx_internal.h: shared between the docx*.c files only (libzip and libxml2
 * stay inside them).
 *
 *   docx_zip.c        the package: zip limits, parts read into memory, XML
 *                     parsed without DTDs, entities or network
 *   docx_numbering.c  styles.xml and numbering.xml: style inheritance and
 *                     Word's list counters and labels
 *   docx.c            the document walk that turns parts into blocks
 *
 * Ownership: px_docx_zip_read returns a malloc'd buffer the caller frees;
 * px_docx_xml_parse returns an xmlDoc the caller frees with xmlFreeDoc;
 * px_docx_fmt_new takes ownership of the two xmlDocs it is given. */
#ifndef PX_DOCX_INTERNAL_H
#define PX_DOCX_INTERNAL_H

#include <stddef.h>
#include <string.h>

#include <libxml/tree.h>

#include "doc.h"
#include "docx.h"
#include "error.h"

/* ---- the zip package (docx_zip.c) ---------------------------------------- */

typedef struct px_docx_zip px_docx_zip;

int px_docx_zip_open(const unsigned char *bytes, size_t len, const px_docx_limits *lim,
                     px_docx_zip **out, px_error *err);
/* Reads one part by name (case-insensitive, as OPC part names are).
 * Returns 0 with a NUL-terminated malloc'd buffer, 1 when the part does not
 * exist, -1 with err set (a limit was hit or the data is damaged). */
int px_docx_zip_read(px_docx_zip *z, const char *name, char **out, size_t *out_len,
                     px_error *err);
void px_docx_zip_close(px_docx_zip *z);

/* Parses one part.  Refuses any DTD (OPC forbids them, and they are how
 * entity attacks arrive), never touches the network, never substitutes
 * entities, never builds a tree of more than max_nodes elements and
 * attributes, and never prints.  Returns 0 or -1 with err naming the part. */
int px_docx_xml_parse(const char *buf, size_t len, const char *part, long max_nodes,
                      xmlDoc **out, px_error *err);
/* Reads a part and parses it: 0 ok, 1 part missing, -1 error. */
int px_docx_load_xml(px_docx_zip *z, const char *part, xmlDoc **out, px_error *err);

/* ---- element helpers ----------------------------------------------------- */

enum { PX_DOCX_NS_OTHER = 0, PX_DOCX_NS_W, PX_DOCX_NS_MC, PX_DOCX_NS_M };

/* Which vocabulary a node is in: transitional and strict WordprocessingML
 * both count as W. */
static inline int px_docx_ns(const xmlNode *n)
{
    if (!n->ns || !n->ns->href)
        return PX_DOCX_NS_OTHER;
    const char *h = (const char *)n->ns->href;
    size_t len = strlen(h);
    /* ".../wordprocessingml/2006/main" and ".../ooxml/wordprocessingml/main" */
    if (len > 20 && strcmp(h + len - 5, "/main") == 0 && strstr(h, "/wordprocessingml/"))
        return PX_DOCX_NS_W;
    if (strcmp(h, "http://schemas.openxmlformats.org/markup-compatibility/2006") == 0)
        return PX_DOCX_NS_MC;
    if (len > 5 && strcmp(h + len - 5, "/math") == 0)
        return PX_DOCX_NS_M;
    return PX_DOCX_NS_OTHER;
}

static inline int px_docx_is(const xmlNode *n, int ns, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0 &&
           px_docx_ns(n) == ns;
}

#define PX_W(n, local) px_docx_is((n), PX_DOCX_NS_W, (local))

/* An attribute's value by local name, without allocating (points into the
 * tree), or NULL. */
static inline const char *px_docx_attr(const xmlNode *n, const char *local)
{
    for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
        if (strcmp((const char *)a->name, local) == 0)
            return a->children && a->children->content ? (const char *)a->children->content : "";
    return NULL;
}

/* First W child with this local name, or NULL. */
static inline xmlNode *px_docx_child(const xmlNode *n, const char *local)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (PX_W(c, local))
            return c;
    return NULL;
}

/* The branch of an mc:AlternateContent that planex reads: the first
 * mc:Choice (what current Word shows), else mc:Fallback.  Only one, never
 * both: a text box is written twice, once per branch. */
xmlNode *px_docx_mc_branch(const xmlNode *alt);

/* w:val and friends: "1", "true", "on" (or no attribute at all) are true. */
int px_docx_onoff(const xmlNode *n);
/* A twips measure (or a universal measure such as "2.5cm" in strict
 * documents) in twips; returns 0 when absent or unreadable. */
int px_docx_twips(const char *s, double *out);
/* A decimal integer attribute, clamped; returns 0 when absent or unreadable. */
int px_docx_int(const char *s, long *out);

/* ---- formatting: styles and numbering (docx_numbering.c) ----------------- */

/* Run properties; -1 or 0 means "not set here". */
typedef struct px_docx_rpr {
    signed char bold, caps, vanish;
    int sz;                 /* half-points */
} px_docx_rpr;

/* Paragraph properties; -1 means "not set here". */
typedef struct px_docx_ppr {
    long num_id;            /* 0: numbering explicitly off */
    int ilvl;
    int outline;            /* 0..8: heading level in the outline; 9: body */
    signed char page_break_before;
    signed char has_ind;
    double ind_left;        /* twips */
} px_docx_ppr;

void px_docx_rpr_init(px_docx_rpr *r);
void px_docx_ppr_init(px_docx_ppr *p);
/* Reads a w:rPr / w:pPr element into r / p (fields present overwrite). */
void px_docx_read_rpr(const xmlNode *rpr, px_docx_rpr *r);
void px_docx_read_ppr(const xmlNode *ppr, px_docx_ppr *p);
/* Overlays the fields set in top onto base. */
void px_docx_rpr_merge(px_docx_rpr *base, const px_docx_rpr *top);

typedef struct px_docx_fmt px_docx_fmt;

/* Builds the model from styles.xml and numbering.xml (either may be NULL);
 * takes ownership of both trees.  Warnings go to doc.  NULL when out of
 * memory. */
px_docx_fmt *px_docx_fmt_new(xmlDoc *styles, xmlDoc *numbering, px_doc *doc);
void px_docx_fmt_free(px_docx_fmt *f);

/* A paragraph style's resolved properties (docDefaults and basedOn chain
 * applied); style_id NULL or unknown gives the default paragraph style. */
typedef struct px_docx_pstyle {
    const char *id;         /* the style id actually used, or NULL */
    px_docx_rpr rpr;
    px_docx_ppr ppr;
    int heading;            /* Title, heading N, or an outline level */
} px_docx_pstyle;
void px_docx_pstyle_get(px_docx_fmt *f, const char *style_id, px_docx_pstyle *out);
/* A character style's resolved run properties (basedOn applied), merged
 * onto r. */
void px_docx_cstyle_apply(px_docx_fmt *f, const char *style_id, px_docx_rpr *r);

/* The list label for one numbered paragraph.  Advances Word's counters, so
 * call it once per paragraph, in document order.  pstyle_id (may be NULL)
 * finds the level of a style-linked list when ilvl < 0.  Returns a malloc'd
 * label or NULL (no numbering, "none", or an empty label); *suffix is the
 * character Word puts after it ('\t', ' ' or 0); *ind is the level's left
 * indent in twips when *has_ind. */
char *px_docx_number(px_docx_fmt *f, long num_id, int ilvl, const char *pstyle_id,
                     char *suffix, int *has_ind, double *ind);

/* A note number in a w:numFmt value ("decimal", "lowerRoman", ...);
 * malloc'd. */
char *px_docx_format_number(long v, const char *numfmt);

/* Replaces a Symbol/Wingdings private-use code point (U+F0xx) by the
 * character it shows, or returns 0 when there is none to give. */
unsigned px_docx_map_pua(unsigned cp, int bullet);

/* UTF-8 encoding of cp into out (>= 4 bytes); returns the length. */
int px_docx_utf8(unsigned cp, char *out);

#endif
