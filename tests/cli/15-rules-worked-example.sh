#!/usr/bin/env bash
# The worked example of rules/README.md: an analyst adds a deadline wording
# as a rule, `planex rules test` proves it, and a plan using the wording
# yields the deadline under its section.
. "$(dirname "$0")/../lib.sh"
need_binary

cp -r rules "$T/rules"
cat > "$T/plan.txt" <<'PLAN'
KẾ HOẠCH
Nâng cao Chỉ số PAPI năm 2025 của xã Tân Hòa

I. NHIỆM VỤ
1. Quản trị điện tử
Đơn vị chủ trì: Công chức Văn phòng - Thống kê.
Cập nhật Trang thông tin điện tử của xã, hạn cuối ngày 20/11/2025.
PLAN

"$PLANEX" ingest --quiet --db "$T/before.db" --rules "$T/rules" "$T/plan.txt"
"$PLANEX" export --db "$T/before.db" > "$T/before.jsonl"
check_not_contains "without the rule the wording gives no deadline" "$(cat "$T/before.jsonl")" '"date":"2025-11-20"'

# the rule exactly as rules/README.md shows it
awk '/^rule: deadline.last-day$/,/^counter:/' rules/README.md > "$T/rules/zz-local.rules"
check_contains "the README's rule was extracted" "$(cat "$T/rules/zz-local.rules")" "rule: deadline.last-day"
out=$("$PLANEX" rules test "$T/rules" 2>&1)
check_contains "rules test passes with the new rule" "$out" " 0 failed"

"$PLANEX" ingest --quiet --db "$T/after.db" --rules "$T/rules" "$T/plan.txt"
"$PLANEX" export --db "$T/after.db" > "$T/after.jsonl"
got=$(python3 -c "
import json,sys
d=json.loads(open('$T/after.jsonl').readline())
print(';'.join(f\"{x['section']}|{x['kind']}|{x['date']}\" for x in d['deadlines']))")
check_contains "the plan's deadline is found under its section" "$got" "I/1|date|2025-11-20"

# a broken example makes rules test fail with file:line
printf '\nrule: local.broken\ncategory: deadline\npattern: hạn\\s+chót\nexample: không khớp gì cả\n' >> "$T/rules/zz-local.rules"
out=$("$PLANEX" rules test "$T/rules" 2>&1); rc=$?
check_contains "a failing example is reported with file:line" "$out" "zz-local.rules:"
check_eq "rules test exits non-zero on a failing example" "$([ $rc -ne 0 ] && echo yes)" "yes"
done_testing
