/* doc.h: a document as a list of blocks, the one currency between stages.
 *
 * An extractor (extractors/) turns a file's bytes into blocks; normalize
 * rewrites their text in place and joins broken lines; segment and extract
 * read blocks only and never learn whether the source was PDF, DOCX or text.
 *
 * Ownership: a px_doc owns its blocks and every string in them.  Strings
 * passed to px_doc_add_* are copied.  px_doc_free(NULL) is a no-op. */
#ifndef PX_DOC_H
#define PX_DOC_H

#include <stddef.h>

typedef enum px_format {
    PX_FORMAT_UNKNOWN = 0,
    PX_FORMAT_TXT,      /* plain text and Markdown */
    PX_FORMAT_PDF,
    PX_FORMAT_DOCX,
} px_format;

typedef enum px_block_kind {
    /* A physical line that may continue the one before it (text extracted
     * from PDF by another tool); normalize decides whether to join it. */
    PX_BLOCK_LINE = 0,
    /* A paragraph the source already delimits (DOCX paragraph, a PDF
     * paragraph built from geometry, a Markdown paragraph). */
    PX_BLOCK_PARA,
    /* A paragraph the source marks as a heading (style or font). */
    PX_BLOCK_HEADING,
    /* One table cell (table, row, col set). */
    PX_BLOCK_CELL,
    /* A footnote or endnote: kept, but outside the main flow. */
    PX_BLOCK_NOTE,
    /* A running header or footer: kept apart, never in the body. */
    PX_BLOCK_MARGIN,
} px_block_kind;

typedef struct px_block {
    px_block_kind kind;
    char *text;          /* UTF-8; NFC after normalize */
    char *list_label;    /* label rendered from automatic numbering, or NULL */
    int page;            /* 1-based page, 0 when the format has none */
    int bold;            /* 1 bold, 0 not, -1 unknown */
    double font_size;    /* points; 0 unknown */
    double indent;       /* left indent in points; 0 unknown */
    int table;           /* table number (0-based) for cells, -1 otherwise */
    int row, col;        /* 0-based cell position */
    int row_span, col_span; /* merged cells: >= 1 */
    int page_break_before;  /* a page boundary lies before this block */
    int gap_before;      /* a blank line (text) or a wide vertical gap (PDF)
                          * separates this block from the one before */
    size_t offset;       /* character offset in the document text (normalize) */
    int ocr;             /* the text was read by OCR (may hold misreadings) */
    size_t bold_prefix;  /* bytes of bold text the block opens with when the
                          * rest is not bold (a run-in heading), else 0 */
} px_block;

typedef struct px_doc {
    px_format format;
    int pages;           /* PDF page count; 0 when not paged */
    px_block *blocks;
    size_t n_blocks, cap_blocks;
    char **warnings;     /* degraded parts ("page 3: no text"), owned */
    size_t n_warnings, cap_warnings;
} px_doc;

px_doc *px_doc_new(px_format format);
void px_doc_free(px_doc *doc);

/* Appends a block with default hints (page 0, bold -1, table -1) and a copy
 * of text (len bytes, or strlen when len is (size_t)-1).  Returns the block,
 * valid until the next append, or NULL when out of memory. */
px_block *px_doc_add_block(px_doc *doc, px_block_kind kind, const char *text, size_t len);

/* Records a warning (copied). */
void px_doc_warn(px_doc *doc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Replaces a block's text with a copy of text; frees the old text. */
void px_block_set_text(px_block *b, const char *text, size_t len);

const char *px_format_name(px_format f);

#endif
