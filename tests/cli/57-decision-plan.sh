#!/usr/bin/env bash
# 57-decision-plan.sh: a district plan issued with its decision (z1, z2),
# end to end: the plan's own decision number cites nothing, a citation
# closed by a bracket keeps the bracket out of its issuer, a shared lower-
# case head is given to each name (`Các phòng: Tư pháp, Nội vụ`), and a
# reporting regime whose brackets open with `gửi` is recurring.
. "$(dirname "$0")/../lib.sh"
need_binary

cat > "$T/plan.txt" <<'PLAN'
ỦY BAN NHÂN DÂN
HUYỆN NẬM KHOA
Số: 95/QĐ-UBND
Nậm Khoa, ngày 20 tháng 01 năm 2022
QUYẾT ĐỊNH
Về việc ban hành Kế hoạch cải cách hành chính năm 2022
Căn cứ Kế hoạch số 12/KH-UBND ngày 05/01/2022 của UBND tỉnh Lai Sơn về cải cách hành chính năm 2022;
Căn cứ văn bản hướng dẫn của tỉnh (Kế hoạch số 30/KH-UBND ngày 10/01/2022 của UBND tỉnh Lai Sơn);
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính năm 2022 của huyện.
Điều 2. Quyết định có hiệu lực kể từ ngày ký.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Lò Văn Thắng
KẾ HOẠCH
Cải cách hành chính năm 2022
(Ban hành kèm theo Quyết định số 95/QĐ-UBND ngày 20/01/2022 của UBND huyện Nậm Khoa)
I. NHIỆM VỤ
1. Rà soát thủ tục hành chính thuộc thẩm quyền giải quyết của huyện
II. TỔ CHỨC THỰC HIỆN
1. Các phòng: Tư pháp, Nội vụ, Tài chính - Kế hoạch
Rà soát thủ tục hành chính thuộc lĩnh vực phụ trách.
2. Chế độ báo cáo
Các cơ quan báo cáo định kỳ hằng quý (gửi trước ngày 12 của tháng cuối quý), 6 tháng (gửi trước ngày 12/6/2022) và năm (gửi trước ngày 12/12/2022) về UBND huyện (qua Phòng Nội vụ).
PLAN

"$PLANEX" ingest --quiet --db "$T/p.db" "$T/plan.txt"
"$PLANEX" export --db "$T/p.db" --format json > "$T/p.jsonl"
python3 - "$T/p.jsonl" > "$T/rows" <<'PY'
import json, sys
d = json.loads(open(sys.argv[1]).readline())
print(f"M {d['meta']['doc_number']}")
for r in d["references"]:
    print(f"R {r['doc_number']}|{r['issuer']}")
for a in d["assignments"]:
    print(f"A {a['section']}|{a['role']}|{a['unit']}")
for x in d["deadlines"]:
    print(f"D {x['section']}|{x['kind']}|{x['date']}|{x['recurrence']}")
PY
rows=$(cat "$T/rows")

check_row "the decision's number is the document's" "M 95/QĐ-UBND"
check_not_contains "the plan's own decision is no reference" "$rows" "R 95/QĐ-UBND"
check_row "a cited plan" "R 12/KH-UBND|UBND tỉnh Lai Sơn"
check_row "a citation in brackets: no bracket in its issuer" "R 30/KH-UBND|UBND tỉnh Lai Sơn"
check_row "a lower-case shared head goes to each name" "A II/1|responsible|Phòng Tư pháp"
check_row "… the second" "A II/1|responsible|Phòng Nội vụ"
check_row "… the third, with its dash" "A II/1|responsible|Phòng Tài chính - Kế hoạch"
check_row "a half-year report in a regime with gửi" "D II/2|recurring|2022-06-12|half_yearly"
check_row "the year's report" "D II/2|recurring|2022-12-12|yearly"

done_testing
