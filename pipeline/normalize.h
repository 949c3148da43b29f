/* normalize.h: clean block text and re-join lines broken inside paragraphs.
 *
 * Takes a doc straight from an extractor and rewrites it in place:
 *  - every block's text to NFC, with non-breaking and exotic spaces as
 *    plain spaces, zero-width characters and soft hyphens removed, runs of
 *    whitespace collapsed (table cells keep their line breaks); typographic
 *    quotes are kept as written;
 *  - automatic list labels (DOCX numbering) put in front of the text, so
 *    later stages read `1.2. Title` whatever the source;
 *  - PX_BLOCK_LINE runs joined into PX_BLOCK_PARA paragraphs: a heading or
 *    list item never glued to the line before, a heading that wraps kept
 *    whole, the paragraph after a heading kept out of its title.  The
 *    markers come from the rule set (categories `heading`, `bullet`,
 *    `closing`, `doctype`, `open_end` in rules/structure.rules);
 *  - stray page numbers and bare URL lines dropped;
 *  - each block's `offset` set (characters into the text of all blocks
 *    joined by newlines).
 * Returns 0, or -1 with err set (out of memory, rule error). */
#ifndef PX_NORMALIZE_H
#define PX_NORMALIZE_H

#include "doc.h"
#include "error.h"
#include "ruleset.h"

int px_normalize(px_doc *doc, const px_ruleset *rules, px_error *err);

/* NFC plus whitespace cleanup of one string; returns a new string. */
char *px_normalize_text(const char *text, int keep_newlines);

/* Small UTF-8 helpers shared by later stages. */
size_t px_utf8_chars(const char *s, size_t bytes);
int px_starts_lower(const char *s);   /* first letter is lower case, or digit */
int px_is_caps_line(const char *s);   /* has letters, none lower case */

#endif
