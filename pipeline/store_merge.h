/* store_merge.h: the store side of bulk ingestion (issue 7).
 *
 *  - px_store_merge copies a shard store (made by `planex ingest --shard
 *    K/N`) into another: documents already present (same SHA-256) are not
 *    copied again, only their paths are added; every other row of every
 *    table keyed by document is copied with its ids remapped (read from the
 *    schema, so tables added later come along), and the search index too.
 *    One transaction per shard: a failed or killed merge leaves the target
 *    as it was.
 *  - px_store_stale_paths lists the recorded paths of documents extracted
 *    with other rules, extractor or planex versions (`ingest --reextract`
 *    with no PATH redoes them).
 *
 * Ownership: px_store_stale_paths fills a caller-owned array released with
 * px_store_paths_free. */
#ifndef PX_STORE_MERGE_H
#define PX_STORE_MERGE_H

#include <stddef.h>

#include "error.h"
#include "store.h"

typedef struct px_merge_counts {
    int documents;     /* copied */
    int present;       /* already in the target by SHA-256 */
    int paths;         /* path rows added or moved */
} px_merge_counts;

int px_store_merge(px_store *out, const char *shard_path, px_merge_counts *counts, px_error *err);

typedef struct px_paths {
    char **paths;
    size_t n;
} px_paths;
int px_store_stale_paths(px_store *s, const char *rules_version, px_paths *out, px_error *err);
void px_store_paths_free(px_paths *p);

#endif
