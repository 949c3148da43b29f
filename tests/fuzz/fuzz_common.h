/* fuzz_common.h: what the fuzz targets share (fuzz_common.c).  The rule set
 * and the temporary folder are made once per fuzzing process and kept for
 * its life: libFuzzer calls the target millions of times. */
#ifndef PX_FUZZ_COMMON_H
#define PX_FUZZ_COMMON_H

#include "ruleset.h"

/* planex's own rules (PX_DEFAULT_RULES, or $PLANEX_RULES), loaded once. */
const px_ruleset *fuzz_rules(void);
/* A private temporary folder, made once. */
const char *fuzz_tmpdir(void);

#endif
