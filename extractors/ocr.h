/* ocr.h: words from a page image, through Tesseract's C API.
 *
 * Compiled only when PX_HAVE_OCR is defined (the Makefile defines it when
 * `pkg-config tesseract lept` works).  Knows neither poppler nor cairo: the
 * PDF extractor renders a page to 8-bit grayscale and hands the pixels
 * here; the words come back as px_pdf_words (points, y downwards) so they
 * go through the same line and paragraph building as a text layer.
 *
 * One px_ocr per document and thread: a handle is not shared between
 * threads; Tesseract runs each call on one thread (OMP_THREAD_LIMIT=1, see
 * ocr.c). */
#ifndef PX_OCR_H
#define PX_OCR_H

#include <stddef.h>

#include "pdf_layout.h"

typedef struct px_ocr px_ocr;

/* Loads the language data (e.g. "vie").  NULL on failure, with a reason in
 * err (errlen bytes). */
px_ocr *px_ocr_new(const char *lang, char *err, size_t errlen);
void px_ocr_free(px_ocr *ocr);

/* Recognizes a grayscale image (1 byte per pixel, rows stride bytes apart)
 * rendered at dpi, and appends its words to page with coordinates in
 * points.  Returns the number of words, or -1 on failure. */
int px_ocr_page(px_ocr *ocr, const unsigned char *gray, int width, int height, int stride, int dpi,
                px_pdf_page *page);

#endif
