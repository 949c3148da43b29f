/* items.h: what the rule sets read out of a plan.
 *
 * px_result holds the plan's metadata and its items (references, indicator
 * areas, assignments, deadlines, targets, baselines), each with the section
 * it belongs to and the source text it was read from.  The analysis stage
 * (analyze.h) fills it; the store writes it; nothing else creates items.
 *
 * Ownership: a px_result owns every string in it; px_result_free releases
 * them (NULL-safe); px_result_add copies what it is given. */
#ifndef PX_ITEMS_H
#define PX_ITEMS_H

#include <stddef.h>

typedef enum px_item_kind {
    PX_ITEM_REFERENCE = 0,
    PX_ITEM_INDICATOR,
    PX_ITEM_ASSIGNMENT,
    PX_ITEM_DEADLINE,
    PX_ITEM_TARGET,
    PX_ITEM_BASELINE,
    PX_ITEM_KINDS
} px_item_kind;

/* One item.  Fields not used by its kind stay NULL / 0. */
typedef struct px_item {
    px_item_kind kind;
    int section;          /* outline index; -1 means "" (before the first
                           * heading, or an appendix table) */
    char *text;           /* the source text, whitespace collapsed */
    int page;             /* 1-based, 0 unknown */
    long offset;          /* character offset in the document text, -1 unknown */
    const char *rule;     /* id of the rule that found it (owned by the rule set) */
    /* reference */
    char *doc_number, *doc_type, *issuer;
    /* reference date, deadline date: ISO YYYY-MM-DD */
    char *date;
    /* indicator */
    char *area;
    /* assignment */
    char *role, *unit, *unit_canonical;
    /* deadline */
    char *deadline_kind, *recurrence;
    /* target, baseline */
    char *indicator, *measure, *comparator;
    double value;
    int year;
} px_item;

typedef struct px_meta {
    char *doc_type, *doc_number, *issuer, *place, *issued_date, *title;
    int plan_year;
    char *indices[8];
    int n_indices;
    char *signer_name, *signer_title;
    char *level;          /* province | district | commune | department */
} px_meta;

typedef struct px_result {
    px_meta meta;
    px_item *items;
    size_t n_items, cap_items;
} px_result;

/* Appends a copy of *item (deep copy of its strings); returns the stored
 * item or NULL when out of memory. */
px_item *px_result_add(px_result *r, const px_item *item);
void px_result_free(px_result *r);
void px_meta_clear(px_meta *m);

const char *px_item_kind_name(px_item_kind k);   /* "references", "indicators" … */

/* Replaces *dst with a copy of src (NULL allowed). */
void px_set_str(char **dst, const char *src);

#endif
