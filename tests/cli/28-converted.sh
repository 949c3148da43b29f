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
    # shellcheck disable=SC2046
    score_set "converted/$kind" "$dir" "converted_$kind" -- $(find "$dir" -name "*.$kind" | sort)
done
done_testing
