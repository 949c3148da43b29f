/* test_docx.c: the DOCX extractor.
 *
 * Two kinds of input.  The hand-made fixtures in corpus/docx-fixtures/ (made
 * by make-fixtures.py there, Word's own XML) carry the features: numbering,
 * tables, fields, text boxes, notes; their expected labels and text are
 * asserted here.  The hostile cases are built at run time with libzip from
 * XML held in this file, so nothing dangerous is committed: zip bombs,
 * lying headers, entity attacks, deep nesting, truncated and corrupt files,
 * and the formats px_extract must refuse by content.
 *
 * Run from the repository root. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <zip.h>

#include "harness.h"
#include "docx.h"
#include "extract.h"
#include "px_limits.h"

#define FIXTURES "corpus/docx-fixtures/"

/* ---- building packages ------------------------------------------------------ */

typedef struct part {
    const char *name;
    const char *data;
    size_t len;             /* 0: strlen(data) */
    int store;              /* 1: no compression */
} part;

typedef struct pkg {
    part p[6000];
    int n;
} pkg;

static unsigned char *zip_parts(const part *parts, int n, size_t *out_len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_source_keep(src);
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    if (!za) {
        fprintf(stderr, "zip_open_from_source: %s\n", zip_error_strerror(&ze));
        exit(2);
    }
    for (int i = 0; i < n; i++) {
        size_t len = parts[i].len ? parts[i].len : strlen(parts[i].data);
        zip_source_t *s = zip_source_buffer(za, parts[i].data, len, 0);
        zip_int64_t idx = zip_file_add(za, parts[i].name, s, ZIP_FL_ENC_UTF_8);
        if (idx < 0) {
            fprintf(stderr, "zip_file_add %s: %s\n", parts[i].name, zip_strerror(za));
            exit(2);
        }
        zip_set_file_compression(za, (zip_uint64_t)idx, parts[i].store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0);
    }
    if (zip_close(za) != 0) {
        fprintf(stderr, "zip_close: %s\n", zip_strerror(za));
        exit(2);
    }
    zip_source_open(src);
    zip_source_seek(src, 0, SEEK_END);
    zip_int64_t len = zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    unsigned char *buf = malloc((size_t)len);
    zip_source_read(src, buf, (zip_uint64_t)len);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);
    *out_len = (size_t)len;
    return buf;
}

#define DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
#define NS "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" " \
           "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" " \
           "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" " \
           "xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" mc:Ignorable=\"w14\""
#define SECT "<w:sectPr><w:pgSz w:w=\"11907\" w:h=\"16840\"/><w:pgMar w:top=\"1134\" w:right=\"1134\" " \
             "w:bottom=\"1134\" w:left=\"1701\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr>"

static const char CONTENT_TYPES[] = DECL
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument."
    "wordprocessingml.document.main+xml\"/></Types>";
static const char PKG_RELS[] = DECL
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "officeDocument\" Target=\"word/document.xml\"/></Relationships>";
static const char DOC_RELS[] = DECL
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "styles\" Target=\"styles.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "numbering\" Target=\"numbering.xml\"/></Relationships>";

static void pkg_init(pkg *k, const char *document)
{
    k->n = 0;
    k->p[k->n++] = (part){"[Content_Types].xml", CONTENT_TYPES, 0, 0};
    k->p[k->n++] = (part){"_rels/.rels", PKG_RELS, 0, 0};
    if (document)
        k->p[k->n++] = (part){"word/document.xml", document, 0, 0};
    k->p[k->n++] = (part){"word/_rels/document.xml.rels", DOC_RELS, 0, 0};
}

static void pkg_add(pkg *k, const char *name, const char *data, size_t len, int store)
{
    k->p[k->n++] = (part){name, data, len, store};
}

/* A document.xml around a body, as Word writes it. */
static char *document_xml(const char *body)
{
    char *s = NULL;
    if (asprintf(&s, DECL "<w:document " NS "><w:body>%s" SECT "</w:body></w:document>", body) < 0)
        exit(2);
    return s;
}

static unsigned char *docx_of(const char *body, size_t *len)
{
    static pkg k;
    char *doc = document_xml(body);
    pkg_init(&k, doc);
    unsigned char *z = zip_parts(k.p, k.n, len);
    free(doc);
    return z;
}

/* ---- reading results -------------------------------------------------------------- */

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        printf("FAIL cannot open %s (run from the repository root): %s\n", path, strerror(errno));
        *len = 0;
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc((size_t)n + 1);
    if (fread(b, 1, (size_t)n, f) != (size_t)n)
        n = 0;
    fclose(f);
    *len = (size_t)n;
    return b;
}

static px_doc *extract(const unsigned char *b, size_t n, px_error *e)
{
    px_doc *d = NULL;
    e->msg[0] = '\0';
    if (px_extract(b, n, NULL, &d, e) != 0)
        return NULL;
    return d;
}

static px_doc *fixture(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, FIXTURES "%s", name);
    size_t n;
    unsigned char *b = slurp(path, &n);
    if (!b) {
        harness_failed++;
        return NULL;
    }
    px_error e;
    px_doc *d = extract(b, n, &e);
    if (!d)
        printf("FAIL %s: %s\n", name, e.msg);
    free(b);
    return d;
}

static px_doc *from_body(const char *body, px_error *e)
{
    size_t n;
    unsigned char *z = docx_of(body, &n);
    px_doc *d = extract(z, n, e);
    free(z);
    return d;
}

static const px_block *find(const px_doc *d, const char *text)
{
    for (size_t i = 0; d && i < d->n_blocks; i++)
        if (strcmp(d->blocks[i].text, text) == 0)
            return &d->blocks[i];
    return NULL;
}

static int count_sub(const px_doc *d, const char *sub)
{
    int n = 0;
    for (size_t i = 0; d && i < d->n_blocks; i++)
        for (const char *p = d->blocks[i].text; (p = strstr(p, sub)); p++)
            n++;
    return n;
}

static long index_of(const px_doc *d, const px_block *b)
{
    return b ? (long)(b - d->blocks) : -1;
}

#define LABEL(d, text, want) do { \
    const px_block *b_ = find((d), (text)); \
    CHECK(b_ != NULL); \
    if (b_) CHECK_STR(b_->list_label, (want)); \
    else printf("     (no block \"%s\")\n", (text)); \
} while (0)

/* ---- fixtures: numbering ------------------------------------------------------------- */

