#!/usr/bin/env bash
# 70-bulk.sh: bulk ingestion (issue 7): -j N gives the same store as -j 1;
# the run lock (exit 3 without --wait, waiting with it); progress on a
# pseudo-terminal and plain elsewhere; --summary-json; files still being
# written are skipped and taken by the next run; --reextract and
# `list --stale` after a rules change; --prune.
. "$(dirname "$0")/../lib.sh"
need_binary

# the fixtures' generator script is not a plan: count_plans leaves it out
C=$T/corpus
bulk_corpus "$C"
N=$(count_plans "$C")

export_sorted() { "$PLANEX" export --db "$1" --format json | sort; }

# --- -j 1 and -j 2 give the same store --------------------------------------
"$PLANEX" ingest -j 1 --db "$T/j1.db" "$C" >"$T/out" 2>"$T/err1"
check_eq "ingest -j 1 exits 0" "$?" 0
check_contains "ingest -j 1 adds every file" "$(cat "$T/err1")" "$N added, 0 updated, 0 moved, 0 unchanged, 0 failed"
"$PLANEX" ingest -j 2 --db "$T/j2.db" "$C" >"$T/out" 2>"$T/err2"
check_eq "ingest -j 2 exits 0" "$?" 0
check_contains "ingest -j 2 adds every file" "$(cat "$T/err2")" "$N added"
"$PLANEX" ingest --jobs=3 --db "$T/j3.db" "$C" >/dev/null 2>&1
export_sorted "$T/j1.db" >"$T/e1"
export_sorted "$T/j2.db" >"$T/e2"
export_sorted "$T/j3.db" >"$T/e3"
check_eq "export has one line per file" "$(wc -l <"$T/e1")" "$N"
if cmp -s "$T/e1" "$T/e2" && cmp -s "$T/e1" "$T/e3"; then
    ok "-j 2 and -j 3 stores export exactly as -j 1's"
else
    not_ok "-j 2 and -j 3 stores export exactly as -j 1's" "$(diff "$T/e1" "$T/e2" | head -c 600)"
fi
check_eq "row counts equal (-j 1 vs -j 2)" "$(row_counts "$T/j2.db")" "$(row_counts "$T/j1.db")"
check_eq "no document without its path" "$(sql "$T/j2.db" "SELECT COUNT(*) FROM documents WHERE id NOT IN (SELECT document_id FROM paths)")" 0

# a second run finds everything unchanged, in parallel too
"$PLANEX" ingest -j 2 --db "$T/j2.db" "$C" >/dev/null 2>"$T/err"
check_contains "re-ingest -j 2: all unchanged" "$(cat "$T/err")" "0 added, 0 updated, 0 moved, $N unchanged, 0 failed"

