/* textout.h: the two quoting rules every output of planex shares, so that
 * export, compare, matrix and search write JSON and CSV the same way. */
#ifndef PX_TEXTOUT_H
#define PX_TEXTOUT_H

#include <stdio.h>

/* A JSON string (escaped, quoted), or `null` for NULL. */
void px_json_str(FILE *out, const char *s);

/* An RFC 4180 CSV field: quoted when it holds a comma, quote or line
 * break; nothing for NULL. */
void px_csv_field(FILE *out, const char *s);

#endif
