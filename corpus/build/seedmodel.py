#!/usr/bin/env python3
"""Turn a seed text (corpus/text/NNN_*.txt) into a clean logical document model.

Seeds 000, 001, 003 were extracted from PDF: every printed line is its own
line (blank lines between), a page break shows as a leading space.  Seeds 002
and 004 were extracted from DOCX: one paragraph per block, Markdown marks
(`#`, `**`, `*`), footnotes as `<sup>n</sup>`.

The model keeps every word of the seed and adds none.  Paragraphs are re-joined
where the PDF broke lines; the joins were checked by hand, and the places where
the line-length heuristic is wrong are listed per seed in OVERRIDES below.

Model (plain dicts, JSON-serialisable):
  doc = {
    "id": "002", "name": "002_98f9d541cb8f5040", "origin": "pdf"|"docx",
    "header": {"number": "Số: …", "placedate": "Lai Châu, ngày …"} | None,
    "title": ["KẾ HOẠCH", "line", …],  "title_mode": "lines"|"br",
    "blocks": [block, …],
    "recipients_head": "Nơi nhận:", "recipients": ["- …;", …],
    "signature": ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "signer": "Name",
    "footnotes": {"1": "text", …},
  }
  block = {"type": "heading"|"para"|"bullet",
           "label": "I."|"1."|"1.2.1."|"(1)"|"a)"|None,
           "level": "roman"|"arabic"|"dotted"|"paren"|"letter"|None,
           "bold": bool,           # whole paragraph bold
           "runs": [{"t": text, "b": bool, "i": bool, "fn": "1", "link": url}, …]}
  The runs hold the text AFTER the label (label + " " + runs = the seed line).

Usage: python3 seedmodel.py SEED_DIR [NNN] -> prints the model as text for review;
       python3 seedmodel.py SEED_DIR NNN --json -> JSON.
"""
import json
import os
import re
import sys

LABEL_RE = re.compile(
    r"^(?P<label>(?P<roman>[IVX]+\.)|(?P<dotted>\d+\.\d+(?:\.\d+)*\.?)|(?P<arabic>\d+\.)"
    r"|(?P<paren>\(\d+\))|(?P<letter>[a-zđ]\)))\s+(?P<rest>\S.*)$")
BULLET_RE = re.compile(r"^[-+•]\s")

# Per-seed layout facts and the hand-checked joins/breaks.
#   title_lines: printed title lines after "KẾ HOẠCH"
#   join: line prefixes that continue the paragraph before them although the
#         previous line is short (heuristic would break)
#   brk:  line prefixes that start a new paragraph although the previous line
#         is long (heuristic would join)
#   plain: labelled paragraphs that are NOT bold headings (long body paragraphs)
#   bold_runin: labelled paragraphs whose label+lead-in up to ':' is bold
#   links: (text, url) — URL lines of the PDF extraction kept as hyperlink targets
CONFIG = {
    "000": {
        "title_lines": 2,
        "join": [],
        "brk": [],
        "plain": [],
    },
    "001": {
        "title_lines": 2,
        # page-break line after a line that is only a little short
        "join": ["phòng chống tham nhũng năm 2024; công khai",
                 "trường trong quá trình sản xuất, kinh doanh"],
        # new paragraph (indented first line) after a full last line
        "brk": ["Kiên quyết xử lý nghiêm đối với doanh nghiệp"],
        "plain": [],
    },
    "002": {
        "join": ["Văn phòng góp phần nâng cao chỉ số PAPI của tỉnh.",
                 "tâm Phục vụ hành chính công của tỉnh; niêm yết"],
    },
    "003": {
        "title_lines": 3,
        # lines that continue a paragraph after a short line ending "Kế hoạch số",
        # "Nghị quyết số", or a heading-like last line of a title
        "join": ["168/KH-UBND ngày 14/10/2020",
                 "15/2021/NQ-HĐND ngày 17/7/2021",
                 "kinh tế - xã hội của tỉnh năm 2022 chưa đạt"],
        # paragraphs that open after a full-width line
        "brk": ["Kết quả về Tác động của CCHC",
                "(Chi tiết mục tiêu phấn đấu",
                "Phối hợp với Sở Nội vụ hướng dẫn, đôn đốc các đại biểu"],
        "plain_sections": ["I", "II"],
        "links": [
            ("Thông tư số 04/2012/TT-BNV",
             "https://thuvienphapluat.vn/van-ban/bo-may-hanh-chinh/thong-tu-04-2012-tt-bnv-huong-dan-to-chuc-hoat-dong-cua-thon-to-dan-pho-147688.aspx"),
            ("Thông tư số 14/2018/TT-BNV",
             "https://thuvienphapluat.vn/van-ban/bo-may-hanh-chinh/thong-tu-14-2018-tt-bnv-sua-doi-thong-tu-04-2012-tt-bnv-to-chuc-va-hoat-dong-to-dan-pho-402160.aspx"),
        ],
    },
    "004": {
        "join": ["kiến nghị xử lý nghiêm đối với CBCCVC",
                 "quý), 6 tháng (trước ngày 15/6)",
                 "Facebook chính thức của xã"],
    },
}

