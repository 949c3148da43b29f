#!/usr/bin/env bash
# 20-seeds.sh: the five seed plans (corpus/text) end to end: ingest, export,
# score against corpus/gold with the floors of tests/floors.txt, the export
# contract, and re-ingest (unchanged, copy, move) adding no rows.
. "$(dirname "$0")/../lib.sh"
need_binary

DB=$T/seeds.db
seeds=(corpus/text/*.txt)
check_eq "corpus/text has the five seed texts" "${#seeds[@]}" 5

"$PLANEX" ingest --db "$DB" "${seeds[@]}" >"$T/out" 2>"$T/err"
rc=$?
check_eq "ingest of corpus/text exits 0" "$rc" 0
check_contains "ingest reports 5 added" "$(cat "$T/err")" "5 added, 0 updated, 0 moved, 0 unchanged, 0 failed"
check_eq "5 documents in the database" "$(sql "$DB" 'SELECT count(*) FROM documents')" 5
check_eq "no document without sections" \
    "$(sql "$DB" 'SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM sections s WHERE s.document_id = d.id)')" 0

"$PLANEX" export --db "$DB" --format json >"$T/export.jsonl" 2>"$T/err"
check_eq "export --format json exits 0" "$?" 0
check_eq "export prints nothing on stderr" "$(cat "$T/err")" ""

# --- the score against the gold, with the floors -------------------------
if [ ! -f "$SCORE" ]; then
    not_ok "score.py is at $SCORE (shared/ beside the project)"
else
    python3 "$SCORE" corpus/gold "$T/export.jsonl" >"$T/score.txt" 2>&1
    check_eq "score.py runs on the export" "$?" 0
    sed 's/^/# /' "$T/score.txt"
    while read -r name min; do
        case $name in '' | \#* | *_*) continue ;; esac # per-format floors belong to 50-corpus.sh
        check_ge "seeds: $name score at least its floor" "$(score_field "$T/score.txt" "$name")" "$min"
    done <"$FLOORS"
fi

# --- the export contract --------------------------------------------------
check_export_contract "$T/export.jsonl" "${seeds[@]}"

# one document at a time: DOC as path and as id
one=$("$PLANEX" export --db "$DB" --format json "${seeds[2]}" | grep -c .)
check_eq "export DOC (a source path) exports that document only" "$one" 1
id=$(sql "$DB" "SELECT document_id FROM paths WHERE path = '${seeds[2]}'")
src=$("$PLANEX" export --db "$DB" --format json "$id" | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["source"])' 2>/dev/null)
check_eq "export DOC (an id) exports that document" "$src" "${seeds[2]}"

# --- re-ingest: unchanged, no new rows -----------------------------------
before=$(row_counts "$DB")
"$PLANEX" ingest --db "$DB" "${seeds[@]}" >"$T/out" 2>"$T/err"
check_eq "re-ingest of the same files exits 0" "$?" 0
check_contains "re-ingest reports every file unchanged" "$(cat "$T/err")" "0 added, 0 updated, 0 moved, 5 unchanged, 0 failed"
check_eq "re-ingest adds no rows (row counts before and after)" "$(row_counts "$DB")" "$before"
check_eq "the journal records 5 unchanged files for the last run" \
    "$(sql "$DB" "SELECT count(*) FROM run_files WHERE run_id = (SELECT max(id) FROM runs) AND outcome = 'unchanged'")" 5

# --- the same bytes at a new path: a copy, then a move --------------------
mkdir -p "$T/elsewhere"
cp "${seeds[0]}" "$T/elsewhere/copy-of-000.txt"
docs_before=$(sql "$DB" 'SELECT count(*) FROM documents')
sections_before=$(sql "$DB" 'SELECT count(*) FROM sections')
"$PLANEX" ingest --db "$DB" "$T/elsewhere/copy-of-000.txt" >"$T/out" 2>"$T/err"
check_eq "ingest of a copy exits 0" "$?" 0
check_contains "a copy is not added again" "$(cat "$T/err")" "0 added"
check_eq "a copy adds no document" "$(sql "$DB" 'SELECT count(*) FROM documents')" "$docs_before"
check_eq "a copy adds no sections" "$(sql "$DB" 'SELECT count(*) FROM sections')" "$sections_before"
check_eq "the journal records the copy" \
    "$(sql "$DB" "SELECT outcome FROM run_files WHERE path = '$T/elsewhere/copy-of-000.txt'")" copy
check_eq "the copy's path is recorded for the same document" \
    "$(sql "$DB" "SELECT count(DISTINCT document_id) FROM paths WHERE path IN ('${seeds[0]}', '$T/elsewhere/copy-of-000.txt')")" 1
paths=$("$PLANEX" export --db "$DB" --format json "${seeds[0]}" |
    python3 -c 'import json,sys; print(" ".join(sorted(json.loads(sys.stdin.readline()).get("paths", []))))' 2>/dev/null)
check_contains "export lists the copy under paths" "$paths" "$T/elsewhere/copy-of-000.txt"

mv "$T/elsewhere/copy-of-000.txt" "$T/elsewhere/moved-000.txt"
rm -f "$T/elsewhere/copy-of-000.txt"
"$PLANEX" ingest --db "$DB" "$T/elsewhere/moved-000.txt" >"$T/out" 2>"$T/err"
check_eq "ingest of a moved file exits 0" "$?" 0
check_contains "a move is reported as moved" "$(cat "$T/err")" "1 moved"
check_eq "a move adds no document" "$(sql "$DB" 'SELECT count(*) FROM documents')" "$docs_before"
check_eq "a move adds no sections" "$(sql "$DB" 'SELECT count(*) FROM sections')" "$sections_before"

# --- a changed file at a known path replaces its rows ---------------------
# (bytes of its own, so no other path holds the old document)
{ cat "${seeds[1]}"; printf '\nGhi chú: bản 1.\n'; } >"$T/changing.txt"
"$PLANEX" ingest --db "$DB" --quiet "$T/changing.txt" 2>/dev/null
docs_mid=$(sql "$DB" 'SELECT count(*) FROM documents')
sections_mid=$(sql "$DB" 'SELECT count(*) FROM sections')
check_eq "a new file adds one document" "$docs_mid" "$((docs_before + 1))"
{ cat "${seeds[1]}"; printf '\nGhi chú: bản 2.\n'; } >"$T/changing.txt"
"$PLANEX" ingest --db "$DB" "$T/changing.txt" >"$T/out" 2>"$T/err"
check_contains "a changed file is reported updated, not added" "$(cat "$T/err")" "0 added, 1 updated"
check_eq "a changed file keeps one path row" \
    "$(sql "$DB" "SELECT count(*) FROM paths WHERE path = '$T/changing.txt'")" 1
check_eq "a changed file replaces its old document (document count unchanged)" \
    "$(sql "$DB" 'SELECT count(*) FROM documents')" "$docs_mid"
check_eq "a changed file replaces its old sections (section count unchanged)" \
    "$(sql "$DB" 'SELECT count(*) FROM sections')" "$sections_mid"

done_testing
