/* test_normalize.c: text cleanup and the re-joining of PDF-style lines
 * (pipeline/normalize.c), with the real rule set (tests run from the repo
 * root). */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "error.h"
#include "extract.h"
#include "harness.h"
#include "normalize.h"
#include "ruleset.h"

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

/* Text extractor then normalize: the path a .txt file takes. */
static px_doc *run(const char *text)
{
    px_error err = {{0}};
    px_doc *d = px_doc_new(PX_FORMAT_TXT);
    if (px_extract_text((const unsigned char *)text, strlen(text), d, &err) != 0 ||
        px_normalize(d, rules, &err) != 0) {
        printf("  pipeline error: %s\n", err.msg);
        px_doc_free(d);
        return NULL;
    }
    return d;
}

static const char *text_at(const px_doc *d, size_t i)
{
    return d && i < d->n_blocks ? d->blocks[i].text : NULL;
}

/* The index of the block whose text starts with prefix, or -1. */
static long find(const px_doc *d, const char *prefix)
{
    for (size_t i = 0; d && i < d->n_blocks; i++)
        if (strncmp(d->blocks[i].text, prefix, strlen(prefix)) == 0)
            return (long)i;
    return -1;
}

TEST(nfc_of_decomposed)
{
    /* "Kế hoạch" with combining marks: e + U+0302 + U+0301, a + U+0323 */
    char *s = px_normalize_text("Ke\xCC\x82\xCC\x81 hoa\xCC\xA3" "ch", 0);
    CHECK_STR(s, "Kế hoạch");
    free(s);
    /* "Ủy" as U + U+031B? no: U + U+0309 (hook above) */
    s = px_normalize_text("U\xCC\x89y ban", 0);
    CHECK_STR(s, "Ủy ban");
    free(s);
}

TEST(spaces_and_invisibles)
{
    char *s = px_normalize_text("Số:\xC2\xA0" "105/KH-UBND", 0); /* NBSP */
    CHECK_STR(s, "Số: 105/KH-UBND");
    free(s);
    s = px_normalize_text("  a\xE2\x80\x83\xE2\x80\x89 b\t\tc  ", 0); /* em space, thin space, tabs */
    CHECK_STR(s, "a b c");
    free(s);
    s = px_normalize_text("hành\xE2\x80\x8B" "chính c\xC2\xAD" "ông\xEF\xBB\xBF", 0); /* ZWSP, soft hyphen, BOM */
    CHECK_STR(s, "hànhchính công");
    free(s);
    s = px_normalize_text("dòng 1\n  dòng 2", 1);
    CHECK_STR(s, "dòng 1\ndòng 2");
    free(s);
    s = px_normalize_text("dòng 1\n  dòng 2", 0);
    CHECK_STR(s, "dòng 1 dòng 2");
    free(s);
    s = px_normalize_text("“Công khai, minh bạch”", 0); /* typographic quotes kept */
    CHECK_STR(s, "“Công khai, minh bạch”");
    free(s);
}

TEST(utf8_helpers)
{
    CHECK_INT(px_utf8_chars("Kế hoạch", strlen("Kế hoạch")), 8);
    CHECK(px_starts_lower("cấp cơ sở"));
    CHECK(px_starts_lower("(đã sửa)"));
    CHECK(!px_starts_lower("Trung tâm"));
    CHECK(px_is_caps_line("I. MỤC ĐÍCH, YÊU CẦU"));
    CHECK(!px_is_caps_line("I. Mục đích"));
}

/* A PDF-style sample: every physical line followed by a blank line, as in
 * the PDF-extracted seeds (000, 001, 003); a page number and a line opened by
 * a space where the page broke. */