SEED_NAMES = {
    "000": "000_4d1a6d42d4681bfa", "001": "001_f134ad17a07a6b97",
    "002": "002_98f9d541cb8f5040", "003": "003_8b5dcf3e7bb9c9d7",
    "004": "004_44be8e9f5d651710",
}


def classify(text):
    """Split a paragraph's text into (label, level, rest)."""
    m = LABEL_RE.match(text)
    if not m:
        return None, None, text
    for lv in ("roman", "dotted", "arabic", "paren", "letter"):
        if m.group(lv):
            return m.group("label"), lv, m.group("rest")
    return None, None, text


def squash(s):
    return re.sub(r"[ \t\u00a0]+", " ", s).strip()


def join_lines(a, b):
    """Join two printed lines of one paragraph.  A line ending in a hyphen glued
    to its word (`QĐ-` / `UBND`, `CT-` / `XH`) is joined without a space."""
    if re.search(r"\S-$", a):
        return a + b
    return a + " " + b


def make_block(text, bold=None, runs=None):
    label, level, rest = classify(text)
    if label is None and BULLET_RE.match(text):
        btype = "bullet"
    elif label is not None:
        btype = "heading"
    else:
        btype = "para"
    return {"type": btype, "label": label, "level": level,
            "bold": bool(bold), "runs": runs if runs is not None else [{"t": rest}]}


# --------------------------------------------------------------------------
# Seeds extracted from PDF
# --------------------------------------------------------------------------

