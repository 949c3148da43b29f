#!/usr/bin/env bash
# 73-shards.sh: `ingest --shard K/N` splits the files by a hash of the path
# (each file in exactly one shard) and `merge OUT SHARD...` combines the
# shard stores into one that exports exactly as a single run's.
. "$(dirname "$0")/../lib.sh"
need_binary

C=$T/corpus
bulk_corpus "$C"
N=$(count_plans "$C")

"$PLANEX" ingest -j 2 --quiet --db "$T/one.db" "$C"
check_eq "the single run exits 0" "$?" 0

total=0
for k in 1 2 3; do
    "$PLANEX" ingest -j 2 --shard "$k/3" --db "$T/shard$k.db" "$C" >/dev/null 2>"$T/err$k"
    check_eq "shard $k/3 exits 0" "$?" 0
    n=$(sql "$T/shard$k.db" "SELECT COUNT(*) FROM documents")
    total=$((total + n))
    [ "$n" -gt 0 ] && ok "shard $k/3 has files ($n)" || not_ok "shard $k/3 has files"
done
check_eq "the shards hold every file exactly once" "$total" "$N"
"$PLANEX" ingest -j 1 --shard 2/3 --db "$T/again2.db" "$C" >/dev/null 2>&1
check_eq "a shard takes the same files on every run" \
    "$(sql "$T/again2.db" "SELECT group_concat(source) FROM (SELECT source FROM documents ORDER BY source)")" \
    "$(sql "$T/shard2.db" "SELECT group_concat(source) FROM (SELECT source FROM documents ORDER BY source)")"

"$PLANEX" merge "$T/merged.db" "$T/shard1.db" "$T/shard2.db" "$T/shard3.db" >/dev/null 2>"$T/merge.err"
check_eq "merge exits 0" "$?" 0
check_contains "merge reports what it copied" "$(cat "$T/merge.err")" "documents copied"
"$PLANEX" export --db "$T/one.db" --format json | sort >"$T/one.json"
"$PLANEX" export --db "$T/merged.db" --format json | sort >"$T/merged.json"
if cmp -s "$T/one.json" "$T/merged.json"; then
    ok "shards + merge export exactly as one run"
else
    not_ok "shards + merge export exactly as one run" "$(diff "$T/one.json" "$T/merged.json" | head -c 800)"
fi
check_eq "row counts equal (one run vs merged)" "$(row_counts "$T/merged.db")" "$(row_counts "$T/one.db")"
check_eq "resolved references equal" \
    "$(sql "$T/merged.db" "SELECT COUNT(*) FROM doc_references WHERE resolved_id IS NOT NULL")" \
    "$(sql "$T/one.db" "SELECT COUNT(*) FROM doc_references WHERE resolved_id IS NOT NULL")"
check_eq "search finds the same sections" \
    "$(sql "$T/merged.db" "SELECT COUNT(*) FROM sections_fts WHERE sections_fts MATCH 'ke hoach'")" \
    "$(sql "$T/one.db" "SELECT COUNT(*) FROM sections_fts WHERE sections_fts MATCH 'ke hoach'")"
check_eq "the merged store passes integrity_check" "$(sql "$T/merged.db" "PRAGMA integrity_check")" ok
check_eq "and its foreign keys hold" "$(sql "$T/merged.db" "PRAGMA foreign_key_check" | wc -l)" 0

# merging a shard twice copies nothing twice
"$PLANEX" merge "$T/merged.db" "$T/shard2.db" >/dev/null 2>"$T/err"
check_contains "merging a shard again copies no document" "$(cat "$T/err")" "0 documents copied"
check_eq "and the store still has every file once" "$(sql "$T/merged.db" "SELECT COUNT(*) FROM documents")" "$N"
# then an ordinary ingest into the merged store finds it all
"$PLANEX" ingest -j 2 --db "$T/merged.db" "$C" >/dev/null 2>"$T/err"
check_contains "an ingest into the merged store finds every file unchanged" "$(cat "$T/err")" "0 added, 0 updated, 0 moved, $N unchanged"

"$PLANEX" merge "$T/x.db" >/dev/null 2>&1
check_eq "merge without shards is a usage error (exit 2)" "$?" 2
"$PLANEX" merge "$T/x.db" "$T/no-such.db" >/dev/null 2>&1
check_eq "merge of a missing shard fails (exit 1)" "$?" 1
hold_lock "$T/merged.db.lock" 2 &
wait_held "$T/merged.db.lock"
"$PLANEX" merge "$T/merged.db" "$T/shard1.db" >/dev/null 2>&1
check_eq "merge respects the ingest lock (exit 3)" "$?" 3
wait

done_testing
