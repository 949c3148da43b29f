#!/usr/bin/env python3
"""Write a seed model (seedmodel.py) as WordprocessingML (.docx) with zipfile.

Layout after Decree 30/2020/NĐ-CP: A4, Times New Roman 14 pt body, margins
top/bottom 20 mm, left 30 mm, right 15 mm; page number at the top centre from
page 2 on (different first page); header block and signature block as
borderless two-column tables; KẾ HOẠCH bold centred; body justified with a
1.27 cm first-line indent.

Features by seed (see ../README.md):
  002  Word automatic numbering (numbering.xml) for I./1./1.1./a) labels;
       `đ)` typed by hand; the letters of 1.4 follow the print a) b) d) đ) e)
       (d) and e) are automatic, restarted with startOverride).
  004  real footnotes (footnotes.xml) and tracked changes (w:ins around seed
       words, w:del of words the seed does not have).
  003  the two URLs of the PDF extraction are hyperlink targets.

usage: make_docx.py SEED_DIR NNN OUT.docx [--final] [--tcvn3]
  --final  004 with its tracked changes accepted (source of the LibreOffice PDF)
"""
import datetime
import os
import sys
import zipfile
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seedmodel  # noqa: E402

W_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
FONT = "Times New Roman"
BODY_SZ = 28        # half-points: 14 pt
SMALL_SZ = 22       # 11 pt (Nơi nhận list)
FIXED_DATE = "2025-06-30T08:00:00Z"


class Ctx:
    def __init__(self, font=FONT, text_map=None, font_caps=None):
        self.font = font
        self.font_caps = font_caps or font
        self.text_map = text_map          # function(str) -> [(text, font)] for TCVN3
        self.rels = []                    # (id, type, target, external)
        self.num_ids = {}
        self.track_id = 100

    def rel(self, rtype, target, external=False):
        rid = "rId%d" % (len(self.rels) + 10)
        self.rels.append((rid, rtype, target, external))
        return rid


def rpr(ctx, b=False, i=False, sz=None, font=None, vert=None, style=None):
    f = font or ctx.font
    out = ["<w:rPr>"]
    if style:
        out.append('<w:rStyle w:val="%s"/>' % style)
    out.append('<w:rFonts w:ascii="%s" w:hAnsi="%s" w:cs="%s" w:eastAsia="%s"/>' % (f, f, f, f))
    if b:
        out.append("<w:b/><w:bCs/>")
    if i:
        out.append("<w:i/><w:iCs/>")
    if vert:
        out.append('<w:vertAlign w:val="%s"/>' % vert)
    if sz:
        out.append('<w:sz w:val="%d"/><w:szCs w:val="%d"/>' % (sz, sz))
    out.append("</w:rPr>")
    return "".join(out)


def run(ctx, text, b=False, i=False, sz=None, tag="w:t"):
    """One or more w:r for text (several when the TCVN3 mapping switches font)."""
    if text == "":
        return ""
    pieces = ctx.text_map(text) if ctx.text_map else [(text, None)]
    out = []
    for t, font in pieces:
        out.append('<w:r>%s<%s xml:space="preserve">%s</%s></w:r>'
                   % (rpr(ctx, b, i, sz, font), tag, escape(t), tag))
    return "".join(out)


def ppr(jc="both", first=720, left=0, before=120, after=0, line=288, keep=False,
        num=None, extra=""):
    out = ["<w:pPr>"]
    if keep:
        out.append("<w:keepNext/>")
    if num:
        out.append('<w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr>' % num)
    out.append('<w:spacing w:before="%d" w:after="%d" w:line="%d" w:lineRule="auto"/>'
               % (before, after, line))
    if num is None:
        out.append('<w:ind w:left="%d" w:firstLine="%d"/>' % (left, first))
    out.append('<w:jc w:val="%s"/>' % jc)
    out.append(extra)
    out.append("</w:pPr>")
    return "".join(out)


def para(ctx, runs_xml, **kw):
    return "<w:p>%s%s</w:p>" % (ppr(**kw), runs_xml)


# ---------------------------------------------------------------------------
# Body blocks
# ---------------------------------------------------------------------------

def runs_xml(ctx, block, bold, italic, tracked=None):
    out = []
    for r in block["runs"]:
        if "fn" in r:
            out.append('<w:r>%s<w:footnoteReference w:id="%s"/></w:r>'
                       % (rpr(ctx, style="FootnoteReference", vert="superscript"), r["fn"]))
            continue
        b = bold or r.get("b", False)
        i = italic or r.get("i", False)
        if "link" in r:
            rid = ctx.rel("http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
                          r["link"], external=True)
            out.append('<w:hyperlink r:id="%s" w:history="1">%s</w:hyperlink>' % (rid, run(ctx, r["t"], b, i)))
            continue
        if tracked:
            out.append(tracked(ctx, r["t"], b, i))
        else:
            out.append(run(ctx, r["t"], b, i))
    return "".join(out)


