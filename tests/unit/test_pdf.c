/* test_pdf.c: the PDF extractor reads plans the way a person does.
 *
 * The PDFs are made at run time: a small typesetter over cairo's PDF surface
 * lays out a plan the way Word does (Decree 30 header block, justified
 * paragraphs with a first-line indent, page numbers at the top, a footnote,
 * a signature block, an appendix task table), and a few hand-written PDF
 * files cover legacy fonts and broken input.  Set PX_TEST_KEEP=DIR to keep
 * the generated files for a look. */
#include <cairo-pdf.h>
#include <cairo.h>
#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "extract.h"
#include "harness.h"

/* --- small helpers -------------------------------------------------------- */

static char tmpdir[256];

static void make_tmpdir(void)
{
    const char *keep = getenv("PX_TEST_KEEP");
    if (keep) {
        snprintf(tmpdir, sizeof tmpdir, "%s", keep);
        mkdir(tmpdir, 0755);
        return;
    }
    snprintf(tmpdir, sizeof tmpdir, "/tmp/px_test_pdf_XXXXXX");
    if (!mkdtemp(tmpdir))
        snprintf(tmpdir, sizeof tmpdir, "/tmp");
}

static void remove_tmpdir(void)
{
    if (getenv("PX_TEST_KEEP") || !strcmp(tmpdir, "/tmp"))
        return;
    DIR *d = opendir(tmpdir);
    if (d) {
        struct dirent *e;
        char path[512];
        while ((e = readdir(d)))
            if (e->d_name[0] != '.') {
                snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
                unlink(path);
            }
        closedir(d);
    }
    rmdir(tmpdir);
}

static const char *tmp_path(const char *name)
{
    static char buf[4][512];
    static int i;
    i = (i + 1) % 4;
    snprintf(buf[i], sizeof buf[i], "%s/%s", tmpdir, name);
    return buf[i];
}

static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    unsigned char *b = malloc(n > 0 ? (size_t)n : 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return b;
}

static int write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t w = fwrite(data, 1, len, f);
    fclose(f);
    return w == len ? 0 : -1;
}

/* Extracts a PDF file; *err gets the message when it fails. */
static px_doc *extract_file(const char *path, int ocr, int max_pages, px_error *err)
{
    size_t len;
    unsigned char *b = read_file(path, &len);
    memset(err, 0, sizeof *err);
    if (!b) {
        snprintf(err->msg, sizeof err->msg, "cannot read %s", path);
        return NULL;
    }
    px_doc *doc = px_doc_new(PX_FORMAT_PDF);
    px_extract_options opt = {.ocr = ocr, .max_pages = max_pages};
    int rc = px_extract_pdf(b, len, &opt, doc, err);
    free(b);
    if (rc != 0) {
        px_doc_free(doc);
        return NULL;
    }
    return doc;
}

static const px_block *find_block(const px_doc *d, const char *text)
{
    for (size_t i = 0; d && i < d->n_blocks; i++)
        if (!strcmp(d->blocks[i].text, text))
            return &d->blocks[i];
    return NULL;
}

static long block_index(const px_doc *d, const char *text)
{
    const px_block *b = find_block(d, text);
    return b ? (long)(b - d->blocks) : -1;
}

static const px_block *find_containing(const px_doc *d, const char *needle)
{
    for (size_t i = 0; d && i < d->n_blocks; i++)
        if (strstr(d->blocks[i].text, needle))
            return &d->blocks[i];
    return NULL;
}

static void dump_blocks(const px_doc *d)
{
    static const char *kinds[] = {"LINE", "PARA", "HEADING", "CELL", "NOTE", "MARGIN"};
    for (size_t i = 0; d && i < d->n_blocks; i++) {
        const px_block *b = &d->blocks[i];
        printf("  [%s p%d b%d %.1fpt", kinds[b->kind], b->page, b->bold, b->font_size);
        if (b->table >= 0)
            printf(" t%d r%d c%d", b->table, b->row, b->col);
        printf("] %s\n", b->text);
    }
}

/* --- a small typesetter --------------------------------------------------- */

enum { A4_W = 595, A4_H = 842 };
#define LEFT 85.0
#define RIGHT 538.0
#define TOP 57.0
#define BOTTOM 735.0   /* room for footnotes below */
#define FONT "DejaVu Serif Condensed"

typedef struct ts {
    cairo_surface_t *surf;
    cairo_t *cr;
    double y;            /* baseline of the next line */
    int page;
    int page_numbers;    /* "2", "3" at the top from page 2 on */
    const char *footer;  /* running footer on every page */
    int notes_on_page;
    int split_paras;     /* paragraphs the typesetter broke over a page */
    char split_text[4][1024];
} ts;

