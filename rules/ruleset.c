/* ruleset.c: parse, validate, compile and run rule files (PCRE2). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "ruleset.h"

#include <dirent.h>
#include <errno.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "px_limits.h"

enum { MAX_SETS = 16, MAX_EXPECT = 16 };

typedef struct kv {
    char *key, *value;
} kv;

typedef struct example {
    char *text;
    int line;
    kv expect[MAX_EXPECT];
    int n_expect;
} example;

struct px_rule {
    char *id, *category, *scope, *pattern, *file;
    int priority, line, pattern_line, pattern_col;
    int caseless, extended, fold, multiline;
    kv sets[MAX_SETS];
    int n_sets;
    example *examples;
    int n_examples;
    example *counters;
    int n_counters;
    pcre2_code *code;
    char **group_names;  /* indexed by group number; NULL when unnamed */
    int n_groups;
};

struct px_ruleset {
    px_rule **rules;
    size_t n, cap;
    char version[17];
    pcre2_match_context *mctx;
};

static const struct fold_pair {
    const char *from, *to;
    int not_after_q;
} fold_pairs[] = {
#include "fold_table.inc"
};

void px_fold_tones(char *s)
{
    for (char *p = s; *p; p++) {
        /* every folded sequence starts with o, u or qu and goes on with a
         * toned vowel, whose UTF-8 lead byte is >= 0xC3: most bytes of a
         * text leave at the first test */
        char c = *p;
        if (c != 'o' && c != 'O' && c != 'u' && c != 'U' && c != 'q' && c != 'Q')
            continue;
        unsigned char next = (unsigned char)p[1];
        if ((c == 'q' || c == 'Q') ? (p[1] != 'u' && p[1] != 'U') : next < 0xC3)
            continue;
        for (size_t i = 0; i < sizeof fold_pairs / sizeof fold_pairs[0]; i++) {
            size_t n = strlen(fold_pairs[i].from);
            if (strncmp(p, fold_pairs[i].from, n) != 0)
                continue;
            if (fold_pairs[i].not_after_q && p > s && (p[-1] == 'q' || p[-1] == 'Q'))
                continue;
            memcpy(p, fold_pairs[i].to, n);
            p += n - 1;
            break;
        }
    }
}

/* --- diagnostics ---------------------------------------------------------- */

void px_diags_add(px_diags *d, const char *fmt, ...)
{
    if (!d)
        return;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        char **grown = realloc(d->lines, cap * sizeof *grown);
        if (!grown)
            return;
        d->lines = grown;
        d->cap = cap;
    }
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    d->lines[d->n] = strdup(buf);
    if (d->lines[d->n])
        d->n++;
}

void px_diags_free(px_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        free(d->lines[i]);
    free(d->lines);
    d->lines = NULL;
    d->n = d->cap = 0;
}

/* --- rule lifetime -------------------------------------------------------- */

static void free_example(example *e)
{
    free(e->text);
    for (int i = 0; i < e->n_expect; i++) {
        free(e->expect[i].key);
        free(e->expect[i].value);
    }
}

static void rule_free(px_rule *r)
{
    if (!r)
        return;
    free(r->id);
    free(r->category);
    free(r->scope);
    free(r->pattern);
    free(r->file);
    for (int i = 0; i < r->n_sets; i++) {
        free(r->sets[i].key);
        free(r->sets[i].value);
    }
    for (int i = 0; i < r->n_examples; i++)
        free_example(&r->examples[i]);
    free(r->examples);
    for (int i = 0; i < r->n_counters; i++)
        free_example(&r->counters[i]);
    free(r->counters);
    if (r->group_names) {
        for (int i = 0; i <= r->n_groups; i++)
            free(r->group_names[i]);
        free(r->group_names);
    }
    pcre2_code_free(r->code);
    free(r);
}

void px_ruleset_free(px_ruleset *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->n; i++)
        rule_free(rs->rules[i]);
    free(rs->rules);
    pcre2_match_context_free(rs->mctx);
    free(rs);
}

/* --- parsing -------------------------------------------------------------- */