TEST(fixture_numbering)
{
    px_doc *d = fixture("numbering.docx");
    if (!d)
        return;
    static const struct { const char *text, *label; } want[] = {
        {"MỤC ĐÍCH, YÊU CẦU", "I."},            /* style-linked, localised styleId u1 */
        {"Mục đích", "1."},                      /* numId through basedOn */
        {"Nội dung thường.", NULL},
        {"Yêu cầu", "2."},
        {"NHIỆM VỤ", "II."},
        {"Tăng cường", "1."},                    /* restarted by the higher level */
        {"Chi tiết", "1.1."},                    /* %2.%3. */
        {"Mục tùy biến", "1.2."},                /* custom style, two basedOn steps */
        {"Không đánh số", NULL},                 /* style numId 0 */
        {"Tắt trực tiếp", NULL},                 /* direct numId 0 over a style list */
        {"Chi tiết tiếp", "1.3."},
        {"Việc lettered", "a)"},                 /* direct ilvl, style numId */
        {"Heading English", NULL},
        {"Mục a", "a)"},
        {"Mục b", "b)"},
        {"Chấm Symbol", "\xE2\x80\xA2"},         /* U+F0B7 in Symbol -> U+2022 */
        {"Gạch", "-"},
        {"Ngoặc 1", "(1)"},
        {"Ngoặc 2", "(2)"},
        {"Số 0", "01."},                         /* decimalZero */
        {"Không nhãn", NULL},                    /* numFmt none */
        {"Wingdings", "\xE2\x96\xAA"},           /* U+F0A7 in Wingdings -> U+25AA */
        {"Đoạn chen giữa.", NULL},
        {"Mục c", "c)"},                         /* resumes after the interruption */
        {"Mục d dùng chung", "d)"},              /* numId 4 shares abstractNum 1 */
        {"Bắt đầu lại", "a)"},                   /* startOverride on first use */
        {"Tiếp sau bắt đầu lại", "b)"},
        {"Quay lại numId 2", "c)"},              /* one counter per abstractNum */
        {"Không có ilvl", "d)"},                 /* numId without ilvl: level 0 */
        {"Pháp lý IV", "IV."},                   /* start 4 */
        {"Pháp lý 4.1", "4.1."},                 /* isLgl: %1 in arabic */
        {"Không khởi động lại 1", "1)"},
        {"Không khởi động lại 2", "2)"},
        {"Pháp lý V", "V."},
        {"Pháp lý 5.1", "5.1."},
        {"Không khởi động lại 3", "3)"},         /* lvlRestart 0: never restarts */
        {"Sau cấp 1 - 1", "1."},
        {"Pháp lý 5.2", "5.2."},
        {"Sau cấp 1 - 2", "2."},                 /* lvlRestart 1: only level 1 restarts it */
        {"Pháp lý VI", "VI."},
        {"Sau cấp 1 - lại 1", "1."},
        {"Ghi đè cấp A", "A."},                  /* lvlOverride with its own w:lvl */
        {"Ghi đè cấp B", "B."},
        {"Đệm không", "001."},                   /* w14 custom format via mc:Choice */
        {"Đệm không 2", "002."},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        LABEL(d, want[i].text, want[i].label);

    /* typed labels stay in the text as typed; automatic ones never do */
    const px_block *b = find(d, "đ) Gõ tay, Word không sinh được chữ đ");
    CHECK(b && b->list_label == NULL);
    CHECK(find(d, "I. MỤC ĐÍCH, YÊU CẦU") == NULL);

    /* kinds and hints */
    b = find(d, "KẾ HOẠCH");                    /* Title, w:caps */
    CHECK(b && b->kind == PX_BLOCK_HEADING && b->bold == 1 && b->font_size == 16.0);
    b = find(d, "MỤC ĐÍCH, YÊU CẦU");
    CHECK(b && b->kind == PX_BLOCK_HEADING && b->bold == 1 && b->font_size == 14.0);
    b = find(d, "Chi tiết");                    /* heading 3: b val=0 over heading 1's b */
    CHECK(b && b->kind == PX_BLOCK_HEADING && b->bold == 0 && b->font_size == 13.0);
    b = find(d, "Mục tùy biến");
    CHECK(b && b->kind == PX_BLOCK_HEADING);
    b = find(d, "Heading English");
    CHECK(b && b->kind == PX_BLOCK_HEADING);
    b = find(d, "Mục a");                       /* List Paragraph is a paragraph */
    CHECK(b && b->kind == PX_BLOCK_PARA && b->indent == 36.0);
    b = find(d, "Chấm Symbol");                 /* the level's indent wins over the style's */
    CHECK(b && b->indent == 72.0);
    b = find(d, "Toàn đậm");
    CHECK(b && b->bold == 0);
    b = find(d, "Đậm hết");                     /* character style + direct */
    CHECK(b && b->bold == 1);
    b = find(d, "Thụt");
    CHECK(b && b->indent == 72.0 && b->font_size == 12.0);
    b = find(d, "Nội dung thường.");
    CHECK(b && b->kind == PX_BLOCK_PARA && b->font_size == 13.0 && b->bold == 0 && b->table == -1);
    px_doc_free(d);
}

TEST(fixture_plan)
{
    px_doc *d = fixture("plan-002.docx");
    if (!d)
        return;
    LABEL(d, "MỤC ĐÍCH, YÊU CẦU", "I.");
    LABEL(d, "Mục đích", "1.");
    LABEL(d, "Yêu cầu", "2.");
    LABEL(d, "MỤC TIÊU CHỈ SỐ PAPI NĂM 2025", "II.");
    LABEL(d, "NỘI DUNG THỰC HIỆN", "III.");
    LABEL(d, "Chỉ số nội dung “Công khai, minh bạch”", "1.1.");
    LABEL(d, "Chỉ số nội dung “Quản trị điện tử”", "1.5.");
    LABEL(d, "Tham gia tập huấn, hướng dẫn nghiệp vụ", "2.");
    LABEL(d, "TỔ CHỨC THỰC HIỆN", "IV.");
    /* lettered items: automatic a) b) c) restart under each heading... */
    int letters = 0;
    for (size_t i = 0; i < d->n_blocks; i++)
        if (d->blocks[i].list_label && strcmp(d->blocks[i].list_label, "c)") == 0)
            letters++;
    CHECK_INT(letters, 2);
    /* ...while the list with a typed đ) is typed throughout */
    int typed = 0;
    for (size_t i = 0; i < d->n_blocks; i++)
        if (strncmp(d->blocks[i].text, "đ) ", 4) == 0 && !d->blocks[i].list_label)
            typed++;
    CHECK_INT(typed, 1);
    const px_block *b = find(d, "Thời gian thực hiện: Thường xuyên.");
    CHECK(b && b->kind == PX_BLOCK_PARA && !b->list_label);
    px_doc_free(d);
}

/* ---- fixtures: tables ----------------------------------------------------------------- */

static const px_block *cell(const px_doc *d, int t, int r, int c)
{
    for (size_t i = 0; i < d->n_blocks; i++)
        if (d->blocks[i].kind == PX_BLOCK_CELL && d->blocks[i].table == t &&
            d->blocks[i].row == r && d->blocks[i].col == c)
            return &d->blocks[i];
    return NULL;
}

TEST(fixture_tables)
{
    px_doc *d = fixture("tables.docx");
    if (!d)
        return;
    const px_block *b = cell(d, 0, 0, 0);
    CHECK(b && strcmp(b->text, "STT") == 0 && b->bold == 1);
    b = cell(d, 0, 1, 2);                       /* vMerge restart */
    CHECK(b && strcmp(b->text, "Sở Nội vụ") == 0);
    if (b)
        CHECK_INT(b->row_span, 2);
    CHECK(cell(d, 0, 2, 2) == NULL);            /* continuation: not emitted */
    b = cell(d, 0, 2, 3);
    CHECK(b && strcmp(b->text, "Quý II/2025") == 0);
    b = cell(d, 0, 3, 0);                       /* gridSpan */
    CHECK(b && strcmp(b->text, "Tổng hợp") == 0 && b->col_span == 2);
    CHECK(cell(d, 0, 3, 1) == NULL);
    b = cell(d, 0, 3, 2);                       /* grid column after the span */
    CHECK(b && strcmp(b->text, "Văn phòng\nPhòng Tư pháp") == 0);
    b = cell(d, 0, 3, 3);                       /* nested table flattened into the cell */
    CHECK(b && strcmp(b->text, "x\ny\nz\nw\nsau") == 0);
    b = cell(d, 1, 0, 1);                       /* gridBefore 1 */
    CHECK(b && strcmp(b->text, "Ô bỏ cột đầu") == 0);
    b = cell(d, 1, 0, 2);                       /* numbered paragraphs in a cell */
    CHECK(b && b->list_label && strcmp(b->list_label, "a)") == 0);
    CHECK(b && strcmp(b->text, "Mục a\nb)\tMục b") == 0);
    /* order: before, table 0, between, table 1, after; nothing duplicated */
    long before = index_of(d, find(d, "Trước bảng")), mid = index_of(d, find(d, "Giữa hai bảng"));
    long after = index_of(d, find(d, "Sau bảng"));
    CHECK(before == 0 && mid > before && after > mid);
    CHECK(index_of(d, cell(d, 0, 0, 0)) == before + 1);
    CHECK_INT(count_sub(d, "Nhiệm vụ A"), 1);
    CHECK_INT(count_sub(d, "x"), 1);
    int cells = 0;
    for (size_t i = 0; i < d->n_blocks; i++)
        cells += d->blocks[i].kind == PX_BLOCK_CELL;
    CHECK_INT(cells, 16);
    px_doc_free(d);
}

/* ---- fixtures: fields, revisions, characters -------------------------------------- */

TEST(fixture_fields)
{
    px_doc *d = fixture("fields.docx");
    if (!d)
        return;
    CHECK(find(d, "Căn cứ Nghị định 118 ngày 08/4/2025.") != NULL);   /* results kept */
    CHECK_INT(count_sub(d, "DATE"), 0);                                /* instructions dropped */
    CHECK_INT(count_sub(d, "REF"), 0);
    CHECK(find(d, "kết quả") != NULL);                                 /* nested field */
    CHECK_INT(count_sub(d, "PAGE"), 0);
    CHECK_INT(count_sub(d, "khác"), 0);
    CHECK(find(d, "Xem Cổng thông tin Chính phủ.") != NULL);           /* hyperlink */
    CHECK(find(d, "Nội dung kiểm soát") != NULL);                      /* block sdt */
    CHECK(find(d, "Ký ngày 01/01") != NULL);                           /* inline sdt */
    CHECK(find(d, "Giữ thêm mới") != NULL);                            /* ins/moveTo kept, del/moveFrom dropped */
    CHECK_INT(count_sub(d, "xóa"), 0);
    CHECK(find(d, "A\tB\nC") != NULL);                                 /* tab, br */
    CHECK(find(d, "kinhtế xã-hội ✓ §") != NULL);                       /* softHyphen, noBreakHyphen, sym */
    const px_block *b = find(d, "Trước ngắt");
    CHECK(b && !b->page_break_before);
    b = find(d, "Sau ngắt");                                           /* br type=page at the end */
    CHECK(b && b->page_break_before == 1);
    b = find(d, "Trang mới");                                          /* br type=page first */
    CHECK(b && b->page_break_before == 1);
    CHECK(find(d, "Hiện") != NULL);                                    /* w:vanish hidden */
    CHECK(find(d, "MỤC TIÊU năm 2025") != NULL);                       /* w:caps shown upper */
    b = find(d, "Trước bố cục");                                       /* lastRenderedPageBreak: layout only */
    CHECK(b && !b->page_break_before);
    b = find(d, "Ngắt trang trước");
    CHECK(b && b->page_break_before == 1);
    CHECK(find(d, "Công thức x+1") != NULL);                           /* Office Math text */
    px_doc_free(d);
}

TEST(fixture_textbox)
{
    px_doc *d = fixture("textbox.docx");
    if (!d)
        return;
    /* the box is written twice (DrawingML choice, VML fallback): read once */
    CHECK_INT(count_sub(d, "Hộp văn bản"), 1);
    long a = index_of(d, find(d, "Trước hộp")), box = index_of(d, find(d, "Hộp văn bản"));
    long after = index_of(d, find(d, "Sau hộp"));
    CHECK(a >= 0 && box == a + 1 && after == box + 1);
    long anchor = index_of(d, find(d, "Neo VML")), vml = index_of(d, find(d, "Hộp VML"));
    CHECK(anchor >= 0 && vml == anchor + 1);
    px_doc_free(d);
}

TEST(fixture_notes)
{
    px_doc *d = fixture("notes.docx");
    if (!d)
        return;
    /* reference marks dropped from the body text */
    CHECK(find(d, "ưu tiên cán bộ có kỹ năng giao tiếp tốt.") != NULL);
    CHECK(find(d, "Ghi chú riêng hết.") != NULL);
    CHECK(find(d, "Cuối văn bản.") != NULL);
    /* notes after the body, numbered in reference order, never in the body */
    static const struct { const char *text, *label; } notes[] = {
        {"Theo Nghị định 118/2025/NĐ-CP của Chính phủ.", "1"},
        {"Có mẫu đánh giá mức độ hài lòng của người dân gửi kèm.", "2"},
        {"Ghi chú có dấu riêng.", "*"},
        {"Phụ lục kèm theo.", "i"},
    };
    long last_body = index_of(d, find(d, "Cuối văn bản."));
    for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++) {
        const px_block *b = find(d, notes[i].text);
        CHECK(b && b->kind == PX_BLOCK_NOTE);
        if (b) {
            CHECK_STR(b->list_label, notes[i].label);
            CHECK(index_of(d, b) == last_body + 1 + (long)i);
        }
    }
    const px_block *h = find(d, "UBND TỈNH LAI CHÂU"), *f = find(d, "Trang 1");
    CHECK(h && h->kind == PX_BLOCK_MARGIN);
    CHECK(f && f->kind == PX_BLOCK_MARGIN);
    CHECK_INT(count_sub(d, "PAGE"), 0);
    CHECK(h && index_of(d, h) > last_body + 4);
    CHECK_INT(count_sub(d, "Theo Nghị định"), 1);
    px_doc_free(d);
}

