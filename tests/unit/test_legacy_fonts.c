/* test_legacy_fonts.c: TCVN3 and VNI text from old fonts reads as Unicode. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "legacy_fonts.h"

/* Real sentences from the seed plans. */
static const char *const seed_sentences[] = {
    "Nâng cao Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI) của tỉnh Lạng Sơn năm 2024, trên địa bàn huyện Văn Quan",
    "Thực hiện Kế hoạch số 105/KH-UBND ngày 14/5/2024 của Ủy ban nhân dân tỉnh Lạng Sơn về nâng cao Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI) của tỉnh Lạng Sơn năm 2024.",
    "- Nâng cao trách nhiệm của người đứng đầu các ngành, các cấp, tạo sự chuyển biến về nhận thức của mỗi cán bộ, công chức, viên chức và người dân trong việc nỗ lực cải thiện hiệu lực, hiệu quả quản lý Nhà nước;",
    "Đơn vị chủ trì: Trung tâm Tin học và Công báo, Ban Tiếp Công dân.",
    "b) Tăng cường lãnh đạo, chỉ đạo thực hiện các nội dung, nhiệm vụ, giải pháp cải thiện nâng cao chỉ số PAPI của cấp ủy, lãnh đạo Văn phòng; xác định, cải thiện và nâng cao chỉ số PAPI là nhiệm vụ thường xuyên, liên tục.",
    "Thời gian thực hiện: Thường xuyên.",
    "I. MỤC ĐÍCH, YÊU CẦU",
};

TEST(font_names_say_the_encoding)
{
    CHECK_INT(px_legacy_font_encoding(".VnTime"), PX_LEGACY_TCVN3);
    CHECK_INT(px_legacy_font_encoding("ABCDEF+.VnTime"), PX_LEGACY_TCVN3);
    CHECK_INT(px_legacy_font_encoding(".VnTime-Bold"), PX_LEGACY_TCVN3);
    CHECK_INT(px_legacy_font_encoding("VnArial"), PX_LEGACY_TCVN3);
    CHECK_INT(px_legacy_font_encoding(".VnTimeH"), PX_LEGACY_TCVN3_CAPS);
    CHECK_INT(px_legacy_font_encoding("QWERTY+.VnTimeH,Bold"), PX_LEGACY_TCVN3_CAPS);
    CHECK_INT(px_legacy_font_encoding(".VnArialH"), PX_LEGACY_TCVN3_CAPS);
    CHECK_INT(px_legacy_font_encoding("VNI-Times"), PX_LEGACY_VNI);
    CHECK_INT(px_legacy_font_encoding("ABCDEF+VNI-Helve-Bold"), PX_LEGACY_VNI);
    CHECK_INT(px_legacy_font_encoding("TimesNewRomanPS-BoldMT"), PX_LEGACY_NONE);
    CHECK_INT(px_legacy_font_encoding("DejaVuSerif"), PX_LEGACY_NONE);
    CHECK_INT(px_legacy_font_encoding("Verdana"), PX_LEGACY_NONE);
    CHECK_INT(px_legacy_font_encoding(NULL), PX_LEGACY_NONE);
}

static void check_decode(const char *legacy, px_legacy_enc enc, const char *want)
{
    char *got = px_legacy_decode(legacy, strlen(legacy), enc);
    CHECK_STR(got, want);
    free(got);
}

TEST(tcvn3_text_layer_reads_as_vietnamese)
{
    /* What a PDF text layer typed in .VnTime hands over. */
    check_decode("Thùc hiÖn KÕ ho¹ch sè 105/KH-UBND", PX_LEGACY_TCVN3, "Thực hiện Kế hoạch số 105/KH-UBND");
    check_decode("§¬n vÞ chñ tr×: Së Néi vô", PX_LEGACY_TCVN3, "Đơn vị chủ trì: Sở Nội vụ");
    check_decode("c¶i c¸ch hµnh chÝnh", PX_LEGACY_TCVN3, "cải cách hành chính");
    /* .VnTimeH draws capitals at the lower-case codes. */
    check_decode("kÕ ho¹ch", PX_LEGACY_TCVN3_CAPS, "KẾ HOẠCH");
    check_decode("môc ®Ých, yªu cÇu", PX_LEGACY_TCVN3_CAPS, "MỤC ĐÍCH, YÊU CẦU");
}

TEST(vni_text_layer_reads_as_vietnamese)
{
    check_decode("Thöïc hieän Keá hoaïch", PX_LEGACY_VNI, "Thực hiện Kế hoạch");
    check_decode("Ñôn vò chuû trì: Sôû Noäi vuï", PX_LEGACY_VNI, "Đơn vị chủ trì: Sở Nội vụ");
    check_decode("NGÖÔØI DAÂN", PX_LEGACY_VNI, "NGƯỜI DÂN");
    check_decode("naêm 2025", PX_LEGACY_VNI, "năm 2025");
}

