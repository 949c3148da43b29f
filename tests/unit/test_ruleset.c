/* test_ruleset.c: rule files as data (rules/ruleset.c): loading from a
 * directory, diagnostics, priorities, `set:` constants, tone folding, the
 * self-test, and the real rules/ directory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "harness.h"
#include "ruleset.h"

static char tmpdir[256];

static void write_file(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        printf("FAIL cannot write %s\n", path);
        return;
    }
    fputs(text, f);
    fclose(f);
}

static void clear_dir(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -f '%s'/*", tmpdir);
    if (system(cmd) != 0)
        printf("  (could not clear %s)\n", tmpdir);
}

static px_ruleset *load(px_diags *diags, px_error *err)
{
    memset(diags, 0, sizeof *diags);
    err->msg[0] = '\0';
    return px_ruleset_load(tmpdir, diags, err);
}

static const char *RULES_A =
    "# two rules that match the same words, and one with constants\n"
    "rule: t.low\n"
    "category: unit\n"
    "priority: 10\n"
    "pattern: (?<unit>Sở\\s+\\p{Lu}\\p{Ll}+)\n"
    "set: role = cooperate\n"
    "example: Sở Nội vụ => unit=Sở Nội\n"
    "\n"
    "rule: t.high\n"
    "category: unit\n"
    "priority: 90\n"
    "pattern: (?<unit>Sở\\s+Nội\\s+vụ)(?:\\s+(?<extra>tỉnh))?\n"
    "set: role = lead\n"
    "set: level = province\n"
    "example: Sở Nội vụ tỉnh => unit=Sở Nội vụ; role=lead\n"
    "counter: Phòng Nội vụ\n";

static const char *RULES_B =
    "rule: t.fold\n"
    "category: place\n"
    "priority: 50\n"
    "flags: fold, caseless\n"
    "pattern: \\bthanh\\s+hóa\\b\n"
    "example: Thanh Hoá\n"
    "example: THANH HÓA\n"
    "\n"
    "rule: t.quy\n"
    "category: deadline\n"
    "priority: 50\n"
    "flags: fold\n"
    "pattern: hằng\\s+quý\n"
    "set: recurrence = quarterly\n"
    "example: hằng quí => recurrence=quarterly\n";

TEST(load_from_temp_dir)
{
    clear_dir();
    write_file("a.rules", RULES_A);
    write_file("b.rules", RULES_B);
    write_file("notes.txt", "this is not a rules file: ignored\n");
    px_diags diags;
    px_error err;
    px_ruleset *rs = load(&diags, &err);
    CHECK(rs != NULL);
    CHECK_INT(diags.n, 0);
    for (size_t i = 0; i < diags.n; i++)
        printf("  %s\n", diags.lines[i]);
    if (rs) {
        CHECK_INT(px_ruleset_size(rs), 4);
        CHECK(strlen(px_ruleset_version(rs)) > 0);
        int checked = 0;
        px_diags d2 = {0};
        CHECK_INT(px_ruleset_selftest(rs, &d2, &checked), 0);
        CHECK(checked >= 6); /* 6 examples and counters, and their fields */
        for (size_t i = 0; i < d2.n; i++)
            printf("  %s\n", d2.lines[i]);
        px_diags_free(&d2);
    }
    px_ruleset_free(rs);
    px_diags_free(&diags);
}

