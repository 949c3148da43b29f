#!/usr/bin/env python3
"""TCVN3 (ABC, TCVN 5712:1993 VN3) legacy-font fixture.

A PDF made with the legacy fonts .VnTime / .VnTimeH holds TCVN3 byte codes in
its text layer: the fonts draw Vietnamese glyphs at Latin-1 positions, and text
extraction reads the Latin-1 characters ("KÕ ho¹ch" for "Kế hoạch").  This
module
  * holds the TCVN3 table (below) and encodes / decodes with it;
  * builds the two legacy fonts from Liberation Serif with fontTools (their
    cmap sends the Latin-1 code points to the Vietnamese glyphs; .VnTimeH is the
    capitals font: lower-case codes draw capital glyphs);
  * writes the PDF with ReportLab (LibreOffice and Chromium cannot be used: both
    treat U+00AD, TCVN3's 'ư', as a soft hyphen and drop it).
Needs Debian's python3-fonttools and python3-reportlab (run with /usr/bin/python3).

TCVN3 has codes for the lower-case letters and for Ă Â Ê Ô Ơ Ư Đ only; a
capital with a tone mark (Ế, Ạ, Ủ …) does not exist in .VnTime.  As in real
documents, such letters, and whole upper-case lines (headings, KẾ HOẠCH,
signature titles), are set in .VnTimeH with the LOWER-case codes.  So
`pdftotext` gives lower-case there ("kÕ ho¹ch" for the title); the font name
(.VnTimeH) tells an extractor to upper-case it.

usage: tcvn3.py SEED_DIR NNN OUT.pdf FONTDIR     (FONTDIR: where the built fonts go)
       tcvn3.py --check PDFTOTEXT_OUTPUT SEED_DIR NNN
"""
import os
import re
import sys
import unicodedata

# ---------------------------------------------------------------------------
# The TCVN3 (ABC) table: Unicode letter -> byte.  Lower case first, in the
# order of the standard: a-group, ă-group, â-group, e, ê, i, o, ô, ơ, u, ư, y.
# (Bytes not listed, e.g. 0xBA, 0xBF-0xC5, 0xCD, 0xD9-0xDB, 0xE0, 0xF0, are
# unused in VN3.)  Each tone group is: grave, hook, tilde, acute, dot below.
# ---------------------------------------------------------------------------
TCVN3 = {
    # specials
    "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7,
    "ă": 0xA8, "â": 0xA9, "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "đ": 0xAE,
    # a
    "à": 0xB5, "ả": 0xB6, "ã": 0xB7, "á": 0xB8, "ạ": 0xB9,
    # ă
    "ằ": 0xBB, "ẳ": 0xBC, "ẵ": 0xBD, "ắ": 0xBE, "ặ": 0xC6,
    # â
    "ầ": 0xC7, "ẩ": 0xC8, "ẫ": 0xC9, "ấ": 0xCA, "ậ": 0xCB,
    # e
    "è": 0xCC, "ẻ": 0xCE, "ẽ": 0xCF, "é": 0xD0, "ẹ": 0xD1,
    # ê
    "ề": 0xD2, "ể": 0xD3, "ễ": 0xD4, "ế": 0xD5, "ệ": 0xD6,
    # i
    "ì": 0xD7, "ỉ": 0xD8, "ĩ": 0xDC, "í": 0xDD, "ị": 0xDE,
    # o
    "ò": 0xDF, "ỏ": 0xE1, "õ": 0xE2, "ó": 0xE3, "ọ": 0xE4,
    # ô
    "ồ": 0xE5, "ổ": 0xE6, "ỗ": 0xE7, "ố": 0xE8, "ộ": 0xE9,
    # ơ
    "ờ": 0xEA, "ở": 0xEB, "ỡ": 0xEC, "ớ": 0xED, "ợ": 0xEE,
    # u
    "ù": 0xEF, "ủ": 0xF1, "ũ": 0xF2, "ú": 0xF3, "ụ": 0xF4,
    # ư
    "ừ": 0xF5, "ử": 0xF6, "ữ": 0xF7, "ứ": 0xF8, "ự": 0xF9,
    # y
    "ỳ": 0xFA, "ỷ": 0xFB, "ỹ": 0xFC, "ý": 0xFD, "ỵ": 0xFE,
}
DECODE = {chr(v): k for k, v in TCVN3.items()}
VNTIME, VNTIMEH = "VnTime", "VnTimeH"


def encode_char(c, caps_font=False):
    """-> (tcvn3 char, font).  caps_font: the run is set in .VnTimeH."""
    if caps_font:
        lc = c.lower()
        if lc in TCVN3:
            return chr(TCVN3[lc]), VNTIMEH
        if "a" <= lc <= "z":
            return lc, VNTIMEH
        return c, VNTIMEH
    if c in TCVN3:
        return chr(TCVN3[c]), VNTIME
    lc = c.lower()
    if lc != c and lc in TCVN3:          # capital with a tone mark: no code in .VnTime
        return chr(TCVN3[lc]), VNTIMEH
    return c, VNTIME


