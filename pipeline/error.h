/* error.h: errors as values.
 *
 * Library functions never print. They return a status and, on failure, fill
 * a caller-owned px_error with one line in plain words (no file name: the
 * caller knows the file and prefixes it).  Only main maps errors to output
 * and exit codes. */
#ifndef PX_ERROR_H
#define PX_ERROR_H

#include <stddef.h>

enum { PX_ERROR_MAX = 512 };

typedef struct px_error {
    char msg[PX_ERROR_MAX];
} px_error;

/* Formats the message into err (NULL-safe). Always returns -1 so callers can
 * write `return px_error_set(err, "...")`. */
int px_error_set(px_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prefixes an existing message: "context: old message". Returns -1. */
int px_error_prefix(px_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
