/* pdf.c: PDF to blocks through poppler-glib (the only file that includes
 * poppler).
 *
 * Per page it asks poppler once for the text, the per-character rectangles
 * and the font attributes (the same PopplerPage reuses its text page),
 * groups characters into words with their box, size and boldness, converts
 * legacy Vietnamese fonts (TCVN3, VNI) to Unicode, and hands the words to
 * pdf_layout.c, which builds lines, regions and paragraphs.  A page with no
 * text layer is rendered at 300 dpi and read by OCR (ocr.c) when planex was
 * built with Tesseract. */
#include "extract.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <poppler.h>

#include "legacy_fonts.h"
#include "px_limits.h"
#include "pdf_layout.h"
#ifdef PX_HAVE_OCR
#include "ocr.h"
#endif

enum { OCR_DPI = 300 };

/* Poppler reports every syntax problem of a damaged file through g_log in
 * the "Poppler" domain.  Users must never see that noise, so a handler for
 * that domain swallows it.  A log handler is process state: it is installed
 * once (g_once) and only counts messages in a thread-local counter, so each
 * extraction learns whether poppler complained about its own document and
 * nothing is shared between threads or visible to other modules. */
static _Thread_local unsigned poppler_complaints;

static void on_poppler_log(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer data)
{
    (void)domain, (void)level, (void)msg, (void)data;
    poppler_complaints++;
}

static gpointer install_log_handler(gpointer data)
{
    (void)data;
    g_log_set_handler("Poppler", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION,
                      on_poppler_log, NULL);
    return NULL;
}

static void quiet_poppler(void)
{
    static GOnce once = G_ONCE_INIT;
    g_once(&once, install_log_handler, NULL);
}

static int font_is_bold(const char *name)
{
    if (!name)
        return -1;
    return strcasestr(name, "bold") || strcasestr(name, "black") || strcasestr(name, "heavy") ||
           strcasestr(name, "semibold") || strcasestr(name, "demi");
}

/* The word being gathered from characters. */
typedef struct wordbuf {
    char text[1024];
    size_t len;
    double x1, y1, x2, y2, size;
    int bold, space_before;
    size_t last_cp_at;      /* byte offset of the last code point */
    uint32_t last_cp;
    int tcvn3;              /* 1: read as TCVN3, 2: TCVN3 capitals */
} wordbuf;

/* TCVN3 puts ư at 0xAD, which WinAnsiEncoding names "hyphen": poppler hands
 * it over as '-'.  Inside a word ("n-íc", "-u tiªn") it is the letter; a
 * hyphen between spaces, digits or capitals ("KH-UBND") stays. */
static void tcvn3_hyphens(wordbuf *w)
{
    if (!memchr(w->text, '-', w->len))
        return;
    char out[sizeof w->text];
    size_t o = 0;
    gunichar prev = 0;
    for (const char *p = w->text; p < w->text + w->len; p = g_utf8_next_char(p)) {
        gunichar cp = g_utf8_get_char(p);
        const char *nx = g_utf8_next_char(p);
        gunichar next = nx < w->text + w->len ? g_utf8_get_char(nx) : 0;
        int letter_after = g_unichar_isalpha(next);
        if (cp == '-' && letter_after &&
            (w->tcvn3 == 2 ? (prev == 0 || g_unichar_isalpha(prev))
                           : ((prev == 0 && g_unichar_islower(next)) || g_unichar_islower(prev))))
            cp = w->tcvn3 == 2 ? 0x01AF : 0x01B0;
        if (o + 6 >= sizeof out)
            break;
        o += (size_t)g_unichar_to_utf8(cp, out + o);
        prev = cp;
    }
    memcpy(w->text, out, o);
    w->len = o;
}

static int word_flush(wordbuf *w, px_pdf_page *pg)
{
    int rc = 0;
    if (w->tcvn3)
        tcvn3_hyphens(w);
    w->tcvn3 = 0;
    if (w->len)
        rc = px_pdf_page_add_word(pg, w->text, w->len, w->x1, w->y1, w->x2, w->y2, w->size, w->bold,
                                  w->space_before);
    w->len = 0;
    w->space_before = 0;
    return rc;
}

static void word_put(wordbuf *w, uint32_t cp)
{
    char tmp[6];
    int n = g_unichar_to_utf8(cp, tmp);
    if (w->len + (size_t)n >= sizeof w->text)
        return; /* a 1 KB "word" is garbage; keep its start */
    w->last_cp_at = w->len;
    w->last_cp = cp;
    memcpy(w->text + w->len, tmp, (size_t)n);
    w->len += (size_t)n;
}

