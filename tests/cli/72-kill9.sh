#!/usr/bin/env bash
# 72-kill9.sh: kill -9 at random moments never leaves the store half-written.
# A corpus copy (three variants of each file, so there is work to
# interrupt) is ingested with -j 2 and SIGKILLed at a random moment 30
# times; after every kill the store must pass SQLite's integrity check and
# every document in it must be whole (its sections and items exactly as in
# a clean run's store); then a last run completes and the store must export
# exactly as the clean run's.
. "$(dirname "$0")/../lib.sh"
need_binary

KILLS=${PX_KILLS:-30}
C=$T/corpus
mkdir -p "$C"
i=0
for f in corpus/pdf/*.pdf corpus/docx/*.docx corpus/text/*.txt corpus/tcvn3/*.pdf corpus/appendix/005-appendix.*; do
    for v in 1 2 3; do
        i=$((i + 1))
        base=$(basename "$f")
        # bytes after the end of a PDF or a zip are ignored by readers but
        # change the hash: three distinct documents per file
        { cat "$f"; printf '\n%% variant %d\n' "$v"; } >"$C/v$v-$base"
    done
done
settle_old "$C"
N=$(count_plans "$C")

# the clean run, and its fingerprint of every document
fingerprint() {
    sql "$1" "SELECT d.sha256 || ' ' || (SELECT COUNT(*) FROM sections s WHERE s.document_id = d.id)
        || ' ' || (SELECT COUNT(*) FROM sections_fts f WHERE f.rowid IN (SELECT id FROM sections s WHERE s.document_id = d.id))
        || ' ' || (SELECT COUNT(*) FROM doc_references r WHERE r.document_id = d.id)
        || ' ' || (SELECT COUNT(*) FROM indicators r WHERE r.document_id = d.id)
        || ' ' || (SELECT COUNT(*) FROM assignments r WHERE r.document_id = d.id)
        || ' ' || (SELECT COUNT(*) FROM deadlines r WHERE r.document_id = d.id)
        || ' ' || (SELECT COUNT(*) FROM targets r WHERE r.document_id = d.id)
        || ' ' || (SELECT COUNT(*) FROM paths p WHERE p.document_id = d.id)
        FROM documents d ORDER BY d.sha256"
}
start=$(date +%s.%N)
"$PLANEX" ingest -j 2 --quiet --db "$T/clean.db" "$C" 2>"$T/clean.err"
check_eq "the clean run exits 0" "$?" 0
clean_s=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
fingerprint "$T/clean.db" >"$T/clean.fp"
check_eq "the clean run stores every file" "$(wc -l <"$T/clean.fp")" "$N"
"$PLANEX" export --db "$T/clean.db" --format json | sort >"$T/clean.json"

# kill at a random moment within the clean run's duration
ms=$(awk -v s="$clean_s" 'BEGIN { printf "%d", s * 1000 }')
[ "$ms" -lt 200 ] && ms=200
bad_integrity=0 bad_docs=0 killed=0 completed=0 progress_seen=""
# runs the journal shows: a killed run is left unfinished (a kill before
# the run opened the store leaves no row, which is right too)
last_run=0 journaled_kills=0 finished_but_killed=0
for k in $(seq "$KILLS"); do
    "$PLANEX" ingest -j 2 --quiet --db "$T/k.db" "$C" 2>"$T/k.err" &
    pid=$!
    sleep "$(awk -v r=$RANDOM -v m="$ms" 'BEGIN { printf "%.3f", (r % m) / 1000 }')"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    rc=$?
    if [ $rc -eq 137 ]; then
        killed=$((killed + 1))
    elif [ -f "$T/k.db" ]; then
        # the run finished before the kill: check the finished store, then
        # start over so the next kills land on work again
        completed=$((completed + 1))
        fingerprint "$T/k.db" >"$T/k.fp"
    run=$(sql "$T/k.db" "SELECT COALESCE(MAX(id), 0) || ' ' || COALESCE((SELECT finished_at IS NOT NULL FROM runs ORDER BY id DESC LIMIT 1), 0) FROM runs")
    if [ "${run% *}" -gt "$last_run" ]; then
        journaled_kills=$((journaled_kills + 1))
        # killed after it wrote its end: only right if the work was done
        [ "${run#* }" = 1 ] && ! cmp -s "$T/k.fp" "$T/clean.fp" && finished_but_killed=$((finished_but_killed + 1))
        last_run=${run% *}
    fi
        cmp -s "$T/k.fp" "$T/clean.fp" || {
            bad_docs=$((bad_docs + 1))
            echo "# run $k finished (exit $rc) unlike the clean run: $(tail -n 3 "$T/k.err")"
        }
        rm -f "$T/k.db" "$T/k.db-wal" "$T/k.db-shm"
        last_run=0
        progress_seen="$progress_seen done"
        continue
    fi
    [ -f "$T/k.db" ] || continue
    ic=$(sql "$T/k.db" "PRAGMA integrity_check")
    [ "$ic" = ok ] || { bad_integrity=$((bad_integrity + 1)); echo "# kill $k: integrity: $ic"; }
    fingerprint "$T/k.db" >"$T/k.fp"
    # every document present must be exactly as in the clean run
    extra=$(comm -23 "$T/k.fp" "$T/clean.fp" | head -n 3)
    if [ -n "$extra" ]; then
        bad_docs=$((bad_docs + 1))
        echo "# kill $k: documents not as in the clean run: $extra"
    fi
    progress_seen="$progress_seen $(wc -l <"$T/k.fp")"
done
echo "# documents after each kill:$progress_seen"
echo "# $killed killed, $completed finished before the kill"
check_ge "most runs were really killed mid-way" "$killed" $((KILLS / 2))
check_eq "after every kill the database passes integrity_check" "$bad_integrity" 0
check_eq "after every kill no document is half-loaded or duplicated" "$bad_docs" 0
if pgrep -f "$T/k.db" >/dev/null; then not_ok "no orphan workers after kill -9"; else ok "no orphan workers after kill -9"; fi

"$PLANEX" ingest -j 2 --db "$T/k.db" "$C" >/dev/null 2>"$T/final.err"
check_eq "the run after the kills completes (exit 0)" "$?" 0
check_eq "and holds every document exactly as the clean run" "$(fingerprint "$T/k.db")" "$(cat "$T/clean.fp")"
"$PLANEX" export --db "$T/k.db" --format json | sort >"$T/k.json"
if cmp -s "$T/clean.json" "$T/k.json"; then
    ok "the final store exports exactly as the clean run's"
else
    not_ok "the final store exports exactly as the clean run's" "$(diff "$T/clean.json" "$T/k.json" | head -c 800)"
fi
check_eq "no killed run is journaled as finished with its work undone" "$finished_but_killed" 0
check_eq "the last run (not killed) is journaled as finished" \
    "$(sql "$T/k.db" "SELECT finished_at IS NOT NULL FROM runs ORDER BY id DESC LIMIT 1")" 1
check_ge "the runs left unfinished are killed ones" "$killed" \
    "$(sql "$T/k.db" "SELECT COUNT(*) FROM runs WHERE finished_at IS NULL")"
echo "# $journaled_kills killed runs had opened the journal"

done_testing
