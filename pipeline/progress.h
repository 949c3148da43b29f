/* progress.h: what a long ingest shows while it runs.
 *
 * On a terminal, one status line redrawn in place (at most ten times a
 * second): a bar, files done/total, pages, files/s, ETA, failures so far.
 * Elsewhere (a log, a pipe, cron mail), a plain line every
 * PX_PROGRESS_PLAIN_SECONDS.  Quiet prints nothing.  Lines that must stay
 * (a failed file) go through px_progress_line, which clears the status line
 * first and redraws it after.
 *
 * This is CLI output: only the commands use it, on the FILE they give it.
 * Ownership: px_progress_new returns an object freed by px_progress_free
 * (NULL-safe), which does not close the FILE. */
#ifndef PX_PROGRESS_H
#define PX_PROGRESS_H

#include <stdio.h>

#define PX_PROGRESS_PLAIN_SECONDS 10.0

typedef struct px_progress px_progress;

typedef struct px_progress_counts {
    size_t done, total;
    long long pages;
    int failed, skipped;
} px_progress_counts;

/* tty: -1 = ask isatty(fileno(out)). */
px_progress *px_progress_new(FILE *out, int tty, int quiet);
void px_progress_update(px_progress *p, const px_progress_counts *c, int force);
/* Prints one whole line (no newline needed) above the status line. */
void px_progress_line(px_progress *p, const char *line);
/* Erases the status line (before the final summary). */
void px_progress_done(px_progress *p);
void px_progress_free(px_progress *p);

/* Formats seconds as "1h02m", "3m05s", "42s". */
void px_progress_duration(double seconds, char *out, size_t size);

#endif
