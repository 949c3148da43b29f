/* test_text.c: the text/Markdown extractor (extractors/text.c) and the
 * format detection in front of it. */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "error.h"
#include "extract.h"
#include "harness.h"

/* Runs the text extractor on len bytes; returns the doc (NULL on error, with
 * the message in *err). */
static px_doc *extract(const char *bytes, size_t len, px_error *err)
{
    px_doc *doc = px_doc_new(PX_FORMAT_TXT);
    err->msg[0] = '\0';
    if (px_extract_text((const unsigned char *)bytes, len, doc, err) != 0) {
        px_doc_free(doc);
        return NULL;
    }
    return doc;
}

static px_doc *extract_str(const char *s, px_error *err)
{
    return extract(s, strlen(s), err);
}

static const char *text_at(const px_doc *d, size_t i)
{
    return d && i < d->n_blocks ? d->blocks[i].text : NULL;
}

/* UTF-16 of an ASCII/BMP UTF-8 string, with BOM, little or big endian. */
static unsigned char *utf16(const char *s, int big, size_t *len)
{
    size_t n = strlen(s);
    unsigned char *out = malloc(2 * n + 2);
    size_t o = 0;
    out[o++] = big ? 0xFE : 0xFF;
    out[o++] = big ? 0xFF : 0xFE;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned int cp;
        if (*p < 0x80) cp = *p++;
        else if ((*p & 0xE0) == 0xC0) { cp = (p[0] & 0x1F) << 6 | (p[1] & 0x3F); p += 2; }
        else { cp = (p[0] & 0x0F) << 12 | (p[1] & 0x3F) << 6 | (p[2] & 0x3F); p += 3; }
        out[o++] = big ? (unsigned char)(cp >> 8) : (unsigned char)(cp & 0xFF);
        out[o++] = big ? (unsigned char)(cp & 0xFF) : (unsigned char)(cp >> 8);
    }
    *len = o;
    return out;
}

static const char *PLAN = "KẾ HOẠCH\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nNâng cao chất lượng.\n";

TEST(plain_utf8_lines)
{
    px_error err;
    px_doc *d = extract_str(PLAN, &err);
    CHECK(d != NULL);
    if (!d) return;
    CHECK_INT(d->n_blocks, 4);
    CHECK_STR(text_at(d, 0), "KẾ HOẠCH");
    CHECK_STR(text_at(d, 1), "I. MỤC ĐÍCH, YÊU CẦU");
    CHECK_STR(text_at(d, 3), "Nâng cao chất lượng.");
    CHECK_INT(d->blocks[0].kind, PX_BLOCK_LINE);
    CHECK_INT(d->blocks[1].gap_before, 0);
    px_doc_free(d);
}

TEST(utf8_bom_dropped)
{
    px_error err;
    char buf[256];
    snprintf(buf, sizeof buf, "\xEF\xBB\xBF%s", PLAN);
    px_doc *d = extract_str(buf, &err);
    CHECK(d != NULL);
    if (!d) return;
    CHECK_STR(text_at(d, 0), "KẾ HOẠCH");
    CHECK_INT(d->n_blocks, 4);
    px_doc_free(d);
}

TEST(utf16_le_and_be)
{
    for (int big = 0; big <= 1; big++) {
        size_t len;
        unsigned char *b = utf16(PLAN, big, &len);
        px_error err;
        px_doc *d = extract((const char *)b, len, &err);
        CHECK(d != NULL);
        if (d) {
            CHECK_INT(d->n_blocks, 4);
            CHECK_STR(text_at(d, 0), "KẾ HOẠCH");
            CHECK_STR(text_at(d, 1), "I. MỤC ĐÍCH, YÊU CẦU");
            CHECK_STR(text_at(d, 2), "1. Mục đích");
        } else {
            printf("  (%s) %s\n", big ? "BE" : "LE", err.msg);
        }
        px_doc_free(d);
        free(b);
    }
}

TEST(utf16_detected_as_text)
{
    size_t len;
    unsigned char *b = utf16(PLAN, 0, &len);
    CHECK_INT(px_detect(b, len), PX_KIND_TEXT);
    px_doc *d = NULL;
    px_error err = {{0}};
    CHECK_INT(px_extract(b, len, NULL, &d, &err), 0);
    CHECK(d && d->format == PX_FORMAT_TXT);
    px_doc_free(d);
    free(b);
}