static char *trimmed_copy(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) { s++; n--; }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
    char *c = malloc(n + 1);
    if (c) { memcpy(c, s, n); c[n] = '\0'; }
    return c;
}

/* Appends text to *dst (realloc), separated by sep. */
static int append(char **dst, const char *sep, const char *text)
{
    size_t a = *dst ? strlen(*dst) : 0, b = strlen(sep), c = strlen(text);
    char *grown = realloc(*dst, a + b + c + 1);
    if (!grown)
        return -1;
    if (a == 0 && !*dst)
        grown[0] = '\0';
    memcpy(grown + a, sep, b);
    memcpy(grown + a + b, text, c + 1);
    *dst = grown;
    return 0;
}

/* `example: TEXT => a=1; b=two` : the expected fields follow "=>". */
static int parse_example(example *e, const char *value, int line)
{
    memset(e, 0, sizeof *e);
    e->line = line;
    const char *arrow = strstr(value, " => ");
    size_t text_len = arrow ? (size_t)(arrow - value) : strlen(value);
    e->text = trimmed_copy(value, text_len);
    if (!e->text)
        return -1;
    if (!arrow)
        return 0;
    const char *p = arrow + 4;
    while (*p) {
        const char *semi = strchr(p, ';');
        size_t len = semi ? (size_t)(semi - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        if (eq && e->n_expect < MAX_EXPECT) {
            e->expect[e->n_expect].key = trimmed_copy(p, (size_t)(eq - p));
            e->expect[e->n_expect].value = trimmed_copy(eq + 1, len - (size_t)(eq - p) - 1);
            e->n_expect++;
        } else if (!eq && len) {
            return 1;
        }
        if (!semi)
            break;
        p = semi + 1;
    }
    return 0;
}

static int add_example(example **list, int *n, const char *value, int line)
{
    example *grown = realloc(*list, (size_t)(*n + 1) * sizeof *grown);
    if (!grown)
        return -1;
    *list = grown;
    int rc = parse_example(&grown[*n], value, line);
    (*n)++;
    return rc;
}

static int ruleset_add(px_ruleset *rs, px_rule *r)
{
    if (rs->n == rs->cap) {
        size_t cap = rs->cap ? rs->cap * 2 : 64;
        px_rule **grown = realloc(rs->rules, cap * sizeof *grown);
        if (!grown)
            return -1;
        rs->rules = grown;
        rs->cap = cap;
    }
    rs->rules[rs->n++] = r;
    return 0;
}

static int compile_rule(px_rule *r, px_diags *diags)
{
    uint32_t options = PCRE2_UTF | PCRE2_UCP;
    if (r->caseless) options |= PCRE2_CASELESS;
    if (r->extended) options |= PCRE2_EXTENDED;
    if (r->multiline) options |= PCRE2_MULTILINE;
    char *pattern = strdup(r->pattern);
    if (!pattern)
        return -1;
    if (r->fold)
        px_fold_tones(pattern);
    int errcode;
    PCRE2_SIZE erroff;
    r->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, options, &errcode, &erroff, NULL);
    free(pattern);
    if (!r->code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(errcode, msg, sizeof msg);
        /* Column of the offending byte: patterns may continue over lines. */
        int line = r->pattern_line, col = r->pattern_col;
        for (PCRE2_SIZE i = 0; i < erroff && r->pattern[i]; i++) {
            if (r->pattern[i] == '\n') { line++; col = 1; }
            else col++;
        }
        px_diags_add(diags, "%s:%d:%d: rule %s: bad pattern: %s", r->file, line, col, r->id, (char *)msg);
        return 1;
    }
    /* JIT when available; a rule still works without it. */
    pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE);
    uint32_t capture_count = 0, name_count = 0, entry_size = 0;
    PCRE2_SPTR table;
    pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &capture_count);
    pcre2_pattern_info(r->code, PCRE2_INFO_NAMECOUNT, &name_count);
    pcre2_pattern_info(r->code, PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
    pcre2_pattern_info(r->code, PCRE2_INFO_NAMETABLE, &table);
    r->n_groups = (int)capture_count;
    r->group_names = calloc(capture_count + 1, sizeof *r->group_names);
    if (!r->group_names)
        return -1;
    for (uint32_t i = 0; i < name_count; i++) {
        PCRE2_SPTR entry = table + i * entry_size;
        int n = (entry[0] << 8) | entry[1];
        if (n >= 0 && n <= (int)capture_count) {
            free(r->group_names[n]);
            r->group_names[n] = strdup((const char *)entry + 2);
        }
    }
    if (name_count > PX_HIT_MAX_FIELDS) {
        px_diags_add(diags, "%s:%d:1: rule %s: more than %d named groups", r->file, r->line, r->id,
                     PX_HIT_MAX_FIELDS);
        return 1;
    }
    return 0;
}