def load_pdf_seed(sid, path):
    cfg = CONFIG[sid]
    raw = open(path, encoding="utf-8").read().split("\n")
    lines = []
    for ln in raw:
        if not ln.strip():
            continue
        s = squash(ln)
        if s.startswith("https://") or s.startswith("http://"):
            continue  # URL lines: kept as hyperlink targets (cfg["links"])
        lines.append(s)
    # full line width of this seed: 90th percentile of line lengths
    lens = sorted(len(l) for l in lines)
    full = lens[int(len(lens) * 0.9)]

    assert lines[0] == "KẾ HOẠCH", lines[0]
    nt = cfg["title_lines"]
    title = [lines[0]] + lines[1:1 + nt]
    i = 1 + nt
    # body until "Nơi nhận:"
    end = next(k for k in range(i, len(lines)) if lines[k].startswith("Nơi nhận"))
    body = lines[i:end]
    closing = lines[end:]

    # A paragraph ends after a line that is short of the full width.  The first
    # line of a paragraph is indented (first-line indent, or the "- " of a
    # bullet), so it counts as short only well below the full width, or when it
    # ends a sentence and the next line opens with a capital.
    paras = []
    prev = None
    prev_first = False
    for ln in body:
        starts_new = bool(LABEL_RE.match(ln) or BULLET_RE.match(ln))
        if any(ln.startswith(p) for p in cfg.get("brk", [])):
            starts_new = True
        if prev is not None and not starts_new:
            if prev_first:
                short = len(prev) < full * 0.70 or (
                    re.search(r"[.:;)]$", prev) and ln[:1].isupper() and len(prev) < full * 0.92)
            else:
                short = len(prev) < full * 0.86
            forced_join = any(ln.startswith(p) for p in cfg.get("join", []))
            if short and not forced_join:
                starts_new = True
        if starts_new or not paras:
            paras.append(ln)
            prev_first = True
        else:
            paras[-1] = join_lines(paras[-1], ln)
            prev_first = False
        prev = ln

    blocks = [make_block(p) for p in paras]
    decide_bold_pdf(sid, blocks)
    for text, url in cfg.get("links", []):
        add_link(blocks, text, url)

    # closing: "Nơi nhận:" + "- …" items (continuation lines joined),
    # then upper-case signature lines, then the signer's name (last line).
    head = closing[0]
    recips, sig = [], []
    rest = closing[1:]
    signer = rest[-1]
    for ln in rest[:-1]:
        if ln.startswith("- "):
            recips.append(ln)
        elif ln == ln.upper() and not sig and re.match(r"^(KT\.|TM\.|Q\.|CHỦ|PHÓ)", ln):
            sig.append(ln)
        elif sig:
            sig.append(ln)
        else:
            recips[-1] = join_lines(recips[-1], ln)
    return {"id": sid, "name": SEED_NAMES[sid], "origin": "pdf", "header": None,
            "title": title, "title_mode": "lines", "blocks": blocks,
            "recipients_head": head, "recipients": recips, "signature": sig,
            "signer": signer, "footnotes": {}}


def decide_bold_pdf(sid, blocks):
    """Bold: Roman headings always; Arabic/dotted/(n) headings when they are a
    heading line (no sentence inside).  003 parts I and II hold numbered body
    paragraphs, and its lettered items are body text."""
    cfg = CONFIG[sid]
    roman = None
    for b in blocks:
        if b["level"] == "roman":
            roman = b["label"].rstrip(".")
            b["bold"] = True
            continue
        if b["type"] != "heading":
            continue
        text = "".join(r["t"] for r in b["runs"])
        if b["level"] == "letter":
            b["bold"] = False
            continue
        if roman in cfg.get("plain_sections", []):
            b["bold"] = False
            continue
        m = re.match(r"^([^.:;]{1,60}):\s+(\S.*)$", text)
        if b["level"] == "arabic" and m and len(text) > 120:
            # run-in heading: "4. Thời gian hoàn thành: Trước ngày …"
            b["runs"] = [{"t": m.group(1) + ":", "b": True}, {"t": " " + m.group(2)}]
            b["bold"] = False
            b["runin"] = True
            continue
        sentence = re.search(r"\.\s+\S", text)
        b["bold"] = not sentence and len(text) < 260
        if b["level"] == "paren":
            b["italic"] = b["bold"]


def add_link(blocks, text, url):
    for b in blocks:
        for k, r in enumerate(b["runs"]):
            if "fn" in r or "link" in r:
                continue
            pos = r["t"].find(text)
            if pos < 0:
                continue
            before, after = r["t"][:pos], r["t"][pos + len(text):]
            fmt = {kk: vv for kk, vv in r.items() if kk != "t"}
            new = []
            if before:
                new.append(dict(fmt, t=before))
            new.append(dict(fmt, t=text, link=url))
            if after:
                new.append(dict(fmt, t=after))
            b["runs"][k:k + 1] = new
            return
    raise ValueError("link text not found: " + text)


# --------------------------------------------------------------------------
# Seeds extracted from DOCX (Markdown)
# --------------------------------------------------------------------------

FN_DEF_RE = re.compile(r"^<sup>(\d+)</sup>\s*(.*)$")