/* ---- generated documents: small features ---------------------------------------- */

TEST(generated_basics)
{
    px_error e;
    /* no styles.xml, no numbering.xml: paragraphs still come, labels don't */
    px_doc *d = from_body("<w:p><w:r><w:t>Một</w:t></w:r></w:p>"
                          "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"3\"/></w:numPr></w:pPr>"
                          "<w:r><w:t>Hai</w:t></w:r></w:p>"
                          "<w:p/><w:p><w:r><w:t xml:space=\"preserve\">   </w:t></w:r></w:p>", &e);
    CHECK(d != NULL);
    if (d) {
        CHECK_INT(d->n_blocks, 2);              /* empty paragraphs dropped */
        CHECK(d->format == PX_FORMAT_DOCX);
        const px_block *b = find(d, "Hai");
        CHECK(b && b->list_label == NULL && b->font_size == 10.0);
        px_doc_free(d);
    }
    /* strict OOXML namespace */
    size_t n;
    static pkg k;
    const char *strict = DECL "<w:document xmlns:w=\"http://purl.oclc.org/ooxml/wordprocessingml/main\">"
                              "<w:body><w:p><w:r><w:t>Strict</w:t></w:r></w:p></w:body></w:document>";
    pkg_init(&k, strict);
    unsigned char *z = zip_parts(k.p, k.n, &n);
    d = extract(z, n, &e);
    CHECK(d && find(d, "Strict") != NULL);
    px_doc_free(d);
    free(z);
    /* an element of another vocabulary with a W-like name is not text */
    d = from_body("<w:p><w:r><w:t>Có</w:t></w:r><x:r xmlns:x=\"urn:x\"><x:t>Không</x:t></x:r></w:p>", &e);
    CHECK(d && find(d, "Có") != NULL && count_sub(d, "Không") == 0);
    px_doc_free(d);
}

