#!/usr/bin/env bash
# 28-converted.sh: three unseen plans (m3, x1, y3, written as Markdown) made
# into real files by real producers, scored against the same gold with the
# `converted_*` floors of tests/floors.txt: DOCX by pandoc (bold headings,
# bold field labels, Word tables, a header block as a table) and PDF from
# that DOCX by LibreOffice (tables whose rows break over pages, the header
# row printed again on each page).  How they were made:
# tests/fixtures/converted/README.md.
. "$(dirname "$0")/../lib.sh"
need_binary

[ -f "$SCORE" ] || { not_ok "score.py is at $SCORE (shared/ beside the project)"; done_testing; exit; }
for kind in docx pdf; do
    dir=tests/fixtures/converted/$kind
    DB=$T/$kind.db
    # shellcheck disable=SC2046
    "$PLANEX" ingest --quiet --db "$DB" $(find "$dir" -name "*.$kind" | sort) 2>"$T/err"
    check_eq "converted/$kind: ingest exits 0" "$?" 0
    "$PLANEX" export --db "$DB" --format json >"$T/$kind.jsonl"
    python3 "$SCORE" "$dir" "$T/$kind.jsonl" >"$T/$kind.score" 2>&1
    check_eq "converted/$kind: score.py runs on the export" "$?" 0
    sed "s/^/# $kind: /" "$T/$kind.score"
    for field in sections indicators assignments deadlines targets references meta overall; do
        min=$(awk -v a="converted_${kind}_$field" '$1 == a { print $2 }' "$FLOORS")
        [ -n "$min" ] || continue
        check_ge "converted/$kind: $field score at least its floor" "$(score_field "$T/$kind.score" "$field")" "$min"
    done
done
done_testing
