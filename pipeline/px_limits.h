/* px_limits.h: every limit on untrusted input, in one place, with the attack
 * each one blocks.  Flags on the CLI may raise some of them.  (Named px_ so
 * that -Ipipeline never hides the system <limits.h>.) */
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

/* Inflated bytes under which the ratio is not held against a part: 300 KB
 * of empty paragraphs legitimately deflates 500:1 and harms nobody. */
#define PX_LIMIT_ZIP_RATIO_GRACE (1024L * 1024)

/* XML nesting depth: deep-nesting stack exhaustion in the parser. */
#define PX_LIMIT_XML_DEPTH 256

/* Elements + attributes in one XML part: a 64 MB part of "<w:p/>" passes
 * every zip limit yet becomes ~1.5 GB of tree; 2M nodes is a 1000-page plan. */
#define PX_LIMIT_XML_NODES 2000000L

/* PCRE2 match and depth limits: catastrophic backtracking on a crafted line. */
#define PX_LIMIT_PCRE2_MATCH 2000000
#define PX_LIMIT_PCRE2_DEPTH 10000

/* One text line or block: a 100 MB single line would make every rule scan
 * quadratic in practice. */
#define PX_LIMIT_BLOCK_BYTES (1L * 1024 * 1024)

/* Sections per document: bounds the outline arrays. */
#define PX_LIMIT_SECTIONS 20000

/* --- bulk ingestion (issue 7): the worker pool ------------------------------
 * Each file is extracted in a long-lived worker process under these limits,
 * so one hostile or broken file costs that file only.  `planex ingest`
 * flags raise or lower them (--timeout, --memory, --settle). */

/* CPU seconds one worker may spend on one file (RLIMIT_CPU, re-armed before
 * every file from the worker's own usage).  Blocks extractor loops on
 * crafted PDFs (cyclic page trees, runaway content streams).  A 100-page
 * scan at ~2 s of OCR per page (DESIGN.md field notes) fits; a hang does not. */
#define PX_LIMIT_WORKER_CPU_SECONDS 300

/* Wall-clock seconds per file: FACTOR times the CPU limit plus SLACK.  The
 * parent kills a worker that blocks without using CPU (a FIFO posing as a
 * file, a stuck NFS read, a deadlocked library); the margin keeps a worker
 * that is merely starved of CPU on a loaded machine from being taken for a
 * blocked one before its CPU limit can speak. */
#define PX_LIMIT_WORKER_WALL_FACTOR 3
#define PX_LIMIT_WORKER_WALL_SLACK 5

/* Address space of one worker in MB (RLIMIT_AS), and the resident size the
 * parent's watchdog allows (read from /proc/PID/statm while a file is in
 * work).  Blocks decompression bombs that stay under the zip limits and
 * image bombs in PDFs (a 60000x60000 inline image asks poppler for 14 GB).
 * A worker needs ~100 MB for a plan; OCR of one 300-dpi page ~250 MB.
 * Sanitizer builds cannot use RLIMIT_AS (ASan reserves terabytes of shadow
 * address space), so there the watchdog and ASan's allocator limits
 * (max_allocation_size_mb, allocator_may_return_null) stand in. */
#define PX_LIMIT_WORKER_MEMORY_MB 1024

/* How often the parent samples busy workers' resident size, in ms: bounds
 * how far past the memory limit a balloon can get under a sanitizer. */
#define PX_LIMIT_WATCHDOG_MS 20

/* Files modified less than this many seconds ago are read last, after the
 * window has passed, and skipped if their size or time changed meanwhile:
 * a file still being copied or saved is picked up by the next run instead
 * of being loaded half-written. */
#define PX_LIMIT_SETTLE_SECONDS 1

/* One result message from a worker (a serialized document): bounds what a
 * misbehaving worker can make the writer allocate. */
#define PX_LIMIT_RESULT_BYTES (512L * 1024 * 1024)

/* Workers per run: -j beyond this is a typo (-j 1000), not a machine. */
#define PX_LIMIT_JOBS 256

#endif