TEST(priorities)
{
    clear_dir();
    write_file("a.rules", RULES_A);
    px_diags diags;
    px_error err;
    px_ruleset *rs = load(&diags, &err);
    CHECK(rs != NULL);
    if (!rs) return;
    const char *s = "Giao Sở Nội vụ tỉnh chủ trì.";
    px_hit hit;
    CHECK_INT(px_ruleset_first(rs, "unit", NULL, s, strlen(s), &hit, &err), 1);
    CHECK_STR(px_rule_id(hit.rule), "t.high");
    CHECK_INT(px_rule_priority(hit.rule), 90);
    char buf[64];
    CHECK(px_hit_field(&hit, s, "unit", buf, sizeof buf));
    CHECK_STR(buf, "Sở Nội vụ");
    /* scan: overlapping matches, the higher priority keeps its match */
    px_hits hits = {0};
    CHECK_INT(px_ruleset_scan(rs, "unit", NULL, s, strlen(s), &hits, &err), 0);
    CHECK_INT(hits.n, 1);
    if (hits.n >= 1)
        CHECK_STR(px_rule_id(hits.items[0].rule), "t.high");
    /* a subject where only the low rule matches; two non-overlapping hits in order */
    px_hits_clear(&hits);
    const char *s2 = "Sở Tư pháp và Sở Nội vụ";
    CHECK_INT(px_ruleset_scan(rs, "unit", NULL, s2, strlen(s2), &hits, &err), 0);
    CHECK_INT(hits.n, 2);
    if (hits.n == 2) {
        CHECK_STR(px_rule_id(hits.items[0].rule), "t.low");
        CHECK_STR(px_rule_id(hits.items[1].rule), "t.high");
        CHECK(hits.items[0].start < hits.items[1].start);
    }
    px_hits_free(&hits);
    /* another category sees nothing */
    CHECK_INT(px_ruleset_first(rs, "place", NULL, s, strlen(s), &hit, &err), 0);
    px_ruleset_free(rs);
    px_diags_free(&diags);
}

TEST(set_constants)
{
    clear_dir();
    write_file("a.rules", RULES_A);
    px_diags diags;
    px_error err;
    px_ruleset *rs = load(&diags, &err);
    CHECK(rs != NULL);
    if (!rs) return;
    const char *s = "Sở Nội vụ";
    px_hit hit;
    CHECK_INT(px_ruleset_first(rs, "unit", NULL, s, strlen(s), &hit, &err), 1);
    CHECK_STR(px_rule_const(hit.rule, "role"), "lead");
    CHECK_STR(px_rule_const(hit.rule, "level"), "province");
    CHECK(px_rule_const(hit.rule, "nothing") == NULL);
    char buf[64] = "";
    CHECK(px_hit_field(&hit, s, "role", buf, sizeof buf)); /* a constant read as a field */
    CHECK_STR(buf, "lead");
    CHECK(!px_hit_has(&hit, "extra")); /* optional group did not take part */
    CHECK(px_hit_has(&hit, "unit"));
    size_t a, b;
    CHECK(px_hit_span(&hit, "unit", &a, &b));
    CHECK_INT(a, 0);
    CHECK_INT(b, strlen("Sở Nội vụ"));
    px_ruleset_free(rs);
    px_diags_free(&diags);
}

TEST(fold_tones)
{
    char s1[] = "hoà bình, Thanh Hoá, THANH HOÁ";
    px_fold_tones(s1);
    CHECK_STR(s1, "hòa bình, Thanh Hóa, THANH HÓA");
    char s2[] = "hằng quí";
    px_fold_tones(s2);
    CHECK_STR(s2, "hằng quý");
    char s3[] = "Uỷ ban, uỷ quyền, thuỵ";
    size_t before = strlen(s3);
    px_fold_tones(s3);
    CHECK_STR(s3, "Ủy ban, ủy quyền, thụy");
    CHECK_INT(strlen(s3), before);
    /* already folded text, and quý (u after q belongs to the consonant), stay */
    char s4[] = "hòa, quý, Thủy, quỹ";
    px_fold_tones(s4);
    CHECK_STR(s4, "hòa, quý, Thủy, quỹ");
}

TEST(fold_flag_matches_both_spellings)
{
    clear_dir();
    write_file("b.rules", RULES_B);
    px_diags diags;
    px_error err;
    px_ruleset *rs = load(&diags, &err);
    CHECK(rs != NULL);
    if (!rs) return;
    static const char *const places[] = {"tỉnh Thanh Hoá", "tỉnh Thanh Hóa", "TỈNH THANH HOÁ"};
    for (size_t i = 0; i < 3; i++) {
        px_hit hit;
        CHECK_INT(px_ruleset_first(rs, "place", NULL, places[i], strlen(places[i]), &hit, &err), 1);
        if (i == 0)
            CHECK_INT(hit.start, strlen("tỉnh ")); /* offsets into the unfolded subject */
    }
    static const char *const quarters[] = {"báo cáo hằng quí", "báo cáo hằng quý"};
    for (size_t i = 0; i < 2; i++) {
        px_hit hit;
        CHECK_INT(px_ruleset_first(rs, "deadline", NULL, quarters[i], strlen(quarters[i]), &hit, &err), 1);
        char buf[32] = "";
        px_hit_field(&hit, quarters[i], "recurrence", buf, sizeof buf);
        CHECK_STR(buf, "quarterly");
    }
    px_ruleset_free(rs);
    px_diags_free(&diags);
}

