/* harness.h: the smallest unit-test harness that does the job.
 * Each test file defines tests with TEST(name) and lists them in main via
 * RUN(name).  Output: one "ok"/"FAIL" line per check that fails, and a final
 * line "unit <file>: N passed, N failed" that tests/run.sh adds up. */
#ifndef PX_HARNESS_H
#define PX_HARNESS_H

#include <stdio.h>
#include <string.h>

static int harness_passed, harness_failed;
static const char *harness_current;

#define TEST(name) static void name(void)
#define RUN(name) do { harness_current = #name; name(); } while (0)

#define CHECK(cond) do { \
    if (cond) harness_passed++; \
    else { harness_failed++; printf("FAIL %s:%d %s: %s\n", __FILE__, __LINE__, harness_current, #cond); } \
} while (0)

#define CHECK_STR(got, want) do { \
    const char *g_ = (got), *w_ = (want); \
    if (g_ && w_ && strcmp(g_, w_) == 0) harness_passed++; \
    else if (!g_ && !w_) harness_passed++; \
    else { harness_failed++; printf("FAIL %s:%d %s: got \"%s\", want \"%s\"\n", __FILE__, __LINE__, \
                                    harness_current, g_ ? g_ : "(null)", w_ ? w_ : "(null)"); } \
} while (0)

#define CHECK_INT(got, want) do { \
    long long g_ = (long long)(got), w_ = (long long)(want); \
    if (g_ == w_) harness_passed++; \
    else { harness_failed++; printf("FAIL %s:%d %s: %s = %lld, want %lld\n", __FILE__, __LINE__, \
                                    harness_current, #got, g_, w_); } \
} while (0)

#define HARNESS_END() do { \
    printf("unit %s: %d passed, %d failed\n", __FILE__, harness_passed, harness_failed); \
    return harness_failed ? 1 : 0; \
} while (0)

#endif
