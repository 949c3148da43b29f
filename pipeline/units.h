/* units.h: unit names (rules/units.rules): split a list into units, and
 * the canonical form that makes one unit compare equal across plans.
 * Returned strings are owned by the caller (free / px_strlist_free). */
#ifndef PX_UNITS_H
#define PX_UNITS_H

#include "error.h"
#include "ruleset.h"

typedef struct px_strlist {
    char **items;
    size_t n, cap;
} px_strlist;
void px_strlist_free(px_strlist *l);

/* Splits a list of units as ANNOTATION.md says: at `;`; at `,` or `và`
 * when what follows starts a new unit; a shared head (`Các Sở: Tư pháp,
 * Tài chính`) restored on every item; posts and lead-ins (`Giám đốc`,
 * `Đề nghị`) and manner phrases (`theo quy định`) dropped; names that join
 * two bodies (`Văn phòng HĐND và UBND huyện`) kept whole. */
int px_units_split(const px_ruleset *rules, const char *text, px_strlist *out, px_error *err);

/* Whether text starts with a unit name. */
int px_unit_starts(const px_ruleset *rules, const char *text, px_error *err);

/* Whether a unit's name (in text, after any lead-in or post) opens, after
 * its head, with a capitalised verb of the clause_end rules: the name of
 * an activity (`Phòng Quản lý xử lý vi phạm hành chính`, `Ban Chỉ đạo …`,
 * `Ban Quản lý dự án đầu tư xây dựng`), whose later verbs are its object
 * and not what the unit does. */
int px_unit_names_activity(const px_ruleset *rules, const char *text, px_error *err);

/* Canonical form: abbreviations expanded, tones folded, lower case, one
 * kind of dash, single spaces. */
char *px_unit_canonical(const px_ruleset *rules, const char *unit);

/* A rule-free key for comparing units as written: lower case, tones
 * folded, spacing and dashes normalised. */
char *px_unit_key(const char *unit);

#endif
