/* fuzz_docx.c: libFuzzer target for the DOCX extractor (libzip, libxml2,
 * numbering).  Seeds: corpus/docx, corpus/docx-fixtures, the appendix. */
#include <stdint.h>
#include <stdlib.h>

#include "extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    px_doc *doc = px_doc_new(PX_FORMAT_DOCX);
    px_error err;
    if (doc)
        px_extract_docx(data, size, doc, &err);
    px_doc_free(doc);
    return 0;
}