TEST(utf16_lone_surrogate_is_an_error)
{
    /* LE BOM, 'A', then a lone high surrogate D800 followed by 'B' */
    const unsigned char b[] = {0xFF, 0xFE, 'A', 0, 0x00, 0xD8, 'B', 0};
    px_error err;
    px_doc *d = extract((const char *)b, sizeof b, &err);
    CHECK(d == NULL);
    CHECK(strstr(err.msg, "byte offset 4") != NULL);
    px_doc_free(d);
}

TEST(crlf_and_cr)
{
    px_error err;
    px_doc *d = extract_str("KẾ HOẠCH\r\nI. MỤC ĐÍCH\r\n\r\n1. Mục đích\r2. Yêu cầu\r\n", &err);
    CHECK(d != NULL);
    if (!d) return;
    CHECK_INT(d->n_blocks, 4);
    for (size_t i = 0; i < d->n_blocks; i++)
        CHECK(strchr(d->blocks[i].text, '\r') == NULL);
    CHECK_STR(text_at(d, 1), "I. MỤC ĐÍCH");
    CHECK_STR(text_at(d, 2), "1. Mục đích");
    CHECK_STR(text_at(d, 3), "2. Yêu cầu");
    CHECK_INT(d->blocks[2].gap_before, 1); /* the blank CRLF line */
    px_doc_free(d);
}

TEST(markdown_marks_removed)
{
    px_error err;
    px_doc *d = extract_str("# KẾ HOẠCH\n"
                            "## I. MỤC ĐÍCH, YÊU CẦU\n"
                            "**1. Mục đích**\n"
                            "*(Có phụ lục kèm theo)*\n"
                            "Nâng cao __chất lượng__ phục vụ.\n"
                            "#hashtag không phải tiêu đề\n",
                            &err);
    CHECK(d != NULL);
    if (!d) return;
    CHECK_INT(d->n_blocks, 6);
    CHECK_STR(text_at(d, 0), "KẾ HOẠCH");
    CHECK_INT(d->blocks[0].kind, PX_BLOCK_HEADING);
    CHECK_STR(text_at(d, 1), "I. MỤC ĐÍCH, YÊU CẦU");
    CHECK_INT(d->blocks[1].kind, PX_BLOCK_HEADING);
    CHECK_STR(text_at(d, 2), "1. Mục đích");
    CHECK_INT(d->blocks[2].bold, 1);
    CHECK_STR(text_at(d, 3), "(Có phụ lục kèm theo)");
    CHECK_STR(text_at(d, 4), "Nâng cao chất lượng phục vụ.");
    CHECK_STR(text_at(d, 5), "#hashtag không phải tiêu đề");
    CHECK(d->blocks[5].kind != PX_BLOCK_HEADING);
    px_doc_free(d);
}

TEST(markdown_bullet_star_kept)
{
    px_error err;
    px_doc *d = extract_str("* Kiểm soát tham nhũng\n", &err);
    CHECK(d != NULL);
    if (!d) return;
    CHECK_STR(text_at(d, 0), "* Kiểm soát tham nhũng");
    px_doc_free(d);
}

/* pandoc escapes what Markdown would read as syntax: `a\)` at a line start
 * would be a list item.  The text is `a)`, the plan's own item label. */
TEST(markdown_escapes_removed)
{
    px_error err;
    px_doc *d = extract_str("a\\) Cải thiện điểm số \\*quan trọng\\* năm 2026\\\n"
                            "1\\. Mục đích\n"
                            "Lưu tại C:\\Users\\vanthu\n",
                            &err);
    CHECK(d != NULL);
    if (!d) return;
    CHECK_INT(d->n_blocks, 3);
    CHECK_STR(text_at(d, 0), "a) Cải thiện điểm số *quan trọng* năm 2026");
    CHECK_STR(text_at(d, 1), "1. Mục đích");
    CHECK_STR(text_at(d, 2), "Lưu tại C:\\Users\\vanthu");
    px_doc_free(d);
}