static const char *PDF_SAMPLE =
    "KẾ HOẠCH\n\n"
    "Cải thiện Chỉ số PAPI của tỉnh năm 2025\n\n"
    "I. MỤC ĐÍCH, YÊU CẦU\n\n"
    "1. Mục đích\n\n"
    "Nâng cao hiệu quả hoạt động của các cấp chính quyền trên địa bàn tỉnh, đặc biệt là\n\n"
    "cấp cơ sở, phấn đấu chỉ số PAPI của tỉnh được duy trì và cải thiện thứ hạng\n\n"
    "2. Yêu cầu\n\n"
    "Kế hoạch được triển khai gắn với nhiệm vụ của các phòng, ban, trung tâm trên địa bàn\n\n"
    "2\n\n"
    " tỉnh và được kiểm tra, đôn đốc thường xuyên trong năm.\n\n"
    "II. NỘI DUNG THỰC HIỆN\n\n"
    "1.2. Chỉ số nội dung về hiệu quả phục vụ của\n\n"
    "Trung tâm Phục vụ hành chính công tỉnh\n\n"
    "Các cơ quan, đơn vị chủ động triển khai thực hiện.\n\n"
    "https://thuvienphapluat.vn/van-ban/abc.aspx\n\n"
    "a) Niêm yết công khai thủ tục\n\n";

TEST(pdf_lines_rejoined)
{
    if (!rules) { CHECK(rules != NULL); return; }
    px_doc *d = run(PDF_SAMPLE);
    CHECK(d != NULL);
    if (!d) return;
    CHECK_STR(text_at(d, 0), "KẾ HOẠCH");
    CHECK_STR(text_at(d, 1), "Cải thiện Chỉ số PAPI của tỉnh năm 2025");
    CHECK_STR(text_at(d, 2), "I. MỤC ĐÍCH, YÊU CẦU");
    /* the paragraph after a heading stays out of its title */
    CHECK_STR(text_at(d, 3), "1. Mục đích");
    /* a body line wrapped in the middle of a sentence is joined */
    CHECK_STR(text_at(d, 4), "Nâng cao hiệu quả hoạt động của các cấp chính quyền trên địa bàn tỉnh, đặc biệt là "
                             "cấp cơ sở, phấn đấu chỉ số PAPI của tỉnh được duy trì và cải thiện thứ hạng");
    /* a heading is never glued to the line before, even one without a full stop */
    CHECK_STR(text_at(d, 5), "2. Yêu cầu");
    /* the page number goes; the line after the page break joins with one space */
    CHECK_STR(text_at(d, 6), "Kế hoạch được triển khai gắn với nhiệm vụ của các phòng, ban, trung tâm trên địa bàn "
                             "tỉnh và được kiểm tra, đôn đốc thường xuyên trong năm.");
    CHECK_STR(text_at(d, 7), "II. NỘI DUNG THỰC HIỆN");
    /* a heading that wraps onto a capitalised line is kept whole */
    CHECK_STR(text_at(d, 8), "1.2. Chỉ số nội dung về hiệu quả phục vụ của Trung tâm Phục vụ hành chính công tỉnh");
    /* … and the paragraph after it is not part of it */
    CHECK_STR(text_at(d, 9), "Các cơ quan, đơn vị chủ động triển khai thực hiện.");
    /* bare URL lines dropped; the lettered point on its own */
    CHECK_STR(text_at(d, 10), "a) Niêm yết công khai thủ tục");
    CHECK_INT(d->n_blocks, 11);
    CHECK_INT(find(d, "2 "), -1);
    CHECK_INT(find(d, "https://"), -1);
    for (size_t i = 0; i < d->n_blocks; i++) {
        CHECK_INT(d->blocks[i].kind, PX_BLOCK_PARA);
        CHECK(d->blocks[i].text[0] != ' ');
    }
    /* offsets: characters into the blocks joined by newlines */
    CHECK_INT(d->blocks[0].offset, 0);
    CHECK_INT(d->blocks[1].offset, 9);
    CHECK_INT(d->blocks[2].offset, 9 + px_utf8_chars(text_at(d, 1), strlen(text_at(d, 1))) + 1);
    px_doc_free(d);
}

