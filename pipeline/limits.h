/* limits.h: every limit on untrusted input, in one place, with the attack
 * each one blocks.  Flags on the CLI may raise some of them. */
#ifndef PX_LIMITS_H
#define PX_LIMITS_H

/* Whole input file: a plan is a few MB; a 200 MB "plan" is an attack or a
 * scan archive that would exhaust memory when read at once. */
#define PX_LIMIT_FILE_BYTES (256L * 1024 * 1024)

/* PDF page count: real plans have < 100 pages; a 100k-page PDF is a DoS. */
#define PX_LIMIT_PDF_PAGES 2000

/* DOCX (zip) limits: zip bombs. */
#define PX_LIMIT_ZIP_ENTRIES 5000                       /* entry-count bombs */
#define PX_LIMIT_ZIP_PART_BYTES (64L * 1024 * 1024)     /* one inflated part */
#define PX_LIMIT_ZIP_TOTAL_BYTES (256L * 1024 * 1024)   /* all parts read */
#define PX_LIMIT_ZIP_RATIO 200                          /* inflated / compressed */

/* XML nesting depth: deep-nesting stack exhaustion in the parser. */
#define PX_LIMIT_XML_DEPTH 256

/* PCRE2 match and depth limits: catastrophic backtracking on a crafted line. */
#define PX_LIMIT_PCRE2_MATCH 2000000
#define PX_LIMIT_PCRE2_DEPTH 10000

/* One text line or block: a 100 MB single line would make every rule scan
 * quadratic in practice. */
#define PX_LIMIT_BLOCK_BYTES (1L * 1024 * 1024)

/* Sections per document: bounds the outline arrays. */
#define PX_LIMIT_SECTIONS 20000

#endif