def encode(text, caps=False):
    """Unicode -> list of (tcvn3 text, font) pieces."""
    text = unicodedata.normalize("NFC", text)
    out = []
    for c in text:
        t, f = encode_char(c, caps)
        if out and out[-1][1] == f:
            out[-1] = (out[-1][0] + t, f)
        else:
            out.append((t, f))
    return out


def decode(text, font=VNTIME):
    s = "".join(DECODE.get(c, c) for c in text)
    return s.upper() if font.startswith(VNTIMEH) else s


def is_caps_line(text):
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


# ---------------------------------------------------------------------------
# Fonts
# ---------------------------------------------------------------------------

LIB = ["/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation"]


def lib_font(style):
    for d in LIB:
        p = os.path.join(d, "LiberationSerif-%s.ttf" % style)
        if os.path.exists(p):
            return p
    raise FileNotFoundError("Liberation Serif %s (apt-get install fonts-liberation2)" % style)


def build_font(style, caps, out_path):
    from fontTools.ttLib import TTFont
    f = TTFont(lib_font(style))
    best = f.getBestCmap()
    newmap = dict(best)
    for ch, code in TCVN3.items():
        target = ch.upper() if caps else ch
        g = best.get(ord(target))
        if g:
            newmap[code] = g
    if caps:
        for c in range(ord("a"), ord("z") + 1):
            newmap[c] = best[c - 32]
    for t in f["cmap"].tables:
        if t.platformID in (0, 3) and t.format in (4, 12):
            t.cmap = {k: v for k, v in newmap.items() if t.format == 12 or k <= 0xFFFF}
    fam = ".VnTimeH" if caps else ".VnTime"
    ps = (VNTIMEH if caps else VNTIME) + ("" if style == "Regular" else "-" + style)
    for rec in f["name"].names:
        if rec.nameID in (1, 16):
            rec.string = fam
        elif rec.nameID == 4:
            rec.string = fam + ("" if style == "Regular" else " " + style)
        elif rec.nameID == 6:
            rec.string = ps
        elif rec.nameID == 3:
            rec.string = "planex-corpus:" + ps
    f.save(out_path)
    return ps


# ---------------------------------------------------------------------------
# PDF (ReportLab canvas; a small justified-text layout in the Decree 30 frame)
# ---------------------------------------------------------------------------

MM = 72 / 25.4
PAGE_W, PAGE_H = 595.2756, 841.8898
LEFT, RIGHT, TOP, BOTTOM = 30 * MM, 15 * MM, 20 * MM, 20 * MM
SIZE, LEAD = 14, 16.8
INDENT = 1.27 / 2.54 * 72


class Writer:
    def __init__(self, path, fontdir):
        from reportlab.pdfgen import canvas
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
        self.pm = pdfmetrics
        os.makedirs(fontdir, exist_ok=True)
        self.fonts = {}
        for caps in (False, True):
            for style in ("Regular", "Bold", "Italic"):
                fp = os.path.join(fontdir, "%s-%s.ttf" % (VNTIMEH if caps else VNTIME, style))
                ps = build_font(style, caps, fp)
                pdfmetrics.registerFont(TTFont(ps, fp))
                self.fonts[(VNTIMEH if caps else VNTIME, style)] = ps
        self.c = canvas.Canvas(path, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1,
                               initialFontName=self.fonts[(VNTIME, "Regular")], initialFontSize=SIZE)
        self.c.setTitle("KE HOACH (TCVN3)")
        self.c.setAuthor("planex corpus")
        self.c.setCreator("planex corpus tcvn3.py (ReportLab)")
        self.page = 1
        self.y = PAGE_H - TOP

    def fname(self, font, b, i):
        return self.fonts[(font, "Bold" if b else ("Italic" if i else "Regular"))]

    def new_page(self):
        self.c.showPage()
        self.page += 1
        self.y = PAGE_H - TOP
        # page number, top centre, pages 2+ (Decree 30)
        for t, f in encode(str(self.page)):
            fn = self.fname(f, False, False)
            w = self.pm.stringWidth(t, fn, 13)
            self.c.setFont(fn, 13)
            self.c.drawString((LEFT + PAGE_W - RIGHT) / 2 - w / 2, PAGE_H - 12 * MM, t)

    def words(self, segs):
        """segs: [(unicode text, bold, italic, caps)] -> words: lists of
        (tcvn3 text, pdf font name, width) pieces; spaces separate words."""
        words, cur = [], []
        for text, b, i, caps in segs:
            for k, part in enumerate(re.split(r"( )", text)):
                if part == " ":
                    if cur:
                        words.append(cur)
                    cur = []
                    continue
                if not part:
                    continue
                for t, f in encode(part, caps):
                    fn = self.fname(f, b, i)
                    cur.append((t, fn, self.pm.stringWidth(t, fn, self.size)))
        if cur:
            words.append(cur)
        return words

    def paragraph(self, segs, x0, width, first=0.0, align="justify", size=SIZE,
                  before=6, lead=None, keep=False):
        self.size = size
        lead = lead or size * 1.2
        words = self.words(segs)
        space = self.pm.stringWidth(" ", self.fonts[(VNTIME, "Regular")], size)
        lines, cur, curw = [], [], 0.0
        avail = width - first
        for w in words:
            ww = sum(p[2] for p in w)
            need = ww if not cur else curw + space + ww
            if cur and need > avail:
                lines.append((cur, curw, avail))
                cur, curw, avail = [w], ww, width
            else:
                cur.append(w)
                curw = need
        if cur:
            lines.append((cur, curw, avail))
        self.y -= before
        if keep and self.y - lead * (len(lines) + 2) < BOTTOM:
            self.new_page()
        for n, (ws, lw, av) in enumerate(lines):
            if self.y - lead < BOTTOM:
                self.new_page()
            self.y -= lead
            last = n == len(lines) - 1
            x = x0 + (width - av)
            gap = space
            if align == "center":
                x = x0 + (width - lw) / 2
            elif align == "justify" and not last and len(ws) > 1:
                gap = space + (av - lw) / (len(ws) - 1)
            for w in ws:
                for t, fn, pw in w:
                    self.c.setFont(fn, size)
                    self.c.drawString(x, self.y + lead * 0.2, t)
                    x += pw
                x += gap

    def save(self):
        self.c.save()