/* Validates a finished rule block; returns the number of problems. */
static int finish_rule(px_ruleset *rs, px_rule *r, px_diags *diags)
{
    int problems = 0;
    if (!r->id) {
        px_diags_add(diags, "%s:%d:1: rule without `rule:` id", r->file, r->line);
        problems++;
    }
    if (!r->category) {
        px_diags_add(diags, "%s:%d:1: rule %s: missing `category:`", r->file, r->line, r->id ? r->id : "?");
        problems++;
    }
    if (!r->pattern) {
        px_diags_add(diags, "%s:%d:1: rule %s: missing `pattern:`", r->file, r->line, r->id ? r->id : "?");
        problems++;
    }
    if (problems == 0) {
        for (size_t i = 0; i < rs->n; i++)
            if (strcmp(rs->rules[i]->id, r->id) == 0) {
                px_diags_add(diags, "%s:%d:1: rule %s: id already used at %s:%d", r->file, r->line, r->id,
                             rs->rules[i]->file, rs->rules[i]->line);
                problems++;
                break;
            }
    }
    if (problems == 0) {
        int rc = compile_rule(r, diags);
        if (rc < 0)
            problems++;
        problems += rc > 0;
    }
    if (problems || ruleset_add(rs, r) != 0) {
        rule_free(r);
        return problems ? problems : 1;
    }
    return 0;
}