/* decode(encode(s)) == s for a sentence, and the encoded form does not
 * contain the Vietnamese letters any more. */
static int round_trip(const char *s, px_legacy_enc enc, int *skipped)
{
    char *enc_s = px_legacy_encode(s, strlen(s), enc);
    if (!enc_s) {
        /* Plain TCVN3 has no code for a capital with a tone (Ủ): such text
         * was typed with the H font, which the caps test covers. */
        (*skipped)++;
        return 1;
    }
    char *back = px_legacy_decode(enc_s, strlen(enc_s), enc);
    int ok = back && strcmp(back, s) == 0;
    if (!ok)
        printf("round trip (%d) failed:\n  %s\n  %s\n  %s\n", (int)enc, s, enc_s, back ? back : "(null)");
    free(back);
    free(enc_s);
    return ok;
}

TEST(seed_sentences_round_trip)
{
    int skipped = 0;
    for (size_t i = 0; i < sizeof seed_sentences / sizeof *seed_sentences; i++) {
        CHECK(round_trip(seed_sentences[i], PX_LEGACY_VNI, &skipped));
        CHECK(round_trip(seed_sentences[i], PX_LEGACY_TCVN3, &skipped));
    }
    CHECK(skipped <= 2); /* sentence 2 and the heading hold toned capitals */
    CHECK(round_trip("MỤC ĐÍCH, YÊU CẦU", PX_LEGACY_TCVN3_CAPS, &skipped));
}

/* Every line of every seed plan (when ../shared is beside the project). */
TEST(all_seed_lines_round_trip)
{
    static const char *const files[] = {
        "../shared/seeds/000_4d1a6d42d4681bfa.txt", "../shared/seeds/001_f134ad17a07a6b97.txt",
        "../shared/seeds/002_98f9d541cb8f5040.txt", "../shared/seeds/003_8b5dcf3e7bb9c9d7.txt",
        "../shared/seeds/004_44be8e9f5d651710.txt",
    };
    int lines = 0, bad = 0, skipped = 0;
    char buf[8192];
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        FILE *fp = fopen(files[f], "r");
        if (!fp)
            continue;
        while (fgets(buf, sizeof buf, fp)) {
            buf[strcspn(buf, "\r\n")] = '\0';
            lines++;
            bad += !round_trip(buf, PX_LEGACY_VNI, &skipped);
            bad += !round_trip(buf, PX_LEGACY_TCVN3, &skipped);
        }
        fclose(fp);
    }
    if (lines == 0) {
        printf("skip all_seed_lines_round_trip: ../shared/seeds not found\n");
        return;
    }
    CHECK_INT(bad, 0);
}

static px_legacy_enc guess_of(const char *s)
{
    return px_legacy_guess(s, strlen(s));
}

TEST(statistics_tell_legacy_text_without_font_names)
{
    for (size_t i = 0; i < 3; i++) {
        const char *s = seed_sentences[i == 1 ? 2 : i];
        CHECK_INT(guess_of(s), PX_LEGACY_NONE); /* real Unicode stays as is */
        char *t = px_legacy_encode(s, strlen(s), PX_LEGACY_TCVN3);
        char *v = px_legacy_encode(s, strlen(s), PX_LEGACY_VNI);
        CHECK(t && v);
        if (t)
            CHECK_INT(guess_of(t), PX_LEGACY_TCVN3);
        if (v)
            CHECK_INT(guess_of(v), PX_LEGACY_VNI);
        free(t);
        free(v);
    }
    CHECK_INT(guess_of("The quick brown fox jumps over the lazy dog."), PX_LEGACY_NONE);
    CHECK_INT(guess_of("Le café de l'élève est à côté du théâtre, où il déjeune."), PX_LEGACY_NONE);
    CHECK_INT(guess_of("Điều 1. Chỉ số PAPI tăng 2 bậc © 2024 « ghi chú »"), PX_LEGACY_NONE);
    CHECK_INT(guess_of(""), PX_LEGACY_NONE);
}

TEST(plain_ascii_and_unknown_bytes_pass_through)
{
    check_decode("KH-UBND 105/2024 (PAPI)", PX_LEGACY_TCVN3, "KH-UBND 105/2024 (PAPI)");
    check_decode("abc", PX_LEGACY_NONE, "abc");
    /* A stray invalid UTF-8 byte is kept, not dropped or read past. */
    char *got = px_legacy_decode("a\xff", 2, PX_LEGACY_TCVN3);
    CHECK(got && strlen(got) >= 2);
    free(got);
}

int main(void)
{
    RUN(font_names_say_the_encoding);
    RUN(tcvn3_text_layer_reads_as_vietnamese);
    RUN(vni_text_layer_reads_as_vietnamese);
    RUN(seed_sentences_round_trip);
    RUN(all_seed_lines_round_trip);
    RUN(statistics_tell_legacy_text_without_font_names);
    RUN(plain_ascii_and_unknown_bytes_pass_through);
    HARNESS_END();
}
