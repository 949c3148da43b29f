#!/usr/bin/env bash
# Line re-joining must not depend on the seeds' own line width: the seeds
# re-typeset at other widths, PDF-style (blank line after every line) and
# hard-wrapped, score as well as the originals (floor `rewrap` in
# tests/floors.txt).
. "$(dirname "$0")/../lib.sh"
need_binary
floor_value=$(floor rewrap || echo 0.97)
for style in pdf plain; do
    for width in 55 95 130; do
        d=$T/$style$width
        mkdir -p "$d"
        python3 tests/rewrap.py "$width" "$style" "$d"
        "$PLANEX" ingest --quiet --db "$T/$style$width.db" "$d"
        "$PLANEX" export --db "$T/$style$width.db" > "$T/$style$width.jsonl"
        python3 "$SCORE" corpus/gold "$T/$style$width.jsonl" > "$T/$style$width.score"
        check_ge "seeds re-wrapped at $width columns ($style): overall F1" "$(score_field "$T/$style$width.score" overall)" "$floor_value"
        check_ge "seeds re-wrapped at $width columns ($style): sections F1" "$(score_field "$T/$style$width.score" sections)" "$floor_value"
    done
done
done_testing