static int parse_file(px_ruleset *rs, const char *path, const char *text, px_diags *diags)
{
    int problems = 0;
    px_rule *r = NULL;
    int line_no = 0;
    int in_pattern = 0;
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        line_no++;
        char *line = trimmed_copy(p, len);
        int indented = len > 0 && (p[0] == ' ' || p[0] == '\t');
        p = nl ? nl + 1 : p + len;
        if (!line)
            return problems + 1;
        if (line[0] == '\0') {
            if (r) { problems += finish_rule(rs, r, diags); r = NULL; }
            in_pattern = 0;
            free(line);
            continue;
        }
        if (line[0] == '#' && !indented) {
            free(line);
            continue;
        }
        /* continuation of a multi-line pattern (use with `flags: extended`) */
        if (indented && in_pattern && r) {
            append(&r->pattern, "\n", line);
            free(line);
            continue;
        }
        in_pattern = 0;
        char *colon = strchr(line, ':');
        if (!colon) {
            px_diags_add(diags, "%s:%d:1: expected `key: value`", path, line_no);
            problems++;
            free(line);
            continue;
        }
        *colon = '\0';
        char *key = line;
        char *value = colon + 1;
        if (*value == ' ')
            value++; /* exactly one space: the pattern is verbatim after it */
        if (!r) {
            r = calloc(1, sizeof *r);
            if (!r) { free(line); return problems + 1; }
            r->file = strdup(path);
            r->line = line_no;
        }
        if (strcmp(key, "rule") == 0) {
            if (r->id) {
                px_diags_add(diags, "%s:%d:1: `rule:` inside rule %s (separate rules with a blank line)", path,
                             line_no, r->id);
                problems++;
            } else r->id = trimmed_copy(value, strlen(value));
        } else if (strcmp(key, "category") == 0) {
            free(r->category);
            r->category = trimmed_copy(value, strlen(value));
        } else if (strcmp(key, "scope") == 0) {
            free(r->scope);
            r->scope = trimmed_copy(value, strlen(value));
        } else if (strcmp(key, "priority") == 0) {
            char *end;
            long v = strtol(value, &end, 10);
            if (end == value || *end) {
                px_diags_add(diags, "%s:%d:%d: priority must be a whole number", path, line_no,
                             (int)(value - line) + 1);
                problems++;
            }
            r->priority = (int)v;
        } else if (strcmp(key, "flags") == 0) {
            char *save, *tok;
            for (tok = strtok_r(value, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
                if (strcmp(tok, "caseless") == 0) r->caseless = 1;
                else if (strcmp(tok, "extended") == 0) r->extended = 1;
                else if (strcmp(tok, "fold") == 0) r->fold = 1;
                else if (strcmp(tok, "multiline") == 0) r->multiline = 1;
                else {
                    px_diags_add(diags, "%s:%d:%d: unknown flag `%s` (caseless, extended, fold, multiline)",
                                 path, line_no, (int)(tok - line) + 1, tok);
                    problems++;
                }
            }
        } else if (strcmp(key, "pattern") == 0) {
            if (r->pattern) {
                px_diags_add(diags, "%s:%d:1: second `pattern:` in one rule", path, line_no);
                problems++;
            } else {
                /* verbatim: keep trailing spaces out, nothing else touched */
                r->pattern = strdup(value);
                r->pattern_line = line_no;
                r->pattern_col = (int)(value - line) + 1;
                in_pattern = 1;
            }
        } else if (strcmp(key, "set") == 0) {
            char *eq = strchr(value, '=');
            if (!eq || r->n_sets == MAX_SETS) {
                px_diags_add(diags, "%s:%d:%d: `set:` needs `name = value`", path, line_no, (int)(value - line) + 1);
                problems++;
            } else {
                r->sets[r->n_sets].key = trimmed_copy(value, (size_t)(eq - value));
                r->sets[r->n_sets].value = trimmed_copy(eq + 1, strlen(eq + 1));
                r->n_sets++;
            }
        } else if (strcmp(key, "example") == 0) {
            int rc = add_example(&r->examples, &r->n_examples, value, line_no);
            if (rc) {
                px_diags_add(diags, "%s:%d:1: example fields must be `name=value; name=value` after ` => `", path,
                             line_no);
                problems++;
            }
        } else if (strcmp(key, "counter") == 0) {
            if (strstr(value, " => ")) {
                px_diags_add(diags, "%s:%d:1: a counter-example has no fields (it must not match): remove ` => …`",
                             path, line_no);
                problems++;
            }
            add_example(&r->counters, &r->n_counters, value, line_no);
        } else {
            px_diags_add(diags, "%s:%d:1: unknown key `%s`", path, line_no, key);
            problems++;
        }
        free(line);
    }
    if (r)
        problems += finish_rule(rs, r, diags);
    return problems;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_priority(const void *a, const void *b)
{
    const px_rule *x = *(px_rule *const *)a, *y = *(px_rule *const *)b;
    if (x->priority != y->priority)
        return y->priority - x->priority;
    return 0;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            char *g = realloc(buf, cap);
            if (!g) { free(buf); fclose(f); return NULL; }
            buf = g;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* FNV-1a 64 over every file's name and bytes: cheap, stable, enough to tell
 * rule versions apart. */
static void hash_update(unsigned long long *h, const char *data, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        *h ^= (unsigned char)data[i];
        *h *= 1099511628211ULL;
    }
}

px_ruleset *px_ruleset_load(const char *dir, px_diags *diags, px_error *err)
{
    DIR *d = opendir(dir);
    if (!d) {
        px_error_set(err, "cannot open rules directory %s: %s", dir, strerror(errno));
        return NULL;
    }
    char **names = NULL;
    size_t n_names = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l > 6 && strcmp(e->d_name + l - 6, ".rules") == 0) {
            char **g = realloc(names, (n_names + 1) * sizeof *g);
            if (!g) break;
            names = g;
            names[n_names++] = strdup(e->d_name);
        }
    }
    closedir(d);
    if (n_names) /* qsort's pointer must not be NULL, even for 0 items */
        qsort(names, n_names, sizeof *names, cmp_names);
    px_ruleset *rs = calloc(1, sizeof *rs);
    int problems = 0;
    unsigned long long h = 1469598103934665603ULL;
    for (size_t i = 0; i < n_names; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        size_t len;
        char *text = read_file(path, &len);
        if (!text) {
            px_diags_add(diags, "%s:0:0: cannot read: %s", path, strerror(errno));
            problems++;
        } else {
            hash_update(&h, names[i], strlen(names[i]));
            hash_update(&h, text, len);
            if (rs)
                problems += parse_file(rs, path, text, diags);
            free(text);
        }
        free(names[i]);
    }
    free(names);
    if (!rs) {
        px_error_set(err, "out of memory");
        return NULL;
    }
    if (n_names == 0) {
        px_error_set(err, "no *.rules files in %s", dir);
        px_ruleset_free(rs);
        return NULL;
    }
    if (problems) {
        px_error_set(err, "%d problem%s in the rule files of %s", problems, problems == 1 ? "" : "s", dir);
        px_ruleset_free(rs);
        return NULL;
    }
    if (rs->n)
        qsort(rs->rules, rs->n, sizeof *rs->rules, cmp_priority);
    snprintf(rs->version, sizeof rs->version, "%016llx", h);
    rs->mctx = pcre2_match_context_create(NULL);
    pcre2_set_match_limit(rs->mctx, PX_LIMIT_PCRE2_MATCH);
    pcre2_set_depth_limit(rs->mctx, PX_LIMIT_PCRE2_DEPTH);
    return rs;
}

