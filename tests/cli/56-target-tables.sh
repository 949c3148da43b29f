#!/usr/bin/env bash
# 56-target-tables.sh: tables as pandoc prints a DOCX (pipe tables padded
# with spaces), end to end: a table of targets whose rows are labelled in a
# `Nội dung chỉ tiêu` column gives each figure its index or area, a rank
# group (`thuộc nhóm 15 tỉnh, thành phố dẫn đầu`) and `Duy trì 100%` in a
# target cell are targets, and a padded task table in the appendix gives
# its leads, partners and deadlines (x1 lost all of them).
. "$(dirname "$0")/../lib.sh"
need_binary

cat > "$T/plan.txt" <<'PLAN'
ỦY BAN NHÂN DÂN
TỈNH BÌNH AN
Số: 12/KH-UBND
Bình An, ngày 10 tháng 3 năm 2026
KẾ HOẠCH
Nâng cao Chỉ số PAR INDEX và Chỉ số SIPAS năm 2026

I. MỤC TIÊU

**1. Chỉ tiêu cụ thể**

| STT | Nội dung chỉ tiêu                                            | Kết quả năm 2025      | Chỉ tiêu năm 2026                                         |
|-----|--------------------------------------------------------------|-----------------------|-----------------------------------------------------------|
| 1   | Chỉ số PAR INDEX của tỉnh                                    | 86,12%, xếp thứ 19/34 | Đạt từ 88% trở lên; thuộc nhóm 15 tỉnh, thành phố dẫn đầu |
| 2   | Chỉ số SIPAS của tỉnh                                        | 82,47%                | Đạt từ 85% trở lên                                        |
| 3   | Tỷ lệ văn bản được tự kiểm tra (lĩnh vực cải cách thể chế)   | 100%                  | Duy trì 100%                                              |

II. TỔ CHỨC THỰC HIỆN

Các sở, ngành thực hiện các nhiệm vụ tại Phụ lục kèm theo.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

**PHỤ LỤC**

| STT      | Nội dung nhiệm vụ                                      | Cơ quan chủ trì      | Cơ quan phối hợp                        | Thời gian hoàn thành |
|----------|--------------------------------------------------------|----------------------|-----------------------------------------|----------------------|
| **I**    | **Cải cách thể chế**                                   |                      |                                         |                      |
| 1        | Rà soát văn bản quy phạm pháp luật của tỉnh            | Sở Tư pháp           | Các sở, ban, ngành                      | Trước ngày 30/9/2026 |
| 2        | Theo dõi tình hình thi hành pháp luật                  | Sở Tư pháp           | Công an tỉnh                            | Tháng 11/2026        |
| 3        | Tiếp nhận, xử lý phản ánh, kiến nghị của người dân     | Văn phòng UBND tỉnh  | Các cơ quan, đơn vị liên quan           | Thường xuyên         |
PLAN

"$PLANEX" ingest --quiet --db "$T/p.db" "$T/plan.txt"
"$PLANEX" export --db "$T/p.db" --format json > "$T/p.jsonl"
python3 - "$T/p.jsonl" > "$T/rows" <<'PY'
import json, sys
d = json.loads(open(sys.argv[1]).readline())
for t in d["targets"]:
    print(f"T {t['section']}|{t['indicator']}|{t['value']:g}|{t['unit']}|{t['comparator']}|{t['year']}")
for a in d["assignments"]:
    print(f"A {a['section']}|{a['role']}|{a['unit']}")
for x in d["deadlines"]:
    print(f"D {x['section']}|{x['kind']}|{x['date']}")
PY
rows=$(cat "$T/rows")

# the table of targets
check_row "a row labelled with an index gives its figure that index" "T I/1|PAR_INDEX|88|%|>=|2026"
check_row "a rank group in a target cell is a top target" "T I/1|PAR_INDEX|15|tỉnh, thành phố|top|2026"
check_row "the SIPAS row" "T I/1|SIPAS|85|%|>=|2026"
check_row "Duy trì 100% is a target of the row's area" "T I/1|PAR.2|100|%|=|2026"
check_not_contains "the past column gives no target" "$rows" "|86.12|"
# the padded task table
check_row "a padded appendix row gives its lead" "A |lead|Sở Tư pháp"
check_row "… and its partner" "A |cooperate|Công an tỉnh"
check_row "… and a list of partners" "A |cooperate|Các sở, ban, ngành"
check_row "a date in the time column" "D |date|2026-09-30"
check_row "a month in the time column" "D |date|2026-11-30"
check_row "Thường xuyên in the time column" "D |continuous|None"

done_testing