TEST(sup_footnotes)
{
    px_error err;
    px_doc *d = extract_str("Thực hiện tốt<sup>1</sup> các nhiệm vụ tại xã<sup>2</sup>.\n"
                            "<sup>1</sup> Theo Nghị định số 30/2020/NĐ-CP.\n",
                            &err);
    CHECK(d != NULL);
    if (!d) return;
    CHECK_INT(d->n_blocks, 2);
    CHECK_STR(text_at(d, 0), "Thực hiện tốt các nhiệm vụ tại xã.");
    CHECK_INT(d->blocks[0].kind, PX_BLOCK_LINE);
    CHECK_STR(text_at(d, 1), "Theo Nghị định số 30/2020/NĐ-CP.");
    CHECK_INT(d->blocks[1].kind, PX_BLOCK_NOTE);
    px_doc_free(d);
}

TEST(run_in_heading_split)
{
    px_error err;
    px_doc *d = extract_str("**4. Chế độ báo cáo:** Các cơ quan báo cáo hằng quý.\n", &err);
    CHECK(d != NULL);
    if (!d) return;
    CHECK_INT(d->n_blocks, 2);
    CHECK_STR(text_at(d, 0), "4. Chế độ báo cáo:");
    CHECK_INT(d->blocks[0].kind, PX_BLOCK_HEADING);
    CHECK_STR(text_at(d, 1), "Các cơ quan báo cáo hằng quý.");
    px_doc_free(d);
    /* h3: no label, so a field's name, not a heading */
    d = extract_str("**Đơn vị chủ trì:** Văn phòng Sở.\n", &err);
    CHECK(d != NULL);
    if (!d) return;
    CHECK_INT(d->n_blocks, 1);
    CHECK_STR(text_at(d, 0), "Đơn vị chủ trì: Văn phòng Sở.");
    CHECK_INT(d->blocks[0].kind, PX_BLOCK_LINE);
    px_doc_free(d);
}

/* The text of the cell at (row, col) of table 0, or NULL. */
static const char *cell_text(const px_doc *d, int row, int col)
{
    for (size_t i = 0; i < d->n_blocks; i++)
        if (d->blocks[i].kind == PX_BLOCK_CELL && d->blocks[i].table == 0 && d->blocks[i].row == row &&
            d->blocks[i].col == col)
            return d->blocks[i].text;
    return NULL;
}

/* A pipe table copied from a PDF: a blank line after every row, and cells
 * wrapped onto rows whose first cell is empty.  The wrapped parts join the
 * row above; a sub-task row (a dash) and a row under a finished sentence
 * stay rows of their own. */
TEST(pipe_table_wrapped_cells)
{
    px_error err;
    px_doc *d = extract_str("| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp |\n\n"
                            "|---|---|---|---|\n\n"
                            "| 1 | Ban hành Kế hoạch kiểm tra cải cách | Sở Khoa học và | Các sở, ban, |\n\n"
                            "| | hành chính năm 2026 | Công nghệ | ngành; UBND các |\n\n"
                            "| | | | xã, phường |\n\n"
                            "| 2 | Rà soát thủ tục. | Sở Tư pháp | |\n\n"
                            "| | - Rà soát thủ tục nội bộ | Văn phòng UBND tỉnh | |\n",
                            &err);
    CHECK(d != NULL);
    if (!d) return;
    CHECK_STR(cell_text(d, 1, 1), "Ban hành Kế hoạch kiểm tra cải cách hành chính năm 2026");
    CHECK_STR(cell_text(d, 1, 2), "Sở Khoa học và Công nghệ");
    CHECK_STR(cell_text(d, 1, 3), "Các sở, ban, ngành; UBND các xã, phường");
    CHECK_STR(cell_text(d, 2, 1), "Rà soát thủ tục.");
    CHECK_STR(cell_text(d, 3, 1), "- Rà soát thủ tục nội bộ"); /* a sub-task: its own row */
    CHECK(cell_text(d, 4, 1) == NULL);
    px_doc_free(d);
}

/* x1: pandoc pads its pipe tables with spaces to align the columns; the
 * runs of spaces do not make it a table of space-separated columns (the
 * `| STT |` cell was taken for a number column and every cell lost). */