/* Reads one page's text layer into pg.  Returns the number of non-space
 * characters, or -1 when out of memory. */
static long read_text_layer(PopplerPage *page, px_pdf_page *pg)
{
    char *text = poppler_page_get_text(page);
    PopplerRectangle *rects = NULL;
    guint n_rects = 0;
    if (!text || !poppler_page_get_text_layout(page, &rects, &n_rects) || n_rects == 0) {
        g_free(text);
        g_free(rects);
        return 0;
    }
    GList *attrs = poppler_page_get_text_attributes(page);

    /* Legacy fonts: by name per attribute run; when no name tells, by the
     * page's character statistics. */
    int named_legacy = 0;
    for (GList *a = attrs; a; a = a->next) {
        PopplerTextAttributes *ta = a->data;
        if (px_legacy_font_encoding(ta->font_name) != PX_LEGACY_NONE)
            named_legacy = 1;
    }
    px_legacy_enc page_enc = named_legacy ? PX_LEGACY_NONE : px_legacy_guess(text, strlen(text));

    wordbuf w;
    memset(&w, 0, sizeof w);
    w.space_before = 1;
    long chars = 0;
    int oom = 0;
    GList *a = attrs;
    px_legacy_enc enc = page_enc;
    int bold = -1;
    double size = 0;
    const char *p = text;
    for (guint i = 0; i < n_rects && *p && !oom; i++, p = g_utf8_next_char(p)) {
        gunichar cp = g_utf8_get_char(p);
        PopplerRectangle *r = &rects[i];
        while (a && ((PopplerTextAttributes *)a->data)->end_index < (gint)i)
            a = a->next;
        PopplerTextAttributes *ta = a ? a->data : NULL;
        if (ta && ta->start_index <= (gint)i) {
            size = ta->font_size;
            bold = font_is_bold(ta->font_name);
            enc = named_legacy ? px_legacy_font_encoding(ta->font_name) : page_enc;
        }
        if (g_unichar_isspace(cp) || cp == 0xA0 || cp == 0) {
            if (word_flush(&w, pg))
                oom = 1;
            w.space_before = 1;
            continue;
        }
        chars++;
        if (enc == PX_LEGACY_TCVN3 || enc == PX_LEGACY_TCVN3_CAPS) {
            cp = px_legacy_tcvn3_char(cp, enc == PX_LEGACY_TCVN3_CAPS);
        } else if (enc == PX_LEGACY_VNI) {
            uint32_t composed;
            if (w.len && px_legacy_vni_compose(w.last_cp, cp, &composed)) {
                /* the mark joins its base letter: one letter, one box */
                w.len = w.last_cp_at;
                word_put(&w, composed);
                w.x2 = fmax(w.x2, r->x2);
                continue;
            }
            cp = px_legacy_vni_char(cp);
        }
        if (w.len) {
            /* A new word where the size jumps (a raised footnote mark glued
             * to its word: "tốt1."), the text goes back or leaps, or the
             * baseline moves. */
            double h = w.y2 - w.y1, cy = (r->y1 + r->y2) / 2;
            int jump = fabs(size - w.size) > 0.15 * fmax(size, w.size) || r->x1 < w.x2 - 0.5 * h ||
                       r->x1 - w.x2 > 0.3 * (size > 0 ? size : h) || cy < w.y1 || cy > w.y2;
            if (jump && word_flush(&w, pg))
                oom = 1;
        }
        if (!w.len) {
            w.x1 = r->x1;
            w.y1 = r->y1;
            w.x2 = r->x2;
            w.y2 = r->y2;
            w.size = size;
            w.bold = bold;
        } else {
            w.x1 = fmin(w.x1, r->x1);
            w.y1 = fmin(w.y1, r->y1);
            w.x2 = fmax(w.x2, r->x2);
            w.y2 = fmax(w.y2, r->y2);
            if (bold == 0)
                w.bold = 0;
        }
        if (enc == PX_LEGACY_TCVN3 || enc == PX_LEGACY_TCVN3_CAPS)
            w.tcvn3 = enc == PX_LEGACY_TCVN3_CAPS ? 2 : 1;
        word_put(&w, cp);
    }
    if (!oom && word_flush(&w, pg))
        oom = 1;
    poppler_page_free_text_attributes(attrs);
    g_free(rects);
    g_free(text);
    return oom ? -1 : chars;
}