static void ts_font(ts *t, int bold, int italic, double size)
{
    cairo_select_font_face(t->cr, FONT, italic ? CAIRO_FONT_SLANT_ITALIC : CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(t->cr, size);
}

static double ts_width(ts *t, const char *s)
{
    cairo_text_extents_t e;
    cairo_text_extents(t->cr, s, &e);
    return e.x_advance;
}

static void ts_text(ts *t, double x, double y, const char *s)
{
    cairo_move_to(t->cr, x, y);
    cairo_show_text(t->cr, s);
}

static void ts_page_furniture(ts *t)
{
    if (t->page_numbers && t->page > 1) {
        char num[16];
        snprintf(num, sizeof num, "%d", t->page);
        ts_font(t, 0, 0, 12);
        ts_text(t, (A4_W - ts_width(t, num)) / 2, 35, num);
    }
    if (t->footer) {
        ts_font(t, 0, 1, 9);
        ts_text(t, LEFT, 815, t->footer);
    }
}

static void ts_begin(ts *t, const char *path)
{
    memset(t, 0, sizeof *t);
    t->surf = cairo_pdf_surface_create(path, A4_W, A4_H);
    t->cr = cairo_create(t->surf);
    t->page = 1;
    t->y = TOP + 12;
}

static void ts_newpage(ts *t)
{
    cairo_show_page(t->cr);
    t->page++;
    t->notes_on_page = 0;
    t->y = TOP + 13;
    ts_page_furniture(t);
}

static void ts_end(ts *t)
{
    cairo_show_page(t->cr);
    cairo_destroy(t->cr);
    cairo_surface_finish(t->surf);
    cairo_surface_destroy(t->surf);
}

/* Draws a word; "tốt^1." draws "tốt", a raised small "1", then ".". */
static double ts_word(ts *t, double x, double y, const char *w, int draw, double size)
{
    const char *caret = strchr(w, '^');
    if (!caret) {
        if (draw)
            ts_text(t, x, y, w);
        return ts_width(t, w);
    }
    char head[256], mark[8];
    size_t h = (size_t)(caret - w);
    memcpy(head, w, h);
    head[h] = '\0';
    size_t m = 0;
    const char *p = caret + 1;
    while (*p >= '0' && *p <= '9' && m < sizeof mark - 1)
        mark[m++] = *p++;
    mark[m] = '\0';
    double adv = ts_width(t, head);
    if (draw)
        ts_text(t, x, y, head);
    cairo_set_font_size(t->cr, size * 0.6);
    if (draw)
        ts_text(t, x + adv, y - size * 0.35, mark);
    adv += ts_width(t, mark);
    cairo_set_font_size(t->cr, size);
    if (draw)
        ts_text(t, x + adv, y, p);
    return adv + ts_width(t, p);
}

/* A justified paragraph with a first-line indent. */
static void ts_para(ts *t, const char *text, double indent, int bold, double size)
{
    ts_font(t, bold, 0, size);
    double pitch = size * 1.38, space = ts_width(t, " ");
    char *copy = strdup(text);
    char *words[512];
    int n = 0;
    for (char *tok = strtok(copy, " "); tok && n < 512; tok = strtok(NULL, " "))
        words[n++] = tok;
    int i = 0, first = 1, start_page = t->page;
    while (i < n) {
        double x0 = LEFT + (first ? indent : 0), avail = RIGHT - x0;
        int j = i;
        double w = 0;
        while (j < n) {
            double ww = ts_word(t, 0, 0, words[j], 0, size);
            if (j > i && w + space + ww > avail)
                break;
            w += (j > i ? space : 0) + ww;
            j++;
        }
        if (t->y > BOTTOM) {
            ts_newpage(t);
            ts_font(t, bold, 0, size);
        }
        int last = j == n;
        double gap = space;
        if (!last && j - i > 1)
            gap = space + (avail - w) / (j - i - 1);
        double x = x0;
        for (int k = i; k < j; k++) {
            x += ts_word(t, x, t->y, words[k], 1, size);
            x += gap;
        }
        t->y += pitch;
        i = j;
        first = 0;
    }
    if (t->page != start_page && t->split_paras < 4)
        snprintf(t->split_text[t->split_paras++], sizeof t->split_text[0], "%s", text);
    t->y += 4;
    free(copy);
}

static void ts_center(ts *t, const char *text, int bold, double size)
{
    ts_font(t, bold, 0, size);
    ts_text(t, LEFT + (RIGHT - LEFT - ts_width(t, text)) / 2, t->y, text);
    t->y += size * 1.38;
}

static void ts_note(ts *t, const char *mark, const char *text)
{
    double y = BOTTOM + 30 + 13 * t->notes_on_page++;
    ts_font(t, 0, 0, 7);
    ts_text(t, LEFT, y - 4, mark);
    double x = LEFT + ts_width(t, mark) + 1;
    ts_font(t, 0, 0, 10);
    ts_text(t, x, y, text);
}

/* Two columns side by side, each line centred in its column (right) or at
 * the margin (left_aligned). */
static void ts_columns(ts *t, const char *const *left, const int *lbold, const char *const *right,
                       const int *rbold, int rows, int left_aligned, double lsize)
{
    const double lc = 165, rc = 395;
    for (int r = 0; r < rows; r++) {
        if (left[r] && *left[r]) {
            ts_font(t, lbold[r], lbold[r] == 2, lsize);
            double w = ts_width(t, left[r]);
            ts_text(t, left_aligned ? LEFT : lc - w / 2, t->y, left[r]);
        }
        if (right[r] && *right[r]) {
            ts_font(t, rbold[r], 0, 12.5);
            ts_text(t, rc - ts_width(t, right[r]) / 2, t->y, right[r]);
        }
        t->y += 12.5 * 1.38;
    }
}

/* Wraps text into a cell width; returns the number of lines, fills lines. */
static int ts_wrap(ts *t, const char *text, double width, char lines[][256], int max)
{
    char *copy = strdup(text);
    int n = 0;
    lines[0][0] = '\0';
    for (char *tok = strtok(copy, " "); tok; tok = strtok(NULL, " ")) {
        char trial[520];
        if (strlen(lines[n]) + strlen(tok) + 2 > 255)
            break;
        snprintf(trial, sizeof trial, "%s%s%s", lines[n], lines[n][0] ? " " : "", tok);
        if (lines[n][0] && ts_width(t, trial) > width && n + 1 < max) {
            n++;
            snprintf(lines[n], 256, "%s", tok);
        } else {
            snprintf(lines[n], 256, "%.255s", trial);
        }
    }
    free(copy);
    return n + 1;
}

/* A ruled table; row 0 bold.  cells[r][c]. */
static void ts_table(ts *t, int ncols, const double *widths, const char *const cells[][5], int nrows)
{
    double size = 12, pitch = size * 1.3;
    for (int r = 0; r < nrows; r++) {
        char lines[5][8][256];
        int nl[5], maxl = 1;
        ts_font(t, r == 0, 0, size);
        for (int c = 0; c < ncols; c++) {
            nl[c] = ts_wrap(t, cells[r][c], widths[c] - 10, lines[c], 8);
            if (nl[c] > maxl)
                maxl = nl[c];
        }
        double h = maxl * pitch + 6;
        if (t->y + h > BOTTOM + 20) {
            ts_newpage(t);
            ts_font(t, r == 0, 0, size);
        }
        double top = t->y - size, x = LEFT;
        for (int c = 0; c < ncols; c++) {
            for (int k = 0; k < nl[c]; k++) {
                double lw = ts_width(t, lines[c][k]);
                double lx = c == 0 ? x + (widths[c] - lw) / 2 : x + 5;
                ts_text(t, lx, t->y + k * pitch, lines[c][k]);
            }
            cairo_rectangle(t->cr, x, top - 3, widths[c], h);
            x += widths[c];
        }
        cairo_set_line_width(t->cr, 0.5);
        cairo_stroke(t->cr);
        t->y += h;
    }
}

/* --- the plan ------------------------------------------------------------- */

static const char *const intro =
    "Thực hiện Kế hoạch số 1331/KH-UBND ngày 31/3/2025 của Ủy ban nhân dân tỉnh Lai Châu về việc cải "
    "thiện, nâng cao Chỉ số hiệu quả quản trị và Hành chính công (PAPI) của tỉnh Lai Châu năm 2025; Văn "
    "phòng UBND tỉnh xây dựng kế hoạch thực hiện như sau:";
static const char *const para_a =
    "a) Nâng cao hiệu quả hoạt động của các cấp chính quyền trên địa bàn tỉnh, đặc biệt là cấp cơ sở; "
    "phấn đấu chỉ số PAPI của tỉnh Lai Châu được duy trì, giữ vững và cải thiện thứ hạng trong năm 2025, "
    "tăng ít nhất 01 bậc so với năm 2024, đặc biệt là tập trung đề ra các giải pháp khắc phục các chỉ số "
    "bị tụt hạng, giảm điểm trong năm 2024.";
static const char *const para_b_src =
    "b) Nâng cao nhận thức, trách nhiệm của cấp ủy, lãnh đạo Văn phòng; của mỗi cán bộ, công chức, viên "
    "chức trong quá trình xây dựng, giám sát việc thực thi chính sách thông qua các nội dung xác định chỉ "
    "số PAPI và thực hiện tốt^1. các quy định của Chính phủ;";
static const char *const para_b =
    "b) Nâng cao nhận thức, trách nhiệm của cấp ủy, lãnh đạo Văn phòng; của mỗi cán bộ, công chức, viên "
    "chức trong quá trình xây dựng, giám sát việc thực thi chính sách thông qua các nội dung xác định chỉ "
    "số PAPI và thực hiện tốt. các quy định của Chính phủ;";
static const char *const footnote = "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ.";
static const char *const para_c =
    "c) Phát huy sự tham gia của CCVCNLD vào quá trình xây dựng, thực thi và giám sát việc thực thi chính "
    "sách; thực hiện có hiệu quả, hoàn thành thắng lợi các mục tiêu, nhiệm vụ kế hoạch phát triển kinh tế "
    "- xã hội, công tác cải cách hành chính hằng năm của tỉnh theo Nghị quyết của Ban chấp hành Đảng bộ "
    "tỉnh, Nghị quyết của Hội đồng nhân dân tỉnh, Ủy ban nhân dân tỉnh đề ra.";
static const char *const para_long =
    "Đẩy mạnh việc công khai minh bạch, đầy đủ, kịp thời các thông tin, số liệu thuộc phạm vi quản lý "
    "trên Trang thông tin điện tử Văn phòng và Cổng Thông tin điện tử tỉnh để CCVCNLD và Nhân dân thuận "
    "lợi trong việc tra cứu và sử dụng thông tin theo quy định; công khai số điện thoại; hộp thư điện tử "
    "của cơ quan. Thực hiện tốt các công tác tham mưu UBND tỉnh tiếp xúc cử tri, trực tiếp đối thoại với "
    "nhân dân để lấy ý kiến tham gia vào chủ trương, chính sách của Đảng, pháp luật nhà nước tại địa "
    "phương. Kịp thời tiếp nhận, xử lý và phản hồi các phản ánh, kiến nghị của cá nhân, tổ chức theo quy "
    "định. Thường xuyên cử công chức tham gia lớp tập huấn về chuyên môn nghiệp vụ trong tiếp nhận, xử "
    "lý, giải quyết các phản ánh, kiến nghị, khiếu nại, tố cáo.";
static const char *const lead = "Đơn vị chủ trì: Trung tâm Tin học và Công báo, Ban Tiếp Công dân.";
static const char *const coop = "Đơn vị phối hợp: Các phòng, ban, trung tâm liên quan.";
static const char *const when = "Thời gian thực hiện: Thường xuyên.";
static const char *const bullet1 =
    "- Kế hoạch được triển khai tại cơ quan Văn phòng gắn với việc thực hiện nhiệm vụ của các phòng, "
    "ban, trung tâm; xác định cải thiện chỉ số PAPI là nhiệm vụ thường xuyên, liên tục của cơ quan.";
/* A hard-wrapped line of this one starts with "2030." at the margin: it is
 * the sentence going on, not a new item (ANNOTATION.md). */
static const char *const bullet2 =
    "- Trong quá trình triển khai thực hiện các phòng, ban, trung tâm trực thuộc cần bám sát kế hoạch "
    "của cơ quan, chỉ đạo cụ thể; tăng cường công tác kiểm tra, đôn đốc, thường xuyên nắm bắt đến năm "
    "2030. Kịp thời phát hiện, đề xuất bổ sung những giải pháp mới nhằm thực hiện có hiệu quả các nhiệm "
    "vụ đã đề ra.";

static const char *const table_cells[][5] = {
    {"STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"},
    {"1", "Công khai, minh bạch các thông tin, số liệu thuộc phạm vi quản lý trên Cổng Thông tin điện tử tỉnh",
     "Trung tâm Tin học và Công báo", "Các phòng, ban liên quan", "Thường xuyên"},
    {"2", "Tiếp nhận, xử lý và phản hồi các phản ánh, kiến nghị của cá nhân, tổ chức", "Ban Tiếp Công dân",
     "Phòng Hành chính - Tổ chức", "Quý II/2025"},
    {"3", "Tổ chức tập huấn chuyên môn nghiệp vụ cho công chức", "Phòng Hành chính - Tổ chức", "Các phòng, ban",
     "Tháng 6/2025"},
};

static ts plan_ts;

static void make_plan(const char *path)
{
    ts *t = &plan_ts;
    ts_begin(t, path);
    t->page_numbers = 1;
    t->footer = "Kế hoạch số 326/KH-VPUBND - Văn phòng UBND tỉnh Lai Châu";
    ts_page_furniture(t);
    static const char *const hl[] = {"UBND TỈNH LAI CHÂU", "VĂN PHÒNG", "Số: 326/KH-VPUBND"};
    static const int hlb[] = {0, 1, 0};
    static const char *const hr[] = {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                                     "Lai Châu, ngày 08 tháng 4 năm 2025"};
    static const int hrb[] = {1, 1, 0};
    ts_columns(t, hl, hlb, hr, hrb, 3, 0, 12.5);
    t->y += 20;
    ts_center(t, "KẾ HOẠCH", 1, 14);
    ts_center(t, "Cải thiện, nâng cao Chỉ số hiệu quả quản trị", 1, 14);
    ts_center(t, "và hành chính công (PAPI) của tỉnh Lai Châu năm 2025", 1, 14);
    t->y += 12;
    ts_para(t, intro, 36, 0, 13);
    ts_para(t, "I. MỤC ĐÍCH, YÊU CẦU", 36, 1, 13);
    ts_para(t, "1. Mục đích", 36, 1, 13);
    ts_para(t, para_a, 36, 0, 13);
    ts_para(t, para_b_src, 36, 0, 13);
    ts_note(t, "1", footnote);
    ts_para(t, para_c, 36, 0, 13);
    ts_para(t, "2. Yêu cầu", 36, 1, 13);
    ts_para(t, bullet1, 36, 0, 13);
    ts_para(t, bullet2, 36, 0, 13);
    ts_para(t, "II. NỘI DUNG THỰC HIỆN", 36, 1, 13);
    ts_para(t, "1.1. Chỉ số nội dung “Công khai, minh bạch”", 36, 1, 13);
    ts_para(t, para_long, 36, 0, 13);
    ts_para(t, lead, 36, 0, 13);
    ts_para(t, coop, 36, 0, 13);
    ts_para(t, when, 36, 0, 13);
    ts_para(t, para_long, 36, 0, 13);
    ts_para(t, para_a, 36, 0, 13);
    ts_para(t, para_c, 36, 0, 13);
    t->y += 10;
    static const char *const sl[] = {"Nơi nhận:", "- Như trên;", "- Lưu: VT, TH."};
    static const int slb[] = {2, 0, 0};
    static const char *const sr[] = {"KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", ""};
    static const int srb[] = {1, 1, 0};
    ts_columns(t, sl, slb, sr, srb, 3, 1, 11);
    t->y += 50;
    static const char *const nl[] = {""}, *const nr[] = {"Nguyễn Văn An"};
    static const int nb[] = {1};
    ts_columns(t, nl, nb, nr, nb, 1, 1, 11);
    ts_newpage(t);
    ts_center(t, "PHỤ LỤC", 1, 13);
    ts_center(t, "Nhiệm vụ cụ thể năm 2025", 0, 13);
    t->y += 10;
    static const double widths[] = {38, 170, 95, 95, 55};
    ts_table(t, 5, widths, table_cells, 4);
    ts_end(t);
}

static px_doc *plan_doc;

TEST(plan_paragraphs_are_joined_from_geometry)
{
    const char *const paras[] = {intro, para_a, para_c, para_long, lead, coop, when, bullet1, bullet2};
    for (size_t i = 0; i < sizeof paras / sizeof *paras; i++) {
        const px_block *b = find_block(plan_doc, paras[i]);
        CHECK(b != NULL);
        if (!b)
            printf("  missing paragraph: %.60s...\n", paras[i]);
        else
            CHECK_INT(b->kind, PX_BLOCK_PARA);
    }
    const px_block *b = find_block(plan_doc, intro);
    if (b) {
        CHECK_INT(b->page, 1);
        CHECK_INT(b->bold, 0);
        CHECK(fabs(b->font_size - 13) < 0.6);
        CHECK(fabs(b->indent - 36) < 3);
    }
    /* "2030." opens a printed line but is not a new list item */
    CHECK(find_block(plan_doc, "2030.") == NULL);
}

TEST(paragraph_over_a_page_break_is_one_block)
{
    CHECK(plan_ts.split_paras >= 1);
    for (int i = 0; i < plan_ts.split_paras; i++) {
        const char *want = plan_ts.split_text[i];
        const px_block *b = find_block(plan_doc, want);
        CHECK(b != NULL);
        if (!b)
            printf("  split paragraph not joined: %.70s...\n", want);
    }
}

TEST(page_numbers_are_not_body_text)
{
    int margins = 0;
    for (size_t i = 0; i < plan_doc->n_blocks; i++) {
        const px_block *b = &plan_doc->blocks[i];
        if (b->kind != PX_BLOCK_CELL && (!strcmp(b->text, "2") || !strcmp(b->text, "3"))) {
            CHECK_INT(b->kind, PX_BLOCK_MARGIN);
            margins++;
        }
        if (b->kind == PX_BLOCK_PARA || b->kind == PX_BLOCK_HEADING) {
            /* no paragraph starts or ends with a stray page number */
            size_t n = strlen(b->text);
            CHECK(!(n > 2 && b->text[n - 1] >= '0' && b->text[n - 1] <= '9' && b->text[n - 2] == ' ' &&
                    strstr(b->text, "năm") == NULL && strstr(b->text, "số") == NULL));
        }
    }
    CHECK(margins >= 2);
    /* the running footer of every page is kept apart, never in the body */
    int footers = 0;
    for (size_t i = 0; i < plan_doc->n_blocks; i++) {
        const px_block *b = &plan_doc->blocks[i];
        if (strstr(b->text, "Văn phòng UBND tỉnh Lai Châu")) {
            CHECK_INT(b->kind, PX_BLOCK_MARGIN);
            footers++;
        }
    }
    CHECK_INT(footers, plan_ts.page);
}

TEST(header_block_parts_are_whole_and_in_order)
{
    static const char *const order[] = {
        "UBND TỈNH LAI CHÂU", "VĂN PHÒNG", "Số: 326/KH-VPUBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Lai Châu, ngày 08 tháng 4 năm 2025", "KẾ HOẠCH",
    };
    long prev = -1;
    for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
        long at = block_index(plan_doc, order[i]);
        CHECK(at > prev);
        if (at <= prev)
            printf("  header part out of place: %s (%ld after %ld)\n", order[i], at, prev);
        prev = at;
    }
    const px_block *k = find_block(plan_doc, "KẾ HOẠCH");
    if (k) {
        CHECK_INT(k->kind, PX_BLOCK_HEADING);
        CHECK_INT(k->bold, 1);
    }
    CHECK(find_block(plan_doc, "Cải thiện, nâng cao Chỉ số hiệu quả quản trị và hành chính công (PAPI) "
                               "của tỉnh Lai Châu năm 2025") != NULL);
    CHECK(find_block(plan_doc, "VĂN PHÒNG")->bold == 1);
}

