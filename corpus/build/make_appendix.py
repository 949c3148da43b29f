#!/usr/bin/env python3
"""Fixture 005: a short commune plan (written for the corpus, not a real
document) in the Decree 30 layout, ending after the signature with a PHỤ LỤC
task table (STT | Nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian thực
hiện | Ghi chú).

usage: make_appendix.py OUT.docx OUT.txt
  OUT.txt is the plain text: the plan, then PHỤ LỤC with each table row as one
  line, cells separated by " | ".
"""
import os
import sys
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_docx  # noqa: E402
import seedmodel  # noqa: E402

HEADER_LEFT = [("ỦY BAN NHÂN DÂN", True, 26, 0), ("XÃ TÂN LẬP", True, 26, 0),
               ("Số: 45/KH-UBND", False, 26, 120)]
HEADER_RIGHT = [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False, 24, 0),
                ("Độc lập - Tự do - Hạnh phúc", True, False, 26, 0),
                ("Tân Lập, ngày 15 tháng 7 năm 2025", False, True, 26, 120)]

TITLE = ["KẾ HOẠCH",
         "Thực hiện nâng cao Chỉ số cải cách hành chính (PAR INDEX)",
         "và Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)",
         "trên địa bàn xã Tân Lập năm 2025"]

BODY = [
    "Căn cứ Kế hoạch số 2150/KH-UBND ngày 12/6/2025 của UBND tỉnh Phú Thọ về nâng cao Chỉ số cải cách hành chính (PAR INDEX) và Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI) năm 2025;",
    "Thực hiện Kế hoạch số 186/KH-UBND ngày 30/6/2025 của UBND huyện Thanh Sơn về triển khai nâng cao các chỉ số cải cách hành chính trên địa bàn huyện năm 2025;",
    "UBND xã Tân Lập ban hành Kế hoạch thực hiện như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Mục đích",
    "a) Cụ thể hóa các nhiệm vụ được giao tại Kế hoạch của tỉnh và của huyện, gắn trách nhiệm của từng bộ phận, công chức với kết quả các chỉ số PAR INDEX, PAPI của địa phương.",
    "b) Phấn đấu năm 2025 kết quả tự đánh giá Chỉ số cải cách hành chính của xã đạt từ 85% trở lên; 100% hồ sơ thủ tục hành chính được giải quyết đúng hạn.",
    "2. Yêu cầu",
    "a) Các nhiệm vụ phải có đơn vị chủ trì, thời hạn hoàn thành cụ thể; bảo đảm thực chất, tránh hình thức.",
    "b) Kết quả thực hiện là căn cứ đánh giá, xếp loại công chức và bình xét thi đua cuối năm.",
    "II. NHIỆM VỤ, GIẢI PHÁP",
    "1. Nâng cao chất lượng công khai, minh bạch",
    "Niêm yết đầy đủ các nội dung phải công khai theo Luật Thực hiện dân chủ ở cơ sở tại trụ sở UBND xã và nhà văn hóa các khu dân cư; cập nhật thông tin trên Trang thông tin điện tử của xã.",
    "2. Cải cách thủ tục hành chính",
    "Công chức Văn phòng - Thống kê chủ trì, phối hợp với Công chức Tư pháp - Hộ tịch rà soát quy trình nội bộ giải quyết thủ tục hành chính tại Bộ phận Một cửa; báo cáo kết quả trước ngày 15/9/2025.",
    "3. Quản trị điện tử",
    "Hướng dẫn người dân sử dụng dịch vụ công trực tuyến và ứng dụng VNeID; phấn đấu tỷ lệ hồ sơ trực tuyến toàn trình đạt 60% trở lên.",
    "III. TỔ CHỨC THỰC HIỆN",
    "1. Công chức Văn phòng - Thống kê",
    "Tham mưu UBND xã theo dõi, đôn đốc việc thực hiện Kế hoạch; tổng hợp báo cáo UBND huyện (qua Phòng Nội vụ) định kỳ hằng quý, trước ngày 10 của tháng cuối quý.",
    "2. Đề nghị Ủy ban MTTQ Việt Nam xã",
    "Phối hợp tuyên truyền, vận động Nhân dân tham gia giám sát việc thực hiện Kế hoạch.",
    "(Chi tiết nhiệm vụ tại Phụ lục kèm theo)",
]

RECIPIENTS = ["- UBND huyện Thanh Sơn (b/c);", "- Phòng Nội vụ huyện;", "- TT Đảng ủy, HĐND xã;",
              "- CT, các PCT UBND xã;", "- Các công chức chuyên môn;", "- Lưu: VT."]
SIGNATURE = ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
SIGNER = "Hà Văn Thắng"

APPX_TITLE = ["PHỤ LỤC",
              "NHIỆM VỤ NÂNG CAO CHỈ SỐ PAR INDEX, PAPI NĂM 2025 CỦA XÃ TÂN LẬP",
              "(Kèm theo Kế hoạch số 45/KH-UBND ngày 15/7/2025 của UBND xã Tân Lập)"]
