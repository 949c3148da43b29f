#!/usr/bin/env bash
# tests/run.sh: run every test of every build variant and add them up.
#
# For each variant in ${PX_VARIANTS:-normal sanitize}: every unit test binary
# build/<variant>/tests/test_* and every CLI script tests/cli/NN-name.sh
# (with PLANEX=build/<variant>/planex exported), each under a timeout.  Then,
# when the normal variant ran, tests/valgrind.sh (one check; PX_VALGRIND=0
# skips it).  Prints the failing lines and ends with exactly one line
# `N passed, N failed`; exits 1 when anything failed.
#
# In the sanitize variant every sanitizer report (ASan, LSan, UBSan) is
# written to a per-test log directory instead of stderr, so it cannot be
# mistaken for planex's own messages, and any report counts as a failure.
#
# Each test gets TMPDIR inside the run's log directory, so whatever a test
# that crashed or timed out leaves behind goes when the run ends.
#
# Environment: PX_VARIANTS, PX_ONLY (run only tests whose name contains it),
# PX_UNIT_TIMEOUT, PX_CLI_TIMEOUT (seconds), PX_VALGRIND=0, PX_KEEP=1 (keep
# the logs; their directory is printed).

set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 2

VARIANTS=${PX_VARIANTS:-normal sanitize}
UNIT_TIMEOUT=${PX_UNIT_TIMEOUT:-300}
CLI_TIMEOUT=${PX_CLI_TIMEOUT:-900}
ONLY=${PX_ONLY:-}
# The tests give --db and rules paths themselves: nothing from the caller's
# environment may point planex elsewhere.
unset PLANEX_DB PLANEX_RULES
USER_KILLS=${PX_KILLS:-}

LOGS=$(mktemp -d "${TMPDIR:-/tmp}/planex-run.XXXXXX")
if [ "${PX_KEEP:-0}" = 1 ]; then
    echo "logs in $LOGS"
else
    trap 'rm -rf "$LOGS"' EXIT
fi
FAILS=$LOGS/failures.txt
: >"$FAILS"

passed=0
failed=0
START=$(date +%s)

# Sanitizer settings for one test; reports go to files under $1.
sanitizer_env() {
    local dir=$1
    mkdir -p "$dir"
    export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=86:log_path=$dir/san:strict_string_checks=1:detect_stack_use_after_return=0"
    export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=86:log_path=$dir/san"
    # UBSan ignores log_path in the combined runtime and writes to stderr:
    # lib.sh copies reports it finds in a test's files here, and the test's
    # own output is scanned after it ends (scan_output).
    export PX_SANITIZER_LOG=$dir
}

# Copies sanitizer reports printed in a test's own output to its log dir.
scan_output() {
    local out=$1 dir=$2
    if grep -qaE 'runtime error:|ERROR: (AddressSanitizer|LeakSanitizer)' "$out"; then
        grep -aE -A6 'runtime error:|ERROR: (AddressSanitizer|LeakSanitizer)' "$out" | head -n 14 >"$dir/san.output"
    fi
}

clear_sanitizer_env() {
    unset ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS PX_SANITIZER_LOG
}

# report VARIANT NAME PASSED FAILED SECONDS
report() {
    local mark=PASS
    [ "$4" -gt 0 ] && mark=FAIL
    printf '%s  %-9s %-32s %4d ok %4d not ok  %5ss\n' "$mark" "$1" "$2" "$3" "$4" "$5"
}

fail_line() {
    printf '[%s] %s: %s\n' "$1" "$2" "$3" >>"$FAILS"
}

# Counts the sanitizer reports a test left; each test with reports gets one
# failure.  Prints 1 when it added one.
sanitizer_reports() {
    local variant=$1 name=$2 dir=$3 files n
    files=$(find "$dir" -type f -name 'san*' -size +0 2>/dev/null | sort)
    [ -z "$files" ] && { echo 0; return; }
    n=$(printf '%s\n' "$files" | wc -l)
    fail_line "$variant" "$name" "sanitizer reports from $n process(es):"
    local f shown=0
    for f in $files; do
        shown=$((shown + 1))
        if [ "$shown" -gt 2 ]; then
            echo "      … and $((n - 2)) more (PX_KEEP=1 keeps the logs)" >>"$FAILS"
            break
        fi
        grep -aE 'ERROR: |SUMMARY: |runtime error|^ *#[0-9]+ |^report captured' "$f" | head -n 12 | sed 's/^/      /' >>"$FAILS"
    done
    echo 1
}

