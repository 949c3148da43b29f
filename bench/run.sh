#!/usr/bin/env bash
# bench/run.sh (make bench): planex ingest against pdftotext and pandoc on
# the same files, measured in the same run.
#
# Corpus: bench/make_variants.py makes COPIES variants of every text-layer
# PDF and every DOCX of corpus/ (>= 1,000 documents by default), cached in
# bench/out/corpus.  The scan is left out: OCR is excluded from the targets.
#
# Each tool runs once over the same files, timed by /usr/bin/time (wall,
# user+sys CPU of the process and its children, and the largest resident
# size of any one of those processes).  planex also writes --summary-json,
# which gives the writer's and the largest worker's peak RSS apart.
#   pdftotext: one process per PDF (pdftotext FILE -), as a script would.
#   pandoc -t plain: one process per DOCX.
#   planex ingest -j 1 / -j 2: extract + rules + SQLite, into a fresh store.
#
# The machine may be shared: every planex and pdftotext measurement is
# repeated BENCH_REPEAT times and the fastest kept (the run least disturbed
# by others), and the load average before and after is printed with the
# figures.  pandoc, 15-20x slower, runs once.
#
# Environment: BENCH_COPIES (67), BENCH_OUT (bench/out), BENCH_REPEAT (3),
# BENCH_PANDOC_MAX (all: a smaller number times pandoc on that many files
# only), PLANEX (./planex).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2
OUT=${BENCH_OUT:-$ROOT/bench/out}
COPIES=${BENCH_COPIES:-67}
PLANEX=${PLANEX:-$ROOT/planex}
PANDOC_MAX=${BENCH_PANDOC_MAX:-0}
REPEAT=${BENCH_REPEAT:-3}
mkdir -p "$OUT/corpus" "$OUT/runs"
for t in pdftotext pandoc pdfinfo /usr/bin/time python3; do
    command -v "$t" >/dev/null || { echo "bench: $t is missing (apt-get install poppler-utils pandoc time python3)" >&2; exit 2; }
done
[ -x "$PLANEX" ] || { echo "bench: build planex first (make planex)" >&2; exit 2; }