TEST(label_alone_joined_with_its_text)
{
    if (!rules) { CHECK(rules != NULL); return; }
    px_doc *d = run("I. MỤC ĐÍCH\n\n1.\n\nMục đích của kế hoạch\n\nII. NHIỆM VỤ\n\n");
    CHECK(d != NULL);
    if (!d) return;
    CHECK(find(d, "1. Mục đích của kế hoạch") >= 0);
    CHECK_INT(find(d, "Mục đích"), -1);
    px_doc_free(d);
}

TEST(hard_wrapped_number_continues_sentence)
{
    if (!rules) { CHECK(rules != NULL); return; }
    /* ANNOTATION.md: a line that starts with `2025.` or `3.000 lượt`
     * continues the sentence before it */
    px_doc *d = run("I. NHIỆM VỤ\n\nPhấn đấu chỉ số PAPI tăng ít nhất 01 bậc trong năm\n\n2025. Các cơ quan tiếp tục triển khai.\n\n"
                    "Cổng thông tin đạt khoảng\n\n3.000 lượt truy cập mỗi tháng.\n\n");
    CHECK(d != NULL);
    if (!d) return;
    CHECK(find(d, "Phấn đấu chỉ số PAPI tăng ít nhất 01 bậc trong năm 2025. Các cơ quan") >= 0);
    CHECK(find(d, "Cổng thông tin đạt khoảng 3.000 lượt") >= 0);
    CHECK_INT(find(d, "2025."), -1);
    CHECK_INT(find(d, "3.000"), -1);
    px_doc_free(d);
}

/* g3, i3: text taken from PDF with a running header under every page
 * number: the header is page furniture, not text of the sentence the page
 * break cut, nor of the signer's line before the appendix.  A line met
 * beside one page number only stays. */
TEST(running_header_dropped)
{
    if (!rules) { CHECK(rules != NULL); return; }
    px_doc *d = run("I. NHIỆM VỤ\n"
                    "Sở Khoa học và Công nghệ hợp nhất hệ thống; thời hạn hoàn\n"
                    "                   3\n"
                    "BCĐ CCHC tỉnh Quảng Trị        Kế hoạch nâng cao Chỉ số SIPAS năm 2025\n"
                    "thành: trước ngày 15/11/2025.\n"
                    "- Lưu: VT, NV.                    Phan Quốc Hưng\n"
                    "\n"
                    "                   4\n"
                    "BCĐ CCHC tỉnh Quảng Trị        Kế hoạch nâng cao Chỉ số SIPAS năm 2025\n"
                    "PHỤ LỤC\n");
    CHECK(d != NULL);
    if (!d) return;
    CHECK(find(d, "Sở Khoa học và Công nghệ hợp nhất hệ thống; thời hạn hoàn thành: trước ngày 15/11/2025.") >= 0);
    CHECK_INT(find(d, "BCĐ CCHC"), -1);
    for (size_t i = 0; i < d->n_blocks; i++)
        CHECK(strstr(d->blocks[i].text, "BCĐ CCHC") == NULL);
    px_doc_free(d);

    d = run("I. NHIỆM VỤ\nTổ chức hội nghị tập huấn cho cán bộ, công chức\n                   2\n"
            "Ban Chỉ đạo cải cách hành chính tỉnh\nchủ trì thực hiện.\n");
    CHECK(d != NULL);
    if (!d) return;
    long k = -1;
    for (size_t i = 0; i < d->n_blocks; i++)
        if (strstr(d->blocks[i].text, "Ban Chỉ đạo cải cách hành chính tỉnh"))
            k = (long)i;
    CHECK(k >= 0); /* beside one page number only: text */
    px_doc_free(d);

    /* z2: a running footer that carries its page (`… 3/6`) is furniture
     * too, though its text differs from page to page by the number */
    d = run("3. Các phòng: Tài nguyên và Môi trường, Kinh tế và Hạ tầng, Tư pháp,\n"
            "\n"
            "   Kế hoạch số 87/KH-UBND ngày 15/3/2024 của UBND huyện Đồng Khê                 5/6\n"
            "\n"
            "Nội vụ\n"
            "Rà soát các thủ tục hành chính thuộc lĩnh vực phụ trách.\n"
            "\n"
            "   Kế hoạch số 87/KH-UBND ngày 15/3/2024 của UBND huyện Đồng Khê                 6/6\n");
    CHECK(d != NULL);
    if (!d) return;
    for (size_t i = 0; i < d->n_blocks; i++)
        CHECK(strstr(d->blocks[i].text, "Kế hoạch số 87") == NULL);
    px_doc_free(d);
}

