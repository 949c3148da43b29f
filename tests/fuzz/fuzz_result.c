/* fuzz_result.c: libFuzzer target for px_processed_decode, the parent's
 * reading of what a worker sends back (serialize.h): a worker gone wrong
 * must not make the writer read out of bounds or leak.  Seeds: encodings of
 * the corpus texts, written by this binary itself when run with
 * PX_FUZZ_MAKE_SEEDS=DIR and the files to encode as arguments (run.sh). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "serialize.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *dir = getenv("PX_FUZZ_MAKE_SEEDS");
    if (!dir)
        return 0;
    for (int i = 1; i < *argc; i++) {
        unsigned char *bytes;
        size_t len;
        px_error err;
        px_processed p;
        px_extract_options opt = {.ocr = 0};
        if (px_read_file((*argv)[i], &bytes, &len, &err))
            continue;
        if (px_ingest_process(bytes, len, fuzz_rules(), &opt, &p, &err) == 0) {
            px_buf b = {0};
            if (px_processed_encode(&p, &b) == 0) {
                char path[4096];
                snprintf(path, sizeof path, "%s/seed-%d", dir, i);
                FILE *f = fopen(path, "wb");
                if (f) {
                    fwrite(b.data, 1, b.len, f);
                    fclose(f);
                }
            }
            px_buf_free(&b);
            px_processed_free(&p);
        }
        free(bytes);
    }
    exit(0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    px_processed p;
    px_error err;
    if (px_processed_decode(data, size, &p, &err) == 0) {
        /* what the writer does next reads every string: so does encoding */
        px_buf b = {0};
        px_processed_encode(&p, &b);
        px_buf_free(&b);
        px_processed_free(&p);
    }
    return 0;
}
