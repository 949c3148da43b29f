/* docx.c: placeholder until the DOCX extractor lands (issue 5). */
#include "extract.h"

int px_extract_docx(const unsigned char *bytes, size_t len, px_doc *doc, px_error *err)
{
    return px_error_set(err, "DOCX extraction is not built yet");
}