def block_xml(ctx, doc, k, b, numbering=None, tracked=None):
    bold = b["bold"]
    italic = b.get("italic", False)
    label = b["label"]
    head = ""
    num = None
    if numbering and label:
        num = numbering(k, b)
    if label and num is None:
        head = run(ctx, label + " ", bold or b.get("runin", False), italic)
    elif num is not None:
        # automatic label: the label's own formatting comes from the paragraph mark
        pass
    body = runs_xml(ctx, b, bold, italic, tracked and tracked.get(k))
    keep = b["type"] == "heading" and bold
    extra = ""
    if num is not None and (bold or italic):
        extra = rpr(ctx, bold, italic)
    return para(ctx, head + body, keep=keep, num=num, extra=extra)


# ---------------------------------------------------------------------------
# Tables: header block and signature block (borderless, 2 columns)
# ---------------------------------------------------------------------------

def table(cells, widths):
    grid = "".join('<w:gridCol w:w="%d"/>' % w for w in widths)
    tcs = "".join('<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>%s</w:tc>' % (w, c)
                  for w, c in zip(widths, cells))
    return ('<w:tbl><w:tblPr><w:tblW w:w="%d" w:type="dxa"/><w:jc w:val="center"/>'
            '<w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/>'
            '<w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>'
            '<w:tblLayout w:type="fixed"/>'
            '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
            '<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>%s</w:tblGrid><w:tr>%s</w:tr></w:tbl>'
            % (sum(widths), grid, tcs))


def header_block(ctx, doc):
    h = doc["header"]
    if "left" in h:
        # full Decree 30 header: issuer + number on the left, motto + place/date right
        left = "".join(para(ctx, run(ctx, t, b=bold, sz=sz), jc="center", first=0, before=bf, line=240)
                       for t, bold, sz, bf in h["left"])
        right = "".join(para(ctx, run(ctx, t, b=bold, i=it, sz=sz), jc="center", first=0, before=bf, line=240)
                        for t, bold, it, sz, bf in h["right"])
        return table([left, right], [3600, 5755])
    left = para(ctx, run(ctx, h["number"], sz=26), jc="center", first=0, before=0)
    right = para(ctx, run(ctx, h["placedate"], i=True), jc="center", first=0, before=0)
    return table([left, right], [3600, 5755])


def signature_block(ctx, doc):
    left = [para(ctx, run(ctx, doc["recipients_head"], b=True, i=True, sz=24),
                 jc="left", first=0, before=120, line=240)]
    for r in doc["recipients"]:
        left.append(para(ctx, run(ctx, r, sz=SMALL_SZ), jc="left", first=0, before=0, line=240))
    right = []
    for s in doc["signature"]:
        right.append(para(ctx, run(ctx, s, b=True), jc="center", first=0, before=0, line=240))
    for _ in range(4):
        right.append(para(ctx, "", jc="center", first=0, before=0, line=240))
    right.append(para(ctx, run(ctx, doc["signer"], b=True), jc="center", first=0, before=0, line=240))
    spacer = para(ctx, "", first=0, before=0)
    return spacer + table(["".join(left), "".join(right)], [4655, 4700])


def title_xml(ctx, doc):
    out = [para(ctx, run(ctx, doc["title"][0], b=True), jc="center", first=0, before=240, keep=True)]
    lines = doc["title"][1:]
    if doc["title_mode"] == "br" and lines:
        xs = []
        for n, ln in enumerate(lines):
            if n:
                xs.append("<w:r><w:br/></w:r>")
            xs.append(run(ctx, ln, b=True))
        out.append(para(ctx, "".join(xs), jc="center", first=0, before=0, keep=True))
    else:
        for ln in lines:
            out.append(para(ctx, run(ctx, ln, b=True), jc="center", first=0, before=0, keep=True))
    # the short rule under the title (Decree 30): an empty centred paragraph
    # with a bottom border would be drawing; a blank line is enough here
    out.append(para(ctx, "", jc="center", first=0, before=0))
    return "".join(out)


# ---------------------------------------------------------------------------
# 002: automatic numbering
# ---------------------------------------------------------------------------

