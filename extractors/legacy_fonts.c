/* legacy_fonts.c: TCVN3 (ABC) and VNI Windows text to Unicode.
 *
 * The tables are written as UTF-8 string literals so a reader can check
 * them against the standard by eye; a "letter" below is one code point. */
#include "legacy_fonts.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Vietnamese vowels: 12 bases, each with the 6 tones in the order
 * none, grave (huyền), acute (sắc), hook (hỏi), tilde (ngã), dot (nặng). */
enum { V_A, V_AW, V_AA, V_E, V_EE, V_I, V_O, V_OO, V_OW, V_U, V_UW, V_Y, V_COUNT };
enum { T_NONE, T_GRAVE, T_ACUTE, T_HOOK, T_TILDE, T_DOT, T_COUNT };

static const char *const vowels_lower[V_COUNT] = {
    "aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị",
    "oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ", "uùúủũụ", "ưừứửữự", "yỳýỷỹỵ",
};
static const char *const vowels_upper[V_COUNT] = {
    "AÀÁẢÃẠ", "ĂẰẮẲẴẶ", "ÂẦẤẨẪẬ", "EÈÉẺẼẸ", "ÊỀẾỂỄỆ", "IÌÍỈĨỊ",
    "OÒÓỎÕỌ", "ÔỒỐỔỖỘ", "ƠỜỚỞỠỢ", "UÙÚỦŨỤ", "ƯỪỨỬỮỰ", "YỲÝỶỸỴ",
};

/* TCVN3 (TCVN 5712:1993, the ABC font set): byte -> letter.  Only the
 * lower-case letters with tones and the seven capitals without tones have
 * codes; capitals with tones are typed in the H fonts at the lower-case
 * codes. */
static const char *const tcvn3[256] = {
    [0xA1] = "Ă", [0xA2] = "Â", [0xA3] = "Ê", [0xA4] = "Ô", [0xA5] = "Ơ", [0xA6] = "Ư", [0xA7] = "Đ",
    [0xA8] = "ă", [0xA9] = "â", [0xAA] = "ê", [0xAB] = "ô", [0xAC] = "ơ", [0xAD] = "ư", [0xAE] = "đ",
    [0xB5] = "à", [0xB6] = "ả", [0xB7] = "ã", [0xB8] = "á", [0xB9] = "ạ",
    [0xBB] = "ằ", [0xBC] = "ẳ", [0xBD] = "ẵ", [0xBE] = "ắ", [0xC6] = "ặ",
    [0xC7] = "ầ", [0xC8] = "ẩ", [0xC9] = "ẫ", [0xCA] = "ấ", [0xCB] = "ậ",
    [0xCC] = "è", [0xCE] = "ẻ", [0xCF] = "ẽ", [0xD0] = "é", [0xD1] = "ẹ",
    [0xD2] = "ề", [0xD3] = "ể", [0xD4] = "ễ", [0xD5] = "ế", [0xD6] = "ệ",
    [0xD7] = "ì", [0xD8] = "ỉ", [0xDC] = "ĩ", [0xDD] = "í", [0xDE] = "ị",
    [0xDF] = "ò", [0xE1] = "ỏ", [0xE2] = "õ", [0xE3] = "ó", [0xE4] = "ọ",
    [0xE5] = "ồ", [0xE6] = "ổ", [0xE7] = "ỗ", [0xE8] = "ố", [0xE9] = "ộ",
    [0xEA] = "ờ", [0xEB] = "ở", [0xEC] = "ỡ", [0xED] = "ớ", [0xEE] = "ợ",
    [0xEF] = "ù", [0xF1] = "ủ", [0xF2] = "ũ", [0xF3] = "ú", [0xF4] = "ụ",
    [0xF5] = "ừ", [0xF6] = "ử", [0xF7] = "ữ", [0xF8] = "ứ", [0xF9] = "ự",
    [0xFA] = "ỳ", [0xFB] = "ỷ", [0xFC] = "ỹ", [0xFD] = "ý", [0xFE] = "ỵ",
};

/* VNI Windows: a mark byte after a base vowel gives the vowel's hat and
 * tone (lower-case marks; the capital marks are 0x20 lower).  hat: 0 none,
 * 1 circumflex (â ê ô), 2 breve (ă). */