def write_pdf(doc, out, fontdir):
    import seedmodel
    w = Writer(out, fontdir)
    width = PAGE_W - LEFT - RIGHT
    if doc.get("header"):
        col = width * 0.38
        y0 = w.y
        w.paragraph([(doc["header"]["number"], False, False, False)], LEFT, col, align="center", size=13, before=0)
        w.y = y0
        w.paragraph([(doc["header"]["placedate"], False, True, False)], LEFT + col, width - col, align="center", before=0)
    w.paragraph([(doc["title"][0], True, False, True)], LEFT, width, align="center", before=14)
    for t in doc["title"][1:]:
        w.paragraph([(t, True, False, is_caps_line(t))], LEFT, width, align="center", before=0)
    w.y -= 10
    for b in doc["blocks"]:
        segs = []
        bold, italic = b["bold"], b.get("italic", False)
        if b["label"]:
            segs.append((b["label"] + " ", bold or b.get("runin", False), italic, False))
        for r in b["runs"]:
            if "fn" in r:
                continue
            segs.append((r["t"], bold or r.get("b", False), italic or r.get("i", False), False))
        caps = b["level"] == "roman" and is_caps_line(seedmodel.block_text(b))
        if caps:
            segs = [(t, bb, ii, True) for t, bb, ii, _ in segs]
        w.paragraph(segs, LEFT, width, first=INDENT, keep=bold)
    # signature block: two columns
    w.y -= 12
    need = LEAD * max(len(doc["recipients"]) + 1, len(doc["signature"]) + 6)
    if w.y - need < BOTTOM:
        w.new_page()
    y0 = w.y
    col = width * 0.5
    w.paragraph([(doc["recipients_head"], True, False, False)], LEFT, col, align="left", size=12, before=0)
    for r in doc["recipients"]:
        w.paragraph([(r, False, False, False)], LEFT, col, align="left", size=11, before=0)
    w.y = y0
    for s in doc["signature"]:
        w.paragraph([(s, True, False, True)], LEFT + col, width - col, align="center", before=0)
    w.y -= 4 * LEAD
    w.paragraph([(doc["signer"], True, False, False)], LEFT + col, width - col, align="center", before=0)
    w.save()


def check(pdftext, doc):
    """pdftotext output -> Unicode via the table; compare with the model text,
    case-insensitively (the .VnTimeH runs come out in lower case)."""
    import seedmodel
    # drop the running page numbers (lines holding only a number)
    pdftext = "\n".join(l for l in pdftext.split("\n") if not re.fullmatch(r"\s*\d+\s*", l))
    got = decode(pdftext).split()
    want = " ".join(seedmodel.doc_lines(doc)).split()
    a = [x.casefold() for x in got]
    b = [x.casefold() for x in want]
    return a == b, got, want


def main(argv):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import seedmodel
    if argv[1] == "--check":
        text = open(argv[2], encoding="utf-8").read()
        doc = seedmodel.load(argv[4], argv[3])
        ok, got, want = check(text, doc)
        print("tcvn3 round trip:", "OK (case-insensitive), %d words" % len(want) if ok else "DIFFERS")
        if not ok:
            import difflib
            for l in list(difflib.unified_diff(want, got, lineterm="", n=2))[:60]:
                print(l)
            return 1
        return 0
    doc = seedmodel.load(argv[2], argv[1])
    write_pdf(doc, argv[3], argv[4])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
