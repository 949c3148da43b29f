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
    # shellcheck disable=SC2046
    score_set "unseen/$set" "$dir" "unseen_$set" unseen -- $(find "$dir" -maxdepth 1 \( -name '*.txt' -o -name '*.md' \) | sort)
done
done_testing
