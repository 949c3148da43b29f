#!/usr/bin/env bash
# 55-units-areas.sh: how plans name units and areas, end to end on a small
# commune plan (one regression check per wording): lower-case posts with a
# capitalised name, unit heads such as Bộ phận, Trạm, Công đoàn, Đảng ủy,
# a verb inside an activity's name, a heading's actor ending at its verb or
# at `là`, the area of a numbered heading up to its next phrase, and the
# area a task-table row opens with.
. "$(dirname "$0")/../lib.sh"
need_binary

cat > "$T/plan.txt" <<'PLAN'
ỦY BAN NHÂN DÂN
XÃ TÂN HÒA
KẾ HOẠCH
Nâng cao Chỉ số PAPI và Chỉ số cải cách hành chính năm 2025 của xã Tân Hòa
I. NHIỆM VỤ, GIẢI PHÁP
1. Đẩy mạnh cải cách thủ tục hành chính, nâng cao chất lượng giải quyết thủ tục hành chính thuộc thẩm quyền của xã
Giao công chức Văn phòng - Thống kê chủ trì, phối hợp với Ban công tác Mặt trận các thôn và công chức Tư pháp - Hộ tịch thực hiện.
Giao Bộ phận Tiếp nhận và Trả kết quả xã chủ trì, phối hợp với Trạm Y tế xã và Phòng Công chứng số 1 số hóa hồ sơ.
2. Tác động của cải cách hành chính đến người dân, tổ chức
Phòng Quản lý xử lý vi phạm hành chính và Theo dõi thi hành pháp luật chủ trì xây dựng kế hoạch.
Tuyên truyền về cải cách hành chính; công chức Văn hóa - Xã hội chủ trì thực hiện.
3. Kiểm soát tham nhũng trong khu vực công được xác định là nhiệm vụ trọng tâm của cả hệ thống chính trị
a) Quản trị môi trường, quản trị điện tử và nhiều lĩnh vực khác của xã
4. Cải thiện các chỉ số nội dung PAPI thuộc trách nhiệm của xã
a) Tham gia của người dân ở cấp cơ sở; công khai, minh bạch trong việc ra quyết định ở địa phương
Tổ chức hội nghị đối thoại với Nhân dân.
5. Giám sát cộng đồng và an ninh trật tự
Ủy ban MTTQ Việt Nam xã chủ trì, phối hợp với Ban Giám sát đầu tư của cộng đồng xã tổ chức giám sát các công trình.
Công an xã chủ trì, phối hợp với các thôn giữ vững an ninh chính trị.
II. TỔ CHỨC THỰC HIỆN
1. Sở Kế hoạch và Đầu tư là cơ quan thường trực, chủ trì, phối hợp với Văn phòng UBND huyện theo dõi việc triển khai Kế hoạch này.
2. Các công chức chuyên môn thuộc UBND xã
Chủ động triển khai thực hiện.
3. Đề nghị Công đoàn cơ sở xã tuyên truyền, vận động đoàn viên thực hiện tốt Kế hoạch.
4. Đảng ủy xã
Lãnh đạo việc thực hiện.
5. Các cơ quan Trung ương được tổ chức theo ngành dọc tại địa phương
Phối hợp thực hiện.
6. Cán bộ, công chức xã
Thực hiện nghiêm Kế hoạch.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
PHỤ LỤC
STT | Nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian thực hiện
1 | Thủ tục hành chính công: niêm yết công khai thủ tục tại Bộ phận Một cửa | Bộ phận Một cửa xã | Công an xã | Quý III/2025
2 | Rà soát các thủ tục hành chính thuộc thẩm quyền của xã | Công chức Tư pháp - Hộ tịch | Công chức Văn phòng - Thống kê | Quý IV/2025
PLAN

"$PLANEX" ingest --quiet --db "$T/p.db" "$T/plan.txt"
"$PLANEX" export --db "$T/p.db" --format json > "$T/p.jsonl"
python3 - "$T/p.jsonl" > "$T/rows" <<'PY'
import json, sys
d = json.loads(open(sys.argv[1]).readline())
for a in d["assignments"]:
    print(f"A {a['section']}|{a['role']}|{a['unit']}")
for i in d["indicators"]:
    print(f"I {i['section']}|{i['area']}")
PY
rows=$(cat "$T/rows")


# A: lower-case posts named by their field, not staff in general
check_row "a lower-case post before a capitalised name leads" "A I/1|lead|công chức Văn phòng - Thống kê"
check_row "a lower-case post after và is a unit of its own" "A I/1|cooperate|công chức Tư pháp - Hộ tịch"
check_row "the unit before it is kept whole" "A I/1|cooperate|Ban công tác Mặt trận các thôn"
check_row "a lower-case post leads after a semicolon" "A I/2|lead|công chức Văn hóa - Xã hội"
check_row "a mass noun heading stays one unit" "A II/6|responsible|Cán bộ, công chức xã"
# B: unit heads
check_row "Bộ phận is a unit head" "A I/1|lead|Bộ phận Tiếp nhận và Trả kết quả xã"
check_row "Trạm is a unit head" "A I/1|cooperate|Trạm Y tế xã"
check_row "Đảng ủy is a unit head" "A II/4|responsible|Đảng ủy xã"
# C: the generic group of posts
check_row "Các công chức … is a responsible unit" "A II/2|responsible|Các công chức chuyên môn thuộc UBND xã"
# D: a unit name ends at the verb or at là
check_row "a cooperating unit ends at its verb (số hóa)" "A I/1|cooperate|Phòng Công chứng số 1"
check_not_contains "the verb is not part of the unit" "$rows" "số 1 số hóa"
check_row "a heading's actor ends at its verb" "A II/3|responsible|Công đoàn cơ sở xã"
check_row "a heading's actor ends at là" "A II/1|responsible|Sở Kế hoạch và Đầu tư"
check_row "a clause's lead ends at là cơ quan …" "A II/1|lead|Sở Kế hoạch và Đầu tư"
check_not_contains "là cơ quan thường trực is not part of a unit" "$rows" "là cơ quan"
check_row "words after được describe the units" \
    "A II/5|responsible|Các cơ quan Trung ương được tổ chức theo ngành dọc tại địa phương"
# E: a verb inside an activity's name
check_row "a verb inside an activity's name keeps the lead" \
    "A I/2|lead|Phòng Quản lý xử lý vi phạm hành chính và Theo dõi thi hành pháp luật"
# F: areas of numbered headings, not of sentences
check_row "a numbered heading names its area before the next phrase" "I I/1|PAR.3"
check_row "the short PAR.8 name is an area" "I I/2|PAR.8"
check_not_contains "a heading that is a sentence names no area" "$rows" "I I/3|"
check_not_contains "a lettered item counts all its words" "$rows" "I I/3/a|"
# a lettered title that lists two areas' names (y3)
check_row "a lettered title listing names: the first area" "I I/4/a|PAPI.1"
check_row "… and the second" "I I/4/a|PAPI.2"
# an activity's name closes at its place word; giữ vững is a verb (ac1)
check_row "an activity's name ends at its place: the verb after is the task" "A I/5|cooperate|Ban Giám sát đầu tư của cộng đồng xã"
check_row "giữ vững ends the unit" "A I/5|cooperate|các thôn"
# a task-table row that opens with an area's name
check_row "a table row's task names its area" "I |PAPI.5"
check_eq "one area row from the table" "$(grep -c '^I |' "$T/rows")" 1

done_testing
