#!/usr/bin/env bash
# 71-isolation.sh: a file that crashes, hangs, spins or balloons the
# extractor costs that file only.  Uses the test-only hook: with
# PLANEX_TEST_CRASH_ON=MARKER in the environment, a file containing
# "MARKER:segv|loop|sleep|alloc|abort" makes the worker do that (see
# px_ingest_test_hook in pipeline/ingest.h).  Without the variable the same
# files are ordinary text.
. "$(dirname "$0")/../lib.sh"
need_binary

MARK=PLANEX-TEST-MARKER-71
IN=$T/in
mkdir -p "$IN"
cp corpus/text/000_4d1a6d42d4681bfa.txt corpus/text/001_f134ad17a07a6b97.txt corpus/text/003_8b5dcf3e7bb9c9d7.txt "$IN/"
for mode in segv loop sleep abort; do
    { cat corpus/text/002_98f9d541cb8f5040.txt; echo "$MARK:$mode"; } >"$IN/bad-$mode.txt"
done
mkdir -p "$T/balloon"
{ cat corpus/text/002_98f9d541cb8f5040.txt; echo "$MARK:alloc"; } >"$T/balloon/bad-alloc.txt"
cp corpus/text/004_44be8e9f5d651710.txt "$T/balloon/"
touch -d '2 hours ago' "$T/balloon"/*
cp corpus/pdf/000-libreoffice.pdf corpus/docx/001.docx "$IN/"
touch -d '2 hours ago' "$IN"/*

# Under AddressSanitizer a SEGV would be caught and reported by ASan (and
# any report fails the sanitize run): let the deliberate one be a signal.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0:handle_sigbus=0:handle_abort=0"
mem=300
case $PLANEX in */sanitize/*) mem=600 ;; esac

start=$(date +%s)
PLANEX_TEST_CRASH_ON=$MARK "$PLANEX" ingest -j 2 --timeout 1 --memory $mem --db "$T/iso.db" \
    --summary-json "$T/sum.json" "$IN" >"$T/out" 2>"$T/err"
rc=$?
took=$(($(date +%s) - start))
check_eq "a batch with four hostile files exits 1 (some failed)" "$rc" 1
check_contains "the good files are all added" "$(cat "$T/err")" "5 added, 0 updated, 0 moved, 0 unchanged, 4 failed"
check_contains "a crash: one line naming the file and the signal" "$(cat "$T/err")" "bad-segv.txt: killed by signal 11 (Segmentation fault)"
check_contains "an abort: the signal" "$(cat "$T/err")" "bad-abort.txt: killed by signal 6 (Aborted)"
check_contains "a busy loop: the CPU time limit" "$(cat "$T/err")" "bad-loop.txt: CPU time limit (1 s)"
check_contains "a sleep: the wall-clock timeout" "$(cat "$T/err")" "bad-sleep.txt: timed out after 8 s"
check_ge "the whole batch took under 40 s" "$((40 - took))" 0
check_eq "the journal has each failure with its error" \
    "$(sql "$T/iso.db" "SELECT COUNT(*) FROM run_files WHERE outcome = 'failed' AND error <> '' AND path LIKE '%bad-%'")" 4
check_eq "the journal names the signal" \
    "$(sql "$T/iso.db" "SELECT error FROM run_files WHERE path LIKE '%bad-segv.txt'")" "killed by signal 11 (Segmentation fault)"
check_eq "no rows of a failed file in the store" \
    "$(sql "$T/iso.db" "SELECT COUNT(*) FROM paths WHERE path LIKE '%bad-%'")" 0
check_eq "runs shows the failures" "$("$PLANEX" runs --db "$T/iso.db" | grep -c 'failed: .*bad-')" 4
check "the summary lists the four failures" python3 -c "
import json,sys; s=json.load(open('$T/sum.json')); assert s['failed']==4 and len(s['failures'])==4, s"
if pgrep -f "$T/iso.db" >/dev/null; then not_ok "no worker left running"; else ok "no worker left running"; fi

# a balloon: RLIMIT_AS (normal build) or the resident-size watchdog
# (sanitizer build: ASan's allocator is slow, so more CPU time)
PLANEX_TEST_CRASH_ON=$MARK "$PLANEX" ingest -j 2 --timeout 30 --memory $mem --db "$T/balloon.db" \
    "$T/balloon" >"$T/out" 2>"$T/err"
check_eq "a batch with a balloon exits 1" "$?" 1
check_contains "a balloon: the memory limit, naming the file" "$(cat "$T/err")" "bad-alloc.txt: memory limit ($mem MB"
check_contains "a balloon: the other file is added" "$(cat "$T/err")" "1 added, 0 updated, 0 moved, 0 unchanged, 1 failed"

# without the variable, the hook is unreachable: the same files are text
"$PLANEX" ingest -j 2 --timeout 5 --db "$T/plain.db" "$IN" >"$T/out" 2>"$T/err"
check_eq "without PLANEX_TEST_CRASH_ON the marker does nothing (exit 0)" "$?" 0
check_contains "and all nine files are added" "$(cat "$T/err")" "9 added"
# a short marker cannot arm it either (8 bytes at least)
PLANEX_TEST_CRASH_ON=a "$PLANEX" ingest -j 1 --timeout 5 --db "$T/short.db" "$IN" >/dev/null 2>&1
check_eq "a marker shorter than 8 bytes is ignored" "$?" 0

# -j 1: one worker, respawned after every death
PLANEX_TEST_CRASH_ON=$MARK "$PLANEX" ingest -j 1 --timeout 1 --memory $mem --db "$T/j1.db" \
    "$IN/bad-segv.txt" "$IN/000_4d1a6d42d4681bfa.txt" "$IN/bad-abort.txt" "$IN/001_f134ad17a07a6b97.txt" >"$T/out" 2>"$T/err"
check_eq "-j 1 with crashes between good files exits 1" "$?" 1
check_contains "-j 1: the worker is replaced after each crash" "$(cat "$T/err")" "2 added, 0 updated, 0 moved, 0 unchanged, 2 failed"

# -j 1 hands the next file to the worker before the current one is done
# (queued behind it): when the current one hangs and the worker is killed,
# the queued file goes to the fresh worker, and its time in the journal
# is its own, not the hang's
PLANEX_TEST_CRASH_ON=$MARK "$PLANEX" ingest -j 1 --timeout 1 --memory $mem --db "$T/queued.db" \
    "$IN/bad-sleep.txt" "$IN/003_8b5dcf3e7bb9c9d7.txt" "$IN/bad-loop.txt" "$IN/000-libreoffice.pdf" \
    "$IN/001.docx" >"$T/out" 2>"$T/err"
check_contains "-j 1: the files queued behind a hang and a busy loop are added" "$(cat "$T/err")" \
    "3 added, 0 updated, 0 moved, 0 unchanged, 2 failed"
check_eq "the journal times a file queued behind a hang from its own start" \
    "$(sql "$T/queued.db" "SELECT seconds < 4 FROM run_files WHERE path LIKE '%003_8b5dcf3e7bb9c9d7.txt'")" 1
check_eq "and the hang's own time is the hang's" \
    "$(sql "$T/queued.db" "SELECT seconds >= 7 FROM run_files WHERE path LIKE '%bad-sleep.txt'")" 1

done_testing