#ifdef PX_HAVE_OCR
/* Renders the page at OCR_DPI to 8-bit gray and reads it.  Returns the
 * number of words, 0 for a blank page, -1 on failure. */
static int ocr_page(PopplerPage *page, px_ocr *ocr, px_pdf_page *pg)
{
    double scale = OCR_DPI / 72.0;
    /* A page larger than A2 is rendered at a lower resolution rather than
     * as a gigabyte bitmap. */
    if (pg->width * pg->height * scale * scale > 80e6)
        scale = sqrt(80e6 / (pg->width * pg->height));
    int dpi = (int)lround(scale * 72);
    int w = (int)ceil(pg->width * scale), h = (int)ceil(pg->height * scale);
    if (w <= 0 || h <= 0)
        return -1;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return -1;
    }
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    poppler_page_render(page, cr);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    const unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    unsigned char *gray = malloc((size_t)w * (size_t)h);
    if (!gray) {
        cairo_surface_destroy(s);
        return -1;
    }
    size_t dark = 0;
    for (int y = 0; y < h; y++) {
        const uint32_t *row = (const uint32_t *)(data + (size_t)y * (size_t)stride);
        unsigned char *out = gray + (size_t)y * (size_t)w;
        for (int x = 0; x < w; x++) {
            uint32_t px = row[x];
            unsigned v = (((px >> 16) & 255) * 77 + ((px >> 8) & 255) * 150 + (px & 255) * 29) >> 8;
            out[x] = (unsigned char)v;
            dark += v < 128;
        }
    }
    cairo_surface_destroy(s);
    int rc = 0;
    if (dark * 20000 > (size_t)w * (size_t)h) /* not blank */
        rc = px_ocr_page(ocr, gray, w, h, w, dpi, pg);
    free(gray);
    return rc;
}
#endif

/* Whether images cover most of the page (a scanned page). */
static int image_covers_page(PopplerPage *page, const px_pdf_page *pg)
{
    GList *images = poppler_page_get_image_mapping(page);
    double area = 0;
    for (GList *l = images; l; l = l->next) {
        PopplerImageMapping *m = l->data;
        area += fabs((m->area.x2 - m->area.x1) * (m->area.y2 - m->area.y1));
    }
    poppler_page_free_image_mapping(images);
    return area > 0.5 * pg->width * pg->height;
}

/* A file cut short loses its trailer; poppler rebuilds what it can and
 * would hand over part of a plan as if it were whole. */
static int looks_truncated(const unsigned char *bytes, size_t len)
{
    size_t tail = len < 4096 ? len : 4096;
    return memmem(bytes + len - tail, tail, "%%EOF", 5) == NULL;
}