TEST(headings_and_list_items_are_their_own_blocks)
{
    const px_block *h = find_block(plan_doc, "I. MỤC ĐÍCH, YÊU CẦU");
    CHECK(h != NULL);
    if (h) {
        CHECK_INT(h->kind, PX_BLOCK_HEADING);
        CHECK_INT(h->bold, 1);
    }
    CHECK(find_block(plan_doc, "1. Mục đích") != NULL);
    CHECK(find_block(plan_doc, "2. Yêu cầu") != NULL);
    CHECK(find_block(plan_doc, "1.1. Chỉ số nội dung “Công khai, minh bạch”") != NULL);
}

TEST(footnote_mark_dropped_and_note_kept_apart)
{
    const px_block *b = find_block(plan_doc, para_b);
    CHECK(b != NULL);
    CHECK(find_containing(plan_doc, "tốt1") == NULL);
    const px_block *n = find_containing(plan_doc, "Nghị quyết số 76/NQ-CP");
    CHECK(n != NULL);
    if (n) {
        CHECK_INT(n->kind, PX_BLOCK_NOTE);
        CHECK_STR(n->text, footnote);
        CHECK_STR(n->list_label, "1");
    }
}

TEST(signature_block_parts_in_order)
{
    static const char *const order[] = {"Nơi nhận:", "- Như trên;", "- Lưu: VT, TH.", "KT. CHÁNH VĂN PHÒNG",
                                        "PHÓ CHÁNH VĂN PHÒNG", "Nguyễn Văn An"};
    long prev = -1;
    for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
        long at = block_index(plan_doc, order[i]);
        CHECK(at > prev);
        if (at <= prev)
            printf("  signature part out of place: %s (%ld after %ld)\n", order[i], at, prev);
        prev = at;
    }
}

