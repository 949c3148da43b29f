/* detect.c: what a file is, from its first bytes and (for zips) its central
 * directory names.  Never from the file name: archives are full of .pdf
 * files that are Word documents and .doc files that are PDFs. */
#include "extract.h"

#include <string.h>

static int starts(const unsigned char *b, size_t len, const char *magic, size_t mlen)
{
    return len >= mlen && memcmp(b, magic, mlen) == 0;
}

/* Searches the raw bytes for a name: the zip central directory stores entry
 * names uncompressed, so "word/document.xml" appears verbatim in a DOCX. */
static int contains(const unsigned char *b, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0 || len < n)
        return 0;
    return memmem(b, len, needle, n) != NULL;
}

px_kind px_detect(const unsigned char *b, size_t len)
{
    if (len == 0)
        return PX_KIND_EMPTY;
    /* PDF: the header may follow up to 1 KB of junk (PDF spec tolerance). */
    size_t head = len < 1024 ? len : 1024;
    if (memmem(b, head, "%PDF-", 5))
        return PX_KIND_PDF;
    if (starts(b, len, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
        return PX_KIND_OLE;
    if (starts(b, len, "PK\x03\x04", 4) || starts(b, len, "PK\x05\x06", 4)) {
        if (contains(b, len, "mimetypeapplication/vnd.oasis.opendocument"))
            return PX_KIND_ODT;
        if (contains(b, len, "word/document.xml"))
            return PX_KIND_DOCX;
        return PX_KIND_ZIP;
    }
    if (starts(b, len, "{\\rtf", 5))
        return PX_KIND_RTF;
    if (starts(b, len, "\x89PNG", 4) || starts(b, len, "\xFF\xD8\xFF", 3) ||
        starts(b, len, "GIF8", 4) || starts(b, len, "II*\0", 4) || starts(b, len, "MM\0*", 4))
        return PX_KIND_IMAGE;
    if (starts(b, len, "\xFF\xFE", 2) || starts(b, len, "\xFE\xFF", 2))
        return PX_KIND_TEXT;
    size_t probe = len < 4096 ? len : 4096;
    if (memchr(b, 0, probe))
        return PX_KIND_BINARY;
    /* HTML saved as .doc is common in archives; refuse it by name. */
    size_t i = 0;
    if (starts(b, len, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < probe && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n'))
        i++;
    if (probe - i >= 5 && (strncasecmp((const char *)b + i, "<html", 5) == 0 ||
                           strncasecmp((const char *)b + i, "<!doc", 5) == 0))
        return PX_KIND_HTML;
    return PX_KIND_TEXT;
}

const char *px_kind_describe(px_kind kind)
{
    switch (kind) {
    case PX_KIND_TEXT: return "a text file";
    case PX_KIND_PDF: return "a PDF file";
    case PX_KIND_DOCX: return "a Word .docx file";
    case PX_KIND_OLE: return "an OLE compound file (legacy Word .doc/.xls, or a password-protected Office file)";
    case PX_KIND_ODT: return "an OpenDocument (.odt) file";
    case PX_KIND_ZIP: return "a zip archive that is not a Word document";
    case PX_KIND_RTF: return "an RTF file";
    case PX_KIND_HTML: return "an HTML page";
    case PX_KIND_IMAGE: return "an image file";
    case PX_KIND_BINARY: return "a binary file of unknown type";
    case PX_KIND_EMPTY: return "an empty file";
    default: return "a file of unknown type";
    }
}
