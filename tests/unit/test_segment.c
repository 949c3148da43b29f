/* test_segment.c: the section tree (pipeline/segment.c) by the rules of
 * shared/ANNOTATION.md, with the real rule set. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "error.h"
#include "harness.h"
#include "ruleset.h"
#include "segment.h"

static px_ruleset *rules;

static void load_rules(void)
{
    px_diags diags = {0};
    px_error err = {{0}};
    rules = px_ruleset_load("rules", &diags, &err);
    if (!rules) {
        printf("FAIL cannot load rules/: %s\n", err.msg);
        for (size_t i = 0; i < diags.n && i < 5; i++)
            printf("  %s\n", diags.lines[i]);
    }
    px_diags_free(&diags);
}

/* A doc of paragraphs, one per string, NULL-terminated. */
static px_doc *doc_of(const char *first, ...)
{
    px_doc *d = px_doc_new(PX_FORMAT_DOCX);
    va_list ap;
    va_start(ap, first);
    for (const char *t = first; t; t = va_arg(ap, const char *))
        px_doc_add_block(d, PX_BLOCK_PARA, t, (size_t)-1);
    va_end(ap);
    return d;
}

/* Segments d; the paths joined by " | ", in a static buffer. */
static px_outline outline;
static const char *paths(px_doc *d)
{
    static char buf[4096];
    px_error err = {{0}};
    px_outline_free(&outline);
    if (!rules || px_segment(d, rules, &outline, &err) != 0) {
        snprintf(buf, sizeof buf, "(error: %s)", rules ? err.msg : "no rules");
        return buf;
    }
    buf[0] = '\0';
    for (size_t i = 0; i < outline.n; i++) {
        if (i)
            strncat(buf, " | ", sizeof buf - strlen(buf) - 1);
        strncat(buf, outline.sections[i].path, sizeof buf - strlen(buf) - 1);
    }
    return buf;
}

TEST(paths_of_every_marker)
{
    px_doc *d = doc_of("KẾ HOẠCH", "Thực hiện cải cách hành chính năm 2025", "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích",
                       "1.2. Tập trung khắc phục tồn tại", "1.2.3. Cải cách thủ tục hành chính",
                       "(1) Tiêu chí công khai tiến độ", "a) UBND các xã thực hiện tốt", "Nội dung của điểm a.",
                       "b) Cơ quan thực hiện: Văn phòng", "II. NHIỆM VỤ", NULL);
    CHECK_STR(paths(d), "I | I/1 | I/1/1.2 | I/1/1.2/1.2.3 | I/1/1.2/1.2.3/1 | I/1/1.2/1.2.3/1/a | "
                        "I/1/1.2/1.2.3/1/b | II");
    if (outline.n == 8) {
        CHECK_STR(outline.sections[0].label, "I.");
        CHECK_STR(outline.sections[2].label, "1.2.");
        CHECK_STR(outline.sections[4].label, "(1)");
        CHECK_STR(outline.sections[5].label, "a)");
        CHECK_STR(outline.sections[0].title, "MỤC ĐÍCH, YÊU CẦU");
        CHECK_STR(outline.sections[3].title, "Cải cách thủ tục hành chính");
        CHECK_INT(outline.sections[0].parent, -1);
        CHECK_INT(outline.sections[1].parent, 0);
        CHECK_INT(outline.sections[5].parent, 4);
        CHECK_INT(outline.sections[6].parent, 4);
        CHECK_INT(outline.sections[7].parent, -1);
        /* blocks map to their innermost section; text before I. to none */
        CHECK_INT(outline.block_section[0], -1);
        CHECK_INT(outline.block_section[1], -1);
        CHECK_INT(outline.block_section[8], 5); /* the body of a) */
        CHECK_INT(outline.sections[5].last_block, 8);
    }
    px_doc_free(d);
}

TEST(missing_level_nests_under_nearest)
{
    /* 1.2.3. with no 1.2. sits under 1. */
    px_doc *d = doc_of("I. NHIỆM VỤ", "1. Cải cách thể chế", "1.2.3. Rà soát văn bản", "a) Điểm thứ nhất", NULL);
    CHECK_STR(paths(d), "I | I/1 | I/1/1.2.3 | I/1/1.2.3/a");
    px_doc_free(d);
    /* a letter straight under a Roman part */
    d = doc_of("I. NHIỆM VỤ", "a) Điểm thứ nhất", "b) Điểm thứ hai", "II. GIẢI PHÁP", "1. Giải pháp một", NULL);
    CHECK_STR(paths(d), "I | I/a | I/b | II | II/1");
    px_doc_free(d);
}

TEST(dotted_nests_under_its_prefix)
{
    px_doc *d = doc_of("I. NHIỆM VỤ", "1. Một", "1.1. Một một", "1.2.1. Một hai một", "2. Hai", "2.1. Hai một",
                       "2.1.1. Hai một một", "2.2. Hai hai", NULL);
    CHECK_STR(paths(d), "I | I/1 | I/1/1.1 | I/1/1.2.1 | I/2 | I/2/2.1 | I/2/2.1/2.1.1 | I/2/2.2");
    px_doc_free(d);
}

TEST(number_printed_twice_gives_two_sections)
{
    px_doc *d = doc_of("I. NHIỆM VỤ", "1. Công khai", "1. Công khai (in lặp)", "2. Minh bạch", NULL);
    CHECK_STR(paths(d), "I | I/1 | I/1 | I/2");
    px_doc_free(d);
}