TEST(appendix_table_gives_cells)
{
    const px_block *p = find_block(plan_doc, "PHỤ LỤC");
    CHECK(p != NULL);
    if (p)
        CHECK_INT(p->page_break_before, 1);
    int cells = 0, table = -1, max_row = -1;
    for (size_t i = 0; i < plan_doc->n_blocks; i++) {
        const px_block *b = &plan_doc->blocks[i];
        if (b->kind != PX_BLOCK_CELL)
            continue;
        cells++;
        table = b->table;
        if (b->row > max_row)
            max_row = b->row;
        if (b->row >= 0 && b->row < 4 && b->col >= 0 && b->col < 5) {
            CHECK_STR(b->text, table_cells[b->row][b->col]);
        } else {
            CHECK(0 && "cell out of the table");
        }
    }
    CHECK_INT(cells, 20);
    CHECK_INT(max_row, 3);
    CHECK_INT(table, 0);
}

/* A task table whose second row Word broke over a page: the header row is
 * printed again at the top of the next page, and the row goes on there
 * with its number cell empty.  The two parts are one row (x1's appendix
 * gave `Sở Tư` and `pháp` as two leads). */
static const char *const broken_page1[][5] = {
    {"STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"},
    {"1", "Rà soát thủ tục hành chính thuộc thẩm quyền", "Văn phòng UBND tỉnh", "Các sở, ngành", "Quý II/2026"},
    {"2", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật", "Sở Tư", "Các sở, ban,", "Trước ngày"},
};
static const char *const broken_page2[][5] = {
    {"STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"},
    {"", "do HĐND, UBND tỉnh ban hành", "pháp", "ngành", "30/9/2026"},
    {"3", "Kiểm tra công tác cải cách hành chính", "Sở Nội vụ", "Thanh tra tỉnh", "Tháng 10/2026"},
};

TEST(table_row_broken_by_a_page_break)
{
    ts t;
    ts_begin(&t, tmp_path("broken.pdf"));
    ts_center(&t, "PHỤ LỤC", 1, 13);
    t.y += 10;
    static const double widths[] = {38, 170, 95, 95, 55};
    ts_table(&t, 5, widths, broken_page1, 3);
    ts_newpage(&t);
    ts_table(&t, 5, widths, broken_page2, 3);
    /* a heading right under the table, within its first column (m3) */
    t.y += 14;
    ts_para(&t, "b) Mục tiêu", 0, 1, 12);
    ts_end(&t);
    px_error err;
    px_doc *d = extract_file(tmp_path("broken.pdf"), 0, 0, &err);
    CHECK(d != NULL);
    if (!d)
        return;
    const char *lead2 = NULL, *when2 = NULL, *task2 = NULL;
    int max_row = -1, headers = 0;
    for (size_t i = 0; i < d->n_blocks; i++) {
        const px_block *b = &d->blocks[i];
        if (b->kind != PX_BLOCK_CELL)
            continue;
        if (b->row > max_row)
            max_row = b->row;
        headers += strcmp(b->text, "Đơn vị chủ trì") == 0;
        if (b->row == 2 && b->col == 1)
            task2 = b->text;
        if (b->row == 2 && b->col == 2)
            lead2 = b->text;
        if (b->row == 2 && b->col == 4)
            when2 = b->text;
    }
    CHECK_INT(max_row, 3);
    CHECK_INT(headers, 1);
    CHECK_STR(task2, "Rà soát, hệ thống hóa văn bản quy phạm pháp luật do HĐND, UBND tỉnh ban hành");
    CHECK_STR(lead2, "Sở Tư pháp");
    CHECK_STR(when2, "Trước ngày 30/9/2026");
    const px_block *h = find_block(d, "b) Mục tiêu");
    CHECK(h != NULL && h->kind != PX_BLOCK_CELL);
    px_doc_free(d);
}

/* --- a scanned page ------------------------------------------------------- */

static const char *const scan_para =
    "Kịp thời tiếp nhận, xử lý và phản hồi các phản ánh, kiến nghị của cá nhân, tổ chức theo quy định. "
    "Thường xuyên cử công chức tham gia lớp tập huấn về chuyên môn nghiệp vụ trong tiếp nhận, xử lý, giải "
    "quyết các phản ánh, kiến nghị, khiếu nại, tố cáo của công dân trên địa bàn tỉnh.";

/* Page 1 has a text layer; page 2 is a 300 dpi picture of text. */
static void make_mixed(const char *path)
{
    ts t;
    ts_begin(&t, path);
    ts_para(&t, "I. MỤC ĐÍCH, YÊU CẦU", 36, 1, 13);
    ts_para(&t, para_a, 36, 0, 13);
    cairo_show_page(t.cr);
    double k = 300.0 / 72;
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)(A4_W * k), (int)(A4_H * k));
    cairo_t *pdf_cr = t.cr;
    t.cr = cairo_create(img);
    cairo_set_source_rgb(t.cr, 1, 1, 1);
    cairo_paint(t.cr);
    cairo_set_source_rgb(t.cr, 0, 0, 0);
    cairo_scale(t.cr, k, k);
    t.y = TOP + 13;
    ts_para(&t, "1. Yêu cầu", 36, 1, 13);
    ts_para(&t, scan_para, 36, 0, 13);
    cairo_destroy(t.cr);
    t.cr = pdf_cr;
    cairo_save(t.cr);
    cairo_scale(t.cr, 1 / k, 1 / k);
    cairo_set_source_surface(t.cr, img, 0, 0);
    cairo_paint(t.cr);
    cairo_restore(t.cr);
    cairo_surface_destroy(img);
    /* a page number stamped on the scan as text: the picture still counts */
    cairo_set_source_rgb(t.cr, 0, 0, 0);
    ts_font(&t, 0, 0, 12);
    ts_text(&t, 293, 35, "2");
    ts_end(&t);
}

