#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int px_error_set(px_error *err, const char *fmt, ...)
{
    if (!err)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    /* One line, always: a library message with a newline would break the
     * one-error-per-file output contract. */
    for (char *p = err->msg; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return -1;
}

int px_error_prefix(px_error *err, const char *fmt, ...)
{
    if (!err)
        return -1;
    char prefix[PX_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    char old[PX_ERROR_MAX];
    memcpy(old, err->msg, sizeof old);
    size_t n = strlen(prefix);
    if (n > PX_ERROR_MAX / 2)
        n = PX_ERROR_MAX / 2; /* keep room for the message itself */
    snprintf(err->msg, sizeof err->msg, "%.*s: %.*s", (int)n, prefix, (int)(PX_ERROR_MAX - n - 3), old);
    return -1;
}