/* A table of contents (`MỤC LỤC`) is not read: its lines would open the
 * parts twice.  Dot leaders alone do not make one: a page number must end
 * the line. */
TEST(contents_lines_dropped)
{
    if (!rules) { CHECK(rules != NULL); return; }
    px_doc *d = run("MỤC LỤC\n"
                    "I. MỤC ĐÍCH, YÊU CẦU ........................................ 1\n"
                    "1. Mục đích . . . . . . . . . . . . 1\n"
                    "II. MỤC TIÊU …… 12\n"
                    "I. MỤC ĐÍCH, YÊU CẦU\n"
                    "1. Mục đích\n"
                    "Điền vào chỗ trống: ........\n");
    CHECK(d != NULL);
    if (!d) return;
    int parts = 0;
    for (size_t i = 0; i < d->n_blocks; i++) {
        parts += strncmp(d->blocks[i].text, "I. MỤC ĐÍCH", strlen("I. MỤC ĐÍCH")) == 0;
        CHECK(strstr(d->blocks[i].text, "MỤC TIÊU") == NULL);
        CHECK(strstr(d->blocks[i].text, ". . .") == NULL);
    }
    CHECK_INT(parts, 1);
    CHECK(find(d, "Điền vào chỗ trống: ........") >= 0);
    px_doc_free(d);
}

TEST(docx_list_label_in_front)
{
    if (!rules) { CHECK(rules != NULL); return; }
    px_doc *d = px_doc_new(PX_FORMAT_DOCX);
    px_block *b = px_doc_add_block(d, PX_BLOCK_PARA, "Mục đích", (size_t)-1);
    b->list_label = strdup("1.");
    b = px_doc_add_block(d, PX_BLOCK_PARA, "Nâng\xC2\xA0" "cao  chất lượng", (size_t)-1);
    b = px_doc_add_block(d, PX_BLOCK_CELL, "dòng 1\ndòng 2", (size_t)-1);
    px_error err = {{0}};
    CHECK_INT(px_normalize(d, rules, &err), 0);
    CHECK_STR(text_at(d, 0), "1. Mục đích");
    CHECK_STR(text_at(d, 1), "Nâng cao chất lượng");
    CHECK_STR(text_at(d, 2), "dòng 1\ndòng 2"); /* cells keep their line breaks */
    px_doc_free(d);
}

TEST(markdown_paragraphs)
{
    if (!rules) { CHECK(rules != NULL); return; }
    /* text saved from Word / Markdown: blank lines separate paragraphs, a
     * paragraph may be hard-wrapped, bullets stand on their own lines */
    px_doc *d = run("I. MỤC ĐÍCH\n\n1. Mục đích\n\nNâng cao chất lượng\nphục vụ người dân.\n\n"
                    "Tăng cường kiểm tra.\n- Công khai thủ tục\n+ Niêm yết tại trụ sở\n");
    CHECK(d != NULL);
    if (!d) return;
    CHECK_INT(d->n_blocks, 6);
    CHECK_STR(text_at(d, 1), "1. Mục đích");
    CHECK_STR(text_at(d, 2), "Nâng cao chất lượng phục vụ người dân.");
    CHECK_STR(text_at(d, 3), "Tăng cường kiểm tra.");
    CHECK_STR(text_at(d, 4), "- Công khai thủ tục");
    CHECK_STR(text_at(d, 5), "+ Niêm yết tại trụ sở");
    px_doc_free(d);
}

