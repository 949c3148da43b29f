/* serialize.h: a px_processed as bytes and back, so a worker process can
 * hand its result to the single writer over a pipe.
 *
 * The format is private to one planex binary (the parent and its forked
 * workers are the same build): a magic and version, then the doc's blocks
 * and warnings, the outline, the metadata and the items, every integer in
 * host order, every string as a length and its bytes (NULL as ~0).  The
 * decoder treats the bytes as untrusted: every length and every index
 * (section → block, parent, item → section) is checked, so a worker that
 * went wrong cannot make the writer read out of bounds.
 *
 * Ownership: px_buf is caller-owned, released with px_buf_free (NULL-safe).
 * px_processed_decode fills a caller-owned px_processed released with
 * px_processed_free; its items' rule ids are owned by it (rule_ids). */
#ifndef PX_SERIALIZE_H
#define PX_SERIALIZE_H

#include <stddef.h>

#include "error.h"
#include "ingest.h"

typedef struct px_buf {
    unsigned char *data;
    size_t len, cap;
} px_buf;

int px_buf_put(px_buf *b, const void *data, size_t len);
void px_buf_free(px_buf *b);

/* Appends the encoding of p to out.  Returns 0, or -1 when out of memory. */
int px_processed_encode(const px_processed *p, px_buf *out);

/* Decodes bytes made by px_processed_encode.  Returns 0, or -1 with err set
 * (and *out empty) when the bytes are malformed. */
int px_processed_decode(const unsigned char *data, size_t len, px_processed *out, px_error *err);

#endif