const char *px_ruleset_version(const px_ruleset *rs) { return rs->version; }
size_t px_ruleset_size(const px_ruleset *rs) { return rs->n; }
const char *px_rule_id(const px_rule *r) { return r->id; }
const char *px_rule_category(const px_rule *r) { return r->category; }
const char *px_rule_scope(const px_rule *r) { return r->scope; }
int px_rule_priority(const px_rule *r) { return r->priority; }

const char *px_rule_const(const px_rule *r, const char *key)
{
    for (int i = 0; i < r->n_sets; i++)
        if (strcmp(r->sets[i].key, key) == 0)
            return r->sets[i].value;
    return NULL;
}

/* --- matching ------------------------------------------------------------- */

void px_hits_free(px_hits *h)
{
    if (!h)
        return;
    free(h->items);
    h->items = NULL;
    h->n = h->cap = 0;
}

void px_hits_clear(px_hits *h) { h->n = 0; }

static int hits_push(px_hits *h, const px_hit *hit)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 16;
        px_hit *g = realloc(h->items, cap * sizeof *g);
        if (!g)
            return -1;
        h->items = g;
        h->cap = cap;
    }
    h->items[h->n++] = *hit;
    return 0;
}

/* NULL: every rule.  Otherwise rules without a scope, and rules whose
 * scope is the one asked for (e.g. area rules scoped to one index part). */
static int scope_ok(const px_rule *r, const char *scope)
{
    if (!scope || !r->scope)
        return 1;
    return strcmp(r->scope, scope) == 0;
}

static void fill_hit(const px_rule *r, pcre2_match_data *md, px_hit *hit)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    memset(hit, 0, sizeof *hit);
    hit->rule = r;
    hit->start = ov[0];
    hit->end = ov[1];
    for (int g = 1; g <= r->n_groups && hit->n_fields < PX_HIT_MAX_FIELDS; g++) {
        if (!r->group_names[g])
            continue;
        int k = hit->n_fields++;
        hit->fields[k].name = r->group_names[g];
        if (ov[2 * g] == PCRE2_UNSET) {
            hit->fields[k].unset = 1;
        } else {
            hit->fields[k].start = ov[2 * g];
            hit->fields[k].end = ov[2 * g + 1];
        }
    }
    /* Duplicate names ((?J) or alternatives): keep the one that matched. */
    for (int i = 0; i < hit->n_fields; i++)
        for (int j = i + 1; j < hit->n_fields; j++)
            if (strcmp(hit->fields[i].name, hit->fields[j].name) == 0 && hit->fields[i].unset &&
                !hit->fields[j].unset) {
                hit->fields[i] = hit->fields[j];
                hit->fields[j].unset = 1;
            }
}

