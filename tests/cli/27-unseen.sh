#!/usr/bin/env bash
# 27-unseen.sh: plans written in wordings the rules were not made from
# (tests/fixtures/unseen/*/, see its README), scored against their
# hand-made gold with the `unseen_*` floors of tests/floors.txt.  The seeds
# measure whether the rules still fit what they were written from; these
# measure how far they carry to other provinces, levels and wordings.
. "$(dirname "$0")/../lib.sh"
need_binary

[ -f "$SCORE" ] || { not_ok "score.py is at $SCORE (shared/ beside the project)"; done_testing; exit; }
for dir in tests/fixtures/unseen/*/; do
    set=$(basename "$dir")
    DB=$T/$set.db
    plans=$(find "$dir" -maxdepth 1 \( -name '*.txt' -o -name '*.md' \) | sort)
    # shellcheck disable=SC2086
    "$PLANEX" ingest --quiet --db "$DB" $plans 2>"$T/err"
    check_eq "unseen/$set: ingest exits 0" "$?" 0
    "$PLANEX" export --db "$DB" --format json >"$T/$set.jsonl"
    python3 "$SCORE" "$dir" "$T/$set.jsonl" >"$T/$set.score" 2>&1
    check_eq "unseen/$set: score.py runs on the export" "$?" 0
    sed "s/^/# $set: /" "$T/$set.score"
    # unseen_FIELD holds for every set unless unseen_SET_FIELD says otherwise
    for field in sections indicators assignments deadlines targets references meta overall; do
        min=$(awk -v a="unseen_${set}_$field" -v b="unseen_$field" \
            '$1 == a { own = $2 } $1 == b { all = $2 } END { print (own != "" ? own : all) }' "$FLOORS")
        [ -n "$min" ] || continue
        check_ge "unseen/$set: $field score at least its floor" "$(score_field "$T/$set.score" "$field")" "$min"
    done
done
done_testing
