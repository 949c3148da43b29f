/* fuzz_text.c: libFuzzer target for the text extractor and everything after
 * it (normalize, segment, the rules): the whole px_ingest_process on bytes
 * that detect as text.  Seeds: corpus/text, corpus/appendix/*.txt. */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const px_ruleset *rules = fuzz_rules();
    px_extract_options opt = {.ocr = 0};
    px_processed p;
    px_error err;
    if (px_ingest_process(data, size, rules, &opt, &p, &err) == 0)
        px_processed_free(&p);
    return 0;
}