typedef struct vni_mark { unsigned char code, hat, tone; } vni_mark;
static const vni_mark vni_marks[] = {
    {0xF9, 0, T_ACUTE}, {0xF8, 0, T_GRAVE}, {0xFB, 0, T_HOOK}, {0xF5, 0, T_TILDE}, {0xEF, 0, T_DOT},
    {0xE2, 1, T_NONE}, {0xE1, 1, T_ACUTE}, {0xE0, 1, T_GRAVE}, {0xE5, 1, T_HOOK}, {0xE3, 1, T_TILDE}, {0xE4, 1, T_DOT},
    {0xEA, 2, T_NONE}, {0xE9, 2, T_ACUTE}, {0xE8, 2, T_GRAVE}, {0xFA, 2, T_HOOK}, {0xFC, 2, T_TILDE}, {0xEB, 2, T_DOT},
};
/* VNI letters that stand alone: ơ ư đ, the i forms and ỵ. */
static const struct { unsigned char code; const char *letter; } vni_singles[] = {
    {0xF4, "ơ"}, {0xD4, "Ơ"}, {0xF6, "ư"}, {0xD6, "Ư"}, {0xF1, "đ"}, {0xD1, "Đ"},
    {0xED, "í"}, {0xEC, "ì"}, {0xE6, "ỉ"}, {0xF3, "ĩ"}, {0xF2, "ị"},
    {0xCD, "Í"}, {0xCC, "Ì"}, {0xC6, "Ỉ"}, {0xD3, "Ĩ"}, {0xD2, "Ị"},
    {0xEE, "ỵ"}, {0xCE, "Ỵ"},
};

/* --- UTF-8 ---------------------------------------------------------------- */

/* Decodes one code point at s (n bytes left); returns its length (>= 1).
 * Invalid bytes decode as themselves so nothing is lost. */
static size_t utf8_get(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || len > n) {
        *cp = c;
        return 1;
    }
    if (len == 1) {
        *cp = c;
        return 1;
    }
    uint32_t v = c & (0x7F >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = c;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    *cp = v;
    return len;
}

static size_t utf8_put(char *out, uint32_t cp)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

static uint32_t first_cp(const char *s)
{
    uint32_t cp;
    utf8_get((const unsigned char *)s, strlen(s), &cp);
    return cp;
}

/* The tone-th letter of a vowel row. */
static uint32_t row_cp(const char *row, int tone)
{
    const unsigned char *s = (const unsigned char *)row;
    size_t n = strlen(row);
    uint32_t cp = 0;
    for (int i = 0; i <= tone && n; i++) {
        size_t k = utf8_get(s, n, &cp);
        s += k;
        n -= k;
    }
    return cp;
}

/* Finds cp in the vowel tables: returns 1 and fills vowel, tone, upper. */
static int vowel_find(uint32_t cp, int *vowel, int *tone, int *upper)
{
    if (cp < 'A')
        return 0;
    for (int u = 0; u < 2; u++) {
        const char *const *rows = u ? vowels_upper : vowels_lower;
        for (int v = 0; v < V_COUNT; v++)
            for (int t = 0; t < T_COUNT; t++)
                if (row_cp(rows[v], t) == cp) {
                    *vowel = v;
                    *tone = t;
                    *upper = u;
                    return 1;
                }
    }
    return 0;
}

static uint32_t vowel_cp(int vowel, int tone, int upper)
{
    return row_cp((upper ? vowels_upper : vowels_lower)[vowel], tone);
}

static uint32_t vn_upper(uint32_t cp)
{
    if (cp >= 'a' && cp <= 'z')
        return cp - 32;
    if (cp == 0x0111) /* đ */
        return 0x0110;
    int v, t, u;
    if (cp >= 0xC0 && vowel_find(cp, &v, &t, &u) && !u)
        return vowel_cp(v, t, 1);
    return cp;
}

/* --- detection ------------------------------------------------------------ */

px_legacy_enc px_legacy_font_encoding(const char *name)
{
    if (!name)
        return PX_LEGACY_NONE;
    /* Subset fonts are named "ABCDEF+Family". */
    const char *plus = strchr(name, '+');
    if (plus && plus - name == 6)
        name = plus + 1;
    if (strncasecmp(name, "vni", 3) == 0 && (name[3] == '-' || name[3] == '_' || name[3] == ' '))
        return PX_LEGACY_VNI;
    const char *p = name[0] == '.' ? name + 1 : name;
    if (strncasecmp(p, "vn", 2) != 0 || !((p[2] >= 'A' && p[2] <= 'Z') || (p[2] >= 'a' && p[2] <= 'z')))
        return PX_LEGACY_NONE;
    /* The family ends at a style suffix: ".VnTimeH,Bold", ".VnTimeH-Italic". */
    size_t fam = strcspn(p, ",-");
    static const char *const styles[] = {"BoldItalic", "Italic", "Bold"};
    for (size_t i = 0; i < sizeof styles / sizeof *styles; i++) {
        size_t sl = strlen(styles[i]);
        if (fam > sl + 2 && strncmp(p + fam - sl, styles[i], sl) == 0) {
            fam -= sl;
            break;
        }
    }
    return fam > 3 && p[fam - 1] == 'H' ? PX_LEGACY_TCVN3_CAPS : PX_LEGACY_TCVN3;
}

