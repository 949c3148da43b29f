#!/usr/bin/env bash
# tests/valgrind.sh: the normal build under valgrind memcheck, end to end:
# ingest corpus/text and corpus/pdf (text-layer PDFs), then export them.
# One check: it passes only when neither run has a definite leak or a memory
# error outside the suppressions of tests/valgrind.supp (libraries' one-time
# allocations and PCRE2's JIT code, never planex's own code).
# `make valgrind` runs it alone; tests/run.sh runs it as one counted check.
. "$(dirname "$0")/lib.sh"
need_binary

VG=(valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite
    --error-exitcode=9 --num-callers=30 --suppressions="$ROOT/tests/valgrind.supp")

"${VG[@]}" --log-file="$T/ingest.%p.vg" "$PLANEX" ingest --db "$T/vg.db" corpus/text corpus/pdf >"$T/out" 2>"$T/err"
rc_ingest=$?
"${VG[@]}" --log-file="$T/export.%p.vg" "$PLANEX" export --db "$T/vg.db" --format json >"$T/export.jsonl" 2>>"$T/err"
rc_export=$?
docs=$(grep -c . "$T/export.jsonl")
want=$(ls corpus/text/*.txt corpus/pdf/*.pdf | wc -l)

if [ "$rc_ingest" -eq 0 ] && [ "$rc_export" -eq 0 ] && [ "$docs" -eq "$want" ]; then
    ok "valgrind: ingest + export of corpus/text and corpus/pdf ($want documents): no definite leak, no memory error"
else
    detail=()
    # one log per process (ingest forks workers)
    for f in "$T"/*.vg; do
        grep -qE 'ERROR SUMMARY: [1-9]|definitely lost: [1-9]' "$f" || continue
        detail+=("$(basename "$f"): $(grep -E 'ERROR SUMMARY|definitely lost' "$f" | sed 's/^==[0-9]*== //' | tr '\n' ' ')")
        # the first error blocks, with their stacks
        detail+=("$(awk '/^==[0-9]+== [A-Z]/ && !/Memcheck|Copyright|Using Valgrind|Command|HEAP SUMMARY|LEAK SUMMARY|ERROR SUMMARY|For lists|Reachable|To see|in use at exit|total heap|definitely|indirectly|possibly|still reachable|suppressed/ { n++ } n && n <= 3' "$f" | sed 's/^==[0-9]*== //' | head -n 40)")
    done
    not_ok "valgrind: ingest + export of corpus/text and corpus/pdf: no definite leak, no memory error" \
        "ingest exit $rc_ingest, export exit $rc_export (9 = valgrind found errors), $docs of $want documents exported" \
        "${detail[@]}" "$(tail -n 3 "$T/err")"
fi
done_testing
