#!/usr/bin/env bash
# 50-corpus.sh: every DOCX and PDF of corpus/ (and the appendix fixture, the
# TCVN3 PDF, the scan) ingested in one run, then each document exported on
# its own and scored against its gold with score.py.  Floors come from
# tests/floors.txt: <kind>_sections, <kind>_meta and <kind>_overall for kind
# docx, pdf, txt, scan.  A format an extractor cannot read yet fails here, visibly.
. "$(dirname "$0")/../lib.sh"
need_binary

DB=$T/corpus.db
files=(corpus/docx/*.docx corpus/pdf/*.pdf corpus/tcvn3/*.pdf
       corpus/appendix/005-appendix.docx corpus/appendix/005-appendix.pdf corpus/appendix/005-appendix.txt
       corpus/scan/*.pdf)
"$PLANEX" ingest --db "$DB" "${files[@]}" >"$T/out" 2>"$T/err"
rc=$?
check_eq "ingest of the corpus DOCX and PDF files exits 0" "$rc" 0
check_contains "every corpus file is added" "$(cat "$T/err")" "${#files[@]} added"
if [ -f "$SCORE" ]; then ok "score.py is at $SCORE"; else not_ok "score.py is at $SCORE"; fi

for f in "${files[@]}"; do
    case $f in
    corpus/scan/*) kind=scan ;;
    *.docx) kind=docx ;;
    *.pdf) kind=pdf ;;
    *) kind=txt ;;
    esac
    case $f in
    corpus/appendix/*) gold=corpus/appendix/gold ;;
    *) gold=corpus/gold ;;
    esac
    token=$(basename "$f" | sed 's/[-_. ].*//')
    id=$(sql "$DB" "SELECT document_id FROM paths WHERE path = '$f'")
    if [ -z "$id" ]; then
        not_ok "$f: ingested" "$(grep -F "$f" "$T/err")"
        continue
    fi
    n=$(sql "$DB" "SELECT count(*) FROM sections WHERE document_id = $id")
    check "$f: has sections" test "${n:-0}" -gt 0
    "$PLANEX" export --db "$DB" --format json "$id" >"$T/one.jsonl" 2>"$T/err1"
    check_eq "$f: export of the document alone exits 0" "$?" 0
    python3 "$SCORE" "$gold" "$T/one.jsonl" --only "$token" >"$T/score.txt" 2>&1
    for what in sections meta overall; do
        min=$(floor "${kind}_$what") || continue
        got=$(score_field "$T/score.txt" "$what")
        check_ge "$f: $what score at least ${kind}_$what" "$got" "$min"
    done
done

# The two editions of one plan are one plan to the cross-document views: the
# same number of sections from the DOCX and the LibreOffice PDF.
for docx in corpus/docx/*.docx; do
    t=$(basename "$docx" .docx)
    pdf=$(ls corpus/pdf/"$t"-libreoffice.pdf 2>/dev/null) || continue
    a=$(sql "$DB" "SELECT count(*) FROM sections s JOIN paths p ON p.document_id = s.document_id WHERE p.path = '$docx'")
    b=$(sql "$DB" "SELECT count(*) FROM sections s JOIN paths p ON p.document_id = s.document_id WHERE p.path = '$pdf'")
    check_eq "$t: the DOCX and its PDF give the same number of sections" "$a" "$b"
done

done_testing