static int is_vn_unicode_letter(uint32_t cp)
{
    return cp == 0x102 || cp == 0x103 || cp == 0x110 || cp == 0x111 || cp == 0x128 || cp == 0x129 ||
           cp == 0x168 || cp == 0x169 || cp == 0x1A0 || cp == 0x1A1 || cp == 0x1AF || cp == 0x1B0 ||
           (cp >= 0x1EA0 && cp <= 0x1EF9);
}

/* Latin-1 code points that TCVN3 uses for letters and that Vietnamese
 * Unicode text never holds (so à á â ... are left out). */
static int is_tcvn3_signal(uint32_t cp)
{
    if (cp >= 0xA1 && cp <= 0xBE)
        return tcvn3[cp] != NULL;
    switch (cp) {
    case 0xC6: case 0xC7: case 0xCB: case 0xCE: case 0xCF: case 0xD0: case 0xD1:
    case 0xD6: case 0xD7: case 0xD8: case 0xDC: case 0xDE: case 0xDF:
        return 1;
    default:
        return 0;
    }
}

static const vni_mark *vni_mark_of(uint32_t cp, int *upper)
{
    for (size_t i = 0; i < sizeof vni_marks / sizeof *vni_marks; i++) {
        if (cp == vni_marks[i].code) {
            *upper = 0;
            return &vni_marks[i];
        }
        if (cp == (uint32_t)vni_marks[i].code - 0x20) {
            *upper = 1;
            return &vni_marks[i];
        }
    }
    return NULL;
}

px_legacy_enc px_legacy_guess(const char *utf8, size_t len)
{
    const unsigned char *s = (const unsigned char *)utf8;
    size_t letters = 0, tcvn = 0, vni = 0, unicode = 0;
    uint32_t prev = 0;
    while (len) {
        uint32_t cp;
        size_t k = utf8_get(s, len, &cp);
        s += k;
        len -= k;
        if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
            letters++;
        else if (cp >= 0xA1)
            letters++;
        if (is_vn_unicode_letter(cp))
            unicode++;
        if (is_tcvn3_signal(cp))
            tcvn++;
        /* VNI: a mark right after a base vowel where Unicode Vietnamese
         * would never put that Latin-1 letter ("vieät", "nhaø", "cuûa"),
         * and the lone letters ñ (đ), ö (ư) that Vietnamese lacks. */
        int up;
        const vni_mark *m = vni_mark_of(cp, &up);
        uint32_t pl = prev | 0x20;
        if (m && (pl == 'a' || pl == 'e' || pl == 'y' || prev == 0xF4 || prev == 0xF6 || prev == 0xD4 || prev == 0xD6))
            vni++;
        else if (m && (pl == 'o' || pl == 'u') && m->hat == 0)
            vni++;
        else if (cp == 0xF1 || cp == 0xD1 || cp == 0xF6 || cp == 0xD6)
            vni++;
        prev = cp;
    }
    if (unicode * 4 > tcvn + vni)
        return PX_LEGACY_NONE;
    if (tcvn >= 3 && tcvn * 50 >= letters && tcvn >= vni)
        return PX_LEGACY_TCVN3;
    if (vni >= 3 && vni * 50 >= letters)
        return PX_LEGACY_VNI;
    return PX_LEGACY_NONE;
}

/* --- conversion ----------------------------------------------------------- */

uint32_t px_legacy_tcvn3_char(uint32_t cp, int caps)
{
    uint32_t out = cp;
    if (cp < 256 && tcvn3[cp])
        out = first_cp(tcvn3[cp]);
    return caps ? vn_upper(out) : out;
}

uint32_t px_legacy_vni_char(uint32_t cp)
{
    for (size_t i = 0; i < sizeof vni_singles / sizeof *vni_singles; i++)
        if (cp == vni_singles[i].code)
            return first_cp(vni_singles[i].letter);
    return cp;
}

int px_legacy_vni_compose(uint32_t base, uint32_t mark, uint32_t *out)
{
    int up;
    const vni_mark *m = vni_mark_of(mark, &up);
    if (!m)
        return 0;
    int v, t, upper;
    if (!vowel_find(base, &v, &t, &upper) || t != T_NONE)
        return 0;
    if (m->hat == 1) {
        if (v == V_A) v = V_AA;
        else if (v == V_E) v = V_EE;
        else if (v == V_O) v = V_OO;
        else return 0;
    } else if (m->hat == 2) {
        if (v != V_A)
            return 0;
        v = V_AW;
    } else if (v == V_I) {
        return 0; /* VNI writes the i forms as single letters */
    }
    *out = vowel_cp(v, m->tone, upper);
    return 1;
}