#ifdef PX_HAVE_OCR
/* Share of the wanted words found, in order, in got. */
static double word_recall(const char *want, const char *got)
{
    char *w = strdup(want);
    int total = 0, found = 0;
    const char *pos = got;
    for (char *tok = strtok(w, " "); tok; tok = strtok(NULL, " ")) {
        total++;
        const char *at = strstr(pos, tok);
        if (at) {
            found++;
            pos = at + strlen(tok);
        }
    }
    free(w);
    return total ? (double)found / total : 0;
}
#endif

TEST(scanned_page_goes_through_ocr)
{
    const char *path = tmp_path("mixed.pdf");
    make_mixed(path);
    px_error err;
    px_doc *d = extract_file(path, 1, 0, &err);
#ifdef PX_HAVE_OCR
    CHECK(d != NULL);
    if (!d) {
        printf("  error: %s\n", err.msg);
        return;
    }
    CHECK(find_block(d, para_a) != NULL); /* page 1, text layer */
    const px_block *best = NULL;
    double recall = 0;
    for (size_t i = 0; i < d->n_blocks; i++)
        if (d->blocks[i].page == 2) {
            double r = word_recall(scan_para, d->blocks[i].text);
            if (r > recall)
                recall = r, best = &d->blocks[i];
        }
    /* one block for the whole OCR'd paragraph, nearly every word read */
    CHECK(recall >= 0.85);
    if (recall < 0.85) {
        printf("  OCR recall %.2f\n", recall);
        dump_blocks(d);
    }
    if (best)
        CHECK_INT(best->kind, PX_BLOCK_PARA);
    CHECK(find_containing(d, "Yêu cầu") != NULL);
    int warned = 0;
    for (size_t i = 0; i < d->n_warnings; i++)
        warned += strstr(d->warnings[i], "page 2") != NULL;
    CHECK(warned == 1);
    px_doc_free(d);
#else
    /* Without Tesseract the text page is read and the scan is named. */
    CHECK(d != NULL);
    int warned = 0;
    for (size_t i = 0; d && i < d->n_warnings; i++)
        warned += strstr(d->warnings[i], "without OCR") != NULL && strstr(d->warnings[i], "page 2") != NULL;
    CHECK(warned == 1);
    px_doc_free(d);
#endif
    /* OCR off: the scanned page is named in a warning, the rest is read */
    d = extract_file(path, 0, 0, &err);
    CHECK(d != NULL);
    if (d) {
        CHECK(find_block(d, para_a) != NULL);
        CHECK(d->n_warnings == 1 && strstr(d->warnings[0], "page 2"));
    }
    px_doc_free(d);
}