TEST(generated_numbering_edges)
{
    static const char numbering[] = DECL "<w:numbering " NS ">"
        "<w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"multilevel\"/>"
        "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:pStyle w:val=\"H\"/>"
        "<w:lvlText w:val=\"%1.\"/></w:lvl>"
        "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"upperLetter\"/>"
        "<w:lvlText w:val=\"%2/\"/></w:lvl></w:abstractNum>"
        "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
        "<w:num w:numId=\"9\"><w:abstractNumId w:val=\"77\"/></w:num>"   /* no such abstractNum */
        "</w:numbering>";
    static const char styles[] = DECL "<w:styles " NS ">"
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"H\"><w:name w:val=\"Plan H\"/>"
        "<w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>"
        /* based on H: its level is found through the chain */
        "<w:style w:type=\"paragraph\" w:styleId=\"H2\"><w:name w:val=\"Plan H2\"/><w:basedOn w:val=\"H\"/></w:style>"
        /* a basedOn cycle must not hang */
        "<w:style w:type=\"paragraph\" w:styleId=\"X\"><w:name w:val=\"X\"/><w:basedOn w:val=\"Y\"/></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Y\"><w:name w:val=\"Y\"/><w:basedOn w:val=\"X\"/></w:style>"
        "</w:styles>";
    char *doc = document_xml(
        "<w:p><w:pPr><w:pStyle w:val=\"H\"/></w:pPr><w:r><w:t>Một</w:t></w:r></w:p>"
        /* deleted with its paragraph mark: gone, and not counted */
        "<w:p><w:pPr><w:pStyle w:val=\"H\"/><w:rPr><w:del w:id=\"1\" w:author=\"A\"/></w:rPr></w:pPr>"
        "<w:del w:id=\"2\" w:author=\"A\"><w:r><w:delText>Bỏ</w:delText></w:r></w:del></w:p>"
        "<w:p><w:pPr><w:pStyle w:val=\"H2\"/></w:pPr><w:r><w:t>Hai</w:t></w:r></w:p>"
        "<w:p><w:pPr><w:pStyle w:val=\"H\"/><w:numPr><w:ilvl w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>Con</w:t></w:r></w:p>"
        /* an empty numbered paragraph shows its label alone */
        "<w:p><w:pPr><w:pStyle w:val=\"H\"/></w:pPr></w:p>"
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"9\"/></w:numPr></w:pPr><w:r><w:t>Mồ côi</w:t></w:r></w:p>"
        "<w:p><w:pPr><w:pStyle w:val=\"X\"/></w:pPr><w:r><w:t>Vòng</w:t></w:r></w:p>"
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"42\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>Cấp lạ</w:t></w:r></w:p>"
        "<w:p><mc:AlternateContent><mc:Choice Requires=\"w14\"><w:r><w:t>Chọn</w:t></w:r></mc:Choice>"
        "<mc:Fallback><w:r><w:t>Dự phòng</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>");
    static pkg k;
    pkg_init(&k, doc);
    pkg_add(&k, "word/styles.xml", styles, 0, 0);
    pkg_add(&k, "word/numbering.xml", numbering, 0, 0);
    size_t n;
    unsigned char *z = zip_parts(k.p, k.n, &n);
    px_error e;
    px_doc *d = extract(z, n, &e);
    CHECK(d != NULL);
    if (d) {
        LABEL(d, "Một", "1.");
        CHECK(count_sub(d, "Bỏ") == 0);
        LABEL(d, "Hai", "2.");
        LABEL(d, "Con", "A/");
        const px_block *b = find(d, "");
        CHECK(b && b->list_label && strcmp(b->list_label, "3.") == 0);
        LABEL(d, "Mồ côi", NULL);
        LABEL(d, "Vòng", NULL);
        CHECK(find(d, "Cấp lạ") != NULL);
        CHECK(find(d, "Chọn") != NULL && count_sub(d, "Dự phòng") == 0);
        px_doc_free(d);
    }
    free(z);
    free(doc);
}

