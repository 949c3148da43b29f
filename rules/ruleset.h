/* ruleset.h: rule files as data, compiled with PCRE2.
 *
 * A rule set is every `*.rules` file of a directory (rules/README.md gives
 * the format).  Each rule has an id, a category, a priority, flags, an
 * optional scope, one PCRE2 pattern written verbatim, constants (`set:`),
 * and its own examples (must match, with the fields expected) and counters
 * (must not match).  Named groups in the pattern are the rule's output
 * fields.  This file is the only one that includes pcre2.h.
 *
 * Ownership: px_ruleset_load returns a set owned by the caller, freed with
 * px_ruleset_free (NULL-safe).  Rules and their strings belong to the set.
 * A loaded set is read-only and may be shared by threads; each scan uses its
 * own match data. */
#ifndef PX_RULESET_H
#define PX_RULESET_H

#include <stddef.h>

#include "error.h"

typedef struct px_ruleset px_ruleset;
typedef struct px_rule px_rule;

/* Diagnostics from loading or testing: "file:line:col: message" lines,
 * owned by the list; px_diags_free releases them. */
typedef struct px_diags {
    char **lines;
    size_t n, cap;
} px_diags;
void px_diags_add(px_diags *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void px_diags_free(px_diags *d);

/* Loads and compiles every *.rules file in dir (sorted by name).  Problems
 * are added to diags; returns NULL when any rule is invalid (err says how
 * many problems were found). */
px_ruleset *px_ruleset_load(const char *dir, px_diags *diags, px_error *err);
void px_ruleset_free(px_ruleset *rs);

/* Runs every rule's examples and counters; failures go to diags.  Returns
 * the number of failures; *checked gets the number of checks run. */
int px_ruleset_selftest(const px_ruleset *rs, px_diags *diags, int *checked);

/* A digest of all rule files' bytes: stored with each document so that
 * documents extracted with older rules can be found. */
const char *px_ruleset_version(const px_ruleset *rs);
size_t px_ruleset_size(const px_ruleset *rs);

/* One match of one rule. Offsets are bytes into the subject. */
enum { PX_HIT_MAX_FIELDS = 24 };
typedef struct px_hit {
    const px_rule *rule;
    size_t start, end;
    int n_fields;
    struct {
        const char *name;     /* group name (owned by the rule) */
        size_t start, end;    /* end == start and unset == 1: group did not match */
        int unset;
    } fields[PX_HIT_MAX_FIELDS];
} px_hit;

typedef struct px_hits {
    px_hit *items;
    size_t n, cap;
} px_hits;
void px_hits_free(px_hits *h);
void px_hits_clear(px_hits *h);

/* Every match of every rule of `category` in subject, sorted by start.
 * scope NULL runs every rule; otherwise the rules without a scope plus
 * those whose `scope:` equals it.  Where matches
 * overlap, the rule with the higher priority keeps its match (then the longer
 * one, then the earlier rule).  Returns 0, or -1 on a match error (limits). */
int px_ruleset_scan(const px_ruleset *rs, const char *category, const char *scope,
                    const char *subject, size_t len, px_hits *out, px_error *err);

/* The first rule of `category` (by priority) whose pattern matches subject;
 * fills *hit.  Returns 1 matched, 0 none, -1 error. */
int px_ruleset_first(const px_ruleset *rs, const char *category, const char *scope,
                     const char *subject, size_t len, px_hit *hit, px_error *err);

/* Field access.  px_hit_field copies the named group's text (or, when the
 * group did not take part, the rule's `set:` constant of that name) into
 * buf; returns 1 when found.  px_hit_has says whether the group matched. */
int px_hit_field(const px_hit *hit, const char *subject, const char *name, char *buf, size_t size);
int px_hit_has(const px_hit *hit, const char *name);
int px_hit_span(const px_hit *hit, const char *name, size_t *start, size_t *end);

const char *px_rule_id(const px_rule *r);
const char *px_rule_category(const px_rule *r);
const char *px_rule_scope(const px_rule *r);
int px_rule_priority(const px_rule *r);
/* The `set: key = value` constant, or NULL. */
const char *px_rule_const(const px_rule *r, const char *key);

/* Folds old-style tone placement to one form so that `hoà`/`hòa`,
 * `uỷ`/`ủy`, `quí`/`quý` compare equal; rules with the `fold` flag see
 * folded text.  Byte length is preserved, so offsets stay valid.  In place. */
void px_fold_tones(char *s);

#endif
