/* crossdoc.h: planex across documents.
 *
 *  - links (store_links.c): each doc_references row resolved to the
 *    ingested document it cites (number, then date and issuer), and the
 *    plan model: one document with its sections and items, read out of the
 *    store into plain C structs that audit, compare and the report work on;
 *  - audit (store_audit.c): a plan against the template it implements;
 *  - compare (store_compare.c): two plans side by side by indicator area;
 *  - search (store_search.c): full-text search over section text;
 *  - report (report.c): one self-contained HTML page.
 *
 * Only store_*.c include sqlite3.h; report.c and the commands see the
 * structs below.  Library functions never print on their own: the printing
 * functions take the FILE they print to, and errors are returned in a
 * px_error.
 *
 * Ownership: px_plan_load returns a plan the caller frees with
 * px_plan_free; px_audit_run fills a px_audit the caller releases with
 * px_audit_free; px_links_load fills a px_links released with
 * px_links_free.  All are NULL-safe.  Strings returned by px_fold and
 * px_store_* getters are owned by the caller. */
#ifndef PX_CROSSDOC_H
#define PX_CROSSDOC_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"
#include "store.h"

/* --- text helpers --------------------------------------------------------- */

/* Lower-case ASCII with Vietnamese diacritics dropped (đ→d), whitespace
 * runs as one space, trimmed: the form in which the cross-document code
 * compares wording (`Ủy ban nhân dân` → `uy ban nhan dan`).  NULL → NULL. */
char *px_fold(const char *s);

/* An issuer in the form that compares equal across spellings:
 * `Ủy ban nhân dân tỉnh Lạng Sơn`, `UBND TỈNH LẠNG SƠN` → `ubnd tinh lang son`. */
char *px_issuer_key(const char *issuer);

/* Whether `ancestor` is `path` or one of its ancestors: a prefix ending at
 * a `/` boundary (`III/1` holds `III/1/1.2`, not `III/10`).  The empty path
 * (text before the first heading, appendix tables) is nobody's ancestor but
 * its own: an appendix row does not speak for a numbered section. */
int px_path_within(const char *path, const char *ancestor);

/* The index an indicator or area code belongs to: `PAPI.3` → `PAPI`,
 * `PAR.2` and `PAR_INDEX` → `PAR_INDEX`; NULL when unknown. */
const char *px_area_index(const char *code);

/* --- links ---------------------------------------------------------------- */

/* Re-resolves every reference of every document: sets doc_references.
 * resolved_id to the ingested document with the cited number (compared
 * without spaces, case-insensitive), preferring the edition whose date and
 * issuer agree; a citation whose date or issuer contradicts the document is
 * left unresolved (numbers restart every year and every body has its own
 * 105/KH-UBND).  Run at the end of each ingest: documents added or pruned
 * change the answers.  One transaction; returns 0 or -1 with err set. */
int px_store_resolve_links(px_store *s, px_error *err);

/* The plan `id` implements: its first resolved reference, a plan (KH)
 * before other document types.  0 when none is ingested. */
long long px_store_parent(px_store *s, long long id);

/* The ids of every document, in id order; *ids is the caller's to free. */
int px_store_ids(px_store *s, long long **ids, size_t *n, px_error *err);

/* Every resolved link among the documents (for the report). */
typedef struct px_link {
    long long from, to;            /* document ids: `from` cites `to` */
    char *doc_number, *text;
} px_link;
typedef struct px_links {
    px_link *items;
    size_t n;
} px_links;
int px_links_load(px_store *s, px_links *out, px_error *err);
void px_links_free(px_links *l);

/* --- the plan model ------------------------------------------------------- */

typedef struct px_xsection {
    char *path, *label, *title, *body;
    int level, page;
} px_xsection;

typedef struct px_xref {
    char *section, *doc_number, *number_key, *doc_type, *date, *issuer, *text;
    long long resolved_id;         /* 0: not ingested */
} px_xref;

typedef struct px_xarea {
    char *section, *area, *text;
    int page;
} px_xarea;

typedef struct px_xunit {
    char *section, *role, *unit, *canonical, *text;
    int page;
} px_xunit;

typedef struct px_xdeadline {
    char *section, *kind, *date, *recurrence, *text;
    int page;
} px_xdeadline;

typedef struct px_xtarget {
    char *section, *indicator, *unit, *comparator, *text;
    double value;
    int year, page;
} px_xtarget;

typedef struct px_plan {
    long long id;
    char *source, *format, *doc_type, *doc_number, *number_key, *issuer, *issued_date, *title, *level;
    char *indices;                 /* JSON array as stored: ["PAPI","SIPAS"] */
    int plan_year;
    px_xsection *sections;
    size_t n_sections;
    px_xref *refs;
    size_t n_refs;
    px_xarea *areas;
    size_t n_areas;
    px_xunit *units;
    size_t n_units;
    px_xdeadline *deadlines;
    size_t n_deadlines;
    px_xtarget *targets;           /* baseline = 0 only */
    size_t n_targets;
} px_plan;

