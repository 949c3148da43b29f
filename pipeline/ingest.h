/* ingest.h: from paths on disk to documents in the store.
 *
 * px_ingest_collect walks files and folders (recursively; each directory
 * visited once by device and inode, so symlink loops end) and returns the
 * regular files to ingest, sorted, skipping editor temporaries.
 *
 * px_ingest_process runs the whole path for one file's bytes: extract →
 * normalize → segment → analyze.  It touches no store, so it can run in a
 * worker; px_ingest_commit writes its output in one transaction.
 *
 * Ownership: px_file_list and px_processed are caller-owned and released
 * with their _free functions (NULL-safe). */
#ifndef PX_INGEST_H
#define PX_INGEST_H

#include "analyze.h"
#include "extract.h"
#include "segment.h"
#include "store.h"

typedef struct px_file_list {
    char **paths;
    size_t n, cap;
} px_file_list;

/* Problems (unreadable folders) are reported through warn(path, message). */
int px_ingest_collect(char *const *args, int n_args, px_file_list *out,
                      void (*warn)(void *ctx, const char *path, const char *message), void *ctx);
void px_file_list_free(px_file_list *l);

/* Whether a file met in a folder walk may be a plan, by its name (.pdf,
 * .docx, .doc, .odt, .rtf, .txt, .md, or no extension); the format itself
 * is always read from the bytes. */
int px_ingest_is_document_name(const char *path);

/* Whether a file name is an editor temporary (~$x.docx, .~lock.x#). */
int px_ingest_is_temporary(const char *path);

/* Reads a whole file (bounded by PX_LIMIT_FILE_BYTES); computes SHA-256. */
int px_read_file(const char *path, unsigned char **bytes, size_t *len, px_error *err);
void px_sha256_hex(const unsigned char *bytes, size_t len, char out[65]);

typedef struct px_processed {
    px_doc *doc;
    px_outline outline;
    px_result result;
    /* Rule ids the items point to when the result was decoded from bytes
     * (serialize.h) rather than made by px_ingest_process, whose items point
     * into the rule set.  Owned here; NULL otherwise. */
    char **rule_ids;
    size_t n_rule_ids;
} px_processed;

int px_ingest_process(const unsigned char *bytes, size_t len, const px_ruleset *rules,
                      const px_extract_options *opt, px_processed *out, px_error *err);
void px_processed_free(px_processed *p);

/* --- bulk ingestion (issue 7) --------------------------------------------- */

/* Reads a file like px_read_file, and fails with *changed set when its size
 * or modification time differ from what the scan saw (expect_size,
 * expect_mtime_ns; -1 = do not check) before or after the read: the file is
 * still being written.  *size and *mtime (seconds) get what was read. */
int px_ingest_read(const char *path, long long expect_size, long long expect_mtime_ns, unsigned char **bytes,
                   size_t *len, long long *size, long long *mtime, int *changed, px_error *err);

/* Stable hash of a path for --shard K/N (FNV-1a, 64 bits): the same path
 * goes to the same shard on every machine and every run. */
unsigned long long px_ingest_path_hash(const char *path);

/* Test-only crash hook.  Does nothing unless the environment variable
 * PLANEX_TEST_CRASH_ON is set to a marker of at least 8 bytes AND the
 * file's bytes contain that marker; then, by the word after "MARKER:" in the
 * file, it raises SIGSEGV ("segv", the default), spins forever ("loop"),
 * sleeps forever ("sleep"), allocates and touches memory without end
 * ("alloc") or aborts ("abort").  Called by the worker before extraction,
 * so tests can prove one file cannot take the batch down.  The marker is
 * read from the environment once by the worker (env_marker). */
void px_ingest_test_hook(const char *env_marker, const unsigned char *bytes, size_t len);

#endif
