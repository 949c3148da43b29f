/* docx_zip.c: the DOCX package under hostile assumptions.
 *
 * A .docx is a zip of XML parts.  Everything about it may lie: the entry
 * count, the sizes in the central directory and local headers, the
 * compression ratio, and the XML inside.  So every part is read through one
 * function that checks the declared sizes first and then counts the bytes
 * actually inflated, stopping at the first byte over a limit; and every part
 * is parsed by one function that refuses DTDs outright. */
#include "docx_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <zip.h>

#include "px_limits.h"

struct px_docx_zip {
    zip_t *za;
    size_t file_len;
    const px_docx_limits *lim;
    long total;             /* inflated bytes read so far, all parts */
};

void px_docx_default_limits(px_docx_limits *lim)
{
    lim->entries = PX_LIMIT_ZIP_ENTRIES;
    lim->part_bytes = PX_LIMIT_ZIP_PART_BYTES;
    lim->total_bytes = PX_LIMIT_ZIP_TOTAL_BYTES;
    lim->ratio = PX_LIMIT_ZIP_RATIO;
    lim->ratio_grace = PX_LIMIT_ZIP_RATIO_GRACE;
    lim->xml_depth = PX_LIMIT_XML_DEPTH;
    lim->xml_nodes = PX_LIMIT_XML_NODES;
}

/* Sizes for messages: "64 MB", "4096 bytes". */
static void human(char *buf, size_t n, long bytes)
{
    if (bytes >= 1024L * 1024 && bytes % (1024L * 1024) == 0)
        snprintf(buf, n, "%ld MB", bytes / (1024L * 1024));
    else
        snprintf(buf, n, "%ld bytes", bytes);
}

int px_docx_zip_open(const unsigned char *bytes, size_t len, const px_docx_limits *lim,
                     px_docx_zip **out, px_error *err)
{
    *out = NULL;
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *src = zip_source_buffer_create(bytes, len, 0, &zerr);
    if (!src) {
        zip_error_fini(&zerr);
        return px_error_set(err, "out of memory");
    }
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &zerr);
    if (!za) {
        px_error_set(err, "not a readable zip archive (truncated or damaged): %s",
                     zip_error_strerror(&zerr));
        zip_error_fini(&zerr);
        zip_source_free(src);
        return -1;
    }
    zip_error_fini(&zerr);
    zip_int64_t n = zip_get_num_entries(za, 0);
    if (n < 0 || n > lim->entries) {
        zip_discard(za);
        return px_error_set(err, "the zip holds %lld entries, more than the limit of %ld "
                            "(PX_LIMIT_ZIP_ENTRIES): refused as a zip bomb",
                            (long long)n, lim->entries);
    }
    px_docx_zip *z = calloc(1, sizeof *z);
    if (!z) {
        zip_discard(za);
        return px_error_set(err, "out of memory");
    }
    z->za = za;
    z->file_len = len;
    z->lim = lim;
    *out = z;
    return 0;
}

void px_docx_zip_close(px_docx_zip *z)
{
    if (!z)
        return;
    zip_discard(z->za);
    free(z);
}

static int too_big(const px_docx_zip *z, const char *name, unsigned long long size, px_error *err)
{
    char lim[32];
    human(lim, sizeof lim, z->lim->part_bytes);
    return px_error_set(err, "zip part %s inflates to more than the %s per-part limit "
                        "(PX_LIMIT_ZIP_PART_BYTES; %llu bytes): refused as a zip bomb",
                        name, lim, size);
}

static int too_dense(const px_docx_zip *z, const char *name, unsigned long long size,
                     unsigned long long csize, px_error *err)
{
    return px_error_set(err, "zip part %s inflates more than %ld times its compressed size "
                        "(PX_LIMIT_ZIP_RATIO; %llu bytes from %llu): refused as a zip bomb",
                        name, z->lim->ratio, size, csize);
}

static int too_much(const px_docx_zip *z, px_error *err)
{
    char lim[32];
    human(lim, sizeof lim, z->lim->total_bytes);
    return px_error_set(err, "the zip parts read inflate to more than the %s total limit "
                        "(PX_LIMIT_ZIP_TOTAL_BYTES): refused as a zip bomb", lim);
}

/* The ratio test, shared by the declared and the counted sizes. */
static int dense(const px_docx_zip *z, unsigned long long size, unsigned long long csize)
{
    if ((long long)size <= z->lim->ratio_grace)
        return 0;
    /* A compressed size larger than the whole file is itself a lie. */
    if (csize > z->file_len)
        csize = z->file_len;
    if (csize == 0)
        return 1;
    return size / csize >= (unsigned long long)z->lim->ratio;
}

