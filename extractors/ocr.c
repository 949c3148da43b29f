/* ocr.c: Tesseract's C API behind px_ocr (built only with PX_HAVE_OCR).
 *
 * Tesseract is loaded with dlopen on first use, not linked: its OpenMP
 * runtime (libgomp) reads OMP_THREAD_LIMIT once, when it is loaded, and
 * Tesseract asks for its threads with num_threads() clauses that only that
 * limit caps (omp_set_num_threads does not).  DESIGN.md measured 7x slower
 * OCR on 2 cores with the default threads; on corpus/scan/000-scan.pdf
 * (5 pages) a linked Tesseract took 27 s against 9.7 s with the limit.  So
 * the first px_ocr_new sets OMP_THREAD_LIMIT=1 when the user has not set it,
 * then loads the library.  This is process state, done once (pthread_once);
 * it is the only place planex touches the environment.  The build needs
 * Tesseract's headers only (the functions' types come from capi.h). */
#ifdef PX_HAVE_OCR

#include "ocr.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tesseract/capi.h>

#define TESS_FUNCS(X)                                                                        \
    X(TessBaseAPICreate) X(TessBaseAPIInit3) X(TessBaseAPISetVariable) X(TessBaseAPIEnd)     \
    X(TessBaseAPIDelete) X(TessBaseAPISetPageSegMode) X(TessBaseAPISetImage)                \
    X(TessBaseAPISetSourceResolution) X(TessBaseAPIRecognize) X(TessBaseAPIClear)           \
    X(TessBaseAPIGetIterator) X(TessResultIteratorGetPageIterator)                          \
    X(TessPageIteratorIsAtBeginningOf) X(TessPageIteratorBoundingBox)                       \
    X(TessResultIteratorGetUTF8Text) X(TessDeleteText) X(TessResultIteratorNext)            \
    X(TessResultIteratorDelete)

static struct {
#define DECLARE(f) __typeof__(f) *f;
    TESS_FUNCS(DECLARE)
#undef DECLARE
} T;

static int loaded;
static char load_error[200];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load_tesseract(void)
{
    if (!getenv("OMP_THREAD_LIMIT"))
        setenv("OMP_THREAD_LIMIT", "1", 0);
    static const char *const names[] = {"libtesseract.so.5", "libtesseract.so.4", "libtesseract.so"};
    void *h = NULL;
    for (size_t i = 0; i < sizeof names / sizeof *names && !h; i++)
        h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(load_error, sizeof load_error, "the Tesseract library was not found (install libtesseract5)");
        return;
    }
#define RESOLVE(f)                                                                   \
    if (!(T.f = (__typeof__(f) *)dlsym(h, #f))) {                                    \
        snprintf(load_error, sizeof load_error, "the Tesseract library lacks %s", #f); \
        return;                                                                      \
    }
    TESS_FUNCS(RESOLVE)
#undef RESOLVE
    loaded = 1; /* the library stays loaded for the life of the process */
}

struct px_ocr {
    TessBaseAPI *api;
};

px_ocr *px_ocr_new(const char *lang, char *err, size_t errlen)
{
    pthread_once(&once, load_tesseract);
    if (!loaded) {
        snprintf(err, errlen, "%s", load_error);
        return NULL;
    }
    px_ocr *o = calloc(1, sizeof *o);
    if (!o) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    o->api = T.TessBaseAPICreate();
    if (!o->api || T.TessBaseAPIInit3(o->api, NULL, lang) != 0) {
        snprintf(err, errlen, "Tesseract could not load the '%s' language data (install tesseract-ocr-%s)",
                 lang, lang);
        if (o->api)
            T.TessBaseAPIDelete(o->api);
        free(o);
        return NULL;
    }
    /* Tesseract's diagnostics ("Detected N diacritics") go to stderr unless
     * sent elsewhere; users must not see library noise. */
    T.TessBaseAPISetVariable(o->api, "debug_file", "/dev/null");
    return o;
}

void px_ocr_free(px_ocr *o)
{
    if (!o)
        return;
    T.TessBaseAPIEnd(o->api);
    T.TessBaseAPIDelete(o->api);
    free(o);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

int px_ocr_page(px_ocr *o, const unsigned char *gray, int width, int height, int stride, int dpi,
                px_pdf_page *page)
{
    T.TessBaseAPISetPageSegMode(o->api, PSM_AUTO);
    T.TessBaseAPISetImage(o->api, gray, width, height, 1, stride);
    T.TessBaseAPISetSourceResolution(o->api, dpi);
    if (T.TessBaseAPIRecognize(o->api, NULL) != 0) {
        T.TessBaseAPIClear(o->api);
        return -1;
    }
    size_t first = page->n_words;
    int words = 0, failed = 0;
    double k = 72.0 / dpi;
    TessResultIterator *it = T.TessBaseAPIGetIterator(o->api);
    if (it) {
        const TessPageIterator *pit = T.TessResultIteratorGetPageIterator(it);
        int lt = 0, lb = 0;
        do {
            int l, t, r, b;
            if (T.TessPageIteratorIsAtBeginningOf(pit, RIL_TEXTLINE) &&
                T.TessPageIteratorBoundingBox(pit, RIL_TEXTLINE, &l, &t, &r, &b)) {
                lt = t;
                lb = b;
            }
            if (!T.TessPageIteratorBoundingBox(pit, RIL_WORD, &l, &t, &r, &b))
                continue;
            char *text = T.TessResultIteratorGetUTF8Text(it, RIL_WORD);
            if (!text)
                continue;
            size_t len = strlen(text);
            /* The words of a line share the line's box, so the line
             * builder puts them on one line whatever their letters' heights. */
            if (len && px_pdf_page_add_word(page, text, len, l * k, lt * k, r * k, lb * k, (lb - lt) * k, -1, 1))
                failed = 1;
            else if (len)
                words++;
            T.TessDeleteText(text);
        } while (!failed && T.TessResultIteratorNext(it, RIL_WORD));
        T.TessResultIteratorDelete(it);
    }
    T.TessBaseAPIClear(o->api);
    /* A line box spans ascenders, descenders and stacked Vietnamese marks,
     * about 1.2 em, but varies with the letters a line happens to hold:
     * lines near the page's usual height are body text of one size. */
    size_t n = page->n_words - first;
    int *h = n ? malloc(n * sizeof *h) : NULL;
    if (h) {
        for (size_t i = 0; i < n; i++)
            h[i] = (int)(page->words[first + i].size * 10);
        qsort(h, n, sizeof *h, cmp_int);
        double median = h[n / 2] / 10.0;
        for (size_t i = first; i < page->n_words; i++) {
            px_pdf_word *w = &page->words[i];
            if (w->size > 0.7 * median && w->size < 1.3 * median)
                w->size = median;
            w->size = w->size / 1.2;
            w->size = (double)(long)(w->size * 2 + 0.5) / 2;
        }
        free(h);
    }
    return failed ? -1 : words;
}

#else
/* Built without Tesseract: nothing here (ISO C wants a declaration). */
typedef int px_ocr_not_built;
#endif
