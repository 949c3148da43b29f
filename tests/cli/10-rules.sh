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

# --- what the stages do around the rules ---------------------------------
# (examples test one pattern; these need the stage: a window read at its
# end, the year a list shares, the lead word a month list needs, the
# clause before a hit, negated bounds, traps and baselines)
cat >"$T/wordings.txt" <<'PLAN'
KẾ HOẠCH

Thử các cách viết thời hạn và chỉ tiêu năm 2025

I. MỤC TIÊU

1. Chỉ tiêu

Năm 2024, Chỉ số cải cách hành chính của huyện đạt 86,47/100 điểm, xếp thứ 6/9.

Năm 2025, phấn đấu không có tiêu chí nào đạt dưới 80%; tổ chức ít nhất 02 buổi đối thoại; thời gian giải quyết không quá 02 ngày làm việc; nằm trong nhóm 07 sở, ban, ngành dẫn đầu.

Số phiếu khảo sát tối thiểu 400 phiếu.

II. NHIỆM VỤ

1. Khảo sát

a) Nội dung: Tổ chức khảo sát.

b) Thời gian hoàn thành: Từ tháng 7 đến tháng 9/2025.

2. Rà soát

a) Nội dung: Rà soát, hoàn thành trong tháng 6 và tháng 12/2025; tổng hợp số liệu tháng 10 và tháng 11/2025.

b) Thời gian thực hiện: Quý I và Quý III/2025.

3. Báo cáo

Các xã cung cấp thông tin, số liệu khi có yêu cầu của UBND huyện; báo cáo số liệu trước ngày 15/6/2025.
PLAN
"$PLANEX" ingest --quiet --db "$T/wordings.db" "$T/wordings.txt"
"$PLANEX" export --db "$T/wordings.db" --format json >"$T/wordings.jsonl"
rows=$(python3 -c "
import json
d = json.loads(open('$T/wordings.jsonl').readline())
for x in d['deadlines']:
    print('D', x['section'], x['kind'], x['date'])
for x in d['targets']:
    print('T', x['section'], '%g' % x['value'], x['unit'], x['comparator'])
for x in d.get('baselines') or []:
    print('B', x['section'], '%g' % x['value'], x['unit'], x['comparator'])")
for want in 'D II/1/b date 2025-09-30' 'D II/2/a date 2025-06-30' 'D II/2/a date 2025-12-31' \
    'D II/2/b date 2025-03-31' 'D II/2/b date 2025-09-30' 'D II/3 on_request None' 'D II/3 date 2025-06-15' \
    'T I/1 80 % >=' 'T I/1 2 buổi >=' 'T I/1 2 ngày làm việc <=' 'T I/1 7 sở, ban, ngành top' \
    'B I/1 86.47 điểm =' 'B I/1 6 hạng ='; do
    check_contains "wordings: $want" "$rows" "$want"
done
check_not_contains "wordings: a window's start is no deadline" "$rows" "2025-07-31"
check_not_contains "wordings: months without trong/vào are no deadline" "$rows" "2025-10-31"
check_not_contains "wordings: a window gives no count" "$rows" "đến tháng"
check_not_contains "wordings: a sample size is no target" "$rows" "T I/1 400"

# a multi-year plan: a target's year is the one its clause names, else the
# end of the period (ANNOTATION.md)
cat >"$T/period.txt" <<'PLAN'
KẾ HOẠCH

Nâng cao Chỉ số SIPAS giai đoạn 2025 - 2026

I. MỤC TIÊU

Tỷ lệ hài lòng năm 2025 đạt trên 85%, năm 2026 đạt trên 88%.

Phấn đấu 100% hồ sơ được giải quyết đúng hạn.

Chỉ số PAR INDEX đạt trên 87% vào năm 2026.
PLAN
"$PLANEX" ingest --quiet --db "$T/period.db" "$T/period.txt"
years=$("$PLANEX" export --db "$T/period.db" --format json | python3 -c "
import json, sys
d = json.loads(sys.stdin.readline())
print(' '.join('%g:%d' % (x['value'], x['year']) for x in d['targets']))")
check_eq "period: each target's year (clause year, else the period's end)" "$years" "85:2025 88:2026 100:2026 87:2026"

done_testing