COLUMNS = ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện", "Ghi chú"]
ROWS = [
    ["1", "Rà soát, niêm yết công khai thủ tục hành chính tại Bộ phận Một cửa",
     "Công chức Văn phòng - Thống kê", "Công chức Tư pháp - Hộ tịch", "Quý III/2025", ""],
    ["2", "Cập nhật thông tin trên Trang thông tin điện tử của xã",
     "Công chức Văn hóa - Xã hội", "Công chức Văn phòng - Thống kê", "Thường xuyên", ""],
    ["3", "Tổ chức đối thoại giữa Chủ tịch UBND xã với Nhân dân",
     "Công chức Văn phòng - Thống kê", "Ủy ban MTTQ Việt Nam xã", "Trước ngày 20/8/2025", ""],
    ["4", "Hướng dẫn người dân nộp hồ sơ trực tuyến, đạt tỷ lệ 60% hồ sơ trực tuyến toàn trình",
     "Công chức Tư pháp - Hộ tịch", "Đoàn Thanh niên xã; Công an xã", "Hằng quý", ""],
    ["5", "Công khai dự toán, quyết toán ngân sách xã",
     "Công chức Tài chính - Kế toán", "Ban Thanh tra nhân dân xã", "Trước ngày 15/12/2025", ""],
    ["6", "Tự đánh giá, chấm điểm Chỉ số cải cách hành chính của xã",
     "Công chức Văn phòng - Thống kê", "Các công chức chuyên môn", "2025", "Theo bộ tiêu chí của huyện"],
    ["7", "Tuyên truyền về Chỉ số PAPI trên hệ thống loa truyền thanh",
     "Công chức Văn hóa - Xã hội", "Các khu dân cư", "Trước ngày 30/11/2025", ""],
]


def model():
    blocks = [seedmodel.make_block(t) for t in BODY]
    for b in blocks:
        if b["level"] in ("roman", "arabic"):
            b["bold"] = True
    return {"id": "005", "name": "005-appendix", "origin": "new",
            "header": {"left": HEADER_LEFT, "right": HEADER_RIGHT},
            "title": TITLE, "title_mode": "lines", "blocks": blocks,
            "recipients_head": "Nơi nhận:", "recipients": RECIPIENTS,
            "signature": SIGNATURE, "signer": SIGNER, "footnotes": {}}


def appendix_xml(ctx):
    P = make_docx.para
    R = make_docx.run
    out = ['<w:p><w:r><w:br w:type="page"/></w:r></w:p>']
    out.append(P(ctx, R(ctx, APPX_TITLE[0], b=True), jc="center", first=0, before=0))
    out.append(P(ctx, R(ctx, APPX_TITLE[1], b=True), jc="center", first=0, before=0))
    out.append(P(ctx, R(ctx, APPX_TITLE[2], i=True), jc="center", first=0, before=0))
    widths = [650, 2600, 1850, 1850, 1450, 955]
    border = ('<w:tblBorders>' + "".join('<w:%s w:val="single" w:sz="4" w:space="0" w:color="000000"/>' % s
                                         for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
              + '</w:tblBorders>')
    rows = []
    for k, row in enumerate([COLUMNS] + ROWS):
        cells = []
        for w, (n, text) in zip(widths, enumerate(row)):
            jc = "center" if (k == 0 or n in (0, 4)) else "left"
            cells.append('<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>%s</w:tc>'
                         % (w, P(ctx, R(ctx, text, b=(k == 0), sz=22), jc=jc, first=0, before=40, line=240)))
        trpr = '<w:trPr><w:tblHeader/></w:trPr>' if k == 0 else ""
        rows.append("<w:tr>%s%s</w:tr>" % (trpr, "".join(cells)))
    out.append('<w:tbl><w:tblPr><w:tblW w:w="%d" w:type="dxa"/><w:jc w:val="center"/>%s'
               '<w:tblLayout w:type="fixed"/><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>%s</w:tblGrid>%s</w:tbl>'
               % (sum(widths), border, "".join('<w:gridCol w:w="%d"/>' % w for w in widths), "".join(rows)))
    out.append(P(ctx, "", first=0, before=0))
    return "".join(out)


def text(doc):
    lines = [t for t, *_ in HEADER_LEFT[:2]] + [t for t, *_ in HEADER_RIGHT[:2]]
    lines += [HEADER_LEFT[2][0], HEADER_RIGHT[2][0]]
    lines += doc["title"] + BODY + [doc["recipients_head"]] + RECIPIENTS + SIGNATURE + [SIGNER, ""]
    lines += APPX_TITLE
    for row in [COLUMNS] + ROWS:
        lines.append(" | ".join(row).rstrip())
    return "\n".join(lines) + "\n"


def main(argv):
    doc = model()
    ctx = make_docx.Ctx()
    make_docx.build(doc, argv[1], ctx, after_signature_xml=appendix_xml(ctx))
    with open(argv[2], "w", encoding="utf-8") as f:
        f.write(text(doc))


if __name__ == "__main__":
    main(sys.argv)
