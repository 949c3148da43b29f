/* targets.c: placeholder. */
#include "analyze.h"

int px_find_targets(px_analysis *a) { (void)a; return 0; }