int px_docx_zip_read(px_docx_zip *z, const char *name, char **out, size_t *out_len,
                     px_error *err)
{
    *out = NULL;
    *out_len = 0;
    zip_int64_t idx = zip_name_locate(z->za, name, ZIP_FL_NOCASE);
    if (idx < 0)
        return 1;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(z->za, (zip_uint64_t)idx, 0, &st) != 0)
        return px_error_set(err, "zip part %s: %s", name, zip_strerror(z->za));
    unsigned long long declared = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
    unsigned long long csize = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : z->file_len;
    /* First the headers' word, which costs nothing to check... */
    if (declared > (unsigned long long)z->lim->part_bytes)
        return too_big(z, name, declared, err);
    if (dense(z, declared, csize))
        return too_dense(z, name, declared, csize, err);
    if ((long long)declared > z->lim->total_bytes - z->total)
        return too_much(z, err);
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
        return px_error_set(err, "zip part %s is encrypted", name);

    zip_file_t *f = zip_fopen_index(z->za, (zip_uint64_t)idx, 0);
    if (!f)
        return px_error_set(err, "zip part %s cannot be opened: %s", name, zip_strerror(z->za));
    /* ...then the bytes themselves: the buffer grows as data arrives, so a
     * header that declares 1 KB for a 1 GB stream buys nothing. */
    size_t cap = declared + 1 < 65536 ? 65536 : (size_t)declared + 1;
    char *buf = malloc(cap);
    size_t n = 0;
    int rc = 0;
    if (!buf) {
        zip_fclose(f);
        return px_error_set(err, "out of memory");
    }
    for (;;) {
        if (cap - n < 16384) {
            size_t ncap = cap * 2;
            char *g = realloc(buf, ncap);
            if (!g) {
                rc = px_error_set(err, "out of memory");
                break;
            }
            buf = g;
            cap = ncap;
        }
        zip_int64_t got = zip_fread(f, buf + n, cap - n - 1);
        if (got < 0) {
            rc = px_error_set(err, "zip part %s is damaged: %s", name, zip_file_strerror(f));
            break;
        }
        if (got == 0)
            break;
        n += (size_t)got;
        if (n > (size_t)z->lim->part_bytes) {
            rc = too_big(z, name, n, err);
            break;
        }
        if (dense(z, n, csize)) {
            rc = too_dense(z, name, n, csize, err);
            break;
        }
        if ((long)n > z->lim->total_bytes - z->total) {
            rc = too_much(z, err);
            break;
        }
    }
    zip_fclose(f);
    if (rc != 0) {
        free(buf);
        return -1;
    }
    z->total += (long)n;
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return 0;
}

/* ---- XML ------------------------------------------------------------------ */

typedef struct parse_state {
    int dtd;                /* a DOCTYPE was seen: parsing was stopped */
    int too_many;           /* xml_nodes reached: parsing was stopped */
    long nodes, max_nodes;
    startElementNsSAX2Func start;   /* libxml2's own tree builder */
    int have_error;
    int line;
    char msg[160];
} parse_state;

/* SAX internalSubset fires at "<!DOCTYPE name ...", before any declaration
 * inside it is read: stopping here means no entity is ever declared, so none
 * can expand (billion laughs) or fetch a file (XXE). */
static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
    xmlParserCtxtPtr c = ctx;
    parse_state *ps = c->_private;
    ps->dtd = 1;
    xmlStopParser(c);
}

/* Counts elements and attributes as the tree is built, and stops the
 * parser at the limit, before the memory is spent. */
static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int nb_ns, const xmlChar **ns, int nb_attr, int nb_def, const xmlChar **attrs)
{
    xmlParserCtxtPtr c = ctx;
    parse_state *ps = c->_private;
    ps->nodes += 1 + (nb_attr > 0 ? nb_attr : 0);
    if (ps->nodes > ps->max_nodes) {
        ps->too_many = 1;
        xmlStopParser(c);
        return;
    }
    ps->start(ctx, local, prefix, uri, nb_ns, ns, nb_attr, nb_def, attrs);
}

/* Errors are kept, never printed: extractors never print. */
static void on_error(void *user, xmlErrorPtr e)
{
    xmlParserCtxtPtr c = user;
    parse_state *ps = c ? c->_private : NULL;
    if (!ps || ps->have_error || !e || e->level < XML_ERR_ERROR)
        return;
    ps->have_error = 1;
    ps->line = e->line;
    snprintf(ps->msg, sizeof ps->msg, "%s", e->message ? e->message : "unknown error");
    size_t l = strlen(ps->msg);
    while (l > 0 && (ps->msg[l - 1] == '\n' || ps->msg[l - 1] == ' '))
        ps->msg[--l] = '\0';
}