# copies: the same bytes at two new paths in one parallel run
mkdir -p "$T/dups"
for i in 1 2 3 4; do cp "$C/text/000_4d1a6d42d4681bfa.txt" "$T/dups/copy$i.txt"; done
touch -d '2 hours ago' "$T/dups"/*
"$PLANEX" ingest -j 2 --db "$T/dups.db" "$T/dups" >/dev/null 2>"$T/err"
check_contains "four copies in one -j 2 run: one document, three copies" "$(cat "$T/err")" "1 added, 0 updated, 0 moved, 3 unchanged"
check_eq "the copies share one document with four paths" \
    "$(sql "$T/dups.db" "SELECT COUNT(*) || '/' || (SELECT COUNT(*) FROM paths) FROM documents")" "1/4"
check_eq "the last path met is the source, as in a sequential run" \
    "$(sql "$T/dups.db" "SELECT source FROM documents")" "$T/dups/copy4.txt"

# a moved folder: its files are moves, found by hash before any extraction.
# The second run would make a worker stop at the marker the file holds
# (":sleep", killed at the 1 s limit) if it processed the file again.
mkdir -p "$T/before"
{ cat "$C/text/000_4d1a6d42d4681bfa.txt"; echo "PLANEX-TEST-MARKER-70-MOVE:sleep"; } >"$T/before/plan.txt"
cp "$C/text/001_f134ad17a07a6b97.txt" "$T/before/other.txt"
touch -d '2 hours ago' "$T/before"/*
"$PLANEX" ingest -j 2 --db "$T/move.db" "$T/before" >/dev/null 2>"$T/err"
check_contains "before the move: two documents" "$(cat "$T/err")" "2 added"
mv "$T/before" "$T/after"
PLANEX_TEST_CRASH_ON=PLANEX-TEST-MARKER-70-MOVE "$PLANEX" ingest -j 2 --timeout 1 --db "$T/move.db" "$T/after" \
    >/dev/null 2>"$T/err"
check_eq "a moved folder is ingested without failures (exit 0)" "$?" 0
check_contains "its files are recorded as moves, not extracted again" "$(cat "$T/err")" \
    "0 added, 0 updated, 2 moved, 0 unchanged, 0 failed"
check_eq "the documents' paths are the new ones" \
    "$(sql "$T/move.db" "SELECT COUNT(*) FROM paths WHERE path LIKE '$T/after/%'")/$(sql "$T/move.db" "SELECT COUNT(*) FROM paths")" "2/2"

# files of one size: a known size is only a guess that bytes are known.  An
# archive of new files sharing a size (copies of one form filled in) soon
# stops being asked about first; a file moved in among them is still
# recorded as a move, not a second document.
mkdir -p "$T/form" "$T/forms"
{ cat "$C/text/001_f134ad17a07a6b97.txt"; echo "Bản số 99"; } >"$T/form/zz-moved.txt"
for i in $(seq 10 39); do
    { cat "$C/text/001_f134ad17a07a6b97.txt"; echo "Bản số $i"; } >"$T/forms/form$i.txt"
done
touch -d '2 hours ago' "$T/form"/* "$T/forms"/*
"$PLANEX" ingest -j 2 --db "$T/forms.db" "$T/form" >/dev/null 2>&1
mv "$T/form/zz-moved.txt" "$T/forms/"
"$PLANEX" ingest -j 2 --db "$T/forms.db" "$T/forms" >/dev/null 2>"$T/err"
check_contains "30 new files of one known size and a move among them" "$(cat "$T/err")" \
    "30 added, 0 updated, 1 moved, 0 unchanged, 0 failed"
check_eq "31 documents, one path each" \
    "$(sql "$T/forms.db" "SELECT COUNT(*) || '/' || (SELECT COUNT(*) FROM paths) FROM documents")" "31/31"

# --- the lock -----------------------------------------------------------------
if true; then
    hold_lock "$T/j1.db.lock" 3 &
    holder=$!
    wait_held "$T/j1.db.lock"
    "$PLANEX" ingest --db "$T/j1.db" "$C" >/dev/null 2>"$T/err"
    check_eq "a second ingest while the lock is held exits 3" "$?" 3
    check_contains "and says why, naming the way out" "$(cat "$T/err")" "is locked by another ingest"
    check_contains "and mentions --wait" "$(cat "$T/err")" "--wait"
    start=$(date +%s.%N)
    "$PLANEX" ingest --wait --db "$T/j1.db" "$C" >/dev/null 2>"$T/err"
    rc=$?
    waited=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
    check_eq "with --wait it waits for the lock, then exits 0" "$rc" 0
    check_ge "it really waited (seconds)" "$waited" 1.5
    wait "$holder"
fi
# planex against planex: a run held up by a file that sleeps in the extractor
mkdir -p "$T/slow"
cp "$C/text/001_f134ad17a07a6b97.txt" "$T/slow/"
printf '\nPLANEX-TEST-MARKER-70:sleep\n' >"$T/slow/sleeper.txt"
touch -d '2 hours ago' "$T/slow"/*
PLANEX_TEST_CRASH_ON=PLANEX-TEST-MARKER-70 "$PLANEX" ingest --timeout 1 --db "$T/lock.db" "$T/slow" >/dev/null 2>"$T/first" &
first=$!
for _ in $(seq 50); do [ -s "$T/lock.db.lock" ] && break; sleep 0.1; done
"$PLANEX" ingest --db "$T/lock.db" "$C/text" >/dev/null 2>"$T/err"
check_eq "planex vs planex: the second run exits 3 at once" "$?" 3
check_contains "its message names the holder's pid" "$(cat "$T/err")" "(pid $first)"
"$PLANEX" ingest --wait --db "$T/lock.db" "$C/text" >/dev/null 2>"$T/err"
check_eq "planex vs planex: with --wait the second run completes" "$?" 0
wait "$first"
check_eq "the first run, with its timed-out file, exits 1" "$?" 1

# --- progress -----------------------------------------------------------------
"$PLANEX" ingest -j 2 --db "$T/plain.db" "$C" >"$T/out" 2>"$T/err"
if grep -q $'\r\|\x1b' "$T/err"; then
    not_ok "not on a terminal: no carriage returns or escapes" "$(head -c 300 "$T/err" | od -c | head -5)"
else
    ok "not on a terminal: no carriage returns or escapes"
fi
check_contains "the final summary has pages and seconds" "$(tail -n 1 "$T/err")" " pages; "
if command -v script >/dev/null; then
    script -qec "$PLANEX ingest -j 2 --db $T/tty.db $C" /dev/null >"$T/tty" 2>&1 </dev/null
    check_eq "on a pseudo-terminal: ingest exits 0" "$?" 0
    tty_out=$(tr -d '\000' <"$T/tty")
    check_contains "on a pseudo-terminal: a bar" "$tty_out" "[#"
    check_contains "on a pseudo-terminal: done/total files" "$tty_out" "/$N files"
    check_contains "on a pseudo-terminal: rate and ETA" "$tty_out" "files/s, ETA"
    if grep -q $'\r\x1b\[K' "$T/tty"; then ok "on a pseudo-terminal: redrawn in place (CR, erase line)"; else not_ok "on a pseudo-terminal: redrawn in place (CR, erase line)" "$(od -c "$T/tty" | head -8)"; fi
    check_contains "on a pseudo-terminal: the final summary" "$tty_out" "$N added"
    script -qec "$PLANEX ingest --quiet -j 2 --db $T/tty-q.db $C" /dev/null >"$T/ttyq" 2>&1 </dev/null
    check_eq "--quiet on a pseudo-terminal prints nothing" "$(tr -d '\r\n' <"$T/ttyq")" ""
else
    not_ok "script(1) from util-linux is installed"
fi

# --- summary JSON ---------------------------------------------------------------
"$PLANEX" ingest -j 2 --db "$T/sum.db" --summary-json "$T/summary.json" "$C" "$T/no-such-file.pdf" >/dev/null 2>&1
check_eq "a run with a missing file exits 1" "$?" 1
check "--summary-json writes counts and failures" python3 - "$T/summary.json" "$N" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
n = int(sys.argv[2])
assert s["added"] == n, s
assert s["failed"] == 1 and s["exit_code"] == 1, s
assert s["failures"][0]["path"].endswith("no-such-file.pdf"), s
assert s["failures"][0]["error"], s
for k in ("run_id", "seconds", "jobs", "pages", "updated", "moved", "unchanged", "skipped", "peak_rss_kb"):
    assert k in s, k
PY

# --- files still being written ----------------------------------------------------
mkdir -p "$T/growing"
cp "$C/text/002_98f9d541cb8f5040.txt" "$T/growing/"
touch -d '2 hours ago' "$T/growing"/*
( for i in $(seq 25); do echo "dòng đang ghi $i" >>"$T/growing/being-written.txt"; sleep 0.2; done ) &
writer=$!
sleep 0.3
"$PLANEX" ingest --settle 2 --db "$T/grow.db" "$T/growing" >/dev/null 2>"$T/err"
check_eq "a run with a file still being written exits 0" "$?" 0
check_contains "the file being written is skipped" "$(cat "$T/err")" "being-written.txt: skipped: still being written"
check_contains "the others are ingested" "$(cat "$T/err")" "1 added"
check_eq "the journal records the skip" "$(sql "$T/grow.db" "SELECT outcome FROM run_files WHERE path LIKE '%being-written.txt'")" "skipped"
wait "$writer"
"$PLANEX" ingest --settle 0 --db "$T/grow.db" "$T/growing" >/dev/null 2>"$T/err"
check_contains "the next run takes it" "$(cat "$T/err")" "1 added, 0 updated, 0 moved, 1 unchanged"
cp "$C/text/003_8b5dcf3e7bb9c9d7.txt" "$T/growing/fresh.txt"
start=$(date +%s.%N)
"$PLANEX" ingest --settle 1 --db "$T/grow.db" "$T/growing/fresh.txt" >/dev/null 2>"$T/err"
waited=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
check_contains "a file just written (settle window) is read once settled" "$(cat "$T/err")" "1 added"
check_ge "after waiting out the window (seconds)" "$waited" 0.5

# --- editor temporaries are never read ----------------------------------------------
mkdir -p "$T/tmpfiles"
cp "$C/text/000_4d1a6d42d4681bfa.txt" "$T/tmpfiles/plan.txt"
echo x >"$T/tmpfiles/~\$plan.docx"
echo x >"$T/tmpfiles/.~lock.plan.docx#"
touch -d '2 hours ago' "$T/tmpfiles"/* "$T/tmpfiles"/.??*
"$PLANEX" ingest --db "$T/tmp.db" "$T/tmpfiles" >/dev/null 2>"$T/err"
check_contains "editor temporaries are left alone" "$(cat "$T/err")" "1 added, 0 updated, 0 moved, 0 unchanged, 0 failed"

# --- --reextract and list --stale ----------------------------------------------------
cp -r rules "$T/rules2"
printf '\n# a comment: new rules version\n' >>"$(ls "$T"/rules2/*.rules | head -n 1)"
"$PLANEX" list --db "$T/j1.db" --rules "$T/rules2" --stale >"$T/stale" 2>&1
check_eq "after a rules change, list --stale shows every document" "$(grep -c '\[stale\]' "$T/stale")" "$N"
"$PLANEX" ingest -j 2 --db "$T/j1.db" --rules "$T/rules2" "$C" >/dev/null 2>"$T/err"
check_contains "without --reextract stale documents stay as they are" "$(cat "$T/err")" "0 added, 0 updated, 0 moved, $N unchanged"
"$PLANEX" ingest -j 2 --reextract --db "$T/j1.db" --rules "$T/rules2" "$C/text" >/dev/null 2>"$T/err"
check_contains "--reextract PATH re-extracts the stale documents under PATH" "$(cat "$T/err")" "0 added, 5 updated"
"$PLANEX" ingest -j 2 --reextract --db "$T/j1.db" --rules "$T/rules2" >/dev/null 2>"$T/err"
check_contains "--reextract with no PATH re-extracts the rest" "$(cat "$T/err")" "0 added, $((N - 5)) updated"
"$PLANEX" list --db "$T/j1.db" --rules "$T/rules2" --stale >"$T/stale" 2>&1
check_eq "then nothing is stale" "$(grep -c '\[stale\]' "$T/stale")" 0

# --- --prune -------------------------------------------------------------------------
rm "$C/text/004_44be8e9f5d651710.txt"
"$PLANEX" ingest -j 2 --prune --db "$T/j2.db" "$C" >/dev/null 2>"$T/err"
check_contains "--prune removes the document whose file is gone" "$(cat "$T/err")" "1 pruned"
check_eq "and leaves N-1 documents" "$(sql "$T/j2.db" "SELECT COUNT(*) FROM documents")" "$((N - 1))"

# --- usage ----------------------------------------------------------------------------
"$PLANEX" ingest -j 0 --db "$T/x.db" "$C" >/dev/null 2>&1
check_eq "-j 0 is a usage error (exit 2)" "$?" 2
"$PLANEX" ingest --shard 4/3 --db "$T/x.db" "$C" >/dev/null 2>&1
check_eq "--shard 4/3 is a usage error (exit 2)" "$?" 2

done_testing