TEST(generated_notes_edges)
{
    static const char foot[] = DECL "<w:footnotes " NS ">"
        "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>"
        "<w:footnote w:id=\"5\"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> Năm.</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>Đoạn hai.</w:t></w:r></w:p></w:footnote>"
        "<w:footnote w:id=\"6\"><w:p><w:r><w:t>Không ai gọi.</w:t></w:r></w:p></w:footnote>"
        "</w:footnotes>";
    static const char rels[] = DECL
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        "footnotes\" Target=\"/word/footnotes.xml\"/>"
        "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        "header\" Target=\"./header1.xml\"/>"
        "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        "header\" Target=\"header2.xml\"/></Relationships>";
    static const char hdr[] = DECL "<w:hdr " NS "><w:p><w:r><w:t>Đầu trang</w:t></w:r></w:p></w:hdr>";
    char *doc = document_xml(
        "<w:p><w:r><w:t>A</w:t></w:r><w:r><w:footnoteReference w:id=\"5\"/></w:r>"
        "<w:r><w:t>B</w:t></w:r><w:r><w:footnoteReference w:id=\"5\"/></w:r>"
        "<w:r><w:footnoteReference w:id=\"404\"/></w:r></w:p>"
        "<w:p><w:pPr><w:sectPr><w:headerReference w:type=\"first\" r:id=\"rId2\"/>"
        "<w:headerReference w:type=\"default\" r:id=\"rId3\"/></w:sectPr></w:pPr>"
        "<w:r><w:t>Hết phần</w:t></w:r></w:p><w:p><w:r><w:t>Phần mới</w:t></w:r></w:p>");
    static pkg k;
    k.n = 0;
    pkg_add(&k, "[Content_Types].xml", CONTENT_TYPES, 0, 0);
    pkg_add(&k, "_rels/.rels", PKG_RELS, 0, 0);
    pkg_add(&k, "word/document.xml", doc, 0, 0);
    pkg_add(&k, "word/_rels/document.xml.rels", rels, 0, 0);
    pkg_add(&k, "word/footnotes.xml", foot, 0, 0);
    pkg_add(&k, "word/header1.xml", hdr, 0, 0);
    pkg_add(&k, "word/header2.xml", hdr, 0, 0);
    size_t n;
    unsigned char *z = zip_parts(k.p, k.n, &n);
    px_error e;
    px_doc *d = extract(z, n, &e);
    CHECK(d != NULL);
    if (d) {
        CHECK(find(d, "AB") != NULL);
        const px_block *b = find(d, "Năm.\nĐoạn hai.");      /* one note, referred to twice */
        CHECK(b && b->kind == PX_BLOCK_NOTE && b->list_label && strcmp(b->list_label, "1") == 0);
        CHECK_INT(count_sub(d, "Năm."), 1);
        CHECK_INT(count_sub(d, "Không ai gọi"), 0);            /* unreferenced */
        CHECK_INT(count_sub(d, "Đầu trang"), 1);               /* same header twice: once */
        b = find(d, "Phần mới");                               /* a section break starts a page */
        CHECK(b && b->page_break_before == 1);
        px_doc_free(d);
    }
    free(z);
    free(doc);
}

TEST(generated_long_paragraph)
{
    /* 2 MB of incompressible letters in one paragraph: cut to the block
     * limit, with a warning, never a failure */
    size_t n = 2u * 1024 * 1024;
    char *body = malloc(n + 64);
    strcpy(body, "<w:p><w:r><w:t>");
    size_t o = strlen(body);
    unsigned x = 12345;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        body[o++] = (char)('a' + (x >> 16) % 26);
    }
    strcpy(body + o, "</w:t></w:r></w:p>");
    px_error e;
    px_doc *d = from_body(body, &e);
    CHECK(d != NULL);
    if (d) {
        CHECK_INT(d->n_blocks, 1);
        CHECK(strlen(d->blocks[0].text) <= (size_t)PX_LIMIT_BLOCK_BYTES);
        CHECK(d->n_warnings >= 1);
        px_doc_free(d);
    }
    free(body);
}

/* ---- hostile: zip ---------------------------------------------------------------------- */

static int refused(const unsigned char *z, size_t n, const px_docx_limits *lim, const char *want)
{
    px_doc *d = px_doc_new(PX_FORMAT_DOCX);
    px_error e = {{0}};
    int rc = lim ? px_docx_extract_limited(z, n, lim, d, &e) : px_extract_docx(z, n, d, &e);
    px_doc_free(d);
    if (rc == 0) {
        printf("     (accepted, expected an error with \"%s\")\n", want);
        return 0;
    }
    if (!strstr(e.msg, want)) {
        printf("     (error \"%s\" lacks \"%s\")\n", e.msg, want);
        return 0;
    }
    return 1;
}

TEST(hostile_entry_count)
{
    static pkg k;
    static char names[PX_LIMIT_ZIP_ENTRIES + 1][16];
    char *doc = document_xml("<w:p><w:r><w:t>x</w:t></w:r></w:p>");
    pkg_init(&k, doc);
    for (int i = 0; k.n < PX_LIMIT_ZIP_ENTRIES + 1; i++) {
        snprintf(names[i], sizeof names[i], "m/%d", i);
        pkg_add(&k, names[i], "", 1, 1);
    }
    size_t n;
    unsigned char *z = zip_parts(k.p, k.n, &n);
    CHECK(refused(z, n, NULL, "PX_LIMIT_ZIP_ENTRIES"));
    free(z);
    /* at the limit it is fine */
    k.n--;
    z = zip_parts(k.p, k.n, &n);
    px_error e;
    px_doc *d = extract(z, n, &e);
    CHECK(d != NULL);
    px_doc_free(d);
    free(z);
    free(doc);
}

TEST(hostile_part_size_declared)
{
    px_docx_limits lim;
    px_docx_default_limits(&lim);
    lim.part_bytes = 4096;
    char body[9000];
    strcpy(body, "<w:p><w:r><w:t>");
    memset(body + strlen(body), 'x', 6000);
    strcpy(body + 15 + 6000, "</w:t></w:r></w:p>");
    size_t n;
    unsigned char *z = docx_of(body, &n);
    CHECK(refused(z, n, &lim, "PX_LIMIT_ZIP_PART_BYTES"));
    free(z);
}

/* The real thing under the default limits: 16 MB of spaces deflate to
 * ~16 KB, a ratio of 1000. */
static unsigned char *bomb(size_t inflated, size_t *n)
{
    char *doc = malloc(inflated + 1);
    memset(doc, ' ', inflated);
    memcpy(doc, DECL "<w:document " NS "><w:body>", strlen(DECL "<w:document " NS "><w:body>"));
    const char *tail = "</w:body></w:document>";
    memcpy(doc + inflated - strlen(tail), tail, strlen(tail));
    doc[inflated] = '\0';
    static pkg k;
    pkg_init(&k, NULL);
    pkg_add(&k, "word/document.xml", doc, inflated, 0);
    unsigned char *z = zip_parts(k.p, k.n, n);
    free(doc);
    return z;
}

/* Rewrites the uncompressed size of word/document.xml in both the local
 * header and the central directory: the sizes a bomb lies about. */
static void lie_about_size(unsigned char *z, size_t n, unsigned size)
{
    const char *name = "word/document.xml";
    size_t nl = strlen(name);
    for (size_t i = 0; i + 46 + nl <= n; i++) {
        if (memcmp(z + i, "PK\3\4", 4) == 0 && z[i + 26] == nl && memcmp(z + i + 30, name, nl) == 0)
            memcpy(z + i + 22, &size, 4);       /* little-endian host */
        if (memcmp(z + i, "PK\1\2", 4) == 0 && z[i + 28] == nl && memcmp(z + i + 46, name, nl) == 0)
            memcpy(z + i + 24, &size, 4);
    }
}

