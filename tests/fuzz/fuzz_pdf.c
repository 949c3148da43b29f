/* fuzz_pdf.c: libFuzzer target for the PDF extractor (poppler-glib and our
 * layout code), OCR off.  Seeds: corpus/pdf, corpus/tcvn3, the appendix. */
#include <stdint.h>
#include <stdlib.h>

#include "extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    px_doc *doc = px_doc_new(PX_FORMAT_PDF);
    px_extract_options opt = {.ocr = 0, .max_pages = 50};
    px_error err;
    if (doc)
        px_extract_pdf(data, size, &opt, doc, &err);
    px_doc_free(doc);
    return 0;
}