def md_runs(text):
    """Markdown inline marks -> runs.  Handles **bold**, *italic*, <sup>n</sup>."""
    runs = []
    pos = 0
    pat = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*|<sup>(\d+)</sup>")
    for m in pat.finditer(text):
        if m.start() > pos:
            runs.append({"t": text[pos:m.start()]})
        if m.group(1) is not None:
            runs.append({"t": m.group(1), "b": True})
        elif m.group(2) is not None:
            runs.append({"t": m.group(2), "i": True})
        else:
            runs.append({"t": "", "fn": m.group(3)})
        pos = m.end()
    if pos < len(text):
        runs.append({"t": text[pos:]})
    return [r for r in runs if r["t"] or "fn" in r]


def strip_label_from_runs(runs):
    """Take the label off the first run; returns (label, level, runs, bold_label)."""
    first = runs[0]["t"]
    label, level, rest = classify(first)
    if label is None:
        return None, None, runs
    runs = [dict(runs[0], t=rest)] + runs[1:]
    return label, level, runs


def load_md_seed(sid, path):
    cfg = CONFIG[sid]
    text = open(path, encoding="utf-8").read()
    chunks = [c.strip("\n") for c in re.split(r"\n\s*\n", text)]
    chunks = [c for c in chunks if c.strip()]
    header = None
    footnotes = {}
    items = []  # (kind, text)
    for c in chunks:
        for ln in (c.split("\n") if re.match(r"^(- |\*\*KT|<sup>)", c) or "\n- " in c else [c]):
            items.append(ln)
    # merge chunks the page break split (the DOCX-to-text tool broke paragraphs)
    merged = []
    for ln in items:
        m = FN_DEF_RE.match(ln)
        if m:
            footnotes[m.group(1)] = m.group(2).strip()
            continue
        if merged and any(ln.startswith(p) for p in cfg.get("join", [])):
            merged[-1] = merged[-1].rstrip() + " " + ln.strip()
        else:
            merged.append(ln)

    # header block (002): "Số: …" and the place/date line
    if merged[0].startswith("Số:"):
        header = {"number": merged[0].strip(), "placedate": merged[1].strip()}
        merged = merged[2:]

    def plain(s):
        s = re.sub(r"^#+\s*", "", s.strip())
        return s

    # title
    first = plain(merged[0])
    title_mode = "lines"
    if "\n" in first:
        tl = first.split("\n")
        title = [re.sub(r"\*\*", "", x).strip() for x in tl]
        merged = merged[1:]
    else:
        title = [re.sub(r"\*\*", "", first).strip()]
        merged = merged[1:]
        nxt = plain(merged[0])
        if "\n" in nxt:
            title += [x.strip() for x in nxt.split("\n")]
            title_mode = "br"
        else:
            title.append(re.sub(r"\*\*", "", nxt).strip())
        merged = merged[1:]
    if len(title) > 2:
        title_mode = "br"

    # body until "Nơi nhận:"
    end = next(k for k, s in enumerate(merged) if re.sub(r"\*", "", s).startswith("Nơi nhận"))
    body, closing = merged[:end], merged[end:]
    blocks = []
    for s in body:
        s = plain(s)
        runs = md_runs(s)
        whole_bold = all(r.get("b") for r in runs if r["t"].strip())
        whole_italic = all(r.get("i") for r in runs if r["t"].strip())
        label, level, runs = strip_label_from_runs(runs)
        if label is None and BULLET_RE.match(runs[0]["t"]):
            btype = "bullet"
        elif label is not None:
            btype = "heading"
        else:
            btype = "para"
        b = {"type": btype, "label": label, "level": level, "bold": whole_bold,
             "runs": [{k: v for k, v in r.items() if not (k == "b" and whole_bold)
                       and not (k == "i" and whole_italic)} for r in runs]}
        if whole_italic:
            b["italic"] = True
        if label and not whole_bold and runs and runs[0].get("b"):
            b["runin"] = True
        # the runs of "**4. Chế độ báo cáo:** Các …": label was inside the bold run
        blocks.append(b)
    # roman / arabic headings of DOCX seeds are bold in the source already;
    # 002 has no Markdown bold at all: apply the same convention as the PDFs.
    if sid == "002":
        for b in blocks:
            if b["type"] == "heading" and b["level"] in ("roman", "arabic", "dotted"):
                b["bold"] = True

    head = re.sub(r"\*", "", closing[0]).strip()
    recips, sig = [], []
    rest = [re.sub(r"\*\*", "", x).strip() for x in closing[1:]]
    signer = rest[-1]
    for ln in rest[:-1]:
        if ln.startswith("- "):
            recips.append(ln)
        else:
            sig.append(ln)
    return {"id": sid, "name": SEED_NAMES[sid], "origin": "docx", "header": header,
            "title": title, "title_mode": title_mode, "blocks": blocks,
            "recipients_head": head, "recipients": recips, "signature": sig,
            "signer": signer, "footnotes": footnotes}