char *px_legacy_decode(const char *utf8, size_t len, px_legacy_enc enc)
{
    /* Each input code point gives at most one output code point of at most
     * 3 bytes, and takes at least 1 input byte. */
    char *out = malloc(len * 3 + 1);
    if (!out)
        return NULL;
    const unsigned char *s = (const unsigned char *)utf8;
    size_t o = 0;
    while (len) {
        uint32_t cp;
        size_t k = utf8_get(s, len, &cp);
        s += k;
        len -= k;
        switch (enc) {
        case PX_LEGACY_TCVN3:
        case PX_LEGACY_TCVN3_CAPS:
            cp = px_legacy_tcvn3_char(cp, enc == PX_LEGACY_TCVN3_CAPS);
            break;
        case PX_LEGACY_VNI: {
            cp = px_legacy_vni_char(cp);
            if (len) {
                uint32_t mark, composed;
                size_t k2 = utf8_get(s, len, &mark);
                if (px_legacy_vni_compose(cp, mark, &composed)) {
                    cp = composed;
                    s += k2;
                    len -= k2;
                }
            }
            break;
        }
        default:
            break;
        }
        o += utf8_put(out + o, cp);
    }
    out[o] = '\0';
    return out;
}

char *px_legacy_encode(const char *utf8, size_t len, px_legacy_enc enc)
{
    char *out = malloc(len * 4 + 1);
    if (!out)
        return NULL;
    const unsigned char *s = (const unsigned char *)utf8;
    size_t o = 0;
    while (len) {
        uint32_t cp;
        size_t k = utf8_get(s, len, &cp);
        s += k;
        len -= k;
        if (cp < 0x80 && !(enc == PX_LEGACY_TCVN3_CAPS && cp >= 'A' && cp <= 'Z')) {
            out[o++] = (char)cp;
            continue;
        }
        if (enc == PX_LEGACY_TCVN3 || enc == PX_LEGACY_TCVN3_CAPS) {
            uint32_t want = cp;
            if (enc == PX_LEGACY_TCVN3_CAPS) {
                /* In the H fonts a capital is typed at the lower-case code. */
                if (cp >= 'A' && cp <= 'Z') {
                    out[o++] = (char)(cp + 32);
                    continue;
                }
                int v, t, u;
                if (cp == 0x0110)
                    want = 0x0111;
                else if (vowel_find(cp, &v, &t, &u) && u)
                    want = vowel_cp(v, t, 0);
            }
            int found = -1;
            for (int b = 0xA1; b < 256 && found < 0; b++)
                if (tcvn3[b] && first_cp(tcvn3[b]) == want)
                    found = b;
            if (found < 0) {
                free(out);
                return NULL;
            }
            o += utf8_put(out + o, (uint32_t)found);
            continue;
        }
        if (enc == PX_LEGACY_VNI) {
            int single = -1;
            for (size_t i = 0; i < sizeof vni_singles / sizeof *vni_singles && single < 0; i++)
                if (first_cp(vni_singles[i].letter) == cp)
                    single = vni_singles[i].code;
            if (single >= 0) {
                o += utf8_put(out + o, (uint32_t)single);
                continue;
            }
            int v, t, u;
            if (!vowel_find(cp, &v, &t, &u)) {
                free(out);
                return NULL;
            }
            static const char base_of[V_COUNT] = {'a', 'a', 'a', 'e', 'e', 'i', 'o', 'o', 0, 'u', 0, 'y'};
            int hat = (v == V_AA || v == V_EE || v == V_OO) ? 1 : v == V_AW ? 2 : 0;
            uint32_t base = v == V_OW ? 0xF4 : v == V_UW ? 0xF6 : (uint32_t)base_of[v];
            if (u)
                base -= 0x20;
            o += utf8_put(out + o, base);
            if (hat == 0 && t == T_NONE)
                continue;
            int found = -1;
            for (size_t i = 0; i < sizeof vni_marks / sizeof *vni_marks && found < 0; i++)
                if (vni_marks[i].hat == hat && vni_marks[i].tone == t)
                    found = vni_marks[i].code;
            if (found < 0) {
                free(out);
                return NULL;
            }
            o += utf8_put(out + o, (uint32_t)(u ? found - 0x20 : found));
            continue;
        }
        o += utf8_put(out + o, cp);
    }
    out[o] = '\0';
    return out;
}