/* --- hand-written PDFs ---------------------------------------------------- */

/* Writes a PDF whose pages show the given content streams with two simple
 * fonts F1, F2 of the given names (not embedded, WinAnsiEncoding). */
static void write_raw_pdf(const char *path, const char *font1, const char *font2, const char *const *contents,
                          int n_pages)
{
    char *out = malloc(65536);
    size_t len = 0, offs[64];
    int obj = 0;
#define OBJ(...) do { offs[++obj] = len; len += (size_t)sprintf(out + len, "%d 0 obj\n", obj); \
                      len += (size_t)sprintf(out + len, __VA_ARGS__); len += (size_t)sprintf(out + len, "\nendobj\n"); } while (0)
    len += (size_t)sprintf(out + len, "%%PDF-1.4\n");
    OBJ("<< /Type /Catalog /Pages 2 0 R >>");
    char kids[512] = "";
    for (int i = 0; i < n_pages; i++)
        sprintf(kids + strlen(kids), "%d 0 R ", 5 + 2 * i);
    OBJ("<< /Type /Pages /Kids [%s] /Count %d >>", kids, n_pages);
    OBJ("<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>", font1);
    OBJ("<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>", font2);
    for (int i = 0; i < n_pages; i++) {
        OBJ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R /F2 4 0 R "
            ">> >> /Contents %d 0 R >>",
            6 + 2 * i);
        OBJ("<< /Length %zu >>\nstream\n%s\nendstream", strlen(contents[i]), contents[i]);
    }
    size_t xref = len;
    len += (size_t)sprintf(out + len, "xref\n0 %d\n0000000000 65535 f \n", obj + 1);
    for (int i = 1; i <= obj; i++)
        len += (size_t)sprintf(out + len, "%010zu 00000 n \n", offs[i]);
    len += (size_t)sprintf(out + len, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", obj + 1, xref);
#undef OBJ
    write_file(path, out, len);
    free(out);
}