TEST(hostile_ratio)
{
    size_t n;
    unsigned char *z = bomb(16u * 1024 * 1024, &n);
    CHECK(n < 200 * 1024);
    CHECK(refused(z, n, NULL, "PX_LIMIT_ZIP_RATIO"));
    /* through px_extract too: one clear error */
    px_error e;
    px_doc *d = extract(z, n, &e);
    CHECK(d == NULL && strstr(e.msg, "zip bomb") != NULL);
    px_doc_free(d);
    /* the headers lie (1 KB declared): the bytes are counted as they come */
    lie_about_size(z, n, 1024);
    CHECK(refused(z, n, NULL, "PX_LIMIT_ZIP_RATIO"));
    px_docx_limits lim;
    px_docx_default_limits(&lim);
    lim.ratio = 1000000;                        /* only the per-part limit left */
    lim.part_bytes = 2L * 1024 * 1024;
    CHECK(refused(z, n, &lim, "PX_LIMIT_ZIP_PART_BYTES"));
    free(z);
}

TEST(hostile_total)
{
    px_docx_limits lim;
    px_docx_default_limits(&lim);
    lim.total_bytes = 3000;
    char *doc = document_xml("<w:p><w:r><w:t>Nội dung đủ dài để vượt giới hạn tổng cộng khi cộng với "
                             "styles.xml và numbering.xml.</w:t></w:r></w:p>");
    char styles[2100], numbering[2100];
    snprintf(styles, sizeof styles, DECL "<w:styles " NS ">%*s</w:styles>", 1500, "");
    snprintf(numbering, sizeof numbering, DECL "<w:numbering " NS ">%*s</w:numbering>", 1500, "");
    static pkg k;
    pkg_init(&k, doc);
    pkg_add(&k, "word/styles.xml", styles, 0, 1);
    pkg_add(&k, "word/numbering.xml", numbering, 0, 1);
    size_t n;
    unsigned char *z = zip_parts(k.p, k.n, &n);
    CHECK(refused(z, n, &lim, "PX_LIMIT_ZIP_TOTAL_BYTES"));
    lim.total_bytes = 100000;
    px_doc *d = px_doc_new(PX_FORMAT_DOCX);
    px_error e;
    CHECK(px_docx_extract_limited(z, n, &lim, d, &e) == 0);
    px_doc_free(d);
    free(z);
    free(doc);
}

TEST(hostile_truncated_and_not_zip)
{
    size_t n;
    unsigned char *b = slurp(FIXTURES "plan-002.docx", &n);
    if (!b) {
        harness_failed++;
        return;
    }
    px_error e;
    /* cut in the middle: still "PK" and "word/document.xml", so detected as
     * DOCX, then one clear error */
    CHECK(px_detect(b, n / 2) == PX_KIND_DOCX);
    px_doc *d = extract(b, n / 2, &e);
    CHECK(d == NULL && strstr(e.msg, "not a readable zip") != NULL);
    /* only the end of central directory missing */
    d = extract(b, n - 10, &e);
    CHECK(d == NULL && e.msg[0] != '\0');
    /* a damaged byte inside the compressed document */
    unsigned char *c = malloc(n);
    memcpy(c, b, n);
    for (size_t i = 0; i + 30 < n; i++)
        if (memcmp(c + i, "PK\3\4", 4) == 0 && memcmp(c + i + 30, "word/document.xml", 17) == 0) {
            size_t data = i + 30 + 17 + c[i + 28] + 256u * c[i + 29];
            for (size_t k = data + 40; k < data + 80 && k < n; k++)
                c[k] ^= 0x5A;
            break;
        }
    d = extract(c, n, &e);
    CHECK(d == NULL && strstr(e.msg, "word/document.xml") != NULL);
    px_doc_free(d);
    free(c);
    /* not a zip at all, given straight to the extractor */
    d = px_doc_new(PX_FORMAT_DOCX);
    CHECK(px_extract_docx((const unsigned char *)"hello", 5, d, &e) == -1);
    CHECK(strstr(e.msg, "zip") != NULL);
    px_doc_free(d);
    free(b);
}

TEST(hostile_missing_document)
{
    static pkg k;
    pkg_init(&k, NULL);
    pkg_add(&k, "word/document.xml.bak", "<x/>", 0, 0);  /* detect sees the name */
    size_t n;
    unsigned char *z = zip_parts(k.p, k.n, &n);
    CHECK(px_detect(z, n) == PX_KIND_DOCX);
    px_error e;
    px_doc *d = extract(z, n, &e);
    CHECK(d == NULL && strstr(e.msg, "no word/document.xml") != NULL);
    free(z);
    /* a body-less document */
    char *doc = strdup(DECL "<w:document " NS "/>");
    pkg_init(&k, doc);
    z = zip_parts(k.p, k.n, &n);
    d = extract(z, n, &e);
    CHECK(d == NULL && strstr(e.msg, "w:body") != NULL);
    free(z);
    free(doc);
}

/* ---- hostile: XML ------------------------------------------------------------------------- */

TEST(hostile_corrupt_xml)
{
    px_error e;
    size_t n;
    static pkg k;
    const char *broken = DECL "<w:document " NS "><w:body><w:p><w:r><w:t>half</w:t></w:r>";
    pkg_init(&k, broken);
    unsigned char *z = zip_parts(k.p, k.n, &n);
    px_doc *d = extract(z, n, &e);
    CHECK(d == NULL && strstr(e.msg, "word/document.xml is not well-formed XML") != NULL);
    CHECK(strchr(e.msg, '\n') == NULL);
    free(z);
    /* a damaged styles.xml degrades: the text comes, with a warning */
    char *doc = document_xml("<w:p><w:r><w:t>Vẫn đọc được</w:t></w:r></w:p>");
    pkg_init(&k, doc);
    pkg_add(&k, "word/styles.xml", DECL "<w:styles " NS "><w:style>", 0, 0);
    z = zip_parts(k.p, k.n, &n);
    d = extract(z, n, &e);
    CHECK(d && find(d, "Vẫn đọc được") && d->n_warnings == 1);
    px_doc_free(d);
    free(z);
    free(doc);
    /* binary garbage as document.xml */
    static const char garbage[] = "\x01\x02\xff\xfe<\x00w";
    pkg_init(&k, NULL);
    pkg_add(&k, "word/document.xml", garbage, sizeof garbage - 1, 0);
    z = zip_parts(k.p, k.n, &n);
    d = extract(z, n, &e);
    CHECK(d == NULL && strstr(e.msg, "word/document.xml") != NULL);
    free(z);
}

static char secret_path[64];