NUMBERING_002 = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering %s>
<w:abstractNum w:abstractNumId="0">
<w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:suff w:val="space"/><w:lvlText w:val="%%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="720"/></w:pPr><w:rPr><w:b/></w:rPr></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:suff w:val="space"/><w:lvlText w:val="%%2."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="720"/></w:pPr><w:rPr><w:b/></w:rPr></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:suff w:val="space"/><w:lvlText w:val="%%2.%%3."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="720"/></w:pPr><w:rPr><w:b/></w:rPr></w:lvl>
<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:suff w:val="space"/><w:lvlText w:val="%%4)"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="720"/></w:pPr></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="3"><w:startOverride w:val="4"/></w:lvlOverride></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="3"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
</w:numbering>
""" % W_NS

LEVEL_ILVL = {"roman": 0, "arabic": 1, "dotted": 2, "letter": 3}


def numbering_002(k, b):
    """(ilvl, numId) for an automatically numbered paragraph, None to type the label.
    The letters of 1.4 print a), b), d), đ), e): a) b) continue list 1; d) starts
    list 2 at 4; đ) is typed (Word has no đ); e) starts list 3 at 5."""
    lv = b["level"]
    if lv not in LEVEL_ILVL or b["label"] == "đ)":
        return None
    if b["label"] == "d)":
        return (3, 2)
    if b["label"] == "e)":
        return (3, 3)
    return (LEVEL_ILVL[lv], 1)


# ---------------------------------------------------------------------------
# 004: footnotes and tracked changes
# ---------------------------------------------------------------------------

def footnotes_xml(ctx, doc):
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', "<w:footnotes %s>" % W_NS,
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>',
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>']
    for n in sorted(doc["footnotes"], key=int):
        out.append('<w:footnote w:id="%s"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/><w:jc w:val="both"/></w:pPr>'
                   '<w:r>%s<w:footnoteRef/></w:r>%s</w:p></w:footnote>'
                   % (n, rpr(ctx, style="FootnoteReference", vert="superscript", sz=20),
                      run(ctx, " " + doc["footnotes"][n], sz=20)))
    out.append("</w:footnotes>")
    return "\n".join(out)


def track_attrs(ctx):
    ctx.track_id += 1
    return 'w:id="%d" w:author="Phòng Văn hóa - Xã hội" w:date="2025-06-20T09:%02d:00Z"' % (ctx.track_id, ctx.track_id % 60)


def make_tracker(specs):
    """specs: list of (seed words to wrap in w:ins, words to insert as w:del
    before the first of them or None, where the deletion goes: 'before'/'after')."""
    def tracked(ctx, text, b, i):
        out = []
        rest = text
        for ins_words, del_words, where in specs:
            pos = rest.find(ins_words)
            if pos < 0:
                continue
            out.append(run(ctx, rest[:pos], b, i))
            ins = '<w:ins %s>%s</w:ins>' % (track_attrs(ctx), run(ctx, ins_words, b, i))
            dele = ""
            if del_words:
                dele = '<w:del %s>%s</w:del>' % (track_attrs(ctx), run(ctx, del_words, b, i, tag="w:delText"))
            out.append(dele + ins if where == "before" else ins + dele)
            rest = rest[pos + len(ins_words):]
        out.append(run(ctx, rest, b, i))
        return "".join(out)
    return tracked


TRACKED_004 = [
    # (block text prefix, specs)
    ("Thiết lập cơ chế giao ban định kỳ", [("(hàng quý)", None, "after")]),
    ("Xây dựng quy trình giải quyết công việc", [("sơ đồ quy trình công khai", "cụ thể, ", "before")]),
    ("Tổ chức các lớp tập huấn, bồi dưỡng", [("nhất là nhóm yếu thế", "định kỳ hằng tháng, ", "before")]),
]


# ---------------------------------------------------------------------------
# Package parts
# ---------------------------------------------------------------------------

def styles_xml(ctx):
    f = ctx.font
    return """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles %s>
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="%s" w:hAnsi="%s" w:cs="%s" w:eastAsia="%s"/><w:sz w:val="%d"/><w:szCs w:val="%d"/><w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="288" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="0000FF"/><w:u w:val="single"/></w:rPr></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
</w:styles>
""" % (W_NS, f, f, f, f, BODY_SZ, BODY_SZ)


def header_part(ctx):
    """Running header: the page number, top centre (pages 2+: titlePg)."""
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr %s><w:p>'
            '<w:pPr><w:pStyle w:val="Header"/><w:jc w:val="center"/></w:pPr>'
            '<w:r>%s<w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r>%s<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            '<w:r>%s<w:fldChar w:fldCharType="separate"/></w:r>'
            '<w:r>%s<w:t>2</w:t></w:r>'
            '<w:r>%s<w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>'
            % (W_NS, *(rpr(ctx, font=FONT),) * 5))


def empty_header(ctx):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr %s><w:p><w:pPr>'
            '<w:pStyle w:val="Header"/></w:pPr></w:p></w:hdr>' % W_NS)


def settings_xml(has_fn, track_view):
    fp = ""
    if has_fn:
        fp = '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings %s>'
            '<w:zoom w:percent="100"/>%s<w:defaultTabStop w:val="720"/>'
            '<w:characterSpacingControl w:val="doNotCompress"/>%s'
            '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
            '</w:settings>' % (W_NS, "", fp))


def content_types(has_num, has_fn):
    o = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">',
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
         '<Default Extension="xml" ContentType="application/xml"/>',
         '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>',
         '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>',
         '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>',
         '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>',
         '<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>',
         '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>',
         '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>']
    if has_num:
        o.append('<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>')
    if has_fn:
        o.append('<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>')
    o.append("</Types>")
    return "\n".join(o)


ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
</Relationships>
"""