/* Runs one rule over subject, pushing all non-overlapping matches. */
static int run_rule(const px_ruleset *rs, const px_rule *r, const char *subject, size_t len,
                    pcre2_match_data *md, px_hits *out, int first_only, px_error *err)
{
    size_t offset = 0;
    while (offset <= len) {
        int rc = pcre2_match(r->code, (PCRE2_SPTR)subject, len, offset, 0, md, rs ? rs->mctx : NULL);
        if (rc == PCRE2_ERROR_NOMATCH)
            return 0;
        if (rc < 0) {
            PCRE2_UCHAR msg[200];
            pcre2_get_error_message(rc, msg, sizeof msg);
            px_error_set(err, "rule %s: %s", r->id, (char *)msg);
            return -1;
        }
        px_hit hit;
        fill_hit(r, md, &hit);
        if (hits_push(out, &hit))
            return px_error_set(err, "out of memory");
        if (first_only)
            return 1;
        size_t next = hit.end > hit.start ? hit.end : hit.end + 1;
        /* stay on a UTF-8 character boundary */
        while (next < len && ((unsigned char)subject[next] & 0xC0) == 0x80)
            next++;
        offset = next;
    }
    return 0;
}

static int cmp_hit_start(const void *a, const void *b)
{
    const px_hit *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return 0;
}

static char *folded_copy(const char *subject, size_t len)
{
    char *c = malloc(len + 1);
    if (!c)
        return NULL;
    memcpy(c, subject, len);
    c[len] = '\0';
    px_fold_tones(c);
    return c;
}

int px_ruleset_scan(const px_ruleset *rs, const char *category, const char *scope, const char *subject,
                    size_t len, px_hits *out, px_error *err)
{
    px_hits all = {0};
    pcre2_match_data *md = pcre2_match_data_create(PX_HIT_MAX_FIELDS * 2 + 2, NULL);
    char *folded = NULL;
    int rc = 0;
    for (size_t i = 0; i < rs->n && rc == 0; i++) {
        const px_rule *r = rs->rules[i];
        if (strcmp(r->category, category) != 0 || !scope_ok(r, scope))
            continue;
        const char *s = subject;
        if (r->fold) {
            if (!folded)
                folded = folded_copy(subject, len);
            s = folded ? folded : subject;
        }
        if (run_rule(rs, r, s, len, md, &all, 0, err) < 0)
            rc = -1;
    }
    pcre2_match_data_free(md);
    free(folded);
    if (rc == 0) {
        /* Resolve overlaps: rules are already in priority order and
         * matches of one rule do not overlap, so a greedy pass in the order
         * found keeps the highest-priority match of any overlapping pair. */
        px_hits kept = {0};
        for (size_t i = 0; i < all.n; i++) {
            int clash = 0;
            for (size_t j = 0; j < kept.n && !clash; j++) {
                const px_hit *a = &all.items[i], *b = &kept.items[j];
                if (a->start < b->end && b->start < a->end) {
                    if (a->rule->priority == b->rule->priority && (a->end - a->start) > (b->end - b->start)) {
                        kept.items[j] = *a; /* same priority: the longer wins */
                    }
                    clash = 1;
                }
            }
            if (!clash)
                hits_push(&kept, &all.items[i]);
        }
        if (kept.n)
            qsort(kept.items, kept.n, sizeof *kept.items, cmp_hit_start);
        for (size_t i = 0; i < kept.n; i++)
            hits_push(out, &kept.items[i]);
        px_hits_free(&kept);
    }
    px_hits_free(&all);
    return rc;
}

int px_ruleset_first(const px_ruleset *rs, const char *category, const char *scope, const char *subject,
                     size_t len, px_hit *hit, px_error *err)
{
    pcre2_match_data *md = pcre2_match_data_create(PX_HIT_MAX_FIELDS * 2 + 2, NULL);
    px_hits one = {0};
    char *folded = NULL;
    int found = 0;
    for (size_t i = 0; i < rs->n && !found; i++) {
        const px_rule *r = rs->rules[i];
        if (strcmp(r->category, category) != 0 || !scope_ok(r, scope))
            continue;
        const char *s = subject;
        if (r->fold) {
            if (!folded)
                folded = folded_copy(subject, len);
            s = folded ? folded : subject;
        }
        found = run_rule(rs, r, s, len, md, &one, 1, err);
    }
    if (found == 1)
        *hit = one.items[0];
    px_hits_free(&one);
    free(folded);
    pcre2_match_data_free(md);
    return found;
}