static void make_secret(void)
{
    snprintf(secret_path, sizeof secret_path, "/tmp/px_docx_secret_%d.txt", (int)getpid());
    FILE *f = fopen(secret_path, "w");
    fputs("PLANEX-SECRET-4242", f);
    fclose(f);
}

/* An XXE attempt must be refused, and whatever happens, the file's content
 * must not reach a block. */
static void xxe_case(const char *document, const char *styles)
{
    static pkg k;
    pkg_init(&k, document);
    if (styles)
        pkg_add(&k, "word/styles.xml", styles, 0, 0);
    size_t n;
    unsigned char *z = zip_parts(k.p, k.n, &n);
    px_error e;
    px_doc *d = extract(z, n, &e);
    CHECK(d == NULL);
    CHECK(strstr(e.msg, "DTD") != NULL);
    CHECK(count_sub(d, "PLANEX-SECRET") == 0);
    px_doc_free(d);
    free(z);
}

TEST(hostile_xxe)
{
    make_secret();
    char *doc = NULL;
    /* general external entity */
    asprintf(&doc, DECL "<!DOCTYPE w:document [<!ENTITY x SYSTEM \"file://%s\">]>"
                        "<w:document " NS "><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>",
             secret_path);
    xxe_case(doc, NULL);
    free(doc);
    /* parameter entity pulling an external DTD */
    asprintf(&doc, DECL "<!DOCTYPE w:document [<!ENTITY %% p SYSTEM \"file://%s\"> %%p;]>"
                        "<w:document " NS "><w:body><w:p><w:r><w:t>a</w:t></w:r></w:p></w:body></w:document>",
             secret_path);
    xxe_case(doc, NULL);
    free(doc);
    /* external DTD subset */
    asprintf(&doc, DECL "<!DOCTYPE w:document SYSTEM \"file://%s\">"
                        "<w:document " NS "><w:body><w:p><w:r><w:t>a</w:t></w:r></w:p></w:body></w:document>",
             secret_path);
    xxe_case(doc, NULL);
    free(doc);
    /* in an optional part: still refused, not merely skipped */
    char *plain = document_xml("<w:p><w:r><w:t>a</w:t></w:r></w:p>");
    asprintf(&doc, DECL "<!DOCTYPE w:styles [<!ENTITY x SYSTEM \"file://%s\">]>"
                        "<w:styles " NS "><w:style w:styleId=\"&x;\"/></w:styles>", secret_path);
    xxe_case(plain, doc);
    free(doc);
    free(plain);
    /* network: never fetched (NONET), refused before that anyway */
    xxe_case(DECL "<!DOCTYPE w:document [<!ENTITY x SYSTEM \"http://127.0.0.1:9/x\">]>"
                  "<w:document " NS "><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>",
             NULL);
    unlink(secret_path);
}

TEST(hostile_billion_laughs)
{
    const char *doc = DECL
        "<!DOCTYPE w:document [<!ENTITY a \"hahahahahahahahahaha\">"
        "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
        "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
        "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">"
        "<!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\"><!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">]>"
        "<w:document " NS "><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>";
    static pkg k;
    pkg_init(&k, doc);
    size_t n;
    unsigned char *z = zip_parts(k.p, k.n, &n);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    px_error e;
    px_doc *d = extract(z, n, &e);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    CHECK(d == NULL && strstr(e.msg, "DTD") != NULL);
    CHECK(s < 1.0);
    CHECK(count_sub(d, "haha") == 0);
    px_doc_free(d);
    free(z);
}

static char *nested(int levels, const char *open, const char *close, const char *inner)
{
    size_t lo = strlen(open), lc = strlen(close), li = strlen(inner);
    char *s = malloc((size_t)levels * (lo + lc) + li + 1), *o = s;
    for (int i = 0; i < levels; i++, o += lo)
        memcpy(o, open, lo);
    memcpy(o, inner, li);
    o += li;
    for (int i = 0; i < levels; i++, o += lc)
        memcpy(o, close, lc);
    *o = '\0';
    return s;
}

TEST(hostile_depth)
{
    px_error e;
    /* deeper than the parser allows */
    char *body = nested(300, "<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>",
                        "<w:p><w:r><w:t>sâu</w:t></w:r></w:p>");
    px_doc *d = from_body(body, &e);
    CHECK(d == NULL && strstr(e.msg, "PX_LIMIT_XML_DEPTH") != NULL);
    free(body);
    /* within the parser's limit but over ours: the walk stops too */
    body = nested(20, "<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>",
                  "<w:p><w:r><w:t>sâu</w:t></w:r></w:p>");
    size_t n;
    unsigned char *z = docx_of(body, &n);
    px_docx_limits lim;
    px_docx_default_limits(&lim);
    lim.xml_depth = 16;
    CHECK(refused(z, n, &lim, "PX_LIMIT_XML_DEPTH"));
    lim.xml_depth = PX_LIMIT_XML_DEPTH;
    px_doc *ok = px_doc_new(PX_FORMAT_DOCX);
    CHECK(px_docx_extract_limited(z, n, &lim, ok, &e) == 0 && find(ok, "sâu"));
    px_doc_free(ok);
    free(z);
    free(body);
    /* nested tables 60 deep: flattened, no stack trouble */
    body = nested(60, "<w:tbl><w:tr><w:tc>", "<w:p/></w:tc></w:tr></w:tbl>",
                  "<w:p><w:r><w:t>lõi</w:t></w:r></w:p>");
    d = from_body(body, &e);
    CHECK(d && d->n_blocks == 1 && strcmp(d->blocks[0].text, "lõi") == 0);
    px_doc_free(d);
    free(body);
}

TEST(hostile_node_count)
{
    /* 200,000 empty paragraphs against a limit of 100,000 nodes (the
     * default 2M is the same code at 20x the size); the ratio check, which
     * would catch this dense file first, is relaxed to reach the count */
    size_t count = 200000, n;
    const char *head = DECL "<w:document " NS "><w:body>", *tail = "</w:body></w:document>";
    size_t hl = strlen(head), tl = strlen(tail);
    char *doc = malloc(hl + count * 6 + tl + 1), *o = doc;
    memcpy(o, head, hl);
    o += hl;
    for (size_t i = 0; i < count; i++, o += 6)
        memcpy(o, "<w:p/>", 6);
    memcpy(o, tail, tl + 1);
    static pkg k;
    pkg_init(&k, doc);
    unsigned char *z = zip_parts(k.p, k.n, &n);
    px_docx_limits lim;
    px_docx_default_limits(&lim);
    lim.ratio = 1000000;
    lim.xml_nodes = 100000;
    CHECK(refused(z, n, &lim, "xml_nodes"));
    lim.xml_nodes = 300000;
    px_doc *d = px_doc_new(PX_FORMAT_DOCX);
    px_error e;
    CHECK(px_docx_extract_limited(z, n, &lim, d, &e) == 0 && d->n_blocks == 0);
    px_doc_free(d);
    CHECK(refused(z, n, NULL, "PX_LIMIT_ZIP_RATIO"));     /* by default, caught earlier */
    free(z);
    free(doc);
}

