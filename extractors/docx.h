/* docx.h: what of the DOCX extractor the tests reach besides px_extract_docx.
 *
 * The limits are a value so that tests can exercise every check with small
 * files: a 256 MB total-size bomb is the same code path as a 4 KB one when
 * the limit is 4 KB.  px_extract_docx uses px_docx_default_limits, which
 * copies pipeline/px_limits.h. */
#ifndef PX_DOCX_H
#define PX_DOCX_H

#include <stddef.h>

#include "doc.h"
#include "error.h"

typedef struct px_docx_limits {
    long entries;       /* zip entries (PX_LIMIT_ZIP_ENTRIES) */
    long part_bytes;    /* one inflated part (PX_LIMIT_ZIP_PART_BYTES) */
    long total_bytes;   /* all parts read (PX_LIMIT_ZIP_TOTAL_BYTES) */
    long ratio;         /* inflated / compressed (PX_LIMIT_ZIP_RATIO) */
    long ratio_grace;   /* inflated bytes under which the ratio is not held
                           against a part: 300 KB of empty paragraphs
                           legitimately deflates 500:1 and harms nobody */
    int xml_depth;      /* element nesting (PX_LIMIT_XML_DEPTH) */
    long xml_nodes;     /* elements + attributes in one part: a 64 MB part
                           of "<w:p/>" passes every zip limit yet becomes
                           ~1.5 GB of tree; 2M nodes is a 1000-page plan */
} px_docx_limits;

void px_docx_default_limits(px_docx_limits *lim);

/* px_extract_docx with explicit limits. */
int px_docx_extract_limited(const unsigned char *bytes, size_t len, const px_docx_limits *lim,
                            px_doc *doc, px_error *err);

#endif