TEST(padded_pipe_table)
{
    px_error err;
    px_doc *d = extract_str("| STT | Nội dung nhiệm vụ                  | Cơ quan chủ trì | Thời gian hoàn thành |\n"
                            "|-----|------------------------------------|-----------------|----------------------|\n"
                            "| 1   | Tổ chức hội nghị phân tích kết quả | Sở Nội vụ       | Quý II/2026          |\n"
                            "| 2   | Giao ban cải cách hành chính       | Sở Nội vụ       | Hằng quý             |\n"
                            "| 3   | Kiểm tra công tác cải cách         | Sở Tư pháp      | Tháng 10/2026        |\n",
                            &err);
    CHECK(d != NULL);
    if (!d) return;
    CHECK_STR(cell_text(d, 0, 2), "Cơ quan chủ trì");
    CHECK_STR(cell_text(d, 1, 1), "Tổ chức hội nghị phân tích kết quả");
    CHECK_STR(cell_text(d, 3, 2), "Sở Tư pháp");
    CHECK_STR(cell_text(d, 3, 3), "Tháng 10/2026");
    px_doc_free(d);
}

/* c4: a task table pasted with tabs gives the same CELL blocks as a pipe
 * table; a lone tabbed line, or a run whose cell counts differ, stays text. */
TEST(tab_table_rows)
{
    px_error err;
    px_doc *d = extract_str("Bảng phân công\tnhiệm vụ\tchính\n"
                            "\n"
                            "STT\tNội dung\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian\n"
                            "1\tRà soát TTHC\tPhòng Tư pháp\t\tHằng quý\n"
                            "2\tĐối thoại  \t\tVăn phòng HĐND và UBND huyện\tThường xuyên\n"
                            "Ghi chú sau bảng\n"
                            "a\tb\tc\n"
                            "a\tb\tc\td\n",
                            &err);
    CHECK(d != NULL);
    if (!d) return;
    CHECK_INT(d->n_blocks, 19);
    CHECK_INT(d->blocks[0].kind, PX_BLOCK_LINE);
    CHECK_INT(d->blocks[1].kind, PX_BLOCK_CELL);
    CHECK_STR(text_at(d, 1), "STT");
    CHECK_INT(d->blocks[1].table, 0);
    CHECK_INT(d->blocks[1].row, 0);
    CHECK_STR(text_at(d, 8), "Phòng Tư pháp");
    CHECK_INT(d->blocks[8].row, 1);
    CHECK_INT(d->blocks[8].col, 2);
    CHECK_STR(text_at(d, 9), ""); /* an empty cell keeps its column */
    CHECK_STR(text_at(d, 12), "Đối thoại");
    CHECK_STR(text_at(d, 15), "Thường xuyên");
    CHECK_INT(d->blocks[15].row, 2);
    CHECK_INT(d->blocks[15].col, 4);
    CHECK_INT(d->blocks[16].kind, PX_BLOCK_LINE);
    CHECK_STR(text_at(d, 16), "Ghi chú sau bảng");
    CHECK_INT(d->blocks[17].kind, PX_BLOCK_LINE);
    CHECK_INT(d->blocks[18].kind, PX_BLOCK_LINE);
    px_doc_free(d);
}

/* i3: a task table laid out in columns of spaces (pdftotext -layout): the
 * header fixes the columns, wrapped lines carry on the cells above, a
 * blank line between rows and a page number inside the table are not
 * text of it, and the paragraph after it is a line again.  Two columns
 * alone (a header block, a signature) are no table. */