/* ---- formats px_extract refuses by content -------------------------------------- */

TEST(refused_formats)
{
    px_error e;
    unsigned char ole[1024] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    px_doc *d = extract(ole, sizeof ole, &e);
    CHECK(d == NULL && strstr(e.msg, "OLE") != NULL);

    static const char enc[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
    memcpy(ole + 600, enc, sizeof enc - 1);
    d = extract(ole, sizeof ole, &e);
    CHECK(d == NULL && strstr(e.msg, "password") != NULL);

    static pkg k;
    k.n = 0;
    pkg_add(&k, "mimetype", "application/vnd.oasis.opendocument.text", 0, 1);
    pkg_add(&k, "content.xml", "<office:document-content/>", 0, 0);
    size_t n;
    unsigned char *z = zip_parts(k.p, k.n, &n);
    CHECK(px_detect(z, n) == PX_KIND_ODT);
    d = extract(z, n, &e);
    CHECK(d == NULL && strstr(e.msg, "OpenDocument") != NULL);
    free(z);

    /* a zip that is not Word */
    k.n = 0;
    pkg_add(&k, "readme.txt", "hello", 0, 0);
    z = zip_parts(k.p, k.n, &n);
    d = extract(z, n, &e);
    CHECK(d == NULL && strstr(e.msg, "zip") != NULL);
    free(z);

    /* a PDF and a text file named .docx go to their own extractors */
    static const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
    CHECK(px_detect((const unsigned char *)pdf, sizeof pdf - 1) == PX_KIND_PDF);
    d = extract((const unsigned char *)pdf, sizeof pdf - 1, &e);
    CHECK(d == NULL || d->format == PX_FORMAT_PDF);
    px_doc_free(d);
    static const char txt[] = "KẾ HOẠCH\nI. MỤC ĐÍCH\n";
    CHECK(px_detect((const unsigned char *)txt, sizeof txt - 1) == PX_KIND_TEXT);
    d = extract((const unsigned char *)txt, sizeof txt - 1, &e);
    CHECK(d == NULL || d->format == PX_FORMAT_TXT);
    px_doc_free(d);

    d = extract((const unsigned char *)"", 0, &e);
    CHECK(d == NULL && strstr(e.msg, "empty") != NULL);
}

/* ---- robustness: mutated files never crash ------------------------------------------ */

TEST(fuzz_mutations)
{
    static const char *names[] = {"numbering.docx", "tables.docx", "fields.docx", "notes.docx"};
    unsigned x = 2463534242u;
    int ok = 0, failed = 0;
    for (size_t f = 0; f < sizeof names / sizeof names[0]; f++) {
        char path[128];
        snprintf(path, sizeof path, FIXTURES "%s", names[f]);
        size_t n;
        unsigned char *b = slurp(path, &n);
        if (!b)
            continue;
        unsigned char *m = malloc(n);
        for (int round = 0; round < 60; round++) {
            memcpy(m, b, n);
            int flips = 1 + round % 8;
            for (int i = 0; i < flips; i++) {
                x ^= x << 13, x ^= x >> 17, x ^= x << 5;
                m[x % n] = (unsigned char)(x >> 8);
            }
            px_error e;
            px_doc *d = extract(m, n, &e);
            if (d) {
                ok++;
                for (size_t i = 0; i < d->n_blocks; i++)
                    if (!d->blocks[i].text)
                        failed++;
            }
            px_doc_free(d);
        }
        free(m);
        free(b);
    }
    CHECK_INT(failed, 0);
    CHECK(ok >= 0);
}

/* XML-level mutations: a well-zipped document whose XML is cut anywhere. */
TEST(fuzz_truncated_xml)
{
    char *doc = document_xml(
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>"
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r>"
        "<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"99999999\"/><w:vMerge/></w:tcPr>"
        "<w:p><w:r><w:t>ô</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:p>");
    size_t len = strlen(doc);
    for (size_t cut = len / 2; cut <= len; cut += 7) {
        char *c = strndup(doc, cut);
        static pkg k;
        pkg_init(&k, c);
        size_t n;
        unsigned char *z = zip_parts(k.p, k.n, &n);
        px_error e;
        px_doc *d = extract(z, n, &e);
        if (!d)
            CHECK(e.msg[0] != '\0');
        px_doc_free(d);
        free(z);
        free(c);
    }
    free(doc);
}

/* ---- threads ------------------------------------------------------------------------------ */

typedef struct job {
    const unsigned char *b;
    size_t n;
    size_t blocks;
    int bad;
} job;

static void *worker(void *arg)
{
    job *j = arg;
    for (int i = 0; i < 25; i++) {
        px_doc *d = NULL;
        px_error e;
        if (px_extract(j->b, j->n, NULL, &d, &e) != 0) {
            j->bad++;
            continue;
        }
        if (j->blocks && d->n_blocks != j->blocks)
            j->bad++;
        const px_block *b = find(d, "Mục đích");
        if (!b || !b->list_label || strcmp(b->list_label, "1.") != 0)
            j->bad++;
        px_doc_free(d);
    }
    return NULL;
}

TEST(threads)
{
    size_t n;
    unsigned char *b = slurp(FIXTURES "plan-002.docx", &n);
    if (!b) {
        harness_failed++;
        return;
    }
    px_doc *ref = NULL;
    px_error e;
    CHECK(px_extract(b, n, NULL, &ref, &e) == 0);
    size_t blocks = ref ? ref->n_blocks : 0;
    px_doc_free(ref);
    pthread_t t[4];
    job j[4];
    for (int i = 0; i < 4; i++) {
        j[i] = (job){b, n, blocks, 0};
        pthread_create(&t[i], NULL, worker, &j[i]);
    }
    int bad = 0;
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        bad += j[i].bad;
    }
    CHECK_INT(bad, 0);
    free(b);
}

int main(void)
{
    RUN(fixture_numbering);
    RUN(fixture_plan);
    RUN(fixture_tables);
    RUN(fixture_fields);
    RUN(fixture_textbox);
    RUN(fixture_notes);
    RUN(generated_basics);
    RUN(generated_numbering_edges);
    RUN(generated_notes_edges);
    RUN(generated_long_paragraph);
    RUN(hostile_entry_count);
    RUN(hostile_part_size_declared);
    RUN(hostile_ratio);
    RUN(hostile_total);
    RUN(hostile_truncated_and_not_zip);
    RUN(hostile_missing_document);
    RUN(hostile_corrupt_xml);
    RUN(hostile_xxe);
    RUN(hostile_billion_laughs);
    RUN(hostile_depth);
    RUN(hostile_node_count);
    RUN(refused_formats);
    RUN(fuzz_mutations);
    RUN(fuzz_truncated_xml);
    RUN(threads);
    HARNESS_END();
}
