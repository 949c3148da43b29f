#!/usr/bin/env bash
# tests/fuzz/run.sh (make fuzz): builds the libFuzzer targets with Debian's
# clang (clang-14, libclang-rt-14-dev) and runs each for a bounded time.
#
#   fuzz_text    whole pipeline on text (extract, normalize, segment, rules)
#   fuzz_docx    DOCX extractor          fuzz_pdf     PDF extractor (no OCR)
#   fuzz_rules   rule-file parser        fuzz_result  worker-result decoder
#
# Seeds come from corpus/ (and rules/); the growing corpora are kept in
# build/fuzz/corpus-<target>.  Every crash, leak or timeout found is copied
# to tests/fuzz/regressions/<kind>/ under its content hash, where
# tests/cli/74-fuzz-regressions.sh replays it through planex in `make
# check` (commit it with the fix).
#
# Environment: FUZZ_SECONDS (60 per target), FUZZ_TARGETS (all), FUZZ_JOBS
# (1), CLANG (clang-14).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 2
SECONDS_EACH=${FUZZ_SECONDS:-60}
TARGETS=${FUZZ_TARGETS:-text docx pdf rules result}
CLANG=${CLANG:-clang-14}
B=$ROOT/build/fuzz
SAN=fuzzer-no-link,address,undefined

command -v "$CLANG" >/dev/null || { echo "fuzz: $CLANG missing (apt-get install clang-14 libclang-rt-14-dev)" >&2; exit 2; }

# the library, instrumented, through the Makefile's own rules
make --no-print-directory CC="$CLANG" SANITIZE=$SAN VARIANT=fuzz BUILD="$B" "$B/planex" >"$B.log" 2>&1 ||
    { mkdir -p "$B"; tail -n 30 "$B.log" >&2; echo "fuzz: building the library failed (log: $B.log)" >&2; exit 2; }
LIB_OBJ=$(find "$B/pipeline" "$B/extractors" "$B/rules" -maxdepth 1 -name '*.o' | sort)
PKGS="glib-2.0 gobject-2.0 poppler-glib libxml-2.0 libzip libpcre2-8 sqlite3"
pkg-config --exists tesseract lept 2>/dev/null && PKGS="$PKGS tesseract lept"
CFLAGS="-g -O1 -std=c11 -D_GNU_SOURCE -DPX_DEFAULT_RULES=\"$ROOT/rules\" -Ipipeline -Iextractors -Irules -Itests/fuzz $(pkg-config --cflags $PKGS)"
LIBS="$(pkg-config --libs $PKGS) -lm -lpthread"

seeds() {
    local t=$1 dir=$B/corpus-$1
    mkdir -p "$dir"
    case $t in
    text) cp corpus/text/*.txt corpus/appendix/*.txt "$dir/" ;;
    pdf) cp corpus/pdf/*.pdf corpus/tcvn3/*.pdf corpus/appendix/*.pdf "$dir/" ;;
    docx) cp corpus/docx/*.docx corpus/docx-fixtures/*.docx corpus/appendix/*.docx "$dir/" ;;
    rules) cp rules/*.rules "$dir/" ;;
    result) PX_FUZZ_MAKE_SEEDS=$dir "$B/fuzz_result" corpus/text/*.txt corpus/appendix/*.txt >/dev/null 2>&1 ;;
    esac
    # the regressions are seeds too: they must keep passing
    [ -d "tests/fuzz/regressions/$t" ] && find "tests/fuzz/regressions/$t" -type f ! -name 'README*' -exec cp {} "$dir/" \;
    return 0
}

status=0
for t in $TARGETS; do
    echo "fuzz: building fuzz_$t"
    if ! $CLANG $CFLAGS -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer -o "$B/fuzz_$t" \
        "tests/fuzz/fuzz_$t.c" tests/fuzz/fuzz_common.c $LIB_OBJ $LIBS 2>"$B/fuzz_$t.build.log"; then
        tail -n 20 "$B/fuzz_$t.build.log" >&2
        status=2
        continue
    fi
    seeds "$t"
    art=$B/artifacts-$t/
    # a finding of an earlier run is in tests/fuzz/regressions already:
    # what is left here must be this run's
    rm -rf "$art"
    mkdir -p "$art"
    echo "fuzz: fuzz_$t for ${SECONDS_EACH}s ($(find "$B/corpus-$t" -type f | wc -l) inputs in its corpus)"
    # -rss_limit_mb: the worker memory limit; -timeout: a hang is a finding
    # (-jobs N writes fuzz-N.log into the current folder: run from $B)
    jobs=()
    [ "${FUZZ_JOBS:-1}" -gt 1 ] && jobs=(-jobs="$FUZZ_JOBS" -workers="$FUZZ_JOBS")
    (cd "$B" && ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
        "$B/fuzz_$t" -max_total_time="$SECONDS_EACH" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
        "${jobs[@]}" -artifact_prefix="$art" "$B/corpus-$t") >"$B/fuzz_$t.log" 2>&1
    rc=$?
    grep -E '^stat::(number_of_executed_units|peak_rss_mb|new_units_added)' "$B/fuzz_$t.log" | sed 's/^/    /'
    found=0
    for f in "$art"crash-* "$art"leak-* "$art"timeout-* "$art"oom-*; do
        [ -f "$f" ] || continue
        kind=$t
        mkdir -p "tests/fuzz/regressions/$kind"
        h=$(sha256sum "$f" | cut -c1-16)
        cp "$f" "tests/fuzz/regressions/$kind/$(basename "$f" | cut -d- -f1)-$h"
        found=$((found + 1))
    done
    if [ "$found" -gt 0 ] || [ "$rc" -ne 0 ]; then
        echo "fuzz: fuzz_$t FOUND $found problem(s) (exit $rc); inputs in tests/fuzz/regressions/$t, log $B/fuzz_$t.log"
        grep -E 'ERROR: |SUMMARY: |runtime error' "$B/fuzz_$t.log" | head -n 5 | sed 's/^/    /'
        status=1
    else
        echo "fuzz: fuzz_$t clean"
    fi
done
exit $status