int px_docx_xml_parse(const char *buf, size_t len, const char *part, long max_nodes,
                      xmlDoc **out, px_error *err)
{
    *out = NULL;
    if (len > (size_t)0x7fffffff)
        return px_error_set(err, "%s is too large to parse", part);
    xmlParserCtxtPtr c = xmlCreateMemoryParserCtxt(buf, (int)len);
    if (!c)
        return px_error_set(err, "out of memory");
    parse_state ps = {0};
    ps.max_nodes = max_nodes;
    c->_private = &ps;
    c->sax->internalSubset = on_doctype;
    c->sax->externalSubset = NULL;
    c->sax->serror = on_error;
    c->sax->error = NULL;
    c->sax->warning = NULL;
    c->vctxt.error = NULL;
    c->vctxt.warning = NULL;
    /* NONET: no fetching; no NOENT, DTDLOAD, DTDATTR or HUGE: entities stay
     * references and the parser's own depth (256) and size limits stay on. */
    xmlCtxtUseOptions(c, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                             XML_PARSE_NOCDATA | XML_PARSE_COMPACT);
    c->sax->serror = on_error;      /* UseOptions may reset handlers */
    c->sax->internalSubset = on_doctype;
    ps.start = c->sax->startElementNs;
    if (!ps.start) {
        xmlFreeParserCtxt(c);
        return px_error_set(err, "%s: the XML parser is not set up for namespaces", part);
    }
    c->sax->startElementNs = on_start;
    xmlParseDocument(c);
    xmlDoc *doc = c->myDoc;
    int ok = c->wellFormed && !ps.dtd && !ps.too_many && doc;
    int depth_hit = ps.have_error && strstr(ps.msg, "Excessive depth") != NULL;
    xmlFreeParserCtxt(c);
    if (ok) {
        *out = doc;
        return 0;
    }
    if (doc)
        xmlFreeDoc(doc);
    if (ps.dtd)
        return px_error_set(err, "%s holds a DTD (<!DOCTYPE>), which Office Open XML forbids "
                            "and XML entity attacks need: refused", part);
    if (ps.too_many)
        return px_error_set(err, "%s holds more than %ld XML elements and attributes "
                            "(px_docx_limits.xml_nodes): refused", part, max_nodes);
    if (depth_hit)
        return px_error_set(err, "%s nests XML elements deeper than %d levels "
                            "(PX_LIMIT_XML_DEPTH): refused", part, PX_LIMIT_XML_DEPTH);
    if (ps.have_error)
        return px_error_set(err, "%s is not well-formed XML (line %d: %s)", part, ps.line, ps.msg);
    return px_error_set(err, "%s is not well-formed XML", part);
}

int px_docx_load_xml(px_docx_zip *z, const char *part, xmlDoc **out, px_error *err)
{
    *out = NULL;
    char *buf;
    size_t n;
    int rc = px_docx_zip_read(z, part, &buf, &n, err);
    if (rc != 0)
        return rc;
    rc = px_docx_xml_parse(buf, n, part, z->lim->xml_nodes, out, err);
    free(buf);
    return rc;
}

/* ---- small readers shared by the other docx files ------------------------ */

xmlNode *px_docx_mc_branch(const xmlNode *alt)
{
    xmlNode *fallback = NULL;
    for (xmlNode *c = alt->children; c; c = c->next) {
        if (px_docx_is(c, PX_DOCX_NS_MC, "Choice"))
            return c;
        if (!fallback && px_docx_is(c, PX_DOCX_NS_MC, "Fallback"))
            fallback = c;
    }
    return fallback;
}

int px_docx_onoff(const xmlNode *n)
{
    const char *v = px_docx_attr(n, "val");
    if (!v)
        return 1;
    return !(strcmp(v, "0") == 0 || strcasecmp(v, "false") == 0 || strcasecmp(v, "off") == 0);
}

int px_docx_twips(const char *s, double *out)
{
    if (!s || !*s)
        return 0;
    char *end;
    double v = strtod(s, &end);
    if (end == s || v != v)
        return 0;
    if (*end == '\0')
        ;
    else if (strcmp(end, "pt") == 0)
        v *= 20;
    else if (strcmp(end, "in") == 0)
        v *= 1440;
    else if (strcmp(end, "cm") == 0)
        v *= 1440 / 2.54;
    else if (strcmp(end, "mm") == 0)
        v *= 144 / 2.54;
    else if (strcmp(end, "pc") == 0 || strcmp(end, "pi") == 0)
        v *= 240;
    else
        return 0;
    if (v > 1e7)
        v = 1e7;
    if (v < -1e7)
        v = -1e7;
    *out = v;
    return 1;
}

int px_docx_int(const char *s, long *out)
{
    if (!s || !*s)
        return 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (end == s)
        return 0;
    if (v > 1000000000LL)
        v = 1000000000LL;
    if (v < -1000000000LL)
        v = -1000000000LL;
    *out = (long)v;
    return 1;
}

int px_docx_utf8(unsigned cp, char *o)
{
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}