int px_plan_load(px_store *s, long long id, px_plan **out, px_error *err);
void px_plan_free(px_plan *p);
/* The section with this path (first of equal paths); NULL when none. */
const px_xsection *px_plan_section(const px_plan *p, const char *path);
/* Whether the plan names index `idx` (PAPI, PAR_INDEX …) in meta.indices;
 * a plan that names none is taken to be about every index. */
int px_plan_has_index(const px_plan *p, const char *idx);
/* `Nâng cao … (PAPI) năm 2024 · UBND huyện Văn Quan` for headings; caller frees. */
char *px_plan_label(const px_plan *p);

/* The indicator a target is about: its own, else the one area named by
 * the nearest section at or above it; NULL when neither says. */
const char *px_target_indicator(const px_plan *p, const px_xtarget *t);

/* What a deadline asks for, read from the sentence around it:
 * `plan` (a plan to issue or send), `report` (a report), or NULL (a task). */
typedef struct px_deadline_info {
    const char *what;              /* "plan", "report" or NULL */
    const char *period;            /* "q1".."q4", "half_year", "nine_months", "year" or NULL */
    char *context;                 /* the clause, as written (caller frees) */
    unsigned levels;               /* PX_LEVEL_* bits the clause or its headings address; 0 none named */
} px_deadline_info;
enum {
    PX_LEVEL_PROVINCE = 1,
    PX_LEVEL_DISTRICT = 2,
    PX_LEVEL_COMMUNE = 4,
    PX_LEVEL_DEPARTMENT = 8,
    PX_LEVEL_ANY = 16,             /* `các cơ quan, đơn vị`, `địa phương` */
};
void px_deadline_read(const px_plan *p, const px_xdeadline *d, px_deadline_info *out);
unsigned px_level_bit(const char *level);

/* --- audit ---------------------------------------------------------------- */

/* One side of a finding: where in which document, the normalised values
 * (JSON object members, pre-rendered) and the text. */
typedef struct px_evidence {
    char *section;                 /* NULL: nothing on this side */
    char *title;                   /* that section's title */
    char *value;                   /* normalised, for people: `2024-05-31`, `>= 80 %` */
    char *json;                    /* normalised, as JSON members: `"date":"2024-05-31"` */
    char *text;                    /* source text */
} px_evidence;

typedef struct px_finding {
    const char *kind;              /* area_missing … reference_missing; or a
                                    * passed check: area_covered, deadline_ok,
                                    * target_ok, lead_ok, reference_ok */
    int ok;                        /* 1: a passed check, not a finding */
    char *area, *indicator;
    char *note;                    /* one line in plain words */
    px_evidence tmpl, plan;
} px_finding;

typedef struct px_audit {
    long long plan_id, template_id;
    char *plan_source, *template_source, *plan_label, *template_label;
    const char *template_how;      /* "given" (--template) or "parent" (resolved reference) */
    char *scope;                   /* indices compared, and those left out */
    px_finding *items;
    size_t n, cap;
    int findings;                  /* items with ok == 0 */
} px_audit;

typedef struct px_audit_options {
    int all_indices;               /* compare areas and targets of every index,
                                    * not only those the plan names */
} px_audit_options;

int px_audit_run(const px_plan *plan, const px_plan *tmpl, const px_audit_options *opt, px_audit *out,
                 px_error *err);
void px_audit_free(px_audit *a);
/* A table for people; show_ok adds the passed checks. */
void px_audit_print_text(FILE *out, const px_audit *a, int show_ok);
/* JSON Lines, one finding per line (passed checks too with show_ok). */
void px_audit_print_json(FILE *out, const px_audit *a, int show_ok);

/* --- compare -------------------------------------------------------------- */

typedef struct px_compare_options {
    const char *format;            /* "text", "json" (JSON Lines) or "csv" */
} px_compare_options;
/* Returns the number of areas that differ (>= 0), or -1 with err set. */
int px_compare_print(FILE *out, const px_plan *a, const px_plan *b, const px_compare_options *opt, px_error *err);

/* --- search --------------------------------------------------------------- */

typedef struct px_search_options {
    const char *format;            /* "text" or "json" */
    int limit;                     /* 0: 20 */
    const long long *ids;          /* restrict to these documents (n_ids 0: all) */
    size_t n_ids;
    int color;                     /* mark matches with ANSI bold, not [ ] */
} px_search_options;
/* Prints the hits; returns their number (>= 0), or -1 with err set (an
 * empty query, a database error). */
int px_store_search(px_store *s, FILE *out, const char *query, const px_search_options *opt, px_error *err);

/* --- report --------------------------------------------------------------- */

typedef struct px_report_options {
    const long long *ids;          /* the documents (n_ids 0: all) */
    size_t n_ids;
    long long template_id;         /* audit every plan against it; 0: each against its parent */
    const char *db_path;           /* shown in the page header */
} px_report_options;
int px_report_html(px_store *s, FILE *out, const px_report_options *opt, px_error *err);

#endif