/* UTF-8 in, Latin-1 out: the bytes a legacy font's text is stored as. */
static void latin1(char *dst, const char *utf8)
{
    const unsigned char *s = (const unsigned char *)utf8;
    while (*s) {
        if (*s < 0x80)
            *dst++ = (char)*s++;
        else {
            *dst++ = (char)(((s[0] & 0x1F) << 6) | (s[1] & 0x3F));
            s += 2;
        }
    }
    *dst = '\0';
}

TEST(tcvn3_fonts_are_converted)
{
    char l1[256], l2[256], c1[1024];
    /* "Thực hiện nước ưu tiên KH-UBND" typed in .VnTime; 0xAD (ư) reaches
     * poppler as a hyphen. */
    latin1(l1, "Thùc hiÖn n\xc2\xadíc \xc2\xadu tiªn KH-UBND");
    latin1(l2, "kÕ ho¹ch");
    snprintf(c1, sizeof c1, "BT /F1 13 Tf 72 700 Td (%s) Tj ET BT /F2 14 Tf 72 650 Td (%s) Tj ET", l1, l2);
    const char *contents[] = {c1};
    const char *path = tmp_path("tcvn3.pdf");
    write_raw_pdf(path, ".VnTime", ".VnTimeH", contents, 1);
    px_error err;
    px_doc *d = extract_file(path, 1, 0, &err);
    CHECK(d != NULL);
    CHECK(find_block(d, "Thực hiện nước ưu tiên KH-UBND") != NULL);
    CHECK(find_block(d, "KẾ HOẠCH") != NULL);
    if (d && !find_block(d, "KẾ HOẠCH"))
        dump_blocks(d);
    px_doc_free(d);

    /* No telling font name: the characters give TCVN3 away. */
    char l3[256];
    latin1(l3, "c¶i c¸ch hµnh chÝnh vµ n©ng cao chØ sè hiÖu qu¶ qu¶n trÞ");
    snprintf(c1, sizeof c1, "BT /F1 13 Tf 72 700 Td (%s) Tj ET", l3);
    path = tmp_path("tcvn3-noname.pdf");
    write_raw_pdf(path, "Times-Roman", "Times-Bold", contents, 1);
    d = extract_file(path, 1, 0, &err);
    CHECK(d && find_block(d, "cải cách hành chính và nâng cao chỉ số hiệu quả quản trị") != NULL);
    px_doc_free(d);
}

TEST(vni_fonts_are_converted)
{
    char l1[256], c1[512];
    latin1(l1, "Thöïc hieän keá hoaïch naêm 2025");
    snprintf(c1, sizeof c1, "BT /F1 13 Tf 72 700 Td (%s) Tj ET", l1);
    const char *contents[] = {c1};
    const char *path = tmp_path("vni.pdf");
    write_raw_pdf(path, "VNI-Times", "VNI-Times-Bold", contents, 1);
    px_error err;
    px_doc *d = extract_file(path, 1, 0, &err);
    CHECK(d && find_block(d, "Thực hiện kế hoạch năm 2025") != NULL);
    if (d && !find_block(d, "Thực hiện kế hoạch năm 2025"))
        dump_blocks(d);
    px_doc_free(d);
}

static void expect_error(const char *path, const char *needle)
{
    px_error err;
    px_doc *d = extract_file(path, 1, 0, &err);
    CHECK(d == NULL);
    CHECK(strstr(err.msg, needle) != NULL);
    if (!strstr(err.msg, needle))
        printf("  %s: got \"%s\", want \"%s\"\n", path, err.msg, needle);
    px_doc_free(d);
}

TEST(broken_files_give_one_clear_error)
{
    /* truncated: the first half of a good file */
    const char *contents[] = {"BT /F1 12 Tf 72 700 Td (Ke hoach) Tj ET"};
    const char *good = tmp_path("good.pdf");
    write_raw_pdf(good, "Times-Roman", "Times-Bold", contents, 1);
    size_t len;
    unsigned char *b = read_file(good, &len);
    CHECK(b != NULL);
    if (!b)
        return;
    write_file(tmp_path("truncated.pdf"), b, len / 2);
    expect_error(tmp_path("truncated.pdf"), "truncated");

    /* corrupt: a PDF header, then garbage */
    char junk[2048];
    memcpy(junk, "%PDF-1.7\n", 9);
    for (size_t i = 9; i < sizeof junk - 8; i++)
        junk[i] = (char)("obj<>[]/x 0R"[i % 12]);
    memcpy(junk + sizeof junk - 8, "\n%%EOF\n", 7);
    write_file(tmp_path("corrupt.pdf"), junk, sizeof junk - 1);
    expect_error(tmp_path("corrupt.pdf"), "damaged");

    /* zero pages */
    write_raw_pdf(tmp_path("empty.pdf"), "Times-Roman", "Times-Bold", contents, 0);
    expect_error(tmp_path("empty.pdf"), "no pages");

    /* not a PDF at all */
    write_file(tmp_path("text.pdf"), "hello\n", 6);
    expect_error(tmp_path("text.pdf"), "not a PDF");
    free(b);

    /* more pages than allowed */
    const char *three[] = {contents[0], contents[0], contents[0]};
    write_raw_pdf(tmp_path("three.pdf"), "Times-Roman", "Times-Bold", three, 3);
    px_error err;
    px_doc *d = extract_file(tmp_path("three.pdf"), 1, 2, &err);
    CHECK(d == NULL && strstr(err.msg, "limit"));
    px_doc_free(d);
    d = extract_file(tmp_path("three.pdf"), 1, 3, &err);
    CHECK(d != NULL && d->pages == 3);
    px_doc_free(d);
}