TEST(bad_pattern_diagnostic)
{
    clear_dir();
    write_file("a.rules", RULES_A);
    write_file("c.rules", "# comment\n\nrule: t.broken\ncategory: x\npattern: ^(?<a>abc\n");
    px_diags diags;
    px_error err;
    px_ruleset *rs = load(&diags, &err);
    CHECK(rs == NULL);
    CHECK_INT(diags.n, 1);
    if (diags.n >= 1) {
        char want[600];
        snprintf(want, sizeof want, "%s/c.rules:5:", tmpdir);
        CHECK(strncmp(diags.lines[0], want, strlen(want)) == 0);
        CHECK(strstr(diags.lines[0], "t.broken") != NULL);
        if (strncmp(diags.lines[0], want, strlen(want)) != 0)
            printf("  got: %s\n", diags.lines[0]);
    }
    CHECK(err.msg[0] != '\0');
    px_ruleset_free(rs);
    px_diags_free(&diags);
}

TEST(format_diagnostics)
{
    clear_dir();
    write_file("a.rules", "rule: t.one\ncategory: x\npriority: high\npattern: a\n\n"
                          "rule: t.two\ncategory: x\nflags: sideways\npattern: b\n\n"
                          "rule: t.three\npattern: c\n\n"
                          "rule: t.one\ncategory: x\npattern: d\n");
    px_diags diags;
    px_error err;
    px_ruleset *rs = load(&diags, &err);
    CHECK(rs == NULL);
    CHECK(diags.n >= 4);
    int priority = 0, flag = 0, category = 0, dup = 0;
    for (size_t i = 0; i < diags.n; i++) {
        const char *l = diags.lines[i];
        priority |= strstr(l, "a.rules:3:") != NULL;
        flag |= strstr(l, "a.rules:8:") != NULL && strstr(l, "sideways") != NULL;
        category |= strstr(l, "t.three") != NULL && strstr(l, "category") != NULL;
        dup |= strstr(l, "a.rules:14:") != NULL && strstr(l, "t.one") != NULL;
    }
    CHECK(priority);
    CHECK(flag);
    CHECK(category);
    CHECK(dup);
    px_ruleset_free(rs);
    px_diags_free(&diags);
}

TEST(selftest_failures)
{
    clear_dir();
    write_file("a.rules", "rule: t.x\ncategory: x\npriority: 1\npattern: ^Số: (?<num>\\d+)\n"
                          "example: Số: 12 => num=12\n"
                          "example: Số: 13 => num=14\n"
                          "example: Số mười\n"
                          "counter: Số: 15\n");
    px_diags diags;
    px_error err;
    px_ruleset *rs = load(&diags, &err);
    CHECK(rs != NULL);
    if (!rs) return;
    px_diags d2 = {0};
    int checked = 0;
    CHECK_INT(px_ruleset_selftest(rs, &d2, &checked), 3);
    CHECK(checked >= 4);
    int l6 = 0, l7 = 0, l8 = 0;
    for (size_t i = 0; i < d2.n; i++) {
        l6 |= strstr(d2.lines[i], "a.rules:6:") != NULL;
        l7 |= strstr(d2.lines[i], "a.rules:7:") != NULL;
        l8 |= strstr(d2.lines[i], "a.rules:8:") != NULL;
    }
    CHECK(l6 && l7 && l8);
    px_diags_free(&d2);
    px_ruleset_free(rs);
    px_diags_free(&diags);
}

TEST(version_follows_bytes)
{
    clear_dir();
    write_file("a.rules", RULES_A);
    px_diags diags;
    px_error err;
    px_ruleset *rs1 = load(&diags, &err);
    px_diags_free(&diags);
    px_ruleset *rs2 = load(&diags, &err);
    px_diags_free(&diags);
    char changed[4096];
    snprintf(changed, sizeof changed, "# one more comment\n%s", RULES_A);
    write_file("a.rules", changed);
    px_ruleset *rs3 = load(&diags, &err);
    px_diags_free(&diags);
    CHECK(rs1 && rs2 && rs3);
    if (rs1 && rs2 && rs3) {
        CHECK_STR(px_ruleset_version(rs1), px_ruleset_version(rs2));
        CHECK(strcmp(px_ruleset_version(rs1), px_ruleset_version(rs3)) != 0);
    }
    px_ruleset_free(rs1);
    px_ruleset_free(rs2);
    px_ruleset_free(rs3);
}