TEST(one_paragraph_per_line_with_blank_lines_between_groups)
{
    if (!rules) { CHECK(rules != NULL); return; }
    /* each paragraph on one line, blank lines only between parts: the
     * newlines end paragraphs, the heading keeps its own line */
    px_doc *d = run("I. MỤC TIÊU\n- Tỷ lệ hài lòng đạt trên 90%.\n- Không để xảy ra khiếu kiện đông người.\n\n"
                    "II. NHIỆM VỤ\n\n1. Về tham gia của người dân ở cấp cơ sở\n"
                    "Thực hiện nghiêm Luật Thực hiện dân chủ ở cơ sở; tổ chức hội nghị nhân dân.\n"
                    "Giao Văn phòng UBND phường theo dõi, tổng hợp kết quả.\n\n"
                    "2. Về công khai, minh bạch\nCông khai danh sách hộ nghèo tại trụ sở.\n"
                    "Thời gian thực hiện: Thường xuyên.\n\n3. Về trách nhiệm giải trình\n"
                    "Chủ tịch UBND phường tiếp công dân hằng tháng.\n"
                    "Giải quyết dứt điểm đơn thư ngay từ cơ sở.\n");
    CHECK(d != NULL);
    if (!d) return;
    CHECK(find(d, "1. Về tham gia của người dân ở cấp cơ sở") >= 0);
    CHECK(find(d, "2. Về công khai, minh bạch") >= 0);
    CHECK(find(d, "Thời gian thực hiện: Thường xuyên.") >= 0);
    CHECK(find(d, "- Tỷ lệ hài lòng đạt trên 90%.") >= 0);
    px_doc_free(d);
}

TEST(hard_wrapped_with_blank_lines_between_parts_only)
{
    if (!rules) { CHECK(rules != NULL); return; }
    /* pdftotext -layout: every paragraph hard-wrapped and indented on its
     * first line, blank lines only before the parts.  The lettered
     * headings keep their own lines; a paragraph's lines join. */
    px_doc *d = run("I. MỤC ĐÍCH, YÊU CẦU\n"
                    "a) Mục đích\n"
                    "     Cụ thể hóa các nhiệm vụ của tỉnh giao cho cấp xã sau sắp xếp đơn vị\n"
                    "hành chính; nâng cao chất lượng phục vụ người dân, tổ chức; từng bước\n"
                    "hình thành nền hành chính xã chuyên nghiệp, hiện đại, gần dân và phục\n"
                    "vụ người dân, doanh nghiệp ngày càng tốt hơn.\n"
                    "b) Yêu cầu\n"
                    "     Nhiệm vụ phải gắn với chức năng của từng phòng chuyên môn và Trung\n"
                    "tâm Phục vụ hành chính công xã; người đứng đầu chịu trách nhiệm về kết\n"
                    "quả các tiêu chí, tiêu chí thành phần thuộc lĩnh vực mình phụ trách.\n\n"
                    "II. NHIỆM VỤ, GIẢI PHÁP\n"
                    "a) Công tác chỉ đạo, điều hành cải cách hành chính\n"
                    "     Ban hành kế hoạch kiểm tra CCHC, kế hoạch tuyên truyền CCHC năm 2026\n"
                    "của xã; lồng ghép nội dung CCHC trong các cuộc họp giao ban của UBND xã\n"
                    "và các cuộc họp của thôn, tổ dân phố trên địa bàn.\n"
                    "b) Cải cách thể chế\n"
                    "     Rà soát, hệ thống hóa văn bản do HĐND, UBND xã ban hành trước và sau\n"
                    "ngày 01/7/2025; kịp thời đề xuất sửa đổi, bãi bỏ văn bản không còn phù\n"
                    "hợp với mô hình chính quyền hai cấp.\n\n"
                    "III. TỔ CHỨC THỰC HIỆN\n"
                    "a) Phòng Văn hóa - Xã hội\n"
                    "     Là cơ quan thường trực giúp UBND xã theo dõi, đôn đốc việc thực hiện\n"
                    "Kế hoạch; hướng dẫn các bộ phận tự chấm điểm các tiêu chí, tiêu chí\n"
                    "thành phần Chỉ số CCHC năm 2026 và tổng hợp hồ sơ, tài liệu kiểm chứng.\n");
    CHECK(d != NULL);
    if (!d) return;
    CHECK_STR(text_at(d, 1), "a) Mục đích");
    CHECK(find(d, "Cụ thể hóa các nhiệm vụ của tỉnh") == 2);
    CHECK(strstr(text_at(d, 2), "ngày càng tốt hơn.") != NULL);
    CHECK(find(d, "b) Cải cách thể chế") >= 0 &&
          strcmp(text_at(d, (size_t)find(d, "b) Cải cách thể chế")), "b) Cải cách thể chế") == 0);
    CHECK(find(d, "a) Phòng Văn hóa - Xã hội") >= 0 &&
          strcmp(text_at(d, (size_t)find(d, "a) Phòng Văn hóa")), "a) Phòng Văn hóa - Xã hội") == 0);
    px_doc_free(d);
}

