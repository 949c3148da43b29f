/* store_search.c: planex search: FTS5 over section titles and bodies.
 *
 * The index (store.c) is made from the text with its letters folded to
 * ASCII (px_store_search_fold), and its tokenizer (unicode61,
 * remove_diacritics 2) folds case and any mark left.  The query is folded
 * the same way: `ke hoach` finds `kế hoạch`, `don vi` and `đơn vị` find
 * `Đơn vị`.  The user's words are quoted for FTS5 (a document number like
 * `105/KH-UBND` is a phrase of three tokens, not a syntax error); `"…"`
 * keeps a phrase, a trailing `*` a prefix, and OR / NOT pass through.
 *
 * Snippets are cut from the section body as written (the index holds the
 * folded text, which people should not have to read). */
#include <ctype.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "textout.h"
#include "crossdoc.h"

typedef struct sbuf {
    char *s;
    size_t n, cap;
} sbuf;

static void sb_putn(sbuf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap * 2 + n + 64;
        char *g = realloc(b->s, cap);
        if (!g)
            return;
        b->s = g;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void sb_put(sbuf *b, const char *s) { sb_putn(b, s, strlen(s)); }

/* ASCII punctuation separates tokens, as in unicode61; bytes of other
 * characters belong to words. */
static int is_sep(unsigned char c) { return c < 0x80 && !isalnum(c); }

/* The folded terms of the query, for marking matches in snippets. */
typedef struct term {
    char *text;
    int prefix;
} term;

typedef struct terms {
    term *t;
    size_t n, cap;
} terms;

static void terms_add(terms *ts, const char *s, size_t n, int prefix)
{
    if (ts->n == ts->cap) {
        ts->cap = ts->cap ? ts->cap * 2 : 8;
        term *g = realloc(ts->t, ts->cap * sizeof *g);
        if (!g)
            return;
        ts->t = g;
    }
    char *raw = strndup(s, n);
    ts->t[ts->n].text = px_fold(raw);
    ts->t[ts->n].prefix = prefix;
    ts->n++;
    free(raw);
}

static void terms_free(terms *ts)
{
    for (size_t i = 0; i < ts->n; i++)
        free(ts->t[i].text);
    free(ts->t);
}


/* Appends one word (or phrase) as an FTS5 string: its tokens, quoted. */
static int add_phrase(sbuf *q, terms *ts, const char *w, size_t n, int prefix)
{
    int tokens = 0;
    size_t i = 0;
    sbuf ph = {0};
    while (i < n) {
        while (i < n && is_sep((unsigned char)w[i]))
            i++;
        size_t st = i;
        while (i < n && !is_sep((unsigned char)w[i]))
            i++;
        if (i > st) {
            if (tokens++)
                sb_put(&ph, " ");
            sb_putn(&ph, w + st, i - st);
            terms_add(ts, w + st, i - st, prefix && i == n);
        }
    }
    if (tokens) {
        if (q->n)
            sb_put(q, " ");
        sb_put(q, "\"");
        sb_put(q, ph.s);
        sb_put(q, "\"");
        if (prefix)
            sb_put(q, "*");
    }
    free(ph.s);
    return tokens;
}

/* The FTS5 query for what the user typed; NULL when it has no words. */
static char *fts_query(const char *user, terms *ts)
{
    char *f = px_store_search_fold(user);
    if (!f)
        return NULL;
    sbuf q = {0};
    int words = 0, last_op = 1; /* an operator needs a word on its left */
    const char *p = f;
    while (*p) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        if (*p == '"') {
            const char *e = strchr(p + 1, '"');
            size_t n = e ? (size_t)(e - p - 1) : strlen(p + 1);
            int prefix = e && e[1] == '*';
            if (add_phrase(&q, ts, p + 1, n, prefix) > 0) {
                words++;
                last_op = 0;
            }
            p = e ? e + 1 + prefix : p + 1 + n;
            continue;
        }
        const char *e = p;
        while (*e && *e != ' ' && *e != '\t')
            e++;
        size_t n = (size_t)(e - p);
        if ((n == 2 && strncmp(p, "OR", 2) == 0) || (n == 3 && strncmp(p, "NOT", 3) == 0) ||
            (n == 3 && strncmp(p, "AND", 3) == 0)) {
            if (!last_op) {
                sb_put(&q, " ");
                sb_putn(&q, p, n);
                last_op = 1;
            }
        } else {
            int prefix = n > 1 && p[n - 1] == '*';
            if (add_phrase(&q, ts, p, prefix ? n - 1 : n, prefix) > 0) {
                words++;
                last_op = 0;
            }
        }
        p = e;
    }
    free(f);
    if (!words) {
        free(q.s);
        return NULL;
    }
    /* a dangling operator at the end is the user's slip, not a query */
    while (q.n >= 3 && (strcmp(q.s + q.n - 3, " OR") == 0 || strcmp(q.s + q.n - 3, "NOT") == 0 ||
                        strcmp(q.s + q.n - 3, "AND") == 0)) {
        q.n -= q.s[q.n - 3] == ' ' ? 3 : 4;
        q.s[q.n] = '\0';
    }
    return q.s;
}

static int term_hit(const terms *ts, const char *folded_word)
{
    for (size_t i = 0; i < ts->n; i++) {
        const char *t = ts->t[i].text;
        if (!t || !*t)
            continue;
        if (ts->t[i].prefix ? strncmp(folded_word, t, strlen(t)) == 0 : strcmp(folded_word, t) == 0)
            return 1;
    }
    return 0;
}

/* A snippet of about `span` words around the densest run of matches, the
 * matches marked.  Returns a new string. */