int px_extract_pdf(const unsigned char *bytes, size_t len, const px_extract_options *opt,
                   px_doc *doc, px_error *err)
{
    px_extract_options defaults = {.ocr = 1, .max_pages = 0};
    if (!opt)
        opt = &defaults;
    quiet_poppler();
    if (len < 8 || memcmp(bytes, "%PDF", 4) != 0)
        return px_error_set(err, "not a PDF file (no %%PDF header)");
    if (looks_truncated(bytes, len))
        return px_error_set(err, "the PDF is truncated (the file ends before its end-of-file marker)");

    unsigned complaints0 = poppler_complaints;
    GBytes *gb = g_bytes_new_static(bytes, len);
    GError *gerr = NULL;
    PopplerDocument *pd = poppler_document_new_from_bytes(gb, NULL, &gerr);
    g_bytes_unref(gb);
    if (!pd) {
        int encrypted = gerr && gerr->domain == POPPLER_ERROR && gerr->code == POPPLER_ERROR_ENCRYPTED;
        g_clear_error(&gerr);
        if (encrypted)
            return px_error_set(err, "the PDF is password-protected: remove the password and try again");
        return px_error_set(err, "the PDF is damaged and cannot be read");
    }
    int n_pages = poppler_document_get_n_pages(pd);
    int max_pages = opt->max_pages > 0 ? opt->max_pages : PX_LIMIT_PDF_PAGES;
    if (n_pages <= 0) {
        g_object_unref(pd);
        return px_error_set(err, "the PDF has no pages");
    }
    if (n_pages > max_pages) {
        g_object_unref(pd);
        return px_error_set(err, "the PDF has %d pages, more than the limit of %d", n_pages, max_pages);
    }
    doc->pages = n_pages;

    px_pdf_page *pages = calloc((size_t)n_pages, sizeof *pages);
    if (!pages) {
        g_object_unref(pd);
        return px_error_set(err, "out of memory");
    }
#ifdef PX_HAVE_OCR
    px_ocr *ocr = NULL;
    int ocr_failed = 0;
    char ocr_err[256] = "";
#endif
    int rc = 0, no_text = 0, text_pages = 0;
    for (int i = 0; i < n_pages && rc == 0; i++) {
        px_pdf_page *pg = &pages[i];
        pg->number = i + 1;
        PopplerPage *page = poppler_document_get_page(pd, i);
        if (!page) {
            px_doc_warn(doc, "page %d: cannot be read", i + 1);
            continue;
        }
        poppler_page_get_size(page, &pg->width, &pg->height);
        unsigned before = poppler_complaints;
        long chars = read_text_layer(page, pg);
        /* A scan with a stamped page number or a few words typed on it:
         * the picture holds the text. */
        if (chars > 0 && chars < 40 && image_covers_page(page, pg)) {
#ifdef PX_HAVE_OCR
            if (opt->ocr) {
                px_pdf_page_free(pg);
                chars = 0;
            } else
#endif
                px_doc_warn(doc, "page %d: a scanned picture with little text on it, not read (%s)", i + 1,
#ifdef PX_HAVE_OCR
                            "OCR is off"
#else
                            "planex was built without OCR"
#endif
                );
        }
        if (chars < 0) {
            rc = px_error_set(err, "out of memory");
        } else if (chars > 0) {
            text_pages++;
            if (poppler_complaints != before)
                px_doc_warn(doc, "page %d: damaged content, its text may be incomplete", i + 1);
        } else if (!opt->ocr) {
            no_text++;
            px_doc_warn(doc, "page %d: no text layer (a scanned page?) and OCR is off", i + 1);
        } else {
#ifdef PX_HAVE_OCR
            px_pdf_page_free(pg);
            pg->ocr = 1;
            if (!ocr && !ocr_failed) {
                ocr = px_ocr_new("vie", ocr_err, sizeof ocr_err);
                ocr_failed = ocr == NULL;
                if (ocr_failed)
                    px_doc_warn(doc, "OCR unavailable: %s", ocr_err);
            }
            int words = ocr ? ocr_page(page, ocr, pg) : -1;
            if (words > 0) {
                text_pages++;
                px_doc_warn(doc, "page %d: no text layer, read by OCR", i + 1);
            } else {
                no_text++;
                if (words == 0)
                    px_doc_warn(doc, "page %d: blank (no text layer, OCR found nothing)", i + 1);
                else if (!ocr_failed)
                    px_doc_warn(doc, "page %d: no text layer and OCR failed", i + 1);
            }
#else
            no_text++;
            px_doc_warn(doc, "page %d: no text layer (a scanned page?) and planex was built without OCR", i + 1);
#endif
        }
        g_object_unref(page);
    }
#ifdef PX_HAVE_OCR
    px_ocr_free(ocr);
#endif
    g_object_unref(pd);

    if (rc == 0 && text_pages == 0) {
#ifdef PX_HAVE_OCR
        if (!opt->ocr)
            rc = px_error_set(err, "no text: the PDF has no text layer (a scan?) and OCR is off");
        else if (ocr_failed)
            rc = px_error_set(err, "no text: the PDF has no text layer and OCR is unavailable (%s)", ocr_err);
        else if (poppler_complaints != complaints0)
            rc = px_error_set(err, "the PDF is damaged: no page could be read");
        else
            rc = px_error_set(err, "no text: the PDF's pages are blank or OCR found no text");
#else
        if (poppler_complaints != complaints0)
            rc = px_error_set(err, "the PDF is damaged: no page could be read");
        else
            rc = px_error_set(err, "no text: the PDF has no text layer (a scan?) and planex was built without OCR");
#endif
    }
    size_t first_block = doc->n_blocks;
    if (rc == 0 && px_pdf_layout(pages, (size_t)n_pages, doc) != 0)
        rc = px_error_set(err, "out of memory");
    /* later stages may repair what OCR typically misreads */
    for (size_t k = first_block; rc == 0 && k < doc->n_blocks; k++) {
        int p = doc->blocks[k].page;
        if (p >= 1 && p <= n_pages && pages[p - 1].ocr)
            doc->blocks[k].ocr = 1;
    }
    for (int i = 0; i < n_pages; i++)
        px_pdf_page_free(&pages[i]);
    free(pages);
    (void)no_text;
    return rc;
}