TEST(space_column_table)
{
    px_error err;
    px_doc *d = extract_str("UBND TỈNH QUẢNG TRỊ          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                            "TT     Nhiệm vụ                  Chủ trì           Thời gian hoàn\n"
                            "                                                   thành\n"
                            "I.     CHỈ SỐ SIPAS\n"
                            "1.     Khảo sát mức độ hài       Sở Nội vụ         Tháng 9/2025\n"
                            "       lòng của người dân\n"
                            "\n"
                            "2.     Hợp nhất Hệ thống thông   Sở Khoa học và    15/11/2025\n"
                            "                          7\n"
                            "       tin giải quyết TTHC       Công nghệ\n"
                            "Trên đây là Kế hoạch nâng cao Chỉ số SIPAS năm 2025 của Ban Chỉ đạo.\n",
                            &err);
    CHECK(d != NULL);
    if (!d) return;
    CHECK_INT(d->n_blocks, 1 + 4 * 4 + 1);
    CHECK_INT(d->blocks[0].kind, PX_BLOCK_LINE);
    CHECK_INT(d->blocks[1].kind, PX_BLOCK_CELL);
    CHECK_STR(text_at(d, 4), "Thời gian hoàn thành");
    CHECK_STR(text_at(d, 5), "I.");
    CHECK_STR(text_at(d, 6), "CHỈ SỐ SIPAS");
    CHECK_STR(text_at(d, 7), "");
    CHECK_STR(text_at(d, 10), "Khảo sát mức độ hài lòng của người dân");
    CHECK_INT(d->blocks[10].row, 2);
    CHECK_INT(d->blocks[10].col, 1);
    CHECK_STR(text_at(d, 15), "Sở Khoa học và Công nghệ");
    CHECK_STR(text_at(d, 16), "15/11/2025");
    CHECK_INT(d->blocks[16].row, 3);
    CHECK_INT(d->blocks[17].kind, PX_BLOCK_LINE);
    px_doc_free(d);

    d = extract_str("Nơi nhận:                              KT. TRƯỞNG BAN\n"
                    "- Như trên;                            PHÓ TRƯỞNG BAN\n"
                    "- Lưu: VT.\n",
                    &err);
    CHECK(d != NULL);
    if (!d) return;
    for (size_t i = 0; i < d->n_blocks; i++)
        CHECK(d->blocks[i].kind != PX_BLOCK_CELL);
    px_doc_free(d);
}

/* x2: a task table that crosses pages in pdftotext -layout text: the row
 * of column numbers under the header, the page break (form feed and page
 * number) and the header printed again on the next page are no rows. */
TEST(space_column_table_across_pages)
{
    px_error err;
    px_doc *d = extract_str("  STT    Nội dung nhiệm vụ          Cơ quan chủ trì    Cơ quan phối hợp    Thời gian hoàn\n"
                            "                                                                           thành\n"
                            "\n"
                            "  (1)    (2)                        (3)                (4)                 (5)\n"
                            "\n"
                            "  1      Hướng dẫn tổ chức bầu      Sở Nội vụ          UBND các xã         Quý III/2026\n"
                            "         trưởng thôn\n"
                            "\n"
                            "\f                                                                        6\n"
                            "\n"
                            "  STT    Nội dung nhiệm vụ          Cơ quan chủ trì    Cơ quan phối hợp    Thời gian hoàn\n"
                            "                                                                           thành\n"
                            "\n"
                            "  (1)    (2)                        (3)                (4)                 (5)\n"
                            "\n"
                            "  2      Kiểm tra việc thực hiện    Thanh tra tỉnh     Sở Nội vụ           Năm 2026\n"
                            "         dân chủ ở cơ sở\n",
                            &err);
    CHECK(d != NULL);
    if (!d) return;
    CHECK_INT(d->n_blocks, 3 * 5);
    CHECK_STR(text_at(d, 4), "Thời gian hoàn thành");
    CHECK_STR(text_at(d, 5), "1");
    CHECK_STR(text_at(d, 6), "Hướng dẫn tổ chức bầu trưởng thôn");
    CHECK_STR(text_at(d, 10), "2");
    CHECK_STR(text_at(d, 12), "Thanh tra tỉnh");
    CHECK_STR(text_at(d, 14), "Năm 2026");
    px_doc_free(d);
}

TEST(gaps_and_page_break_space)
{
    px_error err;
    px_doc *d = extract_str("Dòng một của đoạn văn\n\n tiếp tục sau ngắt trang\nDòng ba\n", &err);
    CHECK(d != NULL);
    if (!d) return;
    CHECK_INT(d->n_blocks, 3);
    CHECK_STR(text_at(d, 1), "tiếp tục sau ngắt trang"); /* leading space trimmed */
    CHECK_INT(d->blocks[1].gap_before, 1);
    CHECK_INT(d->blocks[1].page_break_before, 1);
    CHECK_INT(d->blocks[2].gap_before, 0);
    CHECK_INT(d->blocks[2].page_break_before, 0);
    px_doc_free(d);
}