TEST(missing_and_empty_dirs)
{
    px_diags diags = {0};
    px_error err = {{0}};
    CHECK(px_ruleset_load("/nonexistent/planex-rules", &diags, &err) == NULL);
    CHECK(err.msg[0] != '\0');
    px_diags_free(&diags);
    clear_dir();
    err.msg[0] = '\0';
    CHECK(load(&diags, &err) == NULL);
    CHECK(strstr(err.msg, "no *.rules") != NULL);
    px_diags_free(&diags);
    px_ruleset_free(NULL); /* NULL-safe */
}

TEST(real_rules_load_and_pass_their_examples)
{
    px_diags diags = {0};
    px_error err = {{0}};
    px_ruleset *rs = px_ruleset_load("rules", &diags, &err);
    CHECK(rs != NULL);
    for (size_t i = 0; i < diags.n && i < 10; i++)
        printf("  %s\n", diags.lines[i]);
    px_diags_free(&diags);
    if (!rs) {
        printf("  %s\n", err.msg);
        return;
    }
    int checked = 0;
    int failures = px_ruleset_selftest(rs, &diags, &checked);
    CHECK_INT(failures, 0);
    CHECK(checked > 0);
    for (size_t i = 0; i < diags.n && i < 10; i++)
        printf("  %s\n", diags.lines[i]);
    px_diags_free(&diags);
    /* the categories the pipeline relies on exist */
    static const char *const needed[][2] = {
        {"heading", "I. MỤC ĐÍCH, YÊU CẦU"}, {"heading", "1.2. Tập trung"}, {"heading", "a) Điểm"},
        {"closing", "Nơi nhận:"}, {"closing", "KT. CHỦ TỊCH"}, {"appendix", "PHỤ LỤC"},
        {"doctype", "KẾ HOẠCH"}, {"bullet", "- Kiểm soát"},
    };
    for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++) {
        px_hit hit;
        int rc = px_ruleset_first(rs, needed[i][0], NULL, needed[i][1], strlen(needed[i][1]), &hit, &err);
        CHECK_INT(rc, 1);
        if (rc != 1)
            printf("  category %s does not match \"%s\"\n", needed[i][0], needed[i][1]);
    }
    px_ruleset_free(rs);
}

TEST(pathological_subject_is_bounded)
{
    /* a line of 100k spaces and digits through every real rule: returns
     * (match or limit error), never hangs */
    px_diags diags = {0};
    px_error err = {{0}};
    px_ruleset *rs = px_ruleset_load("rules", &diags, &err);
    px_diags_free(&diags);
    if (!rs) {
        CHECK(rs != NULL);
        return;
    }
    size_t n = 100000;
    char *s = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        s[i] = (i % 3 == 0) ? ' ' : (char)('0' + i % 10);
    s[n] = '\0';
    static const char *const cats[] = {"heading", "bullet", "closing", "open_end"};
    for (size_t i = 0; i < 4; i++) {
        px_hits hits = {0};
        int rc = px_ruleset_scan(rs, cats[i], NULL, s, n, &hits, &err);
        CHECK(rc == 0 || rc == -1);
        px_hits_free(&hits);
    }
    free(s);
    px_ruleset_free(rs);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "%s/planex-ruleset-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmpdir)) {
        printf("FAIL mkdtemp\n");
        return 1;
    }
    RUN(load_from_temp_dir);
    RUN(priorities);
    RUN(set_constants);
    RUN(fold_tones);
    RUN(fold_flag_matches_both_spellings);
    RUN(bad_pattern_diagnostic);
    RUN(format_diagnostics);
    RUN(selftest_failures);
    RUN(version_follows_bytes);
    RUN(missing_and_empty_dirs);
    RUN(real_rules_load_and_pass_their_examples);
    RUN(pathological_subject_is_bounded);
    clear_dir();
    rmdir(tmpdir);
    HARNESS_END();
}
