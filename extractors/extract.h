/* extract.h: from a file's bytes to blocks.
 *
 * px_detect reads the bytes (never the file name) and says what the file is.
 * Each extractor takes the bytes of one file and appends blocks to a
 * caller-owned px_doc (created by px_extract).  On failure an extractor
 * returns -1 with a one-line reason in err, and the caller discards the doc:
 * nothing half-read goes further.  Extractors never print and never exit;
 * they are safe to call from several threads on different documents. */
#ifndef PX_EXTRACT_H
#define PX_EXTRACT_H

#include <stddef.h>

#include "doc.h"
#include "error.h"

/* What the bytes are.  Formats planex cannot read are detected too, so the
 * error can name the real format ("a legacy Word .doc (OLE) file"). */
typedef enum px_kind {
    PX_KIND_UNKNOWN = 0,
    PX_KIND_TEXT,          /* UTF-8 (BOM or not) or UTF-16 with BOM */
    PX_KIND_PDF,
    PX_KIND_DOCX,          /* OOXML zip with word/document.xml */
    PX_KIND_OLE,           /* OLE compound file: .doc, .xls, or encrypted OOXML */
    PX_KIND_ODT,           /* OpenDocument */
    PX_KIND_ZIP,           /* some other zip */
    PX_KIND_RTF,
    PX_KIND_HTML,
    PX_KIND_IMAGE,
    PX_KIND_BINARY,        /* anything else with NUL bytes */
    PX_KIND_EMPTY,
} px_kind;

px_kind px_detect(const unsigned char *bytes, size_t len);
/* Plain words for users: "a PDF file", "a legacy Word .doc (OLE) file". */
const char *px_kind_describe(px_kind kind);

typedef struct px_extract_options {
    int ocr;                 /* 1: OCR pages without a text layer (if built) */
    int max_pages;           /* 0: PX_LIMIT_PDF_PAGES */
} px_extract_options;

/* Detects the kind and runs the right extractor.  On success *out is a new
 * doc owned by the caller. */
int px_extract(const unsigned char *bytes, size_t len, const px_extract_options *opt,
               px_doc **out, px_error *err);

/* The extractors.  Each appends to doc (already created with its format). */
int px_extract_text(const unsigned char *bytes, size_t len, px_doc *doc, px_error *err);
int px_extract_pdf(const unsigned char *bytes, size_t len, const px_extract_options *opt,
                   px_doc *doc, px_error *err);
int px_extract_docx(const unsigned char *bytes, size_t len, px_doc *doc, px_error *err);

/* Version strings stored with each document so stale extractions can be
 * found (bump when an extractor's output changes). */
#define PX_EXTRACTOR_VERSION "1"

#endif