def load(sid, seed_dir):
    path = os.path.join(seed_dir, SEED_NAMES[sid] + ".txt")
    if sid in ("002", "004"):
        return load_md_seed(sid, path)
    return load_pdf_seed(sid, path)


# --------------------------------------------------------------------------
# Plain text of the model, and words for checks
# --------------------------------------------------------------------------

def block_text(b, footnote_marks=False):
    parts = []
    for r in b["runs"]:
        if "fn" in r:
            if footnote_marks:
                parts.append(r["fn"])
            continue
        parts.append(r["t"])
    body = "".join(parts)
    return (b["label"] + " " + body) if b["label"] else body


def doc_lines(doc):
    """The document's text in reading order, one paragraph per line."""
    out = []
    if doc["header"]:
        out += [doc["header"]["number"], doc["header"]["placedate"]]
    out += doc["title"]
    out += [block_text(b) for b in doc["blocks"]]
    out += [doc["recipients_head"]] + doc["recipients"]
    out += doc["signature"] + [doc["signer"]]
    return out


def seed_words(path):
    """Words of a seed as printed: Markdown marks, <sup>n</sup> and URL lines
    removed; a hyphen at a PDF line end glued to the next word."""
    t = open(path, encoding="utf-8").read()
    t = re.sub(r"^#+\s*", "", t, flags=re.M)
    t = "\n".join(l for l in t.split("\n") if not FN_DEF_RE.match(l.strip()))
    t = re.sub(r"<sup>(\d+)</sup>", "", t)
    t = re.sub(r"^#+\s*", "", t, flags=re.M)
    t = t.replace("**", "").replace("*(", "(").replace(")*", ")")
    t = "\n".join(l for l in t.split("\n") if not l.strip().startswith("http")
                  and not FN_DEF_RE.match(l.strip()))
    t = re.sub(r"(\S-)[ \t]*\n[\s]*(?=\S)", r"\1", t)
    return t.split()


def model_words(doc):
    return " ".join(doc_lines(doc)).split()


def main(argv):
    seed_dir = argv[1]
    ids = [argv[2]] if len(argv) > 2 else sorted(SEED_NAMES)
    for sid in ids:
        doc = load(sid, seed_dir)
        if "--json" in argv:
            print(json.dumps(doc, ensure_ascii=False, indent=1))
            continue
        print("=" * 20, sid, doc["origin"])
        if doc["header"]:
            print("HEADER", doc["header"])
        print("TITLE", doc["title"], doc["title_mode"])
        for b in doc["blocks"]:
            flag = ("B" if b["bold"] else "-") + ("I" if b.get("italic") else "-") + ("R" if b.get("runin") else "-")
            print(f"[{b['type'][:4]} {b['level'] or '':6} {flag}] {block_text(b, True)}")
        print("RECIPIENTS", doc["recipients_head"], doc["recipients"])
        print("SIGNATURE", doc["signature"], doc["signer"])
        print("FOOTNOTES", doc["footnotes"])
        sw = seed_words(os.path.join(seed_dir, doc["name"] + ".txt"))
        mw = model_words(doc)
        print("WORDS seed", len(sw), "model", len(mw), "equal" if sw == mw else "DIFFER")


if __name__ == "__main__":
    main(sys.argv)