run_unit() {
    local variant=$1 bin=$2 name out rc p f t0 t1 sdir
    name=$(basename "$bin")
    out=$LOGS/$variant.$name.out
    sdir=$LOGS/$variant.$name.san
    [ "$variant" = sanitize ] && sanitizer_env "$sdir"
    mkdir -p "$LOGS/tmp.$variant.$name"
    t0=$(date +%s.%N)
    TMPDIR=$LOGS/tmp.$variant.$name timeout -k 10 "$UNIT_TIMEOUT" "$bin" >"$out" 2>&1 </dev/null
    rc=$?
    t1=$(date +%s.%N)
    clear_sanitizer_env
    [ "$variant" = sanitize ] && scan_output "$out" "$sdir"
    local summary
    summary=$(grep -E '^unit .*: [0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
    if [ -n "$summary" ]; then
        p=$(printf '%s' "$summary" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed$/\1/')
        f=$(printf '%s' "$summary" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed$/\2/')
    else
        p=0
        f=0
    fi
    grep -E '^FAIL ' "$out" | while IFS= read -r line; do fail_line "$variant" "$name" "$line"; done
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        f=$((f + 1))
        fail_line "$variant" "$name" "timed out after ${UNIT_TIMEOUT}s"
    elif [ -z "$summary" ]; then
        f=$((f + 1))
        fail_line "$variant" "$name" "no summary line (exit $rc); last output:"
        tail -n 5 "$out" | sed 's/^/      /' >>"$FAILS"
    elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=$((f + 1))
        fail_line "$variant" "$name" "exit status $rc with no failed check"
    fi
    f=$((f + $(sanitizer_reports "$variant" "$name" "$sdir")))
    passed=$((passed + p))
    failed=$((failed + f))
    report "$variant" "$name" "$p" "$f" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
}

run_script() {
    local variant=$1 script=$2 planex=$3 name out rc p f t0 t1 sdir
    name=$(basename "$script")
    out=$LOGS/$variant.$name.out
    sdir=$LOGS/$variant.$name.san
    [ "$variant" = sanitize ] && sanitizer_env "$sdir"
    mkdir -p "$LOGS/tmp.$variant.$name"
    t0=$(date +%s.%N)
    PLANEX=$planex TMPDIR=$LOGS/tmp.$variant.$name timeout -k 10 "$CLI_TIMEOUT" bash "$script" >"$out" 2>&1 </dev/null
    rc=$?
    t1=$(date +%s.%N)
    clear_sanitizer_env
    [ "$variant" = sanitize ] && scan_output "$out" "$sdir"
    p=$(grep -cE '^ok( |$)' "$out")
    f=$(grep -cE '^not ok( |$)' "$out")
    # the `not ok` lines and the `#` lines that explain them
    awk '/^not ok/ { show = 1; print; next } /^#   / && show { print; next } { show = 0 }' "$out" |
        while IFS= read -r line; do fail_line "$variant" "$name" "$line"; done
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        f=$((f + 1))
        fail_line "$variant" "$name" "timed out after ${CLI_TIMEOUT}s"
    elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=$((f + 1))
        fail_line "$variant" "$name" "exit status $rc with no \`not ok\` line; last output:"
        tail -n 5 "$out" | sed 's/^/      /' >>"$FAILS"
    elif [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
        f=1
        fail_line "$variant" "$name" "ran no checks"
    fi
    f=$((f + $(sanitizer_reports "$variant" "$name" "$sdir")))
    passed=$((passed + p))
    failed=$((failed + f))
    report "$variant" "$name" "$p" "$f" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
}

selected() {
    [ -z "$ONLY" ] || [[ $1 == *"$ONLY"* ]]
}

for variant in $VARIANTS; do
    planex=$ROOT/build/$variant/planex
    # 72-kill9.sh: crash safety is the normal run's job; under the sanitizers
    # (several times slower) fewer kills still cover the same code paths.
    if [ "$variant" = sanitize ]; then
        export PX_KILLS=${PX_SANITIZE_KILLS:-8}
    elif [ -n "$USER_KILLS" ]; then
        export PX_KILLS=$USER_KILLS
    else
        unset PX_KILLS
    fi
    if [ ! -x "$planex" ]; then
        failed=$((failed + 1))
        fail_line "$variant" planex "no binary at build/$variant/planex (build the variant first)"
        report "$variant" "planex binary" 0 1 0
        continue
    fi
    # one binary per tests/unit/test_*.c (a stale binary of a removed test
    # is not run; a missing one is a failure)
    for src in "$ROOT"/tests/unit/test_*.c; do
        [ -e "$src" ] || continue
        name=$(basename "$src" .c)
        selected "$name" || continue
        bin=$ROOT/build/$variant/tests/$name
        if [ -x "$bin" ]; then
            run_unit "$variant" "$bin"
        else
            failed=$((failed + 1))
            fail_line "$variant" "$name" "no binary build/$variant/tests/$name (make units / make SANITIZE=address,undefined all)"
            report "$variant" "$name" 0 1 0
        fi
    done
    for script in "$ROOT"/tests/cli/[0-9][0-9]-*.sh; do
        [ -e "$script" ] || continue
        selected "$(basename "$script")" && run_script "$variant" "$script" "$planex"
    done
done

if [[ " $VARIANTS " == *" normal "* ]] && [ "${PX_VALGRIND:-1}" != 0 ] && selected valgrind.sh; then
    if command -v valgrind >/dev/null 2>&1; then
        run_script valgrind "$ROOT/tests/valgrind.sh" "$ROOT/build/normal/planex"
    else
        failed=$((failed + 1))
        fail_line valgrind valgrind.sh "valgrind is not installed (make test-deps)"
    fi
fi

END=$(date +%s)
if [ -s "$FAILS" ]; then
    echo
    echo "Failures:"
    cat "$FAILS"
fi
echo
echo "# $VARIANTS: $((END - START)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