TEST(invalid_utf8_offset)
{
    px_error err;
    /* "KẾ HOẠCH\n" is 13 bytes; the bad byte follows "I. " */
    const char bad[] = "KẾ HOẠCH\nI. \xFF MỤC ĐÍCH\n";
    px_doc *d = extract(bad, sizeof bad - 1, &err);
    CHECK(d == NULL);
    CHECK(strstr(err.msg, "UTF-8") != NULL);
    CHECK(strstr(err.msg, "byte offset 16") != NULL);
    if (!strstr(err.msg, "byte offset 16"))
        printf("  message: %s\n", err.msg);
    px_doc_free(d);
}

TEST(invalid_utf8_offset_counts_the_bom)
{
    px_error err;
    const char bad[] = "\xEF\xBB\xBF" "abc\xC3\x28";
    px_doc *d = extract(bad, sizeof bad - 1, &err);
    CHECK(d == NULL);
    CHECK(strstr(err.msg, "byte offset 6") != NULL);
    px_doc_free(d);
}

TEST(invalid_utf8_forms)
{
    static const char *const cases[] = {
        "\xC0\x80",         /* overlong NUL */
        "\xE0\x80\xAF",     /* overlong '/' */
        "\xED\xA0\x80",     /* surrogate D800 */
        "\xF4\x90\x80\x80", /* beyond U+10FFFF */
        "ab\xE1\xBA",       /* truncated at the end */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        px_error err;
        px_doc *d = extract_str(cases[i], &err);
        CHECK(d == NULL);
        CHECK(strstr(err.msg, "byte offset") != NULL);
        px_doc_free(d);
    }
}

TEST(empty_and_blank)
{
    px_error err;
    px_doc *d = extract("", 0, &err);
    CHECK(d == NULL);
    CHECK(err.msg[0] != '\0');
    d = extract_str("   \n\n\t\n", &err);
    CHECK(d == NULL);
    CHECK(err.msg[0] != '\0');
}

TEST(nul_byte_is_an_error)
{
    px_error err;
    const char b[] = "abc\0def";
    px_doc *d = extract(b, sizeof b - 1, &err);
    CHECK(d == NULL);
    CHECK(strstr(err.msg, "byte offset 3") != NULL);
    px_doc_free(d);
}

TEST(detect_kinds)
{
    CHECK_INT(px_detect((const unsigned char *)"", 0), PX_KIND_EMPTY);
    CHECK_INT(px_detect((const unsigned char *)"%PDF-1.7\n", 9), PX_KIND_PDF);
    CHECK_INT(px_detect((const unsigned char *)"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", 10), PX_KIND_OLE);
    CHECK_INT(px_detect((const unsigned char *)"PK\x03\x04....word/document.xml", 25), PX_KIND_DOCX);
    CHECK_INT(px_detect((const unsigned char *)"PK\x03\x04....readme.txt", 18), PX_KIND_ZIP);
    CHECK_INT(px_detect((const unsigned char *)"  <!DOCTYPE html><html>", 23), PX_KIND_HTML);
    CHECK_INT(px_detect((const unsigned char *)"KẾ HOẠCH", strlen("KẾ HOẠCH")), PX_KIND_TEXT);
    CHECK_INT(px_detect((const unsigned char *)"\x01\x02\0\x03", 4), PX_KIND_BINARY);
}

int main(void)
{
    RUN(plain_utf8_lines);
    RUN(utf8_bom_dropped);
    RUN(utf16_le_and_be);
    RUN(utf16_detected_as_text);
    RUN(utf16_lone_surrogate_is_an_error);
    RUN(crlf_and_cr);
    RUN(markdown_marks_removed);
    RUN(markdown_bullet_star_kept);
    RUN(markdown_escapes_removed);
    RUN(sup_footnotes);
    RUN(run_in_heading_split);
    RUN(pipe_table_wrapped_cells);
    RUN(padded_pipe_table);
    RUN(space_column_table_across_pages);
    RUN(tab_table_rows);
    RUN(space_column_table);
    RUN(gaps_and_page_break_space);
    RUN(invalid_utf8_offset);
    RUN(invalid_utf8_offset_counts_the_bom);
    RUN(invalid_utf8_forms);
    RUN(empty_and_blank);
    RUN(nul_byte_is_an_error);
    RUN(detect_kinds);
    HARNESS_END();
}
