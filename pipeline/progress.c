/* progress.c: see progress.h. */
#include "progress.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct px_progress {
    FILE *out;
    int tty, quiet;
    int drawn;                 /* a status line is on the screen */
    double t0, last;
    px_progress_counts c;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

px_progress *px_progress_new(FILE *out, int tty, int quiet)
{
    px_progress *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->out = out;
    p->tty = tty >= 0 ? tty : isatty(fileno(out));
    p->quiet = quiet;
    p->t0 = p->last = now();
    return p;
}

void px_progress_free(px_progress *p) { free(p); }

void px_progress_duration(double s, char *out, size_t size)
{
    long t = (long)(s + 0.5);
    if (t >= 3600)
        snprintf(out, size, "%ldh%02ldm", t / 3600, (t / 60) % 60);
    else if (t >= 60)
        snprintf(out, size, "%ldm%02lds", t / 60, t % 60);
    else
        snprintf(out, size, "%lds", t);
}

static void draw(px_progress *p)
{
    const px_progress_counts *c = &p->c;
    double el = now() - p->t0;
    double rate = el > 0 ? (double)c->done / el : 0;
    char eta[32] = "?";
    if (rate > 0 && c->total >= c->done)
        px_progress_duration((double)(c->total - c->done) / rate, eta, sizeof eta);
    char fail[48] = "";
    if (c->failed || c->skipped)
        snprintf(fail, sizeof fail, ", %d failed, %d skipped", c->failed, c->skipped);
    if (p->tty) {
        enum { W = 24 };
        char bar[W + 1];
        size_t fill = c->total ? c->done * W / c->total : 0;
        for (size_t i = 0; i < W; i++)
            bar[i] = i < fill ? '#' : '-';
        bar[W] = '\0';
        /* \r and erase-to-end-of-line: redraw in place */
        fprintf(p->out, "\r\033[K[%s] %zu/%zu files, %lld pages, %.1f files/s, ETA %s%s", bar, c->done, c->total,
                c->pages, rate, eta, fail);
        p->drawn = 1;
    } else {
        fprintf(p->out, "planex: progress: %zu/%zu files, %lld pages, %.1f files/s, ETA %s%s\n", c->done, c->total,
                c->pages, rate, eta, fail);
    }
    fflush(p->out);
}

void px_progress_update(px_progress *p, const px_progress_counts *c, int force)
{
    if (!p)
        return;
    p->c = *c;
    if (p->quiet)
        return;
    double t = now();
    double every = p->tty ? 0.1 : PX_PROGRESS_PLAIN_SECONDS;
    if (!force && t - p->last < every)
        return;
    p->last = t;
    draw(p);
}

void px_progress_line(px_progress *p, const char *line)
{
    if (p && p->drawn) {
        fputs("\r\033[K", p->out);
        p->drawn = 0;
    }
    FILE *out = p ? p->out : stderr;
    fprintf(out, "%s\n", line);
    if (p && p->tty && !p->quiet)
        draw(p);
    fflush(out);
}

void px_progress_done(px_progress *p)
{
    if (p && p->drawn) {
        fputs("\r\033[K", p->out);
        fflush(p->out);
        p->drawn = 0;
    }
}
