/* pdf_layout.h: from positioned words to blocks.
 *
 * The PDF extractor (text layer through poppler) and the OCR path (words
 * from Tesseract) both hand their words here, page by page; this file knows
 * neither library.  It rebuilds lines from the geometry, finds the running
 * headers and page numbers, the footnotes, the task tables, the two-column
 * header and signature blocks of Decree 30/2020/NĐ-CP, and joins the rest
 * of the lines into paragraphs, also across page breaks.
 *
 * Coordinates are PDF points with y growing downwards (poppler's layout
 * rectangles; OCR pixels scaled by 72/dpi).  A px_pdf_page owns its words
 * and their text; px_pdf_page_free releases them (NULL-safe). */
#ifndef PX_PDF_LAYOUT_H
#define PX_PDF_LAYOUT_H

#include <stddef.h>

#include "doc.h"

typedef struct px_pdf_word {
    size_t text, len;           /* UTF-8 text: page->buf + text, len bytes */
    double x1, y1, x2, y2;      /* box in points, y downwards */
    double size;                /* font size in points (0 unknown) */
    signed char bold;           /* 1 bold, 0 not, -1 unknown */
    unsigned char space_before; /* white space came before it in the source */
} px_pdf_word;

typedef struct px_pdf_page {
    int number;                 /* 1-based page number */
    double width, height;       /* points */
    int ocr;                    /* the words come from OCR */
    px_pdf_word *words;
    size_t n_words, cap_words;
    char *buf;
    size_t buf_len, buf_cap;
} px_pdf_page;

/* Appends a word (text copied).  Returns 0, or -1 when out of memory. */
int px_pdf_page_add_word(px_pdf_page *page, const char *text, size_t len, double x1, double y1,
                         double x2, double y2, double size, int bold, int space_before);

/* Frees the page's words and text (not the struct itself). */
void px_pdf_page_free(px_pdf_page *page);

/* Lays out n pages (in order) and appends their blocks to doc.  Returns 0,
 * or -1 when out of memory. */
int px_pdf_layout(px_pdf_page *pages, size_t n, px_doc *doc);

#endif
