#include "doc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

px_doc *px_doc_new(px_format format)
{
    px_doc *doc = calloc(1, sizeof *doc);
    if (doc)
        doc->format = format;
    return doc;
}

void px_doc_free(px_doc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->n_blocks; i++) {
        free(doc->blocks[i].text);
        free(doc->blocks[i].list_label);
    }
    free(doc->blocks);
    for (size_t i = 0; i < doc->n_warnings; i++)
        free(doc->warnings[i]);
    free(doc->warnings);
    free(doc);
}

static char *copy_text(const char *text, size_t len)
{
    if (!text)
        text = "";
    if (len == (size_t)-1)
        len = strlen(text);
    char *s = malloc(len + 1);
    if (!s)
        return NULL;
    memcpy(s, text, len);
    s[len] = '\0';
    return s;
}

px_block *px_doc_add_block(px_doc *doc, px_block_kind kind, const char *text, size_t len)
{
    if (doc->n_blocks == doc->cap_blocks) {
        size_t cap = doc->cap_blocks ? doc->cap_blocks * 2 : 64;
        px_block *grown = realloc(doc->blocks, cap * sizeof *grown);
        if (!grown)
            return NULL;
        doc->blocks = grown;
        doc->cap_blocks = cap;
    }
    char *copy = copy_text(text, len);
    if (!copy)
        return NULL;
    px_block *b = &doc->blocks[doc->n_blocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->text = copy;
    b->bold = -1;
    b->table = -1;
    b->row_span = b->col_span = 1;
    return b;
}

void px_block_set_text(px_block *b, const char *text, size_t len)
{
    char *copy = copy_text(text, len);
    if (!copy)
        return;
    free(b->text);
    b->text = copy;
}

void px_doc_warn(px_doc *doc, const char *fmt, ...)
{
    if (doc->n_warnings == doc->cap_warnings) {
        size_t cap = doc->cap_warnings ? doc->cap_warnings * 2 : 8;
        char **grown = realloc(doc->warnings, cap * sizeof *grown);
        if (!grown)
            return;
        doc->warnings = grown;
        doc->cap_warnings = cap;
    }
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char *copy = copy_text(buf, (size_t)-1);
    if (copy)
        doc->warnings[doc->n_warnings++] = copy;
}

const char *px_format_name(px_format f)
{
    switch (f) {
    case PX_FORMAT_TXT: return "txt";
    case PX_FORMAT_PDF: return "pdf";
    case PX_FORMAT_DOCX: return "docx";
    default: return "unknown";
    }
}
