/* segment.h: the section tree of a plan, from its headings.
 *
 * Takes a normalized doc and the rule set (category `heading` gives the
 * markers, `closing` and `appendix` where the body ends) and returns the
 * outline: every numbered or lettered heading in document order, with its
 * label, path and title as EXPORT-FORMAT.md defines them, its parent, and
 * the blocks it spans; plus, for every block, the innermost section that
 * holds it.  Nesting follows the markers (roman > arabic > dotted > (n) >
 * letter; a dotted number under its prefix), never the indentation.
 *
 * Ownership: px_segment fills a caller-owned px_outline; px_outline_free
 * releases what it holds (NULL-safe).  The outline refers to blocks by
 * index and does not keep the doc. */
#ifndef PX_SEGMENT_H
#define PX_SEGMENT_H

#include "doc.h"
#include "error.h"
#include "ruleset.h"

typedef enum px_marker_kind {
    PX_MARK_ROMAN = 1,
    PX_MARK_ARABIC,
    PX_MARK_DOTTED,
    PX_MARK_PAREN,
    PX_MARK_LETTER,
} px_marker_kind;

typedef struct px_section {
    char *label;        /* as printed: "1.2." */
    char *num;          /* without outer punctuation: "1.2" */
    char *path;         /* "III/1/1.2" */
    char *title;        /* first sentence or line, without the label */
    px_marker_kind kind;
    int level;          /* nesting rank: smaller is outer */
    int parent;         /* index into sections, -1 for top level */
    size_t block;       /* the heading block */
    size_t last_block;  /* last block inside the section (inclusive) */
} px_section;

typedef struct px_outline {
    px_section *sections;
    size_t n;
    int *block_section;   /* per block: innermost section, -1 before the first */
    size_t n_blocks;
    size_t body_end;      /* first block of the closing (Nơi nhận, signature) */
    size_t appendix;      /* first block of the appendix, or n_blocks */
} px_outline;

int px_segment(const px_doc *doc, const px_ruleset *rules, px_outline *out, px_error *err);
void px_outline_free(px_outline *o);

/* The title rule on its own: text after the marker up to the end of its
 * first sentence, closing `:` `.` `;` dropped.  Returns a new string. */
char *px_section_title(const char *rest);

/* Whether block i is in the main flow of the body (not a note, margin,
 * or part of the closing). */
int px_outline_in_body(const px_outline *o, const px_doc *doc, size_t i);

#endif
