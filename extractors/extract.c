/* extract.c: the dispatcher from detected kind to extractor. */
#include "extract.h"

#include <string.h>

#include "px_limits.h"

/* An OLE file holding "EncryptedPackage" is an OOXML document protected by
 * a password (MS-OFFCRYPTO), not a .doc: say so, users can fix that. */
static int ole_is_encrypted_ooxml(const unsigned char *b, size_t len)
{
    static const char name[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
    return memmem(b, len, name, sizeof name - 1) != NULL;
}

int px_extract(const unsigned char *bytes, size_t len, const px_extract_options *opt,
               px_doc **out, px_error *err)
{
    *out = NULL;
    if ((long)len > PX_LIMIT_FILE_BYTES)
        return px_error_set(err, "file is larger than the %ld MB limit",
                            PX_LIMIT_FILE_BYTES / (1024 * 1024));
    px_kind kind = px_detect(bytes, len);
    px_format format;
    switch (kind) {
    case PX_KIND_TEXT: format = PX_FORMAT_TXT; break;
    case PX_KIND_PDF: format = PX_FORMAT_PDF; break;
    case PX_KIND_DOCX: format = PX_FORMAT_DOCX; break;
    case PX_KIND_OLE:
        if (ole_is_encrypted_ooxml(bytes, len))
            return px_error_set(err, "password-protected (encrypted) Office document: remove the password and try again");
        return px_error_set(err, "not supported: %s; save it as .docx or PDF", px_kind_describe(kind));
    default:
        return px_error_set(err, "not supported: this is %s, not a PDF, DOCX or text plan",
                            px_kind_describe(kind));
    }
    px_doc *doc = px_doc_new(format);
    if (!doc)
        return px_error_set(err, "out of memory");
    px_extract_options defaults = {.ocr = 1, .max_pages = 0};
    if (!opt)
        opt = &defaults;
    int rc;
    switch (format) {
    case PX_FORMAT_PDF: rc = px_extract_pdf(bytes, len, opt, doc, err); break;
    case PX_FORMAT_DOCX: rc = px_extract_docx(bytes, len, doc, err); break;
    default: rc = px_extract_text(bytes, len, doc, err); break;
    }
    if (rc != 0) {
        px_doc_free(doc);
        return -1;
    }
    *out = doc;
    return 0;
}