TEST(encrypted_pdfs)
{
    const char *user = "tests/fixtures/pdf/encrypted-user.pdf";
    const char *owner = "tests/fixtures/pdf/encrypted-owner.pdf";
    if (access(user, R_OK) != 0 || access(owner, R_OK) != 0) {
        printf("skip encrypted_pdfs: fixtures not found (run from the repository root)\n");
        return;
    }
    expect_error(user, "password-protected");
    /* an owner password only restricts printing or copying: read normally */
    px_error err;
    px_doc *d = extract_file(owner, 1, 0, &err);
    CHECK(d != NULL);
    CHECK(d && find_block(d, "Thực hiện Kế hoạch số 105/KH-UBND ngày 14/5/2024.") != NULL);
    px_doc_free(d);
}

/* Poppler's complaints about a damaged file never reach stderr, even with
 * GLib debug output switched on. */
TEST(poppler_noise_stays_off_stderr)
{
    const char *contents[] = {"BT /F1 12 Tf 72 700 Td (Ke hoach nam 2025) Tj ET"};
    const char *path = tmp_path("noisy.pdf");
    write_raw_pdf(path, "Times-Roman", "Times-Bold", contents, 1);
    /* break the xref offsets: poppler reconstructs and complains */
    size_t len;
    unsigned char *b = read_file(path, &len);
    if (!b)
        return;
    unsigned char *x = memmem(b, len, "0000000009", 10);
    if (x)
        memcpy(x, "0000000099", 10);
    write_file(path, b, len);
    free(b);
    setenv("G_MESSAGES_DEBUG", "all", 1);
    fflush(stderr);
    int saved = dup(2);
    const char *errpath = tmp_path("stderr.txt");
    int fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 2);
    close(fd);
    px_error err;
    px_doc *d = extract_file(path, 1, 0, &err);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    unsetenv("G_MESSAGES_DEBUG");
    CHECK(d != NULL);
    CHECK(d && find_block(d, "Ke hoach nam 2025") != NULL);
    px_doc_free(d);
    unsigned char *e = read_file(errpath, &len);
    CHECK_INT(len, 0);
    if (len)
        printf("  stderr got: %.200s\n", (const char *)e);
    free(e);
}

/* Different documents in different threads give what they give alone. */
typedef struct job {
    const char *path;
    size_t n_blocks;
    char first[256];
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    px_error err;
    px_doc *d = extract_file(j->path, 1, 0, &err);
    j->n_blocks = d ? d->n_blocks : 0;
    snprintf(j->first, sizeof j->first, "%s", d && d->n_blocks ? d->blocks[0].text : "");
    px_doc_free(d);
    return NULL;
}

TEST(documents_in_parallel_threads)
{
    job jobs[4] = {{tmp_path("plan.pdf"), 0, ""}, {tmp_path("tcvn3.pdf"), 0, ""},
                   {tmp_path("plan.pdf"), 0, ""}, {tmp_path("vni.pdf"), 0, ""}};
    job alone[4];
    memcpy(alone, jobs, sizeof jobs);
    for (int i = 0; i < 4; i++)
        run_job(&alone[i]);
    pthread_t th[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, run_job, &jobs[i]);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < 4; i++) {
        CHECK(jobs[i].n_blocks > 0);
        CHECK_INT(jobs[i].n_blocks, alone[i].n_blocks);
        CHECK_STR(jobs[i].first, alone[i].first);
    }
}

/* Whatever PDFs the corpus holds read without error and give text. */
TEST(corpus_pdfs_read)
{
    static const char *const dirs[] = {"corpus/pdf", "corpus/tcvn3", "corpus/scan"};
    int seen = 0;
    for (size_t k = 0; k < sizeof dirs / sizeof *dirs; k++) {
        DIR *dir = opendir(dirs[k]);
        if (!dir)
            continue;
        struct dirent *e;
        while ((e = readdir(dir))) {
            size_t n = strlen(e->d_name);
            if (n < 5 || strcmp(e->d_name + n - 4, ".pdf"))
                continue;
            /* OCR of whole scans is slow: the scanned page test covers it */
            if (!strcmp(dirs[k], "corpus/scan"))
                continue;
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", dirs[k], e->d_name);
            px_error err;
            px_doc *d = extract_file(path, 0, 0, &err);
            CHECK(d != NULL);
            if (!d)
                printf("  %s: %s\n", path, err.msg);
            else
                CHECK(d->n_blocks > 0);
            px_doc_free(d);
            seen++;
        }
        closedir(dir);
    }
    if (!seen)
        printf("skip corpus_pdfs_read: no corpus PDFs yet\n");
}

int main(void)
{
    make_tmpdir();
    make_plan(tmp_path("plan.pdf"));
    px_error err;
    plan_doc = extract_file(tmp_path("plan.pdf"), 1, 0, &err);
    CHECK(plan_doc != NULL);
    if (!plan_doc) {
        printf("plan.pdf: %s\n", err.msg);
        HARNESS_END();
    }
    if (getenv("PX_TEST_VERBOSE"))
        dump_blocks(plan_doc);
    RUN(plan_paragraphs_are_joined_from_geometry);
    RUN(paragraph_over_a_page_break_is_one_block);
    RUN(page_numbers_are_not_body_text);
    RUN(header_block_parts_are_whole_and_in_order);
    RUN(headings_and_list_items_are_their_own_blocks);
    RUN(footnote_mark_dropped_and_note_kept_apart);
    RUN(signature_block_parts_in_order);
    RUN(appendix_table_gives_cells);
    RUN(table_row_broken_by_a_page_break);
    RUN(tcvn3_fonts_are_converted);
    RUN(vni_fonts_are_converted);
    RUN(broken_files_give_one_clear_error);
    RUN(encrypted_pdfs);
    RUN(poppler_noise_stays_off_stderr);
    RUN(documents_in_parallel_threads);
    RUN(corpus_pdfs_read);
    RUN(scanned_page_goes_through_ocr);
    px_doc_free(plan_doc);
    remove_tmpdir();
    /* cairo's font caches (the typesetter's, not the extractor's) are
     * released so the leak checker sees only what the code under test
     * leaves behind. */
    cairo_debug_reset_static_data();
    /* ...and fontconfig's configuration, which cairo loaded for the
     * typesetter; looked up at run time so the test links nothing more. */
    void (*fc_fini)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "FcFini");
    if (fc_fini)
        fc_fini();
    HARNESS_END();
}