static char *snippet(const char *body, const terms *ts, int span, int color)
{
    /* word boundaries over the body as written */
    size_t n = 0, cap = 0;
    struct {
        size_t start, end;
        int hit;
    } *w = NULL;
    size_t i = 0, len = strlen(body);
    while (i < len) {
        while (i < len && is_sep((unsigned char)body[i]))
            i++;
        size_t st = i;
        while (i < len && !is_sep((unsigned char)body[i]) && body[i] != ' ')
            i++;
        if (i == st)
            continue;
        /* a UTF-8 space or punctuation (…, “) stays inside a word: harmless */
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            void *g = realloc(w, cap * sizeof *w);
            if (!g)
                break;
            w = g;
        }
        char *raw = strndup(body + st, i - st);
        char *f = px_fold(raw);
        w[n].start = st;
        w[n].end = i;
        w[n].hit = f && term_hit(ts, f);
        n++;
        free(raw);
        free(f);
    }
    size_t best = 0;
    int best_hits = -1;
    for (size_t k = 0; k < n; k++) {
        int hits = 0;
        for (size_t j = k; j < n && j < k + (size_t)span; j++)
            hits += w[j].hit;
        if (hits > best_hits) {
            best_hits = hits;
            best = k;
        }
    }
    /* start a few words before the first match */
    size_t first = best;
    while (first < n && !w[first].hit)
        first++;
    size_t from = first < n ? (first > 3 ? first - 3 : 0) : 0;
    size_t to = from + (size_t)span < n ? from + (size_t)span : n;
    sbuf out = {0};
    if (from > 0)
        sb_put(&out, "…");
    for (size_t k = from; k < to; k++) {
        size_t gap_from = k == from ? w[k].start : w[k - 1].end;
        if (k != from) {
            /* what lies between two words, newlines as spaces */
            for (size_t c = gap_from; c < w[k].start; c++)
                sb_putn(&out, body[c] == '\n' ? " " : body + c, 1);
        }
        if (w[k].hit)
            sb_put(&out, color ? "\033[1m" : "[");
        sb_putn(&out, body + w[k].start, w[k].end - w[k].start);
        if (w[k].hit)
            sb_put(&out, color ? "\033[0m" : "]");
    }
    if (to < n)
        sb_put(&out, "…");
    free(w);
    return out.s ? out.s : strdup("");
}

int px_store_search(px_store *s, FILE *out, const char *query, const px_search_options *opt, px_error *err)
{
    terms ts = {0};
    char *q = fts_query(query ? query : "", &ts);
    if (!q) {
        terms_free(&ts);
        return px_error_set(err, "the query has no words to search for");
    }
    int json = opt->format && strcmp(opt->format, "json") == 0;
    int limit = opt->limit > 0 ? opt->limit : 20;
    sqlite3 *db = px_store_db(s);
    sqlite3_stmt *st;
    /* title hits weigh more than body hits */
    const char *sql =
        "SELECT d.id, d.source, d.doc_number, s.path, s.label, s.title, s.body, bm25(sections_fts, 4.0, 1.0) AS r"
        " FROM sections_fts JOIN sections s ON s.id = sections_fts.rowid JOIN documents d ON d.id = s.document_id"
        " WHERE sections_fts MATCH ?1 AND (?2 = 0 OR d.id IN (SELECT value FROM json_each(?3)))"
        " ORDER BY r, d.id, s.ord LIMIT ?4";
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        free(q);
        terms_free(&ts);
        return px_error_set(err, "database: %s", sqlite3_errmsg(db));
    }
    sbuf ids = {0};
    sb_put(&ids, "[");
    for (size_t i = 0; i < opt->n_ids; i++) {
        char num[32];
        snprintf(num, sizeof num, "%s%lld", i ? "," : "", opt->ids[i]);
        sb_put(&ids, num);
    }
    sb_put(&ids, "]");
    sqlite3_bind_text(st, 1, q, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, opt->n_ids > 0);
    sqlite3_bind_text(st, 3, ids.s, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 4, limit);
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        n++;
        const char *source = (const char *)sqlite3_column_text(st, 1);
        const char *number = (const char *)sqlite3_column_text(st, 2);
        const char *path = (const char *)sqlite3_column_text(st, 3);
        const char *title = (const char *)sqlite3_column_text(st, 5);
        const char *body = (const char *)sqlite3_column_text(st, 6);
        char *snip = snippet(body ? body : "", &ts, 24, json ? 0 : opt->color);
        if (json) {
            fprintf(out, "{\"document\":%lld,\"source\":", (long long)sqlite3_column_int64(st, 0));
            px_json_str(out, source);
            fputs(",\"doc_number\":", out);
            px_json_str(out, number);
            fputs(",\"section\":", out);
            px_json_str(out, path);
            fputs(",\"title\":", out);
            px_json_str(out, title);
            fputs(",\"snippet\":", out);
            px_json_str(out, snip);
            fprintf(out, ",\"rank\":%.4f}\n", sqlite3_column_double(st, 7));
        } else {
            fprintf(out, "%d. %s (document %lld%s%s) %s %s\n", n, source ? source : "",
                    (long long)sqlite3_column_int64(st, 0), number ? ", " : "", number ? number : "",
                    path && *path ? path : "(before the first heading)", title ? title : "");
            fprintf(out, "   %s\n", snip);
        }
        free(snip);
    }
    int bad = rc != SQLITE_DONE;
    if (bad) /* an FTS5 syntax error: say what was searched for */
        px_error_set(err, "search `%s`: %s", q, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    free(ids.s);
    free(q);
    terms_free(&ts);
    if (bad)
        return -1;
    if (!n && !json)
        fputs("no matches\n", out);
    return n;
}