echo "bench: corpus ($COPIES variants of each text-layer PDF and DOCX) in $OUT/corpus"
python3 bench/make_variants.py "$OUT/corpus" "$COPIES" || exit 2
PDFS=("$OUT"/corpus/pdf/*.pdf)
DOCXS=("$OUT"/corpus/docx/*.docx)
N_PDF=${#PDFS[@]}
N_DOCX=${#DOCXS[@]}
PAGES=$(awk '{ s += $1 } END { print s }' "$OUT/corpus/pages.txt")
echo "bench: $N_PDF PDFs ($PAGES pages), $N_DOCX DOCX: $((N_PDF + N_DOCX)) documents"

RESULTS=$OUT/results.txt
: >"$RESULTS"
# measure NAME DOCS PAGES CMD...: one line "name docs pages wall cpu
# maxrss_kb exit" for the fastest of $TIMES runs (BEFORE, if set, runs
# before each: a fresh store)
TIMES=1
BEFORE=
measure() {
    local name=$1 docs=$2 pages=$3 best="" i
    shift 3
    for i in $(seq "$TIMES"); do
        [ -n "$BEFORE" ] && eval "$BEFORE"
        /usr/bin/time -f "%e %U %S %M" -o "$OUT/runs/$name.time" "$@" >"$OUT/runs/$name.out" 2>"$OUT/runs/$name.err"
        local rc=$?
        # on failure /usr/bin/time writes "Command exited with ..." first
        read -r wall user sys rss < <(tail -n 1 "$OUT/runs/$name.time")
        local line="$name $docs $pages $wall $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') $rss $rc"
        printf 'bench: %-16s run %d: %6.2f s wall, %6.2f s CPU (exit %d)\n' "$name" "$i" "$wall" "$(echo "$line" | cut -d' ' -f5)" "$rc"
        if [ -z "$best" ] || awk -v a="$wall" -v b="$(echo "$best" | cut -d' ' -f4)" 'BEGIN { exit !(a < b) }'; then
            best=$line
            [ -f "$OUT/runs/$name.json" ] && cp "$OUT/runs/$name.json" "$OUT/runs/$name.best.json"
        fi
    done
    echo "$best" >>"$RESULTS"
}

run_planex() {
    local name=$1 jobs=$2 docs=$3 pages=$4
    shift 4
    BEFORE="rm -f '$OUT/runs/$name.db' '$OUT/runs/$name.db-wal' '$OUT/runs/$name.db-shm'"
    TIMES=$REPEAT measure "$name" "$docs" "$pages" "$PLANEX" ingest -j "$jobs" --quiet --db "$OUT/runs/$name.db" \
        --summary-json "$OUT/runs/$name.json" "$@"
    BEFORE=
}

# warm the page cache and the dynamic loader for everyone alike
cat "${PDFS[@]}" "${DOCXS[@]}" >/dev/null
pdftotext -v >/dev/null 2>&1; pandoc --version >/dev/null; "$PLANEX" --version >/dev/null

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
TIMES=$REPEAT measure pdftotext "$N_PDF" "$PAGES" sh -c 'for f; do pdftotext -q "$f" - >/dev/null || exit 1; done' sh "${PDFS[@]}"
run_planex planex-pdf-j1 1 "$N_PDF" "$PAGES" "$OUT/corpus/pdf"
run_planex planex-pdf-j2 2 "$N_PDF" "$PAGES" "$OUT/corpus/pdf"

PANDOC_FILES=("${DOCXS[@]}")
if [ "$PANDOC_MAX" -gt 0 ] && [ "$PANDOC_MAX" -lt "$N_DOCX" ]; then
    PANDOC_FILES=("${DOCXS[@]:0:$PANDOC_MAX}")
fi
measure pandoc "${#PANDOC_FILES[@]}" 0 sh -c 'for f; do pandoc -t plain "$f" >/dev/null || exit 1; done' sh "${PANDOC_FILES[@]}"
run_planex planex-docx-j1 1 "$N_DOCX" 0 "$OUT/corpus/docx"
run_planex planex-docx-j2 2 "$N_DOCX" 0 "$OUT/corpus/docx"

run_planex planex-all-j1 1 $((N_PDF + N_DOCX)) "$PAGES" "$OUT/corpus/pdf" "$OUT/corpus/docx"
run_planex planex-all-j2 2 $((N_PDF + N_DOCX)) "$PAGES" "$OUT/corpus/pdf" "$OUT/corpus/docx"

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- report ---------------------------------------------------------------------
python3 - "$RESULTS" "$OUT/runs" "$LOAD_BEFORE" "$LOAD_AFTER" "$REPEAT" <<'PY'
import json, os, sys
rows = {}
for line in open(sys.argv[1]):
    name, docs, pages, wall, cpu, rss, rc = line.split()
    rows[name] = dict(docs=int(docs), pages=int(pages), wall=float(wall), cpu=float(cpu), rss=int(rss), rc=int(rc))
runs = sys.argv[2]
def peaks(name):
    try:
        s = json.load(open(os.path.join(runs, name + ".best.json")))
        return s["peak_rss_kb"]["writer"], s["peak_rss_kb"]["worker"], s["failed"], s.get("cpu_seconds")
    except Exception:
        return None, None, None, None
cpu_model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print()
print(f"machine: {os.cpu_count()} cores, {cpu_model}, {os.uname().release}; "
      f"load average before {sys.argv[3]}, after {sys.argv[4]}; best of {sys.argv[5]} (pandoc: 1)")
print(f"{'tool':<16} {'docs':>5} {'pages':>6} {'wall s':>7} {'CPU s':>7} {'docs/s':>8} {'pages/s':>8} {'peak RSS MB':>11}  notes")
for name, r in rows.items():
    dps = r["docs"] / r["wall"] if r["wall"] else 0
    pps = r["pages"] / r["wall"] if r["wall"] and r["pages"] else 0
    w, k, failed, cpu = peaks(name)
    note = f"writer {w/1024:.0f} MB, worker {k/1024:.0f} MB" if w is not None else "largest process"
    if cpu:
        note += f"; CPU writer {cpu['writer']:.1f} s, workers {cpu['workers']:.1f} s"
    if failed:
        note += f", {failed} FAILED"
    if r["rc"]:
        note += f", exit {r['rc']}"
    print(f"{name:<16} {r['docs']:>5} {r['pages'] or '':>6} {r['wall']:>7.2f} {r['cpu']:>7.2f} {dps:>8.1f} "
          f"{(f'{pps:.1f}' if pps else ''):>8} {r['rss']/1024:>11.1f}  {note}")
def rate(n, key):
    r = rows.get(n)
    return (r[key] / r["wall"]) if r and r["wall"] else 0
print()
checks = []
pdf_ratio = rate("planex-pdf-j1", "pages") / rate("pdftotext", "pages") if rate("pdftotext", "pages") else 0
checks.append(("planex -j1 pages/s vs pdftotext (target >= 1.0x)", pdf_ratio, pdf_ratio >= 1.0))
docx_ratio = rate("planex-docx-j1", "docs") / rate("pandoc", "docs") if rate("pandoc", "docs") else 0
checks.append(("planex -j1 DOCX docs/s vs pandoc (target >= 10x)", docx_ratio, docx_ratio >= 10))
for kind in ("pdf", "docx", "all"):
    a, b = rows.get(f"planex-{kind}-j1"), rows.get(f"planex-{kind}-j2")
    if a and b:
        sp = a["wall"] / b["wall"]
        checks.append((f"speed-up -j2 vs -j1, {kind} (target >= 1.8x)", sp, sp >= 1.8 if kind == "all" else None))
top = max((r["rss"] for n, r in rows.items() if n.startswith("planex")), default=0) / 1024
checks.append(("peak RSS of any one planex process, MB (target <= 150)", top, top <= 150))
for desc, v, ok in checks:
    mark = "" if ok is None else ("met" if ok else "MISSED")
    print(f"  {desc:<58} {v:7.2f}  {mark}")
PY
echo
echo "bench: raw figures in $RESULTS; per-run output and planex summaries in $OUT/runs"