TEST(label_as_printed)
{
    px_doc *d = doc_of("I. NHIỆM VỤ", "1. Một", "1.3 Chỉ số nội dung “Kiểm soát tham nhũng”", NULL);
    CHECK_STR(paths(d), "I | I/1 | I/1/1.3");
    if (outline.n == 3) {
        CHECK_STR(outline.sections[2].label, "1.3");
        CHECK_STR(outline.sections[2].title, "Chỉ số nội dung “Kiểm soát tham nhũng”");
    }
    px_doc_free(d);
}

TEST(not_sections)
{
    px_doc *d = doc_of("I. NHIỆM VỤ", "Điều 1. Ban hành kèm theo Quyết định này", "A. Phần hướng dẫn",
                       "a. kiểu đánh dấu khác", "1) kiểu đánh dấu khác", "- Kiểm soát tham nhũng",
                       "+ Văn phòng UBND tỉnh chủ trì", "• Quản trị điện tử", "3.000 lượt người truy cập",
                       "2025. Các cơ quan tiếp tục", "Phần I", "1. Mục thật", NULL);
    CHECK_STR(paths(d), "I | I/1");
    px_doc_free(d);
}

TEST(signature_and_appendix_are_not_sections)
{
    px_doc *d = doc_of("KẾ HOẠCH", "I. MỤC ĐÍCH", "1. Mục đích", "II. TỔ CHỨC THỰC HIỆN", "1. Phòng Nội vụ huyện",
                       "Nơi nhận:", "- Như trên;", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A", "PHỤ LỤC",
                       "DANH MỤC NHIỆM VỤ", "I. Nhiệm vụ trọng tâm", "1. Rà soát thủ tục", "a) Hàng của bảng", NULL);
    CHECK_STR(paths(d), "I | I/1 | II | II/1");
    CHECK_INT(outline.body_end, 5);
    CHECK_INT(outline.appendix, 10);
    for (size_t i = 5; i < d->n_blocks && i < outline.n_blocks; i++)
        CHECK_INT(outline.block_section[i], -1);
    CHECK(px_outline_in_body(&outline, d, 4));
    CHECK(!px_outline_in_body(&outline, d, 7));
    CHECK(px_outline_in_body(&outline, d, 12)); /* appendix tables are read again */
    px_doc_free(d);
}

TEST(notes_and_margins_are_not_headings)
{
    px_doc *d = px_doc_new(PX_FORMAT_DOCX);
    px_doc_add_block(d, PX_BLOCK_PARA, "I. NHIỆM VỤ", (size_t)-1);
    px_doc_add_block(d, PX_BLOCK_MARGIN, "2. Trang hai", (size_t)-1);
    px_doc_add_block(d, PX_BLOCK_NOTE, "1. Theo Nghị định số 30/2020/NĐ-CP", (size_t)-1);
    px_doc_add_block(d, PX_BLOCK_HEADING, "1. Mục đích", (size_t)-1);
    CHECK_STR(paths(d), "I | I/1");
    px_doc_free(d);
}

TEST(titles)
{
    char *t = px_section_title("Mục đích. Nâng cao chất lượng phục vụ.");
    CHECK_STR(t, "Mục đích");
    free(t);
    t = px_section_title("TỔ CHỨC THỰC HIỆN:");
    CHECK_STR(t, "TỔ CHỨC THỰC HIỆN");
    free(t);
    t = px_section_title("Chế độ báo cáo: các cơ quan báo cáo hằng quý");
    CHECK_STR(t, "Chế độ báo cáo: các cơ quan báo cáo hằng quý");
    free(t);
    t = px_section_title("Nâng cao điểm số 1.2 lần so với năm trước");
    CHECK_STR(t, "Nâng cao điểm số 1.2 lần so với năm trước");
    free(t);
    t = px_section_title("Chỉ số nội dung “Công khai, minh bạch”.");
    CHECK_STR(t, "Chỉ số nội dung “Công khai, minh bạch”");
    free(t);
}

TEST(empty_doc)
{
    px_doc *d = px_doc_new(PX_FORMAT_TXT);
    CHECK_STR(paths(d), "");
    CHECK_INT(outline.n, 0);
    px_doc_free(d);
}

TEST(deep_nesting_is_bounded)
{
    /* 3,000 headings: no crash, every one a section */
    px_doc *d = px_doc_new(PX_FORMAT_TXT);
    char buf[64];
    for (int i = 0; i < 3000; i++) {
        snprintf(buf, sizeof buf, "%d.%d. Mục số %d", 1 + i / 90, 1 + i % 90, i);
        px_doc_add_block(d, PX_BLOCK_PARA, buf, (size_t)-1);
    }
    px_error err = {{0}};
    px_outline_free(&outline);
    CHECK_INT(px_segment(d, rules, &outline, &err), 0);
    CHECK(outline.n > 0);
    px_doc_free(d);
}

int main(void)
{
    load_rules();
    if (!rules) {
        CHECK(rules != NULL);
        HARNESS_END();
    }
    RUN(paths_of_every_marker);
    RUN(missing_level_nests_under_nearest);
    RUN(dotted_nests_under_its_prefix);
    RUN(number_printed_twice_gives_two_sections);
    RUN(label_as_printed);
    RUN(not_sections);
    RUN(signature_and_appendix_are_not_sections);
    RUN(notes_and_margins_are_not_headings);
    RUN(titles);
    RUN(empty_doc);
    RUN(deep_nesting_is_bounded);
    px_outline_free(&outline);
    px_ruleset_free(rules);
    HARNESS_END();
}