int px_hit_span(const px_hit *hit, const char *name, size_t *start, size_t *end)
{
    for (int i = 0; i < hit->n_fields; i++)
        if (!hit->fields[i].unset && strcmp(hit->fields[i].name, name) == 0) {
            *start = hit->fields[i].start;
            *end = hit->fields[i].end;
            return 1;
        }
    return 0;
}

int px_hit_has(const px_hit *hit, const char *name)
{
    size_t s, e;
    return px_hit_span(hit, name, &s, &e);
}

int px_hit_field(const px_hit *hit, const char *subject, const char *name, char *buf, size_t size)
{
    size_t s, e;
    if (size == 0)
        return 0;
    if (px_hit_span(hit, name, &s, &e)) {
        size_t n = e - s;
        if (n >= size)
            n = size - 1;
        memcpy(buf, subject + s, n);
        buf[n] = '\0';
        return 1;
    }
    const char *c = px_rule_const(hit->rule, name);
    if (c) {
        snprintf(buf, size, "%s", c);
        return 1;
    }
    buf[0] = '\0';
    return 0;
}

/* --- self-test ------------------------------------------------------------ */

int px_ruleset_selftest(const px_ruleset *rs, px_diags *diags, int *checked)
{
    int failures = 0;
    *checked = 0;
    pcre2_match_data *md = pcre2_match_data_create(PX_HIT_MAX_FIELDS * 2 + 2, NULL);
    for (size_t i = 0; i < rs->n; i++) {
        const px_rule *r = rs->rules[i];
        for (int k = 0; k < r->n_examples; k++) {
            const example *e = &r->examples[k];
            char *text = strdup(e->text);
            if (r->fold)
                px_fold_tones(text);
            px_hits hits = {0};
            px_error err = {{0}};
            int rc = run_rule(rs, r, text, strlen(text), md, &hits, 1, &err);
            (*checked)++;
            if (rc <= 0) {
                px_diags_add(diags, "%s:%d:1: rule %s: example does not match: %s", r->file, e->line, r->id,
                             e->text);
                failures++;
            } else {
                for (int f = 0; f < e->n_expect; f++) {
                    char got[512];
                    int have = px_hit_field(&hits.items[0], text, e->expect[f].key, got, sizeof got);
                    char want[512];
                    snprintf(want, sizeof want, "%s", e->expect[f].value);
                    if (r->fold)
                        px_fold_tones(want);
                    (*checked)++;
                    if (!have || strcmp(got, want) != 0) {
                        px_diags_add(diags, "%s:%d:1: rule %s: field %s is \"%s\", expected \"%s\"", r->file,
                                     e->line, r->id, e->expect[f].key, have ? got : "(none)", e->expect[f].value);
                        failures++;
                    }
                }
            }
            px_hits_free(&hits);
            free(text);
        }
        for (int k = 0; k < r->n_counters; k++) {
            const example *e = &r->counters[k];
            char *text = strdup(e->text);
            if (r->fold)
                px_fold_tones(text);
            px_hits hits = {0};
            px_error err = {{0}};
            int rc = run_rule(rs, r, text, strlen(text), md, &hits, 1, &err);
            (*checked)++;
            if (rc != 0) {
                char got[200] = "";
                if (rc > 0) {
                    size_t n = hits.items[0].end - hits.items[0].start;
                    snprintf(got, sizeof got, "%.*s", (int)(n < 150 ? n : 150), text + hits.items[0].start);
                }
                px_diags_add(diags, "%s:%d:1: rule %s: counter-example matches (\"%s\"): %s", r->file, e->line,
                             r->id, got, e->text);
                failures++;
            }
            px_hits_free(&hits);
            free(text);
        }
    }
    pcre2_match_data_free(md);
    return failures;
}