def core_xml(title):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            '<dc:title>%s</dc:title><dc:creator>planex corpus</dc:creator>'
            '<dcterms:created xsi:type="dcterms:W3CDTF">%s</dcterms:created>'
            '<dcterms:modified xsi:type="dcterms:W3CDTF">%s</dcterms:modified>'
            '</cp:coreProperties>' % (escape(title), FIXED_DATE, FIXED_DATE))


APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           '<Application>planex make_docx.py</Application></Properties>')


def sect_pr(ctx):
    rid_first = ctx.rel("http://schemas.openxmlformats.org/officeDocument/2006/relationships/header", "header2.xml")
    rid_def = ctx.rel("http://schemas.openxmlformats.org/officeDocument/2006/relationships/header", "header1.xml")
    return ('<w:sectPr><w:headerReference w:type="default" r:id="%s"/>'
            '<w:headerReference w:type="first" r:id="%s"/>'
            '<w:pgSz w:w="11906" w:h="16838"/>'
            '<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="567" w:footer="567" w:gutter="0"/>'
            '<w:titlePg/></w:sectPr>' % (rid_def, rid_first))


def build(doc, out_path, ctx=None, extra_blocks_xml="", after_signature_xml="", final=False):
    """Write doc (seed model) to out_path.  Returns the Ctx.
    final=True: 004 without its tracked changes (the text as accepted), for the
    PDF: LibreOffice prints deletions struck through otherwise."""
    ctx = ctx or Ctx()
    sid = doc["id"]
    numbering = numbering_002 if sid == "002" and not ctx.text_map else None
    tracked = {}
    if sid == "004" and not ctx.text_map and not final:
        for k, b in enumerate(doc["blocks"]):
            t = seedmodel.block_text(b)
            for prefix, specs in TRACKED_004:
                if t.startswith(prefix):
                    tracked[k] = make_tracker(specs)
        assert len(tracked) == len(TRACKED_004), "tracked-change anchors not found"
    body = []
    if doc.get("header"):
        body.append(header_block(ctx, doc))
    body.append(title_xml(ctx, doc))
    for k, b in enumerate(doc["blocks"]):
        body.append(block_xml(ctx, doc, k, b, numbering, tracked))
    body.append(extra_blocks_xml)
    body.append(signature_block(ctx, doc))
    body.append(after_signature_xml)
    has_fn = bool(doc["footnotes"])
    sp = sect_pr(ctx)
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document %s><w:body>%s%s</w:body></w:document>'
                % (W_NS, "".join(body), sp))
    rels = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">',
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>',
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>']
    if numbering:
        rels.append('<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>')
    if has_fn:
        rels.append('<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>')
    for rid, rtype, target, ext in ctx.rels:
        rels.append('<Relationship Id="%s" Type="%s" Target="%s"%s/>'
                    % (rid, rtype, escape(target), ' TargetMode="External"' if ext else ""))
    rels.append("</Relationships>")

    parts = [
        ("[Content_Types].xml", content_types(bool(numbering), has_fn)),
        ("_rels/.rels", ROOT_RELS),
        ("docProps/core.xml", core_xml("KẾ HOẠCH " + " ".join(doc["title"][1:]))),
        ("docProps/app.xml", APP_XML),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", "\n".join(rels)),
        ("word/styles.xml", styles_xml(ctx)),
        ("word/settings.xml", settings_xml(has_fn, bool(tracked))),
        ("word/header1.xml", header_part(ctx)),
        ("word/header2.xml", empty_header(ctx)),
    ]
    if numbering:
        parts.append(("word/numbering.xml", NUMBERING_002))
    if has_fn:
        parts.append(("word/footnotes.xml", footnotes_xml(ctx, doc)))
    # fixed timestamps: the same model gives the same bytes
    with zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            zi = zipfile.ZipInfo(name, date_time=(2025, 6, 30, 8, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data.encode("utf-8"))
    return ctx


def main(argv):
    seed_dir, sid, out = argv[1], argv[2], argv[3]
    doc = seedmodel.load(sid, seed_dir)
    if "--tcvn3" in argv:
        import tcvn3
        ctx = Ctx(font=".VnTime", text_map=tcvn3.runs_for)
        build(doc, out, ctx)
    else:
        build(doc, out, final="--final" in argv)


if __name__ == "__main__":
    main(sys.argv)
