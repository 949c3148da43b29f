#!/usr/bin/env bash
# 10-rules.sh: `planex rules check` and `planex rules test` on the real rule
# files and on copies with one thing broken.
. "$(dirname "$0")/../lib.sh"
need_binary

# --- the rules as shipped --------------------------------------------------
out=$("$PLANEX" rules check rules 2>"$T/err")
rc=$?
check_eq "rules check rules/ exits 0" "$rc" 0
check_contains "rules check says the rules are valid" "$out" "all valid"
check_eq "rules check rules/ prints nothing on stderr" "$(cat "$T/err")" ""

out=$("$PLANEX" rules test rules 2>"$T/err")
rc=$?
check_eq "rules test rules/ exits 0" "$rc" 0
if printf '%s\n' "$out" | grep -qE '^[1-9][0-9]* passed, 0 failed'; then
    ok "rules test rules/ ends N passed, 0 failed"
else
    not_ok "rules test rules/ ends N passed, 0 failed" "$out" "$(cat "$T/err")"
fi

# --- a pattern with an unclosed group ------------------------------------
cp -r rules "$T/broken"
file=$T/broken/structure.rules
line=$(grep -n '^pattern:' "$file" | sed -n 2p | cut -d: -f1)
if [ -z "$line" ]; then
    not_ok "rules/structure.rules has patterns to break"
else
    sed -i "${line}s/.*/pattern: ^(?<num>[0-9]+(unclosed group/" "$file"
    out=$("$PLANEX" rules check "$T/broken" 2>&1)
    rc=$?
    check "rules check on a broken pattern exits non-zero" test "$rc" -ne 0
    if printf '%s\n' "$out" | grep -qE "^$file:$line:[0-9]+: "; then
        ok "the error names the file, the pattern's line and a column ($file:$line:col)"
    else
        not_ok "the error names the file, the pattern's line and a column" "want $file:$line:COL: …" "got: $out"
    fi
    check_eq "exactly one problem is reported for one broken pattern" \
        "$(printf '%s\n' "$out" | grep -cE '^[^ ]+:[0-9]+:[0-9]+: ')" 1
    # every command that needs the rules refuses them too
    "$PLANEX" ingest --db "$T/broken.db" --rules "$T/broken" corpus/text/000_*.txt >"$T/out" 2>&1
    rc=$?
    check "ingest with broken rules exits 2" test "$rc" -eq 2
fi

# --- a key the format does not have --------------------------------------
cp -r rules "$T/badkey"
printf '\nrule: test.badkey\ncategory: test\npriority: 1\npattrn: ^x$\n' >>"$T/badkey/structure.rules"
out=$("$PLANEX" rules check "$T/badkey" 2>&1)
rc=$?
check "rules check on a misspelt key exits non-zero" test "$rc" -ne 0
check_contains "the misspelt key is named with file:line" "$out" "$T/badkey/structure.rules:"

# --- an example that does not match, a counter that does ----------------
cp -r rules "$T/selftest"
file=$T/selftest/zz-test.rules
cat >"$file" <<'RULES'
# a rule whose own example contradicts it
rule: test.example-fails
category: test
priority: 1
pattern: ^Kế hoạch số \d+$
example: Kế hoạch số mười
RULES
ex_line=$(grep -n '^example:' "$file" | cut -d: -f1)
out=$("$PLANEX" rules check "$T/selftest" 2>&1)
check_eq "a rule with a wrong example still loads (rules check exits 0)" "$?" 0
out=$("$PLANEX" rules test "$T/selftest" 2>"$T/err")
rc=$?
err=$(cat "$T/err")
check "rules test fails when an example does not match" test "$rc" -ne 0
check_contains "the failure names file:line of the example" "$err" "$file:$ex_line:"
if printf '%s\n' "$out" | grep -qE '^[0-9]+ passed, 1 failed'; then
    ok "rules test counts exactly one failure"
else
    not_ok "rules test counts exactly one failure" "$out"
fi

cat >"$file" <<'RULES'
rule: test.counter-matches
category: test
priority: 1
pattern: ^Nơi nhận
counter: Nơi nhận:
RULES
out=$("$PLANEX" rules test "$T/selftest" 2>"$T/err")
rc=$?
check "rules test fails when a counter-example matches" test "$rc" -ne 0
check_contains "the counter failure names file:line" "$(cat "$T/err")" "$file:5:"

cat >"$file" <<'RULES'
rule: test.field-wrong
category: test
priority: 1
pattern: ^Số: (?<num>\d+)/KH
example: Số: 45/KH-UBND => num=46
RULES
"$PLANEX" rules test "$T/selftest" >"$T/out" 2>"$T/err"
rc=$?
check "rules test fails when an example's field value is wrong" test "$rc" -ne 0
check_contains "the field failure names file:line" "$(cat "$T/err")" "$file:5:"

done_testing
