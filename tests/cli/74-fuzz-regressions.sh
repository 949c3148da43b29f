#!/usr/bin/env bash
# 74-fuzz-regressions.sh: every input the fuzzers ever broke planex with
# (tests/fuzz/regressions/<kind>/, written by `make fuzz`) replayed through
# the CLI: extractor inputs are ingested (in a worker: a crash would show as
# "killed by signal"), rule inputs are checked with `planex rules check`.
# Each must end in a clean result or a clean error, never a signal, a
# timeout or (in the sanitize run) a sanitizer report.
. "$(dirname "$0")/../lib.sh"
need_binary

R=tests/fuzz/regressions
n=0
for kind in text pdf docx result; do
    [ -d "$R/$kind" ] || continue
    for f in "$R/$kind"/*; do
        [ -f "$f" ] || continue
        case $f in */README*) continue ;; esac
        n=$((n + 1))
        "$PLANEX" ingest -j 1 --timeout 60 --db "$T/fuzz.db" "$f" >"$T/out" 2>"$T/err"
        rc=$?
        if [ "$rc" -le 1 ] && ! grep -q 'killed by signal\|CPU time limit\|timed out\|memory limit\|exited with status' "$T/err"; then
            ok "$kind regression $(basename "$f"): handled (exit $rc)"
        else
            not_ok "$kind regression $(basename "$f"): handled" "exit $rc" "$(tail -n 3 "$T/err")"
        fi
    done
done
if [ -d "$R/rules" ]; then
    for f in "$R/rules"/*; do
        [ -f "$f" ] || continue
        case $f in */README*) continue ;; esac
        n=$((n + 1))
        rm -rf "$T/rules" && mkdir -p "$T/rules" && cp "$f" "$T/rules/fuzz.rules"
        timeout 60 "$PLANEX" rules check "$T/rules" >"$T/out" 2>&1
        rc=$?
        if [ "$rc" -le 2 ]; then
            ok "rules regression $(basename "$f"): handled (exit $rc)"
        else
            not_ok "rules regression $(basename "$f"): handled" "exit $rc" "$(tail -n 3 "$T/out")"
        fi
    done
fi
# Hostile inputs written here, not found by fuzzing but of the same family:
# a truncated PDF, a zip that is not a DOCX, a DOCX cut in half.
head -c 3000 corpus/pdf/000-libreoffice.pdf >"$T/cut.pdf"
head -c 4000 corpus/docx/000.docx >"$T/cut.docx"
printf 'PK\003\004garbage' >"$T/fake.docx"
for f in "$T/cut.pdf" "$T/cut.docx" "$T/fake.docx"; do
    n=$((n + 1))
    "$PLANEX" ingest -j 1 --timeout 60 --db "$T/fuzz.db" "$f" >"$T/out" 2>"$T/err"
    rc=$?
    if [ "$rc" -le 1 ] && ! grep -q 'killed by signal\|exited with status' "$T/err"; then
        ok "hostile $(basename "$f"): a clean error or result (exit $rc)"
    else
        not_ok "hostile $(basename "$f"): a clean error or result" "exit $rc" "$(tail -n 3 "$T/err")"
    fi
done
echo "# $n inputs replayed"
done_testing
