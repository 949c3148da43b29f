/* pdf.c: placeholder until the PDF extractor lands (issue 4). */
#include "extract.h"

int px_extract_pdf(const unsigned char *bytes, size_t len, const px_extract_options *opt,
                   px_doc *doc, px_error *err)
{
    return px_error_set(err, "PDF extraction is not built yet");
}
