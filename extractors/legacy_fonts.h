/* legacy_fonts.h: Vietnamese text laid down in pre-Unicode 8-bit fonts.
 *
 * Before Unicode, Vietnamese documents were typed in fonts that draw
 * Vietnamese letters at Latin-1 code points: TCVN3 (the ABC fonts .VnTime,
 * .VnArial, ...; the ".VnTimeH" capital fonts draw capitals at the lower-case
 * codes) and VNI (VNI-Times, ...: a base letter followed by a separate mark
 * byte).  A PDF or DOCX made from such a document carries the Latin-1 code
 * points, so its text reads "Thùc hiÖn" instead of "Thực hiện".  These
 * functions detect such text (by font name, or by character statistics when
 * the name is missing) and convert it to precomposed (NFC) Unicode.
 *
 * Input and output text is UTF-8 in which the legacy bytes appear as the
 * code points U+0000..U+00FF (that is how PDF text layers and Word runs
 * hand them over).  No dependency beyond libc: the DOCX extractor may reuse
 * this file.  All functions are pure and thread-safe. */
#ifndef PX_LEGACY_FONTS_H
#define PX_LEGACY_FONTS_H

#include <stddef.h>
#include <stdint.h>

typedef enum px_legacy_enc {
    PX_LEGACY_NONE = 0,
    PX_LEGACY_TCVN3,        /* .VnTime and friends */
    PX_LEGACY_TCVN3_CAPS,   /* .VnTimeH: lower-case codes draw capitals */
    PX_LEGACY_VNI,          /* VNI-Times and friends: base + mark bytes */
} px_legacy_enc;

/* The encoding a font name implies ("ABCDEF+.VnTimeH,Bold" -> TCVN3_CAPS). */
px_legacy_enc px_legacy_font_encoding(const char *font_name);

/* Guesses from the characters alone whether text is TCVN3 or VNI laid down
 * without a telling font name: many code points that Vietnamese Unicode text
 * never holds where its vowels should be.  PX_LEGACY_NONE when in doubt. */
px_legacy_enc px_legacy_guess(const char *utf8, size_t len);

/* One code point of TCVN3 text to Unicode (unchanged when not a TCVN3
 * letter); caps: the text is in a capital (H) font. */
uint32_t px_legacy_tcvn3_char(uint32_t cp, int caps);

/* VNI: a code point that is a whole letter on its own (ơ, ư, đ, the i
 * forms, ỵ) to Unicode, unchanged otherwise. */
uint32_t px_legacy_vni_char(uint32_t cp);
/* VNI: when mark is a VNI mark that applies to base (a vowel, possibly
 * already converted to ơ/ư), stores the composed letter in *out and returns
 * 1; else 0. */
int px_legacy_vni_compose(uint32_t base, uint32_t mark, uint32_t *out);

/* Converts len bytes of UTF-8 legacy text to NFC Unicode UTF-8.  Returns a
 * new NUL-terminated string (free() it), or NULL when out of memory. */
char *px_legacy_decode(const char *utf8, size_t len, px_legacy_enc enc);

/* The reverse, used by tests and fixture generators: Unicode to legacy
 * text.  Returns NULL when a character has no code in enc (a capital with a
 * tone mark in plain TCVN3) or when out of memory. */
char *px_legacy_encode(const char *utf8, size_t len, px_legacy_enc enc);

#endif
