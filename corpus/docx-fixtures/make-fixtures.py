#!/usr/bin/env python3
"""Writes the hand-made DOCX fixtures of this folder (python3 stdlib only).

Each fixture is the XML Microsoft Word writes (w:document, w:styles,
w:numbering, ...), one feature family per file, so that a failing assertion
in tests/unit/test_docx.c points at one thing.  The expected labels and text
live in the test; the comments here say what each paragraph is for.

    python3 corpus/docx-fixtures/make-fixtures.py     # rewrites the .docx files

Output is byte-for-byte reproducible (fixed timestamps, fixed order).
"""
import os
import re
import sys
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(HERE, "..", "..", "..", "shared", "seeds")

DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
NS = ('xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:o="urn:schemas-microsoft-com:office:office" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
      'xmlns:v="urn:schemas-microsoft-com:vml" '
      'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:w10="urn:schemas-microsoft-com:office:word" '
      'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
      'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" '
      'xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'mc:Ignorable="w14 w15 wp14"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SECT = ('<w:sectPr w:rsidR="00B21F3A"><w:pgSz w:w="11907" w:h="16840" w:code="9"/>'
        '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" w:header="567" '
        'w:footer="567" w:gutter="0"/><w:cols w:space="720"/><w:docGrid w:linePitch="360"/></w:sectPr>')


def t(text):
    sp = ' xml:space="preserve"' if text != text.strip() or "  " in text else ""
    return f"<w:t{sp}>{escape(text)}</w:t>"


def r(text, rpr=""):
    rp = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r w:rsidRPr="00C41D2B">{rp}{t(text)}</w:r>'


def p(*runs, style=None, num=None, ilvl=None, ppr="", text=None):
    """A paragraph: runs are XML strings; text= adds one plain run."""
    pp = ""
    if style:
        pp += f'<w:pStyle w:val="{style}"/>'
    if num is not None or ilvl is not None:
        pp += "<w:numPr>"
        if ilvl is not None:
            pp += f'<w:ilvl w:val="{ilvl}"/>'
        if num is not None:
            pp += f'<w:numId w:val="{num}"/>'
        pp += "</w:numPr>"
    pp += ppr
    body = "".join(runs) + (r(text) if text is not None else "")
    ppx = f"<w:pPr>{pp}</w:pPr>" if pp else ""
    return f'<w:p w:rsidR="00B21F3A" w:rsidRDefault="00B21F3A">{ppx}{body}</w:p>'


def document(body, sect=SECT):
    return f"{DECL}<w:document {NS}><w:body>{body}{sect}</w:body></w:document>"


def styles(extra="", sz=26):
    """styles.xml as Word writes it: docDefaults, latent styles left out,
    Normal, the default character style, and whatever the fixture adds."""
    return (f'{DECL}<w:styles {NS}>'
            '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" '
            'w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>'
            f'<w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/><w:lang w:val="en-US" w:eastAsia="en-US" '
            'w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120"/>'
            '</w:pPr></w:pPrDefault></w:docDefaults>'
            '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
            '<w:qFormat/></w:style>'
            '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
            '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
            '<w:unhideWhenUsed/></w:style>'
            '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
            '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
            '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
            '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
            f'{extra}</w:styles>')


def style(sid, name, based=None, ppr="", rpr="", kind="paragraph"):
    b = f'<w:basedOn w:val="{based}"/>' if based else ""
    pp = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    rp = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return (f'<w:style w:type="{kind}" w:styleId="{sid}"><w:name w:val="{name}"/>{b}'
            f'<w:next w:val="Normal"/><w:qFormat/>{pp}{rp}</w:style>')


def lvl(i, fmt, text, start=1, ind=None, extra="", font=None, pstyle=None):
    ps = f'<w:pStyle w:val="{pstyle}"/>' if pstyle else ""
    ind = ind if ind is not None else 720 * (i + 1)
    rp = (f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:hint="default"/></w:rPr>'
          if font else "")
    return (f'<w:lvl w:ilvl="{i}" w:tplc="0409000F"><w:start w:val="{start}"/>'
            f'<w:numFmt w:val="{fmt}"/>{ps}{extra}<w:lvlText w:val="{escape(text)}"/>'
            f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{ind}" w:hanging="360"/></w:pPr>{rp}</w:lvl>')


def numbering(abstracts, nums):
    a = "".join(f'<w:abstractNum w:abstractNumId="{i}" w15:restartNumberingAfterBreak="0">'
                f'<w:nsid w:val="1A2B3C{i:02d}"/><w:multiLevelType w:val="hybridMultilevel"/>'
                f'{body}</w:abstractNum>' for i, body in abstracts)
    n = "".join(f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{ovr}</w:num>'
                for nid, aid, ovr in nums)
    return f"{DECL}<w:numbering {NS}>{a}{n}</w:numbering>"


CT_DEFAULT = ('<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
              '<Default Extension="xml" ContentType="application/xml"/>')
CT_PARTS = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "word/styles.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
    "word/numbering.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml",
    "word/footnotes.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
    "word/endnotes.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml",
    "word/header1.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
    "word/footer1.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
    "word/settings.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml",
    "docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
}
REL_TYPES = {
    "word/styles.xml": "styles", "word/numbering.xml": "numbering",
    "word/footnotes.xml": "footnotes", "word/endnotes.xml": "endnotes",
    "word/header1.xml": "header", "word/footer1.xml": "footer",
    "word/settings.xml": "settings",
}
SETTINGS = (f'{DECL}<w:settings {NS}><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>'
            '<w:characterSpacingControl w:val="doNotCompress"/><w:compat>'
            '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
            'w:val="15"/></w:compat></w:settings>')
CORE = (f'{DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>planex</dc:creator>'
        '<dcterms:created xsi:type="dcterms:W3CDTF">2025-04-08T00:00:00Z</dcterms:created>'
        '</cp:coreProperties>')


def write_docx(name, parts, extra_rels=""):
    """parts: part name -> XML; adds content types, package and document rels."""
    parts = dict(parts)
    parts.setdefault("word/settings.xml", SETTINGS)
    parts.setdefault("docProps/core.xml", CORE)
    ct = "".join(f'<Override PartName="/{k}" ContentType="{v}"/>'
                 for k, v in CT_PARTS.items() if k in parts)
    content_types = (f'{DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     f"{CT_DEFAULT}{ct}</Types>")
    pkg_rels = (f'{DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
                f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>'
                "</Relationships>")
    rels = "".join(f'<Relationship Id="rId{i + 1}" Type="{REL}/{REL_TYPES[k]}" Target="{k[5:]}"/>'
                   for i, k in enumerate(sorted(REL_TYPES)) if k in parts)
    doc_rels = (f'{DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f"{rels}{extra_rels}</Relationships>")
    order = ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels"]
    files = {"[Content_Types].xml": content_types, "_rels/.rels": pkg_rels,
             "word/_rels/document.xml.rels": doc_rels, **parts}
    names = order + sorted(k for k in files if k not in order)
    path = os.path.join(HERE, name)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n in names:
            info = zipfile.ZipInfo(n, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, files[n].encode("utf-8"))
    print("wrote", os.path.relpath(path))


def rel_id(part):
    """The rId write_docx gives a part (sorted REL_TYPES order)."""
    return "rId%d" % (sorted(REL_TYPES).index(part) + 1)


# --- numbering.docx: lists, styles, inheritance ---------------------------------
def fixture_numbering():
    st = styles(
        # a Vietnamese Word: styleIds localised, names English
        style("u1", "heading 1", ppr='<w:keepNext/><w:numPr><w:numId w:val="1"/></w:numPr>'
              '<w:outlineLvl w:val="0"/>', rpr='<w:b/><w:sz w:val="28"/>')
        # heading 2 takes numId from heading 1 through basedOn
        + style("u2", "heading 2", based="u1", ppr='<w:numPr><w:ilvl w:val="1"/></w:numPr>'
                '<w:outlineLvl w:val="1"/>', rpr='<w:sz w:val="26"/>')
        + style("u3", "heading 3", based="u2", ppr='<w:numPr><w:ilvl w:val="2"/></w:numPr>'
                '<w:outlineLvl w:val="2"/>', rpr='<w:b w:val="0"/><w:i/>')
        # custom style two steps down the chain: numbering and heading inherited
        + style("PlanItem", "Plan Item", based="u3")
        # numId 0 switches the inherited list off
        + style("NoNum", "Heading Unnumbered", based="u2",
                ppr='<w:numPr><w:numId w:val="0"/></w:numPr>')
        + style("Title", "Title", rpr='<w:b/><w:caps/><w:sz w:val="32"/>', ppr='<w:jc w:val="center"/>')
        + style("Heading5", "heading 5", rpr='<w:b/>')
        + style("ListParagraph", "List Paragraph", ppr='<w:ind w:left="720"/><w:contextualSpacing/>')
        + style("Strong", "Strong", kind="character", rpr='<w:b/><w:bCs/>'))
    outline = (lvl(0, "upperRoman", "%1.", pstyle="u1", ind=0)
               + lvl(1, "decimal", "%2.", pstyle="u2", ind=0)
               + lvl(2, "decimal", "%2.%3.", pstyle="u3", ind=0)
               + lvl(3, "lowerLetter", "%4)", ind=0))
    lists = (lvl(0, "lowerLetter", "%1)")
             + lvl(1, "bullet", "\uf0b7", font="Symbol")
             + lvl(2, "bullet", "-", font="Times New Roman")
             + lvl(3, "decimal", "(%4)")
             + lvl(4, "decimalZero", "%5.")
             + lvl(5, "none", "")
             + lvl(6, "bullet", "\uf0a7", font="Wingdings"))
    legal = (lvl(0, "upperRoman", "%1.", start=4)
             + lvl(1, "decimal", "%1.%2.", extra="<w:isLgl/>")
             + lvl(2, "decimal", "%3)", extra='<w:lvlRestart w:val="0"/>')
             + lvl(3, "decimal", "%4.", extra='<w:lvlRestart w:val="1"/>'))
    padded = ('<w:lvl w:ilvl="0"><w:start w:val="1"/><mc:AlternateContent>'
              '<mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice>'
              '<mc:Fallback><w:numFmt w:val="decimal"/></mc:Fallback></mc:AlternateContent>'
              '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/></w:lvl>')
    nb = numbering(
        [(0, outline), (1, lists), (2, legal), (3, padded)],
        [(1, 0, ""), (2, 1, ""),
         (3, 1, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'),
         (4, 1, ""), (5, 2, ""),
         (6, 1, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>'
                '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/>'
                '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/></w:lvl></w:lvlOverride>'),
         (7, 3, "")])
    LP = "ListParagraph"
    body = "".join([
        p(text="kế hoạch", style="Title"),                       # HEADING, caps: KẾ HOẠCH
        p(text="MỤC ĐÍCH, YÊU CẦU", style="u1"),                 # I.
        p(text="Mục đích", style="u2"),                          # 1.
        p(text="Nội dung thường."),                              # no label
        p(text="Yêu cầu", style="u2"),                           # 2.
        p(text="NHIỆM VỤ", style="u1"),                          # II.
        p(text="Tăng cường", style="u2"),                        # 1.  (restarted by II.)
        p(text="Chi tiết", style="u3"),                          # 1.1.
        p(text="Mục tùy biến", style="PlanItem"),                # 1.2.  (basedOn chain)
        p(text="Không đánh số", style="NoNum"),                  # none (style numId 0)
        p(text="Tắt trực tiếp", style="u2", num=0),              # none (direct numId 0)
        p(text="Chi tiết tiếp", style="u3"),                     # 1.3.
        p(r("Việc "), r("lettered", '<w:b/>'), style="u3", ilvl=3),   # a)  (ilvl direct, numId from style)
        p(text="Heading English", style="Heading5"),             # HEADING, no label
        p(text="Mục a", style=LP, num=2, ilvl=0),                # a)
        p(text="Mục b", style=LP, num=2, ilvl=0),                # b)
        p(text="Chấm Symbol", style=LP, num=2, ilvl=1),          # •
        p(text="Gạch", style=LP, num=2, ilvl=2),                 # -
        p(text="Ngoặc 1", style=LP, num=2, ilvl=3),              # (1)
        p(text="Ngoặc 2", style=LP, num=2, ilvl=3),              # (2)
        p(text="Số 0", style=LP, num=2, ilvl=4),                 # 01.
        p(text="Không nhãn", style=LP, num=2, ilvl=5),           # none
        p(text="Wingdings", style=LP, num=2, ilvl=6),            # ▪
        p(text="Đoạn chen giữa."),                               # interruption
        p(text="Mục c", style=LP, num=2, ilvl=0),                # c)  (resumes)
        p(text="đ) Gõ tay, Word không sinh được chữ đ"),         # typed: stays in text
        p(text="Mục d dùng chung", style=LP, num=4, ilvl=0),     # d)  (numId 4 shares abstract 1)
        p(text="Bắt đầu lại", style=LP, num=3, ilvl=0),          # a)  (startOverride)
        p(text="Tiếp sau bắt đầu lại", style=LP, num=3, ilvl=0),  # b)
        p(text="Quay lại numId 2", style=LP, num=2, ilvl=0),     # c)  (shared counter)
        p(text="Không có ilvl", style=LP, num=2),                # d)  (level 0)
        p(text="Pháp lý IV", num=5, ilvl=0),                     # IV.
        p(text="Pháp lý 4.1", num=5, ilvl=1),                    # 4.1.  (isLgl)
        p(text="Không khởi động lại 1", num=5, ilvl=2),          # 1)
        p(text="Không khởi động lại 2", num=5, ilvl=2),          # 2)
        p(text="Pháp lý V", num=5, ilvl=0),                      # V.
        p(text="Pháp lý 5.1", num=5, ilvl=1),                    # 5.1.
        p(text="Không khởi động lại 3", num=5, ilvl=2),          # 3)  (lvlRestart 0)
        p(text="Sau cấp 1 - 1", num=5, ilvl=3),                  # 1.
        p(text="Pháp lý 5.2", num=5, ilvl=1),                    # 5.2.
        p(text="Sau cấp 1 - 2", num=5, ilvl=3),                  # 2.  (lvlRestart 1: level 2 does not restart it)
        p(text="Pháp lý VI", num=5, ilvl=0),                     # VI.
        p(text="Sau cấp 1 - lại 1", num=5, ilvl=3),              # 1.
        p(text="Ghi đè cấp A", num=6, ilvl=0),                   # A.  (lvlOverride with its own lvl)
        p(text="Ghi đè cấp B", num=6, ilvl=0),                   # B.
        p(text="Đệm không", num=7, ilvl=0),                      # 001.  (w14 custom format)
        p(text="Đệm không 2", num=7, ilvl=0),                    # 002.
        p(r("Toàn "), r("đậm", '<w:b/>'), style="Normal"),       # bold 0 (mixed)
        p(r("Đậm ", '<w:rStyle w:val="Strong"/>'), r("hết", '<w:b/>')),   # bold 1
        p(r("Thụt", '<w:sz w:val="24"/>'), ppr='<w:ind w:left="1440" w:hanging="360"/>'),  # indent 72, 12 pt
    ])
    write_docx("numbering.docx", {"word/document.xml": document(body), "word/styles.xml": st,
                                  "word/numbering.xml": nb})


# --- tables.docx ---------------------------------------------------------------
def tc(content, w=2000, span=None, vmerge=None):
    pr = f'<w:tcW w:w="{w}" w:type="dxa"/>'
    if span:
        pr += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        pr += '<w:vMerge w:val="restart"/>'
    elif vmerge == "cont":
        pr += "<w:vMerge/>"
    if not content:
        content = p()
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{content}</w:tc>"


def tr(*cells, before=None):
    pr = f'<w:trPr><w:gridBefore w:val="{before}"/></w:trPr>' if before else ""
    return f'<w:tr w:rsidR="00B21F3A" w14:paraId="1C2D3E4F" w14:textId="77777777">{pr}{"".join(cells)}</w:tr>'


def tbl(*rows, cols=4):
    grid = "".join('<w:gridCol w:w="2000"/>' for _ in range(cols))
    return ('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
            f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>')


def fixture_tables():
    B = '<w:b/>'
    inner = tbl(tr(tc(p(text="x")), tc(p(text="y"))), tr(tc(p(text="z")), tc(p(text="w"))), cols=2)
    t1 = tbl(
        tr(tc(p(r("STT", B))), tc(p(r("Nội dung", B))), tc(p(r("Chủ trì", B))), tc(p(r("Thời gian", B)))),
        tr(tc(p(text="1")), tc(p(text="Nhiệm vụ A")), tc(p(text="Sở Nội vụ"), vmerge="restart"),
           tc(p(text="Quý I/2025"))),
        tr(tc(p(text="2")), tc(p(text="Nhiệm vụ B")), tc("", vmerge="cont"), tc(p(text="Quý II/2025"))),
        tr(tc(p(text="Tổng hợp"), span=2), tc(p(text="Văn phòng") + p(text="Phòng Tư pháp")),
           tc(inner + p(text="sau"))),
    )
    t2 = tbl(
        tr(tc(p(text="Ô bỏ cột đầu")), tc(p(text="Mục a", num=1, ilvl=0) + p(text="Mục b", num=1, ilvl=0)),
           before=1, ),
        cols=3)
    body = p(text="Trước bảng") + t1 + p(text="Giữa hai bảng") + t2 + p(text="Sau bảng")
    nb = numbering([(0, lvl(0, "lowerLetter", "%1)"))], [(1, 0, "")])
    st = styles(style("TableGrid", "Table Grid", kind="table"))
    write_docx("tables.docx", {"word/document.xml": document(body), "word/styles.xml": st,
                               "word/numbering.xml": nb})


# --- fields.docx: fields, links, controls, revisions, special characters --------
def fixture_fields():
    def fc(kind):
        return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'

    def instr(s):
        return f'<w:r><w:instrText xml:space="preserve">{escape(s)}</w:instrText></w:r>'

    hl_rel = ('<Relationship Id="rId100" Type="%s/hyperlink" Target="https://vanban.chinhphu.vn/" '
              'TargetMode="External"/>' % REL)
    body = "".join([
        p(r("Căn cứ "),
          '<w:fldSimple w:instr=" REF _Ref1 \\h "><w:r><w:t>Nghị định 118</w:t></w:r></w:fldSimple>',
          r(" ngày "), fc("begin"), instr(' DATE \\@ "d/M/yyyy" '), fc("separate"), r("08/4/2025"),
          fc("end"), r(".")),
        # nested: IF's instruction holds a PAGE field; only IF's result shows
        p(fc("begin"), instr(" IF "), fc("begin"), instr(" PAGE "), fc("separate"), r("3"), fc("end"),
          instr(' = 1 "một" "khác" '), fc("separate"), r("kết quả"), fc("end")),
        p(r("Xem "), '<w:hyperlink r:id="rId100" w:history="1"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/>'
          '</w:rPr><w:t>Cổng thông tin</w:t></w:r></w:hyperlink>', r(" Chính phủ.")),
        '<w:sdt><w:sdtPr><w:alias w:val="Ngày"/><w:id w:val="-1"/></w:sdtPr><w:sdtContent>'
        + p(text="Nội dung kiểm soát") + "</w:sdtContent></w:sdt>",
        p(r("Ký "), '<w:sdt><w:sdtPr><w:id w:val="5"/><w:date/></w:sdtPr><w:sdtContent>'
          '<w:r><w:t>ngày 01/01</w:t></w:r></w:sdtContent></w:sdt>'),
        p(r("Giữ "),
          '<w:ins w:id="1" w:author="A" w:date="2025-04-01T00:00:00Z"><w:r><w:t xml:space="preserve">thêm </w:t></w:r></w:ins>',
          '<w:del w:id="2" w:author="A" w:date="2025-04-01T00:00:00Z"><w:r><w:delText xml:space="preserve">xóa </w:delText></w:r></w:del>',
          '<w:moveFrom w:id="3" w:author="A" w:date="2025-04-01T00:00:00Z"><w:r><w:t xml:space="preserve">cũ </w:t></w:r></w:moveFrom>',
          '<w:moveTo w:id="4" w:author="A" w:date="2025-04-01T00:00:00Z"><w:r><w:t>mới</w:t></w:r></w:moveTo>'),
        p('<w:r><w:t>A</w:t><w:tab/><w:t>B</w:t><w:br/><w:t>C</w:t></w:r>'),
        p('<w:r><w:t>kinh</w:t><w:softHyphen/><w:t xml:space="preserve">tế </w:t>'
          '<w:t>xã</w:t><w:noBreakHyphen/><w:t xml:space="preserve">hội </w:t>'
          '<w:sym w:font="Wingdings" w:char="F0FC"/><w:t xml:space="preserve"> </w:t>'
          '<w:sym w:font="Times New Roman" w:char="00A7"/></w:r>'),
        p(r("Trước ngắt"), '<w:r><w:br w:type="page"/></w:r>'),
        p(text="Sau ngắt"),                                        # page_break_before
        p('<w:r><w:br w:type="page"/></w:r>', r("Trang mới")),     # page_break_before (break first)
        p(r("Hiện"), r("ẩn", "<w:vanish/>")),
        p(r("mục tiêu", "<w:caps/>"), r(" năm 2025")),
        p(r("Trước "), '<w:r><w:lastRenderedPageBreak/><w:t>bố cục</w:t></w:r>'),
        p(text="Ngắt trang trước", ppr="<w:pageBreakBefore/>"),   # page_break_before
        p(r("Công thức "), '<m:oMath><m:r><m:t>x+1</m:t></m:r></m:oMath>'),
    ])
    write_docx("fields.docx", {"word/document.xml": document(body), "word/styles.xml": styles()},
               extra_rels=hl_rel)


# --- textbox.docx ----------------------------------------------------------------
def fixture_textbox():
    box = p(text="Hộp văn bản")
    drawing = ('<w:drawing><wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
               'relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
               '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset>'
               '</wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
               '<wp:extent cx="1828800" cy="457200"/><wp:wrapSquare wrapText="bothSides"/>'
               '<wp:docPr id="1" name="Text Box 1"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
               '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
               f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr/><wps:txbx><w:txbxContent>{box}</w:txbxContent>'
               '</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>')
    vml = ('<w:pict><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
           '</v:shapetype><v:shape id="Text Box 1" o:spid="_x0000_s1026" type="#_x0000_t202" '
           f'style="position:absolute;width:144pt;height:36pt"><v:textbox><w:txbxContent>{box}</w:txbxContent>'
           '</v:textbox></v:shape></w:pict>')
    alt = (f'<w:r><mc:AlternateContent><mc:Choice Requires="wps">{drawing}</mc:Choice>'
           f'<mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent></w:r>')
    vml_only = ('<w:r><w:pict><v:shape id="Text Box 2" type="#_x0000_t202" style="width:100pt;height:20pt">'
                f'<v:textbox><w:txbxContent>{p(text="Hộp VML")}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>')
    body = (p(r("Trước hộp"), alt) + p(text="Sau hộp") + p(vml_only, r("Neo VML")))
    write_docx("textbox.docx", {"word/document.xml": document(body), "word/styles.xml": styles()})


# --- notes.docx: footnotes, endnotes, header, footer -------------------------------
def fixture_notes():
    def fref(i):
        return ('<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
                f'<w:footnoteReference w:id="{i}"/></w:r>')

    def note(kind, i, text):
        ref = "footnoteRef" if kind == "footnote" else "endnoteRef"
        sty = "FootnoteText" if kind == "footnote" else "EndnoteText"
        return (f'<w:{kind} w:id="{i}"><w:p><w:pPr><w:pStyle w:val="{sty}"/></w:pPr>'
                f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:{ref}/></w:r>'
                f'<w:r><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:{kind}>')

    def notes(kind, items):
        seps = (f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
                f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
                f'</w:r></w:p></w:{kind}>')
        return f"{DECL}<w:{kind}s {NS}>{seps}{''.join(note(kind, i, s) for i, s in items)}</w:{kind}s>"

    body = "".join([
        p(r("ưu tiên cán bộ có kỹ năng giao tiếp tốt"), fref(2), r(".")),
        p(r("tạo mã QR để niêm yết công khai"), fref(1), r(".")),
        p(r("Ghi chú riêng"), '<w:r><w:footnoteReference w:customMarkFollows="1" w:id="3"/><w:t>*</w:t></w:r>',
          r(" hết.")),
        p(r("Cuối văn bản"), '<w:r><w:endnoteReference w:id="1"/></w:r>', r(".")),
    ])
    sect = SECT.replace('<w:pgSz', f'<w:headerReference w:type="default" r:id="{rel_id("word/header1.xml")}"/>'
                        f'<w:footerReference w:type="default" r:id="{rel_id("word/footer1.xml")}"/><w:pgSz')
    hdr = f'{DECL}<w:hdr {NS}>{p(text="UBND TỈNH LAI CHÂU", style="Header")}</w:hdr>'
    ftr = (f'{DECL}<w:ftr {NS}>' + p(r("Trang "), '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                                     '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
                                     '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                                     '<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>',
                                     style="Footer") + "</w:ftr>")
    write_docx("notes.docx", {
        "word/document.xml": document(body, sect),
        "word/styles.xml": styles(style("Header", "header") + style("Footer", "footer")),
        "word/footnotes.xml": notes("footnote", [(1, "Có mẫu đánh giá mức độ hài lòng của người dân gửi kèm."),
                                                 (2, "Theo Nghị định 118/2025/NĐ-CP của Chính phủ."),
                                                 (3, "Ghi chú có dấu riêng.")]),
        "word/endnotes.xml": notes("endnote", [(1, "Phụ lục kèm theo.")]),
        "word/header1.xml": hdr, "word/footer1.xml": ftr})


# --- plan-*.docx: seed plans typed into Word ----------------------------------------
ROMAN = re.compile(r"^([IVX]+)\.\s+(.*)$")
ARABIC = re.compile(r"^(\d+)\.\s+(.*)$")
DOTTED = re.compile(r"^(\d+\.\d+)\.?\s+(.*)$")
LETTER = re.compile(r"^([a-zđ])\)\s+(.*)$")


def plan_body(text):
    """Headings numbered by Word (the marker stripped from the text and made
    by numbering); a lettered list is automatic unless one of its items is
    `đ)`, which Word cannot make: then the whole list is typed, as in real
    plans."""
    paras = [re.sub(r"\s+", " ", b.replace("**", "")).strip() for b in re.split(r"\n\s*\n", text)]
    paras = [x for x in paras if x]
    heading = [bool(ROMAN.match(x) or DOTTED.match(x) or ARABIC.match(x)) for x in paras]
    typed = [False] * len(paras)
    start = 0
    for i in range(len(paras) + 1):
        if i == len(paras) or heading[i]:
            seg = range(start, i)
            if any(paras[k].startswith("đ)") for k in seg):
                for k in seg:
                    typed[k] = True
            start = i + 1
    out = []
    started = False
    for i, para in enumerate(paras):
        if not started:
            if para.startswith("KẾ HOẠCH"):
                started = True
                out.append(p(text=para, style="Title"))
            else:
                out.append(p(r(para, "<w:b/>"), ppr='<w:jc w:val="center"/>'))
            continue
        m = ROMAN.match(para)
        if m:
            out.append(p(text=m.group(2), style="Heading1"))
            continue
        m = DOTTED.match(para)
        if m:
            out.append(p(text=m.group(2), style="Heading3"))
            continue
        m = ARABIC.match(para)
        if m:
            out.append(p(text=m.group(2), style="Heading2"))
            continue
        m = LETTER.match(para)
        if m and not typed[i]:
            out.append(p(text=m.group(2), style="Heading4"))
            continue
        out.append(p(text=para))
    return "".join(out)


def plan_styles():
    return styles(
        style("Title", "Title", rpr='<w:b/><w:sz w:val="28"/>', ppr='<w:jc w:val="center"/>')
        + style("Heading1", "heading 1", ppr='<w:keepNext/><w:numPr><w:numId w:val="1"/></w:numPr>'
                '<w:outlineLvl w:val="0"/>', rpr='<w:b/>')
        + style("Heading2", "heading 2", based="Heading1",
                ppr='<w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="1"/>')
        + style("Heading3", "heading 3", based="Heading2",
                ppr='<w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="2"/>',
                rpr='<w:b w:val="0"/><w:i/>')
        + style("Heading4", "List Letter", ppr='<w:numPr><w:ilvl w:val="3"/><w:numId w:val="1"/></w:numPr>'
                '<w:ind w:firstLine="567"/>'))


def plan_numbering():
    return numbering([(0, lvl(0, "upperRoman", "%1.", ind=0) + lvl(1, "decimal", "%2.", ind=0)
                       + lvl(2, "decimal", "%2.%3.", ind=0) + lvl(3, "lowerLetter", "%4)", ind=0))],
                     [(1, 0, "")])


def fixture_plan(seed, name):
    path = os.path.join(SEEDS, seed)
    if not os.path.exists(path):
        print("skip", name, "(no seed", seed + ")", file=sys.stderr)
        return
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"<sup>\d+</sup>", "", text)
    write_docx(name, {"word/document.xml": document(plan_body(text)), "word/styles.xml": plan_styles(),
                      "word/numbering.xml": plan_numbering()})


if __name__ == "__main__":
    fixture_numbering()
    fixture_tables()
    fixture_fields()
    fixture_textbox()
    fixture_notes()
    fixture_plan("002_98f9d541cb8f5040.txt", "plan-002.docx")
    fixture_plan("003_8b5dcf3e7bb9c9d7.txt", "plan-003.docx")