/* m3 as DOCX and PDF: a paragraph opening with a bold field label
 * (`Cơ quan chủ trì:` then the unit in plain text) stays whole, so its
 * fields are read; a bold label with a number is a run-in heading. */
TEST(bold_run_in_split_only_with_a_label)
{
    if (!rules) { CHECK(rules != NULL); return; }
    px_doc *d = px_doc_new(PX_FORMAT_DOCX);
    px_block *b = px_doc_add_block(d, PX_BLOCK_PARA, "Cơ quan chủ trì: Sở Nội vụ. Cơ quan phối hợp: Sở Tư pháp.",
                                   (size_t)-1);
    b->bold_prefix = strlen("Cơ quan chủ trì: ");
    b = px_doc_add_block(d, PX_BLOCK_PARA, "4. Chế độ báo cáo: Các cơ quan báo cáo hằng quý.", (size_t)-1);
    b->bold_prefix = strlen("4. Chế độ báo cáo: ");
    px_error err = {{0}};
    CHECK_INT(px_normalize(d, rules, &err), 0);
    CHECK_INT(d->n_blocks, 3);
    CHECK_STR(text_at(d, 0), "Cơ quan chủ trì: Sở Nội vụ. Cơ quan phối hợp: Sở Tư pháp.");
    CHECK_STR(text_at(d, 1), "4. Chế độ báo cáo:");
    CHECK_INT(d->blocks[1].kind, PX_BLOCK_HEADING);
    CHECK_STR(text_at(d, 2), "Các cơ quan báo cáo hằng quý.");
    px_doc_free(d);
}

int main(void)
{
    load_rules();
    RUN(nfc_of_decomposed);
    RUN(spaces_and_invisibles);
    RUN(utf8_helpers);
    RUN(pdf_lines_rejoined);
    RUN(label_alone_joined_with_its_text);
    RUN(hard_wrapped_number_continues_sentence);
    RUN(running_header_dropped);
    RUN(contents_lines_dropped);
    RUN(docx_list_label_in_front);
    RUN(markdown_paragraphs);
    RUN(one_paragraph_per_line_with_blank_lines_between_groups);
    RUN(hard_wrapped_with_blank_lines_between_parts_only);
    RUN(bold_run_in_split_only_with_a_label);
    px_ruleset_free(rules);
    HARNESS_END();
}
